//! CSV: a header row, then one document a row, its text under `text_column` (its id under
//! `id_column`, else `<file>:<row>` with rows counted from 1 after the header), every other
//! column carried as metadata ([`MetaValue::Str`]: CSV has no types). Read lazily, a row at a
//! time, memory bounded by the largest row.
//!
//! The format is RFC 4180 as spreadsheets and Python's `csv` module write it: fields separated
//! by commas, rows by `\n`, `\r\n` or `\r`; a field in double quotes may hold commas, quotes
//! (doubled) and line breaks. Lenient where Python's reader is: a quote inside an unquoted field
//! is a character, and characters after a closing quote join the field. Empty lines (or lines of
//! spaces and tabs only) hold no row and are skipped.
//!
//! **Encoding.** Each row is a document decoded as [`super::decode`] decodes one, in the
//! context of its file: a byte order mark, or the encoding the caller names, holds for every
//! row; otherwise a row that is valid UTF-8 is UTF-8 (as is one valid for its first kilobytes
//! or its first 64 non-ASCII bytes and damaged after them), and the rows that are not are in
//! the file's legacy encoding, GB18030 or Big5, chosen once from the first such rows (a few
//! kilobytes of their non-ASCII text, read ahead). Every row is decoded strictly: a row that is
//! not valid in its encoding is a `decode` error row naming the row, its line and the column,
//! and the other rows go on, so a file that mixes UTF-8 and GBK rows (two exports appended)
//! loses none. A NUL byte in the first 64 KB without a byte order mark makes the file one
//! `decode` error row (not text). UTF-16 and other encodings in which a comma or a quote can
//! be part of a character are decoded whole first.
//!
//! **Never a lost row.** A file with no header is one `input` error row, a header without the
//! text column (or the id column, when one is named) one error row that lists the columns it
//! has ([`check_header`] makes that an argument error before a run), a header and no row one
//! error row. A row with more or fewer fields than the header, a quoted field with no closing
//! quote (the row names the line where the field starts: the rest of the file is in it), and a
//! row larger than [`MAX_ROW_BYTES`] are each an `input` error row; the rows around them go on.

use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Chain, Cursor, Read};
use std::path::Path;

use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8};

use super::detect::{
    ambiguous_utf8, fits, fits_utf8, sample, Detector, CONFIDENT_NON_ASCII, SAMPLE_MAX, SAMPLE_NON_ASCII,
};
use super::label::{name, resolve};
use super::meta::{Meta, MetaValue};
use super::shown::{py_repr, shown};
use super::strict::{binary, first_malformed, strict};
use super::{ErrorKind, Source};
use crate::error::{Error, Result};

pub use super::jsonl::Columns;

/// The most bytes a row may hold (all its fields): a bound on the memory a damaged file can
/// take (a quote never closed puts the rest of the file in one field), far above any report.
pub const MAX_ROW_BYTES: usize = 256 << 20;

/// The most rows read ahead to choose the encoding of rows that are not UTF-8.
const AHEAD_ROWS: usize = 64;

/// The units of a CSV stream named `source`, lazily, one a row.
pub struct CsvUnits<R> {
    source: String,
    columns: Columns,
    limit: usize,
    state: State<R>,
}

enum State<R> {
    Start(R),
    Rows(Box<Rows<R>>),
    Done,
}

type Input<R> = BufReader<Chain<Cursor<Vec<u8>>, R>>;

struct Rows<R> {
    parser: Parser<Input<R>>,
    header: Header,
    /// The encoding of every row, when a byte order mark or the caller names it.
    fixed: Option<&'static Encoding>,
    /// The encoding (GB18030 or Big5) of the rows that are not UTF-8, chosen at the first.
    legacy: Option<&'static Encoding>,
    row: usize,
    record: RawRecord,
    /// Rows read ahead to choose the legacy encoding, and what ended the reading.
    ahead: VecDeque<Ahead>,
}

enum Ahead {
    Row(RawRecord),
    End,
    Failed(io::Error),
}

/// The header: the column names (made unique), where the text and the id are.
struct Header {
    names: Vec<String>,
    text: usize,
    id: Option<usize>,
}

/// Read the CSV stream `reader`, named `source` in ids and messages.
pub fn read<R: Read>(reader: R, source: String, columns: Columns) -> CsvUnits<R> {
    CsvUnits {
        source,
        columns,
        limit: MAX_ROW_BYTES,
        state: State::Start(reader),
    }
}

/// Check the header of the CSV file `path` before a run: [`Error::InvalidArgument`] when it
/// lacks the text column (or the id column, when one is named), naming the columns it has. A
/// file that cannot be opened is an [`Error::Io`]; an empty or undecodable file passes (it gives
/// an error row when read).
pub fn check_header(path: &Path, columns: &Columns) -> Result<()> {
    let name = shown(path.as_os_str());
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: name.clone(),
        source,
    })?;
    let mut units = read(file, name.clone(), columns.clone());
    match units.open() {
        Err(Opened::Columns(message)) => Err(Error::InvalidArgument(format!(
            "{}: the header {message}",
            py_repr(&name)
        ))),
        _ => Ok(()),
    }
}

/// Why a file gives no rows.
enum Opened {
    /// The header lacks a column: an argument error when checked before a run.
    Columns(String),
    /// Any other reason: the file's error row.
    Failed(Source),
}

impl<R: Read> CsvUnits<R> {
    #[cfg(test)]
    fn with_limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    fn failed(&self, kind: ErrorKind, message: impl Into<String>) -> Source {
        Source::failed(&self.source, Some(self.source.clone()), kind, message)
    }

    /// Read the start of the file and its header.
    fn open(&mut self) -> std::result::Result<(), Opened> {
        let State::Start(reader) = std::mem::replace(&mut self.state, State::Done) else {
            return Ok(());
        };
        let rows = self.start(reader)?;
        self.state = State::Rows(Box::new(rows));
        Ok(())
    }

    fn start(&self, mut reader: R) -> std::result::Result<Rows<R>, Opened> {
        let io_failed = |e: io::Error| Opened::Failed(self.failed(ErrorKind::Io, format!("read error: {e}")));
        let mut head = read_head(&mut reader).map_err(io_failed)?;
        let forced = match self.columns.encoding.as_deref() {
            Some(label) => Some(resolve(label).ok_or_else(|| {
                Opened::Failed(self.failed(ErrorKind::Decode, super::label::unknown_label(label).to_string()))
            })?),
            None => None,
        };
        // The encoding named (by a byte order mark or the caller) and the length of the mark.
        let (fixed, skip) = match (forced, Encoding::for_bom(&head)) {
            (Some((enc, _)), Some((b, len))) if b == enc => (Some(enc), len),
            (Some((_, true)), Some((b, len))) if b == UTF_16LE || b == UTF_16BE => (Some(b), len),
            (Some((enc, _)), _) => (Some(enc), 0),
            (None, Some((b, len))) => (Some(b), len),
            (None, None) => {
                if let Some(offset) = memchr::memchr(0, &head) {
                    return Err(Opened::Failed(
                        self.failed(ErrorKind::Decode, binary(offset).to_string()),
                    ));
                }
                (None, 0)
            }
        };
        let fixed = match fixed {
            // A comma or a quote may be part of a character: the whole file is decoded first.
            Some(enc) if !enc.is_ascii_compatible() => {
                reader.read_to_end(&mut head).map_err(io_failed)?;
                let text = strict(enc, &head, skip).map_err(|bad| {
                    let e = bad.into_error(&head, "");
                    Opened::Failed(self.failed(ErrorKind::Decode, e.to_string()))
                })?;
                head = text.into_bytes();
                Some(UTF_8)
            }
            other => {
                head.drain(..skip);
                other
            }
        };
        let mut rows = Rows {
            parser: Parser::new(
                BufReader::with_capacity(1 << 16, Cursor::new(head).chain(reader)),
                self.limit,
            ),
            header: Header {
                names: Vec::new(),
                text: 0,
                id: None,
            },
            fixed,
            legacy: None,
            row: 0,
            record: RawRecord::default(),
            ahead: VecDeque::new(),
        };
        rows.header = self.header(&mut rows)?;
        Ok(rows)
    }

    /// The header of the file: its first row that is not empty.
    fn header(&self, rows: &mut Rows<R>) -> std::result::Result<Header, Opened> {
        let fail = |kind, message: String| Opened::Failed(self.failed(kind, message));
        loop {
            match rows.read() {
                Err(e) => return Err(fail(ErrorKind::Io, format!("read error: {e}"))),
                Ok(false) => return Err(fail(ErrorKind::Input, "the file is empty: no header row".into())),
                Ok(true) if rows.record.is_blank() => continue,
                Ok(true) => break,
            }
        }
        let encoding = rows.encoding();
        let rec = &rows.record;
        if let Some((_, line)) = rec.unterminated {
            let message = format!("the header has a quoted field that starts on line {line} and has no closing quote");
            return Err(fail(ErrorKind::Input, message));
        }
        if rec.oversize {
            let message = format!(
                "the header is larger than {}, the most a row may hold",
                size(self.limit)
            );
            return Err(fail(ErrorKind::Input, message));
        }
        let mut names = Vec::with_capacity(rec.ends.len());
        for (i, raw) in rec.fields().enumerate() {
            let name = strict(encoding, raw, 0).map_err(|bad| {
                let e = bad.into_error(raw, "");
                let message = format!(
                    "the header (line {}) is not valid {}: column {}: {e}",
                    rec.line,
                    name(encoding),
                    i + 1
                );
                fail(ErrorKind::Decode, message)
            })?;
            names.push(name);
        }
        let names = unique(names);
        let position = |column: &str| names.iter().position(|n| n == column);
        let Some(text) = position(&self.columns.text) else {
            return Err(Opened::Columns(missing("text", &self.columns.text, &names)));
        };
        let id = match &self.columns.id {
            Some(column) => Some(position(column).ok_or_else(|| Opened::Columns(missing("id", column, &names)))?),
            None => None,
        };
        Ok(Header { names, text, id })
    }
}

impl<R: Read> Iterator for CsvUnits<R> {
    type Item = Source;

    fn next(&mut self) -> Option<Source> {
        if let State::Start(_) = self.state {
            match self.open() {
                Ok(()) => {}
                Err(Opened::Failed(unit)) => return Some(unit),
                Err(Opened::Columns(message)) => {
                    return Some(self.failed(ErrorKind::Input, format!("the header {message}")));
                }
            }
        }
        let State::Rows(rows) = &mut self.state else {
            return None;
        };
        loop {
            match rows.read() {
                Err(e) => {
                    let line = rows.parser.line;
                    self.state = State::Done;
                    return Some(self.failed(ErrorKind::Io, format!("read error on line {line}: {e}")));
                }
                Ok(false) => {
                    let none = rows.row == 0;
                    self.state = State::Done;
                    return none.then(|| self.failed(ErrorKind::Input, "the file has a header and no row"));
                }
                Ok(true) if rows.record.is_blank() => continue,
                Ok(true) => {
                    rows.row += 1;
                    return Some(rows.unit(&self.source, self.limit));
                }
            }
        }
    }
}

impl<R: Read> Rows<R> {
    /// Read the next row into `record` (a row read ahead first); `false` at the end.
    fn read(&mut self) -> io::Result<bool> {
        match self.ahead.pop_front() {
            Some(Ahead::Row(rec)) => {
                self.record = rec;
                Ok(true)
            }
            Some(Ahead::End) => {
                self.ahead.push_front(Ahead::End);
                Ok(false)
            }
            Some(Ahead::Failed(e)) => Err(e),
            None => self.parser.next(&mut self.record),
        }
    }

    /// The encoding of the row just read: the file's when named; else UTF-8 if the row is valid
    /// UTF-8 (as [`super::decode`] has it), unless it is short text valid in the legacy encoding
    /// of the file's other rows too, or if it is a damaged UTF-8 row; else that legacy encoding.
    fn encoding(&mut self) -> &'static Encoding {
        if let Some(e) = self.fixed {
            return e;
        }
        let buf = &self.record.buf;
        match std::str::from_utf8(buf) {
            Ok(_) => {
                let legacy_too = self.legacy.is_some_and(|l| ambiguous_utf8(buf) && fits(l, buf));
                if !legacy_too {
                    return UTF_8;
                }
            }
            // A UTF-8 row damaged further on: valid UTF-8 as far as its sample goes (as `decode`
            // has it), or for more non-ASCII bytes before the damage than legacy text ever is.
            // Its decoding says where, rather than read it as text in another encoding.
            Err(e) if fits_utf8(sample(buf)) || non_ascii(&buf[..e.valid_up_to()]) >= CONFIDENT_NON_ASCII => {
                return UTF_8
            }
            Err(_) => {}
        }
        match self.legacy {
            Some(l) => l,
            None => {
                let l = self.choose_legacy();
                self.legacy = Some(l);
                l
            }
        }
    }

    /// GB18030 or Big5, from the sample of the row just read and, while it has fewer than
    /// [`SAMPLE_NON_ASCII`] non-ASCII bytes, of the rows after it that are not UTF-8 (read
    /// ahead, at most [`AHEAD_ROWS`]). A sample valid in neither (a file mixing them) takes the
    /// one it is valid in furthest.
    fn choose_legacy(&mut self) -> &'static Encoding {
        let mut sampled = sample(&self.record.buf).to_vec();
        let mut seen = non_ascii(&sampled);
        while seen < SAMPLE_NON_ASCII && self.ahead.len() < AHEAD_ROWS {
            if matches!(self.ahead.back(), Some(Ahead::End | Ahead::Failed(_))) {
                break;
            }
            let mut rec = RawRecord::default();
            match self.parser.next(&mut rec) {
                Ok(true) => {
                    let more = sample(&rec.buf);
                    if !rec.oversize && std::str::from_utf8(&rec.buf).is_err() && !fits_utf8(more) {
                        seen += non_ascii(more);
                        sampled.push(b'\n');
                        sampled.extend_from_slice(more);
                    }
                    self.ahead.push_back(Ahead::Row(rec));
                }
                Ok(false) => self.ahead.push_back(Ahead::End),
                Err(e) => self.ahead.push_back(Ahead::Failed(e)),
            }
        }
        legacy(&sampled)
    }

    /// The unit of the row just read.
    fn unit(&mut self, source: &str, limit: usize) -> Source {
        let encoding = self.encoding();
        let (row, rec, header) = (self.row, &self.record, &self.header);
        let id = format!("{source}:{row}");
        let failed = |id: String, kind, message: String| Source::failed(id, Some(source.to_string()), kind, message);
        let column = |i: usize| header.names.get(i).map_or_else(|| format!("{}", i + 1), |n| py_repr(n));
        if let Some((field, line)) = rec.unterminated {
            let message = format!(
                "row {row}: the quoted field of column {} starts on line {line} and has no closing quote (the rest of \
                 the file is in it)",
                column(field)
            );
            return failed(id, ErrorKind::Input, message);
        }
        if rec.oversize {
            let message = format!(
                "row {row} (line {}) is larger than {}, the most a row may hold",
                rec.line,
                size(limit)
            );
            return failed(id, ErrorKind::Input, message);
        }
        if rec.ends.len() != header.names.len() {
            let message = format!(
                "row {row} (line {}) has {} fields, the header has {}",
                rec.line,
                rec.ends.len(),
                header.names.len()
            );
            return failed(id, ErrorKind::Input, message);
        }
        let mut values = Vec::with_capacity(rec.ends.len());
        for (i, raw) in rec.fields().enumerate() {
            match strict(encoding, raw, 0) {
                Ok(v) => values.push(v),
                Err(bad) => {
                    let which = match self.fixed {
                        Some(_) => "the file's encoding".to_string(),
                        None if encoding == UTF_8 => "the row is UTF-8 up to there: damaged or cut short?".to_string(),
                        None => format!("{} is the file's encoding for rows that are not UTF-8", name(encoding)),
                    };
                    let e = bad.into_error(raw, &format!(" (an offset in the field; {which})"));
                    let message = format!("row {row} (line {}): column {}: {e}", rec.line, column(i));
                    return failed(id, ErrorKind::Decode, message);
                }
            }
        }
        let id = match header.id {
            Some(i) if !values[i].is_empty() => std::mem::take(&mut values[i]),
            _ => id,
        };
        let text = std::mem::take(&mut values[header.text]);
        let meta: Meta = values
            .into_iter()
            .enumerate()
            .filter(|&(i, _)| i != header.text && Some(i) != header.id)
            .map(|(i, v)| (header.names[i].clone(), MetaValue::Str(v)))
            .collect();
        Source::Text {
            id,
            text,
            source: Some(source.to_string()),
            meta,
        }
    }
}

fn non_ascii(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&c| c >= 0x80).count()
}

/// Read the start of a file (where a byte order mark or a NUL byte is looked for): its first
/// [`SAMPLE_MAX`] bytes, or all of a shorter file.
fn read_head(reader: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(SAMPLE_MAX);
    reader.take(SAMPLE_MAX as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// GB18030 or Big5 for a sample of text that is not UTF-8, as [`super::decode`] chooses; a
/// sample valid in neither takes the one it is valid in furthest.
fn legacy(sample: &[u8]) -> &'static Encoding {
    match (fits(GB18030, sample), fits(BIG5, sample)) {
        (true, true) => Detector::new(sample).choice(),
        (true, false) => GB18030,
        (false, true) => BIG5,
        (false, false) => {
            let at = |e| first_malformed(e, sample, false).map_or(sample.len(), |m| m.start);
            if at(GB18030) >= at(BIG5) {
                GB18030
            } else {
                BIG5
            }
        }
    }
}

/// `names` made unique as pandas makes them: a repeated name gets `.1`, `.2`, ...; an empty
/// name is `unnamed_<column>` (columns from 1).
fn unique(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for (i, name) in names.into_iter().enumerate() {
        let base = if name.is_empty() {
            format!("unnamed_{}", i + 1)
        } else {
            name
        };
        let mut candidate = base.clone();
        let mut k = 0;
        while out.contains(&candidate) {
            k += 1;
            candidate = format!("{base}.{k}");
        }
        out.push(candidate);
    }
    out
}

/// Why a header lacks a column, with the columns it has (the likely text column among them).
fn missing(what: &str, column: &str, names: &[String]) -> String {
    let mut shown: Vec<String> = names.iter().take(20).map(|n| py_repr(n)).collect();
    if names.len() > 20 {
        shown.push(format!("... ({} columns)", names.len()));
    }
    let option = if what == "text" { "text_column" } else { "id_column" };
    format!(
        "has no {} {what} column; its columns are {} (name the {what} column with {option}=, or --{} on the \
         command line)",
        py_repr(column),
        shown.join(", "),
        option.replace('_', "-")
    )
}

fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// One row as read: its fields' bytes (`buf`, field `k` ending at `ends[k]`), the line it starts
/// on, a quoted field left open at the end of the input (its column and line), whether it
/// outgrew the limit (its bytes are then dropped).
#[derive(Default)]
struct RawRecord {
    buf: Vec<u8>,
    ends: Vec<usize>,
    line: usize,
    quoted: bool,
    unterminated: Option<(usize, usize)>,
    oversize: bool,
}

impl RawRecord {
    fn clear(&mut self) {
        self.buf.clear();
        self.ends.clear();
        self.quoted = false;
        self.unterminated = None;
        self.oversize = false;
    }

    fn fields(&self) -> impl Iterator<Item = &[u8]> {
        debug_assert!(!self.oversize, "an oversize row keeps no bytes");
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(self.ends.iter().copied()).map(|(s, e)| &self.buf[s..e])
    }

    /// A line with nothing, or only spaces and tabs, unquoted.
    fn is_blank(&self) -> bool {
        self.ends.len() == 1 && !self.quoted && !self.oversize && self.buf.iter().all(|b| *b == b' ' || *b == b'\t')
    }

    fn push(&mut self, bytes: &[u8], limit: usize) {
        if self.oversize {
            return;
        }
        if self.buf.len() + bytes.len() > limit {
            self.oversize = true;
            self.buf = Vec::new();
            return;
        }
        self.buf.extend_from_slice(bytes);
    }

    fn end_field(&mut self) {
        self.ends.push(self.buf.len());
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Start,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: a doubled quote, or the field's end.
    QuoteInQuoted,
}

/// The rows of CSV bytes (in an encoding where `,`, `"`, `\r` and `\n` are never part of a
/// character), one [`RawRecord`] at a time.
struct Parser<R> {
    input: R,
    /// The line the next byte is on (from 1).
    line: usize,
    /// The last row ended with `\r`: a `\n` next is part of that line end.
    after_cr: bool,
    limit: usize,
}

impl<R: BufRead> Parser<R> {
    fn new(input: R, limit: usize) -> Self {
        Parser {
            input,
            line: 1,
            after_cr: false,
            limit,
        }
    }

    /// Read the next row into `rec`; `false` at the end of the input.
    fn next(&mut self, rec: &mut RawRecord) -> io::Result<bool> {
        rec.clear();
        rec.line = self.line;
        let mut state = Field::Start;
        let mut field_line = self.line;
        let mut any = false;
        loop {
            let buf = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok(match state {
                    Field::Start if !any => false,
                    Field::Quoted => {
                        rec.unterminated = Some((rec.ends.len(), field_line));
                        rec.end_field();
                        true
                    }
                    _ => {
                        rec.end_field();
                        true
                    }
                });
            }
            let n = buf.len();
            let mut i = 0;
            if std::mem::take(&mut self.after_cr) && buf[0] == b'\n' {
                i = 1;
            }
            // `Some(used)` when the row ends after `used` bytes of `buf`.
            let mut ended = None;
            while i < n {
                match state {
                    Field::Start => {
                        any = true;
                        match buf[i] {
                            b'"' => {
                                state = Field::Quoted;
                                rec.quoted = true;
                                field_line = self.line;
                                i += 1;
                            }
                            _ => state = Field::Unquoted,
                        }
                    }
                    Field::Unquoted => match memchr::memchr3(b',', b'\n', b'\r', &buf[i..]) {
                        None => {
                            rec.push(&buf[i..], self.limit);
                            i = n;
                        }
                        Some(j) => {
                            rec.push(&buf[i..i + j], self.limit);
                            i += j;
                            rec.end_field();
                            if buf[i] == b',' {
                                state = Field::Start;
                                i += 1;
                            } else {
                                self.line += 1;
                                self.after_cr = buf[i] == b'\r';
                                ended = Some(i + 1);
                                break;
                            }
                        }
                    },
                    Field::Quoted => match memchr::memchr2(b'"', b'\n', &buf[i..]) {
                        None => {
                            rec.push(&buf[i..], self.limit);
                            i = n;
                        }
                        Some(j) => {
                            let at = i + j;
                            if buf[at] == b'\n' {
                                rec.push(&buf[i..=at], self.limit);
                                self.line += 1;
                            } else {
                                rec.push(&buf[i..at], self.limit);
                                state = Field::QuoteInQuoted;
                            }
                            i = at + 1;
                        }
                    },
                    Field::QuoteInQuoted => {
                        if buf[i] == b'"' {
                            rec.push(b"\"", self.limit);
                            state = Field::Quoted;
                            i += 1;
                        } else {
                            state = Field::Unquoted;
                        }
                    }
                }
            }
            match ended {
                Some(used) => {
                    self.input.consume(used);
                    return Ok(true);
                }
                None => self.input.consume(n),
            }
        }
    }
}

#[cfg(test)]
#[path = "csv_tests.rs"]
mod tests;
