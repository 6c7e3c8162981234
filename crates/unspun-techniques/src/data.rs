//! PTC data: article files and SemEval rows
//! (`article_id<TAB>technique<TAB>start<TAB>end`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use unspun_core::{segment, Document};

/// One SemEval row: a span of an article and its technique (`?` when
/// unknown, as in a TC template; empty for SI rows without a technique).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Row {
    /// Article id as SemEval writes it (the digits of `article123.txt`).
    pub article: String,
    /// Technique name.
    pub technique: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// Why data could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A file or directory could not be read.
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    /// A row that is not `id<TAB>technique<TAB>start<TAB>end` or `id<TAB>start<TAB>end`.
    #[error("{0}:{1}: bad row: {2}")]
    BadRow(String, usize, String),
}

/// Parses rows with four columns (`id, technique, start, end`) or three
/// (`id, start, end`, technique left empty). Blank lines are skipped;
/// `source` names the input in errors.
pub fn parse_rows(text: &str, source: &str) -> Result<Vec<Row>, DataError> {
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (article, technique, start, end) = match cols.as_slice() {
            [a, t, s, e] => (*a, *t, *s, *e),
            [a, s, e] => (*a, "", *s, *e),
            _ => return Err(DataError::BadRow(source.into(), n + 1, line.into())),
        };
        let num = |v: &str| {
            v.trim()
                .parse::<usize>()
                .map_err(|_| DataError::BadRow(source.into(), n + 1, line.into()))
        };
        let (start, end) = (num(start)?, num(end)?);
        if end < start {
            return Err(DataError::BadRow(source.into(), n + 1, line.into()));
        }
        rows.push(Row {
            article: article.trim().to_string(),
            technique: technique.trim().to_string(),
            start,
            end,
        });
    }
    Ok(rows)
}

/// Writes rows as `id<TAB>technique<TAB>start<TAB>end` lines.
pub fn format_rows(rows: &[Row]) -> String {
    let mut out = String::new();
    for r in rows {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}",
            r.article, r.technique, r.start, r.end
        );
    }
    out
}

/// The article id of a PTC file name: the digits of its stem
/// (`article111111112.txt` → `111111112`), or the stem when it has none.
pub fn article_id(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let digits: String = stem
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if digits.is_empty() {
        stem.to_string()
    } else {
        digits
    }
}

/// One article, segmented, with its gold rows (empty when unlabelled).
#[derive(Debug, Clone)]
pub struct Article {
    /// SemEval article id.
    pub id: String,
    /// The article, segmented.
    pub doc: Document,
    /// Gold rows of this article.
    pub gold: Vec<Row>,
}

fn read_dir_sorted(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, DataError> {
    let entries = std::fs::read_dir(dir).map_err(|e| DataError::Io(dir.into(), e))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads and segments every `*.txt` article of `dir`, in file-name order.
pub fn read_articles(dir: &Path) -> Result<Vec<Article>, DataError> {
    let mut out = Vec::new();
    for path in read_dir_sorted(dir, "txt")? {
        let bytes = std::fs::read(&path).map_err(|e| DataError::Io(path.clone(), e))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let id = article_id(&path);
        let mut doc = Document::new(format!("article{id}"), text);
        segment::segment(&mut doc);
        out.push(Article {
            id,
            doc,
            gold: Vec::new(),
        });
    }
    Ok(out)
}

/// Reads every `*.labels` file of `dir` (rows of all articles, in file order).
pub fn read_label_dir(dir: &Path) -> Result<Vec<Row>, DataError> {
    let mut rows = Vec::new();
    for path in read_dir_sorted(dir, "labels")? {
        let text = std::fs::read_to_string(&path).map_err(|e| DataError::Io(path.clone(), e))?;
        rows.extend(parse_rows(&text, &path.display().to_string())?);
    }
    Ok(rows)
}

/// Reads a PTC split: `DIR/articles/*.txt` and, when present,
/// `DIR/labels/*.labels`, and gives each article its gold rows.
/// `DIR` may also be a directory of articles only.
pub fn read_split(dir: &Path) -> Result<Vec<Article>, DataError> {
    let articles_dir = dir.join("articles");
    let articles_dir = if articles_dir.is_dir() {
        articles_dir
    } else {
        dir.to_path_buf()
    };
    let mut articles = read_articles(&articles_dir)?;
    let labels_dir = dir.join("labels");
    if labels_dir.is_dir() {
        let mut rows = read_label_dir(&labels_dir)?;
        rows.sort_by(|a, b| {
            (&a.article, a.start, a.end, &a.technique).cmp(&(
                &b.article,
                b.start,
                b.end,
                &b.technique,
            ))
        });
        for a in &mut articles {
            a.gold = rows.iter().filter(|r| r.article == a.id).cloned().collect();
        }
    }
    Ok(articles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_round_trip() {
        let text = "7\tDoubt\t0\t5\n\n7\tName_Calling,Labeling\t10\t20\r\n";
        let rows = parse_rows(text, "t").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].technique, "Name_Calling,Labeling");
        assert_eq!(
            format_rows(&rows),
            "7\tDoubt\t0\t5\n7\tName_Calling,Labeling\t10\t20\n"
        );
        let si = parse_rows("7\t3\t9\n", "t").unwrap();
        assert_eq!(
            (si[0].technique.as_str(), si[0].start, si[0].end),
            ("", 3, 9)
        );
        assert!(parse_rows("7\tDoubt\tx\t5\n", "t").is_err());
        assert!(parse_rows("7\tDoubt\t9\t5\n", "t").is_err());
        assert!(parse_rows("only-one-column\n", "t").is_err());
    }

    #[test]
    fn ids_from_file_names() {
        assert_eq!(article_id(Path::new("x/article111111112.txt")), "111111112");
        assert_eq!(article_id(Path::new("x/story.txt")), "story");
    }

    #[test]
    fn split_with_labels() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("articles")).unwrap();
        std::fs::create_dir(dir.path().join("labels")).unwrap();
        std::fs::write(
            dir.path().join("articles/article5.txt"),
            "Title\n\nA body.\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("articles/article6.txt"), "Other\n\nText.\n").unwrap();
        std::fs::write(
            dir.path().join("labels/article5.labels"),
            "5\tDoubt\t7\t13\n",
        )
        .unwrap();
        let split = read_split(dir.path()).unwrap();
        assert_eq!(split.len(), 2);
        assert_eq!(split[0].gold.len(), 1);
        assert!(split[1].gold.is_empty());
        assert_eq!(split[0].doc.slice(unspun_core::Span::new(7, 13)), "A body");
        assert!(!split[0].doc.tokens.is_empty());
    }
}
