//! Every edit the app offers, as a form: one `EditKind` names the edit and the row it is on;
//! per kind there is one builder (its fields, each built from a typed key bound to a store
//! column: `keys`) and one arm of `submit` (the rules across fields, and the write it
//! becomes). The runtime runs the write; `saved` applies its outcome.
//!
//! Adding an edit: a variant here, its builder in the file of its register, its arm in
//! `submit`, and the line in `runtime::writes::open_form` that builds it on a fresh row.

mod assurance;
mod desk;
mod fields;
pub mod keys;
pub mod kinds;
mod milestone;
#[cfg(test)]
mod prefill_tests;
mod project;
mod risk;
pub mod saved;
mod settings;
mod submit;
#[cfg(test)]
mod tests;
pub mod view;
pub mod widget;
#[cfg(test)]
mod widget_tests;

pub use assurance::*;
pub use desk::*;
pub use milestone::*;
pub use project::*;
pub use risk::*;
pub use settings::*;
pub use submit::*;

pub use kinds::{Conflict, EditKind, OpenForm, Write};
