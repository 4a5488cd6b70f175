//! Decode, turn upright, resize and encode one photo: bytes in, bytes out.

use std::io::Cursor;
use std::sync::Arc;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, Limits};

use super::{Format, Manifest, Variant, VariantData, JPEG_QUALITY, MAX_PIXELS, WEBP_QUALITY, WIDTHS};

/// The widths a photo `width` pixels wide is resized to: those of
/// [`WIDTHS`] below its width, then its width if it is below the largest.
pub(crate) fn widths_for(width: u32) -> Vec<u32> {
    let mut out: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < width).collect();
    let largest = WIDTHS[WIDTHS.len() - 1];
    out.push(width.min(largest));
    out.dedup();
    out
}

/// Decodes `bytes` (a JPEG, PNG or WebP file named `name`) and encodes its
/// variants: WebP and the fallback at every width of [`widths_for`], and the
/// largest size in the file's own format when that is neither. No metadata
/// is carried over.
pub(crate) fn encode(name: &str, bytes: &[u8]) -> Result<(Manifest, Vec<Variant>), String> {
    let img = decode(bytes)?;
    let has_alpha = img.color().has_alpha() && img.to_rgba8().pixels().any(|p| p.0[3] < 255);
    let img = if has_alpha {
        DynamicImage::ImageRgba8(img.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.into_rgb8())
    };
    let fallback = if has_alpha { Format::Png } else { Format::Jpeg };
    let (width, height) = (img.width(), img.height());
    let widths = widths_for(width);
    let mut variants = Vec::new();
    let mut resizer = Resizer::new();
    // Largest first, each smaller size from the one before: only the first
    // resize reads the whole source.
    let mut from = img;
    for (i, &w) in widths.iter().enumerate().rev() {
        let resized = resize(&mut resizer, &from, w)?;
        let mut formats = vec![Format::Webp, fallback];
        if i + 1 == widths.len() {
            if let Some(own) = Format::of_name(name).filter(|f| !formats.contains(f)) {
                formats.push(own);
            }
        }
        for format in formats {
            let data = encode_as(&resized, format)?;
            variants.push(Variant {
                width: resized.width(),
                height: resized.height(),
                format,
                data: VariantData::Encoded(Arc::new(data)),
            });
        }
        from = resized;
    }
    variants.sort_by_key(|v| (v.width, v.format));
    let manifest = Manifest {
        width,
        height,
        fallback,
        variants: variants.iter().map(|v| (v.width, v.height, v.format)).collect(),
    };
    Ok((manifest, variants))
}

/// Decodes a picture, upright (its EXIF orientation applied), refusing one
/// larger than [`MAX_PIXELS`] before decoding it.
pub(crate) fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read the image: {e}"))?;
    if reader.format() == Some(image::ImageFormat::Jpeg) && !ends_like_jpeg(bytes) {
        return Err("truncated JPEG: the file stops before its end-of-image marker".into());
    }
    let mut limits = Limits::default();
    // Room for the decoded picture in 16-bit RGBA, and no more.
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| format!("corrupt image: {e}"))?;
    let (w, h) = decoder.dimensions();
    super::probe::check_size(w, h)?;
    let orientation = decoder.orientation().map_err(|e| format!("corrupt image: {e}"))?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| format!("corrupt or truncated image: {e}"))?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Whether a JPEG file ends with its end-of-image marker (`FF D9`), allowing
/// the padding some cameras add after it. The decoder fills the missing
/// part of a truncated file with grey instead of failing.
fn ends_like_jpeg(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

/// `img` resized to `width` (keeping its proportions), or as it is when it
/// already has that width.
fn resize(resizer: &mut Resizer, img: &DynamicImage, width: u32) -> Result<DynamicImage, String> {
    if width == img.width() {
        return Ok(img.clone());
    }
    let height = ((u64::from(img.height()) * u64::from(width) + u64::from(img.width()) / 2) / u64::from(img.width()))
        .max(1) as u32;
    let mut dst = DynamicImage::new(width, height, img.color());
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    resizer
        .resize(img, &mut dst, &options)
        .map_err(|e| format!("cannot resize the image: {e}"))?;
    Ok(dst)
}

/// Opaque RGB8 pixels (`w` × `h`, row by row) as a PNG: for share images
/// ([`crate::share`]); the same pixels always give the same bytes.
///
/// Deflate level 1 with the `Up` filter: on the sample portal's share
/// images, 8 ms and 62 KB an image, against 32 ms and 38 KB at the default
/// level with adaptive filters (which was most of a cold build's share
/// image cost) and 4 ms and 84 KB at `Fast` (docs/performance.md).
pub(crate) fn encode_png_rgb(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Level(1),
        image::codecs::png::FilterType::Up,
    )
    .write_image(rgb, w, h, image::ExtendedColorType::Rgb8)
    .map_err(|e| format!("cannot encode the image: {e}"))?;
    Ok(out)
}

/// `img` (RGB8 or RGBA8) encoded as `format`.
pub(crate) fn encode_as(img: &DynamicImage, format: Format) -> Result<Vec<u8>, String> {
    let (w, h) = (img.width(), img.height());
    let mut out = Vec::new();
    let failed = |e: image::ImageError| format!("cannot encode the image: {e}");
    match format {
        Format::Webp => {
            let encoder = match img {
                DynamicImage::ImageRgba8(buf) => webp::Encoder::from_rgba(buf.as_raw(), w, h),
                DynamicImage::ImageRgb8(buf) => webp::Encoder::from_rgb(buf.as_raw(), w, h),
                _ => return Err("cannot encode the image: unexpected pixel format".into()),
            };
            out.extend_from_slice(&encoder.encode(WEBP_QUALITY));
        }
        Format::Jpeg => {
            // `encode` rather than the generic `encode_image`: the pixel loop
            // stays in the (optimised) image crate.
            let rgb = img.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .encode(rgb.as_raw(), w, h, image::ExtendedColorType::Rgb8)
                .map_err(failed)?;
        }
        Format::Png => {
            use image::ImageEncoder;
            let encoder = image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Best,
                image::codecs::png::FilterType::Adaptive,
            );
            match img {
                DynamicImage::ImageRgba8(buf) => encoder.write_image(buf, w, h, image::ExtendedColorType::Rgba8),
                other => encoder.write_image(&other.to_rgb8(), w, h, image::ExtendedColorType::Rgb8),
            }
            .map_err(failed)?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale() {
        assert_eq!(widths_for(4000), [480, 960, 1600]);
        assert_eq!(widths_for(1600), [480, 960, 1600]);
        assert_eq!(widths_for(1000), [480, 960, 1000]);
        assert_eq!(widths_for(300), [300]);
    }

    #[test]
    fn transparency_keeps_png_and_opaque_pictures_get_jpeg() {
        let mut rgba = image::RgbaImage::from_pixel(600, 300, image::Rgba([10, 20, 30, 255]));
        rgba.put_pixel(0, 0, image::Rgba([0, 0, 0, 0]));
        let mut png = Vec::new();
        DynamicImage::ImageRgba8(rgba.clone())
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let (m, v) = encode("a.png", &png).unwrap();
        assert_eq!(m.fallback, Format::Png);
        assert_eq!(
            m.variants,
            [
                (480, 240, Format::Webp),
                (480, 240, Format::Png),
                (600, 300, Format::Webp),
                (600, 300, Format::Png)
            ]
        );
        assert_eq!(v.len(), 4);
        // Opaque: a JPEG fallback, and the largest size as a PNG for the link as written.
        rgba.put_pixel(0, 0, image::Rgba([0, 0, 0, 255]));
        let mut png = Vec::new();
        DynamicImage::ImageRgba8(rgba)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let (m, _) = encode("a.png", &png).unwrap();
        assert_eq!(m.fallback, Format::Jpeg);
        assert!(m.variants.contains(&(600, 300, Format::Png)));
        assert!(!m.variants.contains(&(480, 240, Format::Png)));
    }

    #[test]
    fn truncated_pictures_are_errors() {
        let img = image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8 * 4, y as u8 * 4, 7]));
        let mut jpg = Vec::new();
        img.write_to(&mut Cursor::new(&mut jpg), image::ImageFormat::Jpeg)
            .unwrap();
        jpg.truncate(jpg.len() / 2);
        assert!(encode("a.jpg", &jpg).is_err());
    }
}
