//! Which parts of a draft are prose: Markdown through pulldown-cmark, plain text by blank lines.
//!
//! The result is a list of blocks (paragraphs, headings, list items, table cells), each with the
//! byte ranges of its prose. Code, front matter, HTML, link destinations and autolinks are not
//! prose; link text, emphasis, headings, lists and block quotes are.

use super::{Format, Span};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use smallvec::SmallVec;

/// What kind of block a run of prose sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
    TableCell,
}

/// A block of prose before tokenisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBlock {
    /// The whole block, markup included.
    pub span: Span,
    pub kind: BlockKind,
    /// Inside a Markdown block quote (`> `): the writer quoting someone else's text.
    pub quoted: bool,
    /// The prose inside the block, in text order, never overlapping: held inline when there
    /// is one, as in every plain-text block and most Markdown paragraphs.
    pub pieces: SmallVec<[Span; 1]>,
}

/// A block as [`split_near`] reads it: the split's own, or a block read into a draft.
impl AsRef<RawBlock> for RawBlock {
    fn as_ref(&self) -> &RawBlock {
        self
    }
}

/// An HTML comment in Markdown, or a line of its own in plain text, that may hold a directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    /// The comment's words without the `<!--` and `-->` markers.
    pub body: Span,
}

/// Splits `text` into prose blocks and the comments between them.
pub fn split(text: &str, format: Format) -> (Vec<RawBlock>, Vec<Comment>) {
    match format {
        Format::Markdown => markdown(text),
        Format::PlainText => plain(text),
    }
}

/// Splits `text` again after an edit that replaced `old[edit.start..edit.end]` with
/// `text[edit.start..edit.end + text.len() - old.len()]`, given the split of `old`: only the
/// lines of the one block the edit fell in are read again, when that is sure to give what
/// [`split`] gives. `None` when it is not sure, and the whole text must be split.
///
/// It is sure when the edit changed no line break and lies within the text of one paragraph
/// (of plain text not the first, whose headline rule looks at the whole draft; in Markdown not
/// in a list, block quote or table) with a blank line, or the start or end of the text, on
/// each side; when those lines, before and after the edit, hold no `[`, `]` or `<` (link
/// reference definitions and footnotes reach across the draft, HTML comments hold directives);
/// and when the lines, read on their own, are one paragraph again. Markdown's block structure
/// is read line by line from the start, so the parser reaches those lines in the same state as
/// before; after a blank line it leaves them in the same state; and a paragraph's inline
/// markup (emphasis, code spans, links) does not reach outside it.
pub fn split_near<B: AsRef<RawBlock>>(
    old: &str,
    blocks: &[B],
    comments: &[Comment],
    text: &str,
    edit: Span,
    format: Format,
) -> Option<(Vec<RawBlock>, Vec<Comment>)> {
    let grown = text.len().checked_sub(old.len());
    let shrunk = old.len().checked_sub(text.len());
    let new_end = (edit.end + grown.unwrap_or(0)).checked_sub(shrunk.unwrap_or(0))?;
    let breaks = ['\n', '\r'];
    if old.get(edit.start..edit.end)?.contains(breaks)
        || text.get(edit.start..new_end)?.contains(breaks)
    {
        return None;
    }
    // The block the edit fell in, and the lines it takes.
    let at = blocks
        .partition_point(|b| b.as_ref().span.start <= edit.start)
        .checked_sub(1)?;
    let block = blocks[at].as_ref();
    if block.kind != BlockKind::Paragraph
        || block.quoted
        || (format == Format::PlainText && at == 0)
    {
        return None;
    }
    let content_end = block.span.start + block.span.text(old).trim_end_matches(breaks).len();
    let line_start = old
        .get(..block.span.start)?
        .rfind(breaks)
        .map_or(0, |i| i + 1);
    let from = content_end.max(edit.end);
    let line_end =
        memchr::memchr2(b'\n', b'\r', old.as_bytes().get(from..)?).map_or(old.len(), |i| from + i);
    let old_end = line_end + line_break_len(&old[line_end..]);
    if edit.start > content_end
        || !blank_before(old, line_start)
        || !blank_after(old, old_end)
        || blocks
            .get(at + 1)
            .is_some_and(|next| next.as_ref().span.start < old_end)
        || at
            .checked_sub(1)
            .is_some_and(|i| blocks[i].as_ref().span.end > line_start)
    {
        return None;
    }
    let shift = |n: usize| (n + grown.unwrap_or(0)).checked_sub(shrunk.unwrap_or(0));
    let window = Span::new(line_start, shift(old_end)?);
    let lines = text.get(window.start..window.end)?;
    let reaches = |s: &str| s.contains(['[', ']', '<']);
    if reaches(old.get(line_start..old_end)?) || reaches(lines) || lines.starts_with('\u{feff}') {
        return None;
    }
    let (mut again, found) = split(lines, format);
    let alone = again.len() == 1
        && found.is_empty()
        && again[0].kind == BlockKind::Paragraph
        && !again[0].quoted;
    if !alone {
        return None;
    }
    let mut read = again.pop()?;
    // The paragraph takes the lines whole: nothing before it on its first line but indentation,
    // nothing after it but the line break (a fence or heading that interrupts it would run on
    // past the lines in the draft).
    let content = read.span.text(lines).trim_end_matches(breaks);
    let whole = lines[..read.span.start]
        .trim_matches([' ', '\t'])
        .is_empty()
        && lines[read.span.start + content.len()..]
            .trim_matches(breaks)
            .is_empty();
    if !whole {
        return None;
    }
    let place = |s: Span| Span::new(s.start + window.start, s.end + window.start);
    read.span = place(read.span);
    read.pieces.iter_mut().for_each(|p| *p = place(*p));
    let moved = |s: Span| Some(Span::new(shift(s.start)?, shift(s.end)?));
    let mut out = Vec::with_capacity(blocks.len());
    out.extend(blocks[..at].iter().map(|b| b.as_ref().clone()));
    out.push(read);
    for block in &blocks[at + 1..] {
        let block = block.as_ref();
        out.push(RawBlock {
            span: moved(block.span)?,
            kind: block.kind,
            quoted: block.quoted,
            pieces: block
                .pieces
                .iter()
                .map(|&p| moved(p))
                .collect::<Option<_>>()?,
        });
    }
    let mut kept = Vec::with_capacity(comments.len());
    for comment in comments {
        kept.push(if comment.span.start < line_start {
            comment.clone()
        } else {
            Comment {
                span: moved(comment.span)?,
                body: moved(comment.body)?,
            }
        });
    }
    Some((out, kept))
}

/// How long the line break at the start of `s` is: 2 for CRLF, 1 for LF or CR, else 0.
fn line_break_len(s: &str) -> usize {
    if s.starts_with("\r\n") {
        2
    } else {
        usize::from(s.starts_with(['\n', '\r']))
    }
}

/// Whether the line before the one starting at `start` is blank, or there is none.
fn blank_before(text: &str, start: usize) -> bool {
    let Some(head) = text.get(..start) else {
        return false;
    };
    if head.is_empty() {
        return true;
    }
    let head = head.strip_suffix('\n').unwrap_or(head);
    let head = head.strip_suffix('\r').unwrap_or(head);
    let line = head.rfind(['\n', '\r']).map_or(head, |i| &head[i + 1..]);
    line.trim_matches([' ', '\t']).is_empty()
}

/// Whether the line starting at `start` is blank, or the text ends there.
fn blank_after(text: &str, start: usize) -> bool {
    let Some(tail) = text.get(start..) else {
        return false;
    };
    let line = tail.find(['\n', '\r']).map_or(tail, |i| &tail[..i]);
    line.trim_matches([' ', '\t']).is_empty()
}

/// The length of a leading byte-order mark, if any.
fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// Lines as byte ranges without their terminators; LF, CRLF and lone CR all end a line.
pub fn lines(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut ends = LineEnds::new(text.as_bytes());
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let (end, next) = ends.next().unwrap_or((text.len(), text.len()));
        let line = Span::new(start, end);
        start = next;
        Some(line)
    })
}

/// Where each line of a text ends, and where the line after it starts (past its CRLF, LF or
/// CR), in order. The CRs and LFs are found 64 bytes at a time with SIMD compares into a bit
/// mask: one look per 64 bytes and one per line break, where a search per line would start
/// again at each; the LF of a CRLF is passed over as its CR is read.
struct LineEnds<'a> {
    bytes: &'a [u8],
    /// Where the window of `mask` starts.
    base: usize,
    /// The CRs and LFs of the window not yet handed out.
    mask: u64,
    /// Whether the first of the next window's CRs and LFs is the LF of a CRLF already read.
    skip: bool,
}

impl<'a> LineEnds<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineEnds {
            bytes,
            base: 0,
            mask: window_breaks(bytes),
            skip: false,
        }
    }
}

impl Iterator for LineEnds<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        while self.mask == 0 {
            self.base += 64;
            let rest = self
                .bytes
                .get(self.base..)
                .filter(|rest| !rest.is_empty())?;
            self.mask = window_breaks(rest);
            if self.skip {
                self.skip = false;
                self.mask &= self.mask.wrapping_sub(1);
            }
        }
        let at = self.base + self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        let crlf = self.bytes.get(at) == Some(&b'\r') && self.bytes.get(at + 1) == Some(&b'\n');
        if crlf {
            // The LF is the next break: in this window, or the first of the next.
            if self.mask == 0 {
                self.skip = true;
            } else {
                self.mask &= self.mask - 1;
            }
        }
        Some((at, at + 1 + usize::from(crlf)))
    }
}

/// The CRs and LFs among the first 64 bytes of `bytes`, as a mask.
fn window_breaks(bytes: &[u8]) -> u64 {
    use wide::u8x64;
    // Zeroed only at the end of the text.
    let mut padded;
    let chunk = match bytes.first_chunk::<64>() {
        Some(chunk) => chunk,
        None => {
            padded = [0u8; 64];
            padded[..bytes.len()].copy_from_slice(bytes);
            &padded
        }
    };
    let v = u8x64::from(*chunk);
    (v.simd_eq(u8x64::splat(b'\n')) | v.simd_eq(u8x64::splat(b'\r'))).to_bitmask()
}

/// Plain text: blocks are separated by blank lines. A line holding only a directive
/// (`copydesk-ignore …`, with or without `<!--` and `-->`) is a comment, not prose, and ends the
/// block before it.
fn plain(text: &str) -> (Vec<RawBlock>, Vec<Comment>) {
    // Most paragraphs are longer than 256 bytes: one allocation, or two, for most drafts.
    let mut blocks = Vec::with_capacity(text.len() / 256);
    let mut comments = Vec::new();
    let mut current: Option<Span> = None;
    let bytes = text.as_bytes();
    let mut ends = LineEnds::new(bytes);
    // The byte-order mark is no part of the first line.
    let mut start = bom_len(text);
    while start < bytes.len() {
        let (end, next) = ends.next().unwrap_or((bytes.len(), bytes.len()));
        let line = Span::new(start, end);
        start = next;
        // Most lines start and end with printable ASCII, and start with neither `c` nor `<`:
        // not blank, not a directive, and nothing to trim.
        // A curly quote at either end, as often, is no white space either.
        let plain_start = match bytes.get(line.start) {
            Some(&b) if b < 0x80 => b.is_ascii_graphic() && b != b'c' && b != b'<',
            Some(_) => line.text(text).chars().next().is_some_and(not_space),
            None => false,
        };
        let plain_end = match end.checked_sub(1).and_then(|i| bytes.get(i)) {
            Some(&b) if b < 0x80 => b.is_ascii_graphic(),
            Some(_) => line.text(text).chars().next_back().is_some_and(not_space),
            None => false,
        };
        if !(plain_start && plain_end) {
            // An empty line, the commonest blank one, needs no trimming.
            let line = if line.is_empty() {
                line
            } else {
                trimmed(text, line)
            };
            // A directive's first word starts with `copydesk-` or `<!--`.
            let comment = match bytes.get(line.start) {
                Some(b'c' | b'<') => directive_line(text, line),
                _ => None,
            };
            if line.is_empty() || comment.is_some() {
                blocks.extend(current.take().map(paragraph));
                comments.extend(comment);
                continue;
            }
            current = Some(current.map_or(line, |span| Span::new(span.start, line.end)));
            continue;
        }
        current = Some(current.map_or(line, |span| Span::new(span.start, line.end)));
    }
    blocks.extend(current.map(paragraph));
    let several = blocks.len() > 1;
    if let Some(first) = blocks.first_mut()
        && several
        && looks_like_headline(first.span.text(text))
    {
        first.kind = BlockKind::Heading;
    }
    (blocks, comments)
}

/// Whether a character outside ASCII is not white space: `str::trim` would leave it.
fn not_space(ch: char) -> bool {
    !ch.is_whitespace()
}

/// A plain-text paragraph: prose throughout.
fn paragraph(span: Span) -> RawBlock {
    RawBlock {
        span,
        kind: BlockKind::Paragraph,
        quoted: false,
        pieces: smallvec::smallvec![span],
    }
}

/// `line` without the white space at either end (as `str::trim` takes it off), empty at the end
/// of a blank line.
fn trimmed(text: &str, line: Span) -> Span {
    let bytes = text.as_bytes();
    let graphic = |at: Option<usize>| {
        at.and_then(|i| bytes.get(i))
            .is_some_and(u8::is_ascii_graphic)
    };
    // Most lines start and end with a printable ASCII character: nothing to trim.
    if graphic(Some(line.start)) && graphic(line.end.checked_sub(1)) {
        return line;
    }
    let content = line.text(text);
    let start = line.start + (content.len() - content.trim_start().len());
    let end = line.start + content.trim_end().len();
    Span::new(start, end.max(start))
}

/// A plain-text line (trimmed to `line`) that holds a directive: its first word starts with
/// `copydesk-`, bare or inside `<!--` and `-->`.
fn directive_line(text: &str, line: Span) -> Option<Comment> {
    let content = line.text(text);
    let body = match content.strip_prefix("<!--") {
        Some(inner) => {
            let inner = inner.strip_suffix("-->")?;
            Span::new(line.start + 4, line.start + 4 + inner.len())
        }
        None => line,
    };
    body.text(text)
        .trim_start()
        .starts_with(super::directives::PREFIX)
        .then_some(Comment { span: line, body })
}

/// A plain-text draft's first block is its headline when it is one short line with no closing
/// punctuation.
fn looks_like_headline(block: &str) -> bool {
    !block.contains(['\n', '\r'])
        && block.split_whitespace().count() <= 20
        && !block.ends_with(['.', '!', '?', ':', ';', ',', '”', '"', '’', '»'])
}

fn markdown(text: &str) -> (Vec<RawBlock>, Vec<Comment>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut blocks: Vec<RawBlock> = Vec::new();
    let mut comments = Vec::new();
    let mut open: Option<RawBlock> = None;
    // Depth of constructs whose text is not prose (code, metadata, images, autolinks).
    let mut hidden = 0usize;
    let mut container: Vec<(BlockKind, usize)> = Vec::new();
    // Depth of the block quotes the parser is in.
    let mut block_quotes = 0usize;
    // For each open link, whether it is an autolink (its text is a destination, not prose).
    let mut links: Vec<bool> = Vec::new();
    let close = |open: &mut Option<RawBlock>, blocks: &mut Vec<RawBlock>| {
        if let Some(block) = open.take()
            && !block.pieces.is_empty()
        {
            blocks.push(block);
        }
    };
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let span = Span::new(range.start, range.end);
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell => {
                    close(&mut open, &mut blocks);
                    let kind = match tag {
                        Tag::Heading { .. } => BlockKind::Heading,
                        Tag::TableCell => BlockKind::TableCell,
                        _ => container
                            .last()
                            .map_or(BlockKind::Paragraph, |&(kind, _)| kind),
                    };
                    open = Some(RawBlock {
                        span,
                        kind,
                        quoted: block_quotes > 0,
                        pieces: SmallVec::new(),
                    });
                }
                Tag::Item => {
                    close(&mut open, &mut blocks);
                    container.push((BlockKind::ListItem, span.start));
                    open = Some(RawBlock {
                        span,
                        kind: BlockKind::ListItem,
                        quoted: block_quotes > 0,
                        pieces: SmallVec::new(),
                    });
                }
                Tag::BlockQuote(_) => {
                    close(&mut open, &mut blocks);
                    block_quotes += 1;
                }
                Tag::List(_) | Tag::FootnoteDefinition(_) => {
                    close(&mut open, &mut blocks);
                }
                Tag::HtmlBlock => {
                    // The whole block at once: a comment may run over several lines, and
                    // pulldown-cmark hands an HTML block over line by line.
                    collect_comments(text, span, &mut comments);
                    hidden += 1;
                }
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::Image { .. } => {
                    hidden += 1;
                }
                Tag::Link { link_type, .. } => {
                    let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                    links.push(autolink);
                    hidden += usize::from(autolink);
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell => {
                    close(&mut open, &mut blocks);
                }
                TagEnd::Item => {
                    close(&mut open, &mut blocks);
                    container.pop();
                }
                TagEnd::BlockQuote(_) => {
                    close(&mut open, &mut blocks);
                    block_quotes = block_quotes.saturating_sub(1);
                }
                TagEnd::CodeBlock
                | TagEnd::MetadataBlock(_)
                | TagEnd::Image
                | TagEnd::HtmlBlock => {
                    hidden = hidden.saturating_sub(1);
                }
                TagEnd::Link => {
                    hidden = hidden.saturating_sub(usize::from(links.pop().unwrap_or(false)));
                }
                _ => {}
            },
            Event::Text(_) if hidden == 0 => {
                if let Some(block) = open.as_mut() {
                    push_piece(&mut block.pieces, span);
                }
            }
            Event::InlineHtml(_) => {
                collect_comments(text, span, &mut comments);
            }
            _ => {}
        }
    }
    close(&mut open, &mut blocks);
    (blocks, comments)
}

/// Adds a prose range, merging it with the previous one when they touch.
fn push_piece(pieces: &mut SmallVec<[Span; 1]>, span: Span) {
    if span.is_empty() {
        return;
    }
    if let Some(last) = pieces.last_mut()
        && last.end == span.start
    {
        last.end = span.end;
        return;
    }
    pieces.push(span);
}

fn collect_comments(text: &str, span: Span, comments: &mut Vec<Comment>) {
    let html = span.text(text);
    let mut from = 0;
    while let Some(open) = html[from..].find("<!--") {
        let body_start = from + open + 4;
        let Some(close) = html[body_start..].find("-->") else {
            break;
        };
        let body_end = body_start + close;
        comments.push(Comment {
            span: Span::new(span.start + from + open, span.start + body_end + 3),
            body: Span::new(span.start + body_start, span.start + body_end),
        });
        from = body_end + 3;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_directive_lines_are_comments_not_prose() {
        let text =
            "One line.\ncopydesk-ignore x\nTwo.\n<!-- copydesk-enable -->\n<!-- a note -->\n";
        let (blocks, comments) = split(text, Format::PlainText);
        let blocks: Vec<_> = blocks.iter().map(|b| b.span.text(text)).collect();
        assert_eq!(blocks, vec!["One line.", "Two.", "<!-- a note -->"]);
        let bodies: Vec<_> = comments.iter().map(|c| c.body.text(text)).collect();
        assert_eq!(bodies, vec!["copydesk-ignore x", " copydesk-enable "]);
        assert_eq!(comments[1].span.text(text), "<!-- copydesk-enable -->");
    }

    #[test]
    fn a_markdown_comment_over_several_lines_is_one_comment() {
        let text = "<!--\ncopydesk-ignore\n-->\n\nText.";
        let (_, comments) = split(text, Format::Markdown);
        assert_eq!(comments.len(), 1);
        assert_eq!(comments[0].span, Span::new(0, 24));
    }

    /// The prose of a Markdown text, piece by piece, with each block's kind.
    fn prose(text: &str) -> Vec<(BlockKind, Vec<&str>)> {
        split(text, Format::Markdown)
            .0
            .iter()
            .map(|b| (b.kind, b.pieces.iter().map(|p| p.text(text)).collect()))
            .collect()
    }

    #[test]
    fn code_front_matter_html_and_destinations_are_not_prose() {
        let text = "---\ntitle: “Draft\n---\n\n# A *heading*\n\nSee [the report](http://example.com/“x) and <http://example.com/“y>, `“code`.\n\n```\n“fenced\n```\n\n    “indented\n\n<div>\n“html\n</div>\n\n![“alt](img.png) after\n\n> - quoted **item**\n";
        assert_eq!(
            prose(text),
            vec![
                (BlockKind::Heading, vec!["A ", "heading"]),
                (
                    BlockKind::Paragraph,
                    vec!["See ", "the report", " and ", ", ", "."]
                ),
                (BlockKind::Paragraph, vec![" after"]),
                (BlockKind::ListItem, vec!["quoted ", "item"]),
            ]
        );
    }

    #[test]
    fn plain_text_is_prose_throughout_and_skips_a_byte_order_mark() {
        let text = "\u{feff}Headline\r\n\r\nFirst line\r\nwrapped.\rLone CR line.\n\nLast.";
        let (blocks, _) = split(text, Format::PlainText);
        let spans: Vec<_> = blocks.iter().map(|b| (b.kind, b.span.text(text))).collect();
        assert_eq!(
            spans,
            vec![
                (BlockKind::Heading, "Headline"),
                (
                    BlockKind::Paragraph,
                    "First line\r\nwrapped.\rLone CR line."
                ),
                (BlockKind::Paragraph, "Last."),
            ]
        );
    }

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr_across_windows() {
        let line = "x".repeat(61);
        for text in [
            format!("{line}\r\n{line}\r\r\n\n{line}\r"),
            format!("{line}ab\r\nc"),
            format!("{line}abc\r\n\r\n"),
            "\n\r\n\r".to_string(),
            String::new(),
        ] {
            let ours: Vec<_> = lines(&text).map(|s| s.text(&text)).collect();
            let mut theirs = Vec::new();
            let mut rest = text.as_str();
            while !rest.is_empty() {
                let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
                theirs.push(&rest[..end]);
                let after = &rest[end..];
                rest = after
                    .strip_prefix("\r\n")
                    .or_else(|| after.strip_prefix(['\n', '\r']))
                    .unwrap_or(after);
            }
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    /// Plain text's blocks and comments as the rule says them, line by line with `str`'s own
    /// tools: every line trimmed, blank lines and directive lines between blocks.
    fn plain_by_the_rule(text: &str) -> (Vec<RawBlock>, Vec<Comment>) {
        let skip = bom_len(text);
        let (mut blocks, mut comments, mut current) = (Vec::new(), Vec::new(), None);
        let mut start = skip;
        while start < text.len() {
            let end = text[start..]
                .find(['\n', '\r'])
                .map_or(text.len(), |i| start + i);
            let raw = &text[start..end];
            let line = Span::new(
                start + raw.len() - raw.trim_start().len(),
                start + raw.trim_end().len(),
            );
            let line = Span::new(line.start, line.end.max(line.start));
            start = end
                + if text[end..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
            let comment = directive_line(text, line);
            if line.is_empty() || comment.is_some() {
                blocks.extend(current.take().map(paragraph));
                comments.extend(comment);
            } else {
                current = Some(current.map_or(line, |s: Span| Span::new(s.start, line.end)));
            }
        }
        blocks.extend(current.map(paragraph));
        if blocks.len() > 1 && looks_like_headline(blocks[0].span.text(text)) {
            blocks[0].kind = BlockKind::Heading;
        }
        (blocks, comments)
    }

    const PLAIN_PIECES: &[&str] = &[
        "word",
        "cat",
        " ",
        "\t",
        "\n",
        "\r",
        "\r\n",
        "\u{a0}",
        "\u{2003}",
        "“",
        "”",
        "é",
        ".",
        "<",
        "<!-- copydesk-ignore -->",
        "copydesk-ignore-next-line",
        "c",
        "\u{feff}",
        "\x0b",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Plain text splits as its rule says, wherever lines, blanks and directives fall.
        #[test]
        fn plain_text_splits_as_its_rule_says(
            picks in proptest::collection::vec(0..PLAIN_PIECES.len(), 0..60),
        ) {
            let text: String = picks.iter().map(|&k| PLAIN_PIECES[k]).collect();
            proptest::prop_assert_eq!(plain(&text), plain_by_the_rule(&text));
        }
    }

    /// A draft with each kind of Markdown structure near plain paragraphs.
    const DRAFT: &str = "# Heading\n\nA paragraph of plain words,\nwrapped over two lines.\n\n\
        - an item\n- another\n\n> quoted words\n\nSee [the report][r] and <b>this</b>, `code`.\n\n\
        [r]: http://example.com\n\n```\nfenced\n```\n\nLast one.\r\n\r\n| a | b |\n| - | - |\n\n\
        <!-- copydesk-ignore -->\nTail   \n";

    const PIECES: &[&str] = &[
        "a",
        " ",
        ".",
        "\n",
        "\r",
        "\n\n",
        "# ",
        "> ",
        "- ",
        "1. ",
        "`",
        "```",
        "~~~",
        "*",
        "_",
        "[",
        "]",
        "[r]",
        "<",
        "<!-- ",
        "-->",
        "|",
        "=",
        "---",
        "    ",
        "\t",
        "&amp;",
        "\\",
        "é",
        "copydesk-ignore ",
        "\u{feff}",
    ];

    fn boundary(text: &str, at: usize) -> usize {
        text.floor_char_boundary(at % (text.len() + 1))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Whenever a split near the edit is given, it is the whole text's split.
        #[test]
        fn a_split_near_the_edit_is_the_whole_split(
            at in 0usize..10_000,
            len in 0usize..4,
            piece in 0..PIECES.len(),
            plain in proptest::bool::ANY,
        ) {
            let format = if plain { Format::PlainText } else { Format::Markdown };
            let (blocks, comments) = split(DRAFT, format);
            let start = boundary(DRAFT, at);
            let end = boundary(DRAFT, (start + len).min(DRAFT.len())).max(start);
            let mut text = DRAFT.to_string();
            text.replace_range(start..end, PIECES[piece]);
            let edit = Span::new(start, end);
            if let Some(near) = split_near(DRAFT, &blocks, &comments, &text, edit, format) {
                proptest::prop_assert_eq!(near, split(&text, format));
            }
        }
    }

    #[test]
    fn a_letter_in_a_plain_paragraph_is_split_near_it() {
        for format in [Format::Markdown, Format::PlainText] {
            let (blocks, comments) = split(DRAFT, format);
            let at = DRAFT.find("plain words").unwrap_or_default();
            let mut text = DRAFT.to_string();
            text.insert(at, 'x');
            let near = split_near(DRAFT, &blocks, &comments, &text, Span::new(at, at), format);
            assert_eq!(near, Some(split(&text, format)), "{format:?}");
        }
    }
}
