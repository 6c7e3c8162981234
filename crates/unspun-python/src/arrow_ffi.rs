//! Arrow batches across the C data interface, by the PyCapsule protocol
//! (`__arrow_c_array__`, `__arrow_c_schema__`): pyarrow, polars, DuckDB and
//! the engines built on them hand batches to unspun and take them back
//! without copying through Python objects.

use std::ffi::CStr;

use arrow_array::ffi::{from_ffi, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{Array, RecordBatch, StructArray};
use arrow_schema::DataType;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods};

const SCHEMA_NAME: &CStr = c"arrow_schema";
const ARRAY_NAME: &CStr = c"arrow_array";

/// A record batch made by unspun, for `pyarrow.record_batch(...)` (or any
/// library that reads the Arrow PyCapsule interface).
#[pyclass(frozen, module = "unspun._unspun")]
pub struct ArrowBatch {
    batch: RecordBatch,
}

impl ArrowBatch {
    /// Wraps `batch`.
    pub fn new(batch: RecordBatch) -> Self {
        Self { batch }
    }
}

#[pymethods]
impl ArrowBatch {
    /// The batch as a struct array: `(schema capsule, array capsule)`.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        let _ = requested_schema; // Only our own schema is offered.
        let schema = self.schema_ffi()?;
        let data = StructArray::from(self.batch.clone()).into_data();
        let (array, _) = to_ffi(&data).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok((
            PyCapsule::new_with_value(py, schema, SCHEMA_NAME)?,
            PyCapsule::new_with_value(py, array, ARRAY_NAME)?,
        ))
    }

    /// The batch's schema, with its metadata.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        PyCapsule::new_with_value(py, self.schema_ffi()?, SCHEMA_NAME)
    }

    /// How many rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batch.num_rows()
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }
}

impl ArrowBatch {
    fn schema_ffi(&self) -> PyResult<FFI_ArrowSchema> {
        FFI_ArrowSchema::try_from(self.batch.schema().as_ref())
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }
}

/// Reads a record batch from an object with `__arrow_c_array__` whose
/// array is a struct (a record batch).
pub fn import_batch(object: &Bound<'_, PyAny>) -> PyResult<RecordBatch> {
    if !object.hasattr("__arrow_c_array__")? {
        return Err(PyTypeError::new_err(format!(
            "expected an Arrow record batch (an object with __arrow_c_array__, such as \
             pyarrow.RecordBatch), not {}",
            object.get_type().name()?
        )));
    }
    let capsules = object.call_method0("__arrow_c_array__")?;
    let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) = capsules.extract()?;
    let schema_ptr = schema.pointer_checked(Some(SCHEMA_NAME))?;
    let array_ptr = array.pointer_checked(Some(ARRAY_NAME))?;
    // SAFETY: the capsules are named as the Arrow PyCapsule interface says,
    // so they hold an `ArrowSchema` and an `ArrowArray`. The array is moved
    // out (its release callback now ours; the capsule's left released, as
    // the interface requires of a consumer); the schema is only borrowed
    // while the capsule lives.
    let data = unsafe {
        let array = FFI_ArrowArray::from_raw(array_ptr.as_ptr().cast::<FFI_ArrowArray>());
        let schema = &*schema_ptr.as_ptr().cast::<FFI_ArrowSchema>();
        from_ffi(array, schema)
    }
    .map_err(|e| PyValueError::new_err(format!("cannot read the Arrow batch: {e}")))?;
    if !matches!(data.data_type(), DataType::Struct(_)) {
        return Err(PyTypeError::new_err(format!(
            "expected a record batch (a struct array), not an array of {}",
            data.data_type()
        )));
    }
    let array = StructArray::from(data);
    if array.null_count() > 0 {
        return Err(PyValueError::new_err(
            "the batch has null rows at the top level; give a record batch",
        ));
    }
    Ok(RecordBatch::from(array))
}
