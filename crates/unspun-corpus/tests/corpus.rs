//! The corpus database on small records written here.

use serde_json::{json, Value};
use unspun_corpus::{Corpus, Error, GroupBy, Order, Query, Sort, APPLICATION_ID, SCHEMA_VERSION};

/// A record in the shape `unspun analyze` writes, with what the tests need.
struct Fixture {
    id: &'static str,
    title: &'static str,
    text: &'static str,
    outlet: Option<&'static str>,
    published: Option<&'static str>,
    /// (technique, confidence)
    techniques: Vec<(&'static str, f64)>,
    /// (kind, source text, entity)
    sources: Vec<(&'static str, &'static str, Option<&'static str>)>,
    /// (name, type, portrayal)
    actors: Vec<(&'static str, &'static str, f64)>,
    /// (holder name, polarity)
    stances: Vec<(&'static str, &'static str)>,
    /// reported, editorial, neutral sentences
    kinds: (usize, usize, usize),
}

impl Default for Fixture {
    fn default() -> Self {
        Fixture {
            id: "x",
            title: "Title",
            text: "Some text.",
            outlet: None,
            published: None,
            techniques: vec![],
            sources: vec![],
            actors: vec![],
            stances: vec![],
            kinds: (0, 0, 1),
        }
    }
}

impl Fixture {
    fn record(&self) -> Value {
        let techniques: Vec<Value> = self
            .techniques
            .iter()
            .enumerate()
            .map(|(i, (t, c))| json!({"start": i, "end": i + 3, "technique": t, "confidence": c, "explanation": "why"}))
            .collect();
        let attributions: Vec<Value> = self
            .sources
            .iter()
            .map(|(kind, text, entity)| {
                json!({"start": 0, "end": 5, "kind": kind, "confidence": 0.8,
                       "source": {"text": text, "start": 0, "end": 2, "kind": kind, "entity": entity},
                       "cue": {"text": "said", "start": 3, "end": 4}, "content": {"text": "it", "start": 4, "end": 5},
                       "direct": false})
            })
            .collect();
        let entities: Vec<Value> = self
            .actors
            .iter()
            .enumerate()
            .map(|(i, (name, ty, p))| {
                json!({"start": 0, "end": 1, "type": ty, "id": format!("e{}", i + 1), "name": name, "country": null,
                       "mentions": [{"start": 0, "end": 1}], "portrayal": {"score": p, "outlet": p, "quoted": null, "evidence": []}})
            })
            .collect();
        let stances: Vec<Value> = self
            .stances
            .iter()
            .map(|(holder, pol)| {
                json!({"start": 0, "end": 4, "polarity": pol, "holder": "e1", "holder_name": holder,
                       "target": "the plan", "cue": "backs", "main_issue": true})
            })
            .collect();
        let (r, e, n) = self.kinds;
        let mut sentences = Vec::new();
        for (kind, count) in [("reported", r), ("editorial", e), ("neutral", n)] {
            for _ in 0..count {
                sentences.push(json!({"start": 0, "end": 1, "paragraph": 0, "kind": kind, "attribution": null}));
            }
        }
        let total = r + e + n;
        let mut by_kind = serde_json::Map::new();
        for (kind, _, _) in &self.sources {
            let n = by_kind.get(*kind).and_then(Value::as_u64).unwrap_or(0);
            by_kind.insert(kind.to_string(), json!(n + 1));
        }
        json!({
            "schema_version": "2.0",
            "document": {"id": self.id, "source": format!("corpus/{}.txt", self.id), "title": self.title,
                         "text": format!("{}\n\n{}", self.title, self.text), "url": null, "outlet": self.outlet,
                         "authors": [], "published": self.published, "dateline": null, "language": "en"},
            "warnings": [], "stages": [], "paragraphs": [],
            "sentences": sentences,
            "techniques": techniques,
            "attributions": attributions,
            "entities": entities,
            "stances": stances,
            "decisions": [],
            "summary": {"issues": [], "sourcing": {"overview": "", "editorial_share": if total > 0 { e as f64 / total as f64 } else { 0.0 },
                        "sentences": {"reported": r, "editorial": e, "neutral": n}, "sources_by_kind": by_kind, "sources": []}}
        })
    }
}

/// Four articles across two outlets and three months.
fn corpus() -> Corpus {
    let mut c = Corpus::in_memory().unwrap();
    let fixtures = [
        Fixture {
            id: "a1",
            title: "NATO office in Tokyo blocked",
            text: "France opposes the NATO liaison office. \"It is a mistake,\" an official said.",
            outlet: Some("Daily Planet"),
            published: Some("2023-06-06"),
            techniques: vec![
                ("Loaded_Language", 0.8),
                ("Loaded_Language", 0.5),
                ("Doubt", 0.1),
            ],
            sources: vec![
                ("official", "an official", None),
                ("anonymous", "sources", None),
            ],
            actors: vec![
                ("Emmanuel Macron", "person", -0.2),
                ("NATO", "organisation", 0.0),
            ],
            stances: vec![("Emmanuel Macron", "oppose"), ("Emmanuel Macron", "oppose")],
            kinds: (1, 2, 1),
        },
        Fixture {
            id: "a2",
            title: "Japan welcomes the plan",
            text: "Japan backs the NATO office, the minister said. Experts doubt it.",
            outlet: Some("Daily Planet"),
            published: Some("2023-07-01"),
            techniques: vec![("Doubt", 0.9)],
            sources: vec![
                ("person", "Hirokazu Matsuno", Some("Hirokazu Matsuno")),
                ("vague", "experts", None),
            ],
            actors: vec![("Japan", "country", 0.3), ("NATO", "organisation", 0.1)],
            stances: vec![("Japan", "support")],
            kinds: (2, 0, 2),
        },
        Fixture {
            id: "a3",
            title: "Москва критикует НАТО",
            text: "Москва заявила, что расширение НАТО в Азию опасно. Café société.",
            outlet: Some("Вестник"),
            published: Some("2023-07-15"),
            techniques: vec![("Appeal_to_fear-prejudice", 0.6)],
            sources: vec![("official", "МИД", None)],
            actors: vec![("Russia", "country", -0.5)],
            stances: vec![("Russia", "oppose"), ("Japan", "neutral")],
            kinds: (0, 1, 0),
        },
        Fixture {
            id: "a4",
            title: "北约东京办事处",
            text: "北约 东京 办事处 计划 搁置",
            outlet: None,
            published: None,
            kinds: (0, 0, 0),
            ..Fixture::default()
        },
    ];
    for f in &fixtures {
        c.insert(&f.record()).unwrap();
    }
    c
}

fn ids(c: &Corpus, q: &Query) -> Vec<String> {
    c.search(q)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.doc_id)
        .collect()
}

#[test]
fn schema_is_created_with_its_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    {
        let c = Corpus::open(&path).unwrap();
        assert_eq!(c.schema_version().unwrap(), SCHEMA_VERSION);
        let mode: String = c
            .connection()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let app: i64 = c
            .connection()
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(app, APPLICATION_ID);
        for table in [
            "articles",
            "records",
            "spans",
            "sources",
            "actors",
            "stances",
            "articles_fts",
            "facet_counts",
        ] {
            let n: i64 = c
                .connection()
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE name = ?",
                    [table],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "{table}");
        }
    }
    // Reopening keeps it; read-only opens it.
    let mut c = Corpus::open(&path).unwrap();
    c.insert(
        &Fixture {
            id: "r",
            ..Fixture::default()
        }
        .record(),
    )
    .unwrap();
    drop(c);
    let ro = Corpus::open_read_only(&path).unwrap();
    assert_eq!(ro.len().unwrap(), 1);
    assert!(ro.connection().execute("DELETE FROM articles", []).is_err());
    drop(ro);

    // A newer version is refused with a clear error.
    {
        let c = Corpus::open(&path).unwrap();
        c.connection()
            .execute_batch("PRAGMA user_version = 99")
            .unwrap();
    }
    for err in [
        Corpus::open(&path).unwrap_err(),
        Corpus::open_read_only(&path).unwrap_err(),
    ] {
        assert!(matches!(err, Error::NewerSchema { found: 99, .. }), "{err}");
        assert!(err.to_string().contains("newer"), "{err}");
    }
}

#[test]
fn foreign_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    assert!(matches!(
        Corpus::open(&other).unwrap_err(),
        Error::NotACorpus(_)
    ));
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "this is not a database, just some text that is long enough to have a header ".repeat(20),
    )
    .unwrap();
    assert!(matches!(
        Corpus::open(&text).unwrap_err(),
        Error::NotACorpus(_)
    ));
    assert!(Corpus::open_read_only(dir.path().join("missing.db")).is_err());
}

#[test]
fn insert_computes_the_row_and_keeps_the_record() {
    let c = corpus();
    assert_eq!(c.len().unwrap(), 4);
    let id = c.find("a1").unwrap()[0];
    let rec = c.article(id).unwrap().unwrap();
    assert_eq!(rec["document"]["id"], "a1");
    assert_eq!(rec["techniques"].as_array().unwrap().len(), 3);
    assert_eq!(c.article(9999).unwrap(), None);

    let row = c
        .search(&Query {
            outlet: Some("Daily Planet".into()),
            ..Query::default()
        })
        .unwrap();
    let a1 = row.rows.iter().find(|r| r.doc_id == "a1").unwrap();
    assert_eq!(a1.published.as_deref(), Some("2023-06-06"));
    assert_eq!((a1.reported, a1.editorial, a1.neutral), (1, 2, 1));
    assert_eq!(a1.editorial_share, Some(0.5));
    // Doubt at 0.1 is kept as a span but not counted.
    assert_eq!(a1.techniques, 2);
    assert!((a1.technique_density - 2000.0 / a1.words as f64).abs() < 1e-9);
    let spans: i64 = c
        .connection()
        .query_row("SELECT count(*) FROM spans WHERE article = ?", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(spans, 3);
    let month: String = c
        .connection()
        .query_row("SELECT month FROM articles WHERE id = ?", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(month, "2023-06");
}

#[test]
fn reinserting_replaces_the_article_and_its_rows() {
    let mut c = corpus();
    let old = c.find("a1").unwrap();
    let f = Fixture {
        id: "a1",
        title: "Replaced title",
        text: "Entirely different words.",
        outlet: Some("Other Outlet"),
        techniques: vec![("Slogans", 0.9)],
        ..Fixture::default()
    };
    let new = c.insert(&f.record()).unwrap();
    assert_eq!(c.len().unwrap(), 4);
    assert_eq!(c.find("a1").unwrap(), vec![new]);
    assert_ne!(old, vec![new]);
    let n = |sql: &str| -> i64 {
        c.connection()
            .query_row(sql, [old[0]], |r| r.get(0))
            .unwrap()
    };
    for table in [
        "spans",
        "sources",
        "actors",
        "stances",
        "article_techniques",
        "source_kinds",
        "records",
    ] {
        assert_eq!(
            n(&format!("SELECT count(*) FROM {table} WHERE article = ?")),
            0,
            "{table}"
        );
    }
    // The old text is no longer found, the new one is.
    assert!(ids(&c, &Query::text("liaison")).is_empty());
    assert_eq!(ids(&c, &Query::text("entirely different")), ["a1"]);
    // Facet counts follow.
    let facets = c.facets(10).unwrap();
    let count = |list: &[unspun_corpus::Count], v: &str| {
        list.iter().find(|x| x.value == v).map(|x| x.articles)
    };
    assert_eq!(count(&facets.outlets, "Daily Planet"), Some(1));
    assert_eq!(count(&facets.outlets, "Other Outlet"), Some(1));
    assert_eq!(count(&facets.techniques, "Loaded_Language"), None);
    assert_eq!(count(&facets.actors, "Emmanuel Macron"), None);
    assert_eq!(count(&facets.actors, "NATO"), Some(1));

    // Same id from another source is another article.
    let mut other = Fixture {
        id: "a1",
        ..Fixture::default()
    }
    .record();
    other["document"]["source"] = json!("elsewhere/a1.txt");
    c.insert(&other).unwrap();
    assert_eq!(c.find("a1").unwrap().len(), 2);
    assert!(c.delete(new).unwrap());
    assert!(!c.delete(new).unwrap());
    assert_eq!(c.find("a1").unwrap().len(), 1);
}

#[test]
fn insert_many_is_all_or_nothing() {
    let mut c = Corpus::in_memory().unwrap();
    let good = Fixture {
        id: "g",
        ..Fixture::default()
    }
    .record();
    let bad =
        json!({"schema_version": "2.0", "error": {"source": "x.txt", "message": "unreadable"}});
    let err = c.insert_many([&good, &bad]).unwrap_err();
    assert!(matches!(err, Error::ErrorRecord { .. }), "{err}");
    assert_eq!(c.len().unwrap(), 0);
    let ids = c
        .insert_many([
            &good,
            &Fixture {
                id: "h",
                ..Fixture::default()
            }
            .record(),
        ])
        .unwrap();
    assert_eq!(ids.len(), 2);
}

#[test]
fn tolerant_of_missing_and_mistyped_fields() {
    let mut c = Corpus::in_memory().unwrap();
    for (i, r) in [
        json!({"document": {"id": "bare", "text": "Only text."}}),
        json!({"document": {"id": 7, "title": 3, "text": null, "published": "last Tuesday", "outlet": ["x"]},
               "techniques": [{"technique": "Doubt"}, {"start": "x"}, 5], "attributions": "none",
               "entities": [{"name": null}, {"name": "Someone", "portrayal": {"score": "high"}}],
               "stances": [{"holder": "e9"}], "sentences": [{"kind": 3}], "summary": {"sourcing": null}}),
        json!({"document": {"source": "only-source.txt", "text": "x", "published": "2024-02-30T08:00:00Z"}}),
    ]
    .iter()
    .enumerate()
    {
        c.insert(r).unwrap_or_else(|e| panic!("record {i}: {e}"));
    }
    assert_eq!(c.len().unwrap(), 3);
    let page = c
        .search(&Query {
            sort: Sort::Title,
            order: Order::Asc,
            ..Query::default()
        })
        .unwrap();
    assert_eq!(page.total, 3);
    let seven = page.rows.iter().find(|r| r.doc_id == "7").unwrap();
    assert_eq!(seven.published, None);
    assert_eq!(seven.editorial_share, None);
    assert_eq!(seven.techniques, 1);
    assert_eq!(c.find("only-source.txt").unwrap().len(), 1);

    for bad in [
        json!([1, 2]),
        json!("text"),
        json!({"schema_version": "2.0"}),
        json!({"document": {"text": "no id"}}),
    ] {
        assert!(
            matches!(c.insert(&bad).unwrap_err(), Error::InvalidRecord(_)),
            "{bad}"
        );
    }
}

#[test]
fn import_goes_on_past_bad_lines() {
    let mut c = Corpus::in_memory().unwrap();
    let mut input = Vec::new();
    input.extend(
        Fixture {
            id: "one",
            ..Fixture::default()
        }
        .record()
        .to_string()
        .bytes(),
    );
    input.extend(b"\n\n{\"schema_version\": \"2.0\", \"document\": \n");
    input.extend(b"{\"schema_version\": \"2.0\", \"error\": {\"source\": \"feed.jsonl:3\", \"message\": \"invalid JSON article\"}}\n");
    input.extend(b"[1,2,3]\n\xff\xfe not utf-8\n   \n");
    input.extend(
        Fixture {
            id: "two",
            ..Fixture::default()
        }
        .record()
        .to_string()
        .bytes(),
    );
    input.extend(b"\n");
    input.extend(
        Fixture {
            id: "one",
            title: "Again",
            ..Fixture::default()
        }
        .record()
        .to_string()
        .bytes(),
    );
    let report = c.import_jsonl(&input[..]).unwrap();
    assert_eq!(report.lines, 7);
    assert_eq!(report.inserted, 3);
    assert_eq!(report.replaced, 1);
    assert_eq!(report.failed, 4);
    let lines: Vec<u64> = report.skipped.iter().map(|s| s.line).collect();
    assert_eq!(lines, [3, 4, 5, 6]);
    assert!(
        report.skipped[0].reason.contains("malformed JSON"),
        "{:?}",
        report.skipped[0]
    );
    assert!(
        report.skipped[1].reason.contains("feed.jsonl:3"),
        "{:?}",
        report.skipped[1]
    );
    assert_eq!(c.len().unwrap(), 2);
    // The stored record is the line as written.
    let id = c.find("one").unwrap()[0];
    assert_eq!(
        c.article(id).unwrap().unwrap()["document"]["title"],
        "Again"
    );
    // An empty input is fine.
    assert_eq!(c.import_jsonl(&b""[..]).unwrap().lines, 0);
}

#[test]
fn each_filter() {
    let c = corpus();
    let q = |f: fn(&mut Query)| {
        let mut q = Query {
            sort: Sort::Title,
            order: Order::Asc,
            ..Query::default()
        };
        f(&mut q);
        let mut v = ids(&c, &q);
        v.sort();
        v
    };
    assert_eq!(q(|_| {}), ["a1", "a2", "a3", "a4"]);
    assert_eq!(q(|q| q.outlet = Some("Daily Planet".into())), ["a1", "a2"]);
    assert_eq!(q(|q| q.outlet = Some("daily planet".into())), ["a1", "a2"]);
    assert_eq!(q(|q| q.outlet = Some("Вестник".into())), ["a3"]);
    assert_eq!(
        q(|q| q.outlet = Some("Nobody".into())),
        Vec::<String>::new()
    );
    assert_eq!(q(|q| q.from = Some("2023-07".into())), ["a2", "a3"]);
    assert_eq!(q(|q| q.to = Some("2023-07-01".into())), ["a1", "a2"]);
    assert_eq!(q(|q| q.to = Some("2023-06".into())), ["a1"]);
    assert_eq!(q(|q| q.from = Some("2023".into())), ["a1", "a2", "a3"]);
    assert_eq!(
        q(|q| {
            q.from = Some("2023-06-07".into());
            q.to = Some("2023-07-14".into());
        }),
        ["a2"]
    );
    assert_eq!(q(|q| q.technique = Some("Loaded_Language".into())), ["a1"]);
    // Marks below the counting confidence do not count.
    assert_eq!(q(|q| q.technique = Some("Doubt".into())), ["a2"]);
    assert_eq!(q(|q| q.source_kind = Some("official".into())), ["a1", "a3"]);
    assert_eq!(q(|q| q.source_kind = Some("vague".into())), ["a2"]);
    assert_eq!(q(|q| q.actor = Some("NATO".into())), ["a1", "a2"]);
    assert_eq!(q(|q| q.actor = Some("emmanuel macron".into())), ["a1"]);
    assert_eq!(
        q(|q| q.language = Some("en".into())),
        ["a1", "a2", "a3", "a4"]
    );
    assert_eq!(
        q(|q| {
            q.actor = Some("NATO".into());
            q.source_kind = Some("official".into());
            q.text = Some("office".into());
        }),
        ["a1"]
    );
    // Blank filters are no filters.
    assert_eq!(q(|q| q.outlet = Some("  ".into())).len(), 4);
    // A bad date is a clear error, not an SQL one.
    let err = c
        .search(&Query {
            from: Some("yesterday".into()),
            ..Query::default()
        })
        .unwrap_err();
    assert!(matches!(err, Error::InvalidQuery(_)), "{err}");
}

#[test]
fn full_text_search_accepts_any_text() {
    let c = corpus();
    let find = |text: &str| {
        let mut v = ids(&c, &Query::text(text));
        v.sort();
        v
    };
    assert_eq!(find("office"), ["a1", "a2"]);
    assert_eq!(find("OFFICE Tokyo"), ["a1"]);
    assert_eq!(find("\"liaison office\""), ["a1"]);
    assert_eq!(find("\"office liaison\""), Vec::<String>::new());
    assert_eq!(find("offi*"), ["a1", "a2"]);
    assert_eq!(find("mistake\""), ["a1"]);
    // Unicode: Cyrillic, diacritics folded, Han with spaces.
    assert_eq!(find("москва"), ["a3"]);
    assert_eq!(find("НАТО"), ["a3"]);
    assert_eq!(find("cafe SOCIETE"), ["a3"]);
    assert_eq!(find("东京"), ["a4"]);
    // Awkward input: no error, FTS5 syntax is taken literally.
    for awkward in [
        "",
        "   ",
        "\"",
        "\"\"\"",
        "*",
        "* * *",
        "NEAR",
        "NEAR(office tokyo)",
        "office NEAR/2 tokyo",
        "office OR japan",
        "NOT office",
        "office AND",
        "title:office",
        "^office",
        "(office",
        "office)",
        "{title}: office",
        "o'brien; DROP TABLE articles; --",
        "\u{0}\u{1}\u{7f}",
        "😀 emoji",
        "a\"b\"c\"",
        "-office",
        "+",
        "%_%",
        "\\",
    ] {
        let page = c
            .search(&Query::text(awkward))
            .unwrap_or_else(|e| panic!("{awkward:?}: {e}"));
        assert!(page.total <= 4, "{awkward:?}");
    }
    // Operators are words: OR does not widen, NEAR is searched as a word.
    assert_eq!(find("office OR japan"), Vec::<String>::new());
    assert_eq!(find("(office"), ["a1", "a2"]);
    // Only punctuation or nothing: every article.
    assert_eq!(find("* \" ( )").len(), 4);
    assert_eq!(find("").len(), 4);
    assert_eq!(c.len().unwrap(), 4);
    let long = "word ".repeat(10_000);
    assert!(c.search(&Query::text(long)).is_ok());
}

#[test]
fn sorting_and_paging() {
    let c = corpus();
    let sorted = |sort: Sort, order: Order| {
        ids(
            &c,
            &Query {
                sort,
                order,
                ..Query::default()
            },
        )
    };
    // Editorial share: a3 1.0, a1 0.5, a2 0.0, a4 0.0 (no sentences: computed as 0 by the fixture).
    assert_eq!(
        &sorted(Sort::EditorialShare, Order::Desc)[..2],
        ["a3", "a1"]
    );
    assert_eq!(sorted(Sort::EditorialShare, Order::Asc)[3], "a3");
    // Date: undated last either way.
    assert_eq!(sorted(Sort::Date, Order::Desc), ["a3", "a2", "a1", "a4"]);
    assert_eq!(sorted(Sort::Date, Order::Asc), ["a1", "a2", "a3", "a4"]);
    assert_eq!(
        sorted(Sort::Relevance, Order::Desc),
        ["a3", "a2", "a1", "a4"]
    );
    let density = sorted(Sort::TechniqueDensity, Order::Desc);
    assert_eq!(density[3], "a4");
    let rows = c
        .search(&Query {
            sort: Sort::TechniqueDensity,
            ..Query::default()
        })
        .unwrap()
        .rows;
    assert!(rows
        .windows(2)
        .all(|w| w[0].technique_density >= w[1].technique_density));
    // Relevance: the article with more matches of the word first.
    let page = c.search(&Query::text("nato office")).unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(page.rows[0].doc_id, "a1");
    assert!(page.rows.iter().all(|r| r.relevance.is_some()));
    assert!(page
        .rows
        .windows(2)
        .all(|w| w[0].relevance >= w[1].relevance));
    // Text with another sort.
    let page = c
        .search(&Query {
            sort: Sort::Date,
            order: Order::Asc,
            ..Query::text("nato")
        })
        .unwrap();
    assert_eq!(
        page.rows
            .iter()
            .map(|r| r.doc_id.as_str())
            .collect::<Vec<_>>(),
        ["a1", "a2"]
    );
    // Paging.
    let page = c
        .search(&Query {
            sort: Sort::Date,
            limit: 2,
            offset: 1,
            ..Query::default()
        })
        .unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(
        page.rows
            .iter()
            .map(|r| r.doc_id.as_str())
            .collect::<Vec<_>>(),
        ["a2", "a1"]
    );
    let page = c
        .search(&Query {
            offset: usize::MAX,
            ..Query::default()
        })
        .unwrap();
    assert!(page.rows.is_empty());
    assert_eq!(
        c.search(&Query {
            limit: 0,
            ..Query::default()
        })
        .unwrap()
        .limit,
        Query::DEFAULT_LIMIT
    );
    assert_eq!(
        c.search(&Query {
            limit: 1 << 40,
            ..Query::default()
        })
        .unwrap()
        .limit,
        Query::MAX_LIMIT
    );
}

#[test]
fn facets_list_the_corpus() {
    let c = corpus();
    let f = c.facets(100).unwrap();
    assert_eq!(f.articles, 4);
    let pairs = |l: &[unspun_corpus::Count]| {
        l.iter()
            .map(|x| (x.value.clone(), x.articles))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        pairs(&f.outlets),
        [("Daily Planet".into(), 2), ("Вестник".into(), 1)]
    );
    assert_eq!(
        pairs(&f.techniques),
        [
            ("Appeal_to_fear-prejudice".into(), 1),
            ("Doubt".into(), 1),
            ("Loaded_Language".into(), 1)
        ]
    );
    assert_eq!(pairs(&f.source_kinds)[0], ("official".into(), 2));
    assert_eq!(pairs(&f.actors)[0], ("NATO".into(), 2));
    assert_eq!(
        pairs(&f.months),
        [("2023-06".into(), 1), ("2023-07".into(), 2)]
    );
    assert_eq!(pairs(&f.languages), [("en".into(), 4)]);
    assert_eq!(c.facets(1).unwrap().actors.len(), 1);
    assert_eq!(Corpus::in_memory().unwrap().facets(10).unwrap().articles, 0);
}

#[test]
fn aggregates_by_outlet_and_month() {
    let c = corpus();
    let groups = c.aggregates(GroupBy::Outlet, &Query::default()).unwrap();
    let keys: Vec<Option<&str>> = groups.iter().map(|g| g.key.as_deref()).collect();
    assert_eq!(keys, [Some("Daily Planet"), Some("Вестник"), None]);
    let dp = &groups[0];
    assert_eq!(dp.articles, 2);
    assert_eq!(dp.editorial_share, Some(0.25));
    assert_eq!(dp.techniques, 3);
    assert!((dp.techniques_per_1000_words - 3000.0 / dp.words as f64).abs() < 1e-9);
    assert_eq!(dp.source_kinds.get("official"), Some(&1));
    assert_eq!(dp.source_kinds.get("person"), Some(&1));
    assert_eq!(dp.source_kinds.len(), 4);
    assert_eq!(groups[2].techniques_per_1000_words, 0.0);

    let months = c.aggregates(GroupBy::Month, &Query::default()).unwrap();
    let keys: Vec<Option<&str>> = months.iter().map(|g| g.key.as_deref()).collect();
    assert_eq!(keys, [Some("2023-06"), Some("2023-07"), None]);
    assert_eq!(months[1].articles, 2);
    assert_eq!(months[1].editorial_share, Some(0.5));

    // With a filter.
    let only = c
        .aggregates(
            GroupBy::Month,
            &Query {
                technique: Some("Doubt".into()),
                ..Query::text("japan")
            },
        )
        .unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].key.as_deref(), Some("2023-07"));
    assert_eq!(only[0].articles, 1);
    assert!(c
        .aggregates(GroupBy::Outlet, &Query::text("nothing-like-this"))
        .unwrap()
        .is_empty());
}

#[test]
fn stance_counts_per_actor() {
    let c = corpus();
    let all = c.stance_counts(&Query::default()).unwrap();
    let get = |name: &str| all.iter().find(|s| s.actor == name).cloned().unwrap();
    assert_eq!(all[0].actor, "Emmanuel Macron");
    assert_eq!(
        (
            get("Emmanuel Macron").oppose,
            get("Emmanuel Macron").articles
        ),
        (2, 1)
    );
    let japan = get("Japan");
    assert_eq!(
        (japan.support, japan.oppose, japan.neutral, japan.articles),
        (1, 0, 1, 2)
    );
    let filtered = c
        .stance_counts(&Query {
            outlet: Some("Вестник".into()),
            ..Query::default()
        })
        .unwrap();
    assert_eq!(filtered.len(), 2);
    assert!(filtered
        .iter()
        .all(|s| s.actor == "Russia" || s.actor == "Japan"));
    assert_eq!(
        c.stance_counts(&Query {
            limit: 1,
            ..Query::default()
        })
        .unwrap()
        .len(),
        1
    );
}

#[test]
fn query_round_trips_through_json() {
    let q: Query =
        serde_json::from_str(r#"{"text": "nato", "sort": "editorial_share", "order": "asc"}"#)
            .unwrap();
    assert_eq!(q.sort, Sort::EditorialShare);
    assert_eq!(q.limit, Query::DEFAULT_LIMIT);
    let c = corpus();
    let page = c.search(&q).unwrap();
    assert_eq!(page.total, 2);
    let json = serde_json::to_value(&page).unwrap();
    assert_eq!(json["rows"][0]["doc_id"], "a2");
}

#[test]
fn aggregates_count_source_kinds_without_a_column() {
    let mut c = corpus();
    let f = Fixture {
        id: "a5",
        outlet: Some("Daily Planet"),
        sources: vec![
            ("satellite", "a satellite", None),
            ("person", "Someone", Some("Someone")),
        ],
        ..Fixture::default()
    };
    c.insert(&f.record()).unwrap();
    let groups = c.aggregates(GroupBy::Outlet, &Query::default()).unwrap();
    assert_eq!(groups[0].key.as_deref(), Some("Daily Planet"));
    assert_eq!(groups[0].source_kinds.get("satellite"), Some(&1));
    assert_eq!(groups[0].source_kinds.get("person"), Some(&2));
    let filtered = c.aggregates(GroupBy::Outlet, &Query::text("nato")).unwrap();
    assert_eq!(filtered[0].source_kinds.get("satellite"), None);
    assert_eq!(
        c.search(&Query {
            source_kind: Some("satellite".into()),
            ..Query::default()
        })
        .unwrap()
        .total,
        1
    );
}

#[test]
fn readers_read_while_a_writer_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut writer = Corpus::open(&path).unwrap();
    writer
        .insert(
            &Fixture {
                id: "first",
                ..Fixture::default()
            }
            .record(),
        )
        .unwrap();
    let reader = Corpus::open_read_only(&path).unwrap();
    // An open write transaction does not block the reader (WAL).
    let tx = writer.connection().unchecked_transaction().unwrap();
    tx.execute("UPDATE articles SET title = 'changing'", [])
        .unwrap();
    assert_eq!(
        reader.search(&Query::default()).unwrap().rows[0]
            .title
            .as_deref(),
        Some("Title")
    );
    drop(tx);
    writer
        .insert(
            &Fixture {
                id: "second",
                ..Fixture::default()
            }
            .record(),
        )
        .unwrap();
    assert_eq!(reader.len().unwrap(), 2);
    let handle = std::thread::spawn(move || reader.facets(5).unwrap().articles);
    assert_eq!(handle.join().unwrap(), 2);
}
