//! What kind of source a source noun phrase names.

use crate::lexicon::{ANONYMOUS, DOCUMENT, MEDIA, ORGANIZATION, PERSON_PRONOUNS, TITLES, VAGUE};

/// Kinds of source: the typed label of the `attributions` layer, defined in
/// the core with the layer.
pub use unspun_core::layers::SourceKind;

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '.' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_string())
        .collect()
}

fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
}

const FUNCTION: &[&str] = &[
    "the", "a", "an", "of", "for", "in", "at", "on", "with", "and", "to", "who", "by",
];

/// The capitalised words of a source that look like a name (not counting a
/// sentence-initial determiner or function words).
fn capitalised(ws: &[String]) -> Vec<&str> {
    ws.iter()
        .map(|w| strip_possessive(w))
        .filter(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase())
                && !FUNCTION.contains(&w.to_lowercase().as_str())
        })
        .collect()
}

/// The kind of source a source noun phrase names.
pub fn source_kind(text: &str) -> SourceKind {
    let ws = words(text);
    let lower: Vec<String> = ws
        .iter()
        .map(|w| strip_possessive(&w.to_lowercase()).to_string())
        .collect();
    let has = |list: &[&str]| lower.iter().any(|w| list.contains(&w.as_str()));
    let caps = capitalised(&ws);
    let caps_lower: Vec<String> = caps.iter().map(|w| w.to_lowercase()).collect();
    let named_title = caps_lower.iter().any(|w| TITLES.contains(&w.as_str()));
    let last = lower.last().map(String::as_str).unwrap_or("");
    if has(ANONYMOUS) || lower.windows(2).any(|w| w[0] == "not" && w[1] == "to") {
        return SourceKind::Anonymous;
    }
    // The head before a preposition or relative clause decides:
    // "Officials in Brussels" is a vague group.
    let head_end = lower
        .iter()
        .position(|w| {
            matches!(
                w.as_str(),
                "in" | "of" | "from" | "at" | "with" | "for" | "who" | "close" | "across"
            )
        })
        .unwrap_or(lower.len());
    if head_end > 0 && VAGUE.contains(&lower[head_end - 1].as_str()) && head_end < lower.len() {
        return SourceKind::Vague;
    }
    if lower.len() == 1 && PERSON_PRONOUNS.contains(&last) {
        return SourceKind::Person;
    }
    if has(MEDIA)
        && (caps
            .iter()
            .any(|w| MEDIA.contains(&w.to_lowercase().as_str()))
            || !has(TITLES))
    {
        return SourceKind::Media;
    }
    if DOCUMENT.contains(&last) || (has(DOCUMENT) && caps.is_empty()) {
        return SourceKind::Document;
    }
    // A party named by its members ("The Conservatives", "the Lib Dems",
    // "Tories") speaks as an organisation.
    if ws
        .last()
        .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
        && PARTIES.contains(&last)
    {
        return SourceKind::Organization;
    }
    let all_caps_acronym = ws
        .iter()
        .any(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()));
    if has(ORGANIZATION) && !has(TITLES)
        || (all_caps_acronym && caps.len() == 1 && lower.len() <= 3)
    {
        return SourceKind::Organization;
    }
    if has(TITLES) || named_title {
        return SourceKind::Official;
    }
    let names = caps.iter().filter(|w| {
        let l = w.to_lowercase();
        !VAGUE.contains(&l.as_str())
            && !matches!(
                l.as_str(),
                "one" | "two" | "all" | "both" | "other" | "senior" | "top"
            )
    });
    if names.count() > 0 {
        return SourceKind::Person;
    }
    SourceKind::Vague
}

/// Parties named by their members (capitalised as the source's head word).
const PARTIES: &[&str] = &[
    "conservatives",
    "tories",
    "labour",
    "dems",
    "democrats",
    "republicans",
    "liberals",
    "greens",
    "socialists",
];

/// Capitalised words that are not names: days, months, nationalities.
const NOT_NAMES: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "french",
    "chinese",
    "japanese",
    "american",
    "british",
    "german",
    "russian",
    "european",
    "western",
    "asian",
    "korean",
    "indian",
    "italian",
    "spanish",
    "israeli",
    "iranian",
    "ukrainian",
    "turkish",
    "canadian",
    "australian",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "this",
    "that",
    "these",
    "those",
    "but",
    "and",
    "yet",
];

/// The name inside a source noun phrase ("Japan's chief cabinet secretary,
/// Hirokazu Matsuno" → "Hirokazu Matsuno"): the last run of capitalised
/// words that is not a possessive, when there is one.
pub fn entity_name(text: &str) -> Option<String> {
    let ws: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| c == ',' || c == '"' || c == '“' || c == '”'))
        .collect();
    let mut best: Option<Vec<&str>> = None;
    let mut run: Vec<&str> = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let cap = w.chars().next().is_some_and(|c| c.is_uppercase());
        let possessive = w.ends_with("'s") || w.ends_with("’s");
        let title = TITLES.contains(&w.trim_end_matches('.').to_lowercase().as_str());
        let l = w.to_lowercase();
        let function = FUNCTION.contains(&l.as_str());
        let common = NOT_NAMES.contains(&l.as_str())
            || VAGUE.contains(&l.as_str())
            || ANONYMOUS.contains(&l.as_str())
            || MEDIA.contains(&l.as_str()) && i == 0;
        let skip = possessive || title || common || (function && i == 0);
        if cap && !skip {
            run.push(w);
        } else {
            // A capitalised run right before a lower-case noun modifies it
            // ("The Tory leader", "White House spokesman"): no name.
            let modifier = !cap && !function && w.chars().all(char::is_alphabetic);
            if modifier {
                run.clear();
            }
            if !run.is_empty() {
                best = Some(std::mem::take(&mut run));
            }
            if possessive {
                run.clear();
            }
        }
    }
    if !run.is_empty() {
        best = Some(run);
    }
    best.map(|r| r.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_in_many_wordings() {
        use SourceKind::*;
        let cases = [
            ("Hirokazu Matsuno", Person),
            ("Jane Smith", Person),
            (
                "Japan's chief cabinet secretary, Hirokazu Matsuno",
                Official,
            ),
            (
                "Chinese foreign ministry spokesperson Wang Wenbin",
                Official,
            ),
            ("Sen. Ted Cruz", Official),
            ("the spokesperson", Official),
            ("The Pentagon", Organization),
            ("the Clinton campaign", Organization),
            ("NATO", Organization),
            ("The New York Post", Media),
            ("the Financial Times", Media),
            ("Reuters", Media),
            ("a report by the agency", Document),
            ("the statement", Document),
            ("A recent poll", Document),
            ("Sources familiar with the discussions", Anonymous),
            ("A senior diplomat who asked not to be named", Anonymous),
            ("a source", Anonymous),
            ("people familiar with the matter", Anonymous),
            ("officials speaking on condition of anonymity", Anonymous),
            ("Analysts", Vague),
            ("Experts", Vague),
            ("Some countries", Vague),
            ("many observers", Vague),
            ("critics", Vague),
            ("The Conservatives", Organization),
            ("the Lib Dems", Organization),
            ("Tories", Organization),
            ("conservatives", Vague),
        ];
        for (text, want) in cases {
            assert_eq!(source_kind(text), want, "{text}");
        }
    }

    #[test]
    fn names_inside_sources() {
        assert_eq!(
            entity_name("Japan's chief cabinet secretary, Hirokazu Matsuno").as_deref(),
            Some("Hirokazu Matsuno")
        );
        assert_eq!(
            entity_name("Chinese foreign ministry spokesperson Wang Wenbin").as_deref(),
            Some("Wang Wenbin")
        );
        assert_eq!(entity_name("analysts"), None);
    }
}
