//! Parquet: posts as the rows of a flat table that DuckDB, Polars or Spark read directly
//! (feature `parquet`). The columns are documented in `docs/data.md`; a test holds the
//! two together.
//!
//! Two tables:
//!
//! - [`ParquetTable::Posts`], one row per post: where it came from, its dates (the
//!   instant as a UTC timestamp), its front matter's common keys, the article's text,
//!   counts, image and link URLs, and the problems the lenient parser read past;
//! - [`ParquetTable::Blocks`], one row per block of the body: its position, type, text
//!   and furniture kind.
//!
//! A [`ParquetWriter`] takes posts one at a time and writes a row group every
//! [`ParquetOptions::row_group_rows`] rows, so memory stays bounded whatever the number of
//! posts. Arrow and Parquet types stay out of the API: the file is the interface.
//!
//! ```
//! let post = newspost::parse(
//!     "---\ntitle: T\ndate: 2024-07-03 16:00:33 +0800\n---\n<!--1719993633000-->\n<p>Hi</p>\n",
//! )?;
//! let mut writer = newspost::ParquetWriter::new(Vec::new(), &newspost::ParquetOptions::default())?;
//! writer.add(&post, Some("2024/a.md"))?;
//! assert_eq!(writer.rows(), 1);
//! let file = writer.finish()?;
//! assert_eq!(&file[..4], b"PAR1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{
    Int64Builder, ListBuilder, StringBuilder, TimestampMillisecondBuilder, UInt32Builder,
};
use arrow_array::{ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::language::post_language;
use super::Error;
use crate::model::{visit_blocks, Visit};
use crate::model::{Block, DateSource, FurnitureKind, Image, Post};

/// Which table a [`ParquetWriter`] writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParquetTable {
    /// One row per post (the default).
    #[default]
    Posts,
    /// One row per top-level block of each post's body.
    Blocks,
}

impl ParquetTable {
    /// The table's name, as `--table` takes it: `posts` or `blocks`.
    pub fn name(self) -> &'static str {
        match self {
            ParquetTable::Posts => "posts",
            ParquetTable::Blocks => "blocks",
        }
    }
}

/// How posts are written as Parquet.
///
/// ```
/// use newspost::{ParquetOptions, ParquetTable};
/// let options = ParquetOptions::default()
///     .with_table(ParquetTable::Blocks)
///     .with_row_group_rows(1000);
/// assert_eq!(options.row_group_rows, 1000);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParquetOptions {
    /// The table to write.
    pub table: ParquetTable,
    /// At most this many rows per row group (at least 1): what the writer holds in memory
    /// before it writes, and the unit an engine reads in parallel.
    pub row_group_rows: usize,
}

impl Default for ParquetOptions {
    fn default() -> Self {
        ParquetOptions {
            table: ParquetTable::Posts,
            row_group_rows: 8192,
        }
    }
}

impl ParquetOptions {
    /// With the table to write.
    pub fn with_table(mut self, table: ParquetTable) -> Self {
        self.table = table;
        self
    }

    /// With at most `rows` rows per row group (0 counts as 1).
    pub fn with_row_group_rows(mut self, rows: usize) -> Self {
        self.row_group_rows = rows.max(1);
        self
    }
}

/// Rows are handed to the Parquet writer in batches of this many: small enough that the
/// column builders stay small, large enough that a batch's overhead does not show.
const BATCH_ROWS: usize = 1024;

/// Writes posts as one Parquet file, one at a time (see the [module](self) docs).
///
/// Nothing is complete until [`finish`](ParquetWriter::finish): a writer dropped before
/// it has written no footer, and what it wrote is no Parquet file.
pub struct ParquetWriter<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
    rows: Rows,
    batched: usize,
    written: u64,
}

impl<W: Write + Send> std::fmt::Debug for ParquetWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetWriter")
            .field("rows", &self.written)
            .finish_non_exhaustive()
    }
}

impl<W: Write + Send> ParquetWriter<W> {
    /// A writer of `options.table` into `writer`. Writes the file's magic number at once.
    pub fn new(writer: W, options: &ParquetOptions) -> Result<Self, Error> {
        let schema = Arc::new(schema(options.table));
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(options.row_group_rows.max(1)))
            .set_created_by(format!("newspost {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(writer, schema.clone(), Some(properties))
            .map_err(parquet_error)?;
        let rows = match options.table {
            ParquetTable::Posts => Rows::Posts(Box::default()),
            ParquetTable::Blocks => Rows::Blocks(BlockRows::default()),
        };
        Ok(ParquetWriter {
            writer,
            schema,
            rows,
            batched: 0,
            written: 0,
        })
    }

    /// Adds `post`: one row of the posts table, or a row per block. `path` is the post's
    /// file as the caller names it (`null` when `None`).
    pub fn add(&mut self, post: &Post, path: Option<&str>) -> Result<(), Error> {
        let added = match &mut self.rows {
            Rows::Posts(rows) => rows.push(post, path),
            Rows::Blocks(rows) => rows.push(post, path),
        };
        self.batched += added;
        self.written += added as u64;
        if self.batched >= BATCH_ROWS {
            self.write_batch()?;
        }
        Ok(())
    }

    /// The rows added so far.
    pub fn rows(&self) -> u64 {
        self.written
    }

    /// Writes what is left and the file's footer, and gives the writer back.
    pub fn finish(mut self) -> Result<W, Error> {
        self.write_batch()?;
        self.writer.into_inner().map_err(parquet_error)
    }

    fn write_batch(&mut self) -> Result<(), Error> {
        if self.batched == 0 {
            return Ok(());
        }
        let columns = match &mut self.rows {
            Rows::Posts(rows) => rows.finish(),
            Rows::Blocks(rows) => rows.finish(),
        };
        let batch = RecordBatch::try_new(self.schema.clone(), columns)
            .map_err(|e| Error::Parquet(e.to_string()))?;
        self.writer.write(&batch).map_err(parquet_error)?;
        self.batched = 0;
        Ok(())
    }
}

/// Writes `posts` as one Parquet file (no paths); [`ParquetWriter`] takes them one at a
/// time, with their paths.
pub fn write_parquet(
    posts: &[Post],
    options: &ParquetOptions,
    writer: impl Write + Send,
) -> Result<(), Error> {
    let mut parquet = ParquetWriter::new(writer, options)?;
    for post in posts {
        parquet.add(post, None)?;
    }
    parquet.finish()?;
    Ok(())
}

/// A Parquet error, the writer's own failures kept as [`Error::Io`].
fn parquet_error(e: parquet::errors::ParquetError) -> Error {
    match e {
        parquet::errors::ParquetError::External(e) => match e.downcast::<std::io::Error>() {
            Ok(io) => Error::Io(*io),
            Err(e) => Error::Parquet(e.to_string()),
        },
        e => Error::Parquet(e.to_string()),
    }
}

/// The schema of `table`, as `docs/data.md` documents it.
fn schema(table: ParquetTable) -> Schema {
    let text = || DataType::Utf8;
    let list = |name: &str| {
        Field::new(
            name,
            DataType::List(Arc::new(Field::new_list_field(text(), false))),
            false,
        )
    };
    match table {
        ParquetTable::Posts => Schema::new(vec![
            Field::new("path", text(), true),
            Field::new("title", text(), true),
            Field::new("date", text(), true),
            Field::new(
                "instant",
                DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
                true,
            ),
            Field::new("date_source", text(), true),
            Field::new("epoch_ms", DataType::Int64, true),
            Field::new("source_url", text(), true),
            Field::new("author", text(), true),
            list("tags"),
            list("categories"),
            Field::new("language", text(), false),
            Field::new("text", text(), false),
            Field::new("paragraph_count", DataType::UInt32, false),
            Field::new("figure_count", DataType::UInt32, false),
            list("image_urls"),
            list("link_urls"),
            Field::new(
                "problems",
                DataType::List(Arc::new(Field::new_list_field(
                    DataType::Struct(problem_fields()),
                    false,
                ))),
                false,
            ),
        ]),
        ParquetTable::Blocks => Schema::new(vec![
            Field::new("path", text(), true),
            Field::new("index", DataType::UInt32, false),
            Field::new("type", text(), false),
            Field::new("text", text(), false),
            Field::new("furniture", text(), true),
        ]),
    }
}

fn problem_fields() -> Fields {
    Fields::from(vec![
        Field::new("rule", DataType::Utf8, false),
        Field::new("message", DataType::Utf8, false),
        Field::new("line", DataType::UInt32, false),
        Field::new("column", DataType::UInt32, false),
    ])
}

/// The rows not yet handed to the Parquet writer.
enum Rows {
    Posts(Box<PostRows>),
    Blocks(BlockRows),
}

/// The columns of the posts table, a builder each.
#[derive(Default)]
struct PostRows {
    path: StringBuilder,
    title: StringBuilder,
    date: StringBuilder,
    instant: TimestampMillisecondBuilder,
    date_source: StringBuilder,
    epoch_ms: Int64Builder,
    source_url: StringBuilder,
    author: StringBuilder,
    tags: ListBuilder<StringBuilder>,
    categories: ListBuilder<StringBuilder>,
    language: StringBuilder,
    text: StringBuilder,
    paragraph_count: UInt32Builder,
    figure_count: UInt32Builder,
    image_urls: ListBuilder<StringBuilder>,
    link_urls: ListBuilder<StringBuilder>,
    problems: ProblemRows,
}

impl PostRows {
    fn push(&mut self, post: &Post, path: Option<&str>) -> usize {
        let front_matter = post.front_matter.as_ref();
        self.path.append_option(path);
        self.title.append_option(post.title());
        let date = front_matter
            .and_then(|fm| fm.date_text())
            .or_else(|| post.date_line.as_ref().map(|line| line.date.text()));
        self.date.append_option(date);
        self.instant
            .append_option(post.instant().map(|i| i.timestamp_millis()));
        self.date_source
            .append_option(post.date_source().map(date_source_name));
        self.epoch_ms.append_option(post.epoch.map(|e| e.millis));
        self.source_url.append_option(post.source_url());
        self.author
            .append_option(front_matter.and_then(|fm| fm.author.as_deref()));
        let no_list = Vec::new();
        let tags = front_matter.map_or(&no_list, |fm| &fm.tags);
        self.tags.append_value(tags.iter().map(Some));
        let categories = front_matter.map_or(&no_list, |fm| &fm.categories);
        self.categories.append_value(categories.iter().map(Some));
        self.language.append_value(post_language(post));
        let mut article = Article::default();
        visit_blocks(&post.body, &mut article);
        self.text.append_value(article.text.trim_end());
        self.paragraph_count.append_value(article.paragraphs);
        self.figure_count.append_value(article.figures);
        self.image_urls
            .append_value(article.images.iter().map(|src| Some(*src)));
        self.link_urls
            .append_value(article.links.iter().map(|href| Some(*href)));
        self.problems.push(post);
        1
    }

    fn finish(&mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.path.finish()),
            Arc::new(self.title.finish()),
            Arc::new(self.date.finish()),
            Arc::new(self.instant.finish().with_timezone("UTC")),
            Arc::new(self.date_source.finish()),
            Arc::new(self.epoch_ms.finish()),
            Arc::new(self.source_url.finish()),
            Arc::new(self.author.finish()),
            Arc::new(non_null_items(self.tags.finish())),
            Arc::new(non_null_items(self.categories.finish())),
            Arc::new(self.language.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.paragraph_count.finish()),
            Arc::new(self.figure_count.finish()),
            Arc::new(non_null_items(self.image_urls.finish())),
            Arc::new(non_null_items(self.link_urls.finish())),
            Arc::new(self.problems.finish()),
        ]
    }
}

/// A list array whose items are declared non-null (a list builder declares them
/// nullable; the schema promises none is).
fn non_null_items(list: ListArray) -> ListArray {
    let (field, offsets, values, nulls) = list.into_parts();
    let field = Arc::new(field.as_ref().clone().with_nullable(false));
    ListArray::new(field, offsets, values, nulls)
}

fn date_source_name(source: DateSource) -> &'static str {
    match source {
        DateSource::FrontMatter => "front_matter",
        DateSource::DateLine => "date_line",
        DateSource::Epoch => "epoch",
    }
}

/// The `problems` column: a list of `{rule, message, line, column}` per post.
#[derive(Default)]
struct ProblemRows {
    lengths: Vec<usize>,
    rule: StringBuilder,
    message: StringBuilder,
    line: UInt32Builder,
    column: UInt32Builder,
}

impl ProblemRows {
    fn push(&mut self, post: &Post) {
        for problem in &post.problems {
            self.rule.append_value(&problem.rule);
            self.message.append_value(&problem.message);
            self.line.append_value(problem.span.line);
            self.column.append_value(problem.span.column);
        }
        self.lengths.push(post.problems.len());
    }

    fn finish(&mut self) -> ListArray {
        let values = StructArray::new(
            problem_fields(),
            vec![
                Arc::new(self.rule.finish()),
                Arc::new(self.message.finish()),
                Arc::new(self.line.finish()),
                Arc::new(self.column.finish()),
            ],
            None,
        );
        let item = Arc::new(Field::new_list_field(
            DataType::Struct(problem_fields()),
            false,
        ));
        let offsets = OffsetBuffer::from_lengths(std::mem::take(&mut self.lengths));
        ListArray::new(item, offsets, Arc::new(values), None)
    }
}

/// The columns of the blocks table.
#[derive(Default)]
struct BlockRows {
    path: StringBuilder,
    index: UInt32Builder,
    kind: StringBuilder,
    text: StringBuilder,
    furniture: StringBuilder,
}

impl BlockRows {
    fn push(&mut self, post: &Post, path: Option<&str>) -> usize {
        for (index, block) in post.body.iter().enumerate() {
            self.path.append_option(path);
            self.index
                .append_value(u32::try_from(index).unwrap_or(u32::MAX));
            self.kind.append_value(block_type(block));
            let mut text = BlockText::default();
            visit_blocks(std::slice::from_ref(block), &mut text);
            self.text.append_value(text.0.trim_end());
            self.furniture
                .append_option(block.furniture_kind().map(FurnitureKind::name));
        }
        post.body.len()
    }

    fn finish(&mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.path.finish()),
            Arc::new(self.index.finish()),
            Arc::new(self.kind.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.furniture.finish()),
        ]
    }
}

/// A block's `type`, as in JSON.
fn block_type(block: &Block) -> &'static str {
    match block {
        Block::Paragraph { .. } => "paragraph",
        Block::Figure { .. } => "figure",
        Block::Heading { .. } => "heading",
        Block::List { .. } => "list",
        Block::Quote { .. } => "quote",
        Block::Table { .. } => "table",
        Block::Embed { .. } => "embed",
        Block::Code { .. } => "code",
        Block::Rule { .. } => "rule",
        Block::Furniture { .. } => "furniture",
    }
}

/// Ends the line being written in `text`, if any: list items, table rows and cells, and
/// line breaks each start a line.
fn break_line(text: &mut String) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

/// Ends a block in `text` with a blank line, if anything was written.
fn end_block(text: &mut String) {
    break_line(text);
    if !text.is_empty() && !text.ends_with("\n\n") {
        text.push('\n');
    }
}

/// The article of a post (its body outside page furniture): text, counts, image and link
/// URLs.
#[derive(Default)]
struct Article<'a> {
    text: String,
    paragraphs: u32,
    figures: u32,
    images: Vec<&'a str>,
    links: Vec<&'a str>,
}

impl<'a> Visit<'a> for Article<'a> {
    fn enter_block(&mut self, block: &'a Block, furniture: Option<FurnitureKind>) {
        if furniture.is_some() {
            return;
        }
        match block {
            Block::Paragraph { .. } => self.paragraphs += 1,
            Block::Figure { .. } => self.figures += 1,
            _ => {}
        }
    }
    fn leave_block(&mut self, block: &'a Block, furniture: Option<FurnitureKind>) {
        if furniture.is_none() && !matches!(block, Block::Furniture { .. }) {
            end_block(&mut self.text);
        }
    }
    fn text(&mut self, text: &'a str, furniture: Option<FurnitureKind>) {
        if furniture.is_none() {
            self.text.push_str(text);
        }
    }
    fn line_break(&mut self, furniture: Option<FurnitureKind>) {
        if furniture.is_none() {
            break_line(&mut self.text);
        }
    }
    fn image(&mut self, image: &'a Image, furniture: Option<FurnitureKind>) {
        if furniture.is_none() {
            self.images.push(&image.src);
        }
    }
    fn link(&mut self, href: &'a str, furniture: Option<FurnitureKind>) {
        if furniture.is_none() {
            self.links.push(href);
        }
    }
    fn item(&mut self, furniture: Option<FurnitureKind>) {
        if furniture.is_none() {
            break_line(&mut self.text);
        }
    }
}

/// The text of one block of the blocks table, furniture's included.
#[derive(Default)]
struct BlockText(String);

impl<'a> Visit<'a> for BlockText {
    fn leave_block(&mut self, _: &'a Block, _: Option<FurnitureKind>) {
        end_block(&mut self.0);
    }
    fn text(&mut self, text: &'a str, _: Option<FurnitureKind>) {
        self.0.push_str(text);
    }
    fn line_break(&mut self, _: Option<FurnitureKind>) {
        break_line(&mut self.0);
    }
    fn item(&mut self, _: Option<FurnitureKind>) {
        break_line(&mut self.0);
    }
}
