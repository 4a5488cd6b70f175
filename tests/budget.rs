//! The output's budget, counted (never timed): a story version costs at most
//! three files (its page, its widget, the widget's oEmbed response) and one
//! folder, and everything else (listings, commands, sectors, figures pages,
//! aggregate widgets, data, feeds, styles) at most 10% on top.
//!
//! The corpus is generated here: a few hundred stories, most of them
//! translated, all with figures. The fixed part of "everything else" (one
//! widget per command and year, per indicator…) does not grow with the
//! stories, so the 10% is checked where it matters, on what each added story
//! version adds: the site is built at two sizes and the difference counted.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

const COMMANDS: [&str; 6] = ["taizhou", "hangzhou", "beijing", "shanghai", "fujian", "hunan"];
const SECTORS: [&str; 4] = ["education", "health", "industry", "culture"];
const KEYS: [(&str, &str, &str, &str); 5] = [
    ("aid_funds", "援疆资金", "Aid funds", "万元"),
    ("projects", "援疆项目", "Aid projects", "个"),
    ("teachers", "结对教师", "Paired teachers", "人"),
    ("surgeries", "完成手术", "Surgeries", "例"),
    ("trainees", "培训人次", "Trainees", "人次"),
];

/// A site of `n` stories: every story with two to four figures, three in
/// four translated, one to two sectors, paginated by 20.
fn corpus(n: usize) -> Fixture {
    let f = Fixture::empty();
    let sectors: String = SECTORS
        .iter()
        .map(|s| format!("  {s}: {{zh: {s}, en: {s}}}\n"))
        .collect();
    f.write(
        "site.yaml",
        &format!(
            "base_url: https://aid.example.org\ndefault_language: zh\nlanguages:\n  zh: {{title: 援疆数读}}\n  en: {{title: Aid in Numbers}}\npaginate: 20\nsectors:\n{sectors}"
        ),
    );
    let keys: String = KEYS
        .iter()
        .map(|(k, zh, en, _)| format!("{k}:\n  label: {{zh: {zh}, en: {en}}}\n"))
        .collect();
    f.write("data/indicators.yaml", &keys);
    for c in COMMANDS {
        f.write(
            &format!("content/commands/{c}.md"),
            &format!("---\nname: {c}援疆指挥部\n---\n{c}。\n"),
        );
        f.write(
            &format!("content/commands/{c}.en.md"),
            &format!("---\nname: {c} Aid Command\n---\n{c}.\n"),
        );
    }
    for i in 0..n {
        let year = 2016 + i % 8;
        let figures: String = (0..2 + i % 3)
            .map(|k| {
                let (key, zh, en, unit) = KEYS[(i + k) % KEYS.len()];
                format!(
                    "  - key: {key}\n    label: {{zh: {zh}, en: {en}}}\n    value: {}\n    unit: {unit}\n",
                    10 + i * 7 % 900
                )
            })
            .collect();
        let sectors: Vec<&str> = (0..1 + i % 2).map(|k| SECTORS[(i + k) % SECTORS.len()]).collect();
        let slug = format!("story-{i:04}");
        f.write(
            &format!("content/stories/{year}/{slug}.md"),
            &format!(
                "---\ntitle: 援疆故事{i}\ndate: {year}-{:02}-{:02}\ncommand: {}\nsectors: [{}]\nfigures:\n{figures}---\n第{i}篇。援疆干部人才在受援地开展工作。\n",
                1 + i % 12,
                1 + i % 28,
                COMMANDS[i % COMMANDS.len()],
                sectors.join(", ")
            ),
        );
        if i % 4 != 3 {
            f.write(
                &format!("content/stories/{year}/{slug}.en.md"),
                &format!("---\ntitle: Aid story {i}\nslug: aid-story-{i}\n---\nStory {i}.\n"),
            );
        }
    }
    f
}

/// What an output holds: files, folders, and the files of each story
/// version's folder (`stories/<slug>/`, `en/stories/<slug>/`). The search
/// index's files (`search/*.json`, `en/search/*.json`) have their own
/// budget (0.3 a page, issue 17) and are counted apart, as the lean-output
/// issue says.
struct Count {
    files: usize,
    index_files: usize,
    pages: usize,
    folders: usize,
    versions: BTreeMap<String, Vec<String>>,
}

fn count(out: &Path) -> Count {
    let mut c = Count {
        files: 0,
        index_files: 0,
        pages: 0,
        folders: 0,
        versions: BTreeMap::new(),
    };
    for e in walkdir::WalkDir::new(out).min_depth(1).into_iter().flatten() {
        let rel = e
            .path()
            .strip_prefix(out)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        if e.file_type().is_dir() {
            c.folders += 1;
            continue;
        }
        let in_index = rel.strip_prefix("en/").unwrap_or(&rel).strip_prefix("search/");
        if in_index.is_some_and(|f| f.ends_with(".json")) {
            c.index_files += 1;
            continue;
        }
        c.files += 1;
        c.pages += usize::from(rel.ends_with(".html"));
        let in_story = rel
            .strip_prefix("en/")
            .unwrap_or(&rel)
            .strip_prefix("stories/")
            .and_then(|r| r.split_once('/'))
            .filter(|(slug, _)| *slug != "page");
        if let Some((_, file)) = in_story {
            let folder = &rel[..rel.len() - file.len()];
            c.versions.entry(folder.to_string()).or_default().push(file.to_string());
        }
    }
    c
}

#[test]
fn a_story_version_costs_three_files_and_one_folder_and_the_rest_ten_percent() {
    let (small_n, large_n) = (150, 300);
    let mut counts = Vec::new();
    for n in [small_n, large_n] {
        let f = corpus(n);
        f.build_ok();
        let c = count(&f.out());
        let translated = (0..n).filter(|i| i % 4 != 3).count();
        assert_eq!(c.versions.len(), n + translated, "one folder per story version");
        for (folder, files) in &c.versions {
            let mut files = files.clone();
            files.sort();
            assert_eq!(
                files,
                ["index.html", "oembed.json", "widget.html"],
                "{folder}: the page, its widget and the widget's oEmbed, no sub-folder"
            );
        }
        counts.push(c);
    }
    let (small, large) = (&counts[0], &counts[1]);
    let versions = (large.versions.len() - small.versions.len()) as f64;
    let files = (large.files - small.files) as f64;
    let folders = (large.folders - small.folders) as f64;
    assert!(
        files <= 3.0 * versions * 1.1,
        "{files} more files for {versions} more story versions: over 3 each + 10%"
    );
    assert!(
        folders <= versions * 1.1,
        "{folders} more folders for {versions} more story versions: over 1 each + 10%"
    );
    assert!(
        large.index_files > 0 && large.index_files as f64 <= 0.3 * large.pages as f64,
        "{} search index files for {} pages: over 0.3 a page",
        large.index_files,
        large.pages
    );
    eprintln!(
        "{small_n} stories: {} files, {} folders, {} versions; {large_n}: {} files, {} folders, {} versions; \
         each added version: {:.2} files, {:.2} folders",
        small.files,
        small.folders,
        small.versions.len(),
        large.files,
        large.folders,
        large.versions.len(),
        files / versions,
        folders / versions
    );
}
