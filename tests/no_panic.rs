//! No input may panic: property tests over decoding, front matter, the YAML reader, the typed
//! model, every check and both printers, fed random bytes and mutated real reports.

use std::sync::Arc;

use chrono::NaiveDate;
use proptest::prelude::*;

use nianbao::checks::{Context, check_report};
use nianbao::content::read::decode;
use nianbao::content::{read_agency, read_report};
use nianbao::diagnostics::{render_json_line, render_text};
use nianbao::source::SourceFile;

fn ctx() -> Context {
    Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date"),
        deadline: (1, 31),
    }
}

/// Load and check `text` as a report (with a previous year) and as an agency file, and print
/// every finding both ways.
fn exercise(text: String) {
    let file = Arc::new(SourceFile::new(
        "content/a/2022.md".into(),
        "content/a/2022.md".into(),
        text,
    ));
    let mut diags = Vec::new();
    let previous = read_report("a", Arc::clone(&file), Some(2021), &mut Vec::new());
    let report = read_report("a", Arc::clone(&file), Some(2022), &mut diags);
    diags.extend(check_report(&report, Some(&previous), ctx()));
    read_agency("a", Arc::clone(&file), &mut diags);
    for d in &diags {
        let _ = render_text(d, false);
        let _ = render_json_line(d, 0);
    }
}

const VALID: &str = include_str!("fixtures/valid/content/shuiwu/2021.md");
const VALID_2019: &str = include_str!("fixtures/valid/content/shuiwu/2020.md");

/// Characters that matter to YAML and Markdown, plus CJK, to splice into real reports.
fn splice() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(":".to_string()),
        Just("-".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\t".to_string()),
        Just("  ".to_string()),
        Just("#".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("---\n".to_string()),
        Just("## ".to_string()),
        Just("null".to_string()),
        Just("-1".to_string()),
        Just("1.0000001".to_string()),
        Just("99999999999999999999".to_string()),
        Just("年".to_string()),
        Just("\u{feff}".to_string()),
        // Typed as people type them (issue 10): full-width marks, separators, units, prompts.
        Just("：".to_string()),
        Just("\u{3000}".to_string()),
        Just("，".to_string()),
        Just("、".to_string()),
        Just("［".to_string()),
        Just("1,234".to_string()),
        Just(",".to_string()),
        Just("４５件".to_string()),
        Just("万元".to_string()),
        Just("【请填写：".to_string()),
        Just("】".to_string()),
        Just("##五、".to_string()),
        Just("**五、存在的主要问题**".to_string()),
        Just("\n五、问题\n".to_string()),
        "[\\u4e00-\\u9fa5]{1,3}",
        "[0-9]{1,4}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        match decode(bytes) {
            Ok(text) => exercise(text),
            Err((shown, at, _, _)) => {
                prop_assert!(at <= shown.len());
                exercise(shown);
            }
        }
    }

    #[test]
    fn mutated_reports_never_panic(
        base in prop_oneof![Just(VALID), Just(VALID_2019)],
        edits in prop::collection::vec((0.0f64..1.0, 0usize..4, splice()), 1..8),
    ) {
        let mut text = base.to_string();
        for (at, delete, insert) in edits {
            let mut i = (at * text.len() as f64) as usize;
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            let mut j = (i + delete).min(text.len());
            while !text.is_char_boundary(j) {
                j += 1;
            }
            text.replace_range(i..j, &insert);
        }
        exercise(text);
    }

    #[test]
    fn any_text_never_panics(text in "\\PC{0,400}") {
        exercise(format!("---\n{text}\n---\n{text}"));
        exercise(text);
    }
}
