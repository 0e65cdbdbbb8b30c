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
/// Only JPEG, PNG and GIF bytes are embedded (recognised by their signature, whatever
/// the URL says); anything else is treated as unavailable.
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

impl ImageResolver for DirImageResolver {
    fn resolve(&self, url: &str) -> Option<Vec<u8>> {
        let path = self.path_for(url)?;
        let root = self.dir.canonicalize().ok()?;
        let real = path.canonicalize().ok()?;
        if !real.starts_with(&root) {
            return None;
        }
        let meta = std::fs::metadata(&real).ok()?;
        if !meta.is_file() || meta.len() > self.max_bytes {
            return None;
        }
        std::fs::read(&real).ok()
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
pub(super) enum ImageFormat {
    Jpeg,
    Png,
    Gif,
}

impl ImageFormat {
    /// The format of `bytes`, by signature.
    pub(super) fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(b"\xff\xd8\xff") {
            Some(ImageFormat::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(ImageFormat::Gif)
        } else {
            None
        }
    }

    pub(super) fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
            ImageFormat::Gif => "image/gif",
        }
    }

    pub(super) fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
            ImageFormat::Gif => "gif",
        }
    }
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
}
