//! Readers of unspun: turn bytes from files, directories, JSON Lines and
//! standard input into [`unspun_core::Document`]s.
//!
//! - [`decode`]: bytes to text (UTF-8, UTF-16 with a BOM, and a reported
//!   Windows-1252 fallback), refusing empty and binary input.
//! - [`plain`]: plain-text articles (title on the first line, blank line, body).
//! - [`jsonl`]: one JSON article per line.
//! - [`html`]: the visible text of an HTML page, by paragraphs.
//! - [`inputs`]: expands command-line inputs (files, directory trees, JSON
//!   Lines files, `-` for standard input) into a lazy stream of jobs.

pub mod decode;
pub mod error;
pub mod html;
pub mod inputs;
pub mod jsonl;
pub mod plain;

pub use error::ReadError;
pub use inputs::{
    file_id, is_directory_input, read_file_limited, read_job, InputFormat, Job, JobKind, Jobs,
};

/// Largest single input unspun reads (bytes). Larger inputs are refused with
/// [`ReadError::TooLarge`] rather than exhausting memory.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;
