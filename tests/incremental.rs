//! The incremental analysis gives exactly what a fresh analysis of the same text gives: random
//! edits, one after another through one `Incremental`, each compared in full with `analyze`.

use copydesk::analysis::incremental::Incremental;
use copydesk::analysis::{Analysis, Format, Settings, analyze};
use proptest::prelude::*;

/// A draft with what crosses or depends on block boundaries: running quotations over
/// paragraphs, unclosed quotes, names and their slips in several blocks, a foreign sentence,
/// headings, lists, block quotes, a code block, an ignore directive, a link to a reference
/// defined elsewhere, inline markup and HTML, a paragraph over two lines and a table.
const DRAFT: &str = "# Haftar visits Moscow\n\n\
Khalifa Haftar met Sergei Shoigu in Moscow on Monday. “We discussed Libya,” Haftar said.\n\n\
“The talks were long,\n\n\
“and they were useful,” said the spokesman, Dmitry Peskov.\n\n\
Lybia has been divided since 2014. Mr. Haftar’s forces hold the east.\n\n\
- Shoigu spoke first.\n\
- Then “Haftar answered\n\n\
> “Nobody asked us,” a resident of Tripoli wrote.\n\n\
La Chine et la Russie soutiennent le maréchal Haftar depuis longtemps.\n\n\
```\n“code is not prose\n```\n\n\
<!-- copydesk-ignore unattributed-quote -->\n\
“Unattributed words here,” and then nothing.\n\n\
Peskov said Shoygu would travel to Benghazi. Shoigu declined to comment.\n\n\
Analyst Kirill Semenov and Mrs. Anna Petrova spoke at the\n\n\
Valdai Club. “It is over,” Semenov said. “Nobody won,” she added.\n\n\
According to Peskov, “the visit was planned.” Shoigu quipped: “We are friends.”\n\n\
Haftar, known as “the Marshal,” called the embargo “a big problem.” “It ends,” — Semenov believes.\n\n\
“We stay,” he said.\n\n\
See [the report][r] and <b>this</b> on *Haftar*, `Lybia` and \\*Shoigu\\*.\n\n\
[r]: http://example.com/report\n\n\
The meeting ended late, and Haftar flew back\n\
to Benghazi; Peskov’s office said nothing more.\n\n\
| Who | Where |\n| --- | --- |\n| Haftar | Benghazi |\n";

/// What an edit inserts: characters and pieces that change blocks, quotes and names, and
/// Markdown that can start or end structure (so that an edit inside a paragraph, split again
/// near the edit alone, is tried against every kind that must make the whole text split).
const PIECES: &[&str] = &[
    "a",
    "e",
    " ",
    ",",
    ".",
    "L",
    "“",
    "”",
    "\"",
    "’",
    "'",
    "\n",
    "\n\n",
    "# ",
    "> ",
    "- ",
    "`",
    "```\n",
    "*",
    "_",
    "Haftar",
    "Hafter",
    "Shoigu ",
    "said ",
    "Mr. ",
    "<!-- ",
    " -->",
    "é",
    "\r\n",
    "—",
    "Kirill Semenov ",
    "Semenov",
    "the ",
    " said",
    "“Yes,” ",
    "” ",
    " he said.",
    "Mrs. ",
    "[",
    "]",
    "[r]",
    "[r]: /x\n",
    "<",
    "<b>",
    "|",
    "1. ",
    "2) ",
    "+ ",
    "=",
    "---",
    "~~~\n",
    "    ",
    "&amp;",
    "\\",
    "![",
    "[^1]",
    "\u{feff}",
    ":",
    " according to ",
    "According to ",
    " quipped",
    "quipped ",
    " — ",
    "-",
    "known as ",
    "“the Marshal” ",
    " told reporters that ",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert {
        at: usize,
        piece: usize,
    },
    Delete {
        at: usize,
        len: usize,
    },
    /// Copies a stretch of the text elsewhere (a paste).
    Copy {
        from: usize,
        len: usize,
        to: usize,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        5 => (any::<usize>(), 0..PIECES.len()).prop_map(|(at, piece)| Edit::Insert { at, piece }),
        3 => (any::<usize>(), 1usize..40).prop_map(|(at, len)| Edit::Delete { at, len }),
        1 => (any::<usize>(), 1usize..120, any::<usize>())
            .prop_map(|(from, len, to)| Edit::Copy { from, len, to }),
    ]
}

/// The character boundary at or before `at % (len + 1)`.
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &mut String, edit: &Edit) {
    match *edit {
        Edit::Insert { at, piece } => {
            let at = boundary(text, at);
            text.insert_str(at, PIECES[piece]);
        }
        Edit::Delete { at, len } => {
            let start = boundary(text, at);
            let end = boundary(text, start + len.min(text.len() - start));
            text.replace_range(start..end.max(start), "");
        }
        Edit::Copy { from, len, to } => {
            let start = boundary(text, from);
            let end = boundary(text, start + len.min(text.len() - start));
            let piece = text[start..end].to_string();
            let to = boundary(text, to);
            text.insert_str(to, &piece);
        }
    }
}

/// Everything an analysis holds, written out: findings, quotes, attributions, names, entities.
fn everything(analysis: &Analysis) -> String {
    format!("{analysis:#?}")
}

/// Asserts that `analysis` is, in full, what a fresh analysis of `text` gives.
fn assert_as_fresh(analysis: &Analysis, text: &str, format: Format, settings: &Settings) {
    assert_eq!(
        everything(analysis),
        everything(&analyze(text, format, settings))
    );
}

fn settings() -> Settings {
    Settings {
        attribution_verbs: vec!["quipped".to_string()],
        not_names: vec!["Monday".to_string()],
        ..Settings::default()
    }
}

fn check_edits(format: Format, edits: &[Edit]) -> Result<(), TestCaseError> {
    let settings = settings();
    let mut text = DRAFT.to_string();
    let mut incremental = Incremental::new();
    let first = incremental.analyze(&text, format, &settings, None);
    prop_assert_eq!(
        everything(&first),
        everything(&analyze(&text, format, &settings))
    );
    for edit in edits {
        apply(&mut text, edit);
        let again = incremental.analyze(&text, format, &settings, None);
        let fresh = analyze(&text, format, &settings);
        prop_assert_eq!(
            &again.findings,
            &fresh.findings,
            "findings after {:?}",
            edit
        );
        prop_assert_eq!(everything(&again), everything(&fresh), "after {:?}", edit);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_edits_give_what_a_fresh_analysis_gives_in_markdown(
        edits in prop::collection::vec(edit(), 1..12)
    ) {
        check_edits(Format::Markdown, &edits)?;
    }

    #[test]
    fn random_edits_give_what_a_fresh_analysis_gives_in_plain_text(
        edits in prop::collection::vec(edit(), 1..12)
    ) {
        check_edits(Format::PlainText, &edits)?;
    }
}

#[test]
fn a_keystroke_keeps_the_blocks_it_did_not_touch() {
    let settings = Settings::default();
    let mut incremental = Incremental::new();
    incremental.analyze(DRAFT, Format::Markdown, &settings, None);
    assert_eq!(incremental.reused().0, 0);
    let at = DRAFT.find("Lybia").expect("the slip is in the draft");
    let mut text = DRAFT.to_string();
    text.insert(at + 2, 'x');
    let again = incremental.analyze(&text, Format::Markdown, &settings, None);
    let (reused, blocks) = incremental.reused();
    assert_eq!(
        reused + 1,
        blocks,
        "only the edited paragraph is read again"
    );
    assert_as_fresh(&again, &text, Format::Markdown, &settings);
}

#[test]
fn a_keystroke_keeps_the_people_of_the_blocks_it_did_not_touch() {
    let settings = Settings::default();
    let mut incremental = Incremental::new();
    incremental.analyze(DRAFT, Format::Markdown, &settings, None);
    assert_eq!(incremental.people_reused(), 0);
    let at = DRAFT.find("Valdai").expect("the club is in the draft");
    let mut text = DRAFT.to_string();
    text.insert(at + 2, 'x');
    let again = incremental.analyze(&text, Format::Markdown, &settings, None);
    assert_eq!(incremental.people_reused() + 1, incremental.reused().1);
    assert_as_fresh(&again, &text, Format::Markdown, &settings);
}

#[test]
fn a_keystroke_keeps_what_the_quotes_of_other_blocks_say_of_themselves() {
    let settings = settings();
    let mut incremental = Incremental::new();
    incremental.analyze(DRAFT, Format::Markdown, &settings, None);
    assert_eq!(incremental.quotes_reused(), 0);
    let text = inserted("Valdai", "x");
    let again = incremental.analyze(&text, Format::Markdown, &settings, None);
    assert!(incremental.quotes_reused() > 3);
    assert_as_fresh(&again, &text, Format::Markdown, &settings);
}

#[test]
fn another_extra_cue_works_every_quote_out_again() {
    let quipped = settings();
    let plain = Settings::default();
    let mut incremental = Incremental::new();
    incremental.analyze(DRAFT, Format::Markdown, &quipped, None);
    // The same text with the style sheet's cue gone: “We are friends” loses its cue.
    let again = incremental.analyze(DRAFT, Format::Markdown, &plain, None);
    assert_eq!(incremental.quotes_reused(), 0);
    let fresh = analyze(DRAFT, Format::Markdown, &plain);
    assert_eq!(everything(&again), everything(&fresh));
    assert_ne!(
        everything(&fresh),
        everything(&analyze(DRAFT, Format::Markdown, &quipped))
    );
    // And back, with the same text again: the cue credits the quote once more.
    let back = incremental.analyze(DRAFT, Format::Markdown, &quipped, None);
    assert_eq!(incremental.quotes_reused(), 0);
    assert_as_fresh(&back, DRAFT, Format::Markdown, &quipped);
    incremental.analyze(DRAFT, Format::Markdown, &quipped, None);
    assert!(incremental.quotes_reused() > 3);
}

#[test]
fn closing_a_running_quotation_keeps_the_people_of_the_paragraphs_it_ran_over() {
    let settings = Settings::default();
    let mut incremental = Incremental::new();
    let text = "“The talks were long,\n\n“Ask Kirill Semenov,” he said.\n\n\
                Dmitry Peskov agreed.\n";
    incremental.analyze(text, Format::PlainText, &settings, None);
    // Closing the first quote ends the running quotation: the second paragraph's opening
    // mark now opens a quote of its own, and its tokens are inside a quote as before.
    let closed = text.replacen("long,", "long,”", 1);
    let again = incremental.analyze(&closed, Format::PlainText, &settings, None);
    assert_eq!(incremental.people_reused() + 1, incremental.reused().1);
    assert_as_fresh(&again, &closed, Format::PlainText, &settings);
}

#[test]
fn another_format_reads_every_block_again() {
    let settings = Settings::default();
    let mut incremental = Incremental::new();
    incremental.analyze(DRAFT, Format::Markdown, &settings, None);
    let plain = incremental.analyze(DRAFT, Format::PlainText, &settings, None);
    assert_eq!(incremental.reused().0, 0);
    assert_as_fresh(&plain, DRAFT, Format::PlainText, &settings);
}

#[test]
fn the_same_text_again_reads_nothing_again() {
    let settings = Settings::default();
    let mut incremental = Incremental::new();
    incremental.analyze(DRAFT, Format::Markdown, &settings, None);
    incremental.analyze(DRAFT, Format::Markdown, &settings, None);
    let (reused, blocks) = incremental.reused();
    assert_eq!(reused, blocks);
}

#[test]
fn an_emptied_draft_and_back() {
    let settings = Settings::default();
    let mut incremental = Incremental::new();
    incremental.analyze(DRAFT, Format::Markdown, &settings, None);
    let empty = incremental.analyze("", Format::Markdown, &settings, None);
    assert!(empty.findings.is_empty());
    let again = incremental.analyze(DRAFT, Format::Markdown, &settings, None);
    assert_as_fresh(&again, DRAFT, Format::Markdown, &settings);
}

/// The draft after inserting `piece` at the `nth` place where `marker` is found.
fn inserted(marker: &str, piece: &str) -> String {
    let at = DRAFT.find(marker).expect("the marker is in the draft");
    let mut text = DRAFT.to_string();
    text.insert_str(at, piece);
    text
}

#[test]
fn a_letter_typed_inside_a_paragraph_splits_only_the_lines_near_it() {
    let settings = Settings::default();
    for format in [Format::Markdown, Format::PlainText] {
        for (marker, piece) in [
            ("Lybia has", "x"),
            ("divided since", "`"),
            ("to Benghazi;", "*"),
            ("ended late", ","),
            ("Benghazi. Shoigu", "“"),
        ] {
            let mut incremental = Incremental::new();
            incremental.analyze(DRAFT, format, &settings, None);
            let text = inserted(marker, piece);
            let again = incremental.analyze(&text, format, &settings, None);
            assert!(
                incremental.split_near(),
                "{format:?}: {piece:?} before {marker:?} is split near the edit"
            );
            assert_eq!(
                everything(&again),
                everything(&analyze(&text, format, &settings)),
                "{format:?}: {piece:?} before {marker:?}"
            );
        }
    }
}

#[test]
fn an_edit_that_can_change_the_structure_splits_the_whole_text() {
    let settings = Settings::default();
    for (marker, piece) in [
        ("divided since", "\n"),
        ("divided since", "\n\n"),
        ("divided since", "["),
        ("divided since", "<!-- copydesk-ignore -->"),
        ("to Benghazi;", "# "),
        ("to Benghazi;", "```\n"),
        ("to Benghazi;", "1. "),
        ("to Benghazi;", "> "),
        ("to Benghazi;", "- "),
        ("to Benghazi;", "===\n"),
        ("to Benghazi;", "<div>"),
        ("the report]", "x"),
        ("http://example", "x"),
        ("Khalifa Haftar met", "~~~ "),
        ("Shoigu spoke", "x"),
        ("Nobody asked", "x"),
        ("Haftar visits", "x"),
        ("Who |", "x"),
    ] {
        let mut incremental = Incremental::new();
        incremental.analyze(DRAFT, Format::Markdown, &settings, None);
        let text = inserted(marker, piece);
        let again = incremental.analyze(&text, Format::Markdown, &settings, None);
        assert!(
            !incremental.split_near(),
            "{piece:?} before {marker:?} splits the whole text"
        );
        assert_eq!(
            everything(&again),
            everything(&analyze(&text, Format::Markdown, &settings)),
            "{piece:?} before {marker:?}"
        );
    }
}

#[test]
fn a_quote_at_the_edge_of_its_block_is_worked_out_again_when_the_next_block_changes() {
    let settings = Settings::default();
    // “the Marshal” is a nickname when a capitalised word follows it, even in the next
    // paragraph; and `as` two tokens before a quote names it, even when `known` ends the
    // paragraph before.
    for (text, from, to) in [
        (
            "Khalifa “the Marshal”\n\nHaftar spoke first.\n",
            "Haftar spoke",
            "he spoke",
        ),
        (
            "He is known\n\nas “the Marshal” to all.\n",
            "known\n",
            "seen\n",
        ),
    ] {
        for format in [Format::Markdown, Format::PlainText] {
            let mut incremental = Incremental::new();
            incremental.analyze(text, format, &settings, None);
            let edited = text.replacen(from, to, 1);
            let again = incremental.analyze(&edited, format, &settings, None);
            assert!(incremental.reused().0 > 0, "{edited:?}: a block is kept");
            assert_eq!(
                everything(&again),
                everything(&analyze(&edited, format, &settings)),
                "{edited:?}"
            );
        }
    }
}
