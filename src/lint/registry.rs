//! Every rule, listed once.

use super::rule::{FixAvailability, Rule};
use super::rules::*;
use crate::diagnostics::RuleInfo;

/// Every rule, in catalog order.
pub(crate) static RULES: &[&dyn Rule] = &[
    &front_matter_missing::FrontMatterMissing,
    &front_matter_syntax::FrontMatterSyntax,
    &field_missing::FieldMissing,
    &field_type::FieldType,
    &date_invalid::DateInvalid,
    &date_no_timezone::DateNoTimezone,
    &date_in_future::DateInFuture,
    &date_implausible::DateImplausible,
    &filename_date_mismatch::FilenameDateMismatch,
    &epoch_missing::EpochMissing,
    &epoch_malformed::EpochMalformed,
    &epoch_mismatch::EpochMismatch,
    &url_invalid::UrlInvalid,
    &url_scheme::UrlScheme,
    &header_missing::HeaderMissing,
    &title_mismatch::TitleMismatch,
    &source_mismatch::SourceMismatch,
    &body_empty::BodyEmpty,
    &image_missing_src::ImageMissingSrc,
    &url_relative::UrlRelative,
    &control_character::ControlCharacter,
    &duplicate_source::DuplicateSource,
];

/// The rule of that name.
pub(crate) fn find(name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|rule| rule.meta().name == name)
}

/// Name, default level and summary of every rule, in catalog order.
///
/// ```
/// let rules = newspost::rule_infos();
/// assert_eq!(rules.len(), 22);
/// assert!(rules.iter().any(|r| r.name == "epoch-mismatch"));
/// ```
pub fn rule_infos() -> Vec<RuleInfo> {
    RULES
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            RuleInfo {
                name: meta.name,
                default_level: meta.default_level,
                summary: meta.summary.to_owned(),
            }
        })
        .collect()
}

/// A rule's documentation as Markdown: its name and default level, then what it does,
/// why that is bad, an example and its fix. `None` for a name no rule has.
///
/// ```
/// let docs = newspost::rule_docs("epoch-mismatch").unwrap_or_default();
/// assert!(docs.starts_with("# epoch-mismatch\n\nDefault level: **error**"));
/// assert!(docs.contains("## Why is this bad?"));
/// assert!(newspost::rule_docs("no-such-rule").is_none());
/// ```
pub fn rule_docs(name: &str) -> Option<String> {
    let meta = find(name)?.meta();
    let body: Vec<&str> = meta
        .docs
        .lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect();
    Some(format!(
        "# {}\n\nDefault level: **{}**\n\n{}\n",
        meta.name,
        meta.default_level,
        body.join("\n").trim()
    ))
}

/// `docs/rules.md`: every rule with its level and documentation, generated from the
/// rules' own docs.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Lint rules\n\n\
         <!-- Generated from the rules' docs in src/lint/rules/*.rs; do not edit. \
         Regenerate with `UPDATE_DOCS=1 cargo test --lib rules_doc_is_current`. -->\n\n\
         Every rule has a stable name and a default level. Set levels per rule in \
         `newspost.toml` (next to the posts, or `--config FILE`) or on the command line \
         (`--deny RULE`, `--warn RULE`, `--allow RULE`):\n\n\
         ```toml\n\
         # newspost.toml\n\
         now = \"2026-01-01T00:00:00Z\"  # \"now\" for date-in-future (default: the clock)\n\
         trust = \"date\"                # which side --fix trusts on epoch-mismatch: date or epoch\n\n\
         [rules]\n\
         url-relative = \"allow\"        # allow (off), info, warning (warn) or error (deny)\n\
         date-no-timezone = \"error\"\n\
         ```\n\n\
         The command line wins over the file, the file over the defaults. The file is \
         looked for in the directory of the first path given (the file's directory for a \
         file) and then in its ancestors.\n\n\
         A file turns rules off for itself with an HTML comment anywhere in it, \
         `<!-- newspost-disable rule-name other-rule -->` (names separated by spaces or \
         commas), or every rule with a bare `<!-- newspost-disable -->`. It holds for the \
         whole file (for `duplicate-source`: that file gets no diagnostic, the files sharing \
         its `from` still do). A name that no rule has gets an `unknown-rule` warning.\n\n\
         Files that cannot be read at all (I/O error, not UTF-8, larger than the parser's \
         limit) get one `file-unreadable` error; that is no rule and cannot be allowed.\n\n\
         What the rules read: a front matter that opens and never closes gives \
         `front-matter-missing` only (nothing after it is checked); a front matter that is \
         not valid YAML gives `front-matter-syntax` only, and no rule that needs a \
         front-matter value runs (`convert` still recovers its entries one by one). The date \
         rules (`date-no-timezone`, `date-in-future`, `date-implausible`, \
         `filename-date-mismatch`, `epoch-mismatch`) check the post's date: the front \
         matter's `date`, else, in a post of the older shape without front matter, the \
         `日期：` line under the header.\n\n\
         | rule | default | flags | fix |\n|---|---|---|---|\n",
    );
    for rule in RULES {
        let meta = rule.meta();
        let fix = match meta.fix {
            FixAvailability::None => "no",
            FixAvailability::Chosen => "with `--trust`",
            FixAvailability::Safe => "yes",
        };
        out.push_str(&format!(
            "| [`{0}`](#{0}) | {1} | {2} | {3} |\n",
            meta.name,
            meta.default_level,
            meta.summary.replace('|', "\\|"),
            fix
        ));
    }
    for rule in RULES {
        let meta = rule.meta();
        out.push_str(&format!(
            "\n## {}\n\nDefault level: **{}**\n\n",
            meta.name, meta.default_level
        ));
        let body: Vec<&str> = meta
            .docs
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect();
        let body = body.join("\n");
        // Rule docs use `##` sections; under the rule's own `##` they become `###`.
        out.push_str(
            &body
                .trim()
                .replace("\n## ", "\n### ")
                .replacen("## ", "### ", 1),
        );
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Level;
    use crate::lint::context::collapse_whitespace;

    /// The catalog in `tests/fixtures/lint/catalog.md` is a copy of the public rule
    /// contract; the registry must match it exactly.
    #[test]
    fn registry_matches_the_catalog() {
        let catalog = include_str!("../../tests/fixtures/lint/catalog.md");
        let mut expected = Vec::new();
        for line in catalog.lines() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            if cells.len() < 4 || cells[1] == "rule" || cells[1].starts_with("---") {
                continue;
            }
            expected.push((cells[1].to_owned(), cells[2].to_owned()));
        }
        assert_eq!(expected.len(), 22);
        let actual: Vec<(String, String)> = RULES
            .iter()
            .map(|r| (r.meta().name.to_owned(), r.meta().default_level.to_string()))
            .collect();
        assert_eq!(actual, expected);
    }

    #[test]
    fn every_rule_is_documented_with_every_section() {
        for rule in RULES {
            let meta = rule.meta();
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Fix",
            ] {
                assert!(meta.docs.contains(section), "{} lacks {section}", meta.name);
            }
        }
    }

    /// The first paragraph under "What it does", on one line.
    fn summary_in(docs: &str) -> String {
        let after = docs
            .split_once("## What it does")
            .map_or(docs, |(_, rest)| rest);
        let trimmed = after.trim_start();
        let end = trimmed
            .find("\n\n")
            .or_else(|| trimmed.find("\n \n"))
            .unwrap_or(trimmed.len());
        collapse_whitespace(trimmed.get(..end).unwrap_or(trimmed))
    }

    /// What the docs' "Fix" section says, by its first word.
    fn fix_in(docs: &str) -> FixAvailability {
        let section = docs
            .split_once("## Fix")
            .map_or("", |(_, rest)| rest.trim_start());
        if section.starts_with("None") {
            FixAvailability::None
        } else if section.starts_with("Only") {
            FixAvailability::Chosen
        } else {
            FixAvailability::Safe
        }
    }

    #[test]
    fn summary_and_fix_agree_with_the_docs() {
        for rule in RULES {
            let meta = rule.meta();
            assert!(!meta.summary.is_empty(), "{}", meta.name);
            assert_eq!(meta.summary, summary_in(meta.docs), "{}", meta.name);
            assert_eq!(meta.fix, fix_in(meta.docs), "{}", meta.name);
        }
    }

    #[test]
    fn names_are_unique_kebab_case() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.meta().name).collect();
        assert!(names
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
        assert_eq!(
            find("epoch-mismatch").map(|r| r.meta().default_level),
            Some(Level::Error)
        );
    }

    #[test]
    fn rules_doc_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
        let generated = rules_markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(path, &generated).ok();
        }
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test --lib rules_doc_is_current`"
        );
    }
}
