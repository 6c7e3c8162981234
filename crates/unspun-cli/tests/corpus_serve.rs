//! `unspun analyze --db`, `unspun corpus import|info` and `unspun serve`,
//! run as a user runs them.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use common::{arg, unspun, write};

const EXAMPLE: &str = include_str!("../../../examples/nato-tokyo-office.txt");
const OTHER: &str = "Budget vote\n\nAnalysts believe the budget will pass. A spokesperson for \
the treasury said the plan was sound.\n";

#[test]
fn analyze_stores_records_in_a_corpus_database() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "in/nato.txt", EXAMPLE);
    let b = write(dir.path(), "in/budget.txt", OTHER);
    let db = dir.path().join("corpus.db");
    // With --db and neither -f nor -o, no report is written.
    let run = unspun(&["analyze", &a, &b, "--model", "fast", "--db", arg(&db), "-q"]);
    run.expect_code(0);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let info = unspun(&["corpus", "info", "--db", arg(&db)]);
    info.expect_code(0);
    assert!(info.stdout.contains(": 2 articles"), "{}", info.stdout);
    // Analysing the same inputs again replaces their rows; a named format
    // still writes its report.
    let run = unspun(&[
        "analyze",
        &a,
        &b,
        "--model",
        "fast",
        "--db",
        arg(&db),
        "-q",
        "-f",
        "jsonl",
    ]);
    run.expect_code(0);
    assert_eq!(run.jsonl().len(), 2);
    let info = unspun(&["corpus", "info", "--db", arg(&db)]);
    assert!(info.stdout.contains(": 2 articles"), "{}", info.stdout);
}

#[test]
fn corpus_import_goes_on_past_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "nato.txt", EXAMPLE);
    let run = unspun(&["analyze", &a, "--model", "fast", "-f", "jsonl"]);
    run.expect_code(0);
    let lines = format!(
        "{}{{\"truncated\": \n{}",
        run.stdout,
        run.stdout.replace("\"nato\"", "\"nato2\"")
    );
    let records = write(dir.path(), "records.jsonl", lines);
    let db = dir.path().join("c.db");
    let import = unspun(&["corpus", "import", &records, "--db", arg(&db)]);
    import.expect_code(1);
    assert!(import.stderr.contains(":2: skipped"), "{}", import.stderr);
    assert!(
        import.stderr.contains("2 records stored"),
        "{}",
        import.stderr
    );
    let missing = unspun(&["corpus", "import", "missing.jsonl", "--db", arg(&db)]);
    missing.expect_code(1);
    let not_a_db = write(
        dir.path(),
        "text.db",
        "hello, this is not SQLite at all, just words",
    );
    unspun(&["corpus", "info", "--db", &not_a_db]).expect_code(1);
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `unspun serve` with `args` and returns it with the address from
/// its start-up line (and the lines before it).
fn serve(args: &[&str]) -> (Server, String, Vec<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspun"))
        .arg("serve")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let mut lines = Vec::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        if let Some(rest) = line.split("serving on http://").nth(1) {
            let addr = rest.split('/').next().unwrap().to_string();
            lines.push(line);
            return (server, addr, lines);
        }
        lines.push(line);
    }
    panic!("no start-up line: {lines:?}");
}

fn http_get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn serve_starts_on_loopback_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "nato.txt", EXAMPLE);
    let db = dir.path().join("corpus.db");
    unspun(&["analyze", &a, "--model", "fast", "--db", arg(&db), "-q"]).expect_code(0);
    let (_server, addr, lines) =
        serve(&["--model", "fast", "--addr", "127.0.0.1:0", "--db", arg(&db)]);
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    assert!(!lines.iter().any(|l| l.contains("warning")), "{lines:?}");
    let health = http_get(&addr, "/healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains("\"corpus\":true"), "{health}");
    let search = http_get(&addr, "/api/v1/corpus/search?text=NATO");
    assert!(search.contains("\"total\":1"), "{search}");
}

#[test]
fn serve_warns_about_other_addresses_and_refuses_a_missing_database() {
    let (_server, _addr, lines) = serve(&["--model", "fast", "--addr", "0.0.0.0:0"]);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("warning") && l.contains("other machines")),
        "{lines:?}"
    );
    let missing = unspun(&["serve", "--model", "fast", "--db", "no/such/corpus.db"]);
    missing.expect_code(1);
    assert!(
        missing.stderr.contains("no corpus database"),
        "{}",
        missing.stderr
    );
}
