//! A minimal converter: each post named on the command line to JSON Lines, plain text or
//! an EPUB book, with every problem the parser recovered from reported on stderr.
//!
//! ```sh
//! cargo run --features text,epub --example convert -- jsonl tests/fixtures/parse/example.md
//! cargo run --features text,epub --example convert -- text tests/fixtures/convert/*.md
//! cargo run --features text,epub --example convert -- epub tests/fixtures/convert/*.md > book.epub
//! ```
//!
//! The `newspost` command (`cli/`) does the same for whole archives, in parallel.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(format), paths) = (args.next(), args.collect::<Vec<_>>()) else {
        eprintln!("usage: convert jsonl|text|epub POST.md...");
        return ExitCode::from(2);
    };
    let mut posts = Vec::new();
    let mut failed = false;
    for path in &paths {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("{path}: {error}");
                failed = true;
                continue;
            }
        };
        let parsed = newspost::parse_lenient_bytes(&bytes, &newspost::ParseOptions::default());
        for error in &parsed.errors {
            eprintln!(
                "{path}:{}:{}: {}",
                error.line(),
                error.column(),
                error.kind()
            );
        }
        posts.push(parsed.post);
    }
    let mut out = std::io::stdout().lock();
    let written = match format.as_str() {
        "jsonl" => posts
            .iter()
            .try_for_each(|post| writeln!(out, "{}", newspost::to_json_string(post))),
        "text" => posts.iter().try_for_each(|post| {
            writeln!(
                out,
                "{}",
                newspost::to_text_string(post, &newspost::TextOptions::default())
            )
        }),
        "epub" => newspost::write_epub(&posts, &newspost::EpubOptions::default(), &mut out)
            .map_err(std::io::Error::other),
        other => {
            eprintln!("unknown format {other:?}: jsonl, text or epub");
            return ExitCode::from(2);
        }
    };
    if let Err(error) = written.and_then(|()| out.flush()) {
        eprintln!("writing: {error}");
        return ExitCode::from(2);
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
