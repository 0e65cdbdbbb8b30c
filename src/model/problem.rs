use serde::{Deserialize, Serialize};

use crate::span::Span;

/// Something wrong with a post that the lenient parser read past: which lint rule reports
/// it, what it is, and where.
///
/// Serialized as `{"rule": "epoch-malformed", "message": "…", "line": 11, "column": 1}`.
///
/// `==` and [`Hash`] ignore [`Problem::span`] (spans always compare equal, see
/// [`Span`'s equality](crate::Span#equality)); compare positions with
/// [`Span::same_position`](crate::Span::same_position).
///
/// ```
/// let parsed = newspost::parse_lenient("<!--NaN-->\n<div><p>text</p></div>\n");
/// let problem = &parsed.post.problems[0];
/// assert_eq!(problem.rule, "epoch-malformed");
/// assert_eq!((problem.span.line, problem.span.column), (1, 1));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Problem {
    /// The name of the lint rule that reports it (`front-matter-syntax`, `epoch-malformed`,
    /// `date-invalid`, `field-type`, `front-matter-missing`, `parse-limit`, …).
    pub rule: String,
    /// What is wrong, for a reader.
    pub message: String,
    /// Where; only its line and column are serialized.
    pub span: Span,
}

impl Problem {
    /// A problem reported by `rule`, at `span`.
    pub fn new(rule: impl Into<String>, message: impl Into<String>, span: Span) -> Self {
        Problem {
            rule: rule.into(),
            message: message.into(),
            span,
        }
    }
}

/// Something wrong with the post that the lenient parser read past.
// The JSON shape of [`Problem`]; the doc comments are the JSON Schema's.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Problem"))]
struct Wire<'a> {
    /// The name of the lint rule that reports it (`front-matter-syntax`, `epoch-malformed`, …).
    #[serde(borrow)]
    rule: std::borrow::Cow<'a, str>,
    /// What is wrong, for a reader.
    #[serde(borrow)]
    message: std::borrow::Cow<'a, str>,
    /// 1-based line in the file.
    #[serde(default)]
    line: u32,
    /// 1-based column in the file, in characters.
    #[serde(default)]
    column: u32,
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Problem {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Problem".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Wire<'_> as schemars::JsonSchema>::json_schema(generator)
    }
}

impl Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Wire {
            rule: self.rule.as_str().into(),
            message: self.message.as_str().into(),
            line: self.span.line,
            column: self.span.column,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Problem {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Wire::deserialize(deserializer)?;
        Ok(Problem {
            rule: wire.rule.into_owned(),
            message: wire.message.into_owned(),
            span: Span {
                line: wire.line,
                column: wire.column,
                ..Span::default()
            },
        })
    }
}
