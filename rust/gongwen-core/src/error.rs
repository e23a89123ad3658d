//! One error type for the whole core, one variant per kind of failure.

/// Errors of the gongwen core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A user dictionary line that is not `word [freq] [tag]` or not UTF-8.
    #[error("invalid dictionary entry in {path} at line {line}: {message}")]
    Dictionary { path: String, line: usize, message: String },
    /// A word longer than a segmenter's dictionary takes
    /// ([`crate::segment::MAX_WORD_CHARS`]); `what` says where it came from.
    #[error("{what}: a dictionary word may have at most {max} characters; this one has {chars} ({start:?}...)")]
    WordTooLong {
        what: String,
        chars: usize,
        max: usize,
        start: String,
    },
    /// A file that could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// An argument outside its domain (an unknown mode, zero threads, ...).
    #[error("{0}")]
    InvalidArgument(String),
}

/// `Result` with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The entry lines of a data table (boilerplate rules, indicator tables): `(1-based line number,
/// line)` without a trailing `\r`, blank lines and `#` comment lines skipped.
pub(crate) fn table_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}
