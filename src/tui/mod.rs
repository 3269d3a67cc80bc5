//! The interactive app: one synchronous Elm-style loop. Draw `view(&app)`, read a key,
//! resolve it to an action, `update` the model, run the effects it asks for against the store.
//! Only this file touches the terminal.

pub mod app;
pub mod keymap;
pub mod lists;
pub mod search;
pub mod theme;
pub mod update;
pub mod views;

use std::io;
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};
use ratatui::Terminal;
use ratatui::backend::Backend;

use app::{App, ProjectState, Screen, Tab};
use update::Effect;

use crate::store::{Store, StoreError};

/// How many audit rows the History tab loads.
const HISTORY_LIMIT: usize = 500;

/// Run the effects `update` asked for, feeding results (or a message) back into the model.
pub fn run_effects(app: &mut App, store: &Store, effects: Vec<Effect>) {
    for effect in effects {
        let result = match effect {
            Effect::LoadPortfolio => load_portfolio(app, store),
            Effect::LoadProject(id) => load_project(app, store, id),
            Effect::OpenMilestone { project, milestone } => {
                load_project(app, store, project).map(|()| select_milestone(app, milestone))
            }
            Effect::LoadTimeline => load_timeline(app, store),
        };
        if let Err(e) = result {
            app.message = Some(e.to_string());
        }
    }
}

fn load_portfolio(app: &mut App, store: &Store) -> Result<(), StoreError> {
    app.settings = store.settings()?;
    let rows = store.portfolio(app.today)?;
    app.set_rows(rows);
    Ok(())
}

fn load_timeline(app: &mut App, store: &Store) -> Result<(), StoreError> {
    let mut by_project: std::collections::HashMap<i64, Vec<crate::domain::Milestone>> =
        std::collections::HashMap::new();
    for m in store.all_milestones()? {
        by_project.entry(m.project_id).or_default().push(m);
    }
    app.timeline.milestones = by_project;
    app.timeline.moves = store.milestone_moves_since(app.timeline.since)?;
    Ok(())
}

fn select_milestone(app: &mut App, milestone: i64) {
    let height = app.page_height;
    if let Some(state) = app.project.as_mut() {
        state.tab = Tab::Milestones;
        if let Some(i) = state.milestones.iter().position(|m| m.id == milestone) {
            state.cursor.selected = i;
            state.cursor.keep_visible(state.milestones.len(), height);
        }
    }
}

fn load_project(app: &mut App, store: &Store, id: i64) -> Result<(), StoreError> {
    let Some(project) = store.project(id)? else {
        app.message = Some("that project no longer exists".into());
        return Ok(());
    };
    app.project = Some(ProjectState {
        history: store.rag_history(id)?,
        milestones: store.milestones(id)?,
        risks: store.project_risks(id)?,
        cases: store.project_cases(id)?,
        audit: store.project_audit(id, HISTORY_LIMIT)?,
        project,
        tab: Tab::Overview,
        cursor: Default::default(),
    });
    app.screen = Screen::Project;
    Ok(())
}

/// Draw once and handle one key: what tests drive on a `TestBackend`, and what the loop runs.
pub fn step<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    store: &Store,
    event: Option<Event>,
) -> Result<(), B::Error> {
    if let Some(Event::Key(key)) = event
        && key.kind == KeyEventKind::Press
    {
        let effects = update::handle_key(app, key);
        run_effects(app, store, effects);
    }
    draw(terminal, app)
}

pub fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> Result<(), B::Error> {
    let size = terminal.size()?;
    app.page_height = views::list_height(size.height);
    app.chart_width = views::timeline::chart_width(size.width);
    terminal.draw(|frame| views::draw(frame, app)).map(|_| ())
}

/// Load the first screen's data.
pub fn start(app: &mut App, store: &Store) {
    run_effects(app, store, vec![Effect::LoadPortfolio]);
}

/// Restores the terminal however the loop ends (the panic hook covers panics).
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Run the app in the real terminal until the user quits.
pub fn run(mut app: App, store: Store) -> io::Result<()> {
    start(&mut app, &store);
    let mut terminal = ratatui::try_init()?;
    let _guard = TerminalGuard;
    #[cfg(debug_assertions)]
    if std::env::var_os("WORKPLAN_DEBUG_PANIC").is_some() {
        // A debug-only way to prove the terminal is restored after a panic (tests use it).
        draw(&mut terminal, &mut app)?;
        panic!("WORKPLAN_DEBUG_PANIC is set: panicking on purpose");
    }
    draw(&mut terminal, &mut app)?;
    while !app.quit {
        if event::poll(Duration::from_millis(500))? {
            let event = event::read()?;
            match event {
                Event::Key(_) => step(&mut terminal, &mut app, &store, Some(event))?,
                Event::Resize(_, _) => draw(&mut terminal, &mut app)?,
                _ => {}
            }
        }
    }
    Ok(())
}
