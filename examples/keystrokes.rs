//! Five one-letter insertions into a draft through `Incremental::analyze`, for counting the
//! instructions of a keystroke: `valgrind --tool=callgrind --toggle-collect=keystrokes::five
//! target/release/examples/keystrokes FILE`.

use copydesk::analysis::incremental::Incremental;
use copydesk::analysis::{Format, Settings};

#[inline(never)]
fn five(incremental: &mut Incremental, text: &str, settings: &Settings) -> usize {
    let mut text = text.to_string();
    let mut found = 0;
    for k in 1..=5 {
        let mut at = text.len() * k / 6;
        while !text.is_char_boundary(at) {
            at += 1;
        }
        text.insert(at, 'a');
        found += incremental
            .analyze(&text, Format::Markdown, settings, None)
            .attributions
            .len();
    }
    found
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let debug = args.iter().any(|a| a == "--debug");
    let path = args
        .iter()
        .skip(1)
        .find(|a| *a != "--debug")
        .cloned()
        .unwrap_or_default();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let settings = Settings::default();
    let mut incremental = Incremental::new();
    let first = incremental.analyze(&text, Format::Markdown, &settings, None);
    if debug {
        println!("{first:?}");
        let mut edited = text.clone();
        for k in 1..=5 {
            let mut at = edited.len() * k / 6;
            while !edited.is_char_boundary(at) {
                at += 1;
            }
            edited.insert(at, 'a');
            let a = incremental.analyze(&edited, Format::Markdown, &settings, None);
            println!("{a:?}");
        }
        return;
    }
    println!("{}", five(&mut incremental, &text, &settings));
}
