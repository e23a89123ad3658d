//! The units of work the load stage hands to the pipeline, in input order: a text with its id
//! (and carried metadata), raw bytes, a file to read, a table file read outside the core (Parquet), or an error row made
//! while loading ([`Source::Failed`], with an [`ErrorKind`]); and [`Batcher`], which cuts them
//! into bounded batches.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use super::meta::Meta;

/// Why a document gave no output: the `error_kind` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A file or directory that could not be read, or whose name is not UTF-8.
    Io,
    /// Bytes that are not text in any encoding tried (or in the one given).
    Decode,
    /// Input with no document in it: an empty text, a bad JSON line, a missing text column.
    Input,
}

impl ErrorKind {
    /// `"io"`, `"decode"` or `"input"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Decode => "decode",
            ErrorKind::Input => "input",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ErrorKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "io" => Ok(ErrorKind::Io),
            "decode" => Ok(ErrorKind::Decode),
            "input" => Ok(ErrorKind::Input),
            other => Err(format!("error kind must be 'io', 'decode' or 'input', not {other:?}")),
        }
    }
}

/// One document to run, or the error row of one that cannot be. `T` is how a text is held: a
/// `String` in the core, a handle to the caller's string in a binding that reads it later.
#[derive(Debug)]
pub enum Source<T = String> {
    /// A text with its id (and where it came from: a JSONL or CSV file), and the metadata
    /// carried to its row (the record's other fields).
    Text {
        id: String,
        text: T,
        source: Option<String>,
        meta: Meta,
    },
    /// Raw bytes, decoded by the pipeline.
    Bytes {
        id: String,
        bytes: Vec<u8>,
        source: Option<String>,
        meta: Meta,
    },
    /// A file read and decoded by the pipeline; `id` is its path as given, `size` its size
    /// when it was found (0 if unknown).
    File { id: String, path: PathBuf, size: u64 },
    /// A table file (Parquet) whose rows the caller reads: the core does not.
    Table { path: PathBuf },
    /// An error row made while loading.
    Failed {
        id: String,
        source: Option<String>,
        kind: ErrorKind,
        message: String,
    },
}

impl<T> Source<T> {
    /// An error row.
    pub fn failed(id: impl Into<String>, source: Option<String>, kind: ErrorKind, message: impl Into<String>) -> Self {
        Source::Failed {
            id: id.into(),
            source,
            kind,
            message: message.into(),
        }
    }

    /// The document's id (a table file's path).
    pub fn id(&self) -> &str {
        match self {
            Source::Text { id, .. }
            | Source::Bytes { id, .. }
            | Source::File { id, .. }
            | Source::Failed { id, .. } => id,
            Source::Table { path } => path.to_str().unwrap_or(""),
        }
    }

    /// The size that counts toward a batch's `batch_bytes`, given the size of a text.
    pub fn size(&self, text_size: impl Fn(&T) -> u64) -> u64 {
        match self {
            Source::Text { text, .. } => text_size(text),
            Source::Bytes { bytes, .. } => bytes.len() as u64,
            Source::File { size, .. } => *size,
            Source::Table { .. } | Source::Failed { .. } => 0,
        }
    }
}

/// Cuts a stream of units into batches of at most `docs` units, closing a batch as soon as it
/// holds `bytes` bytes or more, in input order.
#[derive(Debug)]
pub struct Batcher<U> {
    docs: usize,
    bytes: u64,
    batch: Vec<U>,
    size: u64,
}

impl<U> Batcher<U> {
    /// Batches of at most `docs` units (at least 1) and about `bytes` bytes.
    pub fn new(docs: usize, bytes: u64) -> Self {
        Batcher {
            docs: docs.max(1),
            bytes,
            batch: Vec::new(),
            size: 0,
        }
    }

    /// Add a unit of `size` bytes; returns the batch it closes, if it closes one.
    pub fn push(&mut self, unit: U, size: u64) -> Option<Vec<U>> {
        self.batch.push(unit);
        self.size += size;
        (self.batch.len() >= self.docs || self.size >= self.bytes).then(|| self.take())
    }

    /// The last, partial batch, if it holds anything.
    pub fn finish(&mut self) -> Option<Vec<U>> {
        (!self.batch.is_empty()).then(|| self.take())
    }

    /// How many units the open batch holds.
    pub fn len(&self) -> usize {
        self.batch.len()
    }

    /// Whether the open batch is empty.
    pub fn is_empty(&self) -> bool {
        self.batch.is_empty()
    }

    fn take(&mut self) -> Vec<U> {
        self.size = 0;
        std::mem::take(&mut self.batch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_close_on_documents_or_bytes_in_order() {
        let mut b = Batcher::new(3, 10);
        let mut out = Vec::new();
        for (unit, size) in [(0, 1), (1, 1), (2, 1), (3, 12), (4, 4), (5, 4), (6, 2), (7, 0)] {
            out.extend(b.push(unit, size));
        }
        out.extend(b.finish());
        assert_eq!(out, vec![vec![0, 1, 2], vec![3], vec![4, 5, 6], vec![7]]);
        assert!(b.finish().is_none());
    }

    #[test]
    fn error_kinds_round_trip() {
        for k in [ErrorKind::Io, ErrorKind::Decode, ErrorKind::Input] {
            assert_eq!(k.as_str().parse::<ErrorKind>(), Ok(k));
        }
        assert!("other".parse::<ErrorKind>().is_err());
    }
}
