//! The generated parts of the documentation are up to date: `docs/checks.md`, the README's
//! table of checks and the README's sample output all come from the code.
//!
//! To regenerate them after changing a check: `UPDATE_DOCS=1 cargo test --test docs`.

use copydesk::cli::explain;
use std::path::{Path, PathBuf};
use std::process::Command;

const HOW_TO_UPDATE: &str = "regenerate with `UPDATE_DOCS=1 cargo test --test docs`";
const SAMPLE: &str = "examples/wire-story.md";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn updating() -> bool {
    std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1")
}

/// Compares `file` with `expected`, or rewrites it when updating.
fn check_file(path: PathBuf, expected: &str) {
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current == expected {
        return;
    }
    if updating() {
        std::fs::write(&path, expected).expect("write generated file");
        return;
    }
    panic!(
        "{} is stale; {HOW_TO_UPDATE}.\n--- expected ---\n{expected}",
        path.display()
    );
}

/// The README with the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` replaced.
fn with_section(readme: &str, name: &str, body: &str) -> String {
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let from = readme
        .find(&start)
        .unwrap_or_else(|| panic!("README.md lacks `{}`", start.trim()))
        + start.len();
    let to = readme[from..]
        .find(&end)
        .unwrap_or_else(|| panic!("README.md lacks `{end}`"))
        + from;
    format!("{}{body}{}", &readme[..from], &readme[to..])
}

#[test]
fn docs_checks_md_matches_the_checks_documentation() {
    check_file(root().join("docs/checks.md"), &explain::checks_markdown());
}

#[test]
fn the_readme_shows_the_current_checks_and_real_output() {
    let output = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", SAMPLE])
        .current_dir(root())
        .output()
        .expect("run copydesk");
    let printed = String::from_utf8(output.stdout).expect("UTF-8 output");
    let sample = format!("```console\n$ copydesk check {SAMPLE}\n{printed}```\n");
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let expected = with_section(&readme, "checks-table", &explain::checks_table());
    let expected = with_section(&expected, "sample-output", &sample);
    check_file(path, &expected);
}

#[test]
fn the_sample_draft_is_flagged() {
    let status = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--format", "json", SAMPLE])
        .current_dir(root())
        .output()
        .expect("run copydesk")
        .status;
    assert_eq!(
        status.code(),
        Some(1),
        "the sample draft should show findings"
    );
}
