//! Keys on the assurance view.

use super::state::{CertificationSort, RecommendationSort, Register};
use crate::store::edit::Entity;
use crate::tui::cursor::navigate;
use crate::tui::prelude::*;

/// Move, switch register, open the detail, search, filter, sort, and the edits.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let height = app.page_height;
    let a = &mut app.rooms.assurance;
    let (cursor, len) = a.list();
    if navigate(cursor, action, len, height) {
        return Vec::new();
    }
    if let Some(effects) = edit(app, action) {
        return effects;
    }
    let a = &mut app.rooms.assurance;
    match action {
        Action::NextList => {
            a.register = match a.register {
                Register::Recommendations => Register::Certifications,
                Register::Certifications => Register::Recommendations,
            };
            a.detail = false;
        }
        Action::Open => a.detail = !a.detail,
        Action::Back if a.detail => a.detail = false,
        Action::Back if !a.search.is_empty() => a.search.clear(),
        Action::Back | Action::NextView | Action::PrevView => app.screen = Screen::Portfolio,
        Action::Sort => match a.register {
            Register::Recommendations => {
                a.rec_sort = match a.rec_sort {
                    RecommendationSort::Audit => RecommendationSort::Due,
                    RecommendationSort::Due => RecommendationSort::Priority,
                    RecommendationSort::Priority => RecommendationSort::Audit,
                };
            }
            Register::Certifications => {
                a.cert_sort = match a.cert_sort {
                    CertificationSort::NextDate => CertificationSort::Name,
                    CertificationSort::Name => CertificationSort::Status,
                    CertificationSort::Status => CertificationSort::NextDate,
                };
            }
        },
        Action::ReverseSort => a.reverse = !a.reverse,
        Action::ShowArchived => a.show_archived = !a.show_archived,
        Action::Search => crate::tui::overlays::search::open::<super::AssuranceList>(app),
        Action::Filter => app.overlay = Some(Overlay::Filter { field: 0 }),
        _ => {}
    }
    app.rooms
        .assurance
        .refresh_visible(app.today, &app.settings, height);
    Vec::new()
}

/// The edit keys: new, edit, archive, a recommendation's status, a certification's
/// assessment. None: not an edit key here.
fn edit(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    let a = &app.rooms.assurance;
    let open = |kind| Some(vec![Effect::OpenForm(kind)]);
    match (a.register, action) {
        (Register::Recommendations, Action::New) => open(EditKind::NewRecommendation),
        (Register::Certifications, Action::New) => open(EditKind::NewCertification),
        (Register::Recommendations, _) => {
            let r = a.selected_recommendation()?;
            match action {
                Action::Edit => open(EditKind::EditRecommendation(r.id)),
                Action::ChangeStatus => open(EditKind::RecommendationStatus(r.id)),
                Action::Archive => {
                    let what = format!("recommendation {} ({})", r.code, r.audit);
                    confirm_archive(
                        app,
                        Entity::Recommendation,
                        (r.id, r.version),
                        r.archived,
                        what,
                    )
                }
                Action::RecordAssessment => {
                    app.message = Some("assessments are recorded on a certification (v)".into());
                    Some(Vec::new())
                }
                _ => None,
            }
        }
        (Register::Certifications, _) => {
            let c = &a.selected_certification()?.certification;
            match action {
                Action::Edit => open(EditKind::EditCertification(c.id)),
                Action::RecordAssessment => open(EditKind::RecordAssessment(c.id)),
                Action::Archive => {
                    let what = format!("certification {} ({})", c.code, c.name);
                    confirm_archive(
                        app,
                        Entity::Certification,
                        (c.id, c.version),
                        c.archived,
                        what,
                    )
                }
                Action::ChangeStatus => {
                    app.message = Some(
                        "a certification's status follows its assessments: a records one".into(),
                    );
                    Some(Vec::new())
                }
                _ => None,
            }
        }
    }
}

fn confirm_archive(
    app: &mut App,
    entity: Entity,
    (id, version): (i64, i64),
    archived: bool,
    what: String,
) -> Option<Vec<Effect>> {
    app.overlay = Some(Overlay::Confirm {
        text: format!(
            "{} {what}? (y/n)",
            if archived { "Restore" } else { "Archive" }
        ),
        write: Box::new(crate::tui::forms::archive_write(
            entity, id, version, archived, &what,
        )),
    });
    Some(Vec::new())
}
