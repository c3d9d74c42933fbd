//! `nianbao preview`: the built output folder served as it will be deployed, under the path
//! of `base_url` (e.g. `/xxgk/ndbg/`), so that a sub-path mistake shows before upload. Only
//! files inside the folder are served; links out of it are not followed.

use std::path::{Path, PathBuf};

use super::http;
use super::server::{self, Reply, Request, Response};
use crate::site::output;

pub struct PreviewOptions {
    /// The built folder (default: `output_dir` of `site.toml`).
    pub output: Option<PathBuf>,
    /// The address it was built for (default: `base_url` of `site.toml`).
    pub base_url: Option<String>,
    pub port: u16,
    pub open: bool,
}

/// The portal's output folder and base path, from `site.toml` and the options.
fn settings(root: &Path, opts: &PreviewOptions) -> Result<(PathBuf, String), String> {
    let config =
        match crate::content::read::read_source(&crate::config::path(root), "site.toml".into()) {
            Ok(file) => crate::config::parse(&file, &mut Vec::new()),
            Err(_) => None,
        };
    let output = match (&opts.output, &config) {
        (Some(o), _) => o.clone(),
        (None, Some(c)) => root.join(&c.output_dir),
        (None, None) => {
            return Err(format!(
                "在 {} 找不到可用的 site.toml：用 --output 指定已生成的目录，或在门户根目录运行",
                root.display()
            ));
        }
    };
    let base_url = match (&opts.base_url, &config) {
        (Some(u), _) => u.clone(),
        (None, Some(c)) => c.base_url.clone(),
        (None, None) => "/".to_string(),
    };
    Ok((output, crate::render::base_path(&base_url)))
}

/// Serve the built folder until Ctrl-C.
pub fn preview(root: &Path, opts: PreviewOptions) -> Result<std::convert::Infallible, String> {
    let (output, base) = settings(root, &opts)?;
    if !output.join("index.html").is_file() || !output::is_ours(&output) {
        return Err(format!(
            "{} 不是 nianbao 生成的网站：先运行 nianbao build",
            output.display()
        ));
    }
    let folder = output
        .canonicalize()
        .map_err(|e| format!("无法读取 {}：{e}", output.display()))?;
    let (server, addr) = server::bind(std::net::Ipv4Addr::LOCALHOST.into(), opts.port)?;
    let url = format!("http://{addr}{base}");
    ctrlc::set_handler(|| {
        println!("\n已停止");
        std::process::exit(0);
    })
    .map_err(|e| format!("无法处理 Ctrl-C：{e}"))?;
    println!(
        "预览 {}：{url}\n（按部署后的路径 {base} 提供，与正式网站一致；Ctrl-C 停止）",
        output.display()
    );
    if opts.open
        && let Err(e) = opener::open_browser(&url)
    {
        println!("无法打开浏览器：{e}");
    }
    server.run(move |request: &Request| answer(request, &folder, &base));
    Err("预览服务器已停止".to_string())
}

/// What a request gets: a file, a redirect to a folder's slash, or the site's 404 page.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

/// Resolve a URL path against the built folder (canonical) mounted at `base`.
pub fn resolve(folder: &Path, base: &str, path: &str) -> Answer {
    if path == "/" && base != "/" {
        return Answer::Redirect(base.to_string());
    }
    let Some(inside) = path.strip_prefix(base.trim_end_matches('/')) else {
        return Answer::NotFound;
    };
    let Some(key) = http::site_path(if inside.is_empty() { "/" } else { inside }) else {
        return Answer::NotFound;
    };
    let file = |key: &str| -> Option<PathBuf> {
        let p = folder.join(key).canonicalize().ok()?;
        (p.starts_with(folder) && p.is_file()).then_some(p)
    };
    if let Some(p) = file(&key) {
        return Answer::File(p);
    }
    // A folder without its slash: redirect, built from the cleaned key (never from the raw
    // path, so no `//host` can come out of it).
    if !inside.ends_with('/') && file(&format!("{key}/index.html")).is_some() {
        return Answer::Redirect(format!("{base}{key}/"));
    }
    Answer::NotFound
}

fn answer(request: &Request, folder: &Path, base: &str) -> Reply {
    let path = request.url.split(['?', '#']).next().unwrap_or("/");
    let (status, file) = match resolve(folder, base, path) {
        Answer::File(p) => (200, p),
        Answer::Redirect(to) => {
            return Reply::Response(Response::empty(301).header("Location", http::location(&to)));
        }
        Answer::NotFound => (404, folder.join("404.html")),
    };
    let kind = http::content_type(&file.to_string_lossy());
    let response = std::fs::File::open(&file).and_then(|f| Response::file(status, f));
    Reply::Response(match response {
        Ok(r) => r
            .header("Content-Type", kind)
            .header("Cache-Control", "no-cache")
            .header("X-Content-Type-Options", "nosniff"),
        Err(_) => Response::empty(404),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_only_the_built_folder_under_its_base_path() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        std::fs::create_dir_all(site.join("a/2022")).unwrap();
        std::fs::write(site.join("index.html"), "home").unwrap();
        std::fs::write(site.join("a/2022/index.html"), "report").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "no").unwrap();
        let folder = site.canonicalize().unwrap();
        let base = "/xxgk/ndbg/";
        assert_eq!(resolve(&folder, base, "/"), Answer::Redirect(base.into()));
        assert_eq!(
            resolve(&folder, base, "/xxgk/ndbg/"),
            Answer::File(folder.join("index.html"))
        );
        assert_eq!(
            resolve(&folder, base, "/xxgk/ndbg/a/2022"),
            Answer::Redirect("/xxgk/ndbg/a/2022/".into())
        );
        // Links that forget the sub-path fail here as they would on the real site.
        assert_eq!(resolve(&folder, base, "/a/2022/"), Answer::NotFound);
        for bad in [
            "/xxgk/ndbg/../secret.txt",
            "/xxgk/ndbg/%2e%2e/secret.txt",
            "/xxgk/ndbg/..%2fsecret.txt",
            "/xxgk/ndbgx/index.html",
        ] {
            assert_eq!(resolve(&folder, base, bad), Answer::NotFound, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("link.txt"))
                .unwrap();
            assert_eq!(
                resolve(&folder, base, "/xxgk/ndbg/link.txt"),
                Answer::NotFound
            );
        }
        // At the root, `//host` is a path, never a redirect to another host.
        assert_eq!(
            resolve(&folder, "/", "//a/2022"),
            Answer::Redirect("/a/2022/".into())
        );
    }
}
