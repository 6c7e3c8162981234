//! Stances: what actors support or oppose.
//!
//! The `stances` analyser finds what actors do and say about the issues of
//! the article ("France rejects the plan", "Japan is eager to host the
//! office", "Beijing welcomed the French stance") with a lexicon of stance
//! cues, a negation check, the nearest actor before the cue as holder (or
//! the last person or country for "he", "she", "it", "they"), and the phrase
//! after the cue as target; a pronoun or a generic target ("the plan")
//! refers to the article's main proposal. The decision rules that read the
//! stances are in [`crate::decision`].

use std::collections::BTreeMap;

use unspun_core::layers::{self, Entity, EntityKind};
use unspun_core::stages::names;
use unspun_core::{AnalyzeError, Analyzer, Document, Languages, Span};

use crate::roles::is_adverb;
use crate::stage::{pieces, Piece};

/// Support, opposition or neither: the typed label of the `stances`
/// layer, defined in the core with the layer.
pub use unspun_core::layers::Polarity;

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
    ("doubts about", Oppose),
    ("stand in the way of", Oppose),
    ("stand in the way", Oppose),
    ("stood in the way of", Oppose),
    ("denounced", Oppose),
    ("denounces", Oppose),
    ("slammed", Oppose),
    ("warned against", Oppose),
    ("warns against", Oppose),
    ("pushed back against", Oppose),
    ("pushes back against", Oppose),
    ("pushing back against", Oppose),
    ("pushed back on", Oppose),
    ("pushing back on", Oppose),
    ("given up on", Oppose),
    ("gave up on", Oppose),
    ("give up on", Oppose),
    ("giving up on", Oppose),
    ("given up", Oppose),
    ("gave up", Oppose),
    ("give up", Oppose),
    ("abandoned", Oppose),
    ("abandons", Oppose),
    ("abandon", Oppose),
    ("dropped", Oppose),
    ("drops", Oppose),
    ("drop", Oppose),
    ("scrapped", Oppose),
    ("scrap", Oppose),
    ("shelved", Oppose),
    ("shelve", Oppose),
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
    ("offered to host", Support),
    ("offers to host", Support),
    ("wants to host", Support),
    ("hopes to host", Support),
    ("is ready to host", Support),
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
    ("pushing", Support),
    ("pushed", Support),
    ("pushes", Support),
    ("pressing for", Support),
    ("pressed for", Support),
    ("lobbied for", Support),
    ("lobbying for", Support),
    ("advocates", Support),
    ("advocated", Support),
    ("championing", Support),
    ("called on", Support),
    ("calls on", Support),
    ("urge", Support),
    ("urging", Support),
    ("pressed", Support),
    ("agreed to", Support),
    ("favours", Support),
    ("favors", Support),
    ("praised", Support),
    ("hailed", Support),
    ("cheered", Support),
    ("cheers", Support),
    ("proposed", Support),
    ("proposes", Support),
    ("drafted", Support),
    ("sponsored", Support),
    ("co-sponsored", Support),
    ("tabled", Support),
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

/// Cues of giving something up: opposition to what is given up ("dropped
/// the plan"), support when negated ("had not given up on the plan") or when
/// what is given up is an objection ("drops objections to the bid"). They
/// make a stance only about a proposal, an objection or a pronoun.
const ABANDON: &[&str] = &[
    "given up on",
    "gave up on",
    "give up on",
    "giving up on",
    "given up",
    "gave up",
    "give up",
    "abandoned",
    "abandons",
    "abandon",
    "dropped",
    "drops",
    "drop",
    "scrapped",
    "scrap",
    "shelved",
    "shelve",
];

/// What can be given up besides a proposal: an objection to it.
const OBJECTIONS: &[&str] = &[
    "objection",
    "objections",
    "opposition",
    "veto",
    "resistance",
    "reservations",
    "blockade",
];

/// Cues of pressing another party ("urged NATO to …", "called on the
/// Council to …", "pushed allies to …"): the stance is what the other party
/// is pressed to do about the issue (see [`pressed_to`]).
const PRESSING: &[&str] = &[
    "urged",
    "urges",
    "urge",
    "urging",
    "called on",
    "calls on",
    "pressed",
    "pushed",
    "pushes",
    "pushing",
];

/// Verbs of dropping or stopping something, in what another party is
/// urged to do ("drop the plan", "reconsider", "stay out of Asia").
const STOPPING: &[&str] = &[
    "drop",
    "abandon",
    "scrap",
    "shelve",
    "withdraw",
    "reconsider",
    "rethink",
    "halt",
    "stop",
    "cancel",
    "reverse",
    "refrain",
    "stay",
    "give",
    "back",
];

/// What another party is urged to do, from the word after a pressing cue:
/// `(polarity, target start, target end, clause end)`; polarity `None` when
/// the party is only urged to decide "rightly" with no direction given.
/// `None` when no "to" clause follows ("urged restraint").
fn pressed_to(words: &[String], from: usize) -> Option<(Option<Polarity>, usize, usize, usize)> {
    let limit = (from + 7).min(words.len());
    let t = (from..limit)
        .take_while(|&t| t == from || !BOUNDARIES.contains(&words[t].as_str()))
        .find(|&t| words[t] == "to")
        .filter(|&t| {
            // "pushing a plan for NATO to open …" names no party pressed.
            !words[from..t]
                .iter()
                .any(|w| PROPOSAL_NOUNS.contains(&w.as_str()))
        })?;
    let not = t > from && matches!(words[t - 1].as_str(), "not" | "never");
    let mut end = t + 1;
    while end < words.len()
        && end - t <= 24
        && (words[end] == "and" || !BOUNDARIES.contains(&words[end].as_str()))
    {
        end += 1;
    }
    let flip = |p: Polarity| match (not, p) {
        (false, p) => p,
        (true, Support) => Oppose,
        (true, Oppose) => Support,
        (true, Neutral) => Neutral,
    };
    let mut right = false;
    let mut k = t + 1;
    while k < end {
        let w = words[k].as_str();
        if matches!(w, "right" | "correct" | "wise")
            && words
                .get(k + 1)
                .is_some_and(|n| matches!(n.as_str(), "decision" | "choice" | "thing"))
        {
            right = true;
            k += 2;
            continue;
        }
        let particle = words.get(k + 1).map(String::as_str);
        let stopping = match w {
            "give" => particle == Some("up"),
            "stay" => matches!(particle, Some("out" | "away")),
            _ => STOPPING.contains(&w),
        };
        if stopping {
            let mut a = k + 1;
            while a < end
                && matches!(
                    words[a].as_str(),
                    "up" | "down" | "out" | "off" | "from" | "on"
                )
            {
                a += 1;
            }
            if w == "back" && a == k + 1 {
                // "back the plan": support.
                return Some((Some(flip(Support)), a, end, end));
            }
            return Some((Some(flip(Oppose)), a, end, end));
        }
        if let Some((len, p, _)) = match_cue(words, k) {
            return Some((Some(flip(p)), k + len, end, end));
        }
        if APPROVING.contains(&w) {
            return Some((Some(flip(Support)), k + 1, end, end));
        }
        k += 1;
    }
    if right && !not {
        return Some((None, t + 1, end, end));
    }
    Some((Some(flip(Support)), t + 1, end, end))
}

/// Nouns of a stance taken by someone else ("the French stance", "Macron's
/// position").
const STANCE_NOUNS: &[&str] = &[
    "stance",
    "position",
    "opposition",
    "objection",
    "objections",
    "refusal",
    "veto",
];

/// Verbs of letting a proposal through, in what another party is urged to
/// do ("urged council members to adopt it").
const APPROVING: &[&str] = &[
    "adopt",
    "approve",
    "pass",
    "endorse",
    "accept",
    "support",
    "agree",
    "sign",
    "ratify",
    "authorise",
    "authorize",
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
    "probe",
    "aid",
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

/// Whether a stance's target names a proposal ("Finland's membership",
/// "the sanctions"), rather than something else ("the veto", "engaging
/// the junta").
pub fn names_proposal(target: &str) -> bool {
    target
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| PROPOSAL_NOUNS.contains(&w.to_lowercase().as_str()))
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
        Some("for" | "to" | "on" | "of" | "in" | "into" | "against")
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
pub fn find_stances(doc: &Document, actors: &[Entity]) -> (Vec<String>, Vec<Stance>) {
    let sentences = pieces(doc);
    let mut scanned: Vec<String> = Vec::new();
    /// A stance before its target is resolved against the main issue.
    struct Raw {
        holder: usize,
        phrase: String,
        nouns: Vec<String>,
        generic: bool,
        polarity: Polarity,
        evidence: Span,
        cue: String,
        specific: Option<String>,
        /// Names of the actor whose stance the target is ("welcomed the
        /// French stance": France).
        echo: Vec<String>,
    }
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
                    if b - a >= 3
                        && matches!(words[a].as_str(), "a" | "an" | "the" | "its" | "their")
                    {
                        scanned.push(text_of(doc, sentence, a, b));
                    }
                }
            }
        }
        // The holders of the sentence's last cue, for a verb coordinated
        // with it ("China opposes the expansion and urged the alliance …").
        let mut previous: Vec<usize> = Vec::new();
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
            let abandon = ABANDON.contains(&cue);
            if negated {
                polarity = match polarity {
                    Support => Oppose,
                    Oppose if abandon => Support,
                    Oppose | Neutral => Neutral,
                };
            }
            // "urged NATO to drop the plan": the stance is what the other
            // party is urged to do.
            let mut pressed: Option<(usize, usize, usize)> = None;
            if PRESSING.contains(&cue) {
                match pressed_to(&words, i + len) {
                    Some((Some(p), a, b, e)) => {
                        polarity = p;
                        pressed = Some((a, b, e));
                    }
                    Some((None, _, _, e)) => {
                        i = e;
                        continue;
                    }
                    None if matches!(cue, "called on" | "calls on" | "pressed") => {
                        i += len;
                        continue;
                    }
                    None => {}
                }
            }
            // Holder: nearest actor before the cue in the sentence; "he",
            // "she", "it", "they" take the nearest fitting actor before them
            // in the sentence, else the last one of the previous sentences.
            let holder_kind = |k: usize| {
                matches!(
                    actors[k].kind,
                    EntityKind::Person | EntityKind::Country | EntityKind::Organisation
                )
            };
            let nearest_before = |j: usize, person: bool| {
                (0..j)
                    .rev()
                    .find_map(|x| owner[x])
                    .filter(|&k| (actors[k].kind == EntityKind::Person) == person && holder_kind(k))
            };
            // A relative clause between holder and cue ("Venezuela, which
            // raised the dispute at the Security Council, rejected …") is
            // skipped.
            let mut scan_from = i;
            let mut c = i;
            while c > 0 && is_adverb(&words[c - 1]) {
                c -= 1;
            }
            if c > 0 && words[c - 1] == "," {
                if let Some(r) = (c.saturating_sub(30)..c - 1).rev().find(|&r| {
                    words[r] == ","
                        && words
                            .get(r + 1)
                            .is_some_and(|w| matches!(w.as_str(), "which" | "who" | "whose"))
                }) {
                    scan_from = r;
                }
            }
            let mut holders: Vec<usize> = Vec::new();
            let mut holder_piece = i;
            let mut c = i;
            while c > 0
                && (is_adverb(&words[c - 1])
                    || matches!(
                        words[c - 1].as_str(),
                        "has"
                            | "have"
                            | "had"
                            | "is"
                            | "was"
                            | "will"
                            | "would"
                            | "could"
                            | "can"
                            | "not"
                            | "n't"
                            | "never"
                            | "no"
                            | "longer"
                    ))
            {
                c -= 1;
            }
            if c > 0 && matches!(words[c - 1].as_str(), "and" | "but") && !previous.is_empty() {
                holders = previous.clone();
                scan_from = 0;
            }
            for j in (0..scan_from).rev() {
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
            if !holders.is_empty() && scan_from > 0 && owner[holder_piece].is_some() {
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
            // A participle after "was", "been" … ("the plan was rejected at
            // the summit by France", "if the assembly was scrapped") is
            // passive too: its holder is the agent after "by", if any.
            let mut b = i;
            while b > 0 && is_adverb(&words[b - 1]) {
                b -= 1;
            }
            let participle = cue.ends_with("ed") && cue != "opposed" && !cue.contains(' ');
            let be = b > 0
                && matches!(
                    words[b - 1].as_str(),
                    "was" | "were" | "been" | "be" | "is" | "are" | "being"
                );
            let by = (i + len..(i + len + 6).min(words.len()))
                .take_while(|&x| x == i + len || !BOUNDARIES.contains(&words[x].as_str()))
                .find(|&x| words[x] == "by");
            let mut passive = false;
            if by == Some(i + len) || (participle && be) {
                let agent = by.and_then(|y| {
                    let x = if words.get(y + 1).is_some_and(|w| w == "the") {
                        y + 2
                    } else {
                        y + 1
                    };
                    owner.get(x).copied().flatten().filter(|&k| holder_kind(k))
                });
                if let Some(k) = agent {
                    holders = vec![k];
                    holder_piece = i;
                    passive = true;
                } else {
                    holders.clear();
                }
            }
            // Target: the phrase after the cue.
            let (start, end, next) = match pressed {
                Some((a, b, e)) => (a, b, e),
                None => (i + len, i + len, i + len),
            };
            let (start, mut end) =
                if pressed.is_none() && words.get(start).is_some_and(|w| w == "\"") {
                    // A quoted cue: China "firmly opposes" the move.
                    (start + 1, end + 1)
                } else {
                    (start, end)
                };
            if pressed.is_none() {
                while end < words.len()
                    && end - start < 14
                    && !BOUNDARIES.contains(&words[end].as_str())
                {
                    end += 1;
                }
            }
            // Giving something up is a stance only on a proposal ("dropped
            // the plan") or an objection ("drops objections to the bid",
            // support).
            if abandon {
                let head = words[start..end].iter().map(String::as_str).find(|w| {
                    !matches!(
                        *w,
                        "a" | "an" | "the" | "its" | "their" | "his" | "her" | "all"
                    )
                });
                let objection = head.is_some_and(|w| OBJECTIONS.contains(&w));
                let about_proposal = head
                    .is_none_or(|w| matches!(w, "it" | "them" | "this" | "that"))
                    || words[start..end]
                        .iter()
                        .any(|w| PROPOSAL_NOUNS.contains(&w.as_str()));
                if objection {
                    polarity = if negated { Oppose } else { Support };
                } else if !about_proposal {
                    holders.clear();
                }
            }
            // A cue that ends the sentence ("China abstained.") is about the main issue.
            let closes = end == start && words.get(start).is_some_and(|w| w == ".");
            // A stance on another actor's stance ("welcomed the French
            // stance", "criticised Macron's position") echoes it.
            let mut echo: Vec<String> = Vec::new();
            if let Some(sn) =
                (start..end.min(start + 5)).find(|&k| STANCE_NOUNS.contains(&words[k].as_str()))
            {
                for k in owner[start..sn].iter().flatten() {
                    echo.push(actors[*k].name.clone());
                    echo.extend(actors[*k].country.clone());
                }
            }
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
                // The proposal named in the target ("the plan for NATO to
                // open an office"), when it is more than a bare noun.
                let specific = (start..end)
                    .filter(|_| !passive && !phrase.is_empty())
                    .filter(|&k| {
                        PROPOSAL_NOUNS.contains(&words[k].as_str())
                            && !words
                                .get(k + 1)
                                .is_some_and(|w| PROPOSAL_NOUNS.contains(&w.as_str()))
                    })
                    .filter_map(|k| proposal_phrase(sentence, &words, k))
                    .find(|&(a, b)| {
                        a >= start
                            && b - a >= 3
                            && (matches!(
                                words[a].as_str(),
                                "a" | "an" | "the" | "its" | "their" | "his" | "her"
                            ) || !PROPOSAL_NOUNS.contains(&words[b - 1].as_str()))
                    })
                    .map(|(a, b)| text_of(doc, sentence, a, b));
                let generic = phrase.is_empty()
                    || GENERIC_TARGETS.iter().any(|g| {
                        lower == *g || (specific.is_none() && lower.starts_with(&format!("{g} ")))
                    })
                    || words[start..end]
                        .iter()
                        .all(|w| matches!(w.as_str(), "it" | "them" | "this" | "that"));
                let last = end.max(i + len);
                let evidence = Span::new(
                    sentence[holder_piece.min(i)].span.start,
                    sentence[last - 1].span.end,
                );
                raw.push(Raw {
                    holder: h,
                    phrase,
                    nouns,
                    generic,
                    polarity,
                    evidence,
                    cue: cue.to_string(),
                    specific,
                    echo: echo.clone(),
                });
            }
            if !holders.is_empty() {
                previous = holders.clone();
            }
            i = next.max(i + len);
        }
        // Remember the last person and the last country or organisation.
        for k in owner.iter().flatten() {
            match actors[*k].kind {
                EntityKind::Person => last_person = Some(*k),
                EntityKind::Country | EntityKind::Organisation => last_group = Some(*k),
                _ => {}
            }
        }
    }
    // The main issue: the first proposal a stance is about, else the first
    // proposal the article names.
    let main = raw
        .iter()
        .find_map(|r| r.specific.clone())
        .or_else(|| scanned.first().cloned());
    let main_lower = main.as_deref().unwrap_or("").to_lowercase();
    let on_main = |r: &Raw| {
        r.generic
            || r.nouns
                .iter()
                .any(|n| main_lower.split_whitespace().any(|w| w == n))
    };
    // Echoes take the polarity of the stance they are about.
    let echoed: Vec<Option<Polarity>> = raw
        .iter()
        .map(|r| {
            if r.echo.is_empty() {
                return None;
            }
            let theirs = raw.iter().find(|o| {
                o.echo.is_empty()
                    && on_main(o)
                    && (r.echo.contains(&actors[o.holder].name)
                        || actors[o.holder]
                            .country
                            .as_ref()
                            .is_some_and(|c| r.echo.contains(c)))
            })?;
            Some(match (r.polarity, theirs.polarity) {
                (Support, p) => p,
                (Oppose, Support) => Oppose,
                (Oppose, Oppose) => Support,
                _ => Neutral,
            })
        })
        .collect();
    let mut issues: Vec<String> = main.iter().cloned().collect();
    let stances = raw
        .into_iter()
        .zip(echoed)
        .map(|(r, echoed)| {
            let same = on_main(&r) || echoed.is_some();
            let target = match &main {
                Some(m) if same => m.clone(),
                _ => r.phrase,
            };
            if !issues.contains(&target) && !r.nouns.is_empty() {
                issues.push(target.clone());
            }
            Stance {
                holder: r.holder,
                target,
                polarity: echoed.unwrap_or(r.polarity),
                evidence: r.evidence,
                cue: r.cue,
            }
        })
        .collect();
    (issues, stances)
}

/// Fills the `stances` layer (one [`layers::Stance`] per stance, spanning
/// its evidence) and the article's issues (`doc.summary.issues`, the main
/// one first), from the actors of the `entities` layer.
pub struct StancesStage;

impl Analyzer for StancesStage {
    fn name(&self) -> &'static str {
        names::STANCES
    }
    fn description(&self) -> &'static str {
        "actors' stances (support, oppose, neutral) on the article's issues, with evidence"
    }
    fn requires(&self) -> &'static [&'static str] {
        &[names::LANGUAGE, names::ENTITIES]
    }
    fn languages(&self) -> Languages {
        Languages::ENGLISH
    }
    fn analyze(&self, doc: &mut Document) -> Result<(), AnalyzeError> {
        let actors = doc.items::<Entity>();
        let (issues, stances) = find_stances(doc, &actors);
        let items: Vec<layers::Stance> = stances
            .iter()
            .map(|s| {
                let a = &actors[s.holder];
                layers::Stance {
                    span: s.evidence,
                    polarity: s.polarity,
                    holder: a.id.clone(),
                    holder_name: a.name.clone(),
                    target: s.target.clone(),
                    cue: s.cue.clone(),
                    main_issue: issues.first().is_some_and(|m| *m == s.target),
                }
            })
            .collect();
        doc.set_items_sorted(&items);
        doc.summary.issues = issues;
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::stage::{entities, Actor};
    use unspun_core::segment;

    /// A segmented document whose entities layer holds the given actors
    /// (kind, name, country), each mentioned wherever its surface forms occur.
    pub(crate) fn doc_with(
        text: &str,
        actors: &[(&'static str, &str, Option<&str>, &[&str])],
    ) -> Document {
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
        doc.set_items(&entities(&list));
        doc
    }

    fn stances(doc: &Document) -> Vec<(String, Polarity, String)> {
        let actors = doc.items::<Entity>();
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

    #[test]
    fn urging_pushing_giving_up_and_echoes_imply_stances() {
        let doc = doc_with(
            "Germany backs a plan for NATO to open an office in Tokyo. \
             China urged NATO to make the right decision and drop the plan. \
             Russia urged the alliance not to open the office. \
             Poland urged allies to approve the plan. \
             Mark Rutte has been pushing the plan. \
             Japan had not given up on the plan. \
             Italy has pushed back against the proposal. \
             Hungary dropped its objections to the plan. \
             Iran welcomed the Italian position.",
            &[
                ("country", "Germany", Some("Germany"), &["Germany"]),
                ("organisation", "NATO", None, &["NATO"]),
                ("country", "China", Some("China"), &["China"]),
                ("country", "Russia", Some("Russia"), &["Russia"]),
                ("country", "Poland", Some("Poland"), &["Poland"]),
                ("person", "Mark Rutte", None, &["Mark Rutte"]),
                ("country", "Japan", Some("Japan"), &["Japan"]),
                ("country", "Italy", Some("Italy"), &["Italy", "Italian"]),
                ("country", "Hungary", Some("Hungary"), &["Hungary"]),
                ("country", "Iran", Some("Iran"), &["Iran"]),
            ],
        );
        let found = stances(&doc);
        let polarity = |name: &str| -> Vec<Polarity> {
            found.iter().filter(|s| s.0 == name).map(|s| s.1).collect()
        };
        assert_eq!(polarity("China"), [Oppose], "{found:?}");
        assert_eq!(polarity("Russia"), [Oppose], "{found:?}");
        assert_eq!(polarity("Poland"), [Support], "{found:?}");
        assert_eq!(polarity("Mark Rutte"), [Support], "{found:?}");
        assert_eq!(polarity("Japan"), [Support], "{found:?}");
        assert_eq!(polarity("Italy"), [Oppose], "{found:?}");
        assert_eq!(polarity("Hungary"), [Support], "{found:?}");
        assert_eq!(polarity("Iran"), [Oppose], "{found:?}");
        // The party urged takes no stance of its own.
        assert!(polarity("NATO").is_empty(), "{found:?}");
        assert!(found
            .iter()
            .all(|s| s.2 == "a plan for NATO to open an office in Tokyo"));
    }

    #[test]
    fn coordinated_verbs_and_relative_clauses_keep_their_subject() {
        let doc = doc_with(
            "China firmly opposes NATO's expansion into Asia and urged the alliance to drop the plan for an office in Tokyo. \
             Venezuela, which took the dispute to the Security Council, rejected the plan. \
             Slovakia is wary of the plan but would not block it.",
            &[
                ("country", "China", Some("China"), &["China"]),
                ("organisation", "NATO", None, &["NATO"]),
                ("country", "Venezuela", Some("Venezuela"), &["Venezuela"]),
                ("organisation", "UNSC", None, &["Security Council"]),
                ("country", "Slovakia", Some("Slovakia"), &["Slovakia"]),
            ],
        );
        let found = stances(&doc);
        let holders: Vec<&str> = found.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(
            holders,
            ["China", "China", "Venezuela", "Slovakia", "Slovakia"],
            "{found:?}"
        );
        assert_eq!(found[4].1, Neutral, "{found:?}");
    }

    #[test]
    fn a_passive_takes_its_agent_or_no_holder() {
        let doc = doc_with(
            "Japan's plan for a NATO office in Tokyo was rejected. \
             The plan was welcomed on Monday by Germany.",
            &[
                ("country", "Japan", Some("Japan"), &["Japan"]),
                ("organisation", "NATO", None, &["NATO"]),
                ("country", "Germany", Some("Germany"), &["Germany"]),
            ],
        );
        let found = stances(&doc);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0.as_str(), found[0].1), ("Germany", Support));
    }

    #[test]
    fn stage_writes_typed_stances_and_the_main_issue() {
        let mut doc = doc_with(
            "France rejects the plan to open an office in Tokyo. Japan backs it.",
            &[
                ("country", "France", Some("France"), &["France"]),
                ("country", "Japan", Some("Japan"), &["Japan"]),
            ],
        );
        StancesStage.analyze(&mut doc).unwrap();
        let stances = doc.items::<layers::Stance>();
        assert_eq!(stances.len(), 2, "{stances:?}");
        assert_eq!(
            (stances[0].holder_name.as_str(), stances[0].polarity),
            ("France", Oppose)
        );
        assert_eq!(stances[1].polarity, Support);
        assert!(stances.iter().all(|s| s.main_issue));
        assert_eq!(
            doc.summary.main_issue(),
            Some("the plan to open an office in Tokyo")
        );
        assert_eq!(StancesStage.languages(), Languages::ENGLISH);
    }
}
