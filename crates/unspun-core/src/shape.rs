//! Word shapes for the hashed-feature models.

/// Coarse shape of a word: upper case `X`, lower case `x`, numerals `d`,
/// other characters kept, runs of one class collapsed (`Xxxx` → `Xx`,
/// `U.S.` → `X.X.`, `1,000` → `d,d`); stops once the shape has `max_len`
/// bytes.
pub fn word_shape(word: &str, max_len: usize) -> String {
    let mut out = String::new();
    for c in word.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if !out.ends_with(k) {
            out.push(k);
        }
        if out.len() >= max_len {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_collapse_runs_and_stop_at_the_length() {
        assert_eq!(word_shape("Macron", 6), "Xx");
        assert_eq!(word_shape("U.S.", 6), "X.X.");
        assert_eq!(word_shape("1,000", 6), "d,d");
        assert_eq!(word_shape("a1b2c3d4e5", 6), "xdxdxd");
        assert_eq!(word_shape("a1b2c3d4e5", 9), "xdxdxdxdx");
    }
}
