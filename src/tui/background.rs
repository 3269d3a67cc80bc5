//! Loads that take longer than a frame on a large plan (the risk register, the timeline, the
//! service desk's count) run on a thread with a read-only connection of their own, so keys
//! keep working; the view shows what it has, or says it is loading, until the result lands.

use std::path::Path;
use std::sync::mpsc::{Receiver, SendError, Sender, TryRecvError, channel};
use std::sync::{Mutex, PoisonError};

use crate::store::{OpenMode, Store};

/// A load handed to the worker.
type Job = Box<dyn FnOnce() + Send>;

/// The one worker thread every background load runs on, in turn. One thread, not one per
/// load: loads never run side by side (their memory peaks would add up), and the memory one
/// frees is reused by the next (the allocator keeps per-thread arenas, so short-lived threads
/// each left their own high-water mark behind).
fn submit(job: Job) {
    static WORKER: Mutex<Option<Sender<Job>>> = Mutex::new(None);
    let mut worker = WORKER.lock().unwrap_or_else(PoisonError::into_inner);
    let job = match worker.as_ref() {
        Some(queue) => match queue.send(job) {
            Ok(()) => return,
            // The worker is gone (it cannot be, jobs catch their panics; but if it were,
            // start another).
            Err(SendError(job)) => job,
        },
        None => job,
    };
    let (queue, jobs) = channel::<Job>();
    let started = std::thread::Builder::new()
        .name(THREAD_NAME.to_string())
        .spawn(move || {
            for job in jobs {
                job();
            }
        });
    // If no thread could start, the job (and its sender) is dropped here and the load's
    // `take` reports it.
    if started.is_ok() && queue.send(job).is_ok() {
        *worker = Some(queue);
    }
}

/// The name of every background load's thread (the app's panic hook knows it).
pub const THREAD_NAME: &str = "workplan-load";

/// The text a panic carried.
fn message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Sizes from which loads go to the background (below them a load takes a few milliseconds
/// and runs in line, so small plans never flicker).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackgroundFrom {
    /// Projects (highest id): the risk register and the timeline grow with them.
    pub projects: i64,
    /// Cases (highest id): the service desk's count.
    pub cases: i64,
}

impl BackgroundFrom {
    pub const DEFAULT: BackgroundFrom = BackgroundFrom {
        projects: 2_000,
        cases: 20_000,
    };
    /// Every load in the background (tests).
    pub const ALWAYS: BackgroundFrom = BackgroundFrom {
        projects: 0,
        cases: 0,
    };
}

impl Default for BackgroundFrom {
    fn default() -> Self {
        BackgroundFrom::DEFAULT
    }
}

/// Whether a load whose size is `size` should run in the background from `threshold`. An
/// in-memory store cannot be opened from another thread, so it always loads in line.
pub fn in_background(store: &Store, size: i64, threshold: i64) -> bool {
    store.path() != Path::new(":memory:") && size >= threshold
}

/// One background load of a `T`, and whether the data changed while it ran.
pub struct Pending<T> {
    receiver: Option<Receiver<Result<T, String>>>,
    stale: bool,
}

impl<T> Default for Pending<T> {
    fn default() -> Self {
        Pending {
            receiver: None,
            stale: false,
        }
    }
}

impl<T: Send + 'static> Pending<T> {
    pub fn is_running(&self) -> bool {
        self.receiver.is_some()
    }

    /// The data changed after this load began: its result is shown, and it runs again.
    pub fn mark_stale(&mut self) {
        self.stale = true;
    }

    /// Run `work` on the background worker against its own read-only connection to `path`.
    /// A panic in it becomes an error message (the app's panic hook leaves the worker alone,
    /// so the terminal stays as it is); a worker that cannot start reads as "could not be
    /// loaded".
    pub fn start<E: std::fmt::Display>(
        &mut self,
        path: &Path,
        work: impl FnOnce(&Store) -> Result<T, E> + Send + 'static,
    ) {
        let path = path.to_path_buf();
        let (sender, receiver) = channel();
        submit(Box::new(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                #[cfg(debug_assertions)]
                if std::env::var("WORKPLAN_DEBUG_PANIC").as_deref() == Ok("load") {
                    panic!("WORKPLAN_DEBUG_PANIC=load: a load panicking on purpose");
                }
                Store::open(&path, OpenMode::ReadOnly)
                    .map_err(|e| e.to_string())
                    .and_then(|own| work(&own).map_err(|e| e.to_string()))
            }))
            .unwrap_or_else(|panic| Err(format!("a background load failed: {}", message(&panic))));
            // The app may have quit meanwhile; then nobody listens, which is fine.
            let _ = sender.send(result);
        }));
        self.receiver = Some(receiver);
    }

    /// The result once it has arrived, with whether to load again (the data changed while
    /// it ran). `what` names the load in the message if its thread died.
    pub fn take(&mut self, what: &str) -> Option<(Result<T, String>, bool)> {
        let result = match self.receiver.as_ref()?.try_recv() {
            Err(TryRecvError::Empty) => return None,
            Ok(result) => result,
            Err(TryRecvError::Disconnected) => Err(format!("{what} could not be loaded")),
        };
        self.receiver = None;
        Some((result, std::mem::take(&mut self.stale)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The result and whether to load again, once it lands.
    fn wait<T: Send + 'static>(pending: &mut Pending<T>) -> (Result<T, String>, bool) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if let Some(done) = pending.take("the test load") {
                return done;
            }
            assert!(std::time::Instant::now() < deadline, "no result");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    fn file() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        Store::open(&path, OpenMode::CreateIfMissing).unwrap();
        (dir, path)
    }

    #[test]
    fn a_load_returns_its_result_and_a_change_while_it_ran_asks_for_another() {
        let (_dir, path) = file();
        let mut pending: Pending<i64> = Pending::default();
        pending.start(&path, |store: &Store| store.case_high_water());
        assert!(pending.is_running());
        pending.mark_stale();
        let (result, again) = wait(&mut pending);
        assert_eq!(result, Ok(0));
        assert!(again);
        assert!(!pending.is_running());
    }

    #[test]
    fn a_panicking_load_is_an_error_message_not_a_crash() {
        let (_dir, path) = file();
        let mut pending: Pending<i64> = Pending::default();
        pending.start(&path, |_: &Store| -> Result<i64, String> {
            panic!("deliberately broken load")
        });
        let (result, again) = wait(&mut pending);
        assert!(!again);
        assert_eq!(
            result,
            Err("a background load failed: deliberately broken load".to_string())
        );
    }

    #[test]
    fn a_missing_file_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let mut pending: Pending<i64> = Pending::default();
        pending.start(&dir.path().join("gone.db"), |store: &Store| {
            store.case_high_water()
        });
        let message = wait(&mut pending).0.unwrap_err();
        assert!(message.contains("gone.db"), "{message}");
    }
}
