//! `newspost lint`: check posts against the lint rules, report in one of four formats,
//! and optionally repair what can be repaired.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use newspost::render::{github, human, json, sarif};
use newspost::{Diagnostic, Level, LintConfig, Linter, RuleLevel, Trust};

use crate::batch::{self, BatchArgs, Tally};
use crate::{files, output};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: each diagnostic with its source line and the span underlined.
    Human,
    /// A JSON array of diagnostics.
    Json,
    /// GitHub Actions workflow commands (annotations on the changed lines).
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

/// Which side `--fix` trusts when `date` and the epoch comment disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TrustArg {
    /// Rewrite the epoch comment from `date`.
    Date,
    /// Rewrite `date` from the epoch comment.
    Epoch,
}

/// Arguments of `newspost lint`.
#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Files and directories to check (every `*.md` / `*.markdown` below a directory).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Apply the fixes: rewrite only the bytes they change, atomically, and report them.
    #[arg(long)]
    fix: bool,
    /// Show the fixes as a unified diff; without --fix nothing is written.
    #[arg(long)]
    diff: bool,
    /// With --fix/--diff: which side of an epoch-mismatch (or malformed epoch) is right.
    #[arg(long, value_enum, value_name = "SIDE")]
    trust: Option<TrustArg>,
    /// "Now" for date-in-future, as RFC 3339 (default: the clock), for reproducible runs.
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
    /// Report RULE as an error (repeatable).
    #[arg(long, value_name = "RULE")]
    deny: Vec<String>,
    /// Report RULE as a warning (repeatable).
    #[arg(long, value_name = "RULE")]
    warn: Vec<String>,
    /// Turn RULE off (repeatable).
    #[arg(long, value_name = "RULE")]
    allow: Vec<String>,
    /// Configuration file (default: `newspost.toml` next to the first path, or above it).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    batch: BatchArgs,
}

/// What linting one file gave.
struct FileResult {
    diagnostics: Vec<Diagnostic>,
    fixed: Vec<Diagnostic>,
    diff: Option<String>,
    unreadable: bool,
    bytes: u64,
}

pub fn run(args: LintArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let config = configure(&args)?;
    let files = files::collect(&args.paths)?;
    let linter = Linter::new(config);
    let color = args.format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut collected: Vec<Diagnostic> = Vec::new();
    let mut any_error = false;
    let mut any_unreadable = false;
    let mut fixed_count = 0;

    let tally = batch::run(
        &files,
        &args.batch,
        |path| lint_file(&linter, path, &args),
        |path, result: FileResult| {
            any_unreadable |= result.unreadable;
            for d in &result.fixed {
                fixed_count += 1;
                if !args.batch.quiet {
                    eprintln!(
                        "fixed {}:{}:{}: [{}] {}",
                        path.display(),
                        d.line(),
                        d.column(),
                        d.rule,
                        d.fix.as_ref().map_or("", |f| f.message.as_str())
                    );
                }
            }
            if let Some(diff) = &result.diff {
                write!(out, "{diff}")?;
            }
            let tally = tally_of(&result);
            any_error |= tally.errors > 0;
            if args.format == Format::Human {
                human::write(
                    &mut out,
                    &result.diagnostics,
                    &|p| std::fs::read_to_string(p).ok(),
                    human::HumanOptions::with_color(color),
                )?;
            } else {
                collected.extend(result.diagnostics);
            }
            Ok(tally)
        },
    )?;

    let cross_file = linter.finish();
    any_error |= cross_file.iter().any(|d| d.level == Level::Error);
    let cross_warnings = cross_file
        .iter()
        .filter(|d| d.level == Level::Warning)
        .count();
    match args.format {
        Format::Human => human::write(
            &mut out,
            &cross_file,
            &|p| std::fs::read_to_string(p).ok(),
            human::HumanOptions::with_color(color),
        )?,
        Format::Json | Format::Github | Format::Sarif => {
            collected.extend(cross_file);
            match args.format {
                Format::Json => json::write(&mut out, &collected)?,
                Format::Github => github::write(&mut out, &collected)?,
                _ => sarif::write(&mut out, &collected, &newspost::rule_infos())?,
            }
        }
    }
    out.flush()?;
    if !args.batch.quiet {
        if cross_warnings > 0 {
            eprintln!("newspost: {cross_warnings} more warnings across files (duplicate-source)");
        }
        if args.fix || args.diff {
            let verb = if args.fix {
                "fixed"
            } else {
                "fixable (shown as a diff)"
            };
            eprintln!("newspost: {fixed_count} {verb} in {} files", tally.posts);
        }
    }
    Ok(if any_unreadable {
        ExitCode::from(crate::EXIT_FAILURE)
    } else if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The configuration: the file (given, or found next to the posts), then the flags.
fn configure(args: &LintArgs) -> Result<LintConfig, Box<dyn std::error::Error>> {
    let file = match &args.config {
        Some(path) => Some(path.clone()),
        None => args
            .paths
            .first()
            .and_then(|p| newspost::find_config_file(p)),
    };
    let mut config = match file {
        Some(path) => LintConfig::from_path(&path)?,
        None => LintConfig::default(),
    };
    if let Some(now) = &args.now {
        config.now = Some(newspost::parse_now(now)?);
    }
    if let Some(trust) = args.trust {
        config.trust = Some(match trust {
            TrustArg::Date => Trust::Date,
            TrustArg::Epoch => Trust::Epoch,
        });
    }
    // Weakest first, so that a rule named twice ends at the stricter level.
    for rule in &args.allow {
        config.set_level(rule, RuleLevel::Allow)?;
    }
    for rule in &args.warn {
        config.set_level(rule, RuleLevel::Report(Level::Warning))?;
    }
    for rule in &args.deny {
        config.set_level(rule, RuleLevel::Report(Level::Error))?;
    }
    Ok(config)
}

fn lint_file(linter: &Linter, path: &Path, args: &LintArgs) -> FileResult {
    let bytes = match files::read_post(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            return FileResult {
                diagnostics: vec![Linter::unreadable(path, &error)],
                fixed: Vec::new(),
                diff: None,
                unreadable: true,
                bytes: 0,
            }
        }
    };
    let size = bytes.len() as u64;
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) if args.fix || args.diff => text,
        _ => {
            return FileResult {
                diagnostics: linter.lint_bytes(path, &bytes),
                fixed: Vec::new(),
                diff: None,
                unreadable: false,
                bytes: size,
            }
        }
    };
    if args.diff && !args.fix {
        let outcome = linter.fix(path, text);
        let diff = (outcome.text != text).then(|| unified_diff(path, text, &outcome.text));
        return FileResult {
            diagnostics: linter.lint(path, text),
            fixed: outcome.fixed,
            diff,
            unreadable: false,
            bytes: size,
        };
    }
    let outcome = linter.lint_and_fix(path, text);
    let diff = (args.diff && outcome.text != text).then(|| unified_diff(path, text, &outcome.text));
    let mut diagnostics = outcome.remaining;
    if outcome.text != text {
        if let Err(error) = output::write_atomically(path, outcome.text.as_bytes()) {
            diagnostics = vec![Linter::unreadable(path, &error)];
            return FileResult {
                diagnostics,
                fixed: Vec::new(),
                diff: None,
                unreadable: true,
                bytes: size,
            };
        }
    }
    FileResult {
        diagnostics,
        fixed: outcome.fixed,
        diff,
        unreadable: false,
        bytes: size,
    }
}

fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

fn tally_of(result: &FileResult) -> Tally {
    Tally {
        posts: 1,
        failed: usize::from(result.unreadable),
        errors: result
            .diagnostics
            .iter()
            .filter(|d| d.level == Level::Error)
            .count(),
        warnings: result
            .diagnostics
            .iter()
            .filter(|d| d.level == Level::Warning)
            .count(),
        bytes: result.bytes,
    }
}
