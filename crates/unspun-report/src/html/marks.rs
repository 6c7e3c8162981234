//! The page's model: each layer as shown (its colour, labels and
//! annotations, with their spans converted to byte ranges of the text) and
//! the highlights to draw.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::colours::{assign_colours, DATELINE_COLOUR};
use super::escape::escape_html;
use super::format::{percent, truncate_chars};
use unspun_core::{Annotation, Document};

/// Longest tooltip, in characters.
const TITLE_CHARS: usize = 300;

/// One layer as shown: its colour, labels and annotations.
pub(super) struct LayerView<'a> {
    pub(super) name: &'a str,
    pub(super) colour: usize,
    pub(super) labels: Vec<LabelView<'a>>,
    pub(super) items: Vec<Item<'a>>,
}

/// One label of a layer.
pub(super) struct LabelView<'a> {
    pub(super) name: &'a str,
    pub(super) colour: usize,
    pub(super) count: usize,
}

/// One annotation with its page-wide id and where it lies in the text.
pub(super) struct Item<'a> {
    pub(super) id: usize,
    pub(super) ann: &'a Annotation,
    pub(super) label: usize,
    /// Code-point range, clamped to the text; `None` when empty.
    pub(super) chars: Option<(usize, usize)>,
    /// Byte range matching `chars`.
    pub(super) bytes: (usize, usize),
}

/// A highlight to draw: one annotation with a non-empty range.
pub(super) struct Mark {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) id: usize,
    pub(super) layer: usize,
    pub(super) colour: usize,
    /// Tooltip, already escaped.
    pub(super) title: String,
}

/// The dateline as an annotation of its own pseudo-layer.
pub(super) fn dateline_annotation(d: &unspun_core::Dateline) -> Annotation {
    let mut ann = Annotation::new(d.span, "dateline").with_explanation(
        "Dateline: where (and, when given, by which agency and on which date) the story was filed.",
    );
    if let Some(p) = &d.place {
        ann = ann.with_attribute("place", p.as_str());
    }
    if let Some(a) = &d.agency {
        ann = ann.with_attribute("agency", a.as_str());
    }
    if let Some(date) = &d.date {
        ann = ann.with_attribute("date", date.as_str());
    }
    ann
}

/// The layers shown as marks, then the dateline's pseudo-layer; every
/// annotation gets the next page-wide id.
pub(super) fn build_layers<'a>(
    doc: &'a Document,
    dateline: Option<&'a Annotation>,
) -> Vec<LayerView<'a>> {
    let text = doc.text();
    let char_len = doc.char_len();
    let offsets = doc.offsets();
    let marked = || {
        doc.layers
            .iter()
            .filter(|l| crate::summary::shown_as_marks(&l.name))
    };
    let layer_colours = assign_colours(marked().map(|l| l.name.as_str()));

    let mut sources: Vec<(&str, &[Annotation], Option<usize>)> = marked()
        .map(|l| (l.name.as_str(), l.annotations.as_slice(), None))
        .collect();
    if let Some(d) = dateline {
        sources.push(("dateline", std::slice::from_ref(d), Some(DATELINE_COLOUR)));
    }

    let mut next_id = 0;
    let mut views = Vec::with_capacity(sources.len());
    for (name, annotations, fixed) in sources {
        let label_colours = match fixed {
            Some(c) => annotations.iter().map(|a| (a.label.as_str(), c)).collect(),
            None => assign_colours(annotations.iter().map(|a| a.label.as_str())),
        };
        let mut labels: Vec<LabelView> = Vec::new();
        let mut label_index: HashMap<&str, usize> = HashMap::new();
        let mut items = Vec::with_capacity(annotations.len());
        for ann in annotations {
            let label = *label_index.entry(ann.label.as_str()).or_insert_with(|| {
                labels.push(LabelView {
                    name: &ann.label,
                    colour: label_colours[ann.label.as_str()],
                    count: 0,
                });
                labels.len() - 1
            });
            labels[label].count += 1;
            let start = ann.span.start.min(char_len);
            let end = ann.span.end.min(char_len);
            let (chars, bytes) = if start < end {
                let bytes = (offsets.to_byte(text, start), offsets.to_byte(text, end));
                (Some((start, end)), bytes)
            } else {
                (None, (0, 0))
            };
            items.push(Item {
                id: next_id,
                ann,
                label,
                chars,
                bytes,
            });
            next_id += 1;
        }
        views.push(LayerView {
            name,
            colour: fixed.unwrap_or_else(|| layer_colours[name]),
            labels,
            items,
        });
    }
    views
}

/// The annotations with a non-empty range, sorted by start.
pub(super) fn build_marks(layers: &[LayerView]) -> Vec<Mark> {
    let mut marks = Vec::new();
    for (li, layer) in layers.iter().enumerate() {
        for item in &layer.items {
            if item.chars.is_none() {
                continue;
            }
            let label = &layer.labels[item.label];
            marks.push(Mark {
                start: item.bytes.0,
                end: item.bytes.1,
                id: item.id,
                layer: li,
                colour: label.colour,
                title: escape_html(&tooltip(layer.name, item.ann)),
            });
        }
    }
    marks.sort_by_key(|m| (m.start, m.id));
    marks
}

fn tooltip(layer: &str, ann: &Annotation) -> String {
    let mut t = format!("{layer}: {}", ann.label);
    if let Some(p) = ann.confidence.and_then(percent) {
        let _ = write!(t, " ({p})");
    }
    if let Some(e) = &ann.explanation {
        if !e.trim().is_empty() {
            t.push_str(" — ");
            t.push_str(e.trim());
        }
    }
    truncate_chars(&t, TITLE_CHARS).into_owned()
}

#[cfg(test)]
mod tests {
    use crate::html::render_html;
    use crate::html::testing::*;
    use unspun_core::{Annotation, Dateline, Document, Span};

    #[test]
    fn unicode_spans_land_on_the_right_characters() {
        let text = "“Quote” — 東京 office. 日本語のテキストです。";
        let mut doc = Document::new("d", text);
        let jp = text.chars().position(|c| c == '日').unwrap();
        doc.layers.push(layer(
            "techniques",
            vec![
                ann(0, 7, "Quote"),
                ann(8, 9, "Dash"),
                ann(10, 12, "Place"),
                ann(jp, jp + 3, "JP"),
            ],
        ));
        doc.layers.push(layer(
            "entities",
            vec![ann(1, 6, "Inner"), ann(10, 19, "Longer")],
        ));
        let html = render_html(&doc);
        assert_balanced(&html);
        let marked = marked_text(&html);
        assert_eq!(marked[&0], "“Quote”");
        assert_eq!(marked[&1], "—");
        assert_eq!(marked[&2], "東京");
        assert_eq!(marked[&3], "日本語");
        assert_eq!(marked[&4], "Quote");
        assert_eq!(marked[&5], "東京 office");
        assert_eq!(article_text(&html), text);
        // The list quotes the same text.
        assert!(html.contains("<blockquote class=\"ann-text c"));
        assert!(html.contains(">東京</blockquote>"));
    }

    #[test]
    fn bad_spans_do_not_panic() {
        let text = "Short text here.";
        let mut doc = Document::new("d", text);
        doc.paragraphs = vec![para(5, 3), para(0, 100), para(50, 60), para(2, 8)];
        doc.sentences = vec![
            sentence(0, 6, 0),
            sentence(4, 11, 0),
            sentence(11, 11, 0),
            sentence(30, 40, 0),
        ];
        doc.meta.dateline = Some(Dateline {
            text: "far away".into(),
            span: Span::new(500, 510),
            place: None,
            agency: None,
            date: None,
        });
        doc.layers.push(layer(
            "techniques",
            vec![
                ann(5, 5, "Empty"),
                ann(100, 200, "Outside"),
                ann(6, 1000, "Clamped"),
                Annotation {
                    span: Span { start: 10, end: 2 },
                    ..ann(0, 0, "Backwards")
                },
                ann(0, 16, "Whole").with_confidence(f32::NAN),
            ],
        ));
        doc.layers.push(layer("empty", vec![]));
        let html = render_html(&doc);
        assert_balanced(&html);
        assert_eq!(article_text(&html), text);
        let marked = marked_text(&html);
        assert_eq!(marked[&2], "text here.");
        assert_eq!(marked[&4], text);
        assert!(!marked.contains_key(&0) && !marked.contains_key(&1) && !marked.contains_key(&3));
        // Unplaceable annotations (three, plus the dateline) are reported.
        assert!(html.contains("4 annotations with an empty or out-of-range span"));
        assert!(html.contains("nothing found"));
    }
}
