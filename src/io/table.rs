//! A register as a table of text (the same columns import reads), written as CSV, JSON or XLSX.

use std::io::Write;

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
        match format {
            Format::Csv => {
                let mut writer = csv::Writer::from_writer(out);
                writer.write_record(&self.columns)?;
                for row in &self.rows {
                    writer.write_record(row)?;
                }
                writer.flush()?;
            }
            Format::Json => {
                let objects: Vec<serde_json::Map<String, serde_json::Value>> = self
                    .rows
                    .iter()
                    .map(|row| {
                        self.columns
                            .iter()
                            .zip(row)
                            .map(|(c, v)| (c.to_string(), serde_json::Value::String(v.clone())))
                            .collect()
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &objects)?;
                writeln!(out)?;
            }
            Format::Xlsx => {
                let mut workbook = rust_xlsxwriter::Workbook::new();
                let sheet = workbook.add_worksheet();
                sheet.set_name(self.name)?;
                let bold = rust_xlsxwriter::Format::new().set_bold();
                for (c, name) in self.columns.iter().enumerate() {
                    sheet.write_string_with_format(0, c as u16, *name, &bold)?;
                }
                for (r, row) in self.rows.iter().enumerate() {
                    for (c, value) in row.iter().enumerate() {
                        // Text keeps codes, dates and amounts exactly as import reads them.
                        sheet.write_string(r as u32 + 1, c as u16, value)?;
                    }
                }
                out.write_all(&workbook.save_to_buffer()?)?;
            }
        }
        Ok(())
    }
}
