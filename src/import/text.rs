//! The text reader: pasted, scraped or `pdftotext` text into a [`Document`]. Every line is a
//! paragraph (with its 1-based line number); Markdown tables (`| a | b |`) become tables. Cell
//! layouts of other kinds (tabs, one cell per line, space-aligned columns) are left as lines:
//! the placer reads them as a token stream.

use std::path::Path;

use super::document::{Block, Cell, CellPos, Document, Paragraph, Pos, SourceKind, Table};

/// Read decoded text.
pub fn read_text(path: &Path, text: &str) -> Document {
    let mut blocks = Vec::new();
    let mut tables = 0usize;
    let mut pending: Vec<(usize, &str)> = Vec::new();
    let flush = |pending: &mut Vec<(usize, &str)>, blocks: &mut Vec<Block>, tables: &mut usize| {
        if pending.len() >= 2 {
            blocks.push(Block::Table(markdown_table(pending, *tables)));
            *tables += 1;
        } else {
            for &(line, t) in pending.iter() {
                blocks.push(Block::Paragraph(paragraph(line, t)));
            }
        }
        pending.clear();
    };
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('|') && t.len() > 1 && t.ends_with('|') {
            pending.push((i + 1, t));
            continue;
        }
        flush(&mut pending, &mut blocks, &mut tables);
        blocks.push(Block::Paragraph(paragraph(i + 1, line)));
    }
    flush(&mut pending, &mut blocks, &mut tables);
    Document {
        path: path.to_path_buf(),
        kind: SourceKind::Text,
        title: None,
        meta: Vec::new(),
        blocks,
    }
}

fn paragraph(line: usize, text: &str) -> Paragraph {
    Paragraph {
        text: text.to_string(),
        bold_lead: None,
        heading: None,
        pos: Pos {
            line,
            column: 1,
            ..Pos::default()
        },
    }
}

/// `| a | b |` rows; the `|---|` separator row is dropped.
fn markdown_table(rows: &[(usize, &str)], index: usize) -> Table {
    let mut out: Vec<Vec<Cell>> = Vec::new();
    for &(line, t) in rows {
        let inner = t.strip_prefix('|').unwrap_or(t);
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        let parts: Vec<&str> = inner.split('|').collect();
        if parts
            .iter()
            .all(|p| !p.trim().is_empty() && p.trim().chars().all(|c| matches!(c, '-' | ':')))
        {
            continue;
        }
        let r = out.len();
        let mut col_at = t.find('|').map_or(1, |i| i + 2);
        let row = parts
            .iter()
            .enumerate()
            .map(|(c, p)| {
                let cell = Cell {
                    text: p.trim().to_string(),
                    origin: (r, c),
                    pos: Pos {
                        line,
                        column: col_at,
                        cell: Some(CellPos {
                            table: index,
                            row: r,
                            col: c,
                        }),
                        page: 0,
                    },
                };
                col_at += p.chars().count() + 1;
                cell
            })
            .collect();
        out.push(row);
    }
    Table {
        pos: Pos {
            line: rows.first().map_or(0, |r| r.0),
            column: 1,
            ..Pos::default()
        },
        rows: out,
    }
}
