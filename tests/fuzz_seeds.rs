//! Replays the fuzz seed corpora (`tests/fuzz/corpus`) and any saved crashes
//! (`tests/fuzz/regressions`) through the same calls as the fuzz targets, under every option
//! set, so a plain `cargo test` checks them without nightly or cargo-fuzz.
//!
//! Seeds are named for what they must do: `ok-<reader>...` parses cleanly with at least one
//! record, `bad-...` gives every reader problems, `edge-...` gives no records. Anything else in
//! a corpus directory was added by a local fuzz run (git ignores it) and only has to keep the
//! invariants under the fuzz target's own options.

#[path = "fuzz/targets.rs"]
mod targets;

use std::path::Path;

use workplan::domain::CaseState;

/// Every file in `tests/fuzz/<dir>` (none when it does not exist), as (name, bytes).
fn files(dir: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Whether a corpus file is one of the committed seeds rather than one a fuzz run added.
fn is_seed(name: &str) -> bool {
    ["ok-", "bad-", "edge-"].iter().any(|p| name.starts_with(p))
}

/// The fuzz target's own call, then every other option set.
fn option_sets(data: &[u8]) -> impl Iterator<Item = workplan::io::csv_table::ReadOptions> {
    std::iter::once(targets::options_for(data))
        .chain((0..targets::OPTION_SETS).map(targets::options))
}

#[test]
fn register_seeds_parse_as_their_names_say() {
    let seeds = files("corpus/csv_registers");
    assert!(
        seeds.iter().filter(|(name, _)| is_seed(name)).count() >= 5,
        "seed corpus missing"
    );
    for (name, data) in &seeds {
        if !is_seed(name) {
            targets::registers(name, data, &targets::options_for(data));
            continue;
        }
        for options in option_sets(data) {
            let outcomes = targets::registers(name, data, &options);
            if let Some(rest) = name.strip_prefix("ok-") {
                let reader = rest.split(['-', '.']).next().unwrap();
                let outcome = outcomes
                    .iter()
                    .find(|o| o.reader == reader)
                    .unwrap_or_else(|| panic!("{name}: no reader called {reader}"));
                assert!(
                    outcome.problems.is_empty(),
                    "{name} under {options:?}: {:#?}",
                    outcome.problems
                );
                assert!(outcome.records >= 1, "{name}: no records");
            } else if name.starts_with("bad-") {
                for outcome in &outcomes {
                    assert!(
                        !outcome.problems.is_empty(),
                        "{name}: {} found nothing wrong",
                        outcome.reader
                    );
                }
            } else if name.starts_with("edge-") {
                for outcome in &outcomes {
                    assert_eq!(outcome.records, 0, "{name}: {}", outcome.reader);
                }
            }
        }
    }
}

#[test]
fn servicenow_seeds_parse_as_their_names_say() {
    let seeds = files("corpus/servicenow");
    assert!(
        seeds.iter().filter(|(name, _)| is_seed(name)).count() >= 5,
        "seed corpus missing"
    );
    for (name, data) in &seeds {
        if !is_seed(name) {
            targets::servicenow(name, data, &targets::options_for(data));
            continue;
        }
        for options in option_sets(data) {
            // The preset honours --date-format like every reader, so a named US format
            // rightly refuses these day-first exports.
            let us_format = options.date_format.is_some();
            let outcome = targets::servicenow(name, data, &options);
            if name.starts_with("ok-") && us_format {
                assert!(
                    !outcome.problems.is_empty(),
                    "{name}: read despite --date-format"
                );
            } else if name.starts_with("ok-") {
                assert!(
                    outcome.problems.is_empty(),
                    "{name}: {:#?}",
                    outcome.problems
                );
                assert!(outcome.records >= 1, "{name}: no records");
                if name.contains("eventlog") {
                    assert!(outcome.with_history >= 1, "{name}: no history");
                } else {
                    assert_eq!(outcome.with_history, 0, "{name}: a flat export has none");
                }
            } else if name.starts_with("bad-") {
                // A flat export streams its good rows out as it reads; the import's one
                // transaction is what keeps a file with problems out.
                assert!(!outcome.problems.is_empty(), "{name}: nothing wrong");
            } else if name.starts_with("edge-") {
                assert_eq!(outcome.records, 0, "{name}");
            }
        }
    }
}

#[test]
fn decode_seeds_decode_as_their_names_say() {
    let seeds = files("corpus/decode");
    assert!(
        seeds.iter().filter(|(name, _)| is_seed(name)).count() >= 5,
        "seed corpus missing"
    );
    for (name, data) in &seeds {
        let outcome = targets::decode(data);
        if name.starts_with("ok-") {
            let text = outcome
                .result
                .unwrap_or_else(|line| panic!("{name}: refused at {line}"));
            assert!(!text.is_empty(), "{name}");
        } else if name.starts_with("bad-") {
            assert!(outcome.result.is_err(), "{name}: decoded");
        } else if name.starts_with("edge-") {
            assert_eq!(outcome.result, Ok(String::new()), "{name}");
        }
    }
    let windows = seeds
        .iter()
        .find(|(name, _)| name == "ok-windows-1252.csv")
        .map(|(_, data)| targets::decode(data))
        .expect("the Windows-1252 seed");
    assert_eq!(
        windows.result,
        Ok("Ref,Budget\r\nWP-1,£1.2m – “q”\r\n".to_string())
    );
}

#[test]
fn saved_crashes_no_longer_break_the_invariants() {
    for (_, data) in files("regressions/decode") {
        targets::decode(&data);
    }
    for (name, data) in files("regressions/csv_registers") {
        for options in option_sets(&data) {
            targets::registers(&name, &data, &options);
        }
    }
    for (name, data) in files("regressions/servicenow") {
        for options in option_sets(&data) {
            targets::servicenow(&name, &data, &options);
        }
    }
}

#[test]
fn an_overlong_field_is_a_problem_on_its_line() {
    let mut data = b"code,name,stage,description\nT-1,Huge,proposed,".to_vec();
    data.resize(
        data.len() + workplan::io::csv_table::MAX_FIELD_BYTES + 1,
        b'x',
    );
    data.extend_from_slice(b"\nT-2,Fine,proposed,short\n");
    for options in option_sets(&data) {
        let outcomes = targets::registers("huge.csv", &data, &options);
        let projects = &outcomes[0];
        assert_eq!(projects.reader, "projects");
        assert_eq!(projects.problems.len(), 1, "{:#?}", projects.problems);
        let problem = &projects.problems[0];
        assert_eq!(
            (problem.origin.line, problem.column.as_str()),
            (2, "description")
        );
        assert!(problem.problem.contains("at most 1 MB"), "{problem}");
    }
}

#[test]
fn map_state_maps_and_names() {
    assert_eq!(targets::map_state(" Closed "), Some(CaseState::Closed));
    assert_eq!(
        targets::map_state("Awaiting Vendor"),
        Some(CaseState::OnHold)
    );
    assert_eq!(targets::map_state("Parked"), None);
    assert_eq!(targets::map_state("\u{1b}[2J"), None);
}

proptest::proptest! {
    /// The decoder's invariants on arbitrary bytes, and on text in the encodings it detects
    /// (a cheap stand-in for the fuzz target where cargo-fuzz is not installed).
    #[test]
    fn the_decoder_keeps_its_invariants(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
        targets::decode(&bytes);
    }

    #[test]
    fn text_in_any_detected_encoding_decodes_to_itself(text in "[a-zA-Z0-9 ,;£é–“”\\n]{0,80}") {
        let (cp, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
        proptest::prop_assume!(!unmappable);
        let mut le = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
        }
        let cp = cp.into_owned();
        for bytes in [text.as_bytes().to_vec(), le] {
            proptest::prop_assert_eq!(targets::decode(&bytes).result, Ok(text.clone()));
        }
        // Windows-1252 bytes that start like UTF-8 are read as UTF-8: said in a note when
        // the whole file reads so, refused (naming --encoding) when it then stops reading.
        let outcome = targets::decode(&cp);
        if outcome.result != Ok(text.clone()) {
            proptest::prop_assert!(
                outcome.result.is_err() || outcome.lookalike.is_some(),
                "{:?} read silently as {:?}",
                text,
                outcome.result
            );
        }
    }
}
