//! Feeds the body to html5ever one chunk per tag, so that the sink knows where each
//! element came from, and leaves out the tags the depth limit rejected.

use std::rc::Rc;

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{local_name, ns, ParseOpts, QualName};

use super::lexer::{is_raw_text, Tag, TagKind};
use super::sink::{Cursor, OffsetSink, Origin, Parsed};
use crate::parse::limits::is_void;

/// Parses `html` as the content of a `body` element; returns the DOM and the offset of
/// the first start tag left out by the safety net below, if any.
///
/// Every chunk starts at a tag of `tags` and runs to the next one; a tag whose `skip`
/// entry is set is left out (its chunk starts after it), so html5ever never sees it.
///
/// The pre-scan models HTML's tree building only roughly (foreign content, `select`, the
/// adoption agency…), so the DOM could still grow deeper than it counted. As a safety net,
/// a start tag is also left out while content is being inserted `hard_limit` levels deep
/// or more, which keeps html5ever's work linear whatever the input.
pub(crate) fn parse_fragment(
    html: &str,
    tags: &[Tag<'_>],
    skip: &[bool],
    hard_limit: usize,
) -> (Parsed, Option<usize>) {
    let cursor = Rc::new(Cursor::default());
    let sink = OffsetSink::new(Rc::clone(&cursor), tags.len() * 2);
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
    let mut feed = |start: usize, end: usize| {
        let Some(chunk) = html.get(start..end).filter(|c| !c.is_empty()) else {
            return;
        };
        let shared = whole.as_ref().and_then(|whole| {
            let offset = u32::try_from(start).ok()?;
            let len = u32::try_from(chunk.len()).ok()?;
            whole.try_subtendril(offset, len).ok()
        });
        parser.process(shared.unwrap_or_else(|| StrTendril::from_slice(chunk)));
    };
    cursor.text.set(Origin {
        start: 0,
        end: first,
    });
    feed(0, first);
    for (i, tag) in tags.iter().enumerate() {
        let next = tags.get(i + 1).map_or(html.len(), |t| t.range.start);
        let text_start = tag.range.end.min(next);
        let text = html.get(text_start..next).unwrap_or_default();
        // Text nodes start at their first visible character.
        let visible = text_start + (text.len() - text.trim_start().len());
        cursor.text.set(Origin {
            start: visible,
            end: next,
        });
        if skipping_raw_text && tag.in_raw_text {
            // Inside a `script` (or the like) whose start tag was left out.
            continue;
        }
        skipping_raw_text = false;
        let mut skipped = skip.get(i).copied().unwrap_or(false);
        if !skipped
            && tag.kind == TagKind::Start
            && !is_void(&tag.name)
            && cursor.depth.get() >= hard_limit
        {
            skipped = true;
            first_too_deep.get_or_insert(tag.range.start);
        }
        if skipped {
            // The content of a skipped `script` or `style` is not text either.
            if tag.kind == TagKind::Start && is_raw_text(&tag.name) && !tag.in_raw_text {
                skipping_raw_text = true;
            } else {
                feed(text_start, next);
            }
        } else {
            cursor.tag.set(Origin {
                start: tag.range.start,
                end: text_start,
            });
            feed(tag.range.start, next);
        }
    }
    (parser.finish(), first_too_deep)
}
