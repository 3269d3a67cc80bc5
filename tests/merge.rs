//! Two processes changing one project: the app (a form open on it) and a CLI import run as a
//! separate process. Changes to different fields merge and both stand; a change to the same
//! field is a conflict that shows both values whole, and re-applying writes only the user's
//! fields.

mod common;

use common::screen::{Fixture, Harness, harness};
use crossterm::event::KeyCode;
use workplan::domain::Project;
use workplan::tui::app::Overlay;
use workplan::tui::theme::Theme;

fn selected(h: &Harness) -> Project {
    let code = h.app.selected_row().unwrap().code.clone();
    let id = h.runtime.store.project_id_by_code(&code).unwrap().unwrap();
    h.runtime.store.project(id).unwrap().unwrap()
}

fn reread(h: &Harness, project: &Project) -> Project {
    h.runtime.store.project(project.id).unwrap().unwrap()
}

/// Another process imports `csv` (a partial projects file) into the app's database.
fn import_elsewhere(h: &Harness, csv: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("update.csv");
    std::fs::write(&file, csv).unwrap();
    common::bin()
        .args(["--db"])
        .arg(h.runtime.store.path())
        .args(["import", "projects"])
        .arg(&file)
        .assert()
        .success();
}

/// Open the edit form on the selected project and move to the field called `label`.
fn edit_field(h: &mut Harness, label: &str) {
    h.press(KeyCode::Char('e'));
    let Some(Overlay::Form(open)) = &h.app.overlay else {
        panic!("the edit form")
    };
    let steps = open
        .form
        .fields
        .iter()
        .position(|f| f.label == label)
        .unwrap();
    for _ in 0..steps {
        h.press(KeyCode::Tab);
    }
}

#[test]
fn changes_to_different_fields_from_two_processes_both_stand() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    let before = selected(&h);
    edit_field(&mut h, "Sponsor");
    h.keys(" (acting)");
    // Meanwhile a colleague's import changes the manager of the same project.
    import_elsewhere(
        &h,
        &format!("code,manager\n{},Imported Manager\n", before.code),
    );
    h.press(KeyCode::Enter);
    assert!(h.app.overlay.is_none(), "no dialog: the fields differ");
    let after = reread(&h, &before);
    assert_eq!(after.sponsor, format!("{} (acting)", before.sponsor));
    assert_eq!(
        after.manager, "Imported Manager",
        "the import's change stands"
    );
    assert_eq!(
        after.name, before.name,
        "untouched fields are not rewritten"
    );
    let message = h.app.message.clone().unwrap_or_default();
    assert!(message.contains("merged"), "{message}");
}

#[test]
fn the_same_field_changed_by_both_is_a_conflict_and_reapplying_writes_only_mine() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    let before = selected(&h);
    edit_field(&mut h, "Name");
    h.keys(" phase 2");
    let theirs = "Renamed by the import, a name long enough to need more than one line of the dialog at this width, which the old dialog cut at 38 characters";
    import_elsewhere(
        &h,
        &format!(
            "code,name,manager,budget_capital\n{},\"{theirs}\",Imported Manager,1234567.89\n",
            before.code
        ),
    );
    h.press(KeyCode::Enter);
    let Some(Overlay::Conflict(conflict)) = &h.app.overlay else {
        panic!("a conflict: both changed the name")
    };
    let fields: Vec<&str> = conflict.theirs.iter().map(|(c, _)| *c).collect();
    assert_eq!(fields, ["name"], "only the field both changed");
    // Both values whole, the long one wrapped over lines.
    let screen: String = h.text().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        screen.contains("which the old dialog cut at 38 characters"),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("{} phase 2", before.name)),
        "{screen}"
    );
    assert_eq!(
        reread(&h, &before).name,
        theirs,
        "nothing saved before the choice"
    );

    h.press(KeyCode::Char('r'));
    let after = reread(&h, &before);
    assert_eq!(after.name, format!("{} phase 2", before.name), "mine");
    assert_eq!(
        after.manager, "Imported Manager",
        "their other change stands"
    );
    assert_eq!(after.budget_capital, Some(123_456_789), "and their money");
    assert_eq!(after.sponsor, before.sponsor);
}

#[test]
fn the_conflict_dialog_shows_money_dates_and_rag_as_the_app_does() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    let before = selected(&h);
    edit_field(&mut h, "Capital £");
    for _ in 0..20 {
        h.press(KeyCode::Backspace);
    }
    h.keys("2500000");
    import_elsewhere(
        &h,
        &format!("code,budget_capital\n{},1750000.50\n", before.code),
    );
    h.press(KeyCode::Enter);
    assert!(matches!(h.app.overlay, Some(Overlay::Conflict(_))));
    let screen = h.text();
    assert!(
        screen.contains("£1,750,000.50"),
        "theirs in pounds: {screen}"
    );
    assert!(screen.contains("£2,500,000"), "mine in pounds: {screen}");
    assert!(!screen.contains("175000050"), "never pence: {screen}");
    h.press(KeyCode::Char('d'));
    assert_eq!(reread(&h, &before).budget_capital, Some(175_000_050));
}

#[test]
fn undo_after_a_colleagues_change_to_another_field_keeps_theirs() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    let before = selected(&h);
    edit_field(&mut h, "Sponsor");
    h.keys(" (acting)");
    h.press(KeyCode::Enter);
    import_elsewhere(
        &h,
        &format!("code,manager\n{},Imported Manager\n", before.code),
    );
    h.press(KeyCode::Char('u'));
    let after = reread(&h, &before);
    assert_eq!(after.sponsor, before.sponsor, "my change undone");
    assert_eq!(after.manager, "Imported Manager", "theirs kept");
}
