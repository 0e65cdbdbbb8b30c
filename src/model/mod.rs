//! The typed model of a post: plain data, built by the parser and read by the
//! validator and the converters.

mod body;
mod date;
mod date_line;
mod front_matter;
mod furniture;
mod post;
mod problem;
pub mod visit;

pub use body::{Block, Cell, EmbedKind, Image, Inline, ListItem, Row};
pub use date::{DateError, PostDate, Precision};
pub use date_line::DateLine;
pub(crate) use front_matter::EntryValue;
pub use front_matter::{FieldSpans, FrontMatter};
pub use furniture::{FurnitureKind, UnknownFurnitureKind};
pub(crate) use post::PostJson;
pub use post::{DateSource, Epoch, Header, Post};
pub use problem::Problem;
