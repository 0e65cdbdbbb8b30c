//! WebP images, which EPUB 3 readers need not show (epubcheck refuses them in the
//! manifest's core media types), transcoded to PNG when they have transparency, else to
//! JPEG. Only with the `webp` feature (the `image` crate with its WebP, PNG and JPEG
//! codecs, nothing else).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{ImageFormat, ImageReader, Limits};

/// The largest image decoded: dimensions in pixels and memory for the decoded pixels.
const MAX_SIDE: u32 = 16_384;
const MAX_DECODED_BYTES: u64 = 256 << 20;

/// JPEG quality of a transcoded photo.
const JPEG_QUALITY: u8 = 85;

/// `bytes` (a WebP file) as PNG or JPEG bytes; `None` when it does not decode.
pub(super) fn webp(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), ImageFormat::WebP);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    let image = reader.decode().ok()?;
    let mut out = Vec::new();
    if image.color().has_alpha() {
        image
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .ok()?;
    } else {
        let rgb = image.to_rgb8();
        JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
            .encode_image(&rgb)
            .ok()?;
    }
    Some(out)
}
