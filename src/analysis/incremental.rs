//! Analysing a draft again after an edit: the blocks the edit did not touch keep their tokens,
//! sentences and name mentions, and only the blocks it touched are read again.
//!
//! What a block's tokens, sentences and name mentions are depends on the text of that block
//! alone: [`Draft::new`] tokenises block by block, sentences never cross a block, and
//! [`names::mentions::BlockScanner`] reads one block at a time. So an [`Incremental`] keeps
//! them from the last text it analysed, and for the next text finds the longest common start
//! and end of the two texts: a block of the new text lying wholly inside either, with the same
//! shape (kind, block quote, prose pieces) as the block of the old text at the same place, takes
//! the old block's results with their offsets moved. The new text is still split into blocks
//! in full (Markdown structure is not local: one backtick can open a code block that runs to
//! the end), and the stages that look at the whole draft (quote pairing with its running
//! quotations, attribution, grouping the names, entities, checks, directives) run as in
//! [`super::analyze_in`], on the same inputs: the result is the same as a fresh analysis of
//! the new text, which the tests check on random edits.

use std::ops::Range;
use std::sync::Arc;

use super::draft::{split_sentences, tokenize};
use super::names::mentions::{BlockScanner, RawMention, merge_foreign};
use super::prose::{self, RawBlock};
use super::{
    Analysis, Block, Draft, Format, Sentence, Settings, Span, Token, TokenKind, analyze_draft,
    names,
};

/// What one analysis leaves for the next: per block, the tokens, sentences and name mentions,
/// with the text they were read from.
#[derive(Debug, Default)]
pub struct Incremental {
    /// The format of `text`; `None` before the first analysis.
    format: Option<Format>,
    /// The text analysed last, shared with whoever keeps it too (the server, for requests).
    text: Arc<str>,
    blocks: Vec<Block>,
    /// The tokens of `text`, packed (a third of the size of [`Token`]): a megabyte of text has
    /// some 200,000 of them, kept between keystrokes.
    tokens: Vec<Packed>,
    sentences: Vec<Sentence>,
    /// The mentions of English sentences, in text order.
    mentions: Vec<RawMention>,
    /// The mentions of sentences in another language, in text order.
    foreign: Vec<RawMention>,
    /// For each block, its ranges into `mentions` and `foreign`.
    block_mentions: Vec<(Range<usize>, Range<usize>)>,
    /// How many blocks the last analysis took over from the one before.
    reused: usize,
}

impl Incremental {
    pub fn new() -> Incremental {
        Incremental::default()
    }

    /// Analyses `text` like [`super::analyze_in`], reusing what the last call learned about the
    /// blocks the two texts share. Never fails and never panics.
    pub fn analyze(
        &mut self,
        text: &str,
        format: Format,
        settings: &Settings,
        within: Option<names::Within>,
    ) -> Analysis {
        self.analyze_shared(&Arc::from(text), format, settings, within)
    }

    /// Like [`Incremental::analyze`], keeping the caller's `text` for the next call instead of
    /// a copy of it.
    pub fn analyze_shared(
        &mut self,
        shared: &Arc<str>,
        format: Format,
        settings: &Settings,
        within: Option<names::Within>,
    ) -> Analysis {
        let text: &str = shared;
        let (raw, comments) = prose::split(text, format);
        let old = std::mem::take(self);
        let same = if old.format == Some(format) {
            Common::of(&old.text, text)
        } else {
            Common::default()
        };

        // Tokens and sentences, taken over or made, block by block.
        let mut blocks = Vec::with_capacity(raw.len());
        let mut tokens = Vec::with_capacity(text.len() / 4);
        let mut sentences = Vec::with_capacity((text.len() / 80).max(old.sentences.len() + 64));
        // For each new block, the old block it takes over, if any.
        let mut taken: Vec<Option<usize>> = Vec::with_capacity(raw.len());
        let mut reused = 0;
        for block in raw {
            let index = blocks.len();
            let id = u32::try_from(index).unwrap_or(u32::MAX);
            let first_token = tokens.len();
            let first_sentence = sentences.len();
            let from = old.matching(&block, &same, text.len());
            if let Some((at, old_block)) = from {
                let (was, now) = (extent(old_block).start, extent_of(&block).start);
                let old_tokens = old.tokens.get(old_block.tokens.clone()).unwrap_or(&[]);
                tokens.extend(old_tokens.iter().map(|t| Token {
                    span: moved(t.span(), was, now),
                    kind: t.kind(),
                    block: id,
                }));
                let old_first = old_block.tokens.start;
                let old_sentences = old.sentences.get(old_block.sentences.clone());
                sentences.extend(old_sentences.unwrap_or(&[]).iter().map(|s| Sentence {
                    span: moved(s.span, was, now),
                    tokens: renumbered(&s.tokens, old_first, first_token),
                    block: index,
                }));
                reused += 1;
                taken.push(Some(at));
            } else {
                for &piece in &block.pieces {
                    tokenize(text, piece, id, &mut tokens);
                }
                let range = first_token..tokens.len();
                split_sentences(text, index, range, &tokens, &mut sentences);
                taken.push(None);
            }
            blocks.push(Block {
                span: block.span,
                kind: block.kind,
                quoted: block.quoted,
                pieces: block.pieces,
                tokens: first_token..tokens.len(),
                sentences: first_sentence..sentences.len(),
            });
        }
        let draft = Draft {
            text,
            format,
            blocks,
            tokens,
            sentences,
            comments,
        };

        // Name mentions, block by block: the old ones moved, the others read.
        let mut mentions = Vec::with_capacity(old.mentions.len() + 64);
        let mut foreign = Vec::with_capacity(old.foreign.len());
        let mut block_mentions = Vec::with_capacity(draft.blocks.len());
        let mut old_mentions = Cursor::new(old.mentions);
        let mut old_foreign = Cursor::new(old.foreign);
        let mut scanner = BlockScanner::default();
        for (index, (block, from)) in draft.blocks.iter().zip(&taken).enumerate() {
            let (start, start_foreign) = (mentions.len(), foreign.len());
            let old_block =
                from.and_then(|at| Some((old.blocks.get(at)?, old.block_mentions.get(at)?)));
            if let Some((old_block, (english, other))) = old_block {
                let shift = Shift {
                    was: extent(old_block).start,
                    now: extent(block).start,
                    old_first: old_block.tokens.start,
                    first: block.tokens.start,
                };
                mentions.extend(old_mentions.take(english.clone()).map(|m| shift.mention(m)));
                foreign.extend(old_foreign.take(other.clone()).map(|m| shift.mention(m)));
            } else {
                scanner.scan(&draft, index, &mut mentions, &mut foreign);
                // Kept until the block changes: no room to spare in each list of words.
                for m in mentions
                    .iter_mut()
                    .skip(start)
                    .chain(foreign.iter_mut().skip(start_foreign))
                {
                    m.parts.shrink_to_fit();
                }
            }
            block_mentions.push((start..mentions.len(), start_foreign..foreign.len()));
        }

        let analysis = if foreign.is_empty() {
            analyze_draft(&draft, &mentions, settings, within)
        } else {
            let all = merge_foreign(&draft, mentions.clone(), &foreign);
            analyze_draft(&draft, &all, settings, within)
        };

        let Draft {
            blocks,
            tokens,
            sentences,
            ..
        } = draft;
        if mentions.capacity() > mentions.len() + mentions.len() / 4 + 64 {
            mentions.shrink_to_fit();
        }
        // A text too long for packed tokens is analysed in full every time.
        let Some(tokens) = tokens.iter().map(Packed::of).collect::<Option<Vec<_>>>() else {
            return analysis;
        };
        *self = Incremental {
            format: Some(format),
            text: shared.clone(),
            blocks,
            tokens,
            sentences,
            mentions,
            foreign,
            block_mentions,
            reused,
        };
        analysis
    }

    /// How many blocks the last analysis took over from the one before it, and how many the
    /// draft has.
    pub fn reused(&self) -> (usize, usize) {
        (self.reused, self.blocks.len())
    }

    /// The old block that `block` of the new text can take over: one wholly inside the text
    /// the two share at the start or at the end, at the same place, with the same shape.
    fn matching(&self, block: &RawBlock, same: &Common, new_len: usize) -> Option<(usize, &Block)> {
        let new = extent_of(block);
        let old_start = if new.end <= same.prefix {
            new.start
        } else if new.start >= new_len.saturating_sub(same.suffix) && same.suffix > 0 {
            (new.start + self.text.len()).checked_sub(new_len)?
        } else {
            return None;
        };
        let start = old_start + (block.span.start - new.start);
        let at = self.blocks.partition_point(|b| b.span.start < start);
        let old = self.blocks.get(at)?;
        let same_shape = old.span.start == start
            && extent(old) == Span::new(old_start, old_start + new.len())
            && old.span.len() == block.span.len()
            && old.kind == block.kind
            && old.quoted == block.quoted
            && old.pieces.len() == block.pieces.len()
            && old.pieces.iter().zip(&block.pieces).all(|(o, n)| {
                o.start.checked_sub(old_start) == n.start.checked_sub(new.start)
                    && o.len() == n.len()
            });
        same_shape.then_some((at, old))
    }
}

/// A token without its block (the block that holds it knows its range of tokens), with 32-bit
/// offsets: its start, and its length and kind in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Packed {
    start: u32,
    len_kind: u32,
}

impl Packed {
    fn of(token: &Token) -> Option<Packed> {
        let kind = match token.kind {
            TokenKind::Word => 0,
            TokenKind::Number => 1,
            TokenKind::Punct => 2,
        };
        let len = u32::try_from(token.span.len())
            .ok()
            .filter(|&l| l < 1 << 30)?;
        Some(Packed {
            start: u32::try_from(token.span.start).ok()?,
            len_kind: len << 2 | kind,
        })
    }

    fn span(self) -> Span {
        let start = self.start as usize;
        Span::new(start, start + (self.len_kind >> 2) as usize)
    }

    fn kind(self) -> TokenKind {
        match self.len_kind & 3 {
            0 => TokenKind::Word,
            1 => TokenKind::Number,
            _ => TokenKind::Punct,
        }
    }
}

/// How long a start and an end two texts share, in bytes, never overlapping in either text.
#[derive(Debug, Default)]
struct Common {
    prefix: usize,
    suffix: usize,
}

impl Common {
    fn of(old: &str, new: &str) -> Common {
        let (old, new) = (old.as_bytes(), new.as_bytes());
        let most = old.len().min(new.len());
        let prefix = shared_start(old, new, most);
        let suffix = shared_end(old, new, most - prefix);
        Common { prefix, suffix }
    }
}

/// How many bytes `a` and `b` share at the start, up to `most` (at most either's length).
fn shared_start(a: &[u8], b: &[u8], most: usize) -> usize {
    const CHUNK: usize = 64;
    let (a, b) = (&a[..most.min(a.len())], &b[..most.min(b.len())]);
    let mut n = 0;
    while let (Some(x), Some(y)) = (a.get(n..n + CHUNK), b.get(n..n + CHUNK)) {
        if x != y {
            break;
        }
        n += CHUNK;
    }
    n + a[n..]
        .iter()
        .zip(&b[n..])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many bytes `a` and `b` share at the end, up to `most` (at most either's length).
fn shared_end(a: &[u8], b: &[u8], most: usize) -> usize {
    const CHUNK: usize = 64;
    let (a, b) = (
        &a[a.len() - most.min(a.len())..],
        &b[b.len() - most.min(b.len())..],
    );
    let mut n = 0;
    while n + CHUNK <= a.len().min(b.len()) {
        if a[a.len() - n - CHUNK..a.len() - n] != b[b.len() - n - CHUNK..b.len() - n] {
            break;
        }
        n += CHUNK;
    }
    let (a, b) = (&a[..a.len() - n], &b[..b.len() - n]);
    n + a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Where a block's text and prose begin and end: its span and its pieces together.
fn extent_of(block: &RawBlock) -> Span {
    around(block.span, &block.pieces)
}

fn extent(block: &Block) -> Span {
    around(block.span, &block.pieces)
}

fn around(span: Span, pieces: &[Span]) -> Span {
    pieces.iter().fold(span, |all, p| {
        Span::new(all.start.min(p.start), all.end.max(p.end))
    })
}

/// A span of a block that began at `was`, for the same block beginning at `now`.
fn moved(span: Span, was: usize, now: usize) -> Span {
    Span::new(
        span.start.saturating_sub(was) + now,
        span.end.saturating_sub(was) + now,
    )
}

/// A range of token indices of a block whose first token was `was`, now `now`.
fn renumbered(range: &Range<usize>, was: usize, now: usize) -> Range<usize> {
    range.start.saturating_sub(was) + now..range.end.saturating_sub(was) + now
}

/// How a block's mentions move: its bytes from `was` to `now`, its tokens from `old_first` to
/// `first`.
struct Shift {
    was: usize,
    now: usize,
    old_first: usize,
    first: usize,
}

impl Shift {
    fn mention(&self, mut m: RawMention) -> RawMention {
        m.span = moved(m.span, self.was, self.now);
        m.tokens = renumbered(&m.tokens, self.old_first, self.first);
        m.title = m.title.map(|t| moved(t, self.was, self.now));
        for part in &mut m.parts {
            part.span = moved(part.span, self.was, self.now);
            part.tokens = renumbered(&part.tokens, self.old_first, self.first);
            part.possessive = part.possessive.map(|p| moved(p, self.was, self.now));
        }
        m
    }
}

/// Takes ranges of a list in increasing order, moving the items out instead of copying them.
struct Cursor {
    items: std::vec::IntoIter<RawMention>,
    at: usize,
}

impl Cursor {
    fn new(items: Vec<RawMention>) -> Cursor {
        Cursor {
            items: items.into_iter(),
            at: 0,
        }
    }

    /// The items of `range`; empty when the range lies before what was taken already.
    fn take(&mut self, range: Range<usize>) -> impl Iterator<Item = RawMention> + '_ {
        let skip = range.start.saturating_sub(self.at);
        if skip > 0 {
            self.items.nth(skip - 1);
        }
        let len = if range.start >= self.at {
            range.len()
        } else {
            0
        };
        self.at = self.at.max(range.start) + len;
        self.items.by_ref().take(len)
    }
}
