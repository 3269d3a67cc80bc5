//! The interactive app: one synchronous Elm-style loop. Draw `view(&app)`, read a key,
//! resolve it to an action, `update` the model, run the effects it asks for against the store.
//! Only this file touches the terminal.

pub mod app;
pub mod background;
pub mod cursor;
pub use screens::desk;
mod editor;
pub mod forms;
pub mod keymap;
pub use screens::timeline::lists;
mod loads;
pub mod overlays;
pub mod prelude;
pub use screens::risks;
pub mod screens;
pub mod theme;
pub mod update;
pub mod views;

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};
use ratatui::Terminal;
use ratatui::backend::Backend;

use app::{App, Screen};
pub use loads::poll_background;
use screens::desk::load_desk;
use screens::risks::load_risks;
use screens::timeline::load_timeline;
use update::Effect;

use crate::store::{Store, StoreError};

/// Run the effects `update` asked for, feeding results (or a message) back into the model.
pub fn run_effects(app: &mut App, store: &mut Store, effects: Vec<Effect>) {
    for effect in effects {
        let result = match effect {
            Effect::LoadPortfolio => screens::portfolio::load_portfolio(app, store),
            Effect::LoadProject(id) => screens::project::load_project(app, store, id),
            Effect::OpenMilestone { project, milestone } => {
                screens::project::load_project(app, store, project)
                    .map(|()| screens::project::select_milestone(app, milestone))
            }
            Effect::LoadTimeline => load_timeline(app, store),
            Effect::OpenForm(request) => forms::save::open_form(app, store, request),
            Effect::Write(write) => forms::save::write(app, store, write),
            Effect::Undo => forms::save::undo(app, store, true),
            Effect::Redo => forms::save::undo(app, store, false),
            Effect::Refresh => refresh(app, store),
            Effect::LoadHistory => screens::history::load_history(app, store),
            Effect::LoadRisks => load_risks(app, store),
            Effect::LoadDesk => load_desk(app, store, false),
            Effect::LoadReport => screens::report::load_report(app, store),
            Effect::WriteReport => screens::report::write_report(app, store),
            // Needs the terminal: the loop runs it; without one (tests) it cannot happen.
            Effect::ExternalEditor => {
                app.message = Some("$EDITOR needs a terminal".into());
                Ok(())
            }
        };
        if let Err(e) = result {
            app.message = Some(e.to_string());
        }
    }
}

/// Reload what is on screen, keeping the selection, scroll position, tab and any open form.
pub fn refresh(app: &mut App, store: &Store) -> Result<(), StoreError> {
    screens::portfolio::load_portfolio(app, store)?;
    if let Some(state) = app.project.as_ref() {
        let (id, tab, cursor, archived) = (
            state.project.id,
            state.tab,
            state.cursor,
            state.show_archived,
        );
        let selected = screens::project::selected_item(state);
        match screens::project::fetch_project(store, id, archived)? {
            Some(mut fresh) => {
                fresh.tab = tab;
                fresh.cursor = cursor;
                // Follow the selected milestone or risk if the reload moved it.
                if let Some(i) =
                    selected.and_then(|item| screens::project::position_of(&fresh, item))
                {
                    fresh.cursor.selected = i;
                }
                let (len, height) = (fresh.rows_in_tab(), app.page_height);
                fresh.cursor.keep_visible(len, height);
                app.project = Some(fresh);
            }
            None => {
                app.project = None;
                if app.screen == Screen::Project {
                    app.screen = Screen::Portfolio;
                }
            }
        }
    }
    if app.screen == Screen::Timeline || app.timeline.loaded_at.is_some() {
        load_timeline(app, store)?;
    }
    if app.screen == Screen::History {
        screens::history::load_history(app, store)?;
    }
    if app.screen == Screen::Risks || app.risks.loaded_at.is_some() {
        load_risks(app, store)?;
    }
    if app.screen == Screen::Desk || app.desk.loaded {
        load_desk(app, store, true)?;
    }
    Ok(())
}

/// Draw once and handle one key: what tests drive on a `TestBackend`, and what the loop runs.
pub fn step<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    store: &mut Store,
    event: Option<Event>,
) -> Result<(), B::Error> {
    if let Some(Event::Key(key)) = event
        && key.kind == KeyEventKind::Press
    {
        let effects = update::handle_key(app, key);
        run_effects(app, store, effects);
    }
    poll_background(app, store);
    draw(terminal, app)
}

pub fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> Result<(), B::Error> {
    let size = terminal.size()?;
    app.page_height = views::list_height(size.height);
    app.chart_width = screens::timeline::chart_width(size.width);
    terminal.draw(|frame| views::draw(frame, app)).map(|_| ())
}

/// Load the first screen's data.
pub fn start(app: &mut App, store: &mut Store) {
    run_effects(app, store, vec![Effect::LoadPortfolio]);
}

/// The longest the loop waits for a key before it looks for other users' changes (well
/// inside the 2 seconds promised) and for a signal to end on.
const WATCH_INTERVAL: Duration = Duration::from_millis(250);

/// The status bar's line about other users' changes: who changed what.
pub fn describe_changes(changes: &[crate::store::AuditEntry]) -> String {
    let Some(first) = changes.first() else {
        return "updated with changes saved by another user".to_string();
    };
    let what = if first.project_code.is_empty() {
        format!("{} {}", first.entity, first.field)
    } else {
        format!("{} {} {}", first.project_code, first.entity, first.field)
    };
    let more = changes.len() - 1;
    format!(
        "updated: {} changed {what}{}",
        first.user,
        if more > 0 {
            format!(
                " (and {more} more change{})",
                if more == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        }
    )
}

/// Restores the terminal however the loop ends (the panic hook covers panics).
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// SIGTERM, SIGHUP and SIGQUIT end the app as quitting does: the loop sees the signal
/// between keys (never inside a write, and every write is one transaction), leaves, and the
/// terminal is restored before the process exits with 128 + the signal's number.
///
/// A watchdog makes sure it does end. When the terminal goes away (a closed window, a killed
/// tmux session) the app may get no signal at all, only the end of its input, on which
/// crossterm's reader spins without returning to the loop. So a thread watches for the
/// terminal hanging up, and for a signal the loop has not acted on within `GRACE`, and then
/// restores what it can and ends the process itself.
struct EndingSignals {
    caught: Arc<AtomicUsize>,
}

/// How long the loop has to leave after an ending signal before the watchdog ends it.
const GRACE: Duration = Duration::from_secs(2);
/// How often the watchdog looks.
const WATCHDOG_TICK: Duration = Duration::from_millis(250);

impl EndingSignals {
    fn watch() -> io::Result<EndingSignals> {
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
    fn caught(&self) -> Option<i32> {
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

/// Run the app in the real terminal until the user quits (or a signal ends it).
pub fn run(mut app: App, mut store: Store) -> io::Result<()> {
    start(&mut app, &mut store);
    let signals = EndingSignals::watch()?;
    let mut terminal = ratatui::try_init()?;
    let guard = TerminalGuard;
    // ratatui's hook restores the terminal on a panic. A background load's panic is caught
    // and shown as a message while the app goes on, so it must not touch the terminal.
    let restore_on_panic = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(background::THREAD_NAME) {
            restore_on_panic(info);
        }
    }));
    // Debug builds only: `WORKPLAN_DEBUG_PANIC=load` sends every load to the background and
    // makes it panic (tests prove the app carries on); any other value panics here.
    #[cfg(debug_assertions)]
    if std::env::var("WORKPLAN_DEBUG_PANIC").as_deref() == Ok("load") {
        app.background = background::BackgroundFrom::ALWAYS;
    } else if std::env::var_os("WORKPLAN_DEBUG_PANIC").is_some() {
        // A debug-only way to prove the terminal is restored after a panic (tests use it).
        draw(&mut terminal, &mut app)?;
        panic!("WORKPLAN_DEBUG_PANIC is set: panicking on purpose");
    }
    draw(&mut terminal, &mut app)?;
    let mut seen_version = store.data_version().ok();
    let mut seen_audit = store.latest_audit_id().unwrap_or(0);
    while !app.quit && signals.caught().is_none() {
        // Poll briskly while something loads in the background, so it shows promptly.
        let wait = if app.loading() {
            Duration::from_millis(50)
        } else {
            WATCH_INTERVAL
        };
        if event::poll(wait)? {
            match event::read()? {
                Event::Key(key) if key.kind == KeyEventKind::Press => {
                    let effects = update::handle_key(&mut app, key);
                    let (editor, rest): (Vec<_>, Vec<_>) = effects
                        .into_iter()
                        .partition(|e| *e == Effect::ExternalEditor);
                    run_effects(&mut app, &mut store, rest);
                    if !editor.is_empty() {
                        editor::edit_focused_field(&mut terminal, &mut app)?;
                    }
                    draw(&mut terminal, &mut app)?;
                }
                Event::Resize(_, _) => draw(&mut terminal, &mut app)?,
                _ => {}
            }
        }
        if poll_background(&mut app, &mut store) {
            draw(&mut terminal, &mut app)?;
        }
        // Another user's commit changes the data version: reload without losing our place.
        let version = store.data_version().ok();
        if version != seen_version {
            seen_version = version;
            let changes = store.audit_after(seen_audit, 100).unwrap_or_default();
            if let Some(last) = changes.last() {
                seen_audit = last.id;
            }
            match refresh(&mut app, &store) {
                Ok(()) => app.message = Some(describe_changes(&changes)),
                Err(e) => app.message = Some(e.to_string()),
            }
            draw(&mut terminal, &mut app)?;
        } else if !app.undo.is_empty() || !app.redo.is_empty() {
            // Our own writes do not change our data version; keep the audit mark current so
            // they are not announced as someone else's.
            if let Ok(latest) = store.latest_audit_id() {
                seen_audit = latest;
            }
        }
    }
    if let Some(signal) = signals.caught() {
        // Leave as a quit does (alternate screen left, raw mode off, cursor shown, database
        // closed), then end with the status a shell expects after that signal.
        drop(guard);
        drop(terminal);
        drop(store);
        std::process::exit(128_i32.saturating_add(signal));
    }
    Ok(())
}
