//! What a screen's update, view and load code use, in one import (the model and the words it
//! is changed in; never another screen's code).

pub use super::app::{App, Overlay, Screen, Tab, Write};
pub use super::effect::Effect;
pub use super::forms::kinds::EditKind;
pub use super::keymap::{Action, Context};
pub use super::message::{Job, Message, Ran};
