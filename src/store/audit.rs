//! The audit trail: one row per changed field, written in the same transaction as the change.
//!
//! The trail is tamper-evident: each row carries `hash`, the hex SHA-256 of the previous row's
//! hash and this row's fields ([`chain_hash`]), so a row edited, removed or slipped in outside
//! workplan breaks the chain at that row and `workplan check` names it. Triggers refuse
//! updates, deletes and inserts over an existing id (`REPLACE INTO`). A file that had audit
//! rows before the chain (schema 9) has a marker row where the chain starts; the rows before
//! it keep no hash. The hash is not keyed: it shows casual or accidental edits, not a
//! determined forger who recomputes every later hash.

use chrono::NaiveDateTime;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::CheckReport;
use super::row::datetime;
use super::{Result, Store};
use crate::domain::dates;

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    /// The project the change belongs to, by code (empty for corporate risks).
    pub project_code: String,
    pub at: NaiveDateTime,
    pub user: String,
    pub entity: String,
    pub entity_id: i64,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: String,
    /// What the row is about, by the name a person knows it by: a milestone's or
    /// certification's name, a risk's or recommendation's code (empty for a project's own
    /// fields, and when the row is gone).
    pub subject: String,
}

/// The `subject` of an audit row `a`: the name of the milestone, risk, recommendation or
/// certification it is about, looked up by its id (a literal, so the queries can `concat!` it).
macro_rules! subject_sql {
    () => {
        "coalesce(CASE a.entity
            WHEN 'milestone' THEN (SELECT s.name FROM milestones s WHERE s.id = a.entity_id)
            WHEN 'risk' THEN (SELECT s.code FROM risks s WHERE s.id = a.entity_id)
            WHEN 'recommendation' THEN (SELECT s.code FROM recommendations s WHERE s.id = a.entity_id)
            WHEN 'certification' THEN (SELECT s.name FROM certifications s WHERE s.id = a.entity_id)
         END, '')"
    };
}

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        at: datetime(r, 0)?.unwrap_or_default(),
        user: r.get(1)?,
        entity: r.get(2)?,
        entity_id: r.get(3)?,
        field: r.get(4)?,
        old_value: r.get(5)?,
        new_value: r.get(6)?,
        reason: r.get(7)?,
        project_code: r.get(8)?,
        id: r.get(9)?,
        subject: r.get(10)?,
    })
}

/// What one audit row records; `project_id` lets a project's History tab find rows about its
/// milestones and risks too.
pub(crate) struct AuditRow<'a> {
    pub at: NaiveDateTime,
    pub user: &'a str,
    pub entity: &'a str,
    pub entity_id: i64,
    pub project_id: Option<i64>,
    pub field: &'a str,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
    pub reason: &'a str,
}

/// The hash the first row of a chain follows.
const GENESIS: [u8; 32] = [0; 32];

/// The row a migrated file's chain starts at: `entity` and `field`.
pub(crate) const CHAIN_MARKER_ENTITY: &str = "audit";
pub(crate) const CHAIN_MARKER_FIELD: &str = "chain started";

/// The triggers that keep the trail append-only, and what each refuses.
const PROTECTION: [(&str, &str); 3] = [
    ("audit_log_no_update", "changed"),
    ("audit_log_no_delete", "deleted"),
    ("audit_log_no_replace", "replaced"),
];

const INSERT: &str = "INSERT INTO audit_log (id, at, user, entity, entity_id, project_id, field, old_value, new_value, reason, hash)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

/// The chain hash of one audit row: SHA-256 of the previous row's hash (32 bytes; zeros for
/// the first row of a chain) followed by the row's fields in order (id, at, user, entity,
/// entity_id, project_id, field, old_value, new_value, reason), each as SQLite stores it:
/// a type byte (0 NULL, 1 integer, 2 real, 3 text, 4 blob), then 8 big-endian bytes for a
/// number, or an 8-byte big-endian length and the bytes for text and blobs. NULL and empty
/// text differ, and no two rows encode alike.
pub(crate) fn chain_hash(prev: &[u8; 32], cells: &[ValueRef<'_>]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(prev);
    for cell in cells {
        match *cell {
            ValueRef::Null => hasher.update([0u8]),
            ValueRef::Integer(n) => {
                hasher.update([1u8]);
                hasher.update(n.to_be_bytes());
            }
            ValueRef::Real(x) => {
                hasher.update([2u8]);
                hasher.update(x.to_bits().to_be_bytes());
            }
            ValueRef::Text(bytes) => {
                hasher.update([3u8]);
                hasher.update((bytes.len() as u64).to_be_bytes());
                hasher.update(bytes);
            }
            ValueRef::Blob(bytes) => {
                hasher.update([4u8]);
                hasher.update((bytes.len() as u64).to_be_bytes());
                hasher.update(bytes);
            }
        }
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(&hasher.finalize());
    out
}

/// Lower-case hex, as the `hash` column holds it.
pub(crate) fn to_hex(bytes: &[u8; 32]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(64);
    for &b in bytes {
        text.push(char::from(DIGITS[usize::from(b >> 4)]));
        text.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    text
}

fn from_hex(text: &[u8]) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let nibble = |c: u8| char::from(c).to_digit(16).map(|d| d as u8);
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(text.chunks_exact(2)) {
        *byte = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

fn text(s: &str) -> ValueRef<'_> {
    ValueRef::Text(s.as_bytes())
}

fn optional_text(s: Option<&str>) -> ValueRef<'_> {
    s.map_or(ValueRef::Null, text)
}

/// The fields of `row` as stored with `id` and `at` (its time as the store writes it), in
/// [`chain_hash`]'s order.
fn cells<'a>(row: &AuditRow<'a>, id: i64, at: &'a str) -> [ValueRef<'a>; 10] {
    [
        ValueRef::Integer(id),
        text(at),
        text(row.user),
        text(row.entity),
        ValueRef::Integer(row.entity_id),
        row.project_id.map_or(ValueRef::Null, ValueRef::Integer),
        text(row.field),
        optional_text(row.old_value),
        optional_text(row.new_value),
        text(row.reason),
    ]
}

/// The end of the audit chain within one transaction: the last row's id and hash, read from
/// the file on the first write and carried forward after, so a bulk writer (an import) does
/// not look the end up again for every row. Each row is inserted with the next id
/// explicitly, so a stale chain fails on the existing id instead of forking. Keep one per
/// transaction, and write every audit row of that transaction through it.
#[derive(Debug, Default)]
pub(crate) struct AuditChain {
    head: Option<(i64, [u8; 32])>,
}

impl AuditChain {
    fn head(&mut self, conn: &Connection) -> rusqlite::Result<(i64, [u8; 32])> {
        if let Some(head) = self.head {
            return Ok(head);
        }
        let last = conn
            .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
            .query_row([], |r| {
                let hash = match r.get_ref(1)? {
                    ValueRef::Text(t) => from_hex(t),
                    _ => None,
                };
                Ok((r.get::<_, i64>(0)?, hash))
            })
            .optional()?;
        // Rows from before the chain (and a damaged end, which `check` reports) have no
        // hash: the chain then starts afresh.
        let head = match last {
            None => (0, GENESIS),
            Some((id, hash)) => (id, hash.unwrap_or(GENESIS)),
        };
        self.head = Some(head);
        Ok(head)
    }

    /// Append `row` to the trail; returns its id.
    pub(crate) fn write(
        &mut self,
        tx: &Transaction<'_>,
        row: &AuditRow<'_>,
    ) -> rusqlite::Result<i64> {
        let (last, prev) = self.head(tx)?;
        let id = last + 1;
        let at = dates::iso_datetime(row.at);
        let hash = chain_hash(&prev, &cells(row, id, &at));
        tx.prepare_cached(INSERT)?.execute(params![
            id,
            at,
            row.user,
            row.entity,
            row.entity_id,
            row.project_id,
            row.field,
            row.old_value,
            row.new_value,
            row.reason,
            to_hex(&hash),
        ])?;
        self.head = Some((id, hash));
        Ok(id)
    }
}

/// Append one row to the trail, finding the chain's end first (one indexed look-up). Bulk
/// writers keep an [`AuditChain`] instead.
pub(crate) fn write(tx: &Transaction<'_>, row: &AuditRow<'_>) -> rusqlite::Result<()> {
    AuditChain::default().write(tx, row)?;
    Ok(())
}

/// The schema 9 migration's step: a file with audit rows from before the chain gets a row
/// saying the chain starts there (a new file's chain starts at its first row).
pub(crate) fn start_chain(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let earlier: i64 = tx.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
    if earlier == 0 {
        return Ok(());
    }
    let reason = format!(
        "tamper-evident audit trail begins here; the {earlier} earlier row{} not chained",
        if earlier == 1 { " is" } else { "s are" }
    );
    write(
        tx,
        &AuditRow {
            at: chrono::Local::now().naive_local(),
            user: "workplan",
            entity: CHAIN_MARKER_ENTITY,
            entity_id: 0,
            project_id: None,
            field: CHAIN_MARKER_FIELD,
            old_value: None,
            new_value: None,
            reason: &reason,
        },
    )
}

/// What reading the whole chain found.
#[derive(Debug, Default)]
struct ChainVerdict {
    rows: i64,
    /// The first chained row's id.
    start: Option<i64>,
    /// Rows before the chain (no hash).
    unchained: i64,
    /// The first place the chain breaks, and how many more rows fail after it.
    first_break: Option<String>,
    more_breaks: usize,
}

impl ChainVerdict {
    fn broken(&mut self, text: String) {
        if self.first_break.is_none() {
            self.first_break = Some(text);
        } else {
            self.more_breaks += 1;
        }
    }
}

fn altered(id: i64, how: &str) -> String {
    format!("the audit trail was altered at row {id} ({how})")
}

/// Read every audit row in id order and recompute the chain. Each row is checked against
/// the hash stored on the row before it, so an edited row breaks at that row alone and a
/// removed one at the row after the gap.
fn verify_chain(conn: &Connection) -> rusqlite::Result<ChainVerdict> {
    let mut verdict = ChainVerdict::default();
    let mut stmt = conn.prepare(
        "SELECT id, at, user, entity, entity_id, project_id, field, old_value, new_value, reason, hash
         FROM audit_log ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    // The previous row's id and, once the chain has started, its hash.
    let mut prev_id: Option<i64> = None;
    let mut prev: Option<[u8; 32]> = None;
    while let Some(r) = rows.next()? {
        verdict.rows += 1;
        let id: i64 = r.get(0)?;
        let mut fields = [ValueRef::Null; 10];
        for (i, cell) in fields.iter_mut().enumerate() {
            *cell = r.get_ref(i)?;
        }
        let stored = r.get_ref(10)?;
        // Whether this row's break is already reported (a gap before it, a missing marker).
        let mut reported = false;
        let chain_prev = match prev {
            None if stored == ValueRef::Null => {
                verdict.unchained += 1;
                prev_id = Some(id);
                continue;
            }
            None => {
                verdict.start = Some(id);
                let marker =
                    fields[3] == text(CHAIN_MARKER_ENTITY) && fields[6] == text(CHAIN_MARKER_FIELD);
                if verdict.unchained > 0 && !marker {
                    verdict.broken(altered(
                        id,
                        &format!(
                            "it follows {} row{} without a hash but is not the row that starts the chain",
                            verdict.unchained,
                            if verdict.unchained == 1 { "" } else { "s" }
                        ),
                    ));
                    reported = true;
                }
                GENESIS
            }
            Some(p) => {
                let after = prev_id.unwrap_or(0);
                if id != after + 1 {
                    let missing = if id == after + 2 {
                        format!("row {} before it was removed outside workplan", after + 1)
                    } else {
                        format!(
                            "rows {} to {} before it were removed outside workplan",
                            after + 1,
                            id - 1
                        )
                    };
                    verdict.broken(altered(id, &missing));
                    reported = true;
                }
                p
            }
        };
        let hash = chain_hash(&chain_prev, &fields);
        if !reported {
            match stored {
                ValueRef::Text(t) if t == to_hex(&hash).as_bytes() => {}
                ValueRef::Null => verdict.broken(altered(
                    id,
                    "it has no hash: it was added or changed outside workplan",
                )),
                _ => verdict.broken(altered(
                    id,
                    "its hash does not match: it may have been edited outside workplan",
                )),
            }
        }
        prev = Some(match stored {
            ValueRef::Text(t) => from_hex(t).unwrap_or(hash),
            _ => hash,
        });
        prev_id = Some(id);
    }
    Ok(verdict)
}

/// See [`Store::change_token`].
pub type ChangeToken = (i64, u64);

impl Store {
    /// A project's history, newest first: changes to it and to its milestones and risks.
    pub fn project_audit(&self, project_id: i64, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut stmt = self
            .conn
            .prepare_cached(concat!(
                "SELECT a.at, a.user, a.entity, a.entity_id, a.field, a.old_value, a.new_value,
                        a.reason, coalesce(p.code, ''), a.id, ",
                subject_sql!(),
                "
                 FROM audit_log a LEFT JOIN projects p ON p.id = a.project_id
                 WHERE a.project_id = ?1 ORDER BY a.at DESC, a.id DESC LIMIT ?2"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![project_id, limit as i64], entry)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// The whole work plan's history, newest first, optionally for one user and from a date.
    pub fn audit_log(
        &self,
        user: Option<&str>,
        since: Option<NaiveDateTime>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>> {
        let mut stmt = self
            .conn
            .prepare_cached(concat!(
                "SELECT a.at, a.user, a.entity, a.entity_id, a.field, a.old_value, a.new_value,
                        a.reason, coalesce(p.code, ''), a.id, ",
                subject_sql!(),
                "
                 FROM audit_log a LEFT JOIN projects p ON p.id = a.project_id
                 WHERE (?1 IS NULL OR a.user = ?1) AND (?2 IS NULL OR a.at >= ?2)
                 ORDER BY a.at DESC, a.id DESC LIMIT ?3"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                params![user, since.map(dates::iso_datetime), limit as i64],
                entry,
            )
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Audit rows written after row `id`, oldest first: what other users just changed.
    pub fn audit_after(&self, id: i64, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut stmt = self
            .conn
            .prepare_cached(concat!(
                "SELECT a.at, a.user, a.entity, a.entity_id, a.field, a.old_value, a.new_value,
                        a.reason, coalesce(p.code, ''), a.id, ",
                subject_sql!(),
                "
                 FROM audit_log a LEFT JOIN projects p ON p.id = a.project_id
                 WHERE a.id > ?1 ORDER BY a.id LIMIT ?2"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![id, limit as i64], entry)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    pub fn latest_audit_id(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))
    }

    /// Everyone who has changed anything, for the history view's user filter.
    pub fn audit_users(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT user FROM audit_log ORDER BY user")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Changes whenever another connection commits: the app polls it to notice other users.
    pub fn data_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Changes whenever anything changes the file: another connection's commit moves
    /// `data_version`, this connection's own writes move `total_changes`. Views loaded at the
    /// same token are still current.
    pub fn change_token(&self) -> Result<ChangeToken> {
        Ok((self.data_version()?, self.conn.total_changes()))
    }

    pub fn audit_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

impl Store {
    /// The whole trail oldest first (by time, then id), each row with its chain hash (none
    /// for rows from before the chain): what `export audit` writes.
    pub fn audit_export(&self) -> Result<Vec<(AuditEntry, Option<String>)>> {
        let mut stmt = self
            .conn
            .prepare(concat!(
                "SELECT a.at, a.user, a.entity, a.entity_id, a.field, a.old_value, a.new_value,
                        a.reason, coalesce(p.code, ''), a.id, ",
                subject_sql!(),
                ", a.hash
                 FROM audit_log a LEFT JOIN projects p ON p.id = a.project_id
                 ORDER BY a.at, a.id"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                // Whatever the column holds, even on a file altered outside workplan.
                let hash = match r.get_ref(11)? {
                    ValueRef::Null => None,
                    ValueRef::Integer(n) => Some(n.to_string()),
                    ValueRef::Real(x) => Some(x.to_string()),
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        Some(String::from_utf8_lossy(t).into_owned())
                    }
                };
                Ok((entry(r)?, hash))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// `check`'s part for the audit trail: the triggers that protect it are in place, and
    /// every chained row's hash matches. A break names its first row.
    pub(crate) fn check_audit_trail(&self, report: &mut CheckReport) -> Result<()> {
        for (name, refused) in PROTECTION {
            let sql: Option<Option<String>> = self
                .conn
                .query_row(
                    "SELECT sql FROM sqlite_master
                     WHERE type = 'trigger' AND name = ?1 AND lower(tbl_name) = 'audit_log'",
                    [name],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| self.err(e))?;
            // A trigger recreated to do nothing protects nothing either.
            let refuses = sql.map(|sql| {
                sql.unwrap_or_default()
                    .to_ascii_lowercase()
                    .contains("raise(abort")
            });
            match refuses {
                None => report.problems.push(format!(
                    "the audit trail's protection is missing (trigger {name} was dropped): audit rows can be {refused} without notice"
                )),
                Some(false) => report.problems.push(format!(
                    "the audit trail's protection was altered (trigger {name} no longer refuses): audit rows can be {refused} without notice"
                )),
                Some(true) => {}
            }
        }
        let verdict = verify_chain(&self.conn).map_err(|e| self.err(e))?;
        if let Some(first) = verdict.first_break {
            report.problems.push(match verdict.more_breaks {
                0 => first,
                1 => format!("{first}; 1 later row fails the check too"),
                n => format!("{first}; {n} later rows fail the check too"),
            });
        } else if verdict.rows > 0 && verdict.start.is_none() {
            report.problems.push(format!(
                "the audit trail's chain is missing: none of its {} rows has a hash (they were rewritten outside workplan)",
                verdict.rows
            ));
        } else if let Some(start) = verdict.start {
            let rows = |n: i64| format!("{n} row{}", if n == 1 { "" } else { "s" });
            let chained = rows(verdict.rows - verdict.unchained);
            report.facts.push(match verdict.unchained {
                0 => format!("audit trail intact: {chained} chained"),
                n => format!(
                    "audit trail intact: {chained} chained from row {start} (the {} before it predate the chain)",
                    rows(n)
                ),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(old: Option<&'a str>, reason: &'a str) -> AuditRow<'a> {
        AuditRow {
            at: chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            user: "Ann",
            entity: "project",
            entity_id: 7,
            project_id: Some(7),
            field: "rag",
            old_value: old,
            new_value: Some("red"),
            reason,
        }
    }

    fn hash_of(row: &AuditRow<'_>, id: i64, prev: &[u8; 32]) -> String {
        let at = dates::iso_datetime(row.at);
        to_hex(&chain_hash(prev, &cells(row, id, &at)))
    }

    #[test]
    fn the_hash_is_stable() {
        let first = hash_of(&row(Some("green"), "supplier late"), 1, &GENESIS);
        assert_eq!(
            first,
            hash_of(&row(Some("green"), "supplier late"), 1, &GENESIS)
        );
        assert_eq!(first.len(), 64);
        assert!(
            first
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        // Pinned: the encoding is part of every file's format and must never change.
        let mut expected = Sha256::new();
        expected.update([0u8; 32]);
        expected.update([1u8]);
        expected.update(1i64.to_be_bytes());
        for text in ["2026-11-22T09:00:00", "Ann", "project"] {
            expected.update([3u8]);
            expected.update((text.len() as u64).to_be_bytes());
            expected.update(text.as_bytes());
        }
        expected.update([1u8]);
        expected.update(7i64.to_be_bytes());
        expected.update([1u8]);
        expected.update(7i64.to_be_bytes());
        for text in ["rag", "green", "red", "supplier late"] {
            expected.update([3u8]);
            expected.update((text.len() as u64).to_be_bytes());
            expected.update(text.as_bytes());
        }
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(&expected.finalize());
        assert_eq!(first, to_hex(&bytes));
    }

    #[test]
    fn null_and_empty_hash_differently_and_every_field_counts() {
        let null = hash_of(&row(None, ""), 1, &GENESIS);
        let empty = hash_of(&row(Some(""), ""), 1, &GENESIS);
        assert_ne!(null, empty);
        // Text cannot slide from one field into the next.
        let a = hash_of(&row(Some("ab"), "c"), 1, &GENESIS);
        let b = hash_of(&row(Some("a"), "bc"), 1, &GENESIS);
        assert_ne!(a, b);
        assert_ne!(null, hash_of(&row(None, ""), 2, &GENESIS), "the id counts");
        let other_prev = [1u8; 32];
        assert_ne!(
            null,
            hash_of(&row(None, ""), 1, &other_prev),
            "the chain counts"
        );
        let mut unlinked = row(None, "");
        unlinked.project_id = None;
        assert_ne!(null, hash_of(&unlinked, 1, &GENESIS));
    }

    #[test]
    fn hex_round_trips() {
        let bytes: [u8; 32] = std::array::from_fn(|i| (i * 37) as u8);
        let hex = to_hex(&bytes);
        assert_eq!(from_hex(hex.as_bytes()), Some(bytes));
        assert_eq!(from_hex(b"abc"), None);
        assert_eq!(from_hex(&[b'g'; 64]), None);
    }

    fn report(store: &Store) -> CheckReport {
        let mut report = CheckReport::default();
        store.check_audit_trail(&mut report).unwrap();
        report
    }

    #[test]
    fn a_chain_written_by_single_rows_and_a_bulk_chain_verifies() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(report(&store), CheckReport::default(), "an empty trail");
        let tx = store.conn.transaction().unwrap();
        write(&tx, &row(Some("green"), "one")).unwrap();
        let mut chain = AuditChain::default();
        assert_eq!(chain.write(&tx, &row(None, "two")).unwrap(), 2);
        assert_eq!(chain.write(&tx, &row(Some(""), "three")).unwrap(), 3);
        write(&tx, &row(Some("amber"), "four")).unwrap();
        tx.commit().unwrap();
        let found = report(&store);
        assert!(found.problems.is_empty(), "{found:?}");
        assert_eq!(found.facts, ["audit trail intact: 4 rows chained"]);
        let hashes: Vec<Option<String>> = store
            .audit_export()
            .unwrap()
            .into_iter()
            .map(|(_, h)| h)
            .collect();
        assert_eq!(hashes.len(), 4);
        assert!(
            hashes
                .iter()
                .all(|h| h.as_ref().is_some_and(|h| h.len() == 64))
        );
    }

    #[test]
    fn a_stale_chain_fails_rather_than_forking() {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.conn.transaction().unwrap();
        let mut chain = AuditChain::default();
        chain.write(&tx, &row(None, "one")).unwrap();
        write(&tx, &row(None, "someone else's")).unwrap();
        assert!(chain.write(&tx, &row(None, "two")).is_err());
    }
}
