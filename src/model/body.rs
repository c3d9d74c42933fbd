//! The narrative body split into its parts (spec §4.4): `##` headings recognised by their key
//! words or, failing that, by their numeral.

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::labels::{PART_KEYWORDS, PARTS};
use crate::source::{SourceFile, Span};

/// The Markdown after the front matter.
#[derive(Clone, Debug, Default)]
pub struct Body {
    pub span: Span,
    /// Text before the first `##` heading.
    pub preface: Span,
    pub sections: Vec<Section>,
}

/// One `##` heading and the text under it, up to the next `##`.
#[derive(Clone, Debug)]
pub struct Section {
    /// Which of the six parts (0-based), or `None` for a heading that is none of them.
    pub part: Option<usize>,
    /// The heading's text as written, without `##`.
    pub heading: String,
    pub heading_span: Span,
    pub content: Span,
    /// The numeral the editor wrote (0-based), if any.
    pub numeral: Option<usize>,
    /// How the heading was written when it is not a `## ` heading but a line that can only be
    /// the part's (`##五、…`, `# 五、…`, a bare `五、…` line, a bold `**五、…**` paragraph).
    pub loose: Option<Loose>,
}

/// A part's heading written otherwise than as `## ` (N002 says how to write it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loose {
    /// `#`, `###` … or `##` without the space.
    Hashes,
    /// A line of its own, `五、存在的主要问题及改进情况`.
    Bare,
    /// `**五、存在的主要问题及改进情况**`.
    Bold,
}

const NUMERALS: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

impl Body {
    pub fn parse(file: &SourceFile, span: Span) -> Body {
        let text = &file.text[span.start..span.end];
        let headings = h2_plain(text).unwrap_or_else(|| h2_markdown(text));
        let mut sections: Vec<Section> = headings
            .into_iter()
            .map(|(heading, range)| {
                let at = Span::new(span.start + range.start, span.start + range.end);
                let heading = heading.trim().to_string();
                let numeral = numeral_of(&heading);
                Section {
                    part: None,
                    heading,
                    heading_span: trim_line(file, at),
                    content: Span::new(at.end, span.end),
                    numeral,
                    loose: None,
                }
            })
            .collect();
        classify(&mut sections);
        // Only when a part is missing, look for its heading written another way (one pass).
        if (0..PARTS.len()).any(|p| !sections.iter().any(|s| s.part == Some(p))) {
            for (part, heading, kind, range) in loose_headings(text) {
                if sections.iter().any(|s| s.part == Some(part)) {
                    continue;
                }
                let at = Span::new(span.start + range.start, span.start + range.end);
                sections.push(Section {
                    part: Some(part),
                    heading,
                    heading_span: trim_line(file, at),
                    content: Span::new(at.end, span.end),
                    numeral: Some(part),
                    loose: Some(kind),
                });
            }
            sections.sort_by_key(|s| s.heading_span.start);
        }
        for i in 1..sections.len() {
            let next = sections[i].heading_span.start;
            sections[i - 1].content.end = next;
        }
        let preface_end = sections.first().map_or(span.end, |s| s.heading_span.start);
        Body {
            span,
            preface: Span::new(span.start, preface_end),
            sections,
        }
    }

    /// The section holding part `i` (0-based), if the editor wrote it.
    pub fn part(&self, i: usize) -> Option<&Section> {
        self.sections.iter().find(|s| s.part == Some(i))
    }
}

impl Section {
    /// Whether the heading keeps the official words (it may add some, such as the year).
    pub fn wording_is_official(&self) -> bool {
        let Some(part) = self.part else { return false };
        if self.numeral.is_some_and(|n| n != part) {
            return false;
        }
        let written = normalise(strip_numeral(&self.heading));
        OFFICIAL[part].iter().any(|o| written.contains(o.as_str()))
    }
}

/// The `##` headings of a Markdown text with their byte ranges, by a CommonMark parser.
fn h2_markdown(text: &str) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut current: Option<(String, Range<usize>)> = None;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => current = Some((String::new(), range)),
            Event::Text(t) | Event::Code(t) => {
                if let Some((h, _)) = current.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

/// The same for narrative that is plain paragraphs and `#` headings, as reports nearly always
/// are, found line by line (a tenth of the cost). `None` at the first line where a Markdown
/// construct could change the answer: code, HTML, quotes, lists, setext underlines, or
/// inline markup in a heading. A property test checks it against [`h2_markdown`].
fn h2_plain(text: &str) -> Option<Vec<(String, Range<usize>)>> {
    // A lone carriage return is a line break to CommonMark but not to this scan.
    let bytes = text.as_bytes();
    if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        return None;
    }
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let range = start..start + line.len();
        start += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let first = content.bytes().next();
        // What follows a list marker decides whether it is one.
        let marker_then_space =
            |at: usize| matches!(content.as_bytes().get(at), None | Some(b' ' | b'\t'));
        match first {
            None => continue,
            Some(b'#') => {}
            Some(b' ' | b'\t' | b'<' | b'>' | b'`' | b'~') => return None,
            Some(b'-' | b'*' | b'+' | b'=' | b'_') => {
                let rule_or_underline = content
                    .bytes()
                    .all(|b| matches!(b, b'-' | b'*' | b'=' | b'_' | b' ' | b'\t'));
                if rule_or_underline || marker_then_space(1) {
                    return None;
                }
                continue;
            }
            Some(b'0'..=b'9') => {
                let digits = content.bytes().take_while(u8::is_ascii_digit).count();
                if matches!(content.as_bytes().get(digits), Some(b'.' | b')'))
                    && marker_then_space(digits + 1)
                {
                    return None;
                }
                continue;
            }
            Some(_) => continue,
        }
        let hashes = content.bytes().take_while(|&b| b == b'#').count();
        let rest = &content[hashes..];
        if !(rest.is_empty() || rest.starts_with(' ')) {
            continue;
        }
        if hashes != 2 {
            continue;
        }
        let inner = rest.trim_matches(' ');
        if inner.ends_with('#')
            || inner.bytes().any(|b| {
                matches!(
                    b,
                    b'\\'
                        | b'&'
                        | b'*'
                        | b'_'
                        | b'`'
                        | b'['
                        | b']'
                        | b'<'
                        | b'>'
                        | b'!'
                        | b'~'
                        | b'\t'
                )
            })
        {
            return None;
        }
        out.push((inner.to_string(), range));
    }
    Some(out)
}

/// Lines that can only be a part's heading although they are not `## ` headings: the part's
/// numeral, `、`, and words of that same part, written as `##五、…`, `# 五、…`, `### 五、…`,
/// `**五、…**` or alone on a short line. With their part, text and byte range.
fn loose_headings(text: &str) -> Vec<(usize, String, Loose, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let range = start..start + line.len();
        start += line.len();
        let t = line.trim_end().trim_start_matches([' ', '\u{3000}']);
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        let (inner, kind) = if hashes > 0 {
            if hashes == 2 && t[2..].starts_with(' ') {
                continue;
            }
            (t[hashes..].trim(), Loose::Hashes)
        } else if let Some(b) = t.strip_prefix("**").and_then(|b| b.strip_suffix("**")) {
            (b.trim(), Loose::Bold)
        } else {
            (t, Loose::Bare)
        };
        let Some(n) = numeral_of(inner).filter(|&n| n < PARTS.len()) else {
            continue;
        };
        // `五、` and a short line: not a sentence of the narrative that starts with a numeral.
        if inner.chars().nth(1) != Some('、') || inner.contains('。') || inner.chars().count() > 40
        {
            continue;
        }
        let words = strip_numeral(inner);
        let part = PART_KEYWORDS
            .iter()
            .find(|(_, ws)| ws.iter().any(|w| words.contains(w)))
            .map(|(p, _)| *p);
        if part == Some(n) {
            out.push((n, inner.to_string(), kind, range));
        }
    }
    out
}

/// Keep the underline on the heading's own line.
fn trim_line(file: &SourceFile, at: Span) -> Span {
    let line = file.line_of(at.start);
    Span::new(at.start, at.end.min(file.line_end(line)))
}

/// Key words first (editors renumber parts when they add one), then the numeral for
/// headings with no key word, when that part is not already taken.
fn classify(sections: &mut [Section]) {
    for s in sections.iter_mut() {
        let text = strip_numeral(&s.heading);
        s.part = PART_KEYWORDS
            .iter()
            .find(|(_, words)| words.iter().any(|w| text.contains(w)))
            .map(|(part, _)| *part);
    }
    for i in 0..sections.len() {
        if sections[i].part.is_some() {
            continue;
        }
        if let Some(n) = sections[i].numeral.filter(|&n| n < PARTS.len())
            && !sections.iter().any(|s| s.part == Some(n))
        {
            sections[i].part = Some(n);
        }
    }
}

fn numeral_of(heading: &str) -> Option<usize> {
    let mut chars = heading.trim_start().chars();
    let first = chars.next()?;
    let n = NUMERALS.iter().position(|&c| c == first)?;
    match chars.next() {
        Some('、' | '.' | '．' | '，' | ',' | ' ' | '　' | '：' | ':') | None => Some(n),
        _ => None,
    }
}

fn strip_numeral(heading: &str) -> &str {
    let h = heading.trim_start();
    if numeral_of(h).is_some() {
        let mut it = h.char_indices();
        it.next();
        match it.next() {
            Some((i, c)) => h[i + c.len_utf8()..].trim_start(),
            None => "",
        }
    } else {
        h
    }
}

/// Headings compared without spaces and punctuation.
fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '、' | '，'
                        | ','
                        | '。'
                        | '.'
                        | '：'
                        | ':'
                        | '；'
                        | ';'
                        | '（'
                        | '）'
                        | '('
                        | ')'
                        | '“'
                        | '”'
                        | '"'
                        | '\''
                )
        })
        .collect()
}

/// The six official headings, normalised, in both scripts.
static OFFICIAL: LazyLock<[[String; 2]; 6]> =
    LazyLock::new(|| PARTS.map(|(_, label)| [normalise(label.simp), normalise(label.trad)]));

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Body {
        let f = SourceFile::new("t".into(), "t".into(), text.to_string());
        Body::parse(&f, Span::new(0, text.len()))
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn plain_scan_agrees_with_the_markdown_parser(
            lines in prop::collection::vec(prop_oneof![
                Just("## 一、总体情况"), Just("##"), Just("## 五、存在的主要问题 ##"),
                Just("### （一）主动公开"), Just("# 标题"), Just("##没有空格"),
                Just("2022年，本机关主动公开政府信息。"), Just(""), Just("  缩进的文字"),
                Just("    ## 代码"), Just("- 列表"), Just("- ## 列表中的标题"), Just("1. 第一"),
                Just("> 引用"), Just("```"), Just("---"), Just("==="), Just("<div>"),
                Just("**（一）加粗。**正文"), Just("## **加粗标题**"), Just("## 标题 \\#"),
                Just("一是……；二是……。"), Just("\r"), Just("1.提高认识。"), Just("-2件"), Just("- "), Just("1) 第一"), Just("*强调*"), Just("|表|格|"), Just("甲\r## 乙"), Just("## 甲\r乙"),
            ], 0..14),
        ) {
            let text = lines.join("\n");
            if let Some(fast) = h2_plain(&text) {
                prop_assert_eq!(fast, h2_markdown(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn plain_scan_reads_the_bundled_reports() {
        for path in [
            "content/changxingdao/2022.md",
            "content/lingang/2023.md",
            "content/taojiang/2020.md",
            "content/datonghu/2023.md",
            "content/ruzhou/2021.md",
            "tests/fixtures/valid/content/shuiwu/2021.md",
        ] {
            let text = std::fs::read_to_string(path).unwrap();
            let body = &text[text[4..].find("\n---\n").unwrap() + 9..];
            let fast = h2_plain(body).unwrap_or_else(|| panic!("declined {path}"));
            assert_eq!(fast, h2_markdown(body), "{path}");
            assert!(fast.len() >= 6);
        }
    }

    #[test]
    fn reads_a_parts_heading_written_another_way_only_when_the_part_is_missing() {
        for (line, kind) in [
            ("##五、存在的主要问题及改进情况", Loose::Hashes),
            ("# 五、存在的主要问题及改进情况", Loose::Hashes),
            ("五、存在的主要问题及改进情况", Loose::Bare),
            ("　　五、存在的主要问题及改进情况", Loose::Bare),
            ("**五、存在的主要问题及改进情况**", Loose::Bold),
        ] {
            let b = body(&format!(
                "## 一、总体情况\n\n甲。\n\n{line}\n\n乙。\n\n## 六、其他需要报告的事项\n\n无。\n"
            ));
            let five = b.part(4).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(five.loose, Some(kind), "{line}");
            assert_eq!(b.sections.len(), 3);
            assert_eq!(b.sections[0].content.end, five.heading_span.start);
        }
        for text in [
            "## 一、总体情况\n\n五、存在的主要问题。一是……\n",
            "## 一、总体情况\n\n五、这一行没有本部分的关键词\n",
            "## 一、总体情况\n\n四、存在的主要问题\n",
        ] {
            assert!(body(text).part(4).is_none(), "{text}");
        }
    }

    #[test]
    fn finds_parts_by_words_then_numerals() {
        let b = body(
            "前言\n\n## 一、2022年政府信息公开总体情况\n\n### （二）主动公开情况\n\n甲\n\n## 五、工作机制保障\n\n## 五、存在主要问题及改进情况\n\n## 六、其他需要报告的事项\n\n无。\n",
        );
        let parts: Vec<_> = b.sections.iter().map(|s| s.part).collect();
        assert_eq!(parts, vec![Some(0), None, Some(4), Some(5)]);
        assert!(b.sections[0].wording_is_official());
        assert!(!b.sections[2].wording_is_official());
        assert_eq!(&b.span, &Span::new(0, b.span.end));
        assert!(b.preface.end > 0);
    }
}
