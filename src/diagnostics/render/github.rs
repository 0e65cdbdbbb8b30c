//! GitHub Actions workflow commands: one `::error file=…,line=…,col=…::message` line per
//! diagnostic, which GitHub shows as an annotation on the file's line in the pull request.
//! `info` becomes a `notice`.

use std::io::{self, Write};
use std::path::Path;

use super::emit::Emit;
use super::paths::slash_path;
use crate::diagnostics::render::printable::printable;
use crate::diagnostics::{Diagnostic, Level};

/// The GitHub format: one workflow command per diagnostic.
pub(super) struct Github;

impl Emit for Github {
    fn file(
        &mut self,
        out: &mut dyn Write,
        _path: &Path,
        diagnostics: &[Diagnostic],
        _text: Option<&str>,
    ) -> io::Result<()> {
        for d in diagnostics {
            write_command(out, d)?;
        }
        Ok(())
    }

    fn close(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// Writes the workflow command of one diagnostic.
fn write_command(out: &mut dyn Write, d: &Diagnostic) -> io::Result<()> {
    let command = match d.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "notice",
    };
    // Post text and file names may hold control characters: shown as pictures, so
    // that only the runner's own escapes make new lines.
    let mut message = printable(&d.message).into_owned();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(&printable(help));
    }
    writeln!(
        out,
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&printable(&slash_path(&d.path))),
        d.span.line,
        d.span.column,
        d.end.line,
        d.end.column,
        escape_property(&format!("newspost {}", d.rule)),
        escape_data(&message),
    )
}

/// The escaping GitHub's runner undoes in a command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The escaping GitHub's runner undoes in a command's `key=value` properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render::{fixtures, Format, RenderOptions};

    #[test]
    fn one_escaped_workflow_command_per_diagnostic() {
        let out = fixtures::render(
            Format::Github,
            RenderOptions::default(),
            &fixtures::diagnostics(),
            None,
        );
        let expected = "\
::warning file=posts/2024-07-03-x.md,line=3,col=7,endLine=3,endColumn=26,title=newspost date-no-timezone::`date` has a time but no offset, so its instant is ambiguous%0Ahelp: add the offset the time was written in, e.g. `Z` or `+08:00`
::error file=posts/2024-07-03-x.md,line=5,col=5,endLine=5,endColumn=24,title=newspost url-scheme::header link uses the scheme `javascript:`, not http or https
::notice file=posts/2024-07-03-x.md,line=4,col=1,endLine=5,endColumn=2,title=newspost epoch-missing::no epoch comment, with \"quotes\", a comma, and 100%25
";
        assert_eq!(out, expected);
    }

    #[test]
    fn properties_escape_colons_and_commas() {
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
