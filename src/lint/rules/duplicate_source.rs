use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Fingerprint, Level};
use crate::lint::context::Context;
use crate::lint::{declare_rule, Check, Findings};
use crate::span::{LineIndex, Position, Span};
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
    pub(crate) struct DuplicateSource => "duplicate-source", Warning
}

impl Check for DuplicateSource {
    /// Nothing per file: see [`finish`].
    fn check(&self, _: &Context<'_>, _: &mut Findings) {}
}

/// What one file contributes: its `from` and where it is written.
pub(crate) struct Source<'a> {
    path: &'a Path,
    from: &'a str,
    span: Span,
    end: Position,
    /// The file turns the rule off for itself: it gets no diagnostic, but the files
    /// sharing its `from` are still told.
    suppressed: bool,
}

impl Source<'_> {
    /// This source, turned off (or not) in its own file.
    pub(crate) fn suppressed(self, suppressed: bool) -> Self {
        Source { suppressed, ..self }
    }
}

/// The file's `from`, if it has one.
pub(crate) fn source<'a>(
    ctx: &Context<'a>,
    path: &'a Path,
    index: &LineIndex<'_>,
) -> Option<Source<'a>> {
    let from = ctx
        .front_matter()
        .and_then(|fm| ctx.field(fm.from.as_ref()))?;
    let range = ctx
        .value_range("from")
        .map(|(r, _)| r)
        .unwrap_or_else(|| ctx.front_matter_opening());
    Some(Source {
        path,
        from,
        span: index.span(range.start, range.end),
        end: index.position(range.end),
        suppressed: false,
    })
}

/// The sources of a run's files, until [`Sources::finish`].
///
/// Their text (each `from`, its [`identity`] when that is spelled otherwise, and each path
/// that is UTF-8, as nearly all are) is kept in one
/// buffer rather than in two small allocations per file: those would stay alive among the
/// parser's short-lived ones, and glibc's allocator then does about 4% more work on every
/// later file (callgrind, `Linter::lint` over 1,500 posts).
#[derive(Debug, Default)]
pub(crate) struct Sources {
    text: String,
    entries: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    path: StoredPath,
    from: Range<usize>,
    /// What files are grouped by: the identity of `from` (the same range when `from` is
    /// spelled that way already).
    key: Range<usize>,
    span: Span,
    end: Position,
    suppressed: bool,
}

#[derive(Debug)]
enum StoredPath {
    /// A range of [`Sources::text`].
    Text(Range<usize>),
    /// A path that is not UTF-8.
    Owned(PathBuf),
}

impl Sources {
    pub(crate) fn push(&mut self, source: Source<'_>) {
        let path = match source.path.to_str() {
            Some(path) => StoredPath::Text(self.append(path)),
            None => StoredPath::Owned(source.path.to_path_buf()),
        };
        let from = self.append(source.from);
        let key = match identity(source.from) {
            key if key == source.from => from.clone(),
            key => self.append(&key),
        };
        self.entries.push(Entry {
            path,
            from,
            key,
            span: source.span,
            end: source.end,
            suppressed: source.suppressed,
        });
    }

    fn append(&mut self, text: &str) -> Range<usize> {
        let start = self.text.len();
        self.text.push_str(text);
        start..self.text.len()
    }

    /// A diagnostic for every file whose `from` another file shares, sorted by path; each
    /// names at most [`LISTED_OTHERS`] of the other files and how many more there are.
    pub(crate) fn finish(self, level: Level) -> Vec<Diagnostic> {
        let Sources { text, mut entries } = self;
        let from = |entry: &Entry| text.get(entry.from.clone()).unwrap_or_default();
        let key = |entry: &Entry| text.get(entry.key.clone()).unwrap_or_default();
        // Grouped by sorting in place rather than in a map keyed by `from`, which would
        // hold each `from` a second time. Stable, so that files recorded twice keep the
        // order they were recorded in.
        entries.sort_by(|a, b| {
            key(a)
                .cmp(key(b))
                .then_with(|| path_of(&text, a).cmp(path_of(&text, b)))
        });
        let mut out = Vec::new();
        for group in entries.chunk_by(|a, b| key(a) == key(b)) {
            if group.len() < 2 {
                continue;
            }
            // The group is sorted by path: a file recorded twice is adjacent to itself.
            let files = group
                .chunk_by(|a, b| path_of(&text, a) == path_of(&text, b))
                .count();
            for entry in group {
                if files < 2 || entry.suppressed {
                    continue; // the same file given twice, or the rule off in this one
                }
                // At most a few names: a `from` shared by thousands of posts would
                // otherwise make every message name every other post (quadratic output).
                let mut others: Vec<String> = Vec::with_capacity(LISTED_OTHERS);
                let mut last: Option<&Path> = None;
                for o in group {
                    let path = path_of(&text, o);
                    if path == path_of(&text, entry) || last == Some(path) {
                        continue;
                    }
                    last = Some(path);
                    others.push(path.display().to_string());
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
                out.push(Diagnostic {
                    rule: DuplicateSource::NAME,
                    level,
                    path: path_of(&text, entry).to_path_buf(),
                    span: entry.span,
                    end: entry.end,
                    message: format!(
                        "`from` {} is also the source of {}",
                        from(entry),
                        others.join(", ")
                    ),
                    help: Some("keep one copy of the story".to_owned()),
                    fix: None,
                    fingerprint: Fingerprint::new(DuplicateSource::NAME, from(entry)),
                });
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }
}

fn path_of<'a>(text: &'a str, entry: &'a Entry) -> &'a Path {
    match &entry.path {
        StoredPath::Text(range) => Path::new(text.get(range.clone()).unwrap_or_default()),
        StoredPath::Owned(path) => path.as_path(),
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
        let linter = crate::lint::Linter::new(config);
        linter.lint("a.md", VALID);
        linter.lint("b.md", VALID);
        assert!(linter.finish().is_empty());
    }
}
