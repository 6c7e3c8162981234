//! Decoding bytes to text: UTF-8 first, UTF-16 when a byte-order mark says
//! so, and Windows-1252 (a superset of Latin-1's printable range) as a
//! reported fallback for bytes that are not valid UTF-8.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::error::ReadError;

/// Text decoded from bytes, with the encoding that was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Name of the encoding used (`UTF-8`, `windows-1252`, `UTF-16LE`, …).
    pub encoding: &'static str,
    /// A message for the user when the encoding was guessed rather than
    /// valid UTF-8 (e.g. the Latin-1 fallback); `None` for clean UTF-8.
    pub warning: Option<String>,
}

/// How many leading bytes are inspected to tell text from binary data.
const SNIFF_BYTES: usize = 8192;

/// Decodes `bytes` as article text.
///
/// Refuses empty input and binary data (NUL bytes or a high share of control
/// characters outside a UTF-16 byte-order mark). A UTF-8 byte-order mark is
/// removed; everything else is kept exactly, so that code-point offsets into
/// the decoded text line up with the file.
pub fn decode(bytes: &[u8]) -> Result<Decoded, ReadError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        if encoding == UTF_16LE || encoding == UTF_16BE {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            return finish(
                text.into_owned(),
                encoding.name(),
                had_errors.then(|| format!("invalid {} sequences replaced", encoding.name())),
            );
        }
        // UTF-8 BOM: fall through without it.
        return decode_utf8_or_fallback(&bytes[bom_len..]);
    }
    decode_utf8_or_fallback(bytes)
}

fn decode_utf8_or_fallback(bytes: &[u8]) -> Result<Decoded, ReadError> {
    check_not_binary(bytes)?;
    match std::str::from_utf8(bytes) {
        Ok(text) => finish(text.to_string(), "UTF-8", None),
        Err(e) => {
            let offset = e.valid_up_to();
            let (text, _, _) = WINDOWS_1252.decode(bytes);
            finish(
                text.into_owned(),
                WINDOWS_1252.name(),
                Some(format!(
                    "not valid UTF-8 (first bad byte at offset {offset}); decoded as Windows-1252/Latin-1"
                )),
            )
        }
    }
}

fn finish(
    text: String,
    encoding: &'static str,
    warning: Option<String>,
) -> Result<Decoded, ReadError> {
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(Decoded {
        text,
        encoding,
        warning,
    })
}

/// Refuses input whose first bytes contain NUL or mostly control characters.
fn check_not_binary(bytes: &[u8]) -> Result<(), ReadError> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if let Some(pos) = memchr_nul(head) {
        return Err(ReadError::Binary(format!("NUL byte at offset {pos}")));
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if !head.is_empty() && control * 10 > head.len() {
        return Err(ReadError::Binary(format!(
            "{control} control bytes in the first {} bytes",
            head.len()
        )));
    }
    Ok(())
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_kept_exactly() {
        let d = decode("Title\n\n“Quote” — 東京\r\n".as_bytes()).unwrap();
        assert_eq!(d.text, "Title\n\n“Quote” — 東京\r\n");
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.warning.is_none());
    }

    #[test]
    fn utf8_bom_is_removed() {
        let d = decode(b"\xEF\xBB\xBFHello world").unwrap();
        assert_eq!(d.text, "Hello world");
    }

    #[test]
    fn latin1_falls_back_with_warning() {
        // "Café £5" in Latin-1.
        let d = decode(b"Caf\xe9 \xa35 and more").unwrap();
        assert_eq!(d.text, "Café £5 and more");
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.warning.unwrap().contains("offset 3"));
    }

    #[test]
    fn windows_1252_quotes() {
        let d = decode(b"\x93Quoted\x94 \x96 dash").unwrap();
        assert_eq!(d.text, "“Quoted” – dash");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Hi there".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "Hi there");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn empty_and_blank_are_refused() {
        assert!(matches!(decode(b""), Err(ReadError::Empty)));
        assert!(matches!(decode(b" \n\t\n"), Err(ReadError::Empty)));
        assert!(matches!(decode(b"\xEF\xBB\xBF"), Err(ReadError::Empty)));
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(
            decode(b"PK\x03\x04\x00\x00zip"),
            Err(ReadError::Binary(_))
        ));
        let controls: Vec<u8> = (0..100u8).map(|i| i % 8 + 1).collect();
        assert!(matches!(decode(&controls), Err(ReadError::Binary(_))));
    }
}
