//! ServiceNow incident exports, as the tool writes them: one row per incident, or the
//! event-log form with one row per update. The preset is a set of renames (`number` is the
//! ref, `incident_state` the state, `sys_updated_at` the change time, `sys_mod_count` the
//! order of updates at one time …), `kind` incident, and `?` for empty; the file is then read
//! like any other cases file (`cases::read`), so `--map`, `--map-value`, `--set` and
//! `--date-format` apply to it as well, and the user's own choices win.

use std::io::Read;

use super::cases;
use super::csv_table::ReadOptions;
use crate::domain::CaseState;
use crate::domain::records::{CaseRecord, Located, Problem};
use crate::domain::sla::StateChange;

/// ServiceNow's column names for ours.
pub const RENAMES: [(&str, &str); 7] = [
    ("number", "ref"),
    ("incident_state", "state"),
    ("sys_updated_at", "changed_at"),
    ("sys_mod_count", "sequence"),
    ("business_service", "service"),
    ("company", "organisation"),
    ("short_description", "summary"),
];

/// Add the preset to `options`, under what the user gave.
pub fn apply_preset(options: &mut ReadOptions) {
    for (source, field) in RENAMES {
        options.renames.preset(source, field);
    }
    options.constants.preset("kind", "incident");
    options.values.preset("*", "?", "");
}

/// A ServiceNow state in our words, with the stop-clock reason where there is one.
pub fn map_state(text: &str) -> Result<(CaseState, String), String> {
    crate::domain::case::read_state(text)
}

/// Read an export with the preset and hand each incident to `sink` with its history (oldest
/// first). Returns every problem found; what reading found is left in `options.found`.
pub fn read(
    file: &str,
    input: impl Read,
    options: &ReadOptions,
    sink: impl FnMut(Located<CaseRecord>, Vec<StateChange>),
) -> Vec<Problem> {
    let mut preset = options.clone();
    apply_preset(&mut preset);
    let problems = cases::read(file, input, &preset, sink);
    *options.found.borrow_mut() = preset.found.take();
    options.skipped.borrow_mut().extend(preset.skipped.take());
    problems
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
             INC3,New,true,01-11-2026 09:00,?,?,whenever,,,?,0\n",
        )
        .unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].starts_with(
                "sn.csv:3: incident_state (state): 'Parked' is not a case state this import knows"
            ),
            "{problems:?}"
        );
        assert!(problems[1].starts_with("sn.csv:4: opened_at: '31-02-2026 09:00'"));
        assert!(problems[2].starts_with("sn.csv:5: priority: 'whenever'"));
    }
}
