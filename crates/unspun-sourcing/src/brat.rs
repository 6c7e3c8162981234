//! PolNeAR attribution annotations in brat standoff (`.ann`): reading and
//! writing.
//!
//! A PolNeAR file holds text-bound annotations (`T3\tContent 115 290\ttext`,
//! discontinuous spans written `start end;start end`) and one event per
//! attribution (`E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1`; the
//! trigger is `Attribution-no-source` when the source is absent). Lines of
//! any other kind (`#` notes, `Discard`/`Discuss` marks, text that spills
//! over a line break) are skipped.

use std::collections::HashMap;

use unspun_core::Span;

/// One attribution relation: who (source), the words that mark it (cue), and
/// what is attributed (content). Each role is a list of fragments, in text
/// order; an empty list means the role is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Relation {
    /// Fragments of the source span.
    pub source: Vec<Span>,
    /// Fragments of the cue span.
    pub cue: Vec<Span>,
    /// Fragments of the content span.
    pub content: Vec<Span>,
}

/// Parses the fragments `"12 20;25 30"` of a text-bound annotation.
fn parse_fragments(s: &str) -> Option<Vec<Span>> {
    let mut out = Vec::new();
    for part in s.split(';') {
        let mut it = part.split_whitespace();
        let start: usize = it.next()?.parse().ok()?;
        let end: usize = it.next()?.parse().ok()?;
        if it.next().is_some() || end < start {
            return None;
        }
        out.push(Span::new(start, end));
    }
    out.sort();
    Some(out)
}

/// Reads the attribution relations of one `.ann` file's contents. Events
/// that name no cue and no content are skipped; so are references to
/// undefined text-bound annotations.
pub fn parse_ann(text: &str) -> Vec<Relation> {
    let mut spans: HashMap<&str, Vec<Span>> = HashMap::new();
    let mut events: Vec<&str> = Vec::new();
    for line in text.lines() {
        let mut fields = line.splitn(3, '\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_label, frags)) = body.split_once(' ') else {
                continue;
            };
            if let Some(f) = parse_fragments(frags) {
                spans.insert(id, f);
            }
        } else if id.starts_with('E') {
            events.push(body);
        }
    }
    let mut relations = Vec::new();
    for body in events {
        let mut rel = Relation::default();
        for arg in body.split_whitespace().skip(1) {
            let Some((role, id)) = arg.split_once(':') else {
                continue;
            };
            let Some(frags) = spans.get(id) else { continue };
            let slot = match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "Source" => &mut rel.source,
                "Cue" => &mut rel.cue,
                "Content" => &mut rel.content,
                _ => continue,
            };
            slot.extend(frags.iter().copied());
            slot.sort();
        }
        if !rel.cue.is_empty() || !rel.content.is_empty() {
            relations.push(rel);
        }
    }
    relations
}

/// Writes relations as a brat `.ann` file in PolNeAR's layout. `text` is
/// the document text (code points are counted in it).
pub fn write_ann(text: &str, relations: &[Relation]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let slice = |frags: &[Span]| -> String {
        frags
            .iter()
            .map(|s| {
                chars[s.start.min(chars.len())..s.end.min(chars.len())]
                    .iter()
                    .collect::<String>()
                    .replace(['\n', '\r', '\t'], " ")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let frag_list = |frags: &[Span]| -> String {
        frags
            .iter()
            .map(|s| format!("{} {}", s.start, s.end))
            .collect::<Vec<_>>()
            .join(";")
    };
    let mut out = String::new();
    let mut t = 0usize;
    for (e, rel) in relations.iter().enumerate() {
        let mut args = Vec::new();
        for (label, frags) in [
            ("Source", &rel.source),
            ("Cue", &rel.cue),
            ("Content", &rel.content),
        ] {
            if frags.is_empty() {
                continue;
            }
            t += 1;
            out.push_str(&format!(
                "T{t}\t{label} {}\t{}\n",
                frag_list(frags),
                slice(frags)
            ));
            args.push(format!("{label}:T{t}"));
        }
        let trigger = if rel.source.is_empty() {
            "Attribution-no-source"
        } else {
            "Attribution"
        };
        let anchor = if rel.cue.is_empty() {
            &rel.content
        } else {
            &rel.cue
        };
        t += 1;
        out.push_str(&format!(
            "T{t}\t{trigger} {}\t{}\n",
            frag_list(anchor),
            slice(anchor)
        ));
        out.push_str(&format!("E{}\t{trigger}:T{t} {}\n", e + 1, args.join(" ")));
    }
    out
}

/// Splits a PolNeAR annotation file name `article_ANNOTATOR.ann` into the
/// article stem and the annotator id.
pub fn split_ann_name(file_name: &str) -> Option<(&str, &str)> {
    let stem = file_name.strip_suffix(".ann")?;
    let (article, annotator) = stem.rsplit_once('_')?;
    Some((article, annotator))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANN: &str = "T1\tSource 0 3\tSam\n\
T2\tCue 4 8\tsaid\n\
T3\tContent 9 14;20 25\tabcde fghij\n\
T4\tAttribution 4 8\tsaid\n\
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n\
T5\tCue 30 32\tin\n\
T6\tContent 33 40\tsomething\n\
spilled text on a second line\n\
T7\tAttribution-no-source 30 32\tin\n\
E2\tAttribution-no-source:T7 Cue:T5 Content:T6\n\
T8\tDiscard 50 60\tRead more\n\
#1\tAnnotatorNotes T3\ta note\n";

    #[test]
    fn reads_relations_with_fragments_and_missing_sources() {
        let rels = parse_ann(ANN);
        assert_eq!(rels.len(), 2);
        assert_eq!(rels[0].source, vec![Span::new(0, 3)]);
        assert_eq!(rels[0].content, vec![Span::new(9, 14), Span::new(20, 25)]);
        assert!(rels[1].source.is_empty());
        assert_eq!(rels[1].cue, vec![Span::new(30, 32)]);
    }

    #[test]
    fn written_files_read_back() {
        let text = "Sam said that it rains\nand so on, they added in May.";
        let rels = vec![
            Relation {
                source: vec![Span::new(0, 3)],
                cue: vec![Span::new(4, 8)],
                content: vec![Span::new(9, 22), Span::new(23, 30)],
            },
            Relation {
                source: vec![],
                cue: vec![Span::new(40, 45)],
                content: vec![Span::new(23, 32)],
            },
        ];
        let ann = write_ann(text, &rels);
        assert!(ann.contains("T3\tContent 9 22;23 30\tthat it rains and so"));
        assert_eq!(parse_ann(&ann), rels);
    }

    #[test]
    fn annotator_suffix() {
        assert_eq!(
            split_ann_name("nyt_2016-10-01_x-y_ef2d.ann"),
            Some(("nyt_2016-10-01_x-y", "ef2d"))
        );
        assert_eq!(split_ann_name("notes.txt"), None);
    }
}
