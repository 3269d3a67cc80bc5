//! One project on screen: its record, RAG history, milestones, risks, linked cases and audit
//! trail, and which tab and row are selected.

use std::collections::HashMap;

use crate::domain::project::{MilestoneMove, rag_since};
use crate::domain::{Assessment, Milestone, Project, RagChange, RegisterRow, Risk};
use crate::store::{AuditEntry, LinkedCase};
use crate::tui::cursor::Cursor;
use crate::tui::detail::Detail;

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
    /// Every recorded move of its milestones' dates, newest first.
    pub moves: Vec<MilestoneMove>,
    /// Each risk's dated assessments, oldest first, by risk id.
    pub assessments: HashMap<i64, Vec<Assessment>>,
    /// The detail open on the Milestones or Risks tab (`Enter`): the selected milestone's or
    /// risk's.
    pub detail: Option<Detail>,
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

    /// The moves of one milestone's dates, newest first.
    pub fn moves_of(&self, milestone: i64) -> impl Iterator<Item = &MilestoneMove> {
        self.moves
            .iter()
            .filter(move |m| m.milestone_id == milestone)
    }

    /// One of its risks as the risk register holds it (with the project and the risk's
    /// assessments), so its detail is drawn as the register draws it.
    pub fn register_row(&self, risk: i64) -> Option<RegisterRow> {
        let r = self.risks.iter().find(|r| r.id == risk)?;
        Some(RegisterRow {
            risk: r.clone(),
            project_name: Some(self.project.name.as_str().into()),
            organisations: self.project.organisations.clone().into(),
            theme: self.project.theme.as_deref().map(Into::into),
            assessments: self.assessments.get(&risk).cloned().unwrap_or_default(),
        })
    }
}
