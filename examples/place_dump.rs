fn main() {
    for p in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&p).unwrap();
        let doc = nianbao::import::text::read_text(std::path::Path::new(&p), &text);
        let lines = nianbao::import::place::lines(&doc);
        let pl = nianbao::import::place::place(&lines, None, None);
        println!("== {p} {:?} {}", pl.format, pl.format_basis);
        for r in &pl.rows {
            let cells: Vec<String> = r
                .cells
                .iter()
                .map(|c| c.value.as_ref().map_or("_".into(), |v| v.to_string()))
                .collect();
            println!(
                "{:<40} L{:<4} {:?} {}",
                r.key.name(),
                r.label_pos.line,
                cells,
                r.reason.clone().unwrap_or_default()
            );
        }
        for n in &pl.notes {
            println!("note: {n}");
        }
    }
}
