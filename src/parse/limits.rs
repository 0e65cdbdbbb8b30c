//! Every limit of parsing, in one place, and the cheap scans that enforce the nesting
//! limits before input reaches html5ever, whose time grows with the square of the nesting
//! depth (100,000 nested `<div>` take it about 30 s), and the YAML reader. serde-saphyr
//! has a depth budget of its own (0.6 ms for 10,000 nested levels, where serde_yaml took
//! 0.7 s); the `[`/`{` scan stays because it gives the offending offset and keeps
//! `FrontMatterTooDeep` independent of the YAML crate.
//!
//! The limits a caller may change are fields of `ParseOptions`, whose defaults are the
//! `DEFAULT_*` constants here; the others are fixed. Limits of later stages sit with the
//! options they belong to (lint's `MAX_FINDINGS_PER_*`, the EPUB's image sizes).

use super::html::elements::{
    closes_p, ends_in_table_scope, implied_end, is_void, ImpliedEnd, TreeBuilderClass,
};
use super::html::lexer::{Tag, TagKind};

/// Default of `ParseOptions::max_input_bytes`: larger files are refused whole. 64 MiB is
/// far above any real post (the largest in the corpora has 136 KB) and bounds the memory
/// one post can take.
pub(super) const DEFAULT_MAX_INPUT_BYTES: usize = 64 << 20;

/// Default of `ParseOptions::max_front_matter_bytes`: larger front matter is not parsed.
/// A real one has a few hundred bytes; 1 MiB bounds the YAML reader's work on one post
/// (its slowest known case, many keys, needs more than 1 MiB to take a second:
/// `docs/format.md`).
pub(super) const DEFAULT_MAX_FRONT_MATTER_BYTES: usize = 1 << 20;

/// Default of `ParseOptions::max_yaml_depth`: how deep `[`/`{` (and block) nesting may go
/// in the front matter, checked by [`flow_depth_exceeds`] and serde-saphyr's depth budget.
/// Real front matter nests two or three levels; 64 stays far from any recursion limit.
pub(super) const DEFAULT_MAX_YAML_DEPTH: usize = 64;

/// Default of `ParseOptions::max_html_depth`: body elements nested deeper are left out by
/// [`html_depth`] (their text kept). Real markup nests a few dozen levels; the bound keeps
/// html5ever's time, quadratic in the nesting, small.
pub(super) const DEFAULT_MAX_HTML_DEPTH: usize = 256;

/// Default of `ParseOptions::max_html_tags`: a body with more tags is read up to the first
/// one past it. A long real article has a few thousand tags; 500,000 bounds a post's
/// memory whatever the markup's shape.
pub(super) const DEFAULT_MAX_HTML_TAGS: usize = 500_000;

/// The most attributes of one tag that reach html5ever, whose tokenizer compares each
/// attribute with every earlier one of its tag (250,000 attributes on one `<p>` took 60 s).
/// A tag's further attributes are left out; real markup has a few dozen at most.
pub(crate) const MAX_ATTRIBUTES: usize = 256;

/// How deep the tree feed lets html5ever insert content for a body parsed with
/// `max_html_depth` (its safety net, see `feed::parse_fragment`): twice the limit leaves
/// room for what the tree builder adds (an implied `tbody`, reopened formatting elements)
/// to documents the pre-scan let through, and keeps html5ever's work linear whatever the
/// pre-scan missed.
pub(crate) fn tree_depth_limit(max_html_depth: usize) -> usize {
    max_html_depth.saturating_mul(2).saturating_add(16)
}

/// How deep the walk from the DOM to blocks recurses into elements; deeper content keeps
/// only its text. The DOM is already bounded by [`tree_depth_limit`]; this bounds the
/// walk's recursion, and so its stack, whatever `max_html_depth` is configured. 400 is
/// above the default depth limit, so with the default options only what the tree builder
/// adds past 256 levels can reach it.
pub(crate) const MAX_WALK_DEPTH: usize = 400;

/// How deep lists and quotes may nest in the model; deeper ones are unwrapped into the
/// innermost level allowed. Each level takes several levels of JSON, and 16 of them stay
/// within serde_json's recursion limit of 128 when the JSON is read back.
pub(crate) const MAX_CONTAINER_DEPTH: usize = 16;

/// How deep inline wrappers (links, emphasis, strong) may nest in the model; deeper ones
/// are unwrapped, their content kept, so that JSON output stays within serde_json's
/// recursion limit of 128.
pub(crate) const MAX_INLINE_DEPTH: usize = 16;

/// The nodes (and replayed alias events) serde-saphyr may build for a front matter beyond
/// one per byte of its YAML: work stays linear in the input's size, so an alias bomb stops
/// once it expands past that, while a short front matter is never refused.
pub(super) const MIN_YAML_NODE_BUDGET: usize = 4096;

/// `html` with the attributes of each start tag beyond the first `max` replaced by spaces,
/// so that html5ever never sees them and every offset stays where it was. Only tags long
/// enough to hold that many attributes are read again, so this costs next to nothing on
/// real markup.
pub(crate) fn bound_attributes<'h>(
    html: &'h str,
    tags: &[Tag<'_>],
    max: usize,
) -> std::borrow::Cow<'h, str> {
    // An attribute takes at least two bytes (a space and a name).
    let min_len = max.saturating_mul(2);
    let mut blanks: Vec<std::ops::Range<usize>> = Vec::new();
    for tag in tags {
        if tag.kind != TagKind::Start || tag.range.len() <= min_len {
            continue;
        }
        if let Some(range) = attributes_past(html, tag.range.clone(), max) {
            blanks.push(range);
        }
    }
    if blanks.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut bytes = html.as_bytes().to_vec();
    for range in blanks {
        if let Some(part) = bytes.get_mut(range) {
            part.fill(b' ');
        }
    }
    // Whole characters were replaced by ASCII spaces.
    match String::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Owned(text),
        Err(_) => std::borrow::Cow::Borrowed(html),
    }
}

/// The byte range of the attributes of the start tag at `range` past the first `max`,
/// up to the tag's closing `>` (or `/>`), if it has more.
fn attributes_past(
    html: &str,
    range: std::ops::Range<usize>,
    max: usize,
) -> Option<std::ops::Range<usize>> {
    let bytes = html.as_bytes().get(..range.end)?;
    let space = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
    let mut i = range.start + 1;
    // The name.
    while i < bytes.len() && !space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
        i += 1;
    }
    let mut count = 0;
    loop {
        while i < bytes.len() && (space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return None;
        }
        if count == max {
            let mut end = range.end.saturating_sub(1);
            if end > i && bytes.get(end - 1) == Some(&b'/') {
                end -= 1;
            }
            return (end > i).then_some(i..end);
        }
        count += 1;
        // The attribute's name (a leading `=` belongs to it).
        let name_start = i;
        while i < bytes.len()
            && !space(bytes[i])
            && !matches!(bytes[i], b'/' | b'>')
            && (bytes[i] != b'=' || i == name_start)
        {
            i += 1;
        }
        let mut j = i;
        while j < bytes.len() && space(bytes[j]) {
            j += 1;
        }
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            while j < bytes.len() && space(bytes[j]) {
                j += 1;
            }
            match bytes.get(j) {
                Some(&quote @ (b'"' | b'\'')) => {
                    j = memchr::memchr(quote, bytes.get(j + 1..)?)
                        .map_or(bytes.len(), |q| j + 1 + q + 1);
                }
                _ => {
                    while j < bytes.len() && !space(bytes[j]) && bytes[j] != b'>' {
                        j += 1;
                    }
                }
            }
            i = j;
        }
    }
}

/// The offset of the first `[`/`{` (or compact `- ` sequence entry) that nests deeper than
/// `limit` in YAML text, if any. Quoted scalars and comments are skipped.
pub(super) fn flow_depth_exceeds(yaml: &str, limit: usize) -> Option<usize> {
    let bytes = yaml.as_bytes();
    // Every level takes a `[`, `{` or `-`: with no more of them than the limit (the
    // common case by far), no nesting can pass it.
    let openers = memchr::memchr3_iter(b'[', b'{', b'-', bytes).take(limit.saturating_add(1));
    if openers.count() <= limit {
        return None;
    }
    let mut depth = 0usize;
    let mut i = 0;
    let mut line_start = true;
    let mut prev = b'\n';
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                line_start = true;
                prev = b;
                i += 1;
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'#' if prev == b' ' || prev == b'\t' || prev == b'\n' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' if matches!(prev, b' ' | b'\t' | b'\n' | b'[' | b'{' | b',' | b':') => {
                i = skip_quoted(bytes, i);
                prev = b'"';
                line_start = false;
                continue;
            }
            // Compact nested sequences (`- - - x`) nest too, on one line.
            b'-' if line_start && bytes.get(i + 1) == Some(&b' ') => {
                let mut run = 0;
                let mut j = i;
                while bytes.get(j) == Some(&b'-') && bytes.get(j + 1) == Some(&b' ') {
                    run += 1;
                    j += 2;
                    while bytes.get(j) == Some(&b' ') {
                        j += 1;
                    }
                }
                if depth + run > limit {
                    return Some(i);
                }
            }
            b' ' | b'\t' => {
                prev = b;
                i += 1;
                continue;
            }
            _ => {}
        }
        line_start = false;
        prev = b;
        i += 1;
    }
    None
}

/// Tags of a body that nest deeper than a limit.
#[derive(Debug, Default)]
pub(super) struct HtmlDepth {
    /// For each tag of the lexed input, whether to leave it out when feeding the parser
    /// (empty when none is).
    pub skip: Vec<bool>,
    /// Byte offset of the first skipped tag.
    pub first_too_deep: Option<usize>,
}

/// An open element of the pre-scan's stack.
#[derive(Debug, Clone, Copy)]
struct Open<'a> {
    name: &'a str,
    class: TreeBuilderClass,
}

/// Pops `stack` down through the outermost element named in `names` that no element of
/// the `boundary` class encloses from above (so a new `tr` closes the open `tr` with its
/// `td`).
fn close_implied(stack: &mut Vec<Open<'_>>, names: &[&str], boundary: u16) {
    let mut deepest = None;
    for i in (0..stack.len()).rev() {
        let open = stack[i];
        if open.class.has(boundary) {
            break;
        }
        if names.contains(&open.name) {
            deepest = Some(i);
        }
    }
    if let Some(i) = deepest {
        stack.truncate(i);
    }
}

/// Pops what an end tag closes, as the tree builder does: the innermost open element of
/// that name, unless a scope boundary lies above it (then the tag is ignored). An end tag
/// of an ordinary element (`</span>`) is also ignored past a special element (`div`), and a
/// formatting end tag (`</b>`) past one keeps the depth (the adoption agency moves the
/// element inside the nearest special element above it rather than closing anything).
fn close_for_end_tag<'a>(stack: &mut Vec<Open<'a>>, name: &'a str) {
    let class = TreeBuilderClass::of(name);
    let boundary = if ends_in_table_scope(name) {
        TreeBuilderClass::TABLE_SCOPE
    } else {
        TreeBuilderClass::SCOPE
    };
    let formatting = class.has(TreeBuilderClass::FORMATTING);
    let ordinary = !formatting && !class.has(TreeBuilderClass::SPECIAL);
    let mut special_above = false;
    for i in (0..stack.len()).rev() {
        let open = stack[i];
        if open.name == name {
            if formatting && special_above {
                // The adoption agency: the formatting element leaves the stack and a copy
                // of it goes right inside the nearest special element above it.
                let furthest =
                    (i + 1..stack.len()).find(|&f| stack[f].class.has(TreeBuilderClass::SPECIAL));
                let element = stack.remove(i);
                if let Some(f) = furthest {
                    stack.insert(f, element);
                }
            } else {
                stack.truncate(i);
            }
            return;
        }
        let special = open.class.has(TreeBuilderClass::SPECIAL);
        if ordinary && special {
            return;
        }
        special_above |= special;
        if open.class.has(boundary) {
            return;
        }
    }
}

/// Finds the tags that nest elements deeper than `limit`.
///
/// Start tags of non-void elements open a level and end tags close the innermost matching
/// one. Elements whose end tag is optional (`p`, `li`, `dt`, `dd`, `tr`, `td`, `th`,
/// `option`, …) close an open one of their kind first, as the HTML tree builder does, so
/// that `<li>a<li>b` does not count as nesting. A start tag that would open level
/// `limit + 1` is skipped, and so is its matching end tag. The open-element stack never
/// holds more than `limit` names, so the scan is linear.
pub(super) fn html_depth(tags: &[Tag<'_>], limit: usize) -> HtmlDepth {
    // Only start tags grow the stack, one level each: with no more of them than the limit,
    // nothing can be too deep, and most posts are spared the scan.
    let start_tags = tags
        .iter()
        .filter(|t| t.kind == TagKind::Start && !t.in_raw_text)
        .count();
    if start_tags <= limit {
        return HtmlDepth {
            skip: Vec::new(),
            first_too_deep: None,
        };
    }
    let mut result = HtmlDepth {
        skip: vec![false; tags.len()],
        first_too_deep: None,
    };
    // The open elements, their names borrowed from `tags`.
    let mut stack: Vec<Open<'_>> = Vec::new();
    // Names of skipped start tags still open, innermost last.
    let mut skipped_open: Vec<&str> = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        let name: &str = &tag.name;
        if tag.in_raw_text {
            continue;
        }
        match tag.kind {
            TagKind::Other => {}
            TagKind::Start if is_void(name) => {}
            TagKind::Start => {
                if closes_p(name) {
                    close_implied(&mut stack, &["p"], TreeBuilderClass::P_SCOPE);
                }
                match implied_end(name) {
                    Some(ImpliedEnd::Search(names, boundary)) => {
                        close_implied(&mut stack, names, boundary);
                    }
                    Some(ImpliedEnd::Current(names)) => {
                        while stack.last().is_some_and(|open| names.contains(&open.name)) {
                            stack.pop();
                        }
                    }
                    None => {}
                }
                if stack.len() >= limit {
                    result.skip[i] = true;
                    result.first_too_deep.get_or_insert(tag.range.start);
                    skipped_open.push(name);
                } else {
                    stack.push(Open {
                        name,
                        class: TreeBuilderClass::of(name),
                    });
                }
            }
            TagKind::End => {
                if skipped_open.last() == Some(&name) {
                    skipped_open.pop();
                    result.skip[i] = true;
                } else {
                    close_for_end_tag(&mut stack, name);
                }
            }
        }
    }
    result
}

/// Index just past a quoted scalar starting at `start`.
fn skip_quoted(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_past_the_limit_become_spaces() {
        let html = "<p a=1 b='x y' c d=\"z\" e/><i f g h>t</i>";
        let tags = super::super::html::lexer::lex(html);
        let bounded = bound_attributes(html, &tags, 2);
        assert_eq!(bounded.len(), html.len());
        let expected = html
            .replacen("c d=\"z\" e", &" ".repeat(9), 1)
            .replacen(" h>", "  >", 1);
        assert_eq!(bounded, expected);
        assert!(matches!(
            bound_attributes(html, &tags, 5),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn counts_flow_nesting_outside_quotes_and_comments() {
        assert_eq!(flow_depth_exceeds("a: [[[x]]]\n", 3), None);
        assert_eq!(flow_depth_exceeds("a: [[[[x]]]]\n", 3), Some(6));
        assert_eq!(
            flow_depth_exceeds("a: \"[[[[\"\nb: '{{{{'  # [[[[\n", 3),
            None
        );
        assert_eq!(flow_depth_exceeds("title: it's [a] [b] [c] [d]\n", 3), None);
        let deep = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(flow_depth_exceeds(&deep, 64), Some(3 + 64));
        assert!(flow_depth_exceeds(&format!("{}x\n", "- ".repeat(100)), 64).is_some());
        assert_eq!(flow_depth_exceeds("- a\n- b\n", 64), None);
    }

    fn skipped(html: &str, limit: usize) -> (Vec<String>, Option<usize>) {
        let tags = super::super::html::lexer::lex(html);
        let depth = html_depth(&tags, limit);
        let names = tags
            .iter()
            .zip(&depth.skip)
            .filter(|(_, skip)| **skip)
            .map(|(t, _)| html[t.range.clone()].to_owned())
            .collect();
        (names, depth.first_too_deep)
    }

    #[test]
    fn html_tags_beyond_the_limit_are_skipped_with_their_end_tags() {
        let (names, first) = skipped("<div><div><div>x</div></div></div>", 2);
        assert_eq!(names, ["<div>", "</div>"]);
        assert_eq!(first, Some(10));
        assert_eq!(skipped("<div><p>a<p>b<p>c<br><img></div>", 2).0.len(), 0);
        assert_eq!(skipped("<ul><li>a<li>b<li><p>c<li>d</ul>", 3).0.len(), 0);
        assert_eq!(
            skipped("<table><tr><td>a<td>b<tr><td>c</table>", 3).0.len(),
            0
        );
        // Nesting the tree builder keeps although tags seem to close it.
        assert_eq!(skipped(&"<span><div></span>".repeat(3), 4).0.len(), 2);
        assert_eq!(skipped(&"<li><blockquote>".repeat(3), 4).0.len(), 2);
        assert_eq!(skipped(&"<h2><span>".repeat(3), 4).0.len(), 2);
        assert_eq!(skipped(&"<div><table><td></div>".repeat(2), 5).0.len(), 1);
        // Mis-nested formatting does not pile up.
        assert_eq!(skipped(&"<b><p>t</b></p>".repeat(300), 4).0.len(), 0);
        // As many start tags as the limit cannot be too deep; one more can.
        assert_eq!(skipped(&"<div>".repeat(4), 4), (vec![], None));
        assert_eq!(
            skipped(
                &format!("{}<br>{}", "<div>".repeat(5), "</div>".repeat(5)),
                4
            ),
            (vec!["<div>".to_owned(), "</div>".to_owned()], Some(20))
        );
        let deep = "<blockquote>".repeat(100_000);
        let tags = super::super::html::lexer::lex(&deep);
        let depth = html_depth(&tags, 256);
        assert_eq!(depth.skip.iter().filter(|s| **s).count(), 100_000 - 256);
        assert_eq!(depth.first_too_deep, Some(256 * 12));
    }
}
