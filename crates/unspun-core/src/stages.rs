//! The analysers that the core provides: segmentation, metadata from the
//! text (dateline, date) and language identification.

/// The name of every stage unspun has, as `--stages` and
/// [`Analyzer::requires`] spell them. Stages name themselves and their
/// requirements with these, so a typo is a compile error rather than a
/// pipeline that refuses to assemble.
pub mod names {
    /// Paragraphs, sentences and tokens.
    pub const SEGMENT: &str = "segment";
    /// Language identification.
    pub const LANGUAGE: &str = "language";
    /// Dateline and publication date.
    pub const DATELINE: &str = "dateline";
    /// The shared encoder's trunk (accurate tier).
    pub const ENCODER: &str = "encoder";
    /// Attributions, sentence kinds, sourcing summary.
    pub const SOURCING: &str = "sourcing";
    /// Persuasion techniques.
    pub const TECHNIQUES: &str = "techniques";
    /// Actors.
    pub const ENTITIES: &str = "entities";
    /// Actors' stances and the article's issues.
    pub const STANCES: &str = "stances";
    /// Decision rules.
    pub const DECISIONS: &str = "decisions";
}

use crate::dateline::find_dateline;
use crate::document::Document;
use crate::pipeline::{AnalyzeError, Analyzer};
use crate::{language, segment};

/// Splits the text into paragraphs, sentences and tokens.
pub struct SegmentStage;

impl Analyzer for SegmentStage {
    fn name(&self) -> &'static str {
        names::SEGMENT
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
        names::DATELINE
    }
    fn description(&self) -> &'static str {
        "dateline place, agency and date; publication date when missing"
    }
    fn requires(&self) -> &'static [&'static str] {
        &[names::SEGMENT]
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
        names::LANGUAGE
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
