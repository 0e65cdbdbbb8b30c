//! Finding posts: files given, and every `*.md` / `*.markdown` below directories given.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

/// A post to process, and the argument it was found under (for mirroring the tree).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub path: PathBuf,
    pub root: PathBuf,
}

/// Whether a path names a post file.
pub fn is_post_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown")
    )
}

/// Every post under `paths`, sorted by path; a file given by name is taken whatever its
/// extension. Fails on a path that does not exist or a directory that cannot be read.
pub fn collect(paths: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    Ok(collect_inputs(paths)?.into_iter().map(|i| i.path).collect())
}

/// [`collect`], keeping for each post the argument it was found under.
pub fn collect_inputs(paths: &[PathBuf]) -> io::Result<Vec<Input>> {
    let mut out = Vec::new();
    for root in paths {
        let meta = std::fs::metadata(root)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", root.display())))?;
        let mut found = Vec::new();
        if meta.is_dir() {
            walk(root, &mut found)?;
        } else {
            found.push(root.clone());
        }
        out.extend(found.into_iter().map(|path| Input {
            path,
            root: root.clone(),
        }));
    }
    let mut out = sorted(out);
    out.dedup_by(|a, b| a.path == b.path);
    Ok(out)
}

/// `inputs` in the order of `Input`'s `Ord` (path, then root). Comparing paths splits
/// them into components every time, which made sorting a 20,000-post archive a visible
/// serial cost; the components are split once here and compared as they are.
fn sorted(inputs: Vec<Input>) -> Vec<Input> {
    let keys: Vec<(Vec<Component<'_>>, &Path)> = inputs
        .iter()
        .map(|i| (i.path.components().collect(), i.root.as_path()))
        .collect();
    let mut order: Vec<usize> = (0..inputs.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    drop(keys);
    let mut slots: Vec<Option<Input>> = inputs.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
        for entry in entries {
            let entry = entry?;
            let path = entry.path();
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(path);
            } else if is_post_file(&path) && (kind.is_file() || path.is_file()) {
                out.push(path);
            }
        }
    }
    Ok(())
}

/// Reads a post, refusing files larger than the parser's input limit before reading them
/// (a 1 GB file is an error, not 1 GB of memory).
pub fn read_post(path: &Path) -> io::Result<Vec<u8>> {
    // The default options are built once: their noise rules are a few dozen allocations.
    static LIMIT: LazyLock<usize> =
        LazyLock::new(|| newspost::ParseOptions::default().max_input_bytes);
    let limit = *LIMIT;
    let file = File::open(path)?;
    let len = file.metadata()?.len();
    if len > limit as u64 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("file is {len} bytes, more than the limit of {limit}"),
        ));
    }
    // One byte more than the limit tells a file that grew past it since its size was read
    // (reading to the end costs a second, empty, read call per file; stopping at the size
    // read before would cut a file that grew, or whose size was stale).
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("file is more than the limit of {limit} bytes"),
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::{sorted, Input};

    #[test]
    fn sorts_as_paths_do() {
        let paths = [
            "a.b/x.md", "a/b.md", "a/b/c.md", "./a/c.md", "/r/z.md", "a-b.md", "A.md", "a/b.md",
            "a//b.md", "a/./b.md",
        ];
        let inputs: Vec<Input> = paths
            .iter()
            .map(|p| Input {
                path: p.into(),
                root: ".".into(),
            })
            .collect();
        let mut expected = inputs.clone();
        expected.sort();
        assert_eq!(sorted(inputs), expected);
    }
}
