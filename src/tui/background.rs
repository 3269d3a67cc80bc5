//! Loads that take longer than a frame on a large plan (the risk register, the timeline, the
//! service desk's count) run on a thread with a read-only connection of their own, so keys
//! keep working; the view shows what it has, or says it is loading, until the result lands.

use std::path::Path;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::store::{OpenMode, Store};

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

    /// Run `work` on a new thread against its own read-only connection to `path`.
    pub fn start<E: std::fmt::Display>(
        &mut self,
        path: &Path,
        work: impl FnOnce(&Store) -> Result<T, E> + Send + 'static,
    ) {
        let path = path.to_path_buf();
        let (sender, receiver) = channel();
        std::thread::spawn(move || {
            let result = Store::open(&path, OpenMode::ReadOnly)
                .map_err(|e| e.to_string())
                .and_then(|own| work(&own).map_err(|e| e.to_string()));
            // The app may have quit meanwhile; then nobody listens, which is fine.
            let _ = sender.send(result);
        });
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
