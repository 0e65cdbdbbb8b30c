//! Baselines, for adopting the linter on an archive that already has findings:
//! `--write-baseline` records every finding of a run in a file, and `--baseline FILE`
//! then reports only findings that are not in it.
//!
//! A finding is known by its file (relative to the baseline's directory, so the run may
//! start anywhere), its rule and its [`Fingerprint`] (the rule and the normalised text it
//! is about, not its line), so findings stay known when lines are added or removed above
//! them. The same finding twice in one file is counted: a third copy is new.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use newspost::{Diagnostic, Fingerprint, FILE_ERROR_RULE};
use serde_json::{json, Value};

/// The version of the file's layout, its first key.
const VERSION: u64 = 1;

type Key = (String, String, Fingerprint);

/// A baseline read from its file.
pub struct Baseline {
    dir: PathBuf,
    known: HashMap<Key, usize>,
    /// How many findings it hid.
    pub hidden: usize,
}

impl Baseline {
    /// Reads a baseline written by [`Recorder::write`].
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let fail = |e: &dyn std::fmt::Display| format!("baseline {}: {e}", path.display());
        let text = std::fs::read_to_string(path).map_err(|e| fail(&e))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| fail(&e))?;
        if value.get("newspost_baseline").and_then(Value::as_u64) != Some(VERSION) {
            return Err(fail(&"not a newspost baseline (version 1)"));
        }
        let mut known = HashMap::new();
        for entry in value
            .get("findings")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let field = |name: &str| entry.get(name).and_then(Value::as_str);
            let (Some(file), Some(rule), Some(print)) =
                (field("file"), field("rule"), field("fingerprint"))
            else {
                return Err(fail(&format!(
                    "an entry lacks file, rule or fingerprint: {entry}"
                )));
            };
            let print: Fingerprint = print.parse().map_err(|e| fail(&e))?;
            let count = entry.get("count").and_then(Value::as_u64).unwrap_or(1);
            *known
                .entry((file.to_owned(), rule.to_owned(), print))
                .or_insert(0) += usize::try_from(count).unwrap_or(usize::MAX);
        }
        Ok(Baseline {
            dir: directory_of(path),
            known,
            hidden: 0,
        })
    }

    /// Whether `d` is new: not in the baseline, or there more often than recorded. A file
    /// that cannot be read is never known.
    pub fn is_new(&mut self, d: &Diagnostic) -> bool {
        if d.rule == FILE_ERROR_RULE {
            return true;
        }
        let key = (
            relative(&self.dir, &d.path),
            d.rule.to_owned(),
            d.fingerprint,
        );
        match self.known.get_mut(&key) {
            Some(left) if *left > 0 => {
                *left -= 1;
                self.hidden += 1;
                false
            }
            _ => true,
        }
    }

    /// Recorded findings not seen in this run (fixed since, or in files not linted).
    pub fn unseen(&self) -> usize {
        self.known.values().sum()
    }
}

/// Gathers a run's findings for `--write-baseline`.
pub struct Recorder {
    path: PathBuf,
    dir: PathBuf,
    findings: BTreeMap<Key, (usize, String)>,
}

impl Recorder {
    pub fn new(path: &Path) -> Recorder {
        Recorder {
            path: path.to_path_buf(),
            dir: directory_of(path),
            findings: BTreeMap::new(),
        }
    }

    pub fn record(&mut self, d: &Diagnostic) {
        if d.rule == FILE_ERROR_RULE {
            return;
        }
        let key = (
            relative(&self.dir, &d.path),
            d.rule.to_owned(),
            d.fingerprint,
        );
        self.findings
            .entry(key)
            .or_insert_with(|| (0, d.message.clone()))
            .0 += 1;
    }

    /// Writes the baseline (sorted by file, rule and fingerprint, so that it diffs well)
    /// atomically; returns how many findings it holds.
    pub fn write(self) -> Result<usize, String> {
        let total = self.findings.values().map(|(n, _)| n).sum();
        let findings: Vec<Value> = self
            .findings
            .into_iter()
            .map(|((file, rule, print), (count, message))| {
                json!({
                    "file": file,
                    "rule": rule,
                    "fingerprint": print.to_string(),
                    "count": count,
                    "message": message,
                })
            })
            .collect();
        let value = json!({ "newspost_baseline": VERSION, "findings": findings });
        let mut text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
        text.push('\n');
        crate::output::write_atomically(&self.path, text.as_bytes())
            .map_err(|e| format!("baseline {}: {e}", self.path.display()))?;
        Ok(total)
    }
}

/// The absolute directory a baseline file lies in.
fn directory_of(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::canonicalize(&dir).unwrap_or_else(|_| absolute(&dir))
}

/// `path` relative to `dir`, with `/` separators; the absolute path when it lies outside.
fn relative(dir: &Path, path: &Path) -> String {
    let full = std::fs::canonicalize(path).unwrap_or_else(|_| absolute(path));
    let shown = full.strip_prefix(dir).unwrap_or(&full);
    let parts: Vec<String> = shown
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/").replacen("//", "/", 1)
}

/// `path` made absolute against the working directory, `.` and `..` resolved by name.
fn absolute(path: &Path) -> PathBuf {
    let joined = std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_baseline_and_slash_separated() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        std::fs::create_dir_all(root.join("_posts/2024")).expect("dirs");
        std::fs::write(root.join("_posts/2024/a.md"), "x").expect("write");
        assert_eq!(
            relative(&root, &root.join("_posts/2024/a.md")),
            "_posts/2024/a.md"
        );
        assert_eq!(
            relative(&root, &root.join("_posts/./2024/../2024/a.md")),
            "_posts/2024/a.md"
        );
        assert!(relative(&root.join("_posts"), Path::new("/elsewhere/b.md")).starts_with('/'));
    }
}
