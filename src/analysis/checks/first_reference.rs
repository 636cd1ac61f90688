//! # first-reference: a person called by surname or title before the draft gives the full name
//!
//! ## What it finds
//! A person referred to by surname alone (Semenov) or by a title alone (the field marshal)
//! before the draft first gives their full name (Kirill Semenov). The finding points at the
//! first such reference and, through related information, at the full name further down.
//!
//! ## Why it matters
//! News style introduces a person by full name, with a description, the first time they appear;
//! later references use the surname. A surname that comes first leaves readers guessing who is
//! meant, and it often means a paragraph was moved or the introduction was cut in editing.
//!
//! ## Examples
//! Flagged: the surname comes before the full name.
//!
//! ```text
//! “We are ready,” Semenov said.
//!
//! Kirill Semenov, an independent Middle East expert, has followed the war for years.
//! ```
//!
//! Not flagged: the full name first, and people the built-in gazetteer knows well enough to be
//! named by surname (Putin, Assad, Haftar); names in headings; a surname shared by two full
//! names in the draft, which cannot be told apart.
//!
//! ```text
//! Kirill Semenov, an independent Middle East expert, disagrees. “It is late,” Semenov said.
//!
//! Putin has not answered. Vladimir Putin, the Russian president, was in Sochi.
//! ```
//!
//! ## Known limits
//! Only the first early reference of each person is reported, and only when the full name
//! does not start with an ordinary English word, so `Rose Byrne` or `Mark Kelly` is never the
//! full name a surname is held against. Pronouns (he, she) before the
//! full name are not checked, and a given name alone (Kirill) is not joined to the full name.
//! A title alone counts only when exactly one person in the draft carries it. A person the
//! draft never names in full is not reported.

use super::Context;
use crate::analysis::entities::{Entity, EntityKind, EntityMention, MentionForm};
use crate::analysis::names::Kind;
use crate::analysis::{BlockKind, Finding, Related, Severity};

pub const CODE: &str = "first-reference";

pub fn run(cx: &Context, out: &mut Vec<Finding>) {
    let text = cx.draft.text;
    for entity in &cx.entities.entities {
        if entity.kind != EntityKind::Person || !entity.named_in_full || well_known(cx, entity) {
            continue;
        }
        let mentions = cx.entities.mentions(entity);
        let Some(full) = mentions.get(entity.first_full) else {
            continue;
        };
        if !looks_like_a_full_name(cx, full) {
            continue;
        }
        let early = mentions.iter().take(entity.first_full).find(|m| {
            matches!(m.form, MentionForm::Surname | MentionForm::Title)
                && !in_heading(cx, m.span().start)
        });
        let Some(early) = early else {
            continue;
        };
        let written = early.span().text(text);
        let full_name = full.span().text(text);
        out.push(Finding {
            code: CODE,
            severity: Severity::Information,
            span: early.span(),
            message: format!("“{written}” appears before the full name “{full_name}”"),
            suggestions: Vec::new(),
            related: vec![Related::here(
                full.span(),
                format!("“{full_name}” is first named in full here"),
            )],
        });
    }
}

/// Whether a full mention is a name of several words, the first not an ordinary word (`Though
/// Lydia`, `Release Date`), the last more than an initial (`Gregory B.`).
fn looks_like_a_full_name(cx: &Context, full: &EntityMention) -> bool {
    let parts = full.parts(cx.names);
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    let Some(m) = full.name_mention().and_then(|i| cx.names.mentions.get(i)) else {
        return false;
    };
    let opening_word = cx.names.parts_of(m).iter().any(|p| {
        p.span() == first.span()
            && cx
                .names
                .spellings
                .get(p.spelling)
                .is_some_and(|s| s.ordinary_word && s.known.is_empty())
    });
    let initial = last
        .span()
        .text(cx.draft.text)
        .chars()
        .filter(|c| c.is_alphabetic())
        .count()
        < 2;
    parts.len() > 1 && !opening_word && !initial
}

/// Whether the gazetteer knows the person, so the surname alone is enough.
fn well_known(cx: &Context, entity: &Entity) -> bool {
    cx.entities
        .mentions(entity)
        .iter()
        .filter_map(EntityMention::name_mention)
        .filter_map(|i| cx.names.mentions.get(i))
        .filter_map(|m| m.entry)
        .filter_map(|e| cx.names.entry(e))
        .any(|e| e.kind == Kind::Person)
}

fn in_heading(cx: &Context, offset: usize) -> bool {
    let token = cx.draft.token_at(offset);
    cx.draft
        .tokens
        .get(token)
        .and_then(|t| cx.draft.blocks.get(t.block_index()))
        .is_some_and(|b| b.kind == BlockKind::Heading)
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Format, Settings, analyze};

    fn flagged(text: &str) -> Vec<(String, String)> {
        analyze(text, Format::Markdown, &Settings::default())
            .findings
            .iter()
            .filter(|f| f.code == super::CODE)
            .map(|f| {
                (
                    f.span.text(text).to_string(),
                    f.related
                        .first()
                        .map(|r| r.span.text(text).to_string())
                        .unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn a_surname_before_the_full_name_is_flagged_once() {
        let text = "“We are ready,” Semenov said. Semenov left.\n\n\
                    Kirill Semenov, an independent Middle East expert, has followed the war.";
        assert_eq!(
            flagged(text),
            vec![("Semenov".to_string(), "Kirill Semenov".to_string())]
        );
    }

    #[test]
    fn the_full_name_first_is_not_flagged() {
        assert!(flagged("Kirill Semenov, an expert, disagrees. “No,” Semenov said.").is_empty());
    }

    #[test]
    fn well_known_people_and_headings_are_not_flagged() {
        assert!(flagged("Putin has not answered. Vladimir Putin was in Sochi.").is_empty());
        assert!(flagged("# Semenov speaks\n\nKirill Semenov, an expert, spoke.").is_empty());
    }

    #[test]
    fn a_title_before_the_full_name_is_flagged() {
        let text = "The commander left. Later, commander Ahmed Yusuf returned.";
        assert_eq!(
            flagged(text),
            vec![("commander".to_string(), "Ahmed Yusuf".to_string())]
        );
    }
}
