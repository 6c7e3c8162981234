//! The article body: which part of the page it is, and its text.
//!
//! 1. Every block of text (the inline text directly inside a block-level
//!    element) is weighed: long blocks with few links are *good*, blocks
//!    that are mostly links or sit in boilerplate (navigation, asides,
//!    comments, share bars, related links, newsletter boxes…, recognised by
//!    tag, `role` and class/id words) are *bad*, the rest is *neutral*.
//! 2. The body container is the element that maximises
//!    `good − 0.1·bad − linky − 0.25·neutral` over its subtree (`linky`:
//!    blocks that are mostly links), with a bonus of `0.1·good` for
//!    elements marked as the article (`itemprop="articleBody"`, `<article>`,
//!    class words such as `article-body`, `entry-content`): the smallest
//!    element that holds most of the good text and little else.
//! 3. Its text is written block by block, leaving out boilerplate subtrees,
//!    link lists, captions, the headline, bylines and one-line calls to
//!    action; headings, lists, quotes and tables inside it are kept.
//! 4. When the container holds too little text, every good block of the
//!    page is taken instead; when there is none, the body is empty and a
//!    reason is given.
//!
//! 5. A learned block classifier ([`BlockModel`]) then reads every unit
//!    of text of the page (runs of inline text of one block) with the
//!    rules' decision among its features, and keeps the units it judges
//!    to be article text, in page order.
//!
//! The parts: `classify` (boilerplate marks of elements), `score`
//! (block weights and the container), `writer` (the container's text),
//! `furniture` (page furniture recognised from a block's text), `units`
//! (the page cut into units of text), `features` and `model` (the learned
//! classifier).

mod classify;
mod features;
mod furniture;
mod model;
mod score;
mod units;
mod writer;

use crate::dom::Dom;
use features::PageContext;
use score::Stats;
use writer::{own_text, Writer};

pub use features::Features;
pub use model::{BlockModel, Example, TrainParams};
pub use units::Unit;

pub use furniture::normalize_words;

/// Fewer characters than this in a chosen container sends extraction to
/// the fallback.
const MIN_BODY_CHARS: usize = 250;

/// The result of body extraction.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// Paragraphs separated by blank lines.
    pub text: String,
    /// Why the body is empty or was taken by the fallback.
    pub note: Option<String>,
    /// The container chosen (arena index), if any.
    pub container: Option<usize>,
}

/// Extracts the body of the page with the shipped block classifier.
/// `title` is the headline found in the metadata, left out of the body when
/// it appears there.
pub fn extract_body(dom: &Dom, title: Option<&str>) -> Body {
    extract_body_with(dom, title, BlockModel::embedded())
}

/// The body by the rules, then, with a `model`, the units of text that
/// model keeps (the rules' text when it keeps none).
pub fn extract_body_with(dom: &Dom, title: Option<&str>, model: Option<&BlockModel>) -> Body {
    let stats = Stats::compute(dom);
    let (rules, kept) = rule_body(dom, &stats, title);
    let Some(model) = model else { return rules };
    let (units, features) = units_of(dom, &stats, &rules, &kept, title);
    let text = units
        .iter()
        .zip(&features)
        .filter(|(u, f)| model.keep(f, u.rule_kept))
        .map(|(u, _)| u.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    if text.is_empty() {
        return rules;
    }
    Body { text, ..rules }
}

/// The units of text of the page and their features, for training and
/// inspection: the rules' decision on each is `Unit::rule_kept`.
pub fn units_with_features(dom: &Dom, title: Option<&str>) -> (Body, Vec<Unit>, Vec<Features>) {
    let stats = Stats::compute(dom);
    let (rules, kept) = rule_body(dom, &stats, title);
    let (units, features) = units_of(dom, &stats, &rules, &kept, title);
    (rules, units, features)
}

/// The units of the page and their features.
fn units_of(
    dom: &Dom,
    stats: &Stats,
    rules: &Body,
    kept: &[bool],
    title: Option<&str>,
) -> (Vec<Unit>, Vec<Features>) {
    let units = units::page_units(dom, stats, kept);
    let features = PageContext::new(dom, stats, rules.container, title).features(&units);
    (units, features)
}

/// The body by the rules alone, and for every node whether its text was
/// written.
fn rule_body(dom: &Dom, stats: &Stats, title: Option<&str>) -> (Body, Vec<bool>) {
    let root = stats.best_container(dom);
    let mut kept = vec![false; dom.nodes.len()];
    let mut text = String::new();
    if let Some(root) = root {
        let (t, written) = Writer::new(dom, stats, title).write_marking(root);
        text = t;
        for i in written {
            kept[i] = true;
        }
        if visible_chars(&text) >= MIN_BODY_CHARS {
            let body = Body {
                text,
                note: None,
                container: Some(root),
            };
            return (body, kept);
        }
    }
    let body = fallback(dom, stats, root, text, &mut kept);
    (body, kept)
}

/// Marks the text nodes whose block owner is one of `blocks`, and no
/// others.
fn mark_owned(dom: &Dom, stats: &Stats, blocks: &[usize], kept: &mut [bool]) {
    let mut is_block = vec![false; dom.nodes.len()];
    for &b in blocks {
        is_block[b] = true;
    }
    for i in 0..dom.nodes.len() {
        kept[i] = matches!(dom.nodes[i].kind, crate::dom::Kind::Text(_))
            && is_block[stats.owner[i]]
            && !stats.hidden[i];
    }
}

/// The body when the container `root` gave too little `text`: every
/// paragraph-like block of the page when they hold more; else that short
/// text; else, for a page of a few lines, the visible text outside
/// navigation, link lists and other page furniture; else nothing, with the
/// reason. `kept` is updated to the text nodes written.
fn fallback(
    dom: &Dom,
    stats: &Stats,
    root: Option<usize>,
    text: String,
    kept: &mut [bool],
) -> Body {
    // Fallback: every paragraph-like block of the page, in order.
    let (paragraphs, blocks) = collect_blocks(dom, stats, &|i| stats.good_block[i]);
    if visible_chars(&paragraphs) > visible_chars(&text) {
        mark_owned(dom, stats, &blocks, kept);
        return Body {
            text: paragraphs,
            note: Some("no clear article container; kept every paragraph-like block".into()),
            container: None,
        };
    }
    if !text.is_empty() {
        return Body {
            text,
            note: Some("short article text".into()),
            container: root,
        };
    }
    // Last resort: short texts (a page of a few lines), outside navigation,
    // link lists and other page furniture.
    let (visible, blocks) = collect_blocks(dom, stats, &|i| stats.own_links[i] * 2 <= stats.own[i]);
    if !visible.is_empty() {
        mark_owned(dom, stats, &blocks, kept);
        return Body {
            text: visible,
            note: Some(
                "no paragraph-like text; kept the visible text outside page furniture".into(),
            ),
            container: None,
        };
    }
    Body {
        text: String::new(),
        note: Some(
            "no article text found in the page (only navigation, links or page furniture)".into(),
        ),
        container: None,
    }
}

/// The own texts of the blocks that `keep` accepts, in page order, joined
/// by blank lines: blocks with text, outside boilerplate, not hidden, not
/// junk, and not page furniture; and those blocks.
fn collect_blocks(dom: &Dom, stats: &Stats, keep: &dyn Fn(usize) -> bool) -> (String, Vec<usize>) {
    let usable =
        |i: usize| stats.own[i] > 0 && !stats.boiler[i] && !stats.hidden[i] && !stats.junk[i];
    let mut texts = Vec::new();
    let mut blocks = Vec::new();
    for i in (1..dom.nodes.len()).filter(|&i| usable(i) && keep(i)) {
        let t = own_text(dom, i);
        if !t.is_empty() && !furniture::is_furniture_text(&t, t.split_whitespace().count()) {
            texts.push(t);
            blocks.push(i);
        }
    }
    (texts.join("\n\n"), blocks)
}

/// Characters other than white space.
pub(crate) fn visible_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Development aid: every block of text with its weight and the path of
/// its element, and the container chosen.
#[doc(hidden)]
pub fn debug_blocks(html: &str) -> String {
    use std::fmt::Write;
    let (dom, _) = Dom::parse(html);
    let stats = Stats::compute(&dom);
    let body = extract_body(&dom, None);
    let mut out = String::new();
    let path = |mut i: usize| {
        let mut parts = Vec::new();
        while i != 0 {
            if let Some(el) = dom.element(i) {
                let flags = format!(
                    "{}{}",
                    if stats.self_boiler[i] { "!" } else { "" },
                    if el.hidden { "?" } else { "" }
                );
                parts.push(format!(
                    "{:?}{}.{}",
                    el.tag,
                    flags,
                    el.class_id
                        .split_whitespace()
                        .take(2)
                        .collect::<Vec<_>>()
                        .join(".")
                ));
            }
            i = dom.nodes[i].parent;
        }
        parts.reverse();
        parts.join(" > ")
    };
    for i in 0..dom.nodes.len() {
        if stats.own[i] >= 20 {
            let kind = if stats.good_block[i] {
                "G"
            } else if stats.junk[i] {
                "J"
            } else {
                "-"
            };
            let t = own_text(&dom, i);
            let _ = writeln!(
                out,
                "{i:5} own {:4} ld {:.2} {}{}{} | {} | {}",
                stats.own[i],
                stats.own_links[i] as f32 / stats.own[i] as f32,
                if stats.boiler[i] { "B" } else { "-" },
                if stats.hidden[i] { "H" } else { "-" },
                kind,
                t.chars().take(60).collect::<String>(),
                path(i)
            );
        }
    }
    let _ = writeln!(
        out,
        "container: {:?} {}",
        body.container,
        body.container.map(path).unwrap_or_default()
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(html: &str) -> String {
        let (dom, _) = Dom::parse(html);
        extract_body(&dom, Some("The headline")).text
    }

    const P1: &str = "The council voted on Tuesday to rebuild the harbour wall, which was damaged in the winter storms.";
    const P2: &str = "Work will start in the spring and should take about eighteen months, officials said on Wednesday.";
    const P3: &str = "Fishermen welcomed the decision, although some said the money would have been better spent on boats.";

    #[test]
    fn comments_longer_than_the_article_stay_out() {
        let comment = "<div class='comment-body'><p>I have lived by this harbour for fifty years, and I can tell you that the wall has needed work since long before the storms came, so this is overdue.</p></div>";
        let page = format!(
            "<body><div class='post'><h1>The headline</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>\
             <section id='comments'>{}</section></body>",
            comment.repeat(6)
        );
        let body = body_of(&page);
        assert_eq!(body, format!("{P1}\n\n{P2}\n\n{P3}"));
    }

    #[test]
    fn page_wrapped_in_a_form_and_br_paragraphs() {
        let page = format!("<body><form id='aspnetForm'><div id='content'>{P1}<br><br>{P2}<br><br>{P3}</div><div class='footer'>About us</div></form></body>");
        let body = body_of(&page);
        assert!(
            body.starts_with(P1) && body.contains(P3) && !body.contains("About"),
            "{body}"
        );
    }

    #[test]
    fn article_split_by_an_ad_and_a_related_box() {
        let page = format!(
            "<body><div class='story'><p>{P1}</p><div class='ad-slot'>Advertisement</div><p>{P2}</p>\
             <div class='related-links'><ul><li><a href='/1'>Another story about the harbour and its history</a></li>\
             <li><a href='/2'>Storm damage costs rise across the county</a></li></ul></div><p>{P3}</p></div>\
             <div class='sidebar'><p>Most read: a long teaser paragraph about something else entirely, with commas, and more words.</p></div></body>"
        );
        assert_eq!(body_of(&page), format!("{P1}\n\n{P2}\n\n{P3}"));
    }

    #[test]
    fn headings_lists_and_quotes_are_kept_title_and_captions_are_not() {
        let page = format!(
            "<body><article><h1>The headline</h1><figure><img src=x><figcaption>The harbour at dawn</figcaption></figure>\
             <p>{P1}</p><h2>What happens next</h2><p>{P2}</p><blockquote>We have waited long enough for this decision.</blockquote>\
             <ul><li>Phase one: the north wall.</li><li>Phase two: the slipway.</li></ul><p>{P3}</p></article></body>"
        );
        let body = body_of(&page);
        assert_eq!(
            body,
            format!("{P1}\n\nWhat happens next\n\n{P2}\n\nWe have waited long enough for this decision.\n\nPhase one: the north wall.\n\nPhase two: the slipway.\n\n{P3}")
        );
    }

    #[test]
    fn hidden_and_cookie_text_is_left_out() {
        let page = format!(
            "<body><div class='cookie-banner'><p>We use cookies to improve your experience on our site, and by continuing you agree to it.</p></div>\
             <div style='display: none'><p>A hidden paragraph that is long enough to look like article text, but is not shown.</p></div>\
             <main><p>{P1}</p><p>{P2}</p><p>{P3}</p></main></body>"
        );
        assert_eq!(body_of(&page), format!("{P1}\n\n{P2}\n\n{P3}"));
    }

    #[test]
    fn short_pages_fall_back_to_their_visible_text() {
        let (dom, _) =
            Dom::parse("<body><nav><a href='/'>Home</a></nav><p>Closed today.</p></body>");
        let body = extract_body(&dom, None);
        assert_eq!(body.text, "Closed today.");
        assert_eq!(body.container, None);
        assert!(body
            .note
            .is_some_and(|n| n.starts_with("no paragraph-like text")));
        let (dom, _) = Dom::parse("<body><nav><a href='/'>Home</a></nav></body>");
        let body = extract_body(&dom, None);
        assert!(body.text.is_empty() && body.note.is_some());
    }

    #[test]
    fn visible_chars_skip_white_space() {
        assert_eq!(visible_chars(" a b\n\nc "), 3);
    }
}
