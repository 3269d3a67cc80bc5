//! The welcome screen for an empty database: how to load the demo, import, or add a project.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::tui::app::App;
use crate::tui::keymap::{Action, Context};
use crate::tui::views::widgets::centred;
use crate::tui::views::widgets::clean;

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let theme = &app.theme;
    let lines = vec![
        Line::styled("Welcome to workplan", theme.title()),
        Line::raw(""),
        Line::raw(format!(
            "This work plan ({}) has no projects yet.",
            clean(&app.db_label)
        )),
        Line::raw(""),
        Line::styled("Try it on a realistic council work plan:", theme.title()),
        Line::raw("  workplan demo"),
        Line::raw(""),
        Line::styled(
            "Bring in your own spreadsheet (CSV, columns as in the README):",
            theme.title(),
        ),
        Line::raw("  workplan import projects projects.csv"),
        Line::raw("  workplan import milestones milestones.csv"),
        Line::raw("  workplan import risks risks.csv"),
        Line::raw(""),
        Line::styled("Add a first project:", theme.title()),
        Line::raw("  write one row under the header code,name,stage and import it"),
        Line::raw(""),
        Line::raw(format!(
            "{} help · {} quit",
            app.keymap.key_for(Action::Help),
            app.keymap.key_for(Action::Quit)
        )),
    ];
    let popup = centred(area, 72, lines.len() as u16 + 2);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::new().borders(Borders::ALL)),
        popup,
    );
}

/// The keys the footer offers here (help lists every key).
pub const FOOTER: &[Action] = &[Action::Help, Action::Quit];

/// What this screen is to the app (`screens::room`).
pub const ROOM: super::Room = super::Room {
    title: "Welcome",
    footer: |_| FOOTER,
    context: |_| Context::Portfolio,
    update: |_, _| Vec::new(),
    draw,
    reader: None,
    list: None,
};
