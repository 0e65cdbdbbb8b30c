//! Writing outputs: atomically (temporary file + rename), with the modes a user expects,
//! under names that are legal on every platform.
//!
//! A new file gets `0666 & !umask`, as `cp` or an editor would make it; a file written over
//! keeps its mode, and its owner where the process may set it. Temporary files are named
//! `.newspost-PID-XXXXXX.tmp`: the ones in flight are removed when the run is interrupted
//! (see [`remove_in_flight`]), and a later run removes those of runs that are gone.

use std::collections::HashSet;
use std::fs::{File, Metadata};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// Temporary files being written, removed if the run is interrupted.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Outputs renamed into place so far (for the message of an interrupted run).
static COMPLETED: AtomicUsize = AtomicUsize::new(0);

/// Directories whose stale temporary files this run has already looked for.
static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

/// How old a temporary file without a process id in its name must be to count as stale.
const STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// The prefix of every temporary file.
const TEMPORARY_PREFIX: &str = ".newspost-";

/// Whether `path` names something other than a regular file or a directory: a device
/// (`/dev/null`, `/dev/stdout`), a FIFO, a socket. Such a target is written in place:
/// renaming a temporary file over it would replace it with a plain file.
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Opens a special target (see [`is_special`]) for writing, as it is.
fn open_special(path: &Path) -> io::Result<File> {
    std::fs::OpenOptions::new().write(true).open(path)
}

/// `error` as a message about `target`: the system's reason, without the temporary file's
/// name that `tempfile` puts into some of its errors.
pub fn about(target: &Path, error: &io::Error) -> io::Error {
    let reason = match error.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code).to_string(),
        None => error.to_string(),
    };
    io::Error::new(
        error.kind(),
        format!("{}: {reason}", crate::shown::path(target)),
    )
}

/// Removes every temporary file still being written, and says how many outputs were
/// complete: for SIGINT and SIGTERM, just before the process exits.
pub fn remove_in_flight() -> (usize, usize) {
    let mut removed = 0;
    if let Ok(mut paths) = IN_FLIGHT.lock() {
        for path in paths.drain(..) {
            removed += usize::from(std::fs::remove_file(&path).is_ok());
        }
    }
    (removed, COMPLETED.load(Ordering::SeqCst))
}

/// A temporary file beside its target; unregistered from [`IN_FLIGHT`] when dropped or
/// renamed into place.
struct Temporary {
    file: Option<tempfile::NamedTempFile>,
    path: PathBuf,
}

impl Temporary {
    /// A temporary file for `target`, in its directory (created if need be), with the
    /// mode (and owner) `target` will have.
    fn for_target(target: &Path) -> io::Result<Temporary> {
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir).map_err(|e| about(dir, &e))?;
        sweep_stale_once(dir);
        let existing = std::fs::metadata(target).ok().filter(Metadata::is_file);
        let prefix = format!("{TEMPORARY_PREFIX}{}-", std::process::id());
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        if existing.is_none() {
            use std::os::unix::fs::PermissionsExt;
            // The system applies the umask to the mode a file is created with.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let file = builder.tempfile_in(dir).map_err(|e| about(target, &e))?;
        if let Some(existing) = &existing {
            keep_owner_and_mode(file.as_file(), existing).map_err(|e| about(target, &e))?;
        }
        let path = file.path().to_path_buf();
        if let Ok(mut paths) = IN_FLIGHT.lock() {
            paths.push(path.clone());
        }
        Ok(Temporary {
            file: Some(file),
            path,
        })
    }

    fn file(&mut self) -> io::Result<&mut tempfile::NamedTempFile> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("the temporary file is gone"))
    }

    /// Syncs the file and renames it to `target`.
    fn persist(mut self, target: &Path) -> io::Result<()> {
        let file = self
            .file
            .take()
            .ok_or_else(|| io::Error::other("the temporary file is gone"))?;
        file.as_file().sync_all().map_err(|e| about(target, &e))?;
        file.persist(target).map_err(|e| about(target, &e.error))?;
        COMPLETED.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if let Ok(mut paths) = IN_FLIGHT.lock() {
            if let Some(i) = paths.iter().rposition(|p| *p == self.path) {
                paths.swap_remove(i);
            }
        }
    }
}

/// Gives `file` the owner (where the process may set it) and mode of `existing`, the file
/// it is to replace.
#[cfg(unix)]
fn keep_owner_and_mode(file: &File, existing: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    // Only root may give a file away; anyone may keep their own uid and set a group they
    // belong to. What cannot be kept is left as the system made it. The owner comes first:
    // changing it clears set-user-id bits.
    if std::os::unix::fs::fchown(file, Some(existing.uid()), Some(existing.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(existing.gid()));
    }
    file.set_permissions(existing.permissions())
}

#[cfg(not(unix))]
fn keep_owner_and_mode(file: &File, existing: &Metadata) -> io::Result<()> {
    file.set_permissions(existing.permissions())
}

/// Removes, once per run and directory, temporary files left in `dir` by runs that are
/// gone: their process id names no running process (where `/proc` tells), or, for names
/// without one, they are more than a day old.
fn sweep_stale_once(dir: &Path) {
    {
        let Ok(mut swept) = SWEPT.lock() else {
            return;
        };
        if !swept
            .get_or_insert_with(HashSet::new)
            .insert(dir.to_path_buf())
        {
            return;
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let proc_tells = Path::new("/proc/self").exists();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let Some(middle) = name
            .strip_prefix(TEMPORARY_PREFIX)
            .and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        let pid = middle
            .split_once('-')
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        let stale = match pid {
            Some(pid) if pid == std::process::id() => false,
            Some(pid) if proc_tells => !Path::new("/proc").join(pid.to_string()).exists(),
            _ => entry
                .metadata()
                .ok()
                .filter(Metadata::is_file)
                .and_then(|m| m.modified().ok())
                .and_then(|modified| SystemTime::now().duration_since(modified).ok())
                .is_some_and(|age| age > STALE_AFTER),
        };
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes `bytes` to `path` so that no reader ever sees a half-written file: the bytes go
/// to a temporary file in the same directory, which is then renamed over `path`. An
/// interrupted run leaves at most a stray temporary file, never a truncated output. A
/// device or FIFO is written in place. Errors name `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if is_special(path) {
        return open_special(path)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|e| about(path, &e));
    }
    let mut temporary = Temporary::for_target(path)?;
    temporary
        .file()?
        .write_all(bytes)
        .map_err(|e| about(path, &e))?;
    temporary.persist(path)
}

/// What `lint --fix` may rewrite besides ordinary files.
#[derive(Debug, Clone, Copy, Default)]
pub struct Protected {
    /// Read-only files (their mode is kept) and files with several hard links (rewritten
    /// in place, so that every name sees the change).
    pub allowed: bool,
}

/// Replaces the content of the post at `path` with `bytes`, as `lint --fix` does: through
/// a symbolic link (the file it points to is rewritten, the link stays), keeping mode and
/// owner. A read-only file or one with several hard links is refused unless `protected`
/// allows it; then a hard-linked file is rewritten in place, so its names stay one file.
pub fn rewrite_post(path: &Path, bytes: &[u8], protected: Protected) -> io::Result<()> {
    let target = if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        std::fs::canonicalize(path).map_err(|e| about(path, &e))?
    } else {
        path.to_path_buf()
    };
    let meta = std::fs::metadata(&target).map_err(|e| about(path, &e))?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{}: not a regular file", crate::shown::path(path)),
        ));
    }
    let links = hard_links(&meta);
    if !protected.allowed {
        let refuse = |why: String| {
            Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{}: {why}; not fixed (--fix-protected rewrites it)",
                    crate::shown::path(path)
                ),
            ))
        };
        if meta.permissions().readonly() {
            return refuse("the file is read-only".to_owned());
        }
        if links > 1 {
            return refuse(format!("the file has {links} hard links"));
        }
    }
    if links > 1 {
        // In place: every name of the file sees the change (not atomic, by necessity).
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&target)
            .map_err(|e| about(path, &e))?;
        file.write_all(bytes).map_err(|e| about(path, &e))?;
        return file.sync_all().map_err(|e| about(path, &e));
    }
    write_atomically(&target, bytes)
}

#[cfg(unix)]
fn hard_links(meta: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn hard_links(_: &Metadata) -> u64 {
    1
}

/// How much an output stream gathers before each write to the system: several posts'
/// worth (a post's JSON is a few KB), so that a run makes one write call per many posts.
pub const BUFFER: usize = 64 * 1024;

/// A file that appears at `path` only when [`AtomicFile::commit`] is called; dropped
/// without it, nothing is left behind. A device or FIFO is written in place.
pub struct AtomicFile {
    target: Target,
}

enum Target {
    Temporary {
        path: PathBuf,
        file: io::BufWriter<tempfile::NamedTempFile>,
        temporary: Temporary,
    },
    Special(io::BufWriter<File>),
}

impl AtomicFile {
    /// Opens the output `path`: a temporary file beside it, or the device or FIFO itself.
    /// Fails at once, naming `path`, when it cannot be written (a directory, a directory
    /// without write permission).
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                format!("{}: is a directory", crate::shown::path(path)),
            ));
        }
        let target = if is_special(path) {
            Target::Special(io::BufWriter::with_capacity(
                BUFFER,
                open_special(path).map_err(|e| about(path, &e))?,
            ))
        } else {
            let mut temporary = Temporary::for_target(path)?;
            let file = temporary
                .file
                .take()
                .ok_or_else(|| io::Error::other("the temporary file is gone"))?;
            Target::Temporary {
                path: path.to_path_buf(),
                file: io::BufWriter::with_capacity(BUFFER, file),
                temporary,
            }
        };
        Ok(AtomicFile { target })
    }

    /// Renames the finished file into place (or flushes the device).
    pub fn commit(self) -> io::Result<()> {
        match self.target {
            Target::Temporary {
                path,
                file,
                mut temporary,
            } => {
                let file = file.into_inner().map_err(|e| about(&path, e.error()))?;
                temporary.file = Some(file);
                temporary.persist(&path)?;
            }
            Target::Special(mut file) => file.flush()?,
        }
        Ok(())
    }
}

impl AtomicFile {
    /// Whether the output can seek: a temporary file can, a device or FIFO cannot.
    pub fn can_seek(&self) -> bool {
        matches!(self.target, Target::Temporary { .. })
    }
}

/// A book's zip goes back to fill in each entry's header: the temporary file can seek,
/// a device or FIFO cannot (`Unsupported`).
impl io::Seek for AtomicFile {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        match &mut self.target {
            Target::Temporary { file, .. } => file.seek(pos),
            Target::Special(_) => Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "an EPUB book needs a regular file, not a device or pipe",
            )),
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.target {
            Target::Temporary { file, .. } => file.write(buf),
            Target::Special(file) => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.target {
            Target::Temporary { file, .. } => file.flush(),
            Target::Special(file) => file.flush(),
        }
    }
}

/// Where a book (a zip, which seeks back to fill in entry headers) is written: the output
/// itself when it can seek, else an anonymous temporary file copied into the device or
/// FIFO at the end.
pub enum SeekableOutput {
    Direct(AtomicFile),
    Spooled {
        spool: io::BufWriter<File>,
        out: AtomicFile,
    },
}

impl SeekableOutput {
    pub fn new(out: AtomicFile) -> io::Result<SeekableOutput> {
        if out.can_seek() {
            return Ok(SeekableOutput::Direct(out));
        }
        let spool = io::BufWriter::with_capacity(BUFFER, tempfile::tempfile()?);
        Ok(SeekableOutput::Spooled { spool, out })
    }

    /// Puts the finished file in place.
    pub fn commit(self) -> io::Result<()> {
        match self {
            SeekableOutput::Direct(out) => out.commit(),
            SeekableOutput::Spooled { spool, mut out } => {
                let mut file = spool
                    .into_inner()
                    .map_err(|e| io::Error::other(e.to_string()))?;
                io::Seek::seek(&mut file, io::SeekFrom::Start(0))?;
                io::copy(&mut file, &mut out)?;
                out.commit()
            }
        }
    }
}

impl Write for SeekableOutput {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            SeekableOutput::Direct(out) => out.write(buf),
            SeekableOutput::Spooled { spool, .. } => spool.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            SeekableOutput::Direct(out) => out.flush(),
            SeekableOutput::Spooled { spool, .. } => spool.flush(),
        }
    }
}

impl io::Seek for SeekableOutput {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        match self {
            SeekableOutput::Direct(out) => out.seek(pos),
            SeekableOutput::Spooled { spool, .. } => spool.seek(pos),
        }
    }
}

/// Characters Windows forbids in file names, plus `%`, which escapes them.
fn needs_escape(c: char) -> bool {
    matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | '\\' | '%') || c.is_control()
}

/// A file-name component legal on Windows, macOS and Linux. Forbidden characters are
/// percent-encoded (and `%` itself), so two different names never map to the same one.
pub fn safe_component(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if needs_escape(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    // Windows also drops trailing dots and spaces.
    if let Some(last) = out.pop() {
        match last {
            '.' => out.push_str("%2E"),
            ' ' => out.push_str("%20"),
            other => out.push(other),
        }
    }
    out
}

/// The output path for `input` found under `root`: the same relative path under
/// `out_dir`, each component made safe, the extension replaced by `extension`.
pub fn mirrored_path(out_dir: &Path, root: &Path, input: &Path, extension: &str) -> PathBuf {
    let relative = input
        .strip_prefix(root)
        .ok()
        .filter(|r| !r.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new(input.file_name().unwrap_or(input.as_os_str())));
    let mut out = out_dir.to_path_buf();
    let parts: Vec<_> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            let stem = Path::new(part)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| part.clone());
            out.push(format!("{}.{extension}", safe_component(&stem)));
        } else {
            out.push(safe_component(part));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_safe_without_collisions() {
        assert_eq!(safe_component("a?b"), "a%3Fb");
        assert_eq!(safe_component("a%3Fb"), "a%253Fb");
        assert_eq!(safe_component("区块链 | 706"), "区块链 %7C 706");
        assert_eq!(safe_component("x."), "x%2E");
        assert_ne!(safe_component("a?"), safe_component("a_"));
    }

    #[test]
    fn outputs_mirror_the_input_tree() {
        let out = mirrored_path(
            Path::new("out"),
            Path::new("in"),
            Path::new("in/2024/a:b.md"),
            "json",
        );
        assert_eq!(out, Path::new("out/2024/a%3Ab.json"));
        let out = mirrored_path(
            Path::new("out"),
            Path::new("in/x.md"),
            Path::new("in/x.md"),
            "txt",
        );
        assert_eq!(out, Path::new("out/x.txt"));
    }
}
