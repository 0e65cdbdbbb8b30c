//! Linting a whole archive: each post's findings in path order, then the findings that
//! need every post (`duplicate-source`).

use std::path::Path;

use super::read::{self, ReadError};
use super::run::{RunError, Runner};
use crate::diagnostics::Diagnostic;
use crate::lint::Linter;

/// What linting one file gave.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LintedFile {
    /// The file's findings, as [`Linter::lint`] reports them (one `file-error` for a file
    /// that could not be read or is not UTF-8).
    pub diagnostics: Vec<Diagnostic>,
    /// The file's text, when asked for and there is a finding to show it with.
    pub text: Option<String>,
    /// Whether the file could not be read as a post (unreadable, too large, not UTF-8).
    pub unreadable: bool,
    /// The file's size in bytes, as read (0 when it could not be read).
    pub bytes: u64,
}

/// Reads and lints one file (within the parser's default input limit), recording it for
/// the cross-file rules; with `keep_text`, the text comes back when there is a finding,
/// for a renderer that shows source lines.
pub fn lint_file(linter: &Linter, path: &Path, keep_text: bool) -> LintedFile {
    let unreadable = |diagnostics, bytes| LintedFile {
        diagnostics,
        text: None,
        unreadable: true,
        bytes,
    };
    match read::read_text(path, read::default_limit()) {
        Ok(text) => {
            let diagnostics = linter.lint(path, &text);
            LintedFile {
                bytes: text.len() as u64,
                text: (keep_text && !diagnostics.is_empty()).then_some(text),
                diagnostics,
                unreadable: false,
            }
        }
        Err(ReadError::NotUtf8 { bytes, .. }) => {
            let size = bytes.len() as u64;
            unreadable(linter.lint_bytes(path, &bytes), size)
        }
        Err(error) => unreadable(vec![Linter::unreadable(path, &error.into())], 0),
    }
}

/// Lints every file of `files` on `runner`'s threads and hands each one's result to
/// `sink` in order; returns the cross-file findings (`duplicate-source`), in path order,
/// which come after every file's. A command line prints the same diagnostics in the same
/// order (`newspost lint`).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use newspost::archive::{lint_files, Runner, Walk};
/// use newspost::{LintConfig, Linter};
/// let dir = tempfile::tempdir()?;
/// let post = "---\ntitle: t\ndate: 2024-07-03T08:00:33Z\nfrom: https://e.com/a\n---\n\
///             <!--1719993633000-->\n[t](https://e.com/a)\n------\n\n<div><p>text</p></div>\n";
/// std::fs::write(dir.path().join("a.md"), post)?;
/// std::fs::write(dir.path().join("b.md"), post)?; // the same source twice
/// let files = Walk::new([dir.path()]).collect()?.posts;
/// let linter = Linter::new(LintConfig::default());
/// let mut per_file = Vec::new();
/// let across = lint_files(&linter, &files, &Runner::new(), false, |file, linted| {
///     per_file.push((file.path.clone(), linted.diagnostics.len()));
///     Ok::<(), std::convert::Infallible>(())
/// })?;
/// assert_eq!(per_file.len(), 2);
/// assert!(across.iter().all(|d| d.rule == "duplicate-source"));
/// assert!(!across.is_empty());
/// # Ok(())
/// # }
/// ```
pub fn lint_files<P, E, S>(
    linter: &Linter,
    files: &[P],
    runner: &Runner,
    keep_text: bool,
    mut sink: S,
) -> Result<Vec<Diagnostic>, RunError<E>>
where
    P: AsRef<Path> + Sync,
    S: FnMut(&P, LintedFile) -> Result<(), E>,
{
    runner.run(
        files,
        |file| lint_file(linter, file.as_ref(), keep_text),
        |file, linted| sink(file, linted),
    )?;
    Ok(linter.finish())
}
