//! Any bytes as a file to import, read as a web page and as text: sniffing and decoding, the
//! readers, the placer (digit-run splitting included), the narrative splitter, the writer and
//! the check of what would be written. Nothing may panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use nianbao::import::run::{import_document, read_document};

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let opts = nianbao::import::Options::default();
    // A portal root that does not exist: nothing is read from or written to disk.
    let root = Path::new("/nonexistent/nianbao-fuzz");
    for name in ["report.txt", "report.html"] {
        if let Ok(doc) = read_document(Path::new(name), data) {
            let _ = import_document(root, &doc, &opts, today);
        }
    }
});
