//! Running one job over many posts: on several threads, results in path order, with a
//! bounded window of posts in flight.

use std::collections::VecDeque;
use std::num::NonZeroUsize;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::{mpsc, Condvar, Mutex};
use std::thread;

use super::budget;

/// How many posts are in flight at once, per thread: enough to keep every core busy
/// between two ordered results, few enough that memory does not grow with the archive.
pub const POSTS_PER_THREAD_IN_FLIGHT: usize = 64;

/// The most posts handed to a thread at once.
const MAX_RUN: usize = 16;

/// Where the threads of a [`Runner`] start: a hook for a caller that places threads on
/// CPUs itself (a command line on a virtual machine whose kernel packs new threads onto
/// the spawning thread's CPU). Created for each run that has more than one thread.
pub trait Placement: Sync {
    /// Runs `spawn`, which starts the `n`th helper thread (from 1).
    fn spawn_nth(&self, n: usize, spawn: &mut dyn FnMut());
    /// Called first thing on each helper thread, and on the calling thread once every
    /// helper is started.
    fn release(&self);
}

/// A function that gives a run its [`Placement`], or `None` to spawn plainly.
pub type PlacementFactory = fn() -> Option<Box<dyn Placement>>;

/// Why a [`Runner::run`] stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError<E> {
    /// The sink failed: the run stopped without waiting for the posts after it.
    #[error(transparent)]
    Sink(E),
    /// The helper threads ended before every post was worked on.
    #[error("the worker threads ended early")]
    WorkersEnded,
}

/// Maps a job over many posts in parallel and hands the results, in order, to a sink on
/// the calling thread.
///
/// At most [`Runner::window`] posts are handed out ahead of the next one to sink, so
/// memory stays bounded whatever the number of posts, and no thread waits for the others
/// between batches. Posts larger than [`LARGE_POST`](super::LARGE_POST) are worked on
/// one at a time ([`admit_file`](super::admit_file)) unless [`Runner::admit_large`] turns
/// that off. With one thread, everything happens on the calling thread.
///
/// ```
/// use newspost::archive::Runner;
/// let files: Vec<String> = (0..100).map(|i| format!("{i:03}.md")).collect();
/// let mut seen = Vec::new();
/// Runner::new()
///     .with_threads(4)
///     .admit_large(false) // the names are not files
///     .run(&files, |name| name.len(), |name, len| {
///         seen.push(name.clone()); // in order, whatever thread did the work
///         assert_eq!(len, 6);
///         Ok::<(), std::convert::Infallible>(())
///     })
///     .unwrap();
/// assert_eq!(seen, files);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Runner {
    threads: Option<usize>,
    admit_large: bool,
    placement: Option<PlacementFactory>,
}

impl Default for Runner {
    fn default() -> Self {
        Runner::new()
    }
}

impl Runner {
    /// A runner on every core, admitting large posts one at a time.
    pub fn new() -> Self {
        Runner {
            threads: None,
            admit_large: true,
            placement: None,
        }
    }

    /// At most `threads` threads, the calling one included (`None`: one per core; 0
    /// counts as 1).
    pub fn with_threads(mut self, threads: impl Into<Option<usize>>) -> Self {
        self.threads = threads.into();
        self
    }

    /// Whether posts larger than [`LARGE_POST`](super::LARGE_POST) wait for each other
    /// (by their file's size). On by default.
    pub fn admit_large(mut self, admit: bool) -> Self {
        self.admit_large = admit;
        self
    }

    /// Starts the helper threads through the [`Placement`] `factory` gives.
    pub fn with_placement(mut self, factory: PlacementFactory) -> Self {
        self.placement = Some(factory);
        self
    }

    /// The threads asked for (one per core by default).
    pub fn jobs(&self) -> usize {
        self.threads
            .unwrap_or_else(|| thread::available_parallelism().map_or(1, NonZeroUsize::get))
            .max(1)
    }

    /// How many consecutive posts go to a thread at once, for `posts` posts: runs rather
    /// than single posts, so that threads wake each other less often; short enough that a
    /// small batch still spreads over every thread.
    fn run_len(&self, posts: usize) -> usize {
        (posts / self.jobs().saturating_mul(4)).clamp(1, MAX_RUN)
    }

    /// The threads a run of `posts` posts uses: no more than there are runs.
    pub fn threads_for(&self, posts: usize) -> usize {
        self.jobs().min(posts.div_ceil(self.run_len(posts))).max(1)
    }

    /// The most posts in flight (worked on or waiting for the sink) at once in a run of
    /// `posts` posts.
    pub fn window(&self, posts: usize) -> usize {
        self.threads_for(posts)
            .saturating_mul(POSTS_PER_THREAD_IN_FLIGHT)
    }

    /// Maps `work` over `files` and hands each result to `sink` in order. `work` runs in
    /// parallel and returns owned data (the parser's trees are not `Send`, so each post
    /// is parsed where it is worked on); `sink` runs on the calling thread, between the
    /// runs of posts that thread works on itself. A panic in `work` is raised again on
    /// the calling thread; a sink error ends the run at once.
    pub fn run<P, T, E, W, S>(&self, files: &[P], work: W, mut sink: S) -> Result<(), RunError<E>>
    where
        P: AsRef<Path> + Sync,
        T: Send,
        W: Fn(&P) -> T + Sync,
        S: FnMut(&P, T) -> Result<(), E>,
    {
        let run_len = self.run_len(files.len());
        let threads = self.threads_for(files.len());
        let window = self.window(files.len());
        let admit_large = self.admit_large;

        // A panic in `work` is caught and raised again on the calling thread, so that no
        // thread waits for a result that never comes.
        let work_on = |run: Range<usize>| -> Vec<thread::Result<T>> {
            files
                .get(run)
                .unwrap_or_default()
                .iter()
                .map(|file| {
                    panic::catch_unwind(AssertUnwindSafe(|| {
                        let _admitted = admit_large.then(|| budget::admit_file(file.as_ref()));
                        work(file)
                    }))
                })
                .collect()
        };
        // Runs go out through `queue`; the other threads' results come back, in any order,
        // through `results`, and wait in `ready` until every post before them is sunk.
        let queue = RunQueue::default();
        let (result_sender, results) = mpsc::channel::<(usize, Vec<thread::Result<T>>)>();
        let placement = if threads > 1 {
            self.placement.and_then(|factory| factory())
        } else {
            None
        };
        let placement = placement.as_deref();
        thread::scope(|scope| {
            // However this closure is left (done, a sink error, a panic), the others stop.
            let _close = CloseOnDrop(&queue);
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
                let mut helper = Some(helper);
                let mut spawned = None;
                let mut spawn = || {
                    if let Some(helper) = helper.take() {
                        spawned = Some(thread::Builder::new().spawn_scoped(scope, helper));
                    }
                };
                match placement {
                    Some(placement) => placement.spawn_nth(n, &mut spawn),
                    None => spawn(),
                }
                // The system refused a thread (far more asked for than it allows): go on
                // with those there are; this one works on runs too.
                if !matches!(spawned, Some(Ok(_))) {
                    break;
                }
            }
            if let Some(placement) = placement {
                placement.release();
            }
            drop(result_sender);
            let mut handed_out = 0;
            let mut hand_out = |sunk: usize| {
                while handed_out < files.len() && handed_out < sunk + window {
                    let end = (handed_out + run_len).min(files.len());
                    queue.push(handed_out..end);
                    handed_out = end;
                }
            };
            hand_out(0);
            let mut ready: VecDeque<Option<T>> = VecDeque::new();
            let mut sunk = 0;
            while sunk < files.len() {
                // What the others finished, else a run of our own, else wait for them.
                let (start, done) = match results.try_recv() {
                    Ok(finished) => finished,
                    Err(_) => match queue.try_pop() {
                        Some(run) => (run.start, work_on(run)),
                        None => results.recv().map_err(|_| RunError::WorkersEnded)?,
                    },
                };
                // Only posts not sunk yet are handed out, so `start >= sunk`.
                let first = start.saturating_sub(sunk);
                if ready.len() < first + done.len() {
                    ready.resize_with(first + done.len(), || None);
                }
                for (slot, result) in ready.iter_mut().skip(first).zip(done) {
                    *slot = Some(result.unwrap_or_else(|payload| panic::resume_unwind(payload)));
                }
                while let Some(result) = ready.front_mut().and_then(Option::take) {
                    ready.pop_front();
                    let file = &files[sunk];
                    sunk += 1;
                    sink(file, result).map_err(RunError::Sink)?;
                }
                hand_out(sunk);
            }
            Ok(())
        })
    }
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
