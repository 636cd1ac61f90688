//! The command line, as clap reads it: subcommands and their options.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "copydesk",
    version,
    about = "Copy-edits news drafts: quotes, names, entities",
    after_help = "Without a command, `copydesk` serves the Language Server Protocol on stdio."
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
    Check(CheckArgs),
    /// Print the documentation of a check, or list every check.
    Explain(ExplainArgs),
    /// List the people quoted in drafts, with how each is described and their quotes: the
    /// list a fact checker calls back.
    Sources(SourcesArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// How to read standard input (`-`): files are read by their extension instead.
    #[arg(long, value_enum, default_value_t = StdinFormat::Plain)]
    pub stdin_format: StdinFormat,
    /// The style sheet to use for every draft, instead of the `copydesk.toml` found by walking
    /// up from each draft's folder.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Files and folders to check; `-` reads standard input. Folders are searched for
    /// `*.md`, `*.markdown` and `*.txt`, skipping hidden and git-ignored files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct SourcesArgs {
    /// How to print the list.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// How to read standard input (`-`): files are read by their extension instead.
    #[arg(long, value_enum, default_value_t = StdinFormat::Plain)]
    pub stdin_format: StdinFormat,
    /// Files and folders to read; `-` reads standard input. Folders are searched as by
    /// `copydesk check`.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ExplainArgs {
    /// The check's code, such as `unclosed-quote`. Without one, every check is listed.
    pub code: Option<String>,
    /// Print the documentation of every check.
    #[arg(long, conflicts_with = "code")]
    pub all: bool,
    /// With `--all`: print Markdown for `docs/checks.md`, headings demoted under one title.
    #[arg(long, requires = "all")]
    pub markdown: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// `path:line:col: warning[code] message`, the line, and the span underlined.
    Human,
    /// One JSON object: `{"diagnostics": [...]}`.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StdinFormat {
    /// Prose throughout.
    Plain,
    /// Code, front matter, HTML and link targets are skipped.
    Markdown,
}
