//! Small word lists for reading names and speaker phrases, looked up once per word in a hash map.
//!
//! Keys are lower-case. A word can belong to several classes.

use crate::analysis::slots::{self, every_byte};
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::sync::OnceLock;

pub const TITLE: u32 = 1;
/// Honorifics that say a man is meant (Mr., Sir) or a woman (Mrs., Miss).
pub const MALE: u32 = 1 << 1;
pub const FEMALE: u32 = 1 << 2;
/// Lower-case name particles: bin Salman, von der Leyen, al-Assad.
pub const PARTICLE: u32 = 1 << 3;
/// Words that make a capitalised run an organisation, place or date rather than a person.
pub const NOT_PERSON: u32 = 1 << 4;
/// Capitalised only because they start a sentence: The, But, According.
pub const STARTER: u32 = 1 << 5;
pub const PRONOUN: u32 = 1 << 6;
pub const DETERMINER: u32 = 1 << 7;
/// Auxiliaries and adverbs between a speaker and a cue: Haftar has also said.
pub const SKIP: u32 = 1 << 8;
/// Role nouns that stand for a person named earlier: the spokesman, the expert.
pub const ROLE: u32 = 1 << 9;
/// Words that end a speaker phrase when read backwards: that, which, and.
pub const FUNCTION: u32 = 1 << 10;
/// Words before a quote that make it a word used as a word: the word “embargo”.
pub const WORD_AS_WORD: u32 = 1 << 11;
/// Words before a quote that make it a name: nicknamed “the Marshal”, a group called “X”.
pub const NAMING: u32 = 1 << 12;
/// Words before a quote that make it the title of a work: his book “X”.
pub const WORK: u32 = 1 << 13;
/// Days, months and other times that follow a cue without being a speaker: said Tuesday.
pub const TIME: u32 = 1 << 14;

const TABLE: &[(u32, &str)] = &[
    (
        TITLE,
        "president vice prime minister secretary general gen field marshal colonel col lt \
         lieutenant captain capt sgt sergeant major maj admiral adm senator sen rep \
         representative governor gov mayor king queen prince princess sheikh judge justice \
         chancellor ambassador commander chief director professor prof dr mr mrs ms miss sir \
         lady lord dame rev reverend pope bishop archbishop father sister spokesman \
         spokeswoman chairman chairwoman deputy premier emir crown pres foreign defense \
         defence interior finance state attorney",
    ),
    (MALE, "mr sir lord king prince father he him his"),
    (
        FEMALE,
        "mrs ms miss lady dame queen princess sister she her",
    ),
    (PARTICLE, PARTICLE_WORDS),
    (
        NOT_PERSON,
        "council ministry army government nations union party court house office department \
         agency bank university college school committee street road radio news times post \
         journal press east west north south middle republic kingdom states city county \
         company inc corp ltd group front forces force police liberty guard assembly \
         parliament congress senate security national unity federation organization \
         organisation institute center centre foundation fund association navy air \
         international united european american russian libyan syrian british french german \
         chinese arab islamic muslim christian church mosque airport hospital station island \
         river lake sea ocean gulf valley mountains square park hall tower bridge palace \
         kremlin pentagon parish county province region district monday tuesday wednesday \
         thursday friday saturday sunday january february march april may june july august \
         september october november december christmas easter god un eu nato",
    ),
    (
        STARTER,
        "the a an in on at but and as when if for it this that there these those after before \
         since while with by from according although yet so then now last next every some \
         many most one two three what why how where who which whatever however meanwhile \
         still also only even here no not oh yes well my our your their its his her we they \
         i you he she do did does is was are were will would could should can may might must \
         let to of or nor dear chapter",
    ),
    (PRONOUN, "he she they we i it"),
    (
        DETERMINER,
        "the a an his her its their our one two several some many",
    ),
    (
        SKIP,
        "has have had was were is are be been has would will also later then again once \
         further first only just recently previously earlier already often repeatedly \
         publicly privately openly bluntly flatly simply quickly quietly then still \
         never always had did does do has not yesterday today tonight",
    ),
    (
        ROLE,
        "spokesman spokeswoman spokesperson expert analyst official minister president \
         commander marshal general leader ambassador lawyer attorney professor economist \
         researcher author chief director secretary colonel envoy diplomat negotiator \
         senator governor mayor chairman chairwoman wife husband mother father daughter son \
         sister brother friend aunt uncle cousin man woman girl boy lady gentleman witness \
         resident neighbour neighbor source",
    ),
    (
        FUNCTION,
        "that which and or but what this these those as to of for with by from in on at \
         if when while because than then so not no nor there where who whom whose how why \
         whether it’s it's",
    ),
    (
        WORD_AS_WORD,
        "word words term terms phrase phrases expression slogan label motto hashtag acronym \
         abbreviation letters spelled spelt means meaning",
    ),
    (
        NAMING,
        "called named nicknamed dubbed known aka labelled labeled branded renamed styled \
         self-styled so-called codenamed",
    ),
    (
        WORK,
        "book books novel film films movie song songs album play poem series show programme \
         program documentary article essay column headline titled entitled memoir opera \
         painting exhibition podcast",
    ),
    (
        TIME,
        "monday tuesday wednesday thursday friday saturday sunday january february march april \
         may june july august september october november december yesterday today tonight \
         last this earlier later",
    ),
];

/// The lists by word, as bytes: a word lower-cased in place needs no check that it is UTF-8.
fn table() -> &'static HashMap<&'static [u8], u32> {
    static TABLE_MAP: OnceLock<HashMap<&'static [u8], u32>> = OnceLock::new();
    TABLE_MAP.get_or_init(|| {
        let mut map = HashMap::default();
        for &(class, words) in TABLE {
            for word in words.split_whitespace() {
                *map.entry(word.as_bytes()).or_insert(0) |= class;
            }
        }
        map
    })
}

/// The lists' short ASCII words by their [`packed`] form, in a table that answers without a
/// branch on the word (see [`Slots`]): a look-up without a copy, a lower-cased string or a
/// comparison of bytes.
fn packed_table() -> &'static Slots {
    static PACKED: OnceLock<Slots> = OnceLock::new();
    PACKED.get_or_init(|| {
        let words: Vec<(u128, u32)> = table()
            .iter()
            .filter_map(|(word, &classes)| {
                let word = std::str::from_utf8(word).ok()?;
                Some((packed(word)?, classes))
            })
            .collect();
        Slots::new(&words)
    })
}

/// How many slots [`Slots`] has: at most every second one is taken, as two-way cuckoo hashing
/// needs.
const SLOT_BITS: u32 = 10;

/// The packed words of the lists and their classes, each in one of two slots that its key
/// hashes to (cuckoo hashing): a look-up reads both and keeps the classes of the one that
/// holds the key, with arithmetic, not a branch. Whether a word is in the lists changes from
/// word to word in a way no predictor foresees; a hash map's probe branched on it.
struct Slots {
    /// Each slot's key; 0 in an empty slot, which no [`packed`] key is: its length byte is
    /// never 0.
    keys: Box<[u128; 1 << SLOT_BITS]>,
    /// Each slot's classes, one place on: slot `k`'s at `k + 1`, and 0 at 0, which a look-up
    /// that misses reads.
    classes: Box<[u32; (1 << SLOT_BITS) + 1]>,
    /// The multiplier of [`Slots::slots`], the first that lets every word in.
    mul: u64,
}

impl Slots {
    /// The table of `words`, each a packed key and its classes, the keys distinct.
    fn new(words: &[(u128, u32)]) -> Slots {
        let mut mul: u64 = 0x9E37_79B9_7F4A_7C15;
        loop {
            let mut slots = Slots {
                keys: Box::new([0; 1 << SLOT_BITS]),
                classes: Box::new([0; (1 << SLOT_BITS) + 1]),
                mul,
            };
            if words
                .iter()
                .all(|&(key, classes)| slots.insert(key, classes))
            {
                return slots;
            }
            mul = mul.wrapping_add(0x2545_F491_4F6C_DD1E);
        }
    }

    /// The two slots of `key`: two fields of one product.
    fn slots(&self, key: u128) -> (usize, usize) {
        let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(23);
        let h = folded.wrapping_mul(self.mul);
        let mask = (1 << SLOT_BITS) - 1;
        ((h >> 40) as usize & mask, (h >> 52) as usize & mask)
    }

    /// Files `key`, moving the keys in its way to their other slot; `false` when that goes on
    /// too long, and the table is built again with another multiplier.
    fn insert(&mut self, mut key: u128, mut classes: u32) -> bool {
        let (a, b) = self.slots(key);
        if a == b {
            return false;
        }
        let mut at = if self.keys[a] == 0 || self.keys[b] != 0 {
            a
        } else {
            b
        };
        for _ in 0..64 {
            std::mem::swap(&mut self.keys[at], &mut key);
            std::mem::swap(&mut self.classes[at + 1], &mut classes);
            if key == 0 {
                return true;
            }
            let (a, b) = self.slots(key);
            at = if at == a { b } else { a };
        }
        false
    }

    /// The classes filed with `key`, 0 when it is not filed.
    #[inline]
    fn get(&self, key: u128) -> u32 {
        let (a, b) = self.slots(key);
        // Where each slot's classes are when it holds the key, 0 when not: an index computed
        // from the comparison, so that both reads are always made. A product of the classes
        // and the comparison would be compiled to a branch around the read.
        let at_a = (a + 1) * usize::from(self.keys[a] == key);
        let at_b = (b + 1) * usize::from(self.keys[b] == key);
        self.classes[at_a] | self.classes[at_b]
    }
}

/// An ASCII word of at most 15 bytes as one number, lower case: its bytes from the lowest,
/// its length in the highest byte. Two words give the same number exactly when they are the
/// same in ASCII lower case; `None` for a longer word or one with a byte beyond ASCII.
pub fn packed(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    let x = low_bytes(bytes)?;
    if x & every_byte(0x80) != 0 {
        return None;
    }
    Some(lower_packed(x, bytes.len()))
}

/// [`packed`] of the ASCII word of `len` bytes (at most 15) whose bytes are `x`, the first in
/// the lowest byte and zero above the last.
fn lower_packed(x: u128, len: usize) -> u128 {
    // Every byte is below 0x80, so adding less than 0x80 to each carries into no other: the
    // high bit of a byte is then set when the byte is at least `A`, and at least `[`.
    let from_a = x + every_byte(0x80 - b'A');
    let past_z = x + every_byte(0x80 - b'Z' - 1);
    let upper = from_a & !past_z & every_byte(0x80);
    // 0x80 shifted right by two is 0x20, the difference between `A` and `a`.
    (x | (upper >> 2)) | (len as u128) << 120
}

/// The bytes of a word shorter than 16 bytes as one number, the first in the lowest byte and
/// zero above the last; `None` for a longer word. Read with two fixed-size loads that overlap
/// where the word is shorter than both, rather than a copy of a length known only at run time,
/// which costs a call: most words looked up are short.
fn low_bytes(bytes: &[u8]) -> Option<u128> {
    let n = bytes.len();
    // The first `k` bytes and the last `k` bytes, as numbers.
    let ends = |k: usize| -> Option<(u128, u128)> {
        let mut first = [0u8; 8];
        let mut last = [0u8; 8];
        first.get_mut(..k)?.copy_from_slice(bytes.get(..k)?);
        last.get_mut(..k)?
            .copy_from_slice(bytes.get(n.checked_sub(k)?..)?);
        Some((
            u128::from(u64::from_le_bytes(first)),
            u128::from(u64::from_le_bytes(last)),
        ))
    };
    // The last `k` bytes go above the first `n - k`: they repeat the bytes the first load read
    // beyond that, with the same values, so `|` leaves those as they are.
    let join = |k: usize| ends(k).map(|(first, last)| first | last << (8 * (n - k)));
    match n {
        0 => Some(0),
        1..=3 => Some(
            bytes
                .iter()
                .rev()
                .fold(0u128, |acc, &b| acc << 8 | u128::from(b)),
        ),
        4..=7 => join(4),
        8..=15 => join(8),
        _ => None,
    }
}

/// `word` in lower case, borrowed when it already is.
pub fn lower(word: &str) -> Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// `word` in lower case, borrowed when it already is, written into `buf` when it is short and
/// ASCII: no allocation for the words a cue is looked up for.
pub fn lower_in<'b>(buf: &'b mut [u8; 24], word: &'b str) -> Cow<'b, str> {
    if !word.is_ascii() {
        return lower(word);
    }
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return Cow::Borrowed(word);
    }
    match buf.get_mut(..word.len()) {
        Some(bytes) => {
            bytes.copy_from_slice(word.as_bytes());
            bytes.make_ascii_lowercase();
            match std::str::from_utf8(bytes) {
                Ok(lowered) => Cow::Borrowed(lowered),
                Err(_) => Cow::Owned(word.to_ascii_lowercase()),
            }
        }
        None => Cow::Owned(word.to_ascii_lowercase()),
    }
}

/// The classes of a word, 0 when it is in no list.
pub fn classes(word: &str) -> u32 {
    if let Some(key) = packed(word) {
        return packed_table().get(key);
    }
    table().get(lower(word).as_bytes()).copied().unwrap_or(0)
}

/// [`classes`] of the word `text[start..end]`, read from the text: its first sixteen bytes at
/// once, what lies beyond the word masked off, where the text has them and the word is short
/// and ASCII, as nearly every word is. No branch on the word's length or on whether it is in a
/// list.
pub fn classes_at(text: &[u8], start: usize, end: usize) -> u32 {
    let len = end.wrapping_sub(start);
    let wide = text
        .get(start..start.wrapping_add(16))
        .and_then(|w| <[u8; 16]>::try_from(w).ok());
    if let Some(wide) = wide
        && len.wrapping_sub(1) < 15
    {
        let x = u128::from_le_bytes(wide) & (u128::MAX >> (128 - 8 * len as u32));
        if x & every_byte(0x80) == 0 {
            return packed_table().get(lower_packed(x, len));
        }
    }
    text.get(start..end)
        .and_then(|w| std::str::from_utf8(w).ok())
        .map_or(0, classes)
}

/// The words of [`PARTICLE`], read by the table and by [`is_particle`].
const PARTICLE_WORDS: &str =
    "al el bin ibn ben bint abu von van der den de du da di la le del della dos das ter zu";

/// How many words [`PARTICLE_WORDS`] holds.
const PARTICLE_COUNT: usize = {
    let bytes = PARTICLE_WORDS.as_bytes();
    let (mut count, mut k) = (1, 0);
    while k < bytes.len() {
        count += (bytes[k] == b' ') as usize;
        k += 1;
    }
    count
};

/// The words of [`PARTICLE_WORDS`], each as the number of [`particle_key`].
const PARTICLES: [u64; PARTICLE_COUNT] = {
    let bytes = PARTICLE_WORDS.as_bytes();
    let mut keys = [0; PARTICLE_COUNT];
    let (mut word, mut shift, mut k) = (0, 0, 0);
    while k < bytes.len() {
        if bytes[k] == b' ' {
            word += 1;
            shift = 0;
        } else {
            keys[word] |= ((bytes[k] | 0x20) as u64) << shift;
            shift += 8;
        }
        k += 1;
    }
    keys
};

/// The low five bits of the first byte of each particle, as bits of a mask.
const PARTICLE_FIRSTS: u32 = {
    let mut mask = 0;
    let mut k = 0;
    while k < PARTICLES.len() {
        mask |= 1 << (PARTICLES[k] & 0x1f);
        k += 1;
    }
    mask
};

/// A word of two to five bytes as a number, each byte with bit 0x20 set: equal to a particle's
/// exactly when the word is that particle in any case, since particles are made of letters
/// and only a letter's capital gives a letter when 0x20 is set. 0 for any other length.
const fn particle_key(word: &[u8]) -> u64 {
    if word.len() < 2 || word.len() > 5 {
        return 0;
    }
    let mut key = 0;
    let mut k = 0;
    while k < word.len() {
        key |= ((word[k] | 0x20) as u64) << (8 * k);
        k += 1;
    }
    key
}

/// Whether a word is a name particle (al, bin, von): `classes(word) & PARTICLE != 0` without a look-up,
/// told for most words by their length or first letter.
pub fn is_particle(word: &str) -> bool {
    is_particle_bytes(word.as_bytes())
}

/// [`is_particle`] of a word's bytes.
pub fn is_particle_bytes(bytes: &[u8]) -> bool {
    let Some(&first) = bytes.first() else {
        return false;
    };
    if bytes.len() > 5 || PARTICLE_FIRSTS & 1 << ((first | 0x20) & 0x1f) == 0 {
        return false;
    }
    let key = particle_key(bytes);
    key != 0 && PARTICLES.contains(&key)
}

/// [`is_particle`] of the word `text[start..end]`, told without a branch on the word: its
/// first eight bytes are read at once, what lies beyond the word masked off, and the key
/// compared with the one particle filed in its slot of [`PARTICLE_SLOTS`]. Used where most
/// words asked about are common words after a capitalised one, which no predictor foresees.
pub fn is_particle_at(text: &[u8], start: usize, end: usize) -> bool {
    let Some(eight) = text
        .get(start..start.wrapping_add(8))
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
    else {
        // The last bytes of the text.
        return is_particle_bytes(text.get(start..end).unwrap_or_default());
    };
    let len = end.wrapping_sub(start);
    // Two to five bytes; any other length is no particle, whatever its mask.
    let fits = len.wrapping_sub(2) <= 3;
    let mask = u64::MAX.wrapping_shr(64u32.wrapping_sub(8 * (len as u32 & 7)));
    let key = (u64::from_le_bytes(eight) | 0x2020_2020_2020_2020) & mask;
    fits & (PARTICLE_SLOTS[particle_slot(key)] == key)
}

/// The slot of a particle key in [`PARTICLE_SLOTS`]: the top six bits of its product with
/// [`PARTICLE_MUL`].
const fn particle_slot(key: u64) -> usize {
    (key.wrapping_mul(PARTICLE_MUL) >> 58) as usize
}

/// A multiplier that puts every particle in a slot of its own, found when compiling.
const PARTICLE_MUL: u64 = slots::multiplier(&PARTICLES, 6);

/// Each particle's key in its slot, 0 in the others (no word's key is 0).
const PARTICLE_SLOTS: [u64; 64] = {
    let mut slots = [0; 64];
    let mut k = 0;
    while k < PARTICLES.len() {
        slots[particle_slot(PARTICLES[k])] = PARTICLES[k];
        k += 1;
    }
    slots
};

/// Whether a word starts with a capital letter.
pub fn is_capitalised(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => word.chars().next().is_some_and(char::is_uppercase),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether a word belongs to a class.
    fn is(word: &str, class: u32) -> bool {
        classes(word) & class != 0
    }

    #[test]
    fn lower_in_lowers_like_lower_without_allocating_short_ascii_words() {
        for word in [
            "said",
            "Said",
            "SAID",
            "Über",
            "ÉTAIT",
            "",
            "According",
            "x".repeat(30).as_str(),
            "X".repeat(30).as_str(),
        ] {
            let mut buf = [0u8; 24];
            let got = lower_in(&mut buf, word);
            assert_eq!(got, lower(word), "{word:?}");
            if word.is_ascii() && word.len() <= 24 {
                assert!(matches!(got, Cow::Borrowed(_)), "{word:?}");
            }
        }
    }

    #[test]
    fn packed_words_are_equal_exactly_when_their_ascii_lower_cases_are() {
        let words = [
            "",
            "a",
            "A",
            "@",
            "[",
            "`",
            "{",
            "z",
            "Z",
            "said",
            "SAID",
            "Said",
            "saids",
            "az",
            "AZ",
            "a\u{0}",
            "the",
            "The",
            "international",
            "International1",
            "abcdefghijklmno",
            "ABCDEFGHIJKLMNO",
            "abcdefghijklmnop",
            "Über",
            "it’s",
            "\u{7f}",
            "0-9_",
        ];
        for a in words {
            let key = packed(a);
            assert_eq!(key.is_some(), a.is_ascii() && a.len() < 16, "{a:?}");
            for b in words {
                if let (Some(x), Some(y)) = (key, packed(b)) {
                    assert_eq!(x == y, a.eq_ignore_ascii_case(b), "{a:?} {b:?}");
                }
            }
        }
        // Every byte of ASCII, alone and after others, lowers as `to_ascii_lowercase` does.
        for b in 0u8..0x80 {
            let word = format!("xY{}", char::from(b));
            let lowered = word.to_ascii_lowercase();
            assert_eq!(packed(&word), packed(&lowered), "{b}");
            let mut bytes = [0u8; 16];
            bytes[..3].copy_from_slice(lowered.as_bytes());
            bytes[15] = 3;
            assert_eq!(packed(&word), Some(u128::from_le_bytes(bytes)), "{b}");
        }
    }

    #[test]
    fn low_bytes_reads_every_length_as_a_copy_into_sixteen_bytes_would() {
        let source: Vec<u8> = (1..=20u8).map(|b| b.wrapping_mul(37)).collect();
        for n in 0..=source.len() {
            let bytes = &source[..n];
            let expected = (n < 16).then(|| {
                let mut buf = [0u8; 16];
                buf[..n].copy_from_slice(bytes);
                u128::from_le_bytes(buf)
            });
            assert_eq!(low_bytes(bytes), expected, "{n}");
        }
    }

    #[test]
    fn every_word_of_the_lists_has_its_classes_through_either_table() {
        for (word, &expected) in table() {
            let word = std::str::from_utf8(word).unwrap_or_default();
            for written in [word.to_string(), word.to_uppercase(), capitalise(word)] {
                assert_eq!(classes(&written), expected, "{written:?}");
            }
        }
    }

    #[test]
    fn classes_at_reads_a_word_of_a_text_as_classes_reads_it_alone() {
        let mut words = listed_words_in_three_cases();
        words.extend(
            [
                "Haftar",
                "said",
                "x",
                "Ünder",
                "Mrs\u{e9}",
                "representatives",
                "abcdefghijklmnop",
                "THE1",
                "t\u{0}he",
            ]
            .map(String::from),
        );
        for word in &words {
            for (before, after) in [
                ("", ""),
                ("Ursula ", " der Leyen and more words"),
                ("a ", "."),
            ] {
                let text = format!("{before}{word}{after}");
                let (start, end) = (before.len(), before.len() + word.len());
                assert_eq!(
                    classes_at(text.as_bytes(), start, end),
                    classes(word),
                    "{text:?}"
                );
            }
        }
        assert_eq!(classes_at(b"said", 2, 2), classes(""));
    }

    /// Every word of the lists as listed, in capitals and capitalised.
    fn listed_words_in_three_cases() -> Vec<String> {
        table()
            .keys()
            .filter_map(|w| std::str::from_utf8(w).ok())
            .flat_map(|w| [w.to_string(), w.to_uppercase(), capitalise(w)])
            .collect()
    }

    fn capitalise(word: &str) -> String {
        let mut chars = word.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }

    #[test]
    fn is_particle_is_the_particle_class() {
        let mut words = listed_words_in_three_cases();
        words.extend(
            [
                "",
                "a",
                "d",
                "d@",
                "D`",
                "AL",
                "Al",
                "al-",
                "bi\u{212a}",
                "del\u{e0}",
                "dELLA",
                "dellas",
                "\u{e9}l",
                "van ",
                "vaN",
                "zu",
                "z\u{fc}",
                "@l",
                "Al\u{0}",
                "ter",
                "the",
                "was",
            ]
            .map(String::from),
        );
        for word in &words {
            assert_eq!(is_particle(word), is(word, PARTICLE), "{word:?}");
            // Inside a text, with other words after it or none, and at its very end.
            for after in ["", " der Leyen and more", "x", "-Assad"] {
                let text = format!("Ursula {word}{after}");
                let (start, end) = (7, 7 + word.len());
                assert_eq!(
                    is_particle_at(text.as_bytes(), start, end),
                    is(word, PARTICLE),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn is_capitalised_reads_the_first_character() {
        for word in ["Said", "said", "Über", "über", "", "1st", "’Tis", "Ωmega"] {
            assert_eq!(
                is_capitalised(word),
                word.chars().next().is_some_and(char::is_uppercase),
                "{word:?}"
            );
        }
    }

    #[test]
    fn words_are_found_whatever_their_case() {
        assert!(is("Mr", TITLE | MALE));
        assert!(is("President", TITLE));
        assert!(is("al", PARTICLE));
        assert!(is("The", STARTER | DETERMINER));
        assert!(!is("Haftar", TITLE | NOT_PERSON | STARTER));
    }
}
