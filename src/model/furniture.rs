//! What a block of page furniture is: the parts of a scraped page around the article.

use serde::{Deserialize, Serialize};

/// The kind of a [`Block::Furniture`](crate::Block::Furniture): which part of the page
/// around the article it is. Serialized in `snake_case` (`"feed_footer"`).
///
/// ```
/// use newspost::FurnitureKind;
/// assert_eq!("related".parse::<FurnitureKind>(), Ok(FurnitureKind::Related));
/// assert_eq!(FurnitureKind::FeedFooter.name(), "feed_footer");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FurnitureKind {
    /// Site navigation: menus, breadcrumbs, pagination, the page's own header.
    Navigation,
    /// A byline, "submitted by" or date line, or the page's copy of the title.
    Byline,
    /// Share and social-media buttons.
    Share,
    /// A subscribe or newsletter box.
    Subscribe,
    /// A list of related or recommended articles (`延伸閱讀`, `Related`).
    Related,
    /// Reader comments and the comment form.
    Comments,
    /// A copyright, credit or licence footer (`© 2020 AFP`).
    Credit,
    /// An advertising label or an ad slot's leftovers (`广告`, `Advertisement`).
    Advertising,
    /// A feed aggregator's footer (`获取更多RSS：…`).
    FeedFooter,
    /// A sidebar or the page's footer.
    Sidebar,
    /// Tags and category links of the page.
    Tags,
    /// Anything else a rule marks.
    Other,
}

impl FurnitureKind {
    /// Every kind, in declaration order.
    pub const ALL: [FurnitureKind; 12] = [
        FurnitureKind::Navigation,
        FurnitureKind::Byline,
        FurnitureKind::Share,
        FurnitureKind::Subscribe,
        FurnitureKind::Related,
        FurnitureKind::Comments,
        FurnitureKind::Credit,
        FurnitureKind::Advertising,
        FurnitureKind::FeedFooter,
        FurnitureKind::Sidebar,
        FurnitureKind::Tags,
        FurnitureKind::Other,
    ];

    /// The kind's name as in JSON and `newspost.toml`.
    pub fn name(self) -> &'static str {
        match self {
            FurnitureKind::Navigation => "navigation",
            FurnitureKind::Byline => "byline",
            FurnitureKind::Share => "share",
            FurnitureKind::Subscribe => "subscribe",
            FurnitureKind::Related => "related",
            FurnitureKind::Comments => "comments",
            FurnitureKind::Credit => "credit",
            FurnitureKind::Advertising => "advertising",
            FurnitureKind::FeedFooter => "feed_footer",
            FurnitureKind::Sidebar => "sidebar",
            FurnitureKind::Tags => "tags",
            FurnitureKind::Other => "other",
        }
    }
}

impl std::fmt::Display for FurnitureKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no [`FurnitureKind`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown furniture kind `{0}` (one of navigation, byline, share, subscribe, related, comments, credit, advertising, feed_footer, sidebar, tags, other)")]
pub struct UnknownFurnitureKind(pub String);

impl std::str::FromStr for FurnitureKind {
    type Err = UnknownFurnitureKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FurnitureKind::ALL
            .into_iter()
            .find(|kind| kind.name() == s)
            .ok_or_else(|| UnknownFurnitureKind(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name_and_serializes_as_it() {
        for kind in FurnitureKind::ALL {
            assert_eq!(kind.name().parse(), Ok(kind));
            assert_eq!(
                serde_json::to_string(&kind).ok(),
                Some(format!("\"{}\"", kind.name()))
            );
        }
        assert!("footer".parse::<FurnitureKind>().is_err());
    }
}
