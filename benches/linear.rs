//! Linear cost on hostile drafts: each pathological input at N, 2N and 4N bytes, analysed in
//! full. Criterion reports MB/s per size; a summary table then prints the cost per byte and
//! how it changes as the input doubles (1.0 means linear, 2.0 per doubling means quadratic).
//!
//! `cargo bench --bench linear`

mod support;

use copydesk::analysis::{self, Format, Settings};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, Instant};
use support::Rng;

/// A hostile input: its name, the size N of its smallest instance in units of `make`, the format
/// it is read as, and the function that builds an instance of a given size.
struct Case {
    name: &'static str,
    base: usize,
    format: Format,
    make: fn(usize) -> String,
}

const CASES: &[Case] = &[
    Case {
        name: "unmatched-openers",
        base: 1_000,
        format: Format::Markdown,
        make: unmatched_openers,
    },
    Case {
        name: "stray-closers",
        base: 25_000,
        format: Format::Markdown,
        make: stray_closers,
    },
    Case {
        name: "singles-inside-a-double",
        base: 25_000,
        format: Format::Markdown,
        make: singles_inside_a_double,
    },
    Case {
        name: "single-line",
        base: 512 << 10,
        format: Format::PlainText,
        make: single_line,
    },
    Case {
        name: "blockquote-depth",
        base: 1_000,
        format: Format::Markdown,
        make: blockquote_depth,
    },
    Case {
        name: "nested-lists",
        base: 200,
        format: Format::Markdown,
        make: nested_lists,
    },
    Case {
        name: "name-spellings",
        base: 5_000,
        format: Format::Markdown,
        make: name_spellings,
    },
    Case {
        name: "capitalised-run",
        base: 500,
        format: Format::Markdown,
        make: capitalised_run,
    },
];

/// `n` opening quotation marks in one paragraph, none closed. Kept small: attribution is
/// super-linear in the number of quotes in one paragraph (see docs/PERFORMANCE.md).
fn unmatched_openers(n: usize) -> String {
    "“word ".repeat(n)
}

/// `n` closing quotation marks in one paragraph, none opened.
fn stray_closers(n: usize) -> String {
    "word” ".repeat(n)
}

/// One open double quote holding `n` single quotes that each open and none close.
fn singles_inside_a_double(n: usize) -> String {
    format!("“{}", "‘word ".repeat(n))
}

/// `n` bytes of news prose on one line: no line break anywhere.
fn single_line(n: usize) -> String {
    let prose = support::news_draft(2_000, 3).replace('\n', " ");
    let mut out = String::with_capacity(n + prose.len());
    while out.len() < n {
        out.push_str(&prose);
    }
    let end = (0..=n)
        .rev()
        .find(|&i| out.is_char_boundary(i))
        .unwrap_or(0);
    out.truncate(end);
    out
}

/// One paragraph inside `n` nested block quotes.
fn blockquote_depth(n: usize) -> String {
    format!("{}“Deep,” she said.\n", "> ".repeat(n))
}

/// `n` lists nested 32 deep, one after the other.
fn nested_lists(n: usize) -> String {
    let mut one = String::new();
    for depth in 0..32 {
        one.push_str(&"  ".repeat(depth));
        one.push_str("- “Item,” said Haddad.\n");
    }
    one.push('\n');
    one.repeat(n)
}

/// `n` sentences naming people from a pool of `n / 4` surnames, each in up to four spellings,
/// so the number of distinct spellings grows with the draft.
fn name_spellings(n: usize) -> String {
    let mut rng = Rng::new(11);
    let names: Vec<String> = (0..n / 4).map(|_| surname(&mut rng)).collect();
    let mut out = String::new();
    for i in 0..n {
        let name = &names[rng.below(names.len())];
        let spelling = respell(name, &mut rng);
        let other = &names[rng.below(names.len())];
        out.push_str(&format!(
            "Officials said {spelling} met {other} in the capital on day {i}. "
        ));
        if i % 8 == 7 {
            out.push_str("\n\n");
        }
    }
    out
}

fn surname(rng: &mut Rng) -> String {
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "rez", "vic", "an", "ter", "os", "ba", "du", "shi", "nov", "el", "ra",
    ];
    let mut name = String::new();
    for _ in 0..3 {
        name.push_str(rng.pick(SYLLABLES));
    }
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// The name, or with one of its letters after the first doubled or dropped.
fn respell(name: &str, rng: &mut Rng) -> String {
    let at = 1 + rng.below(name.len().saturating_sub(1).max(1));
    match rng.below(4) {
        0 => format!("{}{}", &name[..at], &name[at.min(name.len() - 1)..]),
        1 => format!("{}{}", &name[..at], name.get(at + 1..).unwrap_or("")),
        _ => name.to_string(),
    }
}

/// `n` capitalised words in one paragraph with no punctuation. Kept small: the name index is
/// super-linear in the length of such a run (see docs/PERFORMANCE.md).
fn capitalised_run(n: usize) -> String {
    const WORDS: &[&str] = &[
        "Port",
        "Authority",
        "Workers",
        "Union",
        "Federation",
        "National",
        "Bank",
        "Minister",
        "Haddad",
        "Rotterdam",
        "Council",
        "Energy",
    ];
    let mut rng = Rng::new(5);
    let mut out = String::with_capacity(n * 8);
    for _ in 0..n {
        out.push_str(rng.pick(WORDS));
        out.push(' ');
    }
    out
}

const FACTORS: [usize; 3] = [1, 2, 4];

/// Cases whose largest instance takes longer than this in one run are left to the summary:
/// criterion would take minutes to sample them.
const SLOW: Duration = Duration::from_millis(500);

fn linear(c: &mut Criterion) {
    let settings = Settings::default();
    for case in CASES {
        let largest = (case.make)(case.base * FACTORS[2]);
        let start = Instant::now();
        black_box(analysis::analyze(&largest, case.format, &settings));
        if start.elapsed() > SLOW {
            eprintln!(
                "linear/{}: one run at 4N takes {:.1?}; measured in the summary only",
                case.name,
                start.elapsed()
            );
            continue;
        }
        let mut group = c.benchmark_group(format!("linear/{}", case.name));
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(200));
        group.measurement_time(Duration::from_secs(1));
        for factor in FACTORS {
            let text = (case.make)(case.base * factor);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(
                BenchmarkId::from_parameter(format!("{factor}N")),
                &text,
                |b, text| b.iter(|| analysis::analyze(black_box(text), case.format, &settings)),
            );
        }
        group.finish();
    }
}

/// The best of up to five runs of the full analysis (one when a run is slower than [`SLOW`]),
/// in nanoseconds per byte.
fn ns_per_byte(text: &str, format: Format) -> f64 {
    let settings = Settings::default();
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        black_box(analysis::analyze(black_box(text), format, &settings));
        best = best.min(start.elapsed());
        if best > SLOW {
            break;
        }
    }
    best.as_nanos() as f64 / text.len().max(1) as f64
}

fn summary(_: &mut Criterion) {
    println!();
    println!(
        "{:<24} {:>10} {:>9} {:>9} {:>9} {:>8}",
        "input", "N bytes", "ns/B @N", "ns/B @2N", "ns/B @4N", "4N / N"
    );
    for case in CASES {
        let sizes: Vec<(usize, f64)> = FACTORS
            .iter()
            .map(|factor| {
                let text = (case.make)(case.base * factor);
                (text.len(), ns_per_byte(&text, case.format))
            })
            .collect();
        let ratio = sizes[2].1 / sizes[0].1;
        println!(
            "{:<24} {:>10} {:>9.2} {:>9.2} {:>9.2} {:>8.2}{}",
            case.name,
            sizes[0].0,
            sizes[0].1,
            sizes[1].1,
            sizes[2].1,
            ratio,
            if ratio > 1.5 { "  super-linear" } else { "" }
        );
    }
    println!("(cost per byte at 4N over cost at N: about 1 when linear, about 4 when quadratic)");
}

criterion_group!(benches, summary, linear);
criterion_main!(benches);
