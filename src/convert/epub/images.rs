//! Images for the book. EPUB readers may not fetch remote images, so a figure's image is
//! embedded only when an [`ImageResolver`] hands over its bytes; the library itself never
//! touches the network.

use std::fmt;
use std::path::{Component, Path, PathBuf};

use url::Url;

/// Gives the bytes of an image by its URL.
///
/// The URL is absolute (`https://img.example.com/a.jpg`): relative and protocol-relative
/// image URLs have been resolved against the post's source URL. Return `None` when the
/// image is not available; the figure then keeps its caption and a link to the URL.
/// Only JPEG, PNG and GIF bytes whose header decodes (a signature and nonzero
/// dimensions, and for a truncated file its end) are embedded, whatever the URL says;
/// WebP is transcoded with the `webp` feature; anything else is treated as unavailable.
///
/// Any `Fn(&str) -> Option<Vec<u8>>` is a resolver:
///
/// ```
/// use newspost::ImageResolver;
/// let none = |_: &str| -> Option<Vec<u8>> { None };
/// assert!(none.resolve("https://example.com/a.png").is_none());
/// ```
pub trait ImageResolver {
    /// The image's bytes, if available.
    fn resolve(&self, url: &str) -> Option<Vec<u8>>;

    /// What `url` names, when several URLs can name one image (a file reached by
    /// several spellings, `?w=300` variants of one file): a book embeds each identity
    /// once, without resolving the other URLs. The default is the URL itself; `None`
    /// means the image is not available at all.
    fn identity(&self, url: &str) -> Option<String> {
        Some(url.to_owned())
    }

    /// Called once per book, before any [`resolve`](ImageResolver::resolve), with every
    /// distinct image URL of the book: a resolver that fetches can get them all at
    /// once, concurrently. The default does nothing.
    fn prefetch(&self, urls: &[&str]) {
        let _ = urls;
    }
}

impl<F: Fn(&str) -> Option<Vec<u8>>> ImageResolver for F {
    fn resolve(&self, url: &str) -> Option<Vec<u8>> {
        self(url)
    }
}

/// Reads images from a local directory laid out like the web: the image
/// `https://img.example.com/news/2024/a.jpg` is the file `DIR/img.example.com/news/2024/a.jpg`
/// (path segments percent-decoded; query and fragment ignored), as `wget -x` and similar
/// mirroring tools save them.
///
/// A URL never reaches outside `DIR`: segments `.`, `..`, empty ones and ones holding a
/// path separator are refused, and the file found must still lie inside `DIR` once
/// symbolic links are resolved. Files larger than [`DirImageResolver::max_bytes`] are
/// refused.
///
/// ```
/// use newspost::{DirImageResolver, ImageResolver};
/// let dir = std::env::temp_dir().join("newspost-doc-images");
/// std::fs::create_dir_all(dir.join("img.example.com"))?;
/// std::fs::write(dir.join("img.example.com/a.png"), b"\x89PNG\r\n\x1a\n")?;
/// let images = DirImageResolver::new(&dir);
/// assert!(images.resolve("https://img.example.com/a.png").is_some());
/// assert!(images.resolve("https://img.example.com/..%2F..%2Fetc%2Fpasswd").is_none());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct DirImageResolver {
    dir: PathBuf,
    /// Files larger than this are not read. Default 20 MiB.
    pub max_bytes: u64,
}

impl DirImageResolver {
    /// A resolver reading below `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        DirImageResolver {
            dir: dir.into(),
            max_bytes: 20 << 20,
        }
    }

    /// The file that would hold the image at `url`, if the URL maps to one inside the
    /// directory (checked lexically; [`ImageResolver::resolve`] also checks links).
    pub fn path_for(&self, url: &str) -> Option<PathBuf> {
        let url = Url::parse(url).ok()?;
        let host = url.host_str()?;
        let mut path = self.dir.clone();
        push_segment(&mut path, host)?;
        let segments = url.path_segments()?;
        let mut any = false;
        for segment in segments {
            let decoded = percent_decode(segment)?;
            push_segment(&mut path, &decoded)?;
            any = true;
        }
        any.then_some(path)
    }
}

impl DirImageResolver {
    /// The real file of `url`, inside the directory once links are resolved.
    fn real_path(&self, url: &str) -> Option<PathBuf> {
        let path = self.path_for(url)?;
        let root = self.dir.canonicalize().ok()?;
        let real = path.canonicalize().ok()?;
        real.starts_with(&root).then_some(real)
    }
}

impl ImageResolver for DirImageResolver {
    fn resolve(&self, url: &str) -> Option<Vec<u8>> {
        let real = self.real_path(url)?;
        let meta = std::fs::metadata(&real).ok()?;
        if !meta.is_file() || meta.len() > self.max_bytes {
            return None;
        }
        std::fs::read(&real).ok()
    }

    /// The real file: URLs that differ only in their query or spelling, or reach one
    /// file through links, name one image.
    fn identity(&self, url: &str) -> Option<String> {
        self.real_path(url)
            .map(|real| real.to_string_lossy().into_owned())
    }
}

fn push_segment(path: &mut PathBuf, segment: &str) -> Option<()> {
    let ok = !segment.is_empty()
        && segment != "."
        && segment != ".."
        && !segment.contains(['/', '\\', '\0', ':'])
        && matches!(
            Path::new(segment).components().next(),
            Some(Component::Normal(_))
        )
        && Path::new(segment).components().count() == 1;
    ok.then(|| path.push(segment))
}

fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = segment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// An image format EPUB readers must support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ImageFormat {
    Jpeg,
    Png,
    Gif,
}

impl ImageFormat {
    /// The format of `bytes`, by signature alone.
    pub(crate) fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(b"\xff\xd8\xff") {
            Some(ImageFormat::Jpeg)
        } else if bytes.starts_with(PNG_SIGNATURE) {
            Some(ImageFormat::Png)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(ImageFormat::Gif)
        } else {
            None
        }
    }

    pub(crate) fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
            ImageFormat::Gif => "image/gif",
        }
    }

    pub(crate) fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
            ImageFormat::Gif => "gif",
        }
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// An image whose header decodes: its format and dimensions in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ImageInfo {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

impl ImageInfo {
    /// Decodes the header of a JPEG, PNG or GIF: the signature, then the dimensions
    /// (nonzero), and checks that the file is not cut short: a PNG ends with its `IEND`
    /// chunk, a GIF with its trailer, a JPEG has a scan and an end marker after it.
    /// `None` for anything else, so that no corrupt file reaches a book (epubcheck's
    /// MED-004 and PKG-021).
    pub(crate) fn probe(bytes: &[u8]) -> Option<ImageInfo> {
        let format = ImageFormat::sniff(bytes)?;
        let (width, height) = match format {
            ImageFormat::Png => png_size(bytes)?,
            ImageFormat::Gif => gif_size(bytes)?,
            ImageFormat::Jpeg => jpeg_size(bytes)?,
        };
        (width > 0 && height > 0).then_some(ImageInfo {
            format,
            width,
            height,
        })
    }
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let b: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    Some(u32::from_be_bytes(b))
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    let b: [u8; 2] = bytes.get(at..at + 2)?.try_into().ok()?;
    Some(u16::from_be_bytes(b))
}

fn le16(bytes: &[u8], at: usize) -> Option<u16> {
    let b: [u8; 2] = bytes.get(at..at + 2)?.try_into().ok()?;
    Some(u16::from_le_bytes(b))
}

/// PNG: the first chunk is a 13-byte `IHDR` with a valid depth and colour type; the
/// last is `IEND`.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let header = PNG_SIGNATURE.len();
    if be32(bytes, header)? != 13 || bytes.get(header + 4..header + 8)? != b"IHDR" {
        return None;
    }
    let width = be32(bytes, header + 8)?;
    let height = be32(bytes, header + 12)?;
    let depth = *bytes.get(header + 16)?;
    let colour = *bytes.get(header + 17)?;
    let valid = match colour {
        0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(depth, 1 | 2 | 4 | 8),
        2 | 4 | 6 => matches!(depth, 8 | 16),
        _ => false,
    };
    // `IEND`: length 0, the type, its CRC.
    let ends = bytes.ends_with(b"\0\0\0\0IEND\xaeB`\x82");
    // PNG limits dimensions to 2^31 - 1.
    (valid && ends && width <= i32::MAX as u32 && height <= i32::MAX as u32)
        .then_some((width, height))
}

/// GIF: the logical screen's size, at least one image, and the trailer byte at the end.
fn gif_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let width = le16(bytes, 6)?;
    let height = le16(bytes, 8)?;
    let has_image = bytes.len() > 13 && memchr::memchr(0x2c, bytes.get(13..)?).is_some();
    (has_image && bytes.last() == Some(&0x3b)).then_some((u32::from(width), u32::from(height)))
}

/// JPEG: the markers from the start of the image to the first frame header (its size),
/// then a start of scan, and an end-of-image marker after that.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    let mut size = None;
    loop {
        // Markers may be padded with extra 0xff bytes.
        while bytes.get(at) == Some(&0xff) && bytes.get(at + 1) == Some(&0xff) {
            at += 1;
        }
        if *bytes.get(at)? != 0xff {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        match marker {
            // Markers without a length.
            0x01 | 0xd0..=0xd7 => {
                at += 2;
                continue;
            }
            // End of image before any scan.
            0xd9 => return None,
            _ => {}
        }
        let length = usize::from(be16(bytes, at + 2)?);
        if length < 2 {
            return None;
        }
        let is_frame = matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc);
        if is_frame {
            let precision = *bytes.get(at + 4)?;
            let height = be16(bytes, at + 5)?;
            let width = be16(bytes, at + 7)?;
            let components = *bytes.get(at + 9)?;
            if !matches!(precision, 8 | 12 | 16) || !(1..=4).contains(&components) {
                return None;
            }
            size = Some((u32::from(width), u32::from(height)));
        }
        if marker == 0xda {
            // Start of scan: the entropy-coded data follows; the image must end.
            let (width, height) = size?;
            let scan = bytes.get(at + 2 + length..)?;
            let ends = memchr::memmem::rfind(scan, b"\xff\xd9").is_some();
            return ends.then_some((width, height));
        }
        at += 2 + length;
    }
}

/// Whether `bytes` are a WebP file (RIFF container, `WEBP` form).
pub(crate) fn is_webp(bytes: &[u8]) -> bool {
    bytes.len() > 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP")
}

/// The bytes ready to embed: a JPEG, PNG or GIF as it is when its header decodes; a
/// WebP transcoded (with the `webp` feature: PNG when it has transparency, else JPEG).
pub(crate) fn embeddable(bytes: Vec<u8>) -> Option<(Vec<u8>, ImageInfo)> {
    if let Some(info) = ImageInfo::probe(&bytes) {
        return Some((bytes, info));
    }
    if is_webp(&bytes) {
        #[cfg(feature = "webp")]
        return super::transcode::webp(&bytes)
            .and_then(|out| ImageInfo::probe(&out).map(|info| (out, info)));
    }
    None
}

/// A shareable resolver, as [`super::EpubOptions`] holds it.
pub(super) struct ResolverDebug<'a>(
    pub &'a Option<std::sync::Arc<dyn ImageResolver + Send + Sync>>,
);

impl fmt::Debug for ResolverDebug<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "Some(..)" } else { "None" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_urls_to_paths_inside_the_directory() {
        let r = DirImageResolver::new("/cache");
        assert_eq!(
            r.path_for("https://img.example.com/news/%E5%9B%BE.jpg?w=300#x"),
            Some(PathBuf::from("/cache/img.example.com/news/图.jpg"))
        );
        // URL parsing itself resolves dot segments, so they stay below the host.
        assert_eq!(
            r.path_for("https://img.example.com/a/%2e%2e/%2e%2e/etc/passwd"),
            Some(PathBuf::from("/cache/img.example.com/etc/passwd"))
        );
        for bad in [
            "https://img.example.com/a/..%2f..%2fetc",
            "https://img.example.com/a%5c..%5cb",
            "https://img.example.com/",
            "https://img.example.com/a//b",
            "file:///etc/passwd",
            "not a url",
            "https://img.example.com/%ff",
        ] {
            assert_eq!(r.path_for(bad), None, "{bad}");
        }
    }

    #[test]
    fn reads_only_files_inside_the_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("cache");
        std::fs::create_dir_all(root.join("h.example")).unwrap();
        std::fs::write(root.join("h.example/a.gif"), b"GIF89a...").unwrap();
        std::fs::write(tmp.path().join("secret.gif"), b"GIF89a secret").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(
            tmp.path().join("secret.gif"),
            root.join("h.example/link.gif"),
        )
        .unwrap();
        let r = DirImageResolver::new(&root);
        assert_eq!(
            r.resolve("https://h.example/a.gif").as_deref(),
            Some(&b"GIF89a..."[..])
        );
        assert_eq!(r.resolve("https://h.example/missing.gif"), None);
        assert_eq!(r.resolve("https://h.example/link.gif"), None);
        let mut small = DirImageResolver::new(&root);
        small.max_bytes = 3;
        assert_eq!(small.resolve("https://h.example/a.gif"), None);
    }

    #[test]
    fn sniffs_formats() {
        assert_eq!(
            ImageFormat::sniff(b"\xff\xd8\xff\xe0"),
            Some(ImageFormat::Jpeg)
        );
        assert_eq!(
            ImageFormat::sniff(b"\x89PNG\r\n\x1a\n"),
            Some(ImageFormat::Png)
        );
        assert_eq!(ImageFormat::sniff(b"GIF87a"), Some(ImageFormat::Gif));
        assert_eq!(ImageFormat::sniff(b"<svg onload=alert(1)>"), None);
    }

    const JPEG: &[u8] = include_bytes!("../../../tests/fixtures/images/photo.jpg");
    const PNG: &[u8] = include_bytes!("../../../tests/fixtures/images/photo.png");
    const GIF: &[u8] = include_bytes!("../../../tests/fixtures/images/photo.gif");
    const WEBP: &[u8] = include_bytes!("../../../tests/fixtures/images/photo.webp");

    #[test]
    fn headers_decode_to_dimensions() {
        for (bytes, format) in [
            (JPEG, ImageFormat::Jpeg),
            (PNG, ImageFormat::Png),
            (GIF, ImageFormat::Gif),
        ] {
            assert_eq!(
                ImageInfo::probe(bytes),
                Some(ImageInfo {
                    format,
                    width: 16,
                    height: 12
                }),
                "{format:?}"
            );
        }
        assert!(is_webp(WEBP));
        assert_eq!(ImageInfo::probe(WEBP), None);
    }

    #[test]
    fn corrupt_and_truncated_images_are_refused() {
        // Issue 20, item 14: a 3-byte "JPEG" and truncated files reached books.
        let mut bad: Vec<Vec<u8>> = vec![b"\xff\xd8\xff".to_vec(), b"GIF89a".to_vec()];
        for whole in [JPEG, PNG, GIF] {
            for cut in [whole.len() / 4, whole.len() / 2, whole.len() - 1] {
                bad.push(whole[..cut].to_vec());
            }
        }
        // Zero dimensions.
        let mut zero = PNG.to_vec();
        zero[16..24].fill(0);
        bad.push(zero);
        // A JPEG with no frame header before its scan.
        bad.push(b"\xff\xd8\xff\xda\x00\x02\x00\xff\xd9".to_vec());
        for bytes in &bad {
            assert_eq!(
                ImageInfo::probe(bytes),
                None,
                "{:?}",
                &bytes[..bytes.len().min(12)]
            );
        }
    }

    #[test]
    fn only_decodable_images_are_embeddable() {
        assert!(embeddable(JPEG.to_vec()).is_some());
        assert!(embeddable(b"<svg onload=alert(1)/>".to_vec()).is_none());
        assert!(embeddable(WEBP[..40].to_vec()).is_none());
        #[cfg(feature = "webp")]
        {
            let (bytes, info) = embeddable(WEBP.to_vec()).expect("transcoded");
            assert_eq!(
                (info.format, info.width, info.height),
                (ImageFormat::Jpeg, 16, 12)
            );
            assert!(ImageInfo::probe(&bytes).is_some());
            let alpha = include_bytes!("../../../tests/fixtures/images/alpha.webp");
            let (_, info) = embeddable(alpha.to_vec()).expect("transcoded");
            assert_eq!(info.format, ImageFormat::Png);
        }
    }
}
