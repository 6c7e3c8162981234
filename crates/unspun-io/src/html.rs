//! The visible text of an HTML page, paragraph by paragraph.
//!
//! This reader keeps every block of visible text outside navigation,
//! headers, footers, asides, forms and scripts; it does not yet tell the
//! article body from other blocks of the page (boilerplate removal belongs to
//! the article extractor). Traversal is iterative, so deeply nested pages
//! cannot overflow the stack.

use scraper::node::Node;
use scraper::{Html, Selector};

/// Text and title taken from an HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlArticle {
    /// The page title (`og:title`, else `<title>`), white space collapsed.
    pub title: Option<String>,
    /// Visible text blocks separated by blank lines.
    pub text: String,
}

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "svg", "iframe", "head", "button", "select", "textarea", "object", "canvas",
];

/// Elements that start a new block of text.
const BLOCKS: &[&str] = &[
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre",
    "article", "section", "main", "br", "tr", "table", "figcaption", "figure", "dd", "dt",
    "hr", "address", "details", "summary",
];

/// Extracts the title and the visible text blocks of `html`.
pub fn html_to_article(html: &str) -> HtmlArticle {
    let page = Html::parse_document(html);
    HtmlArticle {
        title: title_of(&page),
        text: visible_text(&page),
    }
}

fn title_of(page: &Html) -> Option<String> {
    let og = Selector::parse(r#"meta[property="og:title"]"#).expect("valid selector");
    let title = Selector::parse("title").expect("valid selector");
    page.select(&og)
        .find_map(|m| m.value().attr("content").map(str::to_string))
        .or_else(|| page.select(&title).next().map(|t| t.text().collect()))
        .map(|t| collapse_whitespace(&t))
        .filter(|t| !t.is_empty())
}

fn visible_text(page: &Html) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut skip_depth = 0usize;
    for edge in page.root_element().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if skip_depth > 0 || SKIPPED.contains(&name) {
                        skip_depth += 1;
                    } else if BLOCKS.contains(&name) {
                        flush(&mut current, &mut blocks);
                    }
                }
                Node::Text(text) if skip_depth == 0 => current.push_str(text),
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                    } else if BLOCKS.contains(&el.name()) {
                        flush(&mut current, &mut blocks);
                    }
                }
            }
        }
    }
    flush(&mut current, &mut blocks);
    blocks.join("\n\n")
}

fn flush(current: &mut String, blocks: &mut Vec<String>) {
    let block = collapse_whitespace(current);
    if !block.is_empty() {
        blocks.push(block);
    }
    current.clear();
}

/// Collapses runs of white space to one space and trims the ends.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_title() {
        let page = html_to_article(
            "<html><head><title> The  title </title><style>p{}</style></head><body>\
             <nav>Home | World</nav><h1>Headline</h1><p>First <b>bold</b>\n para.</p>\
             <script>var x = '<p>no</p>';</script><p>Second &ldquo;quoted&rdquo; para.</p>\
             <footer>© 2023</footer></body></html>",
        );
        assert_eq!(page.title.as_deref(), Some("The title"));
        assert_eq!(page.text, "Headline\n\nFirst bold para.\n\nSecond “quoted” para.");
    }

    #[test]
    fn og_title_wins() {
        let page = html_to_article(r#"<head><meta property="og:title" content="OG"><title>T</title></head><p>x</p>"#);
        assert_eq!(page.title.as_deref(), Some("OG"));
    }

    #[test]
    fn malformed_and_deep_html_do_not_panic() {
        let page = html_to_article("<p>open <b>never <i>closed <div></span></p></p>text");
        assert!(page.text.contains("open"));
        let deep = "<div>".repeat(3_000) + "deep text" + &"</div>".repeat(10);
        let page = html_to_article(&deep);
        assert!(page.text.contains("deep text"));
        assert_eq!(html_to_article("").text, "");
    }
}
