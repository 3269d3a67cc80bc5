//! The assurance view: audit recommendations grouped by audit (outstanding and overdue by
//! priority), or certifications by their next date; the selected row's detail on `Enter`.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::state::{AssuranceState, RecommendationSort, Register};
use crate::domain::assurance::{CertificationStatus, PriorityCounts, Recommendation};
use crate::domain::dates::{display, display_short};
use crate::domain::text::{pad, width};
use crate::tui::app::App;
use crate::tui::views::widgets::{clean, fit};

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let a = &app.rooms.assurance;
    if !a.loaded {
        crate::tui::views::widgets::loading(
            frame,
            &app.theme,
            area,
            "Reading the assurance registers",
        );
        return;
    }
    let [modes, summary, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    draw_modes(frame, app, modes);
    frame.render_widget(Paragraph::new(summary_line(app)), summary);
    let (list, detail) = if a.detail && body.width >= 150 {
        let [l, d] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(body);
        (l, Some(d))
    } else if a.detail {
        let list_rows = (body.height / 3).max(3).min(body.height);
        let [l, d] =
            Layout::vertical([Constraint::Length(list_rows), Constraint::Min(1)]).areas(body);
        (l, Some(d))
    } else {
        (body, None)
    };
    match a.register {
        Register::Recommendations => draw_recommendations(frame, app, list),
        Register::Certifications => draw_certifications(frame, app, list),
    }
    if let Some(detail) = detail {
        super::detail::draw(frame, app, detail);
    }
}

fn draw_modes(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let a = &app.rooms.assurance;
    let counts = PriorityCounts::of(&a.data.recommendations, app.today);
    let due_days = app.settings.certification_due_days;
    let attention = a
        .data
        .certifications
        .iter()
        .filter(|c| !c.certification.archived)
        .filter(|c| c.status(app.today, due_days) != CertificationStatus::Current)
        .count();
    let live = a
        .data
        .certifications
        .iter()
        .filter(|c| !c.certification.archived)
        .count();
    let tab = |on: bool, text: String| {
        let style = if on {
            app.theme.selected()
        } else {
            Style::new()
        };
        Span::styled(text, style)
    };
    let spans = vec![
        tab(
            a.register == Register::Recommendations,
            format!(
                " Recommendations {} outstanding, {} overdue ",
                counts.outstanding_total(),
                counts.overdue_total()
            ),
        ),
        Span::raw("│"),
        tab(
            a.register == Register::Certifications,
            format!(" Certifications {live}, {attention} need attention "),
        ),
        Span::raw("│"),
        Span::styled(" v switches", app.theme.dim()),
    ];
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn summary_line(app: &App) -> Line<'static> {
    let a = &app.rooms.assurance;
    match a.register {
        Register::Recommendations => {
            let shown = a
                .recommendations
                .iter()
                .filter_map(|i| a.data.recommendations.get(*i));
            let c = PriorityCounts::of(shown, app.today);
            let part = |name: &str, i: usize| {
                if c.overdue[i] > 0 {
                    format!("{name} {} ({} overdue)", c.outstanding[i], c.overdue[i])
                } else {
                    format!("{name} {}", c.outstanding[i])
                }
            };
            Line::from(format!(
                " Outstanding: {} · {} · {}{} · due date * revised, ! passed",
                part("high", 0),
                part("medium", 1),
                part("low", 2),
                filtered(a)
            ))
        }
        Register::Certifications => {
            let due_days = app.settings.certification_due_days;
            let mut n = [0usize; 5];
            for c in a
                .certifications
                .iter()
                .filter_map(|i| a.data.certifications.get(*i))
            {
                n[c.status(app.today, due_days) as usize] += 1;
            }
            Line::from(format!(
                " Current {} · due {} · overdue {} · failed {} · expired {}{}",
                n[0],
                n[1],
                n[2],
                n[3],
                n[4],
                filtered(a)
            ))
        }
    }
}

/// The order, and "(filtered)" when a search or filter narrows the list.
fn filtered(a: &AssuranceState) -> String {
    use super::state::CertificationSort;
    let order = match a.register {
        Register::Recommendations => match a.rec_sort {
            RecommendationSort::Audit => "by audit",
            RecommendationSort::Due => "by due date",
            RecommendationSort::Priority => "by priority",
        },
        Register::Certifications => match a.cert_sort {
            CertificationSort::NextDate => "by next date",
            CertificationSort::Name => "by name",
            CertificationSort::Status => "by status",
        },
    };
    let reversed = if a.reverse { ", reversed" } else { "" };
    let narrowed = if !a.search.trim().is_empty() || a.filter != Default::default() {
        " · filtered (Esc, f)"
    } else {
        ""
    };
    format!(" · {order}{reversed}{narrowed}")
}

/// A date cell: short date, `*` when it is a revised date, `!` when it has passed.
fn due_cell(r: &Recommendation, today: NaiveDate) -> String {
    match r.due() {
        None => "—".into(),
        Some(d) => format!(
            "{}{}{}",
            display_short(d),
            if r.revised_due_date.is_some() {
                "*"
            } else {
                ""
            },
            if r.is_overdue(today) { "!" } else { "" }
        ),
    }
}

/// The first visible row that keeps `selected` (a display position) on screen.
fn first_row(selected: usize, height: usize) -> usize {
    if height == 0 {
        return 0;
    }
    (selected + 1).saturating_sub(height)
}

fn draw_recommendations(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let a = &app.rooms.assurance;
    let theme = &app.theme;
    let recs = &a.data.recommendations;
    let code_w = a
        .recommendations
        .iter()
        .map(|i| width(&recs[*i].code))
        .max()
        .unwrap_or(4)
        .max(4);
    let wide = area.width >= 120;
    let owner_w = if wide { 18 } else { 0 };
    let fixed = code_w + 1 + 7 + 13 + 11 + owner_w + usize::from(wide);
    let text_w = usize::from(area.width).saturating_sub(fixed + 1).max(10);
    let mut header = format!(
        "{} {} {} {}",
        pad("Code", code_w),
        pad("Pri", 6),
        pad("Status", 12),
        pad("Due", 10)
    );
    if wide {
        header.push_str(&format!(" {}", pad("Owner", owner_w)));
    }
    header.push_str(" Recommendation");
    let mut lines: Vec<(Line, bool)> = Vec::new();
    let mut selected_line = 0;
    let mut last_audit: Option<(&str, Option<NaiveDate>)> = None;
    for (n, &i) in a.recommendations.iter().enumerate() {
        let r = &recs[i];
        let key = (r.audit.as_str(), r.audit_date);
        if a.rec_sort == RecommendationSort::Audit && last_audit != Some(key) {
            last_audit = Some(key);
            lines.push((
                Line::styled(
                    fit(&audit_heading(a, r, app.today), area.width.into()),
                    theme.title(),
                ),
                false,
            ));
        }
        if n == a.rec_cursor.selected {
            selected_line = lines.len();
        }
        let mut text = format!(
            "{} {} {} {}",
            pad(&r.code, code_w),
            pad(r.priority().label(), 6),
            pad(r.status().label(), 12),
            pad(&due_cell(r, app.today), 10)
        );
        if wide {
            text.push_str(&format!(" {}", pad(&r.owner, owner_w)));
        }
        text.push(' ');
        text.push_str(&fit(&r.recommendation, text_w));
        let style = if n == a.rec_cursor.selected {
            theme.selected()
        } else if r.archived {
            theme.dim()
        } else if r.is_overdue(app.today) {
            theme.warn()
        } else {
            Style::new()
        };
        lines.push((Line::styled(text, style), true));
    }
    draw_lines(
        frame,
        app,
        area,
        (header, lines, selected_line),
        "No recommendations here",
    );
}

fn audit_heading(a: &AssuranceState, r: &Recommendation, today: NaiveDate) -> String {
    let same: Vec<&Recommendation> = a
        .recommendations
        .iter()
        .filter_map(|i| a.data.recommendations.get(*i))
        .filter(|x| x.audit == r.audit && x.audit_date == r.audit_date)
        .collect();
    let c = PriorityCounts::of(same.iter().copied(), today);
    let mut parts = vec![clean(&r.audit)];
    if let Some(d) = r.audit_date {
        parts.push(display(d));
    }
    if let Some(level) = r.assurance {
        parts.push(format!("{} assurance", level.label()));
    }
    parts.push(format!(
        "{} outstanding (H{} M{} L{})",
        c.outstanding_total(),
        c.outstanding[0],
        c.outstanding[1],
        c.outstanding[2]
    ));
    if c.overdue_total() > 0 {
        parts.push(format!("{} overdue", c.overdue_total()));
    }
    parts.join(" · ")
}

fn draw_certifications(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let a = &app.rooms.assurance;
    let theme = &app.theme;
    let certs = &a.data.certifications;
    let due_days = app.settings.certification_due_days;
    let code_w = a
        .certifications
        .iter()
        .map(|i| width(&certs[*i].certification.code))
        .max()
        .unwrap_or(4)
        .max(4);
    let wide = area.width >= 120;
    // Narrow screens leave the expiry to the detail, so the name can be read.
    let expires = area.width >= 100;
    let body_w = if wide { 24 } else { 0 };
    let fixed =
        code_w + 1 + 9 + 9 + 24 + if expires { 10 } else { 0 } + if wide { body_w + 1 } else { 0 };
    let name_w = usize::from(area.width).saturating_sub(fixed).clamp(10, 44);
    let mut header = format!(
        "{} {} {} {} {}",
        pad("Code", code_w),
        pad("Certification", name_w),
        pad("Status", 8),
        pad("Next", 8),
        pad("Last assessment", 23),
    );
    if expires {
        header.push_str(&format!(" {}", pad("Expires", 8)));
    }
    if wide {
        header.push_str(&format!(" {}", pad("Certifying body", body_w)));
    }
    let mut lines = Vec::new();
    for (n, &i) in a.certifications.iter().enumerate() {
        let c = &certs[i];
        let cert = &c.certification;
        let status = c.status(app.today, due_days);
        let last = c
            .last
            .as_ref()
            .map(|l| format!("{} {}", l.result.label(), display_short(l.date)))
            .unwrap_or_else(|| "none recorded".into());
        let short = |d: Option<NaiveDate>| d.map(display_short).unwrap_or_else(|| "—".into());
        let mut text = format!(
            "{} {} {} {} {}",
            pad(&cert.code, code_w),
            pad(&cert.name, name_w),
            pad(status.label(), 8),
            pad(&short(c.next_date()), 8),
            pad(&last, 23),
        );
        if expires {
            text.push_str(&format!(" {}", pad(&short(cert.expires_on), 8)));
        }
        if wide {
            text.push_str(&format!(" {}", pad(&cert.body, body_w)));
        }
        let style = if n == a.cert_cursor.selected {
            theme.selected()
        } else if cert.archived {
            theme.dim()
        } else if matches!(
            status,
            CertificationStatus::Expired
                | CertificationStatus::Failed
                | CertificationStatus::Overdue
        ) {
            theme.warn()
        } else {
            Style::new()
        };
        lines.push((Line::styled(text, style), true));
    }
    let selected = a.cert_cursor.selected;
    draw_lines(
        frame,
        app,
        area,
        (header, lines, selected),
        "No certifications here",
    );
}

/// A header line and the rows under it, scrolled so the selected one shows.
fn draw_lines(
    frame: &mut Frame<'_>,
    app: &App,
    area: Rect,
    (header, lines, selected): (String, Vec<(Line<'static>, bool)>, usize),
    empty: &str,
) {
    let height = usize::from(area.height.saturating_sub(1));
    let mut shown = vec![Line::styled(
        fit(&header, area.width.into()),
        app.theme.header(),
    )];
    if lines.is_empty() {
        shown.push(Line::raw(format!(" {empty}")));
    }
    let start = first_row(selected, height);
    shown.extend(lines.into_iter().skip(start).take(height).map(|(l, _)| l));
    frame.render_widget(Paragraph::new(shown), area);
}
