//! A set of characters as a bitmap: the pre-filter of the hot loops (which characters start a
//! dictionary key, a cue word, a user word). One bit test rejects most characters of a text
//! before any hash or trie lookup. It covers U+0000..U+2FFFF (24 KiB); a character above may be
//! in the set and goes to the lookup, so `may_contain` never says no to a member.

/// Characters at or above this have no bit and always go to the lookup.
pub(crate) const LIMIT: u32 = 0x30000;

/// The words of the bitmap.
const WORDS: usize = LIMIT as usize / 64;

/// A bitmap of characters below [`LIMIT`], of a fixed size, so that the test of a character
/// below the limit needs no bounds check.
#[derive(Clone, Debug)]
pub(crate) struct CharSet(Box<[u64; WORDS]>);

impl Default for CharSet {
    fn default() -> Self {
        CharSet(Box::new([0u64; WORDS]))
    }
}

impl CharSet {
    /// Add `c` (a code point; values at or above [`LIMIT`] need no bit).
    pub(crate) fn insert(&mut self, c: u32) {
        if c < LIMIT {
            let c = c as usize;
            self.0[c >> 6] |= 1 << (c & 63);
        }
    }

    /// False only for a character that is certainly not in the set.
    #[inline(always)]
    pub(crate) fn may_contain(&self, c: char) -> bool {
        let c = c as usize;
        c >= LIMIT as usize || (self.0[c >> 6] >> (c & 63)) & 1 == 1
    }

    /// Add every member of `other`.
    pub(crate) fn union(&mut self, other: &CharSet) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a |= b;
        }
    }

    /// The lowest member, [`LIMIT`] for an empty set.
    pub(crate) fn lowest(&self) -> u32 {
        self.0
            .iter()
            .position(|&w| w != 0)
            .map_or(LIMIT, |w| (w * 64) as u32 + self.0[w].trailing_zeros())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_and_the_characters_above_the_bitmap() {
        let mut s = CharSet::default();
        assert_eq!(s.lowest(), LIMIT);
        for c in ['万', 'a', '\u{2A6D6}'] {
            s.insert(c as u32);
        }
        assert!(s.may_contain('万') && s.may_contain('a') && s.may_contain('\u{2A6D6}'));
        assert!(!s.may_contain('亿') && !s.may_contain('b') && !s.may_contain('\u{2A6D7}'));
        assert!(s.may_contain('\u{30000}'), "above the bitmap: always looked up");
        assert_eq!(s.lowest(), 'a' as u32);
        let mut t = CharSet::default();
        t.union(&s);
        assert!(t.may_contain('万') && !t.may_contain('亿'));
    }
}
