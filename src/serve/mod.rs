//! `nianbao serve`: the portal loaded and checked in memory, its pages rendered on request by
//! the same [`Renderer`] as `build` and kept in a small cache, served on loopback; every save
//! reloads what changed and pushes a reload to the browser.
//!
//! Data still flows one way: a change reloads the changed files into the [`Site`], re-runs the
//! checks of the agency they belong to and the portal-wide ones, and empties the cache (but
//! for the last good pages of reports that now have errors); the browser's next request
//! renders the page from the new model. Memory follows the model and what the editor looks
//! at, not the size of the built site.

mod http;
pub mod preview;
mod server;
mod watch;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::checks;
use crate::content::{self, LoadError, Site};
use crate::diagnostics::{Diagnostic, Severity, render_text};
use crate::render::Theme;
use crate::render::data::ReportData;
use crate::site::BuildError;
use crate::site::Publication;
use crate::site::downloads::{downloads, report_data};
use crate::site::output::Memory;
use crate::site::pages::{Inputs, Renderer};
use crate::site::views::{AgencyView, agency_view};

pub struct ServeOptions {
    pub port: u16,
    /// Address to listen on; loopback unless the user says otherwise.
    pub bind: std::net::IpAddr,
    pub open: bool,
    pub drafts: bool,
    pub today: NaiveDate,
    /// Colour in the terminal's diagnostics.
    pub color: bool,
}

/// Bytes of rendered pages kept between changes; past it the cache starts over. Pages are
/// rendered on request, so memory follows what the editor looks at, not the portal's size.
const CACHE_BYTES: usize = 64 * 1024 * 1024;

/// What the HTTP side reads: the portal, the pages rendered from it so far, and what is
/// wrong now.
pub struct Shared {
    /// The portal as loaded and checked; `None` until it first loads.
    portal: RwLock<Option<Portal>>,
    /// Pages rendered since the last change, and the last good pages of reports that now
    /// have errors. Filled while holding the portal's read lock and emptied under its write
    /// lock, so a page rendered from an older portal never lands after a change.
    cache: Mutex<Cache>,
    /// The diagnostics shown over every page while the portal has errors: the first
    /// [`http::SHOWN_PROBLEMS`], rendered, and how many there are in all.
    problems: RwLock<(Vec<String>, usize)>,
    /// Browsers waiting to be told to reload.
    listeners: Mutex<Vec<std::sync::mpsc::Sender<()>>>,
}

#[derive(Default)]
struct Cache {
    files: HashMap<String, Arc<[u8]>>,
    bytes: usize,
    /// `agency/year` folders whose pages are the last good ones (the report has errors now).
    kept: HashSet<String>,
    /// The jobs rendered since the last change: a missing page is looked for once.
    done: HashSet<Job>,
}

impl Cache {
    fn is_kept(&self, key: &str) -> bool {
        key.rsplit_once('/')
            .is_some_and(|(dir, _)| self.kept.contains(dir))
    }

    /// Forget everything rendered but the last good pages of the folders in `kept`.
    fn reset(&mut self, kept: HashSet<String>) {
        self.kept = kept;
        let files = std::mem::take(&mut self.files);
        self.files = files.into_iter().filter(|(k, _)| self.is_kept(k)).collect();
        self.bytes = self.files.values().map(|b| b.len()).sum();
        self.done.clear();
    }

    fn insert(&mut self, files: HashMap<String, Arc<[u8]>>) {
        let more: usize = files.values().map(|b| b.len()).sum();
        if self.bytes + more > CACHE_BYTES {
            let kept = std::mem::take(&mut self.kept);
            let done = std::mem::take(&mut self.done);
            self.reset(kept);
            self.done = done;
        }
        for (k, v) in files {
            // A report with errors keeps its last good page, not the empty result of now; a
            // big download is made again when asked for rather than held.
            if (self.is_kept(&k) && self.files.contains_key(&k)) || v.len() > CACHE_BYTES / 4 {
                continue;
            }
            self.bytes += v.len();
            if let Some(old) = self.files.insert(k, v) {
                self.bytes -= old.len();
            }
        }
    }
}

/// What renders a page: the pages of one report, agency or year, the portal-wide
/// downloads, the theme's static files, or the rest (home, lists, feeds, 404, pages).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Job {
    Report(String, i32),
    Agency(String),
    Year(i32),
    Downloads,
    Statics,
    Rest,
}

impl Job {
    fn of(key: &str, portal: &Portal) -> Job {
        if key.starts_with("static/") {
            return Job::Statics;
        }
        if key.starts_with("data/") && key != "data/index.html" {
            return Job::Downloads;
        }
        let parts: Vec<&str> = key.split('/').collect();
        let is_agency = |a: &str| portal.site.agency(a).is_some();
        match parts.as_slice() {
            ["years", y, ..] => y.parse().map_or(Job::Rest, Job::Year),
            [a, "index.html"] if is_agency(a) => Job::Agency(a.to_string()),
            [a, y, _] if is_agency(a) => y
                .parse()
                .map_or(Job::Rest, |y| Job::Report(a.to_string(), y)),
            _ => Job::Rest,
        }
    }
}

impl Shared {
    fn new() -> Shared {
        Shared {
            portal: RwLock::new(None),
            cache: Mutex::new(Cache::default()),
            problems: RwLock::new((Vec::new(), 0)),
            listeners: Mutex::new(Vec::new()),
        }
    }

    fn reload_browsers(&self) {
        if let Ok(mut l) = self.listeners.lock() {
            l.retain(|tx| tx.send(()).is_ok());
        }
    }

    /// The file at `key`: from the cache, else rendered now from the portal (with the other
    /// files its page comes with).
    pub fn file(&self, key: &str) -> Option<Arc<[u8]>> {
        if let Some(b) = self.cache.lock().ok()?.files.get(key) {
            return Some(Arc::clone(b));
        }
        let portal = self.portal.read().ok()?;
        let portal = portal.as_ref()?;
        let job = Job::of(key, portal);
        if self.cache.lock().ok()?.done.contains(&job) {
            return None;
        }
        let files = match portal.render_job(&job) {
            Ok(files) => files,
            Err(e) => {
                // Shown like any other problem: in the terminal and over the page.
                println!("{e}\n");
                if let Ok(mut p) = self.problems.write() {
                    p.0.push(e.to_string());
                    p.1 += 1;
                }
                return None;
            }
        };
        let found = files.get(key).cloned();
        let mut cache = self.cache.lock().ok()?;
        cache.insert(files);
        cache.done.insert(job);
        found.or_else(|| cache.files.get(key).cloned())
    }
}

/// The portal as loaded, its findings by where they come from, and what the pages are made
/// of; kept between changes.
struct Portal {
    root: PathBuf,
    today: NaiveDate,
    drafts: bool,
    base_url: String,
    site: Site,
    theme: Theme,
    /// Findings from reading, by file.
    load_diags: HashMap<String, Vec<Diagnostic>>,
    /// Findings of each report's checks, by file.
    report_diags: HashMap<String, Vec<Diagnostic>>,
    portal_diags: Vec<Diagnostic>,
    figures: HashMap<(String, i32), Arc<ReportData>>,
    views: HashMap<String, AgencyView>,
    /// What is published now (kept in step with the findings).
    publication: Publication,
}

/// Why the site could not be (re)built; shown in the terminal and over the page.
enum Failure {
    Load(LoadError),
    Build(BuildError),
}

impl Failure {
    fn lines(&self) -> Vec<String> {
        match self {
            Failure::Load(LoadError::BadConfig(diags)) => {
                diags.iter().map(|d| render_text(d, false)).collect()
            }
            Failure::Load(e) => vec![e.to_string()],
            Failure::Build(e) => vec![e.to_string()],
        }
    }
}

impl Portal {
    fn ctx(&self) -> checks::Context {
        checks::Context {
            today: self.today,
            deadline: self.site.config.deadline,
        }
    }

    fn load(
        root: &Path,
        today: NaiveDate,
        drafts: bool,
        base_url: &str,
    ) -> Result<Portal, Failure> {
        let (site, diags) = content::load(root).map_err(Failure::Load)?;
        let theme = Theme::load(root, &site.config.theme)
            .map_err(|e| Failure::Build(BuildError::Template(e)))?;
        let mut load_diags: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        for d in diags {
            load_diags.entry(d.file.rel.clone()).or_default().push(d);
        }
        let mut portal = Portal {
            root: root.to_path_buf(),
            today,
            drafts,
            base_url: base_url.to_string(),
            site,
            theme,
            load_diags,
            report_diags: HashMap::new(),
            portal_diags: Vec::new(),
            figures: HashMap::new(),
            views: HashMap::new(),
            publication: Publication::new(drafts, []),
        };
        let ctx = portal.ctx();
        let site = &portal.site;
        portal.report_diags = site
            .reports
            .iter()
            .map(|r| r.file.rel.clone())
            .zip(checks::per_report(site, ctx))
            .collect();
        portal.portal_diags = checks::portal(site, ctx);
        let allow_html = site.config.allow_html;
        portal.views = site
            .agencies
            .par_iter()
            .map(|a| (a.slug.clone(), agency_view(a, allow_html)))
            .collect();
        let publication = portal.publication();
        portal.figures = portal
            .site
            .reports
            .par_iter()
            .filter(|r| publication.publishes(r))
            .filter_map(|r| {
                Some((
                    (r.agency.clone(), r.the_year()?),
                    Arc::new(report_data(&portal.site, r)),
                ))
            })
            .collect();
        portal.publication = publication;
        Ok(portal)
    }

    fn all_findings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.load_diags
            .values()
            .chain(self.report_diags.values())
            .flatten()
            .chain(&self.portal_diags)
    }

    /// What is published now: files with errors are left out until fixed (their last good
    /// pages stay).
    fn publication(&self) -> Publication {
        Publication::new(self.drafts, self.all_findings())
    }

    /// `agency/year` folders of the reports left out for errors.
    fn broken_folders(&self, publication: &Publication) -> HashSet<String> {
        self.site
            .reports
            .iter()
            .filter(|r| publication.left_out(&r.file.rel))
            .filter_map(|r| Some(format!("{}/{}", r.agency, r.the_year()?)))
            .collect()
    }

    fn errors(&self) -> Vec<&Diagnostic> {
        let mut e: Vec<&Diagnostic> = self
            .all_findings()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        e.sort_by(|a, b| (&a.file.rel, a.span.start).cmp(&(&b.file.rel, b.span.start)));
        e
    }

    /// The files of one [`Job`], rendered into memory.
    fn render_job(&self, job: &Job) -> Result<HashMap<String, Arc<[u8]>>, BuildError> {
        self.render(|r, out| match job {
            Job::Report(agency, year) => r.report(out, agency, *year),
            Job::Agency(agency) => r.agency(out, agency),
            Job::Year(year) => r.year(out, *year),
            Job::Statics => r.statics(out),
            Job::Rest => r.portal_pages(out),
            Job::Downloads => {
                let mut all: Vec<&ReportData> = r.published_figures();
                all.sort_by(|a, b| (&a.agency, a.year).cmp(&(&b.agency, b.year)));
                downloads(out, &self.site.config.title, self.site.config.script, &all)
            }
        })
    }

    /// Render with `f` into memory.
    fn render(
        &self,
        f: impl FnOnce(&Renderer, &Memory) -> Result<(), BuildError>,
    ) -> Result<HashMap<String, Arc<[u8]>>, BuildError> {
        let findings: Vec<&Diagnostic> = self.all_findings().collect();
        let renderer = Renderer::new(Inputs {
            site: &self.site,
            theme: &self.theme,
            publication: &self.publication,
            base_url: Some(&self.base_url),
            findings: &findings,
            figures: self.figures.values().map(|f| &**f).collect(),
            views: &self.views,
        })?;
        let out = Memory::default();
        f(&renderer, &out)?;
        Ok(out.into_files())
    }

    /// Re-read the given report files and re-check their agencies.
    fn reload_reports(&mut self, rels: &[String]) {
        let mut agencies = BTreeSet::new();
        for rel in rels {
            let path = self.root.join(rel);
            let old: Vec<(String, Option<i32>)> = self
                .site
                .reports
                .iter()
                .filter(|r| &r.file.rel == rel)
                .map(|r| (r.agency.clone(), r.the_year()))
                .collect();
            self.site.reports.retain(|r| &r.file.rel != rel);
            self.report_diags.remove(rel);
            self.load_diags.remove(rel);
            let (report, diags) = content::reload_report(&self.root, &path);
            if !diags.is_empty() {
                self.load_diags.insert(rel.clone(), diags);
            }
            let new = report.as_ref().map(|r| (r.agency.clone(), r.the_year()));
            for (agency, _) in old.iter().cloned().chain(new.clone()) {
                agencies.insert(agency);
            }
            // A report that is gone takes its figures with it.
            for (agency, year) in &old {
                if let Some(y) = year
                    && new.as_ref() != Some(&(agency.clone(), Some(*y)))
                {
                    self.figures.remove(&(agency.clone(), *y));
                }
            }
            if let Some(r) = report {
                // A report marked `draft: true` leaves the site as `build` would leave it out.
                if !Publication::new(self.drafts, []).would_publish(&r)
                    && let Some(y) = r.the_year()
                {
                    self.figures.remove(&(r.agency.clone(), y));
                }
                content::insert_report(&mut self.site.reports, r);
            }
        }
        // The checks of every report of the touched agencies (each depends on the year
        // before), then the portal-wide ones.
        let ctx = self.ctx();
        for r in self
            .site
            .reports
            .iter()
            .filter(|r| agencies.contains(&r.agency))
        {
            let diags = checks::check_in_site(&self.site, r, ctx);
            self.report_diags.insert(r.file.rel.clone(), diags);
        }
        self.portal_diags = checks::portal(&self.site, ctx);
        let publication = self.publication();
        for r in self
            .site
            .reports
            .iter()
            .filter(|r| agencies.contains(&r.agency))
        {
            let Some(y) = r.the_year() else { continue };
            let key = (r.agency.clone(), y);
            if publication.publishes(r) {
                self.figures
                    .insert(key, Arc::new(report_data(&self.site, r)));
            } else if !publication.would_publish(r) {
                self.figures.remove(&key);
            }
        }
        self.publication = publication;
    }
}

/// What one change did, for the terminal.
struct Rebuilt {
    reports: usize,
    took: std::time::Duration,
}

/// The server's side of a portal: it loads and reloads the portal into [`Shared`]; the
/// HTTP side renders pages from it on request.
struct Server {
    shared: Arc<Shared>,
    root: PathBuf,
    opts_today: NaiveDate,
    drafts: bool,
    base_url: String,
    color: bool,
}

impl Server {
    fn loaded(&self) -> bool {
        self.shared.portal.read().is_ok_and(|p| p.is_some())
    }

    /// Swap in a changed portal: forget the pages rendered from the old one (but the last
    /// good pages of reports that now have errors), then tell the browsers.
    fn changed(&self, change: impl FnOnce(&mut Option<Portal>)) {
        if let Ok(mut portal) = self.shared.portal.write() {
            change(&mut portal);
            let kept = portal
                .as_ref()
                .map(|p| p.broken_folders(&p.publication))
                .unwrap_or_default();
            if let Ok(mut cache) = self.shared.cache.lock() {
                cache.reset(kept);
            }
        }
        self.after_change();
    }

    /// Load everything (start, or a change to settings, templates or agencies).
    fn full(&mut self) -> Result<Rebuilt, Vec<String>> {
        let t = Instant::now();
        let portal = match Portal::load(&self.root, self.opts_today, self.drafts, &self.base_url) {
            Ok(p) => p,
            Err(f) => return Err(f.lines()),
        };
        let reports = portal.site.reports.len();
        self.changed(|p| *p = Some(portal));
        Ok(Rebuilt {
            reports,
            took: t.elapsed(),
        })
    }

    /// Apply changed report files.
    fn reports(&mut self, rels: &[String]) -> Result<Rebuilt, Vec<String>> {
        if !self.loaded() {
            return self.full();
        }
        let t = Instant::now();
        self.changed(|p| {
            if let Some(p) = p {
                p.reload_reports(rels);
            }
        });
        Ok(Rebuilt {
            reports: rels.len(),
            took: t.elapsed(),
        })
    }

    /// Update what the browser shows over the page and tell browsers to reload.
    fn after_change(&self) {
        let Ok(portal) = self.shared.portal.read() else {
            return;
        };
        let Some(portal) = portal.as_ref() else {
            return;
        };
        let errors = portal.errors();
        // Only what the overlay shows is rendered: a file with thousands of errors costs no
        // more than one with twenty.
        let problems: Vec<String> = errors
            .iter()
            .take(http::SHOWN_PROBLEMS)
            .map(|d| render_text(d, false))
            .collect();
        if let Ok(mut p) = self.shared.problems.write() {
            *p = (problems, errors.len());
        }
        self.shared.reload_browsers();
    }

    fn report_problem(&self, lines: &[String]) {
        for l in lines {
            println!("{l}\n");
        }
        if let Ok(mut p) = self.shared.problems.write() {
            *p = (
                lines.iter().take(http::SHOWN_PROBLEMS).cloned().collect(),
                lines.len(),
            );
        }
        self.shared.reload_browsers();
    }

    /// Print the findings of the given files (all errors when `None`).
    fn print_findings(&self, files: Option<&[String]>) {
        let Ok(portal) = self.shared.portal.read() else {
            return;
        };
        let Some(portal) = portal.as_ref() else {
            return;
        };
        let mut shown = 0;
        for d in portal.all_findings() {
            let relevant = match files {
                Some(files) => files.contains(&d.file.rel) && d.severity != Severity::Info,
                None => d.severity == Severity::Error,
            };
            if relevant && shown < 50 {
                println!("{}\n", render_text(d, self.color));
                shown += 1;
            }
        }
    }

    fn errors(&self) -> usize {
        self.shared
            .portal
            .read()
            .ok()
            .and_then(|p| p.as_ref().map(|p| p.errors().len()))
            .unwrap_or(0)
    }
}

/// Run the server until Ctrl-C.
pub fn serve(root: &Path, opts: ServeOptions) -> Result<std::convert::Infallible, String> {
    let (server, addr) = server::bind(opts.bind, opts.port)?;
    let base_url = format!("http://{addr}/");
    let shared = Arc::new(Shared::new());
    let mut state = Server {
        shared: Arc::clone(&shared),
        root: root.to_path_buf(),
        opts_today: opts.today,
        drafts: opts.drafts,
        base_url: base_url.clone(),
        color: opts.color,
    };
    match state.full() {
        Ok(done) => {
            state.print_findings(None);
            println!(
                "已读取并检查 {} 份报告，用时 {:.1?}；页面在浏览器打开时生成",
                done.reports, done.took
            );
        }
        Err(lines) => {
            // A portal that cannot be read at all is an error at start; later it is shown
            // in the browser instead.
            if !state.loaded() && !root.join("site.toml").is_file() {
                return Err(lines.join("\n"));
            }
            state.report_problem(&lines);
        }
    }
    let watcher = watch::Watcher::new(root)?;
    ctrlc::set_handler(|| {
        println!("\n已停止");
        std::process::exit(0);
    })
    .map_err(|e| format!("无法处理 Ctrl-C：{e}"))?;
    http::spawn(server, Arc::clone(&shared));
    println!("预览地址：{base_url}（Ctrl-C 停止）");
    if !opts.bind.is_loopback() {
        println!(
            "注意：正在 {} 上监听，局域网内的其他电脑也能访问",
            opts.bind
        );
    }
    if opts.open
        && let Err(e) = opener::open_browser(&base_url)
    {
        println!("无法打开浏览器：{e}");
    }
    loop {
        let change = watcher.next();
        let result = match &change {
            watch::Change::Reports(rels) => state.reports(rels),
            watch::Change::Everything => state.full(),
        };
        match result {
            Ok(done) => {
                match &change {
                    watch::Change::Reports(rels) => {
                        state.print_findings(Some(rels));
                        println!(
                            "已更新 {}：重新检查 {} 份报告，用时 {:.1?}",
                            rels.join("、"),
                            done.reports,
                            done.took
                        );
                    }
                    watch::Change::Everything => {
                        state.print_findings(None);
                        println!(
                            "已重新读取全部 {} 份报告，用时 {:.1?}",
                            done.reports, done.took
                        );
                    }
                }
                let errors = state.errors();
                if errors > 0 {
                    println!("有 {errors} 个错误：浏览器页面上方列出了它们，修正后自动消失");
                }
            }
            Err(lines) => state.report_problem(&lines),
        }
    }
}
