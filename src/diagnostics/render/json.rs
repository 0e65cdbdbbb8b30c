//! The format for programs: a JSON array with one object per diagnostic.
//!
//! Each object has `file`, `rule`, `level`, `line`, `column` (1-based, columns in
//! characters), `end_line`, `end_column`, `start`/`end` (byte offsets), `message`, `help`
//! (or null) and `fix` (null, or `{message, applicability, edits: [{start, end,
//! replacement}]}`).

use std::io::{self, Write};
use std::path::Path;

use serde_json::{json, Value};

use super::emit::Emit;
use super::paths::slash_path;
use crate::diagnostics::Diagnostic;

/// The JSON value of one diagnostic.
pub(super) fn to_value(d: &Diagnostic) -> Value {
    json!({
        "file": slash_path(&d.path),
        "rule": d.rule,
        "level": d.level.as_str(),
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.end.line,
        "end_column": d.end.column,
        "start": d.span.start,
        "end": d.span.end,
        "message": d.message,
        "help": d.help,
        "fix": d.fix.as_ref().map(|fix| json!({
            "message": fix.message,
            "applicability": fix.applicability,
            "edits": fix.edits.iter().map(|e| json!({
                "start": e.range.start,
                "end": e.range.end,
                "replacement": e.replacement,
            })).collect::<Vec<_>>(),
        })),
    })
}

/// The JSON format: the array, pretty-printed, with a final newline, its items written
/// as they come (the opening `[` before the first).
pub(super) struct Json {
    /// No item written yet.
    first: bool,
}

impl Json {
    pub(super) fn open() -> Json {
        Json { first: true }
    }
}

impl Emit for Json {
    fn file(
        &mut self,
        out: &mut dyn Write,
        _path: &Path,
        diagnostics: &[Diagnostic],
        _text: Option<&str>,
    ) -> io::Result<()> {
        for d in diagnostics {
            out.write_all(if self.first { b"[\n" } else { b",\n" })?;
            self.first = false;
            write_indented(out, &to_value(d), "  ")?;
        }
        Ok(())
    }

    fn close(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.first { b"[]\n" } else { b"\n]\n" })
    }
}

/// Writes `value` pretty-printed, each line after the first indented by `indent` (the
/// first too: it starts a line), without a final newline.
pub(super) fn write_indented(
    out: &mut dyn Write,
    value: &serde_json::Value,
    indent: &str,
) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(indent.as_bytes())?;
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render::{fixtures, Format, RenderOptions};

    #[test]
    fn every_diagnostic_is_an_object_with_the_documented_keys() {
        let out = fixtures::render(
            Format::Json,
            RenderOptions::default(),
            &fixtures::diagnostics(),
            None,
        );
        let value: Value = serde_json::from_str(&out).unwrap_or_default();
        let items = value.as_array().cloned().unwrap_or_default();
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[0],
            json!({
                "file": "posts/2024-07-03-x.md", "rule": "date-no-timezone", "level": "warning",
                "line": 3, "column": 7, "end_line": 3, "end_column": 26,
                "start": 28, "end": 47,
                "message": "`date` has a time but no offset, so its instant is ambiguous",
                "help": "add the offset the time was written in, e.g. `Z` or `+08:00`",
                "fix": null,
            })
        );
        assert_eq!(items[1]["level"], "error");
        assert_eq!(
            items[2]["fix"],
            json!({"message": "insert the epoch comment", "applicability": "safe",
                   "edits": [{"start": 28, "end": 28, "replacement": "<!--1719993633000-->\n"}]})
        );
    }

    #[test]
    fn no_diagnostics_is_an_empty_array() {
        let out = fixtures::render(Format::Json, RenderOptions::default(), &[], None);
        assert_eq!(out, "[]\n");
    }
}
