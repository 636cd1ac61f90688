//! People named in the draft, found by a light reading of capitalised runs, and the resolution
//! of surnames, pronouns and roles to the nearest fitting person named before.

use super::lexicon::{self, NOT_PERSON, STARTER, TITLE};
use super::local::Local;
use super::phrase::{Gender, Phrase, SpeakerKind, View, gender_in, gender_of};
use crate::analysis::draft::UPPER_WORD;
use crate::analysis::slots::every_byte;
use crate::analysis::{Block, Span, Token, TokenKind};
use rustc_hash::FxHashMap as HashMap;
use smallvec::SmallVec;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

/// A person named in the draft: spans into it, so that filing one costs no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Person {
    /// The name without titles: Kirill Semenov.
    name: Span,
    /// What to show, white space collapsed: the name, or honorific and surname (Mrs. Bennet).
    display: Span,
    /// The last word of the name, for surname matches.
    last: Span,
    words: usize,
    gender: Option<Gender>,
}

impl Person {
    /// The same person in a block of text that began at `was` and now begins at `now`.
    fn moved(self, was: usize, now: usize) -> Person {
        let moved = |s: Span| {
            Span::new(
                s.start.saturating_sub(was) + now,
                s.end.saturating_sub(was) + now,
            )
        };
        Person {
            name: moved(self.name),
            display: moved(self.display),
            last: moved(self.last),
            ..self
        }
    }
}

/// People named in the draft, and speakers resolved so far.
#[derive(Debug, Default)]
pub struct People {
    /// From capitalised runs in the prose outside quotes, in text order.
    named: Vec<Person>,
    /// From speaker phrases, in the order they were found.
    speakers: Vec<Person>,
    /// People with names of two words or more, by their last word: Semenov → Kirill Semenov.
    by_surname: HashMap<String, Surname>,
    /// The names shown so far, collapsed, by their text as written: a novel credits the same
    /// few people hundreds of times, and each name is collapsed and stored once, every quote
    /// crediting it sharing the one string.
    shown: HashMap<Box<str>, Arc<str>>,
}

/// The people filed under one surname, each list ordered by where the name starts, so that the
/// latest before a place is found by a binary search.
#[derive(Debug, Default)]
struct Surname {
    /// Read from the prose.
    named: Vec<Person>,
    /// From speaker phrases; of two starting at the same place, the one filed last comes last.
    spoken: Vec<Person>,
}

/// A speaker phrase resolved: what it refers to and how to show it.
pub struct Resolved {
    pub name: Option<Span>,
    pub referent: Option<Span>,
    pub display: Arc<str>,
}

/// Reads the people named in block `block`: capitalised runs of its tokens outside quotes.
/// What it finds depends on the block's tokens and which of them are inside a quote, nothing
/// else, so it can be kept while those stay the same. `cursor` is where the reading of the
/// block before left off among the quotes, for a reading of the blocks in text order.
fn read_block(view: &View, block: usize, out: &mut Vec<Person>, cursor: &mut usize) {
    let Some(tokens) = view.draft.blocks.get(block).map(|b| b.tokens.clone()) else {
        return;
    };
    // The quotes, walked alongside: the first whose tokens end after `i`.
    let quoted = &view.quoted;
    // Found from the cursor when the quote before it ends before the block, else searched for.
    let ends_by = |r: &Range<u32>, i: usize| r.end as usize <= i;
    let mut q = *cursor;
    if q > quoted.len()
        || q.checked_sub(1)
            .and_then(|p| quoted.get(p))
            .is_some_and(|r| !ends_by(r, tokens.start))
    {
        q = quoted.partition_point(|r| ends_by(r, tokens.start));
    }
    let mut i = tokens.start;
    while i < tokens.end {
        while quoted.get(q).is_some_and(|r| r.end as usize <= i) {
            q += 1;
        }
        // The tokens up to the next quote are outside quotes; a quote names no one here, its
        // tokens are stepped over at once.
        let free_end = match quoted.get(q) {
            Some(r) if r.start as usize <= i => {
                i = r.end as usize;
                continue;
            }
            Some(r) => (r.start as usize).min(tokens.end),
            None => tokens.end,
        };
        // The tokens are walked, and only a capitalised word is looked at further.
        i = read_free(view, i..free_end, tokens.clone(), out);
    }
    *cursor = q;
}

/// Reads the people named among the tokens `free`, outside quotes, of the block whose tokens
/// are `block`; returns where the reading stopped (the end of `free`, or of a run read past
/// it).
///
/// The tokens are taken 64 at a time: the capitalised words among them are marked in a mask
/// without a branch, then each tells, again without a branch, whether it may start a run
/// ([`starts_run`]); only the words that may are read further. Whether a word is capitalised,
/// and whether what follows it may go on with it, change from word to word in a way no
/// predictor foresees.
fn read_free(view: &View, free: Range<usize>, block: Range<usize>, out: &mut Vec<Person>) -> usize {
    let all = &view.draft.tokens;
    let bytes = view.draft.text.as_bytes();
    let mut i = free.start;
    while i < free.end {
        let base = i;
        let len = (free.end - base).min(64);
        let mut next = base + len;
        // Four tokens at a time, reading up to three past the window (the draft's last
        // tokens aside) and masking them off after.
        let from = all.get(base..).unwrap_or_default();
        let mut capitals = 0u64;
        let mut quads = from.chunks_exact(4);
        for (c, quad) in (&mut quads).take(len.div_ceil(4)).enumerate() {
            if let [a, b, c2, d] = quad {
                let four = u64::from(capital_word(a))
                    | (u64::from(capital_word(b)) << 1)
                    | (u64::from(capital_word(c2)) << 2)
                    | (u64::from(capital_word(d)) << 3);
                capitals |= four << (4 * c);
            }
        }
        if from.len() < len.next_multiple_of(4) {
            // The draft ends within the window's last four tokens.
            let done = from.len() / 4 * 4;
            for (k, t) in quads.remainder().iter().enumerate() {
                capitals |= u64::from(capital_word(t)) << (done + k);
            }
        }
        capitals &= u64::MAX >> (64 - len);
        let mut starts = 0u64;
        while capitals != 0 {
            let k = capitals.trailing_zeros() as usize;
            capitals &= capitals - 1;
            let at = base + k;
            if let (Some(t), Some(n)) = (all.get(at), all.get(at + 1)) {
                let starts_here = (at + 1 < free.end) & starts_run(bytes, t, n);
                starts |= u64::from(starts_here) << k;
            }
        }
        while starts != 0 {
            let at = base + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            // A word that only starts a sentence starts no name: the run is not read.
            if view.is(at, STARTER) {
                continue;
            }
            let end = view.run_forward(at, block.end);
            if end <= at + 1 {
                continue;
            }
            // "the" before the run, in the same block: a block's reading never looks into
            // another block.
            let after_the = at > block.start
                && view.is_word(at - 1)
                && view.text(at - 1).eq_ignore_ascii_case("the");
            if let Some(person) = person_in(view, at, end, after_the) {
                out.push(person);
            }
            // The run's words start no other run.
            starts &= u64::MAX.checked_shl((end - base) as u32).unwrap_or(0);
            next = next.max(end);
        }
        i = next;
    }
    i
}

/// Whether token `t` is a capitalised word, told by the token alone.
fn capital_word(t: &Token) -> bool {
    t.tag() == UPPER_WORD
}

/// Whether the capitalised word `t` may start a run of more than one word, where the token `n`
/// after it is in its block and outside quotes; `bytes` is the draft's text. A run of one word
/// is never a person on its own: `person_in` needs a name after any title, and an honorific
/// before a one-word name. The run goes on only when `n` is a hyphen or full stop touching the
/// word, or a word that is capitalised or may be a particle: else it is neither read nor
/// looked up. Told without a branch on the words.
fn starts_run(bytes: &[u8], t: &Token, n: &Token) -> bool {
    let touching = t.end() == n.start();
    let first = bytes.get(n.start()).copied().unwrap_or(0);
    let len = n.end().wrapping_sub(n.start());
    // ‐ (E2 80 90) is rare: the branch on its first byte is foreseen.
    let dash = (len == 3) & (first == 0xE2)
        && bytes.get(n.start() + 1..n.end()) == Some(&[0x80, 0x90][..]);
    let mark = ((len == 1) & ((first == b'-') | (first == b'.'))) | dash;
    let word = (n.kind() == TokenKind::Word)
        & (may_start_capital(first) | lexicon::is_particle_at(bytes, n.start(), n.end()));
    (touching & mark) | (!touching & word)
}

/// Whether a word starting with byte `b` may go on a name run: an ASCII capital, or a byte
/// beyond ASCII, whose character the run's reading ([`View::run_forward`]) tells.
fn may_start_capital(b: u8) -> bool {
    (b >= 0x80) | b.is_ascii_uppercase()
}

/// The people read from each block of a draft, kept for the analysis of the next text: a block
/// with the same text whose tokens are inside quotes just as before names the same people.
#[derive(Debug, Default)]
pub struct Kept {
    /// Per block: its range of `named` (offsets fit in 32 bits: the incremental analysis keeps
    /// nothing for a longer text).
    blocks: Vec<Range<u32>>,
    /// The people named in that draft, in text order.
    named: Vec<Person>,
    /// Per token of that draft: whether it is a quotation mark or inside a quote.
    in_quote: Vec<bool>,
    /// How many blocks took their people over from the analysis before.
    reused: usize,
    /// The block-local results of each block's quotes.
    pub(super) local: Local,
}

/// Where a block of a new draft comes from: the block of the last draft with the same text,
/// its tokens in that draft, and where that text began then and begins now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried {
    pub block: usize,
    pub tokens: Range<usize>,
    pub was: usize,
    pub now: usize,
}

impl Kept {
    /// The people named in the draft of `view`, with each block's taken over from `self` when
    /// `carried` (per block of the new draft) says where it comes from and its tokens are
    /// inside quotes as they were; the other blocks are read. Returns what to keep next time
    /// but the people and the marks of the tokens inside quotes, which [`Kept::finish`] takes
    /// at the end.
    pub fn people(&self, view: &View, carried: &[Option<Carried>]) -> (People, Kept) {
        let blocks = &view.draft.blocks;
        let mut named = Vec::with_capacity(self.named.len() + 16);
        let mut cursor = 0;
        let mut kept = Vec::with_capacity(blocks.len());
        let mut reused = 0;
        for (index, block) in blocks.iter().enumerate() {
            let start = named.len();
            match carried.get(index).and_then(Option::as_ref).and_then(|c| {
                let people = self.blocks.get(c.block)?;
                let people = people.start as usize..people.end as usize;
                self.same_marks(view, c, block)
                    .then_some((c, self.named.get(people)?))
            }) {
                Some((c, people)) => {
                    named.extend(people.iter().map(|p| p.moved(c.was, c.now)));
                    reused += 1;
                }
                None => read_block(view, index, &mut named, &mut cursor),
            }
            let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            kept.push(narrow(start)..narrow(named.len()));
        }
        let next = Kept {
            blocks: kept,
            named: Vec::new(),
            in_quote: Vec::new(),
            reused,
            local: Local::default(),
        };
        (People::of(view.draft.text, named), next)
    }

    /// How many blocks took their people over from the analysis before.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// How many quotes took their kind and the cue of their sentence over from the analysis
    /// before.
    pub fn quotes_reused(&self) -> usize {
        self.local.reused()
    }

    /// Whether `block` of the draft of `view`, carried from the last draft as `c` says, has
    /// its tokens inside quotes just as they were.
    pub(super) fn same_marks(&self, view: &View, c: &Carried, block: &Block) -> bool {
        let was = self.in_quote.get(c.tokens.clone());
        let now = view.in_quote.get(block.tokens.clone());
        was.is_some() && was == now
    }

    /// Keeps the people named and the marks of the tokens inside quotes of the draft read.
    pub fn finish(&mut self, people: People, in_quote: Vec<bool>) {
        self.named = people.named;
        self.in_quote = in_quote;
    }
}

impl People {
    /// The people named in the whole draft, every block read.
    pub fn read(view: &View) -> People {
        // Room for a person named every half kilobyte, more than a novel names: the list is
        // not copied as it grows.
        let mut named = Vec::with_capacity(view.draft.text.len() / 512);
        let mut cursor = 0;
        for block in 0..view.draft.blocks.len() {
            read_block(view, block, &mut named, &mut cursor);
        }
        People::of(view.draft.text, named)
    }

    /// People from the people named in the draft, in text order; `text` is the draft's.
    fn of(text: &str, named: Vec<Person>) -> People {
        let mut people = People {
            named: Vec::new(),
            speakers: Vec::new(),
            by_surname: HashMap::default(),
            shown: HashMap::default(),
        };
        for &person in &named {
            people.index(text, person, true);
        }
        people.named = named;
        people
    }

    /// Resolves a speaker phrase; `before` is where the quote or phrase starts, whichever is
    /// first: only people named before it are looked at.
    pub fn resolve(&mut self, view: &View, phrase: &Phrase, before: usize) -> Resolved {
        let text = view.draft.text;
        let span_of = |r: &std::ops::Range<usize>| {
            Span::new(
                view.draft.tokens[r.start].span().start,
                view.draft.tokens[r.end - 1].span().end,
            )
        };
        let phrase_span = span_of(&phrase.tokens);
        match phrase.kind {
            SpeakerKind::Name | SpeakerKind::Institution => {
                let Some(name_range) = phrase.name.clone() else {
                    return Resolved {
                        name: None,
                        referent: None,
                        display: self.shown(phrase_span.text(text)),
                    };
                };
                let name = span_of(&name_range);
                if phrase.kind == SpeakerKind::Institution {
                    return Resolved {
                        name: Some(name),
                        referent: None,
                        display: self.shown(name.text(text)),
                    };
                }
                let words = name_range.clone().filter(|&i| view.is_word(i)).count();
                let honorific = phrase
                    .honorific
                    .map(|h| Span::new(view.draft.tokens[h].span().start, name.end));
                let referent = if words == 1 {
                    self.full_name_for(&collapsed_at(text, name), phrase.gender, before)
                } else {
                    None
                };
                let display = referent.map(|p| p.display).or(honorific).unwrap_or(name);
                let person = Person {
                    name,
                    display,
                    last: last_word(text, name),
                    words: words.max(referent.map_or(0, |p| p.words)),
                    gender: phrase.gender.or(referent.and_then(|p| p.gender)),
                };
                self.index(text, person, false);
                self.speakers.push(person);
                Resolved {
                    name: Some(name),
                    referent: referent.map(|p| p.name),
                    display: self.shown(display.text(text)),
                }
            }
            SpeakerKind::Pronoun | SpeakerKind::Role => {
                let resolvable = match phrase.kind {
                    SpeakerKind::Pronoun => phrase.gender.is_some(),
                    _ => phrase.stands_for_earlier,
                };
                let written = phrase_span.text(text);
                let gender = phrase
                    .gender
                    .or_else(|| gender_of(&collapsed_at(text, phrase_span)));
                let referent = resolvable.then(|| self.nearest(gender, before)).flatten();
                Resolved {
                    name: None,
                    display: self.shown(referent.map_or(written, |p| p.display.text(text))),
                    referent: referent.map(|p| p.name),
                }
            }
        }
    }

    /// The name written `written`, collapsed, from the names shown before when it is among
    /// them.
    fn shown(&mut self, written: &str) -> Arc<str> {
        if let Some(shown) = self.shown.get(written) {
            return Arc::clone(shown);
        }
        let shown: Arc<str> = Arc::from(collapsed(written).as_ref());
        self.shown.insert(written.into(), Arc::clone(&shown));
        shown
    }

    /// Files a person with a full name under its surname; `text` is the draft's, `named`
    /// whether the person was read from the prose.
    fn index(&mut self, text: &str, person: Person, named: bool) {
        if person.words < 2 {
            return;
        }
        let last = person.last.text(text);
        let filed = match self.by_surname.get_mut(last) {
            Some(filed) => filed,
            None => self.by_surname.entry(last.to_string()).or_default(),
        };
        let list = if named {
            &mut filed.named
        } else {
            &mut filed.spoken
        };
        let at = list.partition_point(|p| p.name.start <= person.name.start);
        list.insert(at, person);
    }

    /// The latest person named before `before` whose name is longer and ends with `surname`.
    /// Of two starting at the same place, the one read from the prose wins over a speaker, and
    /// of two speakers the one resolved last.
    fn full_name_for(
        &self,
        surname: &str,
        gender: Option<Gender>,
        before: usize,
    ) -> Option<Person> {
        let filed = self.by_surname.get(surname)?;
        let latest = |list: &[Person]| {
            let end = list.partition_point(|p| p.name.start < before);
            list[..end]
                .iter()
                .rev()
                .find(|p| gender.is_none() || p.gender.is_none() || p.gender == gender)
                .copied()
        };
        match (latest(&filed.named), latest(&filed.spoken)) {
            (Some(named), Some(spoken)) if spoken.name.start > named.name.start => Some(spoken),
            (None, spoken) => spoken,
            (named, _) => named,
        }
    }

    /// The person named last before `before`, of a fitting gender when one is known: among the
    /// last few people named, one whose title says the gender wins over one with no title.
    fn nearest(&self, gender: Option<Gender>, before: usize) -> Option<Person> {
        // `named` is in text order.
        let named_before = self.named.partition_point(|p| p.name.start < before);
        let mut recent: SmallVec<[&Person; 2 * RECENT]> = self.named[..named_before]
            .iter()
            .rev()
            .take(RECENT)
            .chain(
                self.speakers
                    .iter()
                    .rev()
                    .filter(|p| p.name.start < before)
                    .take(RECENT),
            )
            .collect();
        recent.sort_by_key(|p| std::cmp::Reverse(p.name.start));
        recent.truncate(RECENT);
        if gender.is_some()
            && let Some(p) = recent.iter().find(|p| p.gender == gender)
        {
            return Some(**p);
        }
        recent
            .into_iter()
            .find(|p| gender.is_none() || p.gender.is_none() || p.gender == gender)
            .copied()
    }
}

/// How many of the people named last a pronoun may reach back to for a matching gender.
const RECENT: usize = 4;

/// A person in the capitalised run `start..end`, if it reads as one.
fn person_in(view: &View, start: usize, end: usize, after_the: bool) -> Option<Person> {
    // The last title and the last word that is not a name, with one look-up per word.
    let (mut title, mut other) = (None, None);
    for i in (start..end).rev() {
        if title.is_some() && other.is_some() {
            break;
        }
        if !view.is_word(i) {
            continue;
        }
        let classes = view.classes(i);
        if title.is_none() && classes & TITLE != 0 {
            title = Some(i);
        }
        if other.is_none() && classes & NOT_PERSON != 0 {
            other = Some(i);
        }
    }
    if after_the && title.is_none() {
        return None;
    }
    let cut = title.max(other).map_or(start, |i| i + 1);
    let mut name_start = cut;
    while name_start < end && !view.is_word(name_start) {
        name_start += 1;
    }
    if name_start >= end {
        return None;
    }
    let words = (name_start..end).filter(|&i| view.is_word(i)).count();
    let gender = title.and_then(|t| gender_in(view.classes(t)));
    let name = Span::new(
        view.draft.tokens[name_start].span().start,
        view.draft.tokens[end - 1].span().end,
    );
    let display = if words >= 2 {
        name
    } else {
        let honorific = title.filter(|&t| t + 1 == cut && gender.is_some() && other < title)?;
        Span::new(view.draft.tokens[honorific].span().start, name.end)
    };
    Some(Person {
        name,
        display,
        last: last_word(view.draft.text, name),
        words,
        gender,
    })
}

/// The bytes of the text at `span`, when it holds 1 to 16 bytes, all ASCII, and the text has
/// 16 bytes ending where it ends: those 16 bytes as one number, the last in the highest byte,
/// the bytes before the span zeroed. Read at once, without a loop whose length varies with
/// the name's.
fn ascii_window(text: &[u8], span: Span) -> Option<u128> {
    let len = span.end.wrapping_sub(span.start);
    let wide = span
        .end
        .checked_sub(16)
        .and_then(|from| text.get(from..span.end))
        .and_then(|w| <[u8; 16]>::try_from(w).ok())?;
    if len.wrapping_sub(1) >= 16 {
        return None;
    }
    let x = u128::from_le_bytes(wide) & (u128::MAX << (8 * (16 - len)));
    (x & every_byte(0x80) == 0).then_some(x)
}

/// The spaces of `x`, bytes below 0x80, and its other white space (a tab, the line breaks, a
/// vertical tab, a form feed), each byte's high bit set when it is one. No byte carries into
/// the next: each is below 0x80, and what is added to it is below 0x80 too.
fn white_bytes(x: u128) -> (u128, u128) {
    let low = every_byte(0x7f);
    let t = x ^ every_byte(b' ');
    let space = !(((t & low) + low) | t) & every_byte(0x80);
    let from_tab = x + every_byte(0x80 - b'\t');
    let past_cr = x + every_byte(0x80 - b'\r' - 1);
    (space, from_tab & !past_cr & every_byte(0x80))
}

/// The last word of the name at `name` in `text`: its last run of non-white-space characters.
fn last_word(text: &str, name: Span) -> Span {
    // A short ASCII name that ends with no white space: its last white space byte is found
    // from a count of leading zeros.
    if let Some(x) = ascii_window(text.as_bytes(), name) {
        let (space, other) = white_bytes(x);
        let white = space | other;
        if white >> 127 == 0 {
            // Byte `i` of the window is the `16 - i`th from the name's end.
            let after = name.end - white.leading_zeros() as usize / 8;
            return Span::new(after.max(name.start), name.end);
        }
    }
    let written = name.text(text).trim_end();
    // ASCII text is read byte by byte from its end: its white space is a space, a tab, the
    // line breaks, a vertical tab and a form feed. A byte beyond ASCII met before any white
    // space sends the text to the reading by characters.
    let mut k = written.len();
    while let Some(&b) = k.checked_sub(1).and_then(|at| written.as_bytes().get(at)) {
        match b {
            b' ' | b'\t'..=b'\r' => return Span::new(name.start + k, name.start + written.len()),
            0x80.. => return last_word_chars(name, written),
            _ => k -= 1,
        }
    }
    Span::new(name.start, name.start + written.len())
}

/// [`last_word`] of the name at `name`, written `written` without white space at its end,
/// character by character.
fn last_word_chars(name: Span, written: &str) -> Span {
    let start = written
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(at, c)| at + c.len_utf8());
    Span::new(name.start + start, name.start + written.len())
}

/// Whether collapsing would leave the text as it is: words with single spaces between them and
/// none at either end.
fn is_collapsed(text: &str) -> bool {
    // ASCII text is read byte by byte, in one pass: its white space is a space, a tab, the
    // line breaks, a vertical tab and a form feed. A byte beyond ASCII sends the text to the
    // reading by characters.
    let mut last_space = true;
    for &b in text.as_bytes() {
        match b {
            b' ' if last_space => return false,
            b' ' => last_space = true,
            b'\t'..=b'\r' => return false,
            0x80.. => return is_collapsed_chars(text),
            _ => last_space = false,
        }
    }
    !last_space
}

/// [`is_collapsed`] character by character.
fn is_collapsed_chars(text: &str) -> bool {
    let mut last_space = true;
    text.chars().all(|c| {
        let ok = if c.is_whitespace() {
            c == ' ' && !last_space
        } else {
            true
        };
        last_space = c.is_whitespace();
        ok
    }) && !last_space
}

/// [`collapsed`] of the text at `span` in `text`: a short ASCII text is told collapsed at once,
/// from the masks of its white space.
fn collapsed_at(text: &str, span: Span) -> Cow<'_, str> {
    if let Some(x) = ascii_window(text.as_bytes(), span) {
        let (space, other) = white_bytes(x);
        // The high bits of the name's first byte and of its last.
        let ends = 1 << (8 * (16 - (span.end - span.start)) + 7) | 1 << 127;
        if other | (space & ((space >> 8) | ends)) == 0 {
            return Cow::Borrowed(span.text(text));
        }
    }
    collapsed(span.text(text))
}

/// The text with every run of white space (line breaks of hard-wrapped text) made one space,
/// without a copy when it has no white space to collapse.
fn collapsed(text: &str) -> Cow<'_, str> {
    if is_collapsed(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(collapse_runs(text))
    }
}

/// A text already owned with every run of white space (line breaks of hard-wrapped text) made
/// one space, handed back as it is when nothing needs collapsing.
pub fn collapse_owned(text: String) -> String {
    if is_collapsed(&text) {
        text
    } else {
        collapse_runs(&text)
    }
}

/// [`collapsed`], word by word, always copied.
fn collapse_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::quotes::find_quotes;
    use crate::analysis::{Draft, Format};

    /// The text with every run of white space (line breaks of hard-wrapped text) made one
    /// space.
    fn collapse(text: &str) -> String {
        collapsed(text).into_owned()
    }

    /// The names of the people read from the prose of a plain-text draft, in text order.
    fn named(text: &str) -> Vec<String> {
        let draft = Draft::new(text, Format::PlainText);
        let quotes = find_quotes(&draft);
        let extra = super::super::cues::Extra::default();
        let view = View::new(&draft, &quotes.quotes, super::super::cues::cues(), &extra);
        People::read(&view)
            .named
            .iter()
            .map(|p| collapse(p.name.text(text)))
            .collect()
    }

    /// The people kept after reading `draft` with `kept` and `carried`, and `kept` left as the
    /// reading leaves it.
    fn keep(draft: &Draft, kept: &mut Kept, carried: &[Option<Carried>]) -> Vec<Person> {
        let quotes = find_quotes(draft);
        let extra = super::super::cues::Extra::default();
        let view = View::new(draft, &quotes.quotes, super::super::cues::cues(), &extra);
        let (people, mut next) = kept.people(&view, carried);
        let named = people.named.clone();
        next.finish(people, view.in_quote);
        *kept = next;
        named
    }

    #[test]
    fn a_block_takes_its_people_over_only_while_its_tokens_are_inside_quotes_as_they_were() {
        let text = "Kirill Semenov spoke.\n\n“Ask Sergei Shoigu,” he said. Dmitry Peskov agreed.";
        let draft = Draft::new(text, Format::PlainText);
        let mut kept = Kept::default();
        let fresh = keep(&draft, &mut kept, &[]);
        assert_eq!(kept.reused(), 0);
        let same: Vec<_> = (0..draft.blocks.len())
            .map(|block| {
                let at = draft.blocks[block].span.start;
                Some(Carried {
                    block,
                    tokens: draft.blocks[block].tokens.clone(),
                    was: at,
                    now: at,
                })
            })
            .collect();
        assert_eq!(keep(&draft, &mut kept, &same), fresh);
        assert_eq!(kept.reused(), 2);
        // As if a quote opened earlier had covered the second block's first tokens then.
        let second = draft.blocks[1].tokens.start;
        kept.in_quote[second + 2] = !kept.in_quote[second + 2];
        assert_eq!(keep(&draft, &mut kept, &same), fresh);
        assert_eq!(kept.reused(), 1, "the second block is read again");
    }

    #[test]
    fn a_run_is_one_person_wherever_quotes_and_speakers_start() {
        // The speaker phrase "President Vladimir Putin" starts inside the run "Russian President
        // Vladimir Putin": the run is still read once, from its start.
        let text = "Russian President Vladimir Putin said: “We will win.”\n\n\
                    “Nobody asked,” Dmitry Peskov added.";
        assert_eq!(named(text), vec!["Vladimir Putin", "Dmitry Peskov"]);
        // What a paragraph names does not depend on the quotes of the others.
        let plain = "Russian President Vladimir Putin spoke.\n\nDmitry Peskov added nothing.";
        assert_eq!(named(plain), vec!["Vladimir Putin", "Dmitry Peskov"]);
    }

    #[test]
    fn a_run_starts_where_a_capitalised_word_is_followed_by_what_may_go_on_with_it() {
        let texts = [
            "the quick brown fox jumps over the lazy dog and then some more words follow it",
            "it was McDonald and O'Brien who met Élise at the ministry of ÜBER in 2024.",
            "Mr. Bennet, Jean-Luc Picard, Ursula von der Leyen and Abu al-Assad met Émile élan",
            "x",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z A",
            "“quoted” words, and a dash — then Mr. Bennet, at last; ISBN 12 ok",
            "Tom‐Tom and Anna- Lee. Then Zoë Ñoño ßtraße Ωmega ωmega",
        ];
        for text in texts {
            let draft = Draft::new(text, Format::PlainText);
            let quotes = find_quotes(&draft);
            let extra = super::super::cues::Extra::default();
            let view = View::new(&draft, &quotes.quotes, super::super::cues::cues(), &extra);
            let bytes = text.as_bytes();
            for from in 0..draft.tokens.len() {
                for to in from..=draft.tokens.len() {
                    let free = &draft.tokens[from..to];
                    for k in 0..free.len() {
                        let (i, next) = (from + k, from + k + 1);
                        let expected = free[k].kind() == TokenKind::Word
                            && lexicon::is_capitalised(view.text(i))
                            && next < to
                            && if view.touching(i, next) {
                                matches!(view.text(next), "-" | "‐" | ".")
                            } else {
                                free[k + 1].kind() == TokenKind::Word
                                    && (bytes
                                        .get(free[k + 1].start())
                                        .is_none_or(|&b| may_start_capital(b))
                                        || lexicon::is_particle(view.text(next)))
                            };
                        let found = capital_word(&free[k])
                            && next < to
                            && starts_run(bytes, &free[k], &free[k + 1]);
                        assert_eq!(found, expected, "{text:?} {from}..{to} at {k}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_word_before_a_run_is_looked_at_only_inside_its_block() {
        // "the" before a run without a title makes it a thing (the Kremlin Palace), not a person.
        assert_eq!(
            named("They met at the Grand Kremlin Palace."),
            Vec::<String>::new()
        );
        // A "the" ending the paragraph before is no part of this one.
        assert_eq!(
            named("Officials met the\n\nKirill Semenov spoke."),
            vec!["Kirill Semenov"]
        );
    }

    #[test]
    fn of_two_people_at_one_place_the_one_read_from_the_prose_wins_whatever_the_order() {
        let text = "Kirill Semenov spoke.";
        let name = Span::new(0, 14);
        let person = |gender| Person {
            name,
            display: name,
            last: last_word(text, name),
            words: 2,
            gender,
        };
        let (read, spoken) = (person(None), person(Some(Gender::Male)));
        for read_first in [true, false] {
            let mut people = People::default();
            if read_first {
                people.index(text, read, true);
                people.index(text, spoken, false);
            } else {
                people.index(text, spoken, false);
                people.index(text, read, true);
            }
            assert_eq!(
                people.full_name_for("Semenov", None, text.len()),
                Some(read),
                "read first: {read_first}"
            );
        }
    }

    #[test]
    fn collapsed_borrows_only_what_collapsing_word_by_word_would_leave_as_it_is() {
        let cases = [
            "Semenov",
            "Kirill Semenov",
            "Kirill\r\nSemenov",
            "Kirill  Semenov",
            " Kirill",
            "Kirill ",
            "Kirill\u{a0}Semenov",
            "Kirill\u{b}Semenov",
            "Kirill\u{c}Semenov",
            "Kirill\tSemenov",
            "Kirill \rSemenov",
            "Mrs. Bennet said",
            "\u{b}",
            "",
            " ",
        ];
        for text in cases {
            let got = collapsed(text);
            assert_eq!(got, collapse_runs(text), "{text:?}");
            assert_eq!(collapse(text), collapse_runs(text), "{text:?}");
            assert_eq!(
                collapse_owned(text.to_owned()),
                collapse_runs(text),
                "{text:?}"
            );
            if !text.is_empty() {
                assert_eq!(matches!(got, Cow::Borrowed(_)), got == text, "{text:?}");
            }
        }
    }

    #[test]
    fn names_read_from_the_text_at_once_read_as_they_do_alone() {
        let texts = [
            "Then said Mrs.\r\nBennet and Kirill  Semenov, Al-Mismari \u{2003} at\tlast \u{b}x\u{c}y",
            " a  b   c    d\r\n\r\ne f\tg\u{a0}h Ünder Zoë the end of it all, said Mr. Darcy  ",
            "Elizabeth Bennet Fitzwilliam Darcy Charlotte Lucas Catherine de Bourgh",
        ];
        for text in texts {
            for start in 0..=text.len() {
                for end in start..=text.len() {
                    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                        continue;
                    }
                    let span = Span::new(start, end);
                    let written = span.text(text);
                    assert_eq!(collapsed_at(text, span), collapsed(written), "{written:?}");
                    let expected = collapse(written);
                    let expected = expected.rsplit(' ').next().unwrap_or("");
                    assert_eq!(last_word(text, span).text(text), expected, "{written:?}");
                }
            }
        }
    }

    #[test]
    fn last_word_is_the_last_word_of_the_collapsed_name() {
        let text = "said Mrs.\r\nBennet and Kirill\u{a0}Semenov, Al-Mismari \u{2003}";
        for (start, end) in [(5, 17), (22, 41), (22, 29), (43, 57), (43, 60), (0, 0)] {
            let name = Span::new(start, end);
            let collapsed = collapse(name.text(text));
            let expected = collapsed.rsplit(' ').next().unwrap_or("");
            assert_eq!(last_word(text, name).text(text), expected, "{name:?}");
        }
        for text in [
            "Kirill\u{b}Semenov\t",
            "Zoë Ñoño\u{b}Lee",
            "Kirill Sémenov",
            "Ñoño",
            "Kirill\u{2003}Semenov",
            "Semenov",
            " \r\n",
            "",
            "a b  c \u{c}",
        ] {
            let name = Span::new(0, text.len());
            let collapsed = collapse(text);
            let expected = collapsed.rsplit(' ').next().unwrap_or("");
            assert_eq!(last_word(text, name).text(text), expected, "{text:?}");
        }
    }
}
