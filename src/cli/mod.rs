//! The terminal front end: `copydesk check`, `copydesk explain` and `copydesk sources`.
//!
//! `walk` turns the command line's paths into inputs, `config_file` finds the `copydesk.toml` of
//! each, `check` reads and analyses them (one file per task, on every core, all of them one
//! story for `name-spelling`), `report_human` and `report_json` print the findings, `explain`
//! prints the checks' documentation, and `sources` lists the people each draft quotes. The core
//! never sees a file: this module reads them.

pub mod args;
pub mod check;
pub mod config_file;
pub mod explain;
pub mod report_human;
pub mod report_json;
pub mod sources;
pub mod walk;

pub use args::{Args, CheckArgs, Command, ExplainArgs, OutputFormat, SourcesArgs, StdinFormat};
