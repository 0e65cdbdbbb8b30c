//! Helpers for the rules' unit tests.

use std::path::Path;

use super::config::{parse_now, LintConfig};
use super::context::Context;
use super::linter::Linter;
use super::rule::{Finding, Findings, Rule};
use super::trust::Trust;
use crate::diagnostics::Diagnostic;
use crate::parse::Parsed;

/// A valid post: it triggers no rule (once the body parser reads its paragraph).
pub const VALID: &str = "---\n\
layout: post\n\
title: \"习近平：中国支持哈萨克斯坦\"\n\
date: 2024-07-03T08:00:33.000Z\n\
author: 联合早报\n\
from: https://www.zaobao.com/realtime/china/story20240703-4032055\n\
tags: [ 联合早报 ]\n\
comments: True\n\
categories: [ 联合早报 ]\n\
---\n\
<!--1719993633000-->\n\
[习近平：中国支持哈萨克斯坦](https://www.zaobao.com/realtime/china/story20240703-4032055)\n\
------\n\
\n\
<div>\n\
<p>第一段。</p>\n\
</div>\n";

/// The file name the tests lint under (its day matches VALID's date).
pub const PATH: &str = "_posts/2024-07-03-story20240703-4032055.md";

pub fn config() -> LintConfig {
    LintConfig {
        now: parse_now("2026-01-01T00:00:00Z").ok(),
        ..LintConfig::default()
    }
}

pub fn linter() -> Linter {
    Linter::new(config())
}

pub fn trusting(trust: Trust) -> Linter {
    let mut config = config();
    config.trust = Some(trust);
    Linter::new(config)
}

/// The diagnostics of one rule on `text`.
pub fn diagnostics(rule: &str, text: &str) -> Vec<Diagnostic> {
    diagnostics_at(rule, PATH, text)
}

pub fn diagnostics_at(rule: &str, path: &str, text: &str) -> Vec<Diagnostic> {
    linter()
        .check(path, text)
        .into_iter()
        .filter(|d| d.rule == rule)
        .collect()
}

/// `text` with every fix applied.
pub fn fixed(linter: &Linter, text: &str) -> String {
    linter.lint_and_fix(PATH, text).text
}

/// Runs one rule on `text` after `edit` changed what the parser made of it (to test body
/// rules on hand-made parts).
pub fn check_parsed(rule: &dyn Rule, text: &str, edit: impl FnOnce(&mut Parsed)) -> Vec<Finding> {
    let mut parsed = crate::lint::context::lint_view(crate::parse::parse_lenient(text));
    edit(&mut parsed);
    let now = config().now.unwrap_or_default();
    let ctx = Context::new(Path::new(PATH), text, &parsed, now, None);
    let mut found = Findings::unlimited();
    rule.check(&ctx, &mut found);
    found.into_parts().0
}

/// The text a finding points at.
pub fn pointed<'t>(text: &'t str, finding: &Finding) -> &'t str {
    text.get(finding.range.clone()).unwrap_or_default()
}

/// The text a diagnostic points at.
pub fn at<'t>(text: &'t str, d: &Diagnostic) -> &'t str {
    text.get(d.span.range()).unwrap_or_default()
}
