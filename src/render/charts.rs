//! Charts as plain SVG written at build time: no JavaScript, no font metrics, styled by the
//! theme's CSS. Every chart comes with a sentence that says what it shows; the figures are
//! also in a table on the same page.

use super::escape::escape;

/// Vertical bars, one per label (e.g. years), for a trend.
pub fn columns(title: &str, items: &[(String, u64)]) -> String {
    let (w, h, pad) = (560.0, 220.0, 28.0);
    let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1) as f64;
    let n = items.len().max(1) as f64;
    let slot = (w - 2.0 * pad) / n;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        escape(title),
        escape(title)
    );
    for (i, (label, v)) in items.iter().enumerate() {
        let bh = (*v as f64 / max) * (h - 2.0 * pad - 16.0);
        let x = pad + slot * i as f64 + slot * 0.2;
        let y = h - pad - bh;
        svg.push_str(&format!(
            "<rect class=\"bar\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bh:.1}\"/><text class=\"value\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{v}</text><text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            slot * 0.6,
            x + slot * 0.3,
            y - 4.0,
            x + slot * 0.3,
            h - pad + 16.0,
            escape(label)
        ));
    }
    svg.push_str(&format!(
        "<line class=\"axis\" x1=\"{pad}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/></svg>",
        h - pad,
        w - pad,
        h - pad
    ));
    svg
}

/// Horizontal bars with long labels, for a breakdown.
pub fn rows(title: &str, items: &[(String, u64)]) -> String {
    let (w, row, label_w, pad) = (560.0, 26.0, 190.0, 8.0);
    let h = row * items.len().max(1) as f64 + 2.0 * pad;
    let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1) as f64;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        escape(title),
        escape(title)
    );
    for (i, (label, v)) in items.iter().enumerate() {
        let y = pad + row * i as f64;
        let bw = (*v as f64 / max) * (w - label_w - 60.0);
        svg.push_str(&format!(
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect class=\"bar\" x=\"{label_w}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{:.1}\"/><text class=\"value\" x=\"{:.1}\" y=\"{:.1}\">{v}</text>",
            label_w - 6.0,
            y + row * 0.65,
            escape(label),
            y + 4.0,
            row - 8.0,
            label_w + bw + 4.0,
            y + row * 0.65
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    #[test]
    fn charts_are_svg_with_a_title_and_escaped_labels() {
        let svg = super::columns("申请数量", &[("2021".into(), 3), ("<b>".into(), 0)]);
        assert!(svg.starts_with("<svg") && svg.contains("<title>申请数量</title>"));
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert!(super::rows("结果", &[]).ends_with("</svg>"));
    }
}
