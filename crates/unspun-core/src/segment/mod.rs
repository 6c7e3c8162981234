//! Segmentation of English news text into paragraphs, sentences and tokens.
//! (placeholder: being written)

use crate::document::Document;

/// Fills `doc.paragraphs`, `doc.tokens` and `doc.sentences`.
pub fn segment(doc: &mut Document) {
    let _ = doc;
}
