//! jieba-format user dictionaries: one `word [freq] [tag]` per line, read a line at a time
//! with a cap on its length, all or nothing.

use std::io::BufRead;
use std::path::Path;

use super::{add_word_in, Segmenter, MAX_WORD_CHARS};
use crate::error::{Error, Result};

impl Segmenter {
    /// Load a jieba-format user dictionary: one `word [freq] [tag]` per line, UTF-8.
    pub fn load_userdict(&self, path: &Path) -> Result<()> {
        let file = std::fs::File::open(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        self.load_userdict_from(std::io::BufReader::new(file), &path.display().to_string())
    }

    /// [`Segmenter::load_userdict`] from any reader; `name` is used in error messages. Nothing
    /// is added unless every line is valid. The words are added to a copy of the dictionary,
    /// which replaces it at the end: calls on other threads meanwhile use the dictionary as it
    /// was, without waiting.
    pub fn load_userdict_from(&self, mut reader: impl BufRead, name: &str) -> Result<()> {
        let mut entries = Vec::new();
        let mut raw = Vec::new();
        let mut lineno = 0;
        loop {
            raw.clear();
            // A line is read at most one character past the longest word and its frequency
            // and tag, so that a file without newlines is not read whole into one line.
            let n = read_line_capped(&mut reader, &mut raw, MAX_LINE_BYTES).map_err(|source| Error::Io {
                path: name.to_string(),
                source,
            })?;
            if n == 0 {
                break;
            }
            lineno += 1;
            let bad = |message: String| Error::TableLine {
                path: name.to_string(),
                line: lineno,
                message,
            };
            if n > MAX_LINE_BYTES {
                return Err(bad(format!(
                    "line longer than {MAX_LINE_BYTES} bytes; a word may have at most {MAX_WORD_CHARS} characters"
                )));
            }
            let line = std::str::from_utf8(&raw).map_err(|e| bad(format!("not valid UTF-8 ({e})")))?;
            let line = line.trim_matches(|c: char| c.is_ascii_whitespace());
            let line = line.trim_start_matches('\u{feff}');
            if line.is_empty() {
                continue;
            }
            let entry = parse_userdict_line(line).map_err(bad)?;
            let chars = entry.0.chars().count();
            if chars > MAX_WORD_CHARS {
                return Err(bad(format!(
                    "word of {chars} characters; a word may have at most {MAX_WORD_CHARS}"
                )));
            }
            entries.push(entry);
        }
        self.modify_long(|dict| {
            for (word, freq, tag) in entries {
                add_word_in(dict, &word, freq, tag.as_deref());
            }
        });
        Ok(())
    }
}

/// The longest user dictionary line read: a word of [`MAX_WORD_CHARS`] characters of 4 bytes,
/// a frequency and a tag, with room to spare.
const MAX_LINE_BYTES: usize = 4 * MAX_WORD_CHARS + 256;

/// `read_until(b'\n')` that stops after `cap + 1` bytes: the number of bytes read (more than
/// `cap` for a line that is too long, whose rest is left unread).
fn read_line_capped(reader: &mut impl BufRead, out: &mut Vec<u8>, cap: usize) -> std::io::Result<usize> {
    let mut n = 0;
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(n);
        }
        let room = cap + 1 - n;
        let (take, end) = match memchr::memchr(b'\n', &buf[..buf.len().min(room)]) {
            Some(i) => (i + 1, true),
            None => (buf.len().min(room), false),
        };
        out.extend_from_slice(&buf[..take]);
        reader.consume(take);
        n += take;
        if end || n > cap {
            return Ok(n);
        }
    }
}

/// jieba's `re_userdict = ^(.+?)( [0-9]+)?( [a-z]+)?$`, applied to a stripped line.
/// jieba would take a line such as `词 12.5 n` whole as the word `词 12.5 n`; that is never what
/// the author meant, so a word containing whitespace is reported instead.
fn parse_userdict_line(line: &str) -> std::result::Result<(String, Option<u64>, Option<String>), String> {
    let all = |s: &str, f: fn(&u8) -> bool| !s.is_empty() && s.as_bytes().iter().all(f);
    let (rest, tag) = match line.rsplit_once(' ') {
        Some((a, t)) if !a.is_empty() && all(t, u8::is_ascii_lowercase) => (a, Some(t.to_string())),
        _ => (line, None),
    };
    let (word, freq) = match rest.rsplit_once(' ') {
        Some((w, f)) if !w.is_empty() && all(f, u8::is_ascii_digit) => {
            let f: u64 = f.parse().map_err(|_| format!("frequency {f} is too large"))?;
            (w, Some(f))
        }
        _ => (rest, None),
    };
    if word.chars().any(char::is_whitespace) {
        return Err(format!(
            "expected `word [freq] [tag]` (freq digits, tag lowercase letters), got {line:?}"
        ));
    }
    Ok((word.to_string(), freq, tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userdict_line_grammar() {
        assert_eq!(
            parse_userdict_line("云计算 5 n").unwrap(),
            ("云计算".into(), Some(5), Some("n".into()))
        );
        assert_eq!(
            parse_userdict_line("创新办 3").unwrap(),
            ("创新办".into(), Some(3), None)
        );
        assert_eq!(parse_userdict_line("台中").unwrap(), ("台中".into(), None, None));
        assert!(parse_userdict_line("词 12.5 n").is_err());
    }

    #[test]
    fn lines_are_read_whole_up_to_the_cap() {
        let text = "云计算 5 n\n创新办 3\r\n\n".to_string() + &"研".repeat(40) + "\n台中";
        for capacity in [1, 3, 7, 64] {
            let mut reader = std::io::BufReader::with_capacity(capacity, text.as_bytes());
            let mut lines = Vec::new();
            loop {
                let mut raw = Vec::new();
                let n = read_line_capped(&mut reader, &mut raw, 50).unwrap();
                if n == 0 {
                    break;
                }
                assert_eq!(n, raw.len());
                lines.push(String::from_utf8_lossy(&raw).into_owned());
            }
            // The long line stops one byte past the cap; the rest of it is read as further lines.
            assert_eq!(lines[..3], ["云计算 5 n\n", "创新办 3\r\n", "\n"], "{capacity}");
            assert_eq!(lines[3].len(), 51, "{capacity}");
            assert_eq!(lines.concat(), text, "{capacity}");
        }
    }

    #[test]
    fn too_long_words_are_refused_and_nothing_is_added() {
        let seg = Segmenter::new();
        let word: String = "研".repeat(MAX_WORD_CHARS);
        assert!(seg.add_word(&word, Some(3), None).is_ok());
        let longer = word.clone() + "究";
        assert!(matches!(
            seg.add_word(&longer, None, None),
            Err(Error::WordTooLong {
                chars: 257,
                max: MAX_WORD_CHARS,
                ..
            })
        ));
        assert!(seg.add_words(["杭研", &longer]).is_err());
        assert_eq!(seg.snapshot().freq("杭研"), None, "all or nothing");
        let file = format!("杭研 5\n{longer} 3 n\n");
        let err = seg.load_userdict_from(file.as_bytes(), "mine.txt").unwrap_err();
        assert!(err.to_string().contains("mine.txt at line 2"), "{err}");
        assert_eq!(seg.snapshot().freq("杭研"), None);
    }
}
