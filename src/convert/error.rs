//! The one error type of every converter.

/// Why a converter could not write its output: the error of every `write_*` function
/// (`write_json`, `write_text`, `write_archive`, `write_epub`, `write_parquet`) and of the EPUB
/// `BookWriter`, which `EpubError` names too.
///
/// ```
/// let post = newspost::parse("<div><p>Hi</p></div>\n")?;
/// let mut full = [0u8; 4];
/// let err = newspost::write_json(&post, &newspost::JsonOptions::default(), &mut full[..])
///     .unwrap_err();
/// assert!(matches!(err, newspost::convert::Error::Io(_)));
/// # Ok::<(), newspost::Error>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Writing to the writer failed.
    #[error("could not write the output: {0}")]
    Io(#[from] std::io::Error),
    /// The post could not be serialised as JSON (a failure of the writer is
    /// [`Error::Io`]).
    #[error("could not write JSON: {0}")]
    Json(serde_json::Error),
    /// A book needs at least one post.
    #[cfg(feature = "epub")]
    #[error("no posts to put in the book")]
    NoPosts,
    /// [`EpubOptions::language`](crate::convert::epub::EpubOptions::language) is not a
    /// language tag.
    #[cfg(feature = "epub")]
    #[error("`{0}` is not a language tag (like `zh` or `en-GB`)")]
    Language(String),
    /// Assembling the EPUB package failed (an error from the zip writer).
    #[cfg(feature = "epub")]
    #[error("could not assemble the book: {0}")]
    Package(String),
    /// Encoding the Parquet file failed (an error from the Arrow or Parquet writer; a
    /// failure of the writer is [`Error::Io`]).
    #[cfg(feature = "parquet")]
    #[error("could not write Parquet: {0}")]
    Parquet(String),
    /// A [`BookWriter`](crate::convert::epub::BookWriter) was not handed its volume's
    /// posts in order, or not all of them.
    #[cfg(feature = "epub")]
    #[error("posts out of sequence: {0}")]
    Sequence(String),
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        if e.is_io() {
            Error::Io(e.into())
        } else {
            Error::Json(e)
        }
    }
}

#[cfg(feature = "epub")]
impl From<zip::result::ZipError> for Error {
    fn from(e: zip::result::ZipError) -> Self {
        Error::Package(e.to_string())
    }
}
