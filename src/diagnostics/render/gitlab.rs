//! GitLab code quality: a JSON array of issues, each with a `description`, the rule as
//! `check_name`, a `severity` (`major` for errors, `minor` for warnings, `info`), the
//! `location` (path and first line) and a `fingerprint` that GitLab uses to tell new
//! issues from known ones in a merge request. The fingerprint comes from the path and
//! the diagnostic's own [`Fingerprint`] (rule and content, not the line), numbered when a
//! file has the same finding twice, so it stays when lines move.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use serde_json::json;

use super::emit::Emit;
use super::paths::slash_path;
use crate::diagnostics::{Diagnostic, Fingerprint, Level};

/// The GitLab format: the array of issues, written as they come, with a final newline.
pub(super) struct Gitlab {
    /// No issue written yet.
    first: bool,
}

impl Gitlab {
    /// Writes the array's opening.
    pub(super) fn open(out: &mut dyn Write) -> io::Result<Gitlab> {
        out.write_all(b"[")?;
        Ok(Gitlab { first: true })
    }
}

impl Emit for Gitlab {
    fn file(
        &mut self,
        out: &mut dyn Write,
        _path: &Path,
        diagnostics: &[Diagnostic],
        _text: Option<&str>,
    ) -> io::Result<()> {
        write_items(out, diagnostics, &mut self.first)
    }

    fn close(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.first { b"]\n" } else { b"\n]\n" })
    }
}

/// Writes the issues of one file's diagnostics, each preceded by `,` unless `*first`
/// (then cleared). A finding repeated in the file is numbered, so that each issue has its
/// own fingerprint.
fn write_items(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    first: &mut bool,
) -> io::Result<()> {
    let mut seen: HashMap<(String, Fingerprint), usize> = HashMap::new();
    for d in diagnostics {
        let path = slash_path(&d.path);
        let occurrence = seen.entry((path.clone(), d.fingerprint)).or_default();
        *occurrence += 1;
        let fingerprint = Fingerprint::new(
            "gitlab",
            &format!("{path} {} {}", d.fingerprint, *occurrence),
        );
        let mut description = d.message.clone();
        if let Some(help) = &d.help {
            description.push_str(" (help: ");
            description.push_str(help);
            description.push(')');
        }
        let issue = json!({
            "type": "issue",
            "description": description,
            "check_name": d.rule,
            "categories": ["Bug Risk"],
            "severity": match d.level {
                Level::Error => "major",
                Level::Warning => "minor",
                Level::Info => "info",
            },
            "fingerprint": fingerprint.to_string(),
            "location": {
                "path": path,
                "lines": { "begin": d.span.line, "end": d.end.line.max(d.span.line) },
            },
        });
        out.write_all(if *first { b"\n  " } else { b",\n  " })?;
        *first = false;
        serde_json::to_writer(&mut *out, &issue)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::diagnostics::render::{fixtures, Format, RenderOptions};

    fn report(diagnostics: &[Diagnostic]) -> String {
        fixtures::render(Format::Gitlab, RenderOptions::default(), diagnostics, None)
    }

    fn issues(diagnostics: &[Diagnostic]) -> Vec<Value> {
        let value: Value = serde_json::from_str(&report(diagnostics)).unwrap_or_default();
        value.as_array().cloned().unwrap_or_default()
    }

    #[test]
    fn one_issue_per_diagnostic_with_severity_location_and_fingerprint() {
        let found = issues(&fixtures::diagnostics());
        assert_eq!(found.len(), 3);
        assert_eq!(found[0]["check_name"], "date-no-timezone");
        assert_eq!(found[0]["severity"], "minor");
        assert_eq!(found[1]["severity"], "major");
        assert_eq!(found[2]["severity"], "info");
        assert_eq!(
            found[0]["location"],
            json!({"path": "posts/2024-07-03-x.md", "lines": {"begin": 3, "end": 3}})
        );
        let prints: std::collections::HashSet<&str> = found
            .iter()
            .filter_map(|i| i["fingerprint"].as_str())
            .collect();
        assert_eq!(prints.len(), 3);
    }

    #[test]
    fn fingerprints_do_not_follow_lines_but_tell_repeats_apart() {
        let mut moved = fixtures::diagnostics();
        moved[0].span.line += 10;
        moved[0].end.line += 10;
        assert_eq!(
            issues(&moved)[0]["fingerprint"],
            issues(&fixtures::diagnostics())[0]["fingerprint"]
        );
        let twice = vec![moved[0].clone(), moved[0].clone()];
        let found = issues(&twice);
        assert_ne!(found[0]["fingerprint"], found[1]["fingerprint"]);
    }

    #[test]
    fn no_diagnostics_is_an_empty_array() {
        assert_eq!(issues(&[]), Vec::<Value>::new());
        assert_eq!(report(&[]), "[]\n");
    }
}
