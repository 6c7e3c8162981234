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

use crate::knowledge::{Body, Knowledge};
use crate::stance::Stance;

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

/// Applies the rules of the bodies the article is about.
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
            let country = match a.kind {
                EntityKind::Country => Some(a.name.clone()),
                EntityKind::Person => a.country.clone(),
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
