//! [`Post`](crate::model::Post) → other formats. Every format has one shape:
//!
//! - an options struct, `XOptions` (`#[non_exhaustive]`, built from `Default` and
//!   `with_*` methods);
//! - `write_X(&Post, &XOptions, impl Write) -> Result<(), convert::Error>`;
//! - `to_X_string(&Post, &XOptions) -> String`, for the formats that are text;
//! - one error type for all of them, [`Error`].
//!
//! | format | module | options | writer | string |
//! |---|---|---|---|---|
//! | the archive's own (Jekyll post) | [`archive`] | `ArchiveOptions` | `write_archive` | `to_archive_string` (and `write`, its short form) |
//! | JSON | [`json`] | `JsonOptions` | `write_json` | `to_json_string_with` (and `to_json_string`, `to_json_string_pretty`: the default options, compact or indented) |
//! | plain text (feature `text`) | `text` | `TextOptions` | `write_text` | `to_text_string` |
//! | Parquet (feature `parquet`) | `parquet` | `ParquetOptions` | `write_parquet(&[Post], …)`, and `ParquetWriter` for whole archives | — (a binary format) |
//! | EPUB (feature `epub`) | `epub` | `EpubOptions` | `write_epub(&[Post], …)`, and `BookWriter` for whole archives | — (a binary format) |
//!
//! A new format (such as a columnar one) follows the same shape: a module here, its
//! options struct, `write_X` returning [`Error`] (add a variant for what only it can get
//! wrong), and its re-exports at the crate root.

pub mod archive;
#[cfg(feature = "epub")]
pub mod epub;
mod error;
mod escape;
pub mod json;
#[cfg(feature = "parquet")]
pub mod parquet;
#[cfg(feature = "text")]
pub mod text;

// What the readable formats (text and EPUB) share; with only one of them, parts go unused.
#[cfg(any(feature = "text", feature = "epub"))]
mod hidden;
#[cfg(any(feature = "text", feature = "epub"))]
#[cfg_attr(not(all(feature = "text", feature = "epub")), allow(dead_code))]
mod labels;
#[cfg(any(feature = "text", feature = "epub", feature = "parquet"))]
#[cfg_attr(not(all(feature = "text", feature = "epub")), allow(dead_code))]
mod language;
#[cfg(any(feature = "text", feature = "epub"))]
#[cfg_attr(not(all(feature = "text", feature = "epub")), allow(dead_code))]
mod link_list;
#[cfg(any(feature = "text", feature = "epub"))]
#[cfg_attr(not(all(feature = "text", feature = "epub")), allow(dead_code))]
mod links;
#[cfg(any(feature = "text", feature = "epub"))]
#[cfg_attr(not(all(feature = "text", feature = "epub")), allow(dead_code))]
mod meta;
#[cfg(any(feature = "text", feature = "epub"))]
#[cfg_attr(not(all(feature = "text", feature = "epub")), allow(dead_code))]
mod sanitize;
#[cfg(feature = "epub")]
mod uri;

pub use error::Error;
