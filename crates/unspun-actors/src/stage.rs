//! The `entities` analyser: tags the document's tokens with the fast-tier
//! tagger, groups the mentions into actors and normalises them with the
//! knowledge file (countries, capitals used as metonyms, demonyms,
//! organisations and their acronyms, surnames of people named in full).

use std::collections::HashMap;
use std::sync::OnceLock;

use unspun_core::layers::{self, Entity, EntityKind, PortrayalEvidence};
use unspun_core::stages::names;
use unspun_core::{AnalyzeError, Analyzer, Document, Languages, Span, TokenKind};

use unspun_encoder::TrunkStates;

use crate::conll::chunks;
use crate::entity_tower::{tag_sentences, EntityTower};
use crate::features::Gazetteer;
use crate::knowledge::{key, Entry, Knowledge};
use crate::portrayal::{embedded_portrayal, portray, Portrayal};
use crate::portrayal_tower::{portray_all, PortrayalTower};
use crate::tagger::{Tagger, LABELS};

pub use crate::tagger::embedded_tagger;

/// The gazetteer built from the embedded knowledge file, built once.
pub fn embedded_gazetteer() -> &'static Gazetteer {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    GAZ.get_or_init(|| Knowledge::embedded().gazetteer())
}

/// One token as the tagger sees it: CoNLL-style text and where it lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Text with typographic quotes and dashes made ASCII.
    pub text: String,
    /// Where it lies in the document.
    pub span: Span,
}

fn ascii_punct(c: char) -> char {
    match c {
        '’' | '‘' | 'ʼ' | '`' | '´' => '\'',
        '“' | '”' | '„' | '«' | '»' => '"',
        '–' | '—' | '‐' | '‑' | '−' => '-',
        _ => c,
    }
}

/// Splits the document's sentences into tagger tokens: possessive `'s` is
/// split from its word ("Macron’s" → `Macron` `'s`), as in CoNLL-2003.
pub fn pieces(doc: &Document) -> Vec<Vec<Piece>> {
    let mut out = Vec::with_capacity(doc.sentences.len());
    for sentence in &doc.sentences {
        let mut list = Vec::new();
        for token in doc.sentence_tokens(sentence) {
            let text: String = doc.slice(token.span).chars().map(ascii_punct).collect();
            let n = token.span.len();
            if token.kind == TokenKind::Word
                && n > 2
                && (text.ends_with("'s") || text.ends_with("'S"))
            {
                let cut = token.span.end - 2;
                let base: String = text.chars().take(n - 2).collect();
                list.push(Piece {
                    text: base,
                    span: Span::new(token.span.start, cut),
                });
                list.push(Piece {
                    text: text.chars().skip(n - 2).collect(),
                    span: Span::new(cut, token.span.end),
                });
            } else {
                list.push(Piece {
                    text,
                    span: token.span,
                });
            }
        }
        out.push(list);
    }
    out
}

/// One entity mention found by the tagger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// CoNLL type: `PER`, `ORG`, `LOC` or `MISC`.
    pub conll_type: String,
    /// Where it lies.
    pub span: Span,
    /// Sentence index.
    pub sentence: usize,
    /// Index of its first and one past its last piece in the sentence.
    pub pieces: (usize, usize),
}

/// Tags every sentence and returns the pieces and the mentions.
pub fn find_mentions(
    doc: &Document,
    tagger: &Tagger,
    gazetteer: &Gazetteer,
) -> (Vec<Vec<Piece>>, Vec<Mention>) {
    let sentences = pieces(doc);
    let texts = piece_texts(&sentences);
    let spans = piece_spans(&sentences);
    let tags = tag_sentences(tagger, gazetteer, &texts, &spans, None).unwrap_or_default();
    let mentions = mentions_of(&sentences, &tags);
    (sentences, mentions)
}

/// [`find_mentions`] with the accurate tier's tower decoded together with
/// the chain, over the document's trunk states.
pub fn find_mentions_with_tower(
    doc: &Document,
    tagger: &Tagger,
    gazetteer: &Gazetteer,
    tower: &EntityTower,
    states: &TrunkStates,
) -> Result<(Vec<Vec<Piece>>, Vec<Mention>), String> {
    let sentences = pieces(doc);
    let texts = piece_texts(&sentences);
    let spans = piece_spans(&sentences);
    let tags = tag_sentences(tagger, gazetteer, &texts, &spans, Some((tower, states)))?;
    let mentions = mentions_of(&sentences, &tags);
    Ok((sentences, mentions))
}

fn piece_texts(sentences: &[Vec<Piece>]) -> Vec<Vec<String>> {
    sentences
        .iter()
        .map(|s| s.iter().map(|p| p.text.clone()).collect())
        .collect()
}

fn piece_spans(sentences: &[Vec<Piece>]) -> Vec<Vec<Span>> {
    sentences
        .iter()
        .map(|s| s.iter().map(|p| p.span).collect())
        .collect()
}

/// The mentions of tagged sentences (tags: indices into [`LABELS`]).
fn mentions_of(sentences: &[Vec<Piece>], tags: &[Vec<usize>]) -> Vec<Mention> {
    let mut mentions = Vec::new();
    for (si, (pieces, labels)) in sentences.iter().zip(tags).enumerate() {
        let tags: Vec<String> = labels.iter().map(|&y| LABELS[y].to_string()).collect();
        for (ty, a, b) in chunks(&tags) {
            let span = Span::new(pieces[a].span.start, pieces[b - 1].span.end);
            mentions.push(Mention {
                conll_type: ty,
                span,
                sentence: si,
                pieces: (a, b),
            });
        }
    }
    mentions
}

/// An actor: mentions of one person, organisation, country, place or other
/// named thing, under a canonical name.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// `person`, `organisation`, `country`, `location` or `other`.
    pub kind: &'static str,
    /// Canonical name ("Emmanuel Macron", "NATO", "France").
    pub name: String,
    /// The country it belongs to or names, when known.
    pub country: Option<String>,
    /// Where it is mentioned, in text order.
    pub mentions: Vec<Span>,
    /// How its name was normalised (for the explanation).
    pub how: Vec<String>,
}

fn kind_of(conll: &str) -> &'static str {
    match conll {
        "PER" => "person",
        "ORG" => "organisation",
        "LOC" => "location",
        _ => "other",
    }
}

/// Words after a capital or demonym that show it stands for a government
/// ("Beijing said", "French officials").
const ACTING: &[&str] = &[
    "said",
    "says",
    "say",
    "has",
    "had",
    "have",
    "is",
    "was",
    "will",
    "would",
    "wants",
    "wanted",
    "warned",
    "warns",
    "rejected",
    "rejects",
    "opposed",
    "opposes",
    "backed",
    "backs",
    "urged",
    "urges",
    "welcomed",
    "welcomes",
    "accused",
    "accuses",
    "insisted",
    "insists",
    "announced",
    "announces",
    "agreed",
    "agrees",
    "refused",
    "refuses",
    "blocked",
    "blocks",
    "vetoed",
    "vetoes",
    "denied",
    "denies",
    "condemned",
    "condemns",
    "supports",
    "supported",
    "cheers",
    "cheered",
    "threatened",
    "threatens",
    "called",
    "calls",
    "argued",
    "argues",
    "'s",
];
const GOVERNMENT: &[&str] = &[
    "government",
    "officials",
    "official",
    "authorities",
    "president",
    "prime",
    "minister",
    "ministers",
    "ministry",
    "leader",
    "leaders",
    "diplomats",
    "diplomat",
    "administration",
    "foreign",
    "state",
    "embassy",
    "ambassador",
    "envoy",
    "chancellor",
    "delegation",
    "negotiators",
    "spokesman",
    "spokeswoman",
    "spokesperson",
];

/// Groups mentions into actors, normalised with the knowledge file.
pub fn group(sentences: &[Vec<Piece>], mentions: &[Mention], knowledge: &Knowledge) -> Vec<Actor> {
    let text_of = |m: &Mention| -> String {
        let ps = &sentences[m.sentence][m.pieces.0..m.pieces.1];
        ps.iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    // The next word, past adverbs ("Beijing firmly opposes").
    let next_word = |m: &Mention| -> String {
        sentences[m.sentence][m.pieces.1..]
            .iter()
            .map(|p| p.text.to_lowercase())
            .find(|w| !crate::roles::is_adverb(w))
            .unwrap_or_default()
    };
    // The preposition before a mention, with or without "the" ("in
    // Beijing", "at the White House"); "according to" is a source, not a
    // place.
    let preposition_before = |m: &Mention| -> Option<String> {
        let words = &sentences[m.sentence];
        let word = |k: usize| words[k].text.to_lowercase();
        let mut k = m.pieces.0;
        if k > 0 && word(k - 1) == "the" {
            k -= 1;
        }
        if k == 0 || (k >= 2 && word(k - 1) == "to" && word(k - 2) == "according") {
            return None;
        }
        Some(word(k - 1))
    };
    // A place where something happens: after a preposition of place or
    // motion.
    let after_preposition = |m: &Mention| -> bool {
        preposition_before(m).is_some_and(|w| {
            matches!(
                w.as_str(),
                "in" | "at"
                    | "from"
                    | "to"
                    | "into"
                    | "near"
                    | "outside"
                    | "across"
                    | "around"
                    | "visit"
                    | "visited"
            )
        })
    };
    // A seat of government is a place only where something happens in or
    // at it: "a statement from the White House" is the government speaking.
    let inside_seat = |m: &Mention| -> bool {
        preposition_before(m).is_some_and(|w| {
            matches!(
                w.as_str(),
                "in" | "at"
                    | "inside"
                    | "outside"
                    | "near"
                    | "into"
                    | "across"
                    | "around"
                    | "visit"
                    | "visited"
            )
        })
    };
    // A demonym in the role before a person's name ("French President
    // Emmanuel Macron") gives the person's country, not a mention of it.
    let before_person = |idx: usize| -> bool {
        let m = &mentions[idx];
        mentions.get(idx + 1).is_some_and(|n| {
            n.sentence == m.sentence
                && n.conll_type == "PER"
                && n.pieces.0 >= m.pieces.1
                && n.pieces.0 - m.pieces.1 <= 3
        })
    };
    // Canonical key of each mention, its kind, name, country and how.
    struct Resolved {
        key: String,
        kind: &'static str,
        name: String,
        country: Option<String>,
        how: Option<String>,
    }
    let mut resolved: Vec<Resolved> = Vec::with_capacity(mentions.len());
    for (idx, m) in mentions.iter().enumerate() {
        let text = text_of(m);
        let entries = knowledge.lookup(&text);
        let next = next_word(m);
        let pick = entries
            .iter()
            .copied()
            .find(|e| matches!(e, Entry::Organisation(_) | Entry::Country(_)))
            .or_else(|| entries.first().copied());
        let r = match pick {
            Some(Entry::Country(i)) => {
                let c = &knowledge.countries[i];
                Resolved {
                    key: format!("country:{i}"),
                    kind: "country",
                    name: c.name.clone(),
                    country: Some(c.name.clone()),
                    how: (key(&text) != key(&c.name))
                        .then(|| format!("“{text}” is another name of {}", c.name)),
                }
            }
            Some(Entry::Organisation(i)) => {
                let o = &knowledge.organisations[i];
                Resolved {
                    key: format!("org:{i}"),
                    kind: "organisation",
                    name: o.short.clone(),
                    country: None,
                    how: (key(&text) != key(&o.short)).then(|| format!("“{text}” is {}", o.short)),
                }
            }
            Some(Entry::Capital(i))
                if next == "'s"
                    || (!after_preposition(m)
                        && (m.conll_type == "ORG" || ACTING.contains(&next.as_str()))) =>
            {
                let c = &knowledge.countries[i];
                Resolved {
                    key: format!("country:{i}"),
                    kind: "country",
                    name: c.name.clone(),
                    country: Some(c.name.clone()),
                    how: Some(format!("“{text}”, the capital, stands for {}", c.name)),
                }
            }
            // A seat of government speaks for its country, unless it is
            // where something happens ("at the White House").
            Some(Entry::Seat(i)) if !inside_seat(m) => {
                let c = &knowledge.countries[i];
                Resolved {
                    key: format!("country:{i}"),
                    kind: "country",
                    name: c.name.clone(),
                    country: Some(c.name.clone()),
                    how: Some(format!(
                        "“{text}”, the seat of government, stands for {}",
                        c.name
                    )),
                }
            }
            Some(Entry::Seat(i)) => Resolved {
                key: format!("place:{}", key(&text)),
                kind: "location",
                name: text.clone(),
                country: Some(knowledge.countries[i].name.clone()),
                how: None,
            },
            Some(Entry::Capital(i)) => Resolved {
                key: format!("place:{}", key(&text)),
                kind: "location",
                name: text.clone(),
                country: Some(knowledge.countries[i].name.clone()),
                how: None,
            },
            Some(Entry::Demonym(i))
                if !before_person(idx)
                    && (GOVERNMENT.contains(&next.as_str()) || ACTING.contains(&next.as_str())) =>
            {
                let c = &knowledge.countries[i];
                Resolved {
                    key: format!("country:{i}"),
                    kind: "country",
                    name: c.name.clone(),
                    country: Some(c.name.clone()),
                    how: Some(format!("“{text} {next}” speaks for {}", c.name)),
                }
            }
            // Part of a person's role: dropped (the person gets the country).
            Some(Entry::Demonym(_)) if before_person(idx) => Resolved {
                key: String::new(),
                kind: "other",
                name: text.clone(),
                country: None,
                how: None,
            },
            Some(Entry::Demonym(i)) => Resolved {
                key: format!("other:{}", key(&text)),
                kind: "other",
                name: text.clone(),
                country: Some(knowledge.countries[i].name.clone()),
                how: None,
            },
            None => Resolved {
                key: format!("name:{}", key(&text)),
                kind: kind_of(&m.conll_type),
                name: text.clone(),
                country: None,
                how: None,
            },
        };
        resolved.push(r);
    }
    // People: a one-word name that is the first or last word of a person
    // named in full elsewhere joins that person (the nearest preceding one,
    // else the first).
    // Index: first or last word of a full name -> the mentions (in text
    // order) of people named in full with it; keeps the lookup linear in the
    // number of mentions however long the article.
    let mut full_people: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in resolved.iter().enumerate() {
        if !(r.key.starts_with("name:") && mentions[i].conll_type == "PER") {
            continue;
        }
        let words: Vec<&str> = r.key["name:".len()..].split(' ').collect();
        if words.len() < 2 {
            continue;
        }
        let (first, last) = (words[0], words[words.len() - 1]);
        full_people.entry(first.to_string()).or_default().push(i);
        if last != first {
            full_people.entry(last.to_string()).or_default().push(i);
        }
    }
    for i in 0..resolved.len() {
        let k = &resolved[i].key;
        let Some(word) = k.strip_prefix("name:").filter(|w| !w.contains(' ')) else {
            continue;
        };
        let target = full_people.get(word).and_then(|candidates| {
            let before = candidates.partition_point(|&j| j < i);
            candidates
                .get(before.wrapping_sub(1))
                .or(candidates.first())
                .copied()
        });
        if let Some(j) = target {
            let full = resolved[j].name.clone();
            resolved[i].how = Some(format!("“{}” is {full}", resolved[i].name));
            resolved[i].key = resolved[j].key.clone();
            resolved[i].kind = "person";
            resolved[i].name = full;
        }
    }
    // A person's country from the words before the name ("French President
    // Emmanuel Macron", "Japan's chief cabinet secretary, Hirokazu Matsuno").
    let mut person_country: HashMap<String, String> = HashMap::new();
    for (idx, (m, r)) in mentions.iter().zip(&resolved).enumerate() {
        if r.kind != "person" || person_country.contains_key(&r.key) {
            continue;
        }
        let sentence = &sentences[m.sentence];
        let from = m.pieces.0.saturating_sub(6);
        // A capital counts when a role stands before the name ("In Tokyo,
        // Prime Minister Fumio Kishida").
        let titled = sentence[from..m.pieces.0]
            .iter()
            .any(|p| GOVERNMENT.contains(&p.text.to_lowercase().as_str()));
        // "Its President Maia Sandu": "its" right before the role stands
        // for the last actor named (in this or the two sentences before)
        // that is neither a person nor a place; a country gives the person
        // its name, an organisation or a company none.
        let mut k = m.pieces.0;
        while k > 0 && is_title_word(&sentence[k - 1].text, knowledge) {
            k -= 1;
        }
        if k < m.pieces.0
            && k > 0
            && matches!(
                sentence[k - 1].text.to_lowercase().as_str(),
                "its" | "their"
            )
        {
            let owner = (0..idx)
                .rev()
                .take_while(|&j| mentions[j].sentence + 2 >= m.sentence)
                .find(|&j| {
                    !resolved[j].key.is_empty()
                        && !matches!(resolved[j].kind, "person" | "location")
                });
            if let Some(j) = owner.filter(|&j| resolved[j].kind == "country") {
                if let Some(c) = resolved[j].country.clone() {
                    person_country.insert(r.key.clone(), c);
                }
            }
            continue;
        }
        for p in sentence[from..m.pieces.0].iter().rev() {
            if matches!(
                p.text.as_str(),
                "." | ";" | "\"" | "said" | "says" | "and" | "told"
            ) {
                break;
            }
            let found = knowledge.lookup(&p.text).iter().find_map(|e| match e {
                Entry::Country(c) | Entry::Demonym(c) => Some(*c),
                Entry::Capital(c) | Entry::Seat(c) if titled => Some(*c),
                _ => None,
            });
            if let Some(c) = found {
                person_country.insert(r.key.clone(), knowledge.countries[c].name.clone());
                break;
            }
        }
    }
    // Collect actors in order of first mention.
    let mut order: Vec<String> = Vec::new();
    let mut by_key: HashMap<String, (Actor, HashMap<&'static str, usize>)> = HashMap::new();
    for (m, r) in mentions.iter().zip(resolved) {
        if r.key.is_empty() {
            continue;
        }
        let entry = by_key.entry(r.key.clone()).or_insert_with(|| {
            order.push(r.key.clone());
            let actor = Actor {
                kind: r.kind,
                name: r.name.clone(),
                country: r.country.clone(),
                mentions: Vec::new(),
                how: Vec::new(),
            };
            (actor, HashMap::new())
        });
        entry.0.mentions.push(m.span);
        if let Some(how) = r.how {
            if !entry.0.how.contains(&how) {
                entry.0.how.push(how);
            }
        }
        *entry.1.entry(r.kind).or_default() += 1;
        if entry.0.country.is_none() {
            entry.0.country = r.country.or_else(|| person_country.get(&r.key).cloned());
        }
    }
    let mut actors: Vec<Actor> = order
        .into_iter()
        .filter_map(|k| by_key.remove(&k))
        .map(|(mut actor, votes)| {
            // Surface-name actors take the kind most of their mentions have.
            if let Some((&kind, _)) = votes.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
                if !matches!(actor.kind, "country") {
                    actor.kind = kind;
                }
            }
            actor
        })
        .collect();
    // "The French president", "a Chinese government spokesperson".
    crate::roles::link_roles(sentences, &mut actors, knowledge);
    actors
}

/// Whether a word belongs to a role before a name ("foreign", "minister",
/// "President"): a government word or a word of the knowledge file's titles.
fn is_title_word(word: &str, knowledge: &Knowledge) -> bool {
    let lower = word.to_lowercase();
    GOVERNMENT.contains(&lower.as_str())
        || matches!(
            lower.as_str(),
            "foreign" | "deputy" | "chief" | "vice" | "acting"
        )
        || knowledge
            .titles
            .iter()
            .any(|t| t.split_whitespace().any(|w| w.eq_ignore_ascii_case(&lower)))
}

/// Finds the actors of an article and fills the `entities` layer: one
/// [`Entity`] per actor, spanning its first mention, with all its mentions
/// and its portrayal.
///
/// The fast tier tags names with the linear chain alone; the accurate tier
/// ([`EntitiesStage::accurate`]) runs after the `encoder` stage and decodes
/// the chain together with the entity tower over the trunk states that
/// stage left in `doc.extensions` ([`crate::entity_tower`]).
pub struct EntitiesStage {
    tagger: Option<&'static Tagger>,
    accurate: bool,
}

/// What the fast tier's stage needs.
const FAST_REQUIRES: &[&str] = &[names::SEGMENT, names::LANGUAGE];
/// What the accurate tier's stage needs (the trunk states).
const ACCURATE_REQUIRES: &[&str] = &[names::SEGMENT, names::LANGUAGE, names::ENCODER];

impl EntitiesStage {
    /// The stage with the fast-tier model embedded in the binary.
    pub fn fast() -> Self {
        Self {
            tagger: None,
            accurate: false,
        }
    }

    /// The accurate tier's stage: the chain and the entity tower over the
    /// `encoder` stage's trunk states.
    pub fn accurate() -> Self {
        Self {
            tagger: None,
            accurate: true,
        }
    }

    /// The stage with a given tagger (tests, other model files).
    pub fn with_tagger(tagger: &'static Tagger) -> Self {
        Self {
            tagger: Some(tagger),
            accurate: false,
        }
    }
}

/// The `entities` items of a list of actors.
pub fn entities(actors: &[Actor]) -> Vec<Entity> {
    entities_with(actors, &[])
}

/// The `entities` items of a list of actors, with their portrayals when
/// given (one per actor).
pub fn entities_with(actors: &[Actor], portrayals: &[Portrayal]) -> Vec<Entity> {
    actors
        .iter()
        .enumerate()
        .map(|(i, a)| Entity {
            span: a.mentions[0],
            kind: EntityKind::parse(a.kind).unwrap_or(EntityKind::Other),
            id: format!("e{}", i + 1),
            name: a.name.clone(),
            country: a.country.clone(),
            mentions: a.mentions.clone(),
            portrayal: portrayals.get(i).map(|p| layers::Portrayal {
                score: round(p.score),
                outlet: p.outlet.map(round),
                quoted: p.quoted.map(round),
                evidence: p
                    .evidence
                    .iter()
                    .map(|e| PortrayalEvidence {
                        start: e.span.start,
                        end: e.span.end,
                        voice: e.voice.to_string(),
                        weight: round(e.weight),
                    })
                    .collect(),
            }),
            explanation: (!a.how.is_empty()).then(|| a.how.join("; ")),
        })
        .collect()
}

fn round(v: f32) -> f64 {
    (f64::from(v) * 1000.0).round() / 1000.0
}

impl Analyzer for EntitiesStage {
    fn name(&self) -> &'static str {
        names::ENTITIES
    }
    fn description(&self) -> &'static str {
        if self.accurate {
            "actors: people, organisations, countries, places, normalised (Macron, the French President → one actor); names and portrayals read by towers over the shared encoder"
        } else {
            "actors: people, organisations, countries, places, normalised (Macron, the French President → one actor)"
        }
    }
    fn requires(&self) -> &'static [&'static str] {
        if self.accurate {
            ACCURATE_REQUIRES
        } else {
            FAST_REQUIRES
        }
    }
    fn languages(&self) -> Languages {
        Languages::ENGLISH
    }
    fn analyze(&self, doc: &mut Document) -> Result<(), AnalyzeError> {
        let fail = |e: String| AnalyzeError::new(names::ENTITIES, e);
        let tagger = match self.tagger {
            Some(t) => t,
            None => embedded_tagger().map_err(fail)?,
        };
        let states = if self.accurate {
            doc.extensions.get::<TrunkStates>()
        } else {
            None
        };
        let warning = (self.accurate && states.is_none()).then(|| {
            "entities: no encoder states; the fast tagger and classifier were used".to_string()
        });
        let (sentences, mentions) = match states {
            Some(states) => {
                let tower = EntityTower::shared().map_err(fail)?;
                find_mentions_with_tower(doc, tagger, embedded_gazetteer(), tower, states)
                    .map_err(fail)?
            }
            None => find_mentions(doc, tagger, embedded_gazetteer()),
        };
        let actors = group(&sentences, &mentions, Knowledge::embedded());
        let portrayals: Vec<Portrayal> = match states {
            Some(states) => {
                let tower = PortrayalTower::shared().map_err(fail)?;
                let mentions: Vec<&[Span]> = actors.iter().map(|a| a.mentions.as_slice()).collect();
                portray_all(tower, doc, states, &mentions).map_err(|e| fail(e.to_string()))?
            }
            None => match embedded_portrayal() {
                Ok(model) => {
                    let text: Vec<char> = doc.text().chars().collect();
                    actors
                        .iter()
                        .map(|a| portray(model, doc, &text, &a.mentions))
                        .collect()
                }
                Err(_) => Vec::new(),
            },
        };
        doc.warnings.extend(warning);
        doc.set_items_sorted(&entities_with(&actors, &portrayals));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unspun_core::segment;

    /// Pieces and mentions from a whitespace-tokenised text whose entity
    /// words are marked `word/TYPE` (a `+` joins a word to the previous one).
    fn fixture(marked: &str) -> (Vec<Vec<Piece>>, Vec<Mention>) {
        let mut sentences = vec![Vec::new()];
        let mut tags: Vec<Vec<String>> = vec![Vec::new()];
        let mut offset = 0;
        for item in marked.split(' ') {
            let (word, tag) = match item.split_once('/') {
                Some((w, t)) => (w, t.to_string()),
                None => (item, "O".to_string()),
            };
            let (word, continues) = match word.strip_prefix('+') {
                Some(w) => (w, true),
                None => (word, false),
            };
            let len = word.chars().count();
            let s = sentences.last_mut().expect("sentence");
            let t = tags.last_mut().expect("tags");
            let prev_same = t.last().is_some_and(|p| p.ends_with(&tag) && tag != "O");
            let bio = if tag == "O" {
                tag
            } else if continues && prev_same {
                format!("I-{tag}")
            } else {
                format!("B-{tag}")
            };
            s.push(Piece {
                text: word.to_string(),
                span: Span::new(offset, offset + len),
            });
            t.push(bio);
            offset += len + 1;
            if word == "." {
                sentences.push(Vec::new());
                tags.push(Vec::new());
            }
        }
        let mut mentions = Vec::new();
        for (si, t) in tags.iter().enumerate() {
            for (ty, a, b) in chunks(t) {
                let span = Span::new(sentences[si][a].span.start, sentences[si][b - 1].span.end);
                mentions.push(Mention {
                    conll_type: ty,
                    span,
                    sentence: si,
                    pieces: (a, b),
                });
            }
        }
        (sentences, mentions)
    }

    /// The actor named `name`; fails with the list when there is none.
    #[track_caller]
    fn actor<'a>(actors: &'a [Actor], name: &str) -> &'a Actor {
        actors
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("no {name}: {actors:?}"))
    }

    #[test]
    fn splits_possessives_like_conll() {
        let mut doc = Document::new("t", "Macron’s plan for NATO’s office.");
        segment::segment(&mut doc);
        let texts: Vec<Vec<String>> = pieces(&doc)
            .iter()
            .map(|s| s.iter().map(|p| p.text.clone()).collect())
            .collect();
        assert_eq!(
            texts,
            [["Macron", "'s", "plan", "for", "NATO", "'s", "office", "."]]
        );
        let first = &pieces(&doc)[0];
        assert_eq!(doc.slice(first[0].span), "Macron");
        assert_eq!(doc.slice(first[1].span), "’s");
    }

    #[test]
    fn seats_of_government_speak_for_their_country_unless_they_are_the_place() {
        let (sentences, mentions) = fixture(
            "The Kremlin/ORG rejected the plan . \
             Talks at the White/LOC +House/LOC went on as the Élysée/ORG said yes .",
        );
        let actors = group(&sentences, &mentions, Knowledge::embedded());
        let find = |name: &str| actor(&actors, name);
        let russia = find("Russia");
        assert_eq!(russia.kind, "country");
        assert!(russia.how.iter().any(|h| h.contains("seat of government")));
        let france = find("France");
        assert_eq!(france.kind, "country");
        let house = find("White House");
        assert_eq!(
            (house.kind, house.country.as_deref()),
            ("location", Some("United States"))
        );
    }

    #[test]
    fn its_before_a_role_gives_the_person_the_country_named_before() {
        let (sentences, mentions) = fixture(
            "Moldova/LOC wants the mission . \
             Its President Maia/PER +Sandu/PER said so . \
             Their foreign minister Nicu/PER +Popescu/PER agreed .",
        );
        let actors = group(&sentences, &mentions, Knowledge::embedded());
        for name in ["Maia Sandu", "Nicu Popescu"] {
            let person = actor(&actors, name);
            assert_eq!(person.country.as_deref(), Some("Moldova"), "{name}");
        }
    }

    #[test]
    fn its_refers_to_the_last_country_or_organisation_right_before_a_role() {
        let (sentences, mentions) = fixture(
            "Ukraine/LOC asked for help . \
             The European/ORG +Union/ORG and its foreign policy chief Josep/PER +Borrell/PER agreed . \
             Moldova/LOC wants to sign its deal soon , President Joe/PER +Biden/PER told reporters .",
        );
        let actors = group(&sentences, &mentions, Knowledge::embedded());
        let country = |name: &str| actor(&actors, name).country.clone();
        assert_eq!(country("Josep Borrell"), None);
        assert_ne!(country("Joe Biden").as_deref(), Some("Moldova"));
    }

    #[test]
    fn seats_speak_after_according_to_and_from_and_give_spokesmen_a_country() {
        let (sentences, mentions) = fixture(
            "According to the Kremlin/ORG , talks failed . \
             A statement from the White/ORG +House/ORG said no . \
             Kremlin/ORG spokesman Dmitry/PER +Peskov/PER rejected it .",
        );
        let actors = group(&sentences, &mentions, Knowledge::embedded());
        let find = |name: &str| actor(&actors, name);
        assert_eq!(find("Russia").kind, "country");
        assert_eq!(find("United States").kind, "country");
        assert_eq!(find("Dmitry Peskov").country.as_deref(), Some("Russia"));
    }

    #[test]
    fn groups_people_countries_metonyms_and_organisations() {
        let (sentences, mentions) = fixture(
            "French/MISC President Emmanuel/PER +Macron/PER met Nato/ORG chiefs . \
             Macron/PER said Beijing/LOC said no to the North/ORG +Atlantic/ORG +Treaty/ORG +Organization/ORG . \
             Officials in Brussels/LOC agreed with Chinese/MISC officials .",
        );
        let actors = group(&sentences, &mentions, Knowledge::embedded());
        let find = |name: &str| actor(&actors, name);
        let macron = find("Emmanuel Macron");
        assert_eq!(macron.kind, "person");
        assert_eq!(macron.mentions.len(), 2);
        assert_eq!(macron.country.as_deref(), Some("France"));
        assert!(
            !actors
                .iter()
                .any(|a| a.name == "French" || a.name == "France"),
            "{actors:?}"
        );
        let nato = find("NATO");
        assert_eq!((nato.kind, nato.mentions.len()), ("organisation", 2));
        let china = find("China");
        assert_eq!((china.kind, china.mentions.len()), ("country", 2));
        let brussels = find("Brussels");
        assert_eq!(
            (brussels.kind, brussels.country.as_deref()),
            ("location", Some("Belgium"))
        );
        // Actors come in order of first mention.
        assert_eq!(actors[0].name, "Emmanuel Macron");
    }

    #[test]
    fn stage_fills_the_entities_layer() {
        let tagger: &'static Tagger = Box::leak(Box::new(crate::tagger::tests::tiny_tagger()));
        let stage = EntitiesStage::with_tagger(tagger);
        assert_eq!(stage.requires(), &["segment", "language"]);
        let text = "Peter Blackburn visited Bonn.\n\nThe European Commission said.";
        let mut doc = Document::new("t", text);
        segment::segment(&mut doc);
        stage.analyze(&mut doc).unwrap();
        let actors = doc.items::<Entity>();
        assert_eq!(
            actors.len(),
            doc.layer("entities").unwrap().annotations.len()
        );
        assert!(!actors.is_empty());
        for a in &actors {
            assert!(a.id.starts_with('e'));
            assert_eq!(a.mentions[0], a.span);
            assert!(!a.name.is_empty());
        }
        let names: Vec<&str> = actors.iter().map(|a| a.name.as_str()).collect();
        assert!(names.contains(&"Peter Blackburn"), "{names:?}");
    }
}
