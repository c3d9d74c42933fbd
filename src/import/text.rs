//! STUB: the text reader is built on the `import` branch, which replaces this file. Here it
//! only turns each non-blank line into a paragraph so that `read()` has somewhere to send text.

use std::path::Path;

use super::document::{Block, Document, Pos, SourceKind};
use super::read::ReadError;

pub fn read(path: &Path, text: &str) -> Result<Document, ReadError> {
    let blocks = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            Block::Paragraph(super::meta::paragraph(
                l.trim().to_string(),
                Pos {
                    line: i + 1,
                    column: 1,
                    ..Pos::default()
                },
            ))
        })
        .collect();
    Ok(Document {
        path: path.to_path_buf(),
        kind: SourceKind::Text,
        title: None,
        meta: Vec::new(),
        blocks,
    })
}
