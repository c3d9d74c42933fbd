//! The narrative splitter: the body into the preface and the six parts under their headings
//! (the agency's own wording kept, so N002 can say where it differs), page chrome, metadata,
//! the title, the signature and the tables left out.

use super::meta::{Meta, clean, is_chrome, is_meta_line};
use super::norm::norm;
use super::place::{Line, part_heading};

#[derive(Clone, Debug, Default)]
pub struct Narrative {
    pub preface: Vec<String>,
    /// Per part: the heading as written and its paragraphs.
    pub parts: [Option<(String, Vec<String>)>; 6],
}

/// A paragraph's Markdown: bold lead-in as `**…**`, Markdown's own marks escaped at the start.
fn markdown(l: &Line) -> String {
    let text = l.text.replace('\t', " ");
    let (lead, rest) = match l.bold_lead.filter(|&b| b > 0 && text.is_char_boundary(b)) {
        Some(b) => (clean(&text[..b]), clean(&text[b..])),
        None => (String::new(), clean(&text)),
    };
    let mut s = if lead.is_empty() {
        rest
    } else {
        format!("**{lead}**{rest}")
    };
    if s.starts_with(['#', '>', '-', '+', '*', '=', '|']) && !s.starts_with("**") {
        s.insert(0, '\\');
    }
    s
}

pub fn split(lines: &[Line], table_lines: &[bool], meta: &Meta) -> Narrative {
    let mut out = Narrative::default();
    let mut current: Option<usize> = None;
    let mut next_part = 0usize;
    for (i, l) in lines.iter().enumerate() {
        if table_lines.get(i).copied().unwrap_or(false) || meta.consumed.contains(&i) {
            continue;
        }
        let n = l.norm.as_str();
        if n.is_empty() || n.chars().all(|c| c == '|') || is_chrome(n) {
            continue;
        }
        if current.is_none() && is_meta_line(n) {
            continue;
        }
        // Above the title: the column and site names of the page, not the report.
        if meta.title_line.is_some_and(|t| i < t) && !n.contains('。') && n.chars().count() <= 40 {
            continue;
        }
        if let Some(p) = part_heading(l).filter(|&p| p >= next_part) {
            out.parts[p] = Some((
                clean(&l.text).trim_start_matches('#').trim().to_string(),
                Vec::new(),
            ));
            current = Some(p);
            next_part = p + 1;
            continue;
        }
        let para = markdown(l);
        match current.and_then(|p| out.parts[p].as_mut()) {
            Some((_, paras)) => paras.push(para),
            None => {
                // Before part 一: the agency's name and the title's repeats are not preface.
                if meta.agency.as_deref().is_some_and(|a| norm(a) == n) {
                    continue;
                }
                out.preface.push(para)
            }
        }
    }
    out
}
