//! The language server: the only module that knows about LSP and tokio.

use std::process::ExitCode;

/// Serves LSP on standard input and output until the client says exit.
pub fn run() -> ExitCode {
    ExitCode::SUCCESS
}
