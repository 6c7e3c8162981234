//! A source is an agent: a person, a group of people, an organisation, a
//! country or government, an outlet or a document. This module finishes
//! source spans (a name or a role cut short) and refuses relations whose
//! source is no agent (an abstract noun, an adverb, a nominalised position,
//! an event) or whose cue is a noun of feeling with no source ("fears
//! about …"), and the outlet's own speculation ("X may quietly share this
//! view"). Both tiers apply it after tagging and assembly.

use unspun_core::{Document, Span, TokenKind};

use super::Attribution;

/// Nouns that name a plan, a position, a feeling or an event: never a
/// source ("The plan … has irritated Moscow", "Italy's refusal …").
const NOT_AGENTS: &[&str] = &[
    "agenda",
    "ambition",
    "ambitions",
    "anger",
    "approach",
    "arrogance",
    "attack",
    "attacks",
    "attempt",
    "belief",
    "beliefs",
    "bid",
    "case",
    "change",
    "changes",
    "concern",
    "concerns",
    "course",
    "crisis",
    "deal",
    "decision",
    "decline",
    "dependence",
    "desire",
    "determination",
    "development",
    "developments",
    "doubt",
    "doubts",
    "effort",
    "efforts",
    "event",
    "events",
    "fact",
    "failure",
    "fear",
    "fears",
    "feeling",
    "feelings",
    "frustration",
    "growth",
    "hope",
    "hopes",
    "idea",
    "ideas",
    "increase",
    "initiative",
    "insistence",
    "interest",
    "interests",
    "issue",
    "issues",
    "momentum",
    "mood",
    "move",
    "moves",
    "notion",
    "outcome",
    "outrage",
    "path",
    "perception",
    "plan",
    "plans",
    "policy",
    "policies",
    "position",
    "pressure",
    "problem",
    "problems",
    "process",
    "project",
    "proposal",
    "push",
    "reality",
    "refusal",
    "reluctance",
    "rise",
    "scheme",
    "sentiment",
    "situation",
    "stance",
    "step",
    "steps",
    "strategy",
    "success",
    "tension",
    "tensions",
    "threat",
    "threats",
    "trend",
    "truth",
    "view",
    "views",
    "war",
    "willingness",
    "worries",
    "worry",
    "rejection",
];

/// Nouns of feeling or belief that are no cue without a source: "fears
/// about the deal" cites nobody.
const FEELING_CUES: &[&str] = &[
    "fear",
    "fears",
    "concern",
    "concerns",
    "hope",
    "hopes",
    "worry",
    "worries",
    "belief",
    "beliefs",
    "doubt",
    "doubts",
    "suspicion",
    "suspicions",
    "expectation",
    "expectations",
    "frustration",
    "anger",
    "speculation",
    "view",
    "views",
    "perception",
];

/// Modal words that make a cue the outlet's speculation ("may share this
/// view", "might say so").
const SPECULATIVE: &[&str] = &["may", "might", "could", "perhaps", "possibly", "probably"];

/// Words ending in "-ly" that are nouns, not adverbs.
const LY_NOUNS: &[&str] = &["ally", "family", "assembly", "rally", "monopoly", "bully"];

/// Agent nouns with an abstract-looking ending.
const AGENT_EXCEPTIONS: &[&str] = &[
    "administration",
    "alliance",
    "association",
    "audience",
    "coalition",
    "commission",
    "conference",
    "congregation",
    "convention",
    "corporation",
    "declaration",
    "defence",
    "defense",
    "delegation",
    "division",
    "federation",
    "foundation",
    "institution",
    "intelligence",
    "investigation",
    "legislation",
    "mission",
    "nation",
    "opposition",
    "organisation",
    "organization",
    "petition",
    "population",
    "publication",
    "resolution",
    "station",
    "television",
    "constitution",
    "generation",
    "presidence",
    "residence",
];

/// True when a lower-case head word names no agent.
fn is_abstract(head: &str) -> bool {
    if NOT_AGENTS.contains(&head) {
        return true;
    }
    if AGENT_EXCEPTIONS.contains(&head) {
        return false;
    }
    let adverb = head.ends_with("ly") && !LY_NOUNS.contains(&head);
    adverb
        || ["ness", "ism", "tion", "sion", "ance", "ence", "ity"]
            .iter()
            .any(|s| head.ends_with(s) && head.len() > s.len() + 2)
            && !matches!(
                head,
                "city"
                    | "community"
                    | "majority"
                    | "minority"
                    | "authority"
                    | "university"
                    | "charity"
                    | "party"
                    | "entity"
                    | "society"
                    | "celebrity"
                    | "personality"
                    | "agency"
            )
}

/// The head word of a source phrase: its last word before a comma, a
/// relative pronoun or a preposition ("the plan, announced …" → "plan";
/// "Italy's refusal" → "refusal"; "the head of the agency" → "head").
fn head_word(text: &str) -> Option<String> {
    let mut last: Option<&str> = None;
    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-')) {
        if w.is_empty() {
            continue;
        }
        let lower = w.to_lowercase();
        if matches!(
            lower.as_str(),
            "who" | "which" | "that" | "of" | "in" | "at" | "for" | "from" | "with" | "on"
        ) && last.is_some()
        {
            break;
        }
        last = Some(w);
    }
    let w = last?;
    let w = w
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .trim_end_matches(['\'', '’']);
    (!w.is_empty()).then(|| w.to_string())
}

/// True when the source phrase `text` can denote an agent.
pub fn is_agent(text: &str) -> bool {
    let cut = text.split([',', '(', ';']).next().unwrap_or(text);
    // "none has said so", "nobody said": nobody is cited.
    if matches!(
        cut.trim().to_lowercase().as_str(),
        "none" | "nobody" | "no one" | "neither"
    ) {
        return false;
    }
    let Some(head) = head_word(cut) else {
        return false;
    };
    if head.chars().next().is_some_and(char::is_uppercase) {
        // A name ("Italy", "Mr Yeo") — unless a capitalised sentence
        // opener is itself an abstract noun or an adverb ("Notably").
        let lower = head.to_lowercase();
        let adverb = [
            "ably", "ibly", "edly", "ingly", "ously", "ally", "ently", "antly", "ively", "arly",
            "ctly", "ately", "ssly",
        ]
        .iter()
        .any(|e| lower.ends_with(e));
        let abstract_noun = NOT_AGENTS.contains(&lower.as_str());
        return !(cut.split_whitespace().count() == 1 && (adverb || abstract_noun));
    }
    !is_abstract(&head)
}

/// Words that can stand between a source and its cue and belong to the
/// source's noun phrase ("The Tory leader said": "leader").
fn extends_source(doc: &Document, token: Span) -> bool {
    let w = doc.slice(token);
    let lower = w.to_lowercase();
    let function = matches!(
        lower.as_str(),
        "has"
            | "have"
            | "had"
            | "was"
            | "were"
            | "is"
            | "are"
            | "be"
            | "been"
            | "will"
            | "would"
            | "also"
            | "then"
            | "and"
            | "or"
            | "but"
            | "who"
            | "which"
            | "that"
            | "it"
            | "not"
            | "did"
            | "does"
            | "do"
            | "again"
            | "still"
            | "never"
            | "later"
            | "once"
            | "may"
            | "might"
            | "could"
            | "should"
            | "must"
            | "can"
    );
    w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.')
        && !function
        && (!lower.ends_with("ly") || LY_NOUNS.contains(&lower.as_str()))
}

/// Widens a source cut short before its cue: the words between the
/// source's end and the cue (at most three, none a function word) join it
/// ("Tory" → "Tory leader"; "Giorgia" → "Giorgia Meloni").
fn complete_source(doc: &Document, source: Span, cue: Span) -> Span {
    if source.end > cue.start {
        return source;
    }
    let first = doc.tokens.partition_point(|t| t.span.start < source.end);
    let last = doc.tokens.partition_point(|t| t.span.end <= cue.start);
    let tokens = doc.tokens.get(first..last.max(first)).unwrap_or(&[]);
    let between: Vec<Span> = tokens.iter().map(|t| t.span).collect();
    if between.is_empty()
        || between.len() > 3
        || tokens.iter().any(|t| t.kind != TokenKind::Word)
        || !between.iter().all(|&t| extends_source(doc, t))
    {
        return source;
    }
    // Only words of one phrase: a capitalised name goes on with capitals, a
    // modifier ("Tory") with the noun it modifies.
    let last = between.last().copied().unwrap_or(source);
    Span::new(source.start, last.end)
}

/// True when the cue is the outlet's speculation: a speculative modal
/// before it in the same clause ("may quietly share", "may share this
/// view but lack the nerve", "might say").
fn speculative(doc: &Document, cue: Span) -> bool {
    let at = doc.sentences.partition_point(|s| s.span.end <= cue.start);
    let Some(sentence) = doc.sentences.get(at).filter(|s| s.span.start <= cue.start) else {
        return false;
    };
    doc.sentence_tokens(sentence)
        .iter()
        .rev()
        .filter(|t| t.span.end <= cue.start)
        .map(|t| doc.slice(t.span))
        .take_while(|w| {
            w.chars().all(char::is_alphabetic)
                && !matches!(
                    w.to_lowercase().as_str(),
                    "that" | "who" | "which" | "said" | "says" | "if" | "when" | "because"
                )
        })
        .any(|w| SPECULATIVE.contains(&w.to_lowercase().as_str()))
}

/// True for a past participle that modifies the noun phrase just before
/// it ("The plan, announced in March, …"): the content is that noun
/// phrase, not a claim.
fn participle_modifier(doc: &Document, a: &Attribution) -> bool {
    let cue = doc.slice(a.cue);
    a.source.is_none()
        && !cue.contains(' ')
        && cue.ends_with("ed")
        && a.content.last().is_some_and(|c| {
            c.end <= a.cue.start
                && doc
                    .slice(Span::new(c.end, a.cue.start))
                    .trim()
                    .trim_matches(',')
                    .trim()
                    .is_empty()
        })
}

/// Words of the anonymity formula of news ("who asked not to be named",
/// "who spoke on condition of anonymity", "who declined to be
/// identified").
fn anonymity_formula(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "not to be named",
        "not to be identified",
        "anonymity",
        "to be identified",
    ]
    .iter()
    .any(|f| t.contains(f))
}

/// Joins the anonymity formula back to its source: "A senior diplomat who
/// [asked] not to be named [said] …" is one source ("A senior diplomat who
/// asked not to be named") with the cue "said", not a relation on "asked"
/// and a source-less one on "said".
fn join_anonymity_formula(doc: &Document, atts: &mut Vec<Attribution>) {
    let mut k = 0;
    while k + 1 < atts.len() {
        let (a, b) = (&atts[k], &atts[k + 1]);
        let joined = match a.source {
            Some(s)
                if b.source.is_none()
                    && a.sentence == b.sentence
                    && s.end <= b.cue.start
                    && doc.slice(s).trim_end().to_lowercase().ends_with("who")
                    && anonymity_formula(doc.slice(Span::new(s.end, b.cue.start))) =>
            {
                let before = doc.tokens.partition_point(|t| t.span.end <= b.cue.start);
                let end = before
                    .checked_sub(1)
                    .and_then(|i| doc.tokens.get(i))
                    .map_or(b.cue.start, |t| t.span.end);
                // A bare "who" takes the noun phrase before it back.
                let mut start = s.start;
                if doc.slice(s).trim().eq_ignore_ascii_case("who") {
                    let sentence_start = doc.sentences.get(a.sentence).map_or(0, |x| x.span.start);
                    let mut i = doc.tokens.partition_point(|t| t.span.end <= s.start);
                    let mut taken = 0;
                    while i > 0 && taken < 6 {
                        let t = &doc.tokens[i - 1];
                        if t.kind != TokenKind::Word || t.span.start < sentence_start {
                            break;
                        }
                        start = t.span.start;
                        i -= 1;
                        taken += 1;
                    }
                }
                Some(Span::new(start, end))
            }
            _ => None,
        };
        if let Some(source) = joined {
            atts[k + 1].source = Some(source);
            atts.remove(k);
        } else {
            k += 1;
        }
    }
}

/// The name written right before a source-less cue ("(Tokyo) French
/// President Emmanuel Macron has come out against …"): the words back to
/// the last punctuation mark or the sentence's start (at most six), when
/// the word next to the cue is capitalised and not the sentence's first.
fn name_before(doc: &Document, a: &Attribution) -> Option<Span> {
    let sentence = doc.sentences.get(a.sentence)?;
    let cue_at = doc.tokens.partition_point(|t| t.span.end <= a.cue.start);
    let first = sentence.first_token;
    let last = doc.tokens.get(cue_at.checked_sub(1)?)?;
    let word = doc.slice(last.span);
    if cue_at <= first + 1
        || last.kind != TokenKind::Word
        || !word.chars().next().is_some_and(char::is_uppercase)
    {
        return None;
    }
    let mut start = cue_at - 1;
    while start > first && cue_at - start < 6 && doc.tokens[start - 1].kind == TokenKind::Word {
        start -= 1;
    }
    // The phrase starts with a capital or a determiner ("the", "a").
    let opener = doc.slice(doc.tokens[start].span);
    let ok = opener.chars().next().is_some_and(char::is_uppercase)
        || matches!(opener.to_lowercase().as_str(), "the" | "a" | "an");
    ok.then(|| Span::new(doc.tokens[start].span.start, last.span.end))
}

/// Finishes the sources and drops the relations that cite no agent.
pub fn agents_only(doc: &Document, mut atts: Vec<Attribution>) -> Vec<Attribution> {
    join_anonymity_formula(doc, &mut atts);
    atts.into_iter()
        .filter_map(|mut a| {
            // A content fragment never holds the cue ("According to the
            // Financial Times" is no content of its own).
            let (cue, had_content) = (a.cue, !a.content.is_empty());
            a.content.retain(|c| !c.overlaps(&cue));
            if (had_content && a.content.is_empty()) || participle_modifier(doc, &a) {
                return None;
            }
            if a.source.is_none() && a.content.iter().all(|c| c.start >= a.cue.end) {
                a.source = name_before(doc, &a);
            }
            if let Some(s) = a.source {
                let s = complete_source(doc, s, a.cue);
                if !is_agent(doc.slice(s)) {
                    return None;
                }
                a.source = Some(s);
            } else {
                let cue = doc.slice(a.cue).to_lowercase();
                let feeling = cue.split_whitespace().any(|w| FEELING_CUES.contains(&w));
                // A feeling noun ("fears that …") or an infinitive ("lack
                // the nerve to say so") cites nobody.
                let before = doc.tokens.partition_point(|t| t.span.end <= a.cue.start);
                let infinitive = before
                    .checked_sub(1)
                    .and_then(|k| doc.tokens.get(k))
                    .is_some_and(|t| doc.slice(t.span).eq_ignore_ascii_case("to"));
                if feeling || infinitive {
                    return None;
                }
            }
            let modal_in_cue = doc
                .slice(a.cue)
                .split_whitespace()
                .any(|w| SPECULATIVE.contains(&w.to_lowercase().as_str()));
            if (modal_in_cue || speculative(doc, a.cue)) && !a.direct {
                return None;
            }
            Some(a)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_people_groups_and_documents_are_agents() {
        for s in [
            "Giorgia Meloni",
            "the spokesperson",
            "Mr Yeo",
            "Italy",
            "analysts",
            "sources familiar with the matter",
            "the head of the agency",
            "The Financial Times",
            "a report",
            "he",
            "the Tory leader",
            "the administration",
            "the poll",
        ] {
            assert!(is_agent(s), "{s}");
        }
    }

    #[test]
    fn abstract_nouns_adverbs_and_positions_are_not() {
        for s in [
            "The plan, announced in March,",
            "notably",
            "Notably",
            "Italy's refusal",
            "fears",
            "the move",
            "Greece's growing dependence",
            "the decision",
            "none",
            "Nobody",
        ] {
            assert!(!is_agent(s), "{s}");
        }
    }
}
