//! Search in a real browser (headless Chromium, driven over CDP): the
//! fixture site is built and served from a local port, and the search
//! pages run queries from their URL: a Chinese word inside a longer run
//! (援疆资金 inside 全年安排援疆资金3.2186亿元), a place name (阿拉尔), an
//! English word on `/en/search/`, a query with no hit; every result link must
//! lead to a page of the output, and no request may leave the local origin.
//!
//! Every wait polls the page with a deadline (no wait on navigation
//! events). Chromium is looked up on PATH (`common::browser`): without one
//! the test is skipped with the reason printed, except under CI, where it
//! fails.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::*;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::Network;
use headless_chrome::Tab;

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    }
}

/// Answers one request: GET of a file under `root`, 404 otherwise.
fn answer(mut stream: TcpStream, root: &Path) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let Some(target) = request_line.split_whitespace().nth(1).map(str::to_string) else {
        return;
    };
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let file = if path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    let body = (!file.contains(".."))
        .then(|| std::fs::read(root.join(file.trim_start_matches('/'))).ok())
        .flatten();
    let (status, body) = match body {
        Some(b) => ("200 OK", b),
        None => ("404 Not Found", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn serve(listener: TcpListener, root: PathBuf) {
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            thread::spawn(move || answer(stream, &root));
        }
    });
}

/// Evaluates `expr` in the page until it gives a string satisfying `ok`, or panics after `secs`.
fn wait_for(tab: &Tab, expr: &str, secs: u64, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    let mut last = String::new();
    while start.elapsed() < Duration::from_secs(secs) {
        if let Ok(v) = tab.evaluate(expr, false) {
            last = v
                .value
                .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
                .unwrap_or_default();
            if ok(&last) {
                return last;
            }
        }
        thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for `{expr}`: last value {last:?}");
}

/// `q` percent-encoded for a query string.
fn encode(q: &str) -> String {
    q.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// What the search page shows once it is done: the status line, then one
/// line per result (`href` tab title tab excerpt HTML).
const RESULTS: &str = "(() => { const r = document.getElementById('shudu-search'); \
    const s = document.getElementById('shudu-search-status'); \
    if (!r || r.hidden || r.getAttribute('aria-busy') || !s || !s.textContent) return ''; \
    return [s.textContent].concat(Array.from(document.querySelectorAll('.search-result')).map(li => { \
      const a = li.querySelector('h2 a'); const e = li.querySelector('.search-excerpt'); \
      return a.getAttribute('href') + '\\t' + a.textContent + '\\t' + (e ? e.innerHTML : ''); })).join('\\n'); })()";

/// Opens `path?q=…` (then `more`, other parameters) and returns the
/// results as [`RESULTS`] gives them.
fn query(tab: &Tab, origin: &str, path: &str, q: &str, more: &str) -> Vec<String> {
    // about:blank between queries, so that the poll never reads the last page.
    tab.navigate_to("about:blank").expect("blank");
    wait_for(tab, "location.href", 10, |s| s == "about:blank");
    tab.navigate_to(&format!("{origin}{path}?q={}{more}", encode(q)))
        .expect("navigate");
    let text = wait_for(tab, RESULTS, 20, |s| !s.is_empty());
    text.lines().map(str::to_string).collect()
}

#[test]
fn search_pages_find_chinese_words_places_english_and_say_when_nothing_is_found() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let origin = format!("http://127.0.0.1:{}", listener.local_addr().expect("addr").port());
    let f = Fixture::new();
    f.write(
        "content/stories/2023/funds.md",
        &story(
            "台州援疆年度总结",
            "2023-01-10",
            "figures:\n  - key: aid_funds\n    label: {zh: 全年安排援疆资金, en: Aid funds allocated}\n    value: 3.2186\n    unit: 亿元\n",
            "台州援疆指挥部在阿拉尔市开展教育帮扶。",
        ),
    );
    f.write(
        "content/stories/2023/funds.en.md",
        "---\ntitle: Taizhou's year of aid\n---\nTeachers and hospitals in Aral.\n",
    );
    // Hits in the body only: the summary says nothing of 库尔勒 or Korla,
    // which come after a long paragraph, next to text that looks like markup.
    let filler = "援疆教师在当地学校开展教学帮扶工作。".repeat(12);
    f.write(
        "content/stories/2023/korla.md",
        &story(
            "教育帮扶",
            "2023-03-01",
            "summary: 一年的教育帮扶。\n",
            &format!("{filler}\n\n后来在库尔勒开课，课件写着 `<i>x</i>` 字样。"),
        ),
    );
    f.write(
        "content/stories/2023/korla.en.md",
        &format!(
            "---\ntitle: Teaching\nsummary: A year of teaching.\n---\n{}\n\nThen classes in Korla, with `<i>x</i>` on the slides.\n",
            "Teachers gave lessons in local schools. ".repeat(8)
        ),
    );
    let opts = shudu::BuildOptions {
        base_url: Some(origin.clone()),
        ..Fixture::options()
    };
    f.build_with(&opts).expect("builds");
    serve(listener, f.out());

    let profile = tempfile::tempdir().expect("profile dir");
    let browser = browser::launch(&chromium, profile.path(), (1000, 900));
    let tab = browser.new_tab().expect("tab");
    tab.set_default_timeout(Duration::from_secs(20));
    let requests = Arc::new(Mutex::new(Vec::<String>::new()));
    let problems = Arc::new(Mutex::new(Vec::<String>::new()));
    {
        let requests = requests.clone();
        let problems = problems.clone();
        tab.add_event_listener(Arc::new(move |event: &Event| match event {
            Event::NetworkRequestWillBeSent(e) => requests.lock().expect("lock").push(e.params.request.url.clone()),
            Event::RuntimeExceptionThrown(e) => problems
                .lock()
                .expect("lock")
                .push(format!("exception: {:?}", e.params.exception_details)),
            _ => {}
        }))
        .expect("listener");
    }
    tab.enable_runtime().expect("Runtime.enable");
    let enable: Network::Enable = serde_json::from_str("{}").expect("Network.enable params");
    tab.call_method(enable).expect("Network.enable");

    let mut links = Vec::new();
    let mut check = |lines: &[String], want: &[&str]| {
        for want in want {
            assert!(
                lines.iter().skip(1).any(|l| l.starts_with(&format!("{want}\t"))),
                "{want} among {lines:#?}"
            );
        }
        links.extend(
            lines
                .iter()
                .skip(1)
                .filter_map(|l| l.split('\t').next().map(str::to_string)),
        );
    };

    let funds = query(&tab, &origin, "/search/", "援疆资金", "");
    check(&funds, &["/stories/funds/", "/figures/2023/"]);
    assert!(
        funds.iter().any(|l| l.contains("<mark>援疆资金</mark>")),
        "the hit is marked: {funds:#?}"
    );
    let alar = query(&tab, &origin, "/search/", "阿拉尔", "");
    check(&alar, &["/stories/funds/"]);
    // A hit in the body only: the excerpt is cut around it, the hit marked,
    // the page's text escaped (never read as markup).
    let korla = query(&tab, &origin, "/search/", "库尔勒", "");
    check(&korla, &["/stories/korla/"]);
    let line = korla.iter().find(|l| l.starts_with("/stories/korla/")).expect("korla");
    assert!(line.split('\t').nth(2).is_some_and(|e| e.starts_with('…')), "{line}");
    assert!(line.contains("后来在<mark>库尔勒</mark>开课"), "{line}");
    assert!(line.contains("&lt;i&gt;x&lt;/i&gt;") && !line.contains("<i>"), "{line}");
    let pairs = query(&tab, &origin, "/search/", "库尔勒开课", "");
    assert!(
        pairs.iter().any(|l| l.contains("<mark>库尔勒开课</mark>")),
        "{pairs:#?}"
    );
    let korla = query(&tab, &origin, "/en/search/", "korla", "");
    check(&korla, &["/en/stories/korla/"]);
    assert!(
        korla[1].contains("Then classes in <mark>Korla</mark>, with &lt;i&gt;"),
        "{korla:#?}"
    );
    let en = query(&tab, &origin, "/en/search/", "hospitals", "");
    check(&en, &["/en/stories/funds/"]);
    assert!(en[0].contains('1'), "one result: {en:#?}");
    let none = query(&tab, &origin, "/en/search/", "zebra", "");
    assert_eq!(none.len(), 1, "{none:#?}");
    assert!(none[0].starts_with("No results"), "{none:#?}");
    let none = query(&tab, &origin, "/search/", "没有这个词", "");
    assert!(none[0].contains("没有找到"), "{none:#?}");
    // The filters narrow the hits: 2021 has no 援疆资金.
    let year = query(&tab, &origin, "/search/", "援疆资金", "&year=2021");
    assert_eq!(year.len(), 1, "{year:#?}");

    assert!(!links.is_empty());
    for href in &links {
        let file = shudu::model::urls::output_file(href);
        assert!(f.exists(&file), "result link {href} leads to no page");
    }
    let requests = requests.lock().expect("lock").clone();
    let foreign: Vec<&String> = requests
        .iter()
        .filter(|u| !u.starts_with(&origin) && !u.starts_with("about:") && !u.starts_with("data:"))
        .collect();
    assert!(foreign.is_empty(), "requests to other hosts: {foreign:?}");
    assert!(
        requests.iter().any(|u| u.contains("/search/t")),
        "the index was fetched: {requests:?}"
    );
    let problems = problems.lock().expect("lock").clone();
    assert!(problems.is_empty(), "{problems:#?}");
}
