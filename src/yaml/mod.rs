//! YAML front matter as a tree that remembers where every key and value was written.
//!
//! saphyr-parser (a maintained, pure-Rust YAML 1.2 event parser) does the parsing; this module
//! only assembles its events into nodes with file byte spans, keeping the raw text of each
//! scalar so that money is read exactly as written. It refuses, early and cheaply, what a
//! report never needs: deep nesting, alias expansion beyond a small budget, duplicate keys.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Marker, Parser, ScalarStyle};

use crate::source::{SourceFile, Span};

mod fast;

/// Deeper than any report (the applications table is 4 levels).
pub const MAX_DEPTH: usize = 32;
/// Nodes after alias expansion; a full report has about 300.
pub const MAX_NODES: usize = 20_000;

/// A YAML value borrowing its text from the file where it can.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node<'a> {
    pub value: Value<'a>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    /// The scalar's text as written (unescaped); `plain` is false for quoted and block scalars.
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
    },
    Seq(Vec<Node<'a>>),
    Map(Vec<(Node<'a>, Node<'a>)>),
}

impl<'a> Node<'a> {
    /// `~`, `null`, or nothing at all (`key:`).
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true }
            if matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn as_map(&self) -> Option<&[(Node<'a>, Node<'a>)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node<'a>]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<(&str, bool)> {
        match &self.value {
            Value::Scalar { text, plain } => Some((text, *plain)),
            _ => None,
        }
    }

    /// The key's text when this node is used as a mapping key.
    pub fn key_str(&self) -> &str {
        match &self.value {
            Value::Scalar { text, .. } => text,
            _ => "",
        }
    }

    /// How a user would name the type of this value, in Chinese.
    pub fn kind_zh(&self) -> &'static str {
        match &self.value {
            _ if self.is_null() => "空值",
            Value::Scalar { plain: false, .. } => "文本",
            Value::Scalar { text, .. } if text.parse::<i64>().is_ok() => "整数",
            Value::Scalar { text, .. } if text.parse::<f64>().is_ok() => "小数",
            Value::Scalar { text, .. } if matches!(text.as_ref(), "true" | "false") => "布尔值",
            Value::Scalar { .. } => "文本",
            Value::Seq(_) => "列表",
            Value::Map(_) => "键值表",
        }
    }

    /// A copy that owns its text.
    pub fn into_owned(self) -> Node<'static> {
        Node {
            value: match self.value {
                Value::Scalar { text, plain } => Value::Scalar {
                    text: Cow::Owned(text.into_owned()),
                    plain,
                },
                Value::Seq(s) => Value::Seq(s.into_iter().map(Node::into_owned).collect()),
                Value::Map(m) => Value::Map(
                    m.into_iter()
                        .map(|(k, v)| (k.into_owned(), v.into_owned()))
                        .collect(),
                ),
            },
            span: self.span,
        }
    }

    fn size(&self) -> usize {
        match &self.value {
            Value::Scalar { .. } => 1,
            Value::Seq(s) => 1 + s.iter().map(Node::size).sum::<usize>(),
            Value::Map(m) => 1 + m.iter().map(|(k, v)| k.size() + v.size()).sum::<usize>(),
        }
    }
}

/// A problem with the YAML itself (rule S001).
#[derive(Debug, Clone)]
pub struct YamlError {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Debug, Default)]
pub struct Parsed<'a> {
    /// `None` when the YAML could not be read at all.
    pub root: Option<Node<'a>>,
    pub errors: Vec<YamlError>,
}

enum Frame<'a> {
    Seq {
        items: Vec<Node<'a>>,
        start: Span,
        anchor: usize,
    },
    Map {
        entries: Vec<(Node<'a>, Node<'a>)>,
        key: Option<Node<'a>>,
        start: Span,
        anchor: usize,
        /// Built only for large maps, so small ones stay cheap.
        seen: Option<HashSet<String>>,
    },
}

struct Builder<'a> {
    file: &'a SourceFile,
    base_line: usize,
    stack: Vec<Frame<'a>>,
    anchors: HashMap<usize, Node<'a>>,
    nodes: usize,
    root: Option<Node<'a>>,
    documents: usize,
    errors: Vec<YamlError>,
    /// The last marker turned into a byte offset (line, character column, offset): markers
    /// mostly move forward, so the next one is found by walking on from there, which keeps a
    /// front matter written on one enormous line linear.
    cursor: std::cell::Cell<(usize, usize, usize)>,
}

/// Parse the YAML in `range` of `file`.
pub fn parse(file: &SourceFile, range: Span) -> Parsed<'_> {
    if let Some(root) = fast::parse(file, range) {
        return Parsed {
            root: Some(root),
            errors: Vec::new(),
        };
    }
    slow_parse(file, range)
}

/// The full YAML 1.2 path (saphyr-parser): everything the fast path declines.
pub fn slow_parse(file: &SourceFile, range: Span) -> Parsed<'_> {
    let text = &file.text[range.start..range.end];
    let mut b = Builder {
        file,
        base_line: file.line_of(range.start),
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        root: None,
        documents: 0,
        errors: Vec::new(),
        cursor: std::cell::Cell::new((0, 0, 0)),
    };
    for item in Parser::new_from_str(text) {
        let result = match item {
            Ok((event, span)) => {
                let span = Span::new(b.offset(span.start), b.offset(span.end));
                b.event(event, span)
            }
            Err(e) => Err(b.scan_error(e.marker(), e.info())),
        };
        if let Err(fatal) = result {
            b.errors.push(fatal);
            return Parsed {
                root: None,
                errors: b.errors,
            };
        }
    }
    Parsed {
        root: b.root,
        errors: b.errors,
    }
}

impl<'a> Builder<'a> {
    fn offset(&self, m: Marker) -> usize {
        let line = self.base_line + m.line().saturating_sub(1);
        let col = m.col();
        let (last_line, last_col, last_at) = self.cursor.get();
        let at = if line == last_line && col >= last_col && last_at > 0 {
            let rest = &self.file.text[last_at..self.file.line_end(line)];
            match rest.char_indices().nth(col - last_col) {
                Some((i, _)) => last_at + i,
                None => last_at + rest.len(),
            }
        } else {
            self.file.offset_of(line, col)
        };
        self.cursor.set((line, col, at));
        at
    }

    fn scan_error(&self, m: &Marker, info: &str) -> YamlError {
        let at = self.offset(*m);
        if info.contains("recursion limit") {
            return self.fatal(
                Span::point(at),
                "YAML 嵌套过深，拒绝读取".into(),
                "年度报告的数据最多嵌套 4 层，请检查括号是否多写",
            );
        }
        let line = self.file.line_of(at);
        let line_text = &self.file.text[self.file.line_start(line)..self.file.line_end(line)];
        let help = if line_text.contains('\t') || info.contains("tab") {
            Some("YAML 不能用制表符（Tab）缩进或对齐，请改用空格".to_string())
        } else if line_text.contains('：') {
            Some("键和值之间要用半角冒号加空格（“: ”），不能用全角冒号“：”".to_string())
        } else {
            Some("检查这一行的缩进、冒号和括号是否配对".to_string())
        };
        YamlError {
            span: Span::point(at),
            message: format!("前置数据（YAML）语法错误：{}", in_chinese(info)),
            help,
        }
    }

    fn fatal(&self, span: Span, message: String, help: &str) -> YamlError {
        YamlError {
            span,
            message,
            help: Some(help.to_string()),
        }
    }

    fn event(&mut self, event: Event<'a>, span: Span) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(self.fatal(
                        span,
                        "前置数据中有多个 YAML 文档".into(),
                        "前置数据以一行 --- 开始、以下一行 --- 结束，中间只能有一个文档",
                    ));
                }
            }
            Event::Scalar(text, style, anchor, _tag) => {
                let node = Node {
                    value: Value::Scalar {
                        text,
                        plain: style == ScalarStyle::Plain,
                    },
                    span,
                };
                self.complete(node, anchor)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.open(span)?;
                self.stack.push(Frame::Seq {
                    items: Vec::new(),
                    start: span,
                    anchor,
                });
            }
            Event::MappingStart(anchor, _) => {
                self.open(span)?;
                self.stack.push(Frame::Map {
                    entries: Vec::new(),
                    key: None,
                    start: span,
                    anchor,
                    seen: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                // A flow collection ends at its bracket; the event's span can run on over
                // trailing blanks and a comment.
                let closing = self.file.text.as_bytes().get(span.start);
                let span = if matches!(closing, Some(b']' | b'}')) {
                    Span::new(span.start, span.start + 1)
                } else {
                    span
                };
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Seq {
                        items,
                        start,
                        anchor,
                    }) => (
                        Node {
                            value: Value::Seq(items),
                            span: Span::new(start.start, span.end),
                        },
                        anchor,
                    ),
                    Some(Frame::Map {
                        entries,
                        start,
                        anchor,
                        ..
                    }) => (
                        Node {
                            value: Value::Map(entries),
                            span: Span::new(start.start, span.end),
                        },
                        anchor,
                    ),
                    None => return Ok(()),
                };
                self.complete(node, anchor)?;
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(self.fatal(
                        span,
                        "别名指向不存在的锚点".into(),
                        "先用 &名称 定义锚点，再用 *名称 引用",
                    ));
                };
                let size = target.size();
                self.nodes += size;
                if self.nodes > MAX_NODES {
                    return Err(self.fatal(
                        span,
                        format!(
                            "YAML 别名展开后超过 {MAX_NODES} 个值，拒绝读取（疑似“十亿笑声”攻击）"
                        ),
                        "年度报告不需要锚点和别名：请直接写出数值",
                    ));
                }
                let mut node = target.clone();
                node.span = span;
                self.complete(node, 0)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn open(&mut self, span: Span) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.fatal(
                span,
                format!("YAML 嵌套超过 {MAX_DEPTH} 层，拒绝读取"),
                "年度报告的数据最多嵌套 4 层，请检查括号是否多写",
            ));
        }
        Ok(())
    }

    fn complete(&mut self, node: Node<'a>, anchor: usize) -> Result<(), YamlError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(self.fatal(
                node.span,
                format!("前置数据超过 {MAX_NODES} 个值，不像是一份年度报告"),
                "检查文件是否完整、是否误把其他数据粘贴进前置数据",
            ));
        }
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let mut duplicate = None;
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries, key, seen, ..
            }) => match key.take() {
                None => {
                    let name = node.key_str();
                    let first = if let Some(seen) = seen {
                        if seen.contains(name) {
                            entries.iter().find(|(k, _)| k.key_str() == name)
                        } else {
                            None
                        }
                    } else {
                        entries.iter().find(|(k, _)| k.key_str() == name)
                    };
                    if let Some((first, _)) = first {
                        duplicate = Some((node.span, name.to_string(), first.span));
                    }
                    if let Some(seen) = seen {
                        seen.insert(name.to_string());
                    } else if entries.len() >= 16 {
                        let mut s: HashSet<String> = entries
                            .iter()
                            .map(|(k, _)| k.key_str().to_string())
                            .collect();
                        s.insert(name.to_string());
                        *seen = Some(s);
                    }
                    *key = Some(node);
                }
                Some(k) => entries.push((k, node)),
            },
        }
        if let Some((span, name, first)) = duplicate {
            let (line, _) = self.file.line_col(first.start);
            self.errors.push(YamlError {
                span,
                message: format!("键“{name}”重复：第 {line} 行已经写过"),
                help: Some("同一层级的键只能出现一次，请删除或合并其中一个".into()),
            });
        }
        Ok(())
    }
}

/// What the YAML parser's English message means, in Chinese: its text never reaches the
/// user. The messages are saphyr-parser's (scanner and parser); the first pattern that
/// occurs in one decides.
fn in_chinese(info: &str) -> &'static str {
    const MEANINGS: &[(&[&str], &str)] = &[
        (&["tab"], "用了制表符（Tab），YAML 只能用空格缩进或对齐"),
        (
            &["comment intercepting"],
            "多行文字中间插入了注释（#），注释不能打断多行文字",
        ),
        (
            &["mapping values are not allowed", "illegal placement of ':'"],
            "这里不能出现“键: 值”：检查缩进，或给含有冒号的值加引号",
        ),
        (
            &["mapping keys are not allowed"],
            "这里不能出现键：检查缩进是否与同一层级的键一致",
        ),
        (&["simple key"], "键后面缺少冒号“:”"),
        (
            &["did not find expected key"],
            "这一行的缩进与同一层级的键不一致，或上一行没有写完",
        ),
        (
            &["block sequence entries", "expected '-' indicator"],
            "以“- ”开头的列表项缩进不正确",
        ),
        (
            &["flow sequence", "misplaced bracket"],
            "方括号 [ ] 没有配对，或各项之间缺少逗号",
        ),
        (&["flow mapping"], "花括号 { } 没有配对，或各项之间缺少逗号"),
        (
            &["quoted scalar", "double-quoted"],
            "引号没有配对，或引号中的转义字符（\\）不正确",
        ),
        (&["block scalar"], "多行文字（| 或 >）的写法或缩进不正确"),
        (&["indentation", "indented"], "缩进不正确"),
        (
            &["anchor", "alias"],
            "锚点（&）或别名（*）写法不对：年度报告不需要它们",
        ),
        (
            &["tag", "directive", "handle"],
            "以 % 或 ! 开头的 YAML 指令和标签在年度报告中用不到",
        ),
        (&["byte order mark"], "前置数据中间有 BOM 字符"),
        (&["unprintable"], "含有不可打印的控制字符"),
        (
            &["document", "stream-start"],
            "前置数据中多出了 --- 或 ... 行：前置数据只能是一个 YAML 文档",
        ),
        (
            &["cannot start with '-'"],
            "值不能以“-”加逗号或括号开头：请给值加引号",
        ),
        (
            &["plain scalar"],
            "文字值中有 YAML 的特殊字符：请给这个值加引号",
        ),
        (
            &["unexpected eof", "end of stream"],
            "前置数据意外结束：检查括号和引号是否配对",
        ),
        (&["node content"], "这里缺少值"),
        (&["whitespace"], "这里应有一个空格（如冒号后面）"),
        (&["unexpected character"], "出现了 YAML 不认识的字符"),
    ];
    MEANINGS
        .iter()
        .find(|(patterns, _)| patterns.iter().any(|p| info.contains(p)))
        .map_or("无法读取，检查这一行的缩进、冒号、括号和引号", |(_, m)| m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> (SourceFile, Vec<YamlError>, Option<Node<'static>>) {
        let f = SourceFile::new("t".into(), "t".into(), s.to_string());
        let p = parse(&f, Span::new(0, s.len()));
        let root = p.root.map(|n| n.into_owned());
        let errors = p.errors;
        (f, errors, root)
    }

    #[test]
    fn keeps_positions_and_raw_text() {
        let (f, errors, root) = parse_str("a: 1\nfees: 1227.490\nrow: [1, ~, 3]\n");
        assert!(errors.is_empty(), "{errors:?}");
        let root = root.unwrap();
        let m = root.as_map().unwrap();
        assert_eq!(m[1].1.as_scalar(), Some(("1227.490", true)));
        assert_eq!(f.line_col(m[1].1.span.start), (2, 7));
        let row = m[2].1.as_seq().unwrap();
        assert!(row[1].is_null());
        assert_eq!(f.line_col(row[2].span.start), (3, 13));
    }

    #[test]
    fn refuses_alias_bombs_and_deep_nesting_quickly() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = (b'a' + i as u8 - 1) as char;
            let c = (b'a' + i as u8) as char;
            bomb.push_str(&format!(
                "{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            ));
        }
        let (_, errors, root) = parse_str(&bomb);
        assert!(root.is_none());
        assert!(errors[0].message.contains("别名"));
        let deep = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        let (_, errors, root) = parse_str(&deep);
        assert!(root.is_none());
        assert!(errors[0].message.contains("嵌套"));
    }

    /// No English of the YAML parser reaches the user: once the text quoted from the input
    /// (in “…”) is taken out, a message holds no ASCII word but YAML, Tab and BOM.
    #[test]
    fn broken_yaml_is_explained_in_chinese() {
        let broken = [
            "a: 1\n\tb: 2\n",
            "a:\n\t- 1\n",
            "a: |\n  x\n# c\n  y\n",
            "a: \"x\n# c\n y\"\n",
            "a: b: c\n",
            "a: 1\n b: 2\nc: 3\n",
            "a:\n  - 1\n - 2\n",
            "a: [1, 2\nb: 3\n",
            "a: [1 2]]\n",
            "a: {x: 1\n",
            "a: \"x\n",
            "a: 'x\n",
            "a: \"\\q\"\n",
            "a: &x 1\nb: *y\n",
            "a: !!foo [\n",
            "%YAML 1.2\n%YAML 1.2\n---\na: 1\n",
            "a: 1\n--- \nb: 2\n",
            "a: 1\n...\nb\n",
            "? a\n: b\n: c\n",
            "- a\nb: 1\n",
            "a: @x\n",
            "a: `x\n",
            "a: >\n  x\n y\n",
            "a: |0\n  x\n",
            "[a, b]: c\n  d\n",
            "a: 1\n  - 2\n",
            "a:\n- 1\n  b: 2\n",
            "a: -[x]\n",
            "a: \u{1}\n",
            "a: \"\\u12\"\n",
        ];
        let mut failed = 0;
        for yaml in broken {
            let (_, errors, _) = parse_str(yaml);
            failed += usize::from(!errors.is_empty());
            for e in errors {
                let mut shown = e.message.clone();
                while let (Some(a), Some(b)) = (shown.find('“'), shown.find('”')) {
                    if b < a {
                        break;
                    }
                    shown.replace_range(a..b + '”'.len_utf8(), "");
                }
                for allowed in ["YAML", "Tab", "BOM"] {
                    shown = shown.replace(allowed, "");
                }
                assert!(
                    !shown.chars().any(|c| c.is_ascii_alphabetic()),
                    "{yaml:?}: {}",
                    e.message
                );
            }
        }
        assert!(failed >= 24, "only {failed} snippets were refused");
    }

    #[test]
    fn duplicate_keys_are_reported_at_the_second() {
        let (f, errors, _) = parse_str("a: 1\nb: 2\na: 3\n");
        assert_eq!(errors.len(), 1);
        assert_eq!(f.line_col(errors[0].span.start), (3, 1));
    }
}
