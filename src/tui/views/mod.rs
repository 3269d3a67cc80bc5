//! Views are pure functions of the model: `draw(frame, &app)` and nothing else.

pub mod audit_text;
pub mod scrolled;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::App;

/// Rows of chrome around a list: header, summary lines, table header, footer.
pub const CHROME_ROWS: u16 = 5;

pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let area = frame.area();
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(frame, app, header);
    crate::tui::screens::draw(frame, app, body);
    draw_footer(frame, app, footer);
    crate::tui::overlays::draw(frame, app, area, footer);
}

/// How many list rows the body has room for at this terminal size (paging uses it).
pub fn list_height(terminal_height: u16) -> usize {
    usize::from(terminal_height.saturating_sub(CHROME_ROWS).max(1))
}

fn draw_header(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let theme = &app.theme;
    let screen = crate::tui::screens::title(app.screen);
    let mut left = vec![
        Span::styled(
            " workplan ",
            theme.header().add_modifier(ratatui::style::Modifier::BOLD),
        ),
        Span::styled(
            format!(" {screen} · {} ", widgets::clean(&app.db_label)),
            theme.header(),
        ),
    ];
    let right = format!(
        " {} · {} ",
        app.today.format("%a %d %b %Y"),
        widgets::clean(&app.user)
    );
    if app.read_only {
        // Say why when the user did not ask for it, where the width allows.
        let used: usize = left
            .iter()
            .map(|s| widgets::width(&s.content))
            .sum::<usize>()
            + widgets::width(" READ-ONLY ")
            + widgets::width(&right);
        let why = app
            .read_only_reason
            .as_deref()
            .map(|w| format!(": {}", widgets::clean(w)))
            .filter(|w| used + widgets::width(w) < usize::from(area.width))
            .unwrap_or_default();
        left.push(Span::styled(
            format!(" READ-ONLY{why} "),
            theme
                .warn()
                .add_modifier(ratatui::style::Modifier::REVERSED),
        ));
    }
    frame.render_widget(Paragraph::new("").style(theme.header()), area);
    frame.render_widget(Paragraph::new(Line::from(left)), area);
    let width = u16::try_from(widgets::width(&right)).unwrap_or(u16::MAX);
    if area.width > width.saturating_add(40) {
        let right_area = Rect {
            x: area.x + area.width - width,
            width,
            ..area
        };
        frame.render_widget(Paragraph::new(right).style(theme.header()), right_area);
    }
}

fn draw_footer(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let theme = &app.theme;
    if let Some(message) = &app.message {
        frame.render_widget(
            Paragraph::new(format!(" {}", widgets::clean(message))).style(theme.title()),
            area,
        );
        return;
    }
    let actions = crate::tui::screens::footer(app);
    let mut spans = vec![Span::raw(" ")];
    for action in actions {
        let key = app.keymap.key_for(*action);
        if key.is_empty() {
            continue;
        }
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(format!(" {}  ", action.hint()), Style::new()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
