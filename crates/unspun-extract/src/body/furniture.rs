//! Page furniture recognised from the text of a block alone: labels
//! ("Share", "Advertisement"), calls to action, photo credits, bare
//! addresses, contact lines, shortcodes and date lines.

use unspun_core::dates::{is_weekday, month_number};

/// Short blocks that are labels of the page, not article text.
const LABELS: &[&str] = &[
    "advert",
    "ad",
    "ads",
    "comments",
    "comment",
    "share",
    "share this",
    "print",
    "email",
    "e-mail",
    "tweet",
    "more",
    "video",
    "related",
    "don't miss",
    "text size",
    "listen",
    "close",
    "menu",
    "search",
    "loading",
    "next",
    "previous",
    "back to top",
    "top",
    "see also",
    "read also",
    "most read",
    "popular",
    "trending",
    "newsletter",
    "sponsored content",
    "gallery",
    "view gallery",
    "caption",
    "hide caption",
    "toggle caption",
    "enlarge this image",
    "expand",
    "play",
];

/// Phrases that make a short block a call to action or page furniture.
const FURNITURE: &[&str] = &[
    "advertisement",
    "advertising",
    "sponsored",
    "continue reading",
    "read more",
    "read next",
    "see more",
    "story continues below",
    "article continues below",
    "continues below advertisement",
    "click here",
    "sign up",
    "subscribe",
    "share this",
    "share it",
    "follow us",
    "follow me",
    "related:",
    "recommended",
    "also on ",
    "also read",
    "read also",
    "image:",
    "photo:",
    "image source",
    "getty images",
    "all rights reserved",
    "copyright",
    "tell us what you think",
    "requires javascript",
    "enable javascript",
    "modern browser",
    "leave a comment",
    "leave a reply",
    "post a comment",
    "join the conversation",
    "download the app",
    "don't miss",
    "most popular",
    "most read",
    "you may also like",
    "you might also like",
];

/// Credits written into captions.
const CREDITS: &[&str] = &[
    "(image:",
    "(photo:",
    "(picture:",
    "(pic:",
    "photo credit",
    "image credit",
    "(credit:",
    "photograph:",
    "(getty",
    "(ap photo",
    "(reuters",
    "(afp",
];

/// A word of a date or time line: numbers, months, weekdays, "updated",
/// "pm", time zones, "ago"…
fn is_date_word(w: &str) -> bool {
    let w = w
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if w.is_empty()
        || w.chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '/' || c == '.' || c == '-')
    {
        return true;
    }
    const WORDS: &[&str] = &[
        "updated",
        "update",
        "published",
        "posted",
        "last",
        "on",
        "at",
        "am",
        "pm",
        "a.m",
        "p.m",
        "gmt",
        "utc",
        "est",
        "edt",
        "cst",
        "cdt",
        "pst",
        "pdt",
        "bst",
        "cet",
        "ist",
        "et",
        "pt",
        "ago",
        "hours",
        "hour",
        "minutes",
        "min",
        "mins",
        "days",
        "day",
        "yesterday",
        "today",
        "of",
        "and",
        "|",
        "-",
    ];
    WORDS.contains(&w.as_str())
        || month_number(&w).is_some()
        || is_weekday(&w)
        || w.ends_with("am")
            && w[..w.len() - 2]
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':')
        || w.ends_with("pm")
            && w[..w.len() - 2]
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':')
}

/// Page furniture recognised from the text of a block alone.
pub(super) fn is_furniture_text(block: &str, words: usize) -> bool {
    if words > 40 {
        // Only the shortcode test below applies; lowercasing neither makes
        // nor removes `[`, `/` or `]`, so it is read on the block itself.
        return block.starts_with('[') && (block.contains("[/") || block.ends_with(']'));
    }
    let lower = block.to_lowercase();
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if words <= 4 && LABELS.contains(&bare) {
        return true;
    }
    if words <= 8 {
        if FURNITURE.iter().any(|f| lower.contains(f)) {
            return true;
        }
        if lower.starts_with("by ") && words <= 6 && !block.ends_with('.') {
            return true;
        }
    }
    if words <= 40 && CREDITS.iter().any(|c| lower.contains(c)) {
        return true;
    }
    // A bare address.
    if words == 1 && (lower.starts_with("http") || lower.starts_with("www.")) {
        return true;
    }
    // "Write to … at name@example.com", "may be reached at …".
    if words <= 25
        && block.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.find('@')
                .is_some_and(|at| at > 0 && w[at..].contains('.'))
        })
    {
        return true;
    }
    // WordPress shortcodes left in the text.
    if lower.starts_with('[') && (lower.contains("[/") || lower.ends_with(']')) {
        return true;
    }
    // A date or time alone ("Updated 11:21 pm CST, Tuesday, November 19, 2019").
    if words <= 12
        && block.chars().any(|c| c.is_ascii_digit())
        && block.split_whitespace().all(is_date_word)
    {
        return true;
    }
    false
}

/// Lowercased words joined by single spaces, for comparisons.
pub fn normalize_words(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const P1: &str = "The council voted on Tuesday to rebuild the harbour wall, which was damaged in the winter storms.";

    #[test]
    fn furniture_lines() {
        for line in [
            "Advertisement",
            "Updated 11:21 pm CST, Tuesday, November 19, 2019",
            "https://example.test/a",
            "Write to Jo Bloggs at jo@example.test",
            "The harbour at dawn (Photo: Getty Images)",
            "[button link=x]Send[/button]",
        ] {
            assert!(
                is_furniture_text(line, line.split_whitespace().count()),
                "{line}"
            );
        }
        for line in [
            P1,
            "He said no.",
            "The vote was 7-2 on November 19, 2019, after a long debate.",
        ] {
            assert!(
                !is_furniture_text(line, line.split_whitespace().count()),
                "{line}"
            );
        }
    }
    #[test]
    fn date_lines_are_date_words_only() {
        for w in [
            "Updated", "11:21", "pm", "CST,", "Tuesday,", "November", "19,", "2019", "3pm", "ago",
        ] {
            assert!(is_date_word(w), "{w}");
        }
        for w in ["harbour", "vote", "Smith"] {
            assert!(!is_date_word(w), "{w}");
        }
    }

    #[test]
    fn labels_only_when_short() {
        assert!(is_furniture_text("Share this", 2));
        assert!(is_furniture_text("By Jane Doe", 3));
        assert!(!is_furniture_text("By Jane Doe.", 3));
        let long = "Subscribe to the council's plans for the harbour wall, which will be rebuilt over the next two years at great cost.";
        assert!(!is_furniture_text(long, long.split_whitespace().count()));
    }

    #[test]
    fn normalized_words_ignore_case_and_punctuation() {
        assert_eq!(
            normalize_words("  Storm hits coast — LIVE! "),
            "storm hits coast live"
        );
        assert_eq!(normalize_words("…"), "");
    }
}
