//! Stat cards as a standalone SVG: a 数读 panel as one image (a story's or a
//! command's figures of a year, whose units differ, so no shared scale).
//! Used as `chart.svg` of widgets, for `<img>` where iframes are stripped.
//!
//! Layout: a title (up to two lines), a subtitle, then a grid of cards (two
//! columns when wide enough), each with its value (shrunk to fit, never
//! truncated while 13 units still fit), its label (three lines) and a meta line;
//! a credit line at the bottom. All text is estimated in viewBox units, like
//! the other charts.

use std::fmt::Write;

use super::css;
use super::text::{clean_id, esc, fit_line, is_zh, num, one_line, text_width, wrap_lines};
use super::ChartOptions;

/// One stat card: texts ready to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Card<'a> {
    /// The formatted value (`3.2186亿元`, `CNY 321.86 million`).
    pub(crate) value: &'a str,
    pub(crate) label: &'a str,
    /// Year, note…: one small line (truncated with `…`).
    pub(crate) meta: &'a str,
}

/// The words around the cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CardsText<'a> {
    pub(crate) title: &'a str,
    pub(crate) subtitle: &'a str,
    /// `<desc>`: every card as a sentence.
    pub(crate) description: &'a str,
    /// The language code (`zh`, `en`): fonts.
    pub(crate) lang: &'a str,
    /// The credit at the bottom (`援疆成果数读 · aid.example.org/…`).
    pub(crate) credit: &'a str,
}

const PAD: f64 = 16.0;
const GAP: f64 = 16.0;
const FS_VALUE: f64 = 26.0;
const FS_VALUE_MIN: f64 = 13.0;
const FS_LABEL: f64 = 14.0;
const FS_SMALL: f64 = 12.0;
/// How much wider bold text runs than the estimate for regular text.
const BOLD: f64 = 1.2;
const MUTED: &str = "#595959";
const ACCENT: &str = "#a3201b";
const RULE: &str = "#dedad2";

/// The rules cards add to the standalone chart style (theme colours, dark too).
pub(super) const CARDS_CSS: &str = concat!(
    ".shudu-chart .sc-cv{fill:var(--chart-accent,#a3201b)}",
    ".shudu-chart .sc-muted{fill:var(--chart-axis,#595959)}",
    ".shudu-chart .sc-rule{stroke:var(--chart-grid,#dedad2)}",
    "@media (prefers-color-scheme:dark){.shudu-chart{--chart-accent:#ff8b7e}}",
);

/// A complete SVG file of `cards` (always standalone: `opts.standalone` is
/// ignored), `role="img"` with `<title>` and `<desc>`.
pub(crate) fn render_cards(cards: &[Card<'_>], text: &CardsText<'_>, opts: &ChartOptions) -> String {
    let w = f64::from(opts.width.clamp(240, 4096));
    let id = clean_id(&opts.id);
    let zh = is_zh(text.lang);
    let inner = w - 2.0 * PAD;
    let mut body = String::with_capacity(1024 + cards.len() * 400);
    let mut y = PAD;

    let (title, _) = wrap_lines(&one_line(text.title), inner / 1.15, 17.0, 2);
    for line in &title {
        y += 22.0;
        let _ = write!(
            body,
            "<text class=\"sc-title\" x=\"{}\" y=\"{}\" font-size=\"17\">{}</text>",
            num(PAD),
            num(y - 5.0),
            esc(line)
        );
    }
    let subtitle = fit_line(&one_line(text.subtitle), inner, FS_LABEL).0;
    if !subtitle.is_empty() {
        y += 18.0;
        let _ = write!(
            body,
            "<text class=\"sc-muted\" x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"{MUTED}\">{}</text>",
            num(PAD),
            num(y - 4.0),
            esc(&subtitle)
        );
    }
    y += 10.0;

    // As many columns of at least 190 as fit, at most 4 (two in a widget's 480).
    let cols = (((inner + GAP) / (190.0 + GAP)).floor() as usize).clamp(1, 4);
    let cw = (inner - GAP * (cols as f64 - 1.0)) / cols as f64;
    for row in cards.chunks(cols) {
        let laid: Vec<Laid> = row.iter().map(|c| Laid::new(c, cw)).collect();
        let row_h = laid.iter().map(Laid::height).fold(0.0, f64::max);
        for (i, card) in laid.iter().enumerate() {
            let x = PAD + (cw + GAP) * i as f64;
            card.draw(&mut body, x, y, cw);
        }
        y += row_h + 6.0;
    }
    if cards.is_empty() {
        y += 24.0;
        let _ = write!(
            body,
            "<text class=\"sc-muted\" x=\"{}\" y=\"{}\" font-size=\"14\" fill=\"{MUTED}\">{}</text>",
            num(PAD),
            num(y),
            if zh { "暂无数据" } else { "No data" }
        );
        y += 12.0;
    }
    let credit = fit_line(&one_line(text.credit), inner, FS_SMALL).0;
    if !credit.is_empty() {
        y += 18.0;
        let _ = write!(
            body,
            "<text class=\"sc-muted\" x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{MUTED}\">{}</text>",
            num(PAD),
            num(y),
            esc(&credit)
        );
    }
    let h = (y + PAD).ceil();

    let mut o = String::with_capacity(body.len() + 2048);
    let (ws, hs) = (num(w), num(h));
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"shudu-chart sc-{} sc-cards\" viewBox=\"0 0 {ws} {hs}\" \
         width=\"{ws}\" height=\"{hs}\"",
        if zh { "zh" } else { "en" }
    );
    let code = one_line(text.lang);
    if !code.is_empty() {
        let _ = write!(o, " lang=\"{}\"", esc(&code));
    }
    let _ = write!(
        o,
        " role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"sans-serif\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc><style>{}{CARDS_CSS}</style>\
         <rect class=\"sc-bg\" width=\"100%\" height=\"100%\" fill=\"#fff\"/>",
        esc(text.title),
        esc(text.description),
        css::STANDALONE_CSS
    );
    o.push_str(&body);
    o.push_str("</svg>");
    o
}

/// A card measured for a column width.
struct Laid {
    value: String,
    value_fs: f64,
    label: Vec<String>,
    meta: String,
}

impl Laid {
    fn new(c: &Card<'_>, cw: f64) -> Laid {
        let value = one_line(c.value);
        // Bold figures run wider than the estimate for regular text.
        let natural = text_width(&value, FS_VALUE) * BOLD;
        let value_fs = if natural <= cw {
            FS_VALUE
        } else {
            (FS_VALUE * cw / natural).floor().max(FS_VALUE_MIN)
        };
        let value = fit_line(&value, cw / BOLD, value_fs).0;
        Laid {
            value,
            value_fs,
            // Labels are bold: wider than the estimate for regular text.
            label: wrap_lines(&one_line(c.label), cw / 1.1, FS_LABEL, 3).0,
            meta: fit_line(&one_line(c.meta), cw, FS_SMALL).0,
        }
    }

    fn height(&self) -> f64 {
        let meta = if self.meta.is_empty() { 0.0 } else { 16.0 };
        12.0 + FS_VALUE + 8.0 + 18.0 * self.label.len() as f64 + meta + 8.0
    }

    fn draw(&self, o: &mut String, x: f64, top: f64, cw: f64) {
        let _ = write!(
            o,
            "<path class=\"sc-rule\" stroke=\"{RULE}\" d=\"M{} {}H{}\"/>",
            num(x),
            num(top + 0.5),
            num(x + cw)
        );
        let mut y = top + 12.0 + FS_VALUE * 0.82;
        let _ = write!(
            o,
            "<text class=\"sc-cv\" x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"700\" fill=\"{ACCENT}\">{}</text>",
            num(x),
            num(y),
            num(self.value_fs),
            esc(&self.value)
        );
        y += 8.0;
        for line in &self.label {
            y += 18.0;
            let _ = write!(
                o,
                "<text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"600\">{}</text>",
                num(x),
                num(y - 4.0),
                esc(line)
            );
        }
        if !self.meta.is_empty() {
            y += 16.0;
            let _ = write!(
                o,
                "<text class=\"sc-muted\" x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{MUTED}\">{}</text>",
                num(x),
                num(y - 4.0),
                esc(&self.meta)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> ChartOptions {
        ChartOptions {
            id: "w".into(),
            width: 480,
            standalone: true,
        }
    }

    fn text<'a>(title: &'a str) -> CardsText<'a> {
        CardsText {
            title,
            subtitle: "台州 · 2022",
            description: "援疆资金 3.2186亿元",
            lang: "zh",
            credit: "援疆数读 · aid.example.org",
        }
    }

    #[test]
    fn a_standalone_accessible_svg_with_every_value() {
        let cards = [
            Card {
                value: "3.2186亿元",
                label: "援疆资金",
                meta: "2022年",
            },
            Card {
                value: "CNY 321.86 million",
                label: "Aid funds allocated for the year, a long English label that wraps",
                meta: "",
            },
            Card {
                value: "66个",
                label: "团队",
                meta: "6月至7月",
            },
        ];
        let svg = render_cards(&cards, &text("台州智力援疆"), &opts());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("role=\"img\"") && svg.contains("<title id=\"w-title\">台州智力援疆</title>"));
        assert!(svg.contains("<desc id=\"w-desc\">"));
        assert!(svg.contains("prefers-color-scheme:dark"));
        for v in ["3.2186亿元", "CNY 321.86 million", "66个"] {
            assert!(svg.contains(v), "{v}");
        }
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn markup_is_escaped_and_empty_input_is_fine() {
        let nasty = "\"<script>x</script> & 'q'\"";
        let cards = [Card {
            value: nasty,
            label: nasty,
            meta: nasty,
        }];
        let svg = render_cards(&cards, &text(nasty), &opts());
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        let empty = render_cards(&[], &text(""), &opts());
        assert!(empty.contains("暂无数据") && empty.ends_with("</svg>"));
    }

    #[test]
    fn long_values_shrink_before_they_are_cut() {
        let c = Card {
            value: "CNY 1,234,567,890.12 million",
            label: "x",
            meta: "",
        };
        let laid = Laid::new(&c, 200.0);
        assert!(laid.value_fs < FS_VALUE && laid.value_fs >= FS_VALUE_MIN);
        let short = Laid::new(&Card { value: "66个", ..c }, 200.0);
        assert_eq!(short.value_fs, FS_VALUE);
    }
}
