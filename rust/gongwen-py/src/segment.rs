//! `Segmenter`: jieba-identical segmentation.

use std::borrow::Cow;
use std::path::PathBuf;

use gongwen_core::parallel::resolve_threads;
use gongwen_core::segment::{Mode, Segmenter, Snapshot, Token};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};
use rustc_hash::FxHashMap;

use crate::error::to_py_err;
use crate::utils::{array, enter, extract_all, streamed, text, texts};

/// A segmenter that cuts exactly as Python ``jieba`` 0.42.1 does, with its own dictionary.
///
/// ``Segmenter()`` starts from jieba's default dictionary; ``Segmenter(userdict)`` also loads a
/// jieba-format user dictionary. Changes (``add_word``, ``del_word``, ``load_userdict``,
/// ``suggest_freq(..., tune=True)``) affect only this segmenter. It is safe to use from many
/// Python threads at once; the batch methods release the GIL and use every core.
///
/// Examples
/// --------
/// >>> seg = Segmenter()
/// >>> seg.cut("我来到北京清华大学")
/// ['我', '来到', '北京', '清华大学']
#[pyclass(name = "Segmenter", module = "gongwen", frozen)]
pub(crate) struct PySegmenter {
    pub(crate) inner: Segmenter,
}

/// Byte spans of tokens, gathered without the GIL.
type Spans = Vec<(usize, usize)>;

fn spans(snap: &Snapshot, text: &str, mode: Mode) -> Spans {
    let mut out = Vec::with_capacity(text.len() / 4);
    snap.cut_with(text, mode, |t: Token| out.push((t.start, t.end)));
    out
}

/// A document's tokens as ids into its vocabulary (byte spans of distinct words).
///
/// Building a Python `str` per token is the one step that needs the GIL. Words repeat (a report
/// of 10k tokens has ~2k distinct ones), so the workers intern them and the GIL-holding step
/// creates one `str` per distinct word and fills the list by reference.
struct Interned {
    vocab: Vec<(usize, usize)>,
    ids: Vec<u32>,
}

fn intern(text: &str, spans: Spans) -> Interned {
    let mut index: FxHashMap<&str, u32> = FxHashMap::default();
    let mut vocab = Vec::new();
    let ids = spans
        .into_iter()
        .map(|(a, b)| {
            *index.entry(&text[a..b]).or_insert_with(|| {
                vocab.push((a, b));
                (vocab.len() - 1) as u32
            })
        })
        .collect();
    Interned { vocab, ids }
}

fn interned_list<'py>(py: Python<'py>, text: &str, it: &Interned) -> PyResult<Bound<'py, PyList>> {
    let words: Vec<Bound<'py, PyString>> = it.vocab.iter().map(|&(a, b)| PyString::new(py, &text[a..b])).collect();
    PyList::new(py, it.ids.iter().map(|&i| words[i as usize].clone()))
}

/// The segmentation mode named `mode` (the core's one parser of it), with `hmm`.
fn parse_mode(mode: &str, hmm: bool) -> PyResult<Mode> {
    mode.parse::<Mode>().map(|m| m.with_hmm(hmm)).map_err(to_py_err)
}

fn threads(threads: Option<usize>) -> PyResult<usize> {
    resolve_threads(threads).map_err(to_py_err)
}

impl PySegmenter {
    /// `cut` or `cut_for_search` of one text as a list of `str`.
    fn str_one<'py>(&self, py: Python<'py>, text: &Bound<'py, PyAny>, mode: Mode) -> PyResult<Bound<'py, PyList>> {
        let s = crate::utils::text(text, "text")?;
        let snap = self.inner.snapshot();
        let it = enter(py, || Ok(intern(&s, spans(&snap, &s, mode))))?;
        interned_list(py, &s, &it)
    }

    /// `cut` or `cut_for_search` of every text, in parallel, as lists of `str`.
    fn str_batch<'py>(
        &self,
        py: Python<'py>,
        texts_obj: &Bound<'py, PyAny>,
        n_threads: Option<usize>,
        mode: Mode,
    ) -> PyResult<Bound<'py, PyList>> {
        self.batch(
            py,
            texts_obj,
            n_threads,
            |snap, d| intern(d, spans(snap, d, mode)),
            |d, it| Ok(interned_list(py, d, &it)?.into_any()),
        )
    }

    /// `build(text, f(text))` for every text of `texts` on `threads` threads (GIL released for
    /// `f`, reading and building overlapped with the work), in input order.
    fn batch<'py, R: Send>(
        &self,
        py: Python<'py>,
        texts_obj: &Bound<'py, PyAny>,
        n_threads: Option<usize>,
        f: impl Fn(&Snapshot, &str) -> R + Sync + Send,
        mut build: impl FnMut(&str, R) -> PyResult<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let items = texts(texts_obj)?;
        let n = threads(n_threads)?;
        let snap = self.inner.snapshot();
        let out = streamed(
            py,
            &items,
            n,
            |i, t| text(t, &format!("texts[{i}]")),
            |d: Cow<str>| {
                let r = f(&snap, &d);
                (d, r)
            },
            |(d, r)| build(&d, r),
        )?;
        PyList::new(py, out)
    }
}

fn tokenize_tuples<'py>(py: Python<'py>, text: &str, toks: &[Token]) -> PyResult<Bound<'py, PyList>> {
    PyList::new(
        py,
        toks.iter()
            .map(|t| (PyString::new(py, &text[t.start..t.end]), t.char_start, t.char_end)),
    )
}

fn collect_tokens(snap: &Snapshot, text: &str, mode: Mode) -> Vec<Token> {
    let mut out = Vec::new();
    snap.cut_with(text, mode, |t| out.push(t));
    out
}

fn collect_tags(snap: &Snapshot, text: &str, hmm: bool) -> Vec<(usize, usize, Box<str>)> {
    let mut out: Vec<(usize, usize, Box<str>)> = Vec::new();
    let mut last: Option<Box<str>> = None;
    snap.tag_with(text, hmm, |t, tag| {
        // Tags repeat; reuse the previous allocation when the tag is the same.
        let tag: Box<str> = match &last {
            Some(l) if &**l == tag => l.clone(),
            _ => {
                let b: Box<str> = tag.into();
                last = Some(b.clone());
                b
            }
        };
        out.push((t.start, t.end, tag));
    });
    out
}

fn tag_tuples<'py>(py: Python<'py>, text: &str, tags: &[(usize, usize, Box<str>)]) -> PyResult<Bound<'py, PyList>> {
    let mut interned: Vec<(&str, Bound<'py, PyString>)> = Vec::new();
    let items = tags
        .iter()
        .map(|(a, b, tag)| {
            let flag = match interned.iter().find(|(t, _)| *t == &**tag) {
                Some((_, s)) => s.clone(),
                None => {
                    let s = PyString::intern(py, tag);
                    interned.push((tag, s.clone()));
                    s
                }
            };
            PyTuple::new(py, [PyString::new(py, &text[*a..*b]), flag])
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// A word argument: a non-empty `str`. (jieba accepts `""` and adds its frequency to the
/// total, which silently shifts every later segmentation.)
fn nonempty_word<'a>(word: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, str>> {
    let w = text(word, "word")?;
    if w.is_empty() {
        return Err(PyValueError::new_err("word must not be empty"));
    }
    Ok(w)
}

/// The end offsets (characters) of the words of `text`, which is under 4 GiB.
fn char_ends(snap: &Snapshot, text: &str, hmm: bool, out: &mut Vec<u32>) {
    snap.cut_with(text, Mode::Default { hmm }, |t| out.push(t.char_end as u32));
}

#[pymethods]
impl PySegmenter {
    #[new]
    #[pyo3(signature = (userdict=None))]
    fn new(py: Python<'_>, userdict: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let seg = PySegmenter {
            inner: Segmenter::new(),
        };
        if let Some(d) = userdict {
            seg.load_userdict(py, d)?;
        }
        Ok(seg)
    }

    fn __repr__(&self) -> String {
        "Segmenter(dictionary='jieba 0.42.1 default')".into()
    }

    /// Cut ``text`` into words, exactly as ``jieba.lcut(text, HMM=hmm)``.
    #[pyo3(signature = (text, hmm=true))]
    fn cut<'py>(&self, py: Python<'py>, text: &Bound<'py, PyAny>, hmm: bool) -> PyResult<Bound<'py, PyList>> {
        self.str_one(py, text, Mode::Default { hmm })
    }

    /// Every dictionary word in ``text``, exactly as ``jieba.lcut(text, cut_all=True)``
    /// (including the empty strings jieba yields around whitespace).
    fn cut_all<'py>(&self, py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let s = crate::utils::text(text, "text")?;
        let snap = self.inner.snapshot();
        let words = enter(py, || {
            let mut out: Vec<Cow<str>> = Vec::new();
            snap.cut_all_with(&s, |w| out.push(Cow::Owned(w.to_string())));
            Ok(out)
        })?;
        PyList::new(py, words.iter().map(|w| PyString::new(py, w)))
    }

    /// Search-engine mode, exactly as ``jieba.lcut_for_search(text, HMM=hmm)``.
    #[pyo3(signature = (text, hmm=true))]
    fn cut_for_search<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        hmm: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        self.str_one(py, text, Mode::Search { hmm })
    }

    /// ``(word, start, end)`` for every word, with ``str`` offsets, exactly as
    /// ``list(jieba.tokenize(text, mode=mode, HMM=hmm))``. ``mode`` is ``"default"`` or ``"search"``.
    #[pyo3(signature = (text, mode="default", hmm=true))]
    fn tokenize<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        mode: &str,
        hmm: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let mode = parse_mode(mode, hmm)?;
        let s = crate::utils::text(text, "text")?;
        let snap = self.inner.snapshot();
        let toks = enter(py, || Ok(collect_tokens(&snap, &s, mode)))?;
        tokenize_tuples(py, &s, &toks)
    }

    /// ``(word, flag)`` pairs, exactly as ``[(p.word, p.flag) for p in jieba.posseg.lcut(text, HMM=hmm)]``.
    #[pyo3(signature = (text, hmm=true))]
    fn tag<'py>(&self, py: Python<'py>, text: &Bound<'py, PyAny>, hmm: bool) -> PyResult<Bound<'py, PyList>> {
        let s = crate::utils::text(text, "text")?;
        let snap = self.inner.snapshot();
        let tags = enter(py, || Ok(collect_tags(&snap, &s, hmm)))?;
        tag_tuples(py, &s, &tags)
    }

    /// The ``str`` end offset of every word ``cut(text, hmm)`` would return, as an
    /// ``array.array('I')``, without creating a Python string per word. Word ``i`` is
    /// ``text[ends[i-1]:ends[i]]`` (with ``ends[-1]`` taken as 0 for the first word).
    #[pyo3(signature = (text, hmm=true))]
    fn cut_offsets<'py>(&self, py: Python<'py>, text: &Bound<'py, PyAny>, hmm: bool) -> PyResult<Bound<'py, PyAny>> {
        let s = crate::utils::text(text, "text")?;
        let snap = self.inner.snapshot();
        if s.len() > u32::MAX as usize {
            return Err(PyValueError::new_err("text longer than 4 GiB: use cut() for it"));
        }
        let ends = enter(py, || {
            let mut ends = Vec::with_capacity(s.len() / 4);
            char_ends(&snap, &s, hmm, &mut ends);
            Ok(ends)
        })?;
        array(py, "I", &ends)
    }

    /// ``[cut(t, hmm) for t in texts]`` on ``threads`` threads (default: all cores, or
    /// ``GONGWEN_NUM_THREADS``), with the GIL released; results in input order.
    #[pyo3(signature = (texts, hmm=true, threads=None))]
    fn cut_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        hmm: bool,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        self.str_batch(py, texts, threads, Mode::Default { hmm })
    }

    /// ``[cut_all(t) for t in texts]`` in parallel; see ``cut_batch``.
    #[pyo3(signature = (texts, threads=None))]
    fn cut_all_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        self.batch(
            py,
            texts,
            threads,
            |snap, d| {
                let mut out: Vec<String> = Vec::new();
                snap.cut_all_with(d, |w| out.push(w.to_string()));
                out
            },
            |_, words| Ok(PyList::new(py, words.iter().map(|w| PyString::new(py, w)))?.into_any()),
        )
    }

    /// ``[cut_for_search(t, hmm) for t in texts]`` in parallel; see ``cut_batch``.
    #[pyo3(signature = (texts, hmm=true, threads=None))]
    fn cut_for_search_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        hmm: bool,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        self.str_batch(py, texts, threads, Mode::Search { hmm })
    }

    /// ``[tokenize(t, mode, hmm) for t in texts]`` in parallel; see ``cut_batch``.
    #[pyo3(signature = (texts, mode="default", hmm=true, threads=None))]
    fn tokenize_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        mode: &str,
        hmm: bool,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let mode = parse_mode(mode, hmm)?;
        self.batch(
            py,
            texts,
            threads,
            |snap, d| collect_tokens(snap, d, mode),
            |d, toks| Ok(tokenize_tuples(py, d, &toks)?.into_any()),
        )
    }

    /// ``[tag(t, hmm) for t in texts]`` in parallel; see ``cut_batch``.
    #[pyo3(signature = (texts, hmm=true, threads=None))]
    fn tag_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        hmm: bool,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        self.batch(
            py,
            texts,
            threads,
            |snap, d| collect_tags(snap, d, hmm),
            |d, tags| Ok(tag_tuples(py, d, &tags)?.into_any()),
        )
    }

    /// Word end offsets of many texts at once, for counting without Python strings.
    ///
    /// Returns ``(ends, bounds)``: ``ends`` is an ``array.array('I')`` of the ``str`` end offsets
    /// of every word of every text, and ``bounds`` an ``array.array('Q')`` of ``len(texts) + 1``
    /// positions such that the words of ``texts[i]`` end at ``ends[bounds[i]:bounds[i + 1]]``.
    #[pyo3(signature = (texts, hmm=true, threads=None))]
    fn cut_offsets_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        hmm: bool,
        threads: Option<usize>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
        let items = crate::utils::texts(texts)?;
        let n = self::threads(threads)?;
        let snap = self.inner.snapshot();
        let per_doc = streamed(
            py,
            &items,
            n,
            |i, t| {
                let d = text(t, &format!("texts[{i}]"))?;
                if d.len() > u32::MAX as usize {
                    return Err(PyValueError::new_err("text longer than 4 GiB: use cut() for it"));
                }
                Ok(d)
            },
            |d: Cow<str>| {
                let mut e = Vec::with_capacity(d.len() / 4);
                char_ends(&snap, &d, hmm, &mut e);
                e
            },
            Ok,
        )?;
        let mut ends = Vec::with_capacity(per_doc.iter().map(Vec::len).sum());
        let mut bounds = Vec::with_capacity(per_doc.len() + 1);
        bounds.push(0u64);
        for e in per_doc {
            ends.extend_from_slice(&e);
            bounds.push(ends.len() as u64);
        }
        Ok((array(py, "I", &ends)?, array(py, "Q", &bounds)?))
    }

    /// Load a jieba-format user dictionary (``word [freq] [tag]`` per line, UTF-8) from a path
    /// or a binary file object. A malformed line (or a word longer than 256 characters) raises
    /// ``DictionaryError`` naming the file and line, and then nothing of the file is added.
    /// Other threads keep cutting with the dictionary as it was until the load is done.
    fn load_userdict(&self, py: Python<'_>, f: &Bound<'_, PyAny>) -> PyResult<()> {
        if f.hasattr("read")? {
            let name: String = f
                .getattr("name")
                .and_then(|n| n.str().map(|s| s.to_string()))
                .unwrap_or_else(|_| "<file object>".into());
            let data = f.call_method0("read")?;
            let bytes: Vec<u8> = if let Ok(b) = data.downcast::<PyBytes>() {
                b.as_bytes().to_vec()
            } else {
                text(&data, "the file's content")?.as_bytes().to_vec()
            };
            let seg = &self.inner;
            return enter(py, || seg.load_userdict_from(&bytes[..], &name));
        }
        let path: PathBuf = f
            .extract()
            .map_err(|_| PyTypeError::new_err("userdict must be a path (str or os.PathLike) or a file object"))?;
        let seg = &self.inner;
        enter(py, || seg.load_userdict(&path))
    }

    /// Add ``word`` (or change its frequency and tag), as ``jieba.add_word``. Without ``freq``,
    /// the frequency is ``suggest_freq(word)``, enough to keep the word whole. Returns it. A
    /// word longer than 256 characters raises ``DictionaryError``.
    #[pyo3(signature = (word, freq=None, tag=None))]
    fn add_word(&self, py: Python<'_>, word: &Bound<'_, PyAny>, freq: Option<i64>, tag: Option<&str>) -> PyResult<u64> {
        let w = nonempty_word(word)?;
        let freq = match freq {
            Some(f) if f < 0 => {
                return Err(PyValueError::new_err(format!(
                    "freq must be a non-negative integer, not {f} (jieba would fail later with a math domain error)"
                )))
            }
            f => f.map(|f| f as u64),
        };
        let seg = &self.inner;
        enter(py, || seg.add_word(&w, freq, tag))
    }

    /// Remove ``word`` from the dictionary, as ``jieba.del_word``: the HMM will not produce it either.
    fn del_word(&self, py: Python<'_>, word: &Bound<'_, PyAny>) -> PyResult<()> {
        let w = nonempty_word(word)?;
        let seg = &self.inner;
        enter(py, || seg.del_word(&w))
    }

    /// As ``jieba.suggest_freq``: for a ``str``, the frequency that keeps it one word; for a
    /// sequence of ``str``, the frequency that makes their concatenation cut into them. With
    /// ``tune=True`` the word is added with that frequency.
    #[pyo3(signature = (segment, tune=false))]
    fn suggest_freq(&self, py: Python<'_>, segment: &Bound<'_, PyAny>, tune: bool) -> PyResult<u64> {
        let seg = &self.inner;
        if segment.is_instance_of::<PyString>() {
            let w = text(segment, "segment")?;
            return enter(py, || seg.suggest_freq(&w, tune));
        }
        let items = segment
            .try_iter()
            .map_err(|_| PyTypeError::new_err("segment must be a str or an iterable of str"))?
            .collect::<PyResult<Vec<_>>>()?;
        let parts = extract_all(&items)?;
        let parts: Vec<&str> = parts.iter().map(|p| &**p).collect();
        enter(py, || seg.suggest_freq_split(&parts, tune))
    }

    /// jieba's ``FREQ.get(word)``: the word's frequency, 0 for a prefix of a word or a
    /// deleted word, ``None`` if the dictionary does not know it.
    fn freq(&self, word: &Bound<'_, PyAny>) -> PyResult<Option<u64>> {
        let w = text(word, "word")?;
        Ok(self.inner.snapshot().freq(&w))
    }
}
