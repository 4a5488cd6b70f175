//! Chart geometry and SVG output.
//!
//! All sizes are in viewBox units. Text sizes are fixed (labels 14, values 13,
//! ticks 12, standalone title 16); the layout adapts around them: the label
//! column of horizontal bars takes at most 36% of the width (labels wrap to two
//! lines, then truncate with `…`, the full label staying in the row's
//! `<title>`), and the value scale leaves room for every value label at its
//! bar's end.

use std::fmt::Write;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::css;
use super::text::{clean_id, esc, fit_line, is_zh, num, one_line, push_esc, safe_href, text_width, wrap_lines};
use super::ticks::{format_tick, nice_range, Ticks};
use super::{ChartKind, ChartOptions, ChartText, Datum};

const FS_TITLE: f64 = 16.0;
const FS_LABEL: f64 = 14.0;
const FS_VALUE: f64 = 13.0;
const FS_SMALL: f64 = 12.0;
/// Baseline offset (in em) that centres a line of text on a y coordinate.
const MID: f64 = 0.36;
/// Space between a bar's end and its value label.
const GAP: f64 = 6.0;
const MIN_WIDTH: u32 = 240;
const MAX_WIDTH: u32 = 4096;
/// Fallback colours as presentation attributes (CSS overrides them).
const GRID: &str = "#e1e1e1";
const AXIS: &str = "#757575";

/// "No data", in the chart's language.
pub(super) fn no_data(lang: &str) -> &'static str {
    if is_zh(lang) {
        "暂无数据"
    } else {
        "No data"
    }
}

pub(super) fn render(kind: ChartKind, data: &[Datum], text: &ChartText<'_>, opts: &ChartOptions) -> String {
    let mut frame = Frame::new(text, opts);
    let rows: Vec<Row<'_>> = data.iter().map(Row::new).collect();
    frame.links = rows.iter().any(|r| r.href.is_some());
    let max = data.iter().map(|d| d.value).max().unwrap_or(Decimal::ZERO);
    let min = data.iter().map(|d| d.value).min().unwrap_or(Decimal::ZERO);
    match kind {
        _ if rows.is_empty() => empty(frame),
        ChartKind::HorizontalBars => bars(frame, &rows, min, max),
        ChartKind::Line if rows.len() >= 2 => vertical(frame, &rows, min, max, true),
        ChartKind::Columns | ChartKind::Line => vertical(frame, &rows, min, max, false),
    }
}

/// A datum prepared for drawing.
struct Row<'d> {
    label: String,
    display: String,
    href: Option<&'d str>,
    /// The value for geometry: finite (0 when it is not).
    v: f64,
}

impl<'d> Row<'d> {
    fn new(d: &'d Datum) -> Self {
        Row {
            label: one_line(&d.label),
            display: one_line(&d.display),
            href: d.href.as_deref().and_then(safe_href),
            v: d.value.to_f64().filter(|v| v.is_finite()).unwrap_or(0.0),
        }
    }

    /// Opens the row's group (a link when it has an href) with its tooltip.
    fn open(&self, o: &mut String, zh: bool) {
        match self.href {
            Some(href) => {
                o.push_str("<a class=\"sc-row\" href=\"");
                push_esc(o, href);
                o.push_str("\">");
            }
            None => o.push_str("<g class=\"sc-row\">"),
        }
        o.push_str("<title>");
        push_esc(o, &self.label);
        if !self.label.is_empty() && !self.display.is_empty() {
            o.push_str(if zh { "：" } else { ": " });
        }
        push_esc(o, &self.display);
        o.push_str("</title>");
    }

    fn close(&self, o: &mut String) {
        o.push_str(if self.href.is_some() { "</a>" } else { "</g>" });
    }
}

/// The parts every chart shares: the root element, title, desc, style.
struct Frame<'a> {
    text: &'a ChartText<'a>,
    id: String,
    standalone: bool,
    zh: bool,
    w: f64,
    pad: f64,
    body: String,
    /// Whether rows are links: the chart is then a `group` (an `img` must not
    /// contain interactive elements), else an `img`.
    links: bool,
}

impl<'a> Frame<'a> {
    fn new(text: &'a ChartText<'a>, opts: &ChartOptions) -> Self {
        Frame {
            text,
            id: clean_id(&opts.id),
            standalone: opts.standalone,
            zh: is_zh(text.lang),
            w: f64::from(opts.width.clamp(MIN_WIDTH, MAX_WIDTH)),
            pad: if opts.standalone { 14.0 } else { 2.0 },
            body: String::with_capacity(2048),
            links: false,
        }
    }

    /// Draws the visible title (standalone only); returns the y below it.
    fn heading(&mut self) -> f64 {
        let mut y = self.pad;
        if !self.standalone {
            return y;
        }
        let title = one_line(self.text.title);
        // Bold text is a little wider than the estimate for regular text.
        let (lines, _) = wrap_lines(&title, (self.w - 2.0 * self.pad) / 1.06, FS_TITLE, 2);
        for line in &lines {
            y += 21.0;
            let _ = write!(
                self.body,
                "<text class=\"sc-title\" x=\"{}\" y=\"{}\" font-size=\"16\">{}</text>",
                num(self.pad),
                num(y - 5.0),
                esc(line)
            );
        }
        if !lines.is_empty() {
            y += 8.0;
        }
        y
    }

    /// Draws the unit caption at (x, baseline) with the given anchor.
    fn unit(&mut self, unit: &str, x: f64, baseline: f64, anchor: &str) {
        let _ = write!(
            self.body,
            "<text class=\"sc-unit\" x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{AXIS}\"{}>{}</text>",
            num(x),
            num(baseline),
            if anchor == "start" {
                String::new()
            } else {
                format!(" text-anchor=\"{anchor}\"")
            },
            esc(unit)
        );
    }

    /// The complete `<svg>` of height `h` around the body.
    fn finish(self, kind: &str, h: f64) -> String {
        let (w, h) = (num(self.w), num(h.ceil()));
        let id = &self.id;
        let lang = if self.zh { "zh" } else { "en" };
        let mut o = String::with_capacity(self.body.len() + 512 + css::STANDALONE_CSS.len());
        o.push_str("<svg");
        if self.standalone {
            o.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
        }
        let _ = write!(
            o,
            " class=\"shudu-chart sc-{lang} sc-{kind}\" viewBox=\"0 0 {w} {h}\" width=\"{}\"",
            if self.standalone { w.as_str() } else { "100%" }
        );
        if self.standalone {
            let _ = write!(o, " height=\"{h}\"");
            let code = one_line(self.text.lang);
            if !code.is_empty() {
                let _ = write!(o, " lang=\"{}\"", esc(&code));
            }
        }
        let _ = write!(
            o,
            " role=\"{}\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"sans-serif\">\
             <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
            if self.links { "group" } else { "img" },
            esc(self.text.title),
            esc(self.text.description)
        );
        if self.standalone {
            o.push_str("<style>");
            o.push_str(css::STANDALONE_CSS);
            o.push_str("</style><rect class=\"sc-bg\" width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        }
        o.push_str(&self.body);
        o.push_str("</svg>");
        o
    }
}

/// The tick labels of `ticks` in the chart's language.
fn tick_labels(ticks: &Ticks, lang: &str) -> Vec<String> {
    ticks.values.iter().map(|t| format_tick(*t, lang)).collect()
}

fn tick_f(t: &Decimal) -> f64 {
    t.to_f64().filter(|f| f.is_finite()).unwrap_or(0.0)
}

/// No data: the title/desc and a centred note.
fn empty(mut f: Frame<'_>) -> String {
    let y = f.heading();
    let _ = write!(
        f.body,
        "<text class=\"sc-empty\" x=\"{}\" y=\"{}\" font-size=\"14\" text-anchor=\"middle\" fill=\"{AXIS}\">{}</text>",
        num(f.w / 2.0),
        num(y + 40.0 + FS_LABEL * MID),
        no_data(f.text.lang)
    );
    let h = y + 80.0 + f.pad;
    f.finish("empty", h)
}

/// Horizontal bars: labels right-aligned in a left column, ticks on top,
/// value labels at the bar ends (left of a negative bar's end).
fn bars(mut f: Frame<'_>, rows: &[Row<'_>], min: Decimal, max: Decimal) -> String {
    let y = f.heading();
    let l = BarLayout::new(&f, rows, min, max);
    let top = bar_ticks(&mut f, &l, y, rows.len());
    let bottom = top + l.row_h * rows.len() as f64;
    f.body.push_str("<g font-size=\"14\">");
    for (i, r) in rows.iter().enumerate() {
        bar_row(&mut f, &l, r, i, top + l.row_h * (i as f64 + 0.5));
    }
    f.body.push_str("</g>");
    let _ = write!(
        f.body,
        "<path class=\"sc-axis\" stroke=\"{AXIS}\" d=\"M{} {}V{}\"/>",
        num(l.zero),
        num(top - 3.0),
        num(bottom)
    );
    let h = bottom + f.pad.max(6.0);
    f.finish("bars", h)
}

/// The geometry of a horizontal bar chart.
struct BarLayout {
    /// Each row's label, in one or two lines.
    labels: Vec<Vec<String>>,
    /// Each row's value label, fitted, with its width.
    values: Vec<(String, f64)>,
    row_h: f64,
    bar_h: f64,
    /// The left edge of the plot, right of the label column.
    x0: f64,
    ticks: Ticks,
    tick_labels: Vec<String>,
    /// ViewBox units per data unit.
    k: f64,
    /// The x of zero.
    zero: f64,
}

impl BarLayout {
    fn new(f: &Frame<'_>, rows: &[Row<'_>], min: Decimal, max: Decimal) -> Self {
        let right = f.w - f.pad;
        let longest = rows.iter().map(|r| text_width(&r.label, FS_LABEL)).fold(0.0, f64::max);
        let label_w = longest.min((f.w * 0.36).max(48.0));
        let labels: Vec<Vec<String>> = rows
            .iter()
            .map(|r| wrap_lines(&r.label, label_w, FS_LABEL, 2).0)
            .collect();
        let two_lines = labels.iter().any(|l| l.len() > 1);
        let (row_h, bar_h) = if two_lines { (36.0, 20.0) } else { (30.0, 18.0) };
        let x0 = if label_w > 0.0 { f.pad + label_w + 10.0 } else { f.pad };
        let values: Vec<(String, f64)> = rows
            .iter()
            .map(|r| {
                let (s, _) = fit_line(&r.display, f.w * 0.4, FS_VALUE);
                let w = text_width(&s, FS_VALUE);
                (s, w)
            })
            .collect();

        let target = ((right - x0) / 90.0).floor().clamp(2.0, 6.0) as usize;
        let ticks = nice_range(min, max, target);
        let tick_labels = tick_labels(&ticks, f.text.lang);
        let last_half = tick_labels.last().map_or(0.0, |s| text_width(s, FS_SMALL) / 2.0);
        // Room left of the lowest tick for the labels of negative bars.
        let left_room = rows
            .iter()
            .zip(&values)
            .filter(|(r, _)| r.v < 0.0)
            .map(|(_, (_, w))| w + GAP)
            .fold(0.0, f64::max);
        let from = x0 + left_room;
        // The widest scale at which the top tick and every value label fit.
        let mut k = (right - from - last_half) / ticks.span();
        for (r, (_, vw)) in rows.iter().zip(&values) {
            if r.v > 0.0 {
                k = k.min((right - from - GAP - vw) / (r.v - ticks.bottom));
            }
        }
        let k = k.max(24.0 / ticks.span());
        BarLayout {
            labels,
            values,
            row_h,
            bar_h,
            x0,
            zero: from - ticks.bottom * k,
            ticks,
            tick_labels,
            k,
        }
    }

    fn x(&self, v: f64) -> f64 {
        self.zero + v * self.k
    }

    /// The gridlines of the ticks other than zero, from `top` to `bottom`.
    fn grid(&self, top: f64, bottom: f64) -> Option<String> {
        let mut grid = String::new();
        for t in self.ticks.values.iter().filter(|t| !t.is_zero()) {
            let _ = write!(grid, "M{} {}V{}", num(self.x(tick_f(t))), num(top - 3.0), num(bottom));
        }
        (!grid.is_empty()).then_some(grid)
    }
}

/// The unit caption, the gridlines of `rows` rows and the tick labels above
/// them; returns the y where the rows start.
fn bar_ticks(f: &mut Frame<'_>, l: &BarLayout, mut y: f64, rows: usize) -> f64 {
    // Unit caption: left of the plot when it fits, else on its own line.
    let unit = fit_line(&one_line(f.text.unit_label), f.w - 2.0 * f.pad, FS_SMALL).0;
    let unit_x = l.x0 - 10.0;
    let unit_beside = text_width(&unit, FS_SMALL) <= unit_x - f.pad;
    if !unit.is_empty() && !unit_beside {
        f.unit(&unit, f.pad, y + 12.0, "start");
        y += 18.0;
    }
    let tick_base = y + 12.0;
    if !unit.is_empty() && unit_beside {
        f.unit(&unit, unit_x, tick_base, "end");
    }
    let top = tick_base + 8.0;
    if let Some(grid) = l.grid(top, top + l.row_h * rows as f64) {
        let _ = write!(f.body, "<path class=\"sc-grid\" stroke=\"{GRID}\" d=\"{grid}\"/>");
    }
    let mut tick_text = String::new();
    for (t, label) in l.ticks.values.iter().zip(&l.tick_labels) {
        let _ = write!(
            tick_text,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            num(l.x(tick_f(t))),
            num(tick_base),
            esc(label)
        );
    }
    let _ = write!(
        f.body,
        "<g class=\"sc-tick\" font-size=\"12\" text-anchor=\"middle\" fill=\"{AXIS}\">{tick_text}</g>"
    );
    top
}

/// Row `i` of a bar chart, centred on `cy`: its bar, label and value label.
fn bar_row(f: &mut Frame<'_>, l: &BarLayout, r: &Row<'_>, i: usize, cy: f64) {
    let (lines, (value, _)) = (&l.labels[i], &l.values[i]);
    let end = l.x(r.v);
    r.open(&mut f.body, f.zh);
    if r.v != 0.0 {
        let _ = write!(
            f.body,
            "<rect class=\"sc-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            num(end.min(l.zero)),
            num(cy - l.bar_h / 2.0),
            num((end - l.zero).abs().max(0.5)),
            num(l.bar_h)
        );
    }
    if !lines.is_empty() {
        let lx = num(l.x0 - 10.0);
        let first = cy - 8.0 * (lines.len() as f64 - 1.0) + FS_LABEL * MID;
        let _ = write!(
            f.body,
            "<text class=\"sc-label\" x=\"{lx}\" y=\"{}\" text-anchor=\"end\">",
            num(first)
        );
        for (j, line) in lines.iter().enumerate() {
            if j == 0 {
                push_esc(&mut f.body, line);
            } else {
                let _ = write!(f.body, "<tspan x=\"{lx}\" dy=\"16\">{}</tspan>", esc(line));
            }
        }
        f.body.push_str("</text>");
    }
    if !value.is_empty() {
        let (x, anchor) = if r.v < 0.0 {
            (end - GAP, " text-anchor=\"end\"")
        } else {
            (end + GAP, "")
        };
        let _ = write!(
            f.body,
            "<text class=\"sc-value\" x=\"{}\" y=\"{}\" font-size=\"13\"{anchor}>{}</text>",
            num(x),
            num(cy + FS_VALUE * MID),
            esc(value)
        );
    }
    r.close(&mut f.body);
}

/// A box in viewBox units, for keeping value labels clear of the data.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x1: f64,
    y1: f64,
    x2: f64,
    y2: f64,
}

impl Rect {
    /// The box of text of width `w` and `lines` lines of 14 units, the last
    /// baseline at `baseline`, anchored at `x` (`start`, `middle` or `end`).
    fn text(x: f64, baseline: f64, w: f64, lines: usize, anchor: &str) -> Rect {
        let x1 = match anchor {
            "start" => x,
            "end" => x - w,
            _ => x - w / 2.0,
        };
        Rect {
            x1: x1 - 1.0,
            y1: baseline - 14.0 * (lines as f64 - 1.0) - 0.85 * FS_SMALL - 1.0,
            x2: x1 + w + 1.0,
            y2: baseline + 0.2 * FS_SMALL + 1.0,
        }
    }

    fn around(x: f64, y: f64, r: f64) -> Rect {
        Rect {
            x1: x - r,
            y1: y - r,
            x2: x + r,
            y2: y + r,
        }
    }

    /// `x` moved so that text of width `w` centred on it stays inside.
    fn centre_x(&self, x: f64, w: f64) -> f64 {
        let half = w / 2.0 + 1.0;
        x.clamp(self.x1 + half, (self.x2 - half).max(self.x1 + half))
    }

    fn overlaps(&self, o: &Rect) -> bool {
        self.x1 < o.x2 && o.x1 < self.x2 && self.y1 < o.y2 && o.y1 < self.y2
    }

    fn within(&self, o: &Rect) -> bool {
        self.x1 >= o.x1 && self.x2 <= o.x2 && self.y1 >= o.y1 && self.y2 <= o.y2
    }

    /// Whether the segment a–b crosses the box (Liang–Barsky clipping).
    fn hits(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - self.x1),
            (dx, self.x2 - a.0),
            (-dy, a.1 - self.y1),
            (dy, self.y2 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }
}

/// A value label placed on a vertical chart.
struct Placed {
    x: f64,
    /// Baseline of the last line.
    y: f64,
    anchor: &'static str,
}

/// Columns, or a line when `line` (at least 2 points): value axis on the
/// left, labels below, value labels above the columns (below a negative
/// one) or beside the points.
fn vertical(mut f: Frame<'_>, rows: &[Row<'_>], min: Decimal, max: Decimal, line: bool) -> String {
    let mut y = f.heading();
    let unit = fit_line(&one_line(f.text.unit_label), f.w - 2.0 * f.pad, FS_SMALL).0;
    if !unit.is_empty() {
        f.unit(&unit, f.pad, y + 12.0, "start");
        y += 18.0;
    }
    let l = VerticalLayout::new(&f, rows, min, max, line, y);
    vertical_ticks(&mut f, &l);
    let placed = place_value_labels(&l, line);
    if line {
        let mut d = String::new();
        for (i, (x, py)) in l.pts.iter().enumerate() {
            let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, num(*x), num(*py));
        }
        let _ = write!(f.body, "<path class=\"sc-line\" d=\"{d}\"/>");
    }
    f.body.push_str("<g font-size=\"12\" text-anchor=\"middle\">");
    for (i, r) in rows.iter().enumerate() {
        vertical_row(&mut f, &l, r, i, placed[i].as_ref(), line);
    }
    f.body.push_str("</g>");
    let _ = write!(
        f.body,
        "<path class=\"sc-axis\" stroke=\"{AXIS}\" d=\"M{} {}H{}\"/>",
        num(l.x0),
        num(l.zero),
        num(l.right)
    );
    let h = l.base + 26.0 + f.pad;
    f.finish(if line { "line" } else { "columns" }, h)
}

/// The geometry of a column or line chart.
struct VerticalLayout {
    /// The plot's left (after the tick labels) and right edges.
    x0: f64,
    right: f64,
    col_w: f64,
    ticks: Ticks,
    tick_labels: Vec<String>,
    /// The y of the top tick, of zero, and of the category labels' line.
    top: f64,
    zero: f64,
    plot_h: f64,
    base: f64,
    /// Where labels may go: the plot and the room around it.
    area: Rect,
    /// Each datum's point (the column's end).
    pts: Vec<(f64, f64)>,
    /// Each value label's lines.
    values: Vec<Vec<String>>,
    /// Whether every value label is shown (else the first and the last).
    every: bool,
    /// The room between the category labels (every `stride`-th one is shown).
    stride: usize,
    label_room: f64,
}

impl VerticalLayout {
    fn new(f: &Frame<'_>, rows: &[Row<'_>], min: Decimal, max: Decimal, line: bool, y: f64) -> Self {
        let right = f.w - f.pad;
        let plot_h = (f.w * 0.32).clamp(120.0, 220.0);
        let target = (plot_h / 40.0).floor().clamp(2.0, 6.0) as usize;
        let ticks = nice_range(min, max, target);
        let tick_labels = tick_labels(&ticks, f.text.lang);
        let tick_w = tick_labels.iter().map(|s| text_width(s, FS_SMALL)).fold(0.0, f64::max);
        let x0 = (f.pad + tick_w + 8.0).min(f.w * 0.4);
        let n = rows.len();
        let band = (right - x0) / n as f64;
        let (values, every) = value_lines(rows, band, right - x0, line);
        let value_lines = values.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let label_room_h = 10.0 + 14.0 * value_lines as f64;

        // Room above the plot for the value label of the tallest column,
        // and below it for that of the deepest, if any.
        let top = y + label_room_h;
        let below = if ticks.bottom < 0.0 { label_room_h } else { 0.0 };
        let base = top + plot_h + below;
        let yv = |v: f64| top + ((ticks.top - v) / ticks.span()).clamp(0.0, 1.0) * plot_h;
        let pts = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (x0 + band * (i as f64 + 0.5), yv(r.v)))
            .collect();

        // Category labels: all, cut to their band if need be, when bands are
        // at least 4 em wide; else every `stride`-th one, counting back from
        // the last.
        let label_w = rows.iter().map(|r| text_width(&r.label, FS_LABEL)).fold(0.0, f64::max);
        let stride = if label_w + 6.0 <= band || band >= 4.0 * FS_LABEL + 6.0 {
            1
        } else {
            ((label_w + 6.0) / band).ceil().clamp(1.0, n as f64) as usize
        };
        VerticalLayout {
            x0,
            right,
            col_w: (band * 0.62).min(56.0),
            zero: yv(0.0),
            ticks,
            tick_labels,
            top,
            plot_h,
            base,
            area: Rect {
                x1: x0,
                y1: y,
                x2: right,
                y2: base - 2.0,
            },
            pts,
            values,
            every,
            stride,
            label_room: band * stride as f64 - 6.0,
        }
    }

    fn y(&self, v: f64) -> f64 {
        self.top + ((self.ticks.top - v) / self.ticks.span()).clamp(0.0, 1.0) * self.plot_h
    }
}

/// Value labels: on one line when they all fit their bands; for columns, on
/// two lines when they all fit so, broken at spaces; else only the first and
/// the last. Returns the lines and whether every label is shown.
fn value_lines(rows: &[Row<'_>], band: f64, width: f64, line: bool) -> (Vec<Vec<String>>, bool) {
    let one: Vec<Vec<String>> = rows
        .iter()
        .map(|r| vec![fit_line(&r.display, width, FS_SMALL).0])
        .collect();
    let fits = |labels: &[Vec<String>]| labels.iter().all(|l| lines_width(l) + 4.0 <= band);
    let two: Option<Vec<Vec<String>>> = (!line && !fits(&one))
        .then(|| {
            rows.iter()
                .map(|r| {
                    let (lines, cut) = wrap_lines(&r.display, band - 4.0, FS_SMALL, 2);
                    (!cut && lines.join(" ") == r.display).then_some(lines)
                })
                .collect::<Option<Vec<_>>>()
        })
        .flatten()
        .filter(|l| fits(l));
    let every = fits(&one) || two.is_some();
    (two.unwrap_or(one), every)
}

/// The width of the widest of `lines` of small text.
fn lines_width(lines: &[String]) -> f64 {
    lines.iter().map(|l| text_width(l, FS_SMALL)).fold(0.0, f64::max)
}

/// Gridlines and tick labels of the value axis.
fn vertical_ticks(f: &mut Frame<'_>, l: &VerticalLayout) {
    let mut grid = String::new();
    let mut tick_text = String::new();
    for (t, label) in l.ticks.values.iter().zip(&l.tick_labels) {
        let ty = l.y(tick_f(t));
        if !t.is_zero() {
            let _ = write!(grid, "M{} {}H{}", num(l.x0), num(ty), num(l.right));
        }
        let _ = write!(
            tick_text,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            num(l.x0 - 6.0),
            num(ty + FS_SMALL * MID),
            esc(label)
        );
    }
    if !grid.is_empty() {
        let _ = write!(f.body, "<path class=\"sc-grid\" stroke=\"{GRID}\" d=\"{grid}\"/>");
    }
    let _ = write!(
        f.body,
        "<g class=\"sc-tick\" font-size=\"12\" text-anchor=\"end\" fill=\"{AXIS}\">{tick_text}</g>"
    );
}

/// Where each value label goes (`None`: not shown): the last first, then
/// the first, then the rest, each clear of those placed before.
fn place_value_labels(l: &VerticalLayout, line: bool) -> Vec<Option<Placed>> {
    let n = l.pts.len();
    let mut order: Vec<usize> = vec![n - 1];
    if n > 1 {
        order.push(0);
    }
    if l.every {
        order.extend(1..n.saturating_sub(1));
    }
    let mut placed: Vec<Option<Placed>> = (0..n).map(|_| None).collect();
    let mut boxes: Vec<Rect> = Vec::new();
    for i in order {
        let lines = &l.values[i];
        let w = lines_width(lines);
        if w <= 0.0 {
            continue;
        }
        let (px, py) = l.pts[i];
        let spot = if line {
            line_label_spot(&l.pts, i, w, &l.area, &boxes)
        } else {
            column_label_spot(&l.pts, i, w, lines.len(), l.col_w, l.zero, &l.area, &boxes)
        };
        if let Some(p) = spot.or_else(|| {
            // The last value is always shown: above its point, kept in the area.
            (i == n - 1).then(|| Placed {
                x: l.area.centre_x(px, w),
                y: py - 9.0,
                anchor: "middle",
            })
        }) {
            boxes.push(Rect::text(p.x, p.y, w, lines.len(), p.anchor));
            placed[i] = Some(p);
        }
    }
    placed
}

/// Datum `i` of a vertical chart: its point or column, value label and
/// category label.
fn vertical_row(f: &mut Frame<'_>, l: &VerticalLayout, r: &Row<'_>, i: usize, placed: Option<&Placed>, line: bool) {
    let (x, py) = l.pts[i];
    r.open(&mut f.body, f.zh);
    if line {
        let _ = write!(
            f.body,
            "<circle class=\"sc-point\" cx=\"{}\" cy=\"{}\" r=\"3.5\"/>",
            num(x),
            num(py)
        );
    } else if r.v != 0.0 {
        let _ = write!(
            f.body,
            "<rect class=\"sc-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            num(x - l.col_w / 2.0),
            num(py.min(l.zero)),
            num(l.col_w),
            num((py - l.zero).abs().max(0.5))
        );
    }
    if let Some(p) = placed {
        let lines = &l.values[i];
        let _ = write!(
            f.body,
            "<text class=\"sc-value{}\" x=\"{}\" y=\"{}\"{}>",
            if line { " sc-halo" } else { "" },
            num(p.x),
            num(p.y - 14.0 * (lines.len() as f64 - 1.0)),
            if p.anchor == "middle" {
                String::new()
            } else {
                format!(" text-anchor=\"{}\"", p.anchor)
            }
        );
        for (j, text) in lines.iter().enumerate() {
            if j == 0 {
                push_esc(&mut f.body, text);
            } else {
                let _ = write!(f.body, "<tspan x=\"{}\" dy=\"14\">{}</tspan>", num(p.x), esc(text));
            }
        }
        f.body.push_str("</text>");
    }
    let n = l.pts.len();
    if (n - 1 - i).is_multiple_of(l.stride) && !r.label.is_empty() {
        let (label, _) = fit_line(&r.label, l.label_room, FS_LABEL);
        let half = text_width(&label, FS_LABEL) / 2.0;
        let lx = x.clamp(f.pad + half, (l.right - half).max(f.pad + half));
        let _ = write!(
            f.body,
            "<text class=\"sc-label\" x=\"{}\" y=\"{}\" font-size=\"14\">{}</text>",
            num(lx),
            num(l.base + 19.0),
            esc(&label)
        );
    }
    r.close(&mut f.body);
}

/// Where the value label of column `i` goes: centred beyond its end (above
/// a column, below a negative one; kept in the area), moved past any
/// neighbouring column it would cover.
#[allow(clippy::too_many_arguments)]
fn column_label_spot(
    pts: &[(f64, f64)],
    i: usize,
    w: f64,
    lines: usize,
    col_w: f64,
    zero: f64,
    area: &Rect,
    boxes: &[Rect],
) -> Option<Placed> {
    let (px, py) = pts[i];
    let x = area.centre_x(px, w);
    let (x1, x2) = (x - w / 2.0, x + w / 2.0);
    let near = pts
        .iter()
        .filter(|(cx, _)| cx + col_w / 2.0 > x1 && cx - col_w / 2.0 < x2)
        .map(|(_, cy)| *cy);
    let y = if py > zero {
        // Below: the first line's top under the deepest end.
        let covered = near.map(|cy| cy.max(zero)).fold(py, f64::max);
        covered + 5.0 + 0.85 * FS_SMALL + 14.0 * (lines as f64 - 1.0)
    } else {
        near.map(|cy| cy.min(zero)).fold(py, f64::min) - 7.0
    };
    let spot = Placed { x, y, anchor: "middle" };
    let r = Rect::text(spot.x, spot.y, w, lines, spot.anchor);
    (r.y1 >= area.y1 - 2.0 && r.y2 <= area.y2 + 2.0 && !boxes.iter().any(|b| b.overlaps(&r))).then_some(spot)
}

/// Where the value label of point `i` goes: the first of above, below,
/// above-right, above-left, below-right, below-left that stays in the area
/// and clear of the line, the points and the labels already placed.
fn line_label_spot(pts: &[(f64, f64)], i: usize, w: f64, area: &Rect, boxes: &[Rect]) -> Option<Placed> {
    let (px, py) = pts[i];
    let centred = area.centre_x(px, w);
    let below = py + 9.0 + 0.85 * FS_SMALL;
    let candidates = [
        (centred, py - 9.0, "middle"),
        (centred, below, "middle"),
        (px + 7.0, py - 6.0, "start"),
        (px - 7.0, py - 6.0, "end"),
        (px + 7.0, py + 6.0 + 0.85 * FS_SMALL, "start"),
        (px - 7.0, py + 6.0 + 0.85 * FS_SMALL, "end"),
    ];
    candidates
        .into_iter()
        .map(|(x, y, anchor)| Placed { x, y, anchor })
        .find(|p| {
            let r = Rect::text(p.x, p.y, w, 1, p.anchor);
            r.within(area)
                && !pts.windows(2).any(|s| r.hits(s[0], s[1]))
                && !pts.iter().any(|(x, y)| r.overlaps(&Rect::around(*x, *y, 4.5)))
                && !boxes.iter().any(|b| b.overlaps(&r))
        })
}
