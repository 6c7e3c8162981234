//! The document model: text, metadata, segmentation and annotation layers.

use serde::{Deserialize, Serialize};

use crate::layer::Layer;
use crate::offsets::OffsetMap;

/// A half-open range `[start, end)` of Unicode code points in a document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First code point of the span.
    pub start: usize,
    /// One past the last code point of the span.
    pub end: usize,
}

impl Span {
    /// Creates a span; `end` is clamped so that it is never before `start`.
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start,
            end: end.max(start),
        }
    }

    /// Number of code points covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when the two spans share at least one code point.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies entirely inside this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// The place (and agency, date) that opens a news story, as in
/// "WASHINGTON (Reuters) -" or "6th Jun 2023 – (Tokyo)".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The dateline as written.
    pub text: String,
    /// Where it lies in the document text.
    #[serde(flatten)]
    pub span: Span,
    /// The place, normalised to title case ("Washington").
    pub place: Option<String>,
    /// The news agency named in the dateline, if any ("Reuters").
    pub agency: Option<String>,
    /// The date in the dateline as an ISO 8601 date, if any.
    pub date: Option<String>,
}

/// What is known about a document besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// Headline.
    pub title: Option<String>,
    /// Address the article was published at.
    pub url: Option<String>,
    /// Publisher ("Reuters", "BBC News").
    pub outlet: Option<String>,
    /// Bylined authors.
    pub authors: Vec<String>,
    /// Publication date, ISO 8601 (`2023-06-06`).
    pub published: Option<String>,
    /// Dateline found at the start of the body.
    pub dateline: Option<Dateline>,
    /// Language of the text, ISO 639-1 where one exists (`en`).
    pub language: Option<String>,
}

/// Kinds of token the tokenizer distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Letters, possibly with internal apostrophes, hyphens or periods.
    Word,
    /// Digits, possibly with decimal points, thousands separators or a unit.
    Number,
    /// Punctuation: quotes, brackets, dashes, sentence marks.
    Punct,
    /// Anything else: currency signs, emoji, symbols.
    Symbol,
}

/// One token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Where the token lies.
    #[serde(flatten)]
    pub span: Span,
    /// What sort of token it is.
    pub kind: TokenKind,
}

/// One paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Where the paragraph lies (trimmed of surrounding white space).
    #[serde(flatten)]
    pub span: Span,
}

/// One sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Where the sentence lies (trimmed of surrounding white space).
    #[serde(flatten)]
    pub span: Span,
    /// Index of the paragraph that holds the sentence.
    pub paragraph: usize,
    /// Index of the first token of the sentence in [`Document::tokens`].
    pub first_token: usize,
    /// One past the index of the last token of the sentence.
    pub end_token: usize,
}

/// A news article with its metadata, segmentation and annotation layers.
///
/// The text never changes after construction, so every span stays valid.
#[derive(Debug, Clone)]
pub struct Document {
    /// Identifier: the file stem for files, the `id` field for JSON Lines.
    pub id: String,
    /// Where the document came from (a path, `stdin`, `file.jsonl:17`).
    pub source: Option<String>,
    /// Metadata.
    pub meta: Metadata,
    /// Paragraphs, in text order (filled by segmentation).
    pub paragraphs: Vec<Paragraph>,
    /// Sentences, in text order (filled by segmentation).
    pub sentences: Vec<Sentence>,
    /// Tokens, in text order (filled by segmentation).
    pub tokens: Vec<Token>,
    /// Annotation layers added by analysers, in the order they ran.
    pub layers: Vec<Layer>,
    /// Things a reader of the output should know about how the input was
    /// read (an encoding fallback, a truncated field).
    pub warnings: Vec<String>,
    /// Results about the article as a whole (the sourcing summary, the
    /// issues at stake), filled by stages.
    pub summary: crate::ArticleSummary,
    /// What became of each pipeline stage on this document, in run order:
    /// done, or skipped and why (a language the stage does not support).
    pub stage_runs: Vec<crate::StageRun>,
    /// In-memory results shared between analysers and never written out.
    /// Today one value travels here: the shared encoder's trunk states
    /// (`unspun_encoder::TrunkStates`), written by the `encoder` stage and
    /// read by `techniques` and `sourcing` in the accurate tier; the facade
    /// drops them once the pipeline has run.
    pub extensions: crate::Extensions,
    text: String,
    offsets: OffsetMap,
}

impl Document {
    /// Creates a document from its id and text; nothing is segmented yet.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let offsets = OffsetMap::new(&text);
        Self {
            id: id.into(),
            source: None,
            meta: Metadata::default(),
            paragraphs: Vec::new(),
            sentences: Vec::new(),
            tokens: Vec::new(),
            layers: Vec::new(),
            warnings: Vec::new(),
            summary: crate::ArticleSummary::default(),
            stage_runs: Vec::new(),
            extensions: crate::Extensions::default(),
            text,
            offsets,
        }
    }

    /// The document text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Length of the text in code points.
    pub fn char_len(&self) -> usize {
        self.offsets.char_len()
    }

    /// The code-point/byte offset map of the text.
    pub fn offsets(&self) -> &OffsetMap {
        &self.offsets
    }

    /// The text covered by a code-point span (clamped to the text).
    pub fn slice(&self, span: Span) -> &str {
        let start = self.offsets.to_byte(&self.text, span.start);
        let end = self.offsets.to_byte(&self.text, span.end).max(start);
        &self.text[start..end]
    }

    /// Byte range of a code-point span, for slicing `text()` directly.
    pub fn byte_range(&self, span: Span) -> std::ops::Range<usize> {
        let start = self.offsets.to_byte(&self.text, span.start);
        let end = self.offsets.to_byte(&self.text, span.end).max(start);
        start..end
    }

    /// Tokens of one sentence.
    pub fn sentence_tokens(&self, sentence: &Sentence) -> &[Token] {
        let end = sentence.end_token.min(self.tokens.len());
        &self.tokens[sentence.first_token.min(end)..end]
    }

    /// Why `stage` was skipped on this document, if it was.
    pub fn skipped(&self, stage: &str) -> Option<&str> {
        self.stage_runs
            .iter()
            .find(|r| r.stage == stage)
            .and_then(|r| r.skipped())
    }

    /// The layer with this name, if an analyser added it.
    pub fn layer(&self, name: &str) -> Option<&Layer> {
        self.layers.iter().find(|l| l.name == name)
    }

    /// The layer with this name, created empty if it does not exist yet.
    pub fn layer_mut(&mut self, name: &str) -> &mut Layer {
        if let Some(i) = self.layers.iter().position(|l| l.name == name) {
            return &mut self.layers[i];
        }
        self.layers.push(Layer::new(name));
        self.layers.last_mut().expect("just pushed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_uses_code_points() {
        let doc = Document::new("d", "“Quote” — 東京 office");
        assert_eq!(doc.char_len(), 19);
        assert_eq!(doc.slice(Span::new(0, 7)), "“Quote”");
        assert_eq!(doc.slice(Span::new(10, 12)), "東京");
        assert_eq!(doc.slice(Span::new(13, 99)), "office");
    }

    #[test]
    fn span_relations() {
        let a = Span::new(0, 5);
        let b = Span::new(4, 9);
        let c = Span::new(5, 9);
        assert!(a.overlaps(&b));
        assert!(!a.overlaps(&c));
        assert!(b.contains(&c));
        assert_eq!(Span::new(5, 2), Span::new(5, 5));
        assert!(Span::new(3, 3).is_empty());
    }

    #[test]
    fn layer_mut_creates_once() {
        let mut doc = Document::new("d", "text");
        doc.layer_mut("techniques");
        doc.layer_mut("techniques");
        assert_eq!(doc.layers.len(), 1);
        assert!(doc.layer("techniques").is_some());
        assert!(doc.layer("entities").is_none());
    }
}
