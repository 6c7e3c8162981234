//! html5ever's tree builder driving a small tree of our own.
//!
//! The tree builder needs a mutable tree while it parses (it moves nodes:
//! misnested formatting elements, tables' foster parenting), so the page
//! is first built here, as plain indices into one vector, then walked once
//! by [`crate::dom`] to make the read-only arena. Attributes stay as the
//! tokenizer made them (names are interned atoms, so looking one up is an
//! integer comparison); text nodes keep the tokenizer's tendrils, and
//! adjacent text is merged as it is appended.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};

/// No node.
pub(crate) const NONE: u32 = u32::MAX;

/// What a node of the parse tree is.
pub(crate) enum Data {
    /// The document.
    Document,
    /// An element with its attributes.
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
    },
    /// Text.
    Text(StrTendril),
    /// The content of a `<template>`.
    Fragment,
    /// A comment, doctype or processing instruction.
    Other,
}

/// A node of the parse tree, linked to its relatives by index.
pub(crate) struct TreeNode {
    pub data: Data,
    pub parent: u32,
    pub first_child: u32,
    pub last_child: u32,
    pub prev: u32,
    pub next: u32,
}

/// The parse tree; node 0 is the document.
pub(crate) struct Tree {
    pub nodes: Vec<TreeNode>,
    /// Returned as the name of a handle that is not an element (the tree
    /// builder never asks for one).
    dummy: QualName,
}

impl Tree {
    fn push(&mut self, data: Data) -> u32 {
        let i = self.nodes.len() as u32;
        self.nodes.push(TreeNode {
            data,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            prev: NONE,
            next: NONE,
        });
        i
    }

    fn node(&mut self, i: u32) -> &mut TreeNode {
        &mut self.nodes[i as usize]
    }

    // The tree operations below link nodes exactly as ego_tree (scraper's
    // tree) does, quirks included: moving children to a new parent updates
    // the parent link of the first and last only, and later operations
    // trust the links they find. Pages where the tree builder relies on
    // that are thereby read exactly as before.

    fn detach(&mut self, i: u32) {
        let (parent, prev, next) = {
            let n = self.node(i);
            let r = (n.parent, n.prev, n.next);
            if r.0 == NONE {
                return;
            }
            n.parent = NONE;
            n.prev = NONE;
            n.next = NONE;
            r
        };
        if prev != NONE {
            self.node(prev).next = next;
        }
        if next != NONE {
            self.node(next).prev = prev;
        }
        let p = self.node(parent);
        let (first, last) = (p.first_child, p.last_child);
        if first == NONE {
            // ego_tree would panic here; leave the parent as it is.
        } else if first == last {
            p.first_child = NONE;
            p.last_child = NONE;
        } else if first == i {
            if next != NONE {
                p.first_child = next;
            }
        } else if last == i && prev != NONE {
            p.last_child = prev;
        }
    }

    fn append_node(&mut self, parent: u32, child: u32) {
        if parent == child {
            return;
        }
        let last = self.node(parent).last_child;
        if last == child {
            return;
        }
        self.detach(child);
        {
            let c = self.node(child);
            c.parent = parent;
            c.prev = last;
        }
        if last != NONE {
            self.node(last).next = child;
        }
        let p = self.node(parent);
        if p.first_child == NONE {
            p.first_child = child;
        }
        p.last_child = child;
    }

    fn insert_before(&mut self, sibling: u32, new: u32) {
        if sibling == new {
            return;
        }
        let parent = self.node(sibling).parent;
        if parent == NONE {
            return;
        }
        let prev = self.node(sibling).prev;
        self.detach(new);
        {
            let n = self.node(new);
            n.parent = parent;
            n.prev = prev;
            n.next = sibling;
        }
        if prev != NONE {
            self.node(prev).next = new;
        }
        self.node(sibling).prev = new;
        let p = self.node(parent);
        if p.first_child == sibling {
            p.first_child = new;
        }
    }

    /// Appends `text` to the text node `i`, if it is one.
    fn merge_text(&mut self, i: u32, text: &StrTendril) -> bool {
        if i == NONE {
            return false;
        }
        match &mut self.node(i).data {
            Data::Text(t) => {
                t.push_tendril(text);
                true
            }
            _ => false,
        }
    }

    fn append(&mut self, parent: u32, child: NodeOrText<u32>) {
        match child {
            NodeOrText::AppendNode(c) => self.append_node(parent, c),
            NodeOrText::AppendText(text) => {
                let last = self.node(parent).last_child;
                if !self.merge_text(last, &text) {
                    let c = self.push(Data::Text(text));
                    self.append_node(parent, c);
                }
            }
        }
    }

    fn append_before_sibling(&mut self, sibling: u32, new: NodeOrText<u32>) {
        if let NodeOrText::AppendNode(c) = new {
            self.detach(c);
        }
        if self.node(sibling).parent == NONE {
            return;
        }
        match new {
            NodeOrText::AppendNode(c) => self.insert_before(sibling, c),
            NodeOrText::AppendText(text) => {
                let prev = self.node(sibling).prev;
                if !self.merge_text(prev, &text) {
                    let c = self.push(Data::Text(text));
                    self.insert_before(sibling, c);
                }
            }
        }
    }

    fn reparent_children(&mut self, from: u32, to: u32) {
        if from == to {
            return;
        }
        let (first, last) = {
            let f = self.node(from);
            let r = (f.first_child, f.last_child);
            f.first_child = NONE;
            f.last_child = NONE;
            r
        };
        if first == NONE {
            return;
        }
        self.node(first).parent = to;
        self.node(last).parent = to;
        let old_last = self.node(to).last_child;
        if old_last == NONE {
            let t = self.node(to);
            t.first_child = first;
            t.last_child = last;
            return;
        }
        self.node(old_last).next = first;
        self.node(first).prev = old_last;
        self.node(to).last_child = last;
    }
}

struct Sink(RefCell<Tree>);

impl TreeSink for Sink {
    type Handle = u32;
    type Output = Tree;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Tree {
        self.0.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> u32 {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a u32) -> Ref<'a, QualName> {
        Ref::map(self.0.borrow(), |t| {
            match t.nodes.get(*target as usize).map(|n| &n.data) {
                Some(Data::Element { name, .. }) => name,
                _ => &t.dummy,
            }
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> u32 {
        let template =
            name.ns == html5ever::ns!(html) && name.local == html5ever::local_name!("template");
        let mut t = self.0.borrow_mut();
        let i = t.push(Data::Element { name, attrs });
        if template {
            let f = t.push(Data::Fragment);
            t.append_node(i, f);
        }
        i
    }

    fn create_comment(&self, _text: StrTendril) -> u32 {
        self.0.borrow_mut().push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> u32 {
        self.0.borrow_mut().push(Data::Other)
    }

    fn append(&self, parent: &u32, child: NodeOrText<u32>) {
        self.0.borrow_mut().append(*parent, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &u32,
        prev_element: &u32,
        child: NodeOrText<u32>,
    ) {
        let mut t = self.0.borrow_mut();
        if t.node(*element).parent != NONE {
            t.append_before_sibling(*element, child);
        } else {
            t.append(*prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {
        let mut t = self.0.borrow_mut();
        let d = t.push(Data::Other);
        t.append_node(0, d);
    }

    fn get_template_contents(&self, target: &u32) -> u32 {
        let mut t = self.0.borrow_mut();
        match t.node(*target).first_child {
            NONE => *target,
            f => f,
        }
    }

    fn same_node(&self, x: &u32, y: &u32) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &u32, new_node: NodeOrText<u32>) {
        self.0
            .borrow_mut()
            .append_before_sibling(*sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &u32, attrs: Vec<Attribute>) {
        let mut t = self.0.borrow_mut();
        if let Data::Element { attrs: have, .. } = &mut t.node(*target).data {
            for a in attrs {
                if !have.iter().any(|h| h.name == a.name) {
                    have.push(a);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &u32) {
        self.0.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &u32, new_parent: &u32) {
        self.0.borrow_mut().reparent_children(*node, *new_parent);
    }
}

/// Parses a whole document (html5ever's default options, as a browser
/// with scripting on).
pub(crate) fn parse(html: &str) -> Tree {
    let mut tree = Tree {
        nodes: Vec::with_capacity(html.len() / 32 + 16),
        dummy: QualName::new(None, html5ever::ns!(), html5ever::local_name!("")),
    };
    tree.push(Data::Document);
    html5ever::parse_document(Sink(RefCell::new(tree)), Default::default()).one(html)
}

/// The value of the attribute `name` (no namespace), as scraper's
/// `Element::attr` finds it.
pub(crate) fn attr<'a>(attrs: &'a [Attribute], name: &html5ever::LocalName) -> Option<&'a str> {
    attrs
        .iter()
        .find(|a| a.name.local == *name && a.name.ns == html5ever::ns!() && a.name.prefix.is_none())
        .map(|a| &*a.value)
}
