//! A CSV file read against a known set of columns: headers match case-insensitively, unknown
//! and missing columns are reported, and every bad field becomes a `Problem` naming its line.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Display;
use std::io::Read;
use std::rc::Rc;

use crate::domain::records::{Located, Origin, Problem};

/// Longer fields are refused: no register has text that long, and holding it costs memory.
pub const MAX_FIELD_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
}

pub const fn required(name: &'static str) -> Column {
    Column {
        name,
        required: true,
    }
}

pub const fn optional(name: &'static str) -> Column {
    Column {
        name,
        required: false,
    }
}

/// One data row being parsed; problems accumulate so a file's every mistake is reported at once.
pub struct RowReader<'a> {
    origin: Origin,
    date_format: Option<&'a str>,
    record: &'a csv::StringRecord,
    index: &'a HashMap<&'static str, usize>,
    problems: &'a mut Vec<Problem>,
}

impl RowReader<'_> {
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The trimmed text of a column ("" when the file does not have it).
    pub fn text(&self, column: &str) -> String {
        self.index
            .get(column)
            .and_then(|i| self.record.get(*i))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    }

    pub fn problem(&mut self, column: &str, problem: impl Into<String>) {
        self.problems.push(Problem {
            origin: self.origin.clone(),
            column: column.to_string(),
            problem: problem.into(),
        });
    }

    /// A required date: the file's own format (`--date-format`) first, then the usual ones.
    pub fn date(&mut self, column: &str) -> Option<chrono::NaiveDate> {
        let format = self.date_format;
        self.parse(column, |t| read_date(t, format))
    }

    pub fn optional_date(&mut self, column: &str) -> Option<Option<chrono::NaiveDate>> {
        let format = self.date_format;
        self.parse_optional(column, |t| read_date(t, format))
    }

    pub fn datetime(&mut self, column: &str) -> Option<chrono::NaiveDateTime> {
        let format = self.date_format;
        self.parse(column, |t| read_datetime(t, format))
    }

    pub fn optional_datetime(&mut self, column: &str) -> Option<Option<chrono::NaiveDateTime>> {
        let format = self.date_format;
        self.parse_optional(column, |t| read_datetime(t, format))
    }

    /// Non-empty text, or a problem.
    pub fn required(&mut self, column: &str) -> Option<String> {
        let text = self.text(column);
        if text.is_empty() {
            self.problem(column, "is required but empty");
            None
        } else {
            Some(text)
        }
    }

    /// Parse a required value.
    pub fn parse<T, E: Display>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let text = self.required(column)?;
        match parse(&text) {
            Ok(value) => Some(value),
            Err(e) => {
                self.problem(column, e.to_string());
                None
            }
        }
    }

    /// Parse an optional value: empty is `Some(None)`, a bad value is a problem and `None`.
    pub fn parse_optional<T, E: Display>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<Option<T>> {
        let text = self.text(column);
        if text.is_empty() {
            return Some(None);
        }
        match parse(&text) {
            Ok(value) => Some(Some(value)),
            Err(e) => {
                self.problem(column, e.to_string());
                None
            }
        }
    }
}

fn read_date(text: &str, format: Option<&str>) -> Result<chrono::NaiveDate, String> {
    if let Some(f) = format
        && let Ok(d) = chrono::NaiveDate::parse_from_str(text.trim(), f)
    {
        return Ok(d);
    }
    crate::domain::dates::parse_date(text).map_err(|e| e.to_string())
}

fn read_datetime(text: &str, format: Option<&str>) -> Result<chrono::NaiveDateTime, String> {
    if let Some(f) = format {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(text.trim(), f) {
            return Ok(t);
        }
        if let Ok(d) = chrono::NaiveDate::parse_from_str(text.trim(), f) {
            return Ok(d.and_time(chrono::NaiveTime::MIN));
        }
    }
    crate::domain::dates::parse_datetime(text).map_err(|e| e.to_string())
}

/// Records where each line ends while the file streams through, and which lines are blank,
/// because the csv crate's own line count skips blank lines and would name the wrong line.
#[derive(Default)]
struct Lines {
    ends: Vec<u64>,
    blank: Vec<bool>,
    current_blank: bool,
}

struct LineIndex<R> {
    inner: R,
    consumed: u64,
    lines: Rc<RefCell<Lines>>,
}

impl<R: Read> Read for LineIndex<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut lines = self.lines.borrow_mut();
        if self.consumed == 0 && n > 0 {
            lines.current_blank = true;
        }
        for (i, byte) in buf[..n].iter().enumerate() {
            match byte {
                b'\n' => {
                    let blank = lines.current_blank;
                    lines.ends.push(self.consumed + i as u64);
                    lines.blank.push(blank);
                    lines.current_blank = true;
                }
                b'\r' | b' ' | b'\t' => {}
                _ => lines.current_blank = false,
            }
        }
        self.consumed += n as u64;
        Ok(n)
    }
}

/// The 1-based line of the first non-blank line at or after `byte`.
fn line_at(lines: &RefCell<Lines>, byte: u64) -> u64 {
    let lines = lines.borrow();
    let mut index = lines.ends.partition_point(|&end| end < byte);
    while lines.blank.get(index).copied().unwrap_or(false) {
        index += 1;
    }
    index as u64 + 1
}

/// Source columns renamed to known ones (`--map "Incident Number=ref"`), matched
/// case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames(HashMap<String, String>);

impl Renames {
    /// Parse `SOURCE=FIELD` pairs.
    pub fn parse(pairs: &[String]) -> Result<Renames, String> {
        let mut map = HashMap::new();
        for pair in pairs {
            let (source, field) = pair
                .split_once('=')
                .ok_or_else(|| format!("--map {pair}: use SOURCE=FIELD"))?;
            if source.trim().is_empty() || field.trim().is_empty() {
                return Err(format!("--map {pair}: use SOURCE=FIELD"));
            }
            map.insert(source.trim().to_lowercase(), field.trim().to_lowercase());
        }
        Ok(Renames(map))
    }

    pub fn apply(&self, header: &str) -> String {
        let clean = header.trim().trim_start_matches('\u{feff}').to_lowercase();
        self.0.get(&clean).cloned().unwrap_or(clean)
    }
}

/// How a file is read: renamed columns and an extra date format (`--date-format %m/%d/%Y`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    pub renames: Renames,
    pub date_format: Option<String>,
    /// Keep the good rows of a file with bad ones (`--skip-invalid`); the bad rows' problems
    /// are collected in `skipped`. A bad header still fails the whole file.
    pub skip_invalid: bool,
    pub skipped: std::cell::RefCell<Vec<Problem>>,
    /// Count rows on stderr as a large file is read (set when stderr is a terminal).
    pub progress: bool,
}

/// Rows between progress reports.
const PROGRESS_EVERY: u64 = 100_000;

/// Read every row of `input` with `parse`, collecting the records.
pub fn read<T>(
    file: &str,
    input: impl Read,
    columns: &[Column],
    options: &ReadOptions,
    parse: impl FnMut(&mut RowReader<'_>) -> Option<T>,
) -> Result<Vec<Located<T>>, Vec<Problem>> {
    let mut records = Vec::new();
    let problems = read_each(file, input, columns, options, parse, |r| records.push(r));
    if problems.is_empty() {
        Ok(records)
    } else if options.skip_invalid && problems.iter().all(|p| p.origin.line > 1) {
        options.skipped.borrow_mut().extend(problems);
        Ok(records)
    } else {
        Err(problems)
    }
}

/// Read every row of `input` with `parse`, handing each good record to `sink` as soon as it is
/// read (so a large file never sits in memory), and return every problem found. Returns the records, or every problem found.
pub fn read_each<T>(
    file: &str,
    input: impl Read,
    columns: &[Column],
    options: &ReadOptions,
    mut parse: impl FnMut(&mut RowReader<'_>) -> Option<T>,
    mut sink: impl FnMut(Located<T>),
) -> Vec<Problem> {
    let at = |line: u64, column: &str, problem: String| Problem {
        origin: Origin {
            file: file.to_string(),
            line,
        },
        column: column.to_string(),
        problem,
    };
    let lines = Rc::new(RefCell::new(Lines::default()));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(LineIndex {
            inner: input,
            consumed: 0,
            lines: Rc::clone(&lines),
        });
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return vec![at(1, "header", csv_problem(&e))],
    };
    if headers.iter().all(|h| h.trim().is_empty()) {
        return vec![at(
            1,
            "header",
            format!(
                "the file is empty: expected a header row ({})",
                names(columns)
            ),
        )];
    }
    let mut problems = Vec::new();
    let mut index = HashMap::new();
    for (position, header) in headers.iter().enumerate() {
        let clean = options.renames.apply(header);
        match columns.iter().find(|c| c.name == clean) {
            Some(column) if index.contains_key(column.name) => {
                problems.push(at(1, header, "appears twice in the header".to_string()))
            }
            Some(column) => {
                index.insert(column.name, position);
            }
            None => problems.push(at(
                1,
                header,
                format!("is not a known column (expected {})", names(columns)),
            )),
        }
    }
    for column in columns.iter().filter(|c| c.required) {
        if !index.contains_key(column.name) {
            problems.push(at(1, column.name, "required column is missing".to_string()));
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    let mut record = csv::StringRecord::new();
    let mut rows_read = 0u64;
    loop {
        rows_read += 1;
        if options.progress && rows_read.is_multiple_of(PROGRESS_EVERY) {
            eprint!("\r{file}: {rows_read} rows read…");
        }
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| line_at(&lines, p.byte())).unwrap_or(0);
                problems.push(at(line, "row", csv_problem(&e)));
                // A broken row may leave the reader mid-record; stop rather than misread the rest.
                if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. })
                    && !matches!(e.kind(), csv::ErrorKind::Utf8 { .. })
                {
                    break;
                }
                continue;
            }
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // blank lines in spreadsheets' exports are not rows
        }
        if let Some((i, field)) = record
            .iter()
            .enumerate()
            .find(|(_, f)| f.len() > MAX_FIELD_BYTES)
        {
            let line = record
                .position()
                .map(|p| line_at(&lines, p.byte()))
                .unwrap_or(0);
            let column = headers.get(i).unwrap_or("field").to_string();
            problems.push(at(
                line,
                &column,
                format!(
                    "is {} MB long; a field may be at most 1 MB (is the file really a CSV export?)",
                    field.len() / (1024 * 1024)
                ),
            ));
            continue;
        }
        let origin = Origin {
            file: file.to_string(),
            line: record
                .position()
                .map(|p| line_at(&lines, p.byte()))
                .unwrap_or(0),
        };
        let before = problems.len();
        let mut row = RowReader {
            origin: origin.clone(),
            date_format: options.date_format.as_deref(),
            record: &record,
            index: &index,
            problems: &mut problems,
        };
        let parsed = parse(&mut row);
        if let (Some(value), true) = (parsed, problems.len() == before) {
            sink(Located {
                origin,
                record: value,
            });
        }
    }
    if options.progress && rows_read >= PROGRESS_EVERY {
        eprintln!("\r{file}: {} rows read.      ", rows_read - 1);
    }
    problems
}

fn names(columns: &[Column]) -> String {
    columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",")
}

fn csv_problem(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8 text (save the file as UTF-8)".into(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("has {len} fields but the header has {expected_len}"),
        csv::ErrorKind::Io(e) => format!("could not be read: {e}"),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: [Column; 2] = [required("code"), optional("name")];

    fn run(input: &str) -> Result<Vec<Located<(String, String)>>, Vec<Problem>> {
        read(
            "t.csv",
            input.as_bytes(),
            &COLUMNS,
            &ReadOptions::default(),
            |row| {
                let code = row.required("code")?;
                Some((code, row.text("name")))
            },
        )
    }

    fn messages(result: Result<Vec<Located<(String, String)>>, Vec<Problem>>) -> Vec<String> {
        result.unwrap_err().iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn headers_match_case_insensitively_and_lines_are_counted() {
        let rows = run("\u{feff}CODE, Name \nA,Alpha\n\nB,Beta\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].record, ("B".to_string(), "Beta".to_string()));
        assert_eq!(rows[1].origin.line, 4);
    }

    #[test]
    fn unknown_missing_and_duplicate_columns_are_reported() {
        assert_eq!(
            messages(run("name,colour\nx,y\n")),
            [
                "t.csv:1: colour: is not a known column (expected code,name)",
                "t.csv:1: code: required column is missing"
            ]
        );
        assert_eq!(
            messages(run("code,code\nx,y\n")),
            ["t.csv:1: code: appears twice in the header"]
        );
    }

    #[test]
    fn every_bad_row_is_reported_at_once() {
        assert_eq!(
            messages(run("code,name\n,first\nB,ok\n,third\nC,too,many\n")),
            [
                "t.csv:2: code: is required but empty",
                "t.csv:4: code: is required but empty",
                "t.csv:5: row: has 3 fields but the header has 2",
            ]
        );
    }

    #[test]
    fn renamed_columns_are_matched() {
        let renames = Renames::parse(&["Incident Number=code".to_string()]).unwrap();
        let mut got = Vec::new();
        let problems = read_each(
            "t.csv",
            "Incident Number,NAME\nX1,One\n".as_bytes(),
            &COLUMNS,
            &ReadOptions {
                renames,
                ..ReadOptions::default()
            },
            |row| row.required("code"),
            |r| got.push(r.record),
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(got, ["X1"]);
        assert!(Renames::parse(&["nonsense".to_string()]).is_err());
        assert!(Renames::parse(&["=code".to_string()]).is_err());
    }

    #[test]
    fn empty_file_and_invalid_utf8() {
        let empty = messages(run(""));
        assert_eq!(empty.len(), 1);
        assert!(
            empty[0].starts_with("t.csv:1: header: the file is empty"),
            "{empty:?}"
        );
        let bytes = b"code,name\nA,\xff\xfe\n";
        let result = read(
            "t.csv",
            &bytes[..],
            &COLUMNS,
            &ReadOptions::default(),
            |row| row.required("code"),
        );
        let problems = result.unwrap_err();
        assert_eq!(problems[0].origin.line, 2);
        assert!(problems[0].problem.contains("UTF-8"));
    }
}
