//! What attribution finds about a quote from its own block alone, kept per block for the
//! analysis of the next text: the quote's kind and the cue and speaker phrase of its sentence.
//!
//! For a quote that lies wholly inside one block, [`super::classify::classify`] and
//! [`super::in_sentence`] read only that block's tokens, their in-quote marks, the quote's
//! marks and depth, and the cues (the built-in ones and the style sheet's). Three reads can
//! step over the block's edge, and a quote near one is worked out afresh: the word two tokens
//! before the opening mark (`known as “…”`), the token right after the closing mark, and the
//! token before the block's first one when the two touch (a hyphen or a full stop joined to a
//! word). Everything else about a quote (credit from its paragraph or the paragraph before,
//! and resolving speakers against the people named earlier) is worked out again every time.

use super::classify::QuoteKind;
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
        let sound = sound(view, quote);
        let taken = self
            .block
            .as_mut()
            .and_then(|(_, source)| source.as_mut())
            .filter(|_| sound)
            .and_then(|source| source.take(quote));
        let result = match taken {
            Some(result) => {
                self.next.reused += 1;
                result
            }
            None => work(),
        };
        if sound {
            self.next.entries.push(Entry {
                open: quote.open,
                close: quote.close,
                inner: quote.inner,
                depth: quote.depth,
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
    fn take(&mut self, quote: &Quote) -> Option<(QuoteKind, Found)> {
        let entry = self.entries.get(self.next)?;
        let span = |s: Span| moved(s, self.was, self.now);
        let same = span(entry.open) == quote.open
            && entry.close.map(span) == quote.close
            && span(entry.inner) == quote.inner
            && entry.depth == quote.depth;
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

/// Whether `quote` reads nothing outside its block when classified and its sentence read:
/// the word two tokens before its opening mark and the token after its closing mark are in
/// its block, and its block's first token does not touch the token before it.
fn sound(view: &View, quote: &Quote) -> bool {
    let draft = view.draft;
    let Some(block) = draft.blocks.get(quote.first_block) else {
        return false;
    };
    let open = draft.token_at(quote.open.start);
    let after_close = quote
        .close
        .is_none_or(|c| draft.token_at(c.end) < block.tokens.end);
    open >= block.tokens.start + 2 && after_close && !touches_before(view, block.tokens.start)
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
