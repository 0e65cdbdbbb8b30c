//! The DOM html5ever builds for the body: an arena of nodes, each knowing where in the
//! input it was made.
//!
//! html5ever reports no byte offsets. [`super::feed`] sets the shared [`Cursor`] to the
//! markup of each token before the tree builder acts on it, so [`DomSink`] stamps an
//! element with the origin of the tag being processed when it is created: its own start
//! tag, or for an element the tree builder makes up (an implied `tbody`, a reopened
//! formatting element) the tag that caused it. A text node starts where its first visible
//! character was read.
//!
//! Nodes live in one `Vec` and link to each other by index, so building the tree costs
//! one push per node, inserting anywhere is constant time, and dropping it is one pass —
//! no reference counts, weak parents or recursive drop as in an `RcDom`. Element names
//! live in an arena of their own, so that the tree builder borrows a name instead of
//! copying it each of the hundreds of times per post it asks for one.
//!
//! The sink also tracks how deep in the DOM content is being inserted, so that the feeder
//! can hold html5ever to a depth bound even where the pre-scan's model of HTML's
//! tree-building rules falls short (see [`super::feed`]). Depths stay true when the tree
//! builder moves a subtree (the adoption agency, foster parenting): each node's depth is
//! stamped with a count of moves, and a stale one is worked out again from its ancestors.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::num::NonZeroUsize;
use std::rc::Rc;

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{local_name, ns, Attribute, QualName};
use typed_arena::Arena;

use super::elements::is_void;

/// Where a node came from: a byte range of the body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Origin {
    /// Start of the element's start tag (for text: where the text run starts).
    pub start: usize,
    /// End of the start tag (for text: where the next tag starts).
    pub end: usize,
}

/// Where the token being processed came from, shared between the feeder and the sink.
#[derive(Debug, Default)]
pub(crate) struct Cursor {
    /// Origin of elements made while this token is processed.
    pub tag: Cell<Origin>,
    /// Origin of text read after this token.
    pub text: Cell<Origin>,
    /// Depth in the DOM where content goes next, as far as the last insertion tells.
    pub depth: Cell<usize>,
}

/// A node of the [`Dom`]: its index in the arena, plus one (so `Option<NodeId>` is a word).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NodeId(NonZeroUsize);

impl NodeId {
    /// The document node, made first.
    const DOCUMENT: NodeId = NodeId(NonZeroUsize::MIN);

    fn index(self) -> usize {
        self.0.get() - 1
    }
}

/// What a node is.
#[derive(Debug)]
pub(crate) enum NodeKind<'n> {
    /// The document (or a template's content fragment).
    Document,
    /// An element.
    Element {
        /// Kept in the names arena (see [`DomSink::new`]).
        name: &'n QualName,
        attrs: Vec<Attribute>,
        /// A `template`'s content fragment.
        template: Option<NodeId>,
        mathml_integration_point: bool,
    },
    /// Character data.
    Text(StrTendril),
    /// A comment, doctype or processing instruction: kept in the tree, never read.
    Other,
}

/// One node: what it is, where it came from, and its links.
#[derive(Debug)]
pub(crate) struct Node<'n> {
    pub kind: NodeKind<'n>,
    pub origin: Origin,
    /// How deep the node sits (the document is 0), for the depth bound; true while
    /// `stamp` equals the sink's count of moves.
    depth: usize,
    stamp: u64,
    /// For a template's content fragment: the template (its depth counts from there).
    host: Option<NodeId>,
    /// For a text node: whether it holds only white space so far (kept as text arrives,
    /// so that appending many small pieces never rescans what came before).
    blank: bool,
    parent: Option<NodeId>,
    first_child: Option<NodeId>,
    last_child: Option<NodeId>,
    previous: Option<NodeId>,
    next: Option<NodeId>,
}

impl<'n> Node<'n> {
    /// Whether the node is text of white space only (as [`char::is_whitespace`]).
    pub fn is_blank_text(&self) -> bool {
        matches!(self.kind, NodeKind::Text(_)) && self.blank
    }

    fn new(kind: NodeKind<'n>, origin: Origin) -> Self {
        Node {
            kind,
            origin,
            depth: 0,
            stamp: 0,
            host: None,
            blank: false,
            parent: None,
            first_child: None,
            last_child: None,
            previous: None,
            next: None,
        }
    }
}

/// The finished tree, read by the walk.
#[derive(Debug)]
pub(crate) struct Dom<'n> {
    nodes: Vec<Node<'n>>,
}

impl<'n> Dom<'n> {
    /// The document node.
    pub fn document(&self) -> NodeId {
        NodeId::DOCUMENT
    }

    /// A node. Every `NodeId` the tree hands out is in it.
    pub fn node(&self, id: NodeId) -> &Node<'n> {
        &self.nodes[id.index()]
    }

    /// A node's children, in order.
    pub fn children(&self, id: NodeId) -> Children<'_, 'n> {
        Children {
            dom: self,
            next: self.node(id).first_child,
        }
    }

    /// An element's lower-case local name; `None` for other nodes.
    pub fn element_name(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).kind {
            NodeKind::Element { name, .. } => Some(&name.local),
            _ => None,
        }
    }

    /// An attribute's value (entities decoded), if the node is an element that has it.
    pub fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        match &self.node(id).kind {
            NodeKind::Element { attrs, .. } => attrs
                .iter()
                .find(|a| a.name.ns.is_empty() && &*a.name.local == name)
                .map(|a| &*a.value),
            _ => None,
        }
    }

    /// The `id` and `class` attributes of an element, found in one pass that compares
    /// interned names rather than strings (the walk asks for both of every element).
    pub fn id_and_class(&self, id: NodeId) -> (Option<&str>, Option<&str>) {
        let NodeKind::Element { attrs, .. } = &self.node(id).kind else {
            return (None, None);
        };
        let (mut found_id, mut found_class) = (None, None);
        for attr in attrs.iter().filter(|a| a.name.ns == ns!()) {
            if attr.name.local == local_name!("id") {
                found_id = found_id.or(Some(&*attr.value));
            } else if attr.name.local == local_name!("class") {
                found_class = found_class.or(Some(&*attr.value));
            }
        }
        (found_id, found_class)
    }
}

/// The children of a node, see [`Dom::children`].
#[derive(Debug, Clone)]
pub(crate) struct Children<'d, 'n> {
    dom: &'d Dom<'n>,
    next: Option<NodeId>,
}

impl Iterator for Children<'_, '_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        let id = self.next?;
        self.next = self.dom.node(id).next;
        Some(id)
    }
}

/// The [`TreeSink`] building a [`Dom`].
pub(crate) struct DomSink<'n> {
    nodes: RefCell<Vec<Node<'n>>>,
    /// Element names, apart from the nodes so that the tree builder can borrow one (it asks
    /// for names hundreds of times per post) while the nodes change.
    names: &'n Arena<QualName>,
    /// The name of what is not an element (the tree builder never asks for one).
    no_name: QualName,
    cursor: Rc<Cursor>,
    /// How many times a subtree moved: depths stamped with an older count are stale.
    moves: Cell<u64>,
}

impl<'n> DomSink<'n> {
    /// A sink expecting about `nodes` nodes, keeping element names in `names`.
    pub fn new(cursor: Rc<Cursor>, names: &'n Arena<QualName>, nodes: usize) -> Self {
        let mut arena = Vec::with_capacity(nodes.saturating_add(1));
        arena.push(Node::new(NodeKind::Document, Origin::default()));
        DomSink {
            nodes: RefCell::new(arena),
            names,
            no_name: QualName::new(None, ns!(), local_name!("")),
            cursor,
            moves: Cell::new(1),
        }
    }

    fn push(&self, kind: NodeKind<'n>, origin: Origin) -> NodeId {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node::new(kind, origin));
        NodeId(NonZeroUsize::MIN.saturating_add(nodes.len() - 1))
    }

    /// Unlinks `id` from its parent and siblings.
    fn detach(nodes: &mut [Node], id: NodeId) {
        let node = &mut nodes[id.index()];
        let (parent, previous, next) = (node.parent.take(), node.previous.take(), node.next.take());
        let Some(parent) = parent else {
            return;
        };
        match previous {
            Some(p) => nodes[p.index()].next = next,
            None => nodes[parent.index()].first_child = next,
        }
        match next {
            Some(n) => nodes[n.index()].previous = previous,
            None => nodes[parent.index()].last_child = previous,
        }
    }

    /// Links the detached `child` into `parent`, before `before` (at the end if `None`).
    fn link(nodes: &mut [Node], parent: NodeId, child: NodeId, before: Option<NodeId>) {
        let previous = match before {
            Some(b) => nodes[b.index()].previous,
            None => nodes[parent.index()].last_child,
        };
        let node = &mut nodes[child.index()];
        node.parent = Some(parent);
        node.previous = previous;
        node.next = before;
        match previous {
            Some(p) => nodes[p.index()].next = Some(child),
            None => nodes[parent.index()].first_child = Some(child),
        }
        match before {
            Some(b) => nodes[b.index()].previous = Some(child),
            None => nodes[parent.index()].last_child = Some(child),
        }
    }

    /// Inserts `child` into `parent` before `before`: text joins a text node right before
    /// the insertion point, as the tree builder expects.
    fn insert(&self, parent: NodeId, child: NodeOrText<NodeId>, before: Option<NodeId>) {
        let mut nodes = self.nodes.borrow_mut();
        let child = match child {
            NodeOrText::AppendNode(id) => id,
            NodeOrText::AppendText(text) => {
                let previous = match before {
                    Some(b) => nodes[b.index()].previous,
                    None => nodes[parent.index()].last_child,
                };
                let blank = text.chars().all(char::is_whitespace);
                if let Some(p) = previous {
                    let node = &mut nodes[p.index()];
                    if let NodeKind::Text(existing) = &mut node.kind {
                        // Text so far only white space: the visible text starts here.
                        if node.blank {
                            node.origin = self.cursor.text.get();
                            node.blank = blank;
                        }
                        existing.push_tendril(&text);
                        let depth = self.depth(&mut nodes, parent);
                        self.note_insertion(depth, false);
                        return;
                    }
                }
                let mut node = Node::new(NodeKind::Text(text), self.cursor.text.get());
                node.blank = blank;
                nodes.push(node);
                NodeId(NonZeroUsize::MIN.saturating_add(nodes.len() - 1))
            }
        };
        let node = &nodes[child.index()];
        if node.parent.is_some() || node.first_child.is_some() {
            // A subtree moves: the depths below it change.
            self.moved();
        }
        Self::detach(&mut nodes, child);
        Self::link(&mut nodes, parent, child, before);
        let depth = self.depth(&mut nodes, parent);
        let stamp = self.moves.get();
        let node = &mut nodes[child.index()];
        node.depth = depth + 1;
        node.stamp = stamp;
        let opens = match &node.kind {
            NodeKind::Element { name, .. } => !is_void(&name.local),
            _ => false,
        };
        self.note_insertion(depth, opens);
    }

    /// Notes that a subtree moved, so that every depth stamped before is stale.
    fn moved(&self) {
        self.moves.set(self.moves.get().wrapping_add(1));
    }

    /// The depth of `id`, worked out from the nearest ancestor whose depth is still true
    /// (the walk is short: only moves make depths stale, and the next look-up after a move
    /// stamps the whole path again).
    fn depth(&self, nodes: &mut [Node], id: NodeId) -> usize {
        let stamp = self.moves.get();
        let mut path = Vec::new();
        let mut at = id;
        let mut depth = loop {
            let node = &nodes[at.index()];
            if node.stamp == stamp {
                break node.depth;
            }
            match node.parent.or(node.host) {
                Some(up) => {
                    path.push(at);
                    at = up;
                }
                // The document, or a node not in the tree (yet).
                None => {
                    let node = &mut nodes[at.index()];
                    node.depth = 0;
                    node.stamp = stamp;
                    break 0;
                }
            }
        };
        for id in path.into_iter().rev() {
            depth += 1;
            let node = &mut nodes[id.index()];
            node.depth = depth;
            node.stamp = stamp;
        }
        depth
    }

    /// Notes where content goes next after an insertion into a parent at `parent_depth`:
    /// into the new element when it was one that holds content.
    fn note_insertion(&self, parent_depth: usize, opened_element: bool) {
        self.cursor
            .depth
            .set(parent_depth + usize::from(opened_element));
    }

    fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.nodes.borrow()[id.index()].parent
    }
}

impl<'n> TreeSink for DomSink<'n> {
    type Handle = NodeId;
    type Output = Dom<'n>;
    type ElemName<'a>
        = &'a QualName
    where
        Self: 'a;

    fn finish(self) -> Dom<'n> {
        Dom {
            nodes: self.nodes.into_inner(),
        }
    }

    // Parse errors are not reported: scraped HTML has many and none of them matter here.
    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        NodeId::DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> &'a QualName {
        match self.nodes.borrow()[target.index()].kind {
            NodeKind::Element { name, .. } => name,
            // The tree builder asks only about elements.
            _ => &self.no_name,
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let template = flags
            .template
            .then(|| self.push(NodeKind::Document, Origin::default()));
        let kind = NodeKind::Element {
            name: self.names.alloc(name),
            attrs,
            template,
            mathml_integration_point: flags.mathml_annotation_xml_integration_point,
        };
        let element = self.push(kind, self.cursor.tag.get());
        if let Some(contents) = template {
            self.nodes.borrow_mut()[contents.index()].host = Some(element);
        }
        element
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.push(NodeKind::Other, Origin::default())
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.push(NodeKind::Other, Origin::default())
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.insert(*parent, child, None);
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        if self.parent(*element).is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(
        &self,
        _name: StrTendril,
        _public_id: StrTendril,
        _system_id: StrTendril,
    ) {
        // A doctype in a fragment is ignored by the tree builder before it gets here.
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        match &self.nodes.borrow()[target.index()].kind {
            NodeKind::Element {
                template: Some(contents),
                ..
            } => *contents,
            // Only asked of templates; the element itself is a harmless answer.
            _ => *target,
        }
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        // The tree builder only inserts before nodes that have a parent.
        if let Some(parent) = self.parent(*sibling) {
            self.insert(parent, new_node, Some(*sibling));
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, new: Vec<Attribute>) {
        if let NodeKind::Element { attrs, .. } = &mut self.nodes.borrow_mut()[target.index()].kind {
            for attribute in new {
                if !attrs.iter().any(|a| a.name == attribute.name) {
                    attrs.push(attribute);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.moved();
        Self::detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.moved();
        let mut nodes = self.nodes.borrow_mut();
        while let Some(child) = nodes[node.index()].first_child {
            Self::detach(&mut nodes, child);
            Self::link(&mut nodes, *new_parent, child, None);
        }
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        matches!(
            self.nodes.borrow()[handle.index()].kind,
            NodeKind::Element {
                mathml_integration_point: true,
                ..
            }
        )
    }
}

/// Test helpers shared by the parser's test modules.
#[cfg(test)]
impl<'n> Dom<'n> {
    /// `html` parsed by html5ever's own driver into a [`DomSink`], fed in one piece.
    pub(crate) fn parse_with_driver(html: &str, names: &'n Arena<QualName>) -> Self {
        use html5ever::tendril::TendrilSink;
        let sink = DomSink::new(Rc::default(), names, 16);
        let context = QualName::new(None, ns!(html), local_name!("body"));
        html5ever::driver::parse_fragment(sink, Default::default(), context, Vec::new(), true)
            .one(html)
    }

    /// The tree as nested `name(children)`, `"text"` and `#` for other nodes, for
    /// comparing shapes.
    pub(crate) fn shape(&self) -> String {
        self.shape_of(self.document())
    }

    fn shape_of(&self, id: NodeId) -> String {
        let inner: Vec<String> = self.children(id).map(|c| self.shape_of(c)).collect();
        match &self.node(id).kind {
            NodeKind::Element { name, .. } => format!("{}({})", name.local, inner.join(" ")),
            NodeKind::Text(text) => format!("{:?}", &**text),
            NodeKind::Document => inner.join(" "),
            NodeKind::Other => "#".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_tree_html5ever_describes() {
        let names = Arena::new();
        let dom = Dom::parse_with_driver("<p>a<b>b</b>c</p><p>d", &names);
        assert_eq!(dom.shape(), r#"html(p("a" b("b") "c") p("d"))"#);
    }

    #[test]
    fn foster_parents_text_and_elements_before_a_table() {
        let names = Arena::new();
        let dom = Dom::parse_with_driver("<table>x<tr><td>1</td></tr>y<p>z</p></table>", &names);
        assert_eq!(
            dom.shape(),
            r#"html("xy" p("z") table(tbody(tr(td("1")))))"#
        );
    }

    #[test]
    fn the_adoption_agency_moves_nodes() {
        let names = Arena::new();
        let dom = Dom::parse_with_driver("<b>1<p>2</b>3</p>", &names);
        assert_eq!(dom.shape(), r#"html(b("1") p(b("2") "3"))"#);
    }

    #[test]
    fn attributes_and_templates() {
        let names = Arena::new();
        let dom = Dom::parse_with_driver(
            r#"<a href="x&amp;y" id=1>t</a><template><i>z</i></template>"#,
            &names,
        );
        let html = dom.children(dom.document()).next();
        let a = html.and_then(|h| dom.children(h).next());
        assert_eq!(a.and_then(|a| dom.attr(a, "href")), Some("x&y"));
        assert_eq!(a.and_then(|a| dom.attr(a, "class")), None);
        assert_eq!(dom.shape(), r#"html(a("t") template())"#);
    }
}
