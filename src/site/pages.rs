//! The pages of the site, each made by one method of [`Renderer`] from the typed model:
//! `build` calls them all, `serve` only those a change touches.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rayon::prelude::*;
use tera::Context;

use super::BuildError;
use super::error::{Action, OutputError};
use super::output::Output;
use super::publish::Publication;
use super::views::{AgencyView, KeyFigures, key_figures, report_view};
use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::model::labels::{self as lb, Script};
use crate::model::{Format, Report};
use crate::render::{SiteView, Theme, data, markdown, tables};

pub(super) fn page(
    out: &dyn Output,
    theme: &Theme,
    template: &str,
    ctx: &Context,
    path: String,
) -> Result<(), BuildError> {
    let html = theme.render(template, ctx)?;
    Ok(out.write(&path, html.as_bytes())?)
}

pub(super) fn file(out: &dyn Output, path: &str, bytes: &[u8]) -> Result<(), BuildError> {
    Ok(out.write(path, bytes)?)
}

/// Everything the pages are made from, indexed once per build (or once per change in
/// `serve`): each page is then one method, so a full build renders them all and `serve`
/// renders just those a change touches.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    script: Script,
    allow_html: bool,
    /// What goes on the site: reports left out get no page and are in no list.
    publication: &'a Publication,
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
    pub publication: &'a Publication,
    pub base_url: Option<&'a str>,
    pub findings: &'a [&'a Diagnostic],
    pub figures: Vec<&'a data::ReportData>,
    pub views: &'a HashMap<String, AgencyView>,
}

/// A static file's bytes (the theme's, the portal's override, or the built-in one).
fn static_bytes(rel: &str, path: &Path) -> Result<Vec<u8>, BuildError> {
    if path.as_os_str().is_empty() {
        Ok(crate::render::builtin_static(rel)
            .unwrap_or_default()
            .as_bytes()
            .to_vec())
    } else {
        std::fs::read(path).map_err(|e| OutputError::io(Action::Read, path, e).into())
    }
}

impl<'a> Renderer<'a> {
    pub fn new(i: Inputs<'a>) -> Result<Renderer<'a>, BuildError> {
        let site = i.site;
        let reports: Vec<&Report> = site
            .reports
            .iter()
            .filter(|r| i.publication.publishes(r))
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
        // A static file's version is its content hash.
        let version = |name: &str| -> Result<String, BuildError> {
            Ok(
                match i.theme.static_files.iter().find(|(rel, _)| rel == name) {
                    Some((rel, path)) => format!("{:08x}", fnv(&static_bytes(rel, path)?)),
                    None => "0".to_string(),
                },
            )
        };
        let versions = (version("style.css")?, version("site.js")?);
        let base_url = i.base_url.unwrap_or(&site.config.base_url).to_string();
        let view = SiteView::new(&site.config, &base_url, years.clone(), versions);
        let mut base_ctx = Context::new();
        base_ctx.insert("site", &view);
        // Which item of the main navigation the page is, or is under: none by default.
        base_ctx.insert("nav", "");
        base_ctx.insert("nav_current", "page");
        Ok(Renderer {
            site,
            theme: i.theme,
            script: site.config.script,
            allow_html: site.config.allow_html,
            publication: i.publication,
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
            file(out, &format!("static/{rel}"), &static_bytes(rel, path)?)?;
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
        // `build` let go of the text after checking: read the file again, and make sure it
        // is the one checked.
        let reread;
        let r = match r.file.released {
            None => r,
            Some(checked) => {
                let changed = || OutputError::Changed {
                    file: r.file.rel.clone(),
                };
                reread = crate::content::reload_report(&self.site.root, &r.file.path)
                    .0
                    .filter(|again| crate::source::fingerprint(&again.file.text) == checked)
                    .ok_or_else(changed)?;
                &reread
            }
        };
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
        // Tabs, bookmarks and search results tell reports apart by the agency: a title of the
        // report's own that leaves it out gets it in front.
        let short = self.views.get(slug).and_then(|v| v.short_name.as_deref());
        let named =
            view.title.contains(name.as_str()) || short.is_some_and(|s| view.title.contains(s));
        if named {
            ctx.insert("page_title", &view.title);
        } else {
            ctx.insert("page_title", &format!("{name}：{}", view.title));
        }
        ctx.insert("report", &view);
        if let Some(a) = self.views.get(slug) {
            ctx.insert("agency", a);
        }
        let dir = format!("{slug}/{year}");
        let Some(report_data) = self.figures.get(&(slug, year)).copied() else {
            return Err(OutputError::MissingData { dir }.into());
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
            let axes = crate::render::charts::Axes {
                x: "年度",
                y: "件数",
            };
            ctx.insert(
                "chart",
                &crate::render::charts::columns("trend", &title, axes, &trend),
            );
            let (first, last) = (&trend[0], &trend[trend.len() - 1]);
            ctx.insert(
                "chart_summary",
                &format!(
                    "{}{} {} 件，{}为 {} 件；逐年数字见下表。",
                    first.0,
                    lb::KEY_RECEIVED_SHORT.get(self.script),
                    first.1,
                    last.0,
                    last.1
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
        // The same, by category: a year of 2,000 agencies is read a category at a time.
        let mut groups: BTreeMap<&str, (Vec<KeyFigures>, Vec<serde_json::Value>)> = BTreeMap::new();
        for a in &site.agencies {
            let view = self.views.get(a.slug.as_str());
            let name = view.map_or(a.slug.as_str(), |v| v.name.as_str());
            let category = view.and_then(|v| v.category.as_deref()).unwrap_or("其他");
            let group = groups.entry(category).or_default();
            match self
                .by_agency
                .get(a.slug.as_str())
                .and_then(|l| l.iter().find(|r| r.the_year() == Some(year)))
            {
                Some(r) => {
                    reported.push(key_figures(r, name));
                    group.0.push(key_figures(r, name));
                }
                None => {
                    let entry = serde_json::json!({"slug": a.slug, "name": name});
                    missing.push(entry.clone());
                    group.1.push(entry);
                }
            }
        }
        let groups: Vec<serde_json::Value> = groups
            .into_iter()
            .map(|(name, (reported, missing))| {
                serde_json::json!({"name": name, "reported": reported, "missing": missing})
            })
            .collect();
        let mut ctx = self.base_ctx.clone();
        ctx.insert("page_title", &format!("{year}年度"));
        ctx.insert("nav", &format!("y{year}"));
        ctx.insert("year", &year);
        ctx.insert("reported", &reported);
        ctx.insert("missing", &missing);
        ctx.insert("groups", &groups);
        ctx.insert("open", &(site.agencies.len() <= OPEN_LISTS));
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
            tables::proactive(&totals.proactive, script)
                .summary()
                .to_html(),
            tables::applications(&totals.applications, totals.format, script)
                .summary()
                .to_html(),
            tables::review(
                [
                    &totals.review,
                    &totals.litigation_direct,
                    &totals.litigation_after_review,
                ],
                script,
            )
            .summary()
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
                "outcomes",
                &format!("{year}年度{}", lb::KEY_OUTCOMES.get(script)),
                crate::render::charts::Axes {
                    x: "办理结果",
                    y: "件数",
                },
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
        // Under the year's item of the navigation, not the year's page itself.
        ctx.insert("nav_current", "true");
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
            // Only agencies with a published report: one whose reports are all drafts (or
            // that has none yet) has nothing to read.
            let Some(latest) = self
                .by_agency
                .get(a.slug.as_str())
                .and_then(|l| l.last())
                .and_then(|r| r.the_year())
            else {
                continue;
            };
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
        ctx.insert("nav", "home");
        ctx.insert("open", &(site.agencies.len() <= OPEN_LISTS));
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
        for p in site.pages.iter().filter(|p| self.publication.shows_page(p)) {
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
                let category = views
                    .get(a.slug.as_str())
                    .and_then(|v| v.category.clone())
                    .unwrap_or_else(|| "其他".to_string());
                serde_json::json!({"slug": a.slug, "name": name_of(&a.slug), "years": years, "category": category})
            })
            .collect();
        let mut groups: BTreeMap<&str, Vec<&serde_json::Value>> = BTreeMap::new();
        for a in &agencies {
            groups
                .entry(a["category"].as_str().unwrap_or("其他"))
                .or_default()
                .push(a);
        }
        let groups: Vec<serde_json::Value> = groups
            .into_iter()
            .map(|(name, agencies)| serde_json::json!({"name": name, "agencies": agencies}))
            .collect();
        let mut ctx = self.base_ctx.clone();
        ctx.insert("page_title", "网站地图");
        ctx.insert("nav", "sitemap");
        ctx.insert("pages", &page_list);
        ctx.insert("agencies", &agencies);
        ctx.insert("groups", &groups);
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
        super::feeds::feeds(
            out,
            self.theme,
            &self.base_ctx,
            (site, &self.reports),
            (&self.base_url, &self.view),
        )?;
        let mut ctx = self.base_ctx.clone();
        ctx.insert("page_title", "数据下载");
        ctx.insert("nav", "data");
        ctx.insert("reports", &self.reports.len());
        let plan = super::downloads::plan(&self.published_figures(), self.script);
        ctx.insert("downloads", &plan);
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
}

/// Up to this many agencies, the lists by category on the home and year pages start open;
/// beyond, they start collapsed so that the page is a list of categories.
const OPEN_LISTS: usize = 60;

/// FNV-1a: a short, stable content hash for cache-busting asset URLs.
fn fnv(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}
