//! Gathering the report (in the background on a large plan) and writing it to files.

use std::path::Path;

use chrono::NaiveDate;

use crate::commands::CommandError;
use crate::commands::report::{FrontSheetOptions, ReportRequest, front_sheet};
use crate::io::safe_write::{Protected, write_bytes};
use crate::report::{Block, Format};
use crate::store::Store;
use crate::store::edit::Actor;

/// The preview, for the runtime to run in line or in the background.
pub fn preview_reader(
    request: ReportRequest,
) -> impl FnOnce(&Store) -> Result<(String, NaiveDate), CommandError> + Send + 'static {
    move |store: &Store| crate::commands::report::render(store, &request)
}

/// The report's content for writing to files.
pub fn blocks_reader(
    request: ReportRequest,
) -> impl FnOnce(&Store) -> Result<(Vec<Block>, NaiveDate), CommandError> + Send + 'static {
    move |store: &Store| crate::commands::report::build_blocks(store, &request)
}

/// Write the report's three files beside the database (Markdown, HTML and a Word document
/// whose front sheet comes from the shared settings, with this user as the default author),
/// through the safe writer: each file whole or not at all, never onto the database. Then
/// record the run. Ok: the files written; Err: why not, for the status bar.
pub fn save_report(
    store: &mut Store,
    (blocks, since): (Vec<Block>, NaiveDate),
    request: &ReportRequest,
    actor: Actor,
) -> Result<Vec<String>, String> {
    let stem = format!("workplan-report-{}", request.today.format("%Y-%m-%d"));
    let folder = store
        .path()
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let protected = Protected::database(store.path());
    let settings = store.settings().map_err(|e| e.to_string())?;
    let front = front_sheet(&FrontSheetOptions::default(), &settings, actor.user)
        .map_err(|e| e.to_string())?;
    let mut written = Vec::new();
    for (format, ext) in [
        (Format::Md, "md"),
        (Format::Html, "html"),
        (Format::Docx, "docx"),
    ] {
        let path = folder.join(format!("{stem}.{ext}"));
        let output =
            crate::commands::report::format(&blocks, format, &front).map_err(|e| e.to_string())?;
        write_bytes(&path, &protected, output.as_bytes()).map_err(|e| e.to_string())?;
        written.push(path.display().to_string());
    }
    store
        .record_report(request.today, since, request.organisation.as_deref(), actor)
        .map_err(|e| e.to_string())?;
    Ok(written)
}
