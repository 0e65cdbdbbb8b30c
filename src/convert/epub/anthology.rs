//! The first pass of a book built in bounded memory: each post is read once for what the
//! book needs before any chapter is written (its metadata for the order, the groups, the
//! title page and the navigation; a digest for the identifier; its image URLs for a
//! resolver that fetches them ahead), and then dropped. [`Anthology::volumes`] splits the
//! posts into books; [`super::book::BookWriter`] is the second pass.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;

use super::super::links;
use super::super::meta::PostMeta;
use crate::model::visit::{visit_blocks, Visit};
use crate::model::{Block, FurnitureKind, Image, Post};

/// How [`Anthology::volumes`] splits posts into books.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Split {
    /// One book of every post. The default.
    #[default]
    None,
    /// One book per calendar year of the posts' dates (as written), named `2024`.
    Year,
    /// One book per calendar month, named `2024-07`.
    Month,
    /// Books of at most this many posts each, in date order, named `1`, `2`… (padded to
    /// the same width: `01` … `12`).
    MaxPosts(NonZeroUsize),
}

/// What one post brings to a book before its chapter is written.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub meta: PostMeta,
    /// SHA-1 of the post's JSON: the book's identifier is derived from these.
    pub digest: [u8; 20],
    /// The figures' image URLs, resolved.
    pub images: Vec<Box<str>>,
}

/// The posts of one or more books, gathered one at a time without keeping the posts.
///
/// A book of a whole archive is built in two passes: [`Anthology::add`] each post once,
/// then for each [`Volume`] open a [`BookWriter`](super::BookWriter) and hand it the
/// volume's posts again, read anew, in the order [`Volume::posts`] gives. Memory holds
/// the metadata of every post and one chapter at a time, never every post.
///
/// ```
/// use newspost::{Anthology, EpubOptions, Split};
/// let posts: Vec<newspost::Post> = (1..=3)
///     .map(|day| {
///         newspost::parse(&format!(
///             "---\ntitle: 第{day}天\ndate: 2024-0{day}-01 08:00:00 +0800\n---\n<p>正文。</p>\n"
///         ))
///     })
///     .collect::<Result<_, _>>()?;
/// let mut anthology = Anthology::new();
/// for post in &posts {
///     anthology.add(post); // pass one: metadata only
/// }
/// let volumes = anthology.volumes(Split::Month);
/// assert_eq!(volumes.len(), 3);
/// assert_eq!(volumes[0].name(), Some("2024-01"));
/// let options = EpubOptions::default(); // a book borrows its options
/// for volume in &volumes {
///     let out = std::io::Cursor::new(Vec::new());
///     let mut book = anthology.book(volume, &options, out).unwrap();
///     for &n in volume.posts() {
///         book.add(&posts[n]).unwrap(); // pass two: in the volume's order
///     }
///     let (out, report) = book.finish().unwrap();
///     assert_eq!(report.posts, 1);
///     assert!(out.into_inner().starts_with(b"PK"));
/// }
/// # Ok::<(), newspost::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Anthology {
    pub(super) entries: Vec<Entry>,
}

/// One book of an [`Anthology`]: which posts, in which order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volume {
    name: Option<String>,
    posts: Vec<usize>,
}

impl Volume {
    /// The volume's name in its series (`2024-07`, `2024`, `03`); `None` for the one book
    /// of an unsplit anthology.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The numbers of its posts (in the order they were [added](Anthology::add)), in book
    /// order: the order in which the book's writer takes them.
    pub fn posts(&self) -> &[usize] {
        &self.posts
    }
}

impl Anthology {
    /// An anthology of no posts yet.
    pub fn new() -> Self {
        Anthology::default()
    }

    /// Records what the book needs of `post` and returns its number (0 for the first
    /// post added, then 1…), by which [`Volume::posts`] names it.
    pub fn add(&mut self, post: &Post) -> usize {
        let meta = PostMeta::of(post);
        let mut images = Vec::new();
        collect_images(&post.body, &meta, &mut images);
        let json = crate::convert::json::to_json_string(post);
        let digest = sha1_smol::Sha1::from(json.as_bytes()).digest().bytes();
        self.entries.push(Entry {
            meta,
            digest,
            images,
        });
        self.entries.len() - 1
    }

    /// How many posts were added.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no post was added.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The books `split` makes of the posts, each a list of posts in date order
    /// (undated posts last, ties in the order added). Split by year or month, volumes
    /// come in calendar order and undated posts make a last volume named `undated`.
    pub fn volumes(&self, split: Split) -> Vec<Volume> {
        let order = self.date_order();
        match split {
            Split::None => vec![Volume {
                name: None,
                posts: order,
            }],
            Split::MaxPosts(max) => {
                let chunks: Vec<&[usize]> = order.chunks(max.get()).collect();
                let width = chunks.len().to_string().len();
                chunks
                    .iter()
                    .enumerate()
                    .map(|(n, posts)| Volume {
                        name: Some(format!("{:0width$}", n + 1)),
                        posts: posts.to_vec(),
                    })
                    .collect()
            }
            Split::Year | Split::Month => {
                let format = if split == Split::Year { "%Y" } else { "%Y-%m" };
                // BTreeMap: calendar order; `None` (undated) sorts first, so it is moved.
                let mut by_period: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
                for &n in &order {
                    let period = self
                        .entries
                        .get(n)
                        .and_then(|e| e.meta.day())
                        .map(|day| day.format(format).to_string());
                    by_period.entry(period).or_default().push(n);
                }
                let undated = by_period.remove(&None);
                let mut volumes: Vec<Volume> = by_period
                    .into_iter()
                    .map(|(name, posts)| Volume { name, posts })
                    .collect();
                if let Some(posts) = undated {
                    volumes.push(Volume {
                        name: Some("undated".to_owned()),
                        posts,
                    });
                }
                volumes
            }
        }
    }

    /// Numbers of the posts by date; undated posts last, ties in the order added.
    fn date_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by_key(|&n| {
            let instant = self.entries.get(n).and_then(|e| e.meta.instant());
            (instant.is_none(), instant, n)
        });
        order
    }
}

/// The resolved URLs of every figure's images in the article (not in page furniture),
/// in order.
fn collect_images(blocks: &[Block], meta: &PostMeta, out: &mut Vec<Box<str>>) {
    struct Images<'m> {
        meta: &'m PostMeta,
        out: &'m mut Vec<Box<str>>,
    }
    impl<'a> Visit<'a> for Images<'_> {
        fn image(&mut self, image: &'a Image, furniture: Option<FurnitureKind>) {
            if furniture.is_some() {
                return;
            }
            if let Some(url) = links::resolve(self.meta.base.as_ref(), &image.src) {
                self.out.push(url.into_boxed_str());
            }
        }
    }
    visit_blocks(blocks, &mut Images { meta, out });
}
