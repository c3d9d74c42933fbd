//! `nianbao import`: published reports (HTML pages, text, Word, PDF) into report files.
//!
//! file ─► sniff ─► reader ─► [`document::Document`] ─► placer ─► typed report ─► writer ─► check

pub mod document;
pub mod docx;
pub mod html;
pub mod meta;
pub mod pdf;
pub mod read;
pub mod text;
