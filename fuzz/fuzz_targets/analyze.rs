//! Fuzz target: the whole analysis of arbitrary text, as Markdown and as plain text, must never
//! panic, and every finding must cover a non-empty range on character boundaries.

#![no_main]

use copydesk::analysis::{Format, Settings, analyze};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for format in [Format::Markdown, Format::PlainText] {
        let analysis = analyze(text, format, &Settings::default());
        for finding in &analysis.findings {
            assert!(finding.span.start < finding.span.end, "{finding:?}");
            assert!(text.is_char_boundary(finding.span.start), "{finding:?}");
            assert!(text.is_char_boundary(finding.span.end), "{finding:?}");
        }
    }
});
