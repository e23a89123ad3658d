//! jieba's `posseg` HMM: joint segmentation and part-of-speech tagging of the runs the
//! dictionary route leaves as single characters. A port of `jieba/posseg/viterbi.py` 0.42.1 with
//! its parameters; states are numbered in the order of jieba's `(position, tag)` tuples so that
//! `max((prob, state))` ties resolve as in Python.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

const MIN_FLOAT: f64 = -3.14e100;
const MIN_INF: f64 = f64::NEG_INFINITY;

pub(crate) struct Model {
    /// `(position letter, tag)` per state id, sorted.
    states: Vec<(u8, Box<str>)>,
    start: Vec<f64>,
    /// Dense transition matrix; `MIN_INF` where jieba's `trans_p[from]` has no entry.
    trans: Vec<f64>,
    /// Successors of each state, as jieba's `trans_p[from].keys()`.
    next: Vec<Vec<u16>>,
    /// Predecessors of each state: the states with a transition to it.
    prev: Vec<Vec<u16>>,
    /// Emission probability by `(char << 9) | state`.
    emit: FxHashMap<u32, f64>,
    /// jieba's `char_state_tab`.
    char_states: FxHashMap<char, Vec<u16>>,
}

impl Model {
    fn parse(text: &str) -> Self {
        let lines: Vec<Vec<&str>> = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect())
            .collect();
        let parse_state = |s: &str| -> (u8, Box<str>) {
            let (pos, tag) = s.split_once(',').expect("state is pos,tag");
            (pos.as_bytes()[0], tag.into())
        };
        let mut states: Vec<(u8, Box<str>)> = lines
            .iter()
            .filter(|f| f[0] == "S")
            .map(|f| parse_state(f[1]))
            .collect();
        states.sort();
        let n = states.len();
        assert!(n < 512, "posseg has at most 511 states");
        let index: FxHashMap<(u8, Box<str>), u16> =
            states.iter().enumerate().map(|(i, s)| (s.clone(), i as u16)).collect();
        let id = |s: &str| index[&parse_state(s)];
        let mut model = Model {
            start: vec![MIN_FLOAT; n],
            trans: vec![MIN_INF; n * n],
            next: vec![Vec::new(); n],
            prev: vec![Vec::new(); n],
            emit: FxHashMap::default(),
            char_states: FxHashMap::default(),
            states,
        };
        for f in &lines {
            match f[0] {
                "S" => model.start[id(f[1]) as usize] = f[2].parse().unwrap(),
                "T" if f[2].is_empty() => {}
                "T" => {
                    let (a, b) = (id(f[1]) as usize, id(f[2]));
                    model.trans[a * n + b as usize] = f[3].parse().unwrap();
                    model.next[a].push(b);
                    model.prev[b as usize].push(a as u16);
                }
                "E" => {
                    let c = f[2].chars().next().unwrap() as u32;
                    model.emit.insert((c << 9) | u32::from(id(f[1])), f[3].parse().unwrap());
                }
                "C" => {
                    let c = f[1].chars().next().unwrap();
                    model.char_states.insert(c, f[2].split(';').map(id).collect());
                }
                other => panic!("bad posseg line kind {other}"),
            }
        }
        model
    }

    pub(crate) fn shared() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| Model::parse(include_str!("../../data/jieba/posseg.txt")))
    }

    #[inline]
    fn emit(&self, state: u16, c: char) -> f64 {
        self.emit
            .get(&(((c as u32) << 9) | u32::from(state)))
            .copied()
            .unwrap_or(MIN_FLOAT)
    }

    pub(crate) fn tag(&self, state: u16) -> &str {
        &self.states[state as usize].1
    }
}

/// Reusable buffers for [`viterbi`].
#[derive(Default)]
pub(crate) struct Scratch {
    prob: Vec<f64>,
    back: Vec<u16>,
    live: Vec<Vec<u16>>,
    path: Vec<u16>,
    in_set: Vec<bool>,
    in_prev: Vec<bool>,
}

const NONE: u16 = u16::MAX;

/// Label `obs`; the state of every character is left in `scratch.path`.
/// Returns `false` where jieba's own `viterbi` would raise (no state can follow the previous ones).
fn viterbi(m: &Model, obs: &[char], sc: &mut Scratch) -> bool {
    let n_states = m.states.len();
    let n = obs.len();
    sc.prob.clear();
    sc.prob.resize(n * n_states, MIN_INF);
    sc.back.clear();
    sc.back.resize(n * n_states, NONE);
    sc.live.resize_with(n.max(sc.live.len()), Vec::new);
    sc.in_set.clear();
    sc.in_set.resize(n_states, false);
    sc.in_prev.clear();
    sc.in_prev.resize(n_states, false);
    let all: Vec<u16> = (0..n_states as u16).collect();

    let first = m.char_states.get(&obs[0]).unwrap_or(&all);
    sc.live[0].clear();
    for &y in first {
        sc.prob[y as usize] = m.start[y as usize] + m.emit(y, obs[0]);
        sc.live[0].push(y);
    }
    for t in 1..n {
        let (before, after) = sc.live.split_at_mut(t);
        let prev_live = &before[t - 1];
        let cur = &mut after[0];
        cur.clear();
        let prev_states: Vec<u16> = prev_live
            .iter()
            .copied()
            .filter(|&x| !m.next[x as usize].is_empty())
            .collect();
        if prev_states.is_empty() {
            return false;
        }
        // prev_states_expect_next
        let mut expect: Vec<u16> = Vec::new();
        for &x in &prev_states {
            for &y in &m.next[x as usize] {
                if !sc.in_set[y as usize] {
                    sc.in_set[y as usize] = true;
                    expect.push(y);
                }
            }
        }
        let obs_states = m.char_states.get(&obs[t]).unwrap_or(&all);
        for &y in obs_states {
            if sc.in_set[y as usize] {
                cur.push(y);
            }
        }
        if cur.is_empty() {
            cur.extend_from_slice(if expect.is_empty() { &all } else { &expect });
        }
        for &y in &expect {
            sc.in_set[y as usize] = false;
        }
        let row_prev = (t - 1) * n_states;
        let row = t * n_states;
        for &x in &prev_states {
            sc.in_prev[x as usize] = true;
        }
        for &y in cur.iter() {
            let em = m.emit(y, obs[t]);
            let score = |y0: u16| sc.prob[row_prev + y0 as usize] + m.trans[y0 as usize * n_states + y as usize] + em;
            // max((prob, state)) over prev_states. Transitions are sparse: only predecessors
            // with a transition to `y` can score above -inf, so they are scanned first; when
            // none does, every candidate is -inf and the largest state wins, as in Python.
            let mut best = (MIN_INF, NONE);
            for &y0 in &m.prev[y as usize] {
                if sc.in_prev[y0 as usize] {
                    let p = score(y0);
                    if best.1 == NONE || p > best.0 || (p == best.0 && y0 > best.1) {
                        best = (p, y0);
                    }
                }
            }
            if best.1 == NONE || best.0 == MIN_INF {
                best = (MIN_INF, NONE);
                for &y0 in &prev_states {
                    let p = score(y0);
                    if best.1 == NONE || p > best.0 || (p == best.0 && y0 > best.1) {
                        best = (p, y0);
                    }
                }
            }
            sc.prob[row + y as usize] = best.0;
            sc.back[row + y as usize] = best.1;
        }
        for &x in &prev_states {
            sc.in_prev[x as usize] = false;
        }
    }
    let last_row = (n - 1) * n_states;
    let mut best = (MIN_INF, NONE);
    for &y in &sc.live[n - 1] {
        let p = sc.prob[last_row + y as usize];
        if best.1 == NONE || p > best.0 || (p == best.0 && y > best.1) {
            best = (p, y);
        }
    }
    sc.path.clear();
    sc.path.resize(n, 0);
    let mut state = best.1;
    for t in (0..n).rev() {
        sc.path[t] = state;
        if t > 0 {
            state = sc.back[t * n_states + state as usize];
        }
    }
    true
}

/// jieba's `POSTokenizer.__cut`: cut and tag a run of Han characters, emitting
/// `(start, end, state)` with char ranges. If the model has no path (jieba raises there), every
/// character is emitted on its own with tag `x`'s absence signalled by `None`.
pub(crate) fn cut_han(m: &Model, obs: &[char], sc: &mut Scratch, mut emit: impl FnMut(usize, usize, Option<u16>)) {
    if !viterbi(m, obs, sc) {
        for i in 0..obs.len() {
            emit(i, i + 1, None);
        }
        return;
    }
    let (mut begin, mut nexti) = (0, 0);
    for i in 0..obs.len() {
        let s = sc.path[i];
        match m.states[s as usize].0 {
            b'B' => begin = i,
            b'E' => {
                emit(begin, i + 1, Some(s));
                nexti = i + 1;
            }
            b'S' => {
                emit(i, i + 1, Some(s));
                nexti = i + 1;
            }
            _ => {}
        }
    }
    if nexti < obs.len() {
        emit(nexti, obs.len(), Some(sc.path[nexti]));
    }
}
