//! A CSV file read against a register's columns, as real exports write it: any of the usual
//! encodings and separators (`decode`), headers matched case-insensitively, columns the
//! register does not use ignored and listed once, duplicate headers picked by `--map
//! "name#2=field"`, constants for what a file lacks (`--set`), words translated before
//! parsing (`--map-value`), one date order for the whole file, and money in the file's unit.
//! Every bad field becomes a `Problem` naming its line, column and value.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Display;
use std::io::Read;
use std::rc::Rc;

use super::decode::{Decoded, TextEncoding, peek_header, sniff_delimiter};
use crate::domain::date_order::{self, DateOrder};
use crate::domain::money::{MoneyUnit, parse_pence_in};
use crate::domain::records::{Located, Origin, Problem, cut};

/// Longer fields are refused: no register has text that long, and holding it costs memory.
pub const MAX_FIELD_BYTES: usize = 1024 * 1024;

/// The most data rows one file may hold. An import holds what it reads until it commits (it
/// is all or nothing), so this keeps its memory bounded (226 MB measured at a million cases):
/// a larger file is refused with a request to split it.
pub const MAX_ROWS: u64 = 1_000_000;

/// The most problems kept in detail; later ones are counted. Only the first 50 are printed,
/// and a file with this many is refused anyway (unless `--skip-invalid`, which goes on
/// reading), so this bounds memory on a file that is wrong on every line.
pub const MAX_PROBLEMS_KEPT: usize = 10_000;

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    /// Needed to create a record. A file that only updates may leave it out.
    pub required: bool,
    /// Part of the record's key: every file needs it.
    pub key: bool,
}

pub const fn required(name: &'static str) -> Column {
    Column {
        name,
        required: true,
        key: false,
    }
}

pub const fn optional(name: &'static str) -> Column {
    Column {
        name,
        required: false,
        key: false,
    }
}

pub const fn key(name: &'static str) -> Column {
    Column {
        name,
        required: true,
        key: true,
    }
}

/// Source columns read as known ones (`--map "Incident Number=ref"`, `--map
/// "colour_rating#2=rag"` for the second of two columns with one name), matched
/// case-insensitively. A preset's renames apply only where the file has the column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames(Vec<Rename>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rename {
    source: String,
    /// Which of several columns with this name (1-based), when named with `#N`.
    nth: Option<usize>,
    field: String,
    /// Named by the user: a file without the column is refused, and it wins over a preset.
    explicit: bool,
}

/// A header as matched: trimmed, without a BOM, lower case, inner spaces kept.
pub fn clean_header(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
}

impl Renames {
    /// Parse `SOURCE=FIELD` pairs (`SOURCE#N=FIELD` picks the Nth column of that name).
    pub fn parse(pairs: &[String]) -> Result<Renames, String> {
        let mut renames = Renames::default();
        for pair in pairs {
            let bad = || {
                format!(
                    "--map {pair}: use SOURCE=FIELD, or SOURCE#2=FIELD for the second of two columns named SOURCE"
                )
            };
            let (source, field) = pair.rsplit_once('=').ok_or_else(bad)?;
            let (source, nth) = match source.rsplit_once('#') {
                Some((name, n)) if n.trim().parse::<usize>().is_ok_and(|n| n >= 1) => {
                    (name, n.trim().parse::<usize>().ok())
                }
                _ => (source, None),
            };
            if clean_header(source).is_empty() || field.trim().is_empty() {
                return Err(bad());
            }
            renames.0.push(Rename {
                source: clean_header(source),
                nth,
                field: field.trim().to_lowercase(),
                explicit: true,
            });
        }
        Ok(renames)
    }

    /// A preset's rename: used only where the file has that column and the user named none.
    pub fn preset(&mut self, source: &str, field: &str) {
        let source = clean_header(source);
        if !self.0.iter().any(|r| r.source == source) {
            self.0.push(Rename {
                source,
                nth: None,
                field: field.to_string(),
                explicit: false,
            });
        }
    }

    /// The pairs as given (for saving a profile).
    pub fn pairs(&self) -> Vec<String> {
        self.0
            .iter()
            .filter(|r| r.explicit)
            .map(|r| match r.nth {
                Some(n) => format!("{}#{n}={}", r.source, r.field),
                None => format!("{}={}", r.source, r.field),
            })
            .collect()
    }

    fn find(&self, source: &str, nth: usize, copies: usize) -> Option<&Rename> {
        self.0
            .iter()
            .find(|r| r.source == source && r.nth == Some(nth))
            .or_else(|| {
                self.0
                    .iter()
                    .find(|r| r.source == source && r.nth.is_none() && copies == 1)
            })
    }

    /// The field a lone header is read as (for callers that only need the name).
    pub fn apply(&self, header: &str) -> String {
        let clean = clean_header(header);
        self.find(&clean, 1, 1)
            .map(|r| r.field.clone())
            .unwrap_or(clean)
    }
}

/// `FIELD=VALUE` pairs: the value of a field wherever the file gives none (`--set`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constants(Vec<(String, String)>);

impl Constants {
    pub fn parse(pairs: &[String]) -> Result<Constants, String> {
        let mut constants = Vec::new();
        for pair in pairs {
            let (field, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("--set {pair}: use FIELD=VALUE"))?;
            if field.trim().is_empty() {
                return Err(format!("--set {pair}: use FIELD=VALUE"));
            }
            constants.push((field.trim().to_lowercase(), value.trim().to_string()));
        }
        Ok(Constants(constants))
    }

    /// A preset's constant, unless the user set that field.
    pub fn preset(&mut self, field: &str, value: &str) {
        if !self.0.iter().any(|(f, _)| f == field) {
            self.0.push((field.to_string(), value.to_string()));
        }
    }

    fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, v)| v.as_str())
    }

    pub fn pairs(&self) -> Vec<String> {
        self.0.iter().map(|(f, v)| format!("{f}={v}")).collect()
    }
}

/// Words translated before parsing: `--map-value "state:Wait - User=on-hold"`. The field `*`
/// applies to every field (a preset's `?` for empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueMap {
    words: HashMap<(String, String), String>,
    given: Vec<String>,
}

impl ValueMap {
    pub fn parse(entries: &[String]) -> Result<ValueMap, String> {
        let mut map = ValueMap::default();
        for entry in entries {
            let bad = || format!("--map-value {entry}: use \"FIELD:SOURCE WORD=VALUE\"");
            let (field, rest) = entry.split_once(':').ok_or_else(bad)?;
            let (word, value) = rest.rsplit_once('=').ok_or_else(bad)?;
            if field.trim().is_empty() || word.trim().is_empty() {
                return Err(bad());
            }
            map.insert(field, word, value);
            map.given.push(entry.clone());
        }
        Ok(map)
    }

    fn insert(&mut self, field: &str, word: &str, value: &str) {
        self.words.insert(
            (field.trim().to_lowercase(), word.trim().to_lowercase()),
            value.trim().to_string(),
        );
    }

    /// A preset's translation, unless the user gave one for that word.
    pub fn preset(&mut self, field: &str, word: &str, value: &str) {
        let key = (field.to_string(), word.to_lowercase());
        self.words.entry(key).or_insert_with(|| value.to_string());
    }

    pub fn pairs(&self) -> Vec<String> {
        self.given.clone()
    }

    fn fields(&self) -> impl Iterator<Item = &str> {
        self.words.keys().map(|(f, _)| f.as_str())
    }

    fn translate(&self, field: &str, word: &str) -> Option<&str> {
        if self.words.is_empty() {
            return None;
        }
        let word = word.to_lowercase();
        self.words
            .get(&(field.to_string(), word.clone()))
            .or_else(|| self.words.get(&("*".to_string(), word)))
            .map(String::as_str)
    }
}

/// The unit of a file's money columns: one for all, or per field
/// (`--money-unit millions`, `--money-unit budget_capital=millions`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MoneyUnits {
    default: MoneyUnit,
    fields: Vec<(String, MoneyUnit)>,
    given: Vec<String>,
}

impl MoneyUnits {
    pub fn parse(entries: &[String]) -> Result<MoneyUnits, String> {
        let mut units = MoneyUnits::default();
        for entry in entries {
            let bad = |e: String| format!("--money-unit {entry}: {e}");
            match entry.split_once('=') {
                Some((field, unit)) => units
                    .fields
                    .push((field.trim().to_lowercase(), unit.parse().map_err(bad)?)),
                None => units.default = entry.parse().map_err(bad)?,
            }
            units.given.push(entry.clone());
        }
        Ok(units)
    }

    fn unit(&self, field: &str) -> MoneyUnit {
        self.fields
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, u)| *u)
            .unwrap_or(self.default)
    }

    pub fn pairs(&self) -> Vec<String> {
        self.given.clone()
    }
}

/// A value seen on a line: where a file proved its date order, or a word it used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sighting {
    pub line: u64,
    pub column: String,
    pub value: String,
}

/// What reading a file found besides its records: its encoding and separator, the notes to
/// show once, the words no register knows (counted, so every map can be written in one go),
/// and the evidence for its date order.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<u8>,
    pub notes: Vec<String>,
    /// (column, word in lower case) → (rows, first line, the word as first written); value
    /// maps match words ignoring case, so the summary does too.
    pub words: BTreeMap<(String, String), (u64, u64, String)>,
    pub order: DateOrder,
    pub month_first: Option<Sighting>,
    pub day_first: Option<Sighting>,
    /// The register columns the file gives (its header after renames, and `--set` fields).
    pub columns: Vec<&'static str>,
    /// Rows read (not counting the header and blank lines).
    pub rows: u64,
    /// What the file says that the app would not let a person type (a red with no reason,
    /// an end before its start): kept as the source says, listed once.
    pub warnings: Vec<Problem>,
}

impl Findings {
    /// The file proved month-first after being read day-first: read it again that way.
    pub fn needs_month_first(&self) -> bool {
        self.order == DateOrder::DayFirst && self.month_first.is_some() && self.day_first.is_none()
    }

    /// The file proved both orders: it is refused whole, even with `--skip-invalid`.
    pub fn mixed_orders(&self) -> bool {
        self.month_first.is_some() && self.day_first.is_some()
    }

    /// One line per unknown word, most frequent first within each column.
    pub fn word_summary(&self) -> Vec<String> {
        let mut by_column: BTreeMap<&str, Vec<(&str, u64, u64)>> = BTreeMap::new();
        for ((column, _), (count, line, word)) in &self.words {
            by_column
                .entry(column)
                .or_default()
                .push((word, *count, *line));
        }
        by_column
            .into_iter()
            .map(|(column, mut words)| {
                words.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
                let listed: Vec<String> = words
                    .iter()
                    .map(|(w, n, line)| {
                        format!(
                            "'{}' ({n} row{}, first on line {line})",
                            cut(w),
                            if *n == 1 { "" } else { "s" }
                        )
                    })
                    .collect();
                format!("{column}: {}", listed.join(", "))
            })
            .collect()
    }
}

/// How a file is read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub renames: Renames,
    pub constants: Constants,
    pub values: ValueMap,
    /// The file's own date format in chrono's notation (`--date-format %m/%d/%Y`): every date
    /// is read with it (or as ISO), nothing else.
    pub date_format: Option<String>,
    pub money: MoneyUnits,
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<u8>,
    /// Refuse columns the register does not use (`--strict`) instead of ignoring them.
    pub strict: bool,
    /// Keep the good rows of a file with bad ones (`--skip-invalid`); the bad rows' problems
    /// are collected in `skipped`. A bad header still fails the whole file.
    pub skip_invalid: bool,
    pub skipped: RefCell<Vec<Problem>>,
    pub found: RefCell<Findings>,
}

impl ReadOptions {
    /// Ready to read the file again (after learning its date order): keep only the order.
    pub fn restart(&self, order: DateOrder) {
        let mut found = self.found.borrow_mut();
        let proof = found.month_first.clone();
        *found = Findings {
            order,
            month_first: proof,
            ..Findings::default()
        };
        self.skipped.borrow_mut().clear();
    }

    pub fn findings(&self) -> Findings {
        self.found.borrow().clone()
    }
}

/// One data row being parsed; problems accumulate so a file's every mistake is reported at once.
pub struct RowReader<'a> {
    origin: Origin,
    options: &'a ReadOptions,
    order: DateOrder,
    record: &'a csv::StringRecord,
    headers: &'a csv::StringRecord,
    index: &'a HashMap<&'static str, usize>,
    problems: &'a mut Vec<Problem>,
    keep: &'a mut Vec<&'static str>,
}

impl RowReader<'_> {
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Text for a field only a new record needs: `None` (the stored value stays) when the
    /// row gives none.
    pub fn unless_blank(&mut self, column: &'static str) -> Option<String> {
        let text = self.text(column);
        if text.is_empty() {
            self.keep.push(column);
            None
        } else {
            Some(text)
        }
    }

    /// Whether the file gives this column (in its header or by `--set`).
    pub fn has(&self, column: &str) -> bool {
        self.index.contains_key(column) || self.options.constants.get(column).is_some()
    }

    /// The trimmed text of a column: the file's cell, else the `--set` constant, else "";
    /// then translated by `--map-value`. The `'` an export puts before text a spreadsheet
    /// would run as a formula is taken off, so export then import gives the same text (an
    /// XLSX sheet arrives here as CSV too). A cell written by hand as `'=x` is read as `=x`:
    /// the mark cannot be told from a real apostrophe, and our own exports write `''=x`.
    pub fn text(&self, column: &str) -> String {
        let cell = self
            .index
            .get(column)
            .and_then(|i| self.record.get(*i))
            .map(|cell| super::cell_safety::strip_spreadsheet_guard(cell.trim()))
            .unwrap_or("");
        let cell = if cell.is_empty() {
            self.options.constants.get(column).unwrap_or("")
        } else {
            cell
        };
        match self.options.values.translate(column, cell) {
            Some(word) => word.to_string(),
            None => cell.to_string(),
        }
    }

    pub fn problem(&mut self, column: &str, problem: impl Into<String>) {
        let column = self.shown(column);
        self.problems.push(Problem {
            origin: self.origin.clone(),
            column,
            problem: problem.into(),
        });
    }

    /// A column as the user finds it in their file: `Incident State (state)` when renamed.
    fn shown(&self, column: &str) -> String {
        match self.index.get(column).and_then(|i| self.headers.get(*i)) {
            Some(header) if clean_header(header) != column => {
                format!("{} ({column})", cut(header.trim()))
            }
            _ => column.to_string(),
        }
    }

    /// A rule that protects what people type, broken by the file: kept, and listed.
    pub fn warn(&mut self, column: &str, problem: impl Into<String>) {
        let column = self.shown(column);
        self.options.found.borrow_mut().warnings.push(Problem {
            origin: self.origin.clone(),
            column,
            problem: problem.into(),
        });
    }

    /// Note which order a numeric date proves, for the whole file's decision.
    fn witness(&self, column: &str, text: &str) {
        let Some(order) = date_order::proves(text) else {
            return;
        };
        let mut found = self.options.found.borrow_mut();
        let slot = match order {
            DateOrder::MonthFirst => &mut found.month_first,
            DateOrder::DayFirst => &mut found.day_first,
        };
        if slot.is_none() {
            *slot = Some(Sighting {
                line: self.origin.line,
                column: column.to_string(),
                value: text.to_string(),
            });
        }
    }

    fn read_date(&self, column: &str, text: &str) -> Result<chrono::NaiveDate, String> {
        if let Some(format) = &self.options.date_format {
            return date_order::parse_date_as(text, format);
        }
        self.witness(column, text);
        let result = date_order::parse_date_in(text, self.order).map_err(|e| e.to_string());
        self.count_if_word(column, text, result.is_err());
        result
    }

    /// A date cell holding a word (`TBD`, `n/a`) is counted for the summary, so one
    /// `--map-value "FIELD:TBD="` can clear them all.
    fn count_if_word(&self, column: &str, text: &str, failed: bool) {
        if failed && !text.bytes().any(|b| b.is_ascii_digit()) {
            self.count_word(column, text);
        }
    }

    fn read_datetime(&self, column: &str, text: &str) -> Result<chrono::NaiveDateTime, String> {
        if let Some(format) = &self.options.date_format {
            return date_order::parse_datetime_as(text, format);
        }
        self.witness(column, text);
        let result = date_order::parse_datetime_in(text, self.order).map_err(|e| e.to_string());
        self.count_if_word(column, text, result.is_err());
        result
    }

    /// A required date, in the file's order (or `--date-format`).
    pub fn date(&mut self, column: &str) -> Option<chrono::NaiveDate> {
        let text = self.required(column)?;
        let result = self.read_date(column, &text);
        self.outcome(column, &text, result)
    }

    pub fn optional_date(&mut self, column: &str) -> Option<Option<chrono::NaiveDate>> {
        let text = self.text(column);
        let result = (!text.is_empty()).then(|| self.read_date(column, &text));
        self.optional_outcome(column, &text, result)
    }

    pub fn datetime(&mut self, column: &str) -> Option<chrono::NaiveDateTime> {
        let text = self.required(column)?;
        let result = self.read_datetime(column, &text);
        self.outcome(column, &text, result)
    }

    pub fn optional_datetime(&mut self, column: &str) -> Option<Option<chrono::NaiveDateTime>> {
        let text = self.text(column);
        let result = (!text.is_empty()).then(|| self.read_datetime(column, &text));
        self.optional_outcome(column, &text, result)
    }

    fn optional_outcome<T>(
        &mut self,
        column: &str,
        text: &str,
        result: Option<Result<T, String>>,
    ) -> Option<Option<T>> {
        match result {
            None => Some(None),
            Some(result) => self.outcome(column, text, result).map(Some),
        }
    }

    /// An optional amount of money, in the file's unit for this column.
    pub fn money(&mut self, column: &str) -> Option<Option<i64>> {
        let unit = self.options.money.unit(column);
        self.parse_optional(column, |t| parse_pence_in(t, unit))
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

    fn outcome<T, E: Display>(
        &mut self,
        column: &str,
        text: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                let mut message = e.to_string();
                if text.chars().count() > 80 {
                    message = message.replace(text, &cut(text));
                }
                self.problem(column, message);
                None
            }
        }
    }

    /// Parse a required value.
    pub fn parse<T, E: Display>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let text = self.required(column)?;
        let result = parse(&text);
        self.outcome(column, &text, result)
    }

    /// Parse an optional value: empty is `Some(None)`, a bad value is a problem and `None`.
    pub fn parse_optional<T, E: Display>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<Option<T>> {
        self.optional_value(column, parse, false)
    }

    /// A word from a vocabulary (a RAG, a stage, a state): one the parser does not know is
    /// counted for the summary as well as reported on its line.
    pub fn word<T, E: Display>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<Option<T>> {
        self.optional_value(column, parse, true)
    }

    fn optional_value<T, E: Display>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
        count_unknown: bool,
    ) -> Option<Option<T>> {
        let text = self.text(column);
        if text.is_empty() {
            return Some(None);
        }
        let result = parse(&text);
        if count_unknown && result.is_err() {
            self.count_word(column, &text);
        }
        self.outcome(column, &text, result).map(Some)
    }

    fn count_word(&self, column: &str, text: &str) {
        let shown = self.shown(column);
        let mut found = self.options.found.borrow_mut();
        let entry = found.words.entry((shown, text.to_lowercase())).or_insert((
            0,
            self.origin.line,
            text.to_string(),
        ));
        entry.0 += 1;
    }

    /// A required word from a vocabulary.
    pub fn required_word<T, E: Display>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let text = self.text(column);
        if text.is_empty() {
            self.problem(column, "is required but empty");
            return None;
        }
        let result = parse(&text);
        if result.is_err() {
            self.count_word(column, &text);
        }
        self.outcome(column, &text, result)
    }
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

/// The 1-based line of the first non-blank line at or after `byte`. A record after a CRLF
/// can be reported as starting on that line's `\n`, which still ends the line before it.
fn line_at(lines: &RefCell<Lines>, byte: u64) -> u64 {
    let lines = lines.borrow();
    let mut index = lines.ends.partition_point(|&end| end < byte);
    if lines.ends.get(index) == Some(&byte) {
        index += 1;
    }
    while lines.blank.get(index).copied().unwrap_or(false) {
        index += 1;
    }
    index as u64 + 1
}

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
    settle(records, problems, options)
}

/// All or nothing, or with `--skip-invalid` the good records and the bad rows set aside; a
/// problem with the header always fails the file.
pub fn settle<T>(
    records: Vec<Located<T>>,
    problems: Vec<Problem>,
    options: &ReadOptions,
) -> Result<Vec<Located<T>>, Vec<Problem>> {
    if problems.is_empty() {
        Ok(records)
    } else if options.skip_invalid
        && !options.found.borrow().mixed_orders()
        && problems.iter().all(|p| p.origin.line > 1)
    {
        options.skipped.borrow_mut().extend(problems);
        Ok(records)
    } else {
        Err(problems)
    }
}

/// Which column of the file gives each register column, and what the header taught.
struct Header {
    index: HashMap<&'static str, usize>,
    problems: Vec<Problem>,
    notes: Vec<String>,
}

fn names(columns: &[Column]) -> String {
    columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",")
}

/// A list cut to about `width` characters, saying how many were left out.
fn listed(items: &[String], width: usize) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let piece = if i == 0 {
            cut(item)
        } else {
            format!(", {}", cut(item))
        };
        if out.len() + piece.len() > width && i > 0 {
            out.push_str(&format!(" … and {} more", items.len() - i));
            return out;
        }
        out.push_str(&piece);
    }
    out
}

fn resolve_header(
    file: &str,
    headers: &csv::StringRecord,
    columns: &[Column],
    options: &ReadOptions,
) -> Header {
    let at = |column: &str, problem: String| Problem {
        origin: Origin {
            file: file.to_string(),
            line: 1,
        },
        column: cut(column),
        problem,
    };
    let cleaned: Vec<String> = headers.iter().map(clean_header).collect();
    let mut copies: HashMap<&str, usize> = HashMap::new();
    for name in &cleaned {
        *copies.entry(name.as_str()).or_default() += 1;
    }
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    // Each register column's candidates: (position, priority: 2 named by the user, 1 the
    // file's own name, 0 a preset's rename).
    let mut claims: BTreeMap<&'static str, Vec<(usize, u8)>> = BTreeMap::new();
    let mut ignored: Vec<String> = Vec::new();
    let mut unnamed = 0;
    for (position, name) in cleaned.iter().enumerate() {
        if name.is_empty() {
            unnamed += 1;
            continue;
        }
        let nth = {
            let n = seen.entry(name.as_str()).or_default();
            *n += 1;
            *n
        };
        let count = copies.get(name.as_str()).copied().unwrap_or(1);
        let rename = options.renames.find(name, nth, count);
        let (field, priority) = match rename {
            Some(r) => (r.field.as_str(), if r.explicit { 2 } else { 0 }),
            None => (name.as_str(), 1),
        };
        // A spreadsheet's "Due date" or "due-date" is the register's `due_date`.
        let spelled = field.replace([' ', '-'], "_");
        match columns
            .iter()
            .find(|c| c.name == field || (rename.is_none() && c.name == spelled))
        {
            Some(column) => claims
                .entry(column.name)
                .or_default()
                .push((position, priority)),
            None if rename.is_some_and(|r| r.explicit) => problems.push(at(
                name,
                format!(
                    "--map names '{field}', which is not a column here (expected {})",
                    names(columns)
                ),
            )),
            None => ignored.push(headers.get(position).unwrap_or(name).trim().to_string()),
        }
    }
    for rename in options.renames.0.iter().filter(|r| r.explicit) {
        let count = copies.get(rename.source.as_str()).copied().unwrap_or(0);
        let label = match rename.nth {
            Some(n) => format!("{}#{n}", rename.source),
            None => rename.source.clone(),
        };
        if count == 0 {
            problems.push(at(
                &label,
                format!(
                    "--map {label}={}: the file has no column '{}'",
                    rename.field, rename.source
                ),
            ));
        } else if rename.nth.is_some_and(|n| n > count) {
            problems.push(at(
                &label,
                format!(
                    "--map {label}={}: the file has {count} column{} named '{}'",
                    rename.field,
                    if count == 1 { "" } else { "s" },
                    rename.source
                ),
            ));
        } else if rename.nth.is_none() && count > 1 {
            problems.push(at(
                &label,
                format!(
                    "--map {label}={}: the file has {count} columns named '{}'; name one, e.g. --map \"{}#2={}\"",
                    rename.field, rename.source, rename.source, rename.field
                ),
            ));
        }
    }
    let mut index = HashMap::new();
    for (field, candidates) in claims {
        let best = candidates.iter().map(|c| c.1).max().unwrap_or(0);
        let top: Vec<usize> = candidates
            .iter()
            .filter(|c| c.1 == best)
            .map(|c| c.0)
            .collect();
        if let [only] = top.as_slice() {
            index.insert(field, *only);
            continue;
        }
        let positions: Vec<String> = top.iter().map(|p| (p + 1).to_string()).collect();
        notes.push(format!(
            "{file}: '{field}' is the header of {} columns ({}): all ignored; pick one with --map \"{field}#2={field}\"",
            top.len(),
            positions.join(", ")
        ));
    }
    if options.strict {
        for name in &ignored {
            problems.push(at(
                name,
                format!(
                    "is not a known column (expected {}; without --strict it is ignored)",
                    names(columns)
                ),
            ));
        }
    } else if !ignored.is_empty() || unnamed > 0 {
        let mut list = ignored.clone();
        if unnamed > 0 {
            list.push(format!("{unnamed} without a name"));
        }
        notes.push(format!(
            "{file}: ignored {} column{}: {}",
            ignored.len() + unnamed,
            if ignored.len() + unnamed == 1 {
                ""
            } else {
                "s"
            },
            listed(&list, 160)
        ));
    }
    for (field, _) in &options.constants.0 {
        if !columns.iter().any(|c| c.name == field) {
            problems.push(at(
                field,
                format!(
                    "--set names '{field}', which is not a column here (expected {})",
                    names(columns)
                ),
            ));
        }
    }
    for field in options.values.fields() {
        if field != "*" && !columns.iter().any(|c| c.name == field) {
            problems.push(at(
                field,
                format!(
                    "--map-value names '{field}', which is not a column here (expected {})",
                    names(columns)
                ),
            ));
        }
    }
    for field in options.money.fields.iter().map(|(f, _)| f) {
        if !columns.iter().any(|c| c.name == field) {
            problems.push(at(
                field,
                format!(
                    "--money-unit names '{field}', which is not a column here (expected {})",
                    names(columns)
                ),
            ));
        }
    }
    for column in columns.iter().filter(|c| c.key) {
        if !index.contains_key(column.name) && options.constants.get(column.name).is_none() {
            problems.push(at(
                column.name,
                format!(
                    "required column is missing (name the file's column with --map \"SOURCE={0}\", or give every row one value with --set {0}=VALUE)",
                    column.name
                ),
            ));
        }
    }
    Header {
        index,
        problems,
        notes,
    }
}

/// Read every row of `input` with `parse`, handing each good record to `sink` as soon as it is
/// read (so a large file never sits in memory), and return every problem found.
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
    let decoded = Decoded::new(input, options.encoding);
    let detected = decoded.detected();
    let decode_problem = |e: &std::io::Error| {
        at(
            detected.failed_line().unwrap_or(1),
            "file",
            if detected.failed_line().is_some() {
                e.to_string()
            } else {
                format!("could not be read: {e}")
            },
        )
    };
    let (header_line, stream) = match peek_header(decoded, MAX_FIELD_BYTES) {
        Ok(peeked) => peeked,
        Err(e) => return vec![decode_problem(&e)],
    };
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| sniff_delimiter(&header_line));
    let lines = Rc::new(RefCell::new(Lines::default()));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(delimiter)
        .from_reader(LineIndex {
            inner: stream,
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
    let header = resolve_header(file, &headers, columns, options);
    {
        let mut found = options.found.borrow_mut();
        found.delimiter = Some(delimiter);
        found.notes.extend(header.notes);
        let mut given: Vec<&'static str> = header.index.keys().copied().collect();
        for column in columns {
            if options.constants.get(column.name).is_some() && !given.contains(&column.name) {
                given.push(column.name);
            }
        }
        found.columns = given;
    }
    if !header.problems.is_empty() {
        return header.problems;
    }
    let index = header.index;
    let order = options.found.borrow().order;
    let mut problems = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut rows_read = 0u64;
    let mut data_rows = 0u64;
    let mut problems_dropped = 0u64;
    let mut last_line = 1u64;
    loop {
        if problems.len() > MAX_PROBLEMS_KEPT {
            problems_dropped += (problems.len() - MAX_PROBLEMS_KEPT) as u64;
            problems.truncate(MAX_PROBLEMS_KEPT);
        }
        rows_read += 1;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                if let csv::ErrorKind::Io(io) = e.kind()
                    && detected.failed_line().is_some()
                {
                    problems.push(decode_problem(io));
                    break;
                }
                let line = e.position().map(|p| line_at(&lines, p.byte())).unwrap_or(0);
                last_line = line;
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
        let line = record
            .position()
            .map(|p| line_at(&lines, p.byte()))
            .unwrap_or(0);
        last_line = line;
        data_rows += 1;
        if data_rows > MAX_ROWS {
            problems.push(at(
                line,
                "file",
                "has more than 1,000,000 rows: split it into files of at most a million rows and import each (an import keeps everything it reads until it commits)".to_string(),
            ));
            break;
        }
        if let Some((i, field)) = record
            .iter()
            .enumerate()
            .find(|(_, f)| f.len() > MAX_FIELD_BYTES)
        {
            let column = headers.get(i).unwrap_or("field").to_string();
            problems.push(at(
                line,
                &cut(&column),
                format!(
                    "is {} MB long; a field may be at most 1 MB (is the file really a CSV export?)",
                    field.len() / (1024 * 1024)
                ),
            ));
            continue;
        }
        let origin = Origin {
            file: file.to_string(),
            line,
        };
        let before = problems.len();
        let mut keep = Vec::new();
        let mut row = RowReader {
            origin: origin.clone(),
            options,
            order,
            record: &record,
            headers: &headers,
            index: &index,
            problems: &mut problems,
            keep: &mut keep,
        };
        let parsed = parse(&mut row);
        if let (Some(value), true) = (parsed, problems.len() == before) {
            sink(Located {
                origin,
                record: value,
                keep: std::mem::take(&mut keep),
            });
        }
    }
    if problems.len() > MAX_PROBLEMS_KEPT {
        problems_dropped += (problems.len() - MAX_PROBLEMS_KEPT) as u64;
        problems.truncate(MAX_PROBLEMS_KEPT);
    }
    if problems_dropped > 0 {
        problems.push(at(
            last_line,
            "file",
            format!("and {problems_dropped} more problems on later lines, counted but not kept"),
        ));
    }
    let mut found = options.found.borrow_mut();
    found.rows = rows_read.saturating_sub(1);
    found.encoding = detected.get();
    if let Some(encoding) = detected.get().filter(|e| *e != TextEncoding::Utf8) {
        found
            .notes
            .push(format!("{file}: read as {} text", encoding.label()));
    }
    if let Some(c) = detected.lookalike() {
        found.notes.push(format!(
            "{file}: read as UTF-8, but it holds '{c}', which Windows-1252 bytes also spell: if Excel on Windows saved it, import it again with --encoding windows-1252"
        ));
    }
    if let (Some(month), Some(day)) = (&found.month_first, &found.day_first) {
        let (first, second) = if month.line <= day.line {
            (month, day)
        } else {
            (day, month)
        };
        problems.insert(
            0,
            at(
                second.line,
                &second.column,
                format!(
                    "'{}' is {} but line {} has '{}' ({}), which is {}: one file uses one date order; correct the file, or name its format with --date-format",
                    cut(&second.value),
                    order_of(second, month),
                    first.line,
                    cut(&first.value),
                    first.column,
                    order_of(first, month),
                ),
            ),
        );
    }
    problems
}

fn order_of(sighting: &Sighting, month_first: &Sighting) -> &'static str {
    if std::ptr::eq(sighting, month_first) {
        "month-first"
    } else {
        "day-first"
    }
}

fn csv_problem(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "is not valid UTF-8 text (save the file as UTF-8, or name its encoding with --encoding)"
                .into()
        }
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

    const COLUMNS: [Column; 4] = [
        key("code"),
        optional("name"),
        optional("rag"),
        optional("due"),
    ];

    type Rows = Vec<Located<(String, String)>>;

    fn run_with(input: &[u8], options: &ReadOptions) -> Result<Rows, Vec<Problem>> {
        read("t.csv", input, &COLUMNS, options, |row| {
            let code = row.required("code")?;
            row.word("rag", str::parse::<crate::domain::Rag>)?;
            let due = row.optional_date("due")?;
            let name = row.text("name");
            Some((code, due.map(|d| format!("{name} {d}")).unwrap_or(name)))
        })
    }

    fn run(input: &str) -> Result<Rows, Vec<Problem>> {
        run_with(input.as_bytes(), &ReadOptions::default())
    }

    fn messages(result: Result<Rows, Vec<Problem>>) -> Vec<String> {
        result.unwrap_err().iter().map(|p| p.to_string()).collect()
    }

    fn options(map: &[&str], set: &[&str], values: &[&str]) -> ReadOptions {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        ReadOptions {
            renames: Renames::parse(&strings(map)).unwrap(),
            constants: Constants::parse(&strings(set)).unwrap(),
            values: ValueMap::parse(&strings(values)).unwrap(),
            ..ReadOptions::default()
        }
    }

    #[test]
    fn headers_match_case_insensitively_and_lines_are_counted() {
        let rows = run("\u{feff}CODE, Name \nA,Alpha\n\nB,Beta\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].record, ("B".to_string(), "Beta".to_string()));
        assert_eq!(rows[1].origin.line, 4);
    }

    #[test]
    fn crlf_files_name_exact_lines() {
        let got = messages(run("code,name\r\nA,one\r\n\r\n,two\r\nC,x,y\r\n"));
        assert_eq!(
            got,
            [
                "t.csv:4: code: is required but empty",
                "t.csv:5: row: has 3 fields but the header has 2"
            ]
        );
    }

    #[test]
    fn unknown_columns_are_ignored_and_listed_once_unless_strict() {
        let options = ReadOptions::default();
        let rows = run_with(b"code,colour,Notes,\nA,red,x,\n", &options).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            options.findings().notes,
            ["t.csv: ignored 3 columns: colour, Notes, 1 without a name"]
        );
        let strict = ReadOptions {
            strict: true,
            ..ReadOptions::default()
        };
        let got = messages(run_with(b"code,colour\nA,red\n", &strict));
        assert_eq!(got.len(), 1);
        assert!(
            got[0].starts_with("t.csv:1: colour: is not a known column"),
            "{got:?}"
        );
        assert!(
            messages(run("name\nx\n"))[0].starts_with("t.csv:1: code: required column is missing")
        );
    }

    #[test]
    fn a_file_over_a_million_rows_is_refused_and_problems_are_bounded() {
        let mut text = b"code,rag\n".to_vec();
        for i in 0..=MAX_ROWS {
            text.extend_from_slice(format!("P{i},G\n").as_bytes());
        }
        let mut rows = 0u64;
        let problems = read_each(
            "big.csv",
            &text[..],
            &COLUMNS,
            &ReadOptions::default(),
            |_| Some(()),
            |_| rows += 1,
        );
        assert_eq!(rows, MAX_ROWS, "every row up to the limit was read");
        assert_eq!(problems.len(), 1);
        let message = problems[0].to_string();
        assert!(
            message.starts_with("big.csv:1000002: file: has more than 1,000,000 rows"),
            "{message}"
        );

        // A file wrong on every line keeps 10,000 problems and counts the rest.
        let mut bad = b"code,rag\n".to_vec();
        for i in 0..MAX_PROBLEMS_KEPT + 50 {
            bad.extend_from_slice(format!("P{i},G,extra\n").as_bytes());
        }
        let problems = read_each(
            "bad.csv",
            &bad[..],
            &COLUMNS,
            &ReadOptions::default(),
            |_| Some(()),
            |_| {},
        );
        assert_eq!(problems.len(), MAX_PROBLEMS_KEPT + 1);
        let last = problems[MAX_PROBLEMS_KEPT].to_string();
        assert!(
            last.contains("and 50 more problems on later lines"),
            "{last}"
        );
    }

    #[test]
    fn duplicate_headers_are_ignored_unless_one_is_picked() {
        let options = ReadOptions::default();
        let rows = run_with(b"code,rag,rag\nA,R,G\n", &options).unwrap();
        assert_eq!(rows.len(), 1);
        assert!(
            options.findings().notes[0]
                .contains("'rag' is the header of 2 columns (2, 3): all ignored"),
            "{:?}",
            options.findings().notes
        );
        let picked = options_for_map(&["rag#2=rag"]);
        let mut seen = Vec::new();
        read_each(
            "t.csv",
            &b"code,rag,rag\nA,purple,G\n"[..],
            &COLUMNS,
            &picked,
            |row| Some(row.text("rag")),
            |r| seen.push(r.record),
        );
        assert_eq!(seen, ["G"]);
        let wrong = messages(run_with(
            b"code,rag,rag\nA,R,G\n",
            &options_for_map(&["rag#3=rag"]),
        ));
        assert!(
            wrong[0].contains("the file has 2 columns named 'rag'"),
            "{wrong:?}"
        );
    }

    fn options_for_map(map: &[&str]) -> ReadOptions {
        options(map, &[], &[])
    }

    #[test]
    fn constants_fill_blanks_and_value_maps_translate_words() {
        let o = options(
            &["Ref=code"],
            &["name=Unnamed"],
            &["rag:Amber/Red=A/R", "rag:Purple=red"],
        );
        let rows = run_with(b"Ref,name,rag\nA,,Purple\nB,Bee,amber/red\n", &o).unwrap();
        assert_eq!(rows[0].record.1, "Unnamed");
        assert_eq!(rows[1].record.1, "Bee");
        // --set names a column the file lacks: every row gets it, and it counts as given.
        let o = options(&[], &["code=X"], &[]);
        let rows = run_with(b"name\nOne\n", &o).unwrap();
        assert_eq!(rows[0].record.0, "X");
        assert!(o.findings().columns.contains(&"code"));
        let bad = messages(run_with(b"code\nA\n", &options(&[], &["colour=red"], &[])));
        assert!(bad[0].contains("--set names 'colour'"), "{bad:?}");
    }

    #[test]
    fn unknown_words_are_counted_for_one_summary_naming_the_file_column() {
        let o = options(&["Status=rag"], &[], &[]);
        let problems =
            run_with(b"code,Status\nA,Purple\nB,purple\nC,Mauve\nD,R\n", &o).unwrap_err();
        assert_eq!(problems.len(), 3);
        assert_eq!(problems[0].column, "Status (rag)");
        assert_eq!(
            o.findings().word_summary(),
            ["Status (rag): 'Purple' (2 rows, first on line 2), 'Mauve' (1 row, first on line 4)"]
        );
    }

    #[test]
    fn values_are_cut_at_80_characters_in_messages() {
        let long = "x".repeat(200);
        let got = messages(run(&format!("code,rag\nA,{long}\n")));
        assert!(
            got[0].contains(&format!("'{}…'", "x".repeat(80))),
            "{got:?}"
        );
        assert!(!got[0].contains(&long));
    }

    #[test]
    fn date_order_is_decided_for_the_whole_file() {
        // Day-first by default; a value proving month-first asks for a second reading.
        let o = ReadOptions::default();
        let _ = run_with(b"code,due\nA,3/4/2026\nB,8/25/2026\n", &o);
        assert!(o.findings().needs_month_first());
        o.restart(DateOrder::MonthFirst);
        let rows = run_with(b"code,due\nA,3/4/2026\nB,8/25/2026\n", &o).unwrap();
        assert_eq!(rows[0].record.1, " 2026-03-04");
        assert_eq!(rows[1].record.1, " 2026-08-25");
        // Proof of both orders refuses the file, naming both lines.
        let o = ReadOptions::default();
        let got = messages(run_with(b"code,due\nA,25/08/2026\nB,8/25/2026\n", &o));
        assert!(
            got[0].starts_with("t.csv:3: due: '8/25/2026' is month-first but line 2 has '25/08/2026' (due), which is day-first"),
            "{got:?}"
        );
        assert!(!o.findings().needs_month_first());
        // A named format is the only reading.
        let o = ReadOptions {
            date_format: Some("%m/%d/%Y".into()),
            ..ReadOptions::default()
        };
        let got = messages(run_with(b"code,due\nA,25/08/2026\n", &o));
        assert!(
            got[0].contains("does not match --date-format %m/%d/%Y"),
            "{got:?}"
        );
    }

    #[test]
    fn a_file_in_another_encoding_and_separator_reads_the_same() {
        let text = "code;name\r\nA;Café £5 – “quoted”\r\n";
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
        assert!(!unmappable);
        let cp1252 = bytes.into_owned();
        let o = ReadOptions::default();
        let rows = run_with(&cp1252, &o).unwrap();
        assert_eq!(rows[0].record.1, "Café £5 – “quoted”");
        let found = o.findings();
        assert_eq!(found.encoding, Some(TextEncoding::Windows1252));
        assert_eq!(found.delimiter, Some(b';'));
        assert!(found.notes.iter().any(|n| n.contains("Windows-1252")));
    }

    #[test]
    fn windows_1252_that_reads_as_utf8_is_said_in_a_note() {
        let o = ReadOptions::default();
        let rows = run_with(b"code,name\nA,\xE9\x93\xA3\n", &o).unwrap();
        assert_eq!(rows[0].record.1, "铣");
        let notes = o.findings().notes;
        assert!(
            notes
                .iter()
                .any(|n| n.contains("holds '铣'") && n.contains("--encoding windows-1252")),
            "{notes:?}"
        );
    }

    #[test]
    fn empty_file_and_mixed_encodings() {
        let empty = messages(run(""));
        assert_eq!(empty.len(), 1);
        assert!(
            empty[0].starts_with("t.csv:1: header: the file is empty"),
            "{empty:?}"
        );
        let mut mixed = "code,name\nA,Café\nB,".as_bytes().to_vec();
        mixed.extend_from_slice(b"\xA3\n");
        let got = messages(run_with(&mixed, &ReadOptions::default()));
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].starts_with("t.csv:3: file: is not valid UTF-8 or Windows-1252"),
            "{got:?}"
        );
    }
}
