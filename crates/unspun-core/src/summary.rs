//! Document-level results: what stages find about the article as a whole
//! rather than about spans of it. The JSON record writes them under
//! `summary`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::layers::SourceKind;

/// Results about the whole article, each filled by one stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    /// The issues the article's stances are about, the main one first
    /// (filled by `stances`; empty when it did not run or found none).
    pub issues: Vec<String>,
    /// Who the article cites and how much is its own opinion (filled by
    /// `sourcing`).
    pub sourcing: Option<SourcingSummary>,
}

impl ArticleSummary {
    /// The article's main issue, when the stances stage found one.
    pub fn main_issue(&self) -> Option<&str> {
        self.issues.first().map(String::as_str)
    }
}

/// How many sentences of each kind the article has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceCounts {
    /// Sentences whose main claim is attributed.
    pub reported: usize,
    /// The outlet's own judgements.
    pub editorial: usize,
    /// Unattributed statements of fact.
    pub neutral: usize,
}

/// One source of the article and what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceEntry {
    /// The source as named ("Hirokazu Matsuno", "Analysts"), or "(no source
    /// given)".
    pub name: String,
    /// Its kind.
    pub kind: SourceKind,
    /// Indices in the `attributions` layer of what it said.
    pub attributions: Vec<usize>,
    /// The content of each of those attributions.
    pub said: Vec<String>,
}

/// The sourcing of the article: its share of editorial sentences and its
/// sources by kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourcingSummary {
    /// One sentence for a reader: the share of editorial sentences and the
    /// sources by kind.
    pub overview: String,
    /// Share of sentences (0–1) that are the outlet's own judgement.
    pub editorial_share: f64,
    /// Sentences by kind.
    pub sentences: SentenceCounts,
    /// Number of distinct sources of each kind that occurs.
    pub sources_by_kind: BTreeMap<String, usize>,
    /// Every source, in order of first mention, with what it said.
    pub sources: Vec<SourceEntry>,
}
