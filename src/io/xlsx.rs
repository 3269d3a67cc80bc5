//! Excel workbooks in: the first sheet (or a named one) is turned into CSV text, one row per
//! line, so every register is read by the same CSV code and problems name the same lines.
//!
//! A workbook is a zip of XML. Before any of it is inflated for reading, every entry is
//! checked: the whole may unpack to at most `MAX_UNPACKED_BYTES`, and no entry over 1 MB may
//! be packed more than `MAX_RATIO` to 1 (a zip bomb, or one cell of gigabytes, would fill
//! memory). The sizes an entry claims are then proved by inflating it into nothing.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use zip::result::ZipError;

use crate::domain::dates::iso_datetime;

/// The sheet as CSV bytes (header row first), or a message naming the file.
pub fn sheet_as_csv(path: &Path, sheet: Option<&str>) -> Result<Vec<u8>, String> {
    let name = path.display();
    check_zip(path)?;
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

/// The most a workbook's entries may unpack to, together.
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;

/// How much tighter than its unpacked size an entry over `RATIO_FROM_BYTES` may be packed.
/// Real sheets pack 5 to 30 to 1; deflate's limit is about 1000 to 1.
pub const MAX_RATIO: u64 = 100;

/// Entries smaller than this unpacked are never judged by their ratio.
const RATIO_FROM_BYTES: u64 = 1024 * 1024;

/// Refuse a zip-based workbook (XLSX, XLSM, ODS) whose entries would unpack past the limits,
/// naming the file and the entry. Files that are not zips (XLS) are left to calamine.
pub fn check_zip(path: &Path) -> Result<(), String> {
    let name = path.display();
    let unreadable = |e: ZipError| format!("{name}: not a readable spreadsheet ({e})");
    let mut file = File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let mut magic = [0u8; 4];
    let mut got = 0;
    while got < magic.len() {
        match file.read(&mut magic[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read {name}: {e}")),
        }
    }
    if got < magic.len() || !magic.starts_with(b"PK") {
        return Ok(());
    }
    // A zip is read from its end: a pipe cannot give that.
    file.seek(SeekFrom::Start(0))
        .map_err(|e| format!("{name}: a workbook must be a file, not a pipe ({e})"))?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(unreadable)?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(unreadable)?;
        total = total.saturating_add(entry.size());
        judge_entry(entry.name(), entry.size(), entry.compressed_size(), total)
            .map_err(|problem| format!("{name}: {problem}"))?;
    }
    // The sizes above are what the file says: inflate each entry into nothing, never further
    // than it says, so a file that understates them is caught too.
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(unreadable)?;
        let stated = entry.size();
        let entry_name = crate::domain::text::sanitize(entry.name()).into_owned();
        let mut bounded = (&mut entry).take(stated.saturating_add(1));
        let unpacked = io::copy(&mut bounded, &mut io::sink())
            .map_err(|e| format!("{name}: not a readable spreadsheet ({e})"))?;
        if unpacked > stated {
            return Err(format!(
                "{name}: '{entry_name}' unpacks to more than the {stated} bytes it states (a damaged or hostile file); save the sheet as CSV and import that"
            ));
        }
    }
    Ok(())
}

/// Whether one entry may be read: `size` unpacked from `packed`, `total` with those before it.
fn judge_entry(entry: &str, size: u64, packed: u64, total: u64) -> Result<(), String> {
    let entry = crate::domain::text::sanitize(entry);
    if total > MAX_UNPACKED_BYTES {
        return Err(format!(
            "'{entry}' unpacks to {}, taking the workbook past the {} this app reads; save the sheet as CSV and import that",
            amount(size),
            amount(MAX_UNPACKED_BYTES)
        ));
    }
    if size > RATIO_FROM_BYTES && size / packed.max(1) > MAX_RATIO {
        return Err(format!(
            "'{entry}' unpacks to {} from {}, over {MAX_RATIO} times its packed size: refused as a likely zip bomb (save the sheet as CSV and import that)",
            amount(size),
            amount(packed)
        ));
    }
    Ok(())
}

/// A size in the unit that reads best: bytes, KB or MB.
fn amount(bytes: u64) -> String {
    const KB: u64 = 1024;
    if bytes >= KB * KB {
        format!("{} MB", bytes / (KB * KB))
    } else if bytes >= KB {
        format!("{} KB", bytes / KB)
    } else {
        format!("{bytes} bytes")
    }
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
    let text = text.replace(['\n', '\r'], " ");
    // A workbook's text cell is text, never a formula: guard it as a CSV export would, so
    // the CSV reader's removal of the guard gives back exactly the cell's text.
    match cell {
        Data::String(_) => crate::io::cell_safety::spreadsheet_safe(&text).into_owned(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1024 * 1024;

    #[test]
    fn entries_are_judged_by_total_size_and_ratio() {
        let sheet = "xl/worksheets/sheet1.xml";
        let strings = "xl/sharedStrings.xml";
        // A real sheet: 40 MB packed 8 to 1.
        assert!(judge_entry(sheet, 40 * MB, 5 * MB, 41 * MB).is_ok());
        // Small entries may pack as tight as they like.
        assert!(judge_entry("xl/styles.xml", 900 * 1024, 1024, MB).is_ok());
        let huge = 3 * 1024 * MB;
        let bomb = judge_entry(strings, huge, 3 * MB, huge).unwrap_err();
        assert!(bomb.contains("'xl/sharedStrings.xml'"), "{bomb}");
        let ratio = judge_entry(strings, 200 * MB, MB, 200 * MB).unwrap_err();
        assert!(ratio.contains("zip bomb"), "{ratio}");
        assert!(ratio.contains("200 MB from 1 MB"), "{ratio}");
        let total = judge_entry(sheet, 100 * MB, 20 * MB, 600 * MB).unwrap_err();
        assert!(total.contains("past the 512 MB"), "{total}");
    }

    #[test]
    fn a_file_that_is_not_a_zip_is_left_to_calamine() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.xls");
        std::fs::write(&path, b"\xD0\xCF\x11\xE0 an old workbook").unwrap();
        assert!(check_zip(&path).is_ok());
        std::fs::write(&path, b"PK").unwrap();
        assert!(
            check_zip(&path).is_ok(),
            "too short to be a zip: calamine says so"
        );
        std::fs::write(&path, b"PK\x03\x04 but no archive").unwrap();
        let error = check_zip(&path).unwrap_err();
        assert!(error.contains("not a readable spreadsheet"), "{error}");
    }
}
