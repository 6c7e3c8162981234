//! Pipelines built once per model tier and choice of stages, and shared by
//! every caller of a process (the server's requests, the Python binding's
//! threads): the models inside load once per process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use unspun_core::{Pipeline, PipelineError};

use crate::{Options, Tier};

/// Which stages were asked for, sorted and without repeats: `None` is every
/// stage.
type StageChoice = Option<Vec<String>>;

/// Pipelines by tier and stage choice, built on first use.
#[derive(Default)]
pub struct PipelineCache {
    built: Mutex<HashMap<(Tier, StageChoice), Arc<Pipeline>>>,
}

impl PipelineCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The pipeline of `tier` running `stages` (and what they need), or
    /// every stage; the same `Arc` for the same tier and set of names,
    /// whatever their order. An unknown stage name is an error.
    pub fn get(
        &self,
        tier: Tier,
        stages: Option<&[String]>,
    ) -> Result<Arc<Pipeline>, PipelineError> {
        let choice: StageChoice = stages.map(|s| {
            let mut names: Vec<String> = s.iter().map(|n| n.trim().to_string()).collect();
            names.sort();
            names.dedup();
            names
        });
        let key = (tier, choice);
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(pipeline) = built.get(&key) {
            return Ok(pipeline.clone());
        }
        let options = Options { techniques: tier };
        let pipeline = Arc::new(crate::pipeline_with(key.1.as_deref(), options)?);
        built.insert(key, pipeline.clone());
        Ok(pipeline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_choice_gives_the_same_pipeline() {
        let cache = PipelineCache::new();
        let a = cache
            .get(Tier::Fast, Some(&["sourcing".into(), "segment".into()]))
            .unwrap();
        let b = cache
            .get(Tier::Fast, Some(&[" segment".into(), "sourcing".into()]))
            .unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        let all = cache.get(Tier::Fast, None).unwrap();
        assert!(!Arc::ptr_eq(&a, &all));
    }

    #[test]
    fn an_unknown_stage_is_an_error() {
        let Err(error) = PipelineCache::new().get(Tier::Fast, Some(&["nonsense".into()])) else {
            panic!("an unknown stage was accepted");
        };
        assert!(error.to_string().contains("unknown stage"), "{error}");
    }
}
