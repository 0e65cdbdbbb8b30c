//! A [`TreeSink`] around [`RcDom`] that remembers where in the input each node was made.
//!
//! html5ever reports no byte offsets. The body is fed in chunks that each start at one tag
//! (see [`super::feed`]), so the chunk being processed when the tree builder creates an
//! element is the chunk that holds its start tag. Elements the tree builder makes up
//! (an implied `tbody`, a reopened formatting element) get the offset of the tag that
//! caused them.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use markup5ever_rcdom::{Handle, NodeData, RcDom};

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
}

/// The key of a node in the origin map: its address, stable while the DOM lives.
pub(crate) fn node_key(node: &Handle) -> usize {
    Rc::as_ptr(node) as usize
}

/// An [`RcDom`] that records the [`Origin`] of every element and text node it makes.
pub(crate) struct OffsetSink {
    dom: RcDom,
    cursor: Rc<Cursor>,
    origins: RefCell<HashMap<usize, Origin>>,
}

impl OffsetSink {
    pub fn new(cursor: Rc<Cursor>) -> Self {
        OffsetSink {
            dom: RcDom::default(),
            cursor,
            origins: RefCell::new(HashMap::new()),
        }
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

/// What the parse produced: the document and where each node came from.
pub(crate) struct Parsed {
    pub document: Handle,
    pub origins: HashMap<usize, Origin>,
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
        self.dom.append_before_sibling(sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        self.dom.add_attrs_if_missing(target, attrs);
    }

    fn remove_from_parent(&self, target: &Handle) {
        self.dom.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        self.dom.reparent_children(node, new_parent);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &Handle) -> bool {
        self.dom.is_mathml_annotation_xml_integration_point(handle)
    }
}
