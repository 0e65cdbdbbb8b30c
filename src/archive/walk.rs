//! Finding the posts of an archive: files given by name, and the posts below directories,
//! in path order.

use std::collections::VecDeque;
use std::ffi::OsStr;
use std::io;
use std::path::{Component, Path, PathBuf};

/// A post found by a [`Walk`]: its path, and the root (the directory or file given) it
/// was found under, for naming it relative to the root or mirroring the tree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PostFile {
    /// The post's path: the root joined with the names below it.
    pub path: PathBuf,
    /// The root it was found under.
    pub root: PathBuf,
}

impl AsRef<Path> for PostFile {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

/// Whether a file name is a post's: its extension (as [`Path::extension`] reads it) is
/// `md` or `markdown`. Looks at the name's bytes, as a walk asks it of every entry.
///
/// ```
/// use newspost::archive::is_post_name;
/// assert!(is_post_name("2024-07-03-a.md".as_ref()));
/// assert!(is_post_name("a.markdown".as_ref()));
/// assert!(!is_post_name(".md".as_ref())); // a leading dot starts no extension
/// assert!(!is_post_name("a.MD".as_ref()));
/// ```
pub fn is_post_name(name: &OsStr) -> bool {
    let name = name.as_encoded_bytes();
    // A name whose only dot starts it (`.md`) has no extension.
    match name.iter().rposition(|&b| b == b'.') {
        Some(dot) if dot > 0 => matches!(name.get(dot + 1..), Some(b"md" | b"markdown")),
        _ => false,
    }
}

/// Which files below a directory a [`Walk`] counts as posts, and which subdirectories it
/// enters. [`PostExtension`] is the default; a command line adds its include and exclude
/// globs with a filter of its own.
pub trait PostFilter {
    /// What the filter works out once per directory before asking about its files (for
    /// example whether the directory is a site's root); `()` when nothing is needed.
    type Dir;

    /// Called once for each directory before its entries.
    fn open_dir(&self, dir: &Path) -> Self::Dir;

    /// Whether the walk enters the subdirectory at `path` (named `name`).
    fn enters(&self, path: &Path, name: &OsStr) -> bool {
        let _ = (path, name);
        true
    }

    /// Whether the file (or symbolic link) at `path`, named `name`, in a directory
    /// [`PostFilter::open_dir`] described as `dir`, is a post.
    fn takes(&self, dir: &Self::Dir, path: &Path, name: &OsStr) -> bool;

    /// Whether a root that is not a directory (a file given by name) is taken. By default
    /// every file given is, whatever its name.
    fn takes_named(&self, path: &Path) -> bool {
        let _ = path;
        true
    }
}

/// The default [`PostFilter`]: every file named `*.md` or `*.markdown` ([`is_post_name`]),
/// in every subdirectory.
#[derive(Debug, Clone, Copy, Default)]
pub struct PostExtension;

impl PostFilter for PostExtension {
    type Dir = ();

    fn open_dir(&self, _: &Path) {}

    fn takes(&self, _: &(), _: &Path, name: &OsStr) -> bool {
        is_post_name(name)
    }
}

/// What a walk did not take, typed so that a caller can report it and go on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WalkError {
    /// A root given to the walk does not exist or cannot be looked at.
    #[error("{}: {source}", path.display())]
    Root {
        /// The root.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A directory (a root or one below it) cannot be listed.
    #[error("{}: cannot read the directory: {source}", path.display())]
    UnreadableDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// An entry of a directory whose type cannot be read.
    #[error("{}: cannot read: {source}", path.display())]
    UnreadableEntry {
        /// The entry.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A symbolic link with a post's name leads nowhere.
    #[error("{}: broken symbolic link", path.display())]
    BrokenLink {
        /// The link.
        path: PathBuf,
        /// What it points to, as written in it (`None` when that cannot be read).
        target: Option<PathBuf>,
    },
    /// A symbolic link that cannot be followed: a loop of links
    /// ([`WalkError::is_loop`]), or a component that cannot be searched.
    #[error("{}: symbolic link cannot be followed: {source}", path.display())]
    LinkUnfollowable {
        /// The link.
        path: PathBuf,
        /// What it points to, as written in it (`None` when that cannot be read).
        target: Option<PathBuf>,
        /// Why.
        source: io::Error,
    },
    /// A symbolic link to a file outside the root it was found under (not read unless
    /// [`Walk::follow_links_out`]).
    #[error("{}: symbolic link to {}, outside {}", path.display(), resolved.display(), root.display())]
    LinkOutside {
        /// The link.
        path: PathBuf,
        /// The file it leads to.
        resolved: PathBuf,
        /// The root it was found under.
        root: PathBuf,
    },
}

impl WalkError {
    /// The path the error is about.
    pub fn path(&self) -> &Path {
        match self {
            WalkError::Root { path, .. }
            | WalkError::UnreadableDir { path, .. }
            | WalkError::UnreadableEntry { path, .. }
            | WalkError::BrokenLink { path, .. }
            | WalkError::LinkUnfollowable { path, .. }
            | WalkError::LinkOutside { path, .. } => path,
        }
    }

    /// Whether something that may hold posts could not be read (a root, a directory, an
    /// entry), rather than a link deliberately left alone.
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            WalkError::Root { .. }
                | WalkError::UnreadableDir { .. }
                | WalkError::UnreadableEntry { .. }
        )
    }

    /// Whether this is a symbolic link that leads into a loop of links.
    pub fn is_loop(&self) -> bool {
        match self {
            // `ErrorKind::FilesystemLoop` is not stable yet; its name is.
            WalkError::LinkUnfollowable { source, .. } => {
                format!("{:?}", source.kind()) == "FilesystemLoop"
            }
            _ => false,
        }
    }
}

/// The posts of a walk and what it did not take, each in order.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Walked {
    /// Every post, in path order, no path twice.
    pub posts: Vec<PostFile>,
    /// What was not taken, root by root, in the order the walk met it.
    pub skipped: Vec<WalkError>,
}

/// A walk over the posts of files and directories, in path order: the order of
/// [`Path`]'s `Ord` (component by component), each path once, whatever the number of
/// roots.
///
/// Each directory's entries are sorted by name and a subdirectory's posts come where its
/// name sorts, so a walk sorts short names per directory instead of whole paths, and
/// [`Walk::iter`] streams an archive of any size. A root that is a file is taken whatever
/// its name (see [`PostFilter::takes_named`]). Symbolic links to posts are read when they
/// lead to a file below their root; a link to a directory is not entered.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let dir = tempfile::tempdir()?;
/// for name in ["b.md", "a/z.md", "a-b.md", "notes.txt"] {
///     let path = dir.path().join(name);
///     std::fs::create_dir_all(path.parent().unwrap())?;
///     std::fs::write(path, "---\ntitle: t\n---\n")?;
/// }
/// let walk = newspost::archive::Walk::new([dir.path()]);
/// let names: Vec<String> = walk
///     .iter()
///     .map(|found| Ok(found?.path.strip_prefix(dir.path())?.display().to_string()))
///     .collect::<Result<_, Box<dyn std::error::Error>>>()?;
/// // Path order: `a/` sorts before `a-b.md` (components, not bytes), and not `notes.txt`.
/// assert_eq!(names, ["a/z.md", "a-b.md", "b.md"]);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Walk<F = PostExtension> {
    roots: Vec<PathBuf>,
    filter: F,
    follow_links_out: bool,
}

impl Walk<PostExtension> {
    /// A walk of `roots` taking the files [`PostExtension`] takes.
    pub fn new<P: Into<PathBuf>>(roots: impl IntoIterator<Item = P>) -> Self {
        Walk {
            roots: roots.into_iter().map(Into::into).collect(),
            filter: PostExtension,
            follow_links_out: false,
        }
    }
}

impl<F: PostFilter> Walk<F> {
    /// The same walk with another filter.
    pub fn with_filter<G: PostFilter>(self, filter: G) -> Walk<G> {
        Walk {
            roots: self.roots,
            filter,
            follow_links_out: self.follow_links_out,
        }
    }

    /// Read posts whose symbolic links lead out of their root too (by default they are
    /// reported as [`WalkError::LinkOutside`] and not taken).
    pub fn follow_links_out(mut self, follow: bool) -> Self {
        self.follow_links_out = follow;
        self
    }

    /// The roots, as given.
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Every post, in path order, and what the walk did not take. Fails on the first root
    /// that does not exist (a mistyped argument is not a skipped file).
    pub fn collect(&self) -> Result<Walked, WalkError> {
        let mut posts = Vec::new();
        let mut skipped = Vec::new();
        for root in &self.roots {
            let mut walker = RootWalker::new(self, root)?;
            while let Some(found) = walker.next() {
                match found {
                    Ok(post) => posts.push(post),
                    Err(error) => skipped.push(error),
                }
            }
        }
        // One root: the walk's order is already the order.
        if self.roots.len() > 1 {
            posts = sorted(posts);
        }
        Ok(Walked { posts, skipped })
    }

    /// Every post, in path order, as the walk finds them, with what it did not take in
    /// between: memory holds the directories being listed, not the archive. Several roots
    /// are merged (each root is walked in order and the smallest path comes next).
    pub fn iter(&self) -> Posts<'_, F> {
        let mut errors = VecDeque::new();
        let walkers = self
            .roots
            .iter()
            .map(|root| {
                RootWalker::new(self, root)
                    .map_err(|error| errors.push_back(error))
                    .ok()
            })
            .collect();
        Posts {
            walkers,
            heads: Vec::new(),
            started: false,
            errors,
            last: None,
        }
    }
}

/// The stream of a [`Walk`]'s posts ([`Walk::iter`]).
pub struct Posts<'a, F: PostFilter> {
    /// Each root's walk (`None` for a root that could not be walked: its error is
    /// queued).
    walkers: Vec<Option<RootWalker<'a, F>>>,
    /// Each root's next post.
    heads: Vec<Option<PostFile>>,
    started: bool,
    errors: VecDeque<WalkError>,
    /// The last path given, so that a path found under two roots comes once.
    last: Option<PathBuf>,
}

impl<F: PostFilter> std::fmt::Debug for Posts<'_, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Posts")
            .field("roots", &self.walkers.len())
            .finish_non_exhaustive()
    }
}

impl<F: PostFilter> Posts<'_, F> {
    /// The next post of root `n`, its errors on the way queued.
    fn advance(&mut self, n: usize) -> Option<PostFile> {
        let walker = self.walkers.get_mut(n)?.as_mut()?;
        loop {
            match walker.next()? {
                Ok(post) => return Some(post),
                Err(error) => self.errors.push_back(error),
            }
        }
    }
}

impl<F: PostFilter> Iterator for Posts<'_, F> {
    type Item = Result<PostFile, WalkError>;

    fn next(&mut self) -> Option<Self::Item> {
        if !self.started {
            self.started = true;
            for n in 0..self.walkers.len() {
                let head = self.advance(n);
                self.heads.push(head);
            }
        }
        loop {
            if let Some(error) = self.errors.pop_front() {
                return Some(Err(error));
            }
            // The smallest (path, root) next; a path given already is dropped.
            let n = self
                .heads
                .iter()
                .enumerate()
                .filter_map(|(n, head)| head.as_ref().map(|h| (n, h)))
                .min_by(|a, b| a.1.cmp(b.1))
                .map(|(n, _)| n)?;
            let next = self.advance(n);
            let post = std::mem::replace(&mut self.heads[n], next)?;
            if self.last.as_deref() == Some(post.path.as_path()) {
                continue;
            }
            self.last = Some(post.path.clone());
            return Some(Ok(post));
        }
    }
}

/// The walk below one root.
struct RootWalker<'a, F: PostFilter> {
    walk: &'a Walk<F>,
    root: &'a Path,
    /// The root, resolved: links must lead below it.
    resolved_root: Option<PathBuf>,
    /// Entries still to visit, the next one last; `None` until the root is listed.
    pending: Option<Vec<(PathBuf, bool)>>,
    /// A root that is a file: given once.
    named: Option<PathBuf>,
    errors: VecDeque<WalkError>,
}

impl<'a, F: PostFilter> RootWalker<'a, F> {
    fn new(walk: &'a Walk<F>, root: &'a Path) -> Result<Self, WalkError> {
        let meta = std::fs::metadata(root).map_err(|source| WalkError::Root {
            path: root.to_path_buf(),
            source,
        })?;
        let is_dir = meta.is_dir();
        Ok(RootWalker {
            walk,
            root,
            resolved_root: is_dir.then(|| std::fs::canonicalize(root).ok()).flatten(),
            // A file given has nothing below it to list.
            pending: (!is_dir).then(Vec::new),
            named: (!is_dir && walk.filter.takes_named(root)).then(|| root.to_path_buf()),
            errors: VecDeque::new(),
        })
    }

    fn found(&self, path: PathBuf) -> PostFile {
        PostFile {
            path,
            root: self.root.to_path_buf(),
        }
    }

    fn next(&mut self) -> Option<Result<PostFile, WalkError>> {
        if let Some(path) = self.named.take() {
            return Some(Ok(self.found(path)));
        }
        if self.pending.is_none() {
            let mut pending = Vec::new();
            self.list(self.root, &mut pending);
            self.pending = Some(pending);
        }
        loop {
            if let Some(error) = self.errors.pop_front() {
                return Some(Err(error));
            }
            let (path, is_dir) = self.pending.as_mut()?.pop()?;
            if is_dir {
                let mut pending = self.pending.take().unwrap_or_default();
                self.list(&path, &mut pending);
                self.pending = Some(pending);
            } else {
                return Some(Ok(self.found(path)));
            }
        }
    }

    /// Pushes onto `pending` the subdirectories and posts of `dir`, in reverse name order.
    fn list(&mut self, dir: &Path, pending: &mut Vec<(PathBuf, bool)>) {
        let filter = &self.walk.filter;
        let read = match std::fs::read_dir(dir) {
            Ok(read) => read,
            Err(source) => {
                self.errors.push_back(WalkError::UnreadableDir {
                    path: dir.to_path_buf(),
                    source,
                });
                return;
            }
        };
        let described = filter.open_dir(dir);
        let mut entries = Vec::new();
        for entry in read {
            let entry = match entry {
                Ok(entry) => entry,
                Err(source) => {
                    self.errors.push_back(WalkError::UnreadableDir {
                        path: dir.to_path_buf(),
                        source,
                    });
                    break;
                }
            };
            let name = entry.file_name();
            let kind = match entry.file_type() {
                Ok(kind) => kind,
                Err(source) => {
                    self.errors.push_back(WalkError::UnreadableEntry {
                        path: entry.path(),
                        source,
                    });
                    continue;
                }
            };
            if kind.is_dir() {
                if filter.enters(&entry.path(), &name) {
                    entries.push((name, true));
                }
                continue;
            }
            if !filter.takes(&described, &entry.path(), &name) {
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
    /// below the root (or anywhere, with `follow_links_out`). A broken link, a loop and a
    /// link out of the tree are reported.
    fn link_is_taken(&mut self, path: &Path) -> bool {
        let target = || std::fs::read_link(path).ok();
        let resolved = match std::fs::canonicalize(path) {
            Ok(resolved) => resolved,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                self.errors.push_back(WalkError::BrokenLink {
                    path: path.to_path_buf(),
                    target: target(),
                });
                return false;
            }
            Err(source) => {
                self.errors.push_back(WalkError::LinkUnfollowable {
                    path: path.to_path_buf(),
                    target: target(),
                    source,
                });
                return false;
            }
        };
        if !resolved.is_file() {
            // A link to a directory is not walked into.
            return false;
        }
        let inside = self
            .resolved_root
            .as_deref()
            .is_some_and(|root| resolved.starts_with(root));
        if !inside && !self.walk.follow_links_out {
            self.errors.push_back(WalkError::LinkOutside {
                path: path.to_path_buf(),
                resolved,
                root: self.root.to_path_buf(),
            });
            return false;
        }
        true
    }
}

/// `posts` in the order of `PostFile`'s `Ord` (path, then root), without posts that name
/// the same path twice. Comparing paths splits them into components every time, a visible
/// serial cost before a run starts; instead each path becomes once a byte string that
/// compares as its components do (see [`sort_key`]).
pub(super) fn sorted(mut posts: Vec<PostFile>) -> Vec<PostFile> {
    // A Windows prefix (`C:`, `\\server\share`) compares by its parsed value (drive
    // letters without case), which the byte keys do not model: such paths keep `Path`'s
    // own order.
    let has_prefix =
        |p: &PostFile| matches!(p.path.components().next(), Some(Component::Prefix(_)));
    if posts.iter().any(has_prefix) {
        posts.sort();
        posts.dedup_by(|a, b| a.path == b.path);
        return posts;
    }
    let keys: Vec<Vec<u8>> = posts.iter().map(|p| sort_key(&p.path)).collect();
    let mut order: Vec<usize> = (0..posts.len()).collect();
    order.sort_by(|&a, &b| {
        keys[a]
            .cmp(&keys[b])
            .then_with(|| posts[a].root.cmp(&posts[b].root))
    });
    order.dedup_by(|a, b| keys[*a] == keys[*b]);
    drop(keys);
    let mut slots: Vec<Option<PostFile>> = posts.into_iter().map(Some).collect();
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
