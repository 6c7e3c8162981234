//! Article metadata: headline, authors, publication date, canonical address,
//! site name and language, from `<meta>` tags (Open Graph, `article:*`,
//! Dublin Core, Parse.ly, Sailthru, Twitter), JSON-LD (`NewsArticle`,
//! `Article`, `BlogPosting`…, also inside `@graph`), microdata, `<time>`
//! elements and bylines in the page.
//!
//! Sources are tried from the most to the least specific, and each value is
//! checked: an author is a person's name (not the site name, not a URL, not
//! "Promoted by …"), a publication date is never a modification date.
//!
//! One part per source: `tags` (`<meta>` keys), `json_ld`, `title`,
//! `authors` (also bylines in the page), `dates` (also `<time>` elements
//! and dates in addresses), `url` (canonical address).

mod authors;
mod dates;
mod json_ld;
mod tags;
mod title;
mod url;

use crate::dom::{collapse, Dom, PageHead};
use tags::{Tags, SITE_KEYS};

pub use authors::clean_authors;
pub use dates::{date_in_url, iso_date};

/// Metadata of an article page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The headline.
    pub title: Option<String>,
    /// Bylined authors (people).
    pub authors: Vec<String>,
    /// Publication date, ISO 8601 (`2019-11-19`).
    pub published: Option<String>,
    /// Last modification date, ISO 8601, when the page gives one.
    pub modified: Option<String>,
    /// Language, ISO 639-1 where one exists (`en`).
    pub language: Option<String>,
    /// The canonical address of the page.
    pub url: Option<String>,
    /// The site or publisher name.
    pub site_name: Option<String>,
    /// A summary, from `description` tags.
    pub description: Option<String>,
    /// `articleBody` of the JSON-LD article, when given.
    pub json_ld_body: Option<String>,
}

/// Reads the metadata of a parsed page. `page_url` is where the page was
/// fetched from, when known (a WARC record's target URI).
pub fn read_metadata(dom: &Dom, head: &PageHead, page_url: Option<&str>) -> Metadata {
    let ld = json_ld::read_json_ld(&head.json_ld);
    let tags = Tags(head);
    let site_name = site_name(&tags, &ld);
    let url = url::canonical_url(head, &tags, &ld, page_url);
    let title = title::headline(dom, head, &tags, &ld, site_name.as_deref());
    let authors = authors::authors(dom, &tags, &ld, site_name.as_deref());
    let published = dates::published(dom, &tags, &ld, url.as_deref());
    let modified = dates::modified(&tags, &ld);
    let language = language(head, &tags, &ld);
    let description = tags
        .values(&["description", "og:description", "twitter:description"])
        .into_iter()
        .map(collapse)
        .find(|d| !d.is_empty());
    Metadata {
        title,
        authors,
        published,
        modified,
        language,
        url,
        site_name,
        description,
        json_ld_body: ld.body,
    }
}

/// The site name: site `<meta>` tags (not an address), else the JSON-LD
/// publisher.
fn site_name(tags: &Tags, ld: &json_ld::JsonLd) -> Option<String> {
    tags.values(SITE_KEYS)
        .into_iter()
        .map(collapse)
        .find(|s| !s.is_empty() && !s.starts_with("http"))
        .or_else(|| ld.publisher.clone())
}

/// The language: `<html lang>`, else language `<meta>` tags, else JSON-LD.
fn language(head: &PageHead, tags: &Tags, ld: &json_ld::JsonLd) -> Option<String> {
    head.lang
        .as_deref()
        .and_then(language_code)
        .or_else(|| {
            tags.values(&["content-language", "language", "dc.language", "og:locale"])
                .into_iter()
                .find_map(language_code)
        })
        .or_else(|| ld.language.as_deref().and_then(language_code))
}

/// The primary language subtag of a language value, lower case, when it
/// is two or three letters (`en-GB` → `en`, `en_US` → `en`).
fn language_code(value: &str) -> Option<String> {
    let primary = value
        .trim()
        .split(['-', '_', ',', ';'])
        .next()?
        .trim()
        .to_ascii_lowercase();
    (primary.len() >= 2 && primary.len() <= 3 && primary.chars().all(|c| c.is_ascii_alphabetic()))
        .then_some(primary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::Dom;

    fn meta_of(html: &str) -> Metadata {
        let (dom, head) = Dom::parse(html);
        read_metadata(&dom, &head, None)
    }

    #[test]
    fn open_graph_and_article_tags() {
        let m = meta_of(
            r#"<html lang="en-GB"><head><title>Ignored | Daily Planet</title>
            <meta property="og:title" content="Mayor resigns">
            <meta property="og:site_name" content="Daily Planet">
            <meta property="og:url" content="https://planet.test/a/1">
            <meta property="article:modified_time" content="2020-02-02T10:00:00Z">
            <meta property="article:published_time" content="2020-01-31T23:00:00-05:00">
            <meta name="author" content="Lois Lane">
            </head><body><p>x</p></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Mayor resigns"));
        assert_eq!(m.site_name.as_deref(), Some("Daily Planet"));
        assert_eq!(m.url.as_deref(), Some("https://planet.test/a/1"));
        assert_eq!(m.published.as_deref(), Some("2020-01-31"));
        assert_eq!(m.modified.as_deref(), Some("2020-02-02"));
        assert_eq!(m.authors, vec!["Lois Lane"]);
        assert_eq!(m.language.as_deref(), Some("en"));
    }

    #[test]
    fn json_ld_graph_article() {
        let m = meta_of(
            r#"<head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Site"},
              {"@type":["NewsArticle"],"headline":"Storm hits coast","datePublished":"2019-11-19T08:00:00Z",
               "dateModified":"2019-11-20T08:00:00Z",
               "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Organization","name":"Coast News"}],
               "publisher":{"@type":"Organization","name":"Coast News"},
               "mainEntityOfPage":{"@id":"https://coast.test/storm"}}]}</script>
            <link rel="canonical" href="/storm?amp=0"></head><body></body>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Storm hits coast"));
        assert_eq!(m.authors, vec!["Jane Doe"]);
        assert_eq!(m.published.as_deref(), Some("2019-11-19"));
        assert_eq!(m.site_name.as_deref(), Some("Coast News"));
        // A relative canonical is resolved against the other addresses of the page.
        assert_eq!(m.url.as_deref(), Some("https://coast.test/storm?amp=0"));
    }

    #[test]
    fn lenient_json_ld() {
        let m = meta_of("<script type='application/ld+json'>{\"@type\":\"Article\",\"headline\":\"Two\nlines\",\"author\":\"Ann Bee\"}</script>");
        assert_eq!(m.title.as_deref(), Some("Two lines"));
        assert_eq!(m.authors, vec!["Ann Bee"]);
    }

    #[test]
    fn dublin_core_parsely_sailthru() {
        let m = meta_of(
            r#"<meta name="DC.title" content="DC headline"><meta name="DC.creator" content="Ann Lee">
               <meta name="DC.date.issued" content="2018-05-04">"#,
        );
        assert_eq!(m.title.as_deref(), Some("DC headline"));
        assert_eq!(m.authors, vec!["Ann Lee"]);
        assert_eq!(m.published.as_deref(), Some("2018-05-04"));
        let m = meta_of(
            r#"<meta name="parsely-title" content="P"><meta name="parsely-author" content="Bo Chan">
               <meta name="parsely-pub-date" content="2017-03-02T01:00:00Z">"#,
        );
        assert_eq!(
            (
                m.title.as_deref(),
                m.authors[0].as_str(),
                m.published.as_deref()
            ),
            (Some("P"), "Bo Chan", Some("2017-03-02"))
        );
        let m = meta_of(
            r#"<meta name="sailthru.author" content="Cy Dee"><meta name="sailthru.date" content="Tue, 19 Nov 2019 10:00:00 GMT">"#,
        );
        assert_eq!(
            (m.authors[0].as_str(), m.published.as_deref()),
            ("Cy Dee", Some("2019-11-19"))
        );
    }

    #[test]
    fn time_element_and_url_date() {
        let m = meta_of(
            r#"<p>Updated <time class="updated" datetime="2021-06-07">June 7</time></p><time datetime="2021-06-01T09:00">June 1</time>"#,
        );
        assert_eq!(m.published.as_deref(), Some("2021-06-01"));
        let m = meta_of(r#"<link rel="canonical" href="https://x.test/2016/02/29/story/">"#);
        assert_eq!(m.published.as_deref(), Some("2016-02-29"));
        assert_eq!(
            date_in_url("https://x.test/news/2019-11-19-some-story"),
            Some("2019-11-19".into())
        );
        assert_eq!(date_in_url("https://x.test/id/20191119123"), None);
    }

    #[test]
    fn bylines_in_the_page() {
        let m = meta_of(
            r#"<body><div class="byline">By <a href="/a">Jane Doe</a> and John Roe, Staff Writers | Updated 3 hours ago</div><p>Text.</p></body>"#,
        );
        assert_eq!(m.authors, vec!["Jane Doe", "John Roe"]);
        let m = meta_of(
            r#"<body><article><p>By Maria Lopez</p><p>Long text of the story follows here.</p></article></body>"#,
        );
        assert_eq!(m.authors, vec!["Maria Lopez"]);
    }

    #[test]
    fn bad_authors_are_refused() {
        assert!(clean_authors("Promoted By Acme Insurance", None).is_empty());
        assert!(clean_authors("https://www.facebook.com/someone", None).is_empty());
        assert!(clean_authors("Daily Planet", Some("Daily Planet")).is_empty());
        assert!(clean_authors("Staff Reporter", None).is_empty());
        assert_eq!(
            clean_authors("By JANE DOE, Associated Press", None),
            vec!["JANE DOE", "Associated Press"]
        );
        assert_eq!(
            clean_authors("by Jeff Foust Monday, November 18, 2019", None),
            vec!["Jeff Foust"]
        );
        assert!(clean_authors("LinkNaija", Some("LinkNaija | Nigeria's pop")).is_empty());
        assert!(clean_authors("Beachbody", Some("The Beachbody Blog")).is_empty());
        let m = meta_of(
            r#"<meta property="og:site_name" content="Gazette"><meta name="author" content="Gazette">"#,
        );
        assert!(m.authors.is_empty());
    }

    #[test]
    fn language_codes() {
        assert_eq!(language_code("en-GB").as_deref(), Some("en"));
        assert_eq!(language_code(" FR_fr ").as_deref(), Some("fr"));
        assert_eq!(language_code("de, en").as_deref(), Some("de"));
        assert_eq!(language_code("english"), None);
        assert_eq!(language_code("x"), None);
    }
}
