//! `<meta>` tags: the keys of each field (Open Graph, `article:*`,
//! Twitter, Dublin Core, Parse.ly, Sailthru, citation tags…) and their
//! values in key order.

use crate::dom::PageHead;

/// Keys of headline tags, most specific first.
pub(super) const TITLE_KEYS: &[&str] = &[
    "og:title",
    "twitter:title",
    "parsely-title",
    "sailthru.title",
    "dc.title",
    "dcterms.title",
    "headline",
    "title",
];

/// Keys of author tags.
pub(super) const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "citation_author",
    "article:author_name",
    "author_name",
];

/// Keys of publication-date tags.
pub(super) const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "article_date_original",
    "originalpublicationdate",
    "publication_date",
    "publish-date",
    "publishdate",
    "publish_date",
    "pubdate",
    "date",
    "datecreated",
    "displaydate",
];

/// Keys of modification-date tags (never read as the publication date).
pub(super) const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
];

/// Keys of site-name tags.
pub(super) const SITE_KEYS: &[&str] = &[
    "og:site_name",
    "application-name",
    "dc.publisher",
    "dcterms.publisher",
    "publisher",
];

/// The `<meta>` tags of a page, read by key.
pub(super) struct Tags<'a>(pub(super) &'a PageHead);

impl<'a> Tags<'a> {
    /// The values of the tags with any of `keys`: all values of the first
    /// key in page order, then of the second, and so on.
    pub(super) fn values(&self, keys: &[&str]) -> Vec<&'a str> {
        let mut out = Vec::new();
        for key in keys {
            for m in &self.0.metas {
                if m.key == *key {
                    out.push(m.content.as_str());
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::Dom;

    #[test]
    fn values_come_in_key_order() {
        let (_, head) = Dom::parse(
            r#"<meta name="twitter:title" content="T1"><meta property="og:title" content="O1">
               <meta name="twitter:title" content="T2"><meta name="other" content="X">"#,
        );
        let tags = Tags(&head);
        assert_eq!(
            tags.values(&["og:title", "twitter:title"]),
            vec!["O1", "T1", "T2"]
        );
        assert!(tags.values(&["dc.title"]).is_empty());
    }
}
