//! Reading files as text (UTF-8 with or without BOM, CRLF) and splitting off the front matter.
//! Anything that is not text we can read becomes a finding, never a panic.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Rule};
use crate::source::{SourceFile, Span};

/// A report is about 8 KB; anything this large is not one (and is not worth parsing).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Read `path` as UTF-8 text. On failure the file is still returned (with what could be
/// shown of it) inside the finding.
pub fn read_source(path: &Path, rel: String) -> Result<Arc<SourceFile>, Diagnostic> {
    let bad = |text: String, at: usize, rule: Rule, msg: String, help: &str| {
        let f = Arc::new(SourceFile::new(path.to_path_buf(), rel.clone(), text));
        Diagnostic::new(rule, &f, Span::point(at), msg).help(help.to_string())
    };
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_BYTES {
        return Err(bad(
            String::new(),
            0,
            Rule::S010,
            format!(
                "文件有 {:.1} MB，超过 {} MB 的上限，不像是一份年度报告",
                size as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
            "检查是否误把附件、图片或导出的数据放进了 content/ 目录",
        ));
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return Err(bad(
                String::new(),
                0,
                Rule::S011,
                format!("无法读取文件：{}", io_reason(&e)),
                "检查文件权限，或它是否是一个失效的链接",
            ));
        }
    };
    decode(bytes)
        .map(|text| Arc::new(SourceFile::new(path.to_path_buf(), rel.clone(), text)))
        .map_err(|(text, at, msg, help)| bad(text, at, Rule::S008, msg, help))
}

/// Why the system would not let us read something, in Chinese where the cause is common.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::PermissionDenied => "没有读取权限".to_string(),
        K::NotFound => "不存在（可能是失效的链接）".to_string(),
        K::NotADirectory => "不是目录".to_string(),
        K::IsADirectory => "是目录，不是文件".to_string(),
        _ => format!("{e}"),
    }
}

type DecodeError = (String, usize, String, &'static str);

const CONVERT_HELP: &str =
    "用编辑器“另存为 UTF-8”，或运行 iconv -f GB18030 -t UTF-8 原文件 > 新文件 后替换原文件";

/// Bytes to text: UTF-8, with its BOM removed. Says what else it looks like when it is not.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err((
            String::new(),
            0,
            "文件是 UTF-16 编码，nianbao 只读取 UTF-8".into(),
            "用编辑器“另存为 UTF-8”，或运行 iconv -f UTF-16 -t UTF-8 原文件 > 新文件",
        ));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        let shown = String::from_utf8_lossy(&bytes[..at]).into_owned();
        let len = shown.len();
        return Err((
            shown,
            len,
            "这是二进制文件（含有 NUL 字节），不是文本".into(),
            "content/ 下的 .md 文件必须是纯文本；Word 或 PDF 请先转换为 Markdown",
        ));
    }
    // simdutf8 validates CJK text several times faster than std (std then locates errors).
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `bytes` was validated as UTF-8 just above.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let looks_gb = encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(&bytes)
                .is_some();
            let shown = String::from_utf8_lossy(&bytes).into_owned();
            let msg = if looks_gb {
                "文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码".to_string()
            } else {
                "文件不是 UTF-8 编码，也不是 GBK/GB18030".to_string()
            };
            Err((shown, at, msg, CONVERT_HELP))
        }
    }
}

/// Where the front matter and the body are in a file.
#[derive(Clone, Copy, Debug)]
pub struct Split {
    /// The YAML between the `---` lines.
    pub yaml: Span,
    /// The front matter with its `---` lines.
    pub whole: Span,
    pub body: Span,
}

/// Split `---` front matter from the body. Line numbers stay those of the whole file.
/// `need` is what the file must state at least (`year: 年份` for a report, `name: 机构全称`
/// for an agency), for the help of a file that states nothing.
pub fn split_front_matter(file: &Arc<SourceFile>, need: &str) -> Result<Split, Diagnostic> {
    let text = &file.text;
    if text.trim().is_empty() {
        return Err(
            Diagnostic::new(Rule::S001, file, Span::default(), "文件是空的").help(format!(
                "文件以 --- 开头的前置数据开始，至少写上 {need}，再以 --- 结束"
            )),
        );
    }
    let first_end = file.line_end(1);
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::new(
            Rule::S001,
            file,
            Span::new(0, first_end),
            "缺少前置数据：文件第一行应为 ---",
        )
        .label("这里应为 ---")
        .help("在文件开头加上以 --- 开始、以 --- 结束的 YAML 前置数据"));
    }
    let yaml_start = file.line_start(2);
    for line in 2..=file.line_count() {
        let (s, e) = (file.line_start(line), file.line_end(line));
        if s >= text.len() {
            break;
        }
        let l = text[s..e].trim_end();
        if l == "---" || l == "..." {
            let body_start = file.line_start(line + 1);
            return Ok(Split {
                yaml: Span::new(yaml_start, s),
                whole: Span::new(0, body_start.min(text.len())),
                body: Span::new(body_start.min(text.len()), text.len()),
            });
        }
    }
    Err(Diagnostic::new(
        Rule::S001,
        file,
        Span::new(0, first_end),
        "前置数据没有结束：找不到第二行 ---",
    )
    .label("前置数据从这里开始")
    .help("在数据之后、正文之前加一行 ---"))
}

/// A file's front matter, split off and parsed.
pub struct FrontMatter<'a> {
    pub split: Split,
    /// The YAML tree; `None` when it is empty or could not be read (S001 already reported).
    pub root: Option<crate::yaml::Node<'a>>,
}

impl FrontMatter<'_> {
    /// Nothing but white space between the `---` lines.
    pub fn is_empty(&self, file: &SourceFile) -> bool {
        self.root.is_none() && file.slice(self.split.yaml).trim().is_empty()
    }
}

/// The one front-matter reader of agencies, pages and reports: split the file, parse the
/// YAML, report what could not be read as S001. `None` when there is no front matter to read.
pub fn front_matter<'a>(
    file: &'a Arc<SourceFile>,
    need: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<FrontMatter<'a>> {
    let split = match split_front_matter(file, need) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    // Full-width punctuation where YAML needs ASCII: one finding per line, at the character,
    // in place of what the YAML parser would make of it.
    let typed = full_width(file, split.yaml);
    if !typed.is_empty() {
        diags.extend(typed);
        return Some(FrontMatter { split, root: None });
    }
    let parsed = crate::yaml::parse(file, split.yaml);
    for e in parsed.errors {
        let d = Diagnostic::new(Rule::S001, file, e.span, e.message);
        diags.push(match e.help {
            Some(h) => d.help(h),
            None => d,
        });
    }
    Some(FrontMatter {
        split,
        root: parsed.root,
    })
}

/// S001 for a full-width space in a line's indentation, a full-width colon after a key, and
/// full-width commas or brackets in a `[…]` row: each is ASCII in YAML.
fn full_width(file: &Arc<SourceFile>, yaml: Span) -> Vec<Diagnostic> {
    let text = file.slice(yaml);
    // U+3000 is E3 80 80, 、 E3 80 81; the full-width forms searched for all start EF BC.
    let bytes = text.as_bytes();
    if memchr::memmem::find(bytes, b"\xEF\xBC").is_none()
        && memchr::memmem::find(bytes, "\u{3000}".as_bytes()).is_none()
        && memchr::memmem::find(bytes, "、".as_bytes()).is_none()
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut start = yaml.start;
    let mut more = 0;
    for line in text.split_inclusive('\n') {
        let at = start;
        start += line.len();
        if out.len() == MAX_SHOWN {
            // Counted, not listed: the editor fixes them all the same way.
            more += usize::from(line.contains(['\u{3000}', '：', '，', '、', '［', '］']));
            continue;
        }
        let indent = line.len() - line.trim_start_matches([' ', '\u{3000}']).len();
        if let Some(i) = line[..indent].find('\u{3000}') {
            out.push(
                Diagnostic::new(
                    Rule::S001,
                    file,
                    Span::new(at + i, at + i + '\u{3000}'.len_utf8()),
                    "这一行用全角空格缩进，YAML 只认半角空格",
                )
                .label("全角空格")
                .help("把行首的全角空格换成半角空格（同一层级的键缩进相同）"),
            );
            continue;
        }
        let body = &line[indent..];
        let code = body.split(" #").next().unwrap_or(body);
        // A key (ASCII, at the line's start or in a `{…}`) followed by a full-width colon.
        let colon = code.match_indices('：').find_map(|(c, _)| {
            let before = code[..c].trim_end_matches(' ');
            let key_len = before
                .bytes()
                .rev()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            let key = &before[before.len() - key_len..];
            let lead = before[..before.len() - key_len].trim_end_matches(' ');
            (key_len > 0 && (lead.is_empty() || lead.ends_with(['{', ','])))
                .then(|| (c, key.to_string()))
        });
        if let Some((c, key)) = colon {
            let i = indent + c;
            out.push(
                Diagnostic::new(
                    Rule::S001,
                    file,
                    Span::new(at + i, at + i + '：'.len_utf8()),
                    format!("键“{key}”后面是全角冒号“：”，YAML 要用半角冒号"),
                )
                .label("全角冒号")
                .help(format!("写成 {key}: 值（半角冒号后加一个空格）")),
            );
            continue;
        }
        // Only a value that is a row: `key: [` (a title may hold full-width brackets).
        let row = code
            .split_once(':')
            .map(|(_, v)| v.trim_start())
            .filter(|v| v.starts_with(['[', '［']));
        if let Some((i, c)) = row.and_then(|r| {
            r.char_indices()
                .find(|(_, c)| matches!(c, '，' | '、' | '［' | '］'))
        }) {
            let i = indent + (code.len() - row.map_or(0, str::len)) + i;
            let what = match c {
                '，' => "全角逗号“，”",
                '、' => "顿号“、”",
                _ => "全角方括号",
            };
            out.push(
                Diagnostic::new(
                    Rule::S001,
                    file,
                    Span::new(at + i, at + i + c.len_utf8()),
                    format!("表格行中用了{what}，YAML 要用半角符号"),
                )
                .label(format!("{c}"))
                .help("写成 [0, 0, 0, 0, 0, 0]：半角方括号，各栏之间用半角逗号加空格分隔"),
            );
        }
    }
    if more > 0
        && let Some(last) = out.last_mut()
    {
        last.message
            .push_str(&format!("（后面另有约 {more} 行含全角符号，未逐一列出）"));
    }
    out
}

/// Lines with full-width punctuation listed one by one.
const MAX_SHOWN: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_bom_and_names_gbk() {
        assert_eq!(decode(b"\xEF\xBB\xBF---\n".to_vec()).unwrap(), "---\n");
        let (gbk, _, _) = encoding_rs::GBK.encode("---\nyear: 2022\n---\n总体情况\n");
        let err = decode(gbk.into_owned()).unwrap_err();
        assert!(err.2.contains("GBK"), "{}", err.2);
        assert!(
            decode(vec![0x7f, 0x45, 0x4c, 0x46, 0, 1])
                .unwrap_err()
                .2
                .contains("二进制")
        );
    }

    #[test]
    fn splits_with_crlf_and_keeps_file_lines() {
        let f = Arc::new(SourceFile::new(
            "a".into(),
            "a".into(),
            "---\r\nyear: 1\r\n---\r\n正文\r\n".into(),
        ));
        let s = split_front_matter(&f, "year: 年份").unwrap();
        assert_eq!(f.slice(s.yaml), "year: 1\r\n");
        assert_eq!(f.line_of(s.body.start), 4);
    }
}
