//! The edits as types: which edit (`EditKind`), a form on screen (`OpenForm`), the write it
//! becomes (`Write`) and a conflict with a colleague's change. Nothing here runs anything.

use rusqlite::types::Value;

use super::widget::Form;
use crate::store::edit::{Edit, Entity};

/// Every edit the app offers, with the row it opens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditKind {
    ChangeRag(i64),
    EditProject(i64),
    NewProject,
    /// A new milestone of this project.
    NewMilestone(i64),
    EditMilestone(i64),
    MarkDone(i64),
    MoveMilestone(i64),
    EditRisk(i64),
    /// A new risk, of this project or corporate.
    NewRisk(Option<i64>),
    Reassess(i64),
    Settings,
    /// Link a case (id) to a project.
    LinkCase(i64),
    /// Add or correct a month's service-desk counts.
    Snapshot,
    NewRecommendation,
    EditRecommendation(i64),
    /// Move a recommendation on (in progress, implemented …) with a note.
    RecommendationStatus(i64),
    NewCertification,
    EditCertification(i64),
    /// Record a dated assessment of a certification.
    RecordAssessment(i64),
}

impl EditKind {
    /// The row an editing form changes (none for a form that creates).
    pub fn row(self) -> Option<(Entity, i64)> {
        match self {
            EditKind::ChangeRag(id) | EditKind::EditProject(id) => Some((Entity::Project, id)),
            EditKind::EditMilestone(id) | EditKind::MarkDone(id) | EditKind::MoveMilestone(id) => {
                Some((Entity::Milestone, id))
            }
            EditKind::EditRisk(id) | EditKind::Reassess(id) => Some((Entity::Risk, id)),
            EditKind::LinkCase(id) => Some((Entity::Case, id)),
            EditKind::EditRecommendation(id) | EditKind::RecommendationStatus(id) => {
                Some((Entity::Recommendation, id))
            }
            EditKind::EditCertification(id) => Some((Entity::Certification, id)),
            EditKind::NewProject
            | EditKind::NewMilestone(_)
            | EditKind::NewRisk(_)
            | EditKind::Settings
            | EditKind::Snapshot
            | EditKind::NewRecommendation
            | EditKind::NewCertification
            | EditKind::RecordAssessment(_) => None,
        }
    }
}

/// A form on screen and what saving it does.
pub struct OpenForm {
    pub form: Form,
    pub kind: EditKind,
    /// The row's version when the form was loaded (0 for a form that creates).
    pub version: i64,
    /// The stored values of the fields the form edits, as loaded: a save writes only the
    /// fields that differ from these, and checks each against a colleague's change.
    pub loaded: Vec<(&'static str, Value)>,
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
    /// A write whose project link is given by code: looked up when it runs (empty: none).
    WithProject {
        write: Box<Write>,
        code: String,
    },
    /// A dated assessment of a certification.
    Assessment {
        certification: i64,
        on: chrono::NaiveDate,
        result: crate::domain::assurance::AssessmentResult,
        notes: String,
    },
}

pub struct Conflict {
    pub write: Write,
    /// The row's version now: re-applying goes on top of it.
    pub version: i64,
    pub theirs: Vec<(&'static str, Value)>,
}
