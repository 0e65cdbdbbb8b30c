//! [`Post`](crate::model::Post) → other formats. One module per format, each with a
//! `write_X(&Post, …, impl Write)` and a `to_X_string` function (EPUB, a binary format,
//! has `write_epub` only).

pub mod epub;
pub mod json;
pub mod text;

mod labels;
mod language;
mod link_list;
mod links;
mod meta;
mod sanitize;
mod uri;
