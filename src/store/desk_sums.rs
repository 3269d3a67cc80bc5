//! The service desk's sums (see [`crate::domain::desk_sums`]) as three small tables, changed
//! inside the transaction of every write that touches a case, and recounted from the cases by
//! `workplan check` and the migration that adds them.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::desk::{Names, Which, stream_cases};
use super::{Result, Store};
use crate::domain::desk_sums::{
    CountKey, DeskSums, MonthKey, MonthSums, NO_ORGANISATION, ResolutionKey, ResolutionSums,
};
use crate::domain::{CaseKind, CaseState, Settings};

/// Add `change` to the stored sums; rows that come to nothing are removed, so the tables hold
/// exactly what a recount gives.
pub(super) fn apply(conn: &Connection, change: &DeskSums) -> rusqlite::Result<()> {
    if change.is_empty() {
        return Ok(());
    }
    {
        let mut add = conn.prepare_cached(
            "INSERT INTO desk_counts (state, priority, kind, organisation_id, cases)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (state, priority, kind, organisation_id)
             DO UPDATE SET cases = cases + excluded.cases",
        )?;
        for (k, n) in &change.counts {
            add.execute(params![
                k.state.as_str(),
                k.priority,
                k.kind.as_str(),
                k.organisation,
                n
            ])?;
        }
    }
    {
        let mut add = conn.prepare_cached(
            "INSERT INTO desk_months (month, organisation_id, opened, resolved, history_opened,
                 active_change, stop_clock_change)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (month, organisation_id) DO UPDATE SET
                 opened = opened + excluded.opened,
                 resolved = resolved + excluded.resolved,
                 history_opened = history_opened + excluded.history_opened,
                 active_change = active_change + excluded.active_change,
                 stop_clock_change = stop_clock_change + excluded.stop_clock_change",
        )?;
        for (k, m) in &change.months {
            add.execute(params![
                month_text(k.month),
                k.organisation,
                m.opened,
                m.resolved,
                m.history_opened,
                m.active,
                m.stop_clock
            ])?;
        }
    }
    {
        let mut add = conn.prepare_cached(
            "INSERT INTO desk_resolutions (day, organisation_id, kind, priority, resolved, within)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (day, organisation_id, kind, priority) DO UPDATE SET
                 resolved = resolved + excluded.resolved, within = within + excluded.within",
        )?;
        for (k, n) in &change.resolutions {
            add.execute(params![
                k.day.format("%Y-%m-%d").to_string(),
                k.organisation,
                k.kind.as_str(),
                k.priority,
                n.resolved,
                n.within
            ])?;
        }
    }
    conn.execute_batch(
        "DELETE FROM desk_counts WHERE cases = 0;
         DELETE FROM desk_months WHERE opened = 0 AND resolved = 0 AND history_opened = 0
             AND active_change = 0 AND stop_clock_change = 0;
         DELETE FROM desk_resolutions WHERE resolved = 0 AND within = 0;",
    )
}

fn month_text(month: NaiveDate) -> String {
    month.format("%Y-%m").to_string()
}

/// Every case's contribution, counted afresh from the cases and their histories.
pub(super) fn recount(conn: &Connection, settings: &Settings) -> rusqlite::Result<DeskSums> {
    let mut sums = DeskSums::default();
    stream_cases(conn, Which::All, &Names::default(), |case, org| {
        sums.add_case(&case.facts(org.unwrap_or(NO_ORGANISATION)), settings, 1);
    })?;
    Ok(sums)
}

/// Replace the stored sums with a recount (the migration that adds them).
pub(super) fn rebuild(conn: &Connection, settings: &Settings) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DELETE FROM desk_counts; DELETE FROM desk_months; DELETE FROM desk_resolutions;",
    )?;
    apply(conn, &recount(conn, settings)?)
}

/// Recount "resolved within target" for new targets, inside the transaction that saves them.
pub(super) fn retarget(conn: &Connection, settings: &Settings) -> rusqlite::Result<()> {
    let recounted = recount(conn, settings)?;
    conn.execute_batch("DELETE FROM desk_resolutions;")?;
    apply(
        conn,
        &DeskSums {
            resolutions: recounted.resolutions,
            ..DeskSums::default()
        },
    )
}

fn word<T: std::str::FromStr>(text: &str, idx: usize) -> rusqlite::Result<T> {
    text.parse::<T>().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("'{text}' is not a case word").into(),
        )
    })
}

fn date(text: &str, idx: usize) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The sums as stored.
pub(super) fn stored(conn: &Connection) -> rusqlite::Result<DeskSums> {
    stored_since(conn, NaiveDate::MIN)
}

/// The sums as stored, with resolutions from `since` on only.
fn stored_since(conn: &Connection, since: NaiveDate) -> rusqlite::Result<DeskSums> {
    let mut sums = DeskSums::default();
    let mut stmt = conn
        .prepare_cached("SELECT state, priority, kind, organisation_id, cases FROM desk_counts")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let key = CountKey {
            state: word::<CaseState>(&r.get::<_, String>(0)?, 0)?,
            priority: r.get(1)?,
            kind: word::<CaseKind>(&r.get::<_, String>(2)?, 2)?,
            organisation: r.get(3)?,
        };
        sums.counts.insert(key, r.get(4)?);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT month, organisation_id, opened, resolved, history_opened, active_change,
                stop_clock_change
         FROM desk_months",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let key = MonthKey {
            month: date(&format!("{}-01", r.get::<_, String>(0)?), 0)?,
            organisation: r.get(1)?,
        };
        let sums_of_month = MonthSums {
            opened: r.get(2)?,
            resolved: r.get(3)?,
            history_opened: r.get(4)?,
            active: r.get(5)?,
            stop_clock: r.get(6)?,
        };
        sums.months.insert(key, sums_of_month);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT day, organisation_id, kind, priority, resolved, within FROM desk_resolutions
         WHERE day >= ?1",
    )?;
    let mut rows = stmt.query([since.format("%Y-%m-%d").to_string()])?;
    while let Some(r) = rows.next()? {
        let key = ResolutionKey {
            day: date(&r.get::<_, String>(0)?, 0)?,
            organisation: r.get(1)?,
            kind: word::<CaseKind>(&r.get::<_, String>(2)?, 2)?,
            priority: r.get(3)?,
        };
        let resolved = ResolutionSums {
            resolved: r.get(4)?,
            within: r.get(5)?,
        };
        sums.resolutions.insert(key, resolved);
    }
    Ok(sums)
}

impl Store {
    /// The sums the desk view and the report read (resolutions from `since` on), for one
    /// organisation if given, with the organisations' names by id.
    pub fn desk_sums_of(
        &self,
        organisation: Option<&str>,
        since: NaiveDate,
    ) -> Result<(DeskSums, HashMap<i64, String>)> {
        let mut sums = stored_since(&self.conn, since).map_err(|e| self.err(e))?;
        let names = self.organisation_names()?;
        if let Some(name) = organisation {
            let wanted = super::desk::organisation_ids(&names, name);
            sums.counts.retain(|k, _| wanted.contains(&k.organisation));
            sums.months.retain(|k, _| wanted.contains(&k.organisation));
            sums.resolutions
                .retain(|k, _| wanted.contains(&k.organisation));
        }
        Ok((sums, names))
    }

    /// How many cases are open (new, active or on hold), from the sums.
    pub fn open_case_count(&self) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT coalesce(sum(cases), 0) FROM desk_counts
                 WHERE state IN ('new', 'active', 'on-hold')",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// How many cases there are, from the sums (an export's progress bar counts to it).
    pub fn case_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT coalesce(sum(cases), 0) FROM desk_counts", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))
    }

    /// The service desk's sums as stored.
    pub fn desk_sums(&self) -> Result<DeskSums> {
        stored(&self.conn).map_err(|e| self.err(e))
    }

    /// The sums counted afresh from every case (what `check` compares with the stored ones).
    pub fn recount_desk_sums(&self) -> Result<DeskSums> {
        let settings = self.settings()?;
        recount(&self.conn, &settings).map_err(|e| self.err(e))
    }
}
