//! Text normalisation for matching, in one place: what the placer compares is never what the
//! writer prints (the narrative keeps the agency's own characters).

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::model::labels::{self as lb, IMPORT_TRAD_EXTRA, Label};

/// Traditional → simplified, for the characters of the official labels (zipped from the label
/// table) and the extra ones real pages carry.
static TRAD: LazyLock<FxHashMap<char, char>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    let mut add = |l: Label| {
        if l.simp.chars().count() == l.trad.chars().count() {
            for (s, t) in l.simp.chars().zip(l.trad.chars()) {
                if s != t {
                    map.insert(t, s);
                }
            }
        }
    };
    for (_, l) in lb::PARTS {
        add(l);
    }
    for d in lb::RESULT_ROWS {
        add(d.label);
    }
    for l in lb::APPLICANT_COLUMNS.into_iter().chain(lb::CASE_COLUMNS) {
        add(l);
    }
    for l in [
        lb::ART20_1,
        lb::INFO_CONTENT,
        lb::REGULATIONS,
        lb::NORMATIVE_2021,
        lb::LICENSING,
        lb::OTHER_SERVICES,
        lb::PUNISHMENT,
        lb::COERCION,
        lb::FEES,
        lb::PROCUREMENT,
        lb::ISSUED,
        lb::REPEALED,
        lb::IN_FORCE,
        lb::DECISIONS_2021,
        lb::FEE_AMOUNT_2021,
        lb::MADE,
        lb::PUBLISHED,
        lb::TOTAL_PUBLISHED,
        lb::PREVIOUS,
        lb::CHANGE,
        lb::PROJECTS,
        lb::PROCUREMENT_AMOUNT,
        lb::APPLICANTS,
        lb::LEGAL_PERSONS,
        lb::TOTAL,
        lb::BALANCE_NOTE,
        lb::RECEIVED,
        lb::CARRIED_OVER,
        lb::RESULTS,
        lb::RESULTS_TOTAL,
        lb::CARRIED_FORWARD,
        lb::REVIEW,
        lb::LITIGATION,
        lb::LITIGATION_DIRECT,
        lb::LITIGATION_AFTER_REVIEW,
    ] {
        add(l);
    }
    for &(t, s) in IMPORT_TRAD_EXTRA {
        map.insert(t, s);
    }
    map
});

/// The one normalisation used for matching: pinyin glosses removed, full-width forms to
/// half-width, every kind of space (`&nbsp;`, U+3000) removed, traditional to simplified for
/// the characters reports use, and the punctuation variants reports mix unified.
pub fn norm(text: &str) -> String {
    let text = strip_glosses(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = half_width(c);
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' || c == '\u{feff}' {
            continue;
        }
        let c = TRAD.get(&c).copied().unwrap_or(c);
        let c = match c {
            '〔' | '［' => '[',
            '〕' | '］' => ']',
            '—' | '－' | '–' => '-',
            '”' | '“' | '"' => '"',
            c => c,
        };
        out.push(c);
    }
    out
}

/// Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space to their ASCII twins.
pub fn half_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' | '\u{a0}' => ' ',
        c => c,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

fn has_tone(s: &str) -> bool {
    s.chars()
        .any(|c| "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ".contains(c))
}

/// Remove pinyin glosses that converter sites insert after characters: `長(zhǎng)興` →
/// `長興`. Only a parenthesised Latin syllable right after a Chinese character, carrying a tone
/// mark, is a gloss; `(一)` or `(PDF)` stay.
pub fn strip_glosses(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('(') && !text.contains('（') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut prev: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        if (c == '(' || c == '（') && prev.is_some_and(is_cjk) {
            let after = &rest[c.len_utf8()..];
            let end = after.find([')', '）']);
            if let Some(end) = end {
                let inner = &after[..end];
                let ok = !inner.is_empty()
                    && inner.chars().count() <= 7
                    && inner
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || has_tone(&ch.to_string()))
                    && has_tone(inner);
                if ok {
                    let close = after[end..].chars().next().map_or(1, char::len_utf8);
                    rest = &after[end + close..];
                    continue;
                }
            }
        }
        out.push(c);
        prev = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(out)
}

/// Whether `text` (normalised) contains any of `words`.
pub fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glosses_go_and_labels_meet() {
        assert_eq!(strip_glosses("大連長(zhǎng)興島"), "大連長興島");
        assert_eq!(strip_glosses("總計(jì)"), "總計");
        assert_eq!(strip_glosses("（一）予以公开"), "（一）予以公开");
        assert_eq!(norm("總計(jì)"), "总计");
        assert_eq!(
            norm("（二）部分公開（區(qū)分處(chǔ)理的"),
            "(二)部分公开(区分处理的"
        );
        assert_eq!(norm("\u{a0}规 范\u{3000}性文件 "), "规范性文件");
    }
}
