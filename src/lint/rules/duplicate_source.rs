use std::path::Path;

use crate::diagnostics::Level;
use crate::lint::context::Context;
use crate::lint::cross_file::{Record, Recorded, Records, RunFinding};
use crate::lint::rule::{declare_rule, Findings, FixAvailability, Rule, RuleMeta};
use crate::url_identity::identity;

/// How many of the other files sharing a `from` a `duplicate-source` message names.
const LISTED_OTHERS: usize = 5;

declare_rule! {
    /// ## What it does
    /// Flags, across all files of one run, posts that share the same `from` URL, compared
    /// as URLs (parsed and serialised the WHATWG way, percent-encoding normalised: a raw
    /// and a percent-encoded spelling are one URL). Each of them gets the diagnostic,
    /// naming the others.
    ///
    /// ## Why is this bad?
    /// The same story was saved twice: a re-scrape under a second file name, a story
    /// republished the next day, two feeds carrying one URL. The archive shows it twice.
    ///
    /// ## Example
    /// `2024-01-29-a-68649656.md` and `2024-01-29-a-68649656-r.md` both with
    /// ```yaml
    /// from: https://www.voachinese.com/a/68649656.html
    /// ```
    ///
    /// ## Fix
    /// None: which copy to keep is not known.
    pub(crate) struct DuplicateSource
}

static META: RuleMeta = RuleMeta {
    name: "duplicate-source",
    default_level: Level::Warning,
    summary:
        "Flags, across all files of one run, posts that share the same `from` URL, compared as \
              URLs (parsed and serialised the WHATWG way, percent-encoding normalised: a raw and a \
              percent-encoded spelling are one URL). Each of them gets the diagnostic, naming the \
              others.",
    fix: FixAvailability::None,
    docs: DuplicateSource::DOCS,
};

impl Rule for DuplicateSource {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Nothing per file: files are compared in [`Rule::finish`].
    fn check(&self, _: &Context<'_>, _: &mut Findings) {}

    /// The file's `from`, if it has one, grouped by its identity.
    fn record<'a>(&self, ctx: &Context<'a>) -> Option<Record<'a>> {
        let from = ctx
            .front_matter()
            .and_then(|fm| ctx.field(fm.from.as_ref()))?;
        let range = ctx
            .value_range("from")
            .map(|(r, _)| r)
            .unwrap_or_else(|| ctx.front_matter_opening());
        Some(Record {
            value: from,
            key: identity(from),
            range,
        })
    }

    /// A finding for every file whose `from` another file shares; each names at most
    /// [`LISTED_OTHERS`] of the other files and how many more there are.
    fn finish(&self, records: &Records) -> Vec<RunFinding> {
        let mut sorted: Vec<Recorded<'_>> = records.iter().collect();
        // Grouped by sorting rather than in a map keyed by `from`, which would hold each
        // `from` a second time. Stable, so that files recorded twice keep the order they
        // were recorded in.
        sorted.sort_by(|a, b| a.key.cmp(b.key).then_with(|| a.path.cmp(b.path)));
        let mut found = Vec::new();
        for group in sorted.chunk_by(|a, b| a.key == b.key) {
            if group.len() < 2 {
                continue;
            }
            // The group is sorted by path: a file recorded twice is adjacent to itself.
            let files = group.chunk_by(|a, b| a.path == b.path).count();
            if files < 2 {
                continue; // the same file given twice
            }
            for entry in group {
                // At most a few names: a `from` shared by thousands of posts would
                // otherwise make every message name every other post (quadratic output).
                let mut others: Vec<String> = Vec::with_capacity(LISTED_OTHERS);
                let mut last: Option<&Path> = None;
                for other in group {
                    if other.path == entry.path || last == Some(other.path) {
                        continue;
                    }
                    last = Some(other.path);
                    others.push(other.path.display().to_string());
                    if others.len() == LISTED_OTHERS {
                        break;
                    }
                }
                let more = (files - 1).saturating_sub(others.len());
                if more > 0 {
                    if let Some(last) = others.last_mut() {
                        last.push_str(&format!(" and {more} more"));
                    }
                }
                found.push(
                    RunFinding::new(
                        entry.id,
                        format!(
                            "`from` {} is also the source of {}",
                            entry.value,
                            others.join(", ")
                        ),
                    )
                    .help("keep one copy of the story"),
                );
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::*;

    #[test]
    fn a_file_that_turns_the_rule_off_still_tells_the_others() {
        let linter = linter();
        let quiet = format!("{VALID}<!-- newspost-disable duplicate-source -->\n");
        linter.lint("a.md", &quiet);
        linter.lint("b.md", VALID);
        let found = linter.finish();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path.to_str(), Some("b.md"));
        assert!(found[0].message.ends_with("is also the source of a.md"));
    }

    #[test]
    fn a_from_shared_by_many_files_names_a_few_and_counts_the_rest() {
        let linter = linter();
        for i in 0..20 {
            linter.lint(format!("{i:02}.md"), VALID);
        }
        // The same file twice counts once.
        linter.lint("00.md", VALID);
        let found = linter.finish();
        assert_eq!(found.len(), 21);
        assert!(
            found[0]
                .message
                .ends_with("is also the source of 01.md, 02.md, 03.md, 04.md, 05.md and 14 more"),
            "{}",
            found[0].message
        );
        assert!(found[19]
            .message
            .ends_with("00.md, 01.md, 02.md, 03.md, 04.md and 14 more"));
    }

    #[test]
    fn flags_every_file_sharing_a_from() {
        let linter = linter();
        let other = VALID.replace("4032055", "4032056");
        for (path, text) in [("b.md", VALID), ("a.md", VALID), ("c.md", other.as_str())] {
            assert!(linter
                .lint(path, text)
                .iter()
                .all(|d| d.rule != "duplicate-source"));
        }
        let found = linter.finish();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].path.to_str(), Some("a.md"));
        assert!(found[0].message.ends_with("is also the source of b.md"));
        assert_eq!(
            at(VALID, &found[1]),
            "https://www.zaobao.com/realtime/china/story20240703-4032055"
        );
        // Finishing clears the run.
        assert!(linter.finish().is_empty());
    }

    /// Files linted from several threads, in any order, give what one thread gives.
    #[test]
    fn findings_do_not_depend_on_the_order_files_were_linted_in() {
        let files: Vec<(String, String)> = (0..12)
            .map(|i| {
                (
                    format!("{i:02}.md"),
                    VALID.replace("4032055", &(i % 3).to_string()),
                )
            })
            .collect();
        let one_thread = linter();
        for (path, text) in &files {
            one_thread.lint(path, text);
        }
        let expected = one_thread.finish();
        assert_eq!(expected.len(), 12);
        let threads = linter();
        std::thread::scope(|scope| {
            for chunk in files.chunks(5) {
                let threads = &threads;
                scope.spawn(move || {
                    for (path, text) in chunk.iter().rev() {
                        threads.lint(path, text);
                    }
                });
            }
        });
        assert_eq!(threads.finish(), expected);
    }

    /// Paths that are not UTF-8 are kept as they are (the others share one buffer).
    #[cfg(unix)]
    #[test]
    fn paths_that_are_not_utf8_are_kept_whole() {
        use std::os::unix::ffi::OsStrExt;
        let odd = std::path::Path::new(std::ffi::OsStr::from_bytes(b"z\xff.md"));
        let linter = linter();
        linter.lint(odd, VALID);
        linter.lint("a.md", VALID);
        let found = linter.finish();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].path.to_str(), Some("a.md"));
        assert_eq!(found[1].path, odd);
        assert!(found[0]
            .message
            .ends_with("is also the source of z\u{FFFD}.md"));
    }

    /// One URL written raw in one file and percent-encoded in the other (a real `from`
    /// of `../shared/corpus/real/waimei` and its header link's spelling).
    #[test]
    fn flags_the_same_url_written_raw_and_encoded() {
        let raw = "https://www.dw.com/zh/中美交恶到底在吵什么？/a-54272091";
        let encoded = "https://www.dw.com/zh/%E4%B8%AD%E7%BE%8E%E4%BA%A4%E6%81%B6%E5%88%B0%E5%BA%95%E5%9C%A8%E5%90%B5%E4%BB%80%E4%B9%88%EF%BC%9F/a-54272091";
        let with_from = |from: &str| {
            VALID.replace(
                "from: https://www.zaobao.com/realtime/china/story20240703-4032055",
                &format!("from: {from}"),
            )
        };
        let linter = linter();
        linter.lint("a.md", &with_from(raw));
        linter.lint("b.md", &with_from(encoded));
        linter.lint("c.md", &with_from(&encoded.replace("54272091", "54272092")));
        let found = linter.finish();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].path.to_str(), Some("a.md"));
        assert_eq!(
            found[0].message,
            format!("`from` {raw} is also the source of b.md")
        );
        assert_eq!(
            found[1].message,
            format!("`from` {encoded} is also the source of a.md")
        );
    }

    #[test]
    fn passes_distinct_sources_and_can_be_allowed() {
        let linter = linter();
        linter.lint("a.md", VALID);
        linter.lint("b.md", &VALID.replace("4032055", "1"));
        assert!(linter.finish().is_empty());
        let mut config = config();
        config.levels.insert(
            "duplicate-source".into(),
            crate::diagnostics::RuleLevel::Allow,
        );
        let linter = crate::lint::linter::Linter::new(config);
        linter.lint("a.md", VALID);
        linter.lint("b.md", VALID);
        assert!(linter.finish().is_empty());
    }
}
