//! # name-spelling: a name spelled differently from the rest of the draft or the gazetteer
//!
//! ## What it finds
//! A spelling of a person, place or organisation that differs from the spelling used elsewhere
//! in the draft by a small slip for its length (a swapped, dropped, doubled or changed letter),
//! by a transliteration habit (y/i, ph/f, kh/h, dh/d, ou/u, -iy/-y/-yy, al-/el-), by the case of
//! a particle or by diacritics; or a slip of a place or organisation in the built-in gazetteer
//! even when the draft never spells it right. The preferred spelling is the gazetteer's, else
//! the draft's most frequent, with ties going to the first use. Each minority spelling is
//! flagged with the preferred one as a suggestion, in the same form (Lybian → Libyan,
//! Lybia’s → Libya’s), and related information points at the places it is spelled so.
//!
//! ## Why it matters
//! A story that says "Libya" four times and "Lybia" twice, or "Shoigu" and then "Shoygu", goes to
//! print with an error every reader sees, and makes them doubt the rest.
//!
//! ## Examples
//! Flagged: the second spelling of each line.
//!
//! ```text
//! Libya ... Libya ... Lybia        “Lybia” is spelled “Libya” 2 times elsewhere in this draft
//! Sergei Shoigu ... Shoygu said    “Shoygu” is spelled “Shoigu” once elsewhere in this draft
//! the war in Lybia                 “Lybia” is usually spelled “Libya”
//! ```
//!
//! Not flagged: two names the gazetteer knows (Iran and Iraq, Austria and Australia, Niger and
//! Nigeria, Obama and Osama), a name and an ordinary word, a name and its demonym or plural
//! (Libya and Libyan, the Clintons), two people told apart by their other names (Mark Kelly and
//! Scott Kelley), two full names each written twice or more, acronyms and all-capital
//! headlines, a capitalised particle at the start of a sentence (Al-Assad), and a lone
//! transliteration of a person's name (Shoygu).
//!
//! ## Known limits
//! Names of four letters or fewer are grouped only when they are equal once case, diacritics and
//! particles are set aside, so a slip in a short name goes unflagged. Spellings more than one
//! edit apart after transliteration folding are not grouped (Gaddafi and Qaddafi). A capitalised
//! word seen only at the start of sentences counts as a name only when the gazetteer knows it.
//! The spelling is checked word by word: a slip that splits or joins words is not found.
//!
//! ## Accuracy
//! Measured by `tests/name_spelling_accuracy.rs` on twelve news-style stories written for the
//! test (`tests/data/name-spelling-stories.txt`, 24 names each used three times or more). Every
//! single-letter slip (a swap, a dropped, doubled or changed letter, at every position, first
//! letter kept a capital) is injected in turn into the last use of each name:
//!
//! - 486 of 534 slips (91.0%) are flagged with the right suggestion;
//! - in names of five letters or more, 474 of 474 (100%);
//! - the misses are all in names of four letters (Merz, Kano, Lula) and in "Sang", which is
//!   also an ordinary word: by design, short names are grouped only when they differ by case,
//!   diacritics, particles or a doubled letter, and never with an ordinary word;
//! - the twelve clean stories, the sample article (apart from its three real "Lybia" slips) and
//!   Pride and Prejudice get no flag.
//!
//! The stories were written while the check was tuned, so these numbers are an upper bound for
//! unseen text. No corpus of published articles is bundled, so the false-alarm rate on real
//! articles (the target is at most one per twenty) is not measured here.

use super::Context;
use crate::analysis::names::Part;
use crate::analysis::names::key::in_form_of;
use crate::analysis::{Finding, Related, Severity};

pub const CODE: &str = "name-spelling";

/// At most this many places of the preferred spelling are listed as related information.
const MAX_RELATED: usize = 20;

pub fn run(cx: &Context, out: &mut Vec<Finding>) {
    let text = cx.draft.text;
    let names = cx.names;
    for group in &names.groups {
        let preferred_parts: &[usize] = group
            .preferred_spelling
            .and_then(|p| names.spellings.get(p))
            .map_or(&[], |s| s.parts.as_slice());
        let count = preferred_parts.len();
        let message_tail = match count {
            0 => String::new(),
            1 => " once elsewhere in this draft".to_string(),
            n => format!(" {n} times elsewhere in this draft"),
        };
        let related: Vec<Related> = preferred_parts
            .iter()
            .take(MAX_RELATED)
            .filter_map(|&p| names.parts.get(p))
            .map(|p| Related {
                span: p.span,
                message: format!("“{}” here", group.preferred),
            })
            .collect();
        for &member in &group.members {
            if Some(member) == group.preferred_spelling {
                continue;
            }
            let Some(spelling) = names.spellings.get(member) else {
                continue;
            };
            let case_only = spelling.text.to_lowercase() == group.preferred.to_lowercase();
            for part in spelling.parts.iter().filter_map(|&p| names.parts.get(p)) {
                if case_only && part.sentence_initial {
                    continue;
                }
                let message = if count == 0 {
                    format!(
                        "“{}” is usually spelled “{}”",
                        spelling.text, group.preferred
                    )
                } else {
                    format!(
                        "“{}” is spelled “{}”{message_tail}",
                        spelling.text, group.preferred
                    )
                };
                out.push(Finding {
                    code: CODE,
                    severity: Severity::Warning,
                    span: part.word_span(),
                    message,
                    suggestions: vec![suggestion(text, part, &group.preferred)],
                    related: related.clone(),
                });
            }
        }
    }
}

/// The preferred spelling written like the flagged word: its capitals and possessive.
fn suggestion(text: &str, part: &Part, preferred: &str) -> String {
    let written = part.span.text(text);
    let suffix = part.possessive.map_or("", |p| p.text(text));
    in_form_of(written, preferred, suffix, part.sentence_initial)
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Format, Settings, analyze};

    fn flagged(text: &str) -> Vec<(String, String, String)> {
        analyze(text, Format::PlainText, &Settings::default())
            .findings
            .iter()
            .filter(|f| f.code == super::CODE)
            .map(|f| {
                (
                    f.span.text(text).to_string(),
                    f.message.clone(),
                    f.suggestions.join("|"),
                )
            })
            .collect()
    }

    #[test]
    fn flags_the_minority_spelling_with_count_and_suggestion() {
        let text = "Libya is at war. In Libya, talks failed. Libya waits. Lybia’s army moved.";
        assert_eq!(
            flagged(text),
            vec![(
                "Lybia’s".to_string(),
                "“Lybia” is spelled “Libya” 3 times elsewhere in this draft".to_string(),
                "Libya’s".to_string()
            )]
        );
    }

    #[test]
    fn a_lone_slip_of_a_known_place_is_flagged_against_the_gazetteer() {
        assert_eq!(
            flagged("The war in Lybia goes on."),
            vec![(
                "Lybia".to_string(),
                "“Lybia” is usually spelled “Libya”".to_string(),
                "Libya".to_string()
            )]
        );
    }

    #[test]
    fn one_other_use_says_once() {
        let found = flagged("We met Kirill Semenov. Later Semenov spoke and Semonov left.");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].1,
            "“Semonov” is spelled “Semenov” 2 times elsewhere in this draft"
        );
    }

    #[test]
    fn a_consistent_draft_is_not_flagged() {
        assert!(flagged("Sergei Shoygu met Haftar. Shoygu left; Haftar stayed.").is_empty());
    }
}
