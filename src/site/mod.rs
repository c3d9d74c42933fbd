//! `nianbao build`: load → check → render → write, in that order, the site assembled in
//! memory and written atomically.

pub mod output;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::content::{LoadError, Site};
use crate::diagnostics::{Diagnostic, Findings, Severity};
use crate::model::labels::{self as lb, Script};
use crate::model::{Agency, Format, Origin, Report};
use crate::render::{SiteView, Theme, data, markdown, tables};

pub struct BuildOptions {
    /// Show a progress bar on stdout once the build has run for a second.
    pub progress: bool,
    pub output: Option<PathBuf>,
    /// Build without the reports that have errors instead of failing.
    pub skip_invalid: bool,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub today: NaiveDate,
}

/// One line of the build log: what a phase did, how many, how long.
pub struct Phase {
    pub name: &'static str,
    pub count: usize,
    pub took: Duration,
}

pub struct Built {
    pub output: PathBuf,
    /// Reports left out by `--skip-invalid`, by file.
    pub skipped: Vec<String>,
    pub files: usize,
    pub reports: usize,
    pub findings: Findings,
    pub phases: Vec<Phase>,
}

#[derive(Debug)]
pub enum BuildError {
    Load(LoadError),
    /// Reports with errors are not published; the findings say which.
    Invalid(Findings),
    Template(String),
    Output(String),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Load(e) => write!(f, "{e}"),
            BuildError::Invalid(findings) => write!(
                f,
                "有 {} 个错误，网站未生成（有错误的报告不能发布）",
                findings.count(Severity::Error)
            ),
            BuildError::Template(e) | BuildError::Output(e) => f.write_str(e),
        }
    }
}

pub fn build(root: &Path, opts: &BuildOptions) -> Result<Built, BuildError> {
    let mut phases = Vec::new();
    let t = Instant::now();
    let run = crate::check(root, opts.today).map_err(BuildError::Load)?;
    let site = &run.site;
    phases.push(Phase {
        name: "读取并检查",
        count: site.reports.len(),
        took: t.elapsed(),
    });
    // Reports with errors are never published. With --skip-invalid they are left out, as long
    // as every error is in a report (a broken agency or site.toml still stops the build).
    let bad: std::collections::HashSet<&str> = run
        .findings
        .items
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.file.rel.as_str())
        .collect();
    let reports: std::collections::HashSet<&str> =
        site.reports.iter().map(|r| r.file.rel.as_str()).collect();
    if !bad.is_empty() && (!opts.skip_invalid || bad.iter().any(|f| !reports.contains(f))) {
        return Err(BuildError::Invalid(run.findings));
    }
    let mut skipped: Vec<String> = bad.iter().map(|f| f.to_string()).collect();
    skipped.sort();
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| root.join(&site.config.output_dir));
    output::check_output(root, &output).map_err(BuildError::Output)?;

    let t = Instant::now();
    let theme = Theme::load(root, &site.config.theme).map_err(|e| BuildError::Template(e.0))?;
    let staging = output::Staging::new(&output).map_err(BuildError::Output)?;
    // The portal-wide downloads do not depend on the pages: they are written alongside them.
    let for_download: Vec<data::ReportData> = site
        .reports
        .par_iter()
        .filter(|r| published(r, opts) && !skipped.contains(&r.file.rel))
        .map(|r| report_data(site, r))
        .collect();
    // About how many files the build writes, for the progress bar.
    let expected = for_download.len() * 3 + site.agencies.len() + site.pages.len() + 64;
    let done = std::sync::atomic::AtomicBool::new(false);
    let (pages, downloaded) = std::thread::scope(|scope| {
        if opts.progress {
            scope.spawn(|| progress(&staging, expected, &done));
        }
        let result = rayon::join(
            || {
                render_site(
                    site,
                    &theme,
                    opts,
                    &run.findings.items,
                    &skipped,
                    &for_download,
                    &staging,
                )
            },
            || downloads(&staging, &site.config.title, &for_download),
        );
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        result
    });
    pages?;
    downloaded?;
    let files = staging.count();
    phases.push(Phase {
        name: "页面和数据",
        count: files,
        took: t.elapsed(),
    });
    let t = Instant::now();
    staging.commit().map_err(BuildError::Output)?;
    phases.push(Phase {
        name: "换上新网站",
        count: files,
        took: t.elapsed(),
    });
    let skipped_count = skipped.len();
    Ok(Built {
        output,
        skipped,
        files,
        reports: site.reports.iter().filter(|r| published(r, opts)).count() - skipped_count,
        findings: run.findings,
        phases,
    })
}

/// A progress bar on stdout, shown only when the build has taken more than a second.
fn progress(staging: &output::Staging, expected: usize, done: &std::sync::atomic::AtomicBool) {
    use std::sync::atomic::Ordering;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) {
        if done.load(Ordering::Relaxed) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(expected as u64),
        indicatif::ProgressDrawTarget::stdout(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 个文件 {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    while !done.load(Ordering::Relaxed) {
        bar.set_position(staging.count().min(expected) as u64);
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}

fn published(r: &Report, opts: &BuildOptions) -> bool {
    r.the_year().is_some() && (opts.drafts || !r.draft)
}

#[derive(Serialize)]
struct AgencyView<'a> {
    slug: &'a str,
    name: &'a str,
    short_name: Option<&'a str>,
    category: Option<&'a str>,
    region: Option<&'a str>,
    address: Option<&'a str>,
    phone: Option<&'a str>,
    intro: String,
}

fn text(v: &Option<crate::source::Spanned<String>>) -> Option<&str> {
    v.as_ref().map(|s| s.value.as_str())
}

fn agency_view(a: &Agency, allow_html: bool) -> AgencyView<'_> {
    AgencyView {
        slug: &a.slug,
        name: text(&a.name).unwrap_or(&a.slug),
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
struct KeyFigures<'a> {
    year: i32,
    slug: &'a str,
    name: &'a str,
    published: String,
    received: String,
    disclosed: String,
    review: String,
    litigation: String,
}

fn key_figures<'a>(r: &'a Report, name: &'a str) -> KeyFigures<'a> {
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
        disclosed: show(r.applications.results[0].total()),
        review: show(r.review.total()),
        litigation: show(lit),
    }
}

fn published_text(r: &Report) -> String {
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
struct ReportView {
    year: i32,
    title: String,
    index_no: Option<String>,
    signed_by: String,
    published: String,
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
type Pick = (&'static str, fn(&Report) -> Option<u64>);

fn changes(r: &Report, prev: Option<&Report>) -> Vec<Change> {
    let picks: [Pick; 5] = [
        ("新收政府信息公开申请", |r| {
            r.applications.received.total()
        }),
        ("予以公开", |r| r.applications.results[0].total()),
        ("办理结果总计", |r| r.applications.results_total()),
        ("行政复议", |r| r.review.total()),
        ("行政诉讼", |r| {
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
                label,
                value: now.map(|v| v.to_string()).unwrap_or_default(),
                previous: before.map(|v| v.to_string()).unwrap_or_default(),
                change,
            }
        })
        .collect()
}

fn report_view(
    r: &Report,
    agency_name: &str,
    script: Script,
    allow_html: bool,
    findings: &[&Diagnostic],
    previous: Option<&Report>,
    next: Option<i32>,
) -> ReportView {
    let year = r.the_year().unwrap_or_default();
    let md = |span| markdown::to_html(r.file.slice(span), allow_html);
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
        title: r
            .title
            .as_ref()
            .map_or_else(|| lb::default_title(year, script), |t| t.value.clone()),
        index_no: r.index_no.as_ref().map(|s| s.value.clone()),
        signed_by: r
            .signed_by
            .as_ref()
            .map_or(agency_name.to_string(), |s| s.value.clone()),
        published: published_text(r),
        format_label: match r.format {
            Format::F2021 => "2021年版（国办公开办函〔2021〕30号）",
            Format::F2019 => "2019年版（国办公开办函〔2019〕60号）",
        },
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
        key_figures: changes(r, previous.filter(|p| p.the_year() == Some(year - 1))),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn page(
    out: &output::Staging,
    theme: &Theme,
    template: &str,
    ctx: &Context,
    path: String,
) -> Result<(), BuildError> {
    let html = theme
        .render(template, ctx)
        .map_err(|e| BuildError::Template(e.0))?;
    out.write(&path, html.as_bytes())
        .map_err(BuildError::Output)
}

fn file(out: &output::Staging, path: &str, bytes: &[u8]) -> Result<(), BuildError> {
    out.write(path, bytes).map_err(BuildError::Output)
}

fn render_site(
    site: &Site,
    theme: &Theme,
    opts: &BuildOptions,
    findings: &[Diagnostic],
    skipped: &[String],
    figures: &[data::ReportData],
    out: &output::Staging,
) -> Result<(), BuildError> {
    let script = site.config.script;
    // Each published report's figures, computed once for the downloads, by report file.
    let figures_of: std::collections::HashMap<(&str, i32), &data::ReportData> = figures
        .iter()
        .map(|d| ((d.agency.as_str(), d.year), d))
        .collect();
    let figures_of = &figures_of;
    let allow_html = site.config.allow_html;
    // Each agency's view (its intro rendered once), shared by all its pages.
    let views: std::collections::HashMap<&str, AgencyView> = site
        .agencies
        .par_iter()
        .map(|a| (a.slug.as_str(), agency_view(a, allow_html)))
        .collect();
    let views = &views;
    let reports: Vec<&Report> = site
        .reports
        .iter()
        .filter(|r| published(r, opts) && !skipped.contains(&r.file.rel))
        .collect();
    let mut by_agency: BTreeMap<&str, Vec<&Report>> = BTreeMap::new();
    for r in &reports {
        by_agency.entry(r.agency.as_str()).or_default().push(r);
    }
    let years: Vec<i32> = {
        let mut y: Vec<i32> = reports.iter().filter_map(|r| r.the_year()).collect();
        y.sort_unstable();
        y.dedup();
        y.reverse();
        y
    };
    // Static files first: the stylesheet's version is its content hash.
    let mut css_version = String::from("0");
    for (rel, path) in &theme.static_files {
        let bytes = if path.as_os_str().is_empty() {
            crate::render::DEFAULT_CSS.as_bytes().to_vec()
        } else {
            std::fs::read(path)
                .map_err(|e| BuildError::Output(format!("无法读取 {}：{e}", path.display())))?
        };
        if rel == "style.css" {
            css_version = format!("{:08x}", fnv(&bytes));
        }
        file(out, &format!("static/{rel}"), &bytes)?;
    }
    let base_url = opts.base_url.as_deref().unwrap_or(&site.config.base_url);
    let base_url = base_url.to_string();
    let base_url = base_url.as_str();
    let view = SiteView::new(&site.config, base_url, years.clone(), css_version);
    let mut base_ctx = Context::new();
    base_ctx.insert("site", &view);
    let name_of = |slug: &str| {
        site.agency(slug)
            .and_then(|a| a.name.as_ref())
            .map_or(slug.to_string(), |n| n.value.clone())
    };

    // Report pages and their data, in parallel.
    // Findings by file, keyed by the file's address (each file is loaded once).
    let by_file: std::collections::HashMap<usize, Vec<&Diagnostic>> =
        findings.iter().fold(Default::default(), |mut m, d| {
            m.entry(std::sync::Arc::as_ptr(&d.file) as usize)
                .or_default()
                .push(d);
            m
        });
    let no_findings = Vec::new();
    let by_file = &by_file;
    let no_findings = &no_findings;
    // Each report's figures come back for the portal-wide downloads.
    by_agency
        .par_iter()
        .flat_map_iter(|(slug, list)| {
            let agency = site.agency(slug);
            let name = name_of(slug);
            let base_ctx = &base_ctx;
            list.iter()
                .enumerate()
                .map(move |(i, r)| -> Result<_, BuildError> {
                    let year = r.the_year().unwrap_or_default();
                    let own = by_file
                        .get(&(std::sync::Arc::as_ptr(&r.file) as usize))
                        .unwrap_or(no_findings);
                    let prev = i.checked_sub(1).and_then(|j| list.get(j)).copied();
                    let next = list.get(i + 1).and_then(|n| n.the_year());
                    let view = report_view(r, &name, script, allow_html, own, prev, next);
                    let mut ctx = base_ctx.clone();
                    ctx.insert("page_title", &view.title);
                    ctx.insert("report", &view);
                    if let Some(a) = agency {
                        ctx.insert("agency", &views[a.slug.as_str()]);
                    }
                    let dir = format!("{slug}/{year}");
                    let Some(report_data) = figures_of.get(&(slug, year)).copied() else {
                        return Err(BuildError::Output(format!("{dir} 的数据缺失")));
                    };
                    // The 数据源 view is part of the report page (one file fewer per report).
                    ctx.insert(
                        "source_html",
                        &crate::render::highlight::yaml(r.file.slice(r.front_matter)),
                    );
                    page(out, theme, "report.html", &ctx, format!("{dir}/index.html"))?;
                    let json = data::report_json(report_data);
                    file(out, &format!("{dir}/data.json"), &json)?;
                    file(
                        out,
                        &format!("{dir}/data.csv"),
                        &data::to_csv(report_data),
                    )?;
                    Ok(())
                })
        })
        .collect::<Result<(), BuildError>>()?;

    // Agency pages.
    site.agencies
        .par_iter()
        .map(|a| {
            let mut list: Vec<KeyFigures> = by_agency
                .get(a.slug.as_str())
                .map(|l| l.iter().map(|r| key_figures(r, &a.slug)).collect())
                .unwrap_or_default();
            list.reverse();
            let view = &views[a.slug.as_str()];
            let mut ctx = base_ctx.clone();
            ctx.insert("page_title", view.name);
            ctx.insert("agency", &view);
            ctx.insert("reports", &list);
            // The trend of new applications, oldest first.
            let trend: Vec<(String, u64)> = by_agency
                .get(a.slug.as_str())
                .map(|l| {
                    l.iter()
                        .filter_map(|r| {
                            Some((
                                format!("{}年", r.the_year()?),
                                r.applications.received.total()?,
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default();
            if trend.len() > 1 {
                let title = format!("{}历年新收政府信息公开申请数量", view.name);
                ctx.insert("chart", &crate::render::charts::columns(&title, &trend));
                let (first, last) = (&trend[0], &trend[trend.len() - 1]);
                ctx.insert(
                    "chart_summary",
                    &format!(
                        "{}新收申请 {} 件，{}为 {} 件；逐年数字见下表。",
                        first.0, first.1, last.0, last.1
                    ),
                );
            }
            page(
                out,
                theme,
                "agency.html",
                &ctx,
                format!("{}/index.html", a.slug),
            )
        })
        .collect::<Result<(), BuildError>>()?;

    // Year pages: who reported, who has not.
    for &year in &years {
        let mut reported = Vec::new();
        let mut missing = Vec::new();
        for a in &site.agencies {
            let name = views[a.slug.as_str()].name;
            match by_agency
                .get(a.slug.as_str())
                .and_then(|l| l.iter().find(|r| r.the_year() == Some(year)))
            {
                Some(r) => reported.push(key_figures(r, name)),
                None => missing.push(serde_json::json!({"slug": a.slug, "name": name})),
            }
        }
        let mut ctx = base_ctx.clone();
        ctx.insert("page_title", &format!("{year}年度"));
        ctx.insert("year", &year);
        ctx.insert("reported", &reported);
        ctx.insert("missing", &missing);
        ctx.insert("total", &site.agencies.len());
        page(
            out,
            theme,
            "year.html",
            &ctx,
            format!("years/{year}/index.html"),
        )?;

        // 汇总: the official tables summed over the agencies that reported.
        let in_year: Vec<&Report> = reports
            .iter()
            .copied()
            .filter(|r| r.the_year() == Some(year))
            .collect();
        let totals = crate::model::sum::sum(&in_year, Format::for_year(year));
        let tables = [
            tables::proactive(&totals.proactive, script).to_html(),
            tables::applications(&totals.applications, totals.format, script).to_html(),
            tables::review(
                [
                    &totals.review,
                    &totals.litigation_direct,
                    &totals.litigation_after_review,
                ],
                script,
            )
            .to_html(),
        ];
        // The outcome breakdown: （一）–（六） of 三、本年度办理结果.
        let outcome: Vec<(String, u64)> = [
            ("予以公开", vec![0]),
            ("部分公开", vec![1]),
            ("不予公开", (2..10).collect()),
            ("无法提供", (10..13).collect()),
            ("不予处理", (13..18).collect()),
            ("其他处理", (18..22).collect()),
        ]
        .into_iter()
        .map(|(label, rows): (&str, Vec<usize>)| {
            let total = rows
                .iter()
                .filter_map(|&i| totals.applications.results[i].total())
                .sum();
            (label.to_string(), total)
        })
        .collect();
        let all: u64 = outcome.iter().map(|o| o.1).sum();
        ctx.insert(
            "chart",
            &crate::render::charts::rows(&format!("{year}年度申请办理结果"), &outcome),
        );
        ctx.insert(
            "chart_summary",
            &format!(
                "{year}年度共办结申请 {all} 件，其中予以公开 {} 件、部分公开 {} 件；各项数字见下方汇总表。",
                outcome[0].1, outcome[1].1
            ),
        );
        ctx.insert("page_title", &format!("{year}年度汇总"));
        ctx.insert("reported", &totals.reports);
        ctx.insert("other_format", &totals.other_format);
        ctx.insert("tables", &tables);
        page(
            out,
            theme,
            "summary.html",
            &ctx,
            format!("years/{year}/summary/index.html"),
        )?;
    }

    // Home page.
    let mut categories: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for a in &site.agencies {
        let v = &views[a.slug.as_str()];
        let latest = by_agency
            .get(a.slug.as_str())
            .and_then(|l| l.last())
            .and_then(|r| r.the_year());
        categories
            .entry(v.category.unwrap_or("其他").to_string())
            .or_default()
            .push(serde_json::json!({"slug": a.slug, "name": v.name, "latest": latest}));
    }
    let categories: Vec<serde_json::Value> = categories
        .into_iter()
        .map(|(name, agencies)| serde_json::json!({"name": name, "agencies": agencies}))
        .collect();
    let latest = years.first().map(|&y| {
        let in_year: Vec<&&Report> = reports.iter().filter(|r| r.the_year() == Some(y)).collect();
        serde_json::json!({
            "year": y,
            "reported": in_year.len(),
            "total": site.agencies.len(),
            "received": in_year.iter().filter_map(|r| r.applications.received.total()).sum::<u64>(),
        })
    });
    let mut ctx = base_ctx.clone();
    ctx.insert("page_title", &site.config.title);
    ctx.insert("categories", &categories);
    ctx.insert("latest", &latest);
    ctx.insert(
        "intro",
        &site
            .home
            .as_ref()
            .map(|p| markdown::to_html(p.file.slice(p.body), allow_html)),
    );
    page(out, theme, "index.html", &ctx, "index.html".into())?;

    // Free pages, the human sitemap, 404 and robots.txt.
    let mut page_list = Vec::new();
    for p in site.pages.iter().filter(|p| opts.drafts || !p.draft) {
        let title = p.title.as_ref().map_or(p.slug.clone(), |t| t.value.clone());
        let mut ctx = base_ctx.clone();
        ctx.insert("page_title", &title);
        ctx.insert("html", &markdown::to_html(p.file.slice(p.body), allow_html));
        page(
            out,
            theme,
            "page.html",
            &ctx,
            format!("{}/index.html", p.slug),
        )?;
        page_list.push(serde_json::json!({"slug": p.slug, "title": title}));
    }
    let agencies: Vec<serde_json::Value> = site
        .agencies
        .iter()
        .map(|a| {
            let years: Vec<i32> = by_agency
                .get(a.slug.as_str())
                .map(|l| l.iter().filter_map(|r| r.the_year()).collect())
                .unwrap_or_default();
            serde_json::json!({"slug": a.slug, "name": views[a.slug.as_str()].name, "years": years})
        })
        .collect();
    let mut ctx = base_ctx.clone();
    ctx.insert("page_title", "网站地图");
    ctx.insert("pages", &page_list);
    ctx.insert("agencies", &agencies);
    page(
        out,
        theme,
        "sitemap.html",
        &ctx,
        "sitemap/index.html".into(),
    )?;
    let mut ctx = base_ctx.clone();
    ctx.insert("page_title", "页面不存在");
    page(out, theme, "404.html", &ctx, "404.html".into())?;
    feeds(out, site, &reports, base_url, &view)?;
    file(
        out,
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            absolute(base_url, &view.base)
        )
        .as_bytes(),
    )?;
    let mut ctx = base_ctx.clone();
    ctx.insert("page_title", "数据下载");
    ctx.insert("reports", &reports.len());
    page(out, theme, "data.html", &ctx, "data/index.html".into())
}

/// A report's figures with what identifies them.
fn report_data(site: &Site, r: &Report) -> data::ReportData {
    data::ReportData::new(
        r.agency.clone(),
        site.agency(&r.agency)
            .and_then(|a| a.name.as_ref())
            .map_or(r.agency.clone(), |n| n.value.clone()),
        r.the_year().unwrap_or_default(),
        r.format.number(),
        r.published.as_ref().map(|d| d.value.to_string()),
        &data::figures(r),
    )
}

/// The site's origin and base path: `https://x.gov.cn/nianbao/`.
fn absolute(base_url: &str, base: &str) -> String {
    match base_url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split('/').next().unwrap_or("");
            format!("{scheme}://{host}{base}")
        }
        None => base.to_string(),
    }
}

/// `sitemap.xml` for search engines and `atom.xml`, one entry per report that has a real
/// publication date (an undated report is never given one).
fn feeds(
    out: &output::Staging,
    site: &Site,
    reports: &[&Report],
    base_url: &str,
    view: &SiteView,
) -> Result<(), BuildError> {
    let root = absolute(base_url, &view.base);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |path: &str, lastmod: Option<NaiveDate>| {
        xml.push_str(&format!(
            "<url><loc>{}</loc>",
            escape(&format!("{root}{path}"))
        ));
        if let Some(d) = lastmod {
            xml.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        xml.push_str("</url>\n");
    };
    url("", None);
    url("data/", None);
    for &y in &view.years {
        url(&format!("years/{y}/"), None);
        url(&format!("years/{y}/summary/"), None);
    }
    for a in &site.agencies {
        url(&format!("{}/", a.slug), None);
    }
    for r in reports {
        let date = r.published.as_ref().map(|d| d.value);
        url(
            &format!("{}/{}/", r.agency, r.the_year().unwrap_or_default()),
            date,
        );
    }
    for p in &site.pages {
        url(&format!("{}/", p.slug), None);
    }
    xml.push_str("</urlset>\n");
    file(out, "sitemap.xml", xml.as_bytes())?;

    let mut dated: Vec<&&Report> = reports.iter().filter(|r| r.published.is_some()).collect();
    dated.sort_by_key(|r| std::cmp::Reverse(r.published.as_ref().map(|d| d.value)));
    let updated = dated
        .first()
        .and_then(|r| r.published.as_ref())
        .map_or("1970-01-01".to_string(), |d| d.value.to_string());
    let mut atom = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}atom.xml\"/>\n<link href=\"{}\"/>\n<updated>{updated}T00:00:00Z</updated>\n",
        escape(&site.config.title),
        escape(&root),
        escape(&root),
        escape(&root)
    );
    for r in dated.iter().take(500) {
        let year = r.the_year().unwrap_or_default();
        let date = r
            .published
            .as_ref()
            .map(|d| d.value.to_string())
            .unwrap_or_default();
        let name = site
            .agency(&r.agency)
            .and_then(|a| a.name.as_ref())
            .map_or(r.agency.clone(), |n| n.value.clone());
        let link = format!("{root}{}/{year}/", r.agency);
        let title = r.title.as_ref().map_or_else(
            || lb::default_title(year, site.config.script),
            |t| t.value.clone(),
        );
        atom.push_str(&format!(
            "<entry><title>{}：{}</title><id>{}</id><link href=\"{}\"/><published>{date}T00:00:00Z</published><updated>{date}T00:00:00Z</updated><author><name>{}</name></author></entry>\n",
            escape(&name),
            escape(&title),
            escape(&link),
            escape(&link),
            escape(&name)
        ));
    }
    atom.push_str("</feed>\n");
    file(out, "atom.xml", atom.as_bytes())
}

/// `/data/`: the whole portal as tidy CSV (plain and for Excel), JSON, XLSX and a data package.
fn downloads(
    out: &output::Staging,
    title: &str,
    all: &[data::ReportData],
) -> Result<(), BuildError> {
    fn io(rel: &'static str) -> impl Fn(std::io::Error) -> BuildError {
        move |e| BuildError::Output(format!("无法写入 {rel}：{e}"))
    }
    // The big files are independent: write them side by side, streaming.
    let (csv, (xlsx, json)) = rayon::join(
        || -> Result<(), BuildError> {
            let plain = out.create("data/nianbao.csv").map_err(BuildError::Output)?;
            data::write_portal_csv(all, plain).map_err(io("data/nianbao.csv"))?;
            // The Excel variant: a UTF-8 BOM, then the same bytes.
            let mut excel = out
                .create("data/nianbao-excel.csv")
                .map_err(BuildError::Output)?;
            let written = out
                .path_of("data/nianbao.csv")
                .ok_or_else(|| BuildError::Output("data/nianbao.csv".into()))?;
            std::io::Write::write_all(&mut excel, b"\xEF\xBB\xBF")
                .and_then(|()| std::fs::File::open(&written))
                .and_then(|mut f| std::io::copy(&mut f, &mut excel))
                .and_then(|_| std::io::Write::flush(&mut excel))
                .map_err(io("data/nianbao-excel.csv"))
        },
        || {
            rayon::join(
                || -> Result<usize, BuildError> {
                    let bytes = data::xlsx(all)
                        .map_err(|e| BuildError::Output(format!("无法生成 XLSX：{e}")))?;
                    file(out, "data/nianbao.xlsx", &bytes)?;
                    Ok(bytes.len())
                },
                || -> Result<(), BuildError> {
                    let w = out
                        .create("data/nianbao.json")
                        .map_err(BuildError::Output)?;
                    data::write_portal_json(all, w).map_err(io("data/nianbao.json"))
                },
            )
        },
    );
    csv?;
    json?;
    xlsx?;
    file(out, "data/codes.csv", &data::codes_csv(all))?;
    let package = serde_json::to_vec_pretty(&data::datapackage(title)).unwrap_or_default();
    file(out, "data/datapackage.json", &package)?;
    Ok(())
}

/// FNV-1a: a short, stable content hash for cache-busting asset URLs.
fn fnv(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}
