//! SARIF 2.1.0, the format GitHub code scanning (and other tools) read: one run whose
//! tool lists every rule, and one result per diagnostic with its region and fix.
//!
//! Columns count Unicode code points (`columnKind: unicodeCodePoints`), as everywhere in
//! newspost. File URIs are URI references, percent-encoded: a relative path is relative
//! to the base `SRCROOT`, which `originalUriBaseIds` sets to the directory the linter ran
//! in (run it from the repository's root for code scanning); an absolute path is a
//! `file:` URI.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{json, Value};

use super::emit::Emit;
use super::paths::slash_path;
use crate::diagnostics::{Diagnostic, Level, RuleInfo};

fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

/// The SARIF result of one diagnostic.
fn result(d: &Diagnostic, rules: &[RuleInfo]) -> Value {
    let rule_index = |name: &str| rules.iter().position(|r| r.name == name);
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let location = json!({
        "physicalLocation": {
            "artifactLocation": artifact_location(&d.path),
            "region": {
                "startLine": d.span.line,
                "startColumn": d.span.column,
                "endLine": d.end.line,
                "endColumn": d.end.column,
                "byteOffset": d.span.start,
                "byteLength": d.span.end - d.span.start,
            }
        }
    });
    let mut result = json!({
        "ruleId": d.rule,
        "level": sarif_level(d.level),
        "message": { "text": message },
        "locations": [location],
    });
    if let Some(index) = rule_index(d.rule) {
        result["ruleIndex"] = json!(index);
    }
    if let Some(fix) = &d.fix {
        result["fixes"] = json!([{
            "description": { "text": fix.message },
            "artifactChanges": [{
                "artifactLocation": artifact_location(&d.path),
                "replacements": fix.edits.iter().map(|e| json!({
                    "deletedRegion": {
                        "byteOffset": e.range.start,
                        "byteLength": e.range.end - e.range.start,
                    },
                    "insertedContent": { "text": e.replacement },
                })).collect::<Vec<_>>(),
            }],
        }]);
    }
    result
}

/// The log with an empty list of results.
fn log_without_results(rules: &[RuleInfo]) -> Value {
    let rules: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.name,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "help": { "text": format!("{} (newspost's docs/rules.md#{})", r.summary, r.name) },
                "defaultConfiguration": { "level": sarif_level(r.default_level) },
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "newspost",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": original_uri_base_ids(),
            "results": [],
        }],
    })
}

/// The base of relative URIs.
const BASE_ID: &str = "SRCROOT";

/// `originalUriBaseIds`: `SRCROOT` is the working directory, as a `file:` URI ending in
/// `/` (empty when the working directory cannot be read).
fn original_uri_base_ids() -> Value {
    match std::env::current_dir() {
        Ok(dir) => {
            let mut uri = file_uri(&dir);
            if !uri.ends_with('/') {
                uri.push('/');
            }
            json!({ BASE_ID: { "uri": uri } })
        }
        Err(_) => json!({}),
    }
}

/// The `artifactLocation` of `path`: a relative URI reference against `SRCROOT`, or an
/// absolute `file:` URI.
fn artifact_location(path: &Path) -> Value {
    if path.is_absolute() {
        json!({ "uri": file_uri(path) })
    } else {
        json!({ "uri": encode_path(&slash_path(path)), "uriBaseId": BASE_ID })
    }
}

/// `file:` URI of an absolute path.
fn file_uri(path: &Path) -> String {
    let slashed = slash_path(path);
    let encoded = encode_path(&slashed);
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        // A Windows path (`C:/x`).
        format!("file:///{encoded}")
    }
}

/// A `/`-separated path as a URI path: every byte but the unreserved characters, the
/// sub-delimiters, `@` and `/` percent-encoded (UTF-8 bytes of other characters too, and
/// `:`, which would make a first segment read as a scheme).
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
                    | b'/'
            );
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The SARIF format: the log written as results come, pretty-printed with a final
/// newline: the opening up to the results array, each result, the closing. Memory does not
/// grow with the number of results.
pub(super) struct Sarif {
    /// The rules the log describes (a result names its rule's index among them).
    rules: Vec<RuleInfo>,
    /// What follows the results array.
    tail: String,
    /// The indentation of the `results` key (and of the array's closing bracket).
    key_indent: String,
    /// The indentation of the results array's items.
    indent: String,
    first: bool,
}

/// Stands for the results array in the serialised opening.
const RESULTS_MARK: &str = "\u{0}results\u{0}";

impl Sarif {
    /// Writes the opening of the log that describes `rules`.
    pub(super) fn open(out: &mut dyn Write, rules: Vec<RuleInfo>) -> io::Result<Sarif> {
        let mut log = log_without_results(&rules);
        log["runs"][0]["results"] = Value::String(RESULTS_MARK.to_owned());
        let text = serde_json::to_string_pretty(&log)?;
        let mark = serde_json::to_string(RESULTS_MARK)?;
        let (head, tail) = text
            .split_once(mark.as_str())
            .ok_or_else(|| io::Error::other("the SARIF results mark is missing"))?;
        let line_start = head.rfind('\n').map_or(0, |i| i + 1);
        let key_indent = head.len() - line_start - head[line_start..].trim_start().len();
        out.write_all(head.as_bytes())?;
        out.write_all(b"[")?;
        Ok(Sarif {
            rules,
            tail: format!("{tail}\n"),
            key_indent: " ".repeat(key_indent),
            indent: " ".repeat(key_indent + 2),
            first: true,
        })
    }
}

impl Emit for Sarif {
    fn file(
        &mut self,
        out: &mut dyn Write,
        _path: &Path,
        diagnostics: &[Diagnostic],
        _text: Option<&str>,
    ) -> io::Result<()> {
        for d in diagnostics {
            out.write_all(if self.first { b"\n" } else { b",\n" })?;
            self.first = false;
            super::json::write_indented(out, &result(d, &self.rules), &self.indent)?;
        }
        Ok(())
    }

    fn close(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.first {
            // An empty array's closing bracket follows `[` directly.
            out.write_all(b"\n")?;
            out.write_all(self.key_indent.as_bytes())?;
        }
        out.write_all(b"]")?;
        out.write_all(self.tail.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render::{fixtures, Format, RenderOptions};

    fn rules() -> Vec<RuleInfo> {
        vec![
            RuleInfo {
                name: "url-scheme",
                default_level: Level::Error,
                summary: "a URL uses a scheme other than http/https".into(),
            },
            RuleInfo {
                name: "date-no-timezone",
                default_level: Level::Warning,
                summary: "`date` has a time but no offset".into(),
            },
        ]
    }

    #[test]
    fn a_sarif_2_1_0_log_with_rules_results_and_fixes() {
        let options = RenderOptions::default().with_rules(rules());
        let out = fixtures::render(Format::Sarif, options, &fixtures::diagnostics(), None);
        let log: Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "newspost");
        assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "url-scheme");
        assert_eq!(
            run["tool"]["driver"]["rules"][1]["defaultConfiguration"]["level"],
            "warning"
        );
        let results = run["results"].as_array().cloned().unwrap_or_default();
        assert_eq!(results.len(), 3);
        assert_eq!(
            results[0],
            json!({
                "ruleId": "date-no-timezone", "ruleIndex": 1, "level": "warning",
                "message": {"text": "`date` has a time but no offset, so its instant is ambiguous\nhelp: add the offset the time was written in, e.g. `Z` or `+08:00`"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": "posts/2024-07-03-x.md", "uriBaseId": "SRCROOT"},
                    "region": {"startLine": 3, "startColumn": 7, "endLine": 3, "endColumn": 26,
                               "byteOffset": 28, "byteLength": 19}}}],
            })
        );
        assert_eq!(results[2]["level"], "note");
        assert!(results[2].get("ruleIndex").is_none());
        assert_eq!(
            results[2]["fixes"][0]["artifactChanges"][0]["replacements"][0],
            json!({"deletedRegion": {"byteOffset": 28, "byteLength": 0},
                   "insertedContent": {"text": "<!--1719993633000-->\n"}})
        );
    }
}
