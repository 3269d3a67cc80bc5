//! Each register's CSV columns (DOMAIN.md) and how one row becomes a domain record.

use std::collections::HashMap;
use std::io::Read;

use chrono::NaiveDate;

use super::csv_table::{
    Column, ReadOptions, RowReader, key, optional, read, read_each, required, settle,
};
use crate::domain::dates::parse_date;
use crate::domain::project::{DateField, MilestoneMove};
use crate::domain::records::{
    AssessmentRecord, CaseEventRecord, CaseRecord, Located, MilestoneChangeRecord, MilestoneRecord,
    Problem, RagHistoryRecord, SnapshotRecord,
};
use crate::domain::risk::valid_rating;
use crate::domain::{Milestone, Project, Rag, RagChange, Risk};

pub const PROJECT_COLUMNS: [Column; 17] = [
    key("code"),
    required("name"),
    optional("theme"),
    optional("organisations"),
    required("stage"),
    optional("rag"),
    optional("rag_reason"),
    optional("manager"),
    optional("sponsor"),
    optional("start_date"),
    optional("baseline_end"),
    optional("forecast_end"),
    optional("budget_capital"),
    optional("budget_revenue"),
    optional("spend_to_date"),
    optional("percent_complete"),
    optional("description"),
];

pub const MILESTONE_COLUMNS: [Column; 7] = [
    key("project_code"),
    key("name"),
    optional("baseline_date"),
    optional("forecast_date"),
    optional("actual_date"),
    optional("owner"),
    optional("notes"),
];

pub const RISK_COLUMNS: [Column; 15] = [
    optional("project_code"),
    key("code"),
    optional("kind"),
    required("title"),
    optional("consequence"),
    optional("control"),
    optional("owner"),
    optional("status"),
    required("likelihood"),
    required("impact"),
    optional("inherent_likelihood"),
    optional("inherent_impact"),
    optional("target_likelihood"),
    optional("target_impact"),
    optional("review_date"),
];

pub const CASE_COLUMNS: [Column; 14] = [
    key("ref"),
    key("kind"),
    key("priority"),
    key("state"),
    optional("hold_reason"),
    key("opened_at"),
    optional("resolved_at"),
    optional("closed_at"),
    optional("category"),
    optional("service"),
    optional("assignment_group"),
    optional("organisation"),
    optional("project_code"),
    optional("summary"),
];

pub const SNAPSHOT_COLUMNS: [Column; 5] = [
    key("month"),
    key("organisation"),
    key("open_incidents"),
    key("open_requests"),
    key("stop_clock"),
];

pub const RAG_HISTORY_COLUMNS: [Column; 5] = [
    key("project_code"),
    key("changed_at"),
    key("rag"),
    optional("reason"),
    optional("changed_by"),
];

pub const MILESTONE_CHANGE_COLUMNS: [Column; 8] = [
    key("project_code"),
    key("milestone"),
    key("changed_at"),
    key("field"),
    optional("old_date"),
    optional("new_date"),
    optional("reason"),
    optional("changed_by"),
];

pub const CASE_EVENT_COLUMNS: [Column; 4] = [
    key("ref"),
    key("changed_at"),
    key("state"),
    optional("hold_reason"),
];

pub const ASSESSMENT_COLUMNS: [Column; 5] = [
    key("risk_code"),
    key("assessed_at"),
    key("likelihood"),
    key("impact"),
    optional("note"),
];

pub(super) type Parsed<T> = Result<Vec<Located<T>>, Vec<Problem>>;

/// Keep the first valid record of each key; a later valid one with the same key is a
/// problem naming both lines. Rows that were not valid never claim a key, so a valid row is
/// never lost to an earlier invalid one with the same key.
fn unique<T>(
    records: Vec<Located<T>>,
    column: &str,
    key: impl Fn(&T) -> String,
    what: impl Fn(&T) -> String,
) -> (Vec<Located<T>>, Vec<Problem>) {
    let mut first: HashMap<String, u64> = HashMap::new();
    let mut kept = Vec::with_capacity(records.len());
    let mut problems = Vec::new();
    for located in records {
        match first.entry(key(&located.record).to_lowercase()) {
            std::collections::hash_map::Entry::Occupied(seen) => problems.push(Problem {
                origin: located.origin.clone(),
                column: column.to_string(),
                problem: format!(
                    "{} appears more than once (first on line {})",
                    what(&located.record),
                    seen.get()
                ),
            }),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(located.origin.line);
                kept.push(located);
            }
        }
    }
    (kept, problems)
}

/// Read a register whose rows are keyed: every row parsed, then keys checked among the
/// valid ones, then all or nothing (or the bad rows set aside with `--skip-invalid`).
pub(super) fn read_keyed<T>(
    file: &str,
    input: impl Read,
    columns: &[Column],
    options: &ReadOptions,
    parse: impl FnMut(&mut RowReader<'_>) -> Option<T>,
    (column, key, what): (&str, impl Fn(&T) -> String, impl Fn(&T) -> String),
) -> Parsed<T> {
    let mut records = Vec::new();
    let mut problems = read_each(file, input, columns, options, parse, |r| records.push(r));
    let (records, mut repeated) = unique(records, column, key, what);
    problems.append(&mut repeated);
    problems.sort_by_key(|p| p.origin.line);
    settle(records, problems, options)
}

fn percent(text: &str) -> Result<u8, String> {
    let clean = text.trim_end_matches('%').trim();
    match clean.parse::<i64>() {
        Ok(p @ 0..=100) => Ok(p as u8),
        Ok(_) => Err(format!("'{text}' is not a percentage from 0 to 100")),
        Err(_) => Err(format!("'{text}' is not a whole-number percentage")),
    }
}

fn rating(text: &str) -> Result<u8, String> {
    text.trim()
        .parse::<i64>()
        .ok()
        .and_then(valid_rating)
        .ok_or_else(|| format!("'{text}' is not a rating from 1 to 5"))
}

fn count(text: &str) -> Result<u32, String> {
    text.trim()
        .parse::<u32>()
        .map_err(|_| format!("'{text}' is not a whole number of zero or more"))
}

fn month(text: &str) -> Result<NaiveDate, String> {
    let first = format!("{}-01", text.trim());
    NaiveDate::parse_from_str(&first, "%Y-%m-%d")
        .or_else(|_| parse_date(text).map(|d| d.with_day0(0).unwrap_or(d)))
        .map_err(|_| format!("'{text}' is not a month (use 2026-11)"))
}

use chrono::Datelike;

pub fn parse_projects(file: &str, input: impl Read, options: &ReadOptions) -> Parsed<Project> {
    read_keyed(
        file,
        input,
        &PROJECT_COLUMNS,
        options,
        |row| {
            let code = row.required("code")?;
            // A file that only updates may leave out what only a new project needs.
            let name = row.unless_blank("name").unwrap_or_default();
            let stage = match row.unless_blank("stage") {
                Some(_) => row.word("stage", str::parse).map(Option::unwrap_or_default),
                None => Some(Default::default()),
            };
            let rag = match row.unless_blank("rag") {
                Some(_) => row
                    .word("rag", str::parse::<Rag>)
                    .map(Option::unwrap_or_default),
                None => Some(Rag::Unrated),
            };
            let rag_reason = row.text("rag_reason");
            let start_date = row.optional_date("start_date");
            let baseline_end = row.optional_date("baseline_end");
            let forecast_end = row.optional_date("forecast_end");
            let budget_capital = row.money("budget_capital");
            let budget_revenue = row.money("budget_revenue");
            let spend_to_date = row.money("spend_to_date");
            let percent_complete = row.parse_optional("percent_complete", percent);
            let project = Project {
                code,
                name,
                theme: Some(row.text("theme")).filter(|t| !t.is_empty()),
                organisations: row
                    .text("organisations")
                    .split(';')
                    .map(|o| o.trim().to_string())
                    .filter(|o| !o.is_empty())
                    .collect(),
                stage: stage?,
                rag: rag?,
                rag_reason,
                manager: row.text("manager"),
                sponsor: row.text("sponsor"),
                start_date: start_date?,
                baseline_end: baseline_end?,
                forecast_end: forecast_end?,
                budget_capital: budget_capital?,
                budget_revenue: budget_revenue?,
                spend_to_date: spend_to_date?,
                percent_complete: percent_complete?,
                description: row.text("description"),
                ..Project::default()
            };
            // Kept as the file says, and listed; a file without reasons says nothing of them.
            for (field, gap) in project.gaps() {
                if row.has(field) {
                    row.warn(field, gap);
                }
            }
            Some(project)
        },
        (
            "code",
            |p: &Project| p.code.clone(),
            |p: &Project| format!("project code '{}'", p.code),
        ),
    )
}

pub fn parse_milestones(
    file: &str,
    input: impl Read,
    options: &ReadOptions,
) -> Parsed<MilestoneRecord> {
    read_keyed(
        file,
        input,
        &MILESTONE_COLUMNS,
        options,
        |row| {
            let project_code = row.required("project_code");
            let name = row.required("name");
            let baseline_date = row.optional_date("baseline_date");
            let forecast_date = row.optional_date("forecast_date");
            let actual_date = row.optional_date("actual_date");
            Some(MilestoneRecord {
                project_code: project_code?,
                milestone: Milestone {
                    name: name?,
                    baseline_date: baseline_date?,
                    forecast_date: forecast_date?,
                    actual_date: actual_date?,
                    owner: row.text("owner"),
                    notes: row.text("notes"),
                    ..Milestone::default()
                },
            })
        },
        (
            "name",
            |m: &MilestoneRecord| format!("{}\u{0}{}", m.project_code, m.milestone.name),
            |m: &MilestoneRecord| format!("milestone '{}' of {}", m.milestone.name, m.project_code),
        ),
    )
}

pub fn parse_risks(file: &str, input: impl Read, options: &ReadOptions) -> Parsed<Risk> {
    read_keyed(
        file,
        input,
        &RISK_COLUMNS,
        options,
        |row| {
            let code = row.required("code")?;
            let title = row.unless_blank("title").unwrap_or_default();
            let kind = row.word("kind", str::parse).map(Option::unwrap_or_default);
            let open = row
                .word("status", |s: &str| match s.to_lowercase().as_str() {
                    "open" | "live" | "active" => Ok(true),
                    "closed" | "retired" => Ok(false),
                    _ => Err(format!("'{s}' is not a status (use open or closed)")),
                })
                .map(|o| o.unwrap_or(true));
            let likelihood = match row.unless_blank("likelihood") {
                Some(_) => row.parse("likelihood", rating),
                None => Some(1),
            };
            let impact = match row.unless_blank("impact") {
                Some(_) => row.parse("impact", rating),
                None => Some(1),
            };
            let inherent_likelihood = row.parse_optional("inherent_likelihood", rating);
            let inherent_impact = row.parse_optional("inherent_impact", rating);
            let target_likelihood = row.parse_optional("target_likelihood", rating);
            let target_impact = row.parse_optional("target_impact", rating);
            let review_date = row.optional_date("review_date");
            Some(Risk {
                project_code: Some(row.text("project_code")).filter(|c| !c.is_empty()),
                code,
                kind: kind?,
                title,
                consequence: row.text("consequence"),
                control: row.text("control"),
                owner: row.text("owner"),
                open: open?,
                likelihood: likelihood?,
                impact: impact?,
                inherent_likelihood: inherent_likelihood?,
                inherent_impact: inherent_impact?,
                target_likelihood: target_likelihood?,
                target_impact: target_impact?,
                review_date: review_date?,
                ..Risk::default()
            })
        },
        (
            "code",
            |r: &Risk| r.code.clone(),
            |r: &Risk| format!("risk code '{}'", r.code),
        ),
    )
}

/// A cases file read whole (the demo's; imports stream through `cases::read`). A file with a
/// change time must come through `cases::read`, which keeps each case's history.
pub fn parse_cases(file: &str, input: impl Read, options: &ReadOptions) -> Parsed<CaseRecord> {
    let mut records = Vec::new();
    let problems = super::cases::read(file, input, options, |r, _| records.push(r));
    settle(records, problems, options)
}

pub fn parse_snapshots(
    file: &str,
    input: impl Read,
    options: &ReadOptions,
) -> Parsed<SnapshotRecord> {
    read_keyed(
        file,
        input,
        &SNAPSHOT_COLUMNS,
        options,
        |row| {
            let month = row.parse("month", month);
            let organisation = row.required("organisation");
            let open_incidents = row.parse("open_incidents", count);
            let open_requests = row.parse("open_requests", count);
            let stop_clock = row.parse("stop_clock", count);
            Some(SnapshotRecord {
                month: month?,
                organisation: organisation?,
                open_incidents: open_incidents?,
                open_requests: open_requests?,
                stop_clock: stop_clock?,
            })
        },
        (
            "month",
            |s: &SnapshotRecord| format!("{}\u{0}{}", s.month, s.organisation),
            |s: &SnapshotRecord| {
                format!(
                    "the {} count for {}",
                    s.month.format("%Y-%m"),
                    s.organisation
                )
            },
        ),
    )
}

pub fn parse_rag_history(
    file: &str,
    input: impl Read,
    options: &ReadOptions,
) -> Parsed<RagHistoryRecord> {
    read(file, input, &RAG_HISTORY_COLUMNS, options, |row| {
        let project_code = row.required("project_code");
        let changed_at = row.datetime("changed_at");
        let rag = row.required_word("rag", str::parse::<Rag>);
        Some(RagHistoryRecord {
            project_code: project_code?,
            change: RagChange {
                changed_at: changed_at?,
                rag: rag?,
                reason: row.text("reason"),
                changed_by: row.text("changed_by"),
            },
        })
    })
}

pub fn parse_milestone_changes(
    file: &str,
    input: impl Read,
    options: &ReadOptions,
) -> Parsed<MilestoneChangeRecord> {
    read(file, input, &MILESTONE_CHANGE_COLUMNS, options, |row| {
        let project_code = row.required("project_code");
        let milestone = row.required("milestone");
        let changed_at = row.datetime("changed_at");
        let field = row.parse("field", str::parse::<DateField>);
        let old_date = row.optional_date("old_date");
        let new_date = row.optional_date("new_date");
        Some(MilestoneChangeRecord {
            project_code: project_code?,
            milestone: milestone?,
            change: MilestoneMove {
                milestone_id: 0,
                project_id: 0,
                changed_at: changed_at?,
                field: field?,
                old_date: old_date?,
                new_date: new_date?,
                reason: row.text("reason"),
                changed_by: row.text("changed_by"),
            },
        })
    })
}

pub fn parse_case_events(
    file: &str,
    input: impl Read,
    options: &ReadOptions,
) -> Parsed<CaseEventRecord> {
    read(file, input, &CASE_EVENT_COLUMNS, options, |row| {
        let reference = row.required("ref");
        let changed_at = row.datetime("changed_at");
        let state = row.required_word("state", str::parse);
        Some(CaseEventRecord {
            reference: reference?,
            changed_at: changed_at?,
            state: state?,
            hold_reason: row.text("hold_reason"),
        })
    })
}

pub fn parse_assessments(
    file: &str,
    input: impl Read,
    options: &ReadOptions,
) -> Parsed<AssessmentRecord> {
    read(file, input, &ASSESSMENT_COLUMNS, options, |row| {
        let risk_code = row.required("risk_code");
        let assessed_at = row.date("assessed_at");
        let likelihood = row.parse("likelihood", rating);
        let impact = row.parse("impact", rating);
        Some(AssessmentRecord {
            risk_code: risk_code?,
            assessed_at: assessed_at?,
            likelihood: likelihood?,
            impact: impact?,
            note: row.text("note"),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "code,name,theme,organisations,stage,rag,rag_reason,manager,sponsor,start_date,baseline_end,forecast_end,budget_capital,budget_revenue,spend_to_date,percent_complete,description\n";

    fn projects(rows: &str) -> Parsed<Project> {
        parse_projects(
            "projects.csv",
            format!("{HEADER}{rows}").as_bytes(),
            &ReadOptions::default(),
        )
    }

    fn messages<T: std::fmt::Debug>(result: Parsed<T>) -> Vec<String> {
        result
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_good_project_row() {
        let rows = projects(
            "ICT-001,Office 365,Arch,Brackenford;Holmwick,live,A/R,Awaiting licences,Sam,Dir,01/04/2026,2026-12-31,2027-01-31,\"£1,302,000\",450k,,40%,Move mail\n",
        )
        .unwrap();
        let p = &rows[0].record;
        assert_eq!(p.code, "ICT-001");
        assert_eq!(p.organisations, ["Brackenford", "Holmwick"]);
        assert_eq!(p.rag, Rag::AmberRed);
        assert_eq!(p.budget_capital, Some(130_200_000));
        assert_eq!(p.budget_revenue, Some(45_000_000));
        assert_eq!(p.spend_to_date, None);
        assert_eq!(p.percent_complete, Some(40));
        assert_eq!(p.slippage_days(), Some(31));
    }

    #[test]
    fn bad_project_rows_name_line_and_column() {
        let options = ReadOptions::default();
        let got: Vec<String> = parse_projects(
            "projects.csv",
            format!(
                "{HEADER}ICT-1,Ok,,,in-delivery,green,,,,,,,,,,,\n\
                 ICT-2,Bad,,,in-delivery,purple,,,,31/02/2026,,,-5,,,101,\n\
                 ICT-1,Again,,,in-delivery,red,,,,,,,,,,,\n\
                 ICT-4,,,,someday,,,,,2026-05-01,,2026-04-01,,,,,\n\
                 ICT-5,Fine,,,in-delivery,green,,,,,,,,,,,\n\
                 ICT-2,Second try,,,in-delivery,green,,,,,,,,,,,\n"
            )
            .as_bytes(),
            &options,
        )
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(
            got,
            [
                "projects.csv:3: rag: 'purple' is not a RAG status (use R, A/R, A, A/G, G, Red, Amber/Red, Amber, Amber/Green, Green or unrated)",
                "projects.csv:3: start_date: '31/02/2026' is not a date (use 2026-11-22 or 22/11/2026)",
                "projects.csv:3: budget_capital: '-5' is negative; amounts of money must be zero or more",
                "projects.csv:3: percent_complete: '101' is not a percentage from 0 to 100",
                "projects.csv:4: code: project code 'ICT-1' appears more than once (first on line 2)",
                "projects.csv:5: stage: 'someday' is not a stage (use proposed, awaiting-resource, in-delivery, on-hold, completed, closed or cancelled)",
            ],
            "line 7 repeats ICT-2, but line 3 was not valid, so it is no duplicate"
        );
        // What the app would refuse from a person, a file keeps and lists.
        let warnings: Vec<String> = options
            .findings()
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            warnings,
            ["projects.csv:4: rag_reason: no reason is given for a Red status"],
            "line 5 is refused for its stage, so its dates are not listed as kept"
        );
        let options = ReadOptions::default();
        parse_projects(
            "p.csv",
            format!("{HEADER}ICT-4,Dates,,,proposed,,,,,2026-05-01,,2026-04-01,,,,,\n").as_bytes(),
            &options,
        )
        .unwrap();
        assert_eq!(
            options.findings().warnings[0].to_string(),
            "p.csv:2: forecast_end: is before the start date"
        );
    }

    #[test]
    fn skip_invalid_keeps_a_valid_row_whose_key_an_invalid_one_used() {
        let options = ReadOptions {
            skip_invalid: true,
            ..ReadOptions::default()
        };
        let rows = parse_projects(
            "p.csv",
            format!(
                "{HEADER}ICT-2,Bad,,,in-delivery,purple,,,,,,,,,,,\n\
                 ICT-2,Good,,,in-delivery,green,,,,,,,,,,,\n"
            )
            .as_bytes(),
            &options,
        )
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].record.name, "Good");
        assert_eq!(rows[0].origin.line, 3);
        assert_eq!(options.skipped.borrow().len(), 1);
    }

    #[test]
    fn a_partial_file_gives_only_its_columns() {
        let options = ReadOptions::default();
        let rows = parse_projects(
            "p.csv",
            "code,rag,rag_reason\nICT-1,R,Supplier late\nICT-2,,\n".as_bytes(),
            &options,
        )
        .unwrap();
        assert_eq!(rows[0].record.rag, Rag::Red);
        assert!(rows[0].keeps("name") && rows[0].keeps("stage"));
        assert!(!rows[0].keeps("rag"));
        assert!(rows[1].keeps("rag"), "a blank RAG leaves the RAG alone");
        let mut given = options.findings().columns;
        given.sort_unstable();
        assert_eq!(given, ["code", "rag", "rag_reason"]);
    }

    #[test]
    fn money_in_millions_and_values_that_are_not_money() {
        let options = ReadOptions {
            money: crate::io::csv_table::MoneyUnits::parse(&["millions".into()]).unwrap(),
            ..ReadOptions::default()
        };
        let rows = parse_projects(
            "p.csv",
            "code,budget_capital,budget_revenue\nICT-1,1.25,450k\n".as_bytes(),
            &options,
        )
        .unwrap();
        assert_eq!(rows[0].record.budget_capital, Some(125_000_000));
        assert_eq!(rows[0].record.budget_revenue, Some(45_000_000));
        let got = messages(parse_projects(
            "p.csv",
            "code,budget_capital\nICT-1,Data not provided\n".as_bytes(),
            &options,
        ));
        assert_eq!(
            got,
            [
                "p.csv:2: budget_capital: 'Data not provided' is not an amount of money (use 1302000, £1,302,000, 1.3m or 450k)"
            ]
        );
    }

    #[test]
    fn risks_cases_and_snapshots_validate_their_fields() {
        let risks = "project_code,code,kind,title,consequence,control,owner,status,likelihood,impact,inherent_likelihood,inherent_impact,target_likelihood,target_impact,review_date\n\
             ,CR-01,risk,Cyber attack,Service loss,Patching,Ann,open,4,5,5,5,2,4,2026-12-01\n\
             ,CR-02,hazard,Thing,,,,maybe,0,6,,,,,\n";
        let got = messages(parse_risks(
            "risks.csv",
            risks.as_bytes(),
            &ReadOptions::default(),
        ));
        assert_eq!(
            got,
            [
                "risks.csv:3: kind: 'hazard' is not a kind (use risk or issue)",
                "risks.csv:3: status: 'maybe' is not a status (use open or closed)",
                "risks.csv:3: likelihood: '0' is not a rating from 1 to 5",
                "risks.csv:3: impact: '6' is not a rating from 1 to 5",
            ]
        );
        let cases = "ref,kind,priority,state,hold_reason,opened_at,resolved_at,closed_at,category,service,assignment_group,organisation,project_code,summary\n\
             INC1,incident,3 - Moderate,Awaiting vendor,Awaiting vendor,22-11-2026 09:30,,,,,,,,Printer\n\
             INC2,incident,2,resolved,,2026-11-22T10:00,2026-11-21T10:00,,,,,,,\n";
        let got = messages(parse_cases(
            "cases.csv",
            cases.as_bytes(),
            &ReadOptions::default(),
        ));
        assert_eq!(
            got,
            ["cases.csv:3: resolved_at: is before the case was opened"]
        );
        let snaps = "month,organisation,open_incidents,open_requests,stop_clock\n2026-11,B,150,20,-1\n2026-13,B,1,1,1\n";
        let got = messages(parse_snapshots(
            "s.csv",
            snaps.as_bytes(),
            &ReadOptions::default(),
        ));
        assert_eq!(
            got,
            [
                "s.csv:2: stop_clock: '-1' is not a whole number of zero or more",
                "s.csv:3: month: '2026-13' is not a month (use 2026-11)",
            ]
        );
    }
}
