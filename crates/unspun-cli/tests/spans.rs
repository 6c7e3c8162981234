//! Sentences, paragraphs and tokens tile the text sensibly, in code points,
//! for articles with curly quotes, dashes, CJK, Cyrillic, CRLF and emoji.

mod common;

use common::{arg, sentences, spans, unspun, write};
use serde_json::Value;

const ARTICLES: &[(&str, &str)] = &[
    (
        "english",
        "Macron’s ‘non’ leaves NATO’s Tokyo office in limbo\n\n\
         PARIS (Reuters) — French President Emmanuel Macron said on Tuesday that NATO’s plan was \
         “a big mistake”. “We will not support it,” he told reporters — and he meant it.\n\n\
         The U.S. ambassador, Mr. Rahm Emanuel, disagreed… Officials in Tokyo declined to comment. \
         Was it a “pawn” move?! Nobody said.\n\n\
         “It’s over,” said one diplomat. ‘Not yet,’ said another – quietly.\n",
    ),
    (
        "japanese",
        "東京事務所の計画\n\n\
         岸田首相は記者団に「日本はＮＡＴＯの一員ではない」と述べた。計画は延期された。\n\n\
         ＮＡＴＯの報道官は「協議は続いている」と語った。Macron said “non”. 東京では反応が分かれた！\n",
    ),
    (
        "cyrillic",
        "Москва отвечает на «провокацию»\n\n\
         «Это провокация», — заявил представитель МИД России. Он добавил, что Москва «примет меры».\n\n\
         В Киеве с этим не согласились. Г-н Петров сказал: «Нет!» — и ушёл.\n",
    ),
    (
        "mixed",
        "Title line with emoji 🙂\r\n\r\n\
         First sentence here 🙂. Second one — with “quotes”!\r\n\
         Third line, hard\twrapped? Café naïve coöperation.\r\n\r\n   \
         Indented para. Ends with an ellipsis...\r\n\r\n\r\n\
         Final para: 1.5bn £ at 3 p.m. on Jan. 5, said Dr. Who.   ",
    ),
];

/// Checks the tiling invariants of one record, in code points.
fn check_record(name: &str, record: &Value) {
    let text = record["document"]["text"].as_str().expect("text");
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    let paragraphs = spans(&record["paragraphs"]);
    let sentences = sentences(record);
    assert!(
        !paragraphs.is_empty() && !sentences.is_empty(),
        "{name}: nothing segmented"
    );
    let piece = |s: usize, e: usize| chars[s..e].iter().collect::<String>();

    let mut last_end = 0;
    for (i, &(start, end)) in paragraphs.iter().enumerate() {
        assert!(
            start < end && end <= len,
            "{name}: paragraph {i} {start}..{end} of {len}"
        );
        assert!(
            start >= last_end,
            "{name}: paragraph {i} overlaps the one before"
        );
        assert!(
            !chars[start].is_whitespace() && !chars[end - 1].is_whitespace(),
            "{name}: paragraph {i} not trimmed"
        );
        last_end = end;
    }

    let mut last_end = 0;
    for (i, &(start, end, paragraph)) in sentences.iter().enumerate() {
        assert!(
            start < end && end <= len,
            "{name}: sentence {i} {start}..{end} of {len}"
        );
        assert!(
            start >= last_end,
            "{name}: sentence {i} starts before the previous one ends"
        );
        let gap = piece(last_end, start);
        assert!(
            gap.chars().all(char::is_whitespace),
            "{name}: non-white text {gap:?} between sentences {} and {i}",
            i.wrapping_sub(1)
        );
        assert!(
            !chars[start].is_whitespace() && !chars[end - 1].is_whitespace(),
            "{name}: sentence {i} {:?} not trimmed",
            piece(start, end)
        );
        let (p_start, p_end) = *paragraphs
            .get(paragraph)
            .unwrap_or_else(|| panic!("{name}: sentence {i} in missing paragraph {paragraph}"));
        assert!(
            p_start <= start && end <= p_end,
            "{name}: sentence {i} {start}..{end} outside its paragraph {p_start}..{p_end}"
        );
        if i > 0 {
            assert!(
                paragraph >= sentences[i - 1].2,
                "{name}: paragraph indexes go back"
            );
        }
        last_end = end;
    }
    let tail = piece(last_end, len);
    assert!(
        tail.chars().all(char::is_whitespace),
        "{name}: text {tail:?} after the last sentence"
    );

    // Every paragraph holds at least one sentence, and the sentences of a
    // paragraph reach its ends.
    for (p, &(p_start, p_end)) in paragraphs.iter().enumerate() {
        let inside: Vec<_> = sentences.iter().filter(|s| s.2 == p).collect();
        assert!(!inside.is_empty(), "{name}: paragraph {p} has no sentence");
        assert_eq!(
            inside.first().unwrap().0,
            p_start,
            "{name}: paragraph {p} start"
        );
        assert_eq!(inside.last().unwrap().1, p_end, "{name}: paragraph {p} end");
    }

    if let Some(tokens) = record.get("tokens") {
        let tokens = spans(tokens);
        let mut last_end = 0;
        let mut sentence = 0;
        for (i, &(start, end)) in tokens.iter().enumerate() {
            assert!(
                start < end && end <= len,
                "{name}: token {i} {start}..{end} of {len}"
            );
            assert!(
                start >= last_end,
                "{name}: token {i} overlaps the one before"
            );
            let gap = piece(last_end, start);
            assert!(
                gap.chars().all(char::is_whitespace),
                "{name}: {gap:?} is in no token"
            );
            while sentence < sentences.len() && sentences[sentence].1 <= start {
                sentence += 1;
            }
            let (s_start, s_end, _) = *sentences.get(sentence).unwrap_or_else(|| {
                panic!(
                    "{name}: token {i} {:?} after the last sentence",
                    piece(start, end)
                )
            });
            assert!(
                s_start <= start && end <= s_end,
                "{name}: token {i} {:?} is not inside a sentence",
                piece(start, end)
            );
            last_end = end;
        }
    }
}

#[test]
fn fixture_articles_tile_the_text() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in ARTICLES {
        let path = write(dir.path(), &format!("{name}.txt"), text);
        let run = unspun(&["analyze", &path, "--format", "json", "--tokens"]);
        run.expect_code(0);
        let record = run.json();
        assert_eq!(
            record["document"]["text"], *text,
            "{name}: text kept exactly"
        );
        check_record(name, &record);
    }
}

#[test]
fn english_sentences_are_split_where_a_reader_would() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "english.txt", ARTICLES[0].1);
    let record = unspun(&["analyze", &path, "--format", "json"]).json();
    let texts = common::sentence_texts(&record);
    assert_eq!(
        texts[0],
        "Macron’s ‘non’ leaves NATO’s Tokyo office in limbo"
    );
    assert!(
        texts
            .iter()
            .any(|s| s.starts_with("The U.S. ambassador, Mr. Rahm Emanuel")),
        "no split after U.S. or Mr.: {texts:#?}"
    );
    assert!(texts.iter().any(|s| s == "Nobody said."), "{texts:#?}");
}

#[test]
fn batch_of_fixtures_as_jsonl_tiles_too() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = ARTICLES
        .iter()
        .map(|(name, text)| serde_json::json!({"id": name, "text": text}).to_string())
        .collect();
    let path = write(dir.path(), "fixtures.jsonl", lines.join("\n"));
    let out = dir.path().join("out.jsonl");
    let run = unspun(&[
        "analyze",
        &path,
        "--format",
        "jsonl",
        "--tokens",
        "-o",
        arg(&out),
    ]);
    run.expect_code(0);
    let records = common::parse_jsonl(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(records.len(), ARTICLES.len());
    for ((name, _), record) in ARTICLES.iter().zip(&records) {
        assert_eq!(record["document"]["id"], *name);
        check_record(name, record);
    }
}
