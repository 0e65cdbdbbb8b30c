//! Inline suppression: a file turns rules off for itself with an HTML comment,
//! `<!-- newspost-disable rule-name other-rule -->` (names separated by spaces or commas),
//! or every rule with a bare `<!-- newspost-disable -->`. The comment may stand anywhere
//! in the file and holds for the whole file, as markdownlint's does.

use std::ops::Range;

use memchr::memmem;

use super::registry;

/// The comment's keyword.
pub(crate) const KEYWORD: &str = "newspost-disable";

/// What a file's suppression comments turn off.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Suppressions {
    /// A bare `newspost-disable`: every rule.
    all: bool,
    /// The rules named.
    rules: Vec<&'static str>,
    /// Names no rule has, with the byte range of each.
    pub unknown: Vec<(Range<usize>, String)>,
}

impl Suppressions {
    /// Whether `rule` is off in this file.
    pub fn covers(&self, rule: &str) -> bool {
        self.all || self.rules.contains(&rule)
    }
}

/// Every suppression comment of `text`. The keyword is searched for first (one vector
/// search over the file), so a file without it costs next to nothing.
pub(crate) fn scan(text: &str) -> Suppressions {
    let mut found = Suppressions::default();
    for at in memmem::find_iter(text.as_bytes(), KEYWORD) {
        let Some(names) = comment_names(text, at) else {
            continue;
        };
        let names_start = at + KEYWORD.len();
        if names.trim().is_empty() {
            found.all = true;
            continue;
        }
        for name in names.split(|c: char| c.is_whitespace() || c == ',') {
            if name.is_empty() {
                continue;
            }
            // Where the name lies: its offset within `names` (a subslice of it).
            let start = names_start + (name.as_ptr() as usize - names.as_ptr() as usize);
            match registry::find(name) {
                Some(rule) if !found.rules.contains(&rule.meta().name) => {
                    found.rules.push(rule.meta().name)
                }
                Some(_) => {}
                None => found
                    .unknown
                    .push((start..start + name.len(), name.to_owned())),
            }
        }
    }
    found
}

/// The text between the keyword at `at` and the comment's `-->`, when the keyword opens an
/// HTML comment (`<!--`, then only white space, then the keyword followed by white space
/// or the end of the comment).
fn comment_names(text: &str, at: usize) -> Option<&str> {
    let before = text.get(..at)?.trim_end_matches([' ', '\t', '\r', '\n']);
    if !before.ends_with("<!--") {
        return None;
    }
    let after = text.get(at + KEYWORD.len()..)?;
    let end = memmem::find(after.as_bytes(), b"-->")?;
    let names = after.get(..end)?;
    // `newspost-disabled` or `newspost-disable-next-line` is another word.
    match names.chars().next() {
        None => Some(names),
        Some(c) if c.is_whitespace() => Some(names),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_rules_are_off_and_others_on() {
        let found = scan("<p>x</p>\n<!-- newspost-disable epoch-missing, url-relative -->\n");
        assert!(found.covers("epoch-missing"));
        assert!(found.covers("url-relative"));
        assert!(!found.covers("body-empty"));
        assert!(found.unknown.is_empty());
    }

    #[test]
    fn a_bare_comment_turns_every_rule_off() {
        let found = scan("<!--newspost-disable-->");
        assert!(found.covers("body-empty") && found.covers("duplicate-source"));
    }

    #[test]
    fn several_comments_add_up_and_line_breaks_may_separate_names() {
        let found = scan("<!--\n  newspost-disable\n  title-mismatch\n-->x<!-- newspost-disable source-mismatch -->");
        assert!(found.covers("title-mismatch") && found.covers("source-mismatch"));
    }

    #[test]
    fn unknown_names_are_kept_with_their_position() {
        let text = "<!-- newspost-disable epoch-missin body-empty -->";
        let found = scan(text);
        assert_eq!(found.unknown.len(), 1);
        let (range, name) = &found.unknown[0];
        assert_eq!(
            (&text[range.clone()], name.as_str()),
            ("epoch-missin", "epoch-missin")
        );
        assert!(found.covers("body-empty"));
    }

    #[test]
    fn the_keyword_outside_a_comment_or_as_part_of_a_word_is_nothing() {
        for text in [
            "<p>newspost-disable body-empty</p>",
            "<!-- see newspost-disable body-empty -->",
            "<!-- newspost-disabled body-empty -->",
            "<!-- newspost-disable body-empty",
            "newspost-disable",
        ] {
            assert_eq!(scan(text), Suppressions::default(), "{text}");
        }
    }
}
