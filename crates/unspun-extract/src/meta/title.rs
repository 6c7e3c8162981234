//! The headline: headline `<meta>` tags, else JSON-LD, else `<title>`,
//! else the first `<h1>`; a " | Site" suffix naming the site removed.

use super::json_ld::JsonLd;
use super::tags::{Tags, TITLE_KEYS};
use crate::dom::{collapse, Dom, PageHead, Tag};

/// The headline of the page, without a suffix that names the site `site`.
pub(super) fn headline(
    dom: &Dom,
    head: &PageHead,
    tags: &Tags,
    ld: &JsonLd,
    site: Option<&str>,
) -> Option<String> {
    let raw_title = tags
        .values(TITLE_KEYS)
        .into_iter()
        .map(collapse)
        .find(|t| !t.is_empty())
        .or_else(|| ld.headline.clone())
        .or_else(|| {
            head.title
                .clone()
                .filter(|t| !t.is_empty())
                .map(|t| strip_site_suffix(&t, site))
        })
        .or_else(|| first_h1(dom));
    raw_title
        .map(|t| strip_site_suffix(&t, site))
        .filter(|t| !t.is_empty())
}

/// The text of the first `<h1>` that has text.
fn first_h1(dom: &Dom) -> Option<String> {
    (0..dom.nodes.len())
        .find(|&i| dom.nodes[i].tag() == Some(Tag::H1) && !dom.text_of(i).is_empty())
        .map(|i| dom.text_of(i))
}

/// "Headline | Site", "Headline - Site": the headline alone when the suffix
/// is the site name (or the title has a clear suffix of a few words).
pub(super) fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let title = title.trim();
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " » "] {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let tail_norm = tail.trim().to_lowercase();
            let is_site = site.is_some_and(|s| {
                let s = s.to_lowercase();
                !s.is_empty() && (tail_norm.contains(&s) || s.contains(&tail_norm))
            });
            if is_site && head.split_whitespace().count() >= 2 {
                return strip_site_suffix(head, site);
            }
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_suffix_is_removed() {
        assert_eq!(
            strip_site_suffix(
                "Mayor resigns after vote | Daily Planet",
                Some("Daily Planet")
            ),
            "Mayor resigns after vote"
        );
        assert_eq!(strip_site_suffix("A - B", Some("B")), "A - B");
        // Suffixes are removed one after the other.
        assert_eq!(
            strip_site_suffix(
                "Mayor resigns now - Politics | Planet",
                Some("Politics Planet")
            ),
            "Mayor resigns now"
        );
        // No site name: the title stays whole.
        assert_eq!(
            strip_site_suffix(" Mayor resigns | Planet ", None),
            "Mayor resigns | Planet"
        );
    }

    #[test]
    fn first_h1_with_text() {
        let (dom, _) = Dom::parse("<h1> </h1><h1>Storm <b>hits</b></h1>");
        assert_eq!(first_h1(&dom).as_deref(), Some("Storm hits"));
    }
}
