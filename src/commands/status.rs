//! `workplan status`: the portfolio triage list without the TUI, for scripts and e-mails.

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::CommandError;
use crate::domain::Settings;
use crate::domain::dates;
use crate::domain::filter::{Filter, SortKey, sort_rows};
use crate::domain::text::{pad, sanitize};
use crate::domain::triage::PortfolioRow;
use crate::io::cell_safety::spreadsheet_safe;
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// One project as `status` reports it: DOMAIN.md's column names plus the computed figures.
#[derive(Debug, Serialize, PartialEq)]
pub struct StatusRow {
    pub code: String,
    pub name: String,
    pub theme: String,
    pub organisations: String,
    pub stage: String,
    pub rag: String,
    /// What the schedule suggests, when the declared RAG is rosier (never overwrites it).
    pub suggested_rag: String,
    pub rag_reason: String,
    pub rag_since: String,
    pub manager: String,
    pub sponsor: String,
    pub start_date: String,
    pub baseline_end: String,
    pub forecast_end: String,
    pub percent_complete: Option<u8>,
    pub triage: String,
    pub next_milestone: String,
    pub next_milestone_date: String,
    pub slippage_days: Option<i64>,
    pub overdue_milestones: u32,
    pub high_risks: u32,
    pub open_cases: u32,
    pub last_update: String,
    pub stale: bool,
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(dates::iso).unwrap_or_default()
}

impl StatusRow {
    pub fn from_row(row: &PortfolioRow, today: NaiveDate, settings: &Settings) -> StatusRow {
        StatusRow {
            code: row.code.clone(),
            name: row.name.clone(),
            theme: row.theme.clone().unwrap_or_default(),
            organisations: row.organisations.join(";"),
            stage: row.stage.as_str().to_string(),
            rag: row.shown_rag(settings).as_str().to_string(),
            suggested_rag: row
                .suggested_rag(settings)
                .map(|r| r.as_str().to_string())
                .unwrap_or_default(),
            rag_reason: row.rag_reason.clone(),
            rag_since: row
                .rag_since
                .map(|d| dates::iso(d.date()))
                .unwrap_or_default(),
            manager: row.manager.clone(),
            sponsor: row.sponsor.clone(),
            start_date: opt_date(row.start_date),
            baseline_end: opt_date(row.baseline_end),
            forecast_end: opt_date(row.forecast_end),
            percent_complete: row.percent_complete,
            triage: row.triage_class(today, settings).label().to_string(),
            next_milestone: row.next_milestone.clone().unwrap_or_default(),
            next_milestone_date: opt_date(row.next_milestone_date),
            slippage_days: row.slippage_days(),
            overdue_milestones: row.overdue_milestones,
            high_risks: row.high_risks,
            open_cases: row.open_cases,
            last_update: row
                .last_update
                .map(|d| dates::iso(d.date()))
                .unwrap_or_default(),
            stale: row.is_stale(today, settings),
        }
    }
}

impl StatusRow {
    /// The row as a CSV cell by cell: text a spreadsheet would run as a formula gets a
    /// leading `'` (as in every CSV export); numbers and dates are as they are.
    fn spreadsheet_safe(&self) -> StatusRow {
        let safe = |text: &String| spreadsheet_safe(text).into_owned();
        StatusRow {
            code: safe(&self.code),
            name: safe(&self.name),
            theme: safe(&self.theme),
            organisations: safe(&self.organisations),
            stage: safe(&self.stage),
            rag: safe(&self.rag),
            suggested_rag: safe(&self.suggested_rag),
            rag_reason: safe(&self.rag_reason),
            rag_since: safe(&self.rag_since),
            manager: safe(&self.manager),
            sponsor: safe(&self.sponsor),
            start_date: safe(&self.start_date),
            baseline_end: safe(&self.baseline_end),
            forecast_end: safe(&self.forecast_end),
            percent_complete: self.percent_complete,
            triage: safe(&self.triage),
            next_milestone: safe(&self.next_milestone),
            next_milestone_date: safe(&self.next_milestone_date),
            slippage_days: self.slippage_days,
            overdue_milestones: self.overdue_milestones,
            high_risks: self.high_risks,
            open_cases: self.open_cases,
            last_update: safe(&self.last_update),
            stale: self.stale,
        }
    }
}

/// The rows `status` prints, in the portfolio view's order.
pub fn status_rows(
    store: &Store,
    today: NaiveDate,
    filter: &Filter,
    user: &str,
) -> Result<Vec<StatusRow>, CommandError> {
    let settings = store.settings()?;
    let mut rows: Vec<PortfolioRow> = store
        .portfolio(today)?
        .into_iter()
        .filter(|r| filter.matches(r, &settings, user))
        .collect();
    sort_rows(&mut rows, SortKey::Triage, false, today, &settings);
    Ok(rows
        .iter()
        .map(|r| StatusRow::from_row(r, today, &settings))
        .collect())
}

pub fn write_status(
    rows: &[StatusRow],
    format: Format,
    out: &mut dyn Write,
) -> Result<(), std::io::Error> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, rows)?;
            writeln!(out)
        }
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            if rows.is_empty() {
                // Still write the header so a script sees the columns.
                writer.write_record(COLUMNS)?;
            }
            for row in rows {
                writer.serialize(row.spreadsheet_safe())?;
            }
            writer.flush()
        }
        Format::Table => write_table(rows, out),
    }
}

const COLUMNS: [&str; 24] = [
    "code",
    "name",
    "theme",
    "organisations",
    "stage",
    "rag",
    "suggested_rag",
    "rag_reason",
    "rag_since",
    "manager",
    "sponsor",
    "start_date",
    "baseline_end",
    "forecast_end",
    "percent_complete",
    "triage",
    "next_milestone",
    "next_milestone_date",
    "slippage_days",
    "overdue_milestones",
    "high_risks",
    "open_cases",
    "last_update",
    "stale",
];

/// The text table: every text column is cut and padded by display width (CJK and emoji take
/// two columns, bidirectional and zero-width characters none), so the columns line up
/// whatever the names hold.
fn write_table(rows: &[StatusRow], out: &mut dyn Write) -> Result<(), std::io::Error> {
    if rows.is_empty() {
        return writeln!(out, "No projects match.");
    }
    writeln!(
        out,
        "{:<6} {:<9} {:<34} {:<17} {:<16} {:<28} {:>5} {:>4} {:>4} {:>4} TRIAGE",
        "RAG", "CODE", "NAME", "STAGE", "MANAGER", "NEXT MILESTONE", "SLIP", "OVD", "RISK", "CASE"
    )?;
    for r in rows {
        let letters = |s: &str| {
            s.parse::<crate::domain::Rag>()
                .map(|g| g.letters())
                .unwrap_or("-")
        };
        let rag = if r.suggested_rag.is_empty() {
            letters(&r.rag).to_string()
        } else {
            format!("{}→{}?", letters(&r.rag), letters(&r.suggested_rag))
        };
        let next = if r.next_milestone.is_empty() {
            String::new()
        } else {
            format!("{} {}", r.next_milestone_date, r.next_milestone)
        };
        let triage = if r.stale && r.triage.is_empty() {
            "stale".to_string()
        } else {
            r.triage.clone()
        };
        writeln!(
            out,
            "{} {} {} {} {} {} {:>5} {:>4} {:>4} {:>4} {}",
            pad(&rag, 6),
            pad(&r.code, 9),
            pad(&r.name, 34),
            pad(&r.stage, 17),
            pad(&r.manager, 16),
            pad(&next, 28),
            r.slippage_days.map(|d| d.to_string()).unwrap_or_default(),
            r.overdue_milestones,
            r.high_risks,
            r.open_cases,
            sanitize(&triage)
        )?;
    }
    Ok(())
}

/// Every project, finished ones included (`status --all`), in triage order.
pub fn all_rows(store: &Store, today: NaiveDate) -> Result<Vec<StatusRow>, CommandError> {
    let settings = store.settings()?;
    let mut rows = store.portfolio(today)?;
    sort_rows(&mut rows, SortKey::Triage, false, today, &settings);
    Ok(rows
        .iter()
        .map(|r| StatusRow::from_row(r, today, &settings))
        .collect())
}
