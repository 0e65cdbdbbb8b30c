//! Lint properties over generated posts. On line soup: the linter never panics, every
//! diagnostic points inside the file, and fixing reaches a fixed point (fixing the fixed
//! text changes nothing). On canonical posts: a valid post has no diagnostics; shifting
//! its epoch gives exactly `epoch-mismatch`; `--fix` is idempotent and changes only the
//! bytes its edits name; the linter never panics on damaged posts.

use crate::common::{linter, strategies};

use newspost::{apply_fixes, write, Applicability, Diagnostic, Edit, Linter, Trust};
use proptest::collection::vec;
use proptest::prelude::*;

const PATH: &str = "post.md";

/// [`linter`], trusting `trust` when a fix must choose.
fn linter_trusting(trust: Option<Trust>) -> Linter {
    let mut config = crate::common::lint_config();
    if let Some(trust) = trust {
        config = config.with_trust(trust);
    }
    Linter::new(config)
}

proptest! {
    #![proptest_config(strategies::config(256, "proptest-regressions/lint_props.txt"))]

    #[test]
    fn diagnostics_point_inside_the_file(text in strategies::soup::lines()) {
        for d in linter().check("2024-07-03-x.md", &text) {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            prop_assert!(d.line() >= 1 && d.column() >= 1, "{d:?}");
            prop_assert!((d.end.line, d.end.column) >= (d.line(), d.column()), "{d:?}");
        }
    }

    #[test]
    fn fixing_reaches_a_fixed_point(text in strategies::soup::lines()) {
        let linter = linter();
        let once = linter.fix("2024-07-03-x.md", &text);
        let twice = linter.fix("2024-07-03-x.md", &once.text);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert!(twice.fixed.is_empty());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let linter = linter();
        let _ = linter.lint_bytes("x.md", &bytes);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = linter.fix("x.md", text);
        }
    }
}

fn rules(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.rule).collect()
}

/// A defect `lint --fix` may repair, put into a valid post's text.
#[derive(Debug, Clone)]
enum Defect {
    /// The epoch comment's line removed.
    NoEpoch,
    /// The header's two lines removed.
    NoHeader,
    /// The epoch off by this many seconds.
    EpochShift(i64),
    /// The epoch comment's content replaced.
    EpochText(&'static str),
    /// A control character put at this fraction of the text (on a character boundary).
    Control(char, f64),
}

fn defect() -> impl Strategy<Value = Defect> {
    prop_oneof![
        Just(Defect::NoEpoch),
        Just(Defect::NoHeader),
        (-100_000i64..100_000)
            .prop_filter("zero", |s| *s != 0)
            .prop_map(Defect::EpochShift),
        prop_oneof![
            Just("NaN"),
            Just("1,591,265,381,000"),
            Just("1591265381.5"),
            Just("")
        ]
        .prop_map(Defect::EpochText),
        (
            prop_oneof![
                Just('\u{1}'),
                Just('\u{8}'),
                Just('\u{1b}'),
                Just('\u{85}'),
                Just('\u{2028}')
            ],
            0.0..1.0f64
        )
            .prop_map(|(c, at)| Defect::Control(c, at)),
    ]
}

fn damage(text: &str, defect: &Defect) -> String {
    let epoch_line = text
        .lines()
        .find(|l| l.starts_with("<!--"))
        .map(str::to_owned);
    match defect {
        Defect::NoEpoch => match epoch_line {
            Some(line) => text.replacen(&format!("{line}\n"), "", 1),
            None => text.to_owned(),
        },
        Defect::NoHeader => match text.find("\n[") {
            Some(start) => {
                let rest = &text[start + 1..];
                let end = rest
                    .find("\n------\n")
                    .map_or(0, |i| i + "\n------\n".len());
                format!("{}{}", &text[..start + 1], &rest[end..])
            }
            None => text.to_owned(),
        },
        Defect::EpochShift(seconds) => match epoch_line {
            Some(line) => {
                let millis: i64 = line
                    .trim_start_matches("<!--")
                    .trim_end_matches("-->")
                    .parse()
                    .unwrap_or(0);
                let shifted = (millis + seconds * 1000).max(0);
                text.replacen(&line, &format!("<!--{shifted}-->"), 1)
            }
            None => text.to_owned(),
        },
        Defect::EpochText(content) => match epoch_line {
            Some(line) => text.replacen(&line, &format!("<!--{content}-->"), 1),
            None => text.to_owned(),
        },
        Defect::Control(c, at) => {
            let mut at = ((text.len() as f64) * at) as usize;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            format!("{}{c}{}", &text[..at], &text[at..])
        }
    }
}

/// `text` with these edits applied, when no two of them touch the same bytes.
fn splice(text: &str, edits: &[&Edit]) -> Option<String> {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::new();
    let mut pos = 0;
    let mut previous: Option<&Edit> = None;
    for edit in edits {
        if edit.range.start < pos {
            return None;
        }
        // Edits that touch where one of them inserts (two insertions at one place, an
        // insertion at the edge of a replaced range) have no one order: `apply_fixes`
        // takes only the first, so there is nothing to compare with.
        if previous.is_some_and(|p| {
            edit.range.start == p.range.end && (edit.range.is_empty() || p.range.is_empty())
        }) {
            return None;
        }
        out.push_str(text.get(pos..edit.range.start)?);
        out.push_str(&edit.replacement);
        pos = edit.range.end;
        previous = Some(edit);
    }
    out.push_str(text.get(pos..)?);
    Some(out)
}

proptest! {
    #![proptest_config(strategies::config(48, "proptest-regressions/prop_lint.txt"))]

    #[test]
    fn a_valid_generated_post_has_no_diagnostics(post in strategies::valid_post()) {
        let text = write(&post);
        let found = linter_trusting(None).check(PATH, &text);
        prop_assert!(found.is_empty(), "{:#?}\n--- text:\n{}", found, text);
    }

    #[test]
    fn a_shifted_epoch_is_exactly_an_epoch_mismatch(
        mut post in strategies::valid_post(),
        seconds in prop_oneof![-10_000_000i64..-1, 1i64..10_000_000],
        millis in 0i64..1000,
    ) {
        let epoch = post.epoch.as_mut().expect("valid posts have an epoch");
        // Whole seconds move the epoch past any precision the date has.
        epoch.millis = (epoch.millis + seconds * 1000 + millis).max(0);
        let text = write(&post);
        let found = linter_trusting(None).check(PATH, &text);
        prop_assert_eq!(rules(&found), ["epoch-mismatch"], "{:#?}", found);
        prop_assert!(found[0].fix.is_none(), "no fix without --trust");
        let trusted = linter_trusting(Some(Trust::Date)).fix(PATH, &text);
        prop_assert!(trusted.remaining.is_empty(), "{:#?}", trusted.remaining);
    }

    #[test]
    fn fixing_is_idempotent_and_touches_only_the_edited_bytes(
        post in strategies::valid_post(),
        defects in vec(defect(), 1..4),
        trust in proptest::option::of(prop_oneof![Just(Trust::Date), Just(Trust::Epoch)]),
    ) {
        let mut text = write(&post);
        for defect in &defects {
            text = damage(&text, defect);
        }
        let linter = linter_trusting(trust);
        // One round, by hand: the fixes `--fix` would apply, spliced in where they say.
        let found = linter.check(PATH, &text);
        let allowed = |a: Applicability| a == Applicability::Safe || trust.is_some();
        let fixes: Vec<_> = found
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| allowed(f.applicability))
            .collect();
        let once = apply_fixes(&text, fixes.iter().copied()).text;
        let edits: Vec<&Edit> = fixes.iter().flat_map(|f| f.edits.iter()).collect();
        if let Some(expected) = splice(&text, &edits) {
            prop_assert_eq!(&once, &expected, "fixes changed bytes outside their edits");
        }
        // Everything before the first edit and after the last is untouched.
        if let (Some(first), Some(last)) = (
            edits.iter().map(|e| e.range.start).min(),
            edits.iter().map(|e| e.range.end).max(),
        ) {
            prop_assert_eq!(&once[..first], &text[..first]);
            prop_assert_eq!(&once[once.len() - (text.len() - last)..], &text[last..]);
        } else {
            prop_assert_eq!(&once, &text);
        }
        // `--fix` as a whole reaches a fixed point: fixing again changes nothing.
        let outcome = linter.fix(PATH, &text);
        let again = linter.fix(PATH, &outcome.text);
        prop_assert_eq!(&again.text, &outcome.text);
        prop_assert!(again.fixed.is_empty(), "{:#?}", again.fixed);
        prop_assert_eq!(rules(&again.remaining), rules(&outcome.remaining));
    }

    #[test]
    fn the_linter_never_panics_on_a_damaged_post(
        post in strategies::post(),
        cut in 0.0..1.0f64,
        insert in vec(any::<u8>(), 0..8),
    ) {
        let mut bytes = write(&post).into_bytes();
        let at = ((bytes.len() as f64) * cut) as usize;
        bytes.splice(at..at, insert);
        let linter = linter_trusting(Some(Trust::Date));
        let found = linter.lint_bytes(PATH, &bytes);
        for diagnostic in &found {
            prop_assert!(diagnostic.span.end <= bytes.len(), "{:?}", diagnostic);
        }
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let outcome = linter.fix(PATH, text);
            prop_assert_eq!(linter.fix(PATH, &outcome.text).text, outcome.text);
        }
    }
}
