//! The article body: which part of the page it is, and its text.
//!
//! 1. Every block of text (the inline text directly inside a block-level
//!    element) is weighed: long blocks with few links are *good*, blocks
//!    that are mostly links or sit in boilerplate (navigation, asides,
//!    comments, share bars, related links, newsletter boxes…, recognised by
//!    tag, `role` and class/id words) are *bad*, the rest is *neutral*.
//! 2. The body container is the element that maximises
//!    `good − 2·bad − 0.25·neutral` over its subtree, with a bonus for
//!    elements marked as the article (`itemprop="articleBody"`, `<article>`,
//!    class words such as `article-body`, `entry-content`): the smallest
//!    element that holds most of the good text and little else.
//! 3. Its text is written block by block, leaving out boilerplate subtrees,
//!    link lists, captions, the headline, bylines and one-line calls to
//!    action; headings, lists, quotes and tables inside it are kept.
//! 4. When the container holds too little text, every good block of the
//!    page is taken instead; when there is none, the body is empty and a
//!    reason is given.

use crate::dom::{collapse, Dom, Kind, Tag};

/// Fewer characters than this in a chosen container sends extraction to
/// the fallback.
const MIN_BODY_CHARS: usize = 250;

/// The result of body extraction.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// Paragraphs separated by blank lines.
    pub text: String,
    /// Why the body is empty or was taken by the fallback.
    pub note: Option<String>,
    /// The container chosen (arena index), if any.
    pub container: Option<usize>,
}

/// Per-node measurements, indexed like the arena.
struct Stats {
    /// Non-space characters of visible text in the subtree.
    chars: Vec<u32>,
    /// … of which inside links.
    link_chars: Vec<u32>,
    /// Non-space characters of the element's own inline text (its block).
    own: Vec<u32>,
    /// … of which inside links.
    own_links: Vec<u32>,
    /// Sentence punctuation in the own block.
    own_punct: Vec<u32>,
    /// The node or an ancestor is boilerplate.
    boiler: Vec<bool>,
    /// The node itself is marked boilerplate.
    self_boiler: Vec<bool>,
    /// Hidden (itself or an ancestor).
    hidden: Vec<bool>,
    /// Block owner of each node: the nearest block-level element (itself if
    /// it is one).
    owner: Vec<usize>,
    good: Vec<f32>,
    bad: Vec<f32>,
    neutral: Vec<f32>,
}

/// Words of class/id values that mark boilerplate.
const BOILER_WORDS: &[&str] = &[
    "comment",
    "disqus",
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "sign-up",
    "promo",
    "sponsor",
    "advert",
    "sidebar",
    "widget",
    "footer",
    "breadcrumb",
    "cookie",
    "consent",
    "popup",
    "modal",
    "toolbar",
    "byline",
    "caption",
    "outbrain",
    "taboola",
    "trending",
    "most-popular",
    "mostpopular",
    "most-read",
    "more-stories",
    "read-more",
    "readmore",
    "paywall",
    "skip-link",
    "sr-only",
    "visually-hidden",
    "screen-reader",
    "masthead",
    "navbar",
    "navigation",
    "menu",
    "author-bio",
    "tags",
    "tag-list",
    "taglist",
    "pagination",
    "print-only",
    "hide-for-print",
    "dateline-",
    "timestamp",
    "publish-date",
    "article-meta",
    "post-meta",
    "entry-meta",
    "credit",
    "inline-ad",
    "ad-container",
    "ad-wrapper",
    "ad-slot",
    "adslot",
    "adunit",
    "ad-unit",
];

/// Whole class/id tokens that mark boilerplate (matched as tokens, since
/// they are too short to match inside words).
const BOILER_TOKENS: &[&str] = &["ad", "ads", "nav", "meta", "author", "tag", "rail", "promo", "embed", "hidden", "hide"];

/// Words that mark the article itself.
const ARTICLE_WORDS: &[&str] = &[
    "articlebody",
    "article-body",
    "article_body",
    "article__body",
    "article-content",
    "article_content",
    "articlecontent",
    "article-text",
    "articletext",
    "story-body",
    "storybody",
    "story-content",
    "story_body",
    "story-text",
    "entry-content",
    "post-content",
    "post-body",
    "postbody",
    "post-entry",
    "body-text",
    "bodytext",
    "content-body",
    "article__content",
    "main-content",
    "rich-text",
    "richtext",
];

/// Words that keep a boilerplate-looking element (`article-share` no, but
/// `article-body comments-enabled` yes).
const CONTENT_WORDS: &[&str] = &["article", "body", "content", "story", "entry", "post", "text", "main"];

fn class_tokens(class_id: &str) -> impl Iterator<Item = &str> {
    class_id.split(|c: char| c.is_whitespace() || c == '-' || c == '_').filter(|t| !t.is_empty())
}

fn is_article_marked(class_id: &str) -> bool {
    ARTICLE_WORDS.iter().any(|w| class_id.contains(w))
}

fn is_boiler_class(class_id: &str) -> bool {
    if class_id.is_empty() {
        return false;
    }
    let boiler = BOILER_WORDS.iter().any(|w| class_id.contains(w))
        || class_tokens(class_id).any(|t| BOILER_TOKENS.contains(&t));
    if !boiler {
        return false;
    }
    // An element also named as content is not dropped for a boilerplate
    // word among its classes, unless the boilerplate word qualifies the
    // content word (`article-share`, `story-related`).
    if is_article_marked(class_id) {
        return false;
    }
    let content = class_id.split_whitespace().any(|cls| {
        CONTENT_WORDS.iter().any(|w| cls == *w)
    });
    !content
}

fn is_punct(c: char) -> bool {
    matches!(c, '.' | ',' | '?' | '!' | ';' | ':' | '。' | '、' | '，' | '？' | '！')
}

impl Stats {
    fn compute(dom: &Dom) -> Stats {
        let n = dom.nodes.len();
        let mut s = Stats {
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
            neutral: vec![0.0; n],
        };
        // Top-down: hidden, boilerplate, block owner, inside-link.
        let mut in_link = vec![false; n];
        for i in 1..n {
            let node = &dom.nodes[i];
            let p = node.parent;
            s.hidden[i] = s.hidden[p];
            s.boiler[i] = s.boiler[p];
            in_link[i] = in_link[p];
            s.owner[i] = s.owner[p];
            if let Kind::Element(el) = &node.kind {
                if el.hidden {
                    s.hidden[i] = true;
                }
                if el.tag == Tag::A {
                    in_link[i] = true;
                }
                if el.tag.is_block() || el.other_block {
                    s.owner[i] = i;
                }
                let by_tag = matches!(el.tag, Tag::Nav | Tag::Aside | Tag::Footer | Tag::Form);
                let by_role = el.role.as_deref().is_some_and(|r| {
                    matches!(r, "navigation" | "complementary" | "contentinfo" | "banner" | "menu" | "menubar" | "search" | "dialog" | "alert")
                });
                let by_class = !matches!(el.tag, Tag::Html | Tag::Body | Tag::Main | Tag::Article | Tag::P)
                    && is_boiler_class(&el.class_id);
                let article = el.itemprop.as_deref() == Some("articlebody");
                if (by_tag || by_role || by_class) && !article {
                    s.self_boiler[i] = true;
                    s.boiler[i] = true;
                }
            }
        }
        // Bottom-up: character counts.
        for i in (1..n).rev() {
            let node = &dom.nodes[i];
            if s.hidden[i] {
                continue;
            }
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
                s.chars[i] = count;
                if in_link[i] {
                    s.link_chars[i] = count;
                }
                let o = s.owner[i];
                s.own[o] += count;
                s.own_punct[o] += punct;
                if in_link[i] {
                    s.own_links[o] += count;
                }
            }
            let p = node.parent;
            s.chars[p] += s.chars[i];
            s.link_chars[p] += s.link_chars[i];
        }
        // Weigh the blocks, then sum over subtrees.
        for i in 1..n {
            let own = s.own[i];
            if own == 0 || s.hidden[i] {
                continue;
            }
            let len = own as f32;
            let ld = s.own_links[i] as f32 / len;
            let tag = dom.nodes[i].tag();
            let sentence_like = s.own_punct[i] >= 1 && len >= 60.0;
            if s.boiler[i] || ld > 0.5 {
                s.bad[i] = len;
            } else if ld < 0.3 && (len >= 120.0 || (sentence_like && tag == Some(Tag::P)) || (len >= 60.0 && s.own_punct[i] >= 2)) {
                s.good[i] = len * (1.0 - ld);
            } else {
                s.neutral[i] = len;
            }
        }
        for i in (1..n).rev() {
            let p = dom.nodes[i].parent;
            s.good[p] += s.good[i];
            s.bad[p] += s.bad[i];
            s.neutral[p] += s.neutral[i];
        }
        s
    }
}

/// Extracts the body of the page. `title` is the headline found in the
/// metadata, left out of the body when it appears there.
pub fn extract_body(dom: &Dom, title: Option<&str>) -> Body {
    let stats = Stats::compute(dom);
    let n = dom.nodes.len();
    let mut best: Option<(usize, f32)> = None;
    for i in 1..n {
        let Some(el) = dom.element(i) else { continue };
        if stats.hidden[i] || stats.good[i] <= 0.0 {
            continue;
        }
        if stats.self_boiler[i] {
            continue;
        }
        let mut score = stats.good[i] - 2.0 * stats.bad[i] - 0.25 * stats.neutral[i];
        let marked = el.itemprop.as_deref() == Some("articlebody")
            || is_article_marked(&el.class_id)
            || el.tag == Tag::Article;
        if marked {
            score += 0.1 * stats.good[i];
        }
        if best.is_none_or(|(_, b)| score >= b) {
            best = Some((i, score));
        }
    }
    let Some((root, _)) = best else {
        return Body {
            text: String::new(),
            note: Some("no block of article text found in the page".into()),
            container: None,
        };
    };
    let text = Writer::new(dom, &stats, title).write(root);
    if text.chars().filter(|c| !c.is_whitespace()).count() >= MIN_BODY_CHARS {
        return Body {
            text,
            note: None,
            container: Some(root),
        };
    }
    // Fallback: every good block of the page, in order.
    let blocks: Vec<String> = (1..n)
        .filter(|&i| stats.good[i] > 0.0 && stats.own[i] > 0 && dom.nodes[i].tag().is_some())
        .filter(|&i| {
            let own_good = stats.own[i] as f32 * (1.0 - stats.own_links[i] as f32 / stats.own[i] as f32);
            own_good > 0.0 && !stats.boiler[i]
        })
        .map(|i| own_text(dom, i))
        .filter(|t| !t.is_empty())
        .collect();
    let fallback = blocks.join("\n\n");
    if fallback.chars().count() > text.chars().count() {
        return Body {
            text: fallback,
            note: Some("no clear article container; kept every paragraph-like block".into()),
            container: None,
        };
    }
    let note = if text.is_empty() {
        Some("no article text found in the page".into())
    } else {
        Some("short article text".into())
    };
    Body {
        text,
        note,
        container: Some(root),
    }
}

/// The inline text directly inside block element `i`.
fn own_text(dom: &Dom, i: usize) -> String {
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

/// Short lines that are calls to action or page furniture, not article text.
const FURNITURE: &[&str] = &[
    "advertisement",
    "advertising",
    "sponsored",
    "continue reading",
    "read more",
    "read next",
    "story continues below",
    "article continues below",
    "click here",
    "sign up",
    "subscribe",
    "share this",
    "follow us",
    "related:",
    "recommended",
    "image:",
    "photo:",
    "image source",
    "getty images",
    "all rights reserved",
    "copyright",
];

struct Writer<'a> {
    dom: &'a Dom,
    stats: &'a Stats,
    title: Option<String>,
    blocks: Vec<String>,
    current: String,
}

impl<'a> Writer<'a> {
    fn new(dom: &'a Dom, stats: &'a Stats, title: Option<&str>) -> Self {
        Writer {
            dom,
            stats,
            title: title.map(|t| normalize_words(t)),
            blocks: Vec::new(),
            current: String::new(),
        }
    }

    /// Whether the subtree of `i` (inside the container `root`) is left out.
    fn skip(&self, i: usize, root: usize) -> bool {
        let s = self.stats;
        let Some(el) = self.dom.element(i) else { return false };
        if s.hidden[i] {
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
        if s.self_boiler[i] && (el.tag.is_block() || el.other_block) && s.good[i] < 0.5 * s.good[root] {
            return true;
        }
        // Lists and blocks of links.
        if matches!(el.tag, Tag::Ul | Tag::Ol | Tag::Dl | Tag::Div | Tag::Section | Tag::Table)
            && s.chars[i] > 0
            && s.link_chars[i] as f32 > 0.5 * s.chars[i] as f32
        {
            return true;
        }
        false
    }

    fn write(mut self, root: usize) -> String {
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
                        Kind::Text(t) => self.current.push_str(t),
                        Kind::Element(el) => {
                            if el.tag == Tag::Br {
                                self.current.push('\n');
                                continue;
                            }
                            if el.tag.is_block() || el.other_block {
                                self.flush(false);
                            } else if matches!(el.tag, Tag::Other) && !self.current.ends_with(char::is_whitespace) {
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
                    let Some(el) = self.dom.element(i) else { continue };
                    if el.tag.is_block() || el.other_block {
                        self.flush(el.tag.is_heading());
                    } else if matches!(el.tag, Tag::Td | Tag::Th) {
                        self.current.push(' ');
                    }
                }
            }
        }
        self.flush(false);
        self.blocks.join("\n\n")
    }

    fn flush(&mut self, heading: bool) {
        if self.current.is_empty() {
            return;
        }
        let raw = std::mem::take(&mut self.current);
        let lines: Vec<String> = raw.split('\n').map(collapse).filter(|l| !l.is_empty()).collect();
        if lines.is_empty() {
            return;
        }
        let block = lines.join("\n");
        if self.is_furniture(&block, heading) {
            return;
        }
        self.blocks.push(block);
    }

    fn is_furniture(&self, block: &str, heading: bool) -> bool {
        let words = block.split_whitespace().count();
        if heading || words <= 12 {
            if let Some(title) = &self.title {
                if !title.is_empty() && normalize_words(block) == *title {
                    return true;
                }
            }
        }
        if words <= 8 {
            let lower = block.to_lowercase();
            if FURNITURE.iter().any(|f| lower.contains(f)) {
                return true;
            }
            if lower.starts_with("by ") && words <= 6 && !block.ends_with('.') {
                return true;
            }
        }
        false
    }
}

/// Lowercased words joined by single spaces, for comparisons.
pub fn normalize_words(text: &str) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}
