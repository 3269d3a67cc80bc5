//! The selected row's detail: a recommendation's every field and its due-date revisions, or a
//! certification's fields and every assessment.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::state::{AssuranceState, Register};
use crate::domain::assurance::{CertificationRow, CertificationStatus, Recommendation};
use crate::domain::dates::display;
use crate::tui::app::App;
use crate::tui::views::widgets::clean;

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let a = &app.rooms.assurance;
    let lines = match a.register {
        Register::Recommendations => a
            .selected_recommendation()
            .map(|r| recommendation_detail(a, r, app.today))
            .unwrap_or_default(),
        Register::Certifications => a
            .selected_certification()
            .map(|c| certification_detail(a, c, app))
            .unwrap_or_default(),
    };
    let block = Block::new()
        .borders(Borders::TOP)
        .title(" Detail · Enter or Esc closes ");
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

fn field(label: &str, value: String) -> Line<'static> {
    Line::from(vec![
        Span::raw(format!("{label:<16}")),
        Span::raw(if value.is_empty() {
            "—".into()
        } else {
            value
        }),
    ])
}

fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map(display).unwrap_or_default()
}

fn recommendation_detail(
    a: &AssuranceState,
    r: &Recommendation,
    today: NaiveDate,
) -> Vec<Line<'static>> {
    let mut lines = vec![
        field("Code", clean(&r.code)),
        field(
            "Audit",
            format!(
                "{}{}",
                clean(&r.audit),
                r.audit_date
                    .map(|d| format!(", {}", display(d)))
                    .unwrap_or_default()
            ),
        ),
        field("Auditor", clean(&r.auditor)),
        field(
            "Assurance",
            r.assurance
                .map(|l| l.label().to_string())
                .unwrap_or_default(),
        ),
        field("Recommendation", clean(&r.recommendation)),
        field("Priority", r.priority().label().into()),
        field("Owner", clean(&r.owner)),
        field("Agreed action", clean(&r.action)),
        field("Status", r.status().label().into()),
        field("Due", date_or_dash(r.due_date)),
    ];
    if r.revised_due_date.is_some() {
        lines.push(field("Revised due", date_or_dash(r.revised_due_date)));
    }
    if r.is_overdue(today) {
        lines.push(field(
            "Overdue",
            format!("{} days past its due date", r.days_overdue(today)),
        ));
    }
    lines.push(field("Implemented", date_or_dash(r.implemented_date)));
    lines.push(field("Evidence", clean(&r.evidence)));
    lines.push(field(
        "Project",
        r.project_code.as_deref().map(clean).unwrap_or_default(),
    ));
    if let Some(revisions) = a.data.revisions.get(&r.id) {
        lines.push(Line::raw(""));
        lines.push(Line::raw("Due date revisions"));
        for v in revisions {
            lines.push(Line::raw(format!(
                "  {}: {} → {} · {} · {}",
                v.changed_at.get(..10).unwrap_or(&v.changed_at),
                date_or_dash(v.old_date),
                date_or_dash(v.new_date),
                clean(&v.reason),
                clean(&v.changed_by)
            )));
        }
    }
    lines
}

fn certification_detail(a: &AssuranceState, c: &CertificationRow, app: &App) -> Vec<Line<'static>> {
    let cert = &c.certification;
    let status = c.status(app.today, app.settings.certification_due_days);
    let mut lines = vec![
        field("Code", clean(&cert.code)),
        field("Certification", clean(&cert.name)),
        field(
            "Status",
            match status {
                CertificationStatus::Due => format!(
                    "Due (next date within {} days)",
                    app.settings.certification_due_days
                ),
                other => other.label().into(),
            },
        ),
        field("Certifying body", clean(&cert.body)),
        field("Scope", clean(&cert.scope)),
        field("Certified on", date_or_dash(cert.certified_on)),
        field("Expires on", date_or_dash(cert.expires_on)),
        field(
            "Assessed",
            cert.frequency
                .map(|f| f.label().to_string())
                .unwrap_or_default(),
        ),
        field("Next", date_or_dash(c.next_date())),
        field("Owner", clean(&cert.owner)),
        field(
            "Project",
            cert.project_code.as_deref().map(clean).unwrap_or_default(),
        ),
        field("Notes", clean(&cert.notes)),
        Line::raw(""),
        Line::raw("Assessments (newest first; a records one)"),
    ];
    match a.data.assessments.get(&cert.id) {
        Some(list) if !list.is_empty() => {
            for x in list {
                lines.push(Line::raw(format!(
                    "  {} · {} · {}",
                    display(x.date),
                    x.result.label(),
                    clean(&x.notes)
                )));
            }
        }
        _ => lines.push(Line::raw("  none recorded")),
    }
    lines
}
