//! Counts the work of one keystroke in the analysis, in-process: the generated 10,000-word and
//! 1 MB news drafts are analysed once whole, then take one-letter insertions at a sixth, two
//! sixths … five sixths of their length, each into the text of the one before, and are analysed
//! again incrementally after each.
//!
//! `target/release/examples/keystrokes [10k|1mb]` prints the median time of a keystroke's
//! analysis over a few rounds. For instruction counts, which a loaded machine does not disturb,
//! run it under callgrind and collect only the keystrokes:
//!
//! ```sh
//! valgrind --tool=callgrind --toggle-collect='keystrokes::keystroke' \
//!     target/release/examples/keystrokes 1mb --once
//! ```
//!
//! and divide the "Collected" count by five. `--once` makes one round, with no timing.

#[path = "../benches/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use copydesk::analysis::incremental::Incremental;
use copydesk::analysis::{Format, Settings};

/// Keystrokes a round.
const EDITS: usize = 5;
/// Rounds timed, when not `--once`.
const ROUNDS: usize = 20;

/// One keystroke's analysis: the only function callgrind is told to collect.
#[inline(never)]
fn keystroke(cache: &mut Incremental, text: &str, settings: &Settings) -> usize {
    analyse(cache, text, settings)
}

/// An analysis through the cache; the first of a round reads the whole draft.
#[inline(never)]
fn analyse(cache: &mut Incremental, text: &str, settings: &Settings) -> usize {
    cache
        .analyze(text, Format::Markdown, settings, None)
        .findings
        .len()
}

/// The texts of one round: each has one more letter than the one before.
fn edits(original: &str) -> Vec<String> {
    let mut text = original.to_owned();
    (1..=EDITS)
        .map(|k| {
            let at = text.floor_char_boundary(text.len() * k / (EDITS + 1));
            text.insert(at, 'x');
            text.clone()
        })
        .collect()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let original = match args.first().map(String::as_str) {
        Some("10k") => support::news_draft(10_000, 1),
        Some("1mb") => support::news_megabyte(),
        _ => {
            eprintln!("usage: keystrokes 10k|1mb [--once]");
            return ExitCode::from(2);
        }
    };
    let once = args.iter().any(|arg| arg == "--once");
    let settings = Settings::default();
    let round = edits(&original);
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..if once { 1 } else { ROUNDS } {
        let mut cache = Incremental::new();
        black_box(analyse(&mut cache, &original, &settings));
        for text in &round {
            let start = Instant::now();
            black_box(keystroke(&mut cache, text, &settings));
            times.push(start.elapsed());
        }
    }
    if !once {
        times.sort();
        let median = times[times.len() / 2];
        let worst = times[times.len() - 1];
        println!(
            "{} bytes: keystroke analysis median {:.2} ms, max {:.2} ms ({} keystrokes)",
            original.len(),
            median.as_secs_f64() * 1e3,
            worst.as_secs_f64() * 1e3,
            times.len()
        );
    }
    ExitCode::SUCCESS
}
