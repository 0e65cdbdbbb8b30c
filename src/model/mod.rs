//! The typed model of a post: plain data, built by the parser and read by the
//! validator and the converters.

mod body;
mod date;
mod date_line;
mod front_matter;
mod furniture;
mod post;
mod problem;
// Only the Parquet rows walk the body through it so far.
#[cfg_attr(not(feature = "parquet"), allow(dead_code))]
mod visit;

pub use body::{Block, Cell, EmbedKind, Image, Inline, ListItem, Row};
pub use date::{DateError, PostDate, Precision};
pub use date_line::DateLine;
pub(crate) use front_matter::EntryValue;
pub use front_matter::{FieldSpans, FrontMatter};
pub use furniture::{FurnitureKind, UnknownFurnitureKind};
pub(crate) use post::PostJson;
pub use post::{DateSource, Epoch, Header, Post};
pub use problem::Problem;
#[cfg_attr(not(feature = "parquet"), allow(unused_imports))]
pub(crate) use visit::{visit_blocks, Visit};
