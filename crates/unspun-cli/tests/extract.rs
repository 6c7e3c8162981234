//! `unspun extract`, `unspun analyze page.html` and `unspun eval extraction`
//! on pages, gzip pages, WARC archives and bad input written here.

mod common;

use std::io::Write;

use common::{arg, unspun, unspun_in, write};

const PAGE: &str = r##"<!doctype html><html lang="en-US"><head>
<title>Bridge reopens after two years | Town Paper</title>
<meta property="og:site_name" content="Town Paper">
<link rel="canonical" href="https://town.test/news/2020/03/04/bridge-reopens">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
 "headline":"Bridge reopens after two years","datePublished":"2020-03-04T09:00:00+01:00",
 "dateModified":"2020-03-06T12:00:00+01:00",
 "author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Organization","name":"Town Paper"}]}</script>
<script>var tracking = "<p>not text</p>";</script></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<main><article><h1>Bridge reopens after two years</h1>
<div class="byline">By <a href="/ann">Ann Lee</a> | Updated March 6, 2020</div>
<div class="article-body">
<p>The old bridge over the river reopened on Tuesday after two years of repairs, the council said in a statement.</p>
<p>Hundreds of residents walked across it in the morning, and the mayor cut a ribbon at noon while a brass band played.</p>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
<h2>Traffic returns</h2>
<p>Buses will use the bridge again from Monday, which should cut twenty minutes from the journey into town.</p>
<blockquote>"It feels like the town is whole again," said one resident, who crosses it every day.</blockquote>
<ul><li>Open to cars from 6 am to midnight.</li><li>Cyclists have their own lane on the east side.</li></ul>
<figure><img src="b.jpg"><figcaption>The bridge at dawn. (Photo: Town Paper)</figcaption></figure>
</div>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Council approves budget for the coming year</a></li>
<li><a href="/b">New playground opens in the park by the river</a></li></ul></aside>
</article></main>
<div id="comments"><p>Great news! I have been waiting for this bridge to reopen for such a long time, finally we can cross.</p></div>
<footer><p>Copyright 2020 Town Paper. All rights reserved.</p></footer></body></html>"##;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn one_page_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(dir.path(), "bridge.html", PAGE);
    let run = unspun(&["extract", &page]);
    run.expect_code(0);
    let r = run.json();
    assert_eq!(r["source"], page.as_str());
    assert_eq!(r["title"], "Bridge reopens after two years");
    assert_eq!(r["authors"], serde_json::json!(["Ann Lee"]));
    assert_eq!(r["published"], "2020-03-04");
    assert_eq!(r["language"], "en");
    assert_eq!(r["url"], "https://town.test/news/2020/03/04/bridge-reopens");
    assert_eq!(r["site_name"], "Town Paper");
    let body = r["body"].as_str().unwrap();
    assert!(body.starts_with("The old bridge over the river"), "{body}");
    for kept in [
        "Traffic returns",
        "It feels like the town is whole again",
        "Cyclists have their own lane",
        "brass band played.\n\nBuses",
    ] {
        assert!(
            body.contains(kept.split("\n\n").next().unwrap()),
            "missing {kept:?} in {body}"
        );
    }
    for left_out in [
        "Home",
        "Share on Facebook",
        "Related stories",
        "Council approves",
        "Great news",
        "Copyright",
        "not text",
        "Photo:",
        "Updated",
    ] {
        assert!(!body.contains(left_out), "{left_out:?} in {body}");
    }
}

#[test]
fn gzip_directory_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pages/a.html", PAGE);
    write(dir.path(), "pages/b.html.gz", gzip(PAGE.as_bytes()));
    write(dir.path(), "pages/notes.csv", "skipped");
    let run = unspun(&[
        "extract",
        "-f",
        "jsonl",
        "-q",
        &dir.path().join("pages").display().to_string(),
    ]);
    run.expect_code(0);
    let records = run.jsonl();
    assert_eq!(records.len(), 2);
    assert!(records[1]["source"]
        .as_str()
        .unwrap()
        .ends_with("b.html.gz"));
    assert_eq!(records[0]["body"], records[1]["body"]);

    let run = unspun_in(
        dir.path(),
        &["extract", "-f", "text", "-"],
        Some(&gzip(PAGE.as_bytes())),
    );
    run.expect_code(0);
    assert!(
        run.stdout.starts_with(
            "Source: stdin\nTitle: Bridge reopens after two years\nAuthors: Ann Lee\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\n\nThe old bridge"));
}

#[test]
fn declared_and_undeclared_charsets() {
    let dir = tempfile::tempdir().unwrap();
    let body = "<p>Le caf\u{e9} du village a rouvert ses portes mardi apr\u{e8}s deux ann\u{e9}es de travaux, selon la mairie.</p>";
    let latin1: Vec<u8> = body.chars().map(|c| c as u32 as u8).collect();
    let declared = [
        b"<html><head><meta charset=\"iso-8859-1\"></head><body>".as_slice(),
        &latin1,
        b"</body></html>",
    ]
    .concat();
    let undeclared = [b"<html><body>".as_slice(), &latin1, b"</body></html>"].concat();
    let a = write(dir.path(), "declared.html", declared);
    let b = write(dir.path(), "undeclared.html", undeclared);
    let run = unspun(&["extract", "-f", "jsonl", "-q", &a, &b]);
    run.expect_code(0);
    for r in run.jsonl() {
        assert!(
            r["body"].as_str().unwrap().contains("Le café du village"),
            "{r}"
        );
        assert_eq!(r["encoding"], "windows-1252");
    }
}

fn warc_record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

#[test]
fn warc_gz_batch_with_error_records() {
    let dir = tempfile::tempdir().unwrap();
    let ok = [
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".as_slice(),
        PAGE.as_bytes(),
    ]
    .concat();
    let not_found = [
        b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n".as_slice(),
        PAGE.as_bytes(),
    ]
    .concat();
    let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG".to_vec();
    let records = [
        warc_record("warcinfo", "", b"software: test"),
        warc_record("request", "https://town.test/a", b"GET /a HTTP/1.1\r\n\r\n"),
        warc_record("response", "https://town.test/a", &ok),
        warc_record("response", "https://town.test/b", &not_found),
        warc_record("response", "https://town.test/c", &image),
        warc_record(
            "response",
            "https://town.test/d",
            b"garbage, not an HTTP message",
        ),
        warc_record("response", "https://town.test/e", &ok),
    ];
    // One gzip member per record, as crawlers write them.
    let warc_gz: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let path = write(dir.path(), "crawl.warc.gz", warc_gz);
    let run = unspun(&["extract", "-f", "jsonl", "-q", &path]);
    run.expect_code(1);
    let out = run.jsonl();
    let sources: Vec<String> = out
        .iter()
        .map(|r| {
            r["source"]
                .as_str()
                .or(r["error"]["source"].as_str())
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        sources,
        vec!["crawl.warc.gz#3", "crawl.warc.gz#6", "crawl.warc.gz#7"]
    );
    assert_eq!(out[0]["title"], "Bridge reopens after two years");
    assert!(out[1]["error"]["message"].is_string(), "{}", out[1]);
    assert_eq!(out[2]["body"], out[0]["body"]);
    assert!(run.stderr.contains("crawl.warc.gz#6"));

    // The same archive as a single gzip stream, analysed.
    let single = write(dir.path(), "single.warc.gz", gzip(&records.concat()));
    let run = unspun(&[
        "analyze",
        "-f",
        "jsonl",
        "-q",
        "--stages",
        "segment,language",
        &single,
    ]);
    run.expect_code(1);
    let out = run.jsonl();
    assert_eq!(out.len(), 3);
    assert_eq!(
        out[0]["document"]["url"],
        "https://town.test/news/2020/03/04/bridge-reopens"
    );
    assert_eq!(out[0]["document"]["outlet"], "Town Paper");
}

#[test]
fn analyze_extracts_first() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(dir.path(), "bridge.html", PAGE);
    let run = unspun(&[
        "analyze",
        "-f",
        "json",
        "--stages",
        "segment,language",
        &page,
    ]);
    run.expect_code(0);
    let doc = &run.json()["document"];
    assert_eq!(doc["title"], "Bridge reopens after two years");
    assert_eq!(doc["authors"], serde_json::json!(["Ann Lee"]));
    assert_eq!(doc["published"], "2020-03-04");
    assert_eq!(doc["outlet"], "Town Paper");
    assert!(doc["text"].as_str().unwrap().starts_with("The old bridge"));
}

#[test]
fn bad_pages_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let full = gzip(PAGE.repeat(50).as_bytes());
    let truncated = write(dir.path(), "cut.html.gz", &full[..full.len() / 2]);
    let no_article = write(
        dir.path(),
        "nav.html",
        "<html><body><nav><a href='/'>Home</a> <a href='/x'>X</a></nav></body></html>",
    );
    let deep = write(
        dir.path(),
        "deep.html",
        "<div>".repeat(100_000)
            + "<p>Deep text survives the nesting cap, and it is long enough to be a paragraph.</p>"
            + &"</div>".repeat(100_000),
    );
    let malformed = write(
        dir.path(),
        "bad.html",
        "<p>open <b>never <i>closed <table><td>cell</span></p></p><<>><!-- x",
    );
    let binary = write(dir.path(), "bin.html", b"\x00\x01\x02PK\x03\x04");
    let run = unspun(&[
        "extract",
        "-f",
        "jsonl",
        "-q",
        &truncated,
        &no_article,
        &deep,
        &malformed,
        &binary,
    ]);
    run.expect_code(1);
    let out = run.jsonl();
    assert_eq!(out.len(), 5);
    assert!(
        out[0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("truncated"),
        "{}",
        out[0]
    );
    assert_eq!(out[1]["body"], "");
    assert!(out[1]["note"].as_str().unwrap().contains("no article text"));
    assert!(out[2]["body"]
        .as_str()
        .unwrap()
        .contains("Deep text survives"));
    assert!(out[3]["body"].is_string());
    assert!(
        out[4]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("binary"),
        "{}",
        out[4]
    );
    // `analyze` reports the page without article as an input error with the reason.
    let run = unspun(&[
        "analyze",
        "-f",
        "jsonl",
        "-q",
        "--stages",
        "segment",
        &no_article,
    ]);
    run.expect_code(1);
    assert!(run.stderr.contains("no article text"), "{}", run.stderr);
}

#[test]
fn eval_extraction_on_a_small_data_set() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "set/html/k1.html.gz", gzip(PAGE.as_bytes()));
    write(
        dir.path(),
        "set/html/k2.html",
        "<html><body><p>Only a short line.</p></body></html>",
    );
    let truth = serde_json::json!({
        "k1": {"articleBody": "The old bridge over the river reopened on Tuesday after two years of repairs, the council said in a statement.", "url": "https://town.test/news/2020/03/04/bridge-reopens"},
        "k2": {"articleBody": "Only a short line.", "url": "https://town.test/k2"},
    });
    write(dir.path(), "set/ground-truth.json", truth.to_string());
    let set = dir.path().join("set");
    let run = unspun(&["eval", "extraction", arg(&set), "--json"]);
    run.expect_code(0);
    let r = run.json();
    assert_eq!(r["pages"], 2);
    assert_eq!(r["body"]["recall"], 1.0);
    assert!(r["body"]["precision"].as_f64().unwrap() < 1.0);
    assert_eq!(r["metadata"]["url_matches_reference"], 0.5);
    assert_eq!(r["metadata"]["published_matches_url_date"], 1.0);
}
