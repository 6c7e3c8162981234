//! Explanations a reader understands: what the technique is, which words
//! of the mark carry it, and the textual cue behind it ("it offers only two
//! options", "'threat' evokes danger"), in plain language rather than model
//! features.

use unspun_core::TokenKind;

use crate::features::View;
use crate::model::PredictedSpan;
use crate::{definition, display_name};

/// Words marked in full up to this many; longer marks are shortened.
const QUOTED_WORDS: usize = 8;

/// The explanation of a predicted span: `"{technique}: {definition}.
/// {carrier} {cue}"`, e.g. *Loaded language: words or phrases with strong
/// emotional implications, used to sway the reader. Carried by
/// "humiliation" (rated very negative in a sentiment lexicon).*
pub fn explain(view: &View, span: &PredictedSpan) -> String {
    let name = span.technique_name();
    let mut text = format!("{}: {}.", display_name(name), definition(name));
    let words = words_of(view, span);
    if words.is_empty() {
        return text;
    }
    text.push(' ');
    text.push_str(&carrier(view, &words));
    if let Some(cue) = technique_cue(view, span, &words) {
        text.push(' ');
        text.push_str(&cue);
    }
    if words.iter().all(|&i| view.in_quote[i]) {
        text.push_str(
            " The words are inside a quotation: the speaker's, not necessarily the outlet's.",
        );
    }
    text
}

/// Token indices of the span's words and numbers.
fn words_of(view: &View, span: &PredictedSpan) -> Vec<usize> {
    let (a, b) = view.tokens_in(span.start, span.end);
    (a..b)
        .filter(|&i| matches!(view.doc.tokens[i].kind, TokenKind::Word | TokenKind::Number))
        .collect()
}

/// "Carried by …": the charged words of the span with their valence, or
/// the marked words themselves.
fn carrier(view: &View, words: &[usize]) -> String {
    let mut charged: Vec<(f32, usize)> = words
        .iter()
        .filter_map(|&i| {
            let v = view.valence[i]?;
            (v.abs() >= 1.0).then_some((v, i))
        })
        .collect();
    if !charged.is_empty() {
        charged.sort_by(|x, y| y.0.abs().total_cmp(&x.0.abs()).then(x.1.cmp(&y.1)));
        charged.truncate(3);
        charged.sort_by_key(|&(_, i)| i);
        let parts: Vec<String> = charged
            .iter()
            .map(|&(v, i)| format!("\u{201c}{}\u{201d} ({})", view.text[i], strength(v)))
            .collect();
        return format!("Carried by {}.", join_and(&parts));
    }
    let shown: Vec<&str> = words
        .iter()
        .take(QUOTED_WORDS)
        .map(|&i| view.text[i])
        .collect();
    let more = if words.len() > QUOTED_WORDS {
        " …"
    } else {
        ""
    };
    format!("Marked words: \u{201c}{}{more}\u{201d}.", shown.join(" "))
}

/// "rated strongly negative in a sentiment lexicon" for a valence (the
/// rating is the lexicon's, out of context: "crude" oil is rated negative).
fn strength(v: f32) -> String {
    let degree = match v.abs() {
        a if a >= 2.5 => "very",
        a if a >= 1.5 => "strongly",
        _ => "mildly",
    };
    let sign = if v < 0.0 { "negative" } else { "positive" };
    format!("rated {degree} {sign} in a sentiment lexicon")
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Words whose presence says why a technique fits, per technique.
fn cue_words(technique: &str) -> &'static [&'static str] {
    match technique {
        "Exaggeration,Minimisation" => &[
            "worst",
            "best",
            "biggest",
            "greatest",
            "most",
            "never",
            "always",
            "ever",
            "every",
            "entire",
            "total",
            "totally",
            "completely",
            "absolutely",
            "unprecedented",
            "massive",
            "huge",
            "enormous",
            "only",
            "mere",
            "merely",
            "just",
            "nothing",
            "all",
        ],
        "Appeal_to_fear-prejudice" => &[
            "war",
            "wars",
            "threat",
            "threats",
            "danger",
            "dangerous",
            "destroy",
            "destruction",
            "die",
            "death",
            "deaths",
            "kill",
            "catastrophe",
            "crisis",
            "attack",
            "invasion",
            "terror",
            "terrorism",
            "terrorists",
            "chaos",
            "collapse",
            "fall",
            "fear",
            "risk",
            "price",
            "pay",
            "shadow",
            "confrontation",
            "circling",
            "warships",
            "nuclear",
        ],
        "Flag-Waving" => &[
            "nation",
            "national",
            "country",
            "patriot",
            "patriots",
            "patriotic",
            "our",
            "we",
            "flag",
            "homeland",
            "people",
            "sovereignty",
            "freedom",
            "unity",
            "together",
        ],
        "Causal_Oversimplification" => &[
            "because",
            "since",
            "cause",
            "caused",
            "causes",
            "due",
            "led",
            "leads",
            "result",
            "responsible",
            "blame",
            "thanks",
        ],
        "Appeal_to_Authority" => &[
            "according",
            "expert",
            "experts",
            "scientist",
            "scientists",
            "professor",
            "study",
            "studies",
            "research",
            "officials",
            "analysts",
            "doctors",
        ],
        "Bandwagon,Reductio_ad_hitlerum" => &[
            "everyone",
            "everybody",
            "all",
            "most",
            "majority",
            "millions",
            "nobody",
            "hitler",
            "nazi",
            "nazis",
            "fascist",
            "communist",
        ],
        "Doubt" => &[
            "so-called",
            "alleged",
            "allegedly",
            "claims",
            "claimed",
            "supposedly",
            "purported",
            "questionable",
            "whether",
            "really",
            "doubt",
        ],
        "Whataboutism,Straw_Men,Red_Herring" => &["what", "hypocrisy", "hypocrite", "yet"],
        _ => &[],
    }
}

/// The technique-specific cue of the mark, when the text shows one.
fn technique_cue(view: &View, span: &PredictedSpan, words: &[usize]) -> Option<String> {
    let technique = span.technique_name();
    let lower: Vec<&str> = words.iter().map(|&i| view.lower[i].as_str()).collect();
    let span_text = view.doc.slice(unspun_core::Span::new(span.start, span.end));
    match technique {
        "Repetition" => {
            let (n, w) = words
                .iter()
                .filter(|&&i| view.lower[i].chars().count() > 3)
                .map(|&i| (view.counts.get(&view.lower[i]).copied().unwrap_or(0), i))
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))?;
            (n > 1).then(|| {
                format!(
                    "\u{201c}{}\u{201d} occurs {n} times in the article.",
                    view.text[w]
                )
            })
        }
        "Black-and-White_Fallacy" if lower.contains(&"either") && lower.contains(&"or") => {
            Some("Only two options are offered (\u{201c}either \u{2026} or\u{201d}).".into())
        }
        "Doubt" if span_text.contains('?') => Some("It is phrased as a question.".into()),
        "Slogans" | "Thought-terminating_Cliches" if words.len() <= 6 => {
            Some("A short, ready-made phrase that stands in for an argument.".into())
        }
        _ => {
            let cues = cue_words(technique);
            let found: Vec<String> = words
                .iter()
                .filter(|&&i| cues.contains(&view.lower[i].as_str()))
                .map(|&i| format!("\u{201c}{}\u{201d}", view.text[i]))
                .take(3)
                .collect();
            if found.is_empty() {
                return None;
            }
            let what = match technique {
                "Exaggeration,Minimisation" => "overstates or understates",
                "Appeal_to_fear-prejudice" => "evokes danger or loss",
                "Flag-Waving" => "appeals to national or group feeling",
                "Causal_Oversimplification" => "pins the matter on a single cause",
                "Appeal_to_Authority" => "leans on an authority",
                "Bandwagon,Reductio_ad_hitlerum" => {
                    "appeals to what everyone does, or to a hated group"
                }
                "Doubt" => "casts doubt",
                "Whataboutism,Straw_Men,Red_Herring" => "turns to another matter",
                _ => return None,
            };
            let verb = if found.len() == 1 { "" } else { " together" };
            Some(format!("{}{verb} {what}.", join_and(&found)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::technique_index;
    use unspun_core::{segment, Document};

    fn explain_phrase(text: &str, phrase: &str, technique: &str) -> String {
        let mut doc = Document::new("t", text);
        segment::segment(&mut doc);
        let view = View::new(&doc);
        let byte = text.find(phrase).unwrap();
        let start = text[..byte].chars().count();
        let span = PredictedSpan {
            start,
            end: start + phrase.chars().count(),
            technique: technique_index(technique).unwrap(),
            span_probability: 0.5,
            technique_probability: 0.5,
        };
        explain(&view, &span)
    }

    #[test]
    fn names_the_charged_words_in_plain_language() {
        let e = explain_phrase(
            "For Japan, the episode is a humiliation — a pawn’s fate.",
            "a humiliation",
            "Loaded_Language",
        );
        assert!(e.starts_with("Loaded language: words or phrases"), "{e}");
        assert!(
            e.contains("\u{201c}humiliation\u{201d} (rated very negative in a sentiment lexicon)"),
            "{e}"
        );
        assert!(!e.contains("just before"), "no model features: {e}");
    }

    #[test]
    fn says_why_each_technique_fits() {
        let e = explain_phrase(
            "Either the alliance stands together, or it will watch the region fall.",
            "Either the alliance stands together, or it will watch the region fall",
            "Black-and-White_Fallacy",
        );
        assert!(e.contains("Only two options are offered"), "{e}");
        let e = explain_phrase(
            "Whoever sides with them will pay the price in any war.",
            "pay the price in any war",
            "Appeal_to_fear-prejudice",
        );
        assert!(e.contains("\u{201c}pay\u{201d}, \u{201c}price\u{201d} and \u{201c}war\u{201d} together evokes danger or loss"), "{e}");
        let e = explain_phrase(
            "Is this really a democracy? Nobody can say.",
            "Is this really a democracy?",
            "Doubt",
        );
        assert!(e.contains("phrased as a question"), "{e}");
        let e = explain_phrase(
            "The plot is real. The plot is growing. The plot must end.",
            "The plot must end",
            "Repetition",
        );
        assert!(e.contains("\u{201c}plot\u{201d} occurs 3 times"), "{e}");
    }

    #[test]
    fn marks_inside_quotations_are_the_speakers_words() {
        let e = explain_phrase(
            "He said Paris had “made its point loudly and at the worst possible moment.”",
            "worst possible",
            "Exaggeration,Minimisation",
        );
        assert!(
            e.contains("\u{201c}worst\u{201d} overstates or understates"),
            "{e}"
        );
        assert!(e.contains("inside a quotation"), "{e}");
    }

    #[test]
    fn long_marks_are_shortened_and_non_latin_text_is_kept() {
        let e = explain_phrase(
            "Он сказал: это одна две три четыре пять шесть семь восемь девять слов.",
            "это одна две три четыре пять шесть семь восемь девять слов",
            "Slogans",
        );
        assert!(
            e.contains("Marked words: \u{201c}это одна две три четыре пять шесть семь …\u{201d}"),
            "{e}"
        );
    }
}
