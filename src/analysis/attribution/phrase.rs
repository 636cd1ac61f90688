//! Reading the words around a quote: cues, name runs and speaker phrases, token by token.

use super::cues::{CueKind, Cues, Extra};
use super::lexicon::{
    self, DETERMINER, FUNCTION, NOT_PERSON, PRONOUN, ROLE, SKIP, STARTER, TIME, TITLE,
};
use crate::analysis::quotes::Quote;
use crate::analysis::{Case, Draft, Token, TokenKind};
use std::cell::Cell;
use std::ops::Range;

/// Whether a speaker is named, a pronoun, a role or an institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpeakerKind {
    /// A name: Kirill Semenov, Semenov, Mrs. Bennet, Elizabeth.
    Name,
    /// he, she, they, we, I, it.
    Pronoun,
    /// A role that stands for a person: the spokesman, the field marshal.
    Role,
    /// An organisation or group: the ministry, police, Russian officials.
    Institution,
}

/// Whether a title or pronoun says a man or a woman is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Male,
    Female,
}

/// A speaker phrase before resolution: token ranges into the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub tokens: Range<usize>,
    pub kind: SpeakerKind,
    /// The name inside the phrase, titles excluded.
    pub name: Option<Range<usize>>,
    /// An honorific right before a one-word name (Mrs. Bennet), kept for display.
    pub honorific: Option<usize>,
    pub gender: Option<Gender>,
    /// A role such as "the spokesman" that stands for the person named last before it.
    pub stands_for_earlier: bool,
}

/// The tokens of a draft with the parts inside quotes marked.
pub struct View<'d, 'a> {
    pub draft: &'d Draft<'a>,
    /// For each token: whether it is a quotation mark or inside a quote.
    pub in_quote: Vec<bool>,
    /// The tokens of each top-level quote, marks included, in text order: what `in_quote`
    /// marks, by runs, so that a reading steps over a quote at once.
    pub quoted: Vec<Range<u32>>,
    pub cues: &'static Cues,
    /// The style sheet's cues, checked after `cues`.
    pub extra: &'d Extra,
    /// The lexicon classes of the tokens asked about last, by token index modulo [`MEMO`]:
    /// the index plus one in the high half, the classes in the low. A name run is read by
    /// several steps one after another (its end, its titles, its first word), and each asks
    /// about the same few words: the look-up is done once.
    memo: [Cell<u64>; MEMO],
}

/// How many tokens' classes [`View::classes`] remembers.
const MEMO: usize = 64;

impl<'d, 'a> View<'d, 'a> {
    pub fn new(
        draft: &'d Draft<'a>,
        quotes: &[Quote],
        cues: &'static Cues,
        extra: &'d Extra,
    ) -> Self {
        let mut in_quote = vec![false; draft.tokens.len()];
        let mut quoted = Vec::with_capacity(quotes.len());
        for quote in quotes.iter().filter(|q| q.depth == 0) {
            let from = quote.open_token;
            let to = match quote.close_token {
                Some(close) => close + 1,
                None => token_near(draft, quote.span().end, quote.last_block),
            }
            .min(in_quote.len());
            if let Some(slots) = in_quote.get_mut(from..to).filter(|s| !s.is_empty()) {
                slots.fill(true);
                let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                quoted.push(narrow(from)..narrow(to));
            }
        }
        View {
            draft,
            in_quote,
            quoted,
            cues,
            extra,
            memo: [const { Cell::new(0) }; MEMO],
        }
    }

    /// The first token of the run of tokens inside quotes that holds token `k`, when it is
    /// inside a quote: every token from there to `k` is inside one; else `k`.
    pub fn quoted_from(&self, k: usize) -> usize {
        let at = self.quoted.partition_point(|r| r.start as usize <= k);
        match at.checked_sub(1).and_then(|q| self.quoted.get(q)) {
            Some(r) if k < r.end as usize => r.start as usize,
            _ => k,
        }
    }

    /// The end of the run of tokens inside quotes that holds token `k`, when it is inside a
    /// quote: every token from `k` to there is inside one; else `k`.
    pub fn quoted_to(&self, k: usize) -> usize {
        let at = self.quoted.partition_point(|r| r.start as usize <= k);
        match at.checked_sub(1).and_then(|q| self.quoted.get(q)) {
            Some(r) if k < r.end as usize => r.end as usize,
            _ => k,
        }
    }

    /// The index of the first token that ends after `offset`, as [`Draft::token_at`] finds it,
    /// looked for among the tokens of block `near` first: a quote's marks are tokens of its
    /// first or last block.
    pub fn token_at(&self, offset: usize, near: usize) -> usize {
        token_near(self.draft, offset, near)
    }

    /// The lexicon classes of token `i`'s text ([`lexicon::classes`]), looked up once while
    /// the token is among those asked about last.
    pub fn classes(&self, i: usize) -> u32 {
        let (Ok(index), Some(token)) = (u32::try_from(i), self.draft.tokens.get(i)) else {
            return lexicon::classes(self.text(i));
        };
        let key = (u64::from(index) + 1) << 32;
        let slot = &self.memo[i % MEMO];
        let held = slot.get();
        if held & !u64::from(u32::MAX) == key {
            return held as u32;
        }
        let classes = lexicon::classes_at(self.draft.text.as_bytes(), token.start(), token.end());
        slot.set(key | u64::from(classes));
        classes
    }

    /// Whether token `i`'s text belongs to one of the lexicon's `class`es.
    pub fn is(&self, i: usize, class: u32) -> bool {
        self.classes(i) & class != 0
    }

    /// Whether token `i` is an auxiliary or adverb that may stand between a speaker and a cue.
    fn skippable(&self, i: usize) -> bool {
        let word = self.text(i);
        self.is(i, SKIP)
            || (word.len() > 4 && word.ends_with("ly") && !lexicon::is_capitalised(word))
    }

    pub fn text(&self, i: usize) -> &'a str {
        self.draft.token_text(i)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.draft
            .tokens
            .get(i)
            .is_some_and(|t| t.kind() == TokenKind::Word)
    }

    /// Whether token `i` is outside every quote.
    pub fn free(&self, i: usize) -> bool {
        !self.in_quote.get(i).copied().unwrap_or(true)
    }

    /// Whether two tokens touch with nothing between them.
    pub fn touching(&self, a: usize, b: usize) -> bool {
        match (self.draft.tokens.get(a), self.draft.tokens.get(b)) {
            (Some(x), Some(y)) => x.span().end == y.span().start,
            _ => false,
        }
    }

    fn is_hyphen(&self, i: usize) -> bool {
        matches!(self.text(i), "-" | "‐")
    }

    /// A cue starting at token `i` and ending before `hi`: its tokens and kind. Inlined into
    /// the loops that ask it of every token of a sentence or paragraph: most words are rejected
    /// by one look-up, cheaper than a call.
    #[inline(always)]
    pub fn cue_at(&self, i: usize, hi: usize) -> Option<(Range<usize>, CueKind)> {
        let token = self.draft.tokens.get(i)?;
        if token.kind() != TokenKind::Word || !self.free(i) {
            return None;
        }
        if self.extra.is_empty()
            && !self
                .cues
                .may_start_in(self.draft.text.as_bytes(), token.start(), token.end())
        {
            // Most words: no cue starts with them, told by their first letters and length.
            return None;
        }
        let text = self.text(i);
        let packed = lexicon::packed(text);
        let first = packed.and_then(|key| self.cues.first(key));
        if packed.is_some() && first.is_none() && self.extra.is_empty() {
            // Most words: no cue starts with them.
            return None;
        }
        self.cue_starting(i, hi, text, packed.map(|_| first))
    }

    /// [`View::cue_at`] for a word some cue may start with: `first` is what the built-in cues
    /// hold for it when it packs, `None` when it does not.
    #[inline(never)]
    fn cue_starting(
        &self,
        i: usize,
        hi: usize,
        text: &str,
        first: Option<Option<&super::cues::First>>,
    ) -> Option<(Range<usize>, CueKind)> {
        let lowered;
        let (phrases, verb) = match first {
            Some(first) => first.map_or((&[][..], false), |f| (f.phrases.as_slice(), f.verb)),
            None => {
                lowered = lexicon::lower(text);
                (
                    self.cues.phrases_starting(&lowered),
                    self.cues.is_verb(&lowered),
                )
            }
        };
        if phrases.is_empty() && !verb && self.extra.is_empty() {
            return None;
        }
        // so-called, self-styled: the second half of a compound is no cue.
        if i > 0 && self.is_hyphen(i - 1) && self.touching(i - 1, i) {
            return None;
        }
        let matches = |rest: &[&str]| {
            let end = i + 1 + rest.len();
            (end <= hi
                && rest.iter().enumerate().all(|(k, w)| {
                    let j = i + 1 + k;
                    self.is_word(j) && self.free(j) && self.text(j).eq_ignore_ascii_case(w)
                }))
            .then_some(end)
        };
        for (rest, kind) in phrases {
            if let Some(end) = matches(rest) {
                return Some((i..end, *kind));
            }
        }
        if verb {
            return Some((i..i + 1, CueKind::Speech));
        }
        if self.extra.is_empty() {
            return None;
        }
        let mut buf = [0u8; 24];
        let word = lexicon::lower_in(&mut buf, text);
        for rest in self.extra.phrases_starting(&word) {
            let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
            if let Some(end) = matches(&rest) {
                let kind = if rest.is_empty() {
                    CueKind::Speech
                } else {
                    CueKind::Source
                };
                return Some((i..end, kind));
            }
        }
        self.extra
            .is_verb(&word)
            .then_some((i..i + 1, CueKind::Speech))
    }

    /// Whether a word can continue a capitalised name run: a word whose first character is a
    /// capital, told by its token.
    fn name_word(&self, i: usize) -> bool {
        self.draft
            .tokens
            .get(i)
            .is_some_and(|t| t.kind() == TokenKind::Word && t.case() == Case::Upper)
    }

    /// Whether a token is an abbreviating full stop inside a name: the `.` of `Mr.` or `J.`.
    fn name_dot(&self, i: usize) -> bool {
        let tokens = &self.draft.tokens;
        let (Some(before), Some(dot)) =
            (i.checked_sub(1).and_then(|b| tokens.get(b)), tokens.get(i))
        else {
            return false;
        };
        // One question for the three: a full stop of one byte touching the token before.
        let is_dot = (dot.end().wrapping_sub(dot.start()) == 1)
            & (self.draft.text.as_bytes().get(dot.start()) == Some(&b'.'))
            & (before.end() == dot.start());
        if !is_dot {
            return false;
        }
        let prev = self.text(i - 1);
        let initial = match prev.as_bytes() {
            [b] => b.is_ascii_uppercase(),
            _ => prev.chars().count() == 1 && lexicon::is_capitalised(prev),
        };
        initial || self.is(i - 1, TITLE)
    }

    /// The end (exclusive) of the name run that starts at the capitalised word `i`.
    pub fn run_forward(&self, i: usize, hi: usize) -> usize {
        // Each token is read once for its offsets, kind and case, and its text compared as
        // bytes.
        let tokens = &self.draft.tokens;
        let bytes_of = |t: &Token| self.draft.text.as_bytes().get(t.start()..t.end());
        let mut end = i + 1;
        let mut j = i + 1;
        while j < hi && self.free(j) {
            let (Some(before), Some(t)) = (tokens.get(j - 1), tokens.get(j)) else {
                break;
            };
            if before.end() == t.start() {
                let hyphen = matches!(bytes_of(t), Some(b"-" | [0xE2, 0x80, 0x90]));
                if hyphen
                    && j + 1 < hi
                    && tokens
                        .get(j + 1)
                        .is_some_and(|n| t.end() == n.start() && n.kind() == TokenKind::Word)
                {
                    j += 2;
                    end = j;
                    continue;
                }
                if self.name_dot(j) {
                    j += 1;
                    end = j;
                    continue;
                }
                break;
            }
            if t.kind() == TokenKind::Word && t.case() == Case::Upper && !self.is(j, STARTER) {
                j += 1;
                end = j;
                continue;
            }
            if (t.kind() == TokenKind::Word)
                & lexicon::is_particle_at(self.draft.text.as_bytes(), t.start(), t.end())
            {
                // al-Assad, bin Salman, von der Leyen: only when a capitalised part follows.
                let mut k = j + 1;
                while k < hi && self.is_word(k) && lexicon::is_particle(self.text(k)) {
                    k += 1;
                }
                if k < hi && self.is_hyphen(k) && self.touching(k - 1, k) {
                    k += 1;
                }
                if k < hi && self.name_word(k) {
                    j = k + 1;
                    end = j;
                    continue;
                }
            }
            break;
        }
        end
    }

    /// The start of the name run that ends with the capitalised word `t`, not before `lo`.
    pub fn run_back(&self, lo: usize, t: usize) -> usize {
        let mut start = t;
        while start > lo {
            let k = start - 1;
            if !self.free(k) {
                break;
            }
            if self.touching(k, start) {
                // Al-Mismari: a hyphen joining two words.
                if self.is_hyphen(k) && k > lo && self.touching(k - 1, k) && self.is_word(k - 1) {
                    start = k - 1;
                    continue;
                }
                break;
            }
            if self.name_dot(k) && k > lo {
                start = k - 1;
                continue;
            }
            let word = self.text(k);
            if self.is_word(k)
                && ((lexicon::is_capitalised(word) && !self.is(k, STARTER))
                    || lexicon::is_particle(word))
            {
                start = k;
                continue;
            }
            break;
        }
        // A run never starts with a particle.
        while start < t && self.is_word(start) && lexicon::is_particle(self.text(start)) {
            start += 1;
        }
        start
    }

    /// The word tokens of `range` that are titles (Mr, President) or not names (Council).
    fn last_non_name(&self, range: Range<usize>, class: u32) -> Option<usize> {
        range.rev().find(|&i| self.is_word(i) && self.is(i, class))
    }

    /// A capitalised run read as a speaker: titles dropped from the name, honorifics kept.
    pub fn name_phrase(&self, run: Range<usize>, phrase: Range<usize>) -> Phrase {
        let title = self.last_non_name(run.clone(), TITLE);
        let mut name_start = title.map_or(run.start, |t| t + 1);
        while name_start < run.end && !self.is_word(name_start) {
            name_start += 1;
        }
        let gender = title.and_then(|t| gender_in(self.classes(t)));
        if name_start >= run.end {
            // "the President said": a title without a name.
            return Phrase {
                tokens: phrase,
                kind: SpeakerKind::Role,
                name: None,
                honorific: None,
                gender,
                stands_for_earlier: true,
            };
        }
        let institution = title.is_none() && self.last_non_name(run.clone(), NOT_PERSON).is_some();
        let words = (name_start..run.end).filter(|&i| self.is_word(i)).count();
        Phrase {
            tokens: phrase,
            kind: if institution {
                SpeakerKind::Institution
            } else {
                SpeakerKind::Name
            },
            name: Some(name_start..run.end),
            honorific: title.filter(|_| words == 1 && gender.is_some()),
            gender,
            stands_for_earlier: false,
        }
    }

    /// The speaker that ends at token `t` (the word before a cue), reading backwards to `lo`.
    pub fn phrase_ending_at(&self, lo: usize, t: usize) -> Option<Phrase> {
        if t < lo || !self.free(t) || !self.is_word(t) {
            return None;
        }
        let word = self.text(t);
        let classes = self.classes(t);
        if classes & PRONOUN != 0 {
            return Some(Phrase {
                tokens: t..t + 1,
                kind: SpeakerKind::Pronoun,
                name: None,
                honorific: None,
                gender: gender_in(classes),
                stands_for_earlier: false,
            });
        }
        if word.eq_ignore_ascii_case("who") {
            // "Haftar, who has said": the speaker is before the relative pronoun.
            let mut k = t;
            if k > lo && self.text(k - 1) == "," {
                k -= 1;
            }
            return k.checked_sub(1).and_then(|p| self.phrase_ending_at(lo, p));
        }
        if lexicon::is_capitalised(word) && classes & STARTER == 0 {
            let start = self.run_back(lo, t);
            let determined =
                start > lo && self.is_word(start - 1) && self.is(start - 1, DETERMINER);
            let phrase_start = if determined { start - 1 } else { start };
            let mut phrase = self.name_phrase(start..t + 1, phrase_start..t + 1);
            if determined && phrase.kind == SpeakerKind::Name && phrase.honorific.is_none() {
                let has_title = self.last_non_name(start..t + 1, TITLE).is_some();
                if !has_title {
                    phrase.kind = SpeakerKind::Institution;
                }
            }
            return Some(phrase);
        }
        if classes & (FUNCTION | SKIP) != 0 || lexicon::is_capitalised(word) {
            return None;
        }
        // A noun phrase: the ministry, Russian officials, Haftar’s spokesman.
        let mut start = t;
        let mut words = 1;
        let mut determiner = None;
        while start > lo && words < 7 {
            let k = start - 1;
            if !self.free(k) {
                break;
            }
            if self.is_word(k) {
                let c = self.classes(k);
                if c & DETERMINER != 0 {
                    start = k;
                    determiner = Some(k);
                    break;
                }
                if c & (FUNCTION | SKIP | PRONOUN) != 0 {
                    break;
                }
                start = k;
                words += 1;
            } else if self.is_hyphen(k)
                && self.touching(k, start)
                && k > lo
                && self.touching(k - 1, k)
            {
                start = k;
            } else {
                break;
            }
        }
        if determiner.is_none() && words > 3 {
            return None;
        }
        let role = classes & (ROLE | TITLE) != 0;
        let the = determiner.is_some_and(|d| self.text(d).eq_ignore_ascii_case("the"));
        Some(Phrase {
            tokens: start..t + 1,
            kind: if role {
                SpeakerKind::Role
            } else {
                SpeakerKind::Institution
            },
            name: None,
            honorific: None,
            gender: None,
            stands_for_earlier: role && the && words <= 3,
        })
    }

    /// The speaker before a cue that starts at token `cue`: its grammatical subject.
    pub fn subject_before(&self, lo: usize, cue: usize) -> Option<Phrase> {
        let mut j = cue;
        while j > lo && self.is_word(j - 1) && self.free(j - 1) && self.skippable(j - 1) {
            j -= 1;
        }
        let t = j.checked_sub(1)?;
        if t < lo {
            return None;
        }
        self.phrase_ending_at(lo, t)
    }

    /// The speaker after a cue that ends before token `e`: said Haftar, according to the
    /// ministry, stated the spokesman for the army, Ahmed Al-Mismari.
    pub fn speaker_after(&self, e: usize, hi: usize) -> Option<Phrase> {
        if e >= hi || !self.free(e) || !self.is_word(e) {
            return None;
        }
        let word = self.text(e);
        let classes = self.classes(e);
        if classes & PRONOUN != 0 {
            return Some(Phrase {
                tokens: e..e + 1,
                kind: SpeakerKind::Pronoun,
                name: None,
                honorific: None,
                gender: gender_in(classes),
                stands_for_earlier: false,
            });
        }
        if lexicon::is_capitalised(word) && classes & (TIME | STARTER) == 0 {
            let end = self.run_forward(e, hi);
            return Some(self.name_phrase(e..end, e..end));
        }
        if classes & DETERMINER == 0 {
            // said volunteer Chris Dunn, said farm-bureau economist Ann Lee: a bare role noun.
            if classes & (FUNCTION | SKIP | TIME) != 0 {
                return None;
            }
            let mut k = e + 1;
            while k < hi && k - e < 4 && self.free(k) && !self.name_word(k) {
                if !(self.is_word(k) || (self.is_hyphen(k) && self.touching(k - 1, k))) {
                    return None;
                }
                k += 1;
            }
            if k >= hi || !self.name_word(k) || self.is(k, STARTER | TIME) {
                return None;
            }
            let end = self.run_forward(k, hi);
            return Some(self.name_phrase(k..end, e..end));
        }
        let mut k = e + 1;
        while k < hi && self.free(k) && k - e < 24 {
            if self.is_word(k) || (self.is_hyphen(k) && self.touching(k - 1, k)) {
                k += 1;
            } else {
                break;
            }
        }
        if k <= e + 1 {
            return None;
        }
        // An appositive name after the role: “…”, stated the spokesman, Ahmed Al-Mismari.
        if k + 1 < hi && self.text(k) == "," && self.name_word(k + 1) && self.free(k + 1) {
            let start = k + 1;
            let end = self.run_forward(start, hi);
            let closes = end >= hi || !self.is_word(end);
            let phrase = self.name_phrase(start..end, e..end);
            if closes && phrase.kind == SpeakerKind::Name {
                return Some(phrase);
            }
        }
        // A name at the end of the description: says an independent expert Kirill Semenov.
        if self.name_word(k - 1) {
            let start = self.run_back(e + 1, k - 1);
            let cut = self
                .last_non_name(start..k, TITLE | NOT_PERSON)
                .map_or(start, |i| i + 1);
            let words = (cut..k).filter(|&i| self.is_word(i)).count();
            if words >= 2 {
                return Some(self.name_phrase(cut..k, e..k));
            }
        }
        let role = self.is(k - 1, ROLE | TITLE);
        Some(Phrase {
            tokens: e..k,
            kind: if role {
                SpeakerKind::Role
            } else {
                SpeakerKind::Institution
            },
            name: None,
            honorific: None,
            gender: None,
            stands_for_earlier: role && word.eq_ignore_ascii_case("the") && k - e <= 4,
        })
    }
}

/// [`View::token_at`]. Tokens are in text order and never overlap, so their ends rise: the
/// index found in the block is the draft-wide one when the tokens either side of it say so,
/// and the draft-wide search answers when they do not.
fn token_near(draft: &Draft, offset: usize, near: usize) -> usize {
    let tokens = &draft.tokens;
    if let Some(range) = draft.blocks.get(near).map(|b| b.tokens.clone())
        && let Some(block) = tokens.get(range.clone())
    {
        let at = range.start + block.partition_point(|t| t.span().end <= offset);
        let before = at.checked_sub(1).and_then(|b| tokens.get(b));
        if before.is_none_or(|t| t.span().end <= offset)
            && tokens.get(at).is_none_or(|t| t.span().end > offset)
        {
            return at;
        }
    }
    draft.token_at(offset)
}

/// The gender a title or pronoun implies.
pub fn gender_of(word: &str) -> Option<Gender> {
    gender_in(lexicon::classes(word))
}

/// The gender that a word of lexicon `classes` implies.
pub fn gender_in(classes: u32) -> Option<Gender> {
    if classes & lexicon::MALE != 0 {
        Some(Gender::Male)
    } else if classes & lexicon::FEMALE != 0 {
        Some(Gender::Female)
    } else {
        None
    }
}
