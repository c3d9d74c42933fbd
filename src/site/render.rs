//! The pages and files of the site, each made by one method of [`Renderer`] from the typed
//! model: `build` calls them all, `serve` only those a change touches.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::BuildError;
use super::output::Output;
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::labels::{self as lb, Script};
use crate::model::{Agency, Format, Origin, Report};
use crate::render::escape::escape;
use crate::render::{SiteView, Theme, data, markdown, tables};

/// An agency as its pages show it; its intro rendered once.
#[derive(Clone, Debug, Serialize)]
pub struct AgencyView {
    slug: String,
    name: String,
    short_name: Option<String>,
    category: Option<String>,
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
        disclosed: show(r.applications.results[lb::row::DISCLOSED].total()),
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

fn page(
    out: &dyn Output,
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

fn file(out: &dyn Output, path: &str, bytes: &[u8]) -> Result<(), BuildError> {
    out.write(path, bytes).map_err(BuildError::Output)
}

/// Everything the pages are made from, indexed once per build (or once per change in
/// `serve`): each page is then one method, so a full build renders them all and `serve`
/// renders just those a change touches.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    script: Script,
    allow_html: bool,
    drafts: bool,
    /// Reports left out (errors): they get no page and are in no list.
    skipped: &'a HashSet<String>,
    figures: HashMap<(&'a str, i32), &'a data::ReportData>,
    views: &'a HashMap<String, AgencyView>,
    /// Findings by file (relative path).
    findings: HashMap<&'a str, Vec<&'a Diagnostic>>,
    /// Published reports by agency, oldest first.
    by_agency: BTreeMap<&'a str, Vec<&'a Report>>,
    reports: Vec<&'a Report>,
    years: Vec<i32>,
    base_url: String,
    view: SiteView,
    base_ctx: Context,
}

/// What a [`Renderer`] is made from.
pub struct Inputs<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub drafts: bool,
    pub base_url: Option<&'a str>,
    pub findings: &'a [&'a Diagnostic],
    pub skipped: &'a HashSet<String>,
    pub figures: Vec<&'a data::ReportData>,
    pub views: &'a HashMap<String, AgencyView>,
}

/// The stylesheet's bytes (the theme's, or the portal's override).
fn static_bytes(path: &Path) -> Result<Vec<u8>, BuildError> {
    if path.as_os_str().is_empty() {
        Ok(crate::render::DEFAULT_CSS.as_bytes().to_vec())
    } else {
        std::fs::read(path)
            .map_err(|e| BuildError::Output(format!("无法读取 {}：{e}", path.display())))
    }
}

impl<'a> Renderer<'a> {
    pub fn new(i: Inputs<'a>) -> Result<Renderer<'a>, BuildError> {
        let site = i.site;
        let reports: Vec<&Report> = site
            .reports
            .iter()
            .filter(|r| super::is_published(r, i.drafts) && !i.skipped.contains(&r.file.rel))
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
        let mut findings: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
        for d in i.findings {
            findings.entry(d.file.rel.as_str()).or_default().push(d);
        }
        // The stylesheet's version is its content hash.
        let css_version = match i
            .theme
            .static_files
            .iter()
            .find(|(rel, _)| rel == "style.css")
        {
            Some((_, path)) => format!("{:08x}", fnv(&static_bytes(path)?)),
            None => "0".to_string(),
        };
        let base_url = i.base_url.unwrap_or(&site.config.base_url).to_string();
        let view = SiteView::new(&site.config, &base_url, years.clone(), css_version);
        let mut base_ctx = Context::new();
        base_ctx.insert("site", &view);
        Ok(Renderer {
            site,
            theme: i.theme,
            script: site.config.script,
            allow_html: site.config.allow_html,
            drafts: i.drafts,
            skipped: i.skipped,
            figures: i
                .figures
                .into_iter()
                .map(|d| ((d.agency.as_str(), d.year), d))
                .collect(),
            views: i.views,
            findings,
            by_agency,
            reports,
            years,
            base_url,
            view,
            base_ctx,
        })
    }

    /// Every page and file but the portal-wide downloads.
    pub fn all(&self, out: &dyn Output) -> Result<(), BuildError> {
        self.statics(out)?;
        self.by_agency
            .par_iter()
            .flat_map_iter(|(slug, list)| {
                list.iter()
                    .filter_map(|r| r.the_year())
                    .map(move |y| self.report(out, slug, y))
            })
            .collect::<Result<(), BuildError>>()?;
        self.site
            .agencies
            .par_iter()
            .map(|a| self.agency(out, &a.slug))
            .collect::<Result<(), BuildError>>()?;
        for &year in &self.years {
            self.year(out, year)?;
        }
        self.portal_pages(out)
    }

    /// The theme's static files.
    pub fn statics(&self, out: &dyn Output) -> Result<(), BuildError> {
        for (rel, path) in &self.theme.static_files {
            file(out, &format!("static/{rel}"), &static_bytes(path)?)?;
        }
        Ok(())
    }

    fn agency_name(&self, slug: &str) -> String {
        self.views
            .get(slug)
            .map_or(slug.to_string(), |v| v.name.clone())
    }

    /// A report's page, `data.json` and `data.csv`. Nothing if the report is not published.
    pub fn report(&self, out: &dyn Output, slug: &str, year: i32) -> Result<(), BuildError> {
        let Some(list) = self.by_agency.get(slug) else {
            return Ok(());
        };
        let Some(i) = list.iter().position(|r| r.the_year() == Some(year)) else {
            return Ok(());
        };
        let r = list[i];
        let no_findings = Vec::new();
        let own = self
            .findings
            .get(r.file.rel.as_str())
            .unwrap_or(&no_findings);
        let prev = i.checked_sub(1).and_then(|j| list.get(j)).copied();
        let next = list.get(i + 1).and_then(|n| n.the_year());
        let name = self.agency_name(slug);
        let view = report_view(r, &name, self.script, self.allow_html, own, prev, next);
        let mut ctx = self.base_ctx.clone();
        ctx.insert("page_title", &view.title);
        ctx.insert("report", &view);
        if let Some(a) = self.views.get(slug) {
            ctx.insert("agency", a);
        }
        let dir = format!("{slug}/{year}");
        let Some(report_data) = self.figures.get(&(slug, year)).copied() else {
            return Err(BuildError::Output(format!("{dir} 的数据缺失")));
        };
        // The 数据源 view is part of the report page (one file fewer per report).
        ctx.insert(
            "source_html",
            &crate::render::highlight::yaml(r.file.slice(r.front_matter)),
        );
        page(
            out,
            self.theme,
            "report.html",
            &ctx,
            format!("{dir}/index.html"),
        )?;
        file(
            out,
            &format!("{dir}/data.json"),
            &data::report_json(report_data),
        )?;
        file(out, &format!("{dir}/data.csv"), &data::to_csv(report_data))
    }

    /// An agency's page: its reports, newest first, and the trend of new applications.
    pub fn agency(&self, out: &dyn Output, slug: &str) -> Result<(), BuildError> {
        let Some(view) = self.views.get(slug) else {
            return Ok(());
        };
        let own = self.by_agency.get(slug);
        let mut list: Vec<KeyFigures> = own
            .map(|l| l.iter().map(|r| key_figures(r, slug)).collect())
            .unwrap_or_default();
        list.reverse();
        let mut ctx = self.base_ctx.clone();
        ctx.insert("page_title", &view.name);
        ctx.insert("agency", &view);
        ctx.insert("reports", &list);
        // The trend of new applications, oldest first.
        let trend: Vec<(String, u64)> = own
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
            let title = format!("{}历年{}数量", view.name, lb::KEY_RECEIVED.get(self.script));
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
            self.theme,
            "agency.html",
            &ctx,
            format!("{slug}/index.html"),
        )
    }

    /// A year's page (who reported, who has not) and its 汇总.
    pub fn year(&self, out: &dyn Output, year: i32) -> Result<(), BuildError> {
        let site = self.site;
        let script = self.script;
        let mut reported = Vec::new();
        let mut missing = Vec::new();
        for a in &site.agencies {
            let name = self
                .views
                .get(a.slug.as_str())
                .map_or(a.slug.as_str(), |v| v.name.as_str());
            match self
                .by_agency
                .get(a.slug.as_str())
                .and_then(|l| l.iter().find(|r| r.the_year() == Some(year)))
            {
                Some(r) => reported.push(key_figures(r, name)),
                None => missing.push(serde_json::json!({"slug": a.slug, "name": name})),
            }
        }
        let mut ctx = self.base_ctx.clone();
        ctx.insert("page_title", &format!("{year}年度"));
        ctx.insert("year", &year);
        ctx.insert("reported", &reported);
        ctx.insert("missing", &missing);
        ctx.insert("total", &site.agencies.len());
        page(
            out,
            self.theme,
            "year.html",
            &ctx,
            format!("years/{year}/index.html"),
        )?;

        // 汇总: the official tables summed over the agencies that reported.
        let in_year: Vec<&Report> = self
            .reports
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
        let outcome: Vec<(String, u64)> = lb::Outcome::ALL
            .iter()
            .map(|o| {
                let total = o
                    .rows()
                    .filter_map(|i| totals.applications.results[i].total())
                    .sum();
                (o.short().get(script).to_string(), total)
            })
            .collect();
        let all: u64 = outcome.iter().map(|o| o.1).sum();
        ctx.insert(
            "chart",
            &crate::render::charts::rows(
                &format!("{year}年度{}", lb::KEY_OUTCOMES.get(script)),
                &outcome,
            ),
        );
        ctx.insert(
            "chart_summary",
            &format!(
                "{year}年度共办结申请 {all} 件，其中{} {} 件、{} {} 件；各项数字见下方汇总表。",
                outcome[0].0, outcome[0].1, outcome[1].0, outcome[1].1
            ),
        );
        ctx.insert("page_title", &format!("{year}年度汇总"));
        ctx.insert("reported", &totals.reports);
        ctx.insert("other_format", &totals.other_format);
        ctx.insert("tables", &tables);
        page(
            out,
            self.theme,
            "summary.html",
            &ctx,
            format!("years/{year}/summary/index.html"),
        )
    }

    /// The pages that list the whole portal: home, free pages, 网站地图, 404, feeds,
    /// robots.txt and the downloads page.
    pub fn portal_pages(&self, out: &dyn Output) -> Result<(), BuildError> {
        self.home(out)?;
        self.listings(out)
    }

    /// The home page: the latest year at a glance, agencies by category.
    pub fn home(&self, out: &dyn Output) -> Result<(), BuildError> {
        let site = self.site;
        let views = self.views;
        let name_of = |slug: &str| views.get(slug).map_or(slug.to_string(), |v| v.name.clone());
        let mut categories: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
        for a in &site.agencies {
            let latest = self
                .by_agency
                .get(a.slug.as_str())
                .and_then(|l| l.last())
                .and_then(|r| r.the_year());
            let category = views
                .get(a.slug.as_str())
                .and_then(|v| v.category.clone())
                .unwrap_or_else(|| "其他".to_string());
            categories.entry(category).or_default().push(
                serde_json::json!({"slug": a.slug, "name": name_of(&a.slug), "latest": latest}),
            );
        }
        let categories: Vec<serde_json::Value> = categories
            .into_iter()
            .map(|(name, agencies)| serde_json::json!({"name": name, "agencies": agencies}))
            .collect();
        let latest = self.years.first().map(|&y| {
            let in_year: Vec<&&Report> = self
                .reports
                .iter()
                .filter(|r| r.the_year() == Some(y))
                .collect();
            serde_json::json!({
                "year": y,
                "reported": in_year.len(),
                "total": site.agencies.len(),
                "received": in_year.iter().filter_map(|r| r.applications.received.total()).sum::<u64>(),
            })
        });
        let mut ctx = self.base_ctx.clone();
        ctx.insert("page_title", &site.config.title);
        ctx.insert("categories", &categories);
        ctx.insert("latest", &latest);
        ctx.insert(
            "intro",
            &site
                .home
                .as_ref()
                .map(|p| markdown::to_html(p.file.slice(p.body), self.allow_html)),
        );
        page(out, self.theme, "index.html", &ctx, "index.html".into())
    }

    /// Free pages, the human 网站地图, 404, feeds, robots.txt and the downloads page.
    pub fn listings(&self, out: &dyn Output) -> Result<(), BuildError> {
        let site = self.site;
        let views = self.views;
        let name_of = |slug: &str| views.get(slug).map_or(slug.to_string(), |v| v.name.clone());
        let mut page_list = Vec::new();
        for p in site.pages.iter().filter(|p| self.drafts || !p.draft) {
            let title = p.title.as_ref().map_or(p.slug.clone(), |t| t.value.clone());
            let mut ctx = self.base_ctx.clone();
            ctx.insert("page_title", &title);
            ctx.insert(
                "html",
                &markdown::to_html(p.file.slice(p.body), self.allow_html),
            );
            page(
                out,
                self.theme,
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
                let years: Vec<i32> = self
                    .by_agency
                    .get(a.slug.as_str())
                    .map(|l| l.iter().filter_map(|r| r.the_year()).collect())
                    .unwrap_or_default();
                serde_json::json!({"slug": a.slug, "name": name_of(&a.slug), "years": years})
            })
            .collect();
        let mut ctx = self.base_ctx.clone();
        ctx.insert("page_title", "网站地图");
        ctx.insert("pages", &page_list);
        ctx.insert("agencies", &agencies);
        page(
            out,
            self.theme,
            "sitemap.html",
            &ctx,
            "sitemap/index.html".into(),
        )?;
        let mut ctx = self.base_ctx.clone();
        ctx.insert("page_title", "页面不存在");
        page(out, self.theme, "404.html", &ctx, "404.html".into())?;
        feeds(out, site, &self.reports, &self.base_url, &self.view)?;
        file(
            out,
            "robots.txt",
            format!(
                "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
                absolute(&self.base_url, &self.view.base)
            )
            .as_bytes(),
        )?;
        let mut ctx = self.base_ctx.clone();
        ctx.insert("page_title", "数据下载");
        ctx.insert("reports", &self.reports.len());
        page(out, self.theme, "data.html", &ctx, "data/index.html".into())
    }

    /// The reports the site publishes, each with its figures, for the downloads.
    pub fn published_figures(&self) -> Vec<&'a data::ReportData> {
        self.reports
            .iter()
            .filter_map(|r| {
                self.figures
                    .get(&(r.agency.as_str(), r.the_year()?))
                    .copied()
            })
            .collect()
    }

    /// Whether a report is left out of the site (an error in it).
    pub fn is_skipped(&self, rel: &str) -> bool {
        self.skipped.contains(rel)
    }
}

/// A report's figures with what identifies them.
pub fn report_data(site: &Site, r: &Report) -> data::ReportData {
    data::ReportData::new(
        r.agency.clone(),
        site.agency(&r.agency)
            .and_then(|a| a.name.as_ref())
            .map_or(r.agency.clone(), |n| n.value.clone()),
        r.the_year().unwrap_or_default(),
        r.format.number(),
        r.published.as_ref().map(|d| d.value.to_string()),
        &data::figures(r, site.config.script),
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
    out: &dyn Output,
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
pub fn downloads(
    out: &dyn Output,
    title: &str,
    script: Script,
    all: &[&data::ReportData],
) -> Result<(), BuildError> {
    // The big files are independent: write them side by side, streaming.
    let (csv, (xlsx, json)) = rayon::join(
        || -> Result<(), BuildError> {
            out.stream("data/nianbao.csv", &mut |w| data::write_portal_csv(all, w))
                .map_err(BuildError::Output)?;
            // The Excel variant: a UTF-8 BOM, then the same bytes.
            out.copy_with_prefix(
                "data/nianbao.csv",
                "data/nianbao-excel.csv",
                b"\xEF\xBB\xBF",
            )
            .map_err(BuildError::Output)
        },
        || {
            rayon::join(
                || -> Result<(), BuildError> {
                    let bytes = data::xlsx(all, script)
                        .map_err(|e| BuildError::Output(format!("无法生成 XLSX：{e}")))?;
                    file(out, "data/nianbao.xlsx", &bytes)
                },
                || -> Result<(), BuildError> {
                    out.stream("data/nianbao.json", &mut |w| {
                        data::write_portal_json(all, w)
                    })
                    .map_err(BuildError::Output)
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
