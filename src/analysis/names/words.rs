//! The embedded English word list (SCOWL, see `data/README.md`): tells ordinary words from names.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;
use std::sync::LazyLock;

static WORDS: &str = include_str!("data/words.txt");

/// The list's words, hashed once: looked up for most words of a draft.
///
/// The table holds each word as a place in [`WORDS`] packed in 4 bytes (see [`pack`]), not as a
/// `&str` (16 bytes): 0.66 MB for the list's 63,000 words instead of 2.2 MB, in every process
/// and in the caches a keystroke's analysis meets. The lines are found with `memchr` and the
/// table is sized for all of them first, so it is never grown and rehashed while it is filled.
static SET: LazyLock<HashTable<u32>> = LazyLock::new(|| {
    let ends: Vec<usize> = memchr::memchr_iter(b'\n', WORDS.as_bytes()).collect();
    let mut set = HashTable::with_capacity(ends.len() + 1);
    let mut start = 0;
    for end in ends.into_iter().chain([WORDS.len()]) {
        // Lines end at an ASCII byte, so both ends are character boundaries.
        let line = WORDS.get(start..end).unwrap_or("");
        let word = line.strip_suffix('\r').unwrap_or(line);
        if let (false, Some(packed)) = (word.is_empty(), pack(start, word.len())) {
            set.insert_unique(hash(word), packed, |&packed| hash(unpack(packed)));
        }
        start = end + 1;
    }
    set
});

/// A word of the list as its start in [`WORDS`] (the high 24 bits) and its length (the low 8):
/// the list is under 16 MiB and its words under 256 bytes (see the tests).
fn pack(start: usize, len: usize) -> Option<u32> {
    let start = u32::try_from(start).ok().filter(|&s| s < 1 << 24)?;
    let len = u32::try_from(len).ok().filter(|&l| l < 1 << 8)?;
    Some(start << 8 | len)
}

/// The word of the list a [`pack`]ed entry stands for.
fn unpack(packed: u32) -> &'static str {
    let start = (packed >> 8) as usize;
    let len = (packed & 0xff) as usize;
    WORDS.get(start..start + len).unwrap_or("")
}

fn hash(word: &str) -> u64 {
    FxBuildHasher.hash_one(word)
}

/// Whether a lower-case, folded spelling is an ordinary English word ("said", "army", "turkey").
pub fn is_word(folded: &str) -> bool {
    SET.find(hash(folded), |&packed| unpack(packed) == folded)
        .is_some()
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

    #[test]
    fn the_list_fits_the_packed_entries() {
        assert!(WORDS.len() < 1 << 24);
        assert!(WORDS.lines().all(|w| w.len() < 1 << 8));
    }

    #[test]
    fn a_prefix_or_an_extension_of_a_word_is_not_one() {
        assert!(is_word("aardvark"));
        for not in [
            "aardvar",
            "aardvarkz",
            "aardvark\n",
            "aardvark\naardvarks",
            "",
            "\n",
        ] {
            assert!(!is_word(not), "{not:?}");
        }
    }
}
