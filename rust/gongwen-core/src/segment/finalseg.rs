//! jieba's `finalseg`: the BMES hidden Markov model that cuts runs of characters the dictionary
//! route left as single characters. A line-by-line port of `jieba/finalseg/__init__.py` 0.42.1
//! with its own parameters, so that ties and `-3.14e100` floors resolve exactly as in Python.

use std::sync::OnceLock;

const MIN_FLOAT: f64 = -3.14e100;
const HAN_MIN: u32 = 0x4E00;
const HAN_MAX: u32 = 0x9FD5;

// State indices in jieba's alphabetical order, so that comparing indices compares jieba's state
// letters: Python breaks score ties with `max((prob, state))`.
const B: usize = 0;
const E: usize = 1;
const M: usize = 2;
const S: usize = 3;

/// `PrevStatus` of jieba, per state.
const PREV: [[usize; 2]; 4] = [[E, S], [B, M], [M, B], [S, E]];

pub(crate) struct Model {
    start: [f64; 4],
    trans: [[f64; 4]; 4],
    /// Emission per state for each character of U+4E00..=U+9FD5, the only ones the HMM sees.
    emit: Vec<[f64; 4]>,
}

fn state_index(s: &str) -> usize {
    match s {
        "B" => B,
        "E" => E,
        "M" => M,
        "S" => S,
        _ => panic!("unknown finalseg state {s}"),
    }
}

impl Model {
    fn parse(text: &str) -> Self {
        let mut model = Model {
            start: [MIN_FLOAT; 4],
            trans: [[MIN_FLOAT; 4]; 4],
            emit: vec![[MIN_FLOAT; 4]; (HAN_MAX - HAN_MIN + 1) as usize],
        };
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            match f[0] {
                "S" => model.start[state_index(f[1])] = f[2].parse().unwrap(),
                "T" => model.trans[state_index(f[1])][state_index(f[2])] = f[3].parse().unwrap(),
                "E" => {
                    let c = f[2].chars().next().unwrap() as u32;
                    if (HAN_MIN..=HAN_MAX).contains(&c) {
                        model.emit[(c - HAN_MIN) as usize][state_index(f[1])] = f[3].parse().unwrap();
                    }
                }
                other => panic!("bad finalseg line kind {other}"),
            }
        }
        model
    }

    pub(crate) fn shared() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| Model::parse(include_str!("../../data/jieba/finalseg.txt")))
    }

    #[inline]
    fn emit(&self, c: char) -> &[f64; 4] {
        static FLOOR: [f64; 4] = [MIN_FLOAT; 4];
        let c = c as u32;
        if (HAN_MIN..=HAN_MAX).contains(&c) {
            &self.emit[(c - HAN_MIN) as usize]
        } else {
            &FLOOR
        }
    }
}

/// Reusable buffers for [`viterbi`].
#[derive(Default)]
pub(crate) struct Scratch {
    back: Vec<[u8; 4]>,
    path: Vec<u8>,
}

/// Label every character of `obs` with B/E/M/S; the labels are left in `scratch.path`.
fn viterbi(model: &Model, obs: &[char], scratch: &mut Scratch) {
    let n = obs.len();
    scratch.back.clear();
    scratch.back.resize(n, [0; 4]);
    let em0 = model.emit(obs[0]);
    let mut v = [0.0f64; 4];
    for y in 0..4 {
        v[y] = model.start[y] + em0[y];
    }
    for (t, &c) in obs.iter().enumerate().skip(1) {
        let em = model.emit(c);
        let mut next = [0.0f64; 4];
        for y in 0..4 {
            let [a, b] = PREV[y];
            let pa = v[a] + model.trans[a][y] + em[y];
            let pb = v[b] + model.trans[b][y] + em[y];
            // max over (prob, state): a tie goes to the larger state.
            let (p, s) = if pa > pb || (pa == pb && a > b) {
                (pa, a)
            } else {
                (pb, b)
            };
            next[y] = p;
            scratch.back[t][y] = s as u8;
        }
        v = next;
    }
    let mut state = if v[E] > v[S] { E } else { S }; // tie -> 'S' > 'E'
    scratch.path.clear();
    scratch.path.resize(n, 0);
    for t in (0..n).rev() {
        scratch.path[t] = state as u8;
        if t > 0 {
            state = scratch.back[t][state] as usize;
        }
    }
}

/// jieba's `finalseg.__cut`: cut a run of Han characters, emitting `(start, end)` char ranges.
pub(crate) fn cut_han(model: &Model, obs: &[char], scratch: &mut Scratch, mut emit: impl FnMut(usize, usize)) {
    viterbi(model, obs, scratch);
    let (mut begin, mut nexti) = (0, 0);
    for i in 0..obs.len() {
        match scratch.path[i] as usize {
            B => begin = i,
            E => {
                emit(begin, i + 1);
                nexti = i + 1;
            }
            S => {
                emit(i, i + 1);
                nexti = i + 1;
            }
            _ => {}
        }
    }
    if nexti < obs.len() {
        emit(nexti, obs.len());
    }
}

#[inline]
pub(crate) fn is_hmm_han(c: char) -> bool {
    matches!(c as u32, HAN_MIN..=HAN_MAX)
}
