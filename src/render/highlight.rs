//! The 数据源 view: a report's front matter highlighted by syntect's YAML grammar, its comments
//! left out (editors' notes and the scaffold's instructions are not the data), as
//! `<span class="hl-…">` (colours live in the stylesheet).
//!
//! syntect takes about 1.8 ms for one report's front matter, which would be 18 s of a
//! 10,000-report build. Reports are written from one template, so their lines repeat once
//! the figures are set aside: each line is highlighted with its digits read as `1` (a number
//! stays a number, a date a date), and the result is kept per worker thread, keyed by the
//! parser's state before the line and that line. A repeated line costs a lookup and a copy
//! that puts its own digits back.

use std::cell::RefCell;
use std::sync::LazyLock;

use syntect::parsing::{BasicScopeStackOp, ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxSet};

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The scopes that get a colour, most specific first, and their short classes (styled under
/// `pre.hl` in the stylesheet). syntect's own class names ran to 40 bytes a token and more
/// than doubled the report page.
static CLASSES: LazyLock<Vec<(Scope, &'static str)>> = LazyLock::new(|| {
    [
        ("comment", "c"),
        ("entity.name.tag", "k"),
        ("constant.numeric", "n"),
        ("constant.language", "b"),
        ("constant.other.timestamp", "d"),
        // Plain scalars (most values, and keys under their tag scope) stay uncoloured.
        ("string.quoted", "s"),
        ("string.unquoted.block", "s"),
        ("variable", "v"),
        ("entity.other", "m"),
        ("keyword", "m"),
        ("storage", "m"),
    ]
    .into_iter()
    .filter_map(|(scope, class)| Some((Scope::new(scope).ok()?, class)))
    .collect()
});

fn class_of(scope: Scope) -> Option<&'static str> {
    CLASSES
        .iter()
        .find(|(prefix, _)| prefix.is_prefix_of(scope))
        .map(|(_, class)| *class)
}

/// Entries kept per thread before the memo starts afresh (a bound on memory for portals
/// whose lines never repeat).
const MAX_LINES: usize = 200_000;
/// And bytes: a dev server that highlights many long, never-repeating comments must not grow
/// without bound.
const MAX_BYTES: usize = 32 << 20;

/// Where the highlighter stands between lines: the parser, the scopes, and which of those
/// scopes opened a `<span>` of which class.
#[derive(Clone, PartialEq, Eq)]
struct State {
    parse: ParseState,
    scopes: ScopeStack,
    spans: Vec<Option<&'static str>>,
}

struct Line {
    /// The line's HTML made from the line with each digit as `1`. Tags and escapes hold no
    /// digits, so the n-th digit of `html` is the n-th digit of the line.
    html: String,
    opened: isize,
    next: usize,
}

#[derive(Default)]
struct Memo {
    states: Vec<State>,
    /// By the state's number, a NUL, and the line with its digits as `1`.
    lines: rustc_hash::FxHashMap<String, Line>,
    /// What `lines` holds, in bytes of keys and HTML.
    bytes: usize,
}

impl Memo {
    fn state_id(&mut self, state: State) -> usize {
        match self.states.iter().position(|s| *s == state) {
            Some(i) => i,
            None => {
                self.states.push(state);
                self.states.len() - 1
            }
        }
    }
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// `<pre class="hl"><code>…</code></pre>` for a YAML text; plain escaped text if the grammar
/// fails on it.
pub fn yaml(text: &str) -> String {
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.lines.len() > MAX_LINES || memo.bytes > MAX_BYTES {
            *memo = Memo::default();
        }
        highlight(&mut memo, text).unwrap_or_else(|| {
            let mut out = String::from("<pre class=\"hl\"><code>");
            super::escape::escape_into(&mut out, text);
            out.push_str("</code></pre>");
            out
        })
    })
}

/// The class of comments: left out of the page, with the blanks before them and the lines
/// they stood alone on. Editors' notes and `nianbao new`'s instructions are not the data.
const COMMENT: &str = "c";

/// One line's HTML from syntect's scope operations; returns the spans left open (or closed,
/// if negative).
fn line_html(
    line: &str,
    ops: &[(usize, ScopeStackOp)],
    state: &mut State,
    out: &mut String,
) -> Option<isize> {
    let start = out.len();
    let mut at = 0;
    let mut opened = 0;
    // The class of the span closed last and where the output ended then.
    let mut closed: Option<(&'static str, usize)> = None;
    // While inside a comment: the depth of the span stack where it opened.
    let mut comment: Option<usize> = None;
    let mut had_comment = false;
    // Text inside a comment is dropped, but a line end it holds is kept.
    let text = |out: &mut String, t: &str, in_comment: bool| {
        if in_comment {
            out.extend(t.chars().filter(|&c| c == '\n'));
        } else {
            super::escape::escape_into(out, t);
        }
    };

    for (i, op) in ops {
        if *i > at {
            text(out, line.get(at..*i)?, comment.is_some());
            at = *i;
        }
        let spans = &mut state.spans;
        state
            .scopes
            .apply_with_hook(op, |basic, _| match basic {
                BasicScopeStackOp::Push(scope) => {
                    let class = class_of(scope);
                    spans.push(class);
                    if comment.is_none() && class == Some(COMMENT) {
                        comment = Some(spans.len());
                        had_comment = true;
                        // The blanks between the value and the comment go too.
                        let kept = out[start..].trim_end_matches([' ', '\t']).len();
                        out.truncate(start + kept);
                        return;
                    }
                    if comment.is_some() {
                        return;
                    }
                    if let Some(class) = class {
                        // A span of the same class that has just closed is reopened rather
                        // than repeated (the grammar splits some keys in two).
                        if closed == Some((class, out.len())) {
                            out.truncate(out.len() - "</span>".len());
                        } else {
                            out.push_str("<span class=\"");
                            out.push_str(class);
                            out.push_str("\">");
                        }
                        opened += 1;
                    }
                }
                BasicScopeStackOp::Pop => {
                    let depth = spans.len();
                    let class = spans.pop().flatten();
                    if let Some(d) = comment {
                        if depth == d {
                            comment = None;
                        }
                        return;
                    }
                    if let Some(class) = class {
                        out.push_str("</span>");
                        opened -= 1;
                        closed = Some((class, out.len()));
                    }
                }
            })
            .ok()?;
    }
    text(out, line.get(at..)?, comment.is_some());
    // A line that held nothing but a comment is left out whole.
    if had_comment && out[start..].trim().is_empty() {
        out.truncate(start);
    }
    Some(opened)
}

fn highlight(memo: &mut Memo, text: &str) -> Option<String> {
    let syntax = SYNTAXES.find_syntax_by_extension("yaml")?;
    let start = State {
        parse: ParseState::new(syntax),
        scopes: ScopeStack::new(),
        spans: Vec::new(),
    };
    let mut state = memo.state_id(start);
    let mut out = String::with_capacity(text.len() * 2);
    out.push_str("<pre class=\"hl\"><code>");
    let mut open: isize = 0;
    let mut key = String::new();
    for line in text.split_inclusive('\n') {
        key.clear();
        key.push_str(&state.to_string());
        key.push('\0');
        let normal = key.len();
        key.extend(
            line.chars()
                .map(|c| if c.is_ascii_digit() { '1' } else { c }),
        );
        let cached = match memo.lines.get(key.as_str()) {
            Some(cached) => cached,
            None => {
                let normalised = key.get(normal..)?;
                let mut next = memo.states[state].clone();
                let ops = next.parse.parse_line(normalised, &SYNTAXES).ok()?;
                let mut html = String::with_capacity(line.len() * 2);
                let opened = line_html(normalised, &ops, &mut next, &mut html)?;
                let next = memo.state_id(next);
                memo.bytes += key.len() + html.len();
                memo.lines
                    .entry(key.clone())
                    .or_insert(Line { html, opened, next })
            }
        };
        // Copy the line's HTML, its own digits back in place of the 1s.
        let mut own = line.bytes().filter(u8::is_ascii_digit);
        let mut from = 0;
        for at in memchr::memchr_iter(b'1', cached.html.as_bytes()) {
            out.push_str(cached.html.get(from..at)?);
            out.push(own.next().map_or('1', char::from));
            from = at + 1;
        }
        out.push_str(cached.html.get(from..)?);
        open += cached.opened;
        state = cached.next;
    }
    for _ in 0..open.max(0) {
        out.push_str("</span>");
    }
    out.push_str("</code></pre>");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same highlighting without the memo, digits read as they are.
    fn direct(text: &str) -> String {
        let syntax = SYNTAXES.find_syntax_by_extension("yaml").expect("yaml");
        let mut state = State {
            parse: ParseState::new(syntax),
            scopes: ScopeStack::new(),
            spans: Vec::new(),
        };
        let mut out = String::from("<pre class=\"hl\"><code>");
        let mut open = 0;
        for line in text.split_inclusive('\n') {
            let ops = state.parse.parse_line(line, &SYNTAXES).expect("parse");
            open += line_html(line, &ops, &mut state, &mut out).expect("html");
        }
        for _ in 0..open {
            out.push_str("</span>");
        }
        out + "</code></pre>"
    }

    #[test]
    fn same_as_direct_and_repeats_are_copies() {
        let text = "year: 2023 # 年度\nagency: \"某局\"\nproactive:\n  regulations: [4, 3, 120]\n  it's: 'a <b> & c'\nok: true\nnote: |\n  第1行\n  第2行\n";
        let first = yaml(text);
        assert_eq!(first, direct(text));
        for (class, token) in [
            ("k", "regulations"),
            ("n", "120"),
            ("b", "true"),
            ("s", "&quot;某局"),
        ] {
            assert!(
                first.contains(&format!("<span class=\"{class}\">{token}")),
                "{class} {token}: {first}"
            );
        }
        assert!(first.contains("&lt;b&gt; &amp; c"));
        let other = text
            .replace("2023", "2024")
            .replace("[4, 3, 120]", "[7, 0, 95]");
        assert_eq!(yaml(&other), direct(&other));
        assert!(yaml(&other).contains(">95<"));
    }

    /// The text a reader sees in the view, tags and escapes undone.
    fn shown(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    #[test]
    fn comments_are_left_out_and_the_figures_stay() {
        let text = "---\n# 原文：某局2021年报告，编辑备注 12 处\nyear: 2021 # 年度 2020？\ntitle: \"#1 不是注释\"\napplications:\n  # 原表只填了总计栏\n  received: [27, 0, 0, 0, 0, 0]   # 本年新收 9\nnote: |\n  # 块内的井号是正文\n---\n";
        let view = shown(&yaml(text));
        assert_eq!(
            view,
            "---\nyear: 2021\ntitle: \"#1 不是注释\"\napplications:\n  received: [27, 0, 0, 0, 0, 0]\nnote: |\n  # 块内的井号是正文\n---\n"
        );
        // Twice: the second time from the memo, with its own digits.
        let again = text.replace("27", "31").replace("2021", "2022");
        assert_eq!(
            shown(&yaml(&again)),
            view.replace("27", "31").replace("2021", "2022")
        );
        assert!(!yaml(text).contains("class=\"c\""));
    }
}
