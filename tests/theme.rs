//! The labels table and the theme: a traditional-script portal shows no simplified-only
//! official label anywhere, feeds are templates a portal can replace, and template errors
//! name the portal's file through tera's own error data.

mod common;

use std::path::Path;

use common::{nianbao, valid_portal};
use nianbao::model::labels::{self, Script};

/// Replace a report's narrative (after the front matter) with `body`.
fn set_body(path: &Path, body: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let end = text[3..].find("\n---\n").unwrap() + 3 + 5;
    std::fs::write(path, format!("{}{body}", &text[..end])).unwrap();
}

#[test]
fn a_traditional_portal_shows_no_simplified_only_label() {
    let portal = valid_portal();
    let root = portal.path();
    let site = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        site.replacen("owner =", "lang = \"zh-Hant\"\nowner =", 1),
    )
    .unwrap();
    // The narrative is the agency's own text: written in traditional characters here, so that
    // every simplified label a page shows must have come from the generator.
    let body = "## 一、總體情況\n\n本年度統計期限自1月1日至12月31日。\n\n## 五、存在的主要問題及改進情況\n\n無。\n\n## 六、其他需要報告的事項\n\n本年度未收取信息處理費。\n";
    for year in ["2020", "2021"] {
        set_body(&root.join(format!("content/shuiwu/{year}.md")), body);
    }
    let out = tempfile::tempdir().unwrap();
    let site_dir = out.path().join("site");
    let run = nianbao(root, &["build", "--output", site_dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    let simplified_only: Vec<&str> = labels::all()
        .into_iter()
        .filter(|l| l.simp != l.trad)
        // Plain words (机构, 年度) that the simplified-only interface text also uses.
        .filter(|l| !labels::WORKBOOK_LEADING.contains(l))
        .map(|l| l.simp)
        .collect();
    assert!(simplified_only.len() > 60, "the table lists every label");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&site_dir) {
        let entry = entry.unwrap();
        let ext = entry.path().extension().and_then(|e| e.to_str());
        if !matches!(ext, Some("html" | "csv" | "json" | "xml")) {
            continue;
        }
        let mut text = std::fs::read_to_string(entry.path()).unwrap();
        // The 数据源 view quotes the editor's file (its comments included) as written.
        if let (Some(a), Some(b)) = (text.find("<pre class=\"hl\">"), text.find("</pre>")) {
            text.replace_range(a..b, "");
        }
        for label in &simplified_only {
            assert!(
                !text.contains(label),
                "{} shows the simplified label “{label}”",
                entry.path().strip_prefix(&site_dir).unwrap().display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 10, "pages and data files checked: {checked}");
    // And the traditional forms are there.
    let page = std::fs::read_to_string(site_dir.join("shuiwu/2021/index.html")).unwrap();
    for label in [labels::RECEIVED, labels::KEY_RECEIVED, labels::PARTS[3].1] {
        assert!(
            page.contains(label.get(Script::Traditional)),
            "{}",
            label.trad
        );
    }
}

#[test]
fn a_portal_replaces_the_feeds_and_robots_txt_with_its_own_templates() {
    let portal = valid_portal();
    let root = portal.path();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/robots.txt"),
        "User-agent: *\nDisallow: /data/\nSitemap: {{ sitemap_url }}\n",
    )
    .unwrap();
    std::fs::write(
        root.join("templates/sitemap.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{% for u in urls %}<url><loc>{{ u.loc }}</loc><changefreq>yearly</changefreq></url>{% endfor %}</urlset>\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let site_dir = out.path().join("site");
    let run = nianbao(root, &["build", "--output", site_dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        std::fs::read_to_string(site_dir.join("robots.txt")).unwrap(),
        "User-agent: *\nDisallow: /data/\nSitemap: https://example.gov.cn/nianbao/sitemap.xml\n"
    );
    let sitemap = std::fs::read_to_string(site_dir.join("sitemap.xml")).unwrap();
    let mut reader = quick_xml::Reader::from_str(&sitemap);
    let (mut urls, mut yearly) = (0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"url" => urls += 1,
            quick_xml::events::Event::Text(t) if &*t == b"yearly" => yearly += 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    // Home, data, two years with their 汇总, the agency, two reports.
    assert_eq!((urls, yearly), (9, 9), "{sitemap}");
    // The theme's atom.xml is still used.
    let atom = std::fs::read_to_string(site_dir.join("atom.xml")).unwrap();
    assert!(atom.contains("<entry><title>示例区水务局："), "{atom}");
}

#[test]
fn a_broken_override_is_a_typed_error_that_names_the_portal_file() {
    let portal = valid_portal();
    let root = portal.path();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/atom.xml"),
        "<feed>{{ feed.title </feed>\n",
    )
    .unwrap();
    let err = match nianbao::render::Theme::load(root, "default") {
        Err(e) => e,
        Ok(_) => panic!("a template that does not compile is refused"),
    };
    let nianbao::render::TemplateError::Syntax { origin, .. } = &err else {
        panic!("a syntax error, not {err:?}");
    };
    assert_eq!(origin, "templates/atom.xml");
    assert!(
        std::error::Error::source(&err).is_some(),
        "tera's error is the source"
    );
    assert!(
        err.to_string()
            .starts_with("模板有错误（templates/atom.xml）"),
        "{err}"
    );
}
