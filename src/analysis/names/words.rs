//! The embedded English word list (SCOWL, see `data/README.md`): tells ordinary words from names.

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

static WORDS: &str = include_str!("data/words.txt");

/// The list's words, hashed once: looked up for most words of a draft. Sized for every line
/// first, so the table is never grown and rehashed while it is filled.
static SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    let mut set = FxHashSet::with_capacity_and_hasher(
        memchr::memchr_iter(b'\n', WORDS.as_bytes()).count() + 1,
        Default::default(),
    );
    set.extend(WORDS.lines().filter(|w| !w.is_empty()));
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
    fn knows_ordinary_words_but_not_names() {
        for word in ["said", "army", "turkey", "china", "minister", "the"] {
            assert!(is_word(word), "{word}");
        }
        for name in ["libya", "haftar", "lavrov", "shoigu", "tobruk", "lybia"] {
            assert!(!is_word(name), "{name}");
        }
    }
}
