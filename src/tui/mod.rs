//! The interactive app: one synchronous Elm-style loop. Draw `view(&app)`, read a key,
//! resolve it to an action, `update` the model, run the effects it asks for against the store.
//! Only this file touches the terminal.

pub mod app;
pub mod background;
pub mod cursor;
pub use screens::desk;
pub mod detail;
mod editor;
pub mod effect;
pub mod forms;
pub mod keymap;
pub mod message;
pub use screens::timeline::lists;
mod memory;
pub mod overlays;
pub mod prelude;
pub mod runtime;
mod signals;
pub use screens::risks;
pub mod screens;
pub mod theme;
pub mod undo;
pub mod update;
pub mod views;

use std::io;
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};
use ratatui::Terminal;
use ratatui::backend::Backend;

use app::App;
pub use runtime::{Runtime, describe_changes};
use signals::EndingSignals;
use update::Effect;

use crate::store::Store;

/// Draw once and handle one key: what tests drive on a `TestBackend`, and what the loop runs.
pub fn step<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    runtime: &mut Runtime,
    event: Option<Event>,
) -> Result<(), B::Error> {
    if let Some(Event::Key(key)) = event
        && key.kind == KeyEventKind::Press
    {
        let effects = update::handle_key(app, key);
        runtime.run(app, effects);
    }
    runtime.poll(app);
    draw(terminal, app)
}

pub fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> Result<(), B::Error> {
    let size = terminal.size()?;
    app.page_height = views::list_height(size.height);
    app.chart_width = screens::timeline::chart_width(size.width);
    app.screen_width = size.width;
    terminal.draw(|frame| views::draw(frame, app)).map(|_| ())
}

/// The longest the loop waits for a key before it looks for other users' changes (well
/// inside the 2 seconds promised) and for a signal to end on.
const WATCH_INTERVAL: Duration = Duration::from_millis(250);

/// Restores the terminal however the loop ends (the panic hook covers panics).
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Run the app in the real terminal until the user quits (or a signal ends it).
pub fn run(mut app: App, store: Store) -> io::Result<()> {
    let mut runtime = Runtime::new(store);
    runtime.start(&mut app);
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
                    runtime.run(&mut app, rest);
                    if !editor.is_empty() {
                        editor::edit_focused_field(&mut terminal, &mut app)?;
                    }
                    draw(&mut terminal, &mut app)?;
                }
                Event::Resize(_, _) => draw(&mut terminal, &mut app)?,
                _ => {}
            }
        }
        // Finished background loads, then other users' changes (read in without losing
        // the user's place).
        let arrived = runtime.poll(&mut app);
        if runtime.watch(&mut app) || arrived {
            draw(&mut terminal, &mut app)?;
        }
    }
    if let Some(signal) = signals.caught() {
        // Leave as a quit does (alternate screen left, raw mode off, cursor shown, database
        // closed), then end with the status a shell expects after that signal.
        drop(guard);
        drop(terminal);
        drop(runtime);
        std::process::exit(128_i32.saturating_add(signal));
    }
    Ok(())
}
