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

/// The entity each quote is linked to, by quote index: built once per request.
pub fn quote_entities(analysis: &Analysis) -> Vec<Option<usize>> {
    let mut owners = vec![None; analysis.quotes.len()];
    for (e, entity) in analysis.entities.entities.iter().enumerate() {
        for &q in &entity.quotes {
            if let Some(owner) = owners.get_mut(q) {
                *owner = Some(e);
            }
        }
    }
    owners
}

/// The speaker of quote `q`: the entity the index links it to (`owners` from
/// [`quote_entities`]), else the speaker the attribution read. `None` when no speaker was read.
pub fn speaker(analysis: &Analysis, owners: &[Option<usize>], q: usize) -> Option<Credited> {
    let linked = owners.get(q).copied().flatten();
    if let Some((e, entity)) = linked.and_then(|e| Some((e, analysis.entities.entities.get(e)?))) {
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
        speaker.display.to_string()
    };
    Some(Credited {
        name: speaker.display.to_string(),
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
    let text = &*analysed.text;
    let owners = quote_entities(analysis);
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
        let (label, tooltip) = match speaker(analysis, &owners, q) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Format, Settings, analyze};
    use crate::line_index::LineIndex;

    fn analysed(text: &str) -> Analysed {
        Analysed {
            version: 1,
            revision: 0,
            generation: 0,
            text: text.into(),
            index: LineIndex::new(text),
            analysis: analyze(text, Format::PlainText, &Settings::default()),
            diagnostics: Vec::new(),
        }
    }

    fn labels(text: &str, range: Span) -> Vec<String> {
        hints(&analysed(text), range, Encoding::Utf16)
            .into_iter()
            .map(|h| match h.label {
                InlayHintLabel::String(label) => label,
                InlayHintLabel::LabelParts(parts) => parts.into_iter().map(|p| p.value).collect(),
            })
            .collect()
    }

    #[test]
    fn names_the_speaker_by_surname_and_marks_an_orphan() {
        let text = "“We will win,” said Khalifa Haftar.\n\nThe army lost ground.\n\n\
                    “It is not the first time they tried this.”\n";
        assert_eq!(labels(text, Span::new(0, text.len())), ["— Haftar", "— ?"]);
    }

    #[test]
    fn leaves_scare_quotes_and_short_partial_quotes_alone() {
        let text = "The “self-styled” army called it “a problem” again.\n";
        assert!(labels(text, Span::new(0, text.len())).is_empty());
    }

    #[test]
    fn answers_only_for_the_requested_range() {
        let text = "“We will win,” said Khalifa Haftar.\n\n“We will not,” said Ahmed Al-Mismari.\n";
        let second = text.find("\n\n").unwrap() + 2;
        assert_eq!(
            labels(text, Span::new(second, text.len())),
            ["— Al-Mismari"]
        );
        assert!(labels(text, Span::new(0, 3)).is_empty());
    }

    #[test]
    fn a_surname_is_the_last_word_of_the_name() {
        assert_eq!(surname("Bashar al-Assad"), "al-Assad");
        assert_eq!(surname("Mrs. Bennet"), "Bennet");
        assert_eq!(surname("Putin"), "Putin");
    }
}
