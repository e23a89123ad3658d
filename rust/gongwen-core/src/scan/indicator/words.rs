//! Word tables: words (as characters) to values, looked up at a position (the longest word
//! starting there) or before one (the longest word ending there). Bit sets of first and last
//! characters and of their pairs reject most positions before any word is compared.

use rustc_hash::FxHashMap;

use crate::charset::CharSet;

/// Words (as characters) with their values.
pub(super) type WordList<V> = Vec<(Box<[char]>, V)>;

/// A word table: words (as characters) to values.
///
/// A bit test on the first (last) character rejects most positions, and one on the first (last)
/// two most of the rest; then the few words that start (end) with that character are compared,
/// longest first.
#[derive(Clone, Debug)]
pub(super) struct Words<V> {
    pub(super) map: FxHashMap<Box<[char]>, V>,
    pub(super) first: CharSet,
    pub(super) last: CharSet,
    /// The words of one character.
    pub(super) single: CharSet,
    /// The first two characters of the longer words.
    pub(super) heads: Pairs,
    /// Their last two characters.
    pub(super) tails: Pairs,
    /// First character -> the words starting with it and their values, longest first.
    pub(super) by_first: FxHashMap<char, Bucket<V>>,
    /// Last character -> the words ending with it and their values, longest first.
    pub(super) by_last: FxHashMap<char, Bucket<V>>,
}

/// The words sharing a first (last) character. A short list is compared word by word; past
/// [`Bucket::SCAN`] words (a user's table of thousands of words on one character) the lookup
/// probes the table once per distinct length instead, so its cost stays bounded by the number
/// of lengths, not of words.
#[derive(Clone, Debug)]
pub(super) struct Bucket<V> {
    pub(super) words: WordList<V>,
    /// The distinct lengths of `words`, longest first.
    pub(super) lengths: Box<[usize]>,
}

impl<V> Default for Bucket<V> {
    fn default() -> Self {
        Bucket {
            words: Vec::new(),
            lengths: Box::new([]),
        }
    }
}

impl<V> Bucket<V> {
    /// Words compared one by one before probing by length pays.
    const SCAN: usize = 16;

    pub(super) fn finish(&mut self) {
        let mut lengths: Vec<usize> = self.words.iter().map(|(w, _)| w.len()).collect();
        lengths.dedup(); // the words are longest first
        self.lengths = lengths.into();
    }
}

impl<V> Default for Words<V> {
    fn default() -> Self {
        Words {
            map: FxHashMap::default(),
            first: CharSet::default(),
            last: CharSet::default(),
            single: CharSet::default(),
            heads: Pairs::default(),
            tails: Pairs::default(),
            by_first: FxHashMap::default(),
            by_last: FxHashMap::default(),
        }
    }
}

/// A set of character pairs as the bits of their hashes: `may_contain` is false only for a pair
/// that is certainly not in the set.
#[derive(Clone, Debug)]
pub(super) struct Pairs(Box<[u64; 1024]>);

impl Default for Pairs {
    fn default() -> Self {
        Pairs(Box::new([0; 1024]))
    }
}

impl Pairs {
    /// The bit of a pair: 16 bits of a multiplicative hash.
    #[inline(always)]
    pub(super) fn bit(a: char, b: char) -> usize {
        let h = (a as u32).wrapping_mul(0x9E37_79B1).wrapping_add(b as u32);
        (h.wrapping_mul(0x85EB_CA6B) >> 16) as usize
    }

    pub(super) fn insert(&mut self, a: char, b: char) {
        let k = Self::bit(a, b);
        self.0[k >> 6] |= 1 << (k & 63);
    }

    #[inline(always)]
    pub(super) fn may_contain(&self, a: char, b: char) -> bool {
        let k = Self::bit(a, b);
        (self.0[k >> 6] >> (k & 63)) & 1 == 1
    }
}

/// Whether `text` starts with `word`: a loop, not the `memcmp` call of `<[char]>::starts_with`,
/// for words of a few characters.
#[inline]
pub(super) fn starts_with(text: &[char], word: &[char]) -> bool {
    word.len() <= text.len() && word.iter().zip(text).all(|(a, b)| a == b)
}

impl<V: Clone> Words<V> {
    /// Add `word` with `v` (replacing the value of a word already there). The lists by first
    /// and last character are built once every word is in ([`Words::finish`]): kept sorted
    /// word by word, they made loading a table quadratic in the words sharing a character.
    pub(super) fn insert(&mut self, word: &str, v: V) {
        let w: Box<[char]> = word.chars().collect();
        let (Some(&a), Some(&z)) = (w.first(), w.last()) else {
            return;
        };
        self.first.insert(a as u32);
        self.last.insert(z as u32);
        if w.len() == 1 {
            self.single.insert(a as u32);
        } else {
            self.heads.insert(a, w[1]);
            self.tails.insert(w[w.len() - 2], z);
        }
        self.map.insert(w, v);
    }

    /// Build the lists of words by first and last character, longest first, from the map.
    pub(super) fn finish(&mut self) {
        let mut words: Vec<(&Box<[char]>, &V)> = self.map.iter().collect();
        // Longest first; words of one length in a fixed order (no two match at one place).
        words.sort_unstable_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(b.0)));
        self.by_first.clear();
        self.by_last.clear();
        for (w, v) in words {
            let (a, z) = (w[0], w[w.len() - 1]);
            self.by_first.entry(a).or_default().words.push((w.clone(), v.clone()));
            self.by_last.entry(z).or_default().words.push((w.clone(), v.clone()));
        }
        for b in self.by_first.values_mut().chain(self.by_last.values_mut()) {
            b.finish();
        }
    }

    /// The longest word of `bucket` that the text holds at a place: `is(word)` says whether it
    /// is there, `at(n)` gives the `n` characters there (at most `room`).
    pub(super) fn longest<'s, 't>(
        &'s self,
        bucket: &'s Bucket<V>,
        room: usize,
        at: impl Fn(usize) -> &'t [char],
        is: impl Fn(&[char]) -> bool,
    ) -> Option<(usize, &'s V)> {
        if bucket.words.len() <= Bucket::<V>::SCAN {
            return bucket.words.iter().find(|(w, _)| is(w)).map(|(w, v)| (w.len(), v));
        }
        bucket
            .lengths
            .iter()
            .filter(|&&n| n <= room)
            .find_map(|&n| self.map.get(at(n)).map(|v| (n, v)))
    }

    /// The longest word starting at `i`: its length and value. The test of the first character
    /// is inlined where it is asked; the rest is not.
    #[inline(always)]
    pub(super) fn at(&self, t: &[char], i: usize) -> Option<(usize, &V)> {
        if i >= t.len() || !self.first.may_contain(t[i]) {
            return None;
        }
        self.at_slow(t, i)
    }

    #[inline(never)]
    pub(super) fn at_slow(&self, t: &[char], i: usize) -> Option<(usize, &V)> {
        // No word of one character, and none of more with these two.
        let pair = i + 1 < t.len() && self.heads.may_contain(t[i], t[i + 1]);
        if !pair && !self.single.may_contain(t[i]) {
            return None;
        }
        let rest = &t[i..];
        let bucket = self.by_first.get(&t[i])?;
        self.longest(bucket, rest.len(), |n| &rest[..n], |w| starts_with(rest, w))
    }

    /// The longest word ending just before `end` (and starting at or after `floor`).
    #[inline(always)]
    pub(super) fn ending(&self, t: &[char], end: usize, floor: usize) -> Option<(usize, &V)> {
        if end == 0 || end <= floor || end > t.len() || !self.last.may_contain(t[end - 1]) {
            return None;
        }
        self.ending_slow(t, end, floor)
    }

    #[inline(never)]
    pub(super) fn ending_slow(&self, t: &[char], end: usize, floor: usize) -> Option<(usize, &V)> {
        let pair = end >= floor + 2 && self.tails.may_contain(t[end - 2], t[end - 1]);
        if !pair && !self.single.may_contain(t[end - 1]) {
            return None;
        }
        let window = &t[floor..end];
        let bucket = self.by_last.get(&t[end - 1])?;
        let tail = |n: usize| &window[window.len() - n..];
        self.longest(bucket, window.len(), tail, |w| {
            window.len() >= w.len() && starts_with(tail(w.len()), w)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The longest word of `words` at `i` (starting there) and ending at `end`, by brute force.
    pub(super) fn brute(
        words: &[(String, u32)],
        t: &[char],
        i: usize,
        end: usize,
        floor: usize,
    ) -> [Option<(usize, u32)>; 2] {
        let longest = |fits: &dyn Fn(&[char]) -> bool| {
            words
                .iter()
                .map(|(w, v)| (w.chars().collect::<Vec<_>>(), *v))
                .filter(|(w, _)| fits(w))
                .max_by_key(|(w, _)| w.len())
                .map(|(w, v)| (w.len(), v))
        };
        [
            longest(&|w| t.get(i..).is_some_and(|r| starts_with(r, w))),
            longest(&|w| end >= floor + w.len() && end <= t.len() && t[end - w.len()..end] == *w),
        ]
    }

    #[test]
    pub(super) fn lookups_agree_with_brute_force_below_and_above_the_scan_bound() {
        // Words on one first and one last character: a few (compared one by one), then hundreds
        // (probed by length), of lengths 1 to 5, with one value per word.
        let alphabet: Vec<char> = "个万元亿吨人次年".chars().collect();
        for n in [3usize, Bucket::<u32>::SCAN, 400] {
            let mut words = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for k in 0..n * 3 {
                let len = 1 + k % 5;
                let mut w: String = (0..len)
                    .map(|j| alphabet[(k * 7 + j * 3 + k / 5) % alphabet.len()])
                    .collect();
                if k % 2 == 0 {
                    w.replace_range(..w.chars().next().unwrap().len_utf8(), "个");
                } else {
                    let last = w.chars().last().unwrap();
                    w.truncate(w.len() - last.len_utf8());
                    w.push('元');
                }
                if seen.insert(w.clone()) && words.len() < n * 2 {
                    words.push((w, k as u32));
                }
            }
            let mut table = Words::default();
            for (w, v) in &words {
                table.insert(w, *v);
            }
            table.finish();
            let text: Vec<char> = (0..600).map(|k| alphabet[(k * 5 + k / 7) % alphabet.len()]).collect();
            for i in 0..=text.len() {
                let floor = i.saturating_sub(3);
                let [at, ending] = brute(&words, &text, i, i, floor);
                assert_eq!(table.at(&text, i).map(|(l, v)| (l, *v)), at, "at {i}, {n} words");
                assert_eq!(
                    table.ending(&text, i, floor).map(|(l, v)| (l, *v)),
                    ending,
                    "ending {i}, {n} words"
                );
            }
        }
    }

    #[test]
    fn longest_word_at_and_before_a_place_in_report_phrases() {
        let mut after = Words::default();
        for (w, v) in [("以上", 1), ("以下", 2), ("左右", 3), ("上", 4)] {
            after.insert(w, v);
        }
        after.finish();
        let t: Vec<char> = "城镇新增就业1200万人以上".chars().collect();
        assert_eq!(after.at(&t, 12).map(|(n, v)| (n, *v)), Some((2, 1)));
        assert_eq!(after.at(&t, 13).map(|(n, v)| (n, *v)), Some((1, 4)));
        assert_eq!(after.at(&t, 11), None);
        assert_eq!(after.at(&t, t.len()), None);
        let mut change = Words::default();
        for (w, v) in [("增长", 1), ("涨幅", 2), ("价格涨幅", 3)] {
            change.insert(w, v);
        }
        change.finish();
        let t: Vec<char> = "居民消费价格涨幅3%左右".chars().collect();
        // Longest first, and not below the floor.
        assert_eq!(change.ending(&t, 8, 0).map(|(n, v)| (n, *v)), Some((4, 3)));
        assert_eq!(change.ending(&t, 8, 5).map(|(n, v)| (n, *v)), Some((2, 2)));
        assert_eq!(change.ending(&t, 8, 7), None);
        assert_eq!(change.ending(&t, 0, 0), None);
        // A later value for the same word replaces the earlier one.
        change.insert("增长", 9);
        change.finish();
        let t: Vec<char> = "地区生产总值增长6%左右".chars().collect();
        assert_eq!(change.ending(&t, 8, 0).map(|(n, v)| (n, *v)), Some((2, 9)));
    }
}
