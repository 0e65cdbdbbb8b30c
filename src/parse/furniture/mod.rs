//! Article content against page furniture: which blocks of a body are the article and
//! which are the page around it (navigation, share buttons, related links, comments,
//! credit lines…).
//!
//! Furniture is **marked, never dropped**: the parser wraps it in a
//! [`Block::Furniture`](crate::Block::Furniture) of a [`FurnitureKind`], so JSON keeps
//! every paragraph and the text and EPUB converters can leave it out. Noise (ads, scripts,
//! paywall placeholders, see [`NoiseRules`](super::NoiseRules)) is another matter: it is
//! dropped before anything else looks at it.
//!
//! Two passes decide, in this order:
//!
//! 1. **Elements** ([`hints`]), while the DOM is walked: the marker
//!    `data-newspost-furniture="KIND"` that [`write`](crate::convert::archive::write) puts on furniture;
//!    the user's element rules ([`Select::Tag`], [`Select::Class`], [`Select::Id`],
//!    [`Select::Attribute`]); then, for block-level elements, the built-in hints: the
//!    tags `nav`, `aside` and `footer`, the `role` attribute, and the words of `class`, `id` and
//!    `aria-label` (`comment`, `related`, `share`, `social`, `subscribe`, `newsletter`,
//!    `copyright`, `sidebar`, `byline`, `breadcrumb`…). A word naming a weak kind
//!    (navigation, byline, sidebar, tags, advertising) is outweighed by a content word on
//!    the same element (`content`, `article`, `entry`, `post`, `story`, `body`, `main`), as
//!    in Readability's `unlikelyCandidates` / `okMaybeItsACandidate`.
//! 2. **Blocks** ([`texts`]), over the blocks the walk made: the user's text rules
//!    ([`Select::Text`], [`Select::TextPrefix`]); then known texts in Chinese and English
//!    (`广告`, `获取更多RSS：`, `© 2020 AFP`, `訂閱《…》電子報`, …); a heading that repeats the
//!    post's title or names an image file; and labels (`延伸閱讀`, `Related`, `分享`,
//!    `Comments`) that mark the run of link-only blocks after them (jusText-style
//!    classification with context from the neighbours); and link density: a paragraph or
//!    list of nothing but three links or more is navigation (short link texts) or related
//!    articles.
//!
//! Consecutive furniture blocks of one kind are one [`Block::Furniture`](crate::Block::Furniture).
//! Inside furniture nothing is classified again, so the written form parses back to the
//! same post.

pub(crate) mod hints;
pub(crate) mod texts;

#[cfg(feature = "lint")]
use std::path::Path;

#[cfg(feature = "lint")]
use serde::Deserialize;

use crate::model::{FurnitureKind, UnknownFurnitureKind};

/// The attribute [`write`](crate::convert::archive::write) puts on the element it writes for furniture,
/// holding the kind's name; the parser reads it back before any other rule.
pub const FURNITURE_ATTRIBUTE: &str = "data-newspost-furniture";

/// What a [`FurnitureRule`] looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Select {
    /// Elements with this tag name (any case), e.g. `aside`.
    Tag(String),
    /// Elements with this class, e.g. `share-bar`.
    Class(String),
    /// The element with this `id`, e.g. `comments`.
    Id(String),
    /// Elements with this attribute; with a value, only where the attribute has exactly
    /// that value (`data-module="Share"`).
    Attribute {
        /// The attribute's name (lower case, as HTML reads it).
        name: String,
        /// The value it must have; any value when `None`.
        value: Option<String>,
    },
    /// A paragraph or heading whose text (white space trimmed) is exactly this.
    Text(String),
    /// A paragraph or heading whose text (white space trimmed) starts with this.
    TextPrefix(String),
}

impl Select {
    /// Whether the rule looks at elements (rather than at the text of blocks).
    pub fn is_element_rule(&self) -> bool {
        !matches!(self, Select::Text(_) | Select::TextPrefix(_))
    }
}

/// One user rule: what it selects, the kind it marks, and optionally the one source host
/// it applies to.
///
/// ```
/// use newspost::{FurnitureKind, FurnitureRule, Select};
/// let rule = FurnitureRule::new(FurnitureKind::Share, Select::Class("share-bar".into()))
///     .for_host("www.example.com");
/// assert!(rule.applies_to(Some("www.example.com")));
/// assert!(rule.applies_to(Some("news.www.example.com")));
/// assert!(!rule.applies_to(Some("example.org")));
/// assert!(!rule.applies_to(None));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FurnitureRule {
    /// The kind the selected blocks are marked with.
    pub kind: FurnitureKind,
    /// What the rule selects.
    pub select: Select,
    /// Only for posts whose source URL (`from`, else the header's URL) has this host or a
    /// subdomain of it; every post when `None`.
    pub host: Option<String>,
}

impl FurnitureRule {
    /// A rule for every post.
    pub fn new(kind: FurnitureKind, select: Select) -> Self {
        FurnitureRule {
            kind,
            select,
            host: None,
        }
    }

    /// This rule, only for posts from this host (and its subdomains).
    pub fn for_host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into().to_ascii_lowercase());
        self
    }

    /// Whether the rule applies to a post whose source has this host.
    pub fn applies_to(&self, post_host: Option<&str>) -> bool {
        let Some(want) = &self.host else {
            return true;
        };
        let Some(host) = post_host else {
            return false;
        };
        host.eq_ignore_ascii_case(want)
            || (host.len() > want.len()
                && host.as_bytes()[host.len() - want.len() - 1] == b'.'
                && host[host.len() - want.len()..].eq_ignore_ascii_case(want))
    }

    /// Whether the rule selects an element with this tag name and these attributes.
    fn selects_element<'a>(&self, tag: &str, attr: &impl Fn(&str) -> Option<&'a str>) -> bool {
        match &self.select {
            Select::Tag(want) => tag.eq_ignore_ascii_case(want),
            Select::Class(want) => {
                attr("class").is_some_and(|c| c.split_ascii_whitespace().any(|c| c == want))
            }
            Select::Id(want) => attr("id") == Some(want.as_str()),
            Select::Attribute { name, value } => match (attr(name), value) {
                (Some(_), None) => true,
                (Some(have), Some(want)) => have == want,
                (None, _) => false,
            },
            Select::Text(_) | Select::TextPrefix(_) => false,
        }
    }

    /// Whether the rule selects a block with this (trimmed) text.
    fn selects_text(&self, text: &str) -> bool {
        match &self.select {
            Select::Text(want) => text == want.trim(),
            Select::TextPrefix(prefix) => text.starts_with(prefix.trim_start()),
            _ => false,
        }
    }
}

/// How a parse tells article content from page furniture: the built-in heuristics (on
/// unless [`FurnitureRules::none`]) and the user's rules, which come first.
///
/// ```
/// use newspost::{Block, FurnitureKind, FurnitureRule, FurnitureRules, ParseOptions, Select};
/// let mut options = ParseOptions::default();
/// options.furniture.push(FurnitureRule::new(FurnitureKind::Credit, Select::TextPrefix("Photo:".into())));
/// let post = newspost::parse_with(
///     "<div><p>Article.</p><p>Photo: AP</p><div class=\"share-bar\"><a href=\"https://x.example/\">Share</a></div></div>",
///     &options,
/// )?;
/// let kinds: Vec<_> = post.body.iter().map(Block::furniture_kind).collect();
/// assert_eq!(kinds, [None, Some(FurnitureKind::Credit), Some(FurnitureKind::Share)]);
/// # Ok::<(), newspost::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FurnitureRules {
    rules: Vec<FurnitureRule>,
    heuristics: bool,
    /// Whether some rule names a host (the parse then works out the post's host).
    any_host: bool,
}

impl FurnitureRules {
    /// The built-in heuristics and no user rule.
    pub fn standard() -> Self {
        FurnitureRules {
            rules: Vec::new(),
            heuristics: true,
            any_host: false,
        }
    }

    /// Nothing is furniture except what [`write`](crate::convert::archive::write) marked as such (and what
    /// rules pushed later select).
    pub fn none() -> Self {
        FurnitureRules {
            heuristics: false,
            ..FurnitureRules::standard()
        }
    }

    /// Adds a rule; rules are tried in order, before the heuristics.
    pub fn push(&mut self, rule: FurnitureRule) {
        self.any_host |= rule.host.is_some();
        self.rules.push(rule);
    }

    /// The user's rules, in order.
    pub fn rules(&self) -> &[FurnitureRule] {
        &self.rules
    }

    /// Whether the built-in heuristics run.
    pub fn heuristics(&self) -> bool {
        self.heuristics
    }

    /// Turns the built-in heuristics on or off (the user's rules stay).
    pub fn set_heuristics(&mut self, on: bool) {
        self.heuristics = on;
    }

    /// Whether a parse needs the post's source host.
    pub(crate) fn needs_host(&self) -> bool {
        self.any_host
    }

    /// Whether some rule looks at the text of blocks.
    pub(crate) fn has_text_rules(&self) -> bool {
        self.any_text_rule()
    }

    /// Whether some rule looks at the text of blocks.
    fn any_text_rule(&self) -> bool {
        self.rules.iter().any(|r| !r.select.is_element_rule())
    }

    /// Whether the block pass has anything to do.
    pub(crate) fn marks_blocks(&self) -> bool {
        self.heuristics || self.any_text_rule()
    }

    /// The kind an element is marked with, if any: the written marker, then the user's
    /// element rules, then (for block-level elements) the built-in hints.
    pub(crate) fn element_kind<'a>(
        &self,
        tag: &str,
        block_level: bool,
        attr: impl Fn(&str) -> Option<&'a str>,
        host: Option<&str>,
    ) -> Option<FurnitureKind> {
        if let Some(marked) = attr(FURNITURE_ATTRIBUTE) {
            if let Ok(kind) = marked.parse() {
                return Some(kind);
            }
        }
        for rule in &self.rules {
            if rule.applies_to(host) && rule.selects_element(tag, &attr) {
                return Some(rule.kind);
            }
        }
        if self.heuristics && block_level {
            return hints::element_kind(tag, &attr);
        }
        None
    }

    /// The kind the user's text rules give a block with this (trimmed) text.
    pub(crate) fn text_kind(&self, text: &str, host: Option<&str>) -> Option<FurnitureKind> {
        self.rules
            .iter()
            .find(|rule| rule.applies_to(host) && rule.selects_text(text))
            .map(|rule| rule.kind)
    }

    /// The standard rules plus those of the `[furniture]` table of a `newspost.toml`
    /// (with the `lint` feature, which reads `newspost.toml`)
    /// (other tables are the linter's and are not looked at here):
    ///
    /// ```
    /// let rules = newspost::FurnitureRules::from_toml(r#"
    /// [furniture]
    /// builtin = true                     # the default; false turns the heuristics off
    ///
    /// [[furniture.rule]]
    /// kind = "share"
    /// class = "share-bar"
    ///
    /// [[furniture.rule]]
    /// kind = "credit"
    /// prefix = "Photo:"
    /// host = "www.example.com"           # only posts from this host (or its subdomains)
    ///
    /// [[furniture.rule]]
    /// kind = "related"
    /// attribute = "data-module"
    /// value = "MoreStories"
    /// "#)?;
    /// assert_eq!(rules.rules().len(), 3);
    /// # Ok::<(), newspost::FurnitureConfigError>(())
    /// ```
    ///
    /// A rule has a `kind` and exactly one of `tag`, `class`, `id`, `attribute` (with an
    /// optional `value`), `text` and `prefix`; `host` is optional.
    #[cfg(feature = "lint")]
    pub fn from_toml(text: &str) -> Result<Self, FurnitureConfigError> {
        let file: ConfigFile =
            toml::from_str(text).map_err(|e| FurnitureConfigError::Toml(e.to_string()))?;
        let mut rules = FurnitureRules::standard();
        let Some(table) = file.furniture else {
            return Ok(rules);
        };
        rules.heuristics = table.builtin.unwrap_or(true);
        for (index, rule) in table.rule.into_iter().enumerate() {
            rules.push(rule.into_rule(index + 1)?);
        }
        Ok(rules)
    }

    /// [`FurnitureRules::from_toml`] of a file.
    #[cfg(feature = "lint")]
    pub fn from_path(path: &Path) -> Result<Self, FurnitureConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| FurnitureConfigError::Toml(format!("{}: {e}", path.display())))?;
        Self::from_toml(&text).map_err(|e| match e {
            FurnitureConfigError::Toml(message) => {
                FurnitureConfigError::Toml(format!("{}: {message}", path.display()))
            }
            other => other,
        })
    }
}

impl Default for FurnitureRules {
    fn default() -> Self {
        Self::standard()
    }
}

/// A `[furniture]` table that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FurnitureConfigError {
    /// Not valid TOML, or unknown keys in the table (the message has the position).
    #[error("{0}")]
    Toml(String),
    /// A rule's `kind` names no [`FurnitureKind`].
    #[error("furniture rule {rule}: {error}")]
    Kind {
        /// The rule's position in the file, from 1.
        rule: usize,
        /// The unknown name.
        error: UnknownFurnitureKind,
    },
    /// A rule selects by none or by more than one of `tag`, `class`, `id`, `attribute`,
    /// `text` and `prefix` (or has a `value` without `attribute`).
    #[error("furniture rule {0}: give exactly one of tag, class, id, attribute, text, prefix")]
    Select(usize),
}

/// The file, as far as furniture goes.
#[cfg(feature = "lint")]
#[derive(Deserialize)]
struct ConfigFile {
    furniture: Option<FurnitureTable>,
}

/// The `[furniture]` table.
#[cfg(feature = "lint")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FurnitureTable {
    builtin: Option<bool>,
    #[serde(default)]
    rule: Vec<RuleEntry>,
}

/// One `[[furniture.rule]]`.
#[cfg(feature = "lint")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    kind: String,
    tag: Option<String>,
    class: Option<String>,
    id: Option<String>,
    attribute: Option<String>,
    value: Option<String>,
    text: Option<String>,
    prefix: Option<String>,
    host: Option<String>,
}

#[cfg(feature = "lint")]
impl RuleEntry {
    fn into_rule(self, index: usize) -> Result<FurnitureRule, FurnitureConfigError> {
        let kind = self
            .kind
            .parse()
            .map_err(|error| FurnitureConfigError::Kind { rule: index, error })?;
        if self.value.is_some() && self.attribute.is_none() {
            return Err(FurnitureConfigError::Select(index));
        }
        let mut selects = [
            self.tag.map(Select::Tag),
            self.class.map(Select::Class),
            self.id.map(Select::Id),
            self.attribute.map(|name| Select::Attribute {
                name: name.to_ascii_lowercase(),
                value: self.value,
            }),
            self.text.map(Select::Text),
            self.prefix.map(Select::TextPrefix),
        ]
        .into_iter()
        .flatten();
        let (Some(select), None) = (selects.next(), selects.next()) else {
            return Err(FurnitureConfigError::Select(index));
        };
        let rule = FurnitureRule::new(kind, select);
        Ok(match self.host {
            Some(host) => rule.for_host(host),
            None => rule,
        })
    }
}

/// The host of a post's source URL, lower case.
pub(crate) fn source_host(url: &str) -> Option<String> {
    url::Url::parse(url.trim())
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
}

#[cfg(all(test, feature = "lint"))]
mod tests {
    use super::*;

    #[test]
    fn a_rule_needs_exactly_one_selector_and_a_known_kind() {
        let one = |body: &str| FurnitureRules::from_toml(&format!("[[furniture.rule]]\n{body}"));
        assert_eq!(
            one("kind = \"share\"\nclass = \"a\"\nid = \"b\"\n"),
            Err(FurnitureConfigError::Select(1))
        );
        assert_eq!(
            one("kind = \"share\"\n"),
            Err(FurnitureConfigError::Select(1))
        );
        assert_eq!(
            one("kind = \"share\"\nvalue = \"x\"\n"),
            Err(FurnitureConfigError::Select(1))
        );
        assert!(matches!(
            one("kind = \"footer\"\ntag = \"footer\"\n"),
            Err(FurnitureConfigError::Kind { rule: 1, .. })
        ));
        assert!(matches!(
            one("kind = \"share\"\ntag = \"x\"\nselector = \"y\"\n"),
            Err(FurnitureConfigError::Toml(_))
        ));
        let rules = one("kind = \"related\"\nattribute = \"Data-Module\"\nvalue = \"More\"\nhost = \"CNA.com.tw\"\n")
            .expect("valid");
        assert_eq!(
            rules.rules(),
            [FurnitureRule::new(
                FurnitureKind::Related,
                Select::Attribute {
                    name: "data-module".into(),
                    value: Some("More".into())
                }
            )
            .for_host("cna.com.tw")]
        );
        assert!(rules.heuristics());
    }

    #[test]
    fn the_linter_tables_are_not_read_and_builtin_false_turns_heuristics_off() {
        let rules = FurnitureRules::from_toml(
            "now = \"2026-01-01T00:00:00Z\"\n[rules]\nurl-relative = \"allow\"\n[furniture]\nbuiltin = false\n",
        )
        .expect("valid");
        assert!(!rules.heuristics());
        assert!(rules.rules().is_empty());
        assert!(FurnitureRules::from_toml("").expect("empty").heuristics());
    }

    #[test]
    fn a_host_matches_itself_and_its_subdomains_only() {
        let rule = FurnitureRule::new(FurnitureKind::Other, Select::Tag("x".into()))
            .for_host("cna.com.tw");
        assert!(rule.applies_to(Some("www.cna.com.tw")));
        assert!(rule.applies_to(Some("CNA.COM.TW")));
        assert!(!rule.applies_to(Some("xcna.com.tw")));
        assert!(!rule.applies_to(Some("com.tw")));
    }
}
