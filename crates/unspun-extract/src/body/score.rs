//! Candidate scoring: per-node character counts, every block weighed as
//! good, bad (boilerplate), linky or neutral, and the container that best
//! holds the article.
//!
//! Weighing runs twice: first with the strong boilerplate marks only, to
//! find where the article is; then with the weak marks too, everywhere but
//! on that first container, its ancestors, and parts of it that hold most
//! of its text (wrappers are often named `page-ad-margins`,
//! `has-sidebar`, `share-enabled`…).

use super::classify::{element_mark, hides_itself, is_article_marked, Mark};
use crate::dom::{Dom, Kind, Tag};

/// Per-node measurements, indexed like the arena.
pub(super) struct Stats {
    /// Non-space characters of visible text in the subtree.
    pub(super) chars: Vec<u32>,
    /// … of which inside links.
    pub(super) link_chars: Vec<u32>,
    /// Non-space characters of the element's own inline text (its block).
    pub(super) own: Vec<u32>,
    /// … of which inside links.
    pub(super) own_links: Vec<u32>,
    /// Sentence punctuation in the own block.
    pub(super) own_punct: Vec<u32>,
    /// The node or an ancestor is boilerplate.
    pub(super) boiler: Vec<bool>,
    /// The node itself is marked boilerplate.
    pub(super) self_boiler: Vec<bool>,
    /// Hidden (itself or an ancestor).
    pub(super) hidden: Vec<bool>,
    /// Block owner of each node: the nearest block-level element (itself if
    /// it is one).
    pub(super) owner: Vec<usize>,
    /// Blocks that are not article text whatever their length: summaries
    /// of teasers (a block alone in a small item with a headline link) and
    /// markup shown as text.
    pub(super) junk: Vec<bool>,
    /// Weighed characters in the subtree: good blocks,
    pub(super) good: Vec<f32>,
    /// … blocks in boilerplate (left out when writing),
    pub(super) bad: Vec<f32>,
    /// … blocks that are mostly links,
    pub(super) linky: Vec<f32>,
    /// … other blocks.
    pub(super) neutral: Vec<f32>,
    /// The block itself (not its subtree) is good.
    pub(super) good_block: Vec<bool>,
}

impl Stats {
    /// Measures and weighs every node of the page.
    pub(super) fn compute(dom: &Dom) -> Stats {
        let mut s = Stats::zeroed(dom.nodes.len());
        let (marks, hidden_self) = element_marks(dom);
        let in_link = s.find_owners(dom);
        s.count_chars(dom, &in_link);
        s.find_junk(dom);
        let c0 = s.weigh_first(dom, &marks, &hidden_self);
        s.weigh_second(dom, &marks, c0);
        s
    }

    /// All counts zero, all flags false, for `n` nodes.
    fn zeroed(n: usize) -> Stats {
        Stats {
            chars: vec![0; n],
            link_chars: vec![0; n],
            own: vec![0; n],
            own_links: vec![0; n],
            own_punct: vec![0; n],
            boiler: vec![false; n],
            self_boiler: vec![false; n],
            hidden: vec![false; n],
            owner: vec![0; n],
            good: vec![0.0; n],
            bad: vec![0.0; n],
            linky: vec![0.0; n],
            neutral: vec![0.0; n],
            junk: vec![false; n],
            good_block: vec![false; n],
        }
    }

    /// Fills the block owner of every node; returns, for every node,
    /// whether it is inside a link.
    fn find_owners(&mut self, dom: &Dom) -> Vec<bool> {
        let mut in_link = vec![false; dom.nodes.len()];
        for i in 1..dom.nodes.len() {
            let node = &dom.nodes[i];
            let p = node.parent;
            in_link[i] = in_link[p];
            self.owner[i] = self.owner[p];
            if let Kind::Element(el) = &node.kind {
                if el.tag == Tag::A {
                    in_link[i] = true;
                }
                if el.tag.is_block() || el.other_block {
                    self.owner[i] = i;
                }
            }
        }
        in_link
    }

    /// Character counts of every subtree and block (all text, hidden or
    /// not), with the share inside links and the sentence punctuation of
    /// each block.
    fn count_chars(&mut self, dom: &Dom, in_link: &[bool]) {
        for i in (1..dom.nodes.len()).rev() {
            let node = &dom.nodes[i];
            if let Kind::Text(t) = &node.kind {
                let mut count = 0u32;
                let mut punct = 0u32;
                for c in t.chars() {
                    if !c.is_whitespace() {
                        count += 1;
                        if is_punct(c) {
                            punct += 1;
                        }
                    }
                }
                self.chars[i] = count;
                if in_link[i] {
                    self.link_chars[i] = count;
                }
                let o = self.owner[i];
                self.own[o] += count;
                self.own_punct[o] += punct;
                if in_link[i] {
                    self.own_links[o] += count;
                }
            }
            let p = node.parent;
            self.chars[p] += self.chars[i];
            self.link_chars[p] += self.link_chars[i];
        }
    }

    /// Marks the blocks that are not article text whatever their length:
    /// teaser summaries and markup shown as text.
    fn find_junk(&mut self, dom: &Dom) {
        for i in 1..dom.nodes.len() {
            if self.own[i] > 0 {
                self.junk[i] = is_teaser(dom, self, i) || looks_like_markup(dom, i);
            }
        }
    }

    /// First weighing, with the strong marks only: sets `boiler` and
    /// `hidden`, and returns the container it finds.
    fn weigh_first(&mut self, dom: &Dom, marks: &[Mark], hidden_self: &[bool]) -> Option<usize> {
        let n = dom.nodes.len();
        let mut first = vec![false; n];
        let mut hidden = vec![false; n];
        for i in 1..n {
            let p = dom.nodes[i].parent;
            first[i] = first[p] || marks[i] == Mark::Strong;
            hidden[i] = hidden[p] || hidden_self[i];
        }
        self.weigh(dom, &first, &hidden);
        self.hidden = hidden;
        self.boiler = first;
        self.best_container(dom)
    }

    /// Second weighing: weak marks apply everywhere but on the first
    /// container `c0`, its ancestors, and parts of it that hold at least
    /// half of the page's good text (with no container: on elements that
    /// hold half of it).
    fn weigh_second(&mut self, dom: &Dom, marks: &[Mark], c0: Option<usize>) {
        let n = dom.nodes.len();
        let page_good = self.good[c0.unwrap_or(0)];
        let good_first = self.good.clone();
        // Ancestors of the first container (itself included), and its subtree.
        let mut above = vec![false; n];
        let mut inside = vec![false; n];
        if let Some(c) = c0 {
            let mut a = c;
            while a != 0 {
                above[a] = true;
                a = dom.nodes[a].parent;
            }
            inside[c] = true;
        }
        for i in 1..n {
            let p = dom.nodes[i].parent;
            inside[i] = inside[i] || inside[p];
            let holds_article = match c0 {
                Some(_) => above[i] || (inside[i] && good_first[i] >= 0.5 * page_good),
                None => good_first[i] >= 0.5 * page_good,
            };
            self.self_boiler[i] =
                marks[i] == Mark::Strong || (marks[i] == Mark::Weak && !holds_article);
            self.boiler[i] = self.boiler[p] || self.self_boiler[i];
        }
        let (boiler, hidden) = (self.boiler.clone(), self.hidden.clone());
        self.weigh(dom, &boiler, &hidden);
    }

    /// The element that best holds the article, by the current weights.
    pub(super) fn best_container(&self, dom: &Dom) -> Option<usize> {
        let mut best: Option<(usize, f32)> = None;
        for i in 1..dom.nodes.len() {
            let Some(el) = dom.element(i) else { continue };
            if self.hidden[i] || self.boiler[i] || self.good[i] <= 0.0 {
                continue;
            }
            let mut score =
                self.good[i] - 0.1 * self.bad[i] - self.linky[i] - 0.25 * self.neutral[i];
            let marked = el.itemprop.as_deref() == Some("articlebody")
                || is_article_marked(&el.class_id)
                || el.tag == Tag::Article;
            if marked {
                score += 0.1 * self.good[i];
            }
            if best.is_none_or(|(_, b)| score >= b) {
                best = Some((i, score));
            }
        }
        best.map(|(i, _)| i)
    }

    /// Weighs every block as good, bad or neutral and sums over subtrees.
    fn weigh(&mut self, dom: &Dom, boiler: &[bool], hidden: &[bool]) {
        let n = dom.nodes.len();
        for i in 0..n {
            self.good[i] = 0.0;
            self.bad[i] = 0.0;
            self.linky[i] = 0.0;
            self.neutral[i] = 0.0;
            self.good_block[i] = false;
        }
        for i in 1..n {
            let own = self.own[i];
            if own == 0 || hidden[i] {
                continue;
            }
            let len = own as f32;
            let ld = self.own_links[i] as f32 / len;
            let tag = dom.nodes[i].tag();
            let sentence_like = self.own_punct[i] >= 1 && len >= 60.0;
            if boiler[i] {
                self.bad[i] = len;
            } else if ld > 0.5 || self.junk[i] {
                self.linky[i] = len;
            } else if ld < 0.3
                && (len >= 120.0
                    || (sentence_like && tag == Some(Tag::P))
                    || (len >= 60.0 && self.own_punct[i] >= 2))
            {
                self.good[i] = len * (1.0 - ld);
                self.good_block[i] = true;
            } else {
                self.neutral[i] = len;
            }
        }
        for i in (1..n).rev() {
            let p = dom.nodes[i].parent;
            self.good[p] += self.good[i];
            self.bad[p] += self.bad[i];
            self.linky[p] += self.linky[i];
            self.neutral[p] += self.neutral[i];
        }
    }
}

/// For every node, its boilerplate mark and whether it hides itself (see
/// [`element_mark`], [`hides_itself`]); none and false for text.
fn element_marks(dom: &Dom) -> (Vec<Mark>, Vec<bool>) {
    let n = dom.nodes.len();
    let mut marks = vec![Mark::None; n];
    let mut hidden_self = vec![false; n];
    for i in 1..n {
        if let Kind::Element(el) = &dom.nodes[i].kind {
            marks[i] = element_mark(el);
            hidden_self[i] = hides_itself(el);
        }
    }
    (marks, hidden_self)
}

/// Sentence punctuation, Latin and CJK.
fn is_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | '?' | '!' | ';' | ':' | '。' | '、' | '，' | '？' | '！'
    )
}

/// A block alone in a small item that also holds a headline link, the
/// item being one of a run of alike siblings: the summary of a teaser in a
/// list of other articles.
fn is_teaser(dom: &Dom, s: &Stats, block: usize) -> bool {
    let own = s.own[block];
    if own > 600 {
        return false;
    }
    let outside_links = |a: usize| s.link_chars[a].saturating_sub(s.link_chars[block]);
    let mut a = dom.nodes[block].parent;
    for _ in 0..4 {
        if a == 0 || s.chars[a] > 2 * own + 300 {
            return false;
        }
        if outside_links(a) >= 20
            && s.chars[a] - s.chars[block] <= own
            && alike_siblings(dom, a) >= 3
        {
            return true;
        }
        a = dom.nodes[a].parent;
    }
    false
}

/// How many siblings of `i` (itself included) have its tag and classes.
fn alike_siblings(dom: &Dom, i: usize) -> usize {
    let Some(el) = dom.element(i) else { return 0 };
    let parent = dom.nodes[i].parent;
    dom.nodes[parent]
        .children
        .iter()
        .filter(|&&c| {
            dom.element(c)
                .is_some_and(|e| e.tag == el.tag && e.class_id == el.class_id)
        })
        .count()
}

/// Text that is HTML markup (`<img src=…>` written out as text).
fn looks_like_markup(dom: &Dom, block: usize) -> bool {
    dom.nodes[block]
        .children
        .iter()
        .any(|&c| match &dom.nodes[c].kind {
            Kind::Text(t) => {
                let t = t.trim();
                t.starts_with('<') && t.ends_with('>')
            }
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "The council voted on Tuesday to rebuild the harbour wall, which was damaged in the winter storms.";

    /// The arena index of the first element with class/id `class`.
    fn by_class(dom: &Dom, class: &str) -> usize {
        (0..dom.nodes.len())
            .find(|&i| dom.element(i).is_some_and(|e| e.class_id == class))
            .expect("element")
    }

    #[test]
    fn blocks_are_counted_and_weighed() {
        let (dom, _) = Dom::parse(&format!(
            "<body><div class='story'><p>{P}</p><p>{P}</p><p>Read <a href='/x'>more about the harbour here</a></p></div></body>"
        ));
        let s = Stats::compute(&dom);
        let story = by_class(&dom, "story");
        let visible = P.chars().filter(|c| !c.is_whitespace()).count() as u32;
        let paragraphs: Vec<usize> = dom.nodes[story].children.clone();
        let (good, linky) = (paragraphs[0], paragraphs[2]);
        assert_eq!(s.own[good], visible);
        assert_eq!(s.own_punct[good], 2);
        assert!(s.good_block[good] && !s.good_block[linky]);
        assert!(s.own_links[linky] * 2 > s.own[linky]);
        assert!(s.linky[linky] > 0.0);
        assert_eq!(s.chars[story], 2 * s.chars[good] + s.chars[linky]);
        assert_eq!(s.best_container(&dom), Some(story));
    }

    #[test]
    fn weak_marks_spare_the_article() {
        // The article sits in a wrapper with a weak boilerplate word; a real
        // sidebar next to it stays boilerplate.
        let (dom, _) = Dom::parse(&format!(
            "<body><div class='has-sidebar'><div class='story'><p>{P}</p><p>{P}</p></div></div>\
             <div class='sidebar'><p>{P}</p></div></body>"
        ));
        let s = Stats::compute(&dom);
        let (wrapper, story, sidebar) = (
            by_class(&dom, "has-sidebar"),
            by_class(&dom, "story"),
            by_class(&dom, "sidebar"),
        );
        assert!(!s.boiler[wrapper] && !s.boiler[story]);
        assert!(s.self_boiler[sidebar] && s.bad[sidebar] > 0.0);
        assert_eq!(s.best_container(&dom), Some(story));
    }

    #[test]
    fn teasers_in_a_list_are_junk() {
        let item = format!(
            "<li class='teaser'><a href='/a'>Another headline about the harbour</a><p>{P}</p></li>"
        );
        let (dom, _) = Dom::parse(&format!("<body><ul>{}</ul></body>", item.repeat(3)));
        let s = Stats::compute(&dom);
        let summaries: Vec<usize> = (0..dom.nodes.len())
            .filter(|&i| dom.nodes[i].tag() == Some(Tag::P))
            .collect();
        assert_eq!(summaries.len(), 3);
        assert!(summaries.iter().all(|&p| s.junk[p]));
        let (dom, _) = Dom::parse(&format!("<body><ul>{item}</ul></body>"));
        let s = Stats::compute(&dom);
        assert!(!(0..dom.nodes.len()).any(|i| s.junk[i]));
    }

    #[test]
    fn markup_written_as_text_is_junk() {
        let (dom, _) = Dom::parse("<body><p>&lt;img src=\"x.jpg\"&gt;</p></body>");
        let s = Stats::compute(&dom);
        let p = (0..dom.nodes.len())
            .find(|&i| dom.nodes[i].tag() == Some(Tag::P))
            .expect("p");
        assert!(s.junk[p]);
    }
}
