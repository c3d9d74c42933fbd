//! Per-report cost of each loading step: `cargo run --release --example load_steps -- FILE`.
use std::sync::Arc;
use std::time::Instant;

use nianbao::source::{SourceFile, Span};

fn main() {
    let path = std::env::args().nth(1).expect("a report file");
    let text = std::fs::read_to_string(&path).expect("readable");
    let end = text[4..].find("\n---").expect("front matter") + 4;
    let f = Arc::new(SourceFile::new(
        path.clone().into(),
        path.clone(),
        text.clone(),
    ));
    let n = 5_000u32;
    let time = |name: &str, run: &mut dyn FnMut()| {
        let t = Instant::now();
        for _ in 0..n {
            run();
        }
        println!("{name:>12}: {:?}", t.elapsed() / n);
    };
    if std::env::var_os("ONLY_YAML").is_some() {
        time("yaml fast", &mut || {
            std::hint::black_box(nianbao::yaml::parse(&f, Span::new(4, end)));
        });
        return;
    }
    if std::env::var_os("ONLY_REPORT").is_some() {
        time("read_report", &mut || {
            let mut d = Vec::new();
            std::hint::black_box(nianbao::content::read_report(
                "a",
                Arc::clone(&f),
                Some(2022),
                &mut d,
            ));
        });
        return;
    }
    time("read", &mut || {
        std::hint::black_box(std::fs::read(&path).unwrap());
    });
    time("source", &mut || {
        std::hint::black_box(SourceFile::new("a".into(), "a".into(), text.clone()));
    });
    time("yaml fast", &mut || {
        std::hint::black_box(nianbao::yaml::parse(&f, Span::new(4, end)));
    });
    time("yaml full", &mut || {
        std::hint::black_box(nianbao::yaml::slow_parse(&f, Span::new(4, end)));
    });
    time("body", &mut || {
        std::hint::black_box(nianbao::model::Body::parse(
            &f,
            Span::new(end + 5, text.len()),
        ));
    });
    time("read_report", &mut || {
        let mut d = Vec::new();
        std::hint::black_box(nianbao::content::read_report(
            "a",
            Arc::clone(&f),
            Some(2022),
            &mut d,
        ));
    });
}
