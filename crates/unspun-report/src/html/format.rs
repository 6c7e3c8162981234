//! Values shortened for display: confidences as percentages, strings cut or
//! abbreviated to a length.

use std::borrow::Cow;

/// A confidence as a whole percentage; `None` for NaN or infinities.
pub(super) fn percent(c: f32) -> Option<String> {
    c.is_finite()
        .then(|| format!("{:.0}%", (c.clamp(0.0, 1.0) * 100.0).round()))
}

/// `s` cut to at most `max` characters, with an ellipsis when cut.
pub(super) fn truncate_chars(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max.saturating_sub(1)) {
        Some((i, _)) if s.len() > i && s[i..].chars().nth(1).is_some() => {
            Cow::Owned(format!("{}…", &s[..i]))
        }
        _ => Cow::Borrowed(s),
    }
}

/// `s` with its middle left out when it is long.
pub(super) fn abbreviate(s: &str, head: usize, tail: usize) -> Cow<'_, str> {
    let Some((h, _)) = s.char_indices().nth(head) else {
        return Cow::Borrowed(s);
    };
    let Some((t, _)) = s.char_indices().rev().nth(tail.saturating_sub(1)) else {
        return Cow::Borrowed(s);
    };
    if t <= h + 16 {
        return Cow::Borrowed(s);
    }
    Cow::Owned(format!("{} […] {}", &s[..h], &s[t..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortened_values() {
        assert_eq!(truncate_chars("abcdef", 4), "abc…");
        assert_eq!(truncate_chars("abcd", 4), "abcd");
        assert_eq!(truncate_chars("東京東京東", 3), "東京…");
        assert_eq!(abbreviate("short", 3, 1), "short");
        let long: String = "x".repeat(100) + &"y".repeat(100);
        assert_eq!(
            abbreviate(&long, 10, 5),
            format!("{} […] {}", "x".repeat(10), "y".repeat(5))
        );
        assert_eq!(percent(0.5).as_deref(), Some("50%"));
        assert_eq!(percent(1.7).as_deref(), Some("100%"));
        assert_eq!(percent(f32::NAN), None);
    }
}
