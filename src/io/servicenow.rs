//! ServiceNow incident exports, as the tool writes them: one row per incident, or the
//! event-log form with one row per update. `?` means empty and dates are `DD-MM-YYYY HH:MM`.
//! Each incident's rows, in update order, become its state history; states named
//! `Awaiting ...` are stop-clock (on hold, with that reason); the last row is its state now.

use std::collections::HashMap;
use std::io::Read;

use chrono::NaiveDateTime;

use super::csv_table::{Column, ReadOptions, RowReader, optional, read_each, required};
use crate::domain::case::parse_priority;
use crate::domain::dates::parse_datetime;
use crate::domain::records::{CaseRecord, Located, Origin, Problem};
use crate::domain::sla::StateChange;
use crate::domain::{CaseKind, CaseState};

pub const COLUMNS: [Column; 16] = [
    required("number"),
    required("incident_state"),
    optional("active"),
    required("opened_at"),
    optional("resolved_at"),
    optional("closed_at"),
    required("priority"),
    optional("category"),
    optional("subcategory"),
    optional("assignment_group"),
    optional("business_service"),
    optional("company"),
    optional("short_description"),
    optional("sys_updated_at"),
    optional("sys_mod_count"),
    optional("hold_reason"),
];

/// A ServiceNow state in our words, with the stop-clock reason where there is one.
pub fn map_state(text: &str) -> Result<(CaseState, String), String> {
    let lower = text.trim().to_lowercase();
    let state = match lower.as_str() {
        "new" => CaseState::New,
        "active" | "in progress" | "work in progress" | "assigned" => CaseState::Active,
        "on hold" | "on-hold" | "pending" => CaseState::OnHold,
        s if s.starts_with("awaiting") => return Ok((CaseState::OnHold, text.trim().to_string())),
        "resolved" => CaseState::Resolved,
        "closed" => CaseState::Closed,
        "canceled" | "cancelled" => CaseState::Cancelled,
        _ => {
            return Err(format!(
                "'{}' is not a ServiceNow state this import knows (New, Active, In Progress, On Hold, Awaiting ..., Resolved, Closed, Canceled)",
                text.trim()
            ));
        }
    };
    Ok((state, String::new()))
}

fn blank(text: String) -> String {
    if text.trim() == "?" {
        String::new()
    } else {
        text
    }
}

/// One row of the export.
struct Update {
    number: String,
    state: CaseState,
    hold_reason: String,
    opened_at: NaiveDateTime,
    resolved_at: Option<NaiveDateTime>,
    closed_at: Option<NaiveDateTime>,
    priority: u8,
    category: String,
    assignment_group: String,
    service: String,
    company: String,
    summary: String,
    updated_at: Option<NaiveDateTime>,
    mod_count: i64,
}

fn optional_time(row: &mut RowReader<'_>, column: &str) -> Option<Option<NaiveDateTime>> {
    let text = blank(row.text(column));
    if text.trim().is_empty() {
        return Some(None);
    }
    match parse_datetime(&text) {
        Ok(t) => Some(Some(t)),
        Err(e) => {
            row.problem(column, e.to_string());
            None
        }
    }
}

fn parse_update(row: &mut RowReader<'_>) -> Option<Update> {
    let number = row.required("number");
    let state = row.parse("incident_state", map_state);
    let opened_at = row.parse("opened_at", parse_datetime);
    let resolved_at = optional_time(row, "resolved_at");
    let closed_at = optional_time(row, "closed_at");
    let updated_at = optional_time(row, "sys_updated_at");
    let priority = row.parse("priority", parse_priority);
    let mod_count = blank(row.text("sys_mod_count"))
        .trim()
        .parse::<i64>()
        .unwrap_or(0);
    let (state, mut hold_reason) = state?;
    let explicit = blank(row.text("hold_reason"));
    if state == CaseState::OnHold && !explicit.trim().is_empty() {
        hold_reason = explicit;
    }
    Some(Update {
        number: number?,
        state,
        hold_reason,
        opened_at: opened_at?,
        resolved_at: resolved_at?,
        closed_at: closed_at?,
        priority: priority?,
        category: blank(row.text("category")),
        assignment_group: blank(row.text("assignment_group")),
        service: blank(row.text("business_service")),
        company: blank(row.text("company")),
        summary: blank(row.text("short_description")),
        updated_at: updated_at?,
        mod_count,
    })
}

/// Read an export and hand each incident to `sink` with its history (oldest first), in the
/// order incidents first appear. Returns every problem found.
pub fn read(
    file: &str,
    input: impl Read,
    options: &ReadOptions,
    mut sink: impl FnMut(Located<CaseRecord>, Vec<StateChange>),
) -> Vec<Problem> {
    let mut order: Vec<String> = Vec::new();
    let mut updates: HashMap<String, (Origin, Vec<Update>)> = HashMap::new();
    let mut conflicts = Vec::new();
    let mut problems = read_each(file, input, &COLUMNS, options, parse_update, |located| {
        let number = located.record.number.clone();
        let entry = updates.entry(number.clone()).or_insert_with(|| {
            order.push(number);
            (located.origin.clone(), Vec::new())
        });
        // One incident opens once: rows that disagree cannot be put in order.
        if let Some(first) = entry.1.first()
            && first.opened_at != located.record.opened_at
        {
            conflicts.push(Problem {
                origin: located.origin.clone(),
                column: "opened_at".into(),
                problem: format!(
                    "{} was opened at {} on line {}, not {}",
                    located.record.number,
                    first.opened_at.format("%d/%m/%Y %H:%M"),
                    entry.0.line,
                    located.record.opened_at.format("%d/%m/%Y %H:%M"),
                ),
            });
        }
        entry.1.push(located.record);
    });
    problems.append(&mut conflicts);
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.origin.line);
        return problems;
    }
    for number in order {
        let Some((origin, mut rows)) = updates.remove(&number) else {
            continue;
        };
        // By when each row's state began (a row without an update time is the opening), so
        // the history runs oldest first whatever the file's order; ties keep file order.
        rows.sort_by_key(|u| (u.updated_at.unwrap_or(u.opened_at), u.mod_count));
        let mut history: Vec<StateChange> = Vec::new();
        for u in &rows {
            let at = u.updated_at.unwrap_or(u.opened_at);
            let same = history
                .last()
                .is_some_and(|h| h.state == u.state && h.hold_reason == u.hold_reason);
            if !same {
                history.push(StateChange {
                    at,
                    state: u.state,
                    hold_reason: u.hold_reason.clone(),
                });
            }
        }
        let Some(last) = rows.pop() else {
            continue;
        };
        // A flat export (one row, no update times) gives no history worth keeping.
        if history.len() == 1 && last.updated_at.is_none() {
            history.clear();
        }
        let record = CaseRecord {
            reference: last.number,
            kind: CaseKind::Incident,
            priority: last.priority,
            state: last.state,
            hold_reason: if last.state == CaseState::OnHold {
                last.hold_reason
            } else {
                String::new()
            },
            opened_at: last.opened_at,
            resolved_at: last.resolved_at,
            closed_at: last.closed_at,
            category: last.category,
            service: last.service,
            assignment_group: last.assignment_group,
            organisation: Some(last.company).filter(|c| !c.trim().is_empty()),
            project_code: None,
            summary: last.summary,
        };
        sink(Located { origin, record }, history);
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "number,incident_state,active,opened_at,resolved_at,closed_at,priority,category,assignment_group,sys_updated_at,sys_mod_count\n";

    fn run(body: &str) -> Result<Vec<(CaseRecord, Vec<StateChange>)>, Vec<String>> {
        let mut out = Vec::new();
        let problems = read(
            "sn.csv",
            format!("{HEADER}{body}").as_bytes(),
            &ReadOptions::default(),
            |r, h| out.push((r.record, h)),
        );
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems.iter().map(ToString::to_string).collect())
        }
    }

    #[test]
    fn rows_of_one_incident_that_disagree_on_its_opening_are_refused() {
        // Found by the servicenow fuzz target: history ran backwards in time.
        let got = run("INC1,New,true,02-11-2026 09:00,?,?,3,,,?,\n\
                       INC1,Closed,false,01-11-2026 09:00,?,?,3,,,?,\n");
        assert_eq!(
            got.unwrap_err(),
            [
                "sn.csv:3: opened_at: INC1 was opened at 02/11/2026 09:00 on line 2, not 01/11/2026 09:00"
            ]
        );
    }

    #[test]
    fn rows_without_update_times_come_first_in_the_history() {
        let got = run(
            "INC1,Active,true,01-11-2026 09:00,?,?,3,,,01-11-2026 10:00,1\n\
                       INC1,New,true,01-11-2026 09:00,?,?,3,,,?,\n",
        )
        .unwrap();
        let states: Vec<_> = got[0]
            .1
            .iter()
            .map(|c| (c.state, c.at.format("%H:%M").to_string()))
            .collect();
        assert_eq!(
            states,
            [
                (CaseState::New, "09:00".to_string()),
                (CaseState::Active, "10:00".to_string())
            ]
        );
    }

    #[test]
    fn the_event_log_becomes_state_history_and_the_last_row_wins() {
        let got = run(
            "INC001,New,true,01-11-2026 09:00,?,?,3 - Moderate,Network,Networks,01-11-2026 09:00,0\n\
             INC002,New,true,02-11-2026 10:00,?,?,2 - High,Email,Service Desk,02-11-2026 10:00,0\n\
             INC001,Awaiting User Info,true,01-11-2026 09:00,?,?,3 - Moderate,Network,Networks,01-11-2026 11:00,2\n\
             INC001,Active,true,01-11-2026 09:00,?,?,3 - Moderate,Network,Networks,01-11-2026 10:00,1\n\
             INC001,Resolved,false,01-11-2026 09:00,02-11-2026 15:30,?,3 - Moderate,Network,Networks,02-11-2026 15:30,3\n",
        )
        .unwrap();
        assert_eq!(got.len(), 2);
        let (first, history) = &got[0];
        assert_eq!(first.reference, "INC001");
        assert_eq!(first.state, CaseState::Resolved);
        assert_eq!(first.priority, 3);
        assert_eq!(
            first.resolved_at.unwrap().to_string(),
            "2026-11-02 15:30:00"
        );
        assert_eq!(first.closed_at, None, "? is empty");
        let states: Vec<_> = history
            .iter()
            .map(|h| (h.state, h.hold_reason.as_str()))
            .collect();
        assert_eq!(
            states,
            [
                (CaseState::New, ""),
                (CaseState::Active, ""),
                (CaseState::OnHold, "Awaiting User Info"),
                (CaseState::Resolved, ""),
            ],
            "ordered by update, not by file position"
        );
        assert_eq!(got[1].0.priority, 2);
    }

    #[test]
    fn a_flat_export_has_one_row_per_incident() {
        let header = "number,incident_state,opened_at,priority,short_description,company\n";
        let mut out = Vec::new();
        let problems = read(
            "flat.csv",
            format!("{header}INC9,Awaiting Vendor,20-11-2026 08:15,5 - Planning,Printer jam,Holmwick District Council\n").as_bytes(),
            &ReadOptions::default(),
            |r, h| out.push((r.record, h)),
        );
        assert!(problems.is_empty(), "{problems:?}");
        let (case, history) = &out[0];
        assert_eq!(case.state, CaseState::OnHold);
        assert_eq!(case.hold_reason, "Awaiting Vendor");
        assert_eq!(case.priority, 4, "planning maps to low");
        assert_eq!(
            case.organisation.as_deref(),
            Some("Holmwick District Council")
        );
        assert!(history.is_empty());
    }

    #[test]
    fn unknown_states_and_bad_dates_name_their_lines() {
        let problems = run(
            "INC1,New,true,01-11-2026 09:00,?,?,3 - Moderate,,,01-11-2026 09:00,0\n\
             INC1,Parked,true,01-11-2026 09:00,?,?,3 - Moderate,,,01-11-2026 10:00,1\n\
             INC2,New,true,31-02-2026 09:00,?,?,3 - Moderate,,,?,0\n\
             INC3,New,true,01-11-2026 09:00,?,?,urgent,,,?,0\n",
        )
        .unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].starts_with("sn.csv:3: incident_state: 'Parked' is not a ServiceNow state")
        );
        assert!(problems[1].starts_with("sn.csv:4: opened_at: '31-02-2026 09:00'"));
        assert!(problems[2].starts_with("sn.csv:5: priority: 'urgent'"));
    }
}
