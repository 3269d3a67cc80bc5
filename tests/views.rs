//! Every view rendered to a `TestBackend`, compared with insta snapshots at 80x24 and 160x50,
//! with RAG colours asserted from the buffer's cells (snapshots drop colour).

mod common;

use common::screen::{Fixture, find, harness, screen_text};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use workplan::store::{OpenMode, Store};
use workplan::tui;
use workplan::tui::app::{App, AppContext};
use workplan::tui::keymap::Keymap;
use workplan::tui::theme::Theme;

#[test]
fn portfolio_at_80x24_and_160x50() {
    let small = harness(80, 24, Theme::colour(), Fixture::Demo);
    insta::assert_snapshot!("portfolio_80x24", small.text());
    let large = harness(160, 50, Theme::colour(), Fixture::Demo);
    insta::assert_snapshot!("portfolio_160x50", large.text());
}

#[test]
fn red_projects_come_first_with_red_cells() {
    let h = harness(160, 50, Theme::colour(), Fixture::Demo);
    let text = h.text();
    let first_row = text.lines().nth(4).unwrap();
    assert!(first_row.trim_start().starts_with("R "), "{first_row}");
    // The RAG badge of the first row is drawn on red; amber-red on light red; green on green.
    let badge = |code: &str| {
        let (_, y) = find(h.buffer(), code).unwrap();
        h.buffer()[(1, y)].bg
    };
    assert_eq!(badge("ICT-006"), Color::Red);
    assert_eq!(badge("ICT-007"), Color::LightRed);
    assert_eq!(badge("ICT-024"), Color::Yellow);
    assert_eq!(badge("ICT-008"), Color::Green);
    assert_eq!(badge("ICT-028"), Color::DarkGray);
}

#[test]
fn no_color_keeps_the_letters_and_drops_the_colours() {
    let h = harness(120, 30, Theme::mono(), Fixture::Demo);
    let buffer = h.buffer();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            assert_eq!(cell.bg, Color::Reset, "background colour at {x},{y}");
            assert_eq!(cell.fg, Color::Reset, "foreground colour at {x},{y}");
        }
    }
    assert!(h.text().contains(" AR "));
}

#[test]
fn what_an_import_kept_against_the_app_s_rules_shows_on_the_project_until_put_right() {
    let csv = "code,name,stage,rag,rag_reason,start_date,forecast_end\n\
               P-1,Portal,in-delivery,red,,2026-05-01,2026-04-01\n";
    for (w, hgt) in [(80u16, 24u16), (160, 50)] {
        let mut h = harness(w, hgt, Theme::mono(), Fixture::Projects(csv));
        h.press(KeyCode::Enter);
        let text = h.text();
        assert!(
            text.contains("Check     no reason is given for a Red status"),
            "{text}"
        );
        assert!(
            text.contains("Check     the forecast end is before the start date"),
            "{text}"
        );
    }
    let fixed = "code,name,stage,rag,rag_reason,start_date,forecast_end\n\
                 P-1,Portal,in-delivery,red,Supplier late,2026-05-01,2026-06-01\n";
    let mut h = harness(80, 24, Theme::mono(), Fixture::Projects(fixed));
    h.press(KeyCode::Enter);
    assert!(!h.text().contains("Check"), "{}", h.text());
}

#[test]
fn project_detail_tabs_at_both_sizes() {
    for (w, hgt) in [(80u16, 24u16), (160, 50)] {
        let mut h = harness(w, hgt, Theme::colour(), Fixture::Demo);
        h.keys("/firewall");
        h.press(KeyCode::Enter);
        h.press(KeyCode::Enter);
        insta::assert_snapshot!(format!("detail_overview_{w}x{hgt}"), h.text());
        for tab in ["milestones", "risks", "cases", "history"] {
            h.press(KeyCode::Tab);
            insta::assert_snapshot!(format!("detail_{tab}_{w}x{hgt}"), h.text());
        }
        h.press(KeyCode::Esc);
        assert!(h.text().contains("Portfolio"));
    }
}

#[test]
fn detail_title_badge_is_red_for_a_red_project() {
    let mut h = harness(120, 30, Theme::colour(), Fixture::Demo);
    h.press(KeyCode::Enter);
    let (x, y) = find(h.buffer(), " R ").unwrap();
    assert_eq!(h.buffer()[(x + 1, y)].bg, Color::Red);
    assert!(h.text().contains("Red since"));
}

#[test]
fn welcome_help_and_filter_screens() {
    let empty = harness(80, 24, Theme::colour(), Fixture::Empty);
    insta::assert_snapshot!("welcome_80x24", empty.text());
    let mut h = harness(80, 24, Theme::colour(), Fixture::Demo);
    h.press(KeyCode::Char('?'));
    insta::assert_snapshot!("help_80x24", h.text());
    h.press(KeyCode::Esc);
    h.press(KeyCode::Char('f'));
    h.press(KeyCode::Char('j'));
    h.press(KeyCode::Char('l'));
    insta::assert_snapshot!("filter_80x24", h.text());
    let mut wide = harness(160, 50, Theme::colour(), Fixture::Demo);
    wide.press(KeyCode::Char('?'));
    insta::assert_snapshot!("help_160x50", wide.text());
}

#[test]
fn search_sort_and_keep_selection_on_reload() {
    let mut h = harness(120, 30, Theme::colour(), Fixture::Demo);
    h.keys("/telephony");
    h.press(KeyCode::Enter);
    assert_eq!(h.app.portfolio.visible.len(), 1);
    assert!(h.text().contains("ICT-015"));
    h.press(KeyCode::Esc);
    assert_eq!(h.app.portfolio.visible.len(), 29);
    h.press(KeyCode::Char('s'));
    assert!(h.text().contains("sorted by code"));
    let codes = |app: &App| -> Vec<String> {
        app.portfolio
            .visible
            .iter()
            .map(|i| app.portfolio.rows[*i].code.clone())
            .collect()
    };
    let by_code = codes(&h.app);
    let mut sorted = by_code.clone();
    sorted.sort();
    assert_eq!(by_code, sorted);
    assert!(h.text().lines().nth(4).unwrap().contains(&by_code[0]));
    h.press(KeyCode::Char('S'));
    assert!(h.text().contains("(reversed)"));
    sorted.reverse();
    assert_eq!(codes(&h.app), sorted);
    h.press(KeyCode::Char('j'));
    h.press(KeyCode::Char('j'));
    let selected = h.app.selected_row().unwrap().code.clone();
    tui::run_effects(
        &mut h.app,
        &mut h.store,
        vec![tui::update::Effect::LoadPortfolio],
    );
    assert_eq!(h.app.selected_row().unwrap().code, selected);
}

#[test]
fn hostile_text_never_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("p.csv");
    std::fs::write(
        &csv,
        "code,name,stage,rag,rag_reason\nEVIL-1,\"Boom\x1b[2J\x1b]0;pwned\x07\",in-delivery,red,\"bad\x1b[31m\"\n",
    )
    .unwrap();
    let db = dir.path().join("w.db");
    let mut store = Store::open(&db, OpenMode::CreateIfMissing).unwrap();
    workplan::commands::import::import_file(
        &mut store,
        workplan::commands::import::Register::Projects,
        &csv,
        "t",
        common::now(),
    )
    .unwrap();
    let context = AppContext {
        today: common::today(),
        user: "t".into(),
        db_label: "w.db".into(),
        read_only: false,
        keymap: Keymap::default(),
        theme: Theme::colour(),
    };
    let mut app = App::new(context, store.settings().unwrap());
    tui::start(&mut app, &mut store);
    let mut terminal = Terminal::new(TestBackend::new(100, 20)).unwrap();
    tui::draw(&mut terminal, &mut app).unwrap();
    let text = screen_text(terminal.backend().buffer());
    assert!(
        text.contains("Boom\u{fffd}[2J\u{fffd}]0;pwned\u{fffd}"),
        "{text}"
    );
    assert!(!text.contains('\x1b'));
}
