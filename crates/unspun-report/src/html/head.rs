//! The page's `<head>`: metadata, the Content-Security-Policy, the title,
//! and the style sheet with its generated part (palette and layer toggles).

use std::fmt::Write as _;

use super::colours::PALETTE;
use super::escape::escape_html;
use super::format::truncate_chars;
use super::marks::LayerView;
use super::{CSS, VERSION};
use unspun_core::Document;

const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; \
                   script-src 'unsafe-inline'; img-src data:; base-uri 'none'; \
                   form-action 'none'";

/// The doctype and the `<head>`: metadata, title and style sheet.
pub(super) fn write_head(out: &mut String, doc: &Document, layers: &[LayerView]) {
    let title = doc
        .meta
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(if doc.id.is_empty() {
            "Untitled document"
        } else {
            &doc.id
        });
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
    );
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    let _ = writeln!(
        out,
        "<meta name=\"generator\" content=\"unspun {}\">",
        escape_html(VERSION)
    );
    let _ = writeln!(
        out,
        "<title>{} — unspun</title>",
        escape_html(&truncate_chars(title, 200))
    );
    out.push_str("<style>\n");
    out.push_str(CSS);
    write_generated_css(out, layers.len());
    out.push_str("</style>\n</head>\n");
}

/// The palette and the per-layer show/hide rules: numbers and colours only.
fn write_generated_css(out: &mut String, layer_count: usize) {
    let rgba = |c: u32, a: f32| {
        format!(
            "rgba({},{},{},{a})",
            (c >> 16) & 0xff,
            (c >> 8) & 0xff,
            c & 0xff
        )
    };
    out.push_str(":root{");
    for (i, &(light, _)) in PALETTE.iter().enumerate() {
        let _ = write!(out, "--p{i}:#{light:06x};--q{i}:{};", rgba(light, 0.13));
    }
    out.push_str("}\n@media (prefers-color-scheme: dark){:root{");
    for (i, &(_, dark)) in PALETTE.iter().enumerate() {
        let _ = write!(out, "--p{i}:#{dark:06x};--q{i}:{};", rgba(dark, 0.22));
    }
    out.push_str("}}\n");
    for i in 0..PALETTE.len() {
        let _ = writeln!(
            out,
            ".c{i}{{--c:var(--p{i});--cb:var(--q{i})}}.lc{i}{{--lc:var(--p{i})}}"
        );
    }
    for i in 0..layer_count {
        let _ = writeln!(
            out,
            "body:has(#t{i}:not(:checked)) mark.l{i}{{background:none;border-bottom-color:transparent;cursor:auto}}"
        );
    }
}
