//! The timeline: a Gantt chart of the filtered portfolio (a bar from start to forecast end,
//! the part past the baseline end drawn as slippage, milestones as baseline ◇, forecast ◆ and
//! actual ✓ marks, a today line) and its milestone lists. A project's Timeline tab draws the
//! same tracks for its own milestones.

use chrono::{Duration, NaiveDate};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

use super::lists;
use super::state::TimelineMode;
use crate::domain::dates::{display, display_short};
use crate::domain::schedule::{SlipSeverity, slip_severity};
use crate::domain::timeline::Scale;
use crate::domain::{Milestone, Rag};
use crate::tui::app::{App, ProjectState};
use crate::tui::message::Job;
use crate::tui::theme::Theme;
use crate::tui::views::widgets::{clean, fit, signed_days};

/// Width of the label column for a terminal `width` columns wide.
pub fn label_width(width: u16) -> u16 {
    (width / 4).clamp(16, 40).min(width.saturating_sub(8))
}

/// Columns left for the chart.
pub fn chart_width(width: u16) -> u16 {
    width.saturating_sub(label_width(width) + 1).max(1)
}

type Cells = Vec<(char, Style)>;

/// What one row of the chart shows.
pub struct Track<'a> {
    pub start: Option<NaiveDate>,
    pub baseline_end: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub rag: Option<Rag>,
    pub milestones: &'a [Milestone],
}

/// Paint a track into cells, one per chart column.
pub fn track_cells(track: &Track<'_>, scale: &Scale, app: &App) -> Cells {
    let theme = &app.theme;
    let g = theme.glyphs();
    let width = usize::from(scale.width);
    let mut cells: Cells = vec![(' ', Style::new()); width];
    if let (Some(start), Some(end)) = (track.start, track.end.or(track.baseline_end)) {
        let (start, end) = if end < start {
            (end, start)
        } else {
            (start, end)
        };
        let bar_style = match (theme.colour, track.rag) {
            (true, Some(rag)) => theme
                .rag_colour(rag)
                .map(|c| Style::new().fg(c))
                .unwrap_or_default(),
            _ => Style::new(),
        };
        if end < scale.start {
            cells[0] = (g.before, theme.dim());
        } else if start > scale.end() {
            cells[width - 1] = (g.after, theme.dim());
        } else {
            let (first, cut_left) = scale.clamped(start);
            let (last, cut_right) = scale.clamped(end);
            let per = scale.zoom.days_per_column();
            for column in first..=last {
                let day = scale.start + Duration::days(i64::from(column) * per);
                let late = track.baseline_end.is_some_and(|b| day > b && end > b);
                cells[usize::from(column)] = if late {
                    let slip = track
                        .baseline_end
                        .map(|b| (end - b).num_days())
                        .unwrap_or(0);
                    (g.slip, theme.slip(slip_severity(slip, &app.settings)))
                } else {
                    (g.bar, bar_style)
                };
            }
            if cut_left {
                cells[usize::from(first)] = (g.before, theme.dim());
            }
            if cut_right {
                cells[usize::from(last)] = (g.after, theme.dim());
            }
        }
    }
    // The today line crosses bars and spans but never hides a milestone mark.
    if let Some(c) = scale.column(app.today) {
        let cell = &mut cells[usize::from(c)];
        if [' ', g.bar, g.slip].contains(&cell.0) {
            *cell = (g.today, theme.dim());
        }
    }
    for m in track.milestones {
        paint_milestone(&mut cells, m, scale, app);
    }
    cells
}

fn paint_milestone(cells: &mut Cells, m: &Milestone, scale: &Scale, app: &App) {
    let theme = &app.theme;
    let g = theme.glyphs();
    let put = |cells: &mut Cells, date: Option<NaiveDate>, glyph: char, style: Style| {
        if let Some(c) = date.and_then(|d| scale.column(d)) {
            cells[usize::from(c)] = (glyph, style);
        }
    };
    if let Some(actual) = m.actual_date {
        let style = if theme.colour {
            Style::new().fg(ratatui::style::Color::Green)
        } else {
            Style::new()
        };
        put(cells, Some(actual), g.actual, style);
        return;
    }
    let severity = slip_severity(m.slippage_days().unwrap_or(0), &app.settings);
    if let (Some(b), Some(f)) = (m.baseline_date, m.forecast_date)
        && b != f
    {
        let (from, to) = if b < f { (b, f) } else { (f, b) };
        let span_style = theme.slip(severity);
        let mut day = from + Duration::days(1);
        while day < to {
            if let Some(c) = scale.column(day) {
                let cell = &mut cells[usize::from(c)];
                if [' ', g.today, g.bar, g.slip].contains(&cell.0) {
                    *cell = (g.span, span_style);
                }
            }
            day += Duration::days(scale.zoom.days_per_column().min(7));
        }
        put(cells, Some(b), g.baseline, Style::new());
    }
    let forecast_style = if m.is_overdue(app.today) {
        theme.warn()
    } else if severity == SlipSeverity::None {
        Style::new().add_modifier(Modifier::BOLD)
    } else {
        theme.slip(severity).add_modifier(Modifier::BOLD)
    };
    match m.forecast_date {
        Some(f) => put(cells, Some(f), g.forecast, forecast_style),
        // No forecast: it is forecast on its baseline, so the baseline mark (◇: no forecast
        // was given) shows when that makes it overdue.
        None if m.is_overdue(app.today) => put(cells, m.baseline_date, g.baseline, theme.warn()),
        None => put(cells, m.baseline_date, g.baseline, Style::new()),
    }
}

fn put_cells(buf: &mut Buffer, x: u16, y: u16, cells: &Cells) {
    for (i, (ch, style)) in cells.iter().enumerate() {
        let pos = (x + i as u16, y);
        if buf.area.contains(pos.into()) {
            buf[pos].set_char(*ch).set_style(*style);
        }
    }
}

fn draw_axis(buf: &mut Buffer, x: u16, y: u16, scale: &Scale, app: &App) {
    for (column, text) in scale.labels() {
        buf.set_string(x + column, y, text, app.theme.title());
    }
    // Mark today on the axis where no label is in the way (and where the terminal has a
    // column for it: on the narrowest the chart starts past the edge).
    if let Some(c) = scale.column(app.today)
        && let Some(cell) = buf.cell_mut((x.saturating_add(c), y))
        && cell.symbol() == " "
    {
        cell.set_char(app.theme.glyphs().today)
            .set_style(app.theme.warn());
    }
}

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let [modes, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    draw_modes(frame, app, modes);
    if app.timeline.loaded_at.is_none() && app.is_running(Job::Timeline) {
        crate::tui::views::widgets::loading(frame, &app.theme, body, "Reading every milestone");
        return;
    }
    match app.timeline.mode {
        TimelineMode::Gantt => draw_gantt(frame, app, body),
        mode => draw_list(frame, app, body, mode),
    }
}

fn draw_modes(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let theme = &app.theme;
    let mut spans = vec![Span::raw(" ")];
    // Until the milestones are read the counts are unknown, not zero.
    let count = |mode| match app.timeline.loaded_at {
        Some(_) => lists::count(app, mode).to_string(),
        None => "…".to_string(),
    };
    for mode in TimelineMode::ALL {
        let title = match mode {
            TimelineMode::Gantt => mode.title().to_string(),
            TimelineMode::Slipped => format!(
                "Slipped since {} {}",
                display_short(app.timeline.since),
                count(mode)
            ),
            _ => format!("{} {}", mode.title(), count(mode)),
        };
        let style = if mode == app.timeline.mode {
            theme.selected()
        } else {
            Style::new()
        };
        spans.push(Span::styled(format!(" {title} "), style));
        spans.push(Span::raw("│"));
    }
    let scale = app.timeline.scale(app.today, app.chart_width);
    spans.push(Span::styled(
        format!(
            " {} · {} – {} · {} of {} projects",
            app.timeline.zoom.label(),
            display_short(scale.start),
            display_short(scale.end()),
            app.portfolio.visible.len(),
            app.portfolio.rows.len()
        ),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_gantt(frame: &mut Frame<'_>, app: &App, area: Rect) {
    // On a terminal too short for the chart its area is empty (and may lie past the edge).
    if area.is_empty() {
        return;
    }
    let theme = &app.theme;
    let label = label_width(area.width);
    let chart_x = area.x + label + 1;
    let scale = app
        .timeline
        .scale(app.today, area.width.saturating_sub(label + 1).max(1));
    let buf = frame.buffer_mut();
    buf.set_string(
        area.x,
        area.y,
        fit("Project", usize::from(label)),
        theme.title(),
    );
    draw_axis(buf, chart_x, area.y, &scale, app);
    let p = &app.portfolio;
    let height = usize::from(area.height.saturating_sub(1));
    let start = p.cursor.offset.min(p.visible.len());
    let end = (start + height).min(p.visible.len());
    if p.visible.is_empty() {
        if area.height > 1 {
            buf.set_string(area.x, area.y + 1, " No projects match.", Style::new());
        }
        return;
    }
    for (n, &i) in p.visible[start..end].iter().enumerate() {
        let row = &p.rows[i];
        let y = area.y + 1 + n as u16;
        let rag = row.shown_rag(&app.settings);
        let text = format!(
            "{:<2} {} {}",
            rag.letters(),
            clean(&row.code),
            clean(&row.name)
        );
        let style = if start + n == p.cursor.selected {
            theme.selected()
        } else {
            Style::new()
        };
        buf.set_string(area.x, y, fit(&text, usize::from(label)), style);
        buf.set_style(Rect::new(area.x, y, 2, 1), theme.rag(rag));
        let milestones = app
            .timeline
            .milestones
            .get(&row.id)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let track = Track {
            start: row.start_date,
            baseline_end: row.baseline_end,
            end: row.forecast_end,
            rag: Some(rag),
            milestones,
        };
        put_cells(buf, chart_x, y, &track_cells(&track, &scale, app));
    }
}

fn draw_list(frame: &mut Frame<'_>, app: &App, area: Rect, mode: TimelineMode) {
    let theme = &app.theme;
    let rows = lists::rows(app, mode);
    let wide = area.width >= 110;
    let slipped = mode == TimelineMode::Slipped;
    let overdue = mode == TimelineMode::Overdue;
    let cursor = app.timeline.list_cursor;
    let height = usize::from(area.height.saturating_sub(1));
    let d = |d: Option<NaiveDate>| d.map(display_short).unwrap_or_default();
    let table_rows: Vec<Row> = rows
        .iter()
        .enumerate()
        .skip(cursor.offset)
        .take(height)
        .map(|(i, r)| {
            let slip = r.slip_days.map(signed_days).unwrap_or_default();
            let mut cells = vec![
                Line::from(clean(&r.project_code)),
                Line::from(clean(&r.milestone)),
                Line::from(d(r.baseline)),
            ];
            if slipped {
                cells.push(Line::from(d(r.moved_from)));
            }
            cells.push(Line::from(d(r.forecast)));
            let severity = slip_severity(r.slip_days.unwrap_or(0), &app.settings);
            cells.push(Line::from(Span::styled(slip, theme.slip(severity))));
            if overdue {
                // Days past the date it is due on now (its forecast, else its baseline).
                let late = r
                    .forecast
                    .or(r.baseline)
                    .map(|due| format!("{}d", (app.today - due).num_days()))
                    .unwrap_or_default();
                cells.push(Line::from(Span::styled(late, theme.warn())));
            }
            if slipped {
                cells.push(Line::from(
                    r.moved_at
                        .map(|m| display_short(m.date()))
                        .unwrap_or_default(),
                ));
            }
            if wide {
                cells.push(Line::from(clean(&r.owner)));
                if slipped {
                    cells.push(Line::from(clean(&r.reason)));
                }
            }
            let row = Row::new(cells);
            if i == cursor.selected {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let mut titles = vec!["Project", "Milestone", "Baseline"];
    let mut widths = vec![
        Constraint::Length(8),
        Constraint::Min(16),
        Constraint::Length(8),
    ];
    if slipped {
        titles.extend(["From", "To", "Moved", "On"]);
        widths.extend([
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Length(6),
            Constraint::Length(8),
        ]);
    } else {
        titles.extend(["Forecast", "Slip"]);
        widths.extend([Constraint::Length(8), Constraint::Length(6)]);
        if overdue {
            titles.push("Late");
            widths.push(Constraint::Length(5));
        }
    }
    if wide {
        titles.push("Owner");
        widths.push(Constraint::Length(18));
        if slipped {
            titles.push("Reason");
            widths.push(Constraint::Min(16));
        }
    }
    let header =
        Row::new(titles).style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    if rows.is_empty() {
        let note = match mode {
            TimelineMode::Overdue => " No overdue milestones in these projects.".to_string(),
            TimelineMode::DueSoon => format!(
                " Nothing due in the next {} days.",
                app.settings.due_soon_days
            ),
            _ => format!(
                " No milestone has slipped since {} ([ and ] move the date).",
                display(app.timeline.since)
            ),
        };
        frame.render_widget(Table::new(Vec::<Row>::new(), widths).header(header), area);
        frame.render_widget(
            Paragraph::new(note),
            Rect {
                y: area.y + 1,
                height: area.height.saturating_sub(1),
                ..area
            },
        );
        return;
    }
    frame.render_widget(
        Table::new(table_rows, widths)
            .header(header)
            .column_spacing(1),
        area,
    );
}

/// A project's own timeline: the whole project, then one row per milestone.
pub fn draw_project_timeline(frame: &mut Frame<'_>, app: &App, state: &ProjectState, area: Rect) {
    if area.is_empty() {
        return;
    }
    let theme: &Theme = &app.theme;
    let label = label_width(area.width);
    let chart_x = area.x + label + 1;
    let p = &state.project;
    let scale = app.timeline.project_scale(
        app.today,
        area.width.saturating_sub(label + 1).max(1),
        p.start_date,
    );
    let rag = p.rag.on_scale(app.settings.rag_scale);
    let buf = frame.buffer_mut();
    buf.set_string(
        area.x,
        area.y,
        fit(
            &format!(
                "{} · {}",
                app.timeline.zoom.label(),
                display_short(scale.start)
            ),
            usize::from(label),
        ),
        theme.dim(),
    );
    draw_axis(buf, chart_x, area.y, &scale, app);
    let height = usize::from(area.height.saturating_sub(1));
    let cursor = state.cursor;
    let total = state.milestones.len() + 1;
    for (n, index) in (cursor.offset..total).take(height).enumerate() {
        let y = area.y + 1 + n as u16;
        let style = if index == cursor.selected {
            theme.selected()
        } else {
            Style::new()
        };
        let (text, track) = if index == 0 {
            (
                "Whole project".to_string(),
                Track {
                    start: p.start_date,
                    baseline_end: p.baseline_end,
                    end: p.forecast_end,
                    rag: Some(rag),
                    milestones: &[],
                },
            )
        } else {
            let m = &state.milestones[index - 1];
            let mark = if m.is_done() {
                theme.glyphs().actual
            } else if m.is_overdue(app.today) {
                '!'
            } else {
                ' '
            };
            (
                format!("{mark} {}", clean(&m.name)),
                Track {
                    start: None,
                    baseline_end: None,
                    end: None,
                    rag: None,
                    milestones: std::slice::from_ref(m),
                },
            )
        };
        buf.set_string(area.x, y, fit(&text, usize::from(label)), style);
        put_cells(buf, chart_x, y, &track_cells(&track, &scale, app));
    }
}
