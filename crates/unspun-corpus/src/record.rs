//! What the database keeps of one analysis record, read tolerantly from JSON:
//! a missing or mistyped field becomes `None` (NULL), never a panic.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use crate::schema::COUNT_CONFIDENCE;
use crate::Error;

/// One article's row and child rows, ready to insert.
#[derive(Debug, Default)]
pub(crate) struct Extracted {
    pub doc_id: String,
    pub source: String,
    pub title: Option<String>,
    pub text: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub month: Option<String>,
    pub language: Option<String>,
    pub schema_version: Option<String>,
    pub words: i64,
    pub sentences: i64,
    pub reported: i64,
    pub editorial: i64,
    pub neutral: i64,
    pub editorial_share: Option<f64>,
    pub technique_marks: i64,
    pub techniques: i64,
    pub technique_density: f64,
    pub spans: Vec<Span>,
    /// technique → counted marks (confidence from [`COUNT_CONFIDENCE`] on).
    pub technique_counts: BTreeMap<String, i64>,
    pub sources: Vec<Source>,
    /// source kind → number of sources.
    pub source_kinds: BTreeMap<String, i64>,
    pub actors: Vec<Actor>,
    pub stances: Vec<Stance>,
}

#[derive(Debug)]
pub(crate) struct Span {
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub technique: String,
    pub confidence: Option<f64>,
}

#[derive(Debug)]
pub(crate) struct Source {
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub kind: String,
    pub text: Option<String>,
    pub entity: Option<String>,
    pub cue: Option<String>,
    pub content: Option<String>,
    pub direct: Option<bool>,
    pub confidence: Option<f64>,
}

#[derive(Debug)]
pub(crate) struct Actor {
    pub entity_id: Option<String>,
    pub name: String,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub mentions: i64,
    pub portrayal: Option<f64>,
}

#[derive(Debug)]
pub(crate) struct Stance {
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub holder: Option<String>,
    pub holder_name: Option<String>,
    pub polarity: Option<String>,
    pub target: Option<String>,
    pub cue: Option<String>,
    pub main_issue: Option<bool>,
}

impl Extracted {
    /// Distinct actor names of the article (for the facet counts).
    pub fn actor_names(&self) -> BTreeSet<&str> {
        self.actors.iter().map(|a| a.name.as_str()).collect()
    }
}

fn string(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A non-empty string after trimming.
fn text(v: Option<&Value>) -> Option<String> {
    string(v).and_then(|s| {
        let t = s.trim();
        (!t.is_empty()).then(|| t.to_string())
    })
}

fn int(v: Option<&Value>) -> Option<i64> {
    let v = v?;
    v.as_i64()
        .or_else(|| v.as_u64().map(|u| i64::try_from(u).unwrap_or(i64::MAX)))
        .or_else(|| v.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
}

fn float(v: Option<&Value>) -> Option<f64> {
    v?.as_f64().filter(|f| f.is_finite())
}

fn array(v: Option<&Value>) -> &[Value] {
    match v {
        Some(Value::Array(a)) => a,
        _ => &[],
    }
}

/// `YYYY-MM-DD` (or `YYYY-MM`) at the start of `s`, e.g. of an ISO date-time.
pub(crate) fn iso_date(s: &str) -> Option<String> {
    let b = s.trim().as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7)) {
        return None;
    }
    let month: u32 = s.trim()[5..7].parse().ok()?;
    if !(1..=12).contains(&month) {
        return None;
    }
    if b.get(7) == Some(&b'-') && digits(8..10) {
        let day: u32 = s.trim()[8..10].parse().ok()?;
        if !(1..=31).contains(&day) || b.get(10).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        return Some(s.trim()[..10].to_string());
    }
    if b.get(7).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some(s.trim()[..7].to_string())
}

/// Reads what the database keeps of `record`.
pub(crate) fn extract(record: &Value) -> Result<Extracted, Error> {
    let Some(obj) = record.as_object() else {
        return Err(Error::InvalidRecord("not a JSON object".into()));
    };
    if let Some(err) = obj.get("error").filter(|e| !e.is_null()) {
        if obj.get("document").is_none_or(Value::is_null) {
            return Err(Error::ErrorRecord {
                source_name: string(err.get("source")).unwrap_or_default(),
                message: string(err.get("message")).unwrap_or_else(|| err.to_string()),
            });
        }
    }
    let Some(doc) = obj.get("document").filter(|d| d.is_object()) else {
        return Err(Error::InvalidRecord("no `document` object".into()));
    };
    let source = text(doc.get("source"));
    let Some(doc_id) = text(doc.get("id")).or_else(|| source.clone()) else {
        return Err(Error::InvalidRecord(
            "no `document.id` (nor `document.source`)".into(),
        ));
    };
    let doc_text = string(doc.get("text")).unwrap_or_default();
    let published = string(doc.get("published")).and_then(|p| iso_date(&p));
    let month = published.as_ref().map(|p| p[..7].to_string());
    let words = unspun_core::words::count_words(&doc_text) as i64;

    // Sentences by kind.
    let (mut reported, mut editorial, mut neutral) = (0i64, 0i64, 0i64);
    let sentences = array(obj.get("sentences"));
    for s in sentences {
        match s.get("kind").and_then(Value::as_str) {
            Some("reported") => reported += 1,
            Some("editorial") => editorial += 1,
            Some("neutral") => neutral += 1,
            _ => {}
        }
    }
    let sourcing = record
        .pointer("/summary/sourcing")
        .filter(|s| s.is_object());
    let editorial_share = float(sourcing.and_then(|s| s.get("editorial_share")))
        .or_else(|| {
            let kinds = reported + editorial + neutral;
            (kinds > 0).then(|| editorial as f64 / kinds as f64)
        })
        .map(|f| f.clamp(0.0, 1.0));

    // Technique marks.
    let mut spans = Vec::new();
    let mut technique_counts: BTreeMap<String, i64> = BTreeMap::new();
    for t in array(obj.get("techniques")) {
        let Some(technique) = text(t.get("technique")).or_else(|| text(t.get("label"))) else {
            continue;
        };
        let confidence = float(t.get("confidence"));
        if confidence.is_none_or(|c| c >= COUNT_CONFIDENCE) {
            *technique_counts.entry(technique.clone()).or_default() += 1;
        }
        spans.push(Span {
            start: int(t.get("start")),
            end: int(t.get("end")),
            technique,
            confidence,
        });
    }
    let techniques: i64 = technique_counts.values().sum();
    let technique_density = if words > 0 {
        techniques as f64 * 1000.0 / words as f64
    } else {
        0.0
    };

    // Attributions.
    let mut sources = Vec::new();
    let mut attribution_kinds: BTreeMap<String, i64> = BTreeMap::new();
    for a in array(obj.get("attributions")) {
        let src = a.get("source");
        let kind = text(a.get("kind"))
            .or_else(|| text(src.and_then(|s| s.get("kind"))))
            .unwrap_or_else(|| "unknown".into());
        *attribution_kinds.entry(kind.clone()).or_default() += 1;
        let part = |key: &str| {
            let v = a.get(key)?;
            if v.is_object() {
                string(v.get("text"))
            } else {
                string(Some(v))
            }
        };
        sources.push(Source {
            start: int(a.get("start")),
            end: int(a.get("end")),
            kind,
            text: string(src.and_then(|s| s.get("text"))),
            entity: text(src.and_then(|s| s.get("entity"))),
            cue: part("cue"),
            content: part("content"),
            direct: a.get("direct").and_then(Value::as_bool),
            confidence: float(a.get("confidence")),
        });
    }
    // Sources by kind: the summary's count of distinct sources, else the
    // attributions by kind.
    let mut source_kinds = BTreeMap::new();
    if let Some(Value::Object(by_kind)) = sourcing.and_then(|s| s.get("sources_by_kind")) {
        for (kind, n) in by_kind {
            if let Some(n) = int(Some(n)).filter(|&n| n > 0) {
                if !kind.trim().is_empty() {
                    source_kinds.insert(kind.trim().to_string(), n);
                }
            }
        }
    }
    if source_kinds.is_empty() {
        source_kinds = attribution_kinds;
    }

    // Actors.
    let mut actors = Vec::new();
    let mut names: HashMap<String, String> = HashMap::new();
    for e in array(obj.get("entities")) {
        let Some(name) = text(e.get("name")) else {
            continue;
        };
        let entity_id = text(e.get("id"));
        if let Some(id) = &entity_id {
            names.insert(id.clone(), name.clone());
        }
        actors.push(Actor {
            entity_id,
            name,
            kind: text(e.get("type")).or_else(|| text(e.get("label"))),
            country: text(e.get("country")),
            mentions: array(e.get("mentions")).len() as i64,
            portrayal: float(e.pointer("/portrayal/score")),
        });
    }

    // Stances.
    let mut stances = Vec::new();
    for s in array(obj.get("stances")) {
        let holder = text(s.get("holder"));
        let holder_name = text(s.get("holder_name"))
            .or_else(|| holder.as_ref().and_then(|h| names.get(h).cloned()));
        stances.push(Stance {
            start: int(s.get("start")),
            end: int(s.get("end")),
            holder,
            holder_name,
            polarity: text(s.get("polarity")).or_else(|| text(s.get("label"))),
            target: string(s.get("target")),
            cue: string(s.get("cue")),
            main_issue: s.get("main_issue").and_then(Value::as_bool),
        });
    }

    Ok(Extracted {
        doc_id,
        source: source.unwrap_or_default(),
        title: text(doc.get("title")),
        text: doc_text,
        outlet: text(doc.get("outlet")),
        url: text(doc.get("url")),
        published,
        month,
        language: text(doc.get("language")),
        schema_version: string(obj.get("schema_version")),
        words,
        sentences: sentences.len() as i64,
        reported,
        editorial,
        neutral,
        editorial_share,
        technique_marks: spans.len() as i64,
        techniques,
        technique_density,
        spans,
        technique_counts,
        sources,
        source_kinds,
        actors,
        stances,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(iso_date("2023-06-06").as_deref(), Some("2023-06-06"));
        assert_eq!(
            iso_date("2023-06-06T10:00:00Z").as_deref(),
            Some("2023-06-06")
        );
        assert_eq!(iso_date("2023-06").as_deref(), Some("2023-06"));
        assert_eq!(iso_date("2023-13-01"), None);
        assert_eq!(iso_date("6 June 2023"), None);
        assert_eq!(iso_date("2023-06-066"), None);
        assert_eq!(iso_date(""), None);
        assert_eq!(iso_date("٢٠٢٣-٠٦-٠٦"), None);
    }
}
