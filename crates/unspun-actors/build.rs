//! Points `UNSPUN_ENTITIES_FAST_MODEL` and `UNSPUN_PORTRAYAL_FAST_MODEL` at
//! the committed fast-tier models, or at an empty file when it is missing (the crate then builds, and
//! the stage reports that it has no model until one is trained).

use std::path::PathBuf;

fn embed(manifest: &std::path::Path, file: &str, var: &str) {
    let model = manifest.join("../../models").join(file);
    println!("cargo:rerun-if-changed={}", model.display());
    let path = if model.is_file() {
        model
    } else {
        let out =
            PathBuf::from(std::env::var("OUT_DIR").expect("out dir")).join(format!("empty-{file}"));
        std::fs::write(&out, b"").expect("write empty model");
        out
    };
    println!("cargo:rustc-env={var}={}", path.display());
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    println!("cargo:rerun-if-changed=build.rs");
    embed(&manifest, "entities-fast.bin", "UNSPUN_ENTITIES_FAST_MODEL");
    embed(
        &manifest,
        "portrayal-fast.bin",
        "UNSPUN_PORTRAYAL_FAST_MODEL",
    );
}
