//! The input shards of a run that writes one output part per shard
//! (`unspun analyze … -o DIR --format parquet|jsonl`): every JSON Lines or
//! WARC file is a shard of its own; the article files (text, HTML) of one
//! directory make one shard together; standard input is one.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use unspun::io::{file_id, is_directory_input, InputFormat};

/// Longest part name (in characters) before its extension.
const MAX_NAME_CHARS: usize = 120;

/// One shard: the inputs whose records go into one output part.
#[derive(Debug, PartialEq, Eq)]
pub struct Shard {
    /// The part's file name without extension: the shard's path relative to
    /// the input it was found in, `/` written `__` (`business`,
    /// `2024__CC-MAIN-00001`), unique in the run.
    pub name: String,
    /// The inputs, in the order they are read.
    pub inputs: Vec<String>,
}

/// The shards of `inputs` in input order (directories walked in file-name
/// order, as the batch reads them), and the number of directory files
/// skipped for their extension.
pub fn shards(inputs: &[String], format: InputFormat) -> (Vec<Shard>, usize) {
    let mut found = Found::default();
    for input in inputs {
        if input == "-" {
            found.add_own("stdin".into(), input.clone());
            continue;
        }
        let path = Path::new(input);
        if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name();
            for entry in walker {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        // Left to the batch to report: it names the error.
                        if let Some(p) = e.path() {
                            found.add_file(path, p, format);
                        }
                        continue;
                    }
                };
                if entry.file_type().is_dir() {
                    continue;
                }
                let file = entry.path();
                let hidden = file
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                let wanted = is_directory_input(file);
                if hidden || !wanted {
                    found.skipped += 1;
                    continue;
                }
                found.add_file(path, file, format);
            }
        } else {
            let base = path.parent().unwrap_or(Path::new(""));
            found.add_file(base, path, format);
        }
    }
    let skipped = found.skipped;
    (found.finish(), skipped)
}

#[derive(Default)]
struct Found {
    /// (name wanted, inputs) in order of first appearance.
    shards: Vec<(String, Vec<String>)>,
    /// Shard index of each directory of article files.
    groups: HashMap<PathBuf, usize>,
    skipped: usize,
}

impl Found {
    fn add_own(&mut self, name: String, input: String) {
        self.shards.push((name, vec![input]));
    }

    /// Adds `file`, found under `base` (the directory given, or the file's
    /// own directory for a file given).
    fn add_file(&mut self, base: &Path, file: &Path, format: InputFormat) {
        let input = file.display().to_string();
        let rel = file.strip_prefix(base).unwrap_or(file);
        let parent = rel.parent().unwrap_or(Path::new(""));
        if matches!(format.resolve(file), InputFormat::Jsonl | InputFormat::Warc) {
            let name = name_of(&parent.join(file_id(file)));
            self.add_own(name, input);
            return;
        }
        let dir = file.parent().unwrap_or(Path::new("")).to_path_buf();
        if let Some(&i) = self.groups.get(&dir) {
            self.shards[i].1.push(input);
            return;
        }
        let name = if parent.as_os_str().is_empty() {
            // Articles at the top of the input: the part takes the
            // directory's name.
            std::fs::canonicalize(base)
                .ok()
                .and_then(|b| b.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "articles".into())
        } else {
            name_of(parent)
        };
        self.groups.insert(dir, self.shards.len());
        self.shards.push((name, vec![input]));
    }

    /// The shards with unique names (a repeated name gets `-2`, `-3` …).
    fn finish(self) -> Vec<Shard> {
        let mut used = HashSet::new();
        self.shards
            .into_iter()
            .map(|(name, inputs)| {
                let mut unique = name.clone();
                let mut n = 1;
                while !used.insert(unique.to_ascii_lowercase()) {
                    n += 1;
                    unique = format!("{name}-{n}");
                }
                Shard {
                    name: unique,
                    inputs,
                }
            })
            .collect()
    }
}

/// A part name for a relative path: components joined by `__`, characters
/// other than letters, digits, `-`, `_` and `.` written `_`.
fn name_of(rel: &Path) -> String {
    let joined = rel
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("__");
    crate::output::safe_file_stem(&joined, MAX_NAME_CHARS, "part")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_of_a_tree() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        for file in [
            "top.txt",
            "a/1.txt",
            "a/2.html",
            "a/feed.jsonl",
            "b/crawl.warc.gz",
            "b/notes.md",
            "b/.hidden.txt",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let input = root.display().to_string();
        let (shards, skipped) = shards(std::slice::from_ref(&input), InputFormat::Auto);
        assert_eq!(skipped, 2);
        let got: Vec<(&str, usize)> = shards
            .iter()
            .map(|s| (s.name.as_str(), s.inputs.len()))
            .collect();
        assert_eq!(
            got,
            [("a", 2), ("a__feed", 1), ("b__crawl", 1), ("corpus", 1)]
        );
        assert!(shards[0].inputs[0].ends_with("1.txt"));
    }

    #[test]
    fn files_given_and_repeated_names() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("x/feed.jsonl");
        let b = dir.path().join("y/feed.jsonl");
        for p in [&a, &b] {
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let inputs = vec![a.display().to_string(), b.display().to_string(), "-".into()];
        let (shards, _) = shards(&inputs, InputFormat::Auto);
        let names: Vec<&str> = shards.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["feed", "feed-2", "stdin"]);
    }
}
