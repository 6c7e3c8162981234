//! Authors: the people named in JSON-LD, author `<meta>` tags or bylines
//! in the page, with sponsors, roles, addresses and the site's own name
//! refused.

use unspun_core::dates::is_weekday;

use super::json_ld::JsonLd;
use super::tags::{Tags, AUTHOR_KEYS};
use crate::dom::{collapse, Dom, Kind};

/// The authors: the names in JSON-LD, else in author `<meta>` tags, else
/// in the first byline of the page that names someone; each cleaned by
/// [`clean_authors`] against the site name, duplicates (any case) dropped.
pub(super) fn authors(dom: &Dom, tags: &Tags, ld: &JsonLd, site: Option<&str>) -> Vec<String> {
    let mut authors = Vec::new();
    let candidates: Vec<String> = if !ld.authors.is_empty() {
        ld.authors.clone()
    } else {
        tags.values(AUTHOR_KEYS)
            .into_iter()
            .map(str::to_string)
            .collect()
    };
    for c in &candidates {
        for name in clean_authors(c, site) {
            push_unique(&mut authors, name);
        }
    }
    if authors.is_empty() {
        for c in bylines(dom) {
            for name in clean_authors(&c, site) {
                push_unique(&mut authors, name);
            }
            if !authors.is_empty() {
                break;
            }
        }
    }
    authors
}

/// Adds `name` unless the list has it already (ASCII case ignored).
fn push_unique(list: &mut Vec<String>, name: String) {
    if !list.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
        list.push(name);
    }
}

/// Texts of byline elements: `rel="author"`, `itemprop="author"`, class or
/// id naming a byline or an author, and short blocks that start with "By ".
pub(super) fn bylines(dom: &Dom) -> Vec<String> {
    let mut out = Vec::new();
    let mut by_lines = Vec::new();
    for i in 0..dom.nodes.len() {
        let Some(el) = dom.element(i) else { continue };
        if el.hidden {
            continue;
        }
        let prop = el.itemprop.as_deref().unwrap_or("");
        let marked = prop == "author"
            || el.rel.as_deref() == Some("author")
            || el.class_id.split_whitespace().any(|c| {
                c.contains("byline")
                    || c == "author"
                    || c.ends_with("author-name")
                    || c.ends_with("author__name")
                    || c == "author-name"
                    || c.ends_with("authorname")
            });
        if marked {
            let text = dom.text_of(i);
            if !text.is_empty() && text.split_whitespace().count() <= 20 {
                out.push(text);
            }
        }
    }
    // Text that starts with "By": the text of its block, when short.
    for i in 0..dom.nodes.len() {
        if by_lines.len() >= 3 {
            break;
        }
        let Kind::Text(t) = &dom.nodes[i].kind else {
            continue;
        };
        let t = t.trim_start();
        let starts = |p: &str| t.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
        if !(starts("by ")
            || starts("by:")
            || t.eq_ignore_ascii_case("by")
            || starts("von ")
            || starts("par "))
        {
            continue;
        }
        let mut block = dom.nodes[i].parent;
        while block != 0 && !dom.nodes[block].tag().is_some_and(|t| t.is_block()) {
            block = dom.nodes[block].parent;
        }
        if dom.element(block).is_some_and(|e| e.hidden) {
            continue;
        }
        let text = dom.text_of(block);
        if text.split_whitespace().count() <= 10 {
            by_lines.push(text);
        }
    }
    out.extend(by_lines);
    out
}

/// Words that make a byline a sponsor's, not an author's.
const SPONSORED: &[&str] = &[
    "promoted by",
    "sponsored by",
    "presented by",
    "paid for by",
    "brought to you by",
    "in partnership with",
    "advertiser",
];

/// Words that are roles, not names.
const ROLES: &[&str] = &[
    "staff",
    "writer",
    "reporter",
    "correspondent",
    "editor",
    "contributor",
    "columnist",
    "journalist",
    "news service",
    "newsroom",
    "desk",
    "team",
    "updated",
    "published",
    "posted",
    "follow",
    "email",
    "twitter",
    "facebook",
    "opinion",
];

/// The people named in a byline or author value.
pub fn clean_authors(value: &str, site: Option<&str>) -> Vec<String> {
    let value = collapse(value);
    let lower = value.to_lowercase();
    if SPONSORED.iter().any(|s| lower.contains(s)) {
        return Vec::new();
    }
    if lower.starts_with("http") || lower.contains("www.") || lower.contains(".com/") {
        return Vec::new();
    }
    // Cut at what follows the names: "| Site", "Updated …", a date.
    let mut text = value.as_str();
    for stop in [
        " | ",
        "|",
        " • ",
        " · ",
        "\u{2014}",
        " – ",
        " - ",
        " on ",
        " Updated",
        " Published",
        " Posted",
        "(",
        "@",
    ] {
        if let Some(pos) = text.find(stop) {
            if pos > 0 {
                text = &text[..pos];
            }
        }
    }
    let mut text = text.trim();
    for prefix in [
        "written by",
        "posted by",
        "story by",
        "words by",
        "reporting by",
        "by:",
        "by",
        "von",
        "par",
        "from",
        "author:",
        "authors:",
    ] {
        if text.len() > prefix.len()
            && text
                .get(..prefix.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
        {
            let rest = &text[prefix.len()..];
            if rest.starts_with(char::is_whitespace) || prefix.ends_with(':') {
                text = rest.trim();
                break;
            }
        }
    }
    let site_lower = site.map(|s| s.trim().to_lowercase());
    // The site's own name: "LinkNaija | Nigeria's pop" → "linknaija".
    let site_head = site_lower.as_deref().map(|s| {
        s.split([' ', '|', '-', ':'])
            .find(|w| !w.is_empty())
            .unwrap_or("")
            .to_string()
    });
    let mut names = Vec::new();
    let parts = text
        .split([',', ';', '&'])
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" And "))
        .flat_map(|p| p.split(" und "))
        .flat_map(|p| p.split(" et "));
    for part in parts {
        let mut name = part
            .trim()
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'')
            .trim();
        // "Jeff Foust Monday" (from "by Jeff Foust Monday, November 18").
        while let Some((head, last)) = name.rsplit_once(' ') {
            if is_weekday(last.trim_end_matches('.')) {
                name = head.trim();
            } else {
                break;
            }
        }
        let name_lower = name.to_lowercase();
        let words = name.split_whitespace().count();
        if name.is_empty() || words > 5 || name.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        if ROLES.iter().any(|r| name_lower.contains(r)) {
            continue;
        }
        let squeezed = name_lower.replace(' ', "");
        let is_site = site_lower.as_deref().is_some_and(|s| {
            !s.is_empty()
                && (name_lower == s
                    || squeezed == s.replace(' ', "")
                    || (words == 1 && s.contains(&name_lower)))
        });
        if is_site
            || site_head
                .as_deref()
                .is_some_and(|h| !h.is_empty() && squeezed == h)
        {
            continue;
        }
        // A name starts with a capital letter (in scripts that have case).
        let first = name.chars().next().unwrap_or(' ');
        if first.is_lowercase() {
            continue;
        }
        if words == 1 && name.chars().count() < 3 {
            continue;
        }
        names.push(name.to_string());
    }
    names
}
