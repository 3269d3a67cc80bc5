//! Whole-process figures on the large generated plan (issue 8), printed as a table:
//! `cargo bench --bench process`. Same plan and size variables as `benches/scale.rs`.
//!
//! - peak memory (VmHWM) of the app in a pseudo-terminal after visiting every view, the service
//!   desk's background count included;
//! - `workplan status` against the `sqlite3` shell running the same statements with the same
//!   bound parameters on the same file (both as whole processes, output discarded);
//! - `workplan import cases` of a 1,000,000-row CSV into a plan without cases;
//! - `workplan report`.

mod common;

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use rusqlite::types::Value;

use workplan::commands::generate::Size;
use workplan::store::{OpenMode, Store};

const BIN: &str = env!("CARGO_BIN_EXE_workplan");
const RUNS: usize = 7;

fn main() {
    let plan = common::plan();
    let dir = plan.parent().expect("the plan's folder");
    println!("| What | Median of runs | Figure |");
    println!("|---|---|---|");
    peak_memory(plan);
    status_against_sqlite3(plan, dir);
    report(plan);
    import(plan, dir);
}

/// Median wall time of `runs` runs of `command` (built afresh each time by `make`).
fn median(runs: usize, mut make: impl FnMut() -> Command) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let mut command = make();
            command.stdout(Stdio::null()).stderr(Stdio::null());
            let start = Instant::now();
            let status = command.status().expect("run the command");
            let took = start.elapsed();
            assert!(status.success(), "{command:?} failed");
            took
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn workplan(plan: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.arg("--db").arg(plan).args(args);
    command.env("WORKPLAN_USER", "Bench");
    command.env("WORKPLAN_TODAY", "2026-11-22");
    command
}

fn status_against_sqlite3(plan: &Path, dir: &Path) {
    let store = Store::open(plan, OpenMode::ReadOnly).expect("open the plan");
    let settings = store.settings().expect("settings");
    let mut script = String::from(".parameter init\n.mode csv\n.output /dev/null\n");
    for (sql, parameters) in
        workplan::store::portfolio::status_queries(common::now().date(), &settings)
    {
        for (name, value) in parameters {
            let literal = match value {
                Value::Text(text) => format!("\"'{}'\"", text.replace('\'', "''")),
                Value::Integer(n) => n.to_string(),
                other => panic!("no literal for {other:?}"),
            };
            script.push_str(&format!(".parameter set {name} {literal}\n"));
        }
        script.push_str(sql.trim());
        script.push_str(";\n");
    }
    let script_path = dir.join("status.sql");
    std::fs::write(&script_path, script).expect("write the sqlite3 script");
    let ours = median(RUNS, || workplan(plan, &["status", "--format", "csv"]));
    let theirs = median(RUNS, || {
        let mut command = Command::new("sqlite3");
        command
            .arg("-bail")
            .arg(plan)
            .stdin(std::fs::File::open(&script_path).expect("the script"));
        command
    });
    println!(
        "| `workplan status --format csv` | {} | {:.2}x of sqlite3 |",
        ms(ours),
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
    println!(
        "| `sqlite3` running the same statements | {} | |",
        ms(theirs)
    );
}

fn report(plan: &Path) {
    let took = median(3, || workplan(plan, &["report", "--format", "md"]));
    println!("| `workplan report` | {} | |", ms(took));
}

fn import(plan: &Path, dir: &Path) {
    let csv = dir.join("cases.csv");
    let status = workplan(plan, &["export", "cases", "-o"])
        .arg(&csv)
        .stdout(Stdio::null())
        .status()
        .expect("export the cases");
    assert!(status.success());
    let empty = common::build(
        &dir.join("no-cases.db"),
        Size {
            cases: 0,
            ..common::size()
        },
    );
    let mut round = 0;
    let took = median(3, || {
        round += 1;
        let copy = dir.join(format!("import-{round}.db"));
        std::fs::copy(&empty, &copy).expect("copy the plan");
        let mut command = workplan(&copy, &["import", "cases"]);
        command.arg(&csv);
        command
    });
    let rows = common::size().cases;
    println!(
        "| `workplan import cases` of a {rows}-row CSV into a plan without cases | {:.1} s | {:.0} rows/s |",
        took.as_secs_f64(),
        rows as f64 / took.as_secs_f64()
    );
}

/// Run the app in a pseudo-terminal, visit every view, wait for each to load (the service
/// desk's count and the report preview included), and read the process's high-water resident
/// memory from /proc.
fn peak_memory(plan: &Path) {
    let (rows, cols) = (50u16, 160u16);
    let pair = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut command = CommandBuilder::new(BIN);
    command.arg("--db");
    command.arg(plan);
    command.env("TERM", "xterm-256color");
    command.env("WORKPLAN_USER", "Bench");
    command.env("WORKPLAN_TODAY", "2026-11-22");
    let mut child = pair.slave.spawn_command(command).expect("start the app");
    drop(pair.slave);
    let pid = child.process_id().expect("the app's pid");
    let mut reader = pair.master.try_clone_reader().expect("a reader");
    let mut writer = pair.master.take_writer().expect("a writer");
    let (tx, output): (_, Receiver<Vec<u8>>) = channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut screen = vt100::Parser::new(
        NonZeroU16::new(rows).expect("rows"),
        NonZeroU16::new(cols).expect("cols"),
        0,
    );
    // Wait for `text`, with no background load still under way (the views say so).
    let mut wait_for = |text: &str| {
        let start = Instant::now();
        let ready =
            |contents: String| contents.contains(text) && !contents.contains("Keys work meanwhile");
        while !ready(screen.screen().contents()) {
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "no {text:?} on screen:\n{}",
                screen.screen().contents()
            );
            if let Ok(bytes) = output.recv_timeout(Duration::from_millis(50)) {
                screen.process(&bytes);
            }
        }
    };
    let start = Instant::now();
    wait_for("projects");
    let first = start.elapsed();
    for (key, text) in [
        ("2", "Timeline"),
        ("3", "Risk"),
        ("4", "Open cases"),
        ("6", "History"),
        ("5", "ICT Work Plan progress report"),
        ("1", "projects"),
        ("\r", "Overview"),
    ] {
        writer.write_all(key.as_bytes()).expect("type");
        writer.flush().expect("flush");
        wait_for(text);
    }
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map(str::trim)
        .unwrap_or("unknown")
        .to_string();
    writer.write_all(b"q").expect("quit");
    writer.flush().expect("flush");
    let _ = child.wait();
    println!(
        "| the app: open, first screen, then every view (timeline, risks, desk counted, history, report preview, a project) | first screen {} | peak memory {peak} |",
        ms(first)
    );
}
