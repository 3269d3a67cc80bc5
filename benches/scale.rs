//! Scale benchmarks on a large generated work plan (issue 8's figures):
//! `cargo bench --bench scale`. The plan is built once per run in a temporary folder; its size
//! comes from WORKPLAN_BENCH_PROJECTS (default 10,000) and WORKPLAN_BENCH_CASES (default
//! 1,000,000), so `WORKPLAN_BENCH_CASES=0 cargo bench` measures the portfolio on its own.

mod common;

use std::path::Path;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use workplan::domain::filter::Filter;
use workplan::store::{OpenMode, Store};
use workplan::tui;
use workplan::tui::app::{App, AppContext};
use workplan::tui::keymap::Keymap;
use workplan::tui::theme::Theme;

use common::{now, plan};

fn main() {
    divan::main();
    common::clean_up();
}

struct Running {
    runtime: tui::Runtime,
    app: App,
    terminal: Terminal<TestBackend>,
}

/// Open the database, load the portfolio and draw the first frame at 160x50.
fn open_and_draw(path: &Path) -> Running {
    let store = Store::open(path, OpenMode::MustExist).expect("open the plan");
    let settings = store.settings().expect("settings");
    let context = AppContext {
        today: now().date(),
        user: "Bench".into(),
        db_label: "bench.db".into(),
        read_only: false,
        keymap: Keymap::default(),
        theme: Theme::colour(),
    };
    let mut app = App::new(context, settings);
    let mut runtime = tui::Runtime::new(store);
    runtime.start(&mut app);
    let mut terminal = Terminal::new(TestBackend::new(160, 50)).expect("a test terminal");
    tui::draw(&mut terminal, &mut app).expect("draw");
    Running {
        runtime,
        app,
        terminal,
    }
}

fn press(running: &mut Running, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    tui::step(
        &mut running.terminal,
        &mut running.app,
        &mut running.runtime,
        Some(event),
    )
    .expect("a step");
}

#[divan::bench(sample_count = 20)]
fn first_frame(bencher: divan::Bencher) {
    let path = plan();
    bencher.bench_local(|| open_and_draw(path));
}

/// Step the app until its background loads have landed, so a benchmark measures keys on the
/// loaded view.
fn settle(running: &mut Running) {
    while running.app.loading() {
        std::thread::sleep(std::time::Duration::from_millis(5));
        tui::step(
            &mut running.terminal,
            &mut running.app,
            &mut running.runtime,
            None,
        )
        .expect("a step");
    }
}

#[divan::bench(sample_count = 50)]
fn key_move_selection(bencher: divan::Bencher) {
    let mut running = open_and_draw(plan());
    bencher.bench_local(|| press(&mut running, KeyCode::Char('j')));
}

#[divan::bench(sample_count = 50)]
fn key_type_in_search(bencher: divan::Bencher) {
    let mut running = open_and_draw(plan());
    press(&mut running, KeyCode::Char('/'));
    // Type a character, then take it back, so every sample filters the whole portfolio.
    bencher.bench_local(|| {
        press(&mut running, KeyCode::Char('e'));
        press(&mut running, KeyCode::Backspace);
    });
}

#[divan::bench(sample_count = 20)]
fn key_open_project_and_back(bencher: divan::Bencher) {
    let mut running = open_and_draw(plan());
    bencher.bench_local(|| {
        press(&mut running, KeyCode::Enter);
        press(&mut running, KeyCode::Esc);
    });
}

#[divan::bench(sample_count = 20)]
fn key_switch_to_timeline_and_back(bencher: divan::Bencher) {
    let mut running = open_and_draw(plan());
    bencher.bench_local(|| {
        press(&mut running, KeyCode::Char('2'));
        press(&mut running, KeyCode::Char('1'));
    });
}

#[divan::bench(sample_count = 10)]
fn status_command_rows(bencher: divan::Bencher) {
    let path = plan();
    bencher.bench_local(|| {
        let store = Store::open(path, OpenMode::ReadOnly).expect("open the plan");
        workplan::commands::status::status_rows(&store, now().date(), &Filter::default(), "Bench")
            .expect("status rows")
    });
}

#[divan::bench(sample_count = 20)]
fn key_move_in_timeline(bencher: divan::Bencher) {
    let mut running = open_and_draw(plan());
    press(&mut running, KeyCode::Char('2'));
    settle(&mut running);
    bencher.bench_local(|| press(&mut running, KeyCode::Char('j')));
}

/// The keystroke into the service desk: on a large desk it starts the count in the background
/// and returns, so this is the time until the "counting" screen is drawn. The same holds for
/// the timeline, the risk register and the report on a large plan (their first visit).
#[divan::bench(sample_count = 20)]
fn key_switch_to_desk_and_back(bencher: divan::Bencher) {
    let mut running = open_and_draw(plan());
    bencher.bench_local(|| {
        press(&mut running, KeyCode::Char('4'));
        press(&mut running, KeyCode::Char('1'));
    });
}

/// The background count itself: every case and state change streamed once, open cases kept.
#[divan::bench(sample_count = 5)]
fn desk_figures(bencher: divan::Bencher) {
    let path = plan();
    bencher.bench_local(|| {
        let store = Store::open(path, OpenMode::ReadOnly).expect("open the plan");
        let settings = store.settings().expect("settings");
        workplan::commands::desk::load(&store, now(), &settings, None).expect("desk figures")
    });
}

#[divan::bench(sample_count = 10)]
fn key_switch_to_risks_and_back(bencher: divan::Bencher) {
    let mut running = open_and_draw(plan());
    bencher.bench_local(|| {
        press(&mut running, KeyCode::Char('3'));
        press(&mut running, KeyCode::Char('1'));
    });
}

#[divan::bench(sample_count = 20)]
fn key_move_in_risks(bencher: divan::Bencher) {
    let mut running = open_and_draw(plan());
    press(&mut running, KeyCode::Char('3'));
    settle(&mut running);
    bencher.bench_local(|| press(&mut running, KeyCode::Char('j')));
}

#[divan::bench(sample_count = 10)]
fn key_switch_to_assurance_and_back(bencher: divan::Bencher) {
    let mut running = open_and_draw(plan());
    bencher.bench_local(|| {
        press(&mut running, KeyCode::Char('7'));
        press(&mut running, KeyCode::Char('1'));
    });
}

/// The assurance view's first draw on a freshly opened plan: the key reads both registers
/// (every recommendation with its due-date revisions, every certification with its
/// assessments) and draws the view. The target: under 50 ms at 10,000 projects, with
/// 2,000 recommendations and 200 certifications.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn key_open_assurance_first_draw(bencher: divan::Bencher) {
    let path = plan();
    bencher
        .with_inputs(|| {
            let mut running = open_and_draw(path);
            settle(&mut running);
            running
        })
        .bench_local_refs(|running| press(running, KeyCode::Char('7')));
}

#[divan::bench(sample_count = 10)]
fn key_switch_to_history_and_back(bencher: divan::Bencher) {
    let mut running = open_and_draw(plan());
    bencher.bench_local(|| {
        press(&mut running, KeyCode::Char('6'));
        press(&mut running, KeyCode::Char('1'));
    });
}

#[divan::bench(sample_count = 5)]
fn key_switch_to_report_and_back(bencher: divan::Bencher) {
    let mut running = open_and_draw(plan());
    bencher.bench_local(|| {
        press(&mut running, KeyCode::Char('5'));
        press(&mut running, KeyCode::Char('1'));
    });
}

/// The background read a first visit to the risk register starts (every risk and assessment).
#[divan::bench(sample_count = 5)]
fn risk_register_read(bencher: divan::Bencher) {
    let path = plan();
    bencher.bench_local(|| {
        let store = Store::open(path, OpenMode::ReadOnly).expect("open the plan");
        store.risk_register().expect("the register")
    });
}
