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
use std::sync::{Arc, Mutex};

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
use crate::model::visit::{visit_blocks, Visit};
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
    writer: ArrowWriter<Recording<W>>,
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
        let writer = Recording {
            inner: writer,
            failure: Arc::default(),
        };
        let writer = ArrowWriter::try_new(writer, schema.clone(), Some(properties))
            .map_err(parquet_error)?;
        let rows = match options.table {
            ParquetTable::Posts => Rows::Posts(Box::default()),
            ParquetTable::Blocks => Rows::Blocks(Box::default()),
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
        let failure = self.writer.inner().failure.clone();
        match self.writer.into_inner() {
            Ok(recording) => Ok(recording.inner),
            Err(e) => Err(write_error(e, &failure)),
        }
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
        if let Err(e) = self.writer.write(&batch) {
            return Err(write_error(e, &self.writer.inner().failure));
        }
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

/// The writer under the Parquet writer, keeping its first failure: the Parquet writer
/// buffers, and a failure that comes out of its buffer has lost its type.
/// The slot is shared because the Parquet writer's last step consumes it.
struct Recording<W> {
    inner: W,
    failure: Arc<Mutex<Option<std::io::Error>>>,
}

impl<W: Write> Recording<W> {
    fn record<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result {
            if let Ok(mut failure) = self.failure.lock() {
                failure.get_or_insert_with(|| std::io::Error::new(e.kind(), e.to_string()));
            }
        }
        result
    }
}

impl<W: Write> Write for Recording<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(buf);
        self.record(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.record(result)
    }
}

/// The error of a Parquet write: the writer's own failure (`recorded`) when there was
/// one, as [`Error::Io`].
fn write_error(e: parquet::errors::ParquetError, failure: &Mutex<Option<std::io::Error>>) -> Error {
    match failure.lock().ok().and_then(|mut failure| failure.take()) {
        Some(io) => Error::Io(io),
        None => parquet_error(e),
    }
}

/// A Parquet error, an I/O error it carries kept as [`Error::Io`].
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
    Blocks(Box<BlockRows>),
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

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Int64Type, TimestampMillisecondType, UInt32Type};
    use arrow_array::Array;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    use super::*;
    use crate::parse::recover;
    use crate::parse::ParseOptions;

    const POST: &str = "---\ntitle: 标题\ndate: 2024-07-03 16:00:33 +0800\nauthor: 联合早报\nfrom: https://www.zaobao.com/a\ntags: [ 联合早报, 中国 ]\ncategories: [ 联合早报 ]\n---\n<!--1719993633000-->\n<div><p>第一段<a href=\"https://x.example/1\">链接</a>。</p><figure><img src=\"https://img.example/a.jpg\"><figcaption>图说</figcaption></figure><ul><li>一</li><li>二</li></ul><div class=\"related\"><h3>相关新闻</h3><ul><li><a href=\"https://x.example/rel\">别的</a></li></ul></div></div>\n";

    fn post(text: &str) -> Post {
        recover(text.as_bytes(), &ParseOptions::default()).unwrap()
    }

    /// Writes `posts` and reads the file back as one batch, with its row-group count.
    fn round_trip(
        posts: &[(Post, Option<&str>)],
        options: &ParquetOptions,
    ) -> (RecordBatch, usize) {
        let mut writer = ParquetWriter::new(tempfile::tempfile().unwrap(), options).unwrap();
        for (post, path) in posts {
            writer.add(post, *path).unwrap();
        }
        let file = writer.finish().unwrap();
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
        let groups = builder.metadata().num_row_groups();
        let schema = builder.schema().clone();
        let batches: Vec<RecordBatch> = builder.build().unwrap().map(Result::unwrap).collect();
        let batch = arrow_select_concat(&schema, &batches);
        (batch, groups)
    }

    fn arrow_select_concat(schema: &SchemaRef, batches: &[RecordBatch]) -> RecordBatch {
        // Small files come back as one batch; the tests do not need more.
        match batches {
            [one] => one.clone(),
            [] => RecordBatch::new_empty(schema.clone()),
            _ => panic!("more than one batch"),
        }
    }

    fn strings(batch: &RecordBatch, column: &str) -> Vec<Option<String>> {
        let array = batch.column_by_name(column).unwrap().as_string::<i32>();
        (0..array.len())
            .map(|i| array.is_valid(i).then(|| array.value(i).to_owned()))
            .collect()
    }

    fn list(batch: &RecordBatch, column: &str, row: usize) -> Vec<String> {
        let array = batch.column_by_name(column).unwrap().as_list::<i32>();
        let values = array.value(row);
        let values = values.as_string::<i32>();
        (0..values.len())
            .map(|i| values.value(i).to_owned())
            .collect()
    }

    #[test]
    fn a_post_is_one_row_of_the_documented_columns() {
        let (batch, _) = round_trip(
            &[
                (post(POST), Some("2024/a.md")),
                (post("<p>无日期</p>\n"), None),
            ],
            &ParquetOptions::default(),
        );
        assert_eq!(batch.num_rows(), 2);
        assert_eq!(strings(&batch, "path"), [Some("2024/a.md".into()), None]);
        assert_eq!(strings(&batch, "title")[0].as_deref(), Some("标题"));
        assert_eq!(
            strings(&batch, "date")[0].as_deref(),
            Some("2024-07-03 16:00:33 +0800")
        );
        let instant = batch
            .column_by_name("instant")
            .unwrap()
            .as_primitive::<TimestampMillisecondType>();
        assert_eq!(instant.value(0), 1_719_993_633_000);
        assert!(instant.is_null(1));
        let epoch = batch
            .column_by_name("epoch_ms")
            .unwrap()
            .as_primitive::<Int64Type>();
        assert_eq!(epoch.value(0), 1_719_993_633_000);
        assert!(epoch.is_null(1));
        assert_eq!(
            strings(&batch, "date_source"),
            [Some("front_matter".into()), None]
        );
        assert_eq!(
            strings(&batch, "source_url")[0].as_deref(),
            Some("https://www.zaobao.com/a")
        );
        assert_eq!(strings(&batch, "author")[0].as_deref(), Some("联合早报"));
        assert_eq!(list(&batch, "tags", 0), ["联合早报", "中国"]);
        assert_eq!(list(&batch, "categories", 0), ["联合早报"]);
        assert!(list(&batch, "tags", 1).is_empty());
        assert_eq!(strings(&batch, "language")[0].as_deref(), Some("zh"));
        // The article only: the related links are furniture, in the blocks table.
        assert_eq!(
            strings(&batch, "text")[0].as_deref(),
            Some("第一段链接。\n\n图说\n\n一\n\n二")
        );
        let count = |name| {
            batch
                .column_by_name(name)
                .unwrap()
                .as_primitive::<UInt32Type>()
                .value(0)
        };
        assert_eq!(count("paragraph_count"), 3);
        assert_eq!(count("figure_count"), 1);
        assert_eq!(list(&batch, "image_urls", 0), ["https://img.example/a.jpg"]);
        assert_eq!(list(&batch, "link_urls", 0), ["https://x.example/1"]);
    }

    #[test]
    fn the_problems_read_past_are_a_list_of_rule_message_and_position() {
        let broken = post("---\ntitle: [unclosed\ndate: 2024-07-03\n---\n<p>x</p>\n");
        assert!(!broken.problems.is_empty());
        let (batch, _) = round_trip(&[(broken.clone(), None)], &ParquetOptions::default());
        let problems = batch.column_by_name("problems").unwrap().as_list::<i32>();
        let first = problems.value(0);
        let first = first.as_struct();
        assert_eq!(first.len(), broken.problems.len());
        let rule = first.column_by_name("rule").unwrap().as_string::<i32>();
        let line = first
            .column_by_name("line")
            .unwrap()
            .as_primitive::<UInt32Type>();
        assert_eq!(rule.value(0), broken.problems[0].rule);
        assert_eq!(line.value(0), broken.problems[0].span.line);
    }

    #[test]
    fn the_blocks_table_has_a_row_per_block_with_its_furniture_kind() {
        let options = ParquetOptions::default().with_table(ParquetTable::Blocks);
        let (batch, _) = round_trip(&[(post(POST), Some("a.md"))], &options);
        assert_eq!(
            strings(&batch, "type"),
            ["paragraph", "figure", "list", "furniture"].map(|s| Some(s.to_owned()))
        );
        assert_eq!(
            strings(&batch, "furniture"),
            [None, None, None, Some("related".to_owned())]
        );
        assert_eq!(
            strings(&batch, "text")[3].as_deref(),
            Some("相关新闻\n\n别的")
        );
        let index = batch
            .column_by_name("index")
            .unwrap()
            .as_primitive::<UInt32Type>();
        assert_eq!(index.values().to_vec(), [0, 1, 2, 3]);
        assert_eq!(strings(&batch, "path"), vec![Some("a.md".to_owned()); 4]);
    }

    #[test]
    fn row_groups_hold_at_most_the_rows_asked_for() {
        let posts: Vec<_> = (0..5).map(|_| (post(POST), None)).collect();
        let options = ParquetOptions::default().with_row_group_rows(2);
        let (batch, groups) = round_trip(&posts, &options);
        assert_eq!(batch.num_rows(), 5);
        assert_eq!(groups, 3);
    }

    #[test]
    fn no_post_gives_an_empty_table_with_the_schema() {
        let (batch, _) = round_trip(&[], &ParquetOptions::default());
        assert_eq!(batch.num_rows(), 0);
        assert_eq!(batch.schema().fields().len(), 17);
    }

    #[test]
    fn a_failing_writer_is_an_io_error() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let err = write_parquet(&[post(POST)], &ParquetOptions::default(), Full).unwrap_err();
        assert!(
            matches!(err, Error::Io(ref e) if e.kind() == std::io::ErrorKind::StorageFull),
            "{err:?}"
        );
    }

    /// `docs/data.md` lists every column of both tables with its Arrow type, in order.
    #[test]
    fn the_documented_columns_are_the_written_ones() {
        let doc = include_str!("../../docs/data.md");
        for table in [ParquetTable::Posts, ParquetTable::Blocks] {
            let heading = format!("### The `{}` table", table.name());
            let section = doc
                .split_once(&heading)
                .unwrap_or_else(|| panic!("docs/data.md has no {heading:?}"))
                .1;
            let documented: Vec<(String, String)> = section
                .lines()
                .skip_while(|line| !line.starts_with("| column"))
                .skip(2)
                .take_while(|line| line.starts_with('|'))
                .map(|line| {
                    let cells: Vec<&str> = line.split('|').map(str::trim).collect();
                    (
                        cells[1].trim_matches('`').to_owned(),
                        cells[2].trim_matches('`').to_owned(),
                    )
                })
                .collect();
            let written: Vec<(String, String)> = schema(table)
                .fields()
                .iter()
                .map(|f| (f.name().clone(), type_name(f.data_type())))
                .collect();
            assert_eq!(documented, written, "docs/data.md, {heading}");
        }
    }

    /// A column's type as docs/data.md writes it (and DuckDB shows it).
    fn type_name(data_type: &DataType) -> String {
        match data_type {
            DataType::Utf8 => "VARCHAR".into(),
            DataType::Int64 => "BIGINT".into(),
            DataType::UInt32 => "UINTEGER".into(),
            DataType::Timestamp(TimeUnit::Millisecond, Some(_)) => {
                "TIMESTAMP WITH TIME ZONE".into()
            }
            DataType::List(item) => format!("{}[]", type_name(item.data_type())),
            DataType::Struct(fields) => format!(
                "STRUCT({})",
                fields
                    .iter()
                    .map(|f| format!("{} {}", f.name(), type_name(f.data_type())))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            other => panic!("no documented name for {other}"),
        }
    }
}
