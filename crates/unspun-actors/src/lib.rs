//! Actors in news articles: the named-entity tagger (fast tier, trained on
//! CoNLL-2003), its conlleval scoring, and the `entities` analyser that
//! groups mentions into actors.

pub mod clusters;
pub mod conll;
pub mod decision;
pub mod entity_tower;
pub mod eval;
pub mod features;
pub mod knowledge;
pub mod portrayal;
pub mod portrayal_tower;
pub mod roles;
pub mod stage;
pub mod stance;
pub mod tagger;

pub use decision::DecisionsStage;
pub use stage::EntitiesStage;
pub use stance::StancesStage;
pub use tagger::{Tagger, TrainOptions, LABELS};
