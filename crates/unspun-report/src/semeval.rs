//! SemEval-2020 Task 11 rows: `article_id<TAB>technique<TAB>start<TAB>end`.

use std::fmt::Write;

use unspun_core::layers::Technique;
use unspun_core::Document;

/// The article id as SemEval writes it: the digits of the document id
/// (`article123` → `123`), or the id itself when it has no digits.
pub fn article_number(id: &str) -> &str {
    let start = id.find(|c: char| c.is_ascii_digit());
    match start {
        Some(s) => {
            let len = id[s..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(id.len() - s);
            &id[s..s + len]
        }
        None => id,
    }
}

/// One row per annotation of the `techniques` layer, in span order.
pub fn to_semeval_rows(doc: &Document) -> String {
    let mut out = String::new();
    let id = article_number(&doc.id);
    let mut rows = doc.items::<Technique>();
    rows.sort_by(|a, b| (a.span, &a.technique).cmp(&(b.span, &b.technique)));
    for t in rows {
        let _ = writeln!(
            out,
            "{id}\t{}\t{}\t{}",
            t.technique, t.span.start, t.span.end
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unspun_core::{Annotation, Span};

    #[test]
    fn ids() {
        assert_eq!(article_number("article111111112"), "111111112");
        assert_eq!(article_number("123"), "123");
        assert_eq!(article_number("a12b34"), "12");
        assert_eq!(article_number("plain"), "plain");
    }

    #[test]
    fn rows_in_order() {
        let mut doc = Document::new("article9", "some loaded words here");
        doc.layer_mut("techniques")
            .push(Annotation::new(Span::new(5, 11), "Loaded_Language"));
        doc.layer_mut("techniques")
            .push(Annotation::new(Span::new(0, 4), "Doubt"));
        assert_eq!(
            to_semeval_rows(&doc),
            "9\tDoubt\t0\t4\n9\tLoaded_Language\t5\t11\n"
        );
        assert_eq!(to_semeval_rows(&Document::new("x", "t")), "");
    }
}
