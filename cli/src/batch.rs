//! Running one job over many posts: the library's ordered, bounded runner, with the
//! command line's `-j`, thread placement and progress bar.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newspost::archive::{RunError, Runner};

/// The progress bar appears only for runs that last longer than this.
const PROGRESS_DELAY: Duration = Duration::from_millis(500);

/// Options shared by every batch command.
#[derive(Debug, Clone, clap::Args)]
pub struct BatchArgs {
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<usize>,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Counts for the summary line (`crate::summary`).
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub posts: usize,
    pub failed: usize,
    pub errors: usize,
    pub warnings: usize,
    pub bytes: u64,
}

impl Tally {
    pub fn add(&mut self, other: Tally) {
        self.posts += other.posts;
        self.failed += other.failed;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.bytes += other.bytes;
    }
}

/// Maps `work` over `files` on `args.jobs` threads (the calling one included; the
/// library's [`Runner`], its threads placed by [`crate::placement`]) and hands each
/// result to `sink` in path order, with a progress bar on a terminal. `work` runs in
/// parallel and must return owned data; `sink` runs on the calling thread. Posts over
/// [`newspost::archive::LARGE_POST`] are worked on one at a time. Returns the sum of the
/// tallies `sink` reports.
pub fn run<T, W, S>(
    files: &[PathBuf],
    args: &BatchArgs,
    work: W,
    mut sink: S,
) -> Result<Tally, Box<dyn std::error::Error>>
where
    T: Send,
    W: Fn(&PathBuf) -> T + Sync,
    S: FnMut(&PathBuf, T) -> Result<Tally, Box<dyn std::error::Error>>,
{
    let runner = Runner::new()
        .with_threads(args.jobs)
        .with_placement(crate::placement::factory);
    let started = Instant::now();
    let progress =
        ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::hidden());
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} posts {elapsed} (eta {eta}) {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let mut tally = Tally::default();
    runner
        .run(files, work, |path, result| {
            tally.add(sink(path, result)?);
            progress.inc(1);
            if show_progress && progress.is_hidden() && started.elapsed() > PROGRESS_DELAY {
                progress.set_draw_target(ProgressDrawTarget::stderr());
            }
            Ok(())
        })
        .map_err(|e: RunError<Box<dyn std::error::Error>>| match e {
            RunError::Sink(e) => e,
            other => other.to_string().into(),
        })?;
    progress.finish_and_clear();
    Ok(tally)
}

#[cfg(test)]
mod tests {
    use std::panic::{self, AssertUnwindSafe};
    use std::thread;

    use super::*;

    fn args(jobs: usize) -> BatchArgs {
        BatchArgs {
            jobs: Some(jobs),
            quiet: true,
        }
    }

    fn files(n: usize) -> Vec<PathBuf> {
        (0..n)
            .map(|i| PathBuf::from(format!("{i:05}.md")))
            .collect()
    }

    /// Uneven work (some posts far slower than others) still reaches the sink in order.
    fn index_after_uneven_work(path: &std::path::Path) -> usize {
        let i: usize = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.parse().ok())
            .unwrap_or_default();
        if i.is_multiple_of(37) {
            thread::sleep(Duration::from_millis(2));
        }
        i
    }

    #[test]
    fn results_reach_the_sink_in_path_order() {
        for jobs in [1, 2, 4] {
            let files = files(1000);
            let mut seen = Vec::new();
            let tally = run(
                &files,
                &args(jobs),
                |p| index_after_uneven_work(p),
                |path, i| {
                    assert_eq!(path, &files[i]);
                    seen.push(i);
                    Ok(Tally {
                        posts: 1,
                        ..Tally::default()
                    })
                },
            )
            .expect("run");
            assert_eq!(seen, (0..1000).collect::<Vec<_>>(), "{jobs} jobs");
            assert_eq!(tally.posts, 1000);
        }
    }

    #[test]
    fn small_batches_and_many_jobs_are_fine() {
        for (n, jobs) in [(0, 4), (1, 4), (3, 64), (40, 8), (100, 100_000)] {
            let files = files(n);
            let mut seen = Vec::new();
            run(
                &files,
                &args(jobs),
                |p| index_after_uneven_work(p),
                |_, i| {
                    seen.push(i);
                    Ok(Tally::default())
                },
            )
            .expect("run");
            assert_eq!(seen, (0..n).collect::<Vec<_>>(), "{n} files, {jobs} jobs");
        }
    }

    #[test]
    fn a_sink_error_ends_the_run_without_waiting_for_the_rest() {
        let files = files(5000);
        let mut written = 0;
        let result = run(
            &files,
            &args(2),
            |p| index_after_uneven_work(p),
            |_, i| {
                written += 1;
                if i == 100 {
                    return Err("disk full".into());
                }
                Ok(Tally::default())
            },
        );
        assert_eq!(
            result.map_err(|e| e.to_string()).err().as_deref(),
            Some("disk full")
        );
        assert_eq!(written, 101);
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller() {
        let files = files(500);
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            run(
                &files,
                &args(2),
                |path| {
                    assert!(path != &PathBuf::from("00250.md"), "bad post");
                },
                |_, ()| Ok(Tally::default()),
            )
        }));
        assert!(outcome.is_err());
    }
}
