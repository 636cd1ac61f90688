//! Measures the whole analysis of one file in-process, on one core: the file is analysed once to
//! load the word lists and the gazetteer, then again a number of rounds, and the median time is
//! printed with the throughput it gives.
//!
//! `target/release/examples/throughput FILE [--rounds N]`: a `.md` file is read as Markdown,
//! any other as plain text, as `copydesk check` reads them.
//! For instruction counts, which a loaded machine does not disturb, run one round under
//! callgrind and collect only the counted analysis:
//!
//! ```sh
//! valgrind --tool=callgrind --toggle-collect='throughput::counted' \
//!     target/release/examples/throughput ../shared/corpus/pride-and-prejudice.txt --rounds 1
//! ```

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use copydesk::analysis::{Format, Settings, analyze};

/// One analysis of the whole text: the only function callgrind is told to collect.
#[inline(never)]
fn counted(text: &str, format: Format, settings: &Settings) -> usize {
    analyze(text, format, settings).findings.len()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: throughput FILE [--rounds N]");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("throughput: {path}: {err}");
            return ExitCode::from(2);
        }
    };
    let rounds = args
        .iter()
        .position(|arg| arg == "--rounds")
        .and_then(|at| args.get(at + 1))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(30)
        .max(1);
    let format = if path.ends_with(".md") {
        Format::Markdown
    } else {
        Format::PlainText
    };
    let settings = Settings::default();
    black_box(analyze(&text, format, &settings));
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            black_box(counted(&text, format, &settings));
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{} bytes: median {:.2} ms, {:.1} MiB/s, best {:.2} ms ({rounds} rounds)",
        text.len(),
        median.as_secs_f64() * 1e3,
        text.len() as f64 / median.as_secs_f64() / (1024.0 * 1024.0),
        times[0].as_secs_f64() * 1e3,
    );
    ExitCode::SUCCESS
}
