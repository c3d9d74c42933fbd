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
