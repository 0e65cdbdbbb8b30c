//! The typed model of a post: plain data, built by the parser and read by the
//! validator and the converters.

mod body;
mod date;
mod front_matter;
mod furniture;
mod post;

pub use body::{Block, Cell, EmbedKind, Image, Inline, ListItem, Row};
pub use date::{DateError, PostDate, Precision};
pub use front_matter::{FieldSpans, FrontMatter};
pub use furniture::{FurnitureKind, UnknownFurnitureKind};
pub use post::{Epoch, Header, Post};
