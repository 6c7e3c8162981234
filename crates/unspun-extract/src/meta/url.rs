//! The page's address: the canonical link, else `og:url`/`twitter:url`,
//! else the JSON-LD address, made absolute; else where the page was
//! fetched from.

use super::json_ld::JsonLd;
use super::tags::Tags;
use crate::dom::PageHead;

/// The canonical address of the page. Relative addresses are resolved
/// against `<base>`, else `page_url` (where the page was fetched from),
/// else the absolute `og:url` or JSON-LD address.
pub(super) fn canonical_url(
    head: &PageHead,
    tags: &Tags,
    ld: &JsonLd,
    page_url: Option<&str>,
) -> Option<String> {
    let canonical = head
        .links
        .iter()
        .find(|(rel, href)| rel.split_whitespace().any(|r| r == "canonical") && !href.is_empty())
        .map(|(_, href)| href.clone());
    let og_url = tags
        .values(&["og:url", "twitter:url"])
        .first()
        .map(|s| s.to_string());
    let absolute = |u: &Option<String>| {
        u.clone()
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
    };
    let base = head
        .base
        .clone()
        .filter(|b| b.starts_with("http"))
        .or_else(|| page_url.map(str::to_string))
        .or_else(|| absolute(&og_url))
        .or_else(|| absolute(&ld.url));
    [canonical, og_url, ld.url.clone()]
        .into_iter()
        .flatten()
        .map(|u| absolutize(&u, base.as_deref()))
        .find(|u| u.starts_with("http://") || u.starts_with("https://"))
        .or_else(|| page_url.map(str::to_string))
}

/// Makes `url` absolute against `base` when it is relative.
pub(super) fn absolutize(url: &str, base: Option<&str>) -> String {
    let url = url.trim();
    if url.starts_with("http://") || url.starts_with("https://") {
        return url.to_string();
    }
    let Some(base) = base else {
        return url.to_string();
    };
    let Some(scheme_end) = base.find("://") else {
        return url.to_string();
    };
    if let Some(rest) = url.strip_prefix("//") {
        return format!("{}://{}", &base[..scheme_end], rest);
    }
    let host_end = base[scheme_end + 3..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + 3 + i);
    if url.starts_with('/') {
        return format!("{}{}", &base[..host_end], url);
    }
    let dir_end = base
        .rfind('/')
        .filter(|&i| i >= host_end)
        .map_or(host_end, |i| i);
    format!("{}/{}", &base[..dir_end], url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_addresses_are_made_absolute() {
        assert_eq!(
            absolutize("/x", Some("https://a.test/b/c")),
            "https://a.test/x"
        );
        assert_eq!(
            absolutize("y", Some("https://a.test/b/c")),
            "https://a.test/b/y"
        );
        assert_eq!(
            absolutize("//cdn.test/z", Some("https://a.test/")),
            "https://cdn.test/z"
        );
        assert_eq!(absolutize("y", None), "y");
        assert_eq!(
            absolutize(" https://b.test/ ", Some("https://a.test/")),
            "https://b.test/"
        );
    }
}
