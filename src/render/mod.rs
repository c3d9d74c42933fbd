//! Rendering: the theme's tera templates (compiled once), overridden file by file by the
//! portal's own `templates/`, fed with views of the typed model.

pub mod charts;
pub mod data;
pub mod escape;
pub mod highlight;
pub mod markdown;
pub mod tables;

use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Tera};

use crate::config::{Config, Footer};
use crate::model::labels::{self as lb, Script};

/// Why templates could not be loaded or a page rendered. `origin` names the file a user can
/// open: the portal's own override or the built-in default theme.
#[derive(Debug)]
pub enum TemplateError {
    /// `theme = "x"` names a theme that has no templates folder.
    NoTheme { theme: String, dir: PathBuf },
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A template does not compile.
    Syntax { origin: String, source: tera::Error },
    /// A page could not be rendered from its template.
    Render {
        template: String,
        origin: String,
        source: tera::Error,
    },
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TemplateError::NoTheme { theme, dir } => {
                write!(f, "找不到主题“{theme}”的模板目录 {}", dir.display())
            }
            TemplateError::Read { path, source } => {
                write!(f, "无法读取模板 {}：{source}", path.display())
            }
            TemplateError::Syntax { origin, source } => {
                let origin = if origin.is_empty() {
                    String::new()
                } else {
                    format!("（{origin}）")
                };
                write!(f, "模板有错误{origin}：{source}")
            }
            TemplateError::Render {
                template,
                origin,
                source,
            } => write!(f, "渲染模板 {template}（{origin}）出错：{source}"),
        }
    }
}

impl std::error::Error for TemplateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TemplateError::NoTheme { .. } => None,
            TemplateError::Read { source, .. } => Some(source),
            TemplateError::Syntax { source, .. } | TemplateError::Render { source, .. } => {
                Some(source)
            }
        }
    }
}

/// The template a tera error points into, read from the error itself.
fn failing_template(e: &tera::Error) -> Option<&str> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report.filename())
        }
        tera::ErrorKind::MissingParent { current, .. } => Some(current),
        tera::ErrorKind::CircularExtend { tpl, .. }
        | tera::ErrorKind::CircularInclude { tpl, .. } => Some(tpl),
        _ => None,
    }
}

/// Site-wide values every page template receives as `site`.
#[derive(Clone, Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    /// The path part of `base_url`, ending in `/`: every link starts with it.
    pub base: String,
    pub lang: String,
    pub owner: Option<String>,
    pub footer: Footer,
    pub years: Vec<i32>,
    pub css_version: String,
    pub js_version: String,
    /// Official labels the templates show, in the portal's script.
    pub labels: TemplateLabels,
    /// The page metadata of 《政府网站发展指引》: `SiteName`, `SiteDomain`, `ColumnName`.
    pub site_name: String,
    pub domain: String,
    pub column_name: String,
    /// The digits of the 公安备案号, for the link to its record.
    pub police_record: Option<String>,
    /// Whether the portal has a search page (`/search/`) and a compare page (`/compare/`):
    /// the header's search form and the 网站地图 link to them only then.
    pub has_search: bool,
    pub has_compare: bool,
}

/// The default `ColumnName`: the column such a portal is on a government website.
pub const DEFAULT_COLUMN: &str = "政府信息公开工作年度报告";

/// The official labels that templates print as column heads.
#[derive(Clone, Debug, Serialize)]
pub struct TemplateLabels {
    pub received: &'static str,
    pub disclosed: &'static str,
    pub review: &'static str,
    pub litigation: &'static str,
}

impl TemplateLabels {
    fn new(script: Script) -> Self {
        TemplateLabels {
            received: lb::KEY_RECEIVED_SHORT.get(script),
            disclosed: lb::KEY_DISCLOSED.get(script),
            review: lb::REVIEW.get(script),
            litigation: lb::LITIGATION.get(script),
        }
    }
}

impl SiteView {
    /// `versions`: the content hashes of `style.css` and `site.js`, for their URLs.
    pub fn new(
        config: &Config,
        base_url: &str,
        years: Vec<i32>,
        versions: (String, String),
    ) -> Self {
        let police_record: String = config
            .footer
            .police
            .as_deref()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        SiteView {
            title: config.title.clone(),
            base: base_path(base_url),
            lang: config.lang.clone(),
            owner: config.owner.clone(),
            footer: config.footer.clone(),
            years,
            css_version: versions.0,
            js_version: versions.1,
            labels: TemplateLabels::new(config.script),
            site_name: config.site_name.clone().unwrap_or(config.title.clone()),
            domain: domain(base_url),
            column_name: config
                .column_name
                .clone()
                .unwrap_or(DEFAULT_COLUMN.to_string()),
            police_record: (police_record.len() >= 6).then_some(police_record),
            has_search: false,
            has_compare: false,
        }
    }
}

/// `https://x.gov.cn/nianbao/` → `x.gov.cn`; a bare path has none.
pub fn domain(base_url: &str) -> String {
    base_url
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(""))
        .unwrap_or("")
        .to_string()
}

/// `https://x.gov.cn/nianbao/` → `/nianbao/`.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = match after_scheme.find('/') {
        Some(i) if base_url.contains("://") => &after_scheme[i..],
        _ if base_url.starts_with('/') => base_url,
        _ => "/",
    };
    let mut path = path.to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    path
}

macro_rules! builtin {
    ($($name:literal),*) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, compiled into the binary.
const DEFAULT_TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "report.html",
    "agency.html",
    "index.html",
    "year.html",
    "summary.html",
    "data.html",
    "page.html",
    "sitemap.html",
    "404.html",
    "sitemap.xml",
    "atom.xml",
    "robots.txt"
);

/// The default theme's stylesheet, used when neither theme nor portal has one.
pub const DEFAULT_CSS: &str = include_str!("../../themes/default/static/style.css");

/// The default theme's static files, built in: a portal without a `themes/` folder still gets
/// them, and a theme's or portal's file of the same name replaces one.
pub const DEFAULT_STATIC: &[(&str, &str)] = &[
    ("style.css", DEFAULT_CSS),
    (
        "site.js",
        include_str!("../../themes/default/static/site.js"),
    ),
];

/// A built-in static file's bytes, for the empty path that stands for it in
/// [`Theme::static_files`].
pub fn builtin_static(rel: &str) -> Option<&'static str> {
    DEFAULT_STATIC
        .iter()
        .find(|(name, _)| *name == rel)
        .map(|(_, text)| *text)
}

pub struct Theme {
    tera: Tera,
    /// Where each template came from, for error messages.
    origins: Vec<(String, String)>,
    /// Static files: the theme's, then the portal's `static/` over them (relative path, file).
    pub static_files: Vec<(String, PathBuf)>,
}

fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            Some((rel, e.into_path()))
        })
        .collect()
}

/// Later entries replace earlier ones with the same relative path.
fn overlay(layers: Vec<Vec<(String, PathBuf)>>) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = Vec::new();
    for layer in layers {
        for (rel, path) in layer {
            match out.iter_mut().find(|(r, _)| *r == rel) {
                Some(slot) => slot.1 = path,
                None => out.push((rel, path)),
            }
        }
    }
    out
}

impl Theme {
    pub fn load(root: &Path, theme: &str) -> Result<Theme, TemplateError> {
        let theme_dir = root.join("themes").join(theme);
        if theme != "default" && !theme_dir.join("templates").is_dir() {
            return Err(TemplateError::NoTheme {
                theme: theme.to_string(),
                dir: theme_dir.join("templates"),
            });
        }
        let templates = overlay(vec![
            files_under(&theme_dir.join("templates")),
            files_under(&root.join("templates")),
        ]);
        // The default theme is built in: a portal without a themes/ folder still builds, and a
        // portal's files replace the built-in ones of the same name.
        let mut origins: Vec<(String, String)> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, _)| (n.to_string(), format!("内置默认主题的 {n}")))
            .collect();
        for (name, path) in &templates {
            let shown = path
                .strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string();
            match origins.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = shown,
                None => origins.push((name.clone(), shown)),
            }
        }
        let mut sources: Vec<(String, String)> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        for (name, path) in &templates {
            let text = std::fs::read_to_string(path).map_err(|source| TemplateError::Read {
                path: path.clone(),
                source,
            })?;
            match sources.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = text,
                None => sources.push((name.clone(), text)),
            }
        }
        // All at once, so that a template may extend one loaded after it.
        let mut tera = Tera::new();
        tera.add_raw_templates(sources).map_err(|source| {
            // Name the file, not just the template: it may be the portal's override.
            let origin = failing_template(&source)
                .and_then(|t| origins.iter().find(|(n, _)| n == t))
                .map_or(String::new(), |(_, o)| o.clone());
            TemplateError::Syntax { origin, source }
        })?;
        let static_files = overlay(vec![
            files_under(&theme_dir.join("static")),
            files_under(&root.join("static")),
        ]);
        let mut static_files = static_files;
        for (name, _) in DEFAULT_STATIC {
            if !static_files.iter().any(|(r, _)| r == name) {
                static_files.push((name.to_string(), PathBuf::new()));
            }
        }
        Ok(Theme {
            tera,
            origins,
            static_files,
        })
    }

    pub fn render(&self, template: &str, context: &Context) -> Result<String, TemplateError> {
        self.tera.render(template, context).map_err(|source| {
            let origin = self
                .origins
                .iter()
                .find(|(n, _)| n == template)
                .map_or(template, |(_, o)| o.as_str());
            TemplateError::Render {
                template: template.to_string(),
                origin: origin.to_string(),
                source,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{base_path, domain};

    #[test]
    fn domains() {
        assert_eq!(domain("https://www.x.gov.cn/nianbao/"), "www.x.gov.cn");
        assert_eq!(domain("http://x.gov.cn"), "x.gov.cn");
        assert_eq!(domain("/nianbao/"), "");
    }

    #[test]
    fn base_paths() {
        assert_eq!(base_path("https://x.gov.cn/nianbao/"), "/nianbao/");
        assert_eq!(base_path("https://x.gov.cn/nianbao"), "/nianbao/");
        assert_eq!(base_path("https://x.gov.cn"), "/");
        assert_eq!(base_path("/a/"), "/a/");
    }
}
