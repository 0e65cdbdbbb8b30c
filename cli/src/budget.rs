//! A bound on the memory of a parallel batch: posts so large that a few of them at once
//! could exhaust memory are worked on one at a time.
//!
//! Parsing takes up to about 30 bytes of memory per input byte (docs/testing.md), so a
//! post at the 64 MiB input limit may take 2 GB. Every post larger than [`LARGE_POST`]
//! holds one process-wide lock while it is read, parsed and rendered, so that the batch's
//! peak is at most one large post plus, on each other thread, one post under the
//! threshold (about 250 MB): with `-j N`, about 2 GB + (N − 1) × 250 MB, whatever the
//! archive.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

/// Posts larger than this are worked on one at a time.
pub const LARGE_POST: u64 = 8 << 20;

static LARGE: Mutex<()> = Mutex::new(());

/// Held while a large post is worked on; `None` for other posts.
pub type Admission = Option<MutexGuard<'static, ()>>;

/// Waits, for a post of `len` bytes over [`LARGE_POST`], until no other large post is
/// being worked on.
pub fn admit(len: u64) -> Admission {
    (len > LARGE_POST).then(|| {
        LARGE
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    })
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
        assert!(admit(LARGE_POST).is_none());
        let first = admit(LARGE_POST + 1);
        assert!(first.is_some());
        // A second large post waits while the first is held.
        assert!(LARGE.try_lock().is_err());
        drop(first);
        assert!(LARGE.try_lock().is_ok());
        assert!(admit(0).is_none());
    }
}
