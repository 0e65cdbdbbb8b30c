//! `newspost convert`: posts to JSON, JSON Lines, plain text or EPUB, in parallel, in
//! path order, writing every output atomically.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use newspost::archive::PostFile as Input;

use crate::batch::{self, BatchArgs, Tally};
use crate::clobber;
use crate::files;
use crate::output::{self, AtomicFile};
use crate::summary;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON document per post (an array when several go to one stream).
    Json,
    /// One line of JSON per post.
    Jsonl,
    /// Plain text for reading.
    Text,
    /// An EPUB book.
    Epub,
    /// A Parquet table, one row per post (or per block with --table blocks).
    Parquet,
}

/// Which table `--to parquet` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableArg {
    /// One row per post.
    Posts,
    /// One row per block of each post's body.
    Blocks,
}

impl From<TableArg> for newspost::ParquetTable {
    fn from(table: TableArg) -> Self {
        match table {
            TableArg::Posts => newspost::ParquetTable::Posts,
            TableArg::Blocks => newspost::ParquetTable::Blocks,
        }
    }
}

/// How an EPUB anthology groups its chapters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// By calendar day.
    Day,
    /// By source (author, else the source URL's host).
    Source,
    /// By first category.
    Category,
}

/// How an EPUB anthology is split into a series of books.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SplitBy {
    /// One book per calendar year.
    Year,
    /// One book per calendar month.
    Month,
}

/// Arguments of `newspost convert`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = crate::EXIT_CODES_HELP)]
pub struct ConvertArgs {
    /// Output format.
    #[arg(long = "to", value_enum)]
    to: Format,
    /// Output file (default stdout; for epub required, a directory with --one-per-post).
    #[arg(short = 'o', long = "output", conflicts_with = "out_dir")]
    output: Option<PathBuf>,
    /// json/text: write one file per post into DIR, mirroring the input tree.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Text: wrap lines at this many columns (CJK characters count two).
    #[arg(long, value_parser = clap::value_parser!(u16).range(10..))]
    width: Option<u16>,
    /// Text: keep link URLs inline instead of numbered references under the article.
    #[arg(long)]
    inline_links: bool,
    /// EPUB: one book per post, written into the -o directory.
    #[arg(long)]
    one_per_post: bool,
    /// EPUB: how an anthology groups its chapters.
    #[arg(long, value_enum, default_value = "day")]
    group_by: GroupBy,
    /// EPUB: the book's title (default: derived from the dates and sources).
    #[arg(long)]
    title: Option<String>,
    /// Text, EPUB: keep page furniture (navigation, share buttons, related links, comments,
    /// credit lines…); JSON always keeps it, marked.
    #[arg(long)]
    keep_furniture: bool,
    /// Read furniture rules from this newspost.toml (default: the one found next to the
    /// first path or above it).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// How posts are parsed: the furniture rules of the configuration.
    #[arg(skip)]
    parse_options: newspost::ParseOptions,
    /// EPUB: embed images found in this directory, laid out as host/path.
    #[arg(long, value_name = "DIR", conflicts_with = "fetch_images")]
    images: Option<PathBuf>,
    /// EPUB: download figures' images (HTTP and HTTPS) and embed them; WebP is
    /// transcoded, what fails keeps its link.
    #[arg(long)]
    fetch_images: bool,
    /// EPUB: where --fetch-images keeps what it downloaded, so that a second build
    /// fetches nothing (default: $XDG_CACHE_HOME/newspost/images, else
    /// ~/.cache/newspost/images).
    #[arg(long, value_name = "DIR", requires = "fetch_images")]
    image_cache: Option<PathBuf>,
    /// EPUB: at most this many bytes of images per book (default 64 MiB); further
    /// images keep their links.
    #[arg(long, value_name = "BYTES")]
    max_image_bytes: Option<u64>,
    /// EPUB: a series of books, one per year or month of the posts' dates
    /// (`-o NAME.epub` writes NAME-2024.epub or NAME-2024-07.epub…; undated posts go to
    /// NAME-undated.epub).
    #[arg(long, value_enum, conflicts_with_all = ["max_posts", "one_per_post"])]
    split_by: Option<SplitBy>,
    /// EPUB: a series of books of at most N posts each, in date order (NAME-1.epub…).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..), conflicts_with = "one_per_post")]
    max_posts: Option<u64>,
    /// Parquet: the table to write.
    #[arg(long, value_enum, default_value = "posts")]
    table: TableArg,
    /// Parquet: a dataset of shards of N rows each, written as -o DIR/part-00000.parquet,
    /// part-00001.parquet… (a shard ends with the post that brings it to N rows).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    shard_rows: Option<u64>,
    #[command(flatten)]
    batch: BatchArgs,
    /// Refuse a post whose front matter is not valid YAML, whose epoch comment is
    /// malformed or whose date is invalid (what lint reports as `front-matter-syntax`,
    /// `epoch-malformed`, `date-invalid`) instead of converting what can be read of it.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    links: files::LinkArgs,
    /// The path of the post read from `-`, for messages and output names.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Files and directories to convert; `-` reads one post from standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

impl ConvertArgs {
    /// Whether the one input is standard input (`-`).
    fn reads_stdin(&self) -> bool {
        self.paths.iter().any(|p| p.as_os_str() == "-")
    }
}

/// What converting one post gave: its rendering, or why it failed.
type Converted<T> = Result<T, String>;

/// A post converted: what it gave, the size of its file, and the warnings to print about
/// it (one line each, `path:line:col: warning: …`).
struct Done<T> {
    value: T,
    len: u64,
    warnings: String,
}

impl<T> Done<T> {
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Done<U> {
        Done {
            value: f(self.value),
            len: self.len,
            warnings: self.warnings,
        }
    }
}

/// The lint rules of the problems for which `--strict` refuses a post.
const STRICT_RULES: [&str; 3] = ["front-matter-syntax", "epoch-malformed", "date-invalid"];

pub fn run(mut args: ConvertArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    if args.out_dir.is_some() && !matches!(args.to, Format::Json | Format::Text) {
        return Err("--out-dir works with --to json and --to text".into());
    }
    if args.to != Format::Parquet && (args.shard_rows.is_some() || args.table != TableArg::Posts) {
        return Err("--table and --shard-rows work with --to parquet".into());
    }
    if let Some(dir) = &args.images {
        if !dir.is_dir() {
            return Err(format!("--images {}: not a directory", crate::shown::path(dir)).into());
        }
    }
    let config = match &args.config {
        Some(path) => Some(path.clone()),
        None => {
            let first = match &args.stdin_filename {
                Some(name) if args.reads_stdin() => Some(name.clone()),
                _ if args.reads_stdin() => Some(PathBuf::from("-")),
                _ => args.paths.first().cloned(),
            };
            first.as_deref().and_then(newspost::find_config_file)
        }
    };
    if let Some(path) = config {
        args.parse_options.furniture = newspost::FurnitureRules::from_path(&path)?;
    }
    let clock = summary::Clock::start();
    let mut skipped_failed = false;
    let inputs = if args.reads_stdin() {
        if args.paths.len() > 1 {
            return Err("`-` (standard input) cannot be mixed with other paths".into());
        }
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        vec![Input {
            path: name.clone(),
            root: name,
        }]
    } else {
        let (inputs, skipped) = files::collect_inputs(&args.paths, args.links)?;
        skipped_failed = files::report_skipped(&skipped);
        inputs
    };
    if inputs.is_empty() {
        eprintln!("{}", summary::no_post_found(&args.paths));
    }
    // Every output is checked before any work: none may replace an input.
    let guard = (!args.reads_stdin())
        .then(|| clobber::Inputs::new(inputs.iter().map(|i| i.path.as_path())));
    let check = |target: &Path| guard.as_ref().map_or(Ok(()), |g| g.check(target));
    if let Some(output) = &args.output {
        check(output)?;
    }
    let tally = match args.to {
        Format::Epub if args.one_per_post => books_per_post(&args, &inputs, &check)?,
        Format::Epub => anthology(&args, &inputs, &check)?,
        Format::Parquet => parquet(&args, &inputs, &check)?,
        _ => match &args.out_dir {
            Some(dir) => files_per_post(&args, &inputs, dir, &check)?,
            None => stream(&args, &inputs)?,
        },
    };
    // After the whole run: an EPUB's build counts in its time.
    if !args.batch.quiet {
        eprintln!("{}", summary::line(&tally, clock.elapsed()));
    }
    Ok(if tally.failed > 0 || skipped_failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads and parses one post (from standard input when that is the input, `path` then
/// naming it); the error is the line to report.
fn read_input(args: &ConvertArgs, path: &Path) -> Converted<Done<newspost::Post>> {
    if !args.reads_stdin() {
        let bytes = newspost::archive::read_post(path, newspost::archive::default_limit())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        return parsed(args, path, &bytes);
    }
    let limit = newspost::ParseOptions::default().max_input_bytes;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::io::stdin().lock(), limit as u64 + 1),
        &mut bytes,
    )
    .map_err(|e| format!("{}: {e}", crate::shown::path(path)))?;
    if bytes.len() > limit {
        return Err(format!(
            "{}: more than the limit of {limit} bytes",
            crate::shown::path(path)
        ));
    }
    parsed(args, path, &bytes)
}

/// Parses one post's bytes, recovering what can be read; the error is the line to report
/// (the bytes are no post, or `--strict` refuses what is wrong with it).
fn parsed(args: &ConvertArgs, path: &Path, bytes: &[u8]) -> Converted<Done<newspost::Post>> {
    let len = bytes.len() as u64;
    let at = |line: u32, column: u32| format!("{}:{line}:{column}", crate::shown::path(path));
    let post = newspost::recover(bytes, &args.parse_options).map_err(|e| {
        let encoding = match e.kind() {
            newspost::ErrorKind::InvalidUtf8 { .. } => newspost::guess_encoding(bytes)
                .map(|encoding| format!(" (the file is in {encoding}; save it as UTF-8)")),
            _ => None,
        };
        format!(
            "{}: {}{}",
            at(e.line(), e.column()),
            crate::shown::text(&e.kind().to_string()),
            encoding.unwrap_or_default()
        )
    })?;
    if args.strict {
        if let Some(problem) = post
            .problems
            .iter()
            .find(|p| STRICT_RULES.contains(&p.rule.as_str()))
        {
            return Err(format!(
                "{}: {}",
                at(problem.span.line, problem.span.column),
                crate::shown::text(&problem.message)
            ));
        }
    }
    let mut warnings = String::new();
    for problem in &post.problems {
        use std::fmt::Write as _;
        let _ = writeln!(
            warnings,
            "{}: warning: {} [{}]",
            at(problem.span.line, problem.span.column),
            crate::shown::text(&problem.message),
            problem.rule
        );
    }
    Ok(Done {
        value: post,
        len,
        warnings,
    })
}

/// The path a post's JSON names it by: relative to the argument it was found under, with
/// `/` separators (the file's name when the argument is the file itself).
fn json_path(input: &Input) -> String {
    let relative = input
        .path
        .strip_prefix(&input.root)
        .ok()
        .filter(|r| !r.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new(input.path.file_name().unwrap_or(input.path.as_os_str())));
    let parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// The JSON path of every input, by its path.
fn json_paths(inputs: &[Input]) -> HashMap<PathBuf, String> {
    inputs
        .iter()
        .map(|input| (input.path.clone(), json_path(input)))
        .collect()
}

/// The post rendered. `source_len`, the size of its file, sizes the buffer of compact JSON
/// (0 when unknown).
fn render(
    args: &ConvertArgs,
    post: &newspost::Post,
    path: Option<&String>,
    pretty: bool,
    source_len: u64,
) -> Vec<u8> {
    match args.to {
        Format::Json | Format::Jsonl => {
            let options = newspost::JsonOptions::default()
                .with_path(path.cloned())
                .with_pretty(pretty && args.to == Format::Json);
            // A post's JSON is about as long as its file: reserving that much at once
            // saves growing the buffer from empty, copying it each time.
            let len = usize::try_from(source_len).unwrap_or(0);
            let mut out = Vec::with_capacity(len.saturating_add(len / 4));
            match newspost::write_json(post, &options, &mut out) {
                Ok(()) => out,
                // The model's keys are all strings, so this does not happen.
                Err(_) => newspost::to_json_string_with(post, &options).into_bytes(),
            }
        }
        Format::Text | Format::Epub | Format::Parquet => {
            newspost::to_text_string(post, &text_options(args)).into_bytes()
        }
    }
}

fn text_options(args: &ConvertArgs) -> newspost::TextOptions {
    newspost::TextOptions::default()
        .with_width(args.width.map(usize::from))
        .with_inline_links(args.inline_links)
        .with_keep_furniture(args.keep_furniture)
}

/// Counts one post into a tally, reporting it on stderr if it failed and its warnings if
/// not.
fn count<T>(result: &Converted<Done<T>>) -> Tally {
    match result {
        Ok(done) => {
            eprint!("{}", done.warnings);
            Tally {
                posts: 1,
                bytes: done.len,
                // One line per problem read past.
                warnings: done.warnings.lines().count(),
                ..Tally::default()
            }
        }
        Err(message) => {
            eprintln!("{message}");
            Tally {
                posts: 1,
                failed: 1,
                ..Tally::default()
            }
        }
    }
}

/// json, jsonl or text to stdout or one file, in path order.
fn stream(args: &ConvertArgs, inputs: &[Input]) -> Result<Tally, Box<dyn std::error::Error>> {
    let mut file = args.output.as_deref().map(AtomicFile::create).transpose()?;
    let stdout = std::io::stdout();
    let mut out: Box<dyn Write> = match file.as_mut() {
        Some(file) => Box::new(file),
        None => Box::new(std::io::BufWriter::with_capacity(
            output::BUFFER,
            stdout.lock(),
        )),
    };
    // Several JSON documents in one stream make an array (no post, an empty one); one
    // stays one document.
    let json_array = args.to == Format::Json && inputs.len() != 1;
    let mut written = 0usize;
    if json_array {
        write!(out, "[")?;
    }
    let paths: Vec<PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
    let names = json_paths(inputs);
    let tally = batch::run(
        &paths,
        &args.batch,
        |path| {
            read_input(args, path).map(|done| {
                let len = done.len;
                done.map(|post| render(args, &post, names.get(path), true, len))
            })
        },
        |_, result| {
            let tally = count(&result);
            if let Ok(Done {
                value: rendered, ..
            }) = result
            {
                match args.to {
                    Format::Text if written > 0 => writeln!(out, "\u{c}")?,
                    Format::Json if json_array && written > 0 => writeln!(out, ",")?,
                    Format::Json if json_array => writeln!(out)?,
                    _ => {}
                }
                out.write_all(&rendered)?;
                if args.to != Format::Text {
                    writeln!(out)?;
                }
                written += 1;
            }
            Ok(tally)
        },
    )?;
    if json_array {
        writeln!(out, "]")?;
    }
    out.flush()?;
    drop(out);
    if let Some(file) = file {
        file.commit()?;
    }
    Ok(tally)
}

/// json or text, one file per post under `dir`, mirroring the input tree.
fn files_per_post(
    args: &ConvertArgs,
    inputs: &[Input],
    dir: &Path,
    check: &dyn Fn(&Path) -> Result<(), String>,
) -> Result<Tally, Box<dyn std::error::Error>> {
    let extension = if args.to == Format::Json {
        "json"
    } else {
        "txt"
    };
    let names = json_paths(inputs);
    each_to_its_file(args, inputs, dir, extension, check, |path, post| {
        Ok(render(args, post, names.get(path), true, 0))
    })
}

/// Converts each input with `convert` into its own file under `dir` (mirroring the input
/// tree, with `extension`), written atomically, in parallel.
fn each_to_its_file(
    args: &ConvertArgs,
    inputs: &[Input],
    dir: &Path,
    extension: &str,
    check: &dyn Fn(&Path) -> Result<(), String>,
    convert: impl Fn(&Path, &newspost::Post) -> Converted<Vec<u8>> + Sync,
) -> Result<Tally, Box<dyn std::error::Error>> {
    if std::fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return Err(format!("{}: not a directory", crate::shown::path(dir)).into());
    }
    let targets = targets(inputs, dir, extension);
    for target in targets.values() {
        check(target)?;
    }
    let paths: Vec<PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
    batch::run(
        &paths,
        &args.batch,
        |path| {
            let target = target_of(&targets, path)?;
            let done = read_input(args, path)?;
            let bytes = convert(path, &done.value)?;
            output::write_atomically(target, &bytes).map_err(|e| e.to_string())?;
            Ok(done.map(|_| ()))
        },
        |_, result| Ok(count(&result)),
    )
}

/// Parquet to `-o FILE`, or with `--shard-rows` a directory of shards, in path order.
/// Nothing appears until every post is read: each shard is a temporary file until the
/// end, and a failed run leaves none.
fn parquet(
    args: &ConvertArgs,
    inputs: &[Input],
    check: &dyn Fn(&Path) -> Result<(), String>,
) -> Result<Tally, Box<dyn std::error::Error>> {
    let Some(target) = &args.output else {
        return Err("--to parquet needs -o OUT.parquet (or -o DIR with --shard-rows)".into());
    };
    let options = newspost::ParquetOptions::default().with_table(args.table.into());
    let mut shards = Shards::new(target, args.shard_rows, options)?;
    let names = json_paths(inputs);
    let paths: Vec<PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
    let tally = batch::run(
        &paths,
        &args.batch,
        |path| read_input(args, path),
        |path, result| {
            let tally = count(&result);
            if let Ok(done) = result {
                shards.add(&done.value, names.get(path).map(String::as_str), check)?;
            }
            Ok(tally)
        },
    )?;
    shards.commit(check)?;
    Ok(tally)
}

/// The Parquet output: one file, or a directory of shards of at most `rows` rows.
struct Shards {
    target: PathBuf,
    rows: Option<u64>,
    options: newspost::ParquetOptions,
    current: Option<newspost::ParquetWriter<AtomicFile>>,
    finished: Vec<AtomicFile>,
}

impl Shards {
    /// Opens the output at once (one file), so that a target that cannot be written fails
    /// before the work; a directory of shards is checked to be one.
    fn new(
        target: &Path,
        rows: Option<u64>,
        options: newspost::ParquetOptions,
    ) -> Result<Shards, Box<dyn std::error::Error>> {
        let mut shards = Shards {
            target: target.to_path_buf(),
            rows,
            options,
            current: None,
            finished: Vec::new(),
        };
        if rows.is_none() {
            shards.current = Some(newspost::ParquetWriter::new(
                AtomicFile::create(target)?,
                &shards.options,
            )?);
        } else if std::fs::metadata(target).is_ok_and(|m| !m.is_dir()) {
            return Err(format!("{}: not a directory", crate::shown::path(target)).into());
        }
        Ok(shards)
    }

    /// The path of shard `index`.
    fn shard_path(&self, index: usize) -> PathBuf {
        self.target.join(format!("part-{index:05}.parquet"))
    }

    fn open_shard(
        &mut self,
        check: &dyn Fn(&Path) -> Result<(), String>,
    ) -> Result<newspost::ParquetWriter<AtomicFile>, Box<dyn std::error::Error>> {
        let path = self.shard_path(self.finished.len());
        check(&path)?;
        Ok(newspost::ParquetWriter::new(
            AtomicFile::create(&path)?,
            &self.options,
        )?)
    }

    fn add(
        &mut self,
        post: &newspost::Post,
        path: Option<&str>,
        check: &dyn Fn(&Path) -> Result<(), String>,
    ) -> Result<(), Box<dyn std::error::Error>> {
        let mut writer = match self.current.take() {
            Some(writer) => writer,
            None => self.open_shard(check)?,
        };
        writer.add(post, path)?;
        match self.rows {
            Some(rows) if writer.rows() >= rows => self.finished.push(writer.finish()?),
            _ => self.current = Some(writer),
        }
        Ok(())
    }

    /// Finishes the last file and renames every one into place. A directory of shards
    /// loses the shards of an earlier run beyond the new last one, so that it holds one
    /// dataset; with no post at all it holds one empty shard, which still has the schema.
    fn commit(
        mut self,
        check: &dyn Fn(&Path) -> Result<(), String>,
    ) -> Result<(), Box<dyn std::error::Error>> {
        if self.current.is_none() && self.finished.is_empty() {
            self.current = Some(self.open_shard(check)?);
        }
        if let Some(writer) = self.current.take() {
            self.finished.push(writer.finish()?);
        }
        let count = self.finished.len();
        for file in self.finished.drain(..) {
            file.commit()?;
        }
        if self.rows.is_some() {
            self.remove_stale_shards(count);
        }
        Ok(())
    }

    /// Removes the shards `part-NNNNN.parquet` numbered `count` and up, an earlier run's.
    fn remove_stale_shards(&self, count: usize) {
        let Ok(entries) = std::fs::read_dir(&self.target) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let index = name
                .to_str()
                .and_then(|n| n.strip_prefix("part-")?.strip_suffix(".parquet"))
                .filter(|digits| digits.len() >= 5 && digits.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|digits| digits.parse::<usize>().ok());
            if index.is_some_and(|index| index >= count) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// The output path of every input; inputs whose output would collide with an earlier
/// one's are left out (and reported as failed when converted).
fn targets(inputs: &[Input], dir: &Path, extension: &str) -> HashMap<PathBuf, PathBuf> {
    let mut taken = std::collections::HashSet::new();
    inputs
        .iter()
        .filter_map(|input| {
            let target = output::mirrored_path(dir, &input.root, &input.path, extension);
            taken
                .insert(target.clone())
                .then(|| (input.path.clone(), target))
        })
        .collect()
}

/// The output path of `path`, or why it has none.
fn target_of<'a>(targets: &'a HashMap<PathBuf, PathBuf>, path: &Path) -> Converted<&'a PathBuf> {
    targets.get(path).ok_or_else(|| {
        format!(
            "{}: its output name collides with another post's",
            crate::shown::path(path)
        )
    })
}

/// The book options, and the fetching resolver when --fetch-images asks for one (its
/// failures are reported after the build).
fn epub_options(
    args: &ConvertArgs,
) -> Result<
    (
        newspost::EpubOptions,
        Option<Arc<newspost::HttpImageResolver>>,
    ),
    String,
> {
    let mut options = newspost::EpubOptions::default().with_group_by(match args.group_by {
        GroupBy::Day => newspost::GroupBy::Day,
        GroupBy::Source => newspost::GroupBy::Source,
        GroupBy::Category => newspost::GroupBy::Category,
    });
    options.title = args.title.clone();
    if let Some(bytes) = args.max_image_bytes {
        options.max_image_bytes = bytes;
    }
    options.keep_furniture = args.keep_furniture;
    if let Some(dir) = &args.images {
        options.images = Some(Arc::new(newspost::DirImageResolver::new(dir)));
    }
    let mut fetcher = None;
    if args.fetch_images {
        let cache = match &args.image_cache {
            Some(dir) => dir.clone(),
            None => default_image_cache()
                .ok_or("--fetch-images: no cache directory (set --image-cache DIR)")?,
        };
        let mut fetch = newspost::FetchOptions::default();
        // Tests and local mirrors: NEWSPOST_FETCH_ALLOW_LOCAL=1 lets loopback hosts in.
        if std::env::var_os("NEWSPOST_FETCH_ALLOW_LOCAL").is_some_and(|v| v == "1") {
            fetch = fetch.with_allow_local(true);
        }
        let resolver = newspost::HttpImageResolver::new(&cache, fetch)
            .map_err(|e| format!("--image-cache {}: {e}", crate::shown::path(&cache)))?;
        let resolver = Arc::new(resolver);
        options.images = Some(resolver.clone());
        fetcher = Some(resolver);
    }
    Ok((options, fetcher))
}

/// `$XDG_CACHE_HOME/newspost/images`, else `~/.cache/newspost/images`.
fn default_image_cache() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|home| PathBuf::from(home).join(".cache"))
        })?;
    Some(base.join("newspost").join("images"))
}

fn epub_bytes(
    posts: &[newspost::Post],
    options: &newspost::EpubOptions,
) -> Result<Vec<u8>, newspost::EpubError> {
    let mut bytes = Vec::new();
    newspost::write_epub(posts, options, &mut bytes)?;
    Ok(bytes)
}

/// The split the arguments ask for.
fn split(args: &ConvertArgs) -> newspost::Split {
    match (args.split_by, args.max_posts) {
        (Some(SplitBy::Year), _) => newspost::Split::Year,
        (Some(SplitBy::Month), _) => newspost::Split::Month,
        (None, Some(n)) => usize::try_from(n)
            .ok()
            .and_then(std::num::NonZeroUsize::new)
            .map_or(newspost::Split::None, newspost::Split::MaxPosts),
        (None, None) => newspost::Split::None,
    }
}

/// `-o DIR/NAME.epub` and volume `2024-07` give `DIR/NAME-2024-07.epub`.
fn volume_path(target: &Path, name: Option<&str>) -> PathBuf {
    let Some(name) = name else {
        return target.to_path_buf();
    };
    let stem = target
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".to_owned());
    let extension = target
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "epub".to_owned());
    target.with_file_name(format!(
        "{stem}-{}.{extension}",
        output::safe_component(name)
    ))
}

/// Every post in one book, or in a series of volumes, in two passes so that memory holds
/// one post at a time: the first reads every post for its metadata (order, groups,
/// navigation), the second reads each volume's posts again, in book order, and writes
/// each chapter as it comes. Standard input is read once and its post kept.
fn anthology(
    args: &ConvertArgs,
    inputs: &[Input],
    check: &dyn Fn(&Path) -> Result<(), String>,
) -> Result<Tally, Box<dyn std::error::Error>> {
    let Some(target) = &args.output else {
        return Err("--to epub needs -o OUT.epub (or -o DIR with --one-per-post)".into());
    };
    let split = split(args);
    // Opened before the work, so that an output that cannot be written fails at once.
    let single = (split == newspost::Split::None)
        .then(|| AtomicFile::create(target))
        .transpose()?;
    let (options, fetcher) = epub_options(args)?;
    let paths: Vec<PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
    let mut anthology = newspost::archive::ArchiveBook::new();
    let mut kept = None;
    let tally = batch::run(
        &paths,
        &args.batch,
        |path| read_input(args, path),
        |path, result| {
            let tally = count(&result);
            if let Ok(done) = result {
                anthology.add(path, &done.value);
                if args.reads_stdin() {
                    kept = Some(done.value);
                }
            }
            Ok(tally)
        },
    )?;
    if anthology.is_empty() {
        return Err("no post could be read".into());
    }
    let volumes = anthology.volumes(split);
    let mut targets = Vec::with_capacity(volumes.len());
    for volume in &volumes {
        let path = volume_path(target, volume.name());
        check(&path)?;
        targets.push(path);
    }
    let mut single = single;
    let mut report = ImagesTally::default();
    for (volume, path) in volumes.iter().zip(&targets) {
        let file = output::SeekableOutput::new(match single.take() {
            Some(file) => file,
            None => AtomicFile::create(path)?,
        })?;
        let mut book = anthology.anthology().book(volume, &options, file)?;
        if let Some(post) = &kept {
            book.add(post)?;
        } else {
            let volume_paths = anthology.paths(volume);
            batch::run(
                &volume_paths,
                &args.batch,
                |path| read_input(args, path),
                |path, result| {
                    let done =
                        result.map_err(|e| format!("{e} (changed since it was first read)"))?;
                    book.add(&done.value)
                        .map_err(|e| format!("{}: {e}", crate::shown::path(path)))?;
                    Ok(Tally::default())
                },
            )?;
        }
        let (file, book_report) = book.finish()?;
        file.commit()?;
        report.add(&book_report);
    }
    if !args.batch.quiet {
        if let Some(line) = report.line(options.images.is_some()) {
            eprintln!("{line}");
        }
        if let Some(fetcher) = &fetcher {
            let failures = fetcher.failures();
            for (url, reason) in failures.iter().take(MAX_IMAGE_FAILURES_SHOWN) {
                eprintln!(
                    "newspost: image not embedded: {}: {}",
                    crate::shown::text(url),
                    crate::shown::text(reason)
                );
            }
            if failures.len() > MAX_IMAGE_FAILURES_SHOWN {
                eprintln!(
                    "newspost: … and {} more images not fetched",
                    failures.len() - MAX_IMAGE_FAILURES_SHOWN
                );
            }
        }
        if targets.len() > 1 {
            eprintln!(
                "newspost: {} volumes: {} … {}",
                targets.len(),
                targets
                    .first()
                    .map(|p| crate::shown::path(p))
                    .unwrap_or_default(),
                targets
                    .last()
                    .map(|p| crate::shown::path(p))
                    .unwrap_or_default()
            );
        }
    }
    Ok(tally)
}

/// The most fetch failures listed one by one after a build.
const MAX_IMAGE_FAILURES_SHOWN: usize = 10;

/// The images of every volume, for the summary.
#[derive(Debug, Default)]
struct ImagesTally {
    embedded: usize,
    failed: usize,
    over_cap: usize,
    bytes: u64,
}

impl ImagesTally {
    fn add(&mut self, report: &newspost::BookReport) {
        self.embedded += report.images_embedded;
        self.failed += report.images_failed;
        self.over_cap += report.images_over_cap;
        self.bytes += report.image_bytes;
    }

    /// `newspost: images: 12 embedded (1.2 MB), 3 failed (linked), 0 over the cap`.
    fn line(&self, resolving: bool) -> Option<String> {
        resolving.then(|| {
            format!(
                "newspost: images: {} embedded ({:.1} MB), {} failed (linked instead), {} over the book's cap",
                self.embedded,
                self.bytes as f64 / 1e6,
                self.failed,
                self.over_cap
            )
        })
    }
}

/// One book per post, into the -o directory.
fn books_per_post(
    args: &ConvertArgs,
    inputs: &[Input],
    check: &dyn Fn(&Path) -> Result<(), String>,
) -> Result<Tally, Box<dyn std::error::Error>> {
    let Some(dir) = &args.output else {
        return Err("--one-per-post needs -o DIR".into());
    };
    let (options, _) = epub_options(args)?;
    each_to_its_file(args, inputs, dir, "epub", check, |path, post| {
        epub_bytes(std::slice::from_ref(post), &options)
            .map_err(|e| format!("{}: {e}", crate::shown::path(path)))
    })
}
