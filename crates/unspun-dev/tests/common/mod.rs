//! Helpers shared by the integration tests: run the built `unspun-dev`
//! binary, capture its output, and check that it never panicked.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Stdio};

/// What one run of the binary produced.
pub struct Run {
    /// Exit status (`-1` when killed by a signal).
    pub code: i32,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

impl Run {
    /// Fails with the full output when the exit status is not `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "unexpected exit status\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs `unspun-dev` with `args` in the current directory and checks that
/// it did not panic.
#[track_caller]
pub fn unspun_dev(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_unspun-dev"))
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the unspun-dev binary runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && run.code != 101 && run.code >= 0,
        "unspun-dev {args:?} panicked or was killed:\n{}",
        run.stderr
    );
    run
}

/// A path as a `&str` argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// Writes `contents` to `dir/name` (creating parent directories) and
/// returns the path as a string.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create fixture directory");
    }
    std::fs::write(&path, contents).expect("write fixture");
    path.to_str().expect("UTF-8 path").to_string()
}
