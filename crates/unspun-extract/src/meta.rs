//! Article metadata: headline, authors, publication date, canonical address,
//! site name and language, from `<meta>` tags (Open Graph, `article:*`,
//! Dublin Core, Parse.ly, Sailthru, Twitter), JSON-LD (`NewsArticle`,
//! `Article`, `BlogPosting`…, also inside `@graph`), microdata, `<time>`
//! elements and bylines in the page.
//!
//! Sources are tried from the most to the least specific, and each value is
//! checked: an author is a person's name (not the site name, not a URL, not
//! "Promoted by …"), a publication date is never a modification date.

use serde_json::Value;
use unspun_core::dates::{find_date_prefix, is_weekday};

use crate::dom::{collapse, Dom, Kind, PageHead, Tag};

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

/// What JSON-LD says about the article.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    authors: Vec<String>,
    published: Option<String>,
    modified: Option<String>,
    url: Option<String>,
    publisher: Option<String>,
    language: Option<String>,
    body: Option<String>,
}

const TITLE_KEYS: &[&str] = &[
    "og:title",
    "twitter:title",
    "parsely-title",
    "sailthru.title",
    "dc.title",
    "dcterms.title",
    "headline",
    "title",
];

const AUTHOR_KEYS: &[&str] = &[
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

const PUBLISHED_KEYS: &[&str] = &[
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

const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
];

const SITE_KEYS: &[&str] = &[
    "og:site_name",
    "application-name",
    "dc.publisher",
    "dcterms.publisher",
    "publisher",
];

/// Reads the metadata of a parsed page. `page_url` is where the page was
/// fetched from, when known (a WARC record's target URI).
pub fn read_metadata(dom: &Dom, head: &PageHead, page_url: Option<&str>) -> Metadata {
    let ld = read_json_ld(&head.json_ld);
    let meta = |keys: &[&str]| -> Vec<&str> {
        let mut out = Vec::new();
        for key in keys {
            for m in &head.metas {
                if m.key == *key {
                    out.push(m.content.as_str());
                }
            }
        }
        out
    };

    let site_name = meta(SITE_KEYS)
        .into_iter()
        .map(collapse)
        .find(|s| !s.is_empty() && !s.starts_with("http"))
        .or_else(|| ld.publisher.clone());

    // Canonical address.
    let canonical = head
        .links
        .iter()
        .find(|(rel, href)| rel.split_whitespace().any(|r| r == "canonical") && !href.is_empty())
        .map(|(_, href)| href.clone());
    let og_url = meta(&["og:url", "twitter:url"])
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
    let url = [canonical, og_url, ld.url.clone()]
        .into_iter()
        .flatten()
        .map(|u| absolutize(&u, base.as_deref()))
        .find(|u| u.starts_with("http://") || u.starts_with("https://"))
        .or_else(|| page_url.map(str::to_string));

    // Headline.
    let raw_title = meta(TITLE_KEYS)
        .into_iter()
        .map(collapse)
        .find(|t| !t.is_empty())
        .or_else(|| ld.headline.clone())
        .or_else(|| {
            head.title
                .clone()
                .filter(|t| !t.is_empty())
                .map(|t| strip_site_suffix(&t, site_name.as_deref()))
        })
        .or_else(|| first_h1(dom));
    let title = raw_title
        .map(|t| strip_site_suffix(&t, site_name.as_deref()))
        .filter(|t| !t.is_empty());

    // Authors.
    let mut authors = Vec::new();
    let candidates: Vec<String> = if !ld.authors.is_empty() {
        ld.authors.clone()
    } else {
        meta(AUTHOR_KEYS).into_iter().map(str::to_string).collect()
    };
    for c in &candidates {
        for name in clean_authors(c, site_name.as_deref()) {
            push_unique(&mut authors, name);
        }
    }
    if authors.is_empty() {
        for c in bylines(dom) {
            for name in clean_authors(&c, site_name.as_deref()) {
                push_unique(&mut authors, name);
            }
            if !authors.is_empty() {
                break;
            }
        }
    }

    // Dates.
    let published = ld
        .published
        .as_deref()
        .and_then(iso_date)
        .or_else(|| meta(PUBLISHED_KEYS).into_iter().find_map(iso_date))
        .or_else(|| time_elements(dom))
        .or_else(|| url.as_deref().and_then(date_in_url));
    let modified = ld
        .modified
        .as_deref()
        .and_then(iso_date)
        .or_else(|| meta(MODIFIED_KEYS).into_iter().find_map(iso_date));

    // Language.
    let language = head
        .lang
        .as_deref()
        .and_then(language_code)
        .or_else(|| {
            meta(&["content-language", "language", "dc.language", "og:locale"])
                .into_iter()
                .find_map(language_code)
        })
        .or_else(|| ld.language.as_deref().and_then(language_code));

    let description = meta(&["description", "og:description", "twitter:description"])
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

fn push_unique(list: &mut Vec<String>, name: String) {
    if !list.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
        list.push(name);
    }
}

fn first_h1(dom: &Dom) -> Option<String> {
    (0..dom.nodes.len())
        .find(|&i| dom.nodes[i].tag() == Some(Tag::H1) && !dom.text_of(i).is_empty())
        .map(|i| dom.text_of(i))
}

/// "Headline | Site", "Headline - Site": the headline alone when the suffix
/// is the site name (or the title has a clear suffix of a few words).
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
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

/// Makes `url` absolute against `base` when it is relative.
fn absolutize(url: &str, base: Option<&str>) -> String {
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

/// An ISO date from a date or timestamp in any common form.
pub fn iso_date(value: &str) -> Option<String> {
    let v = value.trim();
    let b = v.as_bytes();
    // 2019-11-19, 2019-11-19T10:00:00Z, 2019/11/19
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && (b[4] == b'-' || b[4] == b'/')
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b[4]
        && b[8..10].iter().all(u8::is_ascii_digit)
    {
        let y: i32 = v[..4].parse().ok()?;
        let m: u32 = v[5..7].parse().ok()?;
        let d: u32 = v[8..10].parse().ok()?;
        return valid(y, m, d);
    }
    // 20191119 (and 20191119T…)
    if b.len() >= 8
        && b[..8].iter().all(u8::is_ascii_digit)
        && b.get(8).is_none_or(|c| !c.is_ascii_digit())
    {
        let y: i32 = v[..4].parse().ok()?;
        let m: u32 = v[4..6].parse().ok()?;
        let d: u32 = v[6..8].parse().ok()?;
        return valid(y, m, d);
    }
    // Unix timestamps (seconds or milliseconds).
    if (b.len() == 10 || b.len() == 13) && b.iter().all(u8::is_ascii_digit) {
        let secs: i64 = v[..10].parse().ok()?;
        return Some(civil_from_days(secs.div_euclid(86_400)));
    }
    // "Nov 19, 2019", "Tue, 19 Nov 2019 10:00:00 GMT", "November 19, 2019 10:00 AM".
    let (date, _) = find_date_prefix(v)?;
    (1990..=2100).contains(&date.year).then(|| date.to_iso())
}

fn valid(y: i32, m: u32, d: u32) -> Option<String> {
    let date = unspun_core::dates::Date::new(y, m, d)?;
    (1990..=2100).contains(&y).then(|| date.to_iso())
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A date written in a URL path: `/2019/11/19/`, `/2019-11-19-`.
pub fn date_in_url(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let bytes = path.as_bytes();
    for i in 0..bytes.len().saturating_sub(9) {
        if bytes[i] != b'/' {
            continue;
        }
        let s = &path[i + 1..];
        let sb = s.as_bytes();
        if sb.len() >= 10 && sb[..4].iter().all(u8::is_ascii_digit) && matches!(sb[4], b'/' | b'-')
        {
            let sep = sb[4];
            if sb[5..7].iter().all(u8::is_ascii_digit)
                && sb[7] == sep
                && sb[8..10].iter().all(u8::is_ascii_digit)
                && sb.get(10).is_none_or(|c| !c.is_ascii_digit())
            {
                if let Some(d) = valid(
                    s[..4].parse().ok()?,
                    s[5..7].parse().ok()?,
                    s[8..10].parse().ok()?,
                ) {
                    return Some(d);
                }
            }
        }
    }
    None
}

/// `<time datetime>` marked as the publication date (`pubdate`,
/// `itemprop="datePublished"`, a class naming publication), else the first
/// `<time datetime>` that is not marked as an update.
fn time_elements(dom: &Dom) -> Option<String> {
    let mut first = None;
    for node in &dom.nodes {
        let Kind::Element(el) = &node.kind else {
            continue;
        };
        let Some(dt) = el.datetime.as_deref() else {
            continue;
        };
        let prop = el.itemprop.as_deref().unwrap_or("");
        if prop == "datemodified" || el.class_id.contains("modif") || el.class_id.contains("update")
        {
            continue;
        }
        if el.tag != Tag::Time && prop != "datepublished" && prop != "datecreated" {
            continue;
        }
        let Some(date) = iso_date(dt) else { continue };
        if prop == "datepublished"
            || el.class_id.contains("publish")
            || el.class_id.contains("pubdate")
        {
            return Some(date);
        }
        if first.is_none() {
            first = Some(date);
        }
    }
    first
}

/// Texts of byline elements: `rel="author"`, `itemprop="author"`, class or
/// id naming a byline or an author, and short blocks that start with "By ".
fn bylines(dom: &Dom) -> Vec<String> {
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

/// Parses JSON-LD blocks; some pages write control characters or trailing
/// garbage that strict JSON refuses, so a second, lenient attempt is made.
fn parse_json_ld(text: &str) -> Option<Value> {
    let text = text
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim();
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return Some(v);
    }
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if let Ok(v) = serde_json::from_str::<Value>(&cleaned) {
        return Some(v);
    }
    // Trailing text after the first value.
    let mut stream = serde_json::Deserializer::from_str(&cleaned).into_iter::<Value>();
    stream.next()?.ok()
}

fn types_of(v: &Value) -> Vec<String> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn is_article_type(t: &str) -> bool {
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    t.ends_with("Article")
        || t == "BlogPosting"
        || t == "LiveBlogPosting"
        || t == "SocialMediaPosting"
        || t == "Report"
}

fn read_json_ld(blocks: &[String]) -> JsonLd {
    let mut articles: Vec<Value> = Vec::new();
    let mut pages: Vec<Value> = Vec::new();
    for block in blocks {
        let Some(value) = parse_json_ld(block) else {
            continue;
        };
        // Flatten arrays and @graph (iteratively).
        let mut stack = vec![value];
        let mut seen = 0;
        while let Some(v) = stack.pop() {
            seen += 1;
            if seen > 10_000 {
                break;
            }
            match v {
                Value::Array(items) => stack.extend(items.into_iter().rev()),
                Value::Object(mut obj) => {
                    if let Some(graph) = obj.remove("@graph") {
                        stack.push(graph);
                    }
                    let v = Value::Object(obj);
                    let types = types_of(&v);
                    if types.iter().any(|t| is_article_type(t)) {
                        articles.push(v);
                    } else if types.iter().any(|t| t == "WebPage" || t == "ItemPage") {
                        if let Some(main) = v.get("mainEntity").cloned() {
                            stack.push(main);
                        }
                        pages.push(v);
                    }
                }
                _ => {}
            }
        }
    }
    let mut ld = JsonLd::default();
    let Some(article) = articles.first().or(pages.first()) else {
        return ld;
    };
    let s = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .map(collapse)
            .filter(|s| !s.is_empty())
    };
    ld.headline = s(article.get("headline")).or_else(|| s(article.get("name")));
    ld.published = s(article.get("datePublished")).or_else(|| s(article.get("dateCreated")));
    ld.modified = s(article.get("dateModified"));
    ld.url = s(article.get("url")).or_else(|| match article.get("mainEntityOfPage") {
        Some(Value::String(u)) => Some(u.clone()),
        Some(o @ Value::Object(_)) => s(o.get("@id")).or_else(|| s(o.get("url"))),
        _ => None,
    });
    ld.publisher = match article.get("publisher") {
        Some(Value::Array(a)) => a.first().and_then(|p| s(p.get("name"))),
        Some(p @ Value::Object(_)) => s(p.get("name")),
        Some(Value::String(p)) => Some(p.clone()),
        _ => None,
    };
    ld.language = s(article.get("inLanguage"));
    ld.body = article
        .get("articleBody")
        .and_then(Value::as_str)
        .map(str::to_string);
    let author_values: Vec<&Value> = match article.get("author").or_else(|| article.get("creator"))
    {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    };
    for a in author_values {
        match a {
            Value::String(name) => ld.authors.push(name.clone()),
            Value::Object(_) => {
                if types_of(a)
                    .iter()
                    .any(|t| t == "Organization" || t == "NewsMediaOrganization")
                {
                    continue;
                }
                if let Some(name) = s(a.get("name")) {
                    ld.authors.push(name);
                }
            }
            _ => {}
        }
    }
    ld
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn dates_in_many_forms() {
        assert_eq!(
            iso_date("2019-11-19T10:00:00Z").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(iso_date("2019/11/19").as_deref(), Some("2019-11-19"));
        assert_eq!(iso_date("20191119").as_deref(), Some("2019-11-19"));
        assert_eq!(
            iso_date("November 19, 2019 10:00 AM").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(iso_date("1574168580").as_deref(), Some("2019-11-19"));
        assert_eq!(iso_date("soon"), None);
        assert_eq!(iso_date("2019-02-30"), None);
    }

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
    }
}
