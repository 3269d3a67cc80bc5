//! Whole-process figures (issues 8 and 17), printed as a Markdown table with, where there is
//! one, the `sqlite3` shell's figure for equivalent queries on the same file in the same run
//! and the ratio: `cargo bench --bench process`. Same plan and size variables as
//! `benches/scale.rs`. It needs the `sqlite3` shell on the PATH.
//!
//! First a line naming the machine (CPU model and count, memory, the `sqlite3` version). Then,
//! on two plans — the app's generated plan (`common::plan()`) and an independently generated
//! one (CSV files of other shapes written here and loaded through `workplan import`, its load
//! timed too):
//!
//! - the portfolio's first screen through a real terminal: from spawning the app in a 160x50
//!   pseudo-terminal until its project rows are drawn (median of 7), against `sqlite3` reading
//!   the first 50 open projects worst first with each one's next open milestone, overdue
//!   milestones and high risks;
//! - the service desk ready after `4`: from the key until its figures are drawn with no
//!   background count under way (median of 7), against `sqlite3` counting open cases by state,
//!   priority, kind and organisation and 12 months of cases opened and resolved;
//! - `workplan report` (median of 3) and its peak memory;
//! - the app's peak memory (VmHWM) after visiting every view, and its CPU use over 3 s of no
//!   input after that (expected 0 %).
//!
//! And on the generated plan:
//!
//! - `workplan status` against the `sqlite3` shell running the same statements with the same
//!   bound parameters on the same file (both as whole processes, output discarded);
//! - `PRAGMA quick_check`, which `import` and `backup` run on the file before they start;
//! - `workplan import cases` of two 1,000,000-row CSV files into a plan without cases, each
//!   against the `sqlite3` shell's `.import` of the same file into a table of the same typed
//!   columns and the same indexes (and, for the record, into one with only the unique `ref`):
//!   the app's own export (sorted by ref), and a file generated here differently (refs in
//!   random order, ISO times with seconds, 73 % closed, 12 % resolved, 15 % open of which
//!   40,000 on hold, 5 % linked to a project); and what reading its encoding and separator
//!   costs.

mod common;

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use chrono::{Datelike, Months, NaiveDate};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use rusqlite::types::Value;

use workplan::commands::generate::Size;
use workplan::store::{OpenMode, Store};

const BIN: &str = env!("CARGO_BIN_EXE_workplan");
const RUNS: usize = 7;
/// The pseudo-terminal's size (the issue measured through tmux).
const ROWS: u16 = 50;
const COLS: u16 = 160;
/// How long the app may take to draw what a step waits for before the bench gives up.
const TIMEOUT: Duration = Duration::from_secs(120);
/// What a view says while it reads in the background.
const BUSY: &str = "Keys work meanwhile";
/// GNU time, which reports a child's peak memory (`%M`) from the kernel's own count.
const GNU_TIME: &str = "/usr/bin/time";

/// A plan the figures are taken on.
struct Plan {
    /// How the table names it.
    label: &'static str,
    /// How its `sqlite3` scripts are named.
    slug: &'static str,
    path: &'static Path,
}

fn main() {
    machine();
    let generated = common::plan();
    let dir = generated.parent().expect("the plan's folder");
    println!();
    println!("| What | workplan (median) | sqlite3 (median) | workplan ÷ sqlite3 |");
    println!("|---|---|---|---|");
    let independent = independent_plan(dir);
    let plans = [
        Plan {
            label: "the generated plan",
            slug: "generated",
            path: generated,
        },
        Plan {
            label: "the independent plan",
            slug: "independent",
            path: independent,
        },
    ];
    for plan in &plans {
        first_screen(plan, dir);
        desk(plan, dir);
    }
    for plan in &plans {
        report(plan, dir);
        peak_memory_and_idle_cpu(plan);
    }
    status_against_sqlite3(&plans[0], dir);
    quick_check(generated);
    import(generated, dir);
    common::clean_up();
}

/// The machine line the README cites: CPU model and count, memory, the `sqlite3` shell.
fn machine() {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or_else(|| "unknown CPU".to_string(), |(_, m)| m.trim().to_string());
    let cpus = cpuinfo
        .lines()
        .filter(|l| l.starts_with("processor"))
        .count();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_kb: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let sqlite3 = Command::new("sqlite3")
        .arg("--version")
        .output()
        .expect("the sqlite3 shell on the PATH");
    let answer = String::from_utf8_lossy(&sqlite3.stdout);
    // "3.40.1 2022-12-28 14:03:47 df5c…": the version and its date.
    let version: Vec<&str> = answer.split_whitespace().take(2).collect();
    let size = common::size();
    println!(
        "Machine: {model}, {cpus} CPUs, {:.1} GiB memory; sqlite3 {}. Plans of {} projects and {} cases; today {}; terminal {COLS}x{ROWS}.",
        memory_kb as f64 / (1024.0 * 1024.0),
        version.join(" "),
        size.projects,
        size.cases,
        common::now().date(),
    );
}

/// The median of `runs` measurements.
fn median_of(runs: usize, mut measure: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| measure()).collect();
    times.sort();
    times[times.len() / 2]
}

/// Median wall time of `runs` runs of `command` (built afresh each time by `make`), its output
/// discarded.
fn median(runs: usize, mut make: impl FnMut() -> Command) -> Duration {
    median_of(runs, || {
        let mut command = make();
        command.stdout(Stdio::null()).stderr(Stdio::null());
        let start = Instant::now();
        let status = command.status().expect("run the command");
        let took = start.elapsed();
        assert!(status.success(), "{command:?} failed");
        took
    })
}

/// A time as the table gives it: milliseconds under ten seconds, else seconds.
fn shown(d: Duration) -> String {
    if d < Duration::from_secs(10) {
        format!("{:.0} ms", d.as_secs_f64() * 1000.0)
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// Kilobytes (as /proc and GNU time give them) in MiB.
fn mib(kb: u64) -> String {
    format!("{:.0} MiB", kb as f64 / 1024.0)
}

/// One row of the table: what was measured, our time, sqlite3's and the ratio.
fn row(what: &str, ours: Duration, theirs: Duration) {
    println!(
        "| {what} | {} | {} | {:.2}x |",
        shown(ours),
        shown(theirs),
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
}

fn workplan(plan: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.arg("--db").arg(plan).args(args);
    command.env("WORKPLAN_USER", "Bench");
    command.env("WORKPLAN_TODAY", "2026-11-22");
    command
}

/// The `sqlite3` shell running `script` on `db`, stopping at the first error.
fn sqlite3(db: &Path, script: &Path) -> Command {
    let mut command = Command::new("sqlite3");
    command
        .arg("-bail")
        .arg(db)
        .stdin(std::fs::File::open(script).expect("the script"));
    command
}

fn write_script(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write the sqlite3 script");
    path
}

/// Run `script` in the `sqlite3` shell on `db` as a whole process (median of 7, output
/// discarded) and print the row setting `ours` against it.
fn against_sqlite3(what: &str, ours: Duration, db: &Path, script: &Path) {
    let theirs = median(RUNS, || sqlite3(db, script));
    row(what, ours, theirs);
}

/// From spawning the app until the portfolio's rows are drawn (a fresh app each run), against
/// `sqlite3` reading what that screen shows.
fn first_screen(plan: &Plan, dir: &Path) {
    let ours = median_of(RUNS, || {
        let (app, took) = Session::open(plan.path);
        app.quit();
        took
    });
    // The count the portfolio's Risk column gives: the plan's own "high" threshold.
    let high = Store::open(plan.path, OpenMode::ReadOnly)
        .expect("open the plan")
        .settings()
        .expect("settings")
        .high_risk_min_score();
    let script = write_script(dir, &format!("triage-{}.sql", plan.slug), &triage_sql(high));
    against_sqlite3(
        &format!(
            "first screen of the portfolio on {}: from spawning the app in a {COLS}x{ROWS} pseudo-terminal until its project rows are drawn · sqlite3: the first 50 open projects worst RAG first, each with its next open milestone, overdue milestones and high risks (score ≥ {high})",
            plan.label
        ),
        ours,
        plan.path,
        &script,
    );
}

/// The portfolio's first 50 open projects, worst RAG first (then most overdue), each with its
/// next open milestone, its overdue milestones and its open high risks: the same expressions
/// as the app's portfolio query, so the same indexes serve them.
fn triage_sql(high: u8) -> String {
    let today = common::now().date();
    format!(
        "SELECT p.code, p.name, p.rag,
       (SELECT m.name || ' ' || coalesce(m.forecast_date, m.baseline_date) FROM milestones m
         WHERE m.project_id = p.id AND m.archived = 0 AND m.actual_date IS NULL
           AND coalesce(m.forecast_date, m.baseline_date) >= '{today}'
         ORDER BY coalesce(m.forecast_date, m.baseline_date), m.id LIMIT 1) AS next_milestone,
       (SELECT count(*) FROM milestones m
         WHERE m.project_id = p.id AND m.archived = 0 AND m.actual_date IS NULL
           AND coalesce(m.forecast_date, m.baseline_date) < '{today}') AS overdue,
       (SELECT count(*) FROM risks r
         WHERE r.project_id = p.id AND r.status = 'open' AND r.archived = 0
           AND r.likelihood * r.impact >= {high}) AS high_risks
FROM projects p
WHERE p.archived = 0 AND p.stage IN ('proposed', 'awaiting-resource', 'in-delivery', 'on-hold')
ORDER BY CASE p.rag WHEN 'red' THEN 0 WHEN 'amber-red' THEN 1 WHEN 'amber' THEN 2
                    WHEN 'amber-green' THEN 3 WHEN 'green' THEN 4 ELSE 5 END,
         overdue DESC, p.code
LIMIT 50;
"
    )
}

/// What the desk says while it reads its open cases (their ageing and SLA lists).
const READING_QUEUE: &str = "reading the open cases";

/// From typing `4` on the first screen until the service desk shows its counts, and until it
/// shows its open cases' figures too (a fresh app each run), against `sqlite3` counting the
/// same.
fn desk(plan: &Plan, dir: &Path) {
    let mut whole = Vec::new();
    let counts = median_of(RUNS, || {
        let (mut app, _) = Session::open(plan.path);
        let start = Instant::now();
        app.press("4");
        app.wait_for("Open cases");
        let counted = start.elapsed();
        app.wait_until(READING_QUEUE, |screen| {
            let contents = screen.contents();
            contents.contains("Ageing: ") && !contents.contains(READING_QUEUE)
        });
        whole.push(start.elapsed());
        app.quit();
        counted
    });
    whole.sort();
    let script = write_script(dir, &format!("desk-{}.sql", plan.slug), &desk_sql());
    against_sqlite3(
        &format!(
            "service desk ready after `4` on {}: from the key until its counts are drawn · sqlite3: open cases by state, priority, kind and organisation, and for each of the last 12 months the cases opened and resolved in it (range counts on the ISO times, one pass)",
            plan.label
        ),
        counts,
        plan.path,
        &script,
    );
    println!(
        "| the same, until the open cases' ageing and SLA lists are drawn too on {} ({} open cases read) | {} | | |",
        plan.label,
        open_cases(plan.path),
        shown(whole[whole.len() / 2])
    );
}

/// How many cases are open on a plan.
fn open_cases(plan: &Path) -> i64 {
    let store = Store::open(plan, OpenMode::ReadOnly).expect("open the plan");
    store.open_case_count().expect("the open cases")
}

/// Open cases by state, priority, kind and organisation; and for each of the last 12 months
/// (this one included) the cases opened in it and the cases resolved in it, counted by range
/// conditions on the ISO text in one pass over the cases.
fn desk_sql() -> String {
    let open = "c.state IN ('new', 'active', 'on-hold')";
    let mut sql = String::new();
    for (column, join) in [
        ("c.state", ""),
        ("c.priority", ""),
        ("c.kind", ""),
        (
            "o.name",
            " LEFT JOIN organisations o ON o.id = c.organisation_id",
        ),
    ] {
        sql.push_str(&format!(
            "SELECT {column}, count(*) FROM cases c{join} WHERE {open} GROUP BY {column};\n"
        ));
    }
    let this_month = common::now()
        .date()
        .with_day(1)
        .expect("the first of the month");
    let months: Vec<String> = (0..12u32)
        .rev()
        .map(|back| {
            let start = this_month - Months::new(back);
            let end = start + Months::new(1);
            format!(
                "count(*) FILTER (WHERE c.opened_at >= '{start}' AND c.opened_at < '{end}'),
  count(*) FILTER (WHERE c.resolved_at >= '{start}' AND c.resolved_at < '{end}')"
            )
        })
        .collect();
    sql.push_str(&format!(
        "SELECT\n  {}\nFROM cases c;\n",
        months.join(",\n  ")
    ));
    sql
}

/// `workplan report --format md`, output discarded, median of 3, with the highest peak memory
/// of the three. Run `--read-only`, so no run is recorded and every run reports the same period
/// (a recorded run would make the next one report "since today").
fn report(plan: &Plan, dir: &Path) {
    let mut runs: Vec<(Duration, u64)> = (0..3)
        .map(|_| {
            run_with_peak(
                workplan(plan.path, &["--read-only", "report", "--format", "md"]),
                dir,
            )
        })
        .collect();
    let peak = runs.iter().map(|&(_, kb)| kb).max().expect("three runs");
    runs.sort();
    let source = if Path::new(GNU_TIME).exists() {
        "GNU time's %M"
    } else {
        "VmHWM polled every 5 ms"
    };
    println!(
        "| `workplan report --format md` on {} (output discarded; median of 3; peak memory the highest of the 3, from {source}) | {}, peak {} | | |",
        plan.label,
        shown(runs[runs.len() / 2].0),
        mib(peak)
    );
}

/// One run of `command` (output discarded): its wall time and its peak resident memory in kB.
/// The peak is GNU time's `%M` when /usr/bin/time is installed: the kernel's maximum resident
/// set of that one child, read by `wait4` when it ends, so no moment is missed (time's own
/// start adds about a millisecond to the wall time). `getrusage(RUSAGE_CHILDREN)` would only
/// give the largest child so far across runs. Without GNU time, the highest VmHWM read from
/// /proc every 5 ms while the process runs, which can miss a peak in its last milliseconds.
fn run_with_peak(mut command: Command, dir: &Path) -> (Duration, u64) {
    if Path::new(GNU_TIME).exists() {
        let record = dir.join("time.txt");
        let mut timed = Command::new(GNU_TIME);
        timed
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&record)
            .arg(command.get_program())
            .args(command.get_args());
        for (key, value) in command.get_envs() {
            match value {
                Some(value) => {
                    timed.env(key, value);
                }
                None => {
                    timed.env_remove(key);
                }
            }
        }
        timed.stdout(Stdio::null()).stderr(Stdio::null());
        let start = Instant::now();
        let status = timed.status().expect("run the command");
        let took = start.elapsed();
        assert!(status.success(), "{timed:?} failed");
        let kb = std::fs::read_to_string(record)
            .expect("time's record")
            .lines()
            .rev()
            .find_map(|l| l.trim().parse::<u64>().ok())
            .expect("a peak in time's record");
        return (took, kb);
    }
    command.stdout(Stdio::null()).stderr(Stdio::null());
    let start = Instant::now();
    let mut child = command.spawn().expect("run the command");
    let mut peak = 0;
    let status = loop {
        if let Some(status) = child.try_wait().expect("the command's state") {
            break status;
        }
        peak = peak.max(vm_hwm_kb(child.id()).unwrap_or(0));
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = start.elapsed();
    assert!(status.success(), "{command:?} failed");
    (took, peak)
}

/// A process's high-water resident memory so far, in kB.
fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Run the app in a pseudo-terminal, visit every view, wait for each to load (the service
/// desk's count and the report preview included), read the process's high-water resident
/// memory from /proc, then measure its CPU use over 3 s with no input.
fn peak_memory_and_idle_cpu(plan: &Plan) {
    let (mut app, _) = Session::open(plan.path);
    // Each view's title is in the header (" Risks · plan.db "), and a view that reads in the
    // background says so in its body until it has its data.
    for (key, text) in [
        ("2", " Timeline · "),
        ("3", " Risks · "),
        ("4", "Open cases"),
        ("6", " History · "),
        ("5", "ICT Work Plan progress report"),
        ("1", " Portfolio · "),
        ("\r", "Overview"),
    ] {
        app.press(key);
        app.wait_for_loaded(text);
    }
    let peak = vm_hwm_kb(app.pid).expect("VmHWM in /proc");
    let cpu = app.idle_cpu(Duration::from_secs(3));
    app.quit();
    println!(
        "| the app on {}: peak memory (VmHWM) after opening every view and waiting for each to load (timeline, risks, service desk counted, history, report preview, a project) | {} | | |",
        plan.label,
        mib(peak)
    );
    println!(
        "| the app on {}: CPU while idle for 3 s after that, no key pressed (utime + stime from /proc) | {cpu:.1} % of one CPU | | |",
        plan.label
    );
}

/// A process's CPU time so far (user and system, all its threads), in clock ticks: fields 14
/// and 15 of /proc/PID/stat.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc stat");
    // Field 2, the command name, is in parentheses and may hold spaces: count after it, where
    // field 3 comes first, so fields 14 and 15 are the 12th and 13th.
    let rest = &stat[stat.rfind(')').expect("the command name") + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields[11].parse().expect("utime");
    let stime: u64 = fields[12].parse().expect("stime");
    utime + stime
}

/// Clock ticks a second, as /proc counts CPU time (`getconf CLK_TCK`; 100 on Linux).
fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// The app running in a 160x50 pseudo-terminal, and what it has drawn so far: the one driver
/// of every measurement through a real terminal.
struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    pid: u32,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    screen: vt100::Parser,
    /// Just before the app was spawned.
    spawned: Instant,
    /// Held so the terminal stays open while the app runs.
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    /// Spawn the app on `plan` with TERM=xterm-256color, as user Bench on 22 Nov 2026.
    fn start(plan: &Path) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
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
        let spawned = Instant::now();
        let child = pair.slave.spawn_command(command).expect("start the app");
        drop(pair.slave);
        let pid = child.process_id().expect("the app's pid");
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let writer = pair.master.take_writer().expect("a writer");
        let (tx, output) = channel::<Vec<u8>>();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let screen = vt100::Parser::new(
            NonZeroU16::new(ROWS).expect("rows"),
            NonZeroU16::new(COLS).expect("cols"),
            0,
        );
        Session {
            child,
            pid,
            writer,
            output,
            screen,
            spawned,
            _master: pair.master,
        }
    }

    /// Spawn the app and wait for the portfolio's first screen; how long that took from the
    /// spawn.
    fn open(plan: &Path) -> (Session, Duration) {
        let mut session = Session::start(plan);
        session.wait_until("the portfolio's first screen", portfolio_drawn);
        let took = session.spawned.elapsed();
        (session, took)
    }

    /// Read the app's output until `ready` holds for the screen; the screen is printed if it
    /// never does (within two minutes) or the app ends first.
    fn wait_until(&mut self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        while !ready(self.screen.screen()) {
            assert!(
                start.elapsed() < TIMEOUT,
                "{what:?} never on screen:\n{}",
                self.screen.screen().contents()
            );
            match self.output.recv_timeout(Duration::from_millis(50)) {
                Ok(bytes) => self.screen.process(&bytes),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "the app ended before {what:?} was on screen:\n{}",
                    self.screen.screen().contents()
                ),
            }
        }
    }

    /// Wait for `text`, with no background load still under way (the views say so).
    fn wait_for(&mut self, text: &str) {
        self.wait_until(text, |screen| {
            let contents = screen.contents();
            contents.contains(text) && !contents.contains(BUSY)
        });
    }

    /// `wait_for`, and then until the app has drawn nothing more for 100 ms with `text` still
    /// there and nothing loading: a view's title, high on the screen, can arrive a moment
    /// before the rest of the frame says the view is still loading.
    fn wait_for_loaded(&mut self, text: &str) {
        let start = Instant::now();
        loop {
            self.wait_for(text);
            match self.output.recv_timeout(Duration::from_millis(100)) {
                Ok(bytes) => self.screen.process(&bytes),
                // Quiet (or ended, which the next step names).
                Err(_) => return,
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "the app never settled with {text:?} on screen:\n{}",
                self.screen.screen().contents()
            );
        }
    }

    fn press(&mut self, key: &str) {
        self.writer.write_all(key.as_bytes()).expect("type");
        self.writer.flush().expect("flush");
    }

    /// The app's CPU use over `span` of no input, in per cent of one CPU.
    fn idle_cpu(&self, span: Duration) -> f64 {
        let before = cpu_ticks(self.pid);
        let start = Instant::now();
        // The reader thread keeps the terminal drained meanwhile.
        std::thread::sleep(span);
        let ticks = cpu_ticks(self.pid) - before;
        let took = start.elapsed();
        100.0 * ticks as f64 / clock_ticks() / took.as_secs_f64()
    }

    /// Quit with `q` and wait (two minutes at most) for the app to end.
    fn quit(mut self) {
        self.press("q");
        let start = Instant::now();
        while self.child.try_wait().expect("the app's state").is_none() {
            assert!(
                start.elapsed() < TIMEOUT,
                "the app did not quit:\n{}",
                self.screen.screen().contents()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// The portfolio's first screen is drawn: its count line, the table's header with a project
/// row under it, and the footer. The terminal is written top to bottom, so a footer means
/// every row above it has been drawn too.
fn portfolio_drawn(screen: &vt100::Screen) -> bool {
    let rows: Vec<String> = screen.rows(0, COLS).collect();
    let header = rows
        .iter()
        .position(|r| r.contains("Code") && r.contains("Project"));
    let first_project = header
        .and_then(|h| rows.get(h + 1))
        .is_some_and(|r| !r.trim().is_empty());
    let footer = rows.last().is_some_and(|r| !r.trim().is_empty());
    first_project
        && footer
        && rows.iter().any(|r| r.contains(" projects"))
        && !rows.iter().any(|r| r.contains(BUSY))
}

/// The independently generated plan: CSV files written here, shaped unlike the generator's
/// plan (`write_independent_registers`, and the cases of `write_independent_cases` linked to
/// these projects), loaded into a new plan through the app's own command line, one register
/// at a time — `workplan --db DIR/plan.db import projects|milestones|risks|cases DIR/FILE.csv`
/// (the first import creates the plan). Built once per run next to the generated plan and kept
/// for the run, as `common::plan()` keeps its plan; a plan already there is reused. Prints the
/// row of what loading it took.
fn independent_plan(dir: &Path) -> &'static Path {
    static PLAN: OnceLock<PathBuf> = OnceLock::new();
    PLAN.get_or_init(|| {
        let folder = dir.join("independent");
        let path = folder.join("plan.db");
        if path.exists() {
            println!(
                "| the independent plan: reused from {} (not loaded again) | | | |",
                folder.display()
            );
            return path;
        }
        // Built in a folder of its own and moved into place whole (the database with any
        // journal beside it), so a build that failed half-way is never taken for a plan.
        let building = dir.join("independent-building");
        let _ = std::fs::remove_dir_all(&building);
        std::fs::create_dir_all(&building).expect("a folder for the independent plan");
        let size = common::size();
        let [projects, milestones, risks] = write_independent_registers(&building, size.projects);
        write_independent_cases(
            &building.join("cases.csv"),
            size.cases,
            size.projects,
            independent_code,
        );
        let database = building.join("plan.db");
        let mut parts = Vec::new();
        let mut total = Duration::ZERO;
        for (register, rows) in [
            ("projects", projects),
            ("milestones", milestones),
            ("risks", risks),
            ("cases", size.cases),
        ] {
            let mut command = workplan(&database, &["import", register]);
            command.arg(building.join(format!("{register}.csv")));
            let start = Instant::now();
            let output = command.output().expect("run workplan import");
            let took = start.elapsed();
            assert!(
                output.status.success(),
                "{command:?} failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
            total += took;
            parts.push(format!("{rows} {register} {:.1} s", took.as_secs_f64()));
        }
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::rename(building, folder).expect("move the independent plan into place");
        println!(
            "| the independent plan loaded through `workplan import`, one register after another into a new plan ({}) | {:.1} s | | |",
            parts.join(", "),
            total.as_secs_f64()
        );
        path
    })
    .as_path()
}

/// Project codes in three shapes other systems use, none the generator's `GEN-00042`:
/// `MOD_0111_1718-Q1`, `DSF0001000777`, `ICT/2023/00042`.
fn independent_code(n: usize) -> String {
    match n % 3 {
        0 => {
            let year = 17 + n % 9;
            format!("MOD_{n:04}_{year:02}{:02}-Q{}", year + 1, n % 4 + 1)
        }
        1 => format!("DSF{:010}", 1_000_000 + n * 7),
        _ => format!("ICT/{}/{n:05}", 2019 + n % 8),
    }
}

const SERVICES: [&str; 12] = [
    "Social care case system",
    "Libraries management",
    "Council tax portal",
    "Street lighting CMS",
    "Parking permits",
    "School admissions",
    "CCTV network",
    "Data centre",
    "Cemeteries booking",
    "Licensing system",
    "Fleet telematics",
    "Intranet",
];
const CHANGES: [&str; 8] = [
    "re-procurement",
    "upgrade to v12",
    "decommissioning",
    "SaaS move",
    "integration",
    "pilot",
    "phase 2",
    "hardening",
];
const THEMES: [&str; 5] = [
    "Digital customer",
    "Infrastructure",
    "Cyber resilience",
    "Data and insight",
    "Workforce",
];
const COUNCILS: [&str; 3] = [
    "North Vale District Council",
    "Eastbrook City Council",
    "North Vale District Council;Eastbrook City Council",
];
const STAFF: [&str; 10] = [
    "Morag Fellowes",
    "Dev Anand",
    "Siobhan Kerr",
    "Kwame Boateng",
    "Lucy Ashdown",
    "Iwan Pritchard",
    "Farah Qureshi",
    "Neil Barraclough",
    "Ewa Nowak",
    "Callum Reid",
];
const REASONS: [&str; 6] = [
    "Supplier behind on the data migration",
    "Awaiting a budget decision",
    "Key engineer away",
    "Depends on the network refresh",
    "Scope grew after discovery",
    "Procurement challenge",
];
const MILESTONE_NAMES: [&str; 14] = [
    "Business case approved",
    "Supplier appointed",
    "Design signed off",
    "Build complete",
    "Pilot site live",
    "User acceptance testing done",
    "Data migrated",
    "Training delivered",
    "Go live",
    "Early life support ends",
    "Legacy system switched off",
    "Security test passed",
    "Benefits review",
    "Project closure",
];
const THREATS: [&str; 8] = [
    "Key supplier fails to deliver",
    "Data migration errors",
    "Staff unavailable for testing",
    "Budget cut mid-year",
    "Legacy contract cannot be ended early",
    "Cyber attack during cut-over",
    "Integration partner changes API",
    "Low take-up by residents",
];
const CONTROLS: [&str; 5] = [
    "Weekly supplier review",
    "Trial migrations",
    "Backfill agreed with service heads",
    "Contingency held centrally",
    "Penetration test before go live",
];

fn pick(rng: &mut fastrand::Rng, list: &[&'static str]) -> &'static str {
    list[rng.usize(0..list.len())]
}

/// Projects, milestones and risks shaped unlike the generator's: three code shapes
/// (`independent_code`), starts spread over 2019–2026 and ends up to four years later, a
/// five-point RAG mix (red, amber-red, amber, amber-green, green, unrated) with a reason for
/// every RAG but green, stages spelt as people type them ("In delivery", "Queued",
/// "Complete"), 6 to 14 milestones a project (about 10) with a third forecast on their
/// baseline, and 0 to 10 risks a project (about 5) plus a corporate risk per twenty projects.
/// ISO dates throughout. Writes projects.csv, milestones.csv and risks.csv in `dir` and
/// returns the rows of each.
fn write_independent_registers(dir: &Path, projects: usize) -> [usize; 3] {
    let mut rng = fastrand::Rng::with_seed(1718);
    let today = common::now().date();
    let first_start = NaiveDate::from_ymd_opt(2019, 1, 1).expect("a date");
    let csv = |name: &str, header: &str| {
        let file = std::fs::File::create(dir.join(name)).expect("create the file");
        let mut out = std::io::BufWriter::new(file);
        writeln!(out, "{header}").expect("write");
        out
    };
    let mut project_out = csv(
        "projects.csv",
        "code,name,theme,organisations,stage,rag,rag_reason,manager,sponsor,start_date,baseline_end,forecast_end,budget_capital,budget_revenue,spend_to_date,percent_complete,description",
    );
    let mut milestone_out = csv(
        "milestones.csv",
        "project_code,name,baseline_date,forecast_date,actual_date,owner,notes",
    );
    let mut risk_out = csv(
        "risks.csv",
        "project_code,code,kind,title,consequence,control,owner,status,likelihood,impact,inherent_likelihood,inherent_impact,target_likelihood,target_impact,review_date",
    );
    let mut rows = [0usize; 3];
    for n in 1..=projects {
        let code = independent_code(n);
        let name = format!(
            "{} {} {n}",
            pick(&mut rng, &SERVICES),
            pick(&mut rng, &CHANGES)
        );
        let theme = pick(&mut rng, &THEMES);
        let councils = pick(&mut rng, &COUNCILS);
        let stage = match rng.u32(0..100) {
            0..45 => "In delivery",
            45..53 => "On hold",
            53..65 => "Queued",
            65..75 => "Proposed",
            75..90 => "Complete",
            90..96 => "Closed",
            _ => "Cancelled",
        };
        let rag = if matches!(stage, "In delivery" | "On hold") {
            match rng.u32(0..100) {
                0..14 => "R",
                14..26 => "A/R",
                26..48 => "A",
                48..68 => "A/G",
                _ => "G",
            }
        } else if rng.bool() {
            "G"
        } else {
            ""
        };
        let reason = if matches!(rag, "" | "G") {
            ""
        } else {
            pick(&mut rng, &REASONS)
        };
        let manager = pick(&mut rng, &STAFF);
        let sponsor = pick(&mut rng, &STAFF);
        let start = first_start + chrono::Duration::days(rng.i64(0..2860));
        let baseline_end = start + chrono::Duration::days(rng.i64(60..1500));
        let slip = if rng.u32(0..100) < 45 {
            0
        } else {
            rng.i64(1..420)
        };
        let forecast_end = baseline_end + chrono::Duration::days(slip);
        let capital = rng.u64(0..400) * 10_000;
        let revenue = rng.u64(0..100) * 1_000;
        let spend = rng.u64(0..=capital + revenue);
        let percent = rng.u8(0..=100);
        writeln!(
            project_out,
            "{code},{name},{theme},{councils},{stage},{rag},{reason},{manager},{sponsor},{start},{baseline_end},{forecast_end},{capital},{revenue},{spend},{percent},Independent bench project {n}"
        )
        .expect("write");
        rows[0] += 1;

        let count = rng.usize(6..=14);
        let span = (baseline_end - start).num_days().max(1);
        for k in 0..count {
            let baseline = start + chrono::Duration::days(span * (k as i64 + 1) / count as i64);
            let slip = match rng.u32(0..10) {
                0..4 => 0,
                4..8 => rng.i64(1..60),
                _ => rng.i64(60..240),
            };
            // A third give no forecast: they are forecast on their baseline.
            let written = rng.u32(0..3) > 0;
            let due = if written {
                baseline + chrono::Duration::days(slip)
            } else {
                baseline
            };
            let forecast = if written {
                due.to_string()
            } else {
                String::new()
            };
            let actual = if due < today && rng.u32(0..100) < 80 {
                (due + chrono::Duration::days(rng.i64(-10..=10)))
                    .min(today)
                    .to_string()
            } else {
                String::new()
            };
            let milestone = MILESTONE_NAMES[k % MILESTONE_NAMES.len()];
            let owner = pick(&mut rng, &STAFF);
            let notes = if rng.u32(0..10) == 0 {
                "Dependent on supplier"
            } else {
                ""
            };
            writeln!(
                milestone_out,
                "{code},{:02} {milestone},{baseline},{forecast},{actual},{owner},{notes}",
                k + 1
            )
            .expect("write");
            rows[1] += 1;
        }

        for _ in 0..rng.usize(0..=10) {
            rows[2] += 1;
            write_risk(&mut risk_out, &mut rng, &code, rows[2], today);
        }
    }
    for _ in 0..projects / 20 {
        rows[2] += 1;
        write_risk(&mut risk_out, &mut rng, "", rows[2], today);
    }
    for out in [&mut project_out, &mut milestone_out, &mut risk_out] {
        out.flush().expect("flush");
    }
    rows
}

/// One risk (an issue one time in seven or so, a fifth closed), numbered `n`, of `project`
/// (empty: the corporate register).
fn write_risk(
    out: &mut impl Write,
    rng: &mut fastrand::Rng,
    project: &str,
    n: usize,
    today: NaiveDate,
) {
    let kind = if rng.u32(0..100) < 15 {
        "Issue"
    } else {
        "Risk"
    };
    let status = if rng.u32(0..100) < 22 {
        "Closed"
    } else {
        "Open"
    };
    let (likelihood, impact) = (rng.u8(1..=5), rng.u8(1..=5));
    let inherent = (
        (likelihood + rng.u8(0..=2)).min(5),
        (impact + rng.u8(0..=1)).min(5),
    );
    let target = (
        likelihood.saturating_sub(rng.u8(0..=2)).max(1),
        impact.saturating_sub(rng.u8(0..=1)).max(1),
    );
    let review = today + chrono::Duration::days(rng.i64(-120..=200));
    let threat = pick(rng, &THREATS);
    let control = pick(rng, &CONTROLS);
    let owner = pick(rng, &STAFF);
    writeln!(
        out,
        "{project},RSK{n:06},{kind},{threat} ({n}),Service disruption for residents,{control},{owner},{status},{likelihood},{impact},{},{},{},{},{review}",
        inherent.0, inherent.1, target.0, target.1
    )
    .expect("write");
}

fn status_against_sqlite3(plan: &Plan, dir: &Path) {
    let store = Store::open(plan.path, OpenMode::ReadOnly).expect("open the plan");
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
    let script_path = write_script(dir, "status.sql", &script);
    let ours = median(RUNS, || workplan(plan.path, &["status", "--format", "csv"]));
    against_sqlite3(
        &format!(
            "`workplan status --format csv` on {} · sqlite3: the same statements with the same bound parameters",
            plan.label
        ),
        ours,
        plan.path,
        &script_path,
    );
}

/// What naming damage costs an import or a backup before it starts (median of three).
fn quick_check(plan: &Path) {
    let took = median_of(3, || {
        let store = Store::open(plan, OpenMode::ReadOnly).expect("open the plan");
        let start = Instant::now();
        store.verify_whole().expect("the generated plan is whole");
        start.elapsed()
    });
    println!(
        "| `PRAGMA quick_check` of the generated plan, which `import` and `backup` run before they start (median of 3) | {} | | |",
        shown(took)
    );
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
    write_independent_cases(&independent, rows, common::size().projects, |n| {
        format!("GEN-{n:05}")
    });
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
        row(
            &format!(
                "`workplan import cases` of {what} ({rows} rows) into a plan without cases (median of 3) · sqlite3: `.import` of the file into a table of the same typed columns and indexes"
            ),
            ours,
            same_table,
        );
        row(
            &format!(
                "the same import of {what} · sqlite3: `.import` into a table with only the unique ref"
            ),
            ours,
            bare_table,
        );
        let reading = decoding(csv);
        println!(
            "| reading the encoding and separator of {what} (decoding it whole; median of 3) | {} | | {:.1} % of the import |",
            shown(reading),
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
        // As the app's `cases_open`: the open cases' own covering index.
        script.push_str(
            "CREATE INDEX t_open ON t(ref, kind, priority, state, hold_reason, opened_at, \
             resolved_at, closed_at, organisation, project_code, summary) \
             WHERE state IN ('new', 'active', 'on-hold');\n",
        );
    }
    script.push_str(&format!(".import --csv --skip 1 '{}' t\n", csv.display()));
    let script_path = write_script(dir, "import.sql", &script);
    let mut round = 0;
    median(3, || {
        round += 1;
        let copy = dir.join(format!("sqlite3-{round}.db"));
        std::fs::copy(empty, &copy).expect("copy the plan");
        sqlite3(&copy, &script_path)
    })
}

/// Reading `csv` through the import's decoder and separator sniffing alone, whole (median of
/// three).
fn decoding(csv: &Path) -> Duration {
    median_of(3, || {
        let start = Instant::now();
        let file = std::io::BufReader::new(std::fs::File::open(csv).expect("the file"));
        let decoded = workplan::io::decode::Decoded::new(file, None);
        let (header, mut rest) =
            workplan::io::decode::peek_header(decoded, 1 << 20).expect("a header");
        let _ = workplan::io::decode::sniff_delimiter(&header);
        std::io::copy(&mut rest, &mut std::io::sink()).expect("decode the file");
        start.elapsed()
    })
}

/// A cases file shaped unlike the app's export: refs in random order, ISO times with seconds,
/// 73 % closed, 12 % resolved, 15 % open (40,000 of them on hold with a reason), 5 % linked to
/// one of the plan's projects (project `n` of 1 to `projects` is named by `code`).
fn write_independent_cases(
    path: &Path,
    rows: usize,
    projects: usize,
    code: impl Fn(usize) -> String,
) {
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
            code(rng.usize(1..=projects.max(1)))
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
