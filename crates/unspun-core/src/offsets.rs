//! Conversion between Unicode code-point offsets (the public convention of
//! every span unspun emits) and UTF-8 byte offsets (what Rust slices use).

/// Number of code points between two stored checkpoints.
const STRIDE: usize = 64;

/// Maps code-point offsets of one text to byte offsets and back.
///
/// For pure ASCII text the map is the identity and stores nothing; otherwise
/// it keeps the byte offset of every 64th code point, so a lookup scans at
/// most 63 characters and the map costs about 1/16 of the text in memory.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// Byte offset of code point `i * STRIDE`; empty when the text is ASCII.
    checkpoints: Vec<usize>,
    char_len: usize,
    byte_len: usize,
}

impl OffsetMap {
    /// Builds the map for `text`.
    pub fn new(text: &str) -> Self {
        let byte_len = text.len();
        if text.is_ascii() {
            return Self {
                checkpoints: Vec::new(),
                char_len: byte_len,
                byte_len,
            };
        }
        let mut checkpoints = Vec::with_capacity(byte_len / STRIDE + 1);
        let mut char_len = 0;
        for (byte, _) in text.char_indices() {
            if char_len % STRIDE == 0 {
                checkpoints.push(byte);
            }
            char_len += 1;
        }
        Self {
            checkpoints,
            char_len,
            byte_len,
        }
    }

    /// Length of the text in code points.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// True when code-point and byte offsets coincide.
    pub fn is_identity(&self) -> bool {
        self.checkpoints.is_empty()
    }

    /// Byte offset of code point `char_offset` in `text` (the text this map
    /// was built from). Offsets past the end clamp to the text length.
    pub fn to_byte(&self, text: &str, char_offset: usize) -> usize {
        if char_offset >= self.char_len {
            return self.byte_len;
        }
        if self.is_identity() {
            return char_offset;
        }
        let block = char_offset / STRIDE;
        let base = self.checkpoints[block];
        let skip = char_offset - block * STRIDE;
        match text[base..].char_indices().nth(skip) {
            Some((b, _)) => base + b,
            None => self.byte_len,
        }
    }

    /// Code-point offset of byte offset `byte_offset` in `text`. A byte offset
    /// inside a multi-byte character maps to that character.
    pub fn to_char(&self, text: &str, byte_offset: usize) -> usize {
        if byte_offset >= self.byte_len {
            return self.char_len;
        }
        if self.is_identity() {
            return byte_offset;
        }
        let block = self.checkpoints.partition_point(|&b| b <= byte_offset) - 1;
        let base = self.checkpoints[block];
        let mut chars = block * STRIDE;
        for (b, _) in text[base..].char_indices() {
            if base + b >= byte_offset {
                if base + b > byte_offset {
                    chars -= 1;
                }
                return chars;
            }
            chars += 1;
        }
        self.char_len
    }
}

/// Converts a sorted-or-not sequence of byte offsets into code-point offsets
/// in one pass when they arrive in ascending order; a fallback keeps results
/// right for unsorted input.
pub struct ByteToChar<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> ByteToChar<'a> {
    /// Starts a forward cursor at the beginning of `text`.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// Code-point offset of `byte_offset`, which must be a character boundary.
    pub fn convert(&mut self, byte_offset: usize) -> usize {
        let byte_offset = byte_offset.min(self.text.len());
        if byte_offset < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let between = &self.text.as_bytes()[self.byte..byte_offset];
        // Count code points as bytes that are not UTF-8 continuation bytes.
        self.chars += between.iter().filter(|&&b| (b as i8) >= -0x40).count();
        self.byte = byte_offset;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_roundtrip(text: &str) {
        let map = OffsetMap::new(text);
        assert_eq!(map.char_len(), text.chars().count());
        let mut cursor = ByteToChar::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(map.to_byte(text, ci), bi, "char {ci} of {text:?}");
            assert_eq!(map.to_char(text, bi), ci, "byte {bi} of {text:?}");
            assert_eq!(cursor.convert(bi), ci);
        }
        assert_eq!(map.to_byte(text, map.char_len()), text.len());
        assert_eq!(map.to_char(text, text.len()), map.char_len());
    }

    #[test]
    fn ascii_is_identity() {
        let map = OffsetMap::new("plain ascii");
        assert!(map.is_identity());
        check_roundtrip("plain ascii");
    }

    #[test]
    fn mixed_scripts_roundtrip() {
        check_roundtrip("“Macron‘s” view — 北约东京办事处 — Токио ☃ 😀 end");
        let long: String = "é—“x”😀".repeat(500);
        check_roundtrip(&long);
    }

    #[test]
    fn byte_inside_char_maps_to_that_char() {
        let text = "a—b";
        let map = OffsetMap::new(text);
        assert_eq!(map.to_char(text, 2), 1);
        assert_eq!(map.to_char(text, 4), 2);
    }

    #[test]
    fn out_of_range_clamps() {
        let text = "ab—";
        let map = OffsetMap::new(text);
        assert_eq!(map.to_byte(text, 99), text.len());
        assert_eq!(map.to_char(text, 99), 3);
        assert_eq!(OffsetMap::new("").to_byte("", 0), 0);
    }
}
