//! The search page of each language and its index: the documents are made
//! here from what the pages show (titles, summaries, body text, figure
//! labels, command and sector names), then [`crate::search::build_index`]
//! turns them into the files beside the page.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use super::context::{FigureData, Link, SearchData, SearchOption};
use super::pages::{Output, OutputData, Renderer};
use crate::diagnostic::Diagnostic;
use crate::model::urls::output_file;
use crate::search::{self, Doc, TermCache, BODY, LABEL, TITLE};

/// What the search jobs of one build did.
#[derive(Debug, Default)]
pub struct SearchReport {
    /// Documents indexed, over all languages.
    pub docs: usize,
    /// Documents segmented by this build (the others came from the cache).
    pub segmented: usize,
    /// Index files written.
    pub files: usize,
    /// Every indexed document's words: the next build's cache.
    pub(crate) cache: TermCache,
}

impl Renderer<'_> {
    /// What the search jobs did so far (all of it once every job has run).
    pub(crate) fn search_report(&self) -> SearchReport {
        match self.search.lock() {
            Ok(mut r) => std::mem::take(&mut *r),
            Err(_) => SearchReport::default(),
        }
    }

    /// The documents of language `lang`, in the order their ids follow:
    /// stories (newest first), yearly figures pages (newest first),
    /// commands, free pages.
    pub(crate) fn search_docs(&self, lang: usize) -> Vec<Doc> {
        let site = self.site;
        let urls = &site.urls;
        let code = self.langs[lang].code.as_str();
        let extra: Vec<&str> = self.extra_units.iter().map(String::as_str).collect();
        let command_label = |slug: &str| {
            site.command(slug).map(|c| {
                let v = c.shown(code);
                v.fields.short_name.clone().unwrap_or_else(|| v.fields.name.clone())
            })
        };
        // Stories, in parallel (their bodies' text is most of the work).
        let mut docs: Vec<Doc> = site
            .stories
            .par_iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let vi = s.versions.iter().position(|v| v.lang == code)?;
                let v = &s.versions[vi];
                let body = &self.content.stories[i][vi];
                let summary = v.fields.summary.clone().unwrap_or_else(|| body.summary.clone());
                let figures: Vec<String> = s
                    .figures
                    .iter()
                    .map(|f| {
                        let d = FigureData::new(site, f, code, &extra);
                        format!("{} {}", d.label, d.value)
                    })
                    .collect();
                let commands: Vec<String> = s.commands.iter().filter_map(|c| command_label(c)).collect();
                let sectors: Vec<String> = s
                    .sectors
                    .iter()
                    .filter_map(|t| site.sector(t))
                    .map(|sec| site.pick(&sec.labels, code, &sec.term).to_string())
                    .collect();
                let mut labels = vec![summary.clone()];
                labels.extend(figures.iter().cloned());
                labels.extend(s.figures.iter().filter_map(|f| f.note.clone()));
                labels.extend(commands.iter().cloned());
                labels.extend(sectors);
                let mut facets: Vec<String> = s.commands.iter().map(|c| format!("c:{c}")).collect();
                facets.extend(s.sectors.iter().map(|t| format!("s:{t}")));
                facets.push(format!("y:{}", s.date.year()));
                let excerpt = std::iter::once(summary).chain(figures).collect::<Vec<_>>().join(" · ");
                Some(Doc {
                    url: urls.href(&urls.story(code, &v.fields.slug)),
                    title: v.fields.title.clone(),
                    date: s.date.display(code),
                    command: commands.join(" · "),
                    excerpt: search::clip(&excerpt),
                    facets,
                    fields: vec![
                        (TITLE, v.fields.title.clone()),
                        (LABEL, labels.join(" \n ")),
                        (BODY, search::text::html_text(&body.html)),
                    ],
                })
            })
            .collect();
        let mut by_year: HashMap<i32, (BTreeSet<String>, BTreeSet<&str>)> = HashMap::new();
        for r in &site.figures.rows {
            let Some(f) = site.stories.get(r.story).and_then(|s| s.figures.get(r.figure)) else {
                continue;
            };
            let e = by_year.entry(r.year).or_default();
            e.0.insert(f.label(code, site.default_lang(), &site.indicators).to_string());
            e.1.insert(&r.command);
        }
        for year in site.figures.years() {
            let Some((labels, commands)) = by_year.get(&year) else {
                continue;
            };
            let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
            let names: Vec<String> = commands.iter().filter_map(|c| command_label(c)).collect();
            let mut facets: Vec<String> = commands.iter().map(|c| format!("c:{c}")).collect();
            facets.push(format!("y:{year}"));
            let title = format!("{}{}", self.tr(lang, "figures_year_title"), year);
            docs.push(Doc {
                url: urls.href(&urls.figures_year(code, year)),
                excerpt: search::clip(&labels.join(" · ")),
                facets,
                fields: vec![
                    (TITLE, title.clone()),
                    (LABEL, labels.join(" \n ")),
                    (LABEL, names.join(" \n ")),
                ],
                title,
                ..Doc::default()
            });
        }
        for (ci, c) in site.commands.iter().enumerate() {
            let Some(vi) = c.versions.iter().position(|v| v.lang == code) else {
                continue;
            };
            let v = &c.versions[vi];
            let body = &self.content.commands[ci][vi];
            let f = &v.fields;
            let labels: Vec<&str> = [&f.short_name, &f.origin, &f.partner]
                .into_iter()
                .filter_map(|x| x.as_deref())
                .collect();
            docs.push(Doc {
                url: urls.href(&urls.command(code, &c.slug, 1)),
                title: f.name.clone(),
                command: f.name.clone(),
                excerpt: search::clip(&body.summary),
                facets: vec![format!("c:{}", c.slug)],
                fields: vec![
                    (TITLE, f.name.clone()),
                    (LABEL, labels.join(" \n ")),
                    (BODY, search::text::html_text(&body.html)),
                ],
                ..Doc::default()
            });
        }
        for (pi, p) in site.pages.iter().enumerate() {
            let Some(vi) = p.versions.iter().position(|v| v.lang == code) else {
                continue;
            };
            let v = &p.versions[vi];
            let body = &self.content.pages[pi][vi];
            docs.push(Doc {
                url: urls.href(&urls.page(code, &p.slug)),
                title: v.fields.title.clone(),
                excerpt: search::clip(&body.summary),
                fields: vec![
                    (TITLE, v.fields.title.clone()),
                    (BODY, search::text::html_text(&body.html)),
                ],
                ..Doc::default()
            });
        }
        docs
    }

    /// `/search/` (or `/en/search/`…): the page, then its index files.
    pub(super) fn search_page(&self, lang: usize) -> Result<Vec<Output>, Diagnostic> {
        let site = self.site;
        let urls = &site.urls;
        let code = self.langs[lang].code.clone();
        let docs = self.search_docs(lang);
        let index = search::build_index(&docs, &site.search_cache);
        drop(docs);
        let path = urls.search(&code);
        let title = self.tr(lang, "search_title");
        let meta = self.meta("search", lang, title, String::new(), |l| Some(urls.search(l)));
        let mut ctx = self.context(lang, meta)?;
        let data = SearchData {
            action: urls.href(&path),
            script_href: urls.href(&format!("/{}", crate::load::SEARCH_SCRIPT)),
            shards: index.shards,
            chunk: search::CHUNK,
            docs: index.docs,
            version: index.version.clone(),
            commands: site
                .commands
                .iter()
                .map(|c| {
                    let v = c.shown(&code);
                    SearchOption {
                        value: c.slug.clone(),
                        label: v.fields.short_name.clone().unwrap_or_else(|| v.fields.name.clone()),
                    }
                })
                .collect(),
            sectors: site
                .sectors
                .iter()
                .map(|s| SearchOption {
                    value: s.term.clone(),
                    label: site.pick(&s.labels, &code, &s.term).to_string(),
                })
                .collect(),
            years: site
                .stories
                .iter()
                .map(|s| s.date.year())
                .chain(site.figures.years())
                .collect::<BTreeSet<i32>>()
                .into_iter()
                .rev()
                .map(|y| SearchOption {
                    value: y.to_string(),
                    label: y.to_string(),
                })
                .collect(),
            listings: vec![
                Link {
                    label: self.tr(lang, "nav_stories"),
                    href: urls.href(&urls.stories(&code, 1)),
                },
                Link {
                    label: self.tr(lang, "nav_commands"),
                    href: urls.href(&urls.commands(&code)),
                },
                Link {
                    label: self.tr(lang, "nav_sectors"),
                    href: urls.href(&urls.sectors(&code)),
                },
                Link {
                    label: self.tr(lang, "nav_figures"),
                    href: urls.href(&urls.figures(&code)),
                },
            ],
        };
        ctx.insert("search", &data);
        let mut out = self.page_output(&path, "search.html", &ctx)?;
        let folder = output_file(&path);
        let folder = folder.strip_suffix("index.html").unwrap_or(&folder).to_string();
        if let Ok(mut report) = self.search.lock() {
            report.docs += index.docs;
            report.segmented += index.segmented;
            report.files += index.files.len();
            report.cache.entries.extend(index.words);
        }
        out.extend(index.files.into_iter().map(|(name, bytes)| Output {
            path: format!("{folder}{name}"),
            data: OutputData::Bytes(bytes),
        }));
        Ok(out)
    }
}
