//! Print what `import` makes of text files, without writing anything (a debugging aid).
fn main() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    for p in std::env::args().skip(1) {
        let path = std::path::Path::new(&p);
        let opts = nianbao::import::Options {
            dry_run: true,
            ..Default::default()
        };
        let r =
            nianbao::import::import_file(std::path::Path::new("/nonexistent"), path, &opts, today);
        if let Ok(im) = &r {
            println!("{}", im.text);
        }
        print!("{}", nianbao::import::run::report_for(path, &r));
    }
}
