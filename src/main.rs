//! The `copydesk` binary: argument parsing only.

use clap::{CommandFactory, Parser};
use copydesk::cli::{self, Args, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Args::parse();
    match args.command {
        Some(Command::Lsp { .. }) => copydesk::lsp::run(),
        None if args.stdio => copydesk::lsp::run(),
        None => {
            // Bare `copydesk` in a terminal: say what it can do rather than wait for LSP.
            let _ = Args::command().write_long_help(&mut std::io::stderr());
            ExitCode::from(2)
        }
        Some(Command::Check(check)) => cli::check::run(&check),
        Some(Command::Explain(explain)) => cli::explain::run(&explain),
        Some(Command::Sources(sources)) => cli::sources::run(&sources),
    }
}
