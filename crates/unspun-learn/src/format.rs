//! The binary model formats: a little-endian byte reader and writer, gzip,
//! and weight tables quantised to `i8` or `i16` with one `f32` scale.
//!
//! Quantisation: `scale = max(|w|, 1e-9) / Q` over the whole table, with
//! `Q` = 127 for `i8` and 32767 for `i16`; a weight is stored as
//! `round(w / scale)` (clamped to ±Q) and read back as `q × scale`.
//!
//! Three layouts of a table, each as the shipped model files have it:
//!
//! * [`SparseI16`](Sparse::I16): `f32` scale, `u32` row count, then for
//!   every row with a non-zero value: the `u32` distance from the previous
//!   such row (from row 0 for the first) and the row's values as `i16`.
//! * [`SparseI8`](Sparse::I8): the same with the distance as an unsigned
//!   LEB128 varint and the values as `i8`.
//! * dense `i16` ([`write_dense_i16`]): every value as `i16`, the scale
//!   written by the caller.
//!
//! Writing is deterministic: the same weights give the same bytes.

use std::io::{Read, Write};

/// A model file ended early or held a malformed value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FormatError(pub &'static str);

/// A cursor over the bytes of a binary model file.
#[derive(Debug, Clone)]
pub struct ByteReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> ByteReader<'a> {
    /// Starts at the first byte.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    /// True when every byte has been read.
    pub fn is_at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(FormatError("truncated"))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], FormatError> {
        Ok(self.take(N)?.try_into().expect("take returns N bytes"))
    }

    /// One byte.
    pub fn u8(&mut self) -> Result<u8, FormatError> {
        Ok(self.take(1)?[0])
    }

    /// A little-endian `u16`.
    pub fn u16(&mut self) -> Result<u16, FormatError> {
        self.array().map(u16::from_le_bytes)
    }

    /// A little-endian `u32`.
    pub fn u32(&mut self) -> Result<u32, FormatError> {
        self.array().map(u32::from_le_bytes)
    }

    /// A little-endian `i16`.
    pub fn i16(&mut self) -> Result<i16, FormatError> {
        self.array().map(i16::from_le_bytes)
    }

    /// A little-endian `f32`.
    pub fn f32(&mut self) -> Result<f32, FormatError> {
        self.array().map(f32::from_le_bytes)
    }

    /// A UTF-8 string preceded by its `u16` byte length.
    pub fn string(&mut self) -> Result<String, FormatError> {
        let n = self.u16()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| FormatError("bad string"))
    }

    /// An unsigned LEB128 varint of at most five bytes (a sixth byte is
    /// not read even when the fifth has its continuation bit).
    pub fn varint(&mut self) -> Result<usize, FormatError> {
        let mut v = 0usize;
        for shift in (0..35).step_by(7) {
            let byte = self.u8()?;
            v |= usize::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                break;
            }
        }
        Ok(v)
    }

    /// `n` little-endian `f32`s.
    pub fn f32s(&mut self, n: usize) -> Result<Vec<f32>, FormatError> {
        (0..n).map(|_| self.f32()).collect()
    }
}

/// Appending little-endian values to a byte buffer.
pub trait ByteWriter {
    /// A little-endian `u16`.
    fn put_u16(&mut self, v: u16);
    /// A little-endian `u32`.
    fn put_u32(&mut self, v: u32);
    /// A little-endian `f32`.
    fn put_f32(&mut self, v: f32);
    /// Little-endian `f32`s.
    fn put_f32s(&mut self, v: &[f32]);
    /// A UTF-8 string preceded by its `u16` byte length (as
    /// [`ByteReader::string`] reads it).
    fn put_string(&mut self, s: &str);
    /// An unsigned LEB128 varint.
    fn put_varint(&mut self, v: usize);
}

impl ByteWriter for Vec<u8> {
    fn put_u16(&mut self, v: u16) {
        self.extend_from_slice(&v.to_le_bytes());
    }
    fn put_u32(&mut self, v: u32) {
        self.extend_from_slice(&v.to_le_bytes());
    }
    fn put_f32(&mut self, v: f32) {
        self.extend_from_slice(&v.to_le_bytes());
    }
    fn put_f32s(&mut self, v: &[f32]) {
        for x in v {
            self.put_f32(*x);
        }
    }
    fn put_string(&mut self, s: &str) {
        self.put_u16(s.len() as u16);
        self.extend_from_slice(s.as_bytes());
    }
    fn put_varint(&mut self, mut v: usize) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.push(byte);
                break;
            }
            self.push(byte | 0x80);
        }
    }
}

/// Compresses bytes with gzip (best compression; deterministic: no time
/// or file name in the header).
pub fn gzip(raw: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(raw).expect("writing to memory");
    gz.finish().expect("writing to memory")
}

/// Decompresses gzip bytes.
pub fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut raw)?;
    Ok(raw)
}

/// The largest stored value of a quantised weight.
const I8_MAX: f32 = 127.0;
const I16_MAX: f32 = 32767.0;

/// The scale of a table quantised to values of at most `q_max`.
fn scale_for(weights: &[f32], q_max: f32) -> f32 {
    let max = weights.iter().fold(0f32, |m, v| m.max(v.abs())).max(1e-9);
    max / q_max
}

/// The scale of a table stored as `i16` values.
pub fn scale_i16(weights: &[f32]) -> f32 {
    scale_for(weights, I16_MAX)
}

/// The scale of a table stored as `i8` values.
pub fn scale_i8(weights: &[f32]) -> f32 {
    scale_for(weights, I8_MAX)
}

/// A weight as an `i16` at `scale`.
#[inline]
pub fn quantise_i16(w: f32, scale: f32) -> i16 {
    (w / scale).round().clamp(-I16_MAX, I16_MAX) as i16
}

/// A weight as an `i8` at `scale`.
#[inline]
pub fn quantise_i8(w: f32, scale: f32) -> i8 {
    (w / scale).round().clamp(-I8_MAX, I8_MAX) as i8
}

/// Writes every weight as an `i16` at `scale` (see [`scale_i16`]).
pub fn write_dense_i16(out: &mut Vec<u8>, weights: &[f32], scale: f32) {
    out.reserve(weights.len() * 2);
    for &w in weights {
        out.extend_from_slice(&quantise_i16(w, scale).to_le_bytes());
    }
}

/// Reads `n` weights written by [`write_dense_i16`] at `scale`.
pub fn read_dense_i16(
    r: &mut ByteReader<'_>,
    n: usize,
    scale: f32,
) -> Result<Vec<f32>, FormatError> {
    let bytes = n.checked_mul(2).ok_or(FormatError("truncated"))?;
    Ok(r.take(bytes)?
        .chunks_exact(2)
        .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) * scale)
        .collect())
}

/// Reads a scale and refuses one that is not a finite number.
pub fn read_scale(r: &mut ByteReader<'_>) -> Result<f32, FormatError> {
    let scale = r.f32()?;
    if scale.is_finite() {
        Ok(scale)
    } else {
        Err(FormatError("bad scale"))
    }
}

/// The two sparse layouts of a weight table (see the module notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sparse {
    /// `i8` values, varint row distances.
    I8,
    /// `i16` values, `u32` row distances.
    I16,
}

/// A table read in the [`Sparse::I8`] layout, kept quantised (a quarter of
/// the memory of `f32` weights).
#[derive(Debug, Clone, PartialEq)]
pub struct QuantisedI8 {
    /// The values, row-major.
    pub values: Vec<i8>,
    /// What one unit of a value weighs.
    pub scale: f32,
}

impl QuantisedI8 {
    /// The weights as `f32`.
    pub fn dequantise(&self) -> Vec<f32> {
        self.values
            .iter()
            .map(|&v| f32::from(v) * self.scale)
            .collect()
    }
}

/// Writes a table of rows of `row_len` weights in a sparse layout: the
/// scale, the number of rows stored, then each row that has a non-zero
/// value after quantisation.
pub fn write_sparse(out: &mut Vec<u8>, weights: &[f32], row_len: usize, layout: Sparse) {
    let scale = match layout {
        Sparse::I8 => scale_i8(weights),
        Sparse::I16 => scale_i16(weights),
    };
    out.put_f32(scale);
    let mut rows = Vec::new();
    let mut count = 0u32;
    let mut last = 0usize;
    let mut q8 = vec![0i8; row_len];
    let mut q16 = vec![0i16; row_len];
    for (row, w) in weights.chunks(row_len).enumerate() {
        let empty = match layout {
            Sparse::I8 => {
                for (q, &v) in q8.iter_mut().zip(w) {
                    *q = quantise_i8(v, scale);
                }
                q8.iter().all(|&v| v == 0)
            }
            Sparse::I16 => {
                for (q, &v) in q16.iter_mut().zip(w) {
                    *q = quantise_i16(v, scale);
                }
                q16.iter().all(|&v| v == 0)
            }
        };
        if empty {
            continue;
        }
        let delta = row - last;
        last = row;
        match layout {
            Sparse::I8 => {
                rows.put_varint(delta);
                rows.extend(q8.iter().map(|&v| v as u8));
            }
            Sparse::I16 => {
                rows.put_u32(delta as u32);
                for v in &q16 {
                    rows.extend_from_slice(&v.to_le_bytes());
                }
            }
        }
        count += 1;
    }
    out.put_u32(count);
    out.extend_from_slice(&rows);
}

/// Reads a [`Sparse`] table of `rows` rows of `row_len` values, calling
/// `put(index, value, scale)` for every stored value; returns the scale.
fn read_sparse_with(
    r: &mut ByteReader<'_>,
    row_len: usize,
    rows: usize,
    layout: Sparse,
    mut put: impl FnMut(usize, i16, f32),
) -> Result<f32, FormatError> {
    let scale = read_scale(r)?;
    let count = r.u32()?;
    let mut row = 0usize;
    for _ in 0..count {
        let delta = match layout {
            Sparse::I8 => r.varint()?,
            Sparse::I16 => r.u32()? as usize,
        };
        row = row
            .checked_add(delta)
            .ok_or(FormatError("bucket out of range"))?;
        if row >= rows {
            return Err(FormatError("bucket out of range"));
        }
        match layout {
            Sparse::I8 => {
                for (k, &b) in r.take(row_len)?.iter().enumerate() {
                    put(row * row_len + k, i16::from(b as i8), scale);
                }
            }
            Sparse::I16 => {
                for k in 0..row_len {
                    put(row * row_len + k, r.i16()?, scale);
                }
            }
        }
    }
    Ok(scale)
}

/// Reads a table written by [`write_sparse`] as `f32` weights (`rows ×
/// row_len`, zero where no row was stored).
pub fn read_sparse(
    r: &mut ByteReader<'_>,
    row_len: usize,
    rows: usize,
    layout: Sparse,
) -> Result<Vec<f32>, FormatError> {
    let mut weights = vec![0f32; rows * row_len];
    read_sparse_with(r, row_len, rows, layout, |i, v, scale| {
        weights[i] = f32::from(v) * scale;
    })?;
    Ok(weights)
}

/// Reads a table written by [`write_sparse`] in the [`Sparse::I8`]
/// layout, kept quantised.
pub fn read_sparse_i8(
    r: &mut ByteReader<'_>,
    row_len: usize,
    rows: usize,
) -> Result<QuantisedI8, FormatError> {
    let mut values = vec![0i8; rows * row_len];
    let scale = read_sparse_with(r, row_len, rows, Sparse::I8, |i, v, _| {
        values[i] = v as i8;
    })?;
    Ok(QuantisedI8 { values, scale })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_values_and_refuses_truncation() {
        let mut bytes = Vec::new();
        bytes.put_u32(7);
        bytes.extend_from_slice(&(-3i16).to_le_bytes());
        bytes.put_f32(1.5);
        bytes.put_string("ok");
        bytes.put_varint(300);
        bytes.put_u16(5);
        let mut r = ByteReader::new(&bytes);
        assert_eq!(r.u32(), Ok(7));
        assert_eq!(r.i16(), Ok(-3));
        assert_eq!(r.f32(), Ok(1.5));
        assert_eq!(r.string().as_deref(), Ok("ok"));
        assert_eq!(r.varint(), Ok(300));
        assert!(!r.is_at_end());
        assert_eq!(r.string(), Err(FormatError("truncated")));
        assert_eq!(
            ByteReader::new(&[0xff, 0x00]).take(3),
            Err(FormatError("truncated"))
        );
    }

    #[test]
    fn varints_match_leb128() {
        for (v, bytes) in [
            (0usize, vec![0u8]),
            (127, vec![0x7f]),
            (128, vec![0x80, 0x01]),
            (300, vec![0xac, 0x02]),
        ] {
            let mut out = Vec::new();
            out.put_varint(v);
            assert_eq!(out, bytes);
            assert_eq!(ByteReader::new(&bytes).varint(), Ok(v));
        }
    }

    #[test]
    fn gzip_round_trips_deterministically() {
        let raw = b"unspun unspun unspun".repeat(10);
        assert_eq!(gzip(&raw), gzip(&raw));
        assert_eq!(gunzip(&gzip(&raw)).unwrap(), raw);
        assert!(gunzip(b"not gzip").is_err());
    }
}
