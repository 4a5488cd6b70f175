//! Shortcodes in story bodies: `{{ figure(key="aid_funds", command="taizhou", year=2022) }}`
//! renders one stat card, `{{ figures() }}` the story's own 数读 panel.
//!
//! They are found here (outside fenced code), checked against the figures
//! index (an unknown key, command or missing figure is an error at the
//! shortcode's line and column), and kept as byte ranges of the body. The
//! renderer replaces each range with the theme's `shortcodes/figure.html` or
//! `shortcodes/figures.html`.

use std::ops::Range;

use crate::diagnostic::{did_you_mean, Diagnostics};

/// What a resolved shortcode shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ShortcodeKind {
    /// One figure: index of its row in `Site::figures.rows`.
    Figure { row: usize },
    /// The story's own panel.
    Figures,
}

/// A shortcode of a body, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shortcode {
    /// Byte range of `{{ … }}` in the body.
    pub(crate) range: Range<usize>,
    pub(crate) kind: ShortcodeKind,
}

/// A shortcode as written, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawShortcode {
    /// Byte range of `{{ … }}` in the body.
    pub range: Range<usize>,
    /// The shortcode's name (`figure`, `figures`), as written.
    pub name: String,
    /// Arguments in order: (name, value without quotes).
    pub(crate) args: Vec<(String, String)>,
    /// 0-based line in the body.
    pub line: usize,
    /// 1-based column in that line, in characters.
    pub col: usize,
}

/// A malformed shortcode: 0-based body line, 1-based column, message.
pub(crate) type SyntaxError = (usize, usize, String);

/// Whether a line opens or closes a fenced code block; returns its fence.
fn fence_of(line: &str) -> Option<(char, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let c = rest.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = rest.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

/// Finds the shortcodes of `body`, outside fenced code blocks and inline code.
pub fn find(body: &str) -> (Vec<RawShortcode>, Vec<SyntaxError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut open_fence: Option<(char, usize)> = None;
    let mut offset = 0;
    for (line_no, line) in body.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        if let Some((c, n)) = fence_of(line) {
            match open_fence {
                None => open_fence = Some((c, n)),
                Some((oc, on)) if oc == c && n >= on && line.trim().chars().all(|x| x == c) => open_fence = None,
                _ => {}
            }
            continue;
        }
        if open_fence.is_some() || !line.contains("{{") {
            continue;
        }
        scan_line(line, start, line_no, &mut found, &mut errors);
    }
    (found, errors)
}

fn scan_line(line: &str, start: usize, line_no: usize, found: &mut Vec<RawShortcode>, errors: &mut Vec<SyntaxError>) {
    let bytes = line.as_bytes();
    let mut in_code = false;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            in_code = !in_code;
            i += 1;
            continue;
        }
        if !in_code && bytes[i..].starts_with(b"{{") {
            let col = line[..i].chars().count() + 1;
            match parse_at(&line[i..]) {
                Parsed::Shortcode { len, name, args } => {
                    found.push(RawShortcode {
                        range: start + i..start + i + len,
                        name,
                        args,
                        line: line_no,
                        col,
                    });
                    i += len;
                    continue;
                }
                Parsed::Malformed(message) => {
                    errors.push((line_no, col, message));
                    i += 2;
                    continue;
                }
                Parsed::NotShortcode => {}
            }
        }
        i += 1;
    }
}

enum Parsed {
    Shortcode {
        len: usize,
        name: String,
        args: Vec<(String, String)>,
    },
    Malformed(String),
    NotShortcode,
}

/// Parses `{{ name(args) }}` at the start of `s`.
fn parse_at(s: &str) -> Parsed {
    let mut p = Cursor { s, i: 2 };
    p.spaces();
    let name = p.ident();
    if name.is_empty() {
        return Parsed::NotShortcode;
    }
    p.spaces();
    if !p.eat('(') {
        // `{{ word }}` is not a shortcode call: left as text.
        return Parsed::NotShortcode;
    }
    let mut args = Vec::new();
    loop {
        p.spaces();
        if p.eat(')') {
            break;
        }
        let arg = p.ident();
        if arg.is_empty() {
            return Parsed::Malformed(format!("shortcode `{name}`: expected an argument name or `)`"));
        }
        p.spaces();
        if !p.eat('=') {
            return Parsed::Malformed(format!("shortcode `{name}`: expected `=` after `{arg}`"));
        }
        p.spaces();
        let Some(value) = p.value() else {
            return Parsed::Malformed(format!("shortcode `{name}`: argument `{arg}` has no value"));
        };
        if args.iter().any(|(a, _)| *a == arg) {
            return Parsed::Malformed(format!("shortcode `{name}`: argument `{arg}` given twice"));
        }
        args.push((arg, value));
        p.spaces();
        if p.eat(',') {
            continue;
        }
        if p.eat(')') {
            break;
        }
        return Parsed::Malformed(format!("shortcode `{name}`: expected `,` or `)`"));
    }
    p.spaces();
    if !p.s[p.i..].starts_with("}}") {
        return Parsed::Malformed(format!("shortcode `{name}`: expected `}}}}`"));
    }
    Parsed::Shortcode {
        len: p.i + 2,
        name,
        args,
    }
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }
    fn spaces(&mut self) {
        while self.peek().is_some_and(|c| c == ' ' || c == '\t') {
            self.i += 1;
        }
    }
    fn ident(&mut self) -> String {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            self.i += 1;
        }
        self.s[start..self.i].to_string()
    }
    fn value(&mut self) -> Option<String> {
        match self.peek()? {
            q @ ('"' | '\'') => {
                self.i += 1;
                let start = self.i;
                let end = self.s[start..].find(q)? + start;
                if self.s[start..end].contains('\n') {
                    return None;
                }
                self.i = end + 1;
                Some(self.s[start..end].to_string())
            }
            _ => {
                let start = self.i;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
                {
                    self.i += 1;
                }
                (self.i > start).then(|| self.s[start..self.i].to_string())
            }
        }
    }
}

/// What resolving needs to know about the site.
pub(crate) struct ResolveContext<'a> {
    /// Known figure keys (registry and figures).
    pub(crate) keys: &'a [&'a str],
    /// Known command slugs.
    pub(crate) commands: &'a [&'a str],
    /// The story's first command, the default of `command=`.
    pub(crate) story_command: &'a str,
    /// The default of `year=` for a key: the story's own figure's year, else its date's year.
    pub(crate) default_year: &'a dyn Fn(&str) -> i32,
    /// (key, year, command) → row of the counted figure.
    pub(crate) cell: &'a dyn Fn(&str, i32, &str) -> Option<usize>,
    /// Whether the story has figures of its own.
    pub(crate) has_figures: bool,
}

/// Checks raw shortcodes of one body; errors go to `diags` at `path`, lines
/// offset by `body_line` (the file line where the body starts).
pub(crate) fn resolve(
    raw: Vec<RawShortcode>,
    ctx: &ResolveContext<'_>,
    path: &str,
    body_line: usize,
    diags: &mut Diagnostics,
) -> Vec<Shortcode> {
    let mut out = Vec::new();
    for sc in raw {
        let line = body_line + sc.line;
        let mut error = |m: String| diags.error(path, line, sc.col, m);
        let arg = |n: &str| sc.args.iter().find(|(a, _)| a == n).map(|(_, v)| v.as_str());
        let allowed: &[&str] = match sc.name.as_str() {
            "figure" => &["key", "command", "year"],
            "figures" => &[],
            other => {
                let hint = did_you_mean(other, ["figure", "figures"])
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                error(format!(
                    "unknown shortcode `{other}`{hint}: shortcodes are `figure(key=…)` and `figures()`"
                ));
                continue;
            }
        };
        if let Some((a, _)) = sc.args.iter().find(|(a, _)| !allowed.contains(&a.as_str())) {
            error(format!("shortcode `{}` has no argument `{a}`", sc.name));
            continue;
        }
        if sc.name == "figures" {
            if !ctx.has_figures {
                error("shortcode `figures()`: this story has no figures".into());
                continue;
            }
            out.push(Shortcode {
                range: sc.range,
                kind: ShortcodeKind::Figures,
            });
            continue;
        }
        let Some(key) = arg("key") else {
            error("shortcode `figure` needs `key=…`".into());
            continue;
        };
        if !ctx.keys.contains(&key) {
            let hint = did_you_mean(key, ctx.keys.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            error(format!("unknown figure key `{key}`{hint}"));
            continue;
        }
        let command = arg("command").unwrap_or(ctx.story_command);
        if !ctx.commands.contains(&command) {
            let hint = did_you_mean(command, ctx.commands.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            error(format!("unknown command `{command}`{hint}"));
            continue;
        }
        let year = match arg("year") {
            Some(y) => match y.parse::<i32>() {
                Ok(y) => y,
                Err(_) => {
                    error(format!("shortcode `figure`: year `{y}` is not a year"));
                    continue;
                }
            },
            None => (ctx.default_year)(key),
        };
        match (ctx.cell)(key, year, command) {
            Some(row) => out.push(Shortcode {
                range: sc.range,
                kind: ShortcodeKind::Figure { row },
            }),
            None => error(format!("no figure `{key}` for command `{command}` in {year}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_shortcodes_with_positions() {
        let body = "前言。\n\n{{ figure(key=\"aid_funds\", year=2022) }}\n\n段落 {{figures()}} 后\n";
        let (found, errors) = find(body);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "figure");
        assert_eq!(
            found[0].args,
            [("key".into(), "aid_funds".into()), ("year".into(), "2022".into())]
        );
        assert_eq!(found[0].line, 2);
        assert_eq!(found[0].col, 1);
        assert_eq!(
            &body[found[0].range.clone()],
            "{{ figure(key=\"aid_funds\", year=2022) }}"
        );
        assert_eq!(found[1].line, 4);
        assert_eq!(found[1].col, 4);
        assert_eq!(&body[found[1].range.clone()], "{{figures()}}");
    }

    #[test]
    fn code_is_left_alone() {
        let body = "```\n{{ figure(key=x) }}\n```\n\n`{{ figures() }}` and ~~~ \n";
        let (found, errors) = find(body);
        assert!(found.is_empty() && errors.is_empty(), "{found:?} {errors:?}");
    }

    #[test]
    fn plain_braces_are_text_malformed_calls_are_errors() {
        let (found, errors) = find("{{ not a call }} {{ figure(key=) }} {{ figure(key=x }}");
        assert!(found.is_empty());
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].2.contains("no value"));
        assert_eq!(errors[0].1, 18);
    }

    #[test]
    fn resolve_reports_unknown_key_command_and_missing_figure() {
        let body = "{{ figure(key=aid_fund) }}\n{{ figure(key=aid_funds, command=hangzou) }}\n{{ figure(key=aid_funds, year=1999) }}\n{{ figure(key=aid_funds) }}\n{{ chart() }}\n";
        let (raw, _) = find(body);
        let ctx = ResolveContext {
            keys: &["aid_funds"],
            commands: &["taizhou", "hangzhou"],
            story_command: "taizhou",
            default_year: &|_| 2022,
            cell: &|k, y, c| (k == "aid_funds" && y == 2022 && c == "taizhou").then_some(7),
            has_figures: true,
        };
        let mut diags = Diagnostics::new();
        let out = resolve(raw, &ctx, "s.md", 5, &mut diags);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].kind, ShortcodeKind::Figure { row: 7 });
        let msgs: Vec<String> = diags.into_sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(
            msgs[0].starts_with("s.md:5:1:") && msgs[0].contains("did you mean `aid_funds`"),
            "{msgs:?}"
        );
        assert!(msgs[1].starts_with("s.md:6:1:") && msgs[1].contains("did you mean `hangzhou`"));
        assert!(msgs[2].contains("no figure `aid_funds` for command `taizhou` in 1999"));
        assert!(msgs[3].contains("unknown shortcode `chart`"));
    }

    proptest::proptest! {
        #[test]
        fn find_never_panics(body in "(\\PC|\n|\\{\\{|\\}\\}|\\(|\\)|=|\"|`){0,80}") {
            let (found, _) = find(&body);
            for sc in found {
                proptest::prop_assert!(body.is_char_boundary(sc.range.start) && body.is_char_boundary(sc.range.end));
            }
        }
    }
}
