//! Text output in the layout of rustc (via annotate-snippets, which lays out CJK widths right)
//! and JSON lines for machines.

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, Findings, Severity};

/// Lines longer than this (in bytes) are shown as a window of `WINDOW` bytes either side.
const MAX_SHOWN_LINE: usize = 8192;
const WINDOW: usize = 1024;

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// One finding as rustc would print it: `error[A001]: …`, `--> file:line:col`, the source
/// line and an underline.
pub fn render_text(d: &Diagnostic, color: bool) -> String {
    let file = &d.file;
    let (line, col) = d.line_col();
    let ls = file.line_start(line);
    let le = file.line_end(line);
    let source = &file.text[ls..le];
    let title = level(d.severity).primary_title(&d.message).id(d.rule.id());
    let mut groups = Vec::with_capacity(2);
    if source.trim().is_empty() {
        // Nothing to underline (empty or undecodable file): still give the location.
        groups.push(title.element(Origin::path(&file.rel).line(line).char_column(col)));
    } else if source.len() > MAX_SHOWN_LINE {
        // A very long line (a whole front matter on one line): show a window around the
        // finding, so that printing stays linear however many findings the line has.
        let at = file.floor_char(d.span.start.clamp(ls, le));
        let from = file.floor_char(at.saturating_sub(WINDOW).max(ls));
        let to = file.floor_char((at + WINDOW).min(le));
        let window = &file.text[from..to];
        let start = at - from;
        let end = file.floor_char(d.span.end.clamp(at, to)) - from;
        let end = if end <= start {
            window[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8())
        } else {
            end
        };
        let mut ann = AnnotationKind::Primary.span(start..end);
        if let Some(label) = &d.label {
            ann = ann.label(label.as_str());
        }
        groups.push(
            title
                .element(Origin::path(&file.rel).line(line).char_column(col))
                .element(Snippet::source(window).line_start(line).annotation(ann)),
        );
    } else {
        let start = file.floor_char(d.span.start.clamp(ls, le)) - ls;
        let mut end = file.floor_char(d.span.end.clamp(ls, le)) - ls;
        if end <= start {
            // Underline at least one character so the caret is visible.
            end = source[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
        }
        let mut ann = AnnotationKind::Primary.span(start..end);
        if let Some(label) = &d.label {
            ann = ann.label(label.as_str());
        }
        groups.push(
            title.element(
                Snippet::source(source)
                    .line_start(line)
                    .path(file.rel.as_str())
                    .annotation(ann),
            ),
        );
    }
    if let Some(help) = &d.help {
        groups.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    renderer.render(&groups)
}

/// One JSON object on one line, with the fields of spec §5; `more` counts the findings of the
/// same rule and file that follow unprinted (the field is left out when there are none).
pub fn render_json_line(d: &Diagnostic, more: usize) -> String {
    let (line, column) = d.line_col();
    let (end_line, end_column) = d.file.line_col(d.span.end);
    let mut value = serde_json::json!({
        "rule": d.rule.id(),
        "severity": d.severity.as_str(),
        "file": d.file.rel,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "message": d.message,
        "label": d.label,
        "help": d.help,
    });
    if more > 0
        && let Some(o) = value.as_object_mut()
    {
        o.insert("more".into(), more.into());
    }
    value.to_string()
}

/// The closing line of a text run, in Chinese.
pub fn summary_line(findings: &Findings, reports: usize, agencies: usize) -> String {
    format!(
        "检查了 {agencies} 个机构的 {reports} 份年度报告：{} 个错误，{} 个警告，{} 条提示",
        findings.count(Severity::Error),
        findings.count(Severity::Warning),
        findings.count(Severity::Info)
    )
}
