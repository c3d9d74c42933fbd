//! `nianbao serve`: the site built in memory by the same [`Renderer`] as `build`, served on
//! loopback, rebuilt on every save (only what the change touches) and pushed to the browser.
//!
//! Data still flows one way: a change reloads the changed files into the [`Site`], re-runs the
//! checks of the agency they belong to and the portal-wide ones, renders the affected pages
//! into memory and swaps them in; then the browser is told to reload.

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

/// What the HTTP side reads: the built files and what is wrong now.
pub struct Shared {
    files: RwLock<HashMap<String, Arc<[u8]>>>,
    /// The diagnostics shown over every page while the portal has errors: the first
    /// [`http::SHOWN_PROBLEMS`], rendered, and how many there are in all.
    problems: RwLock<(Vec<String>, usize)>,
    /// Browsers waiting to be told to reload.
    listeners: Mutex<Vec<std::sync::mpsc::Sender<()>>>,
}

impl Shared {
    fn new() -> Shared {
        Shared {
            files: RwLock::new(HashMap::new()),
            problems: RwLock::new((Vec::new(), 0)),
            listeners: Mutex::new(Vec::new()),
        }
    }

    fn reload_browsers(&self) {
        if let Ok(mut l) = self.listeners.lock() {
            l.retain(|tx| tx.send(()).is_ok());
        }
    }

    /// Put freshly built files in place. A whole new site (`replace` given) drops the old
    /// files except the downloads (until their new versions are ready) and the pages of the
    /// reports in `replace` (folders `agency/year/` whose reports now have errors: their last
    /// good pages stay under the error overlay).
    fn merge(
        &self,
        built: HashMap<String, Arc<[u8]>>,
        removed: &[String],
        replace: Option<&HashSet<String>>,
    ) {
        let Ok(mut files) = self.files.write() else {
            return;
        };
        match replace {
            Some(kept) => {
                let old = std::mem::replace(&mut *files, built);
                for (k, v) in old {
                    let last_good = k
                        .rsplit_once('/')
                        .is_some_and(|(dir, _)| kept.contains(dir));
                    if is_download(&k) || last_good {
                        files.entry(k).or_insert(v);
                    }
                }
            }
            None => {
                for r in removed {
                    files.remove(r);
                }
                files.extend(built);
            }
        }
    }
}

fn is_download(path: &str) -> bool {
    path.starts_with("data/") && path != "data/index.html"
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

    /// What the site's lists show of the given report files: where they are listed, their
    /// dates and titles, and whether they are published.
    #[allow(clippy::type_complexity)]
    fn listing(
        &self,
        rels: &[String],
        publication: &Publication,
    ) -> Vec<(String, Option<i32>, Option<NaiveDate>, Option<String>, bool)> {
        self.site
            .reports
            .iter()
            .filter(|r| rels.contains(&r.file.rel))
            .map(|r| {
                (
                    r.file.rel.clone(),
                    r.the_year(),
                    r.published.as_ref().map(|d| d.value),
                    r.title.as_ref().map(|t| t.value.clone()),
                    publication.publishes(r),
                )
            })
            .collect()
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

    fn published_years(&self, publication: &Publication) -> BTreeSet<i32> {
        self.site
            .reports
            .iter()
            .filter(|r| publication.publishes(r))
            .filter_map(|r| r.the_year())
            .collect()
    }

    /// Render with `f` into memory.
    fn render(
        &self,
        publication: &Publication,
        f: impl FnOnce(&Renderer, &Memory) -> Result<(), BuildError>,
    ) -> Result<HashMap<String, Arc<[u8]>>, BuildError> {
        let findings: Vec<&Diagnostic> = self.all_findings().collect();
        let renderer = Renderer::new(Inputs {
            site: &self.site,
            theme: &self.theme,
            publication,
            base_url: Some(&self.base_url),
            findings: &findings,
            figures: self.figures.values().map(|f| &**f).collect(),
            views: &self.views,
        })?;
        let out = Memory::default();
        f(&renderer, &out)?;
        Ok(out.into_files())
    }

    /// Re-read the given report files and re-check their agencies. Returns the (agency,
    /// year) pairs whose pages change, the paths of pages that no longer exist, and the
    /// files now left out for errors.
    #[allow(clippy::type_complexity)]
    fn reload_reports(
        &mut self,
        rels: &[String],
    ) -> (BTreeSet<(String, i32)>, Vec<String>, Publication) {
        let mut touched = BTreeSet::new();
        let mut agencies = BTreeSet::new();
        let mut removed = Vec::new();
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
            for (agency, year) in old.iter().cloned().chain(new.clone()) {
                if let Some(y) = year {
                    touched.insert((agency.clone(), y));
                }
                agencies.insert(agency);
            }
            // A report that is gone takes its pages with it.
            for (agency, year) in &old {
                if let Some(y) = year
                    && new.as_ref() != Some(&(agency.clone(), Some(*y)))
                {
                    self.figures.remove(&(agency.clone(), *y));
                    for f in ["index.html", "data.json", "data.csv"] {
                        removed.push(format!("{agency}/{y}/{f}"));
                    }
                }
            }
            if let Some(r) = report {
                // A report marked `draft: true` leaves the site as `build` would leave it out.
                if !Publication::new(self.drafts, []).would_publish(&r)
                    && let Some(y) = r.the_year()
                {
                    self.figures.remove(&(r.agency.clone(), y));
                    for f in ["index.html", "data.json", "data.csv"] {
                        removed.push(format!("{}/{y}/{f}", r.agency));
                    }
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
        (touched, removed, publication)
    }
}

/// What one rebuild did, for the terminal.
struct Rebuilt {
    pages: usize,
    took: std::time::Duration,
}

/// The server's side of a portal: the portal, the shared files, and the downloads worker.
struct Server {
    portal: Option<Portal>,
    shared: Arc<Shared>,
    root: PathBuf,
    opts_today: NaiveDate,
    drafts: bool,
    base_url: String,
    color: bool,
    downloads: Arc<Mutex<u64>>,
}

impl Server {
    /// Load and render everything (start, or a change to settings, templates or agencies).
    fn full(&mut self) -> Result<Rebuilt, Vec<String>> {
        let t = Instant::now();
        let portal = match Portal::load(&self.root, self.opts_today, self.drafts, &self.base_url) {
            Ok(p) => p,
            Err(f) => return Err(f.lines()),
        };
        let publication = portal.publication();
        let files = portal
            .render(&publication, |r, out| r.all(out))
            .map_err(|e| vec![e.to_string()])?;
        let pages = files.len();
        self.shared
            .merge(files, &[], Some(&portal.broken_folders(&publication)));
        self.portal = Some(portal);
        self.after_change();
        Ok(Rebuilt {
            pages,
            took: t.elapsed(),
        })
    }

    /// Apply changed report files; falls back to a full render when the set of years (and
    /// so every page's navigation) changes.
    fn reports(&mut self, rels: &[String]) -> Result<Rebuilt, Vec<String>> {
        let t = Instant::now();
        let Some(portal) = self.portal.as_mut() else {
            return self.full();
        };
        let before = portal.publication();
        let years_before = portal.published_years(&before);
        let listed_before = portal.listing(rels, &before);
        let (touched, removed, publication) = portal.reload_reports(rels);
        let years_changed = portal.published_years(&publication) != years_before;
        let listed = portal.listing(rels, &publication) != listed_before;
        let files = if years_changed {
            portal.render(&publication, |r, out| r.all(out))
        } else {
            portal.render(&publication, |r, out| {
                let mut agencies = BTreeSet::new();
                let mut years = BTreeSet::new();
                for (agency, year) in &touched {
                    // The report, and its neighbours (their links and the changes they show).
                    for y in [year - 1, *year, year + 1] {
                        r.report(out, agency, y)?;
                    }
                    agencies.insert(agency.as_str());
                    years.insert(*year);
                }
                for a in agencies {
                    r.agency(out, a)?;
                }
                for y in years {
                    r.year(out, y)?;
                }
                // The home page shows the latest year's totals; the lists of reports (site
                // map, feeds, downloads page) change only when reports come, go or change
                // their dates or titles.
                r.home(out)?;
                if listed {
                    r.listings(out)?;
                }
                Ok(())
            })
        }
        .map_err(|e| vec![e.to_string()])?;
        let pages = files.len();
        let kept = portal.broken_folders(&publication);
        self.shared
            .merge(files, &removed, years_changed.then_some(&kept));
        self.after_change();
        Ok(Rebuilt {
            pages,
            took: t.elapsed(),
        })
    }

    /// Update what the browser shows over the page, tell browsers to reload, and remake the
    /// downloads in the background.
    fn after_change(&self) {
        let Some(portal) = &self.portal else { return };
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

    /// Remake the portal-wide downloads in the background from the figures as they are
    /// now; a newer change that starts another run makes this one give up.
    fn refresh_downloads(&self) {
        let Some(portal) = &self.portal else { return };
        let generation = {
            let Ok(mut g) = self.downloads.lock() else {
                return;
            };
            *g += 1;
            *g
        };
        let mut all: Vec<Arc<ReportData>> = portal.figures.values().cloned().collect();
        let title = portal.site.config.title.clone();
        let script = portal.site.config.script;
        let shared = Arc::clone(&self.shared);
        let counter = Arc::clone(&self.downloads);
        let current = move || counter.lock().map(|g| *g == generation).unwrap_or(false);
        std::thread::spawn(move || {
            // Saves come in bursts: wait for the editor to pause.
            std::thread::sleep(std::time::Duration::from_millis(300));
            if !current() {
                return;
            }
            all.sort_by(|a, b| (&a.agency, a.year).cmp(&(&b.agency, b.year)));
            let refs: Vec<&ReportData> = all.iter().map(|a| &**a).collect();
            let out = Memory::default();
            if downloads(&out, &title, script, &refs).is_ok() && current() {
                shared.merge(out.into_files(), &[], None);
            }
        });
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
        let Some(portal) = &self.portal else { return };
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
}

/// Run the server until Ctrl-C.
pub fn serve(root: &Path, opts: ServeOptions) -> Result<std::convert::Infallible, String> {
    let (server, addr) = server::bind(opts.bind, opts.port)?;
    let base_url = format!("http://{addr}/");
    let shared = Arc::new(Shared::new());
    let mut state = Server {
        portal: None,
        shared: Arc::clone(&shared),
        root: root.to_path_buf(),
        opts_today: opts.today,
        drafts: opts.drafts,
        base_url: base_url.clone(),
        color: opts.color,
        downloads: Arc::new(Mutex::new(0)),
    };
    match state.full() {
        Ok(done) => {
            state.print_findings(None);
            println!(
                "已在内存中生成 {} 个文件，用时 {:.1?}",
                done.pages, done.took
            );
        }
        Err(lines) => {
            // A portal that cannot be read at all is an error at start; later it is shown
            // in the browser instead.
            if state.portal.is_none() && !root.join("site.toml").is_file() {
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
    state.refresh_downloads();
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
                            "已更新 {}：重新生成 {} 个文件，用时 {:.1?}",
                            rels.join("、"),
                            done.pages,
                            done.took
                        );
                    }
                    watch::Change::Everything => {
                        state.print_findings(None);
                        println!(
                            "已重新生成全部 {} 个文件，用时 {:.1?}",
                            done.pages, done.took
                        );
                    }
                }
                let errors = state.portal.as_ref().map_or(0, |p| p.errors().len());
                if errors > 0 {
                    println!("有 {errors} 个错误：浏览器页面上方列出了它们，修正后自动消失");
                }
                state.refresh_downloads();
            }
            Err(lines) => state.report_problem(&lines),
        }
    }
}
