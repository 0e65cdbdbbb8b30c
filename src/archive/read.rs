//! Reading a post's file within the parser's input limit.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Why a post's file could not be read as a post's text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The file is larger than the limit (refused before it is read).
    #[error("file is {len} bytes, more than the limit of {limit}")]
    TooLarge {
        /// Its size.
        len: u64,
        /// The limit ([`ParseOptions::max_input_bytes`](crate::ParseOptions)).
        limit: usize,
    },
    /// The file grew past the limit while it was read.
    #[error("file is more than the limit of {limit} bytes")]
    Grew {
        /// The limit.
        limit: usize,
    },
    /// The file is not UTF-8 ([`read_text`]).
    #[error("not UTF-8: {}", match encoding {
        Some(encoding) => format!("the file is in {encoding}"),
        None => format!("invalid byte sequence at byte {valid_up_to}"),
    })]
    NotUtf8 {
        /// The bytes before the first that is not UTF-8.
        valid_up_to: usize,
        /// The encoding the file seems to be in ([`guess_encoding`](crate::guess_encoding)).
        encoding: Option<&'static str>,
        /// The file's bytes, for a caller that reports on them.
        bytes: Vec<u8>,
    },
}

impl From<ReadError> for io::Error {
    /// The error as an I/O error with the same message (the I/O error itself for
    /// [`ReadError::Io`]).
    fn from(error: ReadError) -> io::Error {
        match error {
            ReadError::Io(error) => error,
            other => io::Error::new(io::ErrorKind::InvalidData, other.to_string()),
        }
    }
}

/// The bytes of the file at `path`, refusing a file larger than `limit` before reading it
/// (a 1 GB file is an error, not 1 GB of memory).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use newspost::archive::{read_post, ReadError};
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("a.md");
/// std::fs::write(&path, "0123456789")?;
/// assert_eq!(read_post(&path, 10)?, b"0123456789");
/// let refused = read_post(&path, 9).unwrap_err();
/// assert!(matches!(refused, ReadError::TooLarge { len: 10, limit: 9 }));
/// assert_eq!(refused.to_string(), "file is 10 bytes, more than the limit of 9");
/// # Ok(())
/// # }
/// ```
pub fn read_post(path: impl AsRef<Path>, limit: usize) -> Result<Vec<u8>, ReadError> {
    let file = File::open(path.as_ref())?;
    let len = file.metadata()?.len();
    if len > limit as u64 {
        return Err(ReadError::TooLarge { len, limit });
    }
    // One byte more than the limit tells a file that grew past it since its size was read
    // (reading to the end costs a second, empty, read call per file; stopping at the size
    // read before would cut a file that grew, or whose size was stale).
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Err(ReadError::Grew { limit });
    }
    Ok(bytes)
}

/// [`read_post`] as text: a file that is not UTF-8 is [`ReadError::NotUtf8`], with the
/// encoding it seems to be in.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use newspost::archive::{read_text, ReadError};
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("gbk.md");
/// std::fs::write(&path, b"\xd6\xd0\xce\xc4\xd6\xd0\xce\xc4\xd6\xd0\xce\xc4")?; // 中文中文中文 in GBK
/// match read_text(&path, 1 << 20) {
///     Err(ReadError::NotUtf8 { valid_up_to: 0, encoding: Some(encoding), .. }) => {
///         assert!(encoding.contains("GBK"));
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok(())
/// # }
/// ```
pub fn read_text(path: impl AsRef<Path>, limit: usize) -> Result<String, ReadError> {
    let bytes = read_post(path, limit)?;
    String::from_utf8(bytes).map_err(|error| {
        let valid_up_to = error.utf8_error().valid_up_to();
        let bytes = error.into_bytes();
        ReadError::NotUtf8 {
            valid_up_to,
            encoding: crate::encoding::guess_encoding(&bytes),
            bytes,
        }
    })
}

/// The parser's default input limit ([`ParseOptions::max_input_bytes`](crate::ParseOptions)),
/// worked out once: the default options hold noise rules of a few dozen allocations.
///
/// ```
/// assert_eq!(newspost::archive::default_limit(), newspost::ParseOptions::default().max_input_bytes);
/// ```
pub fn default_limit() -> usize {
    static LIMIT: std::sync::LazyLock<usize> =
        std::sync::LazyLock::new(|| crate::parse::ParseOptions::default().max_input_bytes);
    *LIMIT
}
