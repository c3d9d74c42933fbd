//! Recognising a file and handing it to its reader. Every reader has the same shape:
//! bytes (or decoded text) in, a [`Document`] or a typed [`ReadError`] out.

use std::path::Path;

use super::document::{Document, SourceKind};

/// Why a file could not be read as a report. Displayed to the user in Chinese.
#[derive(Debug)]
pub enum ReadError {
    /// Not a document kind import reads (an image, an archive, a binary renamed .html).
    Unsupported { what: String },
    /// A PDF with no text layer (a scan): it would need OCR first.
    ScannedPdf,
    /// The file is of a known kind but broken (a truncated DOCX, a damaged PDF).
    Corrupt { kind: SourceKind, detail: String },
    /// Too large to be a report.
    TooLarge { bytes: u64, limit: u64 },
    /// The bytes could not be decoded as text in any encoding tried.
    Encoding,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Unsupported { what } => {
                write!(f, "不是可导入的文件（{what}）：支持 HTML 网页、文本、Word（.docx）和带文字层的 PDF")
            }
            ReadError::ScannedPdf => f.write_str(
                "这是扫描版 PDF，没有文字层，无法读取其中的文字和表格：请先用 OCR 转成文字，或导入原网页、Word 文件",
            ),
            ReadError::Corrupt { kind, detail } => write!(f, "{} 文件已损坏，无法读取：{detail}", kind_name(*kind)),
            ReadError::TooLarge { bytes, limit } => write!(
                f,
                "文件过大（{} MB，上限 {} MB），不像是一份年度报告",
                bytes / 1_000_000,
                limit / 1_000_000
            ),
            ReadError::Encoding => f.write_str("无法识别文件的文字编码（已尝试 UTF-8、UTF-16 和 GB18030）"),
        }
    }
}

impl std::error::Error for ReadError {}

/// The user-facing name of a source kind.
pub fn kind_name(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Html => "HTML",
        SourceKind::Docx => "Word（.docx）",
        SourceKind::Pdf => "PDF",
        SourceKind::Text => "文本",
    }
}

/// What a file is, decided from its content (the extension only breaks ties).
#[derive(Debug)]
pub enum Sniffed {
    /// An HTML page, decoded (BOM, `<meta charset>`, else UTF-8 or GB18030).
    Html(String),
    /// Plain or Markdown text, decoded.
    Text(String),
    Docx,
    Pdf,
}

/// The largest file import reads. Real report pages are under 2 MB; a Word file with photos
/// or a PDF with scanned pages can reach tens of MB.
pub const MAX_BYTES: u64 = 64_000_000;

/// Whether a file of `len` bytes is refused for its size: callers check the file's metadata
/// with this before reading it, so a huge file is never loaded.
pub fn check_size(len: u64) -> Result<(), ReadError> {
    if len > MAX_BYTES {
        Err(ReadError::TooLarge {
            bytes: len,
            limit: MAX_BYTES,
        })
    } else {
        Ok(())
    }
}

/// How far into a file the kind and the `<meta charset>` are looked for.
const HEAD: usize = 4096;

/// Recognise `bytes` (read from `path`).
pub fn sniff(path: &Path, bytes: &[u8]) -> Result<Sniffed, ReadError> {
    check_size(bytes.len() as u64)?;
    let head = &bytes[..bytes.len().min(HEAD)];
    // The PDF header may follow a little junk (the spec allows 1024 bytes).
    if memchr::memmem::find(&head[..head.len().min(1024)], b"%PDF-").is_some() {
        return Ok(Sniffed::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // A .docx is a zip holding word/document.xml; names are stored uncompressed.
        if memchr::memmem::find(bytes, b"word/document.xml").is_some() {
            return Ok(Sniffed::Docx);
        }
        return Err(unsupported(
            binary_kind(bytes).unwrap_or("ZIP 压缩包（不是 Word .docx）"),
        ));
    }
    if let Some(what) = binary_kind(bytes) {
        return Err(unsupported(what));
    }
    // A "single file web page" (.mht): MIME parts, the page quoted-printable or base64.
    let lower_head = String::from_utf8_lossy(head).to_ascii_lowercase();
    if lower_head.contains("mime-version:") && lower_head.contains("multipart/related") {
        return Err(unsupported(
            "MHT 单文件网页，请在浏览器中打开后另存为“网页，仅 HTML”",
        ));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    let html_ext = matches!(
        ext.as_str(),
        "html" | "htm" | "shtml" | "xhtml" | "jsp" | "php" | "asp" | "aspx"
    );

    // A BOM decides the encoding outright.
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        let text = decode_strict(encoding, rest).ok_or(ReadError::Encoding)?;
        return Ok(classify(text, html_ext));
    }
    // UTF-16 without a BOM: ASCII markup with every other byte NUL.
    if let Some(encoding) = utf16_without_bom(head) {
        let text = decode_strict(encoding, bytes).ok_or(ReadError::Encoding)?;
        return Ok(classify(text, html_ext));
    }
    if head.contains(&0) {
        return Err(unsupported("二进制文件"));
    }
    let ascii_head = lower_head;
    let is_html = looks_like_html(&ascii_head, html_ext);
    let declared = if is_html {
        meta_charset(&ascii_head)
    } else {
        None
    };
    let text = decode(bytes, declared)?;
    Ok(if is_html {
        Sniffed::Html(text)
    } else {
        Sniffed::Text(text)
    })
}

fn unsupported(what: &str) -> ReadError {
    ReadError::Unsupported {
        what: what.to_string(),
    }
}

/// Well-known binary formats by their magic numbers, and anything else with NUL bytes
/// early on that is not UTF-16.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG 图片"),
        (b"\xFF\xD8\xFF", "JPEG 图片"),
        (b"GIF8", "GIF 图片"),
        (b"BM", "BMP 图片"),
        (b"II*\0", "TIFF 图片"),
        (b"MM\0*", "TIFF 图片"),
        (
            b"\xD0\xCF\x11\xE0",
            "旧版 Office 文件（.doc/.xls/.wps），请另存为 .docx",
        ),
        (b"{\\rtf", "RTF 文件，请另存为 .docx"),
        (b"Rar!", "RAR 压缩包"),
        (b"7z\xBC\xAF", "7z 压缩包"),
        (b"\x1F\x8B", "gzip 压缩包"),
        (b"\x7FELF", "可执行程序"),
        (b"MZ", "可执行程序"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
        .filter(|_| !bytes.starts_with(b"BM") || bytes.get(..64).is_some_and(|h| h.contains(&0)))
}

fn utf16_without_bom(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    match head {
        [b'<', 0, b, 0, ..] if b.is_ascii() && *b != 0 => Some(encoding_rs::UTF_16LE),
        [0, b'<', 0, b, ..] if b.is_ascii() && *b != 0 => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

fn looks_like_html(head: &str, html_ext: bool) -> bool {
    let trimmed = head.trim_start();
    const DOC: &[&str] = &["<!doctype html", "<html", "<head", "<body", "<meta "];
    if DOC.iter().any(|tag| head.contains(tag)) {
        return true;
    }
    // A fragment (an article body saved alone) counts when it starts with markup.
    const BLOCK: &[&str] = &[
        "<table", "<div", "<p>", "<p ", "<span", "<h1", "<h2", "<title", "<!--",
    ];
    trimmed.starts_with('<') && (html_ext || BLOCK.iter().any(|tag| trimmed.starts_with(tag)))
}

fn classify(text: String, html_ext: bool) -> Sniffed {
    let head: String = text
        .chars()
        .take(HEAD)
        .collect::<String>()
        .to_ascii_lowercase();
    if looks_like_html(&head, html_ext) {
        Sniffed::Html(text)
    } else {
        Sniffed::Text(text)
    }
}

/// The encoding a page declares in its first bytes: `<meta charset="gbk">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`.
fn meta_charset(head: &str) -> Option<&'static encoding_rs::Encoding> {
    let mut rest = head;
    while let Some(at) = rest.find("<meta") {
        rest = rest.get(at + 5..)?;
        let tag = rest.get(..rest.find('>').unwrap_or(rest.len()))?;
        if let Some(at) = tag.find("charset") {
            let value = tag.get(at + 7..)?.trim_start();
            let Some(value) = value.strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start().trim_start_matches(['"', '\'']);
            let end = value
                .find(|c: char| c == '"' || c == '\'' || c == ';' || c == '/' || c.is_whitespace())
                .unwrap_or(value.len());
            let encoding = encoding_rs::Encoding::for_label(value.get(..end)?.as_bytes())?;
            // A page cannot really be UTF-16 if its ASCII head was readable (HTML spec).
            return Some(
                if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                    encoding_rs::UTF_8
                } else {
                    encoding
                },
            );
        }
    }
    None
}

fn decode_strict(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}

/// Decode as UTF-8 when the bytes are UTF-8 (GBK text practically never is, while UTF-8
/// text often decodes as GBK mojibake without an error, so a page declaring `gbk` that is
/// really UTF-8 must not be trusted); else as the declared encoding when it is one Chinese
/// pages use; else GB18030 (GBK and GB2312 are subsets). A declared Western encoding
/// (`iso-8859-1` on a GBK page, a CMS default) comes last: it decodes anything. When no
/// candidate decodes cleanly, a page with a few broken bytes (a character cut at a CMS
/// boundary) is still read in the candidate that breaks least: digits are ASCII in every
/// candidate, so a replaced character can never change a figure.
fn decode(
    bytes: &[u8],
    declared: Option<&'static encoding_rs::Encoding>,
) -> Result<String, ReadError> {
    let chinese = [encoding_rs::GBK, encoding_rs::GB18030, encoding_rs::BIG5];
    let mut candidates: Vec<&'static encoding_rs::Encoding> = vec![encoding_rs::UTF_8];
    candidates.extend(declared.filter(|d| chinese.contains(d)));
    candidates.push(encoding_rs::GB18030);
    candidates.extend(declared);
    candidates.dedup();
    for encoding in &candidates {
        if let Some(text) = decode_strict(encoding, bytes) {
            return Ok(text);
        }
    }
    let best = candidates
        .iter()
        .map(|encoding| {
            let (text, _) = encoding.decode_without_bom_handling(bytes);
            let replaced = text.chars().filter(|&c| c == '\u{FFFD}').count();
            (replaced, text)
        })
        .min_by_key(|(replaced, _)| *replaced);
    match best {
        Some((replaced, text)) if replaced <= 16 && replaced * 10_000 <= bytes.len() => {
            Ok(text.into_owned())
        }
        _ => Err(ReadError::Encoding),
    }
}

/// Read any supported file into a [`Document`].
pub fn read(path: &Path, bytes: &[u8]) -> Result<Document, ReadError> {
    match sniff(path, bytes)? {
        Sniffed::Html(text) => super::html::read(path, &text),
        // TODO(import): the text reader lives on the import branch; `text.rs` here is a stub.
        Sniffed::Text(text) => Ok(super::text::read_text(path, &text)),
        Sniffed::Docx => super::docx::read(path, bytes),
        Sniffed::Pdf => super::pdf::read(path, bytes),
    }
}
