//! End to end: the real binary in a pseudo-terminal (portable-pty), its screen read through
//! vt100. Waits for a stable screen instead of sleeping; timeouts are generous for busy CI.

mod common;

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const TIMEOUT: Duration = Duration::from_secs(60);

struct Session {
    parser: vt100::Parser,
    output: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    raw: Vec<u8>,
}

/// The app as the tests run it: its own data folder, a fixed day, no personal config.
fn command(data_dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_workplan"));
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env("WORKPLAN_DATA_DIR", data_dir);
    cmd.env("WORKPLAN_TODAY", common::TODAY);
    cmd.env("WORKPLAN_CONFIG", data_dir.join("no-config.toml"));
    cmd.env("WORKPLAN_USER", "Journey Tester");
    cmd.env_remove("WORKPLAN_DB");
    cmd.env_remove("NO_COLOR");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd
}

fn spawn(data_dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Session {
    let (rows, cols) = (30u16, 110u16);
    let pair = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let child = pair
        .slave
        .spawn_command(command(data_dir, args, envs))
        .unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let writer = pair.master.take_writer().unwrap();
    let (tx, output) = channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if tx.send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    Session {
        parser: vt100::Parser::new(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
            0,
        ),
        output,
        writer,
        child,
        master: pair.master,
        raw: Vec::new(),
    }
}

impl Session {
    fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.output.recv_timeout(wait) {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
        while let Ok(bytes) = self.output.try_recv() {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
    }

    /// Read output until none arrives for 150 ms.
    fn settle(&mut self) {
        let start = Instant::now();
        while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(150)) {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
            if start.elapsed() > TIMEOUT {
                break;
            }
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Wait until `test` holds for a stable screen (no output for a moment, so a frame is
    /// never read half-drawn), then return it.
    fn wait_for(&mut self, what: &str, test: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            self.pump(Duration::from_millis(50));
            if test(&self.screen()) {
                self.settle();
                let screen = self.screen();
                if test(&screen) {
                    return screen;
                }
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}; screen:\n{}",
                self.screen()
            );
        }
    }

    fn wait_text(&mut self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            self.pump(Duration::from_millis(50));
            if let Some(status) = self.child.try_wait().unwrap() {
                self.pump(Duration::from_millis(200));
                return status;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "the app did not exit:\n{}",
                self.screen()
            );
        }
    }

    /// The pseudo-terminal's settings, read with stty after the app has gone.
    fn stty(&self) -> String {
        let tty = self.master.tty_name().expect("pty has a name");
        let out = std::process::Command::new("stty")
            .arg("-a")
            .arg("-F")
            .arg(tty)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

fn assert_terminal_restored(session: &Session) {
    assert!(
        !session.parser.screen().alternate_screen(),
        "still on the alternate screen"
    );
    let settings = session.stty();
    let words: Vec<&str> = settings.split_whitespace().collect();
    assert!(words.contains(&"icanon"), "raw mode left on: {settings}");
    assert!(words.contains(&"echo"), "echo left off: {settings}");
}

#[test]
fn demo_search_open_back_quit() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = spawn(dir.path(), &["demo"], &[]);
    let screen = s.wait_text("ICT-006");
    let first_row = screen.lines().nth(4).unwrap_or_default().to_string();
    assert!(
        first_row.trim_start().starts_with("R "),
        "red first: {first_row}"
    );
    assert!(first_row.contains("ICT-006"));

    s.send("/");
    s.wait_text("Search:");
    s.send("disaster recovery");
    s.wait_for("the search to narrow the list", |screen| {
        screen.contains("1 of 36 projects") && screen.contains("ICT-006")
    });
    s.send("\r");
    s.wait_text("1 match");
    s.send("\r");
    let detail = s.wait_text("Red since");
    assert!(detail.contains("ICT-006 · Disaster recovery"), "{detail}");
    s.send("\t");
    s.wait_text("Whole project");
    s.send("\t");
    s.wait_text("Status   Milestone");
    s.send("\x1b");
    s.wait_for("the portfolio again", |screen| {
        screen.contains("Portfolio") && screen.contains("search: disaster recovery")
    });
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_terminal_restored(&s);
    assert!(dir.path().join("demo.db").exists());
}

#[test]
fn a_panic_restores_the_terminal_before_printing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = spawn(dir.path(), &["demo"], &[("WORKPLAN_DEBUG_PANIC", "1")]);
    let status = s.wait_exit();
    assert!(!status.success());
    assert_terminal_restored(&s);
    let screen = s.screen();
    assert!(screen.contains("panicking on purpose"), "{screen}");
    let raw = String::from_utf8_lossy(&s.raw);
    let left = raw.find("\x1b[?1049l").expect("left the alternate screen");
    let message = raw.find("panicking on purpose").unwrap();
    assert!(
        left < message,
        "the terminal was restored before the message was printed"
    );
}

#[test]
fn timeline_zoom_scroll_and_open_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = spawn(dir.path(), &["demo"], &[("LANG", "en_GB.UTF-8")]);
    s.wait_text("ICT-006");
    s.send("2");
    s.wait_for("the chart", |screen| {
        screen.contains("Chart") && screen.contains("months ·")
    });
    s.send("+");
    s.wait_text("weeks ·");
    s.send("-");
    s.send("-");
    s.wait_text("quarters ·");
    let before = s.screen();
    s.send("L");
    s.wait_for("the window to move", |screen| {
        screen != before && screen.contains("quarters ·")
    });
    s.send("T");
    s.send("j");
    s.send("\r");
    let detail = s.wait_text("Red since");
    assert!(
        detail.contains("ICT-005"),
        "the second row is opened:\n{detail}"
    );
    s.send("\t");
    s.wait_text("Whole project");
    s.send("q");
    assert!(s.wait_exit().success());
    assert_terminal_restored(&s);
}

fn build_demo(dir: &Path) -> std::path::PathBuf {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_workplan"))
        .args(["demo", "--no-open"])
        .env("WORKPLAN_DATA_DIR", dir)
        .env("WORKPLAN_TODAY", common::TODAY)
        .env("WORKPLAN_CONFIG", dir.join("no-config.toml"))
        .status()
        .unwrap();
    assert!(status.success());
    dir.join("demo.db")
}

#[test]
fn edits_survive_quitting_and_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = build_demo(dir.path());
    let db_arg = db.to_str().unwrap().to_string();
    let mut s = spawn(dir.path(), &["--db", &db_arg], &[]);
    s.wait_text("ICT-006");
    s.send("/firewall");
    s.wait_text("1 of 36 projects");
    s.send("\r\r");
    s.wait_text("Red since");
    s.send("\t\t");
    s.wait_text("Status   Milestone");
    // Third milestone: "Rule-base validation in test complete" (overdue).
    s.send("jj");
    s.send("d");
    s.wait_text("Mark done");
    s.send("\r");
    s.wait_text("Saved: milestone done");
    // Done today, it now sorts after the Civic Centre cutover; the cursor went with it.
    s.send("k");
    s.send("m");
    s.wait_text("Move forecast");
    s.send("+2w\tWaiting for the supplier's engineer");
    // Its forecast (10 Nov) has passed, so two weeks count from today.
    s.wait_text("06 Dec 2026");
    s.send("\r");
    s.wait_text("Saved: forecast moved");
    s.send("q");
    assert!(s.wait_exit().success());

    let mut again = spawn(dir.path(), &["--db", &db_arg], &[]);
    again.wait_text("ICT-006");
    again.send("/firewall");
    again.wait_text("1 of 36 projects");
    again.send("\r\r\t\t");
    let screen = again.wait_text("Status   Milestone");
    let row = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_default()
            .to_string()
    };
    let done = row("Rule-base validation");
    assert!(
        done.trim_start().starts_with("Done") && done.contains("22/11/26"),
        "{done}"
    );
    let moved = row("Cutover at Civic Centre");
    assert!(moved.contains("06/12/26"), "{moved}");
    // The History tab lists both changes, by the journey's user.
    again.send("\t\t\t");
    // The move as dates, the milestone done as its day: labels, not column names.
    let history = again.wait_text("10 Nov 2026 → 06 Dec 2026");
    assert!(history.contains("22 Nov 2026"), "{history}");
    assert!(
        !history.contains("forecast_date") && !history.contains("actual_date"),
        "{history}"
    );
    assert!(history.contains("Journey Tester"));
    assert!(history.contains("Waiting for the supplier"));
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn another_users_change_appears_within_two_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let db = build_demo(dir.path());
    let db_arg = db.to_str().unwrap().to_string();
    let mut watcher = spawn(dir.path(), &["--db", &db_arg], &[]);
    watcher.wait_text("ICT-026");
    let line = |screen: &str| {
        screen
            .lines()
            .find(|l| l.contains("ICT-026"))
            .unwrap_or_default()
            .to_string()
    };
    let before = watcher.screen();
    assert!(
        line(&before).trim_start().starts_with("G "),
        "{}",
        line(&before)
    );

    let mut editor = spawn(
        dir.path(),
        &["--db", &db_arg],
        &[("WORKPLAN_USER", "Other User")],
    );
    editor.wait_text("ICT-026");
    editor.send("/webchat");
    editor.wait_text("1 of 36 projects");
    editor.send("\r");
    editor.send("r");
    editor.wait_text("Change RAG");
    editor.send("r\tChatbot supplier withdrew");
    editor.wait_text("Chatbot supplier withdrew");
    editor.send("\r");
    editor.wait_text("Saved: RAG Red");
    let saved_at = Instant::now();
    // The status bar is drawn last, so once it says what changed the frame is complete.
    let screen = watcher.wait_text("updated: Other User changed ICT-026 RAG");
    let took = saved_at.elapsed();
    assert!(took <= Duration::from_secs(2), "took {took:?}");
    assert!(
        line(&screen).trim_start().starts_with("R "),
        "{}",
        line(&screen)
    );
    editor.send("q");
    watcher.send("q");
    assert!(editor.wait_exit().success());
    assert!(watcher.wait_exit().success());
}

#[test]
fn long_text_can_be_written_in_the_users_editor() {
    let dir = tempfile::tempdir().unwrap();
    let db = build_demo(dir.path());
    let db_arg = db.to_str().unwrap().to_string();
    let editor = dir.path().join("fake-editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Written in the editor\\nsecond line\\n' > \"$1\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let editor_arg = editor.to_str().unwrap().to_string();
    let mut s = spawn(
        dir.path(),
        &["--db", &db_arg],
        &[("EDITOR", editor_arg.as_str()), ("VISUAL", "")],
    );
    s.wait_text("ICT-006");
    s.send("/webchat");
    s.wait_text("1 of 36 projects");
    s.send("\rr");
    s.wait_text("Change RAG");
    s.send("\t\x05");
    s.wait_text("Written in the editor second line");
    s.send("\r");
    s.wait_text("Saved: RAG Green");
    s.send("q");
    assert!(s.wait_exit().success());
    assert_terminal_restored(&s);
}

#[test]
fn reassessing_a_risk_moves_the_heat_map_and_trend() {
    let dir = tempfile::tempdir().unwrap();
    let db = build_demo(dir.path());
    let db_arg = db.to_str().unwrap().to_string();
    let mut s = spawn(dir.path(), &["--db", &db_arg], &[("LANG", "en_GB.UTF-8")]);
    s.wait_text("ICT-006");
    s.send("3");
    let before = s.wait_text("Impact ↑ · current scores");
    let row = |screen: &str, impact: &str| {
        screen
            .lines()
            .find(|l| l.trim_start().starts_with(impact))
            .unwrap_or_default()
            .to_string()
    };
    // Impact 4 row, likelihood 4 column: 3 risks before.
    assert!(
        row(&before, "4 Maj").contains("   8    3!"),
        "{}",
        row(&before, "4 Maj")
    );
    s.send("/CR-03\r");
    s.wait_text("search: CR-03");
    s.send("a");
    s.wait_text("Re-assess CR-03");
    s.send("\x7f2\t\tLeadership posts filled\r");
    let after = s.wait_text("Saved: re-assessed");
    let cr03 = after
        .lines()
        .find(|l| l.contains("CR-03") && !l.contains("search"))
        .unwrap_or_default()
        .to_string();
    assert!(cr03.contains(" 8 2×4 High") && cr03.contains('↓'), "{cr03}");
    // The search narrows the map to CR-03 alone: it now sits at likelihood 2, impact 4.
    assert!(
        row(&after, "4 Maj").contains("  ·    1    ·    ·!   ·!"),
        "{}",
        row(&after, "4 Maj")
    );
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn from_a_servicenow_import_to_the_service_desk_view() {
    let dir = tempfile::tempdir().unwrap();
    let db = build_demo(dir.path());
    let db_arg = db.to_str().unwrap().to_string();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases/servicenow_eventlog.csv");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_workplan"))
        .args(["import", "cases"])
        .arg(&fixture)
        .args(["--preset", "servicenow", "--db", &db_arg])
        .env("WORKPLAN_TODAY", common::TODAY)
        .env("WORKPLAN_CONFIG", dir.path().join("no-config.toml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 new"));
    let mut s = spawn(dir.path(), &["--db", &db_arg], &[("LANG", "en_GB.UTF-8")]);
    s.wait_text("ICT-006");
    s.send("4");
    // Wait for the whole frame (the footer is drawn last), not just its first lines.
    s.wait_for("the service-desk view", |screen| {
        screen.contains("Open cases 472: 166 active, 306 stop-clock") && screen.contains("v lists")
    });
    s.send("v");
    s.wait_text("SLA breached");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_panic_in_a_background_load_is_a_message_and_the_app_carries_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = spawn(dir.path(), &["demo"], &[("WORKPLAN_DEBUG_PANIC", "load")]);
    s.wait_text("ICT-006");
    s.send("4");
    let screen = s.wait_text("a background load failed");
    assert!(screen.contains("panicking on purpose"), "{screen}");
    assert!(
        s.parser.screen().alternate_screen(),
        "the panic must not restore the terminal under the running app"
    );
    // Still working: back to the portfolio, then quit cleanly.
    s.send("1");
    s.wait_text("ICT-006");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success());
    assert_terminal_restored(&s);
}

/// Send `kill -SIGNAL` to the running app: it must leave the alternate screen, show the
/// cursor and give the terminal back before it exits with 128 + the signal's number.
fn a_signal_restores_the_terminal(signal: &str, number: u32) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = spawn(dir.path(), &["demo"], &[]);
    s.wait_text("ICT-006");
    let before = s.raw.len();
    let pid = s.child.process_id().expect("the app's process id");
    let sent = std::process::Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success(), "kill -{signal} {pid}");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 128 + number, "exit status {status:?}");
    let after = String::from_utf8_lossy(&s.raw[before..]).into_owned();
    assert!(
        after.contains("\x1b[?1049l"),
        "left the alternate screen after SIG{signal}: {after:?}"
    );
    assert!(
        after.contains("\x1b[?25h"),
        "showed the cursor after SIG{signal}: {after:?}"
    );
    assert_terminal_restored(&s);
}

#[test]
fn sigterm_restores_the_terminal_before_exiting() {
    a_signal_restores_the_terminal("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal_before_exiting() {
    a_signal_restores_the_terminal("HUP", 1);
}

#[test]
fn sigquit_restores_the_terminal_before_exiting() {
    a_signal_restores_the_terminal("QUIT", 3);
}

/// The state letter of process `pid` (R, S, Z...), or None once it is gone.
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (name) S ppid ...": the name may hold spaces, so read after the last ')'.
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// The pid of a child of `parent` (read from /proc).
fn child_of(parent: u32) -> Option<u32> {
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            let ppid: u32 = stat
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            (ppid == parent).then_some(pid)
        })
}

#[test]
fn closing_the_terminal_ends_the_app_instead_of_spinning() {
    // A closed window or a killed tmux session: the terminal hangs up. The app, run from a
    // shell as tmux runs it, gets no signal (the shell does), only the end of its input, on
    // which crossterm's reader would spin at full CPU for ever.
    let dir = tempfile::tempdir().unwrap();
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 110,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let app = command(dir.path(), &["demo"], &[]);
    let mut shell = CommandBuilder::new("sh");
    shell.args([
        "-c",
        "\"$0\" \"$@\"; echo ended",
        env!("CARGO_BIN_EXE_workplan"),
        "demo",
    ]);
    for (key, value) in app.iter_full_env_as_str() {
        shell.env(key, value);
    }
    shell.env_remove("WORKPLAN_DB");
    shell.env_remove("NO_COLOR");
    let mut child = pair.slave.spawn_command(shell).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 8192];
    while !String::from_utf8_lossy(&seen).contains("ICT-006") {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => panic!("the app ended before its first screen"),
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
    let shell_pid = child.process_id().unwrap();
    let app_pid = child_of(shell_pid).expect("the app runs under the shell");
    // Let every handle on the terminal go: it hangs up.
    drop(reader);
    drop(pair.master);
    let start = Instant::now();
    while matches!(process_state(app_pid), Some('R' | 'S' | 'D')) {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &app_pid.to_string()])
                .status();
            panic!("the app was still running 20 s after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.wait();
}
