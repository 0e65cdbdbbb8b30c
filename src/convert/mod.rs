//! [`Post`](crate::model::Post) → other formats. One module per format, each with a
//! `write_X(&Post, …, impl Write)` and a `to_X_string` function (EPUB, a binary format,
//! has `write_epub` only).

pub mod archive;
#[cfg(feature = "epub")]
pub mod epub;
pub mod json;
#[cfg(feature = "text")]
pub mod text;

// What the readable formats (text and EPUB) share; with only one of them, parts go unused.
#[cfg(any(feature = "text", feature = "epub"))]
#[cfg_attr(not(all(feature = "text", feature = "epub")), allow(dead_code))]
mod labels;
#[cfg(any(feature = "text", feature = "epub"))]
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
