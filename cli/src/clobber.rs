//! Refusing an output that would replace an input: `-o a.md` with `a.md` among the
//! inputs, `--out-dir` onto the input tree, a link to an input. Files are compared by
//! device and inode, so every name of a file counts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The inputs of a run, by file identity.
pub struct Inputs {
    by_id: HashMap<(u64, u64), PathBuf>,
}

impl Inputs {
    /// The identities of `paths` (those that cannot be read are left out: they fail on
    /// their own).
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Inputs {
        let by_id = paths
            .into_iter()
            .filter_map(|path| Some((identity(path)?, path.to_path_buf())))
            .collect();
        Inputs { by_id }
    }

    /// An error naming both paths when writing `target` would replace an input.
    pub fn check(&self, target: &Path) -> Result<(), String> {
        match identity(target).and_then(|id| self.by_id.get(&id)) {
            Some(input) => Err(format!(
                "the output {} is the input {}; refusing to overwrite it",
                crate::shown::path(target),
                crate::shown::path(input)
            )),
            None => Ok(()),
        }
    }
}

#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<(u64, u64)> {
    // No inode numbers: compare resolved paths.
    use std::hash::{Hash, Hasher};
    let resolved = std::fs::canonicalize(path).ok()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    resolved.hash(&mut hasher);
    Some((0, hasher.finish()))
}
