//! A large portfolio's first screen (issue 17): drawn from a short read of its first rows
//! in triage order and the whole plan's counts, then completed by the full read in the
//! background, with the same rows, order and counts as reading everything at once.

mod common;

use common::screen::{Fixture, Harness, harness_with};
use crossterm::event::KeyCode;
use workplan::tui::background::BackgroundFrom;
use workplan::tui::message::Job;
use workplan::tui::screens::portfolio::load::HEAD_ROWS;
use workplan::tui::theme::Theme;

fn visible_rows(h: &Harness) -> Vec<workplan::domain::PortfolioRow> {
    let p = &h.app.portfolio;
    p.visible.iter().map(|&i| p.rows[i].clone()).collect()
}

/// The screen's lines that count the plan (the RAG and stage summary, and "N of M").
fn count_lines(text: &str) -> (String, String) {
    let mut lines = text.lines().skip(1);
    let summary = lines.next().unwrap_or_default().to_string();
    let info = lines.next().unwrap_or_default().to_string();
    let info = info.split(" · ").next().unwrap_or_default().to_string();
    (summary, info)
}

#[test]
fn the_first_screen_shows_the_first_rows_of_the_whole_portfolio_and_its_counts() {
    // 250 projects: fewer red and amber than the first read holds, so every open project's
    // keys are read; 700: more, so only theirs are.
    for projects in [250, 700] {
        let whole = harness_with(
            160,
            50,
            Theme::colour(),
            Fixture::Generated(projects),
            BackgroundFrom::DEFAULT,
        );
        assert!(
            !whole.app.is_running(Job::Portfolio),
            "a small plan reads at once"
        );
        let all = visible_rows(&whole);
        assert!(all.len() > HEAD_ROWS, "{projects}: {} open", all.len());

        let mut h = harness_with(
            160,
            50,
            Theme::colour(),
            Fixture::Generated(projects),
            BackgroundFrom::ALWAYS,
        );
        assert!(h.app.is_running(Job::Portfolio), "the rest is read after");
        let first = visible_rows(&h);
        assert_eq!(first.len(), HEAD_ROWS);
        assert_eq!(
            first[..],
            all[..HEAD_ROWS],
            "{projects}: the same rows, figures and order"
        );
        let text = h.text();
        let (summary, info) = count_lines(&text);
        assert!(
            summary.contains("In delivery") || summary.contains("Live"),
            "{summary}"
        );
        assert!(info.ends_with(" projects"), "{info}");
        assert_eq!((summary, info), count_lines(&whole.text()), "{text}");
        assert!(
            text.contains(&format!("the first {HEAD_ROWS} read, the rest coming")),
            "{text}"
        );
        assert!(!text.contains("Keys work meanwhile"), "the rows are there");

        h.wait_for_background();
        assert_eq!(visible_rows(&h), all);
        assert_eq!(h.text(), whole.text());
    }
}

#[test]
fn moving_while_the_rest_is_read_keeps_the_selected_project() {
    let mut h = harness_with(
        120,
        40,
        Theme::colour(),
        Fixture::Generated(700),
        BackgroundFrom::ALWAYS,
    );
    h.press_before_reads_land(KeyCode::Char('j'));
    h.press_before_reads_land(KeyCode::Char('j'));
    let chosen = h.app.selected_row().map(|r| r.id);
    assert!(chosen.is_some());
    h.wait_for_background();
    assert_eq!(h.app.selected_row().map(|r| r.id), chosen);
    assert!(h.app.portfolio.head.is_none());
}
