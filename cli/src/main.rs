//! `newspost`: lint and convert news-archive posts from the command line.
//!
//! ```sh
//! newspost convert --to json tests/fixtures/parse/example.md
//! newspost lint --format github posts/
//! ```
//!
//! Install it with `cargo install --locked --path cli`.

mod baseline;
mod batch;
mod clobber;
mod convert;
mod files;
mod interrupt;
mod lint;
mod output;
mod placement;
mod select;
mod shown;
mod summary;

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// Lint and convert news-archive posts (Jekyll files with YAML front matter, an epoch
/// comment, a source header and an HTML body).
#[derive(Debug, Parser)]
#[command(name = "newspost", version, about, after_long_help = EXIT_CODES_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check posts against the lint rules.
    Lint(lint::LintArgs),
    /// Convert posts to JSON, JSON Lines, plain text or EPUB.
    // Boxed: its options are many times the size of the other commands'.
    Convert(Box<convert::ConvertArgs>),
    /// Print a lint rule's documentation (what it flags, why, an example, its fix).
    Rule(RuleArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `newspost man > newspost.1`.
    Man,
}

#[derive(Debug, clap::Args)]
struct RuleArgs {
    /// The rule's name, e.g. `epoch-mismatch`.
    #[arg(required_unless_present = "list")]
    name: Option<String>,
    /// List every rule with its default level and what it flags.
    #[arg(long, conflicts_with = "name")]
    list: bool,
}

/// The exit codes, as `--help` and docs/ci.md state them.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  no error-level finding (warnings and infos may be reported)
  1  an error-level finding, or a file that could not be read or converted
  2  the run itself failed: bad arguments or configuration, a missing path, an output
     that cannot be written";

/// Batches allocate a great deal (DOM nodes, strings) on several threads at once, which
/// jemalloc serves faster than the system allocator.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Exit code when the run itself failed (bad arguments, unreadable path).
const EXIT_FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    interrupt::remove_temporaries_on_signal();
    let result = match cli.command {
        Command::Lint(args) => lint::run(args),
        Command::Convert(args) => convert::run(*args),
        Command::Rule(args) => rule(&args),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "newspost",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => clap_mangen::Man::new(Cli::command())
            .render(&mut std::io::stdout())
            .map(|()| ExitCode::SUCCESS)
            .map_err(Into::into),
    };
    match result {
        Ok(code) => code,
        // A reader that went away (`| head`) ends the run quietly, as it would a filter's.
        Err(error) if is_broken_pipe(error.as_ref()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("newspost: {}", shown::text(&error.to_string()));
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// Whether `error` (or what caused it) is a write to a closed pipe.
fn is_broken_pipe(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        {
            return true;
        }
        current = e.source();
    }
    false
}

/// `newspost rule NAME` / `newspost rule --list`.
fn rule(args: &RuleArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut out = std::io::stdout().lock();
    if args.list {
        let rules = newspost::rule_infos();
        let width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
        for r in &rules {
            writeln!(
                out,
                "{:<width$}  {:<7}  {}",
                r.name, r.default_level, r.summary
            )?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let name = args.name.as_deref().unwrap_or_default();
    match newspost::rule_docs(name) {
        Some(docs) => {
            write!(out, "{docs}")?;
            Ok(ExitCode::SUCCESS)
        }
        None => Err(format!("unknown rule `{name}` (`newspost rule --list` lists them)").into()),
    }
}
