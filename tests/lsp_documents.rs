//! The document store never drifts: random incremental edits applied to it and to a `String`
//! leave the same text after every step, in every position encoding.

use copydesk::line_index::{Encoding, LineCol, LineIndex};
use copydesk::lsp::documents::{Change, Documents};
use proptest::prelude::*;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

/// Pieces of inserted text: multi-byte characters, emoji, every line ending.
const PIECES: &[&str] = &[
    "a",
    "word ",
    "é",
    "“",
    "”",
    "’",
    "—",
    "😀",
    "👩‍👩‍👧",
    "\n",
    "\r\n",
    "\r",
    " ",
    "",
];

/// One change, with positions still to be fitted to the text it lands on.
#[derive(Debug, Clone)]
enum Edit {
    Replace {
        start: (u32, u32),
        end: (u32, u32),
        text: String,
    },
    Whole(String),
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..6).prop_map(|p| p.concat())
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        12 => ((any::<u32>(), any::<u32>()), (any::<u32>(), any::<u32>()), text())
            .prop_map(|(start, end, text)| Edit::Replace { start, end, text }),
        1 => text().prop_map(Edit::Whole),
    ]
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop_oneof![
        Just(Encoding::Utf8),
        Just(Encoding::Utf16),
        Just(Encoding::Utf32)
    ]
}

/// Picks a position near `text`: mostly inside, sometimes at a line end or past the end.
fn fit(text: &str, (line, col): (u32, u32), encoding: Encoding) -> Position {
    let index = LineIndex::new(text);
    let lines = index.line_count() as u32;
    let line = line % (lines + 1);
    let width = index.line_span(text, line as usize).map_or(0, |(s, e)| {
        copydesk::line_index::measure(&text[s..e], encoding)
    }) as u32;
    let col = match col % 8 {
        0 => width,
        1 => width + 1 + col % 3,
        _ => col % (width + 1),
    };
    Position::new(line, col)
}

/// The reference: the same change applied to a `String`.
fn apply_to_string(text: &mut String, range: Option<Range>, new: &str, encoding: Encoding) {
    let Some(range) = range else {
        *text = new.to_string();
        return;
    };
    let index = LineIndex::new(text);
    let at = |p: Position| {
        index
            .offset(
                text,
                LineCol {
                    line: p.line,
                    col: p.character,
                },
                encoding,
            )
            .0
    };
    let (a, b) = (at(range.start), at(range.end));
    text.replace_range(a.min(b)..a.max(b), new);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_edit_sequences_keep_the_rope_equal_to_a_string(
        initial in text(),
        steps in prop::collection::vec(prop::collection::vec(edit(), 1..4), 1..25),
        encoding in encoding(),
    ) {
        let uri: Uri = "file:///d.md".parse().unwrap();
        let mut documents = Documents::default();
        documents.open(uri.clone(), "markdown", 0, &initial);
        let mut expected = initial.clone();
        for (version, step) in steps.into_iter().enumerate() {
            // Changes in one notification land on the text the earlier ones left.
            let mut scratch = expected.clone();
            let mut changes = Vec::new();
            for edit in step {
                let (range, new) = match edit {
                    Edit::Whole(new) => (None, new),
                    Edit::Replace { start, end, text } => {
                        let start = fit(&scratch, start, encoding);
                        let end = fit(&scratch, end, encoding);
                        let (start, end) = if (start.line, start.character) <= (end.line, end.character) {
                            (start, end)
                        } else {
                            (end, start)
                        };
                        (Some(Range::new(start, end)), text)
                    }
                };
                apply_to_string(&mut scratch, range, &new, encoding);
                changes.push(TextDocumentContentChangeEvent { range, range_length: None, text: new });
            }
            expected = scratch;
            let outcome = documents.change(&uri, version as i32 + 1, &changes, encoding);
            prop_assert!(matches!(outcome, Change::Applied { .. }), "{outcome:?}");
            let held = documents.snapshot(&uri).unwrap();
            prop_assert_eq!(&*held.text, expected.as_str());
            prop_assert_eq!(held.version, version as i32 + 1);
        }
    }
}

#[test]
fn a_version_not_newer_changes_nothing() {
    let uri: Uri = "file:///d.md".parse().unwrap();
    let mut documents = Documents::default();
    documents.open(uri.clone(), "markdown", 4, "text");
    let change = TextDocumentContentChangeEvent {
        range: None,
        range_length: None,
        text: "other".into(),
    };
    for version in [4, 3] {
        assert_eq!(
            documents.change(
                &uri,
                version,
                std::slice::from_ref(&change),
                Encoding::Utf16
            ),
            Change::Stale { held: 4 }
        );
    }
    assert_eq!(&*documents.snapshot(&uri).unwrap().text, "text");
    let never: Uri = "file:///never.md".parse().unwrap();
    assert_eq!(
        documents.change(&never, 1, &[change], Encoding::Utf16),
        Change::NotOpen
    );
}
