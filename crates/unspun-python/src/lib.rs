//! The native module of the Python package `unspun` (`unspun._unspun`).
//!
//! It is thin: every article becomes one `unspun::io::Job` of the command
//! line's own readers, runs through the same pipeline, and comes back as the
//! same JSON record (or the same error record); Arrow batches come back
//! through `unspun_arrow::RecordsBuilder`, the builder of the CLI's Parquet.
//! The Python layer (`python/unspun/__init__.py`) turns records into dicts
//! and errors into exceptions. The GIL is released while Rust works, on
//! every core; models load once per process (`unspun::PipelineCache`).

mod arrow_ffi;
mod articles;
mod run;

use std::collections::HashMap;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use unspun::core::Languages;
use unspun::Tier;

use crate::arrow_ffi::ArrowBatch;
use crate::run::{analyze_prepared, Outcome, RunOptions};

pyo3::create_exception!(
    _unspun,
    UnspunError,
    PyValueError,
    "An article that unspun could not read or analyse (the message is the command line's)."
);

/// Parses a tier name (`accurate` or `fast`), as the command line does.
fn parse_tier(name: &str) -> PyResult<Tier> {
    match name.trim().to_ascii_lowercase().as_str() {
        "fast" => Ok(Tier::Fast),
        "accurate" => Ok(Tier::Accurate),
        other => Err(PyValueError::new_err(format!(
            "unknown model `{other}` (use `fast` or `accurate`)"
        ))),
    }
}

fn run_options(
    model: &str,
    stages: Option<Vec<String>>,
    threads: Option<usize>,
    tokens: bool,
) -> PyResult<RunOptions> {
    if threads == Some(0) {
        return Err(PyValueError::new_err("threads must be at least 1"));
    }
    let tier = parse_tier(model)?;
    let pipeline = run::pipelines()
        .get(tier, stages.as_deref())
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(RunOptions {
        pipeline,
        threads,
        tokens,
    })
}

/// Analyses articles, each a `str` (the text) or a `dict` of article fields,
/// on `threads` threads (default: every core) with the GIL released.
/// Returns, in input order, `(True, record_json)` or `(False,
/// error_record_json)`; an item that is not an article gives an error
/// record, never an exception. Items without `source` are named
/// `item:N`, counting from `first_index`.
#[pyfunction]
#[pyo3(signature = (items, *, model = "accurate", stages = None, threads = None, tokens = false, first_index = 0))]
fn analyze_items(
    py: Python<'_>,
    items: Vec<Bound<'_, PyAny>>,
    model: &str,
    stages: Option<Vec<String>>,
    threads: Option<usize>,
    tokens: bool,
    first_index: usize,
) -> PyResult<Vec<(bool, String)>> {
    let options = run_options(model, stages, threads, tokens)?;
    let prepared: Vec<_> = items
        .iter()
        .enumerate()
        .map(|(i, item)| articles::prepare(item, first_index + i))
        .collect();
    let outcomes = py.detach(move || analyze_prepared(prepared, &options));
    Ok(outcomes
        .into_iter()
        .map(|o| match o {
            Outcome::Record { json, .. } => (true, json),
            Outcome::Failed {
                source, message, ..
            } => (
                false,
                unspun::report::json::error_record(&source, &message, false),
            ),
        })
        .collect())
}

/// Analyses the rows of an Arrow record batch (anything with
/// `__arrow_c_array__`) and returns a batch with one row per input row, in
/// order, in the schema of the command line's Parquet; rows that fail have
/// `error` set. `columns` maps article fields to column names.
#[pyfunction]
#[pyo3(signature = (batch, *, model = "accurate", stages = None, threads = None, tokens = false, columns = None))]
fn analyze_arrow(
    py: Python<'_>,
    batch: &Bound<'_, PyAny>,
    model: &str,
    stages: Option<Vec<String>>,
    threads: Option<usize>,
    tokens: bool,
    columns: Option<HashMap<String, String>>,
) -> PyResult<ArrowBatch> {
    let options = run_options(model, stages, threads, tokens)?;
    let input = arrow_ffi::import_batch(batch)?;
    let columns = columns.unwrap_or_default();
    let rows = unspun_arrow::read_input_rows(&input, &columns)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    drop(input);
    let output = py.detach(move || {
        let prepared = rows.into_iter().map(articles::prepare_row).collect();
        let mut builder = unspun_arrow::RecordsBuilder::new();
        for outcome in analyze_prepared(prepared, &options) {
            match outcome {
                Outcome::Record { json, id, source } => {
                    if let Err(e) = builder.push_record_json(&json) {
                        let message = format!("internal error (please report this input): {e}");
                        builder.push_error(id.as_deref(), Some(&source), &message);
                    }
                }
                Outcome::Failed {
                    id,
                    source,
                    message,
                } => builder.push_error(id.as_deref(), Some(&source), &message),
            }
        }
        builder.finish()
    });
    Ok(ArrowBatch::new(output))
}

/// An empty batch in the schema of `analyze_arrow`'s output (its
/// `__arrow_c_schema__` gives the schema).
#[pyfunction]
fn output_schema() -> ArrowBatch {
    ArrowBatch::new(unspun_arrow::RecordsBuilder::new().finish())
}

/// Every stage unspun has, in the order they run: `name`, `description`,
/// `requires` and `languages` (`None`: every language).
#[pyfunction]
fn stages(py: Python<'_>) -> PyResult<Vec<Bound<'_, PyDict>>> {
    unspun::available_stages()
        .iter()
        .map(|stage| {
            let entry = PyDict::new(py);
            entry.set_item("name", stage.name())?;
            entry.set_item("description", stage.description())?;
            entry.set_item("requires", stage.requires().to_vec())?;
            let languages = match stage.languages() {
                Languages::Only(codes) => Some(codes.to_vec()),
                _ => None,
            };
            entry.set_item("languages", languages)?;
            Ok(entry)
        })
        .collect()
}

/// The model files this extension carries (name, bytes): the accurate
/// tier's, so that an installed wheel runs without the checkout.
#[pyfunction]
fn bundled_models() -> Vec<(&'static str, usize)> {
    #[cfg(feature = "bundled-models")]
    return unspun::bundled::FILES
        .iter()
        .map(|(name, bytes)| (*name, bytes.len()))
        .collect();
    #[cfg(not(feature = "bundled-models"))]
    Vec::new()
}

/// The headline of a plain text, as a `.txt` file is read: its first line
/// when a blank line follows it and it is short enough; `None` otherwise.
#[pyfunction]
fn title_of(text: &str) -> Option<String> {
    unspun::io::plain::title_of(text)
}

/// Loads the models of `model` now (they load on first use otherwise), so
/// that a missing or broken model fails here and the first article is not
/// slow.
#[pyfunction]
#[pyo3(signature = (model = "accurate"))]
fn load_models(py: Python<'_>, model: &str) -> PyResult<()> {
    let options = run_options(model, None, Some(1), false)?;
    py.detach(move || unspun::analyze_example(&options.pipeline).map(|_| ()))
        .map_err(|e| UnspunError::new_err(format!("the {model} tier cannot run: {e}")))
}

/// The native module.
#[pymodule]
fn _unspun(m: &Bound<'_, PyModule>) -> PyResult<()> {
    #[cfg(feature = "bundled-models")]
    unspun::bundled::register();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add(
        "SCHEMA_VERSION",
        unspun::report::json::SCHEMA_VERSION.to_string(),
    )?;
    m.add("UnspunError", m.py().get_type::<UnspunError>())?;
    m.add("EXAMPLE_ARTICLE", unspun::EXAMPLE_ARTICLE)?;
    m.add_class::<ArrowBatch>()?;
    m.add_function(wrap_pyfunction!(analyze_items, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(output_schema, m)?)?;
    m.add_function(wrap_pyfunction!(stages, m)?)?;
    m.add_function(wrap_pyfunction!(load_models, m)?)?;
    m.add_function(wrap_pyfunction!(title_of, m)?)?;
    m.add_function(wrap_pyfunction!(bundled_models, m)?)?;
    Ok(())
}
