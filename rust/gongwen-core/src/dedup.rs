//! Exact and near-duplicate documents across a run: MinHash signatures of character shingles,
//! an LSH index of them, and the `duplicate_of` flag.
//!
//! - **Signature** ([`signature`], per document, on the cleaned and converted text, so the
//!   same report in either script or with other chrome compares equal): the set of
//!   [`SHINGLE`]-character shingles of the text without whitespace, each hashed with a fixed
//!   64-bit function (a rolling polynomial hash, then a mix) (no random seed: the same text gives the same signature on every run,
//!   platform and thread count), sketched by one-permutation MinHash into [`BINS`] bins (the
//!   hash's top bits choose the bin, the minimum of the rest stays) with empty bins filled from
//!   the next full one (rotation densification). One hash per shingle: linear in the text. The
//!   share of equal bins of two signatures estimates the Jaccard similarity of their shingle
//!   sets (standard error about `sqrt(J(1-J)/128)`, 0.027 at 0.9).
//! - **Index** ([`Index`]): the signatures of the run's originals (documents that duplicate no
//!   earlier one), cut into bands of `rows` bins, each band hashed into a table. A new document
//!   is compared with the originals that share a band with it (at most [`MAX_CANDIDATES`], the
//!   earliest first), and is a duplicate of the earliest whose estimated similarity reaches the
//!   threshold; otherwise it becomes an original. The band width is the widest that still
//!   finds a pair at the threshold with probability at least 0.99, so that lower thresholds
//!   stay sound. No pair of documents is compared unless they share a band: time is linear in
//!   the corpus for corpora of distinct documents, memory about 600 bytes an original.
//! - **Threshold** ([`DEFAULT_THRESHOLD`], the `duplicate_threshold` option): 0.8. On real
//!   reports, the same report from two sources (a gov.cn scrape after cleaning against its
//!   Wikisource transcription) scores 0.93-0.98, a copy with 1% of its characters changed 0.90
//!   and with 2% 0.83, a copy cut to 90% of its length 0.90; distinct reports (the State
//!   Council's of neighbouring years, three provinces' of the same year) score at most 0.073.
//!   At 0.9 the estimate (standard error 0.027) would miss about half of the 1%-edited copies;
//!   0.8 keeps a margin of ten times the largest similarity of distinct reports.
//! - **Order**: documents are added in input order, after a batch's parallel work, so the flags
//!   are the same whatever the number of threads; `duplicate_of` always names an original
//!   (the first document of the run that the duplicate matches).

use rustc_hash::FxHashMap;

/// Characters of a shingle.
pub const SHINGLE: usize = 5;
/// Bins of a signature.
pub const BINS: usize = 128;
/// The default threshold of estimated Jaccard similarity (see the module documentation).
pub const DEFAULT_THRESHOLD: f64 = 0.8;
/// Originals compared with one new document at most.
pub const MAX_CANDIDATES: usize = 256;

/// A document's MinHash signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature(Box<[u32]>);

impl Signature {
    /// The estimated Jaccard similarity of the shingle sets of two signatures.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(other.0.iter()).filter(|(a, b)| a == b).count();
        same as f64 / BINS as f64
    }
}

/// A fixed 64-bit mix (the finaliser of MurmurHash3).
#[inline]
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The multiplier of the rolling shingle hash.
const ROLL: u64 = 0x0000_0100_0000_01b3;

/// Whether `c` is left out of the shingles: ASCII whitespace and controls, and the
/// ideographic space (cleaning made the other odd spaces ASCII).
#[inline]
fn skipped(c: char) -> bool {
    c <= ' ' || c == '\u{3000}'
}

/// The signature of `text` (`None` when it has no character but whitespace).
pub fn signature(text: &str) -> Option<Signature> {
    let mut bins = [u32::MAX; BINS];
    let mut full = [false; BINS];
    let mut add = |h: u64| {
        let h = mix(h);
        let bin = (h >> 57) as usize;
        let value = h as u32;
        full[bin] = true;
        if value < bins[bin] {
            bins[bin] = value;
        }
    };
    // A polynomial hash of the last SHINGLE characters, rolled one character at a time.
    let out_factor = ROLL.wrapping_pow(SHINGLE as u32 - 1);
    let mut window = [0u64; SHINGLE];
    let mut h = 0u64;
    let mut n = 0usize;
    for c in text.chars().filter(|&c| !skipped(c)) {
        let slot = n % SHINGLE;
        if n >= SHINGLE {
            h = h.wrapping_sub(window[slot].wrapping_mul(out_factor));
        }
        window[slot] = c as u64 + 1;
        h = h.wrapping_mul(ROLL).wrapping_add(c as u64 + 1);
        n += 1;
        if n >= SHINGLE {
            add(h);
        }
    }
    if n == 0 {
        return None;
    }
    if n < SHINGLE {
        // A text shorter than a shingle is one shingle.
        add(h);
    }
    // Densify: an empty bin takes the value of the next full bin, offset by the distance.
    // One backward pass over the bins twice round: linear.
    let mut next = usize::MAX;
    for i in (0..2 * BINS).rev() {
        let b = i % BINS;
        if full[b] {
            next = i;
        } else if i < BINS {
            let d = (next - i) as u32;
            bins[b] = bins[next % BINS].wrapping_add(d.wrapping_mul(0x9e37_79b9));
        }
    }
    Some(Signature(bins.into()))
}

/// The run's index of originals (see the module documentation).
#[derive(Debug)]
pub struct Index {
    threshold: f64,
    rows: usize,
    ids: Vec<String>,
    signatures: Vec<Signature>,
    /// One table a band: band hash -> originals (indices, in order).
    bands: Vec<FxHashMap<u64, Vec<u32>>>,
}

/// The widest band (rows of [`BINS`], a power of two) that finds a pair of similarity
/// `threshold` with probability at least 0.99.
pub fn band_rows(threshold: f64) -> usize {
    let mut rows = BINS;
    while rows > 1 {
        let bands = (BINS / rows) as i32;
        let found = 1.0 - (1.0 - threshold.powi(rows as i32)).powi(bands);
        if found >= 0.99 {
            break;
        }
        rows /= 2;
    }
    rows
}

impl Index {
    /// An empty index flagging at `threshold` (estimated Jaccard similarity, in `(0, 1]`).
    pub fn new(threshold: f64) -> Index {
        let rows = band_rows(threshold);
        Index {
            threshold,
            rows,
            ids: Vec::new(),
            signatures: Vec::new(),
            bands: (0..BINS / rows).map(|_| FxHashMap::default()).collect(),
        }
    }

    /// The number of originals indexed.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    fn band_keys<'a>(&self, sig: &'a Signature) -> impl Iterator<Item = u64> + 'a {
        let rows = self.rows;
        sig.0
            .chunks(rows)
            .map(|band| band.iter().fold(0x1319_8a2e_0370_7344u64, |h, &v| mix(h ^ v as u64)))
    }

    /// Add document `id`: the id of the original it duplicates, or `None` (it is then an
    /// original itself).
    pub fn add(&mut self, id: &str, sig: &Signature) -> Option<&str> {
        let keys: Vec<u64> = self.band_keys(sig).collect();
        let mut candidates: Vec<u32> = Vec::new();
        for (table, key) in self.bands.iter().zip(&keys) {
            if let Some(list) = table.get(key) {
                candidates.extend(list.iter().take(MAX_CANDIDATES));
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates.truncate(MAX_CANDIDATES);
        let hit = candidates
            .into_iter()
            .find(|&k| self.signatures[k as usize].similarity(sig) >= self.threshold);
        if let Some(k) = hit {
            return Some(&self.ids[k as usize]);
        }
        let k = self.ids.len() as u32;
        for (table, key) in self.bands.iter_mut().zip(keys) {
            table.entry(key).or_default().push(k);
        }
        self.ids.push(id.to_string());
        self.signatures.push(sig.clone());
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(s: &str) -> Signature {
        signature(s).unwrap()
    }

    /// Exact Jaccard of the shingle sets.
    fn jaccard(a: &str, b: &str) -> f64 {
        let set = |s: &str| {
            let c: Vec<char> = s.chars().filter(|&c| !skipped(c)).collect();
            c.windows(SHINGLE)
                .map(|w| w.to_vec())
                .collect::<std::collections::HashSet<_>>()
        };
        let (x, y) = (set(a), set(b));
        x.intersection(&y).count() as f64 / x.union(&y).count() as f64
    }

    fn text(seed: u64, n: usize) -> String {
        let mut rng = crate::test_rng::Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        (0..n)
            .map(|_| char::from_u32(0x4e00 + rng.below(2000) as u32).unwrap())
            .collect()
    }

    #[test]
    fn signatures_are_fixed_and_estimate_jaccard() {
        let a = text(1, 3000);
        assert_eq!(sig(&a), sig(&a));
        assert_eq!(sig(&a), sig(&format!(" {}\n", a)), "whitespace does not count");
        // Edits at random places: the estimate is within 4 standard errors of the truth.
        let chars: Vec<char> = a.chars().collect();
        for edits in [10, 40, 150, 600] {
            let mut b = chars.clone();
            let mut rng = crate::test_rng::Rng(edits as u64 * 7919 + 1);
            for _ in 0..edits {
                let k = rng.below(b.len());
                b[k] = '某';
            }
            let b: String = b.into_iter().collect();
            let (j, est) = (jaccard(&a, &b), sig(&a).similarity(&sig(&b)));
            let se = (j * (1.0 - j) / BINS as f64).sqrt().max(0.01);
            assert!((j - est).abs() < 4.0 * se, "{edits} edits: {j} vs {est}");
        }
        assert!(sig(&a).similarity(&sig(&text(2, 3000))) < 0.05);
        assert!(signature(" \n").is_none());
        assert_eq!(sig("短"), sig("短"));
        assert_ne!(sig("短"), sig("长"));
    }

    #[test]
    fn bands_find_pairs_at_the_threshold() {
        assert_eq!(band_rows(0.9), 8);
        assert_eq!(band_rows(0.8), 4);
        assert_eq!(band_rows(0.5), 2);
        assert_eq!(band_rows(0.1), 1);
        assert_eq!(band_rows(1.0), 128);
    }

    #[test]
    fn the_index_flags_the_first_original() {
        let a = text(3, 2000);
        let b = text(4, 2000);
        let mut edited: Vec<char> = a.chars().collect();
        edited[500] = '某';
        edited[1500] = '某';
        let edited: String = edited.into_iter().collect();
        let mut index = Index::new(DEFAULT_THRESHOLD);
        assert_eq!(index.add("a", &sig(&a)), None);
        assert_eq!(index.add("b", &sig(&b)), None);
        assert_eq!(index.add("a2", &sig(&a)), Some("a"));
        assert_eq!(index.add("a3", &sig(&edited)), Some("a"));
        assert_eq!(index.add("b2", &sig(&b)), Some("b"));
        assert_eq!(index.len(), 2, "duplicates are not indexed");
    }
}
