//! The pipelines the server runs, built once per tier and choice of stages
//! and shared by every request (the models inside load once per process).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use unspun::core::Pipeline;
use unspun::Tier;

use crate::error::ApiError;

/// Which stages a request asked for: `None` is every stage.
type StageChoice = Option<Vec<String>>;

/// Pipelines by tier and stage choice, built on first use.
#[derive(Default)]
pub struct Pipelines {
    built: Mutex<HashMap<(TierKey, StageChoice), Arc<Pipeline>>>,
}

/// A hashable name for a tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum TierKey {
    Fast,
    Accurate,
}

impl From<Tier> for TierKey {
    fn from(tier: Tier) -> Self {
        match tier {
            Tier::Fast => TierKey::Fast,
            Tier::Accurate => TierKey::Accurate,
        }
    }
}

impl Pipelines {
    /// The pipeline of `tier` running `stages` (and what they need), or
    /// every stage; an unknown stage name is a 400.
    pub fn get(&self, tier: Tier, stages: Option<&[String]>) -> Result<Arc<Pipeline>, ApiError> {
        let choice: StageChoice = stages.map(|s| {
            let mut names: Vec<String> = s.iter().map(|n| n.trim().to_string()).collect();
            names.sort();
            names.dedup();
            names
        });
        let key = (TierKey::from(tier), choice);
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(pipeline) = built.get(&key) {
            return Ok(pipeline.clone());
        }
        let options = unspun::Options { techniques: tier };
        let pipeline = unspun::pipeline_with(key.1.as_deref(), options)
            .map_err(|e| ApiError::bad_request(e.to_string()))?;
        let pipeline = Arc::new(pipeline);
        built.insert(key, pipeline.clone());
        Ok(pipeline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_choice_gives_the_same_pipeline() {
        let pipelines = Pipelines::default();
        let a = pipelines
            .get(Tier::Fast, Some(&["sourcing".into(), "segment".into()]))
            .unwrap();
        let b = pipelines
            .get(Tier::Fast, Some(&["segment".into(), "sourcing".into()]))
            .unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        let all = pipelines.get(Tier::Fast, None).unwrap();
        assert!(!Arc::ptr_eq(&a, &all));
    }

    #[test]
    fn an_unknown_stage_is_a_bad_request() {
        let Err(error) = Pipelines::default().get(Tier::Fast, Some(&["nonsense".into()])) else {
            panic!("an unknown stage was accepted");
        };
        assert_eq!(error.status.as_u16(), 400);
        assert!(error.message.contains("unknown stage"), "{}", error.message);
    }
}
