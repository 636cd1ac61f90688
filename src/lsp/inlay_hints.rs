//! Inlay hints: after each quote's closing mark, who said it (`— Semenov`), or `— ?` when the
//! draft credits no one.
//!
//! Only quotes that read as someone's words get a hint: closed, not nested, a full sentence or
//! a partial quote (a short uncredited partial quote reads as the writer's words and gets none,
//! as in the unattributed-quote check). Scare quotes, titles and nicknames never get one.

use tower_lsp_server::ls_types::{InlayHint, InlayHintLabel, InlayHintTooltip};

use super::documents::Analysed;
use crate::analysis::attribution::{QuoteKind, SpeakerKind};
use crate::analysis::checks::unattributed_quote::PARTIAL_MIN_WORDS;
use crate::analysis::entities::EntityKind;
use crate::analysis::{Analysis, Span};
use crate::line_index::Encoding;

/// Who a quote is credited to, as the server shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credited {
    /// The full name: `Kirill Semenov`, `the ministry`.
    pub name: String,
    /// What a hint shows: the surname for people (`Semenov`), else the full name.
    pub short: String,
    /// The entity the quote is linked to, as an index into the entity index.
    pub entity: Option<usize>,
}

/// The speaker of quote `q`: the entity the index links it to, else the speaker the
/// attribution read. `None` when no speaker was read.
pub fn speaker(analysis: &Analysis, q: usize) -> Option<Credited> {
    let linked = analysis
        .entities
        .entities
        .iter()
        .position(|e| e.quotes.contains(&q));
    if let Some(e) = linked {
        let entity = &analysis.entities.entities[e];
        let short = match entity.kind {
            EntityKind::Person => surname(&entity.name),
            _ => entity.name.clone(),
        };
        return Some(Credited {
            name: entity.name.clone(),
            short,
            entity: Some(e),
        });
    }
    let speaker = analysis.attributions.get(q)?.speaker.as_ref()?;
    let names_a_person = match speaker.kind {
        SpeakerKind::Name => true,
        SpeakerKind::Pronoun | SpeakerKind::Role => speaker.referent.is_some(),
        SpeakerKind::Institution => false,
    };
    let short = if names_a_person {
        surname(&speaker.display)
    } else {
        speaker.display.clone()
    };
    Some(Credited {
        name: speaker.display.clone(),
        short,
        entity: None,
    })
}

/// The last word of a person's name: `Semenov`, `al-Assad`, `Bennet` (for `Mrs. Bennet`).
fn surname(name: &str) -> String {
    name.split_whitespace().last().unwrap_or(name).to_string()
}

/// Whether quote `q` reads as someone's words, so that a missing speaker is worth showing.
pub fn reads_as_words(analysis: &Analysis, text: &str, q: usize) -> bool {
    let (Some(quote), Some(attribution)) = (analysis.quotes.get(q), analysis.attributions.get(q))
    else {
        return false;
    };
    if quote.depth > 0 || quote.close.is_none() {
        return false;
    }
    match attribution.kind {
        QuoteKind::Full => true,
        QuoteKind::Partial => {
            attribution.is_credited()
                || quote.inner.text(text).split_whitespace().count() >= PARTIAL_MIN_WORDS
        }
        _ => false,
    }
}

/// The hints for the quotes whose closing mark ends inside `range` (a byte span, ends
/// included).
pub fn hints(analysed: &Analysed, range: Span, encoding: Encoding) -> Vec<InlayHint> {
    let analysis = &analysed.analysis;
    let text = analysed.text.as_str();
    let mut out = Vec::new();
    for (q, quote) in analysis.quotes.iter().enumerate() {
        let Some(close) = quote.close else {
            continue;
        };
        if close.end < range.start || close.end > range.end {
            continue;
        }
        if !reads_as_words(analysis, text, q) {
            continue;
        }
        let credited = analysis
            .attributions
            .get(q)
            .is_some_and(|a| a.is_credited());
        let (label, tooltip) = match speaker(analysis, q) {
            Some(speaker) => (
                format!("— {}", speaker.short),
                format!("Credited to {}", speaker.name),
            ),
            None if credited => (
                "— ?".to_string(),
                "Credited, but the speaker could not be read".to_string(),
            ),
            None => ("— ?".to_string(), "No one is credited".to_string()),
        };
        out.push(InlayHint {
            position: analysed
                .range(Span::new(close.end, close.end), encoding)
                .start,
            label: InlayHintLabel::String(label),
            kind: None,
            text_edits: None,
            tooltip: Some(InlayHintTooltip::String(tooltip)),
            padding_left: Some(true),
            padding_right: Some(true),
            data: None,
        });
    }
    out
}
