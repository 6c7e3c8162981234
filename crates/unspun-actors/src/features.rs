//! Token features of the entity tagger, hashed into a fixed number of
//! buckets (no feature dictionary is stored).
//!
//! Features look at the token, its neighbours (±2), word shapes, prefixes
//! and suffixes, capitalisation patterns, the sentence position, whether the
//! sentence is a capitalised headline, gazetteer hits (from the knowledge
//! file), word clusters learnt from unlabelled text, and two document-level
//! cues: whether the word also occurs in lower case in the document, and
//! whether it occurs capitalised in the middle of a sentence.

use std::collections::{HashMap, HashSet};

use unspun_learn::hash::{bucket, mix64, Fnv1a64};

/// Gazetteer categories a token can belong to (bit flags).
pub mod gaz {
    /// Country, capital or other place.
    pub const PLACE: u8 = 1;
    /// Organisation.
    pub const ORG: u8 = 2;
    /// Demonym or nationality adjective.
    pub const DEMONYM: u8 = 4;
    /// Person's given name.
    pub const GIVEN_NAME: u8 = 8;
    /// Title or role before a name ("President", "Mr").
    pub const TITLE: u8 = 16;
}

/// Multi-word lists of names by category, matched longest-first on
/// lower-cased tokens.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: HashMap<String, u8>,
    longest: usize,
}

impl Gazetteer {
    /// Adds a phrase (split on white space, matched case-insensitively).
    pub fn add(&mut self, phrase: &str, category: u8) {
        let key = phrase
            .split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ");
        if key.is_empty() {
            return;
        }
        self.longest = self.longest.max(key.split(' ').count());
        *self.entries.entry(key).or_default() |= category;
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the gazetteer is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The categories of one phrase, if listed.
    pub fn get(&self, phrase: &str) -> Option<u8> {
        self.entries.get(phrase).copied()
    }

    /// For each token, `(categories, begins)`: the categories of the longest
    /// listed phrase that covers it, and whether it is that phrase's first token.
    pub fn tag(&self, lower: &[String]) -> Vec<(u8, bool)> {
        let mut out = vec![(0u8, false); lower.len()];
        let mut i = 0;
        let mut key = String::new();
        while i < lower.len() {
            let mut best = None;
            key.clear();
            for len in 1..=self.longest.min(lower.len() - i) {
                if len > 1 {
                    key.push(' ');
                }
                key.push_str(&lower[i + len - 1]);
                if let Some(&cat) = self.entries.get(key.as_str()) {
                    best = Some((len, cat));
                }
            }
            match best {
                Some((len, cat)) => {
                    for (k, slot) in out[i..i + len].iter_mut().enumerate() {
                        *slot = (cat, k == 0);
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// Facts about the whole document that the features of one token may use.
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    lower_seen: HashSet<String>,
    capitalised_inside: HashSet<String>,
}

impl DocContext {
    /// Builds the context from the document's sentences (tokens as tagged).
    pub fn new<'a, I>(sentences: I) -> Self
    where
        I: IntoIterator<Item = &'a [String]>,
    {
        let mut ctx = DocContext::default();
        for sentence in sentences {
            let headline = is_headline(sentence);
            for (i, token) in sentence.iter().enumerate() {
                let first = token.chars().next();
                if first.is_some_and(char::is_lowercase) {
                    ctx.lower_seen.insert(token.clone());
                } else if first.is_some_and(char::is_uppercase)
                    && i > 0
                    && !headline
                    && !after_opening(sentence, i)
                {
                    ctx.capitalised_inside.insert(token.to_lowercase());
                }
            }
        }
        ctx
    }
}

fn after_opening(sentence: &[String], i: usize) -> bool {
    matches!(
        sentence[i - 1].as_str(),
        "\"" | "'" | "(" | ":" | "-" | "``" | "`"
    )
}

/// Whether a sentence is written in capitals (a headline or a sports table
/// line): no token has a lower-case letter and some have letters.
pub fn is_headline(sentence: &[String]) -> bool {
    let mut letters = 0;
    for token in sentence {
        for c in token.chars() {
            if c.is_lowercase() {
                return false;
            }
            if c.is_alphabetic() {
                letters += 1;
            }
        }
    }
    letters > 3
}

/// Word shape: upper case `X`, lower `x`, digit `d`, other characters kept;
/// runs of one class collapsed when `collapse`, at most `max` characters.
pub fn shape(word: &str, collapse: bool, max: usize) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut n = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if collapse && s == last {
            continue;
        }
        out.push(s);
        last = s;
        n += 1;
        if n >= max {
            break;
        }
    }
    out
}

/// The hash of a feature: FNV-1a over a template id and the parts of the
/// feature (separated by the byte `0x1f`), then a final mix so that the
/// low bits depend on every byte.
#[inline]
pub(crate) fn hash_parts(template: u8, parts: &[&str]) -> u64 {
    let mut h = Fnv1a64::new().byte(template);
    for (k, part) in parts.iter().enumerate() {
        if k > 0 {
            h = h.byte(0x1f);
        }
        h = h.bytes(part.as_bytes());
    }
    mix64(h.finish())
}

/// What the extractor needs besides the tokens.
#[derive(Debug, Clone, Copy)]
pub struct Resources<'a> {
    /// Gazetteer lists.
    pub gazetteer: &'a Gazetteer,
    /// Word clusters (bit strings) keyed by the word as written.
    pub clusters: &'a HashMap<String, String>,
}

struct TokenInfo {
    lower: String,
    shape: String,
    cluster: Option<String>,
    capitalised: bool,
}

const BOUNDARY: &str = "<s>";

/// Extracts the hashed feature ids of every token of a sentence into `out`
/// (one `Vec` per token, cleared first), with ids below `1 << bits`.
pub fn extract(
    tokens: &[String],
    doc: &DocContext,
    res: Resources<'_>,
    bits: u32,
    out: &mut Vec<Vec<u32>>,
) {
    let n = tokens.len();
    out.resize_with(n, Vec::new);
    out.truncate(n);
    let headline = is_headline(tokens);
    let infos: Vec<TokenInfo> = tokens
        .iter()
        .map(|t| TokenInfo {
            lower: t.to_lowercase(),
            shape: shape(t, true, 6),
            cluster: res
                .clusters
                .get(t.as_str())
                .or_else(|| res.clusters.get(&t.to_lowercase()))
                .cloned(),
            capitalised: t.chars().next().is_some_and(char::is_uppercase),
        })
        .collect();
    let lowers: Vec<String> = infos.iter().map(|i| i.lower.clone()).collect();
    let gaz = res.gazetteer.tag(&lowers);
    let lw = |i: isize| -> &str {
        if i < 0 || i as usize >= n {
            BOUNDARY
        } else {
            &infos[i as usize].lower
        }
    };
    let sh = |i: isize| -> &str {
        if i < 0 || i as usize >= n {
            BOUNDARY
        } else {
            &infos[i as usize].shape
        }
    };
    let cl = |i: isize| -> &str {
        if i < 0 || i as usize >= n {
            BOUNDARY
        } else {
            infos[i as usize].cluster.as_deref().unwrap_or("?")
        }
    };
    for (i, feats) in out.iter_mut().enumerate() {
        feats.clear();
        let mut f =
            |template: u8, parts: &[&str]| feats.push(bucket(hash_parts(template, parts), bits));
        let info = &infos[i];
        let word = tokens[i].as_str();
        let ii = i as isize;
        let hl = if headline { "H" } else { "-" };
        f(0, &[]);
        f(1, &[word]);
        f(2, &[&info.lower]);
        f(3, &[&info.shape]);
        f(4, &[&shape(word, false, 8)]);
        f(5, &[hl, &info.shape]);
        f(6, &[hl, &info.lower]);
        let chars: Vec<char> = info.lower.chars().collect();
        for k in 1..=4.min(chars.len()) {
            let prefix: String = chars[..k].iter().collect();
            let suffix: String = chars[chars.len() - k..].iter().collect();
            f(10 + k as u8, &[&prefix]);
            f(20 + k as u8, &[&suffix]);
        }
        f(30, &[lw(ii - 1)]);
        f(31, &[lw(ii + 1)]);
        f(32, &[lw(ii - 2)]);
        f(33, &[lw(ii + 2)]);
        f(34, &[sh(ii - 1)]);
        f(35, &[sh(ii + 1)]);
        f(36, &[lw(ii - 1), &info.lower]);
        f(37, &[&info.lower, lw(ii + 1)]);
        f(38, &[sh(ii - 1), &info.shape, sh(ii + 1)]);
        f(39, &[lw(ii - 1), &info.shape]);
        f(40, &[&info.shape, lw(ii + 1)]);
        f(41, &[if i == 0 { "first" } else { "inside" }, &info.shape]);
        let len_bucket = match chars.len() {
            0..=2 => "s",
            3..=5 => "m",
            _ => "l",
        };
        f(42, &[len_bucket, &info.shape]);
        if info.capitalised {
            let lower_elsewhere = doc.lower_seen.contains(&info.lower);
            let cap_inside = doc.capitalised_inside.contains(&info.lower);
            f(
                43,
                &[
                    if lower_elsewhere { "L" } else { "-" },
                    if cap_inside { "C" } else { "-" },
                    if i == 0 { "0" } else { "n" },
                ],
            );
            let prev_cap = i > 0 && infos[i - 1].capitalised;
            let next_cap = i + 1 < n && infos[i + 1].capitalised;
            f(
                44,
                &[
                    if prev_cap { "P" } else { "-" },
                    if next_cap { "N" } else { "-" },
                    hl,
                ],
            );
        }
        // Gazetteer.
        let (cat, begins) = gaz[i];
        if cat != 0 {
            let code = [b'a' + cat, if begins { b'B' } else { b'I' }];
            let code = std::str::from_utf8(&code).unwrap_or("?");
            f(50, &[code]);
            f(51, &[code, &info.shape]);
        }
        for (d, t) in [(-1isize, 52u8), (1, 53)] {
            let j = ii + d;
            if j >= 0 && (j as usize) < n && gaz[j as usize].0 != 0 {
                let c = [b'a' + gaz[j as usize].0];
                f(t, &[std::str::from_utf8(&c).unwrap_or("?")]);
            }
        }
        // Word clusters at each granularity ("c64:12|c512:301"), alone,
        // with the shape, and the coarse clusters of the neighbours.
        if !res.clusters.is_empty() {
            let c0 = cl(ii);
            for part in c0.split('|') {
                f(60, &[part]);
                f(61, &[part, &info.shape]);
            }
            let coarse = |s: &'_ str| s.split('|').next().unwrap_or("?").to_string();
            f(62, &[&coarse(cl(ii - 1))]);
            f(63, &[&coarse(cl(ii + 1))]);
            f(64, &[&coarse(cl(ii - 1)), &coarse(c0)]);
            f(65, &[&coarse(c0), &coarse(cl(ii + 1))]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn feature_hashes_keep_the_values_the_model_was_trained_with() {
        assert_eq!(hash_parts(1, &["peter", "said"]), 0x0155_1452_a959_433a);
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("Macron", true, 6), "Xx");
        assert_eq!(shape("U.S.", true, 6), "X.X.");
        assert_eq!(shape("1996-08-22", true, 6), "d-d-d");
        assert_eq!(shape("McDonald", false, 4), "XxXx");
    }

    #[test]
    fn gazetteer_prefers_longest_match() {
        let mut g = Gazetteer::default();
        g.add("New York", gaz::PLACE);
        g.add("New", gaz::ORG);
        let tagged = g.tag(&toks("in new york and new"));
        assert_eq!(
            tagged,
            vec![
                (0, false),
                (gaz::PLACE, true),
                (gaz::PLACE, false),
                (0, false),
                (gaz::ORG, true)
            ]
        );
    }

    #[test]
    fn headlines_and_document_cues() {
        assert!(is_headline(&toks("SOCCER - JAPAN GET LUCKY WIN .")));
        assert!(!is_headline(&toks("Japan got a lucky win .")));
        let a = toks("The Bank said it would act .");
        let b = toks("A bank is open .");
        let ctx = DocContext::new([a.as_slice(), b.as_slice()]);
        assert!(ctx.lower_seen.contains("bank"));
        assert!(ctx.capitalised_inside.contains("bank"));
        assert!(!ctx.capitalised_inside.contains("the"));
    }

    #[test]
    fn features_are_deterministic_and_bounded() {
        let g = Gazetteer::default();
        let clusters = HashMap::new();
        let res = Resources {
            gazetteer: &g,
            clusters: &clusters,
        };
        let sentence = toks("Peter Blackburn visited Bonn .");
        let ctx = DocContext::new([sentence.as_slice()]);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        extract(&sentence, &ctx, res, 12, &mut a);
        extract(&sentence, &ctx, res, 12, &mut b);
        assert_eq!(a, b);
        assert_eq!(a.len(), 5);
        assert!(a.iter().flatten().all(|&id| id < 1 << 12));
        assert_ne!(a[0], a[3]);
    }
}
