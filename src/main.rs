//! The `nianbao` command line: argument parsing only; the work is in the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

// Loading thousands of reports allocates many small nodes; mimalloc does that faster.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use nianbao::content::LoadError;
use nianbao::diagnostics::{Severity, render_json_line, render_text, summary_line};

/// nianbao（年报）：政府信息公开工作年度报告的静态网站生成器
#[derive(Parser)]
#[command(name = "nianbao", version, about, long_about = None)]
struct Cli {
    /// Portal root (the folder with site.toml); default: the current folder
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Validate every report and agency; exit 1 on errors, 2 if the check could not run
    Check {
        /// text (like rustc) or json (one object per line)
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
        /// Also fail (exit 1) on warnings
        #[arg(long)]
        strict: bool,
    },
    /// Check, then write the site into the output folder (atomically)
    Build {
        /// Output folder (default: output_dir of site.toml, "public")
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Override base_url of site.toml
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Also publish reports and pages marked draft: true
        #[arg(long)]
        drafts: bool,
        /// Leave out reports with errors (and list them) instead of failing
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Build the site in memory and serve it with live reload while you edit
    Serve {
        /// Port (the next free one is taken if it is busy)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on (default loopback only)
        #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the browser
        #[arg(long)]
        open: bool,
        /// Also show reports and pages marked draft: true
        #[arg(long)]
        drafts: bool,
    },
    /// Write content/<agency>/<year>.md: every row, official labels as comments, figures
    /// carried over from last year
    New {
        /// Agency folder name (its URL slug)
        agency: String,
        year: i32,
        /// Full name of a new agency (creates its _index.md)
        #[arg(long)]
        name: Option<String>,
    },
    /// Create a new portal in DIR with one agency and one report
    Init { dir: PathBuf },
    /// Write a generated portal of valid reports (for tests and benchmarks)
    #[command(hide = true)]
    Corpus {
        /// Output folder (must not exist or be empty)
        out: PathBuf,
        #[arg(long, default_value_t = 20)]
        agencies: usize,
        #[arg(long, default_value_t = 5)]
        years: usize,
        /// First reported year
        #[arg(long, default_value_t = 2019)]
        start: i32,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(|| PathBuf::from("."));
    match cli.command {
        Command::Check { format, strict } => check(&root, format, strict),
        Command::Build {
            output,
            base_url,
            drafts,
            skip_invalid,
        } => build(&root, output, base_url, drafts, skip_invalid),
        Command::Serve {
            port,
            bind,
            open,
            drafts,
        } => {
            let opts = nianbao::serve::ServeOptions {
                port,
                bind,
                open,
                drafts,
                today: nianbao::today(),
                color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            match nianbao::serve::serve(&root, opts) {
                Ok(never) => match never {},
                Err(e) => {
                    eprintln!("错误：{e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::New { agency, year, name } => {
            match nianbao::scaffold::new_report(
                &root,
                &agency,
                year,
                name.as_deref(),
                nianbao::today(),
            ) {
                Ok(written) => {
                    for f in written {
                        println!("已创建 {}", f.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("错误：{e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Init { dir } => match nianbao::scaffold::init(&dir, nianbao::today()) {
            Ok(()) => {
                println!(
                    "已在 {} 创建门户。下一步：cd {} && nianbao serve",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("错误：{e}");
                ExitCode::from(2)
            }
        },
        Command::Corpus {
            out,
            agencies,
            years,
            start,
        } => match nianbao::corpus::write(&out, agencies, years, start) {
            Ok(n) => {
                eprintln!("已生成 {agencies} 个机构的 {n} 份报告：{}", out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("错误：{e}");
                ExitCode::from(2)
            }
        },
    }
}

fn build(
    root: &std::path::Path,
    output: Option<PathBuf>,
    base_url: Option<String>,
    drafts: bool,
    skip_invalid: bool,
) -> ExitCode {
    let terminal = std::io::stdout().is_terminal();
    let color = terminal && std::env::var_os("NO_COLOR").is_none();
    let opts = nianbao::site::BuildOptions {
        progress: terminal,
        output,
        skip_invalid,
        base_url,
        drafts,
        today: nianbao::today(),
    };
    match nianbao::site::build(root, &opts) {
        Ok(built) => {
            for f in &built.skipped {
                eprintln!("未发布（有错误，用 nianbao check 查看）：{f}");
            }
            // The phase lines go to logs too; only the progress bar needs a terminal.
            for p in &built.phases {
                println!("{:<8} {:>7} 项  {:>8.1?}", p.name, p.count, p.took);
            }
            println!(
                "已生成 {} 份报告、{} 个文件：{}（{} 个警告，用 nianbao check 查看）",
                built.reports,
                built.files,
                built.output.display(),
                built.findings.count(Severity::Warning)
            );
            // The site model of a large portal takes a noticeable time to free, and the
            // process is about to end anyway.
            std::mem::forget(built);
            ExitCode::SUCCESS
        }
        Err(e) => {
            if let nianbao::site::BuildError::Invalid(findings) = &e {
                for d in findings
                    .items
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                {
                    println!("{}\n", render_text(d, color));
                }
            }
            if let nianbao::site::BuildError::Load(LoadError::BadConfig(diags)) = &e {
                for d in diags {
                    println!("{}\n", render_text(d, color));
                }
            }
            eprintln!("错误：{e}");
            match e {
                nianbao::site::BuildError::Invalid(_) => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}

fn check(root: &std::path::Path, format: OutputFormat, strict: bool) -> ExitCode {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let run = match nianbao::check(root, nianbao::today()) {
        Ok(run) => run,
        Err(e) => {
            if let LoadError::BadConfig(diags) = &e {
                for d in diags {
                    let _ = match format {
                        OutputFormat::Text => writeln!(out, "{}\n", render_text(d, color)),
                        OutputFormat::Json => writeln!(out, "{}", render_json_line(d)),
                    };
                }
            }
            let _ = out.flush();
            eprintln!("错误：{e}");
            return ExitCode::from(2);
        }
    };
    for d in &run.findings.items {
        let _ = match format {
            OutputFormat::Text => writeln!(out, "{}\n", render_text(d, color)),
            OutputFormat::Json => writeln!(out, "{}", render_json_line(d)),
        };
    }
    if let OutputFormat::Text = format {
        let _ = writeln!(
            out,
            "{}",
            summary_line(
                &run.findings,
                run.site.reports.len(),
                run.site.agencies.len()
            )
        );
    }
    let _ = out.flush();
    let failed = run.findings.has_errors()
        || (strict
            && run
                .findings
                .items
                .iter()
                .any(|d| d.severity == Severity::Warning));
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
