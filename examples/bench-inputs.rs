//! Writes the generated benchmark drafts to a folder, so that command-line tools (copydesk
//! check, harper-cli, `time`) can be measured on the same files as the benchmarks.
//!
//! `target/release/examples/bench-inputs FOLDER` writes `news-10k-words.md`, `news-1mb.md` and
//! `concat-5mb.txt` there.

#[path = "../benches/support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(folder) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: bench-inputs FOLDER");
        return ExitCode::from(2);
    };
    let files = [
        ("news-10k-words.md", support::news_draft(10_000, 1)),
        ("news-1mb.md", support::news_megabyte()),
        ("concat-5mb.txt", support::concatenation(5 << 20)),
    ];
    for (name, text) in files {
        let path = folder.join(name);
        if let Err(err) =
            std::fs::create_dir_all(&folder).and_then(|()| std::fs::write(&path, text))
        {
            eprintln!("cannot write {}: {err}", path.display());
            return ExitCode::FAILURE;
        }
        println!("{}", path.display());
    }
    ExitCode::SUCCESS
}
