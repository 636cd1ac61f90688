//! The terminal front end: `copydesk check`, `copydesk explain`, `copydesk lsp`.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "copydesk",
    version,
    about = "Copy-edits news drafts: quotes, names, entities"
)]
pub struct Args {
    /// Serve LSP on standard input and output (what editor clients pass).
    #[arg(long)]
    pub stdio: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the Language Server Protocol on standard input and output.
    Lsp {
        /// Accepted for editor clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Check drafts (files, folders, or `-` for standard input) and report what was found.
    Check {
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Print the documentation of a check.
    Explain { code: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

/// Parses the command line and runs the chosen command.
pub fn main() -> ExitCode {
    let args = Args::parse();
    match args.command {
        None | Some(Command::Lsp { .. }) => crate::lsp::run(),
        Some(Command::Check { .. }) => ExitCode::SUCCESS,
        Some(Command::Explain { .. }) => ExitCode::SUCCESS,
    }
}
