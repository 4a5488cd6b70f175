//! The chart stylesheet. Colours come from CSS variables with fallbacks, so a
//! theme restyles charts by setting `--chart-bar`, `--chart-bar-2`,
//! `--chart-text`, `--chart-grid`, `--chart-axis` and `--chart-bg`.
//!
//! Geometry (font sizes, text anchors) is written as SVG attributes, so a chart
//! keeps its layout even where this stylesheet is missing; the SVG also carries
//! fallback colours as presentation attributes, which any CSS rule overrides.

/// Rules for the SVG (inline and standalone). No `<`, `>` or `&`: the same
/// text is embedded as-is in the `<style>` of standalone SVG files.
macro_rules! svg_css {
    () => {
        concat!(
            ".shudu-chart{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,",
            "\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif}",
            ".shudu-chart.sc-zh{font-family:\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",",
            "\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Noto Sans SC\",system-ui,sans-serif}",
            ".shudu-chart text{fill:var(--chart-text,#262626)}",
            ".shudu-chart .sc-bg{fill:var(--chart-bg,#fff)}",
            ".shudu-chart .sc-bar{fill:var(--chart-bar,#3e6c8f)}",
            ".shudu-chart .sc-row:hover .sc-bar,.shudu-chart .sc-row:focus .sc-bar",
            "{fill:var(--chart-bar-2,#b8483a)}",
            ".shudu-chart .sc-row:hover .sc-point,.shudu-chart .sc-row:focus .sc-point",
            "{stroke:var(--chart-bar-2,#b8483a)}",
            ".shudu-chart a.sc-row:focus{outline:none}",
            ".shudu-chart a.sc-row:focus-visible .sc-label{text-decoration:underline}",
            ".shudu-chart .sc-grid{fill:none;stroke:var(--chart-grid,#e1e1e1);stroke-width:1}",
            ".shudu-chart .sc-axis{fill:none;stroke:var(--chart-axis,#757575);stroke-width:1}",
            ".shudu-chart .sc-tick,.shudu-chart .sc-unit,.shudu-chart .sc-empty{fill:var(--chart-axis,#757575)}",
            ".shudu-chart .sc-tick,.shudu-chart .sc-value{font-variant-numeric:tabular-nums}",
            ".shudu-chart .sc-title{font-weight:600}",
            ".shudu-chart .sc-line{fill:none;stroke:var(--chart-bar,#3e6c8f);stroke-width:2;",
            "stroke-linejoin:round;stroke-linecap:round}",
            ".shudu-chart .sc-point{fill:var(--chart-bg,#fff);stroke:var(--chart-bar,#3e6c8f);stroke-width:2}",
            // A halo of the background colour keeps value labels readable
            // over the line (a text-shadow: the Nu checker rejects paint-order).
            ".shudu-chart .sc-halo{text-shadow:-1px -1px 0 var(--chart-bg,#fff),1px -1px 0 var(--chart-bg,#fff),",
            "-1px 1px 0 var(--chart-bg,#fff),1px 1px 0 var(--chart-bg,#fff),0 0 2px var(--chart-bg,#fff)}",
        )
    };
}

/// Rules for the data table beside a chart.
macro_rules! table_css {
    () => {
        concat!(
            ".sc-table{border-collapse:collapse;font-variant-numeric:tabular-nums}",
            ".sc-table caption{text-align:start;font-weight:600}",
            ".sc-table th,.sc-table td{padding:.2em .75em .2em 0;text-align:start;vertical-align:top;",
            "border-bottom:1px solid var(--chart-grid,#e1e1e1)}",
            ".sc-table td{text-align:end}",
            ".sc-table thead th:last-child{text-align:end}",
            ".sc-table tbody th{font-weight:normal}",
        )
    };
}

/// The stylesheet for pages: chart and table rules.
pub(super) const PAGE_CSS: &str = concat!(
    // Inline charts scale with the column (the SVG has no pixel size).
    ".shudu-chart{display:block;width:100%;height:auto;max-width:var(--chart-max-width,46rem)}",
    svg_css!(),
    table_css!()
);

/// The `<style>` of a standalone file (`<img src=chart.svg>`), which cannot
/// inherit the page's theme: the chart rules and dark colours.
pub(super) const STANDALONE_CSS: &str = concat!(
    svg_css!(),
    "@media (prefers-color-scheme:dark){.shudu-chart{--chart-bg:#1b1b1b;--chart-text:#e8e8e8;",
    "--chart-grid:#363636;--chart-axis:#9e9e9e;--chart-bar:#7aa7c9;--chart-bar-2:#e58a6f}}",
);
