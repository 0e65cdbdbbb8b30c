//! Feeds the body to html5ever in chunks that each start at a tag, so that the sink knows
//! where each element came from, and leaves out the tags the depth limit rejected.

use std::rc::Rc;

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{local_name, ns, ParseOpts, QualName};
use typed_arena::Arena;

use super::dom::{Cursor, Dom, DomSink, Origin};
use super::lexer::{is_raw_text, Tag, TagKind};
use crate::parse::limits::{is_formatting, is_void};

/// Parses `html` as the content of a `body` element; returns the DOM and the offset of
/// the first start tag left out by the safety net below, if any.
///
/// Every chunk starts at a tag of `tags` and runs to the next one, except that an end tag
/// or comment followed by nothing but white space joins the chunk before it: it needs no
/// origin of its own, and fewer, longer chunks are cheaper for html5ever. End tags of
/// formatting elements never join, as the adoption agency may copy elements (a link, with
/// its span) while running them. A tag whose `skip` entry is set is left out (its chunk
/// starts after it), so html5ever never sees it.
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
    let sink = DomSink::new(Rc::clone(&cursor), names, tags.len() * 2);
    let context = QualName::new(None, ns!(html), local_name!("body"));
    let mut parser =
        html5ever::driver::parse_fragment(sink, ParseOpts::default(), context, Vec::new(), true);
    let mut first_too_deep = None;
    let mut skipping_raw_text = false;
    let first = tags.first().map_or(html.len(), |t| t.range.start);
    // Chunks share one copy of the body (a tendril holds at most `u32::MAX` bytes; a
    // longer body is copied chunk by chunk).
    let whole = u32::try_from(html.len())
        .is_ok()
        .then(|| StrTendril::from_slice(html));
    // The chunk not fed yet, which the next tag may join.
    let mut pending = Some(Chunk {
        start: 0,
        end: first,
        tag: Origin::default(),
        text: Origin {
            start: 0,
            end: first,
        },
    });
    let mut flush = |pending: &mut Option<Chunk>| {
        let Some(chunk) = pending.take() else {
            return;
        };
        let Some(piece) = html.get(chunk.start..chunk.end).filter(|c| !c.is_empty()) else {
            return;
        };
        cursor.tag.set(chunk.tag);
        cursor.text.set(chunk.text);
        let shared = whole.as_ref().and_then(|whole| {
            let offset = u32::try_from(chunk.start).ok()?;
            let len = u32::try_from(piece.len()).ok()?;
            whole.try_subtendril(offset, len).ok()
        });
        parser.process(shared.unwrap_or_else(|| StrTendril::from_slice(piece)));
    };
    for (i, tag) in tags.iter().enumerate() {
        let next = tags.get(i + 1).map_or(html.len(), |t| t.range.start);
        let text_start = tag.range.end.min(next);
        let text = html.get(text_start..next).unwrap_or_default();
        // Text nodes start at their first visible character.
        let visible = text_start + (text.len() - text.trim_start().len());
        let text_origin = Origin {
            start: visible,
            end: next,
        };
        if skipping_raw_text && tag.in_raw_text {
            // Inside a `script` (or the like) whose start tag was left out.
            continue;
        }
        skipping_raw_text = false;
        let mut skipped = skip.get(i).copied().unwrap_or(false);
        if !skipped && tag.kind == TagKind::Start && !is_void(&tag.name) {
            // The depth must be that after everything before this tag.
            flush(&mut pending);
            if cursor.depth.get() >= hard_limit {
                skipped = true;
                first_too_deep.get_or_insert(tag.range.start);
            }
        }
        if skipped {
            flush(&mut pending);
            // The content of a skipped `script` or `style` is not text either.
            if tag.kind == TagKind::Start && is_raw_text(&tag.name) && !tag.in_raw_text {
                skipping_raw_text = true;
            } else {
                pending = Some(Chunk {
                    start: text_start,
                    end: next,
                    tag: cursor.tag.get(),
                    text: text_origin,
                });
            }
            continue;
        }
        let joins = visible == next
            && match tag.kind {
                TagKind::Start => false,
                TagKind::End => !is_formatting(&tag.name),
                TagKind::Other => true,
            };
        match &mut pending {
            Some(chunk) if joins && chunk.end == tag.range.start => chunk.end = next,
            _ => {
                flush(&mut pending);
                pending = Some(Chunk {
                    start: tag.range.start,
                    end: next,
                    tag: Origin {
                        start: tag.range.start,
                        end: text_start,
                    },
                    text: text_origin,
                });
            }
        }
    }
    flush(&mut pending);
    (parser.finish(), first_too_deep)
}

/// A piece of the body to feed, with the origins of what it makes.
#[derive(Debug, Clone, Copy)]
struct Chunk {
    start: usize,
    end: usize,
    tag: Origin,
    text: Origin,
}
