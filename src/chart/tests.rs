//! Tests of the chart output as a whole (ticks and text helpers are tested in
//! their own files).

use std::str::FromStr;

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::text::text_width;
use super::*;

const KINDS: [ChartKind; 3] = [ChartKind::HorizontalBars, ChartKind::Columns, ChartKind::Line];

fn datum(label: &str, value: &str, display: &str) -> Datum {
    Datum {
        label: label.to_string(),
        value: Decimal::from_str(value).unwrap(),
        display: display.to_string(),
        href: None,
    }
}

fn text(lang: &str) -> ChartText<'static> {
    if lang == "zh" {
        ChartText {
            title: "2022年援疆资金（按指挥部）",
            description: "2022年援疆资金：台州3.2186亿元；杭州2.5亿元。",
            lang: "zh",
            unit_label: "元",
            table_caption: "2022年援疆资金",
            label_header: "指挥部",
            value_header: "援疆资金",
        }
    } else {
        ChartText {
            title: "Aid funds in 2022 by command",
            description: "Aid funds in 2022 by command: Taizhou CNY 321.86 million; Hangzhou CNY 250 million.",
            lang: "en",
            unit_label: "CNY",
            table_caption: "Aid funds in 2022",
            label_header: "Command",
            value_header: "Aid funds",
        }
    }
}

fn opts(id: &str, standalone: bool) -> ChartOptions {
    ChartOptions {
        id: id.to_string(),
        width: 640,
        standalone,
    }
}

fn commands() -> Vec<Datum> {
    vec![
        datum("台州", "321860000", "3.2186亿元"),
        datum("杭州", "250000000", "2.5亿元"),
        datum("宁波市援疆指挥部", "198000000", "1.98亿元"),
        datum("温州", "87500000", "8750万元"),
        datum("嘉兴", "0", "0元"),
    ]
}

fn years() -> Vec<Datum> {
    (2017..2023)
        .zip(["120", "180", "260", "240", "310", "321.86"])
        .map(|(y, v)| datum(&y.to_string(), &format!("{v}000000"), &format!("CNY {v} million")))
        .collect()
}

/// Every `name="value"` attribute value in `svg`.
fn attr_values<'s>(svg: &'s str, name: &str) -> Vec<&'s str> {
    let pat = format!(" {name}=\"");
    svg.match_indices(&pat)
        .filter_map(|(i, _)| {
            let rest = &svg[i + pat.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The viewBox (width, height) of a chart.
fn view_box(svg: &str) -> (f64, f64) {
    let vb = attr_values(svg, "viewBox")[0];
    let parts: Vec<f64> = vb.split(' ').map(|p| p.parse().unwrap()).collect();
    (parts[2], parts[3])
}

// --- A tiny XML well-formedness check --------------------------------------

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.')
}

/// Length of the entity reference at the start of `s` (which starts with `&`).
fn entity(s: &str) -> Result<usize, String> {
    let end = s
        .find(';')
        .filter(|e| *e <= 10)
        .ok_or_else(|| format!("bad entity at {:?}", &s[..s.len().min(12)]))?;
    let name = &s[1..end];
    let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
        || name
            .strip_prefix("#x")
            .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
        || name
            .strip_prefix('#')
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
    if ok {
        Ok(end + 1)
    } else {
        Err(format!("bad entity &{name};"))
    }
}

/// One root element; tags balanced and nested; attributes quoted, unique,
/// without `<`; `&` only in entity references; no text outside the root.
fn check_xml(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' if s[i..].starts_with("</") => {
                let end = i + s[i..].find('>').ok_or("unclosed end tag")?;
                let name = s[i + 2..end].trim_end();
                let open = stack.pop().ok_or_else(|| format!("unexpected </{name}>"))?;
                if open != name {
                    return Err(format!("<{open}> closed by </{name}>"));
                }
                i = end + 1;
            }
            b'<' => {
                let mut j = i + 1;
                while j < b.len() && is_name_char(b[j]) {
                    j += 1;
                }
                let name = &s[i + 1..j];
                if name.is_empty() {
                    return Err(format!("stray < at {i}"));
                }
                if stack.is_empty() {
                    roots += 1;
                }
                let mut attrs: Vec<&str> = Vec::new();
                loop {
                    let had_space = j < b.len() && b[j].is_ascii_whitespace();
                    while j < b.len() && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if j >= b.len() {
                        return Err(format!("unclosed <{name}"));
                    }
                    if s[j..].starts_with("/>") {
                        j += 2;
                        break;
                    }
                    if b[j] == b'>' {
                        stack.push(name);
                        j += 1;
                        break;
                    }
                    if !had_space {
                        return Err(format!("no space before attribute in <{name}"));
                    }
                    let start = j;
                    while j < b.len() && is_name_char(b[j]) {
                        j += 1;
                    }
                    let attr = &s[start..j];
                    if attr.is_empty() || attrs.contains(&attr) {
                        return Err(format!("bad or duplicate attribute {attr:?} in <{name}"));
                    }
                    attrs.push(attr);
                    if b.get(j) != Some(&b'=') || !matches!(b.get(j + 1), Some(b'"' | b'\'')) {
                        return Err(format!("unquoted attribute {attr} in <{name}"));
                    }
                    let quote = b[j + 1] as char;
                    let vstart = j + 2;
                    let vend = vstart + s[vstart..].find(quote).ok_or("unclosed attribute value")?;
                    let value = &s[vstart..vend];
                    if value.contains('<') {
                        return Err(format!("< in attribute {attr}"));
                    }
                    let mut k = 0;
                    while let Some(amp) = value[k..].find('&') {
                        k += amp + entity(&value[k + amp..])?;
                    }
                    j = vend + 1;
                }
                i = j;
            }
            b'&' => i += entity(&s[i..])?,
            c if stack.is_empty() && !c.is_ascii_whitespace() => return Err(format!("text outside the root at {i}")),
            _ => i += 1,
        }
    }
    match (stack.last(), roots) {
        (Some(open), _) => Err(format!("<{open}> not closed")),
        (None, 1) => Ok(()),
        (None, n) => Err(format!("{n} root elements")),
    }
}

#[test]
fn the_xml_check_catches_mistakes() {
    assert!(check_xml("<a x=\"1\"><b/>t&amp;</a>").is_ok());
    assert!(check_xml("<a><b></a></b>").is_err());
    assert!(check_xml("<a>x & y</a>").is_err());
    assert!(check_xml("<a x=\"<\"/>").is_err());
    assert!(check_xml("<a x=1/>").is_err());
    assert!(check_xml("<a x=\"1\" x=\"2\"/>").is_err());
    assert!(check_xml("<a/><b/>").is_err());
    assert!(check_xml("<a>").is_err());
    assert!(check_xml("<a>1 < 2</a>").is_err());
}

// --- Structure ------------------------------------------------------------

#[test]
fn title_desc_and_role_come_first() {
    for kind in KINDS {
        for standalone in [false, true] {
            for data in [commands(), years(), vec![]] {
                let svg = render_chart(kind, &data, &text("en"), &opts("aid-2022", standalone));
                check_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
                assert!(svg.starts_with("<svg"), "{svg}");
                assert_eq!(attr_values(&svg, "role"), ["img"]);
                assert_eq!(attr_values(&svg, "aria-labelledby"), ["aid-2022-title aid-2022-desc"]);
                let root_end = svg.find('>').unwrap() + 1;
                let rest = &svg[root_end..];
                let desc = format!(
                    "<title id=\"aid-2022-title\">Aid funds in 2022 by command</title><desc id=\"aid-2022-desc\">{}</desc>",
                    text("en").description
                );
                assert!(rest.starts_with(&desc), "{rest}");
            }
        }
    }
}

#[test]
fn charts_with_links_are_groups_not_images() {
    // axe `nested-interactive`: an `img` must not contain links.
    for kind in KINDS {
        for standalone in [false, true] {
            let mut data = commands();
            data[1].href = Some("/commands/hangzhou/".to_string());
            let svg = render_chart(kind, &data, &text("zh"), &opts("c", standalone));
            assert_eq!(attr_values(&svg, "role"), ["group"], "{svg}");
            assert!(svg.contains("<a class=\"sc-row\" href=\"/commands/hangzhou/\">"));
            assert_eq!(attr_values(&svg, "aria-labelledby"), ["c-title c-desc"]);
        }
    }
}

#[test]
fn ids_are_unique_per_chart_and_on_a_page() {
    let mut page = String::new();
    for (i, kind) in KINDS.iter().enumerate() {
        page.push_str(&render_chart(
            *kind,
            &commands(),
            &text("zh"),
            &opts(&format!("chart-{i}"), false),
        ));
    }
    let ids = attr_values(&page, "id");
    assert_eq!(ids.len(), 6, "{ids:?}");
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "{ids:?}");
    for refs in attr_values(&page, "aria-labelledby") {
        for r in refs.split(' ') {
            assert!(ids.contains(&r), "{r}");
        }
    }
    // An id outside the contract is made safe, not copied.
    let svg = render_chart(
        ChartKind::Columns,
        &years(),
        &text("en"),
        &opts("x\" onload=\"y", false),
    );
    assert!(!svg.contains("onload=\""));
    check_xml(&svg).unwrap();
}

#[test]
fn inline_scales_and_standalone_is_a_document() {
    let inline = render_chart(ChartKind::HorizontalBars, &commands(), &text("zh"), &opts("a", false));
    assert_eq!(attr_values(&inline, "width")[0], "100%");
    assert!(!inline[..inline.find('>').unwrap()].contains(" height="));
    assert!(!inline.contains("xmlns"));
    assert!(!inline.contains("<style"));
    assert!(inline.contains("class=\"shudu-chart sc-zh sc-bars\""));

    let file = render_chart(ChartKind::HorizontalBars, &commands(), &text("zh"), &opts("a", true));
    check_xml(&file).unwrap();
    let root = &file[..file.find('>').unwrap()];
    assert!(root.contains(" xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(root.contains(" width=\"640\""));
    assert!(root.contains(" height=\""));
    assert!(file.contains("<style>"));
    assert!(file.contains("prefers-color-scheme:dark"));
    assert!(
        file.contains("class=\"sc-title\""),
        "the title is drawn in a standalone chart"
    );
}

#[test]
fn text_is_at_least_12_units() {
    for kind in KINDS {
        for data in [commands(), years(), vec![]] {
            let svg = render_chart(kind, &data, &text("zh"), &opts("a", true));
            let sizes = attr_values(&svg, "font-size");
            assert!(!sizes.is_empty());
            for s in sizes {
                assert!(s.parse::<f64>().unwrap() >= 12.0, "{s}");
            }
        }
    }
}

// --- Content --------------------------------------------------------------

#[test]
fn labels_and_text_are_escaped() {
    let evil = "<script>&\"'";
    let data = vec![
        Datum {
            label: evil.to_string(),
            value: Decimal::from(5),
            display: evil.to_string(),
            href: Some("/x?a=1&b=\"2\"".to_string()),
        },
        datum("ok", "3", "3"),
    ];
    let t = ChartText {
        title: evil,
        description: evil,
        lang: evil,
        unit_label: evil,
        table_caption: evil,
        label_header: evil,
        value_header: evil,
    };
    for kind in KINDS {
        for standalone in [false, true] {
            let svg = render_chart(kind, &data, &t, &opts("e", standalone));
            check_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
            assert!(!svg.contains("<script"));
            assert!(svg.contains("&lt;script&gt;&amp;&quot;&#39;"));
            assert!(svg.contains("href=\"/x?a=1&amp;b=&quot;2&quot;\""), "{svg}");
        }
    }
    let table = render_table(&data, &t);
    check_xml(&table).unwrap();
    assert!(!table.contains("<script"));
    assert_eq!(table.matches("&lt;script&gt;&amp;&quot;&#39;").count(), 5);
}

#[test]
fn links_wrap_rows_and_unsafe_links_are_dropped() {
    let mut data = commands();
    data[0].href = Some("/zh/commands/taizhou/".to_string());
    data[1].href = Some("javascript:alert(1)".to_string());
    let svg = render_chart(ChartKind::HorizontalBars, &data, &text("zh"), &opts("l", false));
    assert_eq!(
        svg.matches("<a class=\"sc-row\" href=\"/zh/commands/taizhou/\">")
            .count(),
        1
    );
    assert_eq!(svg.matches("<a ").count(), 1);
    assert!(!svg.contains("javascript"));
    let table = render_table(&data, &text("zh"));
    assert!(table.contains("<a href=\"/zh/commands/taizhou/\">台州</a>"));
    assert!(!table.contains("javascript"));
}

#[test]
fn empty_data_says_so_in_the_chart_language() {
    for kind in KINDS {
        for standalone in [false, true] {
            let zh = render_chart(kind, &[], &text("zh"), &opts("e", standalone));
            check_xml(&zh).unwrap();
            assert!(zh.contains(">暂无数据</text>"));
            assert!(zh.contains("<title id=\"e-title\">") && zh.contains("<desc id=\"e-desc\">"));
            let en = render_chart(kind, &[], &text("en-GB"), &opts("e", standalone));
            assert!(en.contains(">No data</text>"));
            assert!(!en.contains("class=\"sc-bar\""));
        }
    }
    let table = render_table(&[], &text("zh"));
    check_xml(&table).unwrap();
    assert!(table.contains("<td colspan=\"2\">暂无数据</td>"));
}

#[test]
fn a_single_datum() {
    let one = vec![datum("2022", "321860000", "CNY 321.86 million")];
    for kind in KINDS {
        let svg = render_chart(kind, &one, &text("en"), &opts("one", false));
        check_xml(&svg).unwrap();
        assert_eq!(svg.matches("class=\"sc-bar\"").count(), 1, "{kind:?}");
        assert!(svg.contains(">CNY 321.86 million</text>"));
    }
    // A line of one point is drawn as a column.
    let line = render_chart(ChartKind::Line, &one, &text("en"), &opts("one", false));
    assert!(line.contains("sc-columns") && !line.contains("sc-line"));
}

#[test]
fn twenty_bars() {
    let data: Vec<Datum> = (1..=20)
        .map(|i| {
            datum(
                &format!("指挥部{i}"),
                &format!("{}", i * 1_000_000),
                &format!("{i}00万元"),
            )
        })
        .collect();
    let svg = render_chart(ChartKind::HorizontalBars, &data, &text("zh"), &opts("many", false));
    check_xml(&svg).unwrap();
    assert_eq!(svg.matches("class=\"sc-bar\"").count(), 20);
    assert_eq!(svg.matches("class=\"sc-value\"").count(), 20);
    let (w, h) = view_box(&svg);
    assert_eq!(w, 640.0);
    assert!((20.0 * 28.0..=20.0 * 36.0 + 80.0).contains(&h), "{h}");
    // Columns of 20: every value cannot fit, the last one is labelled.
    let cols = render_chart(ChartKind::Columns, &data, &text("zh"), &opts("many", false));
    check_xml(&cols).unwrap();
    assert_eq!(cols.matches("class=\"sc-bar\"").count(), 20);
    assert!(cols.contains(">2000万元</text>"));
}

#[test]
fn axis_ticks_follow_the_language() {
    let zh = render_chart(ChartKind::HorizontalBars, &commands(), &text("zh"), &opts("t", false));
    for tick in [">0<", ">1亿<", ">2亿<", ">3亿<"] {
        assert!(zh.contains(tick), "{tick}");
    }
    let en = render_chart(ChartKind::Line, &years(), &text("en"), &opts("t", false));
    for tick in [">0<", ">100M<", ">200M<", ">300M<"] {
        assert!(en.contains(tick), "{tick}");
    }
}

#[test]
fn values_are_printed_from_display_and_fit_the_width() {
    for lang in ["zh", "en"] {
        let data = if lang == "zh" { commands() } else { years() };
        let svg = render_chart(ChartKind::HorizontalBars, &data, &text(lang), &opts("v", false));
        let (w, _) = view_box(&svg);
        for d in &data {
            let needle = format!("font-size=\"13\">{}</text>", d.display);
            let at = svg.find(&needle).unwrap_or_else(|| panic!("{needle}"));
            let x: f64 = attr_values(&svg[..at], "x").last().unwrap().parse().unwrap();
            assert!(x + text_width(&d.display, 13.0) <= w, "{} at {x}", d.display);
        }
    }
}

#[test]
fn long_labels_are_cut_and_kept_whole_in_the_tooltip() {
    let long = "新疆生产建设兵团第十四师昆玉市援疆工作前方指挥部（浙江省对口支援）";
    let en = "Xinjiang Production and Construction Corps Fourteenth Division Kunyu City Front Command";
    let data = vec![datum(long, "5", "5"), datum(en, "3", "3")];
    for kind in KINDS {
        let svg = render_chart(kind, &data, &text("zh"), &opts("long", false));
        check_xml(&svg).unwrap();
        assert!(svg.contains(&format!("<title>{long}：5</title>")));
        assert!(svg.contains(&format!("<title>{en}：3</title>")));
        assert!(svg.contains('…'), "{kind:?}");
        assert!(!svg.contains(&format!(">{long}<")));
    }
}

#[test]
fn negative_zero_and_huge_values_do_not_break_the_geometry() {
    let data = vec![
        datum("neg", "-5000", "-5000"),
        datum("zero", "0", "0"),
        Datum {
            label: "max".into(),
            value: Decimal::MAX,
            display: "max".into(),
            href: None,
        },
        Datum {
            label: "tiny".into(),
            value: Decimal::new(1, 28),
            display: "tiny".into(),
            href: None,
        },
    ];
    let all_negative = vec![datum("a", "-1", "-1"), datum("b", "-2", "-2")];
    for kind in KINDS {
        for d in [&data, &all_negative] {
            for standalone in [false, true] {
                let svg = render_chart(kind, d, &text("en"), &opts("n", standalone));
                check_xml(&svg).unwrap();
                for attr in ["x", "y", "width", "height", "cx", "cy"] {
                    for v in attr_values(&svg, attr) {
                        if v == "100%" {
                            continue;
                        }
                        let v: f64 = v.parse().unwrap_or_else(|_| panic!("{attr}={v}"));
                        assert!(v >= 0.0, "{attr}={v}\n{svg}");
                    }
                }
            }
        }
    }
}

#[test]
fn output_is_deterministic_and_compact() {
    for kind in KINDS {
        for standalone in [false, true] {
            let a = render_chart(kind, &commands(), &text("zh"), &opts("d", standalone));
            let b = render_chart(kind, &commands(), &text("zh"), &opts("d", standalone));
            assert_eq!(a, b);
        }
    }
    let inline = render_chart(ChartKind::HorizontalBars, &commands(), &text("zh"), &opts("d", false));
    assert!(inline.len() < 4096, "{} bytes", inline.len());
    assert!(!inline.contains('\n'));
}

#[test]
fn the_table_has_the_same_numbers() {
    let table = render_table(&commands(), &text("zh"));
    check_xml(&table).unwrap();
    assert!(table.starts_with("<table class=\"sc-table\"><caption>2022年援疆资金</caption>"));
    assert!(table.contains("<th scope=\"col\">指挥部</th><th scope=\"col\">援疆资金</th>"));
    for d in commands() {
        assert!(table.contains(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            d.label, d.display
        )));
    }
}

#[test]
fn css_uses_variables_with_fallbacks() {
    let css = chart_css();
    for var in [
        "--chart-bar,",
        "--chart-bar-2,",
        "--chart-text,",
        "--chart-grid,",
        "--chart-axis,",
        "--chart-bg,",
    ] {
        assert!(css.contains(&format!("var({var}")), "{var}");
    }
    for class in [".sc-bar", ".sc-label", ".sc-value", ".sc-grid", ".sc-axis", ".sc-table"] {
        assert!(css.contains(class), "{class}");
    }
    // Safe to embed as XML text.
    assert!(!css.contains('<') && !css.contains('&'));
    assert!(!css::STANDALONE_CSS.contains('<') && !css::STANDALONE_CSS.contains('&'));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_input_renders_well_formed(
        rows in prop::collection::vec(
            (".{0,40}", any::<i64>(), 0u32..=28, ".{0,24}", prop::option::of(".{0,20}")),
            0..25,
        ),
        width in 0u32..5000,
        kind in 0usize..3,
        standalone in any::<bool>(),
        zh in any::<bool>(),
    ) {
        let data: Vec<Datum> = rows
            .into_iter()
            .map(|(label, m, scale, display, href)| Datum { label, value: Decimal::new(m, scale), display, href })
            .collect();
        let opts = ChartOptions { id: "p".into(), width, standalone };
        let svg = render_chart(KINDS[kind], &data, &text(if zh { "zh" } else { "en" }), &opts);
        prop_assert!(check_xml(&svg).is_ok(), "{:?}\n{}", check_xml(&svg), svg);
        let table = render_table(&data, &text("en"));
        prop_assert!(check_xml(&table).is_ok(), "{:?}", check_xml(&table));
    }
}

/// The numbers of the zero axis's path (`M x y V y2` or `M x y H x2`).
fn axis(svg: &str) -> Vec<f64> {
    let at = svg.find("class=\"sc-axis\"").expect("an axis");
    let d = &svg[at..];
    let d = &d[d.find(" d=\"M").expect("a path") + 5..];
    let d = &d[..d.find('"').expect("end")];
    d.split([' ', 'V', 'H'])
        .filter(|s| !s.is_empty())
        .map(|n| n.parse().expect("number"))
        .collect()
}

/// `(name, value)` of every attribute of the first `<tag` after `from` in `svg`.
fn first_tag_after<'s>(svg: &'s str, from: &str, tag: &str) -> Vec<(&'s str, f64)> {
    let s = &svg[svg.find(from).expect("from")..];
    let s = &s[s.find(&format!("<{tag} ")).expect("tag")..];
    let s = &s[..s.find('>').expect("end of tag")];
    s.split(' ')
        .filter_map(|a| a.split_once("=\""))
        .filter_map(|(k, v)| Some((k, v.trim_end_matches(['"', '/']).parse().ok()?)))
        .collect()
}

fn get(attrs: &[(&str, f64)], name: &str) -> f64 {
    attrs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v).expect(name)
}

#[test]
fn negative_values_are_drawn_below_a_zero_baseline() {
    let data = vec![datum("up", "10", "10"), datum("down", "-5", "-5")];
    let title = |label: &str| format!("<title>{label}: ");

    let svg = render_chart(ChartKind::HorizontalBars, &data, &text("en"), &opts("b", false));
    check_xml(&svg).unwrap();
    let zero = axis(&svg)[0];
    let up = first_tag_after(&svg, &title("up"), "rect");
    let down = first_tag_after(&svg, &title("down"), "rect");
    assert!(
        (get(&up, "x") - zero).abs() < 0.01,
        "positive bars start at zero: {svg}"
    );
    assert!(get(&down, "x") < zero - 1.0, "negative bars go left of zero: {svg}");
    let down_len = get(&down, "width");
    assert!(
        (get(&down, "x") + down_len - zero).abs() < 0.15,
        "and end at zero: {svg}"
    );
    assert!(
        (get(&up, "width") / down_len - 2.0).abs() < 0.01,
        "10 is twice as long as -5: {svg}"
    );
    let ticks = &svg[svg.find("sc-tick").expect("ticks")..];
    let ticks = &ticks[..ticks.find("</g>").expect("end")];
    assert!(ticks.contains(">-6</text>"), "the axis reaches below zero: {svg}");

    let svg = render_chart(ChartKind::Columns, &data, &text("en"), &opts("c", false));
    check_xml(&svg).unwrap();
    let zero = axis(&svg)[1];
    let up = first_tag_after(&svg, &title("up"), "rect");
    let down = first_tag_after(&svg, &title("down"), "rect");
    assert!((get(&up, "y") + get(&up, "height") - zero).abs() < 0.01, "{svg}");
    assert!(
        (get(&down, "y") - zero).abs() < 0.01,
        "negative columns hang from zero: {svg}"
    );
    assert!((get(&up, "height") / get(&down, "height") - 2.0).abs() < 0.01, "{svg}");

    let svg = render_chart(ChartKind::Line, &data, &text("en"), &opts("l", false));
    check_xml(&svg).unwrap();
    let zero = axis(&svg)[1];
    let up = first_tag_after(&svg, &title("up"), "circle");
    let down = first_tag_after(&svg, &title("down"), "circle");
    assert!(get(&up, "cy") < zero - 1.0 && get(&down, "cy") > zero + 1.0, "{svg}");
    assert!(
        ((zero - get(&up, "cy")) / (get(&down, "cy") - zero) - 2.0).abs() < 0.01,
        "{svg}"
    );
    // Every value label stays inside the chart.
    for kind in KINDS {
        let svg = render_chart(kind, &data, &text("zh"), &opts("k", true));
        let (w, h) = view_box(&svg);
        for (attr, limit) in [("x", w), ("y", h)] {
            for v in attr_values(&svg, attr) {
                let v: f64 = v.parse().expect("number");
                assert!((0.0..=limit).contains(&v), "{kind:?} {attr}={v}\n{svg}");
            }
        }
    }
}

#[test]
fn stylesheets_use_only_properties_the_nu_checker_knows() {
    // vnu rejects `paint-order` (in charts.css and in every SVG's <style>).
    for css in [chart_css(), css::STANDALONE_CSS, cards::CARDS_CSS] {
        assert!(!css.contains("paint-order"), "{css}");
    }
}
