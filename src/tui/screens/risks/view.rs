//! The risk register: a 5x5 heat map (likelihood across, impact up, counts per cell in band
//! colours, cells above appetite marked), the list in score order, and (`detail.rs`) a risk's
//! detail with every dated assessment and its trajectory from inherent to target.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

use super::heat_map::{HeatMap, MAP_HEIGHT, MAP_WIDTH};
use crate::domain::dates::display_short;
use crate::domain::risk::heat_counts;
use crate::tui::app::App;
use crate::tui::message::Job;
use crate::tui::views::widgets::{clean, fit, table_or_note};

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let r = &app.risks;
    if r.loaded_at.is_none() && app.is_running(Job::Risks) {
        crate::tui::views::widgets::loading(frame, &app.theme, area, "Reading the risk register");
        return;
    }
    let [info, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    // Out of every risk in the register (archived ones only when they are being shown).
    let all = r
        .rows
        .iter()
        .filter(|x| x.risk.archived == r.filter.archived)
        .count();
    let mut spans = vec![Span::styled(
        format!(
            " {} of {all} risks · {} · * issue",
            r.visible.len(),
            clean(&r.filter.describe())
        ),
        app.theme.title(),
    )];
    if let Some((l, i)) = r.cell {
        spans.push(Span::raw(format!(" · cell L{l}×I{i}")));
    }
    if !r.search.is_empty() {
        spans.push(Span::raw(format!(" · search: {}", fit(&r.search, 24))));
    }
    if r.map_focus {
        spans.push(Span::styled(
            " · arrows move in the map, Enter keeps the cell, Esc clears",
            app.theme.warn(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), info);
    if let Some(row) = r
        .detail
        .and_then(|id| r.rows.iter().find(|row| row.risk.id == id))
    {
        super::detail::draw(frame, app, body, row);
        return;
    }
    let counts = heat_counts(r.filtered(&app.settings).map(|row| &row.risk), r.basis);
    let map = HeatMap {
        counts,
        basis: r.basis,
        selected: r.cell,
        settings: &app.settings,
        theme: &app.theme,
    };
    let (map_area, list_area) = if body.width >= 110 {
        let [left, right] =
            Layout::horizontal([Constraint::Length(MAP_WIDTH + 2), Constraint::Min(40)])
                .areas(body);
        (
            Rect {
                height: MAP_HEIGHT.min(left.height),
                ..left
            },
            right,
        )
    } else {
        let [top, rest] =
            Layout::vertical([Constraint::Length(MAP_HEIGHT), Constraint::Min(3)]).areas(body);
        (top, rest)
    };
    frame.render_widget(
        map,
        Rect {
            x: map_area.x + 1,
            ..map_area
        },
    );
    draw_list(frame, app, list_area);
}

fn draw_list(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let r = &app.risks;
    let theme = &app.theme;
    let wide = area.width >= 110;
    let height = usize::from(area.height.saturating_sub(1));
    let rows: Vec<Row> = r
        .visible
        .iter()
        .enumerate()
        .skip(r.cursor.offset)
        .take(height)
        .map(|(n, &i)| {
            let row = &r.rows[i];
            let risk = &row.risk;
            let band = risk.band(&app.settings);
            let trend = row.trend().map(|t| t.arrow(theme.unicode)).unwrap_or(" ");
            let review = match risk.review_date {
                Some(d) if risk.review_overdue(app.today) => {
                    Span::styled(format!("{}!", display_short(d)), theme.warn())
                }
                Some(d) => Span::raw(display_short(d)),
                None => Span::raw(""),
            };
            let code = if risk.kind == crate::domain::RiskKind::Issue {
                format!("{}*", clean(&risk.code))
            } else {
                clean(&risk.code)
            };
            let mut cells = vec![Line::from(code), Line::from(clean(&risk.title))];
            if wide {
                cells.push(Line::from(clean(&risk.consequence)));
                cells.push(Line::from(clean(&risk.control)));
                cells.push(Line::from(clean(&risk.owner)));
            }
            cells.extend([
                Line::from(Span::styled(
                    format!(
                        "{:>2} {}×{} {}",
                        risk.score(),
                        risk.likelihood,
                        risk.impact,
                        band.short()
                    ),
                    theme.band(band),
                )),
                Line::from(trend),
                Line::from(
                    risk.target_score()
                        .map(|t| t.to_string())
                        .unwrap_or_default(),
                ),
                Line::from(review),
                Line::from(clean(risk.project_code.as_deref().unwrap_or("corp."))),
            ]);
            let line = Row::new(cells);
            if r.cursor.offset + n == r.cursor.selected {
                line.style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    let mut titles = vec!["Code", "Risk"];
    let mut widths = vec![Constraint::Length(7), Constraint::Min(16)];
    if wide {
        titles.extend(["Impact", "Control", "Owner"]);
        widths.extend([
            Constraint::Min(16),
            Constraint::Min(16),
            Constraint::Length(14),
        ]);
    }
    titles.extend(["Score", "Tr", "Tgt", "Review", "Project"]);
    widths.extend([
        Constraint::Length(13),
        Constraint::Length(2),
        Constraint::Length(3),
        Constraint::Length(9),
        Constraint::Length(8),
    ]);
    let header =
        Row::new(titles).style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    let empty = r
        .visible
        .is_empty()
        .then_some(" No risks match (Esc clears the cell or search; f filters).");
    table_or_note(
        frame,
        area,
        Table::new(rows, widths).header(header).column_spacing(1),
        empty,
    );
}
