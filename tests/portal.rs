//! The bilingual portal end to end: output paths, languages, links,
//! fallbacks, determinism.

mod common;

use common::*;

#[test]
fn output_paths_of_the_contract() {
    let f = Fixture::new();
    f.build_ok();
    for path in [
        "index.html",
        "en/index.html",
        "stories/index.html",
        "en/stories/index.html",
        "stories/alar-talent/index.html",
        "en/stories/alar-talent/index.html",
        "stories/mid-year/index.html",
        "commands/index.html",
        "commands/taizhou/index.html",
        "en/commands/taizhou/index.html",
        "sectors/index.html",
        "sectors/education/index.html",
        "en/sectors/medical/index.html",
        "atom.xml",
        "en/atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "css/site.css",
        "highlight.css",
    ] {
        assert!(f.exists(path), "missing {path}; have {:?}", files_under(&f.out()));
    }
    // An untranslated story has no page in the other language.
    assert!(!f.exists("en/stories/mid-year/index.html"));
}

#[test]
fn listings_paginate() {
    let f = Fixture::new();
    f.write(
        "content/stories/2020/third.md",
        &story("第三篇", "2020-01-02", "", "正文"),
    );
    f.build_ok();
    // paginate: 2 → three stories make two pages.
    assert!(f.exists("stories/page/2.html"));
    assert!(f.exists("en/stories/page/2.html"));
    assert!(!f.exists("stories/page/3.html"));
    let first = f.read("stories/index.html");
    assert!(first.contains("/stories/page/2.html"), "link to page 2");
}

#[test]
fn html_lang_canonical_and_hreflang() {
    let f = Fixture::new();
    f.build_ok();
    let zh = f.read("stories/alar-talent/index.html");
    assert!(zh.contains("<html lang=\"zh-Hans\""), "zh page lang");
    assert!(zh.contains("<link rel=\"canonical\" href=\"https://aid.example.org/stories/alar-talent/\""));
    assert!(zh.contains("hreflang=\"en\" href=\"https://aid.example.org/en/stories/alar-talent/\""));
    assert!(zh.contains("hreflang=\"zh-Hans\" href=\"https://aid.example.org/stories/alar-talent/\""));
    let en = f.read("en/stories/alar-talent/index.html");
    assert!(en.contains("<html lang=\"en\""));
    assert!(en.contains("<link rel=\"canonical\" href=\"https://aid.example.org/en/stories/alar-talent/\""));
    // A story in one language only has one alternate.
    let only = f.read("stories/mid-year/index.html");
    assert!(!only.contains("hreflang=\"en\" href=\"https://aid.example.org/en/stories/mid-year/\""));
    for page in [
        "index.html",
        "en/index.html",
        "commands/taizhou/index.html",
        "sectors/index.html",
        "404.html",
    ] {
        let html = f.read(page);
        assert!(html.contains("<html lang=\""), "{page} lang");
        assert!(html.contains("rel=\"canonical\""), "{page} canonical");
    }
    // Every HTML page of the output names its language, has one canonical
    // link, and lists itself among its hreflang alternates.
    for page in files_under(&f.out()).iter().filter(|p| p.ends_with(".html")) {
        let html = f.read(page);
        let lang = html
            .split_once("<html lang=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(lang, _)| lang.to_string())
            .unwrap_or_else(|| panic!("{page}: no <html lang>"));
        let canonicals: Vec<&str> = html
            .match_indices("<link rel=\"canonical\" href=\"")
            .collect::<Vec<_>>()
            .iter()
            .map(|(i, _)| &html[*i..])
            .collect();
        assert_eq!(canonicals.len(), 1, "{page}: one canonical link");
        let canonical = canonicals[0]
            .split('"')
            .nth(3)
            .unwrap_or_else(|| panic!("{page}: canonical href"));
        let own = format!("<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{canonical}\">");
        assert!(html.contains(&own), "{page}: no alternate for itself ({own})");
    }
}

#[test]
fn language_switcher_leads_to_translation_or_home() {
    let f = Fixture::new();
    f.build_ok();
    let zh = f.read("stories/alar-talent/index.html");
    assert!(attr_values(&zh, "href").contains(&"/en/stories/alar-talent/".to_string()));
    let only = f.read("stories/mid-year/index.html");
    let links = attr_values(&only, "href");
    assert!(
        links.contains(&"/en/".to_string()),
        "switcher falls back to the English home: {links:?}"
    );
    assert!(!links.iter().any(|l| l.contains("/en/stories/mid-year")));
}

#[test]
fn untranslated_stories_are_listed_marked_and_linked_to_their_page() {
    let f = Fixture::new();
    f.build_ok();
    let en = f.read("en/stories/index.html");
    assert!(en.contains("年中回顾"), "untranslated story listed in English listing");
    assert!(en.contains("href=\"/stories/mid-year/\""), "linked to the Chinese page");
    assert!(en.contains("lang=\"zh-Hans\""), "marked with its language");
    assert!(en.contains("Taizhou sends talent to Alar"));
    let broken = broken_links(&f.out(), "https://aid.example.org");
    assert!(broken.is_empty(), "broken links: {broken:#?}");
}

#[test]
fn story_page_shows_its_figures_with_labels_in_the_page_language() {
    let f = Fixture::new();
    f.build_ok();
    let zh = f.read("stories/alar-talent/index.html");
    assert!(zh.contains("援疆资金"));
    assert!(zh.contains("3.2186亿元"));
    let en = f.read("en/stories/alar-talent/index.html");
    assert!(en.contains("Aid funds"));
    assert!(!en.contains("援疆资金"));
}

#[test]
fn command_pages_show_origin_partner_and_stories() {
    let f = Fixture::new();
    f.build_ok();
    let zh = f.read("commands/taizhou/index.html");
    assert!(zh.contains("台州市援疆指挥部") && zh.contains("浙江省台州市") && zh.contains("第一师阿拉尔市"));
    assert!(zh.contains("台州智力援疆"));
    let en = f.read("en/commands/taizhou/index.html");
    assert!(en.contains("Taizhou Aid Command"));
    // origin is not translated: it falls back to the Chinese value
    assert!(en.contains("浙江省台州市"));
}

#[test]
fn cjk_soft_breaks_are_joined_english_ones_kept() {
    let f = Fixture::new();
    f.build_ok();
    let zh = f.read("stories/alar-talent/index.html");
    assert!(
        zh.contains("台州援疆干部人才在阿拉尔。"),
        "joined across the line break"
    );
    let en = f.read("en/stories/alar-talent/index.html");
    assert!(en.contains("Taizhou cadres\nwork in Alar.") || en.contains("Taizhou cadres work in Alar."));
}

#[test]
fn feeds_and_sitemap() {
    let f = Fixture::new();
    f.build_ok();
    let atom = f.read("atom.xml");
    assert!(atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(atom.contains("https://aid.example.org/stories/alar-talent/"));
    // Relative links in an entry's content resolve against the story's page, not the feed.
    assert!(
        atom.contains("<content type=\"html\" xml:base=\"https://aid.example.org/stories/alar-talent/\">"),
        "{atom}"
    );
    let en = f.read("en/atom.xml");
    assert!(en.contains("Taizhou sends talent to Alar"));
    assert!(
        !en.contains("年中回顾"),
        "the English feed carries English stories only"
    );
    let sitemap = f.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://aid.example.org/en/stories/alar-talent/</loc>"));
    assert!(sitemap.contains(
        "xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://aid.example.org/en/stories/alar-talent/\""
    ));
    let robots = f.read("robots.txt");
    assert!(robots.contains("Sitemap: https://aid.example.org/sitemap.xml"));
}

#[test]
fn base_url_with_a_path_prefixes_links() {
    let f = Fixture::new();
    let opts = shudu::BuildOptions {
        base_url: Some("https://example.github.io/aid/".into()),
        ..Fixture::options()
    };
    f.build_with(&opts).expect("builds");
    let html = f.read("en/index.html");
    assert!(html.contains("href=\"/aid/en/stories/alar-talent/\""));
    assert!(html.contains("https://example.github.io/aid/en/"));
}

#[test]
fn drafts_and_scheduled_stories_are_left_out() {
    let f = Fixture::new();
    f.write(
        "content/stories/d.md",
        &story("草稿", "2022-01-01", "draft: true\n", "x"),
    );
    f.write("content/stories/later.md", &story("未来", "2030-01-01", "", "x"));
    let report = f.build_ok();
    assert!(!f.exists("stories/d/index.html"));
    assert!(!f.exists("stories/later/index.html"));
    assert!(!f.read("stories/index.html").contains("草稿"));
    assert!(!f.read("sitemap.xml").contains("/stories/later/"));
    assert_eq!(report.left_out.drafts.len(), 1);
    assert_eq!(report.left_out.scheduled.len(), 1);
    let opts = shudu::BuildOptions {
        drafts: true,
        future: true,
        ..Fixture::options()
    };
    f.build_with(&opts).expect("builds");
    assert!(f.exists("stories/d/index.html"));
    assert!(f.exists("stories/later/index.html"));
}

#[test]
fn date_without_time_is_midnight_in_site_timezone() {
    let f = Fixture::new();
    // 2024-01-01 00:00 Shanghai is the build's "now": a story of that day is published.
    f.write("content/stories/today.md", &story("今天", "2024-01-01", "", "x"));
    f.write(
        "content/stories/tomorrow.md",
        &story("明天", "2024-01-01T00:00:01+08:00", "", "x"),
    );
    f.build_ok();
    assert!(f.exists("stories/today/index.html"));
    assert!(!f.exists("stories/tomorrow/index.html"));
}

#[test]
fn non_ascii_file_names_get_pinyin_slugs_and_front_matter_slug_wins() {
    let f = Fixture::new();
    f.write("content/stories/台州智力援疆.md", &story("拼音", "2022-01-01", "", "x"));
    f.write(
        "content/stories/长沙.md",
        &story("长沙", "2022-01-02", "slug: changsha\n", "x"),
    );
    f.build_ok();
    assert!(f.exists("stories/tai-zhou-zhi-li-yuan-jiang/index.html"));
    assert!(f.exists("stories/changsha/index.html"));
}

#[test]
fn a_second_build_is_byte_identical_and_keeps_mtimes() {
    let f = Fixture::new();
    f.build_ok();
    let files = files_under(&f.out());
    let first: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| (p.clone(), std::fs::read(f.out().join(p)).expect("read")))
        .collect();
    let report = f.build_ok();
    assert_eq!(files_under(&f.out()), files);
    for (p, bytes) in first {
        assert_eq!(std::fs::read(f.out().join(&p)).expect("read"), bytes, "{p} differs");
    }
    assert_eq!(report.stats.written, 0, "an unchanged site rewrites nothing");
    // Another folder gives the same bytes too.
    let other = Fixture::empty();
    shudu::build(f.root(), &other.root().join("out"), &Fixture::options()).expect("builds");
    assert_eq!(files_under(&other.root().join("out")), files);
}

#[test]
fn site_without_a_theme_folder_uses_the_built_in_theme() {
    let f = Fixture::new();
    assert!(!f.root().join("themes").exists());
    f.build_ok();
    assert!(f.read("index.html").contains("css/site.css"));
}

#[test]
fn site_templates_override_theme_templates() {
    let f = Fixture::new();
    f.write("templates/page.html", "<!doctype html><html lang=\"{{ page.html_lang }}\"><title>{{ page.title }}</title><link rel=\"canonical\" href=\"{{ page.canonical }}\">OVERRIDDEN {{ content | safe }}</html>");
    f.write("content/pages/about.md", "---\ntitle: 关于\n---\n关于本站。\n");
    f.build_ok();
    assert!(f.read("about/index.html").contains("OVERRIDDEN"));
}

#[test]
fn site_static_files_are_copied_and_replace_the_themes() {
    let f = Fixture::new();
    f.write("static/css/site.css", "/* the site's own */\n");
    f.write("static/favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    f.write("static/files/report.txt", "report\n");
    f.build_ok();
    assert_eq!(f.read("css/site.css"), "/* the site's own */\n");
    assert_eq!(f.read("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    assert_eq!(f.read("files/report.txt"), "report\n");
}

#[test]
fn missing_ui_strings_fall_back_to_the_default_language() {
    let f = Fixture::new();
    f.write("themes/default/i18n/en.yaml", "nav_home: Start\n");
    f.build_ok();
    let en = f.read("en/index.html");
    assert!(en.contains("Start"));
}

#[test]
fn free_pages_and_their_translations() {
    let f = Fixture::new();
    f.write("content/pages/about.md", "---\ntitle: 关于\n---\n关于本站。\n");
    f.write(
        "content/pages/about.en.md",
        "---\ntitle: About\n---\nAbout this site.\n",
    );
    f.build_ok();
    assert!(f.read("about/index.html").contains("关于本站"));
    assert!(f.read("en/about/index.html").contains("About this site"));
    assert!(broken_links(&f.out(), "https://aid.example.org").is_empty());
}

#[test]
fn a_rebuild_removes_pages_of_deleted_stories_and_writes_only_changes() {
    let f = Fixture::new();
    f.build_ok();
    assert!(f.exists("stories/mid-year/index.html"));
    f.remove("content/stories/2021/mid-year.md");
    let report = f.build_ok();
    assert!(!f.exists("stories/mid-year/index.html"), "stale page removed");
    assert!(!f.out().join("stories/mid-year").exists(), "its folder too");
    assert!(report.stats.removed > 0);
    let again = f.build_ok();
    assert_eq!(again.stats.written, 0, "nothing changed, nothing written");
    assert_eq!(again.stats.removed, 0);
    let leftovers: Vec<String> = std::fs::read_dir(f.root())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| {
            n.contains("shudu-")
                && !n.ends_with("shudu-state")
                && !n.ends_with("shudu-lock")
                && !n.ends_with("shudu-spare")
                // The caches of photos and search words (README: the photo cache).
                && n != ".shudu-cache"
        })
        .collect();
    assert!(leftovers.is_empty(), "no staging folders left: {leftovers:?}");
}

#[test]
fn an_unchanged_site_is_not_rendered_again_and_any_change_is_seen() {
    let f = Fixture::new();
    let first = f.build_ok();
    let again = f.build_ok();
    assert_eq!(again.stats.written, 0);
    assert_eq!(again.stats.unchanged, first.files, "every file left as it was");
    assert_eq!(again.timings.markdown, std::time::Duration::ZERO, "nothing rendered");
    // An edit is seen (even of the same length).
    let path = "content/stories/2022/alar-talent.md";
    let text = std::fs::read_to_string(f.root().join(path)).expect("read");
    f.write(path, &text.replace("正文。", "新文。"));
    let edited = f.build_ok();
    assert!(edited.stats.written > 0);
    assert!(f.read("stories/alar-talent/index.html").contains("新文"));
    // A change made to the output by hand is repaired by the next build.
    std::fs::write(f.out().join("stories/alar-talent/index.html"), "tampered").expect("write");
    f.build_ok();
    assert!(f.read("stories/alar-talent/index.html").contains("新文"));
    // So is a file added to the output: the output is replaced whole.
    std::fs::write(f.out().join("stories/stray.html"), "stray").expect("write");
    f.build_ok();
    assert!(
        !f.exists("stories/stray.html"),
        "a file the build does not make is removed"
    );
    // Other options are another build.
    let drafts = f.build_with(&shudu::BuildOptions {
        drafts: true,
        ..Fixture::options()
    });
    assert!(drafts.expect("build").timings.markdown > std::time::Duration::ZERO);
}

#[test]
fn long_listings_show_a_windowed_paginator() {
    let f = Fixture::new();
    for i in 0..18 {
        f.write(
            &format!("content/stories/2020/s{i:02}.md"),
            &story(&format!("报道{i}"), &format!("2020-01-{:02}", i + 1), "", "正文。"),
        );
    }
    f.build_ok();
    // 20 stories, 2 a page: 10 pages. Page 5 links 1, 2…7 (±2 shown, ±3 carried) and 10.
    let page = f.read("stories/page/5.html");
    let nav = page.split("class=\"paginator\"").nth(1).expect("paginator");
    let nav = nav.split("</nav>").next().unwrap_or(nav);
    for n in [1, 3, 4, 5, 6, 7, 10] {
        assert!(nav.contains(&format!(">{n}</a>")), "page {n} linked: {nav}");
    }
    for n in [2, 8, 9] {
        assert!(!nav.contains(&format!(">{n}</a>")), "page {n} not linked: {nav}");
    }
    assert_eq!(nav.matches("pg-gap").count(), 2);
    assert!(broken_links(&f.out(), "https://aid.example.org").is_empty());
}

#[test]
fn body_headings_never_repeat_an_id_of_the_page_around_them() {
    let f = Fixture::new();
    f.write(
        "content/stories/2022/ids.md",
        &story(
            "标题",
            "2022-05-01",
            "",
            "## Main\n\n一。\n\n## Shudu main\n\n二。\n\n## toc-title\n\n三。\n\n## Figures title\n\n四。\n",
        ),
    );
    f.build_ok();
    for page in files_under(&f.out()).iter().filter(|p| p.ends_with(".html")) {
        let html = f.read(page);
        let mut ids = attr_values(&html, "id");
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "{page}: a repeated id");
    }
    let html = f.read("stories/ids/index.html");
    assert!(
        html.contains("href=\"#shudu-main\""),
        "the skip link reaches the main element"
    );
    assert!(html.contains("id=\"main\""), "the heading keeps its own id");
}

#[test]
fn code_and_chart_stylesheets_are_linked_only_where_used() {
    let f = Fixture::new();
    f.write(
        "content/stories/2022/code.md",
        &story("代码", "2022-05-01", "", "示例：\n\n```rust\nfn main() {}\n```"),
    );
    f.write("content/pages/about.md", "---\ntitle: 关于\n---\n    缩进的代码\n");
    f.build_ok();
    let links = |page: &str| {
        let html = f.read(page);
        let sheets = attr_values(&html, "href");
        (
            sheets.iter().any(|h| h.ends_with("/highlight.css")),
            sheets.iter().any(|h| h.ends_with("/charts.css")),
        )
    };
    assert_eq!(links("stories/code/index.html"), (true, false));
    assert_eq!(links("about/index.html"), (true, false));
    assert_eq!(links("stories/alar-talent/index.html"), (false, false));
    assert_eq!(links("index.html"), (false, false));
    assert_eq!(links("en/index.html"), (false, false));
    assert_eq!(links("stories/index.html"), (false, false));
    assert_eq!(links("404.html"), (false, false));
    assert_eq!(links("figures/index.html"), (false, true));
    assert_eq!(links("en/figures/2022/index.html"), (false, true));
    assert_eq!(links("commands/taizhou/index.html"), (false, true));
    // The stylesheets are still written, for the pages that use them.
    assert!(f.exists("highlight.css") && f.exists("charts.css"));
}
