//! Boilerplate classification of elements: by tag, ARIA `role` and
//! class/id words, how strongly an element marks its subtree as page
//! furniture (navigation, asides, comments, share bars, related links…),
//! and whether it marks the article itself.

use crate::dom::{Element, Tag};

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
    "ad", "ads", "nav", "meta", "author", "tags", "tag", "rail", "promo", "share",
];

/// Whole classes that hide their element. Only whole classes: inside a
/// longer class, "hidden" is about something else (`field--label-hidden`
/// hides a field's label, `hidden-xs` hides on small screens only).
const HIDING_CLASSES: &[&str] = &["hidden", "hide", "is-hidden", "d-none"];

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

/// The tokens of a class/id value, split at white space, `-` and `_`.
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

/// True when a class/id value names the article (`article-body`,
/// `entry-content`…).
pub(super) fn is_article_marked(class_id: &str) -> bool {
    static ARTICLE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    !class_id.is_empty()
        && ARTICLE
            .get_or_init(|| any_of(ARTICLE_WORDS))
            .is_match(class_id)
}

/// True when the rest of a word after "comment" makes it name opinion
/// writing ("commentary", "commentator"), which is article content, not a
/// comment section.
fn names_opinion(rest: &str) -> bool {
    rest.starts_with("ar") || rest.starts_with("ator")
}

/// How strongly an element's class/id marks it as boilerplate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Mark {
    /// Not boilerplate.
    None,
    /// Boilerplate unless the element holds the article.
    Weak,
    /// Boilerplate wherever it is.
    Strong,
}

/// How strongly a class/id value marks boilerplate: strong for comment
/// sections, weak for the other boilerplate words, none when the value
/// also names the article or content.
pub(super) fn boiler_class(class_id: &str) -> Mark {
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
    let fixed = FIXED.get_or_init(|| any_of(FIXED_WORDS));
    if fixed
        .find_iter(class_id)
        .any(|m| !names_opinion(&class_id[m.end()..]))
    {
        return Mark::Strong;
    }
    if WEAK.get_or_init(|| any_of(WEAK_WORDS)).is_match(class_id)
        || class_tokens(class_id).any(|t| WEAK_TOKENS.contains(&t))
        || class_id
            .split_whitespace()
            .any(|cls| HIDING_CLASSES.contains(&cls))
    {
        return Mark::Weak;
    }
    Mark::None
}

/// The boilerplate mark of an element: the strongest of its tag (`<nav>`,
/// `<aside>`, `<footer>` strong, `<form>` weak), its `role` and its
/// class/id words (not read on `<html>`, `<body>`, `<main>`, `<article>`
/// and `<p>`); none for an element marked `itemprop="articleBody"`.
pub(super) fn element_mark(el: &Element) -> Mark {
    if el.itemprop.as_deref() == Some("articlebody") {
        return Mark::None;
    }
    let by_tag = match el.tag {
        Tag::Nav | Tag::Aside | Tag::Footer => Mark::Strong,
        Tag::Form => Mark::Weak,
        _ => Mark::None,
    };
    let by_role = match el.role.as_deref() {
        Some("navigation" | "complementary" | "contentinfo" | "menu" | "menubar" | "search") => {
            Mark::Strong
        }
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
    by_tag.max(by_role).max(by_class)
}

/// True when the element hides itself (and so its subtree): hidden, and
/// not marked as the article or one of its wrappers (`<article>`,
/// `<main>`, `<body>`, `<html>`, `itemprop="articleBody"`, article
/// class words), which pages hide until a script runs.
pub(super) fn hides_itself(el: &Element) -> bool {
    let marked_article = el.itemprop.as_deref() == Some("articlebody")
        || is_article_marked(&el.class_id)
        || matches!(el.tag, Tag::Article | Tag::Main | Tag::Body | Tag::Html);
    el.hidden && !marked_article
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::Dom;

    /// The first element of the page with tag `tag`.
    fn first(html: &str, tag: Tag) -> Element {
        let (dom, _) = Dom::parse(html);
        (0..dom.nodes.len())
            .find_map(|i| dom.element(i).filter(|e| e.tag == tag).cloned())
            .expect("element")
    }

    #[test]
    fn class_words_mark_boilerplate() {
        assert_eq!(boiler_class("comment-list"), Mark::Strong);
        assert_eq!(boiler_class("news subjective commentary"), Mark::None);
        assert_eq!(
            boiler_class("clearfix text-formatted field--label-hidden"),
            Mark::None
        );
        assert_eq!(boiler_class("node node--promoted"), Mark::None);
        assert_eq!(boiler_class("box hidden"), Mark::Weak);
        assert_eq!(boiler_class("promo-box"), Mark::Weak);
        assert_eq!(boiler_class("commentator-box comments"), Mark::Strong);
        assert_eq!(boiler_class("related-links"), Mark::Weak);
        assert_eq!(boiler_class("top ad"), Mark::Weak);
        // "ad" and "nav" only as whole tokens.
        assert_eq!(boiler_class("headline shadow"), Mark::None);
        // Named as the article or as content: never boilerplate.
        assert_eq!(boiler_class("article-body share-enabled"), Mark::None);
        assert_eq!(boiler_class("content comments-open"), Mark::None);
        assert_eq!(boiler_class(""), Mark::None);
        assert!(is_article_marked("main entry-content") && !is_article_marked("sidebar"));
    }

    #[test]
    fn tag_role_and_class_combine() {
        assert_eq!(element_mark(&first("<nav>x</nav>", Tag::Nav)), Mark::Strong);
        assert_eq!(
            element_mark(&first("<form>x</form>", Tag::Form)),
            Mark::Weak
        );
        assert_eq!(
            element_mark(&first("<div role='navigation'>x</div>", Tag::Div)),
            Mark::Strong
        );
        assert_eq!(
            element_mark(&first("<div class='newsletter'>x</div>", Tag::Div)),
            Mark::Weak
        );
        // Class words are not read on paragraphs and article wrappers.
        assert_eq!(
            element_mark(&first("<p class='newsletter'>x</p>", Tag::P)),
            Mark::None
        );
        // The article body is never boilerplate.
        assert_eq!(
            element_mark(&first(
                "<aside itemprop='articleBody'>x</aside>",
                Tag::Aside
            )),
            Mark::None
        );
    }

    #[test]
    fn article_wrappers_are_not_hidden() {
        assert!(hides_itself(&first(
            "<div style='display:none'>x</div>",
            Tag::Div
        )));
        assert!(!hides_itself(&first(
            "<article hidden>x</article>",
            Tag::Article
        )));
        assert!(!hides_itself(&first(
            "<div class='article-body' hidden>x</div>",
            Tag::Div
        )));
        assert!(!hides_itself(&first("<div>x</div>", Tag::Div)));
    }
}
