//! Arguments, the choice of command, and how failures are reported (one sentence, exit 1).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow};
use chrono::{Local, NaiveDate, NaiveDateTime};
use clap::{CommandFactory, Parser, Subcommand};

use crate::commands::demo::build_demo;
use crate::commands::export::Register as ExportRegister;
use crate::commands::generate::{Size, build_large_demo_with};
use crate::commands::progress::{self, Progress};
use crate::commands::report::{FrontSheetOptions, ReportRequest, build_blocks, front_sheet};
use crate::io::safe_write::{self, Protected};
use crate::io::table::Format as TableFormat;
use crate::report::Format as ReportFormat;

use crate::commands::import_args::ImportArgs;
use crate::commands::status::{Format, status_rows, write_status};
use crate::config::Config;
use crate::domain::dates::parse_date;
use crate::domain::filter::Filter;
use crate::paths;
use crate::store::{OpenMode, Store};
use crate::tui;
use crate::tui::app::{App, AppContext};
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;

#[derive(Debug, Parser)]
#[command(
    name = "workplan",
    version,
    about = "Run a council ICT service's work plan from the terminal: RAG triage, milestones, risks and service-desk cases.",
    after_help = "With no command, opens the interactive app on your work plan.\n\
                  Data: --db PATH, else $WORKPLAN_DB, else the platform data folder (workplan.db)."
)]
pub struct Cli {
    /// The database file (default: $WORKPLAN_DB, else <data dir>/workplan.db).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Who is making changes (default: $WORKPLAN_USER, config.toml's user, or the login name).
    #[arg(long, global = true, env = "WORKPLAN_USER", value_name = "NAME")]
    user: Option<String>,
    /// Open without writing anything.
    #[arg(long, global = true)]
    read_only: bool,
    /// Treat this date as today (for reproducible output and tests); with a time of day
    /// (`2026-11-22T09:00`) it is "now" too, for every figure that counts hours.
    #[arg(
        long,
        global = true,
        env = "WORKPLAN_TODAY",
        value_name = "DATE",
        hide = true
    )]
    today: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the portfolio triage list (worst first) for scripts and e-mails.
    Status {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Include completed, closed and cancelled projects.
        #[arg(long)]
        all: bool,
        /// Only projects whose declared RAG is rosier than their schedule suggests.
        #[arg(long)]
        rosier: bool,
    },
    /// Build a realistic demo work plan (a separate demo.db, never your own) and open it.
    Demo {
        /// Build the demo database but do not open the app.
        #[arg(long)]
        no_open: bool,
        /// Generate a large work plan of N projects instead (about ten milestones and five
        /// risks each, with history), for trying the app at scale.
        #[arg(long, value_name = "N")]
        projects: Option<usize>,
        /// With --projects: also generate N service-desk cases (default 0).
        #[arg(long, value_name = "N", requires = "projects")]
        cases: Option<usize>,
    },
    /// Write the committee progress report (Markdown, printable HTML, or a Word document with
    /// a committee front sheet).
    Report {
        /// Changes since this date (default: the last report, else 60 days ago).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only projects and cases of this organisation.
        #[arg(long, value_name = "NAME")]
        organisation: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// Write to FILE instead of standard output (DOCX needs a file).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// The Word document's front sheet (boxed: it is most of the command's size).
        #[command(flatten)]
        front: Box<FrontSheetOptions>,
    },
    /// Write a register with the columns import reads (CSV, JSON or XLSX).
    Export {
        #[arg(value_enum)]
        register: ExportRegister,
        #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
        format: TableFormat,
        /// Write to FILE instead of standard output (XLSX needs a file).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Copy the database to FILE while others keep using it (SQLite online backup).
    Backup { file: PathBuf },
    /// List the settings shared by everyone using the database, or get or set one (audited).
    Settings {
        #[command(subcommand)]
        action: Option<crate::commands::settings::Action>,
    },
    /// Check the database: integrity, foreign keys, schema version, the audit trail's hash
    /// chain and its protecting triggers, and the service desk's counts against a recount of
    /// every case. Exit 1 on any problem.
    Check {
        /// Count the service desk's figures again from the cases first (one transaction).
        #[arg(long)]
        recount: bool,
    },
    /// Import a register from a CSV or spreadsheet file (all or nothing; rows update by code
    /// or ref). Columns it does not use are ignored and listed; see README "Importing your
    /// own files".
    Import(Box<ImportArgs>),
    /// Print the completion script for a shell: `workplan completions bash >
    /// ~/.local/share/bash-completion/completions/workplan` (see README "The command line").
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::aot::Shell,
    },
    /// Print the manual page (roff): `workplan man > workplan.1`, then `man ./workplan.1`.
    Man,
}

struct Session {
    config: Config,
    user: String,
    today: NaiveDate,
    now: NaiveDateTime,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("workplan: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn session(cli: &Cli) -> Result<Session> {
    let config = match paths::config_file() {
        Some(path) => Config::load(&path)?,
        None => Config::default(),
    };
    let user = cli
        .user
        .clone()
        .or_else(|| config.user.clone())
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(paths::login_name);
    let clock = Local::now().naive_local();
    // One clock for the app and every command: today at the clock's time of day, unless
    // --today names the time too.
    let now = match &cli.today {
        Some(text) if text.contains([':']) => {
            crate::domain::dates::parse_datetime(text).map_err(|e| anyhow!("--today: {e}"))?
        }
        Some(text) => parse_date(text)
            .map_err(|e| anyhow!("--today: {e}"))?
            .and_time(clock.time()),
        None => clock,
    };
    Ok(Session {
        config,
        user,
        today: now.date(),
        now,
    })
}

/// The user's database: --db, else $WORKPLAN_DB, else the default location.
fn user_db(cli: &Cli) -> Result<PathBuf> {
    if let Some(db) = &cli.db {
        return Ok(db.clone());
    }
    if let Some(db) = std::env::var_os("WORKPLAN_DB").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(db));
    }
    let path = paths::default_db().ok_or_else(|| {
        anyhow!("cannot find a data folder for this user: name a database with --db PATH")
    })?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the data folder {}", dir.display()))?;
    }
    Ok(path)
}

/// Write `bytes` to standard output; a reader that went away (`| head`) is not a failure.
fn print_bytes(bytes: &[u8], what: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.with_context(|| format!("cannot write the {what}")),
    }
}

fn run(cli: Cli) -> Result<()> {
    // These describe the command line only: no configuration or database is read for them.
    match &cli.command {
        Some(Command::Completions { shell }) => {
            let script = crate::commands::completions::completions(*shell, Cli::command());
            return print_bytes(&script, "completion script");
        }
        Some(Command::Man) => {
            let page = crate::commands::completions::man_page(Cli::command())
                .context("cannot make the manual page")?;
            return print_bytes(&page, "manual page");
        }
        _ => {}
    }
    let session = session(&cli)?;
    match &cli.command {
        None => {
            let path = user_db(&cli)?;
            // A file this user cannot write opens read-only (the store says why, the banner
            // shows it), not as an error.
            let mode = if cli.read_only {
                OpenMode::ReadOnly
            } else {
                OpenMode::CreateIfMissing
            };
            open_app(&cli, &session, path, mode)
        }
        Some(Command::Status {
            format,
            all,
            rosier,
        }) => {
            let path = user_db(&cli)?;
            let store = Store::open(&path, OpenMode::MustExist)?;
            let filter = Filter::default();
            let mut rows = status_rows(&store, session.today, &filter, &session.user)?;
            if *all {
                rows = crate::commands::status::all_rows(&store, session.today)?;
            }
            if *rosier {
                rows.retain(|r| !r.suggested_rag.is_empty());
            }
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let written = write_status(&rows, *format, &mut out).and_then(|()| out.flush());
            match written {
                // `workplan status | head` closing the pipe early is not a failure.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write the status"),
            }
        }
        Some(Command::Demo {
            no_open,
            projects,
            cases,
        }) => {
            let path = match &cli.db {
                Some(db) => db.clone(),
                None => paths::demo_db().ok_or_else(|| {
                    anyhow!("cannot find a data folder for this user: name one with --db PATH")
                })?,
            };
            if let Some(projects) = *projects {
                let size = Size {
                    projects,
                    cases: cases.unwrap_or(0),
                };
                let made = build_large_demo_with(
                    &path,
                    session.now,
                    &session.user,
                    size,
                    progress::shown(false),
                )?;
                eprintln!(
                    "Generated {} projects and {} cases: {} rows in {:.1} s ({:.0} rows a second) in {}",
                    made.projects,
                    size.cases,
                    made.rows,
                    made.took.as_secs_f64(),
                    made.rows_per_second(),
                    path.display()
                );
                if *no_open {
                    return Ok(());
                }
                return open_app(&cli, &session, path, OpenMode::CreateIfMissing);
            }
            let count = build_demo(&path, session.now, &session.user)?;
            if *no_open {
                println!(
                    "Built the demo work plan ({count} projects) in {}",
                    path.display()
                );
                return Ok(());
            }
            open_app(&cli, &session, path, OpenMode::CreateIfMissing)
        }
        Some(Command::Report {
            since,
            organisation,
            format,
            output,
            front,
        }) => {
            // Said before anything is read: a binary document would garble the terminal, and
            // a front sheet only a Word document has would be silently dropped.
            if *format == ReportFormat::Docx && output.is_none() {
                return Err(anyhow!(
                    "a Word document cannot be written to the terminal: name a file with -o FILE"
                ));
            }
            if *format != ReportFormat::Docx && !front.is_empty() {
                return Err(anyhow!(
                    "--committee, --meeting-date, --title, --purpose, --recommendation, --author \
                     and --council make the Word document's front sheet: use them with --format docx"
                ));
            }
            let path = user_db(&cli)?;
            let mut store = Store::open(&path, OpenMode::MustExist)?;
            let since = match since {
                Some(text) => Some(parse_date(text).map_err(|e| anyhow!("--since: {e}"))?),
                None => None,
            };
            let request = ReportRequest {
                today: session.today,
                now: session.now,
                since,
                organisation: organisation.clone(),
                format: *format,
            };
            // A spinner naming the stage (a large plan takes seconds), gone before the output.
            let stages = Progress::new(
                progress::shown(output.is_none()),
                "Reading the work plan for the report…",
            );
            let (blocks, since) = build_blocks(&store, &request)?;
            stages.stage("Writing the report…");
            let sheet = front_sheet(front, &store.settings()?, &session.user)?;
            let document = crate::commands::report::format(&blocks, *format, &sheet)?;
            drop(stages);
            let bytes = document.as_bytes();
            match output {
                // Never onto the database itself (`report -o p.db --db p.db`); whole or not
                // at all.
                Some(file) => safe_write::write_bytes(file, &Protected::database(&path), bytes)?,
                None => {
                    let mut out = std::io::stdout().lock();
                    match out.write_all(bytes).and_then(|()| out.flush()) {
                        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                        other => other.context("cannot write the report")?,
                    }
                }
            }
            // Record the run so the next report counts from this one (not when read-only).
            if !cli.read_only && !store.is_read_only() {
                let actor = crate::store::edit::Actor {
                    user: &session.user,
                    now: session.now,
                };
                store.record_report(session.today, since, organisation.as_deref(), actor)?;
            }
            if let Some(file) = output {
                eprintln!("Wrote the report to {}", file.display());
            }
            Ok(())
        }
        Some(Command::Export {
            register,
            format,
            output,
        }) => {
            let path = user_db(&cli)?;
            let store = Store::open(&path, OpenMode::MustExist)?;
            match output {
                Some(file) => {
                    let rows =
                        export_to_file(&store, *register, *format, file, progress::shown(false))?;
                    eprintln!("Exported {rows} rows to {}", file.display());
                }
                None if *format == TableFormat::Xlsx => {
                    return Err(anyhow!("--format xlsx needs -o FILE"));
                }
                None => {
                    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                    let shown = progress::shown(true);
                    match crate::commands::export::export(
                        &store, *register, *format, &mut out, shown,
                    ) {
                        Err(e) if is_broken_pipe(&e) => {}
                        other => {
                            other.context("cannot write the export")?;
                        }
                    }
                }
            }
            Ok(())
        }
        Some(Command::Backup { file }) => {
            let path = user_db(&cli)?;
            let store = Store::open(&path, OpenMode::MustExist)?;
            // A damaged file is named now, not copied into a backup that looks good.
            store.verify_whole()?;
            store.backup_to(file)?;
            println!("Backed up {} to {}", path.display(), file.display());
            Ok(())
        }
        Some(Command::Settings { action }) => {
            let path = user_db(&cli)?;
            let actor = crate::store::edit::Actor {
                user: &session.user,
                now: session.now,
            };
            let text =
                crate::commands::settings::run(&path, action.as_ref(), cli.read_only, actor)?;
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write the settings"),
            }
        }
        Some(Command::Check { recount }) => {
            let path = user_db(&cli)?;
            let mut store = Store::open(&path, OpenMode::MustExist)?;
            if *recount {
                store.recount_desk()?;
                println!("service desk counts counted again from every case");
            }
            let report = store.check()?;
            for fact in &report.facts {
                println!("{fact}");
            }
            if report.problems.is_empty() {
                println!("{}: no problems found", path.display());
                Ok(())
            } else {
                for problem in &report.problems {
                    eprintln!("{}: {problem}", path.display());
                }
                Err(anyhow!(
                    "{} problem{} found in {}",
                    report.problems.len(),
                    if report.problems.len() == 1 { "" } else { "s" },
                    path.display()
                ))
            }
        }
        Some(Command::Import(args)) => {
            crate::commands::import_args::check(args)?;
            let path = user_db(&cli)?;
            if args.profiles {
                let store = Store::open(&path, OpenMode::MustExist)?;
                let stdout = std::io::stdout();
                crate::commands::import_args::list_profiles(&store, &mut stdout.lock())?;
                return Ok(());
            }
            let (Some(register), Some(file)) = (args.register, args.file.as_deref()) else {
                return Err(anyhow!(
                    "name a register and a file: workplan import REGISTER FILE"
                ));
            };
            if cli.read_only {
                return Err(anyhow!("--read-only: nothing was imported"));
            }
            let mut store = Store::open(&path, OpenMode::CreateIfMissing)?;
            if store.was_created() {
                eprintln!("Created a new work plan in {}", path.display());
            } else {
                // Name damage before writing into it (PRAGMA quick_check; README gives its cost).
                let _checking = Progress::new(
                    progress::shown(false),
                    "Checking the work plan before the import…",
                );
                store.verify_whole()?;
            }
            let actor = crate::store::edit::Actor {
                user: &session.user,
                now: session.now,
            };
            let report = crate::commands::import_args::run(
                &mut store,
                args,
                (register, file),
                actor,
                progress::shown(false),
            )?;
            let outcome = &report.outcome;
            let counts = format!(
                "{} new, {} updated, {} unchanged",
                outcome.created, outcome.updated, outcome.unchanged
            );
            if args.dry_run {
                println!(
                    "Dry run of {}: {counts}; nothing was changed.",
                    file.display()
                );
            } else {
                println!(
                    "Imported {} from {} into {}: {counts}.",
                    outcome.created + outcome.updated,
                    file.display(),
                    path.display(),
                );
            }
            Ok(())
        }
        // Answered before the session is read.
        Some(Command::Completions { .. } | Command::Man) => Ok(()),
    }
}

/// Whether an existing file can be opened for writing (a missing one will be created).
/// The reader of our standard output went away (`workplan export cases | head`): not an error.
fn is_broken_pipe(e: &crate::commands::CommandError) -> bool {
    use crate::io::table::WriteError;
    let io = match e {
        crate::commands::CommandError::Export(WriteError::Io(io)) => Some(io),
        crate::commands::CommandError::Export(WriteError::Csv(csv)) => match csv.kind() {
            csv::ErrorKind::Io(io) => Some(io),
            _ => None,
        },
        _ => None,
    };
    io.is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Stream an export into `file` through the safe writer: never onto the open database, and
/// a regular file is replaced whole or not at all (a failed export leaves no half a file, nor
/// replaces a good one).
fn export_to_file(
    store: &Store,
    register: ExportRegister,
    format: TableFormat,
    file: &std::path::Path,
    progress: bool,
) -> Result<u64> {
    let protected = Protected::database(store.path());
    let rows = safe_write::write_file(file, &protected, |out| {
        crate::commands::export::export(store, register, format, out, progress)
    })?;
    Ok(rows)
}

fn open_app(cli: &Cli, session: &Session, path: PathBuf, mode: OpenMode) -> Result<()> {
    let store = Store::open(&path, mode)?;
    let keymap = Keymap::with_overrides(&session.config.keys).map_err(|e| {
        anyhow!(
            "{}: {e}",
            paths::config_file()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "config.toml".into())
        )
    })?;
    let settings = store.settings()?;
    let context = AppContext {
        today: session.today,
        user: session.user.clone(),
        db_label: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string()),
        read_only: store.is_read_only() || cli.read_only,
        keymap,
        theme: Theme::from_env(session.config.theme.as_deref()),
    };
    let mut app = App::new(context, settings);
    app.read_only_reason = store.read_only_reason().map(str::to_string);
    // A --today with a time of day pins the app's clock too (the same moment as a report).
    if cli.today.as_deref().is_some_and(|t| t.contains(':')) {
        app.fixed_now = Some(session.now);
    }
    tui::run(app, store).context("the terminal failed")
}
