//! SARIF 2.1.0, the format GitHub code scanning (and other tools) read: one run whose
//! tool lists every rule, and one result per diagnostic with its region and fix.
//!
//! Columns count Unicode code points (`columnKind: unicodeCodePoints`), as everywhere in
//! newspost. File URIs are the paths as given, relative to where the linter ran, so run
//! it from the repository's root for code scanning.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::slash_path;
use crate::diagnostics::{Diagnostic, Level, RuleInfo};

fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

/// The SARIF log of `diagnostics`, describing `rules`.
pub fn to_value(diagnostics: &[Diagnostic], rules: &[RuleInfo]) -> Value {
    let rule_index = |name: &str| rules.iter().position(|r| r.name == name);
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": slash_path(&d.path) },
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
                        "artifactLocation": { "uri": slash_path(&d.path) },
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
        })
        .collect();
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
            "results": results,
        }],
    })
}

/// Writes the SARIF log, pretty-printed, with a final newline.
pub fn write(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    rules: &[RuleInfo],
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(diagnostics, rules))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render::fixtures;

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
        let log = to_value(&fixtures::diagnostics(), &rules());
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
                    "artifactLocation": {"uri": "posts/2024-07-03-x.md"},
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
