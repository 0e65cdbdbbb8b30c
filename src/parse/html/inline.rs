//! Inline content: the run being collected for a paragraph, heading or caption, and the
//! white-space normalisation every run gets when it is finished.
//!
//! Normalisation is idempotent, so writing blocks out and parsing them again gives equal
//! blocks: white space (as [`char::is_whitespace`], so NBSP and U+3000 count) collapses to
//! one ASCII space; a run is trimmed at both ends; white space next to a line break is
//! dropped; adjacent text is merged; empty text and empty wrappers are dropped; leading and
//! trailing line breaks are dropped.

use crate::model::Inline;
use crate::parse::limits::MAX_INLINE_DEPTH;
use crate::span::Span;
use crate::white_space::{next_candidate, white_space_at};

/// An inline element whose content is being collected.
#[derive(Debug, Clone)]
pub(crate) enum Wrapper {
    Link { href: String, span: Span },
    Emphasis,
    Strong,
}

impl Wrapper {
    fn wrap(self, children: Vec<Inline>) -> Inline {
        match self {
            Wrapper::Link { href, span } => Inline::Link {
                href,
                children,
                span,
            },
            Wrapper::Emphasis => Inline::Emphasis { children },
            Wrapper::Strong => Inline::Strong { children },
        }
    }
}

/// Inline content being collected, with the wrappers still open around the insertion
/// point. A run can be cut (a block inside a paragraph): the content so far is taken with
/// every open wrapper closed, and the wrappers stay open, empty, for what follows.
#[derive(Debug, Default)]
pub(crate) struct Run {
    root: Vec<Inline>,
    open: Vec<(Wrapper, Vec<Inline>)>,
    /// Where the run's first content came from.
    pub span: Option<Span>,
}

impl Run {
    /// An empty run starting at `span`, if known.
    pub fn new(span: Option<Span>) -> Self {
        Run {
            span,
            ..Run::default()
        }
    }

    fn current(&mut self) -> &mut Vec<Inline> {
        match self.open.last_mut() {
            Some((_, children)) => children,
            None => &mut self.root,
        }
    }

    /// Appends an inline at the insertion point.
    pub fn push(&mut self, inline: Inline) {
        self.current().push(inline);
    }

    /// Appends a line break unless the content so far ends with one (where blocks meet in
    /// flattened content).
    pub fn push_break_once(&mut self) {
        let current = self.current();
        if !matches!(current.last(), Some(Inline::LineBreak)) {
            current.push(Inline::LineBreak);
        }
    }

    /// Appends text at the insertion point.
    pub fn push_text(&mut self, text: &str) {
        let current = self.current();
        if let Some(Inline::Text { text: last }) = current.last_mut() {
            last.push_str(text);
        } else {
            current.push(Inline::text(text));
        }
    }

    /// Opens a wrapper; returns false (and opens nothing) when wrappers already nest
    /// [`MAX_INLINE_DEPTH`] deep, or for a link inside a link.
    pub fn open(&mut self, wrapper: Wrapper) -> bool {
        if self.open.len() >= MAX_INLINE_DEPTH {
            return false;
        }
        // HTML cannot nest links (a second `<a>` closes the first), so a link inside a
        // link, which the tree builder can still make, is unwrapped.
        if matches!(wrapper, Wrapper::Link { .. })
            && self
                .open
                .iter()
                .any(|(open, _)| matches!(open, Wrapper::Link { .. }))
        {
            return false;
        }
        // Room for one inline: most wrappers hold one text, and the model keeps this
        // vector as it is (a vector's first growth would make room for four).
        self.open.push((wrapper, Vec::with_capacity(1)));
        true
    }

    /// Closes the innermost wrapper, adding it to its parent unless it is empty.
    pub fn close(&mut self) {
        if let Some((wrapper, children)) = self.open.pop() {
            if !children.is_empty() {
                self.push(wrapper.wrap(children));
            }
        }
    }

    /// Whether a link is open around the insertion point.
    pub fn has_open_link(&self) -> bool {
        self.open
            .iter()
            .any(|(open, _)| matches!(open, Wrapper::Link { .. }))
    }

    /// Whether nothing was collected since the last cut.
    pub fn is_empty(&self) -> bool {
        self.root.is_empty() && self.open.iter().all(|(_, c)| c.is_empty())
    }

    /// Takes the content collected so far, every open wrapper closed around its part; the
    /// wrappers stay open (empty) for the content that follows.
    pub fn cut(&mut self) -> Vec<Inline> {
        let mut inner: Option<Inline> = None;
        for (wrapper, children) in self.open.iter_mut().rev() {
            let mut taken = std::mem::take(children);
            taken.extend(inner.take());
            if !taken.is_empty() {
                inner = Some(wrapper.clone().wrap(taken));
            }
        }
        let mut all = std::mem::take(&mut self.root);
        all.extend(inner);
        self.span = None;
        all
    }
}

/// Normalises inline content (see the module docs).
pub(crate) fn normalize(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut state = Forward { space_before: true };
    let mut inlines = state.collapse(inlines);
    trim_end(&mut inlines);
    clean(&mut inlines);
    while matches!(inlines.first(), Some(Inline::LineBreak)) {
        inlines.remove(0);
    }
    while matches!(inlines.last(), Some(Inline::LineBreak)) {
        inlines.pop();
    }
    inlines
}

/// Whether content holds any text.
pub(crate) fn has_text(inlines: &[Inline]) -> bool {
    inlines.iter().any(|inline| match inline {
        Inline::Text { text } | Inline::Code { text } => !text.is_empty(),
        Inline::Link { children, .. }
        | Inline::Emphasis { children }
        | Inline::Strong { children } => has_text(children),
        Inline::LineBreak => false,
    })
}

/// Splits normalised content at every pair of consecutive top-level line breaks, dropping
/// parts without text.
///
/// Each part is normalised already: it starts after the breaks (or at the start) and ends
/// before them (or at the end), where normalisation had dropped white space and the
/// breaks it sees at the ends of a run.
pub(crate) fn split_at_double_breaks(inlines: Vec<Inline>) -> Vec<Vec<Inline>> {
    let double_break = inlines
        .windows(2)
        .any(|pair| matches!(pair, [Inline::LineBreak, Inline::LineBreak]));
    if !double_break {
        // Most content: one part, as it is.
        return if has_text(&inlines) {
            vec![inlines]
        } else {
            Vec::new()
        };
    }
    let mut parts = vec![Vec::new()];
    let mut iter = inlines.into_iter().peekable();
    while let Some(inline) = iter.next() {
        if matches!(inline, Inline::LineBreak) && matches!(iter.peek(), Some(Inline::LineBreak)) {
            while matches!(iter.peek(), Some(Inline::LineBreak)) {
                iter.next();
            }
            parts.push(Vec::new());
            continue;
        }
        if let Some(part) = parts.last_mut() {
            part.push(inline);
        }
    }
    parts.retain(|part| has_text(part));
    debug_assert!(
        parts.iter().all(|part| normalize(part.clone()) == *part),
        "a part of normalised content is normalised"
    );
    parts
}

/// Collapses white space in document order, dropping a space that follows a space, a line
/// break or the start.
struct Forward {
    space_before: bool,
}

impl Forward {
    /// Collapses the white space of one text. Text that needs no change (the common case:
    /// single ASCII spaces between words) is returned as it is, without a copy.
    fn collapse_text(&mut self, text: String) -> String {
        // The collapsed text, once it differs from `text`; `start` is where the text not
        // yet copied into it begins.
        let mut out: Option<String> = None;
        let mut start = 0;
        let mut i = 0;
        let bytes = text.as_bytes();
        while i < bytes.len() {
            let Some(len) = white_space_at(bytes, i) else {
                // Not white space: pass over what cannot change. Every white space passed
                // over is a single space, which stays.
                let next = next_candidate(bytes, i + 1);
                self.space_before = bytes.get(next - 1) == Some(&b' ');
                i = next;
                continue;
            };
            if bytes.get(i) == Some(&b' ') && !self.space_before {
                self.space_before = true;
                i += 1;
                continue;
            }
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(text.get(start..i).unwrap_or_default());
            if !self.space_before {
                out.push(' ');
                self.space_before = true;
            }
            i += len;
            start = i;
        }
        match out {
            Some(mut out) => {
                out.push_str(text.get(start..).unwrap_or_default());
                out
            }
            None => text,
        }
    }

    fn collapse(&mut self, inlines: Vec<Inline>) -> Vec<Inline> {
        inlines
            .into_iter()
            .map(|inline| match inline {
                Inline::Text { text } => Inline::Text {
                    text: self.collapse_text(text),
                },
                Inline::Code { text } => {
                    if !text.is_empty() {
                        self.space_before = false;
                    }
                    Inline::Code { text }
                }
                Inline::LineBreak => {
                    self.space_before = true;
                    Inline::LineBreak
                }
                Inline::Link {
                    href,
                    children,
                    span,
                } => Inline::Link {
                    href,
                    children: self.collapse(children),
                    span,
                },
                Inline::Emphasis { children } => Inline::Emphasis {
                    children: self.collapse(children),
                },
                Inline::Strong { children } => Inline::Strong {
                    children: self.collapse(children),
                },
            })
            .collect()
    }
}

/// Drops the spaces that end the content or come right before a line break, working
/// backwards. Returns whether a space (or break, or the end) follows what is left, as seen
/// from before `inlines`.
fn trim_end(inlines: &mut [Inline]) -> bool {
    trim_end_from(inlines, true)
}

fn trim_end_from(inlines: &mut [Inline], mut break_after: bool) -> bool {
    for inline in inlines.iter_mut().rev() {
        match inline {
            Inline::Text { text } => {
                if break_after {
                    let trimmed = text.trim_end_matches(' ').len();
                    text.truncate(trimmed);
                }
                if !text.is_empty() {
                    break_after = false;
                }
            }
            Inline::Code { text } => {
                if !text.is_empty() {
                    break_after = false;
                }
            }
            Inline::LineBreak => break_after = true,
            Inline::Link { children, .. }
            | Inline::Emphasis { children }
            | Inline::Strong { children } => {
                break_after = trim_end_from(children, break_after);
            }
        }
    }
    break_after
}

/// Drops empty text, code and wrappers, and merges adjacent text, in place.
fn clean(inlines: &mut Vec<Inline>) {
    inlines.retain_mut(|inline| match inline {
        Inline::Text { text } | Inline::Code { text } => !text.is_empty(),
        Inline::Link { children, .. }
        | Inline::Emphasis { children }
        | Inline::Strong { children } => {
            clean(children);
            !children.is_empty()
        }
        Inline::LineBreak => true,
    });
    // `dedup_by` hands over each inline with the one kept before it.
    inlines.dedup_by(|inline, kept| match (kept, inline) {
        (Inline::Text { text: kept }, Inline::Text { text }) => {
            kept.push_str(text);
            true
        }
        _ => false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::text(s)
    }

    #[test]
    fn white_space_collapses_across_wrappers_and_around_breaks() {
        let got = normalize(vec![
            t("\u{3000} a \u{a0}"),
            Inline::Emphasis {
                children: vec![t("  b ")],
            },
            t(" "),
            Inline::LineBreak,
            t("  c\u{200b} "),
            Inline::Strong {
                children: vec![t(" ")],
            },
            Inline::LineBreak,
        ]);
        assert_eq!(
            got,
            vec![
                t("a "),
                Inline::Emphasis {
                    children: vec![t("b")]
                },
                Inline::LineBreak,
                t("c\u{200b}"),
            ]
        );
        assert_eq!(normalize(got.clone()), got);
    }

    #[test]
    fn collapsing_matches_char_by_char_collapsing() {
        // The reference: every white-space char is a space unless one came just before.
        fn reference(text: &str, mut space_before: bool) -> (String, bool) {
            let mut out = String::new();
            for c in text.chars() {
                if !c.is_whitespace() {
                    out.push(c);
                    space_before = false;
                } else if !space_before {
                    out.push(' ');
                    space_before = true;
                }
            }
            (out, space_before)
        }
        let texts = [
            "",
            " ",
            "a b",
            " a  b ",
            "a\tb\n\r c",
            "x\u{a0}\u{a0}y",
            "\u{3000}全角\u{3000} space",
            "dash \u{2013} and\u{2028}line\u{205f}\u{85}end",
            "\u{1680}ogham\u{2009}thin\u{202f}\u{200a}\u{2029}\u{200b}zero-width",
            "\u{c2}\u{e1}\u{1681}\u{2030}\u{3001}、。\u{205e}",
            "ü é – “quoted” 中文",
        ];
        // White space at and around every position of the first blocks, after text with
        // and without single spaces.
        let mut generated = Vec::new();
        for white in ["  ", " \n", "\n", " \u{3000}", "\u{a0} "] {
            for filler in ["word ", "中文。", "xy"] {
                for pad in 0..80 {
                    let mut text: String = filler.chars().cycle().take(pad).collect();
                    text.push_str(white);
                    text.extend(filler.chars().cycle().take(70));
                    generated.push(text);
                }
            }
        }
        for text in texts
            .iter()
            .copied()
            .chain(generated.iter().map(String::as_str))
        {
            for space_before in [false, true] {
                let mut forward = Forward { space_before };
                let got = forward.collapse_text(text.to_owned());
                assert_eq!(
                    (got, forward.space_before),
                    reference(text, space_before),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn a_cut_closes_and_reopens_wrappers() {
        let mut run = Run::new(None);
        run.push_text("a");
        assert!(run.open(Wrapper::Strong));
        run.push_text("b");
        assert_eq!(
            run.cut(),
            vec![
                t("a"),
                Inline::Strong {
                    children: vec![t("b")]
                }
            ]
        );
        run.push_text("c");
        run.close();
        assert_eq!(
            run.cut(),
            vec![Inline::Strong {
                children: vec![t("c")]
            }]
        );
    }

    #[test]
    fn double_breaks_split_paragraphs() {
        let parts = split_at_double_breaks(vec![
            t("a"),
            Inline::LineBreak,
            Inline::LineBreak,
            Inline::LineBreak,
            t("b"),
            Inline::LineBreak,
            t("c"),
        ]);
        assert_eq!(
            parts,
            vec![vec![t("a")], vec![t("b"), Inline::LineBreak, t("c")]]
        );
    }

    #[test]
    fn parts_of_normalised_content_need_no_second_normalisation() {
        let strong = |children| Inline::Strong { children };
        let content = normalize(vec![
            t(" a \u{3000}"),
            Inline::LineBreak,
            t("  "),
            Inline::LineBreak,
            strong(vec![Inline::LineBreak, t(" b ")]),
            t(" "),
            Inline::LineBreak,
            Inline::LineBreak,
            strong(vec![t(" ")]),
            t("c  "),
        ]);
        let parts = split_at_double_breaks(content);
        assert_eq!(
            parts,
            vec![
                vec![t("a")],
                vec![strong(vec![Inline::LineBreak, t("b")])],
                vec![t("c")]
            ]
        );
        for part in parts {
            assert_eq!(normalize(part.clone()), part);
        }
    }
}
