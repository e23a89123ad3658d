//! Keyword lexicons: `count_lexicons`, `count_lexicons_batch`, `load_lexicon`, `LexiconCount`.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use gongwen_core::options::LexiconMode;
use gongwen_core::parallel::resolve_threads;
use gongwen_core::scan::lexicon::{Lexicon, LexiconCount, LexiconSet, MatchKind};
use gongwen_core::segment::{Mode, Segmenter, Snapshot};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyMapping, PyString};

use crate::error::to_py_err;
use crate::segment::PySegmenter;
use crate::utils::{enter, streamed, text, texts};

/// The counts of one lexicon in one document.
///
/// ``counts`` maps every term of the lexicon (zeros included, in the lexicon's order) to its
/// count; ``total`` is their sum; ``words`` is the document's number of jieba tokens; ``share``
/// is ``total / words`` (``0.0`` when ``words`` is 0).
#[pyclass(name = "LexiconCount", module = "gongwen", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyLexiconCount {
    name: Arc<str>,
    terms: Arc<[String]>,
    counts: Vec<u64>,
    #[pyo3(get)]
    total: u64,
    #[pyo3(get)]
    words: u64,
    #[pyo3(get)]
    share: f64,
}

impl PyLexiconCount {
    /// The result `c` of lexicon `name` with terms `terms` (as [`LexiconSet::lexicons`] orders them).
    pub(crate) fn new(name: Arc<str>, terms: Arc<[String]>, c: LexiconCount) -> Self {
        PyLexiconCount {
            name,
            terms,
            counts: c.counts,
            total: c.total,
            words: c.words,
            share: c.share,
        }
    }

    fn counts_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (t, c) in self.terms.iter().zip(&self.counts) {
            d.set_item(t, c)?;
        }
        Ok(d)
    }
}

#[pymethods]
impl PyLexiconCount {
    /// The lexicon's name.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// ``{term: count}`` for every term of the lexicon, zeros included (a new ``dict`` each time).
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.counts_dict(py)
    }

    /// ``{"name", "counts", "total", "words", "share"}``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("name", &*self.name)?;
        d.set_item("counts", self.counts_dict(py)?)?;
        d.set_item("total", self.total)?;
        d.set_item("words", self.words)?;
        d.set_item("share", self.share)?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let repr = |s: &str| -> PyResult<String> { Ok(PyString::new(py, s).repr()?.to_string()) };
        let mut found: Vec<(u64, &str)> = self
            .counts
            .iter()
            .zip(self.terms.iter())
            .filter(|(c, _)| **c > 0)
            .map(|(c, t)| (*c, t.as_str()))
            .collect();
        found.sort_by_key(|f| std::cmp::Reverse(f.0));
        const SHOWN: usize = 5;
        let mut top = Vec::new();
        for (c, t) in found.iter().take(SHOWN) {
            top.push(format!("{}: {c}", repr(t)?));
        }
        if found.len() > SHOWN {
            top.push(format!("... {} more", found.len() - SHOWN));
        }
        Ok(format!(
            "LexiconCount(name={}, total={}, words={}, share={:.6}, top={{{}}}, terms={})",
            repr(&self.name)?,
            self.total,
            self.words,
            self.share,
            top.join(", "),
            self.terms.len()
        ))
    }
}

/// Where a lexicon's terms come from, read with the GIL held.
pub(crate) enum Source {
    Terms(Vec<String>),
    File(PathBuf),
}

/// The `lexicons` mapping, in its order: the one reading of a `lexicons` argument (of
/// `count_lexicons` and of the corpus options). A name that is not a non-empty `str`, a value
/// that is neither a path nor an iterable of `str`, raise here; the files are read by
/// [`build_lexicons`].
pub(crate) fn extract_lexicons(obj: &Bound<'_, PyAny>) -> PyResult<Vec<(String, Source)>> {
    let mapping = obj.downcast::<PyMapping>().map_err(|_| {
        PyTypeError::new_err("lexicons must be a mapping of name -> list of terms or path of a lexicon file")
    })?;
    let mut out = Vec::new();
    for item in mapping.items()?.iter() {
        let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let name = text(&k, "a lexicon name")?.into_owned();
        if name.is_empty() {
            return Err(PyValueError::new_err("lexicon names must be non-empty str, got ''"));
        }
        let key = k.repr()?.to_string();
        let source = if v.is_instance_of::<PyString>() || v.hasattr("__fspath__")? {
            let path: PathBuf = v.extract()?;
            Source::File(path)
        } else {
            let items = v
                .try_iter()
                .map_err(|_| {
                    PyTypeError::new_err(format!(
                        "lexicons[{key}] must be a sequence of str or the path of a lexicon file"
                    ))
                })?
                .collect::<PyResult<Vec<_>>>()?;
            let terms = items
                .iter()
                .enumerate()
                .map(|(i, t)| text(t, &format!("lexicons[{key}][{i}]")).map(Cow::into_owned))
                .collect::<PyResult<Vec<_>>>()?;
            Source::Terms(terms)
        };
        out.push((name, source));
    }
    Ok(out)
}

/// The lexicons of [`extract_lexicons`], files read (with the GIL released: call it in `enter`).
pub(crate) fn build_lexicons(sources: Vec<(String, Source)>) -> gongwen_core::Result<Vec<Lexicon>> {
    sources.into_iter().map(|(n, s)| build_lexicon(n, s)).collect()
}

fn build_lexicon(name: String, source: Source) -> gongwen_core::Result<Lexicon> {
    match source {
        Source::Terms(terms) => Lexicon::new(name, terms),
        Source::File(path) => Lexicon::from_file(name, &path),
    }
}

/// How to count, prepared once for any number of documents.
enum How {
    Token {
        snap: Snapshot,
        hmm: bool,
    },
    Substring {
        kind: MatchKind,
        words: Option<(Snapshot, bool)>,
    },
}

struct Counter {
    set: LexiconSet,
    how: How,
    /// Name and terms of each lexicon, shared by every result.
    meta: Vec<(Arc<str>, Arc<[String]>)>,
}

impl Counter {
    fn new(
        sources: Vec<(String, Source)>,
        mode: LexiconMode,
        overlapping: bool,
        base: Option<&Segmenter>,
        hmm: bool,
        words: bool,
    ) -> gongwen_core::Result<Counter> {
        let lexicons = build_lexicons(sources)?;
        let set = LexiconSet::new(lexicons)?;
        let base = base.unwrap_or_else(|| Segmenter::global());
        let how = match mode {
            LexiconMode::Token => {
                let seg = base.fork();
                set.add_to_segmenter(&seg)?;
                How::Token {
                    snap: seg.snapshot(),
                    hmm,
                }
            }
            LexiconMode::Substring => {
                let kind = if overlapping {
                    MatchKind::Overlapping
                } else {
                    MatchKind::LeftmostLongest
                };
                set.prepare(kind)?;
                How::Substring {
                    kind,
                    words: words.then(|| (base.snapshot(), hmm)),
                }
            }
        };
        let meta = set
            .lexicons()
            .iter()
            .map(|l| (Arc::from(l.name()), Arc::from(l.terms().to_vec())))
            .collect();
        Ok(Counter { set, how, meta })
    }

    fn count(&self, text: &str) -> gongwen_core::Result<Vec<LexiconCount>> {
        match &self.how {
            How::Token { snap, hmm } => {
                let mut tally = self.set.tally();
                snap.cut_with(text, Mode::Default { hmm: *hmm }, |t| {
                    tally.add_token(&text[t.start..t.end])
                });
                Ok(tally.finish(None))
            }
            How::Substring { kind, words } => {
                let n = match words {
                    Some((snap, hmm)) => {
                        let mut n = 0u64;
                        snap.cut_with(text, Mode::Default { hmm: *hmm }, |_| n += 1);
                        n
                    }
                    None => 0,
                };
                self.set.count_substrings(text, *kind, n)
            }
        }
    }

    fn to_py<'py>(&self, py: Python<'py>, counts: Vec<LexiconCount>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for ((name, terms), c) in self.meta.iter().zip(counts) {
            let obj = Bound::new(py, PyLexiconCount::new(name.clone(), terms.clone(), c))?;
            d.set_item(&**name, obj)?;
        }
        Ok(d)
    }
}

fn prepare(
    py: Python<'_>,
    lexicons: &Bound<'_, PyAny>,
    mode: &str,
    overlapping: bool,
    segmenter: Option<&PySegmenter>,
    hmm: bool,
    words: bool,
) -> PyResult<Counter> {
    let sources = extract_lexicons(lexicons)?;
    let mode = LexiconMode::parse_as("mode", mode).map_err(to_py_err)?;
    if overlapping && mode == LexiconMode::Token {
        return Err(PyValueError::new_err("overlapping applies to mode='substring' only"));
    }
    let base = segmenter.map(|s| &s.inner);
    enter(py, || Counter::new(sources, mode, overlapping, base, hmm, words))
}

/// Count the terms of each lexicon in ``text``: an attention index per lexicon.
///
/// ``lexicons`` maps a name to a list of terms or to the path (``str`` or ``os.PathLike``) of
/// a lexicon file: UTF-8, one term a line, ``#`` starts a comment, blank lines ignored. A ``str``
/// value is always a path. Terms are trimmed; empty terms are skipped and duplicates counted
/// once; a lexicon without terms, or a term with whitespace inside, is a ``ValueError`` (a bad
/// file line a ``DictionaryError`` naming the line).
///
/// ``mode="token"`` (the default, what economics papers compute): each term is added to a
/// private copy of ``segmenter``'s dictionary (default: jieba's), as ``jieba.add_word(term)``
/// would, so it stays whole; then the text is cut as ``jieba.lcut(text, HMM=hmm)`` and a token
/// counts when it equals a term. ``segmenter`` itself is never changed.
///
/// ``mode="substring"``: every occurrence of a term in the text, found by one Aho-Corasick
/// automaton; ``overlapping=True`` counts overlaps too (污染防治 holds 污染 and 污染防治),
/// ``False`` takes the leftmost-longest matches (only 污染防治). A term in two lexicons counts
/// for both.
///
/// ``words`` of every result is the number of tokens ``jieba.lcut(text, HMM=hmm)`` returns with
/// that dictionary (in token mode with the terms added), whitespace included: jieba yields each
/// space or newline as a token of its own (``"\r\n"`` as one). ``words=False`` skips this count
/// in substring mode (``words`` and ``share`` are then 0); token mode always counts.
///
/// Returns ``{name: LexiconCount}`` in the order of ``lexicons``.
///
/// Examples
/// --------
/// >>> r = count_lexicons("加强污染防治，推进绿色发展", {"env": ["污染防治", "绿色"]})
/// >>> r["env"].counts, r["env"].words
/// ({'污染防治': 1, '绿色': 1}, 6)
#[pyfunction]
#[pyo3(signature = (text, lexicons, *, mode="token", overlapping=false, segmenter=None, hmm=true, words=true))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn count_lexicons<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    lexicons: &Bound<'py, PyAny>,
    mode: &str,
    overlapping: bool,
    segmenter: Option<PyRef<'py, PySegmenter>>,
    hmm: bool,
    words: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let s = crate::utils::text(text, "text")?;
    let counter = prepare(py, lexicons, mode, overlapping, segmenter.as_deref(), hmm, words)?;
    let counts = enter(py, || counter.count(&s))?;
    counter.to_py(py, counts)
}

/// ``[count_lexicons(t, lexicons, ...) for t in texts]`` on ``threads`` threads (default: all
/// cores, or ``GONGWEN_NUM_THREADS``) with the GIL released; the lexicons are compiled (and the
/// segmenter copy made) once for all texts. Results in input order.
#[pyfunction]
#[pyo3(signature = (texts, lexicons, *, mode="token", overlapping=false, segmenter=None, hmm=true, words=true, threads=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn count_lexicons_batch<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    lexicons: &Bound<'py, PyAny>,
    mode: &str,
    overlapping: bool,
    segmenter: Option<PyRef<'py, PySegmenter>>,
    hmm: bool,
    words: bool,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyList>> {
    let items = self::texts(texts)?;
    let n = resolve_threads(threads).map_err(to_py_err)?;
    let counter = prepare(py, lexicons, mode, overlapping, segmenter.as_deref(), hmm, words)?;
    let out = streamed(
        py,
        &items,
        n,
        |i, t| text(t, &format!("texts[{i}]")),
        |d: Cow<str>| counter.count(&d),
        |r| counter.to_py(py, r.map_err(to_py_err)?),
    )?;
    PyList::new(py, out)
}

/// The terms of a lexicon file (UTF-8, one term a line, ``#`` comments, blank lines ignored),
/// trimmed, without empty or repeated terms. ``FileNotFoundError`` if it does not exist,
/// ``DictionaryError`` naming the line of a bad line, ``ValueError`` if it holds no term.
#[pyfunction]
pub(crate) fn load_lexicon(py: Python<'_>, path: PathBuf) -> PyResult<Vec<String>> {
    let lex = enter(py, || {
        let name = path
            .file_stem()
            .map_or("lexicon".into(), |s| s.to_string_lossy().into_owned());
        Lexicon::from_file(name, &path)
    })?;
    Ok(lex.terms().to_vec())
}
