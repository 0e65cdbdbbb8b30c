//! A bound on the memory of a parallel run: posts so large that a few of them at once
//! could exhaust memory are worked on one at a time.
//!
//! Parsing takes up to about 30 bytes of memory per input byte (docs/testing.md), so a
//! post at the 64 MiB input limit may take 2 GB. Every post larger than [`LARGE_POST`]
//! holds one process-wide lock while it is read, parsed and rendered, so that a run's
//! peak is at most one large post plus, on each other thread, one post under the
//! threshold (about 250 MB): with N threads, about 2 GB + (N − 1) × 250 MB, whatever the
//! archive.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

/// Posts larger than this (in bytes) are worked on one at a time.
pub const LARGE_POST: u64 = 8 << 20;

static LARGE: Mutex<()> = Mutex::new(());

/// Held while a large post is worked on (see [`admit`]).
#[derive(Debug)]
#[must_use = "the post is admitted while this is held"]
pub struct Admission {
    held: Option<MutexGuard<'static, ()>>,
}

impl Admission {
    /// Whether this admission holds the large-post lock.
    pub fn is_large(&self) -> bool {
        self.held.is_some()
    }
}

/// Waits, for a post of `len` bytes over [`LARGE_POST`], until no other large post is
/// being worked on; returns at once for other posts.
///
/// ```
/// use newspost::archive::{admit, LARGE_POST};
/// assert!(!admit(1000).is_large());
/// let held = admit(LARGE_POST + 1); // a second large post would wait here
/// assert!(held.is_large());
/// ```
pub fn admit(len: u64) -> Admission {
    Admission {
        held: (len > LARGE_POST).then(|| {
            LARGE
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        }),
    }
}

/// [`admit`] for the file at `path` (its size as the file system gives it; a file whose
/// size cannot be read is admitted at once: reading it will fail or be bounded).
pub fn admit_file(path: &Path) -> Admission {
    admit(std::fs::metadata(path).map_or(0, |m| m.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_large_posts_wait_for_each_other() {
        assert!(!admit(LARGE_POST).is_large());
        let first = admit(LARGE_POST + 1);
        assert!(first.is_large());
        // A second large post waits while the first is held.
        assert!(LARGE.try_lock().is_err());
        drop(first);
        assert!(LARGE.try_lock().is_ok());
        assert!(!admit(0).is_large());
    }
}
