//! Progress bars for long commands, drawn on a terminal only so scripts see the same output.

use std::borrow::Cow;
use std::io::{IsTerminal, Read};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// How often the bar is redrawn (its rate and time left move even while the work waits).
const TICK: Duration = Duration::from_millis(120);

/// A stage whose size is not known: a spinner and what is being done.
const SPINNER: &str = "{spinner} {msg} {elapsed}";
/// Bytes of a file of known size.
const BYTES: &str =
    "{msg} {wide_bar} {percent:>3}% {bytes}/{total_bytes}, {bytes_per_sec}, {eta} left";
/// Bytes of a stream of unknown size (a named pipe).
const BYTES_UNSIZED: &str = "{spinner} {msg} {bytes} read, {bytes_per_sec}";
/// Items of a known count; the word naming them goes between the two halves.
const ITEMS: [&str; 2] = [
    "{msg} {wide_bar} {percent:>3}% {human_pos}/{human_len} ",
    ", {per_sec:0}, {eta} left",
];
/// Items of an unknown count.
const ITEMS_UNSIZED: [&str; 2] = ["{spinner} {msg} {human_pos} ", ", {per_sec:0}"];

/// What a bar counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Bytes,
    /// Things counted one by one, named in the plural ("rows", "projects and cases").
    Items(&'static str),
}

/// Whether to draw progress at all: standard error is a terminal (and not `TERM=dumb`), and,
/// for a command whose output goes to standard output, that output is not on the terminal
/// too (a bar redrawn between the rows would garble them).
pub fn shown(writes_stdout: bool) -> bool {
    let dumb = std::env::var("TERM").is_ok_and(|term| term == "dumb");
    std::io::stderr().is_terminal() && !dumb && !(writes_stdout && std::io::stdout().is_terminal())
}

fn style(template: &str) -> ProgressStyle {
    // The templates are this file's constants (a test parses each); a spinner is the fallback.
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn items_style(halves: [&str; 2], word: &str) -> ProgressStyle {
    style(&[halves[0], word, halves[1]].concat())
}

/// Turn `bar` into a spinner saying `message` (the work left has no size to show).
fn to_stage(bar: &ProgressBar, message: Cow<'static, str>) {
    bar.set_style(style(SPINNER));
    bar.reset_elapsed();
    bar.set_message(message);
}

/// Progress on standard error, or nothing at all when it is not shown. Cleared when dropped,
/// so a summary line or an error printed next stands alone.
#[derive(Default)]
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A spinner saying `message` when `show` (see [`shown`]), else nothing.
    pub fn new(show: bool, message: impl Into<Cow<'static, str>>) -> Progress {
        if !show {
            return Progress::default();
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(style(SPINNER));
        bar.set_message(message);
        bar.enable_steady_tick(TICK);
        Progress { bar: Some(bar) }
    }

    /// From now on count `total` units from zero, saying `message` (a spinner with a running
    /// count when the total is not known).
    pub fn count(&self, message: impl Into<Cow<'static, str>>, total: Option<u64>, unit: Unit) {
        let Some(bar) = &self.bar else {
            return;
        };
        bar.reset();
        bar.set_message(message);
        let chosen = match (total, unit) {
            (Some(_), Unit::Bytes) => style(BYTES),
            (None, Unit::Bytes) => style(BYTES_UNSIZED),
            (Some(_), Unit::Items(word)) => items_style(ITEMS, word),
            (None, Unit::Items(word)) => items_style(ITEMS_UNSIZED, word),
        };
        bar.set_style(chosen);
        match total {
            Some(total) => bar.set_length(total),
            None => bar.unset_length(),
        }
    }

    /// `n` more units done.
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// A stage whose size is not known (saving, writing a workbook): a spinner saying `message`.
    pub fn stage(&self, message: impl Into<Cow<'static, str>>) {
        if let Some(bar) = &self.bar {
            to_stage(bar, message.into());
        }
    }

    /// `inner`, counting its bytes on this bar; when it ends the bar becomes the stage `then`.
    pub fn reading<R: Read>(&self, inner: R, then: impl Into<Cow<'static, str>>) -> Reading<R> {
        Reading {
            inner,
            bar: self.bar.clone(),
            then: Some(then.into()),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A reader that moves a [`Progress`] on by the bytes read through it.
pub struct Reading<R> {
    inner: R,
    bar: Option<ProgressBar>,
    /// The stage shown once the input ends (taken then).
    then: Option<Cow<'static, str>>,
}

impl<R: Read> Read for Reading<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(bar) = &self.bar {
            if n > 0 {
                bar.inc(n as u64);
            } else if !buf.is_empty()
                && let Some(then) = self.then.take()
            {
                to_stage(bar, then);
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses() {
        for template in [SPINNER, BYTES, BYTES_UNSIZED] {
            assert!(ProgressStyle::with_template(template).is_ok(), "{template}");
        }
        for halves in [ITEMS, ITEMS_UNSIZED] {
            let template = [halves[0], "rows", halves[1]].concat();
            assert!(
                ProgressStyle::with_template(&template).is_ok(),
                "{template}"
            );
        }
    }

    #[test]
    fn progress_not_shown_draws_nothing_and_reads_every_byte() {
        let progress = Progress::new(false, "Reading");
        assert!(progress.bar.is_none());
        progress.count("Reading", Some(11), Unit::Bytes);
        progress.inc(3);
        progress.stage("Saving");
        let mut text = String::new();
        progress
            .reading("hello world".as_bytes(), "Saving")
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "hello world");
    }
}
