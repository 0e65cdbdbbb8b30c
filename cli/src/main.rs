//! `newspost`: lint and convert news-archive posts from the command line.
//!
//! ```sh
//! newspost convert --to json tests/fixtures/parse/example.md
//! newspost lint --format github posts/
//! ```
//!
//! Install it with `cargo install --locked --path cli`.

mod batch;
mod convert;
mod files;
mod lint;
mod output;
mod placement;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Lint and convert news-archive posts (Jekyll files with YAML front matter, an epoch
/// comment, a source header and an HTML body).
#[derive(Debug, Parser)]
#[command(name = "newspost", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check posts against the lint rules.
    Lint(lint::LintArgs),
    /// Convert posts to JSON, JSON Lines, plain text or EPUB.
    Convert(convert::ConvertArgs),
}

/// Batches allocate a great deal (DOM nodes, strings) on several threads at once, which
/// jemalloc serves faster than the system allocator.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Exit code when the run itself failed (bad arguments, unreadable path).
const EXIT_FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Lint(args) => lint::run(args),
        Command::Convert(args) => convert::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("newspost: {error}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}
