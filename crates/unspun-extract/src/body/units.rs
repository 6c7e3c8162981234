//! Units of text: the page cut into runs of visible inline text that share
//! a block owner, in document order. Text before and after a nested block
//! makes two units, so that writing the kept units in order keeps the
//! page's order. Each unit knows whether the rules wrote it.

use super::score::Stats;
use crate::dom::{tidy_lines, Dom, Kind, Tag};

/// A run of visible text of one block.
#[derive(Debug, Clone)]
pub struct Unit {
    /// The block element that owns the text.
    pub owner: usize,
    /// The first text node of the run.
    pub first: usize,
    /// The text: lines (from `<br>`) collapsed and joined by `\n`.
    pub text: String,
    /// The rules wrote (most of) this text.
    pub rule_kept: bool,
}

/// The units of the page; `kept[i]` tells whether the rules wrote text
/// node `i`.
pub(super) fn page_units(dom: &Dom, stats: &Stats, kept: &[bool]) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut raw = String::new();
    let mut cur: Option<(usize, usize)> = None; // (owner, first text node)
    let (mut kept_chars, mut all_chars) = (0usize, 0usize);
    let mut finish = |cur: Option<(usize, usize)>, raw: &mut String, k: usize, a: usize| {
        if let Some((owner, first)) = cur {
            let text = tidy(raw);
            if !text.is_empty() {
                units.push(Unit {
                    owner,
                    first,
                    text,
                    rule_kept: k * 2 > a,
                });
            }
        }
        raw.clear();
    };
    for (i, node) in dom.nodes.iter().enumerate().skip(1) {
        if stats.hidden[i] {
            continue;
        }
        match &node.kind {
            Kind::Text(t) => {
                let owner = stats.owner[i];
                if cur.is_none_or(|(o, _)| o != owner) {
                    finish(cur, &mut raw, kept_chars, all_chars);
                    cur = Some((owner, i));
                    kept_chars = 0;
                    all_chars = 0;
                }
                raw.push_str(t);
                let n = stats.chars[i] as usize;
                all_chars += n;
                if kept[i] {
                    kept_chars += n;
                }
            }
            Kind::Element(el)
                if el.tag == Tag::Br && cur.is_some_and(|(o, _)| o == stats.owner[i]) =>
            {
                raw.push('\n');
            }
            _ => {}
        }
    }
    finish(cur, &mut raw, kept_chars, all_chars);
    units
}

/// Lines collapsed, empty ones dropped, joined by `\n`.
fn tidy(raw: &str) -> String {
    tidy_lines(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_at_nested_blocks_and_keep_lines() {
        let (dom, _) = Dom::parse(
            "<body><div>Before <b>bold</b><p>Nested</p>after<br>line</div><p hidden>gone</p></body>",
        );
        let stats = Stats::compute(&dom);
        let kept = vec![false; dom.nodes.len()];
        let units = page_units(&dom, &stats, &kept);
        let texts: Vec<&str> = units.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(texts, ["Before bold", "Nested", "after\nline"]);
        assert_eq!(units[0].owner, units[2].owner);
        assert!(units.iter().all(|u| !u.rule_kept));
    }
}
