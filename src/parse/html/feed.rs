//! Feeds the body to html5ever one chunk per tag, so that the sink knows where each
//! element came from, and leaves out the tags the depth limit rejected.

use std::rc::Rc;

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{local_name, ns, ParseOpts, QualName};

use super::lexer::Tag;
use super::sink::{Cursor, OffsetSink, Origin, Parsed};

/// Parses `html` as the content of a `body` element.
///
/// Every chunk starts at a tag of `tags` and runs to the next one; a tag whose `skip`
/// entry is set is left out (its chunk starts after it), so html5ever never sees it.
pub(crate) fn parse_fragment(html: &str, tags: &[Tag], skip: &[bool]) -> Parsed {
    let cursor = Rc::new(Cursor::default());
    let sink = OffsetSink::new(Rc::clone(&cursor));
    let context = QualName::new(None, ns!(html), local_name!("body"));
    let mut parser =
        html5ever::driver::parse_fragment(sink, ParseOpts::default(), context, Vec::new(), true);
    let first = tags.first().map_or(html.len(), |t| t.range.start);
    let mut feed = |start: usize, end: usize| {
        if let Some(chunk) = html.get(start..end).filter(|c| !c.is_empty()) {
            parser.process(StrTendril::from_slice(chunk));
        }
    };
    cursor.text.set(Origin {
        start: 0,
        end: first,
    });
    feed(0, first);
    for (i, tag) in tags.iter().enumerate() {
        let next = tags.get(i + 1).map_or(html.len(), |t| t.range.start);
        let text_start = tag.range.end.min(next);
        cursor.text.set(Origin {
            start: text_start,
            end: next,
        });
        if skip.get(i).copied().unwrap_or(false) {
            feed(text_start, next);
        } else {
            cursor.tag.set(Origin {
                start: tag.range.start,
                end: text_start,
            });
            feed(tag.range.start, next);
        }
    }
    parser.finish()
}
