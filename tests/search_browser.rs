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

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use common::browser::wait_for;
use common::static_server::{listen, serve, Content};
use common::*;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::Network;
use headless_chrome::Tab;

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
    if (document.querySelector('.search-result[aria-busy]')) return ''; \
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
    let (listener, origin) = listen();
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
    // Twelve stories with 乌什 in the body only, for the lazy bodies.
    let clinic = "医疗队在当地医院开展义诊活动。".repeat(10);
    for i in 0..12 {
        f.write(
            &format!("content/stories/2022/wushi-{i}.md"),
            &story(
                &format!("巡回义诊第{i}站"),
                &format!("2022-05-{:02}", i + 1),
                "summary: 医疗队的一站。\n",
                &format!("{clinic}\n\n随后在乌什县巡诊。"),
            ),
        );
    }
    let opts = shudu::BuildOptions {
        base_url: Some(origin.clone()),
        ..Fixture::options()
    };
    f.build_with(&opts).expect("builds");
    serve(listener, Content::Dir(f.out()));

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

    // On a phone-sized window, only the results near the screen fetch their
    // body for the excerpt; the rest do once scrolled to.
    let small_profile = tempfile::tempdir().expect("profile dir");
    let small = browser::launch(&chromium, small_profile.path(), (400, 500));
    let phone = small.new_tab().expect("tab");
    phone.set_default_timeout(Duration::from_secs(20));
    phone
        .navigate_to(&format!("{origin}/search/?q={}", encode("乌什")))
        .expect("navigate");
    let waiting = wait_for(
        &phone,
        "(() => { const n = document.querySelectorAll('.search-result').length; \
           const busy = document.querySelectorAll('.search-result[aria-busy]').length; \
           const done = document.querySelectorAll('.search-result mark').length; \
           return n === 10 && done > 0 ? `${done} ${busy}` : ''; })()",
        20,
        |s| !s.is_empty(),
    );
    // Still waiting a moment later: the bodies off the screen are not fetched.
    thread::sleep(Duration::from_millis(700));
    let busy = phone
        .evaluate("document.querySelectorAll('.search-result[aria-busy]').length", false)
        .ok()
        .and_then(|r| r.value)
        .and_then(|v| v.as_u64())
        .expect("count");
    assert!(
        busy > 0,
        "results off the screen wait for their body: {waiting}, then {busy}"
    );
    phone
        .evaluate("window.scrollTo(0, document.body.scrollHeight)", false)
        .expect("scroll");
    let lines: Vec<String> = wait_for(&phone, RESULTS, 20, |s| !s.is_empty())
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines.len(), 11, "{lines:#?}");
    assert!(
        lines[1..].iter().all(|l| l.contains("<mark>乌什</mark>")),
        "every excerpt came from its body once scrolled to: {lines:#?}"
    );
    check(&lines, &["/stories/wushi-11/", "/stories/wushi-2/"]);

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
