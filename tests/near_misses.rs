//! Passing cases that sit next to each rule's failing case in `tests/bad/`: what looks wrong
//! but is not must not be reported. Each test is named `<rule>_passes_when_…`;
//! `every_rule_has_a_failing_case_and_a_near_miss` keeps it so for every rule of the reference.

mod common;

use std::path::Path;

use common::{check_json, edit, repo, valid_portal};

const REPORT: &str = "content/shuiwu/2022.md";

fn bad(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/bad").join(name)).expect("a corpus file")
}

fn write(root: &Path, dest: &str, text: &str) {
    let path = root.join(dest);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// The valid portal with the corpus's clean 2022 report, changed by `setup`: it must check
/// clean, with exit code 0.
fn clean(setup: impl FnOnce(&Path)) {
    let portal = valid_portal();
    write(portal.path(), REPORT, &bad("_base-2022.md"));
    setup(portal.path());
    let run = check_json(portal.path());
    assert!(run.findings.is_empty(), "{:#?}", run.findings);
    assert_eq!(run.code, 0);
}

/// The clean 2022 report with `edits` applied.
fn clean_with(edits: &[(&str, &str)]) {
    clean(|root| edit(&root.join(REPORT), edits));
}

#[test]
fn the_base_report_is_clean() {
    clean(|_| {});
}

// --- S: the file and its front matter -------------------------------------------------

#[test]
fn s001_passes_when_yaml_has_comments_and_a_quoted_colon() {
    clean_with(&[
        (
            "year: 2022\n",
            "year: 2022   # 报告年度\ntitle: \"2022年度报告：示例区水务局\"\n",
        ),
        (
            "  received: [3, 1, 0, 0, 0, 0]",
            "  received: [3, 1, 0, 0, 0, 0]   # 自然人, 商业企业, …",
        ),
    ]);
}

#[test]
fn s002_passes_when_every_optional_key_is_spelled_right() {
    clean_with(&[(
        "published: 2023-01-20\n",
        "published: 2023-01-20\ntitle: 示例区水务局2022年政府信息公开工作年度报告\nindex_no: 000000000/2023-00001\nsigned_by: 示例区水务局\ndraft: false\n",
    )]);
}

#[test]
fn s003_passes_when_a_row_has_seven_cells_or_blank_ones() {
    clean_with(&[(
        "  received: [3, 1, 0, 0, 0, 0]",
        "  received: [3, 1, 0, 0, 0, 0, 4]",
    )]);
    clean_with(&[(
        "  carried_over: [0, 0, 0, 0, 0, 0]",
        "  carried_over: [0, null, ~, 0, null, 0]",
    )]);
}

#[test]
fn s004_passes_when_a_2019_change_is_negative() {
    clean(|root| {
        edit(
            &root.join("content/shuiwu/2020.md"),
            &[(
                "punishment: {previous: 9, change: 1,",
                "punishment: {previous: 9, change: -3,",
            )],
        );
    });
}

#[test]
fn s005_passes_when_an_agency_has_only_its_name() {
    clean(|root| {
        write(
            root,
            "content/shuiwu/_index.md",
            "---\nname: 示例区水务局\n---\n",
        )
    });
}

#[test]
fn s006_passes_when_the_year_is_2008() {
    clean(|root| {
        let text = std::fs::read_to_string(root.join("content/shuiwu/2020.md")).expect("read");
        write(
            root,
            "content/shuiwu/2008.md",
            &text.replace("2020", "2008"),
        );
        edit(
            &root.join("content/shuiwu/2008.md"),
            &[("published: 2021-01-25", "published: 2009-01-20")],
        );
    });
}

#[test]
fn s007_passes_when_two_agencies_report_the_same_year() {
    clean(|root| {
        write(
            root,
            "content/other/_index.md",
            "---\nname: 示例区财政局\n---\n",
        );
        let text = std::fs::read_to_string(root.join("content/shuiwu/2022.md")).expect("read");
        write(root, "content/other/2022.md", &text);
    });
}

#[test]
fn s008_passes_when_utf8_starts_with_a_bom() {
    // CRLF with a BOM is the case `s008_passes_crlf_and_bom` of tests/bad_inputs.rs.
    clean(|root| write(root, REPORT, &format!("\u{feff}{}", bad("_base-2022.md"))));
}

#[test]
fn s009_passes_when_money_has_six_decimals() {
    clean_with(&[("  fees: 0", "  fees: \"0.0350\"")]);
    clean_with(&[("  fees: 0", "  fees: 24252.311082")]);
}

#[test]
fn s010_passes_when_a_file_is_exactly_four_megabytes() {
    clean(|root| {
        let mut text = bad("_base-2022.md");
        let line = "这一行重复很多次，用来制造一个恰好四兆字节的文件。\n";
        let limit = 4 * 1024 * 1024;
        while text.len() + line.len() <= limit {
            text.push_str(line);
        }
        text.push_str(&"。".repeat((limit - text.len()) / 3));
        text.push_str(&"\n".repeat(limit - text.len()));
        assert_eq!(text.len(), limit);
        write(root, REPORT, &text);
    });
}

// --- A: arithmetic -----------------------------------------------------------------------

#[test]
fn a001_passes_when_a_stated_row_total_adds_up() {
    clean_with(&[(
        "  received: [3, 1, 0, 0, 0, 0]",
        "  received: [3, 1, 0, 0, 0, 0, 4]",
    )]);
}

#[test]
fn a002_passes_when_a_stated_results_total_adds_up() {
    clean_with(&[(
        "  carried_forward:",
        "    total: [3, 1, 0, 0, 0, 0, 4]\n  carried_forward:",
    )]);
}

#[test]
fn a003_passes_when_an_application_is_carried_forward() {
    clean_with(&[
        (
            "  received: [3, 1, 0, 0, 0, 0]",
            "  received: [4, 1, 0, 0, 0, 0]",
        ),
        (
            "  carried_forward: [0, 0, 0, 0, 0, 0]",
            "  carried_forward: [1, 0, 0, 0, 0, 0]",
        ),
        ("申请4件", "申请5件"),
    ]);
}

#[test]
fn a004_passes_when_each_column_balances_with_its_own_carry_forward() {
    clean_with(&[
        (
            "  received: [3, 1, 0, 0, 0, 0]",
            "  received: [3, 2, 0, 0, 0, 0]",
        ),
        (
            "  carried_forward: [0, 0, 0, 0, 0, 0]",
            "  carried_forward: [0, 1, 0, 0, 0, 0]",
        ),
        ("申请4件", "申请5件"),
    ]);
}

#[test]
fn a005_passes_when_a_stated_review_total_adds_up() {
    clean_with(&[("review: [0, 0, 0, 0]", "review: [0, 0, 0, 0, 0]")]);
}

#[test]
fn a006_passes_when_a_bare_row_is_zero() {
    clean_with(&[("  carried_over: [0, 0, 0, 0, 0, 0]", "  carried_over: 0")]);
}

// --- X: across years ---------------------------------------------------------------------

#[test]
fn x001_passes_when_last_years_carry_forward_is_carried_over() {
    clean(|root| {
        edit(
            &root.join("content/shuiwu/2021.md"),
            &[
                (
                    "    disclosed: [4, 1, 0, 0, 1, 0]",
                    "    disclosed: [3, 1, 0, 0, 1, 0]",
                ),
                (
                    "  carried_forward: [0, 0, 0, 0, 0, 0]",
                    "  carried_forward: [1, 0, 0, 0, 0, 0]",
                ),
            ],
        );
        edit(
            &root.join(REPORT),
            &[
                (
                    "  carried_over: [0, 0, 0, 0, 0, 0]",
                    "  carried_over: [1, 0, 0, 0, 0, 0]",
                ),
                (
                    "  carried_forward: [0, 0, 0, 0, 0, 0]",
                    "  carried_forward: [1, 0, 0, 0, 0, 0]",
                ),
            ],
        );
    });
}

#[test]
fn x002_passes_when_documents_in_force_follow_from_last_year() {
    clean_with(&[(
        "normative_documents: {issued: 1, repealed: 1, in_force: 7}",
        "normative_documents: {issued: 3, repealed: 1, in_force: 9}",
    )]);
}

#[test]
fn x003_passes_when_the_figures_repeat_but_the_narrative_is_new() {
    clean(|root| {
        write(root, "content/shuiwu/2023.md", &bad("x003-copy-2023.md"));
        edit(
            &root.join("content/shuiwu/2023.md"),
            &[
                ("全部按时办结", "办结率达到百分之百，群众满意度较高"),
                (
                    "信息公开的及时性有待提高，下一步将完善信息发布审核流程。",
                    "部分栏目更新不够及时。2024年将加强培训，压实责任。",
                ),
            ],
        );
    });
}

#[test]
fn x004_passes_when_since_and_until_cover_the_reports() {
    clean(|root| {
        write(
            root,
            "content/shuiwu/_index.md",
            "---\nname: 示例区水务局\nsince: 2020\nuntil: 2022\n---\n简介。\n",
        )
    });
}

// --- P: format 2019 ----------------------------------------------------------------------

fn clean_2020(edits: &[(&str, &str)]) {
    clean(|root| edit(&root.join("content/shuiwu/2020.md"), edits));
}

#[test]
fn p001_passes_when_as_many_are_published_as_made() {
    clean_2020(&[(
        "normative_documents: {made: 1, published: 1, total: 6}",
        "normative_documents: {made: 2, published: 2, total: 6}",
    )]);
}

#[test]
fn p002_passes_when_last_years_items_plus_change_follow() {
    clean(|root| {
        write(
            root,
            "content/shuiwu/2019.md",
            &bad("p002-2019-prior-year.md").replace(
                "licensing: {previous: 10, change: 1,",
                "licensing: {previous: 10, change: 2,",
            ),
        );
    });
}

#[test]
fn p003_passes_when_an_amount_of_zero_has_no_unit() {
    clean_2020(&[(
        "procurement: {projects: 3, amount: 126.5, unit: 万元}",
        "procurement: {projects: 0, amount: 0}",
    )]);
}

// --- F, N: format and narrative ----------------------------------------------------------

#[test]
fn f001_passes_when_the_format_is_left_to_its_default() {
    clean_with(&[("format: 2021\n", "")]);
}

#[test]
fn n001_passes_when_a_part_is_named_without_its_numeral() {
    clean_with(&[(
        "## 五、存在的主要问题及改进情况",
        "## 存在的主要问题及改进情况",
    )]);
}

#[test]
fn n002_passes_when_headings_add_words_to_the_official_ones() {
    clean_with(&[
        ("## 一、总体情况", "## 一、2022年政府信息公开工作总体情况"),
        (
            "## 五、存在的主要问题及改进情况",
            "## 五、存在的主要问题及改进情况\n\n### （一）存在的问题",
        ),
    ]);
}

#[test]
fn n003_passes_when_dates_and_plans_of_other_years_are_no_statistics_period() {
    clean_with(&[(
        "信息公开的及时性有待提高",
        "截至2022年12月31日，现行有效规范性文件7件。2023年将继续推进；《2021年政府信息公开工作年度报告》已于上年公开。信息公开的及时性有待提高",
    )]);
}

#[test]
fn n004_passes_when_the_narrative_count_matches_the_table() {
    clean_with(&[(
        "共收到政府信息公开申请4件",
        "共收到政府信息公开申请4件，上年结转0件",
    )]);
}

#[test]
fn n005_passes_when_part_six_states_the_fee_charged() {
    clean_with(&[("本年度未收取信息处理费。", "本年度共收取信息处理费120元。")]);
}

#[test]
fn n006_passes_when_all_upheld_and_the_table_agrees() {
    clean_with(&[
        ("review: [0, 0, 0, 0]", "review: [2, 0, 0, 0, 2]"),
        (
            "## 四、政府信息公开行政复议、行政诉讼情况\n",
            "## 四、政府信息公开行政复议、行政诉讼情况\n\n发生行政复议2件，均获维持。\n",
        ),
    ]);
}

// --- D, G: dates and codes ---------------------------------------------------------------

#[test]
fn d001_passes_when_published_on_the_deadline() {
    clean_with(&[("published: 2023-01-20", "published: 2023-01-31")]);
}

#[test]
fn d002_passes_when_published_on_the_first_day_after_the_year() {
    clean_with(&[("published: 2023-01-20", "published: 2023-01-01")]);
}

#[test]
fn d003_passes_when_the_date_is_quoted() {
    clean_with(&[("published: 2023-01-20", "published: \"2023-01-20\"")]);
}

#[test]
fn s011_passes_when_a_folder_beside_the_reports_has_an_ordinary_name() {
    clean(|root| write(root, "content/shuiwu/附件/说明.txt", "附件说明。\n"));
}

#[test]
fn r001_passes_when_a_name_only_contains_a_reserved_word() {
    clean(|root| {
        write(
            root,
            "content/yearsbook/_index.md",
            "---\nname: 年鉴编辑部\n---\n简介。\n",
        );
        write(
            root,
            "content/data-office.md",
            "---\ntitle: 数据办\n---\n正文。\n",
        );
    });
}

#[test]
fn r002_passes_when_a_name_just_fits_a_cell() {
    clean(|root| {
        let name = "长".repeat(32_767);
        write(
            root,
            "content/shuiwu/_index.md",
            &format!("---\nname: {name}\nsince: 2020\n---\n简介。\n"),
        )
    });
}

#[test]
fn g001_passes_when_the_check_digit_is_right() {
    clean(|root| {
        write(
            root,
            "content/shuiwu/_index.md",
            "---\nname: 示例区水务局\ncredit_code: 11100000000013127D\nsince: 2020\n---\n简介。\n",
        )
    });
}

#[test]
fn s012_passes_when_a_note_or_a_backup_sits_beside_its_report() {
    clean(|root| {
        for name in ["2021.txt", "2021.md.bak", "2021.md~", "2022.MD", "2022.pdf"] {
            write(root, &format!("content/shuiwu/{name}"), "说明");
        }
    });
}

#[test]
fn s013_passes_when_blank_cells_are_written_null() {
    clean_with(&[
        ("licensing: 80", "licensing: null"),
        (
            "carried_over: [0, 0, 0, 0, 0, 0]",
            "carried_over: [0, ~, null, 0, 0, 0]",
        ),
    ]);
}

#[test]
fn n002_passes_when_numbered_lines_in_the_text_look_like_parts_that_have_their_headings() {
    clean_with(&[(
        "信息公开的及时性有待提高，下一步将完善信息发布审核流程。",
        "一、总体情况方面，信息公开的及时性有待提高。\n\n**五、存在的问题**\n\n五、改进情况\n\n# 六、其他\n\n下一步将完善信息发布审核流程。",
    )]);
}

#[test]
fn s001_passes_when_full_width_punctuation_is_inside_values_and_comments() {
    clean_with(&[
        (
            "year: 2022\n",
            "year: 2022   # 报告年度：2022，全角　空格\ntitle: 示例区水务局［2022］年度报告：全文，　完\n",
        ),
        ("  licensing: 80", "  licensing: 80   # 行政许可：８０件"),
    ]);
}

#[test]
fn s003_passes_when_a_row_has_no_space_after_its_commas() {
    clean_with(&[
        ("received: [3, 1, 0, 0, 0, 0]", "received: [3,1,0,0,0,0]"),
        (
            "carried_over: [0, 0, 0, 0, 0, 0]",
            "carried_over: [0,000, 0, 0, 0, 0]",
        ),
        (
            "carried_forward: [0, 0, 0, 0, 0, 0]",
            "carried_forward: [0, 0, 0, 0, 0, 0, 0]",
        ),
    ]);
}

#[test]
fn s014_passes_when_the_folder_name_is_ascii_with_hyphens_and_dots() {
    clean(|root| {
        write(
            root,
            "content/shui-wu_2.0/_index.md",
            "---\nname: 示例区水务局二\n---\n简介。\n",
        )
    });
}

#[test]
fn u001_passes_when_the_narrative_uses_brackets_and_asks_to_fill_in_a_form() {
    clean_with(&[(
        "信息公开的及时性有待提高，下一步将完善信息发布审核流程。",
        "【典型案例】申请人请填写申请表后提交；【请】字样的提示已删除。信息公开的及时性有待提高。",
    )]);
}

#[test]
fn u002_passes_when_one_table_has_a_figure() {
    clean_with(&[
        (
            "issued: 1, repealed: 1, in_force: 7",
            "issued: 0, repealed: 0, in_force: 7",
        ),
        ("licensing: 80", "licensing: 0"),
        ("punishment: 9", "punishment: 0"),
        (
            "received: [3, 1, 0, 0, 0, 0]",
            "received: [0, 0, 0, 0, 0, 0]",
        ),
        (
            "disclosed: [2, 1, 0, 0, 0, 0]",
            "disclosed: [0, 0, 0, 0, 0, 0]",
        ),
        (
            "not_held: [1, 0, 0, 0, 0, 0]",
            "not_held: [0, 0, 0, 0, 0, 0]",
        ),
        (
            "共收到政府信息公开申请4件，全部按时办结",
            "未收到政府信息公开申请",
        ),
        ("review: [0, 0, 0, 0]", "review: [1, 0, 0, 0]"),
    ]);
}

/// Every rule of `docs/reference.md` has a failing case in `tests/bad_inputs.rs` and a near
/// miss here, both named by its id.
#[test]
fn every_rule_has_a_failing_case_and_a_near_miss() {
    let reference =
        std::fs::read_to_string(repo().join("docs/reference.md")).expect("docs/reference.md");
    let rules: Vec<String> = reference
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(' ').next())
        .filter(|id| {
            id.len() == 4
                && id.starts_with(|c: char| c.is_ascii_uppercase())
                && id[1..].chars().all(|c| c.is_ascii_digit())
        })
        .map(str::to_lowercase)
        .collect();
    assert!(
        rules.len() >= 30,
        "rules read from the reference: {rules:?}"
    );
    let failing = include_str!("bad_inputs.rs");
    let passing = include_str!("near_misses.rs");
    for id in &rules {
        assert!(
            failing.contains(&format!("\n    {id}_")),
            "{id}: no failing case in tests/bad_inputs.rs"
        );
        let named = passing.contains(&format!("fn {id}_passes_when_"));
        assert!(
            named,
            "{id}: no near miss `{id}_passes_when_…` in tests/near_misses.rs"
        );
    }
}
