//! Paths and post text as the CLI prints them on stderr: one line, no control characters,
//! nothing a CI runner would read as a workflow command.

use std::path::Path;

use newspost::render::printable::printable;

/// `path` as printed: lossy UTF-8 with control characters shown as pictures, so that a
/// file name holding a newline and `::error…` stays on its line.
pub fn path(path: &Path) -> String {
    printable(&path.to_string_lossy()).into_owned()
}

/// A message (which may quote post text or a path) as printed: control characters
/// shown as pictures.
pub fn text(text: &str) -> String {
    printable(text).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_hostile_file_name_stays_on_one_line() {
        let shown = super::path(std::path::Path::new(
            "a\n::error file=x::FORGED\u{1b}[2J.md",
        ));
        assert!(
            !shown.contains('\n') && !shown.contains('\u{1b}'),
            "{shown}"
        );
        assert!(shown.contains("␊::error"));
    }
}
