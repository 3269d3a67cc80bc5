//! `Ctrl-e` in a long-text field: suspend the app, edit the text in `$VISUAL`/`$EDITOR`
//! (default `vi`), and come back with the result. The terminal is restored either way.

use std::io;

use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::Backend;

use super::app::{App, Overlay};

pub fn edit_focused_field<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> io::Result<()>
where
    B::Error: Into<io::Error>,
{
    let Some(Overlay::Form(open)) = app.overlay.as_mut() else {
        return Ok(());
    };
    let Some(field) = open.form.fields.get_mut(open.form.focus) else {
        return Ok(());
    };
    let path = std::env::temp_dir().join(format!("workplan-edit-{}.txt", std::process::id()));
    std::fs::write(&path, field.text())?;
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".to_string());
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi").to_string();
    let args: Vec<String> = words.map(str::to_string).collect();
    ratatui::restore();
    let status = std::process::Command::new(&program).args(&args).arg(&path).status();
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    terminal.clear().map_err(Into::into)?;
    match status {
        Ok(s) if s.success() => {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            // A form field is one line: the editor's lines are joined with spaces.
            let joined = text.lines().map(str::trim_end).collect::<Vec<_>>().join(" ");
            field.set_text(joined.trim());
        }
        Ok(s) => open.form.note = Some(format!("{program} exited with {s}: the text was not changed")),
        Err(e) => open.form.note = Some(format!("cannot run {program}: {e} (set $EDITOR)")),
    }
    let _ = std::fs::remove_file(&path);
    Ok(())
}
