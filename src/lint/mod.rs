//! The validator: named rules over a parsed post, each a small unit in `rules/` with its
//! documentation and tests, listed once in the registry.
//!
//! ```
//! use newspost::{LintConfig, Linter};
//! let linter = Linter::new(LintConfig::default());
//! let text = "---\ntitle: t\ndate: 2024-07-03T08:00:33Z\nfrom: https://e.com/a\n---\n\
//!             <!--1719993633000-->\n[t](https://e.com/a)\n------\n\n<div><p>text</p></div>\n";
//! assert!(linter.check("a.md", text).is_empty());
//! let late = text.replace("1719993633000", "1720022433000");
//! let found = linter.check("a.md", &late);
//! assert_eq!(found[0].rule, "epoch-mismatch");
//! assert!(found[0].message.contains("8 h 0 min ahead"));
//! ```

mod config;
mod context;
mod edits;
mod linter;
mod registry;
mod rules;
mod suppression;
mod time_text;
mod urls;

pub use config::{find_config_file, parse_now, ConfigError, LintConfig, Trust, CONFIG_FILE_NAME};
pub use linter::{
    FixOutcome, Linter, FILE_ERROR_RULE, LIMIT_RULE, MAX_FINDINGS_PER_FILE, MAX_FINDINGS_PER_RULE,
    UNKNOWN_RULE,
};
pub use registry::{rule_docs, rule_infos, rules_markdown};

use std::ops::Range;

use crate::diagnostics::{Fix, Level};
use context::Context;

/// A lint rule: a name, a default level, its documentation, and a check over one file.
pub(crate) trait Rule: Sync {
    /// The stable kebab-case name.
    fn name(&self) -> &'static str;
    /// The level it reports at unless configured otherwise.
    fn default_level(&self) -> Level;
    /// Markdown: what it does, why it matters, an example, its fix.
    fn docs(&self) -> &'static str;
    /// What it finds in one file.
    fn check(&self, ctx: &Context<'_>, found: &mut Findings);
}

/// One thing a rule found, before the linter gives it a name, level and position.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    range: Range<usize>,
    message: String,
    help: Option<String>,
    fix: Option<Fix>,
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

/// Declares a rule's unit struct from its doc comment, name and default level, so that
/// the documentation is written once and serves rustdoc and `docs/rules.md` alike.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        $vis:vis struct $ty:ident => $name:literal, $level:ident
    ) => {
        $(#[doc = $doc])*
        $vis struct $ty;

        impl $ty {
            pub(crate) const NAME: &'static str = $name;
            const DOCS: &'static str = concat!($($doc, "\n"),*);
        }

        impl $crate::lint::RuleMeta for $ty {
            fn meta_name(&self) -> &'static str {
                Self::NAME
            }
            fn meta_level(&self) -> $crate::diagnostics::Level {
                $crate::diagnostics::Level::$level
            }
            fn meta_docs(&self) -> &'static str {
                Self::DOCS
            }
        }
    };
}
pub(crate) use declare_rule;

/// What [`declare_rule!`] gives a rule; the [`Rule`] impl forwards to it.
pub(crate) trait RuleMeta {
    fn meta_name(&self) -> &'static str;
    fn meta_level(&self) -> Level;
    fn meta_docs(&self) -> &'static str;
}

/// The check half of a rule; with [`RuleMeta`] it makes a [`Rule`].
pub(crate) trait Check {
    fn check(&self, ctx: &Context<'_>, found: &mut Findings);
}

impl<T: RuleMeta + Check + Sync> Rule for T {
    fn name(&self) -> &'static str {
        self.meta_name()
    }
    fn default_level(&self) -> Level {
        self.meta_level()
    }
    fn docs(&self) -> &'static str {
        self.meta_docs()
    }
    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        Check::check(self, ctx, found);
    }
}

#[cfg(test)]
pub(crate) mod test_support;
