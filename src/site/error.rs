//! Why a build could not be written: typed, with the underlying error as `source()` and a
//! Chinese message for the user.

use std::fmt;
use std::path::PathBuf;

use crate::content::LoadError;
use crate::diagnostics::{Findings, Severity};
use crate::render::TemplateError;

#[derive(Debug)]
pub enum BuildError {
    Load(LoadError),
    /// Reports with errors are not published; the findings say which.
    Invalid(Findings),
    Template(TemplateError),
    Output(OutputError),
    /// `--base-url` given in a form `site.toml` would refuse.
    BaseUrl {
        url: String,
        problem: &'static str,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Load(e) => write!(f, "{e}"),
            BuildError::Invalid(findings) => write!(
                f,
                "有 {} 个错误，网站未生成（有错误的报告不能发布）",
                findings.count(Severity::Error)
            ),
            BuildError::Template(e) => write!(f, "{e}"),
            BuildError::Output(e) => write!(f, "{e}"),
            BuildError::BaseUrl { url, problem } => write!(f, "--base-url {url}：{problem}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Load(e) => Some(e),
            BuildError::Invalid(_) | BuildError::BaseUrl { .. } => None,
            BuildError::Template(e) => Some(e),
            BuildError::Output(e) => Some(e),
        }
    }
}

impl From<TemplateError> for BuildError {
    fn from(e: TemplateError) -> Self {
        BuildError::Template(e)
    }
}

impl From<OutputError> for BuildError {
    fn from(e: OutputError) -> Self {
        BuildError::Output(e)
    }
}

/// What was being done to a file when the system said no.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Read,
    Write,
    CreateFolder,
    MoveOldAway,
    SwapIn,
}

impl Action {
    fn verb(self) -> &'static str {
        match self {
            Action::Read => "读取",
            Action::Write => "写入",
            Action::CreateFolder => "创建目录",
            Action::MoveOldAway => "移开旧的输出目录",
            Action::SwapIn => "换上新的输出目录",
        }
    }
}

/// Why an output folder is refused before anything is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// It is the portal root or one of its parents.
    PortalRoot,
    /// It holds `content/` or `site.toml`: another portal.
    LooksLikePortal,
    /// It holds files and no marker of an earlier build.
    Foreign,
    /// It is inside `content/`, `static/`, `templates/` or `themes/`.
    InsideSources,
}

#[derive(Debug)]
pub enum OutputError {
    Io {
        action: Action,
        path: PathBuf,
        source: std::io::Error,
    },
    /// A page path that would leave the output folder.
    OutsideOutput {
        rel: String,
    },
    /// Two pages for one path (an agency named like a built-in page).
    Collision {
        rel: String,
    },
    /// The in-memory site's lock was poisoned by a panic elsewhere.
    MemoryUnavailable,
    Refused {
        path: PathBuf,
        why: Refusal,
    },
    /// Files in the output folder that nianbao did not write and `keep` does not list: a
    /// rebuild would delete them.
    Foreign {
        output: PathBuf,
        files: Vec<String>,
    },
    /// A report's figures were not prepared before its page.
    MissingData {
        dir: String,
    },
    /// A report changed between its check and its page (or could not be read again).
    Changed {
        file: String,
    },
    /// A download could not be made (the library says why).
    Download {
        file: &'static str,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl OutputError {
    pub fn io(action: Action, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        OutputError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Io {
                action,
                path,
                source,
            } => write!(f, "无法{} {}：{source}", action.verb(), path.display()),
            OutputError::OutsideOutput { rel } => write!(f, "拒绝写出目录之外的路径：{rel}"),
            OutputError::Collision { rel } => {
                write!(f, "两个页面要写到同一个路径 {rel}：请给其中一个改名")
            }
            OutputError::MemoryUnavailable => f.write_str("内存中的网站不可用"),
            OutputError::Refused { path, why } => match why {
                Refusal::PortalRoot => write!(
                    f,
                    "输出目录 {} 是门户根目录或其上级目录，拒绝写入",
                    path.display()
                ),
                Refusal::LooksLikePortal => write!(
                    f,
                    "输出目录 {} 中有 content/ 或 site.toml，像是一个门户，拒绝覆盖",
                    path.display()
                ),
                Refusal::InsideSources => write!(
                    f,
                    "输出目录 {} 在门户的 content/、static/、templates/ 或 themes/ 之中，下次生成会把它当作网站的一部分，拒绝写入",
                    path.display()
                ),
                Refusal::Foreign => write!(
                    f,
                    "输出目录 {} 已存在且不是 nianbao 生成的，拒绝覆盖；请换一个目录或先清空它",
                    path.display()
                ),
            },
            OutputError::MissingData { dir } => write!(f, "{dir} 的数据缺失"),
            OutputError::Changed { file } => write!(
                f,
                "{file} 在生成过程中被修改或无法再读取，未生成网站：保存完成后重新运行 nianbao build"
            ),
            OutputError::Foreign { output, files } => {
                let shown: Vec<&str> = files.iter().take(5).map(String::as_str).collect();
                write!(
                    f,
                    "输出目录 {} 中有 {} 个不是 nianbao 生成的文件（{}{}），重新生成会删除它们，未生成网站。要保留，把它们列入 site.toml 的 keep（如 keep = [\"{}\"]）；不要了就先移走",
                    output.display(),
                    files.len(),
                    shown.join("、"),
                    if files.len() > 5 { "……" } else { "" },
                    shown
                        .first()
                        .map_or("", |f| f.split('/').next().unwrap_or(f)),
                )
            }
            OutputError::Download { file, source } => write!(f, "无法生成 {file}：{source}"),
        }
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OutputError::Io { source, .. } => Some(source),
            OutputError::Download { source, .. } => Some(&**source),
            _ => None,
        }
    }
}
