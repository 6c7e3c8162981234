//! Finding model files: `$UNSPUN_MODELS`, embedded bytes, the checkout's
//! `models/`, and the error when a file is nowhere. One test, because the
//! environment variable is shared by the whole process.

use std::borrow::Cow;

use unspun_learn::models::{self, LazyModel, LoadError, ModelFile, MODELS_ENV};

static EMBEDDED: ModelFile = ModelFile::embedded("toy-model.bin", b"embedded bytes");
static EXTERNAL: ModelFile = ModelFile::external("toy-large.bin");
static SHIPPED: ModelFile = ModelFile::external("README.md");
static PARSED: LazyModel<usize> = LazyModel::new(
    ModelFile::embedded("toy-count.bin", b"abc"),
    |b| Ok(b.len()),
);
static UNPARSABLE: LazyModel<usize> =
    LazyModel::new(ModelFile::embedded("toy-bad.bin", b"?"), |_| {
        Err("not a toy model".into())
    });

#[test]
fn lookup_order_and_the_missing_file_error() {
    std::env::remove_var(MODELS_ENV);
    // Without the variable: embedded bytes, and the checkout's models/.
    assert_eq!(
        models::load(&EMBEDDED).unwrap(),
        Cow::Borrowed(&b"embedded bytes"[..])
    );
    assert_eq!(EMBEDDED.path().unwrap(), None);
    assert!(models::checkout_dir().ends_with("models"));
    assert_eq!(models::model_dir(), models::checkout_dir());
    let readme = SHIPPED
        .load_str()
        .expect("models/README.md is in the checkout");
    assert!(readme.starts_with("# Models"));
    let err = EXTERNAL.load().unwrap_err();
    assert!(matches!(err, LoadError::NotFound { .. }));
    assert_eq!(PARSED.get(), Ok(&3));
    assert_eq!(PARSED.file().name(), "toy-count.bin");
    assert_eq!(UNPARSABLE.get(), Err("toy-bad.bin: not a toy model".into()));

    // With the variable: its folder first, embedded bytes as the fallback,
    // and nothing else for a run-time file.
    let dir = tempfile::tempdir().unwrap();
    std::env::set_var(MODELS_ENV, dir.path());
    assert_eq!(models::model_dir(), dir.path());
    assert_eq!(
        EMBEDDED.load().unwrap(),
        Cow::Borrowed(&b"embedded bytes"[..])
    );
    let err = EXTERNAL.load().unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "model file toy-large.bin not found in {}; set UNSPUN_MODELS to the folder that holds it, or use --model fast",
            dir.path().display()
        )
    );
    assert!(SHIPPED.load().is_err(), "the checkout is not looked at");
    std::fs::write(dir.path().join("toy-model.bin"), b"override").unwrap();
    std::fs::write(dir.path().join("toy-large.bin"), b"large").unwrap();
    assert_eq!(EMBEDDED.load().unwrap().as_ref(), b"override");
    assert_eq!(EXTERNAL.load().unwrap().as_ref(), b"large");
    assert_eq!(
        EXTERNAL.path().unwrap(),
        Some(dir.path().join("toy-large.bin"))
    );
    std::fs::write(dir.path().join("toy-large.bin"), [0xff, 0xfe]).unwrap();
    assert!(matches!(
        EXTERNAL.load_str(),
        Err(LoadError::NotText { .. })
    ));

    // An empty variable counts as unset.
    std::env::set_var(MODELS_ENV, "");
    assert_eq!(models::model_dir(), models::checkout_dir());
    std::env::remove_var(MODELS_ENV);

    // Explicit folders and files.
    assert_eq!(
        models::read_in(dir.path(), "toy-model.bin").unwrap(),
        b"override"
    );
    let err = models::read_in(dir.path(), "absent.bin")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("absent.bin") && err.contains("--model fast"),
        "{err}"
    );
    assert_eq!(
        models::read_text(&dir.path().join("toy-model.bin")).unwrap(),
        "override"
    );
    assert!(matches!(
        models::read_text(&dir.path().join("toy-large.bin")),
        Err(LoadError::NotText { .. })
    ));
    let err = models::read(&dir.path().join("absent.bin")).unwrap_err();
    assert!(matches!(err, LoadError::Io { .. }), "{err}");
}
