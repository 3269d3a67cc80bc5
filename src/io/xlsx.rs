//! Excel workbooks in: the first sheet (or a named one) is turned into CSV text, one row per
//! line, so every register is read by the same CSV code and problems name the same lines.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use crate::domain::dates::iso_datetime;

/// The sheet as CSV bytes (header row first), or a message naming the file.
pub fn sheet_as_csv(path: &Path, sheet: Option<&str>) -> Result<Vec<u8>, String> {
    let name = path.display();
    let mut workbook = open_workbook_auto(path)
        .map_err(|e| format!("{name}: not a readable spreadsheet ({e})"))?;
    let names = workbook.sheet_names();
    let chosen = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(wanted))
            .cloned()
            .ok_or_else(|| {
                format!(
                    "{name}: no sheet called '{wanted}' (it has {})",
                    names.join(", ")
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| format!("{name}: the workbook has no sheets"))?,
    };
    let range = workbook
        .worksheet_range(&chosen)
        .map_err(|e| format!("{name}: cannot read sheet '{chosen}' ({e})"))?;
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    for row in range.rows() {
        let record: Vec<String> = row.iter().map(cell_text).collect();
        writer
            .write_record(&record)
            .map_err(|e| format!("{name}: {e}"))?;
    }
    writer.into_inner().map_err(|e| format!("{name}: {e}"))
}

fn cell_text(cell: &Data) -> String {
    let text = match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(at) if at.time() == chrono::NaiveTime::MIN => {
                at.date().format("%Y-%m-%d").to_string()
            }
            Some(at) => iso_datetime(at),
            None => dt.to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    };
    // One row per line keeps the line numbers in messages equal to the sheet's rows.
    text.replace(['\n', '\r'], " ")
}
