//! Ending the app from outside: SIGTERM, SIGHUP and SIGQUIT, and a terminal that hangs up.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// SIGTERM, SIGHUP and SIGQUIT end the app as quitting does: the loop sees the signal
/// between keys (never inside a write, and every write is one transaction), leaves, and the
/// terminal is restored before the process exits with 128 + the signal's number.
///
/// A watchdog makes sure it does end. When the terminal goes away (a closed window, a killed
/// tmux session) the app may get no signal at all, only the end of its input, on which
/// crossterm's reader spins without returning to the loop. So a thread watches for the
/// terminal hanging up, and for a signal the loop has not acted on within `GRACE`, and then
/// restores what it can and ends the process itself.
pub struct EndingSignals {
    caught: Arc<AtomicUsize>,
}

/// How long the loop has to leave after an ending signal before the watchdog ends it.
const GRACE: Duration = Duration::from_secs(2);

/// How often the watchdog looks.
const WATCHDOG_TICK: Duration = Duration::from_millis(250);

impl EndingSignals {
    pub fn watch() -> io::Result<EndingSignals> {
        let caught = Arc::new(AtomicUsize::new(0));
        #[cfg(unix)]
        {
            use signal_hook::consts::signal::{SIGHUP, SIGQUIT, SIGTERM};
            let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGQUIT])?;
            let noted = Arc::clone(&caught);
            std::thread::Builder::new()
                .name("workplan-watchdog".into())
                .spawn(move || {
                    let mut first: Option<(i32, std::time::Instant)> = None;
                    loop {
                        for signal in signals.pending() {
                            match first {
                                // A second one: the user means it.
                                Some((earlier, _)) => end_now(earlier),
                                None => {
                                    noted.store(
                                        usize::try_from(signal).unwrap_or(1),
                                        Ordering::SeqCst,
                                    );
                                    first = Some((signal, std::time::Instant::now()));
                                }
                            }
                        }
                        if let Some((signal, at)) = first
                            && at.elapsed() > GRACE
                        {
                            end_now(signal);
                        }
                        if terminal_hung_up() {
                            end_now(SIGHUP);
                        }
                        std::thread::sleep(WATCHDOG_TICK);
                    }
                })?;
        }
        Ok(EndingSignals { caught })
    }

    /// The signal that asked the app to end, if one has.
    pub fn caught(&self) -> Option<i32> {
        match self.caught.load(Ordering::SeqCst) {
            0 => None,
            n => Some(i32::try_from(n).unwrap_or(i32::MAX)),
        }
    }
}

/// Restore what can be restored and end with the status a shell expects after `signal`.
fn end_now(signal: i32) -> ! {
    ratatui::restore();
    std::process::exit(128_i32.saturating_add(signal))
}

/// Whether the terminal on standard input has hung up (its window closed).
#[cfg(unix)]
fn terminal_hung_up() -> bool {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::empty())];
    let now = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    poll(&mut fds, Some(&now)).is_ok() && fds[0].revents().contains(PollFlags::HUP)
}
