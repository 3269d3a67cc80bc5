//! Edits through the store: version checks between two connections, exactly one audit row per
//! changed field in the same transaction, and the side records (RAG history, date history).

mod common;

use rusqlite::types::Value;
use workplan::store::edit::{Actor, Edit, EditOutcome, Entity};
use workplan::store::{OpenMode, Store, StoreError};

fn actor(user: &str) -> Actor<'_> {
    Actor {
        user,
        now: common::now(),
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// Two connections to one demo database, as two users over SSH would have.
fn two_users() -> (tempfile::TempDir, Store, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo_db(dir.path());
    let ann = Store::open(&path, OpenMode::MustExist).unwrap();
    let bob = Store::open(&path, OpenMode::MustExist).unwrap();
    (dir, ann, bob)
}

fn milestone(store: &Store, code: &str, name: &str) -> workplan::domain::Milestone {
    let project = store.project_id_by_code(code).unwrap().unwrap();
    store
        .milestones(project)
        .unwrap()
        .into_iter()
        .find(|m| m.name == name)
        .unwrap()
}

#[test]
fn a_stale_edit_is_a_conflict_that_keeps_both_values() {
    let (_dir, mut ann, mut bob) = two_users();
    let loaded = milestone(&ann, "ICT-019", "Cutover at Holmwick House");
    let seen_by_bob = milestone(&bob, "ICT-019", "Cutover at Holmwick House");
    let ann_edit = Edit {
        entity: Entity::Milestone,
        id: loaded.id,
        expected_version: loaded.version,
        loaded: vec![],
        values: vec![("forecast_date", text("2027-01-20"))],
        reason: "Supplier delay".into(),
    };
    let saved = ann.apply_edit(&ann_edit, actor("Ann")).unwrap();
    let EditOutcome::Saved {
        version, changes, ..
    } = saved
    else {
        panic!("{saved:?}")
    };
    assert_eq!(version, loaded.version + 1);
    assert_eq!(changes.len(), 1);

    let bob_edit = Edit {
        entity: Entity::Milestone,
        id: seen_by_bob.id,
        expected_version: seen_by_bob.version,
        loaded: vec![],
        values: vec![("forecast_date", text("2027-02-10"))],
        reason: "Resource clash".into(),
    };
    let audit_before = bob.audit_count().unwrap();
    let outcome = bob.apply_edit(&bob_edit, actor("Bob")).unwrap();
    let EditOutcome::Conflict { version, theirs } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        theirs,
        vec![("forecast_date", text("2027-01-20"))],
        "Ann's value"
    );
    assert_eq!(bob.audit_count().unwrap(), audit_before, "nothing written");
    assert_eq!(
        milestone(&bob, "ICT-019", "Cutover at Holmwick House")
            .forecast_date
            .unwrap()
            .to_string(),
        "2027-01-20"
    );
    // Bob re-applies his value on top of Ann's.
    let retry = Edit {
        expected_version: version,
        loaded: vec![],
        ..bob_edit
    };
    assert!(matches!(
        bob.apply_edit(&retry, actor("Bob")).unwrap(),
        EditOutcome::Saved { .. }
    ));
    let now = milestone(&ann, "ICT-019", "Cutover at Holmwick House");
    assert_eq!(now.forecast_date.unwrap().to_string(), "2027-02-10");
    assert_eq!(now.version, loaded.version + 2);
}

#[test]
fn every_change_writes_exactly_its_audit_rows_and_side_records() {
    let (_dir, mut ann, _bob) = two_users();
    let project_id = ann.project_id_by_code("ICT-017").unwrap().unwrap();
    let project = ann.project(project_id).unwrap().unwrap();
    let audit_before = ann.project_audit(project_id, 1000).unwrap().len();
    let history_before = ann.rag_history(project_id).unwrap().len();
    let edit = Edit {
        entity: Entity::Project,
        id: project_id,
        expected_version: project.version,
        loaded: vec![],
        values: vec![
            ("rag", text("amber")),
            ("rag_reason", text("Retention labels late")),
            ("manager", Value::Text(project.manager.clone())),
        ],
        reason: "Retention labels late".into(),
    };
    ann.apply_edit(&edit, actor("Ann")).unwrap();
    let audit = ann.project_audit(project_id, 1000).unwrap();
    assert_eq!(
        audit.len(),
        audit_before + 2,
        "rag and rag_reason; manager did not change"
    );
    let newest: Vec<_> = audit.iter().take(2).map(|a| a.field.as_str()).collect();
    assert!(newest.contains(&"rag") && newest.contains(&"rag_reason"));
    let rag_row = audit.iter().find(|a| a.field == "rag").unwrap();
    assert_eq!(rag_row.old_value.as_deref(), Some("amber-green"));
    assert_eq!(rag_row.new_value.as_deref(), Some("amber"));
    assert_eq!(rag_row.user, "Ann");
    assert_eq!(rag_row.reason, "Retention labels late");
    let history = ann.rag_history(project_id).unwrap();
    assert_eq!(history.len(), history_before + 1);
    assert_eq!(history.last().unwrap().rag, workplan::domain::Rag::Amber);

    let m = milestone(&ann, "ICT-017", "Retention labels agreed with services");
    let moves_before = ann.milestone_moves_since(common::today()).unwrap().len();
    ann.apply_edit(
        &Edit {
            entity: Entity::Milestone,
            id: m.id,
            expected_version: m.version,
            loaded: vec![],
            values: vec![("actual_date", text("2026-11-22"))],
            reason: "Done".into(),
        },
        actor("Ann"),
    )
    .unwrap();
    assert_eq!(
        ann.milestone_moves_since(common::today()).unwrap().len(),
        moves_before,
        "an actual date is not a forecast move"
    );
    let audit_after = ann.project_audit(project_id, 1000).unwrap();
    assert_eq!(audit_after.len(), audit.len() + 1);
    assert_eq!(audit_after[0].entity, "milestone");
    assert_eq!(audit_after[0].field, "actual_date");
}

#[test]
fn creating_and_archiving_are_audited_and_undoable() {
    let (_dir, mut ann, _bob) = two_users();
    let project_id = ann.project_id_by_code("ICT-019").unwrap().unwrap();
    let before = ann.milestones(project_id).unwrap().len();
    let id = ann
        .create(
            Entity::Milestone,
            &[
                ("project_id", Value::Integer(project_id)),
                ("name", text("Rule-base re-test")),
                ("baseline_date", text("2026-12-14")),
                ("forecast_date", text("2026-12-14")),
            ],
            "",
            actor("Ann"),
        )
        .unwrap();
    assert_eq!(ann.milestones(project_id).unwrap().len(), before + 1);
    let audit = ann.project_audit(project_id, 1).unwrap();
    assert_eq!(audit[0].field, "created");
    assert_eq!(
        audit[0].new_value.as_deref(),
        Some("created Rule-base re-test")
    );
    let version = ann.version_of(Entity::Milestone, id).unwrap().unwrap();
    ann.apply_edit(
        &Edit {
            entity: Entity::Milestone,
            id,
            expected_version: version,
            loaded: vec![],
            values: vec![("archived", Value::Integer(1))],
            reason: "Added by mistake".into(),
        },
        actor("Ann"),
    )
    .unwrap();
    assert_eq!(
        ann.milestones(project_id).unwrap().len(),
        before,
        "archived is hidden"
    );
}

#[test]
fn bad_edits_are_refused_before_anything_is_written() {
    let (_dir, mut ann, _bob) = two_users();
    let project_id = ann.project_id_by_code("ICT-019").unwrap().unwrap();
    let err = ann
        .apply_edit(
            &Edit {
                entity: Entity::Project,
                id: project_id,
                expected_version: 1,
                loaded: vec![],
                values: vec![("version", Value::Integer(99))],
                reason: String::new(),
            },
            actor("Ann"),
        )
        .unwrap_err();
    assert!(err.to_string().contains("no editable field version"));
    let missing = ann
        .apply_edit(
            &Edit {
                entity: Entity::Project,
                id: 999_999,
                expected_version: 1,
                loaded: vec![],
                values: vec![("name", text("x"))],
                reason: String::new(),
            },
            actor("Ann"),
        )
        .unwrap();
    assert_eq!(missing, EditOutcome::Missing);
    // The schema refuses a percentage over 100 even if a caller forgot to check.
    let project = ann.project(project_id).unwrap().unwrap();
    let err = ann.apply_edit(
        &Edit {
            entity: Entity::Project,
            id: project_id,
            expected_version: project.version,
            loaded: vec![],
            values: vec![("percent_complete", Value::Integer(150))],
            reason: String::new(),
        },
        actor("Ann"),
    );
    assert!(err.is_err());
    assert_eq!(
        ann.project(project_id).unwrap().unwrap().version,
        project.version
    );
}

#[test]
fn a_read_only_store_refuses_edits() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::demo_db(dir.path());
    let mut store = Store::open(&path, OpenMode::ReadOnly).unwrap();
    let id = store.project_id_by_code("ICT-019").unwrap().unwrap();
    let err = store
        .apply_edit(
            &Edit {
                entity: Entity::Project,
                id,
                expected_version: 1,
                loaded: vec![],
                values: vec![("name", text("x"))],
                reason: String::new(),
            },
            actor("Ann"),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly(_)), "{err}");
}

#[test]
fn a_stale_edit_of_other_fields_merges_and_of_the_same_field_conflicts() {
    let (_dir, mut ann, mut bob) = two_users();
    let id = ann.project_id_by_code("ICT-017").unwrap().unwrap();
    let seen = ann.project(id).unwrap().unwrap();
    // Ann renames; Bob, who loaded the project before, changes the sponsor.
    let renamed = Edit {
        entity: Entity::Project,
        id,
        expected_version: seen.version,
        values: vec![("name", text("Renamed by Ann"))],
        loaded: vec![("name", text(&seen.name))],
        reason: String::new(),
    };
    assert!(matches!(
        ann.apply_edit(&renamed, actor("Ann")).unwrap(),
        EditOutcome::Saved { merged: false, .. }
    ));
    let sponsor = Edit {
        entity: Entity::Project,
        id,
        expected_version: seen.version,
        values: vec![("sponsor", text("Bob's sponsor"))],
        loaded: vec![("sponsor", text(&seen.sponsor))],
        reason: String::new(),
    };
    let outcome = bob.apply_edit(&sponsor, actor("Bob")).unwrap();
    assert!(
        matches!(outcome, EditOutcome::Saved { merged: true, ref changes, .. } if changes.len() == 1),
        "{outcome:?}"
    );
    let now = bob.project(id).unwrap().unwrap();
    assert_eq!(now.name, "Renamed by Ann", "Ann's change stands");
    assert_eq!(now.sponsor, "Bob's sponsor");

    // The same field changed to the same value by both is no conflict.
    let same = Edit {
        values: vec![("name", text("Renamed by Ann"))],
        loaded: vec![("name", text(&seen.name))],
        ..sponsor.clone()
    };
    assert!(matches!(
        bob.apply_edit(&same, actor("Bob")).unwrap(),
        EditOutcome::Saved { .. }
    ));
    // To another value it is, naming that field only, and writing nothing.
    let clash = Edit {
        values: vec![
            ("name", text("Renamed by Bob")),
            ("manager", text("Bob's manager")),
        ],
        loaded: vec![("name", text(&seen.name)), ("manager", text(&seen.manager))],
        ..sponsor
    };
    let audit_before = bob.audit_count().unwrap();
    let outcome = bob.apply_edit(&clash, actor("Bob")).unwrap();
    let EditOutcome::Conflict { theirs, .. } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(theirs, vec![("name", text("Renamed by Ann"))]);
    assert_eq!(bob.audit_count().unwrap(), audit_before, "nothing written");
    assert_eq!(bob.project(id).unwrap().unwrap().manager, seen.manager);
}

/// A project's theme and organisations are edited by name, as the import files name them: a
/// known name matches whatever its case, a new one is added, and each change is one audit row
/// in the same write; the form's loaded values read them the same way.
#[test]
fn a_projects_theme_and_organisations_are_edited_by_name_and_audited() {
    let (_dir, mut ann, _bob) = two_users();
    let id = ann.project_id_by_code("ICT-026").unwrap().unwrap();
    let seen = ann.project(id).unwrap().unwrap();
    assert_eq!(seen.organisations, ["Holmwick District Council"]);
    let (_, loaded) = ann
        .editable_values(Entity::Project, id, &["theme", "organisations"])
        .unwrap()
        .unwrap();
    assert_eq!(
        loaded,
        vec![
            (
                "theme",
                text("Council Service Development and Transformation")
            ),
            ("organisations", text("Holmwick District Council")),
        ]
    );
    let audit_before = ann.project_audit(id, 1000).unwrap().len();
    let edit = Edit {
        entity: Entity::Project,
        id,
        expected_version: seen.version,
        loaded: loaded.clone(),
        values: vec![
            ("theme", text("ict strategic architecture")),
            (
                "organisations",
                text(
                    "Parish Partnership;  holmwick district council ; Brackenford Borough Council",
                ),
            ),
        ],
        reason: "Now both councils".into(),
    };
    let outcome = ann.apply_edit(&edit, actor("Ann")).unwrap();
    let EditOutcome::Saved { changes, .. } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(changes.len(), 2);
    let now = ann.project(id).unwrap().unwrap();
    assert_eq!(
        now.theme.as_deref(),
        Some("ICT Strategic Architecture"),
        "the known theme, as it is spelt"
    );
    assert_eq!(
        now.organisations,
        [
            "Brackenford Borough Council",
            "Holmwick District Council",
            "Parish Partnership"
        ],
        "a new organisation is added, as an import adds it"
    );
    assert_eq!(now.version, seen.version + 1);
    let audit = ann.project_audit(id, 1000).unwrap();
    assert_eq!(audit.len(), audit_before + 2);
    let organisations = audit.iter().find(|a| a.field == "organisations").unwrap();
    assert_eq!(
        organisations.old_value.as_deref(),
        Some("Holmwick District Council")
    );
    assert_eq!(
        organisations.new_value.as_deref(),
        Some("Brackenford Borough Council; Holmwick District Council; Parish Partnership")
    );
    assert_eq!(organisations.reason, "Now both councils");
    let theme = audit.iter().find(|a| a.field == "theme").unwrap();
    assert_eq!(
        theme.new_value.as_deref(),
        Some("ICT Strategic Architecture")
    );

    // The same names again, spelt otherwise: nothing changes, nothing is audited.
    let again = Edit {
        expected_version: now.version,
        values: vec![
            ("theme", text("ICT STRATEGIC ARCHITECTURE ")),
            (
                "organisations",
                text("parish partnership; Brackenford Borough Council; Holmwick District Council"),
            ),
        ],
        ..edit.clone()
    };
    let outcome = ann.apply_edit(&again, actor("Ann")).unwrap();
    assert!(
        matches!(outcome, EditOutcome::Saved { ref changes, .. } if changes.is_empty()),
        "{outcome:?}"
    );
    assert_eq!(ann.project_audit(id, 1000).unwrap().len(), audit_before + 2);

    // No theme and no organisations.
    ann.apply_edit(
        &Edit {
            expected_version: now.version,
            values: vec![("theme", text("")), ("organisations", text(""))],
            ..edit
        },
        actor("Ann"),
    )
    .unwrap();
    let cleared = ann.project(id).unwrap().unwrap();
    assert_eq!(cleared.theme, None);
    assert!(cleared.organisations.is_empty());

    // A new project names them the same way.
    let created = ann
        .create(
            Entity::Project,
            &[
                ("code", text("ICT-099")),
                ("name", text("Parish broadband")),
                ("stage", text("proposed")),
                ("rag", text("unrated")),
                ("theme", text("Community Connectivity")),
                (
                    "organisations",
                    text("Parish Partnership; Holmwick District Council"),
                ),
            ],
            "",
            actor("Ann"),
        )
        .unwrap();
    let new = ann.project(created).unwrap().unwrap();
    assert_eq!(new.theme.as_deref(), Some("Community Connectivity"));
    assert_eq!(
        new.organisations,
        ["Holmwick District Council", "Parish Partnership"]
    );
}
