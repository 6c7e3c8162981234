//! The default tier on text as a reader meets it: the bundled example
//! article's loaded phrases are marked, with plain explanations, and a
//! neutral wire-service paragraph gets no mark in the reader's report.

mod common;

use common::{unspun, write};
use serde_json::Value;

/// The bundled example: a propaganda-style article.
const EXAMPLE: &str = include_str!("../../../examples/nato-tokyo-office.txt");

/// A plain wire-service paragraph (written for this test): figures,
/// attributions and no verdicts.
const WIRE: &str = "Oil prices edge higher as traders weigh supply outlook\n\n\
LONDON, March 21 (Reuters) - Oil prices rose slightly on Thursday as traders weighed signs of \
tighter supply against concerns about demand in China, the world's largest crude importer. \
Brent crude futures rose 32 cents, or 0.4%, to $86.27 a barrel by 0930 GMT. U.S. West Texas \
Intermediate crude futures gained 28 cents, or 0.3%, to $81.55. The U.S. Energy Information \
Administration said on Wednesday that crude inventories fell by 2 million barrels last week, \
compared with analysts' expectations for a rise of 1.3 million barrels. The Organization of the \
Petroleum Exporting Countries and its allies are due to meet in early June to review output \
policy.\n";

/// The phrases of the example a careful reader marks as the outlet's or a
/// speaker's loaded wording.
const LOADED: &[&str] = &[
    "humiliation",
    "pawn",
    "great-power game",
    "beholden",
    "courted so eagerly",
    "military bloc",
    "stir up confrontation",
    "worst possible moment",
    "made its point loudly",
    "eastward march",
    "fall under Beijing’s shadow",
    "Either the alliance stands together",
    "embolden China",
    "warships are circling Taiwan",
    "Beijing cheers",
    "in limbo",
];

/// A technique mark: its code-point span, text, confidence, explanation.
struct Mark {
    start: usize,
    end: usize,
    text: String,
    confidence: f64,
    explanation: String,
}

/// The technique marks of `text`'s record (the default tier).
fn marks(text: &str) -> Vec<Mark> {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", text);
    let run = unspun(&["analyze", &path, "--format", "json"]);
    run.expect_code(0);
    let record: Value = run.json();
    let chars: Vec<char> = record["document"]["text"]
        .as_str()
        .unwrap()
        .chars()
        .collect();
    record["techniques"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let (start, end) = (
                t["start"].as_u64().unwrap() as usize,
                t["end"].as_u64().unwrap() as usize,
            );
            Mark {
                start,
                end,
                text: chars[start..end].iter().collect(),
                confidence: t["confidence"].as_f64().unwrap(),
                explanation: t["explanation"].as_str().unwrap().to_string(),
            }
        })
        .collect()
}

/// The code-point span of `phrase` in `text`.
fn span_of(text: &str, phrase: &str) -> (usize, usize) {
    let byte = text
        .find(phrase)
        .unwrap_or_else(|| panic!("{phrase} in the text"));
    let start = text[..byte].chars().count();
    (start, start + phrase.chars().count())
}

/// The phrases of [`LOADED`] that some mark overlaps.
fn touched<'a>(marks: &[&Mark]) -> Vec<&'a str> {
    LOADED
        .iter()
        .copied()
        .filter(|phrase| {
            let (s, e) = span_of(EXAMPLE, phrase);
            marks.iter().any(|m| m.start < e && s < m.end)
        })
        .collect()
}

/// How many of [`LOADED`] the default tier's marks must touch (measured
/// with the issue-12 models: 4 of 16, against 1 before; the fast tier
/// touches 7). A floor against regressions, not the goal.
const MIN_TOUCHED: usize = 4;

#[test]
fn the_example_articles_loaded_phrases_are_marked() {
    let all = marks(EXAMPLE);
    let every: Vec<&Mark> = all.iter().collect();
    let found = touched(&every);
    let listing: Vec<(&str, f64)> = all
        .iter()
        .map(|m| (m.text.as_str(), m.confidence))
        .collect();
    assert!(
        found.len() >= MIN_TOUCHED,
        "{} of {} loaded phrases marked: {found:?}; marks: {listing:?}",
        found.len(),
        LOADED.len()
    );
    // The surest mark is shown in the reader's report.
    let threshold = f64::from(unspun::techniques::DISPLAY_CONFIDENCE);
    let shown: Vec<&Mark> = all.iter().filter(|m| m.confidence >= threshold).collect();
    assert!(
        touched(&shown).contains(&"humiliation"),
        "shown: {listing:?}"
    );
    for m in &all {
        assert!(
            (0.0..=1.0).contains(&m.confidence),
            "{}: {}",
            m.text,
            m.confidence
        );
        let why = &m.explanation;
        assert!(
            !why.contains("just before") && !why.contains("the word \""),
            "{why}"
        );
        assert!(why.contains(": ") && why.ends_with('.'), "{why}");
    }
}

#[test]
fn a_neutral_wire_paragraph_gets_no_mark_in_the_report() {
    let all = marks(WIRE);
    let threshold = f64::from(unspun::techniques::DISPLAY_CONFIDENCE);
    let shown: Vec<&str> = all
        .iter()
        .filter(|m| m.confidence >= threshold)
        .map(|m| m.text.as_str())
        .collect();
    assert!(shown.is_empty(), "marks shown on neutral text: {shown:?}");
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "wire.txt", WIRE);
    let report = unspun(&["analyze", &path]);
    report.expect_code(0);
    let technique_lines: Vec<&str> = report
        .stdout
        .lines()
        .filter(|l| l.contains('↳') && l.contains(" techniques "))
        .collect();
    assert!(technique_lines.is_empty(), "{}", report.stdout);
}
