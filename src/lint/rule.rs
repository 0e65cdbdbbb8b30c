//! What a rule is: the [`Rule`] trait, its [`RuleMeta`] (what it is, as data), the
//! [`Finding`]s a check reports into [`Findings`], and [`declare_rule!`], which makes a
//! rule's unit struct from its docs.

use std::ops::Range;

use super::context::Context;
use super::cross_file::{Record, Records, RunFinding};
use crate::diagnostics::{Applicability, Fix, Level};

/// A lint rule: what it is ([`RuleMeta`]) and what it finds, in each file and, for a
/// rule that compares the files of a run (`duplicate-source`), among them.
///
/// The linter checks files from several threads at once, so a rule keeps no state: what
/// it needs across files it gives as a [`Record`] of each file, and the linter keeps them
/// until [`Rule::finish`].
pub(crate) trait Rule: Sync {
    /// Its name, level, summary, fix and documentation.
    fn meta(&self) -> &'static RuleMeta;

    /// What it finds in one file.
    fn check(&self, ctx: &Context<'_>, found: &mut Findings);

    /// What a rule over the files of a run keeps of this file for [`Rule::finish`].
    /// A rule of one file at a time keeps nothing (the default).
    fn record<'a>(&self, _ctx: &Context<'a>) -> Option<Record<'a>> {
        None
    }

    /// What a rule over the files of a run finds among the records of every file, once
    /// all were linted. A file that turns the rule off gets none of these findings, but
    /// its record is among the others. Nothing by default.
    fn finish(&self, _records: &Records) -> Vec<RunFinding> {
        Vec::new()
    }
}

/// What a rule is, as data: what `newspost rule`, `docs/rules.md` and SARIF logs say
/// about it.
#[derive(Debug)]
pub(crate) struct RuleMeta {
    /// The stable kebab-case name.
    pub name: &'static str,
    /// The level it reports at unless configured otherwise.
    pub default_level: Level,
    /// One line saying what it flags: the first paragraph of "What it does" in
    /// [`RuleMeta::docs`] (a test keeps the two alike).
    pub summary: &'static str,
    /// Whether its findings come with fixes (a test keeps it and the docs' "Fix" alike).
    pub fix: FixAvailability,
    /// Markdown: what it does, why it matters, an example, its fix.
    pub docs: &'static str,
}

/// Whether a rule's findings come with a fix, and which [`Applicability`] it has.
///
/// [`Applicability`]: crate::diagnostics::Applicability
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FixAvailability {
    /// Never.
    None,
    /// Safe fixes (where the file holds what the fix needs).
    Safe,
    /// Fixes made only when the user chose a side (`--trust`).
    Chosen,
}

impl FixAvailability {
    /// Whether a fix of `applicability` is one this availability allows.
    pub(crate) fn allows(self, applicability: Applicability) -> bool {
        matches!(
            (self, applicability),
            (FixAvailability::Safe, Applicability::Safe)
                | (FixAvailability::Chosen, Applicability::Chosen)
        )
    }
}

/// One thing a rule found, before the linter gives it a name, level and position.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    pub(super) range: Range<usize>,
    pub(super) message: String,
    pub(super) help: Option<String>,
    pub(super) fix: Option<Fix>,
}

/// What a rule finds in one file: the findings listed, up to a limit, and a count of the
/// rest with the first of them (for a report's "N more" finding). A report's limit keeps
/// a rule's memory bounded however often it fires (a 1 MB body of control characters is
/// 500,000 findings); fixing and [`Linter::check`](crate::Linter::check) list them all.
#[derive(Debug)]
pub(crate) struct Findings {
    listed: Vec<Finding>,
    limit: usize,
    left_out: usize,
    first_left_out: Option<Finding>,
}

impl Findings {
    /// Lists every finding.
    pub(crate) fn unlimited() -> Self {
        Findings::with_limit(usize::MAX)
    }

    /// Lists the first `limit` findings and counts the others.
    pub(crate) fn with_limit(limit: usize) -> Self {
        Findings {
            listed: Vec::new(),
            limit,
            left_out: 0,
            first_left_out: None,
        }
    }

    pub(crate) fn push(&mut self, finding: Finding) {
        if self.listed.len() < self.limit {
            self.listed.push(finding);
        } else {
            self.left_out += 1;
            if self.first_left_out.is_none() {
                self.first_left_out = Some(finding);
            }
        }
    }

    /// The findings listed, how many more there were, and the first of those.
    pub(crate) fn into_parts(self) -> (Vec<Finding>, usize, Option<Finding>) {
        (self.listed, self.left_out, self.first_left_out)
    }
}

impl Finding {
    pub(crate) fn new(range: Range<usize>, message: impl Into<String>) -> Self {
        Finding {
            range,
            message: message.into(),
            help: None,
            fix: None,
        }
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }
}

/// Declares a rule's unit struct with its doc comment, and the same text as `DOCS` for
/// its [`RuleMeta::docs`], so that the documentation is written once and serves rustdoc
/// and `docs/rules.md` alike.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        $vis:vis struct $ty:ident
    ) => {
        $(#[doc = $doc])*
        $vis struct $ty;

        impl $ty {
            const DOCS: &'static str = concat!($($doc, "\n"),*);
        }
    };
}
pub(crate) use declare_rule;
