//! A report file `content/<agency>/<year>.md` read into the typed model (spec §4).

use std::sync::Arc;

use super::fields::{Fields, blank, get};
use super::read::front_matter;
use crate::diagnostics::{Diagnostic, Rule};
use crate::model::labels::{self as lb, In, RESULT_GROUPS, RESULT_ROWS, RowName, row};
use crate::model::*;
use crate::source::{SourceFile, Span, Spanned};
use crate::yaml::Node;

const TOP_KEYS: &[&str] = &[
    "year",
    "format",
    "published",
    "title",
    "index_no",
    "subject",
    "source_url",
    "signed_by",
    "draft",
    "origin",
    "proactive",
    "applications",
    "review",
    "litigation",
];

/// The four tables, each with the official part it fills.
const BLOCKS: [(&str, &str); 4] = [
    ("proactive", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    (
        "review",
        "四、政府信息公开行政复议、行政诉讼情况（行政复议）",
    ),
    (
        "litigation",
        "四、政府信息公开行政复议、行政诉讼情况（行政诉讼）",
    ),
];

const ONLY_2019: &str = "是2019年版格式的栏目，本报告使用2021年版格式";

/// Read one report. Findings about its own content go to `diags`; the report is returned even
/// when its front matter is unreadable (`data_ok` is then false), so the body is still checked.
pub fn read_report(
    agency: &str,
    file: Arc<SourceFile>,
    file_year: Option<i32>,
    diags: &mut Vec<Diagnostic>,
) -> Report {
    let mut report = Report {
        agency: agency.to_string(),
        file: Arc::clone(&file),
        file_year,
        year: None,
        format: Format::F2021,
        format_stated: Format::F2021,
        format_span: Span::default(),
        published: None,
        title: None,
        index_no: None,
        subject: None,
        source_url: None,
        signed_by: None,
        draft: false,
        origin: Origin::Native,
        proactive: Proactive::F2021(Proactive2021::default()),
        applications: Applications::new(Span::default()),
        review: CaseRow::default(),
        litigation_direct: CaseRow::default(),
        litigation_after_review: CaseRow::default(),
        body: Body::default(),
        front_matter: Span::default(),
        data_ok: false,
        written: Vec::new(),
    };
    let Some(fm) = front_matter(&file, "year: 年份", diags) else {
        report.body = Body::parse(&file, body_without_front_matter(&file));
        return report;
    };
    report.front_matter = fm.split.whole;
    report.format_span = Span::new(0, 3);
    report.body = Body::parse(&file, fm.split.body);
    let empty = fm.is_empty(&file);
    let Some(root) = fm.root else {
        if empty {
            diags.push(
                Diagnostic::new(
                    Rule::S005,
                    &file,
                    Span::new(0, 3),
                    "前置数据是空的，缺少 year",
                )
                .help("至少写上 year: 年份"),
            );
        }
        return report;
    };
    let mut f = Fields { file: &file, diags };
    let Some(top) = f.map(&root, "前置数据", "year: 2023") else {
        return report;
    };
    let meant = f.check_keys(top, "前置数据", TOP_KEYS, &[]);
    report.data_ok = true;
    report.written = TOP_KEYS
        .iter()
        .copied()
        .filter(|k| meant.contains(k) || get(top, k).is_some_and(|(_, v)| !blank(v)))
        .collect();
    for (key, part) in BLOCKS {
        match get(top, key) {
            None if !meant.contains(&key) => f.push(
                f.at(
                    Rule::S005,
                    Span::new(0, 3),
                    format!("缺少“{part}”的数据（{key}）"),
                )
                .help(format!(
                    "在前置数据中加上 {key}:，写法见 nianbao new 生成的报告；没有发生的项写 0"
                )),
            ),
            Some((k, v)) if blank(v) => f.push(
                f.at(
                    Rule::S013,
                    k.span,
                    format!("“{part}”（{key}）后面没有填写任何数据"),
                )
                .label("空值")
                .help("填写各项数据；没有发生的项写 0"),
            ),
            Some((_, v)) => {
                if let Some(m) = v.as_map() {
                    f.blanks(m);
                }
            }
            None => {}
        }
    }

    match get(top, "year").filter(|(_, v)| !v.is_null()) {
        Some((_, v)) => report.year = f.year(v, "year（报告年度）"),
        // A misspelt `year` is named by its S002.
        None if meant.contains(&"year") => {}
        None => {
            f.push(
                f.at(Rule::S005, Span::new(0, 3), "缺少必填项 year（报告年度）")
                    .help(match file_year {
                        Some(y) => format!("在前置数据中加上 year: {y}"),
                        None => "在前置数据中加上 year: 年份".into(),
                    }),
            );
        }
    }
    if let Some((k, v)) = get(top, "format") {
        report.format_span = v.span;
        match v.as_scalar().map(|(t, _)| t.trim()) {
            Some("2021") => report.format = Format::F2021,
            Some("2019") => report.format = Format::F2019,
            _ => {
                let mut d = f.at(
                    Rule::S003,
                    if v.is_null() { k.span } else { v.span },
                    format!("format 只能是 2021 或 2019，实际是{}", describe(v)),
                );
                d = d.help(
                    "2021年及以后的报告用 format: 2021（国办公开办函〔2021〕30号），2019、2020年的报告用 format: 2019",
                );
                f.push(d);
                // The tables are read in the format the year calls for: one finding, here.
                if let Some(y) = report.the_year() {
                    report.format = Format::for_year(y);
                }
            }
        }
    }
    if let Some((_, v)) = get(top, "published") {
        report.published = f.date(v, "发布日期 published");
    }
    for (key, slot, what) in [
        ("title", &mut report.title, "标题 title"),
        ("index_no", &mut report.index_no, "信息索引号 index_no"),
        ("subject", &mut report.subject, "主题分类 subject"),
        ("source_url", &mut report.source_url, "原文链接 source_url"),
        ("signed_by", &mut report.signed_by, "落款单位 signed_by"),
    ] {
        if let Some((_, v)) = get(top, key) {
            *slot = f.text(v, what);
        }
    }
    // The link to the published original goes on the page: a web address, nothing else.
    if let Some(url) = &report.source_url
        && !(url.value.starts_with("https://") || url.value.starts_with("http://"))
    {
        f.push(
            f.at(
                Rule::S003,
                url.span,
                "原文链接 source_url 应为以 https:// 或 http:// 开头的网址",
            )
            .help("例如 source_url: https://www.xx.gov.cn/xxgk/ndbg/202301/t20230114_1.html"),
        );
        report.source_url = None;
    }
    if let Some((_, v)) = get(top, "draft") {
        report.draft = f.boolean(v, "draft").unwrap_or(false);
    }
    if let Some((_, v)) = get(top, "origin") {
        match v.as_scalar().map(|(t, _)| t.trim()) {
            Some("imported") => report.origin = Origin::Imported,
            Some("native") => report.origin = Origin::Native,
            _ => {
                f.push(
                    f.at(
                        Rule::S003,
                        v.span,
                        format!("origin 只能是 imported，实际是{}", describe(v)),
                    )
                    .help("origin: imported 表示按原样收录已发布的报告"),
                );
            }
        }
    }

    report.format_stated = report.format;
    let tables = |format: Format, diags: &mut Vec<Diagnostic>| {
        let mut g = Fields { file: &file, diags };
        let p = match format {
            Format::F2021 => Proactive::F2021(proactive_2021(&mut g, get(top, "proactive"))),
            Format::F2019 => Proactive::F2019(proactive_2019(&mut g, get(top, "proactive"))),
        };
        (p, applications(&mut g, get(top, "applications"), format))
    };
    let mut found = Vec::new();
    let (mut p, mut a) = tables(report.format, &mut found);
    // A format that disagrees with the year, over tables that read cleanly in the year's
    // format: the `format` line is the one mistake (F001), not every field under it.
    if let Some(expected) = report.the_year().map(Format::for_year)
        && expected != report.format
        && found
            .iter()
            .any(|d| matches!(d.rule, Rule::S002 | Rule::S003))
    {
        let mut other = Vec::new();
        let (p2, a2) = tables(expected, &mut other);
        if other.is_empty() {
            (p, a, found) = (p2, a2, other);
            report.format = expected;
        }
    }
    f.diags.extend(found);
    report.proactive = p;
    report.applications = a;
    if get(top, "applications").is_none() && meant.contains(&"applications") {
        // Misspelt (S002): every row unknown, not zero.
        unknown_rows(&mut report.applications);
    }
    let review = get(top, "review");
    report.review = f.row(
        review.map(|(_, v)| v),
        review.map_or(report.format_span, |(k, _)| k.span),
        RowName::Review,
    );
    unknown_if_misspelt(&mut report.review, review.is_none(), &meant, "review");
    if get(top, "litigation").is_none() && meant.contains(&"litigation") {
        report.litigation_direct.form = RowForm::Invalid;
        report.litigation_after_review.form = RowForm::Invalid;
    } else if let Some((_, v)) = get(top, "litigation").filter(|(_, v)| blank(v)) {
        report.litigation_direct.form = RowForm::Invalid;
        report.litigation_after_review.form = RowForm::Invalid;
        report.litigation_direct.span = v.span;
        report.litigation_after_review.span = v.span;
    } else if let Some((k, v)) = get(top, "litigation")
        && let Some(m) = f.map(
            v,
            "行政诉讼 litigation",
            "{direct: [0, 0, 0, 0], after_review: [0, 0, 0, 0]}",
        )
    {
        let meant = f.check_keys(m, "行政诉讼 litigation ", &["direct", "after_review"], &[]);
        let d = get(m, "direct");
        report.litigation_direct = f.row(
            d.map(|(_, v)| v),
            d.map_or(k.span, |(k, _)| k.span),
            RowName::LitigationDirect,
        );
        unknown_if_misspelt(&mut report.litigation_direct, d.is_none(), &meant, "direct");
        let a = get(m, "after_review");
        report.litigation_after_review = f.row(
            a.map(|(_, v)| v),
            a.map_or(k.span, |(k, _)| k.span),
            RowName::LitigationAfterReview,
        );
        let row = &mut report.litigation_after_review;
        unknown_if_misspelt(row, a.is_none(), &meant, "after_review");
    }
    report
}

/// A row left out whose key was probably misspelt (the S002 names it) is unknown, not zero:
/// the arithmetic would otherwise report the misspelling again as a 勾稽 failure. `*` stands
/// for an unknown key holding a table that no key is close to.
fn unknown_if_misspelt<const N: usize>(row: &mut Row<N>, absent: bool, meant: &[&str], key: &str) {
    if absent && meant.iter().any(|m| *m == key || *m == "*") {
        row.form = RowForm::Invalid;
    }
}

/// Every row of the applications table unknown: its block was misspelt or left empty.
fn unknown_rows(a: &mut Applications) {
    for row in [&mut a.received, &mut a.carried_over, &mut a.carried_forward]
        .into_iter()
        .chain(a.results.iter_mut())
    {
        row.form = RowForm::Invalid;
    }
}

/// Where the narrative starts in a file without its opening `---`: after the closing `---`
/// of what reads as front matter (`key: value` lines), so that the YAML block is not read as
/// a heading; else the whole file.
fn body_without_front_matter(file: &SourceFile) -> Span {
    let whole = Span::new(0, file.text.len());
    let first = &file.text[..file.line_end(1)];
    let looks_yaml = first.split_once(':').is_some_and(|(k, _)| {
        !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    });
    if !looks_yaml {
        return whole;
    }
    for line in 2..=file.line_count() {
        let (start, end) = (file.line_start(line), file.line_end(line));
        if start >= file.text.len() {
            break;
        }
        if file.text[start..end].trim_end() == "---" {
            return Span::new(
                file.line_start(line + 1).min(file.text.len()),
                file.text.len(),
            );
        }
    }
    whole
}

fn describe(v: &Node) -> String {
    match v.as_scalar() {
        Some((t, _)) if !v.is_null() => format!("“{t}”"),
        _ => v.kind_zh().to_string(),
    }
}

fn proactive_2021(f: &mut Fields, node: Option<&(Node, Node)>) -> Proactive2021 {
    let mut p = Proactive2021::default();
    let Some((_, v)) = node else { return p };
    let Some(m) = f.map(
        v,
        "二、主动公开政府信息情况 proactive",
        "regulations: {issued: 0, repealed: 0, in_force: 0}",
    ) else {
        return p;
    };
    f.check_keys(
        m,
        "二、主动公开政府信息情况 proactive ",
        lb::PROACTIVE_KEYS_2021,
        &[("other_services", ONLY_2019), ("procurement", ONLY_2019)],
    );
    p.regulations = documents_2021(f, get(m, "regulations"), lb::REGULATIONS.simp);
    p.normative_documents =
        documents_2021(f, get(m, "normative_documents"), lb::NORMATIVE_2021.simp);
    for (key, label, slot) in [
        ("licensing", lb::LICENSING, &mut p.licensing),
        ("punishment", lb::PUNISHMENT, &mut p.punishment),
        ("coercion", lb::COERCION, &mut p.coercion),
    ] {
        if let Some((_, v)) = get(m, key) {
            if v.as_map().is_some() {
                f.push(
                    f.at(
                        Rule::S003,
                        v.span,
                        format!(
                            "“{}”在2021年版格式中只有一栏（{}），这是2019年版的写法",
                            label.simp,
                            lb::DECISIONS_2021.simp
                        ),
                    )
                    .help(format!("写成 {key}: 件数")),
                );
            } else {
                *slot = f.count_with(v, &|| {
                    format!("“{}”的{}", label.simp, lb::DECISIONS_2021.simp)
                });
            }
        }
    }
    if let Some((_, v)) = get(m, "fees") {
        if v.as_map().is_some() {
            f.push(f.at(
                Rule::S003,
                v.span,
                "“行政事业性收费”在2021年版格式中只有一栏（本年收费金额，单位：万元），这是2019年版的写法",
            )
            .help("写成 fees: 金额（万元）"));
        } else {
            p.fees = f.money(v, "“行政事业性收费”的本年收费金额（万元）");
        }
    }
    p
}

fn documents_2021(f: &mut Fields, node: Option<&(Node, Node)>, label: &str) -> Documents2021 {
    let mut d = Documents2021::default();
    let Some((k, v)) = node else { return d };
    d.span = k.span;
    let Some(m) = f.map(
        v,
        &format!("“{label}”"),
        "{issued: 0, repealed: 0, in_force: 0}",
    ) else {
        return d;
    };
    let foreign = "是2019年版格式的栏目，2021年版为 issued（本年制发件数）、repealed（本年废止件数）、in_force（现行有效件数）";
    f.check_keys(
        m,
        &format!("第二十条第（一）项“{label}”"),
        &["issued", "repealed", "in_force"],
        &[
            ("made", foreign),
            ("published", foreign),
            ("total", foreign),
        ],
    );
    for (key, col, slot) in [
        ("issued", lb::ISSUED, &mut d.issued),
        ("repealed", lb::REPEALED, &mut d.repealed),
        ("in_force", lb::IN_FORCE, &mut d.in_force),
    ] {
        if let Some((_, v)) = get(m, key) {
            *slot = f.count_with(v, &|| format!("“{label}”的{}", col.simp));
        }
    }
    d
}

fn proactive_2019(f: &mut Fields, node: Option<&(Node, Node)>) -> Proactive2019 {
    let mut p = Proactive2019::default();
    let Some((_, v)) = node else { return p };
    let Some(m) = f.map(
        v,
        "二、主动公开政府信息情况 proactive",
        "regulations: {made: 0, published: 0, total: 0}",
    ) else {
        return p;
    };
    f.check_keys(
        m,
        "二、主动公开政府信息情况 proactive ",
        lb::PROACTIVE_KEYS_2019,
        &[],
    );
    p.regulations = documents_2019(f, get(m, "regulations"), lb::REGULATIONS.simp);
    p.normative_documents =
        documents_2019(f, get(m, "normative_documents"), lb::NORMATIVE_2019.simp);
    p.licensing = items_2019(f, get(m, "licensing"), lb::LICENSING.simp, true);
    p.other_services = items_2019(f, get(m, "other_services"), lb::OTHER_SERVICES.simp, true);
    p.punishment = items_2019(f, get(m, "punishment"), lb::PUNISHMENT.simp, true);
    p.coercion = items_2019(f, get(m, "coercion"), lb::COERCION.simp, true);
    p.fees = items_2019(f, get(m, "fees"), lb::FEES.simp, false);
    if let Some((k, v)) = get(m, "procurement") {
        p.procurement.span = k.span;
        if let Some(pm) = f.map(v, "“政府集中采购”", "{projects: 0, amount: 0, unit: 万元}")
        {
            f.check_keys(
                pm,
                "第二十条第（九）项“政府集中采购”",
                &["projects", "amount", "unit"],
                &[],
            );
            if let Some((_, v)) = get(pm, "projects") {
                p.procurement.projects = f.count(v, "“政府集中采购”的采购项目数量");
            }
            if let Some((_, v)) = get(pm, "amount") {
                p.procurement.amount = f.money(v, "“政府集中采购”的采购总金额");
            }
            if let Some((_, v)) = get(pm, "unit") {
                match v.as_scalar().map(|(t, _)| t.trim()) {
                    Some("万元") => {
                        p.procurement.unit = Some(Spanned::new(MoneyUnit::WanYuan, v.span))
                    }
                    Some("元") => p.procurement.unit = Some(Spanned::new(MoneyUnit::Yuan, v.span)),
                    _ if v.is_null() => {}
                    _ => {
                        f.push(f.at(
                            Rule::S003,
                            v.span,
                            format!("采购总金额的单位只能是“万元”或“元”，实际是{}", describe(v)),
                        ));
                    }
                }
            }
        }
    }
    p
}

fn documents_2019(f: &mut Fields, node: Option<&(Node, Node)>, label: &str) -> Documents2019 {
    let mut d = Documents2019::default();
    let Some((k, v)) = node else { return d };
    d.span = k.span;
    let Some(m) = f.map(
        v,
        &format!("“{label}”"),
        "{made: 0, published: 0, total: 0}",
    ) else {
        return d;
    };
    let foreign = "是2021年版格式的栏目，2019年版为 made（本年新制作数量）、published（本年新公开数量）、total（对外公开总数量）";
    f.check_keys(
        m,
        &format!("第二十条第（一）项“{label}”"),
        &["made", "published", "total"],
        &[
            ("issued", foreign),
            ("repealed", foreign),
            ("in_force", foreign),
        ],
    );
    for (key, col, slot) in [
        ("made", lb::MADE, &mut d.made),
        ("published", lb::PUBLISHED, &mut d.published),
        ("total", lb::TOTAL_PUBLISHED, &mut d.total),
    ] {
        if let Some((_, v)) = get(m, key) {
            *slot = f.count_with(v, &|| format!("“{label}”的{}", col.simp));
        }
    }
    d
}

fn items_2019(
    f: &mut Fields,
    node: Option<&(Node, Node)>,
    label: &str,
    with_decisions: bool,
) -> Items2019 {
    let mut d = Items2019::default();
    let Some((k, v)) = node else { return d };
    d.span = k.span;
    let (keys, example): (&[&str], &str) = if with_decisions {
        (
            &["previous", "change", "decisions"],
            "{previous: 0, change: 0, decisions: 0}",
        )
    } else {
        (&["previous", "change"], "{previous: 0, change: 0}")
    };
    if v.as_scalar().is_some() && !v.is_null() {
        f.push(
            f.at(
                Rule::S003,
                v.span,
                format!("“{label}”在2019年版格式中有多栏，不能只写一个数（这是2021年版的写法）"),
            )
            .help(format!("写成 {example}")),
        );
        return d;
    }
    let Some(m) = f.map(v, &format!("“{label}”"), example) else {
        return d;
    };
    f.check_keys(m, &format!("“{label}”"), keys, &[]);
    if let Some((_, v)) = get(m, "previous") {
        d.previous = f.count_with(v, &|| format!("“{label}”的{}", lb::PREVIOUS.simp));
    }
    if let Some((_, v)) = get(m, "change") {
        d.change = f.change(v, &format!("“{label}”的{}", lb::CHANGE.simp));
    }
    if with_decisions && let Some((_, v)) = get(m, "decisions") {
        d.decisions = f.count_with(v, &|| format!("“{label}”的{}", lb::DECISIONS_2019.simp));
    }
    d
}

fn applications(f: &mut Fields, node: Option<&(Node, Node)>, format: Format) -> Applications {
    let Some((k, v)) = node else {
        return Applications::new(Span::default());
    };
    let mut a = Applications::new(k.span);
    if blank(v) {
        // Nothing written (S013 says so): every row unknown, not zero.
        unknown_rows(&mut a);
        return a;
    }
    let Some(m) = f.map(
        v,
        "三、收到和处理政府信息公开申请情况 applications",
        "received: [0, 0, 0, 0, 0, 0]",
    ) else {
        return a;
    };
    let meant = f.check_keys(
        m,
        "applications ",
        &["received", "carried_over", "results", "carried_forward"],
        &[],
    );
    let row = |f: &mut Fields, key: &str, label: RowName| {
        let e = get(m, key);
        let mut row = f.row::<6>(e.map(|(_, v)| v), e.map_or(k.span, |(k, _)| k.span), label);
        unknown_if_misspelt(&mut row, e.is_none(), &meant, key);
        row
    };
    a.received = row(f, "received", RowName::Received);
    a.carried_over = row(f, "carried_over", RowName::CarriedOver);
    a.carried_forward = row(f, "carried_forward", RowName::CarriedForward);
    let Some((rk, rv)) = get(m, "results") else {
        if meant.iter().any(|m| *m == "results" || *m == "*") {
            for row in a.results.iter_mut() {
                row.form = RowForm::Invalid;
            }
        }
        return a;
    };
    let Some(results) = f.map(
        rv,
        "三、本年度办理结果 results",
        "disclosed: [0, 0, 0, 0, 0, 0]",
    ) else {
        return a;
    };
    let meant = f.check_keys(
        results,
        "results ",
        &[
            "disclosed",
            "partially_disclosed",
            "withheld",
            "unable_to_provide",
            "not_processed",
            "other",
            "total",
        ],
        &[],
    );
    for key in ["disclosed", "partially_disclosed"] {
        let i = RESULT_ROWS
            .iter()
            .position(|d| d.group.is_empty() && d.key == key)
            .unwrap_or(0);
        let e = get(results, key);
        a.results[i] = f.row(
            e.map(|(_, v)| v),
            e.map_or(rk.span, |(k, _)| k.span),
            RowName::Result(i),
        );
        unknown_if_misspelt(&mut a.results[i], e.is_none(), &meant, key);
    }
    if let Some((tk, tv)) = get(results, "total") {
        a.stated_total = Some(f.row(Some(tv), tk.span, RowName::ResultsTotal));
    }
    for (group, label) in RESULT_GROUPS {
        let Some((gk, gv)) = get(results, group) else {
            if meant.iter().any(|m| **m == *group || *m == "*") {
                for i in (0..RESULT_ROWS.len()).filter(|&i| RESULT_ROWS[i].group == group) {
                    a.results[i].form = RowForm::Invalid;
                }
            }
            continue;
        };
        if group == "other" && format == Format::F2019 {
            if gv.as_map().is_some() {
                f.push(f.at(
                    Rule::S003,
                    gv.span,
                    "2019年版格式的“（六）其他处理”只有一行，不分三项（分三项是2021年版的写法）",
                )
                .help("写成 other: [0, 0, 0, 0, 0, 0]"));
            } else {
                a.results[row::OTHER_2019] =
                    f.row(Some(gv), gk.span, RowName::Result(row::OTHER_2019));
            }
            continue;
        }
        if group == "other" && gv.as_seq().is_some() {
            f.push(f.at(
                Rule::S003,
                gv.span,
                "2021年版格式的“（六）其他处理”分三项：no_correction、unpaid_fee、other（一行的写法属于2019年版）",
            )
            .help("写成 other: {no_correction: [...], unpaid_fee: [...], other: [...]}"));
            continue;
        }
        let Some(gm) = f.map(
            gv,
            &format!("“{}”", label.simp),
            "state_secret: [0, 0, 0, 0, 0, 0]",
        ) else {
            continue;
        };
        let rows: Vec<usize> = (0..RESULT_ROWS.len())
            .filter(|&i| RESULT_ROWS[i].group == group && RESULT_ROWS[i].only != In::Only2019)
            .collect();
        let keys: Vec<&str> = rows.iter().map(|&i| RESULT_ROWS[i].key).collect();
        let meant = f.check_keys(
            gm,
            &format!("{}{} ", lb::RESULTS.simp, label.simp),
            &keys,
            &[],
        );
        for i in rows {
            let e = get(gm, RESULT_ROWS[i].key);
            a.results[i] = f.row(
                e.map(|(_, v)| v),
                e.map_or(gk.span, |(k, _)| k.span),
                RowName::Result(i),
            );
            unknown_if_misspelt(&mut a.results[i], e.is_none(), &meant, RESULT_ROWS[i].key);
        }
    }
    a
}
