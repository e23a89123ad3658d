//! One error type for the whole core, one variant per kind of failure.
//!
//! Every fallible function of the core returns [`Error`]: a bad line of a data table (user
//! dictionary, boilerplate rules, indicator tables, lexicon files), a file that cannot be read,
//! bytes that are not text ([`Error::Decode`]), an argument outside its domain.

/// Why bytes could not be decoded ([`Error::Decode`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// A byte sequence that is not a character in the encoding (damaged, truncated, or not in
    /// that encoding at all).
    Malformed,
    /// Not a text file: a NUL byte and no byte order mark.
    Binary,
    /// [`crate::load::decode_as`] was given a label that names no supported encoding.
    UnknownEncoding,
}

/// Errors of the gongwen core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad line in a data table: a user dictionary line that is not `word [freq] [tag]`, a
    /// boilerplate rule, an indicator table entry or a lexicon term that cannot be read, or a
    /// line that is not UTF-8. `line` is 1-based; `message` says what is wrong with it.
    #[error("bad line in {path} at line {line}: {message}")]
    TableLine { path: String, line: usize, message: String },
    /// A word longer than a segmenter's dictionary takes
    /// ([`crate::segment::MAX_WORD_CHARS`]); `what` says where it came from.
    #[error("{what}: a dictionary word may have at most {max} characters; this one has {chars} ({start:?}...)")]
    WordTooLong {
        what: String,
        chars: usize,
        max: usize,
        start: String,
    },
    /// A file or directory that could not be read (or does not exist): `path` as it is shown
    /// in messages, `source` the system's error (its `raw_os_error` is the errno).
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Bytes that are not text in the encoding detected or named, or an unknown encoding label;
    /// `message` gives the whole story.
    #[error("{message}")]
    Decode {
        /// What went wrong.
        kind: DecodeErrorKind,
        /// The WHATWG name of the encoding the bytes are malformed in; `None` for binary input
        /// and unknown labels, where no encoding applies.
        encoding: Option<&'static str>,
        /// The byte offset in the input (byte order mark included) of the first malformed
        /// sequence, or of the first NUL byte of binary input; 0 for an unknown label.
        offset: usize,
        /// A message for people: the encoding, the offset, the offending bytes and what to do.
        message: String,
    },
    /// An argument outside its domain (an unknown mode, zero threads, ...).
    #[error("{0}")]
    InvalidArgument(String),
}

impl Error {
    /// The kind of an [`Error::Decode`], `None` for every other error.
    pub fn decode_kind(&self) -> Option<DecodeErrorKind> {
        match self {
            Error::Decode { kind, .. } => Some(*kind),
            _ => None,
        }
    }
}

/// `Result` with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
