//! Running work across cores, and locking, in ways that survive `fork()`.
//!
//! Python users fork all the time (`multiprocessing`, gunicorn, Ray workers), often while other
//! threads are busy. A child process has only the thread that forked, so anything another
//! thread held at that moment stays held forever in the child:
//!
//! - A rayon pool's threads do not survive `fork()`: a child that used an inherited pool would
//!   wait forever for workers that do not exist. The pool remembers the process that built it,
//!   and a child builds its own on first use.
//! - A lock held by another thread would never be released. `ForkLock` records the process
//!   that holds it, so that a child can take over a lock its parent's threads held, where that
//!   is safe.
//!
//! There is one pool per process, as large as the largest thread count asked for so far; a
//! call that asks for fewer threads runs that many jobs on it, so `threads=2..32` leaves 32
//! worker threads, not 2 + 3 + ... + 32.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rayon::{ThreadPool, ThreadPoolBuilder};

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

// ---------------------------------------------------------------------------------- locks

/// What a holder of a [`ForkLock`] does while it holds it, which decides what a child process
/// may do with a lock its parent's thread held at the fork.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hold {
    /// Nothing a fork can leave half done: reading or replacing one pointer, or work on data
    /// no one else sees. A child takes the lock over.
    Consistent,
    /// Changing shared data in place. A child that finds the lock held so cannot use the data.
    Mutating,
}

/// A lock that records the process of its holder (`pid << 1 | mutating`, 0 when free).
///
/// The state lives in this process's memory, so a holder of another process can only be a
/// thread of an ancestor that held it at the `fork()`: that thread does not exist here and will
/// never release it. A [`Hold::Consistent`] hold is then taken over; a [`Hold::Mutating`] one
/// is a panic with an explanation instead of a hang.
///
/// Waiters spin briefly, then yield, then sleep (up to a millisecond), so the lock suits both
/// the nanosecond holds of a pointer swap and holds of seconds.
pub(crate) struct ForkLock {
    state: AtomicU64,
}

/// Releases a [`ForkLock`] when dropped.
pub(crate) struct ForkGuard<'a> {
    lock: &'a ForkLock,
    state: u64,
}

impl Drop for ForkGuard<'_> {
    fn drop(&mut self) {
        // No other thread of this process takes a lock over, so it is still ours.
        debug_assert_eq!(self.lock.state.load(Ordering::Relaxed), self.state);
        self.lock.state.store(0, Ordering::Release);
    }
}

impl ForkLock {
    pub(crate) const fn new() -> Self {
        ForkLock {
            state: AtomicU64::new(0),
        }
    }

    /// Wait for the lock and take it for a hold of kind `hold`.
    pub(crate) fn lock(&self, hold: Hold) -> ForkGuard<'_> {
        let pid = u64::from(std::process::id());
        let mine = pid << 1 | u64::from(hold == Hold::Mutating);
        let mut waits = 0u32;
        loop {
            let seen = match self
                .state
                .compare_exchange_weak(0, mine, Ordering::Acquire, Ordering::Relaxed)
            {
                Ok(_) => {
                    return ForkGuard {
                        lock: self,
                        state: mine,
                    }
                }
                Err(seen) => seen,
            };
            if seen != 0 && seen >> 1 != pid {
                // Held at the fork by a thread of the parent, which does not exist here.
                assert!(
                    seen & 1 == 0,
                    "gongwen: this process was forked while another thread was changing a \
                     segmenter's dictionary in place; that segmenter cannot be used in the child \
                     (fork from Python, which holds the GIL during such changes, or fork first)"
                );
                if self
                    .state
                    .compare_exchange(seen, mine, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
                {
                    return ForkGuard {
                        lock: self,
                        state: mine,
                    };
                }
                continue;
            }
            backoff(&mut waits);
        }
    }
}

/// One wait of a lock's waiter: spin, then yield, then sleep longer and longer (up to 1 ms).
fn backoff(waits: &mut u32) {
    *waits += 1;
    match *waits {
        0..=63 => std::hint::spin_loop(),
        64..=127 => std::thread::yield_now(),
        n => std::thread::sleep(Duration::from_micros(u64::from((n - 127).min(100)) * 10)),
    }
}

/// A value behind a [`ForkLock`].
pub(crate) struct ForkMutex<T> {
    lock: ForkLock,
    value: std::cell::UnsafeCell<T>,
}

// SAFETY: access to `value` goes through `with`, which holds the lock; a lock taken over after
// a fork is one whose holder does not exist in this process any more.
unsafe impl<T: Send> Sync for ForkMutex<T> {}
unsafe impl<T: Send> Send for ForkMutex<T> {}

impl<T> ForkMutex<T> {
    pub(crate) const fn new(value: T) -> Self {
        ForkMutex {
            lock: ForkLock::new(),
            value: std::cell::UnsafeCell::new(value),
        }
    }

    /// `f(&mut value)` under the lock, declared as `hold`. `f` must not lock this again, and
    /// with [`Hold::Consistent`] it must leave the value whole at every instant (one pointer
    /// read or written), since a child may take the lock over at any instant.
    pub(crate) fn with<R>(&self, hold: Hold, f: impl FnOnce(&mut T) -> R) -> R {
        let _guard = self.lock.lock(hold);
        // SAFETY: the lock is held, so no other live thread of this process accesses the value.
        f(unsafe { &mut *self.value.get() })
    }
}

// ---------------------------------------------------------------------------------- pools

/// The process's pool: its owner process, its size, the pool.
type PoolSlot = Option<(u32, usize, Arc<ThreadPool>)>;

static POOL: ForkMutex<PoolSlot> = ForkMutex::new(None);

/// The process's pool, with at least `threads` threads.
fn pool(threads: usize) -> Arc<ThreadPool> {
    let pid = std::process::id();
    let current = POOL.with(Hold::Consistent, |slot| match slot {
        Some((owner, size, pool)) if *owner == pid => Ok((*size, pool.clone())),
        _ => Err(0),
    });
    let floor = match current {
        Ok((size, pool)) if size >= threads => return pool,
        Ok((size, _)) => size,
        Err(_) => 0,
    };
    // Started outside the lock: starting threads takes a while, and a fork meanwhile must not
    // find the lock held.
    let size = threads.max(floor);
    let built = Arc::new(
        ThreadPoolBuilder::new()
            .num_threads(size)
            .thread_name(|i| format!("gongwen-{i}"))
            .build()
            .expect("cannot start worker threads"),
    );
    let (chosen, replaced) = POOL.with(Hold::Consistent, |slot| match slot {
        // Another call installed one large enough meanwhile: use it, drop ours.
        Some((owner, have, pool)) if *owner == pid && *have >= size => (pool.clone(), None),
        _ => (built.clone(), slot.replace((pid, size, built))),
    });
    if let Some((owner, _, stale)) = replaced {
        if owner != pid {
            // Inherited across fork: its threads are gone, so it must be neither used nor
            // dropped (dropping would signal workers that do not exist).
            std::mem::forget(stale);
        }
        // A smaller pool of this process stops its threads once its last user is done.
    }
    chosen
}

/// Run `work(worker)` for `k` workers at once on the process's pool, and wait for them.
fn on_workers(k: usize, work: impl Fn() + Sync) {
    pool(k).scope(|s| {
        for _ in 0..k {
            s.spawn(|_| work());
        }
    });
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
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    on_workers(threads.min(items.len()), || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            mine.push((i, f(item)));
        }
        done.lock().unwrap_or_else(|e| e.into_inner()).extend(mine);
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Call `f(i, &items[i])` for every item on `threads` threads, in no particular order; for
/// callers that consume results as they come (the Python binding turns finished documents into
/// Python objects while the others are still being processed).
pub fn for_each_unordered<T, F>(items: &[T], threads: usize, f: F)
where
    T: Sync,
    F: Fn(usize, &T) + Sync + Send,
{
    if threads <= 1 || items.len() <= 1 {
        items.iter().enumerate().for_each(|(i, t)| f(i, t));
        return;
    }
    let next = AtomicUsize::new(0);
    on_workers(threads.min(items.len()), || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(item) = items.get(i) else { break };
        f(i, item);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order() {
        let v: Vec<u32> = (0..1000).collect();
        for threads in [2, 3, 8] {
            assert_eq!(
                map_ordered(&v, threads, |x| x * 2),
                v.iter().map(|x| x * 2).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn zero_threads_is_an_error() {
        assert!(resolve_threads(Some(0)).is_err());
    }

    #[test]
    fn every_item_once_on_at_most_the_threads_asked() {
        let v: Vec<usize> = (0..500).collect();
        for threads in [2, 5] {
            let seen: Vec<AtomicUsize> = (0..v.len()).map(|_| AtomicUsize::new(0)).collect();
            let running = AtomicUsize::new(0);
            let most = AtomicUsize::new(0);
            for_each_unordered(&v, threads, |i, &x| {
                assert_eq!(i, x);
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_micros(50));
                seen[i].fetch_add(1, Ordering::SeqCst);
                running.fetch_sub(1, Ordering::SeqCst);
            });
            assert!(seen.iter().all(|s| s.load(Ordering::SeqCst) == 1));
            assert!(most.load(Ordering::SeqCst) <= threads);
        }
        // The larger pool serves the smaller request.
        assert!(pool(2).current_num_threads() >= 5);
    }

    #[test]
    fn a_lock_held_by_another_process_is_taken_over_when_consistent() {
        let lock = ForkLock::new();
        let other = u64::from(std::process::id()).wrapping_add(1) & 0xFFFF_FFFF;
        lock.state.store(other << 1, Ordering::SeqCst);
        drop(lock.lock(Hold::Consistent));
        assert_eq!(lock.state.load(Ordering::SeqCst), 0);
        lock.state.store(other << 1 | 1, Ordering::SeqCst);
        let taken = std::panic::catch_unwind(|| drop(lock.lock(Hold::Consistent)));
        assert!(taken.is_err(), "a half-done change must not be taken over");
    }

    #[test]
    fn lock_excludes_threads_of_this_process() {
        let m = ForkMutex::new(0u64);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..10_000 {
                        m.with(Hold::Mutating, |v| {
                            let x = *v;
                            std::hint::black_box(x);
                            *v = x + 1;
                        });
                    }
                });
            }
        });
        assert_eq!(m.with(Hold::Consistent, |v| *v), 40_000);
    }
}
