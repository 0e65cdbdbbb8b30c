//! `newspost lint` (being written).

use std::process::ExitCode;

/// Arguments of `newspost lint`.
#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Files and directories to check.
    #[arg(required = true)]
    paths: Vec<std::path::PathBuf>,
}

pub fn run(args: LintArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let _ = args;
    Err("lint is not available yet".into())
}
