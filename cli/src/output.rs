//! Writing outputs: atomically (temporary file + rename), and under names that are legal on
//! every platform.

use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

/// Whether `path` names something other than a regular file or a directory: a device
/// (`/dev/null`, `/dev/stdout`), a FIFO, a socket. Such a target is written in place:
/// renaming a temporary file over it would replace it with a plain file.
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Opens a special target (see [`is_special`]) for writing, as it is.
fn open_special(path: &Path) -> io::Result<std::fs::File> {
    std::fs::OpenOptions::new().write(true).open(path)
}

/// A temporary file beside `path`, in a directory created if need be.
fn temporary_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    tempfile::Builder::new()
        .prefix(".newspost-")
        .suffix(".tmp")
        .tempfile_in(dir)
}

/// Writes `bytes` to `path` so that no reader ever sees a half-written file: the bytes go
/// to a temporary file in the same directory, which is then renamed over `path`. An
/// interrupted run leaves at most a stray temporary file, never a truncated output. A
/// device or FIFO is written in place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if is_special(path) {
        return open_special(path)?.write_all(bytes);
    }
    let mut file = temporary_beside(path)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
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
    },
    Special(io::BufWriter<std::fs::File>),
}

impl AtomicFile {
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let target = if is_special(path) {
            Target::Special(io::BufWriter::with_capacity(BUFFER, open_special(path)?))
        } else {
            Target::Temporary {
                path: path.to_path_buf(),
                file: io::BufWriter::with_capacity(BUFFER, temporary_beside(path)?),
            }
        };
        Ok(AtomicFile { target })
    }

    pub fn commit(self) -> io::Result<()> {
        match self.target {
            Target::Temporary { path, file } => {
                let file = file.into_inner().map_err(|e| e.into_error())?;
                file.as_file().sync_all()?;
                file.persist(&path).map_err(|e| e.error)?;
            }
            Target::Special(mut file) => file.flush()?,
        }
        Ok(())
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
