//! Repairs as byte-range edits on the original text.

use std::collections::BTreeSet;
use std::ops::Range;

use serde::Serialize;

/// Replace the bytes `range` of the original text with `replacement` (an insertion when
/// the range is empty, a deletion when the replacement is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// The byte range replaced.
    pub range: Range<usize>,
    /// The new text.
    pub replacement: String,
}

impl Edit {
    /// Insert `text` at `offset`.
    pub fn insertion(offset: usize, text: impl Into<String>) -> Edit {
        Edit {
            range: offset..offset,
            replacement: text.into(),
        }
    }

    /// Replace `range` with `text`.
    pub fn replacement(range: Range<usize>, text: impl Into<String>) -> Edit {
        Edit {
            range,
            replacement: text.into(),
        }
    }

    /// Delete `range`.
    pub fn deletion(range: Range<usize>) -> Edit {
        Edit {
            range,
            replacement: String::new(),
        }
    }
}

/// How sure a fix is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Applicability {
    /// Repairs exactly what the diagnostic says, from information in the file;
    /// `lint --fix` applies it.
    Safe,
    /// Depends on a choice the user made (`--trust date`); applied only when made.
    Chosen,
}

/// A repair: edits applied together, all or none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, in a few words ("insert the epoch comment").
    pub message: String,
    /// Non-overlapping edits on the original text.
    pub edits: Vec<Edit>,
    /// How sure it is.
    pub applicability: Applicability,
}

impl Fix {
    /// A safe fix of one edit.
    pub fn safe(message: impl Into<String>, edit: Edit) -> Fix {
        Fix {
            message: message.into(),
            edits: vec![edit],
            applicability: Applicability::Safe,
        }
    }

    /// The fix's edits sorted, or `None` when two of them overlap or one lies outside
    /// `text` or off a character boundary.
    fn sorted_edits(&self, text: &str) -> Option<Vec<&Edit>> {
        let mut edits: Vec<&Edit> = self.edits.iter().collect();
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        let valid = edits.iter().all(|e| {
            e.range.start <= e.range.end
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        }) && edits
            .windows(2)
            .all(|pair| pair[0].range.end <= pair[1].range.start && !overlap(pair[0], pair[1]));
        valid.then_some(edits)
    }
}

/// Two edits overlap when they share a byte, or insert at the same place.
fn overlap(a: &Edit, b: &Edit) -> bool {
    a.range.start == b.range.start && a.range.is_empty() && b.range.is_empty()
}

/// What [`apply_fixes`] did: the new text, and which of the fixes it was given (by their
/// index in the order given) it applied and which it left out, and why.
///
/// Every index is in exactly one of `applied`, `skipped` and `invalid`, each list
/// ascending.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AppliedFixes {
    /// The text with the applied fixes' edits, every other byte as it was.
    pub text: String,
    /// The fixes applied.
    pub applied: Vec<usize>,
    /// The fixes left out because they clash with one applied (they overlap it, or insert
    /// at the same place or at the edge of a range it replaces): applying the fixes found
    /// in [`text`](Self::text) again may take them.
    pub skipped: Vec<usize>,
    /// The fixes that cannot be applied to this text at all: no edit, two of their own
    /// edits overlapping, or an edit outside the text or off a character boundary.
    pub invalid: Vec<usize>,
}

/// Applies as many of `fixes` as do not clash with one another, taken in order of their
/// first edit, each unless it is invalid or clashes with one taken before; returns the
/// new text and which fixes were applied, skipped and invalid ([`AppliedFixes`]). Every
/// byte outside the applied edits is kept as it was. Apply again to the result to get the
/// skipped ones, as `lint --fix` does until nothing changes.
///
/// ```
/// use newspost::{apply_fixes, Edit, Fix};
/// let fixes = [
///     Fix::safe("drop", Edit::deletion(3..4)),
///     Fix::safe("insert", Edit::insertion(0, ">")),
///     Fix::safe("overlaps the first", Edit::replacement(3..5, "?")),
///     Fix::safe("past the end", Edit::insertion(99, "!")),
/// ];
/// let outcome = apply_fixes("abcXdef", fixes.iter());
/// assert_eq!(outcome.text, ">abcdef");
/// assert_eq!(outcome.applied, [0, 1]);
/// assert_eq!(outcome.skipped, [2]);
/// assert_eq!(outcome.invalid, [3]);
/// ```
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> AppliedFixes {
    let fixes: Vec<&Fix> = fixes.into_iter().collect();
    let verdicts = verdicts(text, &fixes);
    let mut taken: Vec<&Edit> = fixes
        .iter()
        .zip(&verdicts)
        .filter(|(_, verdict)| **verdict == Verdict::Applied)
        .flat_map(|(fix, _)| fix.edits.iter())
        .collect();
    taken.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for edit in taken {
        out.push_str(text.get(pos..edit.range.start).unwrap_or_default());
        out.push_str(&edit.replacement);
        pos = edit.range.end;
    }
    out.push_str(text.get(pos..).unwrap_or_default());
    let with = |wanted: Verdict| -> Vec<usize> {
        verdicts
            .iter()
            .enumerate()
            .filter(|(_, verdict)| **verdict == wanted)
            .map(|(i, _)| i)
            .collect()
    };
    AppliedFixes {
        text: out,
        applied: with(Verdict::Applied),
        skipped: with(Verdict::Skipped),
        invalid: with(Verdict::Invalid),
    }
}

/// What [`apply_fixes`] does with one fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Applied,
    Skipped,
    Invalid,
}

/// What [`apply_fixes`] does with each of `fixes`, in the order given: fixes are taken in
/// order of their first edit, each unless it is invalid or clashes with one taken before.
fn verdicts(text: &str, fixes: &[&Fix]) -> Vec<Verdict> {
    let candidates: Vec<Option<Vec<&Edit>>> = fixes
        .iter()
        .map(|fix| fix.sorted_edits(text).filter(|edits| !edits.is_empty()))
        .collect();
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| {
        candidates[i]
            .as_ref()
            .and_then(|edits| edits.first())
            .map(|e| (e.range.start, e.range.end))
    });
    let mut verdicts = vec![Verdict::Invalid; candidates.len()];
    // The ranges taken so far, by start: they never overlap, so a new edit can clash only
    // with the last one starting before it and those starting within it, and finding them
    // costs a logarithm, not a pass over every edit taken.
    let mut taken: BTreeSet<(usize, usize)> = BTreeSet::new();
    for i in order {
        let Some(edits) = &candidates[i] else {
            continue;
        };
        verdicts[i] = if edits.iter().any(|e| clashes_with_taken(e, &taken)) {
            Verdict::Skipped
        } else {
            taken.extend(edits.iter().map(|e| (e.range.start, e.range.end)));
            Verdict::Applied
        };
    }
    verdicts
}

/// Whether `e` clashes with one of the (non-overlapping) `taken` ranges.
fn clashes_with_taken(e: &Edit, taken: &BTreeSet<(usize, usize)>) -> bool {
    let as_edit = |&(start, end): &(usize, usize)| Edit {
        range: start..end,
        replacement: String::new(),
    };
    let before = taken.range(..(e.range.start, 0)).next_back();
    before
        .into_iter()
        .chain(taken.range((e.range.start, 0)..=(e.range.end, usize::MAX)))
        .any(|t| clash(e, &as_edit(t)))
}

/// Whether two edits cannot both be applied without guessing their order.
fn clash(e: &Edit, t: &Edit) -> bool {
    (e.range.start < t.range.end && t.range.start < e.range.end)
        || overlap(e, t)
        // An insertion at the edge of a replaced range.
        || (e.range.is_empty() != t.range.is_empty()
            && (e.range.start == t.range.start
                || e.range.start == t.range.end
                || t.range.start == e.range.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_change_only_their_bytes() {
        let fix = Fix {
            message: "two edits".into(),
            edits: vec![Edit::replacement(4..6, "XY"), Edit::insertion(0, "[")],
            applicability: Applicability::Safe,
        };
        let outcome = apply_fixes("中ab cd", [&fix]);
        assert_eq!(outcome.text, "[中aXYcd");
        assert_eq!(outcome.applied, [0]);
        assert!(outcome.skipped.is_empty() && outcome.invalid.is_empty());
    }

    #[test]
    fn a_fix_off_a_character_boundary_out_of_range_or_empty_is_invalid() {
        let bad = Fix::safe("inside 中", Edit::deletion(1..2));
        let far = Fix::safe("past the end", Edit::insertion(99, "x"));
        let empty = Fix {
            message: "nothing".into(),
            edits: Vec::new(),
            applicability: Applicability::Safe,
        };
        let outcome = apply_fixes("中", [&bad, &far, &empty]);
        assert_eq!(outcome.text, "中");
        assert!(outcome.applied.is_empty() && outcome.skipped.is_empty());
        assert_eq!(outcome.invalid, [0, 1, 2]);
    }

    #[test]
    fn a_fix_whose_own_edits_overlap_is_invalid_not_skipped() {
        let tangled = Fix {
            message: "tangled".into(),
            edits: vec![Edit::replacement(0..2, "A"), Edit::replacement(1..3, "B")],
            applicability: Applicability::Safe,
        };
        let fine = Fix::safe("fine", Edit::insertion(3, "!"));
        let outcome = apply_fixes("xyz", [&tangled, &fine]);
        assert_eq!(outcome.text, "xyz!");
        assert_eq!((outcome.applied, outcome.invalid), (vec![1], vec![0]));
        assert!(outcome.skipped.is_empty());
    }

    #[test]
    fn overlapping_fixes_apply_one_at_a_time() {
        let a = Fix::safe("a", Edit::replacement(0..2, "A"));
        let b = Fix::safe("b", Edit::replacement(1..3, "B"));
        let c = Fix::safe("c", Edit::insertion(2, "C"));
        let outcome = apply_fixes("xyz", [&b, &a, &c]);
        assert_eq!(outcome.text, "Az");
        // `a` starts first, so it is taken; `b` overlaps it and `c` inserts inside it.
        assert_eq!(outcome.applied, [1]);
        assert_eq!(outcome.skipped, [0, 2]);
        assert!(outcome.invalid.is_empty());
    }

    #[test]
    fn two_insertions_at_one_place_take_the_first_given() {
        let a = Fix::safe("a", Edit::insertion(1, "A"));
        let b = Fix::safe("b", Edit::insertion(1, "B"));
        let outcome = apply_fixes("xy", [&a, &b]);
        assert_eq!(outcome.text, "xAy");
        assert_eq!((outcome.applied, outcome.skipped), (vec![0], vec![1]));
    }

    #[test]
    fn no_fixes_leave_the_text_as_it_is() {
        let outcome = apply_fixes("xyz", []);
        assert_eq!(
            outcome,
            AppliedFixes {
                text: "xyz".into(),
                ..AppliedFixes::default()
            }
        );
    }
}
