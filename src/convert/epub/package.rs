//! The EPUB container, written as the book goes: `mimetype`, `META-INF/container.xml` and
//! the stylesheet first, then each content document and image as soon as it is ready,
//! and at the end the navigation document, the NCX and the package document, which only
//! need the list of what was written. Nothing but that list is kept, so a book of any
//! size is built in memory bounded by one chapter and one image.
//!
//! The zip is deterministic: entries in the order written, dated 1980-01-01 00:00 (the
//! zip epoch), mode 0644, `mimetype` first and stored, everything else deflated.

use std::fmt::Write as _;
use std::io::{Seek, Write};

use chrono::{DateTime, Utc};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime as ZipDateTime, ZipWriter};

use super::options::EpubError;
use crate::convert::escape::{xml_attribute, xml_text};

/// Where the package document lives inside the zip.
pub(super) const OPF_PATH: &str = "OEBPS/content.opf";

/// The folder of every content document and resource.
const CONTENT_DIR: &str = "OEBPS/";

/// The book's metadata, for the package document.
pub(super) struct Metadata<'a> {
    pub title: &'a str,
    pub language: &'a str,
    pub creators: &'a [String],
    pub identifier: uuid::Uuid,
    pub modified: DateTime<Utc>,
    /// The title of the table of contents (`目录`, `Contents`).
    pub contents: &'a str,
}

/// A landmark of the navigation document (`epub:type` in the `landmarks` nav).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Landmark {
    TitlePage,
    BodyMatter,
}

impl Landmark {
    fn epub_type(self) -> &'static str {
        match self {
            Landmark::TitlePage => "titlepage",
            Landmark::BodyMatter => "bodymatter",
        }
    }

    /// The EPUB 2 guide's reference type.
    fn guide_type(self) -> &'static str {
        match self {
            Landmark::TitlePage => "title-page",
            Landmark::BodyMatter => "text",
        }
    }
}

/// A content document as the navigation shows it.
pub(super) struct NavEntry<'a> {
    pub title: &'a str,
    /// 1 for top-level entries, 2 for entries under the previous level-1 one.
    pub level: u8,
    pub landmark: Option<Landmark>,
}

struct Item {
    href: String,
    media_type: &'static str,
    in_spine: bool,
}

struct Nav {
    href: String,
    title: String,
    level: u8,
}

/// An EPUB 3 container being written to `W`.
pub(super) struct Package<W: Write + Seek> {
    zip: ZipWriter<W>,
    items: Vec<Item>,
    nav: Vec<Nav>,
    landmarks: Vec<(Landmark, String, String)>,
}

fn entry_options(method: CompressionMethod) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(method)
        .last_modified_time(ZipDateTime::default())
        .unix_permissions(0o644)
}

impl<W: Write + Seek> Package<W> {
    /// Starts a book: `mimetype`, the container and `stylesheet`.
    pub(super) fn new(writer: W, stylesheet: &[u8]) -> Result<Self, EpubError> {
        let mut zip = ZipWriter::new(writer);
        zip.start_file("mimetype", entry_options(CompressionMethod::Stored))?;
        zip.write_all(b"application/epub+zip")?;
        zip.start_file(
            "META-INF/container.xml",
            entry_options(CompressionMethod::Deflated),
        )?;
        zip.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
              <container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
              <rootfiles>\n\
              <rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n\
              </rootfiles>\n</container>\n",
        )?;
        let mut package = Package {
            zip,
            items: Vec::new(),
            nav: Vec::new(),
            landmarks: Vec::new(),
        };
        package.add_resource("stylesheet.css", stylesheet, "text/css")?;
        Ok(package)
    }

    fn write_entry(&mut self, href: &str, bytes: &[u8]) -> Result<(), EpubError> {
        self.zip.start_file(
            format!("{CONTENT_DIR}{href}"),
            entry_options(CompressionMethod::Deflated),
        )?;
        self.zip.write_all(bytes)?;
        Ok(())
    }

    /// Adds a content document to the spine (and to the navigation when `nav` says how).
    pub(super) fn add_document(
        &mut self,
        href: &str,
        xhtml: &[u8],
        nav: Option<NavEntry<'_>>,
    ) -> Result<(), EpubError> {
        self.write_entry(href, xhtml)?;
        self.items.push(Item {
            href: href.to_owned(),
            media_type: "application/xhtml+xml",
            in_spine: true,
        });
        if let Some(entry) = nav {
            if let Some(landmark) = entry.landmark {
                self.landmarks
                    .push((landmark, entry.title.to_owned(), href.to_owned()));
            }
            self.nav.push(Nav {
                href: href.to_owned(),
                title: entry.title.to_owned(),
                level: entry.level,
            });
        }
        Ok(())
    }

    /// Adds a resource (an image, the stylesheet) outside the spine.
    pub(super) fn add_resource(
        &mut self,
        href: &str,
        bytes: &[u8],
        media_type: &'static str,
    ) -> Result<(), EpubError> {
        self.write_entry(href, bytes)?;
        self.items.push(Item {
            href: href.to_owned(),
            media_type,
            in_spine: false,
        });
        Ok(())
    }

    /// Writes the navigation document, the NCX and the package document, and closes the
    /// zip.
    pub(super) fn finish(mut self, meta: &Metadata<'_>) -> Result<W, EpubError> {
        let nav = self.nav_document(meta);
        self.write_entry("nav.xhtml", nav.as_bytes())?;
        drop(nav);
        let ncx = self.ncx(meta);
        self.write_entry("toc.ncx", ncx.as_bytes())?;
        drop(ncx);
        let opf = self.opf(meta);
        self.zip
            .start_file(OPF_PATH, entry_options(CompressionMethod::Deflated))?;
        self.zip.write_all(opf.as_bytes())?;
        Ok(self.zip.finish()?)
    }

    /// The EPUB 3 navigation document: every entry, level 2 nested under level 1, and
    /// the landmarks.
    fn nav_document(&self, meta: &Metadata<'_>) -> String {
        let lang = xml_attribute(meta.language);
        let mut out = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
             <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
             xml:lang=\"{lang}\" lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
             <title>{contents}</title>\n\
             <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body>\n\
             <nav epub:type=\"toc\" id=\"toc\">\n<h1>{contents}</h1>\n<ol>\n",
            contents = xml_text(meta.contents)
        );
        let mut open_sub = false;
        let mut open_top = false;
        for entry in &self.nav {
            let link = format!(
                "<a href=\"{}\">{}</a>",
                xml_attribute(&entry.href),
                xml_text(&entry.title)
            );
            if entry.level >= 2 && open_top {
                if !open_sub {
                    out.push_str("\n<ol>\n");
                    open_sub = true;
                }
                let _ = writeln!(out, "<li>{link}</li>");
                continue;
            }
            if open_sub {
                out.push_str("</ol>\n");
                open_sub = false;
            }
            if open_top {
                out.push_str("</li>\n");
            }
            let _ = write!(out, "<li>{link}");
            open_top = true;
        }
        if open_sub {
            out.push_str("</ol>\n");
        }
        if open_top {
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</nav>\n");
        if !self.landmarks.is_empty() {
            out.push_str("<nav epub:type=\"landmarks\" hidden=\"hidden\">\n<ol>\n");
            for (landmark, title, href) in &self.landmarks {
                let _ = writeln!(
                    out,
                    "<li><a epub:type=\"{}\" href=\"{}\">{}</a></li>",
                    landmark.epub_type(),
                    xml_attribute(href),
                    xml_text(title)
                );
            }
            out.push_str("</ol>\n</nav>\n");
        }
        out.push_str("</body>\n</html>\n");
        out
    }

    /// The EPUB 2 table of contents, for older readers.
    fn ncx(&self, meta: &Metadata<'_>) -> String {
        let depth = if self.nav.iter().any(|n| n.level >= 2) {
            2
        } else {
            1
        };
        let mut out = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <ncx version=\"2005-1\" xmlns=\"http://www.daisy.org/z3986/2005/ncx/\">\n<head>\n\
             <meta name=\"dtb:uid\" content=\"urn:uuid:{}\"/>\n\
             <meta name=\"dtb:depth\" content=\"{depth}\"/>\n\
             <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n\
             <meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n\
             <docTitle><text>{}</text></docTitle>\n<navMap>\n",
            meta.identifier,
            xml_text(meta.title)
        );
        let mut open_top = false;
        for (n, entry) in self.nav.iter().enumerate() {
            let point = format!(
                "<navPoint id=\"navpoint-{id}\" playOrder=\"{id}\">\
                 <navLabel><text>{}</text></navLabel><content src=\"{}\"/>",
                xml_text(&entry.title),
                xml_attribute(&entry.href),
                id = n + 1
            );
            if entry.level >= 2 && open_top {
                let _ = writeln!(out, "{point}</navPoint>");
                continue;
            }
            if open_top {
                out.push_str("</navPoint>\n");
            }
            let _ = writeln!(out, "{point}");
            open_top = true;
        }
        if open_top {
            out.push_str("</navPoint>\n");
        }
        out.push_str("</navMap>\n</ncx>\n");
        out
    }

    /// The package document: metadata, manifest, spine and guide.
    fn opf(&self, meta: &Metadata<'_>) -> String {
        let mut out = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <package version=\"3.0\" xmlns=\"http://www.idpf.org/2007/opf\" unique-identifier=\"epub-id-1\">\n\
             <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:opf=\"http://www.idpf.org/2007/opf\">\n\
             <dc:identifier id=\"epub-id-1\">urn:uuid:{}</dc:identifier>\n\
             <dc:title>{}</dc:title>\n\
             <dc:language id=\"epub-language-0\">{}</dc:language>\n",
            meta.identifier,
            xml_text(meta.title),
            xml_text(meta.language)
        );
        for (n, creator) in meta.creators.iter().enumerate() {
            let _ = writeln!(
                out,
                "<dc:creator id=\"epub-creator-{n}\">{}</dc:creator>\n\
                 <meta refines=\"#epub-creator-{n}\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
                xml_text(creator)
            );
        }
        let _ = writeln!(
            out,
            "<meta property=\"dcterms:modified\">{}</meta>\n\
             <meta name=\"generator\" content=\"newspost\"/>\n</metadata>\n<manifest>\n\
             <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n\
             <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>",
            meta.modified.format("%Y-%m-%dT%H:%M:%SZ")
        );
        for (n, item) in self.items.iter().enumerate() {
            let _ = writeln!(
                out,
                "<item id=\"item-{}\" href=\"{}\" media-type=\"{}\"/>",
                n + 1,
                xml_attribute(&item.href),
                item.media_type
            );
        }
        out.push_str("</manifest>\n<spine toc=\"ncx\">\n");
        for (n, item) in self.items.iter().enumerate() {
            if item.in_spine {
                let _ = writeln!(out, "<itemref idref=\"item-{}\"/>", n + 1);
            }
        }
        out.push_str("</spine>\n<guide>\n");
        let _ = writeln!(
            out,
            "<reference type=\"toc\" title=\"{}\" href=\"nav.xhtml\"/>",
            xml_attribute(meta.contents)
        );
        for (landmark, title, href) in &self.landmarks {
            let _ = writeln!(
                out,
                "<reference type=\"{}\" title=\"{}\" href=\"{}\"/>",
                landmark.guide_type(),
                xml_attribute(title),
                xml_attribute(href)
            );
        }
        out.push_str("</guide>\n</package>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    fn metadata<'a>(creators: &'a [String]) -> Metadata<'a> {
        Metadata {
            title: "书 <1>",
            language: "zh",
            creators,
            identifier: uuid::Uuid::nil(),
            modified: DateTime::UNIX_EPOCH,
            contents: "目录",
        }
    }

    #[test]
    fn writes_mimetype_first_and_a_nested_navigation() {
        let mut package = Package::new(Cursor::new(Vec::new()), b"p {}").unwrap();
        let doc = b"<html/>";
        for (href, title, level, landmark) in [
            ("title.xhtml", "书", 1, Some(Landmark::TitlePage)),
            ("group-0001.xhtml", "2024-07-01", 1, None),
            ("post-0001.xhtml", "一", 2, Some(Landmark::BodyMatter)),
            ("post-0002.xhtml", "二", 2, None),
            ("group-0002.xhtml", "2024-07-02", 1, None),
            ("post-0003.xhtml", "三", 2, None),
        ] {
            let nav = NavEntry {
                title,
                level,
                landmark,
            };
            package.add_document(href, doc, Some(nav)).unwrap();
        }
        package
            .add_resource("images/img-0001.png", b"png", "image/png")
            .unwrap();
        let creators = vec!["联合早报".to_owned()];
        let bytes = package.finish(&metadata(&creators)).unwrap().into_inner();
        assert_eq!(&bytes[30..58], b"mimetypeapplication/epub+zip");
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        let mut read = |name: &str| {
            let mut s = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        let nav = read("OEBPS/nav.xhtml");
        assert!(nav.contains(
            "<li><a href=\"group-0001.xhtml\">2024-07-01</a>\n<ol>\n\
             <li><a href=\"post-0001.xhtml\">一</a></li>\n\
             <li><a href=\"post-0002.xhtml\">二</a></li>\n</ol>\n</li>"
        ));
        assert!(nav.contains("epub:type=\"bodymatter\" href=\"post-0001.xhtml\""));
        let opf = read(OPF_PATH);
        assert!(opf.contains("<dc:title>书 &lt;1&gt;</dc:title>"));
        assert!(opf.contains("<dc:creator id=\"epub-creator-0\">联合早报</dc:creator>"));
        assert!(opf.contains("href=\"images/img-0001.png\" media-type=\"image/png\""));
        assert_eq!(opf.matches("<itemref").count(), 6);
        let ncx = read("OEBPS/toc.ncx");
        assert!(ncx.contains("playOrder=\"6\""));
        assert_eq!(
            ncx.matches("<navPoint").count(),
            ncx.matches("</navPoint>").count()
        );
    }
}
