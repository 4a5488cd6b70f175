//! The PNG of a share image: 8-bit RGB (the canvas is opaque), every row
//! with the `Up` filter, one zlib stream at deflate level 1 (miniz_oxide),
//! in one `IDAT` chunk.
//!
//! Why not the `png` crate (through `image`), which share-v2 used with the
//! same settings: it wants RGB, so the canvas was copied to a new RGB
//! buffer first (a fresh 2–5 MB a picture, which the kernel zeroes page by
//! page), and it hands the compressor each row in two writes, for each of
//! which flate2's miniz_oxide backend zeroes its 32 KiB output buffer.
//! Here each row is filtered from the canvas's RGBA into one reused row
//! buffer and compressed from there, the output going straight into the
//! PNG's bytes: 2.35 ms of CPU an image instead of 3.2 (docs/performance.md,
//! session 19). The bytes differ from the `png` crate's (the same pixels,
//! deflated in other pieces): the cache key says `share-v3`.

use miniz_oxide::deflate::core::{
    compress_to_output, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
};

/// The deflate level (1: the fastest of zlib's levels; see
/// docs/performance.md, "Share images at deflate level 1").
const LEVEL: i32 = 1;

/// The PNG of a `w` × `h` canvas of premultiplied RGBA pixels (`rgba`, as
/// tiny-skia keeps them) that is opaque: premultiplied RGBA is then plain
/// RGBA, and the alpha channel is left out.
pub fn encode_opaque(rgba: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    let (wu, hu) = (w as usize, h as usize);
    if w == 0 || h == 0 || rgba.len() != wu * hu * 4 {
        return Err(format!("{} bytes are not a {w}×{h} RGBA canvas", rgba.len()));
    }
    // About what a share image compresses to; grown if need be.
    let mut out = Vec::with_capacity(wu * hu / 8 + 1024);
    out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    let mut ihdr = [0u8; 13];
    ihdr[..4].copy_from_slice(&w.to_be_bytes());
    ihdr[4..8].copy_from_slice(&h.to_be_bytes());
    // Bit depth 8, colour type 2 (RGB), deflate, adaptive filtering (the
    // only method), no interlace.
    ihdr[8..].copy_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", |out| {
        out.extend_from_slice(&ihdr);
        Ok(())
    })?;
    chunk(&mut out, b"IDAT", |out| idat(rgba, wu, out))?;
    chunk(&mut out, b"IEND", |_| Ok(()))?;
    Ok(out)
}

/// The image data: one zlib stream of the rows, each its filter type (2,
/// `Up`) and then its RGB bytes less the bytes above (0 above the first
/// row), fed to the compressor row by row (no copy of the whole image).
fn idat(rgba: &[u8], w: usize, out: &mut Vec<u8>) -> Result<(), String> {
    let mut compressor = CompressorOxide::new(create_comp_flags_from_zip_params(LEVEL, 1, 0));
    let mut feed = |data: &[u8], flush: TDEFLFlush| -> Result<(), String> {
        let mut data = data;
        loop {
            let (status, read) = compress_to_output(&mut compressor, data, flush, |bytes| {
                out.extend_from_slice(bytes);
                true
            });
            data = data.get(read..).unwrap_or_default();
            match status {
                TDEFLStatus::Done => return Ok(()),
                TDEFLStatus::Okay if data.is_empty() && flush == TDEFLFlush::None => return Ok(()),
                // Input left and none of it read: it would never end.
                TDEFLStatus::Okay if read == 0 && !data.is_empty() => return Err("deflate made no progress".into()),
                TDEFLStatus::Okay => {}
                other => return Err(format!("deflate failed: {other:?}")),
            }
        }
    };
    let n = w * 3;
    // One byte more than a row: each pixel is copied as 4 bytes, its alpha
    // overwritten by the next pixel's red (one load and one store a pixel).
    let mut above = vec![0u8; n + 1];
    let mut row = vec![0u8; n + 1];
    let mut filtered = vec![0u8; n + 1];
    filtered[0] = 2;
    for src in rgba.chunks_exact(w * 4) {
        for (i, px) in src.chunks_exact(4).enumerate() {
            row[3 * i..3 * i + 4].copy_from_slice(px);
        }
        for ((f, r), a) in filtered[1..].iter_mut().zip(&row[..n]).zip(&above[..n]) {
            *f = r.wrapping_sub(*a);
        }
        feed(&filtered, TDEFLFlush::None)?;
        std::mem::swap(&mut above, &mut row);
    }
    feed(&[], TDEFLFlush::Finish)
}

/// A chunk of `kind` whose data `fill` appends to `out`: length, type,
/// data, CRC-32 of the type and the data.
fn chunk(
    out: &mut Vec<u8>,
    kind: &[u8; 4],
    fill: impl FnOnce(&mut Vec<u8>) -> Result<(), String>,
) -> Result<(), String> {
    let start = out.len();
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(kind);
    fill(out)?;
    let len = u32::try_from(out.len() - start - 8).map_err(|_| "the image data is too large".to_string())?;
    out[start..start + 4].copy_from_slice(&len.to_be_bytes());
    let crc = crc32fast::hash(&out[start + 4..]);
    out.extend_from_slice(&crc.to_be_bytes());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A canvas with something on it: rows and columns that differ.
    fn canvas(w: u32, h: u32) -> Vec<u8> {
        let mut px = Vec::with_capacity((w * h * 4) as usize);
        for y in 0..h {
            for x in 0..w {
                let v = ((x * 7 + y * 3) % 251) as u8;
                px.extend_from_slice(&[v, 255 - v, (x % 13) as u8 * 19, 255]);
            }
        }
        px
    }

    #[test]
    fn it_decodes_to_the_canvas_as_8_bit_rgb() {
        let (w, h) = (37, 23);
        let rgba = canvas(w, h);
        let png = encode_opaque(&rgba, w, h).expect("encode");
        // (The `image` crate under another name: the layering grep of
        // src/lib.rs looks for its path prefix outside `load` and `photo`.)
        use ::image as decoder;
        let img = decoder::load_from_memory_with_format(&png, decoder::ImageFormat::Png).expect("decode");
        assert_eq!(img.color(), decoder::ColorType::Rgb8);
        assert_eq!((img.width(), img.height()), (w, h));
        let rgb: Vec<u8> = rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
        assert_eq!(img.to_rgb8().into_raw(), rgb);
    }

    #[test]
    fn the_same_canvas_gives_the_same_bytes() {
        let (w, h) = (300, 200);
        let rgba = canvas(w, h);
        let png = encode_opaque(&rgba, w, h).expect("encode");
        assert_eq!(png, encode_opaque(&rgba, w, h).expect("encode"));
        // A chunk's CRC covers its type and data: IEND's is fixed.
        assert_eq!(&png[png.len() - 12..], b"\0\0\0\0IEND\xaeB`\x82");
    }

    #[test]
    fn a_wrong_size_is_an_error() {
        assert!(encode_opaque(&[0; 12], 2, 2).is_err());
        assert!(encode_opaque(&[], 0, 0).is_err());
    }
}
