//! Source resolution: the kind of every source, the named person or body
//! it refers to, pronouns and bare roles linked to an earlier name, and
//! sources for participles taken from the sentence's subject.

use unspun_core::{Document, Span};

use super::Attribution;
use crate::kinds::{entity_name, source_kind, SourceKind};
use crate::lexicon::PERSON_PRONOUNS;

/// The subject noun phrase of a sentence that opens with "(In Beijing,)
/// NP verb…", when a participial cue follows a comma ("…, emphasising").
fn sentence_subject(doc: &Document, sentence: usize, before: usize) -> Option<Span> {
    let s = doc.sentences.get(sentence)?;
    let toks = doc.sentence_tokens(s);
    let prev = toks
        .iter()
        .rposition(|t| t.span.end <= before && doc.slice(t.span) != ",")?;
    if toks.get(prev + 1).is_none_or(|t| doc.slice(t.span) != ",") {
        return None;
    }
    let mut a = 0;
    let first = doc.slice(toks.first()?.span).to_lowercase();
    if matches!(
        first.as_str(),
        "in" | "on" | "at" | "from" | "after" | "during" | "meanwhile" | "later" | "earlier"
    ) {
        a = toks.iter().position(|t| doc.slice(t.span) == ",")? + 1;
    }
    let mut b = a;
    while b < toks.len() && toks[b].span.end <= before {
        let w = doc.slice(toks[b].span);
        let lower_verb = w.chars().next().is_some_and(char::is_lowercase)
            && (w.ends_with("ed") || w.ends_with('s') && !w.ends_with("ss"));
        if lower_verb || doc.slice(toks[b].span) == "," {
            break;
        }
        b += 1;
    }
    (b > a && b - a <= 10 && b < toks.len() && doc.slice(toks[b].span) != ",")
        .then(|| Span::new(toks[a].span.start, toks[b - 1].span.end))
}

/// Fills the kind and the entity of every source: pronouns and bare roles
/// ("he", "the spokesperson") take the last named person before them; a
/// source-less participle takes the source of the attribution just before
/// it in the same sentence.
pub(crate) fn resolve_sources(doc: &Document, atts: &mut [Attribution]) {
    let mut last_person: Option<(String, SourceKind)> = None;
    let mut named: Vec<(String, String)> = Vec::new(); // (lower source text, entity)
    for k in 0..atts.len() {
        let Some(src) = atts[k].source else {
            // Only a participle ("…, emphasising that") or a second verb
            // ("… and added") shares the speaker of the attribution before
            // it; a finite verb without a source ("…, said the plans
            // stink") may be someone else's.
            let cue = atts[k].cue;
            let first = doc
                .slice(cue)
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_lowercase();
            let before = doc.tokens.partition_point(|t| t.span.end <= cue.start);
            let after_and = before
                .checked_sub(1)
                .and_then(|b| doc.tokens.get(b))
                .is_some_and(|t| doc.slice(t.span).eq_ignore_ascii_case("and"));
            let shares = first.ends_with("ing") || after_and;
            if shares && k > 0 && atts[k - 1].sentence == atts[k].sentence {
                atts[k].entity = atts[k - 1].entity.clone();
                atts[k].kind = atts[k - 1].kind;
            } else if let Some(subject) = first
                .ends_with("ing")
                .then(|| sentence_subject(doc, atts[k].sentence, atts[k].cue.start))
                .flatten()
            {
                // A participle: the subject of the sentence speaks.
                let text = doc.slice(subject);
                atts[k].kind = source_kind(text);
                atts[k].entity = entity_name(text);
            } else {
                atts[k].kind = SourceKind::Unknown;
            }
            continue;
        };
        let text = doc.slice(src);
        let lower = text.to_lowercase();
        let kind = source_kind(text);
        atts[k].kind = kind;
        if PERSON_PRONOUNS.contains(&lower.as_str()) {
            if let Some((name, kind)) = &last_person {
                atts[k].entity = Some(name.clone());
                atts[k].kind = *kind;
            } else {
                atts[k].kind = SourceKind::Person;
            }
            continue;
        }
        if let Some(name) = entity_name(text) {
            if matches!(kind, SourceKind::Person | SourceKind::Official) {
                last_person = Some((name.clone(), kind));
            }
            named.push((lower.clone(), name.clone()));
            atts[k].entity = Some(name);
        } else if lower.starts_with("the ") {
            // A bare role: find an earlier source that held it.
            let role = lower.trim_start_matches("the ").to_string();
            if let Some((_, name)) = named.iter().rev().find(|(t, _)| t.contains(&role)) {
                atts[k].entity = Some(name.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use unspun_core::{segment, Document};

    use super::*;
    use crate::extract::{extract, CueLexicon};

    fn doc(text: &str) -> Document {
        let mut d = Document::new("t", text);
        segment::segment(&mut d);
        d
    }

    #[test]
    fn subject_of_a_sentence_with_a_participle() {
        let text =
            "In Beijing, the foreign ministry protested, saying that the visit was a mistake.";
        let d = doc(text);
        let before = text.find("saying").expect("cue");
        let before = text[..before].chars().count();
        let span = sentence_subject(&d, 0, before).expect("subject");
        assert_eq!(d.slice(span), "the foreign ministry");
        // No comma right before the cue: no subject.
        let text = "The ministry said that it was a mistake.";
        let d = doc(text);
        assert_eq!(
            sentence_subject(&d, 0, text.find("said").expect("cue")),
            None
        );
    }

    #[test]
    fn pronouns_take_the_last_named_person() {
        let d = doc("Senator Jane Smith said the vote was close. She said it would pass.\n");
        let atts = extract(&d, &CueLexicon::builtin());
        assert_eq!(atts.len(), 2, "{atts:?}");
        assert_eq!(atts[1].entity, atts[0].entity);
        assert!(atts[0].entity.is_some());
        assert_eq!(atts[1].kind, atts[0].kind);
    }
}
