//! The service-desk view's figures, computed once per load (not per frame): open cases split
//! into active and stop-clock, SLA breaches and warnings, ageing, and the 12-month trends.

pub use crate::domain::desk::{Desk, DeskSummary, MonthFigures, Split, summarise};
use crate::domain::sla::{AGE_BUCKETS, DeskCase};
use crate::tui::cursor::Cursor;
use crate::tui::detail::Detail;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeskMode {
    #[default]
    Summary,
    Breached,
    Warning,
    Flow,
}

impl DeskMode {
    pub const ALL: [DeskMode; 4] = [
        DeskMode::Summary,
        DeskMode::Breached,
        DeskMode::Warning,
        DeskMode::Flow,
    ];

    pub fn title(self) -> &'static str {
        match self {
            DeskMode::Summary => "Open now",
            DeskMode::Breached => "SLA breached",
            DeskMode::Warning => "Past warning",
            DeskMode::Flow => "Opened vs resolved",
        }
    }

    pub fn next(self) -> DeskMode {
        let i = DeskMode::ALL.iter().position(|m| *m == self).unwrap_or(0);
        DeskMode::ALL[(i + 1) % DeskMode::ALL.len()]
    }
}

#[derive(Default)]
pub struct DeskState {
    /// The open cases (the breached and warning lists point into these).
    pub cases: Vec<DeskCase>,
    pub summary: DeskSummary,
    pub mode: DeskMode,
    pub cursor: Cursor,
    /// The counts are in (from the store's sums).
    pub loaded: bool,
    /// The open cases were read too: ageing, the oldest incident and the SLA lists.
    pub queue_loaded: bool,
    /// The case whose detail is open (`Enter` on a list), by id.
    pub detail: Option<Detail>,
}

impl DeskState {
    /// The cases the current list shows.
    pub fn list(&self) -> &[usize] {
        match self.mode {
            DeskMode::Breached => &self.summary.breached,
            DeskMode::Warning => &self.summary.warning,
            _ => &[],
        }
    }

    /// The case selected in the current list.
    pub fn selected(&self) -> Option<&DeskCase> {
        self.list()
            .get(self.cursor.selected)
            .and_then(|i| self.cases.get(*i))
    }

    /// The case whose detail is open, while it is still listed.
    pub fn detail_case(&self) -> Option<&DeskCase> {
        let id = self.detail?.id;
        self.cases.iter().find(|c| c.id == id)
    }
}

pub fn bucket_label(i: usize) -> &'static str {
    AGE_BUCKETS.get(i).copied().unwrap_or("")
}
