//! The `copydesk` binary: argument parsing only.

use std::process::ExitCode;

fn main() -> ExitCode {
    copydesk::cli::main()
}
