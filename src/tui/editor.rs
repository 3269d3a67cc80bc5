//! `Ctrl-e` in a long-text field: suspend the app, edit the text in `$VISUAL`/`$EDITOR`
//! (default `vi`), and come back with the result. The terminal is restored either way.

use std::io;

use crossterm::execute;
use crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};
use ratatui::backend::CrosstermBackend;
use ratatui::{DefaultTerminal, Terminal};

use super::app::{App, Overlay};

pub fn edit_focused_field(terminal: &mut DefaultTerminal, app: &mut App) -> io::Result<()> {
    let Some(Overlay::Form(open)) = app.overlay.as_mut() else {
        return Ok(());
    };
    let Some(field) = open.form.fields.get_mut(open.form.focus) else {
        return Ok(());
    };
    let path = std::env::temp_dir().join(format!("workplan-edit-{}.txt", std::process::id()));
    std::fs::write(&path, field.text())?;
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi").to_string();
    let args: Vec<String> = words.map(str::to_string).collect();
    ratatui::restore();
    let status = std::process::Command::new(&program)
        .args(&args)
        .arg(&path)
        .status();
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, Clear(ClearType::All))?;
    // A fresh terminal redraws every cell (clearing the old one would query the cursor).
    *terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    match status {
        Ok(s) if s.success() => {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            // A form field is one line: the editor's lines are joined with spaces.
            let joined = text
                .lines()
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join(" ");
            field.set_text(joined.trim());
        }
        Ok(s) => {
            open.form.note = Some(format!(
                "{program} exited with {s}: the text was not changed"
            ))
        }
        Err(e) => open.form.note = Some(format!("cannot run {program}: {e} (set $EDITOR)")),
    }
    let _ = std::fs::remove_file(&path);
    Ok(())
}
