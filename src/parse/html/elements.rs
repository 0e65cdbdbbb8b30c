//! What the HTML standard and newspost say about element names, in one place: every set
//! of elements the lexer, the depth pre-scan, the tree feed, the DOM, the walk and the
//! noise rules test a name against. Names are lowercase, as html5ever and the lexer give
//! them. Each test is a `match` on the name, as cheap as where it was written before.
//!
//! What the walk *does* with an element (`p` becomes a paragraph, `ul` a list) stays in
//! its dispatch ([`walk`](super::walk)); the sets here are the ones read in more than one
//! place or that copy a list of the standard.

use html5ever::tokenizer::states::RawKind;

// HTML's lists.

/// Elements that never have content.
#[inline]
pub(crate) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Start tags that close an open `p` (HTML's "close a p element" list, roughly).
#[inline]
pub(crate) fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "section"
            | "summary"
            | "ul"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "listing"
            | "form"
            | "table"
            | "hr"
            | "xmp"
            | "plaintext"
    )
}

/// How the HTML tokenizer reads the content of `name` up to its end tag, for the
/// elements whose content is text to it (with scripting enabled, so `noscript` is one of
/// them): script data, escapable raw text (`title`, `textarea`: entities decoded) or raw
/// text.
#[inline]
pub(crate) fn raw_text_kind(name: &str) -> Option<RawKind> {
    match name {
        "script" => Some(RawKind::ScriptData),
        "title" | "textarea" => Some(RawKind::Rcdata),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => Some(RawKind::Rawtext),
        _ => None,
    }
}

/// Elements whose content the HTML tokenizer reads as text up to their end tag (see
/// [`raw_text_kind`]).
#[inline]
pub(crate) fn is_raw_text(name: &str) -> bool {
    raw_text_kind(name).is_some()
}

/// The tree builder's categories of an element: which searches of the stack of open
/// elements it stops, and whether it is special or formatting. The depth pre-scan works
/// them out once when an element opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TreeBuilderClass(u16);

impl TreeBuilderClass {
    /// Stops the search for an open `p` ("button scope").
    pub(crate) const P_SCOPE: u16 = 1;
    /// Stops the search of `li`, `dt` and `dd` for an open item: special elements other
    /// than `address`, `div` and `p`.
    pub(crate) const ITEM_BOUNDARY: u16 = 1 << 1;
    /// Ends the search of an end tag for its element ("has an element in scope").
    pub(crate) const SCOPE: u16 = 1 << 2;
    /// HTML's "special" category.
    pub(crate) const SPECIAL: u16 = 1 << 3;
    /// Formatting elements: their end tags run the adoption agency algorithm.
    pub(crate) const FORMATTING: u16 = 1 << 4;
    /// Ends the search of a table part's end tag ("table scope").
    pub(crate) const TABLE_SCOPE: u16 = 1 << 5;
    /// Stops a new `tr` closing open rows.
    pub(crate) const ROW_BOUNDARY: u16 = 1 << 6;
    /// Stops a new `td` or `th` closing open cells.
    pub(crate) const CELL_BOUNDARY: u16 = 1 << 7;
    /// Stops a new table section closing open sections.
    pub(crate) const SECTION_BOUNDARY: u16 = 1 << 8;

    /// The categories of the element `name` (lowercase).
    pub(crate) fn of(name: &str) -> TreeBuilderClass {
        // Elements in every scope: the MathML/SVG integration points and friends.
        const MOST_SCOPES: u16 =
            TreeBuilderClass::P_SCOPE | TreeBuilderClass::ITEM_BOUNDARY | TreeBuilderClass::SCOPE;
        let bits = match name {
            "applet" | "marquee" | "object" | "template" | "foreignobject" | "desc" | "title"
            | "mi" | "mo" | "mn" | "ms" | "mtext" | "annotation-xml" => {
                let table = if name == "template" {
                    TreeBuilderClass::TABLE_SCOPE
                } else {
                    0
                };
                MOST_SCOPES | TreeBuilderClass::SPECIAL | table
            }
            "html" => MOST_SCOPES | TreeBuilderClass::SPECIAL | TreeBuilderClass::TABLE_SCOPE,
            "table" => {
                MOST_SCOPES
                    | TreeBuilderClass::SPECIAL
                    | TreeBuilderClass::TABLE_SCOPE
                    | TreeBuilderClass::ROW_BOUNDARY
                    | TreeBuilderClass::CELL_BOUNDARY
                    | TreeBuilderClass::SECTION_BOUNDARY
            }
            "td" | "th" | "caption" => MOST_SCOPES | TreeBuilderClass::SPECIAL,
            "button" => MOST_SCOPES | TreeBuilderClass::SPECIAL,
            "tr" => {
                TreeBuilderClass::ITEM_BOUNDARY
                    | TreeBuilderClass::SPECIAL
                    | TreeBuilderClass::CELL_BOUNDARY
            }
            "thead" | "tbody" | "tfoot" => {
                TreeBuilderClass::ITEM_BOUNDARY
                    | TreeBuilderClass::SPECIAL
                    | TreeBuilderClass::ROW_BOUNDARY
            }
            "ol" | "ul" => {
                TreeBuilderClass::ITEM_BOUNDARY
                    | TreeBuilderClass::SCOPE
                    | TreeBuilderClass::SPECIAL
            }
            "article" | "aside" | "blockquote" | "body" | "center" | "details" | "dialog"
            | "dir" | "dl" | "fieldset" | "figcaption" | "figure" | "footer" | "form" | "h1"
            | "h2" | "h3" | "h4" | "h5" | "h6" | "header" | "hgroup" | "iframe" | "listing"
            | "main" | "menu" | "nav" | "pre" | "search" | "section" | "select" | "summary"
            | "textarea" | "xmp" => TreeBuilderClass::ITEM_BOUNDARY | TreeBuilderClass::SPECIAL,
            "address" | "div" | "p" | "li" | "dd" | "dt" | "area" | "base" | "basefont"
            | "bgsound" | "br" | "col" | "colgroup" | "embed" | "frame" | "frameset" | "head"
            | "hr" | "img" | "input" | "keygen" | "link" | "meta" | "noembed" | "noframes"
            | "noscript" | "param" | "plaintext" | "script" | "source" | "style" | "track"
            | "wbr" => TreeBuilderClass::SPECIAL,
            "a" | "b" | "big" | "code" | "em" | "font" | "i" | "nobr" | "s" | "small"
            | "strike" | "strong" | "tt" | "u" => TreeBuilderClass::FORMATTING,
            _ => 0,
        };
        TreeBuilderClass(bits)
    }

    /// Whether the element is in any of the categories `bits`.
    pub(crate) fn has(self, bits: u16) -> bool {
        self.0 & bits != 0
    }
}

/// Where a start tag closes an open element of its own kind, as the HTML tree builder
/// does: the names it closes, and whether only the current (innermost) element counts or
/// the search goes down the stack until an element of the boundary class.
pub(crate) enum ImpliedEnd {
    /// Pops the innermost element if it is one of these.
    Current(&'static [&'static str]),
    /// Pops down through the outermost of these above the first boundary.
    Search(&'static [&'static str], u16),
}

/// Which open elements a start tag of `name` closes first, if any.
#[inline]
pub(crate) fn implied_end(name: &str) -> Option<ImpliedEnd> {
    Some(match name {
        "li" => ImpliedEnd::Search(&["li"], TreeBuilderClass::ITEM_BOUNDARY),
        "dt" | "dd" => ImpliedEnd::Search(&["dt", "dd"], TreeBuilderClass::ITEM_BOUNDARY),
        "tr" => ImpliedEnd::Search(&["tr", "td", "th"], TreeBuilderClass::ROW_BOUNDARY),
        "td" | "th" => ImpliedEnd::Search(&["td", "th"], TreeBuilderClass::CELL_BOUNDARY),
        "thead" | "tbody" | "tfoot" => ImpliedEnd::Search(
            &["thead", "tbody", "tfoot", "tr", "td", "th"],
            TreeBuilderClass::SECTION_BOUNDARY,
        ),
        "option" => ImpliedEnd::Current(&["option"]),
        "optgroup" => ImpliedEnd::Current(&["optgroup", "option"]),
        "rb" | "rt" | "rp" | "rtc" => ImpliedEnd::Current(&["rb", "rt", "rp", "rtc"]),
        "a" => ImpliedEnd::Current(&["a"]),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            ImpliedEnd::Current(&["h1", "h2", "h3", "h4", "h5", "h6"])
        }
        _ => return None,
    })
}

/// Elements whose end tag looks for its element in table scope (the table parts).
#[inline]
pub(crate) fn ends_in_table_scope(name: &str) -> bool {
    matches!(
        name,
        "table" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "caption"
    )
}

// newspost's own sets.

/// Elements whose content is never text, whatever the noise rules say.
#[inline]
pub(crate) fn is_never_text(name: &str) -> bool {
    matches!(name, "script" | "style" | "noscript" | "template")
}

/// Elements that end the paragraph they would otherwise sit in.
#[inline]
pub(crate) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Elements with no article text, which the standard noise rules leave out whole
/// (see [`NoiseRules::standard`](crate::parse::NoiseRules::standard)).
pub(crate) const NO_ARTICLE_TEXT: [&str; 15] = [
    "script", "style", "template", "button", "form", "input", "select", "textarea", "object",
    "svg", "canvas", "link", "meta", "head", "title",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The classes are HTML's lists, as the tree builder names them.
    #[test]
    fn classes_are_the_tree_builders_lists() {
        const ITEM_BOUNDARY: &[&str] = &[
            "applet",
            "article",
            "aside",
            "blockquote",
            "body",
            "button",
            "caption",
            "center",
            "details",
            "dialog",
            "dir",
            "dl",
            "fieldset",
            "figcaption",
            "figure",
            "footer",
            "form",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hgroup",
            "html",
            "iframe",
            "listing",
            "main",
            "marquee",
            "menu",
            "nav",
            "object",
            "ol",
            "pre",
            "search",
            "section",
            "select",
            "summary",
            "table",
            "tbody",
            "td",
            "template",
            "textarea",
            "tfoot",
            "th",
            "thead",
            "tr",
            "ul",
            "xmp",
            "foreignobject",
            "desc",
            "title",
            "mi",
            "mo",
            "mn",
            "ms",
            "mtext",
            "annotation-xml",
        ];
        const P_SCOPE: &[&str] = &[
            "table",
            "td",
            "th",
            "caption",
            "html",
            "button",
            "marquee",
            "object",
            "applet",
            "template",
            "foreignobject",
            "desc",
            "title",
            "mi",
            "mo",
            "mn",
            "ms",
            "mtext",
            "annotation-xml",
        ];
        const SCOPE: &[&str] = &[
            "applet",
            "caption",
            "html",
            "table",
            "td",
            "th",
            "marquee",
            "object",
            "template",
            "foreignobject",
            "desc",
            "title",
            "mi",
            "mo",
            "mn",
            "ms",
            "mtext",
            "annotation-xml",
            "ol",
            "ul",
            "button",
        ];
        const FORMATTING: &[&str] = &[
            "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong",
            "tt", "u",
        ];
        const ALSO_SPECIAL: &[&str] = &[
            "address",
            "div",
            "p",
            "li",
            "dd",
            "dt",
            "area",
            "base",
            "basefont",
            "bgsound",
            "br",
            "col",
            "colgroup",
            "embed",
            "frame",
            "frameset",
            "head",
            "hr",
            "img",
            "input",
            "keygen",
            "link",
            "meta",
            "noembed",
            "noframes",
            "noscript",
            "param",
            "plaintext",
            "script",
            "source",
            "style",
            "track",
            "wbr",
        ];
        let all = [
            ITEM_BOUNDARY,
            P_SCOPE,
            SCOPE,
            FORMATTING,
            ALSO_SPECIAL,
            &["span", "x-y"],
        ];
        for name in all.iter().flat_map(|list| list.iter()) {
            let class = TreeBuilderClass::of(name);
            let special = ITEM_BOUNDARY.contains(name) || ALSO_SPECIAL.contains(name);
            assert_eq!(
                class.has(TreeBuilderClass::ITEM_BOUNDARY),
                ITEM_BOUNDARY.contains(name),
                "{name}"
            );
            assert_eq!(
                class.has(TreeBuilderClass::P_SCOPE),
                P_SCOPE.contains(name),
                "{name}"
            );
            assert_eq!(
                class.has(TreeBuilderClass::SCOPE),
                SCOPE.contains(name),
                "{name}"
            );
            assert_eq!(
                class.has(TreeBuilderClass::FORMATTING),
                FORMATTING.contains(name),
                "{name}"
            );
            assert_eq!(class.has(TreeBuilderClass::SPECIAL), special, "{name}");
            let table_scope = matches!(*name, "table" | "html" | "template");
            assert_eq!(
                class.has(TreeBuilderClass::TABLE_SCOPE),
                table_scope,
                "{name}"
            );
        }
    }
}
