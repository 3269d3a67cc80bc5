//! Cases files from any service desk. A file with one row per case streams through as it is
//! read. A file with a change time (`changed_at`, e.g. `--map "Change Date+Time=changed_at"`)
//! is an event log with a row per update: each case's rows, ordered by that time (then by
//! `sequence`, then file order), become its state history; its latest row gives its fields now;
//! it opened at its first event unless the file says when; and, where the file has no such
//! columns, it was resolved or closed by its first move into that state (cleared if it
//! re-opens).

use std::cell::Cell;
use std::collections::HashMap;
use std::io::Read;

use chrono::NaiveDateTime;

use super::csv_table::{Column, ReadOptions, RowReader, key, optional, read_each};
use crate::domain::case::{parse_priority, read_state};
use crate::domain::records::{CaseRecord, Located, Origin, Problem};
use crate::domain::sla::StateChange;
use crate::domain::{CaseKind, CaseState};

/// What a cases file may give: the export's columns plus an event log's change time and
/// tie-breaking sequence number.
pub const READ_COLUMNS: [Column; 16] = [
    key("ref"),
    key("kind"),
    key("priority"),
    key("state"),
    optional("hold_reason"),
    optional("opened_at"),
    optional("resolved_at"),
    optional("closed_at"),
    optional("category"),
    optional("service"),
    optional("assignment_group"),
    optional("organisation"),
    optional("project_code"),
    optional("summary"),
    optional("changed_at"),
    optional("sequence"),
];

/// One row as read: a case's fields as that row gives them.
struct Row {
    record: CaseRecord,
    /// When this row's state began; `None` in a one-row-per-case file.
    changed_at: Option<NaiveDateTime>,
    sequence: Option<i64>,
    /// Whether the row named its own opening time (else the first event is the opening).
    opened_given: bool,
    line: u64,
}

fn parse_row(row: &mut RowReader<'_>, log: bool) -> Option<Row> {
    let reference = row.required("ref");
    let kind = row.required_word("kind", str::parse::<CaseKind>);
    let priority = row.required_word("priority", parse_priority);
    let state = row.required_word("state", read_state);
    let changed_at = if log {
        row.optional_datetime("changed_at")
    } else {
        Some(None)
    };
    let sequence = row.parse_optional("sequence", |t: &str| {
        t.parse::<i64>()
            .map_err(|_| format!("'{t}' is not a whole number"))
    });
    let opened_text = row.text("opened_at");
    let opened_at = if opened_text.is_empty() {
        match changed_at {
            Some(Some(at)) => Some(Some(at)),
            Some(None) if !log => {
                row.problem("opened_at", "is required but empty");
                None
            }
            Some(None) => {
                row.problem(
                    "changed_at",
                    "is required in an event log (or give the row's opened_at)",
                );
                None
            }
            None => None,
        }
    } else {
        row.datetime("opened_at").map(Some)
    };
    let resolved_at = row.optional_datetime("resolved_at");
    let closed_at = row.optional_datetime("closed_at");
    if let (Some(Some(opened)), Some(Some(resolved))) = (opened_at, resolved_at)
        && resolved < opened
        && !opened_text.is_empty()
    {
        row.problem("resolved_at", "is before the case was opened");
    }
    let (state, word_reason) = state?;
    let hold_reason = match state {
        CaseState::OnHold => Some(row.text("hold_reason"))
            .filter(|r| !r.is_empty())
            .unwrap_or(word_reason),
        _ => String::new(),
    };
    Some(Row {
        record: CaseRecord {
            reference: reference?,
            kind: kind?,
            priority: priority?,
            state,
            hold_reason,
            opened_at: opened_at??,
            resolved_at: resolved_at?,
            closed_at: closed_at?,
            category: row.text("category"),
            service: row.text("service"),
            assignment_group: row.text("assignment_group"),
            organisation: Some(row.text("organisation")).filter(|o| !o.is_empty()),
            project_code: Some(row.text("project_code")).filter(|c| !c.is_empty()),
            summary: row.text("summary"),
        },
        changed_at: changed_at?,
        sequence: sequence?,
        opened_given: !opened_text.is_empty(),
        line: row.origin().line,
    })
}

/// The line each ref was first seen on, kept as a 64-bit hash of the ref (ignoring ASCII
/// case, as the store's refs compare) and a line number: 16 bytes a case instead of a copy
/// of every ref, which for a million-case export was tens of megabytes and a tenth of the
/// time. Two refs sharing a hash (about one chance in 10^7 at a million rows) would be
/// refused as a repeat, loudly, never merged.
#[derive(Default)]
struct RefLines(HashMap<u64, u64, foldhash::fast::FixedState>);

impl RefLines {
    /// The line `reference` was first seen on, or `None` (and now remembered on `line`).
    fn first(&mut self, reference: &str, line: u64) -> Option<u64> {
        use std::hash::{BuildHasher, Hasher};
        let mut hasher = foldhash::fast::FixedState::with_seed(0x5eed).build_hasher();
        let mut lower = [0u8; 64];
        if reference.len() <= lower.len() {
            let lower = &mut lower[..reference.len()];
            lower.copy_from_slice(reference.as_bytes());
            lower.make_ascii_lowercase();
            hasher.write(lower);
        } else {
            hasher.write(reference.to_ascii_lowercase().as_bytes());
        }
        match self.0.entry(hasher.finish()) {
            std::collections::hash_map::Entry::Occupied(seen) => Some(*seen.get()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(line);
                None
            }
        }
    }
}

/// Read a cases file and hand each case to `sink` with its state history (oldest first): as
/// each row is read for a one-row-per-case file, after the whole file for an event log (in
/// the order cases first appear). Returns every problem found.
pub fn read(
    file: &str,
    input: impl Read,
    options: &ReadOptions,
    mut sink: impl FnMut(Located<CaseRecord>, Vec<StateChange>),
) -> Vec<Problem> {
    let mut first_line = RefLines::default();
    let mut order: Vec<String> = Vec::new();
    let mut events: HashMap<String, (Origin, Vec<Row>)> = HashMap::new();
    let mut repeated = Vec::new();
    let mode: Cell<Option<bool>> = Cell::new(None);
    let no_times = Cell::new(false);
    let mut problems = read_each(
        file,
        input,
        &READ_COLUMNS,
        options,
        |row| {
            let log = match mode.get() {
                Some(log) => log,
                None => {
                    let log = row.has("changed_at");
                    mode.set(Some(log));
                    log
                }
            };
            if !log && !row.has("opened_at") {
                no_times.set(true);
                return None;
            }
            parse_row(row, log)
        },
        |located| {
            let Located { origin, record, .. } = located;
            if mode.get() == Some(true) {
                let reference = record.record.reference.clone();
                let entry = events.entry(reference.clone()).or_insert_with(|| {
                    order.push(reference);
                    (origin.clone(), Vec::new())
                });
                entry.1.push(record);
                return;
            }
            if let Some(first) = first_line.first(&record.record.reference, origin.line) {
                repeated.push(Problem {
                    origin,
                    column: "ref".into(),
                    problem: format!(
                        "case '{}' appears more than once (first on line {first}); for a file with a row per update, name its change time with --map \"COLUMN=changed_at\"",
                        record.record.reference
                    ),
                });
                return;
            }
            sink(Located::new(origin, record.record), Vec::new());
        },
    );
    problems.append(&mut repeated);
    if mode.get() == Some(true) && !problems.is_empty() && !options.skip_invalid {
        // All or nothing: a log with problems yields no cases.
        problems.sort_by_key(|p| p.origin.line);
        return problems;
    }
    if no_times.get() {
        problems.insert(0, Problem {
            origin: Origin {
                file: file.to_string(),
                line: 1,
            },
            column: "opened_at".into(),
            problem: "required column is missing (map the file's column with --map \"SOURCE=opened_at\", or map a change time with --map \"SOURCE=changed_at\" to read the file as an event log)".into(),
        });
    }
    if mode.get() != Some(true) {
        problems.sort_by_key(|p| p.origin.line);
        return problems;
    }
    for reference in order {
        let Some((origin, rows)) = events.remove(&reference) else {
            continue;
        };
        match fold(&origin, rows) {
            Ok((record, history)) => sink(Located::new(origin, record), history),
            Err(problem) => problems.push(problem),
        }
    }
    problems.sort_by_key(|p| p.origin.line);
    problems
}

/// One case's rows, in the order its states began, as the case now and its history.
fn fold(origin: &Origin, mut rows: Vec<Row>) -> Result<(CaseRecord, Vec<StateChange>), Problem> {
    // Stable: rows with equal times and sequence keep file order.
    rows.sort_by_key(|r| (r.changed_at.unwrap_or(r.record.opened_at), r.sequence));
    // One case opens once: rows that disagree cannot be put in order.
    let mut by_line: Vec<&Row> = rows.iter().filter(|r| r.opened_given).collect();
    by_line.sort_by_key(|r| r.line);
    let opened = by_line.first().map(|r| (r.record.opened_at, r.line));
    if let Some((opened, line)) = opened
        && let Some(other) = by_line.iter().find(|r| r.record.opened_at != opened)
    {
        return Err(Problem {
            origin: Origin {
                file: origin.file.clone(),
                line: other.line,
            },
            column: "opened_at".into(),
            problem: format!(
                "{} was opened at {} on line {line}, not {}",
                other.record.reference,
                opened.format("%d/%m/%Y %H:%M"),
                other.record.opened_at.format("%d/%m/%Y %H:%M"),
            ),
        });
    }
    let opened = opened.map(|(at, _)| at);
    let mut history: Vec<StateChange> = Vec::new();
    let mut resolved_at = None;
    let mut closed_at = None;
    for row in &rows {
        let at = row.changed_at.unwrap_or(row.record.opened_at);
        let same = history.last().is_some_and(|h| {
            h.state == row.record.state && h.hold_reason == row.record.hold_reason
        });
        if same {
            continue;
        }
        history.push(StateChange {
            at,
            state: row.record.state,
            hold_reason: row.record.hold_reason.clone(),
        });
        match row.record.state {
            CaseState::New | CaseState::Active | CaseState::OnHold => {
                resolved_at = None;
                closed_at = None;
            }
            CaseState::Resolved => {
                resolved_at.get_or_insert(at);
            }
            CaseState::Closed => {
                resolved_at.get_or_insert(at);
                closed_at.get_or_insert(at);
            }
            CaseState::Cancelled => {
                closed_at.get_or_insert(at);
            }
        }
    }
    let first_event = rows
        .first()
        .map(|r| r.changed_at.unwrap_or(r.record.opened_at));
    let Some(last) = rows.pop() else {
        return Err(Problem {
            origin: origin.clone(),
            column: "ref".into(),
            problem: "has no rows".into(),
        });
    };
    let mut record = last.record;
    record.opened_at = opened.or(first_event).unwrap_or(record.opened_at);
    // The file's own columns win where it has them; otherwise the moves decide.
    if record.resolved_at.is_none() {
        record.resolved_at = resolved_at;
    }
    if record.closed_at.is_none() {
        record.closed_at = closed_at;
    }
    if record.state.is_open() {
        record.resolved_at = None;
        record.closed_at = None;
    }
    if record.state != CaseState::OnHold {
        record.hold_reason.clear();
    }
    Ok((record, history))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        body: &str,
        options: &ReadOptions,
    ) -> Result<Vec<(CaseRecord, Vec<StateChange>)>, Vec<String>> {
        let mut out = Vec::new();
        let problems = read("c.csv", body.as_bytes(), options, |r, h| {
            out.push((r.record, h))
        });
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems.iter().map(ToString::to_string).collect())
        }
    }

    #[test]
    fn an_out_of_order_event_log_becomes_history_and_derived_times() {
        let options = ReadOptions {
            renames: super::super::csv_table::Renames::parse(&[
                "Call number=ref".into(),
                "Changed=changed_at".into(),
                "Status=state".into(),
            ])
            .unwrap(),
            constants: super::super::csv_table::Constants::parse(&["kind=incident".into()])
                .unwrap(),
            ..ReadOptions::default()
        };
        let got = run(
            "Call number;Changed;Status;Priority\n\
             I1;14-11-2026 10:50;In progress;P2\n\
             I1;13-11-2026 09:58;Logged;P4\n\
             I1;16-11-2026 12:30;Completed;P2\n\
             I2;15-11-2026 09:00;Logged;P3\n\
             I2;15-11-2026 10:00;Waiting for user;P3\n",
            &options,
        )
        .unwrap();
        assert_eq!(got.len(), 2);
        let (first, history) = &got[0];
        assert_eq!(first.reference, "I1");
        assert_eq!(first.state, CaseState::Resolved);
        assert_eq!(first.priority, 2);
        assert_eq!(first.opened_at.to_string(), "2026-11-13 09:58:00");
        assert_eq!(
            first.resolved_at.unwrap().to_string(),
            "2026-11-16 12:30:00"
        );
        let states: Vec<CaseState> = history.iter().map(|h| h.state).collect();
        assert_eq!(
            states,
            [CaseState::New, CaseState::Active, CaseState::Resolved]
        );
        let (second, _) = &got[1];
        assert_eq!(second.state, CaseState::OnHold);
        assert_eq!(second.hold_reason, "Waiting for user");
        assert_eq!(second.resolved_at, None);
    }

    #[test]
    fn a_case_that_reopens_is_not_resolved() {
        let got = run(
            "ref,kind,priority,state,changed_at\n\
             C1,incident,3,New,2026-11-01T09:00:00\n\
             C1,incident,3,Resolved,2026-11-02T09:00:00\n\
             C1,incident,3,Active,2026-11-03T09:00:00\n",
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(got[0].0.state, CaseState::Active);
        assert_eq!(got[0].0.resolved_at, None);
        assert_eq!(got[0].1.len(), 3);
    }

    #[test]
    fn repeated_refs_without_a_change_time_say_how_to_read_them() {
        let got = run(
            "ref,kind,priority,state,opened_at\n\
             C1,incident,3,New,2026-11-01T09:00:00\n\
             C1,incident,3,Active,2026-11-01T09:00:00\n",
            &ReadOptions::default(),
        )
        .unwrap_err();
        assert_eq!(got.len(), 1);
        assert!(
            got[0].starts_with("c.csv:3: ref: case 'C1' appears more than once (first on line 2)"),
            "{got:?}"
        );
        assert!(got[0].contains("changed_at"));
    }

    #[test]
    fn a_file_without_opening_or_change_times_is_refused_once() {
        let got = run(
            "ref,kind,priority,state\nC1,incident,3,New\nC2,incident,3,New\n",
            &ReadOptions::default(),
        )
        .unwrap_err();
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].starts_with("c.csv:1: opened_at: required column is missing"));
    }

    #[test]
    fn resolved_before_opened_on_one_line_is_refused() {
        let got = run(
            "ref,kind,priority,state,opened_at,resolved_at\n\
             C1,incident,3,Resolved,2026-11-02T09:00:00,2026-11-01T09:00:00\n",
            &ReadOptions::default(),
        )
        .unwrap_err();
        assert_eq!(got, ["c.csv:2: resolved_at: is before the case was opened"]);
    }
}
