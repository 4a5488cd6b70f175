//! Photos beside stories: resized, re-encoded without metadata, served as
//! `<picture>`, cached between builds; broken pictures are errors at the
//! line that uses them.

mod common;

use std::io::Cursor;

use common::*;
use image::{GenericImageView, ImageFormat};

const STORY: &str = "content/stories/2022/photos.md";

/// A `width`×`height` JPEG stored sideways (top half red, bottom half blue)
/// with EXIF orientation 6 (turn 90° clockwise to view) and a GPS position.
fn camera_jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |_, y| {
        if y < height / 2 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    });
    let mut jpg = Vec::new();
    img.write_to(&mut Cursor::new(&mut jpg), ImageFormat::Jpeg).unwrap();
    let app1 = exif_app1();
    let mut out = jpg[..2].to_vec(); // SOI
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpg[2..]);
    out
}

/// The GPS latitude numerator written in the EXIF: it must appear nowhere in the output.
const GPS_MARK: [u8; 4] = [0x0B, 0xAD, 0xC0, 0xDE];

/// An EXIF APP1 segment (big-endian TIFF): IFD0 with Orientation = 6 and a
/// GPS IFD with GPSLatitudeRef `N` and GPSLatitude.
fn exif_app1() -> Vec<u8> {
    let mut t: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    // IFD0 at 8: 2 entries.
    t.extend_from_slice(&2u16.to_be_bytes());
    t.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06, 0, 0]); // Orientation SHORT 6
    let gps_ifd: u32 = 8 + 2 + 2 * 12 + 4;
    t.extend_from_slice(&[0x88, 0x25, 0x00, 0x04, 0, 0, 0, 1]);
    t.extend_from_slice(&gps_ifd.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
                                              // GPS IFD: 2 entries.
    let rationals: u32 = gps_ifd + 2 + 2 * 12 + 4;
    t.extend_from_slice(&2u16.to_be_bytes());
    t.extend_from_slice(&[0x00, 0x01, 0x00, 0x02, 0, 0, 0, 2, b'N', 0, 0, 0]);
    t.extend_from_slice(&[0x00, 0x02, 0x00, 0x05, 0, 0, 0, 3]);
    t.extend_from_slice(&rationals.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    for (n, d) in [(u32::from_be_bytes(GPS_MARK), 1u32), (17, 1), (4, 1)] {
        t.extend_from_slice(&n.to_be_bytes());
        t.extend_from_slice(&d.to_be_bytes());
    }
    let mut seg = vec![0xFF, 0xE1];
    seg.extend_from_slice(&((2 + 6 + t.len()) as u16).to_be_bytes());
    seg.extend_from_slice(b"Exif\x00\x00");
    seg.extend_from_slice(&t);
    seg
}

/// A 400×300 PNG, transparent on its left half.
fn alpha_png() -> Vec<u8> {
    let img = image::RgbaImage::from_fn(400, 300, |x, _| {
        image::Rgba([30, 120, 60, if x < 200 { 0 } else { 255 }])
    });
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
    out
}

/// A 2×2 GIF.
const GIF: &[u8] = b"GIF89a\x02\x00\x02\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x02\x00\x02\x00\x00\x02\x02\x84Q\x00;";

/// A story with a cover, a camera photo (`width`×`height`, sideways), a PNG
/// with transparency and a GIF.
fn photo_site(width: u32, height: u32) -> Fixture {
    let f = Fixture::new();
    f.write_bytes("content/stories/2022/images/camera.jpg", &camera_jpeg(width, height));
    f.write_bytes("content/stories/2022/images/logo.png", &alpha_png());
    f.write_bytes("content/stories/2022/images/anim.gif", GIF);
    f.write_bytes("content/stories/2022/cover.jpg", &picture(1200, 800, ImageFormat::Jpeg));
    f.write(
        STORY,
        &story(
            "照片",
            "2022-06-01",
            "cover: cover.jpg\ncover_alt: 阿拉尔的棉田\n",
            "![医院大楼](images/camera.jpg)\n\n<img src=\"images/logo.png\" alt=\"标志\">\n\n![动图](images/anim.gif)\n",
        ),
    );
    f
}

fn decode(bytes: &[u8]) -> image::DynamicImage {
    image::load_from_memory(bytes).expect("an image")
}

#[test]
fn photos_are_resized_reencoded_and_stripped() {
    let f = photo_site(4000, 3000);
    let report = f.build_ok();
    assert_eq!(report.photos_encoded, 3, "camera, logo, cover");
    let dir = f.out().join("stories/photos");
    let has = |p: &str| dir.join(p).is_file();
    // Widths: the 3000-wide upright camera photo gets 480, 960, 1600, never more.
    for w in [480, 960, 1600] {
        assert!(
            has(&format!("images/camera-{w}.webp")) && has(&format!("images/camera-{w}.jpg")),
            "{w}"
        );
    }
    assert!(!has("images/camera-3000.jpg") && !has("images/camera-4000.jpg"));
    // The PNG with transparency keeps PNG as its fallback, and is never upscaled.
    for p in ["images/logo-400.webp", "images/logo-400.png", "images/logo.png"] {
        assert!(has(p), "{p}");
    }
    assert!(!has("images/logo-480.png"));
    let logo = decode(&std::fs::read(dir.join("images/logo-400.png")).unwrap());
    assert_eq!(logo.get_pixel(10, 10).0[3], 0, "transparency kept");
    // The GIF passes through as it is.
    assert_eq!(std::fs::read(dir.join("images/anim.gif")).unwrap(), GIF);
    // Formats are what their names say.
    let webp = std::fs::read(dir.join("images/camera-960.webp")).unwrap();
    assert_eq!(image::guess_format(&webp).unwrap(), ImageFormat::WebP);
    // Orientation applied: upright 960×1280, blue on the left, red on the right.
    let jpg = decode(&std::fs::read(dir.join("images/camera-960.jpg")).unwrap());
    assert_eq!(jpg.dimensions(), (960, 1280));
    let left = jpg.get_pixel(40, 640).0;
    let right = jpg.get_pixel(920, 640).0;
    assert!(left[2] > 150 && left[0] < 100, "left is blue: {left:?}");
    assert!(right[0] > 150 && right[2] < 100, "right is red: {right:?}");
    // The link as written leads to the largest size, stripped too.
    assert_eq!(
        decode(&std::fs::read(dir.join("images/camera.jpg")).unwrap()).dimensions(),
        (1600, 2133)
    );
    // No EXIF or GPS bytes anywhere in the output.
    for file in files_under(&f.out()) {
        let bytes = std::fs::read(f.out().join(&file)).unwrap();
        assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"), "EXIF in {file}");
        assert!(!bytes.windows(4).any(|w| w == GPS_MARK), "GPS in {file}");
    }
}

#[test]
fn pages_use_picture_with_srcset_sizes_and_dimensions() {
    let f = photo_site(2400, 1800);
    f.build_ok();
    let html = f.read("stories/photos/index.html");
    assert!(
        html.contains(r#"<source type="image/webp" srcset="images/camera-480.webp 480w, images/camera-960.webp 960w, images/camera-1600.webp 1600w" sizes=""#),
        "{html}"
    );
    assert!(html.contains(r#"<img src="images/camera-1600.jpg" srcset="images/camera-480.jpg 480w, images/camera-960.jpg 960w, images/camera-1600.jpg 1600w" sizes=""#), "{html}");
    assert!(
        html.contains(r#"width="1600" height="2133" alt="医院大楼" loading="lazy" decoding="async""#),
        "{html}"
    );
    assert!(
        html.contains(r#"<img src="images/logo-400.png" srcset="images/logo-400.png 400w""#),
        "{html}"
    );
    // The cover comes first, fetched eagerly.
    let cover = html.find(r#"src="/stories/photos/cover-1200.jpg""#).expect("cover");
    assert!(cover < html.find("camera-1600.jpg").unwrap());
    let cover_tag = &html[cover..];
    let cover_tag = &cover_tag[..cover_tag.find('>').unwrap()];
    assert!(
        cover_tag.contains(r#"fetchpriority="high""#) && !cover_tag.contains("lazy"),
        "{cover_tag}"
    );
    assert!(cover_tag.contains(r#"width="1200" height="800""#), "{cover_tag}");
    // Only the cover is eager.
    assert_eq!(html.matches("fetchpriority").count(), 1, "{html}");
    // Link previews show the cover.
    for tag in [
        r#"<meta property="og:image" content="https://aid.example.org/stories/photos/cover-1200.jpg">"#,
        r#"<meta property="og:image:width" content="1200">"#,
        r#"<meta property="og:image:height" content="800">"#,
        r#"<meta property="og:type" content="article">"#,
        r#"<meta name="twitter:card" content="summary_large_image">"#,
    ] {
        assert!(html.contains(tag), "{tag}");
    }
    // Listings show the cover with its sources too: home, stories, command and sector pages.
    for page in [
        "index.html",
        "stories/index.html",
        "commands/taizhou/index.html",
        "sectors/education/index.html",
    ] {
        let list = f.read(page);
        assert!(list.contains("/stories/photos/cover-480.webp 480w"), "{page}: {list}");
    }
    // A page without a picture has no og:image.
    assert!(!f.read("stories/mid-year/index.html").contains("og:image"));
}

#[test]
fn check_warns_about_pictures_without_alt_text() {
    let f = Fixture::new();
    f.write_bytes("content/stories/2022/a.png", &picture(40, 30, ImageFormat::Png));
    f.write(
        STORY,
        &story(
            "图",
            "2022-06-01",
            "",
            "![](a.png)\n\n<img src=\"a.png\">\n\n![图](a.png)\n",
        ),
    );
    let report = shudu::check::check(f.root(), &Fixture::options());
    let at: Vec<(usize, usize)> = report
        .warnings()
        .filter(|d| d.path == STORY && d.message.contains("no alt text"))
        .map(|d| (d.line, d.col))
        .collect();
    assert_eq!(at, [(7, 1), (9, 1)], "{:?}", report.diagnostics);
}

#[test]
fn a_warm_build_encodes_nothing_and_the_cache_is_pruned() {
    let f = photo_site(2400, 1800);
    assert_eq!(f.build_ok().photos_encoded, 3);
    let cache = f.root().join(".shudu-cache/images");
    let entries = |ext: &str| {
        std::fs::read_dir(&cache)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(ext))
            .count()
    };
    assert_eq!(entries(".json"), 3);
    // Another output folder: the pages are rendered again, the photos come from the cache.
    let again = shudu::build(f.root(), &f.root().join("public2"), &Fixture::options()).unwrap();
    assert_eq!(again.photos_encoded, 0);
    assert_eq!(
        std::fs::read(f.out().join("stories/photos/images/camera-480.webp")).unwrap(),
        std::fs::read(f.root().join("public2/stories/photos/images/camera-480.webp")).unwrap()
    );
    // A changed photo is encoded again, alone; the old entry is pruned.
    f.write_bytes("content/stories/2022/cover.jpg", &picture(1000, 500, ImageFormat::Jpeg));
    assert_eq!(f.build_ok().photos_encoded, 1);
    assert_eq!(entries(".json"), 3);
    // Files in the cache folder that shudu did not write are left alone.
    std::fs::write(cache.join("NOTES.txt"), "mine").unwrap();
    f.write(STORY, &story("照片", "2022-06-01", "", "没有图片。"));
    f.build_ok();
    assert_eq!(entries(".json"), 0);
    assert!(cache.join("NOTES.txt").is_file());
}

#[test]
fn broken_pictures_are_errors_at_the_file_and_the_line() {
    let f = Fixture::new();
    let mut truncated = picture(300, 200, ImageFormat::Jpeg);
    truncated.truncate(truncated.len() / 2);
    f.write_bytes("content/stories/2022/cut.jpg", &truncated);
    // A PNG header declaring 50000×50000.
    let mut huge = picture(1, 1, ImageFormat::Png);
    huge[16..24].copy_from_slice(&[0, 0, 0xC3, 0x50, 0, 0, 0xC3, 0x50]);
    let crc = crc32(&huge[12..29]);
    huge[29..33].copy_from_slice(&crc.to_be_bytes());
    f.write_bytes("content/stories/2022/huge.png", &huge);
    f.write_bytes("content/stories/2022/empty.jpg", b"");
    f.write("content/stories/2022/notes.txt", "not a picture");
    f.write(
        STORY,
        &story(
            "坏图",
            "2022-06-01",
            "cover: empty.jpg\ncover_alt: 空\n",
            "第一段。\n\n![截断](cut.jpg)\n\n<img src=\"huge.png\" alt=\"巨大\">\n",
        ),
    );
    f.write(
        "content/stories/2022/other.md",
        &story("别的", "2022-06-02", "cover: notes.txt\ncover_alt: 文字\n", "正文。"),
    );
    let errs = f.build_err();
    let all = listed(&errs);
    let find = |needle: &str| {
        errs.iter()
            .find(|d| d.message.contains(needle))
            .unwrap_or_else(|| panic!("no error about {needle}:\n{all}"))
    };
    let huge = find("content/stories/2022/huge.png");
    assert_eq!((huge.path.as_str(), huge.line), (STORY, 13), "{all}");
    assert!(huge.message.contains("50000×50000"), "{all}");
    // An empty cover, and one that is not a picture: errors at `cover`.
    let empty = find("content/stories/2022/empty.jpg");
    assert_eq!((empty.path.as_str(), empty.line, empty.col), (STORY, 6, 8), "{all}");
    assert!(empty.message.contains("empty"), "{all}");
    let notes = find("notes.txt");
    assert_eq!(
        (notes.path.as_str(), notes.line, notes.col),
        ("content/stories/2022/other.md", 6, 8),
        "{all}"
    );
    assert!(notes.message.contains("not a picture"), "{all}");
    assert!(!f.out().exists(), "nothing written");
    // `check` reports the same errors at the same places.
    let checked = shudu::check::check(f.root(), &Fixture::options());
    for d in [huge, empty, notes] {
        assert!(
            checked
                .diagnostics
                .iter()
                .any(|c| c.is_error() && (c.path.as_str(), c.line, c.col) == (d.path.as_str(), d.line, d.col)),
            "check misses {d}:\n{}",
            listed(&checked.diagnostics)
        );
    }
    // Pixels are decoded once the site is otherwise sound: a truncated file
    // is an error at the line that shows it.
    f.remove("content/stories/2022/other.md")
        .remove("content/stories/2022/huge.png");
    f.write(
        STORY,
        &story("坏图", "2022-06-01", "", "第一段。\n\n![截断](cut.jpg)\n"),
    );
    let errs = f.build_err();
    let all = listed(&errs);
    let cut = errs
        .iter()
        .find(|d| d.message.contains("content/stories/2022/cut.jpg"))
        .expect(&all);
    assert_eq!((cut.path.as_str(), cut.line, cut.col), (STORY, 9, 7), "{all}");
    assert!(cut.message.contains("truncated"), "{all}");
    assert!(!f.out().exists(), "nothing written");
}

/// The CRC of PNG chunks.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
