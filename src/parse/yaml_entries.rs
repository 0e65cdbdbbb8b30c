//! The top level of a front matter's YAML as a list of entries, read straight from
//! serde_yaml's events without building a mapping value: keys made text, values kept as
//! YAML values, a repeated key refused as serde_yaml's own mappings refuse it.

use std::collections::HashSet;
use std::fmt;

use serde::de::{
    self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_yaml::Value;

/// The YAML document of a front matter, read without building a mapping value for it.
pub(super) enum TopLevel {
    /// A mapping: its entries in order.
    Entries(Vec<Entry>),
    /// An empty document (or `null`).
    Empty,
    /// A scalar, a sequence or a tagged value.
    Other,
}

/// A top-level entry.
pub(super) struct Entry {
    /// The key as text (see [`key_text`]).
    pub key: String,
    /// Whether the key was a string in the YAML, not a number, a list … made text.
    string_key: bool,
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
        let mut entries: Vec<Entry> = Vec::with_capacity(super::front_matter::ENTRIES);
        // String keys seen, once there are too many to compare one by one.
        let mut strings: Option<HashSet<String>> = None;
        // Other keys (numbers, booleans, null, lists …) are rare: kept as YAML values.
        let mut others: HashSet<Value> = HashSet::new();
        while let Some(key) = map.next_key::<Value>()? {
            // A key repeated in the YAML is an error, as serde_yaml's own mappings have it.
            // Keys it tells apart (`1` and `"1"`) may read as the same text: the later one
            // wins then, as a JSON object would have it.
            let repeated = match &key {
                Value::String(text) => {
                    if strings.is_none() && entries.len() >= LINEAR_KEY_SEARCH {
                        let earlier = entries.iter().filter(|e| e.string_key);
                        strings = Some(earlier.map(|e| e.key.clone()).collect());
                    }
                    match &mut strings {
                        Some(seen) => !seen.insert(text.clone()),
                        None => entries.iter().any(|e| e.string_key && e.key == *text),
                    }
                }
                other => !others.insert(other.clone()),
            };
            if repeated {
                return Err(de::Error::custom(duplicate_key_message(&key)));
            }
            let string_key = matches!(key, Value::String(_));
            let key = key_into_text(key);
            let value = map.next_value::<Value>()?;
            entries.push(Entry {
                key,
                string_key,
                value,
            });
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

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<TopLevel, A::Error> {
        // A tagged document: read the value so that its syntax is still checked.
        let (_, variant) = data.variant::<de::IgnoredAny>()?;
        variant.newtype_variant::<de::IgnoredAny>()?;
        Ok(TopLevel::Other)
    }
}

/// serde_yaml's message for a key a mapping repeats.
fn duplicate_key_message(key: &Value) -> String {
    match key {
        Value::Null => "duplicate entry with null key".to_owned(),
        Value::Bool(b) => format!("duplicate entry with key `{b}`"),
        Value::Number(n) => format!("duplicate entry with key {n}"),
        Value::String(s) => format!("duplicate entry with key {s:?}"),
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => {
            "duplicate entry in YAML map".to_owned()
        }
    }
}

/// Up to how many keys a duplicate is looked for one by one.
const LINEAR_KEY_SEARCH: usize = 32;

/// A key as text: a string as it is, anything else (a number, `true`, a list …) as YAML
/// writes it.
fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Tagged(tagged) => key_text(&tagged.value),
        other => serde_yaml::to_string(other)
            .map(|s| s.trim_end().to_owned())
            .unwrap_or_default(),
    }
}

/// [`key_text`], moving a string key out instead of copying it.
pub(super) fn key_into_text(key: Value) -> String {
    match key {
        Value::String(s) => s,
        Value::Tagged(tagged) => key_into_text(tagged.value),
        other => key_text(&other),
    }
}
