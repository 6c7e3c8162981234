//! HTML pages.
//!
//! [`read_html_page`] is how unspun reads a page: the article extractor
//! (`unspun-extract`) finds the article body among the page's boilerplate,
//! decodes any character encoding, undoes gzip, and reads the metadata
//! (title, authors, publication date, canonical address, site name,
//! language) into the document.
//!
//! [`html_to_article`] is the simpler visible-text reader: every block of
//! visible text outside navigation, headers, footers, asides, forms and
//! scripts. Traversal is iterative, so deeply nested pages cannot overflow
//! the stack.

use scraper::node::Node;
use scraper::{Html, Selector};
use unspun_core::Document;
use unspun_extract::{Article, ExtractError};

use crate::error::ReadError;

/// Reads an HTML page (plain or gzip bytes, any common encoding) as the
/// document of its article. `content_type` is the HTTP header value and
/// `url` the address the page was fetched from, when known (WARC records).
pub fn read_html_page(
    id: &str,
    bytes: &[u8],
    content_type: Option<&str>,
    url: Option<&str>,
) -> Result<Document, ReadError> {
    let article = unspun_extract::extract_bytes(bytes, content_type, url).map_err(|e| match e {
        ExtractError::Empty => ReadError::Empty,
        ExtractError::Binary(why) => ReadError::Binary(why),
        ExtractError::TooLarge(limit) => ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        },
        other => ReadError::Page(other.to_string()),
    })?;
    article_to_document(id, article)
}

/// The document of an extracted article: the body as text, the metadata
/// filled in, the extractor's notes as warnings. An empty body is an error
/// that gives the extractor's reason.
pub fn article_to_document(id: &str, article: Article) -> Result<Document, ReadError> {
    if article.body.trim().is_empty() {
        return Err(ReadError::NoArticle(
            article.note.unwrap_or_else(|| "empty body".into()),
        ));
    }
    let mut doc = Document::new(id, article.body);
    doc.meta.title = article.title;
    doc.meta.authors = article.authors;
    doc.meta.published = article.published;
    doc.meta.url = article.url;
    doc.meta.outlet = article.site_name;
    doc.meta.language = article.language;
    doc.warnings.extend(article.warnings);
    doc.warnings.extend(article.note);
    Ok(doc)
}

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
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg",
    "iframe", "head", "button", "select", "textarea", "object", "canvas",
];

/// Elements that start a new block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "article",
    "section",
    "main",
    "br",
    "tr",
    "table",
    "figcaption",
    "figure",
    "dd",
    "dt",
    "hr",
    "address",
    "details",
    "summary",
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
        assert_eq!(
            page.text,
            "Headline\n\nFirst bold para.\n\nSecond “quoted” para."
        );
    }

    #[test]
    fn og_title_wins() {
        let page = html_to_article(
            r#"<head><meta property="og:title" content="OG"><title>T</title></head><p>x</p>"#,
        );
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
