//! The line that ends a run on standard error: what was done, with the right plurals, and
//! how long the whole command took (an EPUB's build and the cross-file rules included).

use std::time::{Duration, Instant};

use crate::batch::Tally;

/// `count` and `noun`, in the plural unless there is one (`1 post`, `2 posts`, `0 posts`).
pub fn count(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// When the command started, for the summary's timing.
#[derive(Debug, Clone, Copy)]
pub struct Clock(Instant);

impl Clock {
    pub fn start() -> Self {
        Clock(Instant::now())
    }

    pub fn elapsed(self) -> Duration {
        self.0.elapsed()
    }
}

/// `newspost: 3 posts, 0 failed, 1 error, 2 warnings, 0.1 MB in 0.25 s (0.4 MB/s)`.
pub fn line(tally: &Tally, elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    let megabytes = tally.bytes as f64 / 1e6;
    let rate = if seconds > 0.0 {
        megabytes / seconds
    } else {
        0.0
    };
    format!(
        "newspost: {}, {} failed, {}, {}, {:.1} MB in {:.2} s ({:.1} MB/s)",
        count(tally.posts, "post"),
        tally.failed,
        count(tally.errors, "error"),
        count(tally.warnings, "warning"),
        megabytes,
        seconds,
        rate
    )
}

/// The warning for a run that found nothing to work on.
pub fn no_post_found(paths: &[std::path::PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| crate::shown::path(p)).collect();
    format!(
        "newspost: warning: no post found in {} (posts are files named *.md or *.markdown; \
         see `include` and `exclude` in docs/ci.md for which files count)",
        names.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "post"), "1 post");
        assert_eq!(count(0, "post"), "0 posts");
        assert_eq!(count(2, "warning"), "2 warnings");
    }

    #[test]
    fn the_line_says_what_was_done_and_how_fast() {
        let tally = Tally {
            posts: 1,
            failed: 0,
            errors: 1,
            warnings: 2,
            bytes: 2_000_000,
        };
        assert_eq!(
            line(&tally, Duration::from_secs(2)),
            "newspost: 1 post, 0 failed, 1 error, 2 warnings, 2.0 MB in 2.00 s (1.0 MB/s)"
        );
    }
}
