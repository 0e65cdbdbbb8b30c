//! A minimal converter: each post named on the command line to JSON Lines, plain text, the
//! archive format (canonical form) or an EPUB book, with every problem the parser
//! recovered from reported on stderr. Every format goes through the converters' one
//! shape: `write_X(&post, &XOptions, writer)`, failing with `newspost::convert::Error`.
//!
//! ```sh
//! cargo run --features text,epub --example convert -- jsonl tests/fixtures/parse/example.md
//! cargo run --features text,epub --example convert -- text tests/fixtures/convert/*.md
//! cargo run --features text,epub --example convert -- archive tests/fixtures/parse/example.md
//! cargo run --features text,epub --example convert -- epub tests/fixtures/convert/*.md > book.epub
//! ```
//!
//! The `newspost` command (`cli/`) does the same for whole archives, in parallel.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(format), paths) = (args.next(), args.collect::<Vec<_>>()) else {
        eprintln!("usage: convert jsonl|text|archive|epub POST.md...");
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
        let parsed = newspost::parse_lenient_bytes_with(&bytes, &newspost::ParseOptions::default());
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
    let written: Result<(), newspost::convert::Error> = match format.as_str() {
        "jsonl" => posts.iter().try_for_each(|post| {
            newspost::write_json(post, &newspost::JsonOptions::default(), &mut out)?;
            Ok(out.write_all(b"\n")?)
        }),
        "text" => posts.iter().try_for_each(|post| {
            newspost::write_text(post, &newspost::TextOptions::default(), &mut out)?;
            Ok(out.write_all(b"\n")?)
        }),
        "archive" => posts.iter().try_for_each(|post| {
            newspost::write_archive(post, &newspost::ArchiveOptions::default(), &mut out)
        }),
        "epub" => newspost::write_epub(&posts, &newspost::EpubOptions::default(), &mut out),
        other => {
            eprintln!("unknown format {other:?}: jsonl, text, archive or epub");
            return ExitCode::from(2);
        }
    };
    if let Err(error) = written.and_then(|()| Ok(out.flush()?)) {
        eprintln!("writing: {error}");
        return ExitCode::from(2);
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
