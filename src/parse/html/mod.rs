//! The body's HTML → blocks, via html5ever.
//!
//! 1. [`lexer`] finds the tags; [`limits::html_depth`](super::limits) picks those that
//!    nest deeper than the limit, which never reach html5ever's tree builder (their
//!    text does).
//! 2. [`feed`] gives html5ever the body and matches each tag token to a tag of the
//!    pre-scan, and [`dom`] builds the tree, each node holding the origin of the token it
//!    was made for, which is where its start tag is.
//! 3. [`walk`] turns the DOM into blocks, leaving noise out.
//!
//! Spans: a block, image or link's span covers its element's **start tag** (`<p …>`,
//! `<img …>`, `<a …>`); a paragraph of bare text starts where its first text or inline
//! element does. Offsets are file offsets.

pub(crate) mod lexer;

mod dom;
pub(super) mod elements;
mod feed;
pub(crate) mod image;
mod inline;
mod noscript;
mod walk;

use std::ops::Range;

use super::limits;
use super::options::ParseOptions;
use super::parsed::UrlRef;
use crate::error::{Error, ErrorKind};
use crate::model::Block;
use crate::span::{LineIndex, Span};

/// What the body yields.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub blocks: Vec<Block>,
    pub urls: Vec<UrlRef>,
    pub sourceless_images: Vec<Span>,
    pub errors: Vec<Error>,
}

/// Parses `text[range]` as an HTML fragment (the content of a `body`).
pub(crate) fn parse_body(
    text: &str,
    range: Range<usize>,
    index: &LineIndex<'_>,
    options: &ParseOptions,
    host: Option<&str>,
) -> Body {
    let Some(html) = text.get(range.clone()) else {
        return Body::default();
    };
    let base = range.start;
    let mut errors = Vec::new();
    let mut tags = lexer::lex_at_most(html, options.max_html_tags);
    // Past the tag limit, the body is cut before the first tag over it.
    let html = match tags.get(options.max_html_tags) {
        Some(over) => {
            let cut = over.range.start;
            errors.push(Error::new(
                ErrorKind::HtmlTooManyTags {
                    limit: options.max_html_tags,
                },
                index.span(base + cut, base + cut),
            ));
            tags.truncate(options.max_html_tags);
            html.get(..cut).unwrap_or(html)
        }
        None => html,
    };
    // Past the attribute limit, a tag's further attributes become spaces (offsets stay).
    let html = limits::bound_attributes(html, &tags, limits::MAX_ATTRIBUTES);
    let html = html.as_ref();
    let depth = limits::html_depth(&tags, options.max_html_depth);
    let hard_limit = limits::tree_depth_limit(options.max_html_depth);
    let names = typed_arena::Arena::new();
    let (parsed, net_too_deep) = feed::parse_fragment(html, &tags, &depth.skip, hard_limit, &names);
    let first_too_deep = match (depth.first_too_deep, net_too_deep) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if let Some(at) = first_too_deep {
        let end = tags
            .iter()
            .find(|t| t.range.start == at)
            .map_or(at, |t| t.range.end);
        errors.push(Error::new(
            ErrorKind::HtmlTooDeep {
                limit: options.max_html_depth,
            },
            index.span(base + at, base + end),
        ));
    }
    drop(tags);
    let walked = walk::Walker::new(base, index, &parsed, &options.noise)
        .with_fallbacks(
            html,
            noscript::Limits {
                max_depth: options.max_html_depth,
                max_tags: options.max_html_tags,
            },
        )
        .with_furniture(&options.furniture, host)
        .walk();
    Body {
        blocks: walked.blocks,
        urls: walked.urls,
        sourceless_images: walked.sourceless_images,
        errors,
    }
}
