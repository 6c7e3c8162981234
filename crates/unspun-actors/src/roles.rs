//! Role nouns: "the French president", "the prime minister", "a Chinese
//! government spokesperson" linked to the person who holds the role (named
//! with it earlier: "French President Emmanuel Macron", "Mao Ning, a
//! spokeswoman for the Chinese foreign ministry") or, failing that, to the
//! government they speak for ("a Chinese government spokesperson" → China).
//!
//! [`link_roles`] runs after the mentions are grouped into actors; each role
//! noun becomes a mention of its actor, so that the stances, the portrayal
//! and the reports see it.

use std::collections::HashMap;

use crate::knowledge::{Entry, Knowledge};
use crate::stage::{Actor, Piece};

/// Role phrases (lower case, as written) and the role they name.
const ROLES: &[(&str, &str)] = &[
    ("prime minister", "prime minister"),
    ("premier", "prime minister"),
    ("president", "president"),
    ("vice president", "vice president"),
    ("chancellor", "chancellor"),
    ("foreign minister", "foreign minister"),
    ("defence minister", "defence minister"),
    ("defense minister", "defence minister"),
    ("minister", "minister"),
    ("foreign secretary", "foreign secretary"),
    ("secretary general", "secretary general"),
    ("secretary-general", "secretary general"),
    ("secretary of state", "secretary of state"),
    ("cabinet secretary", "cabinet secretary"),
    ("chief cabinet secretary", "cabinet secretary"),
    ("secretary", "secretary"),
    ("spokesperson", "spokesperson"),
    ("spokeswoman", "spokesperson"),
    ("spokesman", "spokesperson"),
    ("ambassador", "ambassador"),
    ("envoy", "envoy"),
    ("king", "king"),
    ("queen", "queen"),
];

/// Words that may stand between a determiner and a role ("the chief
/// cabinet secretary", "a foreign ministry spokesperson").
const MODIFIERS: &[&str] = &[
    "foreign",
    "ministry",
    "government",
    "defence",
    "defense",
    "deputy",
    "top",
    "chief",
    "cabinet",
    "senior",
    "finance",
    "trade",
    "interior",
    "state",
    "'s",
];

/// Whether a lower-case word is an adverb that may stand between an actor
/// and what it does ("Beijing firmly opposes", "Tokyo also said").
pub fn is_adverb(w: &str) -> bool {
    (w.len() > 4
        && w.ends_with("ly")
        && !matches!(
            w,
            "italy" | "family" | "supply" | "rally" | "reply" | "july"
        ))
        || matches!(w, "also" | "still" | "already" | "now" | "again" | "too")
}

/// Words before a role that make it another role ("shadow chancellor",
/// "former president").
const QUALIFIERS: &[&str] = &["shadow", "former", "ex", "deputy", "acting", "vice"];

/// The role ending at word `h`: (first word, role), longest first; a
/// qualifier before it is part of the role ("the shadow chancellor").
fn role_ending_at(words: &[String], h: usize) -> Option<(usize, String)> {
    let (a, role) = (1..=4).rev().find_map(|n| {
        let a = (h + 1).checked_sub(n)?;
        let phrase = words[a..=h].join(" ").replace(" - ", "-");
        ROLES
            .iter()
            .find(|(r, _)| *r == phrase)
            .map(|(_, c)| (a, *c))
    })?;
    match a.checked_sub(1).map(|q| words[q].as_str()) {
        Some(q) if QUALIFIERS.contains(&q) => Some((a - 1, format!("{q} {role}"))),
        _ => Some((a, role.to_string())),
    }
}

/// Whether a person's role `held` is named by a role noun `role` ("the
/// minister" names a foreign minister; "the secretary" does not name a
/// secretary general, nor "the chancellor" a shadow chancellor).
fn names_role(held: &str, role: &str) -> bool {
    let qualified = held
        .split(' ')
        .next()
        .is_some_and(|q| QUALIFIERS.contains(&q));
    held == role || (!qualified && held.ends_with(&format!(" {role}")))
}

/// The country or organisation a word names, as an actor name and whether
/// it is a country.
fn named_by(word: &str, knowledge: &Knowledge) -> Option<(String, bool)> {
    knowledge.lookup(word).first().map(|e| match e {
        Entry::Country(c) | Entry::Capital(c) | Entry::Demonym(c) | Entry::Seat(c) => {
            (knowledge.countries[*c].name.clone(), true)
        }
        Entry::Organisation(o) => (knowledge.organisations[*o].short.clone(), false),
    })
}

/// Links the role nouns of the text to their actors (see the module
/// documentation): each becomes a mention of the person or government,
/// replacing any mention inside it ("French" in "the French president");
/// a person named with a role in apposition ("Mao Ning, a spokeswoman for
/// the Chinese foreign ministry") takes the country it names. Actors left
/// without mentions are dropped and the rest stay in order of first
/// mention.
pub fn link_roles(sentences: &[Vec<Piece>], actors: &mut Vec<Actor>, knowledge: &Knowledge) {
    let words: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| s.iter().map(|p| p.text.to_lowercase()).collect())
        .collect();
    // The actor of each piece.
    let mut by_start: HashMap<usize, usize> = HashMap::new();
    for (k, a) in actors.iter().enumerate() {
        for m in &a.mentions {
            by_start.insert(m.start, k);
        }
    }
    let owner: Vec<Vec<Option<usize>>> = sentences
        .iter()
        .map(|s| {
            let mut current: Option<(usize, usize)> = None;
            s.iter()
                .map(|p| {
                    if let Some(&k) = by_start.get(&p.span.start) {
                        let end = actors[k]
                            .mentions
                            .iter()
                            .find(|m| m.start == p.span.start)
                            .map_or(p.span.end, |m| m.end);
                        current = Some((k, end));
                    }
                    match current {
                        Some((k, end)) if p.span.end <= end => Some(k),
                        _ => {
                            current = None;
                            None
                        }
                    }
                })
                .collect()
        })
        .collect();
    let is_person = |k: usize| actors[k].kind == "person";
    // The roles people are named with, and where.
    let mut held: Vec<(usize, String, usize)> = Vec::new(); // (actor, role, text position)
                                                            // Role nouns found: (sentence, first piece, last piece, role, country, organisation, apposed person).
    type Found = (
        usize,
        usize,
        usize,
        String,
        Option<String>,
        Option<String>,
        Option<usize>,
    );
    let mut found: Vec<Found> = Vec::new();
    for (si, w) in words.iter().enumerate() {
        let own = &owner[si];
        for h in 0..w.len() {
            let Some((a, role)) = role_ending_at(w, h) else {
                continue;
            };
            if (a..=h).any(|x| own[x].is_some_and(is_person)) {
                continue;
            }
            // A title before a name ("Prime Minister Fumio Kishida",
            // "Japan's chief cabinet secretary, Hirokazu Matsuno").
            let next = if w.get(h + 1).is_some_and(|x| x == ",") {
                h + 2
            } else {
                h + 1
            };
            if let Some(k) = own.get(next).copied().flatten().filter(|&k| is_person(k)) {
                held.push((k, role, sentences[si][h].span.start));
                continue;
            }
            // Modifiers back to a determiner.
            let (mut country, mut organisation) = (None, None);
            let mut j = a;
            let mut possessive = false;
            while j > 0 {
                let x = w[j - 1].as_str();
                let named = own[j - 1]
                    .filter(|&k| !is_person(k))
                    .map(|k| (actors[k].name.clone(), actors[k].kind == "country"))
                    .or_else(|| named_by(&sentences[si][j - 1].text, knowledge));
                if let Some((name, is_country)) = named {
                    if is_country {
                        country.get_or_insert(name);
                    } else {
                        organisation.get_or_insert(name);
                    }
                } else if x == "'s" {
                    possessive = true;
                } else if !MODIFIERS.contains(&x) {
                    break;
                }
                j -= 1;
            }
            let start = if j > 0 && matches!(w[j - 1].as_str(), "the" | "a" | "an") {
                j - 1
            } else if possessive && j < a {
                j
            } else {
                continue;
            };
            // "the president of France", "a spokeswoman for the Chinese
            // foreign ministry".
            if w.get(h + 1)
                .is_some_and(|x| matches!(x.as_str(), "of" | "for"))
            {
                for x in h + 2..(h + 7).min(w.len()) {
                    if matches!(w[x].as_str(), "," | "." | ";" | "said" | "says") {
                        break;
                    }
                    let named = own[x]
                        .filter(|&k| !is_person(k))
                        .map(|k| (actors[k].name.clone(), actors[k].kind == "country"))
                        .or_else(|| named_by(&sentences[si][x].text, knowledge));
                    match named {
                        Some((name, true)) => {
                            country.get_or_insert(name);
                        }
                        Some((name, false)) => {
                            organisation.get_or_insert(name);
                        }
                        None => {}
                    }
                }
            }
            // In apposition to a person: "Mao Ning, a spokeswoman …".
            let apposed = (start >= 2 && w[start - 1] == ",")
                .then(|| own[start - 2])
                .flatten()
                .filter(|&k| is_person(k));
            found.push((si, start, h, role, country, organisation, apposed));
        }
    }
    let mut links: Vec<(usize, usize, usize, usize)> = Vec::new(); // (sentence, start, end piece, actor)
    let mut new_countries: Vec<Actor> = Vec::new();
    for (si, start, h, role, country, organisation, apposed) in found {
        let at = sentences[si][start].span.start;
        let target = if let Some(k) = apposed {
            if actors[k].country.is_none() {
                actors[k].country = country.clone();
            }
            held.push((k, role.clone(), at));
            Some(k)
        } else {
            // The person last named with the role before it, whose country
            // does not contradict the role noun's.
            held.iter()
                .filter(|(k, r, pos)| {
                    *pos < at
                        && names_role(r, &role)
                        // "The French president" is a French person.
                        && country.as_ref().is_none_or(|c| actors[*k].country.as_ref() == Some(c))
                })
                .max_by_key(|(_, _, pos)| *pos)
                .map(|(k, _, _)| *k)
                .or_else(|| {
                    // Failing that, the government it speaks for.
                    let name = country.as_ref().or(organisation.as_ref())?;
                    actors.iter().position(|a| &a.name == name).or_else(|| {
                        let c = country.as_ref()?;
                        if let Some(n) = new_countries.iter().position(|a| &a.name == c) {
                            return Some(actors.len() + n);
                        }
                        Some({
                            new_countries.push(Actor {
                                kind: "country",
                                name: c.clone(),
                                country: Some(c.clone()),
                                mentions: Vec::new(),
                                how: Vec::new(),
                            });
                            actors.len() + new_countries.len() - 1
                        })
                    })
                })
        };
        if let Some(k) = target {
            links.push((si, start, h, k));
        }
    }
    actors.append(&mut new_countries);
    for (si, start, h, k) in links {
        let span =
            unspun_core::Span::new(sentences[si][start].span.start, sentences[si][h].span.end);
        for a in actors.iter_mut() {
            a.mentions
                .retain(|m| !(span.start <= m.start && m.end <= span.end));
        }
        let a = &mut actors[k];
        a.mentions.push(span);
        a.mentions.sort_by_key(|m| m.start);
        a.mentions.dedup();
        let phrase: Vec<&str> = sentences[si][start..=h]
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        let how = format!("“{}” is {}", phrase.join(" ").replace(" 's", "'s"), a.name);
        if !a.how.contains(&how) {
            a.how.push(how);
        }
    }
    actors.retain(|a| !a.mentions.is_empty());
    actors.sort_by_key(|a| a.mentions[0].start);
}

#[cfg(test)]
mod tests {
    use super::*;
    use unspun_core::Span;

    /// Sentences of whitespace-separated pieces ("." ends a sentence) and
    /// actors mentioned at the given words: (kind, name, country, word
    /// positions as (first, one past last) in the whole text).
    type Given<'a> = (&'static str, &'a str, Option<&'a str>, &'a [(usize, usize)]);

    fn setup(text: &str, actors: &[Given]) -> (Vec<Vec<Piece>>, Vec<Actor>) {
        let mut sentences = vec![Vec::new()];
        let mut spans = Vec::new();
        let mut offset = 0;
        for word in text.split(' ') {
            let span = Span::new(offset, offset + word.chars().count());
            spans.push(span);
            sentences.last_mut().unwrap().push(Piece {
                text: word.to_string(),
                span,
            });
            offset += word.chars().count() + 1;
            if word == "." {
                sentences.push(Vec::new());
            }
        }
        let actors = actors
            .iter()
            .map(|(kind, name, country, at)| Actor {
                kind,
                name: name.to_string(),
                country: country.map(String::from),
                mentions: at
                    .iter()
                    .map(|&(a, b)| Span::new(spans[a].start, spans[b - 1].end))
                    .collect(),
                how: Vec::new(),
            })
            .collect();
        (sentences, actors)
    }

    #[test]
    fn role_nouns_link_to_the_person_named_with_the_role() {
        let text = "French President Emmanuel Macron met Japanese Prime Minister Fumio Kishida . \
                    The French president opposed the plan . The prime minister welcomed it .";
        let (sentences, mut actors) = setup(
            text,
            &[
                ("person", "Emmanuel Macron", Some("France"), &[(2, 4)]),
                ("person", "Fumio Kishida", Some("Japan"), &[(8, 10)]),
                ("country", "France", Some("France"), &[(12, 13)]),
            ],
        );
        link_roles(&sentences, &mut actors, Knowledge::embedded());
        let macron = actors.iter().find(|a| a.name == "Emmanuel Macron").unwrap();
        assert_eq!(macron.mentions.len(), 2, "{actors:?}");
        assert!(
            macron.how[0].contains("The French president"),
            "{:?}",
            macron.how
        );
        let kishida = actors.iter().find(|a| a.name == "Fumio Kishida").unwrap();
        assert_eq!(kishida.mentions.len(), 2, "{actors:?}");
        // "French" in "The French president" was France's only mention.
        assert!(!actors.iter().any(|a| a.name == "France"), "{actors:?}");
    }

    #[test]
    fn qualified_and_foreign_roles_are_other_roles() {
        let text = "Shadow Chancellor Oliver Letwin met President George Bush . \
                    The chancellor and the French president were not there .";
        let (sentences, mut actors) = setup(
            text,
            &[
                ("person", "Oliver Letwin", None, &[(2, 4)]),
                ("person", "George Bush", Some("United States"), &[(6, 8)]),
            ],
        );
        link_roles(&sentences, &mut actors, Knowledge::embedded());
        assert!(actors.iter().all(|a| a.mentions.len() == 1), "{actors:?}");
        // "the French president" speaks for France.
        assert!(actors.iter().any(|a| a.name == "France"), "{actors:?}");
        assert!(!names_role("deputy prime minister", "prime minister"));
        assert!(names_role("foreign minister", "minister"));
    }

    #[test]
    fn a_role_without_a_named_holder_speaks_for_its_government() {
        let text = "A Chinese government spokesperson rejected the plan .";
        let (sentences, mut actors) = setup(text, &[]);
        link_roles(&sentences, &mut actors, Knowledge::embedded());
        assert_eq!(actors.len(), 1, "{actors:?}");
        assert_eq!(
            (actors[0].kind, actors[0].name.as_str()),
            ("country", "China")
        );
        assert_eq!(actors[0].mentions[0], Span::new(0, 33));
    }

    #[test]
    fn a_role_in_apposition_gives_the_person_a_country() {
        let text =
            "Mao Ning , a spokeswoman for the Chinese foreign ministry , rejected the plan . \
                    The spokeswoman repeated it .";
        let (sentences, mut actors) = setup(text, &[("person", "Mao Ning", None, &[(0, 2)])]);
        link_roles(&sentences, &mut actors, Knowledge::embedded());
        let mao = &actors[0];
        assert_eq!(mao.country.as_deref(), Some("China"), "{actors:?}");
        assert_eq!(mao.mentions.len(), 3, "{actors:?}");
        // A role whose holder does not fit is left alone.
        let text = "The secretary said no .";
        let (sentences, mut actors) = setup(text, &[]);
        link_roles(&sentences, &mut actors, Knowledge::embedded());
        assert!(actors.is_empty());
        assert!(is_adverb("firmly") && !is_adverb("italy") && !is_adverb("july"));
    }
}
