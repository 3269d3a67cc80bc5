//! The timeline view and its lists: snapshots at every zoom level at 80x24 and 200x50 on a
//! work plan of edge cases, suggested RAG beside the declared one, and list navigation.

mod common;

use common::screen::{Fixture, harness};
use crossterm::event::KeyCode;
use workplan::domain::timeline::Zoom;
use workplan::tui::app::{Screen, Tab, TimelineMode};
use workplan::tui::lists;
use workplan::tui::theme::Theme;

const ZOOM_KEYS: [(Zoom, &str); 4] = [
    (Zoom::Weeks, "+"),
    (Zoom::Months, ""),
    (Zoom::Quarters, "-"),
    (Zoom::Years, "--"),
];

#[test]
fn gantt_at_every_zoom_and_size() {
    for (width, height) in [(80u16, 24u16), (200, 50)] {
        for (zoom, keys) in ZOOM_KEYS {
            let mut h = harness(width, height, Theme::colour(), Fixture::Timeline);
            h.press(KeyCode::Char('2'));
            h.keys(keys);
            assert_eq!(h.app.timeline.zoom, zoom);
            insta::assert_snapshot!(format!("gantt_{}_{width}x{height}", zoom.label()), h.text());
        }
    }
}

#[test]
fn bars_cut_by_the_window_show_arrows_and_today_is_marked() {
    let mut h = harness(120, 30, Theme::colour(), Fixture::Timeline);
    h.press(KeyCode::Char('2'));
    let text = h.text();
    let line = |code: &str| text.lines().find(|l| l.contains(code)).unwrap().to_string();
    let long = line("T-LONG");
    assert!(long.contains('◀') && long.contains('▶'), "{long}");
    assert!(line("T-PAST").contains('◀'), "ended before the window");
    assert!(
        line("T-FUTURE").trim_end().ends_with('▶'),
        "starts after the window"
    );
    assert!(
        line("T-ZERO").contains('◆'),
        "a zero-length project still shows"
    );
    assert!(
        !line("T-NODATES").contains(['━', '◆', '◇']),
        "nothing to draw without dates"
    );
    let axis = text.lines().nth(2).unwrap();
    assert!(axis.contains('│'), "today is marked on the axis: {axis}");
}

#[test]
fn ascii_marks_when_the_terminal_is_not_utf8() {
    let mut h = harness(80, 24, Theme::colour().ascii(), Fixture::Timeline);
    h.press(KeyCode::Char('2'));
    let text = h.text();
    insta::assert_snapshot!("gantt_ascii_80x24", text);
    for glyph in ['◆', '◇', '✓', '━', '◀', '▶'] {
        assert!(!text.contains(glyph), "{glyph} in ASCII mode");
    }
    assert!(text.contains('*') && text.contains('<') && text.contains('>'));
}

#[test]
fn scrolling_and_today() {
    let mut h = harness(120, 30, Theme::colour(), Fixture::Timeline);
    h.press(KeyCode::Char('2'));
    let start = h.app.timeline.scale(h.app.today, h.app.chart_width).start;
    h.press(KeyCode::Char('l'));
    let later = h.app.timeline.start.unwrap();
    assert!(later > start);
    h.press(KeyCode::Char('L'));
    let width = i64::from(h.app.chart_width);
    assert_eq!(
        (h.app.timeline.start.unwrap() - later).num_days(),
        width * 4,
        "a screen at 4 days a column"
    );
    h.press(KeyCode::Char('H'));
    h.press(KeyCode::Char('h'));
    assert_eq!(h.app.timeline.start.unwrap(), start);
    h.keys("LLL");
    assert!(
        !h.text().lines().nth(2).unwrap().contains('│'),
        "today scrolled away"
    );
    h.press(KeyCode::Char('T'));
    assert!(
        h.text().lines().nth(2).unwrap().contains('│'),
        "today is back"
    );
    // Zooming keeps today where it is on screen.
    let column = h
        .app
        .timeline
        .scale(h.app.today, h.app.chart_width)
        .column(h.app.today);
    h.press(KeyCode::Char('+'));
    assert_eq!(
        h.app
            .timeline
            .scale(h.app.today, h.app.chart_width)
            .column(h.app.today),
        column
    );
}

#[test]
fn a_project_with_forty_milestones_has_its_own_timeline() {
    for (width, height) in [(80u16, 24u16), (200, 50)] {
        let mut h = harness(width, height, Theme::colour(), Fixture::Timeline);
        h.keys("/forty");
        h.press(KeyCode::Enter);
        h.press(KeyCode::Enter);
        h.press(KeyCode::Tab);
        assert_eq!(h.app.project.as_ref().unwrap().tab, Tab::Timeline);
        insta::assert_snapshot!(format!("project_timeline_{width}x{height}"), h.text());
        h.press(KeyCode::Char('G'));
        let text = h.text();
        assert!(
            text.contains("Site 40 live"),
            "scrolls to the last milestone:\n{text}"
        );
        h.press(KeyCode::Char('-'));
        assert_eq!(h.app.timeline.zoom, Zoom::Quarters);
    }
}

#[test]
fn lists_of_overdue_due_soon_and_slipped_milestones() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Timeline);
    h.press(KeyCode::Char('2'));
    h.press(KeyCode::Char('v'));
    assert_eq!(h.app.timeline.mode, TimelineMode::Overdue);
    let overdue = h.text();
    insta::assert_snapshot!("list_overdue_120x40", overdue);
    assert!(
        overdue.contains("Site 14 live"),
        "T-40's late sites are overdue"
    );
    // How late each is: Site 14 was due on 04 Oct 2026, 49 days before 22 Nov.
    let site_14 = overdue
        .lines()
        .find(|l| l.contains("Site 14 live"))
        .unwrap_or_default();
    assert!(
        site_14.contains("+27d") && site_14.contains("49d"),
        "{site_14}"
    );
    assert!(overdue.contains(" Late "), "{overdue}");
    assert!(
        !overdue.contains("Phase 2 go-live"),
        "forecast in the future is not overdue"
    );
    h.press(KeyCode::Char('v'));
    assert_eq!(h.app.timeline.mode, TimelineMode::DueSoon);
    assert!(
        h.text().contains("Cutover"),
        "T-ZERO's cutover is due within 14 days"
    );
    h.press(KeyCode::Char('v'));
    assert_eq!(h.app.timeline.mode, TimelineMode::Slipped);
    assert!(h.text().contains("No milestone has slipped since"));
    // Enter on an overdue milestone opens its project with that milestone selected.
    h.press(KeyCode::Char('v'));
    h.press(KeyCode::Char('v'));
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Project);
    let state = h.app.project.as_ref().unwrap();
    assert_eq!(state.tab, Tab::Milestones);
    let selected = &state.milestones[state.cursor.selected];
    assert!(selected.is_overdue(h.app.today), "{selected:?}");
}

#[test]
fn the_demo_lists_slips_since_sixty_days_ago() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    h.press(KeyCode::Char('2'));
    h.keys("vvv");
    let rows = workplan::tui::lists::rows(&h.app, TimelineMode::Slipped);
    assert!(rows.len() >= 12, "{} slips", rows.len());
    assert!(rows.iter().all(|r| r.slip_days.unwrap() > 0));
    assert!(
        rows.windows(2).all(|w| w[0].moved_at >= w[1].moved_at),
        "newest first"
    );
    insta::assert_snapshot!("demo_slipped_120x40", h.text());
    let count = rows.len();
    h.press(KeyCode::Char(']'));
    assert!(workplan::tui::lists::rows(&h.app, TimelineMode::Slipped).len() < count);
    h.press(KeyCode::Char(']'));
    assert!(
        h.text()
            .contains("No milestone has slipped since 22 Nov 2026")
    );
}

#[test]
fn suggested_rag_is_shown_beside_a_rosier_declaration() {
    let h = harness(120, 30, Theme::colour(), Fixture::Demo);
    let text = h.text();
    let line = text.lines().find(|l| l.contains("ICT-017")).unwrap();
    assert!(line.contains("AG") && line.contains("→A?"), "{line}");
    let line = text.lines().find(|l| l.contains("ICT-019")).unwrap();
    assert!(!line.contains('?'), "red is never rosier: {line}");
    let mut h = h;
    h.keys("/ict-017");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    let detail = h.text();
    assert!(detail.contains("suggests Amber"), "{detail}");
    assert_eq!(
        h.app.project.as_ref().unwrap().project.rag,
        workplan::domain::Rag::AmberGreen,
        "the declared RAG is never overwritten"
    );
}

#[test]
fn a_revisited_timeline_shows_every_change_since_it_was_loaded() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Timeline);
    h.press(KeyCode::Char('2'));
    h.press(KeyCode::Char('v'));
    let overdue = lists::rows(&h.app, TimelineMode::Overdue);
    assert!(overdue.len() >= 2, "{overdue:?}");

    // Nothing changed: leaving and coming back keeps the list as it was.
    h.press(KeyCode::Char('1'));
    h.press(KeyCode::Char('2'));
    assert_eq!(lists::rows(&h.app, TimelineMode::Overdue), overdue);

    // This user marks one done: the timeline is read again on the next visit.
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Project);
    h.press(KeyCode::Char('d'));
    h.press(KeyCode::Enter);
    h.press(KeyCode::Esc);
    h.press(KeyCode::Char('2'));
    let after_own = lists::rows(&h.app, TimelineMode::Overdue);
    assert_eq!(after_own.len(), overdue.len() - 1);
    assert!(h.text().contains(&format!("Overdue {}", after_own.len())));

    // Another user marks one done from their own process: seen on the next visit too.
    let other = rusqlite::Connection::open(h.runtime.store.path()).unwrap();
    other
        .execute(
            "UPDATE milestones SET actual_date = '2026-11-20' WHERE id = ?1",
            [after_own[0].milestone_id],
        )
        .unwrap();
    drop(other);
    h.press(KeyCode::Char('1'));
    h.press(KeyCode::Char('2'));
    assert_eq!(
        lists::rows(&h.app, TimelineMode::Overdue).len(),
        overdue.len() - 2
    );
}

#[test]
fn a_large_timeline_is_read_in_the_background_and_matches_the_inline_read() {
    let mut inline = harness(120, 40, Theme::colour(), Fixture::Demo);
    inline.press(KeyCode::Char('2'));
    assert!(!inline.app.loading(), "a small plan reads at once");

    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    h.app.background = workplan::tui::background::BackgroundFrom::ALWAYS;
    h.press_before_reads_land(KeyCode::Char('2'));
    assert_eq!(h.app.screen, Screen::Timeline);
    assert!(h.app.is_running(workplan::tui::message::Job::Timeline));
    assert!(h.text().contains("Reading every milestone"), "{}", h.text());
    assert!(
        h.text().contains("Overdue …"),
        "unknown, not 0: {}",
        h.text()
    );
    // Keys work while it reads.
    h.press_before_reads_land(KeyCode::Char('1'));
    assert_eq!(h.app.screen, Screen::Portfolio);
    h.press_before_reads_land(KeyCode::Char('2'));
    h.wait_for_background();
    assert_eq!(h.app.timeline.milestones, inline.app.timeline.milestones);
    assert_eq!(h.app.timeline.moves, inline.app.timeline.moves);
    assert_eq!(h.app.timeline.since, inline.app.timeline.since);
    assert_eq!(h.text(), inline.text(), "the same screen once read");
}
