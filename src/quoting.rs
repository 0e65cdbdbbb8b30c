//! How an error message quotes the input it is about: whole when short, cut when long.
//! Below the model and the errors, which both word messages with it.

/// How many characters of the input an error message quotes.
pub(crate) const MAX_QUOTED_CHARS: usize = 200;

/// `text` as an error message quotes it: at most [`MAX_QUOTED_CHARS`] characters, then
/// `…` and how many bytes were left out, so that a 10 MB epoch comment gives a short line.
pub(crate) fn quoted(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_QUOTED_CHARS) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => std::borrow::Cow::Owned(format!(
            "{}… ({} more bytes)",
            &text[..cut],
            text.len() - cut
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_quoted_whole_and_long_text_cut() {
        assert_eq!(quoted("短い"), "短い");
        let long = "字".repeat(MAX_QUOTED_CHARS + 5);
        let cut = quoted(&long);
        assert!(cut.starts_with(&"字".repeat(MAX_QUOTED_CHARS)), "{cut}");
        assert!(cut.ends_with("… (15 more bytes)"), "{cut}");
    }
}
