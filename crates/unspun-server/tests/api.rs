//! Every route of the API and every error status, on a real server bound to
//! a loopback port (fast tier).

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::{fast_config, get, multipart, send, start, start_with_corpus};
use unspun_server::ServerConfig;

const JSON: Option<&str> = Some("application/json");
const TEXT: Option<&str> = Some("text/plain; charset=utf-8");

/// The record the library (and so the command line) gives for the example,
/// without the fields that name the input.
fn library_record() -> Value {
    let options = unspun::Options {
        techniques: unspun::Tier::Fast,
    };
    let pipeline = unspun::pipeline_with(None, options).unwrap();
    let job = unspun::io::Job {
        source: "x".into(),
        kind: unspun::io::JobKind::Bytes(
            unspun::EXAMPLE_ARTICLE.as_bytes().to_vec(),
            unspun::io::InputFormat::Text,
        ),
    };
    let doc = unspun::analyze_job(job, &pipeline).unwrap();
    without_names(
        serde_json::from_str(&unspun::report::json::to_json_line(
            &doc,
            Default::default(),
        ))
        .unwrap(),
    )
}

fn without_names(mut record: Value) -> Value {
    let document = record["document"].as_object_mut().unwrap();
    document.remove("id");
    document.remove("source");
    record
}

#[tokio::test]
async fn health_stages_and_the_openapi_document() {
    let server = start(fast_config()).await;
    let health = get(&server.base, "/healthz").await;
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["status"], "ok");
    assert_eq!(health.json()["model"], "fast");
    assert_eq!(health.json()["corpus"], false);

    let stages = get(&server.base, "/api/v1/stages").await.json();
    let names: Vec<&str> = stages["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"segment") && names.contains(&"techniques"),
        "{names:?}"
    );

    let openapi = get(&server.base, "/api/v1/openapi.json").await;
    assert_eq!(openapi.status, 200);
    let openapi = openapi.json();
    assert!(openapi["openapi"].as_str().unwrap().starts_with("3.1"));
    // Every path of the document is served, and every route is documented.
    let paths = openapi["paths"].as_object().unwrap();
    let source = include_str!("../src/lib.rs");
    let routes: Vec<&str> = source
        .match_indices(".route(\"")
        .map(|(at, m)| source[at + m.len()..].split('"').next().unwrap())
        .filter(|r| r.starts_with("/api/") || *r == "/healthz")
        .collect();
    assert_eq!(routes.len(), paths.len(), "routes {routes:?}");
    for route in routes {
        assert!(paths.contains_key(route), "{route} is not in openapi.json");
    }
    for (path, methods) in paths {
        for method in methods.as_object().unwrap().keys() {
            let concrete = path.replace("{id}", "1");
            let answer = send(
                &server.base,
                &method.to_uppercase(),
                &concrete,
                None,
                Vec::new(),
            )
            .await;
            let body = String::from_utf8_lossy(&answer.body);
            assert!(!body.contains("no such route"), "{method} {path}: {body}");
            assert_ne!(answer.status, 405, "{method} {path}");
        }
    }
}

#[tokio::test]
async fn analyze_answers_the_command_line_record() {
    let server = start(fast_config()).await;
    let answer = send(
        &server.base,
        "POST",
        "/api/v1/analyze",
        TEXT,
        unspun::EXAMPLE_ARTICLE,
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.headers["content-type"], "application/json");
    let record = answer.json();
    assert_eq!(record["document"]["id"], "article");
    assert_eq!(without_names(record), library_record());
}

#[tokio::test]
async fn analyze_reads_json_html_and_uploads() {
    let server = start(fast_config()).await;
    // JSON with metadata and a stage choice.
    let body = json!({
        "id": "j1", "text": "Критики говорят — “a shameful betrayal”, officials said.",
        "outlet": "Example", "published": "2024-05-01", "stages": ["segment", "sourcing"],
    });
    let answer = send(
        &server.base,
        "POST",
        "/api/v1/analyze",
        JSON,
        body.to_string(),
    )
    .await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let record = answer.json();
    assert_eq!(record["document"]["id"], "j1");
    assert_eq!(record["document"]["outlet"], "Example");
    let stages: Vec<&str> = record["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage"].as_str().unwrap())
        .collect();
    assert!(
        stages.contains(&"sourcing") && !stages.contains(&"techniques"),
        "{stages:?}"
    );
    // Offsets are code points of the text.
    let text: Vec<char> = record["document"]["text"]
        .as_str()
        .unwrap()
        .chars()
        .collect();
    for sentence in record["sentences"].as_array().unwrap() {
        let (start, end) = (
            sentence["start"].as_u64().unwrap() as usize,
            sentence["end"].as_u64().unwrap() as usize,
        );
        assert!(start < end && end <= text.len());
    }

    // An HTML page, as the body and as a JSON field.
    let page = "<html><head><title>Office plan stalls</title></head><body><nav>Home</nav>\
        <article><h1>Office plan stalls</h1><p>The minister said on Monday that the talks \
        would continue next week, and officials said no decision had been taken.</p>\
        <p>Critics called the plan a disgraceful surrender to pressure from abroad.</p></article></body></html>";
    let answer = send(
        &server.base,
        "POST",
        "/api/v1/analyze",
        Some("text/html"),
        page,
    )
    .await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.json()["document"]["title"], "Office plan stalls");
    assert!(!answer.json()["document"]["text"]
        .as_str()
        .unwrap()
        .contains("Home"));
    let answer = send(
        &server.base,
        "POST",
        "/api/v1/analyze",
        JSON,
        json!({"html": page}).to_string(),
    )
    .await;
    assert_eq!(answer.status, 200);

    // A file upload: the id is the file name, the type decides the reader.
    let (content_type, body) = multipart(
        "office.html",
        "text/html",
        page.as_bytes(),
        &[("model", "fast")],
    );
    let answer = send(
        &server.base,
        "POST",
        "/api/v1/analyze",
        Some(&content_type),
        body,
    )
    .await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.json()["document"]["id"], "office");
    assert_eq!(answer.json()["document"]["title"], "Office plan stalls");
    let (content_type, body) = multipart(
        "nato.txt",
        "text/plain",
        unspun::EXAMPLE_ARTICLE.as_bytes(),
        &[],
    );
    let answer = send(
        &server.base,
        "POST",
        "/api/v1/analyze",
        Some(&content_type),
        body,
    )
    .await;
    assert_eq!(without_names(answer.json()), library_record());

    // The HTML report, as a file to save.
    let answer = send(
        &server.base,
        "POST",
        "/api/v1/analyze?format=html",
        TEXT,
        unspun::EXAMPLE_ARTICLE,
    )
    .await;
    assert_eq!(answer.status, 200);
    assert!(answer.headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert!(String::from_utf8_lossy(&answer.body).starts_with("<!DOCTYPE html>"));
}

#[tokio::test]
async fn bad_input_is_a_400_with_a_message() {
    let server = start(fast_config()).await;
    let cases: Vec<(Option<&str>, Vec<u8>, &str)> = vec![
        (JSON, b"{\"text\": \"trunc".to_vec(), "invalid JSON"),
        (JSON, b"[1, 2]".to_vec(), "invalid JSON"),
        (JSON, b"{\"text\": \"  \"}".to_vec(), "empty input"),
        (
            JSON,
            b"{\"text\": \"a\", \"colour\": 1}".to_vec(),
            "unknown field",
        ),
        (JSON, b"{\"text\": \"\xff\xfe bad\"}".to_vec(), "UTF-8"),
        (
            JSON,
            b"{\"text\": \"a\", \"model\": \"huge\"}".to_vec(),
            "unknown model",
        ),
        (
            JSON,
            b"{\"text\": \"a\", \"stages\": [\"nonsense\"]}".to_vec(),
            "unknown stage",
        ),
        (TEXT, Vec::new(), "empty input"),
        (TEXT, vec![0, 1, 2, 3, 0, 0, 0xff, 0x00, 0x13], "binary"),
        (
            Some("text/html"),
            b"<html><body><nav>x</nav></body></html>".to_vec(),
            "no article",
        ),
        (
            Some("multipart/form-data; boundary=zz"),
            b"--zz\r\nbroken".to_vec(),
            "multipart",
        ),
    ];
    for (content_type, body, expected) in cases {
        let answer = send(
            &server.base,
            "POST",
            "/api/v1/analyze",
            content_type,
            body.clone(),
        )
        .await;
        assert_eq!(
            answer.status,
            400,
            "{content_type:?} {}",
            String::from_utf8_lossy(&body)
        );
        let message = answer.error();
        assert!(
            message.contains(expected),
            "{message:?} should mention {expected:?}"
        );
    }
    let answer = send(
        &server.base,
        "POST",
        "/api/v1/analyze?model=huge",
        TEXT,
        "Some text",
    )
    .await;
    assert_eq!(answer.status, 400);
    let answer = send(
        &server.base,
        "POST",
        "/api/v1/analyze?colour=red",
        TEXT,
        "Some text",
    )
    .await;
    assert_eq!(answer.status, 400);
    let (content_type, body) = multipart("a.txt", "text/plain", b"text", &[("colour", "red")]);
    let answer = send(
        &server.base,
        "POST",
        "/api/v1/analyze",
        Some(&content_type),
        body,
    )
    .await;
    assert_eq!(answer.status, 400);
    assert!(answer.error().contains("unknown form field"));
}

#[tokio::test]
async fn too_large_and_wrong_types_are_refused() {
    let server = start(fast_config()).await;
    let big = "word ".repeat(60_000); // 300 KB, over the test limit of 256 KiB
    let answer = send(&server.base, "POST", "/api/v1/analyze", TEXT, big.clone()).await;
    assert_eq!(
        answer.status,
        413,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert!(answer.error().contains("too large"));
    let answer = send(
        &server.base,
        "POST",
        "/api/v1/analyze",
        JSON,
        json!({"text": big}).to_string(),
    )
    .await;
    assert_eq!(answer.status, 413);
    let (content_type, body) = multipart("big.txt", "text/plain", big.as_bytes(), &[]);
    let answer = send(
        &server.base,
        "POST",
        "/api/v1/analyze",
        Some(&content_type),
        body,
    )
    .await;
    assert_eq!(
        answer.status,
        413,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );

    for content_type in [Some("application/xml"), Some("image/png"), None] {
        let answer = send(
            &server.base,
            "POST",
            "/api/v1/analyze",
            content_type,
            "<a/>",
        )
        .await;
        assert_eq!(answer.status, 415, "{content_type:?}");
        assert!(answer.error().contains("send application/json"));
    }
    let (content_type, body) = multipart("a.pdf", "application/pdf", b"%PDF-1.4", &[]);
    let answer = send(
        &server.base,
        "POST",
        "/api/v1/analyze",
        Some(&content_type),
        body,
    )
    .await;
    assert_eq!(answer.status, 415);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json() {
    let server = start(fast_config()).await;
    let answer = get(&server.base, "/api/v2/analyze").await;
    assert_eq!(answer.status, 404);
    assert!(answer.error().contains("no such route"));
    let answer = get(&server.base, "/api/v1/analyze").await;
    assert_eq!(answer.status, 405);
    assert!(answer.error().contains("not allowed"));
    assert_eq!(get(&server.base, "/assets/missing.js").await.status, 404);
    // Corpus routes on a server without a corpus.
    let answer = get(&server.base, "/api/v1/corpus/search").await;
    assert_eq!(answer.status, 404);
    assert!(answer.error().contains("no corpus"));
}

#[tokio::test]
async fn a_saturated_server_answers_503_with_retry_after() {
    // One worker, no waiting place: of simultaneous requests, one runs and
    // the others are refused at once.
    let server = start(ServerConfig {
        workers: 1,
        queue: 0,
        ..fast_config()
    })
    .await;
    let article = unspun::EXAMPLE_ARTICLE.repeat(20);
    let handles: Vec<_> = (0..6)
        .map(|_| {
            let (base, article) = (server.base.clone(), article.clone());
            tokio::spawn(async move { send(&base, "POST", "/api/v1/analyze", TEXT, article).await })
        })
        .collect();
    let mut answers = Vec::new();
    for handle in handles {
        answers.push(handle.await.unwrap());
    }
    let ok = answers.iter().filter(|a| a.status == 200).count();
    let busy: Vec<_> = answers.iter().filter(|a| a.status == 503).collect();
    assert_eq!(ok + busy.len(), answers.len(), "only 200 and 503");
    assert!(ok >= 1 && !busy.is_empty(), "{ok} ok, {} busy", busy.len());
    for answer in busy {
        assert_eq!(answer.headers["retry-after"], "2");
        assert!(answer.error().contains("busy"));
    }

    // An analysis past the time limit is answered 503 too.
    let server = start(ServerConfig {
        time_limit: Duration::from_millis(1),
        ..fast_config()
    })
    .await;
    let answer = send(&server.base, "POST", "/api/v1/analyze", TEXT, article).await;
    assert_eq!(answer.status, 503);
    assert!(answer.error().contains("time limit"));
}

#[tokio::test]
async fn requests_to_other_host_names_are_refused() {
    // A page whose domain was rebound to 127.0.0.1 sends its own name.
    let server = start(fast_config()).await;
    let addr = server
        .base
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let addr = addr.to_string();
    let answer = tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .write_all(
                b"GET /healthz HTTP/1.1\r\nHost: evil.example:8080\r\nConnection: close\r\n\r\n",
            )
            .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 421"), "{answer}");
    assert!(answer.contains("localhost"), "{answer}");
    for host in ["localhost:8080", "127.0.0.1", "[::1]:9", "LOCALHOST."] {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("host", host.parse().unwrap());
        assert!(unspun_server::is_loopback_host(&headers), "{host}");
    }
    for host in ["evil.example", "10.0.0.1:80", "localhost.evil.example", ""] {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("host", host.parse().unwrap());
        assert!(!unspun_server::is_loopback_host(&headers), "{host}");
    }
}

#[tokio::test]
async fn pages_and_assets_carry_a_strict_policy() {
    let server = start(fast_config()).await;
    for path in [
        "/",
        "/corpus",
        "/assets/reader.js",
        "/assets/app.css",
        "/api/v1/stages",
    ] {
        let answer = get(&server.base, path).await;
        assert_eq!(answer.status, 200, "{path}");
        let policy = answer.headers["content-security-policy"].to_str().unwrap();
        assert!(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"));
        assert!(!policy.contains("unsafe-inline"));
        assert_eq!(answer.headers["x-content-type-options"], "nosniff");
    }
    let page = get(&server.base, "/").await;
    assert!(page.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
}

#[tokio::test]
async fn the_corpus_api() {
    let dir = tempfile::tempdir().unwrap();
    let server = start_with_corpus(dir.path()).await;
    assert_eq!(get(&server.base, "/healthz").await.json()["corpus"], true);

    let page = get(&server.base, "/api/v1/corpus/search").await.json();
    assert_eq!(page["total"], 3);
    let page = get(&server.base, "/api/v1/corpus/search?text=Tokyo")
        .await
        .json();
    assert_eq!(page["total"], 1);
    let id = page["rows"][0]["id"].as_i64().unwrap();
    let page = get(
        &server.base,
        "/api/v1/corpus/search?outlet=Daily%20Example&sort=editorial_share&order=asc",
    )
    .await
    .json();
    assert_eq!(page["total"], 2);
    let page = get(&server.base, "/api/v1/corpus/search?from=2024&to=2024-02")
        .await
        .json();
    assert_eq!(page["total"], 1);
    // Any search text is accepted.
    for text in ["%22AND%20(NEAR*", "%E2%80%9C", "Київ", "%20"] {
        let answer = get(&server.base, &format!("/api/v1/corpus/search?text={text}")).await;
        assert_eq!(answer.status, 200, "{text}");
    }
    let answer = get(&server.base, "/api/v1/corpus/search?from=yesterday").await;
    assert_eq!(answer.status, 400);
    let answer = get(&server.base, "/api/v1/corpus/search?limit=many").await;
    assert_eq!(answer.status, 400);

    let facets = get(&server.base, "/api/v1/corpus/facets").await.json();
    assert_eq!(facets["articles"], 3);
    assert!(facets["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["value"] == "Другая газета"));

    let by_outlet = get(&server.base, "/api/v1/corpus/aggregates?by=outlet")
        .await
        .json();
    assert_eq!(by_outlet["groups"].as_array().unwrap().len(), 2);
    let by_month = get(
        &server.base,
        "/api/v1/corpus/aggregates?by=month&outlet=Daily%20Example",
    )
    .await
    .json();
    assert_eq!(by_month["groups"].as_array().unwrap().len(), 2);
    assert_eq!(
        get(&server.base, "/api/v1/corpus/aggregates").await.status,
        400
    );
    assert_eq!(
        get(&server.base, "/api/v1/corpus/aggregates?by=week")
            .await
            .status,
        400
    );
    let stances = get(&server.base, "/api/v1/corpus/stances").await.json();
    assert!(stances["actors"].is_array());

    let record = get(&server.base, &format!("/api/v1/corpus/articles/{id}")).await;
    assert_eq!(record.status, 200);
    assert_eq!(record.json()["document"]["id"], "tokyo");
    assert_eq!(
        get(&server.base, "/api/v1/corpus/articles/99999")
            .await
            .status,
        404
    );
    assert_eq!(
        get(&server.base, "/api/v1/corpus/articles/abc")
            .await
            .status,
        400
    );
}
