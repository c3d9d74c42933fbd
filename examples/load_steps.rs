//! Per-report cost of each loading step:
//! `cargo run --release --example load_steps -- FILE [STEP]` (STEP: one of the names below).
use std::sync::Arc;
use std::time::Instant;

use nianbao::source::{SourceFile, Span};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a report file");
    let only = args.next();
    let text = std::fs::read_to_string(&path).expect("readable");
    let end = text[4..].find("\n---").expect("front matter") + 4;
    let yaml = Span::new(4, end);
    let body = Span::new(end + 5, text.len());
    let f = Arc::new(SourceFile::new(
        path.clone().into(),
        path.clone(),
        text.clone(),
    ));
    type Step<'a> = (&'static str, Box<dyn Fn() + 'a>);
    let steps: Vec<Step> = vec![
        (
            "read",
            Box::new(|| drop(std::hint::black_box(std::fs::read(&path)))),
        ),
        (
            "source",
            Box::new(|| {
                drop(std::hint::black_box(SourceFile::new(
                    "a".into(),
                    "a".into(),
                    text.clone(),
                )))
            }),
        ),
        (
            "yaml",
            Box::new(|| drop(std::hint::black_box(nianbao::yaml::parse(&f, yaml)))),
        ),
        (
            "yaml-full",
            Box::new(|| drop(std::hint::black_box(nianbao::yaml::slow_parse(&f, yaml)))),
        ),
        (
            "body",
            Box::new(|| drop(std::hint::black_box(nianbao::model::Body::parse(&f, body)))),
        ),
        (
            "report",
            Box::new(|| {
                drop(std::hint::black_box(nianbao::content::read_report(
                    "a",
                    Arc::clone(&f),
                    Some(2022),
                    &mut Vec::new(),
                )))
            }),
        ),
    ];
    let n = 5_000u32;
    for (name, run) in steps
        .iter()
        .filter(|(name, _)| only.as_deref().is_none_or(|o| o == *name))
    {
        let t = Instant::now();
        for _ in 0..n {
            run();
        }
        println!("{name:>10}: {:?}", t.elapsed() / n);
    }
}
