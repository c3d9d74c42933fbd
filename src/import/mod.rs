//! `nianbao import`: published reports (HTML pages, text, Word, PDF) into report files.
//!
//! file ─► sniff ─► reader ─► [`document::Document`] ─► placer ─► typed report ─► writer ─► check

pub mod document;
pub mod norm;
pub mod place;
pub mod read;
pub mod text;
