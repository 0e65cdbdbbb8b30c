//! `newspost-hook [--fix] FILE...`: the pre-commit hook (`.pre-commit-hooks.yaml`).
//!
//! pre-commit's `language: rust` installs the binaries of the repository's root package,
//! which is this library: the full command (`cli/`, crate `newspost-cli`) would need
//! clap and the rest in the library's dependencies. So the hook is this small program over
//! the library alone: it lints the files pre-commit passes (rules, levels, `now`, `trust`
//! and inline suppression from `newspost.toml` as the command reads them), prints the
//! findings in the human format, with `--fix` repairs what is unambiguous, and exits
//! 1 when an error-level finding or an unreadable file is left (pre-commit then fails the
//! commit), 2 on a bad configuration. Which files are posts is pre-commit's `files` and
//! `exclude` (the hook takes Markdown files).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use newspost::render::{Format, RenderOptions, Renderer};
use newspost::{Level, LintConfig, Linter};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(error) => {
            eprintln!("newspost-hook: {error}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut fix = false;
    let mut files = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.to_str() {
            Some("--fix") => fix = true,
            Some("--help" | "-h") => {
                println!("usage: newspost-hook [--fix] FILE...  (the pre-commit hook of newspost)");
                return Ok(ExitCode::SUCCESS);
            }
            _ => files.push(PathBuf::from(arg)),
        }
    }
    let config = match files.first().and_then(|f| newspost::find_config_file(f)) {
        Some(path) => LintConfig::from_path(&path)?,
        None => LintConfig::default(),
    };
    let linter = Linter::new(config);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut renderer = Renderer::new(Format::Human, &mut out, RenderOptions::default())?;
    let mut failed = false;
    for path in &files {
        let text = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(error) => {
                    let diagnostics = linter.lint_bytes(path, error.as_bytes());
                    renderer.file(path, &diagnostics, None)?;
                    failed = true;
                    continue;
                }
            },
            Err(error) => {
                renderer.file(path, &[Linter::unreadable(path, &error)], None)?;
                failed = true;
                continue;
            }
        };
        let (diagnostics, shown) = if fix {
            let outcome = linter.lint_and_fix(path, &text);
            if outcome.text != text {
                // Written in place, keeping the file (its mode, owner and links) as it is.
                std::fs::write(path, &outcome.text)?;
                eprintln!(
                    "newspost-hook: fixed {} in {}",
                    outcome.fixed.len(),
                    path.display()
                );
            }
            (outcome.remaining, outcome.text)
        } else {
            (linter.lint(path, &text), text)
        };
        failed |= diagnostics.iter().any(|d| d.level == Level::Error);
        renderer.file(path, &diagnostics, Some(&shown))?;
    }
    let across_files = linter.finish();
    failed |= across_files.iter().any(|d| d.level == Level::Error);
    renderer.finish(&across_files)?;
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
