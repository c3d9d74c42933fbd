//! `nianbao import`: published reports (HTML pages, text, Word, PDF) into report files.
//!
//! file ─► sniff ─► reader ─► [`document::Document`] ─► placer ([`place`]) and metadata
//! ([`meta`]) and narrative ([`narrative`]) ─► writer ([`write`]) ─► loaded and checked
//! ([`run`]).

pub mod document;
pub mod docx;
pub mod html;
pub mod meta;
pub mod narrative;
pub mod norm;
pub mod page_meta;
pub mod pdf;
pub mod place;
pub mod read;
pub mod run;
pub mod text;
pub mod write;

pub use run::{ImportError, Imported, Options, import_document, import_file};
