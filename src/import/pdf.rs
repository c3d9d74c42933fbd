//! PDFs with a text layer into a [`Document`]. pdf-extract (over lopdf) hands over every
//! glyph with its position and size, and every stroked or filled path; from those:
//!
//! - **Ruled tables** (the usual case: Word, WPS and browsers draw cell borders): the ruling
//!   lines give the grid; a missing border between two grid cells is a span; each glyph goes
//!   to the cell its centre lies in; lines inside a cell are rebuilt by baseline and joined
//!   with `\n`.
//! - **Everything else** is text lines rebuilt by baseline, joined into paragraphs where a
//!   line runs to the right margin and the next one is not indented. Wide gaps inside a line
//!   (unruled columns) are kept as a tab, so the text table recovery can still split them.
//!
//! Limits: a table without ruling lines is not rebuilt as a grid; a table broken over two
//! pages comes as two tables; rotated text is read as if it were upright; bold is unknown
//! (pdf-extract gives no font weight), headings are guessed from a larger font size.

use std::path::Path;

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, PathOp, Transform};

use super::document::{Block, Cell, Document, Paragraph, Pos, SourceKind, Table};
use super::read::ReadError;

fn corrupt(detail: impl std::fmt::Display) -> ReadError {
    ReadError::Corrupt {
        kind: SourceKind::Pdf,
        detail: detail.to_string(),
    }
}

/// Longest a PDF may take to parse: far beyond any real report (a few hundred milliseconds).
const PARSE_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Run the parser on its own thread: a panic in it (pdf-extract asserts on many malformed
/// inputs) is a damaged file, deep nesting gets a large stack, and a file that makes it loop
/// is given up on after [`PARSE_LIMIT`] instead of hanging the whole import.
fn extract_guarded(bytes: &[u8]) -> Result<(Vec<PageContent>, Option<String>), ReadError> {
    let owned = bytes.to_vec();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("pdf".to_string())
        .stack_size(256 * 1024 * 1024)
        .spawn(move || {
            let result = std::panic::catch_unwind(|| extract(&owned));
            let _ = tx.send(result);
        })
        .map_err(|e| corrupt(format!("无法启动 PDF 解析（{e}）")))?;
    match rx.recv_timeout(PARSE_LIMIT) {
        Ok(Ok(result)) => result,
        Ok(Err(_)) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err(corrupt("PDF 结构异常，解析器无法处理"))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(corrupt(format!(
            "解析超过 {} 秒仍未完成，文件结构异常",
            PARSE_LIMIT.as_secs()
        ))),
    }
}

pub fn read(path: &Path, bytes: &[u8]) -> Result<Document, ReadError> {
    let (pages, title) = extract_guarded(bytes)?;
    let glyphs: usize = pages.iter().map(|p| p.glyphs.len()).sum();
    if glyphs < 10 {
        return Err(ReadError::ScannedPdf);
    }
    // Fonts without a usable ToUnicode map give private-use or control characters: that text
    // cannot be read, and must not pass for the report's words.
    let (readable, total) = pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .flat_map(|g| g.text.chars())
        .fold((0usize, 0usize), |(r, t), c| {
            (r + usize::from(is_readable(c)), t + 1)
        });
    if readable * 10 < total * 6 {
        return Err(corrupt(format!(
            "文字层的编码无法识别（{total} 个字符中只有 {readable} 个可读，字体缺少 Unicode 映射）：请导入原网页或 Word 文件"
        )));
    }
    let mut items = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        page_items(page, i + 1, &mut items);
    }
    let items = join_continued_tables(items, &pages);
    let blocks: Vec<Block> = items
        .into_iter()
        .filter_map(|item| match item {
            Item::Para(p) => Some(Block::Paragraph(p)),
            Item::Table(parts) => {
                let table = grid_parts(&parts);
                (!table.rows.is_empty()).then_some(Block::Table(table))
            }
        })
        .collect();
    let mut meta = Vec::new();
    let blocks =
        super::page_meta::split_off(blocks.into_iter().map(|b| (true, b)).collect(), &mut meta);
    let blocks = super::html::number_tables(blocks);
    Ok(Document {
        path: path.to_path_buf(),
        kind: SourceKind::Pdf,
        title,
        meta,
        blocks,
    })
}

/// Characters a Chinese report is written in: ASCII, CJK ideographs and punctuation,
/// full-width forms, general punctuation, circled numbers.
fn is_readable(c: char) -> bool {
    matches!(c as u32,
        0x20..=0x7E | 0xA0..=0x24F | 0x2000..=0x206F | 0x2100..=0x24FF | 0x2E80..=0x2FDF
        | 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF
        | 0x25A0..=0x25FF | 0x20000..=0x2FA1F)
}

/// The document's own title (`/Info /Title`), as the writer stored it.
fn info_title(doc: &pdf_extract::Document) -> Option<String> {
    let info = doc.trailer.get_deref(b"Info", doc).ok()?.as_dict().ok()?;
    let raw = info.get_deref(b"Title", doc).ok()?.as_str().ok()?;
    let title = match raw.strip_prefix(b"\xFE\xFF") {
        Some(be) => {
            let units: Vec<u16> = be
                .chunks_exact(2)
                .map(|c| match c {
                    [a, b] => u16::from_be_bytes([*a, *b]),
                    _ => 0xFFFD,
                })
                .collect();
            String::from_utf16_lossy(&units)
        }
        // PDFDocEncoding agrees with Latin-1 on what titles use; UTF-8 is a common misuse.
        None => std::str::from_utf8(raw)
            .map(str::to_string)
            .unwrap_or_else(|_| raw.iter().map(|&b| char::from(b)).collect()),
    };
    let title = title.trim().to_string();
    (!title.is_empty()).then_some(title)
}

fn extract(bytes: &[u8]) -> Result<(Vec<PageContent>, Option<String>), ReadError> {
    let mut doc = pdf_extract::Document::load_mem(bytes)
        .map_err(|e| corrupt(format!("无法解析 PDF（{e}）")))?;
    let title = info_title(&doc);
    let mut out = Collector::default();
    let result = if doc.is_encrypted() {
        // Government PDFs are often "protected" with an empty user password.
        pdf_extract::output_doc_encrypted(&mut doc, &mut out, "")
    } else {
        pdf_extract::output_doc(&doc, &mut out)
    };
    result.map_err(|e| corrupt(format!("无法读取 PDF 的内容（{e:?}）")))?;
    Ok((out.pages, title))
}

#[derive(Clone, Debug)]
struct Glyph {
    /// Left edge and baseline, in points from the page's top-left.
    x: f64,
    y: f64,
    w: f64,
    size: f64,
    text: String,
}

/// A ruling line: horizontal when `y0 == y1`, vertical when `x0 == x1`.
#[derive(Clone, Copy, Debug)]
struct Seg {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Seg {
    fn horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() < 0.5
    }
}

#[derive(Default)]
struct PageContent {
    height: f64,
    glyphs: Vec<Glyph>,
    segs: Vec<Seg>,
}

#[derive(Default)]
struct Collector {
    pages: Vec<PageContent>,
}

/// Borders are drawn as thin filled rectangles or as stroked lines; thicker than this is a
/// shaded area, not a rule.
const RULE: f64 = 3.0;
/// Budget against hostile files: glyphs and rules kept per document.
const MAX_ITEMS: usize = 2_000_000;

impl Collector {
    fn page(&mut self) -> Option<&mut PageContent> {
        self.pages.last_mut()
    }

    fn items(&self) -> usize {
        self.pages
            .iter()
            .map(|p| p.glyphs.len() + p.segs.len())
            .sum()
    }

    fn path(&mut self, ctm: &Transform, path: &pdf_extract::Path, stroked: bool) {
        if self.items() > MAX_ITEMS {
            return;
        }
        let Some(page) = self.page() else {
            return;
        };
        let h = page.height;
        let map = |x: f64, y: f64| {
            (
                x * ctm.m11 + y * ctm.m21 + ctm.m31,
                h - (x * ctm.m12 + y * ctm.m22 + ctm.m32),
            )
        };
        let mut out = Vec::new();
        let mut start = (0.0, 0.0);
        let mut cur = (0.0, 0.0);
        let mut poly: Vec<(f64, f64)> = Vec::new();
        let rect = |a: (f64, f64), b: (f64, f64), out: &mut Vec<Seg>| {
            let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
            let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
            if y1 - y0 <= RULE && x1 - x0 > RULE {
                let y = (y0 + y1) / 2.0;
                out.push(Seg {
                    x0,
                    y0: y,
                    x1,
                    y1: y,
                });
            } else if x1 - x0 <= RULE && y1 - y0 > RULE {
                let x = (x0 + x1) / 2.0;
                out.push(Seg {
                    x0: x,
                    y0,
                    x1: x,
                    y1,
                });
            } else if stroked {
                out.push(Seg { x0, y0, x1, y1: y0 });
                out.push(Seg { x0, y0: y1, x1, y1 });
                out.push(Seg { x0, y0, x1: x0, y1 });
                out.push(Seg { x0: x1, y0, x1, y1 });
            }
        };
        let close_poly = |poly: &mut Vec<(f64, f64)>, out: &mut Vec<Seg>| {
            if poly.len() >= 3 && !stroked {
                let xs = poly.iter().map(|p| p.0);
                let ys = poly.iter().map(|p| p.1);
                let a = (
                    xs.clone().fold(f64::MAX, f64::min),
                    ys.clone().fold(f64::MAX, f64::min),
                );
                let b = (xs.fold(f64::MIN, f64::max), ys.fold(f64::MIN, f64::max));
                rect(a, b, out);
            }
            poly.clear();
        };
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    close_poly(&mut poly, &mut out);
                    cur = map(x, y);
                    start = cur;
                    poly.push(cur);
                }
                PathOp::LineTo(x, y) => {
                    let p = map(x, y);
                    if stroked {
                        push_line(cur, p, &mut out);
                    }
                    poly.push(p);
                    cur = p;
                }
                PathOp::Rect(x, y, w, hh) => {
                    close_poly(&mut poly, &mut out);
                    rect(map(x, y), map(x + w, y + hh), &mut out);
                }
                PathOp::Close => {
                    if stroked {
                        push_line(cur, start, &mut out);
                    }
                    close_poly(&mut poly, &mut out);
                    cur = start;
                }
                PathOp::CurveTo(_, _, _, _, x, y) => {
                    cur = map(x, y);
                    poly.clear();
                }
            }
        }
        close_poly(&mut poly, &mut out);
        if let Some(page) = self.page() {
            page.segs.extend(out.into_iter().filter(|s| {
                s.x0.is_finite() && s.y0.is_finite() && s.x1.is_finite() && s.y1.is_finite()
            }));
        }
    }
}

fn push_line(a: (f64, f64), b: (f64, f64), out: &mut Vec<Seg>) {
    if (a.1 - b.1).abs() < 0.5 && (a.0 - b.0).abs() > RULE {
        out.push(Seg {
            x0: a.0.min(b.0),
            y0: a.1,
            x1: a.0.max(b.0),
            y1: a.1,
        });
    } else if (a.0 - b.0).abs() < 0.5 && (a.1 - b.1).abs() > RULE {
        out.push(Seg {
            x0: a.0,
            y0: a.1.min(b.1),
            x1: a.0,
            y1: a.1.max(b.1),
        });
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.pages.push(PageContent {
            height: media_box.ury - media_box.lly,
            ..PageContent::default()
        });
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        if text.chars().all(char::is_whitespace) || self.items() > MAX_ITEMS {
            return Ok(());
        }
        let Some(page) = self.page() else {
            return Ok(());
        };
        let fx = font_size * (trm.m11 + trm.m21);
        let fy = font_size * (trm.m12 + trm.m22);
        let size = (fx * fy).abs().sqrt();
        let glyph = Glyph {
            x: trm.m31,
            y: page.height - trm.m32,
            w: width * size,
            size: if size.is_finite() && size > 0.0 {
                size
            } else {
                1.0
            },
            text: text.chars().map(ideograph).collect(),
        };
        if glyph.x.is_finite() && glyph.y.is_finite() && glyph.w.is_finite() {
            page.glyphs.push(glyph);
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        _cs: &ColorSpace,
        _color: &[f64],
        path: &pdf_extract::Path,
    ) -> Result<(), OutputError> {
        self.path(ctm, path, true);
        Ok(())
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        _cs: &ColorSpace,
        _color: &[f64],
        path: &pdf_extract::Path,
    ) -> Result<(), OutputError> {
        self.path(ctm, path, false);
        Ok(())
    }
}

/// CJK fonts draw a radical and the ideograph it looks like with one glyph, and PDF writers
/// (Chromium's among them) often map that glyph back to the radical: `⼈` (U+2F08) for `人`.
/// The Kangxi radicals decompose to their ideographs (NFKC); the supplement's simplified
/// forms have no decomposition and are listed here.
fn ideograph(c: char) -> char {
    const SUPPLEMENT: &[(char, char)] = &[
        ('\u{2E81}', '厂'),
        ('\u{2E87}', '几'),
        ('\u{2E8C}', '小'),
        ('\u{2E95}', '彐'),
        ('\u{2E9F}', '母'),
        ('\u{2EA0}', '民'),
        ('\u{2EC4}', '西'),
        ('\u{2EC5}', '见'),
        ('\u{2EC6}', '角'),
        ('\u{2EC9}', '贝'),
        ('\u{2ECB}', '车'),
        ('\u{2ED3}', '长'),
        ('\u{2ED4}', '门'),
        ('\u{2ED8}', '青'),
        ('\u{2ED9}', '韦'),
        ('\u{2EDA}', '页'),
        ('\u{2EDB}', '风'),
        ('\u{2EDC}', '飞'),
        ('\u{2EDD}', '食'),
        ('\u{2EE2}', '马'),
        ('\u{2EE3}', '骨'),
        ('\u{2EE4}', '鬼'),
        ('\u{2EE5}', '鱼'),
        ('\u{2EE6}', '鸟'),
        ('\u{2EE7}', '卤'),
        ('\u{2EE8}', '麦'),
        ('\u{2EE9}', '黄'),
        ('\u{2EEC}', '齐'),
        ('\u{2EEE}', '齿'),
        ('\u{2EF0}', '龙'),
        ('\u{2EF3}', '龟'),
    ];
    match c as u32 {
        0x2F00..=0x2FD5 => {
            let mut out = c;
            unicode_normalization::char::decompose_compatible(c, |d| out = d);
            out
        }
        0x2E80..=0x2EFF => SUPPLEMENT
            .iter()
            .find(|(r, _)| *r == c)
            .map_or(c, |(_, i)| *i),
        _ => c,
    }
}

// ---------------------------------------------------------------------------------------
// Lines, paragraphs and ruled tables of one page

/// Positions closer than this (points) are the same ruling line.
const SNAP: f64 = 2.0;

struct Lattice {
    xs: Vec<f64>,
    ys: Vec<f64>,
    segs: Vec<Seg>,
}

impl Lattice {
    fn contains(&self, x: f64, y: f64) -> bool {
        match (
            self.xs.first(),
            self.xs.last(),
            self.ys.first(),
            self.ys.last(),
        ) {
            (Some(&x0), Some(&x1), Some(&y0), Some(&y1)) => {
                x >= x0 && x <= x1 && y >= y0 && y <= y1
            }
            _ => false,
        }
    }

    fn band(lines: &[f64], v: f64) -> Option<usize> {
        lines
            .windows(2)
            .position(|w| matches!(w, [a, b] if v >= *a && v <= *b))
    }

    /// A vertical rule at `x` covering height `y`.
    fn v_rule(&self, x: f64, y: f64) -> bool {
        self.segs.iter().any(|s| {
            !s.horizontal() && (s.x0 - x).abs() <= MERGE && s.y0 - SNAP <= y && y <= s.y1 + SNAP
        })
    }

    fn h_rule(&self, y: f64, x: f64) -> bool {
        self.segs.iter().any(|s| {
            s.horizontal() && (s.y0 - y).abs() <= MERGE && s.x0 - SNAP <= x && x <= s.x1 + SNAP
        })
    }
}

/// Rules per page considered for tables: a real page has a few hundred; grouping them is
/// quadratic.
const MAX_SEGS: usize = 4_000;

/// Rules closer than this are one line of the grid: borders of adjacent cells are drawn a
/// point or two apart, and no real row or column is this thin.
const MERGE: f64 = 6.0;

fn snap(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for v in values {
        match out.last() {
            Some(&last) if v - last <= MERGE => {}
            _ => out.push(v),
        }
    }
    out
}

/// Group the page's rules into tables: rules that touch belong to one table.
fn lattices(segs: &[Seg]) -> Vec<Lattice> {
    let n = segs.len().min(MAX_SEGS);
    let segs = segs.get(..n).unwrap_or_default();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while let Some(&p) = parent.get(i) {
            if p == i {
                break;
            }
            let gp = parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = parent.get_mut(i) {
                *slot = gp;
            }
            i = p;
        }
        i
    }
    let touch = |a: &Seg, b: &Seg| {
        a.x0 - SNAP <= b.x1 && b.x0 - SNAP <= a.x1 && a.y0 - SNAP <= b.y1 && b.y0 - SNAP <= a.y1
    };
    for i in 0..n {
        for j in (i + 1)..n {
            if let (Some(a), Some(b)) = (segs.get(i), segs.get(j))
                && touch(a, b)
            {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                if let Some(slot) = parent.get_mut(ri) {
                    *slot = rj;
                }
            }
        }
    }
    let mut groups: rustc_hash::FxHashMap<usize, Vec<Seg>> = Default::default();
    for (i, seg) in segs.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(*seg);
    }
    // A lone rule beside a table is its outer border where no inner rule reaches it (the
    // left edge of a cell spanning every row of a page): it joins the table it runs along.
    let mut groups: Vec<Vec<Seg>> = groups.into_values().collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
    let mut merged: Vec<Vec<Seg>> = Vec::new();
    for group in groups {
        let lone = group.len() <= 2 && group.iter().all(|s| !s.horizontal());
        let target = lone
            .then(|| {
                merged.iter_mut().find(|m| {
                    let (x0, x1, y0, y1) = bbox(m);
                    group.iter().all(|s| {
                        s.y0 >= y0 - MERGE
                            && s.y1 <= y1 + MERGE
                            && (s.y1 - s.y0) >= 0.5 * (y1 - y0)
                            && s.x0 >= x0 - 150.0
                            && s.x0 <= x1 + 150.0
                    })
                })
            })
            .flatten();
        match target {
            Some(m) => m.extend(group),
            None => merged.push(group),
        }
    }
    let mut out: Vec<Lattice> = merged
        .into_iter()
        .filter_map(|segs| {
            let ys = snap(
                segs.iter()
                    .filter(|s| s.horizontal())
                    .map(|s| s.y0)
                    .collect(),
            );
            let xs = snap(
                segs.iter()
                    .filter(|s| !s.horizontal())
                    .map(|s| s.x0)
                    .collect(),
            );
            (ys.len() >= 2 && xs.len() >= 2).then_some(Lattice { xs, ys, segs })
        })
        .collect();
    out.sort_by(|a, b| {
        a.ys.first()
            .copied()
            .unwrap_or(0.0)
            .total_cmp(&b.ys.first().copied().unwrap_or(0.0))
    });
    out
}

fn bbox(segs: &[Seg]) -> (f64, f64, f64, f64) {
    segs.iter().fold(
        (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
        |(x0, x1, y0, y1), s| (x0.min(s.x0), x1.max(s.x1), y0.min(s.y0), y1.max(s.y1)),
    )
}

/// A text line: glyphs on one baseline, left to right.
struct Line {
    glyphs: Vec<Glyph>,
}

impl Line {
    fn y(&self) -> f64 {
        self.glyphs.first().map_or(0.0, |g| g.y)
    }
    fn x0(&self) -> f64 {
        self.glyphs.first().map_or(0.0, |g| g.x)
    }
    fn x1(&self) -> f64 {
        self.glyphs.last().map_or(0.0, |g| g.x + g.w)
    }
    fn size(&self) -> f64 {
        self.glyphs.iter().map(|g| g.size).fold(0.0, f64::max)
    }

    /// The text, with a space for a word gap and a tab for a column gap.
    fn text(&self) -> String {
        let mut out = String::new();
        let mut end: Option<f64> = None;
        for g in &self.glyphs {
            if let Some(end) = end {
                let gap = g.x - end;
                if gap > 1.5 * g.size {
                    out.push('\t');
                } else if gap > 0.25 * g.size {
                    out.push(' ');
                }
            }
            out.push_str(&g.text);
            end = Some(g.x + g.w);
        }
        out
    }
}

/// Glyphs into lines by baseline.
fn lines(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut out: Vec<Line> = Vec::new();
    for g in glyphs {
        match out.last_mut() {
            Some(line) if (g.y - line.y()).abs() <= 0.4 * g.size.max(line.size()) => {
                line.glyphs.push(g)
            }
            _ => out.push(Line { glyphs: vec![g] }),
        }
    }
    for line in &mut out {
        line.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    out
}

/// What a page holds, in reading order: paragraphs, and ruled tables not yet laid out (a
/// table continued on the next page is joined first).
enum Item {
    Para(Paragraph),
    /// The parts of one table: each part's rules and glyphs, and its page.
    Table(Vec<(Lattice, Vec<Glyph>, usize)>),
}

fn page_items(page: &PageContent, page_no: usize, blocks: &mut Vec<Item>) {
    let lattices = lattices(&page.segs);
    // Each glyph to the first table whose grid holds its centre, or to the running text.
    let mut in_table: Vec<Vec<Glyph>> = vec![Vec::new(); lattices.len()];
    let mut free = Vec::new();
    for g in &page.glyphs {
        let (cx, cy) = (g.x + g.w / 2.0, g.y - g.size * 0.35);
        match lattices.iter().position(|l| l.contains(cx, cy)) {
            Some(i) => {
                if let Some(v) = in_table.get_mut(i) {
                    v.push(g.clone());
                }
            }
            None => free.push(g.clone()),
        }
    }
    // Tables and text lines in reading order (top to bottom).
    enum Entry {
        Line(Line),
        Table(usize),
    }
    let mut items: Vec<(f64, Entry)> = lines(free)
        .into_iter()
        .map(|l| (l.y(), Entry::Line(l)))
        .collect();
    for (i, l) in lattices.iter().enumerate() {
        items.push((l.ys.first().copied().unwrap_or(0.0), Entry::Table(i)));
    }
    items.sort_by(|a, b| a.0.total_cmp(&b.0));

    let text_lines: Vec<&Line> = items
        .iter()
        .filter_map(|(_, i)| match i {
            Entry::Line(l) => Some(l),
            Entry::Table(_) => None,
        })
        .collect();
    let right = text_lines.iter().map(|l| l.x1()).fold(f64::MIN, f64::max);
    let left = text_lines.iter().map(|l| l.x0()).fold(f64::MAX, f64::min);
    let mut sizes: Vec<f64> = text_lines.iter().map(|l| l.size()).collect();
    sizes.sort_by(f64::total_cmp);
    let body = sizes.get(sizes.len() / 2).copied().unwrap_or(12.0);

    let mut open: Option<(Paragraph, f64, f64)> = None; // paragraph, last line's y and x1
    let mut line_no = 0;
    let close = |open: &mut Option<(Paragraph, f64, f64)>, blocks: &mut Vec<Item>| {
        if let Some((p, _, _)) = open.take() {
            blocks.push(Item::Para(p));
        }
    };
    let mut lattices: Vec<Option<Lattice>> = lattices.into_iter().map(Some).collect();
    for (_, item) in items {
        match item {
            Entry::Table(i) => {
                close(&mut open, blocks);
                if let (Some(l), Some(glyphs)) = (
                    lattices.get_mut(i).and_then(Option::take),
                    in_table.get_mut(i),
                ) {
                    blocks.push(Item::Table(vec![(l, std::mem::take(glyphs), page_no)]));
                }
            }
            Entry::Line(line) => {
                line_no += 1;
                let text = line.text();
                let size = line.size();
                // Page numbers ("- 3 -", "3") are no text of the report.
                let bare = text.trim_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '-' | '—' | '－' | '第' | '页')
                });
                let margin = line.y() < page.height * 0.1 || line.y() > page.height * 0.9;
                if margin
                    && !bare.is_empty()
                    && bare.chars().all(|c| c.is_ascii_digit())
                    && text.chars().count() <= 8
                {
                    continue;
                }
                let heading = (size >= body * 1.25).then_some(1);
                let joins = match &open {
                    Some((p, y, x1)) => {
                        p.heading.is_none()
                            && heading.is_none()
                            && !text.contains('\t')
                            && !p.text.contains('\t')
                            && line.y() - y <= 2.0 * size
                            && *x1 >= right - 2.0 * size
                            && line.x0() <= left + 0.5 * size
                    }
                    None => false,
                };
                if joins {
                    if let Some((p, y, x1)) = open.as_mut() {
                        p.text.push_str(&text);
                        *y = line.y();
                        *x1 = line.x1();
                    }
                } else {
                    close(&mut open, blocks);
                    open = Some((
                        Paragraph {
                            text,
                            bold_lead: None,
                            heading,
                            pos: Pos {
                                line: line_no,
                                column: 0,
                                cell: None,
                                page: page_no,
                            },
                        },
                        line.y(),
                        line.x1(),
                    ));
                }
            }
        }
    }
    close(&mut open, blocks);
}

/// A table printed over two pages continues when the next page starts with a table of the
/// same width (same outer rules) and nothing above it.
fn join_continued_tables(items: Vec<Item>, pages: &[PageContent]) -> Vec<Item> {
    let _ = pages;
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    for item in items {
        if let Item::Table(parts) = &item
            && let Some(Item::Table(prev)) = out.last_mut()
            && let (Some((l, _, page)), Some((pl, _, ppage))) = (parts.first(), prev.last())
            && *page == ppage + 1
            && (l.xs.first().copied().unwrap_or(0.0) - pl.xs.first().copied().unwrap_or(0.0)).abs()
                <= SNAP
            && (l.xs.last().copied().unwrap_or(0.0) - pl.xs.last().copied().unwrap_or(0.0)).abs()
                <= SNAP
        {
            if let Item::Table(parts) = item {
                prev.extend(parts);
            }
            continue;
        }
        out.push(item);
    }
    out
}

/// Lay out a table from its parts: every part on the columns of all parts together, so a
/// part whose rows happen to span columns still lines up with the others.
fn grid_parts(parts: &[(Lattice, Vec<Glyph>, usize)]) -> Table {
    let xs = snap(
        parts
            .iter()
            .flat_map(|(l, _, _)| l.xs.iter().copied())
            .collect(),
    );
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let page = parts.first().map_or(0, |p| p.2);
    // Where each part starts, in rows, once empty slivers are gone (counted below).
    let mut part_rows: Vec<usize> = Vec::new();
    for (l, glyphs, page_no) in parts {
        let lattice = Lattice {
            xs: xs.clone(),
            ys: l.ys.clone(),
            segs: l.segs.clone(),
        };
        let offset = rows.len();
        let mut part = grid(&lattice, glyphs.clone(), *page_no);
        // Word repeats a table's header rows on every page ("重复标题行"): read them once.
        if offset > 0 {
            let repeated = (1..=part.rows.len().min(4).min(offset))
                .rev()
                .find(|&n| {
                    same_rows(
                        rows.get(..n).unwrap_or_default(),
                        part.rows.get(..n).unwrap_or_default(),
                    )
                })
                .unwrap_or(0);
            if repeated > 0 {
                part.rows.drain(..repeated);
                for row in &mut part.rows {
                    for cell in row.iter_mut() {
                        cell.origin.0 = cell.origin.0.saturating_sub(repeated);
                    }
                }
            }
        }
        part_rows.push(
            part.rows
                .iter()
                .enumerate()
                .filter(|(r, row)| {
                    row.iter()
                        .enumerate()
                        .any(|(c, cell)| cell.origin == (*r, c) && !cell.text.trim().is_empty())
                })
                .count(),
        );
        rows.extend(part.rows.into_iter().map(|row| {
            row.into_iter()
                .map(|cell| Cell {
                    origin: (cell.origin.0 + offset, cell.origin.1),
                    ..cell
                })
                .collect::<Vec<_>>()
        }));
    }
    let mut rows = drop_empty_rows(rows);
    let starts: Vec<usize> = part_rows
        .iter()
        .scan(0, |acc, n| {
            let start = *acc;
            *acc += n;
            Some(start)
        })
        .collect();
    continue_labels(&mut rows, &starts);
    Table {
        rows,
        pos: Pos {
            page,
            ..Pos::default()
        },
    }
}

/// Rows that read the same, cell by cell (header rows repeated on a new page).
fn same_rows(a: &[Vec<Cell>], b: &[Vec<Cell>]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.len() == y.len()
                && x.iter().zip(y).all(|(p, q)| p.text == q.text)
                && x.iter().any(|c| !c.text.is_empty())
        })
}

/// Rows whose own cells hold no text are slivers between two rules drawn a little apart (a
/// page break, the end of a span): only copies of spans from above reach into them.
/// Origins are renumbered past them.
fn drop_empty_rows(rows: Vec<Vec<Cell>>) -> Vec<Vec<Cell>> {
    let keep: Vec<bool> = rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .any(|(c, cell)| cell.origin == (r, c) && !cell.text.trim().is_empty())
        })
        .collect();
    let mut new_index = Vec::with_capacity(rows.len());
    let mut n = 0;
    for k in &keep {
        new_index.push(n);
        n += usize::from(*k);
    }
    rows.into_iter()
        .enumerate()
        .filter(|(r, _)| keep.get(*r).copied().unwrap_or(false))
        .map(|(r, row)| {
            let nr = new_index.get(r).copied().unwrap_or(0);
            row.into_iter()
                .enumerate()
                .map(|(c, cell)| {
                    let origin = match (keep.get(cell.origin.0), new_index.get(cell.origin.0)) {
                        (Some(true), Some(&o)) => (o, cell.origin.1),
                        _ => (nr, c),
                    };
                    Cell { origin, ..cell }
                })
                .collect()
        })
        .collect()
}

fn is_figure(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | ',' | '%'))
}

/// At the top of a continued page, a label cell left empty is the label above it going on
/// (a group spanning rows across the page break), and so is an empty label cell right under
/// one so joined (browsers close a span's part on each page with a border). Only label columns, left of every column
/// that holds a figure, are joined: a blank figure cell stays blank.
fn continue_labels(rows: &mut [Vec<Cell>], starts: &[usize]) {
    let first_figure = rows
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.iter()
                .enumerate()
                .filter(move |(c, cell)| cell.origin == (r, *c) && is_figure(&cell.text))
        })
        .map(|(c, _)| c)
        .min()
        .unwrap_or(0);
    for &top in starts {
        if top == 0 {
            continue;
        }
        for c in 0..first_figure {
            // From the part's top down, each empty label cell right under the joined one.
            let mut r = top;
            while let (Some(here), Some(above)) = (
                rows.get(r)
                    .and_then(|row| row.get(c))
                    .map(|cell| (cell.text.trim().is_empty(), cell.origin)),
                rows.get(r - 1)
                    .and_then(|row| row.get(c))
                    .map(|cell| (cell.text.clone(), cell.origin)),
            ) {
                let ((true, own), (text, origin)) = (here, above) else {
                    break;
                };
                if own != (r, c) || text.trim().is_empty() {
                    break;
                }
                let mut last = r;
                for (i, row) in rows.iter_mut().enumerate().skip(r) {
                    for cell in row.iter_mut().filter(|cell| cell.origin == own) {
                        cell.origin = origin;
                        cell.text = text.clone();
                        last = i;
                    }
                }
                r = last + 1;
            }
        }
    }
}

/// A ruled table's grid: bands between the rules, merged where a border is missing.
fn grid(l: &Lattice, glyphs: Vec<Glyph>, page_no: usize) -> Table {
    let rows = l.ys.len().saturating_sub(1).min(500);
    let cols = l.xs.len().saturating_sub(1).min(100);
    let mid = |v: &[f64], i: usize| match (v.get(i), v.get(i + 1)) {
        (Some(a), Some(b)) => (a + b) / 2.0,
        _ => 0.0,
    };
    // Bands with no border between them are one cell: union them, the top-left band
    // of each union is its origin.
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while let Some(&p) = parent.get(i) {
            if p == i {
                break;
            }
            i = p;
        }
        i
    }
    let union = |parent: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (find(parent, a), find(parent, b));
        // The smaller index (upper, then left) stays the root.
        let (keep, drop) = if ra <= rb { (ra, rb) } else { (rb, ra) };
        if let Some(slot) = parent.get_mut(drop) {
            *slot = keep;
        }
    };
    for r in 0..rows {
        for c in 0..cols {
            if c + 1 < cols
                && let Some(x) = l.xs.get(c + 1)
                && !l.v_rule(*x, mid(&l.ys, r))
            {
                union(&mut parent, r * cols + c, r * cols + c + 1);
            }
            if r + 1 < rows
                && let Some(y) = l.ys.get(r + 1)
                && !l.h_rule(*y, mid(&l.xs, c))
            {
                union(&mut parent, r * cols + c, (r + 1) * cols + c);
            }
        }
    }
    let origin: Vec<Vec<(usize, usize)>> = (0..rows)
        .map(|r| {
            (0..cols)
                .map(|c| {
                    let root = find(&mut parent, r * cols + c);
                    (root / cols.max(1), root % cols.max(1))
                })
                .collect()
        })
        .collect();
    // Glyphs by merged cell.
    let mut texts: rustc_hash::FxHashMap<(usize, usize), Vec<Glyph>> = Default::default();
    for g in glyphs {
        let (cx, cy) = (g.x + g.w / 2.0, g.y - g.size * 0.35);
        if let (Some(r), Some(c)) = (Lattice::band(&l.ys, cy), Lattice::band(&l.xs, cx))
            && let Some(o) = origin.get(r).and_then(|row| row.get(c))
        {
            texts.entry(*o).or_default().push(g);
        }
    }
    let text_of: rustc_hash::FxHashMap<(usize, usize), String> = texts
        .into_iter()
        .map(|(o, glyphs)| {
            let text = lines(glyphs)
                .iter()
                .map(Line::text)
                .collect::<Vec<_>>()
                .join("\n");
            (o, text)
        })
        .collect();
    let mut out: Vec<Vec<Cell>> = origin
        .iter()
        .map(|row| {
            row.iter()
                .map(|o| Cell {
                    text: text_of.get(o).cloned().unwrap_or_default(),
                    origin: *o,
                    pos: Pos {
                        page: page_no,
                        ..Pos::default()
                    },
                })
                .collect()
        })
        .collect();
    while out
        .last()
        .is_some_and(|row| row.iter().all(|c| c.text.trim().is_empty()))
    {
        out.pop();
    }
    Table {
        rows: out,
        pos: Pos {
            page: page_no,
            ..Pos::default()
        },
    }
}
