//! What the lenient parser gives: [`Parsed`], the post with every problem, and the
//! [`UrlRef`]s of the body.

use super::split::HeaderSpans;
use crate::error::Error;
use crate::model::Post;
use crate::span::Span;

/// What the lenient parser recovered from a file, and every problem it found.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Parsed {
    /// Whatever parts could be read.
    pub post: Post,
    /// Every problem, in file order.
    pub errors: Vec<Error>,
    /// Every URL the body refers to outside noise (`a href`, `img src` and its lazy-load
    /// attributes, `source srcset`, embeds), as written, in document order.
    pub urls: Vec<UrlRef>,
    /// `img` elements from which no image URL could be recovered.
    pub sourceless_images: Vec<Span>,
    /// Whether the file opens with a `---` line (even when the block is never closed).
    pub front_matter_opened: bool,
    /// Where the header link's title and URL lie, when there is a header.
    pub(crate) header_spans: Option<HeaderSpans>,
}

/// A URL written in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UrlRef {
    /// The element's name (`a`, `img`, `source`, `iframe`, …).
    pub element: String,
    /// The attribute's name (`href`, `src`, `data-src`, …).
    pub attribute: String,
    /// The value, entities decoded.
    pub value: String,
    /// Where the element is.
    pub span: Span,
    /// Where the URL is written: inside the attribute's quotes, as written (entities not
    /// decoded, so a value written with `&amp;` spans its source text); the part of the
    /// value that is this URL when the attribute holds several (`srcset`) or a JSON
    /// object. The element's span when the start tag does not show the attribute.
    pub value_span: Span,
}
