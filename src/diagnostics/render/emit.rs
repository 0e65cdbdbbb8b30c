//! The one signature of a renderer, which every format module implements.

use std::io::{self, Write};
use std::path::Path;

use crate::diagnostics::Diagnostic;

/// What every format module implements, the one signature of a renderer: it is opened on
/// the output (writing the report's opening), given each file's diagnostics, then the
/// run's cross-file ones, and closed. Every format writes as the files come, so memory
/// does not grow with the number of diagnostics.
pub(super) trait Emit {
    /// Writes one file's diagnostics; `text` is the file's text when it could be read.
    fn file(
        &mut self,
        out: &mut dyn Write,
        path: &Path,
        diagnostics: &[Diagnostic],
        text: Option<&str>,
    ) -> io::Result<()>;

    /// Writes the diagnostics that concern several files (their sources are not shown):
    /// unless the format groups by file, as the diagnostics of one more file.
    fn across_files(&mut self, out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
        let path = diagnostics
            .first()
            .map_or(Path::new(""), |d| d.path.as_path());
        self.file(out, path, diagnostics, None)
    }

    /// Writes the report's closing.
    fn close(&mut self, out: &mut dyn Write) -> io::Result<()>;
}
