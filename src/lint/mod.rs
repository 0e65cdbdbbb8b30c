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
mod cross_file;
mod edits;
mod linter;
mod registry;
mod rule;
mod rules;
mod suppression;
mod time_text;
mod trust;
mod urls;

pub use config::{find_config_file, parse_now, ConfigError, LintConfig, CONFIG_FILE_NAME};
pub use linter::{
    FixOutcome, Linter, FILE_ERROR_RULE, LIMIT_RULE, MAX_FINDINGS_PER_FILE, MAX_FINDINGS_PER_RULE,
    UNKNOWN_RULE,
};
pub use registry::{rule_docs, rule_infos, rules_markdown};
pub use trust::Trust;

#[cfg(test)]
pub(crate) mod test_support;
