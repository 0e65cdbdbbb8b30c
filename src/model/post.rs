use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::body::Block;
use super::date::PostDate;
use super::date_line::DateLine;
use super::front_matter::FrontMatter;
use super::problem::Problem;
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
///
/// Like spans, [`Post::problems`] are provenance, not content: two posts that differ only
/// in their problems compare equal, so a post recovered from a damaged file equals the
/// same post written out and parsed again.
///
/// `==` ignores every position: [`Post::body_span`], the spans of the blocks, inlines and
/// front-matter fields ([`FieldSpans`](crate::FieldSpans)) always compare equal (see
/// [`Span`'s equality](Span#equality)). A post read back from JSON, whose spans are all
/// unknown, equals the parsed post it was written from. Compare positions field by field
/// with [`Span::same_position`].
#[derive(Debug, Clone, Default, Deserialize)]
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
    /// The `日期：…` line under the header, in archives that give the date there instead
    /// of in front matter.
    #[serde(default)]
    pub date_line: Option<DateLine>,
    /// The article, noise removed.
    #[serde(default)]
    pub body: Vec<Block>,
    /// Where the body's HTML sits in the file.
    #[serde(skip)]
    pub body_span: Span,
    /// What the lenient parser read past (a malformed epoch, an invalid date, front matter
    /// that is not valid YAML…), in file order; empty for a post the strict parser accepts.
    #[serde(default)]
    pub problems: Vec<Problem>,
}

impl PartialEq for Post {
    fn eq(&self, other: &Self) -> bool {
        self.front_matter == other.front_matter
            && self.epoch == other.epoch
            && self.header == other.header
            && self.date_line == other.date_line
            && self.body == other.body
    }
}

impl Eq for Post {}

/// Where a post's date comes from ([`Post::date_source`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DateSource {
    /// The front matter's `date`.
    FrontMatter,
    /// A `日期：…` line under the header ([`Post::date_line`]).
    DateLine,
    /// The epoch comment alone: the post has no date written as text.
    Epoch,
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

    /// The post's date as written: the front matter's valid `date`, else the date line's.
    pub fn date(&self) -> Option<&PostDate> {
        self.front_matter
            .as_ref()
            .and_then(|fm| fm.date.as_ref())
            .or_else(|| self.date_line.as_ref().map(|line| &line.date))
    }

    /// Where the post's instant ([`Post::instant`]) comes from: the front matter's `date`,
    /// else the date line, else the epoch comment; `None` when the post has none of them.
    pub fn date_source(&self) -> Option<DateSource> {
        if self
            .front_matter
            .as_ref()
            .is_some_and(|fm| fm.date.is_some())
        {
            Some(DateSource::FrontMatter)
        } else if self.date_line.is_some() {
            Some(DateSource::DateLine)
        } else if self.epoch.is_some() {
            Some(DateSource::Epoch)
        } else {
            None
        }
    }

    /// The post's instant: its [`date`](Post::date) (read as UTC when it has no offset),
    /// else its epoch comment.
    pub fn instant(&self) -> Option<DateTime<Utc>> {
        match self.date() {
            Some(date) => Some(date.instant()),
            None => DateTime::from_timestamp_millis(self.epoch?.millis),
        }
    }

    /// The source URL as written: the front matter's `from`, else the header's URL.
    pub fn source_url(&self) -> Option<&str> {
        self.front_matter
            .as_ref()
            .and_then(|fm| fm.from.as_deref())
            .or_else(|| self.header.as_ref().map(|h| h.url.as_str()))
    }
}

impl Serialize for Post {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        PostJson::new(self, None).serialize(serializer)
    }
}

/// One news-archive post as newspost writes it in JSON (`to_json_string`, `convert --to
/// json`): front matter, epoch comment, header link, date line and body, with the date's
/// source and instant. Source positions are not included.
// A post's JSON, optionally with the path of its file first (`"path": "a/b.md"`). The
// doc comments are the JSON Schema's (`post_json_schema`).
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Post"))]
pub(crate) struct PostJson<'a> {
    /// The post's file as the caller names it (the command line: relative to the root it
    /// was given, with `/` separators); only when the caller gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    /// The YAML front matter between `---` lines, if the file has one.
    front_matter: &'a Option<FrontMatter>,
    /// The `<!--NNNNNNNNNNNNN-->` comment: the post's instant in epoch milliseconds.
    epoch_ms: &'a Option<Epoch>,
    /// The `[title](url)` line underlined with dashes.
    header: &'a Option<Header>,
    /// The `日期：…` line under the header, in archives that give the date there.
    date_line: &'a Option<DateLine>,
    /// Where `instant` comes from: the front matter's `date`, else the date line, else
    /// the epoch comment.
    date_source: Option<DateSource>,
    /// The post's instant in UTC, RFC 3339 with milliseconds (`2024-07-03T08:00:33.000Z`).
    instant: Option<String>,
    /// The article, noise removed.
    body: &'a [Block],
    /// What the lenient parser read past, in file order; empty for a post the strict
    /// parser accepts.
    problems: &'a [Problem],
}

impl<'a> PostJson<'a> {
    /// The JSON of `post`, with `path` first when there is one.
    pub(crate) fn new(post: &'a Post, path: Option<&'a str>) -> Self {
        PostJson {
            path,
            front_matter: &post.front_matter,
            epoch_ms: &post.epoch,
            header: &post.header,
            date_line: &post.date_line,
            date_source: post.date_source(),
            instant: post
                .instant()
                .map(|i| i.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
            body: &post.body,
            problems: &post.problems,
        }
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
