//! Running one job over many posts: in parallel, in path order, with bounded memory, a
//! and a progress bar on a terminal.

use std::collections::VecDeque;
use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{mpsc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::placement::Placement;

/// How many posts are in flight at once: enough to keep every core busy between two
/// ordered writes, few enough that memory does not grow with the archive.
const POSTS_PER_THREAD_IN_FLIGHT: usize = 64;

/// The most posts handed to a worker at once.
const MAX_RUN: usize = 16;

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

/// Maps `work` over `files` on `args.jobs` threads (the calling one included) and hands
/// each result to `sink` in path order. `work` runs in parallel and must return owned data
/// (html5ever's trees are not `Send`, so each task parses on its own); `sink` runs on the
/// calling thread, between the runs of posts that thread works on itself. Returns the sum
/// of the tallies `sink` reports.
///
/// At most a window of posts is handed out ahead of the next one to write, so memory stays
/// bounded whatever the number of posts, and no thread waits for the others between
/// batches. With one job, everything happens on the calling thread.
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
    let jobs = args
        .jobs
        .unwrap_or_else(|| thread::available_parallelism().map_or(1, NonZeroUsize::get))
        .max(1);
    // Runs of consecutive posts rather than single posts, so that threads wake each other
    // less often; short enough that a small batch still spreads over every thread.
    let run_len = (files.len() / jobs.saturating_mul(4)).clamp(1, MAX_RUN);
    // No more threads than there are runs.
    let threads = jobs.min(files.len().div_ceil(run_len)).max(1);
    let window = threads.saturating_mul(POSTS_PER_THREAD_IN_FLIGHT);

    let started = Instant::now();
    let progress =
        ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::hidden());
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} posts {elapsed} (eta {eta}) {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let show_progress = !args.quiet && std::io::stderr().is_terminal();

    // A panic in `work` is caught and raised again on the calling thread, so that no thread
    // waits for a result that never comes.
    let work_on = |run: Range<usize>| -> Vec<thread::Result<T>> {
        files
            .get(run)
            .unwrap_or_default()
            .iter()
            .map(|path| panic::catch_unwind(AssertUnwindSafe(|| work(path))))
            .collect()
    };
    // Runs go out through `queue`; the other threads' results come back, in any order,
    // through `results`, and wait in `ready` until every post before them is written.
    let queue = RunQueue::default();
    let (result_sender, results) = mpsc::channel::<(usize, Vec<thread::Result<T>>)>();
    let mut tally = Tally::default();
    thread::scope(|scope| {
        // However this closure is left (done, a sink error, a panic), the others stop.
        let _close = CloseOnDrop(&queue);
        let placement = if threads > 1 { Placement::new() } else { None };
        for n in 1..threads {
            let result_sender = result_sender.clone();
            let (queue, work_on) = (&queue, &work_on);
            let helper = move || {
                if let Some(placement) = placement {
                    placement.release();
                }
                while let Some(run) = queue.pop() {
                    if result_sender.send((run.start, work_on(run))).is_err() {
                        break;
                    }
                }
            };
            let spawn = || thread::Builder::new().spawn_scoped(scope, helper);
            let helper = match placement {
                Some(placement) => placement.spawn_nth(n, spawn),
                None => spawn(),
            };
            // The system refused a thread (`-j` far beyond what it allows): go on with
            // those there are; this one works on runs too.
            if helper.is_err() {
                break;
            }
        }
        if let Some(placement) = placement {
            placement.release();
        }
        drop(result_sender);
        let mut handed_out = 0;
        let mut hand_out = |written: usize| {
            while handed_out < files.len() && handed_out < written + window {
                let end = (handed_out + run_len).min(files.len());
                queue.push(handed_out..end);
                handed_out = end;
            }
        };
        hand_out(0);
        let mut ready: VecDeque<Option<T>> = VecDeque::new();
        let mut written = 0;
        while written < files.len() {
            // What the others finished, else a run of our own, else wait for the others.
            let (start, done) = match results.try_recv() {
                Ok(finished) => finished,
                Err(_) => match queue.try_pop() {
                    Some(run) => (run.start, work_on(run)),
                    None => results
                        .recv()
                        .map_err(|_| "the worker threads ended early")?,
                },
            };
            // Only posts not written yet are handed out, so `start >= written`.
            let first = start.saturating_sub(written);
            if ready.len() < first + done.len() {
                ready.resize_with(first + done.len(), || None);
            }
            for (slot, result) in ready.iter_mut().skip(first).zip(done) {
                *slot = Some(result.unwrap_or_else(|payload| panic::resume_unwind(payload)));
            }
            while let Some(result) = ready.front_mut().and_then(Option::take) {
                ready.pop_front();
                let path = &files[written];
                written += 1;
                tally.add(sink(path, result)?);
                progress.inc(1);
            }
            hand_out(written);
            if show_progress && progress.is_hidden() && started.elapsed() > PROGRESS_DELAY {
                progress.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
        Ok::<(), Box<dyn std::error::Error>>(())
    })?;
    progress.finish_and_clear();
    Ok(tally)
}

/// The runs of posts not taken yet, and whether more will come.
#[derive(Default)]
struct RunQueue {
    state: Mutex<(VecDeque<Range<usize>>, bool)>,
    changed: Condvar,
}

impl RunQueue {
    fn push(&self, run: Range<usize>) {
        if let Ok(mut state) = self.state.lock() {
            state.0.push_back(run);
        }
        self.changed.notify_one();
    }

    /// No more runs: the threads waiting in [`RunQueue::pop`] get `None`.
    fn close(&self) {
        if let Ok(mut state) = self.state.lock() {
            // Runs not taken yet are not needed any more (the run ended or failed).
            state.0.clear();
            state.1 = true;
        }
        self.changed.notify_all();
    }

    /// The next run if one is waiting.
    fn try_pop(&self) -> Option<Range<usize>> {
        self.state.lock().ok()?.0.pop_front()
    }

    /// The next run, waiting for one; `None` once the queue is closed and empty.
    fn pop(&self) -> Option<Range<usize>> {
        let mut state = self.state.lock().ok()?;
        loop {
            if let Some(run) = state.0.pop_front() {
                return Some(run);
            }
            if state.1 {
                return None;
            }
            state = self.changed.wait(state).ok()?;
        }
    }
}

struct CloseOnDrop<'a>(&'a RunQueue);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests {
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
