//! Where the data and the personal settings live. Tests never touch the real home directory:
//! `--db`, `WORKPLAN_DB`, `WORKPLAN_DATA_DIR` and `WORKPLAN_CONFIG` exist for them.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("uk", "workplan", "workplan")
}

/// `$WORKPLAN_DATA_DIR`, else the platform's data folder (e.g. `~/.local/share/workplan`).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("WORKPLAN_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    project_dirs().map(|d| d.data_dir().to_path_buf())
}

/// The user's own database when neither `--db` nor `WORKPLAN_DB` names one.
pub fn default_db() -> Option<PathBuf> {
    data_dir().map(|d| d.join("workplan.db"))
}

/// The demo database: always a separate file, never the user's own.
pub fn demo_db() -> Option<PathBuf> {
    data_dir().map(|d| d.join("demo.db"))
}

/// `$WORKPLAN_CONFIG`, else `<config dir>/config.toml`.
pub fn config_file() -> Option<PathBuf> {
    if let Some(file) = std::env::var_os("WORKPLAN_CONFIG").filter(|f| !f.is_empty()) {
        return Some(PathBuf::from(file));
    }
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// The login name, for the audit trail and "mine" when no `--user` is given.
pub fn login_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_string())
}

/// `path` with `suffix` added to its file name (`w.db` → `w.db-wal`): where SQLite keeps a
/// database's companion files.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
