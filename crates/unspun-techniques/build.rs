//! Points `UNSPUN_TECHNIQUES_FAST_MODEL` at the committed fast-tier model, or
//! at an empty file when it is missing (the crate then builds, and the stage
//! reports that it has no model until one is trained).

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let model = manifest.join("../../models/techniques-fast.bin");
    println!("cargo:rerun-if-changed={}", model.display());
    println!("cargo:rerun-if-changed=build.rs");
    let path = if model.is_file() {
        model
    } else {
        let out = PathBuf::from(std::env::var("OUT_DIR").expect("out dir")).join("empty-model.bin");
        std::fs::write(&out, b"").expect("write empty model");
        out
    };
    println!(
        "cargo:rustc-env=UNSPUN_TECHNIQUES_FAST_MODEL={}",
        path.display()
    );
}
