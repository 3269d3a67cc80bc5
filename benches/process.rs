//! Whole-process figures on the large generated plan (issue 8), printed as a table:
//! `cargo bench --bench process`. Same plan and size variables as `benches/scale.rs`.
//!
//! - peak memory (VmHWM) of the app in a pseudo-terminal after visiting every view, the service
//!   desk's background count included;
//! - `workplan status` against the `sqlite3` shell running the same statements with the same
//!   bound parameters on the same file (both as whole processes, output discarded);
//! - `workplan import cases` of two 1,000,000-row CSV files into a plan without cases, each
//!   against the `sqlite3` shell's `.import` of the same file into a table of the same typed
//!   columns and the same indexes (and, for the record, into one with only the unique `ref`):
//!   the app's own export (sorted by ref), and a file generated here differently (refs in
//!   random order, ISO times with seconds, 73 % closed, 12 % resolved, 15 % open of which
//!   40,000 on hold, 5 % linked to a project); and what reading its encoding and separator
//!   costs;
//! - `workplan report`;
//! - `PRAGMA quick_check`, which `import` and `backup` run on the file before they start.

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
    quick_check(plan);
    import(plan, dir);
}

/// What naming damage costs an import or a backup before it starts (median of three).
fn quick_check(plan: &Path) {
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let store = Store::open(plan, OpenMode::ReadOnly).expect("open the plan");
            let start = Instant::now();
            store.verify_whole().expect("the generated plan is whole");
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "| `PRAGMA quick_check`, run by `import` and `backup` before they start | {} | |",
        ms(times[1])
    );
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
    let exported = dir.join("cases.csv");
    let status = workplan(plan, &["export", "cases", "-o"])
        .arg(&exported)
        .stdout(Stdio::null())
        .status()
        .expect("export the cases");
    assert!(status.success());
    let rows = common::size().cases;
    let independent = dir.join("cases-independent.csv");
    write_independent_cases(&independent, rows, common::size().projects);
    let empty = common::build(
        &dir.join("no-cases.db"),
        Size {
            cases: 0,
            ..common::size()
        },
    );
    for (what, csv) in [
        ("the app's own export", &exported),
        ("an independently generated file", &independent),
    ] {
        let mut round = 0;
        let ours = median(3, || {
            round += 1;
            let copy = dir.join(format!("import-{round}.db"));
            std::fs::copy(&empty, &copy).expect("copy the plan");
            let mut command = workplan(&copy, &["import", "cases"]);
            command.arg(csv);
            command
        });
        let same_table = sqlite3_import(&empty, dir, csv, true);
        let bare_table = sqlite3_import(&empty, dir, csv, false);
        println!(
            "| `workplan import cases` of {what} ({rows} rows) into a plan without cases | {:.1} s | {:.2}x of sqlite3 `.import` into the same typed table and indexes ({:.1} s); {:.2}x of one with only the unique ref ({:.1} s) |",
            ours.as_secs_f64(),
            ours.as_secs_f64() / same_table.as_secs_f64(),
            same_table.as_secs_f64(),
            ours.as_secs_f64() / bare_table.as_secs_f64(),
            bare_table.as_secs_f64(),
        );
        let reading = decoding(csv);
        println!(
            "| reading the encoding and separator of {what} (decoding it whole) | {} | {:.1} % of the import |",
            ms(reading),
            100.0 * reading.as_secs_f64() / ours.as_secs_f64()
        );
    }
}

/// The `sqlite3` shell's `.import` of `csv` into a fresh copy of the plan, in a table with the
/// cases table's typed columns (the file's, with the organisation and project as text) and,
/// with `indexes`, the cases table's indexes. Median of three.
fn sqlite3_import(empty: &Path, dir: &Path, csv: &Path, indexes: bool) -> Duration {
    let mut script = String::from(
        "CREATE TABLE t (ref TEXT NOT NULL UNIQUE COLLATE NOCASE, kind TEXT NOT NULL,
            priority INTEGER NOT NULL, state TEXT NOT NULL, hold_reason TEXT NOT NULL DEFAULT '',
            opened_at TEXT NOT NULL, resolved_at TEXT, closed_at TEXT, category TEXT NOT NULL,
            service TEXT NOT NULL, assignment_group TEXT NOT NULL, organisation TEXT,
            project_code TEXT, summary TEXT NOT NULL);\n",
    );
    if indexes {
        script.push_str("CREATE INDEX t_by_project ON t(project_code, state);\n");
        script.push_str("CREATE INDEX t_by_state ON t(state, opened_at);\n");
    }
    script.push_str(&format!(".import --csv --skip 1 '{}' t\n", csv.display()));
    let script_path = dir.join("import.sql");
    std::fs::write(&script_path, script).expect("write the sqlite3 script");
    let mut round = 0;
    median(3, || {
        round += 1;
        let copy = dir.join(format!("sqlite3-{round}.db"));
        std::fs::copy(empty, &copy).expect("copy the plan");
        let mut command = Command::new("sqlite3");
        command
            .arg("-bail")
            .arg(&copy)
            .stdin(std::fs::File::open(&script_path).expect("the script"));
        command
    })
}

/// Reading `csv` through the import's decoder and separator sniffing alone, whole.
fn decoding(csv: &Path) -> Duration {
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let start = Instant::now();
            let file = std::io::BufReader::new(std::fs::File::open(csv).expect("the file"));
            let decoded = workplan::io::decode::Decoded::new(file, None);
            let (header, mut rest) =
                workplan::io::decode::peek_header(decoded, 1 << 20).expect("a header");
            let _ = workplan::io::decode::sniff_delimiter(&header);
            std::io::copy(&mut rest, &mut std::io::sink()).expect("decode the file");
            start.elapsed()
        })
        .collect();
    times.sort();
    times[1]
}

/// A cases file shaped unlike the app's export: refs in random order, ISO times with seconds,
/// 73 % closed, 12 % resolved, 15 % open (40,000 of them on hold with a reason), 5 % linked to
/// one of the plan's projects.
fn write_independent_cases(path: &Path, rows: usize, projects: usize) {
    let mut rng = fastrand::Rng::with_seed(42);
    let mut order: Vec<usize> = (0..rows).collect();
    rng.shuffle(&mut order);
    let file = std::fs::File::create(path).expect("create the file");
    let mut out = std::io::BufWriter::new(file);
    writeln!(
        out,
        "ref,kind,priority,state,hold_reason,opened_at,resolved_at,closed_at,category,service,assignment_group,organisation,project_code,summary"
    )
    .expect("write");
    let start = common::now() - chrono::Duration::days(3 * 365);
    let holds_wanted = rows * 40 / 1000;
    let mut holds = 0;
    let stamp = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    for (i, n) in order.into_iter().enumerate() {
        let opened = start + chrono::Duration::seconds(rng.i64(0..3 * 365 * 86_400));
        let done = opened + chrono::Duration::seconds(rng.i64(600..30 * 86_400));
        let roll = rng.u32(0..100);
        let (state, hold, resolved, closed) = if roll < 73 {
            (
                "closed",
                "",
                stamp(done),
                stamp(done + chrono::Duration::days(3)),
            )
        } else if roll < 85 {
            ("resolved", "", stamp(done), String::new())
        } else if holds < holds_wanted && (i % 4 != 0) {
            holds += 1;
            ("on-hold", "Awaiting vendor", String::new(), String::new())
        } else {
            (["new", "active"][i % 2], "", String::new(), String::new())
        };
        let project = if rng.u32(0..100) < 5 {
            format!("GEN-{:05}", rng.usize(1..=projects.max(1)))
        } else {
            String::new()
        };
        writeln!(
            out,
            "SD{n:08},{},{},{state},{hold},{},{resolved},{closed},{},{},{},{},{project},Case summary {n}",
            ["incident", "request", "incident", "problem"][rng.usize(0..4)],
            rng.u8(1..=4),
            stamp(opened),
            ["Network", "Email", "Hardware", "Access"][rng.usize(0..4)],
            ["Email", "Payroll", "Wi-Fi"][rng.usize(0..3)],
            ["Service Desk", "2nd line", "Networks"][rng.usize(0..3)],
            ["Brackenford Borough Council", "Holmwick District Council"][rng.usize(0..2)],
        )
        .expect("write");
    }
    out.flush().expect("flush");
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
