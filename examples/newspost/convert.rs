//! `newspost convert`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use crate::files;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON document per post.
    Json,
    /// One line of JSON per post.
    Jsonl,
    /// Plain text for reading.
    Text,
    /// An EPUB book.
    Epub,
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

/// Arguments of `newspost convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// Output format.
    #[arg(long = "to", value_enum)]
    to: Format,
    /// Output file (text: default stdout; epub: required, a directory with --one-per-post).
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
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
    /// EPUB: embed images found in this directory, laid out as host/path.
    #[arg(long, value_name = "DIR")]
    images: Option<PathBuf>,
    /// Files and directories to convert.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

pub fn run(args: ConvertArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let files = files::collect(&args.paths)?;
    let mut failed = false;
    let mut posts = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path)?;
        match newspost::parse_bytes(&bytes) {
            Ok(post) => posts.push((path, post)),
            Err(e) => {
                failed = true;
                eprintln!(
                    "{}:{}:{}: {}",
                    path.display(),
                    e.line(),
                    e.column(),
                    e.kind()
                );
            }
        }
    }
    match args.to {
        Format::Json | Format::Jsonl | Format::Text => {
            let mut out: Box<dyn Write> = match &args.output {
                Some(path) => Box::new(std::io::BufWriter::new(std::fs::File::create(path)?)),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            let text_options = newspost::TextOptions {
                width: args.width.map(usize::from),
                inline_links: args.inline_links,
            };
            for (i, (_, post)) in posts.iter().enumerate() {
                match args.to {
                    Format::Json => writeln!(out, "{}", newspost::to_json_string_pretty(post))?,
                    Format::Jsonl => writeln!(out, "{}", newspost::to_json_string(post))?,
                    _ => {
                        if i > 0 {
                            // A form feed between posts, as pagers and printers understand.
                            writeln!(out, "\u{c}")?;
                        }
                        newspost::write_text(post, &text_options, &mut out)?;
                    }
                }
            }
            out.flush()?;
        }
        Format::Epub => write_books(&args, &posts)?,
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_books(
    args: &ConvertArgs,
    posts: &[(&PathBuf, newspost::Post)],
) -> Result<(), Box<dyn std::error::Error>> {
    let Some(output) = &args.output else {
        return Err("--to epub needs -o OUT.epub (or -o DIR with --one-per-post)".into());
    };
    if posts.is_empty() {
        return Err("no post could be read".into());
    }
    let mut options = newspost::EpubOptions {
        title: args.title.clone(),
        group_by: match args.group_by {
            GroupBy::Day => newspost::GroupBy::Day,
            GroupBy::Source => newspost::GroupBy::Source,
            GroupBy::Category => newspost::GroupBy::Category,
        },
        ..Default::default()
    };
    if let Some(dir) = &args.images {
        options.images = Some(Arc::new(newspost::DirImageResolver::new(dir)));
    }
    if args.one_per_post {
        std::fs::create_dir_all(output)?;
        for (path, post) in posts {
            let stem = path.file_stem().unwrap_or(path.as_os_str());
            let target = output.join(Path::new(stem).with_extension("epub"));
            write_book(std::slice::from_ref(post), &options, &target)?;
        }
    } else {
        let posts: Vec<newspost::Post> = posts.iter().map(|(_, p)| p.clone()).collect();
        write_book(&posts, &options, output)?;
    }
    Ok(())
}

fn write_book(
    posts: &[newspost::Post],
    options: &newspost::EpubOptions,
    target: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let file = std::fs::File::create(target).map_err(|e| format!("{}: {e}", target.display()))?;
    let mut out = std::io::BufWriter::new(file);
    newspost::write_epub(posts, options, &mut out)?;
    out.flush()?;
    Ok(())
}
