//! Reading the user's rule files (boilerplate rules, indicator tables) alike: UTF-8, a leading
//! byte-order mark dropped (as the segmenter's user dictionaries), and every error naming the
//! file and the line ([`Error::TableLine`]).

use std::path::Path;

use crate::error::{Error, Result};

/// The entry lines of the rule file at `path`: `(1-based line number, line)` without a trailing
/// `\r`, blank lines and `#` comment lines skipped (as `table_lines` gives them for a text).
/// A UTF-8 byte-order mark at the start is dropped. A file that cannot be read is
/// [`Error::Io`]; bytes that are not UTF-8 are [`Error::TableLine`] with their line.
pub fn read_rule_lines(path: &Path) -> Result<Vec<(usize, String)>> {
    let text = read_rule_text(path)?;
    Ok(table_lines(&text).map(|(n, l)| (n, l.to_string())).collect())
}

/// The entry lines of a data table (boilerplate rules, indicator tables): `(1-based line number,
/// line)` without a trailing `\r`, blank lines and `#` comment lines skipped.
pub(crate) fn table_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// The whole text of the rule file at `path`, checked as [`read_rule_lines`] checks it, for
/// parsers that read the lines themselves (indicator tables).
pub fn read_rule_text(path: &Path) -> Result<String> {
    let name = path.display().to_string();
    let mut bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: name.clone(),
        source,
    })?;
    rule_text(&bytes, &name)?;
    if bytes.starts_with("\u{feff}".as_bytes()) {
        bytes.drain(.."\u{feff}".len());
    }
    // Checked by `rule_text`: the conversion cannot fail, and copies nothing.
    String::from_utf8(bytes).map_err(|e| Error::InvalidArgument(e.to_string()))
}

/// The text of a rule file's `bytes` (`source` names it in errors): UTF-8 without its leading
/// byte-order mark.
pub(crate) fn rule_text<'a>(bytes: &'a [u8], source: &str) -> Result<&'a str> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = memchr::memchr_iter(b'\n', &bytes[..at]).count() + 1;
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |p| p + 1);
        let hint = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            "; the file is UTF-16: save it as UTF-8"
        } else {
            "; save the file as UTF-8"
        };
        Error::TableLine {
            path: source.to_string(),
            line,
            message: format!(
                "not valid UTF-8 (byte {:#04x} at column {}){hint}",
                bytes[at],
                at - line_start + 1
            ),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("gongwen-rulefile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn bom_comments_blank_lines_and_crlf() {
        let path = file(
            "bom.txt",
            "\u{feff}# header\r\nline\ta\tx\r\n\r\n  \nfragment\tb\ty\n".as_bytes(),
        );
        assert_eq!(
            read_rule_lines(&path).unwrap(),
            [(2, "line\ta\tx".to_string()), (5, "fragment\tb\ty".to_string())]
        );
        // A BOM before an entry line leaves the entry intact.
        let path = file("bom2.txt", "\u{feff}line\ta\tx\n".as_bytes());
        assert_eq!(read_rule_lines(&path).unwrap(), [(1, "line\ta\tx".to_string())]);
    }

    #[test]
    fn invalid_utf8_names_file_and_line() {
        let path = file("bad.txt", b"line\ta\tx\n# ok\nline\tb\t\xff\xfe\n");
        let err = read_rule_lines(&path).unwrap_err();
        assert!(matches!(err, Error::TableLine { line: 3, .. }), "{err}");
        let msg = err.to_string();
        assert!(
            msg.contains("bad.txt") && msg.contains("line 3") && msg.contains("0xff"),
            "{msg}"
        );
        // A truncated character at the end of the file.
        let path = file("cut.txt", "line\ta\t工".as_bytes().split_last().unwrap().1);
        assert!(matches!(read_rule_lines(&path), Err(Error::TableLine { line: 1, .. })));
        let missing = std::env::temp_dir().join("gongwen-no-such-rule-file.txt");
        assert!(matches!(read_rule_lines(&missing), Err(Error::Io { .. })));
    }
}
