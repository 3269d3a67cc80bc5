//! The portfolio's search and filter fields (the timeline shows the same list).

use std::collections::BTreeSet;

use crate::domain::{Rag, Stage};
use crate::tui::app::App;
use crate::tui::overlays::filter::Filterable;

/// The portfolio as the search and filter dialogs see it.
pub struct PortfolioList;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortfolioField {
    Organisation,
    Theme,
    Stage,
    Rag,
    Manager,
    Mine,
}

/// "any" and then each distinct, non-blank value.
pub fn distinct(values: impl Iterator<Item = String>) -> Vec<Option<String>> {
    let set: BTreeSet<String> = values.filter(|v| !v.trim().is_empty()).collect();
    std::iter::once(None)
        .chain(set.into_iter().map(Some))
        .collect()
}

impl Filterable for PortfolioList {
    type Field = PortfolioField;
    const FIELDS: &'static [PortfolioField] = &[
        PortfolioField::Organisation,
        PortfolioField::Theme,
        PortfolioField::Stage,
        PortfolioField::Rag,
        PortfolioField::Manager,
        PortfolioField::Mine,
    ];
    const NOUN: &'static str = "";

    fn label(field: PortfolioField) -> &'static str {
        match field {
            PortfolioField::Organisation => "Organisation",
            PortfolioField::Theme => "Theme",
            PortfolioField::Stage => "Stage",
            PortfolioField::Rag => "RAG",
            PortfolioField::Manager => "Manager",
            PortfolioField::Mine => "Mine only",
        }
    }

    fn choices(app: &App, field: PortfolioField) -> Vec<Option<String>> {
        let rows = &app.portfolio.rows;
        match field {
            PortfolioField::Organisation => {
                distinct(rows.iter().flat_map(|r| r.organisations.iter().cloned()))
            }
            PortfolioField::Theme => distinct(rows.iter().filter_map(|r| r.theme.clone())),
            PortfolioField::Manager => distinct(rows.iter().map(|r| r.manager.clone())),
            PortfolioField::Stage => std::iter::once(None)
                .chain(Stage::ALL.iter().map(|s| Some(s.as_str().to_string())))
                .collect(),
            PortfolioField::Rag => std::iter::once(None)
                .chain(
                    app.settings
                        .rag_scale
                        .values()
                        .iter()
                        .chain([Rag::Unrated].iter())
                        .map(|r| Some(r.as_str().to_string())),
                )
                .collect(),
            PortfolioField::Mine => vec![None, Some("yes".to_string())],
        }
    }

    fn value(app: &App, field: PortfolioField) -> Option<String> {
        let f = &app.portfolio.filter;
        match field {
            PortfolioField::Organisation => f.organisation.clone(),
            PortfolioField::Theme => f.theme.clone(),
            PortfolioField::Manager => f.manager.clone(),
            PortfolioField::Stage => f.stage.map(|s| s.as_str().to_string()),
            PortfolioField::Rag => f.rag.map(|r| r.as_str().to_string()),
            PortfolioField::Mine => f.mine.then(|| "yes".to_string()),
        }
    }

    fn set(app: &mut App, field: PortfolioField, value: Option<String>) {
        let f = &mut app.portfolio.filter;
        match field {
            PortfolioField::Organisation => f.organisation = value,
            PortfolioField::Theme => f.theme = value,
            PortfolioField::Manager => f.manager = value,
            PortfolioField::Stage => f.stage = value.and_then(|v| v.parse().ok()),
            PortfolioField::Rag => f.rag = value.and_then(|v| v.parse().ok()),
            PortfolioField::Mine => f.mine = value.is_some(),
        }
        app.portfolio.cursor = Default::default();
        app.refresh_visible();
    }

    fn clear_all(app: &mut App) {
        app.portfolio.filter = Default::default();
        app.refresh_visible();
    }

    fn search(app: &App) -> &str {
        &app.portfolio.search
    }

    fn set_search(app: &mut App, text: String) {
        app.portfolio.search = text;
        app.portfolio.cursor = Default::default();
        app.refresh_visible();
    }

    fn clear_search(app: &mut App) {
        app.portfolio.search.clear();
        app.refresh_visible();
    }

    fn shown(app: &App) -> (usize, usize) {
        (app.portfolio.visible.len(), app.portfolio.rows.len())
    }

    fn move_cursor(app: &mut App, delta: isize) {
        let len = app.portfolio.visible.len();
        app.portfolio.cursor.move_by(delta, len, app.page_height);
    }
}
