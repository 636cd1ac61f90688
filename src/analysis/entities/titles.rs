//! Title-only references: "the field marshal" is a mention of Khalifa Haftar when he is the
//! only person the draft gives that title, right before a name or at the head of a description.

use super::describe::{TITLE_WORDS, title_run_before};
use super::{Entity, EntityKind, EntityMention, MentionForm};
use crate::analysis::names::NameIndex;
use crate::analysis::names::mentions::is_title;
use crate::analysis::{Draft, Span, TokenKind};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

/// Title words that only qualify the next one, or are as often ordinary adjectives and nouns
/// (the general staff, a major attack, the speaker system): a reference must end in another.
const MODIFIERS: &[&str] = &[
    "acting", "chief", "crown", "defence", "defense", "deputy", "field", "finance", "foreign",
    "former", "general", "interior", "justice", "late", "major", "premier", "prime", "speaker",
    "supreme", "vice",
];

/// Forms of address: "the lady" or "the miss" is no one's title.
const ADDRESS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "sir", "lady", "lord", "dame", "madam", "uncle", "aunt",
];

/// Words after a title that say which office is meant, so the title may be another person's
/// (`the president of the bank`).
const QUALIFIERS: &[&str] = &["of", "for", "at", "in"];

/// Adds "the <title>" references to the one person each title belongs to.
pub fn add_title_references(
    draft: &Draft,
    names: &NameIndex,
    entity_of: &[usize],
    entities: &mut [Entity],
) {
    let holders = holders(draft, names, entity_of, entities);
    if holders.is_empty() {
        return;
    }
    // The words of the titles held, far fewer than all titles: what a reference may consist of.
    let mut words: Vec<&str> = holders.keys().flat_map(|k| k.split(' ')).collect();
    words.sort_unstable();
    words.dedup();
    let held = |word: &str| words.iter().any(|w| w.eq_ignore_ascii_case(word));
    let described: Vec<Span> = entities.iter().filter_map(|e| e.description_span).collect();
    let tokens = &draft.tokens;
    // Where the search goes on: after the last "the" read, or after the title words that
    // followed it.
    let mut next = 0;
    for t in the_tokens(draft) {
        if t < next || t + 1 >= tokens.len() {
            continue;
        }
        let start = t + 1;
        let mut end = start;
        while end < tokens.len()
            && end - start < TITLE_WORDS
            && tokens[end].block() == tokens[t].block()
            && tokens[end].kind() == TokenKind::Word
            && held(draft.token_text(end))
        {
            end += 1;
        }
        if end == start {
            next = start;
            continue;
        }
        next = end;
        let phrase = phrase(draft, start..end);
        let Some(&Some(entity)) = holders.get(&phrase) else {
            continue;
        };
        let last = phrase.rsplit(' ').next().unwrap_or("");
        if MODIFIERS.contains(&last) || names_follow(draft, names, end) {
            continue;
        }
        let span = Span::new(tokens[start].span().start, tokens[end - 1].span().end);
        if described
            .iter()
            .any(|d| d.start <= span.start && span.end <= d.end)
        {
            continue;
        }
        if let Some(e) = entities.get_mut(entity) {
            e.mentions.push(EntityMention {
                span,
                parts: SmallVec::new(),
                form: MentionForm::Title,
                name_mention: None,
            });
        }
    }
}

/// The tokens that are the word "the", in any case, in text order. Found from the letter h in
/// the text, which a fast search finds, rather than by reading every token: most tokens are not
/// "the", and the h of most words is not between a t and an e.
fn the_tokens<'d>(draft: &'d Draft) -> impl Iterator<Item = usize> + 'd {
    let bytes = draft.text.as_bytes();
    let tokens = &draft.tokens;
    // Every token before it starts before the last "the" read.
    let mut at = 0;
    memchr::memchr2_iter(b'h', b'H', bytes).filter_map(move |h| {
        let start = h.checked_sub(1)?;
        let around = (bytes.get(start)?, bytes.get(h + 1)?);
        if !around.0.eq_ignore_ascii_case(&b't') || !around.1.eq_ignore_ascii_case(&b'e') {
            return None;
        }
        // The first token from `at` that does not start before the word: a few tokens on,
        // found by doubling steps, then halving.
        let rest = tokens.get(at..)?;
        let mut bound = 1;
        while rest.get(bound).is_some_and(|token| token.start() < start) {
            bound *= 2;
        }
        let within = rest.get(..bound.min(rest.len()))?;
        at += within.partition_point(|token| token.start() < start);
        let token = tokens.get(at)?;
        (token.start() == start && token.end() == start + 3).then_some(at)
    })
}

/// Whether a name, or a phrase saying whose office it is, follows a title: then it is not a
/// reference on its own.
fn names_follow(draft: &Draft, names: &NameIndex, next: usize) -> bool {
    let starts_name = |t: usize| {
        draft.tokens.get(t).is_some_and(|token| {
            let at = names
                .mentions
                .partition_point(|m| m.span().end <= token.span().start);
            names
                .mentions
                .get(at)
                .is_some_and(|m| m.span().start == token.span().start)
        })
    };
    let word = draft.token_text(next).to_lowercase();
    starts_name(next)
        || QUALIFIERS.contains(&word.as_str())
        || (word == "," && starts_name(next + 1))
}

/// Lower-case title words joined by spaces.
fn phrase(draft: &Draft, tokens: std::ops::Range<usize>) -> String {
    let words: Vec<String> = tokens.map(|t| draft.token_text(t).to_lowercase()).collect();
    words.join(" ")
}

/// Each title, and each ending of it (`foreign minister`, `minister`), to the one person who
/// carries it, or `None` when several do.
fn holders(
    draft: &Draft,
    names: &NameIndex,
    entity_of: &[usize],
    entities: &[Entity],
) -> FxHashMap<String, Option<usize>> {
    let mut holders: FxHashMap<String, Option<usize>> = FxHashMap::default();
    let mut add = |mut title: Vec<String>, entity: usize| {
        title.retain(|w| !ADDRESS.contains(&w.trim_end_matches('.')));
        for from in 0..title.len() {
            let key = title[from..].join(" ");
            holders
                .entry(key)
                .and_modify(|h| {
                    if *h != Some(entity) {
                        *h = None;
                    }
                })
                .or_insert(Some(entity));
        }
    };
    for (i, m) in names.mentions.iter().enumerate() {
        let Some(&entity) = entity_of.get(i) else {
            continue;
        };
        if entities.get(entity).map(|e| e.kind) != Some(EntityKind::Person) {
            continue;
        }
        if let Some(run) = title_run_before(draft, m.tokens().start) {
            let words: Vec<String> = run
                .map(|t| draft.token_text(t))
                .filter(|w| is_title(w))
                .map(str::to_lowercase)
                .collect();
            if !words.is_empty() {
                add(words, entity);
            }
        }
    }
    for (id, entity) in entities.iter().enumerate() {
        if entity.kind != EntityKind::Person {
            continue;
        }
        if let Some(description) = &entity.description {
            let words: Vec<String> = description
                .split_whitespace()
                .map(str::to_lowercase)
                .skip_while(|w| matches!(w.as_str(), "the" | "a" | "an") || !is_title(w))
                .take_while(|w| is_title(w))
                .take(TITLE_WORDS)
                .collect();
            if !words.is_empty() {
                add(words, id);
            }
        }
    }
    holders
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Format;

    #[test]
    fn the_tokens_are_every_token_that_is_the_in_any_case() {
        let text = "The the; THE tHe other thE\n\nthere, bathe, the-end, «the» 'the' théâtre the";
        let draft = Draft::new(text, Format::PlainText);
        let every: Vec<usize> = (0..draft.tokens.len())
            .filter(|&t| draft.token_text(t).eq_ignore_ascii_case("the"))
            .collect();
        assert!(every.len() >= 8);
        assert_eq!(the_tokens(&draft).collect::<Vec<_>>(), every);
    }
}
