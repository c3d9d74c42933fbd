//! The three official tables laid out as the national formats print them: header rows with
//! their spans, row groups with row spans, `headers` on every data cell so that a screen
//! reader (or a test) can name the row and column of any figure. Labels come from
//! [`crate::model::labels`]; templates only walk the cells.

use serde::Serialize;

use super::escape::escape_into;
use crate::model::labels::{
    self as lb, APPLICANT_COLUMNS, CASE_COLUMNS, Label, RESULT_ROWS, Script,
};
use crate::model::{AppRow, Applications, CaseRow, Count, Format, Money, Proactive, Row, RowForm};
use crate::source::Spanned;

/// One cell of a rendered table.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Cell {
    /// `th` when true, else `td`.
    pub header: bool,
    pub text: String,
    pub colspan: u32,
    pub rowspan: u32,
    /// `id` of a header cell, referred to by data cells' `headers`.
    pub id: Option<String>,
    /// `col`, `colgroup`, `row` or `rowgroup` for header cells.
    pub scope: Option<&'static str>,
    /// Space-separated ids of the headers of a data cell.
    pub headers: Option<String>,
    /// Extra class: `num` for figures, `note` for the balance note, `l0`–`l2` for the label
    /// column a row label starts in (held in place on a phone).
    pub class: Option<&'static str>,
    /// A total the report did not state, added up here.
    pub computed: bool,
}

impl Cell {
    fn th(text: &str, scope: &'static str, id: String) -> Cell {
        Cell {
            header: true,
            text: text.to_string(),
            colspan: 1,
            rowspan: 1,
            id: Some(id),
            scope: Some(scope),
            headers: None,
            class: None,
            computed: false,
        }
    }

    fn td(text: String, headers: String) -> Cell {
        Cell {
            header: false,
            text,
            colspan: 1,
            rowspan: 1,
            id: None,
            scope: None,
            headers: Some(headers),
            class: Some("num"),
            computed: false,
        }
    }

    fn class(mut self, class: &'static str) -> Cell {
        self.class = Some(class);
        self
    }

    fn computed(mut self, computed: bool) -> Cell {
        self.computed = computed;
        self
    }

    fn span(mut self, colspan: u32, rowspan: u32) -> Cell {
        self.colspan = colspan;
        self.rowspan = rowspan;
        self
    }
}

/// What a blank cell says, and whether computed totals are marked.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub enum Notes {
    /// One report: a blank is 原文未填, a total not stated is marked 计算得出.
    Report,
    /// The 汇总: a blank is a cell some report left blank; every figure is a sum.
    Summary,
}

/// The words a table's cells and notes use, in the portal's script.
struct Words {
    blank: &'static str,
    computed: &'static str,
}

impl Cell {
    fn write_html(&self, out: &mut String, words: &Words) {
        let tag = if self.header { "th" } else { "td" };
        let blank = self.class == Some("num") && self.text.is_empty();
        let computed = self.computed && !blank && !words.computed.is_empty();
        out.push('<');
        out.push_str(tag);
        let mut attr = |name: &str, value: &str| {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            escape_into(out, value);
            out.push('"');
        };
        if let Some(id) = &self.id {
            attr("id", id);
        }
        if let Some(scope) = self.scope {
            attr("scope", scope);
        }
        if self.colspan > 1 {
            attr("colspan", &self.colspan.to_string());
        }
        if self.rowspan > 1 {
            attr("rowspan", &self.rowspan.to_string());
        }
        if let Some(headers) = &self.headers {
            attr("headers", headers);
        }
        match (self.class, blank, computed) {
            (Some(class), true, _) => attr("class", &format!("{class} blank")),
            (Some(class), _, true) => attr("class", &format!("{class} calc")),
            (Some(class), _, _) => attr("class", class),
            (None, _, _) => {}
        }
        out.push('>');
        if blank {
            // A dash to see, words to hear: a blank is not a zero.
            out.push_str("<span aria-hidden=\"true\">—</span><span class=\"vh\">");
            out.push_str(words.blank);
            out.push_str("</span>");
        } else {
            escape_into(out, &self.text);
        }
        if computed {
            out.push_str("<span class=\"vh\">（");
            out.push_str(words.computed);
            out.push_str("）</span>");
        }
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }
}

/// A table ready for the page.
#[derive(Clone, Debug, Serialize)]
pub struct Table {
    pub id: String,
    pub caption: String,
    pub head: Vec<Vec<Cell>>,
    pub body: Vec<Vec<Cell>>,
    #[serde(skip)]
    pub script: Script,
    pub notes: Notes,
    /// `<col>` classes and spans, for tables whose label columns stay in place on a phone.
    pub cols: &'static [(&'static str, u32)],
    /// Wider than a phone screen: a hint says it scrolls sideways.
    pub wide: bool,
    /// The same figures laid out for a phone, shown there in place of this table.
    pub compact: Option<Box<Table>>,
}

fn count(c: &Count) -> String {
    c.as_ref().map(|c| c.value.to_string()).unwrap_or_default()
}

fn money(m: &Option<Spanned<Money>>) -> String {
    m.as_ref().map(|m| m.value.to_string()).unwrap_or_default()
}

/// The cells of a row as published: blank where the source left them blank or gave only the
/// total; the total as stated when it was, else computed (and then said to be).
fn row_cells<const N: usize>(row: &Row<N>) -> (Vec<String>, String, bool) {
    let cells = (0..N)
        .map(|i| match row.form {
            RowForm::Omitted => "0".to_string(),
            RowForm::Cells => row.cells[i].map(|v| v.to_string()).unwrap_or_default(),
            RowForm::TotalOnly | RowForm::Invalid => String::new(),
        })
        .collect();
    let total = row
        .stated_total
        .as_ref()
        .map(|t| t.value)
        .or(row.total())
        .map(|t| t.to_string())
        .unwrap_or_default();
    (cells, total, row.stated_total.is_none())
}

impl Table {
    /// The same table as the 汇总 shows it: blanks are cells some report left blank.
    pub fn summary(mut self) -> Table {
        self.notes = Notes::Summary;
        self.compact = self.compact.map(|c| Box::new(c.summary()));
        self
    }

    fn words(&self) -> Words {
        match self.notes {
            Notes::Report => Words {
                blank: lb::BLANK_CELL.get(self.script),
                computed: lb::COMPUTED_CELL.get(self.script),
            },
            Notes::Summary => Words {
                blank: lb::SUM_BLANK_CELL.get(self.script),
                computed: "",
            },
        }
    }

    /// The table's HTML: in a scroll region of its own (focusable, named by the caption), with
    /// a note under it for each kind of mark its cells carry. Written here rather than in a
    /// template: a report has some 400 cells, and passing each through the template engine
    /// cost more than the rest of the page.
    pub fn to_html(&self) -> String {
        let words = self.words();
        let cells = || self.head.iter().chain(&self.body).flatten();
        let any_blank = cells().any(|c| c.class == Some("num") && c.text.is_empty());
        let any_computed =
            !words.computed.is_empty() && cells().any(|c| c.computed && !c.text.is_empty());
        let mut out = String::with_capacity(16 * 1024);
        out.push_str(match (&self.compact, self.id.ends_with("-phone")) {
            (Some(_), _) => "<div class=\"table-block has-for-phone\">",
            (None, true) => "<div class=\"table-block for-phone\">",
            (None, false) => "<div class=\"table-block\">",
        });
        if self.wide {
            out.push_str("<p class=\"scroll-hint\" aria-hidden=\"true\">");
            out.push_str(lb::SCROLL_HINT.get(self.script));
            out.push_str("</p>");
        }
        let id = &self.id;
        // The region's name is not the caption's alone: the part around the table has the
        // same heading, and landmarks must be told apart.
        out.push_str(&format!(
            "<section class=\"table-wrap{}\" tabindex=\"0\" aria-label=\"表格：",
            if self.cols.is_empty() { "" } else { " sticky" }
        ));
        escape_into(&mut out, &self.caption);
        if id.ends_with("-phone") {
            out.push_str("（逐行）");
        }
        out.push_str(&format!("\"><table id=\"{id}\""));
        if any_blank || any_computed {
            out.push_str(&format!(" aria-describedby=\"{id}-notes\""));
        }
        out.push_str(&format!("><caption id=\"{id}-cap\">"));
        escape_into(&mut out, &self.caption);
        out.push_str("</caption>\n");
        if !self.cols.is_empty() {
            out.push_str("<colgroup>");
            for (class, span) in self.cols {
                match span {
                    1 => out.push_str(&format!("<col class=\"{class}\">")),
                    n => out.push_str(&format!("<col class=\"{class}\" span=\"{n}\">")),
                }
            }
            out.push_str("</colgroup>\n");
        }
        for (tag, rows) in [("thead", &self.head), ("tbody", &self.body)] {
            if rows.is_empty() {
                continue;
            }
            out.push_str(&format!("<{tag}>\n"));
            for row in rows {
                out.push_str("<tr>");
                for cell in row {
                    cell.write_html(&mut out, &words);
                }
                out.push_str("</tr>\n");
            }
            out.push_str(&format!("</{tag}>\n"));
        }
        out.push_str("</table></section>\n");
        if any_blank || any_computed {
            out.push_str(&format!("<ul class=\"table-notes\" id=\"{id}-notes\">"));
            if any_blank {
                let legend = match self.notes {
                    Notes::Report => lb::BLANK_LEGEND,
                    Notes::Summary => lb::SUM_BLANK_LEGEND,
                };
                out.push_str("<li><span class=\"key-blank\" aria-hidden=\"true\">—</span>");
                out.push_str(legend.get(self.script));
                out.push_str("</li>");
            }
            if any_computed {
                out.push_str("<li><span class=\"key-calc\" aria-hidden=\"true\">*</span>");
                out.push_str(lb::COMPUTED_LEGEND.get(self.script));
                out.push_str("</li>");
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</div>\n");
        if let Some(compact) = &self.compact {
            out.push_str(&compact.to_html());
        }
        out
    }
}

/// 二、主动公开政府信息情况.
pub fn proactive(p: &Proactive, script: Script) -> Table {
    let t = |l: Label| l.get(script);
    let mut body = Vec::new();
    let section = |body: &mut Vec<Vec<Cell>>,
                   n: usize,
                   title: Label,
                   columns: &[Label],
                   rows: Vec<(Label, Vec<String>)>| {
        let sid = format!("p{n}");
        body.push(vec![Cell::th(t(title), "colgroup", sid.clone()).span(4, 1)]);
        let mut head = vec![Cell::th(t(lb::INFO_CONTENT), "col", format!("{sid}-item"))];
        let width = 3 / columns.len() as u32;
        for (i, c) in columns.iter().enumerate() {
            let last = i + 1 == columns.len();
            let span = if last { 3 - width * i as u32 } else { width };
            head.push(Cell::th(t(*c), "col", format!("{sid}-c{i}")).span(span, 1));
        }
        body.push(head);
        for (k, (label, values)) in rows.into_iter().enumerate() {
            let rid = format!("{sid}-r{k}");
            let mut line = vec![Cell::th(t(label), "row", rid.clone())];
            for (i, v) in values.into_iter().enumerate() {
                let last = i + 1 == columns.len();
                let span = if last { 3 - width * i as u32 } else { width };
                line.push(Cell::td(v, format!("{sid} {sid}-c{i} {rid}")).span(span, 1));
            }
            body.push(line);
        }
    };
    match p {
        Proactive::F2021(p) => {
            let docs = |d: &crate::model::Documents2021| {
                vec![count(&d.issued), count(&d.repealed), count(&d.in_force)]
            };
            section(
                &mut body,
                1,
                lb::ART20_1,
                &[lb::ISSUED, lb::REPEALED, lb::IN_FORCE],
                vec![
                    (lb::REGULATIONS, docs(&p.regulations)),
                    (lb::NORMATIVE_2021, docs(&p.normative_documents)),
                ],
            );
            section(
                &mut body,
                5,
                lb::ART20_5,
                &[lb::DECISIONS_2021],
                vec![(lb::LICENSING, vec![count(&p.licensing)])],
            );
            section(
                &mut body,
                6,
                lb::ART20_6,
                &[lb::DECISIONS_2021],
                vec![
                    (lb::PUNISHMENT, vec![count(&p.punishment)]),
                    (lb::COERCION, vec![count(&p.coercion)]),
                ],
            );
            section(
                &mut body,
                8,
                lb::ART20_8,
                &[lb::FEE_AMOUNT_2021],
                vec![(lb::FEES, vec![money(&p.fees)])],
            );
        }
        Proactive::F2019(p) => {
            let docs = |d: &crate::model::Documents2019| {
                vec![count(&d.made), count(&d.published), count(&d.total)]
            };
            let items = |i: &crate::model::Items2019| {
                vec![
                    count(&i.previous),
                    i.change
                        .as_ref()
                        .map(|c| c.value.to_string())
                        .unwrap_or_default(),
                    count(&i.decisions),
                ]
            };
            section(
                &mut body,
                1,
                lb::ART20_1,
                &[lb::MADE, lb::PUBLISHED, lb::TOTAL_PUBLISHED],
                vec![
                    (lb::REGULATIONS, docs(&p.regulations)),
                    (lb::NORMATIVE_2019, docs(&p.normative_documents)),
                ],
            );
            section(
                &mut body,
                5,
                lb::ART20_5,
                &[lb::PREVIOUS, lb::CHANGE, lb::DECISIONS_2019],
                vec![
                    (lb::LICENSING, items(&p.licensing)),
                    (lb::OTHER_SERVICES, items(&p.other_services)),
                ],
            );
            section(
                &mut body,
                6,
                lb::ART20_6,
                &[lb::PREVIOUS, lb::CHANGE, lb::DECISIONS_2019],
                vec![
                    (lb::PUNISHMENT, items(&p.punishment)),
                    (lb::COERCION, items(&p.coercion)),
                ],
            );
            section(
                &mut body,
                8,
                lb::ART20_8,
                &[lb::PREVIOUS, lb::CHANGE],
                vec![(lb::FEES, {
                    let mut v = items(&p.fees);
                    v.truncate(2);
                    v
                })],
            );
            let amount = match (&p.procurement.amount, &p.procurement.unit) {
                (Some(a), Some(u)) if u.value.label() == "元" => format!("{}元", a.value),
                (Some(a), _) => a.value.to_string(),
                (None, _) => String::new(),
            };
            section(
                &mut body,
                9,
                lb::ART20_9,
                &[lb::PROJECTS, lb::PROCUREMENT_AMOUNT],
                vec![(
                    lb::PROCUREMENT,
                    vec![count(&p.procurement.projects), amount],
                )],
            );
        }
    }
    Table {
        id: "proactive".into(),
        caption: format!("二、{}", t(lb::PARTS[1].1)),
        head: Vec::new(),
        body,
        script,
        notes: Notes::Report,
        cols: &[],
        wide: false,
        compact: None,
    }
}

/// 三、收到和处理政府信息公开申请情况, two-level header and row groups.
pub fn applications(a: &Applications, format: Format, script: Script) -> Table {
    let t = |l: Label| l.get(script);
    let col_ids: Vec<String> = (0..6).map(|i| format!("a-c{i}")).collect();
    let col_headers = |i: usize| {
        if i == 0 || i == 6 {
            format!("a-app {}", if i == 6 { "a-total" } else { "a-c0" })
        } else {
            format!("a-app a-legal {}", col_ids[i])
        }
    };
    let mut note = Cell::th(t(lb::BALANCE_NOTE), "col", "a-note".into()).span(3, 3);
    note.header = false;
    note.scope = None;
    note.class = Some("note l0");
    let head = vec![
        vec![
            note,
            Cell::th(t(lb::APPLICANTS), "colgroup", "a-app".into()).span(7, 1),
        ],
        vec![
            Cell::th(t(APPLICANT_COLUMNS[0]), "col", "a-c0".into()).span(1, 2),
            Cell::th(t(lb::LEGAL_PERSONS), "colgroup", "a-legal".into()).span(5, 1),
            Cell::th(t(lb::TOTAL), "col", "a-total".into()).span(1, 2),
        ],
        (1..6)
            .map(|i| Cell::th(t(APPLICANT_COLUMNS[i]), "col", col_ids[i].clone()))
            .collect(),
    ];
    // `sums`: the row's cells are column sums (（七）总计), not figures of the report.
    let figures = |row: &AppRow, row_headers: &str, sums: bool| -> Vec<Cell> {
        let (cells, total, total_computed) = row_cells(row);
        cells
            .into_iter()
            .chain([total])
            .enumerate()
            .map(|(i, v)| {
                Cell::td(v, format!("{} {row_headers}", col_headers(i))).computed(if i == 6 {
                    total_computed
                } else {
                    sums
                })
            })
            .collect()
    };
    let mut body = Vec::new();
    let top = |id: &str, label: Label, row: &AppRow| {
        let mut line = vec![Cell::th(t(label), "row", id.into()).span(3, 1).class("l0")];
        line.extend(figures(row, id, false));
        line
    };
    body.push(top("a-received", lb::RECEIVED, &a.received));
    body.push(top("a-over", lb::CARRIED_OVER, &a.carried_over));

    let shown: Vec<usize> = (0..RESULT_ROWS.len())
        .filter(|&i| RESULT_ROWS[i].in_format(format))
        .collect();
    let result_rows = shown.len() as u32 + 1;
    let mut first = true;
    let mut i = 0;
    while i < shown.len() {
        let def = &RESULT_ROWS[shown[i]];
        let mut line = Vec::new();
        if first {
            line.push(
                Cell::th(t(lb::RESULTS), "rowgroup", "a-results".into())
                    .span(1, result_rows)
                    .class("l0"),
            );
            first = false;
        }
        match def.group_label {
            None => {
                let id = format!("a-r{}", shown[i]);
                line.push(
                    Cell::th(t(def.label), "row", id.clone())
                        .span(2, 1)
                        .class("l1"),
                );
                line.extend(figures(
                    &a.results[shown[i]],
                    &format!("a-results {id}"),
                    false,
                ));
                body.push(line);
                i += 1;
            }
            Some(group) => {
                let members: Vec<usize> = shown[i..]
                    .iter()
                    .copied()
                    .take_while(|&j| RESULT_ROWS[j].group == def.group)
                    .collect();
                let gid = format!("a-g-{}", def.group);
                line.push(
                    Cell::th(t(group), "rowgroup", gid.clone())
                        .span(1, members.len() as u32)
                        .class("l1"),
                );
                for (k, &j) in members.iter().enumerate() {
                    if k > 0 {
                        line = Vec::new();
                    }
                    let id = format!("a-r{j}");
                    line.push(Cell::th(t(RESULT_ROWS[j].label), "row", id.clone()).class("l2"));
                    line.extend(figures(
                        &a.results[j],
                        &format!("a-results {gid} {id}"),
                        false,
                    ));
                    body.push(std::mem::take(&mut line));
                }
                i += members.len();
            }
        }
    }
    // （七）总计: as the report states it, else each column computed from （一）–（六）.
    let mut total = AppRow {
        form: RowForm::Cells,
        ..Default::default()
    };
    let mut computed_cols = [true; 6];
    for (c, (cell, computed)) in total.cells.iter_mut().zip(&mut computed_cols).enumerate() {
        let stated = a
            .stated_total
            .as_ref()
            .filter(|r| r.form == RowForm::Cells)
            .and_then(|r| r.cells[c]);
        *computed = stated.is_none();
        *cell = stated.or(a.results_column(c));
    }
    if total.cells.iter().any(Option::is_none) {
        total.form = RowForm::TotalOnly;
    }
    let stated = a.stated_total.as_ref().and_then(|s| s.stated_total.clone());
    let total_computed = stated.is_none();
    total.stated_total = stated.or_else(|| {
        a.results_total()
            .map(|v| Spanned::new(v, Default::default()))
    });
    let mut line = vec![
        Cell::th(t(lb::RESULTS_TOTAL), "row", "a-r-total".into())
            .span(2, 1)
            .class("l1"),
    ];
    line.extend(figures(&total, "a-results a-r-total", true));
    let figures_at = line.len() - 7;
    for (c, cell) in line[figures_at..].iter_mut().enumerate() {
        cell.computed = computed_cols.get(c).copied().unwrap_or(total_computed);
    }
    body.push(line);
    body.push(top("a-forward", lb::CARRIED_FORWARD, &a.carried_forward));
    Table {
        id: "applications".into(),
        caption: format!("三、{}", t(lb::PARTS[2].1)),
        head,
        body,
        script,
        notes: Notes::Report,
        // Three label columns (held in place on a phone), seven of figures.
        cols: &[("c-l0", 1), ("c-l1", 1), ("c-l2", 1), ("c-fig", 7)],
        wide: true,
        compact: None,
    }
}

/// 四、政府信息公开行政复议、行政诉讼情况.
pub fn review(rows: [&CaseRow; 3], script: Script) -> Table {
    let t = |l: Label| l.get(script);
    let mut head = vec![
        vec![
            Cell::th(t(lb::REVIEW), "colgroup", "v-review".into()).span(5, 1),
            Cell::th(t(lb::LITIGATION), "colgroup", "v-lit".into()).span(10, 1),
        ],
        Vec::new(),
        Vec::new(),
    ];
    let columns = |prefix: &str| -> Vec<Cell> {
        CASE_COLUMNS
            .iter()
            .enumerate()
            .map(|(i, c)| Cell::th(t(*c), "col", format!("{prefix}-c{i}")))
            .chain([Cell::th(t(lb::TOTAL), "col", format!("{prefix}-total"))])
            .collect()
    };
    head[1].extend(columns("v-review").into_iter().map(|c| c.span(1, 2)));
    head[1].push(Cell::th(t(lb::LITIGATION_DIRECT), "colgroup", "v-direct".into()).span(5, 1));
    head[1].push(Cell::th(t(lb::LITIGATION_AFTER_REVIEW), "colgroup", "v-after".into()).span(5, 1));
    head[2].extend(columns("v-direct"));
    head[2].extend(columns("v-after"));
    let mut line = Vec::new();
    for (prefix, group, row) in [
        ("v-review", "v-review", rows[0]),
        ("v-direct", "v-lit v-direct", rows[1]),
        ("v-after", "v-lit v-after", rows[2]),
    ] {
        let (cells, total, computed) = row_cells(row as &CaseRow);
        for (i, v) in cells.into_iter().enumerate() {
            line.push(Cell::td(v, format!("{group} {prefix}-c{i}")));
        }
        line.push(Cell::td(total, format!("{group} {prefix}-total")).computed(computed));
    }
    Table {
        id: "review".into(),
        caption: format!("四、{}", t(lb::PARTS[3].1)),
        head,
        body: vec![line],
        script,
        notes: Notes::Report,
        cols: &[],
        wide: true,
        compact: Some(Box::new(review_phone(rows, script))),
    }
}

/// 四 for a phone: its three rows (复议, and 诉讼 of each kind) one under another, each with
/// its five cells, instead of fifteen columns side by side.
fn review_phone(rows: [&CaseRow; 3], script: Script) -> Table {
    let t = |l: Label| l.get(script);
    let mut corner = Cell::th("", "col", String::new());
    corner.header = false;
    corner.id = None;
    corner.scope = None;
    let head = vec![
        std::iter::once(corner)
            .chain(
                CASE_COLUMNS
                    .iter()
                    .enumerate()
                    .map(|(i, c)| Cell::th(t(*c), "col", format!("vp-c{i}"))),
            )
            .chain([Cell::th(t(lb::TOTAL), "col", "vp-total".into())])
            .collect(),
    ];
    let names = [
        t(lb::REVIEW).to_string(),
        format!("{}（{}）", t(lb::LITIGATION), t(lb::LITIGATION_DIRECT)),
        format!(
            "{}（{}）",
            t(lb::LITIGATION),
            t(lb::LITIGATION_AFTER_REVIEW)
        ),
    ];
    let body = rows
        .iter()
        .zip(names)
        .enumerate()
        .map(|(k, (row, name))| {
            let rid = format!("vp-r{k}");
            let (cells, total, computed) = row_cells(*row as &CaseRow);
            std::iter::once(Cell::th(&name, "row", rid.clone()))
                .chain(
                    cells
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| Cell::td(v, format!("vp-c{i} {rid}"))),
                )
                .chain([Cell::td(total, format!("vp-total {rid}")).computed(computed)])
                .collect()
        })
        .collect();
    Table {
        id: "review-phone".into(),
        caption: format!("四、{}", t(lb::PARTS[3].1)),
        head,
        body,
        script,
        notes: Notes::Report,
        cols: &[],
        wide: false,
        compact: None,
    }
}
