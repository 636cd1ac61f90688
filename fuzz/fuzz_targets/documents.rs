//! Fuzz target: arbitrary sequences of `didOpen`, `didChange` (several changes per
//! notification, any positions, versions that go backwards) and `didClose` through the document
//! store. After every step the rope must equal a reference `String` changed the same way, and
//! its line count must equal the line index's.

#![no_main]

use arbitrary::Arbitrary;
use copydesk::line_index::{Encoding, LineCol, LineIndex};
use copydesk::lsp::documents::{Change, Documents};
use libfuzzer_sys::fuzz_target;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

#[derive(Debug, Arbitrary)]
enum Step {
    Open { version: i8, text: String },
    Change { version: i8, edits: Vec<Edit> },
    Close,
}

#[derive(Debug, Arbitrary)]
enum Edit {
    /// A range from raw positions: anything, including past the end and reversed.
    Raw {
        start: (u32, u32),
        end: (u32, u32),
        text: String,
    },
    /// A range near the text: small lines and columns, so most land inside it.
    Near {
        start: (u8, u8),
        end: (u8, u8),
        text: String,
    },
    /// The whole document.
    Whole(String),
}

#[derive(Debug, Arbitrary)]
struct Input {
    utf: u8,
    steps: Vec<Step>,
}

/// The reference: the change applied to a `String`, positions clamped by the line index.
fn apply_to_string(text: &mut String, range: Option<Range>, new: &str, encoding: Encoding) {
    let Some(range) = range else {
        *text = new.to_string();
        return;
    };
    let index = LineIndex::new(text);
    let at = |p: Position| {
        let position = LineCol {
            line: p.line,
            col: p.character,
        };
        index.offset(text, position, encoding).0
    };
    let (a, b) = (at(range.start), at(range.end));
    text.replace_range(a.min(b)..a.max(b), new);
}

fuzz_target!(|input: Input| {
    let encoding = match input.utf % 3 {
        0 => Encoding::Utf8,
        1 => Encoding::Utf16,
        _ => Encoding::Utf32,
    };
    let uri: Uri = "file:///draft.md".parse().expect("a valid URI");
    let mut documents = Documents::default();
    // The reference text and version, while the document is open.
    let mut expected: Option<(String, i32)> = None;
    for step in input.steps {
        match step {
            Step::Open { version, text } => {
                let version = i32::from(version);
                let reopened = documents.open(uri.clone(), "markdown", version, &text);
                assert_eq!(reopened, expected.is_some());
                expected = Some((text, version));
            }
            Step::Close => {
                assert_eq!(documents.close(&uri).is_some(), expected.is_some());
                expected = None;
            }
            Step::Change { version, edits } => {
                let version = i32::from(version);
                let mut changes = Vec::new();
                let mut scratch = expected.as_ref().map(|(text, _)| text.clone());
                for edit in edits {
                    let (range, text) = match edit {
                        Edit::Raw { start, end, text } => (
                            Some(Range::new(
                                Position::new(start.0, start.1),
                                Position::new(end.0, end.1),
                            )),
                            text,
                        ),
                        Edit::Near { start, end, text } => (
                            Some(Range::new(
                                Position::new(start.0.into(), start.1.into()),
                                Position::new(end.0.into(), end.1.into()),
                            )),
                            text,
                        ),
                        Edit::Whole(text) => (None, text),
                    };
                    if let Some(scratch) = &mut scratch {
                        apply_to_string(scratch, range, &text, encoding);
                    }
                    changes.push(TextDocumentContentChangeEvent {
                        range,
                        range_length: None,
                        text,
                    });
                }
                let outcome = documents.change(&uri, version, &changes, encoding);
                match (&mut expected, outcome) {
                    (None, Change::NotOpen) => {}
                    (Some((text, held)), Change::Applied { .. }) => {
                        assert!(version > *held);
                        *text = scratch.expect("open, so a reference exists");
                        *held = version;
                    }
                    (Some((_, held)), Change::Stale { held: said }) => {
                        assert!(version <= *held);
                        assert_eq!(said, *held);
                    }
                    (expected, outcome) => panic!("{outcome:?} with {expected:?}"),
                }
            }
        }
        match &expected {
            Some((text, version)) => {
                let held = documents.snapshot(&uri).expect("the document is open");
                assert_eq!(&held.text, text);
                assert_eq!(held.version, *version);
                let document = documents.get(&uri).expect("the document is open");
                assert_eq!(
                    document.rope.len_lines(),
                    LineIndex::new(text).line_count()
                );
            }
            None => assert!(documents.get(&uri).is_none()),
        }
    }
});
