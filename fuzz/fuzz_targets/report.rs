//! Any bytes as a report file and as an agency file: decoding, the front-matter reader, the
//! body splitter, every per-report check and both printers. Nothing may panic, and the time
//! per input is watched by libFuzzer (`-timeout`).
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use nianbao::checks::{Context, check_report};
use nianbao::content::read::decode;
use nianbao::content::{read_agency, read_report};
use nianbao::diagnostics::{render_json_line, render_text};
use nianbao::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data.to_vec()) else {
        return;
    };
    let file = Arc::new(SourceFile::new(
        "content/a/2022.md".into(),
        "content/a/2022.md".into(),
        text,
    ));
    let ctx = Context {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date"),
        deadline: (1, 31),
    };
    let mut diags = Vec::new();
    let previous = read_report("a", Arc::clone(&file), Some(2021), &mut Vec::new());
    let report = read_report("a", Arc::clone(&file), Some(2022), &mut diags);
    diags.extend(check_report(&report, Some(&previous), ctx));
    read_agency("a", Arc::clone(&file), &mut diags);
    for d in &diags {
        let _ = render_text(d, false);
        let _ = render_json_line(d, 0);
    }
});
