//! Reading both assurance registers with their histories (small tables: read whole).

use std::collections::HashMap;

use super::state::AssuranceData;
use crate::store::{Store, StoreError};
use crate::tui::prelude::*;
use crate::tui::screens::Read;

pub fn read(store: &Store, _app: &App) -> Result<Read, StoreError> {
    let mut revisions: HashMap<i64, Vec<_>> = HashMap::new();
    for (id, revision) in store.all_due_revisions()? {
        revisions.entry(id).or_default().push(revision);
    }
    let mut assessments: HashMap<i64, Vec<_>> = HashMap::new();
    for a in store.all_certification_assessments()? {
        assessments.entry(a.certification_id).or_default().push(a);
    }
    // Newest first, as the detail lists them.
    for list in assessments.values_mut() {
        list.reverse();
    }
    Ok(Box::new(AssuranceData {
        recommendations: store.recommendations()?,
        certifications: store.certifications()?,
        revisions,
        assessments,
    }))
}

/// The read arrived: keep the selection where the rows still are.
pub fn loaded(app: &mut App, read: Read) {
    let Ok(data) = read.downcast::<AssuranceData>() else {
        return;
    };
    let a = &mut app.rooms.assurance;
    let rec = a.selected_recommendation().map(|r| r.id);
    let cert = a.selected_certification().map(|c| c.certification.id);
    a.data = *data;
    a.loaded = true;
    a.refresh_visible(app.today, &app.settings, app.page_height);
    let recs = &a.data.recommendations;
    if let Some(i) = rec.and_then(|id| a.recommendations.iter().position(|i| recs[*i].id == id)) {
        a.rec_cursor.selected = i;
    }
    let certs = &a.data.certifications;
    if let Some(i) = cert.and_then(|id| {
        a.certifications
            .iter()
            .position(|i| certs[*i].certification.id == id)
    }) {
        a.cert_cursor.selected = i;
    }
    let height = app.page_height;
    let (len, cursor) = (a.recommendations.len(), &mut a.rec_cursor);
    cursor.keep_visible(len, height);
    let (len, cursor) = (a.certifications.len(), &mut a.cert_cursor);
    cursor.keep_visible(len, height);
}
