//! A register as a table of text (the same columns import reads), written as CSV, JSON or XLSX.

use std::io::Write;

use super::cell_safety::spreadsheet_safe;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
    Xlsx,
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error("cannot write the spreadsheet: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

impl Table {
    pub fn write(&self, format: Format, out: &mut dyn Write) -> Result<(), WriteError> {
        let mut writer = TableWriter::new(self.name, &self.columns, format, out)?;
        for row in &self.rows {
            writer.row(row)?;
        }
        writer.finish()
    }
}

/// Writes a table row by row, so an export of any size streams: CSV and JSON go straight to
/// `out`; XLSX uses the constant-memory worksheet and writes the file at `finish`.
pub struct TableWriter<'w> {
    columns: Vec<String>,
    out: &'w mut dyn Write,
    sink: Sink,
    rows: u64,
}

enum Sink {
    Csv,
    Json,
    Xlsx(Box<rust_xlsxwriter::Workbook>),
}

impl<'w> TableWriter<'w> {
    pub fn new(
        name: &str,
        columns: &[&str],
        format: Format,
        out: &'w mut dyn Write,
    ) -> Result<TableWriter<'w>, WriteError> {
        let sink = match format {
            Format::Csv => {
                csv_line(out, columns)?;
                Sink::Csv
            }
            Format::Json => Sink::Json,
            Format::Xlsx => {
                let mut workbook = Box::new(rust_xlsxwriter::Workbook::new());
                let sheet = workbook.add_worksheet_with_constant_memory();
                sheet.set_name(name)?;
                let bold = rust_xlsxwriter::Format::new().set_bold();
                for (c, column) in columns.iter().enumerate() {
                    sheet.write_string_with_format(0, c as u16, *column, &bold)?;
                }
                Sink::Xlsx(workbook)
            }
        };
        Ok(TableWriter {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            out,
            sink,
            rows: 0,
        })
    }

    pub fn row<S: AsRef<str>>(&mut self, values: &[S]) -> Result<(), WriteError> {
        match &mut self.sink {
            Sink::Csv => csv_line(self.out, values)?,
            Sink::Json => {
                let object: serde_json::Map<String, serde_json::Value> = self
                    .columns
                    .iter()
                    .zip(values)
                    .map(|(c, v)| (c.clone(), serde_json::Value::String(v.as_ref().to_string())))
                    .collect();
                // The same text as pretty-printing the whole array at once.
                let text = serde_json::to_string_pretty(&object)?;
                self.out
                    .write_all(if self.rows == 0 { b"[\n" } else { b",\n" })?;
                for (i, line) in text.lines().enumerate() {
                    if i > 0 {
                        self.out.write_all(b"\n")?;
                    }
                    write!(self.out, "  {line}")?;
                }
            }
            Sink::Xlsx(workbook) => {
                let sheet = workbook.worksheet_from_index(0)?;
                let r = u32::try_from(self.rows + 1).unwrap_or(u32::MAX);
                for (c, value) in values.iter().enumerate() {
                    // Text keeps codes, dates and amounts exactly as import reads them.
                    sheet.write_string(r, c as u16, value.as_ref())?;
                }
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    pub fn finish(self) -> Result<(), WriteError> {
        match self.sink {
            Sink::Csv => {}
            Sink::Json if self.rows == 0 => writeln!(self.out, "[]")?,
            Sink::Json => writeln!(self.out, "\n]")?,
            Sink::Xlsx(mut workbook) => self.out.write_all(&workbook.save_to_buffer()?)?,
        }
        self.out.flush()?;
        Ok(())
    }
}

/// One CSV record, quoted as the csv crate quotes it. Each cell is spreadsheet-safe: text a
/// spreadsheet would run as a formula gets a leading `'`, which import takes off again.
fn csv_line<S: AsRef<str>>(out: &mut dyn Write, values: &[S]) -> Result<(), WriteError> {
    let mut writer = csv::Writer::from_writer(out);
    for value in values {
        writer.write_field(spreadsheet_safe(value.as_ref()).as_bytes())?;
    }
    writer.write_record(None::<&[u8]>)?;
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: usize) -> Table {
        Table {
            name: "cases",
            columns: vec!["ref", "summary"],
            rows: (0..rows)
                .map(|i| {
                    vec![
                        format!("INC{i}"),
                        format!("line \"{i}\", with, commas\nand more"),
                    ]
                })
                .collect(),
        }
    }

    fn written(t: &Table, format: Format) -> String {
        let mut out = Vec::new();
        t.write(format, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn streamed_json_is_the_pretty_array() {
        for rows in [0, 1, 3] {
            let t = table(rows);
            let objects: Vec<serde_json::Map<String, serde_json::Value>> = t
                .rows
                .iter()
                .map(|row| {
                    t.columns
                        .iter()
                        .zip(row)
                        .map(|(c, v)| (c.to_string(), serde_json::Value::String(v.clone())))
                        .collect()
                })
                .collect();
            let whole = serde_json::to_string_pretty(&objects).unwrap() + "\n";
            assert_eq!(written(&t, Format::Json), whole, "{rows} rows");
        }
    }

    #[test]
    fn csv_cells_that_would_run_as_formulas_are_marked_and_numbers_are_not() {
        let t = Table {
            name: "projects",
            columns: vec!["code", "name", "budget_capital"],
            rows: vec![
                vec![
                    "T-1".into(),
                    "=HYPERLINK(\"http://x\",\"y\")".into(),
                    "-1200.00".into(),
                ],
                vec!["T-2".into(), "@SUM(1+1)".into(), "-3".into()],
                vec!["T-3".into(), "-2+3".into(), "450000".into()],
            ],
        };
        let csv = written(&t, Format::Csv);
        assert_eq!(
            csv,
            "code,name,budget_capital\n\
             T-1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-1200.00\n\
             T-2,'@SUM(1+1),-3\n\
             T-3,'-2+3,450000\n"
        );
        // JSON and XLSX keep the text as it is: neither is read as formulas.
        assert!(written(&t, Format::Json).contains("\"name\": \"@SUM(1+1)\""));
    }

    #[test]
    fn streamed_csv_is_one_csv_document() {
        let t = table(3);
        let mut whole = csv::Writer::from_writer(Vec::new());
        whole.write_record(&t.columns).unwrap();
        for row in &t.rows {
            whole.write_record(row).unwrap();
        }
        let whole = String::from_utf8(whole.into_inner().unwrap()).unwrap();
        assert_eq!(written(&t, Format::Csv), whole);
    }
}
