//! The accurate tier's model files, carried inside what a user installs
//! (cargo feature `bundled-models`, on by default in the `unspun` binary and
//! the Python wheel), so that a binary that is installed (`cargo install
//! --path crates/unspun-cli`) or copied to another machine, or a wheel,
//! runs the default tier without the checkout it was built from. `UNSPUN_MODELS` still names a folder whose files take precedence.
//! The small fast-tier files are embedded by the analyser crates
//! themselves; these are the large ones (the shared encoder and the towers,
//! about 64 MB).

/// One bundled file: its name in `models/` and its bytes.
macro_rules! bundle {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/", $name)) as &[u8],
        )
    };
}

/// Every model file the accurate tier reads at run time.
pub static FILES: &[(&str, &[u8])] = &[
    bundle!("encoder-vocab.txt"),
    bundle!("encoder-minilm-l6-trunk.safetensors"),
    bundle!("techniques-accurate.safetensors"),
    bundle!("techniques-accurate.json"),
    bundle!("attribution-accurate.safetensors"),
    bundle!("attribution-accurate.json"),
    bundle!("entities-accurate.safetensors"),
    bundle!("entities-accurate.json"),
    bundle!("portrayal-accurate.safetensors"),
    bundle!("portrayal-accurate.json"),
];

/// Makes [`FILES`] the model files this process carries (see
/// `unspun_learn::models::register_bundled`). Call it at start-up, before
/// any model is loaded; later calls change nothing.
pub fn register() {
    unspun_learn::models::register_bundled(FILES);
}
