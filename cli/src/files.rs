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

/// What a walk did not take, reported on stderr: the run goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
    /// A per-file failure (exit 1: an unreadable directory), not just a warning (a broken
    /// or outward link).
    pub failure: bool,
}

/// How a walk treats symbolic links to posts.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct LinkArgs {
    /// Read posts whose symbolic links lead out of the directory they were found under
    /// (by default they are reported and not read).
    #[arg(long)]
    pub follow_links_out: bool,
}

/// Prints what was skipped; returns whether any of it is a failure (exit 1).
pub fn report_skipped(skipped: &[Skipped]) -> bool {
    for s in skipped {
        let level = if s.failure { "" } else { "warning: " };
        eprintln!(
            "newspost: {level}{}: {}",
            crate::shown::path(&s.path),
            crate::shown::text(&s.reason)
        );
    }
    skipped.iter().any(|s| s.failure)
}

/// Every post under `paths`, sorted by path, with the argument it was found under, and
/// what the walk skipped; a file given by name is taken whatever its extension. Fails on
/// a path that does not exist.
pub fn collect_inputs(
    paths: &[PathBuf],
    links: LinkArgs,
) -> io::Result<(Vec<Input>, Vec<Skipped>)> {
    collect_from(paths, None, false, links)
}

/// [`collect_inputs`]' paths, below directories only the files `selection` counts as posts.
/// With `force`, files named in `paths` are held to the selection too (for a list of
/// changed files from git or pre-commit).
pub fn collect_selected(
    paths: &[PathBuf],
    selection: &Selection,
    force: bool,
    links: LinkArgs,
) -> io::Result<(Vec<PathBuf>, Vec<Skipped>)> {
    let (inputs, skipped) = collect_from(paths, Some(selection), force, links)?;
    Ok((inputs.into_iter().map(|i| i.path).collect(), skipped))
}

/// What a walk below one argument needs.
struct Walk<'a> {
    selection: Option<&'a Selection>,
    links: LinkArgs,
    /// The argument, resolved: links must lead below it.
    resolved_root: Option<PathBuf>,
    root: &'a Path,
    skipped: &'a mut Vec<Skipped>,
}

fn collect_from(
    paths: &[PathBuf],
    selection: Option<&Selection>,
    force: bool,
    links: LinkArgs,
) -> io::Result<(Vec<Input>, Vec<Skipped>)> {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for root in paths {
        let meta = std::fs::metadata(root)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", crate::shown::path(root))))?;
        let mut found = Vec::new();
        if meta.is_dir() {
            let mut walk = Walk {
                selection,
                links,
                resolved_root: std::fs::canonicalize(root).ok(),
                root,
                skipped: &mut skipped,
            };
            walk.walk(root, &mut found);
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
        return Ok((out, skipped));
    }
    Ok((sorted(out), skipped))
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
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Vec<Skipped> {
    let mut skipped = Vec::new();
    Walk {
        selection: None,
        links: LinkArgs::default(),
        resolved_root: std::fs::canonicalize(dir).ok(),
        root: dir,
        skipped: &mut skipped,
    }
    .walk(dir, out);
    skipped
}

impl Walk<'_> {
    /// Every post below `dir` (as `walk` finds them), only what the selection counts as
    /// posts when there is one. A directory that cannot be read is skipped as a failure.
    fn walk(&mut self, dir: &Path, out: &mut Vec<PathBuf>) {
        // Entries still to visit, the next one last.
        let mut pending = Vec::new();
        self.list(dir, &mut pending);
        while let Some((path, is_dir)) = pending.pop() {
            if is_dir {
                self.list(&path, &mut pending);
            } else {
                out.push(path);
            }
        }
    }

    fn skip(&mut self, path: PathBuf, reason: String, failure: bool) {
        self.skipped.push(Skipped {
            path,
            reason,
            failure,
        });
    }

    /// Pushes onto `pending` the subdirectories and posts of `dir`, in reverse name order.
    fn list(&mut self, dir: &Path, pending: &mut Vec<(PathBuf, bool)>) {
        let selection = self.selection;
        let mut entries = Vec::new();
        let site_root = selection.is_some_and(|_| Selection::is_site_root(dir));
        let read = match std::fs::read_dir(dir) {
            Ok(read) => read,
            Err(e) => {
                self.skip(
                    dir.to_path_buf(),
                    format!("cannot read the directory: {e}"),
                    true,
                );
                return;
            }
        };
        for entry in read {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    self.skip(
                        dir.to_path_buf(),
                        format!("cannot read the directory: {e}"),
                        true,
                    );
                    break;
                }
            };
            let name = entry.file_name();
            let kind = match entry.file_type() {
                Ok(kind) => kind,
                Err(e) => {
                    self.skip(entry.path(), format!("cannot read: {e}"), true);
                    continue;
                }
            };
            if kind.is_dir() {
                if selection.is_none_or(|s| !s.skips_dir(&entry.path(), &name)) {
                    entries.push((name, true));
                }
                continue;
            }
            if !is_post_name(&name)
                || !selection.is_none_or(|s| s.takes_file(&entry.path(), &name, site_root))
            {
                continue;
            }
            if kind.is_file() || (kind.is_symlink() && self.link_is_taken(&entry.path())) {
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
    }

    /// Whether the symbolic link `path` (with a post's name) is read: it leads to a file
    /// below the argument (or anywhere, with `--follow-links-out`). A broken link, a loop
    /// and a link out of the tree are reported.
    fn link_is_taken(&mut self, path: &Path) -> bool {
        let target = std::fs::read_link(path)
            .map(|t| crate::shown::path(&t))
            .unwrap_or_default();
        let resolved = match std::fs::canonicalize(path) {
            Ok(resolved) => resolved,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                self.skip(
                    path.to_path_buf(),
                    format!("broken symbolic link (to {target}); skipped"),
                    false,
                );
                return false;
            }
            Err(e) => {
                self.skip(
                    path.to_path_buf(),
                    format!("symbolic link (to {target}) cannot be followed: {e}; skipped"),
                    false,
                );
                return false;
            }
        };
        if !resolved.is_file() {
            // A link to a directory is not walked into, as before.
            return false;
        }
        let inside = self
            .resolved_root
            .as_deref()
            .is_some_and(|root| resolved.starts_with(root));
        if !inside && !self.links.follow_links_out {
            let root = crate::shown::path(self.root);
            self.skip(
                path.to_path_buf(),
                format!(
                    "symbolic link to {}, outside {root}; not read (--follow-links-out reads it)",
                    crate::shown::path(&resolved)
                ),
                false,
            );
            return false;
        }
        true
    }
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
    fn a_directory_that_cannot_be_read_is_skipped_as_a_failure() {
        let dir = tempfile::tempdir().expect("temp dir");
        let gone = dir.path().join("gone");
        let mut found = Vec::new();
        let skipped = walk(&gone, &mut found);
        assert!(found.is_empty());
        assert_eq!(skipped.len(), 1);
        assert!(skipped[0].failure && skipped[0].path == gone, "{skipped:?}");
        assert!(skipped[0].reason.contains("cannot read the directory"));
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
        assert!(walk(&root, &mut found).is_empty());
        let mut expected: Vec<PathBuf> = posts.iter().map(|p| root.join(p)).collect();
        expected.sort();
        assert_eq!(found, expected);
        let (collected, _) =
            collect_inputs(std::slice::from_ref(&root), super::LinkArgs::default())
                .expect("collect");
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
