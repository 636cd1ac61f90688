//! # unattributed-quote: a quote that reads as someone's words but credits no one
//!
//! ## What it finds
//! A direct quotation that reads as someone's words (a sentence, a clause, or a long partial
//! quote in running text) when nothing credits anyone with it: no cue with a speaker in its
//! sentence (“…,” Haftar said / Haftar said: “…” / According to Haftar, “…”), none in its
//! paragraph (“…,” he said. “…”), and no running quotation from the paragraph before (a
//! paragraph that consists of a quote, after a paragraph whose quote or reported speech is
//! credited to someone).
//!
//! ## Why it matters
//! Every direct quotation must say who said it. A quote without a speaker cannot be checked,
//! and reads as the writer's own claim in quotation marks.
//!
//! ## Examples
//! Flagged: a full-sentence quote alone after a paragraph that credits no one.
//!
//! ```text
//! The army has lost ground since April.
//!
//! “It’s not the first time they have tried to gain Moscow’s favour.”
//! ```
//!
//! Later quotes of the same paragraph, and a run of quote paragraphs that follows it, are not
//! flagged again: crediting the first quote credits them.
//!
//! Not flagged: quotes never closed (unclosed-quote reports them), scare quotes and quoted terms (the “self-styled” army), titles of works (his
//! book “War and Peace”), nicknames (Khalifa “the Marshal” Haftar), words as words (the word
//! “embargo”), quotes in headings, quotes inside quotes (a Markdown block quote counts as a
//! quote), and short partial quotes.
//!
//! ```text
//! “We will not negotiate,” the spokesman said. “Not now.”
//!
//! “Not ever.”
//! ```
//!
//! ## Known limits
//! Precision comes first: any cue with a speaker anywhere in the paragraph credits every quote
//! in it, even when the cue belongs to another sentence; and a paragraph made only of quotes is
//! credited to the speaker of the paragraph before, which in fiction often misreads alternating
//! dialogue. It cannot see attribution that is only implied by the story (a quote from a sign,
//! a document or an earlier paragraph several paragraphs up), a cue word missing from its table,
//! or a full-sentence quote set in the middle of the writer's own paragraph when another speaker
//! is credited there. Partial quotes of fewer than six words are never flagged, nor are quotes
//! set in single quotes (British style).
//!
//! The speaker found for a credited quote can be wrong even when the credit is right: a pronoun
//! or "the spokesman" goes to the person named last before the quote, and a capitalised run at
//! the end of a description is cut after its last place or organisation word ("a statement
//! from the International Rescue Alliance" shows as Rescue Alliance).
//!
//! Measured: the putin-libya sample gets no flag, with its three quotes credited to Ahmed
//! Al-Mismari, Kirill Semenov and Kirill Semenov. Pride and Prejudice (1,751 top-level quotes,
//! hard-wrapped CRLF): 1,603 credited (92%), 1,463 with a speaker read (84%), 71 flagged, most
//! of them lines of dialogue with no tag after a paragraph of narration. A news-style test set
//! written for this check (`tests/news/set.md`: 69 attributed quotes in every shape, 20
//! orphans): no false flag, every orphan flagged. Forty published Global Voices articles
//! (`tests/corpus/published/`, blog round-ups whose quotes are mostly credited by a lead-in
//! ending in a colon): 7 flags, none of them a quote that really lacks a speaker. Two are
//! quoted texts that are not speech (a sticker's words, a photo's title), one a hashtag, and
//! four are credited in ways the table of cues does not read ("Samuel is against free
//! education because “…”", "“…”: litblogger Geoffrey Philp finds himself…", "is saddened by
//! “…”", "is aware that … “…”").

use super::Context;
use crate::analysis::attribution::QuoteKind;
use crate::analysis::{BlockKind, Finding, Severity};

pub const CODE: &str = "unattributed-quote";

/// Partial quotes shorter than this are never flagged: they read as the writer's words.
pub const PARTIAL_MIN_WORDS: usize = 6;

/// How many words of the quote the message repeats.
const SHOWN_WORDS: usize = 5;

pub fn run(cx: &Context, out: &mut Vec<Finding>) {
    let text = cx.draft.text;
    let mut flagged = vec![false; cx.quotes.quotes.len()];
    for (q, (quote, attribution)) in cx.quotes.quotes.iter().zip(cx.attributions).enumerate() {
        // An unclosed quote has no known end: unclosed-quote reports it.
        if attribution.is_credited() || quote.depth > 0 || quote.close.is_none() {
            continue;
        }
        // A run of quote paragraphs with no speaker gets one warning, on its first quote, and
        // so does a paragraph with several quotes.
        let same_paragraph = q
            .checked_sub(1)
            .filter(|&p| cx.quotes.quotes[p].last_block >= quote.first_block);
        if attribution
            .continues
            .or(same_paragraph)
            .is_some_and(|p| flagged.get(p).copied().unwrap_or(false))
        {
            flagged[q] = true;
            continue;
        }
        // A quote inside a Markdown block quote is a quote within a quotation, credited by the
        // lead-in of the block quote (Gurvits commented: > … its motto, “…”).
        let in_prose = cx.draft.blocks.get(quote.first_block).is_some_and(|b| {
            !b.quoted && matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem)
        });
        // The words are counted only for a partial quote, and only as far as the count decides.
        let reads_as_words = match attribution.kind {
            QuoteKind::Full => true,
            QuoteKind::Partial => {
                in_prose
                    && quote
                        .inner
                        .text(text)
                        .split_whitespace()
                        .nth(PARTIAL_MIN_WORDS - 1)
                        .is_some()
            }
            _ => false,
        };
        if !in_prose || !reads_as_words {
            continue;
        }
        flagged[q] = true;
        out.push(Finding {
            code: CODE,
            severity: Severity::Warning,
            span: quote.span(),
            message: format!(
                "No one is credited with “{}”: add who said it",
                first_words(quote.inner.text(text), SHOWN_WORDS)
            ),
            suggestions: Vec::new(),
            related: Vec::new(),
        });
    }
}

/// The first `n` words of a quote, cut at a word boundary and marked with … when cut.
pub fn first_words(quote: &str, n: usize) -> String {
    let mut words = quote.split_whitespace();
    let shown: Vec<&str> = words.by_ref().take(n).collect();
    let mut out = shown.join(" ");
    if words.next().is_some() {
        let trimmed = out
            .trim_end_matches([',', ';', ':', '.', '…', '—', '–', '-'])
            .len();
        out.truncate(trimmed);
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::first_words;
    use crate::analysis::{Format, Settings, analyze};

    fn flagged(text: &str) -> Vec<String> {
        analyze(text, Format::PlainText, &Settings::default())
            .findings
            .iter()
            .filter(|f| f.code == super::CODE)
            .map(|f| f.message.clone())
            .collect()
    }

    #[test]
    fn message_quotes_the_first_words_cut_at_a_word_boundary() {
        assert_eq!(
            first_words("It’s not the first time when the authorities", 5),
            "It’s not the first time…"
        );
        assert_eq!(first_words("We will win.", 5), "We will win.");
        assert_eq!(first_words("Yes, and\r\nno, we, said", 3), "Yes, and no…");
    }

    #[test]
    fn flags_an_orphaned_full_sentence_quote() {
        assert_eq!(
            flagged(
                "The army has lost ground since April.\n\n“It’s not the first time when the \
                 authorities in Tobruk tried to gain favour.”"
            ),
            vec!["No one is credited with “It’s not the first time…”: add who said it"]
        );
    }

    #[test]
    fn a_quote_inside_a_markdown_block_quote_is_a_quote_within_a_quotation() {
        let text = "Gurvits commented:\n\n> Kadima, whose motto may have been, “We took \
                    corruption out of Likud and brought it home,” is finished.\n";
        let found: Vec<_> = analyze(text, Format::Markdown, &Settings::default())
            .findings
            .into_iter()
            .filter(|f| f.code == super::CODE)
            .collect();
        assert!(found.is_empty(), "{found:?}");
        let unquoted = text.replace("> ", "");
        assert_eq!(
            flagged(&unquoted).len(),
            1,
            "the same words outside a block quote"
        );
    }

    #[test]
    fn does_not_flag_attributed_quotes_or_terms() {
        for text in [
            "“We will win,” said Haftar.",
            "“We will win,” Haftar said.",
            "Haftar said: “We will win.”",
            "According to Haftar, “the war is over.”",
            "The “self-styled” army of the east.",
            "He used the word “embargo” twice.",
        ] {
            assert!(flagged(text).is_empty(), "{text}");
        }
    }
}
