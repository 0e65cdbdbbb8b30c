//! What a rule sees of one file: the text, what the parser made of it, the settings, and
//! helpers that find the byte ranges rules point at and edit.

use std::cell::OnceCell;
use std::ops::Range;
use std::path::Path;

use chrono::{DateTime, Utc};

use url::Url;

use super::trust::Trust;
use super::urls::{classify_absolute, classify_body, CheckedUrl, Place, UrlClass};
use crate::error::{Error, ErrorKind};
use crate::model::{FrontMatter, PostDate};
use crate::parse::html::image::IMAGE_SOURCE_ATTRIBUTES;
use crate::parse::split::HeaderSpans;
use crate::parse::Parsed;

pub(crate) struct Context<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    pub parsed: &'a Parsed,
    pub now: DateTime<Utc>,
    pub trust: Option<Trust>,
    urls: OnceCell<Vec<CheckedUrl<'a>>>,
}

impl<'a> Context<'a> {
    pub fn new(
        path: &'a Path,
        text: &'a str,
        parsed: &'a Parsed,
        now: DateTime<Utc>,
        trust: Option<Trust>,
    ) -> Self {
        Context {
            path,
            text,
            parsed,
            now,
            trust,
            urls: OnceCell::new(),
        }
    }

    pub fn errors(&self) -> impl Iterator<Item = &'a Error> {
        self.parsed.errors.iter()
    }

    pub fn has_error(&self, test: impl Fn(&ErrorKind) -> bool) -> bool {
        self.parsed.errors.iter().any(|e| test(e.kind()))
    }

    /// The front matter, when it was read (opened, closed and parsed as a mapping).
    pub fn front_matter(&self) -> Option<&'a FrontMatter> {
        self.parsed.post.front_matter.as_ref()
    }

    /// The post's date, when present and valid: the front matter's `date`, else the
    /// `日期：` line under the header.
    pub fn date(&self) -> Option<&'a PostDate> {
        self.front_matter()
            .and_then(|fm| fm.date.as_ref())
            .or_else(|| self.parsed.post.date_line.as_ref().map(|line| &line.date))
    }

    /// Where a finding about the date points: the front matter's `date` value, else the
    /// date line, else the front matter's opening line.
    pub fn date_range(&self) -> Range<usize> {
        if let Some((range, _)) = self.value_range("date") {
            return range;
        }
        if self.front_matter().is_some_and(|fm| fm.date.is_some()) {
            if let Some(range) = self.entry_range("date") {
                return range;
            }
        }
        match &self.parsed.post.date_line {
            Some(line) if line.span.is_known() => line.span.range(),
            _ => self.front_matter_opening(),
        }
    }

    /// A non-empty string field.
    pub fn field(&self, value: Option<&'a String>) -> Option<&'a str> {
        value.map(String::as_str).filter(|s| !s.trim().is_empty())
    }

    /// Whether a front matter was opened but never closed: then nothing after it is read.
    pub fn unclosed(&self) -> bool {
        self.has_error(|k| matches!(k, ErrorKind::FrontMatterUnclosed))
    }

    /// The line ending the file uses.
    pub fn newline(&self) -> &'static str {
        match self.text.find('\n') {
            Some(i) if i > 0 && self.text.as_bytes().get(i - 1) == Some(&b'\r') => "\r\n",
            _ => "\n",
        }
    }

    /// Where the line after the one holding `offset` starts (the end of the text when
    /// there is none).
    pub fn next_line_start(&self, offset: usize) -> usize {
        self.text
            .get(offset..)
            .and_then(|rest| rest.find('\n'))
            .map_or(self.text.len(), |i| offset + i + 1)
    }

    /// The range of a line (without its ending) starting at `start`.
    pub fn line_at(&self, start: usize) -> Range<usize> {
        let end = self
            .text
            .get(start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(self.text.len(), |i| start + i);
        let line = self.text.get(start..end).unwrap_or_default();
        start..start + line.trim_end_matches('\r').len()
    }

    /// The range of a front-matter entry (`key: value`, through its continuation lines).
    pub fn entry_range(&self, key: &str) -> Option<Range<usize>> {
        self.front_matter()?.spans.get(key).map(|s| s.range())
    }

    /// The range of a one-line entry's value, inside its quotes if quoted, and whether
    /// it was quoted, as the parser recorded it.
    pub fn value_range(&self, key: &str) -> Option<(Range<usize>, bool)> {
        let value = self.front_matter()?.spans.value(key)?;
        Some((value.range.clone(), value.quoted))
    }

    /// The range of the whole front-matter block, `---` to `---`.
    pub fn front_matter_range(&self) -> Option<Range<usize>> {
        self.front_matter().map(|fm| fm.spans.block.range())
    }

    /// The range to point at when a whole front-matter field is missing: the block's
    /// opening line.
    pub fn front_matter_opening(&self) -> Range<usize> {
        let start = self.front_matter_range().map_or(0, |r| r.start);
        self.line_at(start)
    }

    /// Where the epoch comment is (also a malformed one).
    pub fn epoch_range(&self) -> Option<Range<usize>> {
        if let Some(epoch) = &self.parsed.post.epoch {
            return Some(epoch.span.range());
        }
        self.parsed
            .errors
            .iter()
            .find(|e| matches!(e.kind(), ErrorKind::EpochMalformed { .. }))
            .map(|e| e.span().range())
    }

    /// Where the header link's title and URL lie, as the parser found them.
    pub fn header_ranges(&self) -> Option<HeaderSpans> {
        self.parsed.header_spans.clone()
    }

    /// Every URL the URL rules look at, classified once per file.
    pub fn urls(&self) -> &[CheckedUrl<'a>] {
        self.urls.get_or_init(|| collect_urls(self))
    }

    /// The date's instant in epoch milliseconds.
    pub fn date_millis(date: &PostDate) -> i64 {
        date.instant().timestamp_millis()
    }

    /// Whether the date field is present but empty (a missing field, not an invalid date).
    pub fn date_is_blank(&self) -> bool {
        self.front_matter()
            .and_then(|fm| fm.invalid_date.as_deref())
            .is_some_and(|s| s.trim().is_empty())
    }
}

/// Base for classifying body URLs when `from` is missing or unusable: only whether they
/// parse matters then.
const STAND_IN_BASE: &str = "https://example.invalid/";

/// The URLs of `from`, the header link, links and image sources, each classified.
fn collect_urls<'a>(ctx: &Context<'a>) -> Vec<CheckedUrl<'a>> {
    let mut out = Vec::new();
    if let Some(from) = ctx
        .front_matter()
        .and_then(|fm| ctx.field(fm.from.as_ref()))
    {
        let range = ctx
            .value_range("from")
            .map(|(r, _)| r)
            .unwrap_or_else(|| ctx.front_matter_opening());
        out.push(CheckedUrl {
            range,
            place: Place::From,
            value: from,
            class: classify_absolute(from),
        });
    }
    if let (Some(header), Some(ranges)) = (&ctx.parsed.post.header, ctx.header_ranges()) {
        // The header usually links to `from` itself: classify it once.
        let class = match out.first() {
            Some(from) if from.value == header.url => from.class.clone(),
            _ => classify_absolute(&header.url),
        };
        out.push(CheckedUrl {
            range: ranges.url,
            place: Place::Header,
            value: &header.url,
            class,
        });
    }
    // Parsed when the first relative URL needs it.
    let base = std::cell::OnceCell::new();
    let base = || {
        base.get_or_init(|| {
            ctx.front_matter()
                .and_then(|fm| fm.from_url())
                .filter(|u| !u.cannot_be_a_base())
                .or_else(|| Url::parse(STAND_IN_BASE).ok())
        })
        .as_ref()
    };
    for url in &ctx.parsed.urls {
        let is_link = url.element == "a" && url.attribute == "href";
        let is_image =
            url.element == "img" && IMAGE_SOURCE_ATTRIBUTES.contains(&url.attribute.as_str());
        if !(is_link || is_image) {
            continue;
        }
        let value = url.value.trim();
        // An empty reference or an in-page anchor names this page, not a resource.
        if value.is_empty() || value.starts_with('#') {
            continue;
        }
        let class = classify_body(value, base);
        // A `data:` image is an inline placeholder, not a source to check.
        if is_image && matches!(&class, UrlClass::Scheme(s) if s == "data") {
            continue;
        }
        out.push(CheckedUrl {
            range: url.value_span.range(),
            place: Place::Body {
                element: &url.element,
                attribute: &url.attribute,
            },
            value: &url.value,
            class,
        });
    }
    out
}

/// What the rules see of a parse, by the conventions of the rule catalog: a front matter
/// that is opened and never closed leaves nothing else to check (its lines and the rest
/// of the post, which the lenient parser recovers for converters, are not looked at); a
/// front matter that is not read as YAML as a whole has no values to check (the entries
/// recovered one by one, and the type and date errors found in them, are not looked at).
pub(crate) fn lint_view(mut parsed: Parsed) -> Parsed {
    let unclosed = parsed
        .errors
        .iter()
        .any(|e| matches!(e.kind(), ErrorKind::FrontMatterUnclosed));
    if unclosed {
        parsed
            .errors
            .retain(|e| matches!(e.kind(), ErrorKind::FrontMatterUnclosed));
        return Parsed {
            errors: parsed.errors,
            front_matter_opened: parsed.front_matter_opened,
            ..Parsed::default()
        };
    }
    let unread = parsed.errors.iter().any(|e| {
        matches!(
            e.kind(),
            ErrorKind::FrontMatterSyntax { .. }
                | ErrorKind::FrontMatterNotMapping
                | ErrorKind::FrontMatterTooDeep { .. }
                | ErrorKind::FrontMatterTooLarge { .. }
        )
    });
    if unread {
        if let Some(fm) = parsed.post.front_matter.take() {
            let block = fm.spans.block.range();
            parsed.errors.retain(|e| {
                !(matches!(
                    e.kind(),
                    ErrorKind::FieldType { .. } | ErrorKind::DateInvalid(_)
                ) && block.contains(&e.span().start))
            });
        }
    }
    parsed
}

/// Text with runs of Unicode White_Space collapsed to one space and trimmed.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{at, diagnostics, VALID};

    #[test]
    fn a_url_written_with_entities_is_pointed_at_where_it_is_written() {
        let written = "javascript:go(1)&amp;x";
        let text = VALID.replace(
            "<p>第一段。</p>",
            &format!("<p><a title=\"javascript\" href=\"{written}\">第一段。</a></p>"),
        );
        let found = diagnostics("url-scheme", &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(at(&text, &found[0]), written);
        let line = text.lines().position(|l| l.contains(written)).unwrap_or(0) + 1;
        let column = text
            .lines()
            .nth(line - 1)
            .and_then(|l| l.find(written))
            .unwrap_or(0)
            + 1;
        assert_eq!(
            (found[0].span.line, found[0].span.column),
            (
                u32::try_from(line).unwrap_or(0),
                u32::try_from(column).unwrap_or(0)
            )
        );
    }

    #[test]
    fn a_url_written_as_is_is_pointed_at_in_its_own_attribute() {
        let text = VALID.replace(
            "<p>第一段。</p>",
            "<p><img alt=\"mailto:a@e.com\" src=\"mailto:a@e.com\"></p>",
        );
        let found = diagnostics("url-scheme", &text);
        assert_eq!(found.len(), 1, "{found:?}");
        let src = text.find("src=\"").unwrap_or(0) + "src=\"".len();
        assert_eq!(found[0].span.range(), src..src + "mailto:a@e.com".len());
    }
}
