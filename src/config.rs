//! `site.toml`: portal settings (spec §2). Unknown keys are errors, as in reports.

use std::path::Path;
use std::sync::Arc;

use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Diagnostic, Rule, unknown_key};
use crate::model::labels::Script;
use crate::source::{SourceFile, Span};

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Footer {
    /// 网站标识码
    pub site_code: Option<String>,
    /// ICP备案号
    pub icp: Option<String>,
    /// 公安备案号
    pub police: Option<String>,
    pub contact: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    pub lang: String,
    pub script: Script,
    pub theme: String,
    pub output_dir: String,
    /// Keep raw HTML written inside Markdown (off: it is left out of the page).
    pub allow_html: bool,
    /// Files and folders of the output that are not nianbao's and stay through a rebuild
    /// (`CNAME`, `.git`, `uploads/`), relative to the output folder.
    pub keep: Vec<String>,
    /// 主办单位
    pub owner: Option<String>,
    /// The government website the portal belongs to (the `SiteName` meta tag of
    /// 《政府网站发展指引》); default `title`.
    pub site_name: Option<String>,
    /// The portal's column on that website (`ColumnName`); default 政府信息公开工作年度报告.
    pub column_name: Option<String>,
    pub footer: Footer,
    /// Month and day of the publication deadline in the year after the report's.
    pub deadline: (u32, u32),
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            base_url: String::new(),
            lang: "zh-CN".into(),
            script: Script::Simplified,
            theme: "default".into(),
            output_dir: "public".into(),
            allow_html: false,
            keep: Vec::new(),
            owner: None,
            site_name: None,
            column_name: None,
            footer: Footer::default(),
            deadline: (1, 31),
        }
    }
}

const TOP_KEYS: &[&str] = &[
    "title",
    "base_url",
    "lang",
    "theme",
    "output_dir",
    "allow_html",
    "keep",
    "owner",
    "site_name",
    "column_name",
    "footer",
    "deadline",
];
const FOOTER_KEYS: &[&str] = &["site_code", "icp", "police", "contact"];
const DEADLINE_KEYS: &[&str] = &["month_day"];

/// Why a `base_url` cannot be used, if it cannot: the same rule for `site.toml` and
/// `--base-url`.
pub fn base_url_problem(url: &str) -> Option<&'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(r) if r.is_empty() || r.starts_with('/') => Some("base_url 缺少网站的域名"),
        Some(r) if r.contains(char::is_whitespace) => Some("base_url 中不能有空格"),
        Some(_) => None,
        None if url.starts_with('/') && !url.starts_with("//") => None,
        None => Some("base_url 应以 https:// 或 http:// 开头（或以 / 开头的站内路径）"),
    }
}

/// The example address `init` writes and the bundled portal uses: a site built with it has
/// links that point nowhere once deployed.
pub fn is_placeholder_base_url(url: &str) -> bool {
    let host = url
        .split_once("://")
        .map_or("", |(_, r)| r.split('/').next().unwrap_or(""));
    host == "example.gov.cn" || host.ends_with(".example.gov.cn") || host.ends_with("example.com")
}

/// What a TOML syntax error means, in Chinese: the parser's English never reaches the user.
fn toml_problem(message: &str) -> &'static str {
    let m = message.to_ascii_lowercase();
    let known: [(&str, &str); 9] = [
        ("duplicate key", "同一个键写了两次"),
        ("expected `=`", "键后面缺少等号 ="),
        ("unterminated", "引号或括号没有闭合"),
        ("invalid string", "字符串写法不对：文字要用英文双引号括起来"),
        (
            "invalid basic string",
            "字符串写法不对：文字要用英文双引号括起来",
        ),
        ("invalid escape", "字符串中的反斜杠 \\ 要写成 \\\\"),
        ("invalid table header", "表名写法不对，应为 [表名]"),
        (
            "invalid key",
            "键名写法不对：只用英文字母、数字、下划线和连字符",
        ),
        ("expected newline", "一行只能写一个键值"),
    ];
    known
        .iter()
        .find(|(en, _)| m.contains(en))
        .map_or("语法错误", |(_, zh)| zh)
}

/// Read `site.toml` from `file`. Findings go to `diags`; `None` when it cannot be used at all.
pub fn parse(file: &Arc<SourceFile>, diags: &mut Vec<Diagnostic>) -> Option<Config> {
    let table = match DeTable::parse(&file.text) {
        Ok(t) => t,
        Err(e) => {
            let span = e
                .span()
                .map_or(Span::default(), |r| Span::new(r.start, r.end));
            diags.push(
                Diagnostic::new(
                    Rule::S001,
                    file,
                    span,
                    format!("site.toml 不是有效的 TOML：{}", toml_problem(e.message())),
                )
                .help("检查引号、等号和 [表名] 是否写对"),
            );
            return None;
        }
    };
    let mut cfg = Config::default();
    let mut title = None;
    let mut base_url = None;
    let string = |diags: &mut Vec<Diagnostic>, key: &str, v: &toml::Spanned<DeValue>| {
        let span = Span::new(v.span().start, v.span().end);
        match v.get_ref().as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                diags.push(Diagnostic::new(
                    Rule::S003,
                    file,
                    span,
                    format!("site.toml 的 {key} 应为字符串（用引号括起来）"),
                ));
                None
            }
        }
    };
    for (key, value) in table.get_ref() {
        let k = key.get_ref().as_ref();
        let kspan = Span::new(key.span().start, key.span().end);
        match k {
            "title" => title = string(diags, k, value),
            "base_url" => {
                base_url = string(diags, k, value);
                if let Some(problem) = base_url.as_deref().and_then(base_url_problem) {
                    diags.push(
                        Diagnostic::new(
                            Rule::S003,
                            file,
                            Span::new(value.span().start, value.span().end),
                            problem,
                        )
                        .help("例如 base_url = \"https://www.example.gov.cn/nianbao/\""),
                    );
                }
            }
            "lang" => {
                if let Some(l) = string(diags, k, value) {
                    match l.as_str() {
                        "zh-CN" | "zh-Hans" | "zh" => cfg.script = Script::Simplified,
                        "zh-Hant" | "zh-TW" | "zh-HK" | "zh-MO" => cfg.script = Script::Traditional,
                        _ => diags.push(
                            Diagnostic::new(
                                Rule::S003,
                                file,
                                Span::new(value.span().start, value.span().end),
                                format!("不支持的语言“{l}”"),
                            )
                            .help("lang 可为 \"zh-CN\"（简体）或 \"zh-Hant\"（繁体）"),
                        ),
                    }
                    cfg.lang = l;
                }
            }
            "theme" => cfg.theme = string(diags, k, value).unwrap_or(cfg.theme),
            "output_dir" => cfg.output_dir = string(diags, k, value).unwrap_or(cfg.output_dir),
            "allow_html" => match value.get_ref().as_bool() {
                Some(b) => cfg.allow_html = b,
                None => diags.push(Diagnostic::new(
                    Rule::S003,
                    file,
                    Span::new(value.span().start, value.span().end),
                    "allow_html 只能是 true 或 false",
                )),
            },
            "keep" => {
                let span = Span::new(value.span().start, value.span().end);
                let items = value.get_ref().as_array().map(|a| {
                    a.iter()
                        .map(|v| v.get_ref().as_str().map(str::to_string))
                        .collect::<Option<Vec<String>>>()
                });
                match items {
                    Some(Some(list))
                        if list.iter().all(|p| {
                            !p.is_empty()
                                && !p.starts_with('/')
                                && !p.split(['/', '\\']).any(|s| s == "..")
                        }) =>
                    {
                        cfg.keep = list
                            .into_iter()
                            .map(|p| p.trim_end_matches('/').to_string())
                            .collect();
                    }
                    _ => diags.push(
                        Diagnostic::new(
                            Rule::S003,
                            file,
                            span,
                            "keep 应为输出目录中的相对路径列表",
                        )
                        .help("例如 keep = [\"CNAME\", \".git\", \"uploads/\"]"),
                    ),
                }
            }
            "owner" => cfg.owner = string(diags, k, value),
            "site_name" => cfg.site_name = string(diags, k, value),
            "column_name" => cfg.column_name = string(diags, k, value),
            "footer" | "deadline" => {
                let Some(t) = value.get_ref().as_table() else {
                    diags.push(Diagnostic::new(
                        Rule::S003,
                        file,
                        kspan,
                        format!("{k} 应为一个表：[{k}]"),
                    ));
                    continue;
                };
                let allowed = if k == "footer" {
                    FOOTER_KEYS
                } else {
                    DEADLINE_KEYS
                };
                for (fk, fv) in t {
                    let name = fk.get_ref().as_ref();
                    let fspan = Span::new(fk.span().start, fk.span().end);
                    match (k, name) {
                        ("footer", "site_code") => cfg.footer.site_code = string(diags, name, fv),
                        ("footer", "icp") => cfg.footer.icp = string(diags, name, fv),
                        ("footer", "police") => cfg.footer.police = string(diags, name, fv),
                        ("footer", "contact") => cfg.footer.contact = string(diags, name, fv),
                        ("deadline", "month_day") => {
                            if let Some(md) = string(diags, name, fv) {
                                match parse_month_day(&md) {
                                    Some(d) => cfg.deadline = d,
                                    None => diags.push(
                                        Diagnostic::new(
                                            Rule::S003,
                                            file,
                                            Span::new(fv.span().start, fv.span().end),
                                            format!("发布期限“{md}”不是有效的月-日"),
                                        )
                                        .help("写成 \"01-31\" 这样的 MM-DD"),
                                    ),
                                }
                            }
                        }
                        _ => diags.push(unknown_key(
                            file,
                            fspan,
                            name,
                            &format!("site.toml 的 [{k}] "),
                            allowed,
                        )),
                    }
                }
            }
            _ => diags.push(unknown_key(file, kspan, k, "site.toml ", TOP_KEYS)),
        }
    }
    for (field, value) in [("title", &title), ("base_url", &base_url)] {
        if value.is_none() {
            diags.push(
                Diagnostic::new(
                    Rule::S005,
                    file,
                    Span::default(),
                    format!("site.toml 缺少必填项 {field}"),
                )
                .help(format!("加上一行 {field} = \"…\"")),
            );
        }
    }
    cfg.title = title.unwrap_or_default();
    cfg.base_url = base_url.unwrap_or_default();
    Some(cfg)
}

fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

/// The path of the settings file under a portal root.
pub fn path(root: &Path) -> std::path::PathBuf {
    root.join("site.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Option<Config>, Vec<Diagnostic>) {
        let f = Arc::new(SourceFile::new(
            "site.toml".into(),
            "site.toml".into(),
            text.into(),
        ));
        let mut d = Vec::new();
        (parse(&f, &mut d), d)
    }

    #[test]
    fn reads_settings_and_refuses_unknown_keys() {
        let (c, d) = run(
            "title = \"门户\"\nbase_url = \"https://a.gov.cn/\"\nlang = \"zh-Hant\"\n[deadline]\nmonth_day = \"02-28\"\n",
        );
        assert!(d.is_empty());
        let c = c.unwrap();
        assert_eq!(c.script, Script::Traditional);
        assert_eq!(c.deadline, (2, 28));
        let (_, d) = run("titel = \"门户\"\nbase_url = \"https://a.gov.cn/\"\n");
        assert_eq!(d[0].rule, Rule::S002);
        assert_eq!(d[0].label.as_deref(), Some("是否想写“title”？"));
        assert_eq!(d[1].rule, Rule::S005);
    }

    #[test]
    fn base_urls_are_checked_alike_wherever_they_come_from() {
        assert_eq!(
            super::base_url_problem("https://www.xx.gov.cn/xxgk/ndbg/"),
            None
        );
        assert_eq!(super::base_url_problem("/xxgk/ndbg/"), None);
        for bad in [
            "www.xx.gov.cn/xxgk/ndbg/",
            "https://",
            "//x.gov.cn/",
            "https:///a/",
        ] {
            assert!(super::base_url_problem(bad).is_some(), "{bad}");
        }
        assert!(super::is_placeholder_base_url(
            "https://www.example.gov.cn/nianbao/"
        ));
        assert!(!super::is_placeholder_base_url(
            "https://www.dl.gov.cn/nianbao/"
        ));
    }

    #[test]
    fn toml_syntax_errors_are_explained_in_chinese() {
        for text in [
            "title = \"x\nbase_url = \"https://a.gov.cn/\"\n",
            "title \"x\"\n",
            "title = \"a\"\ntitle = \"b\"\n",
            "[footer\n",
            "title = \"a\" base_url = \"b\"\n",
        ] {
            let (_, d) = run(text);
            let msg = &d.first().expect("a finding").message;
            assert!(msg.starts_with("site.toml 不是有效的 TOML："), "{msg}");
            assert!(
                !msg.chars().any(|c| c.is_ascii_alphabetic()) || msg.contains("TOML"),
                "{msg}"
            );
            assert!(!msg.to_ascii_lowercase().contains("expected"), "{msg}");
        }
    }
}
