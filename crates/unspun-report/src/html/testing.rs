//! Helpers of the tests: reading a rendered page back (tag balance, the
//! text under each mark) and building documents.

use std::collections::{BTreeSet, HashMap};

use unspun_core::{Annotation, Layer, Paragraph, Sentence, Span};

/// The `<article>` element of a page.
pub(super) fn article(html: &str) -> &str {
    let a = html.find("<article").expect("article start");
    let b = html.find("</article>").expect("article end");
    &html[a..b + "</article>".len()]
}

pub(super) fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Value of attribute `name` in the opening tag `tag`.
pub(super) fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    let j = tag[i..].find('"')? + i;
    Some(&tag[i..j])
}

/// Checks that the tags of `html` balance; panics otherwise.
pub(super) fn assert_balanced(html: &str) {
    const VOID: &[&str] = &["meta", "input", "br", "img", "link", "hr"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let j = rest[i..].find('>').expect("tag closes") + i;
        let tag = &rest[i + 1..j];
        rest = &rest[j + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().unwrap_or_else(|| panic!("stray </{name}>"));
            assert_eq!(open, name, "</{name}> closes <{open}>");
            if name == "script" || name == "style" {
                continue;
            }
        } else {
            let name = tag.split([' ', '\n']).next().unwrap().to_string();
            if name == "script" || name == "style" {
                // Skip the raw text up to the matching end tag.
                let end = rest.find(&format!("</{name}>")).expect("raw text ends");
                rest = &rest[end..];
            }
            if !VOID.contains(&name.as_str()) {
                stack.push(name);
            }
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

/// Each character of the article text with the ids of the marks around it.
pub(super) fn coverage(html: &str) -> Vec<(char, BTreeSet<usize>)> {
    let art = article(html);
    let mut stack: Vec<Option<usize>> = Vec::new();
    let mut out = Vec::new();
    let mut rest = art;
    loop {
        let i = rest.find('<').unwrap_or(rest.len());
        let active: BTreeSet<usize> = stack.iter().flatten().copied().collect();
        // Text right inside <article> is only the line breaks between blocks.
        if stack.len() > 1 {
            for c in unescape(&rest[..i]).chars() {
                out.push((c, active.clone()));
            }
        }
        if i == rest.len() {
            break;
        }
        let j = rest[i..].find('>').unwrap() + i;
        let tag = &rest[i + 1..j];
        rest = &rest[j + 1..];
        if tag.starts_with('/') {
            stack.pop();
        } else {
            stack.push(attr(tag, "data-a").map(|a| a.parse().unwrap()));
        }
    }
    out
}

/// The text under each annotation id, in reading order.
pub(super) fn marked_text(html: &str) -> HashMap<usize, String> {
    let mut map: HashMap<usize, String> = HashMap::new();
    for (c, ids) in coverage(html) {
        for id in ids {
            map.entry(id).or_default().push(c);
        }
    }
    map
}

pub(super) fn article_text(html: &str) -> String {
    coverage(html)
        .into_iter()
        .map(|(c, _)| c)
        .filter(|c| *c != '\n')
        .collect()
}

pub(super) fn ann(start: usize, end: usize, label: &str) -> Annotation {
    Annotation::new(Span::new(start, end), label)
}

pub(super) fn layer(name: &str, anns: Vec<Annotation>) -> Layer {
    Layer {
        name: name.to_string(),
        annotations: anns,
    }
}

pub(super) fn para(start: usize, end: usize) -> Paragraph {
    Paragraph {
        span: Span::new(start, end),
    }
}

pub(super) fn sentence(start: usize, end: usize, paragraph: usize) -> Sentence {
    Sentence {
        span: Span::new(start, end),
        paragraph,
        first_token: 0,
        end_token: 0,
    }
}
