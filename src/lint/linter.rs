//! The [`Linter`]: runs every enabled rule over one file at a time, and keeps what the
//! rules over the files of a run (`duplicate-source`) record of each until it finishes.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};

use super::config::LintConfig;
use super::context::Context;
use super::cross_file::{Records, RunFinding};
use super::registry;
use super::rule::{Finding, Findings, Rule};
use super::suppression::{self, Suppressions};
use crate::diagnostics::{apply_fixes, Applicability, Diagnostic, Fingerprint, Level};
use crate::encoding::guess_encoding;
use crate::error::ErrorKind;
use crate::parse::ParseOptions;
use crate::span::{LineIndex, Span};

/// The most findings of one rule a report ([`Linter::lint`]) lists for one file.
pub const MAX_FINDINGS_PER_RULE: usize = 100;

/// The most findings a report ([`Linter::lint`]) lists for one file.
pub const MAX_FINDINGS_PER_FILE: usize = 1000;

/// The rule name of diagnostics about files that could not be read at all (I/O error,
/// not UTF-8, too large). It is no lint rule: it cannot be turned off, and it is an error.
pub const FILE_ERROR_RULE: &str = "file-unreadable";

/// The rule name of warnings that the parser hit one of its limits
/// ([`ParseOptions`](crate::parse::ParseOptions)) and read the file only in part (for now: body
/// elements nested too deep, whose tags were ignored and text kept). Like
/// [`FILE_ERROR_RULE`] it is no catalog rule and cannot be turned off.
pub const LIMIT_RULE: &str = "parse-limit";

/// The rule name of warnings about a name in a `<!-- newspost-disable … -->` comment that
/// no rule has. Like [`FILE_ERROR_RULE`] it is no catalog rule and cannot be turned off.
pub const UNKNOWN_RULE: &str = "unknown-rule";

/// Lints files with one configuration.
///
/// Each file is independent, so files may be linted from several threads at once
/// (`Linter` is `Sync`); [`Linter::finish`] then gives the diagnostics that need every
/// file (`duplicate-source`).
#[derive(Debug)]
pub struct Linter {
    config: LintConfig,
    now: DateTime<Utc>,
    rules: Vec<(&'static dyn Rule, Level)>,
    options: ParseOptions,
    /// What each rule of `rules` (at the same index) recorded of the files linted so far;
    /// only rules over the files of a run record anything.
    records: Vec<Mutex<Records>>,
}

impl std::fmt::Debug for dyn Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.meta().name)
    }
}

/// What [`Linter::lint_and_fix`] did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FixOutcome {
    /// The text after every fix.
    pub text: String,
    /// The diagnostics whose fixes were applied (positions in the text they were found
    /// in).
    pub fixed: Vec<Diagnostic>,
    /// What is left in the fixed text.
    pub remaining: Vec<Diagnostic>,
}

/// Fix rounds before giving up on a file whose fixes keep making new ones.
const MAX_FIX_ROUNDS: usize = 8;

impl Linter {
    /// A linter with `config`; "now" is the configured one or the clock, read once.
    pub fn new(config: LintConfig) -> Self {
        let rules: Vec<(&'static dyn Rule, Level)> = registry::RULES
            .iter()
            .filter_map(|rule| config.level(rule.meta().name).level().map(|l| (*rule, l)))
            .collect();
        let records = rules.iter().map(|_| Mutex::default()).collect();
        Linter {
            now: config.now.unwrap_or_else(Utc::now),
            config,
            rules,
            options: ParseOptions::default(),
            records,
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &LintConfig {
        &self.config
    }

    /// Checks one file's text, without recording it for the cross-file rules. Every
    /// finding is returned (fixing needs them all); see [`Linter::lint`] for a report.
    pub fn check(&self, path: impl AsRef<Path>, text: &str) -> Vec<Diagnostic> {
        self.run(path.as_ref(), text, false, false)
    }

    /// Checks one file's text and records it for the cross-file rules. A report lists at
    /// most [`MAX_FINDINGS_PER_RULE`] findings of a rule and [`MAX_FINDINGS_PER_FILE`] of a
    /// file; where more were found, one more diagnostic of that rule, at the first finding
    /// left out, says how many are not listed (so a file of 500,000 control characters
    /// reports a bounded list).
    pub fn lint(&self, path: impl AsRef<Path>, text: &str) -> Vec<Diagnostic> {
        self.run(path.as_ref(), text, true, true)
    }

    /// [`Linter::lint`] on bytes: text that is not UTF-8 gives one diagnostic.
    pub fn lint_bytes(&self, path: impl AsRef<Path>, bytes: &[u8]) -> Vec<Diagnostic> {
        let path = path.as_ref();
        // Vector validation first; std only to find where a bad byte is.
        if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
            return self.lint(path, text);
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => self.lint(path, text),
            Err(e) => {
                let offset = e.valid_up_to();
                let valid = std::str::from_utf8(bytes.get(..offset).unwrap_or_default())
                    .unwrap_or_default();
                let index = LineIndex::new(valid);
                let span = index.span(offset, offset);
                vec![Diagnostic {
                    rule: FILE_ERROR_RULE,
                    level: Level::Error,
                    path: path.to_path_buf(),
                    span: Span {
                        end: offset + e.error_len().unwrap_or(1),
                        ..span
                    },
                    end: index.position(offset),
                    message: match guess_encoding(bytes) {
                        Some(encoding) => format!("not UTF-8: the file is in {encoding}"),
                        None => format!("not UTF-8: invalid byte sequence at byte {offset}"),
                    },
                    help: Some("save the file as UTF-8".to_owned()),
                    fix: None,
                    fingerprint: Fingerprint::new(FILE_ERROR_RULE, "not UTF-8"),
                }]
            }
        }
    }

    /// A diagnostic for a file that could not be read.
    pub fn unreadable(path: impl AsRef<Path>, error: &std::io::Error) -> Diagnostic {
        Diagnostic {
            rule: FILE_ERROR_RULE,
            level: Level::Error,
            path: path.as_ref().to_path_buf(),
            span: Span {
                start: 0,
                end: 0,
                line: 1,
                column: 1,
            },
            end: crate::span::Position { line: 1, column: 1 },
            message: format!("cannot read the file: {error}"),
            help: None,
            fix: None,
            fingerprint: Fingerprint::new(FILE_ERROR_RULE, "cannot read"),
        }
    }

    /// Applies every fix (safe ones, and those the configured `trust` allows) until none
    /// is left or applying changes nothing more. Records nothing for the cross-file
    /// rules (see [`Linter::lint_and_fix`]).
    ///
    /// ```
    /// # use newspost::{LintConfig, Linter};
    /// let text = "---\ntitle: t\ndate: 2024-07-03T08:00:33Z\nfrom: https://e.com/a\n---\n\
    ///             [t](https://e.com/a)\n------\n\n<div><p>text</p></div>\n";
    /// let outcome = Linter::new(LintConfig::default()).fix("a.md", text);
    /// assert_eq!(outcome.fixed[0].rule, "epoch-missing");
    /// assert!(outcome.text.contains("---\n<!--1719993633000-->\n[t]"));
    /// ```
    pub fn fix(&self, path: impl AsRef<Path>, text: &str) -> FixOutcome {
        let path = path.as_ref();
        let (text, fixed) = self.fix_rounds(path, text);
        let remaining = self.check(path, &text);
        FixOutcome {
            text,
            fixed,
            remaining,
        }
    }

    /// [`Linter::fix`], recording the fixed text for the cross-file rules.
    pub fn lint_and_fix(&self, path: impl AsRef<Path>, text: &str) -> FixOutcome {
        let path = path.as_ref();
        let (text, fixed) = self.fix_rounds(path, text);
        let remaining = self.lint(path, &text);
        FixOutcome {
            text,
            fixed,
            remaining,
        }
    }

    fn fix_rounds(&self, path: &Path, text: &str) -> (String, Vec<Diagnostic>) {
        let mut current = text.to_owned();
        let mut fixed = Vec::new();
        for _ in 0..MAX_FIX_ROUNDS {
            let diagnostics = self.check(path, &current);
            let fixable: Vec<&Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.fix.as_ref().is_some_and(|f| self.allows(f.applicability)))
                .collect();
            if fixable.is_empty() {
                break;
            }
            let fixes = fixable.iter().filter_map(|d| d.fix.as_ref());
            let outcome = apply_fixes(&current, fixes);
            if outcome.applied.is_empty() || outcome.text == current {
                break;
            }
            // Every one of `fixable` has a fix, so the fixes' indices are theirs.
            fixed.extend(
                outcome
                    .applied
                    .iter()
                    .filter_map(|&i| fixable.get(i))
                    .map(|d| (*d).clone()),
            );
            current = outcome.text;
        }
        (current, fixed)
    }

    fn allows(&self, applicability: Applicability) -> bool {
        match applicability {
            Applicability::Safe => true,
            // Chosen fixes are only made when the user chose a side.
            Applicability::Chosen => self.config.trust.is_some(),
        }
    }

    /// The diagnostics that need every file of the run, in path order; call once all
    /// files were linted. Clears what was recorded.
    pub fn finish(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for ((rule, level), records) in self.rules.iter().zip(&self.records) {
            let records = match records.lock() {
                Ok(mut records) => std::mem::take(&mut *records),
                Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
            };
            for finding in rule.finish(&records) {
                let RunFinding {
                    record,
                    message,
                    help,
                } = finding;
                let Some(recorded) = records.get(record) else {
                    continue;
                };
                if recorded.suppressed {
                    continue;
                }
                let name = rule.meta().name;
                out.push(Diagnostic {
                    rule: name,
                    level: *level,
                    path: recorded.path.to_path_buf(),
                    span: recorded.span,
                    end: recorded.end,
                    message,
                    help,
                    fix: None,
                    fingerprint: Fingerprint::new(name, recorded.value),
                });
            }
        }
        // Stable: one file's findings keep the order their rules gave them in.
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    /// Parses and checks one file; with `record`, also keeps what the rules over the files
    /// of a run need of it.
    fn run(&self, path: &Path, text: &str, record: bool, capped: bool) -> Vec<Diagnostic> {
        let index = LineIndex::new(text);
        let parsed =
            super::context::lint_view(crate::parse::parse_lenient_indexed(&index, &self.options));
        let mut diagnostics = Vec::new();
        if let Some(error) = parsed
            .errors
            .iter()
            .find(|e| matches!(e.kind(), ErrorKind::TooLarge { .. }))
        {
            diagnostics.push(Diagnostic {
                rule: FILE_ERROR_RULE,
                level: Level::Error,
                path: path.to_path_buf(),
                span: error.span(),
                end: index.position(error.span().end),
                message: error.kind().to_string(),
                help: None,
                fix: None,
                fingerprint: Fingerprint::new(FILE_ERROR_RULE, "too large"),
            });
            return diagnostics;
        }
        let ctx = Context::new(path, text, &parsed, self.now, self.config.trust);
        let suppressed = suppression::scan(text);
        let mut listed = 0usize;
        for (rule, level) in &self.rules {
            if suppressed.covers(rule.meta().name) {
                continue;
            }
            // A report's rule stops listing at its cap and only counts the rest, so its
            // memory does not grow with the findings.
            let mut found = if capped {
                Findings::with_limit(
                    MAX_FINDINGS_PER_RULE.min(MAX_FINDINGS_PER_FILE.saturating_sub(listed)),
                )
            } else {
                Findings::unlimited()
            };
            rule.check(&ctx, &mut found);
            let (kept, left_out, first_left_out) = found.into_parts();
            listed += kept.len();
            diagnostics.extend(
                kept.into_iter()
                    .map(|f| to_diagnostic(f, *rule, *level, path, &index)),
            );
            if let Some(first_left_out) = first_left_out {
                let mut more = to_diagnostic(first_left_out, *rule, *level, path, &index);
                more.message = format!(
                    "{left_out} more `{}` findings in this file are not listed (a report lists at most {MAX_FINDINGS_PER_RULE} per rule and {MAX_FINDINGS_PER_FILE} per file); the first is here",
                    rule.meta().name
                );
                more.help =
                    Some("`newspost lint --fix` repairs the fixable ones all at once".to_owned());
                more.fix = None;
                more.fingerprint = Fingerprint::new(rule.meta().name, "findings not listed");
                diagnostics.push(more);
            }
        }
        for error in &parsed.errors {
            let help = match error.kind() {
                ErrorKind::HtmlTooDeep { .. } => "the structure beyond the limit is flattened; raise ParseOptions::max_html_depth to keep it",
                ErrorKind::HtmlTooManyTags { .. } => "the body past the limit is left out; raise ParseOptions::max_html_tags to read it",
                _ => continue,
            };
            {
                diagnostics.push(Diagnostic {
                    rule: LIMIT_RULE,
                    level: Level::Warning,
                    path: path.to_path_buf(),
                    span: error.span(),
                    end: index.position(error.span().end),
                    message: error.kind().to_string(),
                    help: Some(help.to_owned()),
                    fix: None,
                    fingerprint: Fingerprint::at(LIMIT_RULE, text, error.span().range()),
                });
            }
        }
        unknown_names(&suppressed, path, &index, &mut diagnostics);
        diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
        if record {
            for ((rule, _), records) in self.rules.iter().zip(&self.records) {
                let Some(kept) = rule.record(&ctx) else {
                    continue;
                };
                let at = (
                    index.span(kept.range.start, kept.range.end),
                    index.position(kept.range.end),
                );
                let suppressed = suppressed.covers(rule.meta().name);
                match records.lock() {
                    Ok(mut records) => records.push(path, &kept, at, suppressed),
                    Err(poisoned) => poisoned.into_inner().push(path, &kept, at, suppressed),
                }
            }
        }
        diagnostics
    }
}

/// A warning for each name of a suppression comment that no rule has.
fn unknown_names(
    suppressed: &Suppressions,
    path: &Path,
    index: &LineIndex<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for (range, name) in &suppressed.unknown {
        out.push(Diagnostic {
            rule: UNKNOWN_RULE,
            level: Level::Warning,
            path: path.to_path_buf(),
            span: index.span(range.start, range.end),
            end: index.position(range.end),
            message: format!("`{}` names no rule: `{name}`", suppression::KEYWORD),
            help: Some("use a rule name from docs/rules.md, or `newspost rule --list`".to_owned()),
            fix: None,
            fingerprint: Fingerprint::new(UNKNOWN_RULE, name),
        });
    }
}

fn to_diagnostic(
    finding: Finding,
    rule: &dyn Rule,
    level: Level,
    path: &Path,
    index: &LineIndex<'_>,
) -> Diagnostic {
    let Finding {
        range,
        message,
        help,
        fix,
    } = finding;
    let meta = rule.meta();
    debug_assert!(
        fix.as_ref()
            .is_none_or(|fix| meta.fix.allows(fix.applicability)),
        "a `{}` fix its RuleMeta::fix does not allow",
        meta.name
    );
    Diagnostic {
        rule: meta.name,
        level,
        path: PathBuf::from(path),
        span: index.span(range.start, range.end),
        end: index.position(range.end.max(range.start)),
        message,
        help,
        fix,
        fingerprint: Fingerprint::at(meta.name, index.text(), range),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_lists_findings_up_to_the_caps_and_counts_the_rest() {
        let linter = Linter::new(LintConfig::default());
        // 1,500 control characters and 1,500 relative links: two rules past their cap.
        let text = format!(
            "<div><p>{}</p><p>{}</p></div>\n",
            "a\u{1}".repeat(1_500),
            "<a href=\"x/y\">l</a> ".repeat(1_500)
        );
        let of = |found: &[Diagnostic], rule: &str| -> Vec<String> {
            found
                .iter()
                .filter(|d| d.rule == rule)
                .map(|d| d.message.clone())
                .collect()
        };
        let all = linter.check("a.md", &text);
        assert_eq!(of(&all, "control-character").len(), 1_500);
        let report = linter.lint("a.md", &text);
        for rule in ["control-character", "url-relative"] {
            let listed = of(&report, rule);
            assert_eq!(listed.len(), MAX_FINDINGS_PER_RULE + 1, "{rule}");
            let more = listed.last().map(String::as_str).unwrap_or_default();
            assert!(
                more.starts_with(&format!("{} more `{rule}`", 1_500 - MAX_FINDINGS_PER_RULE)),
                "{more}"
            );
        }
        // The "more" finding stands at the first finding left out.
        let controls: Vec<_> = all
            .iter()
            .filter(|d| d.rule == "control-character")
            .collect();
        let more = report
            .iter()
            .rfind(|d| d.rule == "control-character")
            .map(|d| d.span);
        assert_eq!(more, Some(controls[MAX_FINDINGS_PER_RULE].span));
    }

    #[test]
    fn findings_past_the_limit_are_counted_and_the_first_kept() {
        let mut found = Findings::with_limit(2);
        for start in 0..5 {
            found.push(Finding::new(start..start + 1, format!("f{start}")));
        }
        let (listed, left_out, first) = found.into_parts();
        assert_eq!(
            listed.iter().map(|f| f.range.start).collect::<Vec<_>>(),
            [0, 1]
        );
        assert_eq!(left_out, 3);
        assert_eq!(first.map(|f| f.range), Some(2..3));
    }

    #[test]
    fn a_linter_can_be_shared_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Linter>();
    }

    #[test]
    fn text_that_is_not_utf8_is_one_diagnostic_at_its_position() {
        let linter = Linter::new(LintConfig::default());
        let found = linter.lint_bytes("a.md", b"---\ntitle: caf\xe9\n---\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, FILE_ERROR_RULE);
        assert_eq!(
            (found[0].line(), found[0].column(), found[0].span.start),
            (2, 11, 14)
        );
    }

    #[test]
    fn a_body_nested_past_the_limit_gets_one_warning() {
        let linter = Linter::new(LintConfig::default());
        let text = format!(
            "<div>{}x{}</div>\n",
            "<div>".repeat(300),
            "</div>".repeat(300)
        );
        let found: Vec<_> = linter
            .check("a.md", &text)
            .into_iter()
            .filter(|d| d.rule == LIMIT_RULE)
            .collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].level, Level::Warning);
        assert_eq!(found[0].line(), 1);
    }

    #[test]
    fn a_suppression_comment_turns_rules_off_for_its_file_only() {
        let text =
            "<div><p>x</p></div>\n<!-- newspost-disable front-matter-missing epoch-missin -->\n";
        let linter = Linter::new(LintConfig::default());
        let found = linter.check("a.md", text);
        assert!(found.iter().all(|d| d.rule != "front-matter-missing"));
        assert!(found.iter().any(|d| d.rule == "epoch-missing"));
        let unknown: Vec<_> = found.iter().filter(|d| d.rule == UNKNOWN_RULE).collect();
        assert_eq!(unknown.len(), 1);
        assert_eq!(&text[unknown[0].span.range()], "epoch-missin");
        let plain = linter.check("b.md", "<div><p>x</p></div>\n");
        assert!(plain.iter().any(|d| d.rule == "front-matter-missing"));
    }

    #[test]
    fn fingerprints_stay_when_lines_move_and_differ_by_content() {
        let linter = Linter::new(LintConfig::default());
        let text = "<div><p><a href=\"/a\">a</a></p>\n<p><a href=\"/b\">b</a></p></div>\n";
        let moved = format!("\n\n\n{text}");
        let prints = |t: &str| -> Vec<_> {
            linter
                .check("a.md", t)
                .into_iter()
                .filter(|d| d.rule == "url-relative")
                .map(|d| d.fingerprint)
                .collect()
        };
        let before = prints(text);
        assert_eq!(before.len(), 2);
        assert_ne!(before[0], before[1]);
        assert_eq!(prints(&moved), before);
    }

    #[test]
    fn allowed_rules_do_not_run_and_levels_can_change() {
        let text = "<div><p>x</p></div>\n";
        let mut config = LintConfig::default();
        config
            .set_level("front-matter-missing", crate::diagnostics::RuleLevel::Allow)
            .ok();
        config
            .set_level(
                "epoch-missing",
                crate::diagnostics::RuleLevel::Report(Level::Error),
            )
            .ok();
        let found = Linter::new(config).check("a.md", text);
        assert!(found.iter().all(|d| d.rule != "front-matter-missing"));
        assert!(found
            .iter()
            .any(|d| d.rule == "epoch-missing" && d.level == Level::Error));
    }
}
