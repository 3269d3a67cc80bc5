//! Keys on the risk register (and the risk keys a project's Risks tab shares).

use super::load::RisksData;
use crate::store::edit::Entity;
use crate::tui::cursor::navigate;
use crate::tui::prelude::*;

/// Risk writes shared by the register and a project's Risks tab.
pub fn risk_write_action(
    app: &mut App,
    action: Action,
    risk: &crate::domain::Risk,
) -> Option<Vec<Effect>> {
    use rusqlite::types::Value;
    // What the register showed for the fields these keys change: a colleague's change to
    // any other field merges.
    let loaded = [
        (
            "status",
            Value::Text(if risk.open { "open" } else { "closed" }.into()),
        ),
        ("kind", Value::Text(risk.kind.as_str().into())),
    ];
    let edit = |values: Vec<(&'static str, Value)>, reason: &str, label: String| Write::Edit {
        edit: crate::store::edit::Edit {
            entity: Entity::Risk,
            id: risk.id,
            expected_version: risk.version,
            loaded: loaded
                .iter()
                .filter(|(c, _)| values.iter().any(|(v, _)| v == c))
                .cloned()
                .collect(),
            values,
            reason: reason.to_string(),
        },
        label,
    };
    match action {
        Action::Reassess => Some(vec![Effect::OpenForm(EditKind::Reassess(risk.id))]),
        Action::Edit => Some(vec![Effect::OpenForm(EditKind::EditRisk(risk.id))]),
        Action::CloseReopen => {
            let (status, verb) = if risk.open {
                ("closed", "closed")
            } else {
                ("open", "re-opened")
            };
            Some(vec![Effect::Write(edit(
                vec![("status", Value::Text(status.into()))],
                verb,
                format!("{verb} {}", risk.code),
            ))])
        }
        Action::ToIssue if risk.kind == crate::domain::RiskKind::Issue => {
            app.message = Some(format!("{} is already an issue", risk.code));
            Some(Vec::new())
        }
        Action::ToIssue => {
            app.overlay = Some(Overlay::Confirm {
                text: format!(
                    "Has {} '{}' happened? It becomes an issue in the same register. (y/n)",
                    risk.code, risk.title
                ),
                write: Box::new(edit(
                    vec![("kind", Value::Text("issue".into()))],
                    "the risk has materialised",
                    format!("{} is now an issue", risk.code),
                )),
            });
            Some(Vec::new())
        }
        Action::Archive => {
            let what = format!("risk {} '{}'", risk.code, risk.title);
            app.overlay = Some(Overlay::Confirm {
                text: format!(
                    "{} {what}? (y/n)",
                    if risk.archived { "Restore" } else { "Archive" }
                ),
                write: Box::new(crate::tui::forms::archive_write(
                    Entity::Risk,
                    risk.id,
                    risk.version,
                    risk.archived,
                    &what,
                )),
            });
            Some(Vec::new())
        }
        _ => None,
    }
}

/// Move, re-assess, close, filter, narrow by the heat map, open a risk's detail.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    if app.risks.map_focus {
        map_update(app, action);
        return Vec::new();
    }
    let height = app.page_height;
    let len = app.risks.visible.len();
    if navigate(&mut app.risks.cursor, action, len, height) {
        return Vec::new();
    }
    if let Some(risk) = app.risks.selected().map(|r| r.risk.clone())
        && let Some(effects) = risk_write_action(app, action, &risk)
    {
        return effects;
    }
    let r = &mut app.risks;
    match action {
        Action::Scope => {
            r.filter.scope = r.filter.scope.next();
            r.cursor = Default::default();
            app.message = Some(format!("showing {}", r.filter.scope.label()));
        }
        Action::Basis => {
            r.basis = r.basis.next();
            r.cell = None;
            app.message = Some(format!("heat map: {} scores", r.basis.label()));
        }
        Action::MapFocus => {
            r.map_focus = true;
            let basis = r.basis;
            r.cell = r
                .selected()
                .and_then(|row| row.risk.rating(basis))
                .or(Some((3, 3)));
            r.cursor = Default::default();
        }
        Action::Open => {
            let id = r.selected().map(|row| row.risk.id);
            r.detail = if r.detail.is_some() { None } else { id };
        }
        Action::Back if r.detail.is_some() => r.detail = None,
        Action::Back if r.cell.is_some() => r.cell = None,
        Action::Back if !r.search.is_empty() => r.search.clear(),
        Action::Back => app.screen = Screen::Portfolio,
        Action::New => {
            let project = r
                .selected()
                .and_then(|row| row.risk.project_id)
                .filter(|_| r.filter.scope == super::state::Scope::Project);
            return vec![Effect::OpenForm(EditKind::NewRisk(project))];
        }
        Action::ShowArchived => r.filter.archived = !r.filter.archived,
        Action::Search => crate::tui::overlays::search::open::<super::RiskList>(app),
        Action::Filter => app.overlay = Some(Overlay::Filter { field: 0 }),
        Action::NextView | Action::PrevView => app.screen = Screen::Portfolio,
        _ => {}
    }
    app.risks.refresh_visible(&app.settings, height);
    Vec::new()
}

/// With the heat map focused, the arrows (and h/l) move its cell and the list follows; Enter
/// keeps the cell, Esc (or M again) leaves and clears it.
fn map_update(app: &mut App, action: Action) {
    let (l, i) = app.risks.cell.unwrap_or((3, 3));
    let cell = match action {
        Action::ScrollBack => (l.saturating_sub(1).max(1), i),
        Action::ScrollOn => ((l + 1).min(5), i),
        Action::Up => (l, (i + 1).min(5)),
        Action::Down => (l, i.saturating_sub(1).max(1)),
        Action::Open => {
            app.risks.map_focus = false;
            return;
        }
        Action::Back | Action::MapFocus => {
            app.risks.map_focus = false;
            app.risks.cell = None;
            app.risks.cursor = Default::default();
            app.risks.refresh_visible(&app.settings, app.page_height);
            return;
        }
        _ => return,
    };
    app.risks.cell = Some(cell);
    app.risks.cursor = Default::default();
    app.risks.refresh_visible(&app.settings, app.page_height);
}

/// The register read: shown (keeping the selected risk), unless it was read in the
/// background for a visit the user has since left (then it is not kept: see
/// `memory::release_large_views`).
pub fn on_loaded(app: &mut App, data: RisksData, ran: Ran) {
    if ran == Ran::InBackground && app.screen != Screen::Risks {
        return;
    }
    let selected = app.risks.selected().map(|r| r.risk.id);
    app.risks.rows = data.rows;
    app.risks.loaded_at = Some(data.token);
    app.risks.refresh_visible(&app.settings, app.page_height);
    if let Some(i) = selected.and_then(|id| {
        app.risks
            .visible
            .iter()
            .position(|i| app.risks.rows[*i].risk.id == id)
    }) {
        app.risks.cursor.selected = i;
        let (len, height) = (app.risks.visible.len(), app.page_height);
        app.risks.cursor.keep_visible(len, height);
    }
}
