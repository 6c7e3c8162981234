//! Helpers shared by the integration tests: run the built `unspun` binary,
//! capture its output, and check that it never panicked.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

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
            self.code,
            code,
            "unexpected exit status\n--- stdout ---\n{}\n--- stderr ---\n{}",
            truncate(&self.stdout),
            self.stderr
        );
        self
    }

    /// The output parsed as one JSON value.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", truncate(&self.stdout)))
    }

    /// The output parsed as JSON Lines.
    #[track_caller]
    pub fn jsonl(&self) -> Vec<Value> {
        parse_jsonl(&self.stdout)
    }
}

/// Parses JSON Lines, one value a line.
#[track_caller]
pub fn parse_jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("line {} is not JSON ({e}): {}", i + 1, truncate(line)))
        })
        .collect()
}

fn truncate(s: &str) -> String {
    const MAX: usize = 4000;
    if s.len() <= MAX {
        return s.to_string();
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &s[..end], s.len())
}

/// Runs `unspun` with `args` in `dir`, feeding `stdin` (or nothing), and
/// checks that it did not panic.
#[track_caller]
pub fn unspun_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    unspun_with(dir, args, stdin, &[])
}

/// [`unspun_in`] with extra environment variables.
#[track_caller]
pub fn unspun_with(dir: &Path, args: &[&str], stdin: Option<&[u8]>, envs: &[(&str, &str)]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the unspun binary starts");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("piped stdin");
        let bytes = bytes.to_vec();
        // Write from another thread so that a full stdout pipe cannot deadlock us.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let output = child.wait_with_output().expect("unspun runs to the end");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_no_panic(&run, args);
    run
}

/// Runs `unspun` with `args` in the current directory.
#[track_caller]
pub fn unspun(args: &[&str]) -> Run {
    unspun_in(Path::new("."), args, None)
}

/// Runs `unspun` with `args` and extra environment variables.
#[track_caller]
pub fn unspun_env(args: &[&str], envs: &[(&str, &str)]) -> Run {
    unspun_with(Path::new("."), args, None, envs)
}

/// Fails when the binary panicked (even a panic caught per input prints
/// "panicked" and becomes an "internal error" record).
#[track_caller]
pub fn assert_no_panic(run: &Run, args: &[&str]) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("internal error"),
        "unspun {args:?} panicked:\n{}",
        run.stderr
    );
    assert_ne!(
        run.code, 101,
        "unspun {args:?} exited with the panic status:\n{}",
        run.stderr
    );
    assert!(
        run.code >= 0,
        "unspun {args:?} was killed by a signal:\n{}",
        run.stderr
    );
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

/// The text of a code-point span of `text` given as `chars`.
pub fn span_text(chars: &[char], start: usize, end: usize) -> String {
    chars[start..end].iter().collect()
}

/// `record["sentences"]` as (start, end, paragraph) triples.
pub fn sentences(record: &Value) -> Vec<(usize, usize, usize)> {
    record["sentences"]
        .as_array()
        .expect("sentences array")
        .iter()
        .map(|s| {
            (
                as_usize(&s["start"]),
                as_usize(&s["end"]),
                as_usize(&s["paragraph"]),
            )
        })
        .collect()
}

/// `record["paragraphs"]` (or any list of spans) as (start, end) pairs.
pub fn spans(list: &Value) -> Vec<(usize, usize)> {
    list.as_array()
        .expect("array of spans")
        .iter()
        .map(|s| (as_usize(&s["start"]), as_usize(&s["end"])))
        .collect()
}

#[track_caller]
pub fn as_usize(v: &Value) -> usize {
    v.as_u64().unwrap_or_else(|| panic!("not an offset: {v}")) as usize
}

/// The sentences of a record as strings.
pub fn sentence_texts(record: &Value) -> Vec<String> {
    let chars: Vec<char> = record["document"]["text"]
        .as_str()
        .expect("text")
        .chars()
        .collect();
    sentences(record)
        .into_iter()
        .map(|(s, e, _)| span_text(&chars, s, e))
        .collect()
}

/// A short news article in the layout of the BBC corpus.
pub const NEWS: &str = "Minister defends “bold” budget\n\n\
The finance minister on Tuesday defended the budget as “bold but fair”. \
Critics said it would cost £1.5bn — far more than planned.\n\n\
Mr. Smith, a former U.S. trade official, called it “a mistake”. \
Officials declined to comment.\n";
