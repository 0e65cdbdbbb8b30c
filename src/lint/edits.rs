//! Edits that the fixes of more than one rule are made of.

use super::context::Context;
use crate::diagnostics::Edit;

/// An edit that puts `line` on a line of its own after the line holding `offset`.
pub(crate) fn insert_line_after(ctx: &Context<'_>, offset: usize, line: &str) -> Edit {
    let newline = ctx.newline();
    let next = ctx.next_line_start(offset);
    if next >= ctx.text.len() && !ctx.text.ends_with('\n') {
        Edit::insertion(ctx.text.len(), format!("{newline}{line}{newline}"))
    } else {
        Edit::insertion(next, format!("{line}{newline}"))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::lint::context::lint_view;

    fn inserted(text: &str, offset: usize) -> (usize, String) {
        let parsed = lint_view(crate::parse::parse_lenient(text));
        let ctx = Context::new(Path::new("a.md"), text, &parsed, chrono::Utc::now(), None);
        let edit = insert_line_after(&ctx, offset, "line");
        (edit.range.start, edit.replacement)
    }

    #[test]
    fn puts_the_line_after_the_line_holding_the_offset() {
        assert_eq!(inserted("a\nb\n", 0), (2, "line\n".to_owned()));
        assert_eq!(inserted("a\r\nb\r\n", 1), (3, "line\r\n".to_owned()));
        // After a last line without an ending, the line gets one on either side.
        assert_eq!(inserted("a\nb", 2), (3, "\nline\n".to_owned()));
    }
}
