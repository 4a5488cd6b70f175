//! 数读 figures: yearly totals, label fallbacks, unit conflicts, shortcodes,
//! open data and escaping.

mod common;

use common::*;

const INDICATORS: &str = "\
aid_funds:
  label: {zh: 援疆资金, en: Aid funds}
  unit: 元
  aggregate: sum
tourists:
  label: {zh: 引客入疆, en: Tourists brought in}
  unit: 人
  aggregate: sum
share:
  label: {zh: 完成率, en: Completion rate}
  unit: \"%\"
  aggregate: none
";

const HANGZHOU: &str =
    "---\nname: 杭州市援疆指挥部\nshort_name: 杭州\norigin: 浙江省杭州市\npartner: 阿克苏市\n---\n杭州援疆。\n";

/// The base fixture plus a second command and figures in 2021 for both.
fn figures_site() -> Fixture {
    let f = Fixture::new();
    f.write("data/indicators.yaml", INDICATORS);
    f.write("content/commands/hangzhou.md", HANGZHOU);
    f.write(
        "content/stories/2021/taizhou-2021.md",
        &story(
            "台州2021",
            "2021-12-01",
            "figures:\n  - key: aid_funds\n    label: 全年援疆资金\n    value: 3.2186\n    unit: 亿元\n  - key: tourists\n    label: 引客入阿\n    value: 10990\n    unit: 人\n  - key: share\n    label: 完成率\n    value: 60\n    unit: \"%\"\n",
            "台州。\n\n{{ figure(key=\"aid_funds\", command=\"hangzhou\", year=2021) }}\n\n{{ figures() }}\n",
        ),
    );
    f.write(
        "content/stories/2021/taizhou-2021.en.md",
        "---\ntitle: Taizhou in 2021\n---\nTaizhou.\n\n{{ figure(key=\"aid_funds\") }}\n",
    );
    f.write(
        "content/stories/2021/hangzhou-2021.md",
        "---\ntitle: 杭州2021\ndate: 2021-07-01\ncommand: hangzhou\nfigures:\n  - key: aid_funds\n    label: 援疆资金\n    value: 907\n    unit: 万元\n  - key: tourists\n    label: {zh: 游客, en: Visitors}\n    value: 1.5\n    unit: 万人\n  - key: share\n    label: 完成率\n    value: 40\n    unit: \"%\"\n---\n杭州。\n",
    );
    f
}

#[test]
fn yearly_totals_add_up_exactly_across_commands() {
    let f = figures_site();
    f.build_ok();
    let zh = f.read("figures/2021/index.html");
    // 3.2186亿 + 907万 = 330,930,000 元 = 3.3093亿元
    assert!(zh.contains("<strong>3.3093亿元</strong>"), "zh total");
    // 10990 + 1.5万 = 25990 人 (below 10万, written out)
    assert!(zh.contains("<strong>25990人</strong>"), "zh tourists total");
    let en = f.read("en/figures/2021/index.html");
    assert!(en.contains("CNY 330.93 million"), "en total");
    assert!(en.contains("25,990 people"), "en tourists total");
    // `share` does not add up: no total for it, but both values are listed.
    assert!(!zh.contains("id=\"chart-share\""), "no total chart for `share`");
    assert!(zh.contains("id=\"chart-aid_funds\""));
    assert!(zh.contains("60%") && zh.contains("40%"));
    // Bar chart by command, accessible, with a data table; its bars link to
    // the commands, so it is a group, not an image (axe nested-interactive).
    assert!(zh.contains("role=\"group\"") && !zh.contains("role=\"img\""));
    assert!(zh.contains("<title"));
    assert!(zh.contains("<desc"));
    assert!(zh.contains("<table class=\"sc-table\""));
    assert!(zh.contains(">台州<") && zh.contains(">杭州<"));
    // Each command's figures link to their stories.
    assert!(zh.contains("href=\"/stories/taizhou-2021/\""));
    assert!(zh.contains("href=\"/stories/hangzhou-2021/\""));
    // The overview lists every year with headlines and links to it.
    let overview = f.read("figures/index.html");
    assert!(overview.contains("href=\"/figures/2021/\""));
    assert!(overview.contains("href=\"/figures/2022/\""));
    assert!(overview.contains("3.3093亿元"));
    assert!(f.exists("en/figures/index.html"));
    assert!(broken_links(&f.out(), "https://aid.example.org").is_empty());
}

#[test]
fn labels_fall_back_as_the_contract_says() {
    let f = figures_site();
    f.build_ok();
    let en = f.read("en/figures/2021/index.html");
    // Plain-string label in a story: English pages take the registry's label.
    assert!(en.contains("Aid funds"));
    assert!(!en.contains("全年援疆资金"));
    // A per-language label in the story wins over the registry.
    let hz = f.read("stories/hangzhou-2021/index.html");
    assert!(hz.contains("游客"));
    // A key missing from the registry with a plain label shows the plain string.
    f.write(
        "content/stories/2021/x.md",
        &story(
            "无键",
            "2021-03-01",
            "figures:\n  - key: wells\n    label: 打井\n    value: 3\n    unit: 个\n",
            "x",
        ),
    );
    f.build_ok();
    let json = f.read("data/figures.json");
    assert!(
        json.contains("\"label\": {\"zh\": \"打井\", \"en\": \"打井\"}"),
        "{json}"
    );
}

#[test]
fn command_pages_show_series_charts() {
    let f = figures_site();
    f.build_ok();
    let page = f.read("commands/taizhou/index.html");
    assert!(page.contains("历年数读"));
    assert!(page.contains("id=\"series-taizhou-aid-funds"), "series chart id");
    let en = f.read("en/commands/taizhou/index.html");
    assert!(en.contains("Figures over the years"));
    assert!(en.contains("CNY 321.86 million"));
}

#[test]
fn unit_conflicts_name_both_files() {
    let f = Fixture::new();
    f.write(
        "content/stories/2021/a.md",
        &story(
            "甲",
            "2021-03-01",
            "figures:\n  - key: count\n    label: 数\n    value: 3\n    unit: 元\n",
            "x",
        ),
    );
    f.write(
        "content/stories/2021/b.md",
        &story(
            "乙",
            "2021-04-01",
            "figures:\n  - key: count\n    label: 数\n    value: 5\n    unit: 人\n",
            "x",
        ),
    );
    let d = f.build_err();
    let text = d.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n");
    assert!(text.contains("content/stories/2021/a.md"), "{text}");
    assert!(text.contains("content/stories/2021/b.md"), "{text}");
    assert!(text.contains('元') && text.contains('人'), "{text}");
}

#[test]
fn shortcodes_render_cards_and_panels() {
    let f = figures_site();
    f.build_ok();
    let zh = f.read("stories/taizhou-2021/index.html");
    let body = zh.split("<div class=\"content").nth(1).expect("content");
    let body = body.split("</div>\n\n").next().unwrap_or(body);
    // figure(): Hangzhou's value, linked to its source story and command.
    assert!(body.contains("class=\"stat-card\""), "{body}");
    assert!(body.contains("907万元"));
    assert!(body.contains("href=\"/stories/hangzhou-2021/\""));
    // figures(): the story's own panel inline.
    assert!(body.contains("figures-inline"));
    assert!(body.contains("10990人"));
    assert!(!body.contains("{{"), "no shortcode left as text");
    assert!(
        !body.contains("<p><span class=\"stat-card"),
        "block shortcode not wrapped in <p>"
    );
    // In the English version: default command and year, English formatting.
    let en = f.read("en/stories/taizhou-2021/index.html");
    assert!(en.contains("CNY 321.86 million"));
    assert!(!en.contains("{{"));
}

#[test]
fn shortcode_errors_have_file_line_and_column() {
    let f = figures_site();
    f.write(
        "content/stories/2021/bad.md",
        &story(
            "坏",
            "2021-05-01",
            "",
            "第一行\n\n前文 {{ figure(key=\"aid_fund\") }}\n\n{{ figure(key=\"aid_funds\", year=1999) }}\n\n{{ chart() }}\n\n{{ figures() }}\n",
        ),
    );
    let d = f.build_err();
    let text = d.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n");
    // The front matter has 5 lines plus two fences: the body starts at line 7.
    assert!(
        text.contains(
            "content/stories/2021/bad.md:9:4: error: unknown figure key `aid_fund` (did you mean `aid_funds`?)"
        ),
        "{text}"
    );
    assert!(
        text.contains("content/stories/2021/bad.md:11:1: error: no figure `aid_funds` for command `taizhou` in 1999"),
        "{text}"
    );
    assert!(text.contains("bad.md:13:1: error: unknown shortcode `chart`"), "{text}");
    assert!(
        text.contains("bad.md:15:1: error: shortcode `figures()`: this story has no figures"),
        "{text}"
    );
    assert!(!f.out().exists(), "nothing written");
}

#[test]
fn open_data_has_one_row_per_figure() {
    let f = figures_site();
    f.build_ok();
    let json = f.read("data/figures.json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let rows = v["figures"].as_array().expect("figures array");
    assert_eq!(rows.len(), 7, "3 + 3 + the base fixture's 1");
    let tz = rows
        .iter()
        .find(|r| r["story"] == "taizhou-2021" && r["key"] == "aid_funds")
        .expect("row");
    assert_eq!(tz["url"], "https://aid.example.org/stories/taizhou-2021/");
    assert_eq!(tz["command"], "taizhou");
    assert_eq!(tz["year"], 2021);
    assert_eq!(tz["label"]["zh"], "全年援疆资金");
    assert_eq!(tz["label"]["en"], "Aid funds");
    assert_eq!(tz["value"], "3.2186");
    assert_eq!(tz["unit"], "亿元");
    assert_eq!(tz["base_unit"], "元");
    // Exact: written as the integer 321860000, not 321860000.00000006.
    assert!(json.contains("\"normalised\": 321860000,"), "{json}");

    let csv = f.read("data/figures.csv");
    assert!(csv.starts_with('\u{feff}'), "BOM for Excel");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header = lines.next().expect("header");
    assert_eq!(
        header,
        "story,url,command,year,key,label_zh,label_en,value,unit,normalised,base_unit,note"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 7);
    assert!(rows.contains(
        &"taizhou-2021,https://aid.example.org/stories/taizhou-2021/,taizhou,2021,aid_funds,全年援疆资金,Aid funds,3.2186,亿元,321860000,元,"
    ));
    assert!(rows.contains(
        &"hangzhou-2021,https://aid.example.org/stories/hangzhou-2021/,hangzhou,2021,tourists,游客,Visitors,1.5,万人,15000,人,"
    ));
}

#[test]
fn labels_and_notes_are_escaped_in_every_format() {
    let f = Fixture::new();
    let nasty = "\"<b>x</b> & 'q', =1+1\"";
    f.write(
        "content/stories/2021/n.md",
        &story(
            "注",
            "2021-05-01",
            &format!("figures:\n  - key: nasty\n    label: {{zh: {nasty}, en: {nasty}}}\n    value: 5\n    unit: 个\n    note: {nasty}\n"),
            "{{ figures() }}\n\n{{ figure(key=nasty) }}\n",
        ),
    );
    f.build_ok();
    for file in [
        "stories/n/index.html",
        "figures/index.html",
        "figures/2021/index.html",
        "en/figures/2021/index.html",
        "commands/taizhou/index.html",
    ] {
        let text = f.read(file);
        assert!(!text.contains("<b>x</b>"), "{file}: raw markup");
        assert!(
            text.contains("&lt;b&gt;x&lt;&#x2F;b&gt;") || text.contains("&lt;b&gt;x&lt;/b&gt;"),
            "{file}: escaped"
        );
    }
    let json = f.read("data/figures.json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON stays valid");
    let row = v["figures"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["key"] == "nasty"))
        .expect("row");
    assert_eq!(row["note"], "<b>x</b> & 'q', =1+1");
    let csv = f.read("data/figures.csv");
    assert!(csv.contains("\"<b>x</b> & 'q', =1+1\""), "quoted CSV field: {csv}");
}

#[test]
fn sample_portal_shows_totals_for_2021() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("tmp");
    let out = out.path().join("public");
    shudu::build(root, &out, &Fixture::options_now()).expect("sample portal builds");
    let year = std::fs::read_to_string(out.join("figures/2021/index.html")).expect("2021 page");
    assert!(year.contains("个指挥部合计") || year.contains("合计"));
    for y in ["2021", "2022", "2025"] {
        assert!(out.join(format!("figures/{y}/index.html")).is_file(), "figures/{y}/");
        assert!(
            out.join(format!("en/figures/{y}/index.html")).is_file(),
            "en/figures/{y}/"
        );
    }
    assert!(
        broken_links(&out, "https://aid.example.org").is_empty(),
        "{:?}",
        broken_links(&out, "https://aid.example.org")
    );
}
