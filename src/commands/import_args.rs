//! `workplan import`'s options: how a source's file is read, saved and reused as a profile
//! (`--save-profile NAME`, `--profile NAME`), and what the command prints.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::CommandError;
use super::import::{ImportReport, ImportRequest, Preset, Register, import_with};
use crate::domain::records::Problem;
use crate::io::csv_table::{Constants, MoneyUnits, ReadOptions, Renames, ValueMap};
use crate::io::decode::{TextEncoding, parse_delimiter};
use crate::io::safe_write::{self, Protected};
use crate::store::Store;
use crate::store::edit::Actor;

/// How a source's files are read: what a profile saves and the command line adds to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, clap::Args)]
#[serde(default)]
pub struct SourceOptions {
    /// Read a source's column as one of ours: --map "Incident Number=ref"; for the second of
    /// two columns with one name, --map "Labels#2=category".
    #[arg(long = "map", value_name = "SOURCE=FIELD")]
    pub map: Vec<String>,
    /// A field's value wherever the file gives none: --set kind=incident.
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    /// Translate a source's word before it is read: --map-value "state:Wait - User=on-hold".
    #[arg(long = "map-value", value_name = "FIELD:WORD=VALUE")]
    pub map_value: Vec<String>,
    /// The file's date format in chrono's notation, e.g. %m/%d/%Y (default: ISO, or
    /// day-first unless the file's own dates prove month-first).
    #[arg(long, value_name = "FORMAT")]
    pub date_format: Option<String>,
    /// Amounts without a k or m of their own are in thousands or millions: --money-unit
    /// millions, or one field: --money-unit budget_capital=millions.
    #[arg(long = "money-unit", value_name = "[FIELD=]UNIT")]
    pub money_unit: Vec<String>,
    /// The file's encoding (default: detected: UTF-8, UTF-16 with a BOM, or Windows-1252).
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<TextEncoding>,
    /// The field separator (default: detected from the header: , ; tab or |).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// A well-known export format (cases): servicenow.
    #[arg(long, value_enum)]
    pub preset: Option<Preset>,
    /// For a spreadsheet: the sheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Refuse columns the register does not use instead of ignoring them.
    #[arg(long)]
    pub strict: bool,
}

impl SourceOptions {
    /// These options over a saved profile's: lists add to the profile's (the command
    /// line's first, so they win), single values replace them.
    pub fn over(self, saved: SourceOptions) -> SourceOptions {
        let join = |mine: Vec<String>, theirs: Vec<String>| -> Vec<String> {
            mine.into_iter().chain(theirs).collect()
        };
        SourceOptions {
            map: join(self.map, saved.map),
            set: join(self.set, saved.set),
            map_value: join(self.map_value, saved.map_value),
            date_format: self.date_format.or(saved.date_format),
            money_unit: join(saved.money_unit, self.money_unit),
            encoding: self.encoding.or(saved.encoding),
            delimiter: self.delimiter.or(saved.delimiter),
            preset: self.preset.or(saved.preset),
            sheet: self.sheet.or(saved.sheet),
            strict: self.strict || saved.strict,
        }
    }

    /// The reader's options; every malformed option is refused before the file is opened.
    pub fn read_options(&self) -> Result<ReadOptions, String> {
        if let Some(format) = &self.date_format {
            check_date_format(format)?;
        }
        Ok(ReadOptions {
            renames: Renames::parse(&self.map)?,
            constants: Constants::parse(&self.set)?,
            values: ValueMap::parse(&self.map_value)?,
            date_format: self.date_format.clone(),
            money: MoneyUnits::parse(&self.money_unit)?,
            encoding: self.encoding,
            delimiter: self.delimiter.as_deref().map(parse_delimiter).transpose()?,
            strict: self.strict,
            ..ReadOptions::default()
        })
    }
}

/// A chrono format that cannot name a date is a typing slip: say so before reading.
fn check_date_format(format: &str) -> Result<(), String> {
    use chrono::format::{Item, StrftimeItems};
    let items: Vec<Item<'_>> = StrftimeItems::new(format).collect();
    if items.iter().any(|i| matches!(i, Item::Error)) {
        return Err(format!(
            "--date-format {format}: not a date format (use chrono's notation, e.g. %m/%d/%Y or %d/%b/%y %I:%M %p)"
        ));
    }
    Ok(())
}

/// Everything `workplan import` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    #[arg(value_enum, required_unless_present = "profiles")]
    pub register: Option<Register>,
    #[arg(required_unless_present = "profiles")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub source: SourceOptions,
    /// Report what would happen (new, updated, unchanged, errors) and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the good rows and list the bad ones (default: all or nothing).
    #[arg(long)]
    pub skip_invalid: bool,
    /// Write every problem to FILE (the screen shows the first 50).
    #[arg(long, value_name = "FILE")]
    pub problems: Option<PathBuf>,
    /// Save these options in the work plan as a profile the team can reuse.
    #[arg(long, value_name = "NAME")]
    pub save_profile: Option<String>,
    /// Read the file with a saved profile's options (the command line's add to them).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// List the saved profiles.
    #[arg(long)]
    pub profiles: bool,
}

/// Print the saved profiles, one a line.
pub fn list_profiles(store: &Store, out: &mut dyn Write) -> Result<(), CommandError> {
    let profiles = store.profiles()?;
    if profiles.is_empty() {
        let _ = writeln!(
            out,
            "No import profiles saved yet: add --save-profile NAME to an import."
        );
    }
    for p in profiles {
        let options: SourceOptions = serde_json::from_str(&p.options).unwrap_or_default();
        let _ = writeln!(
            out,
            "{}  ({}; saved {} by {})\n  {}",
            p.name,
            p.register,
            p.saved_at.replace('T', " "),
            p.saved_by,
            describe(&options)
        );
    }
    Ok(())
}

/// A profile's options as the command line would give them.
pub fn describe(options: &SourceOptions) -> String {
    let mut parts = Vec::new();
    let quoted = |flag: &str, v: &str| format!("{flag} \"{v}\"");
    parts.extend(options.map.iter().map(|m| quoted("--map", m)));
    parts.extend(options.set.iter().map(|m| quoted("--set", m)));
    parts.extend(options.map_value.iter().map(|m| quoted("--map-value", m)));
    parts.extend(options.money_unit.iter().map(|m| quoted("--money-unit", m)));
    if let Some(f) = &options.date_format {
        parts.push(quoted("--date-format", f));
    }
    if let Some(e) = options.encoding {
        parts.push(format!("--encoding {}", e.label().to_lowercase()));
    }
    if let Some(d) = &options.delimiter {
        parts.push(quoted("--delimiter", d));
    }
    if let Some(Preset::Servicenow) = options.preset {
        parts.push("--preset servicenow".into());
    }
    if let Some(s) = &options.sheet {
        parts.push(quoted("--sheet", s));
    }
    if options.strict {
        parts.push("--strict".into());
    }
    if parts.is_empty() {
        "(no options)".into()
    } else {
        parts.join(" ")
    }
}

/// The options an import runs with: the command line's over the named profile's.
pub fn resolve(
    store: &Store,
    args: &ImportArgs,
    register: Register,
) -> Result<SourceOptions, CommandError> {
    let Some(name) = &args.profile else {
        return Ok(args.source.clone());
    };
    let saved = store.profile(name)?.ok_or_else(|| {
        CommandError::Invalid(format!(
            "no import profile called '{name}' (list them with `workplan import --profiles`)"
        ))
    })?;
    if saved.register != register.name() {
        return Err(CommandError::Invalid(format!(
            "profile '{name}' is for {} files, not {}",
            saved.register,
            register.name()
        )));
    }
    let options: SourceOptions = serde_json::from_str(&saved.options).map_err(|e| {
        CommandError::Invalid(format!(
            "profile '{name}' cannot be read ({e}); save it again"
        ))
    })?;
    Ok(args.source.clone().over(options))
}

/// Run an import as the command line asked, printing what it found. Returns the report.
pub fn run(
    store: &mut Store,
    args: &ImportArgs,
    (register, file): (Register, &Path),
    actor: Actor<'_>,
    progress: bool,
) -> Result<ImportReport, CommandError> {
    let source = resolve(store, args, register)?;
    let options = source.read_options().map_err(CommandError::Invalid)?;
    let request = ImportRequest {
        dry_run: args.dry_run,
        options,
        preset: source.preset,
        sheet: source.sheet.clone(),
        skip_invalid: args.skip_invalid,
        progress,
    };
    let result = import_with(store, register, file, actor.user, actor.now, &request);
    let report = match result {
        Ok(report) => report,
        Err(CommandError::Refused {
            problems,
            words,
            notes,
        }) => {
            for note in &notes {
                eprintln!("note: {note}");
            }
            if let Some(path) = &args.problems {
                write_problems(path, store.path(), &problems)?;
                eprintln!("All {} problems are in {}.", problems.len(), path.display());
            }
            return Err(CommandError::Refused {
                problems,
                words,
                notes,
            });
        }
        Err(other) => return Err(other),
    };
    if let Some(name) = &args.save_profile {
        let json = serde_json::to_string(&source)
            .map_err(|e| CommandError::Invalid(format!("cannot save the profile: {e}")))?;
        if args.dry_run {
            eprintln!("note: a dry run saves no profile");
        } else if store.save_profile(name, register.name(), &json, actor)? {
            eprintln!(
                "Saved import profile '{name}': next time, `workplan import {} FILE --profile {name}`.",
                register.name()
            );
        }
    }
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    let warnings = &report.found.warnings;
    if !warnings.is_empty() {
        eprintln!(
            "{} value{} kept as the file gives {} though the app would not accept {} typed:",
            warnings.len(),
            if warnings.len() == 1 { " is" } else { "s are" },
            if warnings.len() == 1 { "it" } else { "them" },
            if warnings.len() == 1 { "it" } else { "them" },
        );
        for line in super::problem_lines(warnings) {
            eprintln!("  {line}");
        }
    }
    let skipped = &report.outcome.skipped;
    if !skipped.is_empty() {
        for line in super::problem_lines(skipped) {
            eprintln!("{line}");
        }
        let words = report.found.word_summary();
        if !words.is_empty() {
            eprintln!(
                "Words this import cannot read (translate each with --map-value \"FIELD:WORD=VALUE\"):"
            );
            for word in words {
                eprintln!("  {word}");
            }
        }
        let rows = report.skipped_rows();
        eprintln!(
            "{rows} row{} skipped (--skip-invalid); the rest {}",
            if rows == 1 { "" } else { "s" },
            if args.dry_run {
                "would be imported"
            } else {
                "were imported"
            }
        );
        if let Some(path) = &args.problems {
            write_problems(path, store.path(), skipped)?;
        }
    }
    Ok(report)
}

/// Every problem, one a line, written through the safe writer: whole or not at all, and
/// never onto the database `db` being imported into.
fn write_problems(path: &Path, db: &Path, problems: &[Problem]) -> Result<(), CommandError> {
    let protected = Protected::database(db);
    safe_write::write_file(path, &protected, |out| {
        for problem in problems {
            writeln!(out, "{problem}")?;
        }
        Ok::<_, std::io::Error>(())
    })
    .map_err(|e| CommandError::Invalid(e.to_string()))
}

/// Parsed now, so a malformed option fails before anything else happens.
pub fn check(args: &ImportArgs) -> Result<(), CommandError> {
    args.source
        .read_options()
        .map(|_| ())
        .map_err(CommandError::Invalid)?;
    if let Some(name) = &args.save_profile
        && name.trim().is_empty()
    {
        return Err(CommandError::Invalid("--save-profile needs a name".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_adds_to_a_profile_and_wins() {
        let saved = SourceOptions {
            map: vec!["Call number=ref".into()],
            date_format: Some("%d-%m-%Y %H:%M".into()),
            delimiter: Some(";".into()),
            ..SourceOptions::default()
        };
        let given = SourceOptions {
            map: vec!["Number=ref".into()],
            date_format: Some("%Y".into()),
            ..SourceOptions::default()
        };
        let merged = given.over(saved);
        assert_eq!(merged.map, ["Number=ref", "Call number=ref"]);
        assert_eq!(merged.date_format.as_deref(), Some("%Y"));
        assert_eq!(merged.delimiter.as_deref(), Some(";"));
    }

    #[test]
    fn profiles_round_trip_through_json() {
        let options = SourceOptions {
            map: vec!["Status=state".into()],
            set: vec!["kind=incident".into()],
            map_value: vec!["state:Wait - User=on-hold".into()],
            money_unit: vec!["millions".into()],
            encoding: Some(TextEncoding::Windows1252),
            preset: Some(Preset::Servicenow),
            strict: true,
            ..SourceOptions::default()
        };
        let json = serde_json::to_string(&options).unwrap();
        let back: SourceOptions = serde_json::from_str(&json).unwrap();
        assert_eq!(back, options);
        let described = describe(&back);
        assert!(described.contains("--map \"Status=state\""), "{described}");
        assert!(described.contains("--encoding windows-1252"), "{described}");
    }

    #[test]
    fn malformed_options_are_refused_before_reading() {
        let bad = |source: SourceOptions| source.read_options().unwrap_err();
        assert!(
            bad(SourceOptions {
                map: vec!["nonsense".into()],
                ..Default::default()
            })
            .contains("--map")
        );
        assert!(
            bad(SourceOptions {
                money_unit: vec!["billions".into()],
                ..Default::default()
            })
            .contains("money unit")
        );
        assert!(
            bad(SourceOptions {
                delimiter: Some(";;".into()),
                ..Default::default()
            })
            .contains("--delimiter")
        );
        assert!(
            bad(SourceOptions {
                date_format: Some("%Q".into()),
                ..Default::default()
            })
            .contains("--date-format")
        );
    }
}
