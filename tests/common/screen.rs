//! Drive the app on a `TestBackend` and read its screen as text.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use workplan::store::{OpenMode, Store};
use workplan::tui;
use workplan::tui::Runtime;
use workplan::tui::app::{App, AppContext};
use workplan::tui::background::BackgroundFrom;
use workplan::tui::keymap::Keymap;
use workplan::tui::theme::Theme;

pub struct Harness {
    _dir: tempfile::TempDir,
    pub runtime: Runtime,
    pub app: App,
    pub terminal: Terminal<TestBackend>,
}

pub enum Fixture {
    Empty,
    Demo,
    /// The timeline edge cases under tests/fixtures/timeline/.
    Timeline,
    /// A work plan imported from this projects CSV text.
    Projects(&'static str),
    /// A plan the generator builds with this many projects (and no cases).
    Generated(usize),
}

pub fn harness(width: u16, height: u16, theme: Theme, fixture: Fixture) -> Harness {
    harness_with(width, height, theme, fixture, BackgroundFrom::DEFAULT)
}

/// A harness whose app reads in the background from the given sizes, from its first screen.
pub fn harness_with(
    width: u16,
    height: u16,
    theme: Theme,
    fixture: Fixture,
    background: BackgroundFrom,
) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let path = match fixture {
        Fixture::Empty => dir.path().join("empty.db"),
        Fixture::Demo => super::demo_db(dir.path()),
        Fixture::Timeline => super::timeline_db(dir.path()),
        Fixture::Projects(csv) => super::projects_db(dir.path(), csv),
        Fixture::Generated(projects) => {
            let path = dir.path().join("generated.db");
            let size = workplan::commands::generate::Size { projects, cases: 0 };
            workplan::commands::generate::build_large_demo(&path, super::now(), "Bench", size)
                .unwrap();
            path
        }
    };
    let store = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
    let context = AppContext {
        today: super::today(),
        user: "Tom Blackwood".into(),
        db_label: path.file_name().unwrap().to_string_lossy().into_owned(),
        read_only: false,
        keymap: Keymap::default(),
        theme,
    };
    let mut app = App::new(context, store.settings().unwrap());
    // Edits are stamped an hour after the demo was built, so they sort first and reproducibly.
    app.fixed_now = Some(super::now() + chrono::Duration::hours(1));
    app.background = background;
    let mut runtime = Runtime::new(store);
    runtime.start(&mut app);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    tui::draw(&mut terminal, &mut app).unwrap();
    Harness {
        _dir: dir,
        runtime,
        app,
        terminal,
    }
}

impl Harness {
    /// Press a key and draw, without the step that collects finished background reads: a read
    /// the key starts cannot land before the test looks at the screen.
    pub fn press_before_reads_land(&mut self, code: KeyCode) {
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        let effects = tui::update::handle_key(&mut self.app, key);
        self.runtime.run(&mut self.app, effects);
        tui::draw(&mut self.terminal, &mut self.app).unwrap();
    }

    /// Step the app (no key) until every background load has landed, or fail after 30 s.
    pub fn wait_for_background(&mut self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while self.app.loading() {
            assert!(
                std::time::Instant::now() < deadline,
                "a background load never finished"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
            tui::step(&mut self.terminal, &mut self.app, &mut self.runtime, None).unwrap();
        }
    }

    pub fn press(&mut self, code: KeyCode) {
        let modifiers = match code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        let event = Event::Key(KeyEvent::new(code, modifiers));
        tui::step(
            &mut self.terminal,
            &mut self.app,
            &mut self.runtime,
            Some(event),
        )
        .unwrap();
    }

    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    pub fn buffer(&self) -> &Buffer {
        self.terminal.backend().buffer()
    }

    pub fn text(&self) -> String {
        screen_text(self.buffer())
    }
}

pub fn screen_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn unicode_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s).max(1)
}

/// The (x, y) of the first cell of `needle` on screen.
pub fn find(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let text = screen_text(buffer);
    text.lines().enumerate().find_map(|(y, line)| {
        line.find(needle).map(|byte| {
            let x = unicode_width::UnicodeWidthStr::width(&line[..byte]);
            (x as u16, y as u16)
        })
    })
}
