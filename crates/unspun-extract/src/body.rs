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
use unspun_core::dates::{is_weekday, month_number};

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
    /// Blocks that are not article text whatever their length: summaries
    /// of teasers (a block alone in a small item with a headline link) and
    /// markup shown as text.
    junk: Vec<bool>,
    /// Weighed characters in the subtree: good blocks,
    good: Vec<f32>,
    /// … blocks in boilerplate (left out when writing),
    bad: Vec<f32>,
    /// … blocks that are mostly links,
    linky: Vec<f32>,
    /// … other blocks.
    neutral: Vec<f32>,
    /// The block itself (not its subtree) is good.
    good_block: Vec<bool>,
}

/// Words of class/id values that mark boilerplate wherever they are:
/// comment sections can hold more text than the article.
const FIXED_WORDS: &[&str] = &["comment", "disqus"];

/// Words of class/id values that mark boilerplate, unless the element
/// holds the article (wrappers are often named `page-ad-margins`,
/// `has-sidebar`, `share-enabled`…).
const WEAK_WORDS: &[&str] = &[
    "related",
    "recommend",
    "newsletter",
    "sidebar",
    "footer",
    "breadcrumb",
    "cookie",
    "outbrain",
    "taboola",
    "trending",
    "most-popular",
    "mostpopular",
    "most-read",
    "more-stories",
    "read-more",
    "readmore",
    "modal",
    "popup",
    "consent",
    "share",
    "sharing",
    "social",
    "subscribe",
    "subscription",
    "signup",
    "sign-up",
    "promo",
    "sponsor",
    "advert",
    "widget",
    "toolbar",
    "byline",
    "caption",
    "skip-link",
    "sr-only",
    "visually-hidden",
    "screen-reader",
    "masthead",
    "navbar",
    "navigation",
    "menu",
    "author-bio",
    "tag-list",
    "taglist",
    "pagination",
    "print-only",
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
/// they are too short to match inside words); weak.
const WEAK_TOKENS: &[&str] = &[
    "ad", "ads", "nav", "meta", "author", "tags", "tag", "rail", "promo", "hidden", "hide", "share",
];

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
const CONTENT_WORDS: &[&str] = &[
    "article", "body", "content", "story", "entry", "post", "text", "main",
];

fn class_tokens(class_id: &str) -> impl Iterator<Item = &str> {
    class_id
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|t| !t.is_empty())
}

/// A matcher of any of `words` inside a text.
fn any_of(words: &[&str]) -> regex::Regex {
    let alternation: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    regex::Regex::new(&alternation.join("|")).expect("valid word list")
}

fn is_article_marked(class_id: &str) -> bool {
    static ARTICLE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    !class_id.is_empty()
        && ARTICLE
            .get_or_init(|| any_of(ARTICLE_WORDS))
            .is_match(class_id)
}

/// How strongly an element's class/id marks it as boilerplate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    None,
    Weak,
    Strong,
}

fn boiler_class(class_id: &str) -> Mark {
    if class_id.is_empty() || is_article_marked(class_id) {
        return Mark::None;
    }
    // An element also named as content is not dropped for a boilerplate
    // word among its other classes.
    if class_id
        .split_whitespace()
        .any(|cls| CONTENT_WORDS.contains(&cls))
    {
        return Mark::None;
    }
    static FIXED: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    static WEAK: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    if FIXED.get_or_init(|| any_of(FIXED_WORDS)).is_match(class_id) {
        return Mark::Strong;
    }
    if WEAK.get_or_init(|| any_of(WEAK_WORDS)).is_match(class_id)
        || class_tokens(class_id).any(|t| WEAK_TOKENS.contains(&t))
    {
        return Mark::Weak;
    }
    Mark::None
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | '?' | '!' | ';' | ':' | '。' | '、' | '，' | '？' | '！'
    )
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
            linky: vec![0.0; n],
            neutral: vec![0.0; n],
            junk: vec![false; n],
            good_block: vec![false; n],
        };
        // Marks of each element: boilerplate (strong, weak) and hidden.
        let mut mark = vec![Mark::None; n];
        let mut hidden_self = vec![false; n];
        let mut in_link = vec![false; n];
        for i in 1..n {
            let node = &dom.nodes[i];
            let p = node.parent;
            in_link[i] = in_link[p];
            s.owner[i] = s.owner[p];
            if let Kind::Element(el) = &node.kind {
                if el.tag == Tag::A {
                    in_link[i] = true;
                }
                if el.tag.is_block() || el.other_block {
                    s.owner[i] = i;
                }
                let marked_article = el.itemprop.as_deref() == Some("articlebody")
                    || is_article_marked(&el.class_id)
                    || matches!(el.tag, Tag::Article | Tag::Main | Tag::Body | Tag::Html);
                hidden_self[i] = el.hidden && !marked_article;
                let article = el.itemprop.as_deref() == Some("articlebody");
                let by_tag = match el.tag {
                    Tag::Nav | Tag::Aside | Tag::Footer => Mark::Strong,
                    Tag::Form => Mark::Weak,
                    _ => Mark::None,
                };
                let by_role = match el.role.as_deref() {
                    Some(
                        "navigation" | "complementary" | "contentinfo" | "menu" | "menubar"
                        | "search",
                    ) => Mark::Strong,
                    Some("banner" | "dialog" | "alert") => Mark::Weak,
                    _ => Mark::None,
                };
                let by_class = if matches!(
                    el.tag,
                    Tag::Html | Tag::Body | Tag::Main | Tag::Article | Tag::P
                ) {
                    Mark::None
                } else {
                    boiler_class(&el.class_id)
                };
                if !article {
                    mark[i] = by_tag.max(by_role).max(by_class);
                }
            }
        }
        // Character counts (all text, hidden or not).
        for i in (1..n).rev() {
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
        for i in 1..n {
            if s.own[i] > 0 {
                s.junk[i] = is_teaser(dom, &s, i) || looks_like_markup(dom, i);
            }
        }
        // First weighing with the fixed marks only, to find where the
        // article is; then the other marks apply everywhere but on the
        // article's container, its ancestors, and parts of it that hold
        // most of its text.
        let mut first = vec![false; n];
        let mut hidden = vec![false; n];
        for i in 1..n {
            let p = dom.nodes[i].parent;
            first[i] = first[p] || mark[i] == Mark::Strong;
            hidden[i] = hidden[p] || hidden_self[i];
        }
        s.weigh(dom, &first, &hidden);
        s.hidden = hidden;
        s.boiler = first;
        let c0 = s.best_container(dom);
        let page_good = s.good[c0.unwrap_or(0)];
        let good_first = s.good.clone();
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
            s.self_boiler[i] = mark[i] == Mark::Strong || (mark[i] == Mark::Weak && !holds_article);
            s.boiler[i] = s.boiler[p] || s.self_boiler[i];
        }
        let (boiler, hidden) = (s.boiler.clone(), s.hidden.clone());
        s.weigh(dom, &boiler, &hidden);
        s
    }

    /// The element that best holds the article, by the current weights.
    fn best_container(&self, dom: &Dom) -> Option<usize> {
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

/// Extracts the body of the page. `title` is the headline found in the
/// metadata, left out of the body when it appears there.
pub fn extract_body(dom: &Dom, title: Option<&str>) -> Body {
    let stats = Stats::compute(dom);
    let n = dom.nodes.len();
    let root = stats.best_container(dom);
    let mut text = String::new();
    if let Some(root) = root {
        text = Writer::new(dom, &stats, title).write(root);
        if visible_chars(&text) >= MIN_BODY_CHARS {
            return Body {
                text,
                note: None,
                container: Some(root),
            };
        }
    }
    let usable =
        |i: usize| stats.own[i] > 0 && !stats.boiler[i] && !stats.hidden[i] && !stats.junk[i];
    let collect = |keep: &dyn Fn(usize) -> bool| -> String {
        let blocks: Vec<String> = (1..n)
            .filter(|&i| usable(i) && keep(i))
            .map(|i| own_text(dom, i))
            .filter(|t| !t.is_empty() && !is_furniture_text(t, t.split_whitespace().count()))
            .collect();
        blocks.join("\n\n")
    };
    // Fallback: every paragraph-like block of the page, in order.
    let paragraphs = collect(&|i| stats.good_block[i]);
    if visible_chars(&paragraphs) > visible_chars(&text) {
        return Body {
            text: paragraphs,
            note: Some("no clear article container; kept every paragraph-like block".into()),
            container: None,
        };
    }
    if !text.is_empty() {
        return Body {
            text,
            note: Some("short article text".into()),
            container: root,
        };
    }
    // Last resort: short texts (a page of a few lines), outside navigation,
    // link lists and other page furniture.
    let visible = collect(&|i| stats.own_links[i] * 2 <= stats.own[i]);
    if !visible.is_empty() {
        return Body {
            text: visible,
            note: Some(
                "no paragraph-like text; kept the visible text outside page furniture".into(),
            ),
            container: None,
        };
    }
    Body {
        text: String::new(),
        note: Some(
            "no article text found in the page (only navigation, links or page furniture)".into(),
        ),
        container: None,
    }
}

fn visible_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
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
            title: title.map(normalize_words),
            blocks: Vec::new(),
            current: String::new(),
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
        self.blocks.join("\n\n")
    }

    fn flush(&mut self, heading: bool) {
        if self.current.is_empty() {
            return;
        }
        let raw = std::mem::take(&mut self.current);
        let lines: Vec<String> = raw
            .split('\n')
            .map(collapse)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return;
        }
        let block = lines.join("\n");
        if self.is_furniture(&block, heading) {
            return;
        }
        self.blocks.push(block);
    }

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

/// Short blocks that are labels of the page, not article text.
const LABELS: &[&str] = &[
    "advert",
    "ad",
    "ads",
    "comments",
    "comment",
    "share",
    "share this",
    "print",
    "email",
    "e-mail",
    "tweet",
    "more",
    "video",
    "related",
    "don't miss",
    "text size",
    "listen",
    "close",
    "menu",
    "search",
    "loading",
    "next",
    "previous",
    "back to top",
    "top",
    "see also",
    "read also",
    "most read",
    "popular",
    "trending",
    "newsletter",
    "sponsored content",
    "gallery",
    "view gallery",
    "caption",
    "hide caption",
    "toggle caption",
    "enlarge this image",
    "expand",
    "play",
];

/// Phrases that make a short block a call to action or page furniture.
const FURNITURE: &[&str] = &[
    "advertisement",
    "advertising",
    "sponsored",
    "continue reading",
    "read more",
    "read next",
    "see more",
    "story continues below",
    "article continues below",
    "continues below advertisement",
    "click here",
    "sign up",
    "subscribe",
    "share this",
    "share it",
    "follow us",
    "follow me",
    "related:",
    "recommended",
    "also on ",
    "also read",
    "read also",
    "image:",
    "photo:",
    "image source",
    "getty images",
    "all rights reserved",
    "copyright",
    "tell us what you think",
    "requires javascript",
    "enable javascript",
    "modern browser",
    "leave a comment",
    "leave a reply",
    "post a comment",
    "join the conversation",
    "download the app",
    "don't miss",
    "most popular",
    "most read",
    "you may also like",
    "you might also like",
];

/// Credits written into captions.
const CREDITS: &[&str] = &[
    "(image:",
    "(photo:",
    "(picture:",
    "(pic:",
    "photo credit",
    "image credit",
    "(credit:",
    "photograph:",
    "(getty",
    "(ap photo",
    "(reuters",
    "(afp",
];

fn is_date_word(w: &str) -> bool {
    let w = w
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if w.is_empty()
        || w.chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '/' || c == '.' || c == '-')
    {
        return true;
    }
    const WORDS: &[&str] = &[
        "updated",
        "update",
        "published",
        "posted",
        "last",
        "on",
        "at",
        "am",
        "pm",
        "a.m",
        "p.m",
        "gmt",
        "utc",
        "est",
        "edt",
        "cst",
        "cdt",
        "pst",
        "pdt",
        "bst",
        "cet",
        "ist",
        "et",
        "pt",
        "ago",
        "hours",
        "hour",
        "minutes",
        "min",
        "mins",
        "days",
        "day",
        "yesterday",
        "today",
        "of",
        "and",
        "|",
        "-",
    ];
    WORDS.contains(&w.as_str())
        || month_number(&w).is_some()
        || is_weekday(&w)
        || w.ends_with("am")
            && w[..w.len() - 2]
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':')
        || w.ends_with("pm")
            && w[..w.len() - 2]
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':')
}

/// Page furniture recognised from the text of a block alone.
fn is_furniture_text(block: &str, words: usize) -> bool {
    let lower = block.to_lowercase();
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if words <= 4 && LABELS.contains(&bare) {
        return true;
    }
    if words <= 8 {
        if FURNITURE.iter().any(|f| lower.contains(f)) {
            return true;
        }
        if lower.starts_with("by ") && words <= 6 && !block.ends_with('.') {
            return true;
        }
    }
    if words <= 40 && CREDITS.iter().any(|c| lower.contains(c)) {
        return true;
    }
    // A bare address.
    if words == 1 && (lower.starts_with("http") || lower.starts_with("www.")) {
        return true;
    }
    // "Write to … at name@example.com", "may be reached at …".
    if words <= 25
        && block.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.find('@')
                .is_some_and(|at| at > 0 && w[at..].contains('.'))
        })
    {
        return true;
    }
    // WordPress shortcodes left in the text.
    if lower.starts_with('[') && (lower.contains("[/") || lower.ends_with(']')) {
        return true;
    }
    // A date or time alone ("Updated 11:21 pm CST, Tuesday, November 19, 2019").
    if words <= 12
        && block.chars().any(|c| c.is_ascii_digit())
        && block.split_whitespace().all(is_date_word)
    {
        return true;
    }
    false
}

/// Lowercased words joined by single spaces, for comparisons.
pub fn normalize_words(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

/// Development aid: every block of text with its weight and the path of
/// its element, and the container chosen.
#[doc(hidden)]
pub fn debug_blocks(html: &str) -> String {
    use std::fmt::Write;
    let (dom, _) = Dom::parse(html);
    let stats = Stats::compute(&dom);
    let body = extract_body(&dom, None);
    let mut out = String::new();
    let path = |mut i: usize| {
        let mut parts = Vec::new();
        while i != 0 {
            if let Some(el) = dom.element(i) {
                let flags = format!(
                    "{}{}",
                    if stats.self_boiler[i] { "!" } else { "" },
                    if el.hidden { "?" } else { "" }
                );
                parts.push(format!(
                    "{:?}{}.{}",
                    el.tag,
                    flags,
                    el.class_id
                        .split_whitespace()
                        .take(2)
                        .collect::<Vec<_>>()
                        .join(".")
                ));
            }
            i = dom.nodes[i].parent;
        }
        parts.reverse();
        parts.join(" > ")
    };
    for i in 0..dom.nodes.len() {
        if stats.own[i] >= 20 {
            let kind = if stats.good_block[i] {
                "G"
            } else if stats.junk[i] {
                "J"
            } else {
                "-"
            };
            let t = own_text(&dom, i);
            let _ = writeln!(
                out,
                "{i:5} own {:4} ld {:.2} {}{}{} | {} | {}",
                stats.own[i],
                stats.own_links[i] as f32 / stats.own[i] as f32,
                if stats.boiler[i] { "B" } else { "-" },
                if stats.hidden[i] { "H" } else { "-" },
                kind,
                t.chars().take(60).collect::<String>(),
                path(i)
            );
        }
    }
    let _ = writeln!(
        out,
        "container: {:?} {}",
        body.container,
        body.container.map(path).unwrap_or_default()
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(html: &str) -> String {
        let (dom, _) = Dom::parse(html);
        extract_body(&dom, Some("The headline")).text
    }

    const P1: &str = "The council voted on Tuesday to rebuild the harbour wall, which was damaged in the winter storms.";
    const P2: &str = "Work will start in the spring and should take about eighteen months, officials said on Wednesday.";
    const P3: &str = "Fishermen welcomed the decision, although some said the money would have been better spent on boats.";

    #[test]
    fn comments_longer_than_the_article_stay_out() {
        let comment = "<div class='comment-body'><p>I have lived by this harbour for fifty years, and I can tell you that the wall has needed work since long before the storms came, so this is overdue.</p></div>";
        let page = format!(
            "<body><div class='post'><h1>The headline</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>\
             <section id='comments'>{}</section></body>",
            comment.repeat(6)
        );
        let body = body_of(&page);
        assert_eq!(body, format!("{P1}\n\n{P2}\n\n{P3}"));
    }

    #[test]
    fn page_wrapped_in_a_form_and_br_paragraphs() {
        let page = format!("<body><form id='aspnetForm'><div id='content'>{P1}<br><br>{P2}<br><br>{P3}</div><div class='footer'>About us</div></form></body>");
        let body = body_of(&page);
        assert!(
            body.starts_with(P1) && body.contains(P3) && !body.contains("About"),
            "{body}"
        );
    }

    #[test]
    fn article_split_by_an_ad_and_a_related_box() {
        let page = format!(
            "<body><div class='story'><p>{P1}</p><div class='ad-slot'>Advertisement</div><p>{P2}</p>\
             <div class='related-links'><ul><li><a href='/1'>Another story about the harbour and its history</a></li>\
             <li><a href='/2'>Storm damage costs rise across the county</a></li></ul></div><p>{P3}</p></div>\
             <div class='sidebar'><p>Most read: a long teaser paragraph about something else entirely, with commas, and more words.</p></div></body>"
        );
        assert_eq!(body_of(&page), format!("{P1}\n\n{P2}\n\n{P3}"));
    }

    #[test]
    fn headings_lists_and_quotes_are_kept_title_and_captions_are_not() {
        let page = format!(
            "<body><article><h1>The headline</h1><figure><img src=x><figcaption>The harbour at dawn</figcaption></figure>\
             <p>{P1}</p><h2>What happens next</h2><p>{P2}</p><blockquote>We have waited long enough for this decision.</blockquote>\
             <ul><li>Phase one: the north wall.</li><li>Phase two: the slipway.</li></ul><p>{P3}</p></article></body>"
        );
        let body = body_of(&page);
        assert_eq!(
            body,
            format!("{P1}\n\nWhat happens next\n\n{P2}\n\nWe have waited long enough for this decision.\n\nPhase one: the north wall.\n\nPhase two: the slipway.\n\n{P3}")
        );
    }

    #[test]
    fn hidden_and_cookie_text_is_left_out() {
        let page = format!(
            "<body><div class='cookie-banner'><p>We use cookies to improve your experience on our site, and by continuing you agree to it.</p></div>\
             <div style='display: none'><p>A hidden paragraph that is long enough to look like article text, but is not shown.</p></div>\
             <main><p>{P1}</p><p>{P2}</p><p>{P3}</p></main></body>"
        );
        assert_eq!(body_of(&page), format!("{P1}\n\n{P2}\n\n{P3}"));
    }

    #[test]
    fn furniture_lines() {
        for line in [
            "Advertisement",
            "Updated 11:21 pm CST, Tuesday, November 19, 2019",
            "https://example.test/a",
            "Write to Jo Bloggs at jo@example.test",
            "The harbour at dawn (Photo: Getty Images)",
            "[button link=x]Send[/button]",
        ] {
            assert!(
                is_furniture_text(line, line.split_whitespace().count()),
                "{line}"
            );
        }
        for line in [
            P1,
            "He said no.",
            "The vote was 7-2 on November 19, 2019, after a long debate.",
        ] {
            assert!(
                !is_furniture_text(line, line.split_whitespace().count()),
                "{line}"
            );
        }
    }
}
