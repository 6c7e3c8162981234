//! The legend: a show/hide toggle per layer with its labels' colours and
//! counts, and the sentence shading toggles.

use std::fmt::Write as _;

use super::escape::escape_html;
use super::marks::{LabelView, LayerView};

/// The legend section; `has_kinds` adds the toggle of the sentence kinds.
pub(super) fn write_legend(out: &mut String, layers: &[LayerView], has_kinds: bool) {
    out.push_str("<section class=\"legend\" aria-labelledby=\"legend-h\">\n<h2 id=\"legend-h\">Legend</h2>\n");
    if layers.is_empty() {
        out.push_str("<p class=\"legend-hint\">No analyser has annotated this text.</p>\n");
    } else {
        out.push_str(
            "<p class=\"legend-hint\">Each colour is a label; the line style tells the layers apart. \
             Where marks overlap they stack. Untick a layer to hide it.</p>\n",
        );
    }
    for (li, layer) in layers.iter().enumerate() {
        out.push_str("<div class=\"legend-layer\">");
        let _ = write!(
            out,
            "<label class=\"layer-toggle\"><input type=\"checkbox\" id=\"t{li}\" checked>\
             <span class=\"layer-chip lc{}\"></span><span class=\"layer-name\">{}</span> \
             <span class=\"count\">{}</span>",
            layer.colour,
            escape_html(layer.name),
            layer.items.len()
        );
        if layer.items.is_empty() {
            out.push_str(" <span class=\"empty-layer\">nothing found</span>");
        }
        out.push_str("</label>");
        if !layer.labels.is_empty() {
            let mut order: Vec<&LabelView> = layer.labels.iter().collect();
            order.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(b.name)));
            out.push_str("\n<ul class=\"labels\">");
            for label in order {
                let _ = write!(
                    out,
                    "<li><span class=\"sw c{} y{}\"></span>{} <span class=\"count\">{}</span></li>",
                    label.colour,
                    li % 4,
                    escape_html(label.name),
                    label.count
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</div>\n");
    }
    if has_kinds {
        out.push_str(
            "<label class=\"sent-toggle\"><input type=\"checkbox\" id=\"tk\" checked> \
             Shade sentences by kind: <span class=\"kind-chip k-editorial\">editorial</span> \
             (the outlet's own judgement) · <span class=\"kind-chip k-reported\">reported</span> \
             (attributed to a source) · neutral (unshaded)</label>\n",
        );
    }
    out.push_str(
        "<label class=\"sent-toggle\"><input type=\"checkbox\" id=\"ts\" checked> \
         Shade every other sentence (to check where sentences begin and end)</label>\n</section>\n",
    );
}
