//! Keys on the portfolio.

use super::load::PortfolioData;
use crate::store::edit::Entity;
use crate::tui::cursor::navigate;
use crate::tui::prelude::*;

/// Move, open, search, filter, sort, edit or archive the selected project, start triage.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let height = app.page_height;
    let len = app.portfolio.visible.len();
    let cursor = &mut app.portfolio.cursor;
    match action {
        _ if navigate(cursor, action, len, height) => {}
        Action::Open => {
            if let Some(row) = app.selected_row() {
                let id = row.id;
                app.back_to = None;
                return vec![Effect::LoadProject(id)];
            }
        }
        Action::Back => {
            if !app.portfolio.search.is_empty() {
                app.portfolio.search.clear();
                app.refresh_visible();
                app.message = Some("search cleared".into());
            } else if !app.portfolio.filter.is_default() {
                app.portfolio.filter = Default::default();
                app.refresh_visible();
                app.message = Some("filter cleared".into());
            }
        }
        Action::Search => crate::tui::overlays::search::open::<super::PortfolioList>(app),
        Action::Filter => app.overlay = Some(Overlay::Filter { field: 0 }),
        Action::Triage => return crate::tui::screens::triage::start_triage(app),
        Action::ChangeRag | Action::Edit => {
            if let Some(row) = app.selected_row() {
                let request = if action == Action::ChangeRag {
                    EditKind::ChangeRag(row.id)
                } else {
                    EditKind::EditProject(row.id)
                };
                return vec![Effect::OpenForm(request)];
            }
        }
        Action::New => return vec![Effect::OpenForm(EditKind::NewProject)],
        Action::Archive => {
            if let Some(row) = app.selected_row() {
                let verb = if row.archived { "Restore" } else { "Archive" };
                let text = format!(
                    "{verb} project {} · {}? {} (y/n)",
                    row.code,
                    row.name,
                    if row.archived {
                        "It returns to the work plan."
                    } else {
                        "It is hidden from the work plan and can be restored (A shows archived)."
                    }
                );
                let write = crate::tui::forms::archive_write(
                    Entity::Project,
                    row.id,
                    row.version,
                    row.archived,
                    &format!("project {}", row.code),
                );
                app.overlay = Some(Overlay::Confirm {
                    text,
                    write: Box::new(write),
                });
            }
        }
        Action::ShowArchived => {
            app.portfolio.filter.archived = !app.portfolio.filter.archived;
            app.portfolio.cursor = Default::default();
            app.refresh_visible();
            app.message = Some(if app.portfolio.filter.archived {
                "showing archived projects (x restores one)".into()
            } else {
                "archived projects hidden".into()
            });
        }
        Action::Sort => {
            app.portfolio.sort = app.portfolio.sort.next();
            app.refresh_visible();
            app.message = Some(format!("sorted by {}", app.portfolio.sort.label()));
        }
        Action::ReverseSort => {
            app.portfolio.reverse = !app.portfolio.reverse;
            app.refresh_visible();
            app.message = Some(format!(
                "sorted by {}{}",
                app.portfolio.sort.label(),
                if app.portfolio.reverse {
                    ", reversed"
                } else {
                    ""
                }
            ));
        }
        Action::NextView => return crate::tui::screens::timeline::open_timeline(app),
        Action::PrevView if app.project.is_some() => app.screen = Screen::Project,
        Action::PrevView => return crate::tui::screens::timeline::open_timeline(app),
        _ => {}
    }
    Vec::new()
}

/// The settings and every project read (the selected project stays selected).
pub fn on_loaded(app: &mut App, data: PortfolioData) {
    app.settings = data.settings;
    app.portfolio.assurance = data.assurance;
    app.portfolio.head = None;
    app.set_rows(data.rows);
}

/// The first screen of a large portfolio: its first rows, and the counts of the whole.
pub fn on_head(app: &mut App, data: super::PortfolioHeadData) {
    app.settings = data.settings;
    app.portfolio.assurance = data.assurance;
    app.portfolio.head = Some(data.head.counts);
    app.set_rows(data.head.rows);
}
