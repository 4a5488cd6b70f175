//! Search: the index built beside `/search/` and `/en/search/`, read back
//! the way `search.js` reads it (shards by term hash, postings encoded as
//! `search::shard` says, documents in chunks), on a fixture site.

mod common;

use common::{attr_values, files_under, Fixture, SITE_YAML};
use shudu::search::{
    shard::{decode_postings, shard_of},
    tokenize::query_terms,
};

/// The fixture site, with a story whose 数读 panel has 全年安排援疆资金 and a
/// body that names 阿拉尔 inside a longer run.
fn fixture() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/stories/2023/funds.md",
        &common::story(
            "台州援疆年度总结",
            "2023-01-10",
            "figures:\n  - key: aid_funds\n    label: {zh: 全年安排援疆资金, en: Aid funds allocated}\n    value: 3.2186\n    unit: 亿元\n",
            "台州援疆指挥部在阿拉尔市开展教育帮扶。\n\nMedical teams stayed.",
        ),
    );
    f.write(
        "content/stories/2023/funds.en.md",
        "---\ntitle: Taizhou's year of aid\n---\nTeachers and hospitals in Aral.\n",
    );
    f
}

/// Reads the index of the search page `page` (`search/index.html`).
struct Index {
    folder: std::path::PathBuf,
    shards: usize,
    chunk: usize,
}

impl Index {
    fn open(f: &Fixture, page: &str) -> Index {
        let html = f.read(page);
        let num = |attr: &str| -> usize {
            attr_values(&html, attr)
                .first()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{attr} in {page}"))
        };
        Index {
            folder: f.out().join(page).parent().expect("folder").to_path_buf(),
            shards: num("data-shards"),
            chunk: num("data-chunk"),
        }
    }

    fn json(&self, name: &str) -> serde_json::Value {
        let text = std::fs::read_to_string(self.folder.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// Document ids holding `term`.
    fn postings(&self, term: &str) -> Vec<u64> {
        let shard = self.json(&format!("t{}.json", shard_of(term, self.shards)));
        shard[term]
            .as_str()
            .map(|text| {
                decode_postings(text)
                    .unwrap_or_else(|| panic!("{term}: postings {text:?}"))
                    .into_iter()
                    .map(|(doc, _)| u64::from(doc))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The URLs of the documents that have every term of `q`.
    fn search(&self, q: &str) -> Vec<String> {
        let terms = query_terms(q).required;
        let mut hits: Option<Vec<u64>> = None;
        for t in &terms {
            let p = self.postings(t);
            hits = Some(match hits {
                None => p,
                Some(h) => h.into_iter().filter(|d| p.contains(d)).collect(),
            });
        }
        hits.unwrap_or_default()
            .into_iter()
            .map(|d| {
                let rows = self.json(&format!("d{}.json", d as usize / self.chunk));
                rows[d as usize % self.chunk][0].as_str().expect("url").to_string()
            })
            .collect()
    }
}

#[test]
fn the_index_finds_words_inside_runs_figures_and_english() {
    let f = fixture();
    let report = f.build_ok();
    let search = report.search.as_ref().expect("search on by default");
    assert!(search.docs > 0 && search.segmented == search.docs, "{search:?}");
    assert!(f.exists("search/index.html") && f.exists("en/search/index.html"));
    assert!(f.exists("js/search.js"));
    // The header's search box: a plain GET form to the language's search page.
    let home = f.read("index.html");
    assert!(home.contains(r#"<form class="site-search" role="search" action="/search/" method="get">"#));
    assert!(f.read("en/index.html").contains(r#"action="/en/search/""#));

    let zh = Index::open(&f, "search/index.html");
    let funds = zh.search("援疆资金");
    assert!(funds.contains(&"/stories/funds/".to_string()), "{funds:?}");
    assert!(
        funds.contains(&"/figures/2023/".to_string()),
        "the yearly 数读 page: {funds:?}"
    );
    let alar = zh.search("阿拉尔");
    assert!(alar.contains(&"/stories/funds/".to_string()), "{alar:?}");
    assert!(zh.search("没有这个词").is_empty());
    let en = Index::open(&f, "en/search/index.html");
    assert_eq!(en.search("hospitals"), ["/en/stories/funds/"]);
    assert_eq!(en.search("HOSPITALS aral"), ["/en/stories/funds/"]);
    assert!(en.search("阿拉尔").is_empty(), "each language has its own index");
    // Filters are terms of the index too.
    assert!(zh.postings("y:2023").len() >= 2);

    // Every result link leads to a page of the output.
    for url in zh.search("援疆").into_iter().chain(en.search("taizhou")) {
        let file = shudu::model::urls::output_file(&url);
        assert!(f.exists(&file), "{url}");
    }
}

#[test]
fn index_files_stay_few_per_page_and_search_false_removes_everything() {
    let f = fixture();
    f.build_ok();
    let files = files_under(&f.out());
    let pages = files.iter().filter(|p| p.ends_with(".html")).count();
    let index = files
        .iter()
        .filter(|p| (p.starts_with("search/") || p.starts_with("en/search/")) && p.ends_with(".json"))
        .count();
    assert!(index >= 4, "{files:?}");
    assert!(
        (index as f64) <= 0.3 * pages as f64 + 4.0,
        "{index} index files for {pages} pages"
    );

    f.write("site.yaml", &format!("{SITE_YAML}search: false\n"));
    let report = f.build_ok();
    assert!(report.search.is_none());
    let files = files_under(&f.out());
    assert!(
        !files.iter().any(|p| p.contains("search")),
        "{:?}",
        files.iter().filter(|p| p.contains("search")).collect::<Vec<_>>()
    );
    assert!(!f.read("index.html").contains("site-search"));
    assert!(!f.root().join(".shudu-cache/search/words.txt").exists() || report.search.is_none());
}

#[test]
fn a_rebuild_segments_only_what_changed() {
    let f = fixture();
    let first = f.build_ok().search.expect("search");
    assert!(f.root().join(".shudu-cache/search/words.txt").is_file());
    // Nothing changed: the build stops before rendering.
    let again = f.build_ok();
    assert_eq!(again.stats.written, 0);
    assert!(again.search.is_none(), "nothing was indexed");
    // A full build (the state record gone): every page from the cache.
    std::fs::remove_file(f.root().join(".public.shudu-state")).expect("state");
    let full = f.build_ok().search.expect("search");
    assert_eq!(full.docs, first.docs);
    assert_eq!(full.segmented, 0, "{full:?}");
    // One story edited: that page alone is segmented again.
    f.write(
        "content/stories/2021/mid-year.md",
        &common::story("年中回顾", "2021-08-03", "", "上半年的工作在阿拉尔市完成。"),
    );
    let edited = f.build_ok().search.expect("search");
    assert_eq!(edited.segmented, 1, "{edited:?}");
    let zh = Index::open(&f, "search/index.html");
    assert!(zh.search("阿拉尔").contains(&"/stories/mid-year/".to_string()));
}
