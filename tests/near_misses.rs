//! Passing cases that sit next to each rule's failing case: what looks wrong but is not must
//! not be reported.

mod common;

use common::{check_json, repo, valid_portal};

/// The corpus's valid 2022 report with `edits` applied, checked in the valid portal.
fn clean_with(edits: &[(&str, &str)], agency: Option<&str>) {
    let portal = valid_portal();
    let mut text = std::fs::read_to_string(repo().join("tests/bad/_base-2022.md")).expect("base");
    for (from, to) in edits {
        assert!(text.contains(from), "{from} not in the base report");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(portal.path().join("content/shuiwu/2022.md"), text).expect("write");
    if let Some(agency) = agency {
        std::fs::write(portal.path().join("content/shuiwu/_index.md"), agency).expect("write");
    }
    let run = check_json(portal.path());
    assert!(run.findings.is_empty(), "{:#?}", run.findings);
    assert_eq!(run.code, 0);
}

#[test]
fn the_base_report_is_clean() {
    clean_with(&[], None);
}

#[test]
fn published_on_the_deadline_or_the_first_day_after_the_year() {
    clean_with(&[("published: 2023-01-20", "published: 2023-01-31")], None);
    clean_with(&[("published: 2023-01-20", "published: 2023-01-01")], None);
}

#[test]
fn dates_and_plans_of_other_years_are_not_statistics_periods() {
    clean_with(
        &[(
            "信息公开的及时性有待提高",
            "截至2022年12月31日，现行有效规范性文件7件。2023年将继续推进；《2021年政府信息公开工作年度报告》已于上年公开。信息公开的及时性有待提高",
        )],
        None,
    );
}

#[test]
fn a_narrative_count_that_matches_the_table() {
    clean_with(
        &[(
            "共收到政府信息公开申请4件",
            "共收到政府信息公开申请4件，上年结转0件",
        )],
        None,
    );
}

#[test]
fn all_upheld_when_the_table_agrees() {
    clean_with(
        &[
            ("review: [0, 0, 0, 0]", "review: [2, 0, 0, 0, 2]"),
            (
                "## 四、政府信息公开行政复议、行政诉讼情况\n",
                "## 四、政府信息公开行政复议、行政诉讼情况\n\n发生行政复议2件，均获维持。\n",
            ),
        ],
        None,
    );
}

#[test]
fn a_bare_zero_row_needs_no_breakdown() {
    clean_with(
        &[("  carried_over: [0, 0, 0, 0, 0, 0]", "  carried_over: 0")],
        None,
    );
}

#[test]
fn headings_may_add_words_to_the_official_ones() {
    clean_with(
        &[
            ("## 一、总体情况", "## 一、2022年政府信息公开工作总体情况"),
            (
                "## 五、存在的主要问题及改进情况",
                "## 五、存在的主要问题及改进情况\n\n### （一）存在的问题",
            ),
        ],
        None,
    );
}

#[test]
fn stated_totals_that_add_up() {
    clean_with(
        &[
            (
                "  received: [3, 1, 0, 0, 0, 0]",
                "  received: [3, 1, 0, 0, 0, 0, 4]",
            ),
            (
                "  carried_forward:",
                "    total: [3, 1, 0, 0, 0, 0, 4]\n  carried_forward:",
            ),
            ("review: [0, 0, 0, 0]", "review: [0, 0, 0, 0, 0]"),
        ],
        None,
    );
}

#[test]
fn blank_cells_and_exact_money() {
    clean_with(
        &[
            (
                "  carried_over: [0, 0, 0, 0, 0, 0]",
                "  carried_over: [0, null, ~, 0, null, 0]",
            ),
            ("  fees: 0", "  fees: \"0.0350\""),
        ],
        None,
    );
    clean_with(&[("  fees: 0", "  fees: 24252.311082")], None);
}

#[test]
fn a_valid_credit_code_and_a_complete_range() {
    clean_with(
        &[],
        Some(
            "---\nname: 示例区水务局\ncredit_code: 11100000000013127D\nsince: 2020\nuntil: 2022\n---\n简介。\n",
        ),
    );
}
