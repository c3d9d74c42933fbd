//! `nianbao import`: published reports (HTML pages, text, Word, PDF) into report files.
//!
//! file ─► sniff ─► reader ─► [`document::Document`] ─► placer ─► typed report ─► writer ─► check

pub mod document;
pub mod read;
