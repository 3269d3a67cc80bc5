//! A project's list tabs: milestones, risks, linked cases and its history.

use super::state::ProjectState;
use crate::domain::dates::display_short;
use crate::tui::app::App;
use crate::tui::views::widgets::{clean, fit, signed_days};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

pub fn bold_header(titles: impl IntoIterator<Item = &'static str>) -> Row<'static> {
    Row::new(titles).style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED))
}

pub fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_string()
    } else {
        clean(text)
    }
}

/// Render `rows` from the cursor's offset with the selected one highlighted.
fn list<'a>(
    app: &App,
    state: &ProjectState,
    area: Rect,
    header: Row<'static>,
    widths: Vec<Constraint>,
    rows: Vec<Row<'a>>,
    empty: &str,
) -> (Table<'a>, Option<Paragraph<'static>>) {
    if rows.is_empty() {
        let note = Paragraph::new(format!(" {empty}"));
        return (
            Table::new(Vec::<Row>::new(), widths).header(header),
            Some(note),
        );
    }
    let height = usize::from(area.height.saturating_sub(1));
    let cursor = state.cursor;
    let visible: Vec<Row<'a>> = rows
        .into_iter()
        .enumerate()
        .skip(cursor.offset)
        .take(height)
        .map(|(i, r)| {
            if i == cursor.selected {
                r.style(app.theme.selected())
            } else {
                r
            }
        })
        .collect();
    (
        Table::new(visible, widths).header(header).column_spacing(1),
        None,
    )
}

/// An archived row reads dim (its status column names it too, for a screen without colour).
fn archived_style<'a>(row: Row<'a>, archived: bool, theme: &crate::tui::theme::Theme) -> Row<'a> {
    if archived {
        row.style(theme.dim())
    } else {
        row
    }
}

fn render_list(frame: &mut Frame<'_>, area: Rect, parts: (Table<'_>, Option<Paragraph<'static>>)) {
    let (table, note) = parts;
    frame.render_widget(table, area);
    if let Some(note) = note {
        let below = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1),
            ..area
        };
        frame.render_widget(note, below);
    }
}

pub fn draw_milestones(frame: &mut Frame<'_>, app: &App, state: &ProjectState, area: Rect) {
    let theme = &app.theme;
    let wide = area.width >= 100;
    let rows: Vec<Row> = state
        .milestones
        .iter()
        .map(|m| {
            let status = if m.archived {
                Span::raw("Archived")
            } else if m.is_done() {
                Span::raw("Done")
            } else if m.is_overdue(app.today) {
                Span::styled("Overdue", theme.warn())
            } else if m.is_due_soon(app.today, app.settings.due_soon_days) {
                Span::raw("Due soon")
            } else {
                Span::raw("")
            };
            let d = |d: Option<NaiveDate>| d.map(display_short).unwrap_or_default();
            let slip = m
                .slippage_days()
                .filter(|s| *s != 0)
                .map(signed_days)
                .unwrap_or_default();
            let mut cells = vec![
                Line::from(status),
                Line::from(clean(&m.name)),
                Line::from(d(m.baseline_date)),
                Line::from(d(m.forecast_date)),
                Line::from(d(m.actual_date)),
                Line::from(slip),
            ];
            if wide {
                cells.push(Line::from(clean(&m.owner)));
            }
            // Archived rows (shown with A) are dimmed and say so.
            archived_style(Row::new(cells), m.archived, theme)
        })
        .collect();
    let mut widths = vec![
        Constraint::Length(8),
        Constraint::Min(16),
        Constraint::Length(8),
        Constraint::Length(8),
        Constraint::Length(8),
        Constraint::Length(6),
    ];
    let mut titles = vec![
        "Status",
        "Milestone",
        "Baseline",
        "Forecast",
        "Actual",
        "Slip",
    ];
    if wide {
        widths.push(Constraint::Length(18));
        titles.push("Owner");
    }
    let header =
        Row::new(titles).style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    let parts = list(app, state, area, header, widths, rows, "No milestones yet.");
    render_list(frame, area, parts);
}

pub fn draw_risks(frame: &mut Frame<'_>, app: &App, state: &ProjectState, area: Rect) {
    let theme = &app.theme;
    let wide = area.width >= 100;
    let rows: Vec<Row> = state
        .risks
        .iter()
        .map(|r| {
            let band = r.band(&app.settings);
            let score = format!(
                "{:>2} {}×{} {}",
                r.score(),
                r.likelihood,
                r.impact,
                band.label()
            );
            let target = r.target_score().map(|t| t.to_string()).unwrap_or_default();
            let review = match r.review_date {
                Some(d) if r.review_overdue(app.today) => {
                    Span::styled(format!("{}!", display_short(d)), theme.warn())
                }
                Some(d) => Span::raw(display_short(d)),
                None => Span::raw(""),
            };
            let status = match (r.archived, r.open) {
                (true, _) => "archived",
                (false, true) => r.kind.as_str(),
                (false, false) => "closed",
            };
            let mut cells = vec![
                Line::from(clean(&r.code)),
                Line::from(status),
                Line::from(clean(&r.title)),
                Line::from(Span::styled(score, theme.band(band))),
                Line::from(target),
            ];
            if wide {
                cells.push(Line::from(clean(&r.consequence)));
                cells.push(Line::from(clean(&r.owner)));
            }
            cells.push(Line::from(review));
            archived_style(Row::new(cells), r.archived, theme)
        })
        .collect();
    let mut widths = vec![
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Min(16),
        Constraint::Length(17),
        Constraint::Length(6),
    ];
    let mut titles = vec!["Code", "Kind", "Risk", "Score", "Target"];
    if wide {
        widths.push(Constraint::Min(16));
        widths.push(Constraint::Length(16));
        titles.push("Impact");
        titles.push("Owner");
    }
    widths.push(Constraint::Length(9));
    titles.push("Review");
    let header =
        Row::new(titles).style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    let parts = list(
        app,
        state,
        area,
        header,
        widths,
        rows,
        "No risks recorded for this project.",
    );
    render_list(frame, area, parts);
}

pub fn draw_cases(frame: &mut Frame<'_>, app: &App, state: &ProjectState, area: Rect) {
    let rows: Vec<Row> = state
        .cases
        .iter()
        .map(|c| {
            let state_text = if c.hold_reason.is_empty() {
                c.state.as_str().to_string()
            } else {
                format!("{} ({})", c.state.as_str(), c.hold_reason)
            };
            let age = c
                .opened_at
                .filter(|_| c.state.is_open())
                .map(|at| format!("{}d", (app.today - at.date()).num_days()))
                .unwrap_or_default();
            Row::new(vec![
                Line::from(clean(&c.reference)),
                Line::from(c.kind.as_str()),
                Line::from(format!("P{}", c.priority)),
                Line::from(fit(&state_text, 30)),
                Line::from(
                    c.opened_at
                        .map(|d| display_short(d.date()))
                        .unwrap_or_default(),
                ),
                Line::from(age),
                Line::from(clean(&c.summary)),
            ])
        })
        .collect();
    let widths = vec![
        Constraint::Length(11),
        Constraint::Length(8),
        Constraint::Length(2),
        Constraint::Length(if area.width >= 100 { 30 } else { 12 }),
        Constraint::Length(8),
        Constraint::Length(5),
        Constraint::Min(10),
    ];
    let header = bold_header(["Ref", "Kind", "P", "State", "Opened", "Age", "Summary"]);
    let parts = list(
        app,
        state,
        area,
        header,
        widths,
        rows,
        "No service-desk cases are linked to this project.",
    );
    render_list(frame, area, parts);
}

pub fn draw_history(frame: &mut Frame<'_>, app: &App, state: &ProjectState, area: Rect) {
    // The reason column goes first on a narrow screen: the change itself matters more.
    use crate::tui::views::audit_text::{change_text, what_text, what_width};
    let wide = area.width >= 110;
    let whats: Vec<String> = state.audit.iter().map(what_text).collect();
    // When, who, the change and (wide) the reason at their least, and the gaps.
    let others = if wide {
        14 + 14
            + crate::tui::views::audit_text::CHANGE_WIDTH
            + crate::tui::views::audit_text::REASON_WIDTH
            + 4
    } else {
        14 + 14 + 12 + 3
    };
    let what_width = what_width(&whats, 24, area.width.saturating_sub(others));
    let rows: Vec<Row> = state
        .audit
        .iter()
        .zip(whats)
        .map(|(a, what)| {
            let change = change_text(a);
            let mut cells = vec![
                Line::from(a.at.format("%d/%m/%y %H:%M").to_string()),
                Line::from(clean(&a.user)),
                Line::from(what),
                Line::from(change),
            ];
            if wide {
                cells.push(Line::from(clean(&a.reason)));
            }
            Row::new(cells)
        })
        .collect();
    let mut widths = vec![
        Constraint::Length(14),
        Constraint::Length(14),
        Constraint::Length(what_width),
        Constraint::Min(if wide {
            crate::tui::views::audit_text::CHANGE_WIDTH
        } else {
            12
        }),
    ];
    let header = if wide {
        widths.push(Constraint::Min(12));
        bold_header(["When", "Who", "What", "Change", "Reason"].to_vec())
    } else {
        bold_header(["When", "Who", "What", "Change"].to_vec())
    };
    let parts = list(
        app,
        state,
        area,
        header,
        widths,
        rows,
        "No recorded changes yet.",
    );
    render_list(frame, area, parts);
}
