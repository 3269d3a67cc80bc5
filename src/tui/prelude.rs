//! What a screen's update, view and load code use, in one import.

pub use super::app::{App, Overlay, Screen, Tab, Write};
pub use super::forms::EditKind;
pub use super::keymap::{Action, Context};
pub use super::message::{Job, Message, Ran};
pub use super::update::Effect;
