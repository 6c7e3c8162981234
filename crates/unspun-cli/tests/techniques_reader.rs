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

/// The technique marks of `text`'s record as (text, confidence, explanation).
fn marks(text: &str) -> Vec<(String, f64, String)> {
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
            let (s, e) = (
                t["start"].as_u64().unwrap() as usize,
                t["end"].as_u64().unwrap() as usize,
            );
            (
                chars[s..e].iter().collect(),
                t["confidence"].as_f64().unwrap(),
                t["explanation"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_example_articles_loaded_phrases_are_marked() {
    let shown: Vec<(String, f64, String)> = marks(EXAMPLE)
        .into_iter()
        .filter(|m| m.1 >= f64::from(unspun::techniques::DISPLAY_CONFIDENCE))
        .collect();
    let touched: Vec<&str> = LOADED
        .iter()
        .copied()
        .filter(|phrase| {
            shown
                .iter()
                .any(|(mark, ..)| mark.contains(phrase) || phrase.contains(mark.as_str()))
        })
        .collect();
    assert!(
        touched.len() >= MIN_TOUCHED,
        "{} of {} loaded phrases marked: {touched:?}; shown marks: {shown:#?}",
        touched.len(),
        LOADED.len()
    );
    for (mark, confidence, why) in &shown {
        assert!((0.0..=1.0).contains(confidence), "{mark}: {confidence}");
        assert!(
            !why.contains("just before") && !why.contains("the word \""),
            "{why}"
        );
        assert!(why.contains(": ") && why.ends_with('.'), "{why}");
    }
}

/// How many of [`LOADED`] the default tier must mark at the display
/// threshold.
const MIN_TOUCHED: usize = 5;

#[test]
fn a_neutral_wire_paragraph_gets_no_mark_in_the_report() {
    let all = marks(WIRE);
    let threshold = f64::from(unspun::techniques::DISPLAY_CONFIDENCE);
    let shown: Vec<_> = all.iter().filter(|m| m.1 >= threshold).collect();
    assert!(shown.is_empty(), "marks shown on neutral text: {shown:#?}");
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
