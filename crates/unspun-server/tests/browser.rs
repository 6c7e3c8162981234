//! The reader's page and the corpus page in a real headless Chromium,
//! driven over WebDriver (Debian's `chromium` and `chromium-driver`).
//!
//! Without `chromedriver` the test says so and passes, unless
//! `UNSPUN_REQUIRE_BROWSER` is set (as `.ci/run` does, after installing
//! it). Screenshots go to `target/screenshots/`, and to `docs/screenshots/`
//! when `UNSPUN_UPDATE_SCREENSHOTS` is set.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// An XSS probe pasted into the article: it must stay text.
const PROBE: &str = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find_program(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env) {
        return Some(PathBuf::from(path));
    }
    let dirs = std::env::var_os("PATH")?;
    std::env::split_paths(&dirs)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_driver(chromedriver: &Path) -> (Driver, String) {
    let port = free_port();
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child);
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "chromedriver did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (driver, url)
}

async fn connect(driver_url: &str, chromium: Option<&Path>) -> Client {
    let mut options = json!({
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,1500", "--force-prefers-reduced-motion"],
    });
    if let Some(binary) = chromium {
        options["binary"] = json!(binary.to_string_lossy());
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".into(), options);
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(driver_url)
        .await
        .expect("a WebDriver session starts")
}

async fn eval(client: &Client, script: &str) -> Value {
    client.execute(script, vec![]).await.expect("script runs")
}

async fn count(client: &Client, selector: &str) -> u64 {
    eval(
        client,
        &format!("return document.querySelectorAll({selector:?}).length;"),
    )
    .await
    .as_u64()
    .unwrap()
}

async fn text_of(client: &Client, selector: &str) -> String {
    client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|_| panic!("{selector} is on the page"))
        .text()
        .await
        .unwrap()
}

async fn wait_for(client: &Client, selector: &str) {
    client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector} did not appear: {e}"));
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join(name), &png).unwrap();
    if std::env::var_os("UNSPUN_UPDATE_SCREENSHOTS").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join(name), &png).unwrap();
    }
}

#[test]
fn the_pages_work_in_a_real_browser() {
    let Some(chromedriver) = find_program("UNSPUN_CHROMEDRIVER", &["chromedriver"]) else {
        if std::env::var_os("UNSPUN_REQUIRE_BROWSER").is_some() {
            panic!("UNSPUN_REQUIRE_BROWSER is set but chromedriver is not found");
        }
        eprintln!("SKIPPED: no chromedriver (install Debian's chromium and chromium-driver)");
        return;
    };
    let chromium = find_program("UNSPUN_CHROMIUM", &["chromium", "chromium-browser"]);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async move {
        let dir = tempfile::tempdir().unwrap();
        let server = support::start_with_corpus(dir.path()).await;
        let (_driver, driver_url) = start_driver(&chromedriver).await;
        let client = connect(&driver_url, chromium.as_deref()).await;
        let outcome = tokio::time::timeout(Duration::from_secs(240), async {
            reader_page(&client, &server.base).await;
            corpus_page(&client, &server.base).await;
        })
        .await;
        let _ = client.close().await;
        outcome.expect("the browser checks finished in time");
    });
}

async fn reader_page(client: &Client, base: &str) {
    client.goto(base).await.unwrap();
    wait_for(client, "#analyze-form").await;
    // Paste the example article with an XSS probe in it, choose the fast
    // tier (the accurate one for the screenshots of the docs), analyse.
    let article = format!("{}\n{PROBE}\n", unspun::EXAMPLE_ARTICLE);
    let model = if std::env::var_os("UNSPUN_UPDATE_SCREENSHOTS").is_some() {
        "accurate"
    } else {
        "fast"
    };
    client
        .execute(
            "document.getElementById('article').value = arguments[0];\
             document.getElementById('model').value = arguments[1];",
            vec![json!(article), json!(model)],
        )
        .await
        .unwrap();
    client
        .find(Locator::Id("analyze"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(client, "#text .src").await;

    // Marks and panels.
    assert!(count(client, "#text .tech").await > 0, "technique marks");
    assert!(
        count(client, "#text .k-editorial").await > 0,
        "editorial shading"
    );
    let sources = text_of(client, "#sources").await;
    assert!(sources.contains("Official"), "{sources}");
    assert!(sources.contains("Media outlet"), "{sources}");
    assert!(text_of(client, "#actors").await.contains("Emmanuel Macron"));
    assert!(text_of(client, "#decisions").await.contains("BLOCKED"));
    assert!(text_of(client, "#overview")
        .await
        .contains("of sentences are the outlet"));
    screenshot(client, "reader.png").await;

    // A technique mark explains itself.
    client
        .find(Locator::Css("#text .tech"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let details = text_of(client, "#details-body").await;
    assert!(details.contains("Confidence"), "{details}");
    // A source, opened with the keyboard, lists what it said.
    eval(
        client,
        "document.querySelector('#text .src').focus(); return null;",
    )
    .await;
    client
        .find(Locator::Css("#text .src:focus"))
        .await
        .unwrap()
        .send_keys("\u{E007}")
        .await
        .unwrap();
    let details = text_of(client, "#details-body").await;
    assert!(details.contains("Everything this source said"), "{details}");
    screenshot(client, "reader-details.png").await;

    // Layers switch off; the slider shows more marks at 0.
    let before = count(client, "#text .tech").await;
    client
        .find(Locator::Id("layer-techniques"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        count(client, "#text .tech").await,
        0,
        "the technique layer is off"
    );
    client
        .find(Locator::Id("layer-techniques"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eval(
        client,
        "const s = document.getElementById('confidence'); s.value = 0;\
         s.dispatchEvent(new Event('input')); return null;",
    )
    .await;
    assert!(
        count(client, "#text .tech").await > before,
        "more marks at confidence 0"
    );

    // The probe stayed text.
    let probe = eval(
        client,
        "return [window.__xss === undefined, document.querySelectorAll('#text img, #text script').length,\
         document.getElementById('text').textContent.includes('<img src=x')];",
    )
    .await;
    assert_eq!(
        probe,
        json!([true, 0, true]),
        "the XSS probe must stay text"
    );

    // A phone-sized window: no sideways scrolling.
    client.set_window_size(390, 844).await.unwrap();
    let overflow = eval(
        client,
        "return document.documentElement.scrollWidth - window.innerWidth;",
    )
    .await;
    assert!(
        overflow.as_i64().unwrap() <= 1,
        "horizontal overflow {overflow}"
    );
    screenshot(client, "reader-phone.png").await;
    client.set_window_size(1280, 1500).await.unwrap();
}

async fn corpus_page(client: &Client, base: &str) {
    client.goto(&format!("{base}corpus")).await.unwrap();
    wait_for(client, "#results-body tr").await;
    assert_eq!(count(client, "#results-body tr").await, 3);
    wait_for(client, "#chart-outlet-editorial svg").await;
    screenshot(client, "corpus.png").await;
    // Search narrows the list.
    let words = client.find(Locator::Id("f-text")).await.unwrap();
    words.send_keys("Tokyo").await.unwrap();
    client
        .find(Locator::Css("#filters button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::XPath(
            "//p[@id='results-count'][starts-with(., '1 article ')]",
        ))
        .await
        .expect("one article matches");
    // An article opens in the reader's view.
    client
        .find(Locator::Css("#results-body a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(client, "#text .src").await;
    assert!(text_of(client, "#doc-title").await.contains("Tokyo"));
}
