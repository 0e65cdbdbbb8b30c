//! JSON Lines: one JSON object per diagnostic and line, with the keys of the [`json`]
//! format, written as each file is done (a consumer can read the report as it grows).
//!
//! [`json`]: super::json

use std::io::{self, Write};

use crate::diagnostics::Diagnostic;

/// Writes one line per diagnostic.
pub fn write(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    for d in diagnostics {
        serde_json::to_writer(&mut *out, &super::json::to_value(d))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render::fixtures;

    #[test]
    fn one_object_per_line_as_in_the_json_format() {
        let mut out = Vec::new();
        write(&mut out, &fixtures::diagnostics()).ok();
        let text = String::from_utf8_lossy(&out);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        for (line, d) in lines.iter().zip(fixtures::diagnostics()) {
            let value: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
            assert_eq!(value, super::super::json::to_value(&d));
        }
    }
}
