//! Word (.docx) files into a [`Document`].

use std::path::Path;

use super::document::{Document, SourceKind};
use super::read::ReadError;

pub fn read(path: &Path, bytes: &[u8]) -> Result<Document, ReadError> {
    let _ = (path, bytes);
    Err(ReadError::Corrupt {
        kind: SourceKind::Docx,
        detail: "尚未支持".to_string(),
    })
}
