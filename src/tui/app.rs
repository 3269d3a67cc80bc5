//! The model: everything the views draw, and nothing that touches the terminal or the database.

use std::collections::HashMap;

use chrono::NaiveDate;
use ratatui_textarea::TextArea;

use super::background::{BackgroundFrom, Pending};
use super::form::Form;
use super::keymap::Keymap;
use super::loads::TimelineData;
use super::theme::Theme;
use crate::domain::filter::{Filter, SortKey, sort_rows};
use crate::domain::project::{MilestoneMove, rag_since};
use crate::domain::timeline::{Scale, Zoom};
use crate::domain::triage::PortfolioRow;
use crate::domain::{Milestone, Project, RagChange, Risk, Settings};
use crate::store::edit::{Edit, Entity};
use crate::store::{AuditEntry, ChangeToken, LinkedCase};
use rusqlite::types::Value;

/// "Slipped since" looks back this far until a report date is recorded.
pub const DEFAULT_SLIPPED_DAYS: i64 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// An empty database: how to load the demo, import, or add a project.
    Welcome,
    Portfolio,
    Timeline,
    Project,
    /// Stepping through the red and amber projects one at a time.
    Triage,
    /// The whole work plan's audit trail.
    History,
    /// The risk register with its heat map.
    Risks,
    /// Service-desk cases: open now, SLA, ageing and trends.
    Desk,
    /// A preview of the committee report.
    Report,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Timeline,
    Milestones,
    Risks,
    Cases,
    History,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Overview,
        Tab::Timeline,
        Tab::Milestones,
        Tab::Risks,
        Tab::Cases,
        Tab::History,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Timeline => "Timeline",
            Tab::Milestones => "Milestones",
            Tab::Risks => "Risks",
            Tab::Cases => "Cases",
            Tab::History => "History",
        }
    }

    pub fn step(self, forward: bool) -> Tab {
        let i = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0);
        let n = Tab::ALL.len();
        Tab::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// A list's cursor and scroll position; the view renders only rows from `offset`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Move by `delta` rows within `len`, keeping the selection inside a window of `height`.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len as isize - 1) as usize;
        self.keep_visible(len, height);
    }

    pub fn keep_visible(&mut self, len: usize, height: usize) {
        let height = height.max(1);
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        self.selected = self.selected.min(len - 1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

pub struct PortfolioState {
    /// Every project the query returned, in triage order.
    pub rows: Vec<PortfolioRow>,
    /// Indices into `rows` that pass the filter and search, in display order.
    pub visible: Vec<usize>,
    pub cursor: Cursor,
    pub filter: Filter,
    pub sort: SortKey,
    pub reverse: bool,
    pub search: String,
}

pub struct ProjectState {
    pub project: Project,
    pub history: Vec<RagChange>,
    pub milestones: Vec<Milestone>,
    pub risks: Vec<Risk>,
    pub cases: Vec<LinkedCase>,
    pub audit: Vec<AuditEntry>,
    pub tab: Tab,
    pub cursor: Cursor,
    /// Show archived milestones and risks (marked) so they can be restored.
    pub show_archived: bool,
}

impl ProjectState {
    pub fn rows_in_tab(&self) -> usize {
        match self.tab {
            Tab::Overview => self.history.len(),
            Tab::Timeline => self.milestones.len() + 1,
            Tab::Milestones => self.milestones.len(),
            Tab::Risks => self.risks.len(),
            Tab::Cases => self.cases.len(),
            Tab::History => self.audit.len(),
        }
    }

    pub fn rag_since(&self) -> Option<chrono::NaiveDateTime> {
        rag_since(&self.history)
    }
}

/// The filter dialog: one line per field; left/right cycle its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    Organisation,
    Theme,
    Stage,
    Rag,
    Manager,
    Mine,
    Scope,
    Project,
    Owner,
    Band,
    Status,
    Kind,
}

impl FilterField {
    pub const ALL: [FilterField; 6] = [
        FilterField::Organisation,
        FilterField::Theme,
        FilterField::Stage,
        FilterField::Rag,
        FilterField::Manager,
        FilterField::Mine,
    ];

    /// The fields the filter dialog offers on a screen.
    pub fn for_screen(screen: Screen) -> &'static [FilterField] {
        match screen {
            Screen::Risks => &[
                FilterField::Scope,
                FilterField::Organisation,
                FilterField::Theme,
                FilterField::Project,
                FilterField::Owner,
                FilterField::Band,
                FilterField::Status,
                FilterField::Kind,
            ],
            _ => &FilterField::ALL,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FilterField::Organisation => "Organisation",
            FilterField::Theme => "Theme",
            FilterField::Stage => "Stage",
            FilterField::Rag => "RAG",
            FilterField::Manager => "Manager",
            FilterField::Mine => "Mine only",
            FilterField::Scope => "Register",
            FilterField::Project => "Project",
            FilterField::Owner => "Owner",
            FilterField::Band => "Band",
            FilterField::Status => "Status",
            FilterField::Kind => "Kind",
        }
    }
}

/// The timeline's sub-views: the Gantt chart and three milestone lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineMode {
    Gantt,
    Overdue,
    DueSoon,
    Slipped,
}

impl TimelineMode {
    pub const ALL: [TimelineMode; 4] = [
        TimelineMode::Gantt,
        TimelineMode::Overdue,
        TimelineMode::DueSoon,
        TimelineMode::Slipped,
    ];

    pub fn title(self) -> &'static str {
        match self {
            TimelineMode::Gantt => "Chart",
            TimelineMode::Overdue => "Overdue",
            TimelineMode::DueSoon => "Due soon",
            TimelineMode::Slipped => "Slipped",
        }
    }

    pub fn next(self) -> TimelineMode {
        let i = TimelineMode::ALL
            .iter()
            .position(|m| *m == self)
            .unwrap_or(0);
        TimelineMode::ALL[(i + 1) % TimelineMode::ALL.len()]
    }
}

pub struct TimelineState {
    pub zoom: Zoom,
    /// The first day the chart shows; `None` until the first draw centres it on today.
    pub start: Option<NaiveDate>,
    pub mode: TimelineMode,
    /// The cursor of the lists (the chart shares the portfolio's cursor).
    pub list_cursor: Cursor,
    /// Every milestone by project id, loaded once per visit.
    pub milestones: HashMap<i64, Vec<Milestone>>,
    pub moves: Vec<MilestoneMove>,
    /// "Slipped since": moves on or after this date.
    pub since: NaiveDate,
    /// The user moved `since`; until then it follows the last report.
    pub since_set: bool,
    /// The store's change token and the `since` the data was loaded at: revisiting the view
    /// with both unchanged reuses it instead of reading every milestone again.
    pub loaded_at: Option<(ChangeToken, NaiveDate)>,
    /// A read running in the background (large plans), and the key it was asked at.
    pub pending: Pending<TimelineData>,
    pub requested: Option<(ChangeToken, NaiveDate)>,
}

/// The committee report as previewed in the app.
#[derive(Default)]
pub struct ReportState {
    pub markdown: String,
    pub since: Option<NaiveDate>,
    pub scroll: u16,
    /// The preview being gathered in the background (large plans).
    pub pending: Pending<(String, NaiveDate)>,
    /// The report being gathered for writing to files (large plans).
    pub writing: Pending<(Vec<crate::report::Block>, NaiveDate)>,
}

impl TimelineState {
    pub fn scale(&self, today: NaiveDate, width: u16) -> Scale {
        match self.start {
            Some(start) => Scale {
                start,
                zoom: self.zoom,
                width,
            },
            None => Scale::around(today, self.zoom, width),
        }
    }

    /// A project's window: where the user scrolled to, else from just before the project's
    /// start when that is in the past (so its history shows) but never so early that today
    /// falls off the right-hand side, else around today.
    pub fn project_scale(
        &self,
        today: NaiveDate,
        width: u16,
        project_start: Option<NaiveDate>,
    ) -> Scale {
        let around = self.scale(today, width);
        match (self.start, project_start) {
            (None, Some(start)) if start < around.start => {
                let per = self.zoom.days_per_column();
                let earliest = today - chrono::Duration::days(i64::from(width) * 4 / 5 * per);
                Scale {
                    start: (start - chrono::Duration::days(2 * per)).max(earliest),
                    ..around
                }
            }
            _ => around,
        }
    }
}

pub enum Overlay {
    Help {
        scroll: u16,
    },
    Search(Box<TextArea<'static>>),
    Filter {
        field: usize,
    },
    Form(Box<OpenForm>),
    /// "Archive X?": y writes, anything else cancels.
    Confirm {
        text: String,
        write: Box<Write>,
    },
    /// Someone else changed the row: their values beside yours.
    Conflict(Box<Conflict>),
}

/// A form on screen and what saving it does.
pub struct OpenForm {
    pub form: Form,
    pub purpose: FormPurpose,
    /// The stored values of the fields the form edits, as loaded: a save writes only the
    /// fields that differ from these, and checks each against a colleague's change.
    pub loaded: Vec<(&'static str, Value)>,
}

impl FormPurpose {
    /// The row an editing form changes (none for a form that creates).
    pub fn row(self) -> Option<(Entity, i64)> {
        match self {
            FormPurpose::ChangeRag { project: id, .. } | FormPurpose::EditProject { id, .. } => {
                Some((Entity::Project, id))
            }
            FormPurpose::EditMilestone { id, .. }
            | FormPurpose::MarkDone { id, .. }
            | FormPurpose::MoveMilestone { id, .. } => Some((Entity::Milestone, id)),
            FormPurpose::EditRisk { id, .. } | FormPurpose::Reassess { id, .. } => {
                Some((Entity::Risk, id))
            }
            FormPurpose::LinkCase { id, .. } => Some((Entity::Case, id)),
            FormPurpose::NewProject
            | FormPurpose::NewMilestone { .. }
            | FormPurpose::NewRisk { .. }
            | FormPurpose::Settings
            | FormPurpose::Snapshot => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPurpose {
    ChangeRag { project: i64, version: i64 },
    EditProject { id: i64, version: i64 },
    NewProject,
    EditMilestone { id: i64, version: i64 },
    NewMilestone { project: i64 },
    MarkDone { id: i64, version: i64 },
    MoveMilestone { id: i64, version: i64 },
    EditRisk { id: i64, version: i64 },
    NewRisk { project: Option<i64> },
    Reassess { id: i64, version: i64 },
    Settings,
    LinkCase { id: i64, version: i64 },
    Snapshot,
}

/// A write waiting to run against the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    Edit {
        edit: Edit,
        label: String,
    },
    Create {
        entity: Entity,
        values: Vec<(&'static str, Value)>,
        label: String,
    },
    /// New values for some of the database's shared settings (key, value).
    Settings(Vec<(&'static str, String)>),
    /// Link a case to the project with this code (`loaded`: its link as the form found it).
    Link {
        case: i64,
        version: i64,
        code: String,
        loaded: Vec<(&'static str, Value)>,
    },
    Snapshot(crate::store::Snapshot),
}

pub struct Conflict {
    pub write: Write,
    /// The row's version now: re-applying goes on top of it.
    pub version: i64,
    pub theirs: Vec<(&'static str, Value)>,
}

/// One of the user's own changes this session, for undo and redo.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub entity: Entity,
    pub id: i64,
    /// The row's version after the change.
    pub version: i64,
    pub before: Vec<(&'static str, Value)>,
    pub after: Vec<(&'static str, Value)>,
    pub label: String,
}

pub struct TriageState {
    /// The red and amber projects of the filter when triage began, worst first.
    pub ids: Vec<i64>,
    pub index: usize,
    /// Projects confirmed or changed during this triage.
    pub reviewed: std::collections::HashSet<i64>,
}

pub struct HistoryState {
    pub entries: Vec<AuditEntry>,
    pub users: Vec<String>,
    pub user: Option<String>,
    /// Only the last N days (None: everything).
    pub days: Option<i64>,
    pub cursor: Cursor,
}

pub const HISTORY_WINDOWS: [Option<i64>; 5] = [None, Some(1), Some(7), Some(30), Some(90)];

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
    pub timeline: TimelineState,
    pub undo: Vec<Done>,
    pub redo: Vec<Done>,
    pub triage: Option<TriageState>,
    pub history: HistoryState,
    pub risks: super::risks::RiskState,
    pub desk: super::desk::DeskState,
    /// Sizes from which the large views load in the background.
    pub background: BackgroundFrom,
    pub report: ReportState,
    /// Set by tests so audit timestamps are reproducible.
    pub fixed_now: Option<chrono::NaiveDateTime>,
    pub quit: bool,
}

/// Forms that open on fresh data from the store (so their version is current).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormRequest {
    ChangeRag(i64),
    EditProject(i64),
    NewProject,
    NewMilestone(i64),
    EditMilestone(i64),
    MarkDone(i64),
    MoveMilestone(i64),
    EditRisk(i64),
    NewRisk(Option<i64>),
    Reassess(i64),
    Settings,
    /// Link a case (id) to a project.
    LinkCase(i64),
    /// Add or correct a month's service-desk counts.
    Snapshot,
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
            },
            project: None,
            overlay: None,
            message: None,
            page_height: 20,
            chart_width: 60,
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
                pending: Pending::default(),
                requested: None,
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
            super::search::rank(&p.search, &p.rows, &candidates)
        };
        let (len, height) = (p.visible.len(), self.page_height);
        p.cursor.keep_visible(len, height);
    }

    /// Now: the injected date with the clock's time of day (tests fix both).
    /// Whether a view is loading in the background.
    pub fn loading(&self) -> bool {
        self.desk.pending.is_running()
            || self.report.pending.is_running()
            || self.report.writing.is_running()
            || self.risks.pending.is_running()
            || self.timeline.pending.is_running()
    }

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
