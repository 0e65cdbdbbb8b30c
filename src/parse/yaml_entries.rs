//! The top level of a front matter's YAML as a list of entries, read straight from
//! serde-saphyr's events without building a mapping value for it: keys made text, values
//! kept as [`Value`]s (the crate's JSON value type, so the YAML crate stays internal).
//!
//! serde-saphyr refuses a key a mapping repeats, at any depth; a tag (`!custom x`) is
//! read as the value it tags.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// How many top-level entries to make room for: a Jekyll post's front matter has about
/// eight (`layout`, `title`, `date`, `author`, `from`, `tags`, `comments`, `categories`).
pub(super) const ENTRIES: usize = 8;

/// The YAML document of a front matter, read without building a mapping value for it.
pub(super) enum TopLevel {
    /// A mapping: its entries in order.
    Entries(Vec<Entry>),
    /// An empty document (or `null`).
    Empty,
    /// A scalar or a sequence.
    Other,
}

/// A top-level entry.
pub(super) struct Entry {
    /// The key as text (see [`key_text`]).
    pub key: String,
    pub value: Value,
}

impl<'de> Deserialize<'de> for TopLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TopLevelVisitor)
    }
}

struct TopLevelVisitor;

impl<'de> Visitor<'de> for TopLevelVisitor {
    type Value = TopLevel;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_unit<E: de::Error>(self) -> Result<TopLevel, E> {
        Ok(TopLevel::Empty)
    }

    /// An empty document (nothing, or only comments, between the delimiters).
    fn visit_none<E: de::Error>(self) -> Result<TopLevel, E> {
        Ok(TopLevel::Empty)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
        let mut entries: Vec<Entry> = Vec::with_capacity(ENTRIES);
        while let Some(key) = map.next_key::<Key>()? {
            // Keys YAML tells apart (`1` and `"1"`) may read as the same text: the later
            // one wins then, as in a JSON object (the reader of the entries sees to it).
            let value = map.next_value::<Value>()?;
            entries.push(Entry { key: key.0, value });
        }
        Ok(TopLevel::Entries(entries))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<TopLevel, E> {
        Ok(TopLevel::Other)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<TopLevel, E> {
        Ok(TopLevel::Other)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<TopLevel, E> {
        Ok(TopLevel::Other)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<TopLevel, E> {
        Ok(TopLevel::Other)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<TopLevel, E> {
        Ok(TopLevel::Other)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<TopLevel, E> {
        Ok(TopLevel::Other)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<TopLevel, E> {
        Ok(TopLevel::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TopLevel, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(TopLevel::Other)
    }
}

/// A mapping key as text: a string as it is, anything else (a number, `true`, a list …)
/// as JSON writes it.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(|key| Key(key_text(key)))
    }
}

/// A key as text: a string as it is, anything else as JSON writes it (`1`, `true`,
/// `null`, `["a"]`).
pub(super) fn key_text(key: Value) -> String {
    match key {
        Value::String(s) => s,
        other => other.to_string(),
    }
}
