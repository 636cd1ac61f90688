//! Fuzz target: parsing arbitrary text as a `copydesk.toml` never panics, every problem it
//! reports points at a range of the text on character boundaries, and a file with an error is
//! rejected as a whole.

#![no_main]

use copydesk::analysis::Severity;
use copydesk::config::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let parsed = parse(text);
    for problem in &parsed.problems {
        let span = problem.span;
        assert!(span.start <= span.end && span.end <= text.len(), "{problem:?}");
        assert!(text.is_char_boundary(span.start), "{problem:?}");
        assert!(text.is_char_boundary(span.end), "{problem:?}");
    }
    if parsed.problems.iter().any(|p| p.severity == Severity::Error) {
        assert!(parsed.config.is_none(), "{parsed:?}");
    }
});
