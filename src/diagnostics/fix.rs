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

/// Applies as many of `fixes` as do not overlap one another, in order of their first
/// edit; returns the new text and how many fixes were applied. Every byte outside the
/// applied edits is kept as it was. A fix whose edits overlap an earlier fix is skipped
/// (apply again to the result to get it, as `lint --fix` does until nothing changes).
///
/// ```
/// use newspost::{apply_fixes, Edit, Fix};
/// let fixes = [
///     Fix::safe("drop", Edit::deletion(3..4)),
///     Fix::safe("insert", Edit::insertion(0, ">")),
///     Fix::safe("overlaps the first", Edit::replacement(3..5, "?")),
/// ];
/// let (text, applied) = apply_fixes("abcXdef", fixes.iter());
/// assert_eq!((text.as_str(), applied), (">abcdef", 2));
/// ```
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let fixes: Vec<&Fix> = fixes.into_iter().collect();
    let applied = applied_fixes(text, fixes.iter().copied());
    let mut taken: Vec<&Edit> = fixes
        .iter()
        .zip(&applied)
        .filter(|(_, applied)| **applied)
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
    (out, applied.iter().filter(|a| **a).count())
}

/// Which of `fixes` [`apply_fixes`] applies, in the order given: fixes are taken in order
/// of their first edit, each unless it is invalid or clashes with one taken before.
pub(crate) fn applied_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> Vec<bool> {
    let candidates: Vec<Option<Vec<&Edit>>> = fixes
        .into_iter()
        .map(|fix| fix.sorted_edits(text).filter(|edits| !edits.is_empty()))
        .collect();
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| {
        candidates[i]
            .as_ref()
            .and_then(|edits| edits.first())
            .map(|e| (e.range.start, e.range.end))
    });
    let mut applied = vec![false; candidates.len()];
    // The ranges taken so far, by start: they never overlap, so a new edit can clash only
    // with the last one starting before it and those starting within it, and finding them
    // costs a logarithm, not a pass over every edit taken.
    let mut taken: BTreeSet<(usize, usize)> = BTreeSet::new();
    for i in order {
        let Some(edits) = &candidates[i] else {
            continue;
        };
        if !edits.iter().any(|e| clashes_with_taken(e, &taken)) {
            taken.extend(edits.iter().map(|e| (e.range.start, e.range.end)));
            applied[i] = true;
        }
    }
    applied
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
        let (out, n) = apply_fixes("中ab cd", [&fix]);
        assert_eq!((out.as_str(), n), ("[中aXYcd", 1));
    }

    #[test]
    fn a_fix_off_a_character_boundary_or_out_of_range_is_skipped() {
        let bad = Fix::safe("inside 中", Edit::deletion(1..2));
        let far = Fix::safe("past the end", Edit::insertion(99, "x"));
        let (out, n) = apply_fixes("中", [&bad, &far]);
        assert_eq!((out.as_str(), n), ("中", 0));
    }

    #[test]
    fn overlapping_fixes_apply_one_at_a_time() {
        let a = Fix::safe("a", Edit::replacement(0..2, "A"));
        let b = Fix::safe("b", Edit::replacement(1..3, "B"));
        let c = Fix::safe("c", Edit::insertion(2, "C"));
        let (out, n) = apply_fixes("xyz", [&b, &a, &c]);
        assert_eq!((out.as_str(), n), ("Az", 1));
    }
}
