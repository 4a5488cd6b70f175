//! Embeddable widgets: files and sizes, self-containment, oEmbed, the embed
//! action of pages, raw data, escaping, stable URLs.

mod common;

use common::*;

const BASE: &str = "https://aid.example.org";
/// The files of an aggregate widget's folder in every language.
const FILES: [&str; 3] = ["index.html", "chart.svg", "oembed.json"];
/// Its data files, in the default language's folder only.
const DATA: [&str; 2] = ["data.json", "data.csv"];
/// The largest a widget page may be.
const MAX_HTML: u64 = 30 * 1024;

/// Every widget page of the output: stories' `…/widget.html`, aggregates'
/// `embed/…/index.html`.
fn widget_pages(out: &std::path::Path) -> Vec<String> {
    files_under(out)
        .into_iter()
        .filter(|p| p.ends_with("/widget.html") || (p.contains("embed/") && p.ends_with("/index.html")))
        .collect()
}

/// The folder of a widget page (`stories/x/`, `embed/indicators/k/`).
fn folder(page: &str) -> &str {
    &page[..page.rfind('/').map_or(0, |i| i + 1)]
}

fn json(f: &Fixture, rel: &str) -> serde_json::Value {
    serde_json::from_str(&f.read(rel)).unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"))
}

/// The fixture plus a second command's story with several figures in 2022.
fn widgets_site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "data/indicators.yaml",
        "aid_funds:\n  label: {zh: 援疆资金, en: Aid funds}\n  unit: 元\nunused:\n  label: {zh: 未用, en: Unused}\n  unit: 人\n",
    );
    f.write(
        "content/commands/hangzhou.md",
        "---\nname: 杭州市援疆指挥部\nshort_name: 杭州\norigin: 浙江省杭州市\npartner: 阿克苏市\n---\n杭州。\n",
    );
    f.write(
        "content/stories/2022/aksu.md",
        "---\ntitle: 杭州援疆2022\ndate: 2022-06-01\ncommand: hangzhou\nfigures:\n  - key: aid_funds\n    label: 援疆资金\n    value: 907\n    unit: 万元\n  - key: new_jobs\n    label: {zh: 新增就业, en: New jobs}\n    value: 1.2\n    unit: 万人\n    note: 全年\n---\n杭州。\n",
    );
    f.write(
        "content/stories/2021/alar-2021.md",
        &story(
            "台州2021",
            "2021-12-01",
            "figures:\n  - key: aid_funds\n    label: 援疆资金\n    value: 2.5\n    unit: 亿元\n",
            "台州。",
        ),
    );
    f
}

#[test]
fn every_set_of_figures_has_a_widget_in_every_language_it_is_written_in() {
    let f = widgets_site();
    f.build_ok();
    // A story's widget and its oEmbed response sit beside each version's page.
    for dir in ["stories/alar-talent/", "en/stories/alar-talent/", "stories/aksu/"] {
        for file in ["widget.html", "oembed.json"] {
            let rel = format!("{dir}{file}");
            assert!(f.exists(&rel), "missing {rel}");
        }
        assert_eq!(
            files_under(&f.out().join(dir)),
            ["index.html", "oembed.json", "widget.html"],
            "{dir}: the page, its widget and the widget's oEmbed, nothing else"
        );
    }
    // The aggregates keep whole bundles; their data once, in the default language.
    for dir in [
        "embed/commands/taizhou/2022/",
        "en/embed/commands/taizhou/2022/",
        "embed/commands/taizhou/2021/",
        "embed/commands/hangzhou/2022/",
        "en/embed/commands/hangzhou/2022/",
        "embed/indicators/aid_funds/",
        "en/embed/indicators/aid_funds/",
        "embed/indicators/new_jobs/",
        "en/embed/indicators/new_jobs/",
    ] {
        let data = !dir.starts_with("en/");
        for file in FILES.iter().chain(DATA.iter().filter(|_| data)) {
            let rel = format!("{dir}{file}");
            assert!(f.exists(&rel), "missing {rel}");
            let size = std::fs::metadata(f.out().join(&rel)).expect("meta").len();
            assert!(size > 0, "{rel} is empty");
        }
        if !data {
            for file in DATA {
                assert!(!f.exists(&format!("{dir}{file}")), "{dir}{file}: written once, in zh");
            }
        }
    }
    // No story widget anywhere else, and no per-story data, chart or folder.
    assert!(!f.exists("embed/stories/alar-talent/index.html"));
    assert!(!f.exists("stories/alar-talent/chart.svg") && !f.exists("stories/alar-talent/data.csv"));
    // An untranslated story has no English page, so no English widget; a
    // story without figures has none; a command none for a year without figures.
    assert!(!f.exists("en/stories/aksu/widget.html"));
    assert!(!f.exists("stories/mid-year/widget.html"));
    assert!(!f.exists("embed/commands/hangzhou/2021/index.html"));
    assert!(
        !f.exists("embed/indicators/unused/index.html"),
        "a registry key no story reports"
    );
    let pages = widget_pages(&f.out());
    assert_eq!(pages.len(), 4 + 2 * (3 + 2), "{pages:?}");
    for page in &pages {
        let size = std::fs::metadata(f.out().join(page)).expect("meta").len();
        assert!(size <= MAX_HTML, "{page}: {size} bytes");
    }

    let zh = f.read("stories/alar-talent/widget.html");
    assert!(zh.starts_with("<!doctype html>"));
    assert!(zh.contains("<html lang=\"zh-Hans\""));
    assert!(zh.contains("<link rel=\"canonical\" href=\"https://aid.example.org/stories/alar-talent/widget.html\""));
    assert!(zh.contains("hreflang=\"en\" href=\"https://aid.example.org/en/stories/alar-talent/widget.html\""));
    assert!(
        zh.contains("<dd class=\"w-value\">3.2186亿元</dd>"),
        "key number as text"
    );
    assert!(zh.contains("<main>") && zh.contains("</main>"), "a main landmark");
    let en = f.read("en/stories/alar-talent/widget.html");
    assert!(en.contains("<html lang=\"en\""));
    assert!(en.contains("CNY 321.86 million") && en.contains("Aid funds"));
    assert!(en.contains("Taizhou sends talent to Alar"));
    let aksu = f.read("stories/aksu/widget.html");
    assert!(!aksu.contains("hreflang=\"en\""), "no English widget to point to");
    let broken = broken_links(&f.out(), BASE);
    assert!(broken.is_empty(), "broken links: {broken:#?}");
}

#[test]
fn widget_pages_are_self_contained() {
    let f = widgets_site();
    f.build_ok();
    for rel in widget_pages(&f.out()) {
        let dir = folder(&rel);
        let html = f.read(&rel);
        // Nothing is fetched: no src at all, no stylesheet link, no CSS url() or @import.
        assert!(attr_values(&html, "src").is_empty(), "{rel} loads something");
        assert!(!html.contains("rel=\"stylesheet\""), "{rel}");
        assert!(!html.contains("url(") && !html.contains("@import"), "{rel}");
        assert!(!html.contains("<img") && !html.contains("<iframe"), "{rel}");
        assert!(
            html.contains("Content-Security-Policy\" content=\"default-src 'none';"),
            "{rel}: CSP"
        );
        assert!(
            html.contains("<style>") && html.contains("<script>"),
            "{rel}: inline CSS and JS"
        );
        // Themes: the system's, and ?theme=light|dark.
        assert!(html.contains("prefers-color-scheme:dark"), "{rel}");
        assert!(
            html.contains(":root[data-theme=dark]") && html.contains(":not([data-theme=light])"),
            "{rel}"
        );
        assert!(html.contains("q.get(\"theme\")"), "{rel}");
        // The height protocol.
        assert!(html.contains("type:\"shudu:height\",id:id,height:h"), "{rel}");
        assert!(html.contains("new ResizeObserver"), "{rel}");
        // Key numbers as text, a visually hidden table, source and data links.
        assert!(
            html.contains("<table class=\"vh\">") && html.contains("<th scope=\"row\">"),
            "{rel}"
        );
        // Data links: an aggregate's own files (in the default language's
        // folder), a story's the site's open data, where its rows are.
        let data = if rel.ends_with("/widget.html") {
            "data/figures.".to_string()
        } else {
            format!("{}data.", dir.trim_start_matches("en/"))
        };
        assert!(html.contains(&format!("href=\"{BASE}/{data}csv\"")), "{rel}: CSV link");
        assert!(
            html.contains(&format!("href=\"{BASE}/{data}json\"")),
            "{rel}: JSON link"
        );
        assert!(html.contains("<main>"), "{rel}: a main landmark");
        let source = html.split("class=\"w-source\"").nth(1).expect("source line");
        assert!(
            source.contains("href=\"https://aid.example.org/"),
            "{rel}: absolute source link"
        );
        // Every absolute link leads back to the site.
        for link in attr_values(&html, "href") {
            assert!(link.starts_with('/') || link.starts_with(BASE), "{rel}: {link}");
        }
        if rel.ends_with("/widget.html") {
            continue;
        }
        let svg = f.read(&format!("{dir}chart.svg"));
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{dir}chart.svg"
        );
        assert!(svg.contains("role=\"img\"") && svg.contains("<title ") && svg.contains("<desc "));
        assert!(!svg.contains("href=\"http") && !svg.contains("url(") && !svg.contains("<image"));
    }
    let story = f.read("stories/alar-talent/widget.html");
    assert!(story.contains("href=\"https://aid.example.org/stories/alar-talent/\" target=\"_blank\""));
    let command = f.read("en/embed/commands/taizhou/2022/index.html");
    assert!(command.contains("href=\"https://aid.example.org/en/commands/taizhou/\" target=\"_blank\""));
    // The indicator widget draws its chart inline.
    let indicator = f.read("embed/indicators/aid_funds/index.html");
    assert!(indicator.contains("<svg class=\"shudu-chart") && indicator.contains("sc-line"));
}

#[test]
fn oembed_responses_and_discovery() {
    let f = widgets_site();
    f.build_ok();
    let o = json(&f, "stories/alar-talent/oembed.json");
    assert_eq!(o["version"], "1.0");
    assert_eq!(o["type"], "rich");
    assert_eq!(o["title"], "台州智力援疆");
    assert_eq!(o["provider_name"], "援疆数读");
    assert_eq!(o["provider_url"], "https://aid.example.org/");
    assert_eq!(o["width"], 640);
    let height = o["height"].as_u64().expect("height");
    assert!((200..=1600).contains(&height));
    let html = o["html"].as_str().expect("html");
    assert!(html.starts_with(
        "<iframe src=\"https://aid.example.org/stories/alar-talent/widget.html?id=shudu-zh-story-alar-talent\""
    ));
    assert!(html.contains(&format!("height=\"{height}\"")));
    let script = &html[html.find("<script>").expect("script")..];
    assert!(script.len() < 1024, "listener is {} bytes", script.len());
    assert!(script.contains("contentWindow===e.source") && script.contains("(\"https://aid.example.org\")"));

    let en = json(&f, "en/embed/indicators/aid_funds/oembed.json");
    assert_eq!(en["title"], "Aid funds");
    assert_eq!(en["provider_name"], "Aid in Numbers");
    assert_eq!(en["provider_url"], "https://aid.example.org/en/");
    assert!(en["html"]
        .as_str()
        .expect("html")
        .contains("src=\"https://aid.example.org/en/embed/indicators/aid_funds/?id=shudu-en-indicator-aid_funds\""));

    let link = |href: &str| format!("<link rel=\"alternate\" type=\"application/json+oembed\" href=\"{href}\"");
    for (page, oembed) in [
        (
            "stories/alar-talent/widget.html",
            "https://aid.example.org/stories/alar-talent/oembed.json",
        ),
        (
            "stories/alar-talent/index.html",
            "https://aid.example.org/stories/alar-talent/oembed.json",
        ),
        (
            "en/stories/alar-talent/index.html",
            "https://aid.example.org/en/stories/alar-talent/oembed.json",
        ),
        (
            "commands/taizhou/index.html",
            "https://aid.example.org/embed/commands/taizhou/2022/oembed.json",
        ),
        (
            "commands/taizhou/index.html",
            "https://aid.example.org/embed/commands/taizhou/2021/oembed.json",
        ),
        (
            "figures/2022/index.html",
            "https://aid.example.org/embed/commands/hangzhou/2022/oembed.json",
        ),
        (
            "en/figures/2022/index.html",
            "https://aid.example.org/en/embed/indicators/aid_funds/oembed.json",
        ),
        (
            "figures/index.html",
            "https://aid.example.org/embed/indicators/aid_funds/oembed.json",
        ),
    ] {
        assert!(f.read(page).contains(&link(oembed)), "{page} links {oembed}");
    }
    assert!(!f.read("stories/mid-year/index.html").contains("json+oembed"));
}

#[test]
fn pages_offer_the_escaped_snippets_without_javascript() {
    let f = widgets_site();
    f.build_ok();
    let page = f.read("stories/alar-talent/index.html");
    assert!(page.contains("<details class=\"embed\">") && page.contains("<summary>"));
    assert!(page.contains(
        "readonly spellcheck=\"false\">&lt;iframe src=&quot;https://aid.example.org/stories/alar-talent/widget.html?id="
    ));
    assert!(page.contains("&lt;script&gt;(function(o){"), "the listener, escaped");
    // Without an iframe: the numbers as text, linked to the page (no image).
    assert!(page.contains(
        "&lt;blockquote lang=&quot;zh-Hans&quot; cite=&quot;https://aid.example.org/stories/alar-talent/&quot;&gt;"
    ));
    assert!(page.contains("&lt;li&gt;援疆资金: &lt;strong&gt;3.2186亿元&lt;/strong&gt; (2022年)&lt;/li&gt;"));
    // An aggregate's: its chart image, linked to its page.
    let command = f.read("commands/taizhou/index.html");
    assert!(command.contains(
        "&lt;a href=&quot;https://aid.example.org/commands/taizhou/&quot;&gt;&lt;img src=&quot;https://aid.example.org/embed/commands/taizhou/2022/chart.svg&quot; alt=&quot;"
    ));
    assert_eq!(page.matches("<script").count(), 0, "pages run no script");
    let en = f.read("en/stories/alar-talent/index.html");
    assert!(en.contains(
        "&lt;iframe src=&quot;https://aid.example.org/en/stories/alar-talent/widget.html?id=shudu-en-story-alar-talent"
    ));
    assert!(en.contains("<summary>Embed these figures</summary>"));
    let command = f.read("commands/taizhou/index.html");
    assert!(command.contains("embed/commands/taizhou/2022/?id=shudu-zh-command-taizhou-2022"));
    assert!(command.contains("embed/commands/taizhou/2021/?id=shudu-zh-command-taizhou-2021"));
    let year = f.read("figures/2022/index.html");
    assert!(year.contains("embed/commands/hangzhou/2022/?id="));
    assert!(
        year.contains("embed/indicators/aid_funds/?id="),
        "the chart of a total offers its indicator"
    );
    let en_year = f.read("en/figures/2022/index.html");
    assert!(en_year.contains("en/embed/commands/taizhou/2022/?id=shudu-en-command-taizhou-2022"));
}

#[test]
fn a_story_widgets_data_is_the_open_data() {
    let f = widgets_site();
    f.build_ok();
    // No data files per story: the widget links to the site's open data,
    // which holds the story's rows, and shows the same numbers inline.
    let widget = f.read("stories/aksu/widget.html");
    assert!(widget.contains("href=\"https://aid.example.org/data/figures.csv\" type=\"text/csv\" download>CSV</a>"));
    assert!(widget.contains("href=\"https://aid.example.org/data/figures.json\" type=\"application/json\""));
    let all = json(&f, "data/figures.json");
    let of_aksu: Vec<&serde_json::Value> = all["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .filter(|r| r["story"] == "aksu")
        .collect();
    assert_eq!(of_aksu.len(), 2);
    let table = widget.split("<table class=\"vh\">").nth(1).expect("table");
    assert_eq!(table.matches("<th scope=\"row\">").count(), 2, "{table}");
    assert!(widget.contains("<dd class=\"w-value\">907万元</dd>"));
}

#[test]
fn data_files_hold_raw_values_once_for_every_language() {
    let f = widgets_site();
    f.build_ok();
    let d = json(&f, "embed/commands/hangzhou/2022/data.json");
    assert_eq!(d["widget"]["kind"], "command_year");
    for lang in ["zh", "en"] {
        let title = d["widget"]["title"][lang].as_str().expect("a title in each language");
        assert!(title.contains("杭州") && title.contains("2022"), "{title}");
    }
    assert_eq!(
        d["widget"]["url"]["zh"],
        "https://aid.example.org/embed/commands/hangzhou/2022/"
    );
    assert_eq!(
        d["widget"]["url"]["en"],
        "https://aid.example.org/en/embed/commands/hangzhou/2022/"
    );
    assert_eq!(
        d["widget"]["source"]["zh"],
        "https://aid.example.org/commands/hangzhou/"
    );
    assert_eq!(d["languages"], serde_json::json!(["zh", "en"]));
    let rows = d["figures"].as_array().expect("figures");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["value"], "907");
    assert_eq!(rows[0]["unit"], "万元");
    assert_eq!(rows[0]["base_unit"], "元");
    assert_eq!(rows[1]["label"]["en"], "New jobs");
    assert_eq!(rows[1]["note"], "全年");
    let text = f.read("embed/commands/hangzhou/2022/data.json");
    assert!(
        text.contains("\"normalised\": 9070000,"),
        "exact, not pre-scaled: {text}"
    );
    // The English widget links to the same files.
    let en = f.read("en/embed/commands/hangzhou/2022/index.html");
    assert!(en.contains("href=\"https://aid.example.org/embed/commands/hangzhou/2022/data.csv\""));

    let indicator = json(&f, "embed/indicators/aid_funds/data.json");
    let years: Vec<i64> = indicator["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .filter_map(|r| r["year"].as_i64())
        .collect();
    assert_eq!(years, [2021, 2022, 2022], "every counted value, oldest first");

    let csv = f.read("embed/commands/taizhou/2022/data.csv");
    assert!(csv.starts_with('\u{feff}'), "BOM");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "story,url,command,year,key,label_zh,label_en,value,unit,normalised,base_unit,note"
    );
    assert_eq!(
        lines[1..],
        ["alar-talent,https://aid.example.org/stories/alar-talent/,taizhou,2022,aid_funds,援疆资金,Aid funds,3.2186,亿元,321860000,元,"]
    );
}

#[test]
fn untranslated_stories_have_their_own_languages_widget_and_count_in_every_language() {
    let f = Fixture::new();
    f.write(
        "content/stories/2021/mid-year.md",
        &story(
            "年中回顾",
            "2021-08-03",
            "figures:\n  - key: jobs\n    label: {zh: 新增就业, en: New jobs}\n    value: 300\n    unit: 人\n",
            "上半年。",
        ),
    );
    f.build_ok();
    // Its widget is beside its one page, and links to no English version.
    let zh = f.read("stories/mid-year/widget.html");
    assert!(zh.contains("<h1 class=\"w-title\">年中回顾</h1>"));
    assert!(zh.contains("<dd class=\"w-value\">300人</dd>"));
    assert!(!zh.contains("hreflang=\"en\""));
    assert!(f
        .read("stories/mid-year/index.html")
        .contains("stories/mid-year/widget.html?id=shudu-zh-story-mid-year"));
    // No English page, so no English widget and no folder for one.
    assert!(!f.out().join("en/stories/mid-year").exists());
    // Its figures still reach English embedders, in English, through the aggregates.
    let en = f.read("en/embed/indicators/jobs/index.html");
    assert!(
        en.contains("New jobs") && en.contains("300 people"),
        "labels and values in English"
    );
    let en = f.read("en/embed/commands/taizhou/2021/index.html");
    assert!(
        en.contains(
            "href=\"https://aid.example.org/stories/mid-year/\" target=\"_blank\" rel=\"noopener\">年中回顾</a>"
        ),
        "the story is credited, linked to the page that exists: {en}"
    );
    assert!(broken_links(&f.out(), BASE).is_empty());
}

#[test]
fn widget_urls_do_not_change_when_content_is_added() {
    let f = widgets_site();
    f.build_ok();
    let before = widget_pages(&f.out());
    // A newer story reporting the same key, a new command, a translation with its own slug.
    f.write(
        "content/commands/changsha.md",
        "---\nname: 长沙市援疆指挥部\n---\n长沙。\n",
    );
    f.write(
        "content/stories/2023/newer.md",
        "---\ntitle: 长沙2022\ndate: 2023-01-05\ncommand: changsha\nfigures:\n  - key: aid_funds\n    label: 援疆资金\n    value: 1\n    unit: 亿元\n    year: 2022\n---\n长沙。\n",
    );
    f.write(
        "content/stories/2022/aksu.en.md",
        "---\ntitle: Hangzhou in 2022\nslug: hangzhou-2022\n---\nHangzhou.\n",
    );
    f.build_ok();
    let after = widget_pages(&f.out());
    for page in &before {
        assert!(after.contains(page), "{page} disappeared");
    }
    let en = f.read("en/stories/hangzhou-2022/widget.html");
    assert!(
        en.contains("href=\"https://aid.example.org/en/stories/hangzhou-2022/\""),
        "source: the translation"
    );
    assert!(f
        .read("stories/aksu/widget.html")
        .contains("hreflang=\"en\" href=\"https://aid.example.org/en/stories/hangzhou-2022/widget.html\""));
}

#[test]
fn stories_of_one_slug_in_two_languages_have_a_widget_each() {
    let f = Fixture::new();
    f.write(
        "content/stories/2021/same.md",
        &story("同名", "2021-03-01", "figures:\n  - label: 项目\n    value: 3\n", "x"),
    );
    f.write(
        "content/stories/2020/other/same.en.md",
        "---\ntitle: Same slug, English only\ndate: 2020-03-01\ncommand: taizhou\nfigures:\n  - label: Projects\n    value: 4\n---\nx\n",
    );
    f.build_ok();
    assert!(f.read("stories/same/widget.html").contains("同名"));
    assert!(f
        .read("en/stories/same/widget.html")
        .contains("Same slug, English only"));
    assert!(f
        .read("en/stories/same/oembed.json")
        .contains("Same slug, English only"));
}

#[test]
fn front_matter_text_is_escaped_in_every_widget_format() {
    const NASTY: &str = "\"<script>alert(1)</script> & 'q', =1+1\"";
    let f = Fixture::new();
    f.write(
        "content/commands/nasty.md",
        &format!("---\nname: {NASTY}\nshort_name: {NASTY}\norigin: {NASTY}\npartner: {NASTY}\n---\nx\n"),
    );
    f.write(
        "content/stories/2022/x.md",
        &format!(
            "---\ntitle: {NASTY}\ndate: 2022-05-01\ncommand: nasty\nsource: {NASTY}\nfigures:\n  - key: nasty\n    label: {{zh: {NASTY}, en: {NASTY}}}\n    value: 5\n    unit: 个\n    note: {NASTY}\n---\nx\n"
        ),
    );
    f.build_ok();
    let raw = "<script>alert(1)";
    for (dir, page) in [
        ("stories/x/", "widget.html"),
        ("embed/commands/nasty/2022/", "index.html"),
        ("en/embed/commands/nasty/2022/", "index.html"),
        ("embed/indicators/nasty/", "index.html"),
        ("en/embed/indicators/nasty/", "index.html"),
    ] {
        let html = f.read(&format!("{dir}{page}"));
        assert!(!html.contains(raw), "{dir}{page} has raw markup");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;q&#39;"),
            "{dir}{page}"
        );
        assert!(!html.contains("title=\"\"<"), "{dir}: attribute not broken out of");
        let o = json(&f, &format!("{dir}oembed.json"));
        let snippet = o["html"].as_str().expect("html");
        assert!(!snippet.contains(raw), "{dir}oembed.json html");
        assert!(snippet.contains("title=\"&quot;&lt;script&gt;") || snippet.contains("title=\"&lt;script&gt;"));
        if page == "widget.html" || dir.starts_with("en/") {
            continue;
        }
        let svg = f.read(&format!("{dir}chart.svg"));
        assert!(
            !svg.contains(raw) && svg.contains("&lt;script&gt;alert(1)"),
            "{dir}chart.svg"
        );
        let data = json(&f, &format!("{dir}data.json"));
        let row = &data["figures"][0];
        assert_eq!(
            row["note"], "<script>alert(1)</script> & 'q', =1+1",
            "{dir}data.json keeps the text"
        );
        let csv = f.read(&format!("{dir}data.csv"));
        assert!(
            csv.contains("\"<script>alert(1)</script> & 'q', =1+1\""),
            "{dir}data.csv quotes it"
        );
    }
    let o = json(&f, "stories/x/oembed.json");
    assert_eq!(o["title"], "<script>alert(1)</script> & 'q', =1+1");
    // On the page the snippet is escaped once more, inside a textarea.
    let page = f.read("stories/x/index.html");
    assert!(!page.contains(raw));
    assert!(
        page.contains("title=&quot;&amp;lt;script&amp;gt;alert(1)"),
        "double-escaped in the snippet"
    );
    assert!(
        page.contains("&lt;a href=&quot;https://aid.example.org/stories/x/&quot;&gt;&amp;lt;script&amp;gt;alert(1)"),
        "the text fallback too"
    );
    assert!(broken_links(&f.out(), BASE).is_empty());
}

#[test]
fn a_base_url_with_a_path_is_kept_and_the_origin_is_the_host() {
    let f = Fixture::new();
    let opts = shudu::BuildOptions {
        base_url: Some("https://example.github.io/aid/".into()),
        ..Fixture::options()
    };
    f.build_with(&opts).expect("builds");
    let o = json(&f, "stories/alar-talent/oembed.json");
    let html = o["html"].as_str().expect("html");
    assert!(html.contains("src=\"https://example.github.io/aid/stories/alar-talent/widget.html?id="));
    assert!(
        html.contains("(\"https://example.github.io\")"),
        "origin without the path"
    );
    let widget = f.read("stories/alar-talent/widget.html");
    assert!(widget.contains("href=\"https://example.github.io/aid/data/figures.csv\""));
    assert!(widget.contains("href=\"https://example.github.io/aid/stories/alar-talent/\""));
    let command = f.read("en/embed/commands/taizhou/2022/index.html");
    assert!(command.contains("href=\"https://example.github.io/aid/embed/commands/taizhou/2022/data.csv\""));
}

#[test]
fn sample_portal_widgets_fit_the_size_budget() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("public");
    shudu::build(root, &out, &Fixture::options_now()).expect("sample portal builds");
    let pages = widget_pages(&out);
    assert!(pages.len() >= 20, "{pages:?}");
    let (largest, size) = pages
        .iter()
        .map(|p| (p.clone(), std::fs::metadata(out.join(p)).expect("meta").len()))
        .max_by_key(|(_, s)| *s)
        .expect("widgets");
    assert!(size <= MAX_HTML, "{largest} is {size} bytes");
    for page in &pages {
        let dir = folder(page);
        let files: &[&str] = if page.ends_with("/widget.html") {
            &["oembed.json"]
        } else {
            &FILES
        };
        for file in files {
            assert!(out.join(format!("{dir}{file}")).is_file(), "{dir}{file}");
        }
    }
}
