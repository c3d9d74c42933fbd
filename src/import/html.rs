//! HTML pages into a [`Document`]: parsed by html5ever (through scraper's tree), the article
//! found among the page chrome, its paragraphs and tables in reading order, the page's
//! metadata lines (发布时间, 来源, 索引号…) collected apart.

use std::cell::{Cell as StdCell, RefCell};
use std::path::Path;
use std::rc::Rc;

use ego_tree::{NodeId, NodeRef};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use rustc_hash::{FxHashMap, FxHashSet};
use scraper::{Html, HtmlTreeSink, Node};

use super::document::{Block, Cell, CellPos, Document, Paragraph, Pos, SourceKind, Table};
use super::page_meta;
use super::read::ReadError;

/// Read a decoded HTML page.
pub fn read(path: &Path, text: &str) -> Result<Document, ReadError> {
    let (html, lines) = parse(text)?;
    let root = html.tree.root();
    let lines = Lines(lines);

    let mut title = None;
    let mut meta_tags = Vec::new();
    for node in root.descendants() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        match el.name() {
            "title" if title.is_none() => {
                let t = collapse(&text_of(node));
                if !t.is_empty() {
                    title = Some(t);
                }
            }
            "meta" => {
                let name = el
                    .attr("name")
                    .or_else(|| el.attr("property"))
                    .unwrap_or("");
                let content = el.attr("content").unwrap_or("").trim();
                if let Some(key) = page_meta::tag_key(name)
                    && !content.is_empty()
                {
                    meta_tags.push((key.to_string(), content.to_string(), lines.pos(node)));
                }
            }
            _ => {}
        }
    }
    // The CMS's own article title (ArticleTitle) is the report's title without the site's name.
    let meta_had_title = match meta_tags
        .iter()
        .position(|(k, _, _)| k == page_meta::ARTICLE_TITLE)
    {
        Some(i) => {
            let (_, value, _) = meta_tags.remove(i);
            title = Some(value);
            true
        }
        None => false,
    };

    let body = root
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "body"))
        .unwrap_or(root);
    let chrome = mark_chrome(body);
    let container = find_container(body, &chrome);

    let mut builder = Builder {
        lines: &lines,
        chrome: &chrome,
        container,
        inside: container == body.id(),
        out: Vec::new(),
        inline: Inline::default(),
        cell: None,
        heading: None,
        bold: 0,
        pre: 0,
        cells_budget: MAX_GRID_CELLS,
    };
    builder.walk(body, 0);
    builder.flush();

    let mut out = builder.out;
    let heading = rescue_heading(&mut out);
    if title.is_none() || !meta_had_title {
        title = heading.or(title);
    }
    let mut meta_found = meta_tags;
    let blocks = page_meta::split_off(out, &mut meta_found);
    let blocks = drop_chrome_text(blocks);
    Ok(Document {
        path: path.to_path_buf(),
        kind: SourceKind::Html,
        title,
        meta: dedupe(meta_found),
        blocks: number_tables(blocks),
    })
}

/// The article's heading often sits just outside the container that holds the text (CMS
/// templates print it above the editor's box): keep the last heading before the article
/// that names a report, and return its text as the page's title (the `<title>` carries the
/// site's name).
fn rescue_heading(blocks: &mut [(bool, Block)]) -> Option<String> {
    let first_inside = blocks.iter().position(|(inside, _)| *inside)?;
    let (inside, block) = blocks
        .get_mut(..first_inside)?
        .iter_mut()
        .rev()
        .find(|(_, b)| matches!(b, Block::Paragraph(p) if p.heading.is_some_and(|h| h <= 3) && p.text.contains("报告")))?;
    *inside = true;
    match block {
        Block::Paragraph(p) => Some(p.text.clone()),
        Block::Table(_) => None,
    }
}

fn dedupe(meta: Vec<(String, String, Pos)>) -> Vec<(String, String, Pos)> {
    let mut seen = FxHashSet::default();
    meta.into_iter()
        .filter(|(k, v, _)| seen.insert((k.clone(), v.clone())))
        .collect()
}

/// Give every table cell its table's index in the document, now that the final set of
/// tables is known.
pub(crate) fn number_tables(mut blocks: Vec<Block>) -> Vec<Block> {
    let mut index = 0;
    for block in &mut blocks {
        if let Block::Table(table) = block {
            for (r, row) in table.rows.iter_mut().enumerate() {
                for (c, cell) in row.iter_mut().enumerate() {
                    cell.pos.cell = Some(CellPos {
                        table: index,
                        row: r,
                        col: c,
                    });
                }
            }
            index += 1;
        }
    }
    blocks
}

// ---------------------------------------------------------------------------------------
// Parsing with line numbers

/// Source lines of elements and text nodes, recorded while the tree is built.
struct Lines(FxHashMap<NodeId, u32>);

impl Lines {
    fn line(&self, node: NodeRef<'_, Node>) -> usize {
        // A node created by the tree builder itself (an implied <tbody>) takes its parent's.
        let mut n = Some(node);
        while let Some(cur) = n {
            if let Some(&line) = self.0.get(&cur.id()) {
                return line as usize;
            }
            n = cur.parent();
        }
        0
    }

    fn pos(&self, node: NodeRef<'_, Node>) -> Pos {
        Pos {
            line: self.line(node),
            ..Pos::default()
        }
    }
}

/// scraper's tree sink, recording the tokenizer's current line for every node it creates.
struct LineSink {
    inner: HtmlTreeSink,
    /// The deepest nesting of elements so far. html5ever's scope checks walk its stack of
    /// open elements, so hostile nesting makes parsing quadratic.
    deepest: Rc<StdCell<u32>>,
    depths: RefCell<FxHashMap<NodeId, u32>>,
    line: StdCell<u64>,
    lines: RefCell<FxHashMap<NodeId, u32>>,
}

impl LineSink {
    fn record(&self, id: NodeId) {
        let line = u32::try_from(self.line.get()).unwrap_or(u32::MAX);
        self.lines.borrow_mut().entry(id).or_insert(line);
    }

    /// Text is merged into an existing text node when it follows one; record the node that
    /// now ends the parent's children if it is new.
    fn record_last_child(&self, parent: &NodeId) {
        let last = self
            .inner
            .0
            .borrow()
            .tree
            .get(*parent)
            .and_then(|p| p.last_child())
            .map(|c| c.id());
        if let Some(id) = last {
            self.record(id);
        }
    }
}

impl TreeSink for LineSink {
    type Handle = NodeId;
    type Output = (Html, FxHashMap<NodeId, u32>);
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Self::Output {
        (self.inner.finish(), self.lines.into_inner())
    }
    fn parse_error(&self, msg: std::borrow::Cow<'static, str>) {
        self.inner.parse_error(msg)
    }
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let id = self.inner.create_element(name, attrs, flags);
        self.record(id);
        id
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let text = matches!(child, NodeOrText::AppendText(_));
        if let NodeOrText::AppendNode(id) = &child {
            let mut depths = self.depths.borrow_mut();
            let depth = depths.get(parent).copied().unwrap_or(0) + 1;
            depths.insert(*id, depth);
            if depth > self.deepest.get() {
                self.deepest.set(depth);
            }
        }
        self.inner.append(parent, child);
        if text {
            self.record_last_child(parent);
        }
    }
    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.inner.append_based_on_parent_node(element, prev, child)
    }
    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id)
    }
    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node)
    }
    fn pop(&self, node: &NodeId) {
        self.inner.pop(node)
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }
    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.inner.append_before_sibling(sibling, new_node)
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }
    fn associate_with_form(
        &self,
        target: &NodeId,
        form: &NodeId,
        nodes: (&NodeId, Option<&NodeId>),
    ) {
        self.inner.associate_with_form(target, form, nodes)
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }
    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.inner
            .is_mathml_annotation_xml_integration_point(handle)
    }
    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }
}

/// Open elements allowed at once. Browsers stop nesting at a few hundred levels; real
/// report pages stay under 60.
const MAX_OPEN: u32 = 4096;
/// Input is fed in slices this size so nesting is checked as the parse goes.
const SLICE: usize = 16 * 1024;

fn parse(text: &str) -> Result<(Html, FxHashMap<NodeId, u32>), ReadError> {
    let deepest = Rc::new(StdCell::new(0));
    let sink = LineSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        deepest: Rc::clone(&deepest),
        depths: RefCell::new(FxHashMap::default()),
        line: StdCell::new(1),
        lines: RefCell::new(FxHashMap::default()),
    };
    let mut parser = html5ever::parse_document(sink, Default::default());
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(SLICE);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (slice, tail) = rest.split_at(cut);
        parser.process(StrTendril::from_slice(slice));
        rest = tail;
        if deepest.get() > MAX_OPEN {
            return Err(ReadError::Corrupt {
                kind: SourceKind::Html,
                detail: format!("网页标签嵌套超过 {MAX_OPEN} 层，不像是正常网页"),
            });
        }
    }
    Ok(parser.finish())
}

// ---------------------------------------------------------------------------------------
// Page chrome and the article container

/// Elements never read: scripts, styles, forms, embedded objects.
const NEVER: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "map",
    "form", "button", "select", "input", "textarea", "head", "title", "nav", "video", "audio",
];

/// Words in `class`/`id` that name page chrome. Whole words only (split on `-`/`_`/space), so
/// `article-content` or `footnote` stay.
const CHROME_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "share",
    "bdshare",
    "fenxiang",
    "footer",
    "toolbar",
    "tools",
    "print",
    "sidebar",
    "related",
    "xgxx",
    "xglj",
    "pager",
    "comment",
    "comments",
    "qrcode",
    "ewm",
    "copyright",
    "banner",
    "topbar",
    "search",
    "login",
    "skip",
    "gotop",
    "location",
    "dqwz",
    "weizhi",
    "yqlj",
    "friendlink",
    "fontsize",
    "zihao",
    "bshare",
    "jiathis",
    "social",
];

/// Whole class names of chrome on nianbao's own pages: the summary table, the data links, the
/// tables' notes and hints and the phone copy of 四 are derived from the report, not part of
/// it. Text for screen readers only (`vh`, and the usual names of that class elsewhere) says
/// what a cell means, not what it holds.
const CHROME_CLASSES: &[&str] = &[
    "key-figures",
    "data-links",
    "table-notes",
    "scroll-hint",
    "for-phone",
    "vh",
    "sr-only",
    "visually-hidden",
];

fn is_hidden(style: &str) -> bool {
    let style: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    style.contains("display:none")
        || style.contains("mso-hide:all")
        || style.contains("visibility:hidden")
}

/// Chrome whatever it holds: scripts and the like, and the derived parts of nianbao's pages.
fn always_chrome(el: &scraper::node::Element) -> bool {
    NEVER.contains(&el.name())
        || el
            .attr("class")
            .is_some_and(|c| c.split_whitespace().any(|c| CHROME_CLASSES.contains(&c)))
        // nianbao's pages end with the report's source data (YAML) in a <details>.
        || (el.name() == "details" && el.attr("id") == Some("source"))
}

fn chrome_by_name(el: &scraper::node::Element, in_article: bool) -> bool {
    let name = el.name();
    if always_chrome(el) {
        return true;
    }
    if (name == "header" || name == "footer" || name == "aside") && !in_article {
        return true;
    }
    if el.attr("style").is_some_and(is_hidden) {
        return true;
    }
    let words = el
        .attr("class")
        .into_iter()
        .chain(el.attr("id"))
        .flat_map(|v| v.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .map(|w| w.to_ascii_lowercase());
    for word in words {
        if CHROME_WORDS.contains(&word.as_str()) {
            return true;
        }
        // Compound class names without separators (`sharebox`, `printbtn`, `footerlinks`).
        if [
            "share",
            "print",
            "footer",
            "breadcrumb",
            "crumb",
            "navbar",
            "bdshare",
            "qrcode",
        ]
        .iter()
        .any(|w| word.starts_with(w) && word.len() > w.len() && word.len() <= w.len() + 6)
        {
            return true;
        }
    }
    false
}

/// What a subtree holds, for telling the article from the chrome around it.
#[derive(Clone, Copy, Default)]
struct Weight {
    /// Characters of text outside links (link lists are chrome; a report has few links).
    plain: usize,
    /// Innermost tables with at least three rows.
    tables: usize,
}

/// Chrome elements, by tag, class/id words and hidden styles, never including one that holds
/// a data table (a mislabelled wrapper must not swallow the report).
fn mark_chrome(body: NodeRef<'_, Node>) -> FxHashSet<NodeId> {
    let mut chrome = FxHashSet::default();
    // Iterative walk: pages can nest deeper than the stack allows.
    let mut stack = vec![(body, false)];
    while let Some((node, in_article)) = stack.pop() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        if node != body
            && chrome_by_name(el, in_article)
            && (always_chrome(el) || !holds_data_table(node))
        {
            chrome.insert(node.id());
            continue;
        }
        let in_article = in_article || el.name() == "article";
        for child in node.children() {
            stack.push((child, in_article));
        }
    }
    chrome
}

fn holds_data_table(node: NodeRef<'_, Node>) -> bool {
    node.descendants().any(|n| {
        n.value().as_element().is_some_and(|e| e.name() == "table")
            && n.descendants()
                .filter(|r| r.value().as_element().is_some_and(|e| e.name() == "tr"))
                .take(3)
                .count()
                >= 3
    })
}

/// The article: the deepest element holding every data table and most of the page's plain
/// text. Where no child qualifies, the search stops, keeping content rather than risking it.
fn find_container(body: NodeRef<'_, Node>, chrome: &FxHashSet<NodeId>) -> NodeId {
    let weights = weigh(body, chrome);
    let get = |n: NodeRef<'_, Node>| weights.get(&n.id()).copied().unwrap_or_default();
    let total = get(body);
    let mut current = body;
    // Never deeper than the reader walks element by element.
    for _ in 0..MAX_DEPTH / 2 {
        let next = current.children().find(|c| {
            let w = get(*c);
            c.value().as_element().is_some_and(|e| match e.name() {
                "div" | "section" | "article" | "main" | "center" | "font" | "span" => true,
                // Only into layout tables: a data table is read whole.
                "table" => is_layout_table(*c),
                "tbody" | "tr" | "td" | "th" => c
                    .ancestors()
                    .find(|a| a.value().as_element().is_some_and(|e| e.name() == "table"))
                    .is_some_and(is_layout_table),
                _ => false,
            }) && w.tables == total.tables
                && w.plain * 10 >= total.plain * 6
                && (total.tables > 0 || w.plain > 0)
        });
        match next {
            Some(child) => current = child,
            None => break,
        }
    }
    current.id()
}

fn weigh(body: NodeRef<'_, Node>, chrome: &FxHashSet<NodeId>) -> FxHashMap<NodeId, Weight> {
    let mut weights: FxHashMap<NodeId, Weight> = FxHashMap::default();
    // Post-order without recursion: children are weighed before their parent.
    let mut order = Vec::new();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if chrome.contains(&node.id()) {
            continue;
        }
        order.push(node);
        stack.extend(node.children().filter(|c| c.value().is_element()));
    }
    for node in order.into_iter().rev() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let mut w = Weight::default();
        let is_link = el.name() == "a";
        for child in node.children() {
            match child.value() {
                Node::Text(t) if !is_link => {
                    w.plain += t.chars().filter(|c| !c.is_whitespace()).count()
                }
                Node::Element(_) => {
                    let cw = weights.get(&child.id()).copied().unwrap_or_default();
                    if !is_link {
                        w.plain += cw.plain;
                    }
                    w.tables += cw.tables;
                }
                _ => {}
            }
        }
        if el.name() == "table" && w.tables == 0 {
            let rows = node
                .descendants()
                .filter(|r| r.value().as_element().is_some_and(|e| e.name() == "tr"))
                .take(3)
                .count();
            if rows >= 3 {
                w.tables = 1;
            }
        }
        weights.insert(node.id(), w);
    }
    weights
}

/// Paragraphs that are page tools rather than the report: breadcrumbs, print/close links,
/// font-size switches, share prompts, previous/next links.
fn drop_chrome_text(blocks: Vec<Block>) -> Vec<Block> {
    blocks
        .into_iter()
        .filter(|b| match b {
            Block::Paragraph(p) => !is_chrome_text(&p.text),
            Block::Table(_) => true,
        })
        .collect()
}

pub(crate) fn is_chrome_text(text: &str) -> bool {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    const LEADS: &[&str] = &[
        "当前位置",
        "您的位置",
        "您现在的位置",
        "您当前的位置",
        "所在位置",
        "当前所在位置",
        "首页>",
        "首页 >",
        "首页＞",
        "首页 ＞",
        "首页»",
        "上一篇",
        "下一篇",
        "分享到",
        "扫一扫",
        "相关链接",
        "相关文章",
        "相关阅读",
        "相关新闻",
        "相关信息",
        "【打印",
        "[打印",
        "打印本页",
        "关闭窗口",
        "【字体",
        "【字号",
        "字号：",
        "字体：",
        "网站地图",
        "版权所有",
        "主办单位",
        "技术支持",
        "网站标识码",
        "ICP备",
        "公网安备",
    ];
    if LEADS.iter().any(|l| t.starts_with(l)) && t.chars().count() < 200 {
        return true;
    }
    // A line made only of tool words (打印 关闭 大 中 小 …) and separators.
    const TOOLS: &[&str] = &[
        "打印本页",
        "关闭窗口",
        "打印",
        "关闭",
        "收藏",
        "字号",
        "字体",
        "默认",
        "分享",
        "返回顶部",
        "返回",
        "顶部",
        "大",
        "中",
        "小",
        "微信",
        "微博",
        "QQ空间",
        "QQ",
        "【",
        "】",
        "[",
        "]",
        "：",
        ":",
        "|",
        "丨",
        "/",
        "、",
        "·",
    ];
    let mut rest = t.to_string();
    let mut removed_word = false;
    for tool in TOOLS {
        if rest.contains(tool) {
            removed_word |= tool.chars().count() > 1 || *tool == "大";
            rest = rest.replace(tool, "");
        }
    }
    removed_word && rest.chars().all(char::is_whitespace)
}

// ---------------------------------------------------------------------------------------
// Reading order: paragraphs and tables

/// Most grid cells one document may expand into: a hostile rowspan/colspan must not make a
/// tiny page allocate gigabytes.
const MAX_GRID_CELLS: usize = 2_000_000;
const MAX_COLSPAN: usize = 256;
/// Deeper markup is read as plain text of its subtree (no stack overflow on hostile nesting).
const MAX_DEPTH: usize = 200;

/// A table that lays out the page rather than holding data: it holds a table of three or
/// more rows (the real one), or so few cells of its own that it can only be a frame. A data
/// table with a small table in one cell (Word nests them) stays a data table.
fn is_layout_table(table: NodeRef<'_, Node>) -> bool {
    let is = |n: &NodeRef<'_, Node>, name: &str| {
        n.value().as_element().is_some_and(|e| e.name() == name)
    };
    let mut nested = table
        .descendants()
        .skip(1)
        .filter(|d| is(d, "table"))
        .peekable();
    if nested.peek().is_none() {
        return false;
    }
    if nested.any(|t| t.descendants().filter(|r| is(r, "tr")).take(3).count() >= 3) {
        return true;
    }
    // Cells of this table itself, not of the tables inside it.
    let own_cells = table
        .descendants()
        .filter(|d| is(d, "td") || is(d, "th"))
        .filter(|cell| cell.ancestors().find(|a| is(a, "table")) == Some(table))
        .take(6)
        .count();
    own_cells < 6
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "main"
            | "menu"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "ul"
            | "body"
            | "html"
            | "option"
            | "legend"
    )
}

fn is_bold(el: &scraper::node::Element) -> bool {
    if matches!(el.name(), "b" | "strong") {
        // Word writes `<b style='mso-bidi-font-weight:normal'>` for text that is not bold.
        return !el.attr("style").is_some_and(|s| {
            let s: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            s.contains(";font-weight:normal") || s.starts_with("font-weight:normal")
        });
    }
    el.attr("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.split(';').any(|d| {
            d.strip_prefix("font-weight:").is_some_and(|v| {
                v.starts_with("bold")
                    || v.starts_with("bolder")
                    || v.starts_with("700")
                    || v.starts_with("800")
                    || v.starts_with("900")
                    || v.starts_with("600")
            })
        })
    })
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// A paragraph being assembled from inline text.
#[derive(Default)]
struct Inline {
    text: String,
    /// Whitespace seen after the last character written, and whether it held a newline
    /// (a source line break between two Chinese characters is no space: CSS Text 3).
    pending: Option<bool>,
    line: usize,
    lead: super::document::LeadIn,
}

impl Inline {
    fn push(&mut self, s: &str, bold: bool, line: usize, pre: bool) {
        for c in s.chars() {
            let ascii_space = matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C');
            if ascii_space && !pre {
                if !self.text.is_empty() {
                    let nl = c == '\n' || c == '\r';
                    self.pending = Some(self.pending.unwrap_or(false) || nl);
                }
                continue;
            }
            if let Some(nl) = self.pending.take() {
                let prev_wide = self.text.chars().next_back().is_some_and(is_wide);
                if !(nl && prev_wide && is_wide(c)) {
                    self.text.push(' ');
                }
            }
            if self.text.is_empty() {
                self.line = line;
            }
            self.lead.push(&mut self.text, c, bold);
        }
    }

    /// The paragraph's text trimmed of surrounding blanks (`&nbsp;`, full-width spaces
    /// included) and its bold lead-in length in that trimmed text.
    fn take(&mut self) -> Option<(String, Option<usize>, usize)> {
        let inline = std::mem::take(self);
        let start = inline.text.len() - inline.text.trim_start().len();
        let text = inline.text.trim();
        if text.is_empty() {
            return None;
        }
        let bold = inline
            .lead
            .end
            .checked_sub(start)
            .filter(|&n| n > 0)
            .map(|n| n.min(text.len()));
        Some((text.to_string(), bold, inline.line))
    }
}

struct Builder<'a> {
    lines: &'a Lines,
    chrome: &'a FxHashSet<NodeId>,
    container: NodeId,
    inside: bool,
    /// Blocks with whether they lie inside the article container.
    out: Vec<(bool, Block)>,
    inline: Inline,
    /// Lines of the table cell being read, when inside one.
    cell: Option<Vec<String>>,
    heading: Option<u8>,
    bold: usize,
    pre: usize,
    cells_budget: usize,
}

impl Builder<'_> {
    fn flush(&mut self) {
        let heading = self.heading;
        let Some((text, bold_lead, line)) = self.inline.take() else {
            return;
        };
        match &mut self.cell {
            Some(lines) => lines.push(text),
            None => self.out.push((
                self.inside,
                Block::Paragraph(Paragraph {
                    text,
                    bold_lead,
                    heading,
                    pos: Pos {
                        line,
                        ..Pos::default()
                    },
                }),
            )),
        }
    }

    fn walk(&mut self, node: NodeRef<'_, Node>, depth: usize) {
        let entering = node.id() == self.container && !self.inside;
        if entering {
            self.flush();
            self.inside = true;
        }
        match node.value() {
            Node::Text(t) => {
                let line = self.lines.line(node);
                self.inline.push(t, self.bold > 0, line, self.pre > 0);
            }
            Node::Element(el) => {
                if self.chrome.contains(&node.id()) {
                    // Chrome between two words still separates them.
                    if is_block(el.name()) {
                        self.flush();
                    }
                } else if depth > MAX_DEPTH {
                    let line = self.lines.line(node);
                    let text = text_of(node);
                    self.inline.push(&text, false, line, false);
                } else {
                    self.element(node, el, depth);
                }
            }
            Node::Document | Node::Fragment => {
                for child in node.children() {
                    self.walk(child, depth + 1);
                }
            }
            _ => {}
        }
        if entering {
            self.flush();
            self.inside = false;
        }
    }

    fn element(&mut self, node: NodeRef<'_, Node>, el: &scraper::node::Element, depth: usize) {
        let name = el.name();
        if name == "br" {
            self.flush();
            return;
        }
        // A table inside a data table's cell is read as lines of that cell.
        if name == "table" && self.cell.is_none() && !is_layout_table(node) {
            self.flush();
            self.table(node, depth);
            return;
        }
        let block = is_block(name);
        if block {
            self.flush();
        }
        let heading = match name.as_bytes() {
            [b'h', n @ b'1'..=b'6'] => Some(n - b'0'),
            _ => None,
        };
        if heading.is_some() {
            self.heading = heading;
        }
        let bold = is_bold(el);
        self.bold += usize::from(bold);
        self.pre += usize::from(name == "pre");
        for child in node.children() {
            if name == "pre" && child.value().is_text() {
                // Preformatted text: each source line is a line.
                let line = self.lines.line(child);
                let text = child
                    .value()
                    .as_text()
                    .map(|t| t.to_string())
                    .unwrap_or_default();
                for (i, part) in text.split('\n').enumerate() {
                    if i > 0 {
                        self.flush();
                    }
                    self.inline.push(part, self.bold > 0, line + i, true);
                }
                continue;
            }
            self.walk(child, depth + 1);
        }
        self.pre -= usize::from(name == "pre");
        self.bold -= usize::from(bold);
        if block || heading.is_some() {
            self.flush();
        }
        if heading.is_some() {
            self.heading = None;
        }
    }

    /// A table with no table inside it: its caption as a paragraph, then its grid.
    fn table(&mut self, node: NodeRef<'_, Node>, depth: usize) {
        let mut rows: Vec<NodeRef<'_, Node>> = Vec::new();
        let mut caption = None;
        for child in node.children() {
            let Some(el) = child.value().as_element() else {
                continue;
            };
            if self.chrome.contains(&child.id()) {
                continue;
            }
            match el.name() {
                "caption" => caption = Some(child),
                "tr" => rows.push(child),
                "thead" | "tbody" | "tfoot" => rows.extend(child.children().filter(|r| {
                    r.value().as_element().is_some_and(|e| e.name() == "tr")
                        && !self.chrome.contains(&r.id())
                })),
                _ => {}
            }
        }
        if let Some(caption) = caption {
            let before = self.out.len();
            self.walk(caption, depth + 1);
            self.flush();
            // A caption repeating the heading just above it (nianbao's own pages) adds nothing.
            if self.out.len() == before + 1
                && let [.., (_, Block::Paragraph(prev)), (_, Block::Paragraph(cap))] =
                    self.out.as_slice()
                && prev.text == cap.text
            {
                self.out.pop();
            }
        }
        let saved_heading = self.heading.take();
        let mut source: Vec<Vec<(Cell, usize, usize)>> = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut cells = Vec::new();
            for td in row.children() {
                let Some(el) = td.value().as_element() else {
                    continue;
                };
                if !matches!(el.name(), "td" | "th") || self.chrome.contains(&td.id()) {
                    continue;
                }
                let rowspan = span(el.attr("rowspan"), 65_534);
                let colspan = span(el.attr("colspan"), MAX_COLSPAN);
                self.cell = Some(Vec::new());
                for child in td.children() {
                    self.walk(child, depth + 1);
                }
                self.flush();
                let text = self.cell.take().unwrap_or_default().join("\n");
                let cell = Cell {
                    text,
                    origin: (0, 0),
                    pos: self.lines.pos(td),
                };
                cells.push((cell, rowspan, colspan));
            }
            source.push(cells);
        }
        self.heading = saved_heading;
        let table = Table {
            rows: self.grid(source),
            pos: self.lines.pos(node),
        };
        if !table.rows.is_empty() {
            self.out.push((self.inside, Block::Table(table)));
        }
    }

    /// Resolve spans: a cell spanning rows or columns is copied into every position it
    /// covers, with `origin` at its own top-left.
    fn grid(&mut self, source: Vec<Vec<(Cell, usize, usize)>>) -> Vec<Vec<Cell>> {
        let height = source.len();
        let mut grid: Vec<Vec<Option<Cell>>> = vec![Vec::new(); height];
        for (r, cells) in source.into_iter().enumerate() {
            let mut col = 0;
            for (cell, rowspan, colspan) in cells {
                while grid
                    .get(r)
                    .and_then(|row| row.get(col))
                    .is_some_and(Option::is_some)
                {
                    col += 1;
                }
                let rowspan = rowspan.min(height - r);
                let cost = rowspan.saturating_mul(colspan);
                if cost > self.cells_budget {
                    // Out of budget: the cell keeps its own position only.
                    place(
                        &mut grid,
                        r,
                        col,
                        Cell {
                            origin: (r, col),
                            ..cell
                        },
                    );
                    col += 1;
                    continue;
                }
                self.cells_budget -= cost;
                for dr in 0..rowspan {
                    for dc in 0..colspan {
                        let covered = Cell {
                            origin: (r, col),
                            ..cell.clone()
                        };
                        place(&mut grid, r + dr, col + dc, covered);
                    }
                }
                col += colspan;
            }
        }
        let mut rows: Vec<Vec<Cell>> = grid
            .into_iter()
            .enumerate()
            .map(|(r, row)| {
                row.into_iter()
                    .enumerate()
                    .map(|(c, cell)| {
                        // A hole left by a short row: an empty cell of its own.
                        cell.unwrap_or(Cell {
                            text: String::new(),
                            origin: (r, c),
                            pos: Pos::default(),
                        })
                    })
                    .collect()
            })
            .collect();
        // Word ends its tables with an empty spacer row; an empty last row holds nothing.
        while rows
            .last()
            .is_some_and(|row| row.iter().all(|c| c.text.trim().is_empty()))
        {
            rows.pop();
        }
        rows
    }
}

fn place(grid: &mut [Vec<Option<Cell>>], r: usize, c: usize, cell: Cell) {
    if let Some(row) = grid.get_mut(r) {
        if row.len() <= c {
            row.resize(c + 1, None);
        }
        if let Some(slot) = row.get_mut(c) {
            // An overlap of two spans (malformed tables): the first cell keeps the position.
            if slot.is_none() {
                *slot = Some(cell);
            }
        }
    }
}

/// A `rowspan`/`colspan` value as browsers read it: leading digits, at least 1.
fn span(value: Option<&str>, max: usize) -> usize {
    let digits: String = value
        .unwrap_or("")
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .take(6)
        .collect();
    digits.parse::<usize>().unwrap_or(1).clamp(1, max)
}

/// All the text under a node, iteratively.
fn text_of(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            out.push_str(t);
        }
    }
    out
}

/// Whitespace runs collapsed to one space, ends trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(html: &str) -> Document {
        read(Path::new("t.html"), html).expect("reads")
    }

    fn paragraphs(d: &Document) -> Vec<String> {
        d.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text.clone()),
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn spans_resolve_into_a_full_grid() {
        let d = doc(
            "<table><tr><td rowspan=2>A</td><td colspan=2>B</td></tr><tr><td>c</td><td>d</td></tr><tr><td>e</td><td>f</td><td>g</td></tr></table>",
        );
        let Some(Block::Table(t)) = d.blocks.first() else {
            panic!("no table: {:?}", d.blocks);
        };
        let texts: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            vec![
                vec!["A", "B", "B"],
                vec!["A", "c", "d"],
                vec!["e", "f", "g"]
            ]
        );
        assert_eq!(t.rows[1][0].origin, (0, 0));
        assert!(t.rows[1][0].is_spanned(1, 0));
        assert_eq!(t.rows[0][2].origin, (0, 1));
        assert_eq!(
            t.rows[2][2].pos.cell,
            Some(CellPos {
                table: 0,
                row: 2,
                col: 2
            })
        );
        assert_eq!(t.rows[0][0].pos.line, 1);
    }

    #[test]
    fn line_breaks_between_chinese_characters_are_no_spaces() {
        let d = doc("<p>政府信息\n公开 2023\nyear</p><p>a<br>b</p>");
        assert_eq!(paragraphs(&d), vec!["政府信息公开 2023 year", "a", "b"]);
    }

    #[test]
    fn bold_lead_in_is_measured() {
        let d = doc(
            "<p>　　<strong>一是加强领导。</strong>我们……</p><p><span style=\"font-weight: bold\">（一）</span>x</p>",
        );
        let Some(Block::Paragraph(p)) = d.blocks.first() else {
            panic!()
        };
        assert_eq!(p.bold_lead, Some("一是加强领导。".len()));
        let Some(Block::Paragraph(p)) = d.blocks.get(1) else {
            panic!()
        };
        assert_eq!(p.bold_lead, Some("（一）".len()));
    }

    #[test]
    fn a_small_table_in_a_cell_stays_in_that_cell() {
        let d = doc(
            "<table><tr><td>规章</td><td>1</td><td>2</td></tr><tr><td>规范性文件</td><td><table><tr><td>3</td><td>4</td></tr></table></td><td>5</td></tr><tr><td>a</td><td>b</td><td>c</td></tr></table>",
        );
        let tables: Vec<&Table> = d
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                Block::Paragraph(_) => None,
            })
            .collect();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].rows[1][1].text, "3\n4");
        assert_eq!(tables[0].rows[1][2].text, "5");
    }

    #[test]
    fn hostile_spans_and_nesting_do_not_blow_up() {
        let d = doc(
            "<table><tr><td rowspan=99999999 colspan=99999>x</td></tr><tr><td>y</td></tr></table>",
        );
        assert!(!d.blocks.is_empty());
        let deep = "<div>".repeat(300) + "深" + &"</div>".repeat(300);
        assert_eq!(paragraphs(&doc(&deep)), vec!["深"]);
        let hostile = "<div>".repeat(200_000);
        let started = std::time::Instant::now();
        let err = read(Path::new("t.html"), &hostile).expect_err("refused");
        assert!(matches!(err, ReadError::Corrupt { .. }), "{err}");
        assert!(started.elapsed().as_secs() < 10);
    }
}
