//! JSON Lines: one JSON object per diagnostic and line, with the keys of the [`json`]
//! format, written as each file is done (a consumer can read the report as it grows).
//!
//! [`json`]: super::json

use std::io::{self, Write};
use std::path::Path;

use super::emit::Emit;
use crate::diagnostics::Diagnostic;

/// The JSON Lines format: one line per diagnostic.
pub(super) struct Jsonl;

impl Emit for Jsonl {
    fn file(
        &mut self,
        out: &mut dyn Write,
        _path: &Path,
        diagnostics: &[Diagnostic],
        _text: Option<&str>,
    ) -> io::Result<()> {
        for d in diagnostics {
            serde_json::to_writer(&mut *out, &super::json::to_value(d))?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn close(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::render::{fixtures, Format, RenderOptions};

    #[test]
    fn one_object_per_line_as_in_the_json_format() {
        let text = fixtures::render(
            Format::Jsonl,
            RenderOptions::default(),
            &fixtures::diagnostics(),
            None,
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        for (line, d) in lines.iter().zip(fixtures::diagnostics()) {
            let value: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
            assert_eq!(value, super::super::json::to_value(&d));
        }
    }
}
