//! The YAML front matter → [`FrontMatter`], via serde-saphyr (YAML 1.2, pure Rust, with
//! budgets); values become JSON values, so no YAML type reaches the public API.

use std::ops::Range;

use serde_json::Value;

use super::limits;
use super::options::ParseOptions;
use super::yaml_entries::{Entry, TopLevel, ENTRIES};
use crate::error::{Error, ErrorKind};
use crate::model::{EntryValue, FieldSpans, FrontMatter, PostDate};
use crate::span::{LineIndex, Span};

/// Parses the YAML in `yaml` (a range of `text`). Returns what could be read and every
/// problem; a known key whose value has the wrong type is kept in `extra`.
///
/// YAML that does not parse as a whole (or nests too deep, or is not a mapping) is read
/// again one top-level `key: value` entry at a time ([`recover`]): the error is reported
/// and the front matter holds the entries that could be read.
pub(super) fn parse(
    text: &str,
    block: Range<usize>,
    yaml: Range<usize>,
    index: &LineIndex<'_>,
    options: &ParseOptions,
) -> (Option<FrontMatter>, Vec<Error>) {
    let source = &text[yaml.clone()];
    let mut errors = Vec::new();
    let mut fm = FrontMatter {
        spans: entry_spans(source, yaml.start, index),
        ..FrontMatter::default()
    };
    fm.spans.block = index.span(block.start, block.end);
    fm.spans.yaml = index.span(yaml.start, yaml.end);

    if source.len() > options.max_front_matter_bytes {
        errors.push(Error::new(
            ErrorKind::FrontMatterTooLarge {
                len: source.len(),
                limit: options.max_front_matter_bytes,
            },
            fm.spans.yaml,
        ));
        return (None, errors);
    }
    if let Some(offset) = limits::flow_depth_exceeds(source, options.max_yaml_depth) {
        errors.push(Error::new(
            ErrorKind::FrontMatterTooDeep {
                limit: options.max_yaml_depth,
            },
            index.span(yaml.start + offset, yaml.start + offset + 1),
        ));
        recover(text, &mut fm, options);
        return (Some(fm), errors);
    }

    let entries = match serde_saphyr::from_str_with_options::<TopLevel>(
        source,
        yaml_options(source, options),
    ) {
        Ok(TopLevel::Entries(entries)) => entries,
        Ok(TopLevel::Empty) => return (Some(fm), errors),
        Ok(TopLevel::Other) => {
            errors.push(Error::new(ErrorKind::FrontMatterNotMapping, fm.spans.yaml));
            recover(text, &mut fm, options);
            return (Some(fm), errors);
        }
        Err(e) => {
            errors.push(yaml_error(
                &e,
                yaml.start,
                source,
                index,
                options.max_yaml_depth,
            ));
            recover(text, &mut fm, options);
            return (Some(fm), errors);
        }
    };

    for Entry { key, value, .. } in entries {
        let span = fm.spans.get(&key).unwrap_or(fm.spans.yaml);
        assign(&mut fm, key, value, span, text, &mut errors);
    }
    (Some(fm), errors)
}

/// Reads the top-level entries of a front matter whose YAML did not parse as a whole one
/// by one, each as a YAML document of its own. An entry that does not parse either but
/// fits on its line is read as the text after its colon, its quotes taken off
/// ([`unquote`]); other entries are left out. The YAML error stands for every problem of
/// the block: a value of the wrong type or an invalid date found in an entry is kept (in
/// `extra`, in `invalid_date`) without an error of its own.
fn recover(text: &str, fm: &mut FrontMatter, options: &ParseOptions) {
    let mut secondary = Vec::new();
    let entries: Vec<(String, Span)> = fm
        .spans
        .iter()
        .map(|(key, span)| (key.to_owned(), span))
        .collect();
    for (key, span) in entries {
        let Some(entry) = text.get(span.range()) else {
            continue;
        };
        if fm.extra.contains_key(&key) || assigned(fm, &key) {
            // A repeated key: the first entry wins.
            continue;
        }
        if limits::flow_depth_exceeds(entry, options.max_yaml_depth).is_some() {
            continue;
        }
        let parsed = match serde_saphyr::from_str_with_options::<TopLevel>(
            entry,
            yaml_options(entry, options),
        ) {
            Ok(TopLevel::Entries(mut read)) if read.len() == 1 => read.pop(),
            _ => None,
        };
        let value = match parsed {
            Some(Entry {
                key: read, value, ..
            }) if read == key => value,
            _ => match unquote(entry, &key) {
                Some(value) if matches!(key.as_str(), "tags" | "categories") => {
                    flow_list_items(&value).unwrap_or(Value::String(value))
                }
                Some(value) => Value::String(value),
                None => continue,
            },
        };
        assign(fm, key, value, span, text, &mut secondary);
    }
}

/// Whether a known field already holds a value.
fn assigned(fm: &FrontMatter, key: &str) -> bool {
    match key {
        "layout" => fm.layout.is_some(),
        "title" => fm.title.is_some(),
        "date" => fm.date.is_some() || fm.invalid_date.is_some(),
        "author" => fm.author.is_some(),
        "from" => fm.from.is_some(),
        "tags" => !fm.tags.is_empty(),
        "categories" => !fm.categories.is_empty(),
        "comments" => fm.comments.is_some(),
        _ => false,
    }
}

/// The value of a one-line entry `key: value` as text: a double-quoted value with its
/// escapes read where they are valid YAML and kept as written where not (`"\智"` is `\智`),
/// a single-quoted one with `''` read as `'`, a plain one as written (a comment after ` #`
/// left out). `None` for an entry over several lines.
fn unquote(entry: &str, key: &str) -> Option<String> {
    let entry = entry.trim_end();
    if entry.contains('\n') {
        return None;
    }
    let colon = entry.find(':')?;
    if !entry[..colon].contains(key) {
        return None;
    }
    let value = entry[colon + 1..].trim();
    if let Some(inner) = value.strip_prefix('"') {
        let inner = inner.strip_suffix('"').unwrap_or(inner);
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('/') => out.push('/'),
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        }
        return Some(out);
    }
    if let Some(inner) = value.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'').unwrap_or(inner);
        return Some(inner.replace("''", "'"));
    }
    let value = value.split(" #").next().unwrap_or(value).trim_end();
    Some(value.to_owned())
}

/// The items of a flow list that YAML could not read (`[ a, "b"` without its `]`), each
/// trimmed and its quotes taken off.
fn flow_list_items(value: &str) -> Option<Value> {
    let inner = value.strip_prefix('[')?;
    let inner = inner.strip_suffix(']').unwrap_or(inner);
    let items = inner
        .split(',')
        .map(|item| {
            let item = item.trim();
            let item = item
                .strip_prefix('"')
                .and_then(|i| i.strip_suffix('"'))
                .or_else(|| item.strip_prefix('\'').and_then(|i| i.strip_suffix('\'')))
                .unwrap_or(item);
            Value::String(item.to_owned())
        })
        .filter(|item| item.as_str().is_some_and(|s| !s.is_empty()))
        .collect();
    Some(Value::Array(items))
}

/// Puts one entry's value into its field, or into `extra` (with a [`ErrorKind::FieldType`]
/// error for a known key of the wrong type, a [`ErrorKind::DateInvalid`] one for a `date`
/// that is text but no date).
fn assign(
    fm: &mut FrontMatter,
    key: String,
    mut value: Value,
    span: Span,
    text: &str,
    errors: &mut Vec<Error>,
) {
    let result = match key.as_str() {
        "layout" => take_scalar_text(&mut value).map(|v| fm.layout = v),
        "title" => take_scalar_text(&mut value).map(|v| fm.title = v),
        "author" => take_scalar_text(&mut value).map(|v| fm.author = v),
        "from" => take_scalar_text(&mut value).map(|v| fm.from = v),
        "tags" => take_list(&mut value).map(|v| fm.tags = v),
        "categories" => take_list(&mut value).map(|v| fm.categories = v),
        "comments" => match &value {
            Value::Bool(b) => {
                fm.comments = Some(*b);
                Ok(())
            }
            Value::Null => Ok(()),
            other => Err(("a boolean (true or false)", describe(other))),
        },
        "date" => match &mut value {
            Value::String(s) => {
                match PostDate::parse(s) {
                    Ok(date) => fm.date = Some(date),
                    Err(e) => {
                        errors.push(Error::new(
                            ErrorKind::DateInvalid(e),
                            value_span(&key, span, text),
                        ));
                        // Kept as written, with no instant.
                        fm.invalid_date = Some(std::mem::take(s));
                    }
                }
                Ok(())
            }
            Value::Null => Ok(()),
            other => Err(("a date", describe(other))),
        },
        _ => {
            fm.extra.insert(key, value);
            return;
        }
    };
    if let Err((expected, found)) = result {
        errors.push(Error::new(
            ErrorKind::FieldType {
                field: key.clone(),
                expected,
                found,
            },
            span,
        ));
        fm.extra.insert(key, value);
    }
}

/// What a field that is not as expected holds: what it should hold, what it does.
type Mismatch = (&'static str, String);

/// A string field: strings, numbers and booleans read as text (Jekyll does the same). A
/// string is moved out of `value`, which is left whole when it is not a scalar.
fn take_scalar_text(value: &mut Value) -> Result<Option<String>, Mismatch> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(std::mem::take(s))),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        other => Err(("a string", describe(other))),
    }
}

/// A list field: a sequence of scalars, or one scalar; `value` is left whole when it is
/// neither.
fn take_list(value: &mut Value) -> Result<Vec<String>, Mismatch> {
    const EXPECTED: &str = "a list of strings or a string";
    let is_scalar = |v: &Value| matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_));
    match value {
        Value::Array(items) => {
            let items_untagged = || items.iter().filter(|item| !item.is_null());
            if let Some(bad) = items_untagged().find(|item| !is_scalar(item)) {
                return Err((EXPECTED, describe(bad)));
            }
            Ok(items
                .iter_mut()
                .filter_map(|item| take_scalar_text(item).ok().flatten())
                .collect())
        }
        Value::Object(_) => Err((EXPECTED, "a mapping".to_owned())),
        other => take_scalar_text(other)
            .map(|text| text.into_iter().collect())
            .map_err(|(_, found)| (EXPECTED, found)),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

/// The span of the value in a `key: value` entry (the entry when it cannot be found).
fn value_span(key: &str, entry: Span, text: &str) -> Span {
    let Some(entry_text) = text.get(entry.range()) else {
        return entry;
    };
    let Some(after_key) = entry_text
        .strip_prefix(key)
        .and_then(|s| s.strip_prefix(':'))
    else {
        return entry;
    };
    let value = after_key.trim_start();
    let skipped = entry_text.len() - value.len();
    let value = value.trim_end();
    Span {
        start: entry.start + skipped,
        end: entry.start + skipped + value.len(),
        line: entry.line,
        column: entry.column + u32::try_from(entry_text[..skipped].chars().count()).unwrap_or(0),
    }
}

/// Spans of top-level `key: value` entries: a line starting in column 1 with a key and a
/// colon starts an entry, which runs to the next such line (blank lines and comments at
/// the end left out). `yaml` starts a line (after the opening `---`), so every entry
/// starts in column 1 of a line counted from there.
fn entry_spans(yaml: &str, base: usize, index: &LineIndex<'_>) -> FieldSpans {
    let mut spans = FieldSpans::with_capacity(ENTRIES);
    let first_line = index.position(base).line;
    let span = |start: usize, end: usize, line: u32| Span {
        start: base + start,
        end: base + end,
        line: first_line.saturating_add(line),
        column: 1,
    };
    // The entry being read: key, start, end, line (counted from `yaml`'s first) and value.
    let mut current: Option<(&str, usize, usize, u32, Option<EntryValue>)> = None;
    let mut offset = 0;
    let mut line_number: u32 = 0;
    while offset < yaml.len() {
        let rest = &yaml[offset..];
        let line_len = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let content = rest[..line_len].trim_end_matches(['\n', '\r']);
        let starts_entry = match content.as_bytes().first() {
            None => false,
            Some(&b) if b.is_ascii() => {
                !b.is_ascii_whitespace() && !matches!(b, b'#' | b'-' | b'[' | b'{' | b'}' | b']')
            }
            Some(_) => content.chars().next().is_some_and(|c| !c.is_whitespace()),
        };
        if starts_entry {
            if let Some(key) = top_level_key(content) {
                if let Some((key, start, end, line, value)) = current.take() {
                    spans.insert_key(key, span(start, end, line), value);
                }
                let value = first_line_value(content, base + offset);
                current = Some((key, offset, offset + content.len(), line_number, value));
            }
        } else if !content.trim().is_empty() && !content.trim_start().starts_with('#') {
            if let Some((_, _, end, _, _)) = current.as_mut() {
                *end = offset + content.len();
            }
        }
        offset += line_len;
        line_number = line_number.saturating_add(1);
    }
    if let Some((key, start, end, line, value)) = current {
        spans.insert_key(key, span(start, end, line), value);
    }
    spans
}

/// Where the value lies on an entry's first line `line` (which starts at byte `start` of
/// the file): the text after the first colon, trimmed, inside its quotes when it is
/// written in matching single or double quotes; `None` when nothing follows the colon.
fn first_line_value(line: &str, start: usize) -> Option<EntryValue> {
    let colon = line.find(':')?;
    let after = &line[colon + 1..];
    let value = after.trim();
    if value.is_empty() {
        return None;
    }
    let value_start = start + colon + 1 + (after.len() - after.trim_start().len());
    let quoted = value.len() >= 2
        && ((value.starts_with('"') && value.ends_with('"'))
            || (value.starts_with('\'') && value.ends_with('\'')));
    Some(if quoted {
        EntryValue {
            range: value_start + 1..value_start + value.len() - 1,
            quoted: true,
        }
    } else {
        EntryValue {
            range: value_start..value_start + value.len(),
            quoted: false,
        }
    })
}

fn top_level_key(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    let key = key.trim();
    let key = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
        .unwrap_or(key);
    (!key.is_empty()).then_some(key)
}

/// How serde-saphyr reads a front matter: YAML 1.2's core schema as serde_yaml read it
/// (`yes`, `on`, `0755` and `1_000` are strings; `True` is a boolean), non-finite floats
/// kept as their text (JSON has no NaN), `<<` an ordinary key, and budgets so that work
/// stays linear in the input's size: an alias bomb stops once the nodes it expands to
/// outnumber the YAML's bytes.
fn yaml_options(source: &str, options: &ParseOptions) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = options.max_yaml_depth;
    budget.max_nodes = source.len().saturating_add(limits::MIN_YAML_NODE_BUDGET);
    budget.max_events = budget.max_nodes.saturating_mul(2);
    let mut yaml = serde_saphyr::Options::default();
    yaml.budget = Some(budget);
    yaml.alias_limits.max_total_replayed_events =
        source.len().saturating_add(limits::MIN_YAML_NODE_BUDGET);
    yaml.strict_booleans = true;
    yaml.leading_zero_numbers_as_strings = true;
    yaml.underscored_numbers_as_strings = true;
    yaml.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::AsString;
    yaml.merge_keys = serde_saphyr::MergeKeyPolicy::AsOrdinary;
    yaml.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    yaml.with_snippet = false;
    yaml
}

/// A serde-saphyr error, moved into file coordinates: its message without a position
/// (the error's span says where, in file terms).
fn yaml_error(
    e: &serde_saphyr::Error,
    base: usize,
    yaml: &str,
    index: &LineIndex<'_>,
    depth_limit: usize,
) -> Error {
    use serde_saphyr::MessageFormatter as _;
    let message = match e {
        serde_saphyr::Error::DuplicateMappingKey { key: Some(key), .. } => {
            format!("duplicate entry with key {key:?}")
        }
        serde_saphyr::Error::DuplicateMappingKey { key: None, .. } => {
            "duplicate entry in YAML map".to_owned()
        }
        _ => printable(&serde_saphyr::DefaultMessageFormatter.format_message(e)),
    };
    let offset = e.location().map_or(0, |location| {
        let offset = match location.span().byte_offset() {
            Some(offset) => usize::try_from(offset).unwrap_or(usize::MAX),
            None => line_column_offset(yaml, location.line(), location.column()),
        };
        let mut offset = offset.min(yaml.len());
        while !yaml.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    });
    // serde-saphyr places a bad escape at the start of its quoted scalar: point at the
    // backslash itself, as a reader looks for it.
    let offset = match &message {
        m if m.contains("unknown escape character") => bad_escape(yaml, offset).unwrap_or(offset),
        _ => offset,
    };
    let span = index.span(base + offset, base + offset);
    let kind = match e {
        serde_saphyr::Error::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Depth { .. },
            ..
        } => ErrorKind::FrontMatterTooDeep { limit: depth_limit },
        _ => ErrorKind::FrontMatterSyntax { message },
    };
    Error::new(kind, span)
}

/// `message` with its control characters escaped (`\u{0}`), fit for one line.
fn printable(message: &str) -> String {
    message
        .chars()
        .flat_map(|c| {
            let escaped = c.is_control().then(|| c.escape_default());
            escaped
                .into_iter()
                .flatten()
                .chain((!c.is_control()).then_some(c))
        })
        .collect()
}

/// The offset of the first `\\` from `from` on, on the same line, that starts no YAML escape.
fn bad_escape(yaml: &str, from: usize) -> Option<usize> {
    let line = yaml.get(from..)?.split('\n').next()?;
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            continue;
        }
        match chars.next() {
            // A `\\` ending the line folds it.
            None => {}
            Some((_, next)) if "0abt\tnvfre \"/\\N_LPxuU".contains(next) => {}
            Some(_) => return Some(from + i),
        }
    }
    None
}

/// The byte offset of a 1-based line and column (in characters) of `yaml`.
fn line_column_offset(yaml: &str, line: u64, column: u64) -> usize {
    let skip = |n: u64| usize::try_from(n.saturating_sub(1)).unwrap_or(usize::MAX);
    let line_start: usize = yaml
        .split_inclusive('\n')
        .take(skip(line))
        .map(str::len)
        .sum();
    let rest = yaml.get(line_start..).unwrap_or_default();
    let line = rest.split('\n').next().unwrap_or_default();
    let column: usize = line.chars().take(skip(column)).map(char::len_utf8).sum();
    line_start + column
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> (Option<FrontMatter>, Vec<Error>) {
        let text = format!("---\n{yaml}---\n");
        let index = LineIndex::new(&text);
        parse(
            &text,
            0..text.len(),
            4..4 + yaml.len(),
            &index,
            &ParseOptions::default(),
        )
    }

    #[test]
    fn each_entry_records_where_its_value_lies_on_its_first_line() {
        let yaml = "title: \"a: b\"  \r\n'author':  '联合早报'\nfrom:   https://e.com/a \ncategories:\n  - a\nq: \"\n";
        let text = format!("---\n{yaml}---\n");
        let (fm, _) = read(yaml);
        let fm = fm.expect("front matter");
        let value = |key: &str| {
            fm.spans
                .value(key)
                .map(|v| (&text[v.range.clone()], v.quoted))
        };
        assert_eq!(value("title"), Some(("a: b", true)));
        assert_eq!(value("author"), Some(("联合早报", true)));
        assert_eq!(value("from"), Some(("https://e.com/a", false)));
        assert_eq!(value("categories"), None);
        // One quote is no pair of quotes.
        assert_eq!(value("q"), Some(("\"", false)));
    }

    #[test]
    fn known_fields_are_typed_and_unknown_keys_kept_in_order() {
        let (fm, errors) = read(
            "layout: post\ntitle: \"a: b\"\nimage: x.jpg\ndate: 2024-07-03T08:00:33.000Z\nauthor: 联合早报\n\
             from: https://e.com/a\ntags: [ 联合早报, 2024 ]\ncomments: True\ncategories:\n  - a\n  - b\nsource_id: 7\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let fm = fm.expect("front matter");
        assert_eq!(fm.title.as_deref(), Some("a: b"));
        assert_eq!(fm.tags, ["联合早报", "2024"]);
        assert_eq!(fm.categories, ["a", "b"]);
        assert_eq!(fm.comments, Some(true));
        assert_eq!(fm.extra.keys().collect::<Vec<_>>(), ["image", "source_id"]);
        assert_eq!(
            fm.date.map(|d| d.instant().timestamp()),
            Some(1_719_993_633)
        );
        let title = fm.spans.get("title").expect("span");
        assert_eq!((title.line, title.column), (3, 1));
        let categories = fm.spans.get("categories").expect("span");
        assert_eq!(
            categories.end - categories.start,
            "categories:\n  - a\n  - b".len()
        );
    }

    #[test]
    fn an_empty_front_matter_is_no_error() {
        for yaml in ["", "\n", "# scraped\n", "~\n"] {
            let (fm, errors) = read(yaml);
            assert!(errors.is_empty(), "{yaml:?}: {errors:?}");
            assert!(fm.is_some(), "{yaml:?}");
        }
    }

    #[test]
    fn repeated_keys_are_errors() {
        for (yaml, message) in [
            ("title: a\ntitle: b\n", "duplicate entry with key \"title\""),
            ("1: a\n1: b\n", "duplicate entry with key \"1\""),
            ("true: a\ntrue: b\n", "duplicate entry with key \"true\""),
            ("x: {a: 1, a: 2}\n", "duplicate entry with key \"a\""),
        ] {
            let (fm, errors) = read(yaml);
            // Read again entry by entry: the first of the repeated entries wins.
            assert!(fm.is_some(), "{yaml:?}");
            assert!(
                matches!(errors[0].kind(), ErrorKind::FrontMatterSyntax { message: m } if m == message),
                "{yaml:?}: {errors:?}"
            );
        }
        // Keys YAML tells apart that read as the same text: the later wins.
        let (fm, errors) = read("1: a\n\"1\": b\n");
        assert!(errors.is_empty());
        assert_eq!(
            fm.expect("fm").extra.get("1"),
            Some(&Value::String("b".into()))
        );
        // Many keys (past the one-by-one search) are still checked.
        let many: String = (0..100).map(|i| format!("k{i}: v\n")).collect();
        assert!(read(&many).1.is_empty());
        let (fm, errors) = read(&format!("{many}k7: again\n"));
        assert!(matches!(
            errors[0].kind(),
            ErrorKind::FrontMatterSyntax { .. }
        ));
        assert_eq!(
            fm.expect("fm").extra.get("k7"),
            Some(&Value::String("v".into()))
        );
    }

    /// YAML 1.2 as serde_yaml read it: what YAML 1.1 would type stays text.
    #[test]
    fn yaml_1_2_conventions_hold() {
        let (fm, errors) = read(
            "date: 2024-07-03\nupdated: 2024-07-03 08:00:00 +0800\nok: yes\nswitch: on\n\
             mode: 0755\ncount: 1_000\nhex: 0x1F\nt: TRUE\nn: ~\nf: .inf\nnan: .NaN\n\
             x: 1.5e3\ntagged: !custom v\n<<: {a: 1}\nmap: {1: a}\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let fm = fm.expect("fm");
        assert!(fm.date.is_some());
        let extra = |key: &str| fm.extra.get(key).cloned();
        use serde_json::json;
        for (key, value) in [
            ("updated", json!("2024-07-03 08:00:00 +0800")),
            ("ok", json!("yes")),
            ("switch", json!("on")),
            ("mode", json!("0755")),
            ("count", json!("1_000")),
            ("hex", json!(31)),
            ("t", json!(true)),
            ("n", json!(null)),
            ("f", json!(".inf")),
            ("nan", json!(".nan")),
            ("x", json!(1500.0)),
            ("tagged", json!("v")),
            ("<<", json!({"a": 1})),
            ("map", json!({"1": "a"})),
        ] {
            assert_eq!(extra(key), Some(value), "{key}");
        }
        let (fm, _) = read("comments: yes\n");
        assert!(fm.expect("fm").comments.is_none());
    }

    #[test]
    fn deep_block_nesting_is_too_deep_and_an_alias_bomb_stops_early() {
        let deep: String = (0..200).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        let (_, errors) = read(&deep);
        assert!(
            matches!(
                errors[0].kind(),
                ErrorKind::FrontMatterTooDeep { limit: 64 }
            ),
            "{errors:?}"
        );
        assert_eq!(errors[0].line(), 66);
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (name, earlier) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip("abcdefgh".chars())
        {
            let aliases = vec![format!("*{earlier}"); 9].join(", ");
            bomb.push_str(&format!("{name}: &{name} [{aliases}]\n"));
        }
        let started = std::time::Instant::now();
        let (_, errors) = read(&bomb);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn a_single_string_is_a_list() {
        let (fm, _) = read("tags: 美国之音\n");
        assert_eq!(fm.expect("fm").tags, ["美国之音"]);
    }

    #[test]
    fn wrong_types_are_reported_at_their_line_and_kept() {
        let (fm, errors) = read("title: x\ncomments: 1\ntags: {a: b}\n");
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line(), 3);
        assert!(
            matches!(errors[0].kind(), ErrorKind::FieldType { field, .. } if field == "comments")
        );
        assert_eq!(errors[1].line(), 4);
        let fm = fm.expect("fm");
        assert!(fm.extra.contains_key("comments") && fm.extra.contains_key("tags"));
    }

    #[test]
    fn yaml_errors_are_in_file_coordinates() {
        let (fm, errors) = read("title: x\ntitle2: a: b\n");
        assert_eq!(fm.expect("fm").title.as_deref(), Some("x"));
        assert_eq!((errors[0].line(), errors[0].column()), (3, 10));
        assert!(!errors[0].to_string().contains("at line 2"));
    }

    #[test]
    fn control_characters_are_reported_where_they_are() {
        let (fm, errors) = read("title: x\nauthor: 联合\0早报\n");
        assert_eq!(fm.expect("fm").title.as_deref(), Some("x"));
        assert!(
            matches!(errors[0].kind(), ErrorKind::FrontMatterSyntax { message }
            if message == "unexpected character: `\\u{0}'"),
            "{errors:?}"
        );
        assert_eq!((errors[0].line(), errors[0].column()), (3, 11));
    }

    #[test]
    fn yaml_that_does_not_parse_is_read_one_entry_at_a_time() {
        let (fm, errors) = read(
            "layout: post\ntitle: \"七问\\智能 \\\"AI\\\"\"\ndate: 2024-07-03T08:00:33.000Z\n\
             from: https://e.com/a\ntags: [ BBC中文, 'a b'\ncategories:\n  - x\n  - y\ncomments: true\n",
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(matches!(
            errors[0].kind(),
            ErrorKind::FrontMatterSyntax { .. }
        ));
        let fm = fm.expect("fm");
        assert_eq!(fm.layout.as_deref(), Some("post"));
        // An escape YAML does not know is kept as written; the others are read.
        assert_eq!(fm.title.as_deref(), Some("七问\\智能 \"AI\""));
        assert_eq!(
            fm.date.map(|d| d.instant().timestamp()),
            Some(1_719_993_633)
        );
        assert_eq!(fm.from.as_deref(), Some("https://e.com/a"));
        assert_eq!(fm.tags, ["BBC中文", "a b"]);
        assert_eq!(fm.categories, ["x", "y"]);
        assert_eq!(fm.comments, Some(true));
    }

    #[test]
    fn a_front_matter_that_is_no_mapping_keeps_nothing_but_its_error() {
        let (fm, errors) = read("- a\n- b\n");
        assert!(matches!(errors[0].kind(), ErrorKind::FrontMatterNotMapping));
        let fm = fm.expect("fm");
        assert!(fm.title.is_none() && fm.extra.is_empty());
    }

    #[test]
    fn an_invalid_date_is_kept_as_written() {
        let (fm, errors) = read("title: x\ndate: Invalid Date\n");
        assert!(matches!(errors[0].kind(), ErrorKind::DateInvalid(_)));
        let fm = fm.expect("fm");
        assert!(fm.date.is_none() && !fm.extra.contains_key("date"));
        assert_eq!(fm.date_text(), Some("Invalid Date"));
    }

    #[test]
    fn a_bad_escape_is_reported_at_its_backslash() {
        let (_, errors) = read("layout: post\ntitle: \"七问\\智能 \\n \\q\"\n");
        assert!(
            matches!(errors[0].kind(), ErrorKind::FrontMatterSyntax { message }
            if message.contains("unknown escape character")),
            "{errors:?}"
        );
        assert_eq!((errors[0].line(), errors[0].column()), (3, 11));
    }

    #[test]
    fn invalid_dates_point_at_the_value() {
        let (_, errors) = read("title: x\ndate: 2021-02-29\n");
        assert!(matches!(errors[0].kind(), ErrorKind::DateInvalid(_)));
        assert_eq!((errors[0].line(), errors[0].column()), (3, 7));
    }

    #[test]
    fn comments_quoted_dates_and_block_scalars_are_fine() {
        let (fm, errors) = read("# scraped\ntitle: >-\n  long\n  title\ndate: \"2024-07-03\"\n");
        assert!(errors.is_empty());
        let fm = fm.expect("fm");
        assert_eq!(fm.title.as_deref(), Some("long title"));
        assert!(fm.date.is_some());
    }
}
