//! workplan: a keyboard-driven terminal app for running a council ICT service's work plan.
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod cli;
pub mod commands;
pub mod config;
pub mod domain;
pub mod io;
pub mod paths;
pub mod report;
pub mod store;
pub mod tui;
