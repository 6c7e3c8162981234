//! Datelines at the start of a story. (placeholder: being written)

use crate::document::{Dateline, Document};

/// Finds the dateline at the start of the first body paragraph.
pub fn find_dateline(doc: &Document) -> Option<Dateline> {
    let _ = doc;
    None
}
