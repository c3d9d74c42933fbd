//! The narrative body split into its parts (spec §4.4): `##` headings recognised by their key
//! words or, failing that, by their numeral.

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
}

const NUMERALS: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

impl Body {
    pub fn parse(file: &SourceFile, span: Span) -> Body {
        let text = &file.text[span.start..span.end];
        let mut sections: Vec<Section> = Vec::new();
        let mut current: Option<(String, Span)> = None;
        for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    ..
                }) => {
                    let at = Span::new(span.start + range.start, span.start + range.end);
                    current = Some((String::new(), at));
                }
                Event::Text(t) | Event::Code(t) if current.is_some() => {
                    if let Some((h, _)) = current.as_mut() {
                        h.push_str(&t);
                    }
                }
                Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                    if let Some((heading, at)) = current.take() {
                        let heading = heading.trim().to_string();
                        let numeral = numeral_of(&heading);
                        sections.push(Section {
                            part: None,
                            heading,
                            heading_span: trim_line(file, at),
                            content: Span::new(at.end, span.end),
                            numeral,
                        });
                    }
                }
                _ => {}
            }
        }
        for i in 1..sections.len() {
            let next = sections[i].heading_span.start;
            sections[i - 1].content.end = next;
        }
        classify(&mut sections);
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
        let official = PARTS[part].1;
        written.contains(&normalise(official.simp)) || written.contains(&normalise(official.trad))
    }
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

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !"、，,。.：:；;（）()“”\"'".contains(*c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Body {
        let f = SourceFile::new("t".into(), "t".into(), text.to_string());
        Body::parse(&f, Span::new(0, text.len()))
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
