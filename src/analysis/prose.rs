//! Which parts of a draft are prose: Markdown through pulldown-cmark, plain text by blank lines.
//!
//! The result is a list of blocks (paragraphs, headings, list items, table cells), each with the
//! byte ranges of its prose. Code, front matter, HTML, link destinations and autolinks are not
//! prose; link text, emphasis, headings, lists and block quotes are.

use super::{Format, Span};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

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
    /// The prose inside the block, in text order, never overlapping.
    pub pieces: Vec<Span>,
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

/// The length of a leading byte-order mark, if any.
fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// Lines as byte ranges without their terminators; LF, CRLF and lone CR all end a line.
pub fn lines(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        pos = memchr::memchr2(b'\n', b'\r', &bytes[pos..]).map_or(bytes.len(), |at| pos + at);
        let end = pos;
        if pos < bytes.len() {
            if bytes[pos] == b'\r' && bytes.get(pos + 1) == Some(&b'\n') {
                pos += 2;
            } else {
                pos += 1;
            }
        }
        Some(Span::new(start, end))
    })
}

/// Plain text: blocks are separated by blank lines. A line holding only a directive
/// (`copydesk-ignore …`, with or without `<!--` and `-->`) is a comment, not prose, and ends the
/// block before it.
fn plain(text: &str) -> (Vec<RawBlock>, Vec<Comment>) {
    let mut blocks = Vec::new();
    let mut comments = Vec::new();
    let mut current: Option<Span> = None;
    let skip = bom_len(text);
    for line in lines(text) {
        let line = Span::new(line.start.max(skip), line.end.max(skip));
        let content = line.text(text);
        let trimmed_start = line.start + (content.len() - content.trim_start().len());
        let trimmed_end = line.start + content.trim_end().len();
        let trimmed = Span::new(trimmed_start, trimmed_end.max(trimmed_start));
        let comment = directive_line(text, trimmed);
        if trimmed_start >= trimmed_end || comment.is_some() {
            if let Some(span) = current.take() {
                blocks.push(span);
            }
            comments.extend(comment);
            continue;
        }
        current = Some(match current {
            Some(span) => Span::new(span.start, trimmed_end),
            None => Span::new(trimmed_start, trimmed_end),
        });
    }
    blocks.extend(current);
    let mut raw: Vec<RawBlock> = blocks
        .into_iter()
        .map(|span| RawBlock {
            span,
            kind: BlockKind::Paragraph,
            quoted: false,
            pieces: vec![span],
        })
        .collect();
    let several = raw.len() > 1;
    if let Some(first) = raw.first_mut()
        && several
        && looks_like_headline(first.span.text(text))
    {
        first.kind = BlockKind::Heading;
    }
    (raw, comments)
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
                        pieces: Vec::new(),
                    });
                }
                Tag::Item => {
                    close(&mut open, &mut blocks);
                    container.push((BlockKind::ListItem, span.start));
                    open = Some(RawBlock {
                        span,
                        kind: BlockKind::ListItem,
                        quoted: block_quotes > 0,
                        pieces: Vec::new(),
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
fn push_piece(pieces: &mut Vec<Span>, span: Span) {
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
}
