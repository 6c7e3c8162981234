//! A compact, read-only copy of the parsed page made for extraction.
//!
//! html5ever parses the page into a small tree of ours (module `sink`); this module copies the
//! parts that can hold article text into an arena of [`Node`]s in document
//! order (a parent always comes before its children), dropping scripts,
//! styles, forms controls and other elements that never hold article text,
//! and collects what the metadata reader needs (`<meta>`, `<link>`,
//! `<title>`, JSON-LD scripts, `lang`) on the way. Every walk is iterative,
//! so no page can overflow the stack.

use html5ever::LocalName;

use crate::sink;

/// Deepest element nesting kept by [`prepare`]; deeper start tags are
/// dropped (their text is kept). html5ever's tree builder slows down
/// quadratically with nesting depth, and no real article is nested deeper
/// than a few dozen levels.
pub const MAX_DEPTH: usize = 256;

/// Element kinds the extractor tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Tag {
    Html,
    Body,
    Article,
    Main,
    Section,
    Div,
    Span,
    P,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Blockquote,
    Pre,
    Code,
    Table,
    Tbody,
    Tr,
    Td,
    Th,
    Br,
    Hr,
    A,
    Img,
    Figure,
    Figcaption,
    Nav,
    Aside,
    Header,
    Footer,
    Form,
    Address,
    Time,
    Label,
    Details,
    Summary,
    Center,
    Font,
    Other,
}

impl Tag {
    fn from_name(name: &str) -> Tag {
        match name {
            "html" => Tag::Html,
            "body" => Tag::Body,
            "article" => Tag::Article,
            "main" => Tag::Main,
            "section" => Tag::Section,
            "div" => Tag::Div,
            "span" => Tag::Span,
            "p" => Tag::P,
            "h1" => Tag::H1,
            "h2" => Tag::H2,
            "h3" => Tag::H3,
            "h4" => Tag::H4,
            "h5" => Tag::H5,
            "h6" => Tag::H6,
            "ul" => Tag::Ul,
            "ol" => Tag::Ol,
            "li" => Tag::Li,
            "dl" => Tag::Dl,
            "dt" => Tag::Dt,
            "dd" => Tag::Dd,
            "blockquote" => Tag::Blockquote,
            "pre" => Tag::Pre,
            "code" => Tag::Code,
            "table" => Tag::Table,
            "tbody" | "thead" | "tfoot" => Tag::Tbody,
            "tr" => Tag::Tr,
            "td" => Tag::Td,
            "th" => Tag::Th,
            "br" => Tag::Br,
            "hr" => Tag::Hr,
            "a" => Tag::A,
            "img" => Tag::Img,
            "figure" => Tag::Figure,
            "figcaption" => Tag::Figcaption,
            "nav" => Tag::Nav,
            "aside" => Tag::Aside,
            "header" => Tag::Header,
            "footer" => Tag::Footer,
            "form" => Tag::Form,
            "address" => Tag::Address,
            "time" => Tag::Time,
            "label" => Tag::Label,
            "details" => Tag::Details,
            "summary" => Tag::Summary,
            "center" => Tag::Center,
            "font" => Tag::Font,
            _ => Tag::Other,
        }
    }

    /// Elements that start a new block of text.
    pub fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Span
                | Tag::A
                | Tag::Code
                | Tag::Img
                | Tag::Time
                | Tag::Label
                | Tag::Font
                | Tag::Other
                | Tag::Br
        )
    }

    /// Headings.
    pub fn is_heading(self) -> bool {
        matches!(
            self,
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
        )
    }
}

/// Elements whose content is never text of the page.
fn dropped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "head"
            | "title"
            | "link"
            | "meta"
            | "source"
            | "picture"
            | "dialog"
            | "menu"
            | "frameset"
            | "frame"
    )
}

/// Block-level element names html5ever reports that map to [`Tag::Other`]
/// but must still separate text (so that words of two blocks never join).
fn other_block(name: &str) -> bool {
    matches!(
        name,
        "hgroup"
            | "fieldset"
            | "legend"
            | "caption"
            | "colgroup"
            | "col"
            | "tfoot"
            | "center"
            | "dir"
            | "listing"
    )
}

/// An element of the arena.
#[derive(Debug, Clone)]
pub struct Element {
    /// Its kind.
    pub tag: Tag,
    /// A block-level element of a kind not in [`Tag`].
    pub other_block: bool,
    /// `class` and `id` values, lowercased, separated by a space.
    pub class_id: String,
    /// The `itemprop` attribute, lowercased.
    pub itemprop: Option<String>,
    /// The `itemtype` attribute.
    pub itemtype: Option<String>,
    /// The `role` attribute, lowercased.
    pub role: Option<String>,
    /// The `rel` attribute, lowercased.
    pub rel: Option<String>,
    /// `datetime` (of `<time>`) or `content` (of microdata elements).
    pub datetime: Option<String>,
    /// `href` of links.
    pub href: Option<String>,
    /// Hidden by `hidden`, `aria-hidden="true"` or an inline `display:none`.
    pub hidden: bool,
}

/// What a node of the arena is.
#[derive(Debug, Clone)]
pub enum Kind {
    /// The document root.
    Root,
    /// An element.
    Element(Box<Element>),
    /// Text, exactly as in the page (entities decoded).
    Text(String),
}

/// A node of the arena.
#[derive(Debug, Clone)]
pub struct Node {
    /// What it is.
    pub kind: Kind,
    /// Index of the parent (the root is its own parent).
    pub parent: usize,
    /// Indices of the children, in document order.
    pub children: Vec<usize>,
    /// Nesting depth (root 0).
    pub depth: usize,
}

impl Node {
    /// The element, if this node is one.
    pub fn element(&self) -> Option<&Element> {
        match &self.kind {
            Kind::Element(e) => Some(e),
            _ => None,
        }
    }

    /// The tag, if this node is an element.
    pub fn tag(&self) -> Option<Tag> {
        self.element().map(|e| e.tag)
    }
}

/// A `<meta>` tag: its key (`property`, `name`, `itemprop` or
/// `http-equiv`, lowercased) and `content`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaTag {
    /// The key, lowercased.
    pub key: String,
    /// The value.
    pub content: String,
}

/// What the metadata reader needs from the whole page.
#[derive(Debug, Clone, Default)]
pub struct PageHead {
    /// `<meta>` tags with a key and content, anywhere in the page.
    pub metas: Vec<MetaTag>,
    /// `<link rel href>` as (rel lowercased, href).
    pub links: Vec<(String, String)>,
    /// The first `<title>`.
    pub title: Option<String>,
    /// `lang` of `<html>`.
    pub lang: Option<String>,
    /// The bodies of `<script type="application/ld+json">`.
    pub json_ld: Vec<String>,
    /// `<base href>`.
    pub base: Option<String>,
}

/// The arena.
#[derive(Debug, Clone)]
pub struct Dom {
    /// Nodes in document order; index 0 is the root.
    pub nodes: Vec<Node>,
}

impl Dom {
    /// Parses `html` into the arena and the page head.
    pub fn parse(html: &str) -> (Dom, PageHead) {
        let prepared = prepare(html, MAX_DEPTH);
        let tree = sink::parse(prepared.as_deref().unwrap_or(html));
        from_tree(&tree)
    }

    /// The element at `i`, if it is one.
    pub fn element(&self, i: usize) -> Option<&Element> {
        self.nodes[i].element()
    }

    /// Whether `ancestor` is `node` or one of its ancestors.
    pub fn is_within(&self, mut node: usize, ancestor: usize) -> bool {
        loop {
            if node == ancestor {
                return true;
            }
            if node == 0 {
                return false;
            }
            node = self.nodes[node].parent;
        }
    }

    /// Indices of the subtree of `root` in document order (`root` first).
    pub fn subtree(&self, root: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![root];
        while let Some(i) = stack.pop() {
            out.push(i);
            for &c in self.nodes[i].children.iter().rev() {
                stack.push(c);
            }
        }
        out
    }

    /// The text of the subtree of `root`, white space collapsed.
    pub fn text_of(&self, root: usize) -> String {
        let mut raw = String::new();
        for i in self.subtree(root) {
            if let Kind::Text(t) = &self.nodes[i].kind {
                raw.push_str(t);
            } else if self.nodes[i]
                .tag()
                .is_some_and(|t| t.is_block() || t == Tag::Br)
            {
                raw.push(' ');
            }
        }
        collapse(&raw)
    }
}

/// Collapses runs of white space to one space and trims the ends; removes
/// soft hyphens and zero-width characters.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    collapse_into(text, &mut out);
    out
}

/// Characters [`collapse`] removes.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{2060}'
    )
}

/// [`collapse`] appending to `out`, which it treats as empty when it
/// decides whether a space is due (so it must start empty, or the caller
/// must not mind a leading space being dropped only at `out`'s start).
/// Runs of plain characters are copied whole.
fn collapse_into(text: &str, out: &mut String) {
    let start_len = out.len();
    let bytes = text.as_bytes();
    let mut space = false;
    let mut run = 0usize; // start of the pending run of plain characters
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        let (c, width) = if b < 0x80 {
            (b as char, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        };
        if c.is_whitespace() || (b >= 0x80 && invisible(c)) {
            if run < i {
                out.push_str(&text[run..i]);
            }
            if c.is_whitespace() {
                space = true;
            }
            run = i + width;
        } else if space {
            if run < i {
                out.push_str(&text[run..i]);
            }
            if out.len() > start_len {
                out.push(' ');
            }
            space = false;
            run = i;
        }
        i += width;
    }
    if run < bytes.len() {
        out.push_str(&text[run..]);
    }
}

/// Lines (split at `\n`) collapsed, empty ones dropped, joined by `\n`.
pub(crate) fn tidy_lines(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.split('\n') {
        let before = out.len();
        if before > 0 {
            out.push('\n');
        }
        let mark = out.len();
        collapse_into(line, &mut out);
        if out.len() == mark {
            out.truncate(before);
        }
    }
    out
}

/// Attribute names looked up while copying (interned once).
struct Names {
    class: LocalName,
    id: LocalName,
    style: LocalName,
    hidden: LocalName,
    aria_hidden: LocalName,
    itemprop: LocalName,
    itemtype: LocalName,
    role: LocalName,
    rel: LocalName,
    datetime: LocalName,
    content: LocalName,
    value: LocalName,
    href: LocalName,
    lang: LocalName,
    xml_lang: LocalName,
    property: LocalName,
    name: LocalName,
    http_equiv: LocalName,
    type_: LocalName,
}

fn names() -> &'static Names {
    static NAMES: std::sync::OnceLock<Names> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| Names {
        class: LocalName::from("class"),
        id: LocalName::from("id"),
        style: LocalName::from("style"),
        hidden: LocalName::from("hidden"),
        aria_hidden: LocalName::from("aria-hidden"),
        itemprop: LocalName::from("itemprop"),
        itemtype: LocalName::from("itemtype"),
        role: LocalName::from("role"),
        rel: LocalName::from("rel"),
        datetime: LocalName::from("datetime"),
        content: LocalName::from("content"),
        value: LocalName::from("value"),
        href: LocalName::from("href"),
        lang: LocalName::from("lang"),
        xml_lang: LocalName::from("xml:lang"),
        property: LocalName::from("property"),
        name: LocalName::from("name"),
        http_equiv: LocalName::from("http-equiv"),
        type_: LocalName::from("type"),
    })
}

/// An element of the parse tree: its local name and attributes.
struct El<'a> {
    attrs: &'a [html5ever::Attribute],
}

impl<'a> El<'a> {
    fn attr(&self, name: &LocalName) -> Option<&'a str> {
        sink::attr(self.attrs, name)
    }
}

/// Walks the parse tree in document order and copies it into the arena.
fn from_tree(tree: &sink::Tree) -> (Dom, PageHead) {
    let names = names();
    let mut head = PageHead::default();
    let mut nodes = vec![Node {
        kind: Kind::Root,
        parent: 0,
        children: Vec::new(),
        depth: 0,
    }];
    // Stack of arena indices for open elements kept; `None` for skipped ones.
    let mut stack: Vec<Option<usize>> = Vec::new();
    let mut skip_depth = 0usize;
    let mut in_title = false;
    let mut in_json_ld = false;
    let mut json_ld = String::new();
    let current = |stack: &Vec<Option<usize>>| stack.iter().rev().find_map(|x| *x).unwrap_or(0);
    let t = &tree.nodes;
    let mut n = t[0].first_child;
    while n != sink::NONE {
        let node = &t[n as usize];
        // Open.
        match &node.data {
            sink::Data::Element { name: qual, attrs } => {
                let name: &str = &qual.local;
                let el = El { attrs };
                collect_head(name, &el, names, &mut head, &mut in_title, &mut in_json_ld);
                if skip_depth > 0 || dropped(name) {
                    skip_depth += 1;
                    stack.push(None);
                } else {
                    let element = make_element(name, &el, names);
                    if name == "html" && head.lang.is_none() {
                        head.lang = el
                            .attr(&names.lang)
                            .or_else(|| el.attr(&names.xml_lang))
                            .map(str::to_string);
                    }
                    let parent = current(&stack);
                    let idx = nodes.len();
                    let depth = nodes[parent].depth + 1;
                    nodes.push(Node {
                        kind: Kind::Element(Box::new(element)),
                        parent,
                        children: Vec::new(),
                        depth,
                    });
                    nodes[parent].children.push(idx);
                    stack.push(Some(idx));
                }
            }
            sink::Data::Text(text) => {
                let text: &str = text;
                if in_title && head.title.is_none() {
                    head.title = Some(collapse(text));
                }
                if in_json_ld {
                    json_ld.push_str(text);
                }
                if skip_depth == 0 {
                    let parent = current(&stack);
                    // Merge adjacent text nodes.
                    let merged = match nodes[parent].children.last() {
                        Some(&last) => match &mut nodes[last].kind {
                            Kind::Text(t) => {
                                t.push_str(text);
                                true
                            }
                            _ => false,
                        },
                        None => false,
                    };
                    if !merged {
                        let idx = nodes.len();
                        let depth = nodes[parent].depth + 1;
                        nodes.push(Node {
                            kind: Kind::Text(text.to_string()),
                            parent,
                            children: Vec::new(),
                            depth,
                        });
                        nodes[parent].children.push(idx);
                    }
                }
            }
            _ => {}
        }
        if node.first_child != sink::NONE {
            n = node.first_child;
            continue;
        }
        // Close `n` and the ancestors it ends.
        let mut c = n;
        loop {
            let cn = &t[c as usize];
            if let sink::Data::Element { name: qual, .. } = &cn.data {
                match &*qual.local {
                    "title" => in_title = false,
                    "script" if in_json_ld => {
                        in_json_ld = false;
                        head.json_ld.push(std::mem::take(&mut json_ld));
                    }
                    _ => {}
                }
                if let Some(None) = stack.pop() {
                    skip_depth -= 1;
                }
            }
            if cn.next != sink::NONE {
                n = cn.next;
                break;
            }
            c = cn.parent;
            if c == 0 || c == sink::NONE {
                n = sink::NONE;
                break;
            }
        }
    }
    (Dom { nodes }, head)
}

fn collect_head(
    name: &str,
    el: &El,
    names: &Names,
    head: &mut PageHead,
    in_title: &mut bool,
    in_json_ld: &mut bool,
) {
    match name {
        "meta" => {
            let content = el.attr(&names.content).or_else(|| el.attr(&names.value));
            let key = el
                .attr(&names.property)
                .or_else(|| el.attr(&names.name))
                .or_else(|| el.attr(&names.itemprop))
                .or_else(|| el.attr(&names.http_equiv));
            if let (Some(key), Some(content)) = (key, content) {
                let content = content.trim();
                if !content.is_empty() {
                    head.metas.push(MetaTag {
                        key: key.trim().to_ascii_lowercase(),
                        content: content.to_string(),
                    });
                }
            }
        }
        "link" => {
            if let (Some(rel), Some(href)) = (el.attr(&names.rel), el.attr(&names.href)) {
                head.links
                    .push((rel.to_ascii_lowercase(), href.trim().to_string()));
            }
        }
        "base" if head.base.is_none() => {
            head.base = el.attr(&names.href).map(|h| h.trim().to_string());
        }
        "title" => *in_title = true,
        "script" => {
            *in_json_ld = el
                .attr(&names.type_)
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        }
        _ => {}
    }
}

fn make_element(name: &str, el: &El, names: &Names) -> Element {
    let mut class_id = String::new();
    for attr in [&names.class, &names.id] {
        if let Some(v) = el.attr(attr) {
            if !class_id.is_empty() {
                class_id.push(' ');
            }
            class_id.push_str(&v.to_ascii_lowercase());
        }
    }
    let lower = |a: &LocalName| el.attr(a).map(|v| v.trim().to_ascii_lowercase());
    let style_hidden = el.attr(&names.style).is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    });
    let hidden = el.attr(&names.hidden).is_some()
        || style_hidden
        || lower(&names.aria_hidden).as_deref() == Some("true");
    Element {
        tag: Tag::from_name(name),
        other_block: other_block(name),
        class_id,
        itemprop: lower(&names.itemprop),
        itemtype: el.attr(&names.itemtype).map(str::to_string),
        role: lower(&names.role),
        rel: lower(&names.rel),
        datetime: el
            .attr(&names.datetime)
            .or_else(|| el.attr(&names.content))
            .map(str::to_string),
        href: if name == "a" {
            el.attr(&names.href).map(str::to_string)
        } else {
            None
        },
        hidden,
    }
}

/// Void elements: never have an end tag, so they do not nest.
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"frame"
    )
}

/// Elements closed implicitly by a sibling of the same kind, so that a run
/// of them does not nest (`<p>a<p>b`, `<li>`…).
fn self_closing_run(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"li" | b"dt" | b"dd" | b"option" | b"tr" | b"td" | b"th"
    )
}

/// Elements whose whole content is dropped by [`prepare`] (never article
/// text; scripts are most of the bytes of a news page).
fn stripped_element(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"noscript" | b"template" | b"svg" | b"math"
    )
}

/// Prepares a page for the tree builder, in one lexical pass: removes
/// comments and the elements that never hold article text (`<script>`
/// except JSON-LD, `<style>`, `<noscript>`, `<template>`, `<svg>`,
/// `<math>`), and the start and end tags that would nest deeper than
/// `max_depth` (their text is kept). Returns `None` when nothing changes.
///
/// The tag scanner recognises tags, comments and raw-text elements, and
/// approximates implied end tags for void elements and runs of `<p>`/`<li>`;
/// it only has to bound the depth the tree builder sees, not to reproduce
/// it. html5ever's tree builder slows down quadratically with nesting depth.
pub fn prepare(html: &str, max_depth: usize) -> Option<String> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut depth = 0usize;
    // Names of the kept open elements (bounded by max_depth).
    let mut open: Vec<Vec<u8>> = Vec::new();
    // How many start tags were dropped and not yet closed.
    let mut dropped_open = 0usize;
    let mut i = 0usize;
    let cut = |out: &mut Option<String>, copied: &mut usize, from: usize, to: usize, with: &str| {
        let buf = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
        buf.push_str(&html[*copied..from]);
        buf.push_str(with);
        *copied = to;
    };
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let start = i + off;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            let end = find(&bytes[start + 4..], b"-->").map_or(bytes.len(), |e| start + 4 + e + 3);
            cut(&mut out, &mut copied, start, end, "");
            i = end;
            continue;
        }
        let end = match memchr(b'>', rest) {
            Some(e) => start + e + 1,
            None => break,
        };
        let (closing, name_start) = if rest.get(1) == Some(&b'/') {
            (true, 2)
        } else {
            (false, 1)
        };
        let name: Vec<u8> = rest[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .map(u8::to_ascii_lowercase)
            .collect();
        i = end;
        if name.is_empty() || !name[0].is_ascii_alphabetic() {
            continue;
        }
        if !closing && stripped_element(&name) {
            let tag = &bytes[start..end];
            let json_ld = name == b"script" && find_ci(tag, b"ld+json").is_some();
            let self_closed = tag.ends_with(b"/>") && name != b"script";
            let close = if self_closed {
                None
            } else {
                find_end_tag(&bytes[end..], &name)
            };
            let after = match close {
                Some(c) => memchr(b'>', &bytes[end + c..]).map_or(bytes.len(), |e| end + c + e + 1),
                None if self_closed => end,
                None => bytes.len(),
            };
            if !json_ld {
                cut(&mut out, &mut copied, start, after, " ");
            }
            i = after;
            continue;
        }
        let self_closed = bytes[end - 2] == b'/';
        let mut drop_tag = false;
        if closing {
            if open.last() == Some(&name) {
                open.pop();
                depth -= 1;
            } else if dropped_open > 0 {
                dropped_open -= 1;
                drop_tag = true;
            } else if let Some(pos) = open.iter().rposition(|n| *n == name) {
                depth -= open.len() - pos;
                open.truncate(pos);
            }
        } else if is_void(&name) || self_closed {
            // No nesting.
        } else {
            if matches!(name.as_slice(), b"textarea" | b"title" | b"xmp") {
                // Raw text up to the end tag.
                let found = find_end_tag(&bytes[end..], &name);
                i = found.map_or(bytes.len(), |f| end + f);
                continue;
            }
            if self_closing_run(&name) && open.last() == Some(&name) {
                // `<p>a<p>b`: the second closes the first.
            } else if depth >= max_depth {
                dropped_open += 1;
                drop_tag = true;
            } else {
                open.push(name.clone());
                depth += 1;
            }
        }
        if drop_tag {
            // Keep the blocks of dropped block tags apart.
            let with = if Tag::from_name(std::str::from_utf8(&name).unwrap_or("")).is_block() {
                "<br>"
            } else {
                " "
            };
            cut(&mut out, &mut copied, start, end, with);
        }
    }
    let mut buf = out?;
    buf.push_str(&html[copied..]);
    Some(buf)
}

/// The page with its `<noscript>` and `</noscript>` tags removed, so that
/// what a page shows readers without scripts is parsed as page content
/// (pages that render their article with a script often put a copy there);
/// `None` when the page has no `<noscript>`.
pub fn unwrap_noscript(html: &str) -> Option<String> {
    let bytes = html.as_bytes();
    find_ci(bytes, b"<noscript")?;
    let mut out = String::with_capacity(html.len());
    let mut copied = 0usize;
    let mut i = 0usize;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let start = i + off;
        let rest = &bytes[start..];
        let name_start = if rest.get(1) == Some(&b'/') { 2 } else { 1 };
        let is_noscript = rest.len() >= name_start + 8
            && rest[name_start..name_start + 8].eq_ignore_ascii_case(b"noscript")
            && rest
                .get(name_start + 8)
                .is_none_or(|b| !b.is_ascii_alphanumeric());
        if !is_noscript {
            i = start + 1;
            continue;
        }
        let end = memchr(b'>', rest).map_or(bytes.len(), |e| start + e + 1);
        out.push_str(&html[copied..start]);
        out.push(' ');
        copied = end;
        i = end;
    }
    out.push_str(&html[copied..]);
    Some(out)
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    memchr::memchr(needle, hay)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// The first `</name` (any case) in `hay`.
fn find_end_tag(hay: &[u8], name: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(off) = memchr::memmem::find(&hay[from..], b"</") {
        let at = from + off;
        let rest = &hay[at + 2..];
        if rest.len() >= name.len() && rest[..name.len()].eq_ignore_ascii_case(name) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definitions `collapse` and `tidy_lines` must agree with.
    fn collapse_ref(text: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in text.chars() {
            if c.is_whitespace() {
                space = true;
            } else if invisible(c) {
                continue;
            } else {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn collapse_and_lines_match_their_definitions() {
        for s in [
            "",
            " ",
            "a",
            "  a  b\t\tc  ",
            "\u{ad}\u{200b} x \u{feff} y\u{200d}z \u{2060}",
            "a \u{200b}b a\u{200b} b",
            "\u{a0}é\u{3000}漢字 \u{85}ü\r\n\n line\x0b\x1c end\u{2029}",
            "\n\n a \n\n\u{ad}\n b\nc \n",
        ] {
            assert_eq!(collapse(s), collapse_ref(s), "{s:?}");
            let lines = s
                .split('\n')
                .map(collapse_ref)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            assert_eq!(tidy_lines(s), lines, "{s:?}");
        }
    }

    #[test]
    fn noscript_tags_are_unwrapped_and_their_content_kept() {
        let page = "<p>a</p><NOSCRIPT class=x><p>Kept text</p></noscript><noscripts>n</noscripts>";
        let out = unwrap_noscript(page).unwrap();
        assert_eq!(out, "<p>a</p> <p>Kept text</p> <noscripts>n</noscripts>");
        assert!(unwrap_noscript("<p>plain</p>").is_none());
        let (dom, _) = Dom::parse(&out);
        assert!(dom.nodes.len() > 3);
    }

    #[test]
    fn arena_keeps_text_and_drops_scripts() {
        let (dom, head) = Dom::parse(
            "<html lang=en><head><title>T</title><meta property='og:title' content='OG'>\
             <script type='application/ld+json'>{\"a\":1}</script></head>\
             <body><p class='A b' id=X>Hello <b>world</b></p><script>var x;</script></body></html>",
        );
        assert_eq!(head.title.as_deref(), Some("T"));
        assert_eq!(head.lang.as_deref(), Some("en"));
        assert_eq!(head.json_ld, vec!["{\"a\":1}"]);
        assert_eq!(head.metas[0].key, "og:title");
        let p = dom
            .nodes
            .iter()
            .position(|n| n.tag() == Some(Tag::P))
            .unwrap();
        assert_eq!(dom.element(p).unwrap().class_id, "a b x");
        assert_eq!(dom.text_of(0), "Hello world");
    }

    #[test]
    fn nesting_is_capped() {
        let deep = "<div>".repeat(2000) + "deep text" + &"</div>".repeat(2000) + "<p>after</p>";
        let capped = prepare(&deep, 100).unwrap();
        assert_eq!(capped.matches("<div>").count(), 100);
        assert_eq!(capped.matches("</div>").count(), 100);
        let (dom, _) = Dom::parse(&("<div>".repeat(2000) + "<p>one</p><p>two</p>"));
        assert_eq!(dom.text_of(0), "one two");
        let (dom, _) = Dom::parse(&deep);
        assert!(dom.nodes.iter().map(|n| n.depth).max().unwrap() < MAX_DEPTH + 10);
        assert_eq!(dom.text_of(0), "deep text after");
    }

    #[test]
    fn shallow_pages_are_not_copied() {
        let page = "<p>a<p>b<p>c".repeat(1000);
        assert!(prepare(&page, 100).is_none());
        let page = "<div><br><img src=x></div>".repeat(1000);
        assert!(prepare(&page, 100).is_none());
    }

    #[test]
    fn scripts_styles_and_comments_are_removed() {
        let page = "<head><script>var a = '<p>no</p>';</script><SCRIPT type='application/ld+json'>{\"x\":1}</SCRIPT>\
            <style>p{}</style></head><body><!-- c <p>no</p> --><p>yes</p><svg><path d='M0'/><text>no</text></svg>\
            <noscript><p>no</p></noscript><title>t <b></title><textarea><p>raw</textarea></body>";
        let out = prepare(page, 100).unwrap();
        assert!(!out.contains("no"), "{out}");
        assert!(out.contains("ld+json") && out.contains("<p>yes</p>") && out.contains("<p>raw"));
        let (dom, head) = Dom::parse(page);
        assert_eq!(head.json_ld, vec!["{\"x\":1}"]);
        assert!(dom.text_of(0).contains("yes"));
        // Unclosed: the rest of the page is script.
        assert_eq!(prepare("<p>a</p><script>x", 100).unwrap(), "<p>a</p> ");
    }
}
