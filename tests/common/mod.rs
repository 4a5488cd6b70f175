//! Fixture sites for integration tests: a small valid site written into a
//! temp folder, built, and inspected.
#![allow(dead_code)]

pub(crate) mod browser;
pub(crate) mod static_server;

use std::fs;
use std::path::{Path, PathBuf};

use shudu::build::{BuildError, BuildReport};
use shudu::diagnostic::Diagnostic;
use shudu::BuildOptions;

pub(crate) const SITE_YAML: &str = "\
base_url: https://aid.example.org
timezone: Asia/Shanghai
default_language: zh
languages:
  zh: {title: 援疆数读, description: 对口援疆的成果}
  en: {title: Aid in Numbers, description: Results of paired aid}
paginate: 2
sectors:
  education: {zh: 教育, en: Education}
  medical: {zh: 医疗, en: Health care}
";

pub(crate) const COMMAND_ZH: &str = "---\nname: 台州市援疆指挥部\nshort_name: 台州\norigin: 浙江省台州市\npartner: 第一师阿拉尔市\nsince: 2010\nbatch: 10\n---\n台州援疆的介绍。\n";
pub(crate) const COMMAND_EN: &str = "---\nname: Taizhou Aid Command\nshort_name: Taizhou\npartner: 1st Division, Alar\n---\nAbout the Taizhou command.\n";

/// A story file with the given extra front-matter lines.
pub(crate) fn story(title: &str, date: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\ncommand: taizhou\nsectors: [education]\n{extra}---\n{body}\n")
}

/// Diagnostics one a line, for assertion messages.
pub(crate) fn listed(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

pub(crate) struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// An empty folder.
    pub(crate) fn empty() -> Self {
        Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A minimal valid site: config, one command in two languages, two stories
    /// (one translated, one Chinese only).
    pub(crate) fn new() -> Self {
        let f = Self::empty();
        f.write("site.yaml", SITE_YAML);
        f.write("content/commands/taizhou.md", COMMAND_ZH);
        f.write("content/commands/taizhou.en.md", COMMAND_EN);
        f.write(
            "content/stories/2022/alar-talent.md",
            &story(
                "台州智力援疆",
                "2022-04-15",
                "figures:\n  - key: aid_funds\n    label: {zh: 援疆资金, en: Aid funds}\n    value: 3.2186\n    unit: 亿元\n",
                "台州援疆干部\n人才在阿拉尔。\n\n## 产业扶持\n\n正文。",
            ),
        );
        f.write(
            "content/stories/2022/alar-talent.en.md",
            "---\ntitle: Taizhou sends talent to Alar\n---\nTaizhou cadres\nwork in Alar.\n",
        );
        f.write(
            "content/stories/2021/mid-year.md",
            &story("年中回顾", "2021-08-03", "", "上半年的工作。"),
        );
        f
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub(crate) fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.dir.path().join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, text).expect("write");
        self
    }

    #[allow(dead_code)]
    pub(crate) fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let p = self.dir.path().join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, bytes).expect("write");
        self
    }

    pub(crate) fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.dir.path().join(rel)).expect("remove");
        self
    }

    /// Options with a fixed "now" (2024-01-01), so scheduling is reproducible.
    pub(crate) fn options() -> BuildOptions {
        BuildOptions {
            now: chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00+08:00").expect("date"),
            ..BuildOptions::default()
        }
    }

    /// Options with the real "now", for the sample portal.
    #[allow(dead_code)]
    pub(crate) fn options_now() -> BuildOptions {
        BuildOptions::default()
    }

    pub(crate) fn build_with(&self, options: &BuildOptions) -> Result<BuildReport, BuildError> {
        shudu::build(self.root(), &self.out(), options)
    }

    pub(crate) fn build(&self) -> Result<BuildReport, BuildError> {
        self.build_with(&Self::options())
    }

    /// Builds and expects success.
    pub(crate) fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(r) => r,
            Err(BuildError::Site(d)) => panic!(
                "build failed:\n{}",
                d.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
            ),
            Err(e) => panic!("build failed: {e}"),
        }
    }

    /// Builds and expects errors; returns all diagnostics.
    pub(crate) fn build_err(&self) -> Vec<Diagnostic> {
        match self.build() {
            Ok(_) => panic!("build succeeded, errors expected"),
            Err(BuildError::Site(d)) => d,
            Err(e) => panic!("unexpected failure: {e}"),
        }
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).is_file()
    }
}

/// Every file under `dir`, relative, sorted.
pub(crate) fn files_under(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

/// Values of `attr="…"` in `html`.
pub(crate) fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

/// Links (href, src) of every HTML and XML file of the output that point into
/// the site (root-relative or under `base_url`) but to no file. Empty when all resolve.
pub(crate) fn broken_links(out: &Path, base_url: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for rel in files_under(out) {
        if !(rel.ends_with(".html") || rel.ends_with(".xml")) {
            continue;
        }
        let text = fs::read_to_string(out.join(&rel)).expect("read");
        let mut links = attr_values(&text, "href");
        links.extend(attr_values(&text, "src"));
        for tag in ["loc", "id"] {
            let open = format!("<{tag}>");
            for part in text.split(&open).skip(1) {
                if let Some(end) = part.find(&format!("</{tag}>")) {
                    links.push(part[..end].to_string());
                }
            }
        }
        for link in links {
            let path = if let Some(p) = link.strip_prefix(base_url) {
                if p.is_empty() {
                    "/".to_string()
                } else {
                    p.to_string()
                }
            } else if link.starts_with('/') && !link.starts_with("//") {
                link.clone()
            } else {
                continue;
            };
            let path = path.split(['#', '?']).next().unwrap_or("").to_string();
            let target = if path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.clone()
            };
            let file = out.join(target.trim_start_matches('/'));
            if !file.is_file() {
                broken.push(format!("{rel}: {link}"));
            }
        }
    }
    broken
}

/// A `width`×`height` picture encoded as `format`, with a gradient so that
/// it is not trivially compressible.
#[allow(dead_code)]
pub(crate) fn picture(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width.max(1)) as u8, (y * 255 / height.max(1)) as u8, 90])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), format)
        .expect("encode");
    out
}
