//! What the readable formats (text and EPUB) leave out with page furniture. A scraped
//! page's teaser list can be a list whose every item is furniture (a `Related`
//! collection of cards): left out item by item, it would show as a column of empty
//! bullets, so such an item, and a list of nothing else, is left out whole.

use crate::model::{Block, ListItem};

/// Whether `item` shows nothing once furniture is left out: it has blocks, and each is
/// furniture or a list of such items. (An item empty in the source stays as written.)
pub(crate) fn item_is_furniture(item: &ListItem) -> bool {
    !item.blocks.is_empty() && item.blocks.iter().all(block_is_furniture)
}

fn block_is_furniture(block: &Block) -> bool {
    match block {
        Block::Furniture { .. } => true,
        Block::List { items, .. } => !items.is_empty() && items.iter().all(item_is_furniture),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FurnitureKind;
    use crate::span::Span;

    fn furniture() -> Block {
        Block::Furniture {
            kind: FurnitureKind::Sidebar,
            blocks: vec![Block::paragraph("teaser")],
            span: Span::default(),
        }
    }

    fn list(items: Vec<ListItem>) -> Block {
        Block::List {
            ordered: false,
            items,
            span: Span::default(),
        }
    }

    #[test]
    fn an_item_of_furniture_alone_is_furniture() {
        assert!(item_is_furniture(&ListItem::new(vec![
            furniture(),
            furniture()
        ])));
        let nested = list(vec![ListItem::new(vec![furniture()])]);
        assert!(item_is_furniture(&ListItem::new(vec![nested])));
    }

    #[test]
    fn an_item_with_content_or_none_is_not() {
        assert!(!item_is_furniture(&ListItem::new(vec![
            furniture(),
            Block::paragraph("article")
        ])));
        assert!(!item_is_furniture(&ListItem::new(Vec::new())));
        assert!(!item_is_furniture(&ListItem::new(vec![list(Vec::new())])));
    }
}
