//! What counts as noise in a body: elements dropped with everything inside them.
//!
//! This is the one place that decides it. [`NoiseRules::standard`] lists what the archives'
//! scrapers leave behind; users add their own with [`NoiseRules::push`].

use super::html::elements::NO_ARTICLE_TEXT;

/// One way to recognise a noise element.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoiseRule {
    /// Any element with this tag name (any case), e.g. `script`.
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
#[derive(Debug, Clone)]
pub struct NoiseRules {
    rules: Vec<NoiseRule>,
    /// The rules sorted by what they look at, for [`NoiseRules::is_noise`], which runs for
    /// every element of every body.
    by_kind: ByKind,
}

/// The values of the rules, by kind.
#[derive(Debug, Clone, Default)]
struct ByKind {
    elements: Vec<String>,
    ids: Vec<String>,
    id_prefixes: Vec<String>,
    classes: Vec<String>,
    class_prefixes: Vec<String>,
}

impl NoiseRules {
    /// No rules at all: keeps everything (scripts and styles are still never text).
    pub fn empty() -> Self {
        NoiseRules {
            rules: Vec::new(),
            by_kind: ByKind::default(),
        }
    }

    /// The rules for the archives this crate targets:
    /// - `script`, `style`, `template`, `button`, `form`, `input`, `select`, `textarea`,
    ///   `object`, `svg`, `canvas`, `link`, `meta`, `head`, `title`: markup with no article
    ///   text. A `noscript` is no noise: the parser keeps what its fallback alone holds
    ///   (see `docs/format.md`); add `NoiseRule::Element("noscript")` to drop it whole.
    /// - ad slots: `id="imu…"` sections and any `id` starting with `dfp-ad-`, any class
    ///   starting with `dfp-ad`, `adsbygoogle`;
    /// - paywall placeholders: class `cx_paywall_placeholder`.
    pub fn standard() -> Self {
        let mut rules = NoiseRules::empty();
        for tag in NO_ARTICLE_TEXT {
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
        let by_kind = &mut self.by_kind;
        match &rule {
            NoiseRule::Element(name) => by_kind.elements.push(name.to_ascii_lowercase()),
            NoiseRule::Id(id) => by_kind.ids.push(id.clone()),
            NoiseRule::IdPrefix(prefix) => by_kind.id_prefixes.push(prefix.clone()),
            NoiseRule::Class(class) => by_kind.classes.push(class.clone()),
            NoiseRule::ClassPrefix(prefix) => by_kind.class_prefixes.push(prefix.clone()),
        }
        self.rules.push(rule);
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[NoiseRule] {
        &self.rules
    }

    /// Whether an element with this tag name, `id` and `class` attribute is noise: whether
    /// one of the rules [`matches`](NoiseRule::matches) it.
    pub fn is_noise(&self, tag: &str, id: Option<&str>, class: Option<&str>) -> bool {
        let by_kind = &self.by_kind;
        if by_kind
            .elements
            .iter()
            .any(|name| name.len() == tag.len() && name.eq_ignore_ascii_case(tag))
        {
            return true;
        }
        if let Some(id) = id {
            if by_kind.ids.iter().any(|want| want == id)
                || by_kind
                    .id_prefixes
                    .iter()
                    .any(|p| id.starts_with(p.as_str()))
            {
                return true;
            }
        }
        let Some(class) = class else {
            return false;
        };
        if by_kind.classes.is_empty() && by_kind.class_prefixes.is_empty() {
            return false;
        }
        class.split_ascii_whitespace().any(|c| {
            by_kind.classes.iter().any(|want| want == c)
                || by_kind
                    .class_prefixes
                    .iter()
                    .any(|p| c.starts_with(p.as_str()))
        })
    }
}

/// Rule sets are equal when they hold the same rules in the same order.
impl PartialEq for NoiseRules {
    fn eq(&self, other: &Self) -> bool {
        self.rules == other.rules
    }
}

impl Eq for NoiseRules {}

impl Default for NoiseRules {
    fn default() -> Self {
        Self::standard()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The set agrees with its rules one by one.
    #[test]
    fn a_set_matches_what_one_of_its_rules_matches() {
        let mut rules = NoiseRules::standard();
        rules.push(NoiseRule::Element("ASIDE".into()));
        rules.push(NoiseRule::ClassPrefix("promo-".into()));
        let tags = ["div", "script", "SCRIPT", "aside", "p", "svg", "sv"];
        let ids = [
            None,
            Some("imu"),
            Some("imu2"),
            Some("dfp-ad-imu1"),
            Some("x"),
        ];
        let classes = [
            None,
            Some(""),
            Some("a adsbygoogle b"),
            Some("dfp-adx"),
            Some("promo-box  wide"),
            Some("promo"),
            Some("cx_paywall_placeholder"),
        ];
        for tag in tags {
            for id in ids {
                for class in classes {
                    let one_by_one = rules.rules().iter().any(|r| r.matches(tag, id, class));
                    assert_eq!(
                        rules.is_noise(tag, id, class),
                        one_by_one,
                        "{tag} {id:?} {class:?}"
                    );
                }
            }
        }
    }
}
