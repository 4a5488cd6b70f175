//! What every page of one language shares: `t`, `site`, and the site's
//! navigation and footer rendered once as HTML (`nav_html`, `footer_html`).
//!
//! `site` differs between pages only in which navigation entry is current,
//! so there are few of them: one per entry, and one with none current. Each
//! has its own [`BaseContext`]: a page's context starts as a clone of one
//! that holds all of it (tera 2 shares values), instead of serialising
//! `site` again.
//!
//! The two fragments come from the theme's `partials/site_nav.html` and
//! `partials/site_footer.html`, with `site` and `t` (no `page`), trimmed of
//! the spaces and line breaks around them; `base.html` writes them with
//! `| safe`. A theme overrides them like any template, and
//! `site.nav` is there too, for a `base.html` that draws its own navigation.

use std::sync::OnceLock;

use super::context::{NavLink, SiteData};
use super::page_context::{BaseContext, PageContext};
use super::pages::Renderer;
use crate::diagnostic::Diagnostic;

/// The navigation's template (given `site` and `t`), handed in as `nav_html`.
pub(super) const SITE_NAV: &str = "partials/site_nav.html";
/// The footer's template (given `site` and `t`), handed in as `footer_html`.
pub(super) const SITE_FOOTER: &str = "partials/site_footer.html";

/// An entry of a language's main navigation.
pub(super) struct NavEntry {
    label: String,
    /// Its path (not yet a link: see [`crate::model::urls::Urls::href`]).
    path: String,
    /// The kinds of page it is current on; none for a free page's entry,
    /// current on that page only.
    kinds: &'static [&'static str],
}

impl NavEntry {
    fn is_current(&self, kind: &str, path: &str) -> bool {
        if self.kinds.is_empty() {
            kind == "page" && path == self.path
        } else {
            self.kinds.contains(&kind)
        }
    }
}

/// Base contexts of one language, by navigation state: index 0 has no entry
/// current, index `i + 1` has entry `i` current. Each made on first use.
pub(super) type SiteBases = Vec<OnceLock<Result<BaseContext, Diagnostic>>>;

impl Renderer<'_> {
    /// The main navigation of language `lang`: the fixed sections, then the free pages.
    pub(super) fn nav_entries(&self, lang: usize) -> Vec<NavEntry> {
        let site = self.site;
        let urls = &site.urls;
        let code = &self.langs[lang].code;
        let fixed: [(&str, String, &'static [&'static str]); 5] = [
            ("nav_home", urls.home(code), &["home"]),
            ("nav_stories", urls.stories(code, 1), &["stories", "story"]),
            ("nav_commands", urls.commands(code), &["commands", "command"]),
            ("nav_sectors", urls.sectors(code), &["sectors", "sector"]),
            ("nav_figures", urls.figures(code), &["figures", "figures_year"]),
        ];
        let mut nav: Vec<NavEntry> = fixed
            .into_iter()
            .map(|(key, path, kinds)| NavEntry {
                label: self.tr(lang, key),
                path,
                kinds,
            })
            .collect();
        for p in &site.pages {
            let v = p.version(code).unwrap_or(&p.versions[p.primary]);
            nav.push(NavEntry {
                label: v.fields.title.clone(),
                path: urls.page(&v.lang, &p.slug),
                kinds: &[],
            });
        }
        nav
    }

    /// A page's context: its language's shared variables and `page`.
    pub(super) fn context(&self, lang: usize, meta: super::context::PageMeta) -> Result<PageContext, Diagnostic> {
        let state = self.nav_state(lang, meta.kind, &meta.canonical);
        let mut ctx = self.site_base(lang, state)?.page();
        ctx.insert("page", &meta);
        Ok(ctx)
    }

    /// Which navigation entry a page of `kind` at `canonical` makes current
    /// (0: none, `i + 1`: entry `i`).
    fn nav_state(&self, lang: usize, kind: &str, canonical: &str) -> usize {
        let path = canonical.strip_prefix(self.site.urls.base_url()).unwrap_or("");
        self.langs[lang]
            .nav
            .iter()
            .position(|e| e.is_current(kind, path))
            .map_or(0, |i| i + 1)
    }

    fn site_base(&self, lang: usize, state: usize) -> Result<&BaseContext, Diagnostic> {
        let bases = &self.langs[lang].site_bases;
        let Some(cell) = bases.get(state) else {
            return Err(Diagnostic::error("templates", 0, 0, "no such navigation entry"));
        };
        cell.get_or_init(|| self.make_site_base(lang, state).map(BaseContext::new))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// `{"t", "site", "nav_html", "footer_html"}` for navigation state `state`.
    fn make_site_base(&self, lang: usize, state: usize) -> Result<tera::Context, Diagnostic> {
        let mut base = tera::Context::new();
        base.insert_value("t", self.langs[lang].t_value.clone());
        base.insert("site", &self.site_data(lang, state));
        let mut htmls = Vec::new();
        for (key, template) in [("nav_html", SITE_NAV), ("footer_html", SITE_FOOTER)] {
            let html = self.templates.render(template, &base)?;
            htmls.push((key, tera::Value::from(html.trim())));
        }
        for (key, html) in htmls {
            base.insert_value(key, html);
        }
        Ok(base)
    }

    /// `site` as language `lang` shows it, with navigation entry `state - 1` current.
    fn site_data(&self, lang: usize, state: usize) -> SiteData<'_> {
        let site = self.site;
        let urls = &site.urls;
        let code = &self.langs[lang].code;
        let cfg = site.config.language(code);
        SiteData {
            title: cfg.map(|c| c.title.as_str()).unwrap_or(""),
            description: cfg.map(|c| c.description.as_str()).unwrap_or(""),
            base_url: urls.base_url(),
            home_href: urls.href(&urls.home(code)),
            default_language: site.default_lang(),
            nav: self.langs[lang]
                .nav
                .iter()
                .enumerate()
                .map(|(i, e)| NavLink {
                    label: e.label.clone(),
                    href: urls.href(&e.path),
                    current: i + 1 == state,
                })
                .collect(),
            feed_href: urls.href(&urls.feed(code)),
            static_href: urls.href("/"),
            search_href: site.config.search.then(|| urls.href(&urls.search(code))),
        }
    }
}
