//! The whole work plan's audit trail, newest first, filtered by user and date.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Table};

use crate::store::AuditEntry;
use crate::tui::app::App;
use crate::tui::views::widgets::clean;

/// An audit row's change as the history views show it: `old → new`, the new value alone for a
/// creation, `old → (none)` for a cleared value.
pub fn change_text(a: &AuditEntry) -> String {
    match (&a.old_value, &a.new_value) {
        (Some(old), Some(new)) => format!("{} → {}", clean(old), clean(new)),
        (None, Some(new)) => clean(new),
        (Some(old), None) => format!("{} → (none)", clean(old)),
        (None, None) => String::new(),
    }
}

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
    let rows: Vec<Row> = h
        .entries
        .iter()
        .enumerate()
        .skip(h.cursor.offset)
        .take(height)
        .map(|(i, a)| {
            let change = change_text(a);
            let mut cells = vec![
                a.at.format("%d/%m/%y %H:%M").to_string(),
                clean(&a.user),
                clean(&a.project_code),
                format!("{} {}", a.entity, clean(&a.field)),
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
        Constraint::Length(26),
        Constraint::Min(16),
    ];
    let mut titles = vec!["When", "Who", "Project", "What", "Change"];
    if wide {
        widths.push(Constraint::Min(16));
        titles.push("Reason");
    }
    let header =
        Row::new(titles).style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        body,
    );
}
