//! Word (.docx) files into a [`Document`]: the zip's `word/document.xml` streamed with
//! quick-xml. Paragraphs keep their heading level (from the paragraph style) and a bold
//! lead-in (leading bold runs); tables are explicit (`w:gridSpan` for column spans,
//! `w:vMerge` restart/continue for row spans). The title comes from `docProps/core.xml`.
//!
//! Not read: text boxes (`w:txbxContent`, whose paragraphs sit inside another paragraph),
//! the fallback copies of `mc:AlternateContent`, deleted or moved-away text, headers, footers,
//! footnotes. Automatic numbering (`w:numPr`, direct or from the style) is drawn into the
//! text as Word draws it (`一、`, `（二）`, `3.`), restarts and overrides aside.
//! DOCX has no source lines: positions are table cells, and paragraph numbers in `line`.

use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use rustc_hash::FxHashMap;

use super::document::{Block, Cell, Document, Paragraph, Pos, SourceKind, Table};
use super::read::ReadError;

/// Largest uncompressed part read: a zip bomb must not exhaust memory.
const MAX_PART: u64 = 256 * 1024 * 1024;

fn corrupt(detail: impl std::fmt::Display) -> ReadError {
    ReadError::Corrupt {
        kind: SourceKind::Docx,
        detail: detail.to_string(),
    }
}

pub fn read(path: &Path, bytes: &[u8]) -> Result<Document, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| corrupt(format!("不是完整的 zip 文件（{e}）")))?;
    let document =
        part(&mut zip, "word/document.xml")?.ok_or_else(|| corrupt("缺少 word/document.xml"))?;
    let styles = match part(&mut zip, "word/styles.xml") {
        Ok(Some(xml)) => styles(&xml),
        _ => Styles::default(),
    };
    let mut numbering = match part(&mut zip, "word/numbering.xml") {
        Ok(Some(xml)) => numbering(&xml),
        _ => Numbering::default(),
    };
    let title = match part(&mut zip, "docProps/core.xml") {
        Ok(Some(xml)) => core_title(&xml),
        _ => None,
    };
    let blocks = body(&document, &styles, &mut numbering)?;
    let mut meta = Vec::new();
    let blocks =
        super::page_meta::split_off(blocks.into_iter().map(|b| (true, b)).collect(), &mut meta);
    Ok(Document {
        path: path.to_path_buf(),
        kind: SourceKind::Docx,
        title,
        meta,
        blocks: super::html::number_tables(blocks),
    })
}

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, ReadError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(corrupt(format!("{name}：{e}"))),
    };
    let mut out = Vec::new();
    file.take(MAX_PART + 1)
        .read_to_end(&mut out)
        .map_err(|e| corrupt(format!("{name}：{e}")))?;
    if out.len() as u64 > MAX_PART {
        return Err(corrupt(format!(
            "{name} 解压后超过 {} MB",
            MAX_PART / 1_000_000
        )));
    }
    String::from_utf8(out)
        .map(Some)
        .map_err(|_| corrupt(format!("{name} 不是 UTF-8 文本")))
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(i) => name.get(i + 1..).unwrap_or(name),
        None => name,
    }
}

/// The value of the attribute `val` (any prefix) of an element.
fn val(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.as_ref()) == b"val")
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// What paragraph styles say: heading levels (by name, `heading 2`, `标题 2`, `Title`, or by
/// outline level) and automatic numbering.
#[derive(Default)]
struct Styles {
    headings: FxHashMap<String, u8>,
    numbering: FxHashMap<String, (String, u8)>,
}

fn styles(xml: &str) -> Styles {
    let mut out = Styles::default();
    let mut reader = Reader::from_str(xml);
    let mut id: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local(e.name().as_ref()) {
                b"style" => {
                    id = e
                        .attributes()
                        .flatten()
                        .find(|a| local(a.key.as_ref()) == b"styleId")
                        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()));
                }
                b"name" => {
                    if let (Some(id), Some(name)) = (&id, val(&e)) {
                        let name = name.to_ascii_lowercase();
                        let level = if name == "title" {
                            Some(1)
                        } else {
                            name.strip_prefix("heading ")
                                .or_else(|| name.strip_prefix("标题 "))
                                .and_then(|n| n.trim().parse::<u8>().ok())
                        };
                        if let Some(level) = level.filter(|l| (1..=9).contains(l)) {
                            out.headings.insert(id.clone(), level);
                        }
                    }
                }
                b"outlineLvl" => {
                    // Level 9 is "body text".
                    if let (Some(id), Some(level)) = (
                        &id,
                        val(&e)
                            .and_then(|v| v.parse::<u8>().ok())
                            .filter(|l| *l < 9),
                    ) {
                        out.headings.entry(id.clone()).or_insert(level + 1);
                    }
                }
                b"numId" => {
                    if let (Some(id), Some(num)) = (&id, val(&e)) {
                        out.numbering
                            .entry(id.clone())
                            .or_insert((String::new(), 0))
                            .0 = num;
                    }
                }
                b"ilvl" => {
                    if let (Some(id), Some(level)) =
                        (&id, val(&e).and_then(|v| v.parse::<u8>().ok()))
                    {
                        out.numbering
                            .entry(id.clone())
                            .or_insert((String::new(), 0))
                            .1 = level.min(8);
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// Word's automatic numbering (`word/numbering.xml`): the numbers it draws before numbered
/// paragraphs are not in the text, so they are counted here as Word counts them.
#[derive(Default)]
struct Numbering {
    /// numId → abstractNumId
    nums: FxHashMap<String, String>,
    /// (abstractNumId, level) → (start, format, text such as `%1、`)
    levels: FxHashMap<(String, u8), (u32, String, String)>,
    /// (numId, level) → the last number drawn
    counters: FxHashMap<(String, u8), u32>,
}

fn numbering(xml: &str) -> Numbering {
    let mut out = Numbering::default();
    let mut reader = Reader::from_str(xml);
    let mut abstract_id: Option<String> = None;
    let mut num_id: Option<String> = None;
    let mut level: Option<u8> = None;
    let attr = |e: &BytesStart<'_>, name: &[u8]| {
        e.attributes()
            .flatten()
            .find(|a| local(a.key.as_ref()) == name)
            .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local(e.name().as_ref()) {
                b"abstractNum" => {
                    abstract_id = attr(&e, b"abstractNumId");
                    num_id = None;
                }
                b"num" => {
                    num_id = attr(&e, b"numId");
                    abstract_id = None;
                }
                b"abstractNumId" => {
                    if let (Some(num), Some(abs)) = (&num_id, val(&e)) {
                        out.nums.insert(num.clone(), abs);
                    }
                }
                b"lvl" => level = attr(&e, b"ilvl").and_then(|v| v.parse::<u8>().ok()),
                b"start" | b"numFmt" | b"lvlText" => {
                    if let (Some(abs), Some(level), Some(v)) = (&abstract_id, level, val(&e)) {
                        let entry = out.levels.entry((abs.clone(), level)).or_insert((
                            1,
                            "decimal".to_string(),
                            String::new(),
                        ));
                        match local(e.name().as_ref()) {
                            b"start" => entry.0 = v.parse().unwrap_or(1),
                            b"numFmt" => entry.1 = v,
                            _ => entry.2 = v,
                        }
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) if local(e.name().as_ref()) == b"abstractNum" => abstract_id = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

impl Numbering {
    /// The number Word draws before the next paragraph of list `num` at `level`.
    fn next(&mut self, num: &str, level: u8) -> Option<String> {
        let abs = self.nums.get(num)?.clone();
        let (start, format, text) = self.levels.get(&(abs.clone(), level))?.clone();
        let n = self
            .counters
            .get(&(num.to_string(), level))
            .map_or(start, |n| n.saturating_add(1));
        self.counters.insert((num.to_string(), level), n);
        // A new item restarts the levels below it.
        self.counters.retain(|(id, l), _| id != num || *l <= level);
        if format == "bullet" || format == "none" {
            return None;
        }
        let mut out = text;
        for l in 0..=level {
            let value = if l == level {
                n
            } else {
                let (start, _, _) = self.levels.get(&(abs.clone(), l)).cloned().unwrap_or((
                    1,
                    String::new(),
                    String::new(),
                ));
                self.counters
                    .get(&(num.to_string(), l))
                    .copied()
                    .unwrap_or(start)
            };
            let fmt = self
                .levels
                .get(&(abs.clone(), l))
                .map_or("decimal", |x| x.1.as_str());
            out = out.replace(&format!("%{}", l + 1), &format_number(value, fmt));
        }
        (!out.is_empty()).then_some(out)
    }
}

fn format_number(n: u32, format: &str) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| DIGITS.get(d as usize).copied().unwrap_or("");
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "ideographTraditional"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => match n {
            0..=9 => digit(n).to_string(),
            10..=19 => format!("十{}", if n == 10 { "" } else { digit(n % 10) }),
            20..=99 => format!(
                "{}十{}",
                digit(n / 10),
                if n.is_multiple_of(10) {
                    ""
                } else {
                    digit(n % 10)
                }
            ),
            _ => n.to_string(),
        },
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "lowerLetter" | "upperLetter" if (1..=26).contains(&n) => {
            let c = char::from_u32('a' as u32 + n - 1).unwrap_or('a');
            if format == "upperLetter" {
                c.to_ascii_uppercase().to_string()
            } else {
                c.to_string()
            }
        }
        "lowerRoman" | "upperRoman" if (1..=39).contains(&n) => {
            let mut out = String::new();
            let mut k = n;
            for (v, r) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
                while k >= v {
                    out.push_str(r);
                    k -= v;
                }
            }
            if format == "upperRoman" {
                out.to_ascii_uppercase()
            } else {
                out
            }
        }
        _ => n.to_string(),
    }
}

fn core_title(xml: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    let mut title = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if local(e.name().as_ref()) == b"title" => inside = true,
            Ok(Event::End(e)) if local(e.name().as_ref()) == b"title" => break,
            Ok(Event::Text(t)) if inside => title.push_str(&t.decode().ok()?),
            Ok(Event::GeneralRef(r)) if inside => title.push_str(&entity(&r)),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let title = title.trim().to_string();
    (!title.is_empty()).then_some(title)
}

fn entity(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match r.decode().as_deref() {
        Ok("amp") => "&",
        Ok("lt") => "<",
        Ok("gt") => ">",
        Ok("quot") => "\"",
        Ok("apos") => "'",
        _ => "",
    }
    .to_string()
}

/// A paragraph being read: its text, where its bold lead-in ends, its heading level.
#[derive(Default)]
struct Para {
    text: String,
    lead: super::document::LeadIn,
    heading: Option<u8>,
    /// Automatic numbering: (numId, level), from the paragraph or its style.
    num: Option<(String, u8)>,
    /// Whether the number was drawn already (at the first text).
    numbered: bool,
}

impl Para {
    fn push(&mut self, s: &str, bold: bool) {
        for c in s.chars() {
            self.lead.push(&mut self.text, c, bold);
        }
    }
}

/// A table being read: rows of (text, gridSpan, vMerge state) with the row's grid offset.
#[derive(Default)]
struct TableState {
    rows: Vec<Vec<SourceCell>>,
    /// Lines of the cell being read.
    lines: Vec<String>,
    span: usize,
    merge: Merge,
    /// `w:gridBefore` of the current row: grid columns left out at its start.
    before: usize,
}

#[derive(Clone, Copy, Default, PartialEq)]
enum Merge {
    #[default]
    None,
    Restart,
    Continue,
}

struct SourceCell {
    text: String,
    span: usize,
    merge: Merge,
    /// Grid column where it starts.
    col: usize,
}

fn body(xml: &str, styles: &Styles, numbering: &mut Numbering) -> Result<Vec<Block>, ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut blocks = Vec::new();
    let mut para: Option<Para> = None;
    let mut tables: Vec<TableState> = Vec::new();
    let mut bold = false;
    let mut in_run = false;
    let mut in_rpr = false;
    let mut in_text = false;
    // Depth inside a part that is skipped (text boxes, fallbacks, deleted text).
    let mut skip = 0usize;
    let mut paragraphs = 0usize;

    loop {
        let event = reader.read_event().map_err(|e| {
            corrupt(format!(
                "word/document.xml 第 {} 字节：{e}",
                reader.buffer_position()
            ))
        })?;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let name = local(e.name().as_ref()).to_vec();
                if skip > 0
                    || matches!(
                        name.as_slice(),
                        b"txbxContent" | b"Fallback" | b"del" | b"moveFrom" | b"instrText"
                    )
                {
                    skip += 1;
                    continue;
                }
                match name.as_slice() {
                    b"p" => para = Some(Para::default()),
                    b"r" => {
                        in_run = true;
                        bold = false;
                    }
                    b"rPr" => in_rpr = true,
                    b"t" => in_text = true,
                    b"tbl" => {
                        flush_para(&mut para, &mut tables, &mut blocks, &mut paragraphs);
                        tables.push(TableState::default());
                    }
                    b"tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.rows.push(Vec::new());
                            t.before = 0;
                        }
                    }
                    b"tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.lines.clear();
                            t.span = 1;
                            t.merge = Merge::None;
                        }
                    }
                    _ => empty_element(
                        &name,
                        &e,
                        &mut para,
                        &mut tables,
                        &mut bold,
                        in_rpr,
                        in_run,
                        styles,
                    ),
                }
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                let name = local(e.name().as_ref()).to_vec();
                match name.as_slice() {
                    b"tab" if in_run => {
                        if let Some(p) = para.as_mut() {
                            p.push("\t", bold);
                        }
                    }
                    b"br" | b"cr" if in_run => {
                        // A line break: a new line in a cell, a new paragraph elsewhere.
                        let heading = para.as_ref().and_then(|p| p.heading);
                        flush_para(&mut para, &mut tables, &mut blocks, &mut paragraphs);
                        para = Some(Para {
                            heading,
                            ..Para::default()
                        });
                    }
                    b"p" => {}
                    _ => empty_element(
                        &name,
                        &e,
                        &mut para,
                        &mut tables,
                        &mut bold,
                        in_rpr,
                        in_run,
                        styles,
                    ),
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match local(e.name().as_ref()) {
                    b"p" => flush_para(&mut para, &mut tables, &mut blocks, &mut paragraphs),
                    b"r" => in_run = false,
                    b"rPr" => in_rpr = false,
                    b"t" => in_text = false,
                    b"tc" => {
                        flush_para(&mut para, &mut tables, &mut blocks, &mut paragraphs);
                        if let Some(t) = tables.last_mut() {
                            let col = t.before
                                + t.rows
                                    .last()
                                    .map(|r| r.iter().map(|c| c.span).sum::<usize>())
                                    .unwrap_or(0);
                            let cell = SourceCell {
                                text: std::mem::take(&mut t.lines).join("\n"),
                                span: t.span,
                                merge: t.merge,
                                col,
                            };
                            if let Some(row) = t.rows.last_mut() {
                                row.push(cell);
                            }
                        }
                    }
                    b"tbl" => {
                        if let Some(t) = tables.pop() {
                            let table = grid(t);
                            match tables.last_mut() {
                                // A table inside a cell: its rows become lines of that cell.
                                Some(outer) => outer.lines.extend(table.rows.iter().map(|r| {
                                    r.iter()
                                        .enumerate()
                                        .filter(|(c, cell)| cell.origin.1 == *c)
                                        .map(|(_, cell)| cell.text.as_str())
                                        .collect::<Vec<_>>()
                                        .join("\t")
                                })),
                                None if !table.rows.is_empty() => blocks.push(Block::Table(table)),
                                None => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip == 0 => {
                let text = t
                    .decode()
                    .map_err(|e| corrupt(format!("word/document.xml：{e}")))?;
                if let Some(p) = para.as_mut() {
                    number(p, numbering, bold);
                    p.push(&text, bold);
                }
            }
            Event::GeneralRef(r) if in_text && skip == 0 => {
                if let Some(p) = para.as_mut() {
                    number(p, numbering, bold);
                    p.push(&entity(&r), bold);
                }
            }
            _ => {}
        }
    }
    Ok(blocks)
}

/// Draw the paragraph's automatic number before its first text.
fn number(p: &mut Para, numbering: &mut Numbering, bold: bool) {
    if p.numbered {
        return;
    }
    p.numbered = true;
    if let Some((num, level)) = &p.num
        && num != "0"
        && let Some(prefix) = numbering.next(num, *level)
    {
        p.push(&prefix, bold);
    }
}

/// Properties that come as elements: paragraph style, run bold, cell spans.
#[allow(clippy::too_many_arguments)]
fn empty_element(
    name: &[u8],
    e: &BytesStart<'_>,
    para: &mut Option<Para>,
    tables: &mut [TableState],
    bold: &mut bool,
    in_rpr: bool,
    in_run: bool,
    styles: &Styles,
) {
    match name {
        b"pStyle" => {
            if let (Some(p), Some(style)) = (para.as_mut(), val(e)) {
                p.heading = styles.headings.get(&style).copied().or(p.heading);
                if p.num.is_none() {
                    p.num = styles
                        .numbering
                        .get(&style)
                        .filter(|(n, _)| !n.is_empty())
                        .cloned();
                }
            }
        }
        b"numId" => {
            if let (Some(p), Some(num)) = (para.as_mut(), val(e)) {
                let level = p.num.as_ref().map_or(0, |n| n.1);
                p.num = Some((num, level));
            }
        }
        b"ilvl" => {
            if let (Some(p), Some(level)) =
                (para.as_mut(), val(e).and_then(|v| v.parse::<u8>().ok()))
            {
                let num = p.num.take().map(|n| n.0).unwrap_or_default();
                p.num = Some((num, level.min(8)));
            }
        }
        b"outlineLvl" => {
            if let (Some(p), Some(level)) =
                (para.as_mut(), val(e).and_then(|v| v.parse::<u8>().ok()))
            {
                // Level 9 is "body text".
                if level < 9 {
                    p.heading = Some(level + 1);
                }
            }
        }
        b"b" if in_rpr && in_run => {
            *bold = !matches!(val(e).as_deref(), Some("0" | "false" | "off"));
        }
        b"gridSpan" => {
            if let Some(t) = tables.last_mut() {
                t.span = val(e)
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 256);
            }
        }
        b"vMerge" => {
            if let Some(t) = tables.last_mut() {
                t.merge = match val(e).as_deref() {
                    Some("restart") => Merge::Restart,
                    _ => Merge::Continue,
                };
            }
        }
        b"gridBefore" => {
            if let Some(t) = tables.last_mut() {
                t.before = val(e)
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(0)
                    .min(256);
            }
        }
        _ => {}
    }
}

fn flush_para(
    para: &mut Option<Para>,
    tables: &mut [TableState],
    blocks: &mut Vec<Block>,
    paragraphs: &mut usize,
) {
    let Some(p) = para.take() else {
        return;
    };
    let start = p.text.len() - p.text.trim_start().len();
    let text = p.text.trim();
    if text.is_empty() {
        return;
    }
    match tables.last_mut() {
        Some(t) => t.lines.push(text.to_string()),
        None => {
            *paragraphs += 1;
            let bold_lead = p
                .lead
                .end
                .checked_sub(start)
                .filter(|&n| n > 0)
                .map(|n| n.min(text.len()));
            blocks.push(Block::Paragraph(Paragraph {
                text: text.to_string(),
                bold_lead,
                heading: p.heading,
                pos: Pos {
                    line: *paragraphs,
                    ..Pos::default()
                },
            }));
        }
    }
}

/// Lay the cells out on the grid: a `gridSpan` cell is copied across its columns, a
/// `vMerge` continuation takes the text and origin of the cell above it.
fn grid(t: TableState) -> Table {
    let mut rows: Vec<Vec<Cell>> = Vec::with_capacity(t.rows.len());
    for (r, source) in t.rows.into_iter().enumerate() {
        let mut row: Vec<Cell> = Vec::new();
        for cell in source {
            while row.len() < cell.col {
                let c = row.len();
                row.push(Cell {
                    text: String::new(),
                    origin: (r, c),
                    pos: Pos::default(),
                });
            }
            let above = if cell.merge == Merge::Continue && r > 0 {
                rows.get(r - 1).and_then(|prev| prev.get(cell.col)).cloned()
            } else {
                None
            };
            for _ in 0..cell.span {
                let (text, origin) = match &above {
                    Some(a) => (a.text.clone(), a.origin),
                    None => (cell.text.clone(), (r, cell.col)),
                };
                row.push(Cell {
                    text,
                    origin,
                    pos: Pos::default(),
                });
            }
        }
        rows.push(row);
    }
    while rows
        .last()
        .is_some_and(|row| row.iter().all(|c| c.text.trim().is_empty()))
    {
        rows.pop();
    }
    Table {
        rows,
        pos: Pos::default(),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, xml) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("zip");
            zip.write_all(xml.as_bytes()).expect("zip");
        }
        zip.finish().expect("zip").into_inner()
    }

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    fn para(num: Option<(u8, u8)>, style: Option<&str>, text: &str) -> String {
        let style = style
            .map(|s| format!("<w:pStyle w:val=\"{s}\"/>"))
            .unwrap_or_default();
        let num = num
            .map(|(id, l)| {
                format!("<w:numPr><w:ilvl w:val=\"{l}\"/><w:numId w:val=\"{id}\"/></w:numPr>")
            })
            .unwrap_or_default();
        format!("<w:p><w:pPr>{style}{num}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn automatic_numbers_are_drawn_as_word_draws_them() {
        let body = [
            para(None, Some("H1"), "总体情况"),
            para(Some((1, 1)), None, "主动公开"),
            para(Some((1, 1)), None, "依申请公开"),
            para(Some((1, 2)), None, "收到申请"),
            para(None, Some("H1"), "主动公开政府信息情况"),
            para(Some((1, 1)), None, "制度建设"),
            para(Some((0, 0)), None, "不编号"),
        ]
        .concat();
        let document = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
        let styles = format!(
            "<w:styles {W}><w:style w:styleId=\"H1\"><w:name w:val=\"heading 1\"/><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style></w:styles>"
        );
        let numbering = format!(
            "<w:numbering {W}><w:abstractNum w:abstractNumId=\"7\">\
             <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/></w:lvl>\
             <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%2）\"/></w:lvl>\
             <w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%3.\"/></w:lvl>\
             </w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"7\"/></w:num></w:numbering>"
        );
        let bytes = docx(&[
            ("word/document.xml", &document),
            ("word/styles.xml", &styles),
            ("word/numbering.xml", &numbering),
        ]);
        let doc = read(Path::new("n.docx"), &bytes).expect("reads");
        let texts: Vec<(String, Option<u8>)> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some((p.text.clone(), p.heading)),
                Block::Table(_) => None,
            })
            .collect();
        let expected = [
            ("一、总体情况", Some(1)),
            ("（一）主动公开", None),
            ("（二）依申请公开", None),
            ("1.收到申请", None),
            ("二、主动公开政府信息情况", Some(1)),
            ("（一）制度建设", None),
            ("不编号", None),
        ];
        let expected: Vec<(String, Option<u8>)> =
            expected.iter().map(|(t, h)| (t.to_string(), *h)).collect();
        assert_eq!(texts, expected);
    }

    #[test]
    fn chinese_counting() {
        let f = |n| format_number(n, "chineseCounting");
        assert_eq!(
            [f(1), f(10), f(11), f(20), f(23)],
            ["一", "十", "十一", "二十", "二十三"]
        );
    }
}
