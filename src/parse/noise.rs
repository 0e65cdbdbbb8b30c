//! What counts as noise in a body: elements dropped with everything inside them.
//!
//! This is the one place that decides it. [`NoiseRules::standard`] lists what the archives'
//! scrapers leave behind; users add their own with [`NoiseRules::push`].

/// One way to recognise a noise element.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoiseRule {
    /// Any element with this tag name (lower case), e.g. `script`.
    Element(String),
    /// An element whose `id` is exactly this, e.g. `imu`.
    Id(String),
    /// An element whose `id` starts with this, e.g. `dfp-ad-`.
    IdPrefix(String),
    /// An element with this class, e.g. `cx_paywall_placeholder`.
    Class(String),
    /// An element with a class starting with this.
    ClassPrefix(String),
}

impl NoiseRule {
    /// Whether an element with this tag name, `id` and `class` attribute matches.
    #[inline]
    pub fn matches(&self, tag: &str, id: Option<&str>, class: Option<&str>) -> bool {
        // The class list is split only by the rules that look at it.
        let classes = || class.unwrap_or_default().split_ascii_whitespace();
        match self {
            NoiseRule::Element(name) => tag.eq_ignore_ascii_case(name),
            NoiseRule::Id(want) => id == Some(want.as_str()),
            NoiseRule::IdPrefix(prefix) => id.is_some_and(|id| id.starts_with(prefix.as_str())),
            NoiseRule::Class(want) => class.is_some() && classes().any(|c| c == want),
            NoiseRule::ClassPrefix(prefix) => {
                class.is_some() && classes().any(|c| c.starts_with(prefix.as_str()))
            }
        }
    }
}

/// The set of [`NoiseRule`]s a parse applies.
///
/// ```
/// use newspost::{NoiseRule, NoiseRules};
/// let mut rules = NoiseRules::standard();
/// assert!(rules.is_noise("div", Some("dfp-ad-imu1"), None));
/// assert!(!rules.is_noise("div", None, Some("related")));
/// rules.push(NoiseRule::Class("related".into()));
/// assert!(rules.is_noise("div", None, Some("box related")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoiseRules {
    rules: Vec<NoiseRule>,
}

impl NoiseRules {
    /// No rules at all: keeps everything (scripts and styles are still never text).
    pub fn empty() -> Self {
        NoiseRules { rules: Vec::new() }
    }

    /// The rules for the archives this crate targets:
    /// - `script`, `style`, `noscript` (its fallback duplicates an image already read),
    ///   `template`, `button`, `form`, `input`, `select`, `textarea`, `object`, `svg`,
    ///   `canvas`, `link`, `meta`, `head`, `title`: markup with no article text;
    /// - ad slots: `id="imu…"` sections and any `id` starting with `dfp-ad-`, any class
    ///   starting with `dfp-ad`, `adsbygoogle`;
    /// - paywall placeholders: class `cx_paywall_placeholder`.
    pub fn standard() -> Self {
        let mut rules = NoiseRules::empty();
        for tag in [
            "script", "style", "noscript", "template", "button", "form", "input", "select",
            "textarea", "object", "svg", "canvas", "link", "meta", "head", "title",
        ] {
            rules.push(NoiseRule::Element(tag.into()));
        }
        rules.push(NoiseRule::Id("imu".into()));
        rules.push(NoiseRule::IdPrefix("dfp-ad-".into()));
        rules.push(NoiseRule::ClassPrefix("dfp-ad".into()));
        rules.push(NoiseRule::Class("adsbygoogle".into()));
        rules.push(NoiseRule::Class("cx_paywall_placeholder".into()));
        rules
    }

    /// Adds a rule.
    pub fn push(&mut self, rule: NoiseRule) {
        self.rules.push(rule);
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[NoiseRule] {
        &self.rules
    }

    /// Whether an element with this tag name, `id` and `class` attribute is noise.
    pub fn is_noise(&self, tag: &str, id: Option<&str>, class: Option<&str>) -> bool {
        self.rules.iter().any(|rule| rule.matches(tag, id, class))
    }
}

impl Default for NoiseRules {
    fn default() -> Self {
        Self::standard()
    }
}
