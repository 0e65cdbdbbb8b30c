//! # newspost
//!
//! A typed model, a parser, a validator and converters for news-archive posts: Jekyll
//! files with YAML front matter, an epoch-milliseconds comment, a Markdown link to the
//! source underlined with dashes, and a raw HTML body.
//!
//! ```
//! let text = r#"---
//! layout: post
//! title: "习近平：中国支持哈萨克斯坦加入金砖合作机制"
//! date: 2024-07-03T08:00:33.000Z
//! author: 联合早报
//! from: https://www.zaobao.com/realtime/china/story20240703-4032055
//! tags: [ 联合早报 ]
//! comments: True
//! categories: [ 联合早报 ]
//! ---
//! <!--1719993633000-->
//! [习近平：中国支持哈萨克斯坦加入金砖合作机制](https://www.zaobao.com/realtime/china/story20240703-4032055)
//! ------
//!
//! <div>
//! <p>第一段。</p><section id="imu"><div id="dfp-ad-imu1"></div></section><p>第二段。</p>
//! </div>
//! "#;
//! let post = newspost::parse(text)?;
//! assert_eq!(post.title(), Some("习近平：中国支持哈萨克斯坦加入金砖合作机制"));
//! assert_eq!(post.body.len(), 2); // the ad slot is gone
//! let json = newspost::to_json_string(&post);
//! assert_eq!(newspost::from_json_str(&json).unwrap(), post);
//! # Ok::<(), newspost::Error>(())
//! ```
//!
//! ## Cargo features
//!
//! | feature | default | adds |
//! |---|---|---|
//! | `lint` | yes | the validator: `Linter`, the rules, diagnostics and their renderers (`render`), `newspost.toml` |
//! | `text` | no | plain text: `to_text_string`, `write_text`, `TextOptions` |
//! | `epub` | no | EPUB books: `write_epub`, `EpubOptions`, `Anthology` / `BookWriter` for whole archives |
//! | `webp` | no | WebP images in books, transcoded to JPEG or PNG (the `image` crate) |
//! | `fetch` | no | `HttpImageResolver`: images fetched over HTTP(S) into a cache (ureq, rustls) |
//! | `schema` | no | `post_json_schema`: the JSON output's JSON Schema, derived from the types |
//! | `parquet` | no | `ParquetWriter`, `write_parquet`: posts (or blocks) as Parquet rows for query engines (the arrow and parquet crates) |
//!
//! Parsing, the model, writing back ([`write()`]) and JSON are always there, and so is
//! [`archive`]: whole archives walked in path order, worked on in parallel with results in
//! order, linted across files (with `lint`) and made into books (with `epub`). The default
//! (`newspost = "…"`) is parse + JSON + lint, what a CI check or an indexer needs;
//! converters are opt-in because they carry most of the build (EPUB a zip writer with
//! deflate). The crate counts and build times of each set are in the README.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod archive;
#[cfg(any(feature = "lint", feature = "text", feature = "epub"))]
mod byte_scan;
pub mod convert;
#[cfg(feature = "lint")]
mod diagnostics;
mod encoding;
mod error;
#[cfg(feature = "lint")]
mod lint;
mod model;
mod parse;
mod quoting;
mod span;
mod url_identity;
mod white_space;

#[allow(deprecated)]
pub use convert::archive::write_to;
pub use convert::archive::{to_archive_string, write, write_archive, ArchiveOptions};
#[cfg(feature = "epub")]
pub use convert::epub::{
    write_epub, Anthology, BookReport, BookWriter, DirImageResolver, EpubError, EpubOptions,
    GroupBy, ImageResolver, Split, Volume,
};
#[cfg(feature = "fetch")]
pub use convert::epub::{FetchOptions, HttpImageResolver};
#[cfg(feature = "schema")]
pub use convert::json::post_json_schema;
#[allow(deprecated)]
pub use convert::json::write_json_with;
pub use convert::json::{
    from_json_str, to_json_string, to_json_string_pretty, to_json_string_with, write_json,
    JsonOptions,
};
#[cfg(feature = "parquet")]
pub use convert::parquet::{write_parquet, ParquetOptions, ParquetTable, ParquetWriter};
#[cfg(feature = "text")]
pub use convert::text::{to_text_string, write_text, TextOptions};
#[cfg(feature = "lint")]
pub use diagnostics::render;
#[cfg(feature = "lint")]
pub use diagnostics::{
    apply_fixes, Applicability, AppliedFixes, BadFingerprint, Diagnostic, Edit, Fingerprint, Fix,
    Level, RuleInfo, RuleLevel, UnknownLevel,
};
pub use encoding::guess_encoding;
pub use error::{Error, ErrorKind};
#[cfg(feature = "lint")]
pub use lint::{
    find_config_file, rule_docs, rule_infos, ConfigError, FixOutcome, LintConfig, Linter, Trust,
    CONFIG_FILE_NAME, FILE_ERROR_RULE, LIMIT_RULE, MAX_FINDINGS_PER_FILE, MAX_FINDINGS_PER_RULE,
    UNKNOWN_RULE,
};
// What only the command line and the crate's own docs generator use: the `--now` flag's
// format and `docs/rules.md`. Still exported, out of the docs (docs/api.md).
#[cfg(feature = "lint")]
#[doc(hidden)]
pub use lint::{parse_now, rules_markdown};
pub use model::visit;
pub use model::{
    Block, Cell, DateError, DateLine, DateSource, EmbedKind, Epoch, FieldSpans, FrontMatter,
    FurnitureKind, Header, Image, Inline, ListItem, Post, PostDate, Precision, Problem, Row,
    UnknownFurnitureKind,
};
#[allow(deprecated)]
pub use parse::parse_lenient_bytes;
pub use parse::{
    parse, parse_bytes, parse_bytes_with, parse_lenient, parse_lenient_bytes_with,
    parse_lenient_with, parse_with, recover, FurnitureConfigError, FurnitureRule, FurnitureRules,
    NoiseRule, NoiseRules, ParseOptions, Parsed, Select, UrlRef, FURNITURE_ATTRIBUTE,
};
pub use span::{LineIndex, Position, Span};

/// The README's examples, run as doctests.
#[cfg(all(doctest, feature = "lint", feature = "text", feature = "epub"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
