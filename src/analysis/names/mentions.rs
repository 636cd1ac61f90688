//! Finding name mentions in the token stream: runs of capitalised words joined by particles
//! (al-Assad, bin Salman, von der Leyen) and hyphens (Al-Mismari), without leading titles
//! (President, Field Marshal, Mr.), with possessives set apart (Haftar’s). One linear pass.

use super::key::with_folded;
use super::words::is_word;
use crate::analysis::draft::{LOWER_WORD, OTHER_WORD, UPPER_WORD};
use crate::analysis::slots;
use crate::analysis::{BlockKind, Case, Draft, Span, Token, TokenKind};
use rustc_hash::FxHashSet;
use std::ops::Range;
use std::sync::LazyLock;

/// Words that name an office or form of address, not the person (compared in lower case).
const TITLES: &[&str] = &[
    "president",
    "vice",
    "prime",
    "minister",
    "foreign",
    "defense",
    "defence",
    "interior",
    "finance",
    "secretary",
    "general",
    "field",
    "marshal",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "emir",
    "crown",
    "deputy",
    "chief",
    "colonel",
    "col",
    "gen",
    "lt",
    "lieutenant",
    "capt",
    "captain",
    "sgt",
    "sergeant",
    "commander",
    "admiral",
    "adm",
    "maj",
    "major",
    "mayor",
    "governor",
    "gov",
    "senator",
    "sen",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "chancellor",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "judge",
    "justice",
    "pope",
    "ayatollah",
    "imam",
    "rev",
    "reverend",
    "bishop",
    "archbishop",
    "cardinal",
    "chairman",
    "chairwoman",
    "speaker",
    "commissioner",
    "envoy",
    "premier",
    "supreme",
    "attorney",
    "former",
    "acting",
    "late",
    "madam",
    "uncle",
    "aunt",
];

/// The titles written as an abbreviation with a full stop: `Mr. Darcy`.
const DOTTED_TITLES: [&str; 16] = [
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Col", "Lt", "Capt", "Sgt", "Adm", "Maj", "Gov", "Sen",
    "Rep", "Rev",
];

/// Slots of [`DOTTED`]: a power of two, twice the titles it holds.
const DOTTED_SLOTS: usize = 32;

/// The slot of a packed word in [`DOTTED`]: the top bits of a multiplicative hash, with a
/// multiplier under which the dotted titles fall in different slots (checked when the table
/// is built).
const fn dotted_slot(key: u64) -> usize {
    (key.wrapping_mul(0x1E2F_EB89_414C_343D) >> (64 - DOTTED_SLOTS.trailing_zeros())) as usize
}

/// [`DOTTED_TITLES`] packed as [`key_of_head`] packs a word, each in a slot of its own
/// ([`dotted_slot`]); the other slots hold `u64::MAX`, which no word packs to (a key's top
/// byte is its length, at most 8).
static DOTTED: [u64; DOTTED_SLOTS] = {
    let mut slots = [u64::MAX; DOTTED_SLOTS];
    let mut n = 0;
    while n < DOTTED_TITLES.len() {
        let key = short_key(DOTTED_TITLES[n].as_bytes());
        let at = dotted_slot(key);
        assert!(slots[at] == u64::MAX);
        slots[at] = key;
        n += 1;
    }
    slots
};

/// Whether the word at bytes `start..start + len` of `text` is one of [`DOTTED_TITLES`]: one
/// load of its first eight bytes and one look-up, with no branch on its bytes, which follow no
/// pattern (`Darcy.`, `Mr.`).
#[inline]
fn is_dotted_title_at(text: &[u8], start: usize, len: usize) -> bool {
    match head_at(text, start) {
        Some(head) if start.saturating_add(len) <= text.len() => {
            let key = key_of_head(head, len);
            DOTTED[dotted_slot(key)] == key
        }
        _ => false,
    }
}

/// Capitalised words that are never names.
const NEVER_NAMES: &[&str] = &[
    "I", "I'm", "I’m", "I'll", "I’ll", "I've", "I’ve", "I'd", "I’d", "OK",
];

/// Whether a word as written is one of [`NEVER_NAMES`]: one look-up in [`SHORT_WORDS`].
#[inline]
fn is_never_name(word: &[u8]) -> bool {
    class_of(word) & NEVER != 0
}

/// Words that open sentences and clauses: capitalised there only because they come first, even
/// before a name (`After Haftar’s visit`). Other ordinary words before a capitalised word are
/// taken for given names (`Mark Kelly`, `Rose Byrne`).
const CLAUSE_WORDS: &[&str] = &[
    "a",
    "about",
    "according",
    "across",
    "after",
    "against",
    "all",
    "also",
    "although",
    "among",
    "an",
    "and",
    "another",
    "any",
    "as",
    "at",
    "because",
    "before",
    "both",
    "but",
    "by",
    "despite",
    "during",
    "each",
    "even",
    "every",
    "for",
    "from",
    "he",
    "her",
    "here",
    "his",
    "how",
    "if",
    "in",
    "into",
    "it",
    "its",
    "last",
    "like",
    "many",
    "meanwhile",
    "more",
    "most",
    "my",
    "neither",
    "next",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "on",
    "once",
    "one",
    "only",
    "or",
    "our",
    "over",
    "she",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "to",
    "today",
    "under",
    "unlike",
    "until",
    "up",
    "we",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "with",
    "within",
    "without",
    "yesterday",
    "yet",
    "you",
    "your",
    "dear",
    "oh",
    "yes",
    "well",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozens",
    "hundreds",
    "thousands",
    "several",
    "few",
    "other",
    "new",
    "former",
    "senior",
    "top",
    "later",
    "earlier",
    "early",
    "late",
    "first",
    "second",
    "third",
    "would",
    "will",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "did",
    "does",
    "do",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
];

/// Whether a folded word is one that opens clauses (see `CLAUSE_WORDS`).
pub fn is_clause_word(folded: &str) -> bool {
    static SET: LazyLock<FxHashSet<&str>> =
        LazyLock::new(|| CLAUSE_WORDS.iter().copied().collect());
    SET.contains(folded)
}

/// The commonest words of English prose, all in the word list (see the tests): a sentence of
/// them is English without a look-up in the list.
const COMMON_WORDS: &[&str] = &[
    "a", "of", "to", "in", "it", "he", "be", "as", "on", "at", "is", "by", "an", "my", "so", "me",
    "no", "or", "do", "am", "if", "we", "the", "and", "was", "her", "his", "she", "not", "had",
    "for", "you", "but", "him", "all", "are", "any", "who", "did", "one", "has", "can", "may",
    "now", "how", "that", "have", "said", "with", "from", "this", "they", "were", "been", "very",
    "them", "your", "will", "what", "such", "much", "more", "must", "when", "than", "know", "into",
    "then", "some", "which", "would", "could", "their", "there", "other", "should", "before",
    "herself", "only", "most", "two", "never", "little", "great", "every", "too", "these", "day",
    "many", "does", "just", "also", "like", "time", "new", "out", "up", "about", "over", "made",
    "good", "our", "us", "yet", "where",
];

/// Lower-case particles that belong to the name around them (al, bin, von, der, de, y).
const PARTICLES: &[&str] = &[
    "y", "al", "el", "de", "da", "di", "du", "la", "le", "bin", "ibn", "von", "van", "der", "den",
    "del", "dos", "das", "ter", "ten", "bint", "della",
];

/// The class of a word of [`COMMON_WORDS`] in [`SHORT_WORDS`].
const COMMON: u8 = 1;
/// The class of a word of [`PARTICLES`] in [`SHORT_WORDS`].
const PARTICLE: u8 = 2;
/// The class of a word of [`NEVER_NAMES`] in [`SHORT_WORDS`].
const NEVER: u8 = 4;

/// Slots of [`SHORT_WORDS`]: a power of two, about six times the words it holds, with a
/// multiplier ([`slot`]) that gives each word a slot of its own.
const SLOTS: usize = 1024;

/// The longest word of [`COMMON_WORDS`], [`PARTICLES`] and [`NEVER_NAMES`]: a key holds its bytes
/// below its top byte, which holds the length.
const SHORT_LEN: usize = 7;

/// How far a slot of [`SHORT_WORDS`] moves the packed key up to keep the class of its word in
/// the bits below (the key's length, at most 8, takes the four bits above its bytes, which
/// leaves room): the classes are then small numbers, which the scanner compares with no
/// 64-bit constant.
const CLASS_BITS: u32 = 3;

const _: () = assert!((NEVER as u64) < 1 << CLASS_BITS);

/// The words of [`COMMON_WORDS`], [`PARTICLES`] and [`NEVER_NAMES`] as a table of packed keys
/// (see [`class_at`]) in which no two words share a slot, each slot holding a key with its
/// class in the top bits: the scanner classes every word of a draft with one multiplication,
/// one load and one exclusive or, without hashing a string.
struct ShortWords {
    /// Packed words with their class; 0 for an empty slot (no word packs to 0).
    slots: [u64; SLOTS],
}

static SHORT_WORDS: ShortWords = ShortWords::new();

const _: () = assert!(COMMON_WORDS.len() + PARTICLES.len() + NEVER_NAMES.len() < SLOTS / 6);

impl ShortWords {
    const fn new() -> ShortWords {
        let table = ShortWords { slots: [0; SLOTS] };
        table
            .with(COMMON_WORDS, COMMON)
            .with(PARTICLES, PARTICLE)
            .with(NEVER_NAMES, NEVER)
    }

    /// The table with `words` added in class `class`.
    const fn with(mut self, words: &[&str], class: u8) -> ShortWords {
        let mut n = 0;
        while n < words.len() {
            let key = short_key(words[n].as_bytes());
            let at = slot(key);
            // A word is in one list only, and two words never share a slot.
            assert!(self.slots[at] == 0);
            self.slots[at] = key << CLASS_BITS | class as u64;
            n += 1;
        }
        self
    }

    /// The class of a packed word, 0 for a word of no list: the word's one slot holds it or
    /// holds no listed word.
    #[inline]
    fn class(&self, key: u64) -> u8 {
        // Three comparisons and no select, which the compiler would make a branch: about half
        // the words of prose are listed, so which way it would go cannot be foreseen.
        let found = self.look_up(key);
        let is = |class: u8| u8::from(found == u64::from(class)) * class;
        is(COMMON) | is(PARTICLE) | is(NEVER)
    }

    /// What the table holds of a packed word: the word's class when it is listed, a number
    /// above every class when it is not. The bits of the word's slot that differ from the
    /// moved key are its class alone when the slot holds the word.
    #[inline]
    fn look_up(&self, key: u64) -> u64 {
        self.slots[slot(key) % SLOTS] ^ key << CLASS_BITS
    }
}

/// The slot of a packed word: the top bits of a multiplicative hash, with a multiplier chosen
/// so that the listed words fall in different slots (checked when the table is built).
const fn slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C41) >> (64 - SLOTS.trailing_zeros())) as usize
}

/// The eight bytes of `text` from `start` as a little-endian `u64`, with 0 bytes past its end;
/// `None` when `start` is past the end. One unaligned load but near the end of the text.
#[inline]
fn head_at(text: &[u8], start: usize) -> Option<u64> {
    match text.get(start..start.saturating_add(8)) {
        Some(chunk) => Some(u64::from_le_bytes(chunk.try_into().unwrap_or_default())),
        None => {
            let rest = text.get(start..).filter(|rest| !rest.is_empty())?;
            let mut buf = [0u8; 8];
            let len = rest.len().min(8);
            if let (Some(to), Some(from)) = (buf.get_mut(..len), rest.get(..len)) {
                to.copy_from_slice(from);
            }
            Some(u64::from_le_bytes(buf))
        }
    }
}

/// The class ([`COMMON`], [`PARTICLE`], [`NEVER`]) of the word of `len` bytes whose text starts
/// with the bytes of `head` (see [`head_at`]), 0 when it is in no list. The word is packed with its
/// length in the top byte.
#[inline]
fn class_of_head(head: u64, len: usize) -> u8 {
    SHORT_WORDS.class(key_of_head(head, len))
}

/// A listed word packed as [`key_of_head`] packs a word of the text: its bytes, and its length
/// in the top byte. It is one to [`SHORT_LEN`] bytes long.
const fn short_key(word: &[u8]) -> u64 {
    assert!(!word.is_empty() && word.len() <= SHORT_LEN);
    (word.len() as u64) << 56 | slots::bytes_key(word)
}

/// The word of `len` bytes whose text starts with the bytes of `head`, packed with its length
/// in the top byte as [`SHORT_WORDS`] keys its words.
#[inline]
fn key_of_head(head: u64, len: usize) -> u64 {
    // Without a branch on the length: a word longer than [`SHORT_LEN`] is packed with the
    // length 8, which no listed word has, and an empty one as 0, which no listed word is.
    let len = len.min(SHORT_LEN + 1);
    // The mask keeps the word's bytes and clears the top one for the length.
    head & KEEP[len] | (len as u64) << 56
}

/// For each length of 0 to 8, the mask that keeps that many low bytes of a word's head (all
/// but the top one for 8): a load instead of two shifts by a variable count.
const KEEP: [u64; SHORT_LEN + 2] = {
    let mut keep = [0; SHORT_LEN + 2];
    let mut len = 1;
    while len < 8 {
        keep[len] = u64::MAX >> (64 - 8 * len);
        len += 1;
    }
    keep[8] = keep[7];
    keep
};

/// The class of the word at bytes `start..end` of `text` ([`COMMON`], [`PARTICLE`], [`NEVER`]),
/// 0 when it is in no list.
#[inline]
fn class_at(text: &[u8], start: usize, end: usize) -> u8 {
    if end > text.len() {
        return 0;
    }
    head_at(text, start).map_or(0, |head| class_of_head(head, end.wrapping_sub(start)))
}

/// The class of a word ([`COMMON`], [`PARTICLE`], [`NEVER`]), 0 when it is in no list.
fn class_of(word: &[u8]) -> u8 {
    class_at(word, 0, word.len())
}

/// The longest word of [`TITLES`] and more: a longer word is never a title.
const TITLE_LEN: usize = 16;

/// An offset or token index of a draft as `u32`: tokens end before 4 GiB (see
/// [`crate::analysis::Token`]), so every value stored here fits.
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One word of a name as written: `Haftar’s` has the spelling `Haftar` and a possessive.
///
/// 24 bytes, with `u32` offsets: a long draft has tens of thousands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawPart {
    start: u32,
    end: u32,
    first_token: u32,
    end_token: u32,
    /// Where the possessive ends; `end` when there is none.
    possessive_end: u32,
    /// At the start of a sentence, a quotation or a clause, or in a heading.
    pub initial: bool,
}

impl RawPart {
    /// The spelling, without possessive.
    pub const fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    pub const fn tokens(&self) -> Range<usize> {
        self.first_token as usize..self.end_token as usize
    }

    /// The possessive after the word (`’s`).
    pub const fn possessive(&self) -> Option<Span> {
        if self.possessive_end > self.end {
            Some(Span::new(self.end as usize, self.possessive_end as usize))
        } else {
            None
        }
    }

    /// The word as written, possessive included: what a correction replaces.
    pub const fn word_span(&self) -> Span {
        Span::new(self.start as usize, self.possessive_end as usize)
    }
}

/// A run of name words before the spellings are checked against the rest of the draft.
///
/// 32 bytes: its words are a range of [`RawMentions::parts`] and its offsets are `u32`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMention {
    first_part: u32,
    end_part: u32,
    /// The titles before the name; empty when there are none.
    title_start: u32,
    title_end: u32,
    start: u32,
    end: u32,
    first_token: u32,
    end_token: u32,
}

impl RawMention {
    /// The full name, particles included.
    pub const fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    pub const fn tokens(&self) -> Range<usize> {
        self.first_token as usize..self.end_token as usize
    }

    /// The titles written before the name.
    pub const fn title(&self) -> Option<Span> {
        if self.title_end > self.title_start {
            Some(Span::new(
                self.title_start as usize,
                self.title_end as usize,
            ))
        } else {
            None
        }
    }
}

/// Every run of name words of a draft, with their words in one list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawMentions {
    pub mentions: Vec<RawMention>,
    pub parts: Vec<RawPart>,
}

impl RawMentions {
    /// The words of a mention.
    pub fn parts_of(&self, mention: &RawMention) -> &[RawPart] {
        self.parts
            .get(mention.first_part as usize..mention.end_part as usize)
            .unwrap_or(&[])
    }

    /// Adds a mention of one word, without title.
    fn push_word(&mut self, unit: &Unit, initial: bool) {
        let part = narrow(self.parts.len());
        self.parts.push(RawPart {
            start: unit.start,
            end: unit.end,
            first_token: unit.first_token,
            end_token: unit.end_token,
            possessive_end: unit.possessive_end,
            initial,
        });
        self.mentions.push(RawMention {
            first_part: part,
            end_part: narrow(self.parts.len()),
            title_start: 0,
            title_end: 0,
            start: unit.start,
            end: unit.end,
            first_token: unit.first_token,
            end_token: unit.end_token,
        });
    }

    /// Adds `mention` of `from` with its words.
    fn push_from(&mut self, from: &RawMentions, mention: &RawMention) {
        let first_part = narrow(self.parts.len());
        self.parts.extend_from_slice(from.parts_of(mention));
        self.mentions.push(RawMention {
            first_part,
            end_part: narrow(self.parts.len()),
            ..mention.clone()
        });
    }

    /// Moves the mentions from `first_mention` on, with their words from `first_part` on, to the
    /// end of `into`.
    fn move_tail(&mut self, first_mention: usize, first_part: usize, into: &mut RawMentions) {
        let (from, to) = (narrow(first_part), narrow(into.parts.len()));
        let moved = self
            .mentions
            .drain(first_mention.min(self.mentions.len())..);
        into.mentions.extend(moved.map(|m| RawMention {
            first_part: m.first_part.saturating_sub(from).saturating_add(to),
            end_part: m.end_part.saturating_sub(from).saturating_add(to),
            ..m
        }));
        into.parts
            .extend(self.parts.drain(first_part.min(self.parts.len())..));
    }

    /// Appends mentions `range` of `from` with their words, moved by `shift`: the mentions of a
    /// block that an edit elsewhere did not touch, at the block's new place.
    pub fn extend_moved(&mut self, from: &RawMentions, range: Range<usize>, shift: &Shift) {
        for mention in from.mentions.get(range).unwrap_or(&[]) {
            let first_part = narrow(self.parts.len());
            self.parts
                .extend(from.parts_of(mention).iter().map(|part| RawPart {
                    start: shift.offset(part.start),
                    end: shift.offset(part.end),
                    first_token: shift.token(part.first_token),
                    end_token: shift.token(part.end_token),
                    possessive_end: shift.offset(part.possessive_end),
                    initial: part.initial,
                }));
            // No title stays none, written as an empty span at 0.
            let (title_start, title_end) = if mention.title().is_some() {
                (
                    shift.offset(mention.title_start),
                    shift.offset(mention.title_end),
                )
            } else {
                (mention.title_start, mention.title_end)
            };
            self.mentions.push(RawMention {
                first_part,
                end_part: narrow(self.parts.len()),
                title_start,
                title_end,
                start: shift.offset(mention.start),
                end: shift.offset(mention.end),
                first_token: shift.token(mention.first_token),
                end_token: shift.token(mention.end_token),
            });
        }
    }
}

/// How the mentions of a block move when an edit before it shifts it: its bytes from `was` to
/// `now`, its tokens from `old_first` to `first`.
#[derive(Debug, Clone, Copy)]
pub struct Shift {
    pub was: usize,
    pub now: usize,
    pub old_first: usize,
    pub first: usize,
}

impl Shift {
    fn offset(&self, at: u32) -> u32 {
        narrow((at as usize).saturating_sub(self.was) + self.now)
    }

    fn token(&self, index: u32) -> u32 {
        narrow((index as usize).saturating_sub(self.old_first) + self.first)
    }
}

/// Whether a token is a capitalised word or a particle, and how far it reaches with hyphens.
///
/// 24 bytes, with `u32` offsets like [`RawPart`], which it becomes as it is: a run's units are
/// moved and copied at every name of a draft.
#[derive(Debug, Clone, Copy)]
struct Unit {
    first_token: u32,
    end_token: u32,
    start: u32,
    end: u32,
    /// Where the possessive ends; `end` when there is none.
    possessive_end: u32,
    /// A lower-case particle standing on its own (`bin`, `von`).
    particle: bool,
}

impl Unit {
    /// The spelling, without possessive.
    const fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    /// The token after its last.
    const fn end_token(&self) -> usize {
        self.end_token as usize
    }

    /// Whether it is a single token, without hyphens.
    const fn is_one_token(&self) -> bool {
        self.end_token.wrapping_sub(self.first_token) == 1
    }
}

const _: () = assert!(TITLES.len() < u8::MAX as usize);

/// Whether a word names an office or form of address (compared without regard to case).
pub fn is_title(word: &str) -> bool {
    is_title_at(word.as_bytes(), 0, word.len())
}

/// Whether the spelling of a unit is a title (see [`is_title`]).
fn is_unit_title(text: &str, unit: &Unit) -> bool {
    let (start, end) = (unit.start as usize, unit.end as usize);
    is_title_at(text.as_bytes(), start, end.wrapping_sub(start))
}

/// [`TITLES`] packed as [`packed_lower`] packs a word, by index.
const TITLE_KEYS: [u128; TITLES.len()] = {
    let mut keys = [0; TITLES.len()];
    let mut n = 0;
    while n < TITLES.len() {
        let title = TITLES[n].as_bytes();
        let mut b = 0;
        while b < title.len() {
            keys[n] |= ((title[b] | 0x20) as u128) << (8 * b);
            b += 1;
        }
        n += 1;
    }
    keys
};

/// The `len` bytes of `bytes` from `start` (1 to [`TITLE_LEN`]) as a little-endian `u128`, each
/// with its 0x20 bit set: a lower-case letter stays itself and an upper-case one becomes its
/// lower case, and no other byte becomes a letter. Bytes past the end of `bytes` read as 0x20,
/// a space, which matches no letter.
fn packed_lower(bytes: &[u8], start: usize, len: usize) -> u128 {
    let raw = match bytes.get(start..start.saturating_add(TITLE_LEN)) {
        Some(chunk) => u128::from_le_bytes(chunk.try_into().unwrap_or_default()),
        None => {
            let mut buf = [0u8; TITLE_LEN];
            let rest = bytes.get(start..).unwrap_or(&[]);
            for (to, &from) in buf.iter_mut().zip(rest) {
                *to = from;
            }
            u128::from_le_bytes(buf)
        }
    };
    let keep = PLAIN_KEEP[len.clamp(1, TITLE_LEN)];
    (raw | u128::from_le_bytes([0x20; TITLE_LEN])) & keep
}

const _: () = assert!(TITLE_LEN == 16);

/// Slots of [`TITLE_SLOTS`]: a power of two, about six times the titles it holds.
const TITLE_SLOT_COUNT: usize = 512;

/// The slot of a packed word ([`packed_lower`]) in [`TITLE_SLOTS`]: its two halves folded into
/// one and the top bits of a multiplicative hash of that, with a multiplier under which the
/// titles fall in different slots (checked when the table is built).
const fn title_slot(key: u128) -> usize {
    let folded = key as u64 ^ ((key >> 64) as u64).rotate_left(32);
    (folded.wrapping_mul(0x679F_2D9E_C444_5AAF) >> (64 - TITLE_SLOT_COUNT.trailing_zeros()))
        as usize
}

/// For each slot, the index in [`TITLE_KEYS`] of the title in it, or `u8::MAX` (no index) for
/// an empty slot.
static TITLE_SLOTS: [u8; TITLE_SLOT_COUNT] = {
    let mut slots = [u8::MAX; TITLE_SLOT_COUNT];
    let mut n = 0;
    while n < TITLES.len() {
        let at = title_slot(TITLE_KEYS[n]);
        assert!(slots[at] == u8::MAX);
        slots[at] = n as u8;
        n += 1;
    }
    slots
};

/// Whether the word of `len` bytes at `start` of `bytes` names an office or form of address:
/// packed once ([`packed_lower`]) and compared as one number with the one title of its slot
/// ([`TITLE_SLOTS`]). Whether a capitalised word is a title follows no pattern: no branch is
/// taken on its bytes.
fn is_title_at(bytes: &[u8], start: usize, len: usize) -> bool {
    if len.wrapping_sub(1) >= TITLE_LEN {
        return false;
    }
    let key = packed_lower(bytes, start, len);
    let slot = TITLE_SLOTS[title_slot(key) % TITLE_SLOT_COUNT];
    TITLE_KEYS.get(usize::from(slot)) == Some(&key)
}

/// Whether a word is a lower-case particle that belongs to the name around it (al, bin, von,
/// der, de, y), as written.
pub(super) fn is_particle(word: &str) -> bool {
    class_of(word.as_bytes()) & PARTICLE != 0
}

/// The byte length of a possessive ending (’s, 's), if the word has one after at least one
/// letter.
fn possessive_len(word: &[u8]) -> usize {
    possessive_len_at(word, word.len(), word.len())
}

/// [`possessive_len`] of the word of `len` bytes that ends at byte `end` of `text`, read from
/// the four bytes before `end` with no branch on them: whether a name ends in a possessive
/// (`Darcy’s`, `Collins`) follows no pattern.
#[inline]
fn possessive_len_at(text: &[u8], end: usize, len: usize) -> usize {
    let mut tail = [0u8; 4];
    match end.checked_sub(4).and_then(|from| text.get(from..end)) {
        Some(bytes) => tail.copy_from_slice(bytes),
        // A word at the very start of the text: its bytes, at the end of the four.
        None => {
            let bytes = text.get(..end).unwrap_or(&[]);
            let n = bytes.len().min(4);
            if let (Some(to), Some(from)) = (tail.get_mut(4 - n..), bytes.get(bytes.len() - n..)) {
                to.copy_from_slice(from);
            }
        }
    }
    let tail = u32::from_le_bytes(tail);
    // `s` or `S` last, after `'` or after `’` (E2 80 99), each after at least one more byte.
    let s = (tail >> 24) as u8 | 0x20 == b's';
    let straight = s & ((tail >> 16) as u8 == b'\'') & (len > 2);
    let curly = s & (tail & 0xFF_FFFF == 0x99_80_E2) & (len > 4);
    2 * usize::from(straight) + 4 * usize::from(curly)
}

/// Whether the word that starts at byte `at` of `text` starts with an upper-case letter; ASCII
/// without decoding.
fn starts_upper(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => text
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_uppercase),
        None => false,
    }
}

/// Punctuation after which the next word starts a clause and may be capitalised for that alone.
fn opens_clause(mark: &[u8]) -> bool {
    match *mark {
        [b] => matches!(
            b,
            b'.' | b'!' | b'?' | b':' | b';' | b'"' | b'\'' | b'(' | b'[' | b'*' | b'#' | b'>'
        ),
        // … “ ‘ „ — – and «, by their UTF-8 bytes.
        [0xE2, 0x80, b] => matches!(b, 0xA6 | 0x9C | 0x98 | 0x9E | 0x94 | 0x93),
        [0xC2, 0xAB] => true,
        _ => false,
    }
}

/// The bytes of `‐` (U+2010) as the low three bytes of a little-endian load.
const HYPHEN: u64 = 0x90_80_E2;

fn is_hyphen(mark: &[u8]) -> bool {
    mark == b"-" || mark == "‐".as_bytes()
}

/// The bytes of token `i`, empty past the last.
fn token_bytes<'a>(draft: &Draft<'a>, i: usize) -> &'a [u8] {
    draft
        .tokens
        .get(i)
        .and_then(|t| draft.text.as_bytes().get(t.start()..t.end()))
        .unwrap_or(&[])
}

/// The bytes between tokens `i - 1` and `i`, as [`Draft::gap_before`] reads them: a space
/// between blocks and before the first token.
fn gap_bytes<'a>(draft: &Draft<'a>, i: usize) -> &'a [u8] {
    match (
        i.checked_sub(1).and_then(|p| draft.tokens.get(p)),
        draft.tokens.get(i),
    ) {
        (Some(&prev), Some(&next)) => gap_between(draft.text.as_bytes(), prev, next),
        _ => b" ",
    }
}

/// Whether tokens `i - 1` and `i` touch, with nothing between them.
fn touches(draft: &Draft, i: usize) -> bool {
    gap_bytes(draft, i).is_empty()
}

/// The bytes between two tokens already read, as [`gap_bytes`] reads them.
#[inline]
fn gap_between(bytes: &[u8], prev: Token, next: Token) -> &[u8] {
    if prev.block() == next.block() {
        bytes.get(prev.end()..next.start()).unwrap_or(&[])
    } else {
        b" "
    }
}

/// Whether tokens `i - 1` and `i` are apart by white space alone; ASCII without decoding.
fn spaced(draft: &Draft, i: usize) -> bool {
    let gap = gap_bytes(draft, i);
    if gap == b" " {
        return true;
    }
    if gap.is_ascii() {
        // `char::is_whitespace` on ASCII, vertical tab included.
        !gap.is_empty()
            && gap
                .iter()
                .all(|b| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'))
    } else {
        std::str::from_utf8(gap).is_ok_and(|g| g.chars().all(char::is_whitespace))
    }
}

/// Reads a capitalised word or particle at token `i` of `tokens`, joined by hyphens to
/// following capitalised words of `tokens`, or `None`. Each token it looks at is read once.
fn read_unit(text: &str, tokens: &[Token], i: usize) -> Option<Unit> {
    let bytes = text.as_bytes();
    let token = *tokens.get(i)?;
    if token.kind() != TokenKind::Word {
        return None;
    }
    let raw = bytes.get(token.start()..token.end()).unwrap_or(&[]);
    // Most words: lower case, with a first letter no particle starts with.
    if !may_start_unit(*raw.first()?) {
        return None;
    }
    // Plain-text emphasis (`_Darcy_`) is not part of the word.
    let lead = if raw.first() == Some(&b'_') {
        raw.iter().take_while(|&&b| b == b'_').count()
    } else {
        0
    };
    let word = raw.get(lead..).unwrap_or(&[]);
    // The token knows the case of its first character; after emphasis the text is asked.
    let upper = if lead == 0 {
        token.case() == Case::Upper
    } else {
        !word.is_empty() && starts_upper(text, token.start() + lead)
    };
    // The particles are lower case: a capitalised word is none of them.
    let particle = !upper && class_of(word) & PARTICLE != 0;
    if !upper && !particle {
        return None;
    }
    // The never-names all start with I or O.
    if upper && matches!(word.first(), Some(b'I' | b'O')) && is_never_name(word) {
        return None;
    }
    let (mut last, mut last_token, mut last_bytes) = (i, token, raw);
    // Most words are followed by a space: whether the token after touches the word is asked
    // before anything else is read of it.
    while let Some(&hyphen) = tokens
        .get(last + 1)
        .filter(|&&hyphen| gap_between(bytes, last_token, hyphen).is_empty())
    {
        let Some(&next) = tokens.get(last + 2) else {
            break;
        };
        let next_bytes = bytes.get(next.start()..next.end()).unwrap_or(&[]);
        if !(is_hyphen(bytes.get(hyphen.start()..hyphen.end()).unwrap_or(&[]))
            && gap_between(bytes, hyphen, next).is_empty()
            && next.kind() == TokenKind::Word
            && next.case() == Case::Upper
            && possessive_len(last_bytes) == 0)
        {
            break;
        }
        (last, last_token, last_bytes) = (last + 2, next, next_bytes);
    }
    if !upper && last == i {
        return Some(Unit {
            first_token: narrow(i),
            end_token: narrow(i + 1),
            start: narrow(token.start()),
            end: narrow(token.end()),
            possessive_end: narrow(token.end()),
            particle: true,
        });
    }
    let trailing = if last_bytes.last() == Some(&b'_') {
        last_bytes.iter().rev().take_while(|&&b| b == b'_').count()
    } else {
        0
    };
    let cut = possessive_len(last_bytes.get(..last_bytes.len() - trailing).unwrap_or(&[]));
    let start = token.start() + lead;
    let end = (last_token.end() - trailing - cut).max(start);
    // Without a possessive it ends where the spelling does.
    let possessive_end = if cut > 0 {
        last_token.end() - trailing
    } else {
        end
    };
    Some(Unit {
        first_token: narrow(i),
        end_token: narrow(last + 1),
        start: narrow(start),
        end: narrow(end),
        possessive_end: narrow(possessive_end),
        particle: false,
    })
}

/// Every run of name words in the draft, in text order.
pub fn scan(draft: &Draft) -> RawMentions {
    // English prose has a name word about every fifteen tokens (Pride and Prejudice: some
    // 11,000 in 164,000): one allocation each for most drafts, and less spare room than
    // growing by doubling leaves.
    let expected = draft.tokens.len() / 12;
    let mut out = RawMentions {
        mentions: Vec::with_capacity(expected),
        parts: Vec::with_capacity(expected),
    };
    let mut foreign = RawMentions::default();
    let mut scanner = BlockScanner::default();
    for block in 0..draft.blocks.len() {
        scanner.scan(draft, block, &mut out, &mut foreign);
    }
    merge_foreign(draft, out, &foreign)
}

/// Reads the names of one block at a time. What it finds in a block depends on that block's
/// text alone (never on its neighbours), which lets [`crate::analysis::incremental`] keep the
/// mentions of the blocks an edit did not touch.
#[derive(Default)]
pub struct BlockScanner {
    scratch: Scratch,
}

impl BlockScanner {
    /// Appends the mentions of block `block` of the draft, in text order: those of English
    /// sentences to `out`, those of sentences in another language to `foreign`.
    pub fn scan(
        &mut self,
        draft: &Draft,
        block: usize,
        out: &mut RawMentions,
        foreign: &mut RawMentions,
    ) {
        let Some(block) = draft.blocks.get(block) else {
            return;
        };
        let heading = block.kind == BlockKind::Heading;
        for sentence in draft.sentences.get(block.sentences.clone()).unwrap_or(&[]) {
            scan_sentence(
                draft,
                sentence.tokens(),
                heading,
                &mut self.scratch,
                out,
                foreign,
            );
        }
    }
}

/// The mentions of the whole draft from those [`BlockScanner`] found: the English ones, and of
/// the foreign ones those the English text spells the same way, in text order.
///
/// A name in a sentence of another language counts only where the English text spells it the
/// same way (Calderón in a Spanish quotation backs Calderón in the story); otherwise it is that
/// language's form (Chine, Africains, Guyane), not a spelling of the story's names.
pub fn merge_foreign(draft: &Draft, mut out: RawMentions, foreign: &RawMentions) -> RawMentions {
    if !foreign.mentions.is_empty() {
        let english: FxHashSet<&str> = out
            .mentions
            .iter()
            .map(|m| m.span().text(draft.text))
            .collect();
        for m in &foreign.mentions {
            if english.contains(m.span().text(draft.text)) {
                out.push_from(foreign, m);
            }
        }
    }
    // Already in text order unless foreign mentions were added.
    if !out.mentions.is_sorted_by_key(|m| m.start) {
        out.mentions.sort_by_key(|m| m.start);
    }
    out
}

/// What [`Language::is_foreign`] needs of a sentence's words, counted in one walk over them.
struct Language {
    /// The lower-case words.
    lower: u32,
    /// Those of them in [`COMMON_WORDS`].
    common: u32,
}

impl Language {
    /// Reads the words of a sentence once, `tokens` being its tokens: counts them for
    /// [`Language::is_foreign`], and marks in `candidates` (see [`Scratch::candidates`]) every
    /// token that may start a name: a word that is not lower-case ASCII nor one of
    /// [`NEVER_NAMES`], or a particle. One load of a word's first eight bytes and one look-up
    /// in [`SHORT_WORDS`] tell whether it is lower case, whether it is common, whether it is a
    /// particle and whether it is never a name. Kept out of line, so that the counts stay in
    /// registers for the whole walk.
    #[inline(never)]
    fn read(text: &str, tokens: &[Token], candidates: &mut Vec<u64>) -> Language {
        let bytes = text.as_bytes();
        let words = tokens.len().div_ceil(64);
        if candidates.len() < words {
            candidates.resize(words, 0);
        }
        // The lower-case words in the low half, those of them in [`COMMON_WORDS`] in the high
        // half: one addition a token for both.
        let mut counts = 0u64;
        for (chunk, marks) in tokens.chunks(64).zip(candidates.iter_mut()) {
            // Each token's mark comes in at the bottom and moves up one bit at each token
            // after: the last token's is bit 0 until they are turned round.
            let mut found = 0u64;
            for token in chunk {
                // A word that starts in the text's last eight bytes is read again below.
                let start = token.start();
                let head = bytes
                    .get(start..start.saturating_add(8))
                    .map_or(0, |chunk| {
                        u64::from_le_bytes(chunk.try_into().unwrap_or_default())
                    });
                let at = Language::index(token, head);
                counts += TOKEN_COUNTS[at];
                found = found << 1 | u64::from(TOKEN_MAY_START[at]);
            }
            *marks = found.reverse_bits() >> (64 - chunk.len());
        }
        // The words that start in the text's last eight bytes, only ever at the end of the
        // last sentence, were read as 0 bytes: counted again from what is there, once for the
        // sentence rather than asked at each token. An empty word at the end of the text is
        // neither a tag's nor a name's concern.
        let (mut lower, mut common) = (counts as u32, (counts >> 32) as u32);
        for (n, token) in tokens.iter().enumerate().rev() {
            let start = token.start();
            if start.saturating_add(8) <= bytes.len() {
                break;
            }
            let (was_lower, was_common, _) = Language::class(token, 0);
            let (is_lower, is_common, may_start) = match head_at(bytes, start) {
                Some(head) => Language::class(token, head),
                None => (false, false, false),
            };
            lower = lower - u32::from(was_lower) + u32::from(is_lower);
            common = common - u32::from(was_common) + u32::from(is_common);
            if let Some(marks) = candidates.get_mut(n / 64) {
                *marks = *marks & !(1 << (n % 64)) | u64::from(may_start) << (n % 64);
            }
        }
        Language { lower, common }
    }

    /// What [`Language::read`] counts of a token whose text starts with the bytes of `head`
    /// (see [`head_at`]): whether it is a lower-case word, whether it is one of
    /// [`COMMON_WORDS`], and whether it may start a name.
    #[inline(always)]
    fn class(token: &Token, head: u64) -> (bool, bool, bool) {
        let at = Language::index(token, head);
        let counts = TOKEN_COUNTS[at];
        (counts & 1 != 0, counts >> 32 != 0, TOKEN_MAY_START[at] != 0)
    }

    /// The index in [`TOKEN_COUNTS`] and [`TOKEN_MAY_START`] of a token whose text starts with
    /// the bytes of `head`: its tag, whether its first byte is outside ASCII, and what
    /// [`SHORT_WORDS`] holds of it ([`token_index`]). Every token is classed without a branch
    /// on its kind: a lower-case word, punctuation and a capitalised word follow each other in
    /// no pattern a branch could learn.
    #[inline(always)]
    fn index(token: &Token, head: u64) -> usize {
        let found = SHORT_WORDS.look_up(key_of_head(head, token.end().wrapping_sub(token.start())));
        // A listed word's slot gives its class, below 8; any other word's gives more.
        let listed = usize::from(found < 8);
        token_index(token.tag(), head as u8 >= 0x80, listed, found as usize & 7)
    }
    /// Whether the sentence is in another language: of its lower-case words (four or more),
    /// fewer than half are English. Its capitalised words are then that language's (Chine,
    /// Africains, Guyane), not spellings of the English text's names.
    ///
    /// Every word of [`COMMON_WORDS`] is English (see the tests): only when they fall short of
    /// half are the other lower-case words of `range` looked up in the word list, until half the
    /// words are English.
    fn is_foreign(&self, draft: &Draft, range: Range<usize>) -> bool {
        let lower = self.lower as usize;
        let mut english = self.common as usize;
        // Four lower-case words or more, fewer than half of them common: the count against the
        // larger of the two bounds, as whether a sentence is short follows no pattern.
        if lower < (2 * english + 1).max(4) {
            return false;
        }
        let text = draft.text;
        for token in draft.tokens.get(range).unwrap_or(&[]) {
            // The token knows the case of its first character.
            if token.kind() != TokenKind::Word || token.case() != Case::Lower {
                continue;
            }
            // Classed in the draft's text, where the word's first eight bytes are one load. A
            // word of lower-case ASCII letters alone is its own folded form.
            let (start, end) = (token.start(), token.end());
            let word = token.span().text(text);
            if class_at(text.as_bytes(), start, end) & COMMON == 0
                && if is_plain_lower(text.as_bytes(), start, end.wrapping_sub(start)) {
                    is_word(word)
                } else {
                    with_folded(word, is_word)
                }
            {
                english += 1;
                if english * 2 >= lower {
                    return false;
                }
            }
        }
        true
    }
}

/// Whether the `len` bytes of `text` from `start` are ASCII lower-case letters alone, for a
/// word of 1 to 16 bytes that does not end the text; `false` otherwise. Read as two 8-byte
/// numbers, every byte tested at once, with no loop whose end would follow the word's length.
fn is_plain_lower(text: &[u8], start: usize, len: usize) -> bool {
    let Some(chunk) = text.get(start..start.saturating_add(16)) else {
        return false;
    };
    let (Some(keep), Ok(chunk)) = (PLAIN_KEEP.get(len), <[u8; 16]>::try_from(chunk)) else {
        return false;
    };
    let (keep, chunk) = (*keep, u128::from_le_bytes(chunk));
    let half = |shift: u32| {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let keep = (keep >> shift) as u64;
        // The bytes past the word read as `a`, a letter.
        let x = (chunk >> shift) as u64 & keep | 0x6161_6161_6161_6161 & !keep;
        // Below 0x80, at least `a` and below `{`: adding 0x1F sets a byte's top bit from `a` on,
        // adding 5 from `{` on, and neither carries into the next byte.
        (x & HIGH == 0)
            & (x.wrapping_add(0x1F1F_1F1F_1F1F_1F1F) & HIGH == HIGH)
            & (x.wrapping_add(0x0505_0505_0505_0505) & HIGH == 0)
    };
    (len > 0) & half(0) & half(64)
}

/// For each length of 0 to 16, the mask that keeps that many low bytes of a `u128`.
const PLAIN_KEEP: [u128; 17] = {
    let mut keep = [0; 17];
    let mut len = 1;
    while len <= 16 {
        keep[len] = u128::MAX >> (128 - 8 * len);
        len += 1;
    }
    keep
};

/// The index of a token in [`TOKEN_COUNTS`] and [`TOKEN_MAY_START`]: its tag
/// ([`Token::tag`], four bits), whether its first byte is outside ASCII, whether
/// [`SHORT_WORDS`] lists its word, and the word's class there (any three bits when it is not
/// listed).
#[inline(always)]
const fn token_index(tag: u32, non_ascii: bool, listed: usize, class: usize) -> usize {
    (tag as usize % 16) << 5 | (non_ascii as usize) << 4 | listed << 3 | class
}

/// Every index [`token_index`] gives.
const TOKEN_INDICES: usize = 16 << 5;

/// What [`Language::is_foreign`] counts of a token, by [`token_index`]: 1 for a lower-case
/// word, and `1 << 32` more for a word of [`COMMON_WORDS`], so that adding them up counts both.
static TOKEN_COUNTS: [u64; TOKEN_INDICES] = token_table().0;

/// Whether a token may start a name, by [`token_index`]: a particle, a word in upper case or in
/// neither (`1990s`), or one whose first letter is lower case outside ASCII (`été`); but not
/// `I`, a capitalised word on nearly every line of dialogue, nor the other never-names.
static TOKEN_MAY_START: [u8; TOKEN_INDICES] = token_table().1;

/// [`TOKEN_COUNTS`] and [`TOKEN_MAY_START`].
const fn token_table() -> ([u64; TOKEN_INDICES], [u8; TOKEN_INDICES]) {
    let (mut counts, mut may_start) = ([0; TOKEN_INDICES], [0; TOKEN_INDICES]);
    let mut tag = 0;
    while tag < 16 {
        let mut bits = 0;
        while bits < 32 {
            let (non_ascii, listed, class) = (bits >> 4 == 1, bits >> 3 & 1, bits & 7);
            let at = token_index(tag, non_ascii, listed, class);
            // Only a listed word has a class.
            let class = if listed == 1 { class as u8 } else { 0 };
            let is_lower = tag == LOWER_WORD;
            let upper_or_other = tag.wrapping_sub(UPPER_WORD) <= OTHER_WORD - UPPER_WORD;
            counts[at] = is_lower as u64 | ((class == COMMON) as u64) << 32;
            let may = upper_or_other || class == PARTICLE || (is_lower && non_ascii);
            may_start[at] = (may && class != NEVER) as u8;
            bits += 1;
        }
        tag += 1;
    }
    (counts, may_start)
}

/// The commonest words of English prose, answered without hashing: each is in the word list
/// (see the tests), so this only saves [`is_word`] the look-up for about half the words of a
/// sentence.
#[cfg(test)]
fn is_common_word(word: &str) -> bool {
    class_of(word.as_bytes()) & COMMON != 0
}

/// Whether a word starting with this byte may be a name word or particle: lower-case words
/// qualify only when their first letter starts a particle (see [`is_particle`]).
fn may_start_unit(first: u8) -> bool {
    !first.is_ascii_lowercase()
        || matches!(
            first,
            b'a' | b'b' | b'd' | b'e' | b'i' | b'l' | b't' | b'v' | b'y'
        )
}

/// Whether token `i` is a word that may be a name word or particle by its first byte (see
/// [`may_start_unit`]); what [`read_unit`] looks at first.
fn may_start_unit_at(draft: &Draft, i: usize) -> bool {
    draft.tokens.get(i).is_some_and(|t| {
        t.kind() == TokenKind::Word
            && draft
                .text
                .as_bytes()
                .get(t.start())
                .is_some_and(|&b| may_start_unit(b))
    })
}

/// Buffers reused across the sentences of a draft: the candidates of a sentence and the units
/// of a run.
#[derive(Default)]
struct Scratch {
    /// The candidates of a sentence (see [`Language::read`]): the bit `n % 64` of entry `n / 64`
    /// says whether the sentence's token `n` is one.
    candidates: Vec<u64>,
    units: Vec<Unit>,
}

/// Appends the mentions of a sentence to `out`, or to `foreign` when it is in another language
/// (see [`Language::is_foreign`]).
///
/// Most words of a sentence are lower case and no particle: [`Language::read`] passes over all
/// of them once, in a tight loop that counts them for the language test and notes the few words
/// that may start a name, and the scanner looks closer only at those. Whether such a word opens
/// a clause or is a tag depends on the token before it alone, so both are asked there, together
/// ([`Before`]); and the language test is made only for a sentence that produced mentions.
fn scan_sentence(
    draft: &Draft,
    range: Range<usize>,
    heading: bool,
    scratch: &mut Scratch,
    out: &mut RawMentions,
    foreign: &mut RawMentions,
) {
    let (first_mention, first_part) = (out.mentions.len(), out.parts.len());
    let tokens = draft.tokens.get(..range.end).unwrap_or(&draft.tokens);
    let language = Language::read(
        draft.text,
        tokens.get(range.start..).unwrap_or(&[]),
        &mut scratch.candidates,
    );
    let candidates = scratch
        .candidates
        .get(..range.len().div_ceil(64))
        .unwrap_or(&[]);
    let is_candidate = |at: usize| {
        let n = at.wrapping_sub(range.start);
        candidates
            .get(n / 64)
            .is_some_and(|&marks| marks >> (n % 64) & 1 != 0)
    };
    let mut i = range.start;
    let mut left = candidates.first().copied().unwrap_or(0);
    let mut word = 0;
    loop {
        // The next candidate: the lowest mark left in this word of marks or a later one.
        while left == 0 && word + 1 < candidates.len() {
            word += 1;
            left = candidates.get(word).copied().unwrap_or(0);
        }
        if left == 0 {
            break;
        }
        let at = range.start + 64 * word + left.trailing_zeros() as usize;
        left &= left - 1;
        // A candidate that a run before took in is read with that run.
        if at < i {
            continue;
        }
        i = at + 1;
        let before = Before::read(draft, at);
        if before.tag {
            continue;
        }
        // Most candidates are one capitalised word followed by a lower-case word or a mark:
        // told from the tokens around it, with a byte or two of the text.
        if let Some(unit) = lone_word(draft.text.as_bytes(), tokens, at, is_candidate(at + 1)) {
            if !is_unit_title(draft.text, &unit) {
                out.push_word(&unit, at == range.start || before.opens || heading);
            }
            continue;
        }
        if let Some((title, unit)) = titled_word(draft, tokens, at, is_candidate(at + 3)) {
            // What `split_run` makes of a dotted title and one word: the word's mention,
            // unless it is a title too, neither of them initial outside a heading.
            if !is_unit_title(draft.text, &unit) {
                push_mention(&[unit], Some(title), heading, heading, out);
            }
            i = at + 3;
            continue;
        }
        let Some(first) = read_unit(draft.text, tokens, at) else {
            continue;
        };
        let at_start = at == range.start || before.opens;
        let next = read_run(draft, tokens, first, &mut scratch.units).max(at + 1);
        let units = &scratch.units;
        if let [unit] = units.as_slice() {
            // One word, as most runs are: a mention unless it is a title or a lone particle.
            if !unit.particle && !is_unit_title(draft.text, unit) {
                out.push_word(unit, at_start || heading);
            }
            i = next;
            continue;
        }
        // A run longer than any name (a title-case line, a list of names without commas) is
        // read in slices, which keeps the gazetteer look-ups of `split_run` linear.
        for (n, slice) in units.chunks(MAX_RUN).enumerate() {
            if slice.iter().any(|u| !u.particle) {
                split_run(draft, slice, at_start && n == 0, heading, out);
            }
        }
        i = next;
    }
    // The mentions of a sentence without any stay where they are, whatever its language.
    if out.mentions.len() > first_mention && language.is_foreign(draft, range) {
        out.move_tail(first_mention, first_part, foreign);
    }
}

/// The unit of candidate `at` when it is surely a name of one word: a capitalised word of one
/// token that neither a hyphen, a full stop nor a following name word or particle can extend,
/// as [`read_unit`] and [`read_run`] would read it. `None` when it may be anything else, left
/// to them. Each token is read once, and of the text only the word and the next
/// token's first byte.
///
/// A candidate of [`Language::read`] is never one of [`NEVER_NAMES`], so that is not asked; and
/// as every particle is a candidate, `next_is_candidate` (whether token `at + 1` is one) tells
/// whether a lower-case word after it is a particle without reading it.
#[inline(always)]
fn lone_word(bytes: &[u8], tokens: &[Token], at: usize, next_is_candidate: bool) -> Option<Unit> {
    let token = *tokens.get(at)?;
    if token.kind() != TokenKind::Word || token.case() != Case::Upper {
        return None;
    }
    let raw = bytes.get(token.start()..token.end())?;
    // Emphasis after the word (`_Darcy_`) is cut by `read_unit`.
    if raw.last() == Some(&b'_') {
        return None;
    }
    if let Some(&next) = tokens.get(at + 1) {
        // What comes after a name follows no pattern (`Darcy said`, `Darcy,`, `Mr.`, `Sir
        // William`): every test below is made, and their answers are combined as bits, so that
        // only the answer is a branch.
        let head = head_at(bytes, next.start())?;
        let first = head as u8;
        let len = next.end().wrapping_sub(next.start());
        let touching = (next.block() == token.block()) & (next.start() <= token.end());
        // A mark touching the word: a hyphen (`-`, or `‐` in its three bytes) may join another
        // word to it and a full stop may end a dotted title; any other mark ends the run.
        let hyphen = ((len == 1) & (first == b'-')) | ((len == 3) & (head & 0xFF_FFFF == HYPHEN));
        let title = (first == b'.') & is_dotted_title_at(bytes, token.start(), raw.len());
        // A word after a space may be a name word or particle that continues the run; a
        // lower-case one is a particle only if it is a candidate too.
        let word = next.kind() == TokenKind::Word;
        let continues = word & (next_is_candidate | !first.is_ascii_lowercase());
        if (touching & (hyphen | title)) | (!touching & continues) {
            return None;
        }
    }
    let cut = possessive_len_at(bytes, token.end(), raw.len());
    let start = token.start();
    // A possessive is shorter than the word, so the word ends after it starts.
    let end = (token.end() - cut).max(start);
    Some(Unit {
        first_token: narrow(at),
        end_token: narrow(at + 1),
        start: narrow(start),
        end: narrow(end),
        // With a possessive or without, where the token ends.
        possessive_end: narrow(token.end()),
        particle: false,
    })
}

/// The title and the unit of a dotted title followed by one name word (`Mr. Darcy`), when
/// candidate `at` starts such a run and the word is surely a name of one word, as
/// [`read_unit`] and [`read_run`] would read them; `None` when it may be anything else.
/// `after_is_candidate` tells whether the token after the word (`at + 3`) is a candidate.
fn titled_word(
    draft: &Draft,
    tokens: &[Token],
    at: usize,
    after_is_candidate: bool,
) -> Option<(Span, Unit)> {
    let bytes = draft.text.as_bytes();
    let (token, stop) = (*tokens.get(at)?, *tokens.get(at + 1)?);
    if token.kind() != TokenKind::Word || token.case() != Case::Upper {
        return None;
    }
    if !(is_dotted_title_at(
        bytes,
        token.start(),
        token.end().wrapping_sub(token.start()),
    ) && stop.block() == token.block()
        && stop.start() <= token.end()
        && bytes.get(stop.start()..stop.end())? == b"."
        && spaced(draft, at + 2))
    {
        return None;
    }
    let word = at + 2;
    if is_never_name(token_bytes(draft, word)) {
        return None;
    }
    let unit = lone_word(bytes, tokens, word, after_is_candidate)?;
    Some((token.span(), unit))
}

/// What the token before a word that may start a name tells of it, read once for both
/// questions.
struct Before {
    /// The word is a hashtag or a handle (`#Perú`, `@Oxfam`): an identifier written as its owner
    /// chose, not a spelling of the name.
    tag: bool,
    /// The token before opens a clause, so that the word may be capitalised for that alone: a
    /// mark of [`opens_clause`], or a hyphen with space before it (a dash).
    opens: bool,
}

impl Before {
    fn read(draft: &Draft, at: usize) -> Before {
        let bytes = draft.text.as_bytes();
        let (Some(&prev), Some(&word)) = (
            at.checked_sub(1).and_then(|p| draft.tokens.get(p)),
            draft.tokens.get(at),
        ) else {
            return Before {
                tag: false,
                opens: false,
            };
        };
        // Most tokens before a candidate are words of more than one byte: neither a tag's mark
        // nor a mark that opens a clause, told without reading the text.
        if prev.kind() != TokenKind::Punct && prev.end().wrapping_sub(prev.start()) != 1 {
            return Before {
                tag: false,
                opens: false,
            };
        }
        let mark = bytes.get(prev.start()..prev.end()).unwrap_or(&[]);
        Before {
            tag: matches!(mark, b"#" | b"@") && gap_between(bytes, prev, word).is_empty(),
            opens: prev.kind() == TokenKind::Punct
                && (opens_clause(mark) || (is_hyphen(mark) && !touches(draft, at - 1))),
        }
    }
}

/// Collects units separated by plain spaces: capitalised words, with particles only between
/// them or before one, and dotted titles (`Mr. Darcy`), into `units` (cleared first). Returns
/// the next token. `tokens` ends where the run must.
fn read_run(draft: &Draft, tokens: &[Token], first: Unit, units: &mut Vec<Unit>) -> usize {
    let (text, end) = (draft.text, tokens.len());
    units.clear();
    units.push(first);
    let mut last = first;
    while last.possessive_end <= last.end {
        let mut j = last.end_token();
        // `Mr. Darcy`: a dotted title continues over its full stop; the stop is looked for
        // first, as most words have none after them.
        if j < end
            && token_bytes(draft, j) == b"."
            && last.is_one_token()
            && draft.tokens.get(j - 1).is_some_and(|t| {
                is_dotted_title_at(text.as_bytes(), t.start(), t.end().wrapping_sub(t.start()))
            })
            && touches(draft, j)
        {
            j += 1;
        }
        // Most runs end at a lower-case word or a mark: told by its first byte, before the gap.
        if j >= end || !may_start_unit_at(draft, j) || !spaced(draft, j) {
            break;
        }
        let Some(unit) = read_unit(text, tokens, j) else {
            break;
        };
        if unit.particle {
            // Particles join only when a capitalised word follows them; they wait at the end
            // of `units` until one does, and are dropped when none does.
            let waiting = units.len();
            units.push(unit);
            let mut k = j + 1;
            let mut joined = None;
            while k < end && spaced(draft, k) {
                match read_unit(text, tokens, k) {
                    Some(u) if u.particle => {
                        k = u.end_token();
                        units.push(u);
                    }
                    Some(u) => {
                        units.push(u);
                        joined = Some(u);
                        break;
                    }
                    None => break,
                }
            }
            let Some(u) = joined else {
                units.truncate(waiting);
                break;
            };
            last = u;
        } else {
            units.push(unit);
            last = unit;
        }
    }
    units.last().map_or(end, Unit::end_token)
}

/// Turns a run into mentions: leading titles set apart, a leading demonym
/// (`Russian Foreign Minister Sergey Lavrov`) made a mention of its own.
/// The most name words `split_run` looks at together: longer than any name a draft spells
/// ("Secretary of the Security Council of the Russian Federation" is nine).
const MAX_RUN: usize = 12;

fn split_run(draft: &Draft, units: &[Unit], at_start: bool, heading: bool, out: &mut RawMentions) {
    let text = draft.text;
    let mut start = 0;
    let mut initial = at_start || heading;
    // A leading particle with nothing capitalised before it stays with the name (de Gaulle).
    while start < units.len() {
        let mut title: Option<Span> = None;
        while start + 1 < units.len()
            && !units[start].particle
            && units[start].is_one_token()
            && is_unit_title(text, &units[start])
        {
            let span = units[start].span();
            title = Some(title.map_or(span, |t| Span::new(t.start, span.end)));
            start += 1;
            initial = heading;
        }
        if start + 1 == units.len() && is_unit_title(text, &units[start]) {
            return;
        }
        // A demonym before more name words is a mention of its own.
        let mut stop = units.len();
        if title.is_none() && stop - start > 1 && !units[start].particle {
            let gazetteer = super::gazetteer::gazetteer();
            // The first word's look-up answers for it as a demonym and as a place alone.
            let (demonym, first_place) = with_folded(units[start].span().text(text), |first| {
                (
                    gazetteer
                        .exact(first)
                        .any(|k| k.form == super::gazetteer::Form::Demonym),
                    is_known_place(first),
                )
            });
            let whole = Span::new(units[start].span().start, units[stop - 1].span().end);
            let whole_known = with_folded(whole.text(text), |whole| {
                gazetteer.exact(whole).next().is_some()
            });
            if demonym && !whole_known {
                stop = start + 1;
            } else if !whole_known {
                stop = start
                    + known_place_prefix(text, &units[start..stop], first_place)
                        .unwrap_or(stop - start);
            }
        }
        push_mention(&units[start..stop], title, initial, heading, out);
        start = stop;
        initial = heading;
    }
}

/// The length of the longest run of units at the start that is a gazetteer place and is
/// followed by another name (`Middle East Kirill Semenov`, `Italy Turkey`), if any.
/// `first_place` tells whether the first unit alone is a place, already looked up; the word
/// after a prefix is folded only when the prefix is a place.
fn known_place_prefix(text: &str, units: &[Unit], first_place: bool) -> Option<usize> {
    let gazetteer = super::gazetteer::gazetteer();
    (1..units.len()).rev().find(|&k| {
        if units[k - 1].particle || units[k].particle {
            return false;
        }
        let place = if k == 1 {
            first_place
        } else {
            let prefix = Span::new(units[0].span().start, units[k - 1].span().end);
            with_folded(prefix.text(text), is_known_place)
        };
        place
            && with_folded(units[k].span().text(text), |next| {
                gazetteer.exact(next).next().is_some() || !is_word(next)
            })
    })
}

/// Whether a folded spelling is a place the gazetteer knows, other than as part of a longer
/// name.
fn is_known_place(folded: &str) -> bool {
    let gazetteer = super::gazetteer::gazetteer();
    gazetteer.exact(folded).any(|known| {
        gazetteer
            .entry(known.entry)
            .is_some_and(|e| e.kind.is_place())
            && known.form != super::gazetteer::Form::Part
    })
}

fn push_mention(
    units: &[Unit],
    title: Option<Span>,
    initial: bool,
    heading: bool,
    out: &mut RawMentions,
) {
    let (Some(first), Some(last)) = (units.first(), units.last()) else {
        return;
    };
    let first_part = out.parts.len();
    for (n, u) in units.iter().enumerate() {
        if !u.particle {
            out.parts.push(RawPart {
                start: u.start,
                end: u.end,
                first_token: u.first_token,
                end_token: u.end_token,
                possessive_end: u.possessive_end,
                initial: heading || (initial && n == 0),
            });
        }
    }
    if out.parts.len() == first_part {
        return;
    }
    let title = title.unwrap_or_default();
    out.mentions.push(RawMention {
        first_part: narrow(first_part),
        end_part: narrow(out.parts.len()),
        title_start: narrow(title.start),
        title_end: narrow(title.end),
        start: first.start,
        end: last.end,
        first_token: first.first_token,
        end_token: last.end_token,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Format;

    fn mentions(text: &str) -> Vec<(String, bool)> {
        let draft = Draft::new(text, Format::PlainText);
        let found = scan(&draft);
        found
            .mentions
            .iter()
            .map(|m| {
                (
                    m.span().text(text).to_string(),
                    found.parts_of(m).first().is_some_and(|p| p.initial),
                )
            })
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        mentions(text).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn particles_and_hyphens_belong_to_the_name() {
        assert_eq!(
            names("They met Bashar al-Assad, Ahmed Al-Mismari and Ursula von der Leyen in Paris."),
            vec![
                "They",
                "Bashar al-Assad",
                "Ahmed Al-Mismari",
                "Ursula von der Leyen",
                "Paris"
            ]
        );
        assert_eq!(names("and then de Gaulle left"), vec!["de Gaulle"]);
        assert_eq!(
            names("met Mohammed bin Salman today"),
            vec!["Mohammed bin Salman"]
        );
    }

    #[test]
    fn titles_are_not_part_of_the_name() {
        assert_eq!(
            names("as Field Marshal Khalifa Haftar and Mr. Darcy said"),
            vec!["Khalifa Haftar", "Darcy"]
        );
        let draft = Draft::new("as President Vladimir Putin said", Format::PlainText);
        let found = scan(&draft);
        assert_eq!(
            found.mentions[0].title().map(|t| t.text(draft.text)),
            Some("President")
        );
    }

    #[test]
    fn particles_are_lower_case_words_of_a_list() {
        let all = [
            "al", "el", "bin", "ibn", "bint", "von", "van", "der", "den", "de", "da", "di", "du",
            "del", "della", "dos", "das", "la", "le", "ter", "ten", "y",
        ];
        for word in all {
            assert!(is_particle(word), "{word}");
            // `read_unit` passes over lower-case words whose first letter starts no particle.
            assert!(b"abdeiltvy".contains(&word.as_bytes()[0]), "{word}");
        }
        for word in ["Al", "yy", "the", "dell", "", "al-"] {
            assert!(!is_particle(word), "{word}");
        }
    }

    #[test]
    fn titles_are_found_in_any_case_but_never_past_their_length() {
        assert!(is_title("President"));
        assert!(is_title("FIELD"));
        assert!(is_title("congresswoman"));
        assert!(!is_title("Presidents"));
        assert!(!is_title("Président"));
        assert!(!is_title("representativerepresentative"));
        assert!(TITLES.iter().all(|t| t.len() <= TITLE_LEN && is_title(t)));
        // The scanner takes a dotted title for a title without asking (`Mr. Darcy`).
        for dotted in [
            "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Col", "Lt", "Capt", "Sgt", "Adm", "Maj",
            "Gov", "Sen", "Rep", "Rev",
        ] {
            assert!(
                is_dotted_title_at(dotted.as_bytes(), 0, dotted.len()) && is_title(dotted),
                "{dotted}"
            );
        }
    }

    #[test]
    fn titles_are_told_inside_a_text_and_at_its_end() {
        let text = b"said Mr Darcy to the PRESIDENT";
        assert!(is_title_at(text, 5, 2));
        assert!(!is_title_at(text, 8, 5));
        assert!(is_title_at(text, 21, 9));
        // Past the end of the text a word reads as padded with spaces, which match no title.
        assert!(is_title_at(b"met Mr", 4, 2));
        assert!(!is_title_at(b"met Mr", 4, 3));
        // Only letters change with their 0x20 bit: `@` becomes a backquote, no `s`.
        assert!(!is_title_at(b"M@", 0, 2));
        assert!(!is_title_at(b"MS", 5, 2));
    }

    #[test]
    fn a_leading_demonym_is_a_mention_of_its_own() {
        assert_eq!(
            names("and Russian Foreign Minister Sergey Lavrov said"),
            vec!["Russian", "Sergey Lavrov"]
        );
    }

    #[test]
    fn possessives_end_the_name_and_are_set_apart() {
        let text = "against Haftar’s army";
        let draft = Draft::new(text, Format::PlainText);
        let found = scan(&draft);
        let part = found.parts_of(&found.mentions[0])[0];
        assert_eq!(part.span().text(text), "Haftar");
        assert_eq!(part.possessive().map(|p| p.text(text)), Some("’s"));
    }

    #[test]
    fn sentence_and_quote_starts_are_marked() {
        assert_eq!(
            mentions("Haftar left. “Moscow is far,” said Lavrov."),
            vec![
                ("Haftar".to_string(), true),
                ("Moscow".to_string(), true),
                ("Lavrov".to_string(), false)
            ]
        );
    }

    #[test]
    fn common_words_are_in_the_word_list() {
        let common = [
            "a", "of", "to", "in", "it", "he", "be", "as", "on", "at", "is", "by", "an", "the",
            "and", "was", "her", "his", "she", "not", "had", "for", "you", "but", "that", "have",
            "said", "with", "from", "this", "they", "were", "been", "which", "would", "could",
            "their", "there", "my", "so", "me", "no", "or", "do", "am", "if", "we", "him", "all",
            "are", "any", "who", "did", "one", "has", "can", "may", "now", "how", "very", "them",
            "your", "will", "what", "such", "much", "more", "must", "when", "than", "know", "into",
            "then", "some", "other", "should", "before", "herself",
        ];
        for word in common {
            assert!(is_common_word(word) && is_word(word), "{word}");
        }
        assert!(!is_common_word("haftar") && !is_common_word("The"));
        // The language test counts every word of the table as English without a look-up.
        assert!(COMMON_WORDS.iter().all(|w| is_word(w)));
        assert!(
            PARTICLES
                .iter()
                .all(|w| is_particle(w) && !is_common_word(w))
        );
        // A word padded with 0 bytes packs like the word: it is still told apart.
        assert_eq!(class_of(b"the\0"), 0);
        assert_eq!(class_of(b"the"), COMMON);
        assert_eq!(class_at(b"xxthe", 2, 5), COMMON);
        assert_eq!(class_at(b"the other", 0, 3), COMMON);
        assert_eq!(class_at(b"theirs", 0, 9), 0);
    }

    #[test]
    fn clause_marks_are_told_by_their_bytes() {
        let opening = [
            ".", "!", "?", "…", ":", ";", "“", "\"", "‘", "'", "«", "„", "(", "[", "—", "–", "*",
            "#", ">",
        ];
        for mark in opening {
            assert!(opens_clause(mark.as_bytes()), "{mark}");
        }
        for mark in ["”", "’", "»", ",", ")", "-", "‐", "", ".."] {
            assert!(!opens_clause(mark.as_bytes()), "{mark}");
        }
    }

    #[test]
    fn never_names_start_with_i_or_o() {
        assert!(NEVER_NAMES.iter().all(|w| w.starts_with(['I', 'O'])));
    }

    #[test]
    fn a_lone_word_reads_as_the_full_reading_does() {
        let text = "Darcy, Mr. Darcy said. Bashar al-Assad and Al-Mismari met Élodie’s _Jane_ \
                    and Haftar’s men. Ursula von der Leyen, Kitty‐Lydia, Mrs Bennet; “Longbourn” \
                    Netherfield (Bingley) Meryton-on-Sea I Oh OK. I Jane. Lucas the Lady \
                    of Lucas de la Cruz and Lucas to Kent, Jane Bennet, Mr Bennet. Sir. Bingley. Mr. Darcy’s Mrs. Hurst, Dr. I \
                    said Mr. de Winter to Mr. President and Mr. Darcy Fitzwilliam. Mr. Darcy-Smith \
                    Mr.Darcy Mr. Darcy. Mr.";
        let draft = Draft::new(text, Format::PlainText);
        let shape = |u: &Unit| (u.first_token, u.end_token, u.start, u.end, u.possessive_end);
        let (mut lone, mut titled, mut candidates) = (0, 0, Vec::new());
        // As the scanner asks: of the candidates of each sentence, in its tokens.
        for sentence in &draft.sentences {
            let range = sentence.tokens();
            let tokens = &draft.tokens[..range.end];
            Language::read(text, &tokens[range.start..], &mut candidates);
            let is_candidate = |at: usize| {
                let n = at - range.start;
                candidates
                    .get(n / 64)
                    .is_some_and(|m| m >> (n % 64) & 1 != 0)
            };
            for at in range.clone().filter(|&at| is_candidate(at)) {
                if let Some((title, unit)) = titled_word(&draft, tokens, at, is_candidate(at + 3)) {
                    titled += 1;
                    let first = read_unit(text, tokens, at).expect("a title is a unit");
                    let mut units = Vec::new();
                    assert_eq!(read_run(&draft, tokens, first, &mut units), at + 3, "{at}");
                    assert_eq!(units.len(), 2, "{at}");
                    assert_eq!(units[0].span(), title);
                    assert!(is_unit_title(text, &units[0]));
                    assert_eq!(shape(&units[1]), shape(&unit), "{at}");
                    assert!(!units[1].particle && !unit.particle);
                }
                let Some(unit) = lone_word(text.as_bytes(), tokens, at, is_candidate(at + 1))
                else {
                    continue;
                };
                lone += 1;
                let first = read_unit(text, tokens, at).expect("a lone word is a unit");
                let mut units = Vec::new();
                assert_eq!(read_run(&draft, tokens, first, &mut units), at + 1, "{at}");
                assert_eq!(units.len(), 1, "{at}");
                assert_eq!(shape(&units[0]), shape(&unit), "{at}");
                assert!(!units[0].particle && !unit.particle);
            }
        }
        assert!(lone >= 10 && titled >= 3, "{lone} {titled}");
    }

    #[test]
    fn possessives_are_read_from_the_four_bytes_before_the_end() {
        // The endings compared one by one, as a slice is read.
        let by_endings = |word: &[u8]| {
            ["’s", "'s", "’S", "'S"]
                .iter()
                .find(|e| word.len() > e.len() && word.ends_with(e.as_bytes()))
                .map_or(0, |e| e.len())
        };
        let text = "s 's X's Darcy’s ’s a’s Lucas Jones'S O’S Ś x’s’s";
        let bytes = text.as_bytes();
        for start in 0..=bytes.len() {
            for end in start..=bytes.len() {
                let word = &bytes[start..end];
                let expected = by_endings(word);
                assert_eq!(
                    possessive_len_at(bytes, end, end - start),
                    expected,
                    "{start}..{end}"
                );
                assert_eq!(possessive_len(word), expected, "{start}..{end}");
            }
        }
    }

    #[test]
    fn plain_lower_case_words_are_told_by_their_bytes() {
        let text = "abc xyz Abc ab1 a-b été zzzzzzzzzzzzzzzz aaaaaaaaaaaaaaaaa `{@[ at the end";
        let bytes = text.as_bytes();
        for start in 0..bytes.len() {
            for len in 0..20 {
                let expected = start + 16 <= bytes.len()
                    && (1..=16).contains(&len)
                    && bytes[start..start + len].iter().all(u8::is_ascii_lowercase);
                assert_eq!(is_plain_lower(bytes, start, len), expected, "{start} {len}");
            }
        }
    }

    #[test]
    fn dotted_titles_are_one_look_up() {
        for word in DOTTED_TITLES {
            assert!(is_dotted_title_at(word.as_bytes(), 0, word.len()), "{word}");
            let text = format!("said {word}. Darcy");
            assert!(is_dotted_title_at(text.as_bytes(), 5, word.len()), "{word}");
        }
        let text = "M Mr Mrx mr MR Mrs Miss Sir Darcy";
        for start in 0..=text.len() {
            for end in start..=text.len() + 2 {
                let expected = text
                    .get(start..end)
                    .is_some_and(|word| DOTTED_TITLES.contains(&word));
                let found = is_dotted_title_at(text.as_bytes(), start, end - start);
                assert_eq!(found, expected, "{start}..{end}");
            }
        }
    }

    #[test]
    fn titles_are_one_look_up_in_any_case() {
        let text = "Mr. PRESIDENT of Field Marshal mrs Congresswoman Lady@ lADY Ladyship D@ME dame";
        let bytes = text.as_bytes();
        for start in 0..=bytes.len() + 1 {
            for len in 0..=TITLE_LEN + 2 {
                let expected = bytes.get(start..start + len).is_some_and(|word| {
                    let lower = word.to_ascii_lowercase();
                    word.iter().all(u8::is_ascii_alphabetic)
                        && std::str::from_utf8(&lower).is_ok_and(|w| TITLES.contains(&w))
                });
                assert_eq!(is_title_at(bytes, start, len), expected, "{start} {len}");
            }
        }
    }

    #[test]
    fn acronyms_stay_whole() {
        assert_eq!(names("the UN and NATO said"), vec!["UN", "NATO"]);
    }
}
