//! The calls the fuzz targets make, written once: `fuzz_targets/*.rs` and `tests/fuzz_seeds.rs`
//! both include this file with `#[path]`. Every function panics when an invariant breaks, and
//! returns what it saw so the seed test can check more than "it did not panic".
#![allow(dead_code)]

use workplan::domain::CaseState;
use workplan::domain::records::{Located, Origin, Problem};
use workplan::io::csv_table::{ReadOptions, Renames};
use workplan::io::{registers, servicenow};

/// The name every input is read under; problems and records must carry it.
pub const FILE: &str = "fuzzed.csv";

/// Number of distinct option sets `options` can produce.
pub const OPTION_SETS: u8 = 8;

/// Read options chosen by a selector byte (the fuzz targets use the input's first byte):
/// bit 0 `--skip-invalid`, bit 1 `--date-format %m/%d/%Y`, bit 2 some `--map` renames.
pub fn options(selector: u8) -> ReadOptions {
    let renames = if selector & 4 == 0 {
        Renames::default()
    } else {
        // As a preset gives them: used where the file has the column, never refused.
        let mut renames = Renames::default();
        for (source, field) in [
            ("ID", "code"),
            ("Reference", "ref"),
            ("Project", "project_code"),
            ("Incident Number", "number"),
            ("Incident State", "incident_state"),
        ] {
            renames.preset(source, field);
        }
        renames
    };
    ReadOptions {
        renames,
        date_format: (selector & 2 != 0).then(|| "%m/%d/%Y".to_string()),
        skip_invalid: selector & 1 != 0,
        ..ReadOptions::default()
    }
}

/// The options a fuzz target uses for `data`.
pub fn options_for(data: &[u8]) -> ReadOptions {
    options(data.first().copied().unwrap_or(0))
}

/// What one reader made of one input.
#[derive(Debug)]
pub struct Outcome {
    pub reader: &'static str,
    pub records: usize,
    /// Problems returned, plus rows set aside under `skip_invalid`.
    pub problems: Vec<Problem>,
}

fn check_origin(reader: &str, file: &str, origin: &Origin, what: &str) {
    assert_eq!(origin.file, file, "{reader}: {what} names the wrong file");
    assert!(
        origin.line >= 1,
        "{reader}: {what} has line {}",
        origin.line
    );
}

fn check_problem(reader: &str, file: &str, problem: &Problem) {
    check_origin(
        reader,
        file,
        &problem.origin,
        &format!("problem {problem:?}"),
    );
    let shown = problem.to_string();
    assert!(
        shown.starts_with(&format!("{file}:{}: ", problem.origin.line)),
        "{reader}: {shown:?} does not start with FILE:LINE"
    );
}

/// Check one register parser's result against the invariants; `options.skipped` is drained.
fn check_register<T>(
    reader: &'static str,
    file: &str,
    options: &ReadOptions,
    result: Result<Vec<Located<T>>, Vec<Problem>>,
) -> Outcome {
    let skipped = options.skipped.take();
    if !options.skip_invalid {
        assert!(
            skipped.is_empty(),
            "{reader}: rows skipped without skip_invalid"
        );
    }
    for problem in &skipped {
        assert!(
            problem.origin.line > 1,
            "{reader}: a header problem was skipped: {problem}"
        );
    }
    let (records, mut problems) = match result {
        Ok(records) => {
            for record in &records {
                check_origin(reader, file, &record.origin, "a record");
            }
            (records.len(), Vec::new())
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "{reader}: failed with no problems");
            (0, problems)
        }
    };
    problems.extend(skipped);
    for problem in &problems {
        check_problem(reader, file, problem);
    }
    Outcome {
        reader,
        records,
        problems,
    }
}

/// Every register parser in `workplan::io::registers` on the same bytes.
pub fn registers(file: &str, data: &[u8], options: &ReadOptions) -> Vec<Outcome> {
    macro_rules! each {
        ($($reader:literal => $parse:ident),* $(,)?) => {
            vec![$(check_register($reader, file, options, registers::$parse(file, data, options))),*]
        };
    }
    each![
        "projects" => parse_projects,
        "milestones" => parse_milestones,
        "risks" => parse_risks,
        "cases" => parse_cases,
        "snapshots" => parse_snapshots,
        "rag_history" => parse_rag_history,
        "milestone_changes" => parse_milestone_changes,
        "case_events" => parse_case_events,
        "assessments" => parse_assessments,
    ]
}

/// What the ServiceNow reader made of one input.
#[derive(Debug, Default)]
pub struct ServiceNowOutcome {
    pub records: usize,
    /// Records that came with a state history.
    pub with_history: usize,
    pub problems: Vec<Problem>,
}

/// `workplan::io::servicenow::read` on the bytes, and `map_state` on them as text.
pub fn servicenow(file: &str, data: &[u8], options: &ReadOptions) -> ServiceNowOutcome {
    let mut outcome = ServiceNowOutcome::default();
    let problems = servicenow::read(file, data, options, |case, history| {
        check_origin("servicenow", file, &case.origin, "a record");
        assert!(
            !case.record.reference.trim().is_empty(),
            "servicenow: a record has no number"
        );
        // Promised by `read` ("history (oldest first)") and relied on by `DeskCase::history`.
        for pair in history.windows(2) {
            assert!(
                pair[0].at <= pair[1].at,
                "servicenow: {}'s history goes back in time: {:?}",
                case.record.reference,
                history
            );
        }
        outcome.records += 1;
        outcome.with_history += usize::from(!history.is_empty());
    });
    assert!(
        options.skipped.take().is_empty(),
        "servicenow: read never skips rows"
    );
    for problem in &problems {
        check_problem("servicenow", file, problem);
    }
    outcome.problems = problems;
    map_state(&String::from_utf8_lossy(data));
    outcome
}

/// `map_state` either names the unknown state or maps it, keeping a reason only for a hold.
pub fn map_state(text: &str) -> Option<CaseState> {
    match servicenow::map_state(text) {
        Ok((state, reason)) => {
            assert!(
                reason.is_empty() || (state == CaseState::OnHold && reason == text.trim()),
                "map_state({text:?}) gave {state:?} with reason {reason:?}"
            );
            Some(state)
        }
        Err(message) => {
            assert!(
                message.contains(text.trim()),
                "map_state({text:?}): {message:?} does not name the state"
            );
            None
        }
    }
}

/// What the decoder made of one input.
#[derive(Debug)]
pub struct DecodeOutcome {
    /// The UTF-8 text, or the line the decoder refused.
    pub result: Result<String, u64>,
    pub encoding: Option<workplan::io::decode::TextEncoding>,
    /// A character read as UTF-8 that Windows-1252 bytes also spell (said in a note).
    pub lookalike: Option<char>,
}

/// `workplan::io::decode` on the bytes, read in small pieces: the text is UTF-8 without NUL,
/// a UTF-8 or ASCII file comes out unchanged, a refusal names a line, and reading the header
/// first (as the import does) gives the same stream.
pub fn decode(data: &[u8]) -> DecodeOutcome {
    use std::io::Read;
    use workplan::io::decode::{Decoded, TextEncoding, peek_header, sniff_delimiter};
    let mut reader = Decoded::new(data, None);
    let detected = reader.detected();
    let mut out = Vec::new();
    let mut buf = [0u8; 7];
    let result = loop {
        match reader.read(&mut buf) {
            Ok(0) => break Ok(()),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => break Err(e),
        }
    };
    let result = match result {
        Ok(()) => {
            let text = String::from_utf8(out).expect("the decoder yields UTF-8");
            assert!(!text.contains('\0'), "a NUL passed the decoder");
            let plain = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
            if std::str::from_utf8(plain).is_ok()
                && !data.starts_with(b"\xFF\xFE")
                && !data.starts_with(b"\xFE\xFF")
            {
                assert_eq!(text.as_bytes(), plain, "UTF-8 must come out unchanged");
                assert_eq!(detected.get(), Some(TextEncoding::Utf8));
            }
            // The import reads the header first, then the whole stream again.
            let (header, mut rest) =
                peek_header(Decoded::new(data, None), 1 << 20).expect("decoded once already");
            let mut again = String::new();
            rest.read_to_string(&mut again)
                .expect("decoded once already");
            assert_eq!(again, text, "peeking the header changed the stream");
            assert!(text.as_bytes().starts_with(&header));
            assert!([b',', b';', b'\t', b'|'].contains(&sniff_delimiter(&header)));
            Ok(text)
        }
        Err(e) => {
            let line = detected
                .failed_line()
                .unwrap_or_else(|| panic!("{e} names no line"));
            assert!(line >= 1);
            Err(line)
        }
    };
    DecodeOutcome {
        result,
        encoding: detected.get(),
        lookalike: detected.lookalike(),
    }
}
