//! Portal-wide checks: S007 (duplicates), X004 (missing years), S014 (folder names), G001
//! (credit codes).

use std::collections::{BTreeSet, HashMap};

use chrono::Datelike;

use super::dates::FIRST_YEAR;
use super::{Context, Out};
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Rule};
use crate::model::Report;
use crate::source::Span;

pub fn check(site: &Site, ctx: Context) -> Vec<Diagnostic> {
    let mut all = duplicate_years(&site.reports);
    let years = site
        .reports
        .iter()
        .filter_map(|r| Some((r.agency.as_str(), r.the_year()?)));
    all.extend(across(site, ctx, years));
    all
}

/// S007: two reports for one agency and year. Looks only at the given reports (one
/// agency's, when the check streams agency by agency).
pub fn duplicate_years<'a>(reports: impl IntoIterator<Item = &'a Report>) -> Vec<Diagnostic> {
    let mut all = Vec::new();
    let mut first: HashMap<(&str, i32), &str> = HashMap::new();
    for r in reports {
        let Some(y) = r.the_year() else { continue };
        if let Some(other) = first.get(&(r.agency.as_str(), y)) {
            let mut out = Out::new(&r.file);
            out.push(
                out.at(
                    Rule::S007,
                    r.year.as_ref().map_or(Span::default(), |y| y.span),
                    format!("同一机构的{y}年度报告有两份：另一份是 {other}"),
                )
                .help("每个机构每年只能有一份报告；删除或合并其中一份"),
            );
            all.extend(out.items);
        } else {
            first.insert((r.agency.as_str(), y), &r.file.rel);
        }
    }
    all
}

/// The checks across agencies: S007 (two agencies, one name), X004, S014, G001. Of the
/// reports they read only which agency reported which year (`years`), so a streamed check
/// runs them after the reports themselves are gone.
pub fn across<'a>(
    site: &'a Site,
    ctx: Context,
    years: impl IntoIterator<Item = (&'a str, i32)>,
) -> Vec<Diagnostic> {
    let mut all = Vec::new();

    // S007: two agencies with one name.
    let mut names: HashMap<&str, &str> = HashMap::new();
    for a in &site.agencies {
        let Some(name) = &a.name else { continue };
        if let Some(other) = names.get(name.value.as_str()) {
            let mut out = Out::new(&a.file);
            out.push(
                out.at(
                    Rule::S007,
                    name.span,
                    format!("机构名称“{}”与 {other} 重复", name.value),
                )
                .help("同一机构只建一个文件夹；不同机构请写全称以区分"),
            );
            all.extend(out.items);
        } else {
            names.insert(&name.value, &a.file.rel);
        }
    }

    // X004: years without a report. Reports are grouped once, so this stays linear.
    // Only years a report can be about: a wild `year:` is S006, not a range to walk.
    let plausible = FIRST_YEAR..=ctx.today.year();
    let mut own_years: HashMap<&str, BTreeSet<i32>> = HashMap::new();
    for (agency, y) in years {
        if plausible.contains(&y) {
            own_years.entry(agency).or_default().insert(y);
        }
    }
    let years: BTreeSet<i32> = own_years.values().flatten().copied().collect();
    if let (Some(&lo), Some(&hi)) = (years.first(), years.last()) {
        let none = BTreeSet::new();
        for a in &site.agencies {
            let own = own_years.get(a.slug.as_str()).unwrap_or(&none);
            let since = a.since.as_ref().map(|s| s.value);
            let start = since.or_else(|| own.first().copied());
            let end = a.until.as_ref().map(|u| u.value).or(if since.is_some() {
                Some(hi)
            } else {
                own.last().copied()
            });
            let (Some(start), Some(end)) = (start, end) else {
                continue;
            };
            // The portal's years: from its first report to its latest.
            let missing: Vec<String> = (start.max(lo)..=end.min(hi))
                .filter(|y| !own.contains(y))
                .map(|y| y.to_string())
                .collect();
            if !missing.is_empty() {
                let span = a.since.as_ref().map_or(Span::point(0), |s| s.span);
                let mut out = Out::new(&a.file);
                out.push(
                    out.at(
                        Rule::X004,
                        span,
                        format!(
                            "{}缺少 {} 年度的报告",
                            a.name
                                .as_ref()
                                .map_or(a.slug.as_str(), |n| n.value.as_str()),
                            missing.join("、")
                        ),
                    )
                    .help(format!(
                        "用 nianbao new {} <年度> 补上；机构撤并后用 until 写明最后一个年度",
                        a.slug
                    )),
                );
                all.extend(out.items);
            }
        }
    }

    // S014: a folder name that is not plain ASCII becomes a percent-encoded URL.
    for a in &site.agencies {
        if a.slug.bytes().all(url_safe) {
            continue;
        }
        let encoded: String = a
            .slug
            .bytes()
            .map(|b| {
                if url_safe(b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        let mut out = Out::new(&a.file);
        out.push(
            out.at(
                Rule::S014,
                Span::new(0, 0),
                format!(
                    "机构目录名“{}”含有字母、数字、连字符以外的字符，网址中会转写为 {encoded}/",
                    a.slug
                ),
            )
            .help("可以使用，但建议改用拼音或英文缩写（如 shuiwu），网址更短、便于分享；改名后网址随之改变"),
        );
        all.extend(out.items);
    }

    // G001: 统一社会信用代码 check digit.
    for a in &site.agencies {
        let Some(code) = &a.credit_code else { continue };
        if let Err(why) = credit_code(&code.value) {
            let mut out = Out::new(&a.file);
            out.push(
                out.at(
                    Rule::G001,
                    code.span,
                    format!("统一社会信用代码“{}”{why}", code.value),
                )
                .help("按 GB 32100-2015 核对，18 位，第 18 位为校验码"),
            );
            all.extend(out.items);
        }
    }
    all
}

const CODE_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// GB 32100-2015: 18 characters from a 31-letter alphabet, the last a mod-31 check digit.
/// Bytes a URL path segment keeps as they are (RFC 3986 unreserved).
fn url_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

pub fn credit_code(code: &str) -> Result<(), String> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return Err(format!("应为 18 位，实际 {} 位", chars.len()));
    }
    let mut values = Vec::with_capacity(18);
    for c in &chars {
        match CODE_CHARS.find(*c) {
            Some(v) => values.push(v as u32),
            None => return Err(format!("含有不允许的字符“{c}”")),
        }
    }
    let sum: u32 = WEIGHTS.iter().zip(&values).map(|(w, v)| w * v).sum();
    let check = (31 - sum % 31) % 31;
    if values[17] == check {
        Ok(())
    } else {
        let expected = CODE_CHARS.as_bytes()[check as usize] as char;
        Err(format!("校验码不符：第 18 位应为“{expected}”"))
    }
}

#[cfg(test)]
mod tests {
    use super::credit_code;

    #[test]
    fn credit_code_check_digit() {
        // A published code (国务院办公厅).
        assert!(credit_code("11100000000013127D").is_ok());
        assert!(credit_code("11100000000013127E").is_err());
        assert!(credit_code("1110000000001312").is_err());
        assert!(credit_code("11100000000013127I").is_err());
    }
}
