//! Line starts of a text and conversions between byte offsets and (line, column) positions in the
//! three encodings LSP knows. `\n`, `\r\n` and a lone `\r` all end a line, as in LSP.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts; `starts[0] == 0`.
    starts: Vec<usize>,
    len: usize,
    /// The lines holding non-ASCII text, sorted: on the others a column is a byte count.
    wide_lines: Vec<usize>,
    /// On those lines, every [`STRIDE`] bytes: (byte offset, UTF-16 column, UTF-32 column), so a
    /// column is counted from the nearest mark, not from the line's start (80,000 diagnostics on
    /// one long line would otherwise count the line 80,000 times).
    marks: Vec<(usize, u32, u32)>,
}

/// Bytes between two column marks on a non-ASCII line.
const STRIDE: usize = 1024;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(pos) = memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + pos;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(next);
            i = next;
        }
        let (mut wide_lines, mut marks) = (Vec::new(), Vec::new());
        if !text.is_ascii() {
            for (line, &start) in starts.iter().enumerate() {
                let end = starts.get(line + 1).copied().unwrap_or(text.len());
                let line_text = &text[start..end];
                if line_text.is_ascii() {
                    continue;
                }
                wide_lines.push(line);
                let (mut u16s, mut u32s, mut next_mark) = (0u32, 0u32, 0);
                for (i, ch) in line_text.char_indices() {
                    if i >= next_mark {
                        marks.push((start + i, u16s, u32s));
                        next_mark = i + STRIDE;
                    }
                    u16s += ch.len_utf16() as u32;
                    u32s += 1;
                }
            }
        }
        LineIndex {
            starts,
            len: text.len(),
            wide_lines,
            marks,
        }
    }

    pub(crate) fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub(crate) fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// The byte range of a line without its terminator.
    pub fn line_span(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// The zero-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Zero-based (line, column) of a byte offset; the column counts code units of `enc`.
    /// Offsets past the end clamp to the end; offsets inside a character round down.
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        if enc == Encoding::Utf8 || self.wide_lines.binary_search(&line).is_err() {
            return (line as u32, (offset - start) as u32);
        }
        // The nearest mark at or before `offset` (the line's first character always has one).
        let i = self.marks.partition_point(|m| m.0 <= offset).saturating_sub(1);
        let (at, u16s, u32s) = self
            .marks
            .get(i)
            .copied()
            .filter(|m| m.0 >= start)
            .unwrap_or((start, 0, 0));
        let base = if enc == Encoding::Utf16 { u16s } else { u32s };
        let col = base as usize + column_units(&text[at..offset], enc);
        (line as u32, col as u32)
    }

    /// The byte offset of a zero-based (line, column); out-of-range lines clamp to the end of the
    /// text and out-of-range columns to the end of the line.
    pub fn offset(&self, text: &str, line: u32, col: u32, enc: Encoding) -> usize {
        let line = line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let span = self.line_span(text, line);
        let line_text = &text[span.clone()];
        let mut units = 0usize;
        for (i, ch) in line_text.char_indices() {
            if units >= col as usize {
                return span.start + i;
            }
            units += char_units(ch, enc);
        }
        span.end
    }
}

fn char_units(ch: char, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => ch.len_utf8(),
        Encoding::Utf16 => ch.len_utf16(),
        Encoding::Utf32 => 1,
    }
}

fn column_units(s: &str, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
        Encoding::Utf32 => s.chars().count(),
    }
}

pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn memchr2(a: u8, b: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == a || c == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_round_trip_on_non_ascii_text() {
        let text = "a: 日本\r\nb: 😀x\rc\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let x = text.find('x').unwrap();
        assert_eq!(idx.position(text, x, Encoding::Utf8), (1, 7));
        assert_eq!(idx.position(text, x, Encoding::Utf16), (1, 5));
        assert_eq!(idx.position(text, x, Encoding::Utf32), (1, 4));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let (l, c) = idx.position(text, x, enc);
            assert_eq!(idx.offset(text, l, c, enc), x);
        }
        assert_eq!(idx.position(text, text.find('c').unwrap(), Encoding::Utf16), (2, 0));
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.offset(text, 9, 0, Encoding::Utf16), text.len());
        assert_eq!(idx.offset(text, 0, 99, Encoding::Utf16), 2);
        assert_eq!(idx.position(text, 999, Encoding::Utf8), (1, 2));
        // An offset inside a multi-byte character rounds down.
        let t = "é";
        assert_eq!(LineIndex::new(t).position(t, 1, Encoding::Utf16), (0, 0));
    }

    #[test]
    fn columns_on_long_non_ascii_lines_match_a_count_from_the_line_start() {
        let line: String = (0..3000).map(|i| ["a", "é", "日", "😀", "b"][i % 5]).collect();
        let text = format!("x\n{line}\r\n{line}");
        let idx = LineIndex::new(&text);
        for offset in (0..=text.len()).filter(|o| text.is_char_boundary(*o)) {
            let line = idx.line_of(offset);
            let before = &text[idx.line_start(line)..offset];
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let expected = (line as u32, column_units(before, enc) as u32);
                assert_eq!(idx.position(&text, offset, enc), expected, "offset {offset} {enc:?}");
            }
        }
    }
}
