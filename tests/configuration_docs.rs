//! The documented style sheet stays true: `docs/configuration.md` shows `examples/copydesk.toml`
//! verbatim, and the example parses without a problem other than checks still to come.

use copydesk::analysis::{Severity, checks};
use copydesk::config;
use std::path::Path;

/// Checks the example configures that are specified but not yet in the registry. The test fails
/// once one of them lands, so that its name is taken off this list and the example is then
/// checked in full.
const CHECKS_TO_COME: &[&str] = &[];

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_documentation_shows_the_example_file() {
    let doc = read("docs/configuration.md");
    let example = read("examples/copydesk.toml");
    let block = doc
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a ```toml block in docs/configuration.md");
    assert_eq!(
        block, example,
        "docs/configuration.md and examples/copydesk.toml differ"
    );
}

#[test]
fn the_example_parses() {
    let example = read("examples/copydesk.toml");
    let parsed = config::parse(&example);
    for problem in &parsed.problems {
        let code = problem.span.text(&example);
        assert!(
            problem.severity == Severity::Warning && CHECKS_TO_COME.contains(&code),
            "{problem:?} at {code:?}"
        );
    }
    for code in CHECKS_TO_COME {
        assert!(
            checks::by_code(code).is_none(),
            "{code} has landed: take it off CHECKS_TO_COME"
        );
    }
    let config = parsed.config.expect("the example is accepted");
    assert_eq!(config.style.spellings.len(), 4);
    assert_eq!(config.style.people.len(), 2);
    assert_eq!(config.style.organisations.len(), 1);
    assert!(config.skips(Path::new("archive/2019/march.md")));
    assert!(config.skips(Path::new("libya/sources.notes.md")));
    assert!(!config.skips(Path::new("libya/story.md")));
}
