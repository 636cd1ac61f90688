//! The outline: document symbols grouped as People, Places, Organisations and Quotes (by
//! speaker), and workspace symbols over the drafts of the folder, open or not.
//!
//! Each entity is one symbol at its first full reference, with the description the draft gives
//! as its detail. Names the index cannot place in a kind (`Other`) stay out of the outline.
//! Symbol kinds are the closest LSP has: people are objects, places are enum members,
//! organisations are structs, quotes are strings.

use tower_lsp_server::ls_types::{
    DocumentSymbol, Location, OneOf, Range, SymbolKind, Uri, WorkspaceSymbol,
};

use super::documents::Analysed;
use super::inlay_hints::{quote_entities, reads_as_words, speaker};
use super::workspace::Named;
use crate::analysis::Span;
use crate::analysis::checks::unattributed_quote::first_words;
use crate::analysis::entities::{Entities, Entity, EntityKind, EntityMention};
use crate::line_index::Encoding;

/// How many words of a quote its symbol shows.
const SHOWN_WORDS: usize = 6;

/// The groups of the outline, in order, with the entity kind each holds.
const GROUPS: [(&str, EntityKind, SymbolKind); 3] = [
    ("People", EntityKind::Person, SymbolKind::OBJECT),
    ("Places", EntityKind::Place, SymbolKind::ENUM_MEMBER),
    (
        "Organisations",
        EntityKind::Organisation,
        SymbolKind::STRUCT,
    ),
];

/// The name of the quotes group for quotes no one is credited with.
const NO_ONE: &str = "No one credited";

#[expect(deprecated, reason = "`deprecated` must be given; `tags` replaces it")]
fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: tower_lsp_server::ls_types::Range,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: range,
        children,
    }
}

/// Where an entity's symbol points: its first full reference.
fn anchor(entities: &Entities, entity: &Entity) -> Option<Span> {
    let mentions = entities.mentions(entity);
    mentions
        .get(entity.first_full)
        .or(mentions.first())
        .map(EntityMention::span)
}

/// A group symbol spanning its children.
fn group(name: &str, detail: Option<String>, children: Vec<DocumentSymbol>) -> DocumentSymbol {
    let start = children.iter().map(|c| c.range.start).min();
    let end = children.iter().map(|c| c.range.end).max();
    let range =
        tower_lsp_server::ls_types::Range::new(start.unwrap_or_default(), end.unwrap_or_default());
    symbol(
        name.to_string(),
        detail,
        SymbolKind::NAMESPACE,
        range,
        Some(children),
    )
}

/// The outline of one draft. Empty groups are left out.
pub fn document_symbols(analysed: &Analysed, encoding: Encoding) -> Vec<DocumentSymbol> {
    let analysis = &analysed.analysis;
    let text = &*analysed.text;
    let mut out = Vec::new();
    for (title, kind, symbol_kind) in GROUPS {
        let children: Vec<DocumentSymbol> = analysis
            .entities
            .entities
            .iter()
            .filter(|e| e.kind == kind)
            .filter_map(|e| {
                let span = anchor(&analysis.entities, e)?;
                Some(symbol(
                    e.name.clone(),
                    e.description.clone(),
                    symbol_kind,
                    analysed.range(span, encoding),
                    None,
                ))
            })
            .collect();
        if !children.is_empty() {
            out.push(group(title, None, children));
        }
    }

    // Quotes by speaker, speakers in the order of their first quote.
    let owners = quote_entities(analysis);
    let mut speakers: Vec<(String, Vec<DocumentSymbol>)> = Vec::new();
    for (q, quote) in analysis.quotes.iter().enumerate() {
        let name = match speaker(analysis, &owners, q) {
            Some(credited) => credited.name,
            None if reads_as_words(analysis, text, q)
                && !analysis
                    .attributions
                    .get(q)
                    .is_some_and(|a| a.is_credited()) =>
            {
                NO_ONE.to_string()
            }
            None => continue,
        };
        let detail = analysis
            .attributions
            .get(q)
            .and_then(|a| a.cue)
            .map(|cue| cue.text(text).to_string());
        let child = symbol(
            format!("“{}”", first_words(quote.inner.text(text), SHOWN_WORDS)),
            detail,
            SymbolKind::STRING,
            analysed.range(quote.span(), encoding),
            None,
        );
        match speakers.iter_mut().find(|(n, _)| *n == name) {
            Some((_, quotes)) => quotes.push(child),
            None => speakers.push((name, vec![child])),
        }
    }
    if !speakers.is_empty() {
        let children = speakers
            .into_iter()
            .map(|(name, quotes)| {
                let count = quotes.len();
                let detail = format!("{count} quote{}", if count == 1 { "" } else { "s" });
                let mut speaker = group(&name, Some(detail), quotes);
                speaker.kind = SymbolKind::OBJECT;
                speaker
            })
            .collect();
        out.push(group("Quotes", None, children));
    }
    out
}

/// The entities of one draft whose name contains `query` (case-insensitive; every entity when
/// the query is empty), for `workspace/symbol`.
pub fn workspace_symbols(
    uri: &Uri,
    analysed: &Analysed,
    query: &str,
    encoding: Encoding,
) -> Vec<WorkspaceSymbol> {
    let query = query.to_lowercase();
    analysed
        .analysis
        .entities
        .entities
        .iter()
        .filter(|e| e.name.to_lowercase().contains(&query))
        .filter_map(|e| {
            let range = analysed.range(anchor(&analysed.analysis.entities, e)?, encoding);
            workspace_symbol(&e.name, e.kind, uri, range)
        })
        .collect()
}

/// The same for a draft that is not open, from the entities the folder keeps of it.
pub fn symbols_on_disk(uri: &Uri, entities: &[Named], query: &str) -> Vec<WorkspaceSymbol> {
    let query = query.to_lowercase();
    entities
        .iter()
        .filter(|e| e.name.to_lowercase().contains(&query))
        .filter_map(|e| workspace_symbol(&e.name, e.kind, uri, e.anchor))
        .collect()
}

/// The workspace symbol of an entity at `range`; `None` for names of no kind (`Other`).
fn workspace_symbol(
    name: &str,
    kind: EntityKind,
    uri: &Uri,
    range: Range,
) -> Option<WorkspaceSymbol> {
    let (container, _, symbol_kind) = GROUPS.iter().find(|(_, k, _)| *k == kind)?;
    Some(WorkspaceSymbol {
        name: name.to_string(),
        kind: *symbol_kind,
        tags: None,
        container_name: Some((*container).to_string()),
        location: OneOf::Left(Location::new(uri.clone(), range)),
        data: None,
    })
}
