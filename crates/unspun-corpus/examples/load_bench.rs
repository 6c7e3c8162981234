//! Load benchmark of the corpus database (not a test):
//!
//! ```text
//! unspun analyze --model fast -f jsonl -o /tmp/bbc.jsonl ../shared/data/news-corpus/bbc
//! cargo run --release -p unspun-corpus --example load_bench -- /tmp/bbc.jsonl /tmp/bench.db 100000
//! ```
//!
//! Replicates the records of the JSON Lines file until there are ARTICLES of
//! them, each copy with its own `document.id` and `source`, an outlet (one of
//! ten) and a publication date (24 months of 2004–2005) that the BBC corpus
//! does not have; imports them into a new database at DB (deleted first) and
//! times the import and typical queries of the corpus page (median of
//! several runs; the first, colder run too). Prints a Markdown table.

use std::io::BufRead;
use std::time::{Duration, Instant};

use serde_json::Value;
use unspun_corpus::{Corpus, GroupBy, Order, Query, Sort};

const OUTLETS: [&str; 10] = [
    "BBC",
    "Daily Planet",
    "Globe",
    "Herald",
    "Courier",
    "Tribune",
    "Post",
    "Times",
    "Gazette",
    "Chronicle",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, db, articles] = &args[..] else {
        eprintln!("usage: load_bench <records.jsonl> <new.db> <articles>");
        std::process::exit(2);
    };
    let target: usize = articles.parse()?;
    let lines: Vec<Value> = std::io::BufReader::new(std::fs::File::open(input)?)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str(&l).ok())
        .filter(|v: &Value| v.get("document").is_some())
        .collect();
    if lines.is_empty() {
        return Err("no records in the input".into());
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{suffix}"));
    }
    let mut corpus = Corpus::open(db)?;

    // Import, in batches of JSON Lines made here (making them is not timed).
    let mut import = Duration::ZERO;
    let mut made = 0usize;
    let mut failed = 0u64;
    while made < target {
        let mut batch = Vec::new();
        while made < target && batch.len() < 32 << 20 {
            let (k, i) = (made / lines.len(), made % lines.len());
            let mut r = lines[i].clone();
            let doc = &mut r["document"];
            let id = doc["id"].as_str().unwrap_or("x").to_string();
            let source = doc["source"].as_str().unwrap_or("").to_string();
            doc["id"] = format!("r{k}-{id}").into();
            doc["source"] = format!("r{k}/{source}").into();
            doc["outlet"] = OUTLETS[(i + k) % OUTLETS.len()].into();
            let h = i * 7 + k * 13;
            doc["published"] = format!(
                "{}-{:02}-{:02}",
                2004 + (h / 12) % 2,
                1 + h % 12,
                1 + (h / 24) % 28
            )
            .into();
            serde_json::to_writer(&mut batch, &r)?;
            batch.push(b'\n');
            made += 1;
        }
        let t = Instant::now();
        let report = corpus.import_jsonl(&batch[..])?;
        import += t.elapsed();
        failed += report.failed;
    }
    let t = Instant::now();
    corpus.optimize()?;
    let optimize = t.elapsed();
    drop(corpus);
    let size: u64 = ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{db}{s}")).ok())
        .map(|m| m.len())
        .sum();

    let c = Corpus::open_read_only(db)?;
    println!("articles: {} ({} failed lines)", c.len()?, failed);
    println!(
        "import: {:.1} s ({:.0} articles/s); optimize: {:.1} s; database: {:.0} MB",
        import.as_secs_f64(),
        target as f64 / import.as_secs_f64(),
        optimize.as_secs_f64(),
        size as f64 / 1e6
    );

    let facets = c.facets(20)?;
    let top_actor = facets.actors.first().map(|a| a.value.clone());
    let top_technique = facets.techniques.first().map(|a| a.value.clone());
    println!("top actor {top_actor:?}, top technique {top_technique:?}");
    let q = Query::default;
    let mut cases: Vec<(String, Case)> = Vec::new();
    let mut search = |name: &str, query: Query| {
        cases.push((
            name.to_string(),
            Box::new(move |c: &Corpus| Ok(c.search(&query)?.total)),
        ));
    };
    search("all, newest first (page 1)", q());
    search(
        "all, newest first (page 100)",
        Query {
            offset: 4950,
            ..q()
        },
    );
    search("search `blair` (relevance)", Query::text("blair"));
    search(
        "search `said` (in most articles; relevance)",
        Query::text("said"),
    );
    search(
        "search `\"prime minister\"` by editorial share",
        Query {
            sort: Sort::EditorialShare,
            ..Query::text("\"prime minister\"")
        },
    );
    search("search `econom*` (prefix)", Query::text("econom*"));
    search(
        "outlet = Herald, newest first",
        Query {
            outlet: Some("Herald".into()),
            ..q()
        },
    );
    search(
        "outlet + month range",
        Query {
            outlet: Some("Herald".into()),
            from: Some("2004-03".into()),
            to: Some("2004-05".into()),
            ..q()
        },
    );
    search(
        &format!("technique = {}", top_technique.clone().unwrap_or_default()),
        Query {
            technique: top_technique.clone(),
            ..q()
        },
    );
    search(
        "technique = Doubt, by density",
        Query {
            technique: Some("Doubt".into()),
            sort: Sort::TechniqueDensity,
            ..q()
        },
    );
    search(
        "source kind = anonymous",
        Query {
            source_kind: Some("anonymous".into()),
            ..q()
        },
    );
    search(
        &format!("actor = {}", top_actor.clone().unwrap_or_default()),
        Query {
            actor: top_actor.clone(),
            ..q()
        },
    );
    search(
        "all, by editorial share desc",
        Query {
            sort: Sort::EditorialShare,
            ..q()
        },
    );
    search(
        "all, by editorial share asc",
        Query {
            sort: Sort::EditorialShare,
            order: Order::Asc,
            ..q()
        },
    );
    search(
        "all, by technique density",
        Query {
            sort: Sort::TechniqueDensity,
            ..q()
        },
    );
    search(
        "text + outlet + source kind, by share",
        Query {
            outlet: Some("Globe".into()),
            source_kind: Some("person".into()),
            sort: Sort::EditorialShare,
            ..Query::text("government")
        },
    );
    cases.push((
        "aggregates by outlet (all)".into(),
        Box::new(|c: &Corpus| Ok(c.aggregates(GroupBy::Outlet, &Query::default())?.len() as u64)),
    ));
    cases.push((
        "aggregates by month (all)".into(),
        Box::new(|c: &Corpus| Ok(c.aggregates(GroupBy::Month, &Query::default())?.len() as u64)),
    ));
    cases.push((
        "aggregates by month, search `blair`".into(),
        Box::new(
            |c: &Corpus| Ok(c.aggregates(GroupBy::Month, &Query::text("blair"))?.len() as u64),
        ),
    ));
    cases.push((
        "aggregates by outlet, source kind = vague".into(),
        Box::new(|c: &Corpus| {
            Ok(c.aggregates(
                GroupBy::Outlet,
                &Query {
                    source_kind: Some("vague".into()),
                    ..Query::default()
                },
            )?
            .len() as u64)
        }),
    ));
    cases.push((
        "stance counts (all)".into(),
        Box::new(|c: &Corpus| Ok(c.stance_counts(&Query::default())?.len() as u64)),
    ));
    cases.push((
        "stance counts, outlet = Herald".into(),
        Box::new(|c: &Corpus| {
            Ok(c.stance_counts(&Query {
                outlet: Some("Herald".into()),
                ..Query::default()
            })?
            .len() as u64)
        }),
    ));
    cases.push((
        "facets (top 50 actors)".into(),
        Box::new(|c: &Corpus| Ok(c.facets(50)?.actors.len() as u64)),
    ));
    cases.push((
        "article(id) (full record)".into(),
        Box::new(|c: &Corpus| Ok(c.article(12345)?.map_or(0, |_| 1))),
    ));

    println!("\n| query | matches | first run | median of 5 |\n|---|---|---|---|");
    for (name, run) in &cases {
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..6 {
            let t = Instant::now();
            n = run(&c)?;
            times.push(t.elapsed());
        }
        let first = times.remove(0);
        times.sort();
        println!(
            "| {name} | {n} | {:.1} ms | {:.1} ms |",
            ms(first),
            ms(times[2])
        );
    }
    if let Some(rss) = peak_rss() {
        println!("\npeak RSS: {rss}");
    }
    Ok(())
}

/// A timed query: the number of matches it found.
type Case = Box<dyn Fn(&Corpus) -> unspun_corpus::Result<u64>>;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn peak_rss() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
}
