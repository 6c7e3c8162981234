//! Finding and loading model files: the one place that knows where they
//! are.
//!
//! A [`ModelFile`] is a file name of the `models/` folder, either embedded
//! in the binary when the analyser crate is compiled (the small fast-tier
//! files, with [`embed_model!`](crate::embed_model), so that a binary works
//! away from the checkout) or read at run time (the large accurate-tier
//! files). [`load`] looks for it:
//!
//! 1. in the folder named by `$UNSPUN_MODELS`, when that variable is set
//!    and not empty (a file there takes precedence over an embedded copy);
//! 2. else, or when the folder lacks an embedded file, in the embedded
//!    bytes (or those the binary bundles, [`register_bundled`]);
//! 3. else, for a file read at run time, in the `models/` folder of the
//!    checkout the binary was built from.
//!
//! A file found nowhere is a [`LoadError::NotFound`], whose message says
//! where it was looked for and what to do.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The environment variable that names the model folder.
pub const MODELS_ENV: &str = "UNSPUN_MODELS";

/// Why a model file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file is in none of the places looked at.
    #[error("model file {name} not found in {}; set {MODELS_ENV} to the folder that holds it, or use --model fast", .dir.display())]
    NotFound {
        /// The file name.
        name: String,
        /// The folder it was looked for in.
        dir: PathBuf,
    },
    /// The file is there but could not be read.
    #[error("cannot read model file {}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A text model file is not UTF-8.
    #[error("model file {name} is not UTF-8 text")]
    NotText {
        /// The file name.
        name: String,
    },
}

/// A model file: its name in the model folder, and its bytes when the
/// binary embeds it.
#[derive(Debug, Clone, Copy)]
pub struct ModelFile {
    name: &'static str,
    embedded: Option<&'static [u8]>,
}

impl ModelFile {
    /// A file embedded in the binary (see [`embed_model!`](crate::embed_model)).
    pub const fn embedded(name: &'static str, bytes: &'static [u8]) -> Self {
        Self {
            name,
            embedded: Some(bytes),
        }
    }

    /// A file read at run time only.
    pub const fn external(name: &'static str) -> Self {
        Self {
            name,
            embedded: None,
        }
    }

    /// The file name.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// Whether the binary holds a copy (embedded by the crate that names
    /// the file, or bundled by the binary, see [`register_bundled`]).
    pub fn is_embedded(&self) -> bool {
        self.bytes().is_some()
    }

    /// The copy the binary holds, if any.
    fn bytes(&self) -> Option<&'static [u8]> {
        self.embedded.or_else(|| bundled(self.name))
    }

    /// The file on disk this model is read from, if any: the one in
    /// `$UNSPUN_MODELS`, else (for a file that is not embedded) the one in
    /// the checkout's `models/`. `Ok(None)`: the embedded copy is used.
    pub fn path(&self) -> Result<Option<PathBuf>, LoadError> {
        let (dir, from_env) = match env_dir() {
            Some(dir) => (dir, true),
            None => (checkout_dir(), false),
        };
        let path = dir.join(self.name);
        if path.is_file() && (from_env || self.bytes().is_none()) {
            return Ok(Some(path));
        }
        if self.bytes().is_some() {
            return Ok(None);
        }
        Err(LoadError::NotFound {
            name: self.name.to_string(),
            dir,
        })
    }

    /// The file's bytes, from the first place that has it (see the module
    /// notes).
    pub fn load(&self) -> Result<Cow<'static, [u8]>, LoadError> {
        match (self.path()?, self.bytes()) {
            (Some(path), _) => read(&path).map(Cow::Owned),
            (None, Some(bytes)) => Ok(Cow::Borrowed(bytes)),
            (None, None) => unreachable!("path() finds a file that is not embedded"),
        }
    }

    /// The file as UTF-8 text.
    pub fn load_str(&self) -> Result<Cow<'static, str>, LoadError> {
        let not_text = || LoadError::NotText {
            name: self.name.to_string(),
        };
        match self.load()? {
            Cow::Borrowed(b) => std::str::from_utf8(b)
                .map(Cow::Borrowed)
                .map_err(|_| not_text()),
            Cow::Owned(b) => String::from_utf8(b).map(Cow::Owned).map_err(|_| not_text()),
        }
    }
}

/// Model files a binary carries besides those its crates embed: name →
/// bytes (set once, by [`register_bundled`]).
static BUNDLED: OnceLock<&'static [(&'static str, &'static [u8])]> = OnceLock::new();

/// Registers the model files a binary carries (the `unspun` command line
/// bundles the accurate tier's large files, so that an installed or copied
/// binary runs away from the checkout). Call it at start-up, before any
/// model is loaded; a bundled file then counts as embedded: a file of the
/// same name in `$UNSPUN_MODELS` still takes precedence. Only the first
/// call counts.
pub fn register_bundled(files: &'static [(&'static str, &'static [u8])]) {
    let _ = BUNDLED.set(files);
}

fn bundled(name: &str) -> Option<&'static [u8]> {
    BUNDLED
        .get()?
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, bytes)| *bytes)
}

/// A model read from its [`ModelFile`] and parsed on first use, then kept
/// for the life of the process (a `static` of the crate that owns it).
pub struct LazyModel<T: 'static> {
    file: ModelFile,
    parse: fn(&[u8]) -> Result<T, String>,
    cell: OnceLock<Result<T, String>>,
}

impl<T: 'static> LazyModel<T> {
    /// The model of `file`, parsed by `parse`.
    pub const fn new(file: ModelFile, parse: fn(&[u8]) -> Result<T, String>) -> Self {
        Self {
            file,
            parse,
            cell: OnceLock::new(),
        }
    }

    /// The file it is read from.
    pub fn file(&self) -> &ModelFile {
        &self.file
    }

    /// The model, loaded and parsed once per process; the error names the
    /// file.
    pub fn get(&'static self) -> Result<&'static T, String> {
        self.cell
            .get_or_init(|| {
                let bytes = self.file.load().map_err(|e| e.to_string())?;
                (self.parse)(&bytes).map_err(|e| format!("{}: {e}", self.file.name))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// The bytes of a model file (see [`ModelFile::load`]).
pub fn load(file: &ModelFile) -> Result<Cow<'static, [u8]>, LoadError> {
    file.load()
}

fn env_dir() -> Option<PathBuf> {
    match std::env::var_os(MODELS_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => None,
    }
}

/// The `models/` folder of the checkout this binary was built from.
pub fn checkout_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .and_then(Path::parent)
        .unwrap_or(manifest)
        .join("models")
}

/// The folder run-time model files are read from: `$UNSPUN_MODELS` when
/// set, else the checkout's `models/`.
pub fn model_dir() -> PathBuf {
    env_dir().unwrap_or_else(checkout_dir)
}

/// The path of `name` in `dir`, or [`LoadError::NotFound`].
pub fn find_in(dir: &Path, name: &str) -> Result<PathBuf, LoadError> {
    let path = dir.join(name);
    if path.is_file() {
        Ok(path)
    } else {
        Err(LoadError::NotFound {
            name: name.to_string(),
            dir: dir.to_path_buf(),
        })
    }
}

/// The bytes of `name` in `dir` (a model folder given explicitly).
pub fn read_in(dir: &Path, name: &str) -> Result<Vec<u8>, LoadError> {
    read(&find_in(dir, name)?)
}

/// The bytes of a model file given by its path (`--model-file`).
pub fn read(path: &Path) -> Result<Vec<u8>, LoadError> {
    std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The text of a model file given by its path.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    String::from_utf8(read(path)?).map_err(|_| LoadError::NotText {
        name: path.display().to_string(),
    })
}

/// A [`ModelFile`] embedded in the calling crate: the file `$name` of the
/// `models/` folder two levels above the crate's manifest (`crates/<name>/`
/// in the workspace). The crate is rebuilt when the file changes.
///
/// ```ignore
/// pub static ENTITIES: ModelFile = unspun_learn::embed_model!("entities-fast.bin");
/// ```
#[macro_export]
macro_rules! embed_model {
    ($name:literal) => {
        $crate::models::ModelFile::embedded(
            $name,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/", $name)),
        )
    };
}
