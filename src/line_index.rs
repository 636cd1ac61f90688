//! Byte offsets to and from line/column positions: the only place that knows about lines,
//! columns and encodings.
//!
//! Lines end at LF, CRLF or a lone CR. Columns count UTF-8 bytes, UTF-16 code units or Unicode
//! scalar values. A position past the end of its line or of the text is clamped, never an error.
//! The same conversions work on a `String` through [`LineIndex`] and on the server's ropes
//! through [`rope_offset`]; a property test keeps the two in agreement.

use ropey::Rope;

/// What a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the LSP default).
    Utf16,
    /// Unicode scalar values (what the terminal report prints).
    Utf32,
}

/// A zero-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// The index notes at every multiple of this many bytes how many characters and UTF-16 units
/// begin before it, so that a column is measured from the nearest note instead of from the
/// start of its line. Converting one position then costs O(`STRIDE`) however long its line is:
/// a 2 MB line with thousands of findings stays linear.
const STRIDE: usize = 1024;

/// The start offset of every line of a text, and checkpoints for measuring columns.
///
/// Built for every analysis of a draft, so built cheaply: the line ends are found with
/// `memchr`, and the checkpoints are counts of bytes of two kinds (those continuing a
/// character, and those starting a four-byte one), which the compiler turns into wide
/// instructions; no character is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset where each line starts; the first is always 0.
    starts: Vec<usize>,
    /// For every multiple of [`STRIDE`] up to the length, in order, what lies before it; the
    /// first is at 0.
    marks: Vec<Mark>,
    len: usize,
}

/// How much text lies before a byte offset: the characters that begin before it, counted in
/// each encoding. At a character boundary these are its columns from the start of the text;
/// a mark inside a character counts that character as before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    byte: usize,
    utf16: usize,
    utf32: usize,
}

impl Mark {
    fn get(self, encoding: Encoding) -> usize {
        match encoding {
            Encoding::Utf8 => self.byte,
            Encoding::Utf16 => self.utf16,
            Encoding::Utf32 => self.utf32,
        }
    }
}

/// How many bytes of `bytes` continue a character (`10xxxxxx`) and how many start a character
/// of four bytes (two UTF-16 units). Counted in runs of at most 255 bytes into byte-sized
/// counters, a loop the compiler vectorises.
fn tally(bytes: &[u8]) -> (usize, usize) {
    let (mut continuing, mut wide) = (0, 0);
    for run in bytes.chunks(255) {
        let (mut c, mut w) = (0u8, 0u8);
        for &b in run {
            c += u8::from((b as i8) < -0x40);
            w += u8::from(b >= 0xF0);
        }
        continuing += usize::from(c);
        wide += usize::from(w);
    }
    (continuing, wide)
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut after_cr = false;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // A CRLF ends one line: its LF is where the line started by the CR is moved to.
            if bytes[i] == b'\n' && after_cr && starts.last() == Some(&i) {
                if let Some(last) = starts.last_mut() {
                    *last = i + 1;
                }
            } else {
                starts.push(i + 1);
            }
            after_cr = bytes[i] == b'\r';
        }
        let mut marks = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut mark = Mark {
            byte: 0,
            utf16: 0,
            utf32: 0,
        };
        marks.push(mark);
        for chunk in bytes.chunks_exact(STRIDE) {
            let (continuing, wide) = tally(chunk);
            let chars = STRIDE - continuing;
            mark = Mark {
                byte: mark.byte + STRIDE,
                utf16: mark.utf16 + chars + wide,
                utf32: mark.utf32 + chars,
            };
            marks.push(mark);
        }
        LineIndex {
            starts,
            marks,
            len: text.len(),
        }
    }

    /// How many columns of `encoding` come before `offset`, a character boundary of `text`,
    /// counted from the start of the text.
    fn before(&self, text: &str, offset: usize, encoding: Encoding) -> usize {
        if encoding == Encoding::Utf8 {
            return offset;
        }
        let mark = self.marks[(offset / STRIDE).min(self.marks.len() - 1)];
        mark.get(encoding) + columns(&text.as_bytes()[mark.byte..offset], encoding)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of a line without its terminator, or `None` past the last line.
    pub fn line_span(&self, text: &str, line: usize) -> Option<(usize, usize)> {
        let start = *self.starts.get(line)?;
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let content = text.get(start..next)?;
        let end = start + content.trim_end_matches(['\n', '\r']).len();
        Some((start, end))
    }

    /// The line and column of a byte offset. An offset past the end, or inside a character,
    /// is moved back to the nearest character boundary. Costs O(log n + `STRIDE`), however
    /// long the line.
    pub fn line_col(&self, text: &str, offset: usize, encoding: Encoding) -> LineCol {
        let offset = text.floor_char_boundary(offset.min(self.len));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        // A short stretch is measured directly, a long one from the checkpoints.
        let col = if offset - start <= STRIDE {
            columns(&text.as_bytes()[start..offset], encoding)
        } else {
            self.before(text, offset, encoding) - self.before(text, start, encoding)
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// The byte offset of a position, clamped to the end of its line (or of the text), and
    /// whether it had to be clamped. Costs O(log n + `STRIDE`), however long the line.
    pub fn offset(&self, text: &str, position: LineCol, encoding: Encoding) -> (usize, bool) {
        let line = position.line as usize;
        let Some((start, end)) = self.line_span(text, line) else {
            return (self.len, true);
        };
        if encoding == Encoding::Utf8 {
            let target = start.saturating_add(position.col as usize);
            if target > end {
                return (end, true);
            }
            // Inside a character: its start, clamped.
            let floor = text.floor_char_boundary(target);
            return (floor, floor != target);
        }
        // Measure from the last checkpoint before the target column, or from the line start.
        let base = self.before(text, start, encoding);
        let target = base.saturating_add(position.col as usize);
        let after = self
            .marks
            .partition_point(|m| m.byte < end && m.get(encoding) <= target);
        // A mark inside a character counts that character as before it, as does the boundary
        // after it, where the walk starts.
        let (from, measured) = match after.checked_sub(1).map(|i| self.marks[i]) {
            Some(mark) if mark.byte > start => {
                (text.ceil_char_boundary(mark.byte), mark.get(encoding))
            }
            _ => (start, base),
        };
        let mut remaining = target - measured;
        for (i, ch) in text[from..end].char_indices() {
            let width = match encoding {
                Encoding::Utf8 => ch.len_utf8(),
                Encoding::Utf16 => ch.len_utf16(),
                Encoding::Utf32 => 1,
            };
            if remaining == 0 {
                return (from + i, false);
            }
            if remaining < width {
                // Inside a character (half a surrogate pair): its start, clamped.
                return (from + i, true);
            }
            remaining -= width;
        }
        (end, remaining > 0)
    }
}

/// The byte offset of a position in a rope, clamped exactly as [`LineIndex::offset`] clamps it,
/// and whether it had to be clamped. The rope must break lines at LF, CRLF and lone CR only
/// (ropey's `cr_lines` feature without `unicode_lines`). Runs in time logarithmic in the rope.
pub fn rope_offset(rope: &Rope, position: LineCol, encoding: Encoding) -> (usize, bool) {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return (rope.len_bytes(), true);
    }
    let start = rope.line_to_char(line);
    let end = line_content_end(rope, line, start);
    let col = position.col as usize;
    match encoding {
        Encoding::Utf8 => {
            let (start, end) = (rope.char_to_byte(start), rope.char_to_byte(end));
            let target = start.saturating_add(col);
            if target > end {
                return (end, true);
            }
            // Inside a character: its start, clamped.
            let floor = rope.char_to_byte(rope.byte_to_char(target));
            (floor, floor != target)
        }
        Encoding::Utf16 => {
            let base = rope.char_to_utf16_cu(start);
            let target = base.saturating_add(col);
            if target > rope.char_to_utf16_cu(end) {
                return (rope.char_to_byte(end), true);
            }
            // Half a surrogate pair maps to the character it belongs to: its start, clamped.
            let ch = rope.utf16_cu_to_char(target);
            (rope.char_to_byte(ch), rope.char_to_utf16_cu(ch) != target)
        }
        Encoding::Utf32 => {
            let target = start.saturating_add(col);
            if target > end {
                return (rope.char_to_byte(end), true);
            }
            (rope.char_to_byte(target), false)
        }
    }
}

/// The char index where a rope's line ends, before its terminator.
fn line_content_end(rope: &Rope, line: usize, start: usize) -> usize {
    let mut end = if line + 1 < rope.len_lines() {
        rope.line_to_char(line + 1)
    } else {
        rope.len_chars()
    };
    if end > start && rope.char(end - 1) == '\n' {
        end -= 1;
    }
    if end > start && rope.char(end - 1) == '\r' {
        end -= 1;
    }
    end
}

/// How many columns the bytes of whole characters `bytes` span in an encoding.
fn columns(bytes: &[u8], encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => bytes.len(),
        Encoding::Utf16 | Encoding::Utf32 => {
            let (continuing, wide) = tally(bytes);
            let chars = bytes.len() - continuing;
            if encoding == Encoding::Utf16 {
                chars + wide
            } else {
                chars
            }
        }
    }
}

/// How many columns `s` spans in an encoding.
pub fn measure(s: &str, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => s.encode_utf16().count(),
        Encoding::Utf32 => s.chars().count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_each_encoding() {
        let text = "a😀“b”\r\nc";
        let index = LineIndex::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(
            index.line_col(text, b, Encoding::Utf8),
            LineCol { line: 0, col: 8 }
        );
        assert_eq!(
            index.line_col(text, b, Encoding::Utf16),
            LineCol { line: 0, col: 4 }
        );
        assert_eq!(
            index.line_col(text, b, Encoding::Utf32),
            LineCol { line: 0, col: 3 }
        );
        let c = text.find('c').unwrap();
        assert_eq!(
            index.line_col(text, c, Encoding::Utf16),
            LineCol { line: 1, col: 0 }
        );
    }

    #[test]
    fn a_byte_order_mark_is_one_character_of_the_first_line() {
        let text = "\u{feff}“Hi”\n";
        let index = LineIndex::new(text);
        let hi = text.find('H').unwrap();
        assert_eq!(
            index.line_col(text, hi, Encoding::Utf8),
            LineCol { line: 0, col: 6 }
        );
        assert_eq!(
            index.line_col(text, hi, Encoding::Utf16),
            LineCol { line: 0, col: 2 }
        );
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 2 }, Encoding::Utf16),
            (hi, false)
        );
    }

    #[test]
    fn round_trips_and_clamps() {
        let text = "one\rtwo\r\nthree—😀\n";
        let index = LineIndex::new(text);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            // Every character boundary but the middle of a CRLF, which is no position of its own.
            for (offset, _) in text
                .char_indices()
                .filter(|&(i, _)| !text[..i].ends_with('\r'))
            {
                let pos = index.line_col(text, offset, enc);
                assert_eq!(
                    index.offset(text, pos, enc),
                    (offset, false),
                    "{enc:?} {offset}"
                );
            }
        }
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 99 }, Encoding::Utf16),
            (3, true)
        );
        assert_eq!(
            index.offset(text, LineCol { line: 9, col: 0 }, Encoding::Utf16),
            (text.len(), true)
        );
    }

    #[test]
    fn rope_offsets_agree_with_the_line_index() {
        let text = "one\rtwo\r\nthree—😀\n\u{2028}x\u{85}y\r";
        let index = LineIndex::new(text);
        let rope = Rope::from_str(text);
        assert_eq!(rope.len_lines(), index.line_count());
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for line in 0..6 {
                for col in 0..20 {
                    let pos = LineCol { line, col };
                    assert_eq!(
                        rope_offset(&rope, pos, enc),
                        index.offset(text, pos, enc),
                        "{enc:?} {pos:?}"
                    );
                }
            }
        }
    }

    /// What the index computes, measured the slow way: from the start of the line.
    fn naive_line_col(text: &str, offset: usize, encoding: Encoding) -> LineCol {
        let offset = text.floor_char_boundary(offset);
        let index = LineIndex::new(text);
        let line = index.starts.partition_point(|&s| s <= offset) - 1;
        LineCol {
            line: line as u32,
            col: measure(&text[index.starts[line]..offset], encoding) as u32,
        }
    }

    fn naive_offset(text: &str, position: LineCol, encoding: Encoding) -> (usize, bool) {
        let index = LineIndex::new(text);
        let Some((start, end)) = index.line_span(text, position.line as usize) else {
            return (text.len(), true);
        };
        let mut remaining = position.col as usize;
        for (i, ch) in text[start..end].char_indices() {
            let width = measure(ch.encode_utf8(&mut [0; 4]), encoding);
            if remaining == 0 {
                return (start + i, false);
            }
            if remaining < width {
                return (start + i, true);
            }
            remaining -= width;
        }
        (end, remaining > 0)
    }

    /// Checkpoints fall at fixed byte offsets, often inside a character: every position
    /// around one converts as measured from the start of its line, in each encoding.
    #[test]
    fn a_checkpoint_inside_a_character_changes_no_position() {
        for wide in ["😀", "“", "é"] {
            for pad in STRIDE - 4..=STRIDE + 1 {
                let text = format!(
                    "{}{wide}{wide}b\r\n{}{wide}c",
                    "a".repeat(pad),
                    "x".repeat(pad)
                );
                let index = LineIndex::new(&text);
                for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                    let near = |o: usize| !(12..STRIDE - 12).contains(&(o % STRIDE));
                    for offset in (0..=text.len()).filter(|&o| near(o)) {
                        assert_eq!(
                            index.line_col(&text, offset, enc),
                            naive_line_col(&text, offset, enc),
                            "{wide} {pad} {enc:?} {offset}"
                        );
                    }
                    for line in 0..3 {
                        let cols = (0..12).chain(STRIDE - 12..STRIDE + 12).chain([3 * STRIDE]);
                        for col in cols.map(|c| c as u32) {
                            let position = LineCol { line, col };
                            assert_eq!(
                                index.offset(&text, position, enc),
                                naive_offset(&text, position, enc),
                                "{wide} {pad} {enc:?} {position:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn bytes_are_tallied_by_kind() {
        let text = "a😀“é".repeat(200);
        assert_eq!(tally(text.as_bytes()), (6 * 200, 200));
        assert_eq!(columns(text.as_bytes(), Encoding::Utf16), 5 * 200);
        assert_eq!(columns(text.as_bytes(), Encoding::Utf32), 4 * 200);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

        /// Long lines of mixed widths, crossing many checkpoints, convert exactly as measured
        /// from the start of each line.
        #[test]
        fn checkpoints_change_no_position(
            pieces in proptest::collection::vec(
                proptest::sample::select(&["a", "é", "—", "😀", "“", "\n", "\r\n", "\r", "word "][..]),
                0..3000,
            ),
            breaks in proptest::bool::weighted(0.3),
            probes in proptest::collection::vec((0usize..20_000, 0u32..8, 0u32..12_000), 40),
        ) {
            // Mostly one long line, sometimes many short ones.
            let text: String = pieces
                .into_iter()
                .filter(|p| breaks || !p.contains(['\n', '\r']))
                .collect();
            let index = LineIndex::new(&text);
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                for &(offset, line, col) in &probes {
                    proptest::prop_assert_eq!(
                        index.line_col(&text, offset, enc),
                        naive_line_col(&text, offset, enc)
                    );
                    let position = LineCol { line, col };
                    proptest::prop_assert_eq!(
                        index.offset(&text, position, enc),
                        naive_offset(&text, position, enc),
                        "{:?} {:?}", enc, position
                    );
                }
            }
        }
    }
}
