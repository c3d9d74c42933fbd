//! Views: what a page template receives about an agency or a report, made from the typed
//! model (official labels in the portal's script, figures as text, narrative as HTML).

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::labels::{self as lb, Script};
use crate::model::{Agency, Origin, Report};
use crate::render::escape::escape;
use crate::render::{markdown, tables};

/// An agency as its pages show it; its intro rendered once.
#[derive(Clone, Debug, Serialize)]
pub struct AgencyView {
    slug: String,
    pub(super) name: String,
    pub(super) short_name: Option<String>,
    pub(super) category: Option<String>,
    region: Option<String>,
    address: Option<String>,
    phone: Option<String>,
    intro: String,
}

fn text(v: &Option<crate::source::Spanned<String>>) -> Option<String> {
    v.as_ref().map(|s| s.value.clone())
}

pub fn agency_view(a: &Agency, allow_html: bool) -> AgencyView {
    AgencyView {
        slug: a.slug.clone(),
        name: text(&a.name).unwrap_or_else(|| a.slug.clone()),
        short_name: text(&a.short_name),
        category: text(&a.category),
        region: text(&a.region),
        address: text(&a.address),
        phone: text(&a.phone),
        intro: markdown::to_html(a.file.slice(a.body), allow_html),
    }
}

/// The figures shown side by side on agency and year pages.
#[derive(Serialize)]
pub(super) struct KeyFigures<'a> {
    year: i32,
    slug: &'a str,
    name: &'a str,
    published: String,
    received: String,
    disclosed: String,
    review: String,
    litigation: String,
}

pub(super) fn key_figures<'a>(r: &'a Report, name: &'a str) -> KeyFigures<'a> {
    let show = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
    let lit = r
        .litigation_direct
        .total()
        .zip(r.litigation_after_review.total())
        .map(|(a, b)| a + b);
    KeyFigures {
        year: r.the_year().unwrap_or_default(),
        slug: &r.agency,
        name,
        published: published_text(r),
        received: show(r.applications.received.total()),
        disclosed: show(r.applications.results[lb::row::DISCLOSED].total()),
        review: show(r.review.total()),
        litigation: show(lit),
    }
}

pub(super) fn published_text(r: &Report) -> String {
    r.published.as_ref().map_or("未注明".to_string(), |d| {
        d.value.format("%Y-%m-%d").to_string()
    })
}

#[derive(Serialize)]
struct Part {
    heading: String,
    html: String,
    /// The official table of this part, as HTML.
    table: Option<String>,
    extras: Vec<Extra>,
}

#[derive(Serialize)]
struct Extra {
    heading: String,
    html: String,
}

#[derive(Serialize)]
pub(super) struct ReportView {
    year: i32,
    pub(super) title: String,
    index_no: Option<String>,
    subject: Option<String>,
    source_url: Option<String>,
    signed_by: String,
    published: String,
    /// The publication date as written (`YYYY-MM-DD`), when there is one.
    pub_date: Option<String>,
    format_label: &'static str,
    preface: String,
    parts: Vec<Part>,
    imported_notes: Vec<String>,
    previous: Option<i32>,
    next: Option<i32>,
    key_figures: Vec<Change>,
}

/// A key figure with its change against the agency's previous report.
#[derive(Serialize)]
struct Change {
    label: &'static str,
    value: String,
    previous: String,
    change: String,
}

/// How a key figure is read off a report.
type Pick = (lb::Label, fn(&Report) -> Option<u64>);

fn changes(r: &Report, prev: Option<&Report>, script: Script) -> Vec<Change> {
    let picks: [Pick; 5] = [
        (lb::KEY_RECEIVED, |r| r.applications.received.total()),
        (lb::KEY_DISCLOSED, |r| {
            r.applications.results[lb::row::DISCLOSED].total()
        }),
        (lb::KEY_RESULTS_TOTAL, |r| r.applications.results_total()),
        (lb::REVIEW, |r| r.review.total()),
        (lb::LITIGATION, |r| {
            Some(r.litigation_direct.total()? + r.litigation_after_review.total()?)
        }),
    ];
    picks
        .iter()
        .map(|(label, get)| {
            let now = get(r);
            let before = prev.and_then(get);
            let change = match (now, before) {
                (Some(a), Some(b)) if a == b => "0".to_string(),
                (Some(a), Some(b)) if a > b => format!("+{}", a - b),
                (Some(a), Some(b)) => format!("−{}", b - a),
                _ => String::new(),
            };
            Change {
                label: label.get(script),
                value: now.map(|v| v.to_string()).unwrap_or_default(),
                previous: before.map(|v| v.to_string()).unwrap_or_default(),
                change,
            }
        })
        .collect()
}

pub(super) fn report_view(
    r: &Report,
    agency_name: &str,
    script: Script,
    allow_html: bool,
    findings: &[&Diagnostic],
    previous: Option<&Report>,
    next: Option<i32>,
) -> ReportView {
    let year = r.the_year().unwrap_or_default();
    let body = r.file.text.get(r.front_matter.end..).unwrap_or("");
    let definitions = markdown::link_definitions(body);
    let md = |span| markdown::part_to_html(r.file.slice(span), &definitions, allow_html);
    let mut parts: Vec<Part> = lb::PARTS
        .iter()
        .enumerate()
        .map(|(i, (numeral, label))| Part {
            heading: format!("{numeral}、{}", label.get(script)),
            html: String::new(),
            table: match i {
                1 => Some(tables::proactive(&r.proactive, script).to_html()),
                2 => Some(tables::applications(&r.applications, r.format, script).to_html()),
                3 => Some(
                    tables::review(
                        [&r.review, &r.litigation_direct, &r.litigation_after_review],
                        script,
                    )
                    .to_html(),
                ),
                _ => None,
            },
            extras: Vec::new(),
        })
        .collect();
    let mut preface = md(r.body.preface);
    let mut last: Option<usize> = None;
    for s in &r.body.sections {
        match s.part {
            Some(p) => {
                parts[p].html.push_str(&md(s.content));
                last = Some(p);
            }
            None => {
                let extra = Extra {
                    heading: s.heading.clone(),
                    html: md(s.content),
                };
                match last {
                    Some(p) => parts[p].extras.push(extra),
                    None => {
                        preface.push_str(&format!("<h2>{}</h2>", escape(&extra.heading)));
                        preface.push_str(&extra.html);
                    }
                }
            }
        }
    }
    ReportView {
        year,
        title: r.title.as_ref().map_or_else(
            || lb::report_title(agency_name, year, script),
            |t| t.value.clone(),
        ),
        index_no: r.index_no.as_ref().map(|s| s.value.clone()),
        subject: r.subject.as_ref().map(|s| s.value.clone()),
        source_url: r.source_url.as_ref().map(|s| s.value.clone()),
        signed_by: r
            .signed_by
            .as_ref()
            .map_or(agency_name.to_string(), |s| s.value.clone()),
        published: published_text(r),
        pub_date: r
            .published
            .as_ref()
            .map(|d| d.value.format("%Y-%m-%d").to_string()),
        format_label: lb::format_label(r.format).get(script),
        preface,
        parts,
        imported_notes: if r.origin == Origin::Imported {
            findings
                .iter()
                .filter(|d| d.rule.is_arithmetic() && d.severity != Severity::Info)
                .map(|d| {
                    d.message
                        .trim_end_matches("（按原样收录的已发布报告，仅作提示）")
                        .to_string()
                })
                .collect()
        } else {
            Vec::new()
        },
        previous: previous.and_then(|p| p.the_year()),
        next,
        key_figures: changes(
            r,
            previous.filter(|p| p.the_year() == Some(year - 1)),
            script,
        ),
    }
}
