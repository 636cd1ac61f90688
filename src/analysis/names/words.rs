//! The embedded English word list (SCOWL, see `data/README.md`): tells ordinary words from names.

use std::sync::OnceLock;

static WORDS: &str = include_str!("data/words.txt");

/// The list's lines, sorted (the file is sorted; sorting again keeps lookups right regardless).
fn list() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut list: Vec<&str> = WORDS.lines().filter(|w| !w.is_empty()).collect();
        if !list.is_sorted() {
            list.sort_unstable();
        }
        list
    })
}

/// Whether a lower-case, folded spelling is an ordinary English word ("said", "army", "turkey").
pub fn is_word(folded: &str) -> bool {
    list().binary_search(&folded).is_ok()
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
