//! Finding posts: files given, and every `*.md` / `*.markdown` below directories given.

use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

use crate::select::Selection;

/// A post to process, and the argument it was found under (for mirroring the tree).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub path: PathBuf,
    pub root: PathBuf,
}

/// Whether a file name is a post's: its extension (as [`Path::extension`] reads it) is
/// `md` or `markdown`. Looks at the name's bytes, as a directory walk asks for every entry.
pub fn is_post_name(name: &OsStr) -> bool {
    let name = name.as_encoded_bytes();
    // A name whose only dot starts it (`.md`) has no extension.
    match name.iter().rposition(|&b| b == b'.') {
        Some(dot) if dot > 0 => matches!(name.get(dot + 1..), Some(b"md" | b"markdown")),
        _ => false,
    }
}

/// Every post under `paths`, sorted by path, with the argument it was found under; a file
/// given by name is taken whatever its extension. Fails on a path that does not exist or a
/// directory that cannot be read.
pub fn collect_inputs(paths: &[PathBuf]) -> io::Result<Vec<Input>> {
    collect_from(paths, None, false)
}

/// [`collect_inputs`]' paths, below directories only the files `selection` counts as posts.
/// With `force`, files named in `paths` are held to the selection too (for a list of
/// changed files from git or pre-commit).
pub fn collect_selected(
    paths: &[PathBuf],
    selection: &Selection,
    force: bool,
) -> io::Result<Vec<PathBuf>> {
    Ok(collect_from(paths, Some(selection), force)?
        .into_iter()
        .map(|i| i.path)
        .collect())
}

fn collect_from(
    paths: &[PathBuf],
    selection: Option<&Selection>,
    force: bool,
) -> io::Result<Vec<Input>> {
    let mut out = Vec::new();
    for root in paths {
        let meta = std::fs::metadata(root)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", root.display())))?;
        let mut found = Vec::new();
        if meta.is_dir() {
            walk_selected(root, selection, &mut found)?;
        } else if !force || selection.is_none_or(|s| s.selects_named(root)) {
            found.push(root.clone());
        }
        out.extend(found.into_iter().map(|path| Input {
            path,
            root: root.clone(),
        }));
    }
    // One argument: the walk's order is already the order.
    if paths.len() == 1 {
        return Ok(out);
    }
    Ok(sorted(out))
}

/// `inputs` in the order of `Input`'s `Ord` (path, then root), without inputs that name
/// the same path twice. Comparing paths splits them into components every time, a visible
/// serial cost before a run starts; instead each path becomes once a byte string that
/// compares as its components do (see [`sort_key`]).
fn sorted(mut inputs: Vec<Input>) -> Vec<Input> {
    // A Windows prefix (`C:`, `\\server\share`) compares by its parsed value (drive
    // letters without case), which the byte keys do not model: such paths keep `Path`'s
    // own order.
    let has_prefix = |i: &Input| matches!(i.path.components().next(), Some(Component::Prefix(_)));
    if inputs.iter().any(has_prefix) {
        inputs.sort();
        inputs.dedup_by(|a, b| a.path == b.path);
        return inputs;
    }
    let keys: Vec<Vec<u8>> = inputs.iter().map(|i| sort_key(&i.path)).collect();
    let mut order: Vec<usize> = (0..inputs.len()).collect();
    order.sort_by(|&a, &b| {
        keys[a]
            .cmp(&keys[b])
            .then_with(|| inputs[a].root.cmp(&inputs[b].root))
    });
    order.dedup_by(|a, b| keys[*a] == keys[*b]);
    drop(keys);
    let mut slots: Vec<Option<Input>> = inputs.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// A byte string whose order is the order of `path`'s components (the order of `Path`):
/// each component is a byte for its kind, in the order of `Component`'s variants, then its
/// bytes, and a zero byte (which no component holds) ends it, so that a component sorts
/// before those it is a prefix of.
fn sort_key(path: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for component in path.components() {
        let kind = match component {
            Component::Prefix(_) => 1,
            Component::RootDir => 2,
            Component::CurDir => 3,
            Component::ParentDir => 4,
            Component::Normal(_) => 5,
        };
        key.push(kind);
        key.extend_from_slice(component.as_os_str().as_encoded_bytes());
        key.push(0);
    }
    key
}

/// Every post below `dir`, already in path order: each directory's entries are sorted by
/// name (the order of a path's last component) and a subdirectory's posts come where its
/// name sorts, before the entries that sort after it. This costs a sort of short names per
/// directory instead of one of whole paths.
#[cfg(test)]
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    walk_selected(dir, None, out)
}

/// Every post below `dir` (as `walk` finds them), only what `selection` counts as posts
/// when given.
fn walk_selected(
    dir: &Path,
    selection: Option<&Selection>,
    out: &mut Vec<PathBuf>,
) -> io::Result<()> {
    // Entries still to visit, the next one last.
    let mut pending = Vec::new();
    list(dir, selection, &mut pending)?;
    while let Some((path, is_dir)) = pending.pop() {
        if is_dir {
            list(&path, selection, &mut pending)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Pushes onto `pending` the subdirectories and posts of `dir`, in reverse name order.
fn list(
    dir: &Path,
    selection: Option<&Selection>,
    pending: &mut Vec<(PathBuf, bool)>,
) -> io::Result<()> {
    let in_dir = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", dir.display()));
    let mut entries = Vec::new();
    let site_root = selection.is_some_and(|_| Selection::is_site_root(dir));
    for entry in std::fs::read_dir(dir).map_err(in_dir)? {
        let entry = entry.map_err(in_dir)?;
        let kind = entry.file_type().map_err(in_dir)?;
        let name = entry.file_name();
        if kind.is_dir() {
            if selection.is_none_or(|s| !s.skips_dir(&entry.path(), &name)) {
                entries.push((name, true));
            }
        } else if is_post_name(&name)
            && (kind.is_file() || entry.path().is_file())
            && selection.is_none_or(|s| s.takes_file(&entry.path(), &name, site_root))
        {
            entries.push((name, false));
        }
    }
    // Names in one directory are distinct, so the order is total.
    entries.sort_unstable_by(|a, b| b.0.cmp(&a.0));
    pending.extend(
        entries
            .into_iter()
            .map(|(name, is_dir)| (dir.join(name), is_dir)),
    );
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
    use std::path::PathBuf;

    use super::{collect_inputs, sorted, walk, Input};

    #[test]
    fn post_names_are_those_with_a_post_extension() {
        for name in [
            "a.md",
            "a.markdown",
            "..md",
            "a.b.md",
            ".md",
            "a.MD",
            "md",
            "a.md.txt",
            "a.",
            "",
            "a.mdx",
            ".a.md",
            "...",
        ] {
            let expected = matches!(
                std::path::Path::new(name)
                    .extension()
                    .and_then(|e| e.to_str()),
                Some("md" | "markdown")
            );
            assert_eq!(super::is_post_name(name.as_ref()), expected, "{name}");
        }
    }

    #[test]
    fn sorts_as_paths_do() {
        let paths = [
            "a.b/x.md", "a/b.md", "a/b/c.md", "./a/c.md", "/r/z.md", "a-b.md", "A.md", "a/b.md",
            "a//b.md", "a/./b.md", "../a.md", "/a", "-x", "a/\u{7f}", "a/\u{e9}",
        ];
        let inputs: Vec<Input> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| Input {
                path: p.into(),
                root: if i % 3 == 0 { "r" } else { "." }.into(),
            })
            .collect();
        let mut expected = inputs.clone();
        expected.sort();
        expected.dedup_by(|a, b| a.path == b.path);
        assert_eq!(sorted(inputs), expected);
    }

    #[test]
    fn a_walk_finds_posts_in_path_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        // Names that sort differently as bytes of the whole path and as components
        // (`-` and `.` sort before `/`), nested, and files that are not posts.
        let posts = [
            "a/x.md",
            "a/b/c.md",
            "a/b.md",
            "a-b.md",
            "a.md",
            "a b.md",
            "b.markdown",
            "B.md",
            "z/a.md",
            "z/y/z.md",
            "\u{e9}.md",
            "a/b/d/e.md",
        ];
        for post in posts {
            let path = dir.path().join(post);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
            std::fs::write(&path, "x").expect("write");
        }
        for other in ["a/notes.txt", "c.mdx", "z/y/readme"] {
            std::fs::write(dir.path().join(other), "x").expect("write");
        }
        std::fs::create_dir_all(dir.path().join("empty/deeper")).expect("dirs");
        let root = dir.path().to_path_buf();
        let mut found = Vec::new();
        walk(&root, &mut found).expect("walk");
        let mut expected: Vec<PathBuf> = posts.iter().map(|p| root.join(p)).collect();
        expected.sort();
        assert_eq!(found, expected);
        let collected = collect_inputs(std::slice::from_ref(&root)).expect("collect");
        assert!(collected.iter().map(|i| &i.path).eq(&expected));
        // The walk's order is what `sorted` keeps as it is.
        let inputs: Vec<Input> = found
            .iter()
            .map(|path| Input {
                path: path.clone(),
                root: root.clone(),
            })
            .collect();
        assert_eq!(sorted(inputs.clone()), inputs);
    }
}
