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

/// The firewall project on its Milestones tab with `name` selected; its index in the list.
fn select_firewall_milestone(h: &mut common::screen::Harness, name: &str) -> usize {
    h.keys("/firewall");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    while h.app.project.as_ref().unwrap().tab != workplan::tui::app::Tab::Milestones {
        h.press(KeyCode::Tab);
    }
    let index = h
        .app
        .project
        .as_ref()
        .unwrap()
        .milestones
        .iter()
        .position(|m| m.name == name)
        .unwrap();
    h.press(KeyCode::Char('g'));
    for _ in 0..index {
        h.press(KeyCode::Char('j'));
    }
    index
}

#[test]
fn enter_on_a_moved_milestone_shows_every_move_with_its_reason_newest_first() {
    for (w, hgt) in [(80u16, 24u16), (200, 60)] {
        let mut h = harness(w, hgt, Theme::colour(), Fixture::Demo);
        let index = select_firewall_milestone(&mut h, "Cutover at Civic Centre data centre");
        h.press(KeyCode::Enter);
        let text = h.text();
        assert!(
            text.contains("Milestone    Cutover at Civic Centre data centre"),
            "{text}"
        );
        assert!(text.contains("Owner        Hannah Okafor"), "{text}");
        assert!(text.contains("Baseline     24 Sep 2026"), "{text}");
        assert!(
            text.contains("Forecast     10 Nov 2026 (+47d against baseline)"),
            "{text}"
        );
        assert!(text.contains("3 date moves, newest first"), "{text}");
        // Each move: when, which date, from and to, who; then why. Newest first.
        let newest = text
            .find("01 Oct 2026 14:29 · forecast 28 Oct 2026 → 10 Nov 2026 (+13d) · Hannah Okafor")
            .expect(&text);
        let middle = text.find("Supplier slot moved").expect(&text);
        let oldest = text
            .find("Key staff diverted to operational priorities")
            .expect(&text);
        assert!(newest < middle && middle < oldest, "{text}");
        assert!(
            text.contains("29 Jul 2026 09:39 · forecast 24 Sep 2026 → 23 Oct 2026 (+29d)"),
            "{text}"
        );
        insta::assert_snapshot!(format!("milestone_detail_{w}x{hgt}"), text);
        // The list keys scroll the detail, never the selection; Esc comes back to the list.
        h.press(KeyCode::Char('j'));
        h.press(KeyCode::PageDown);
        h.press(KeyCode::Esc);
        let state = h.app.project.as_ref().unwrap();
        assert_eq!(state.detail, None);
        assert_eq!(state.cursor.selected, index, "the same milestone selected");
        assert_eq!(h.app.screen, workplan::tui::app::Screen::Project);
        let text = h.text();
        assert!(text.contains("Baseline Forecast"), "the list again: {text}");
        assert!(!text.contains("Supplier slot moved"), "{text}");
    }
}

#[test]
fn a_long_milestone_detail_scrolls_to_its_oldest_move() {
    // 80x16: the tab's body has room for 10 rows of the detail's 16.
    let mut h = harness(80, 16, Theme::mono(), Fixture::Demo);
    select_firewall_milestone(&mut h, "Cutover at Civic Centre data centre");
    h.press(KeyCode::Enter);
    let text = h.text();
    assert!(text.contains("more below"), "{text}");
    assert!(!text.contains("Key staff diverted"), "{text}");
    h.press(KeyCode::PageDown);
    let text = h.text();
    assert!(
        text.contains("Key staff diverted to operational priorities"),
        "{text}"
    );
    assert!(!text.contains("more below"), "at the end: {text}");
    h.press(KeyCode::Char('k'));
    assert!(h.text().contains("more below"), "{}", h.text());
    h.press(KeyCode::Char('g'));
    let text = h.text();
    assert!(
        text.contains("Milestone    Cutover at Civic Centre data centre"),
        "{text}"
    );
    // Enter closes it too.
    h.press(KeyCode::Enter);
    assert_eq!(h.app.project.as_ref().unwrap().detail, None);
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
    h.runtime
        .run(&mut h.app, vec![tui::update::Effect::LoadPortfolio]);
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
    tui::Runtime::new(store).start(&mut app);
    let mut terminal = Terminal::new(TestBackend::new(100, 20)).unwrap();
    tui::draw(&mut terminal, &mut app).unwrap();
    let text = screen_text(terminal.backend().buffer());
    assert!(
        text.contains("Boom\u{fffd}[2J\u{fffd}]0;pwned\u{fffd}"),
        "{text}"
    );
    assert!(!text.contains('\x1b'));
}

/// Every screen and overlay drawn at every width from 1 to 300 (at a few heights) and every
/// height from 1 to 100 (at a few widths), from 1x1 up: nothing may panic, whatever the
/// terminal. Each draw is caught, so one run lists every size that fails.
mod every_size {
    use crossterm::event::KeyCode;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use rusqlite::types::Value;

    use crate::common;
    use crate::common::screen::{Fixture, Harness, harness};
    use workplan::store::edit::{Actor, Edit, EditOutcome, Entity};
    use workplan::store::{OpenMode, Store};
    use workplan::tui;
    use workplan::tui::app::{Overlay, Screen, Tab, TimelineMode};
    use workplan::tui::desk::DeskMode;
    use workplan::tui::theme::Theme;

    /// Widths 1..=300 at heights 1, 2, 3, 5, 10, 24 and 100; heights 1..=100 at widths 1, 2,
    /// 3, 10, 80 and 300.
    fn sizes() -> Vec<(u16, u16)> {
        let mut sizes = Vec::new();
        for height in [1u16, 2, 3, 5, 10, 24, 100] {
            sizes.extend((1..=300u16).map(|width| (width, height)));
        }
        for width in [1u16, 2, 3, 10, 80, 300] {
            sizes.extend((1..=100u16).map(|height| (width, height)));
        }
        sizes.sort_unstable();
        sizes.dedup();
        sizes
    }

    /// Draw what `h` shows at every size; "SCREEN at WxH: message" for each that panicked
    /// (a few per screen: one bug fails many sizes).
    fn draw_everywhere(h: &mut Harness, screen: &str) -> Vec<String> {
        let mut failures = Vec::new();
        for (width, height) in sizes() {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                tui::draw(&mut terminal, &mut h.app).unwrap();
            }));
            if let Err(panic) = drawn {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{screen} at {width}x{height}: {message}"));
                if failures.len() >= 5 {
                    failures.push(format!("{screen}: stopped after 5 sizes"));
                    break;
                }
            }
        }
        // Back to the harness's own size, so later keys page as it expects.
        tui::draw(&mut h.terminal, &mut h.app).unwrap();
        failures
    }

    fn assert_none(failures: Vec<String>) {
        assert!(
            failures.is_empty(),
            "{} failure(s):\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    fn open_firewall(h: &mut Harness) {
        h.keys("/firewall");
        h.press(KeyCode::Enter);
        h.press(KeyCode::Enter);
        assert_eq!(h.app.screen, Screen::Project);
    }

    fn to_tab(h: &mut Harness, tab: Tab) {
        for _ in 0..Tab::ALL.len() {
            if h.app.project.as_ref().unwrap().tab == tab {
                return;
            }
            h.press(KeyCode::Tab);
        }
        assert_eq!(h.app.project.as_ref().unwrap().tab, tab);
    }

    #[test]
    fn portfolio_welcome_and_overlays_draw_at_every_size() {
        let mut failures = Vec::new();
        let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
        assert_eq!(h.app.screen, Screen::Portfolio);
        failures.extend(draw_everywhere(&mut h, "portfolio"));
        h.press(KeyCode::Char('?'));
        assert!(matches!(h.app.overlay, Some(Overlay::Help { .. })));
        failures.extend(draw_everywhere(&mut h, "help"));
        h.press(KeyCode::Esc);
        h.press(KeyCode::Char('f'));
        assert!(matches!(h.app.overlay, Some(Overlay::Filter { .. })));
        failures.extend(draw_everywhere(&mut h, "filter"));
        h.press(KeyCode::Esc);
        h.keys("/fire");
        assert!(matches!(h.app.overlay, Some(Overlay::Search(_))));
        failures.extend(draw_everywhere(&mut h, "search"));
        let mut empty = harness(80, 24, Theme::mono(), Fixture::Empty);
        assert_eq!(empty.app.screen, Screen::Welcome);
        failures.extend(draw_everywhere(&mut empty, "welcome"));
        assert_none(failures);
    }

    #[test]
    fn triage_and_every_project_tab_draw_at_every_size() {
        let mut failures = Vec::new();
        let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
        h.press(KeyCode::Char('t'));
        assert_eq!(h.app.screen, Screen::Triage, "{:?}", h.app.message);
        failures.extend(draw_everywhere(&mut h, "triage"));
        let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
        open_firewall(&mut h);
        for tab in Tab::ALL {
            to_tab(&mut h, tab);
            failures.extend(draw_everywhere(&mut h, &format!("project {}", tab.title())));
        }
        // A milestone's detail and a risk's, each scrolled a little.
        for tab in [Tab::Milestones, Tab::Risks] {
            to_tab(&mut h, tab);
            h.press(KeyCode::Enter);
            h.press(KeyCode::Char('j'));
            assert!(h.app.project.as_ref().unwrap().detail.is_some());
            failures.extend(draw_everywhere(
                &mut h,
                &format!("project {} detail", tab.title()),
            ));
            h.press(KeyCode::Esc);
        }
        assert_none(failures);
    }

    #[test]
    fn timeline_history_and_report_draw_at_every_size() {
        let mut failures = Vec::new();
        let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
        h.press(KeyCode::Char('2'));
        h.wait_for_background();
        assert_eq!(h.app.screen, Screen::Timeline);
        for mode in TimelineMode::ALL {
            for _ in 0..TimelineMode::ALL.len() {
                if h.app.timeline.mode == mode {
                    break;
                }
                h.press(KeyCode::Char('v'));
            }
            assert_eq!(h.app.timeline.mode, mode);
            failures.extend(draw_everywhere(
                &mut h,
                &format!("timeline {}", mode.title()),
            ));
        }
        h.press(KeyCode::Char('6'));
        h.wait_for_background();
        assert_eq!(h.app.screen, Screen::History);
        failures.extend(draw_everywhere(&mut h, "history"));
        h.press(KeyCode::Char('5'));
        h.wait_for_background();
        assert_eq!(h.app.screen, Screen::Report);
        failures.extend(draw_everywhere(&mut h, "report"));
        assert_none(failures);
    }

    #[test]
    fn risk_register_and_service_desk_draw_at_every_size() {
        let mut failures = Vec::new();
        let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
        h.press(KeyCode::Char('3'));
        h.wait_for_background();
        assert_eq!(h.app.screen, Screen::Risks);
        failures.extend(draw_everywhere(&mut h, "risk register"));
        h.press(KeyCode::Enter);
        assert!(h.app.risks.detail.is_some(), "a risk's detail");
        failures.extend(draw_everywhere(&mut h, "risk detail"));
        h.press(KeyCode::Esc);
        h.press(KeyCode::Char('4'));
        h.wait_for_background();
        assert_eq!(h.app.screen, Screen::Desk);
        for mode in DeskMode::ALL {
            for _ in 0..DeskMode::ALL.len() {
                if h.app.desk.mode == mode {
                    break;
                }
                h.press(KeyCode::Char('v'));
            }
            assert_eq!(h.app.desk.mode, mode);
            failures.extend(draw_everywhere(&mut h, &format!("desk {}", mode.title())));
        }
        while h.app.desk.mode != DeskMode::Breached {
            h.press(KeyCode::Char('v'));
        }
        h.press(KeyCode::Enter);
        h.press(KeyCode::Char('j'));
        assert!(h.app.desk.detail.is_some(), "a case's detail");
        failures.extend(draw_everywhere(&mut h, "desk case detail"));
        assert_none(failures);
    }

    #[test]
    fn forms_confirmations_and_the_conflict_dialog_draw_at_every_size() {
        let mut failures = Vec::new();
        let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
        h.press(KeyCode::Char('e'));
        assert!(matches!(h.app.overlay, Some(Overlay::Form(_))));
        failures.extend(draw_everywhere(&mut h, "edit form"));

        let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
        open_firewall(&mut h);
        to_tab(&mut h, Tab::Milestones);
        h.press(KeyCode::Char('g'));
        h.press(KeyCode::Char('x'));
        assert!(matches!(h.app.overlay, Some(Overlay::Confirm { .. })));
        failures.extend(draw_everywhere(&mut h, "confirm"));

        // A colleague moves the milestone the form is moving: the conflict dialog.
        let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
        open_firewall(&mut h);
        to_tab(&mut h, Tab::Milestones);
        let name = "Cutover at Holmwick House";
        let state = h.app.project.as_ref().unwrap();
        let index = state
            .milestones
            .iter()
            .position(|m| m.name == name)
            .unwrap();
        let loaded = state.milestones[index].clone();
        h.press(KeyCode::Char('g'));
        for _ in 0..index {
            h.press(KeyCode::Char('j'));
        }
        h.press(KeyCode::Char('m'));
        h.keys("2027-01-10");
        h.press(KeyCode::Tab);
        h.keys("Mine, with a reason long enough to wrap in a narrow dialog");
        failures.extend(draw_everywhere(&mut h, "move form"));
        let mut colleague = Store::open(h.runtime.store.path(), OpenMode::MustExist).unwrap();
        let theirs = colleague
            .apply_edit(
                &Edit {
                    entity: Entity::Milestone,
                    id: loaded.id,
                    expected_version: loaded.version,
                    loaded: vec![],
                    values: vec![("forecast_date", Value::Text("2027-03-01".into()))],
                    reason: "Theirs".into(),
                },
                Actor {
                    user: "Colleague",
                    now: common::now(),
                },
            )
            .unwrap();
        assert!(matches!(theirs, EditOutcome::Saved { .. }));
        h.press(KeyCode::Enter);
        assert!(matches!(h.app.overlay, Some(Overlay::Conflict(_))));
        failures.extend(draw_everywhere(&mut h, "conflict"));
        assert_none(failures);
    }
}

/// Identifiers are never cut: the code column is as wide as the longest code in the list.
#[test]
fn long_real_codes_are_shown_whole_at_80_columns() {
    let h = harness(
        80,
        24,
        Theme::mono(),
        Fixture::Projects(
            "code,name,stage,rag\n\
             MOD_0111_1718-Q1,Modern workplace,in-delivery,amber\n\
             DSF0001086173,Data sharing framework,in-delivery,red\n\
             ICT-1,Short one,proposed,\n",
        ),
    );
    let text = h.text();
    for code in ["MOD_0111_1718-Q1", "DSF0001086173", "ICT-1"] {
        assert!(text.contains(code), "{code} whole in:\n{text}");
    }
}
