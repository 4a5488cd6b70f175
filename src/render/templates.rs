//! Compiling the theme's templates once, and rendering one of them.

use crate::diagnostic::Diagnostic;
use crate::load::ThemeSource;

/// The compiled templates of a build.
pub(crate) struct Templates {
    tera: tera::Tera,
    origins: std::collections::BTreeMap<String, String>,
}

/// Templates every theme must have (the built-in theme supplies them when a site's does not).
pub(crate) const REQUIRED: &[&str] = &[
    "index.html",
    "stories.html",
    "story.html",
    "commands.html",
    "command.html",
    "sectors.html",
    "sector.html",
    "page.html",
    "404.html",
    "figures.html",
    "figures_year.html",
    "shortcodes/figure.html",
    "shortcodes/figures.html",
    "widgets/story.html",
    "widgets/command_year.html",
    "widgets/indicator.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
];

impl Templates {
    /// Compiles every template of the theme; errors name the template file and line.
    pub(crate) fn compile(theme: &ThemeSource) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
        tera.set_escape_fn(write_escaped_html);
        // tera 1 had a built-in `get_env`, which would let a theme copy any
        // environment variable (a CI secret) into the public site. tera 2 has
        // none; shudu names one that always fails, so that a theme written
        // for tera 1 learns why.
        tera.register_function("get_env", no_environment);
        let origins: std::collections::BTreeMap<String, String> = theme
            .templates
            .iter()
            .map(|(n, s)| (n.clone(), s.origin.clone()))
            .collect();
        let sources: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.text.as_str()))
            .collect();
        // tera 2 checks every include when it compiles: the cards' template
        // only comes with the card it includes.
        let cards = theme
            .templates
            .contains_key(STORY_CARD)
            .then_some((STORY_CARDS, STORY_CARDS_TEXT));
        if let Err(e) = tera.add_raw_templates(sources.into_iter().chain(cards)) {
            return Err(template_errors(&origins, None, &e));
        }
        let missing: Vec<Diagnostic> = REQUIRED
            .iter()
            .filter(|n| !theme.templates.contains_key(**n))
            .map(|n| Diagnostic::error(format!("templates/{n}"), 0, 0, "template missing from the theme"))
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        Ok(Templates { tera, origins })
    }

    /// Renders template `name` with `ctx`.
    pub(crate) fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| template_error(&self.origins, Some(name), &e))
    }

    /// Renders template `name` with `ctx` straight into bytes: tera's
    /// [`render`](Self::render) checks the whole page is UTF-8 once more to
    /// make it a `String`, which a page written as bytes does not need.
    pub(crate) fn render_bytes(&self, name: &str, ctx: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(PAGE_CAPACITY);
        self.tera
            .render_to(name, ctx, &mut out)
            .map_err(|e| template_error(&self.origins, Some(name), &e))?;
        Ok(out)
    }

    /// Renders `partials/story_card.html` once per card, each with `card`
    /// set to one of `cards` and the rest of `ctx`, all in one render (one
    /// context and one pass for many cards).
    /// Returns the cards' HTML in the order of `cards`.
    pub(crate) fn render_story_cards<C: serde::Serialize>(
        &self,
        ctx: &tera::Context,
        cards: &[&C],
    ) -> Result<Vec<String>, Diagnostic> {
        let render = |cards: &[&C]| {
            let mut ctx = ctx.clone();
            ctx.insert("cards", cards);
            self.tera
                .render(STORY_CARDS, &ctx)
                .map_err(|e| template_error(&self.origins, Some(STORY_CARD), &e))
        };
        let all = render(cards)?;
        let mut html: Vec<String> = all.split(CARD_END).map(str::to_string).collect();
        // After the last card's end comes nothing.
        if html.pop().as_deref() == Some("") && html.len() == cards.len() {
            return Ok(html);
        }
        // A card's own text held the separator: one render per card.
        cards
            .iter()
            .map(|card| {
                let one = render(std::slice::from_ref(card))?;
                Ok(one.strip_suffix(CARD_END).unwrap_or(&one).to_string())
            })
            .collect()
    }
}

/// The first allocation of a page's bytes (most pages are larger than
/// their templates' text; fewer regrowths, fewer copies).
const PAGE_CAPACITY: usize = 8 * 1024;

/// The theme's story card, rendered by [`Templates::render_story_cards`].
const STORY_CARD: &str = "partials/story_card.html";
/// The template that renders many story cards at once (shudu's own; no theme
/// can name it, as theme templates are files without a leading `/`).
const STORY_CARDS: &str = "/shudu/story_cards.html";
const STORY_CARDS_TEXT: &str = "{% for card in cards %}{% include \"partials/story_card.html\" %}\u{1e}{% endfor %}";
/// Ends each card in the output of [`STORY_CARDS`] (the ASCII record separator).
const CARD_END: char = '\u{1e}';

/// Stands in for tera 1's `get_env`: templates cannot read the environment.
fn no_environment(args: tera::Kwargs, _: &tera::State) -> tera::TeraResult<tera::Value> {
    let name = args.get::<&str>("name").ok().flatten().unwrap_or("");
    Err(tera::Error::message(format!(
        "templates cannot read environment variables (`get_env(name=\"{name}\")`): shudu leaves get_env out so that a theme cannot copy a secret into the site"
    )))
}

/// Escapes text for HTML and XML: `& < > " '` (the crate's one escaper,
/// [`crate::markup::escape`]).
pub(crate) use crate::markup::escape::{html as escape_html, push_html as push_escaped_html};

/// tera's escape function: [`crate::markup::escape::write_html`].
fn write_escaped_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::markup::escape::write_html(out, text)
}

/// A tera error as a diagnostic at the template's file, with tera's line and column when it gives them.
fn template_error(
    origins: &std::collections::BTreeMap<String, String>,
    name: Option<&str>,
    e: &tera::Error,
) -> Diagnostic {
    let mut all = template_errors(origins, name, e).into_iter();
    let mut first = all
        .next()
        .unwrap_or_else(|| Diagnostic::error("templates", 0, 0, "template error"));
    for d in all {
        first.message += &format!("; {}:{}:{}: {}", d.path, d.line, d.col, d.message);
    }
    first
}

/// A tera error as diagnostics (tera reports every unknown filter, function,
/// test and include of a set of templates in one error): each at its
/// template's file, line and column when tera gives them.
fn template_errors(
    origins: &std::collections::BTreeMap<String, String>,
    name: Option<&str>,
    e: &tera::Error,
) -> Vec<Diagnostic> {
    let path_of = |template: Option<&str>| {
        template
            .and_then(|n| origins.get(n))
            .cloned()
            .unwrap_or_else(|| "templates".to_string())
    };
    let mut chain = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    let suffix = if chain.is_empty() {
        String::new()
    } else {
        format!(": {}", chain.join(": "))
    };
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    if let Some(r) = report {
        let span = r.span();
        let path = if origins.contains_key(r.filename()) {
            path_of(Some(r.filename()))
        } else {
            path_of(name)
        };
        let message = one_line(&format!("{}{suffix}", r.message()));
        return vec![Diagnostic::error(
            path,
            span.start_line,
            span.start_col + 1,
            format!("template error: {message}"),
        )];
    }
    let full = format!("{e}{suffix}");
    // Reports of several templates, each `error: message` then `--> name:line:col`.
    let reports: Vec<Diagnostic> = full
        .split("\n\n")
        .filter_map(|part| {
            let message = part.lines().next()?.strip_prefix("error: ")?;
            let (template, line, col) = find_position(part)?;
            Some(Diagnostic::error(
                path_of(Some(template)),
                line,
                col,
                format!("template error: {}", one_line(message)),
            ))
        })
        .collect();
    if !reports.is_empty() {
        return reports;
    }
    // tera names the template in quotes in its other messages.
    let named = name
        .map(str::to_string)
        .or_else(|| origins.keys().find(|n| full.contains(&format!("'{n}'"))).cloned());
    vec![Diagnostic::error(
        path_of(named.as_deref()),
        0,
        0,
        format!("template error: {}", one_line(&full)),
    )]
}

/// `text` on one line, its runs of white space made single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The template, line and column of a tera report's `--> name:line:col`.
fn find_position(report: &str) -> Option<(&str, usize, usize)> {
    let at = report.find("--> ")?;
    let rest = report[at + 4..].lines().next()?;
    let mut parts = rest.rsplitn(3, ':');
    let col = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?, line, col))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::theme::TemplateSource;

    #[test]
    fn escapes_markup_and_quotes_but_not_slashes() {
        let mut s = String::new();
        push_escaped_html(&mut s, "a<b>&\"'");
        assert_eq!(s, "a&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(escape_html("/a/?b=1"), "/a/?b=1");
        assert_eq!(escape_html("援疆<资金>“3.2亿”&'"), "援疆&lt;资金&gt;“3.2亿”&amp;&#39;");
        assert_eq!(escape_html("&&"), "&amp;&amp;");
        assert_eq!(escape_html(""), "");
    }

    fn theme_with(name: &str, text: &str) -> ThemeSource {
        let mut templates = std::collections::BTreeMap::new();
        templates.insert(
            name.to_string(),
            TemplateSource {
                text: text.to_string(),
                origin: format!("templates/{name}"),
            },
        );
        ThemeSource {
            templates,
            i18n: Default::default(),
            static_files: vec![],
        }
    }

    /// A theme with every required template (empty) besides `name`.
    fn complete_theme_with(name: &str, text: &str) -> ThemeSource {
        let mut theme = theme_with(name, text);
        for other in REQUIRED.iter().filter(|n| **n != name) {
            theme.templates.insert(
                other.to_string(),
                TemplateSource {
                    text: String::new(),
                    origin: format!("templates/{other}"),
                },
            );
        }
        theme
    }

    #[test]
    fn story_cards_render_one_by_one_in_one_pass() {
        let theme = complete_theme_with(
            STORY_CARD,
            "<h{{ card_h }}>{{ card.title }}</h{{ card_h }}> {{ t.x }}\n",
        );
        let templates = Templates::compile(&theme).expect("compiles");
        let mut ctx = tera::Context::new();
        ctx.insert("card_h", &3);
        ctx.insert("t", &serde_json::json!({"x": "<x>"}));
        let a = serde_json::json!({"title": "甲 & 乙"});
        let b = serde_json::json!({"title": "b"});
        let html = templates.render_story_cards(&ctx, &[&a, &b]).expect("renders");
        assert_eq!(html, ["<h3>甲 &amp; 乙</h3> &lt;x&gt;\n", "<h3>b</h3> &lt;x&gt;\n"]);
        // A card whose text holds the separator the pass splits on.
        let odd = serde_json::json!({"title": "a\u{1e}b"});
        let html = templates.render_story_cards(&ctx, &[&odd, &b]).expect("renders");
        assert_eq!(html, ["<h3>a\u{1e}b</h3> &lt;x&gt;\n", "<h3>b</h3> &lt;x&gt;\n"]);
        assert!(templates
            .render_story_cards::<serde_json::Value>(&ctx, &[])
            .expect("renders")
            .is_empty());
    }

    #[test]
    fn unknown_filters_are_errors_at_their_template_line_and_column() {
        let theme = complete_theme_with(STORY_CARD, "<p>\n{{ card.title | nope }}");
        let errs = Templates::compile(&theme).err().expect("unknown filter");
        assert_eq!(errs[0].path, "templates/partials/story_card.html", "{errs:?}");
        assert_eq!((errs[0].line, errs[0].col), (2, 17), "{errs:?}");
        assert!(errs[0].message.contains("nope"), "{errs:?}");
    }

    #[test]
    fn every_unknown_name_of_a_theme_is_reported() {
        let mut theme = complete_theme_with("index.html", "{{ a | nope }}");
        theme.templates.insert(
            "page.html".to_string(),
            TemplateSource {
                text: "x\n{{ nada() }}".to_string(),
                origin: "templates/page.html".to_string(),
            },
        );
        let errs = Templates::compile(&theme).err().expect("unknown filter and function");
        let at: Vec<_> = errs.iter().map(|e| (e.path.as_str(), e.line)).collect();
        assert_eq!(
            at,
            [("templates/index.html", 1), ("templates/page.html", 2)],
            "{errs:?}"
        );
    }

    #[test]
    fn rendering_errors_name_the_partial() {
        let theme = complete_theme_with(STORY_CARD, "{{ card.title.nope.deeper }}");
        let templates = Templates::compile(&theme).expect("compiles");
        let card = serde_json::json!({"title": "t"});
        let err = templates
            .render_story_cards(&tera::Context::new(), &[&card])
            .expect_err("no such field");
        assert_eq!(err.path, "templates/partials/story_card.html", "{err:?}");
        assert_eq!(err.line, 1, "{err:?}");
    }

    #[test]
    fn templates_cannot_read_the_environment() {
        // PATH is set in every environment the tests run in.
        assert!(std::env::var_os("PATH").is_some());
        let theme = complete_theme_with("robots.txt", "Sitemap: {{ get_env(name=\"PATH\") }}");
        let templates = Templates::compile(&theme).expect("compiles");
        let err = templates
            .render("robots.txt", &tera::Context::new())
            .expect_err("get_env must fail");
        assert_eq!(err.path, "templates/robots.txt");
        assert!(err.message.contains("cannot read environment variables"), "{err:?}");
        assert!(err.message.contains("PATH"), "{err:?}");
    }

    #[test]
    fn syntax_errors_name_file_and_line() {
        let errs = Templates::compile(&theme_with("story.html", "<p>\n{{ oops }\n"))
            .err()
            .expect("fails");
        assert_eq!(errs[0].path, "templates/story.html");
        assert_eq!(errs[0].line, 2, "{:?}", errs[0]);
    }
}
