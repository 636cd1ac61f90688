//! `name-spelling` on the sample article and a property: a draft in which every name is
//! spelled one way gets no `name-spelling`.

use copydesk::analysis::{Format, Settings, analyze};
use proptest::prelude::*;
use std::path::Path;

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

#[test]
fn putin_libya_gets_exactly_the_three_lybia_slips() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/putin-libya.txt");
    let text = std::fs::read_to_string(&path).expect("the sample article is beside the project");
    let analysis = analyze(&text, Format::PlainText, &Settings::default());
    let found: Vec<(usize, &str, &str)> = analysis
        .findings
        .iter()
        .filter(|f| f.code == "name-spelling")
        .map(|f| {
            (
                line_of(&text, f.span.start),
                f.span.text(&text),
                f.suggestions[0].as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (11, "Lybian", "Libyan"),
            (13, "Lybia", "Libya"),
            (15, "Lybia", "Libya")
        ]
    );
    let first = analysis
        .findings
        .iter()
        .find(|f| f.code == "name-spelling")
        .expect("a finding");
    assert_eq!(
        first.message,
        "“Lybian” is spelled “Libyan” 4 times elsewhere in this draft"
    );
    assert_eq!(first.related.len(), 4);
    assert!(first.related.iter().all(|r| r.span.text(&text) == "Libyan"));
}

/// Names no two of which are one name spelled two ways, including look-alike pairs that are
/// different names (Iran and Iraq, Austria and Australia, Obama and Osama).
const NAMES: &[&str] = &[
    "Libya",
    "Tripoli",
    "Tobruk",
    "Haftar",
    "Semenov",
    "Lavrov",
    "Shoygu",
    "Iran",
    "Iraq",
    "Austria",
    "Australia",
    "Obama",
    "Osama",
    "Niger",
    "Nigeria",
    "Slovenia",
    "Slovakia",
    "Kipyegon",
    "Gutiérrez",
    "Al-Mismari",
    "O'Brien",
    "Zelenskyy",
    "Moscow",
    "Johnson",
    "Johnston",
    "Kovačević",
    "Ishiba",
    "Prabowo",
    "NATO",
    "Kremlin",
    "Turkey",
    "Jordan",
];

const TEMPLATES: &[&str] = &[
    "{0} met {1} in {2} on Monday.",
    "Officials in {0} said {1} would visit {2}.",
    "“We will not leave,” {0} said after meeting {1}.",
    "{0}’s envoy and {1} spoke about {2}.",
    "According to {0}, talks with {1} failed.",
    "Supporters of {0} rallied, while {1} stayed in {2}.",
];

fn draft(picks: &[(usize, [usize; 3])]) -> String {
    let mut out = String::new();
    for (n, (template, names)) in picks.iter().enumerate() {
        let mut sentence = TEMPLATES[template % TEMPLATES.len()].to_string();
        for (slot, &name) in names.iter().enumerate() {
            sentence = sentence.replace(&format!("{{{slot}}}"), NAMES[name % NAMES.len()]);
        }
        out.push_str(&sentence);
        out.push(if n % 3 == 2 { '\n' } else { ' ' });
        if n % 3 == 2 {
            out.push('\n');
        }
    }
    out
}

proptest! {
    #[test]
    fn a_draft_with_one_spelling_per_name_gets_no_name_spelling(
        picks in prop::collection::vec((0usize..100, [0usize..100, 0usize..100, 0usize..100]), 1..25)
    ) {
        let text = draft(&picks);
        for format in [Format::PlainText, Format::Markdown] {
            let analysis = analyze(&text, format, &Settings::default());
            let flags: Vec<_> = analysis
                .findings
                .iter()
                .filter(|f| f.code == "name-spelling")
                .map(|f| f.message.clone())
                .collect();
            prop_assert!(flags.is_empty(), "{:?} in {}", flags, text);
        }
    }
}
