//! Helpers every binding uses: text extraction with clear errors, and one way to run core work
//! ([`enter`]: the GIL released, panics caught, errors mapped, Ctrl-C a `KeyboardInterrupt`;
//! [`guarded`], the same with the GIL held, for work that calls back into Python).

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::{PyTypeError, PyUnicodeEncodeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyBytes, PyString};

use crate::error::Failure;
use crate::exceptions::GongwenError;

/// The message of a caught panic.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

fn internal_error(msg: String) -> PyErr {
    GongwenError::new_err(format!("internal error in gongwen (please report it): {msg}"))
}

/// How long [`streamed`] waits for its workers between two checks for a signal.
const SIGNAL_CHECK: std::time::Duration = std::time::Duration::from_millis(50);

/// `[build(work(extract(i, item))) for i, item in enumerate(items)]`, with `work` (no GIL) on
/// `threads` threads and `extract`/`build` (which need the GIL) on this one: this thread
/// extracts item after item and hands each to `threads - 1` worker threads as soon as it is
/// read, turns finished results into Python objects in between, and once everything is read
/// takes jobs itself (GIL released) until none is left, so reading, working and building
/// overlap on exactly `threads` threads. Output in input order. The workers are started for
/// the call and joined before it returns (nothing survives a `fork`). Signals are checked while
/// it waits, as [`enter`] checks them: a Ctrl-C raises `KeyboardInterrupt` and drops the jobs
/// not started yet.
pub(crate) fn streamed<'a, 'py, I, R, O, E, W, B>(
    py: Python<'py>,
    items: &'a [Bound<'py, PyAny>],
    threads: usize,
    mut extract: E,
    work: W,
    mut build: B,
) -> PyResult<Vec<O>>
where
    I: Send,
    R: Send,
    E: FnMut(usize, &'a Bound<'py, PyAny>) -> PyResult<I>,
    W: Fn(I) -> R + Sync,
    B: FnMut(R) -> PyResult<O>,
{
    use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, TryRecvError};
    use std::sync::Mutex;

    if threads <= 1 {
        // One document at a time keeps its data in cache from reading to building.
        return items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let input = extract(i, item)?;
                let r = enter(py, || Ok(work(input)))?;
                build(r)
            })
            .collect();
    }
    let n = items.len();
    let mut slots: Vec<Option<O>> = (0..n).map(|_| None).collect();
    let (job_tx, job_rx) = channel::<(usize, I)>();
    let job_rx = Mutex::new(job_rx);
    let (res_tx, mut res_rx) = channel::<(usize, std::thread::Result<R>)>();
    let outcome = std::thread::scope(|scope| -> PyResult<()> {
        for _ in 1..threads {
            let (job_rx, res_tx, work) = (&job_rx, res_tx.clone(), &work);
            scope.spawn(move || loop {
                let job = job_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok((i, input)) = job else { break };
                let r = catch_unwind(AssertUnwindSafe(|| work(input)));
                if res_tx.send((i, r)).is_err() {
                    break;
                }
            });
        }
        let run = || -> PyResult<()> {
            let mut place = |slots: &mut Vec<Option<O>>, (i, r): (usize, std::thread::Result<R>)| match r {
                Ok(v) => {
                    slots[i] = Some(build(v)?);
                    Ok(())
                }
                Err(panic) => Err(internal_error(panic_message(&*panic))),
            };
            let mut done = 0;
            let mut job_tx = Some(job_tx);
            // Longest first: a long document started last would leave the other workers idle.
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(items[i].len().unwrap_or(0)));
            for i in order {
                let input = extract(i, &items[i])?;
                if let Some(tx) = &job_tx {
                    if tx.send((i, input)).is_err() {
                        job_tx = None;
                    }
                }
                loop {
                    match res_rx.try_recv() {
                        Ok(res) => {
                            place(&mut slots, res)?;
                            done += 1;
                        }
                        Err(TryRecvError::Empty) => break,
                        Err(TryRecvError::Disconnected) => return Err(internal_error("worker threads stopped".into())),
                    }
                }
            }
            py.check_signals()?;
            drop(job_tx);
            // Everything is read: work through the queue here too, building results in between.
            loop {
                match res_rx.try_recv() {
                    Ok(res) => {
                        place(&mut slots, res)?;
                        done += 1;
                        continue;
                    }
                    Err(TryRecvError::Disconnected) => return Err(internal_error("worker threads stopped".into())),
                    Err(TryRecvError::Empty) => {}
                }
                let job = job_rx.lock().unwrap_or_else(|e| e.into_inner()).try_recv();
                let Ok((i, input)) = job else { break };
                let (work, res_tx) = (&work, &res_tx);
                py.allow_threads(move || {
                    let r = catch_unwind(AssertUnwindSafe(|| work(input)));
                    let _ = res_tx.send((i, r));
                });
                py.check_signals()?;
            }
            drop(res_tx);
            while done < n {
                // A `&mut` is `Send` where the receiver is not `Sync`. The wait is cut in short
                // steps so that a Ctrl-C is seen while the workers finish, as `enter` sees it.
                let rx: &mut Receiver<_> = &mut res_rx;
                let res = py.allow_threads(move || rx.recv_timeout(SIGNAL_CHECK));
                py.check_signals()?;
                match res {
                    Ok(res) => {
                        place(&mut slots, res)?;
                        done += 1;
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return Err(internal_error("worker threads stopped".into())),
                }
            }
            Ok(())
        };
        let outcome = run();
        if outcome.is_err() {
            // Stopped early (an error, a Ctrl-C): the jobs not started are dropped, so that the
            // workers, joined when the scope ends, finish only the ones they hold.
            let rx = job_rx.lock().unwrap_or_else(|e| e.into_inner());
            while rx.try_recv().is_ok() {}
        }
        outcome
    });
    outcome?;
    Ok(slots.into_iter().map(|s| s.expect("every item was built")).collect())
}

/// Run core work `f`: the GIL released meanwhile; a core error becomes its Python class
/// ([`crate::error::to_py_err`]); a panic (a bug) becomes `GongwenError` instead of unwinding into the
/// interpreter; a Ctrl-C (SIGINT) received meanwhile raises `KeyboardInterrupt` (or whatever the
/// Python signal handler raises) as soon as the work is done, and its result is dropped. Every
/// binding function that does work goes through it, or through [`guarded`].
pub(crate) fn enter<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce() -> gongwen_core::Result<T> + Send,
{
    let result = py.allow_threads(|| catch_unwind(AssertUnwindSafe(f)));
    settle(py, result.map(|r| r.map_err(Failure::Core)))
}

/// [`enter`] for work that must hold the GIL (it calls back into Python or builds Python
/// objects): `f` fails with a core error or a Python exception ([`Failure`]; `?` converts
/// either), mapped, panics caught and Ctrl-C checked as [`enter`] does.
pub(crate) fn guarded<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    F: FnOnce() -> Result<T, Failure>,
{
    settle(py, catch_unwind(AssertUnwindSafe(f)))
}

/// The one place where work's outcome becomes Python's: a pending signal first, then the
/// error mapped (through `From<Failure> for PyErr`, i.e. [`crate::error::to_py_err`]) or the panic reported.
fn settle<T>(py: Python<'_>, result: std::thread::Result<Result<T, Failure>>) -> PyResult<T> {
    py.check_signals()?;
    match result {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.into()),
        Err(panic) => Err(internal_error(panic_message(&*panic))),
    }
}

/// A `TypeError` naming the argument and the type it got, unless `obj` is a `str`.
pub(crate) fn check_str(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<()> {
    as_str_obj(obj, what).map(|_| ())
}

/// `obj` as a `str`, or a `TypeError` naming the argument and the type it got.
fn as_str_obj<'a, 'py>(obj: &'a Bound<'py, PyAny>, what: &str) -> PyResult<&'a Bound<'py, PyString>> {
    obj.downcast::<PyString>().map_err(|_| {
        let ty = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        PyTypeError::new_err(format!("{what} must be str, not {ty}"))
    })
}

/// The `ValueError` for a lone surrogate at `pos` of argument `what`.
fn surrogate_error(what: &str, pos: usize) -> PyErr {
    PyValueError::new_err(format!(
        "{what} contains a lone surrogate at position {pos}; it has no UTF-8 form \
         (decode the source with errors='replace' or fix it upstream)"
    ))
}

/// The UTF-8 text of a Python `str`: `TypeError` for anything else, `ValueError` naming the
/// position of a lone surrogate (which has no UTF-8 form).
pub(crate) fn text<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Cow<'a, str>> {
    let s = as_str_obj(obj, what)?;
    utf8(s).map_err(|err| {
        let py = obj.py();
        if err.is_instance_of::<PyUnicodeEncodeError>(py) {
            let start = err
                .value(py)
                .getattr("start")
                .and_then(|v| v.extract::<usize>())
                .unwrap_or(0);
            surrogate_error(what, start)
        } else {
            err
        }
    })
}

/// The UTF-8 form of `s`, borrowed from the `str` object where the interpreter can provide it.
///
/// The limited API of CPython 3.9 (our abi3 floor) only offers `PyUnicode_AsUTF8String`, a
/// fresh `bytes` object that PyO3 then copies again. `PyUnicode_AsUTF8AndSize` has been in every
/// CPython 3 (and in the limited API since 3.10): it encodes once and caches the result in the
/// `str` object, which is how non-abi3 extensions (zhconv-rs, rjieba) read text. It is not
/// exported by `python3.dll` before 3.10, hence the Windows fallback.
#[cfg(not(windows))]
fn utf8<'a>(s: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, str>> {
    use std::os::raw::c_char;
    extern "C" {
        fn PyUnicode_AsUTF8AndSize(
            unicode: *mut pyo3::ffi::PyObject,
            size: *mut pyo3::ffi::Py_ssize_t,
        ) -> *const c_char;
    }
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    // SAFETY: `s` is a live `str`; the returned buffer belongs to it and lives as long as it,
    // which `'a` ties to the borrow of `s`. It is valid UTF-8 by contract.
    unsafe {
        let data = PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut size);
        if data.is_null() {
            return Err(PyErr::fetch(s.py()));
        }
        let bytes = std::slice::from_raw_parts(data as *const u8, size as usize);
        Ok(Cow::Borrowed(std::str::from_utf8_unchecked(bytes)))
    }
}

#[cfg(windows)]
fn utf8<'a>(s: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, str>> {
    s.to_cow()
}

extern "C" {
    // Both in the stable ABI since 3.3 / 3.2, not declared by pyo3-ffi for abi3 builds.
    fn PyUnicode_AsUCS4(
        unicode: *mut pyo3::ffi::PyObject,
        buffer: *mut u32,
        buflen: pyo3::ffi::Py_ssize_t,
        copy_null: std::os::raw::c_int,
    ) -> *mut u32;
    fn PyUnicode_DecodeUTF32(
        s: *const std::os::raw::c_char,
        size: pyo3::ffi::Py_ssize_t,
        errors: *const std::os::raw::c_char,
        byteorder: *mut std::os::raw::c_int,
    ) -> *mut pyo3::ffi::PyObject;
}

/// The characters of a Python `str`, copied straight from its code points: conversion works on
/// characters, so this avoids encoding to UTF-8 and decoding it again. `TypeError` for a
/// non-`str`, `ValueError` naming the position of a lone surrogate.
pub(crate) fn chars(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<char>> {
    let s = as_str_obj(obj, what)?;
    let n = unsafe { pyo3::ffi::PyUnicode_GetLength(s.as_ptr()) };
    if n < 0 {
        return Err(PyErr::fetch(obj.py()));
    }
    let mut buf: Vec<u32> = vec![0; n as usize];
    if n > 0 {
        // SAFETY: `buf` holds exactly `n` code points, the length of `s`; no NUL is appended.
        let r = unsafe { PyUnicode_AsUCS4(s.as_ptr(), buf.as_mut_ptr(), n, 0) };
        if r.is_null() {
            return Err(PyErr::fetch(obj.py()));
        }
    }
    if let Some(pos) = buf.iter().position(|&c| char::from_u32(c).is_none()) {
        return Err(surrogate_error(what, pos));
    }
    // SAFETY: every element was just checked to be a valid `char`, which has u32's layout.
    let mut buf = std::mem::ManuallyDrop::new(buf);
    Ok(unsafe { Vec::from_raw_parts(buf.as_mut_ptr() as *mut char, buf.len(), buf.capacity()) })
}

/// A Python `str` from characters (the reverse of [`chars`]).
pub(crate) fn str_from_chars<'py>(py: Python<'py>, text: &[char]) -> PyResult<Bound<'py, PyString>> {
    // Explicit byte order, so that a leading U+FEFF is kept as a character, not read as a BOM.
    let mut order: std::os::raw::c_int = if cfg!(target_endian = "little") { -1 } else { 1 };
    // SAFETY: `text` is valid UTF-32 in native order for `4 * len` bytes.
    unsafe {
        let ptr = PyUnicode_DecodeUTF32(
            text.as_ptr() as *const std::os::raw::c_char,
            (text.len() * 4) as pyo3::ffi::Py_ssize_t,
            std::ptr::null(),
            &mut order,
        );
        Bound::from_owned_ptr_or_err(py, ptr).map(|b| b.downcast_into_unchecked())
    }
}

/// Every item of an iterable of `str`, with the index of a bad item in the error.
pub(crate) fn texts<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str, not a single str (wrap it in a list)",
        ));
    }
    obj.try_iter()
        .map_err(|_| PyTypeError::new_err("texts must be an iterable of str"))?
        .collect()
}

pub(crate) fn extract_all<'a>(items: &'a [Bound<'_, PyAny>]) -> PyResult<Vec<Cow<'a, str>>> {
    items
        .iter()
        .enumerate()
        .map(|(i, t)| text(t, &format!("texts[{i}]")))
        .collect()
}

/// A Python `array.array` of `typecode` holding `data`'s native-endian bytes.
pub(crate) fn array<'py, T: Copy>(py: Python<'py>, typecode: &str, data: &[T]) -> PyResult<Bound<'py, PyAny>> {
    static ARRAY: GILOnceCell<Py<PyAny>> = GILOnceCell::new();
    let ctor = ARRAY.get_or_try_init(py, || -> PyResult<_> {
        Ok(py.import("array")?.getattr("array")?.unbind())
    })?;
    // SAFETY: T is a plain integer type (u32/u64) without padding; viewing it as bytes is sound.
    let bytes = unsafe { std::slice::from_raw_parts(data.as_ptr() as *const u8, std::mem::size_of_val(data)) };
    ctor.bind(py).call1((typecode, PyBytes::new(py, bytes)))
}
