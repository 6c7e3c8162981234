//! Escaping and sanitising of the document's untrusted strings: HTML text
//! and attribute values, class-name words, links and language tags.

/// Escapes `&`, `<`, `>`, `"` and `'` so that `s` can be used as HTML text
/// or as a quoted attribute value.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_escaped(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped as by [`escape_html`].
pub(super) fn push_escaped(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// A label reduced to `[a-z0-9-]`, safe as part of a class name.
pub(super) fn css_word(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// A URL that may be linked: http or https only.
pub(super) fn linkable_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = |n: usize| url.get(..n).map(str::to_ascii_lowercase);
    let http = lower(7).as_deref() == Some("http://") || lower(8).as_deref() == Some("https://");
    (http && !url.chars().any(char::is_control)).then_some(url)
}

/// A language tag safe and plausible enough for a `lang` attribute.
pub(super) fn language_tag(lang: &str) -> Option<&str> {
    let lang = lang.trim();
    let ok = !lang.is_empty()
        && lang.len() <= 35
        && lang.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then_some(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(
            escape_html(r#"a & b < c > d "e" 'f'"#),
            "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;"
        );
        assert_eq!(escape_html("東京 — “x”"), "東京 — “x”");
        assert_eq!(escape_html(""), "");
    }

    #[test]
    fn safe_links_and_language_tags() {
        assert!(linkable_url("HTTPS://x.org").is_some());
        assert!(linkable_url("  http://x.org  ").is_some());
        assert!(linkable_url("javascript:alert(1)").is_none());
        assert!(linkable_url("data:text/html,x").is_none());
        assert!(linkable_url("http").is_none());
        assert_eq!(language_tag("pt-BR"), Some("pt-BR"));
        assert_eq!(language_tag("en\"x"), None);
    }
}
