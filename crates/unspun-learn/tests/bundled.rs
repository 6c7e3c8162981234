//! Files a binary bundles count as embedded: found without a model folder,
//! and replaced by a file of the same name in `$UNSPUN_MODELS`. (Its own
//! test binary: the bundle and the environment are process-wide.)

use unspun_learn::models::{register_bundled, ModelFile, MODELS_ENV};

static BUNDLE: &[(&str, &[u8])] = &[("toy-bundled.bin", b"bundled bytes")];
static BUNDLED: ModelFile = ModelFile::external("toy-bundled.bin");
static ABSENT: ModelFile = ModelFile::external("toy-absent.bin");

#[test]
fn bundled_files_are_found_and_a_model_folder_overrides_them() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_var(MODELS_ENV, dir.path());
    assert!(!BUNDLED.is_embedded());
    assert!(BUNDLED.load().is_err(), "not bundled yet");
    register_bundled(BUNDLE);
    assert!(BUNDLED.is_embedded());
    assert_eq!(&*BUNDLED.load().unwrap(), b"bundled bytes");
    assert!(ABSENT.load().is_err());
    std::fs::write(dir.path().join("toy-bundled.bin"), b"from the folder").unwrap();
    assert_eq!(&*BUNDLED.load().unwrap(), b"from the folder");
}
