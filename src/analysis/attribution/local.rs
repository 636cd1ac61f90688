//! What attribution finds about a quote from its own block alone, kept per block for the
//! analysis of the next text: the quote's kind and the cue and speaker phrase of its sentence.
//!
//! For a quote that lies wholly inside one block, [`super::classify::classify`] and
//! [`super::in_sentence`] read only that block's tokens, their in-quote marks, the quote's
//! marks and depth, and the cues (the built-in ones and the style sheet's). Three reads can
//! step over the block's edge: the word two tokens before the opening mark (`known as “…”`),
//! the token right after the closing mark, and the token before the block's first one when
//! the two touch (a hyphen or a full stop joined to a word). What the first two read is kept
//! with the results and compared (see [`edge`]); a block whose first token touches the one
//! before keeps nothing. Everything else about a quote (credit from its paragraph or the paragraph before,
//! and resolving speakers against the people named earlier) is worked out again every time.

use super::classify::{QuoteKind, named_as, next_is_name};
use super::cues::Extra;
use super::people::{Carried, Kept};
use super::phrase::{Phrase, View};
use crate::analysis::Span;
use crate::analysis::quotes::Quote;
use std::ops::Range;

/// The cue and speaker phrase a quote's own sentence gives, if any.
pub type Found = Option<(Span, Option<Phrase>)>;

/// One quote's block-local results, with its marks, all as in the draft they were read from.
#[derive(Debug, Clone)]
struct Entry {
    open: Span,
    close: Option<Span>,
    inner: Span,
    depth: usize,
    /// What classifying it read outside its block (see [`edge`]).
    edge: u8,
    kind: QuoteKind,
    found: Found,
}

/// The block-local results of the quotes of each block of the last draft.
#[derive(Debug, Default)]
pub struct Local {
    /// Per block: its range of `entries`, the quotes wholly inside it, in text order; empty for
    /// a block whose first token touches the token before it.
    blocks: Vec<Range<u32>>,
    entries: Vec<Entry>,
    /// The style sheet's cues the entries were found with.
    extra: Extra,
    /// How many quotes took their results over from the analysis before.
    reused: usize,
}

/// Where a new block's quotes may take their results from: the old block's entries and how
/// to move them into the new draft.
struct Source<'k> {
    entries: &'k [Entry],
    /// The next entry of the block to match.
    next: usize,
    was: usize,
    now: usize,
    old_first: usize,
    first: usize,
}

/// Reads the block-local results of the quotes of a draft, from the kept ones where it can,
/// and records them for the next draft.
pub struct Reader<'k> {
    kept: Option<(&'k Kept, &'k [Option<Carried>])>,
    /// The block whose quotes are being read, and where its kept entries are.
    block: Option<(usize, Option<Source<'k>>)>,
    next: Local,
}

impl<'k> Reader<'k> {
    /// A reader that takes results over from `kept` for the blocks `carried` (per block of the
    /// new draft) says come from the last draft, when the style sheet's cues are the same.
    pub fn new(kept: Option<(&'k Kept, &'k [Option<Carried>])>, extra: &Extra) -> Reader<'k> {
        Reader {
            kept: kept.filter(|(kept, _)| kept.local.extra == *extra),
            block: None,
            next: Local {
                blocks: Vec::new(),
                entries: Vec::new(),
                extra: extra.clone(),
                reused: 0,
            },
        }
    }

    /// The kind of `quote` and the cue and speaker of its sentence: taken over when its block
    /// was kept with the same in-quote marks and the quote is where it was, else worked out
    /// with `work`.
    pub fn quote(
        &mut self,
        view: &View,
        quote: &Quote,
        work: impl FnOnce() -> (QuoteKind, Found),
    ) -> (QuoteKind, Found) {
        if quote.first_block != quote.last_block {
            return work();
        }
        let b = quote.first_block;
        if self.block.as_ref().is_none_or(|(at, _)| *at != b) {
            self.close_blocks_to(b);
            let source = self.source(view, b);
            self.block = Some((b, source));
        }
        let edge = edge(view, quote);
        let taken = self
            .block
            .as_mut()
            .and_then(|(_, source)| source.as_mut())
            .zip(edge)
            .and_then(|(source, edge)| source.take(quote, edge));
        let result = match taken {
            Some(result) => {
                self.next.reused += 1;
                result
            }
            None => work(),
        };
        if let Some(edge) = edge {
            self.next.entries.push(Entry {
                open: quote.open,
                close: quote.close,
                inner: quote.inner,
                depth: quote.depth,
                edge,
                kind: result.0,
                found: result.1.clone(),
            });
        }
        result
    }

    /// What to keep for the next draft, `blocks` blocks long.
    pub fn finish(mut self, blocks: usize) -> Local {
        self.close_blocks_to(blocks);
        self.next
    }

    /// Records the ranges of entries of every block before `b` not recorded yet.
    fn close_blocks_to(&mut self, b: usize) {
        let end = narrow(self.next.entries.len());
        let mut start = self.next.blocks.last().map_or(0, |r| r.end);
        while self.next.blocks.len() < b {
            self.next.blocks.push(start..end);
            start = end;
        }
    }

    /// The kept entries block `b` of the new draft can take, if any.
    fn source(&self, view: &View, b: usize) -> Option<Source<'k>> {
        let (kept, carried) = self.kept?;
        let c = carried.get(b)?.as_ref()?;
        let block = view.draft.blocks.get(b)?;
        if !kept.same_marks(view, c, block) || touches_before(view, block.tokens.start) {
            return None;
        }
        let range = kept.local.blocks.get(c.block)?;
        let entries = kept
            .local
            .entries
            .get(range.start as usize..range.end as usize)?;
        Some(Source {
            entries,
            next: 0,
            was: c.was,
            now: c.now,
            old_first: c.tokens.start,
            first: block.tokens.start,
        })
    }
}

impl Local {
    /// How many quotes took their results over from the analysis before.
    pub fn reused(&self) -> usize {
        self.reused
    }
}

impl Source<'_> {
    /// The kept results of `quote`, when the next kept entry is the same quote.
    fn take(&mut self, quote: &Quote, edge: u8) -> Option<(QuoteKind, Found)> {
        let entry = self.entries.get(self.next)?;
        let span = |s: Span| moved(s, self.was, self.now);
        let same = span(entry.open) == quote.open
            && entry.close.map(span) == quote.close
            && span(entry.inner) == quote.inner
            && entry.depth == quote.depth
            && entry.edge == edge;
        if !same {
            return None;
        }
        self.next += 1;
        let token = |t: usize| t.saturating_sub(self.old_first) + self.first;
        let tokens = |r: &Range<usize>| token(r.start)..token(r.end);
        let found = entry.found.as_ref().map(|(cue, phrase)| {
            let phrase = phrase.as_ref().map(|p| Phrase {
                tokens: tokens(&p.tokens),
                name: p.name.as_ref().map(tokens),
                honorific: p.honorific.map(token),
                ..p.clone()
            });
            (span(*cue), phrase)
        });
        Some((entry.kind, found))
    }
}

/// What classifying `quote` reads outside its block, as three bits: whether the word two
/// tokens before its opening mark names (`known` of `known as “…”`) when that word is in the
/// block before; and, when its closing mark is its block's last token, whether a capitalised
/// word follows after a space and whether a full stop, question or exclamation mark or comma
/// follows with no space. `None` when its block's first token touches the token before it: a
/// cue or name read at the block's start then depends on that token.
fn edge(view: &View, quote: &Quote) -> Option<u8> {
    let draft = view.draft;
    let block = draft.blocks.get(quote.first_block)?;
    if touches_before(view, block.tokens.start) {
        return None;
    }
    let open = quote.open_token;
    let mut bits = 0;
    if open == block.tokens.start + 1 && view.is_word(open - 1) && named_as(view, open) {
        bits |= 1;
    }
    if let Some(close) = quote.close_token {
        let after = close + 1;
        if after >= block.tokens.end {
            if next_is_name(view, quote) {
                bits |= 2;
            }
            let terminal = draft
                .tokens
                .get(after)
                .is_some_and(|a| a.span().start == quote.span().end)
                && matches!(view.text(after), "." | "!" | "?" | ",");
            if terminal {
                bits |= 4;
            }
        }
    }
    Some(bits)
}

/// Whether token `first` touches the token before it.
fn touches_before(view: &View, first: usize) -> bool {
    first > 0 && view.touching(first - 1, first)
}

/// A span of a block that began at `was`, for the same block beginning at `now`.
fn moved(span: Span, was: usize, now: usize) -> Span {
    Span::new(
        span.start.saturating_sub(was) + now,
        span.end.saturating_sub(was) + now,
    )
}

fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
