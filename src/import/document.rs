//! What every reader (HTML, DOCX, PDF, text) turns a published report into, before any figure
//! is placed: the document's own words in order, with tables as grids and every piece knowing
//! where it came from. Readers decide nothing about the national format; the placer does.

use std::path::PathBuf;

/// The kind of file a reader recognised, by content rather than by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    Html,
    Docx,
    Pdf,
    Text,
}

/// Where a piece of a document came from, for the run's report and the comments written
/// beside blank cells. Lines and columns are 1-based; 0 is "unknown".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Pos {
    /// Line in the source text (HTML: where a paragraph's text starts, a cell's `<td>`);
    /// for DOCX the paragraph's number in the body, for PDF the line's number on its page
    /// (with `page`); 0 for table cells of DOCX and PDF, which have `cell` instead.
    pub line: usize,
    /// Column in the line, where the reader knows it (the text reader); 0 for HTML, DOCX, PDF.
    pub column: usize,
    /// For a table cell: which table of the document (0-based), row and column in its grid.
    pub cell: Option<CellPos>,
    /// PDF page (1-based), 0 elsewhere.
    pub page: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellPos {
    pub table: usize,
    pub row: usize,
    pub col: usize,
}

/// One published report, as read.
#[derive(Clone, Debug)]
pub struct Document {
    pub path: PathBuf,
    pub kind: SourceKind,
    /// The page or document title, when the source has one apart from the body (`<title>`,
    /// DOCX core title). The title inside the body is an ordinary paragraph.
    pub title: Option<String>,
    /// Metadata the page states outside the article: `("发布时间", "2024-01-22")`,
    /// `("来源", "…")`, `("索引号", "…")`. Kept as the page wrote them.
    pub meta: Vec<(String, String, Pos)>,
    /// The article's content in reading order, page chrome removed where the reader can tell.
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// A paragraph or line of text. Inline bold at the very start is kept so the narrative can
/// write it as `**…**`.
#[derive(Clone, Debug, Default)]
pub struct Paragraph {
    /// The text, whitespace runs (including `&nbsp;` and full-width spaces) kept as read;
    /// normalisation is the placer's job.
    pub text: String,
    /// Byte length of a bold lead-in at the start of `text`, if the source marked one.
    pub bold_lead: Option<usize>,
    /// `Some(n)` where the source marked it as a heading of level n (`<h2>`, Word's Heading 2).
    pub heading: Option<u8>,
    pub pos: Pos,
}

/// A table with row and column spans resolved into a full grid: a cell spanning two rows
/// appears in both, with `origin` pointing at the cell that holds its text.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
    pub pos: Pos,
}

#[derive(Clone, Debug, Default)]
pub struct Cell {
    /// The cell's text with line breaks inside it kept as `\n`.
    pub text: String,
    /// (row, col) of the top-left grid position of the source cell this one belongs to;
    /// equal to its own position unless it is covered by a span.
    pub origin: (usize, usize),
    pub pos: Pos,
}

impl Cell {
    /// Whether this grid position is covered by a span from another cell.
    pub fn is_spanned(&self, row: usize, col: usize) -> bool {
        self.origin != (row, col)
    }
}

/// Tracks a bold lead-in while a reader gathers a paragraph's text character by character:
/// the lead-in is the bold text at the very start, up to the first non-bold character.
#[derive(Clone, Copy, Debug, Default)]
pub struct LeadIn {
    /// None before any text, Some(true) while the text so far is all bold.
    open: Option<bool>,
    /// Byte length of `text` at the end of the bold lead-in.
    pub end: usize,
}

impl LeadIn {
    /// Append `c` (bold or not) to `text`, following the lead-in.
    pub fn push(&mut self, text: &mut String, c: char, bold: bool) {
        let blank = c.is_whitespace();
        match self.open {
            None if !blank => self.open = Some(bold),
            Some(true) if !bold && !blank => self.open = Some(false),
            _ => {}
        }
        text.push(c);
        if self.open == Some(true) && bold && !blank {
            self.end = text.len();
        }
    }
}
