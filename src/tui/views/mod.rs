//! Views are pure functions of the model: `draw(frame, &app)` and nothing else.

mod desk;
mod detail;
mod dialogs;
mod help;
mod history;
mod overlays;
mod portfolio;
pub mod risks;
pub mod timeline;
mod triage;
mod welcome;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{App, Overlay, Screen};
use super::keymap::Action;

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
    match app.screen {
        Screen::Welcome => welcome::draw(frame, app, body),
        Screen::Portfolio => portfolio::draw(frame, app, body),
        Screen::Timeline => timeline::draw(frame, app, body),
        Screen::Triage => triage::draw(frame, app, body),
        Screen::History => history::draw(frame, app, body),
        Screen::Risks => risks::draw(frame, app, body),
        Screen::Desk => desk::draw(frame, app, body),
        Screen::Report => {
            let since = app
                .report
                .since
                .map(|d| format!(" since {}", crate::domain::dates::display(d)))
                .unwrap_or_default();
            let [info, text] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
            frame.render_widget(
                Paragraph::new(format!(
                    " Committee report preview{since} · j/k scroll · w writes it (Markdown and HTML) beside the database"
                ))
                .style(app.theme.dim()),
                info,
            );
            if app.report.pending.is_running() && app.report.markdown.is_empty() {
                widgets::loading(frame, app, text, "Writing the report");
            } else {
                frame.render_widget(
                    Paragraph::new(widgets::clean_lines(&app.report.markdown))
                        .scroll((app.report.scroll, 0))
                        .wrap(ratatui::widgets::Wrap { trim: false }),
                    text,
                );
            }
        }
        Screen::Project => detail::draw(frame, app, body),
    }
    draw_footer(frame, app, footer);
    match &app.overlay {
        Some(Overlay::Help { scroll }) => help::draw(frame, app, area, *scroll),
        Some(Overlay::Filter { field }) => overlays::draw_filter(frame, app, area, *field),
        Some(Overlay::Search(input)) => overlays::draw_search(frame, app, footer, input),
        Some(Overlay::Form(open)) => dialogs::draw_form(frame, app, area, open),
        Some(Overlay::Confirm { text, .. }) => dialogs::draw_confirm(frame, app, area, text),
        Some(Overlay::Conflict(conflict)) => dialogs::draw_conflict(frame, app, area, conflict),
        None => {}
    }
}

/// How many list rows the body has room for at this terminal size (paging uses it).
pub fn list_height(terminal_height: u16) -> usize {
    usize::from(terminal_height.saturating_sub(CHROME_ROWS).max(1))
}

fn draw_header(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let theme = &app.theme;
    let screen = match app.screen {
        Screen::Welcome => "Welcome",
        Screen::Portfolio => "Portfolio",
        Screen::Timeline => "Timeline",
        Screen::Triage => "Triage",
        Screen::History => "History",
        Screen::Risks => "Risks",
        Screen::Desk => "Service desk",
        Screen::Report => "Report",
        Screen::Project => "Project",
    };
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
    let actions: &[Action] = match app.screen {
        Screen::Welcome => &[Action::Help, Action::Quit],
        Screen::Portfolio => &[
            Action::Open,
            Action::Search,
            Action::Filter,
            Action::ChangeRag,
            Action::Triage,
            Action::Help,
            Action::Quit,
        ],
        Screen::Triage => &[
            Action::ConfirmReviewed,
            Action::ChangeRag,
            Action::MoveDate,
            Action::NextProject,
            Action::PreviousProject,
            Action::Back,
        ],
        Screen::Risks => &[
            Action::Open,
            Action::Reassess,
            Action::MapFocus,
            Action::Basis,
            Action::Scope,
            Action::Filter,
            Action::Help,
        ],
        Screen::Desk => &[Action::NextList, Action::Open, Action::Back, Action::Help],
        Screen::Report => &[
            Action::Down,
            Action::PageDown,
            Action::WriteReport,
            Action::Back,
        ],
        Screen::History => &[
            Action::CycleUser,
            Action::CycleWindow,
            Action::Back,
            Action::Help,
        ],
        Screen::Timeline => &[
            Action::ZoomIn,
            Action::ZoomOut,
            Action::ScrollOn,
            Action::Today,
            Action::NextList,
            Action::Open,
            Action::Help,
        ],
        Screen::Project => &[
            Action::NextView,
            Action::Edit,
            Action::ChangeRag,
            Action::MarkDone,
            Action::MoveDate,
            Action::Undo,
            Action::Back,
            Action::Help,
        ],
    };
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
