//! Running work across cores: rayon pools owned by gongwen, safe to use after `fork`.
//!
//! A rayon pool's threads do not survive `fork()`: a child process that used an inherited pool
//! would wait forever for workers that do not exist. Python users fork all the time
//! (`multiprocessing`, gunicorn, Ray workers), so every pool remembers the process that built
//! it and a child builds its own on first use. Pools are cached per thread count.

use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use rayon::{ThreadPool, ThreadPoolBuilder};
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};

/// Environment variable that sets the default number of threads.
pub const NUM_THREADS_ENV: &str = "GONGWEN_NUM_THREADS";

/// The number of threads used when a call does not say: `GONGWEN_NUM_THREADS` if set to a
/// positive integer, else the number of CPUs this process may use.
pub fn default_threads() -> usize {
    std::env::var(NUM_THREADS_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Resolve a caller's `threads` argument.
pub fn resolve_threads(threads: Option<usize>) -> Result<usize> {
    match threads {
        Some(0) => Err(Error::InvalidArgument("threads must be at least 1".into())),
        Some(n) => Ok(n),
        None => Ok(default_threads()),
    }
}

/// Pools by thread count, each with the id of the process that started its threads.
type Pools = FxHashMap<usize, (u32, Arc<ThreadPool>)>;

fn pool(threads: usize) -> Arc<ThreadPool> {
    static POOLS: OnceLock<Mutex<Pools>> = OnceLock::new();
    let pid = std::process::id();
    let mut pools = POOLS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some((owner, pool)) = pools.get(&threads) {
        if *owner == pid {
            return pool.clone();
        }
    }
    if let Some((_, stale)) = pools.remove(&threads) {
        // Inherited across fork: its threads are gone, so it must be neither used nor dropped
        // (dropping would signal workers that do not exist).
        std::mem::forget(stale);
    }
    let pool = Arc::new(
        ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("gongwen-{i}"))
            .build()
            .expect("cannot start worker threads"),
    );
    pools.insert(threads, (pid, pool.clone()));
    pool
}

/// `items.map(f)` in input order, on `threads` threads (sequentially for 1).
pub fn map_ordered<T, R, F>(items: &[T], threads: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    if threads <= 1 || items.len() <= 1 {
        return items.iter().map(f).collect();
    }
    pool(threads).install(|| items.par_iter().with_min_len(1).map(f).collect())
}

/// Call `f(i, &items[i])` for every item on `threads` threads, in no particular order; for
/// callers that consume results as they come (the Python binding turns finished documents into
/// Python objects while the others are still being processed).
pub fn for_each_unordered<T, F>(items: &[T], threads: usize, f: F)
where
    T: Sync,
    F: Fn(usize, &T) + Sync + Send,
{
    if threads <= 1 {
        items.iter().enumerate().for_each(|(i, t)| f(i, t));
        return;
    }
    pool(threads).install(|| items.par_iter().enumerate().for_each(|(i, t)| f(i, t)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order() {
        let v: Vec<u32> = (0..1000).collect();
        assert_eq!(
            map_ordered(&v, 2, |x| x * 2),
            v.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
    }

    #[test]
    fn zero_threads_is_an_error() {
        assert!(resolve_threads(Some(0)).is_err());
    }
}
