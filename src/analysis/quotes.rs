//! Quotation marks: which marks open and close quotes, how they pair, and which are apostrophes.
//!
//! Pairing is per block, with one exception: AP's running quotation, where a block that ends
//! inside a quote and is followed by a block that opens with a quotation mark continues that
//! quote. Single quotes count only inside a double quote (nested quotes); elsewhere `’` and `'`
//! are apostrophes (It’s, Haftar’s, rock ’n’ roll, the ’90s).

use super::draft::{char_at, char_before};
use super::{Draft, Span, Token, TokenKind};

/// How a quotation mark was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// “ ” „ " « »
    Double,
    /// ‘ ’ ' ‹ › ‚
    Single,
}

/// One quotation: its marks and everything between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The opening mark.
    pub open: Span,
    /// The closing mark, `None` when the quote is never closed.
    pub close: Option<Span>,
    /// The quoted words without the marks, up to the end of the last block when unclosed.
    pub inner: Span,
    /// The first and last block the quote spans (equal unless it runs over several paragraphs).
    pub first_block: usize,
    pub last_block: usize,
    pub family: Family,
    /// 0 for a top-level quote, 1 for a quote inside it.
    pub depth: usize,
    /// Opening marks of later paragraphs that continue this quote (running quotation).
    pub reopened: Vec<Span>,
    /// The index of the opening mark's token in [`Draft::tokens`].
    pub open_token: usize,
    /// The index of the closing mark's token, `None` when the quote is never closed.
    pub close_token: Option<usize>,
}

impl Quote {
    /// From the opening mark to the closing mark (or the end of the inner text).
    pub fn span(&self) -> Span {
        Span::new(
            self.open.start,
            self.close.map_or(self.inner.end, |c| c.end),
        )
    }
}

/// All quotes of a draft plus the closing marks that close nothing.
#[derive(Debug, Clone, Default)]
pub struct Quotes {
    pub quotes: Vec<Quote>,
    /// Closing marks with no opening mark before them.
    pub stray_closers: Vec<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// A straight quote or a closer-looking mark that could go either way.
    Either,
}

struct Mark {
    span: Span,
    /// Its token's index in [`Draft::tokens`].
    token: usize,
    ch: char,
    family: Family,
    role: Role,
}

/// Finds and pairs every quotation mark in the draft's prose.
pub fn find_quotes(draft: &Draft) -> Quotes {
    let mut result = Quotes::default();
    // Room for a quote every quarter kilobyte, more than a novel's dialogue holds (one every
    // 400 bytes): the list does not grow, where doubling it copied every quote found so far.
    // Pages never written are never touched.
    result.quotes.reserve(draft.text.len() / 256);
    // Open quotes, innermost last: (index into result.quotes, opening char).
    let mut stack: Vec<(usize, char)> = Vec::new();
    // The marks of one block at a time, in one buffer.
    let mut marks = Vec::new();
    // Where a mark may start, found in one pass over the whole text: blocks are in text order,
    // so each block takes the places inside its tokens as the pass reaches them.
    let mut starts = Starts::new(draft.text.as_bytes());
    for (b, block) in draft.blocks.iter().enumerate() {
        marks.clear();
        marks_in(draft, block.tokens.clone(), &mut marks, &mut starts);
        let mut marks = marks.iter();
        if !stack.is_empty() {
            // A running quotation continues only when this block opens with a double quote.
            let continues = marks.as_slice().first().is_some_and(|m| {
                m.family == Family::Double
                    && m.role != Role::Close
                    && draft.tokens[block.tokens.start].span() == m.span
            });
            if continues {
                let mark = marks.next().expect("looked at");
                // Inner quotes never run over paragraphs: only the outermost continues.
                stack.truncate(1);
                let (q, _) = stack[0];
                result.quotes[q].reopened.push(mark.span);
                result.quotes[q].last_block = b;
            } else {
                stack.clear();
            }
        }
        for mark in marks {
            pair(&mut result, &mut stack, mark, b);
        }
        // Unclosed quotes reach to the end of the block for now.
        for &(q, _) in &stack {
            let quote = &mut result.quotes[q];
            quote.inner.end = block.span.end.max(quote.inner.start);
            quote.last_block = b;
        }
    }
    // An unclosed single mark was an apostrophe after all ('Tis, General ----'s).
    result
        .quotes
        .retain(|q| q.family == Family::Double || q.close.is_some());
    result
}

fn pair(result: &mut Quotes, stack: &mut Vec<(usize, char)>, mark: &Mark, block: usize) {
    let top = stack
        .last()
        .map(|&(q, ch)| (q, ch, result.quotes[q].family));
    let closes_top = match top {
        Some((_, open, family)) => {
            family == mark.family && closes(open, mark.ch) && mark.role != Role::Open
        }
        None => false,
    };
    if closes_top {
        let (q, _) = stack.pop().expect("top exists");
        let quote = &mut result.quotes[q];
        quote.close = Some(mark.span);
        quote.close_token = Some(mark.token);
        quote.inner.end = mark.span.start;
        quote.last_block = block;
        return;
    }
    // A mark that can only close but matches nothing open.
    let can_open = mark.role != Role::Close;
    if mark.family == Family::Single && open_double(result, stack).is_none() {
        // Outside a double quote, single marks are apostrophes.
        return;
    }
    if !can_open {
        if mark.family == Family::Double {
            // A closer that closes an inner single quote's parent: close the inner one as unclosed.
            if let Some((q, _)) = open_double(result, stack).filter(|&(_, ch)| closes(ch, mark.ch))
            {
                stack.clear();
                let quote = &mut result.quotes[q];
                quote.close = Some(mark.span);
                quote.close_token = Some(mark.token);
                quote.inner.end = mark.span.start;
                quote.last_block = block;
            } else {
                result.stray_closers.push(mark.span);
            }
        }
        return;
    }
    if mark.family == Family::Double {
        // Double quotes do not nest in double quotes: an open one is left unclosed here.
        if open_double(result, stack).is_some() {
            stack.clear();
        }
    }
    let depth = stack.len();
    result.quotes.push(Quote {
        open: mark.span,
        close: None,
        inner: Span::new(mark.span.end, mark.span.end),
        first_block: block,
        last_block: block,
        family: mark.family,
        depth,
        reopened: Vec::new(),
        open_token: mark.token,
        close_token: None,
    });
    stack.push((result.quotes.len() - 1, mark.ch));
}

/// The open double quote and its opening mark. Double quotes never nest in one another and
/// single quotes open only inside a double, so an open double is always at the bottom of the
/// stack: looking only there keeps pairing linear however many single quotes are open above it.
fn open_double(result: &Quotes, stack: &[(usize, char)]) -> Option<(usize, char)> {
    let &(q, ch) = stack.first()?;
    (result.quotes[q].family == Family::Double).then_some((q, ch))
}

/// Whether `close` can end a quote that `open` began.
fn closes(open: char, close: char) -> bool {
    match open {
        '“' => matches!(close, '”' | '"'),
        '"' => matches!(close, '"' | '”'),
        '„' => matches!(close, '“' | '”' | '"'),
        '«' => close == '»',
        '»' => close == '«',
        '‘' => matches!(close, '’' | '\''),
        '\'' => matches!(close, '\'' | '’'),
        '‚' => matches!(close, '‘' | '’'),
        '‹' => close == '›',
        '›' => close == '‹',
        _ => false,
    }
}

/// The places in a text where a quotation mark may start, in text order: every mark starts
/// with `"`, `'`, the first byte of the marks of the General Punctuation block (E2) or of «
/// and » (C2).
struct Starts<'t> {
    three: memchr::Memchr3<'t>,
    c2: memchr::Memchr<'t>,
    /// The next place of each search, `usize::MAX` once it has none left: comparing two
    /// numbers merges the searches without peeking into either.
    next_three: usize,
    next_c2: usize,
}

impl<'t> Starts<'t> {
    fn new(bytes: &'t [u8]) -> Starts<'t> {
        let mut three = memchr::memchr3_iter(b'"', b'\'', 0xE2, bytes);
        let mut c2 = memchr::memchr_iter(0xC2, bytes);
        Starts {
            next_three: three.next().unwrap_or(usize::MAX),
            next_c2: c2.next().unwrap_or(usize::MAX),
            three,
            c2,
        }
    }

    /// The next place before `end`, each place once; the places before `from` are passed
    /// over.
    fn next_in(&mut self, from: usize, end: usize) -> Option<usize> {
        loop {
            let next = self.next_three.min(self.next_c2);
            if next >= end {
                return None;
            }
            if next == self.next_three {
                self.next_three = self.three.next().unwrap_or(usize::MAX);
            } else {
                self.next_c2 = self.c2.next().unwrap_or(usize::MAX);
            }
            if next >= from {
                return Some(next);
            }
        }
    }
}

/// The quotation marks, by their class ([`mark_class`]).
const MARKS: [(char, Family); 13] = [
    ('"', Family::Double),
    ('\'', Family::Single),
    ('‘', Family::Single),
    ('’', Family::Single),
    ('‚', Family::Single),
    ('“', Family::Double),
    ('”', Family::Double),
    ('„', Family::Double),
    ('‟', Family::Double),
    ('‹', Family::Single),
    ('›', Family::Single),
    ('«', Family::Double),
    ('»', Family::Double),
];

/// The class of a byte sequence that is no quotation mark.
const NO_MARK: u8 = MARKS.len() as u8;

/// Mark classes by a key made of a mark's bytes ([`mark_class`]): its first byte for `"` and
/// `'`, 256 plus its third byte after E2 80, 512 plus its second byte after C2.
const CLASSES: [u8; 768] = {
    let mut classes = [NO_MARK; 768];
    classes[b'"' as usize] = 0;
    classes[b'\'' as usize] = 1;
    let general = [0x98, 0x99, 0x9A, 0x9C, 0x9D, 0x9E, 0x9F, 0xB9, 0xBA];
    let mut k = 0;
    while k < general.len() {
        classes[256 + general[k]] = 2 + k as u8;
        k += 1;
    }
    classes[512 + 0xAB] = 11;
    classes[512 + 0xBB] = 12;
    classes
};

/// The class of the quotation mark starting at byte `at` (its index in [`MARKS`]), read from
/// its bytes without a branch on them: `"` and `'`, the marks of the General Punctuation block
/// (E2 80 98 to 9F, E2 80 B9 and BA), « and » (C2 AB and C2 BB). [`NO_MARK`] for anything else,
/// ‛ included.
fn mark_class(bytes: &[u8], at: usize) -> u8 {
    let byte = |k: usize| usize::from(bytes.get(at + k).copied().unwrap_or(0));
    let (first, second, third) = (byte(0), byte(1), byte(2));
    let general = usize::from(first == 0xE2) & usize::from(second == 0x80);
    let latin = usize::from(first == 0xC2);
    let ascii = usize::from(first < 0x80);
    // Exactly one of the three keys is taken, or none: then the key is 0, no mark.
    let key = general * (256 + third) + latin * (512 + second) + ascii * first;
    CLASSES[key]
}

/// The role of each mark class given the space before and after it: at `4 * class + 2 *
/// space_before + space_after`. `None` for a mark that is an apostrophe there.
const ROLES: [Option<Role>; 4 * MARKS.len()] = {
    const OPEN: Option<Role> = Some(Role::Open);
    const CLOSE: Option<Role> = Some(Role::Close);
    const EITHER: Option<Role> = Some(Role::Either);
    const SKIP: Option<Role> = None;
    // By (space before, space after): (no, no), (no, yes), (yes, no), (yes, yes).
    [
        // " goes either way when both sides or neither say which.
        EITHER, CLOSE, OPEN, EITHER, //
        // ' inside a word is an apostrophe: O'Brien, It's.
        SKIP, CLOSE, OPEN, EITHER, //
        OPEN, OPEN, OPEN, OPEN, // ‘
        // ’ inside a word (It’s) or at the start of one (’90s, ’n’): an apostrophe.
        SKIP, CLOSE, SKIP, CLOSE, //
        OPEN, OPEN, OPEN, OPEN, // ‚
        // „…“ German style: “ after a word closes.
        OPEN, EITHER, OPEN, OPEN, //
        CLOSE, CLOSE, EITHER, CLOSE, // ”
        OPEN, OPEN, OPEN, OPEN, // „
        OPEN, OPEN, OPEN, OPEN, // ‟
        OPEN, OPEN, OPEN, OPEN, // ‹
        CLOSE, CLOSE, EITHER, CLOSE, // ›
        OPEN, OPEN, OPEN, OPEN, // «
        CLOSE, CLOSE, EITHER, CLOSE, // »
    ]
};

/// The bit of [`ASCII_CONTEXT`] for a character that may stand before an opening mark.
const BEFORE_OPENING: u8 = 1;
/// The bit of [`ASCII_CONTEXT`] for a character that may stand after a closing mark.
const AFTER_CLOSING: u8 = 2;

/// For each ASCII character, whether it may stand before an opening mark (white space and the
/// opening context of [`is_opening_context`]) and after a closing one (white space and the
/// closing context of [`is_closing_context`]), as [`BEFORE_OPENING`] and [`AFTER_CLOSING`].
const ASCII_CONTEXT: [u8; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8 as char;
        let space = c.is_ascii_whitespace() || c == '\u{b}';
        if space || is_opening_context(c) {
            table[b] |= BEFORE_OPENING;
        }
        if space || is_closing_context(c) {
            table[b] |= AFTER_CLOSING;
        }
        b += 1;
    }
    table
};

/// The index in `tokens` of the first token that starts at or after `at`, searched from
/// `from`: the next mark is most often a few tokens on, where a search over the whole block
/// would halve its way down from the far end. Within 64 tokens it takes six fixed steps;
/// farther, widening steps.
fn first_from(tokens: &[Token], from: usize, at: usize) -> usize {
    // Within the next 64 tokens (or the block's last ones), as most are: six halvings of
    // fixed size, each adding its half when the token before the halfway mark starts before
    // `at`. A halfway mark past the window reads the window's last token, which does not start
    // before `at`. Which way a halving goes follows no pattern, so none of them is a branch.
    let rest = tokens.get(from..).unwrap_or(&[]);
    let window = rest.get(..64).unwrap_or(rest);
    if let Some(last) = window.len().checked_sub(1)
        && window.get(last).is_some_and(|t| t.start() >= at)
    {
        let mut before = 0;
        for half in [32, 16, 8, 4, 2, 1] {
            let below = window
                .get((before + half - 1).min(last))
                .is_some_and(|t| t.start() < at);
            before += half * usize::from(below);
        }
        return from + before;
    }
    let mut lo = from;
    let mut step = 1;
    let mut probe = lo;
    while let Some(token) = tokens.get(probe) {
        if token.start() >= at {
            break;
        }
        lo = probe + 1;
        step *= 2;
        probe = lo + step - 1;
    }
    // Every token before `lo` starts before `at`; the one at `probe`, if any, does not.
    let hi = probe.min(tokens.len());
    tokens.get(lo..hi).map_or(hi, |between| {
        lo + between.partition_point(|t| t.start() < at)
    })
}

/// Appends to `marks` the quotation marks among a block's tokens, with the role their
/// surroundings allow; `starts` gives where they may start.
///
/// Each place is read from its bytes first (which mark, what is on either side), and only a
/// place that is a mark in its setting is looked for among the tokens, with a cursor that
/// moves forward through the block as the places do.
fn marks_in(
    draft: &Draft,
    tokens: std::ops::Range<usize>,
    marks: &mut Vec<Mark>,
    starts: &mut Starts,
) {
    let text = draft.text;
    let bytes = text.as_bytes();
    let first_index = tokens.start;
    let Some(block) = draft.tokens.get(tokens) else {
        return;
    };
    let (Some(first), Some(last)) = (block.first(), block.last()) else {
        return;
    };
    // Every block token before `cursor` starts before the places still to come.
    let mut cursor = 0;
    let (from, to) = (first.start(), last.end());
    while let Some(start) = starts.next_in(from, to) {
        let class = usize::from(mark_class(bytes, start));
        let Some(&(ch, family)) = MARKS.get(class) else {
            continue;
        };
        let after_at = start + ch.len_utf8();
        // Most neighbours are ASCII: a table tells them.
        let space_before = match start.checked_sub(1).and_then(|p| bytes.get(p)) {
            Some(&b) if b < 0x80 => ASCII_CONTEXT[usize::from(b)] & BEFORE_OPENING != 0,
            _ => {
                char_before(text, start).is_none_or(|c| c.is_whitespace() || is_opening_context(c))
            }
        };
        let space_after = match bytes.get(after_at) {
            Some(&b) if b < 0x80 => ASCII_CONTEXT[usize::from(b)] & AFTER_CLOSING != 0,
            _ => char_at(text, after_at).is_none_or(|c| c.is_whitespace() || is_closing_context(c)),
        };
        let Some(role) =
            ROLES[4 * class + 2 * usize::from(space_before) + usize::from(space_after)]
        else {
            continue;
        };
        // A digit before the mark is an ASCII byte: the character before is read only then.
        if start
            .checked_sub(1)
            .and_then(|p| bytes.get(p))
            .is_some_and(u8::is_ascii_digit)
            && is_measurement(text, start, char_before(text, start), ch)
        {
            continue;
        }
        // The mark counts only as a punctuation token of the block's prose (not inside a
        // word, a code span or markup).
        cursor = first_from(block, cursor, start);
        let Some(&token) = block
            .get(cursor)
            .filter(|t| t.start() == start && t.kind() == TokenKind::Punct)
        else {
            continue;
        };
        marks.push(Mark {
            span: token.span(),
            token: first_index + cursor,
            ch,
            family,
            role,
        });
    }
}

const fn is_opening_context(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '"' | '\'' | '«' | '„' | '*' | '_'
    )
}

const fn is_closing_context(c: char) -> bool {
    c.is_ascii_punctuation() || matches!(c, '—' | '–' | '…' | '”' | '’' | '»' | '›')
}

/// 6’2”, 12" pipe: a prime written as a quotation mark after a digit; `before` is the
/// character before the mark at `start`.
fn is_measurement(text: &str, start: usize, before: Option<char>, ch: char) -> bool {
    if !matches!(ch, '”' | '"' | '’' | '\'') || !before.is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    match ch {
        '’' | '\'' => true,
        _ => {
            // A double prime after feet (6’2”), or after a number that no quote opened.
            let before = text.get(..start).unwrap_or_default();
            let digits = before.trim_end_matches(|c: char| c.is_ascii_digit());
            digits.ends_with(['’', '\'']) || !line_has_opener(before)
        }
    }
}

fn line_has_opener(before: &str) -> bool {
    let line = before.rsplit(['\n', '\r']).next().unwrap_or(before);
    line.contains(['“', '"', '„', '«'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Format;

    fn quotes(text: &str) -> Quotes {
        find_quotes(&Draft::new(text, Format::PlainText))
    }

    fn inner(text: &str) -> Vec<String> {
        quotes(text)
            .quotes
            .iter()
            .map(|q| {
                let s = q.inner.text(text).to_string();
                if q.close.is_some() {
                    s
                } else {
                    format!("{s}…(unclosed)")
                }
            })
            .collect()
    }

    #[test]
    fn pairs_curly_straight_guillemets_and_low_high() {
        assert_eq!(inner("He said “yes” and “no”."), vec!["yes", "no"]);
        assert_eq!(inner("He said \"yes\" and \"no\"."), vec!["yes", "no"]);
        assert_eq!(inner("Il a dit « oui » hier."), vec![" oui "]);
        assert_eq!(inner("Er sagte „ja“ gestern."), vec!["ja"]);
    }

    #[test]
    fn marks_are_found_on_either_side_of_a_64_byte_window() {
        for pad in 40..140 {
            let text = format!("{} said “yes” and \"no\" « oui » ‘x’.", "a".repeat(pad));
            assert_eq!(inner(&text), vec!["yes", "no", " oui "], "{pad}");
        }
    }

    #[test]
    fn a_mark_is_found_among_its_tokens_near_and_far() {
        let text = format!("{}“a” {}", "w ".repeat(70), "x ".repeat(3));
        let draft = Draft::new(&text, Format::PlainText);
        let tokens = &draft.tokens;
        for from in 0..tokens.len() {
            for at in 0..=text.len() + 1 {
                if tokens[..from].iter().any(|t| t.start() >= at) {
                    continue;
                }
                let expected = from + tokens[from..].partition_point(|t| t.start() < at);
                assert_eq!(first_from(tokens, from, at), expected, "{from} {at}");
            }
        }
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        for text in [
            "It’s Haftar’s army.",
            "rock ’n’ roll in the ’90s",
            "He is 6’2” tall.",
            "the Joneses’ house",
            "It's O'Brien's.",
            "“'Tis an etiquette I despise,” said he.",
            "“In General ----'s regiment,” she said.",
        ] {
            let q = quotes(text);
            let doubles = usize::from(text.starts_with('“'));
            assert_eq!(q.quotes.len(), doubles, "{text}: {q:?}");
            assert!(q.stray_closers.is_empty(), "{text}: {q:?}");
        }
    }

    #[test]
    fn single_quotes_nest_inside_double() {
        assert_eq!(
            inner("“He told me ‘never again’, and left,” she said."),
            vec!["He told me ‘never again’, and left,", "never again"]
        );
    }

    #[test]
    fn apostrophe_inside_quote_is_not_a_nested_quote() {
        assert_eq!(inner("“It’s Haftar’s,” he said."), vec!["It’s Haftar’s,"]);
    }

    #[test]
    fn unclosed_and_stray_marks() {
        let text = "He said “yes and left.";
        let q = quotes(text);
        assert_eq!(q.quotes.len(), 1);
        assert!(q.quotes[0].close.is_none());
        let q = quotes("He said yes” and left.");
        assert_eq!(q.stray_closers.len(), 1);
    }

    #[test]
    fn running_quotation_continues_over_paragraphs() {
        let text = "“First part.\n\n“Second part,” she said.";
        let q = quotes(text);
        assert_eq!(q.quotes.len(), 1);
        assert!(q.quotes[0].close.is_some());
        assert_eq!(q.quotes[0].first_block, 0);
        assert_eq!(q.quotes[0].last_block, 1);
        assert_eq!(q.quotes[0].reopened.len(), 1);
    }

    #[test]
    fn a_quote_knows_the_tokens_of_its_marks() {
        let text = "“First part.\n\n“Second ‘inner’ part,” she said. “Open\n\nHe said \"x\" then.";
        let draft = Draft::new(text, Format::PlainText);
        let found = find_quotes(&draft);
        assert_eq!(found.quotes.len(), 4);
        for q in &found.quotes {
            assert_eq!(q.open_token, draft.token_at(q.open.start), "{q:?}");
            assert_eq!(
                q.close_token,
                q.close.map(|c| draft.token_at(c.start)),
                "{q:?}"
            );
        }
    }

    #[test]
    fn a_paragraph_not_opening_with_a_mark_ends_the_running_quote() {
        let text = "“First part.\n\nShe left.";
        let q = quotes(text);
        assert_eq!(q.quotes.len(), 1);
        assert!(q.quotes[0].close.is_none());
        assert_eq!(q.quotes[0].last_block, 0);
    }
}
