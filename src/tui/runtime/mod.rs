//! Running what `update` asked for against the store: loads, writes, undo, the report. Every
//! result goes back to `update::on_message` as a message; the runtime itself never changes
//! the model. The terminal loop and the tests both drive it.

mod jobs;
mod writes;

use std::collections::VecDeque;

use super::app::{App, Screen};
use super::message::Message;
use super::screens;
use super::update::{self, Effect};
use crate::store::edit::Actor;
use crate::store::{Store, StoreError};

/// The store, the background loads running against it, and the work still to run.
pub struct Runtime {
    pub store: Store,
    jobs: jobs::Jobs,
    /// Effects that messages asked for (a reload after a save), run in turn.
    queue: VecDeque<Effect>,
    /// The data version and audit row last seen: a change past them is another user's.
    seen_version: Option<i64>,
    seen_audit: i64,
}

impl Runtime {
    pub fn new(store: Store) -> Runtime {
        Runtime {
            seen_version: store.data_version().ok(),
            seen_audit: store.latest_audit_id().unwrap_or(0),
            store,
            jobs: jobs::Jobs::default(),
            queue: VecDeque::new(),
        }
    }

    /// Load the first screen's data.
    /// Load the portfolio. A large one draws its first screen from a short read, and the
    /// rest is read in the background.
    pub fn start(&mut self, app: &mut App) {
        match self.start_with_head(app) {
            Ok(true) => {}
            Ok(false) => self.run(app, vec![Effect::LoadPortfolio]),
            Err(e) => self.deliver(app, Message::Failed(e.to_string())),
        }
    }

    /// Run the effects `update` asked for, and those their messages ask for in turn.
    pub fn run(&mut self, app: &mut App, effects: Vec<Effect>) {
        self.queue.extend(effects);
        while let Some(effect) = self.queue.pop_front() {
            if let Err(e) = self.execute(app, effect) {
                self.deliver(app, Message::Failed(e.to_string()));
            }
        }
    }

    /// Hand a result to `update`; what it asks for next joins the queue.
    fn deliver(&mut self, app: &mut App, message: Message) {
        let more = update::on_message(app, message);
        self.queue.extend(more);
    }

    fn execute(&mut self, app: &mut App, effect: Effect) -> Result<(), StoreError> {
        let store = &mut self.store;
        let user = app.user.clone();
        let actor = Actor {
            user: &user,
            now: app.now(),
        };
        let message = match effect {
            Effect::LoadPortfolio => {
                Message::Portfolio(screens::portfolio::read_portfolio(store, app.today)?)
            }
            Effect::LoadProject(id) => Message::Project {
                state: screens::project::fetch_project(store, id, false)?.map(Box::new),
                milestone: None,
            },
            Effect::OpenMilestone { project, milestone } => Message::Project {
                state: screens::project::fetch_project(store, project, false)?.map(Box::new),
                milestone: Some(milestone),
            },
            Effect::OpenForm(kind) => writes::open_form(app, store, kind)?,
            Effect::Write(write) => writes::write(store, write, actor)?,
            Effect::Undo(done) => writes::undo(store, done, true, actor),
            Effect::Redo(done) => writes::undo(store, done, false, actor),
            Effect::LoadHistory => Message::History(screens::history::read_history(
                store,
                app.history.user.as_deref(),
                screens::history::since(app),
            )?),
            Effect::Refresh => return self.reload(app),
            Effect::LoadTimeline => return self.load_timeline(app),
            Effect::LoadRisks => return self.load_risks(app),
            Effect::LoadDesk => return self.load_desk(app, false),
            Effect::LoadReport => return self.load_report(app),
            Effect::WriteReport => return self.write_report(app),
            Effect::Read(screen) => match &screens::room(screen).reader {
                Some(reader) => Message::Read(screen, (reader.read)(store, app)?),
                None => return Ok(()),
            },
            // Needs the terminal: the loop runs it; without one (tests) it cannot happen.
            Effect::ExternalEditor => Message::Failed("$EDITOR needs a terminal".into()),
        };
        self.deliver(app, message);
        Ok(())
    }

    /// Reload what is on screen, keeping the selection, scroll position, tab and any open
    /// form.
    pub fn refresh(&mut self, app: &mut App) -> Result<(), StoreError> {
        self.reload(app)?;
        self.drain(app);
        Ok(())
    }

    fn reload(&mut self, app: &mut App) -> Result<(), StoreError> {
        if !self.reload_portfolio_later() {
            let portfolio = screens::portfolio::read_portfolio(&self.store, app.today)?;
            self.deliver(app, Message::Portfolio(portfolio));
        }
        if let Some(state) = app.project.as_ref() {
            let (id, archived) = (state.project.id, state.show_archived);
            let fresh = screens::project::fetch_project(&self.store, id, archived)?;
            self.deliver(app, Message::ProjectRefreshed(fresh.map(Box::new)));
        }
        if app.screen == Screen::Timeline || app.timeline.loaded_at.is_some() {
            self.load_timeline(app)?;
        }
        if app.screen == Screen::History {
            self.execute(app, Effect::LoadHistory)?;
        }
        if app.screen == Screen::Risks || app.risks.loaded_at.is_some() {
            self.load_risks(app)?;
        }
        if app.screen == Screen::Desk || app.desk.loaded {
            self.load_desk(app, true)?;
        }
        if screens::room(app.screen).reader.is_some() {
            self.execute(app, Effect::Read(app.screen))?;
        }
        Ok(())
    }

    /// Look for other users' changes (a commit changes the data version) and reload what is
    /// on screen without losing the user's place; true when the screen needs drawing.
    pub fn watch(&mut self, app: &mut App) -> bool {
        let version = self.store.data_version().ok();
        if version == self.seen_version {
            if !app.undo.is_empty() || !app.redo.is_empty() {
                // Our own writes do not change our data version; keep the audit mark
                // current so they are not announced as someone else's.
                if let Ok(latest) = self.store.latest_audit_id() {
                    self.seen_audit = latest;
                }
            }
            return false;
        }
        self.seen_version = version;
        let changes = self
            .store
            .audit_after(self.seen_audit, 100)
            .unwrap_or_default();
        if let Some(last) = changes.last() {
            self.seen_audit = last.id;
        }
        let message = match self.reload(app) {
            Ok(()) => Message::ChangedElsewhere(describe_changes(&changes)),
            Err(e) => Message::Failed(e.to_string()),
        };
        self.deliver(app, message);
        self.drain(app);
        true
    }

    /// Run whatever messages asked for.
    fn drain(&mut self, app: &mut App) {
        self.run(app, Vec::new());
    }
}

/// The status bar's line about other users' changes: who changed what.
pub fn describe_changes(changes: &[crate::store::AuditEntry]) -> String {
    let Some(first) = changes.first() else {
        return "updated with changes saved by another user".to_string();
    };
    let about = crate::tui::views::audit_text::what_text(first);
    let what = if first.project_code.is_empty() {
        about
    } else {
        format!("{} {about}", first.project_code)
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
