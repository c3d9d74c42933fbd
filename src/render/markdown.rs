//! Narrative Markdown to HTML. comrak, not pulldown-cmark: CommonMark's flanking rules keep
//! `**加强组织领导。**二是…` from being bold, and comrak's `cjk_friendly_emphasis` fixes exactly
//! that (pulldown-cmark 0.13 has no such option). Raw HTML is left out unless the portal
//! allows it.

use comrak::{Options, markdown_to_html};

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
    fn raw_html_is_left_out_by_default() {
        let html = to_html("正文<script>alert(1)</script>", false);
        assert!(!html.contains("<script>"), "{html}");
        assert!(to_html("<b>x</b>", true).contains("<b>x</b>"));
    }
}
