//! Typed, in-memory results that analysers share through a [`Document`]
//! without putting them in any output — the shared encoder's hidden states,
//! say, computed once and read by every analyser that needs them.
//!
//! [`Document`]: crate::Document

use std::any::{Any, TypeId};
use std::sync::Arc;

/// At most one value of each type.
#[derive(Clone, Default)]
pub struct Extensions(Vec<(TypeId, Arc<dyn Any + Send + Sync>)>);

impl Extensions {
    /// Stores `value`, replacing the value of the same type.
    pub fn insert<T: Any + Send + Sync>(&mut self, value: T) {
        let id = TypeId::of::<T>();
        self.0.retain(|(t, _)| *t != id);
        self.0.push((id, Arc::new(value)));
    }

    /// The value of type `T`, if one was stored.
    pub fn get<T: Any + Send + Sync>(&self) -> Option<&T> {
        let id = TypeId::of::<T>();
        self.0
            .iter()
            .find(|(t, _)| *t == id)
            .and_then(|(_, v)| v.downcast_ref::<T>())
    }

    /// Number of stored values.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Extensions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Extensions({} values)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_one_value_per_type() {
        let mut e = Extensions::default();
        assert!(e.get::<u32>().is_none());
        e.insert(7u32);
        e.insert(String::from("states"));
        e.insert(9u32);
        assert_eq!(e.get::<u32>(), Some(&9));
        assert_eq!(e.get::<String>().map(String::as_str), Some("states"));
        assert_eq!(e.len(), 2);
        assert_eq!(format!("{e:?}"), "Extensions(2 values)");
    }
}
