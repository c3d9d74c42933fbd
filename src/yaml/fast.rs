//! A fast path for the plain YAML that report files are made of: block mappings with simple
//! keys, flow rows such as `[3, 0, null, 1, 0, 0, 4]`, flow mappings of simple values, plain
//! and simply quoted scalars, and comments. saphyr-parser spends about 120 µs on a report's
//! front matter (300 ns a token); this reads the same in a tenth of that, which is what makes
//! checking 10,000 reports in under a second possible on two cores.
//!
//! It declines (returns `None`) at the first thing outside that subset, and the full parser
//! takes the file: errors, anchors, block sequences, multi-line or escaped scalars, tabs,
//! duplicate keys. A property test checks that whenever it answers, it builds the same tree
//! as the full parser.

use std::borrow::Cow;

use super::{MAX_DEPTH, Node, Value};
use crate::source::{SourceFile, Span};

struct Frame<'a> {
    indent: usize,
    entries: Vec<(Node<'a>, Node<'a>)>,
    start: usize,
    /// A key written with no value: a nested mapping follows, or it is null.
    pending: Option<Node<'a>>,
}

impl<'a> Frame<'a> {
    fn settle_pending(&mut self) {
        if let Some(key) = self.pending.take() {
            let at = key.span.end + 1;
            self.entries.push((key, null(at)));
        }
    }

    fn has_key(&self, key: &str) -> bool {
        self.pending.as_ref().is_some_and(|k| k.key_str() == key)
            || self.entries.iter().any(|(k, _)| k.key_str() == key)
    }

    fn into_node(mut self, end: usize) -> Node<'a> {
        self.settle_pending();
        Node {
            value: Value::Map(self.entries),
            span: Span::new(self.start, end),
        }
    }
}

fn null<'a>(at: usize) -> Node<'a> {
    Node {
        value: Value::Scalar {
            text: Cow::Borrowed(""),
            plain: true,
        },
        span: Span::point(at),
    }
}

fn scalar(text: &str, plain: bool, span: Span) -> Node<'_> {
    Node {
        value: Value::Scalar {
            text: Cow::Borrowed(text),
            plain,
        },
        span,
    }
}

/// A map or row longer than this is no report's; the full parser takes it (and its limits).
const MAX_ENTRIES: usize = 64;

/// Characters YAML treats specially that the fast path leaves to the full parser: tabs, lone
/// carriage returns, other control characters, BOMs and Unicode line breaks.
fn unusual(text: &str) -> bool {
    let bytes = text.as_bytes();
    // A branch-free pass the compiler vectorises; carriage returns are looked at after.
    let control = bytes.iter().fold(false, |acc, &b| {
        acc | ((b < 0x20) & (b != b'\n') & (b != b'\r')) | (b == 0x7F)
    });
    control
        || memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'))
        || (!text.is_ascii()
            && text.chars().any(|c| {
                matches!(
                    c,
                    '\u{80}'
                        ..='\u{9F}'
                            | '\u{FEFF}'
                            | '\u{2028}'
                            | '\u{2029}'
                            | '\u{FFFE}'
                            | '\u{FFFF}'
                )
            }))
}

pub fn parse(file: &SourceFile, range: Span) -> Option<Node<'_>> {
    let text = &file.text[range.start..range.end];
    if unusual(text) {
        return None;
    }
    let mut nodes = 0usize;
    let mut stack: Vec<Frame> = Vec::new();
    let mut line_start = range.start;
    let mut end = range.start;
    for raw in text.split_inclusive('\n') {
        let ls = line_start;
        line_start += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let klen = trimmed
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        if klen == 0 || trimmed.as_bytes().get(klen) != Some(&b':') {
            return None;
        }
        let after = &trimmed[klen + 1..];
        if !(after.is_empty() || after.starts_with(' ')) {
            return None;
        }
        let key_at = ls + indent;
        let key = scalar(&trimmed[..klen], true, Span::new(key_at, key_at + klen));

        // Place the key in the tree of mappings by its indentation.
        match stack.last_mut() {
            None if indent == 0 => stack.push(Frame {
                indent,
                entries: Vec::new(),
                start: key_at,
                pending: None,
            }),
            None => return None,
            Some(top) if indent > top.indent => {
                if top.pending.is_none() || stack.len() >= MAX_DEPTH {
                    return None;
                }
                stack.push(Frame {
                    indent,
                    entries: Vec::new(),
                    start: key_at,
                    pending: None,
                });
            }
            Some(_) => {
                while stack.last().is_some_and(|f| f.indent > indent) {
                    let frame = stack.pop()?;
                    let node = frame.into_node(end);
                    let parent = stack.last_mut()?;
                    let k = parent.pending.take()?;
                    parent.entries.push((k, node));
                }
                let top = stack.last_mut()?;
                if top.indent != indent {
                    return None;
                }
                top.settle_pending();
            }
        }
        let top = stack.last_mut()?;
        nodes += 1;
        if top.entries.len() >= MAX_ENTRIES
            || nodes > super::MAX_NODES
            || top.has_key(key.key_str())
        {
            return None;
        }

        // The value, without a trailing comment.
        let value = match memchr::memchr_iter(b'#', after.as_bytes())
            .find(|&i| i > 0 && after.as_bytes()[i - 1] == b' ')
        {
            Some(i) => &after[..i - 1],
            None => after,
        };
        // YAML's white space is the space (tabs were declined above), not Unicode's.
        let lead = value.len() - value.trim_start_matches(' ').len();
        let value = value.trim_matches(' ');
        if value.is_empty() {
            top.pending = Some(key);
            continue;
        }
        let at = key_at + klen + 1 + lead;
        let node = parse_value(value, at)?;
        end = node.span.end;
        top.entries.push((key, node));
    }
    let mut node = stack.pop()?.into_node(end);
    while let Some(mut parent) = stack.pop() {
        let k = parent.pending.take()?;
        parent.entries.push((k, node));
        node = parent.into_node(end);
    }
    Some(node)
}

fn parse_value(v: &str, at: usize) -> Option<Node<'_>> {
    let span = Span::new(at, at + v.len());
    match v.as_bytes()[0] {
        b'[' => {
            let inner = v.strip_prefix('[')?.strip_suffix(']')?;
            let mut items = Vec::with_capacity(8);
            if !inner.trim_matches(' ').is_empty() {
                let mut offset = at + 1;
                for part in inner.split(',') {
                    if items.len() >= MAX_ENTRIES {
                        return None;
                    }
                    items.push(flow_scalar(part, offset)?);
                    offset += part.len() + 1;
                }
            }
            Some(Node {
                value: Value::Seq(items),
                span,
            })
        }
        b'{' => {
            let inner = v.strip_prefix('{')?.strip_suffix('}')?;
            let mut entries = Vec::new();
            if !inner.trim_matches(' ').is_empty() {
                let mut offset = at + 1;
                for part in inner.split(',') {
                    if entries.len() >= MAX_ENTRIES {
                        return None;
                    }
                    let colon = part.find(": ")?;
                    let k = flow_scalar(&part[..colon], offset)?;
                    let val = flow_scalar(&part[colon + 1..], offset + colon + 1)?;
                    if entries
                        .iter()
                        .any(|(e, _): &(Node, Node)| e.key_str() == k.key_str())
                    {
                        return None;
                    }
                    entries.push((k, val));
                    offset += part.len() + 1;
                }
            }
            Some(Node {
                value: Value::Map(entries),
                span,
            })
        }
        b'"' | b'\'' => {
            let q = &v[..1];
            let inner = v.strip_prefix(q)?.strip_suffix(q)?;
            if v.len() < 2 || inner.contains(q) || inner.contains('\\') {
                return None;
            }
            Some(scalar(inner, false, span))
        }
        _ => {
            if !plain_start(v) || v.contains(": ") || v.ends_with(':') {
                return None;
            }
            Some(scalar(v, true, span))
        }
    }
}

/// A plain scalar inside `[…]` or `{…}`: no flow indicators, no colon, not empty.
fn flow_scalar(part: &str, at: usize) -> Option<Node<'_>> {
    let lead = part.len() - part.trim_start_matches(' ').len();
    let t = part.trim_matches(' ');
    if t.is_empty()
        || !plain_start(t)
        || t.bytes().any(|b| {
            matches!(
                b,
                b',' | b'[' | b']' | b'{' | b'}' | b':' | b'#' | b'"' | b'\''
            )
        })
    {
        return None;
    }
    Some(scalar(t, true, Span::new(at + lead, at + lead + t.len())))
}

fn plain_start(t: &str) -> bool {
    let mut chars = t.chars();
    match chars.next() {
        Some('-' | '?' | ':') => chars.next().is_some_and(|c| !c.is_whitespace()),
        Some(c) => !"[]{}#&*!|>'\"%@`,".contains(c),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::yaml::slow_parse;

    /// Spans of nulls and of block mappings are positions no finding uses; compare the rest.
    fn normalise(n: &Node, text: &str) -> Node<'static> {
        fn walk(n: &mut Node<'static>, text: &str) {
            if n.is_null() {
                n.span = Span::default();
            }
            let flow = text[n.span.start.min(text.len())..].starts_with(['{', '[']);
            match &mut n.value {
                Value::Map(m) => {
                    if !flow {
                        n.span = Span::default();
                    }
                    for (k, v) in m {
                        walk(k, text);
                        walk(v, text);
                    }
                }
                Value::Seq(s) => s.iter_mut().for_each(|x| walk(x, text)),
                Value::Scalar { .. } => {}
            }
        }
        let mut n = n.clone().into_owned();
        walk(&mut n, text);
        n
    }

    fn same(text: &str) -> bool {
        let f = SourceFile::new("t".into(), "t".into(), text.to_string());
        let range = Span::new(0, text.len());
        let Some(fast) = parse(&f, range) else {
            return false;
        };
        let slow = slow_parse(&f, range);
        assert!(
            slow.errors.is_empty(),
            "slow path failed on {text:?}: {:?}",
            slow.errors
        );
        let a = normalise(&fast, text);
        let b = normalise(slow.root.as_ref().expect("a root"), text);
        assert_eq!(a, b, "trees differ for {text:?}");
        true
    }

    #[test]
    fn agrees_with_the_full_parser_on_the_example_reports() {
        for path in [
            "content/changxingdao/2022.md",
            "content/lingang/2023.md",
            "content/taojiang/2020.md",
            "tests/fixtures/valid/content/shuiwu/2021.md",
        ] {
            let text = std::fs::read_to_string(path).unwrap();
            let end = text[4..].find("\n---").unwrap() + 5;
            assert!(same(&text[4..end]), "fast path declined {path}");
        }
    }

    #[test]
    fn declines_what_it_does_not_read() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a:\n  - 1\n",
            "a: \"x\\ny\"\n",
            "a: 1\na: 2\n",
            "a:\tb\n",
            "a: b\n  c\n",
            "a: [1,\n  2]\n",
            "'a': 1\n",
            "a: 93\r# 注释\n",
            "a: x\u{feff}\n",
        ] {
            let f = SourceFile::new("t".into(), "t".into(), text.into());
            assert!(parse(&f, Span::new(0, text.len())).is_none(), "{text:?}");
        }
    }

    #[test]
    fn unicode_spaces_are_content_not_white_space() {
        for text in ["a: 1\u{3000}\n", "a: [1,\u{a0}2]\n", "a: \u{3000}\n"] {
            assert!(same(text), "{text:?}");
        }
    }

    fn scalar_text() -> impl Strategy<Value = String> {
        prop_oneof![
            (0u32..100_000).prop_map(|n| n.to_string()),
            (-50i32..50).prop_map(|n| n.to_string()),
            "[0-9]{1,5}\\.[0-9]{1,7}",
            Just("~".to_string()),
            Just("null".to_string()),
            "[a-z]{1,8}",
            "[\\u4e00-\\u9fa5]{1,6}",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            "[0-9A-Z]{9}/[0-9]{4}-[0-9]{5}",
        ]
    }

    #[derive(Debug, Clone)]
    enum V {
        Scalar(String),
        Quoted(String, char),
        Null,
        Row(Vec<Option<String>>),
        Flow(Vec<(String, String)>),
        Map(Vec<(String, V)>),
    }

    fn value() -> impl Strategy<Value = V> {
        let leaf = prop_oneof![
            scalar_text().prop_map(V::Scalar),
            (
                "[a-z\\u4e00-\\u9fa5 ]{0,6}",
                prop_oneof![Just('"'), Just('\'')]
            )
                .prop_map(|(s, q)| V::Quoted(s, q)),
            Just(V::Null),
            prop::collection::vec(prop::option::of("[0-9]{1,3}|~|null"), 0..8).prop_map(V::Row),
            prop::collection::btree_map("[a-z_]{1,6}", scalar_text(), 0..4)
                .prop_map(|m| V::Flow(m.into_iter().collect())),
        ];
        leaf.prop_recursive(3, 24, 6, |inner| {
            prop::collection::btree_map("[a-z_]{1,8}", inner, 1..6)
                .prop_map(|m| V::Map(m.into_iter().collect()))
        })
    }

    fn render(out: &mut String, entries: &[(String, V)], indent: usize, spaces: usize) {
        for (k, v) in entries {
            out.push_str(&" ".repeat(indent));
            out.push_str(k);
            out.push(':');
            match v {
                V::Scalar(s) => out.push_str(&format!("{}{s}", " ".repeat(spaces))),
                V::Quoted(s, q) => out.push_str(&format!(" {q}{s}{q}")),
                V::Null => {}
                V::Row(items) => {
                    let items: Vec<String> = items
                        .iter()
                        .map(|i| i.clone().unwrap_or_else(|| "null".into()))
                        .collect();
                    out.push_str(&format!(" [{}]", items.join(", ")));
                }
                V::Flow(m) => {
                    let items: Vec<String> = m.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                    out.push_str(&format!(" {{{}}}", items.join(", ")));
                }
                V::Map(m) => {
                    out.push_str("   # 注释\n");
                    render(out, m, indent + 2, spaces);
                    continue;
                }
            }
            out.push('\n');
        }
    }

    proptest! {
        #[test]
        fn builds_the_same_tree_as_the_full_parser(
            entries in prop::collection::btree_map("[a-z_]{1,8}", value(), 1..8),
            spaces in 1usize..3,
        ) {
            let entries: Vec<(String, V)> = entries.into_iter().collect();
            let mut text = String::from("# 开头的注释\n");
            render(&mut text, &entries, 0, spaces);
            prop_assert!(same(&text), "fast path declined {:?}", text);
        }
    }
}
