//! The corpus of broken reports in `tests/bad/`: each case places its inputs in the valid
//! portal and must yield exactly the findings its fixtures state (see `tests/bad/README.md`),
//! exit with the right code, never panic, and finish in well under a second.

mod common;

use std::fmt::Write as _;
use std::time::Duration;

use common::{Finding, check_json, repo, valid_portal};

/// Inputs made by the harness rather than read from a file, each with its expectation (in the
/// syntax of a fixture's header): they test the first bytes or the size of a file, which a
/// header comment would change.
const GENERATED: &[(&str, &str)] = &[
    ("@gbk", "S008@27:1"),
    ("@utf16", "S008@1:1"),
    ("@binary", "S008@1:8"),
    ("@huge", "S010@1:1"),
    ("@long-name", "R002@2:7"),
];

fn base() -> String {
    std::fs::read_to_string(repo().join("tests/bad/_base-2022.md")).expect("base")
}

/// The bytes of one input: a file of `tests/bad/`, or a generated one (`@…`).
fn input(src: &str) -> Vec<u8> {
    match src {
        "@gbk" => encoding_rs::GBK.encode(&base()).0.into_owned(),
        "@utf16" => {
            let mut b = vec![0xFF, 0xFE];
            b.extend(base().encode_utf16().flat_map(|u| u.to_le_bytes()));
            b
        }
        "@binary" => {
            let mut b = b"\x7fELF\x02\x01\x01\x00".to_vec();
            b.extend((0..4096u32).map(|i| (i * 31 % 251) as u8));
            b
        }
        "@huge" => {
            // 50 MB: a valid front matter followed by an enormous body.
            let mut b = base().into_bytes();
            let line = "这一行重复很多次，用来制造一个五十兆字节的文件。\n".as_bytes();
            while b.len() < 50 * 1024 * 1024 {
                b.extend_from_slice(line);
            }
            b
        }
        // An agency name longer than a spreadsheet cell.
        "@long-name" => format!(
            "---\nname: {}\nsince: 2020\n---\n简介。\n",
            "长".repeat(40_000)
        )
        .into_bytes(),
        name => std::fs::read(repo().join("tests/bad").join(name)).expect("a corpus file"),
    }
}

/// Where a finding is expected: the file (portal-relative), line and, if stated, column.
#[derive(Debug, Clone, PartialEq)]
struct Place {
    rule: String,
    file: String,
    line: u64,
    column: Option<u64>,
}

impl Place {
    fn matches(&self, f: &Finding) -> bool {
        self.rule == f.rule
            && self.file == f.file
            && self.line == f.line
            && self.column.is_none_or(|c| c == f.column)
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(out, "{} {}:{}", self.rule, self.file, self.line)?;
        match self.column {
            Some(c) => write!(out, ":{c}"),
            None => Ok(()),
        }
    }
}

/// What one input states: the exact findings a correct checker yields, and the knock-on
/// findings today's checker adds (pinned, but flagged so the fix that removes them shows).
#[derive(Debug, Default)]
struct Expectation {
    expect: Vec<Place>,
    known_cascade: Vec<Place>,
}

/// The header of a fixture: its `<name>.expect` sidecar if there is one, else the comment
/// lines right after the opening `---`.
fn header(src: &str) -> String {
    if let Some(&(_, e)) = GENERATED.iter().find(|(name, _)| *name == src) {
        return format!("# expect: {e}");
    }
    let dir = repo().join("tests/bad");
    let stem = src.strip_suffix(".md").unwrap_or(src);
    if let Ok(text) = std::fs::read_to_string(dir.join(format!("{stem}.expect"))) {
        return text;
    }
    let text = std::fs::read_to_string(dir.join(src)).expect("a corpus file");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("---"),
        "{src}: without front matter, its expectation goes in {stem}.expect"
    );
    lines
        .take_while(|l| l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Read `RULE@LINE[:COL]` or `RULE@PATH:LINE[:COL]` (PATH relative to the portal; without one,
/// the file the fixture is placed at).
fn place(entry: &str, dest: &str, src: &str) -> Place {
    parse_place(entry, dest)
        .unwrap_or_else(|| panic!("{src}: cannot read expectation entry {entry:?}"))
}

fn parse_place(entry: &str, dest: &str) -> Option<Place> {
    let (rule, at) = entry.split_once('@')?;
    let parts: Vec<&str> = at.split(':').collect();
    let (file, numbers) = match parts.split_first() {
        Some((p, rest)) if p.parse::<u64>().is_err() => (p.to_string(), rest),
        _ => (dest.to_string(), &parts[..]),
    };
    let (line, column) = match numbers {
        [l] => (l.parse().ok()?, None),
        [l, c] => (l.parse().ok()?, Some(c.parse().ok()?)),
        _ => return None,
    };
    Some(Place {
        rule: rule.trim().to_string(),
        file,
        line,
        column,
    })
}

/// Parse the `# expect:` and `# known-cascade:` lines of a header. Entries are separated by
/// commas; a known cascade may end with its reason in parentheses.
fn expectation(dest: &str, src: &str) -> Expectation {
    let mut out = Expectation::default();
    let mut stated = false;
    for line in header(src).lines() {
        let line = line.trim_start_matches('#').trim();
        let (list, entries) = if let Some(rest) = line.strip_prefix("expect:") {
            stated = true;
            (&mut out.expect, rest)
        } else if let Some(rest) = line.strip_prefix("known-cascade:") {
            (&mut out.known_cascade, rest)
        } else {
            continue;
        };
        let entries = entries.split(" (").next().unwrap_or_default();
        for entry in entries.split(',').map(str::trim) {
            if !entry.is_empty() && entry != "none" {
                list.push(place(entry, dest, src));
            }
        }
    }
    assert!(
        stated,
        "{src} states no `# expect:` line (none: `# expect: none`)"
    );
    out
}

/// Take from `actual` one finding matching each place; return the places nothing matched.
fn take(places: &[Place], actual: &mut Vec<Finding>) -> Vec<Place> {
    let mut unmatched = Vec::new();
    for p in places {
        match actual.iter().position(|f| p.matches(f)) {
            Some(i) => {
                actual.remove(i);
            }
            None => unmatched.push(p.clone()),
        }
    }
    unmatched
}

/// The difference between what the fixtures state and what was reported, or `None`.
fn diff(want: &Expectation, found: &[Finding]) -> Option<String> {
    let mut rest = found.to_vec();
    let lost = take(&want.expect, &mut rest);
    let gone = take(&want.known_cascade, &mut rest);
    if lost.is_empty() && gone.is_empty() && rest.is_empty() {
        return None;
    }
    let mut msg = String::from("the findings differ from what the fixtures state:\n");
    for p in &lost {
        let _ = writeln!(msg, "  - lost (expected, not reported): {p}");
    }
    for f in &rest {
        let _ = writeln!(
            msg,
            "  + extra (reported, not expected; a cascade?): {} {}:{}:{} {}",
            f.rule, f.file, f.line, f.column, f.message
        );
    }
    for p in &gone {
        let _ = writeln!(
            msg,
            "  ~ known cascade no longer reported (fixed? move it out of `known-cascade`): {p}"
        );
    }
    let _ = writeln!(msg, "all findings reported:");
    for f in found {
        let _ = writeln!(msg, "    {}@{}:{}:{}", f.rule, f.file, f.line, f.column);
    }
    Some(msg)
}

fn case(code: i32, files: &[(&str, &str)]) {
    let portal = valid_portal();
    let mut want = Expectation::default();
    for (dest, src) in files {
        let path = portal.path().join(dest);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, input(src)).expect("write");
        let e = expectation(dest, src);
        want.expect.extend(e.expect);
        want.known_cascade.extend(e.known_cascade);
    }
    let run = check_json(portal.path());
    assert!(
        !run.stderr.contains("panicked"),
        "nianbao panicked: {}",
        run.stderr
    );
    if let Some(msg) = diff(&want, &run.findings) {
        panic!("{msg}");
    }
    assert_eq!(run.code, code, "exit code; findings: {:#?}", run.findings);
    same_findings_streamed_or_not(portal.path());
    // A guard against hangs and blow-ups, generous enough for a loaded CI machine; the real
    // figures come from `bash benches/bad_inputs.sh` (which reads this line).
    let rule = want
        .expect
        .first()
        .or(want.known_cascade.first())
        .map_or("----", |p| p.rule.as_str());
    println!("{rule} {:?}", run.elapsed);
    assert!(
        run.elapsed < Duration::from_secs(5),
        "took {:?}",
        run.elapsed
    );
}

/// `check` streams agency by agency; `build` and `serve` check the loaded portal at once.
/// Both must find exactly the same.
fn same_findings_streamed_or_not(root: &std::path::Path) {
    let today = chrono::DateTime::from_timestamp(common::TODAY_EPOCH.parse().unwrap(), 0)
        .unwrap()
        .date_naive();
    let key = |d: &nianbao::diagnostics::Diagnostic| {
        (
            d.file.rel.clone(),
            d.span.start,
            d.span.end,
            d.rule,
            d.message.clone(),
        )
    };
    for keep in [nianbao::Keep::Nothing, nianbao::Keep::Slim] {
        match (
            nianbao::check(root, today),
            nianbao::check_streamed(root, today, keep),
        ) {
            (Ok(whole), Ok(streamed)) => {
                let a: Vec<_> = whole.findings.items.iter().map(key).collect();
                let b: Vec<_> = streamed.findings.items.iter().map(key).collect();
                assert_eq!(a, b, "streamed check ({keep:?}) differs");
                assert_eq!(whole.reports, streamed.reports);
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            (a, b) => panic!("one check failed to load: {a:?} / {b:?}"),
        }
    }
}

const REPORT: &str = "content/shuiwu/2022.md";

macro_rules! cases {
    ($($name:ident: $code:literal, [$(($dest:expr, $src:literal)),+];)*) => {
        $(
            #[test]
            fn $name() {
                case($code, &[$(($dest, $src)),+]);
            }
        )*
        /// Every input the cases place.
        const SOURCES: &[&str] = &[$($($src),+),*];
        /// How many cases the corpus holds (the issue asks for at least 40).
        const CASES: usize = [$(stringify!($name)),*].len();
    };
}

cases! {
    s001_no_front_matter: 1, [(REPORT, "s001-no-front-matter.md")];
    s001_unclosed_front_matter: 1, [(REPORT, "s001-unclosed.md")];
    s001_yaml_syntax: 1, [(REPORT, "s001-bad-yaml.md")];
    s001_mapping_in_a_value: 1, [(REPORT, "s001-mapping-in-value.md")];
    s001_tab_indentation: 1, [(REPORT, "s001-tabs.md")];
    s001_full_width_colon: 1, [(REPORT, "s001-full-width-colon.md")];
    s001_full_width_indentation: 1, [(REPORT, "s001-full-width-indent.md")];
    s001_full_width_commas_in_a_row: 1, [(REPORT, "s001-full-width-comma.md")];
    s001_full_width_colon_and_enumeration_comma_in_flow: 1, [(REPORT, "s001-full-width-in-flow.md")];
    s001_duplicate_key: 1, [(REPORT, "s001-duplicate-key.md")];
    s001_alias_bomb: 1, [(REPORT, "s001-alias-bomb.md")];
    s001_ten_thousand_deep: 1, [(REPORT, "s001-deep-nesting.md")];
    s001_empty_file: 1, [(REPORT, "s001-empty.md")];
    s001_empty_agency_file: 1, [("content/shuiwu/_index.md", "s001-empty.md")];
    s001_opening_dashes_deleted: 1, [(REPORT, "s001-opening-dashes-deleted.md")];
    s002_unknown_key: 1, [(REPORT, "s002-unknown-key.md")];
    s002_unknown_nested_key: 1, [(REPORT, "s002-nested-typo.md")];
    s002_after_a_bom: 1, [(REPORT, "bom-unknown-key.md")];
    s002_row_under_a_key_close_to_none: 1, [(REPORT, "s002-far-row-key.md")];
    s002_misspelled_block: 1, [(REPORT, "s002-misspelled-block.md")];
    s002_misspelled_row: 1, [(REPORT, "s002-misspelled-received.md")];
    s003_text_in_a_count: 1, [(REPORT, "s003-text-count.md")];
    s003_fraction_in_a_count: 1, [(REPORT, "s003-fraction-count.md")];
    s003_row_of_wrong_length: 1, [(REPORT, "s003-row-length.md")];
    s003_2019_key_under_2021: 1, [(REPORT, "s003-2019-key-under-2021.md")];
    s003_2019_other_row_under_2021: 1, [(REPORT, "s003-2019-other-under-2021.md")];
    s003_unknown_format_on_a_2020_report: 1, [("content/shuiwu/2020.md", "s003-format-value-2020.md")];
    s003_unknown_format: 1, [(REPORT, "s003-format-value.md")];
    s003_full_width_digits: 1, [(REPORT, "s003-full-width-digits.md")];
    s003_thousands_separators: 1, [(REPORT, "s003-thousands-separator.md")];
    s003_units_after_numbers: 1, [(REPORT, "s003-unit-suffix.md")];
    s003_bad_date: 1, [(REPORT, "s003-bad-date.md")];
    s004_negative_count: 1, [(REPORT, "s004-negative-count.md")];
    s004_negative_money: 1, [(REPORT, "s004-negative-money.md")];
    s004_with_crlf_line_ends: 1, [(REPORT, "crlf-negative.md")];
    s005_missing_year: 1, [(REPORT, "s005-missing-year.md")];
    s005_agency_without_name: 1, [("content/shuiwu/_index.md", "s005-agency-name.md")];
    s005_table_blocks_deleted: 1, [(REPORT, "s005-missing-blocks.md")];
    s005_empty_year: 1, [(REPORT, "s005-empty-year.md")];
    s006_year_differs_from_file_name: 1, [(REPORT, "s006-year-mismatch.md")];
    s006_year_out_of_range: 1, [("content/shuiwu/2007.md", "s006-year-range.md")];
    s007_two_reports_one_year: 1, [("content/shuiwu/2021-copy.md", "s007-same-year.md")];
    s007_two_agencies_one_name: 1, [("content/other/_index.md", "s007-agency-name.md")];
    s008_gbk: 1, [(REPORT, "@gbk")];
    s008_utf16: 1, [(REPORT, "@utf16")];
    s008_binary: 1, [(REPORT, "@binary")];
    s008_passes_crlf_and_bom: 0, [(REPORT, "crlf-bom-valid.md")];
    s009_money_too_precise: 1, [(REPORT, "s009-money-precision.md")];
    s011_folder_named_like_a_report: 1, [("content/shuiwu/2022.md/说明.md", "s011-folder.md")];
    s012_files_named_almost_like_a_report: 1, [
        ("content/shuiwu/2022.md.txt", "s012-misnamed-report.md"),
        ("content/shuiwu/2023.txt", "s012-misnamed-report.md"),
        ("content/shuiwu/2024.MD", "s012-misnamed-report.md"),
        ("content/shuiwu/2025年.md", "s012-misnamed-report.md")
    ];
    s013_keys_left_empty: 0, [(REPORT, "s013-empty-values.md")];
    s014_chinese_folder_name: 0, [("content/水务局/_index.md", "s014-chinese-folder.md")];
    s010_fifty_megabytes: 1, [(REPORT, "@huge")];
    a001_row_total: 1, [(REPORT, "a001-row-total.md")];
    a002_results_total: 1, [(REPORT, "a002-results-total.md")];
    a002_rows_short_of_a_balanced_total: 1, [(REPORT, "a002-rows-short.md")];
    a003_balance_in_a_computed_total_column: 1, [(REPORT, "a003-balance-total.md")];
    a003_behind_a_bare_received_total: 1, [(REPORT, "a003-bare-total.md")];
    a004_balance_in_one_column: 1, [(REPORT, "a004-balance-column.md")];
    a004_behind_a_bare_results_total: 1, [(REPORT, "a004-behind-bare-total.md")];
    a005_review_total: 1, [(REPORT, "a005-review-total.md")];
    a006_total_only_row: 0, [(REPORT, "a006-total-only.md")];
    x001_carry_over: 0, [(REPORT, "x001-carry-over.md")];
    x002_documents_in_force: 0, [(REPORT, "x002-in-force.md")];
    x003_copied_report: 0, [(REPORT, "_base-2022.md"), ("content/shuiwu/2023.md", "x003-copy-2023.md")];
    x004_missing_year: 0, [("content/shuiwu/2023.md", "x004-gap-2023.md")];
    x004_passes_since_before_the_portals_years: 0, [("content/shuiwu/_index.md", "x004-agency-since.md")];
    p001_published_more_than_made: 0, [("content/shuiwu/2020.md", "p001-published-gt-made.md")];
    p002_items_do_not_follow: 0, [("content/shuiwu/2019.md", "p002-2019-prior-year.md")];
    p003_procurement_without_unit: 0, [("content/shuiwu/2020.md", "p003-procurement-unit.md")];
    f001_2019_format_in_2022: 0, [(REPORT, "f001-format-year.md")];
    f001_format_line_missing_over_2019_tables: 0, [("content/shuiwu/2020.md", "f001-format-missing.md")];
    f001_only_the_format_changed: 0, [(REPORT, "f001-format-only.md")];
    n001_part_missing: 1, [(REPORT, "n001-missing-part.md")];
    n002_parts_out_of_order: 0, [(REPORT, "n002-out-of-order.md")];
    n002_unknown_heading: 0, [(REPORT, "n002-unknown-heading.md")];
    n002_heading_without_the_space: 0, [(REPORT, "n002-heading-hashes-no-space.md")];
    n002_heading_as_h1: 0, [(REPORT, "n002-heading-h1.md")];
    n002_heading_as_a_bare_line: 0, [(REPORT, "n002-heading-bare-line.md")];
    n002_heading_as_a_bold_paragraph: 0, [(REPORT, "n002-heading-bold.md")];
    n002_reworded_heading: 0, [(REPORT, "n002-wording.md")];
    n003_other_statistics_period: 0, [(REPORT, "n003-period.md")];
    n003_title_of_another_year: 0, [(REPORT, "n003-title.md")];
    n004_narrative_count: 0, [(REPORT, "n004-received-count.md")];
    n005_no_fee_statement: 0, [(REPORT, "n005-fee.md")];
    n006_all_upheld_claim: 0, [(REPORT, "n006-upheld.md")];
    d001_published_late: 0, [(REPORT, "d001-late.md")];
    d002_published_early: 0, [(REPORT, "d002-early.md")];
    d003_no_date: 0, [(REPORT, "d003-no-date.md")];
    g001_credit_code: 0, [("content/shuiwu/_index.md", "g001-credit-code.md")];
    r001_agency_folder_named_years: 1, [("content/years/_index.md", "r001-reserved-agency.md")];
    r001_page_named_like_an_agency: 1, [("content/shuiwu.md", "r001-page-like-agency.md")];
    r002_agency_name_too_long_for_a_cell: 1, [("content/shuiwu/_index.md", "@long-name")];
    u001_prompt_left_in_the_narrative: 1, [(REPORT, "u001-prompt.md")];
    u002_every_table_zero: 0, [(REPORT, "u002-all-zero.md")];
}

// The issue asks for a corpus of at least 40 broken reports.
const _: () = assert!(CASES >= 40);

/// Every file of `tests/bad/` is placed by some case and states its expectation, and every
/// sidecar belongs to a fixture: nothing in the corpus goes unchecked.
#[test]
fn every_fixture_is_used_and_states_what_it_expects() {
    let dir = repo().join("tests/bad");
    for entry in std::fs::read_dir(&dir).expect("tests/bad") {
        let name = entry
            .expect("entry")
            .file_name()
            .into_string()
            .expect("utf-8");
        if let Some(stem) = name.strip_suffix(".expect") {
            assert!(
                dir.join(format!("{stem}.md")).is_file(),
                "{name} has no fixture"
            );
        } else if name.ends_with(".md") && name != "README.md" {
            assert!(
                SOURCES.contains(&name.as_str()),
                "{name} is used by no case"
            );
            // Panics with the reason if the header is missing or unreadable.
            expectation("x", &name);
        } else {
            assert_eq!(name, "README.md", "unexpected file in tests/bad");
        }
    }
}

#[test]
fn the_harness_reports_a_cascade_and_a_lost_finding() {
    let found = |rule: &str, line| Finding {
        rule: rule.into(),
        severity: "error".into(),
        file: REPORT.into(),
        line,
        column: 1,
        message: "消息".into(),
    };
    let want = Expectation {
        expect: vec![place("S002@4", REPORT, "t"), place("S003@5:1", REPORT, "t")],
        known_cascade: vec![place("D003@1:1", REPORT, "t")],
    };
    let exact = [found("S002", 4), found("D003", 1), found("S003", 5)];
    assert_eq!(diff(&want, &exact), None);
    let msg = diff(
        &want,
        &[found("S002", 4), found("D003", 1), found("A003", 9)],
    )
    .expect("diff");
    assert!(msg.contains("- lost (expected, not reported): S003 content/shuiwu/2022.md:5:1"));
    assert!(msg.contains("+ extra (reported, not expected; a cascade?): A003"));
    let msg = diff(&want, &[found("S002", 4), found("S003", 5)]).expect("diff");
    assert!(msg.contains("~ known cascade no longer reported"));
}

/// An empty agency file is asked for what an agency states (its name), not a report's year.
#[test]
fn an_empty_agency_file_is_asked_for_its_name() {
    let portal = valid_portal();
    std::fs::write(portal.path().join("content/shuiwu/_index.md"), "").expect("write");
    let run = common::nianbao(portal.path(), &["check", "--format", "json"]);
    let help: Vec<String> = run
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["help"].as_str().map(str::to_string))
        .collect();
    assert_eq!(help.len(), 1, "{}", run.stdout);
    assert!(help[0].contains("name: 机构全称"), "{}", help[0]);
    assert!(!help[0].contains("year"), "{}", help[0]);
}

#[test]
fn a_broken_site_toml_stops_the_check_with_exit_2() {
    let portal = valid_portal();
    std::fs::write(
        portal.path().join("site.toml"),
        "title = \"门户\nbase_url = 1\n",
    )
    .expect("write");
    let run = check_json(portal.path());
    assert_eq!(run.code, 2);
    assert_eq!(run.findings[0].rule, "S001");
    let empty = tempfile::tempdir().expect("tempdir");
    assert_eq!(check_json(empty.path()).code, 2);
}
