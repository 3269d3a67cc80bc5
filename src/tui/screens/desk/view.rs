//! The service-desk view: open cases split into active and stop-clock (by priority, kind and
//! organisation, with the change since last month), ageing, SLA breaches and warnings, and the
//! 12-month trends of open cases and of cases opened against resolved.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Row, Table};

use super::state::{DeskMode, Split, bucket_label};
use crate::domain::dates::display_short;
use crate::tui::app::App;
use crate::tui::message::Job;
use crate::tui::views::widgets::{clean, fit, table_or_note};

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let [modes, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let d = &app.desk;
    let mut spans = vec![Span::raw(" ")];
    for mode in DeskMode::ALL {
        // Until the first count lands the figures are unknown, not zero.
        let count = match mode {
            DeskMode::Breached | DeskMode::Warning if !d.queue_loaded => " …".to_string(),
            DeskMode::Breached => format!(" {}", d.summary.breached_total),
            DeskMode::Warning => format!(" {}", d.summary.warning_total),
            _ => String::new(),
        };
        let style = if mode == d.mode {
            app.theme.selected()
        } else {
            Style::new()
        };
        spans.push(Span::styled(format!(" {}{count} ", mode.title()), style));
        spans.push(Span::raw("│"));
    }
    let hint = if app.is_running(Job::Desk) {
        " counting cases…"
    } else {
        " v switches"
    };
    spans.push(Span::styled(hint, app.theme.dim()));
    let total = match d.mode {
        DeskMode::Breached => d.summary.breached_total,
        DeskMode::Warning => d.summary.warning_total,
        _ => 0,
    };
    if d.list().len() < total as usize {
        spans.push(Span::styled(
            format!(" · the oldest {} listed", d.list().len()),
            app.theme.warn(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), modes);
    if !d.loaded && app.is_running(Job::Desk) {
        crate::tui::views::widgets::loading(
            frame,
            &app.theme,
            body,
            "Counting the service desk's cases",
        );
        return;
    }
    match d.mode {
        DeskMode::Summary => draw_summary(frame, app, body),
        DeskMode::Breached | DeskMode::Warning => {
            if !super::case_detail::draw(frame, app, body) {
                draw_list(frame, app, body)
            }
        }
        DeskMode::Flow => draw_flow(frame, app, body),
    }
}

/// A month's figure in a table: "—" when unknown, never 0.
fn figure(n: Option<u32>) -> String {
    n.map_or_else(|| "—".to_string(), |n| n.to_string())
}

/// A trend month's two bars. An unknown month draws none (not bars of 0) and "—" under the
/// place they would stand.
fn month_bars(values: Option<(u32, u32)>, (left, right): (Style, Style)) -> [Bar<'static>; 2] {
    let bar = |value: u32, style: Style| {
        Bar::default()
            .value(u64::from(value))
            .style(style)
            .text_value(String::new())
    };
    match values {
        Some((a, b)) => [bar(a, left), bar(b, right)],
        None => [bar(0, left).label("—"), bar(0, right)],
    }
}

fn split_row(label: String, s: &Split) -> Row<'static> {
    Row::new(vec![
        label,
        s.active.to_string(),
        s.stop_clock.to_string(),
        s.total().to_string(),
    ])
}

fn draw_summary(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let theme = &app.theme;
    let s = &app.desk.summary;
    let change = match s.last_month {
        Some(last) => {
            let diff = i64::from(s.open.total()) - i64::from(last);
            format!(" · {diff:+} on last month ({last})")
        }
        None => String::new(),
    };
    let within = match s.resolved_within {
        (_, 0) => "no cases resolved in the last 30 days".to_string(),
        (ok, all) => format!(
            "{}% of {all} resolved in 30 days within target",
            ok * 100 / all
        ),
    };
    let queue = app.desk.queue_loaded;
    let mut sla = if queue {
        vec![
            Span::raw(" SLA: "),
            Span::styled(format!("{} breached", s.breached_total), theme.warn()),
            Span::raw(format!(
                ", {} past {}%",
                s.warning_total, app.settings.sla_warn_percent
            )),
        ]
    } else {
        vec![
            Span::raw(" SLA: "),
            Span::styled("reading the open cases…", theme.dim()),
        ]
    };
    // The resolved share joins the SLA line when it fits, else has a line of its own.
    let resolved = format!(" · {within}");
    let fits = Line::from(sla.clone()).width() + crate::domain::text::width(&resolved)
        <= usize::from(area.width);
    let own_line = (!fits).then(|| Line::raw(format!(" Resolved: {within}")));
    if fits {
        sla.push(Span::raw(resolved));
    }
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!(" Open cases {}", s.open.total()), theme.title()),
            Span::raw(format!(
                ": {} active, {} stop-clock{change}",
                s.open.active, s.open.stop_clock
            )),
        ]),
        Line::from(sla),
    ];
    lines.extend(own_line);
    let ageing: Vec<String> = s
        .ageing
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{} {n}", bucket_label(i)))
        .collect();
    lines.push(Line::raw(if queue {
        format!(" Ageing: {}", ageing.join(" · "))
    } else {
        " Ageing: …".to_string()
    }));
    if let Some((reference, days)) = &s.oldest_incident {
        lines.push(Line::raw(format!(
            " Oldest open incident: {} ({days} days)",
            clean(reference)
        )));
    }
    let [text, tables, chart] = Layout::vertical([
        Constraint::Length(lines.len() as u16),
        Constraint::Length(8),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(lines), text);

    let header = Row::new(["", "Active", "Stop", "Total"])
        .style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    let widths = [
        Constraint::Min(8),
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Length(5),
    ];
    let priority = Table::new(
        s.by_priority
            .iter()
            .enumerate()
            .map(|(i, split)| split_row(format!("P{}", i + 1), split)),
        widths,
    )
    .header(header.clone())
    .block(Block::new().title(" By priority "));
    let kind = Table::new(
        s.by_kind
            .iter()
            .map(|(k, split)| split_row(k.to_string(), split)),
        widths,
    )
    .header(header.clone())
    .block(Block::new().title(" By kind "));
    let org = Table::new(
        s.by_organisation
            .iter()
            .map(|(o, split)| split_row(fit(o, 24), split)),
        [
            Constraint::Min(12),
            Constraint::Length(6),
            Constraint::Length(5),
            Constraint::Length(5),
        ],
    )
    .header(header)
    .block(Block::new().title(" By organisation "));
    if tables.width >= 100 {
        let [a, b, c] = Layout::horizontal([
            Constraint::Length(28),
            Constraint::Length(30),
            Constraint::Min(30),
        ])
        .areas(tables);
        frame.render_widget(priority, a);
        frame.render_widget(kind, b);
        frame.render_widget(org, c);
    } else {
        let [a, c] =
            Layout::horizontal([Constraint::Length(28), Constraint::Min(20)]).areas(tables);
        frame.render_widget(priority, a);
        frame.render_widget(org, c);
    }
    if chart.height >= 5 {
        draw_open_trend(frame, app, chart);
    }
}

/// Open cases per month, active and stop-clock side by side.
fn draw_open_trend(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let theme = &app.theme;
    let colour = |c: Color| {
        if theme.colour {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    };
    let groups: Vec<BarGroup> = app
        .desk
        .summary
        .months
        .iter()
        .map(|m| {
            BarGroup::default()
                .label(Line::from(m.month.format("%b").to_string()))
                .bars(&month_bars(
                    m.open.map(|open| (open.active, open.stop_clock)),
                    (colour(Color::Cyan), colour(Color::Yellow)),
                ))
        })
        .collect();
    let mut chart = BarChart::default()
        .block(Block::new().borders(Borders::TOP).title(format!(
            " Open at month end: active{} · stop-clock{} ",
            if theme.colour {
                " (cyan)"
            } else {
                " (left bar)"
            },
            if theme.colour {
                " (yellow)"
            } else {
                " (right bar)"
            }
        )))
        .bar_width(2)
        .bar_gap(0)
        .group_gap(1);
    for group in groups {
        chart = chart.data(group);
    }
    frame.render_widget(chart, area);
}

fn draw_list(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let theme = &app.theme;
    let d = &app.desk;
    let now = app.now();
    let height = usize::from(area.height.saturating_sub(1));
    let wide = area.width >= 110;
    let rows: Vec<Row> = d
        .list()
        .iter()
        .enumerate()
        .skip(d.cursor.offset)
        .take(height)
        .filter_map(|(n, i)| {
            let c = d.cases.get(*i)?;
            let clock = c.sla(now, &app.settings);
            let hours = clock.elapsed.num_minutes() as f64 / 60.0;
            let mut cells = vec![
                Line::from(clean(&c.reference)),
                Line::from(format!("P{}", c.priority)),
                Line::from(c.kind.as_str()),
                Line::from(display_short(c.opened_at.date())),
                Line::from(format!("{hours:.0}h")),
                Line::from(format!(
                    "{}h",
                    clock
                        .target_hours
                        .map(|t| t.to_string())
                        .unwrap_or_default()
                )),
                Line::from(match clock.percent().unwrap_or(0) {
                    p @ ..=999 => format!("{p}%"),
                    _ => ">999%".to_string(),
                }),
                Line::from(if c.state == crate::domain::CaseState::OnHold {
                    format!("on hold: {}", clean(&c.hold_reason))
                } else {
                    c.state.as_str().to_string()
                }),
            ];
            if wide {
                cells.push(Line::from(clean(c.organisation.as_deref().unwrap_or(""))));
                cells.push(Line::from(clean(&c.summary)));
            }
            let row = Row::new(cells);
            Some(if d.cursor.offset + n == d.cursor.selected {
                row.style(theme.selected())
            } else {
                row
            })
        })
        .collect();
    let mut titles = vec![
        "Ref", "P", "Kind", "Opened", "Clock", "Target", "Used", "State",
    ];
    let mut widths = vec![
        Constraint::Length(11),
        Constraint::Length(2),
        Constraint::Length(8),
        Constraint::Length(8),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Min(12),
    ];
    if wide {
        titles.extend(["Organisation", "Summary"]);
        widths.extend([Constraint::Length(26), Constraint::Min(20)]);
    }
    let header =
        Row::new(titles).style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    let empty = match (rows.is_empty(), d.queue_loaded) {
        (true, true) => Some(" None: every open case is inside its target."),
        (true, false) => Some(" Reading the open cases…"),
        _ => None,
    };
    table_or_note(
        frame,
        area,
        Table::new(rows, widths).header(header).column_spacing(1),
        empty,
    );
}

fn draw_flow(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let theme = &app.theme;
    let colour = |c: Color| {
        if theme.colour {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    };
    let months = &app.desk.summary.months;
    let [table_area, chart_area] =
        Layout::vertical([Constraint::Length(4), Constraint::Min(0)]).areas(area);
    let header: Vec<String> = std::iter::once(String::new())
        .chain(months.iter().map(|m| m.month.format("%b").to_string()))
        .collect();
    let opened: Vec<String> = std::iter::once("opened".to_string())
        .chain(months.iter().map(|m| figure(m.opened)))
        .collect();
    let resolved: Vec<String> = std::iter::once("resolved".to_string())
        .chain(months.iter().map(|m| figure(m.resolved)))
        .collect();
    let open: Vec<String> = std::iter::once("open".to_string())
        .chain(
            months
                .iter()
                .map(|m| figure(m.open.map(|open| open.total()))),
        )
        .collect();
    let widths: Vec<Constraint> = std::iter::once(Constraint::Length(8))
        .chain(months.iter().map(|_| Constraint::Length(5)))
        .collect();
    frame.render_widget(
        Table::new(
            vec![Row::new(opened), Row::new(resolved), Row::new(open)],
            widths,
        )
        .header(Row::new(header).style(theme.title())),
        table_area,
    );
    let mut chart = BarChart::default()
        .block(Block::new().borders(Borders::TOP).title(format!(
            " Cases opened{} and resolved{} each month ",
            if theme.colour {
                " (magenta)"
            } else {
                " (left)"
            },
            if theme.colour { " (green)" } else { " (right)" }
        )))
        .bar_width(2)
        .bar_gap(0)
        .group_gap(1);
    for m in months {
        chart = chart.data(
            BarGroup::default()
                .label(Line::from(m.month.format("%b").to_string()))
                .bars(&month_bars(
                    m.opened.zip(m.resolved),
                    (colour(Color::Magenta), colour(Color::Green)),
                )),
        );
    }
    frame.render_widget(chart, chart_area);
}
