//! The frame around a share image's chart: a header with the site's name,
//! a box for the chart, a source line.

use super::{font::FAMILY, Frame};
use crate::markup::escape::xml;

/// Where the chart goes, in SVG units of the frame.
#[derive(Debug, Clone, Copy)]
pub(super) struct ChartBox {
    pub(crate) x: f32,
    pub(crate) y: f32,
    pub(crate) w: f32,
    pub(crate) h: f32,
}

pub(super) struct Drawn {
    pub(crate) svg: String,
    pub(crate) chart_box: ChartBox,
}

/// The charts' light colours without CSS variables (usvg reads none).
pub(super) const LIGHT_CSS: &str = concat!(
    ".shudu-chart text{fill:#262626}",
    ".shudu-chart .sc-bg{fill:#fff}",
    ".shudu-chart .sc-bar{fill:#3e6c8f}",
    ".shudu-chart .sc-grid{fill:none;stroke:#e1e1e1;stroke-width:1}",
    ".shudu-chart .sc-axis{fill:none;stroke:#757575;stroke-width:1}",
    ".shudu-chart .sc-tick,.shudu-chart .sc-unit,.shudu-chart .sc-empty{fill:#757575}",
    ".shudu-chart .sc-line{fill:none;stroke:#3e6c8f;stroke-width:2}",
    ".shudu-chart .sc-point{fill:#fff;stroke:#3e6c8f;stroke-width:2}",
    ".shudu-chart .sc-cv{fill:#a3201b}",
    ".shudu-chart .sc-muted{fill:#595959}",
    ".shudu-chart .sc-rule{stroke:#dedad2}",
);

const ACCENT: &str = "#a3201b";
const MUTED: &str = "#595959";
/// The colour under everything (#faf8f4): the canvas is filled with it
/// before the frame is drawn, rather than the frame starting with a rect
/// the size of the image (the same pixels, one pass over them fewer).
pub(super) const PAPER: [u8; 4] = [0xfa, 0xf8, 0xf4, 0xff];

/// The frame of a `w` × `h` image (SVG units).
pub(super) fn frame_svg(frame: &Frame<'_>, w: f32, h: f32) -> Drawn {
    // A wide image (og) has room for larger type than a narrow one.
    let wide = w > h;
    let (pad, header_fs, footer_fs) = if wide { (32.0, 26.0, 18.0) } else { (24.0, 22.0, 15.0) };
    let header_y = pad + header_fs;
    let footer_y = h - pad * 0.75;
    let top = header_y + pad * 0.6;
    let bottom = footer_y - footer_fs - pad * 0.5;
    let zh = frame.lang.starts_with("zh");
    // The Chinese mark, 数读; an English site's title says it in words.
    let mark = if zh { "数读" } else { "" };
    let mut svg = String::with_capacity(1024);
    svg.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{FAMILY}\">"
    ));
    svg.push_str(&format!("<rect width=\"{w}\" height=\"8\" fill=\"{ACCENT}\"/>"));
    svg.push_str(&format!(
        "<text x=\"{pad}\" y=\"{header_y}\" font-size=\"{header_fs}\" fill=\"{ACCENT}\" font-weight=\"700\">{}</text>",
        xml(mark)
    ));
    let mark_w = if zh { header_fs * 2.6 } else { 0.0 };
    svg.push_str(&format!(
        "<text x=\"{}\" y=\"{header_y}\" font-size=\"{header_fs}\" fill=\"#262626\">{}</text>",
        pad + mark_w,
        xml(&fit(frame.header, (w - 3.0 * pad - mark_w) / header_fs))
    ));
    svg.push_str(&format!(
        "<rect x=\"{pad}\" y=\"{}\" width=\"{}\" height=\"1\" fill=\"#dedad2\"/>",
        bottom + pad * 0.25,
        w - 2.0 * pad
    ));
    svg.push_str(&format!(
        "<text x=\"{pad}\" y=\"{footer_y}\" font-size=\"{footer_fs}\" fill=\"{MUTED}\">{}</text>",
        xml(&fit(frame.footer, (w - 2.0 * pad) / footer_fs))
    ));
    svg.push_str("</svg>");
    Drawn {
        svg,
        chart_box: ChartBox {
            x: pad,
            y: top,
            w: w - 2.0 * pad,
            h: (bottom - top).max(1.0),
        },
    }
}

/// `text` cut with `…` to about `ems` em (a CJK character is 1 em, other
/// characters about 0.55).
fn fit(text: &str, ems: f32) -> String {
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        used += if c.is_ascii() { 0.55 } else { 1.0 };
        if used > ems - 1.0 {
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_short() {
        assert_eq!(fit("援疆成果数读", 20.0), "援疆成果数读");
        assert_eq!(fit("援疆成果数读", 4.0), "援疆成…");
    }

    #[test]
    fn the_chart_box_lies_inside_the_frame() {
        for (w, h) in [(1200.0, 630.0), (540.0, 720.0)] {
            let d = frame_svg(
                &Frame {
                    lang: "en",
                    header: "Aid by the numbers",
                    footer: "aid.example.org",
                },
                w,
                h,
            );
            let b = d.chart_box;
            assert!(
                b.x > 0.0 && b.y > 40.0 && b.x + b.w < w && b.y + b.h < h - 30.0,
                "{b:?}"
            );
        }
    }
}
