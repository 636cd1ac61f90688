//! Who said each quote: its speaker, the cue that credits it, and what kind of quote it is.
//!
//! Each quote is credited in one of three ways, tried in order:
//!
//! 1. **Sentence**: a cue in the quote's own sentence, or right after it, with its speaker:
//!    “…,” said Haftar. / “…,” Haftar said. / “…”, stated the spokesman for the army, Ahmed
//!    Al-Mismari. / “…” — Semenov believes. / Haftar said: “…” / Haftar told reporters that “…”
//!    / According to Haftar, “…” / Haftar called the embargo “a big problem.”
//! 2. **Paragraph**: another quote of the same paragraph is credited, or the paragraph says
//!    elsewhere who is speaking: “…,” he said. “…”
//! 3. **Continuation**: the paragraph consists of quotes and the paragraph before it credits
//!    someone, with a quote or in reported speech (AP's running quotation), or ends with a
//!    colon that introduces the quote.
//!
//! Speakers are resolved without the names module: a one-word name to the latest longer name
//! that ends with it (Semenov → Kirill Semenov), he/she and "the spokesman" to the person named
//! last before the quote. Spans are kept, so an entity index can map speakers to entities.
//!
//! The work per quote is a few hash lookups on the tokens of its sentence and paragraph.

mod classify;
pub mod cues;
mod lexicon;
mod local;
mod people;
mod phrase;

pub use classify::QuoteKind;
pub use people::{Carried, Kept, collapse_owned};
pub use phrase::SpeakerKind;

use super::quotes::{Quote, Quotes};
use super::{BlockKind, Draft, Span};
use cues::CueKind;
use people::People;
use phrase::{Phrase, View};
use std::ops::Range;
use std::sync::Arc;

/// Who is credited with a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The speaker phrase as written: `Haftar`, `he`, `the spokesman for the army, Ahmed
    /// Al-Mismari`.
    pub phrase: Span,
    pub kind: SpeakerKind,
    /// The name inside the phrase, titles left out: `Ahmed Al-Mismari`, `Bennet`.
    pub name: Option<Span>,
    /// The earlier, fuller mention the phrase stands for: `Kirill Semenov` for `Semenov`, the
    /// person named last for `he` or `the spokesman`.
    pub referent: Option<Span>,
    /// The name to show: `Kirill Semenov`, `Mrs. Bennet`, `the ministry`; one string shared by
    /// every quote crediting the same name.
    pub display: Arc<str>,
}

/// How a quote came to be credited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Credit {
    /// By a cue in its own sentence or right after it.
    Sentence,
    /// By another quote or a cue in its paragraph.
    Paragraph,
    /// By the paragraph before it (running quotation).
    Continuation,
}

/// What the draft says about one quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    pub kind: QuoteKind,
    pub speaker: Option<Speaker>,
    /// The cue: `said`, `according to`, `believes`.
    pub cue: Option<Span>,
    /// `None` when nothing credits anyone. A cue without a readable speaker still credits.
    pub credit: Option<Credit>,
    /// For a paragraph made of quotes: the index of the last quote of the paragraph before,
    /// which this one continues when nothing else is said.
    pub continues: Option<usize>,
}

impl Attribution {
    /// Whether the draft credits someone with the quote.
    pub fn is_credited(&self) -> bool {
        self.credit.is_some()
    }
}

/// One attribution per quote, in the order of `quotes.quotes`, with the built-in cues only.
pub fn attribute(draft: &Draft, quotes: &Quotes) -> Vec<Attribution> {
    attribute_with(draft, quotes, &cues::Extra::default())
}

/// One attribution per quote, in the order of `quotes.quotes`, with the style sheet's `extra`
/// cues after the built-in ones.
pub fn attribute_with(draft: &Draft, quotes: &Quotes, extra: &cues::Extra) -> Vec<Attribution> {
    let view = View::new(draft, &quotes.quotes, cues::cues(), extra);
    let mut people = People::read(&view);
    credit(&view, &mut people, &quotes.quotes, None)
}

/// Like [`attribute_with`], taking the people named in a block from `kept`, what the analysis
/// of the last text kept, when `carried` (per block of `draft`) says the block comes from it
/// and its tokens are inside quotes as they were; `kept` is left with what this draft names.
pub fn attribute_kept(
    draft: &Draft,
    quotes: &Quotes,
    extra: &cues::Extra,
    kept: &mut Kept,
    carried: &[Option<Carried>],
) -> Vec<Attribution> {
    let view = View::new(draft, &quotes.quotes, cues::cues(), extra);
    let (mut people, mut next) = kept.people(&view, carried);
    let mut reader = local::Reader::new(Some((kept, carried)), extra);
    let out = credit(&view, &mut people, &quotes.quotes, Some(&mut reader));
    next.local = reader.finish(draft.blocks.len());
    next.finish(people, view.in_quote);
    *kept = next;
    out
}

/// One attribution per quote of `quotes`, the quotes of `view`'s draft, resolving speakers to
/// `people`; what depends on a quote's block alone is taken from `reader` when it has it.
fn credit(
    view: &View,
    people: &mut People,
    quotes: &[Quote],
    mut reader: Option<&mut local::Reader>,
) -> Vec<Attribution> {
    let mut out: Vec<Attribution> = Vec::with_capacity(quotes.len());
    let mut only = None;
    for quote in quotes {
        let work = || {
            if quote.depth > 0 {
                return (classify::classify(view, quote, None), None);
            }
            // The sentence of the closing mark, looked up once for both readings.
            let closing = quote
                .close_token
                .and_then(|close| Closing::new(view.draft, close));
            let kind = classify::classify(view, quote, closing.as_ref());
            (kind, in_sentence(view, quote, closing))
        };
        let (kind, found) = match reader.as_deref_mut() {
            Some(reader) => reader.quote(view, quote, work),
            None => work(),
        };
        out.push(match found {
            Some((cue, phrase)) => Attribution {
                kind,
                speaker: phrase.map(|p| speaker(view, people, &p, quote)),
                cue: Some(cue),
                credit: Some(Credit::Sentence),
                continues: None,
            },
            None => Attribution {
                kind,
                speaker: None,
                cue: None,
                credit: None,
                continues: None,
            },
        });
        let continues = continued_quote(view, quotes, out.len() - 1, &mut only);
        if let Some(last) = out.last_mut() {
            last.continues = continues;
        }
    }
    let mut memo = None;
    for q in 0..out.len() {
        let quote = &quotes[q];
        if out[q].credit.is_some() || quote.depth > 0 {
            continue;
        }
        let (kind, continues) = (out[q].kind, out[q].continues);
        if let Some(found) = in_paragraph(view, people, quotes, &out, q, &mut memo) {
            out[q] = Attribution {
                kind,
                continues,
                ..found
            };
        } else if let Some(found) = continuation(view, people, quotes, &out, q, &mut only) {
            out[q] = Attribution {
                kind,
                continues,
                ..found
            };
        }
    }
    out
}

fn span_of(view: &View, tokens: &Range<usize>) -> Span {
    let all = &view.draft.tokens;
    match (
        all.get(tokens.start),
        tokens.end.checked_sub(1).and_then(|e| all.get(e)),
    ) {
        (Some(a), Some(b)) => Span::new(a.span().start, b.span().end),
        _ => Span::default(),
    }
}

fn speaker(view: &View, people: &mut People, phrase: &Phrase, quote: &Quote) -> Speaker {
    let phrase_span = span_of(view, &phrase.tokens);
    let before = quote.open.start.min(phrase_span.start);
    let resolved = people.resolve(view, phrase, before);
    Speaker {
        phrase: phrase_span,
        kind: phrase.kind,
        name: resolved.name,
        referent: resolved.referent,
        display: resolved.display,
    }
}

/// A quote's closing mark and the sentence holding it: its index in [`Draft::sentences`] and
/// its tokens.
pub(crate) struct Closing {
    close: usize,
    sentence: usize,
    tokens: Range<usize>,
}

impl Closing {
    /// The closing mark `close` and its sentence, if it has one.
    fn new(draft: &Draft, close: usize) -> Option<Closing> {
        let sentence = draft.sentence_of(close)?;
        Some(Closing {
            close,
            sentence,
            tokens: draft.sentences.get(sentence)?.tokens(),
        })
    }

    /// The index of the sentence holding token `t`, without a search when it is the closing
    /// mark's.
    pub(crate) fn sentence_of(&self, draft: &Draft, t: usize) -> Option<usize> {
        if self.tokens.contains(&t) {
            Some(self.sentence)
        } else {
            draft.sentence_of(t)
        }
    }
}

/// The tokens of the sentence holding token `t`.
fn sentence_tokens(view: &View, t: usize) -> Option<Range<usize>> {
    let s = view.draft.sentence_of(t)?;
    Some(view.draft.sentences[s].tokens().clone())
}

/// A cue and speaker in the quote's sentence: after the closing mark first, then before the
/// opening mark.
fn in_sentence(
    view: &View,
    quote: &Quote,
    closing: Option<Closing>,
) -> Option<(Span, Option<Phrase>)> {
    let draft = view.draft;
    let open = quote.open_token;
    let mut cue_only = None;
    // The sentence of the closing mark, which most often holds the opening mark too.
    let closing = closing.map(|c| (c.close, c.sentence, c.tokens));
    if let Some((close, index, sentence)) = closing.clone() {
        let mut window = close + 1..sentence.end;
        if window.is_empty() {
            // The quote ends its sentence: “We will win.” Haftar said. The next sentence most
            // often starts right there, and is then taken without a search.
            let next = draft
                .sentences
                .get(index + 1)
                .map(|n| n.tokens())
                .filter(|n| n.start == sentence.end && !n.is_empty())
                .or_else(|| sentence_tokens(view, sentence.end));
            if let Some(next) =
                next.filter(|n| draft.tokens[n.start].block() == draft.tokens[close].block())
            {
                window = next;
            }
        }
        window.end = window.end.min(window.start + REACH);
        if let Some((cue, phrase)) = after_quote(view, window) {
            if phrase.is_some() {
                return Some((cue, phrase));
            }
            cue_only = Some((cue, phrase));
        }
    }
    let opening = match closing {
        Some((_, _, sentence)) if sentence.contains(&open) => Some(sentence),
        _ => sentence_tokens(view, open),
    };
    if let Some(sentence) = opening
        && let Some(found) =
            before_quote(view, sentence.start.max(open.saturating_sub(REACH))..open)
    {
        if found.1.is_some() {
            return Some(found);
        }
        cue_only = cue_only.or(Some(found));
    }
    cue_only
}

/// The first cue after a quote and its speaker.
fn after_quote(view: &View, window: Range<usize>) -> Option<(Span, Option<Phrase>)> {
    let lo = window.start;
    for i in window.clone() {
        if !view.free(i) {
            // Another quote: its words are not this one's attribution.
            break;
        }
        let Some((cue, kind)) = view.cue_at(i, window.end) else {
            continue;
        };
        let right_after = (lo..i).all(|k| !view.is_word(k));
        let phrase = if kind == CueKind::Source || right_after {
            view.speaker_after(cue.end, window.end)
                .or_else(|| view.subject_before(lo, cue.start))
        } else {
            view.subject_before(lo, cue.start)
                .or_else(|| view.speaker_after(cue.end, window.end))
        };
        return Some((span_of(view, &cue), phrase));
    }
    None
}

/// The last cue before a quote in its sentence and its speaker.
fn before_quote(view: &View, window: Range<usize>) -> Option<(Span, Option<Phrase>)> {
    let lo = window.start;
    let mut i = window.end;
    while i > lo {
        i -= 1;
        if !view.free(i) {
            // Another quote: no cue inside it, none of its tokens is looked at.
            i = view.quoted_from(i).max(lo);
            continue;
        }
        let Some((cue, kind)) = view.cue_at(i, window.end) else {
            continue;
        };
        let phrase = if kind == CueKind::Source {
            view.speaker_after(cue.end, window.end)
        } else {
            view.subject_before(lo, cue.start)
                .or_else(|| view.speaker_after(cue.end, window.end))
        };
        return Some((span_of(view, &cue), phrase));
    }
    None
}

/// How many tokens before or after a quote its own attribution may stand: "Haftar told
/// reporters at a news conference in Benghazi on Tuesday that “…”" needs about fifteen. The bound
/// keeps a sentence packed with quotes linear.
const REACH: usize = 60;

/// How many quotes either side a quote looks at for a credited neighbour in its paragraph.
const NEIGHBOURS: usize = 32;

/// The paragraph-wide cue of the last paragraph asked about, with its token range: the quotes of
/// one paragraph come one after another, so the scan runs once a paragraph.
type ParagraphCue = Option<(Range<usize>, Option<(Span, Phrase)>)>;

/// Credit from the quote's paragraph: the nearest credited quote in it, before it first, else
/// a cue with a speaker anywhere in the paragraph outside quotes.
fn in_paragraph(
    view: &View,
    people: &mut People,
    quotes: &[Quote],
    done: &[Attribution],
    q: usize,
    memo: &mut ParagraphCue,
) -> Option<Attribution> {
    let quote = &quotes[q];
    let blocks = quote.first_block..quote.last_block + 1;
    let shares = |i: usize, named: bool| {
        let other = &quotes[i];
        other.depth == 0
            && other.first_block <= quote.last_block
            && other.last_block >= quote.first_block
            && if named {
                done[i].speaker.is_some()
            } else {
                done[i].is_credited()
            }
    };
    let nearest = |named: bool| {
        let before = (0..q)
            .rev()
            .take(NEIGHBOURS)
            .take_while(|&i| quotes[i].last_block >= quote.first_block || quotes[i].depth > 0)
            .find(|&i| shares(i, named));
        let after = (q + 1..quotes.len())
            .take(NEIGHBOURS)
            .take_while(|&i| quotes[i].first_block <= quote.last_block)
            .find(|&i| shares(i, named));
        before.or(after)
    };
    if let Some(i) = nearest(true) {
        return Some(Attribution {
            credit: Some(Credit::Paragraph),
            ..done[i].clone()
        });
    }
    let draft = view.draft;
    let tokens =
        draft.blocks.get(blocks.start)?.tokens.start..draft.blocks.get(blocks.end - 1)?.tokens.end;
    let found = match memo {
        Some((range, found)) if *range == tokens => found.clone(),
        _ => {
            let found = cue_with_speaker(view, tokens.clone(), false);
            *memo = Some((tokens, found.clone()));
            found
        }
    };
    let Some((cue, phrase)) = found else {
        // Another quote here is credited by a cue whose speaker could not be read.
        return nearest(false).map(|i| Attribution {
            credit: Some(Credit::Paragraph),
            ..done[i].clone()
        });
    };
    Some(Attribution {
        kind: QuoteKind::Full,
        speaker: Some(speaker(view, people, &phrase, quote)),
        cue: Some(cue),
        credit: Some(Credit::Paragraph),
        continues: None,
    })
}

/// The last cue with a readable speaker among `tokens`, outside quotes; with `carrying`, only
/// the verbs of reported speech that carry over to the next paragraph.
fn cue_with_speaker(view: &View, tokens: Range<usize>, carrying: bool) -> Option<(Span, Phrase)> {
    let mut i = tokens.end;
    while i > tokens.start {
        i -= 1;
        if !view.free(i) {
            // A quote: no cue inside it, none of its tokens is looked at.
            i = view.quoted_from(i).max(tokens.start);
            continue;
        }
        let Some((cue, kind)) = view.cue_at(i, tokens.end) else {
            continue;
        };
        if carrying && !view.cues.carries(&lexicon::lower(view.text(i))) {
            continue;
        }
        let sentence = sentence_tokens(view, i)?;
        let phrase = if kind == CueKind::Source {
            view.speaker_after(cue.end, sentence.end)
        } else {
            view.subject_before(sentence.start, cue.start)
                .or_else(|| view.speaker_after(cue.end, sentence.end))
        };
        if let Some(phrase) = phrase {
            return Some((span_of(view, &cue), phrase));
        }
    }
    None
}

/// Whether the last block asked about has no word outside quotes: the quotes of a block come
/// one after another, so each block is read once.
type OnlyQuotes = Option<(usize, bool)>;

/// Whether block `b` has no word outside quotes, from `memo` when it was the last asked about.
fn only_quotes(view: &View, b: usize, memo: &mut OnlyQuotes) -> bool {
    if let Some((at, only)) = *memo
        && at == b
    {
        return only;
    }
    let only = view.draft.blocks.get(b).is_none_or(|block| {
        let mut i = block.tokens.start;
        while i < block.tokens.end {
            if !view.free(i) {
                // A quote's tokens are stepped over at once.
                i = view.quoted_to(i).max(i + 1);
                continue;
            }
            if view.is_word(i) {
                return false;
            }
            i += 1;
        }
        true
    });
    *memo = Some((b, only));
    only
}

/// For a quote in a paragraph made of quotes, the last top-level quote of the paragraph
/// before, when both paragraphs are running text.
fn continued_quote(
    view: &View,
    quotes: &[Quote],
    q: usize,
    only: &mut OnlyQuotes,
) -> Option<usize> {
    let draft = view.draft;
    let quote = quotes.get(q).filter(|quote| quote.depth == 0)?;
    let block = draft.blocks.get(quote.first_block)?;
    let prev_index = quote.first_block.checked_sub(1)?;
    let prev = draft.blocks.get(prev_index)?;
    let prose = |kind| matches!(kind, BlockKind::Paragraph | BlockKind::ListItem);
    if !prose(prev.kind) || !prose(block.kind) || !only_quotes(view, quote.first_block, only) {
        return None;
    }
    (0..q)
        .rev()
        .take_while(|&i| quotes[i].last_block >= prev_index)
        .find(|&i| quotes[i].depth == 0 && quotes[i].last_block == prev_index)
}

/// Credit from the paragraph before, for a paragraph made of quotes: the speaker of its last
/// quote, or of reported speech in its last sentence.
fn continuation(
    view: &View,
    people: &mut People,
    quotes: &[Quote],
    done: &[Attribution],
    q: usize,
    only: &mut OnlyQuotes,
) -> Option<Attribution> {
    let draft = view.draft;
    let quote = &quotes[q];
    if let Some(i) = done[q].continues {
        if done[i].is_credited() {
            return Some(Attribution {
                credit: Some(Credit::Continuation),
                ..done[i].clone()
            });
        }
        return None;
    }
    let prev_index = quote.first_block.checked_sub(1)?;
    let prev = draft.blocks.get(prev_index)?;
    let block = draft.blocks.get(quote.first_block)?;
    let prose = |kind| matches!(kind, BlockKind::Paragraph | BlockKind::ListItem);
    if !prose(prev.kind) || !prose(block.kind) || !only_quotes(view, quote.first_block, only) {
        return None;
    }
    // Reported speech closing the paragraph before: Haftar said the embargo hurt.
    let last = draft.sentences.get(prev.sentences.end.checked_sub(1)?)?;
    if let Some((cue, phrase)) = cue_with_speaker(view, last.tokens().clone(), true) {
        return Some(Attribution {
            kind: QuoteKind::Full,
            speaker: Some(speaker(view, people, &phrase, quote)),
            cue: Some(cue),
            credit: Some(Credit::Continuation),
            continues: None,
        });
    }
    // A paragraph that ends with a colon introduces the quote: thus accosted by Miss Bingley:
    let colon = prev
        .tokens
        .end
        .checked_sub(1)
        .filter(|&t| view.text(t) == ":")?;
    let by = (last.tokens().start..colon)
        .rev()
        .find(|&i| view.text(i) == "by" && i + 1 < colon && view.free(i + 1));
    let phrase = by.and_then(|i| view.speaker_after(i + 1, colon));
    Some(Attribution {
        kind: QuoteKind::Full,
        speaker: phrase.map(|p| speaker(view, people, &p, quote)),
        cue: None,
        credit: Some(Credit::Continuation),
        continues: None,
    })
}

#[cfg(test)]
mod tests;
