//! A project's detail: overview (RAG, reason, since, history strip, dates, budget, people,
//! description, RAG history) and tabs for milestones, risks, cases and history.

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, Tabs, Wrap};

use super::state::{ProjectState, Tab};
use super::tabs::{bold_header, draw_cases, draw_history, draw_milestones, draw_risks, or_dash};
use crate::domain::dates::{display, display_short};
use crate::domain::money::format_pounds;
use crate::domain::schedule::{rosier_than_schedule, schedule_rag};
use crate::domain::{Rag, RagChange};
use crate::tui::app::App;
use crate::tui::views::widgets::{clean, fit, rag_badge, signed_days};

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let Some(state) = app.project.as_ref() else {
        return;
    };
    let [title, tabs, body] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    draw_title(frame, app, state, title);
    draw_tabs(frame, app, state, tabs);
    match state.tab {
        Tab::Overview => draw_overview(frame, app, state, body),
        Tab::Timeline => {
            crate::tui::screens::timeline::draw_project_timeline(frame, app, state, body)
        }
        Tab::Milestones => {
            if !super::milestone_detail::draw(frame, app, state, body) {
                draw_milestones(frame, app, state, body)
            }
        }
        // A risk's detail as the register draws it.
        Tab::Risks => match state.detail.and_then(|d| state.register_row(d.id)) {
            Some(row) => crate::tui::screens::risks::detail::draw(frame, app, body, &row),
            None => draw_risks(frame, app, state, body),
        },
        Tab::Cases => draw_cases(frame, app, state, body),
        Tab::History => draw_history(frame, app, state, body),
    }
}

fn overdue(app: &App, state: &ProjectState) -> u32 {
    state
        .milestones
        .iter()
        .filter(|m| m.is_overdue(app.today))
        .count() as u32
}

/// The schedule's suggestion when the declared RAG is rosier.
fn suggested_rag(app: &App, state: &ProjectState) -> Option<Rag> {
    let p = &state.project;
    let schedule = schedule_rag(
        p.baseline_end,
        p.forecast_end,
        overdue(app, state),
        &app.settings,
    );
    rosier_than_schedule(p.rag.on_scale(app.settings.rag_scale), schedule)
}

fn draw_title(frame: &mut Frame<'_>, app: &App, state: &ProjectState, area: Rect) {
    let p = &state.project;
    let rag = p.rag.on_scale(app.settings.rag_scale);
    let mut spans = vec![Span::raw(" "), rag_badge(rag, &app.theme)];
    if let Some(suggested) = suggested_rag(app, state) {
        spans.push(Span::styled(
            format!("→{}?", suggested.letters()),
            app.theme.warn(),
        ));
    }
    spans.push(Span::styled(
        format!(" {} · {}", clean(&p.code), clean(&p.name)),
        app.theme.title(),
    ));
    let first = Line::from(spans);
    let mut facts = vec![p.stage.short().to_string()];
    if let Some(t) = &p.theme {
        facts.push(clean(t));
    }
    if !p.organisations.is_empty() {
        facts.push(clean(&p.organisations.join(", ")));
    }
    let second = Line::styled(
        format!(
            "      {}",
            fit(
                &facts.join(" · "),
                usize::from(area.width.saturating_sub(7))
            )
        ),
        app.theme.dim(),
    );
    frame.render_widget(Paragraph::new(vec![first, second]), area);
}

fn draw_tabs(frame: &mut Frame<'_>, app: &App, state: &ProjectState, area: Rect) {
    let titles = Tab::ALL.iter().map(|t| {
        let n = match t {
            Tab::Overview | Tab::Timeline => None,
            Tab::Milestones => Some(state.milestones.len()),
            Tab::Risks => Some(state.risks.len()),
            Tab::Cases => Some(state.cases.len()),
            Tab::History => Some(state.audit.len()),
        };
        match n {
            Some(n) => format!("{} {n}", t.title()),
            None => t.title().to_string(),
        }
    });
    let selected = Tab::ALL.iter().position(|t| *t == state.tab).unwrap_or(0);
    frame.render_widget(
        Tabs::new(titles)
            .select(selected)
            .highlight_style(app.theme.selected())
            .divider("│"),
        area,
    );
}

/// The RAG at the end of each of the last 12 months, oldest first (None before any record).
pub fn monthly_rag(history: &[RagChange], today: NaiveDate) -> Vec<(NaiveDate, Option<Rag>)> {
    (0..12)
        .rev()
        .map(|back| {
            let month_start = today
                .with_day(1)
                .and_then(|d| d.checked_sub_months(chrono::Months::new(back)))
                .unwrap_or(today);
            let month_end = month_start
                .checked_add_months(chrono::Months::new(1))
                .map(|d| d.pred_opt().unwrap_or(d))
                .unwrap_or(month_start);
            let rag = history
                .iter()
                .rfind(|h| h.changed_at.date() <= month_end)
                .map(|h| h.rag);
            (month_start, rag)
        })
        .collect()
}

fn history_strip(app: &App, state: &ProjectState) -> Line<'static> {
    let mut spans = vec![Span::raw("History  ")];
    for (_, rag) in monthly_rag(&state.history, app.today) {
        match rag {
            Some(rag) => {
                let rag = rag.on_scale(app.settings.rag_scale);
                spans.push(Span::styled(
                    format!("{:^3}", rag.letters()),
                    app.theme.rag(rag),
                ));
            }
            None => spans.push(Span::styled(" · ", app.theme.dim())),
        }
    }
    let first = monthly_rag(&[], app.today)
        .first()
        .map(|(m, _)| m.format("%b %y").to_string())
        .unwrap_or_default();
    spans.push(Span::styled(format!("  {first} → now"), app.theme.dim()));
    Line::from(spans)
}

fn label(text: &str) -> Span<'static> {
    Span::styled(
        format!("{text:<10}"),
        Style::new().add_modifier(Modifier::BOLD),
    )
}

fn draw_overview(frame: &mut Frame<'_>, app: &App, state: &ProjectState, area: Rect) {
    let p = &state.project;
    let theme = &app.theme;
    let rag = p.rag.on_scale(app.settings.rag_scale);
    let mut lines = Vec::new();
    let since = match state.rag_since() {
        Some(at) => format!(
            " since {} ({} days)",
            display(at.date()),
            (app.today - at.date()).num_days()
        ),
        None => String::new(),
    };
    lines.push(Line::from(vec![
        label("RAG"),
        rag_badge(rag, theme),
        Span::raw(format!(" {}{since}", rag.label())),
    ]));
    if let Some(suggested) = suggested_rag(app, state) {
        lines.push(Line::from(vec![
            label("Schedule"),
            Span::styled(
                format!(
                    "suggests {} ({}; {} overdue milestone{}) — the declared RAG is not changed",
                    suggested.label(),
                    p.slippage_days()
                        .filter(|d| *d > 0)
                        .map(|d| format!("forecast end {d} days after baseline"))
                        .unwrap_or_else(|| "on baseline".to_string()),
                    overdue(app, state),
                    if overdue(app, state) == 1 { "" } else { "s" }
                ),
                theme.warn(),
            ),
        ]));
    }
    if !p.rag_reason.is_empty() {
        lines.push(Line::from(vec![
            label("Reason"),
            Span::raw(clean(&p.rag_reason)),
        ]));
    }
    // What an import kept that a form would have refused, until someone puts it right.
    for (field, gap) in p.gaps() {
        let what = match field {
            "baseline_end" => format!("the baseline end {gap}"),
            "forecast_end" => format!("the forecast end {gap}"),
            _ => gap,
        };
        lines.push(Line::from(vec![
            label("Check"),
            Span::styled(what, theme.warn()),
        ]));
    }
    lines.push(history_strip(app, state));
    let date = |d: Option<NaiveDate>| d.map(display).unwrap_or_else(|| "—".to_string());
    let slip = p
        .slippage_days()
        .filter(|d| *d != 0)
        .map(|d| format!(" ({} against baseline)", signed_days(d)))
        .unwrap_or_default();
    lines.push(Line::from(vec![
        label("Dates"),
        Span::raw(format!(
            "start {} · baseline end {} · forecast end {}{slip}",
            date(p.start_date),
            date(p.baseline_end),
            date(p.forecast_end)
        )),
    ]));
    let complete = p
        .percent_complete
        .map(|c| format!(" · {c}% complete"))
        .unwrap_or_default();
    lines.push(Line::from(vec![
        label("Stage"),
        Span::raw(format!("{}{complete}", p.stage.short())),
    ]));
    let money = |m: Option<i64>| m.map(format_pounds).unwrap_or_else(|| "—".to_string());
    let spent = match (p.spend_to_date, p.total_budget()) {
        (Some(s), Some(b)) if b > 0 => {
            format!(" ({}% of budget)", i128::from(s) * 100 / i128::from(b))
        }
        _ => String::new(),
    };
    lines.push(Line::from(vec![
        label("Budget"),
        Span::raw(format!(
            "capital {} · revenue {} · spend to date {}{spent}",
            money(p.budget_capital),
            money(p.budget_revenue),
            money(p.spend_to_date)
        )),
    ]));
    lines.push(Line::from(vec![
        label("People"),
        Span::raw(format!(
            "manager {} · sponsor {}",
            or_dash(&p.manager),
            or_dash(&p.sponsor)
        )),
    ]));
    if let Some(at) = p.last_reviewed_at {
        lines.push(Line::from(vec![
            label("Reviewed"),
            Span::raw(display(at.date())),
        ]));
    }
    if !p.description.is_empty() {
        lines.push(Line::from(vec![
            label("About"),
            Span::raw(clean(&p.description)),
        ]));
    }
    // Wrapped height, so long reasons and descriptions are never cut off mid-block.
    let inner = usize::from(area.width.max(1));
    let wrapped: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let facts_height = u16::try_from(wrapped)
        .unwrap_or(u16::MAX)
        .saturating_add(1)
        .min(area.height);
    let [facts, history] =
        Layout::vertical([Constraint::Length(facts_height), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::new().borders(Borders::BOTTOM)),
        facts,
    );
    if history.height > 1 {
        draw_rag_history(frame, app, state, history);
    }
}

fn draw_rag_history(frame: &mut Frame<'_>, app: &App, state: &ProjectState, area: Rect) {
    let reason_width = usize::from(area.width.saturating_sub(36));
    let rows = state.history.iter().rev().map(|h| {
        let rag = h.rag.on_scale(app.settings.rag_scale);
        Row::new(vec![
            Line::from(display_short(h.changed_at.date())),
            Line::from(rag_badge(rag, &app.theme)),
            Line::from(fit(&h.reason, reason_width)),
            Line::from(fit(&h.changed_by, 16)),
        ])
    });
    let table = Table::new(
        rows.skip(state.cursor.offset),
        [
            Constraint::Length(8),
            Constraint::Length(4),
            Constraint::Min(10),
            Constraint::Length(16),
        ],
    )
    .header(bold_header(["Changed", "RAG", "Reason", "By"]))
    .column_spacing(1);
    frame.render_widget(table, area);
}
