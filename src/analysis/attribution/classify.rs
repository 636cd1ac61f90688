//! What kind of quote a quote is: someone's sentence, a partial quote, a term, a title, a
//! nickname, a word as a word, or a heading.

use super::Closing;
use super::lexicon::{self, NAMING, WORD_AS_WORD, WORK};
use super::phrase::View;
use crate::analysis::quotes::Quote;
use crate::analysis::{BlockKind, TokenKind};

/// How a quote is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    /// A sentence or clause of someone's words: “We will win,” he said.
    Full,
    /// Words quoted inside the writer's own sentence: called the embargo “a big problem.”
    Partial,
    /// A scare quote or a quoted term: the “self-styled” army.
    Term,
    /// The title of a work: his book “War and Peace”.
    Title,
    /// A nickname or a name: Khalifa “the Marshal” Haftar, a group called “Friends of Libya”.
    Nickname,
    /// A word spoken of as a word: the word “embargo”.
    WordAsWord,
    /// A quote in a heading.
    Heading,
    /// A quote inside another quote.
    Nested,
}

/// Titles and nicknames longer than this are read as sentences.
const MAX_TITLE_WORDS: usize = 12;

/// Classifies a quote from its words and the words around it.
/// `closing` is the quote's closing mark and its sentence, when known.
pub fn classify(view: &View, quote: &Quote, closing: Option<&Closing>) -> QuoteKind {
    let draft = view.draft;
    let sentence_of = |t: usize| match closing {
        Some(closing) => closing.sentence_of(draft, t),
        None => draft.sentence_of(t),
    };
    if quote.depth > 0 {
        return QuoteKind::Nested;
    }
    if draft
        .blocks
        .get(quote.first_block)
        .is_some_and(|b| b.kind == BlockKind::Heading)
    {
        return QuoteKind::Heading;
    }
    let open = quote.open_token;
    let inner_end = quote
        .close_token
        .unwrap_or_else(|| view.token_at(quote.inner.end, quote.last_block))
        .min(draft.tokens.len());
    let inner = (open + 1).min(inner_end)..inner_end;
    let prev = open.checked_sub(1).filter(|&p| {
        draft.tokens[p].block() == draft.tokens.get(open).map_or(u32::MAX, |t| t.block())
    });
    let prev_word = prev.filter(|&p| view.is_word(p));
    if let Some(p) = prev_word {
        let (word, classes) = (view.text(p), view.classes(p));
        if classes & WORD_AS_WORD != 0 {
            return QuoteKind::WordAsWord;
        }
        if classes & WORK != 0 {
            return QuoteKind::Title;
        }
        if classes & NAMING != 0 || word.eq_ignore_ascii_case("as") && named_as(view, open) {
            return QuoteKind::Nickname;
        }
    }
    // A comma between them changes nothing: a post titled, “This is War,” where he…
    let before_comma = prev
        .filter(|&p| view.text(p) == ",")
        .and_then(|p| p.checked_sub(1))
        .filter(|&w| draft.tokens[w].block() == draft.tokens[open].block() && view.is_word(w))
        .map(|w| view.classes(w));
    if before_comma.is_some_and(|classes| classes & WORK != 0) {
        return QuoteKind::Title;
    }
    if before_comma.is_some_and(|classes| classes & NAMING != 0) {
        return QuoteKind::Nickname;
    }
    // A quote of several sentences or paragraphs with a word in it is someone's words: told
    // before its words are read one by one, which only a short quote needs.
    let sentences_inside =
        !inner.is_empty() && sentence_of(inner.start) != sentence_of(inner.end - 1);
    if (sentences_inside || quote.first_block != quote.last_block)
        && inner
            .clone()
            .any(|i| draft.tokens[i].kind() != TokenKind::Punct)
    {
        return QuoteKind::Full;
    }
    // Only the first words matter: a title or a term is short. They are read only as far as
    // the question asked needs: most quotes end with a stop or a comma, and then no more than
    // whether they have four words.
    let read = |limit: usize| {
        let mut words = 0;
        let mut title_case = true;
        for i in inner.clone() {
            if draft.tokens[i].kind() == TokenKind::Punct {
                continue;
            }
            words += 1;
            if words > MAX_TITLE_WORDS {
                title_case = false;
                break;
            }
            if words > limit {
                break;
            }
            let text = view.text(i);
            // An ASCII word has as many characters as bytes.
            if !lexicon::is_capitalised(text)
                && text.len() > 3
                && (text.is_ascii() || text.chars().count() > 3)
            {
                title_case = false;
            }
        }
        (words, title_case)
    };
    let first_word = inner
        .clone()
        .find(|&i| draft.tokens[i].kind() != TokenKind::Punct)
        .map(|i| view.text(i));
    let last_inner = inner.clone().next_back().map(|i| view.text(i));
    let after = quote
        .close_token
        .map(|c| c + 1)
        .filter(|&a| a < draft.tokens.len() && draft.tokens[a].span().start == quote.span().end)
        .map(|a| view.text(a));
    let terminal = last_inner.is_some_and(|t| matches!(t, "." | "!" | "?" | "…" | "," | "—" | "–"))
        || after.is_some_and(|t| matches!(t, "." | "!" | "?" | ","));
    let starts_upper = first_word.is_some_and(lexicon::is_capitalised)
        || inner
            .clone()
            .next()
            .is_some_and(|i| matches!(view.text(i), "…" | "." | "-" | "—"));
    if prev.is_some()
        && next_is_name(view, quote)
        && prev_word.is_some_and(|p| lexicon::is_capitalised(view.text(p)))
        && read(4).0 <= 4
    {
        return QuoteKind::Nickname;
    }
    if terminal {
        // No title ends with a stop: a capital makes it a sentence, else its length decides.
        return if starts_upper {
            QuoteKind::Full
        } else if read(3).0 >= 4 {
            QuoteKind::Partial
        } else {
            QuoteKind::Term
        };
    }
    let (words, title_case) = read(MAX_TITLE_WORDS);
    if starts_upper && title_case && words >= 1 {
        return QuoteKind::Title;
    }
    // Asked last, of a quote that may be a sentence: two searches of the sentence index.
    let begins = || {
        prev.is_none_or(|p| {
            sentence_of(p) != sentence_of(open) || matches!(view.text(p), ":" | "—" | "–" | ",")
        }) || quote.first_block != quote.last_block
    };
    if starts_upper && words >= 3 && begins() {
        return QuoteKind::Full;
    }
    if words >= 4 {
        return QuoteKind::Partial;
    }
    QuoteKind::Term
}

/// "known as “the Marshal”": the word before `as` names.
pub(super) fn named_as(view: &View, open: usize) -> bool {
    open >= 2 && view.is_word(open - 2) && view.is(open - 2, NAMING)
}

/// Whether a capitalised word follows the quote after a space: Khalifa “the Marshal” Haftar.
pub(super) fn next_is_name(view: &View, quote: &Quote) -> bool {
    let (Some(close), Some(close_token)) = (quote.close, quote.close_token) else {
        return false;
    };
    let next = close_token + 1;
    next < view.draft.tokens.len()
        && view.draft.tokens[next].span().start > close.end
        && view.is_word(next)
        && lexicon::is_capitalised(view.text(next))
}
