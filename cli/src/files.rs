//! Finding posts: files given, and every `*.md` / `*.markdown` below directories given
//! (the library's walk, [`newspost::archive::Walk`]), with the command line's messages.

use std::io;
use std::path::PathBuf;

use newspost::archive::{PostFile, PostFilter, Walk, WalkError};

use crate::select::{Selected, Selection};

/// How a walk treats symbolic links to posts.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct LinkArgs {
    /// Read posts whose symbolic links lead out of the directory they were found under
    /// (by default they are reported and not read).
    #[arg(long)]
    pub follow_links_out: bool,
}

/// Prints what was skipped; returns whether any of it is a failure (exit 1: an unreadable
/// directory), not just a warning (a broken or outward link).
pub fn report_skipped(skipped: &[WalkError]) -> bool {
    for s in skipped {
        let level = if s.is_failure() { "" } else { "warning: " };
        eprintln!(
            "newspost: {level}{}: {}",
            crate::shown::path(s.path()),
            crate::shown::text(&reason(s))
        );
    }
    skipped.iter().any(WalkError::is_failure)
}

/// Why a walk did not take something, as the command line words it.
fn reason(skipped: &WalkError) -> String {
    let target = |target: &Option<PathBuf>| {
        target
            .as_deref()
            .map(crate::shown::path)
            .unwrap_or_default()
    };
    match skipped {
        WalkError::UnreadableDir { source, .. } => format!("cannot read the directory: {source}"),
        WalkError::UnreadableEntry { source, .. } => format!("cannot read: {source}"),
        WalkError::BrokenLink { target: to, .. } => {
            format!("broken symbolic link (to {}); skipped", target(to))
        }
        WalkError::LinkUnfollowable {
            target: to, source, ..
        } => format!(
            "symbolic link (to {}) cannot be followed: {source}; skipped",
            target(to)
        ),
        WalkError::LinkOutside { resolved, root, .. } => format!(
            "symbolic link to {}, outside {}; not read (--follow-links-out reads it)",
            crate::shown::path(resolved),
            crate::shown::path(root)
        ),
        other => other.to_string(),
    }
}

/// Every post under `paths`, sorted by path, with the argument it was found under, and
/// what the walk skipped; a file given by name is taken whatever its extension. Fails on
/// a path that does not exist.
pub fn collect_inputs(
    paths: &[PathBuf],
    links: LinkArgs,
) -> io::Result<(Vec<PostFile>, Vec<WalkError>)> {
    collect(&Walk::new(paths).follow_links_out(links.follow_links_out))
}

/// [`collect_inputs`]' paths, below directories only the files `selection` counts as posts.
/// With `force`, files named in `paths` are held to the selection too (for a list of
/// changed files from git or pre-commit).
pub fn collect_selected(
    paths: &[PathBuf],
    selection: &Selection,
    force: bool,
    links: LinkArgs,
) -> io::Result<(Vec<PathBuf>, Vec<WalkError>)> {
    let walk = Walk::new(paths)
        .follow_links_out(links.follow_links_out)
        .with_filter(Selected { selection, force });
    let (posts, skipped) = collect(&walk)?;
    Ok((posts.into_iter().map(|p| p.path).collect(), skipped))
}

/// The walk's posts and skips; a root that does not exist is the run's error.
fn collect<F: PostFilter>(walk: &Walk<F>) -> io::Result<(Vec<PostFile>, Vec<WalkError>)> {
    match walk.collect() {
        Ok(walked) => Ok((walked.posts, walked.skipped)),
        Err(WalkError::Root { path, source }) => Err(io::Error::new(
            source.kind(),
            format!("{}: {source}", crate::shown::path(&path)),
        )),
        Err(other) => Err(io::Error::other(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use newspost::archive::WalkError;

    #[test]
    fn skipped_entries_are_worded_as_before() {
        let dir = tempfile::tempdir().expect("temp dir");
        let gone = dir.path().join("gone");
        let error = WalkError::UnreadableDir {
            path: gone.clone(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        };
        assert!(super::reason(&error).starts_with("cannot read the directory: "));
        let outside = WalkError::LinkOutside {
            path: gone.join("a.md"),
            resolved: "/elsewhere/a.md".into(),
            root: "posts".into(),
        };
        assert_eq!(
            super::reason(&outside),
            "symbolic link to /elsewhere/a.md, outside posts; not read (--follow-links-out reads it)"
        );
        let broken = WalkError::BrokenLink {
            path: gone,
            target: None,
        };
        assert_eq!(
            super::reason(&broken),
            "broken symbolic link (to ); skipped"
        );
    }
}
