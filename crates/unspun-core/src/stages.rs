//! The analysers that the core provides: segmentation, metadata from the
//! text (dateline, date) and language identification.

use crate::dateline::find_dateline;
use crate::document::Document;
use crate::pipeline::{AnalyzeError, Analyzer};
use crate::{language, segment};

/// Splits the text into paragraphs, sentences and tokens.
pub struct SegmentStage;

impl Analyzer for SegmentStage {
    fn name(&self) -> &'static str {
        "segment"
    }
    fn description(&self) -> &'static str {
        "paragraphs, sentences and tokens"
    }
    fn analyze(&self, doc: &mut Document) -> Result<(), AnalyzeError> {
        segment::segment(doc);
        Ok(())
    }
}

/// Reads the dateline (place, agency, date) at the start of the story and
/// fills the publication date from it when the input gave none.
pub struct DatelineStage;

impl Analyzer for DatelineStage {
    fn name(&self) -> &'static str {
        "dateline"
    }
    fn description(&self) -> &'static str {
        "dateline place, agency and date; publication date when missing"
    }
    fn requires(&self) -> &'static [&'static str] {
        &["segment"]
    }
    fn analyze(&self, doc: &mut Document) -> Result<(), AnalyzeError> {
        if let Some(dateline) = find_dateline(doc) {
            if doc.meta.published.is_none() {
                doc.meta.published = dateline.date.clone();
            }
            doc.meta.dateline = Some(dateline);
        }
        Ok(())
    }
}

/// Identifies the language of the text when the input did not declare it.
pub struct LanguageStage;

impl Analyzer for LanguageStage {
    fn name(&self) -> &'static str {
        "language"
    }
    fn description(&self) -> &'static str {
        "language of the text (ISO 639-1)"
    }
    fn analyze(&self, doc: &mut Document) -> Result<(), AnalyzeError> {
        if doc.meta.language.is_none() {
            doc.meta.language = language::detect(doc.text());
        }
        Ok(())
    }
}

/// The core stages in the order they run.
pub fn core_stages() -> Vec<Box<dyn Analyzer>> {
    vec![
        Box::new(SegmentStage),
        Box::new(LanguageStage),
        Box::new(DatelineStage),
    ]
}
