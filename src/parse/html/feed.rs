//! Feeds the body to html5ever, telling the sink where each token came from, and leaves
//! out the tags the depth limit rejected.
//!
//! html5ever reports no byte offsets, but its tokenizer hands tokens to the tree builder
//! one at a time, in input order, and the tree builder acts on each before the next is
//! read. [`Feeder`] sits between the two: it matches each tag, comment and doctype token
//! to the next tag of the pre-scan's [`lex`](super::lexer::lex) (which found the same
//! markup, with offsets), and sets the shared [`Cursor`] before passing the token on. The
//! sink stamps what it makes with that cursor. The whole body goes to html5ever in one
//! piece, so its tokenizer runs flat out instead of being stopped at every tag.
//!
//! ## The contract with html5ever's tokenizer
//!
//! The offsets are only right while html5ever (0.40) behaves as follows; each point names
//! what relies on it and the test that would notice if a new version changed it.
//!
//! 1. **One token at a time, acted on at once.** The [`Tokenizer`] calls
//!    [`Feeder::process_token`] once per token, in input order, and the feeder hands the
//!    token to [`TreeBuilder::process_token`] before returning, so every node the tree
//!    builder makes (or moves) for a token is made while the [`Cursor`] holds that token's
//!    origin. Nothing is buffered on either side. If the tokenizer ever read ahead, nodes
//!    would take the origin of a later tag (`elements_and_text_know_their_tags`,
//!    `made_up_elements_take_the_tag_that_caused_them`).
//! 2. **Tags are matched, text is not.** A tag, comment or doctype token is matched to the
//!    next tag of the pre-scan with the same kind and name: tag names are ASCII lower case
//!    on both sides (the tokenizer lowers them, [`lexer`](super::lexer) does the same);
//!    comments, doctypes and the pre-scan's other `<!…>` / `<?…>` items match each other.
//!    A match may pass over at most [`LOOKAHEAD`] tags the tokenizer did not see as tags,
//!    and [`RAW_LOOKAHEAD`] marks in raw text, so that a disagreement (`</>`, CDATA in SVG)
//!    costs one match and never pulls the matching far ahead. Character tokens carry no
//!    origin of their own: the text after a matched tag starts at its first visible
//!    character and ends at the next tag ([`Feeder::origins`]); the text before the first
//!    tag is set before tokenizing starts.
//! 3. **Raw text is the sink's choice.** The tokenizer switches to raw text (RCDATA,
//!    RAWTEXT, script data) only when the sink returns [`TokenSinkResult::RawData`] for a
//!    start tag. For an element the tree builder built, its answer is passed through and
//!    the end tag that closes the raw text is passed on whatever the depth limit says (the
//!    tree builder waits for it, and panics on anything else). For a start tag the feeder
//!    leaves out, the feeder answers `RawData` itself (so `<script>` content is still not
//!    markup) and drops the character tokens and the closing end tag. Either way the next
//!    tag token is the end tag that closes the raw text, and the marks the pre-scan made
//!    inside it are passed over ([`Feeder::locate_raw_text_end`];
//!    `tags_in_raw_text_do_not_shift_what_follows`,
//!    `left_out_tags_keep_their_text_but_not_their_raw_text`,
//!    `a_raw_text_end_tag_reaches_the_tree_builder_whatever_the_limit`).
//! 4. **Leaving a tag out is [`TokenSinkResult::Continue`].** The tokenizer goes on as if
//!    the sink had taken it; the tree builder never learns of it. The feeder never answers
//!    `Script` or `Plaintext` of its own accord.
//! 5. **Foreign content is the tree builder's.** The tokenizer asks
//!    `adjusted_current_node_present_but_not_in_html_namespace` whether `<![CDATA[` opens
//!    CDATA (in SVG or MathML) or a bogus comment; the feeder forwards the question to the
//!    tree builder, as html5ever's own driver does.
//! 6. **Pauses are resumed.** `feed` returns before the input is done after each
//!    `</script>` (for a caller that would run it) and at a `<meta charset>`; the loop in
//!    [`parse_fragment`] feeds again until `Done`, then calls `end`. The whole input is in
//!    the [`BufferQueue`] before the first `feed`, so the tokenizer never waits for more.
//! 7. **The tree builder reports depth through the sink.** [`DomSink`] updates
//!    [`Cursor::depth`] on every insertion; the feeder reads it before passing a start tag
//!    on and leaves the tag out past the hard limit (void elements never nest and pass;
//!    `the_safety_net_leaves_out_tags_past_the_hard_limit`).
//!
//! When nothing is left out, the tree is the one html5ever builds on its own
//! (`the_tree_is_the_one_html5ever_builds_on_its_own`): the feeder only watches.

use std::cell::Cell;
use std::rc::Rc;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{create_element, TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::TokenizerResult;
use html5ever::{local_name, ns, QualName};
use typed_arena::Arena;

use super::dom::{Cursor, Dom, DomSink, NodeId, Origin};
use super::elements::{is_void, raw_text_kind};
use super::lexer::{Tag, TagKind};

/// How many of the pre-scan's tags, the expected one included, a token may be matched with.
/// The two read markup alike, so a token matches the very next tag but where the pre-scan
/// saw markup the tokenizer did not (`</>`, CDATA in SVG) or the reverse; a small window
/// gets past such a place without letting a stray token pull the match far ahead.
const LOOKAHEAD: usize = 8;

/// How many tags the pre-scan marked inside raw text a match may pass over besides. Where
/// the tokenizer did read raw text, [`Feeder::locate_raw_text_end`] passes over all of
/// them.
const RAW_LOOKAHEAD: usize = 64;

/// Parses `html` as the content of a `body` element; `tags` is what the pre-scan found in
/// it. Returns the DOM and the offset of the first start tag left out by the safety net
/// below, if any.
///
/// A tag whose `skip` entry is set is left out, so html5ever never builds it (its text is
/// kept; the content of a left-out `script` or `style` is not text and goes too).
///
/// The pre-scan models HTML's tree building only roughly (foreign content, `select`, the
/// adoption agency…), so the DOM could still grow deeper than it counted. As a safety net,
/// a start tag is also left out while content is being inserted `hard_limit` levels deep
/// or more, which keeps html5ever's work linear whatever the input.
pub(crate) fn parse_fragment<'n>(
    html: &str,
    tags: &[Tag<'_>],
    skip: &[bool],
    hard_limit: usize,
    names: &'n Arena<QualName>,
) -> (Dom<'n>, Option<usize>) {
    let cursor = Rc::new(Cursor::default());
    // Text before the first tag.
    let first = tags.first().map_or(html.len(), |t| t.range.start);
    cursor.text.set(Origin {
        start: 0,
        end: first,
    });
    let sink = DomSink::new(Rc::clone(&cursor), names, tags.len() * 2);
    let body = QualName::new(None, ns!(html), local_name!("body"));
    let context = create_element(&sink, body, Vec::new());
    let builder = TreeBuilder::new_for_fragment(sink, context, None, TreeBuilderOpts::default());
    let opts = TokenizerOpts {
        initial_state: Some(builder.tokenizer_state_for_context_elem(true)),
        ..TokenizerOpts::default()
    };
    let feeder = Feeder {
        builder,
        html,
        tags,
        skip,
        hard_limit,
        cursor,
        next: Cell::new(0),
        raw_text: Cell::new(None),
        first_too_deep: Cell::new(None),
    };
    let tokenizer = Tokenizer::new(feeder, opts);
    let input = BufferQueue::default();
    for piece in pieces(html) {
        input.push_back(StrTendril::from_slice(piece));
    }
    // The tokenizer pauses after each `</script>` (for a caller that runs scripts) and at
    // a `<meta charset>`.
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    let feeder = tokenizer.sink;
    let first_too_deep = feeder.first_too_deep.get();
    (feeder.builder.sink.finish(), first_too_deep)
}

/// `html` cut into pieces of at most 1 GiB (a tendril's length is a `u32`), on character
/// boundaries: one piece for any body the parser accepts by default.
fn pieces(html: &str) -> impl Iterator<Item = &str> {
    const MAX: usize = 1 << 30;
    let mut rest = html;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut cut = rest.len().min(MAX);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        Some(piece)
    })
}

/// Who asked html5ever's tokenizer to read raw text (a `script`'s content, say), in which
/// it reads no tag but the end tag closing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawText {
    /// The tree builder, for an element it built: that end tag must reach it whatever the
    /// depth limit says, as it waits for nothing else (and html5ever panics on anything
    /// else).
    Built,
    /// The feeder, for an element left out: the text and the end tag are dropped.
    LeftOut,
}

/// The token sink between html5ever's tokenizer and its tree builder, see the module
/// documentation.
struct Feeder<'a, 'n> {
    builder: TreeBuilder<NodeId, DomSink<'n>>,
    html: &'a str,
    tags: &'a [Tag<'a>],
    skip: &'a [bool],
    hard_limit: usize,
    cursor: Rc<Cursor>,
    /// The first tag of `tags` not matched to a token yet.
    next: Cell<usize>,
    /// Set while the tokenizer reads raw text.
    raw_text: Cell<Option<RawText>>,
    first_too_deep: Cell<Option<usize>>,
}

impl Feeder<'_, '_> {
    /// The index in `tags` of the markup the tokenizer just read, if the pre-scan found it
    /// close enough ahead.
    ///
    /// Where the pre-scan marked tags in text that was no raw text to the tokenizer
    /// (`<svg><style>`), a token matches its mark; where the marks stand for nothing the
    /// tokenizer read (`<` in an attribute value there), an end tag, comment or doctype
    /// that finds no match passes over them for good and looks again, so that no run of
    /// marks holds the matching back for the rest of the body. (A start tag does not: it
    /// may be one of the marks.)
    #[inline]
    fn locate(&self, kind: TagKind, name: &str) -> Option<usize> {
        self.locate_from(self.next.get(), kind, name).or_else(|| {
            if kind == TagKind::Start {
                return None;
            }
            // For good: passing over a run once keeps the work linear.
            let mut at = self.next.get();
            while self.tags.get(at).is_some_and(|t| t.in_raw_text) {
                at += 1;
            }
            if at == self.next.get() {
                return None;
            }
            self.next.set(at);
            self.locate_from(at, kind, name)
        })
    }

    /// [`locate`](Self::locate)'s search from `at`, within the look-ahead bounds.
    #[inline]
    fn locate_from(&self, at: usize, kind: TagKind, name: &str) -> Option<usize> {
        let (mut tags, mut raw) = (0, 0);
        for (i, tag) in self.tags.get(at..)?.iter().enumerate() {
            let seen = if tag.in_raw_text { &mut raw } else { &mut tags };
            *seen += 1;
            if tags > LOOKAHEAD || raw > RAW_LOOKAHEAD {
                return None;
            }
            if tag.kind == kind && tag.name == name {
                self.next.set(at + i + 1);
                return Some(at + i);
            }
        }
        None
    }

    /// The end tag `name` that closes raw text the tokenizer just read: the marks the
    /// pre-scan made in that text are passed over up to it. The pre-scan may have taken
    /// the end tag itself for a mark (after `<svg><style/>`, which it reads as raw text to
    /// the end of the input).
    fn locate_raw_text_end(&self, name: &str) -> Option<usize> {
        let mut at = self.next.get();
        while let Some(tag) = self.tags.get(at).filter(|t| t.in_raw_text) {
            if tag.kind == TagKind::End && tag.name == name {
                self.next.set(at + 1);
                return Some(at);
            }
            at += 1;
        }
        self.next.set(at);
        self.locate(TagKind::End, name)
    }

    /// The origins of what the tag at `index` makes: the elements (its own range) and the
    /// text after it (from its first visible character to the next tag).
    fn origins(&self, index: usize) -> Option<(Origin, Origin)> {
        let tag = self.tags.get(index)?;
        let next = self
            .tags
            .get(index + 1)
            .map_or(self.html.len(), |t| t.range.start);
        let text_start = tag.range.end.min(next);
        let text = self.html.get(text_start..next).unwrap_or_default();
        let visible = text_start + (text.len() - text.trim_start().len());
        let made = Origin {
            start: tag.range.start,
            end: text_start,
        };
        Some((
            made,
            Origin {
                start: visible,
                end: next,
            },
        ))
    }

    /// Handles a tag token before the tree builder sees it: `None` to pass it on, or what
    /// to tell the tokenizer when it is left out.
    fn tag(&self, tag: &html5ever::tokenizer::Tag) -> Option<TokenSinkResult<NodeId>> {
        if let Some(raw) = self.raw_text.take() {
            // The end tag closing raw text: whatever the pre-scan marked in that text was
            // text.
            let located = self.locate_raw_text_end(&tag.name);
            if let Some((_, text)) = located.and_then(|i| self.origins(i)) {
                self.cursor.text.set(text);
            }
            return match raw {
                RawText::Built => None,
                RawText::LeftOut => Some(TokenSinkResult::Continue),
            };
        }
        let start = tag.kind == html5ever::tokenizer::StartTag;
        let kind = if start { TagKind::Start } else { TagKind::End };
        let index = self.locate(kind, &tag.name);
        let origins = index.and_then(|i| self.origins(i));
        let mut left_out = index.is_some_and(|i| self.skip.get(i) == Some(&true));
        if !left_out && start && !is_void(&tag.name) && self.cursor.depth.get() >= self.hard_limit {
            left_out = true;
            let at = origins.map_or(self.cursor.tag.get().start, |(made, _)| made.start);
            self.first_too_deep
                .set(self.first_too_deep.get().or(Some(at)));
        }
        if let Some((made, text)) = origins {
            // What a left-out tag would make takes the origin of the tag before it.
            if !left_out {
                self.cursor.tag.set(made);
            }
            self.cursor.text.set(text);
        }
        if !left_out {
            return None;
        }
        let Some(raw) = start.then(|| raw_text_kind(&tag.name)).flatten() else {
            return Some(TokenSinkResult::Continue);
        };
        // The content of a left-out `script` is still raw text to the tokenizer.
        self.raw_text.set(Some(RawText::LeftOut));
        Some(TokenSinkResult::RawData(raw))
    }
}

impl TokenSink for Feeder<'_, '_> {
    type Handle = NodeId;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<NodeId> {
        match &token {
            Token::TagToken(tag) => {
                if let Some(result) = self.tag(tag) {
                    return result;
                }
                let result = self.builder.process_token(token, line_number);
                if matches!(result, TokenSinkResult::RawData(_)) {
                    self.raw_text.set(Some(RawText::Built));
                }
                return result;
            }
            Token::CommentToken(_) | Token::DoctypeToken(_) => {
                if let Some((made, text)) = self
                    .locate(TagKind::Other, "")
                    .and_then(|i| self.origins(i))
                {
                    self.cursor.tag.set(made);
                    self.cursor.text.set(text);
                }
            }
            Token::CharacterTokens(_) | Token::NullCharacterToken
                if self.raw_text.get() == Some(RawText::LeftOut) =>
            {
                return TokenSinkResult::Continue;
            }
            _ => {}
        }
        self.builder.process_token(token, line_number)
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

#[cfg(test)]
mod tests {
    use super::super::dom::NodeKind;
    use super::*;
    use crate::parse::html::lexer::lex;
    use crate::parse::limits::html_depth;

    /// Parses `html` as `parse_body` does with a depth limit of `limit`.
    fn parse<'n>(html: &str, limit: usize, names: &'n Arena<QualName>) -> (Dom<'n>, Option<usize>) {
        let tags = lex(html);
        let skip = html_depth(&tags, limit).skip;
        parse_fragment(html, &tags, &skip, limit * 2 + 16, names)
    }

    /// Every element and non-blank text of `html`'s DOM, in document order, with the
    /// input its origin covers.
    fn origins(html: &str, limit: usize) -> (Vec<String>, Option<usize>) {
        let names = Arena::new();
        let (dom, too_deep) = parse(html, limit, &names);
        let mut out = Vec::new();
        let mut stack = vec![dom.document()];
        while let Some(id) = stack.pop() {
            let node = dom.node(id);
            let at = html.get(node.origin.start..node.origin.end).unwrap_or("?");
            match (dom.element_name(id), &node.kind) {
                (Some("html"), _) => {}
                (Some(name), _) => out.push(format!("{name}@{at}")),
                (None, NodeKind::Text(text)) if !node.is_blank_text() => {
                    out.push(format!("{:?}@{at}", &**text));
                }
                _ => {}
            }
            let mut children: Vec<_> = dom.children(id).collect();
            children.reverse();
            stack.extend(children);
        }
        (out, too_deep)
    }

    #[test]
    fn the_tree_is_the_one_html5ever_builds_on_its_own() {
        for html in [
            "<p>a<b>b<i>c</b>d</i>e</p>",
            "<table>x<tr><td>1<td>2</table>y",
            "<pre>\nline</pre><pre></>\nkept</pre><textarea>\nt</textarea>",
            "<svg><style><b>x</b></style><title><i>y</i></title></svg><math><mi>z</math>",
            "<select><option>a<textarea>b</textarea><option>c</select>",
            "<ul><li>a<li>b<p>c</ul><dl><dt>d<dd>e</dl>",
            "<script>a<b</script><style>c</style><noscript><p>d</noscript><title>&amp;</title>",
            "<template><td>t</td></template><a href=x>1<a href=y>2</a>",
            "<!DOCTYPE html><!-- c --><p>a<!-- d -->b</p><p>\0</p>",
            "<plaintext><p>not a tag",
        ] {
            let names = Arena::new();
            let (fed, _) = parse(html, 256, &names);
            let on_its_own_names = Arena::new();
            let on_its_own = Dom::parse_with_driver(html, &on_its_own_names);
            assert_eq!(fed.shape(), on_its_own.shape(), "{html}");
        }
    }

    #[test]
    fn elements_and_text_know_their_tags() {
        let html = r#"lead <p class="a">one <b>two</b> three</p>
<p id=x>four &amp; five</p><!-- note -->after"#;
        let (got, too_deep) = origins(html, 100);
        assert_eq!(
            got,
            [
                r#""lead "@lead "#,
                r#"p@<p class="a">"#,
                r#""one "@one "#,
                "b@<b>",
                r#""two"@two"#,
                r#"" three"@three"#,
                "p@<p id=x>",
                r#""four & five"@four &amp; five"#,
                r#""after"@after"#,
            ]
        );
        assert_eq!(too_deep, None);
    }

    #[test]
    fn tags_in_raw_text_do_not_shift_what_follows() {
        let html = r#"<script>if (a<b) document.write("<div><i></i>")</script><p>x</p>"#;
        let (got, _) = origins(html, 100);
        assert_eq!(
            got,
            [
                "script@<script>",
                r#""if (a<b) document.write(\"<div><i></i>\")"@if (a"#,
                "p@<p>",
                r#""x"@x"#
            ]
        );
        // The tokenizer reads a carriage return as a line feed, so this ends the script.
        let (got, _) = origins("<script>a</script\r\n><p>x</p>", 100);
        assert_eq!(&got[2..], ["p@<p>", r#""x"@x"#]);
        // Where the tree builder does not take the text as raw, its tags are markup. (The
        // pre-scan took `<b` and `</b` for raw text, so it knows no more of those tags, and
        // the text after them starts at their `>`.)
        let html = "<svg><style><b>x</b><i>y</i></style></svg><p>z</p><em>w</em>";
        let (got, _) = origins(html, 100);
        assert_eq!(
            got,
            [
                "svg@<svg>",
                "style@<style>",
                "b@<b",
                r#""x"@>x"#,
                "i@<i",
                r#""y"@>y"#,
                "p@<p>",
                r#""z"@z"#,
                "em@<em>",
                r#""w"@w"#
            ]
        );
    }

    #[test]
    fn made_up_elements_take_the_tag_that_caused_them() {
        let (got, _) = origins("<table><td>1</td></table>", 100);
        assert_eq!(
            got,
            [
                "table@<table>",
                "tbody@<td>",
                "tr@<td>",
                "td@<td>",
                r#""1"@1"#
            ]
        );
        // Markup the tokenizer drops (`</>`) does not shift what follows.
        let (got, _) = origins("a</><p\r>b</p>", 100);
        assert_eq!(got, [r#""a"@a"#, "p@<p\r>", r#""b"@b"#]);
    }

    #[test]
    fn left_out_tags_keep_their_text_but_not_their_raw_text() {
        let html = "<div><span>a</span><script>x<y</script><i>b</i></div>";
        let tags = lex(html);
        let skip: Vec<bool> = tags
            .iter()
            .map(|t| !t.in_raw_text && matches!(&*t.name, "span" | "script"))
            .collect();
        let names = Arena::new();
        let (dom, _) = parse_fragment(html, &tags, &skip, 100, &names);
        assert_eq!(dom.shape(), r#"html(div("a" i("b")))"#);
        // Left out for depth, by the pre-scan and by the safety net: the raw text of
        // neither is read as markup.
        let names = Arena::new();
        let (dom, too_deep) = parse("<div><div><title>a<b>c</b></title></div></div>f", 2, &names);
        assert_eq!(dom.shape(), r#"html(div(div()) "f")"#);
        // (The pre-scan reports what it left out itself.)
        assert_eq!(too_deep, None);
        let html = "<i><i><textarea>d<b>e</b></textarea></i></i>f";
        let (tags, names) = (lex(html), Arena::new());
        let (dom, too_deep) = parse_fragment(html, &tags, &[], 2, &names);
        assert_eq!(dom.shape(), r#"html(i() "f")"#);
        assert_eq!(too_deep, Some(3));
    }

    /// `<svg><style><x y="` and 65 `<a` (more than a match passes over) in the attribute
    /// value: marks of the pre-scan that stand for nothing the tokenizer reads.
    fn phantoms(rest: &str) -> String {
        format!(
            r#"<svg><style><x y="{}{rest}"#,
            "<a".repeat(RAW_LOOKAHEAD + 1)
        )
    }

    #[test]
    fn a_raw_text_end_tag_reaches_the_tree_builder_whatever_the_limit() {
        // The `<div>` and `<script>` find no match past the phantoms and go to the tree
        // builder, which opens the script; its end tag matches the pre-scan's, which the
        // depth limit leaves out, but the tree builder waits for it.
        let html = phantoms(r#"</style>"><div><script>1</script><!---->"#);
        for limit in [1, 2, 3, 256] {
            let names = Arena::new();
            let (dom, _) = parse(&html, limit, &names);
            assert!(dom.shape().starts_with("html(svg("), "{limit}");
        }
    }

    #[test]
    fn phantom_tags_do_not_hold_the_matching_back() {
        let html = phantoms(r#""></style></svg><p>one</p><p>two</p>"#);
        let (got, _) = origins(&html, 100);
        assert_eq!(
            &got[got.len() - 4..],
            ["p@<p>", r#""one"@one"#, "p@<p>", r#""two"@two"#]
        );
        // The pre-scan reads a foreign `<style/>` as raw text to the end of the input.
        let (got, _) = origins("<svg><style/></svg><script>1</script><p>x</p>", 100);
        assert_eq!(&got[got.len() - 2..], ["p@<p", r#""x"@>x"#]);
    }

    #[test]
    fn the_safety_net_leaves_out_tags_past_the_hard_limit() {
        let html = "<div><div><div><div>deep</div></div></div></div>then<p>after</p>";
        let tags = lex(html);
        let names = Arena::new();
        let (dom, too_deep) = parse_fragment(html, &tags, &[], 2, &names);
        // The document, `html` and the first `div` fill the two levels.
        assert_eq!(too_deep, Some(5));
        assert_eq!(dom.shape(), r#"html(div("deep") "then" p("after"))"#);
    }
}
