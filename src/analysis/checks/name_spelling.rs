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
//! The house style sheet (`copydesk.toml`) comes first. A variant listed under `[spellings]` is
//! flagged even when the draft uses it every time, with the preferred spelling as the fix. A
//! spelling the style sheet uses (a preferred spelling, a word of the name or an alias of a
//! person or organisation it lists) is preferred over the draft's majority and the gazetteer, and
//! is never flagged. Names under `[names] separate` are never grouped or flagged, and
//! `not-names` are not names at all.
//!
//! In a story folder (the drafts of an editor's workspace folder, or every path given to
//! `copydesk check`) the other drafts count too: “Shoygu” in a sidebar is flagged against
//! “Shoigu” written five times in the main story, and related information points there.
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
//! (Libya and Libyan, the Clintons; Valencia and Valencian when the draft writes "in Valencia"),
//! two endings of one word the draft writes (Valencians, Valencianes), a name and the name with
//! a hyphenated part added (Agni, Agni-V), two people told apart by their other names (Mark
//! Kelly and Scott Kelley), two full names each written twice or more, acronyms and all-capital
//! headlines, a capitalised particle at the start of a sentence (Al-Assad), a lone
//! transliteration of a person's name (Shoygu), a spelling with accents its preferred spelling
//! lacks (México in a Spanish quotation, Mexico around it: only the style sheet takes accents
//! off) or accents where it has none (Vikipèdia beside Wikipedia: another language's form), and
//! names in a script other than Latin (Революция, Революции: a Russian name changes
//! its ending with its case). Nor are a name and its demonym of one gazetteer entry (Argentina,
//! Argentine), one stem with two word-making endings (Buddhism, Buddhist), a spelling written
//! only in another language's words ("Chine en deuil"; Srbiju in a Serbian quotation; Office
//! International des Epizooties), a particle written apart (Abou el Fotouh beside Aboul
//! Fotouh), a spelling near two words of one name (Abuel beside Abdel and Aboul), and a lone
//! word beside a word the gazetteer knows only in a longer place name (Josue beside San Jose).
//!
//! ## Known limits
//! Names of four letters or fewer are grouped only when they are equal once case, diacritics and
//! particles are set aside, so a slip in a short name goes unflagged. Spellings more than one
//! edit apart after transliteration folding are not grouped (Gaddafi and Qaddafi). A capitalised
//! word seen only at the start of sentences counts as a name only when the gazetteer knows it.
//! The spelling is checked word by word: a slip that splits or joins words is not found. Style
//! sheet spellings are matched word by word and exactly (case and diacritics included), so a
//! variant of several words (`Sergey Shoygu`) is not matched; list its words one by one.
//! A name written after "in" is taken for a place: a slip that drops its last letter where that
//! letter could end a demonym (n or i) is not flagged, nor a slip that adds an accent to a name
//! written without one.
//! A slip written in another language's words (Madona in a quoted Spanish tweet), or a slip of a
//! name written only in such words, is not flagged; a short quoted phrase or a sentence counts as
//! another language's when it has at least two lower-case words that are not in the English word
//! list and more of them than English ones, and a name counts so after two capitalised words and
//! a lower-case joining word that is neither English nor a particle of people's names. A slip that
//! turns one word-making ending into another (Buddhist into Buddhism, -ism, -ist, -ian, -ese,
//! -ite) is not flagged; nor a slip within one edit of two words of the same name, a slip that
//! drops a final "l" before a written-apart "el" or "al", or a lone slip of a word the gazetteer
//! knows only as part of a longer place name (San Jose's Jose) when the rest of that name is not
//! written with it.
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
//! unseen text.
//!
//! On published articles, measured by `tests/published_articles.rs` on 40 Global Voices
//! articles (`tests/corpus/published/`, world news with many names, quotations in Spanish,
//! Russian, Chinese and Hebrew): 6 flags, all real inconsistencies in the published
//! text (“Bloggercorps” three times beside “BloggerCorps”, “Jamaian”, “Calderon's” twice beside
//! “Calderón”), and no false flag (the target is at most one per twenty articles). Before the
//! rules on accents, other scripts and language adjectives it raised four false flags there:
//! Arabic → Arabia twice, Революция → Революции, México → Mexico. Those 40 were then the
//! tuning set; 30 later articles of the same source, checked before any further change (the
//! held-out measurement), got 3 true flags and 10 false flags: one false flag per three
//! articles. After the rules on other-language sentences, hashtags, first and last letters and
//! two gazetteer entries, those 30 get 3 true and 3 false flags (“Roundshow”, a gloss in
//! parentheses; “Chine” twice, a French phrase inside English sentences), and all 70 articles
//! get 9 real inconsistencies flagged and 3 false flags. A second held-out set of 40 articles
//! got 4 true and 9 false flags before any change; after the rules on places written as
//! places (in Valencia, so Valencian), endings of one word, hyphenated parts, accents where the
//! preferred spelling has none, and two gazetteer entries (Wikipedia, Bahrein), all 110
//! articles get 13 real inconsistencies flagged and 4 false flags (“Srbije”, a Serbian case;
//! “Roundshow”; “Chine” twice): one per 27.5 articles. A third held-out set of 40 articles,
//! measured with no change after it, got 18 true and 10 false flags (Argentine for Argentina
//! three times, Buddhism for Buddhist twice, a foreign organisation name beside its English
//! one, two different first names, name parts split differently). On all 150 articles that is
//! 31 real inconsistencies and 14 false flags, one per 10.7 articles: the target of one per
//! twenty is not met. The held-out numbers are the honest ones. After the rules on demonyms of
//! one entry, word-making endings, other languages' words, particles written apart, spellings
//! near two words of one name, words of longer place names, and regions with their adjectives,
//! the 150 get 30 real inconsistencies and 2 false flags (and lose one real flag, Madona in a
//! Spanish tweet). A fourth held-out set of 36 articles, measured with no change after it, got 9
//! true flags and 1 false flag (Piedrabuenartv, a show's name, for Piedrabuenarte): within the
//! target of one per twenty. On all 186 articles: 39 real inconsistencies, 3 false flags.

use super::Context;
use crate::analysis::names::key::{fold, in_form_of};
use crate::analysis::names::{Part, Preference};
use crate::analysis::{Finding, Related, Severity};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

pub const CODE: &str = "name-spelling";

/// At most this many places of the preferred spelling are listed as related information.
const MAX_RELATED: usize = 20;

/// Whether `spelling` is `preferred` with diacritics added (equal once folded, with more
/// combining marks once decomposed: México beside Mexico), or has diacritics where `preferred`
/// has none: another language's form of the name (Vikipèdia beside Wikipedia), not a slip. A
/// doubled accented letter (Gutiéérrez) is still a slip.
fn adds_diacritics(spelling: &str, preferred: &str) -> bool {
    let marks = |s: &str| s.nfd().filter(|&c| is_combining_mark(c)).count();
    let (here, there) = (marks(spelling), marks(preferred));
    here > there && (there == 0 || fold(spelling) == fold(preferred))
}

pub fn run(cx: &Context, out: &mut Vec<Finding>) {
    let text = cx.draft.text;
    let names = cx.names;
    for group in &names.groups {
        let preferred = group
            .preferred_spelling
            .and_then(|p| names.spellings.get(p));
        let here: &[usize] = preferred.map_or(&[], |s| s.parts.as_slice());
        let elsewhere = preferred.map_or(0, |s| s.elsewhere_count());
        let count = here.len() + elsewhere;
        let place = if elsewhere > 0 { "story" } else { "draft" };
        let message_tail = match count {
            0 => String::new(),
            1 => format!(" once elsewhere in this {place}"),
            n => format!(" {n} times elsewhere in this {place}"),
        };
        let here_message = format!("“{}” here", group.preferred);
        let mut related: Vec<Related> = here
            .iter()
            .filter_map(|&p| names.parts.get(p))
            .map(|p| Related::here(p.span(), here_message.clone()))
            .take(MAX_RELATED)
            .collect();
        for other in preferred.map_or(&[][..], |s| s.elsewhere.as_slice()) {
            for &span in &other.places {
                if related.len() < MAX_RELATED {
                    related.push(Related {
                        span,
                        message: format!("“{}” in another draft of the story", group.preferred),
                        doc: Some(other.doc),
                    });
                }
            }
        }
        for &member in &group.members {
            if Some(member) == group.preferred_spelling {
                continue;
            }
            let Some(spelling) = names.spellings.get(member) else {
                continue;
            };
            // A spelling the style sheet uses is never wrong.
            if spelling.house {
                continue;
            }
            // Accents are typed on purpose (México in a Spanish quotation, Mexico around it):
            // only the style sheet asks to take them off.
            if group.reason != Preference::StyleSheet
                && adds_diacritics(&spelling.text, &group.preferred)
            {
                continue;
            }
            let case_only = spelling.text.to_lowercase() == group.preferred.to_lowercase();
            for part in spelling.parts.iter().filter_map(|&p| names.parts.get(p)) {
                if case_only && part.initial {
                    continue;
                }
                let message = if group.reason == Preference::StyleSheet {
                    format!(
                        "“{}” is spelled “{}” in the house style sheet",
                        spelling.text, group.preferred
                    )
                } else if count == 0 {
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

/// The spelling a finding of this check flags and the spelling it prefers, read back from the
/// finding's message: what the editor's style-sheet quick fixes need.
pub fn spellings_of(finding: &Finding) -> Option<(&str, &str)> {
    if finding.code != CODE {
        return None;
    }
    let (spelling, rest) = finding.message.strip_prefix('“')?.split_once('”')?;
    let (_, rest) = rest.strip_prefix(" is ")?.split_once('“')?;
    let (preferred, _) = rest.split_once('”')?;
    Some((spelling, preferred))
}

/// The preferred spelling written like the flagged word: its capitals and possessive.
fn suggestion(text: &str, part: &Part, preferred: &str) -> String {
    let written = part.span().text(text);
    let suffix = part.possessive().map_or("", |p| p.text(text));
    in_form_of(written, preferred, suffix, part.initial)
}

#[cfg(test)]
mod tests {
    use crate::analysis::names::{Story, Within};
    use crate::analysis::{
        DocId, Format, KnownEntity, PreferredSpelling, Settings, analyze, analyze_in,
        summarise_names,
    };
    use std::sync::Arc;

    fn flagged(text: &str) -> Vec<(String, String, String)> {
        flagged_with(text, &Settings::default())
    }

    fn flagged_with(text: &str, settings: &Settings) -> Vec<(String, String, String)> {
        analyze(text, Format::PlainText, settings)
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
    fn an_accented_spelling_is_not_flagged_against_a_plain_one() {
        let text = "Mexico voted. Mexico counted. “Incluso en México, nadie”, a voter said.";
        assert_eq!(flagged(text), vec![]);
    }

    #[test]
    fn another_language_form_with_accents_is_not_flagged() {
        let text = "The Catalan Vikipèdia has more articles than Wikipedia on this.";
        assert_eq!(flagged(text), vec![]);
    }

    #[test]
    fn an_accepted_older_spelling_is_not_flagged() {
        assert_eq!(flagged("Workers marched in Bahrein and Egypt."), vec![]);
    }

    #[test]
    fn a_spelling_that_drops_an_accent_is_still_flagged() {
        let text = "President Calderón spoke. Calderón left. Calderon's plan failed.";
        assert_eq!(flagged(text).len(), 1);
    }

    #[test]
    fn names_in_other_scripts_are_not_grouped() {
        let text = "Он сказал: Революция. Потом была Революции годовщина. Революция.";
        assert_eq!(flagged(text), vec![]);
    }

    #[test]
    fn language_and_regional_adjectives_are_not_slips_of_places() {
        for word in [
            "Arabic", "Javanese", "Siberian", "Iberian", "Sesotho", "Karen",
        ] {
            let text = format!("The report was printed in {word} and read by many people.");
            assert_eq!(flagged(&text), vec![], "{word}");
        }
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

    fn style(preferred: &str, variants: &[&str]) -> Settings {
        Settings {
            spellings: vec![PreferredSpelling {
                preferred: preferred.into(),
                variants: variants.iter().map(|v| v.to_string()).collect(),
            }],
            ..Settings::default()
        }
    }

    #[test]
    fn a_listed_variant_is_flagged_even_in_a_consistent_draft() {
        let found = flagged_with(
            "Sergei Shoygu met Haftar. Shoygu left; Haftar stayed.",
            &style("Shoigu", &["Shoygu"]),
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[0].1,
            "“Shoygu” is spelled “Shoigu” in the house style sheet"
        );
        assert_eq!(found[0].2, "Shoigu");
        let text = "Sergei Shoygu met Haftar.";
        let analysis = analyze(text, Format::PlainText, &style("Shoigu", &["Shoygu"]));
        assert_eq!(
            super::spellings_of(&analysis.findings[0]),
            Some(("Shoygu", "Shoigu"))
        );
    }

    #[test]
    fn the_style_sheet_beats_the_majority_and_joins_distant_variants() {
        let text = "Shoygu spoke. Shoygu left. Shoygu came back. Later Shoigu said no.";
        let found = flagged_with(text, &style("Shoigu", &["Shoygu"]));
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found.iter().all(|f| f.0 == "Shoygu" && f.2 == "Shoigu"));
        // Kiev and Kyiv are two edits apart: only the style sheet joins them.
        let found = flagged_with("In Kiev, then Kyiv.", &style("Kyiv", &["Kiev"]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "Kiev");
    }

    #[test]
    fn a_house_name_is_preferred_over_a_more_frequent_slip() {
        let settings = Settings {
            people: vec![KnownEntity {
                name: "Kirill Semenov".into(),
                aliases: vec!["Semenov".into()],
                ..KnownEntity::default()
            }],
            ..Settings::default()
        };
        let text = "We met Semonov. Semonov spoke. Semonov left. Semenov came back.";
        let found = flagged_with(text, &settings);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found.iter().all(|f| f.0 == "Semonov" && f.2 == "Semenov"));
    }

    #[test]
    fn aliases_name_the_same_person() {
        let settings = Settings {
            people: vec![KnownEntity {
                name: "Khalifa Haftar".into(),
                aliases: vec!["Haftar".into()],
                ..KnownEntity::default()
            }],
            ..Settings::default()
        };
        let text = "We met Khalifa Haftar. Later Haftar left.";
        let analysis = analyze(text, Format::PlainText, &settings);
        let houses: Vec<_> = analysis.names.mentions.iter().map(|m| m.house).collect();
        use crate::analysis::names::House;
        assert_eq!(houses, vec![Some(House::Person(0)), Some(House::Person(0))]);
    }

    #[test]
    fn separate_names_and_not_names_are_left_alone() {
        let text = "We met Kirill Semenov. Later Semenov spoke and Semonov left.";
        assert_eq!(flagged(text).len(), 1);
        let settings = Settings {
            separate: vec!["Semonov".into()],
            ..Settings::default()
        };
        assert!(flagged_with(text, &settings).is_empty());
        let text = "Haftar spoke. Haftar left. Hatfar came.";
        assert_eq!(flagged(text).len(), 1);
        let settings = Settings {
            not_names: vec!["Hatfar".into()],
            ..Settings::default()
        };
        assert!(flagged_with(text, &settings).is_empty());
        let analysis = analyze(text, Format::PlainText, &settings);
        assert!(
            analysis
                .names
                .mentions
                .iter()
                .all(|m| m.span().text(text) != "Hatfar")
        );
    }

    #[test]
    fn a_slip_is_flagged_against_the_other_drafts_of_its_story() {
        let settings = Settings::default();
        let story_text = "Sergei Shoigu spoke. Shoigu left. Shoigu came. Shoigu won. Shoigu lost.";
        let sidebar = "The minister, Shoygu, was absent.";
        let summary = summarise_names(story_text, Format::PlainText, &settings);
        let sidebar_summary = summarise_names(sidebar, Format::PlainText, &settings);
        let story = Story::new(vec![
            (DocId(0), Arc::new(summary)),
            (DocId(1), Arc::new(sidebar_summary)),
        ]);
        let within = |this| {
            Some(Within {
                story: &story,
                this: Some(DocId(this)),
            })
        };
        let analysis = analyze_in(sidebar, Format::PlainText, &settings, within(1));
        let found: Vec<_> = analysis
            .findings
            .iter()
            .filter(|f| f.code == super::CODE)
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "“Shoygu” is spelled “Shoigu” 5 times elsewhere in this story"
        );
        assert_eq!(found[0].suggestions, vec!["Shoigu"]);
        assert_eq!(found[0].related.len(), 5);
        let first = &found[0].related[0];
        assert_eq!(first.doc, Some(DocId(0)));
        assert_eq!(first.span.text(story_text), "Shoigu");
        // The main story is not flagged for the sidebar's slip; alone, the sidebar is clean.
        let main = analyze_in(story_text, Format::PlainText, &settings, within(0));
        assert!(main.findings.iter().all(|f| f.code != super::CODE));
        assert!(flagged(sidebar).is_empty());
    }
}
