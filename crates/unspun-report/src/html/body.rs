//! The article text: paragraphs, sentences and the highlights over them,
//! written in one pass. Marks are split at sentence and paragraph
//! boundaries and nested so that overlapping ones balance.

use std::cmp::Reverse;
use std::fmt::Write as _;

use super::escape::{css_word, escape_html, language_tag, push_escaped};
use super::marks::Mark;
use crate::summary;
use unspun_core::{Document, Span};

/// Nesting depths beyond this share the last underline offset.
const MAX_DEPTH_CLASS: usize = 6;

/// Per sentence, its kind as a class-name word (see [`summary::sentence_kinds`]).
pub(super) fn sentence_kinds(doc: &Document) -> Vec<Option<String>> {
    summary::sentence_kinds(doc)
        .into_iter()
        .map(|k| k.map(css_word))
        .collect()
}

/// Non-overlapping `(index, byte start, byte end)` of `spans`, in text order.
/// Empty and out-of-range spans are dropped; overlaps are cut away.
fn clean_spans(doc: &Document, spans: impl Iterator<Item = Span>) -> Vec<(usize, usize, usize)> {
    let n = doc.char_len();
    let mut v: Vec<(usize, usize, usize)> = spans
        .enumerate()
        .filter_map(|(i, s)| {
            let (a, b) = (s.start.min(n), s.end.min(n));
            (a < b).then_some((i, a, b))
        })
        .collect();
    v.sort_by_key(|&(i, a, b)| (a, b, i));
    let mut prev = 0;
    let mut out = Vec::with_capacity(v.len());
    for (i, a, b) in v {
        let a = a.max(prev);
        if a >= b {
            continue;
        }
        prev = b;
        let offsets = doc.offsets();
        out.push((
            i,
            offsets.to_byte(doc.text(), a),
            offsets.to_byte(doc.text(), b),
        ));
    }
    out
}

/// Writes the article; returns the output and, per annotation id, whether
/// it was highlighted somewhere.
pub(super) fn write_article(
    out: String,
    doc: &Document,
    marks: &[Mark],
    total: usize,
    kinds: &[Option<String>],
) -> (String, Vec<bool>) {
    let text = doc.text();
    let paragraphs = clean_spans(doc, doc.paragraphs.iter().map(|p| p.span));
    let sentences = clean_spans(doc, doc.sentences.iter().map(|s| s.span));
    let lang = doc.meta.language.as_deref().and_then(language_tag);
    let mut w = TextWriter {
        text,
        marks,
        next_mark: 0,
        active: Vec::new(),
        sentences: &sentences,
        kinds,
        next_sentence: 0,
        seen: vec![false; total],
        out,
    };
    w.out.push_str("<article class=\"text\" id=\"text\"");
    if let Some(l) = lang {
        let _ = write!(w.out, " lang=\"{}\"", escape_html(l));
    }
    w.out.push_str(">\n");
    if text.is_empty() {
        w.out
            .push_str("<p class=\"no-text\">This document has no text.</p>\n");
    } else if paragraphs.is_empty() {
        w.out.push_str("<div class=\"whole\" dir=\"auto\">");
        w.block(0, text.len());
        w.out.push_str("</div>\n");
    } else {
        let mut pos = 0;
        for &(idx, a, b) in &paragraphs {
            w.gap(pos, a);
            let _ = write!(w.out, "<p data-paragraph=\"{idx}\" dir=\"auto\">");
            w.block(a, b);
            w.out.push_str("</p>\n");
            pos = b;
        }
        w.gap(pos, text.len());
    }
    w.out.push_str("</article>\n");
    (w.out, w.seen)
}

/// Walks the text once, writing sentences and nested marks.
struct TextWriter<'a> {
    text: &'a str,
    /// Highlights, sorted by start.
    marks: &'a [Mark],
    /// First mark not yet considered.
    next_mark: usize,
    /// Marks that started before the current run and may still be open.
    active: Vec<usize>,
    sentences: &'a [(usize, usize, usize)],
    /// Per sentence index, its kind as a class-name word.
    kinds: &'a [Option<String>],
    next_sentence: usize,
    /// Per annotation id: a fragment has been written.
    seen: Vec<bool>,
    out: String,
}

impl TextWriter<'_> {
    /// Text between paragraphs: shown only when it is not just white space.
    fn gap(&mut self, a: usize, b: usize) {
        if a < b && !self.text[a..b].trim().is_empty() {
            self.out
                .push_str("<div class=\"gap\" dir=\"auto\" title=\"Text outside any paragraph\">");
            self.block(a, b);
            self.out.push_str("</div>\n");
        }
    }

    /// A paragraph (or other block): its sentences and the text around them.
    fn block(&mut self, a: usize, b: usize) {
        let sentences = self.sentences;
        while self.next_sentence < sentences.len() && sentences[self.next_sentence].2 <= a {
            self.next_sentence += 1;
        }
        let mut pos = a;
        let mut j = self.next_sentence;
        while j < sentences.len() && sentences[j].1 < b {
            let (idx, s, e) = sentences[j];
            let (s, e) = (s.max(a), e.min(b));
            if s > pos {
                self.run(pos, s);
            }
            let kind = self.kinds.get(idx).and_then(Option::as_deref);
            let _ = write!(
                self.out,
                "<span class=\"s s{}{}{}\" data-sentence=\"{idx}\">",
                j % 2,
                if kind.is_some() { " k-" } else { "" },
                kind.unwrap_or("")
            );
            self.run(s, e);
            self.out.push_str("</span>");
            pos = e;
            j += 1;
        }
        if pos < b {
            self.run(pos, b);
        }
    }

    /// Text `[x, y)` that no sentence or paragraph boundary crosses, with
    /// every highlight over it: boundaries split the run into segments, and
    /// marks are opened and closed like a stack; a mark that ends while
    /// marks opened inside it are still open closes them, and they reopen.
    fn run(&mut self, x: usize, y: usize) {
        if x >= y {
            return;
        }
        let marks = self.marks;
        while self.next_mark < marks.len() && marks[self.next_mark].start < y {
            self.active.push(self.next_mark);
            self.next_mark += 1;
        }
        self.active.retain(|&m| marks[m].end > x);
        if self.active.is_empty() {
            push_escaped(&mut self.out, &self.text[x..y]);
            return;
        }
        let end = |m: usize| marks[m].end.min(y);
        let mut starts: Vec<(usize, usize)> = self
            .active
            .iter()
            .map(|&m| (marks[m].start.max(x), m))
            .collect();
        starts.sort_unstable();
        let mut stack: Vec<usize> = Vec::new();
        let mut opening: Vec<usize> = Vec::new();
        let mut si = 0;
        let mut pos = x;
        loop {
            if let Some(i) = stack.iter().position(|&m| end(m) <= pos) {
                while stack.len() > i {
                    let m = stack.pop().expect("stack is longer than i");
                    self.out.push_str("</mark>");
                    if end(m) > pos {
                        opening.push(m);
                    }
                }
            }
            while si < starts.len() && starts[si].0 == pos {
                opening.push(starts[si].1);
                si += 1;
            }
            if !opening.is_empty() {
                // Longest first, so that it encloses the others.
                opening.sort_unstable_by_key(|&m| (Reverse(end(m)), marks[m].start, marks[m].id));
                for m in opening.drain(..) {
                    stack.push(m);
                    self.open_mark(m, stack.len());
                }
            }
            if pos >= y {
                break;
            }
            let mut next = y;
            if let Some(&(s, _)) = starts.get(si) {
                next = next.min(s);
            }
            for &m in &stack {
                next = next.min(end(m));
            }
            push_escaped(&mut self.out, &self.text[pos..next]);
            pos = next;
        }
        debug_assert!(stack.is_empty());
    }

    fn open_mark(&mut self, m: usize, depth: usize) {
        let mark = &self.marks[m];
        let first = !self.seen[mark.id];
        self.seen[mark.id] = true;
        let _ = write!(
            self.out,
            "<mark class=\"m l{} y{} c{} d{}\" data-a=\"{}\"",
            mark.layer,
            mark.layer % 4,
            mark.colour,
            depth.min(MAX_DEPTH_CLASS),
            mark.id
        );
        if first {
            let _ = write!(self.out, " id=\"m-{}\" tabindex=\"0\"", mark.id);
        } else {
            self.out.push_str(" tabindex=\"-1\"");
        }
        self.out.push_str(" title=\"");
        self.out.push_str(&mark.title);
        self.out.push_str("\">");
    }
}

#[cfg(test)]
mod tests {
    use crate::html::render_html;
    use crate::html::testing::*;
    use std::collections::BTreeSet;
    use unspun_core::{Annotation, Document, Span};

    #[test]
    fn sentences_carry_their_kind() {
        let mut doc = Document::new("d", "They said so. It is a disgrace.");
        doc.sentences = vec![
            unspun_core::Sentence {
                span: Span::new(0, 13),
                paragraph: 0,
                first_token: 0,
                end_token: 0,
            },
            unspun_core::Sentence {
                span: Span::new(14, 31),
                paragraph: 0,
                first_token: 0,
                end_token: 0,
            },
        ];
        doc.layer_mut("sentence_kinds")
            .push(Annotation::new(Span::new(0, 13), "reported"));
        doc.layer_mut("sentence_kinds")
            .push(Annotation::new(Span::new(14, 31), "editorial"));
        let page = render_html(&doc);
        assert!(
            page.contains("class=\"s s0 k-reported\" data-sentence=\"0\""),
            "{page}"
        );
        assert!(page.contains("class=\"s s1 k-editorial\" data-sentence=\"1\""));
        assert!(page.contains("id=\"tk\""));
        let plain = Document::new("p", "No kinds here.");
        assert!(!render_html(&plain).contains("id=\"tk\""));
    }

    #[test]
    fn overlapping_layers_nest_and_balance() {
        //                 0123456789012345678901234
        let text = "alpha beta gamma delta eps";
        let mut doc = Document::new("d", text);
        doc.layers.push(layer(
            "techniques",
            vec![ann(0, 16, "A"), ann(6, 10, "B"), ann(8, 22, "C")],
        ));
        doc.layers.push(layer(
            "attributions",
            vec![ann(3, 12, "X"), ann(11, 26, "Y")],
        ));
        let html = render_html(&doc);
        assert_balanced(&html);
        let cov = coverage(&html);
        assert_eq!(cov.iter().map(|(c, _)| *c).collect::<String>(), text);
        let spans = [(0, 16), (6, 10), (8, 22), (3, 12), (11, 26)];
        for (pos, (_, ids)) in cov.iter().enumerate() {
            let expected: BTreeSet<usize> = spans
                .iter()
                .enumerate()
                .filter(|(_, (s, e))| *s <= pos && pos < *e)
                .map(|(id, _)| id)
                .collect();
            assert_eq!(ids, &expected, "at {pos}");
        }
        let marked = marked_text(&html);
        assert_eq!(marked[&1], "beta");
        assert_eq!(marked[&2], "ta gamma delta");
        // One tab stop and one anchor per annotation.
        for id in 0..5 {
            assert_eq!(
                html.matches(&format!("id=\"m-{id}\" tabindex=\"0\""))
                    .count(),
                1
            );
        }
        // Legend lists both layers and their labels with counts.
        assert!(html.contains(">techniques</span> <span class=\"count\">3</span>"));
        assert!(html.contains(">attributions</span> <span class=\"count\">2</span>"));
    }

    #[test]
    fn marks_split_at_sentence_and_paragraph_boundaries() {
        //          0         1         2         3
        //          0123456789012345678901234567890123456
        let text = "One two. Three four.\n\nFive six. Seven.";
        let mut doc = Document::new("d", text);
        doc.paragraphs = vec![para(0, 20), para(22, 38)];
        doc.sentences = vec![
            sentence(0, 8, 0),
            sentence(9, 20, 0),
            sentence(22, 31, 1),
            sentence(32, 38, 1),
        ];
        doc.layers.push(layer(
            "techniques",
            vec![ann(4, 27, "Span"), ann(15, 17, "Inner")],
        ));
        let html = render_html(&doc);
        assert_balanced(&html);
        let art = article(&html);
        assert_eq!(art.matches("<p data-paragraph").count(), 2);
        for i in 0..4 {
            assert!(art.contains(&format!("data-sentence=\"{i}\"")));
        }
        // The long mark appears in four fragments (two sentences of the
        // first paragraph and the space between them, one sentence of the
        // second); the line break between the paragraphs is not written.
        assert_eq!(art.matches("data-a=\"0\"").count(), 4);
        let marked = marked_text(&html);
        assert_eq!(marked[&0], "two. Three four.Five ");
        assert_eq!(marked[&1], "fo");
        // Inspectable alternation.
        assert!(art.contains("class=\"s s0\" data-sentence=\"0\""));
        assert!(art.contains("class=\"s s1\" data-sentence=\"1\""));
    }

    #[test]
    fn text_without_paragraphs_is_one_block_and_gaps_are_shown() {
        let doc = Document::new("d", "Line one\nline two");
        let html = render_html(&doc);
        assert!(
            article(&html).contains("<div class=\"whole\" dir=\"auto\">Line one\nline two</div>")
        );

        let mut doc = Document::new("d", "HEADLINE\n\nBody text.\n\n  \n");
        doc.paragraphs = vec![para(10, 20)];
        let html = render_html(&doc);
        let art = article(&html);
        assert!(art.contains("class=\"gap\""));
        assert_eq!(
            art.matches("class=\"gap\"").count(),
            1,
            "white space only gaps are hidden"
        );
        assert_eq!(article_text(&html), "HEADLINEBody text.");
    }

    #[test]
    fn large_article_renders_in_linear_time() {
        let sentence_text = "The “minister” — said 東京 officials — would never, ever surrender. ";
        let per = sentence_text.chars().count();
        // UNSPUN_HTML_SENTENCES=300000 makes a 20 MB article.
        let n = std::env::var("UNSPUN_HTML_SENTENCES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20_000);
        let text = sentence_text.repeat(n);
        let mut doc = Document::new("big", text);
        let mut anns = Vec::new();
        for i in 0..n {
            let base = i * per;
            doc.sentences.push(sentence(base, base + per - 1, i / 10));
            anns.push(ann(base + 4, base + 14, "Quote"));
            anns.push(ann(base + 10, base + per + 8, "Cross"));
        }
        for p in 0..n / 10 {
            doc.paragraphs
                .push(para(p * 10 * per, (p + 1) * 10 * per - 1));
        }
        doc.layers.push(layer("techniques", anns));
        doc.layers
            .push(layer("spanning", vec![ann(0, usize::MAX, "All")]));
        let start = std::time::Instant::now();
        let html = render_html(&doc);
        let elapsed = start.elapsed();
        eprintln!("{} bytes rendered in {elapsed:?}", doc.text().len());
        assert!(elapsed.as_secs() < 20, "took {elapsed:?}");
        assert!(html.len() < doc.text().len() * 40);
        assert_balanced(article(&html));
    }
}
