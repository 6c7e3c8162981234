//! Datelines at the start of a story: "WASHINGTON (Reuters) -",
//! "LONDON, June 6 (Reuters) -", "TOKYO, June 6, 2023 —", "Paris (AFP) -",
//! "Geneva - The ...", "6th Jun 2023 – (Tokyo)".

use crate::dates::find_partial_date_prefix;
use crate::document::{Dateline, Document, Span};

/// Finds the dateline at the start of the first body paragraph.
///
/// The body starts at paragraph 1 when paragraph 0 looks like a title (one
/// short line without a final period), else at paragraph 0; a short byline
/// paragraph ("By Jane Smith") before it is skipped. Needs
/// [`crate::segment::segment`] to have filled the paragraphs.
pub fn find_dateline(doc: &Document) -> Option<Dateline> {
    let paras = &doc.paragraphs;
    let first = paras.first()?;
    let mut index = usize::from(paras.len() > 1 && looks_like_title(doc.slice(first.span)));
    loop {
        let para = paras.get(index)?;
        let text = doc.slice(para.span);
        if let Some(found) = parse_dateline(text) {
            let start = para.span.start;
            let consumed = &text[..found.len];
            return Some(Dateline {
                text: consumed.to_string(),
                span: Span::new(start, start + consumed.chars().count()),
                place: found.place,
                agency: found.agency,
                date: found.date,
            });
        }
        if !is_byline(text) {
            return None;
        }
        index += 1;
    }
}

/// One short line that does not end like a sentence of body text.
fn looks_like_title(text: &str) -> bool {
    !text.contains('\n') && text.chars().count() <= 250 && !text.ends_with('.')
}

/// A short "By ..." paragraph.
fn is_byline(text: &str) -> bool {
    (text.starts_with("By ") || text.starts_with("BY "))
        && text.len() <= 120
        && !text.contains('\n')
}

/// A dateline found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    /// Bytes of the paragraph that the dateline takes up.
    len: usize,
    place: Option<String>,
    agency: Option<String>,
    date: Option<String>,
}

/// News agencies that appear in parentheses in datelines.
const AGENCIES: &[&str] = &[
    "Reuters",
    "AP",
    "AFP",
    "Xinhua",
    "dpa",
    "DPA",
    "UPI",
    "CNN",
    "IANS",
    "PTI",
    "ANI",
    "Bloomberg",
    "TASS",
    "Sputnik",
    "KUNA",
    "WAM",
    "BNA",
    "ANSA",
    "EFE",
    "Kyodo",
    "Yonhap",
    "AAP",
    "CP",
    "CNBC",
    "Reuters Health",
    "AP Photo",
    "Anadolu",
    "SPA",
    "MENA",
    "IRNA",
    "RIA Novosti",
    "Interfax",
];

/// All-caps words that open a story without being a place.
const NOT_PLACES: &[&str] = &[
    "BREAKING",
    "UPDATE",
    "UPDATED",
    "EXCLUSIVE",
    "WATCH",
    "OPINION",
    "ANALYSIS",
    "EDITORIAL",
    "COMMENT",
    "LIVE",
    "REVIEW",
    "VIDEO",
    "PHOTOS",
    "NEWS",
    "CORRECTION",
    "ADVISORY",
    "URGENT",
    "FLASH",
    "PODCAST",
    "LISTEN",
    "READ",
    "NOTE",
    "EDITOR'S",
    "FACT",
    "OP-ED",
    "SPONSORED",
    "ALERT",
];

/// Capitalised words that open ordinary sentences, never a place.
const SENTENCE_WORDS: &[&str] = &[
    "For",
    "To",
    "Of",
    "Me",
    "Is",
    "Are",
    "Be",
    "Not",
    "No",
    "All",
    "By",
    "From",
    "Up",
    "Out",
    "Says",
    "Said",
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "But",
    "And",
    "Or",
    "So",
    "In",
    "On",
    "At",
    "For",
    "With",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "His",
    "Her",
    "Their",
    "Our",
    "My",
    "Its",
    "There",
    "Here",
    "What",
    "Why",
    "How",
    "Who",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "President",
];

/// True when another spaced dash comes before the end of the first
/// sentence of `rest`: "Vote For Me - a talent show - starts" is an
/// aside between dashes, not a dateline.
fn dash_in_sentence(rest: &str) -> bool {
    let mut end = rest
        .find(['.', '?', '!', '\n'])
        .unwrap_or(rest.len())
        .min(400);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    [" - ", " – ", " — ", " -- "]
        .iter()
        .any(|d| rest[..end].contains(d))
}

/// Lowercase words allowed inside a place name ("Rio de Janeiro").
const PARTICLES: &[&str] = &[
    "de", "del", "la", "le", "las", "los", "of", "upon", "on", "am", "al", "el", "da", "do", "dos",
    "das", "du", "des", "van", "von", "sur", "en", "es",
];

/// Parses a dateline at the start of `s`.
fn parse_dateline(s: &str) -> Option<Found> {
    date_first(s)
        .or_else(|| agency_only(s))
        .or_else(|| place_first(s))
}

/// "6th Jun 2023 – (Tokyo)", or "Mar 21, 2024 (Reuters) -".
fn date_first(s: &str) -> Option<Found> {
    let (date, n) = find_partial_date_prefix(s)?;
    let mut i = skip_spaces(s, n);
    if let Some((inner, after)) = parenthesised(s, i) {
        // A date, then the agency and a dash (the dash is required: a
        // date followed by a parenthesis may open an ordinary sentence).
        let agency = known_agency(inner)?;
        let end = dash_at(s, skip_spaces(s, after))?;
        rest_follows(s, end)?;
        return Some(Found {
            len: end,
            place: None,
            agency: Some(agency.to_string()),
            date: date.to_date().map(|d| d.to_iso()),
        });
    }
    i = skip_spaces(s, dash_at(s, i)?);
    let (inner, after) = parenthesised(s, i)?;
    let words = place_words(inner)?;
    if words.end != inner.len() {
        return None;
    }
    let end = trailing_dash(s, after);
    rest_follows(s, end)?;
    Some(Found {
        len: end,
        place: Some(normalise_place(inner)),
        agency: None,
        date: date.to_date().map(|d| d.to_iso()),
    })
}

/// "(CNN) -" or "(Reuters) —" without a place.
fn agency_only(s: &str) -> Option<Found> {
    let (inner, after) = parenthesised(s, 0)?;
    let agency = known_agency(inner)?;
    let end = trailing_dash(s, after);
    rest_follows(s, end)?;
    Some(Found {
        len: end,
        place: None,
        agency: Some(agency.to_string()),
        date: None,
    })
}

/// "WASHINGTON (Reuters) -", "LONDON, June 6 (Reuters) -", "TOKYO, June 6,
/// 2023 —", "SAN FRANCISCO, Calif. (AP) —", "Geneva - The ...".
fn place_first(s: &str) -> Option<Found> {
    let words = place_words(s)?;
    let mut i = words.end;
    let mut place_end = words.end;
    let mut date = None;
    let mut has_date = false;
    let mut region = false;
    let mut region_abbrev = false;
    // ", June 6", ", Calif.", ", Calif., June 6"
    for _ in 0..2 {
        if s.as_bytes().get(i) != Some(&b',') {
            break;
        }
        let j = skip_spaces(s, i + 1);
        if let Some((d, n)) = find_partial_date_prefix(&s[j..]) {
            date = d.to_date().map(|d| d.to_iso());
            has_date = true;
            i = j + n;
            // "June 6, 2023," may end with a comma before the dash.
            break;
        }
        if region || has_date {
            break;
        }
        let r = place_words(&s[j..])?;
        if r.count > 3 {
            return None;
        }
        region = true;
        region_abbrev = s[j..j + r.end].ends_with('.') || r.all_caps;
        i = j + r.end;
        place_end = i;
    }
    // "(Reuters)"
    let mut agency = None;
    let mut known = false;
    let j = skip_spaces(s, i);
    if let Some((inner, after)) = parenthesised(s, j) {
        if let Some(a) = known_agency(inner) {
            agency = Some(a.to_string());
            known = true;
        } else if looks_like_agency(inner) {
            agency = Some(inner.to_string());
        } else {
            return None;
        }
        i = after;
    }
    let j = skip_spaces(s, i);
    let end = match dash_at(s, j) {
        Some(after_dash) => after_dash,
        None if known => i,
        None => return None,
    };
    let next = rest_follows(s, end)?;

    let strong = words.all_caps || agency.is_some() || has_date;
    if strong {
        if words.all_caps && NOT_PLACES.contains(&s[..words.first_end].trim_end_matches(':')) {
            return None;
        }
    } else {
        // A title-case word before a dash is a dateline only in the plain
        // "Geneva - The ..." form: a spaced dash, and a capital after it.
        let spaced = s[..j].ends_with(' ') && s[end..].starts_with([' ', '\u{a0}']);
        if !spaced
            || words.count > 3
            || (region && !region_abbrev)
            || s[..words.end]
                .split(' ')
                .any(|w| SENTENCE_WORDS.contains(&w))
            || dash_in_sentence(&s[end..])
            || !(next.is_uppercase()
                || next.is_ascii_digit()
                || matches!(next, '“' | '"' | '‘' | '\''))
        {
            return None;
        }
    }
    Some(Found {
        len: end,
        place: Some(normalise_place(&s[..place_end])),
        agency,
        date,
    })
}

/// The words of a place name at the start of `s`.
struct PlaceWords {
    /// Byte offset of the end of the last word.
    end: usize,
    /// Byte offset of the end of the first word.
    first_end: usize,
    /// Number of words (particles included).
    count: usize,
    /// True when every capitalised word is written in capitals.
    all_caps: bool,
}

/// Reads 1–4 capitalised words ("NEW YORK", "Rio de Janeiro", "ST. LOUIS",
/// "Calif.") at the start of `s`.
fn place_words(s: &str) -> Option<PlaceWords> {
    let mut i = 0;
    let mut count = 0;
    let mut all_caps = true;
    let mut first_end = 0;
    let mut end = 0;
    loop {
        let (word_end, upper) = place_word(s, i)?;
        let word = &s[i..word_end];
        let is_particle = PARTICLES.contains(&word);
        if count == 0 && is_particle {
            return None;
        }
        if !is_particle {
            let letters = word.chars().filter(|c| c.is_alphabetic());
            all_caps &= upper && letters.clone().all(char::is_uppercase);
        }
        count += 1;
        if count == 1 {
            first_end = word_end;
        }
        if !is_particle {
            end = word_end;
        }
        if count > 5 {
            return None;
        }
        // Another word follows after one space?
        let next = word_end + 1;
        if s.as_bytes().get(word_end) == Some(&b' ') {
            if let Some((_, up)) = place_word(s, next) {
                let w = &s[next..place_word(s, next).map_or(next, |x| x.0)];
                if up || PARTICLES.contains(&w) {
                    i = next;
                    continue;
                }
            }
        }
        break;
    }
    if end == 0 || count > 4 {
        return None;
    }
    Some(PlaceWords {
        end,
        first_end,
        count,
        all_caps,
    })
}

/// A word of a place name starting at byte `i`: letters with internal
/// hyphens, apostrophes and periods, and a final period after an
/// abbreviation. Returns its end and whether it starts with a capital.
fn place_word(s: &str, i: usize) -> Option<(usize, bool)> {
    let rest = s.get(i..)?;
    let first = rest.chars().next()?;
    if !first.is_alphabetic() {
        return None;
    }
    let mut end = i;
    let mut prev_letter = false;
    for (k, c) in rest.char_indices() {
        if c.is_alphabetic() {
            prev_letter = true;
            end = i + k + c.len_utf8();
        } else if prev_letter && matches!(c, '-' | '\'' | '’' | '.') {
            // "Winston-Salem", "O'Hare", "St.", "D.C."
            let after = rest[k + c.len_utf8()..].chars().next();
            if c == '.' {
                end = i + k + 1;
                if !after.is_some_and(char::is_alphabetic) {
                    break;
                }
            } else if !after.is_some_and(char::is_alphabetic) {
                break;
            }
            prev_letter = false;
        } else {
            break;
        }
    }
    // A period ends a word only after an abbreviation ("St.", "Calif.",
    // "D.C."), not after a full word ending a sentence.
    if let Some(body) = s[i..end].strip_suffix('.') {
        if body.chars().count() > 5 && !body.contains('.') {
            return None;
        }
    }
    Some((end, first.is_uppercase()))
}

/// "(inner)" at byte `i`: the inner text and the offset after ")".
fn parenthesised(s: &str, i: usize) -> Option<(&str, usize)> {
    let rest = s.get(i..)?.strip_prefix('(')?;
    let close = rest.find(')')?;
    if close == 0 || close > 40 {
        return None;
    }
    Some((&rest[..close], i + 1 + close + 1))
}

/// The canonical spelling of a known agency.
fn known_agency(inner: &str) -> Option<&'static str> {
    let inner = inner.trim();
    AGENCIES
        .iter()
        .copied()
        .find(|a| a.eq_ignore_ascii_case(inner))
}

/// Unknown text in parentheses that could still name an agency: one to three
/// capitalised words without digits.
fn looks_like_agency(inner: &str) -> bool {
    let words: Vec<&str> = inner.split(' ').collect();
    words.len() <= 3
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '&'))
        })
}

/// A dash at byte `i` ("-", "--", "–", "—", "―"): the offset after it.
fn dash_at(s: &str, i: usize) -> Option<usize> {
    let rest = s.get(i..)?;
    for dash in ["--", "-", "–", "—", "―"] {
        if rest.starts_with(dash) {
            return Some(i + dash.len());
        }
    }
    None
}

/// After a closing parenthesis: the offset after an optional dash.
fn trailing_dash(s: &str, i: usize) -> usize {
    dash_at(s, skip_spaces(s, i)).unwrap_or(i)
}

/// Skips spaces (ASCII or no-break) from byte `i`.
fn skip_spaces(s: &str, mut i: usize) -> usize {
    loop {
        match s.get(i..) {
            Some(r) if r.starts_with(' ') => i += 1,
            Some(r) if r.starts_with('\u{a0}') => i += 2,
            _ => return i,
        }
    }
}

/// The first character of the story after the dateline, which must exist
/// and follow white space or the dash directly.
fn rest_follows(s: &str, end: usize) -> Option<char> {
    let rest = s.get(end..)?;
    let trimmed = rest.trim_start();
    let c = trimmed.chars().next()?;
    (c.is_alphanumeric() || matches!(c, '“' | '"' | '‘' | '\'' | '(' | '$' | '£' | '€'))
        .then_some(c)
}

/// Title case for words written in capitals ("NEW YORK" → "New York",
/// "RIO DE JANEIRO" → "Rio de Janeiro"); other words stay as written.
fn normalise_place(place: &str) -> String {
    let mut out = String::with_capacity(place.len());
    for (n, word) in place.split(' ').filter(|w| !w.is_empty()).enumerate() {
        if n > 0 {
            out.push(' ');
        }
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        let caps = !letters.is_empty() && letters.iter().all(|c| c.is_uppercase());
        if !caps {
            out.push_str(word);
            continue;
        }
        let lower = word.to_lowercase();
        if n > 0 && PARTICLES.contains(&lower.as_str()) {
            out.push_str(&lower);
            continue;
        }
        // "D.C.", "U.S.": initials stay in capitals.
        if word.trim_end_matches([',', '.']).contains('.') {
            out.push_str(word);
            continue;
        }
        // Capitalise at the start and after a hyphen, or after a one-letter
        // prefix with an apostrophe ("O'HARE" → "O'Hare").
        let mut capital = true;
        let mut letters_seen = 0;
        for c in word.chars() {
            if capital && c.is_alphabetic() {
                out.extend(c.to_uppercase());
                capital = false;
            } else {
                out.extend(c.to_lowercase());
            }
            if c.is_alphabetic() {
                letters_seen += 1;
            }
            capital = capital || c == '-' || (matches!(c, '\'' | '’') && letters_seen == 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    fn dateline(text: &str) -> Option<Dateline> {
        let mut doc = Document::new("t", text);
        segment(&mut doc);
        find_dateline(&doc)
    }

    fn check(
        body: &str,
        text: &str,
        place: Option<&str>,
        agency: Option<&str>,
        date: Option<&str>,
    ) {
        let doc_text = format!("A headline here\n\n{body}");
        let d = dateline(&doc_text).unwrap_or_else(|| panic!("no dateline in {body:?}"));
        assert_eq!(d.text, text, "{body}");
        assert_eq!(d.place.as_deref(), place, "{body}");
        assert_eq!(d.agency.as_deref(), agency, "{body}");
        assert_eq!(d.date.as_deref(), date, "{body}");
        assert_eq!(d.span.start, 17);
        assert_eq!(d.span.len(), text.chars().count());
    }

    #[test]
    fn agency_datelines() {
        check(
            "WASHINGTON (Reuters) - The Senate voted.",
            "WASHINGTON (Reuters) -",
            Some("Washington"),
            Some("Reuters"),
            None,
        );
        check(
            "WASHINGTON (Reuters) — The Senate voted.",
            "WASHINGTON (Reuters) —",
            Some("Washington"),
            Some("Reuters"),
            None,
        );
        check(
            "Paris (AFP) - France said.",
            "Paris (AFP) -",
            Some("Paris"),
            Some("AFP"),
            None,
        );
        check(
            "BEIJING, June 6 (Xinhua) -- China said.",
            "BEIJING, June 6 (Xinhua) --",
            Some("Beijing"),
            Some("Xinhua"),
            None,
        );
        check(
            "(CNN) Douglas Haig, an Arizona man",
            "(CNN)",
            None,
            Some("CNN"),
            None,
        );
        check(
            "SAN FRANCISCO, Calif. (AP) — Tech firms",
            "SAN FRANCISCO, Calif. (AP) —",
            Some("San Francisco, Calif."),
            Some("AP"),
            None,
        );
    }

    #[test]
    fn date_then_agency() {
        check(
            "Mar 21, 2024 (Reuters) - NATO ministers met.",
            "Mar 21, 2024 (Reuters) -",
            None,
            Some("Reuters"),
            Some("2024-03-21"),
        );
        check(
            "21st Mar 2024 – (Brussels) NATO ministers met.",
            "21st Mar 2024 – (Brussels)",
            Some("Brussels"),
            None,
            Some("2024-03-21"),
        );
        check(
            "BRUSSELS, March 21 (Xinhua) -- NATO ministers met.",
            "BRUSSELS, March 21 (Xinhua) --",
            Some("Brussels"),
            Some("Xinhua"),
            None,
        );
        assert!(dateline("Mar 21, 2024 (a Thursday) was cold.").is_none());
    }

    #[test]
    fn dates_in_datelines() {
        check(
            "LONDON, June 6 (Reuters) - Britain said.",
            "LONDON, June 6 (Reuters) -",
            Some("London"),
            Some("Reuters"),
            None,
        );
        check(
            "TOKYO, June 6, 2023 — Japan said.",
            "TOKYO, June 6, 2023 —",
            Some("Tokyo"),
            None,
            Some("2023-06-06"),
        );
        check(
            "6th Jun 2023 – (Tokyo) Japan said.",
            "6th Jun 2023 – (Tokyo)",
            Some("Tokyo"),
            None,
            Some("2023-06-06"),
        );
        check(
            "6th Jun 2023 – (Tokyo) – Japan said.",
            "6th Jun 2023 – (Tokyo) –",
            Some("Tokyo"),
            None,
            Some("2023-06-06"),
        );
    }

    #[test]
    fn place_only_datelines() {
        check(
            "NEW YORK — U.S. Immigration officers",
            "NEW YORK —",
            Some("New York"),
            None,
            None,
        );
        check(
            "RIO DE JANEIRO — Brazilian police say",
            "RIO DE JANEIRO —",
            Some("Rio de Janeiro"),
            None,
            None,
        );
        check(
            "Geneva - The World Health Organisation chief",
            "Geneva -",
            Some("Geneva"),
            None,
            None,
        );
        check(
            "Hong Kong - Shares fell.",
            "Hong Kong -",
            Some("Hong Kong"),
            None,
            None,
        );
        check(
            "KINSHASA, Congo -- Congo's government",
            "KINSHASA, Congo --",
            Some("Kinshasa, Congo"),
            None,
            None,
        );
        check(
            "TUCSON, Ariz. – While patrolling",
            "TUCSON, Ariz. –",
            Some("Tucson, Ariz."),
            None,
            None,
        );
        check(
            "WINSTON-SALEM, N.C. — A man",
            "WINSTON-SALEM, N.C. —",
            Some("Winston-Salem, N.C."),
            None,
            None,
        );
        check(
            "ST. LOUIS — The Cardinals",
            "ST. LOUIS —",
            Some("St. Louis"),
            None,
            None,
        );
        check(
            "MONTREAL –It was",
            "MONTREAL –",
            Some("Montreal"),
            None,
            None,
        );
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        for body in [
            "Trump - who spoke on Monday - said no.",
            "Vote For Me - ITV1's Pop Idol style contest - finally hits our screens.",
            "Smith - The Man Who Knew Too Much - is out now.",
            "General Motors (GM) saw its net profits fall.",
            "Fiat and General Motors (GM) have until midnight.",
            "The World Health Organisation said - again - no.",
            "BREAKING - Markets fell.",
            "NewsFaith, Politics - World",
            "He said - The end.",
            "DB: John, what is the latest?",
            "(Fixes dateline) The story.",
            "WASHINGTON —",
            "Quarterly profits at US media giant TimeWarner jumped 76%.",
        ] {
            assert_eq!(dateline(&format!("A headline\n\n{body}")), None, "{body}");
        }
    }

    #[test]
    fn paragraph_choice() {
        // No title: the first paragraph is the body.
        let d = dateline("WASHINGTON (Reuters) - The Senate voted on a long bill today.\n\nMore.")
            .unwrap();
        assert_eq!(d.span, Span::new(0, 22));
        // A byline between title and body.
        let d = dateline("Headline\n\nBy Jane Smith\n\nPARIS (AFP) - France said.").unwrap();
        assert_eq!(d.place.as_deref(), Some("Paris"));
        // Only the first body paragraph counts.
        assert!(dateline("Headline\n\nSome text.\n\nPARIS (AFP) - France said.").is_none());
        assert!(dateline("").is_none());
        assert!(dateline("Only a title").is_none());
    }

    #[test]
    fn offsets_are_code_points() {
        let text = "Über “Trump” — ein Überblick 😀\n\nSÃO PAULO, June 6, 2023 (Reuters) — Brazil’s “real” fell.";
        let d = dateline(text).unwrap();
        assert_eq!(d.place.as_deref(), Some("São Paulo"));
        assert_eq!(d.date.as_deref(), Some("2023-06-06"));
        let start = text.find("SÃO").map(|b| text[..b].chars().count()).unwrap();
        assert_eq!(d.span.start, start);
        let mut doc = Document::new("t", text);
        segment(&mut doc);
        assert_eq!(doc.slice(d.span), "SÃO PAULO, June 6, 2023 (Reuters) —");
        assert_eq!(d.text, doc.slice(d.span));
    }
}
