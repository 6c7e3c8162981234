//! Rule-based attribution extraction: finds cues (reporting verbs,
//! "according to", quotes introduced by a colon), then the source noun
//! phrase and the content clause or quote around each cue.
//!
//! The patterns covered: "X said (that) C", "C, X said", "C, said X",
//! "“C1,” X said, “C2”" (speaker in the middle, content in two fragments),
//! quotes over several sentences, "according to X, C" and "C, according to
//! X", participial cues ("…, emphasising that C") and passive cues ("it was
//! reported that C", no source).

use std::collections::HashMap;

use unspun_core::{Document, Span, TokenKind};
use unspun_learn::ModelFile;

use crate::kinds::{entity_name, source_kind, SourceKind};
use crate::lexicon::{CUE_AUX, CUE_WORDS, PERSON_PRONOUNS, SOURCE_STOP};

/// The set of words that can be the head of a cue.
#[derive(Debug, Clone)]
pub struct CueLexicon {
    /// Cue word → share of its uses that are cues (0.5 when unknown).
    words: HashMap<String, f64>,
}

/// The learned cue list: `word<TAB>cue count<TAB>count<TAB>share`, written
/// by `unspun train attribution` from PolNeAR train, embedded in the binary.
pub static CUES_MODEL: ModelFile = unspun_learn::embed_model!("attribution-cues.tsv");

impl CueLexicon {
    /// The hand-written list only.
    pub fn hand_written() -> Self {
        Self {
            words: CUE_WORDS.iter().map(|w| (w.to_string(), 0.5)).collect(),
        }
    }

    /// The hand-written list widened by the learned one: words whose share
    /// of uses as a cue in the training data is at least `min_share` and that
    /// were cues at least `min_count` times.
    pub fn builtin() -> Self {
        let mut lex = Self::hand_written();
        if let Ok(tsv) = CUES_MODEL.load_str() {
            lex.extend_from_tsv(&tsv, 0.5, 5);
        }
        lex
    }

    /// Adds the words of a learned cue list (see [`crate::cues`]) and takes
    /// the learned share of every word it lists.
    pub fn extend_from_tsv(&mut self, tsv: &str, min_share: f64, min_count: usize) {
        for line in tsv.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 4 {
                continue;
            }
            let (Ok(cue), Ok(share)) = (f[1].parse::<usize>(), f[3].parse::<f64>()) else {
                continue;
            };
            if let Some(known) = self.words.get_mut(f[0]) {
                if cue >= min_count {
                    *known = share;
                }
            } else if cue >= min_count && share >= min_share {
                self.words.insert(f[0].to_string(), share);
            }
        }
    }

    /// True when `word` (lower case) can head a cue.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains_key(word)
    }

    /// How often `word` is a cue when it occurs (0 when it is not listed).
    pub fn share(&self, word: &str) -> f64 {
        self.words.get(word).copied().unwrap_or(0.0)
    }
}

/// One attribution found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// Who is cited (absent for passive cues and some participles).
    pub source: Option<Span>,
    /// The words that mark the attribution.
    pub cue: Span,
    /// What is attributed: one fragment, or two around a speaker in the middle.
    pub content: Vec<Span>,
    /// True when the content is a direct quote.
    pub direct: bool,
    /// The kind of source.
    pub kind: SourceKind,
    /// The named person or body the source refers to, when known.
    pub entity: Option<String>,
    /// Index of the sentence that holds the cue.
    pub sentence: usize,
}

impl Attribution {
    /// The span from the first content fragment to the last.
    pub fn content_span(&self) -> Span {
        let start = self.content.first().map_or(self.cue.start, |s| s.start);
        let end = self.content.last().map_or(self.cue.end, |s| s.end);
        Span::new(start, end)
    }
}

pub(crate) struct Tok {
    pub(crate) lower: String,
    pub(crate) text: String,
    pub(crate) span: Span,
    pub(crate) kind: TokenKind,
}

/// The tokens of a segmented document with their text.
pub(crate) fn doc_tokens(doc: &Document) -> Vec<Tok> {
    doc.tokens
        .iter()
        .map(|t| {
            let text = doc.slice(t.span).to_string();
            Tok {
                lower: text.to_lowercase(),
                text,
                span: t.span,
                kind: t.kind,
            }
        })
        .collect()
}

pub(crate) fn is_open_quote(t: &str) -> bool {
    matches!(t, "“" | "„" | "«")
}
pub(crate) fn is_close_quote(t: &str) -> bool {
    matches!(t, "”" | "»")
}
fn is_capitalized(t: &str) -> bool {
    t.chars().next().is_some_and(|c| c.is_uppercase())
}
pub(crate) fn is_quote(t: &str) -> bool {
    is_open_quote(t) || is_close_quote(t) || t == "\"" || t == "''" || t == "``"
}

/// Pairs quote marks within each paragraph: for every token, the index of
/// the matching mark if it is a quote mark.
pub(crate) fn pair_quotes(doc: &Document, toks: &[Tok]) -> Vec<Option<usize>> {
    let mut partner = vec![None; toks.len()];
    for para in &doc.paragraphs {
        let mut open: Option<usize> = None;
        let first = toks.partition_point(|t| t.span.start < para.span.start);
        let last = toks
            .partition_point(|t| t.span.end <= para.span.end)
            .max(first);
        for (i, t) in toks.iter().enumerate().take(last).skip(first) {
            if !is_quote(&t.text) {
                continue;
            }
            let opens =
                is_open_quote(&t.text) || (t.text == "\"" && open.is_none()) || t.text == "``";
            match open {
                Some(o) if !opens || is_open_quote(&t.text) && is_open_quote(&toks[o].text) => {
                    if is_open_quote(&t.text) {
                        // A new opener without a closer: restart from here.
                        open = Some(i);
                    } else {
                        partner[o] = Some(i);
                        partner[i] = Some(o);
                        open = None;
                    }
                }
                Some(_) => open = Some(i),
                None if opens => open = Some(i),
                None => {}
            }
        }
    }
    partner
}

/// Finds the attributions of a segmented document.
pub fn extract(doc: &Document, lexicon: &CueLexicon) -> Vec<Attribution> {
    extract_tokens(doc, lexicon, &doc_tokens(doc))
}

/// [`extract`] over the document's tokens as [`doc_tokens`] gives them.
pub(crate) fn extract_tokens(
    doc: &Document,
    lexicon: &CueLexicon,
    toks: &[Tok],
) -> Vec<Attribution> {
    let partner = pair_quotes(doc, toks);
    // inside[i]: index of the opening quote whose quote holds token i.
    let mut inside = vec![None; toks.len()];
    for (o, p) in partner.iter().enumerate() {
        if let Some(c) = *p {
            if c > o {
                for slot in &mut inside[o + 1..c] {
                    *slot = Some(o);
                }
            }
        }
    }
    // para_hi[i]: one past the last token of token i's paragraph.
    let mut para_hi = vec![toks.len(); toks.len()];
    for para in &doc.paragraphs {
        let first = toks.partition_point(|t| t.span.start < para.span.start);
        let last = toks.partition_point(|t| t.span.end <= para.span.end);
        for slot in para_hi.iter_mut().take(last).skip(first) {
            *slot = last;
        }
    }
    let mut used = vec![false; toks.len()];
    let mut out: Vec<Attribution> = Vec::new();
    for (si, sent) in doc.sentences.iter().enumerate() {
        let lo = sent.first_token.min(toks.len());
        let hi = sent.end_token.min(toks.len());
        // Strong cues first: "said" before "called" before "think".
        let mut cands: Vec<usize> = (lo..hi)
            .filter(|&i| {
                inside[i].is_none()
                    && ((toks[i].kind == TokenKind::Word && lexicon.contains(&toks[i].lower))
                        || (toks[i].text == ":"
                            && i + 1 < hi
                            && (is_quote(&toks[i + 1].text) || is_label(toks, lo, i)))
                        || (is_dash(&toks[i].text)
                            && i > 0
                            && i + 1 < hi
                            && partner[i - 1].is_some_and(|p| p < i - 1)))
            })
            .filter(|&i| toks[i].lower != "states" || !is_capitalized(&toks[i].text))
            .collect();
        // Cues that close the sentence ("…, the source added.") come first.
        let priority = |i: usize| {
            let mut k = i + 1;
            while k < hi
                && (WEEKDAYS.contains(&toks[k].lower.as_str())
                    || matches!(toks[k].lower.as_str(), "morning" | "night"))
            {
                k += 1;
            }
            let closes = k >= hi
                || is_end_punct(&toks[k])
                || (toks[k].text == "," && k + 1 < hi && is_quote(&toks[k + 1].text));
            lexicon.share(&toks[i].lower) + if closes { 1.0 } else { 0.0 }
        };
        cands.sort_by(|&a, &b| priority(b).total_cmp(&priority(a)).then(a.cmp(&b)));
        for i in cands {
            if used[i] {
                continue;
            }
            let weak = lexicon.share(&toks[i].lower) < 0.35;
            let Some(f) = find_at(toks, &partner, &inside, &para_hi, lo, hi, i) else {
                continue;
            };
            // Weak cues ("think", "agree") need a "that" clause, a quote, or
            // a source that opens the sentence ("Experts believe …").
            let opens = f.source.is_some_and(|s| {
                let first = toks[lo..hi]
                    .iter()
                    .position(|t| !matches!(t.lower.as_str(), "but" | "and" | "yet" | "so"))
                    .map_or(lo, |k| lo + k);
                s.start == toks[first].span.start
            });
            if weak
                && !f.direct
                && !opens
                && !f
                    .content
                    .first()
                    .is_some_and(|c| doc.slice(*c).starts_with("that "))
            {
                continue;
            }
            if f.content
                .first()
                .is_some_and(|c| doc.slice(*c).starts_with("so "))
            {
                continue;
            }
            // Tokens are in text order: the ones inside a span are a range.
            let cover = |s: Span| {
                let first = toks.partition_point(|t| t.span.start < s.start);
                let last = toks.partition_point(|t| t.span.end <= s.end).max(first);
                first..last
            };
            let mut spans: Vec<Span> = f.content.clone();
            spans.push(f.cue);
            spans.extend(f.source);
            if spans.iter().any(|s| cover(*s).any(|k| used[k])) {
                continue;
            }
            for s in &spans {
                for k in cover(*s).collect::<Vec<_>>() {
                    used[k] = true;
                }
            }
            out.push(Attribution {
                source: f.source,
                cue: f.cue,
                content: f.content,
                direct: f.direct,
                kind: SourceKind::Vague,
                entity: None,
                sentence: si,
            });
        }
    }
    out.sort_by_key(|a| a.cue.start);
    resolve_sources(doc, &mut out);
    out
}

struct Found {
    source: Option<Span>,
    cue: Span,
    content: Vec<Span>,
    direct: bool,
}

fn is_boundary_punct(t: &Tok) -> bool {
    t.kind == TokenKind::Punct
        && matches!(
            t.text.as_str(),
            "," | ";" | ":" | "—" | "–" | "(" | ")" | "-" | "--"
        )
}

fn is_end_punct(t: &Tok) -> bool {
    t.kind == TokenKind::Punct && matches!(t.text.as_str(), "." | "!" | "?" | "…")
}

/// Trims content boundaries: drops leading commas and colons, trailing
/// commas and the final sentence mark (a closing quote stays).
fn trim_range(toks: &[Tok], mut a: usize, mut b: usize) -> Option<(usize, usize)> {
    while a < b && (is_boundary_punct(&toks[a]) && toks[a].text != "(") {
        a += 1;
    }
    while b > a && (is_end_punct(&toks[b - 1]) || is_boundary_punct(&toks[b - 1])) {
        b -= 1;
    }
    (b > a).then_some((a, b))
}

/// Where a content clause that runs to the end of the sentence really ends:
/// before ", though …", ", while …", ", adding …" and the like (outside
/// quotes).
fn clause_end(toks: &[Tok], inside: &[Option<usize>], a: usize, hi: usize) -> usize {
    for k in a + 1..hi.saturating_sub(1) {
        if matches!(toks[k].lower.as_str(), "and" | "but") && inside[k].is_none() {
            // "… and encouraged Americans to …": a second verb of the
            // speaker, not part of what was said.
            let next = &toks[k + 1];
            let verb = next.kind == TokenKind::Word
                && !is_capitalized(&next.text)
                && (next.lower.ends_with("ed")
                    || matches!(
                        next.lower.as_str(),
                        "says" | "said" | "added" | "adds" | "also" | "then" | "later"
                    ));
            if verb {
                return k;
            }
            continue;
        }
        if toks[k].text != "," || inside[k].is_some() {
            continue;
        }
        let next = toks[k + 1].lower.as_str();
        if matches!(
            next,
            "though"
                | "although"
                | "while"
                | "whereas"
                | "even"
                | "according"
                | "adding"
                | "saying"
                | "noting"
                | "citing"
                | "arguing"
                | "especially"
                | "because"
        ) || (next.ends_with("ing")
            && next.len() > 5
            && toks[k + 1].kind == TokenKind::Word
            && !is_capitalized(&toks[k + 1].text))
            || (next == "but"
                && k + 2 < hi
                && matches!(
                    toks[k + 2].lower.as_str(),
                    "he" | "she" | "they" | "it" | "we" | "i"
                ))
        {
            return k;
        }
    }
    hi
}

fn span_of(toks: &[Tok], a: usize, b: usize) -> Span {
    Span::new(toks[a].span.start, toks[b - 1].span.end)
}

/// Extends a content range to whole quotes: a closing quote whose opener
/// lies before `a` pulls the start back, an opener whose closer lies after
/// `b` pushes the end forward.
fn widen_to_quotes(partner: &[Option<usize>], a: usize, b: usize) -> (usize, usize) {
    let (mut a2, mut b2) = (a, b);
    for p in partner[a..b].iter().flatten() {
        a2 = a2.min(*p);
        b2 = b2.max(*p + 1);
    }
    (a2, b2)
}

fn has_quote(toks: &[Tok], a: usize, b: usize) -> bool {
    toks[a..b].iter().any(|t| is_quote(&t.text))
}

/// Lower-case words that are most likely finite verbs or prepositions
/// that do not belong in a subject noun phrase.
fn looks_like_verb(t: &Tok) -> bool {
    if t.kind != TokenKind::Word || is_capitalized(&t.text) {
        return false;
    }
    let w = t.lower.as_str();
    matches!(
        w,
        "is" | "are"
            | "was"
            | "were"
            | "has"
            | "have"
            | "had"
            | "did"
            | "does"
            | "uses"
            | "used"
            | "made"
            | "makes"
            | "took"
            | "takes"
            | "gave"
            | "gives"
            | "got"
            | "gets"
            | "went"
            | "goes"
            | "came"
            | "comes"
            | "on"
            | "about"
            | "into"
            | "onto"
            | "upon"
            | "included"
            | "includes"
    ) || (w.len() > 4
        && w.ends_with("ed")
        && !matches!(
            w,
            "unnamed"
                | "named"
                | "unidentified"
                | "identified"
                | "informed"
                | "retired"
                | "elected"
                | "unelected"
                | "selected"
                | "alleged"
                | "based"
                | "united"
                | "advanced"
                | "experienced"
                | "concerned"
                | "interested"
                | "embattled"
                | "indicted"
                | "disgraced"
                | "renowned"
                | "respected"
                | "esteemed"
                | "detained"
                | "appointed"
                | "unaffiliated"
                | "affiliated"
        ))
}

/// Where a source that starts at `s0` and is followed by the cue at `c0`
/// ends: trailing commas are dropped, except the one that closes an
/// appositive ("Brian Fallon, the campaign's press secretary,"), which
/// PolNeAR keeps.
fn source_end(toks: &[Tok], s0: usize, c0: usize) -> usize {
    let mut e = c0;
    while e > s0 && toks[e - 1].text == "," {
        e -= 1;
    }
    if e < c0 && toks[s0..e].iter().any(|t| t.text == ",") {
        e += 1;
    }
    e
}

fn is_ly_adverb(t: &Tok) -> bool {
    t.kind == TokenKind::Word
        && t.lower.len() > 4
        && t.lower.ends_with("ly")
        && !is_capitalized(&t.text)
        && !matches!(
            t.lower.as_str(),
            "family"
                | "rally"
                | "ally"
                | "supply"
                | "reply"
                | "assembly"
                | "july"
                | "italy"
                | "daily"
                | "weekly"
                | "monthly"
                | "yearly"
                | "bully"
                | "early"
                | "elderly"
                | "friendly"
                | "likely"
                | "holy"
        )
}

/// Scans back from `end` (exclusive) for the source noun phrase; returns its
/// first token.
fn source_start(toks: &[Tok], lo: usize, end: usize) -> Option<usize> {
    let mut k = end;
    let mut commas = 0;
    let appositive = end > lo && toks[end - 1].text == ",";
    while k > lo {
        let t = &toks[k - 1];
        if t.text == "," && appositive && commas < 2 {
            commas += 1;
            k -= 1;
            continue;
        }
        // A parenthesis inside the name: "Sen. David Perdue (R-Ga.)".
        if t.text == ")" {
            if let Some(open) = (lo..k - 1).rev().take(6).find(|&j| toks[j].text == "(") {
                k = open;
                continue;
            }
        }
        // "Mr. Grassley and Mr. Leahy", "Federal and state officials".
        let joins_names = t.lower == "and"
            && k >= 2
            && k < end
            && (is_capitalized(&toks[k - 2].text) || toks[k - 2].text == ")");
        if !joins_names
            && (is_boundary_punct(t)
                || is_end_punct(t)
                || is_quote(&t.text)
                || SOURCE_STOP.contains(&t.lower.as_str()))
        {
            break;
        }
        // A finite verb ends the subject, unless a relative pronoun opens
        // the clause it belongs to ("a diplomat who asked not to be named").
        let after_determiner = k >= 2
            && matches!(
                toks[k - 2].lower.as_str(),
                "a" | "an" | "the" | "this" | "its" | "their" | "his" | "her" | "our"
            );
        let in_name = matches!(t.lower.as_str(), "on" | "about" | "of")
            && k < end
            && is_capitalized(&toks[k].text);
        if k < end && looks_like_verb(t) && !after_determiner && !in_name {
            let relative = (lo.max(k.saturating_sub(7))..k - 1)
                .any(|j| matches!(toks[j].lower.as_str(), "who" | "which" | "whose"));
            if !relative {
                break;
            }
        }
        k -= 1;
    }
    // Leading adverbials and conjunctions are not part of the source.
    while k < end
        && matches!(
            toks[k].lower.as_str(),
            "but"
                | "and"
                | "yet"
                | "so"
                | "however"
                | "now"
                | "meanwhile"
                | "still"
                | "also"
                | "instead"
                | ","
        )
    {
        k += 1;
    }
    let mut e = end;
    while e > k && toks[e - 1].text == "," {
        e -= 1;
    }
    // "In a Bloomberg interview Trump said": the name after the phrase.
    if e > k + 1
        && matches!(
            toks[k].lower.as_str(),
            "in" | "at" | "during" | "on" | "after" | "before" | "following" | "from" | "with"
        )
    {
        let last = &toks[e - 1];
        if crate::lexicon::PERSON_PRONOUNS.contains(&last.lower.as_str())
            || matches!(last.lower.as_str(), "they" | "we")
        {
            k = e - 1;
        } else if is_capitalized(&last.text) {
            let mut j = e - 1;
            while j > k + 1
                && is_capitalized(&toks[j - 1].text)
                && toks[j - 1].kind == TokenKind::Word
            {
                j -= 1;
            }
            k = j;
        }
    }
    (e > k && e - k <= if appositive { 22 } else { 14 }).then_some(k)
}

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "tonight",
];

#[allow(clippy::too_many_arguments)]
fn is_dash(t: &str) -> bool {
    matches!(t, "―" | "—" | "–")
}

/// True when tokens `lo..i` are a short capitalised name that can label
/// what follows a colon ("Pence", "Pat Caddell", "WALLACE"), not a word
/// such as "Update" or "Note".
fn is_label(toks: &[Tok], lo: usize, i: usize) -> bool {
    let n = i - lo;
    (1..=3).contains(&n)
        && toks[lo..i]
            .iter()
            .all(|t| t.kind == TokenKind::Word && is_capitalized(&t.text))
        && !matches!(
            toks[lo].lower.as_str(),
            "update"
                | "note"
                | "editor"
                | "watch"
                | "read"
                | "breaking"
                | "photo"
                | "video"
                | "related"
                | "source"
                | "sources"
                | "correction"
                | "warning"
                | "exclusive"
                | "analysis"
                | "opinion"
                | "live"
                | "q"
                | "a"
                | "the"
                | "this"
                | "here"
                | "what"
                | "why"
                | "how"
                | "who"
                | "when"
                | "where"
                | "and"
                | "but"
                | "so"
        )
}

fn find_at(
    toks: &[Tok],
    partner: &[Option<usize>],
    inside: &[Option<usize>],
    para_hi: &[usize],
    lo: usize,
    hi: usize,
    i: usize,
) -> Option<Found> {
    let w = toks[i].lower.as_str();
    if is_dash(w) {
        // "“…” ― Sonya Herridge": a quote signed after a dash.
        let close = i
            .checked_sub(1)
            .filter(|&k| is_close_quote(&toks[k].text) || toks[k].text == "\"")?;
        let open = partner[close].filter(|&p| p < close)?;
        let mut s_end = i + 1;
        while s_end < para_hi[i] && !is_end_punct(&toks[s_end]) && !is_quote(&toks[s_end].text) {
            s_end += 1;
        }
        if s_end == i + 1 || s_end - i > 12 || !is_capitalized(&toks[i + 1].text) {
            return None;
        }
        return Some(Found {
            source: Some(span_of(toks, i + 1, s_end)),
            cue: span_of(toks, i, i + 1),
            content: vec![span_of(toks, open, close + 1)],
            direct: true,
        });
    }
    if w == ":" && !(i + 1 < hi && is_quote(&toks[i + 1].text)) {
        // "Pence: Flowers won't be at debate" (a headline), "PENCE: Well,
        // look, …" (a transcript: the rest of the paragraph).
        if !is_label(toks, lo, i) {
            return None;
        }
        let shouting = toks[lo..i]
            .iter()
            .all(|t| t.text.chars().all(|c| !c.is_lowercase()));
        let end = if shouting { para_hi[i] } else { hi };
        let (a, b) = trim_range(toks, i + 1, end)?;
        let (a, b) = widen_to_quotes(partner, a, b);
        return Some(Found {
            source: Some(span_of(toks, lo, i)),
            cue: span_of(toks, i, i + 1),
            content: vec![span_of(toks, a, b)],
            direct: shouting,
        });
    }
    if w == ":" {
        // "Trump: “…”" — a short name, a colon and a quote.
        let s0 = source_start(toks, lo, i)?;
        let close = partner
            .get(i + 1)
            .copied()
            .flatten()
            .filter(|&p| p > i + 1)?;
        if i - s0 > 8 || !is_capitalized(&toks[s0].text) {
            return None;
        }
        return Some(Found {
            source: Some(span_of(toks, s0, i)),
            cue: span_of(toks, i, i + 1),
            content: vec![span_of(toks, i + 1, close + 1)],
            direct: true,
        });
    }
    if w == "according" {
        if i + 1 >= hi || toks[i + 1].lower != "to" {
            return None;
        }
        let cue = span_of(toks, i, i + 2);
        let mut s_end = i + 2;
        while s_end < hi
            && !is_boundary_punct(&toks[s_end])
            && !is_end_punct(&toks[s_end])
            && !is_quote(&toks[s_end].text)
        {
            s_end += 1;
        }
        if s_end == i + 2 {
            return None;
        }
        let source = Some(span_of(toks, i + 2, s_end));
        let before = trim_range(toks, lo, i);
        let (a, b) = match before {
            Some(r) if r.1 - r.0 >= 2 => r,
            _ => trim_range(toks, s_end, hi)?,
        };
        let (a, b) = widen_to_quotes(partner, a, b);
        return Some(Found {
            source,
            cue,
            content: vec![span_of(toks, a, b)],
            direct: false,
        });
    }
    // The cue group: auxiliaries before the cue word.
    let mut c0 = i;
    while c0 > lo && (CUE_AUX.contains(&toks[c0 - 1].lower.as_str()) || is_ly_adverb(&toks[c0 - 1]))
    {
        c0 -= 1;
    }
    let mut c1 = i + 1;
    // "said in a statement", "told reporters"-style tails stay out of the
    // cue except "in a statement" and a colon.
    if c1 + 2 < hi
        && toks[c1].lower == "in"
        && toks[c1 + 1].lower == "a"
        && toks[c1 + 2].lower == "statement"
    {
        c1 += 3;
    }
    // Particles and times that PolNeAR counts in the cue: "called for",
    // "pointed out", "said Friday", "said Thursday morning".
    if c1 < hi
        && matches!(
            w,
            "called"
                | "calls"
                | "calling"
                | "call"
                | "pointed"
                | "points"
                | "pointing"
                | "complained"
                | "complaining"
                | "referring"
                | "referred"
                | "warned"
                | "talked"
                | "spoke"
                | "cited"
                | "echoed"
        )
        && matches!(
            toks[c1].lower.as_str(),
            "for" | "on" | "out" | "to" | "about" | "of" | "against"
        )
    {
        c1 += 1;
    }
    if c1 < hi && WEEKDAYS.contains(&toks[c1].lower.as_str()) {
        c1 += 1;
        if c1 < hi
            && matches!(
                toks[c1].lower.as_str(),
                "morning" | "afternoon" | "evening" | "night"
            )
        {
            c1 += 1;
        }
    }
    let passive = c0 < i
        && matches!(
            toks[c0].lower.as_str(),
            "was" | "were" | "is" | "are" | "been" | "be"
        )
        && w.ends_with("ed");
    let prev_is_comma = c0 > lo
        && (toks[c0 - 1].text == ","
            || is_close_quote(&toks[c0 - 1].text)
            || toks[c0 - 1].text == "\"");

    // Inverted post-posed: "C, said X."
    // The source after the cue starts with a name or "the"/"a" + a name.
    let name_follows = c1 < hi
        && (is_capitalized(&toks[c1].text)
            || (matches!(toks[c1].lower.as_str(), "the" | "a" | "an")
                && c1 + 1 < hi
                && is_capitalized(&toks[c1 + 1].text)));
    if prev_is_comma
        && c0 == i
        && name_follows
        && matches!(w, "said" | "says" | "added" | "wrote" | "asked")
    {
        // The source runs to the end of the sentence, appositive and
        // parentheses included ("said Rep. G.K. Butterfield (D-N.C.), head
        // of the caucus.").
        // It stops at the end of the sentence, a quote, or ", speaking …".
        let stops = |k: usize| {
            k >= hi
                || is_end_punct(&toks[k])
                || is_quote(&toks[k].text)
                || (toks[k].text == "," && k + 1 < hi && toks[k + 1].lower.ends_with("ing"))
        };
        let mut s_end = c1;
        while !stops(s_end) {
            s_end += 1;
        }
        let closes = s_end >= hi || !is_quote(&toks[s_end].text);
        while s_end > c1 && is_boundary_punct(&toks[s_end - 1]) && toks[s_end - 1].text != ")" {
            s_end -= 1;
        }
        if s_end > c1 && s_end - c1 <= 40 && closes && c0 - lo >= 4 {
            let (a, b) = trim_range(toks, lo, c0)?;
            let (a, b) = widen_to_quotes(partner, a, b);
            return Some(Found {
                source: Some(span_of(toks, c1, s_end)),
                cue: span_of(toks, c0, c1),
                content: vec![span_of(toks, a, b)],
                direct: has_quote(toks, a, b),
            });
        }
    }

    // Content after the cue: a "that" clause near the cue, a colon, or the
    // rest of the sentence.
    let mut after = c1;
    if after < hi && toks[after].text == ":" {
        c1 += 1;
        after += 1;
    }
    let that = (after..hi.min(after + 11))
        .take_while(|&k| !is_boundary_punct(&toks[k]) && !is_end_punct(&toks[k]))
        .find(|&k| toks[k].lower == "that");
    let object_verb = matches!(
        w,
        "told" | "tells" | "tell" | "telling" | "asked" | "asks" | "warned" | "assured" | "urged"
    );
    // Jump to "that" over an object or adjuncts ("told reporters Tuesday
    // that", "said in an interview that"), not over a clause ("said there
    // needs to be a law that", "says she's satisfied that").
    let clause_between = |k: usize| {
        toks[after..k].iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "he" | "she"
                    | "they"
                    | "it"
                    | "there"
                    | "we"
                    | "i"
                    | "you"
                    | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "will"
                    | "would"
                    | "has"
                    | "have"
                    | "had"
                    | "can"
                    | "could"
                    | "should"
                    | "needs"
                    | "must"
            ) || t.lower.contains('\'')
                || t.lower.contains('’')
        })
    };
    let content_start = match that {
        Some(k) if k == after || ((object_verb || k - after <= 10) && !clause_between(k)) => k,
        _ => after,
    };
    let sentence_final = |k: usize| {
        let mut k = k;
        while k < hi && (is_end_punct(&toks[k]) || is_close_quote(&toks[k].text)) {
            k += 1;
        }
        k >= hi
    };

    // Post-posed: "C, X said" — the source sits between a comma (or a
    // closing quote) and the cue, and little follows the cue.
    let participle = w.ends_with("ing") && c0 > lo && toks[c0 - 1].text == ",";
    if let Some(s0) = source_start(toks, lo, c0).filter(|_| !participle) {
        let before_src = s0.checked_sub(1).filter(|&k| k >= lo);
        let comma_before = before_src.is_some_and(|k| {
            toks[k].text == "," || is_close_quote(&toks[k].text) || toks[k].text == "\""
        });
        let pronoun_after = c1 < hi
            && matches!(
                toks[c1].lower.as_str(),
                "he" | "she"
                    | "they"
                    | "it"
                    | "we"
                    | "i"
                    | "the"
                    | "his"
                    | "her"
                    | "their"
                    | "there"
                    | "this"
                    | "a"
                    | "an"
                    | "trump"
                    | "clinton"
            );
        let tail_ok = sentence_final(c1)
            || (c1 < hi && toks[c1].text == ",")
            || (that.is_none() && !pronoun_after);
        let quoted_before = before_src.is_some_and(|k| has_quote(toks, lo, k + 1));
        let adverbial_before = before_src.is_some_and(|k| {
            k - lo < 8
                && !quoted_before
                && matches!(
                    toks[lo].lower.as_str(),
                    "in" | "on"
                        | "at"
                        | "after"
                        | "during"
                        | "speaking"
                        | "asked"
                        | "earlier"
                        | "later"
                        | "meanwhile"
                        | "however"
                        | "but"
                        | "and"
                        | "yet"
                        | "then"
                        | "separately"
                        | "also"
                        | "still"
                        | "instead"
                        | "for"
                        | "while"
                        | "when"
                        | "as"
                        | "last"
                        | "this"
                        | "since"
                        | "before"
                        | "with"
                        | "by"
                        | "from"
                        | "addressing"
                        | "writing"
                        | "responding"
                )
        });
        // The quote ended the previous sentence: "“…?” Clinton said."
        if s0 == lo && lo > 0 && is_close_quote(&toks[lo - 1].text) && tail_ok && !passive {
            if let Some(open) = partner[lo - 1].filter(|&p| p < lo - 1) {
                let s_end = source_end(toks, s0, c0);
                if s_end > s0 && s_end - s0 <= 8 {
                    return Some(Found {
                        source: Some(span_of(toks, s0, s_end)),
                        cue: span_of(toks, c0, c1),
                        content: vec![span_of(toks, open, lo)],
                        direct: true,
                    });
                }
            }
        }
        let tail_short = !adverbial_before && (quoted_before || tail_ok);
        if comma_before && tail_short {
            let k = before_src.expect("checked");
            let (a, b) = trim_range(toks, lo, k + usize::from(is_quote(&toks[k].text)))?;
            let (a, b) = widen_to_quotes(partner, a, b);
            let mut content = vec![span_of(toks, a, b)];
            // Speaker in the middle: "“C1,” X said, “C2.”"
            if c1 + 1 < hi && toks[c1].text == "," && is_quote(&toks[c1 + 1].text) {
                if let Some(close) = partner[c1 + 1].filter(|&p| p > c1 + 1) {
                    content.push(span_of(toks, c1 + 1, close + 1));
                }
            }
            // The quote goes on in the next sentence: "“C1,” X said. “C2.”"
            if content.len() == 1
                && has_quote(toks, a, b)
                && (sentence_final(c1) || !has_quote(toks, c1, hi))
            {
                let mut k = if sentence_final(c1) { c1 } else { hi };
                while k < toks.len() && (is_end_punct(&toks[k]) || is_close_quote(&toks[k].text)) {
                    k += 1;
                }
                if let Some(close) = (k < toks.len() && is_quote(&toks[k].text))
                    .then(|| partner[k])
                    .flatten()
                    .filter(|&p| p > k)
                {
                    let after_close = close + 1;
                    let ends = after_close >= toks.len()
                        || is_end_punct(&toks[after_close])
                        || toks[after_close].span.start > toks[close].span.end + 1;
                    if ends {
                        content.push(span_of(toks, k, close + 1));
                    }
                }
            }
            let direct = content.iter().any(|_| has_quote(toks, a, b));
            let s_end = source_end(toks, s0, c0);
            return Some(Found {
                source: Some(span_of(toks, s0, s_end)),
                cue: span_of(toks, c0, c1),
                content,
                direct,
            });
        }
        // Pre-posed: "X said (that) C."
        if (s0 == lo
            || before_src.is_some_and(|k| {
                is_boundary_punct(&toks[k])
                    || SOURCE_STOP.contains(&toks[k].lower.as_str())
                    || (looks_like_verb(&toks[k])
                        && c0 - s0 <= 3
                        && (is_capitalized(&toks[s0].text)
                            || PERSON_PRONOUNS.contains(&toks[s0].lower.as_str())))
            }))
            && !passive
        {
            let end = if content_start < hi && is_quote(&toks[content_start].text) {
                hi
            } else {
                clause_end(toks, inside, content_start, hi)
            };
            let (a, b) = trim_range(toks, content_start, end)?;
            if b - a < 2 {
                return None;
            }
            let (a, b) = widen_to_quotes(partner, a, b);
            let s_end = source_end(toks, s0, c0);
            let participle = w.ends_with("ing")
                && before_src.is_some_and(|k| toks[k].text == ",")
                && s_end - s0 == 0;
            let source = (!participle && s_end > s0).then(|| span_of(toks, s0, s_end));
            return Some(Found {
                source,
                cue: span_of(toks, c0, c1),
                content: vec![span_of(toks, a, b)],
                direct: is_quote(&toks[a].text),
            });
        }
    }
    // A second verb of the subject: "Authorities announced … and said a
    // curfew would continue." PolNeAR gives each token one attribution, so
    // the subject stays with the first verb.
    if c0 > lo && toks[c0 - 1].lower == "and" && !passive && !participle {
        let end = if content_start < hi && is_quote(&toks[content_start].text) {
            hi
        } else {
            clause_end(toks, inside, content_start, hi)
        };
        let (a, b) = trim_range(toks, content_start, end)?;
        if b - a >= 3 {
            let (a, b) = widen_to_quotes(partner, a, b);
            return Some(Found {
                source: None,
                cue: span_of(toks, c0, c1),
                content: vec![span_of(toks, a, b)],
                direct: is_quote(&toks[a].text),
            });
        }
    }
    // Participle or passive cue with no source of its own: "…, emphasising
    // that C", "it was reported that C".
    if (participle || passive) && that.is_some() {
        let (a, b) = trim_range(toks, content_start, hi)?;
        let (a, b) = widen_to_quotes(partner, a, b);
        let mut c_start = c0;
        if passive && c0 > lo && toks[c0 - 1].lower == "it" {
            c_start = c0 - 1;
        }
        return Some(Found {
            source: None,
            cue: span_of(toks, c_start, c1),
            content: vec![span_of(toks, a, b)],
            direct: is_quote(&toks[a].text),
        });
    }
    None
}

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
            if k > 0 && atts[k - 1].sentence == atts[k].sentence {
                atts[k].entity = atts[k - 1].entity.clone();
                atts[k].kind = atts[k - 1].kind;
            } else if let Some(subject) = sentence_subject(doc, atts[k].sentence, atts[k].cue.start)
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
