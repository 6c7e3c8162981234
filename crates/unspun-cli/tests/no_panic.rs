//! A cheap, deterministic "no panic" property test, in process: a
//! fixed-seed generator makes a few hundred random byte strings and random
//! mixtures of the characters that trouble segmenters (quotes, periods,
//! line breaks, abbreviations, non-Latin scripts), and each goes through
//! decode → read_plain → the full pipeline → every renderer. Segmentation
//! invariants are checked on the way. (The fuzz targets in `fuzz/` do the
//! same at length.)

use std::panic::{catch_unwind, AssertUnwindSafe};

use unspun::core::{Document, Pipeline};
use unspun::io::decode::decode;
use unspun::io::html::html_to_article;
use unspun::io::jsonl::read_json_article;
use unspun::io::plain::read_plain;
use unspun::report::html::render_html;
use unspun::report::json::{to_json_line, to_json_pretty, RecordOptions};
use unspun::report::semeval::to_semeval_rows;
use unspun::report::text::{render_text, TextOptions};

/// xorshift64*: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Pieces that sit at segmentation boundaries.
const PIECES: &[&str] = &[
    ".",
    ".",
    ". ",
    "...",
    "…",
    "?",
    "!",
    "?!",
    ". . .",
    ",",
    ";",
    ":",
    "\n",
    "\n",
    "\n\n",
    "\r\n",
    "\r\n\r\n",
    "\r",
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\u{a0}",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\u{b}",
    "\u{c}",
    "\"",
    "'",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "„",
    "「",
    "」",
    "(",
    ")",
    "[",
    "]",
    "—",
    "–",
    "-",
    "--",
    "Mr.",
    "Mrs.",
    "Dr.",
    "U.S.",
    "U.K.",
    "Inc.",
    "No.",
    "Jan.",
    "Sept.",
    "e.g.",
    "i.e.",
    "p.m.",
    "a.m.",
    "St.",
    "Gen.",
    "J.",
    "vs.",
    "etc.",
    "The",
    "the",
    "minister",
    "said",
    "Reuters",
    "PARIS",
    "WASHINGTON (AP) -",
    "Macron",
    "NATO’s",
    "don't",
    "rock'n'roll",
    "1.5bn",
    "3,000",
    "76%",
    "£",
    "$4.2",
    "2023",
    "6th",
    "12",
    "東京",
    "。",
    "、",
    "Москва",
    "«Нет»",
    "шлях",
    "שלום",
    "مرحبا",
    "é",
    "e\u{301}",
    "\u{301}",
    "👨\u{200d}👩\u{200d}👧",
    "🙂",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{fffd}",
    "\u{10ffff}",
    "\u{1f1eb}\u{1f1f7}",
    "Ⅻ",
    "ǅ",
    "ß",
    "İ",
    "ﬁ",
    "<p>",
    "</p>",
    "&amp;",
    "<script>",
    "{\"text\":",
    "\\",
    "\u{7f}",
    "\u{1}",
    "\0",
];

fn mixture(rng: &mut Rng) -> String {
    let mut s = String::new();
    if rng.below(3) == 0 {
        s.push_str("A headline about “spin”\n\n");
    }
    for _ in 0..rng.below(200) {
        s.push_str(rng.pick(PIECES));
        if rng.below(3) == 0 {
            s.push(' ');
        }
    }
    s
}

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let len = match rng.below(4) {
        0 => rng.below(8),
        1 => rng.below(64),
        _ => rng.below(1500),
    };
    let mode = rng.below(3);
    (0..len)
        .map(|_| match mode {
            // Any byte.
            0 => rng.below(256) as u8,
            // Mostly printable ASCII with some high bytes (Latin-1 like).
            1 if rng.below(8) == 0 => 0x80 + rng.below(128) as u8,
            1 => b" .\n\"'aeiouTtMr."[rng.below(14)],
            // Broken UTF-8: lead and continuation bytes.
            _ => [0xe2, 0x80, 0x9c, 0x9d, 0xc3, 0xa9, b'.', b' ', b'\n', b'A'][rng.below(10)],
        })
        .collect()
}

/// Checks the segmentation of `doc`; returns what is wrong.
fn invariants(doc: &Document) -> Result<(), String> {
    let len = doc.char_len();
    let mut last = 0;
    for (i, p) in doc.paragraphs.iter().enumerate() {
        if p.span.start >= p.span.end || p.span.end > len || p.span.start < last {
            return Err(format!(
                "paragraph {i} {:?} (len {len}, previous end {last})",
                p.span
            ));
        }
        last = p.span.end;
    }
    let mut last = 0;
    for (i, s) in doc.sentences.iter().enumerate() {
        if s.span.start >= s.span.end || s.span.end > len || s.span.start < last {
            return Err(format!(
                "sentence {i} {:?} (len {len}, previous end {last})",
                s.span
            ));
        }
        let para = doc
            .paragraphs
            .get(s.paragraph)
            .ok_or(format!("sentence {i}: no paragraph"))?;
        if !para.span.contains(&s.span) {
            return Err(format!(
                "sentence {i} {:?} outside paragraph {:?}",
                s.span, para.span
            ));
        }
        if s.first_token >= s.end_token || s.end_token > doc.tokens.len() {
            return Err(format!(
                "sentence {i}: tokens {}..{}",
                s.first_token, s.end_token
            ));
        }
        for t in doc.sentence_tokens(s) {
            if !s.span.contains(&t.span) || t.span.is_empty() {
                return Err(format!(
                    "token {:?} outside sentence {i} {:?}",
                    t.span, s.span
                ));
            }
        }
        last = s.span.end;
    }
    let mut last = 0;
    for (i, t) in doc.tokens.iter().enumerate() {
        if t.span.start < last || t.span.end > len {
            return Err(format!(
                "token {i} {:?} (len {len}, previous end {last})",
                t.span
            ));
        }
        last = t.span.end;
    }
    Ok(())
}

/// Runs the pipeline and every renderer on `doc`.
fn analyse_and_render(mut doc: Document, pipeline: &Pipeline) -> Result<(), String> {
    // A stage may refuse a document with an error (not a panic); the
    // renderers must still cope with what the stages before it added.
    if let Err(e) = pipeline.run(&mut doc) {
        doc.warnings.push(e.to_string());
    }
    invariants(&doc)?;
    let len = doc.char_len();
    for layer in &doc.layers {
        for a in &layer.annotations {
            if a.span.start > a.span.end || a.span.end > len {
                return Err(format!(
                    "{} annotation {:?} outside the text ({len})",
                    layer.name, a.span
                ));
            }
        }
    }
    let line = to_json_line(&doc, RecordOptions { tokens: true });
    let parsed: serde_json::Value =
        serde_json::from_str(&line).map_err(|e| format!("JSON line: {e}"))?;
    if parsed["document"]["text"].as_str() != Some(doc.text()) {
        return Err("JSON text differs from the document text".into());
    }
    let _ = to_json_pretty(&doc, RecordOptions::default());
    let _ = render_text(
        &doc,
        TextOptions {
            color: true,
            width: 40,
        },
    );
    let _ = render_text(&doc, TextOptions::default());
    let html = render_html(&doc);
    if !html.contains("</html>") {
        return Err("HTML page not closed".into());
    }
    let _ = to_semeval_rows(&doc);
    Ok(())
}

/// Everything one input goes through; returns how many documents were
/// analysed.
fn exercise(bytes: &[u8], pipeline: &Pipeline) -> Result<usize, String> {
    let mut analysed = 0;
    let _ = decode(bytes);
    if let Ok(doc) = read_plain("article1", bytes) {
        analyse_and_render(doc, pipeline)?;
        analysed += 1;
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        // The text as it is, even where decode would refuse it (NUL, controls).
        if !text.is_empty() {
            analyse_and_render(Document::new("raw", text), pipeline)?;
            analysed += 1;
        }
        let _ = html_to_article(text);
        let _ = read_json_article(text, "feed:1");
        let record = serde_json::json!({ "id": "j", "text": text, "published": text }).to_string();
        if let Ok(doc) = read_json_article(&record, "feed:1") {
            analyse_and_render(doc, pipeline)?;
            analysed += 1;
        }
        if let Ok(doc) =
            read_json_article(&serde_json::json!({ "html": text }).to_string(), "feed:2")
        {
            analyse_and_render(doc, pipeline)?;
            analysed += 1;
        }
    }
    Ok(analysed)
}

/// Runs every input through the fast tier, and the first `accurate` inputs
/// through the accurate tier too (the encoder is slow in a debug build);
/// returns how many documents the fast run analysed.
fn check_all(inputs: Vec<Vec<u8>>, accurate: usize) -> usize {
    let fast = unspun::Options {
        techniques: unspun::Tier::Fast,
    };
    let analysed = check_with(&inputs, fast);
    let options = unspun::Options {
        techniques: unspun::Tier::Accurate,
    };
    check_with(&inputs[..accurate.min(inputs.len())], options);
    analysed
}

fn check_with(inputs: &[Vec<u8>], options: unspun::Options) -> usize {
    let pipeline = unspun::pipeline_with(None, options).expect("the full pipeline");
    let mut failures = Vec::new();
    let mut analysed = 0;
    for (i, bytes) in inputs.iter().enumerate() {
        let outcome = catch_unwind(AssertUnwindSafe(|| exercise(bytes, &pipeline)));
        let problem = match outcome {
            Ok(Ok(n)) => {
                analysed += n;
                continue;
            }
            Ok(Err(problem)) => problem,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                format!("panic: {what}")
            }
        };
        failures.push(format!(
            "input {i} ({:?}): {problem}\n  reproducer: b\"{}\"",
            options.techniques,
            bytes.escape_ascii()
        ));
    }
    assert!(
        failures.is_empty(),
        "{} of {} inputs failed:\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n")
    );
    analysed
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x5eed_0000_0000_0001);
    let inputs: Vec<Vec<u8>> = (0..300).map(|_| random_bytes(&mut rng)).collect();
    let analysed = check_all(inputs, 30);
    assert!(analysed >= 300, "only {analysed} documents analysed");
}

#[test]
fn random_mixtures_never_panic() {
    let mut rng = Rng(0x5eed_0000_0000_0002);
    let inputs: Vec<Vec<u8>> = (0..300).map(|_| mixture(&mut rng).into_bytes()).collect();
    let analysed = check_all(inputs, 30);
    assert!(analysed >= 600, "only {analysed} documents analysed");
}

#[test]
fn edge_cases_never_panic() {
    let cases: Vec<&[u8]> = vec![
        b"",
        b".",
        b"\n",
        b"\n\n\n",
        b"\xef\xbb\xbf",
        b"\xef\xbb\xbf.",
        b"\xff\xfe",
        b"\xfe\xff\x00",
        b"\xff\xfeA\x00.\x00 \x00B\x00",
        b"\xff\xfe\x00\xd8",
        "“”".as_bytes(),
        "Mr.".as_bytes(),
        "U.S.\n\nU.S.".as_bytes(),
        "\u{301}\u{301}.\u{301}".as_bytes(),
        "...\n...\n...".as_bytes(),
        "A.B.C.D.E.F.G.H.I.J.K.L.M.N.O.P.".as_bytes(),
        "\u{2028}\u{2029}\u{85}x".as_bytes(),
        "\u{200b}\n\u{200b}\n\u{200b}".as_bytes(),
        "Title\r\r\rBody. More.".as_bytes(),
    ];
    check_all(cases.into_iter().map(<[u8]>::to_vec).collect(), usize::MAX);
    // Long runs that stress loops over tokens (the first three through the
    // encoder too: one huge word, one sentence of 10,000 pieces, 1,000
    // sentences of CJK).
    check_all(
        vec![
            "a".repeat(100_000).into_bytes(),
            "“".repeat(10_000).into_bytes(),
            "東京。".repeat(1_000).into_bytes(),
            ".".repeat(20_000).into_bytes(),
            "Mr. ".repeat(5_000).into_bytes(),
            ("\n".repeat(10_000) + "x").into_bytes(),
            "東京。".repeat(5_000).into_bytes(),
        ],
        3,
    );
}
