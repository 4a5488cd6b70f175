//! Writes generated camera-size JPEGs for benchmarks (nothing is fetched):
//! a gradient with pseudo-random noise, so that they compress like photos.
//!
//!     cargo run --release --example gen_photos -- DIR COUNT [WIDTHxHEIGHT]

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(count)) = (args.first(), args.get(1).and_then(|n| n.parse::<u32>().ok())) else {
        eprintln!("usage: gen_photos DIR COUNT [WIDTHxHEIGHT]");
        std::process::exit(2);
    };
    let (w, h) = args
        .get(2)
        .and_then(|s| s.split_once('x'))
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
        .unwrap_or((4000u32, 3000u32));
    let dir = PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        std::process::exit(1);
    }
    for i in 0..count {
        let mut seed = 0x9E37_79B9_u32.wrapping_mul(i + 1);
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let n = (seed % 48) as i32 - 24;
            let c = |base: u32| (base as i32 + n).clamp(0, 255) as u8;
            image::Rgb([c(x * 255 / w), c(y * 255 / h), c((i * 40 + (x + y) / 16) % 256)])
        });
        let path = dir.join(format!("photo-{i}.jpg"));
        let mut out = Vec::new();
        let written = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&img)
            .map_err(|e| e.to_string())
            .and_then(|_| std::fs::write(&path, &out).map_err(|e| e.to_string()));
        if let Err(e) = written {
            eprintln!("{}: {e}", path.display());
            std::process::exit(1);
        }
    }
}
