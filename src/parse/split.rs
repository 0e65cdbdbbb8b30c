//! Finds the parts of a post: front matter, epoch comment, header link and body.
//!
//! Line based: a part is recognised by its lines, as the archives write them. Lines end
//! at `\n`; a `\r` before it and trailing blanks are ignored when matching.

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem::Finder;

/// Where the parts of a post lie, as byte ranges of the file.
#[derive(Debug, Default)]
pub(crate) struct Parts {
    pub front_matter: Option<FrontMatterBlock>,
    pub epoch: Option<EpochComment>,
    pub header: Option<HeaderLink>,
    pub date_line: Option<DateLineAt>,
    pub body: Range<usize>,
}

/// A `日期：…` line right under the header.
#[derive(Debug)]
pub(crate) struct DateLineAt {
    /// The line, without its ending.
    pub range: Range<usize>,
    pub line: crate::model::DateLine,
}

#[derive(Debug)]
pub(crate) enum FrontMatterBlock {
    /// From the opening `---` through the closing `---` line; `yaml` lies between.
    Closed {
        block: Range<usize>,
        yaml: Range<usize>,
    },
    /// Opened at `start`, never closed. `yaml` is what reads as its YAML: the lines after
    /// the opening `---` up to the first that cannot be front matter (an HTML line, the
    /// epoch comment, the header link, a line of dashes mistyped for `---`), which are
    /// then read as the rest of the post.
    Unclosed { start: usize, yaml: Range<usize> },
}

#[derive(Debug)]
pub(crate) struct EpochComment {
    pub range: Range<usize>,
    /// The comment's content, trimmed.
    pub text: String,
    /// The value, when the content is a plain integer that fits.
    pub millis: Option<i64>,
}

#[derive(Debug)]
pub(crate) struct HeaderLink {
    /// The link line through the underline.
    pub range: Range<usize>,
    pub title: String,
    pub url: String,
    /// Where the title and the URL lie.
    pub spans: HeaderSpans,
}

/// Where the parts of the header link lie, as byte ranges of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeaderSpans {
    /// The link text.
    pub title: Range<usize>,
    /// The URL.
    pub url: Range<usize>,
}

/// One line: its range without the line ending, and where the next line starts.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    start: usize,
    text: &'a str,
    next: usize,
}

fn line_at(text: &str, start: usize) -> Option<Line<'_>> {
    if start >= text.len() {
        return None;
    }
    let rest = &text[start..];
    let (line, next) = match memchr::memchr(b'\n', rest.as_bytes()) {
        Some(i) => (&rest[..i], start + i + 1),
        None => (rest, text.len()),
    };
    Some(Line {
        start,
        text: line.trim_end_matches('\r'),
        next,
    })
}

fn is_delimiter(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Where the first line at or after `from` (a line start) that begins with `---` starts:
/// found with one substring search rather than line by line, as a front matter is passed
/// over whole to find its closing delimiter.
fn next_dashes_line(text: &str, from: usize) -> Option<usize> {
    static NEWLINE_DASHES: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("\n---"));
    let rest = text.get(from..)?;
    if rest.starts_with("---") {
        return Some(from);
    }
    NEWLINE_DASHES
        .find(rest.as_bytes())
        .map(|newline| from + newline + 1)
}

/// The first line at or after `start` that is not blank.
fn skip_blank(text: &str, mut start: usize) -> Option<Line<'_>> {
    while let Some(line) = line_at(text, start) {
        if !line.text.trim().is_empty() {
            return Some(line);
        }
        start = line.next;
    }
    None
}

pub(crate) fn split(text: &str) -> Parts {
    let mut parts = Parts::default();
    let mut pos = if text.starts_with('\u{feff}') { 3 } else { 0 };

    if let Some(first) = line_at(text, pos).filter(|l| is_delimiter(l.text)) {
        let mut cursor = first.next;
        loop {
            match next_dashes_line(text, cursor).and_then(|start| line_at(text, start)) {
                Some(line) if is_delimiter(line.text) => {
                    parts.front_matter = Some(FrontMatterBlock::Closed {
                        block: first.start..line.start + line.text.len(),
                        yaml: first.next..line.start,
                    });
                    pos = line.next;
                    break;
                }
                Some(line) => cursor = line.next,
                None => {
                    let (yaml_end, resume) = unclosed_yaml_end(text, first.next);
                    parts.front_matter = Some(FrontMatterBlock::Unclosed {
                        start: first.start,
                        yaml: first.next..yaml_end,
                    });
                    pos = resume;
                    break;
                }
            }
        }
    }

    if let Some(line) = skip_blank(text, pos) {
        if let Some(epoch) = epoch_comment(line) {
            parts.epoch = Some(epoch);
            pos = line.next;
        }
    }

    if let Some(line) = skip_blank(text, pos) {
        if let Some(link) = header_link(line.text) {
            if let Some(underline) = line_at(text, line.next).filter(|l| is_underline(l.text)) {
                let title = line.text.get(link.title.clone()).unwrap_or_default();
                let url = line.text.get(link.url.clone()).unwrap_or_default();
                parts.header = Some(HeaderLink {
                    range: line.start..underline.start + underline.text.len(),
                    title: title.to_owned(),
                    url: url.to_owned(),
                    spans: HeaderSpans {
                        title: line.start + link.title.start..line.start + link.title.end,
                        url: line.start + link.url.start..line.start + link.url.end,
                    },
                });
                pos = underline.next;
                if let Some(line) = skip_blank(text, pos) {
                    if let Some(date_line) = crate::model::DateLine::parse(line.text) {
                        parts.date_line = Some(DateLineAt {
                            range: line.start..line.start + line.text.len(),
                            line: date_line,
                        });
                        pos = line.next;
                    }
                }
            }
        }
    }

    parts.body = pos..text.len();
    parts
}

/// Where the YAML of a front matter that is never closed ends, and where the rest of the
/// post starts: at the first line after `start` that cannot be YAML of a front matter —
/// one starting with `<` (HTML, the epoch comment), a header link over its underline, or
/// a line of dashes other than `---` (a mistyped delimiter, then passed over).
fn unclosed_yaml_end(text: &str, start: usize) -> (usize, usize) {
    let mut pos = start;
    while let Some(line) = line_at(text, pos) {
        let trimmed = line.text.trim();
        if trimmed.starts_with('<') {
            return (line.start, line.start);
        }
        if is_underline(trimmed) || matches!(trimmed, "-" | "--") {
            return (line.start, line.next);
        }
        if header_link(line.text).is_some()
            && line_at(text, line.next).is_some_and(|next| is_underline(next.text))
        {
            return (line.start, line.start);
        }
        pos = line.next;
    }
    (text.len(), text.len())
}

fn epoch_comment(line: Line<'_>) -> Option<EpochComment> {
    let trimmed = line.text.trim();
    let inner = trimmed.strip_prefix("<!--")?.strip_suffix("-->")?;
    let leading = line.text.len() - line.text.trim_start().len();
    let start = line.start + leading;
    let content = inner.trim();
    let millis = if !content.is_empty() && content.bytes().all(|b| b.is_ascii_digit()) {
        content.parse::<i64>().ok()
    } else {
        None
    };
    Some(EpochComment {
        range: start..start + trimmed.len(),
        text: content.to_owned(),
        millis,
    })
}

/// `[title](url)`: the title runs to the last `](` of the line. The ranges are of `line`.
fn header_link(line: &str) -> Option<HeaderSpans> {
    let trimmed = line.trim();
    let inner = trimmed.strip_prefix('[')?.strip_suffix(')')?;
    let split = last_link_split(inner.as_bytes())?;
    // Where `inner` starts: after the leading blanks and the `[`.
    let open = line.len() - line.trim_start().len() + 1;
    Some(HeaderSpans {
        title: open..open + split,
        url: open + split + 2..open + inner.len(),
    })
}

/// Where the last `](` of `line` starts (as `str::rfind("](")` finds it, without building
/// a substring searcher for every post).
fn last_link_split(line: &[u8]) -> Option<usize> {
    let mut end = line.len();
    while let Some(paren) = memchr::memrchr(b'(', line.get(..end)?) {
        if paren > 0 && line.get(paren - 1) == Some(&b']') {
            return Some(paren - 1);
        }
        end = paren;
    }
    None
}

fn is_underline(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 3 && line.bytes().all(|b| b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const POST: &str = "---\ntitle: x\n---\n<!--1719993633000-->\n[T](https://a.example/x)\n------\n\n<div><p>b</p></div>\n";

    proptest::proptest! {
        /// The split is where `rfind("](")` finds it.
        #[test]
        fn the_link_split_is_the_last_bracket_paren(line in "[\\](a中)]{0,24}") {
            proptest::prop_assert_eq!(last_link_split(line.as_bytes()), line.rfind("]("));
        }

        /// The closing delimiter is found as a walk over the lines finds it.
        #[test]
        fn the_front_matter_ends_where_a_line_walk_ends_it(
            lines in proptest::collection::vec("(---|----|--- |---\r| ---|a: b|-- -|)", 0..8),
        ) {
            let text = format!("---\n{}", lines.join("\n"));
            let walked = lines.iter().position(|l| l.trim_end() == "---");
            let found = match split(&text).front_matter {
                Some(FrontMatterBlock::Closed { yaml, .. }) => {
                    Some(text[yaml].matches('\n').count())
                }
                _ => None,
            };
            proptest::prop_assert_eq!(found, walked);
        }
    }

    #[test]
    fn finds_every_part() {
        let parts = split(POST);
        let Some(FrontMatterBlock::Closed { block, yaml }) = parts.front_matter else {
            panic!("no front matter");
        };
        assert_eq!(&POST[block], "---\ntitle: x\n---");
        assert_eq!(&POST[yaml], "title: x\n");
        let epoch = parts.epoch.expect("epoch");
        assert_eq!(epoch.millis, Some(1_719_993_633_000));
        assert_eq!(&POST[epoch.range], "<!--1719993633000-->");
        let header = parts.header.expect("header");
        assert_eq!(
            (header.title.as_str(), header.url.as_str()),
            ("T", "https://a.example/x")
        );
        assert_eq!(&POST[header.range], "[T](https://a.example/x)\n------");
        assert_eq!(&POST[parts.body], "\n<div><p>b</p></div>\n");
    }

    #[test]
    fn the_header_records_where_its_title_and_url_lie() {
        let text = "  [a](b](https://e.com/x) \r\n---\r\n";
        let header = split(text).header.expect("header");
        assert_eq!(&text[header.spans.title], "a](b");
        assert_eq!(&text[header.spans.url], "https://e.com/x");
    }

    #[test]
    fn crlf_and_bom_are_fine() {
        let text = format!("\u{feff}{}", POST.replace('\n', "\r\n"));
        let parts = split(&text);
        assert!(matches!(
            parts.front_matter,
            Some(FrontMatterBlock::Closed { .. })
        ));
        assert_eq!(parts.epoch.and_then(|e| e.millis), Some(1_719_993_633_000));
        assert_eq!(
            parts.header.map(|h| h.url),
            Some("https://a.example/x".to_owned())
        );
    }

    #[test]
    fn parts_may_be_missing() {
        let parts = split("<div><p>b</p></div>");
        assert!(parts.front_matter.is_none() && parts.epoch.is_none() && parts.header.is_none());
        assert_eq!(parts.body, 0..19);
        let parts = split("---\ntitle: x\n");
        assert!(matches!(
            parts.front_matter,
            Some(FrontMatterBlock::Unclosed { start: 0, .. })
        ));
        let parts = split("[T](u)\nnot an underline\n");
        assert!(parts.header.is_none());
    }

    #[test]
    fn an_unclosed_front_matter_ends_where_the_post_goes_on() {
        for (text, yaml, body) in [
            (
                "---\ntitle: x\n--\n<!--1-->\n[T](u)\n------\n<p>b</p>\n",
                "title: x\n",
                "<p>b</p>\n",
            ),
            (
                "---\ntitle: x\ntags:\n  - a\n<!--1-->\n<p>b</p>\n",
                "title: x\ntags:\n  - a\n",
                "<p>b</p>\n",
            ),
            (
                "---\ntitle: x\n[T](u)\n---x\n",
                "title: x\n[T](u)\n---x\n",
                "",
            ),
            (
                "---\ntitle: x\n[T](u)\n------\n<p>b</p>",
                "title: x\n",
                "<p>b</p>",
            ),
        ] {
            let parts = split(text);
            let Some(FrontMatterBlock::Unclosed { yaml: range, .. }) = parts.front_matter else {
                panic!("{text:?}: not unclosed");
            };
            assert_eq!(&text[range], yaml, "{text:?}");
            assert_eq!(&text[parts.body], body, "{text:?}");
        }
    }

    #[test]
    fn a_date_line_under_the_header_is_no_body() {
        let text =
            "[T](https://a.example/x)\n------\n日期：Tue, 30 Jun 2020 15:04:14 +0000\n\n<p>b</p>\n";
        let parts = split(text);
        let date_line = parts.date_line.expect("date line");
        assert_eq!(
            &text[date_line.range],
            "日期：Tue, 30 Jun 2020 15:04:14 +0000"
        );
        assert_eq!(date_line.line.date.instant().timestamp(), 1_593_529_454);
        assert_eq!(&text[parts.body], "\n<p>b</p>\n");
        // Not a date, or not under the header: body.
        for text in [
            "[T](u)\n------\n日期：不详\n<p>b</p>\n",
            "日期：Tue, 30 Jun 2020 15:04:14 +0000\n<p>b</p>\n",
        ] {
            assert!(split(text).date_line.is_none(), "{text}");
        }
    }

    #[test]
    fn a_comment_that_is_not_an_integer_is_a_malformed_epoch() {
        for text in [
            "<!--NaN-->",
            "<!--1,591,265,381,000-->",
            "<!-- 1591265381.5 -->",
            "<!--99999999999999999999-->",
        ] {
            let epoch = split(text).epoch.expect(text);
            assert_eq!(epoch.millis, None, "{text}");
        }
        assert_eq!(split("<!-- 0 -->").epoch.and_then(|e| e.millis), Some(0));
    }
}
