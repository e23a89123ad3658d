//! The [`Prefix`] of a line: its first characters, decoded and folded only as far as a rule
//! reads them.

use super::cues::Vocab;

/// Characters from a marker's first that [`parse_marker`] reads (`(十一)、`, `第十一部分`); a
/// marker is at most this long.
pub(super) const MARKER_READ: usize = 6;

/// The first [`PREFIX`](super::PREFIX) characters of a line's text (blanks trimmed), decoded and folded only
/// as far as a rule reads them: most lines are body text that their first characters tell, and
/// most heading clauses end a few characters after their marker.
pub(super) struct Prefix<'t> {
    /// The line's text.
    pub(super) text: &'t str,
    /// Its characters not decoded yet.
    pub(super) rest: std::str::Chars<'t>,
    /// Its first characters, decoded.
    pub(super) chars: Vec<char>,
    /// The first characters of `chars`, folded.
    pub(super) folded: Vec<char>,
    /// Characters the rules may read: the text's, at most [`PREFIX`](super::PREFIX).
    pub(super) len: usize,
    /// The text's length in characters.
    pub(super) full: usize,
}

impl<'t> Prefix<'t> {
    /// Decode the first `k` characters (all `len` if fewer).
    #[inline(always)]
    pub(super) fn decode(&mut self, k: usize) {
        if self.chars.len() < k.min(self.len) {
            self.decode_more(k.min(self.len));
        }
    }

    /// Decode up to the `k`th character, and a few more: the scan of a heading's clause asks
    /// for one more at a time.
    fn decode_more(&mut self, k: usize) {
        let n = (k - self.chars.len()).max(8).min(self.len - self.chars.len());
        // A plain loop: `extend` from a `Take<&mut Chars>` checks the capacity per character.
        self.chars.reserve(n);
        for _ in 0..n {
            let Some(c) = self.rest.next() else { break };
            self.chars.push(c);
        }
    }

    /// Decode and fold the first `k` characters (all `len` if fewer).
    pub(super) fn fold(&mut self, v: &Vocab, k: usize) {
        self.decode(k);
        let (from, to) = (self.folded.len(), self.chars.len().min(k));
        if from < to {
            self.folded.extend(self.chars[from..to].iter().map(|&c| v.fold(c)));
        }
    }

    /// Whether every character from the `k`th (decoded) to `len` is `ok`: decoded until one is
    /// not.
    pub(super) fn rest_all(&mut self, k: usize, ok: impl Fn(char) -> bool) -> bool {
        if !self.chars[k..].iter().all(|&c| ok(c)) {
            return false;
        }
        while self.chars.len() < self.len {
            let Some(c) = self.rest.next() else { break };
            self.chars.push(c);
            if !ok(c) {
                return false;
            }
        }
        true
    }

    /// The text of characters `a..b` (decoded).
    pub(super) fn slice(&self, a: usize, b: usize) -> &'t str {
        let start = utf8_len(&self.chars[..a]);
        &self.text[start..start + utf8_len(&self.chars[a..b])]
    }
}

/// The UTF-8 length of `cs`, without branches (the compiler vectorises the sum).
fn utf8_len(cs: &[char]) -> usize {
    cs.iter()
        .map(|&c| {
            let c = c as u32;
            1 + usize::from(c >= 0x80) + usize::from(c >= 0x800) + usize::from(c >= 0x10000)
        })
        .sum()
}
