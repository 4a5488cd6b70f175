//! Share images: a 数读 chart as a PNG, for link previews (`og:image`) and
//! for WeChat articles, which strip iframes.
//!
//! An image is drawn from the same standalone SVG a widget's `chart.svg` is
//! (see `crate::chart`), fitted into a `Frame` (a header with the site's
//! name, the chart, a source line), with resvg and the one bundled font
//! (`font`): the same input gives the same PNG bytes on every machine.
//! Every character is checked against the font first; one it has no glyph
//! for is an error naming it (`ShareError::MissingGlyph`), never a blank box.
//!
//! Like `crate::photo`, this is a pure transform: the render stage calls
//! it, the write stage writes the bytes and the cache
//! (`.shudu-cache/share/`, keyed by `key`).

pub(crate) mod font;
mod frame;

use resvg::tiny_skia;
use resvg::usvg;

/// The two pictures of a set of figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// 1200×630: `og:image`, `twitter:image` (link previews on WeChat,
    /// Weibo, X).
    Og,
    /// 1080×1440 (540×720 at 2×), portrait: a picture for a WeChat article.
    Tall,
}

impl Layout {
    pub(crate) const ALL: [Layout; 2] = [Layout::Og, Layout::Tall];

    /// The size in pixels.
    pub(crate) fn size(self) -> (u32, u32) {
        match self {
            Layout::Og => (1200, 630),
            Layout::Tall => (1080, 1440),
        }
    }

    /// Pixels per SVG unit.
    pub(crate) fn scale(self) -> f32 {
        match self {
            Layout::Og => 1.0,
            Layout::Tall => 2.0,
        }
    }

    /// The file name beside the widget or page (`share.png`, `share-wechat.png`).
    pub(crate) fn file_name(self) -> &'static str {
        match self {
            Layout::Og => "share.png",
            Layout::Tall => "share-wechat.png",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Layout::Og => "og-1200x630",
            Layout::Tall => "tall-540x720@2",
        }
    }
}

/// The words around the chart, in the image's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Frame<'a> {
    /// `zh` or anything else for English.
    pub(crate) lang: &'a str,
    /// The top line: the site's name.
    pub(crate) header: &'a str,
    /// The bottom line: where the figures come from (a URL without its scheme).
    pub(crate) footer: &'a str,
}

/// Why a share image could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ShareError {
    /// A character the bundled font cannot draw.
    #[error(
        "the share image cannot draw `{ch}` (U+{:04X}) in “{text}”: the bundled font has no glyph for it; \
         write it otherwise (or add it to fonts/subset_chars.py and remake the font, see fonts/README.md)",
        u32::from(*ch)
    )]
    MissingGlyph { ch: char, text: String },
    /// The chart SVG did not parse (a bug: shudu wrote it).
    #[error("the share image's chart is not valid SVG: {0}")]
    Svg(String),
    #[error("the share image could not be encoded: {0}")]
    Encode(String),
}

/// The cache key of an image: the chart, the frame, the layout, the font
/// and the encoding (`share-v2`: deflate level 1, see
/// `photo::transform::encode_png_rgb`).
pub(crate) fn key(svg: &str, frame: &Frame<'_>, layout: Layout) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::with_seed(font::version());
    for part in ["share-v2", layout.name(), frame.lang, frame.header, frame.footer, svg] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    format!("{:032x}", h.digest128())
}

/// Checks that the font can draw every character of `frame` and `svg`'s text.
pub(crate) fn check(svg: &str, frame: &Frame<'_>) -> Result<(), ShareError> {
    for text in [frame.header, frame.footer] {
        check_text(text)?;
    }
    check_tree(parse(svg)?.root())
}

/// The PNG of `svg` in `frame`, `layout`'s size.
pub(crate) fn render(svg: &str, frame: &Frame<'_>, layout: Layout) -> Result<Vec<u8>, ShareError> {
    let chart = parse(svg)?;
    check_tree(chart.root())?;
    let (w, h) = layout.size();
    let scale = layout.scale();
    let (lw, lh) = (w as f32 / scale, h as f32 / scale);
    let drawn = frame::frame_svg(frame, lw, lh);
    let back = parse(&drawn.svg)?;
    check_tree(back.root())?;
    // The chart, as large as fits the box, centred.
    let size = chart.size();
    let b = drawn.chart_box;
    let fit = (b.w / size.width()).min(b.h / size.height());
    let (x, y) = (
        b.x + (b.w - size.width() * fit) / 2.0,
        b.y + (b.h - size.height() * fit) / 2.0,
    );
    let t = tiny_skia::Transform::from_row(fit * scale, 0.0, 0.0, fit * scale, x * scale, y * scale);
    let pixels = (w * h) as usize;
    with_buffers(pixels * 4, pixels * 3, |canvas, rgb| {
        let mut pixmap =
            tiny_skia::PixmapMut::from_bytes(canvas, w, h).ok_or_else(|| ShareError::Encode("empty size".into()))?;
        // Opaque, under everything: premultiplied RGBA is plain RGBA.
        let [r, g, b, a] = frame::PAPER;
        pixmap.fill(tiny_skia::Color::from_rgba8(r, g, b, a));
        resvg::render(&back, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap);
        resvg::render(&chart, t, &mut pixmap);
        for (to, from) in rgb.chunks_exact_mut(3).zip(canvas.chunks_exact(4)) {
            to.copy_from_slice(&from[..3]);
        }
        crate::photo::transform::encode_png_rgb(rgb, w, h).map_err(ShareError::Encode)
    })
}

/// `f` on a canvas of `canvas_len` bytes and a buffer of `rgb_len` bytes
/// for its RGB copy (the PNG is RGB: the canvas is opaque), whatever the
/// last image left in them: the thread's own buffers, kept from one image
/// to the next. A new 6 MB canvas for every image cost more than the
/// drawing of some (the kernel zeroing fresh pages, docs/performance.md,
/// session 19).
fn with_buffers<T>(canvas_len: usize, rgb_len: usize, f: impl FnOnce(&mut [u8], &mut [u8]) -> T) -> T {
    type Buffers = (Vec<u8>, Vec<u8>);
    thread_local! {
        static BUFFERS: std::cell::RefCell<Buffers> = const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
    }
    BUFFERS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buffers) => {
            let (canvas, rgb) = &mut *buffers;
            if canvas.len() < canvas_len {
                canvas.resize(canvas_len, 0);
            }
            if rgb.len() < rgb_len {
                rgb.resize(rgb_len, 0);
            }
            f(&mut canvas[..canvas_len], &mut rgb[..rgb_len])
        }
        // Only if `f` drew another image inside (it does not): buffers of its own.
        Err(_) => f(&mut vec![0; canvas_len], &mut vec![0; rgb_len]),
    })
}

fn options() -> usvg::Options<'static> {
    usvg::Options {
        font_family: font::FAMILY.to_string(),
        fontdb: font::database(),
        // Nothing outside the SVG is ever read.
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        // The charts' colours are CSS variables with fallbacks, which usvg
        // does not read: the light colours, as the page shows them.
        style_sheet: Some(frame::LIGHT_CSS.to_string()),
        ..usvg::Options::default()
    }
}

fn parse(svg: &str) -> Result<usvg::Tree, ShareError> {
    usvg::Tree::from_str(&resolve_vars(svg), &options()).map_err(|e| ShareError::Svg(e.to_string()))
}

/// `svg` with every `var(--name,fallback)` replaced by its fallback: usvg
/// reads no CSS variables (it would paint such a fill black), and the
/// fallbacks are the charts' light colours.
fn resolve_vars(svg: &str) -> std::borrow::Cow<'_, str> {
    if !svg.contains("var(") {
        return std::borrow::Cow::Borrowed(svg);
    }
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find("var(") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 4..];
        // The matching `)`, past any nested parentheses.
        let mut depth = 1;
        let mut end = None;
        for (j, c) in after.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(j);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(end) = end else {
            out.push_str(&rest[i..]);
            return std::borrow::Cow::Owned(out);
        };
        let inner = &after[..end];
        if let Some((_, fallback)) = inner.split_once(',') {
            out.push_str(&resolve_vars(fallback.trim()));
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn check_text(text: &str) -> Result<(), ShareError> {
    match font::missing_glyph(text) {
        Some(ch) => Err(ShareError::MissingGlyph {
            ch,
            text: text.trim().to_string(),
        }),
        None => Ok(()),
    }
}

fn check_tree(group: &usvg::Group) -> Result<(), ShareError> {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => check_tree(g)?,
            usvg::Node::Text(t) => {
                for chunk in t.chunks() {
                    check_text(chunk.text())?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"480\" height=\"240\" viewBox=\"0 0 480 240\">\
        <rect width=\"480\" height=\"240\" fill=\"#fff\"/>\
        <text x=\"16\" y=\"40\" font-size=\"20\">援疆资金 3.2186亿元</text>\
        <rect x=\"16\" y=\"60\" width=\"300\" height=\"30\" fill=\"#3e6c8f\"/></svg>";

    fn frame() -> Frame<'static> {
        Frame {
            lang: "zh",
            header: "援疆成果数读",
            footer: "aid.example.org/embed/commands/taizhou/2022/",
        }
    }

    fn png_size(png: &[u8]) -> (u32, u32) {
        let n = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        (n(16), n(20))
    }

    #[test]
    fn both_layouts_have_their_size_and_the_same_input_the_same_bytes() {
        for layout in Layout::ALL {
            let a = render(SVG, &frame(), layout).expect("render");
            assert_eq!(png_size(&a), layout.size());
            assert_eq!(a, render(SVG, &frame(), layout).expect("render"));
        }
    }

    #[test]
    fn an_image_drawn_after_others_on_the_same_thread_is_the_same() {
        // The canvas is reused: nothing of the images before may show.
        let first = render(SVG, &frame(), Layout::Og).expect("render");
        let other = SVG.replace("#3e6c8f", "#000").replace("援疆资金", "资金");
        render(&other, &frame(), Layout::Tall).expect("render");
        render(&other, &frame(), Layout::Og).expect("render");
        assert_eq!(render(SVG, &frame(), Layout::Og).expect("render"), first);
    }

    #[test]
    fn a_character_the_font_lacks_is_an_error_naming_it() {
        let svg = SVG.replace("援疆资金", "援疆𠀀资金");
        let e = render(&svg, &frame(), Layout::Og).expect_err("missing glyph");
        assert!(matches!(e, ShareError::MissingGlyph { ch: '𠀀', .. }), "{e}");
        assert!(e.to_string().contains("`𠀀` (U+20000)"), "{e}");
        let f = Frame {
            header: "数读 🎉",
            ..frame()
        };
        assert!(matches!(check(SVG, &f), Err(ShareError::MissingGlyph { ch: '🎉', .. })));
    }

    #[test]
    fn css_variables_become_their_fallbacks() {
        assert_eq!(
            resolve_vars("a{fill:var(--x,#fff)}b{stroke:var(--y, var(--z,#000))}"),
            "a{fill:#fff}b{stroke:#000}"
        );
        assert_eq!(resolve_vars("no variables"), "no variables");
        assert_eq!(resolve_vars("broken var(--x,#fff"), "broken var(--x,#fff");
    }

    #[test]
    fn the_key_changes_with_every_input() {
        let k = key(SVG, &frame(), Layout::Og);
        assert_eq!(k.len(), 32);
        assert_ne!(k, key(SVG, &frame(), Layout::Tall));
        assert_ne!(k, key(&SVG.replace("3.2186", "3.2187"), &frame(), Layout::Og));
        let f = Frame { lang: "en", ..frame() };
        assert_ne!(k, key(SVG, &f, Layout::Og));
    }
}
