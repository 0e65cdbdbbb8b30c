use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::date::PostDate;
use crate::span::Span;

/// The YAML front matter: the fields Jekyll archives of this format use, typed, and every
/// other key kept in [`FrontMatter::extra`], in file order, with its YAML value.
///
/// Serialized to JSON as an object with `layout`, `title`, `date` (the text exactly as
/// written, also when it is not a valid date), `instant` (the date's UTC instant in RFC 3339
/// with milliseconds, `null` when there is no valid date), `author`, `from`, `tags`,
/// `categories`, `comments` and `extra`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(from = "wire::FrontMatter")]
#[non_exhaustive]
pub struct FrontMatter {
    /// Jekyll layout, `post` in these archives.
    pub layout: Option<String>,
    /// The article's title.
    pub title: Option<String>,
    /// The publication date and time, when `date` is a valid date.
    pub date: Option<PostDate>,
    /// The `date` value as written when it is a string but not a valid date
    /// (`2021-02-29`, `Invalid Date`); `date` is then `None`. See
    /// [`FrontMatter::date_text`].
    pub invalid_date: Option<String>,
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

    /// The `date` exactly as written, valid or not.
    pub fn date_text(&self) -> Option<&str> {
        self.date
            .as_ref()
            .map(PostDate::text)
            .or(self.invalid_date.as_deref())
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
    /// Where each entry's value lies on the entry's first line, by the position of the
    /// entry in `entries` (`None` when it was not recorded, or the line holds no value).
    values: Vec<Option<EntryValue>>,
    /// The positions of `entries` sorted by key (file order among equal keys), built on
    /// the first look-up in a long front matter so that looking every key up stays
    /// linear-logarithmic, not quadratic.
    by_key: OnceLock<Vec<usize>>,
}

/// Where the value of a `key: value` entry lies on the entry's first line, as the parser
/// found it while reading the entries: inside its quotes when quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EntryValue {
    /// The value's bytes in the file (inside the quotes when `quoted`).
    pub range: Range<usize>,
    /// Whether the value is written in matching single or double quotes.
    pub quoted: bool,
}

/// Up to this many entries, a look-up scans them: cheaper than building an index.
const SCANNED_ENTRIES: usize = 16;

impl FieldSpans {
    /// No spans yet, with room for `entries` entries.
    pub(crate) fn with_capacity(entries: usize) -> Self {
        FieldSpans {
            entries: Vec::with_capacity(entries),
            values: Vec::with_capacity(entries),
            ..FieldSpans::default()
        }
    }

    /// The span of the entry for `key`.
    pub fn get(&self, key: &str) -> Option<Span> {
        self.position(key).map(|i| self.entries[i].1)
    }

    /// Where the value of `key`'s entry lies on its first line, when the parser recorded it.
    // Lint reads it; without `lint` nothing does.
    #[cfg_attr(not(feature = "lint"), allow(dead_code))]
    pub(crate) fn value(&self, key: &str) -> Option<&EntryValue> {
        self.position(key)
            .and_then(|i| self.values.get(i))
            .and_then(Option::as_ref)
    }

    /// The position in `entries` of the first entry for `key`.
    fn position(&self, key: &str) -> Option<usize> {
        if self.entries.len() <= SCANNED_ENTRIES {
            return self.entries.iter().position(|(k, _)| k == key);
        }
        let by_key = self.by_key.get_or_init(|| {
            let mut order: Vec<usize> = (0..self.entries.len()).collect();
            // Stable: the first of several entries with one key comes first.
            order.sort_by(|&a, &b| self.entries[a].0.cmp(&self.entries[b].0));
            order
        });
        let first = by_key.partition_point(|&i| self.entries[i].0.as_ref() < key);
        by_key
            .get(first)
            .copied()
            .filter(|&i| self.entries[i].0 == key)
    }

    /// Every top-level key with its entry's span, in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Span)> {
        self.entries.iter().map(|(k, s)| (k.as_ref(), *s))
    }

    /// Records the span of `key`'s entry.
    pub fn insert(&mut self, key: impl Into<String>, span: Span) {
        self.by_key = OnceLock::new();
        self.entries.push((Cow::Owned(key.into()), span));
        self.values.push(None);
    }

    /// [`insert`](Self::insert) for a key read from the source, copied only when it is
    /// not one of the fields the model knows, with where its value lies.
    pub(crate) fn insert_key(&mut self, key: &str, span: Span, value: Option<EntryValue>) {
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
        self.by_key = OnceLock::new();
        self.entries.push((key, span));
        self.values.push(value);
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
        /// The date exactly as written (`2024-07-03 16:00:33 +0800`), also when it is not
        /// a valid date.
        date: Option<&'a str>,
        /// The date's instant in UTC, RFC 3339 with milliseconds; null for an invalid date.
        instant: Option<String>,
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
            FrontMatterRef {
                layout: fm.layout.as_deref(),
                title: fm.title.as_deref(),
                date: fm.date_text(),
                instant: fm.date.as_ref().map(PostDate::instant_rfc3339),
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
        /// Written by earlier versions when the text differed from `date`.
        #[serde(default)]
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

    impl From<FrontMatter> for super::FrontMatter {
        fn from(w: FrontMatter) -> Self {
            // A text that is not a date is kept as written, as the parser keeps it.
            let (date, invalid_date) = match w.date_text.or(w.date) {
                Some(text) => match PostDate::parse(&text) {
                    Ok(date) => (Some(date), None),
                    Err(_) => (None, Some(text)),
                },
                None => (None, None),
            };
            super::FrontMatter {
                layout: w.layout,
                title: w.title,
                date,
                invalid_date,
                author: w.author,
                from: w.from,
                tags: w.tags,
                categories: w.categories,
                comments: w.comments,
                extra: w.extra,
                spans: FieldSpans::default(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_front_matter_is_looked_up_by_index_and_the_first_key_wins() {
        for n in [3, 17, 1000] {
            let mut spans = FieldSpans::default();
            let span = |start: usize| Span {
                start,
                end: start + 1,
                line: 1,
                column: 1,
            };
            for i in 0..n {
                spans.insert_key(&format!("k{i}"), span(i), None);
            }
            spans.insert_key("k0", span(99_999), None);
            for i in 0..n {
                assert_eq!(
                    spans.get(&format!("k{i}")).map(|s| s.start),
                    Some(i),
                    "{n} keys"
                );
            }
            assert_eq!(spans.get("missing"), None);
            // An entry added after a look-up is found too.
            spans.insert("late", span(7));
            assert_eq!(spans.get("late").map(|s| s.start), Some(7));
        }
    }
}
