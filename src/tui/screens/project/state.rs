//! One project on screen: its record, RAG history, milestones, risks, linked cases and audit
//! trail, and which tab and row are selected.

use crate::domain::project::rag_since;
use crate::domain::{Milestone, Project, RagChange, Risk};
use crate::store::{AuditEntry, LinkedCase};
use crate::tui::cursor::Cursor;

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
