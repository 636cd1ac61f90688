//! Throughput of the analysis on a short article, a 10,000-word news draft, a novel and a 5 MB
//! concatenation: the shared stages (tokenisation, quote pairing, attribution, the name index),
//! each check alone and everything together.
//!
//! `cargo bench --bench analysis`; criterion prints time per draft and MB/s for each. The shared
//! stages run whichever checks are on, so `check/CODE` is the whole pipeline with only that
//! check's own pass added.

mod support;

use copydesk::analysis::{self, Draft, Format, Settings, attribution, checks, names, quotes};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

/// Settings that run only the check `code`.
fn only(code: &str) -> Settings {
    Settings {
        overrides: checks::ALL
            .iter()
            .filter(|check| check.code != code)
            .map(|check| (check.code.to_string(), None))
            .collect(),
        ..Settings::default()
    }
}

fn inputs() -> Vec<(&'static str, String, Format)> {
    let mut inputs = Vec::new();
    if let Some(text) = support::corpus("putin-libya.txt") {
        inputs.push(("putin-libya", text, Format::PlainText));
    }
    inputs.push((
        "news-10k-words",
        support::news_draft(10_000, 1),
        Format::Markdown,
    ));
    if let Some(text) = support::corpus("pride-and-prejudice.txt") {
        inputs.push(("pride-and-prejudice", text, Format::PlainText));
    }
    inputs.push((
        "concat-5mb",
        support::concatenation(5 << 20),
        Format::PlainText,
    ));
    inputs
}

fn analysis(c: &mut Criterion) {
    for (name, text, format) in inputs() {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        if text.len() > 1 << 20 {
            group.sample_size(10);
            group.measurement_time(Duration::from_secs(4));
        } else {
            group.sample_size(20);
            group.measurement_time(Duration::from_secs(2));
        }
        group.warm_up_time(Duration::from_millis(500));
        group.bench_function("draft", |b| {
            b.iter(|| Draft::new(black_box(&text), format));
        });
        group.bench_function("draft+quotes", |b| {
            b.iter(|| quotes::find_quotes(&Draft::new(black_box(&text), format)));
        });
        group.bench_function("draft+quotes+attribution", |b| {
            b.iter(|| {
                let draft = Draft::new(black_box(&text), format);
                let quotes = quotes::find_quotes(&draft);
                attribution::attribute(&draft, &quotes)
            });
        });
        group.bench_function("draft+names", |b| {
            b.iter(|| names::NameIndex::build(&Draft::new(black_box(&text), format)));
        });
        for check in checks::ALL {
            let settings = only(check.code);
            group.bench_function(BenchmarkId::new("check", check.code), |b| {
                b.iter(|| analysis::analyze(black_box(&text), format, &settings));
            });
        }
        let all = Settings::default();
        group.bench_function("full", |b| {
            b.iter(|| analysis::analyze(black_box(&text), format, &all));
        });
        group.finish();
    }
}

criterion_group!(benches, analysis);
criterion_main!(benches);
