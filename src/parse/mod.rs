//! Bytes → [`Post`]: split the file into its parts, read the front matter with serde-saphyr
//! and the body with html5ever, and collect every problem with its position.

mod front_matter;
pub(crate) mod furniture;
pub(crate) mod html;
mod limits;
mod noise;
mod options;
mod parsed;
pub(crate) mod split;
mod yaml_entries;

pub use furniture::{
    FurnitureConfigError, FurnitureRule, FurnitureRules, Select, FURNITURE_ATTRIBUTE,
};
pub use noise::{NoiseRule, NoiseRules};
pub use options::ParseOptions;
pub use parsed::{Parsed, UrlRef};

use crate::error::{Error, ErrorKind};
use crate::model::{Post, Problem};
use crate::span::{LineIndex, Span};

/// Parses a post, failing on the first problem.
///
/// ```
/// let post = newspost::parse("<!--1719993633000-->\n<div><p>no front matter</p></div>\n")?;
/// assert!(post.front_matter.is_none());
/// assert_eq!(post.epoch.map(|e| e.millis), Some(1_719_993_633_000));
/// # Ok::<(), newspost::Error>(())
/// ```
pub fn parse(text: &str) -> Result<Post, Error> {
    parse_with(text, default_options())
}

/// Parses a post with options, failing on the first problem.
pub fn parse_with(text: &str, options: &ParseOptions) -> Result<Post, Error> {
    let parsed = parse_lenient_with(text, options);
    match parsed.errors.into_iter().next() {
        Some(error) => Err(error),
        None => Ok(parsed.post),
    }
}

/// Parses a post from bytes: UTF-8, with or without a byte-order mark.
///
/// ```
/// let err = newspost::parse_bytes(b"<div><p>caf\xe9</p></div>").unwrap_err();
/// assert_eq!(err.kind(), &newspost::ErrorKind::InvalidUtf8 { offset: 11 });
/// ```
pub fn parse_bytes(bytes: &[u8]) -> Result<Post, Error> {
    parse_with(utf8(bytes)?, default_options())
}

/// [`parse_bytes`] with options.
pub fn parse_bytes_with(bytes: &[u8], options: &ParseOptions) -> Result<Post, Error> {
    parse_with(utf8(bytes)?, options)
}

/// Parses whatever can be read from a post and reports every problem found. Never fails
/// and never panics.
///
/// ```
/// let parsed = newspost::parse_lenient("---\ntitle: x\ndate: 2021-02-29\n---\n<div><p>text</p></div>\n");
/// assert_eq!(parsed.errors.len(), 1);
/// assert_eq!(parsed.errors[0].line(), 3);
/// assert_eq!(parsed.post.body.len(), 1);
/// ```
pub fn parse_lenient(text: &str) -> Parsed {
    parse_lenient_with(text, default_options())
}

/// [`parse_lenient_bytes_with`] under a name that breaks the pattern of the others (it
/// takes options without saying `_with`).
#[deprecated(
    note = "use `parse_lenient_bytes_with`, the same function named like `parse_bytes_with`"
)]
pub fn parse_lenient_bytes(bytes: &[u8], options: &ParseOptions) -> Parsed {
    parse_lenient_bytes_with(bytes, options)
}

/// [`parse_lenient_with`] from bytes; invalid UTF-8 gives an empty post and one error.
///
/// ```
/// let options = newspost::ParseOptions::default();
/// let parsed = newspost::parse_lenient_bytes_with(b"<div><p>caf\xe9</p></div>", &options);
/// assert_eq!(parsed.errors[0].kind(), &newspost::ErrorKind::InvalidUtf8 { offset: 11 });
/// assert!(parsed.post.body.is_empty());
/// ```
pub fn parse_lenient_bytes_with(bytes: &[u8], options: &ParseOptions) -> Parsed {
    match utf8(bytes) {
        Ok(text) => parse_lenient_with(text, options),
        Err(error) => Parsed {
            errors: vec![error],
            ..Parsed::default()
        },
    }
}

/// Reads every post that can be read at all, as `newspost convert` does: any UTF-8 text
/// (a byte-order mark is fine) within [`ParseOptions::max_input_bytes`] gives a post with
/// everything the lenient parser recovered, and what it read past in
/// [`Post::problems`](crate::model::Post::problems) (a malformed epoch comment is left
/// out, an invalid `date` kept as written without an instant, front matter that is not
/// valid YAML read one `key: value` line at a time). Only input that is not UTF-8
/// ([`ErrorKind::InvalidUtf8`]) or too large ([`ErrorKind::TooLarge`]) is an error.
///
/// ```
/// let post = newspost::recover(
///     b"---\ntitle: \"a \\\xe6\x99\xba\"\ndate: 2021-02-29\n---\n<!--NaN-->\n<div><p>text</p></div>\n",
///     &newspost::ParseOptions::default(),
/// )?;
/// let fm = post.front_matter.as_ref().unwrap();
/// assert_eq!(fm.title.as_deref(), Some("a \\智"));
/// assert_eq!(fm.date_text(), Some("2021-02-29"));
/// assert!(post.epoch.is_none());
/// let rules: Vec<&str> = post.problems.iter().map(|p| p.rule.as_str()).collect();
/// assert_eq!(rules, ["front-matter-syntax", "epoch-malformed"]);
/// assert!(newspost::recover(b"caf\xe9", &newspost::ParseOptions::default()).is_err());
/// # Ok::<(), newspost::Error>(())
/// ```
pub fn recover(bytes: &[u8], options: &ParseOptions) -> Result<Post, Error> {
    if bytes.len() > options.max_input_bytes {
        return Err(too_large_error(bytes.len(), options));
    }
    let text = utf8(bytes)?;
    Ok(parse_lenient_with(text, options).post)
}

/// [`parse_lenient`] with options.
pub fn parse_lenient_with(text: &str, options: &ParseOptions) -> Parsed {
    // Refuse oversized input before indexing its lines.
    if text.len() > options.max_input_bytes {
        return too_large(text.len(), options);
    }
    parse_lenient_indexed(&LineIndex::new(text), options)
}

/// The result for input larger than [`ParseOptions::max_input_bytes`]: nothing read.
fn too_large(len: usize, options: &ParseOptions) -> Parsed {
    Parsed {
        errors: vec![too_large_error(len, options)],
        ..Parsed::default()
    }
}

/// The error for input larger than [`ParseOptions::max_input_bytes`], at its start.
fn too_large_error(len: usize, options: &ParseOptions) -> Error {
    let start = Span {
        start: 0,
        end: 0,
        line: 1,
        column: 1,
    };
    Error::new(
        ErrorKind::TooLarge {
            len,
            limit: options.max_input_bytes,
        },
        start,
    )
}

/// [`parse_lenient_with`] of the text `index` was built for, so that a caller needing
/// a [`LineIndex`] too (the linter) builds it once.
pub(crate) fn parse_lenient_indexed(index: &LineIndex<'_>, options: &ParseOptions) -> Parsed {
    let text = index.text();
    if text.len() > options.max_input_bytes {
        return too_large(text.len(), options);
    }
    let mut parsed = Parsed::default();
    let parts = split::split(text);
    parsed.front_matter_opened = parts.front_matter.is_some();
    match parts.front_matter {
        Some(split::FrontMatterBlock::Closed { block, yaml }) => {
            let (front_matter, errors) = front_matter::parse(text, block, yaml, index, options);
            parsed.post.front_matter = front_matter;
            parsed.errors.extend(errors);
        }
        Some(split::FrontMatterBlock::Unclosed { start, yaml }) => {
            parsed.errors.push(Error::new(
                ErrorKind::FrontMatterUnclosed,
                index.span(start, start + 3),
            ));
            // What can be read of it: the lines up to where the post goes on.
            let (front_matter, errors) =
                front_matter::parse(text, start..yaml.end, yaml, index, options);
            parsed.post.front_matter = front_matter;
            parsed.errors.extend(errors);
        }
        None => {}
    }
    if let Some(epoch) = parts.epoch {
        let span = index.span(epoch.range.start, epoch.range.end);
        match epoch.millis {
            Some(millis) => parsed.post.epoch = Some(crate::model::Epoch { millis, span }),
            None => parsed.errors.push(Error::new(
                ErrorKind::EpochMalformed { text: epoch.text },
                span,
            )),
        }
    }
    if let Some(header) = parts.header {
        parsed.header_spans = Some(header.spans);
        parsed.post.header = Some(crate::model::Header {
            title: header.title,
            url: header.url,
            span: index.span(header.range.start, header.range.end),
        });
    }
    if let Some(date_line) = parts.date_line {
        let mut line = date_line.line;
        line.span = index.span(date_line.range.start, date_line.range.end);
        parsed.post.date_line = Some(line);
    }
    parsed.post.body_span = index.span(parts.body.start, parts.body.end);
    let host = if options.furniture.needs_host() {
        parsed
            .post
            .front_matter
            .as_ref()
            .and_then(|fm| fm.from.as_deref())
            .or(parsed.post.header.as_ref().map(|h| h.url.as_str()))
            .and_then(furniture::source_host)
    } else {
        None
    };
    let body = html::parse_body(text, parts.body, index, options, host.as_deref());
    parsed.post.body = if options.furniture.marks_blocks() {
        let title = parsed
            .post
            .front_matter
            .as_ref()
            .and_then(|fm| fm.title.as_deref())
            .or(parsed.post.header.as_ref().map(|h| h.title.as_str()));
        let context = furniture::texts::Context {
            rules: &options.furniture,
            host: host.as_deref(),
            title,
        };
        furniture::texts::mark_blocks(body.blocks, &context)
    } else {
        body.blocks
    };
    parsed.urls = body.urls;
    parsed.sourceless_images = body.sourceless_images;
    parsed.errors.extend(body.errors);
    parsed.errors.sort_by_key(|e| e.span().start);
    parsed.post.problems = parsed.errors.iter().map(Problem::from).collect();
    parsed
}

/// The default options, built once: the noise rules are a few dozen allocations.
fn default_options() -> &'static ParseOptions {
    static DEFAULT: std::sync::OnceLock<ParseOptions> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(ParseOptions::default)
}

/// The bytes as text. Valid UTF-8 (nearly every file) is checked with vector instructions;
/// only a failure asks std where the first bad byte is.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, Error> {
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        // The text before the bad byte is valid, so its lines and columns can be counted.
        let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let index = LineIndex::new(valid);
        let mut span = index.span(offset, offset + e.error_len().unwrap_or(1));
        span.start = offset;
        Error::new(ErrorKind::InvalidUtf8 { offset }, span)
    })
}
