//! The portfolio triage query: one statement for every row and its computed figures, so the
//! view never runs a query per visible row. A milestone's date for "overdue" and "next" is its
//! effective forecast, `coalesce(forecast_date, baseline_date)` (as `Milestone::is_overdue`),
//! written exactly as in the `milestones_live_by_project` index so the counts read the index.

use chrono::{Duration, NaiveDate, NaiveTime};
use rusqlite::named_params;
use rusqlite::types::Value;

use super::row::{count, date, datetime, list, parsed, small};
use super::{Result, Store};
use crate::domain::Settings;
use crate::domain::dates;
use crate::domain::triage::PortfolioRow;

const PORTFOLIO_SQL: &str = "
SELECT p.id, p.code, p.name, t.name, p.stage, p.rag, p.rag_reason, p.manager, p.sponsor,
       p.start_date, p.baseline_end, p.forecast_end, p.percent_complete,
       (SELECT group_concat(o.name, ';') FROM project_organisations po
             JOIN organisations o ON o.id = po.organisation_id
            WHERE po.project_id = p.id) AS organisations,
       nm.name, coalesce(nm.forecast_date, nm.baseline_date),
       (SELECT count(*) FROM milestones m
         WHERE m.project_id = p.id AND m.archived = 0 AND m.actual_date IS NULL
           AND coalesce(m.forecast_date, m.baseline_date) < :today) AS overdue,
       (SELECT count(*) FROM risks r
         WHERE r.project_id = p.id AND r.status = 'open' AND r.archived = 0
           AND r.likelihood * r.impact >= :high_score) AS high_risks,
       (SELECT count(*) FROM cases c
         WHERE c.project_id = p.id AND c.state IN ('new', 'active', 'on-hold')) AS open_cases,
       (SELECT max(h.changed_at) FROM rag_history h WHERE h.project_id = p.id) AS last_rag_change,
       p.last_reviewed_at,
       (SELECT h.rag FROM rag_history h
         WHERE h.project_id = p.id AND h.changed_at <= :period_start
         ORDER BY h.changed_at DESC, h.id DESC LIMIT 1) AS rag_before,
       (SELECT min(h.changed_at) FROM rag_history h
         WHERE h.project_id = p.id AND h.changed_at > coalesce(
            (SELECT max(h2.changed_at) FROM rag_history h2
              WHERE h2.project_id = p.id AND h2.rag <> p.rag), '')) AS rag_since,
       p.archived, p.version
FROM projects p
LEFT JOIN themes t ON t.id = p.theme_id
LEFT JOIN milestones nm ON nm.id = (
    SELECT m.id FROM milestones m
     WHERE m.project_id = p.id AND m.archived = 0 AND m.actual_date IS NULL
       AND coalesce(m.forecast_date, m.baseline_date) >= :today
     ORDER BY coalesce(m.forecast_date, m.baseline_date), m.id LIMIT 1)
ORDER BY p.code";

impl Store {
    /// Every project on the plan with its triage figures as of `today`. Sorting and filtering
    /// are the caller's (they change with every keystroke; the query does not).
    pub fn portfolio(&self, today: NaiveDate) -> Result<Vec<PortfolioRow>> {
        let settings = self.settings()?;
        let parameters = portfolio_parameters(today, &settings);
        let bound: Vec<(&str, &dyn rusqlite::ToSql)> = parameters
            .iter()
            .map(|(name, value)| (*name, value as &dyn rusqlite::ToSql))
            .collect();
        let mut stmt = self
            .conn
            .prepare_cached(PORTFOLIO_SQL)
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(bound.as_slice(), |r| {
                let last_rag_change = datetime(r, 19)?;
                let last_reviewed = datetime(r, 20)?;
                let rag_before: Option<String> = r.get(21)?;
                Ok(PortfolioRow {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    name: r.get(2)?,
                    theme: r.get(3)?,
                    stage: parsed(r, 4)?,
                    rag: parsed(r, 5)?,
                    rag_reason: r.get(6)?,
                    manager: r.get(7)?,
                    sponsor: r.get(8)?,
                    start_date: date(r, 9)?,
                    baseline_end: date(r, 10)?,
                    forecast_end: date(r, 11)?,
                    percent_complete: small(r, 12)?,
                    // Sorted here: a sort in the query ran once per project.
                    organisations: {
                        let mut names = list(r, 13)?;
                        names.sort();
                        names
                    },
                    next_milestone: r.get(14)?,
                    next_milestone_date: date(r, 15)?,
                    overdue_milestones: count(r, 16)?,
                    high_risks: count(r, 17)?,
                    open_cases: count(r, 18)?,
                    // A review ("reviewed, unchanged") is not an update: kept apart.
                    last_update: last_rag_change,
                    last_reviewed,
                    rag_at_period_start: rag_before.and_then(|s| s.parse().ok()),
                    rag_since: datetime(r, 22)?,
                    archived: r.get(23)?,
                    version: r.get(24)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }
}

/// The portfolio query's parameters as of `today`: (name, value) pairs.
fn portfolio_parameters(today: NaiveDate, settings: &Settings) -> [(&'static str, Value); 3] {
    let period_start = (today - Duration::days(settings.review_period_days))
        .and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN));
    [
        (":today", Value::Text(dates::iso(today))),
        (
            ":high_score",
            Value::Integer(i64::from(settings.high_risk_min_score())),
        ),
        (
            ":period_start",
            Value::Text(dates::iso_datetime(period_start)),
        ),
    ]
}

/// The statements `workplan status` runs and their parameters, so a benchmark can run the
/// very same queries in the `sqlite3` shell (its `.parameter set` binds them, as we do).
pub fn status_queries(
    today: NaiveDate,
    settings: &Settings,
) -> Vec<(&'static str, Vec<(&'static str, Value)>)> {
    vec![
        (super::settings::SETTINGS_SQL, Vec::new()),
        (
            PORTFOLIO_SQL,
            portfolio_parameters(today, settings).to_vec(),
        ),
    ]
}

impl Store {
    /// SQLite's plan for the portfolio query, one line per step: tests use it to prove that
    /// every lookup goes through an index (no full scan of a register).
    pub fn explain_portfolio(&self, today: NaiveDate) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {PORTFOLIO_SQL}"))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                named_params! {
                    ":today": dates::iso(today),
                    ":high_score": 7,
                    ":period_start": dates::iso(today),
                },
                |r| r.get::<_, String>(3),
            )
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }
}
