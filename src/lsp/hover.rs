//! Hover cards: for a name, what the draft says about its entity; for a quote, who said it.
//!
//! A name card gives the entity's name, kind and description (and the style sheet's note), the
//! line of its first full reference, how often it is mentioned and in which spellings (odd ones
//! flagged), the quotes credited to it with their first words, and for places what the
//! gazetteer knows. A quote card gives the speaker, the cue that credits them and the line
//! where the draft introduces them, or says that no one is credited.

use std::fmt::Write;

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::documents::Analysed;
use super::inlay_hints::{quote_entities, reads_as_words, speaker};
use crate::analysis::Span;
use crate::analysis::attribution::QuoteKind;
use crate::analysis::checks::unattributed_quote::first_words;
use crate::analysis::entities::{Entity, EntityKind, EntityMention};
use crate::line_index::Encoding;

/// How many words of a quote a card repeats.
const SHOWN_WORDS: usize = 6;

/// The card for what lies under `offset`: a name first, else the quote around it.
pub fn hover(analysed: &Analysed, offset: usize, encoding: Encoding) -> Option<Hover> {
    let (value, span) = if let Some((e, m)) = analysed.analysis.entities.at(offset) {
        let entity = analysed.analysis.entities.entities.get(e)?;
        let span = analysed.analysis.entities.mentions(entity).get(m)?.span();
        (entity_card(analysed, entity), span)
    } else {
        let q = quote_at(analysed, offset)?;
        (quote_card(analysed, q), analysed.analysis.quotes[q].span())
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(analysed.range(span, encoding)),
    })
}

/// The outermost quote around `offset` (its marks included).
fn quote_at(analysed: &Analysed, offset: usize) -> Option<usize> {
    analysed
        .analysis
        .quotes
        .iter()
        .position(|q| q.depth == 0 && q.span().start <= offset && offset <= q.span().end)
}

fn kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Place => "place",
        EntityKind::Organisation => "organisation",
        EntityKind::Other => "name",
    }
}

fn entity_card(analysed: &Analysed, entity: &Entity) -> String {
    let analysis = &analysed.analysis;
    let text = &*analysed.text;
    let mut card = format!("**{}** · {}", escape(&entity.name), kind_name(entity.kind));
    if let Some(description) = &entity.description {
        let _ = write!(card, "\n\n{}", escape(description));
    }
    if let Some(description) = &entity.house_description {
        let _ = write!(card, "\n\n*Style sheet:* {}", escape(description));
    }
    if let Some(note) = &entity.note {
        let _ = write!(card, "\n\n*Note:* {}", escape(note));
    }
    card.push_str("\n\n");
    let mentions = analysis.entities.mentions(entity);
    if let Some(first) = mentions.get(entity.first_full) {
        let how = if entity.named_in_full {
            "First named"
        } else {
            "Never named in full; first mentioned"
        };
        let _ = write!(
            card,
            "{how} on line {} (“{}”). ",
            analysed.line_number(first.span().start),
            escape(first.span().text(text))
        );
    }
    let count = mentions.len();
    let _ = write!(
        card,
        "{count} mention{}.",
        if count == 1 { "" } else { "s" }
    );
    if entity.spellings.len() > 1 || entity.spellings.iter().any(|s| s.odd) {
        let spellings: Vec<String> = entity
            .spellings
            .iter()
            .map(|s| {
                let flag = if s.odd { " ⚠" } else { "" };
                format!("{} ×{}{flag}", escape(&s.text), s.count)
            })
            .collect();
        let _ = write!(card, "\n\nSpellings: {}", spellings.join(", "));
    }
    if !entity.quotes.is_empty() {
        card.push_str("\n\nQuotes:");
        for &q in &entity.quotes {
            let Some(quote) = analysis.quotes.get(q) else {
                continue;
            };
            let _ = write!(
                card,
                "\n- line {}: “{}”",
                analysed.line_number(quote.open.start),
                escape(&first_words(quote.inner.text(text), SHOWN_WORDS))
            );
            if let Some(cue) = analysis.attributions.get(q).and_then(|a| a.cue) {
                let _ = write!(card, " ({})", escape(cue.text(text)));
            }
        }
    }
    if let Some(place) = &entity.place {
        let facts: Vec<String> = [
            ("Country", &place.country),
            ("Capital", &place.capital),
            ("Demonym", &place.demonym),
        ]
        .into_iter()
        .filter_map(|(label, value)| value.as_ref().map(|v| format!("{label}: {}", escape(v))))
        .collect();
        if !facts.is_empty() {
            let _ = write!(card, "\n\n{}", facts.join(" · "));
        }
    }
    card
}

fn quote_card(analysed: &Analysed, q: usize) -> String {
    let analysis = &analysed.analysis;
    let text = &*analysed.text;
    let quote = &analysis.quotes[q];
    let mut card = format!(
        "**Quote** “{}”",
        escape(&first_words(quote.inner.text(text), SHOWN_WORDS))
    );
    let Some(attribution) = analysis.attributions.get(q) else {
        return card;
    };
    let cue = attribution.cue.map(|c| escape(c.text(text)));
    match speaker(analysis, &quote_entities(analysis), q) {
        Some(credited) => {
            let _ = write!(card, "\n\nSaid by **{}**", escape(&credited.name));
            if let Some(cue) = &cue {
                let _ = write!(card, " (“{cue}”)");
            }
            card.push('.');
            if let Some(introduced) = introduction(analysed, q, credited.entity) {
                let _ = write!(
                    card,
                    "\n\nIntroduced on line {}: {}",
                    analysed.line_number(introduced.start),
                    escape(introduced.text(text))
                );
                let description = credited
                    .entity
                    .and_then(|e| analysis.entities.entities.get(e))
                    .and_then(|e| e.description.as_ref());
                if let Some(description) = description {
                    let _ = write!(card, ", {}", escape(description));
                }
            }
        }
        None if attribution.is_credited() => {
            card.push_str("\n\nCredited");
            if let Some(cue) = &cue {
                let _ = write!(card, " by “{cue}”");
            }
            card.push_str(", but the speaker could not be read.");
        }
        None if reads_as_words(analysis, text, q) => {
            card.push_str("\n\n**No one is credited** with this quote.");
        }
        None => {
            let what = match attribution.kind {
                QuoteKind::Term => "A scare quote or quoted term",
                QuoteKind::Title => "The title of a work",
                QuoteKind::Nickname => "A nickname or name",
                QuoteKind::WordAsWord => "A word spoken of as a word",
                QuoteKind::Heading => "A quote in a heading",
                QuoteKind::Nested => "A quote inside a quote",
                QuoteKind::Full | QuoteKind::Partial => "A short partial quote",
            };
            let _ = write!(card, "\n\n{what}: no speaker expected.");
        }
    }
    card
}

/// Where the draft introduces the speaker of quote `q`: the entity's first full reference, else
/// the fuller mention the speaker phrase stands for, else the name in the phrase.
fn introduction(analysed: &Analysed, q: usize, entity: Option<usize>) -> Option<Span> {
    let analysis = &analysed.analysis;
    if let Some(entity) = entity.and_then(|e| analysis.entities.entities.get(e)) {
        return analysis
            .entities
            .first_full_mention(entity)
            .map(EntityMention::span);
    }
    let speaker = analysis.attributions.get(q)?.speaker.as_ref()?;
    speaker.referent.or(speaker.name)
}

/// `s` with the characters Markdown would read as markup escaped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markdown_in_draft_text() {
        assert_eq!(escape("al-Assad"), "al-Assad");
        assert_eq!(escape("*bold* [x]"), "\\*bold\\* \\[x\\]");
    }
}
