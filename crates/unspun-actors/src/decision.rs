//! Decision rules: what the rule of a deciding body (NATO's consensus, the
//! EU Council's unanimity or qualified majority, the UN Security Council's
//! veto) makes of its members' stances.
//!
//! The `decisions` analyser reads the `entities` and `stances` layers and
//! the article's main issue that the `stances` stage found; it never
//! recomputes them.

use std::collections::BTreeMap;

use unspun_core::layers::{self, Entity, EntityKind, Polarity};
use unspun_core::stages::names;
use unspun_core::{AnalyzeError, Analyzer, Document, Languages, Span};

use crate::knowledge::{Body, Knowledge, Organisation};
use crate::stance::{names_proposal, Stance};

use Polarity::{Neutral, Oppose, Support};

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

/// Words of deciding: a sentence that names a body (or refers to it) with
/// one of them describes the body as deciding.
const DECIDING: &[&str] = &[
    "decide",
    "decides",
    "decided",
    "deciding",
    "decision",
    "decisions",
    "consensus",
    "unanimity",
    "unanimous",
    "unanimously",
    "majority",
    "vote",
    "votes",
    "voted",
    "voting",
    "veto",
    "vetoes",
    "vetoed",
    "approve",
    "approves",
    "approved",
    "approval",
    "adopt",
    "adopts",
    "adopted",
    "objected",
    "objection",
];

/// Where a body decides: a sentence that names the body with one of them
/// describes it as deciding only when a stance is taken in it too ("X
/// rejected the statement at the ASEAN meeting", not "leaders met at the
/// NATO summit").
const VENUES: &[&str] = &["summit", "meeting"];

/// Cues of blocking a decision: "will not block" is a member's word that it
/// lets the decision pass.
const BLOCKING: &[&str] = &[
    "block",
    "blocks",
    "blocked",
    "blocking",
    "veto",
    "vetoes",
    "vetoed",
    "stand in the way",
    "stand in the way of",
];

/// Whether `needle` occurs in `hay` as whole words (both lower case).
fn has_words(hay: &str, needle: &str) -> bool {
    !word_positions(hay, needle).is_empty()
}

/// The body's and its organisation's names, lower case.
fn names_of(body: &Body, organisation: &Organisation) -> Vec<String> {
    std::iter::once(&organisation.name)
        .chain(std::iter::once(&organisation.short))
        .chain(&organisation.aliases)
        .chain(std::iter::once(&body.name))
        .chain(&body.aliases)
        .map(|n| n.to_lowercase())
        .collect()
}

/// Whether the issue names the body or its organisation ("a plan for NATO
/// to open an office", "a Security Council resolution").
fn named_in_issue(body: &Body, organisation: &Organisation, issue: Option<&str>) -> bool {
    let issue = issue.unwrap_or("").to_lowercase();
    names_of(body, organisation)
        .iter()
        .any(|n| has_words(&issue, n))
}

/// Where `needle` occurs in `hay` as whole words (both lower case).
fn word_positions(hay: &str, needle: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = hay[from..].find(needle) {
        let start = from + at;
        let end = start + needle.len();
        let before = hay[..start].chars().next_back();
        let after = hay[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            out.push(start);
        }
        from = start + needle.len().max(1);
    }
    out
}

/// Words of a decision rule: a sentence with one of them and the body
/// describes the body as deciding wherever the body stands in it.
const RULE_WORDS: &[&str] = &[
    "consensus",
    "unanimity",
    "unanimous",
    "unanimously",
    "majority",
    "veto",
    "vetoes",
    "vetoed",
];

/// Whether the article describes the body as deciding the issue: it or its
/// organisation is named in the issue ("a plan for NATO to open an office"),
/// or a sentence names it or refers to it ("the alliance", `refs` in the
/// knowledge file) with a word of a decision rule ("consensus", "veto"), or
/// with a word of deciding ("decides", "votes", "approval") that the body
/// comes before or is the place or agent of ("NATO decides", "decisions in
/// the Council", "approval by NATO"), or with a meeting where one of the
/// `stances` is taken. An organisation mentioned in passing
/// ("both are NATO members", "the decision could undermine NATO") does not
/// make its body decide.
pub fn describes_deciding(
    doc: &Document,
    body: &Body,
    organisation: &Organisation,
    issue: Option<&str>,
    stances: &[Stance],
) -> bool {
    if named_in_issue(body, organisation, issue) {
        return true;
    }
    let names = names_of(body, organisation);
    let refs: Vec<String> = body.refs.iter().map(|r| r.to_lowercase()).collect();
    doc.sentences.iter().any(|s| {
        let text = doc.slice(s.span).to_lowercase();
        let at: Vec<usize> = names
            .iter()
            .chain(&refs)
            .flat_map(|n| word_positions(&text, n))
            .collect();
        if at.is_empty() {
            return false;
        }
        if RULE_WORDS.iter().any(|w| has_words(&text, w)) {
            return true;
        }
        let agent = |&p: &usize| {
            let before: Vec<&str> = text[..p].split_whitespace().rev().take(2).collect();
            let word = |w: &str| matches!(w, "in" | "of" | "at" | "by" | "within" | "from");
            match before.as_slice() {
                [w, ..] if word(w) => true,
                ["the", w, ..] => word(w),
                _ => false,
            }
        };
        let decided_there = stances.iter().any(|st| s.span.contains(&st.evidence));
        let venues = VENUES.iter().filter(|_| decided_there);
        DECIDING
            .iter()
            .chain(venues)
            .flat_map(|w| word_positions(&text, w))
            .any(|d| at.iter().any(|p| *p < d || agent(p)))
    })
}

/// The members with a stated stance that a verdict has not named yet, in
/// words ("Germany and Poland support; Spain is neutral").
fn others(by_country: &BTreeMap<String, (Polarity, Span, String)>, named: &[String]) -> String {
    let with = |p: Polarity| -> Vec<String> {
        by_country
            .iter()
            .filter(|(c, v)| v.0 == p && !named.contains(c))
            .map(|(c, _)| c.clone())
            .collect()
    };
    let mut parts = Vec::new();
    for (p, one, many) in [
        (Oppose, "opposes", "oppose"),
        (Support, "supports", "support"),
        (Neutral, "is neutral", "are neutral"),
    ] {
        let list = with(p);
        if !list.is_empty() {
            let verb = if list.len() == 1 { one } else { many };
            parts.push(format!("{} {verb}", join(&list)));
        }
    }
    parts.join("; ")
}

/// Applies the rules of the bodies the article describes as deciding its
/// main issue (see [`describes_deciding`]).
pub fn decide(
    doc: &Document,
    actors: &[Entity],
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
        if !describes_deciding(doc, body, org, issue, stances) {
            continue;
        }
        if let Some(scope) = &body.scope {
            // The rule the article states ("requires unanimity"), else the
            // one its subject falls under.
            let unanimity = ["unanimity", "unanimous", "unanimously"]
                .iter()
                .any(|w| has_words(&text, w));
            let majority = has_words(&text, "qualified majority");
            let fits = match (unanimity, majority) {
                (true, false) => body.rule == "unanimity",
                (false, true) => body.rule == "qualified-majority",
                _ => (scope == "foreign") == FOREIGN_POLICY.iter().any(|w| text.contains(w)),
            };
            if !fits {
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
        let mut by_country: BTreeMap<String, (Polarity, Span, String)> = BTreeMap::new();
        // Only stances on the issue or another proposal count ("condemned
        // the veto" does not).
        for s in stances
            .iter()
            .filter(|s| issue.is_none_or(|i| s.target == i) || names_proposal(&s.target))
        {
            let a = &actors[s.holder];
            let country = match a.kind {
                EntityKind::Country => Some(a.name.clone()),
                EntityKind::Person => a.country.clone(),
                _ => None,
            };
            let Some(country) = country else { continue };
            if body.rule != "security-council" && !members.contains(&country) {
                continue;
            }
            // Opposition beats support beats neutrality, but a member that
            // says it will not block ("wary of the package but would not
            // block it") does not block unless it also says it will.
            let rank = |p: Polarity, cue: &str| match (p, BLOCKING.contains(&cue)) {
                (Oppose, true) => 4,
                (Neutral, true) => 3,
                (Oppose, false) => 2,
                (Support, _) => 1,
                (Neutral, false) => 0,
            };
            let e = by_country
                .entry(country)
                .or_insert((s.polarity, s.evidence, s.cue.clone()));
            if rank(s.polarity, &s.cue) > rank(e.0, &e.2) {
                *e = (s.polarity, s.evidence, s.cue.clone());
            }
        }
        // No member's stance and the issue does not name the body: the
        // article does not describe it as deciding this issue.
        if by_country.is_empty() && !named_in_issue(body, org, issue) {
            continue;
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
        // Each arm: outcome, what decides it, the rule, the members it names.
        let (outcome, head, rule, named, span) = match body.rule.as_str() {
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
                        format!("blocked: {}, {what}, {}", join(&opposed), verb(&opposed)),
                        format!("the {} decides {how}", body.name),
                        opposed.clone(),
                        first_span(&opposed),
                    )
                } else if !support.is_empty() {
                    (
                        "can pass",
                        format!(
                            "no member is reported to oppose, and {} {}",
                            join(&support),
                            if support.len() == 1 {
                                "supports"
                            } else {
                                "support"
                            }
                        ),
                        format!(
                            "the {} decides {how}, so one objection would still block it",
                            body.name
                        ),
                        support.clone(),
                        first_span(&support),
                    )
                } else {
                    (
                        "undetermined",
                        "no member is reported to support or oppose".to_string(),
                        format!("the {} decides {how}", body.name),
                        Vec::new(),
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
                let rule = "the Security Council needs nine votes and no veto".to_string();
                if !vetoes.is_empty() {
                    (
                        "vetoed",
                        format!(
                            "vetoed: {}, {}, {}",
                            join(&vetoes),
                            if vetoes.len() == 1 {
                                "a permanent member"
                            } else {
                                "permanent members"
                            },
                            verb(&vetoes)
                        ),
                        rule,
                        vetoes.clone(),
                        first_span(&vetoes),
                    )
                } else if support.len() >= 9 {
                    (
                        "passes",
                        format!(
                            "{} members support it and no permanent member opposes",
                            support.len()
                        ),
                        rule,
                        Vec::new(),
                        first_span(&support),
                    )
                } else {
                    (
                        "undetermined",
                        format!(
                            "{} in favour reported, nine needed, and no permanent member is reported to oppose",
                            support.len()
                        ),
                        rule,
                        Vec::new(),
                        first_span(&support),
                    )
                }
            }
            "qualified-majority" => {
                let pop = |names: &[String]| -> f64 {
                    names
                        .iter()
                        .filter_map(|n| k.eu_population.get(n))
                        .fold(0.0, |a, b| a + b)
                };
                let total: f64 = pop(&k.eu_population.keys().cloned().collect::<Vec<_>>());
                let (op, sp) = (pop(&opposed) / total * 100.0, pop(&support) / total * 100.0);
                let rule = "qualified majority needs 15 states and 65 % of the population; 4 states with more than 35 % block".to_string();
                if opposed.len() >= 4 && op > 35.0 {
                    (
                        "blocked",
                        format!(
                            "blocked: {} ({} states, {op:.0} % of the population) form a blocking minority",
                            join(&opposed),
                            opposed.len()
                        ),
                        rule,
                        opposed.clone(),
                        first_span(&opposed),
                    )
                } else if support.len() >= 15 && sp >= 65.0 {
                    (
                        "passes",
                        format!(
                            "{} states with {sp:.0} % of the population support it",
                            support.len()
                        ),
                        rule,
                        Vec::new(),
                        first_span(&support),
                    )
                } else {
                    (
                        "undetermined",
                        format!(
                            "reported: {} for and {} against, with {sp:.0} % and {op:.0} % of the population",
                            support.len(),
                            opposed.len()
                        ),
                        rule,
                        Vec::new(),
                        first_span(&opposed).or(first_span(&support)),
                    )
                }
            }
            _ => continue,
        };
        // Every member with a stated stance is named.
        let rest = others(&by_country, &named);
        let explanation = if rest.is_empty() {
            format!("{head}; {rule}")
        } else {
            format!("{head} ({rest}); {rule}")
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

/// The stances of the `stances` layer, with holders as indices into
/// `actors` (stances whose holder is not among them are left out).
pub fn stances_of(doc: &Document, actors: &[Entity]) -> Vec<Stance> {
    doc.items::<layers::Stance>()
        .into_iter()
        .filter_map(|s| {
            let holder = actors.iter().position(|a| a.id == s.holder)?;
            Some(Stance {
                holder,
                target: s.target,
                polarity: s.polarity,
                evidence: s.span,
                cue: s.cue,
            })
        })
        .collect()
}

/// Fills the `decisions` layer: one [`layers::Decision`] per body with a
/// known rule that the article is about.
pub struct DecisionsStage;

impl Analyzer for DecisionsStage {
    fn name(&self) -> &'static str {
        names::DECISIONS
    }
    fn description(&self) -> &'static str {
        "what the decision rule of a body (NATO consensus, EU unanimity/QMV, UN Security Council veto) implies"
    }
    fn requires(&self) -> &'static [&'static str] {
        &[names::LANGUAGE, names::STANCES]
    }
    fn languages(&self) -> Languages {
        Languages::ENGLISH
    }
    fn analyze(&self, doc: &mut Document) -> Result<(), AnalyzeError> {
        let knowledge = Knowledge::embedded();
        let actors = doc.items::<Entity>();
        let stances = stances_of(doc, &actors);
        let decisions = decide(doc, &actors, &stances, doc.summary.main_issue(), knowledge);
        let items: Vec<layers::Decision> = decisions
            .into_iter()
            .map(|d| layers::Decision {
                source: knowledge
                    .bodies
                    .iter()
                    .find(|b| b.name == d.body)
                    .map(|b| b.source.clone())
                    .unwrap_or_default(),
                span: d.span,
                outcome: d.outcome,
                explanation: d.explanation,
                body: d.body,
                rule: d.rule,
                proposal: d.proposal,
            })
            .collect();
        doc.set_items_sorted(&items);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stance::tests::doc_with;
    use crate::stance::StancesStage;

    /// Runs the stances and decisions stages and reads the decisions layer.
    fn decisions(doc: &Document) -> Vec<layers::Decision> {
        let mut doc = doc.clone();
        StancesStage.analyze(&mut doc).unwrap();
        DecisionsStage.analyze(&mut doc).unwrap();
        doc.items::<layers::Decision>()
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
    fn every_member_with_a_stance_is_named_and_only_deciding_bodies_get_a_verdict() {
        let actors: Vec<(&'static str, &str, Option<&str>, &[&str])> = vec![
            ("country", "France", Some("France"), &["France"]),
            ("country", "Germany", Some("Germany"), &["Germany"]),
            ("country", "Spain", Some("Spain"), &["Spain"]),
            ("country", "Japan", Some("Japan"), &["Japan"]),
            ("organisation", "NATO", None, &["NATO"]),
        ];
        let d = decisions(&doc_with(
            "France opposes the plan for NATO to open an office in Tokyo. Germany supports the plan. \
             Spain is undecided on it. Japan backs the plan.",
            &actors,
        ));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].explanation,
            "blocked: France, a member, opposes (Germany supports; Spain is neutral); \
             the North Atlantic Council decides by consensus"
        );
        // NATO named in passing: no verdict.
        let actors = [actors[0], actors[1], actors[4]];
        let d = decisions(&doc_with(
            "France and Germany back a plan to build a tank. Both are NATO members.",
            &actors,
        ));
        assert!(d.is_empty(), "{d:?}");
        // Named with a word of deciding: a verdict.
        let d = decisions(&doc_with(
            "France and Germany back a plan to build a tank. NATO decides by consensus.",
            &actors,
        ));
        assert_eq!(d.len(), 1, "{d:?}");
    }

    #[test]
    fn a_member_that_will_not_block_does_not_block() {
        let doc = doc_with(
            "Slovakia is wary of the EU package for Ukraine but would not block it. \
             Germany backs the package. The deal requires unanimity.",
            &[
                ("country", "Slovakia", Some("Slovakia"), &["Slovakia"]),
                ("country", "Germany", Some("Germany"), &["Germany"]),
                ("organisation", "EU", None, &["EU"]),
            ],
        );
        let d = decisions(&doc);
        assert_eq!(d.len(), 1, "{d:?}");
        // The stated rule wins over the subject's (not foreign policy).
        assert!(d[0].rule.starts_with("unanimity"), "{d:?}");
        assert_eq!(d[0].outcome, "can pass", "{d:?}");
        assert!(d[0].explanation.contains("Slovakia is neutral"), "{d:?}");
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
