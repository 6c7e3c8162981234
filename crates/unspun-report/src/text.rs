//! The terminal report: the article sentence by sentence, each annotation
//! under the sentence where it starts, and a summary of every layer.
//! Colour only when asked for (the caller passes whether stdout is a TTY).

use std::fmt::Write;

use console::Style;
use unspun_core::{Annotation, Document};

use unspun_core::layers::{Entity, LayerItem, RECORD_LAYERS};

use crate::summary::{
    actors, decisions, portrayal_words, sentence_kinds, shown_as_marks, skipped_stages, sourcing,
};

/// Whether a layer's annotations are listed under the sentences (the
/// actors are shown as a table after the article instead).
fn listed_under_sentences(layer: &str) -> bool {
    shown_as_marks(layer) && layer != Entity::LAYER
}

/// How to lay out the report.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    /// Use ANSI colours and bold.
    pub color: bool,
    /// Wrap lines at this many columns.
    pub width: usize,
}

impl Default for TextOptions {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
        }
    }
}

struct Styles {
    title: Style,
    dim: Style,
    label: Style,
    warn: Style,
    mark: Style,
}

impl Styles {
    fn new(color: bool) -> Self {
        let s = |style: Style| style.force_styling(color);
        Self {
            title: s(Style::new().bold()),
            dim: s(Style::new().dim()),
            label: s(Style::new().cyan().bold()),
            warn: s(Style::new().yellow()),
            mark: s(Style::new().magenta()),
        }
    }
}

/// Renders the terminal report of `doc`.
pub fn render_text(doc: &Document, options: TextOptions) -> String {
    let st = Styles::new(options.color);
    let width = options.width.clamp(40, 200);
    let mut out = String::new();
    let rule = "─".repeat(width.min(80));
    let _ = writeln!(out, "{}", st.dim.apply_to(&rule));
    let title = doc.meta.title.as_deref().unwrap_or("(untitled)");
    let _ = writeln!(out, "{}", st.title.apply_to(one_line(title)));
    let _ = writeln!(out, "{}", st.dim.apply_to(facts_line(doc)));
    for warning in &doc.warnings {
        let _ = writeln!(
            out,
            "{}",
            st.warn.apply_to(format!("! {}", one_line(warning)))
        );
    }
    for (stage, reason) in skipped_stages(doc) {
        let _ = writeln!(
            out,
            "{}",
            st.warn
                .apply_to(format!("! {stage}: not analysed, {}", one_line(reason)))
        );
    }
    let _ = writeln!(out, "{}", st.dim.apply_to(&rule));

    let annotations = annotations_by_sentence(doc);
    let kinds = sentence_kinds(doc);
    let mut last_paragraph = usize::MAX;
    for (i, sentence) in doc.sentences.iter().enumerate() {
        if sentence.paragraph != last_paragraph {
            out.push('\n');
            last_paragraph = sentence.paragraph;
        }
        let prefix = match kinds.get(i).copied().flatten() {
            Some(kind) => format!("[{} {}] ", i + 1, one_line(kind)),
            None => format!("[{}] ", i + 1),
        };
        let text = one_line(doc.slice(sentence.span));
        wrap_into(&mut out, &prefix, &text, width, &st.dim);
        for (layer, a) in &annotations[i] {
            let mut line = format!("{} {}", a.label, layer);
            if let Some(c) = a.confidence {
                let _ = write!(line, " {:.0}%", c * 100.0);
            }
            let quoted = format!("«{}»", one_line(doc.slice(a.span)));
            let arrow = format!("      {} ", st.mark.apply_to("↳"));
            let body = format!("{} {}", st.label.apply_to(line), quoted);
            wrap_into(&mut out, &arrow, &body, width, &Style::new());
            if let Some(e) = &a.explanation {
                wrap_into(&mut out, "        ", &one_line(e), width, &st.dim);
            }
        }
    }
    if doc.sentences.is_empty() {
        out.push('\n');
        wrap_into(&mut out, "", &one_line(doc.text()), width, &st.dim);
    }

    write_sources(&mut out, doc, &st, &rule, width);
    write_actors(&mut out, doc, &st, &rule);
    write_decisions(&mut out, doc, &st, width);

    out.push('\n');
    let _ = writeln!(out, "{}", st.dim.apply_to(&rule));
    let _ = writeln!(out, "{}", st.title.apply_to("Layers"));
    for name in RECORD_LAYERS.map(|l| l.name) {
        let status = match doc.layer(name) {
            None => "not analysed".to_string(),
            Some(l) if l.annotations.is_empty() => "none found".to_string(),
            Some(l) => format!("{}", l.annotations.len()),
        };
        let _ = writeln!(out, "  {:<18}{}", name, status);
    }
    for layer in doc
        .layers
        .iter()
        .filter(|l| !RECORD_LAYERS.iter().any(|r| r.name == l.name))
    {
        let _ = writeln!(out, "  {:<18}{}", layer.name, layer.annotations.len());
    }
    out
}

/// The sources of the article, by kind, with what each said.
fn write_sources(out: &mut String, doc: &Document, st: &Styles, rule: &str, width: usize) {
    let Some(summary) = sourcing(doc) else {
        return;
    };
    out.push('\n');
    let _ = writeln!(out, "{}", st.dim.apply_to(rule));
    let _ = writeln!(out, "{}", st.title.apply_to("Sources"));
    wrap_into(out, "  ", &one_line(&summary.overview), width, &st.dim);
    for source in &summary.sources {
        let head = format!("  {} ({})", one_line(&source.name), source.kind.as_str());
        let _ = writeln!(out, "{}", st.label.apply_to(head));
        for said in &source.said {
            let quoted: String = one_line(said).chars().take(300).collect();
            wrap_into(out, "      «", &format!("{quoted}»"), width, &st.dim);
        }
    }
}

/// The table of actors: type, country, mentions, portrayal, stances.
fn write_actors(out: &mut String, doc: &Document, st: &Styles, rule: &str) {
    let rows = actors(doc);
    if rows.is_empty() {
        return;
    }
    out.push('\n');
    let _ = writeln!(out, "{}", st.dim.apply_to(rule));
    let _ = writeln!(out, "{}", st.title.apply_to("Actors"));
    let name_width = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, 28);
    let _ = writeln!(
        out,
        "{}",
        st.dim.apply_to(format!(
            "  {:<name_width$}  {:<12}  {:<14}  {:>8}  {:<15}  stance",
            "actor", "type", "country", "mentions", "portrayal"
        ))
    );
    for row in rows {
        let name: String = one_line(&row.name).chars().take(name_width).collect();
        let country: String = row
            .country
            .as_deref()
            .map(one_line)
            .unwrap_or_else(|| "–".into())
            .chars()
            .take(14)
            .collect();
        let portrayal = row
            .portrayal
            .map_or_else(|| "–".to_string(), portrayal_words);
        let stance = row
            .stances
            .iter()
            .map(|(polarity, target)| format!("{polarity}: {}", one_line(target)))
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(
            out,
            "  {:<name_width$}  {:<12}  {:<14}  {:>8}  {:<15}  {}",
            name,
            one_line(&row.kind),
            country,
            row.mentions,
            portrayal,
            if stance.is_empty() {
                "–".to_string()
            } else {
                stance
            }
        );
    }
}

/// The decision verdicts, each with its explanation.
fn write_decisions(out: &mut String, doc: &Document, st: &Styles, width: usize) {
    let rows = decisions(doc);
    if rows.is_empty() {
        return;
    }
    out.push('\n');
    let _ = writeln!(out, "{}", st.title.apply_to("Decisions"));
    for row in rows {
        let head = format!(
            "  {} ({}) on {}: ",
            one_line(&row.body),
            one_line(&row.rule),
            one_line(&row.proposal)
        );
        let _ = writeln!(
            out,
            "{}{}",
            head,
            st.label.apply_to(one_line(&row.outcome).to_uppercase())
        );
        if !row.explanation.is_empty() {
            wrap_into(out, "    ", &one_line(&row.explanation), width, &st.dim);
        }
    }
}

/// One line of facts about the document: id, outlet, date, dateline, size.
fn facts_line(doc: &Document) -> String {
    let m = &doc.meta;
    let mut facts = vec![doc.id.clone()];
    facts.extend(m.outlet.clone());
    if !m.authors.is_empty() {
        facts.push(format!("by {}", m.authors.join(", ")));
    }
    facts.extend(m.published.clone());
    if let Some(d) = &m.dateline {
        let mut place = d.place.clone().unwrap_or_default();
        if let Some(agency) = &d.agency {
            place = format!("{place} ({agency})");
        }
        facts.push(format!("dateline {}", place.trim()));
    }
    facts.extend(m.language.clone());
    facts.push(format!(
        "{} paragraphs, {} sentences, {} tokens",
        doc.paragraphs.len(),
        doc.sentences.len(),
        doc.tokens.len()
    ));
    one_line(&facts.join(" · "))
}

/// Annotations of every layer grouped by the sentence in which they start.
fn annotations_by_sentence(doc: &Document) -> Vec<Vec<(&str, &Annotation)>> {
    let mut grouped: Vec<Vec<(&str, &Annotation)>> = vec![Vec::new(); doc.sentences.len()];
    if grouped.is_empty() {
        return grouped;
    }
    for layer in doc
        .layers
        .iter()
        .filter(|l| listed_under_sentences(&l.name))
    {
        for a in &layer.annotations {
            let i = doc
                .sentences
                .partition_point(|s| s.span.end <= a.span.start)
                .min(grouped.len() - 1);
            grouped[i].push((&layer.name, a));
        }
    }
    for g in &mut grouped {
        g.sort_by_key(|(_, a)| (a.span.start, a.span.end));
    }
    grouped
}

/// Text with control characters and line breaks turned into spaces, so
/// that untrusted text cannot move the cursor or forge report lines.
fn one_line(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            if !space {
                s.push(' ');
            }
            space = true;
        } else {
            s.push(c);
            space = false;
        }
    }
    s.trim().to_string()
}

/// Appends `text` word-wrapped at `width` columns, the first line after
/// `prefix` (dimmed) and the rest indented to match.
fn wrap_into(out: &mut String, prefix: &str, text: &str, width: usize, prefix_style: &Style) {
    let indent = console::measure_text_width(prefix);
    let avail = width.saturating_sub(indent).max(20);
    let mut line_len = 0;
    let _ = write!(out, "{}", prefix_style.apply_to(prefix));
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = console::measure_text_width(word);
        if line_len > 0 && line_len + 1 + len > avail {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            line_len = 0;
        }
        if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use unspun_core::{Paragraph, Sentence, Span};

    fn sample() -> Document {
        let mut doc = Document::new("a1", "Head\n\nA “pawn” of Beijing. Next\u{1b}[31m one.");
        doc.meta.title = Some("Head".into());
        doc.meta.outlet = Some("Daily".into());
        doc.paragraphs = vec![
            Paragraph {
                span: Span::new(0, 4),
            },
            Paragraph {
                span: Span::new(6, 43),
            },
        ];
        doc.sentences = vec![
            Sentence {
                span: Span::new(0, 4),
                paragraph: 0,
                first_token: 0,
                end_token: 0,
            },
            Sentence {
                span: Span::new(6, 27),
                paragraph: 1,
                first_token: 0,
                end_token: 0,
            },
            Sentence {
                span: Span::new(28, 43),
                paragraph: 1,
                first_token: 0,
                end_token: 0,
            },
        ];
        doc.layer_mut("techniques").push(
            Annotation::new(Span::new(8, 14), "Name_Calling,Labeling")
                .with_confidence(0.8)
                .with_explanation("Calls a country a pawn."),
        );
        doc
    }

    #[test]
    fn report_lists_sentences_and_marks() {
        let report = render_text(&sample(), TextOptions::default());
        assert!(report.contains("[2] A “pawn” of Beijing."));
        assert!(report.contains("Name_Calling,Labeling techniques 80% «“pawn”»"));
        assert!(report.contains("Calls a country a pawn."));
        assert!(report.contains("Daily"));
        assert!(report.contains("techniques        1"));
        assert!(report.contains("entities          not analysed"));
    }

    #[test]
    fn no_colour_and_no_control_characters_when_plain() {
        let report = render_text(&sample(), TextOptions::default());
        assert!(
            !report.contains('\u{1b}'),
            "escape codes must not pass through: {report}"
        );
        let coloured = render_text(
            &sample(),
            TextOptions {
                color: true,
                width: 80,
            },
        );
        assert!(coloured.contains("\u{1b}["));
    }

    #[test]
    fn wraps_long_sentences() {
        let mut doc = Document::new("w", "word ".repeat(100));
        doc.sentences = vec![Sentence {
            span: Span::new(0, 499),
            paragraph: 0,
            first_token: 0,
            end_token: 0,
        }];
        let report = render_text(
            &doc,
            TextOptions {
                color: false,
                width: 60,
            },
        );
        assert!(report.lines().all(|l| l.chars().count() <= 80), "{report}");
    }

    #[test]
    fn skipped_stages_are_said_plainly() {
        let mut doc = sample();
        doc.stage_runs.push(unspun_core::StageRun {
            stage: "sourcing".into(),
            status: unspun_core::StageStatus::Skipped {
                reason: "language pt".into(),
            },
        });
        let report = render_text(&doc, TextOptions::default());
        assert!(
            report.contains("! sourcing: not analysed, language pt"),
            "{report}"
        );
    }

    #[test]
    fn actors_and_decisions_tables() {
        let mut doc = sample();
        doc.layer_mut("entities").push(
            Annotation::new(Span::new(15, 22), "country")
                .with_attribute("id", "e1")
                .with_attribute("name", "China")
                .with_attribute("country", "China")
                .with_attribute("portrayal", serde_json::json!({"score": -0.4})),
        );
        doc.layer_mut("stances").push(
            Annotation::new(Span::new(6, 27), "oppose")
                .with_attribute("holder", "e1")
                .with_attribute("target", "the office"),
        );
        doc.layer_mut("decisions").push(
            Annotation::new(Span::new(6, 27), "blocked")
                .with_explanation("blocked: China opposes; consensus")
                .with_attribute("body", "Council")
                .with_attribute("rule", "consensus")
                .with_attribute("proposal", "the office")
                .with_attribute("outcome", "blocked"),
        );
        let report = render_text(&doc, TextOptions::default());
        let row = report
            .lines()
            .find(|l| l.trim_start().starts_with("China"))
            .expect("actor row");
        assert!(
            row.contains("country")
                && row.contains("-0.40 negative")
                && row.contains("oppose: the office"),
            "{row}"
        );
        assert!(report.contains("Council (consensus) on the office: BLOCKED"));
        assert!(report.contains("blocked: China opposes; consensus"));
    }

    #[test]
    fn unsegmented_document_still_shows_text() {
        let report = render_text(&Document::new("x", "Just text."), TextOptions::default());
        assert!(report.contains("Just text."));
    }
}
