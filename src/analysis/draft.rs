//! One tokenisation pass shared by every check: blocks, tokens and sentences with byte ranges.

use super::prose::{self, Comment, RawBlock};
use super::slots;
use super::{Format, Span};
use std::ops::Range;

pub use super::prose::BlockKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes or digits: `Haftar’s`, `O'Brien`, `90s`.
    Word,
    /// Digits with their separators: `2019`, `3.5`.
    Number,
    /// Any other single character that is not white space.
    Punct,
}

/// The case of a token's first character: what tells a name from a common word, known
/// without reading the text again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Case {
    /// A lower-case letter (`char::is_lowercase`): `the`, `été`.
    Lower,
    /// An upper-case letter (`char::is_uppercase`): `Libya`, `Élysée`.
    Upper,
    /// Anything else: a digit, a mark, a letter without case.
    Other,
}

/// A word, number or punctuation mark inside a block's prose.
///
/// 12 bytes: a draft of a few megabytes has over a million tokens, so the offsets are kept as
/// `u32` and the kind and the first character's case share a word with the block index, all
/// read through methods. Prose that ends past 4 GiB into the text, or in a block after the
/// 2²⁸th, is not tokenised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    start: u32,
    end: u32,
    /// The block index in the low 28 bits ([`BLOCK_MASK`]), the case in the two above
    /// ([`CASE_SHIFT`]), the kind in the top two ([`KIND_SHIFT`]).
    block_kind: u32,
}

/// The bits of [`Token::block_kind`] that hold the block index.
pub(super) const BLOCK_MASK: u32 = (1 << 28) - 1;
/// Where [`Token::block_kind`] holds the case: 0 lower, 1 upper, 2 other. Only a word's case
/// bits say which; punctuation's are 0 and a number's [`OTHER_BITS`], and both read as other.
/// The tokeniser's windows take a token's case and kind together from the byte it starts
/// with (see [`TAGS`]).
const CASE_SHIFT: u32 = 28;
/// Where [`Token::block_kind`] holds the kind: 0 word, 1 number, 2 punctuation.
const KIND_SHIFT: u32 = 30;
/// [`Token::tag`] of a word starting with a lower-case letter.
pub(super) const LOWER_WORD: u32 = 0;
/// [`Token::tag`] of a word starting with an upper-case letter.
pub(super) const UPPER_WORD: u32 = UPPER_BITS >> CASE_SHIFT;
/// [`Token::tag`] of a word starting with neither.
pub(super) const OTHER_WORD: u32 = OTHER_BITS >> CASE_SHIFT;
/// The case bits of a word starting with an upper-case letter.
const UPPER_BITS: u32 = 1 << CASE_SHIFT;
/// The case bits of a word starting with neither, and of a number.
const OTHER_BITS: u32 = 2 << CASE_SHIFT;

impl Token {
    pub(super) fn new(start: u32, end: u32, kind: TokenKind, case: Case, block: u32) -> Token {
        let kind_bits = match kind {
            TokenKind::Word => 0,
            TokenKind::Number => 1,
            TokenKind::Punct => 2,
        };
        let case_bits = match (kind, case) {
            (TokenKind::Punct, _) => 0,
            (TokenKind::Word, Case::Lower) => 0,
            (TokenKind::Word, Case::Upper) => UPPER_BITS,
            _ => OTHER_BITS,
        };
        Token {
            start,
            end,
            block_kind: (block & BLOCK_MASK) | case_bits | (kind_bits << KIND_SHIFT),
        }
    }

    /// Its kind and case as four bits, for keeping a token without its block (see
    /// [`Token::from_tag`]).
    #[inline]
    pub(super) const fn tag(&self) -> u32 {
        self.block_kind >> CASE_SHIFT
    }

    /// A token of `block` from its offsets and [`Token::tag`].
    #[inline]
    pub(super) const fn from_tag(start: u32, end: u32, tag: u32, block: u32) -> Token {
        Token {
            start,
            end,
            block_kind: (block & BLOCK_MASK) | (tag << CASE_SHIFT),
        }
    }

    /// The case of its first character: always [`Case::Other`] for a number or punctuation.
    #[inline]
    pub const fn case(&self) -> Case {
        // The kind's bits are above the case's: a word's kind is 0.
        match self.block_kind >> CASE_SHIFT {
            0 => Case::Lower,
            1 => Case::Upper,
            _ => Case::Other,
        }
    }

    /// Whether it is a word, a number or punctuation.
    #[inline]
    pub const fn kind(&self) -> TokenKind {
        match self.block_kind >> KIND_SHIFT {
            0 => TokenKind::Word,
            1 => TokenKind::Number,
            _ => TokenKind::Punct,
        }
    }

    /// Whether it is a word: [`Token::kind`] as one comparison, for code with no branch.
    #[inline]
    const fn is_word(&self) -> bool {
        self.block_kind >> KIND_SHIFT == 0
    }

    /// Whether it is punctuation: [`Token::kind`] as one comparison, for code with no branch.
    #[inline]
    const fn is_punct(&self) -> bool {
        self.block_kind >> KIND_SHIFT == 2
    }

    /// Index of the block that holds it, as stored (see [`Token::block_index`]).
    #[inline]
    pub const fn block(&self) -> u32 {
        self.block_kind & BLOCK_MASK
    }

    /// The token's byte range in the text.
    #[inline]
    pub const fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    /// Where the token starts.
    #[inline]
    pub const fn start(&self) -> usize {
        self.start as usize
    }

    /// Where the token ends.
    #[inline]
    pub const fn end(&self) -> usize {
        self.end as usize
    }

    /// Index of the block that holds it, for indexing [`Draft::blocks`].
    pub const fn block_index(&self) -> usize {
        self.block() as usize
    }
}

/// A paragraph, heading, list item or table cell: the block as the split found it (its span,
/// kind, block quote and prose, read through `Deref`), with its place in the draft's lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub raw: RawBlock,
    /// Its tokens, as a range into [`Draft::tokens`].
    pub tokens: Range<usize>,
    /// Its sentences, as a range into [`Draft::sentences`].
    pub sentences: Range<usize>,
}

impl std::ops::Deref for Block {
    type Target = RawBlock;

    fn deref(&self) -> &RawBlock {
        &self.raw
    }
}

impl AsRef<RawBlock> for Block {
    fn as_ref(&self) -> &RawBlock {
        &self.raw
    }
}

/// A sentence: a run of tokens inside one block.
///
/// 20 bytes: offsets and indexes are `u32`, read through methods (tokens end before 4 GiB, see
/// [`Token`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    start: u32,
    end: u32,
    first_token: u32,
    end_token: u32,
    block: u32,
}

impl Sentence {
    /// A sentence of `block` spanning `span` and made of `tokens`, all of them below 4 GiB
    /// (see [`Token`]).
    pub(super) fn new(span: Span, tokens: Range<usize>, block: usize) -> Sentence {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Sentence {
            start: narrow(span.start),
            end: narrow(span.end),
            first_token: narrow(tokens.start),
            end_token: narrow(tokens.end),
            block: narrow(block),
        }
    }

    /// From its first token to its last.
    pub const fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    /// Its tokens, as a range into [`Draft::tokens`].
    pub const fn tokens(&self) -> Range<usize> {
        self.first_token as usize..self.end_token as usize
    }

    /// The index of its block in [`Draft::blocks`].
    pub const fn block(&self) -> usize {
        self.block as usize
    }
}

/// A draft split into blocks, tokens and sentences.
#[derive(Debug, Clone)]
pub struct Draft<'a> {
    pub text: &'a str,
    pub format: Format,
    pub blocks: Vec<Block>,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Markdown's HTML comments and plain text's directive lines, for directives.
    pub comments: Vec<Comment>,
}

impl<'a> Draft<'a> {
    pub fn new(text: &'a str, format: Format) -> Draft<'a> {
        let mut draft = Draft::reusing(text, format, Vec::new());
        // The estimate of [`Draft::reusing`] is generous for prose with long words: give back
        // what is unused.
        draft.tokens.shrink_to_fit();
        draft
    }

    /// Like [`Draft::new`], with the tokens written into the allocation of `tokens`, emptied
    /// first, and none of it given back: for a caller that analyses one draft after another
    /// and hands each draft's list to the next (see [`Draft::into_tokens`]).
    pub fn reusing(text: &'a str, format: Format, mut tokens: Vec<Token>) -> Draft<'a> {
        let (raw, comments) = prose::split(text, format);
        let mut blocks = Vec::with_capacity(raw.len());
        // English prose has a token every 4.5 bytes or so: one allocation for most drafts.
        tokens.clear();
        tokens.reserve(text.len() / 4);
        let mut sentences = Vec::with_capacity(text.len() / 80);
        let mut reader = BlockReader::default();
        for block in raw {
            let index = blocks.len();
            let (first_token, first_sentence) = (tokens.len(), sentences.len());
            reader.read(text, &block, index, &mut tokens, &mut sentences);
            blocks.push(Block {
                raw: block,
                tokens: first_token..tokens.len(),
                sentences: first_sentence..sentences.len(),
            });
        }
        Draft {
            text,
            format,
            blocks,
            tokens,
            sentences,
            comments,
        }
    }

    /// The draft's token list, for [`Draft::reusing`] to write the next draft's into.
    pub fn into_tokens(self) -> Vec<Token> {
        self.tokens
    }

    /// The text of a token.
    pub fn token_text(&self, index: usize) -> &'a str {
        self.tokens
            .get(index)
            .map_or("", |token| token.span().text(self.text))
    }

    /// The text between two consecutive tokens (white space or markup), empty when they touch.
    pub fn gap_before(&self, index: usize) -> &'a str {
        match (
            index.checked_sub(1).and_then(|i| self.tokens.get(i)),
            self.tokens.get(index),
        ) {
            (Some(prev), Some(next)) if prev.block() == next.block() => self
                .text
                .get(prev.span().end..next.span().start)
                .unwrap_or(""),
            _ => " ",
        }
    }

    /// The sentence that holds a token. In a block of at most eight sentences, as most are, the
    /// block's sentences that end by the token are counted, all of them always, as numbers
    /// added: a search took a number of steps that changed from block to block, and branched on
    /// each.
    pub fn sentence_of(&self, token: usize) -> Option<usize> {
        let block = self.blocks.get(self.tokens.get(token)?.block_index())?;
        let sentences = self.sentences.get(block.sentences.clone())?;
        let at = match sentences.len().checked_sub(1) {
            Some(last) if last < FEW_SENTENCES => {
                let mut count = 0;
                for k in 0..FEW_SENTENCES {
                    let ends_by = sentences[k.min(last)].tokens().end <= token;
                    count += usize::from((k <= last) & ends_by);
                }
                count
            }
            _ => sentences.partition_point(|s| s.tokens().end <= token),
        };
        (at < sentences.len()).then_some(block.sentences.start + at)
    }

    /// The index of the first token that ends after `offset`.
    pub fn token_at(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.span().end <= offset)
    }
}

/// How many sentences a block may have for [`Draft::sentence_of`] to count them all.
const FEW_SENTENCES: usize = 8;

/// What a byte is to the tokeniser, ordered so that `>= DIGIT` means an ASCII word byte.
const SPACE: u8 = 0;
/// ASCII punctuation and control characters other than white space.
const PUNCT: u8 = 1;
/// `.`, `!` and `?`: punctuation that may end a sentence.
const STOP: u8 = 2;
/// A byte of a character outside ASCII, decoded where it is met.
const NON_ASCII: u8 = 3;
const DIGIT: u8 = 4;
const LETTER: u8 = 5;

/// The class of every byte, looked up once per byte.
const CLASS: [u8; 256] = {
    let mut table = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_whitespace() {
            SPACE
        } else if byte.is_ascii_alphabetic() {
            LETTER
        } else if byte.is_ascii_digit() {
            DIGIT
        } else if matches!(byte, b'.' | b'!' | b'?') {
            STOP
        } else {
            PUNCT
        };
        b += 1;
    }
    table
};

/// What a token starting with each byte is, as [`Token::tag`] shifted into place in
/// [`Token::block_kind`], when it starts in a window of [`read_window`]: tag 0 for a small
/// letter (a word in lower case), 1 for a capital (a word in upper case), 2 for a digit (a word
/// or number in neither; a number is marked after), 8 for anything else (punctuation: white
/// space starts no token, and the bytes outside ASCII that start one in a window are those of
/// wide marks).
const TAGS: [u32; 256] = {
    let mut table = [8 << CASE_SHIFT; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_lowercase() {
            table[b] = LOWER_WORD << CASE_SHIFT;
        } else if byte.is_ascii_uppercase() {
            table[b] = UPPER_BITS;
        } else if byte.is_ascii_digit() {
            table[b] = OTHER_BITS;
        }
        b += 1;
    }
    table
};

/// The character starting at byte `i` of `s`, or `None` at the end (or off a boundary).
pub(super) fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        Some(&b) if b < 0x80 => Some(b as char),
        Some(_) => s.get(i..).and_then(|rest| rest.chars().next()),
        None => None,
    }
}

/// The character ending at byte `i` of `s`, or `None` at the start (or off a boundary).
pub(super) fn char_before(s: &str, i: usize) -> Option<char> {
    match i.checked_sub(1).and_then(|j| s.as_bytes().get(j)) {
        Some(&b) if b < 0x80 => Some(b as char),
        Some(_) => s.get(..i).and_then(|head| head.chars().next_back()),
        None => None,
    }
}

/// Splits one prose range of a block into words, numbers and single punctuation marks, pushed
/// onto `out`; the index of each full stop, exclamation or question mark and ellipsis among
/// them is pushed onto `stops`, for [`split_sentences`].
///
/// The rules follow the word boundaries of Unicode (UAX #29) as far as news prose needs them:
/// letters, digits and combining marks run together; an apostrophe (' or ’) or a full stop
/// between two letters stays inside the word (It’s, O'Brien, U.S); a comma or full stop between
/// two digits stays inside the number (1,000, 3.5); hyphens and everything else split. Written by
/// hand because it runs on every keystroke: ASCII prose, with its curly quotes and dashes, is read
/// 64 bytes at a time, classed into bit masks and cut into tokens where the masks change
/// ([`read_window`]); only around other characters outside ASCII does [`step`] read one token
/// at a time, decoding them (the tests
/// compare it with `unicode-segmentation`).
fn tokenize(text: &str, piece: Span, block: u32, out: &mut Vec<Token>, stops: &mut Stops) {
    // Offsets are kept as `u32` and block indexes in 28 bits (see [`Token`]): prose past them is
    // left untokenised rather than misplaced.
    if u32::try_from(piece.end).is_err() || block > BLOCK_MASK {
        return;
    }
    // The text up to the end of the piece, read from the piece's start: offsets are the text's,
    // and nothing past the piece is seen.
    let Some(head) = text.get(..piece.end) else {
        return;
    };
    if !head.is_char_boundary(piece.start) {
        return;
    }
    let bytes = head.as_bytes();
    let mut i = piece.start;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            let read = read_window(text.as_bytes(), piece.end, i, block, out, stops);
            if read > 0 {
                i += read;
                continue;
            }
        }
        i = step(head, i, block, out, stops);
    }
}

/// What the bytes of a window of up to 64 bytes are: bit `k` of each mask stands for byte `k`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Classes {
    letter: u64,
    digit: u64,
    space: u64,
    /// Bytes of characters outside ASCII.
    high: u64,
    /// Full stops, exclamation and question marks.
    stop: u64,
}

/// Classes 64 bytes at once with SIMD compares (SSE2 on x86-64, NEON on ARM, through `wide`).
/// The ranges are tested as signed bytes: adding `0x80 - low` maps `low..=high` onto the
/// lowest values of `i8`, and nothing else onto them.
fn classify(chunk: &[u8; 64]) -> Classes {
    use wide::i8x64;
    let v = i8x64::from(chunk.map(u8::cast_signed));
    let below = |n: u8| i8x64::splat(i8::MIN.wrapping_add(n.cast_signed()));
    let shift = |low: u8| i8x64::splat(0x80u8.wrapping_sub(low).cast_signed());
    let letter = (v | i8x64::splat(0x20)) + shift(b'a');
    let digit = v + shift(b'0');
    // ASCII white space: the space, and tab to carriage return but for the vertical tab.
    let controls = (v + shift(b'\t')).simd_lt(below(5)) & !v.simd_eq(i8x64::splat(0x0B));
    let space = v.simd_eq(i8x64::splat(0x20)) | controls;
    let is = |b: u8| v.simd_eq(i8x64::splat(b.cast_signed()));
    let stop = is(b'.') | is(b'!') | is(b'?');
    Classes {
        letter: letter.simd_lt(below(26)).to_bitmask(),
        digit: digit.simd_lt(below(10)).to_bitmask(),
        space: space.to_bitmask(),
        high: v.to_bitmask(),
        stop: stop.to_bitmask(),
    }
}

/// Tokenises ASCII prose from byte `at` of `bytes` (the text) up to `end` (the end of its piece),
/// where a token starts or white space is: the 64 bytes from there are classed at once (those
/// past `end` are read but count for nothing), and the tokens
/// that end inside them with no doubt left about their end are pushed, curly quotes, dashes and
/// ellipses among them. Returns how many bytes it read: 0 when the first token there cannot be
/// read so (another character outside ASCII in or right after it, or a word longer than the
/// window), which [`step`] then reads.
fn read_window(
    bytes: &[u8],
    end: usize,
    at: usize,
    block: u32,
    out: &mut Vec<Token>,
    stops: &mut Stops,
) -> usize {
    let rest = bytes.get(at..end).unwrap_or_default();
    let len = rest.len().min(64);
    // The text's bytes, past the piece's end too: a block's last window is no different from
    // the others, so no branch tells it apart. Zeroed only within 64 bytes of the text's end.
    let tail = bytes.get(at..).unwrap_or_default();
    let mut padded;
    let chunk = match tail.first_chunk::<64>() {
        Some(chunk) => chunk,
        None => {
            padded = [0u8; 64];
            padded[..tail.len()].copy_from_slice(tail);
            &padded
        }
    };
    let classes = classify(chunk);
    let valid = low_bits(len);
    // Curly quotes, dashes and the ellipsis, three bytes each that join nothing (see
    // [`joins_nothing`]), are punctuation read here too: their first bytes in `wide`, the two
    // after in `tails`, when the mark ends by byte 63 (its end needs a bit). The bytes up to
    // the first other character outside ASCII, or up to the piece's end, are read here.
    let (wide, tails, ellipses, known) = if classes.high & valid == 0 {
        (0, 0, 0, len)
    } else {
        wide_marks(chunk, classes.high & valid, valid)
    };
    let inside = low_bits(known);
    let letter = classes.letter & inside;
    let digit = classes.digit & inside;
    let mut word = letter | digit;
    // The bytes outside ASCII read here are the wide marks' own.
    let mut punct = (inside & !word & !classes.space & !tails) | wide;
    // Where the ASCII ends at the piece's end or at punctuation that joins nothing (a curly
    // quote, a dash), every token is sure; elsewhere a byte's part may depend on the next byte
    // (a joiner), and that one's on the byte after: tokens are taken only when they end two
    // bytes before the unknown, and never inside a wide mark, which the next window reads.
    let hard_end = known < 64 && (known == len || joins_nothing(&rest[known..]));
    let mut cut = if hard_end {
        known
    } else {
        known.saturating_sub(2)
    };
    while tails >> cut & 1 == 1 {
        cut -= 1;
    }
    // A joiner stays inside a word when its neighbours say so, as [`joined`] decides: only
    // punctuation between two word bytes is looked at, which is rare.
    let mut between = punct & (word << 1) & (word >> 1);
    while between != 0 {
        let j = between.trailing_zeros();
        between &= between - 1;
        let (before, after) = (1u64 << (j - 1), 1u64 << (j + 1));
        let letters = letter & before != 0 && letter & after != 0;
        let digits = digit & before != 0 && digit & after != 0;
        let joins = match chunk[j as usize] {
            b'.' => letters || digits,
            b',' => digits,
            b'\'' => letter & after != 0 || digits,
            _ => false,
        };
        if joins {
            word |= 1 << j;
            punct &= !(1 << j);
        }
    }
    let starts = (word & !(word << 1)) | punct;
    // Tokens are taken up to `cut`, or up to the start of the word that runs across it: the
    // highest start at or below `cut`, with `cut` itself counted as one when its byte is no
    // word's (a word byte at `cut < 64` has its word's start at or below it). Whether a word
    // runs across is a toss-up from window to window, so it is not a branch.
    let at_cut = 1u64 << cut;
    let bound = 63 - ((starts & low_bits(cut + 1)) | (at_cut & !word)).leading_zeros() as usize;
    let taken = starts & low_bits(bound);
    // Each token's exclusive end, one bit each: after a word's last byte, after a mark, three
    // bytes after a wide mark's first. The tokens taken end at or before `bound`, the others
    // after it.
    let narrow = (word & !(word >> 1)) | (punct & !wide);
    let ends = (narrow << 1 | wide << 3) & low_bits(bound + 1);
    // The exclusive ends of words without a letter, numbers: adding a word's start bit to its
    // non-letter bytes carries through them up to its first letter, or to its end if it has
    // none.
    let others = word & !letter;
    let numbers = others.wrapping_add(starts & word) & !others & !word;
    let before = out.len();
    // Offsets below the piece's end fit in 32 bits (checked by [`tokenize`]).
    let base = at as u32;
    let block = block & BLOCK_MASK;
    // The closure owns what it reads, so that it is kept in registers, not read back through
    // references at each token. Past the last token taken it makes tokens of no use (their
    // start bit is gone: the window's first byte is read), cut off below.
    let mut left = (taken, ends);
    let mut next = move || {
        let (taken, ends) = left;
        // Bit 63 set keeps the start below 64 without a test: it changes no start taken.
        let (start, end) = ((taken | 1 << 63).trailing_zeros(), ends.trailing_zeros());
        left = (taken & taken.wrapping_sub(1), ends & ends.wrapping_sub(1));
        // The kind and case as the byte at the token's start says (see [`TAGS`]): right
        // for all but numbers, marked below.
        Token {
            start: base + start,
            end: base + end,
            block_kind: block | TAGS[usize::from(chunk[start as usize])],
        }
    };
    // A window holds 8 to 18 tokens of English prose: a loop that stops after the last would
    // leave it at a count no branch predictor foresees. [`WRITTEN`] tokens are written
    // whatever the count, in two runs that the compiler unrolls, and the list cut back to the
    // real count; a window with more (one in seven) writes four more the same way, and the
    // rare one with more still writes the rest one by one.
    let count = taken.count_ones() as usize;
    out.extend((0..WRITTEN / 2).map(|_| next()));
    out.extend((0..WRITTEN / 2).map(|_| next()));
    if count > WRITTEN {
        out.extend((0..4).map(|_| next()));
        if count > WRITTEN + 4 {
            out.extend((WRITTEN + 4..count).map(|_| next()));
        }
    }
    out.truncate(before + count);
    // A number's kind is 1: the token is found by the rank of its end among the ends taken.
    let mut number_ends = numbers & ends;
    while number_ends != 0 {
        let end = number_ends & number_ends.wrapping_neg();
        number_ends ^= end;
        let rank = (ends & (end - 1)).count_ones() as usize;
        if let Some(token) = out.get_mut(before + rank) {
            token.block_kind |= 1 << KIND_SHIFT;
        }
    }
    // Full stops, exclamation and question marks and ellipses among them, for the sentences:
    // a token's index is the rank of its start. Half the windows have none, and few more than
    // one: the first is written whether there is one or not, the others one by one.
    let marks = (classes.stop & punct | ellipses) & low_bits(bound);
    let rank = |mark: u64| before + (starts & mark.wrapping_sub(1)).count_ones() as usize;
    stops.write(rank(marks & marks.wrapping_neg()), marks != 0);
    let mut rest = marks & marks.wrapping_sub(1);
    while rest != 0 {
        let mark = rest & rest.wrapping_neg();
        rest ^= mark;
        stops.push(rank(mark));
    }
    // With no token after the last one taken, the white space up to `known` is read too.
    if starts >> bound == 0 { known } else { bound }
}

/// How many tokens [`read_window`] writes for each window, whether it holds that many or
/// fewer: as many as six windows of English prose in seven hold.
const WRITTEN: usize = 14;

/// The curly quotes, dashes and ellipses of a window (three bytes each that join nothing, see
/// [`joins_nothing`]) up to its first other character outside ASCII: their first bytes, the two
/// bytes after, the first bytes of the ellipses among them, and where that other character is
/// (or the window's end, `valid`'s length).
/// `high` marks the window's bytes outside ASCII. A mark is taken when it ends by byte 63, so
/// that its end has a bit. Kept apart, and only called for windows with such bytes, so that
/// ASCII windows stay plain.
#[inline(never)]
fn wide_marks(chunk: &[u8; 64], mut high: u64, valid: u64) -> (u64, u64, u64, usize) {
    let (mut wide, mut tails, mut ellipses) = (0u64, 0u64, 0u64);
    loop {
        let k = (high | !valid).trailing_zeros() as usize;
        // Past `valid` the bytes are the next piece's, or zeros.
        if k + 3 < 64 && valid >> k & 1 == 1 && joins_nothing(&chunk[k..]) {
            wide |= 1 << k;
            tails |= 0b110 << k;
            ellipses |= u64::from(chunk[k + 1..].starts_with(&[0x80, 0xA6])) << k;
            high &= !(0b111 << k);
        } else {
            return (wide, tails, ellipses, k);
        }
    }
}

/// Whether `rest` starts with General Punctuation that ends any word before it and joins
/// nothing (as [`is_plain_punctuation`], but for the apostrophe ’): curly quotes, dashes, the
/// ellipsis.
fn joins_nothing(rest: &[u8]) -> bool {
    match rest {
        [0xE2, 0x80, third, ..] => matches!(third, 0x90..=0xA7 | 0xB0..=0xBF) && *third != 0x99,
        [0xE2, 0x81, third, ..] => *third <= 0x9E,
        _ => false,
    }
}

/// A mask of the lowest `n` bits (all of them from 64 on).
const fn low_bits(n: usize) -> u64 {
    if n >= 64 { u64::MAX } else { (1 << n) - 1 }
}

/// Reads the one token (or white-space character) at byte `i` of `head`, a character at a time,
/// and returns where it ends: the way through characters outside ASCII.
fn step(head: &str, i: usize, block: u32, out: &mut Vec<Token>, stops: &mut Stops) -> usize {
    let bytes = head.as_bytes();
    // Offsets below `head.len()` fit in 32 bits (checked by [`tokenize`]).
    let token = |start: usize, end: usize, kind: TokenKind| {
        let case = match kind {
            TokenKind::Word => char_at(head, start).map_or(Case::Other, case_of),
            _ => Case::Other,
        };
        Token::new(start as u32, end as u32, kind, case, block)
    };
    let Some(&b) = bytes.get(i) else {
        return i + 1;
    };
    match CLASS[usize::from(b)] {
        SPACE => i + 1,
        PUNCT => {
            out.push(token(i, i + 1, TokenKind::Punct));
            i + 1
        }
        STOP => {
            stops.push(out.len());
            out.push(token(i, i + 1, TokenKind::Punct));
            i + 1
        }
        NON_ASCII => {
            let ch = char_at(head, i).unwrap_or(' ');
            let len = ch.len_utf8();
            // Plain punctuation is never white space (see the tests).
            if ch.is_whitespace() {
                i + len
            } else if is_plain_punctuation(ch) || !is_word_char(ch) {
                if ch == '…' {
                    stops.push(out.len());
                }
                out.push(token(i, i + len, TokenKind::Punct));
                i + len
            } else {
                let (end, kind) = word(head, i);
                out.push(token(i, end, kind));
                end
            }
        }
        _ => {
            let (end, kind) = word(head, i);
            out.push(token(i, end, kind));
            end
        }
    }
}

/// The case of a character, as [`Token::case`] keeps it.
fn case_of(ch: char) -> Case {
    if ch.is_lowercase() {
        Case::Lower
    } else if ch.is_uppercase() {
        Case::Upper
    } else {
        Case::Other
    }
}

/// Where the word or number starting at byte `start` of `head` ends (`start` holds a word
/// character), and which of the two it is: a word when it holds a letter. Inlined into
/// [`tokenize`], as it runs once a word.
#[inline(always)]
fn word(head: &str, start: usize) -> (usize, TokenKind) {
    let bytes = head.as_bytes();
    let mut i = start;
    let mut alphabetic = false;
    loop {
        // ASCII letters eight at a time; fewer than eight: the byte at `i` is read below.
        let letters = leading_letters(bytes.get(i..).unwrap_or_default());
        if letters > 0 {
            alphabetic = true;
            i += letters;
            if letters == 8 {
                continue;
            }
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        match CLASS[usize::from(b)] {
            // The commonest end of a word.
            SPACE => break,
            LETTER => {
                alphabetic = true;
                i += 1;
            }
            DIGIT => i += 1,
            NON_ASCII if bytes[i..].starts_with("’".as_bytes()) => match joined(head, i, '’') {
                Some(after) => i = after,
                None => break,
            },
            NON_ASCII => {
                let ch = char_at(head, i).unwrap_or(' ');
                if is_plain_punctuation(ch) || !is_word_char(ch) {
                    break;
                }
                alphabetic |= ch.is_alphabetic();
                i += ch.len_utf8();
            }
            _ => match b {
                b'\'' | b'.' | b',' => match joined(head, i, char::from(b)) {
                    Some(after) => i = after,
                    None => break,
                },
                _ => break,
            },
        }
    }
    let kind = if alphabetic {
        TokenKind::Word
    } else {
        TokenKind::Number
    };
    (i, kind)
}

/// Where a word goes on after the joiner (`'`, `’`, `.` or `,`) at byte `i` of `head`, when the
/// joiner stands between two word characters that it joins: an apostrophe a letter or digit
/// and a letter, a full stop two letters, any of them two digits. `None` when the word ends
/// before it.
#[inline]
fn joined(head: &str, i: usize, joiner: char) -> Option<usize> {
    let bytes = head.as_bytes();
    let after = i + joiner.len_utf8();
    // Both neighbours in ASCII, the commonest case: their classes decide, as the character
    // tests below would.
    if let (Some(&b), Some(&n)) = (
        i.checked_sub(1).and_then(|j| bytes.get(j)),
        bytes.get(after),
    ) && b < 0x80
        && n < 0x80
    {
        let (before, next) = (CLASS[usize::from(b)], CLASS[usize::from(n)]);
        let joins = match joiner {
            ',' => before == DIGIT && next == DIGIT,
            '.' => before == next && next >= DIGIT,
            _ => (before >= DIGIT && next == LETTER) || (before == DIGIT && next == DIGIT),
        };
        return joins.then_some(after);
    }
    let before = char_before(head, i).unwrap_or(' ');
    let next = char_at(head, after)?;
    let joins = match joiner {
        ',' => before.is_numeric() && next.is_numeric(),
        '.' => {
            (before.is_alphabetic() && next.is_alphabetic())
                || (before.is_numeric() && next.is_numeric())
        }
        _ => {
            (before.is_alphanumeric() && next.is_alphabetic())
                || (before.is_numeric() && next.is_numeric())
        }
    };
    joins.then_some(after)
}

/// How many of the first eight bytes are ASCII letters before any other byte (0 to 8), read as
/// one word; 0 when fewer than eight bytes are left, which the byte-by-byte loop reads.
fn leading_letters(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const fn splat(b: u8) -> u64 {
        u64::from_ne_bytes([b; 8])
    }
    let Some(chunk) = bytes.first_chunk::<8>() else {
        return 0;
    };
    let v = u64::from_le_bytes(*chunk);
    // Each byte lower-cased (ASCII letters) in seven bits, so that the sums below never carry
    // into the next byte: the top bit of each byte of a sum says which side of a bound it is.
    let low7 = (v | splat(0x20)) & !HIGH;
    let from_a = low7 + splat(0x80 - b'a');
    let past_z = low7 + splat(0x7F - b'z');
    let letters = from_a & !past_z & !v & HIGH;
    ((!letters & HIGH).trailing_zeros() / 8) as usize
}

/// Curly quotes, dashes, the ellipsis and the rest of General Punctuation that is neither
/// white space nor part of a word: decided without the Unicode tables, as news prose is full of
/// them.
fn is_plain_punctuation(ch: char) -> bool {
    matches!(ch, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}')
}

/// Letters, digits, combining marks and joiners: what runs together inside a word.
fn is_word_char(ch: char) -> bool {
    ch.is_alphanumeric()
        || matches!(ch as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x200C | 0x200D)
}

/// The abbreviations after which a full stop does not end a sentence, as they are written.
/// Laid out as a table, which `rustfmt` would put one word a line.
#[rustfmt::skip]
const ABBREVIATIONS: &[&[u8]] = &[
    b"Mr", b"Mrs", b"Ms", b"Dr", b"Prof", b"Gen", b"Col", b"Lt", b"Capt", b"Sgt", b"Maj",
    b"Adm", b"Rep", b"Sen", b"Gov", b"Pres", b"Rev", b"Fr", b"St", b"Jr", b"Sr", b"Mt", b"No",
    b"vs", b"etc", b"e.g", b"i.e", b"Jan", b"Feb", b"Mar", b"Apr", b"Jun", b"Jul", b"Aug",
    b"Sep", b"Sept", b"Oct", b"Nov", b"Dec", b"Inc", b"Ltd", b"Co", b"Corp", b"approx", b"ca",
    b"cf", b"al",
];

/// The slot of a key in [`ABBREVIATION_SLOTS`]: the top eight bits of its product with
/// [`ABBREVIATION_MUL`].
const fn abbreviation_slot(key: u64) -> usize {
    (key.wrapping_mul(ABBREVIATION_MUL) >> 56) as usize
}

/// Each abbreviation's key, as [`is_abbreviation`] reads a word ([`slots::bytes_key`]).
const ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = {
    let mut keys = [0; ABBREVIATIONS.len()];
    let mut k = 0;
    while k < ABBREVIATIONS.len() {
        keys[k] = slots::bytes_key(ABBREVIATIONS[k]);
        k += 1;
    }
    keys
};

/// A multiplier that puts every abbreviation in a slot of its own, found when compiling.
const ABBREVIATION_MUL: u64 = slots::multiplier(&ABBREVIATION_KEYS, 8);

/// Each abbreviation's key in its slot, 0 in the others (no word's key is 0).
const ABBREVIATION_SLOTS: [u64; 256] = {
    let mut slots = [0; 256];
    let mut k = 0;
    while k < ABBREVIATION_KEYS.len() {
        let key = ABBREVIATION_KEYS[k];
        slots[abbreviation_slot(key)] = key;
        k += 1;
    }
    slots
};

/// Bits of [`SENTENCE_BYTES`]: an ASCII character that a sentence keeps when it follows its
/// stop, touching it (`.`, `!`, `?`, `"`, `'`, `)`, `]`).
const CLOSES: u8 = 1;
/// Bits of [`SENTENCE_BYTES`]: an ASCII character that may start a sentence (a capital, a
/// digit, `"`, `'`, `(`, `[`, `-`, `*`).
const OPENS: u8 = 2;
/// Whether a character must be decoded to be told, by `(byte << 1) | known`: for a first byte
/// outside ASCII (`byte`) unless the character is `known` already. A table, so that the test is
/// one load and one branch: the compiler makes a branch of each condition of a test written
/// out, and of a table whose answers form a run, such as the bytes from 0x80 up.
const DECODE: [bool; 512] = {
    let mut table = [false; 512];
    let mut b = 0x80;
    while b < 256 {
        table[b << 1] = true;
        b += 1;
    }
    table
};

/// What each byte, as a token's first, tells the sentence splitter ([`CLOSES`], [`OPENS`]); 0
/// for the bytes outside ASCII, some of them told apart by [`WIDE_CLOSES`] and [`WIDE_OPENS`].
const SENTENCE_BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if matches!(byte, b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']') {
            table[b] |= CLOSES;
        }
        if byte.is_ascii_uppercase()
            || byte.is_ascii_digit()
            || matches!(byte, b'"' | b'\'' | b'(' | b'[' | b'-' | b'*')
        {
            table[b] |= OPENS;
        }
        b += 1;
    }
    table
};

/// The characters `U+2000..=U+203F` (bytes E2 80 xx) that a sentence keeps after its stop, one
/// bit each at `xx - 0x80`: the ellipsis, the curly quotes ” ’ “ and ›.
const WIDE_CLOSES: u64 = 1 << 0x26 | 1 << 0x1D | 1 << 0x19 | 1 << 0x1C | 1 << 0x3A;
/// The characters `U+2000..=U+203F` that may start a sentence, as [`WIDE_CLOSES`]: “ ‘ „ — –.
const WIDE_OPENS: u64 = 1 << 0x1C | 1 << 0x18 | 1 << 0x1E | 1 << 0x14 | 1 << 0x13;
/// The first two bytes of the characters `U+2000..=U+203F`, read as a little-endian number.
const GENERAL_PUNCTUATION: u32 = 0x80E2;
/// », read as [`GENERAL_PUNCTUATION`].
const RIGHT_GUILLEMET: u32 = 0xBBC2;
/// «, read as [`GENERAL_PUNCTUATION`].
const LEFT_GUILLEMET: u32 = 0xABC2;

/// Reads blocks into a draft's tokens and sentences, one after another, keeping its scratch
/// space from one block to the next.
#[derive(Debug, Default)]
pub(super) struct BlockReader {
    /// The block's full stops, exclamation and question marks and ellipses, as indexes into the
    /// draft's tokens: the only tokens where a sentence may end.
    stops: Stops,
}

impl BlockReader {
    /// Tokenises the prose of a block and splits it into sentences, after the tokens and
    /// sentences of the blocks before it. `index` is the block's place in the draft.
    pub(super) fn read(
        &mut self,
        text: &str,
        block: &RawBlock,
        index: usize,
        tokens: &mut Vec<Token>,
        sentences: &mut Vec<Sentence>,
    ) {
        // A block starts at least one byte after the one before, so a text that fits the
        // core's offsets has fewer blocks than `u32::MAX`.
        let block_id = u32::try_from(index).unwrap_or(u32::MAX);
        let first_token = tokens.len();
        self.stops.clear();
        for &piece in &block.pieces {
            tokenize(text, piece, block_id, tokens, &mut self.stops);
        }
        split_sentences(
            text,
            index,
            first_token..tokens.len(),
            tokens,
            self.stops.as_slice(),
            sentences,
        );
    }
}

/// The indexes of a block's tokens where a sentence may end, in order: a list whose storage
/// runs past its length, so that [`Stops::write`] can write an index and keep it or not
/// without a branch on which.
#[derive(Debug, Default)]
struct Stops {
    at: Vec<usize>,
    len: usize,
}

impl Stops {
    fn clear(&mut self) {
        self.len = 0;
    }

    fn push(&mut self, index: usize) {
        self.write(index, true);
    }

    /// Writes `index` after the last kept, and keeps it when `keep` says so.
    #[inline]
    fn write(&mut self, index: usize, keep: bool) {
        match self.at.get_mut(self.len) {
            Some(slot) => *slot = index,
            None => self.at.push(index),
        }
        self.len += usize::from(keep);
    }

    fn as_slice(&self) -> &[usize] {
        self.at.get(..self.len).unwrap_or_default()
    }
}

/// Splits a block's tokens (`range`) into sentences, trying to end one only at `stops`, the
/// indexes of its tokens that are full stops, exclamation or question marks or ellipses.
///
/// Whether a stop ends a sentence (not after an abbreviation, followed by what may start one)
/// is a toss-up no branch predictor foresees: it is worked out as a number, and the sentence
/// that would end there is written whether it does or not, and kept only when it does.
fn split_sentences(
    text: &str,
    block: usize,
    range: Range<usize>,
    tokens: &[Token],
    stops: &[usize],
    out: &mut Vec<Sentence>,
) {
    let mut start = range.start;
    let mut kept = out.len();
    // The block's last token: its stops are at or before it.
    let last = range.end.wrapping_sub(1);
    for &i in stops {
        let abbreviation = is_abbreviation(text, tokens, range.start, i);
        // The token after the stop, or the stop itself at the block's end.
        let (Some(&stop), Some(&next)) = (tokens.get(i), tokens.get(i + usize::from(i < last)))
        else {
            continue;
        };
        let next = Follower::read(text, next, stop, i < last);
        // The closing quotes and marks that touch the stop go with its sentence.
        let (end, next_starts, spaced) = if next.closes {
            closing_run(text, tokens, i + 2, range.end)
        } else {
            (i + 1, next.opens, next.spaced)
        };
        // A mark inside the closing run of the sentence before is already taken.
        let cut = (i >= start) & !abbreviation & next_starts & spaced;
        out.truncate(kept);
        out.push(sentence(block, start..end, tokens));
        kept += usize::from(cut);
        start = start.wrapping_add(end.wrapping_sub(start) * usize::from(cut));
    }
    out.truncate(kept);
    if start < range.end {
        out.push(sentence(block, start..range.end, tokens));
    }
}

/// What a token after a stop, or after a closing mark that follows one, tells the splitter.
#[derive(Debug, Clone, Copy)]
struct Follower {
    /// It is inside the block, a stop or a closing quote or bracket, and touches the token
    /// before: the sentence keeps it.
    closes: bool,
    /// Past the block's end, or what may start a sentence: a capital, a digit, an opening quote
    /// or bracket, a dash or an asterisk.
    opens: bool,
    /// Past the block's end, or apart from the token before.
    spaced: bool,
}

impl Follower {
    /// Reads `token`, which follows `before` when `inside` (else it is any token of the block,
    /// and counts as its end). Its character is told from its first bytes, but for characters
    /// outside ASCII other than General Punctuation and «.
    #[inline]
    fn read(text: &str, token: Token, before: Token, inside: bool) -> Follower {
        let lead = u32::from_le_bytes(slots::bytes_at(text.as_bytes(), token.start()));
        let (first, pair, third) = (lead & 0xFF, lead & 0xFFFF, (lead >> 16) & 63);
        let wide = pair == GENERAL_PUNCTUATION;
        let class = SENTENCE_BYTES[first as usize];
        // A punctuation token is one character.
        let closes = (class & CLOSES != 0)
            | (wide & (WIDE_CLOSES >> third & 1 != 0))
            | (pair == RIGHT_GUILLEMET);
        let left_guillemet = pair == LEFT_GUILLEMET;
        let mut opens =
            (class & OPENS != 0) | (wide & (WIDE_OPENS >> third & 1 != 0)) | left_guillemet;
        // Other characters outside ASCII are decoded.
        if DECODE[(first << 1 | u32::from(wide | left_guillemet)) as usize] {
            opens = opens_outside_ascii(text, token);
        }
        let touching = token.start() == before.end();
        Follower {
            closes: inside & token.is_punct() & touching & closes,
            opens: !inside | opens,
            spaced: !inside | !touching,
        }
    }
}

/// Whether a token starting with a character outside ASCII, not General Punctuation nor «,
/// may start a sentence: a capital or a digit.
#[cold]
fn opens_outside_ascii(text: &str, token: Token) -> bool {
    let first = token.span().text(text).chars().next().unwrap_or(' ');
    first.is_uppercase() || first.is_numeric()
}

/// The rest of a closing run after a stop, read one by one from `end` (below `limit`): where it
/// ends, whether what follows may start a sentence and whether it stands apart.
fn closing_run(text: &str, tokens: &[Token], mut end: usize, limit: usize) -> (usize, bool, bool) {
    while let (Some(&next), Some(&before)) = (tokens.get(end), tokens.get(end.wrapping_sub(1))) {
        let follower = Follower::read(text, next, before, end < limit);
        if !follower.closes {
            return (end, follower.opens, follower.spaced);
        }
        end += 1;
    }
    (end, true, true)
}

/// A sentence of `block` made of `tokens[range]`: a candidate that may be cut back, so read
/// without a panic even when empty.
#[inline]
fn sentence(block: usize, range: Range<usize>, tokens: &[Token]) -> Sentence {
    let start = tokens.get(range.start).map_or(0, Token::start);
    let end = tokens.get(range.end.wrapping_sub(1)).map_or(0, Token::end);
    // Tokens, and so their offsets, indexes and blocks, stay below `u32::MAX` (see `tokenize`).
    Sentence::new(Span::new(start, end), range, block)
}

/// Whether the full stop at `dot`, among a block's tokens from `first`, ends an abbreviation
/// or an initial ("Mr.", "J. K."), touching the word before it. The word's first eight bytes
/// are read at once, what lies past it masked off, and compared with the one abbreviation
/// filed in its slot of [`ABBREVIATION_SLOTS`].
#[inline]
fn is_abbreviation(text: &str, tokens: &[Token], first: usize, dot: usize) -> bool {
    let bytes = text.as_bytes();
    let (Some(&mark), Some(&prev)) = (tokens.get(dot), tokens.get(dot.saturating_sub(1))) else {
        return false;
    };
    // A stop is one character: a full stop when its first byte is one.
    let full_stop = bytes.get(mark.start()) == Some(&b'.');
    let after_word = (dot > first) & (prev.end() == mark.start()) & prev.is_word();
    let word = u64::from_le_bytes(slots::bytes_at(bytes, prev.start()));
    let lead = (word & 0xFF) as u8;
    // A word starting outside ASCII is read character by character.
    if DECODE[usize::from(lead) << 1 | usize::from(!(full_stop & after_word))] {
        // An initial outside ASCII ("É."); every abbreviation listed is ASCII.
        let mut chars = prev.span().text(text).chars();
        return matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    }
    let len = prev.end().wrapping_sub(prev.start());
    let initial = (len == 1) & lead.is_ascii_uppercase();
    // Two to six bytes; any other length is no abbreviation, whatever its mask.
    let fits = len.wrapping_sub(2) <= 4;
    let mask = u64::MAX.wrapping_shr(64u32.wrapping_sub(8 * (len as u32 & 7)));
    let key = word & mask;
    let listed = fits & (ABBREVIATION_SLOTS[abbreviation_slot(key)] == key);
    full_stop & after_word & (initial | listed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let draft = Draft::new(text, Format::PlainText);
        draft
            .sentences
            .iter()
            .map(|s| s.span().text(text))
            .collect()
    }

    #[test]
    fn splits_sentences_at_full_stops_but_not_after_titles() {
        assert_eq!(
            sentences("Mr. Smith came. He left! Did he? Yes."),
            vec!["Mr. Smith came.", "He left!", "Did he?", "Yes."]
        );
    }

    #[test]
    fn keeps_closing_quote_with_its_sentence() {
        assert_eq!(
            sentences("“We will win.” He said it twice."),
            vec!["“We will win.”", "He said it twice."]
        );
    }

    #[test]
    fn initials_do_not_end_sentences() {
        assert_eq!(
            sentences("J. K. Rowling wrote it."),
            vec!["J. K. Rowling wrote it."]
        );
    }

    #[test]
    fn words_keep_their_apostrophes() {
        let text = "It’s Haftar’s and O'Brien's.";
        let draft = Draft::new(text, Format::PlainText);
        let words: Vec<_> = draft
            .tokens
            .iter()
            .filter(|t| t.kind() == TokenKind::Word)
            .map(|t| t.span().text(text))
            .collect();
        assert_eq!(words, vec!["It’s", "Haftar’s", "and", "O'Brien's"]);
    }

    #[test]
    fn joiners_join_as_their_neighbours_say_in_ascii_and_beyond() {
        let text = "a'b 1'2 a'1 1'a a.b 1.2 a.1 1.a a,b 1,2 a,1 1,a é'b 1’é é.1 ٣,٤";
        let draft = Draft::new(text, Format::PlainText);
        let tokens: Vec<_> = draft.tokens.iter().map(|t| t.span().text(text)).collect();
        assert_eq!(
            tokens,
            vec![
                "a'b", "1'2", "a", "'", "1", "1'a", "a.b", "1.2", "a", ".", "1", "1", ".", "a",
                "a", ",", "b", "1,2", "a", ",", "1", "1", ",", "a", "é'b", "1’é", "é", ".", "1",
                "٣,٤"
            ]
        );
    }

    #[test]
    fn leading_letters_counts_ascii_letters_only() {
        let naive = |bytes: &[u8]| {
            if bytes.len() < 8 {
                0
            } else {
                bytes[..8]
                    .iter()
                    .take_while(|b| b.is_ascii_alphabetic())
                    .count()
            }
        };
        let mut cases: Vec<Vec<u8>> = (0..=255u8)
            .flat_map(|b| (0..8).map(move |at| (b, at)))
            .map(|(b, at)| {
                let mut word = b"abcdefgh".to_vec();
                word[at] = b;
                word
            })
            .collect();
        cases.extend([
            b"AZaz@[`{".to_vec(),
            b"Zebra's ".to_vec(),
            b"short".to_vec(),
            "caf\u{e9} au lait".as_bytes().to_vec(),
        ]);
        for case in cases {
            assert_eq!(leading_letters(&case), naive(&case), "{case:?}");
        }
    }

    #[test]
    fn words_match_unicode_segmentation_on_latin_prose() {
        use unicode_segmentation::UnicodeSegmentation;
        let text = "Al-Mismari’s army, the U.S. and São Paulo — 1,000 troops (3.5%) in ’90s; naïve “Zelenskyy”: it's 6’2” émigrés…";
        let draft = Draft::new(text, Format::PlainText);
        let ours: Vec<_> = draft.tokens.iter().map(|t| t.span().text(text)).collect();
        let theirs: Vec<_> = text
            .split_word_bounds()
            .filter(|w| !w.trim().is_empty())
            .flat_map(|w| {
                if w.chars().any(char::is_alphanumeric) {
                    vec![w]
                } else {
                    w.char_indices()
                        .map(|(i, c)| &w[i..i + c.len_utf8()])
                        .collect()
                }
            })
            .collect();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn classify_classes_every_byte_as_the_table_does() {
        for b in 0..=255u8 {
            for at in 0..64 {
                let mut chunk =
                    *b"The 3 cats'\r\n sat, \t on a mat. Then 1.5 more came! Did they?\x0b\x7f~@";
                chunk[at] = b;
                let mut each = Classes {
                    letter: 0,
                    digit: 0,
                    space: 0,
                    high: 0,
                    stop: 0,
                };
                for (k, &byte) in chunk.iter().enumerate() {
                    let bit = 1 << k;
                    match CLASS[usize::from(byte)] {
                        SPACE => each.space |= bit,
                        LETTER => each.letter |= bit,
                        DIGIT => each.digit |= bit,
                        NON_ASCII => each.high |= bit,
                        STOP => each.stop |= bit,
                        _ => {}
                    }
                }
                assert_eq!(classify(&chunk), each, "{b:#x} at {at}");
            }
        }
    }

    /// Tokens and stops of `text` as one plain-text piece, read by `tokenize`, and read one
    /// token at a time by `step` alone.
    fn both_ways(text: &str) -> [(Vec<Token>, Vec<usize>); 2] {
        let piece = Span::new(0, text.len());
        let (mut tokens, mut stops) = (Vec::new(), Stops::default());
        tokenize(text, piece, 7, &mut tokens, &mut stops);
        let (mut each, mut each_stops) = (Vec::new(), Stops::default());
        let mut i = 0;
        while i < text.len() {
            i = step(text, i, 7, &mut each, &mut each_stops);
        }
        [
            (tokens, stops.as_slice().to_vec()),
            (each, each_stops.as_slice().to_vec()),
        ]
    }

    const BITS: &[&str] = &[
        "a",
        "Z",
        "7",
        " ",
        "\r\n",
        "\t",
        "\x0b",
        "\x00",
        ".",
        ",",
        "'",
        "!",
        "?",
        "-",
        "’",
        "é",
        "“",
        "”",
        "—",
        "‘",
        "\u{2030}",
        "\u{205e}",
        "\u{205f}",
        "…",
        "\u{a0}",
        "\u{301}",
        "٣",
        "word",
        "1,000",
        "U.S.",
        "O'Brien",
        "90s",
        "abcdefghij",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The windows read the same tokens as reading one token at a time, wherever their
        /// edges fall.
        #[test]
        fn windows_read_what_one_token_at_a_time_reads(
            picks in proptest::collection::vec(0..BITS.len(), 0..120),
        ) {
            let text: String = picks.iter().map(|&k| BITS[k]).collect();
            let [fast, slow] = both_ways(&text);
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn long_words_and_numbers_cross_windows() {
        let long = "x".repeat(70);
        let digits = "9".repeat(130);
        for text in [
            format!("{long} {long}. {digits}"),
            format!("{}{long}’s", " ".repeat(40)),
            format!("{}a'b 1.2 c.d", "y ".repeat(29)),
            format!("{}é", "z".repeat(63)),
        ] {
            let [fast, slow] = both_ways(&text);
            assert_eq!(fast, slow, "{text}");
        }
    }

    #[test]
    fn tokens_know_the_case_of_their_first_character() {
        let text = "Libya said: “the 3rd Élysée été ǅ 90s”, O'Brien 2019 — dr. Haftar’s";
        let draft = Draft::new(text, Format::PlainText);
        let cases: Vec<(&str, Case)> = draft
            .tokens
            .iter()
            .map(|t| (t.span().text(text), t.case()))
            .collect();
        let expected = [
            ("Libya", Case::Upper),
            ("said", Case::Lower),
            (":", Case::Other),
            ("“", Case::Other),
            ("the", Case::Lower),
            ("3rd", Case::Other),
            ("Élysée", Case::Upper),
            ("été", Case::Lower),
            ("ǅ", Case::Other),
            ("90s", Case::Other),
            ("”", Case::Other),
            (",", Case::Other),
            ("O'Brien", Case::Upper),
            ("2019", Case::Other),
            ("—", Case::Other),
            ("dr", Case::Lower),
            (".", Case::Other),
            ("Haftar’s", Case::Upper),
        ];
        assert_eq!(cases, expected);
    }

    #[test]
    fn a_token_takes_12_bytes() {
        assert_eq!(std::mem::size_of::<Token>(), 12);
        for kind in [TokenKind::Word, TokenKind::Number, TokenKind::Punct] {
            for case in [Case::Lower, Case::Upper, Case::Other] {
                let token = Token::new(3, 9, kind, case, BLOCK_MASK);
                let case = if kind == TokenKind::Word {
                    case
                } else {
                    Case::Other
                };
                assert_eq!(
                    (token.span(), token.kind(), token.case(), token.block()),
                    (Span::new(3, 9), kind, case, BLOCK_MASK)
                );
                let kept = Token::from_tag(3, 9, token.tag(), 5);
                assert_eq!((kept.kind(), kept.case(), kept.block()), (kind, case, 5));
            }
        }
    }

    #[test]
    fn a_reused_token_list_gives_the_draft_a_fresh_one_gives() {
        let first =
            "A long first draft, said Mr. Darcy. \u{201c}Quite so,\u{201d} she said.\n\nMore.";
        let second = "Short \u{201c}one\u{201d}.";
        let spare = Draft::new(first, Format::PlainText).into_tokens();
        let fresh = Draft::new(second, Format::PlainText);
        let reused = Draft::reusing(second, Format::PlainText, spare);
        assert_eq!(reused.tokens, fresh.tokens);
        assert_eq!(reused.sentences, fresh.sentences);
        assert_eq!(reused.blocks.len(), fresh.blocks.len());
    }

    #[test]
    fn plain_punctuation_is_neither_space_nor_word() {
        for ch in ('\u{2000}'..='\u{206F}').filter(|&c| is_plain_punctuation(c)) {
            assert!(!ch.is_whitespace() && !is_word_char(ch), "{ch:?}");
        }
    }

    #[test]
    fn hard_wrapped_crlf_paragraphs_stay_whole() {
        let text = "\u{feff}\"Is it?\" said\r\nElizabeth.\r\n\r\nShe left.\r\n";
        let draft = Draft::new(text, Format::PlainText);
        assert_eq!(draft.blocks.len(), 2);
        assert_eq!(
            draft.blocks[0].span.text(text),
            "\"Is it?\" said\r\nElizabeth."
        );
    }

    /// The sentences of a draft's blocks as the rule says them, a stop at a time with `str`'s
    /// own tools: a full stop, exclamation or question mark or ellipsis ends a sentence, with
    /// the stops and closing marks touching it, when it ends no abbreviation or initial and is
    /// followed by white space and what may start a sentence.
    fn sentences_by_the_rule(text: &str, draft: &Draft) -> Vec<Sentence> {
        const CLOSERS: &[char] = &['”', '"', '’', '\'', '»', '›', ')', ']', '“'];
        let tokens = &draft.tokens;
        let text_of = |k: usize| tokens[k].span().text(text);
        let punct = |k: usize| tokens[k].kind() == TokenKind::Punct;
        let is_terminal = |k: usize| punct(k) && matches!(text_of(k), "." | "!" | "?" | "…");
        let is_abbreviation = |first: usize, dot: usize| {
            if text_of(dot) != "." || dot == first {
                return false;
            }
            let prev = tokens[dot - 1];
            if prev.end() != tokens[dot].start() || prev.kind() != TokenKind::Word {
                return false;
            }
            let word = text_of(dot - 1);
            let mut chars = word.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                return c.is_uppercase();
            }
            ABBREVIATIONS.contains(&word.as_bytes())
        };
        let mut out = Vec::new();
        for (index, block) in draft.blocks.iter().enumerate() {
            let range = block.tokens.clone();
            let mut start = range.start;
            for i in range.clone().filter(|&k| is_terminal(k)) {
                if i < start || is_abbreviation(range.start, i) {
                    continue;
                }
                let mut end = i + 1;
                while end < range.end
                    && punct(end)
                    && tokens[end].start() == tokens[end - 1].end()
                    && (is_terminal(end) || text_of(end).starts_with(CLOSERS))
                {
                    end += 1;
                }
                let next_starts = end >= range.end || {
                    let c = text_of(end).chars().next().unwrap_or(' ');
                    c.is_uppercase()
                        || c.is_numeric()
                        || matches!(
                            c,
                            '“' | '"'
                                | '‘'
                                | '\''
                                | '«'
                                | '„'
                                | '('
                                | '['
                                | '—'
                                | '–'
                                | '-'
                                | '*'
                        )
                };
                let spaced = end >= range.end || tokens[end].start() > tokens[end - 1].end();
                if next_starts && spaced {
                    let span = Span::new(tokens[start].start(), tokens[end - 1].end());
                    out.push(Sentence::new(span, start..end, index));
                    start = end;
                }
            }
            if start < range.end {
                let span = Span::new(tokens[start].start(), tokens[range.end - 1].end());
                out.push(Sentence::new(span, start..range.end, index));
            }
        }
        out
    }

    const SENTENCE_BITS: &[&str] = &[
        "Mr", "Mrs", "mr", "Mx", "Sept", "approx", "e.g", "al", "No", "J", "x", "É", "é", "Ǆ",
        "word", "The", "3", "²", ".", "!", "?", "…", " ", "\n\n", "“", "”", "\"", "'", "‘", "’",
        "«", "»", "›", "„", "(", ")", "[", "]", "-", "—", "–", "*", ",",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The splitter, which decides with no branch, ends sentences where the rule does.
        #[test]
        fn sentences_end_where_the_rule_says(
            picks in proptest::collection::vec(0..SENTENCE_BITS.len(), 0..80),
        ) {
            let text: String = picks.iter().map(|&k| SENTENCE_BITS[k]).collect();
            let draft = Draft::new(&text, Format::PlainText);
            proptest::prop_assert_eq!(&draft.sentences, &sentences_by_the_rule(&text, &draft));
        }
    }

    #[test]
    fn the_sentence_of_a_token_counted_is_the_one_searched_for() {
        let texts = [
            (
                "# A heading. Two?\n\nOne. Two! “Three,” he said… four\n\n- item one. item two\n- x\n\n\
                 ```\ncode. here\n```\n\n> quoted. text\n\nEnd",
                Format::Markdown,
            ),
            (
                "\u{feff}Mr. Bennet said: “No.”\r\n\r\n“Yes. Yes.” Then\r\nnothing.\r\n\r\n\r\n. . .",
                Format::PlainText,
            ),
            ("", Format::PlainText),
            ("word", Format::PlainText),
            ("!!! ??? ...\n\n...", Format::PlainText),
            (
                "One. Two. Three. Four. Five. Six. Seven. Eight. Nine. Ten.",
                Format::PlainText,
            ),
        ];
        for (text, format) in texts {
            let draft = Draft::new(text, format);
            for t in 0..=draft.tokens.len() + 1 {
                let searched = draft.tokens.get(t).and_then(|token| {
                    let block = &draft.blocks[token.block_index()];
                    let sentences = &draft.sentences[block.sentences.clone()];
                    let at = sentences.partition_point(|s| s.tokens().end <= t);
                    (at < sentences.len()).then_some(block.sentences.start + at)
                });
                assert_eq!(draft.sentence_of(t), searched, "{text:?} {t}");
            }
        }
        // The last draft's one block has more sentences than are counted: they are searched.
        let many = Draft::new(
            "One. Two. Three. Four. Five. Six. Seven. Eight. Nine. Ten.",
            Format::PlainText,
        );
        assert_eq!(many.sentences.len(), 10);
        assert_eq!(many.sentence_of(many.tokens.len() - 1), Some(9));
    }

    #[test]
    fn every_listed_abbreviation_has_a_slot_of_its_own() {
        for word in ABBREVIATIONS {
            let key = slots::bytes_key(word);
            assert_eq!(ABBREVIATION_SLOTS[abbreviation_slot(key)], key, "{word:?}");
        }
        let filed = ABBREVIATION_SLOTS.iter().filter(|&&key| key != 0).count();
        assert_eq!(filed, ABBREVIATIONS.len());
    }

    #[test]
    fn abbreviations_hold_a_full_stop_only_after_a_word_touching_it() {
        assert_eq!(
            sentences("Mrs. Bennet said so. Mr Darcy left. He saw St. Paul’s, approx. ten."),
            vec![
                "Mrs. Bennet said so.",
                "Mr Darcy left.",
                "He saw St. Paul’s, approx. ten."
            ]
        );
        assert_eq!(
            sentences("It was Mrs . Long. “Yes.” É. Zola came. “No.” Then."),
            vec![
                "It was Mrs .",
                "Long.",
                "“Yes.”",
                "É. Zola came.",
                "“No.” Then."
            ]
        );
    }
}
