//! What the timeline holds: its window (zoom and start), which sub-view shows, and every
//! milestone and date move it read.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::Milestone;
use crate::domain::project::MilestoneMove;
use crate::domain::timeline::{Scale, Zoom};
use crate::store::ChangeToken;
use crate::tui::cursor::Cursor;

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
