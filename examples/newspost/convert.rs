//! `newspost convert`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

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

/// Arguments of `newspost convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// Output format.
    #[arg(long = "to", value_enum)]
    to: Format,
    /// Files and directories to convert.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

pub fn run(args: ConvertArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let files = files::collect(&args.paths)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for path in &files {
        let bytes = std::fs::read(path)?;
        match newspost::parse_bytes(&bytes) {
            Ok(post) => match args.to {
                Format::Json => writeln!(out, "{}", newspost::to_json_string_pretty(&post))?,
                Format::Jsonl => writeln!(out, "{}", newspost::to_json_string(&post))?,
                Format::Text | Format::Epub => return Err("not available yet".into()),
            },
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
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
