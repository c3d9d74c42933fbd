//! Where `nianbao check` spends its time on a portal:
//! `cargo run --release --example phases -- DIR`.
use std::time::Instant;

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("a portal folder"));
    let t = Instant::now();
    let (site, _) = nianbao::content::load(&root).expect("a portal");
    let load = t.elapsed();
    let t = Instant::now();
    let findings = nianbao::checks::run(
        &site,
        nianbao::checks::Context {
            today: nianbao::today(),
            deadline: site.config.deadline,
        },
    );
    let checks = t.elapsed();
    let t = Instant::now();
    drop(site);
    println!(
        "load {load:?}, checks {checks:?}, drop {:?}, findings {}",
        t.elapsed(),
        findings.len()
    );
}
