//! Applying what the runtime sends back: each effect's result arrives here as a message, so
//! the model changes only in update code. A message may ask for more work (a reload after
//! a save).

use crate::tui::forms::saved;
use crate::tui::memory::{Keep, release_large_views};
use crate::tui::prelude::*;
use crate::tui::screens;

pub fn on_message(app: &mut App, message: Message) -> Vec<Effect> {
    match message {
        Message::Portfolio(data) => {
            finished(app, Job::Portfolio);
            screens::portfolio::on_loaded(app, data);
        }
        Message::PortfolioHead(data) => screens::portfolio::on_head(app, data),
        Message::Project { state, milestone } => screens::project::on_opened(app, state, milestone),
        Message::ProjectRefreshed(fresh) => screens::project::on_refreshed(app, fresh),
        Message::History(data) => screens::history::on_loaded(app, data),
        Message::Timeline(data, ran) => {
            finished(app, Job::Timeline);
            screens::timeline::on_loaded(app, data, ran);
        }
        Message::Risks(data, ran) => {
            finished(app, Job::Risks);
            screens::risks::on_loaded(app, data, ran);
        }
        Message::DeskCounts(counts) => screens::desk::on_counts(app, counts),
        Message::Desk(data) => {
            finished(app, Job::Desk);
            screens::desk::on_loaded(app, data);
        }
        Message::Report(data) => {
            finished(app, Job::Report);
            screens::report::on_loaded(app, data);
        }
        Message::ReportWritten(written) => {
            finished(app, Job::WritingReport);
            screens::report::on_written(app, written);
        }
        Message::Started(job) => started(app, job),
        Message::JobFailed(job, text) => {
            finished(app, job);
            app.message = Some(text);
        }
        Message::FormReady(open) => app.overlay = Some(Overlay::Form(open)),
        Message::Edited {
            write,
            label,
            entity,
            id,
            outcome,
        } => return saved::on_edited(app, (write, label, entity, id), outcome),
        Message::Created {
            entity,
            label,
            outcome,
        } => return saved::on_created(app, entity, label, outcome),
        Message::SnapshotSaved(outcome) => {
            return saved::on_saved(app, outcome.map(|what| format!("Saved: {what}")));
        }
        Message::SettingsSaved(outcome) => {
            return saved::on_saved(
                app,
                outcome.map(|changed| {
                    format!("Settings saved: {changed} changed, for everyone using this work plan")
                }),
            );
        }
        Message::FieldRefused { field, text } => saved::on_field_refused(app, field, text),
        Message::Undone {
            undoing,
            done,
            label,
            outcome,
        } => return saved::on_undone(app, (undoing, done, label), outcome),
        Message::Read(screen, read) => {
            if let Some(reader) = &screens::room(screen).reader {
                (reader.loaded)(app, read);
            }
        }
        Message::ChangedElsewhere(text) | Message::Failed(text) => app.message = Some(text),
    }
    Vec::new()
}

/// A load went to the background: its view says it is loading; on a large plan the other
/// large views let go of what they read (they read again when next visited).
fn started(app: &mut App, job: Job) {
    if !app.running.contains(&job) {
        app.running.push(job);
    }
    match job {
        Job::Timeline => release_large_views(app, Keep::Timeline),
        Job::Risks => release_large_views(app, Keep::Risks),
        Job::Report => release_large_views(app, Keep::Report),
        Job::WritingReport => app.message = Some("Writing the report…".into()),
        Job::Desk | Job::Portfolio => {}
    }
}

fn finished(app: &mut App, job: Job) {
    app.running.retain(|j| *j != job);
}
