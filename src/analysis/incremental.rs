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
//!
//! Attribution's people named in a block depend on the block's text and on which of its tokens
//! are inside quotes, which a quote opened in an earlier block can change: they are kept per
//! block with those marks, and taken over while both are unchanged (see
//! [`attribution::attribute_kept`]). So are the kind of each quote that lies wholly inside one
//! block and the cue and speaker phrase of its own sentence, while the style sheet's cues are
//! unchanged too.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use super::attribution;
use super::draft::{BLOCK_MASK, BlockReader};
use super::names::mentions::{BlockScanner, RawMentions, Shift, merge_foreign};
use super::prose::{self, Comment, RawBlock};
use super::{
    Analysis, Block, Draft, Format, Sentence, Settings, Span, Token, analyze_draft, names,
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
    /// The tokens of `text`, packed (8 bytes instead of the 12 of a [`Token`]: the block that
    /// holds a token knows its range of tokens): a megabyte of text has some 200,000 of them,
    /// kept between keystrokes.
    tokens: Vec<Packed>,
    sentences: Vec<Sentence>,
    /// The mentions of English sentences, in text order, with their words.
    mentions: RawMentions,
    /// The mentions of sentences in another language, in text order, with their words.
    foreign: RawMentions,
    /// For each block, its ranges into the mentions (not the words) of `mentions` and
    /// `foreign`.
    block_mentions: Vec<(Range<usize>, Range<usize>)>,
    /// Attribution's people named in each block, with the marks of the tokens inside quotes
    /// they were read with.
    people: attribution::Kept,
    /// The comments of `text` (directives), for splitting the next text near its edit.
    comments: Vec<Comment>,
    /// How many blocks the last analysis took over from the one before.
    reused: usize,
    /// Whether the last analysis split only the lines near its edit into blocks again.
    split_near: bool,
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
        let mut old = std::mem::take(self);
        // Offsets are `u32` (see [`Token`]): a longer text is read again in full.
        let same = if old.format == Some(format) && u32::try_from(text.len()).is_ok() {
            Common::of(&old.text, text)
        } else {
            Common::default()
        };
        // Split near the edit when that is sure to give the whole split, else in full.
        let near = (old.format == Some(format) && same.prefix + same.suffix <= old.text.len())
            .then(|| {
                let edit = Span::new(same.prefix, old.text.len() - same.suffix);
                prose::split_near(&old.text, &old.blocks, &old.comments, text, edit, format)
            })
            .flatten();
        let split_near = near.is_some();
        let (raw, comments) = near.unwrap_or_else(|| prose::split(text, format));

        // Tokens and sentences, taken over or made, block by block.
        let mut blocks = Vec::with_capacity(raw.len());
        let mut tokens = Vec::with_capacity(text.len() / 4);
        let mut sentences = Vec::with_capacity((text.len() / 80).max(old.sentences.len() + 64));
        // For each new block, the old block it takes over, if any.
        let mut taken: Vec<Option<usize>> = Vec::with_capacity(raw.len());
        let mut reused = 0;
        let mut reader = BlockReader::default();
        for block in raw {
            let index = blocks.len();
            let id = u32::try_from(index).unwrap_or(u32::MAX);
            let first_token = tokens.len();
            let first_sentence = sentences.len();
            // A block past the indexes tokens hold has none (see [`Token`]): nothing to take.
            let from = if id <= BLOCK_MASK {
                old.matching(&block, &same, text.len())
            } else {
                None
            };
            if let Some((at, old_block)) = from {
                let (was, now) = (extent(old_block).start, extent_of(&block).start);
                let old_tokens = old.tokens.get(old_block.tokens.clone()).unwrap_or(&[]);
                // In 32 bits, as tokens keep them: a kept block's tokens start at or after the
                // block (`was`), and the new text is shorter than 4 GiB (else nothing is kept),
                // so this is `moved` without a check per token.
                let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                let (was32, now32) = (narrow(was), narrow(now));
                tokens.extend(old_tokens.iter().map(|t| {
                    let start = t.start.wrapping_sub(was32).wrapping_add(now32);
                    let end = start.wrapping_add(t.len_tag >> TAG_BITS);
                    Token::from_tag(start, end, t.len_tag & TAG_MASK, id)
                }));
                let old_first = old_block.tokens.start;
                let old_sentences = old.sentences.get(old_block.sentences.clone());
                sentences.extend(old_sentences.unwrap_or(&[]).iter().map(|s| {
                    Sentence::new(
                        moved(s.span(), was, now),
                        renumbered(&s.tokens(), old_first, first_token),
                        index,
                    )
                }));
                reused += 1;
                taken.push(Some(at));
            } else {
                reader.read(text, &block, index, &mut tokens, &mut sentences);
                taken.push(None);
            }
            blocks.push(Block {
                raw: block,
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
        let mut mentions = RawMentions {
            mentions: Vec::with_capacity(old.mentions.mentions.len() + 64),
            parts: Vec::with_capacity(old.mentions.parts.len() + 64),
        };
        let mut foreign = RawMentions {
            mentions: Vec::with_capacity(old.foreign.mentions.len()),
            parts: Vec::with_capacity(old.foreign.parts.len()),
        };
        let mut block_mentions = Vec::with_capacity(draft.blocks.len());
        let mut scanner = BlockScanner::default();
        for (index, (block, from)) in draft.blocks.iter().zip(&taken).enumerate() {
            let (start, start_foreign) = (mentions.mentions.len(), foreign.mentions.len());
            let old_block =
                from.and_then(|at| Some((old.blocks.get(at)?, old.block_mentions.get(at)?)));
            if let Some((old_block, (english, other))) = old_block {
                let shift = Shift {
                    was: extent(old_block).start,
                    now: extent(block).start,
                    old_first: old_block.tokens.start,
                    first: block.tokens.start,
                };
                mentions.extend_moved(&old.mentions, english.clone(), &shift);
                foreign.extend_moved(&old.foreign, other.clone(), &shift);
            } else {
                scanner.scan(&draft, index, &mut mentions, &mut foreign);
            }
            block_mentions.push((
                start..mentions.mentions.len(),
                start_foreign..foreign.mentions.len(),
            ));
        }
        // Where each block comes from, for attribution's people.
        let carried: Vec<Option<attribution::Carried>> = draft
            .blocks
            .iter()
            .zip(&taken)
            .map(|(block, from)| {
                let at = (*from)?;
                let old_block = old.blocks.get(at)?;
                Some(attribution::Carried {
                    block: at,
                    tokens: old_block.tokens.clone(),
                    was: extent(old_block).start,
                    now: extent(block).start,
                })
            })
            .collect();
        let mut people = std::mem::take(&mut old.people);
        drop(old);

        let kept = Some((&mut people, carried.as_slice()));
        let analysis = if foreign.mentions.is_empty() {
            analyze_draft(&draft, Cow::Borrowed(&mentions), settings, within, kept)
        } else {
            let all = merge_foreign(&draft, mentions.clone(), &foreign);
            analyze_draft(&draft, Cow::Owned(all), settings, within, kept)
        };

        let Draft {
            blocks,
            tokens,
            sentences,
            comments,
            ..
        } = draft;
        // Kept until the next edit: little room to spare.
        for list in [&mut mentions, &mut foreign] {
            if list.mentions.capacity() > list.mentions.len() + list.mentions.len() / 4 + 64 {
                list.mentions.shrink_to_fit();
            }
            if list.parts.capacity() > list.parts.len() + list.parts.len() / 4 + 64 {
                list.parts.shrink_to_fit();
            }
        }
        // A text too long for packed tokens is analysed in full every time.
        if text.len() >= MAX_PACKED {
            return analysis;
        }
        let tokens = tokens.iter().map(Packed::of).collect();
        *self = Incremental {
            format: Some(format),
            text: shared.clone(),
            blocks,
            tokens,
            sentences,
            mentions,
            foreign,
            block_mentions,
            people,
            comments,
            reused,
            split_near,
        };
        analysis
    }

    /// How many blocks the last analysis took over from the one before it, and how many the
    /// draft has.
    pub fn reused(&self) -> (usize, usize) {
        (self.reused, self.blocks.len())
    }

    /// How many blocks took attribution's people over from the analysis before: those the
    /// edit did not touch whose tokens are inside quotes as they were.
    pub fn people_reused(&self) -> usize {
        self.people.reused()
    }

    /// How many quotes took their kind and the cue and speaker of their own sentence over from
    /// the analysis before: those wholly inside a block the edit did not touch, whose tokens
    /// are inside quotes as they were, with the style sheet's cues unchanged.
    pub fn quotes_reused(&self) -> usize {
        self.people.quotes_reused()
    }

    /// Whether the last analysis split only the lines near its edit into blocks again, taking
    /// the other blocks from the one before (see [`prose::split_near`]), rather than the whole
    /// text.
    pub fn split_near(&self) -> bool {
        self.split_near
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

/// The length of the texts whose tokens are kept packed: their offsets fit 32 bits and their
/// lengths the 28 bits of [`Packed::len_tag`] above the tag.
const MAX_PACKED: usize = 1 << (32 - TAG_BITS);

/// How many bits of [`Packed::len_tag`] hold the token's kind and case ([`Token::tag`]).
const TAG_BITS: u32 = 4;
/// The bits of [`Packed::len_tag`] that hold the tag.
const TAG_MASK: u32 = (1 << TAG_BITS) - 1;

/// A token without its block (the block that holds it knows its range of tokens), with 32-bit
/// offsets: its start, and its length, kind and case in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Packed {
    start: u32,
    len_tag: u32,
}

impl Packed {
    /// The token packed, for a token of a text shorter than [`MAX_PACKED`] (whose offsets
    /// fit 32 bits and whose length fits 28). No check on the way, and no `Option` to collect:
    /// every token of the draft is packed again after each keystroke.
    fn of(token: &Token) -> Packed {
        // A token's offsets are kept as `u32` (see [`Token`]): these casts lose nothing.
        let (start, end) = (token.start() as u32, token.end() as u32);
        Packed {
            start,
            len_tag: (end - start) << TAG_BITS | token.tag(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What a fresh reading of `text` finds, block by block, in the form the cache keeps.
    fn fresh(text: &str) -> (Vec<Packed>, Vec<Sentence>, RawMentions, RawMentions) {
        let draft = Draft::new(text, Format::Markdown);
        let (mut mentions, mut foreign) = (RawMentions::default(), RawMentions::default());
        let mut scanner = BlockScanner::default();
        for block in 0..draft.blocks.len() {
            scanner.scan(&draft, block, &mut mentions, &mut foreign);
        }
        let tokens = draft.tokens.iter().map(Packed::of).collect();
        (tokens, draft.sentences, mentions, foreign)
    }

    #[test]
    fn kept_blocks_hold_what_a_fresh_reading_finds() {
        let mut text = "Mr. Khalifa Haftar’s men met Sergei Shoigu.\n\n\
            Lybia, said President Putin.\n\n\
            La Chine et la Russie soutiennent le maréchal Haftar depuis longtemps.\n\n\
            Dmitry Peskov’s office in Moscow.\n"
            .to_string();
        let settings = Settings::default();
        let mut incremental = Incremental::new();
        incremental.analyze(&text, Format::Markdown, &settings, None);
        for place in ["Mr.", "Lybia", "La Chine", "Dmitry", "office"] {
            let at = text.find(place).unwrap_or_default();
            text.insert_str(at, "Ab ");
            incremental.analyze(&text, Format::Markdown, &settings, None);
            assert!(
                incremental.reused().0 > 0,
                "blocks kept after an edit at {place}"
            );
            let (tokens, sentences, mentions, foreign) = fresh(&text);
            assert_eq!(
                incremental.tokens, tokens,
                "tokens after an edit at {place}"
            );
            assert_eq!(
                incremental.sentences, sentences,
                "sentences, edit at {place}"
            );
            assert_eq!(incremental.mentions, mentions, "mentions, edit at {place}");
            assert_eq!(
                incremental.foreign, foreign,
                "foreign mentions, edit at {place}"
            );
            assert!(!incremental.foreign.mentions.is_empty());
        }
    }
}
