//! Triage mode: one red or amber project per screen with what a reviewer needs to decide,
//! and the quick actions (confirm reviewed, change RAG, move a milestone, next, previous).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::domain::dates::{display, display_short};
use crate::tui::app::App;
use crate::tui::views::widgets::{clean, fit, rag_badge, signed_days};

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let theme = &app.theme;
    if let Some(triage) = app.triage.as_ref().filter(|t| t.on_assurance()) {
        draw_assurance(frame, app, area, triage);
        return;
    }
    let (Some(triage), Some(state)) = (app.triage.as_ref(), app.project.as_ref()) else {
        frame.render_widget(Paragraph::new(" Loading…"), area);
        return;
    };
    let p = &state.project;
    let width = usize::from(area.width.saturating_sub(2));
    let rag = p.rag.on_scale(app.settings.rag_scale);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!(
                    " Triage · project {} of {} · {} of {} reviewed ",
                    triage.index + 1,
                    triage.ids.len(),
                    triage.reviewed.len(),
                    triage.ids.len()
                ),
                theme.header(),
            ),
            Span::raw(if triage.reviewed.contains(&p.id) {
                "  ✓ reviewed"
            } else {
                ""
            }),
        ]),
        Line::raw(""),
        Line::from(vec![
            Span::raw(" "),
            rag_badge(rag, theme),
            Span::styled(
                format!(" {} · {}", clean(&p.code), clean(&p.name)),
                theme.title(),
            ),
        ]),
    ];
    let since = state
        .rag_since()
        .map(|at| {
            format!(
                "{} since {} ({} days)",
                rag.label(),
                display(at.date()),
                (app.today - at.date()).num_days()
            )
        })
        .unwrap_or_else(|| rag.label().to_string());
    lines.push(Line::raw(format!(
        " {since} · manager {}",
        clean(&p.manager)
    )));
    if !p.rag_reason.is_empty() {
        lines.push(Line::raw(format!(" Reason: {}", clean(&p.rag_reason))));
    }
    // The schedule's suggestion, when the declared RAG is rosier (the list's `→R?`).
    if let Some(row) = app.portfolio.rows.iter().find(|r| r.id == p.id)
        && let Some(suggested) = row.suggested_rag(&app.settings)
    {
        lines.push(Line::from(vec![
            Span::raw(" Schedule suggests "),
            rag_badge(suggested, theme),
            Span::raw(format!(
                " {} ({} overdue milestone{}; r changes the RAG)",
                suggested.label(),
                row.overdue_milestones,
                if row.overdue_milestones == 1 { "" } else { "s" }
            )),
        ]));
    }
    // A review and an update are different facts: the last RAG update, and the last time a
    // manager confirmed it unchanged.
    let updated = state
        .history
        .last()
        .map(|h| {
            format!(
                "last status update {} ({} days ago)",
                display(h.changed_at.date()),
                (app.today - h.changed_at.date()).num_days()
            )
        })
        .unwrap_or_else(|| "no status update recorded".to_string());
    let reviewed = p
        .last_reviewed_at
        .map(|at| format!(" · reviewed, unchanged, {}", display(at.date())))
        .unwrap_or_default();
    lines.push(Line::raw(format!(" {updated}{reviewed}")));
    if let Some(slip) = p.slippage_days().filter(|d| *d > 0) {
        lines.push(Line::raw(format!(
            " Forecast end {} is {} against its baseline",
            p.forecast_end.map(display).unwrap_or_default(),
            signed_days(slip)
        )));
    }
    lines.push(Line::raw(""));
    let overdue: Vec<_> = state
        .milestones
        .iter()
        .filter(|m| m.is_overdue(app.today))
        .collect();
    let next: Vec<_> = state
        .milestones
        .iter()
        .filter(|m| !m.is_done() && !m.is_overdue(app.today))
        .take(3)
        .collect();
    lines.push(Line::styled(
        format!(" Overdue milestones ({})", overdue.len()),
        theme.title(),
    ));
    for m in overdue.iter().take(5) {
        lines.push(Line::styled(
            fit(
                &format!(
                    "   {} {} (baseline {})",
                    m.effective_forecast()
                        .map(display_short)
                        .unwrap_or_default(),
                    m.name,
                    m.baseline_date.map(display_short).unwrap_or_default()
                ),
                width,
            ),
            theme.warn(),
        ));
    }
    lines.push(Line::styled(" Next milestones", theme.title()));
    for m in &next {
        lines.push(Line::raw(fit(
            &format!(
                "   {} {}",
                m.effective_forecast()
                    .map(display_short)
                    .unwrap_or_default(),
                m.name
            ),
            width,
        )));
    }
    let mut risks: Vec<_> = state.risks.iter().filter(|r| r.open).collect();
    risks.sort_by_key(|r| std::cmp::Reverse(r.score()));
    lines.push(Line::styled(" Top risks", theme.title()));
    for r in risks.iter().take(3) {
        let band = r.band(&app.settings);
        lines.push(Line::from(vec![
            Span::styled(
                format!("   {:>2} {:<9} ", r.score(), band.label()),
                theme.band(band),
            ),
            Span::raw(fit(&r.title, width.saturating_sub(16))),
        ]));
    }
    let open_cases: Vec<_> = state.cases.iter().filter(|c| c.state.is_open()).collect();
    lines.push(Line::styled(
        format!(" Open linked cases ({})", open_cases.len()),
        theme.title(),
    ));
    for c in open_cases.iter().take(3) {
        lines.push(Line::raw(fit(
            &format!(
                "   {} P{} {} {}",
                c.reference,
                c.priority,
                c.state.as_str(),
                c.summary
            ),
            width,
        )));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// The last card: what needs the manager's eye in assurance.
fn draw_assurance(
    frame: &mut Frame<'_>,
    app: &App,
    area: Rect,
    triage: &crate::tui::screens::triage::TriageState,
) {
    let theme = &app.theme;
    let width = usize::from(area.width.saturating_sub(2));
    let ex = &triage.assurance;
    let mut lines = vec![
        Line::styled(
            format!(
                " Triage · assurance exceptions · after {} project{} ",
                triage.ids.len(),
                if triage.ids.len() == 1 { "" } else { "s" }
            ),
            theme.header(),
        ),
        Line::raw(""),
    ];
    if !ex.recommendations.is_empty() {
        lines.push(Line::styled(
            format!(
                " High-priority audit recommendations past their due date: {}",
                ex.recommendations.len()
            ),
            theme.title(),
        ));
        for r in &ex.recommendations {
            let due = r.due().map(display_short).unwrap_or_default();
            lines.push(Line::raw(fit(
                &format!(
                    "  {} · {} · due {due} ({} days overdue) · {}",
                    clean(&r.code),
                    clean(&r.audit),
                    r.days_overdue(app.today),
                    clean(&r.owner)
                ),
                width,
            )));
            if !r.action.trim().is_empty() {
                lines.push(Line::styled(
                    fit(&format!("    Action: {}", clean(&r.action)), width),
                    theme.dim(),
                ));
            }
        }
        lines.push(Line::raw(""));
    }
    if !ex.certifications.is_empty() {
        lines.push(Line::styled(
            format!(
                " Certifications expired or failed: {}",
                ex.certifications.len()
            ),
            theme.title(),
        ));
        for c in &ex.certifications {
            let cert = &c.certification;
            let status = c.status(app.today, app.settings.certification_due_days);
            let last = c
                .last
                .as_ref()
                .map(|l| format!("last: {} on {}", l.result.label(), display(l.date)))
                .unwrap_or_else(|| "no assessment recorded".into());
            let expiry = cert
                .expires_on
                .map(|d| format!(" · expires {}", display(d)))
                .unwrap_or_default();
            lines.push(Line::raw(fit(
                &format!(
                    "  {} · {} · {}{expiry} · {last}",
                    clean(&cert.code),
                    clean(&cert.name),
                    status.label()
                ),
                width,
            )));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        " Enter opens them in the assurance view · p previous · Esc leaves triage",
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
