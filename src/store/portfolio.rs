//! The portfolio triage query: one statement for every row and its computed figures, so the
//! view never runs a query per visible row. A milestone's date for "overdue" and "next" is its
//! effective forecast, `coalesce(forecast_date, baseline_date)` (as `Milestone::is_overdue`),
//! written exactly as in the `milestones_live_by_project` index so the counts read the index.

use chrono::{Duration, NaiveDate, NaiveTime};
use rusqlite::named_params;
use rusqlite::types::Value;

use super::row::{count, date, datetime, list, parsed, small};
use super::{Result, Store};
use crate::domain::dates;
use crate::domain::triage::{PortfolioRow, sort_by_triage};
use crate::domain::{Rag, Settings, Stage};

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
            .query_map(bound.as_slice(), portfolio_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }
}

/// The portfolio query's parameters as of `today`: (name, value) pairs.
/// One row of [`PORTFOLIO_SQL`].
fn portfolio_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PortfolioRow> {
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
}

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

/// The open plan's projects (what the portfolio shows unfiltered) with only what the triage
/// order needs: three look-ups per project rather than the full row's ten.
const TRIAGE_KEYS_SQL: &str = "
SELECT p.id, p.code, p.stage, p.rag, p.baseline_end, p.forecast_end,
       (SELECT count(*) FROM milestones m
         WHERE m.project_id = p.id AND m.archived = 0 AND m.actual_date IS NULL
           AND coalesce(m.forecast_date, m.baseline_date) < :today),
       (SELECT max(h.changed_at) FROM rag_history h WHERE h.project_id = p.id),
       (SELECT h.rag FROM rag_history h
         WHERE h.project_id = p.id AND h.changed_at <= :period_start
         ORDER BY h.changed_at DESC, h.id DESC LIMIT 1)
FROM projects p
WHERE p.archived = 0 AND p.stage IN ('proposed', 'awaiting-resource', 'in-delivery', 'on-hold')
  AND (:every = 1 OR p.rag IN (:r1, :r2, :r3, :r4))";

/// The stages [`TRIAGE_KEYS_SQL`] lists as the open plan (a test holds it to `Stage::is_open`).
pub const OPEN_STAGES_IN_SQL: [&str; 4] =
    ["proposed", "awaiting-resource", "in-delivery", "on-hold"];

/// One project's full row.
static ONE_ROW_SQL: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| PORTFOLIO_SQL.replace("ORDER BY p.code", "WHERE p.id = :id"));

/// The start of the portfolio, read before the rest: its first rows in triage order with every
/// figure, and how many projects there are by stage, RAG and archived.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PortfolioHead {
    pub rows: Vec<PortfolioRow>,
    pub counts: Vec<(Stage, Rag, bool, usize)>,
}

impl Store {
    /// The first `n` projects the unfiltered portfolio shows (the open plan, worst first),
    /// found from the triage order's keys alone and then read in full, and the projects'
    /// counts: what the first screen draws while the whole portfolio is read.
    pub fn portfolio_head(&self, today: NaiveDate, n: usize) -> Result<PortfolioHead> {
        let settings = self.settings()?;
        let counts = self.project_counts()?;
        // Red and amber sort first whatever else a project's figures say: when there are
        // more of them than the first screen holds, only their keys need reading.
        let first_classes: Vec<Rag> = Rag::ALL
            .into_iter()
            .filter(|r| {
                matches!(
                    r.on_scale(settings.rag_scale),
                    Rag::Red | Rag::AmberRed | Rag::Amber
                )
            })
            .collect();
        let in_first_classes: usize = counts
            .iter()
            .filter(|(stage, rag, archived, _)| {
                !archived && stage.is_open() && first_classes.contains(rag)
            })
            .map(|(.., n)| n)
            .sum();
        let every = i64::from(in_first_classes < n);
        let rag = |i: usize| first_classes.get(i).map_or("", |r| r.as_str());
        let [today_param, _, period_param] = portfolio_parameters(today, &settings);
        let mut stmt = self
            .conn
            .prepare_cached(TRIAGE_KEYS_SQL)
            .map_err(|e| self.err(e))?;
        let keys = stmt
            .query_map(
                named_params! {
                    ":today": today_param.1,
                    ":period_start": period_param.1,
                    ":every": every,
                    ":r1": rag(0),
                    ":r2": rag(1),
                    ":r3": rag(2),
                    ":r4": rag(3),
                },
                |r| {
                    let rag_before: Option<String> = r.get(8)?;
                    Ok(PortfolioRow {
                        id: r.get(0)?,
                        code: r.get(1)?,
                        stage: parsed(r, 2)?,
                        rag: parsed(r, 3)?,
                        baseline_end: date(r, 4)?,
                        forecast_end: date(r, 5)?,
                        overdue_milestones: count(r, 6)?,
                        last_update: datetime(r, 7)?,
                        rag_at_period_start: rag_before.and_then(|s| s.parse().ok()),
                        ..PortfolioRow::default()
                    })
                },
            )
            .map_err(|e| self.err(e))?;
        let mut keys = keys
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        sort_by_triage(&mut keys, today, &settings);
        let parameters = portfolio_parameters(today, &settings);
        let mut one = self
            .conn
            .prepare_cached(&ONE_ROW_SQL)
            .map_err(|e| self.err(e))?;
        let mut rows = Vec::with_capacity(n.min(keys.len()));
        for key in keys.iter().take(n) {
            let id = Value::Integer(key.id);
            let mut bound: Vec<(&str, &dyn rusqlite::ToSql)> = parameters
                .iter()
                .map(|(name, value)| (*name, value as &dyn rusqlite::ToSql))
                .collect();
            bound.push((":id", &id));
            let row = one
                .query_row(bound.as_slice(), portfolio_row)
                .map_err(|e| self.err(e))?;
            rows.push(row);
        }
        sort_by_triage(&mut rows, today, &settings);
        Ok(PortfolioHead { rows, counts })
    }

    /// How many projects there are by stage, RAG and archived, from their own index.
    fn project_counts(&self) -> Result<Vec<(Stage, Rag, bool, usize)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT stage, rag, archived, count(*) FROM projects GROUP BY archived, stage, rag",
            )
            .map_err(|e| self.err(e))?;
        let counts = stmt
            .query_map([], |r| {
                Ok((
                    parsed(r, 0)?,
                    parsed(r, 1)?,
                    r.get(2)?,
                    count(r, 3)? as usize,
                ))
            })
            .map_err(|e| self.err(e))?;
        counts
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }
}
