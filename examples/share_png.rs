//! The PNG encoding of share images, measured on a built site's own images
//! (nothing is fetched): every `share*.png` under DIR is decoded to RGBA,
//! then encoded again with each candidate, one thread, three rounds; the
//! CPU time (Linux: /proc/self/stat) is printed per image, with the size. A blank canvas of each
//! layout's size (the paper colour) is the other set: the least any
//! encoder must do (filter and compress every row) for images this size.
//!
//!     cargo run --release --example share_png -- DIR
//!     cargo run --release --example share_png -- --same-pixels DIR_A DIR_B
//!
//! The second form checks that the share images of two builds (two
//! versions of shudu) decode to the same pixels.

use std::io::Write;
use std::path::{Path, PathBuf};

use image::codecs::png::{CompressionType as C, FilterType as F};

fn pngs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            pngs(&p, out);
        } else if p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("share") && n.ends_with(".png"))
        {
            out.push(p);
        }
    }
}

/// Through `image` (the `png` crate), from RGB: share-v2's encoder.
fn encode(rgba: &[u8], w: u32, h: u32, deflate: C, filter: F) -> Vec<u8> {
    use image::ImageEncoder;
    let rgb: Vec<u8> = rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(&mut out, deflate, filter)
        .write_image(&rgb, w, h, image::ExtendedColorType::Rgb8)
        .expect("encode");
    out
}

fn shudu_png(rgba: &[u8], w: u32, h: u32) -> Vec<u8> {
    shudu::share::png::encode_opaque(rgba, w, h).expect("encode")
}

/// User + system CPU time of this (one-threaded) process so far, from
/// /proc/self/stat (in clock ticks of 10 ms): unlike wall time, not
/// lengthened by other processes on a busy machine.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // After the command's `)`: state is field 0, utime 11, stime 12.
    (ticks(11) + ticks(12)) / 100.0
}

fn same_pixels(a: &Path, b: &Path) {
    let mut files = Vec::new();
    pngs(a, &mut files);
    files.sort();
    let mut differ = 0;
    for p in &files {
        let rel = p.strip_prefix(a).expect("under DIR_A");
        let (x, y) = (image::open(p), image::open(b.join(rel)));
        let same = match (x, y) {
            (Ok(x), Ok(y)) => x.to_rgba8() == y.to_rgba8(),
            _ => false,
        };
        if !same {
            differ += 1;
            println!("differs: {}", rel.display());
        }
    }
    println!(
        "{} of {} share images decode to the same pixels",
        files.len() - differ,
        files.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, a, b] = args.as_slice() {
        if flag == "--same-pixels" {
            same_pixels(Path::new(a), Path::new(b));
            return;
        }
    }
    let Some(dir) = args.first().cloned() else {
        eprintln!("usage: share_png DIR | share_png --same-pixels DIR_A DIR_B");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    pngs(Path::new(&dir), &mut files);
    files.sort();
    let images: Vec<(Vec<u8>, u32, u32)> = files
        .iter()
        .filter_map(|p| {
            let img = image::open(p).ok()?.to_rgba8();
            let (w, h) = img.dimensions();
            Some((img.into_raw(), w, h))
        })
        .collect();
    let blank: Vec<(Vec<u8>, u32, u32)> = [(1200u32, 630u32), (1080, 1440)]
        .into_iter()
        .map(|(w, h)| {
            let px = [0xfa, 0xf8, 0xf4, 0xff];
            (px.repeat((w * h) as usize), w, h)
        })
        .collect();
    println!("{} images from {dir}", images.len());
    let same = images
        .iter()
        .filter(|(px, w, h)| shudu_png(px, *w, *h) == encode(px, *w, *h, C::Level(1), F::Up))
        .count();
    println!(
        "shudu::share::png gives the same bytes as `png` at level 1, Up: {same} of {}",
        images.len()
    );
    println!("| encoding | images | CPU ms per image (3 rounds) | KB per image |");
    println!("| --- | --- | ---: | ---: |");
    type Enc = Box<dyn Fn(&[u8], u32, u32) -> Vec<u8>>;
    let via_png = |c: C, f: F| -> Enc { Box::new(move |p: &[u8], w, h| encode(p, w, h, c, f)) };
    let settings: Vec<(&str, Enc)> = vec![
        ("`png` crate, level 1, Up (share-v2)", via_png(C::Level(1), F::Up)),
        ("shudu::share::png (level 1, Up)", Box::new(shudu_png)),
        ("`png` crate, Fast (fdeflate), Up", via_png(C::Fast, F::Up)),
        ("`png` crate, Fast (fdeflate), adaptive", via_png(C::Fast, F::Adaptive)),
        (
            "`png` crate, stored (no compression)",
            via_png(C::Uncompressed, F::NoFilter),
        ),
    ];
    for (set_name, set) in [("site", &images), ("blank", &blank)] {
        for (name, enc) in &settings {
            let mut bytes = 0usize;
            let start = cpu_seconds();
            // The blank set is 2 images: as many encodings as the site's.
            let rounds = if set.len() < 10 { 3 * images.len().max(2) / 2 } else { 3 };
            for _ in 0..rounds {
                bytes = 0;
                for (px, w, h) in set.iter() {
                    bytes += enc(px, *w, *h).len();
                }
            }
            let cpu = cpu_seconds() - start;
            let n = set.len().max(1) as f64;
            println!(
                "| {name} | {set_name} | {:.2} | {:.0} |",
                cpu * 1000.0 / n / rounds as f64,
                bytes as f64 / n / 1000.0
            );
            let _ = std::io::stdout().flush();
        }
    }
}
