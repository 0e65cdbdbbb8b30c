//! The last packaging step: epub-builder's zip, rewritten entry by entry so that the same
//! book gives the same bytes, with one fix to its package document.
//!
//! epub-builder 0.8.3 keeps its zip backend trait private, and its `ZipLibrary` stamps
//! every entry with the current time. So the book is built in memory and then copied
//! here: each entry keeps its name, order and compressed data (`raw_copy_file_touch`,
//! no recompression) and gets a fixed time (1980-01-01 00:00, the zip epoch) and mode.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::EpubError;

/// Where epub-builder writes the package document.
pub(super) const OPF_PATH: &str = "OEBPS/content.opf";

/// Copies the zip in `book` to `writer` with fixed entry times, fixing the package
/// document on the way ([`fix_opf`]). `mimetype` must be the first entry, stored.
pub(super) fn normalize(book: &[u8], mut writer: impl Write) -> Result<(), EpubError> {
    let mut archive = ZipArchive::new(Cursor::new(book))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(book.len())));
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i)?;
        if i == 0
            && (entry.name() != "mimetype" || entry.compression() != CompressionMethod::Stored)
        {
            return Err(EpubError::Package(
                "the mimetype entry is not first and stored".into(),
            ));
        }
        if entry.name() == OPF_PATH {
            drop(entry);
            let mut opf = String::new();
            archive.by_index(i)?.read_to_string(&mut opf)?;
            let options = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .last_modified_time(DateTime::default())
                .unix_permissions(0o644);
            out.start_file(OPF_PATH, options)?;
            out.write_all(fix_opf(&opf).as_bytes())?;
        } else {
            out.raw_copy_file_touch(entry, DateTime::default(), Some(0o644))?;
        }
    }
    let bytes = out.finish()?.into_inner();
    writer.write_all(&bytes)?;
    Ok(())
}

/// epub-builder 0.8.3's EPUB 3 template gives the n-th `dc:language` and the n-th
/// `dc:creator` the same id (`epub-creator-N`), so a book with an author fails epubcheck
/// (RSC-005, duplicate id). The languages get ids of their own; nothing refers to them.
pub(super) fn fix_opf(opf: &str) -> String {
    opf.replace(
        "<dc:language id=\"epub-creator-",
        "<dc:language id=\"epub-language-",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_ids_no_longer_clash_with_creator_ids() {
        let opf = "<dc:language id=\"epub-creator-0\">zh</dc:language>\n\
                   <dc:creator id=\"epub-creator-0\">联合早报</dc:creator>\n\
                   <meta refines=\"#epub-creator-0\" property=\"role\">aut</meta>";
        let fixed = fix_opf(opf);
        assert!(fixed.contains("<dc:language id=\"epub-language-0\">zh</dc:language>"));
        assert!(fixed.contains("<dc:creator id=\"epub-creator-0\">"));
        assert!(fixed.contains("refines=\"#epub-creator-0\""));
    }

    #[test]
    fn rejects_a_zip_without_mimetype_first() {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("other", SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"x").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        assert!(matches!(
            normalize(&bytes, Vec::new()),
            Err(EpubError::Package(_))
        ));
    }
}
