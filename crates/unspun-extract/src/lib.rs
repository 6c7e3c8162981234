//! Article extraction.
