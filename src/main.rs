//! The `nianbao` command line: argument parsing only; the work is in the library. Help and
//! argument errors are in Chinese (flags stay ASCII): clap's own English never reaches the
//! user.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

// Loading thousands of reports allocates many small nodes; mimalloc does that faster.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use nianbao::content::LoadError;
use nianbao::diagnostics::{
    Diagnostic, Severity, capped, more_line, render_json_line, render_text, summary_line,
};

/// The command line, as clap reads it; `command()` puts the Chinese around it.
#[derive(Parser)]
#[command(
    name = "nianbao",
    version,
    about = "nianbao（年报）：政府信息公开工作年度报告的静态网站生成器",
    long_about = None,
    override_usage = "nianbao [--root 目录] <命令> [选项]",
    after_help = "每个命令的选项：nianbao <命令> --help"
)]
struct Cli {
    /// 门户根目录（含 site.toml 的目录）；默认为当前目录
    #[arg(long, global = true, value_name = "目录")]
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
    /// 检查所有报告和机构；有错误时退出码为 1，无法检查时为 2
    #[command(override_usage = "nianbao check [--format text|json] [--strict]")]
    Check {
        /// 输出格式：text（逐条说明，默认）或 json（每行一个 JSON 对象）
        #[arg(long, value_enum, default_value = "text", value_name = "格式")]
        format: OutputFormat,
        /// 有警告也算失败（退出码 1）
        #[arg(long)]
        strict: bool,
    },
    /// 检查后生成网站（整体替换输出目录，失败时保留原网站）
    #[command(
        override_usage = "nianbao build [--output 目录] [--base-url 网址] [--drafts] [--skip-invalid]"
    )]
    Build {
        /// 输出目录（默认为 site.toml 的 output_dir，即 public）
        #[arg(long, value_name = "目录")]
        output: Option<PathBuf>,
        /// 网站正式地址，代替 site.toml 的 base_url，如 https://www.xx.gov.cn/xxgk/ndbg/
        #[arg(long, value_name = "网址", value_parser = parse_base_url)]
        base_url: Option<String>,
        /// 同时发布标记为 draft: true 的报告和页面
        #[arg(long)]
        drafts: bool,
        /// 跳过有错误的报告（并列出它们），生成其余部分
        #[arg(long)]
        skip_invalid: bool,
    },
    /// 在内存中生成网站并在本机预览；保存文件后自动刷新浏览器
    #[command(override_usage = "nianbao serve [--port 端口] [--bind 地址] [--open] [--drafts]")]
    Serve {
        /// 端口，默认 1111（被占用时自动改用下一个）
        #[arg(long, default_value_t = 1111, value_name = "端口", value_parser = parse_port)]
        port: u16,
        /// 监听地址，默认 127.0.0.1（只允许本机访问）
        #[arg(long, value_name = "地址", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// 打开浏览器
        #[arg(long)]
        open: bool,
        /// 同时显示标记为 draft: true 的报告和页面
        #[arg(long)]
        drafts: bool,
    },
    /// 预览已生成的输出目录，按部署后的子路径（base_url 的路径部分）提供，检查链接是否正确
    #[command(
        override_usage = "nianbao preview [--output 目录] [--base-url 网址] [--port 端口] [--open]"
    )]
    Preview {
        /// 已生成的输出目录（默认为 site.toml 的 output_dir）
        #[arg(long, value_name = "目录")]
        output: Option<PathBuf>,
        /// 生成时用的网址（默认为 site.toml 的 base_url）
        #[arg(long, value_name = "网址", value_parser = parse_base_url)]
        base_url: Option<String>,
        /// 端口，默认 1112（被占用时自动改用下一个）
        #[arg(long, default_value_t = 1112, value_name = "端口", value_parser = parse_port)]
        port: u16,
        /// 打开浏览器
        #[arg(long)]
        open: bool,
    },
    /// 新建 content/<机构>/<年份>.md：列出每一行和官方名称，沿用上一年的结转和现行有效件数
    #[command(override_usage = "nianbao new <机构目录名> <年份> [--name 机构全称]")]
    New {
        /// 机构目录名（即网址中的名称，用小写英文字母、数字和连字符）
        #[arg(value_name = "机构目录名")]
        agency: String,
        /// 报告年度，如 2025
        #[arg(value_name = "年份", value_parser = parse_year)]
        year: i32,
        /// 新机构的全称（同时创建其 _index.md）
        #[arg(long, value_name = "机构全称")]
        name: Option<String>,
    },
    /// 在指定目录新建门户，含一个示例机构（content/example，正式发布前删除）
    #[command(override_usage = "nianbao init [目录] [--no-example]")]
    Init {
        /// 新门户的目录（必须不存在或为空）；不写时用 --root 指定的目录
        #[arg(value_name = "目录")]
        dir: Option<PathBuf>,
        /// 不创建示例机构
        #[arg(long)]
        no_example: bool,
    },
    /// 导入已发布的报告（网页、文本、Word、PDF）为 content/<机构>/<年份>.md，数字按原文，读不准的留空并说明原因
    #[command(
        override_usage = "nianbao import <文件或目录>... [--agency 机构目录名] [--name 机构全称] [--year 年份] [--dry-run] [--format text|json] [--force]"
    )]
    Import {
        /// 要导入的文件，或装着文件的目录
        #[arg(required = true, value_name = "文件或目录")]
        inputs: Vec<PathBuf>,
        /// 机构目录名（默认由机构名称生成）
        #[arg(long, value_name = "机构目录名")]
        agency: Option<String>,
        /// 机构全称（默认取自标题或落款）
        #[arg(long, value_name = "机构全称")]
        name: Option<String>,
        /// 报告年度（默认取自标题）
        #[arg(long, value_name = "年份", value_parser = parse_year)]
        year: Option<i32>,
        /// 只显示将写入什么，不写入
        #[arg(long)]
        dry_run: bool,
        /// 输出格式：text（逐个文件说明，默认）或 json（每个文件一个 JSON 对象）
        #[arg(long, value_enum, default_value = "text", value_name = "格式")]
        format: OutputFormat,
        /// 覆盖已有的报告
        #[arg(long)]
        force: bool,
    },
    /// 生成一个由有效报告组成的测试门户（用于测试和性能基准）
    #[command(
        override_usage = "nianbao corpus <目录> [--agencies 数量] [--years 数量] [--start 年份]"
    )]
    Corpus {
        /// 输出目录（必须不存在或为空）
        #[arg(value_name = "目录")]
        out: PathBuf,
        /// 机构数量，默认 20
        #[arg(long, default_value_t = 20, value_name = "数量")]
        agencies: usize,
        /// 每个机构的报告年数，默认 5
        #[arg(long, default_value_t = 5, value_name = "数量")]
        years: usize,
        /// 第一份报告的年度，默认 2019
        #[arg(long, default_value_t = 2019, value_name = "年份")]
        start: i32,
    },
}

fn parse_year(s: &str) -> Result<i32, String> {
    let t = s.trim();
    let digits = t.trim_end_matches(['年', '度']);
    match digits.parse::<i32>() {
        Ok(y) if digits != t => Err(format!("年份只写数字，写成 {y}（不要带“年”字）")),
        Ok(y) if (1000..=9999).contains(&y) => Ok(y),
        _ => Err(format!("“{s}”不是年份，应为四位数字，如 2025")),
    }
}

fn parse_port(s: &str) -> Result<u16, String> {
    match s.trim().parse::<u16>() {
        Ok(p) if p > 0 => Ok(p),
        _ => Err("端口应为 1 到 65535 之间的数字，如 1111".to_string()),
    }
}

fn parse_base_url(s: &str) -> Result<String, String> {
    match nianbao::config::base_url_problem(s) {
        None => Ok(s.to_string()),
        Some(problem) => Err(format!("{problem}，如 https://www.xx.gov.cn/xxgk/ndbg/")),
    }
}

/// The command definition with Chinese headings, help texts and templates.
fn command() -> clap::Command {
    use clap::{Arg, ArgAction};
    fn localise(cmd: clap::Command) -> clap::Command {
        cmd.help_template("{about}\n\n用法：{usage}\n\n{all-args}{after-help}\n")
            .subcommand_help_heading("命令")
            .disable_help_subcommand(true)
            .disable_help_flag(true)
            .mut_args(|a| {
                let heading = if a.is_positional() {
                    "参数"
                } else {
                    "选项"
                };
                let a = a.help_heading(heading);
                // clap prints these in English; the help texts say them in Chinese.
                if a.get_action().takes_values() {
                    a.hide_default_value(true).hide_possible_values(true)
                } else {
                    a
                }
            })
    }
    localise(Cli::command())
        .disable_version_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .global(true)
                .help("显示帮助")
                .help_heading("选项"),
        )
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        )
        .mut_subcommands(localise)
}

/// A clap error in Chinese: what was wrong, the usage, where to find help.
fn explain(e: &clap::Error, cmd: &mut clap::Command) -> String {
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let mut msg = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的选项或参数“{arg}”"),
        ErrorKind::InvalidSubcommand => {
            format!("没有“{}”这个命令", get(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "请指定一个命令".to_string()
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 需要一个值"),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            let mut m = format!("{arg} 的值“{value}”无效");
            if !valid.is_empty() {
                m.push_str(&format!("，可选：{valid}"));
            }
            m
        }
        ErrorKind::ValueValidation => {
            // Our own value parsers say why in Chinese; the standard ones name the type.
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .filter(|s| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
                .unwrap_or_else(|| "格式不对".to_string());
            format!("{arg} 的值“{value}”无效：{why}")
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("多余的参数“{value}”")
        }
        ErrorKind::ArgumentConflict => {
            format!("{arg} 不能和 {} 同时使用", get(ContextKind::PriorArg))
        }
        ErrorKind::NoEquals => format!("{arg} 的值要用 = 连接"),
        _ => "命令行参数有误".to_string(),
    };
    let suggested = get(ContextKind::SuggestedArg);
    let suggested = if suggested.is_empty() {
        get(ContextKind::SuggestedSubcommand)
    } else {
        suggested
    };
    if !suggested.is_empty() {
        msg.push_str(&format!("；是否想写“{suggested}”？"));
    }
    // The usage of the subcommand that failed, when there is one.
    let sub = std::env::args()
        .skip(1)
        .find(|a| cmd.find_subcommand(a).is_some());
    let usage = match sub.and_then(|s| cmd.find_subcommand_mut(&s)) {
        Some(sc) => sc.render_usage().to_string(),
        None => cmd.render_usage().to_string(),
    };
    let usage = usage.trim_start_matches("Usage:").trim();
    format!("错误：{msg}\n\n用法：{usage}\n\n运行 nianbao --help 查看全部命令和选项")
}

fn main() -> ExitCode {
    let mut cmd = command();
    let matches = match cmd.clone().try_get_matches() {
        Ok(m) => m,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let text = e.render().to_string();
            println!("{}", text.trim_end());
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{}", explain(&e, &mut cmd));
            return ExitCode::from(2);
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => {
            eprintln!("{}", explain(&e, &mut cmd));
            return ExitCode::from(2);
        }
    };
    let given_root = cli.root.clone();
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
                Err(e) => fail(&e),
            }
        }
        Command::Preview {
            output,
            base_url,
            port,
            open,
        } => {
            let opts = nianbao::serve::preview::PreviewOptions {
                output,
                base_url,
                port,
                open,
            };
            match nianbao::serve::preview::preview(&root, opts) {
                Ok(never) => match never {},
                Err(e) => fail(&e),
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
                Ok(done) => {
                    for note in &done.notes {
                        println!("{note}");
                    }
                    for f in &done.written {
                        println!("已创建 {}", f.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        Command::Init { dir, no_example } => {
            // `init DIR` makes DIR; `--root DIR init` makes the portal in DIR.
            let Some(dir) = dir.or(given_root) else {
                return fail(&"请指定新门户的目录，如 nianbao init my-portal");
            };
            match nianbao::scaffold::init(&dir, nianbao::today(), !no_example) {
                Ok(()) => {
                    let here = dir.as_os_str().is_empty() || dir == Path::new(".");
                    let cd = if here {
                        String::new()
                    } else {
                        format!("cd {} && ", dir.display())
                    };
                    println!(
                        "已在 {} 创建门户。下一步：{cd}nianbao serve --open",
                        if here {
                            "当前目录".into()
                        } else {
                            dir.display().to_string()
                        },
                    );
                    if !no_example {
                        println!(
                            "content/{}/ 是示例机构，供参考写法；正式发布前删除这个目录。",
                            nianbao::scaffold::SAMPLE_AGENCY
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
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
            Err(e) => fail(&e),
        },
    }
}

/// Say why a command could not run (exit code 2).
fn fail(e: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("错误：{e}");
    ExitCode::from(2)
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

/// A count with thousands separators: 9,950.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

fn build(
    root: &Path,
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
            for w in &built.warnings {
                eprintln!("警告：{w}");
            }
            // The phase lines go to logs too; only the progress bar needs a terminal.
            for p in &built.phases {
                println!("{:<8} {:>7} 项  {:>8.1?}", p.name, p.count, p.took);
            }
            let warnings = built.findings.count(Severity::Warning);
            println!(
                "已生成 {} 份报告、{} 个文件：{}",
                grouped(built.reports),
                grouped(built.files),
                built.output.display(),
            );
            // What a sync (rsync -a, an object-storage sync) will upload or delete.
            let c = &built.changes;
            println!(
                "改动 {} 个文件，新增 {} 个，删除 {} 个，未变 {} 个",
                grouped(c.changed),
                grouped(c.added),
                grouped(c.removed),
                grouped(c.unchanged),
            );
            if warnings > 0 {
                println!("检查发现 {warnings} 个警告（不影响发布），用 nianbao check 查看");
            }
            // The site model of a large portal takes a noticeable time to free, and the
            // process is about to end anyway.
            std::mem::forget(built);
            ExitCode::SUCCESS
        }
        Err(e) => {
            if let nianbao::site::BuildError::Invalid(findings) = &e {
                let errors: Vec<Diagnostic> = findings
                    .items
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .cloned()
                    .collect();
                for (d, more) in capped(&errors) {
                    println!("{}\n", render_text(d, color));
                    if more > 0 {
                        println!("{}\n", more_line(d, more));
                    }
                }
            }
            if let nianbao::site::BuildError::Load(LoadError::BadConfig(diags)) = &e {
                for d in diags {
                    println!("{}\n", render_text(d, color));
                }
            }
            eprintln!("错误：{e}");
            match e {
                nianbao::site::BuildError::Invalid(_) => {
                    eprintln!(
                        "提示：修正后重新生成；或用 nianbao build --skip-invalid 先发布没有错误的报告"
                    );
                    ExitCode::from(1)
                }
                _ => ExitCode::from(2),
            }
        }
    }
}

fn check(root: &Path, format: OutputFormat, strict: bool) -> ExitCode {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let run = match nianbao::check_streamed(root, nianbao::today(), nianbao::Keep::Nothing) {
        Ok(run) => run,
        Err(e) => {
            if let LoadError::BadConfig(diags) = &e {
                for d in diags {
                    let _ = match format {
                        OutputFormat::Text => writeln!(out, "{}\n", render_text(d, color)),
                        OutputFormat::Json => writeln!(out, "{}", render_json_line(d, 0)),
                    };
                }
            }
            let _ = out.flush();
            return fail(&e);
        }
    };
    for (d, more) in capped(&run.findings.items) {
        let _ = match format {
            OutputFormat::Text if more > 0 => {
                writeln!(out, "{}\n\n{}\n", render_text(d, color), more_line(d, more))
            }
            OutputFormat::Text => writeln!(out, "{}\n", render_text(d, color)),
            OutputFormat::Json => writeln!(out, "{}", render_json_line(d, more)),
        };
    }
    if let OutputFormat::Text = format {
        let _ = writeln!(
            out,
            "{}",
            summary_line(&run.findings, run.reports, run.site.agencies.len())
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

#[cfg(test)]
mod tests {
    #[test]
    fn every_command_is_consistently_defined() {
        super::command().debug_assert();
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        let g = super::grouped;
        assert_eq!(
            [g(0), g(999), g(1000), g(9950), g(320_023), g(1_234_567)],
            ["0", "999", "1,000", "9,950", "320,023", "1,234,567"]
        );
    }
}
