//! The embedded English word list (SCOWL, see `data/README.md`): tells ordinary words from names.

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

static WORDS: &str = include_str!("data/words.txt");

/// The list's words, hashed once: looked up for most words of a draft. The lines are found with
/// `memchr` (a quarter of the cost of `str::lines` here) and the table is sized for all of them
/// first, so it is never grown and rehashed while it is filled.
static SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    let ends: Vec<usize> = memchr::memchr_iter(b'\n', WORDS.as_bytes()).collect();
    let mut set = FxHashSet::with_capacity_and_hasher(ends.len() + 1, Default::default());
    let mut start = 0;
    for end in ends.into_iter().chain([WORDS.len()]) {
        // Lines end at an ASCII byte, so both ends are character boundaries.
        let line = WORDS.get(start..end).unwrap_or("");
        let word = line.strip_suffix('\r').unwrap_or(line);
        if !word.is_empty() {
            set.insert(word);
        }
        start = end + 1;
    }
    set
});

/// Whether a lower-case, folded spelling is an ordinary English word ("said", "army", "turkey").
pub fn is_word(folded: &str) -> bool {
    SET.contains(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_list_is_a_word() {
        let lines: Vec<&str> = WORDS.lines().filter(|w| !w.is_empty()).collect();
        assert_eq!(SET.len(), lines.len());
        assert!(lines.iter().all(|w| is_word(w)));
    }

    #[test]
    fn knows_ordinary_words_but_not_names() {
        for word in ["said", "army", "turkey", "china", "minister", "the"] {
            assert!(is_word(word), "{word}");
        }
        for name in ["libya", "haftar", "lavrov", "shoigu", "tobruk", "lybia"] {
            assert!(!is_word(name), "{name}");
        }
    }
}
