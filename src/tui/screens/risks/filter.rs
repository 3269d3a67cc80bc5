//! The risk register's search and filter fields.

use super::state::Scope;
use crate::domain::{RiskBand, RiskKind};
use crate::tui::app::App;
use crate::tui::overlays::filter::Filterable;
use crate::tui::screens::portfolio::distinct;

/// The register as the search and filter dialogs see it.
pub struct RiskList;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskField {
    Scope,
    Organisation,
    Theme,
    Project,
    Owner,
    Band,
    Status,
    Kind,
}

const BANDS: [RiskBand; 4] = [
    RiskBand::Low,
    RiskBand::Medium,
    RiskBand::High,
    RiskBand::VeryHigh,
];

impl Filterable for RiskList {
    type Field = RiskField;
    const FIELDS: &'static [RiskField] = &[
        RiskField::Scope,
        RiskField::Organisation,
        RiskField::Theme,
        RiskField::Project,
        RiskField::Owner,
        RiskField::Band,
        RiskField::Status,
        RiskField::Kind,
    ];
    const NOUN: &'static str = "risks";

    fn label(field: RiskField) -> &'static str {
        match field {
            RiskField::Scope => "Register",
            RiskField::Organisation => "Organisation",
            RiskField::Theme => "Theme",
            RiskField::Project => "Project",
            RiskField::Owner => "Owner",
            RiskField::Band => "Band",
            RiskField::Status => "Status",
            RiskField::Kind => "Kind",
        }
    }

    fn choices(app: &App, field: RiskField) -> Vec<Option<String>> {
        let risks = &app.risks.rows;
        let fixed = |values: &[&str]| -> Vec<Option<String>> {
            std::iter::once(None)
                .chain(values.iter().map(|v| Some(v.to_string())))
                .collect()
        };
        match field {
            RiskField::Scope => vec![None, Some("corporate".into()), Some("project".into())],
            RiskField::Organisation => {
                distinct(risks.iter().flat_map(|r| r.organisations.iter().cloned()))
            }
            RiskField::Theme => distinct(
                risks
                    .iter()
                    .filter_map(|r| r.theme.as_deref().map(str::to_string)),
            ),
            RiskField::Project => {
                distinct(risks.iter().filter_map(|r| r.risk.project_code.clone()))
            }
            RiskField::Owner => distinct(risks.iter().map(|r| r.risk.owner.clone())),
            RiskField::Band => fixed(&["Low", "Medium", "High", "Very high"]),
            RiskField::Status => fixed(&["open", "closed"]),
            RiskField::Kind => fixed(&["risk", "issue"]),
        }
    }

    fn value(app: &App, field: RiskField) -> Option<String> {
        let r = &app.risks.filter;
        match field {
            RiskField::Scope => match r.scope {
                Scope::All => None,
                Scope::Corporate => Some("corporate".into()),
                Scope::Project => Some("project".into()),
            },
            RiskField::Organisation => r.organisation.clone(),
            RiskField::Theme => r.theme.clone(),
            RiskField::Project => r.project.clone(),
            RiskField::Owner => r.owner.clone(),
            RiskField::Band => r.band.map(|b| b.label().to_string()),
            RiskField::Status => r
                .open
                .map(|open| if open { "open" } else { "closed" }.to_string()),
            RiskField::Kind => r.kind.map(|k| k.as_str().to_string()),
        }
    }

    fn set(app: &mut App, field: RiskField, value: Option<String>) {
        let r = &mut app.risks.filter;
        match field {
            RiskField::Organisation => r.organisation = value,
            RiskField::Theme => r.theme = value,
            RiskField::Project => r.project = value,
            RiskField::Owner => r.owner = value,
            RiskField::Scope => {
                r.scope = match value.as_deref() {
                    Some("corporate") => Scope::Corporate,
                    Some("project") => Scope::Project,
                    _ => Scope::All,
                }
            }
            RiskField::Band => {
                r.band = BANDS
                    .into_iter()
                    .find(|b| Some(b.label()) == value.as_deref())
            }
            RiskField::Status => {
                r.open = match value.as_deref() {
                    Some("open") => Some(true),
                    Some("closed") => Some(false),
                    _ => None,
                }
            }
            RiskField::Kind => r.kind = value.and_then(|v| v.parse::<RiskKind>().ok()),
        }
        app.risks.cursor = Default::default();
        app.risks.refresh_visible(&app.settings, app.page_height);
    }

    fn clear_all(app: &mut App) {
        app.risks.filter = Default::default();
        app.risks.refresh_visible(&app.settings, app.page_height);
    }

    fn search(app: &App) -> &str {
        &app.risks.search
    }

    fn set_search(app: &mut App, text: String) {
        app.risks.search = text;
        app.risks.cursor = Default::default();
        app.risks.refresh_visible(&app.settings, app.page_height);
    }

    fn clear_search(app: &mut App) {
        app.risks.search.clear();
        app.risks.refresh_visible(&app.settings, app.page_height);
    }

    fn shown(app: &App) -> (usize, usize) {
        (app.risks.visible.len(), app.risks.rows.len())
    }

    fn move_cursor(app: &mut App, delta: isize) {
        let len = app.risks.visible.len();
        app.risks.cursor.move_by(delta, len, app.page_height);
    }
}
