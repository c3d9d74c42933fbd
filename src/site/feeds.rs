//! `sitemap.xml`, `atom.xml` and `robots.txt`, rendered through the theme's templates of the
//! same names so that a portal can replace them. A report gets a date only where it states
//! one: an undated report is never given one.

use serde::Serialize;
use tera::Context;

use super::BuildError;
use super::output::Output;
use super::pages::page;
use crate::content::Site;
use crate::model::Report;
use crate::model::labels as lb;
use crate::render::{SiteView, Theme};

/// Text without the characters XML 1.0 forbids (control characters but tab and line
/// breaks, U+FFFE, U+FFFF), which YAML escapes such as `"\0"` can put in a title: the feeds
/// must parse whatever the reports hold.
fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            (matches!(c, '\t' | '\n' | '\r') || !c.is_control())
                && c != '\u{FFFE}'
                && c != '\u{FFFF}'
        })
        .collect()
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

#[derive(Serialize)]
struct Url {
    loc: String,
    lastmod: Option<String>,
}

#[derive(Serialize)]
struct Entry {
    agency: String,
    title: String,
    link: String,
    date: String,
}

#[derive(Serialize)]
struct Feed {
    title: String,
    root: String,
    updated: String,
    entries: Vec<Entry>,
}

/// The newest reports the feed lists.
const FEED_ENTRIES: usize = 500;

pub(super) fn feeds(
    out: &dyn Output,
    theme: &Theme,
    base_ctx: &Context,
    (site, reports): (&Site, &[&Report]),
    (base_url, view): (&str, &SiteView),
) -> Result<(), BuildError> {
    let root = absolute(base_url, &view.base);
    let mut urls = Vec::new();
    let mut url = |path: String, lastmod: Option<String>| {
        urls.push(Url {
            loc: xml_safe(&format!("{root}{path}")),
            lastmod,
        })
    };
    url(String::new(), None);
    url("data/".into(), None);
    for &y in &view.years {
        url(format!("years/{y}/"), None);
        url(format!("years/{y}/summary/"), None);
    }
    for a in &site.agencies {
        url(format!("{}/", a.slug), None);
    }
    for r in reports {
        let date = r.published.as_ref().map(|d| d.value.to_string());
        url(
            format!("{}/{}/", r.agency, r.the_year().unwrap_or_default()),
            date,
        );
    }
    for p in &site.pages {
        url(format!("{}/", p.slug), None);
    }
    let mut ctx = base_ctx.clone();
    ctx.insert("urls", &urls);
    page(out, theme, "sitemap.xml", &ctx, "sitemap.xml".into())?;

    let mut dated: Vec<&&Report> = reports.iter().filter(|r| r.published.is_some()).collect();
    dated.sort_by_key(|r| std::cmp::Reverse(r.published.as_ref().map(|d| d.value)));
    let updated = dated
        .first()
        .and_then(|r| r.published.as_ref())
        .map_or("1970-01-01".to_string(), |d| d.value.to_string());
    let entries = dated
        .iter()
        .take(FEED_ENTRIES)
        .map(|r| {
            let year = r.the_year().unwrap_or_default();
            Entry {
                agency: xml_safe(
                    site.agency(&r.agency)
                        .and_then(|a| a.name.as_ref())
                        .map_or(&r.agency, |n| &n.value),
                ),
                title: xml_safe(&r.title.as_ref().map_or_else(
                    || lb::default_title(year, site.config.script),
                    |t| t.value.clone(),
                )),
                link: xml_safe(&format!("{root}{}/{year}/", r.agency)),
                date: r
                    .published
                    .as_ref()
                    .map(|d| d.value.to_string())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let mut ctx = base_ctx.clone();
    ctx.insert(
        "feed",
        &Feed {
            title: xml_safe(&site.config.title),
            root: xml_safe(&root),
            updated,
            entries,
        },
    );
    page(out, theme, "atom.xml", &ctx, "atom.xml".into())?;

    let mut ctx = base_ctx.clone();
    ctx.insert("sitemap_url", &format!("{root}sitemap.xml"));
    page(out, theme, "robots.txt", &ctx, "robots.txt".into())
}
