//! Text assembly: the container's text written block by block, leaving
//! out hidden and boilerplate subtrees, link lists, figures, the headline
//! and page furniture; headings, lists, quotes and tables are kept.

use super::furniture::{is_furniture_text, normalize_words};
use super::score::Stats;
use crate::dom::{collapse, tidy_lines, Dom, Kind, Tag};

/// The inline text directly inside block element `i`.
pub(super) fn own_text(dom: &Dom, i: usize) -> String {
    let mut raw = String::new();
    let mut stack: Vec<usize> = dom.nodes[i].children.iter().rev().copied().collect();
    while let Some(j) = stack.pop() {
        match &dom.nodes[j].kind {
            Kind::Text(t) => raw.push_str(t),
            Kind::Element(el) if !(el.tag.is_block() || el.other_block) => {
                if el.tag == Tag::Br {
                    raw.push(' ');
                }
                stack.extend(dom.nodes[j].children.iter().rev());
            }
            _ => {}
        }
    }
    collapse(&raw)
}

/// Writes the text of a container: blocks joined by blank lines, lines
/// inside a block (from `<br>`) kept.
pub(super) struct Writer<'a> {
    dom: &'a Dom,
    stats: &'a Stats,
    title: Option<String>,
    blocks: Vec<String>,
    current: String,
    /// Text nodes of the current block.
    pending: Vec<usize>,
    /// Text nodes of the blocks written so far.
    written: Vec<usize>,
}

impl<'a> Writer<'a> {
    /// A writer that leaves out `title` (the headline) where it appears.
    pub(super) fn new(dom: &'a Dom, stats: &'a Stats, title: Option<&str>) -> Self {
        Writer {
            dom,
            stats,
            title: title.map(normalize_words),
            blocks: Vec::new(),
            current: String::new(),
            pending: Vec::new(),
            written: Vec::new(),
        }
    }

    /// Whether the subtree of `i` (inside the container `root`) is left out.
    fn skip(&self, i: usize, root: usize) -> bool {
        let s = self.stats;
        let Some(el) = self.dom.element(i) else {
            return false;
        };
        if s.hidden[i] || s.junk[i] {
            return true;
        }
        if i == root {
            return false;
        }
        match el.tag {
            Tag::Figure | Tag::Figcaption | Tag::Nav | Tag::Aside | Tag::Footer => return true,
            Tag::Form | Tag::Header => {
                // Keep a form or header that holds most of the good text.
                return s.good[i] < 0.5 * s.good[root];
            }
            _ => {}
        }
        if s.self_boiler[i]
            && (el.tag.is_block() || el.other_block)
            && s.good[i] < 0.5 * s.good[root]
        {
            return true;
        }
        // Paragraphs that are (almost) all link, outside headings.
        if !el.tag.is_heading()
            && s.own[i] > 0
            && s.own[i] == s.chars[i]
            && s.own_links[i] * 10 > s.own[i] * 6
        {
            return true;
        }
        // Lists and blocks of links.
        if matches!(
            el.tag,
            Tag::Ul | Tag::Ol | Tag::Dl | Tag::Div | Tag::Section | Tag::Table
        ) && s.chars[i] > 0
            && s.link_chars[i] as f32 > 0.5 * s.chars[i] as f32
        {
            return true;
        }
        false
    }

    /// The text of the subtree of `root`.
    #[cfg(test)]
    pub(super) fn write(self, root: usize) -> String {
        self.write_marking(root).0
    }

    /// The text of the subtree of `root`, and the text nodes it holds.
    pub(super) fn write_marking(mut self, root: usize) -> (String, Vec<usize>) {
        // Iterative walk with explicit exit markers.
        enum Step {
            Enter(usize),
            Exit(usize),
        }
        let mut stack = vec![Step::Enter(root)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(i) => {
                    if self.skip(i, root) {
                        continue;
                    }
                    match &self.dom.nodes[i].kind {
                        Kind::Text(t) => {
                            self.current.push_str(t);
                            self.pending.push(i);
                        }
                        Kind::Element(el) => {
                            if el.tag == Tag::Br {
                                self.current.push('\n');
                                continue;
                            }
                            if el.tag.is_block() || el.other_block {
                                self.flush(false);
                            } else if matches!(el.tag, Tag::Other)
                                && !self.current.ends_with(char::is_whitespace)
                            {
                                // Unknown inline elements: nothing.
                            }
                            stack.push(Step::Exit(i));
                            for &c in self.dom.nodes[i].children.iter().rev() {
                                stack.push(Step::Enter(c));
                            }
                        }
                        Kind::Root => {}
                    }
                }
                Step::Exit(i) => {
                    let Some(el) = self.dom.element(i) else {
                        continue;
                    };
                    if el.tag.is_block() || el.other_block {
                        self.flush(el.tag.is_heading());
                    } else if matches!(el.tag, Tag::Td | Tag::Th) {
                        self.current.push(' ');
                    }
                }
            }
        }
        self.flush(false);
        (self.blocks.join("\n\n"), self.written)
    }

    /// Ends the current block: its lines collapsed, kept unless empty or
    /// furniture.
    fn flush(&mut self, heading: bool) {
        if self.current.is_empty() {
            return;
        }
        let raw = std::mem::take(&mut self.current);
        let nodes = std::mem::take(&mut self.pending);
        let block = tidy_lines(&raw);
        if block.is_empty() {
            return;
        }
        if self.is_furniture(&block, heading) {
            return;
        }
        self.blocks.push(block);
        self.written.extend(nodes);
    }

    /// The headline (a block of at most 30 words equal to it) or other
    /// page furniture.
    fn is_furniture(&self, block: &str, _heading: bool) -> bool {
        let words = block.split_whitespace().count();
        if words <= 30 {
            if let Some(title) = &self.title {
                if !title.is_empty() && normalize_words(block) == *title {
                    return true;
                }
            }
        }
        is_furniture_text(block, words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(html: &str, root_class: &str, title: Option<&str>) -> String {
        let (dom, _) = Dom::parse(html);
        let stats = Stats::compute(&dom);
        let root = (0..dom.nodes.len())
            .find(|&i| dom.element(i).is_some_and(|e| e.class_id == root_class))
            .expect("root");
        Writer::new(&dom, &stats, title).write(root)
    }

    #[test]
    fn blocks_and_lines() {
        let text = write(
            "<div class='root'><p>One <b>bold</b> word.</p><p>Line one<br>line two</p></div>",
            "root",
            None,
        );
        assert_eq!(text, "One bold word.\n\nLine one\nline two");
    }

    #[test]
    fn headline_figures_and_link_lists_are_left_out() {
        let text = write(
            "<div class='root'><h1>Storm hits coast</h1><figure><figcaption>A wave</figcaption></figure>\
             <p>It rained all day.</p><ul><li><a href='/1'>Other story</a></li><li><a href='/2'>More</a></li></ul>\
             <p><a href='/3'>A paragraph that is only a link</a></p><h2>What happens next</h2></div>",
            "root",
            Some("Storm Hits Coast!"),
        );
        assert_eq!(text, "It rained all day.\n\nWhat happens next");
    }

    #[test]
    fn own_text_stops_at_nested_blocks() {
        let (dom, _) =
            Dom::parse("<div class='x'>Before <i>inline</i><br>after<p>Nested block</p></div>");
        let div = (0..dom.nodes.len())
            .find(|&i| dom.element(i).is_some_and(|e| e.class_id == "x"))
            .expect("div");
        assert_eq!(own_text(&dom, div), "Before inline after");
    }
}
