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
        if let Some(mut dateline) = find_dateline(doc) {
            if dateline.date.is_none() {
                // "BRUSSELS, March 21 (Xinhua) --": the year comes from the
                // publication date when the input gave one.
                dateline.date = doc
                    .meta
                    .published
                    .as_deref()
                    .and_then(|p| date_with_year_of(&dateline.text, p));
            }
            if doc.meta.published.is_none() {
                doc.meta.published = dateline.date.clone();
            }
            doc.meta.dateline = Some(dateline);
        }
        Ok(())
    }
}

/// The month and day written in `text` (a dateline without a year), in
/// the year of the ISO date `published` — or the year before, when the
/// month is later than the publication's (a December dateline published
/// in January).
pub fn date_with_year_of(text: &str, published: &str) -> Option<String> {
    let year: i32 = published.get(..4)?.parse().ok()?;
    let month: u32 = published.get(5..7)?.parse().ok()?;
    let partial = text
        .char_indices()
        .filter(|&(i, c)| {
            c.is_alphabetic() && (i == 0 || !text[..i].ends_with(char::is_alphabetic))
        })
        .find_map(|(i, _)| crate::dates::find_partial_date_prefix(&text[i..]))
        .map(|(d, _)| d)?;
    if partial.year.is_some() {
        return partial.to_date().map(|d| d.to_iso());
    }
    let year = if partial.month > month + 1 {
        year - 1
    } else {
        year
    };
    crate::dates::Date::new(year, partial.month, partial.day).map(|d| d.to_iso())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dateline_without_a_year_takes_the_publication_year() {
        let d = |t, p| date_with_year_of(t, p);
        assert_eq!(
            d("BRUSSELS, March 21 (Xinhua) --", "2024-03-21").as_deref(),
            Some("2024-03-21")
        );
        assert_eq!(
            d("LONDON, Dec 31 (Reuters) -", "2025-01-02T08:00:00Z").as_deref(),
            Some("2024-12-31")
        );
        assert_eq!(d("WASHINGTON (Reuters) -", "2024-03-21"), None);
        assert_eq!(d("BRUSSELS, March 21 (Xinhua) --", "soon"), None);
    }

    /// Runs the core stages on a story, with a publication date from the
    /// input or none.
    fn analysed(text: &str, published: Option<&str>) -> Document {
        let mut doc = Document::new("t", text);
        doc.meta.published = published.map(String::from);
        for stage in core_stages() {
            stage.analyze(&mut doc).unwrap();
        }
        doc
    }

    #[test]
    fn every_dateline_form_fills_the_document_record() {
        // (story, publication date given by the input, published, place)
        let cases = [
            (
                "NATO ministers meet\n\n21st Mar 2024 – (Brussels) NATO ministers met on Thursday.",
                None,
                Some("2024-03-21"),
                Some("Brussels"),
            ),
            (
                "NATO ministers meet\n\nMar 21, 2024 (Reuters) - NATO ministers met on Thursday.",
                None,
                Some("2024-03-21"),
                None,
            ),
            // No year: the date is left unset, the place kept ...
            (
                "NATO ministers meet\n\nBRUSSELS, March 21 (Xinhua) -- NATO ministers met on Thursday.",
                None,
                None,
                Some("Brussels"),
            ),
            // ... unless the input gave a publication date to take it from.
            (
                "NATO ministers meet\n\nBRUSSELS, March 21 (Xinhua) -- NATO ministers met on Thursday.",
                Some("2024-03-22"),
                Some("2024-03-22"),
                Some("Brussels"),
            ),
            // The input's own date wins over the dateline's.
            (
                "NATO ministers meet\n\nMar 21, 2024 (Reuters) - NATO ministers met on Thursday.",
                Some("2024-03-20"),
                Some("2024-03-20"),
                None,
            ),
        ];
        for (text, given, published, place) in cases {
            let doc = analysed(text, given);
            assert_eq!(doc.meta.published.as_deref(), published, "{text}");
            let dateline = doc.meta.dateline.as_ref().expect("a dateline");
            assert_eq!(dateline.place.as_deref(), place, "{text}");
            if given.is_some() && text.contains("Xinhua") {
                assert_eq!(dateline.date.as_deref(), Some("2024-03-21"));
            }
        }
    }

    #[test]
    fn the_dateline_stage_fills_the_date_from_the_publication_year() {
        let mut doc = Document::new("t", "Title\n\nBRUSSELS, March 21 (Xinhua) -- NATO met.");
        doc.meta.published = Some("2024-03-22".into());
        segment::segment(&mut doc);
        DatelineStage.analyze(&mut doc).unwrap();
        let dl = doc.meta.dateline.expect("dateline");
        assert_eq!(dl.date.as_deref(), Some("2024-03-21"));
        assert_eq!(dl.place.as_deref(), Some("Brussels"));
        assert_eq!(dl.agency.as_deref(), Some("Xinhua"));
    }
}
