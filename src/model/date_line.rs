use serde::{Deserialize, Serialize};

use super::date::{DateError, PostDate};
use crate::span::Span;

/// A line giving the post's date under the header, as archives without front matter
/// write it: `日期：Tue, 30 Jun 2020 15:04:14 +0000`.
///
/// It is read as the post's date when there is no front-matter `date`
/// ([`Post::date`](crate::Post::date)), and is not part of the body.
///
/// Serialized as `{"label": "日期", "date": "Tue, 30 Jun 2020 15:04:14 +0000",
/// "instant": "2020-06-30T15:04:14.000Z"}`: the date exactly as written, and its instant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DateLine {
    /// The label before the colon, as written (`日期`, `Date`).
    pub label: String,
    /// The date after it.
    pub date: PostDate,
    /// The whole line.
    pub span: Span,
}

/// The labels a date line starts with.
const LABELS: [&str; 6] = ["日期", "日　期", "发布日期", "發佈日期", "Date", "date"];

impl DateLine {
    /// A date line with no source position.
    pub fn new(label: impl Into<String>, date: PostDate) -> Self {
        DateLine {
            label: label.into(),
            date,
            span: Span::default(),
        }
    }

    /// Reads a line `LABEL：DATE` (full-width or ASCII colon): a known label, then a date
    /// in RFC 2822 (`Tue, 30 Jun 2020 15:04:14 +0000`) or a form [`PostDate::parse`]
    /// accepts. `None` when the line is anything else.
    ///
    /// ```
    /// let line = newspost::DateLine::parse("日期：Tue, 30 Jun 2020 15:04:14 +0000").unwrap();
    /// assert_eq!(line.label, "日期");
    /// assert_eq!(line.date.to_rfc3339(), "2020-06-30T15:04:14Z");
    /// assert!(newspost::DateLine::parse("日期：不详").is_none());
    /// ```
    pub fn parse(line: &str) -> Option<DateLine> {
        let line = line.trim();
        let label = LABELS.iter().find(|label| line.starts_with(*label))?;
        let rest = &line[label.len()..];
        let rest = rest
            .strip_prefix('：')
            .or_else(|| rest.strip_prefix(':'))?
            .trim();
        let date = parse_date(rest).ok()?;
        Some(DateLine::new(*label, date))
    }
}

/// A date line's date: RFC 2822, else a Jekyll form.
fn parse_date(text: &str) -> Result<PostDate, DateError> {
    PostDate::parse_rfc2822(text).or_else(|_| PostDate::parse(text))
}

/// A `日期：…` line under the header: the date as written and its instant.
// The JSON shape of [`DateLine`]; the doc comments are the JSON Schema's.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "DateLine"))]
struct Wire {
    /// The label before the colon, as written (`日期`, `Date`).
    label: String,
    /// The date exactly as written (RFC 2822 or a Jekyll form).
    date: String,
    /// The date's instant in UTC, RFC 3339 with milliseconds.
    #[serde(default, skip_deserializing)]
    instant: Option<String>,
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for DateLine {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateLine".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Wire as schemars::JsonSchema>::json_schema(generator)
    }
}

impl Serialize for DateLine {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Wire {
            label: self.label.clone(),
            date: self.date.text().to_owned(),
            instant: Some(self.date.instant_rfc3339()),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for DateLine {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Wire::deserialize(deserializer)?;
        let date = parse_date(&wire.date).map_err(serde::de::Error::custom)?;
        Ok(DateLine::new(wire.label, date))
    }
}
