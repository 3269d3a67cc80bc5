//! A risk's detail: its full text, inherent, current and target scores in words, every dated
//! assessment, and its trajectory from inherent through each assessment to target, drawn as a
//! bar chart. The register shows it, and so does a project's Risks tab.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Row, Table, Wrap};

use crate::domain::dates::{display, display_short};
use crate::domain::risk::{IMPACT_WORDS, LIKELIHOOD_WORDS, trajectory};
use crate::domain::{Basis, RegisterRow, RiskBand};
use crate::tui::app::App;
use crate::tui::views::widgets::{clean, fit};

/// Draw `row`'s detail in `area`.
pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect, row: &RegisterRow) {
    let theme = &app.theme;
    let risk = &row.risk;
    let word = |words: &[&'static str; 5], v: u8| -> &'static str {
        words.get(usize::from(v.max(1) - 1)).copied().unwrap_or("")
    };
    let score_line = |label: &str, rating: Option<(u8, u8)>| -> Line<'static> {
        match rating {
            Some((l, i)) => {
                let b = RiskBand::of(l * i, &app.settings);
                Line::from(vec![
                    Span::styled(format!("{label:<10}"), theme.title()),
                    Span::styled(format!("{:>2} {}", l * i, b.label()), theme.band(b)),
                    Span::raw(format!(
                        "  likelihood {l} {} × impact {i} {}",
                        word(&LIKELIHOOD_WORDS, l),
                        word(&IMPACT_WORDS, i)
                    )),
                ])
            }
            None => Line::from(vec![
                Span::styled(format!("{label:<10}"), theme.title()),
                Span::raw("—"),
            ]),
        }
    };
    let mut lines = vec![
        Line::styled(
            format!(
                "{} · {} · {} · {}",
                clean(&risk.code),
                risk.kind.as_str(),
                if risk.open { "open" } else { "closed" },
                row.project_name
                    .as_deref()
                    .map(|n| format!(
                        "{} {}",
                        clean(risk.project_code.as_deref().unwrap_or("")),
                        clean(n)
                    ))
                    .unwrap_or_else(|| "corporate register".into())
            ),
            theme.title(),
        ),
        Line::from(vec![
            Span::styled("Risk      ", theme.title()),
            Span::raw(clean(&risk.title)),
        ]),
        Line::from(vec![
            Span::styled("Impact    ", theme.title()),
            Span::raw(clean(&risk.consequence)),
        ]),
        Line::from(vec![
            Span::styled("Control   ", theme.title()),
            Span::raw(clean(&risk.control)),
        ]),
        Line::from(vec![
            Span::styled("Owner     ", theme.title()),
            Span::raw(format!(
                "{} · review {}{}",
                clean(&risk.owner),
                risk.review_date.map(display).unwrap_or_else(|| "—".into()),
                if risk.review_overdue(app.today) {
                    " (overdue)"
                } else {
                    ""
                }
            )),
        ]),
        score_line("Inherent", risk.rating(Basis::Inherent)),
        score_line("Current", risk.rating(Basis::Current)),
        score_line("Target", risk.rating(Basis::Target)),
    ];
    if risk.outside_appetite(&app.settings) {
        lines.push(Line::styled(
            format!(
                "Outside appetite: {} is above {}",
                risk.score(),
                app.settings.risk_appetite
            ),
            theme.warn(),
        ));
    }
    let text_height = (lines.len() as u16 + 2).min(area.height);
    let [text, lower] =
        Layout::vertical([Constraint::Length(text_height), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text);
    if lower.height < 4 {
        return;
    }
    let [assess, chart] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(lower);
    let rows: Vec<Row> = row
        .assessments
        .iter()
        .rev()
        .map(|a| {
            let b = RiskBand::of(a.score(), &app.settings);
            Row::new(vec![
                Line::from(display_short(a.assessed_at)),
                Line::from(Span::styled(
                    format!("{:>2} {}×{}", a.score(), a.likelihood, a.impact),
                    theme.band(b),
                )),
                Line::from(clean(&a.note)),
            ])
        })
        .collect();
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(8),
                Constraint::Length(7),
                Constraint::Min(10),
            ],
        )
        .header(Row::new(["Assessed", "Score", "Note"]).style(theme.title()))
        .block(Block::new().borders(Borders::TOP).title(" Assessments ")),
        assess,
    );
    let points = trajectory(risk, &row.assessments);
    let bars: Vec<Bar> = points
        .iter()
        .map(|(label, score)| {
            let b = RiskBand::of(*score, &app.settings);
            Bar::default()
                .value(u64::from(*score))
                .label(Line::from(fit(
                    match label.as_str() {
                        "inherent" => "inh.",
                        "target" => "target",
                        other => other,
                    },
                    6,
                )))
                .style(theme.band(b))
        })
        .collect();
    frame.render_widget(
        BarChart::default()
            .data(BarGroup::default().bars(&bars))
            .bar_width(6)
            .bar_gap(1)
            .max(25)
            .block(
                Block::new()
                    .borders(Borders::TOP)
                    .title(" Trajectory (score) "),
            ),
        chart,
    );
}
