//! The service desk's stored sums (issue 17) against a full recount, after every step of
//! random sequences of what changes cases: exports and event logs imported and re-imported,
//! refused imports, links to projects and their undos, and new SLA targets. After each step
//! the stored sums equal a recount from every case, and the desk's figures read from the sums
//! equal the figures counted from every case.

mod common;

use std::path::Path;

use chrono::{Duration, NaiveDateTime};
use proptest::prelude::*;
use rusqlite::types::Value;
use workplan::commands::desk;
use workplan::commands::import::{Register, import_file};
use workplan::store::edit::{Actor, Edit, EditOutcome, Entity};
use workplan::store::{OpenMode, Store};

const STATES: [&str; 6] = [
    "new",
    "active",
    "on-hold",
    "resolved",
    "closed",
    "cancelled",
];
const KINDS: [&str; 3] = ["incident", "request", "problem"];
const ORGANISATIONS: [&str; 3] = ["Holmwick", "Brackenford", ""];

/// One case row as an export gives it.
#[derive(Debug, Clone)]
struct Row {
    reference: usize,
    kind: usize,
    priority: u8,
    state: usize,
    /// Minutes after the first day the cases span.
    opened: i64,
    /// Hours from opening to resolution, when resolved or closed.
    took: i64,
    organisation: usize,
}

#[derive(Debug, Clone)]
enum Step {
    /// One row per case.
    Export(Vec<Row>),
    /// One row per update (`changed_at`): each case's rows become its history.
    EventLog(Vec<(Row, Vec<(usize, i64)>)>),
    /// A file with a word the importer refuses: nothing changes.
    Refused(Vec<Row>),
    /// Link a case to the project, and maybe undo it as the app's undo does.
    Link { case: usize, undo: bool },
    /// New incident targets (hours for priority 1 to 4).
    Targets([u32; 4]),
}

fn start() -> NaiveDateTime {
    common::now() - Duration::days(400)
}

fn stamp(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%S").to_string()
}

fn row_strategy() -> impl Strategy<Value = Row> {
    (
        0..6usize,
        0..KINDS.len(),
        1..=4u8,
        0..STATES.len(),
        0..(420 * 24 * 60i64),
        1..2000i64,
        0..ORGANISATIONS.len(),
    )
        .prop_map(
            |(reference, kind, priority, state, opened, took, organisation)| Row {
                reference,
                kind,
                priority,
                state,
                opened,
                took,
                organisation,
            },
        )
}

fn step_strategy() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => prop::collection::vec(row_strategy(), 1..6).prop_map(Step::Export),
        2 => prop::collection::vec(
            (
                row_strategy(),
                prop::collection::vec((0..STATES.len(), 1..900i64), 1..4)
            ),
            1..4
        )
        .prop_map(Step::EventLog),
        1 => prop::collection::vec(row_strategy(), 1..3).prop_map(Step::Refused),
        1 => (0..6usize, any::<bool>()).prop_map(|(case, undo)| Step::Link { case, undo }),
        1 => prop::array::uniform4(1..200u32).prop_map(Step::Targets),
    ]
}

const HEADER: &str = "ref,kind,priority,state,opened_at,resolved_at,closed_at,organisation";

/// A row as a CSV line; `state` overrides the row's own (for an event log's updates).
fn line(row: &Row, state: Option<&str>, changed_at: Option<NaiveDateTime>) -> String {
    let state = state.unwrap_or(STATES[row.state]);
    let opened = start() + Duration::minutes(row.opened);
    let done = opened + Duration::hours(row.took);
    let resolved = matches!(state, "resolved" | "closed").then(|| stamp(done));
    let closed = matches!(state, "closed" | "cancelled").then(|| stamp(done + Duration::hours(4)));
    let mut out = format!(
        "INC{},{},{},{state},{},{},{},{}",
        row.reference,
        KINDS[row.kind],
        row.priority,
        stamp(opened),
        resolved.unwrap_or_default(),
        closed.unwrap_or_default(),
        ORGANISATIONS[row.organisation]
    );
    if let Some(at) = changed_at {
        out.push_str(&format!(",{}", stamp(at)));
    }
    out
}

fn import(store: &mut Store, dir: &Path, text: &str) -> bool {
    let file = dir.join("cases.csv");
    std::fs::write(&file, text).unwrap();
    import_file(store, Register::Cases, &file, "Ann", common::now()).is_ok()
}

fn actor() -> Actor<'static> {
    Actor {
        user: "Ann",
        now: common::now(),
    }
}

fn case_id(store: &Store, reference: &str) -> Option<i64> {
    store
        .desk_cases()
        .unwrap()
        .into_iter()
        .find(|c| c.reference == reference)
        .map(|c| c.id)
}

fn run(store: &mut Store, dir: &Path, project: i64, step: &Step) {
    match step {
        Step::Export(rows) => {
            let mut text = format!("{HEADER}\n");
            for row in rows {
                text.push_str(&line(row, None, None));
                text.push('\n');
            }
            import(store, dir, &text);
        }
        Step::EventLog(cases) => {
            let mut text = format!("{HEADER},changed_at\n");
            for (row, updates) in cases {
                let opened = start() + Duration::minutes(row.opened);
                text.push_str(&line(row, Some("new"), Some(opened)));
                text.push('\n');
                let mut at = opened;
                for (state, hours) in updates {
                    at += Duration::hours(*hours);
                    text.push_str(&line(row, Some(STATES[*state]), Some(at)));
                    text.push('\n');
                }
            }
            import(store, dir, &text);
        }
        Step::Refused(rows) => {
            let mut text = format!("{HEADER}\n");
            for row in rows {
                text.push_str(&line(row, None, None));
                text.push('\n');
            }
            text.push_str("INC9,incident,2,parked,2026-01-05T09:00:00,,,Holmwick\n");
            assert!(!import(store, dir, &text), "an unknown state is refused");
        }
        Step::Link { case, undo } => {
            let Some(id) = case_id(store, &format!("INC{case}")) else {
                return;
            };
            let (version, loaded) = store
                .editable_values(Entity::Case, id, &["project_id"])
                .unwrap()
                .unwrap();
            let edit = Edit {
                entity: Entity::Case,
                id,
                expected_version: version,
                values: vec![("project_id", Value::Integer(project))],
                loaded: loaded.clone(),
                reason: String::new(),
            };
            let outcome = store.apply_edit(&edit, actor()).unwrap();
            if let (true, EditOutcome::Saved { version, .. }) = (undo, outcome) {
                let back = Edit {
                    entity: Entity::Case,
                    id,
                    expected_version: version,
                    values: loaded,
                    loaded: vec![("project_id", Value::Integer(project))],
                    reason: "undo: link".into(),
                };
                store.apply_edit(&back, actor()).unwrap();
            }
        }
        Step::Targets(hours) => {
            let mut settings = store.settings().unwrap();
            settings.sla_incident_hours = *hours;
            store.save_settings_as(&settings, actor()).unwrap();
        }
    }
}

fn assert_sums_hold(store: &Store, after: &Step) {
    let stored = store.desk_sums().unwrap();
    let recounted = store.recount_desk_sums().unwrap();
    assert_eq!(
        stored.differences(&recounted),
        Vec::<String>::new(),
        "after {after:?}"
    );
    let settings = store.settings().unwrap();
    for organisation in [None, Some("holmwick"), Some("Nowhere")] {
        let from_sums = desk::load(store, common::now(), &settings, organisation).unwrap();
        let counted = desk::recount(store, common::now(), &settings, organisation).unwrap();
        assert_eq!(from_sums, counted, "{organisation:?} after {after:?}");
    }
}

fn new_plan(dir: &Path) -> (Store, i64) {
    let projects = dir.join("projects.csv");
    std::fs::write(&projects, "code,name,stage\nP-1,Webchat,in-delivery\n").unwrap();
    let mut store = Store::open(&dir.join("plan.db"), OpenMode::CreateIfMissing).unwrap();
    import_file(
        &mut store,
        Register::Projects,
        &projects,
        "Ann",
        common::now(),
    )
    .unwrap();
    let project = store.project_id_by_code("P-1").unwrap().unwrap();
    (store, project)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn stored_sums_equal_a_recount_after_every_step(
        steps in prop::collection::vec(step_strategy(), 1..8)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, project) = new_plan(dir.path());
        for step in &steps {
            run(&mut store, dir.path(), project, step);
            assert_sums_hold(&store, step);
        }
    }
}

#[test]
fn check_finds_sums_changed_behind_the_apps_back_and_recount_mends_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_plan(dir.path());
    let rows = [Row {
        reference: 1,
        kind: 0,
        priority: 2,
        state: 1,
        opened: 1000,
        took: 5,
        organisation: 0,
    }];
    run(&mut store, dir.path(), 0, &Step::Export(rows.to_vec()));
    assert!(store.check().unwrap().problems.is_empty());
    let path = store.path().to_path_buf();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE cases SET state = 'on-hold'", [])
        .unwrap();
    drop(conn);
    let out = common::bin()
        .args(["--db"])
        .arg(&path)
        .arg("check")
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("service desk counts: cases active priority 2 incident"),
        "{stderr}"
    );
    assert!(stderr.contains("workplan check --recount"), "{stderr}");
    common::bin()
        .args(["--db"])
        .arg(&path)
        .args(["check", "--recount"])
        .assert()
        .success();
    let store = Store::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(
        store.desk_sums().unwrap(),
        store.recount_desk_sums().unwrap()
    );
}

#[test]
fn a_plan_from_before_the_sums_gains_them_counted_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let expected = Store::open(&db, OpenMode::MustExist)
        .unwrap()
        .recount_desk_sums()
        .unwrap();
    assert!(
        expected.counts.values().sum::<i64>() > 100,
        "the demo has cases"
    );
    // The file as the previous release left it: schema 10, no sums.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TABLE desk_counts; DROP TABLE desk_months; DROP TABLE desk_resolutions;
         DROP INDEX projects_by_stage; DROP INDEX cases_open;
         PRAGMA user_version = 10;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&db, OpenMode::MustExist).unwrap();
    assert_eq!(store.desk_sums().unwrap(), expected);
}
