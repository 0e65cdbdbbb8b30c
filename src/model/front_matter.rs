use std::borrow::Cow;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::PostDate;
use crate::span::Span;

/// The YAML front matter: the fields Jekyll archives of this format use, typed, and every
/// other key kept in [`FrontMatter::extra`], in file order, with its YAML value.
///
/// Serialized to JSON as an object with `layout`, `title`, `date` (RFC 3339 in the post's
/// own offset), `date_text` (only when the text as written differs from `date`), `author`,
/// `from`, `tags`, `categories`, `comments` and `extra`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "wire::FrontMatter")]
#[non_exhaustive]
pub struct FrontMatter {
    /// Jekyll layout, `post` in these archives.
    pub layout: Option<String>,
    /// The article's title.
    pub title: Option<String>,
    /// The publication date and time.
    pub date: Option<PostDate>,
    /// The author, usually the news outlet's name.
    pub author: Option<String>,
    /// The URL the article was taken from, as written. See [`FrontMatter::from_url`].
    pub from: Option<String>,
    /// Tags. A flow list, a block list and a single string all read as a list.
    pub tags: Vec<String>,
    /// Categories, read like `tags`.
    pub categories: Vec<String>,
    /// Whether comments are enabled (`true`, `True`, `TRUE`, `false`, …).
    pub comments: Option<bool>,
    /// Every other key, in file order, with its YAML value. The lenient parser also keeps
    /// here a known key whose value has the wrong type, so nothing is lost.
    pub extra: IndexMap<String, serde_json::Value>,
    /// Where each top-level key's entry sits in the file.
    pub spans: FieldSpans,
}

impl FrontMatter {
    /// An empty front matter.
    pub fn new() -> Self {
        Self::default()
    }

    /// `from` parsed as an absolute URL, if it is one.
    pub fn from_url(&self) -> Option<url::Url> {
        self.from.as_deref().and_then(|s| url::Url::parse(s).ok())
    }
}

impl Serialize for FrontMatter {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        wire::FrontMatterRef::from(self).serialize(serializer)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for FrontMatter {
    fn schema_name() -> Cow<'static, str> {
        "FrontMatter".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <wire::FrontMatterRef<'_> as schemars::JsonSchema>::json_schema(generator)
    }
}

/// Source positions of front-matter entries (`key: value`, through the value's last line),
/// by key, in file order. Like [`Span`], compares equal to any other `FieldSpans`.
#[derive(Debug, Clone, Default)]
pub struct FieldSpans {
    /// The whole block from the opening `---` to the end of the closing `---` line.
    pub block: Span,
    /// The YAML between the delimiters.
    pub yaml: Span,
    /// The keys of the fields the model knows are not copied: nearly every post has them.
    entries: Vec<(Cow<'static, str>, Span)>,
}

impl FieldSpans {
    /// No spans yet, with room for `entries` entries.
    pub(crate) fn with_capacity(entries: usize) -> Self {
        FieldSpans {
            entries: Vec::with_capacity(entries),
            ..FieldSpans::default()
        }
    }

    /// The span of the entry for `key`.
    pub fn get(&self, key: &str) -> Option<Span> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, s)| *s)
    }

    /// Every top-level key with its entry's span, in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Span)> {
        self.entries.iter().map(|(k, s)| (k.as_ref(), *s))
    }

    /// Records the span of `key`'s entry.
    pub fn insert(&mut self, key: impl Into<String>, span: Span) {
        self.entries.push((Cow::Owned(key.into()), span));
    }

    /// [`insert`](Self::insert) for a key read from the source, copied only when it is
    /// not one of the fields the model knows.
    pub(crate) fn insert_key(&mut self, key: &str, span: Span) {
        let key = match key {
            "layout" => Cow::Borrowed("layout"),
            "title" => Cow::Borrowed("title"),
            "date" => Cow::Borrowed("date"),
            "author" => Cow::Borrowed("author"),
            "from" => Cow::Borrowed("from"),
            "tags" => Cow::Borrowed("tags"),
            "comments" => Cow::Borrowed("comments"),
            "categories" => Cow::Borrowed("categories"),
            other => Cow::Owned(other.to_owned()),
        };
        self.entries.push((key, span));
    }
}

impl PartialEq for FieldSpans {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for FieldSpans {}

mod wire {
    //! The JSON shape of [`super::FrontMatter`].
    use super::*;

    /// The YAML front matter: the fields Jekyll archives of this format use, and every
    /// other key in `extra`.
    // What [`super::FrontMatter`] serializes as, borrowed from it; the same fields as
    // [`FrontMatter`], which reads it back. The doc comments are the JSON Schema's.
    #[derive(Serialize)]
    #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
    #[cfg_attr(feature = "schema", schemars(rename = "FrontMatter"))]
    pub(super) struct FrontMatterRef<'a> {
        /// Jekyll layout, `post` in these archives; absent when the post has none.
        #[serde(skip_serializing_if = "Option::is_none")]
        layout: Option<&'a str>,
        /// The article's title.
        title: Option<&'a str>,
        /// The publication date: RFC 3339 in the post's own offset, fraction digits as
        /// written; without an offset when the post gives none; `YYYY-MM-DD` for a bare day.
        date: Option<String>,
        /// The date exactly as written, present only when it differs from `date`.
        #[serde(skip_serializing_if = "Option::is_none")]
        date_text: Option<&'a str>,
        /// The author, usually the news outlet's name.
        author: Option<&'a str>,
        /// The URL the article was taken from, as written.
        from: Option<&'a str>,
        /// Tags: a flow list, a block list and a single string all read as a list.
        tags: &'a [String],
        /// Categories, read like `tags`.
        categories: &'a [String],
        /// Whether comments are enabled.
        comments: Option<bool>,
        /// Every other key, in file order, with its value (YAML 1.2: a date is a string;
        /// a non-finite float is its text, `.inf`). The lenient parser also keeps here a
        /// known key whose value has the wrong type.
        extra: &'a IndexMap<String, serde_json::Value>,
    }

    impl<'a> From<&'a super::FrontMatter> for FrontMatterRef<'a> {
        fn from(fm: &'a super::FrontMatter) -> Self {
            let date = fm.date.as_ref().map(PostDate::to_rfc3339);
            let date_text = fm
                .date
                .as_ref()
                .map(PostDate::text)
                .filter(|text| Some(*text) != date.as_deref());
            FrontMatterRef {
                layout: fm.layout.as_deref(),
                title: fm.title.as_deref(),
                date,
                date_text,
                author: fm.author.as_deref(),
                from: fm.from.as_deref(),
                tags: &fm.tags,
                categories: &fm.categories,
                comments: fm.comments,
                extra: &fm.extra,
            }
        }
    }

    #[derive(Deserialize)]
    pub(super) struct FrontMatter {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        layout: Option<String>,
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        date: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date_text: Option<String>,
        #[serde(default)]
        author: Option<String>,
        #[serde(default)]
        from: Option<String>,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        categories: Vec<String>,
        #[serde(default)]
        comments: Option<bool>,
        #[serde(default)]
        extra: IndexMap<String, serde_json::Value>,
    }

    impl TryFrom<FrontMatter> for super::FrontMatter {
        type Error = crate::model::DateError;

        fn try_from(w: FrontMatter) -> Result<Self, Self::Error> {
            let date = match w.date_text.or(w.date) {
                Some(text) => Some(PostDate::parse(&text)?),
                None => None,
            };
            Ok(super::FrontMatter {
                layout: w.layout,
                title: w.title,
                date,
                author: w.author,
                from: w.from,
                tags: w.tags,
                categories: w.categories,
                comments: w.comments,
                extra: w.extra,
                spans: FieldSpans::default(),
            })
        }
    }
}
