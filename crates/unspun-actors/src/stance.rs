//! Stances and decision rules.
//!
//! The `stances` analyser finds what actors do and say about the issues of
//! the article ("France rejects the plan", "Japan is eager to host the
//! office", "Beijing welcomed the French stance") with a lexicon of stance
//! cues, a negation check, the nearest actor before the cue as holder (or
//! the last person or country for "he", "she", "it", "they"), and the phrase
//! after the cue as target; a pronoun or a generic target ("the plan")
//! refers to the article's main proposal.
//!
//! The `decisions` analyser applies the rule of each body the article is
//! about (from the knowledge file) to the stances of its members.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use unspun_core::{AnalyzeError, Analyzer, Annotation, Document, Span};

use crate::knowledge::{Body, Knowledge};
use crate::stage::{pieces, Piece};

/// Support, opposition or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Polarity {
    /// For the target.
    Support,
    /// Against the target.
    Oppose,
    /// Declared neither (abstains, undecided, will not block).
    Neutral,
}

impl Polarity {
    /// `support`, `oppose` or `neutral`.
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Support => "support",
            Polarity::Oppose => "oppose",
            Polarity::Neutral => "neutral",
        }
    }
}

use Polarity::{Neutral, Oppose, Support};

/// Stance cues, as lower-case word sequences.
const CUES: &[(&str, Polarity)] = &[
    ("opposes", Oppose),
    ("opposed", Oppose),
    ("oppose", Oppose),
    ("opposing", Oppose),
    ("rejects", Oppose),
    ("rejected", Oppose),
    ("reject", Oppose),
    ("rejecting", Oppose),
    ("blocks", Oppose),
    ("blocked", Oppose),
    ("block", Oppose),
    ("blocking", Oppose),
    ("vetoed", Oppose),
    ("vetoes", Oppose),
    ("veto", Oppose),
    ("objects to", Oppose),
    ("objected to", Oppose),
    ("object to", Oppose),
    ("come out against", Oppose),
    ("came out against", Oppose),
    ("is against", Oppose),
    ("are against", Oppose),
    ("was against", Oppose),
    ("remains against", Oppose),
    ("voted against", Oppose),
    ("vote against", Oppose),
    ("will vote against", Oppose),
    ("is wary of", Oppose),
    ("was wary of", Oppose),
    ("wary of", Oppose),
    ("is sceptical of", Oppose),
    ("sceptical of", Oppose),
    ("skeptical of", Oppose),
    ("resists", Oppose),
    ("resisted", Oppose),
    ("refuses to back", Oppose),
    ("refused to back", Oppose),
    ("condemned", Oppose),
    ("condemns", Oppose),
    ("criticised", Oppose),
    ("criticized", Oppose),
    ("says no to", Oppose),
    ("said no to", Oppose),
    ("torpedoed", Oppose),
    ("derailed", Oppose),
    ("supports", Support),
    ("supported", Support),
    ("support", Support),
    ("backs", Support),
    ("backed", Support),
    ("back", Support),
    ("endorses", Support),
    ("endorsed", Support),
    ("welcomes", Support),
    ("welcomed", Support),
    ("welcome", Support),
    ("urges", Support),
    ("urged", Support),
    ("is eager to", Support),
    ("eager to", Support),
    ("is keen to", Support),
    ("keen to", Support),
    ("called for", Support),
    ("calls for", Support),
    ("voted for", Support),
    ("voted in favour of", Support),
    ("voted in favor of", Support),
    ("vote for", Support),
    ("in favour of", Support),
    ("in favor of", Support),
    ("approved", Support),
    ("approves", Support),
    ("champions", Support),
    ("championed", Support),
    ("pushed for", Support),
    ("pushes for", Support),
    ("is pushing for", Support),
    ("agreed to", Support),
    ("favours", Support),
    ("favors", Support),
    ("praised", Support),
    ("hailed", Support),
    ("cheered", Support),
    ("cheers", Support),
    ("proposed", Support),
    ("proposes", Support),
    ("abstained on", Neutral),
    ("abstained", Neutral),
    ("will abstain on", Neutral),
    ("will abstain", Neutral),
    ("abstain", Neutral),
    ("is undecided on", Neutral),
    ("undecided on", Neutral),
    ("remains neutral on", Neutral),
    ("neutral on", Neutral),
    ("has not taken a position on", Neutral),
];

const NEGATIONS: &[&str] = &[
    "not", "n't", "never", "no", "longer", "won't", "cannot", "can't",
];
const BOUNDARIES: &[&str] = &[
    ",", ";", ".", ":", "-", "--", "!", "?", "\"", "(", ")", "because", "as", "since", "but",
    "while", "which", "saying", "arguing", "said", "says", "and", "after", "before", "despite",
    "although", "who", "whose", "if", "when",
];
const PROPOSAL_NOUNS: &[&str] = &[
    "plan",
    "plans",
    "proposal",
    "proposals",
    "bid",
    "office",
    "resolution",
    "sanctions",
    "membership",
    "accession",
    "deal",
    "treaty",
    "ban",
    "package",
    "law",
    "bill",
    "motion",
    "reform",
    "initiative",
    "mission",
    "deployment",
    "enlargement",
    "expansion",
    "budget",
    "tariff",
    "tariffs",
    "agreement",
    "ceasefire",
    "embargo",
    "directive",
    "regulation",
    "scheme",
    "move",
    "idea",
    "request",
    "application",
    "candidacy",
    "appointment",
    "nomination",
    "measure",
    "measures",
    "base",
    "fund",
    "levy",
    "tax",
    "quota",
    "quotas",
    "pact",
];
const GENERIC_TARGETS: &[&str] = &[
    "it",
    "this",
    "that",
    "them",
    "the plan",
    "the proposal",
    "the idea",
    "the move",
    "the bid",
    "the office",
    "the measure",
    "the resolution",
    "the deal",
    "the initiative",
    "such a move",
    "the project",
];

/// An actor as the entities layer gives it.
#[derive(Debug, Clone)]
pub struct ActorRef {
    /// Entity id (`e1`).
    pub id: String,
    /// Kind (`person`, `country` …).
    pub kind: String,
    /// Canonical name.
    pub name: String,
    /// Country, when known.
    pub country: Option<String>,
    /// Mentions.
    pub mentions: Vec<Span>,
}

/// Reads the actors of the `entities` layer.
pub fn actors_of(doc: &Document) -> Vec<ActorRef> {
    let Some(layer) = doc.layer("entities") else {
        return Vec::new();
    };
    layer
        .annotations
        .iter()
        .map(|a| {
            let s = |k: &str| {
                a.attributes
                    .get(k)
                    .and_then(Value::as_str)
                    .map(String::from)
            };
            let mentions = a
                .attributes
                .get("mentions")
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(|m| {
                            Some(Span::new(
                                m["start"].as_u64()? as usize,
                                m["end"].as_u64()? as usize,
                            ))
                        })
                        .collect()
                })
                .unwrap_or_else(|| vec![a.span]);
            ActorRef {
                id: s("id").unwrap_or_default(),
                kind: a.label.clone(),
                name: s("name").unwrap_or_default(),
                country: s("country"),
                mentions,
            }
        })
        .collect()
}

/// One stance found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Stance {
    /// Index of the holder in the actor list.
    pub holder: usize,
    /// What the stance is about.
    pub target: String,
    /// Support, oppose or neutral.
    pub polarity: Polarity,
    /// The clause that shows it (holder to end of target).
    pub evidence: Span,
    /// The cue words ("rejects", "is eager to").
    pub cue: String,
}

type CueIndex =
    std::collections::HashMap<&'static str, Vec<(Vec<&'static str>, Polarity, &'static str)>>;

/// The cues by first word, split once.
fn cue_index() -> &'static CueIndex {
    static INDEX: std::sync::OnceLock<CueIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = CueIndex::new();
        for &(cue, polarity) in CUES {
            let parts: Vec<&'static str> = cue.split(' ').collect();
            index
                .entry(parts[0])
                .or_default()
                .push((parts, polarity, cue));
        }
        index
    })
}

/// The longest cue that starts at word `i`: (length in words, polarity, cue).
fn match_cue(words: &[String], i: usize) -> Option<(usize, Polarity, &'static str)> {
    let candidates = cue_index().get(words.get(i)?.as_str())?;
    candidates
        .iter()
        .filter(|(parts, _, _)| {
            i + parts.len() <= words.len() && parts.iter().zip(&words[i..]).all(|(a, b)| *a == b)
        })
        .max_by_key(|(parts, _, _)| parts.len())
        .map(|(parts, polarity, cue)| (parts.len(), *polarity, *cue))
}

/// The noun phrase around a proposal noun at `i`: from a determiner
/// before it through a following `for`/`to`/`on`/`of` complement.
fn proposal_phrase(sentence: &[Piece], words: &[String], i: usize) -> Option<(usize, usize)> {
    let mut start = i;
    for back in 1..=4 {
        if i < back {
            break;
        }
        let w = words[i - back].as_str();
        if matches!(w, "a" | "an" | "the" | "its" | "their" | "his" | "her") {
            start = i - back;
            break;
        }
        if BOUNDARIES.contains(&w) || match_cue(words, i - back).is_some() {
            break;
        }
    }
    let mut end = i + 1;
    if matches!(
        words.get(end).map(String::as_str),
        Some("for" | "to" | "on" | "of" | "in" | "against")
    ) {
        end += 1;
        while end < words.len() && end - i < 16 && !BOUNDARIES.contains(&words[end].as_str()) {
            end += 1;
        }
    }
    (end <= sentence.len()).then_some((start, end))
}

fn text_of(doc: &Document, sentence: &[Piece], a: usize, b: usize) -> String {
    doc.slice(Span::new(sentence[a].span.start, sentence[b - 1].span.end))
        .to_string()
}

/// Finds the article's issues (first is the main one) and the stances.
pub fn find_stances(doc: &Document, actors: &[ActorRef]) -> (Vec<String>, Vec<Stance>) {
    let sentences = pieces(doc);
    let mut scanned: Vec<String> = Vec::new();
    type Raw = (usize, String, Vec<String>, bool, Polarity, Span, String);
    let mut raw: Vec<Raw> = Vec::new();
    let mut last_person: Option<usize> = None;
    let mut last_group: Option<usize> = None;
    // Actor of each mention start.
    let mut mention_owner: BTreeMap<usize, (usize, Span)> = BTreeMap::new();
    for (k, a) in actors.iter().enumerate() {
        for m in &a.mentions {
            mention_owner.insert(m.start, (k, *m));
        }
    }
    for sentence in &sentences {
        if sentence.is_empty() {
            continue;
        }
        let words: Vec<String> = sentence.iter().map(|p| p.text.to_lowercase()).collect();
        // Actor mentioned at each piece.
        let owner: Vec<Option<usize>> = sentence
            .iter()
            .map(|p| {
                mention_owner
                    .range(..=p.span.start)
                    .next_back()
                    .filter(|(_, (_, m))| m.contains(&p.span))
                    .map(|(_, (k, _))| *k)
            })
            .collect();
        // Issues named in the sentence ("a plan for NATO to open …").
        for i in 0..words.len() {
            if PROPOSAL_NOUNS.contains(&words[i].as_str())
                && !matches!(words[i].as_str(), "move" | "idea")
            {
                if let Some((a, b)) = proposal_phrase(sentence, &words, i) {
                    if b - a >= 3 && matches!(words[a].as_str(), "a" | "an" | "the") {
                        scanned.push(text_of(doc, sentence, a, b));
                    }
                }
            }
        }
        let mut i = 0;
        while i < words.len() {
            let Some((len, mut polarity, cue)) = match_cue(&words, i) else {
                i += 1;
                continue;
            };
            let negated = (i.saturating_sub(3)..i).any(|j| NEGATIONS.contains(&words[j].as_str()))
                || (i >= 2
                    && matches!(
                        words[i - 2].as_str(),
                        "refused" | "declined" | "refuses" | "declines"
                    ));
            if negated {
                polarity = match polarity {
                    Support => Oppose,
                    Oppose | Neutral => Neutral,
                };
            }
            // Holder: nearest actor before the cue in the sentence; "he",
            // "she", "it", "they" take the nearest fitting actor before them
            // in the sentence, else the last one of the previous sentences.
            let holder_kind = |k: usize| {
                matches!(
                    actors[k].kind.as_str(),
                    "person" | "country" | "organisation"
                )
            };
            let nearest_before = |j: usize, person: bool| {
                (0..j)
                    .rev()
                    .find_map(|x| owner[x])
                    .filter(|&k| (actors[k].kind == "person") == person && holder_kind(k))
            };
            let mut holders: Vec<usize> = Vec::new();
            let mut holder_piece = i;
            for j in (0..i).rev() {
                if let Some(k) = owner[j] {
                    if holder_kind(k) {
                        holders.push(k);
                        holder_piece = j;
                        while holder_piece > 0 && owner[holder_piece - 1] == Some(k) {
                            holder_piece -= 1;
                        }
                        break;
                    }
                }
                if matches!(words[j].as_str(), "he" | "she") && i - j <= 4 {
                    holders.extend(nearest_before(j, true).or(last_person));
                    holder_piece = j;
                    break;
                }
                if matches!(words[j].as_str(), "it" | "they") && i - j <= 4 {
                    holders.extend(nearest_before(j, false).or(last_group));
                    holder_piece = j;
                    break;
                }
                if matches!(words[j].as_str(), ";" | "but" | "while" | "whereas") {
                    break;
                }
            }
            // Coordinated holders: "Germany, Italy and the Netherlands oppose".
            if !holders.is_empty() && owner[holder_piece].is_some() {
                let mut j = holder_piece;
                loop {
                    let mut x = j;
                    if x > 0 && words[x - 1] == "the" {
                        x -= 1;
                    }
                    if x == 0 || !matches!(words[x - 1].as_str(), "and" | "," | "or") {
                        break;
                    }
                    x -= 1;
                    if x > 0 && words[x - 1] == "," {
                        x -= 1;
                    }
                    match x.checked_sub(1).and_then(|y| owner[y]) {
                        Some(k) if holder_kind(k) && !holders.contains(&k) => {
                            holders.push(k);
                            j = x - 1;
                            while j > 0 && owner[j - 1] == Some(k) {
                                j -= 1;
                            }
                            holder_piece = j;
                        }
                        _ => break,
                    }
                }
            }
            // Passive: "proposed by the Netherlands" — the holder follows "by"
            // and the stance is about the main issue.
            let mut passive = false;
            if words.get(i + len).is_some_and(|w| w == "by") {
                let mut x = i + len + 1;
                if words.get(x).is_some_and(|w| w == "the") {
                    x += 1;
                }
                if let Some(k) = owner.get(x).copied().flatten().filter(|&k| holder_kind(k)) {
                    holders = vec![k];
                    holder_piece = i;
                    passive = true;
                } else {
                    holders.clear();
                }
            }
            // Target: the phrase after the cue.
            let start = i + len;
            let mut end = start;
            while end < words.len()
                && end - start < 14
                && !BOUNDARIES.contains(&words[end].as_str())
            {
                end += 1;
            }
            // A cue that ends the sentence ("China abstained.") is about the main issue.
            let closes = end == start && words.get(start).is_some_and(|w| w == ".");
            for &h in holders.iter().filter(|_| end > start || closes) {
                let phrase = if end > start && !passive {
                    text_of(doc, sentence, start, end)
                } else {
                    String::new()
                };
                let lower = phrase.to_lowercase();
                let nouns: Vec<String> = words[start..end]
                    .iter()
                    .filter(|w| PROPOSAL_NOUNS.contains(&w.as_str()))
                    .cloned()
                    .collect();
                let generic = phrase.is_empty()
                    || GENERIC_TARGETS
                        .iter()
                        .any(|g| lower == *g || lower.starts_with(&format!("{g} ")))
                    || words[start..end]
                        .iter()
                        .all(|w| matches!(w.as_str(), "it" | "them" | "this" | "that"));
                let last = end.max(i + len);
                let evidence = Span::new(
                    sentence[holder_piece.min(i)].span.start,
                    sentence[last - 1].span.end,
                );
                raw.push((
                    h,
                    phrase,
                    nouns,
                    generic,
                    polarity,
                    evidence,
                    cue.to_string(),
                ));
            }
            i += len;
        }
        // Remember the last person and the last country or organisation.
        for k in owner.iter().flatten() {
            match actors[*k].kind.as_str() {
                "person" => last_person = Some(*k),
                "country" | "organisation" => last_group = Some(*k),
                _ => {}
            }
        }
    }
    // The main issue: the first proposal a stance is about, else the first
    // proposal the article names.
    let main = raw
        .iter()
        .find(|r| !r.2.is_empty() && !r.3 && r.1.split_whitespace().count() >= 3)
        .map(|r| r.1.clone())
        .or_else(|| scanned.first().cloned());
    let main_lower = main.as_deref().unwrap_or("").to_lowercase();
    let mut issues: Vec<String> = main.iter().cloned().collect();
    let stances = raw
        .into_iter()
        .map(
            |(holder, phrase, nouns, generic, polarity, evidence, cue)| {
                let same = nouns
                    .iter()
                    .any(|n| main_lower.split_whitespace().any(|w| w == n));
                let target = match &main {
                    Some(m) if generic || same => m.clone(),
                    _ => phrase,
                };
                if !issues.contains(&target) && !nouns.is_empty() {
                    issues.push(target.clone());
                }
                Stance {
                    holder,
                    target,
                    polarity,
                    evidence,
                    cue,
                }
            },
        )
        .collect();
    (issues, stances)
}

/// Fills the `stances` layer: one annotation per stance, spanning its
/// evidence, labelled with its polarity; attributes `holder` (entity id),
/// `holder_name`, `target`, `evidence` {start, end}, `cue`.
pub struct StancesStage;

impl Analyzer for StancesStage {
    fn name(&self) -> &'static str {
        "stances"
    }
    fn description(&self) -> &'static str {
        "actors' stances (support, oppose, neutral) on the article's issues, with evidence"
    }
    fn requires(&self) -> &'static [&'static str] {
        &["entities"]
    }
    fn analyze(&self, doc: &mut Document) -> Result<(), AnalyzeError> {
        let actors = actors_of(doc);
        let (issues, stances) = find_stances(doc, &actors);
        let annotations: Vec<Annotation> = stances
            .iter()
            .map(|s| {
                let a = &actors[s.holder];
                Annotation::new(s.evidence, s.polarity.as_str())
                    .with_attribute("holder", a.id.clone())
                    .with_attribute("holder_name", a.name.clone())
                    .with_attribute("target", s.target.clone())
                    .with_attribute(
                        "evidence",
                        json!({"start": s.evidence.start, "end": s.evidence.end}),
                    )
                    .with_attribute("cue", s.cue.clone())
                    .with_attribute("main_issue", issues.first().is_some_and(|m| *m == s.target))
            })
            .collect();
        let layer = doc.layer_mut("stances");
        layer.annotations.extend(annotations);
        layer.sort();
        Ok(())
    }
}

/// What a body's rule makes of its members' stances.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The body ("North Atlantic Council").
    pub body: String,
    /// The rule (`consensus` …).
    pub rule: String,
    /// The proposal.
    pub proposal: String,
    /// `blocked`, `vetoed`, `can pass`, `passes`, `undetermined`.
    pub outcome: String,
    /// Why, in words.
    pub explanation: String,
    /// Where the decisive stance (or the body) is.
    pub span: Span,
}

fn join(names: &[String]) -> String {
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

const FOREIGN_POLICY: &[&str] = &[
    "sanction",
    "sanctions",
    "foreign policy",
    "embargo",
    "defence",
    "defense",
    "military",
    "diplomatic",
    "security policy",
];

/// Applies the rules of the bodies the article is about.
pub fn decide(
    doc: &Document,
    actors: &[ActorRef],
    stances: &[Stance],
    issue: Option<&str>,
    k: &Knowledge,
) -> Vec<Decision> {
    let text = doc.text().to_lowercase();
    let mut out = Vec::new();
    let mut seen_org = Vec::new();
    for body in &k.bodies {
        let Some(org) = k
            .organisations
            .iter()
            .find(|o| o.short == body.organisation)
        else {
            continue;
        };
        let org_actor = actors.iter().find(|a| a.name == org.short);
        let named = std::iter::once(&body.name)
            .chain(&body.aliases)
            .any(|n| text.contains(&n.to_lowercase()));
        if org_actor.is_none() && !named {
            continue;
        }
        if let Some(scope) = &body.scope {
            let foreign = FOREIGN_POLICY.iter().any(|w| text.contains(w));
            if (scope == "foreign") != foreign {
                continue;
            }
        }
        if seen_org.contains(&org.short) {
            continue;
        }
        seen_org.push(org.short.clone());
        let members: Vec<String> = if body.rule == "security-council" {
            Vec::new()
        } else {
            org.members.clone()
        };
        // Each country's stance: opposition beats support beats neutral.
        let mut by_country: BTreeMap<String, (Polarity, Span)> = BTreeMap::new();
        for s in stances {
            let a = &actors[s.holder];
            let country = match a.kind.as_str() {
                "country" => Some(a.name.clone()),
                "person" => a.country.clone(),
                _ => None,
            };
            let Some(country) = country else { continue };
            if body.rule != "security-council" && !members.contains(&country) {
                continue;
            }
            let rank = |p: Polarity| match p {
                Oppose => 2,
                Support => 1,
                Neutral => 0,
            };
            let e = by_country
                .entry(country)
                .or_insert((s.polarity, s.evidence));
            if rank(s.polarity) > rank(e.0) {
                *e = (s.polarity, s.evidence);
            }
        }
        let with = |p: Polarity| -> Vec<String> {
            by_country
                .iter()
                .filter(|(_, v)| v.0 == p)
                .map(|(c, _)| c.clone())
                .collect()
        };
        let (opposed, support) = (with(Oppose), with(Support));
        let first_span =
            |names: &[String]| names.first().and_then(|n| by_country.get(n)).map(|v| v.1);
        let default_span = org_actor.map(|a| a.mentions[0]).unwrap_or(Span::new(0, 0));
        let verb = |n: &[String]| if n.len() == 1 { "opposes" } else { "oppose" };
        let (outcome, explanation, span) = match body.rule.as_str() {
            "consensus" | "unanimity" => {
                let how = if body.rule == "consensus" {
                    "by consensus"
                } else {
                    "by unanimity"
                };
                if !opposed.is_empty() {
                    let what = if opposed.len() == 1 {
                        "a member"
                    } else {
                        "members"
                    };
                    (
                        "blocked",
                        format!(
                            "blocked: {}, {what}, {}; the {} decides {how}",
                            join(&opposed),
                            verb(&opposed),
                            body.name
                        ),
                        first_span(&opposed),
                    )
                } else if !support.is_empty() {
                    (
                        "can pass",
                        format!("no member is reported to oppose ({} {}); the {} decides {how}, so one objection would still block it", join(&support), if support.len() == 1 { "supports" } else { "support" }, body.name),
                        first_span(&support),
                    )
                } else {
                    (
                        "undetermined",
                        format!(
                            "no member's stance is reported; the {} decides {how}",
                            body.name
                        ),
                        None,
                    )
                }
            }
            "security-council" => {
                let vetoes: Vec<String> = opposed
                    .iter()
                    .filter(|c| body.permanent.contains(c))
                    .cloned()
                    .collect();
                if !vetoes.is_empty() {
                    (
                        "vetoed",
                        format!("vetoed: {}, a permanent member, {}; the Security Council needs nine votes and no veto", join(&vetoes), verb(&vetoes)),
                        first_span(&vetoes),
                    )
                } else if support.len() >= 9 {
                    ("passes", format!("{} members support it and no permanent member opposes; nine votes are needed", support.len()), first_span(&support))
                } else {
                    (
                        "undetermined",
                        format!("{} in favour reported, nine needed, and no permanent member is reported to oppose", support.len()),
                        first_span(&support),
                    )
                }
            }
            "qualified-majority" => {
                let pop = |names: &[String]| -> f64 {
                    names.iter().filter_map(|n| k.eu_population.get(n)).sum()
                };
                let total: f64 = k.eu_population.values().sum();
                let (op, sp) = (pop(&opposed) / total * 100.0, pop(&support) / total * 100.0);
                if opposed.len() >= 4 && op > 35.0 {
                    (
                        "blocked",
                        format!("blocked: {} ({} states, {op:.0} % of the population) form a blocking minority under qualified majority", join(&opposed), opposed.len()),
                        first_span(&opposed),
                    )
                } else if support.len() >= 15 && sp >= 65.0 {
                    ("passes", format!("{} states with {sp:.0} % of the population support it: a qualified majority", support.len()), first_span(&support))
                } else {
                    (
                        "undetermined",
                        format!(
                            "qualified majority needs 15 states and 65 % of the population; reported: {} for ({sp:.0} %), {} against ({op:.0} %)",
                            support.len(),
                            opposed.len()
                        ),
                        first_span(&opposed).or(first_span(&support)),
                    )
                }
            }
            _ => continue,
        };
        out.push(Decision {
            body: body.name.clone(),
            rule: rule_text(body),
            proposal: issue.unwrap_or("").to_string(),
            outcome: outcome.to_string(),
            explanation,
            span: span.unwrap_or(default_span),
        });
    }
    out
}

fn rule_text(body: &Body) -> String {
    match body.rule.as_str() {
        "consensus" => "consensus".into(),
        "unanimity" => "unanimity (foreign and security policy)".into(),
        "qualified-majority" => "qualified majority (55 % of states, 65 % of population)".into(),
        "security-council" => "nine of fifteen votes, no permanent-member veto".into(),
        other => other.into(),
    }
}

/// Fills the `decisions` layer: one annotation per body with a known rule
/// that the article is about, labelled with the rule's kind; attributes
/// `body`, `rule`, `proposal`, `outcome`, `explanation`, `source`.
pub struct DecisionsStage;

impl Analyzer for DecisionsStage {
    fn name(&self) -> &'static str {
        "decisions"
    }
    fn description(&self) -> &'static str {
        "what the decision rule of a body (NATO consensus, EU unanimity/QMV, UN Security Council veto) implies"
    }
    fn requires(&self) -> &'static [&'static str] {
        &["stances"]
    }
    fn analyze(&self, doc: &mut Document) -> Result<(), AnalyzeError> {
        let knowledge = Knowledge::embedded();
        let actors = actors_of(doc);
        let (issues, stances) = find_stances(doc, &actors);
        let decisions = decide(
            doc,
            &actors,
            &stances,
            issues.first().map(String::as_str),
            knowledge,
        );
        let annotations: Vec<Annotation> = decisions
            .into_iter()
            .map(|d| {
                let source = knowledge
                    .bodies
                    .iter()
                    .find(|b| b.name == d.body)
                    .map(|b| b.source.clone())
                    .unwrap_or_default();
                Annotation::new(d.span, d.outcome.clone())
                    .with_explanation(d.explanation.clone())
                    .with_attribute("body", d.body)
                    .with_attribute("rule", d.rule)
                    .with_attribute("proposal", d.proposal)
                    .with_attribute("outcome", d.outcome)
                    .with_attribute("source", source)
            })
            .collect();
        let layer = doc.layer_mut("decisions");
        layer.annotations.extend(annotations);
        layer.sort();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stage::{annotations, Actor};
    use unspun_core::segment;

    /// A segmented document whose entities layer holds the given actors
    /// (kind, name, country), each mentioned wherever its surface forms occur.
    fn doc_with(text: &str, actors: &[(&'static str, &str, Option<&str>, &[&str])]) -> Document {
        let mut doc = Document::new("t", text);
        segment::segment(&mut doc);
        let chars: Vec<char> = text.chars().collect();
        let list: Vec<Actor> = actors
            .iter()
            .map(|(kind, name, country, forms)| {
                let mut mentions = Vec::new();
                for form in *forms {
                    let f: Vec<char> = form.chars().collect();
                    for start in 0..chars.len().saturating_sub(f.len() - 1) {
                        let boundary = start + f.len() == chars.len()
                            || !chars[start + f.len()].is_alphanumeric();
                        if chars[start..start + f.len()] == f[..] && boundary {
                            mentions.push(Span::new(start, start + f.len()));
                        }
                    }
                }
                mentions.sort_by_key(|s| s.start);
                Actor {
                    kind,
                    name: name.to_string(),
                    country: country.map(String::from),
                    mentions,
                    how: Vec::new(),
                }
            })
            .collect();
        doc.layer_mut("entities")
            .annotations
            .extend(annotations(&list));
        doc
    }

    fn stances(doc: &Document) -> Vec<(String, Polarity, String)> {
        let actors = actors_of(doc);
        find_stances(doc, &actors)
            .1
            .into_iter()
            .map(|s| (actors[s.holder].name.clone(), s.polarity, s.target))
            .collect()
    }

    #[test]
    fn coordinated_holders_negation_and_main_issue() {
        let doc = doc_with(
            "Germany and France back a plan to open an office in Tokyo. Italy did not support it. Spain abstained.",
            &[
                ("country", "Germany", Some("Germany"), &["Germany"]),
                ("country", "France", Some("France"), &["France"]),
                ("country", "Italy", Some("Italy"), &["Italy"]),
                ("country", "Spain", Some("Spain"), &["Spain"]),
                ("location", "Tokyo", Some("Japan"), &["Tokyo"]),
            ],
        );
        let found = stances(&doc);
        let plan = "a plan to open an office in Tokyo".to_string();
        assert!(
            found.contains(&("Germany".into(), Support, plan.clone())),
            "{found:?}"
        );
        assert!(
            found.contains(&("France".into(), Support, plan.clone())),
            "{found:?}"
        );
        assert!(
            found.contains(&("Italy".into(), Oppose, plan.clone())),
            "{found:?}"
        );
        assert!(
            found.contains(&("Spain".into(), Neutral, plan)),
            "{found:?}"
        );
    }

    #[test]
    fn pronouns_and_passives_find_their_holder() {
        let doc = doc_with(
            "Olaf Scholz met reporters. He is wary of the proposal to send jets. The proposal was backed by Britain.",
            &[
                ("person", "Olaf Scholz", Some("Germany"), &["Olaf Scholz"]),
                ("country", "United Kingdom", Some("United Kingdom"), &["Britain"]),
            ],
        );
        let found = stances(&doc);
        assert!(
            found.iter().any(|s| s.0 == "Olaf Scholz" && s.1 == Oppose),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|s| s.0 == "United Kingdom" && s.1 == Support),
            "{found:?}"
        );
    }

    fn decisions(doc: &Document) -> Vec<Decision> {
        let actors = actors_of(doc);
        let (issues, stances) = find_stances(doc, &actors);
        decide(
            doc,
            &actors,
            &stances,
            issues.first().map(String::as_str),
            Knowledge::embedded(),
        )
    }

    #[test]
    fn consensus_is_blocked_by_one_member() {
        let doc = doc_with(
            "President Emmanuel Macron rejects the plan for NATO to open an office. Japan backs the plan.",
            &[
                ("person", "Emmanuel Macron", Some("France"), &["Emmanuel Macron"]),
                ("organisation", "NATO", None, &["NATO"]),
                ("country", "Japan", Some("Japan"), &["Japan"]),
            ],
        );
        let d = decisions(&doc);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].body, "North Atlantic Council");
        assert_eq!(d[0].outcome, "blocked");
        assert!(
            d[0].explanation.contains("France, a member, opposes"),
            "{}",
            d[0].explanation
        );
        assert_eq!(d[0].proposal, "the plan for NATO to open an office");
    }

    #[test]
    fn security_council_veto_and_count() {
        let doc = doc_with(
            "Russia vetoed the Security Council resolution on Syria. France supported the resolution.",
            &[("country", "Russia", Some("Russia"), &["Russia"]), ("country", "France", Some("France"), &["France"])],
        );
        let d = decisions(&doc);
        assert_eq!(d[0].outcome, "vetoed", "{d:?}");
        let doc = doc_with(
            "France supported the Security Council resolution on Syria.",
            &[("country", "France", Some("France"), &["France"])],
        );
        let d = decisions(&doc);
        assert_eq!(d[0].outcome, "undetermined", "{d:?}");
        assert!(
            d[0].explanation.contains("1 in favour"),
            "{}",
            d[0].explanation
        );
    }

    #[test]
    fn qualified_majority_needs_a_blocking_minority() {
        let text = "Germany, France, Italy and Spain oppose the EU proposal on farm subsidies. Malta backs the proposal.";
        let countries = ["Germany", "France", "Italy", "Spain", "Malta"];
        let actors: Vec<(&'static str, &str, Option<&str>, &[&str])> = vec![
            ("country", countries[0], Some(countries[0]), &["Germany"]),
            ("country", countries[1], Some(countries[1]), &["France"]),
            ("country", countries[2], Some(countries[2]), &["Italy"]),
            ("country", countries[3], Some(countries[3]), &["Spain"]),
            ("country", countries[4], Some(countries[4]), &["Malta"]),
            ("organisation", "EU", None, &["EU"]),
        ];
        let d = decisions(&doc_with(text, &actors));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].rule.starts_with("qualified majority"));
        assert_eq!(d[0].outcome, "blocked", "{d:?}");
        // Three large states are not a blocking minority: four are needed.
        let text = "Germany, France and Italy oppose the EU proposal on farm subsidies.";
        let d = decisions(&doc_with(
            text,
            &actors[..3]
                .iter()
                .chain(&actors[5..])
                .cloned()
                .collect::<Vec<_>>(),
        ));
        assert_eq!(d[0].outcome, "undetermined", "{d:?}");
    }
}
