//! The list of all annotations at the end of the page, and the details
//! panel beside the text (filled in by the script).

use std::borrow::Cow;
use std::fmt::Write as _;

use super::escape::escape_html;
use super::format::{abbreviate, percent, truncate_chars};
use super::marks::{Item, LayerView};
use serde_json::Value;
use unspun_core::Document;

/// Longest attribute value shown in the annotation list, in characters.
const ATTRIBUTE_CHARS: usize = 600;
/// Marked text longer than this is shown abbreviated in the list.
const QUOTE_HEAD: usize = 320;
const QUOTE_TAIL: usize = 80;

/// The section listing every annotation by layer; `shown[id]` tells
/// whether annotation `id` is highlighted in the text (and can be linked).
pub(super) fn write_annotation_list(
    out: &mut String,
    doc: &Document,
    layers: &[LayerView],
    shown: &[bool],
) {
    let total: usize = layers.iter().map(|l| l.items.len()).sum();
    if total == 0 {
        return;
    }
    out.push_str(
        "<section class=\"annotations\" id=\"annotations\" aria-labelledby=\"ann-h\">\n\
         <h2 id=\"ann-h\">All annotations</h2>\n",
    );
    for (li, layer) in layers.iter().enumerate() {
        if layer.items.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<details class=\"ann-layer\"><summary><span class=\"layer-chip lc{}\"></span>{} \
             <span class=\"count\">{}</span></summary>\n<ol class=\"ann-list\">",
            layer.colour,
            escape_html(layer.name),
            layer.items.len()
        );
        for item in &layer.items {
            write_item(
                out,
                doc,
                layer,
                li,
                item,
                shown.get(item.id).copied().unwrap_or(false),
            );
        }
        out.push_str("</ol></details>\n");
    }
    out.push_str("</section>\n");
}

/// One entry of the list.
fn write_item(
    out: &mut String,
    doc: &Document,
    layer: &LayerView,
    li: usize,
    item: &Item,
    shown: bool,
) {
    let ann = item.ann;
    let label = &layer.labels[item.label];
    let _ = write!(
        out,
        "<li class=\"ann\" id=\"ann-{}\"><div class=\"ann-head\"><span class=\"ann-layer-name\">\
         <span class=\"layer-chip lc{}\"></span>{}</span><span class=\"ann-label\">\
         <span class=\"sw c{} y{}\"></span>{}</span>",
        item.id,
        layer.colour,
        escape_html(layer.name),
        label.colour,
        li % 4,
        escape_html(label.name)
    );
    if let Some(p) = ann.confidence.and_then(percent) {
        let _ = write!(out, "<span class=\"conf\">{p} confidence</span>");
    }
    out.push_str("</div>");
    match item.chars {
        Some(_) => {
            let quote = &doc.text()[item.bytes.0..item.bytes.1];
            let _ = write!(
                out,
                "<blockquote class=\"ann-text c{}\">{}</blockquote>",
                label.colour,
                escape_html(&abbreviate(quote, QUOTE_HEAD, QUOTE_TAIL))
            );
        }
        None => {
            let _ = write!(
                out,
                "<p class=\"ann-missing\">Its span ({}–{}) is empty or lies outside the text \
                 ({} characters).</p>",
                ann.span.start,
                ann.span.end,
                doc.char_len()
            );
        }
    }
    if let Some(e) = ann.explanation.as_deref().filter(|e| !e.trim().is_empty()) {
        let _ = write!(out, "<p class=\"ann-expl\">{}</p>", escape_html(e.trim()));
    }
    if !ann.attributes.is_empty() {
        out.push_str("<ul class=\"ann-attrs\">");
        for (k, v) in &ann.attributes {
            let value: Cow<str> = match v {
                Value::String(s) => Cow::Borrowed(s),
                other => Cow::Owned(other.to_string()),
            };
            let _ = write!(
                out,
                "<li><span class=\"k\">{}</span>: <span class=\"v\">{}</span></li>",
                escape_html(k),
                escape_html(&truncate_chars(&value, ATTRIBUTE_CHARS))
            );
        }
        out.push_str("</ul>");
    }
    if let Some((s, e)) = item.chars {
        let _ = write!(out, "<p class=\"ann-pos\">Characters {s}–{e}");
        if shown {
            let _ = write!(out, " · <a href=\"#m-{}\">show in text</a>", item.id);
        }
        out.push_str("</p>");
    }
    out.push_str("</li>\n");
}

/// The details panel, empty until the script fills it.
pub(super) fn write_panel(out: &mut String) {
    out.push_str(
        "<aside class=\"panel\" id=\"panel\" aria-live=\"polite\" aria-labelledby=\"panel-h\">\n\
         <div class=\"panel-head\"><h2 id=\"panel-h\">Details</h2>\
         <button type=\"button\" class=\"panel-close\" id=\"panel-close\" aria-label=\"Close details\">×</button></div>\n\
         <div id=\"panel-body\"><p class=\"hint\" id=\"panel-hint\">Hover over a highlighted passage to see \
         why it was marked. Every annotation is also listed at the end of the page.</p></div>\n\
         </aside>\n",
    );
}

#[cfg(test)]
mod tests {
    use crate::html::render_html;
    use crate::html::testing::*;
    use unspun_core::Document;

    #[test]
    fn tooltips_and_details() {
        let mut doc = Document::new("d", "They will destroy everything.");
        doc.layers.push(layer(
            "techniques",
            vec![ann(10, 17, "Loaded_Language")
                .with_confidence(0.873)
                .with_explanation("An emotionally charged word.")
                .with_attribute("cue", "destroy")
                .with_attribute("weight", 2)],
        ));
        let html = render_html(&doc);
        assert!(html.contains(
            "title=\"techniques: Loaded_Language (87%) — An emotionally charged word.\""
        ));
        assert!(html.contains("<span class=\"conf\">87% confidence</span>"));
        assert!(html.contains("<span class=\"k\">cue</span>: <span class=\"v\">destroy</span>"));
        assert!(html.contains("<span class=\"k\">weight</span>: <span class=\"v\">2</span>"));
        assert!(html.contains("<li class=\"ann\" id=\"ann-0\">"));
        assert!(html.contains("<a href=\"#m-0\">show in text</a>"));
    }
}
