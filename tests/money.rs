//! Money never wraps: amounts over £1 trillion are refused on import and in forms, with the
//! file, line, field and value named, and totals add up whatever the amounts.

mod common;

#[test]
fn an_import_with_an_amount_over_a_trillion_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let file = dir.path().join("budgets.csv");
    std::fs::write(
        &file,
        "code,budget_capital\nICT-017,1200000\nICT-019,\"45,000,000,000,000\"\n",
    )
    .unwrap();
    let output = common::bin()
        .arg("--db")
        .arg(&db)
        .args(["import", "projects"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("budgets.csv:3: budget_capital:")
            && stderr.contains("45,000,000,000,000")
            && stderr.contains("over £1 trillion"),
        "{stderr}"
    );
    // All or nothing: the valid first row was not written either.
    let store = workplan::store::Store::open(&db, workplan::store::OpenMode::ReadOnly).unwrap();
    let id = store.project_id_by_code("ICT-017").unwrap().unwrap();
    assert_ne!(
        store.project(id).unwrap().unwrap().budget_capital,
        Some(120_000_000)
    );
}

#[test]
fn the_report_totals_two_near_trillion_budgets_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::projects_db(
        dir.path(),
        "code,name,stage,rag,budget_capital\n\
         ICT-001,One,in-delivery,green,999999999999\n\
         ICT-002,Two,in-delivery,green,999999999999\n",
    );
    let output = common::bin()
        .arg("--db")
        .arg(&db)
        .args(["report", "--format", "md"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.contains("£1,999,999,999,998"), "{report}");
}
