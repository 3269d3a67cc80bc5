//! What comes back from the runtime: the result of every effect `update` asked for, as a
//! message `update::on_message` applies. Only update code changes the model.

use chrono::NaiveDate;

use super::forms::keys::Slot;
use super::forms::kinds::{OpenForm, Write};
use super::screens::desk::state::Desk;
use super::screens::history::load::HistoryData;
use super::screens::portfolio::load::{PortfolioData, PortfolioHeadData};
use super::screens::project::state::ProjectState;
use super::screens::risks::load::RisksData;
use super::screens::screen::{Read, Screen};
use super::screens::timeline::load::TimelineData;
use super::undo::Done;
use crate::store::StoreError;
use crate::store::edit::{EditOutcome, Entity};

/// A load that can run in the background; while it runs its view says it is loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// The whole portfolio, after the first screen drew its start.
    Portfolio,
    Desk,
    Risks,
    Timeline,
    Report,
    /// Gathering the report to write it to files.
    WritingReport,
}

/// Where a load ran: a background result may arrive after the user has left its view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ran {
    InLine,
    InBackground,
}

pub enum Message {
    Portfolio(PortfolioData),
    /// The service desk's counts from the sums; the open cases follow as `Desk`.
    DeskCounts(Desk),
    /// The first screen of a large portfolio; the rest follows as `Portfolio`.
    PortfolioHead(PortfolioHeadData),
    /// A project opened (None: it no longer exists), with a milestone to select.
    Project {
        state: Option<Box<ProjectState>>,
        milestone: Option<i64>,
    },
    /// The open project read again after a change (None: it has gone).
    ProjectRefreshed(Option<Box<ProjectState>>),
    History(HistoryData),
    Timeline(TimelineData, Ran),
    Risks(RisksData, Ran),
    Desk(Desk),
    Report((String, NaiveDate)),
    /// A load went to the background.
    Started(Job),
    /// A background load failed (its view stops saying it is loading).
    JobFailed(Job, String),
    FormReady(Box<OpenForm>),
    /// An edit ran: its outcome, or why it did not.
    Edited {
        write: Write,
        label: String,
        entity: Entity,
        id: i64,
        outcome: Result<EditOutcome, StoreError>,
    },
    Created {
        entity: Entity,
        label: String,
        outcome: Result<i64, StoreError>,
    },
    /// A month's desk counts saved (the text names them).
    SnapshotSaved(Result<String, StoreError>),
    /// Shared settings saved: how many changed.
    SettingsSaved(Result<usize, StoreError>),
    /// A form's field named something that does not exist (the form stays open).
    FieldRefused {
        field: Slot,
        text: String,
    },
    /// An undo (or redo) ran.
    Undone {
        undoing: bool,
        done: Done,
        label: String,
        outcome: Result<EditOutcome, StoreError>,
    },
    /// The report's files, written (or why not).
    ReportWritten(Result<Vec<String>, String>),
    /// Another user's changes were read in: the status bar says whose.
    ChangedElsewhere(String),
    /// What a screen's own reader read.
    Read(Screen, Read),
    /// Something failed: the status bar says what.
    Failed(String),
}
