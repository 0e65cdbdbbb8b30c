//! Running one job over many posts: in parallel, in path order, with bounded memory, a
//! progress bar on a terminal, and a summary at the end.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

/// How many posts are in flight at once: enough to keep every core busy between two
/// ordered writes, few enough that memory does not grow with the archive.
const POSTS_PER_THREAD_IN_FLIGHT: usize = 64;

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

/// Counts for the summary line.
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

/// Maps `work` over `files` on a pool of `args.jobs` threads and hands each result to
/// `sink` in path order. `work` runs in parallel and must return owned data (html5ever's
/// trees are not `Send`, so each task parses on its own); `sink` runs on the calling
/// thread. Returns the sum of the tallies `sink` reports.
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
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = args.jobs {
        builder = builder.num_threads(jobs.max(1));
    }
    let pool = builder.build()?;
    let window = pool.current_num_threads() * POSTS_PER_THREAD_IN_FLIGHT;

    let started = Instant::now();
    let progress =
        ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::hidden());
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} posts {elapsed} (eta {eta}) {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let show_progress = !args.quiet && std::io::stderr().is_terminal();

    let mut tally = Tally::default();
    for chunk in files.chunks(window.max(1)) {
        let results: Vec<T> = pool.install(|| chunk.par_iter().map(&work).collect());
        for (path, result) in chunk.iter().zip(results) {
            tally.add(sink(path, result)?);
        }
        progress.inc(chunk.len() as u64);
        if show_progress && progress.is_hidden() && started.elapsed() > PROGRESS_DELAY {
            progress.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
    progress.finish_and_clear();
    if !args.quiet {
        eprintln!("{}", summary(&tally, started.elapsed()));
    }
    Ok(tally)
}

fn summary(tally: &Tally, elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    let megabytes = tally.bytes as f64 / 1e6;
    let rate = if seconds > 0.0 {
        megabytes / seconds
    } else {
        0.0
    };
    format!(
        "newspost: {} posts, {} failed, {} errors, {} warnings, {:.1} MB in {:.2} s ({:.1} MB/s)",
        tally.posts, tally.failed, tally.errors, tally.warnings, megabytes, seconds, rate
    )
}
