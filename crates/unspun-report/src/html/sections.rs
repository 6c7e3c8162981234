//! The article-level summary sections: sources, then actors and decisions.

use std::fmt::Write as _;

use super::escape::{css_word, escape_html};
use super::format::truncate_chars;
use crate::summary;
use unspun_core::Document;

/// The sources section, then the decision verdicts and the table of actors,
/// when the document has those summaries.
pub(super) fn write_summary(out: &mut String, doc: &Document) {
    let verdicts = summary::decisions(doc);
    let rows = summary::actors(doc);
    let sourcing = summary::sourcing(doc);
    if verdicts.is_empty() && rows.is_empty() && sourcing.is_none() {
        return;
    }
    if let Some(sourcing) = &sourcing {
        out.push_str("<section class=\"summary sources\" aria-labelledby=\"sources-h\">\n<h2 id=\"sources-h\">Sources</h2>\n");
        let _ = writeln!(
            out,
            "<p class=\"overview\">{}</p>",
            escape_html(&sourcing.overview)
        );
        if !sourcing.sources.is_empty() {
            out.push_str("<ul class=\"source-list\">\n");
            for src in &sourcing.sources {
                let _ = write!(
                    out,
                    "<li><strong>{}</strong> <span class=\"source-kind kind-{}\">{}</span>",
                    escape_html(&src.name),
                    escape_html(&css_word(src.kind.as_str())),
                    escape_html(src.kind.as_str())
                );
                for said in &src.said {
                    let _ = write!(
                        out,
                        "<span class=\"said\">{}</span>",
                        escape_html(&truncate_chars(said, 300))
                    );
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }
    if verdicts.is_empty() && rows.is_empty() {
        return;
    }
    out.push_str("<section class=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Actors and decisions</h2>\n");
    for v in &verdicts {
        let _ = writeln!(
            out,
            "<div class=\"verdict verdict-{}\"><p><strong>{}</strong> ({}) on <em>{}</em>: <strong class=\"outcome\">{}</strong></p><p>{}</p></div>",
            escape_html(&css_word(&v.outcome)),
            escape_html(&v.body),
            escape_html(&v.rule),
            escape_html(&v.proposal),
            escape_html(&v.outcome),
            escape_html(&v.explanation)
        );
    }
    if !rows.is_empty() {
        out.push_str(
            "<div class=\"table-wrap\"><table class=\"actors\">\n<thead><tr><th scope=\"col\">Actor</th><th scope=\"col\">Type</th>\
             <th scope=\"col\">Country</th><th scope=\"col\">Mentions</th><th scope=\"col\">Portrayal</th><th scope=\"col\">Stance</th></tr></thead>\n<tbody>\n",
        );
        for r in &rows {
            let portrayal = r
                .portrayal
                .map_or_else(|| "–".to_string(), summary::portrayal_words);
            let tone = match r.portrayal {
                Some(p) if p <= -0.1 => "neg",
                Some(p) if p >= 0.1 => "pos",
                _ => "neu",
            };
            let stances = if r.stances.is_empty() {
                "–".to_string()
            } else {
                r.stances
                    .iter()
                    .map(|(polarity, target)| {
                        format!(
                            "<span class=\"stance stance-{}\">{}</span> {}",
                            escape_html(&css_word(polarity)),
                            escape_html(polarity),
                            escape_html(target)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"tone-{}\">{}</td><td>{}</td></tr>",
                escape_html(&r.name),
                escape_html(&r.kind),
                escape_html(r.country.as_deref().unwrap_or("–")),
                r.mentions,
                tone,
                escape_html(&portrayal),
                stances
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use crate::html::render_html;
    use unspun_core::{Annotation, Document, Span};

    #[test]
    fn sources_section_lists_each_source_escaped() {
        let mut doc = Document::new("d", "Analysts warn of war.");
        doc.summary.sourcing = Some(unspun_core::SourcingSummary {
            overview: "0% editorial; 1 source: 1 vague".into(),
            sources: vec![unspun_core::summary::SourceEntry {
                name: "<i>Analysts</i>".into(),
                kind: unspun_core::layers::SourceKind::Vague,
                attributions: vec![0],
                said: vec!["of war".into()],
            }],
            ..Default::default()
        });
        let page = render_html(&doc);
        assert!(page.contains("<h2 id=\"sources-h\">Sources</h2>"));
        assert!(page.contains("0% editorial; 1 source: 1 vague"));
        assert!(page.contains("<strong>&lt;i&gt;Analysts&lt;/i&gt;</strong>"));
        assert!(page.contains("<span class=\"said\">of war</span>"));
        // An article-level summary is not drawn as a mark in the text.
        assert!(!page.contains("sourcing_summary"));
        assert!(!page.contains("cannot be highlighted"));
    }

    #[test]
    fn actors_table_and_verdict_are_escaped() {
        let mut doc = Document::new("d", "<b>Evil</b> opposes the office.");
        doc.layer_mut("entities").push(
            Annotation::new(Span::new(0, 11), "person")
                .with_attribute("id", "e1")
                .with_attribute("name", "<b>Evil</b>")
                .with_attribute("portrayal", serde_json::json!({"score": -0.5})),
        );
        doc.layer_mut("stances").push(
            Annotation::new(Span::new(0, 30), "oppose")
                .with_attribute("holder", "e1")
                .with_attribute("target", "the \"office\""),
        );
        doc.layer_mut("decisions").push(
            Annotation::new(Span::new(0, 30), "blocked")
                .with_explanation("blocked: <script>x</script>")
                .with_attribute("body", "Council")
                .with_attribute("rule", "consensus")
                .with_attribute("proposal", "the office")
                .with_attribute("outcome", "blocked"),
        );
        let page = render_html(&doc);
        assert!(page.contains("Actors and decisions"));
        assert!(page.contains("<th scope=\"row\">&lt;b&gt;Evil&lt;/b&gt;</th>"));
        assert!(page.contains("class=\"tone-neg\">-0.50 negative"));
        assert!(page.contains("stance-oppose"));
        assert!(page.contains("blocked: &lt;script&gt;x&lt;/script&gt;"));
        assert!(!page.contains("<b>Evil</b>"));
        assert!(!page.contains("<script>x</script>"));
    }
}
