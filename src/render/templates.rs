//! Compiling the theme's templates once, and rendering one of them.

use crate::diagnostic::Diagnostic;
use crate::load::ThemeSource;

/// The compiled templates of a build.
pub struct Templates {
    tera: tera::Tera,
    origins: std::collections::BTreeMap<String, String>,
}

/// Templates every theme must have (the built-in theme supplies them when a site's does not).
pub const REQUIRED: &[&str] = &[
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
    pub fn compile(theme: &ThemeSource) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
        tera.set_escape_fn(escape_html);
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
        if let Err(e) = tera.add_raw_templates(sources) {
            return Err(vec![template_error(&origins, None, &e)]);
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
    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| template_error(&self.origins, Some(name), &e))
    }
}

/// Escapes text for HTML and XML: `& < > " '` (the crate's one escaper,
/// [`crate::markup::escape`]).
pub use crate::markup::escape::{html as escape_html, push_html as push_escaped_html};

/// A tera error as a diagnostic at the template's file, with tera's line and column when it gives them.
fn template_error(
    origins: &std::collections::BTreeMap<String, String>,
    name: Option<&str>,
    e: &tera::Error,
) -> Diagnostic {
    let mut chain = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    let full = chain.join(": ");
    // tera names the template in quotes in its messages.
    let named = name
        .map(str::to_string)
        .or_else(|| origins.keys().find(|n| full.contains(&format!("'{n}'"))).cloned());
    let path = named
        .as_ref()
        .and_then(|n| origins.get(n))
        .cloned()
        .unwrap_or_else(|| "templates".to_string());
    let (line, col) = find_position(&full).unwrap_or((0, 0));
    let message = full.split_whitespace().collect::<Vec<_>>().join(" ");
    Diagnostic::error(path, line, col, format!("template error: {message}"))
}

/// tera's parse errors contain `--> line:col`.
fn find_position(msg: &str) -> Option<(usize, usize)> {
    let at = msg.find("--> ")?;
    let rest = &msg[at + 4..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (l, c) = rest[..end].split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
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
            name: "t".into(),
            templates,
            i18n: Default::default(),
            static_files: vec![],
        }
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
