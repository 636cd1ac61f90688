//! Title-only references: "the field marshal" is a mention of Khalifa Haftar when he is the
//! only person the draft gives that title, right before a name or at the head of a description.

use super::describe::{TITLE_WORDS, title_run_before};
use super::{Entity, EntityKind, narrow};
use crate::analysis::names::NameIndex;
use crate::analysis::names::mentions::is_title;
use crate::analysis::{Draft, Span, Token, TokenKind};
use rustc_hash::FxHashMap;
use wide::u8x64;

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

/// Whether a title word (ASCII, as [`is_title`] wants it) is one of [`ADDRESS`], in any case.
fn is_address(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    ADDRESS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Words after a title that say which office is meant, so the title may be another person's
/// (`the president of the bank`).
const QUALIFIERS: &[&str] = &["of", "for", "at", "in"];

/// The "the <title>" references to the one person each title belongs to, as (entity, span), in
/// text order.
pub fn title_references(
    draft: &Draft,
    names: &NameIndex,
    entity_of: &[u32],
    entities: &[Entity],
) -> Vec<(usize, Span)> {
    let mut found = Vec::new();
    let holders = holders(draft, names, entity_of, entities);
    if holders.is_empty() {
        return found;
    }
    // The words of the titles held, far fewer than all titles: what a reference may consist of.
    let mut words: Vec<&str> = holders.keys().flat_map(|k| k.split(' ')).collect();
    words.sort_unstable();
    words.dedup();
    let held = |word: &str| words.iter().any(|w| w.eq_ignore_ascii_case(word));
    // A reference is found only when its words are a title exactly one person holds, so it
    // starts with the first word of such a title: the only tokens worth looking at.
    let mut firsts: Vec<&str> = holders
        .iter()
        .filter(|(_, holder)| holder.is_some())
        .filter_map(|(k, _)| k.split(' ').next())
        .collect();
    firsts.sort_unstable();
    firsts.dedup();
    if firsts.is_empty() {
        return found;
    }
    let described: Vec<Span> = entities.iter().filter_map(|e| e.description_span).collect();
    let tokens = &draft.tokens;
    let bytes = draft.text.as_bytes();
    for start in candidates(draft, &firsts) {
        // The token before must be "the".
        let Some(t) = start.checked_sub(1) else {
            continue;
        };
        if !is_the(bytes, &tokens[t]) {
            continue;
        }
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
            continue;
        }
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
        found.push((entity, span));
    }
    found
}

/// Letters from the most to the least frequent in English prose.
const BY_FREQUENCY: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";

/// The tokens that are one of `words` (lower-case ASCII title words, compared in any ASCII
/// case), in text order. A title word is rare in a draft, and the word "the" before it common,
/// so the tokens are not read one by one for "the": the text is searched 64 bytes at a time for
/// the rarest letter of each word in either case, and a word is read only where its letter is
/// met and its next rarest letter is where it should be (at most two such pairs of letters and
/// distances). Words that need more are found by reading only the tokens as long as one of
/// them.
fn candidates(draft: &Draft, words: &[&str]) -> Vec<usize> {
    let tokens = &draft.tokens;
    let bytes = draft.text.as_bytes();
    let rarity = |b: u8| {
        BY_FREQUENCY
            .iter()
            .position(|&l| l == b.to_ascii_lowercase())
            .unwrap_or(BY_FREQUENCY.len())
    };
    // Each word with the place of its rarest letter.
    let anchored: Vec<(&[u8], usize, u8)> = words
        .iter()
        .filter_map(|w| {
            let (at, &letter) = w
                .as_bytes()
                .iter()
                .enumerate()
                .max_by_key(|&(_, &b)| rarity(b))?;
            Some((w.as_bytes(), at, letter.to_ascii_lowercase()))
        })
        .collect();
    // Each word anchored with where its next rarest letter is (ORed with `0x20`, which lowers
    // an ASCII capital and keeps every byte equal to it in either case): one byte read rules
    // out nearly every place the letter is met.
    let placed: Vec<(&[u8], usize, usize, u8)> = anchored
        .iter()
        .map(|&(w, at, _)| {
            let other = w
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != at)
                .max_by_key(|&(_, &b)| rarity(b))
                .map_or(at, |(i, _)| i);
            (w, at, other, w.get(other).map_or(0, |b| b | 0x20))
        })
        .collect();
    // What each window of the text is compared with: a letter, and the byte at a distance from
    // it, each once however many words share them.
    let mut probes: Vec<(isize, u8, u8)> = anchored
        .iter()
        .zip(&placed)
        .map(|(&(_, at, letter), &(_, _, other, second))| {
            (offset(other) - offset(at), letter, second)
        })
        .collect();
    probes.sort_unstable();
    probes.dedup();
    let mut found = Vec::new();
    if probes.len() > 2 {
        // The lengths of the words, as bits: most tokens are told apart by length alone.
        let lengths = words.iter().fold(0u64, |bits, w| {
            bits | 1u64.checked_shl(narrow(w.len())).unwrap_or(0)
        });
        for (k, token) in tokens.iter().enumerate() {
            let len = token.end() - token.start();
            if len < 64 && (lengths >> len) & 1 == 1 {
                let written = bytes.get(token.start()..token.end()).unwrap_or(&[]);
                if words
                    .iter()
                    .any(|w| w.as_bytes().eq_ignore_ascii_case(written))
                {
                    found.push(k);
                }
            }
        }
        return found;
    }
    // At most two probes, read with no loop: one is read twice when there is only one.
    let (Some(&first), Some(&last)) = (probes.first(), probes.last()) else {
        return found;
    };
    let splat = |(apart, letter, second): (isize, u8, u8)| {
        (apart, u8x64::splat(letter), u8x64::splat(second))
    };
    let [(apart_a, letter_a, second_a), (apart_b, letter_b, second_b)] =
        [splat(first), splat(last)];
    // The text is read 64 bytes at a time, each probe giving one bit a byte, so that a place
    // is looked at only where a letter and the byte at its distance both match. The letter
    // alone is met every few dozen bytes, and a search that stopped at each (`memchr`) took a
    // mispredicted branch at nearly every stop.
    for base in (0..bytes.len()).step_by(64) {
        let here = lowered(bytes, offset(base));
        let a = here.simd_eq(letter_a) & lowered(bytes, offset(base) + apart_a).simd_eq(second_a);
        let b = here.simd_eq(letter_b) & lowered(bytes, offset(base) + apart_b).simd_eq(second_b);
        let mut hits = (a | b).to_bitmask();
        while hits != 0 {
            let hit = base + hits.trailing_zeros() as usize;
            hits &= hits - 1;
            for &(word, at, other, second) in &placed {
                let Some(start) = hit.checked_sub(at) else {
                    continue;
                };
                if bytes.get(start + other).is_none_or(|&b| b | 0x20 != second) {
                    continue;
                }
                let end = start + word.len();
                if !bytes
                    .get(start..end)
                    .is_some_and(|w| w.eq_ignore_ascii_case(word))
                {
                    continue;
                }
                let k = tokens.partition_point(|t| t.start() < start);
                if tokens
                    .get(k)
                    .is_some_and(|t| t.start() == start && t.end() == end)
                {
                    found.push(k);
                }
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// A byte position as a signed offset (a text is never longer than `isize::MAX` bytes).
fn offset(at: usize) -> isize {
    isize::try_from(at).unwrap_or(isize::MAX)
}

/// The 64 bytes of `bytes` from `at`, each ORed with `0x20` (an ASCII capital lowered). `at`
/// may be before the start or the window run past the end: bytes outside the text read as
/// `0x20`, a space, which is no title's letter.
fn lowered(bytes: &[u8], at: isize) -> u8x64 {
    let inside = usize::try_from(at)
        .ok()
        .and_then(|at| bytes.get(at..))
        .and_then(<[u8]>::first_chunk::<64>);
    let v = match inside {
        Some(chunk) => u8x64::from(*chunk),
        None => u8x64::from(std::array::from_fn::<u8, 64, _>(|i| {
            usize::try_from(at + offset(i))
                .ok()
                .and_then(|k| bytes.get(k))
                .copied()
                .unwrap_or(0)
        })),
    };
    v | u8x64::splat(0x20)
}

/// Whether a token is the word "the", in any case. Most tokens are not three bytes long: their
/// text is not read.
fn is_the(text: &[u8], token: &Token) -> bool {
    token.end() - token.start() == 3
        && text
            .get(token.start()..token.end())
            .is_some_and(|w| w.eq_ignore_ascii_case(b"the"))
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
    entity_of: &[u32],
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
    // Most names follow punctuation: no title can be written right before them. Whether the
    // mention is a person's and whether a word comes before it follow no pattern: the mentions
    // that pass both are listed first with no branch on either (each written, and the end of
    // the list moved on past those that pass), and only they are read again.
    let mut passing = vec![0u32; names.mentions.len()];
    let mut n = 0;
    for (i, m) in names.mentions.iter().enumerate() {
        let first = m.tokens().start;
        let person = entity_of
            .get(i)
            .and_then(|&e| entities.get(e as usize))
            .is_some_and(|e| e.kind == EntityKind::Person);
        let after_word = first
            .checked_sub(1)
            .and_then(|prev| draft.tokens.get(prev))
            .is_some_and(|prev| prev.kind() == TokenKind::Word);
        // `n` is at most `i`, below the list's length.
        if let Some(slot) = passing.get_mut(n) {
            *slot = narrow(i);
        }
        n += usize::from(person & after_word);
    }
    passing.truncate(n);
    for i in passing {
        let i = i as usize;
        let (Some(m), Some(&entity)) = (names.mentions.get(i), entity_of.get(i)) else {
            continue;
        };
        let entity = entity as usize;
        let first = m.tokens().start;
        if let Some(run) = title_run_before(draft, first) {
            // Forms of address are set aside before lowering the rest: most runs are only
            // that (`Mr`, `Mrs`), and then nothing is kept.
            let words: Vec<String> = run
                .map(|t| draft.token_text(t))
                .filter(|w| is_title(w) && !is_address(w))
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
    use super::candidates;
    use crate::analysis::{Draft, Format};

    /// The texts of the tokens [`candidates`] finds.
    fn found(text: &str, words: &[&str]) -> Vec<String> {
        let draft = Draft::new(text, Format::PlainText);
        candidates(&draft, words)
            .into_iter()
            .map(|k| draft.token_text(k).to_string())
            .collect()
    }

    #[test]
    fn title_words_are_found_in_any_case_as_whole_tokens_only() {
        let text = "The Captain met the captain. THE CAPTAIN left; captains and \
                    Professorship do not count, nor does a sea-captainess. The cApTaIn \
                    and the professor and the Professor spoke to the captain";
        assert_eq!(
            found(text, &["captain", "professor"]),
            [
                "Captain",
                "captain",
                "CAPTAIN",
                "cApTaIn",
                "professor",
                "Professor",
                "captain"
            ]
        );
        // A word of one letter is read where its letter is met.
        assert_eq!(found("a b A ab", &["a"]), ["a", "A"]);
    }

    #[test]
    fn a_title_word_across_the_cut_between_two_windows_of_64_bytes_is_found() {
        // The text is read 64 bytes at a time: "captain" is put so that it starts before the
        // cut and ends after it, at each place, and also at the very end of the text.
        for pad in 50..70 {
            let text = format!("{} the Captain spoke to the captain", "x".repeat(pad));
            assert_eq!(found(&text, &["captain"]), ["Captain", "captain"], "{pad}");
        }
    }

    #[test]
    fn title_words_of_many_letters_are_found_by_reading_the_tokens() {
        let words = ["general", "major", "colonel", "bishop"];
        assert_eq!(
            found("A general, a Major, the COLONEL; a majorette.", &words),
            ["general", "Major", "COLONEL"]
        );
    }
}
