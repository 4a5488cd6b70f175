//! Widgets in a real browser (headless Chromium, driven over CDP):
//! the built site is served on one port, a host page with the embed snippets
//! of a story widget (`/stories/<slug>/widget.html`) and of an aggregate
//! widget (`/embed/commands/<slug>/<year>/`) on another. Each iframe must grow
//! or shrink from its default height to its widget's content height (and
//! follow it when the page narrows), with no console error and no request to
//! any origin but the two local ones.
//!
//! Chromium is looked up on PATH (`common::browser`): without one the test
//! is skipped with the reason printed, except under CI, where it fails.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use common::browser::wait_for;
use common::static_server::{listen, serve, Content};
use common::*;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::Log::LogEntryLevel;
use headless_chrome::protocol::cdp::Network;
use headless_chrome::protocol::cdp::Runtime::ConsoleAPICalledEventTypeOption;

fn px(s: &str) -> u32 {
    s.trim_end_matches("px")
        .parse::<f64>()
        .map(|f| f.round() as u32)
        .unwrap_or(0)
}

/// A story with six figures: two rows of cards in a wide iframe, three in a narrow one.
const SIX: &str = "figures:\n  - {key: aid_funds, label: 援疆资金, value: 3.2186, unit: 亿元}\n  - {key: jobs, label: 新增就业, value: 1200, unit: 人}\n  - {key: schools, label: 结对学校, value: 112, unit: 所}\n  - {key: cadres, label: 援疆干部, value: 102, unit: 人}\n  - {key: clinics, label: 巡回义诊, value: 25, unit: 次}\n  - {key: surgeries, label: 完成手术, value: 830, unit: 例}\n";

#[test]
fn embedded_widget_resizes_its_iframe_with_no_errors_and_no_foreign_requests() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let (site_listener, site_origin) = listen();
    let (host_listener, host_origin) = listen();

    let f = Fixture::new();
    f.write(
        "content/stories/2022/six.md",
        &story("六项数读", "2022-05-01", SIX, "正文。"),
    );
    let opts = shudu::BuildOptions {
        base_url: Some(site_origin.clone()),
        ..Fixture::options()
    };
    f.build_with(&opts).expect("builds");
    let oembed = |rel: &str| -> (String, u32) {
        let o: serde_json::Value = serde_json::from_str(&f.read(rel)).expect("oembed.json");
        (
            o["html"].as_str().expect("snippet").to_string(),
            o["height"].as_u64().expect("height") as u32,
        )
    };
    let (snippet, default) = oembed("stories/six/oembed.json");
    let (aggregate, aggregate_default) = oembed("embed/commands/taizhou/2022/oembed.json");

    // The host page: the snippet as an embedder pastes it, plus a recorder of the messages.
    let host = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\">\
         <title>host</title></head><body style=\"margin:0;width:640px\"><p>Before.</p>\n{snippet}\n<p>Between.</p>\n{aggregate}\n<p>After.</p>\
         <script>window.posted=[];window.last={{}};addEventListener(\"message\",function(e){{posted.push(e.data&&e.data.height);\
         if(e.data&&e.data.id)last[e.data.id]=e.data.height}})</script>\
         </body></html>"
    );
    let site_log = serve(site_listener, Content::Dir(f.out()));
    let host_log = serve(
        host_listener,
        Content::Pages(BTreeMap::from([("/index.html".to_string(), host)])),
    );

    let profile = tempfile::tempdir().expect("profile dir");
    let browser = browser::launch(&chromium, profile.path(), (1000, 1000));
    let tab = browser.new_tab().expect("tab");
    tab.set_default_timeout(Duration::from_secs(30));

    let problems = Arc::new(Mutex::new(Vec::<String>::new()));
    let requests = Arc::new(Mutex::new(Vec::<String>::new()));
    {
        let problems = problems.clone();
        let requests = requests.clone();
        tab.add_event_listener(Arc::new(move |event: &Event| match event {
            Event::RuntimeExceptionThrown(e) => problems
                .lock()
                .expect("lock")
                .push(format!("exception: {:?}", e.params.exception_details)),
            Event::RuntimeConsoleAPICalled(e) if matches!(e.params.Type, ConsoleAPICalledEventTypeOption::Error) => {
                problems
                    .lock()
                    .expect("lock")
                    .push(format!("console.error: {:?}", e.params.args))
            }
            Event::LogEntryAdded(e) if matches!(e.params.entry.level, LogEntryLevel::Error) => problems
                .lock()
                .expect("lock")
                .push(format!("log: {} {:?}", e.params.entry.text, e.params.entry.url)),
            Event::NetworkRequestWillBeSent(e) => requests.lock().expect("lock").push(e.params.request.url.clone()),
            _ => {}
        }))
        .expect("listener");
    }
    tab.enable_log().expect("Log.enable");
    tab.enable_runtime().expect("Runtime.enable");
    let enable: Network::Enable = serde_json::from_str("{}").expect("Network.enable params");
    tab.call_method(enable).expect("Network.enable");

    tab.navigate_to(&format!("{host_origin}/"))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loaded");

    let iframe = "document.querySelectorAll('iframe')[0]";
    assert_eq!(
        wait_for(&tab, &format!("{iframe}.getAttribute('height')"), 10, |s| !s.is_empty()),
        default.to_string(),
        "the snippet's default height"
    );
    // The widget reports its height and the snippet's script applies it.
    let wide = px(&wait_for(&tab, &format!("{iframe}.style.height"), 20, |s| {
        !s.is_empty()
    }));
    assert!(wide > 100, "height {wide}");
    let first_id = wait_for(&tab, &format!("{iframe}.id"), 5, |s| !s.is_empty());
    assert_eq!(first_id, "shudu-zh-story-six");
    let posted = wait_for(&tab, &format!("String(last[{first_id:?}])"), 10, |s| {
        s != "undefined" && px(s) == wide
    });
    assert_eq!(px(&posted), wide, "the iframe takes the posted height");
    let shown = px(&wait_for(
        &tab,
        &format!("String({iframe}.getBoundingClientRect().height)"),
        5,
        |s| !s.is_empty(),
    ));
    assert_eq!(shown, wide, "the iframe is drawn at that height");
    assert_ne!(wide, default, "the height changed from the default to the content's");

    // Narrower: the cards wrap into more rows, the widget reports again (ResizeObserver).
    tab.evaluate("document.body.style.width='360px'", false)
        .expect("narrow");
    let narrow = px(&wait_for(&tab, &format!("{iframe}.style.height"), 20, |s| {
        px(s) != wide
    }));
    assert!(narrow > wide, "narrower is taller: {narrow} vs {wide}");

    // The aggregate widget beside it sized itself too, to what it posted.
    let second = "document.querySelectorAll('iframe')[1]";
    let id = wait_for(&tab, &format!("{second}.id"), 5, |s| !s.is_empty());
    assert!(id.starts_with("shudu-zh-command-taizhou-2022"), "{id}");
    assert_eq!(
        wait_for(&tab, &format!("{second}.getAttribute('height')"), 5, |s| !s.is_empty()),
        aggregate_default.to_string()
    );
    let its_last = format!("String(last[{id:?}])");
    let set = wait_for(&tab, &format!("{second}.style.height"), 20, |s| !s.is_empty());
    let reported = wait_for(&tab, &its_last, 10, |s| s != "undefined");
    let aggregate_height = px(&wait_for(&tab, &format!("{second}.style.height"), 10, |s| {
        px(s) == px(&reported)
    }));
    assert!(
        aggregate_height > 100,
        "aggregate height {aggregate_height} (first set {set})"
    );

    // A message from another origin (the host itself) is ignored.
    tab.evaluate("postMessage({type:'shudu:height',id:'x',height:5},'*')", false)
        .expect("post");
    thread::sleep(Duration::from_millis(400));
    let after = px(&wait_for(&tab, &format!("{iframe}.style.height"), 5, |s| !s.is_empty()));
    assert_eq!(after, narrow, "a message from elsewhere changes nothing");

    // ?theme=dark and ?theme=light switch the widget's colours.
    for (theme, bg) in [("dark", "rgb(27, 27, 27)"), ("light", "rgb(255, 255, 255)")] {
        tab.navigate_to(&format!("{site_origin}/stories/six/widget.html?theme={theme}"))
            .expect("navigate")
            .wait_until_navigated()
            .expect("loaded");
        let got = wait_for(
            &tab,
            "getComputedStyle(document.documentElement).backgroundColor",
            10,
            |s| !s.is_empty(),
        );
        assert_eq!(got, bg, "?theme={theme}");
    }

    thread::sleep(Duration::from_millis(300));
    let problems = problems.lock().expect("lock").clone();
    assert!(problems.is_empty(), "console errors: {problems:#?}");
    let requests = requests.lock().expect("lock").clone();
    assert!(
        requests
            .iter()
            .any(|u| u.starts_with(&format!("{site_origin}/stories/six/widget.html?id="))),
        "the story widget was loaded: {requests:#?}"
    );
    assert!(
        requests
            .iter()
            .any(|u| u.starts_with(&format!("{site_origin}/embed/commands/taizhou/2022/?id="))),
        "the aggregate widget was loaded: {requests:#?}"
    );
    let foreign: Vec<&String> = requests
        .iter()
        .filter(|u| {
            !(u.starts_with(&format!("{site_origin}/"))
                || u.starts_with(&format!("{host_origin}/"))
                || u.starts_with("data:"))
        })
        .collect();
    assert!(
        foreign.is_empty(),
        "requests outside the two local origins: {foreign:#?}"
    );
    // The servers saw only the pages themselves: the widget needs no other file.
    let site_log = site_log.lock().expect("log").clone();
    assert!(
        site_log
            .iter()
            .all(|p| p.starts_with("/stories/six/widget.html?") || p.starts_with("/embed/commands/taizhou/2022/?")),
        "widget requests: {site_log:?}"
    );
    let host_log = host_log.lock().expect("log").clone();
    assert_eq!(host_log, ["/"], "host requests");
    eprintln!(
        "story iframe height: default {default}px, at 640px wide {wide}px, at 360px {narrow}px; \
         aggregate: default {aggregate_default}px, then {aggregate_height}px; requests: {requests:?}"
    );
}
