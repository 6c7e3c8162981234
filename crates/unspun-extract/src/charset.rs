//! Which character encoding a page is in, and its text.
//!
//! In order: a byte-order mark; the `charset` of the HTTP `Content-Type`
//! header (from a WARC record); `<meta charset>` or `<meta http-equiv=
//! "Content-Type">` in the first bytes of the page; else UTF-8 when the
//! bytes are valid UTF-8 and Windows-1252 when not. Labels follow the WHATWG
//! Encoding Standard (`iso-8859-1` is decoded as Windows-1252, `gb2312` as
//! GBK), as browsers do. A page declared as a single-byte Western encoding
//! whose bytes are valid, non-ASCII UTF-8 is decoded as UTF-8 (a common
//! misdeclaration); the switch is reported.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into the page a `<meta>` declaration is looked for.
const PRESCAN_BYTES: usize = 8192;

/// Text decoded from a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedPage {
    /// The text.
    pub text: String,
    /// The encoding used (WHATWG name: `UTF-8`, `windows-1252`, `Shift_JIS`, `GBK`…).
    pub encoding: &'static str,
    /// Where the encoding came from: `bom`, `http`, `meta`, `sniffed`.
    pub source: &'static str,
    /// Something the user should know (replacement characters, a wrong declaration).
    pub warning: Option<String>,
}

/// The `charset` parameter of a `Content-Type` value.
pub fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(|c| c == '"' || c == '\''))
    })
}

/// Decodes page bytes; `content_type` is the HTTP header value, if any.
pub fn decode_page(bytes: &[u8], content_type: Option<&str>) -> DecodedPage {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return finish(text.into_owned(), encoding, "bom", had_errors, None);
    }
    let declared = content_type
        .and_then(charset_param)
        .and_then(|l| Encoding::for_label(l.as_bytes()))
        .map(|e| (e, "http"))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(PRESCAN_BYTES)]).map(|e| (e, "meta")));
    match declared {
        Some((encoding, source)) => {
            // UTF-16 declared in a byte stream without BOM is almost always
            // wrong (the declaration was readable as ASCII): use UTF-8.
            let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE
            {
                UTF_8
            } else {
                encoding
            };
            if encoding == WINDOWS_1252 && !bytes.is_ascii() {
                if let Ok(text) = std::str::from_utf8(bytes) {
                    return finish(
                        text.to_string(),
                        UTF_8,
                        source,
                        false,
                        Some("declared windows-1252/ISO-8859-1 but the bytes are valid UTF-8; decoded as UTF-8".into()),
                    );
                }
            }
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            finish(text.into_owned(), encoding, source, had_errors, None)
        }
        None => match std::str::from_utf8(bytes) {
            Ok(text) => finish(text.to_string(), UTF_8, "sniffed", false, None),
            Err(_) => {
                let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
                finish(
                    text.into_owned(),
                    WINDOWS_1252,
                    "sniffed",
                    false,
                    Some("no charset declared and not valid UTF-8; decoded as windows-1252".into()),
                )
            }
        },
    }
}

fn finish(
    text: String,
    encoding: &'static Encoding,
    source: &'static str,
    had_errors: bool,
    warning: Option<String>,
) -> DecodedPage {
    let warning = warning
        .or_else(|| had_errors.then(|| format!("invalid {} sequences replaced", encoding.name())));
    DecodedPage {
        text,
        encoding: encoding.name(),
        source,
        warning,
    }
}

/// The encoding named by the first `<meta charset>` or
/// `<meta http-equiv="content-type" content="…; charset=…">` in `head`.
pub fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while let Some(off) = find_ci(&head[i..], b"<meta") {
        let start = i + off + 5;
        let end = head[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        i = end;
        let attrs = parse_attrs(tag);
        let get = |name: &str| {
            attrs
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        if let Some(label) = get("charset") {
            if let Some(e) = Encoding::for_label(label.trim().as_bytes()) {
                return Some(e);
            }
        }
        let equiv =
            get("http-equiv").is_some_and(|v| v.trim().eq_ignore_ascii_case("content-type"));
        if equiv {
            if let Some(label) = get("content").and_then(charset_in_content) {
                if let Some(e) = Encoding::for_label(label.as_bytes()) {
                    return Some(e);
                }
            }
        }
    }
    None
}

fn charset_in_content(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let pos = lower.find("charset")?;
    let rest = lower[pos + 7..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let label: String = rest
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| !matches!(c, ';' | '"' | '\'') && !c.is_whitespace())
        .collect();
    (!label.is_empty()).then_some(label)
}

/// Attributes of a tag's inside (`name=value`, quoted or not), lossily.
fn parse_attrs(tag: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(tag);
    let s = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        while i < s.len() && (s[i].is_ascii_whitespace() || s[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < s.len() && !s[i].is_ascii_whitespace() && s[i] != b'=' && s[i] != b'/' {
            i += 1;
        }
        let name = text[name_start..i].to_string();
        while i < s.len() && s[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < s.len() && s[i] == b'=' {
            i += 1;
            while i < s.len() && s[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < s.len() && (s[i] == b'"' || s[i] == b'\'') {
                let q = s[i];
                let vs = i + 1;
                let ve = s[vs..]
                    .iter()
                    .position(|&b| b == q)
                    .map_or(s.len(), |e| vs + e);
                value = text[vs..ve].to_string();
                i = (ve + 1).min(s.len());
            } else {
                let vs = i;
                while i < s.len() && !s[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = text[vs..i].to_string();
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        } else if i == name_start {
            i += 1;
        }
    }
    out
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(meta: &str, body: &[u8]) -> Vec<u8> {
        let mut bytes = format!("<html><head>{meta}</head><body><p>").into_bytes();
        bytes.extend_from_slice(body);
        bytes.extend_from_slice(b"</p></body></html>");
        bytes
    }

    #[test]
    fn windows_1252_from_meta_charset() {
        let d = decode_page(
            &page("<meta charset=\"windows-1252\">", b"\x93Caf\xe9\x94"),
            None,
        );
        assert!(d.text.contains("“Café”"));
        assert_eq!((d.encoding, d.source), ("windows-1252", "meta"));
    }

    #[test]
    fn iso_8859_1_from_http_equiv() {
        let d = decode_page(
            &page(
                "<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-1'>",
                b"na\xefve \xa3",
            ),
            None,
        );
        assert!(d.text.contains("naïve £"));
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn shift_jis_from_http_header() {
        // 日本 in Shift_JIS.
        let d = decode_page(
            &page("", b"\x93\xfa\x96\x7b"),
            Some("text/html; charset=Shift_JIS"),
        );
        assert!(d.text.contains("日本"));
        assert_eq!((d.encoding, d.source), ("Shift_JIS", "http"));
    }

    #[test]
    fn gb2312_is_gbk() {
        // 中文 in GB2312.
        let d = decode_page(
            &page(
                "<meta http-equiv=content-type content=\"text/html;charset=gb2312\">",
                b"\xd6\xd0\xce\xc4",
            ),
            None,
        );
        assert!(d.text.contains("中文"));
        assert_eq!(d.encoding, "GBK");
    }

    #[test]
    fn http_header_wins_over_meta() {
        let d = decode_page(
            &page("<meta charset=utf-8>", b"caf\xe9"),
            Some("text/html; charset=\"iso-8859-1\""),
        );
        assert!(d.text.contains("café"));
    }

    #[test]
    fn undeclared_is_sniffed() {
        let d = decode_page(&page("", "café".as_bytes()), None);
        assert_eq!((d.encoding, d.source), ("UTF-8", "sniffed"));
        assert!(d.text.contains("café"));
        let d = decode_page(&page("", b"caf\xe9"), None);
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("café"));
        assert!(d.warning.is_some());
    }

    #[test]
    fn misdeclared_latin1_that_is_utf8() {
        let d = decode_page(&page("<meta charset=iso-8859-1>", "café".as_bytes()), None);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("café"));
    }

    #[test]
    fn bom_wins() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(&page("<meta charset=windows-1252>", "é".as_bytes()));
        let d = decode_page(&bytes, None);
        assert_eq!((d.encoding, d.source), ("UTF-8", "bom"));
        assert!(d.text.contains('é'));
    }

    #[test]
    fn content_type_params() {
        assert_eq!(charset_param("text/html; charset=UTF-8"), Some("UTF-8"));
        assert_eq!(charset_param("text/html;CHARSET='gbk'"), Some("gbk"));
        assert_eq!(charset_param("text/html"), None);
    }
}
