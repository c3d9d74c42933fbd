//! Narrative Markdown to HTML. comrak, not pulldown-cmark: CommonMark's flanking rules keep
//! `**加强组织领导。**二是…` from being bold, and comrak's `cjk_friendly_emphasis` fixes exactly
//! that (pulldown-cmark 0.13 has no such option). Raw HTML is left out unless the portal
//! allows it.

use comrak::{Options, markdown_to_html};

/// Link reference definitions (`[1]: https://…`) anywhere in `markdown`, one per line. The
/// parts of a report are rendered one by one; appending these to each part lets a reference
/// link in one part use a definition written in another, as in the file as a whole.
pub fn link_definitions(markdown: &str) -> String {
    static DEF: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"^ {0,3}\[[^\]]+\]:[ \t]*\S+([ \t]+("[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$"#,
        )
        .expect("valid regex")
    });
    if !markdown.contains("]:") {
        return String::new();
    }
    let mut defs = String::new();
    for line in markdown.lines().filter(|l| DEF.is_match(l)) {
        defs.push('\n');
        defs.push_str(line);
    }
    defs
}

/// A part of a document with the document's link definitions (see [`link_definitions`]).
pub fn part_to_html(part: &str, definitions: &str, allow_html: bool) -> String {
    if definitions.is_empty() {
        return to_html(part, allow_html);
    }
    to_html(&format!("{part}\n{definitions}\n"), allow_html)
}

pub fn to_html(markdown: &str, allow_html: bool) -> String {
    let mut options = Options::default();
    options.extension.cjk_friendly_emphasis = true;
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.render.r#unsafe = allow_html;
    markdown_to_html(markdown, &options)
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn chinese_bold_lead_ins_are_strong() {
        let html = to_html(
            "**加强组织领导。**二是…\n\n**（一）主动公开情况。**本年度…",
            false,
        );
        assert!(
            html.contains("<strong>加强组织领导。</strong>二是…"),
            "{html}"
        );
        assert!(
            html.contains("<strong>（一）主动公开情况。</strong>本年度…"),
            "{html}"
        );
    }

    #[test]
    fn a_reference_link_resolves_across_parts() {
        let body = "## 一、总体情况\n\n见[公开指南][指南]。\n\n## 六、其他\n\n[指南]: https://x.gov.cn/zn \"指南\"\n";
        let defs = super::link_definitions(body);
        let html = super::part_to_html("见[公开指南][指南]。", &defs, false);
        assert!(
            html.contains("<a href=\"https://x.gov.cn/zn\" title=\"指南\">公开指南</a>"),
            "{html}"
        );
        assert_eq!(super::link_definitions("没有定义"), "");
    }

    #[test]
    fn raw_html_is_left_out_by_default() {
        let html = to_html("正文<script>alert(1)</script>", false);
        assert!(!html.contains("<script>"), "{html}");
        assert!(to_html("<b>x</b>", true).contains("<b>x</b>"));
    }
}
