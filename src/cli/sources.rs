//! `copydesk sources`: the people each draft quotes, with the description the draft gives, the
//! number of quotes and their first words: the list a fact checker calls back.

use super::check::{self, in_parallel, print_stdout, read_draft, read_limited, stdin_error};
use super::walk::{self, Input, InputError, Item};
use super::{OutputFormat, SourcesArgs, StdinFormat};
use crate::analysis::checks::unattributed_quote;
use crate::analysis::entities::EntityKind;
use crate::analysis::{Analysis, Format, Settings, Span, analyze};
use crate::line_index::{Encoding, LineIndex};
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

/// How many words of a quote are shown.
const FIRST_WORDS: usize = 8;

/// The sources of one draft.
#[derive(Debug, Serialize)]
pub struct DraftSources {
    pub path: String,
    pub sources: Vec<Source>,
    /// Quotes that read as someone's words and credit no one (as `unattributed-quote` reports).
    pub uncredited: usize,
}

/// A person (or a speaker the draft names only by role or pronoun) quoted in a draft.
#[derive(Debug, Serialize)]
pub struct Source {
    pub name: String,
    pub description: Option<String>,
    pub quote_count: usize,
    pub quotes: Vec<QuoteStart>,
}

/// Where a quote starts and how it begins.
#[derive(Debug, Serialize)]
pub struct QuoteStart {
    pub line: u32,
    pub column: u32,
    pub first_words: String,
}

/// Lists the sources of one text. A leading byte-order mark is set aside, as by `check`.
pub fn sources_of(path: String, mut text: String, format: Format) -> DraftSources {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    let analysis = analyze(&text, format, &Settings::default());
    let index = LineIndex::new(&text);
    let quote_start = |q: usize| {
        let quote = &analysis.quotes[q];
        let at = index.line_col(&text, quote.open.start, Encoding::Utf32);
        QuoteStart {
            line: at.line + 1,
            column: at.col + 1,
            first_words: first_words(&text, quote.inner),
        }
    };
    // (first quote, source): people of the entity index, then speakers it could not place.
    let mut found: Vec<(usize, Source)> = Vec::new();
    let mut placed = vec![false; analysis.quotes.len()];
    for entity in &analysis.entities.entities {
        if entity.quotes.is_empty() || entity.kind != EntityKind::Person {
            continue;
        }
        for &q in &entity.quotes {
            if let Some(p) = placed.get_mut(q) {
                *p = true;
            }
        }
        found.push((
            entity.quotes[0],
            Source {
                name: entity.name.clone(),
                description: entity.description.clone(),
                quote_count: entity.quotes.len(),
                quotes: entity.quotes.iter().map(|&q| quote_start(q)).collect(),
            },
        ));
    }
    for q in unplaced_speakers(&analysis, &placed) {
        let Some(display) = analysis.attributions[q]
            .speaker
            .as_ref()
            .map(|s| s.display.to_string())
        else {
            continue;
        };
        match found.iter_mut().find(|(_, s)| s.name == display) {
            Some((_, source)) => {
                source.quote_count += 1;
                source.quotes.push(quote_start(q));
            }
            None => found.push((
                q,
                Source {
                    name: display,
                    description: None,
                    quote_count: 1,
                    quotes: vec![quote_start(q)],
                },
            )),
        }
    }
    found.sort_by_key(|(first, _)| *first);
    DraftSources {
        path,
        sources: found.into_iter().map(|(_, s)| s).collect(),
        uncredited: analysis
            .findings
            .iter()
            .filter(|f| f.code == unattributed_quote::CODE)
            .count(),
    }
}

/// Credited quotes whose speaker is not a person of the entity index (`the ministry`, `he`
/// with no one named before).
fn unplaced_speakers<'a>(
    analysis: &'a Analysis,
    placed: &'a [bool],
) -> impl Iterator<Item = usize> + 'a {
    analysis
        .attributions
        .iter()
        .enumerate()
        .filter(move |(q, a)| a.speaker.is_some() && !placed.get(*q).copied().unwrap_or(true))
        .map(|(q, _)| q)
}

/// The first words of a quote, with an ellipsis when there are more.
fn first_words(text: &str, inner: Span) -> String {
    let mut words = inner.text(text).split_whitespace();
    let shown: Vec<&str> = words.by_ref().take(FIRST_WORDS).collect();
    let mut out = shown.join(" ");
    if words.next().is_some() {
        out.push('…');
    }
    out
}

/// Prints one draft's sources for a reader.
pub fn render_human(draft: &DraftSources, out: &mut String) {
    let _ = writeln!(out, "{}", draft.path);
    if draft.sources.is_empty() {
        let _ = writeln!(out, "  no one is quoted");
    }
    for source in &draft.sources {
        let _ = write!(out, "  {}", source.name);
        if let Some(description) = &source.description {
            let _ = write!(out, " — {description}");
        }
        let plural = if source.quote_count == 1 { "" } else { "s" };
        let _ = writeln!(out, " ({} quote{plural})", source.quote_count);
        for quote in &source.quotes {
            let _ = writeln!(
                out,
                "    {}:{} “{}”",
                quote.line, quote.column, quote.first_words
            );
        }
    }
    if draft.uncredited > 0 {
        let plural = if draft.uncredited == 1 { "" } else { "s" };
        let _ = writeln!(
            out,
            "  {} quote{plural} credited to no one (see `copydesk check`)",
            draft.uncredited
        );
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    files: &'a [DraftSources],
}

/// Runs `copydesk sources`: 0 when every path was read, 2 when one could not be.
pub fn run(args: &SourcesArgs) -> ExitCode {
    let stdin_format = match args.stdin_format {
        StdinFormat::Plain => Format::PlainText,
        StdinFormat::Markdown => Format::Markdown,
    };
    let items = walk::collect(&args.paths, stdin_format);
    let stdin = items
        .iter()
        .any(|item| matches!(item, Item::Input(Input::Stdin(_))))
        .then(|| read_limited(std::io::stdin().lock(), 0).and_then(check::decode));
    let task = |item: &Item| match item {
        Item::Error(err) => Err(err.clone()),
        Item::Input(Input::Stdin(format)) => match &stdin {
            Some(Ok(text)) => Ok(sources_of(
                check::STDIN_PATH.to_string(),
                text.clone(),
                *format,
            )),
            Some(Err(reason)) => Err(stdin_error(reason)),
            None => Err(stdin_error("standard input was not read")),
        },
        Item::Input(Input::File(path)) => read_draft(path)
            .map(|text| sources_of(path.display().to_string(), text, walk::format_of(path)))
            .map_err(|reason| InputError {
                path: path.display().to_string(),
                reason,
            }),
    };
    let mut failed = false;
    let mut drafts: Vec<DraftSources> = Vec::new();
    in_parallel(&items, task, |outcome| match outcome {
        Ok(draft) => match args.format {
            OutputFormat::Human => {
                let mut out = String::new();
                render_human(&draft, &mut out);
                print_stdout(&out);
            }
            OutputFormat::Json => drafts.push(draft),
        },
        Err(err) => {
            failed = true;
            eprintln!("copydesk: {err}");
        }
    });
    if args.format == OutputFormat::Json {
        let json = serde_json::to_string_pretty(&JsonReport { files: &drafts })
            .unwrap_or_else(|_| "{\"files\": []}".to_string());
        print_stdout(&format!("{json}\n"));
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
