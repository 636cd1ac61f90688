//! The cue table: speech and belief verbs and phrases, read once from `cues.txt`.
//!
//! The table is data: extend `cues.txt`, not this file. Lookups are a hash probe per word.

use super::lexicon;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

/// How a cue relates to its speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueKind {
    /// A verb or phrase whose speaker is its subject or follows it: Haftar said, said Haftar.
    Speech,
    /// A phrase followed by the speaker: according to Haftar.
    Source,
}

/// The parsed cue table.
#[derive(Debug, Default)]
pub struct Cues {
    verbs: HashSet<&'static str>,
    /// Verbs whose reported speech credits a paragraph of quotes after it.
    carrying: HashSet<&'static str>,
    /// Phrases by their first word: the remaining words and the kind.
    phrases: HashMap<&'static str, Vec<(Vec<&'static str>, CueKind)>>,
    /// What starts with each first word that is short ASCII, by its [`lexicon::packed`] form:
    /// one look-up for a word of the draft, without lowering it.
    firsts: HashMap<u128, First>,
    /// The [`sketch`]es of the words in `firsts`, one bit each: a word whose bit is clear
    /// starts no cue, told without a look-up.
    sketches: Vec<u64>,
}

/// How many bits [`sketch`] gives: five of the first byte, five of the second, four of the
/// length.
const SKETCH_BITS: u32 = 14;

/// A short ASCII word's first two bytes and length as a number below 2^[`SKETCH_BITS`], the
/// same for a word and its ASCII lower case (a letter and its capital differ only in bit 0x20,
/// which the low five bits of a byte leave out); `None` for a word of 16 bytes or more or one
/// with a byte beyond ASCII, which [`lexicon::packed`] does not pack either.
fn sketch(word: &[u8]) -> Option<usize> {
    if word.len() >= 16 || !word.is_ascii() {
        return None;
    }
    let low = |b: Option<&u8>| usize::from(b.map_or(0, |&b| b & 0x1f));
    Some(low(word.first()) | low(word.get(1)) << 5 | word.len() << 10)
}

/// The cues that start with one word.
#[derive(Debug, Default)]
pub struct First {
    /// Whether the word is a one-word cue.
    pub verb: bool,
    /// The phrases that start with it: remaining words and kind.
    pub phrases: Vec<(Vec<&'static str>, CueKind)>,
}

const SOURCE: &str = include_str!("cues.txt");

/// The cue table, parsed on first use.
pub fn cues() -> &'static Cues {
    static CUES: OnceLock<Cues> = OnceLock::new();
    CUES.get_or_init(|| Cues::parse(SOURCE))
}

impl Cues {
    /// Parses the table format described at the top of `cues.txt`.
    pub fn parse(source: &'static str) -> Cues {
        let mut cues = Cues::default();
        for line in source.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix("carry:") {
                cues.carrying.extend(rest.split_whitespace());
                continue;
            }
            let (kind, body) = match line.strip_prefix("source:") {
                Some(rest) => (CueKind::Source, rest.trim()),
                None => (CueKind::Speech, line),
            };
            let mut words = body.split_whitespace();
            let Some(first) = words.next() else { continue };
            let rest: Vec<&'static str> = words.collect();
            if rest.is_empty() && kind == CueKind::Speech {
                cues.verbs.insert(first);
            } else {
                cues.phrases.entry(first).or_default().push((rest, kind));
            }
        }
        let words = cues.verbs.iter().chain(cues.phrases.keys());
        for &word in words {
            // The table is lower case; a word that does not pack is found through the others.
            if word.chars().any(char::is_uppercase) {
                continue;
            }
            if let Some(key) = lexicon::packed(word) {
                if let Some(bit) = sketch(word.as_bytes()) {
                    if cues.sketches.is_empty() {
                        cues.sketches = vec![0; (1 << SKETCH_BITS) / 64];
                    }
                    cues.sketches[bit / 64] |= 1 << (bit % 64);
                }
                cues.firsts.insert(
                    key,
                    First {
                        verb: cues.verbs.contains(word),
                        phrases: cues.phrases_starting(word).to_vec(),
                    },
                );
            }
        }
        cues
    }

    /// The cues that start with the word whose `lexicon::packed` form is `key`; `None` when
    /// none does. Matches [`Cues::is_verb`] and [`Cues::phrases_starting`] of the word in lower
    /// case.
    pub fn first(&self, key: u128) -> Option<&First> {
        self.firsts.get(&key)
    }

    /// Whether a word of the draft may start a built-in cue: `false` only when
    /// [`Cues::first`] of its packed form is `None`, told from its first two bytes and length.
    #[inline]
    pub fn may_start(&self, word: &str) -> bool {
        self.may_start_in(word.as_bytes(), 0, word.len())
    }

    /// [`Cues::may_start`] of the word `text[start..end]`, read from the draft's bytes: the
    /// first two bytes and the length decide for most words, and only a word they rule out is
    /// checked for bytes beyond ASCII, sixteen bytes at a time where the text has them.
    #[inline]
    pub fn may_start_in(&self, text: &[u8], start: usize, end: usize) -> bool {
        let word = text.get(start..end).unwrap_or_default();
        if word.len() >= 16 {
            return true;
        }
        let low = |k: usize| usize::from(word.get(k).map_or(0, |&b| b & 0x1f));
        let bit = low(0) | low(1) << 5 | word.len() << 10;
        if self
            .sketches
            .get(bit / 64)
            .is_some_and(|bits| bits & 1 << (bit % 64) != 0)
        {
            return true;
        }
        // Ruled out, unless a byte beyond ASCII leaves the word unsketched.
        match text
            .get(start..start.saturating_add(16))
            .and_then(|w| <[u8; 16]>::try_from(w).ok())
        {
            Some(wide) => {
                let mask = (1u128 << (8 * word.len())) - 1;
                u128::from_le_bytes(wide) & mask & u128::from_le_bytes([0x80; 16]) != 0
            }
            None => !word.is_ascii(),
        }
    }

    /// Whether `word` (already lower-case) is a one-word cue.
    pub fn is_verb(&self, word: &str) -> bool {
        self.verbs.contains(word)
    }

    /// Whether `word` (already lower-case) is reported speech that carries over to a paragraph
    /// of quotes after it.
    pub fn carries(&self, word: &str) -> bool {
        self.carrying.contains(word)
    }

    /// The phrases that start with `word` (already lower-case): remaining words and kind.
    pub fn phrases_starting(&self, word: &str) -> &[(Vec<&'static str>, CueKind)] {
        self.phrases.get(word).map_or(&[], Vec::as_slice)
    }
}

/// Cues the style sheet adds (`[attribution] verbs` and `phrases`), looked up after the
/// built-in table, so that the static table is parsed once and never rebuilt for a style sheet.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Extra {
    verbs: HashSet<String>,
    /// Phrases by their first word (lower case): the remaining words, lower case.
    phrases: HashMap<String, Vec<Vec<String>>>,
}

impl Extra {
    /// The extra verbs (each form as drafts write it) and phrases that introduce a speaker.
    pub fn new(verbs: &[String], phrases: &[String]) -> Extra {
        let mut extra = Extra::default();
        for verb in verbs {
            let mut words = verb.split_whitespace().map(str::to_lowercase);
            let Some(first) = words.next() else { continue };
            let rest: Vec<String> = words.collect();
            if rest.is_empty() {
                extra.verbs.insert(first);
            } else {
                extra.phrases.entry(first).or_default().push(rest);
            }
        }
        for phrase in phrases {
            let mut words = phrase.split_whitespace().map(str::to_lowercase);
            let Some(first) = words.next() else { continue };
            extra
                .phrases
                .entry(first)
                .or_default()
                .push(words.collect());
        }
        extra
    }

    /// Whether there are no extra cues: the lookups are then skipped, so that a draft without
    /// a style sheet costs no more than before.
    pub fn is_empty(&self) -> bool {
        self.verbs.is_empty() && self.phrases.is_empty()
    }

    /// Whether `word` (already lower-case) is an extra one-word cue.
    pub fn is_verb(&self, word: &str) -> bool {
        !self.verbs.is_empty() && self.verbs.contains(word)
    }

    /// The extra phrases that start with `word` (already lower-case): their remaining words.
    /// An extra phrase is followed by its speaker, like `according to`.
    pub fn phrases_starting(&self, word: &str) -> &[Vec<String>] {
        if self.phrases.is_empty() {
            return &[];
        }
        self.phrases.get(word).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_verbs_phrases_and_sources() {
        let cues = cues();
        for verb in [
            "said", "says", "told", "believes", "tweeted", "replied", "cried",
        ] {
            assert!(cues.is_verb(verb), "{verb}");
        }
        assert!(!cues.is_verb("army"));
        assert!(cues.carries("said") && !cues.carries("declared"));
        assert!(
            cues.phrases_starting("according")
                .iter()
                .any(|(rest, kind)| rest == &["to"] && *kind == CueKind::Source)
        );
        for word in ["said", "Said", "ACCORDING", "in", "In", "army", "sa"] {
            let lower = word.to_ascii_lowercase();
            let first = lexicon::packed(word).and_then(|key| cues.first(key));
            assert_eq!(
                first.is_some_and(|f| f.verb),
                cues.is_verb(&lower),
                "{word}"
            );
            assert_eq!(
                first.map_or(&[][..], |f| f.phrases.as_slice()),
                cues.phrases_starting(&lower),
                "{word}"
            );
        }
        // A word whose sketch says no starts no cue.
        for word in [
            "said",
            "Said",
            "SAID",
            "sad",
            "army",
            "according",
            "According",
            "in",
            "it’s",
            "a",
            "",
            "@aid",
            "`aid",
            "x".repeat(20).as_str(),
        ] {
            let first = lexicon::packed(word).and_then(|key| cues.first(key));
            if !cues.may_start(word) {
                assert!(lexicon::packed(word).is_some() && first.is_none(), "{word}");
            }
            if first.is_some() {
                assert!(cues.may_start(word), "{word}");
            }
        }
        assert!(!cues.may_start("army") && cues.may_start("Said"));
        assert!(
            cues.phrases_starting("in")
                .iter()
                .any(|(rest, _)| rest == &["a", "statement"])
        );
    }

    #[test]
    fn a_word_read_from_the_draft_may_start_a_cue_as_its_sketch_says() {
        let cues = cues();
        let text =
            "Said armé army saïd ac\u{212A}ording sa\u{212A}d said, éclat xxxxxxxxxxxxxxxxxxxx";
        let sketched = |word: &str| {
            sketch(word.as_bytes()).is_none_or(|bit| cues.sketches[bit / 64] & 1 << (bit % 64) != 0)
        };
        let mut start = 0;
        for word in text.split([' ', ',']) {
            let end = start + word.len();
            let found = cues.may_start_in(text.as_bytes(), start, end);
            assert_eq!(found, sketched(word), "{word}");
            assert_eq!(found, cues.may_start(word), "{word}");
            start = end + 1;
        }
        assert!(cues.may_start_in(b"arm\xc3\xa9", 0, 5) && !cues.may_start_in(b"army", 0, 4));
    }
}
