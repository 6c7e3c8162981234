//! Colours: the palette, and a stable palette slot for each layer and label
//! name.

use std::collections::HashMap;

/// Highlight colours as (line on a light background, line on a dark
/// background). Each passes 3:1 against its background; the tints behind the
/// text are the same colours at low opacity, so the text keeps its contrast.
pub(super) const PALETTE: [(u32, u32); 16] = [
    (0x1d64c8, 0x6aa8ff), // blue
    (0xc2410c, 0xfb923c), // orange
    (0x047857, 0x34d399), // green
    (0xc81e1e, 0xf87171), // red
    (0x6d28d9, 0xa78bfa), // violet
    (0x9a6700, 0xfacc15), // amber
    (0xbe185d, 0xf472b6), // pink
    (0x0f766e, 0x2dd4bf), // teal
    (0x4d7c0f, 0xa3e635), // olive
    (0x8a4b1d, 0xd6a06b), // brown
    (0x475569, 0xa5b4c8), // slate
    (0xa21caf, 0xe879f9), // fuchsia
    (0x0369a1, 0x38bdf8), // sky
    (0x9f1239, 0xfb7185), // crimson
    (0x3730a3, 0x818cf8), // indigo
    (0x166534, 0x86efac), // forest
];
/// The first colours of [`PALETTE`] are the most distinct from each other.
const DISTINCT_COLOURS: usize = 8;
/// Colour of the dateline highlight (outside the distinct ones, so that it
/// differs from the layers' colours in the usual case of few layers).
pub(super) const DATELINE_COLOUR: usize = 10;

/// 64-bit FNV-1a: a stable hash for picking colours.
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Gives each name a palette slot: its hash decides, and names that collide
/// (taken in alphabetical order) move to the next free slot while any is
/// left, so the same name keeps its colour from one document to the next
/// unless it collides. Up to [`DISTINCT_COLOURS`] names share only the most
/// distinct colours (the start of the palette).
pub(super) fn assign_colours<'a>(
    names: impl IntoIterator<Item = &'a str>,
) -> HashMap<&'a str, usize> {
    let mut sorted: Vec<&str> = names.into_iter().collect();
    sorted.sort_unstable();
    sorted.dedup();
    let size = if sorted.len() <= DISTINCT_COLOURS {
        DISTINCT_COLOURS
    } else {
        PALETTE.len()
    };
    let mut used = [false; PALETTE.len()];
    let mut map = HashMap::with_capacity(sorted.len());
    for name in sorted {
        let mut slot = (fnv1a(name) % size as u64) as usize;
        if used[..size].iter().any(|u| !u) {
            while used[slot] {
                slot = (slot + 1) % size;
            }
            used[slot] = true;
        }
        map.insert(name, slot);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::render_html;
    use crate::html::testing::{ann, layer};
    use std::collections::BTreeSet;
    use unspun_core::Document;

    #[test]
    fn colours_are_deterministic_and_distinct_within_a_layer() {
        let labels = [
            "Loaded_Language",
            "Doubt",
            "Flag_Waving",
            "Repetition",
            "Exaggeration",
        ];
        let a = assign_colours(labels.iter().copied());
        let b = assign_colours(labels.iter().rev().copied());
        assert_eq!(a, b);
        let distinct: BTreeSet<usize> = a.values().copied().collect();
        assert_eq!(distinct.len(), labels.len());
        assert!(a.values().all(|&c| c < DISTINCT_COLOURS));
        let many: Vec<String> = (0..40).map(|i| format!("label{i}")).collect();
        let m = assign_colours(many.iter().map(String::as_str));
        assert!(m.values().all(|&c| c < PALETTE.len()));
        let used: BTreeSet<usize> = m.values().copied().collect();
        assert_eq!(used.len(), PALETTE.len());

        let mut doc = Document::new("d", "some text to mark");
        doc.layers.push(layer(
            "techniques",
            vec![ann(0, 4, "Doubt"), ann(5, 9, "Doubt")],
        ));
        assert_eq!(render_html(&doc), render_html(&doc));
    }
}
