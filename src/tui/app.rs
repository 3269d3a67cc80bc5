//! The model: everything the views draw, and nothing that touches the terminal or the database.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::background::BackgroundFrom;
pub use super::cursor::Cursor;
pub use super::forms::kinds::{Conflict, Write};
use super::keymap::Keymap;
use super::message::Job;
pub use super::overlays::overlay::Overlay;
pub use super::undo::Done;
// The screens' state types only (never a screen's module: the model depends on no screen code).
pub use super::screens::history::state::{HISTORY_WINDOWS, HistoryState};
pub use super::screens::portfolio::state::PortfolioState;
pub use super::screens::project::state::{ProjectState, Tab};
pub use super::screens::report::state::ReportState;
pub use super::screens::screen::Screen;
pub use super::screens::timeline::state::{TimelineMode, TimelineState};
pub use super::screens::triage::state::TriageState;
use super::theme::Theme;
use crate::domain::Settings;
use crate::domain::filter::{Filter, SortKey, sort_rows};
use crate::domain::timeline::Zoom;
use crate::domain::triage::PortfolioRow;

/// "Slipped since" looks back this far until a report date is recorded.
pub const DEFAULT_SLIPPED_DAYS: i64 = 60;

pub struct App {
    pub today: NaiveDate,
    pub user: String,
    pub db_label: String,
    pub read_only: bool,
    /// Why it is read-only when the user did not ask (they may not write the file).
    pub read_only_reason: Option<String>,
    pub settings: Settings,
    pub keymap: Keymap,
    pub theme: Theme,
    pub screen: Screen,
    pub portfolio: PortfolioState,
    pub project: Option<ProjectState>,
    pub overlay: Option<Overlay>,
    pub message: Option<String>,
    /// Rows the last frame had room for; paging and scrolling use it.
    pub page_height: usize,
    /// Columns the timeline chart had in the last frame; scrolling by a screen uses it.
    pub chart_width: u16,
    /// Columns the terminal had in the last frame (wrapped text scrolls by it).
    pub screen_width: u16,
    pub timeline: TimelineState,
    pub undo: Vec<Done>,
    pub redo: Vec<Done>,
    pub triage: Option<TriageState>,
    pub history: HistoryState,
    pub risks: super::screens::risks::state::RiskState,
    pub desk: super::screens::desk::state::DeskState,
    /// Sizes from which the large views load in the background.
    pub background: BackgroundFrom,
    pub report: ReportState,
    /// The state of the screens that keep it with their room (`screens::States`).
    pub rooms: super::screens::screen::States,
    /// Where `Esc` on a project returns to when it was opened from triage or the timeline's
    /// lists (else the portfolio).
    pub back_to: Option<Screen>,
    /// The loads running in the background, as the runtime last said.
    pub running: Vec<Job>,
    /// Set by tests so audit timestamps are reproducible.
    pub fixed_now: Option<chrono::NaiveDateTime>,
    pub quit: bool,
}

pub struct AppContext {
    pub today: NaiveDate,
    pub user: String,
    pub db_label: String,
    pub read_only: bool,
    pub keymap: Keymap,
    pub theme: Theme,
}

impl App {
    /// Why an edit key does nothing here.
    pub fn read_only_note(&self) -> String {
        match &self.read_only_reason {
            Some(why) => format!("read-only: {why}, so nothing can be changed"),
            None => {
                "read-only: this work plan was opened with --read-only, so nothing can be changed"
                    .to_string()
            }
        }
    }

    pub fn new(context: AppContext, settings: Settings) -> App {
        App {
            today: context.today,
            user: context.user,
            db_label: context.db_label,
            read_only: context.read_only,
            read_only_reason: None,
            settings,
            background: BackgroundFrom::default(),
            keymap: context.keymap,
            theme: context.theme,
            screen: Screen::Portfolio,
            portfolio: PortfolioState {
                rows: Vec::new(),
                visible: Vec::new(),
                cursor: Cursor::default(),
                filter: Filter::default(),
                sort: SortKey::Triage,
                reverse: false,
                search: String::new(),
                assurance: Default::default(),
                head: None,
            },
            project: None,
            overlay: None,
            message: None,
            page_height: 20,
            chart_width: 60,
            screen_width: 80,
            timeline: TimelineState {
                zoom: Zoom::default(),
                start: None,
                mode: TimelineMode::Gantt,
                list_cursor: Cursor::default(),
                milestones: HashMap::new(),
                moves: Vec::new(),
                since: context.today - chrono::Duration::days(DEFAULT_SLIPPED_DAYS),
                since_set: false,
                loaded_at: None,
            },
            undo: Vec::new(),
            redo: Vec::new(),
            triage: None,
            history: HistoryState {
                entries: Vec::new(),
                users: Vec::new(),
                user: None,
                days: None,
                cursor: Cursor::default(),
            },
            risks: Default::default(),
            desk: Default::default(),
            report: ReportState::default(),
            running: Vec::new(),
            back_to: None,
            rooms: Default::default(),
            fixed_now: None,
            quit: false,
        }
    }

    /// Replace the portfolio's rows (after a load), keeping the selected project if it is
    /// still there.
    pub fn set_rows(&mut self, rows: Vec<PortfolioRow>) {
        let selected_id = self.selected_row().map(|r| r.id);
        self.portfolio.rows = rows;
        self.screen = if self.portfolio.rows.is_empty() {
            Screen::Welcome
        } else if self.screen == Screen::Welcome {
            Screen::Portfolio
        } else {
            self.screen
        };
        self.refresh_visible();
        if let Some(id) = selected_id
            && let Some(pos) = self
                .portfolio
                .visible
                .iter()
                .position(|i| self.portfolio.rows[*i].id == id)
        {
            self.portfolio.cursor.selected = pos;
            let (len, height) = (self.portfolio.visible.len(), self.page_height);
            self.portfolio.cursor.keep_visible(len, height);
        }
    }

    /// Re-sort, filter and search. Runs on every keystroke that changes them; no query.
    pub fn refresh_visible(&mut self) {
        let p = &mut self.portfolio;
        sort_rows(&mut p.rows, p.sort, p.reverse, self.today, &self.settings);
        let matching = p
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| p.filter.matches(r, &self.settings, &self.user))
            .map(|(i, _)| i);
        p.visible = if p.search.trim().is_empty() {
            matching.collect()
        } else {
            let candidates: Vec<usize> = matching.collect();
            super::screens::portfolio::search::rank(&p.search, &p.rows, &candidates)
        };
        let (len, height) = (p.visible.len(), self.page_height);
        p.cursor.keep_visible(len, height);
    }

    /// Whether a view is loading in the background.
    pub fn loading(&self) -> bool {
        !self.running.is_empty()
    }

    /// Whether this load is running in the background (its view says it is loading).
    pub fn is_running(&self, job: Job) -> bool {
        self.running.contains(&job)
    }

    /// Now: the injected date with the clock's time of day (tests fix both).
    pub fn now(&self) -> chrono::NaiveDateTime {
        self.fixed_now
            .unwrap_or_else(|| self.today.and_time(chrono::Local::now().time()))
    }

    pub fn selected_row(&self) -> Option<&PortfolioRow> {
        let p = &self.portfolio;
        p.visible
            .get(p.cursor.selected)
            .and_then(|i| p.rows.get(*i))
    }
}
