//! Charts as plain SVG written at build time: no JavaScript, no font metrics, styled by the
//! theme's CSS (text in the page's colour, so it shows in dark and forced-colours modes). The
//! drawing is 360 units wide, about the width it is shown at on a phone, so that its text keeps
//! its size there. Every chart has axis titles, a title and a description that lists every
//! figure (its text alternative); the figures are also in a table on the same page.

use std::fmt::Write;

use super::escape::escape;

/// What a chart's axes count.
pub struct Axes<'a> {
    /// Under the labels (e.g. 年度).
    pub x: &'a str,
    /// Along the values (e.g. 件数).
    pub y: &'a str,
}

const W: f64 = 360.0;
/// Narrowest room a label gets before some are left out (every figure stays in the description).
const LABEL_ROOM: f64 = 50.0;

/// The opening tag with the title and the description: `id` makes their ids unique on the page.
fn open(id: &str, h: f64, title: &str, items: &[(String, u64)], unit: &str) -> String {
    let mut desc = String::new();
    for (i, (label, v)) in items.iter().enumerate() {
        let _ = write!(desc, "{}{label}：{v}{unit}", if i > 0 { "；" } else { "" });
    }
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape(title),
        escape(&desc)
    )
}

/// Vertical bars, one per label (e.g. years), for a trend.
pub fn columns(id: &str, title: &str, axes: Axes, items: &[(String, u64)]) -> String {
    let (h, left, right, top, bottom) = (250.0, 30.0, 6.0, 24.0, 50.0);
    let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1) as f64;
    let n = items.len().max(1) as f64;
    let slot = (W - left - right) / n;
    // Labels and values every `every` bars when they would not fit side by side.
    let every = (LABEL_ROOM / slot).ceil().max(1.0) as usize;
    let mut svg = open(id, h, title, items, "");
    let base = h - bottom;
    for (i, (label, v)) in items.iter().enumerate() {
        let bh = (*v as f64 / max) * (base - top);
        let x = left + slot * i as f64 + slot * 0.15;
        let mid = x + slot * 0.35;
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\"/>",
            base - bh,
            slot * 0.7
        );
        if i % every == 0 || i + 1 == items.len() {
            let _ = write!(
                svg,
                "<text class=\"value\" x=\"{mid:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{v}</text><text class=\"label\" x=\"{mid:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                base - bh - 5.0,
                base + 19.0,
                escape(label)
            );
        }
    }
    let _ = write!(
        svg,
        "<line class=\"axis\" x1=\"{left}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\"/><line class=\"axis\" x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{base}\"/><text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text><text class=\"axis-title\" transform=\"translate(16 {:.1}) rotate(-90)\" text-anchor=\"middle\">{}</text></svg>",
        W - right,
        left + (W - left - right) / 2.0,
        h - 6.0,
        escape(axes.x),
        top + (base - top) / 2.0,
        escape(axes.y)
    );
    svg
}

/// Horizontal bars with long labels, for a breakdown.
pub fn rows(id: &str, title: &str, axes: Axes, items: &[(String, u64)]) -> String {
    let (row, label_w, top, bottom) = (30.0, 104.0, 6.0, 34.0);
    let h = row * items.len().max(1) as f64 + top + bottom;
    let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1) as f64;
    let room = W - label_w - 70.0;
    let mut svg = open(id, h, title, items, "");
    for (i, (label, v)) in items.iter().enumerate() {
        let y = top + row * i as f64;
        let bw = (*v as f64 / max) * room;
        let _ = write!(
            svg,
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect class=\"bar\" x=\"{label_w}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{:.1}\"/><text class=\"value\" x=\"{:.1}\" y=\"{:.1}\">{v}</text>",
            label_w - 6.0,
            y + row * 0.68,
            escape(label),
            y + 4.0,
            row - 8.0,
            label_w + bw + 5.0,
            y + row * 0.68
        );
    }
    let base = top + row * items.len() as f64;
    let _ = write!(
        svg,
        "<line class=\"axis\" x1=\"{label_w}\" y1=\"{top}\" x2=\"{label_w}\" y2=\"{base}\"/><text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text><text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text></svg>",
        label_w + room / 2.0,
        base + 24.0,
        escape(axes.y),
        label_w - 6.0,
        base + 24.0,
        escape(axes.x)
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::Axes;

    const AXES: Axes = Axes {
        x: "年度",
        y: "件数",
    };

    #[test]
    fn charts_are_svg_with_a_title_a_description_and_escaped_labels() {
        let svg = super::columns(
            "c",
            "申请数量",
            AXES,
            &[("2021".into(), 3), ("<b>".into(), 0)],
        );
        assert!(svg.starts_with("<svg") && svg.contains("<title id=\"c-t\">申请数量</title>"));
        assert!(
            svg.contains("<desc id=\"c-d\">2021：3；&lt;b&gt;：0</desc>"),
            "{svg}"
        );
        assert!(svg.contains("aria-labelledby=\"c-t c-d\""));
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert!(svg.contains(">年度</text>") && svg.contains(">件数</text>"));
        assert!(super::rows("r", "结果", AXES, &[]).ends_with("</svg>"));
    }

    #[test]
    fn crowded_labels_are_thinned_but_every_figure_is_described() {
        let items: Vec<(String, u64)> = (2008..2024).map(|y| (format!("{y}年"), 10)).collect();
        let svg = super::columns("c", "趋势", AXES, &items);
        let shown = svg.matches("class=\"label\"").count();
        assert!(shown < items.len() && shown >= 4, "{shown}");
        assert!(svg.contains("2008年") && svg.contains("2023年"));
        assert!(
            svg.contains("2015年：10"),
            "the description lists every year"
        );
    }
}
