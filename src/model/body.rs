use serde::{Deserialize, Serialize};

use super::furniture::FurnitureKind;
use crate::span::Span;

/// A block of the body. Serialized as an object with a `type` field
/// (`paragraph`, `figure`, `heading`, `list`, `quote`, `table`, `embed`, `code`, `rule`,
/// `furniture`).
// Rust-only, so kept out of the JSON Schema's description (docs/post.schema.json), which
// the derive takes from the doc comment.
#[cfg_attr(
    doc,
    doc = "",
    doc = "`==` compares content, not place: the blocks' `span`s always compare equal (see",
    doc = "[`Span`'s equality](Span#equality)), so a block read back from JSON, whose spans are",
    doc = "unknown, equals the parsed one. Compare positions with [`Span::same_position`]."
)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Block {
    /// A paragraph of inline content.
    Paragraph {
        /// The content; never empty in a parsed post.
        inlines: Vec<Inline>,
        /// Where the element that made it starts and ends.
        #[serde(skip)]
        span: Span,
    },
    /// One or more images with an optional caption.
    Figure {
        /// The images, in order; may be empty when only a caption survived.
        images: Vec<Image>,
        /// The caption; empty when there is none.
        #[serde(default)]
        caption: Vec<Inline>,
        /// Where the figure starts and ends.
        #[serde(skip)]
        span: Span,
    },
    /// A heading (`h1`–`h6`).
    Heading {
        /// 1 to 6.
        level: u8,
        /// The heading text.
        inlines: Vec<Inline>,
        /// Where the heading starts and ends.
        #[serde(skip)]
        span: Span,
    },
    /// An ordered or unordered list.
    List {
        /// `ol` (true) or `ul` (false).
        ordered: bool,
        /// The items, in order.
        items: Vec<ListItem>,
        /// Where the list starts and ends.
        #[serde(skip)]
        span: Span,
    },
    /// A block quotation.
    Quote {
        /// The quoted blocks.
        blocks: Vec<Block>,
        /// Where the quotation starts and ends.
        #[serde(skip)]
        span: Span,
    },
    /// A table, as rows of cells.
    Table {
        /// The rows, header rows first as written.
        rows: Vec<Row>,
        /// Where the table starts and ends.
        #[serde(skip)]
        span: Span,
    },
    /// Embedded media: an `iframe`, `video` or `audio`.
    Embed {
        /// Which element it was.
        kind: EmbedKind,
        /// The media URL as written.
        src: String,
        /// Where the element starts and ends.
        #[serde(skip)]
        span: Span,
    },
    /// Preformatted text (`pre`), whitespace kept.
    Code {
        /// The text, exactly.
        text: String,
        /// Where the element starts and ends.
        #[serde(skip)]
        span: Span,
    },
    /// A thematic break (`hr`).
    Rule {
        /// Where the element is.
        #[serde(skip)]
        span: Span,
    },
    /// Page furniture: blocks of the scraped page that are not the article (navigation,
    /// share buttons, related links, comments, credit lines…), kept so that nothing is
    /// lost. Text and EPUB leave them out unless asked to keep them. Never nested.
    Furniture {
        /// What part of the page it is.
        kind: FurnitureKind,
        /// The blocks, as they would be read were they article content.
        blocks: Vec<Block>,
        /// Where the furniture's first element starts.
        #[serde(skip)]
        span: Span,
    },
}

impl Block {
    /// Where the block sits in the file.
    pub fn span(&self) -> Span {
        match self {
            Block::Paragraph { span, .. }
            | Block::Figure { span, .. }
            | Block::Heading { span, .. }
            | Block::List { span, .. }
            | Block::Quote { span, .. }
            | Block::Table { span, .. }
            | Block::Embed { span, .. }
            | Block::Code { span, .. }
            | Block::Furniture { span, .. }
            | Block::Rule { span } => *span,
        }
    }

    /// The furniture kind, for a [`Block::Furniture`].
    pub fn furniture_kind(&self) -> Option<FurnitureKind> {
        match self {
            Block::Furniture { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// A paragraph holding one text run.
    ///
    /// ```
    /// use newspost::{Block, Inline};
    /// let p = Block::paragraph("Hello");
    /// assert!(matches!(p, Block::Paragraph { ref inlines, .. } if Inline::plain_text(inlines) == "Hello"));
    /// ```
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph {
            inlines: vec![Inline::text(text)],
            span: Span::default(),
        }
    }
}

/// An item of a [`Block::List`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ListItem {
    /// The item's content; inline content of an `li` becomes a paragraph.
    pub blocks: Vec<Block>,
}

impl ListItem {
    /// An item of these blocks.
    pub fn new(blocks: Vec<Block>) -> Self {
        ListItem { blocks }
    }
}

/// A row of a [`Block::Table`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Row {
    /// The cells, in order.
    pub cells: Vec<Cell>,
}

impl Row {
    /// A row of these cells.
    pub fn new(cells: Vec<Cell>) -> Self {
        Row { cells }
    }
}

/// A cell of a [`Row`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Cell {
    /// `th` (true) or `td` (false).
    #[serde(default)]
    pub header: bool,
    /// The cell's content.
    pub inlines: Vec<Inline>,
}

impl Cell {
    /// A cell of this content.
    pub fn new(header: bool, inlines: Vec<Inline>) -> Self {
        Cell { header, inlines }
    }
}

/// What kind of element an [`Block::Embed`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EmbedKind {
    /// `iframe` (video players, social media posts, maps).
    Iframe,
    /// `video`.
    Video,
    /// `audio`.
    Audio,
}

/// An image of a [`Block::Figure`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Image {
    /// The image URL as written, taken from a lazy-load attribute when `src` is missing or
    /// a placeholder. May be relative; resolve it against the post's `from`.
    pub src: String,
    /// The `alt` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    /// The `title` attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where the `img` (or `source`) element is.
    #[serde(skip)]
    pub span: Span,
}

impl Image {
    /// An image with this URL and nothing else.
    pub fn new(src: impl Into<String>) -> Self {
        Image {
            src: src.into(),
            ..Image::default()
        }
    }
}

/// Inline content. Serialized as an object with a `type` field
/// (`text`, `link`, `emphasis`, `strong`, `line_break`, `code`).
// Rust-only, kept out of the JSON Schema (see `Block`).
#[cfg_attr(
    doc,
    doc = "",
    doc = "As for [`Block`], `==` ignores the links' `span`s (see [`Span`'s equality](Span#equality))."
)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Inline {
    /// Plain text, entities decoded, white space collapsed to single spaces.
    Text {
        /// The text.
        text: String,
    },
    /// A hyperlink.
    Link {
        /// The target as written. May be relative; resolve it against the post's `from`.
        href: String,
        /// The link's content.
        children: Vec<Inline>,
        /// Where the `a` element starts.
        #[serde(skip)]
        span: Span,
    },
    /// Emphasis (`em`, `i`).
    Emphasis {
        /// The emphasised content.
        children: Vec<Inline>,
    },
    /// Strong importance (`strong`, `b`).
    Strong {
        /// The strong content.
        children: Vec<Inline>,
    },
    /// A line break (`br`).
    LineBreak,
    /// Inline code (`code`), text as written.
    Code {
        /// The code.
        text: String,
    },
}

impl Inline {
    /// A text run.
    pub fn text(text: impl Into<String>) -> Inline {
        Inline::Text { text: text.into() }
    }

    /// The content's plain text, a line break counted as a space.
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        push_plain_text(inlines, &mut out);
        out
    }
}

fn push_plain_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Link { children, .. }
            | Inline::Emphasis { children }
            | Inline::Strong { children } => push_plain_text(children, out),
            Inline::LineBreak => out.push(' '),
        }
    }
}
