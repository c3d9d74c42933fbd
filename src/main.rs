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
    /// Import published reports (HTML, text, Word, PDF) into content/<agency>/<year>.md
    Import {
        /// Files or folders of files
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Agency folder name (default: derived from the agency's name)
        #[arg(long, value_name = "SLUG")]
        agency: Option<String>,
        /// Full name of the agency (default: from the title or signature)
        #[arg(long, value_name = "全称")]
        name: Option<String>,
        /// Report year (default: from the title)
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
        /// Show what would be written, write nothing
        #[arg(long)]
        dry_run: bool,
        /// text or json (one object per file)
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
        /// Replace existing reports
        #[arg(long)]
        force: bool,
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
        Command::Import {
            inputs,
            agency,
            name,
            year,
            dry_run,
            format,
            force,
        } => {
            let opts = nianbao::import::Options {
                agency,
                name,
                year,
                dry_run,
                force,
            };
            import(&root, &inputs, &opts, format)
        }
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

fn import(
    root: &std::path::Path,
    inputs: &[PathBuf],
    opts: &nianbao::import::Options,
    format: OutputFormat,
) -> ExitCode {
    use nianbao::import::run;
    if !root.join("site.toml").is_file() || !root.join("content").is_dir() {
        eprintln!(
            "错误：{} 不是门户根目录（没有 site.toml 和 content/）：在门户根目录运行，或用 --root 指定",
            root.display()
        );
        return ExitCode::from(2);
    }
    for p in inputs {
        if !p.exists() {
            eprintln!("错误：找不到 {}", p.display());
            return ExitCode::from(2);
        }
    }
    let files = run::collect_inputs(inputs);
    if files.is_empty() {
        eprintln!("错误：没有可导入的文件（.html、.htm、.txt、.md、.docx、.pdf）");
        return ExitCode::from(2);
    }
    if files.len() > 1 && (opts.agency.is_some() || opts.year.is_some()) {
        eprintln!("提示：--agency/--year 对本次导入的每个文件都生效");
    }
    let progress = std::io::stderr().is_terminal() && files.len() > 1;
    let results = run::import_many(root, &files, opts, nianbao::today(), progress);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    for (path, r) in &results {
        if r.is_err() {
            failed += 1;
        }
        let _ = match format {
            OutputFormat::Text => write!(out, "{}", run::report_for(path, r)),
            OutputFormat::Json => writeln!(out, "{}", run::json_for(path, r)),
        };
    }
    if let OutputFormat::Text = format {
        let _ = writeln!(
            out,
            "共 {} 个文件：导入 {} 个，失败 {failed} 个{}",
            results.len(),
            results.len() - failed,
            if opts.dry_run {
                "（--dry-run，未写入）"
            } else {
                ""
            }
        );
    }
    let _ = out.flush();
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
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
            std::process::exit(0)
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
            let code = match e {
                nianbao::site::BuildError::Invalid(_) => 1,
                _ => 2,
            };
            std::process::exit(code)
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
