use serde::{Deserialize, Serialize};

use super::{Block, FrontMatter};
use crate::span::Span;

/// One post of an archive: front matter, epoch comment, header link and body.
///
/// Every part is optional because real archives leave parts out: older ones have no front
/// matter, some newer ones have front matter but neither epoch nor header.
///
/// ```
/// let post = newspost::parse(
///     "---\ntitle: \"Hi\"\ndate: 2024-07-03T08:00:33.000Z\nfrom: https://example.com/a\n---\n\
///      <!--1719993633000-->\n[Hi](https://example.com/a)\n------\n\n<div><p>Text</p></div>\n",
/// )?;
/// assert_eq!(post.title(), Some("Hi"));
/// assert_eq!(post.epoch.as_ref().map(|e| e.millis), Some(1_719_993_633_000));
/// assert_eq!(post.body.len(), 1);
/// # Ok::<(), newspost::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(
        description = "One news-archive post as newspost writes it in JSON (`to_json_string`, `convert --to json`): front matter, epoch comment, header link and body. Source positions are not included."
    )
)]
#[non_exhaustive]
pub struct Post {
    /// The YAML front matter between `---` lines, if the file has one.
    #[serde(default)]
    pub front_matter: Option<FrontMatter>,
    /// The `<!--NNNNNNNNNNNNN-->` comment: the post's instant in epoch milliseconds.
    #[serde(default, rename = "epoch_ms")]
    pub epoch: Option<Epoch>,
    /// The `[title](url)` line underlined with dashes.
    #[serde(default)]
    pub header: Option<Header>,
    /// The article, noise removed.
    #[serde(default)]
    pub body: Vec<Block>,
    /// Where the body's HTML sits in the file.
    #[serde(skip)]
    pub body_span: Span,
}

impl Post {
    /// An empty post (no front matter, epoch, header or body).
    pub fn new() -> Self {
        Self::default()
    }

    /// The title: the front matter's, else the header's.
    pub fn title(&self) -> Option<&str> {
        self.front_matter
            .as_ref()
            .and_then(|fm| fm.title.as_deref())
            .or_else(|| self.header.as_ref().map(|h| h.title.as_str()))
    }

    /// The source URL as written: the front matter's `from`, else the header's URL.
    pub fn source_url(&self) -> Option<&str> {
        self.front_matter
            .as_ref()
            .and_then(|fm| fm.from.as_deref())
            .or_else(|| self.header.as_ref().map(|h| h.url.as_str()))
    }
}

/// The epoch comment: `<!--1719993633000-->`.
///
/// Serialized as the bare number of milliseconds (`"epoch_ms": 1719993633000`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Epoch {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub millis: i64,
    /// The whole comment in the file.
    pub span: Span,
}

impl Epoch {
    /// An epoch comment for `millis`, with no source position.
    pub fn new(millis: i64) -> Self {
        Epoch {
            millis,
            span: Span::default(),
        }
    }
}

impl Serialize for Epoch {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.millis)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Epoch {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Epoch".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "integer", "format": "int64" })
    }
}

impl<'de> Deserialize<'de> for Epoch {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i64::deserialize(deserializer).map(Epoch::new)
    }
}

/// The header: a Markdown link to the source, underlined with dashes.
///
/// ```text
/// [习近平：中国支持哈萨克斯坦加入金砖合作机制](https://www.zaobao.com/realtime/china/story20240703-4032055)
/// ------
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Header {
    /// The link text, as written.
    pub title: String,
    /// The link target, as written.
    pub url: String,
    /// The link line and its underline.
    #[serde(skip)]
    pub span: Span,
}

impl Header {
    /// A header with no source position.
    pub fn new(title: impl Into<String>, url: impl Into<String>) -> Self {
        Header {
            title: title.into(),
            url: url.into(),
            span: Span::default(),
        }
    }
}
