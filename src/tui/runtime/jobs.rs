//! The loads that can run in the background (the timeline, the risk register, the service
//! desk's count, the report): whether to run one in line or on the worker, the handles on
//! those running, and their results as messages when they land.

use chrono::NaiveDate;

use super::Runtime;
use crate::commands::report::ReportRequest;
use crate::report::Block;
use crate::store::edit::Actor;
use crate::store::{ChangeToken, StoreError};
use crate::tui::app::App;
use crate::tui::background::{Pending, in_background};
use crate::tui::message::{Job, Message, Ran};
use crate::tui::screens::desk::{Desk, desk_reader};
use crate::tui::screens::portfolio::PortfolioData;
use crate::tui::screens::report::{blocks_reader, preview_reader, save_report};
use crate::tui::screens::risks::{RisksData, risks_reader};
use crate::tui::screens::timeline::{TimelineData, TimelineRequest, timeline_reader};
use crate::tui::screens::{self};

/// Handles on the background loads, and what each was asked at: asked again while it runs,
/// only a change since it began needs another read.
#[derive(Default)]
pub struct Jobs {
    portfolio: Pending<PortfolioData>,
    desk: Pending<Desk>,
    risks: Pending<RisksData>,
    risks_asked: Option<ChangeToken>,
    timeline: Pending<TimelineData>,
    timeline_asked: Option<(ChangeToken, NaiveDate)>,
    report: Pending<(String, NaiveDate)>,
    writing: Pending<(Vec<Block>, NaiveDate)>,
    writing_asked: Option<ReportRequest>,
}

impl Runtime {
    /// On a large plan, draw the first screen from a short read and read the whole portfolio
    /// in the background (false: the plan is small enough to read at once).
    pub(super) fn start_with_head(&mut self, app: &mut App) -> Result<bool, StoreError> {
        if !self.large_projects(app)? {
            return Ok(false);
        }
        let head = screens::portfolio::read_portfolio_head(&self.store, app.today)?;
        self.deliver(app, Message::PortfolioHead(head));
        self.load_portfolio_in_background(app);
        Ok(true)
    }

    fn load_portfolio_in_background(&mut self, app: &mut App) {
        let read = screens::portfolio::portfolio_reader(app.today);
        self.jobs.portfolio.start(self.store.path(), read);
        self.deliver(app, Message::Started(Job::Portfolio));
    }

    /// Whether the whole portfolio is being read already: then it is read again when that
    /// read ends, and its now out-of-date rows are not shown.
    pub(super) fn reload_portfolio_later(&mut self) -> bool {
        if self.jobs.portfolio.is_running() {
            self.jobs.portfolio.mark_stale();
            return true;
        }
        false
    }

    fn large_projects(&self, app: &App) -> Result<bool, StoreError> {
        let size = self.store.project_high_water()?;
        Ok(in_background(&self.store, size, app.background.projects))
    }

    /// The desk reads its sums and its open cases: what it costs grows with the queue, not
    /// with every case ever logged.
    fn large_desk(&self, app: &App) -> Result<bool, StoreError> {
        let size = self.store.open_case_count()?;
        Ok(in_background(&self.store, size, app.background.cases))
    }

    /// Count the desk's figures; `changed`: the data changed since the last count, so a
    /// count already running is out of date and runs again when it ends.
    pub(super) fn load_desk(&mut self, app: &mut App, changed: bool) -> Result<(), StoreError> {
        let large = self.large_desk(app)?;
        if large {
            // The counts at once, from the sums; the open cases' figures follow.
            let now = app.now();
            let counts = crate::commands::desk::load_counts(&self.store, now, &app.settings, None)?;
            self.deliver(app, Message::DeskCounts(counts));
        }
        if self.jobs.desk.is_running() {
            if changed {
                self.jobs.desk.mark_stale();
            }
            return Ok(());
        }
        let read = desk_reader(app.now(), app.settings.clone());
        if large {
            self.jobs.desk.start(self.store.path(), read);
            self.deliver(app, Message::Started(Job::Desk));
        } else {
            let desk = read(&self.store)?;
            self.deliver(app, Message::Desk(desk));
        }
        Ok(())
    }

    pub(super) fn load_risks(&mut self, app: &mut App) -> Result<(), StoreError> {
        let token = self.store.change_token()?;
        if app.risks.loaded_at == Some(token) {
            return Ok(());
        }
        if self.jobs.risks.is_running() {
            if self.jobs.risks_asked != Some(token) {
                self.jobs.risks.mark_stale();
            }
            return Ok(());
        }
        let read = risks_reader(token);
        if self.large_projects(app)? {
            self.jobs.risks_asked = Some(token);
            self.jobs.risks.start(self.store.path(), read);
            self.deliver(app, Message::Started(Job::Risks));
        } else {
            let data = read(&self.store)?;
            self.deliver(app, Message::Risks(data, Ran::InLine));
        }
        Ok(())
    }

    pub(super) fn load_timeline(&mut self, app: &mut App) -> Result<(), StoreError> {
        let token = self.store.change_token()?;
        let key = (token, app.timeline.since);
        if app.timeline.loaded_at == Some(key) {
            return Ok(());
        }
        if self.jobs.timeline.is_running() {
            if self.jobs.timeline_asked != Some(key) {
                self.jobs.timeline.mark_stale();
            }
            return Ok(());
        }
        let read = timeline_reader(TimelineRequest {
            since: app.timeline.since,
            follow_reports: !app.timeline.since_set,
            today: app.today,
            token,
        });
        if self.large_projects(app)? {
            self.jobs.timeline_asked = Some(key);
            self.jobs.timeline.start(self.store.path(), read);
            self.deliver(app, Message::Started(Job::Timeline));
        } else {
            let data = read(&self.store)?;
            self.deliver(app, Message::Timeline(data, Ran::InLine));
        }
        Ok(())
    }

    /// Whether the report's content is gathered in the background.
    fn large_report(&self, app: &App) -> Result<bool, StoreError> {
        Ok(self.large_desk(app)? || self.large_projects(app)?)
    }

    pub(super) fn load_report(&mut self, app: &mut App) -> Result<(), StoreError> {
        if self.jobs.report.is_running() {
            return Ok(());
        }
        let read = preview_reader(screens::report::request(app));
        if self.large_report(app)? {
            self.jobs.report.start(self.store.path(), read);
            self.deliver(app, Message::Started(Job::Report));
            return Ok(());
        }
        let message = match read(&self.store) {
            Ok(report) => Message::Report(report),
            Err(e) => Message::Failed(e.to_string()),
        };
        self.deliver(app, message);
        Ok(())
    }

    /// Write the report beside the database file, as Markdown, HTML and Word, and record the
    /// run. On a large plan its content is gathered in the background and written when it
    /// arrives.
    pub(super) fn write_report(&mut self, app: &mut App) -> Result<(), StoreError> {
        if self.jobs.writing.is_running() {
            let busy = "The report is already being written".to_string();
            self.deliver(app, Message::Failed(busy));
            return Ok(());
        }
        let request = screens::report::request(app);
        if self.large_report(app)? {
            let read = blocks_reader(request.clone());
            self.jobs.writing_asked = Some(request);
            self.jobs.writing.start(self.store.path(), read);
            self.deliver(app, Message::Started(Job::WritingReport));
            return Ok(());
        }
        let message = match blocks_reader(request.clone())(&self.store) {
            Ok(built) => Message::ReportWritten(self.save_report(app, built, &request)),
            Err(e) => Message::Failed(e.to_string()),
        };
        self.deliver(app, message);
        Ok(())
    }

    fn save_report(
        &mut self,
        app: &App,
        built: (Vec<Block>, NaiveDate),
        request: &ReportRequest,
    ) -> Result<Vec<String>, String> {
        let user = app.user.clone();
        let actor = Actor {
            user: &user,
            now: app.now(),
        };
        save_report(&mut self.store, built, request, actor)
    }

    /// Take whatever background loads have finished (true: redraw). A load whose data
    /// changed while it ran starts again.
    pub fn poll(&mut self, app: &mut App) -> bool {
        let mut arrived = false;
        if let Some((result, again)) = self.jobs.portfolio.take("the portfolio") {
            arrived = true;
            match result {
                Ok(_) if again => self.load_portfolio_in_background(app),
                Ok(data) => self.deliver(app, Message::Portfolio(data)),
                Err(why) => self.deliver(app, Message::JobFailed(Job::Portfolio, why)),
            }
        }
        if let Some((result, _)) = self.jobs.writing.take("the report") {
            arrived = true;
            let request = self.jobs.writing_asked.take();
            let message = match (result, request) {
                (Ok(built), Some(request)) => {
                    Message::ReportWritten(self.save_report(app, built, &request))
                }
                (Ok(_), None) => {
                    Message::JobFailed(Job::WritingReport, "the report could not be written".into())
                }
                (Err(why), _) => Message::JobFailed(Job::WritingReport, why),
            };
            self.deliver(app, message);
        }
        if let Some((result, again)) = self.jobs.desk.take("the service desk's figures") {
            arrived = true;
            let message =
                result.map_or_else(|why| Message::JobFailed(Job::Desk, why), Message::Desk);
            self.deliver(app, message);
            if again {
                self.retry(app, |runtime, app| runtime.load_desk(app, true));
            }
        }
        if let Some((result, _)) = self.jobs.report.take("the report") {
            arrived = true;
            let message =
                result.map_or_else(|why| Message::JobFailed(Job::Report, why), Message::Report);
            self.deliver(app, message);
        }
        if let Some((result, again)) = self.jobs.risks.take("the risk register") {
            arrived = true;
            self.jobs.risks_asked = None;
            let message = match result {
                Ok(data) => Message::Risks(data, Ran::InBackground),
                Err(why) => Message::JobFailed(Job::Risks, why),
            };
            self.deliver(app, message);
            if again {
                self.retry(app, Runtime::load_risks);
            }
        }
        if let Some((result, again)) = self.jobs.timeline.take("the timeline") {
            arrived = true;
            self.jobs.timeline_asked = None;
            let message = match result {
                Ok(data) => Message::Timeline(data, Ran::InBackground),
                Err(why) => Message::JobFailed(Job::Timeline, why),
            };
            self.deliver(app, message);
            if again {
                self.retry(app, Runtime::load_timeline);
            }
        }
        self.drain(app);
        arrived
    }

    /// Start a load again (the data changed while it ran).
    fn retry(
        &mut self,
        app: &mut App,
        load: impl FnOnce(&mut Runtime, &mut App) -> Result<(), StoreError>,
    ) {
        if let Err(e) = load(self, app) {
            self.deliver(app, Message::Failed(e.to_string()));
        }
    }
}
