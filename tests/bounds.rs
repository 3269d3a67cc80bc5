//! Inputs that would fill memory or never end are refused quickly, in one sentence naming the
//! file (and the line or the workbook entry): devices, directories, endless lines, a stream
//! through a pipe that never stops, and a zip bomb dressed as a workbook. The real binary
//! runs each, so the messages are the ones a user reads.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use predicates::prelude::*;

/// Longer than any of these should take, even on a busy machine: a hang fails, not blocks.
const GENEROUS: Duration = Duration::from_secs(60);

fn import(db: &Path, file: &Path) -> assert_cmd::assert::Assert {
    common::bin()
        .args(["import", "projects"])
        .arg(file)
        .arg("--db")
        .arg(db)
        .timeout(GENEROUS)
        .assert()
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    import(&dir.path().join("w.db"), Path::new("/dev/zero"))
        .code(1)
        .stderr(predicate::str::contains(
            "/dev/zero is a device, not a file: give an exported CSV or XLSX file",
        ));
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("exports");
    std::fs::create_dir(&folder).unwrap();
    import(&dir.path().join("w.db"), &folder)
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{} is a directory, not a file: give an exported CSV or XLSX file",
            folder.display()
        )));
}

#[test]
fn a_line_of_three_megabytes_is_refused_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one-line.csv");
    let mut text = String::from("code,name,stage\nP-1,");
    text.push_str(&"x".repeat(3 * 1024 * 1024));
    text.push_str(",proposed\n");
    std::fs::write(&file, text).unwrap();
    import(&dir.path().join("w.db"), &file)
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}:2: file: has a line longer than 2 MB (is the file really a CSV export?)",
            file.display()
        )))
        .stderr(predicate::str::contains("nothing was changed"));
}

/// Feed `head` and then `byte` without end through a named pipe to `import projects`, and
/// return what the import said and how many bytes it took before it stopped reading.
#[cfg(unix)]
fn import_endless_pipe(head: &'static [u8], byte: u8) -> (String, u64, Duration) {
    use std::io::Write;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("export.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo");
    let written = Arc::new(AtomicU64::new(0));
    {
        let (fifo, written) = (fifo.clone(), Arc::clone(&written));
        // Opening blocks until the import opens the pipe; writing fails once it has gone.
        // Never joined: should the import not read at all, this thread waits harmlessly.
        std::thread::spawn(move || {
            let Ok(mut pipe) = std::fs::OpenOptions::new().write(true).open(&fifo) else {
                return;
            };
            if pipe.write_all(head).is_err() {
                return;
            }
            let chunk = vec![byte; 64 * 1024];
            // A bound of its own, so a broken reader cannot keep this test busy for ever.
            while written.load(Ordering::SeqCst) < 4 << 30 {
                if pipe.write_all(&chunk).is_err() {
                    return;
                }
                written.fetch_add(chunk.len() as u64, Ordering::SeqCst);
            }
        });
    }
    let started = Instant::now();
    let output = common::bin()
        .args(["import", "projects"])
        .arg(&fifo)
        .arg("--db")
        .arg(dir.path().join("w.db"))
        .timeout(GENEROUS)
        .output()
        .unwrap();
    let took = started.elapsed();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (stderr, written.load(Ordering::SeqCst), took)
}

#[cfg(unix)]
#[test]
fn an_endless_line_through_a_pipe_is_refused_after_a_few_megabytes() {
    let (stderr, read, took) = import_endless_pipe(b"code,name,stage\nP-1,", b'x');
    assert!(
        stderr.contains(":2: file: has a line longer than 2 MB"),
        "{stderr}"
    );
    assert!(read < 64 * 1024 * 1024, "read {read} bytes before refusing");
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

#[cfg(unix)]
#[test]
fn nul_bytes_through_a_pipe_are_refused_at_once() {
    // `cat /dev/zero |` as an export: not text, refused in its first chunk.
    let (stderr, read, took) = import_endless_pipe(b"", 0);
    assert!(stderr.contains(":1: file: holds a NUL byte"), "{stderr}");
    assert!(read < 64 * 1024 * 1024, "read {read} bytes before refusing");
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

#[test]
fn a_zip_bomb_workbook_is_refused_naming_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bomb.xlsx");
    // 400 cells of 32,000 repeated letters (Excel's longest is 32,767): 12 MB of shared
    // strings that pack into a few kilobytes, as a sheet with one enormous cell would.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "code").unwrap();
    sheet.write_string(0, 1, "name").unwrap();
    let filler = "a".repeat(32_000);
    for row in 1..=400u32 {
        sheet.write_string(row, 0, format!("P-{row}")).unwrap();
        sheet
            .write_string(row, 1, format!("{row:05}{filler}"))
            .unwrap();
    }
    workbook.save(&file).unwrap();
    let started = Instant::now();
    import(&dir.path().join("w.db"), &file)
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: 'xl/sharedStrings.xml' unpacks to 12 MB from",
            file.display()
        )))
        .stderr(predicate::str::contains("zip bomb"));
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "took {took:?}");
}
