//! The large generated plan both benchmarks run on.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;

use workplan::commands::generate::{Size, build_large_demo};

fn size_from(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The plan's size: WORKPLAN_BENCH_PROJECTS (default 10,000) and WORKPLAN_BENCH_CASES
/// (default 1,000,000).
pub fn size() -> Size {
    Size {
        projects: size_from("WORKPLAN_BENCH_PROJECTS", 10_000),
        cases: size_from("WORKPLAN_BENCH_CASES", 1_000_000),
    }
}

static PLAN: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();

/// The generated plan, built on first use in a temporary folder and kept for the whole run.
pub fn plan() -> &'static Path {
    let (_, path) = PLAN.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder for the benchmark plan");
        let path = dir.path().join("bench.db");
        let path = build(&path, size());
        (dir, path)
    });
    path
}

/// Remove the run's temporary folder (a static is never dropped, and each run's plans, files
/// and copies came to about 3 GB).
#[allow(dead_code)] // each bench binary compiles this module; both call it
pub fn clean_up() {
    if let Some((dir, _)) = PLAN.get() {
        let _ = std::fs::remove_dir_all(dir.path());
    }
}

/// Generate a plan of `size` at `path`.
pub fn build(path: &Path, size: Size) -> PathBuf {
    let made = build_large_demo(path, now(), "Bench", size).expect("generate the plan");
    eprintln!(
        "bench plan: {} projects, {} cases, {} rows in {:.1} s",
        size.projects,
        size.cases,
        made.rows,
        made.took.as_secs_f64()
    );
    path.to_path_buf()
}

pub fn now() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid date")
}
