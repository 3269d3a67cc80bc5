//! The risk register: a 5x5 heat map (likelihood across, impact up, counts per cell in band
//! colours, cells above appetite marked), the list in score order, and a risk's detail with
//! every dated assessment and its trajectory from inherent to target.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Row, Table, Wrap};

use super::heat_map::{HeatMap, MAP_HEIGHT, MAP_WIDTH};
use crate::domain::dates::{display, display_short};
use crate::domain::risk::{IMPACT_WORDS, LIKELIHOOD_WORDS, heat_counts, trajectory};
use crate::domain::{Basis, RegisterRow, RiskBand};
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
        draw_detail(frame, app, body, row);
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

fn draw_detail(frame: &mut Frame<'_>, app: &App, area: Rect, row: &RegisterRow) {
    let theme = &app.theme;
    let risk = &row.risk;
    let band = risk.band(&app.settings);
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
    let _ = band;
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
