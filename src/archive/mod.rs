//! Whole archives: the posts of directories in path order, worked on in parallel with
//! results in order and bounded memory, linted with the cross-file rules, and made into
//! books one post at a time.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use newspost::archive::{read_text, Runner, Walk};
//! # let dir = tempfile::tempdir()?;
//! # std::fs::write(dir.path().join("a.md"), "---\ntitle: t\n---\n<p>x</p>\n")?;
//! # let archive = dir.path();
//! let walked = Walk::new([archive]).collect()?;
//! for skipped in &walked.skipped {
//!     eprintln!("skipped: {skipped}"); // typed: unreadable directory, link out of tree…
//! }
//! let mut titles = Vec::new();
//! Runner::new().run(
//!     &walked.posts,
//!     |file| read_text(&file.path, 64 << 20).map(|text| newspost::parse_lenient(&text)),
//!     |file, parsed| {
//!         match parsed {
//!             Ok(parsed) => titles.push(parsed.post.title().map(str::to_owned)),
//!             Err(e) => eprintln!("{}: {e}", file.path.display()), // and go on
//!         }
//!         Ok::<(), std::convert::Infallible>(())
//!     },
//! )?;
//! assert_eq!(titles, [Some("t".to_owned())]);
//! # Ok(())
//! # }
//! ```
//!
//! # Architecture
//!
//! The archive layer sits above parse, lint and convert and below the command line: it
//! adds the file system and threads to the library's per-post functions, and nothing
//! under it imports it. Its parts, one concern each:
//!
//! - [`Walk`] (walk.rs): which files are posts and their order. The order is `Path`'s
//!   (component by component) whatever the number of roots: each directory's names are
//!   sorted and a subdirectory's posts come where its name sorts, so a walk streams
//!   ([`Walk::iter`]) and several roots merge. What a walk cannot take is a
//!   [`WalkError`], reported and passed over. Which files count is a [`PostFilter`]:
//!   [`PostExtension`] here, a command line's globs in the command line.
//! - [`read_post`] / [`read_text`] (read.rs): a file within the input limit, refused by
//!   its size before it is read; [`ReadError`] tells the reasons apart.
//! - [`Runner`] (run.rs): a job mapped over posts on scoped threads (no thread pool
//!   crate), results handed to a sink on the calling thread in order. A window of
//!   [`Runner::window`] posts bounds what is in flight, and posts over [`LARGE_POST`]
//!   take one lock (budget.rs), so memory does not grow with the archive. A caller that
//!   places threads on CPUs does so through [`Placement`].
//! - `lint_files` (lint.rs, feature `lint`): each file's findings in order, then the
//!   cross-file ones from `Linter::finish`.
//! - `ArchiveBook` (book.rs, feature `epub`): the two passes of
//!   `Anthology` over an archive, the second reading posts again by
//!   path.
//!
//! Messages for people (paths with control characters shown as pictures, which flags to
//! suggest) are the caller's: errors here carry the paths and the I/O errors.

#[cfg(feature = "epub")]
mod book;
mod budget;
#[cfg(feature = "lint")]
mod lint;
mod read;
mod run;
#[cfg(test)]
mod tests;
mod walk;

#[cfg(feature = "epub")]
pub use book::{ArchiveBook, ArchiveBookError};
pub use budget::{admit, admit_file, Admission, LARGE_POST};
#[cfg(feature = "lint")]
pub use lint::{lint_file, lint_files, LintedFile};
pub use read::{default_limit, read_post, read_text, ReadError};
pub use run::{Placement, PlacementFactory, RunError, Runner, POSTS_PER_THREAD_IN_FLIGHT};
pub use walk::{is_post_name, PostExtension, PostFile, PostFilter, Posts, Walk, WalkError, Walked};
