//! The document header: title, metadata list, notices (warnings, skipped
//! stages, annotations that cannot be highlighted) and counts.

use std::fmt::Write as _;

use super::escape::{escape_html, linkable_url};
use super::marks::LayerView;
use unspun_core::Document;

/// The `<header>`: title, metadata, notices and counts. `unplaced`
/// annotations could not be highlighted.
pub(super) fn write_header(
    out: &mut String,
    doc: &Document,
    layers: &[LayerView],
    unplaced: usize,
) {
    let meta = &doc.meta;
    out.push_str("<header class=\"doc-header\">\n<p class=\"kicker\">unspun report</p>\n");
    let title = meta
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let _ = writeln!(
        out,
        "<h1 class=\"title\">{}</h1>",
        escape_html(title.unwrap_or(if doc.id.is_empty() {
            "Untitled document"
        } else {
            &doc.id
        }))
    );

    out.push_str("<dl class=\"meta\">\n");
    let mut row = |key: &str, value: &str| {
        let _ = writeln!(out, "<dt>{key}</dt><dd>{value}</dd>");
    };
    if let Some(o) = meta.outlet.as_deref().filter(|s| !s.trim().is_empty()) {
        row("Outlet", &escape_html(o));
    }
    let authors: Vec<&str> = meta
        .authors
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .collect();
    if !authors.is_empty() {
        let key = if authors.len() == 1 {
            "Author"
        } else {
            "Authors"
        };
        row(key, &escape_html(&authors.join(", ")));
    }
    if let Some(p) = meta.published.as_deref().filter(|s| !s.trim().is_empty()) {
        row("Published", &escape_html(p));
    }
    if let Some(d) = &meta.dateline {
        let mut v = escape_html(d.text.trim());
        let parts: Vec<String> = [
            ("place", &d.place),
            ("agency", &d.agency),
            ("date", &d.date),
        ]
        .iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| format!("{k}: {}", escape_html(v))))
        .collect();
        if !parts.is_empty() {
            let _ = write!(v, " <span class=\"sub\">({})</span>", parts.join("; "));
        }
        row("Dateline", &v);
    }
    if let Some(l) = meta.language.as_deref().filter(|s| !s.trim().is_empty()) {
        row("Language", &escape_html(l));
    }
    if let Some(u) = meta.url.as_deref().filter(|s| !s.trim().is_empty()) {
        let v = match linkable_url(u) {
            Some(link) => format!(
                "<a href=\"{0}\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">{0}</a>",
                escape_html(link)
            ),
            None => escape_html(u),
        };
        row("URL", &v);
    }
    if !doc.id.is_empty() {
        row("Document", &escape_html(&doc.id));
    }
    if let Some(s) = doc.source.as_deref().filter(|s| !s.trim().is_empty()) {
        row("Source", &escape_html(s));
    }
    out.push_str("</dl>\n");

    let warnings: Vec<&String> = doc
        .warnings
        .iter()
        .filter(|w| !w.trim().is_empty())
        .collect();
    let skipped = crate::summary::skipped_stages(doc);
    if !warnings.is_empty() || !skipped.is_empty() || unplaced > 0 {
        out.push_str("<div class=\"notice\" role=\"note\">\n<strong>Please note</strong>\n<ul>\n");
        for w in warnings {
            let _ = writeln!(out, "<li>{}</li>", escape_html(w));
        }
        for (stage, reason) in skipped {
            let _ = writeln!(
                out,
                "<li>{}: not analysed, {}</li>",
                escape_html(stage),
                escape_html(reason)
            );
        }
        if unplaced > 0 {
            let _ = writeln!(
                out,
                "<li>{unplaced} annotation{} with an empty or out-of-range span cannot be highlighted; see the list at the end.</li>",
                if unplaced == 1 { "" } else { "s" }
            );
        }
        out.push_str("</ul>\n</div>\n");
    }

    let annotations: usize = layers.iter().map(|l| l.items.len()).sum();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let _ = writeln!(
        out,
        "<p class=\"stats\">{} · {} · {} · {} in {}</p>\n</header>",
        plural(doc.char_len(), "character", "characters"),
        plural(doc.paragraphs.len(), "paragraph", "paragraphs"),
        plural(doc.sentences.len(), "sentence", "sentences"),
        plural(annotations, "annotation", "annotations"),
        plural(layers.len(), "layer", "layers"),
    );
}

#[cfg(test)]
mod tests {
    use crate::html::render_html;
    use crate::html::testing::*;
    use unspun_core::{Dateline, Document, Span};

    #[test]
    fn skipped_stages_are_said_plainly() {
        let mut doc = Document::new("d", "Um texto <em> português.");
        doc.stage_runs.push(unspun_core::StageRun {
            stage: "techniques".into(),
            status: unspun_core::StageStatus::Skipped {
                reason: "language <pt>".into(),
            },
        });
        let page = render_html(&doc);
        assert!(
            page.contains("<li>techniques: not analysed, language &lt;pt&gt;</li>"),
            "{page}"
        );
    }

    #[test]
    fn metadata_header_and_safe_link() {
        let text = "WASHINGTON (Reuters) - Officials said on Monday.";
        let mut doc = Document::new("article-1", text);
        doc.source = Some("news/article-1.txt".into());
        doc.meta.title = Some("Officials speak".into());
        doc.meta.outlet = Some("Reuters".into());
        doc.meta.authors = vec!["Jane Roe".into(), "John Doe".into()];
        doc.meta.published = Some("2023-06-06".into());
        doc.meta.url = Some("https://example.com/a?b=1&c=2".into());
        doc.meta.language = Some("en".into());
        doc.meta.dateline = Some(Dateline {
            text: "WASHINGTON (Reuters) -".into(),
            span: Span::new(0, 22),
            place: Some("Washington".into()),
            agency: Some("Reuters".into()),
            date: None,
        });
        doc.warnings = vec!["decoded as Windows-1252".into()];
        doc.layers
            .push(layer("attributions", vec![ann(23, 32, "source")]));
        let html = render_html(&doc);
        assert_balanced(&html);
        for s in [
            "<h1 class=\"title\">Officials speak</h1>",
            "<dt>Outlet</dt><dd>Reuters</dd>",
            "<dt>Authors</dt><dd>Jane Roe, John Doe</dd>",
            "<dt>Published</dt><dd>2023-06-06</dd>",
            "place: Washington; agency: Reuters",
            "<dt>Language</dt><dd>en</dd>",
            "<dt>Document</dt><dd>article-1</dd>",
            "<dt>Source</dt><dd>news/article-1.txt</dd>",
            "decoded as Windows-1252",
            "<a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"noopener noreferrer nofollow\"",
            "<article class=\"text\" id=\"text\" lang=\"en\">",
            "Content-Security-Policy",
        ] {
            assert!(html.contains(s), "missing {s:?}");
        }
        // The dateline is highlighted (id 1: after the one attribution).
        let marked = marked_text(&html);
        assert_eq!(marked[&1], "WASHINGTON (Reuters) -");
        assert_eq!(marked[&0], "Officials");
        // Nothing is loaded from the network; the only http link is the URL.
        assert!(!html.contains("src=\"http"));
        assert!(!html.contains("src='http"));
        assert!(!html.contains("url(http"));
        assert_eq!(html.matches("href=\"http").count(), 1);
        assert!(!html.contains("<link"));
        assert!(!html.contains("<img"));
    }
}
