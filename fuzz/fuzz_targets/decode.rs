//! Bytes to text: never panics; what it returns is non-blank text, and
//! valid UTF-8 without a byte-order mark comes back unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspun_io::decode::decode;

fuzz_target!(|data: &[u8]| {
    if let Ok(decoded) = decode(data) {
        assert!(
            !decoded.text.trim().is_empty(),
            "decode returned blank text"
        );
        if let Ok(text) = std::str::from_utf8(data) {
            if !text.starts_with('\u{feff}') {
                assert_eq!(decoded.text, text, "valid UTF-8 must be kept exactly");
                assert!(decoded.warning.is_none());
            }
        }
    }
});
