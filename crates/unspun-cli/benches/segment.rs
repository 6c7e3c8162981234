//! Throughput of reading (decode + read_plain) and of segmentation, in
//! bytes per second, on a synthetic ~1 MB corpus of news-like articles built
//! here, and on the BBC corpus in `../shared/data/news-corpus/bbc` when it
//! exists (skipped otherwise).
//!
//! `cargo bench -p unspun-cli --bench segment` (add `-- --quick` for a
//! shorter run; set `UNSPUN_BBC_DIR` to read the BBC corpus elsewhere).

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use unspun::core::segment::segment;
use unspun::core::Document;
use unspun::io::decode::decode;
use unspun::io::plain::read_plain;

/// Size of the synthetic corpus.
const SYNTHETIC_BYTES: usize = 1024 * 1024;

const PLACES: &[&str] = &[
    "LONDON",
    "WASHINGTON",
    "PARIS",
    "TOKYO",
    "BRUSSELS",
    "KYIV",
    "NEW DELHI",
];
const AGENCIES: &[&str] = &["Reuters", "AP", "AFP", "BBC"];
const PEOPLE: &[&str] = &[
    "Mr. Smith",
    "Prime Minister Rishi Sunak",
    "Dr. Ngozi Okonjo-Iweala",
    "U.S. Secretary of State Antony J. Blinken",
    "Gen. Mark Milley",
    "Mrs. Lagarde",
    "a spokesperson for Acme Inc.",
];
const VERBS: &[&str] = &[
    "said",
    "told reporters",
    "warned",
    "insisted",
    "claimed",
    "denied",
];
const CLAIMS: &[&str] = &[
    "the plan would cost £1.5bn over the next five years",
    "prices rose 3.2% in the year to March, the fastest pace since 1992",
    "the talks had “completely collapsed” — again",
    "No. 10 had not been consulted",
    "the vote, due on Jan. 5, would be delayed until the autumn",
    "about 2,000 jobs were at risk at the firm’s plant near Detroit",
    "the U.N. report was “deeply flawed”",
];
const QUOTES: &[&str] = &[
    "“We will not back down,” she said. “This is about fairness.”",
    "“It’s a mistake,” he told the BBC. “A big one.”",
    "Asked whether he would resign, he replied: “Absolutely not!”",
    "‘Nobody expected this,’ one official admitted… Others disagreed.",
    "“Is this the end?” asked the chairman. “I don’t think so.”",
];

/// A deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        items[(self.0 % items.len() as u64) as usize]
    }
}

/// News-like plain-text articles (title, blank line, body), `bytes` in all.
fn synthetic_corpus(bytes: usize) -> Vec<Vec<u8>> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut articles = Vec::new();
    let mut total = 0;
    while total < bytes {
        let mut a = String::new();
        let _ = writeln!(
            a,
            "{} rejects {} amid row over budget\n",
            rng.pick(PEOPLE),
            rng.pick(CLAIMS)
        );
        let _ = write!(a, "{} ({}) - ", rng.pick(PLACES), rng.pick(AGENCIES));
        for paragraph in 0..8 {
            if paragraph > 0 {
                a.push_str("\n\n");
            }
            for sentence in 0..3 {
                if sentence > 0 {
                    a.push(' ');
                }
                if sentence == 2 && paragraph % 2 == 1 {
                    a.push_str(rng.pick(QUOTES));
                } else {
                    let _ = write!(
                        a,
                        "{} {} that {}.",
                        rng.pick(PEOPLE),
                        rng.pick(VERBS),
                        rng.pick(CLAIMS)
                    );
                }
            }
        }
        a.push('\n');
        total += a.len();
        articles.push(a.into_bytes());
    }
    articles
}

/// The `.txt` files of the BBC corpus, if it is there: `$UNSPUN_BBC_DIR`,
/// else `../shared/data/news-corpus/bbc` next to the repository.
fn bbc_corpus() -> Option<Vec<Vec<u8>>> {
    let root = std::env::var_os("UNSPUN_BBC_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/news-corpus/bbc"),
        PathBuf::from,
    );
    if !root.is_dir() {
        return None;
    }
    let mut files: Vec<PathBuf> = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).ok()?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                files.push(path);
            }
        }
    }
    files.sort();
    let articles: Vec<Vec<u8>> = files.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    (!articles.is_empty()).then_some(articles)
}

fn read_all(articles: &[Vec<u8>]) -> Vec<Document> {
    articles
        .iter()
        .filter_map(|bytes| read_plain("article", bytes).ok())
        .collect()
}

fn bench_corpus(c: &mut Criterion, name: &str, articles: &[Vec<u8>]) {
    let bytes: usize = articles.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);

    group.bench_function("decode", |b| {
        b.iter(|| {
            for article in articles {
                let _ = black_box(decode(black_box(article)));
            }
        })
    });
    group.bench_function("read (decode + read_plain)", |b| {
        b.iter(|| black_box(read_all(black_box(articles))))
    });
    let docs = read_all(articles);
    group.bench_function("segment", |b| {
        b.iter_batched_ref(
            || docs.clone(),
            |docs| {
                for doc in docs.iter_mut() {
                    segment(doc);
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("read + segment", |b| {
        b.iter(|| {
            let mut docs = read_all(black_box(articles));
            for doc in docs.iter_mut() {
                segment(doc);
            }
            black_box(docs)
        })
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    let synthetic = synthetic_corpus(SYNTHETIC_BYTES);
    bench_corpus(c, "synthetic-1MB", &synthetic);
    // One long article: the same text as a single document.
    let single: Vec<u8> = synthetic.concat();
    bench_corpus(c, "synthetic-1MB-single", std::slice::from_ref(&single));
    match bbc_corpus() {
        Some(bbc) => bench_corpus(c, "bbc", &bbc),
        None => eprintln!("../shared/data/news-corpus/bbc not found: BBC benchmark skipped"),
    }
}

criterion_group!(segment_benches, benches);
criterion_main!(segment_benches);
