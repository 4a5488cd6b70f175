//! What a picture's header says, read without decoding its pixels.

use std::io::Cursor;

use super::MAX_PIXELS;

/// A picture file, as its first bytes tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Probe {
    /// JPEG, PNG or WebP: decoded, resized and encoded. Size as stored (before
    /// the EXIF orientation).
    Raster { width: u32, height: u32 },
    /// GIF or SVG: copied as it is.
    PassThrough { width: Option<u32>, height: Option<u32> },
}

/// Reads the header of the picture file `name` with contents `bytes`: its
/// kind and size. An empty file, one that is not a picture, or one whose
/// header declares more than [`MAX_PIXELS`] is an error (the message does
/// not name the file).
pub(crate) fn probe(name: &str, bytes: &[u8]) -> Result<Probe, String> {
    if bytes.is_empty() {
        return Err("the file is empty, not an image".into());
    }
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".svg") {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
        if !head.contains("<svg") && !head.trim_start().starts_with("<?xml") {
            return Err("not an SVG image (no `<svg` element at its start)".into());
        }
        return Ok(Probe::PassThrough {
            width: None,
            height: None,
        });
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        let dim = |i: usize| bytes.get(i..i + 2).map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])));
        return Ok(Probe::PassThrough {
            width: dim(6),
            height: dim(8),
        });
    }
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read the image: {e}"))?;
    match reader.format() {
        Some(image::ImageFormat::Jpeg | image::ImageFormat::Png | image::ImageFormat::WebP) => {}
        Some(other) => {
            return Err(format!(
                "{other:?} images are not supported (use JPEG, PNG, WebP, GIF or SVG)"
            ))
        }
        None => return Err("not an image (JPEG, PNG, WebP, GIF or SVG)".into()),
    }
    let (width, height) = reader.into_dimensions().map_err(|e| format!("corrupt image: {e}"))?;
    check_size(width, height)?;
    Ok(Probe::Raster { width, height })
}

/// An error when `width`×`height` is more than shudu decodes.
pub(crate) fn check_size(width: u32, height: u32) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err(format!("the image declares a size of {width}×{height} pixels"));
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "the image declares {width}×{height} pixels ({} megapixels); shudu decodes at most {} megapixels: scale it down before adding it",
            pixels / 1_000_000,
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::new(width, height);
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
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

    #[test]
    fn reads_sizes_and_kinds() {
        assert_eq!(probe("a.png", &png(3, 2)), Ok(Probe::Raster { width: 3, height: 2 }));
        let gif = b"GIF89a\x05\x00\x04\x00\x00\x00\x00;";
        assert_eq!(
            probe("a.gif", gif),
            Ok(Probe::PassThrough {
                width: Some(5),
                height: Some(4)
            })
        );
        assert!(probe("a.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>").is_ok());
    }

    #[test]
    fn refuses_what_is_not_a_usable_picture() {
        assert!(probe("a.jpg", b"").unwrap_err().contains("empty"));
        assert!(probe("a.jpg", b"hello, world").unwrap_err().contains("not an image"));
        assert!(probe("a.svg", b"hello").unwrap_err().contains("SVG"));
        // A PNG header declaring 50000×50000: refused before any pixel is decoded.
        let mut big = png(1, 1);
        big[16..20].copy_from_slice(&50000u32.to_be_bytes());
        big[20..24].copy_from_slice(&50000u32.to_be_bytes());
        let crc = crc32(&big[12..29]);
        big[29..33].copy_from_slice(&crc.to_be_bytes());
        let err = probe("a.png", &big).unwrap_err();
        assert!(err.contains("50000×50000"), "{err}");
    }
}
