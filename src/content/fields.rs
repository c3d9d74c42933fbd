//! Reading typed values out of the YAML tree, one finding per bad value, pointing at it.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::diagnostics::{Diagnostic, Rule, unknown_key};
use crate::model::labels::RowName;
use crate::model::{Money, MoneyError, Row, RowForm};
use crate::source::{SourceFile, Span, Spanned};
use crate::yaml::Node;

/// Counts above this are typing accidents, and keep every sum far from overflow.
const MAX_COUNT: u64 = 1_000_000_000_000;

pub struct Fields<'a> {
    pub file: &'a Arc<SourceFile>,
    pub diags: &'a mut Vec<Diagnostic>,
}

pub type Entries<'a> = [(Node<'a>, Node<'a>)];

/// A key written with nothing after it (`licensing:`), as opposed to `~` or `null`.
pub fn blank(node: &Node) -> bool {
    matches!(node.as_scalar(), Some(("", true)))
}

pub fn get<'n, 'a>(entries: &'n Entries<'a>, key: &str) -> Option<&'n (Node<'a>, Node<'a>)> {
    entries.iter().find(|(k, _)| k.key_str() == key)
}

impl Fields<'_> {
    /// A finding in this file, to add a label or help to and then [`Fields::push`].
    pub fn at(&self, rule: Rule, span: Span, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::new(rule, self.file, span, msg)
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// A mapping, or `None` (with S003) for anything else; `null` counts as an empty mapping.
    pub fn map<'n, 'a>(
        &mut self,
        node: &'n Node<'a>,
        what: &str,
        example: &str,
    ) -> Option<&'n Entries<'a>> {
        if node.is_null() {
            return Some(&[]);
        }
        match node.as_map() {
            Some(m) => Some(m),
            None => {
                let mut d = self.at(
                    Rule::S003,
                    node.span,
                    format!("{what}应为键值表，实际是{}", node.kind_zh()),
                );
                d = d.help(format!("写法如：{example}"));
                self.push(d);
                None
            }
        }
    }

    /// S002 for keys not in `allowed`; S003 for keys that belong to the other format. Returns
    /// the allowed keys that unknown keys were probably meant as (misspellings).
    pub fn check_keys<'k>(
        &mut self,
        entries: &Entries<'_>,
        context: &str,
        allowed: &[&'k str],
        foreign: &[(&str, &str)],
    ) -> Vec<&'k str> {
        let mut meant = Vec::new();
        for (k, v) in entries {
            let key = k.key_str();
            if allowed.contains(&key) {
                continue;
            }
            if let Some((_, why)) = foreign.iter().find(|(f, _)| *f == key) {
                let mut d = self.at(Rule::S003, k.span, format!("{context}的“{key}”{why}"));
                d = d.label("不属于本报告的格式");
                d = d.help(
                    "格式由 format 决定：2021年及以后的报告用 format: 2021，2019、2020年的报告用 format: 2019",
                );
                self.push(d);
                continue;
            }
            match crate::diagnostics::nearest(key, allowed.iter().copied()) {
                Some(m) => meant.push(m),
                // A table under a key close to none: it may be any row left out.
                None if v.as_scalar().is_none() => meant.push("*"),
                None => {}
            }
            let d = unknown_key(self.file, k.span, key, context, allowed);
            self.diags.push(d);
        }
        meant
    }

    /// S013 for every key under `entries` written with nothing after it (`licensing:`).
    pub fn blanks(&mut self, entries: &Entries<'_>) {
        for (k, v) in entries {
            if blank(v) {
                let key = k.key_str();
                self.push(
                    self.at(Rule::S013, k.span, format!("“{key}”后面没有填写数值"))
                        .label("空值")
                        .help("没有发生的写 0；确实无法取得的数据写 null，并在正文中说明原因"),
                );
            } else if let Some(m) = v.as_map() {
                self.blanks(m);
            }
        }
    }

    /// `what` names the value in a finding; it is only built when there is one.
    fn plain_int(&mut self, node: &Node, what: &dyn Fn() -> String, signed: bool) -> Option<i64> {
        // Fast path: a plain run of digits, as nearly every value is.
        if let Some((t, true)) = node.as_scalar()
            && !t.is_empty()
            && t.len() <= 12
            && t.bytes().all(|b| b.is_ascii_digit())
        {
            return t.parse().ok();
        }
        let what = what();
        let (text, plain) = node.as_scalar().unwrap_or(("", false));
        let t = text.trim();
        let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
        let is_int = node.as_scalar().is_some()
            && !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit());
        if !is_int {
            if let Some(typed) = as_typed(t, false) {
                self.push(typed.finding(self, node.span, &what));
                return None;
            }
            let looks_fraction = Money::parse(digits).is_ok() && digits.contains('.');
            let msg = if looks_fraction {
                format!("{what}是件数，应为整数，不能是小数“{t}”")
            } else {
                format!("{what}应为整数，实际是{}“{}”", node.kind_zh(), shorten(t))
            };
            let mut d = self.at(Rule::S003, node.span, msg);
            d = d.label("应为整数");
            if !plain && is_int_text(digits) {
                d = d.help("去掉引号");
            }
            self.push(d);
            return None;
        }
        if !plain {
            let mut d = self.at(
                Rule::S003,
                node.span,
                format!("{what}应为整数，不是带引号的文本“{t}”"),
            );
            d = d.help("去掉引号");
            self.push(d);
            return None;
        }
        let Ok(value) = t.trim_start_matches('+').parse::<i64>() else {
            self.push(self.at(Rule::S003, node.span, format!("{what}数值过大：{t}")));
            return None;
        };
        if value.unsigned_abs() > MAX_COUNT {
            self.push(self.at(Rule::S003, node.span, format!("{what}数值过大：{t}")));
            return None;
        }
        if value < 0 && !signed {
            let mut d = self.at(
                Rule::S004,
                node.span,
                format!("{what}不能为负数（{value}）"),
            );
            d = d.label("件数不能为负");
            self.push(d);
            return None;
        }
        Some(value)
    }

    /// A non-negative count; `None` for `null` (a blank cell) or after a finding.
    pub fn count(&mut self, node: &Node, what: &str) -> Option<Spanned<u64>> {
        if node.is_null() {
            return None;
        }
        self.count_with(node, &|| what.to_string())
    }

    /// [`Fields::count`] with a name built only when needed.
    pub fn count_with(&mut self, node: &Node, what: &dyn Fn() -> String) -> Option<Spanned<u64>> {
        if node.is_null() {
            return None;
        }
        self.plain_int(node, what, false)
            .map(|v| Spanned::new(v as u64, node.span))
    }

    /// A signed count (2019 本年增/减).
    pub fn change(&mut self, node: &Node, what: &str) -> Option<Spanned<i64>> {
        if node.is_null() {
            return None;
        }
        self.plain_int(node, &|| what.to_string(), true)
            .map(|v| Spanned::new(v, node.span))
    }

    /// An amount held exactly as written.
    pub fn money(&mut self, node: &Node, what: &str) -> Option<Spanned<Money>> {
        if node.is_null() {
            return None;
        }
        let Some((text, _)) = node.as_scalar() else {
            self.push(self.at(
                Rule::S003,
                node.span,
                format!("{what}应为金额，实际是{}", node.kind_zh()),
            ));
            return None;
        };
        match Money::parse(text) {
            Ok(m) => Some(Spanned::new(m, node.span)),
            Err(MoneyError::Negative) => {
                self.push(self.at(
                    Rule::S004,
                    node.span,
                    format!("{what}不能为负数（{}）", text.trim()),
                ));
                None
            }
            Err(MoneyError::TooPrecise(n)) => {
                let mut d = self.at(
                    Rule::S009,
                    node.span,
                    format!(
                        "{what}“{}”有 {n} 位小数，最多 6 位（万元精确到分）",
                        text.trim()
                    ),
                );
                d = d.label("小数位过多");
                self.push(d);
                None
            }
            Err(MoneyError::NotANumber) if as_typed(text.trim(), true).is_some() => {
                if let Some(typed) = as_typed(text.trim(), true) {
                    self.push(typed.finding(self, node.span, what));
                }
                None
            }
            Err(MoneyError::NotANumber) => {
                let mut d = self.at(
                    Rule::S003,
                    node.span,
                    format!("{what}应为以万元计的金额，实际是“{}”", shorten(text)),
                );
                d = d.help("只写数字，如 1227.49；不要写单位、逗号或科学计数法");
                self.push(d);
                None
            }
        }
    }

    /// A single-line text value (numbers are accepted as their text).
    pub fn text(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
        if node.is_null() {
            return None;
        }
        match node.as_scalar() {
            Some((t, _)) => Some(Spanned::new(t.trim().to_string(), node.span)),
            None => {
                self.push(self.at(
                    Rule::S003,
                    node.span,
                    format!("{what}应为文字，实际是{}", node.kind_zh()),
                ));
                None
            }
        }
    }

    pub fn boolean(&mut self, node: &Node, what: &str) -> Option<bool> {
        match node.as_scalar() {
            Some(("true", true)) => Some(true),
            Some(("false", true)) => Some(false),
            _ => {
                let mut d = self.at(
                    Rule::S003,
                    node.span,
                    format!("{what}应为 true 或 false，实际是{}", node.kind_zh()),
                );
                d = d.help("只能写 true 或 false（不加引号）");
                self.push(d);
                None
            }
        }
    }

    pub fn year(&mut self, node: &Node, what: &str) -> Option<Spanned<i32>> {
        let v = self.plain_int(node, &|| what.to_string(), false)?;
        match i32::try_from(v) {
            Ok(y) => Some(Spanned::new(y, node.span)),
            Err(_) => {
                self.push(self.at(Rule::S003, node.span, format!("{what}不是年份：{v}")));
                None
            }
        }
    }

    pub fn date(&mut self, node: &Node, what: &str) -> Option<Spanned<NaiveDate>> {
        if node.is_null() {
            return None;
        }
        let text = node.as_scalar().map(|(t, _)| t.trim()).unwrap_or("");
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) if text.len() == 10 => Some(Spanned::new(d, node.span)),
            _ => {
                let mut d = self.at(
                    Rule::S003,
                    node.span,
                    format!("{what}“{}”不是有效日期", shorten(text)),
                );
                d = d.help("日期写成 YYYY-MM-DD，如 2024-01-22");
                self.push(d);
                None
            }
        }
    }

    /// A table row of N cells: a list of N (or N + 1 with the stated 总计), a bare 总计, or
    /// nothing (all zeros). `key` locates a row that was not written.
    pub fn row<const N: usize>(&mut self, node: Option<&Node>, key: Span, what: RowName) -> Row<N> {
        let mut row = Row::<N> {
            span: key,
            ..Default::default()
        };
        if node.is_some_and(blank) {
            // Nothing written (S013 says so): unknown, not zero.
            row.form = RowForm::Invalid;
            return row;
        }
        let Some(node) = node.filter(|n| !n.is_null()) else {
            return row;
        };
        row.span = node.span;
        if node.as_scalar().is_some() {
            row.form = RowForm::Invalid;
            if let Some(total) = self.count_with(node, &|| format!("{what}的总计")) {
                row.form = RowForm::TotalOnly;
                row.stated_total = Some(total);
            }
            return row;
        }
        let Some(items) = node.as_seq() else {
            row.form = RowForm::Invalid;
            let mut d = self.at(
                Rule::S003,
                node.span,
                format!("{what}应为 {N} 个数的列表，实际是{}", node.kind_zh()),
            );
            d = d.help(format!("写法如：[{}]", vec!["0"; N].join(", ")));
            self.push(d);
            return row;
        };
        if let Some(d) = thousands_in_row(self, node, items, &what) {
            // `[1,234, 1, 0, 0, 0]` reads as the cells 1 and 234: no figure of it is certain.
            row.form = RowForm::Invalid;
            self.push(d);
            return row;
        }
        if items.len() != N && items.len() != N + 1 {
            row.form = RowForm::Invalid;
            let mut d = self.at(
                Rule::S003,
                node.span,
                format!(
                    "{what}应有 {N} 个数（或 {} 个，最后一个为总计），实际有 {} 个",
                    N + 1,
                    items.len()
                ),
            );
            d = d.label(format!("{} 个数", items.len()));
            d = d.help(if N == 6 {
                "顺序为：自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他[, 总计]；空白单元格写 null".to_string()
            } else {
                "顺序为：结果维持, 结果纠正, 其他结果, 尚未审结[, 总计]".into()
            });
            self.push(d);
            return row;
        }
        row.form = RowForm::Cells;
        let before = self.diags.len();
        for (i, item) in items.iter().take(N).enumerate() {
            let name = || format!("{what}“{}”栏", column_label::<N>(i));
            row.cells[i] = self.count_with(item, &name).map(|c| c.value);
            row.cell_spans[i] = item.span;
        }
        if let Some(t) = items.get(N) {
            row.stated_total = self.count_with(t, &|| format!("{what}的总计"));
        }
        if self.diags.len() > before {
            row.form = RowForm::Invalid;
        }
        row
    }
}

/// The official name of column `i` of a row of N cells.
pub fn column_label<const N: usize>(i: usize) -> &'static str {
    use crate::model::labels::{APPLICANT_COLUMNS, CASE_COLUMNS};
    if N == 6 {
        APPLICANT_COLUMNS[i].simp
    } else {
        CASE_COLUMNS.get(i).map_or("", |l| l.simp)
    }
}

/// S003 for a thousands separator inside a flow row, `[1,234, 1, 0, 0, 0]`, which YAML reads
/// as two cells: a comma with no space after it, then exactly three digits and a comma or the
/// closing bracket, in a row whose other commas are followed by a space (a row written
/// without any spaces, `[100,200,300]`, is left as written).
fn thousands_in_row(
    f: &Fields,
    node: &Node,
    items: &[Node],
    what: &dyn std::fmt::Display,
) -> Option<Diagnostic> {
    let text = f.file.slice(node.span).as_bytes();
    // Nearly every row: no comma directly followed by a digit.
    let tight =
        memchr::memchr_iter(b',', text).any(|i| text.get(i + 1).is_some_and(u8::is_ascii_digit));
    if !tight || text.first() != Some(&b'[') || memchr::memmem::find(text, b", ").is_none() {
        return None;
    }
    for pair in items.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let (Some((x, true)), Some((y, true))) = (a.as_scalar(), b.as_scalar()) else {
            continue;
        };
        let between = f.file.slice(Span::new(a.span.end, b.span.start));
        let after = f.file.text.as_bytes().get(b.span.end).copied();
        if between == ","
            && (1..=3).contains(&x.len())
            && !x.starts_with('0')
            && x.bytes().all(|c| c.is_ascii_digit())
            && y.len() == 3
            && y.bytes().all(|c| c.is_ascii_digit())
            && matches!(after, Some(b',' | b']'))
        {
            let written = format!("{x},{y}");
            return Some(
                f.at(
                    Rule::S003,
                    Span::new(a.span.start, b.span.end),
                    format!(
                        "{what}中的“{written}”被读成了两栏（{x} 和 {y}）：数字中不能写千位分隔符"
                    ),
                )
                .label(format!("应为 {x}{y}"))
                .help(format!("写成 {x}{y}；各栏之间用逗号加空格分隔")),
            );
        }
    }
    None
}

/// A number as people type it: full-width digits, thousands separators, a unit after it.
struct Typed {
    /// What is wrong, each in a few words.
    why: Vec<&'static str>,
    /// The number as it should be written, when that is certain.
    fix: Option<String>,
    written: String,
}

impl Typed {
    fn finding(&self, f: &Fields, span: Span, what: &str) -> Diagnostic {
        let d = f.at(
            Rule::S003,
            span,
            format!(
                "{what}写成了“{}”：{}",
                shorten(&self.written),
                self.why.join("，")
            ),
        );
        match &self.fix {
            Some(fix) => d.label(format!("应为 {fix}")).help(format!("写成 {fix}")),
            None => d.help("按万元换算后只写数字，如 1.2 万元写 1.2"),
        }
    }
}

/// Read `t` as a number typed with full-width digits, thousands separators or a unit
/// (`４５`, `1,234`, `45件`, `12.5万元`); `None` when it is none of these.
fn as_typed(t: &str, money: bool) -> Option<Typed> {
    let mut why = Vec::new();
    let written = t;
    let t = match t.strip_suffix([',', '，', '。', ';', '；', '、']) {
        Some(rest)
            if rest.ends_with(|c: char| {
                c.is_ascii_digit() || ('０'..='９').contains(&c) || "件项个条次份元".contains(c)
            }) =>
        {
            rest
        }
        _ => t,
    };
    let mut n: String = t
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '，' => ',',
            _ => c,
        })
        .collect();
    if n != t {
        why.push("用了全角数字或符号，要用半角");
    }
    if t.len() < written.len() {
        why.push("数字后面不要加标点");
    }
    let mut yuan = false;
    for unit in ["万元", "元", "件", "项", "个", "条", "次", "份", "人次"] {
        if let Some(rest) = n.strip_suffix(unit)
            && rest.trim_end().ends_with(|c: char| c.is_ascii_digit())
        {
            yuan = unit == "元";
            why.push(match (money, yuan) {
                (true, true) => "单位是元，而这里以万元计",
                (true, false) => "不要写单位（金额以万元计）",
                _ => "不要写单位",
            });
            n = rest.trim_end().to_string();
            break;
        }
    }
    if n.contains(',') {
        let (int, frac) = n.split_once('.').unwrap_or((&n, ""));
        let groups: Vec<&str> = int.split(',').collect();
        let grouped = groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
            && frac.bytes().all(|b| b.is_ascii_digit());
        if !grouped {
            return None;
        }
        why.push("数字中不要写千位分隔符（逗号）");
        n = n.replace(',', "");
    }
    let (int, frac) = n.split_once('.').unwrap_or((&n, ""));
    let number = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && (money || frac.is_empty());
    if why.is_empty() || !number {
        return None;
    }
    // An amount in 元 is not one in 万元: the figure is not ours to convert.
    let fix = (!yuan).then_some(n);
    Some(Typed {
        why,
        fix,
        written: written.to_string(),
    })
}

fn is_int_text(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(30).collect();
    if s.chars().count() > 30 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::as_typed;

    #[test]
    fn numbers_as_people_type_them_get_their_fix() {
        for (typed, money, fix) in [
            ("４５", false, Some("45")),
            ("1,234", false, Some("1234")),
            ("１,２３４件", false, Some("1234")),
            ("45 件", false, Some("45")),
            ("1,227.49万元", true, Some("1227.49")),
            ("12．5", true, Some("12.5")),
            ("1200元", true, None),
            ("80，", false, Some("80")),
            ("45件。", false, Some("45")),
        ] {
            let t = as_typed(typed, money).unwrap_or_else(|| panic!("{typed}"));
            assert_eq!(t.fix.as_deref(), fix, "{typed}");
        }
        for typed in ["八十", "1,23", "12,3456", "abc", "45", "1.5件"] {
            assert!(as_typed(typed, false).is_none(), "{typed}");
        }
    }
}
