//! The service-desk view on the demo (a year of cases with state history, and monthly counts):
//! snapshots at 80x24 and 160x50 including the trend chart, the SLA lists, linking a case to a
//! project and unlinking it, and adding a month's counts from the app.

mod common;

use common::screen::{Fixture, harness};
use crossterm::event::KeyCode;
use workplan::domain::CaseState;
use workplan::domain::dates::display_time;
use workplan::domain::sla::holds;
use workplan::store::{OpenMode, Store};
use workplan::tui::app::{Overlay, Screen, Tab};
use workplan::tui::background::BackgroundFrom;
use workplan::tui::desk::DeskMode;
use workplan::tui::theme::Theme;

#[test]
fn summary_and_lists_at_both_sizes() {
    for (w, hgt) in [(80u16, 24u16), (160, 50)] {
        let mut h = harness(w, hgt, Theme::colour(), Fixture::Demo);
        h.press(KeyCode::Char('4'));
        assert_eq!(h.app.screen, Screen::Desk);
        insta::assert_snapshot!(format!("desk_summary_{w}x{hgt}"), h.text());
        h.press(KeyCode::Char('v'));
        insta::assert_snapshot!(format!("desk_breached_{w}x{hgt}"), h.text());
        h.press(KeyCode::Char('v'));
        h.press(KeyCode::Char('v'));
        insta::assert_snapshot!(format!("desk_flow_{w}x{hgt}"), h.text());
    }
}

#[test]
fn the_demo_figures_read_like_the_seed_reports() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    h.press(KeyCode::Char('4'));
    let s = &h.app.desk.summary;
    assert_eq!(s.open.total(), 471);
    assert_eq!(s.open.stop_clock, 306);
    assert!(
        s.breached.len() > 20 && s.breached.len() < 150,
        "{}",
        s.breached.len()
    );
    assert!(!s.warning.is_empty());
    let opened: Vec<_> = s
        .breached
        .iter()
        .map(|i| h.app.desk.cases[*i].opened_at)
        .collect();
    assert!(opened.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    assert_eq!(s.months.first().unwrap().open.unwrap().total(), 756);
    assert_eq!(s.months.last().unwrap().open.unwrap().total(), 471);
    assert!(
        h.text()
            .contains("Open cases 471: 165 active, 306 stop-clock · -26 on last month (497)")
    );
}

#[test]
fn link_a_case_to_a_project_then_unlink_it() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    h.press(KeyCode::Char('4'));
    h.press(KeyCode::Char('v'));
    assert_eq!(h.app.desk.mode, DeskMode::Breached);
    let case = h.app.desk.cases[h.app.desk.summary.breached[0]].clone();
    h.press(KeyCode::Char('L'));
    assert!(
        matches!(h.app.overlay, Some(Overlay::Form(_))),
        "{}",
        h.text()
    );
    for _ in 0..20 {
        h.press(KeyCode::Backspace);
    }
    h.keys("ICT-999");
    h.press(KeyCode::Enter);
    assert!(
        h.text().contains("no project with code 'ICT-999'"),
        "{}",
        h.text()
    );
    for _ in 0..7 {
        h.press(KeyCode::Backspace);
    }
    h.keys("ICT-019");
    h.press(KeyCode::Enter);
    assert!(h.app.overlay.is_none(), "{}", h.text());
    let linked = h.app.desk.cases.iter().find(|c| c.id == case.id).unwrap();
    assert_eq!(linked.project_code.as_deref(), Some("ICT-019"));
    // Enter on the case opens its detail, which names the project; p opens it, and the case
    // is on its Cases tab.
    h.press(KeyCode::Enter);
    assert!(
        h.text()
            .contains("Project      ICT-019 Perimeter firewall replacement · p opens it"),
        "{}",
        h.text()
    );
    h.press(KeyCode::Char('p'));
    assert_eq!(h.app.screen, Screen::Project);
    while h.app.project.as_ref().unwrap().tab != Tab::Cases {
        h.press(KeyCode::Tab);
    }
    let index = h
        .app
        .project
        .as_ref()
        .unwrap()
        .cases
        .iter()
        .position(|c| c.reference == case.reference)
        .unwrap();
    h.press(KeyCode::Char('g'));
    for _ in 0..index {
        h.press(KeyCode::Char('j'));
    }
    h.press(KeyCode::Char('x'));
    assert!(
        h.text()
            .contains(&format!("Unlink case {} from ICT-019?", case.reference))
    );
    h.press(KeyCode::Char('y'));
    let state = h.app.project.as_ref().unwrap();
    assert!(!state.cases.iter().any(|c| c.reference == case.reference));
    assert!(
        state
            .audit
            .iter()
            .any(|a| a.entity == "case" && a.reason == "unlinked from ICT-019")
    );
    // Esc goes back to the desk, the case's detail still open.
    h.press(KeyCode::Esc);
    assert_eq!(h.app.screen, Screen::Desk);
    assert_eq!(h.app.desk.detail.map(|d| d.id), Some(case.id));
}

#[test]
fn enter_on_a_breached_case_shows_its_sla_clock_holds_and_state_history() {
    for (w, hgt) in [(80u16, 24u16), (200, 60)] {
        let mut h = harness(w, hgt, Theme::colour(), Fixture::Demo);
        h.press(KeyCode::Char('4'));
        h.press(KeyCode::Char('v'));
        assert_eq!(h.app.desk.mode, DeskMode::Breached);
        let case = h.app.desk.cases[h.app.desk.summary.breached[0]].clone();
        // The oldest breach has been on hold before, and is on hold now.
        let stops = holds(&case.history);
        assert!(stops.len() >= 2, "{case:?}");
        assert_eq!(case.state, CaseState::OnHold, "{case:?}");
        h.press(KeyCode::Enter);
        assert_eq!(h.app.desk.detail.map(|d| d.id), Some(case.id));
        let text = h.text();
        assert!(text.contains(&format!("Case {}", case.reference)), "{text}");
        assert!(
            text.contains(&format!(
                "Case         {} · {} · P{}",
                case.reference,
                case.kind.as_str(),
                case.priority
            )),
            "{text}"
        );
        // The clock: hours without the holds, against the target, the share used, breached.
        let clock = case.sla(h.app.now(), &h.app.settings);
        let hours = clock.elapsed.num_minutes() as f64 / 60.0;
        let target = clock.target_hours.unwrap();
        assert!(
            text.contains(&format!("SLA clock    {hours:.0} h of a {target} h target")),
            "{text}"
        );
        assert!(
            text.contains(&format!("{}% used · breached", clock.percent().unwrap())),
            "{text}"
        );
        assert!(text.contains(&format!("Holds ({},", stops.len())), "{text}");
        if w >= 200 {
            // Every hold, from and to, and why; every state change with its time.
            let first = &stops[0];
            assert!(
                text.contains(&format!(
                    "{} – {}",
                    display_time(first.from),
                    display_time(first.to.unwrap())
                )),
                "{text}"
            );
            assert!(text.contains(&first.reason), "{text}");
            assert!(text.contains("still on hold"), "{text}");
            assert!(text.contains("State history, oldest first"), "{text}");
            for change in &case.history {
                let line = format!("{}  {}", display_time(change.at), change.state.as_str());
                assert!(text.contains(&line), "{line}: {text}");
            }
        }
        insta::assert_snapshot!(format!("case_detail_{w}x{hgt}"), text);
        // Scrolled to its end: the last state change.
        h.press(KeyCode::Char('G'));
        let last = case.history.last().unwrap();
        let line = format!("{}  {}", display_time(last.at), last.state.as_str());
        assert!(h.text().contains(&line), "{line}: {}", h.text());
        // Esc closes it with the same case selected.
        h.press(KeyCode::Esc);
        assert_eq!(h.app.desk.detail, None);
        assert_eq!(h.app.desk.cursor.selected, 0);
        assert!(!h.text().contains("SLA clock"), "{}", h.text());
        assert!(h.text().contains("Ref         P  Kind"), "{}", h.text());
    }
}

#[test]
fn monthly_counts_can_be_added_and_corrected() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    h.press(KeyCode::Char('4'));
    let november = h
        .app
        .desk
        .summary
        .months
        .last()
        .unwrap()
        .open
        .unwrap()
        .total();
    h.press(KeyCode::Char('n'));
    assert!(h.text().contains("Monthly service-desk counts"));
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.keys("lots");
    h.press(KeyCode::Enter);
    assert!(
        h.text().contains("'lots' is not a whole number"),
        "{}",
        h.text()
    );
    for _ in 0..4 {
        h.press(KeyCode::Backspace);
    }
    h.keys("100");
    h.press(KeyCode::Tab);
    h.keys("10");
    h.press(KeyCode::Tab);
    h.keys("200");
    h.press(KeyCode::Enter);
    assert!(h.app.overlay.is_none(), "{}", h.text());
    let corrected = h
        .app
        .desk
        .summary
        .months
        .last()
        .unwrap()
        .open
        .unwrap()
        .total();
    assert_ne!(
        corrected, november,
        "this month's counts for one council were corrected"
    );
    let audit = h.runtime.store.audit_log(None, None, 1).unwrap();
    assert_eq!(audit[0].entity, "snapshot");
    assert_eq!(audit[0].reason, "corrected");
    assert_eq!(audit[0].new_value.as_deref(), Some("100/10/200"));
}

#[test]
fn a_large_desk_counts_in_the_background_and_keys_work_meanwhile() {
    let mut sync = harness(120, 40, Theme::colour(), Fixture::Demo);
    sync.press(KeyCode::Char('4'));
    assert!(!sync.app.loading(), "a small desk loads at once");

    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    h.app.background = BackgroundFrom::ALWAYS;
    h.press_before_reads_land(KeyCode::Char('4'));
    assert_eq!(h.app.screen, Screen::Desk);
    // The view says the figures are coming; never a blank or a false zero.
    assert!(h.app.is_running(workplan::tui::message::Job::Desk));
    assert!(h.text().contains("counting cases"), "{}", h.text());
    assert!(
        h.text().contains("SLA breached …"),
        "unknown, not 0: {}",
        h.text()
    );
    // The counts are there at once, from the store's sums; the open cases' figures follow.
    assert!(
        h.text()
            .contains("Open cases 471: 165 active, 306 stop-clock"),
        "{}",
        h.text()
    );
    assert!(
        h.text().contains("SLA: reading the open cases…"),
        "{}",
        h.text()
    );
    assert!(h.text().contains("Ageing: …"), "{}", h.text());
    assert!(!h.text().contains("Ageing: 0–2 days 0"), "no false zeros");
    // Keys work while it counts: switch away and back.
    h.press(KeyCode::Char('1'));
    assert_eq!(h.app.screen, Screen::Portfolio);
    h.press(KeyCode::Char('4'));
    h.wait_for_background();
    assert!(h.app.desk.loaded);
    assert_eq!(h.app.desk.summary, sync.app.desk.summary);
    assert_eq!(h.app.desk.cases, sync.app.desk.cases);
    assert!(
        h.text()
            .contains("Open cases 471: 165 active, 306 stop-clock"),
        "{}",
        h.text()
    );
}

#[test]
fn a_change_while_the_desk_counts_is_counted_too() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    h.app.background = BackgroundFrom::ALWAYS;
    h.press(KeyCode::Char('4'));
    h.wait_for_background();
    let before = h.app.desk.summary.open.total();
    // Another process imports an export that resolves an open case; the app's watch loop
    // would call refresh.
    let case = h.app.desk.cases[0].clone();
    let open_case = case.reference.clone();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cases.csv");
    std::fs::write(
        &file,
        format!(
            "ref,kind,priority,state,opened_at,resolved_at,organisation,summary\n{},{},{},resolved,{},2026-11-22T08:00:00,\"{}\",\"{}\"\n",
            case.reference,
            case.kind.as_str(),
            case.priority,
            case.opened_at.format("%Y-%m-%dT%H:%M:%S"),
            case.organisation.clone().unwrap_or_default(),
            case.summary.replace('"', "\"\"")
        ),
    )
    .unwrap();
    let mut other = Store::open(h.runtime.store.path(), OpenMode::MustExist).unwrap();
    workplan::commands::import::import_file(
        &mut other,
        workplan::commands::import::Register::Cases,
        &file,
        "Another",
        common::now(),
    )
    .unwrap();
    drop(other);
    h.runtime.refresh(&mut h.app).unwrap();
    // A second refresh while the first load runs is queued, not lost or doubled.
    h.runtime.refresh(&mut h.app).unwrap();
    h.wait_for_background();
    assert_eq!(h.app.desk.summary.open.total(), before - 1);
    assert!(h.app.desk.cases.iter().all(|c| c.reference != open_case));
}

#[test]
fn streamed_figures_equal_the_in_memory_summary_for_each_organisation() {
    let h = harness(80, 24, Theme::colour(), Fixture::Demo);
    let store = &h.runtime.store;
    let settings = store.settings().unwrap();
    let now = common::now();
    let all = store.desk_cases().unwrap();
    let snapshots = store.snapshots().unwrap();
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    for org in [
        None,
        Some("Holmwick District Council"),
        Some(" holmwick district council"),
        Some("Brackenford Borough Council"),
        Some("Nowhere"),
    ] {
        let streamed = workplan::commands::desk::load(store, now, &settings, org).unwrap();
        let cases: Vec<_> = all
            .iter()
            .filter(|c| org.is_none_or(|o| c.organisation.as_deref().is_some_and(|x| same(x, o))))
            .cloned()
            .collect();
        let counted = cases.len();
        let reported: Vec<_> = snapshots
            .iter()
            .filter(|s| org.is_none_or(|o| same(&s.organisation, o)))
            .cloned()
            .collect();
        let in_memory = workplan::tui::desk::summarise(cases, &reported, now, &settings);
        assert_eq!(streamed, in_memory, "{org:?}");
        match org {
            Some("Nowhere") => assert_eq!(counted, 0),
            _ => assert!(streamed.summary.open.total() > 0, "{org:?}"),
        }
    }
}

#[test]
fn months_without_history_or_counts_show_a_dash_not_zero() {
    use workplan::commands::import::{Register, import_file};
    let mut h = harness(120, 40, Theme::colour(), Fixture::Empty);
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            Register::Projects,
            "projects.csv",
            "code,name,stage\nP-1,Webchat,in-delivery\n",
        ),
        // A plain export: cases without state history.
        (
            Register::Cases,
            "cases.csv",
            "ref,kind,priority,state,opened_at,organisation\n\
             INC1,incident,3,active,2026-10-05 09:00,Holmwick\n",
        ),
        // Counts reported for September only.
        (
            Register::CaseSnapshots,
            "counts.csv",
            "month,organisation,open_incidents,open_requests,stop_clock\n\
             2026-09,Holmwick,40,5,7\n",
        ),
    ];
    for (register, name, text) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        import_file(&mut h.runtime.store, register, &path, "Tom", common::now()).unwrap();
    }
    h.runtime.refresh(&mut h.app).unwrap();
    h.press(KeyCode::Char('4'));
    assert_eq!(h.app.screen, Screen::Desk, "{}", h.text());
    let months = &h.app.desk.summary.months;
    assert_eq!(months[8].open, None, "August: no history, no counts");
    assert_eq!(months[9].open.map(|o| o.total()), Some(52));
    assert_eq!(
        months[10].open, None,
        "October: cases but no history, no counts"
    );
    let summary = h.text();
    assert!(
        summary.contains("Open cases 1: 1 active, 0 stop-clock\n"),
        "no change on an unknown last month: {summary}"
    );
    assert!(
        summary.contains('—'),
        "unknown months are marked: {summary}"
    );

    h.press(KeyCode::Char('v'));
    h.press(KeyCode::Char('v'));
    h.press(KeyCode::Char('v'));
    assert_eq!(h.app.desk.mode, DeskMode::Flow);
    let text = h.text();
    let row = |label: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(label))
            .unwrap_or_else(|| panic!("no {label} row in\n{text}"));
        line.split_whitespace().skip(1).map(String::from).collect()
    };
    let dashes = |n: usize| vec!["—".to_string(); n];
    let mut open = dashes(9);
    open.extend(["52".to_string(), "—".into(), "—".into()]);
    assert_eq!(row("open"), open, "{text}");
    let mut opened = dashes(10);
    opened.extend(["1".to_string(), "0".into()]);
    assert_eq!(
        row("opened"),
        opened,
        "a quiet month with cases on record is 0"
    );
    let mut resolved = dashes(10);
    resolved.extend(["0".to_string(), "0".into()]);
    assert_eq!(row("resolved"), resolved);
}

#[test]
fn the_sla_line_never_runs_off_a_narrow_screen() {
    // At 70 columns the resolved share has a line of its own rather than being cut.
    let mut h = harness(70, 24, Theme::colour(), Fixture::Demo);
    h.press(KeyCode::Char('4'));
    let text = h.text();
    assert!(
        text.contains(" Resolved: 75% of 170 resolved in 30 days within target"),
        "{text}"
    );
    assert!(text.contains(" SLA: 73 breached, 34 past 75%"), "{text}");
}
