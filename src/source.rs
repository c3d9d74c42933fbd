//! Source files and byte spans. Every position in nianbao is a byte range into the decoded text
//! of one file (BOM removed), so front matter, body and data findings share one coordinate
//! system and line numbers are always counted from the top of the file.

use std::path::PathBuf;

/// A byte range `start..end` into a [`SourceFile`]'s text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn point(at: usize) -> Span {
        Span { start: at, end: at }
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A value together with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// One input file as text.
#[derive(Debug)]
pub struct SourceFile {
    /// Absolute (or as given) path on disk.
    pub path: PathBuf,
    /// Path relative to the portal root, with `/` separators: what users see in findings.
    pub rel: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// Set when the text was let go after checking (`build` re-reads the file to render it):
    /// the fingerprint of the text that was checked.
    pub released: Option<u64>,
}

impl SourceFile {
    pub fn new(path: PathBuf, rel: String, text: String) -> SourceFile {
        let mut line_starts = Vec::with_capacity(text.len() / 40 + 1);
        line_starts.push(0);
        line_starts.extend(memchr_newlines(&text));
        SourceFile {
            path,
            rel,
            text,
            line_starts,
            released: None,
        }
    }

    /// The same file without its text, remembering what the text was.
    pub fn released(&self) -> SourceFile {
        SourceFile {
            path: self.path.clone(),
            rel: self.rel.clone(),
            text: String::new(),
            line_starts: Vec::new(),
            released: Some(fingerprint(&self.text)),
        }
    }

    /// 1-based line number of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Byte offset where a 1-based line starts (clamped to the end of the text).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Byte offset where a 1-based line ends, before its `\r\n` or `\n`.
    pub fn line_end(&self, line: usize) -> usize {
        let next = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        let mut end = next;
        if end > 0 && end <= bytes.len() && end > self.line_start(line) && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > self.line_start(line) && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        end
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based line and 1-based column counted in characters, as editors show them.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_char(offset.min(self.text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let col = self.text[start..offset].chars().count() + 1;
        (line, col)
    }

    /// Byte offset of a 0-based character column on a 1-based line.
    pub fn offset_of(&self, line: usize, char_col: usize) -> usize {
        let start = self.line_start(line);
        let end = self.line_end(line);
        let text = &self.text[start..end];
        // Most YAML lines are ASCII up to the value: then characters are bytes.
        if char_col <= text.len() && text.as_bytes()[..char_col].is_ascii() {
            return start + char_col;
        }
        match text.char_indices().nth(char_col) {
            Some((i, _)) => start + i,
            None => end,
        }
    }

    /// Largest char boundary at or before `offset`.
    pub fn floor_char(&self, mut offset: usize) -> usize {
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    pub fn slice(&self, span: Span) -> &str {
        let s = self.floor_char(span.start.min(self.text.len()));
        let e = self.floor_char(span.end.min(self.text.len()));
        &self.text[s..e.max(s)]
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)
}
/// A fingerprint of a file's text: tells whether a file re-read is the one checked.
pub fn fingerprint(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let f = SourceFile::new("a".into(), "a".into(), "ab\r\n年报x\n".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(4), (2, 1));
        // "年报" is 6 bytes; 'x' is the third character.
        assert_eq!(f.line_col(10), (2, 3));
        assert_eq!(f.line_end(1), 2);
        assert_eq!(f.offset_of(2, 2), 10);
    }
}
