//! The PolNeAR evaluation: reads a split (`DIR/text/*.txt`,
//! `DIR/attributions/*_ANNOTATOR.ann`), runs the extractor on every text and
//! scores it against every annotation of that text.
//!
//! A text annotated by two annotators is scored against each annotation and
//! both scores are added (micro-average over annotation files), so such a
//! text weighs twice.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use unspun_core::{segment, Document};

use crate::brat::{parse_ann, split_ann_name, Relation};
use crate::extract::{extract, Attribution, CueLexicon};
use crate::score::{score_document, Score};

/// One article of a split with its annotations.
#[derive(Debug, Clone)]
pub struct Article {
    /// File stem.
    pub id: String,
    /// Article text.
    pub text: String,
    /// Annotations, by annotator id.
    pub gold: BTreeMap<String, Vec<Relation>>,
}

/// Errors reading a split.
#[derive(Debug, thiserror::Error)]
pub enum SplitError {
    /// A file or directory could not be read.
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
}

/// Reads a PolNeAR split directory.
pub fn read_split(dir: &Path) -> Result<Vec<Article>, SplitError> {
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let mut articles: BTreeMap<String, Article> = BTreeMap::new();
    let list = |d: &Path| -> Result<Vec<PathBuf>, SplitError> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .map_err(|e| SplitError::Io(d.to_path_buf(), e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        v.sort();
        Ok(v)
    };
    for path in list(&text_dir)? {
        if path.extension().is_some_and(|e| e == "txt") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| SplitError::Io(path.clone(), e))?;
            let id = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            articles.insert(
                id.clone(),
                Article {
                    id,
                    text,
                    gold: BTreeMap::new(),
                },
            );
        }
    }
    if ann_dir.is_dir() {
        for path in list(&ann_dir)? {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let Some((stem, annotator)) = split_ann_name(&name) else {
                continue;
            };
            let Some(article) = articles.get_mut(stem) else {
                continue;
            };
            let ann =
                std::fs::read_to_string(&path).map_err(|e| SplitError::Io(path.clone(), e))?;
            article.gold.insert(annotator.to_string(), parse_ann(&ann));
        }
    }
    Ok(articles.into_values().collect())
}

/// Segments a text and finds its attributions.
pub fn analyse(id: &str, text: &str, lexicon: &CueLexicon) -> (Document, Vec<Attribution>) {
    let mut doc = Document::new(id, text);
    segment::segment(&mut doc);
    let atts = extract(&doc, lexicon);
    (doc, atts)
}

/// An attribution as a brat relation.
pub fn to_relation(a: &Attribution) -> Relation {
    Relation {
        source: a.source.into_iter().collect(),
        cue: vec![a.cue],
        content: a.content.clone(),
    }
}

/// The result of an evaluation run.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Texts read.
    pub texts: usize,
    /// Annotation files scored against.
    pub annotations: usize,
    /// Gold relations.
    pub gold_relations: usize,
    /// Predicted relations (counted once per annotation file).
    pub predicted_relations: usize,
    /// The scores.
    pub score: Score,
}

/// A segmented document of an article's text.
pub fn segmented(art: &Article) -> Document {
    let mut doc = Document::new(&art.id, &art.text);
    segment::segment(&mut doc);
    doc
}

/// Runs the rule-based extractor on every article and scores it;
/// `on_prediction` receives every article with its predicted relations (to
/// write them).
pub fn evaluate(
    articles: &[Article],
    lexicon: &CueLexicon,
    on_prediction: impl FnMut(&Article, &[Relation]),
) -> Evaluation {
    evaluate_with(articles, |doc| extract(doc, lexicon), on_prediction)
}

/// Runs `find` (an extractor over a segmented document) on every article
/// and scores it; `on_prediction` receives every article with its
/// predicted relations.
pub fn evaluate_with(
    articles: &[Article],
    find: impl Fn(&Document) -> Vec<Attribution>,
    mut on_prediction: impl FnMut(&Article, &[Relation]),
) -> Evaluation {
    let mut ev = Evaluation::default();
    for art in articles {
        let atts = find(&segmented(art));
        let pred: Vec<Relation> = atts.iter().map(to_relation).collect();
        on_prediction(art, &pred);
        ev.texts += 1;
        for gold in art.gold.values() {
            ev.annotations += 1;
            ev.gold_relations += gold.len();
            ev.predicted_relations += pred.len();
            ev.score.add(&score_document(&pred, gold));
        }
    }
    ev
}
