//! The one place that knows URLs.
//!
//! A *site path* starts with `/` and ignores the base URL: `/en/stories/alar/`.
//! `Urls::href` turns it into a link (with the base URL's path, for sites
//! served from a sub-folder), `Urls::permalink` into an absolute URL, and
//! [`output_file`] into the file written under the output folder.

/// URL scheme of the site.
#[derive(Debug, Clone)]
pub(crate) struct Urls {
    /// `https://aid.example.org` or `https://example.github.io/aid` (no trailing slash).
    base_url: String,
    /// The path part of the base URL (`/aid`), or empty.
    base_path: String,
    default_lang: String,
}

impl Urls {
    pub(crate) fn new(base_url: &str, default_lang: &str) -> Self {
        let base_url = base_url.trim_end_matches('/').to_string();
        let after_scheme = base_url.split_once("://").map(|(_, r)| r).unwrap_or(&base_url);
        let base_path = after_scheme
            .find('/')
            .map(|i| after_scheme[i..].to_string())
            .unwrap_or_default();
        Urls {
            base_url,
            base_path,
            default_lang: default_lang.to_string(),
        }
    }

    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `""` for the default language, `/en` for others.
    pub(crate) fn lang_prefix(&self, lang: &str) -> String {
        if lang == self.default_lang {
            String::new()
        } else {
            format!("/{lang}")
        }
    }

    pub(crate) fn home(&self, lang: &str) -> String {
        format!("{}/", self.lang_prefix(lang))
    }

    /// Page `page` of a listing: the first is the section's folder
    /// (`/stories/`), the next ones files in its `page/` folder
    /// (`/stories/page/2.html`), so that a long listing costs one folder,
    /// not one per page.
    fn paged(&self, lang: &str, section: &str, page: usize) -> String {
        if page <= 1 {
            format!("{}/{section}/", self.lang_prefix(lang))
        } else {
            format!("{}/{section}/page/{page}.html", self.lang_prefix(lang))
        }
    }

    /// The story listing, page `page` (1-based).
    pub(crate) fn stories(&self, lang: &str, page: usize) -> String {
        self.paged(lang, "stories", page)
    }
    pub(crate) fn story(&self, lang: &str, slug: &str) -> String {
        format!("{}/stories/{slug}/", self.lang_prefix(lang))
    }
    pub(crate) fn commands(&self, lang: &str) -> String {
        format!("{}/commands/", self.lang_prefix(lang))
    }
    /// A command's page; its stories are paginated under it.
    pub(crate) fn command(&self, lang: &str, slug: &str, page: usize) -> String {
        self.paged(lang, &format!("commands/{slug}"), page)
    }
    pub(crate) fn sectors(&self, lang: &str) -> String {
        format!("{}/sectors/", self.lang_prefix(lang))
    }
    pub(crate) fn sector(&self, lang: &str, term: &str, page: usize) -> String {
        self.paged(lang, &format!("sectors/{term}"), page)
    }
    /// A free page (`/about/`).
    pub(crate) fn page(&self, lang: &str, slug: &str) -> String {
        format!("{}/{slug}/", self.lang_prefix(lang))
    }
    pub(crate) fn figures(&self, lang: &str) -> String {
        format!("{}/figures/", self.lang_prefix(lang))
    }
    pub(crate) fn figures_year(&self, lang: &str, year: i32) -> String {
        format!("{}/figures/{year}/", self.lang_prefix(lang))
    }
    /// The search page; its index files are beside it.
    pub(crate) fn search(&self, lang: &str) -> String {
        format!("{}/search/", self.lang_prefix(lang))
    }
    pub(crate) fn feed(&self, lang: &str) -> String {
        format!("{}/atom.xml", self.lang_prefix(lang))
    }
    /// The folder of the embeddable widgets of `lang`: `/embed/`, `/en/embed/`.
    fn embed(&self, lang: &str) -> String {
        format!("{}/embed/", self.lang_prefix(lang))
    }
    /// A story version's widget (its 数读 panel), a file in the folder of
    /// that version's page: `/stories/x/widget.html`. Its oEmbed response is
    /// [`Self::story_oembed`], beside it.
    pub(crate) fn story_widget(&self, lang: &str, slug: &str) -> String {
        format!("{}{STORY_WIDGET}", self.story(lang, slug))
    }
    /// A story version's oEmbed response: `/stories/x/oembed.json`.
    pub(crate) fn story_oembed(&self, lang: &str, slug: &str) -> String {
        format!("{}{STORY_OEMBED}", self.story(lang, slug))
    }
    /// A command's figures of one year, as a widget.
    pub(crate) fn embed_command_year(&self, lang: &str, slug: &str, year: i32) -> String {
        format!("{}commands/{slug}/{year}/", self.embed(lang))
    }
    /// One indicator across years and commands, as a widget.
    pub(crate) fn embed_indicator(&self, lang: &str, key: &str) -> String {
        format!("{}indicators/{key}/", self.embed(lang))
    }
    /// The origin of the base URL (`https://aid.example.org`, no path): what
    /// `event.origin` is for messages from the site's widgets.
    pub(crate) fn origin(&self) -> &str {
        let start = self.base_url.find("://").map_or(0, |i| i + 3);
        match self.base_url[start..].find('/') {
            Some(i) => &self.base_url[..start + i],
            None => &self.base_url,
        }
    }

    /// A file copied beside a story's page (a cover image, or a file its body
    /// links to: `file` may be a relative path such as `images/a.jpg`).
    pub(crate) fn story_asset(&self, lang: &str, slug: &str, file: &str) -> String {
        format!("{}{file}", self.story(lang, slug))
    }

    /// A link to a site path, with the base URL's path: `/aid/en/stories/x/`.
    pub(crate) fn href(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }
    /// The absolute URL of a site path.
    pub(crate) fn permalink(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// The file name of a story's widget in its page's folder.
pub(crate) const STORY_WIDGET: &str = "widget.html";
/// The file name of a story widget's oEmbed response in the page's folder.
pub(crate) const STORY_OEMBED: &str = "oembed.json";

/// The output file of a site path: `/en/stories/x/` → `en/stories/x/index.html`.
pub fn output_file(path: &str) -> String {
    let p = path.trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    }
}

/// Free-page slugs that would clash with the site's own sections.
pub(crate) use crate::markup::url::RESERVED_SLUGS;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_per_language() {
        let u = Urls::new("https://aid.example.org/", "zh");
        assert_eq!(u.home("zh"), "/");
        assert_eq!(u.home("en"), "/en/");
        assert_eq!(u.stories("zh", 1), "/stories/");
        assert_eq!(u.stories("en", 3), "/en/stories/page/3.html");
        assert_eq!(u.story("en", "a"), "/en/stories/a/");
        assert_eq!(u.command("zh", "taizhou", 2), "/commands/taizhou/page/2.html");
        assert_eq!(
            output_file(&u.sector("en", "health", 4)),
            "en/sectors/health/page/4.html"
        );
        assert_eq!(u.feed("en"), "/en/atom.xml");
        assert_eq!(u.permalink("/en/"), "https://aid.example.org/en/");
    }

    #[test]
    fn base_path_is_kept_in_links() {
        let u = Urls::new("https://example.github.io/aid", "zh");
        assert_eq!(u.href("/stories/"), "/aid/stories/");
        assert_eq!(u.permalink("/stories/"), "https://example.github.io/aid/stories/");
    }

    #[test]
    fn widget_paths_depend_only_on_language_slug_key_and_year() {
        let u = Urls::new("https://aid.example.org/", "zh");
        assert_eq!(u.story_widget("zh", "alar-talent"), "/stories/alar-talent/widget.html");
        assert_eq!(u.story_oembed("en", "alar-en"), "/en/stories/alar-en/oembed.json");
        assert_eq!(
            u.embed_command_year("zh", "taizhou", 2022),
            "/embed/commands/taizhou/2022/"
        );
        assert_eq!(
            u.embed_command_year("en", "taizhou", 2022),
            "/en/embed/commands/taizhou/2022/"
        );
        assert_eq!(u.embed_indicator("zh", "aid_funds"), "/embed/indicators/aid_funds/");
        assert_eq!(u.embed_indicator("en", "aid_funds"), "/en/embed/indicators/aid_funds/");
        assert_eq!(output_file(&u.story_widget("en", "a")), "en/stories/a/widget.html");
        assert_eq!(
            output_file(&u.embed_indicator("en", "a")),
            "en/embed/indicators/a/index.html"
        );
        let sub = Urls::new("https://example.github.io/aid", "zh");
        assert_eq!(
            sub.permalink(&sub.embed_indicator("en", "k")),
            "https://example.github.io/aid/en/embed/indicators/k/"
        );
    }

    #[test]
    fn origin_drops_the_path() {
        assert_eq!(
            Urls::new("https://aid.example.org/", "zh").origin(),
            "https://aid.example.org"
        );
        assert_eq!(
            Urls::new("https://example.github.io/aid/", "zh").origin(),
            "https://example.github.io"
        );
        assert_eq!(
            Urls::new("http://127.0.0.1:8080", "zh").origin(),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn output_files() {
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/en/stories/x/"), "en/stories/x/index.html");
        assert_eq!(output_file("/atom.xml"), "atom.xml");
    }
}
