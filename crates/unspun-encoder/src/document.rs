//! The trunk over a whole document, once: its sentences cut into piece
//! windows, run in batches of similar length, the states kept in the
//! document's [`Extensions`](unspun_core::Extensions) for every analyser
//! that reads them (the `encoder` stage).

use std::sync::OnceLock;

use candle_core::Tensor;
use unspun_core::stages::names;
use unspun_core::{AnalyzeError, Analyzer, Document, Languages};
pub use unspun_learn::models::model_dir;
use unspun_learn::ModelFile;

use crate::trunk::{windows, MAX_SEQUENCE};
use crate::{Batch, EncoderError, Piece, Trunk, TRUNK_LAYERS};

/// File name of the shared vocabulary.
pub const VOCAB_FILE: &str = "encoder-vocab.txt";
/// File name of the shared trunk weights.
pub const TRUNK_FILE: &str = "encoder-minilm-l6-trunk.safetensors";
/// Sequences per batch (of similar length): small batches waste least on
/// padding; 8 ran fastest on PTC articles (1 and 32 were 30 % slower).
pub const BATCH_SIZE: usize = 8;

/// The shared vocabulary, read at run time (see [`unspun_learn::models`]).
pub static VOCAB_MODEL: ModelFile = ModelFile::external(VOCAB_FILE);
/// The shared trunk weights, read at run time.
pub static TRUNK_MODEL: ModelFile = ModelFile::external(TRUNK_FILE);

static SHARED: OnceLock<Result<Trunk, String>> = OnceLock::new();

/// The trunk of [`model_dir`], loaded once per process.
pub fn shared_trunk() -> Result<&'static Trunk, String> {
    SHARED
        .get_or_init(|| {
            let vocab = VOCAB_MODEL.load_str().map_err(|e| e.to_string())?;
            let weights = TRUNK_MODEL.load().map_err(|e| e.to_string())?;
            Trunk::from_bytes(&weights, &vocab, TRUNK_LAYERS).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// One encoder input: a window of one sentence's pieces.
#[derive(Debug, Clone)]
pub struct Sequence {
    /// Index of the sentence in the document.
    pub sentence: usize,
    /// `[CLS]`, the pieces' ids, `[SEP]`.
    pub ids: Vec<u32>,
    /// The pieces (code-point offsets into the document).
    pub pieces: Vec<Piece>,
}

/// The encoder inputs of a segmented document: each sentence's pieces, cut
/// into windows of at most [`MAX_SEQUENCE`] pieces with `[CLS]`/`[SEP]`.
pub fn sequences(trunk: &Trunk, doc: &Document) -> Vec<Sequence> {
    let vocab = &trunk.vocab;
    let mut out = Vec::new();
    for (sentence, s) in doc.sentences.iter().enumerate() {
        let pieces = vocab.tokenize(doc.slice(s.span), s.span.start);
        for w in windows(&pieces) {
            let pieces = pieces[w].to_vec();
            let mut ids = Vec::with_capacity(pieces.len() + 2);
            ids.push(vocab.cls);
            ids.extend(pieces.iter().map(|p| p.id));
            ids.push(vocab.sep);
            debug_assert!(ids.len() <= MAX_SEQUENCE);
            out.push(Sequence {
                sentence,
                ids,
                pieces,
            });
        }
    }
    out
}

/// One batch of a document's sequences with the trunk's output.
#[derive(Debug, Clone)]
pub struct StateBatch {
    /// The sequence (index into [`TrunkStates::sequences`]) of each row.
    pub rows: Vec<usize>,
    /// The padded ids and mask.
    pub batch: Batch,
    /// Trunk states `[rows, length, hidden]`; row `r`, position `j + 1` is
    /// piece `j` of sequence `rows[r]`.
    pub states: Tensor,
}

/// The trunk's output for a whole document.
#[derive(Debug, Clone, Default)]
pub struct TrunkStates {
    /// The document's sequences, in text order.
    pub sequences: Vec<Sequence>,
    /// The batches (sequences of similar length together).
    pub batches: Vec<StateBatch>,
}

impl TrunkStates {
    /// Runs the trunk over a segmented document.
    pub fn compute(trunk: &Trunk, doc: &Document) -> Result<Self, EncoderError> {
        let sequences = sequences(trunk, doc);
        let mut order: Vec<usize> = (0..sequences.len()).collect();
        order.sort_by_key(|&i| sequences[i].ids.len());
        let mut batches = Vec::new();
        for chunk in order.chunks(BATCH_SIZE) {
            let ids: Vec<Vec<u32>> = chunk.iter().map(|&i| sequences[i].ids.clone()).collect();
            let batch = Batch::new(&ids, trunk.vocab.pad, trunk.device())?;
            let states = trunk.forward(&batch)?;
            batches.push(StateBatch {
                rows: chunk.to_vec(),
                batch,
                states,
            });
        }
        Ok(Self { sequences, batches })
    }

    /// Total number of pieces.
    pub fn pieces(&self) -> usize {
        self.sequences.iter().map(|s| s.pieces.len()).sum()
    }
}

/// The `encoder` stage: runs the shared trunk once per document and keeps
/// its states (in memory only) for the analysers of the accurate tier.
///
/// The states travel to those analysers through the document's
/// extensions (`doc.extensions`, keyed by the type [`TrunkStates`]): the
/// `techniques` and `sourcing` stages read them when the accurate tier runs
/// them after this one. They are never written out, and the facade drops
/// them once the pipeline has run.
pub struct EncoderStage;

impl Analyzer for EncoderStage {
    fn name(&self) -> &'static str {
        names::ENCODER
    }
    fn description(&self) -> &'static str {
        "the shared MiniLM trunk over every sentence (in memory, for the accurate tier)"
    }
    fn requires(&self) -> &'static [&'static str] {
        &[names::SEGMENT, names::LANGUAGE]
    }
    fn languages(&self) -> Languages {
        // all-MiniLM-L6-v2's vocabulary and training are English.
        Languages::ENGLISH
    }
    fn analyze(&self, doc: &mut Document) -> Result<(), AnalyzeError> {
        if doc.extensions.get::<TrunkStates>().is_some() {
            return Ok(());
        }
        let trunk = shared_trunk().map_err(|e| AnalyzeError::new("encoder", e))?;
        let states = TrunkStates::compute(trunk, doc)
            .map_err(|e| AnalyzeError::new("encoder", e.to_string()))?;
        doc.extensions.insert(states);
        Ok(())
    }
}
