//! How names and values are written in ids and messages: file names that are not UTF-8 with
//! their bytes as `\xff` escapes, strings quoted as Python's `repr` quotes them (the messages
//! are those of the Python library), lone surrogates as `\ud800` escapes.

use std::ffi::OsStr;

/// `name` as UTF-8 can hold it: each byte of a sequence that is not UTF-8 as `\xff`.
pub fn shown(name: &OsStr) -> String {
    let bytes = name.as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// Whether `name` is not UTF-8.
pub fn is_not_utf8(name: &OsStr) -> bool {
    name.to_str().is_none()
}

/// `name` for matching and sorting as Python sees it: valid UTF-8 as is, each other byte as one
/// character (`U+DC80 + byte - 0x80`, as Python's `surrogateescape`, here as U+FFFD: one
/// character a byte, which is what a glob's `?` and `*` count).
pub(crate) fn as_python(name: &OsStr) -> String {
    let bytes = name.as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(chunk.invalid().iter().map(|_| '\u{fffd}'));
    }
    out
}

/// The order Python's `sorted` gives names that may not be UTF-8: by code point, a byte that is
/// not UTF-8 counting as `U+DC00 + byte`.
pub(crate) fn python_order_key(name: &OsStr) -> Vec<u32> {
    let mut key = Vec::new();
    for chunk in name.as_encoded_bytes().utf8_chunks() {
        key.extend(chunk.valid().chars().map(u32::from));
        key.extend(chunk.invalid().iter().map(|&b| 0xdc00 + u32::from(b)));
    }
    key
}

/// `s` quoted as Python's `repr` of a `str` quotes it.
pub fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..=0xa0).contains(&(c as u32)) || c == '\u{ad}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if is_lone_surrogate_mark(c) => out.push_str(&surrogate_escape(c)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// The first code point of the private-use range that stands for lone surrogates in text read
/// from JSON (which UTF-8 cannot hold; see [`crate::load::jsonl`]): `U+10F800 + (s - 0xD800)`.
pub(crate) const SURROGATE_MARK: u32 = 0x10_f800;

/// Whether `c` stands for a lone surrogate.
pub(crate) fn is_lone_surrogate_mark(c: char) -> bool {
    c as u32 >= SURROGATE_MARK
}

/// The `\ud800` escape of the surrogate `c` stands for.
fn surrogate_escape(c: char) -> String {
    format!("\\u{:04x}", c as u32 - SURROGATE_MARK + 0xd800)
}

/// `text` with each lone surrogate (see [`SURROGATE_MARK`]) written as a `\ud800` escape, as
/// Python's `backslashreplace` writes it.
pub(crate) fn escaped(text: &str) -> String {
    text.chars()
        .map(|c| {
            if is_lone_surrogate_mark(c) {
                surrogate_escape(c)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The position (in characters) of the first lone surrogate of `text`, if any.
pub(crate) fn lone_surrogate(text: &str) -> Option<usize> {
    text.chars().position(is_lone_surrogate_mark)
}

/// `error` as Python's `str(OSError)` writes it for `path`: `[Errno 2] No such file or
/// directory: '/a/b'`, the path's bytes that are not UTF-8 as `\xff`.
pub fn os_error(error: &std::io::Error, path: &OsStr) -> String {
    match error.raw_os_error() {
        Some(n) => format!("[Errno {n}] {}: {}", strerror(error), py_repr(&shown(path))),
        None => error.to_string(),
    }
}

/// The system's message for an OS error, without Rust's ` (os error 13)`.
pub fn strerror(error: &std::io::Error) -> String {
    let text = error.to_string();
    match error.raw_os_error() {
        Some(n) => text.trim_end_matches(&format!(" (os error {n})")).to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn names_and_reprs_as_python_writes_them() {
        assert_eq!(shown(OsStr::from_bytes(b"bad_\xff.txt")), "bad_\\xff.txt");
        assert_eq!(shown(OsStr::new("公文.txt")), "公文.txt");
        assert_eq!(py_repr("text"), "'text'");
        assert_eq!(py_repr("it's"), "\"it's\"");
        assert_eq!(py_repr("a\nb\\"), "'a\\nb\\\\'");
        let b = OsStr::from_bytes(b"\xff");
        let z = OsStr::new("\u{ff01}");
        assert!(
            python_order_key(b) < python_order_key(z),
            "a surrogate escape sorts below U+E000"
        );
        assert_eq!(as_python(OsStr::from_bytes(b"a\xff\xfe")).chars().count(), 3);
    }
}
