//! Where a reading may start: the characters a number can start with ([`STARTERS`]), and the
//! one pass over the whole text that lists the positions of those and of the sentence marks
//! ([`Stops`]), so that later passes visit only those positions.

/// Whether each character of the Basic Multilingual Plane is a stop of the pass over the whole
/// text: a table of bytes, so that a block of 64 characters is tested with one load, one shift
/// and one or each, and no branch. A character above the table is a stop only when a stance cue
/// may start with one (`astral`); otherwise it is tested as the character of the table with its
/// low 16 bits, which at worst lists a position no reading acts on.
#[derive(Clone, Debug)]
pub(super) struct Stops {
    pub(super) table: Box<[u8; 0x10000]>,
    pub(super) astral: bool,
}

impl Default for Stops {
    fn default() -> Self {
        Stops {
            table: Box::new([0; 0x10000]),
            astral: false,
        }
    }
}

impl Stops {
    pub(super) fn insert(&mut self, c: char) {
        match self.table.get_mut(c as usize) {
            Some(b) => *b = 1,
            None => self.astral = true,
        }
    }

    #[inline]
    pub(super) fn contains(&self, c: char) -> bool {
        self.table.get(c as usize).is_none_or(|&b| b != 0)
    }

    /// The positions of the stops of `t`, in order, into `out` (perhaps with others): the
    /// stops of 64 characters are gathered into the bits of a word, then its set bits are
    /// read.
    /// Positions are `u32` (half the memory of a huge document's list): the text has fewer
    /// than `u32::MAX` characters, as an offset map's (see [`Scanner::scan`](super::Scanner::scan)).
    pub(super) fn positions(&self, t: &[char], out: &mut Vec<u32>) {
        if self.astral {
            self.positions_in::<true>(t, out)
        } else {
            self.positions_in::<false>(t, out)
        }
    }

    pub(super) fn positions_in<const ASTRAL: bool>(&self, t: &[char], out: &mut Vec<u32>) {
        out.clear();
        out.reserve(t.len() / 8);
        let mut blocks = t.chunks_exact(64);
        let mut base = 0;
        for block in &mut blocks {
            let mut mask = 0u64;
            // Any character above the table makes the block go through `contains`.
            let mut high = 0u32;
            for (k, &c) in block.iter().enumerate() {
                let u = c as u32;
                if ASTRAL {
                    high |= u;
                }
                mask |= u64::from(self.table[(u & 0xFFFF) as usize]) << k;
            }
            if ASTRAL && high > 0xFFFF {
                mask = 0;
                for (k, &c) in block.iter().enumerate() {
                    mask |= u64::from(self.contains(c)) << k;
                }
            }
            while mask != 0 {
                out.push(base + mask.trailing_zeros());
                mask &= mask - 1;
            }
            base += 64;
        }
        for (k, &c) in blocks.remainder().iter().enumerate() {
            if self.table[(c as u32 & 0xFFFF) as usize] != 0 || (ASTRAL && self.contains(c)) {
                out.push(base + k as u32);
            }
        }
    }
}

/// The characters a number can start with: digits (ASCII and full-width), placeholder marks,
/// Chinese digits, 十, 百 (百分之) and the scales that can stand alone before 余/多 (百余家,
/// 千余人, 万多元), as a bitmap over the BMP (8 KiB, one probe a character).
pub(super) static STARTERS: [u64; 1024] = {
    let mut bits = [0u64; 1024];
    let mut c = 0u32;
    while c < 0x10000 {
        let starts = matches!(c, 0x30..=0x39 | 0xFF10..=0xFF19)
            || matches!(
                char::from_u32(c),
                Some(
                    'x' | 'X'
                        | '*'
                        | '_'
                        | 'ｘ'
                        | 'Ｘ'
                        | '＊'
                        | '＿'
                        | '十'
                        | '百'
                        | '千'
                        | '万'
                        | '萬'
                        | '亿'
                        | '億'
                        | '零'
                        | '〇'
                        | '一'
                        | '二'
                        | '两'
                        | '兩'
                        | '三'
                        | '四'
                        | '五'
                        | '六'
                        | '七'
                        | '八'
                        | '九'
                )
            );
        if starts {
            bits[(c >> 6) as usize] |= 1 << (c & 63);
        }
        c += 1;
    }
    bits
};

#[inline(always)]
pub(super) fn could_start(c: char) -> bool {
    let u = c as u32;
    u < 0x10000 && STARTERS[(u >> 6) as usize] & (1 << (u & 63)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_every_stop_in_order() {
        let mut stops = Stops::default();
        for c in ['力', '“', '\u{20000}'] {
            stops.insert(c);
        }
        // Blocks of 64 and a remainder, with and without characters above the table.
        let text: String = "力争城镇新增就业“1200”万人以上。".repeat(9) + "\u{20000}力" + &"增长".repeat(40);
        let t: Vec<char> = text.chars().collect();
        let mut got = Vec::new();
        stops.positions(&t, &mut got);
        let want: Vec<u32> = (0..t.len() as u32).filter(|&k| stops.contains(t[k as usize])).collect();
        assert_eq!(got, want);
        // Without a character above the table, the same characters' low 16 bits may be listed too.
        let mut bmp = Stops::default();
        bmp.insert('力');
        let t: Vec<char> = "力争\u{1529B}力".chars().collect();
        bmp.positions(&t, &mut got);
        assert!(got.starts_with(&[0]) && got.ends_with(&[3]));
    }

    #[test]
    fn numbers_start_with_digits_numerals_scales_and_placeholders() {
        for c in "0９xＸ*＿一两兩十百千万萬亿億零〇".chars() {
            assert!(could_start(c), "{c:?}");
        }
        for c in "年增%。a分之\u{20000}".chars() {
            assert!(!could_start(c), "{c:?}");
        }
    }
}
