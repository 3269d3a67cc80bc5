//! The assurance registers' search and filter fields (each applies to the register showing;
//! audit and priority only narrow the recommendations).

use super::state::{AssuranceState, Register};
use crate::domain::assurance::{CertificationStatus, Priority, RecommendationStatus};
use crate::tui::app::App;
use crate::tui::overlays::filter::Filterable;
use crate::tui::screens::portfolio::distinct;

/// The assurance view as the search and filter dialogs see it.
pub struct AssuranceList;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssuranceField {
    Audit,
    Priority,
    Status,
    Owner,
}

fn refresh(app: &mut App) {
    let a = &mut app.rooms.assurance;
    a.refresh_visible(app.today, &app.settings, app.page_height);
}

fn state(app: &App) -> &AssuranceState {
    &app.rooms.assurance
}

impl Filterable for AssuranceList {
    type Field = AssuranceField;
    const FIELDS: &'static [AssuranceField] = &[
        AssuranceField::Audit,
        AssuranceField::Priority,
        AssuranceField::Status,
        AssuranceField::Owner,
    ];
    const NOUN: &'static str = "recommendations and certifications";

    fn label(field: AssuranceField) -> &'static str {
        match field {
            AssuranceField::Audit => "Audit",
            AssuranceField::Priority => "Priority",
            AssuranceField::Status => "Status",
            AssuranceField::Owner => "Owner",
        }
    }

    fn choices(app: &App, field: AssuranceField) -> Vec<Option<String>> {
        let a = state(app);
        let recs = &a.data.recommendations;
        let words = |all: Vec<&str>| -> Vec<Option<String>> {
            std::iter::once(None)
                .chain(all.into_iter().map(|w| Some(w.to_string())))
                .collect()
        };
        match (field, a.register) {
            (AssuranceField::Audit, _) => distinct(recs.iter().map(|r| r.audit.clone())),
            (AssuranceField::Priority, _) => {
                words(Priority::ALL.iter().map(|p| p.as_str()).collect())
            }
            (AssuranceField::Status, Register::Recommendations) => {
                let mut all = vec!["outstanding", "overdue"];
                all.extend(RecommendationStatus::ALL.iter().map(|s| s.as_str()));
                words(all)
            }
            (AssuranceField::Status, Register::Certifications) => words(
                CertificationStatus::ALL
                    .iter()
                    .map(|s| s.as_str())
                    .collect(),
            ),
            (AssuranceField::Owner, Register::Recommendations) => {
                distinct(recs.iter().map(|r| r.owner.clone()))
            }
            (AssuranceField::Owner, Register::Certifications) => distinct(
                a.data
                    .certifications
                    .iter()
                    .map(|c| c.certification.owner.clone()),
            ),
        }
    }

    fn value(app: &App, field: AssuranceField) -> Option<String> {
        let a = state(app);
        let f = &a.filter;
        match field {
            AssuranceField::Audit => f.audit.clone(),
            AssuranceField::Priority => f.priority.map(|p| p.as_str().to_string()),
            AssuranceField::Status => match a.register {
                Register::Recommendations => f.rec_status.clone(),
                Register::Certifications => f.cert_status.map(|s| s.as_str().to_string()),
            },
            AssuranceField::Owner => f.owner.clone(),
        }
    }

    fn set(app: &mut App, field: AssuranceField, value: Option<String>) {
        let a = &mut app.rooms.assurance;
        let f = &mut a.filter;
        match field {
            AssuranceField::Audit => f.audit = value,
            AssuranceField::Priority => f.priority = value.and_then(|v| v.parse().ok()),
            AssuranceField::Status => match a.register {
                Register::Recommendations => f.rec_status = value,
                Register::Certifications => {
                    f.cert_status = value.and_then(|v| v.parse().ok());
                }
            },
            AssuranceField::Owner => f.owner = value,
        }
        a.rec_cursor = Default::default();
        a.cert_cursor = Default::default();
        refresh(app);
    }

    fn clear_all(app: &mut App) {
        app.rooms.assurance.filter = Default::default();
        refresh(app);
    }

    fn search(app: &App) -> &str {
        &state(app).search
    }

    fn set_search(app: &mut App, text: String) {
        let a = &mut app.rooms.assurance;
        a.search = text;
        a.rec_cursor = Default::default();
        a.cert_cursor = Default::default();
        refresh(app);
    }

    fn clear_search(app: &mut App) {
        app.rooms.assurance.search.clear();
        refresh(app);
    }

    fn shown(app: &App) -> (usize, usize) {
        let a = state(app);
        match a.register {
            Register::Recommendations => (a.recommendations.len(), a.data.recommendations.len()),
            Register::Certifications => (a.certifications.len(), a.data.certifications.len()),
        }
    }

    fn move_cursor(app: &mut App, delta: isize) {
        let height = app.page_height;
        let (cursor, len) = app.rooms.assurance.list();
        cursor.move_by(delta, len, height);
    }
}
