//! JSON-LD (`<script type="application/ld+json">`): the article node
//! (`NewsArticle`, `Article`, `BlogPosting`…, also inside `@graph` or a
//! page's `mainEntity`) and what it says: headline, authors, dates,
//! address, publisher, language and body.

use serde_json::Value;

use crate::dom::collapse;

/// What JSON-LD says about the article.
#[derive(Debug, Default)]
pub(super) struct JsonLd {
    /// The headline (`headline`, else `name`).
    pub(super) headline: Option<String>,
    /// Author names (people, not organisations).
    pub(super) authors: Vec<String>,
    /// `datePublished`, else `dateCreated`, as written.
    pub(super) published: Option<String>,
    /// `dateModified`, as written.
    pub(super) modified: Option<String>,
    /// `url`, else `mainEntityOfPage`.
    pub(super) url: Option<String>,
    /// The publisher's name.
    pub(super) publisher: Option<String>,
    /// `inLanguage`.
    pub(super) language: Option<String>,
    /// `articleBody`.
    pub(super) body: Option<String>,
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

/// The `@type` of a node: a string or an array of strings.
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

/// An article type of schema.org (`NewsArticle`, `BlogPosting`…), also
/// written as a full address.
fn is_article_type(t: &str) -> bool {
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    t.ends_with("Article")
        || t == "BlogPosting"
        || t == "LiveBlogPosting"
        || t == "SocialMediaPosting"
        || t == "Report"
}

/// What the JSON-LD blocks of a page say about its article: the first
/// node of an article type (arrays and `@graph` flattened, a page's
/// `mainEntity` followed), else the first `WebPage`.
pub(super) fn read_json_ld(blocks: &[String]) -> JsonLd {
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

    #[test]
    fn article_node_of_a_page_and_its_fields() {
        let block = r#"[{"@type":"WebSite","name":"Site"},
            {"@type":"WebPage","name":"Page","mainEntity":{"@type":"http://schema.org/NewsArticle",
             "name":"Storm hits coast","dateCreated":"2019-11-19","inLanguage":"en",
             "creator":[{"@type":"NewsMediaOrganization","name":"Coast News"},{"@type":"Person","name":"Jane Doe"},"Bo Chan"],
             "publisher":[{"name":"Coast News"}],"mainEntityOfPage":"https://coast.test/storm","articleBody":"Text."}}]"#;
        let ld = read_json_ld(&[block.to_string()]);
        assert_eq!(ld.headline.as_deref(), Some("Storm hits coast"));
        assert_eq!(ld.authors, vec!["Jane Doe", "Bo Chan"]);
        assert_eq!(ld.published.as_deref(), Some("2019-11-19"));
        assert_eq!(ld.publisher.as_deref(), Some("Coast News"));
        assert_eq!(ld.url.as_deref(), Some("https://coast.test/storm"));
        assert_eq!(ld.language.as_deref(), Some("en"));
        assert_eq!(ld.body.as_deref(), Some("Text."));
    }

    #[test]
    fn no_article_no_page_nothing() {
        let ld = read_json_ld(&[
            r#"{"@type":"Organization","name":"X"}"#.into(),
            "not json".into(),
        ]);
        assert!(ld.headline.is_none() && ld.authors.is_empty());
        assert!(is_article_type("ReportageNewsArticle") && is_article_type("schema:BlogPosting"));
        assert!(!is_article_type("WebPage"));
        assert_eq!(
            parse_json_ld("<!-- {\"a\":1} trailing -->"),
            Some(serde_json::json!({"a": 1}))
        );
    }
}
