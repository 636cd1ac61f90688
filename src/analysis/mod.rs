//! The analysis core: text in, findings and an index of the draft out.
//!
//! Pure and infallible: no I/O, no LSP types, no async runtime, no panics on any input.
//! Every position here is a byte offset into the text that was analysed.

pub mod attribution;
pub mod checks;
pub mod directives;
pub mod draft;
pub mod entities;
pub mod incremental;
pub mod names;
pub mod prose;
pub mod quotes;
mod slots;

pub use draft::{Block, BlockKind, Case, Draft, Sentence, Token, TokenKind};
use std::borrow::Cow;

/// A half-open byte range `start..end` into the analysed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub const fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The covered text, or `""` when the span does not fall on character boundaries of `text`.
    pub fn text(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// How the text is written: decides what counts as prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Markdown,
    PlainText,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(name: &str) -> Option<Severity> {
        match name {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// Another place that explains a finding: in the same text, or in another draft of the story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// A span of the analysed text, or of the draft `doc` when that is set.
    pub span: Span,
    pub message: String,
    /// The other draft of the story the span is in; `None` for the analysed text itself. The
    /// front ends resolve it to a file or URI (see [`names::story`]).
    pub doc: Option<DocId>,
}

impl Related {
    /// A related place in the analysed text itself.
    pub fn here(span: Span, message: String) -> Related {
        Related {
            span,
            message,
            doc: None,
        }
    }
}

/// A draft of a story folder, numbered by the front end that assembled the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocId(pub usize);

/// One thing a check found: plain data, printed by the CLI and published by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The check's stable kebab-case code, such as `unclosed-quote`.
    pub code: &'static str,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    /// Replacement texts for `span`, best first. Empty when there is no mechanical fix.
    pub suggestions: Vec<String>,
    pub related: Vec<Related>,
}

/// Which checks run, at which severity, and what the house style sheet tells them.
///
/// Plain data, filled by the front ends from the editor's settings and `copydesk.toml` (see
/// `config::merge`). Every list is empty by default: the checks then rely on the draft alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Per-check overrides: `None` turns a check off, `Some(severity)` changes its severity.
    pub overrides: Vec<(String, Option<Severity>)>,
    /// The house spellings: each preferred spelling with the variants it replaces. A variant is
    /// wrong even when a draft uses it consistently.
    pub spellings: Vec<PreferredSpelling>,
    /// The people the style sheet knows, with their aliases and descriptions.
    pub people: Vec<KnownEntity>,
    /// The organisations the style sheet knows, with their aliases and descriptions.
    pub organisations: Vec<KnownEntity>,
    /// Speech and belief verbs to add to the built-in ones, each in the forms a draft uses
    /// (`quipped`, `quips`): a quote next to one of them is attributed.
    pub attribution_verbs: Vec<String>,
    /// Phrases that introduce a speaker, like the built-in `according to`
    /// (`in the words of`).
    pub attribution_phrases: Vec<String>,
    /// Capitalised words that are never names, whatever their position.
    pub not_names: Vec<String>,
    /// Spellings that are names of their own: never grouped with a look-alike, never flagged by
    /// `name-spelling`.
    pub separate: Vec<String>,
}

/// A preferred spelling from the style sheet and the variants it replaces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreferredSpelling {
    /// The spelling to use, as written in the style sheet (`Shoigu`).
    pub preferred: String,
    /// Spellings to replace with it (`Shoygu`, `Shoigou`); never empty, never the preferred one.
    pub variants: Vec<String>,
}

/// A person or organisation the style sheet knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownEntity {
    /// The full name in house style (`Sergei Shoigu`, `Libyan National Army`).
    pub name: String,
    /// Other names that refer to the same entity and are correct (`Shoigu`, `LNA`). Not
    /// misspellings: those belong in [`Settings::spellings`].
    pub aliases: Vec<String>,
    /// How the house describes the entity, for hovers (`Russia's defence minister from 2012`).
    pub description: Option<String>,
    /// A note for editors, shown in hovers (`Use the full name on first reference`).
    pub note: Option<String>,
}

impl Settings {
    /// The severity a check reports at, or `None` when it is switched off.
    pub fn severity_of(&self, code: &str, default: Severity) -> Option<Severity> {
        self.overrides
            .iter()
            .rev()
            .find(|(name, _)| name == code)
            .map_or(Some(default), |(_, severity)| *severity)
    }
}

/// Everything the core learned about one text.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Findings sorted by position.
    pub findings: Vec<Finding>,
    /// Every quotation found, in text order.
    pub quotes: Vec<quotes::Quote>,
    /// Who is credited with each quote, in the order of `quotes`.
    pub attributions: Vec<attribution::Attribution>,
    /// Every name mention, its spellings and their groups.
    pub names: names::NameIndex,
    /// The people, places and organisations named, with their mentions and quotes.
    pub entities: entities::Entities,
}

/// Analyses `text` with every enabled check, then drops the findings that ignore comments
/// silence (see [`directives`]). Never fails and never panics.
pub fn analyze(text: &str, format: Format, settings: &Settings) -> Analysis {
    analyze_in(text, format, settings, None)
}

/// Like [`analyze`], for a draft that is one of several of a story: `name-spelling` weighs the
/// spellings of the other drafts of `within` too, and points at them in related information.
pub fn analyze_in(
    text: &str,
    format: Format,
    settings: &Settings,
    within: Option<names::Within>,
) -> Analysis {
    let draft = Draft::reusing(text, format, SPARE_TOKENS.take());
    let mentions = names::mentions::scan(&draft);
    let analysis = analyze_draft(&draft, Cow::Owned(mentions), settings, within, None);
    let tokens = draft.into_tokens();
    if tokens.capacity() <= SPARE_TOKENS_MAX {
        SPARE_TOKENS.set(tokens);
    }
    analysis
}

/// The most tokens a list kept for the next analysis may have room for: 4 MiB of them, enough
/// for drafts of a megabyte and more. A longer draft's list is freed, as the memory it holds
/// would outweigh what keeping it saves.
const SPARE_TOKENS_MAX: usize = (4 << 20) / std::mem::size_of::<Token>();

thread_local! {
    /// The token list of the last draft analysed on this thread, kept for the next one. A fresh
    /// list's pages are new to the process every time, and the system's handing them over
    /// (a page fault per 4 KiB written) took about a twentieth of a whole analysis's time.
    static SPARE_TOKENS: std::cell::Cell<Vec<Token>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The analysis of a draft already split into tokens and sentences, whose name mentions are
/// found: the stages that look at the whole draft at once. Shared by [`analyze_in`] and
/// [`incremental::Incremental`], so both give the same result for the same text; `people` is
/// what the incremental analysis keeps of attribution's people, with where each block of the
/// draft comes from (see [`attribution::attribute_kept`]).
fn analyze_draft(
    draft: &Draft,
    mentions: Cow<'_, names::mentions::RawMentions>,
    settings: &Settings,
    within: Option<names::Within>,
    people: Option<(&mut attribution::Kept, &[Option<attribution::Carried>])>,
) -> Analysis {
    // The name index first: building it holds the scanner's runs beside the index, the largest
    // moment of the analysis, which the quotes and attributions need not share.
    let names = names::index_from(draft, mentions, settings, within);
    let quotes = quotes::find_quotes(draft);
    let extra =
        attribution::cues::Extra::new(&settings.attribution_verbs, &settings.attribution_phrases);
    let attributions = match people {
        Some((kept, carried)) => attribution::attribute_kept(draft, &quotes, &extra, kept, carried),
        None => attribution::attribute_with(draft, &quotes, &extra),
    };
    let entities =
        entities::Entities::build(draft, &names, &quotes.quotes, &attributions, settings);
    let mut findings = Vec::new();
    for check in checks::ALL {
        if let Some(severity) = settings.severity_of(check.code, check.default_severity) {
            let start = findings.len();
            let cx = checks::Context {
                draft,
                quotes: &quotes,
                attributions: &attributions,
                names: &names,
                entities: &entities,
            };
            (check.run)(&cx, &mut findings);
            for finding in &mut findings[start..] {
                finding.severity = severity;
            }
        }
    }
    let silences = directives::Silences::new(draft, &directives::parse(draft));
    findings.retain(|f| !silences.silences(f.code, f.span.start));
    findings.sort_by_key(|f| (f.span.start, f.span.end, f.code));
    Analysis {
        findings,
        quotes: quotes.quotes,
        attributions,
        names,
        entities,
    }
}

/// The name summary of a draft, for the story it belongs to: what a front end keeps per draft
/// of a folder (see [`names::story`]).
pub fn summarise_names(text: &str, format: Format, settings: &Settings) -> names::NameSummary {
    let draft = Draft::new(text, format);
    names::NameSummary::of(&names::index_with(&draft, settings, None))
}
