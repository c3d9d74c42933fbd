//! N-rules: the six parts of the narrative, and what the narrative says against the tables.

use std::sync::LazyLock;

use regex::Regex;

use super::Out;
use crate::diagnostics::Rule;
use crate::model::body::Loose;
use crate::model::labels::PARTS;
use crate::model::{Format, Report};
use crate::source::Span;

fn official(part: usize) -> String {
    format!("{}、{}", PARTS[part].0, PARTS[part].1.simp)
}

pub fn check(r: &Report, out: &mut Out) {
    parts(r, out);
    if let Some(year) = r.the_year() {
        period(r, year, out);
    }
    if r.data_ok {
        received(r, out);
        fee(r, out);
        upheld(r, out);
    }
}

fn parts(r: &Report, out: &mut Out) {
    let body = &r.body;
    // An empty file is one mistake (S001), not three missing parts as well.
    let empty_file = r.file.text.trim().is_empty();
    for part in [0, 4, 5].into_iter().filter(|_| !empty_file) {
        if body.part(part).is_none() {
            out.push(
                out.at(
                    Rule::N001,
                    Span::point(body.span.start),
                    format!("正文缺少第{}部分“{}”", PARTS[part].0, official(part)),
                )
                .help(format!("加上二级标题：## {}", official(part))),
            );
        }
    }
    let mut highest: Option<usize> = None;
    let mut last_heading: Option<&str> = None;
    let mut seen = [false; 6];
    for s in &body.sections {
        match s.part {
            None => {
                out.push(
                    out.at(
                        Rule::N002,
                        s.heading_span,
                        format!(
                            "“{}”不是年度报告规定的六个部分之一，页面上将保留在{}",
                            s.heading,
                            last_heading
                                .map_or("正文开头".to_string(), |h| format!("“{h}”之后"))
                        ),
                    )
                    .label("非规定部分")
                    .help(
                        "规定的六个部分：一、总体情况 … 六、其他需要报告的事项；下级标题请用 ###",
                    ),
                );
            }
            Some(p) if s.loose.is_some() => {
                let how = match s.loose {
                    Some(Loose::Bold) => "是加粗的段落",
                    Some(Loose::Bare) => "是单独一行的普通文字",
                    _ => "的 # 号写法不对",
                };
                out.push(
                    out.at(
                        Rule::N002,
                        s.heading_span,
                        format!(
                            "第{}部分的标题“{}”{how}，不是二级标题（已按第{}部分读取）",
                            PARTS[p].0, s.heading, PARTS[p].0
                        ),
                    )
                    .label("应为二级标题")
                    .help(format!(
                        "改为：## {}（行首两个 #，后面一个空格）",
                        official(p)
                    )),
                );
                seen[p] = true;
                highest = highest.max(Some(p));
            }
            Some(p) => {
                if seen[p] {
                    out.push(
                        out.at(
                            Rule::N002,
                            s.heading_span,
                            format!("第{}部分“{}”出现了两次", PARTS[p].0, official(p)),
                        )
                        .label("重复的部分"),
                    );
                } else if highest.is_some_and(|h| p < h) {
                    out.push(
                        out.at(
                            Rule::N002,
                            s.heading_span,
                            format!(
                                "第{}部分“{}”排在了第{}部分之后，顺序不对（页面按规定顺序显示）",
                                PARTS[p].0,
                                official(p),
                                PARTS[highest.unwrap_or(0)].0
                            ),
                        )
                        .label("顺序不对"),
                    );
                } else if !s.wording_is_official() {
                    out.push(
                        out.at(
                            Rule::N002,
                            s.heading_span,
                            format!(
                                "标题“{}”与规定用语“{}”不一致（页面显示规定用语）",
                                s.heading,
                                official(p)
                            ),
                        )
                        .label("改动了规定用语")
                        .help(format!("改为：## {}", official(p))),
                    );
                }
                seen[p] = true;
                highest = highest.max(Some(p));
            }
        }
        last_heading = Some(&s.heading);
    }
}

static PERIOD_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:统计期限|统计时限|统计时间|统计区间|统计周期|起止时间|时间范围)[^。；;，,\n]{0,40}",
    )
    .expect("valid regex")
});
static PERIOD_SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})\s*年\s*0?1\s*月\s*0?1\s*日\s*起?\s*(?:至|到|—|－|-|~|～)\s*([0-9]{4})\s*年\s*12\s*月\s*31\s*日")
        .expect("valid regex")
});
static REPORT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})\s*年度?政府信息公开(?:工作)?年度报告").expect("valid regex")
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([0-9]{4})\s*年").expect("valid regex"));

/// N003: a statistics period, or the report's own title, naming another year. One finding
/// per statement, at its first wrong year.
fn period(r: &Report, year: i32, out: &mut Out) {
    let text = r.file.slice(r.body.span);
    let base = r.body.span.start;
    // (statement range, wrong year's range, what the statement is)
    let mut found: Vec<(std::ops::Range<usize>, std::ops::Range<usize>, &str)> = Vec::new();
    let wrong = |s: &str| s.parse::<i32>().ok() != Some(year);
    for m in PERIOD_WORDS.find_iter(text) {
        if let Some(g) = YEAR
            .captures_iter(m.as_str())
            .filter_map(|c| c.get(1))
            .find(|g| wrong(g.as_str()))
        {
            let at = m.start() + g.start();
            found.push((m.range(), at..at + g.len(), "统计期限"));
        }
    }
    // These two patterns end in fixed words: search for the words (fast), then match the
    // pattern in a short window before them.
    // A report title naming another year counts only before the first part (where the
    // report names itself); later, 《2021年…年度报告》 is a reference to another report.
    let preface_len = r.body.preface.end.saturating_sub(base).min(text.len());
    for (re, what, anchor) in [
        (&*PERIOD_SPAN, "统计期限", "12月31日"),
        (&*REPORT_TITLE, "报告名称", "年度报告"),
    ] {
        for hit in memchr::memmem::find_iter(text.as_bytes(), anchor) {
            if what == "报告名称" && hit >= preface_len {
                break;
            }
            let mut from = hit.saturating_sub(90);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let window_end = hit + anchor.len();
            let Some(c) = re.captures(&text[from..window_end]) else {
                continue;
            };
            let whole = c.get(0).expect("group 0").range();
            let whole = from + whole.start..from + whole.end;
            if text[..whole.start].ends_with('《') {
                continue;
            }
            let overlaps = found
                .iter()
                .any(|(s, _, _)| s.start < whole.end && whole.start < s.end);
            if overlaps {
                continue;
            }
            let bad = [c.get(1), c.get(2)]
                .into_iter()
                .flatten()
                .find(|g| wrong(g.as_str()));
            if let Some(g) = bad {
                found.push((whole, from + g.start()..from + g.end(), what));
            }
        }
    }
    if let Some(title) = &r.title
        && let Some(y) = YEAR.captures(&title.value).and_then(|c| c.get(1))
        && wrong(y.as_str())
    {
        out.push(
            out.at(
                Rule::N003,
                title.span,
                format!("标题写的是{}年，而本报告是{year}年度报告", y.as_str()),
            )
            .label(format!("应为{year}年")),
        );
    }
    for (_, at, what) in found {
        let written = &text[at.clone()];
        out.push(
            out.at(
                Rule::N003,
                Span::new(base + at.start, base + at.end),
                format!("正文的{what}写的是{written}年，而本报告是{year}年度报告"),
            )
            .label(format!("应为{year}年")),
        );
    }
}

static RECEIVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:收到|受理|新收)([^。；;，,、\n]{0,24}?)申请[^。；;，,\n0-9]{0,4}?([0-9]+)\s*件")
        .expect("valid regex")
});

/// N004: the narrative's count of applications received against the table.
fn received(r: &Report, out: &mut Out) {
    let Some(table) = r.applications.received.total() else {
        return;
    };
    let text = r.file.slice(r.body.span);
    for c in RECEIVED.captures_iter(text) {
        // 收到行政复议申请… counts appeals, not disclosure applications.
        let between = c.get(1).map_or("", |m| m.as_str());
        if ["复议", "诉讼", "投诉", "举报"]
            .iter()
            .any(|w| between.contains(w))
        {
            continue;
        }
        let Some(g) = c.get(2) else { continue };
        let Ok(n) = g.as_str().parse::<u64>() else {
            continue;
        };
        if n != table {
            let at = r.body.span.start + g.start();
            out.push(out.at(
                Rule::N004,
                Span::new(at, at + g.len()),
                format!(
                    "正文说收到申请 {n} 件，但表格“一、本年新收政府信息公开申请数量”为 {table} 件"
                ),
            )
            .label(format!("表格为 {table} 件"))
            .help("若正文把上年结转也计入，请写明“新收 … 件，上年结转 … 件”"));
            return;
        }
    }
}

/// N005: format 2021 asks part 六 to state the 信息处理费 charged, or that none was.
fn fee(r: &Report, out: &mut Out) {
    if r.format != Format::F2021 {
        return;
    }
    let Some(six) = r.body.part(5) else { return };
    let text = r.file.slice(six.content);
    let stated = text.contains("处理费")
        || text.contains("處理費")
        || ((text.contains("收取") || text.contains("收费")) && text.contains("费用"));
    if !stated {
        out.push(
            out.at(
                Rule::N005,
                six.heading_span,
                "第六部分没有说明信息处理费的收取情况（2021年版格式要求写明收取了多少或未收取）",
            )
            .help("例如：“本年度未收取信息处理费。”"),
        );
    }
}

static ALL_UPHELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "均获维持|均被维持|均予维持|均予以维持|全部维持|全部被维持|零败诉|无败诉|未被纠错|未被纠正",
    )
    .expect("valid regex")
});

/// N006: "every case upheld" against 结果纠正 or 尚未审结 cases in the table.
fn upheld(r: &Report, out: &mut Out) {
    let rows = [&r.review, &r.litigation_direct, &r.litigation_after_review];
    let corrected: u64 = rows.iter().filter_map(|x| x.cell(1)).sum();
    let pending: u64 = rows.iter().filter_map(|x| x.cell(3)).sum();
    if corrected + pending == 0 {
        return;
    }
    let text = r.file.slice(r.body.span);
    if let Some(m) = ALL_UPHELD.find(text) {
        let phrase = m.as_str();
        {
            let at = r.body.span.start + m.start();
            out.push(
                out.at(
                    Rule::N006,
                    Span::new(at, at + phrase.len()),
                    format!(
                        "正文说“{phrase}”，但表格中有结果纠正 {corrected} 件、尚未审结 {pending} 件"
                    ),
                )
                .label("与表格不符"),
            );
        }
    }
}
