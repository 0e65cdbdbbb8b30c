//! A [`TreeSink`] around [`RcDom`] that remembers where in the input each node was made.
//!
//! html5ever reports no byte offsets. The body is fed in chunks that each start at one tag
//! (see [`super::feed`]), so the chunk being processed when the tree builder creates an
//! element is the chunk that holds its start tag. Elements the tree builder makes up
//! (an implied `tbody`, a reopened formatting element) get the offset of the tag that
//! caused them.
//!
//! The sink also tracks how deep in the DOM content is being inserted, so that the feeder
//! can hold html5ever to a depth bound even where the pre-scan's model of HTML's
//! tree-building rules falls short (see [`super::feed`]).

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use markup5ever_rcdom::{Handle, Node, NodeData, RcDom};

use crate::parse::limits::is_void;

/// Where a node came from: a byte range of the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Origin {
    /// Start of the element's start tag (for text: where the text run starts).
    pub start: usize,
    /// End of the start tag (for text: end of the chunk it was read from).
    pub end: usize,
}

/// The chunk being fed, shared between the feeding loop and the sink.
#[derive(Debug, Default)]
pub(crate) struct Cursor {
    /// Origin of elements made while this chunk is processed.
    pub tag: Cell<Origin>,
    /// Origin of text read from this chunk.
    pub text: Cell<Origin>,
    /// Depth in the DOM where content goes next, as far as the last insertion tells.
    pub depth: Cell<usize>,
}

/// The key of a node in the origin map: its address, stable while the DOM lives.
pub(crate) fn node_key(node: &Handle) -> usize {
    Rc::as_ptr(node) as usize
}

/// Hashes a node address: one multiplication, high bits moved down (addresses are
/// aligned, so their low bits are all zero). SipHash was a visible cost of the parse.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(26);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// A map keyed by [`node_key`].
pub(crate) type NodeMap<V> = HashMap<usize, V, BuildHasherDefault<AddressHasher>>;

/// An [`RcDom`] that records the [`Origin`] of every element and text node it makes.
pub(crate) struct OffsetSink {
    dom: RcDom,
    cursor: Rc<Cursor>,
    origins: RefCell<NodeMap<Origin>>,
    depths: RefCell<NodeMap<usize>>,
}

impl OffsetSink {
    /// A sink expecting about `nodes` elements and text nodes.
    pub fn new(cursor: Rc<Cursor>, nodes: usize) -> Self {
        OffsetSink {
            dom: RcDom::default(),
            cursor,
            origins: RefCell::new(NodeMap::with_capacity_and_hasher(nodes, Default::default())),
            depths: RefCell::new(NodeMap::with_capacity_and_hasher(nodes, Default::default())),
        }
    }

    fn depth_of(&self, node: &Handle) -> usize {
        self.depths
            .borrow()
            .get(&node_key(node))
            .copied()
            .unwrap_or(0)
    }

    /// Notes that `child` went into a parent at `parent_depth`, and where content goes next.
    fn note_insertion(&self, parent_depth: usize, child: &NodeOrText<Handle>) {
        let next = match child {
            NodeOrText::AppendNode(node) => match &node.data {
                NodeData::Element { name, .. } => {
                    self.depths
                        .borrow_mut()
                        .insert(node_key(node), parent_depth + 1);
                    if is_void(&name.local) {
                        parent_depth
                    } else {
                        parent_depth + 1
                    }
                }
                _ => parent_depth,
            },
            NodeOrText::AppendText(_) => parent_depth,
        };
        self.cursor.depth.set(next);
    }

    fn note_new_text(&self, parent: &Handle, before: usize) {
        let children = parent.children.borrow();
        // A new text node was made only when the child count grew.
        if children.len() > before {
            if let Some(last) = children.last() {
                if matches!(last.data, NodeData::Text { .. }) {
                    self.origins
                        .borrow_mut()
                        .entry(node_key(last))
                        .or_insert(self.cursor.text.get());
                }
            }
        }
    }
}

/// A node's parent and its index there, searching from the last child.
fn parent_and_index(target: &Handle) -> Option<(Handle, usize)> {
    let weak = target.parent.take()?;
    let parent = weak.upgrade();
    target.parent.set(Some(weak));
    let parent = parent?;
    let i = parent
        .children
        .borrow()
        .iter()
        .rposition(|c| Rc::ptr_eq(c, target))?;
    Some((parent, i))
}

/// What the parse produced: the document and where each node came from.
pub(crate) struct Parsed {
    pub document: Handle,
    pub origins: NodeMap<Origin>,
}

impl TreeSink for OffsetSink {
    type Handle = Handle;
    type Output = Parsed;
    type ElemName<'a> = <RcDom as TreeSink>::ElemName<'a>;

    fn finish(self) -> Parsed {
        Parsed {
            document: self.dom.document.clone(),
            origins: self.origins.into_inner(),
        }
    }

    // Parse errors are not reported: scraped HTML has many and none of them matter here.
    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        self.dom.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> Self::ElemName<'a> {
        self.dom.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Handle {
        let node = self.dom.create_element(name, attrs, flags);
        self.origins
            .borrow_mut()
            .insert(node_key(&node), self.cursor.tag.get());
        node
    }

    fn create_comment(&self, text: StrTendril) -> Handle {
        self.dom.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> Handle {
        self.dom.create_pi(target, data)
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        self.note_insertion(self.depth_of(parent), &child);
        let before = parent.children.borrow().len();
        let is_text = matches!(child, NodeOrText::AppendText(_));
        self.dom.append(parent, child);
        if is_text {
            self.note_new_text(parent, before);
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        let parent_depth = self
            .depth_of(element)
            .saturating_sub(1)
            .max(self.depth_of(prev_element));
        self.note_insertion(parent_depth, &child);
        self.dom
            .append_based_on_parent_node(element, prev_element, child);
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.dom
            .append_doctype_to_document(name, public_id, system_id);
    }

    fn get_template_contents(&self, target: &Handle) -> Handle {
        self.dom.get_template_contents(target)
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        self.dom.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.dom.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        self.note_insertion(self.depth_of(sibling).saturating_sub(1), &new_node);
        // As RcDom does, but searching the siblings from the end: the tree builder inserts
        // before recent nodes, and a search from the start is quadratic in wide trees.
        let Some((parent, i)) = parent_and_index(sibling) else {
            return;
        };
        let child = match new_node {
            NodeOrText::AppendText(text) => {
                let children = parent.children.borrow();
                if let Some(NodeData::Text { contents }) = i
                    .checked_sub(1)
                    .and_then(|p| children.get(p))
                    .map(|n| &n.data)
                {
                    contents.borrow_mut().push_tendril(&text);
                    return;
                }
                Node::new(NodeData::Text {
                    contents: RefCell::new(text),
                })
            }
            NodeOrText::AppendNode(node) => node,
        };
        self.remove_from_parent(&child);
        let i = parent
            .children
            .borrow()
            .iter()
            .rposition(|c| Rc::ptr_eq(c, sibling))
            .unwrap_or(i);
        child.parent.set(Some(Rc::downgrade(&parent)));
        let mut children = parent.children.borrow_mut();
        let i = i.min(children.len());
        children.insert(i, child);
    }

    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        self.dom.add_attrs_if_missing(target, attrs);
    }

    fn remove_from_parent(&self, target: &Handle) {
        if let Some((parent, i)) = parent_and_index(target) {
            parent.children.borrow_mut().remove(i);
            target.parent.set(None);
        }
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        let depth = self.depth_of(new_parent) + 1;
        for child in node.children.borrow().iter() {
            self.depths.borrow_mut().insert(node_key(child), depth);
        }
        self.dom.reparent_children(node, new_parent);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &Handle) -> bool {
        self.dom.is_mathml_annotation_xml_integration_point(handle)
    }
}
