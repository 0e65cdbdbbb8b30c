//! An EPUB book of a whole archive in bounded memory: the anthology's first pass over the
//! archive's posts, and each volume's second pass reading its posts again by path.

use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

use super::run::{RunError, Runner};
use crate::convert::epub::{Anthology, BookReport, EpubError, EpubOptions, Split, Volume};
use crate::model::Post;

/// Why a volume of an [`ArchiveBook`] could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ArchiveBookError<E> {
    /// A post could not be read again in the second pass.
    #[error("{}: {error}", path.display())]
    Read {
        /// The post.
        path: PathBuf,
        /// What the reader said.
        error: E,
    },
    /// A post's chapter could not be written (or it is not the post the first pass saw).
    #[error("{}: {error}", path.display())]
    Chapter {
        /// The post.
        path: PathBuf,
        /// Why.
        error: EpubError,
    },
    /// The book could not be opened or finished.
    #[error(transparent)]
    Book(EpubError),
    /// The runner's threads ended early.
    #[error("the worker threads ended early")]
    WorkersEnded,
}

/// A book (or a series of volumes) of an archive, built in two passes so that memory
/// holds the metadata of every post and one post at a time: [`ArchiveBook::add`] each
/// post of the archive once (pass one, for instance in the sink of a
/// [`Runner::run`]), then [`ArchiveBook::write_volume`] reads each volume's posts again
/// by path, in book order, and writes each chapter as it comes.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use newspost::archive::{read_text, ArchiveBook, Runner, Walk};
/// use newspost::{EpubOptions, Split};
/// let dir = tempfile::tempdir()?;
/// for day in 1..=3 {
///     let post = format!("---\ntitle: 第{day}天\ndate: 2024-07-0{day} 08:00:00 +0800\n---\n<p>正文。</p>\n");
///     std::fs::write(dir.path().join(format!("{day}.md")), post)?;
/// }
/// let read = |path: &std::path::Path| -> Result<newspost::Post, String> {
///     let text = read_text(path, 1 << 20).map_err(|e| e.to_string())?;
///     newspost::parse(&text).map_err(|e| e.to_string())
/// };
/// let files = Walk::new([dir.path()]).collect()?.posts;
/// let runner = Runner::new();
/// let mut book = ArchiveBook::new();
/// runner.run(&files, |file| read(&file.path), |file, post| {
///     match post {
///         Ok(post) => _ = book.add(&file.path, &post), // pass one: metadata only
///         Err(e) => eprintln!("{}: {e}", file.path.display()), // reported, left out
///     }
///     Ok::<(), std::convert::Infallible>(())
/// })?;
/// let options = EpubOptions::default();
/// for volume in book.volumes(Split::None) {
///     let out = std::io::Cursor::new(Vec::new());
///     let (out, report) = book.write_volume(&volume, &options, out, &runner, read)?; // pass two
///     assert_eq!(report.posts, 3);
///     assert!(out.into_inner().starts_with(b"PK"));
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct ArchiveBook {
    anthology: Anthology,
    /// The path of each post added, by its number in the anthology.
    paths: Vec<PathBuf>,
}

impl ArchiveBook {
    /// A book of no posts yet.
    pub fn new() -> Self {
        ArchiveBook::default()
    }

    /// Records what the book needs of `post`, read from `path`, and returns its number.
    pub fn add(&mut self, path: impl Into<PathBuf>, post: &Post) -> usize {
        self.paths.push(path.into());
        self.anthology.add(post)
    }

    /// The first pass's anthology (for opening a book on a post kept in memory).
    pub fn anthology(&self) -> &Anthology {
        &self.anthology
    }

    /// Whether no post was added.
    pub fn is_empty(&self) -> bool {
        self.anthology.is_empty()
    }

    /// The books `split` makes of the posts ([`Anthology::volumes`]).
    pub fn volumes(&self, split: Split) -> Vec<Volume> {
        self.anthology.volumes(split)
    }

    /// The paths of `volume`'s posts, in book order.
    pub fn paths(&self, volume: &Volume) -> Vec<PathBuf> {
        volume
            .posts()
            .iter()
            .filter_map(|&n| self.paths.get(n).cloned())
            .collect()
    }

    /// Writes `volume` into `out`: its posts are read again with `read` on `runner`'s
    /// threads and their chapters written in book order. Returns the writer and what the
    /// book holds.
    pub fn write_volume<W, E, R>(
        &self,
        volume: &Volume,
        options: &EpubOptions,
        out: W,
        runner: &Runner,
        read: R,
    ) -> Result<(W, BookReport), ArchiveBookError<E>>
    where
        W: Write + Seek,
        E: Send,
        R: Fn(&Path) -> Result<Post, E> + Sync,
    {
        let mut book = self
            .anthology
            .book(volume, options, out)
            .map_err(ArchiveBookError::Book)?;
        let paths = self.paths(volume);
        runner
            .run(
                &paths,
                |path| read(path),
                |path, post| {
                    let post = post.map_err(|error| ArchiveBookError::Read {
                        path: path.clone(),
                        error,
                    })?;
                    book.add(&post).map_err(|error| ArchiveBookError::Chapter {
                        path: path.clone(),
                        error,
                    })
                },
            )
            .map_err(|e| match e {
                RunError::Sink(e) => e,
                RunError::WorkersEnded => ArchiveBookError::WorkersEnded,
            })?;
        book.finish().map_err(ArchiveBookError::Book)
    }
}
