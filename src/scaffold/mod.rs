//! `nianbao new` and `nianbao init`: files an editor starts from. Labels come from the one
//! label table; figures that carry over are read from last year's report, so that a new
//! report starts consistent with it (X001, X002, P002).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::model::labels::{
    self as lb, APPLICANT_COLUMNS, CASE_COLUMNS, PARTS, RESULT_GROUPS, RESULT_ROWS,
};
use crate::model::{AppRow, Format, Proactive, Report};

/// What each part must say, one line, shown to the editor until replaced.
const PROMPTS: [&str; 6] = [
    "【请填写：本年度政府信息公开工作的总体情况，如主动公开、依申请公开、政府信息管理、平台建设、监督保障等方面的做法和成效。】",
    "【表格由前置数据生成；如需补充说明主动公开情况，写在这里，否则删去本行。】",
    "【表格由前置数据生成；如需说明依申请公开的办理情况，写在这里，否则删去本行。】",
    "【表格由前置数据生成；如需说明行政复议、行政诉讼情况，写在这里，否则删去本行。】",
    "【请填写：工作中存在的主要问题，以及改进情况和下一步措施。】",
    "【请填写：信息处理费的收取情况（未收取也请写明“本年度未收取信息处理费”），以及其他需要报告的事项；没有则写“无”。】",
];

/// An agency folder name that is a safe single path segment.
fn check_slug(slug: &str) -> Result<(), String> {
    if let Some(problem) = crate::checks::name_problem(slug) {
        return Err(format!("机构目录名不可用：{problem}"));
    }
    let bad = slug.is_empty()
        || slug.starts_with(['.', '_', '-'])
        || slug.contains(['/', '\\', ':', '\0'])
        || slug.chars().any(char::is_whitespace);
    if bad {
        Err(format!(
            "机构目录名“{slug}”不可用：它是网址的一部分，不能为空、不能含 / \\ : 和空格、不能以 . _ - 开头；建议用小写英文字母、数字和连字符，如 changxingdao"
        ))
    } else {
        Ok(())
    }
}

fn row(cells: [u64; 6]) -> String {
    format!("[{}]", cells.map(|c| c.to_string()).join(", "))
}

/// A row as known: its cells, or only its total (legacy reports).
fn carried(r: &AppRow) -> String {
    if r.columns_known() {
        row(std::array::from_fn(|i| r.cell(i).unwrap_or(0)))
    } else {
        r.total().unwrap_or(0).to_string()
    }
}

/// The front matter and body of a new report for `year`, given last year's.
pub fn report_text(year: i32, previous: Option<&Report>) -> String {
    let format = Format::for_year(year);
    let mut s = String::new();
    let count = |c: &crate::model::Count| c.as_ref().map_or(0, |c| c.value);
    let _ = writeln!(s, "---\nyear: {year}\nformat: {}", format.number());
    let _ = writeln!(
        s,
        "# published: {}-01-20     # 发布日期：发布时填写；不填则页面显示“未注明”",
        year + 1
    );
    s.push_str("# index_no:                  # 信息索引号（选填）\n");
    s.push_str("# subject:                   # 主题分类（选填），如 综合政务/政务公开\n");
    let _ = writeln!(
        s,
        "proactive:                     # 二、{}",
        PARTS[1].1.simp
    );
    match format {
        Format::F2021 => {
            let in_force =
                |pick: fn(&crate::model::Proactive2021) -> &crate::model::Documents2021| {
                    match previous.map(|p| &p.proactive) {
                        Some(Proactive::F2021(p)) => count(&pick(p).in_force),
                        _ => 0,
                    }
                };
            let columns = format!(
                "{}, {}, {}",
                lb::ISSUED.simp,
                lb::REPEALED.simp,
                lb::IN_FORCE.simp
            );
            let _ = writeln!(
                s,
                "  regulations: {{issued: 0, repealed: 0, in_force: {}}}   # {}（{columns}；现行有效件数接上年）",
                in_force(|p| &p.regulations),
                lb::REGULATIONS.simp
            );
            let _ = writeln!(
                s,
                "  normative_documents: {{issued: 0, repealed: 0, in_force: {}}}   # {}",
                in_force(|p| &p.normative_documents),
                lb::NORMATIVE_2021.simp
            );
            for (key, label) in [
                ("licensing", lb::LICENSING),
                ("punishment", lb::PUNISHMENT),
                ("coercion", lb::COERCION),
            ] {
                let _ = writeln!(
                    s,
                    "  {key}: 0   # {}：{}",
                    label.simp,
                    lb::DECISIONS_2021.simp
                );
            }
            let _ = writeln!(
                s,
                "  fees: 0   # {}：{}",
                lb::FEES.simp,
                lb::FEE_AMOUNT_2021.simp
            );
        }
        Format::F2019 => {
            let columns = format!(
                "{}, {}, {}",
                lb::MADE.simp,
                lb::PUBLISHED.simp,
                lb::TOTAL_PUBLISHED.simp
            );
            let _ = writeln!(
                s,
                "  regulations: {{made: 0, published: 0, total: 0}}   # {}（{columns}）",
                lb::REGULATIONS.simp
            );
            let _ = writeln!(
                s,
                "  normative_documents: {{made: 0, published: 0, total: 0}}   # {}",
                lb::NORMATIVE_2019.simp
            );
            // 上一年项目数量 continues from last year's count and change.
            let items =
                |pick: fn(&crate::model::Proactive2019) -> &crate::model::Items2019| -> i64 {
                    match previous.map(|p| &p.proactive) {
                        Some(Proactive::F2019(p)) => {
                            let i = pick(p);
                            (count(&i.previous) as i64 + i.change.as_ref().map_or(0, |c| c.value))
                                .max(0)
                        }
                        _ => 0,
                    }
                };
            for (key, label, value) in [
                ("licensing", lb::LICENSING, items(|p| &p.licensing)),
                (
                    "other_services",
                    lb::OTHER_SERVICES,
                    items(|p| &p.other_services),
                ),
                ("punishment", lb::PUNISHMENT, items(|p| &p.punishment)),
                ("coercion", lb::COERCION, items(|p| &p.coercion)),
            ] {
                let _ = writeln!(
                    s,
                    "  {key}: {{previous: {value}, change: 0, decisions: 0}}   # {}：{}, {}, {}",
                    label.simp,
                    lb::PREVIOUS.simp,
                    lb::CHANGE.simp,
                    lb::DECISIONS_2019.simp
                );
            }
            let _ = writeln!(
                s,
                "  fees: {{previous: {}, change: 0}}   # {}：{}, {}",
                items(|p| &p.fees),
                lb::FEES.simp,
                lb::PREVIOUS.simp,
                lb::CHANGE.simp
            );
            let _ = writeln!(
                s,
                "  procurement: {{projects: 0, amount: 0, unit: 万元}}   # {}：{}, {}",
                lb::PROCUREMENT.simp,
                lb::PROJECTS.simp,
                lb::PROCUREMENT_AMOUNT.simp
            );
        }
    }
    let columns: Vec<&str> = APPLICANT_COLUMNS.iter().map(|c| c.simp).collect();
    let _ = writeln!(
        s,
        "applications:                  # 三、{}；每行：{}",
        PARTS[2].1.simp,
        columns.join(", ")
    );
    let zeros = row([0; 6]);
    let _ = writeln!(s, "  received: {zeros}   # {}", lb::RECEIVED.simp);
    // 上年结转 is last year's 结转下年度; until the results are entered those cases are
    // still open, so 结转下年度 starts equal to it and the 勾稽关系 holds.
    let (over, over_note) = match previous {
        Some(p) => (
            carried(&p.applications.carried_forward),
            format!("（接{}年报告的“结转下年度继续办理”）", year - 1),
        ),
        None => (zeros.clone(), String::new()),
    };
    let _ = writeln!(
        s,
        "  carried_over: {over}   # {}{over_note}",
        lb::CARRIED_OVER.simp
    );
    write_results(&mut s, format, |s, indent, i| {
        let d = &RESULT_ROWS[i];
        let _ = writeln!(s, "{indent}{}: {zeros}   # {}", d.key, d.label.simp);
    });
    let _ = writeln!(
        s,
        "  carried_forward: {over}   # {}",
        lb::CARRIED_FORWARD.simp
    );
    let cases: Vec<&str> = CASE_COLUMNS.iter().map(|c| c.simp).collect();
    let cases = cases.join(", ");
    let _ = writeln!(
        s,
        "review: [0, 0, 0, 0]   # 四、{}：{cases}",
        lb::REVIEW.simp
    );
    s.push_str("litigation:\n");
    let _ = writeln!(
        s,
        "  direct: [0, 0, 0, 0]   # {}·{}",
        lb::LITIGATION.simp,
        lb::LITIGATION_DIRECT.simp
    );
    let _ = writeln!(
        s,
        "  after_review: [0, 0, 0, 0]   # {}·{}",
        lb::LITIGATION.simp,
        lb::LITIGATION_AFTER_REVIEW.simp
    );
    s.push_str("---\n\n");
    let basis = match format {
        Format::F2021 => "国办公开办函〔2021〕30号",
        Format::F2019 => "国办公开办函〔2019〕60号",
    };
    let _ = writeln!(
        s,
        "本报告根据《中华人民共和国政府信息公开条例》和{basis}的格式要求编制，所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n"
    );
    for ((numeral, label), prompt) in PARTS.iter().zip(PROMPTS) {
        let _ = writeln!(s, "## {numeral}、{}\n\n{prompt}\n", label.simp);
    }
    s
}

/// `results:` of 三、本年度办理结果 in the contract's order for `format`: the group keys with
/// their official labels, and `row(out, indent, i)` for each row (`i` indexes
/// [`RESULT_ROWS`]). Shared by `new` and `import`, so both write the rows the same way.
pub fn write_results(
    s: &mut String,
    format: Format,
    mut row: impl FnMut(&mut String, &str, usize),
) {
    let _ = writeln!(s, "  results:   # {}", lb::RESULTS.simp);
    let mut group = "";
    for (i, d) in RESULT_ROWS.iter().enumerate() {
        if !d.in_format(format) {
            continue;
        }
        if d.group != group {
            group = d.group;
            if let Some((key, label)) = RESULT_GROUPS.iter().find(|(k, _)| *k == group) {
                let _ = writeln!(s, "    {key}:   # {}", label.simp);
            }
        }
        let indent = if d.group.is_empty() { "    " } else { "      " };
        row(s, indent, i);
    }
}

/// Create a file that must not exist yet.
fn create_new(path: &Path, text: &str) -> Result<(), String> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("{} 已存在，不会覆盖", path.display())
            }
            _ => format!("无法创建 {}：{e}", path.display()),
        })?;
    f.write_all(text.as_bytes())
        .map_err(|e| format!("无法写入 {}：{e}", path.display()))
}

/// What `new` did: the files it wrote, and what the user should know about the rest.
#[derive(Debug, Default)]
pub struct Created {
    pub written: Vec<PathBuf>,
    pub notes: Vec<String>,
}

/// `nianbao new`: write `content/<agency>/<year>.md` (and the agency's `_index.md` when it is
/// new and `name` is given).
pub fn new_report(
    root: &Path,
    agency: &str,
    year: i32,
    name: Option<&str>,
    today: NaiveDate,
) -> Result<Created, String> {
    check_slug(agency)?;
    if !(crate::checks::FIRST_YEAR..=today.year()).contains(&year) {
        return Err(format!(
            "年度 {year} 不在 {}–{} 之间",
            crate::checks::FIRST_YEAR,
            today.year()
        ));
    }
    let content = root.join("content");
    if !root.join("site.toml").is_file() || !content.is_dir() {
        return Err(format!(
            "{} 不是门户根目录（没有 site.toml 和 content/）：在门户根目录运行，或用 --root 指定",
            root.display()
        ));
    }
    let dir = content.join(agency);
    // A linked agency folder may lead out of the portal: `new` writes only inside it.
    if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(format!(
            "{} 是一个链接，不会在链接指向的位置写入报告：请用门户中的实际目录",
            dir.display()
        ));
    }
    let path = dir.join(format!("{year}.md"));
    if path.exists() {
        return Err(format!("{} 已存在，不会覆盖", path.display()));
    }
    let mut created = Created::default();
    let index = dir.join("_index.md");
    if index.is_file() {
        if name.is_some() {
            created.notes.push(format!(
                "机构“{agency}”已存在，--name 未使用：要改机构全称，编辑 {} 的 name",
                index.display()
            ));
        }
    } else {
        let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
            return Err(format!(
                "机构“{agency}”还不存在：用 --name 给出机构全称来新建，如 nianbao new {agency} {year} --name 某某局"
            ));
        };
        std::fs::create_dir_all(&dir).map_err(|e| format!("无法创建 {}：{e}", dir.display()))?;
        let quoted = serde_json::to_string(name).unwrap_or_default();
        create_new(
            &index,
            &format!(
                "---\nname: {quoted}   # 机构全称\n# short_name:   # 简称（选填）\n# category:     # 分类（选填，首页按它分组）\n---\n"
            ),
        )?;
        created.written.push(index);
    }
    let previous_path = dir.join(format!("{}.md", year - 1));
    let (previous, _) = crate::content::reload_report(root, &previous_path);
    create_new(&path, &report_text(year, previous.as_ref()))?;
    created.written.push(path);
    Ok(created)
}

const INIT_SITE: &str = r#"title = "政府信息公开工作年度报告"
base_url = "https://www.example.gov.cn/nianbao/"   # 网站正式地址；子目录也可以
lang = "zh-CN"                                     # "zh-Hant" 以繁体显示官方标签
# owner = "某某市人民政府办公室"                      # 主办单位

# 政府网站必须标注的信息，显示在每页页脚
[footer]
# site_code = "0000000000"      # 网站标识码
# icp = "京ICP备00000000号"     # ICP备案号
# police = "京公网安备00000000000000号"   # 公安备案号
# contact = "联系电话：000-00000000"       # 联系方式
"#;

const INIT_HOME: &str = "---\ntitle: 首页\n---\n本栏目公开本地区各机关的政府信息公开工作年度报告，数据可按年度比较并下载。\n";

/// The folder of `init`'s sample agency: its name says what it is.
pub const SAMPLE_AGENCY: &str = "example";

const INIT_AGENCY: &str = "---\n# 这是 nianbao init 创建的示例机构，供参考写法；正式发布前删除整个 content/example 目录。\nname: 示例区水务局（示例）\ncategory: 示例\n---\n这是示例机构，报告数字均为虚构。正式发布前请删除 content/example 目录。\n";

/// A complete report that checks clean, for `init`.
fn example_report(year: i32, published: NaiveDate) -> String {
    format!(
        r#"---
year: {year}
format: 2021
published: {published}
index_no: 000000000/{next}-00001
proactive:
  regulations: {{issued: 0, repealed: 0, in_force: 0}}
  normative_documents: {{issued: 2, repealed: 1, in_force: 7}}
  licensing: 93
  punishment: 11
  coercion: 0
  fees: 0
applications:
  received: [7, 2, 0, 0, 1, 0]           # 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他
  carried_over: [1, 0, 0, 0, 0, 0]       # 上年结转（接上年报告的结转下年度继续办理）
  results:
    disclosed: [4, 1, 0, 0, 1, 0]
    partially_disclosed: [1, 0, 0, 0, 0, 0]
    withheld:
      third_party_rights: [1, 0, 0, 0, 0, 0]
    unable_to_provide:
      not_held: [1, 1, 0, 0, 0, 0]
    not_processed:
      repeated: [1, 0, 0, 0, 0, 0]
  carried_forward: [0, 0, 0, 0, 0, 0]
review: [1, 0, 0, 0]                     # 结果维持, 结果纠正, 其他结果, 尚未审结
litigation:
  direct: [0, 0, 0, 0]
  after_review: [0, 0, 0, 0]
---

本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号的格式要求编制，所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。

## 一、总体情况

**（一）主动公开情况。**本年度，区水务局在门户网站主动公开政府信息126条（示例数字）。

**（二）依申请公开情况。**全年共收到政府信息公开申请10件，上年结转1件，均已办结。

## 二、主动公开政府信息情况

## 三、收到和处理政府信息公开申请情况

## 四、政府信息公开行政复议、行政诉讼情况

全年发生行政复议1件，结果维持。

## 五、存在的主要问题及改进情况

一是政策解读形式较为单一；二是依申请公开答复文书有待规范。下一年度将逐项整改。

## 六、其他需要报告的事项

本年度，本机关未收取信息处理费。
"#,
        next = year + 1
    )
}

/// `nianbao init`: a new portal in `dir` (which must not exist or be empty) with one agency
/// and its report on last year. The default theme comes from the binary.
pub fn init(dir: &Path, today: NaiveDate, with_example: bool) -> Result<(), String> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(format!("{} 已存在且不是空目录，不会覆盖", dir.display()));
        }
    }
    let year = today.year() - 1;
    let published = NaiveDate::from_ymd_opt(year + 1, 1, 20).map_or(today, |d| d.min(today));
    let content = dir.join("content");
    std::fs::create_dir_all(&content)
        .map_err(|e| format!("无法创建 {}：{e}", content.display()))?;
    create_new(&dir.join("site.toml"), INIT_SITE)?;
    create_new(&content.join("_index.md"), INIT_HOME)?;
    if with_example {
        let agency = content.join(SAMPLE_AGENCY);
        std::fs::create_dir_all(&agency)
            .map_err(|e| format!("无法创建 {}：{e}", agency.display()))?;
        create_new(&agency.join("_index.md"), INIT_AGENCY)?;
        create_new(
            &agency.join(format!("{year}.md")),
            &example_report(year, published),
        )?;
    }
    create_new(&dir.join(".gitignore"), "/public/\n/.public.nianbao\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn agency_names_are_one_safe_path_segment_on_every_system() {
        for bad in [
            "..\\x", "a\\b", "C:\\x", "C:x", "../x", "a/b", ".git", "a b", "", "years", "Data",
        ] {
            assert!(super::check_slug(bad).is_err(), "{bad:?}");
        }
        for good in ["changxingdao", "shui-wu", "ju2"] {
            assert!(super::check_slug(good).is_ok(), "{good}");
        }
    }
}
