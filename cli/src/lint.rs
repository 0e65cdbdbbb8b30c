//! `newspost lint`: check posts against the lint rules, report in any of the library's
//! formats, and optionally repair what can be repaired.

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use newspost::render::{Format, RenderOptions, Renderer};
use newspost::{Diagnostic, Level, LintConfig, Linter, RuleLevel, Trust};

use crate::baseline::{Baseline, Recorder};
use crate::batch::{self, BatchArgs, Tally};
use crate::summary::{self, count};
use crate::{files, output, select};

/// Which side `--fix` trusts when `date` and the epoch comment disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TrustArg {
    /// Rewrite the epoch comment from `date`.
    Date,
    /// Rewrite `date` from the epoch comment.
    Epoch,
}

/// When the human format is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// When writing to a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always, even into a file or pipe.
    Always,
    /// Never.
    Never,
}

/// The `--format` parser: the library's format names, each with its description.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(
        Format::ALL
            .iter()
            .map(|f| PossibleValue::new(f.name()).help(f.description())),
    )
    .try_map(|name| name.parse::<Format>())
}

/// Arguments of `newspost lint`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = crate::EXIT_CODES_HELP)]
pub struct LintArgs {
    /// Files and directories to check (the posts below a directory: see `include` and
    /// `exclude` in docs/ci.md); `-` reads one post from standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, default_value = "human", value_parser = format_parser())]
    format: Format,
    /// When to colour the human format (`auto` honours NO_COLOR).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Apply the fixes: rewrite only the bytes they change, atomically, and report them.
    #[arg(long)]
    fix: bool,
    /// With --fix: also rewrite read-only files (keeping their mode) and files with several
    /// hard links (in place, so that every name sees the fix); without it they are
    /// reported and left alone.
    #[arg(long, requires = "fix")]
    fix_protected: bool,
    /// Print the fixes as a unified diff on stdout (diagnostics go to stderr); without
    /// --fix nothing is written.
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
    /// The path of the post read from `-`, for messages, rules that read the file name
    /// and the configuration lookup.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Hold files named on the command line to the same choice of posts as a directory's
    /// (default skips, `include`, `exclude`): for lists of changed files.
    #[arg(long)]
    force_exclude: bool,
    /// Report only findings not recorded in FILE (see --write-baseline).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record every finding of this run in the --baseline FILE instead of reporting them.
    #[arg(long, requires = "baseline")]
    write_baseline: bool,
    /// Count the findings per rule: the table replaces the human listing (with another
    /// --format it follows the summary on stderr).
    #[arg(long)]
    statistics: bool,
    #[command(flatten)]
    batch: BatchArgs,
    #[command(flatten)]
    links: files::LinkArgs,
}

/// What linting one file gave.
struct FileResult {
    diagnostics: Vec<Diagnostic>,
    fixed: Vec<Diagnostic>,
    diff: Option<String>,
    /// The file's text, kept when the human format shows its lines.
    text: Option<String>,
    unreadable: bool,
    written: bool,
    bytes: u64,
}

impl FileResult {
    fn unreadable(path: &Path, error: &std::io::Error, bytes: u64) -> FileResult {
        FileResult {
            diagnostics: vec![Linter::unreadable(path, error)],
            fixed: Vec::new(),
            diff: None,
            text: None,
            unreadable: true,
            written: false,
            bytes,
        }
    }
}

pub fn run(args: LintArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let clock = summary::Clock::start();
    let from_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if from_stdin && args.paths.len() > 1 {
        return Err("`-` (standard input) cannot be mixed with other paths".into());
    }
    if from_stdin && args.fix {
        return Err("--fix cannot write back to standard input; use --diff".into());
    }
    let config_path = configured_path(&args, from_stdin);
    let (config, config_file) = configure(&args, config_path.as_deref())?;
    let selection = select::Selection::new(&config, config_file.as_deref())?;
    let (files, skipped) = if from_stdin {
        (Vec::new(), Vec::new())
    } else {
        files::collect_selected(&args.paths, &selection, args.force_exclude, args.links)?
    };
    let skipped_failed = files::report_skipped(&skipped);
    if files.is_empty() && !from_stdin {
        eprintln!("{}", summary::no_post_found(&args.paths));
    }
    let linter = Linter::new(config);

    // With --diff the patch owns stdout, and the report goes to stderr.
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let (mut report_out, mut diff_out): (Box<dyn Write>, Option<Box<dyn Write>>) = if args.diff {
        (
            Box::new(std::io::BufWriter::new(stderr.lock())),
            Some(Box::new(std::io::BufWriter::new(stdout.lock()))),
        )
    } else {
        (
            Box::new(std::io::BufWriter::with_capacity(
                output::BUFFER,
                stdout.lock(),
            )),
            None,
        )
    };
    let to_terminal = if args.diff {
        std::io::stderr().is_terminal()
    } else {
        std::io::stdout().is_terminal()
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let options = RenderOptions::default()
        .with_color(color)
        .with_rules(newspost::rule_infos());
    let mut report = Report {
        renderer: Renderer::new(args.format, &mut *report_out, options)?,
        list: !(args.write_baseline || args.statistics && args.format == Format::Human),
        baseline: args
            .baseline
            .as_deref()
            .filter(|_| !args.write_baseline)
            .map(Baseline::read)
            .transpose()?,
        recorder: args
            .baseline
            .as_deref()
            .filter(|_| args.write_baseline)
            .map(Recorder::new),
        statistics: HashMap::new(),
        any_error: false,
        any_unreadable: skipped_failed,
        fixes: 0,
        fixed_files: 0,
        quiet: args.batch.quiet,
        fix: args.fix,
        diff_shown: args.diff && (std::io::stdout().is_terminal() || in_github_actions()),
    };

    // Inside a GitHub workflow, the runner reads workflow commands from every line of
    // output: a post's line `::error…` in a diff must not become one. The runner's
    // `stop-commands` turns that off until the token comes back.
    let stop_token = diff_out
        .as_ref()
        .filter(|_| args.format == Format::Github || in_github_actions())
        .map(|_| stop_commands_token());
    if let (Some(token), Some(out)) = (&stop_token, diff_out.as_deref_mut()) {
        writeln!(out, "::stop-commands::{token}")?;
    }
    let mut tally = if from_stdin {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        let result = lint_stdin(&linter, &name, &args);
        let tally = report.add(&name, result, diff_out.as_deref_mut())?;
        tally
    } else {
        batch::run(
            &files,
            &args.batch,
            |path| lint_file(&linter, path, &args),
            |path, result: FileResult| report.add(path, result, diff_out.as_deref_mut()),
        )?
    };

    let across_files: Vec<Diagnostic> = linter
        .finish()
        .into_iter()
        .filter_map(|d| report.keep(d))
        .collect();
    for d in &across_files {
        match d.level {
            Level::Error => tally.errors += 1,
            Level::Warning => tally.warnings += 1,
            _ => {}
        }
    }
    report.any_error |= across_files.iter().any(|d| d.level == Level::Error);
    let Report {
        renderer,
        list,
        baseline,
        recorder,
        statistics,
        any_error,
        any_unreadable,
        fixes,
        fixed_files,
        ..
    } = report;
    renderer.finish(if list { &across_files } else { &[] })?;
    drop(report_out);
    if let Some(mut out) = diff_out {
        if let Some(token) = &stop_token {
            writeln!(out, "::{token}::")?;
        }
        out.flush()?;
    }
    if args.statistics {
        let table = statistics_table(&statistics);
        if args.format == Format::Human {
            print!("{table}");
        } else {
            eprint!("{table}");
        }
    }
    if !args.batch.quiet {
        eprintln!("{}", summary::line(&tally, clock.elapsed()));
        if !across_files.is_empty() {
            eprintln!(
                "newspost: {} across files (duplicate-source)",
                count(across_files.len(), "finding")
            );
        }
        if args.fix {
            eprintln!(
                "newspost: fixed {} in {}",
                count(fixes, "problem"),
                count(fixed_files, "file")
            );
        } else if args.diff {
            eprintln!(
                "newspost: {} in {} shown as a diff; nothing was written (--fix applies them)",
                count(fixes, "fixable problem"),
                count(fixed_files, "file")
            );
        }
        if let Some(baseline) = &baseline {
            eprintln!(
                "newspost: {} hidden by the baseline; {} in it no longer found",
                count(baseline.hidden, "known finding"),
                baseline.unseen()
            );
        }
    }
    if let Some(recorder) = recorder {
        let written = recorder.write()?;
        if !args.batch.quiet {
            if let Some(path) = &args.baseline {
                eprintln!(
                    "newspost: wrote {} to the baseline {}",
                    count(written, "finding"),
                    crate::shown::path(path)
                );
            }
        }
        return Ok(if any_unreadable {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    Ok(if any_error || any_unreadable {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The run's report: the renderer and what is counted on the way.
struct Report<'w> {
    renderer: Renderer<'w>,
    /// Whether diagnostics are listed (not when only counted or recorded).
    list: bool,
    baseline: Option<Baseline>,
    recorder: Option<Recorder>,
    /// Per rule and level: findings and how many of them are fixable.
    statistics: HashMap<(&'static str, Level), (usize, usize)>,
    any_error: bool,
    any_unreadable: bool,
    fixes: usize,
    fixed_files: usize,
    quiet: bool,
    fix: bool,
    /// The diff is read by a person (a terminal, a CI log), not applied.
    diff_shown: bool,
}

impl Report<'_> {
    /// `d` if it is to be reported: not known to the baseline; recorded and counted.
    fn keep(&mut self, d: Diagnostic) -> Option<Diagnostic> {
        if let Some(recorder) = &mut self.recorder {
            recorder.record(&d);
        }
        if let Some(baseline) = &mut self.baseline {
            if !baseline.is_new(&d) {
                return None;
            }
        }
        let entry = self.statistics.entry((d.rule, d.level)).or_default();
        entry.0 += 1;
        entry.1 += usize::from(d.fix.is_some());
        Some(d)
    }

    /// Reports one file's result, in path order.
    fn add(
        &mut self,
        path: &Path,
        result: FileResult,
        diff_out: Option<&mut (dyn Write + '_)>,
    ) -> Result<Tally, Box<dyn std::error::Error>> {
        self.any_unreadable |= result.unreadable;
        self.fixes += result.fixed.len();
        self.fixed_files += usize::from(!result.fixed.is_empty() && (result.written || !self.fix));
        if self.fix && !self.quiet {
            for d in &result.fixed {
                eprintln!(
                    "fixed {}:{}:{}: [{}] {}",
                    crate::shown::path(path),
                    d.line(),
                    d.column(),
                    d.rule,
                    crate::shown::text(d.fix.as_ref().map_or("", |f| f.message.as_str()))
                );
            }
        }
        if let (Some(diff), Some(out)) = (&result.diff, diff_out) {
            if self.diff_shown {
                // For a terminal or a CI log, not for `patch`: control characters of the
                // post are shown as pictures.
                for line in diff.split_inclusive('\n') {
                    let (body, end) = match line.strip_suffix('\n') {
                        Some(body) => (body, "\n"),
                        None => (line, ""),
                    };
                    out.write_all(crate::shown::text(body).as_bytes())?;
                    out.write_all(end.as_bytes())?;
                }
            } else {
                out.write_all(diff.as_bytes())?;
            }
        }
        let diagnostics: Vec<Diagnostic> = result
            .diagnostics
            .into_iter()
            .filter_map(|d| self.keep(d))
            .collect();
        let tally = Tally {
            posts: 1,
            failed: usize::from(result.unreadable),
            errors: diagnostics
                .iter()
                .filter(|d| d.level == Level::Error)
                .count(),
            warnings: diagnostics
                .iter()
                .filter(|d| d.level == Level::Warning)
                .count(),
            bytes: result.bytes,
        };
        self.any_error |= tally.errors > 0;
        if self.list {
            self.renderer
                .file(path, &diagnostics, result.text.as_deref())?;
        }
        Ok(tally)
    }
}

/// The table of `--statistics`: most frequent first.
fn statistics_table(statistics: &HashMap<(&'static str, Level), (usize, usize)>) -> String {
    let mut rows: Vec<_> = statistics.iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(b.0)));
    let width = rows.iter().map(|(k, _)| k.0.len()).max().unwrap_or(0);
    let mut out = String::new();
    for ((rule, level), (found, fixable)) in rows {
        let fixable = if *fixable > 0 {
            format!("  [{fixable} fixable]")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{found:>7}  {rule:<width$}  {level}{fixable}\n",
            level = level.as_str()
        ));
    }
    out
}

/// Where the configuration is looked for: next to the first path (for `-`, next to the
/// `--stdin-filename`, else in the working directory).
fn configured_path(args: &LintArgs, from_stdin: bool) -> Option<PathBuf> {
    if from_stdin {
        return Some(
            args.stdin_filename
                .clone()
                .unwrap_or_else(|| PathBuf::from("-")),
        );
    }
    args.paths.first().cloned()
}

/// The configuration: the file (given, or found next to the posts), then the flags; and
/// the file it came from.
fn configure(
    args: &LintArgs,
    first_path: Option<&Path>,
) -> Result<(LintConfig, Option<PathBuf>), Box<dyn std::error::Error>> {
    let file = match &args.config {
        Some(path) => Some(path.clone()),
        None => first_path.and_then(newspost::find_config_file),
    };
    let mut config = match &file {
        Some(path) => LintConfig::from_path(path)?,
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
    Ok((config, file))
}

fn lint_file(linter: &Linter, path: &Path, args: &LintArgs) -> FileResult {
    if !args.fix && !args.diff {
        let linted = newspost::archive::lint_file(linter, path, args.format.shows_source());
        return FileResult {
            diagnostics: linted.diagnostics,
            fixed: Vec::new(),
            diff: None,
            text: linted.text,
            unreadable: linted.unreadable,
            written: false,
            bytes: linted.bytes,
        };
    }
    match newspost::archive::read_post(path, newspost::archive::default_limit()) {
        Ok(bytes) => lint_bytes(linter, path, bytes, args, true),
        Err(error) => FileResult::unreadable(path, &error.into(), 0),
    }
}

/// Reads one post from standard input, up to the parser's limit.
fn lint_stdin(linter: &Linter, name: &Path, args: &LintArgs) -> FileResult {
    let limit = newspost::ParseOptions::default().max_input_bytes;
    let mut bytes = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes);
    match read {
        Err(error) => FileResult::unreadable(name, &error, 0),
        Ok(_) if bytes.len() > limit => FileResult::unreadable(
            name,
            &std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("more than the limit of {limit} bytes"),
            ),
            0,
        ),
        Ok(_) => lint_bytes(linter, name, bytes, args, false),
    }
}

/// Lints (and with --fix, repairs and writes back when `writable`) one post's bytes.
fn lint_bytes(
    linter: &Linter,
    path: &Path,
    bytes: Vec<u8>,
    args: &LintArgs,
    writable: bool,
) -> FileResult {
    let size = bytes.len() as u64;
    let keep_text = args.format.shows_source();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            return FileResult {
                diagnostics: linter.lint_bytes(path, error.as_bytes()),
                fixed: Vec::new(),
                diff: None,
                text: None,
                // Not UTF-8: a file that could not be read as a post, like an unreadable
                // or oversized one.
                unreadable: true,
                written: false,
                bytes: size,
            };
        }
    };
    if !args.fix && !args.diff {
        let diagnostics = linter.lint(path, &text);
        let text = (keep_text && !diagnostics.is_empty()).then_some(text);
        return FileResult {
            diagnostics,
            fixed: Vec::new(),
            diff: None,
            text,
            unreadable: false,
            written: false,
            bytes: size,
        };
    }
    if !args.fix {
        let outcome = linter.fix(path, &text);
        let diff = (outcome.text != text).then(|| unified_diff(path, &text, &outcome.text));
        let diagnostics = linter.lint(path, &text);
        return FileResult {
            diagnostics,
            fixed: outcome.fixed,
            diff,
            text: keep_text.then_some(text),
            unreadable: false,
            written: false,
            bytes: size,
        };
    }
    let outcome = linter.lint_and_fix(path, &text);
    let changed = outcome.text != text;
    let diff = (args.diff && changed).then(|| unified_diff(path, &text, &outcome.text));
    if changed && writable {
        let protected = output::Protected {
            allowed: args.fix_protected,
        };
        if let Err(error) = output::rewrite_post(path, outcome.text.as_bytes(), protected) {
            let mut result = FileResult::unreadable(path, &error, size);
            for d in &mut result.diagnostics {
                d.message = format!("not fixed: {error}");
            }
            return result;
        }
    }
    FileResult {
        diagnostics: outcome.remaining,
        fixed: outcome.fixed,
        diff,
        text: keep_text.then_some(outcome.text),
        unreadable: false,
        written: changed && writable,
        bytes: size,
    }
}

/// Whether the run is a step of a GitHub Actions workflow.
fn in_github_actions() -> bool {
    std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true")
}

/// A token for `::stop-commands::` that no post can guess: it changes with every run.
fn stop_commands_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    if let Ok(elapsed) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(elapsed.as_nanos());
    }
    format!("newspost-diff-{:016x}", hasher.finish())
}

fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let name = crate::shown::path(path);
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}
