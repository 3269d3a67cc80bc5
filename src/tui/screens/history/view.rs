//! The whole work plan's audit trail, newest first, filtered by user and date.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Table};

use crate::tui::app::App;
use crate::tui::views::audit_text::{
    CHANGE_WIDTH, REASON_WIDTH, change_text, what_text, what_width,
};
use crate::tui::views::widgets::clean;

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let theme = &app.theme;
    let h = &app.history;
    let [info, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let window = match h.days {
        None => "all time".to_string(),
        Some(1) => "the last day".to_string(),
        Some(d) => format!("the last {d} days"),
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                " {} changes · {} · {}   (f user, w date)",
                h.entries.len(),
                h.user
                    .as_deref()
                    .map(clean)
                    .unwrap_or_else(|| "everyone".into()),
                window
            ),
            theme.title(),
        )),
        info,
    );
    let wide = area.width >= 120;
    let height = usize::from(body.height.saturating_sub(1));
    let shown: Vec<(usize, &crate::store::AuditEntry, String)> = h
        .entries
        .iter()
        .enumerate()
        .skip(h.cursor.offset)
        .take(height)
        .map(|(i, a)| (i, a, what_text(a)))
        .collect();
    let whats: Vec<String> = shown.iter().map(|(_, _, w)| w.clone()).collect();
    // When, who, project, the change and (wide) the reason at their least, and the gaps.
    let others = if wide {
        14 + 14 + 8 + CHANGE_WIDTH + REASON_WIDTH + 5
    } else {
        14 + 14 + 8 + 16 + 4
    };
    let what_width = what_width(&whats, 26, area.width.saturating_sub(others));
    let rows: Vec<Row> = shown
        .into_iter()
        .map(|(i, a, what)| {
            let change = change_text(a);
            let mut cells = vec![
                a.at.format("%d/%m/%y %H:%M").to_string(),
                clean(&a.user),
                clean(&a.project_code),
                what,
                change,
            ];
            if wide {
                cells.push(clean(&a.reason));
            }
            let row = Row::new(cells);
            if i == h.cursor.selected {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let mut widths = vec![
        Constraint::Length(14),
        Constraint::Length(14),
        Constraint::Length(8),
        Constraint::Length(what_width),
        Constraint::Min(if wide { CHANGE_WIDTH } else { 16 }),
    ];
    let mut titles = vec!["When", "Who", "Project", "What", "Change"];
    if wide {
        widths.push(Constraint::Min(12));
        titles.push("Reason");
    }
    let header =
        Row::new(titles).style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        body,
    );
}
