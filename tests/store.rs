//! Store behaviour on small hand-made work plans: the portfolio figures, all-or-nothing
//! imports, audit rows, and the demo data set.

mod common;

use rusqlite::Connection;
use workplan::commands::demo::{build_demo, demo_batch};
use workplan::commands::import::{Register, import_file};
use workplan::domain::{CaseState, Rag, Stage};
use workplan::store::{OpenMode, Store};

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const PROJECTS: &str = "code,name,theme,organisations,stage,rag,rag_reason,manager,baseline_end,forecast_end\n\
    P-1,Firewall,Architecture,Brackenford;Holmwick,in-delivery,amber,Supplier late,Ann,2026-12-01,2026-12-20\n\
    P-2,Webchat,Transformation,Holmwick,in-delivery,green,,Bob,2027-01-01,2027-01-01\n";

fn small_plan(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("w.db"), OpenMode::CreateIfMissing).unwrap();
    let p = write(dir, "projects.csv", PROJECTS);
    import_file(&mut store, Register::Projects, &p, "Ann", common::now()).unwrap();
    let m = write(
        dir,
        "milestones.csv",
        "project_code,name,baseline_date,forecast_date,actual_date\n\
         P-1,Design,2026-10-01,2026-10-10,2026-10-12\n\
         P-1,Build,2026-11-01,2026-11-15,\n\
         P-1,Test,2026-11-10,2026-11-20,\n\
         P-1,Go-live,2026-12-01,2026-12-20,\n\
         P-1,Closure,2026-12-10,2026-12-22,\n",
    );
    import_file(&mut store, Register::Milestones, &m, "Ann", common::now()).unwrap();
    let r = write(
        dir,
        "risks.csv",
        "project_code,code,title,status,likelihood,impact\n\
         P-1,R1,Supplier fails,open,4,4\n\
         P-1,R2,Minor thing,open,2,3\n\
         P-1,R3,Old high risk,closed,5,5\n\
         ,CR1,Corporate cyber,open,5,5\n",
    );
    import_file(&mut store, Register::Risks, &r, "Ann", common::now()).unwrap();
    let c = write(
        dir,
        "cases.csv",
        "ref,kind,priority,state,hold_reason,opened_at,resolved_at,project_code\n\
         INC1,incident,2,active,,2026-11-20 09:00,,P-1\n\
         INC2,incident,3,on-hold,Awaiting vendor,2026-11-01 09:00,,P-1\n\
         INC3,incident,3,resolved,,2026-11-01 09:00,2026-11-02 09:00,P-1\n",
    );
    import_file(&mut store, Register::Cases, &c, "Ann", common::now()).unwrap();
    store
}

#[test]
fn portfolio_figures_come_from_one_query() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_plan(dir.path());
    let rows = store.portfolio(common::today()).unwrap();
    assert_eq!(rows.len(), 2);
    let p1 = rows.iter().find(|r| r.code == "P-1").unwrap();
    assert_eq!(p1.rag, Rag::Amber);
    assert_eq!(p1.stage, Stage::InDelivery);
    assert_eq!(
        p1.overdue_milestones, 2,
        "Build and Test are past their forecast"
    );
    assert_eq!(p1.next_milestone.as_deref(), Some("Go-live"));
    assert_eq!(p1.high_risks, 1, "only open risks scoring 7 or more count");
    assert_eq!(p1.open_cases, 2);
    assert_eq!(p1.slippage_days(), Some(19));
    assert_eq!(p1.organisations, ["Brackenford", "Holmwick"]);
    assert_eq!(
        p1.last_update,
        Some(common::now()),
        "the import recorded the RAG"
    );
    assert_eq!(p1.rag_since, Some(common::now()));
    let cases = store.project_cases(p1.id).unwrap();
    let order: Vec<_> = cases
        .iter()
        .map(|c| (c.reference.as_str(), c.state))
        .collect();
    assert_eq!(
        order,
        [
            ("INC2", CaseState::OnHold),
            ("INC1", CaseState::Active),
            ("INC3", CaseState::Resolved)
        ],
        "open cases first, oldest first"
    );
}

#[test]
fn a_milestone_with_only_a_baseline_is_forecast_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_plan(dir.path());
    let m = write(
        dir.path(),
        "baseline_only.csv",
        "project_code,name,baseline_date,forecast_date,actual_date\n\
         P-2,Contract signed,2026-11-10,,\n\
         P-2,Pilot,2026-12-05,,\n\
         P-2,Rollout,2027-01-10,2027-01-20,\n",
    );
    import_file(&mut store, Register::Milestones, &m, "Ann", common::now()).unwrap();
    let today = common::today();
    let rows = store.portfolio(today).unwrap();
    let p2 = rows.iter().find(|r| r.code == "P-2").unwrap();
    assert_eq!(
        p2.overdue_milestones, 1,
        "Contract signed is past its baseline and has no forecast"
    );
    assert_eq!(
        p2.next_milestone.as_deref(),
        Some("Pilot"),
        "a future baseline with no forecast is next, before a later forecast"
    );
    assert_eq!(
        p2.next_milestone_date.map(|d| d.to_string()).as_deref(),
        Some("2026-12-05")
    );
    let p1 = rows.iter().find(|r| r.code == "P-1").unwrap();
    assert_eq!(
        p1.overdue_milestones, 2,
        "milestones with forecasts as before"
    );
    assert_eq!(p1.next_milestone.as_deref(), Some("Go-live"));

    // Only the derived facts change: the stored forecast stays empty.
    let milestones = store.milestones(p2.id).unwrap();
    let names: Vec<_> = milestones.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Contract signed", "Pilot", "Rollout"], "plan order");
    let contract = &milestones[0];
    assert_eq!(contract.forecast_date, None);
    assert!(contract.is_overdue(today));
    assert_eq!(contract.slippage_days(), Some(0));

    // The report's "due in the next period" reads the same date.
    let due = store
        .milestones_due_or_moved(today, today + chrono::Duration::days(30), today)
        .unwrap();
    let due: Vec<_> = due.iter().map(|m| m.name.as_str()).collect();
    assert!(due.contains(&"Pilot"), "{due:?}");
    assert!(
        !due.contains(&"Contract signed"),
        "overdue is not due: {due:?}"
    );
}

#[test]
fn a_bad_file_changes_nothing_and_names_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_plan(dir.path());
    let audit_before = store.audit_count().unwrap();
    let bad = write(
        dir.path(),
        "bad.csv",
        "project_code,name,baseline_date,forecast_date\n\
         P-1,New one,2026-12-01,2026-12-05\n\
         NOPE,Orphan,2026-12-01,2026-12-05\n\
         P-2,Also new,2026-12-01,2026-12-05\n\
         GONE,Orphan 2,,\n",
    );
    let err = import_file(&mut store, Register::Milestones, &bad, "Ann", common::now())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("bad.csv:3: project_code: no project with code 'NOPE'"),
        "{err}"
    );
    assert!(
        err.contains("bad.csv:5: project_code: no project with code 'GONE'"),
        "{err}"
    );
    assert!(
        err.ends_with("2 problems found; nothing was changed"),
        "{err}"
    );
    let p1 = store.project_id_by_code("P-1").unwrap().unwrap();
    assert_eq!(
        store.milestones(p1).unwrap().len(),
        5,
        "the good row was not kept"
    );
    assert_eq!(store.audit_count().unwrap(), audit_before);
}

#[test]
fn every_imported_row_is_audited_and_reimport_updates_by_code() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_plan(dir.path());
    let p1 = store.project_id_by_code("P-1").unwrap().unwrap();
    let history = store.project_audit(p1, 100).unwrap();
    // 1 project + 5 milestones + 3 project risks; cases are audited once per import, not
    // per case, so they are in the whole trail rather than the project's.
    assert_eq!(history.len(), 9);
    assert!(
        store
            .audit_after(0, 1_000)
            .unwrap()
            .iter()
            .any(|a| a.entity == "case"
                && a.new_value
                    .as_deref()
                    .is_some_and(|v| v.starts_with("created "))),
        "the import's one case row"
    );
    assert!(
        history
            .iter()
            .all(|a| a.user == "Ann" && a.field == "import")
    );
    let audit_rows = store.audit_count().unwrap();
    let again = write(dir.path(), "again.csv", PROJECTS);
    let outcome =
        import_file(&mut store, Register::Projects, &again, "Bob", common::now()).unwrap();
    assert_eq!(
        (outcome.created, outcome.updated, outcome.unchanged),
        (0, 0, 2),
        "an identical file changes nothing"
    );
    assert_eq!(
        store.audit_count().unwrap(),
        audit_rows,
        "and audits nothing"
    );
    assert_eq!(store.project(p1).unwrap().unwrap().version, 1);
    let changed = write(
        dir.path(),
        "changed.csv",
        &PROJECTS.replace("Supplier late", "Supplier later"),
    );
    let outcome = import_file(
        &mut store,
        Register::Projects,
        &changed,
        "Bob",
        common::now(),
    )
    .unwrap();
    assert_eq!(
        (outcome.created, outcome.updated, outcome.unchanged),
        (0, 1, 1)
    );
    assert_eq!(store.portfolio(common::today()).unwrap().len(), 2);
    let project = store.project(p1).unwrap().unwrap();
    assert_eq!(project.version, 2);
    assert_eq!(
        store.rag_history(p1).unwrap().len(),
        1,
        "unchanged RAG adds no history"
    );
}

#[test]
fn the_audit_trail_cannot_be_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_plan(dir.path());
    drop(store);
    let conn = Connection::open(dir.path().join("w.db")).unwrap();
    let update = conn.execute("UPDATE audit_log SET user = 'someone else'", []);
    assert!(update.unwrap_err().to_string().contains("never changed"));
    let delete = conn.execute("DELETE FROM audit_log", []);
    assert!(delete.unwrap_err().to_string().contains("never deleted"));
}

#[test]
fn demo_data_is_as_rich_as_the_seed_reports() {
    let batch = demo_batch(common::today()).unwrap();
    assert!(batch.projects.len() >= 30);
    for stage in Stage::ALL {
        assert!(
            batch.projects.iter().any(|p| p.record.stage == stage),
            "{stage}"
        );
    }
    for rag in Rag::ALL {
        assert!(batch.projects.iter().any(|p| p.record.rag == rag), "{rag}");
    }
    assert!(batch.milestones.len() >= 150);
    assert!(batch.risks.len() >= 40);
    assert!(
        batch.risks.iter().any(|r| r.record.project_code.is_none()),
        "corporate risks"
    );
    assert!(
        batch
            .risks
            .iter()
            .all(|r| r.record.inherent_score().is_some() && r.record.target_score().is_some())
    );
    assert!(batch.cases.len() >= 2000);
    let open: Vec<_> = batch
        .cases
        .iter()
        .filter(|c| c.record.state.is_open())
        .collect();
    let stop_clock = open
        .iter()
        .filter(|c| c.record.state == CaseState::OnHold)
        .count();
    assert!((400..=550).contains(&open.len()), "{} open", open.len());
    assert!((250..=350).contains(&stop_clock), "{stop_clock} stop-clock");
    let totals = |month: &str| -> u32 {
        batch
            .snapshots
            .iter()
            .filter(|s| s.record.month.format("%Y-%m").to_string() == month)
            .map(|s| s.record.open_incidents + s.record.open_requests + s.record.stop_clock)
            .sum()
    };
    assert!(
        (700..=800).contains(&totals("2025-12")),
        "{}",
        totals("2025-12")
    );
    assert!(
        (440..=500).contains(&totals("2026-11")),
        "{}",
        totals("2026-11")
    );
    let history_span = batch
        .rag_history
        .iter()
        .map(|h| h.record.change.changed_at.date())
        .min()
        .unwrap();
    assert!(
        (common::today() - history_span).num_days() > 300,
        "a year of RAG history"
    );
}

#[test]
fn demo_dates_follow_today() {
    let later = common::today() + chrono::Duration::days(100);
    let now = demo_batch(common::today()).unwrap();
    let shifted = demo_batch(later).unwrap();
    let a = now.projects[0].record.forecast_end.unwrap();
    let b = shifted.projects[0].record.forecast_end.unwrap();
    assert_eq!((b - a).num_days(), 100);
    let month = |batch: &workplan::domain::records::ImportBatch| {
        batch
            .snapshots
            .iter()
            .map(|s| s.record.month)
            .max()
            .unwrap()
    };
    assert_eq!(month(&shifted).format("%Y-%m").to_string(), "2027-03");
}

#[test]
fn demo_replaces_only_its_own_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo_db(dir.path());
    let first = Store::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(first.portfolio(common::today()).unwrap().len(), 36);
    drop(first);
    build_demo(&path, common::now(), "Again").unwrap();
    let again = Store::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(
        again.portfolio(common::today()).unwrap().len(),
        36,
        "rebuilt, not doubled"
    );

    let mine = dir.path().join("mine.db");
    let store = small_plan(dir.path());
    drop(store);
    std::fs::rename(dir.path().join("w.db"), &mine).unwrap();
    let err = build_demo(&mine, common::now(), "x")
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a demo database"), "{err}");
    let kept = Store::open(&mine, OpenMode::MustExist).unwrap();
    assert_eq!(kept.portfolio(common::today()).unwrap().len(), 2);
}

#[test]
fn the_portfolio_query_uses_an_index_for_every_register() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_plan(dir.path());
    let plan = store.explain_portfolio(common::today()).unwrap();
    let full_scans: Vec<_> = plan
        .iter()
        // The driving table is read whole (every project is listed); nothing else may be.
        .filter(|step| {
            step.starts_with("SCAN") && !step.contains("subquery") && !step.starts_with("SCAN p ")
        })
        .collect();
    assert!(full_scans.is_empty(), "full scans in {plan:#?}");
    assert!(
        plan.iter()
            .any(|s| s.contains("COVERING INDEX milestones_live_by_project"))
    );
    assert!(plan.iter().any(|s| s.contains("cases_by_project")));
    assert!(
        plan.iter()
            .any(|s| s.contains("COVERING INDEX risks_by_project")),
        "the high-risk count reads the index alone: {plan:#?}"
    );
    assert!(plan.iter().any(|s| s.contains("rag_history_by_project")));
}

#[test]
fn a_reimport_that_moves_a_date_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_plan(dir.path());
    let moved = write(
        dir.path(),
        "moved.csv",
        "project_code,name,baseline_date,forecast_date,actual_date\n\
         P-1,Go-live,2026-12-01,2027-01-15,\n\
         P-1,Closure,2026-12-10,2026-12-22,\n",
    );
    import_file(
        &mut store,
        Register::Milestones,
        &moved,
        "Bob",
        common::now(),
    )
    .unwrap();
    let moves = store
        .milestone_moves_since(common::today() - chrono::Duration::days(1))
        .unwrap();
    assert_eq!(moves.len(), 1, "only the forecast that changed: {moves:?}");
    let m = &moves[0];
    assert_eq!(m.old_date.unwrap().to_string(), "2026-12-20");
    assert_eq!(m.new_date.unwrap().to_string(), "2027-01-15");
    assert_eq!(m.moved_days(), Some(26));
    assert_eq!(m.changed_by, "Bob");
    assert!(m.reason.contains("moved.csv"));
    assert!(
        store
            .milestone_moves_since(common::today() + chrono::Duration::days(1))
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.all_milestones().unwrap().len(), 5);
}

#[test]
fn a_version_one_database_is_upgraded_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut conn = Connection::open(&path).unwrap();
    let migrations = rusqlite_migration::Migrations::from_slice(&workplan::store::MIGRATIONS[..1]);
    migrations.to_latest(&mut conn).unwrap();
    conn.execute(
        "INSERT INTO projects (code, name, stage, updated_at) VALUES ('OLD-1', 'Kept', 'proposed', '2026-01-01T00:00:00')",
        [],
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        workplan::store::latest_version()
    );
    assert!(store.schema_version().unwrap() >= 2);
    let rows = store.portfolio(common::today()).unwrap();
    assert_eq!(rows[0].code, "OLD-1");
    assert!(
        store
            .milestone_moves_since(common::today())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_file_with_a_few_columns_changes_only_those() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_plan(dir.path());
    let few = write(
        dir.path(),
        "few.csv",
        "code,name,stage,rag,rag_reason\nP-1,Firewall renewal,in-delivery,red,Supplier failed\n",
    );
    import_file(&mut store, Register::Projects, &few, "Ann", common::now()).unwrap();
    let id = store.project_id_by_code("P-1").unwrap().unwrap();
    let p = store.project(id).unwrap().unwrap();
    assert_eq!(p.name, "Firewall renewal");
    assert_eq!(p.rag, Rag::Red);
    assert_eq!(p.manager, "Ann", "not in the file: kept");
    assert_eq!(p.theme.as_deref(), Some("Architecture"), "kept");
    assert_eq!(p.organisations, ["Brackenford", "Holmwick"], "kept");
    assert_eq!(p.forecast_end.unwrap().to_string(), "2026-12-20", "kept");
    let ms = write(
        dir.path(),
        "ms.csv",
        "project_code,name,owner\nP-1,Go-live,Bob\n",
    );
    import_file(&mut store, Register::Milestones, &ms, "Ann", common::now()).unwrap();
    let golive = store
        .milestones(id)
        .unwrap()
        .into_iter()
        .find(|m| m.name == "Go-live")
        .unwrap();
    assert_eq!(golive.owner, "Bob");
    assert_eq!(
        golive.forecast_date.unwrap().to_string(),
        "2026-12-20",
        "dates kept"
    );
    assert!(
        store
            .milestone_moves_since(common::today())
            .unwrap()
            .is_empty(),
        "no phantom moves"
    );
}

#[test]
fn the_service_desk_pass_reads_in_index_order_without_sorting() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_plan(dir.path());
    let plan = store.explain_desk_cases().unwrap();
    assert!(
        plan.iter().all(|step| !step.contains("TEMP B-TREE")),
        "a million rows would be sorted: {plan:#?}"
    );
    assert!(
        plan.iter()
            .any(|s| s.contains("case_state_changes_by_case")),
        "{plan:#?}"
    );
}

/// Every audit row's chain hash, in id order.
fn audit_hashes(path: &std::path::Path) -> Vec<(i64, Option<String>)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, hash FROM audit_log ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[test]
fn the_audit_chain_verifies_after_imports_and_edits() {
    use workplan::store::edit::{Actor, Edit, EditOutcome, Entity};
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_plan(dir.path());
    // A reimport that changes fields and organisations: several chained rows in one import.
    let changed = write(
        dir.path(),
        "changed.csv",
        &PROJECTS
            .replace("Supplier late", "Supplier later")
            .replace("Brackenford;Holmwick", "Brackenford"),
    );
    import_file(
        &mut store,
        Register::Projects,
        &changed,
        "Bob",
        common::now(),
    )
    .unwrap();
    let project = store.project_id_by_code("P-1").unwrap().unwrap();
    let build = store
        .milestones(project)
        .unwrap()
        .into_iter()
        .find(|m| m.name == "Build")
        .unwrap();
    let outcome = store
        .apply_edit(
            &Edit {
                entity: Entity::Milestone,
                id: build.id,
                expected_version: build.version,
                loaded: vec![],
                values: vec![(
                    "forecast_date",
                    rusqlite::types::Value::Text("2026-12-01".into()),
                )],
                reason: "Supplier delay".into(),
            },
            Actor {
                user: "Ann",
                now: common::now(),
            },
        )
        .unwrap();
    assert!(matches!(outcome, EditOutcome::Saved { .. }), "{outcome:?}");
    let report = store.check().unwrap();
    assert!(report.problems.is_empty(), "{report:?}");
    let rows = store.audit_count().unwrap();
    assert!(
        report
            .facts
            .contains(&format!("audit trail intact: {rows} rows chained")),
        "{report:?}"
    );
    drop(store);
    let hashes = audit_hashes(&dir.path().join("w.db"));
    assert_eq!(hashes.len() as i64, rows);
    for (i, (id, hash)) in hashes.iter().enumerate() {
        assert_eq!(*id, i as i64 + 1, "ids follow one another");
        assert!(
            hash.as_deref().is_some_and(is_sha256_hex),
            "row {id}: {hash:?}"
        );
    }
    let distinct: std::collections::HashSet<_> = hashes.iter().map(|(_, h)| h).collect();
    assert_eq!(distinct.len(), hashes.len());
}

#[test]
fn a_file_from_every_earlier_schema_starts_its_chain_at_a_marker_row() {
    let latest = workplan::store::latest_version() as usize;
    // Every schema from before the chain began (schema 9 added it).
    for version in 1..9 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let mut conn = Connection::open(&path).unwrap();
        rusqlite_migration::Migrations::from_slice(&workplan::store::MIGRATIONS[..version])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO projects (code, name, stage, updated_at)
                 VALUES ('OLD-1', 'Kept', 'proposed', '2026-01-01T00:00:00');
             INSERT INTO audit_log (at, user, entity, entity_id, project_id, field, old_value, new_value, reason)
                 VALUES ('2026-01-01T00:00:00', 'Ann', 'project', 1, 1, 'created', NULL, 'created OLD-1', '');
             INSERT INTO audit_log (at, user, entity, entity_id, project_id, field, old_value, new_value, reason)
                 VALUES ('2026-01-02T00:00:00', 'Ann', 'project', 1, 1, 'rag', 'unrated', 'green', 'kick-off');",
        )
        .unwrap();
        drop(conn);

        let mut store = Store::open(&path, OpenMode::MustExist).unwrap();
        assert_eq!(store.schema_version().unwrap() as usize, latest);
        let entries = store.audit_log(None, None, 10).unwrap();
        assert_eq!(entries.len(), 3, "schema {version}: {entries:?}");
        let marker = entries.iter().find(|e| e.id == 3).unwrap();
        assert_eq!(
            (marker.entity.as_str(), marker.field.as_str()),
            ("audit", "chain started")
        );
        assert!(
            marker.reason.contains("tamper-evident") && marker.reason.contains("2 earlier rows"),
            "{}",
            marker.reason
        );
        let report = store.check().unwrap();
        assert!(report.problems.is_empty(), "schema {version}: {report:?}");
        assert!(
            report.facts.contains(
                &"audit trail intact: 1 row chained from row 3 (the 2 rows before it predate the chain)"
                    .to_string()
            ),
            "{report:?}"
        );
        // The app's rows after the marker join its chain.
        let csv = write(
            dir.path(),
            "more.csv",
            "code,name,stage,rag,rag_reason\nOLD-1,Kept,in-delivery,amber,Slipping\n",
        );
        import_file(&mut store, Register::Projects, &csv, "Bob", common::now()).unwrap();
        let report = store.check().unwrap();
        assert!(report.problems.is_empty(), "schema {version}: {report:?}");
        drop(store);
        let hashes = audit_hashes(&path);
        assert!(hashes.len() > 3);
        assert_eq!(hashes[0].1, None, "rows from before the chain keep no hash");
        assert_eq!(hashes[1].1, None);
        assert!(
            hashes[2..]
                .iter()
                .all(|(_, h)| h.as_deref().is_some_and(is_sha256_hex))
        );
        // Opening again adds no second marker.
        let store = Store::open(&path, OpenMode::MustExist).unwrap();
        assert_eq!(store.audit_count().unwrap(), hashes.len() as i64);
    }
}

#[test]
fn a_file_upgraded_with_an_empty_trail_needs_no_marker() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut conn = Connection::open(&path).unwrap();
    let previous = workplan::store::latest_version() as usize - 1;
    rusqlite_migration::Migrations::from_slice(&workplan::store::MIGRATIONS[..previous])
        .to_latest(&mut conn)
        .unwrap();
    drop(conn);
    let store = Store::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(store.audit_count().unwrap(), 0);
    assert!(store.check().unwrap().problems.is_empty());
}
