//! The official Chinese labels of the national formats, in one table, in simplified and
//! traditional characters. Templates, diagnostics and data files all take their wording from
//! here (国办公开办函〔2021〕30号 and 〔2019〕60号).

/// One official label in both scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    pub simp: &'static str,
    pub trad: &'static str,
}

/// Which characters the site is rendered in (`lang = "zh-Hant"` picks traditional).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Script {
    #[default]
    Simplified,
    Traditional,
}

impl Label {
    pub fn get(self, script: Script) -> &'static str {
        match script {
            Script::Simplified => self.simp,
            Script::Traditional => self.trad,
        }
    }
}

const fn l(simp: &'static str, trad: &'static str) -> Label {
    Label { simp, trad }
}

/// The six parts, in order: numeral, official heading.
pub const PARTS: [(&str, Label); 6] = [
    ("一", l("总体情况", "總體情況")),
    ("二", l("主动公开政府信息情况", "主動公開政府信息情況")),
    (
        "三",
        l(
            "收到和处理政府信息公开申请情况",
            "收到和處理政府信息公開申請情況",
        ),
    ),
    (
        "四",
        l(
            "政府信息公开行政复议、行政诉讼情况",
            "政府信息公開行政復議、行政訴訟情況",
        ),
    ),
    (
        "五",
        l("存在的主要问题及改进情况", "存在的主要問題及改進情況"),
    ),
    ("六", l("其他需要报告的事项", "其他需要報告的事項")),
];

/// Words that identify a part in a heading that is not worded officially (spec §4.4), by part
/// index, in the order they are tried: more specific words first.
pub const PART_KEYWORDS: [(usize, &[&str]); 6] = [
    (3, &["复议", "诉讼", "復議", "訴訟"]),
    (2, &["申请", "申請"]),
    (1, &["主动公开", "主動公開"]),
    (0, &["总体情况", "總體情況", "总体", "總體"]),
    (4, &["问题", "問題", "改进", "改進"]),
    (5, &["其他", "其它"]),
];

// 二、主动公开政府信息情况
/// The YAML keys of `proactive`, in the official order of the rows, per format.
pub const PROACTIVE_KEYS_2021: &[&str] = &[
    "regulations",
    "normative_documents",
    "licensing",
    "punishment",
    "coercion",
    "fees",
];
pub const PROACTIVE_KEYS_2019: &[&str] = &[
    "regulations",
    "normative_documents",
    "licensing",
    "other_services",
    "punishment",
    "coercion",
    "fees",
    "procurement",
];

pub const ART20_1: Label = l("第二十条第（一）项", "第二十條第（一）項");
pub const ART20_5: Label = l("第二十条第（五）项", "第二十條第（五）項");
pub const ART20_6: Label = l("第二十条第（六）项", "第二十條第（六）項");
pub const ART20_8: Label = l("第二十条第（八）项", "第二十條第（八）項");
pub const ART20_9: Label = l("第二十条第（九）项", "第二十條第（九）項");
pub const INFO_CONTENT: Label = l("信息内容", "信息內容");

pub const REGULATIONS: Label = l("规章", "規章");
pub const NORMATIVE_2021: Label = l("行政规范性文件", "行政規範性文件");
pub const NORMATIVE_2019: Label = l("规范性文件", "規範性文件");
pub const LICENSING: Label = l("行政许可", "行政許可");
pub const OTHER_SERVICES: Label = l("其他对外管理服务事项", "其他對外管理服務事項");
pub const PUNISHMENT: Label = l("行政处罚", "行政處罰");
pub const COERCION: Label = l("行政强制", "行政強制");
pub const FEES: Label = l("行政事业性收费", "行政事業性收費");
pub const PROCUREMENT: Label = l("政府集中采购", "政府集中採購");

pub const ISSUED: Label = l("本年制发件数", "本年制發件數");
pub const REPEALED: Label = l("本年废止件数", "本年廢止件數");
pub const IN_FORCE: Label = l("现行有效件数", "現行有效件數");
pub const DECISIONS_2021: Label = l("本年处理决定数量", "本年處理決定數量");
pub const FEE_AMOUNT_2021: Label = l("本年收费金额（单位：万元）", "本年收費金額（單位：萬元）");

pub const MADE: Label = l("本年新制作数量", "本年新製作數量");
pub const PUBLISHED: Label = l("本年新公开数量", "本年新公開數量");
pub const TOTAL_PUBLISHED: Label = l("对外公开总数量", "對外公開總數量");
pub const PREVIOUS: Label = l("上一年项目数量", "上一年項目數量");
pub const CHANGE: Label = l("本年增/减", "本年增/減");
pub const DECISIONS_2019: Label = l("处理决定数量", "處理決定數量");
pub const PROJECTS: Label = l("采购项目数量", "採購項目數量");
pub const PROCUREMENT_AMOUNT: Label = l("采购总金额", "採購總金額");

// 三、收到和处理政府信息公开申请情况
pub const APPLICANTS: Label = l("申请人情况", "申請人情況");
pub const LEGAL_PERSONS: Label = l("法人或其他组织", "法人或其他組織");
pub const TOTAL: Label = l("总计", "總計");
pub const BALANCE_NOTE: Label = l(
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "（本列數據的勾稽關係為：第一項加第二項之和，等於第三項加第四項之和）",
);

/// The six applicant columns of the applications table, before 总计.
pub const APPLICANT_COLUMNS: [Label; 6] = [
    l("自然人", "自然人"),
    l("商业企业", "商業企業"),
    l("科研机构", "科研機構"),
    l("社会公益组织", "社會公益組織"),
    l("法律服务机构", "法律服務機構"),
    l("其他", "其他"),
];

pub const RECEIVED: Label = l(
    "一、本年新收政府信息公开申请数量",
    "一、本年新收政府信息公開申請數量",
);
pub const CARRIED_OVER: Label = l(
    "二、上年结转政府信息公开申请数量",
    "二、上年結轉政府信息公開申請數量",
);
pub const RESULTS: Label = l("三、本年度办理结果", "三、本年度辦理結果");
pub const RESULTS_TOTAL: Label = l("（七）总计", "（七）總計");
pub const CARRIED_FORWARD: Label = l("四、结转下年度继续办理", "四、結轉下年度繼續辦理");

/// Which formats a row of 三、本年度办理结果 belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum In {
    Both,
    Only2019,
    Only2021,
}

/// One row of 三、本年度办理结果: its YAML group and key, group label and row label.
#[derive(Clone, Copy, Debug)]
pub struct ResultRowDef {
    /// YAML key of the group under `results`, or "" for rows directly under it.
    pub group: &'static str,
    pub key: &'static str,
    pub group_label: Option<Label>,
    pub label: Label,
    pub only: In,
}

const fn r(
    group: &'static str,
    key: &'static str,
    group_label: Option<Label>,
    label: Label,
    only: In,
) -> ResultRowDef {
    ResultRowDef {
        group,
        key,
        group_label,
        label,
        only,
    }
}

pub const WITHHELD: Label = l("（三）不予公开", "（三）不予公開");
pub const UNABLE: Label = l("（四）无法提供", "（四）無法提供");
pub const NOT_PROCESSED: Label = l("（五）不予处理", "（五）不予處理");
pub const OTHER: Label = l("（六）其他处理", "（六）其他處理");

/// Groups under `results` that hold sub-rows, with their labels.
pub const RESULT_GROUPS: [(&str, Label); 4] = [
    ("withheld", WITHHELD),
    ("unable_to_provide", UNABLE),
    ("not_processed", NOT_PROCESSED),
    ("other", OTHER),
];

impl ResultRowDef {
    /// Whether the row is part of the given format's table.
    pub fn in_format(&self, format: super::Format) -> bool {
        !matches!(
            (self.only, format),
            (In::Only2019, super::Format::F2021) | (In::Only2021, super::Format::F2019)
        )
    }
}

/// Every row of 三、本年度办理结果 in official order. Index 18 is the 2019 single
/// （六）其他处理 row; 19–21 are its three 2021 sub-rows.
pub const RESULT_ROWS: [ResultRowDef; 22] = [
    r(
        "",
        "disclosed",
        None,
        l("（一）予以公开", "（一）予以公開"),
        In::Both,
    ),
    r(
        "",
        "partially_disclosed",
        None,
        l(
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "（二）部分公開（區分處理的，只計這一情形，不計其他情形）",
        ),
        In::Both,
    ),
    r(
        "withheld",
        "state_secret",
        Some(WITHHELD),
        l("1.属于国家秘密", "1.屬於國家秘密"),
        In::Both,
    ),
    r(
        "withheld",
        "prohibited_by_law",
        Some(WITHHELD),
        l("2.其他法律行政法规禁止公开", "2.其他法律行政法規禁止公開"),
        In::Both,
    ),
    r(
        "withheld",
        "endangers_safety",
        Some(WITHHELD),
        l("3.危及“三安全一稳定”", "3.危及“三安全一穩定”"),
        In::Both,
    ),
    r(
        "withheld",
        "third_party_rights",
        Some(WITHHELD),
        l("4.保护第三方合法权益", "4.保護第三方合法權益"),
        In::Both,
    ),
    r(
        "withheld",
        "internal_affairs",
        Some(WITHHELD),
        l("5.属于三类内部事务信息", "5.屬於三類內部事務信息"),
        In::Both,
    ),
    r(
        "withheld",
        "process_information",
        Some(WITHHELD),
        l("6.属于四类过程性信息", "6.屬於四類過程性信息"),
        In::Both,
    ),
    r(
        "withheld",
        "enforcement_files",
        Some(WITHHELD),
        l("7.属于行政执法案卷", "7.屬於行政執法案卷"),
        In::Both,
    ),
    r(
        "withheld",
        "administrative_query",
        Some(WITHHELD),
        l("8.属于行政查询事项", "8.屬於行政查詢事項"),
        In::Both,
    ),
    r(
        "unable_to_provide",
        "not_held",
        Some(UNABLE),
        l("1.本机关不掌握相关政府信息", "1.本機關不掌握相關政府信息"),
        In::Both,
    ),
    r(
        "unable_to_provide",
        "requires_creation",
        Some(UNABLE),
        l("2.没有现成信息需要另行制作", "2.沒有現成信息需要另行製作"),
        In::Both,
    ),
    r(
        "unable_to_provide",
        "unclear_after_correction",
        Some(UNABLE),
        l("3.补正后申请内容仍不明确", "3.補正後申請內容仍不明確"),
        In::Both,
    ),
    r(
        "not_processed",
        "complaints",
        Some(NOT_PROCESSED),
        l("1.信访举报投诉类申请", "1.信訪舉報投訴類申請"),
        In::Both,
    ),
    r(
        "not_processed",
        "repeated",
        Some(NOT_PROCESSED),
        l("2.重复申请", "2.重複申請"),
        In::Both,
    ),
    r(
        "not_processed",
        "publications",
        Some(NOT_PROCESSED),
        l("3.要求提供公开出版物", "3.要求提供公開出版物"),
        In::Both,
    ),
    r(
        "not_processed",
        "excessive",
        Some(NOT_PROCESSED),
        l("4.无正当理由大量反复申请", "4.無正當理由大量反覆申請"),
        In::Both,
    ),
    r(
        "not_processed",
        "confirmation",
        Some(NOT_PROCESSED),
        l(
            "5.要求行政机关确认或重新出具已获取信息",
            "5.要求行政機關確認或重新出具已獲取信息",
        ),
        In::Both,
    ),
    r("", "other", None, OTHER, In::Only2019),
    r(
        "other",
        "no_correction",
        Some(OTHER),
        l(
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "1.申請人無正當理由逾期不補正、行政機關不再處理其政府信息公開申請",
        ),
        In::Only2021,
    ),
    r(
        "other",
        "unpaid_fee",
        Some(OTHER),
        l(
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "2.申請人逾期未按收費通知要求繳納費用、行政機關不再處理其政府信息公開申請",
        ),
        In::Only2021,
    ),
    r(
        "other",
        "other",
        Some(OTHER),
        l("3.其他", "3.其他"),
        In::Only2021,
    ),
];

// 四、政府信息公开行政复议、行政诉讼情况
pub const REVIEW: Label = l("行政复议", "行政復議");
pub const LITIGATION: Label = l("行政诉讼", "行政訴訟");
pub const LITIGATION_DIRECT: Label = l("未经复议直接起诉", "未經復議直接起訴");
pub const LITIGATION_AFTER_REVIEW: Label = l("复议后起诉", "復議後起訴");
/// The four cells of a review or litigation row, before 总计.
pub const CASE_COLUMNS: [Label; 4] = [
    l("结果维持", "結果維持"),
    l("结果纠正", "結果糾正"),
    l("其他结果", "其他結果"),
    l("尚未审结", "尚未審結"),
];

/// The full official name of result row `i`, as diagnostics print it:
/// 三、本年度办理结果（三）不予公开 4.保护第三方合法权益.
pub fn result_row_name(i: usize, script: Script) -> String {
    let def = &RESULT_ROWS[i];
    let t = |l: Label| l.get(script);
    match def.group_label {
        Some(g) => format!("{}{} {}", t(RESULTS), t(g), t(def.label)),
        None => format!("{}{}", t(RESULTS), t(def.label)),
    }
}

/// A table row, named only when a finding needs its official name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowName {
    Received,
    CarriedOver,
    /// Index into [`RESULT_ROWS`].
    Result(usize),
    ResultsTotal,
    CarriedForward,
    Review,
    LitigationDirect,
    LitigationAfterReview,
}

impl std::fmt::Display for RowName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            RowName::Received => f.write_str(RECEIVED.simp),
            RowName::CarriedOver => f.write_str(CARRIED_OVER.simp),
            RowName::Result(i) => f.write_str(&result_row_name(i, Script::Simplified)),
            RowName::ResultsTotal => write!(f, "{}{}", RESULTS.simp, RESULTS_TOTAL.simp),
            RowName::CarriedForward => f.write_str(CARRIED_FORWARD.simp),
            RowName::Review => f.write_str(REVIEW.simp),
            RowName::LitigationDirect => {
                write!(f, "{}·{}", LITIGATION.simp, LITIGATION_DIRECT.simp)
            }
            RowName::LitigationAfterReview => {
                write!(f, "{}·{}", LITIGATION.simp, LITIGATION_AFTER_REVIEW.simp)
            }
        }
    }
}

/// Default report title, without the agency (as feeds and imports compare it).
pub fn default_title(year: i32, script: Script) -> String {
    match script {
        Script::Simplified => format!("{year}年政府信息公开工作年度报告"),
        Script::Traditional => format!("{year}年政府信息公開工作年度報告"),
    }
}

/// A report page's default title: `{机构}{year}年政府信息公开工作年度报告`, so that no two
/// agencies' pages share a title.
pub fn report_title(agency: &str, year: i32, script: Script) -> String {
    format!("{agency}{}", default_title(year, script))
}

// Notes under the tables of the pages: what a blank or a computed cell means.
/// A data cell the report left blank (read out by screen readers in place of the dash).
pub const BLANK_CELL: Label = l("原文未填", "原文未填");
pub const BLANK_LEGEND: Label = l(
    "原文未填：报告中此格空白（不等于 0）",
    "原文未填：報告中此格空白（不等於 0）",
);
/// A cell of the 汇总 that some report left blank, so it cannot be summed.
pub const SUM_BLANK_CELL: Label = l("无法汇总", "無法彙總");
pub const SUM_BLANK_LEGEND: Label = l(
    "无法汇总：有机构的报告未填此格，合计不作推算",
    "無法彙總：有機構的報告未填此格，合計不作推算",
);
/// A total the report did not state: nianbao added up the row or column.
pub const COMPUTED_CELL: Label = l("计算得出", "計算得出");
pub const COMPUTED_LEGEND: Label = l(
    "计算得出：报告未直接填写，由同行或同列各项相加",
    "計算得出：報告未直接填寫，由同行或同列各項相加",
);
/// Above a table wider than a phone screen.
pub const SCROLL_HINT: Label = l("表格较宽，可左右滑动查看", "表格較寬，可左右滑動查看");

/// Named positions in [`RESULT_ROWS`], so that no code outside the model counts rows.
pub mod row {
    use std::ops::Range;

    /// （一）予以公开.
    pub const DISCLOSED: usize = 0;
    /// （六）其他处理 as the 2019 format's single row.
    pub const OTHER_2019: usize = 18;
    /// （六）其他处理 as the 2021 format's three sub-rows.
    pub const OTHER_2021: Range<usize> = 19..22;
    /// The 2021 sub-row "3.其他" that a 2019 single row is summed into.
    pub const OTHER_2021_OTHER: usize = 21;
}

/// The six outcomes （一）–（六） of 三、本年度办理结果, each a row or a group of rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Disclosed,
    PartiallyDisclosed,
    Withheld,
    Unable,
    NotProcessed,
    Other,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::Disclosed,
        Outcome::PartiallyDisclosed,
        Outcome::Withheld,
        Outcome::Unable,
        Outcome::NotProcessed,
        Outcome::Other,
    ];

    /// The short name charts and summaries use: 予以公开, 部分公开, …
    pub fn short(self) -> Label {
        match self {
            Outcome::Disclosed => l("予以公开", "予以公開"),
            Outcome::PartiallyDisclosed => l("部分公开", "部分公開"),
            Outcome::Withheld => l("不予公开", "不予公開"),
            Outcome::Unable => l("无法提供", "無法提供"),
            Outcome::NotProcessed => l("不予处理", "不予處理"),
            Outcome::Other => l("其他处理", "其他處理"),
        }
    }

    /// The rows of [`RESULT_ROWS`] that make up this outcome (in either format).
    pub fn rows(self) -> impl Iterator<Item = usize> {
        (0..RESULT_ROWS.len()).filter(move |&i| RESULT_ROWS[i].outcome() == self)
    }
}

impl ResultRowDef {
    /// Which of （一）–（六） the row belongs to, from its YAML group and key.
    pub fn outcome(&self) -> Outcome {
        match (self.group, self.key) {
            ("", "disclosed") => Outcome::Disclosed,
            ("", "partially_disclosed") => Outcome::PartiallyDisclosed,
            ("withheld", _) => Outcome::Withheld,
            ("unable_to_provide", _) => Outcome::Unable,
            ("not_processed", _) => Outcome::NotProcessed,
            _ => Outcome::Other,
        }
    }
}

// Key figures: the few numbers agency, year and report pages show side by side.
pub const KEY_RECEIVED: Label = l("新收政府信息公开申请", "新收政府信息公開申請");
pub const KEY_RECEIVED_SHORT: Label = l("新收申请", "新收申請");
pub const KEY_DISCLOSED: Label = l("予以公开", "予以公開");
pub const KEY_RESULTS_TOTAL: Label = l("办理结果总计", "辦理結果總計");
pub const KEY_OUTCOMES: Label = l("申请办理结果", "申請辦理結果");

/// The national format's name, as the report page's metadata shows it.
pub fn format_label(format: super::Format) -> Label {
    match format {
        super::Format::F2021 => l(
            "2021年版（国办公开办函〔2021〕30号）",
            "2021年版（國辦公開辦函〔2021〕30號）",
        ),
        super::Format::F2019 => l(
            "2019年版（国办公开办函〔2019〕60号）",
            "2019年版（國辦公開辦函〔2019〕60號）",
        ),
    }
}

/// The document that set a format.
pub fn format_document(format: super::Format) -> Label {
    match format {
        super::Format::F2021 => l("国办公开办函〔2021〕30号", "國辦公開辦函〔2021〕30號"),
        super::Format::F2019 => l("国办公开办函〔2019〕60号", "國辦公開辦函〔2019〕60號"),
    }
}

// Column names of the downloads.
pub const AMOUNT_WAN: Label = l("金额（万元）", "金額（萬元）");
pub const AMOUNT_YUAN: Label = l("金额（元）", "金額（元）");
pub const PROCUREMENT_AMOUNT_WAN: Label = l("采购总金额（万元）", "採購總金額（萬元）");
pub const PROCUREMENT_AMOUNT_YUAN: Label = l("采购总金额（元）", "採購總金額（元）");
/// The workbook's leading columns: agency code, agency, year, row.
pub const WORKBOOK_LEADING: [Label; 4] = [
    l("机构代码", "機構代碼"),
    l("机构", "機構"),
    l("年度", "年度"),
    l("行", "行"),
];

/// Every label of this table, for tests that look for wording a page must not show.
pub fn all() -> Vec<Label> {
    let mut all: Vec<Label> = PARTS.iter().map(|p| p.1).collect();
    all.extend([
        ART20_1,
        ART20_5,
        ART20_6,
        ART20_8,
        ART20_9,
        INFO_CONTENT,
        REGULATIONS,
        NORMATIVE_2021,
        NORMATIVE_2019,
        LICENSING,
        OTHER_SERVICES,
        PUNISHMENT,
        COERCION,
        FEES,
        PROCUREMENT,
        ISSUED,
        REPEALED,
        IN_FORCE,
        DECISIONS_2021,
        FEE_AMOUNT_2021,
        MADE,
        PUBLISHED,
        TOTAL_PUBLISHED,
        PREVIOUS,
        CHANGE,
        DECISIONS_2019,
        PROJECTS,
        PROCUREMENT_AMOUNT,
        APPLICANTS,
        LEGAL_PERSONS,
        TOTAL,
        BALANCE_NOTE,
        RECEIVED,
        CARRIED_OVER,
        RESULTS,
        RESULTS_TOTAL,
        CARRIED_FORWARD,
        WITHHELD,
        UNABLE,
        NOT_PROCESSED,
        OTHER,
        REVIEW,
        LITIGATION,
        LITIGATION_DIRECT,
        LITIGATION_AFTER_REVIEW,
        KEY_RECEIVED,
        KEY_RECEIVED_SHORT,
        KEY_DISCLOSED,
        KEY_RESULTS_TOTAL,
        KEY_OUTCOMES,
        AMOUNT_WAN,
        AMOUNT_YUAN,
        PROCUREMENT_AMOUNT_WAN,
        PROCUREMENT_AMOUNT_YUAN,
        BLANK_LEGEND,
        SUM_BLANK_CELL,
        SUM_BLANK_LEGEND,
        COMPUTED_CELL,
        COMPUTED_LEGEND,
        SCROLL_HINT,
    ]);
    all.extend(APPLICANT_COLUMNS);
    all.extend(CASE_COLUMNS);
    all.extend(WORKBOOK_LEADING);
    all.extend(RESULT_ROWS.iter().map(|r| r.label));
    all.extend(Outcome::ALL.iter().map(|o| o.short()));
    for f in [super::Format::F2019, super::Format::F2021] {
        all.push(format_label(f));
        all.push(format_document(f));
    }
    all
}

// ---------------------------------------------------------------------------------------------
// Import: the wording real published reports use for the official rows, matched by
// `crate::import::place` after normalisation (full-width to half-width, whitespace removed,
// traditional characters mapped to simplified). Keywords are what a row's label must contain:
// real reports abbreviate (规范性文件 for 行政规范性文件), wrap (本年新\n制作数量) and misnumber
// their labels, so whole-label equality would miss them.

/// Row keywords of 二、主动公开政府信息情况: the YAML key and the words any of which names it.
pub const IMPORT_PROACTIVE_ROWS: [(&str, &[&str]); 8] = [
    ("normative_documents", &["规范性文件"]),
    ("regulations", &["规章"]),
    ("licensing", &["行政许可"]),
    ("other_services", &["其他对外管理服务", "对外管理服务事项"]),
    ("punishment", &["行政处罚"]),
    ("coercion", &["行政强制"]),
    ("fees", &["行政事业性收费", "事业性收费"]),
    ("procurement", &["政府集中采购", "集中采购"]),
];

/// Keywords of the rows of 三、本年度办理结果, parallel to [`RESULT_ROWS`].
pub const IMPORT_RESULT_KEYWORDS: [&[&str]; 22] = [
    &["予以公开"],
    &["部分公开"],
    &["国家秘密"],
    &["禁止公开", "法律行政法规禁止", "法律法规禁止"],
    &["三安全一稳定", "危及"],
    &["第三方合法权益", "第三方"],
    &["内部事务"],
    &["过程性信息", "过程性"],
    &["执法案卷"],
    &["行政查询"],
    &["不掌握"],
    &["另行制作", "没有现成"],
    &["补正后申请", "仍不明确"],
    &["信访举报", "举报投诉"],
    &["重复申请"],
    &["出版物"],
    &["大量反复"],
    &["重新出具", "确认或重新"],
    &["其他处理"],
    &["逾期不补正"],
    &["缴纳费用", "未按收费通知"],
    &["3.其他"],
];

/// Keywords of the applications rows outside 三、本年度办理结果.
pub const IMPORT_RECEIVED: &[&str] = &["本年新收"];
pub const IMPORT_CARRIED_OVER: &[&str] = &["上年结转"];
pub const IMPORT_CARRIED_FORWARD: &[&str] = &["结转下年度", "结转下一年度"];
pub const IMPORT_RESULTS_TOTAL: &[&str] = &["(七)总计", "七)总计", "(七)合计"];
/// Group labels of the applications table, by the YAML group key ("" for 三、本年度办理结果).
pub const IMPORT_GROUPS: [(&str, &[&str]); 5] = [
    ("", &["本年度办理结果"]),
    ("withheld", &["(三)不予公开"]),
    ("unable_to_provide", &["(四)无法提供"]),
    ("not_processed", &["(五)不予处理"]),
    ("other", &["(六)其他处理"]),
];

/// Header words of 四、政府信息公开行政复议、行政诉讼情况 (also as wrapped fragments).
pub const IMPORT_CASE_HEADERS: &[&str] = &[
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "未经复议直接起诉",
    "复议后起诉",
    "总计",
    "结果",
    "维持",
    "纠正",
    "其他",
    "尚未",
    "审结",
];

/// Column heads only the 2019 format has (国办公开办函〔2019〕60号).
pub const IMPORT_MARKS_2019: &[&str] = &[
    "制作数量",
    "新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "其他对外管理服务",
    "政府集中采购",
    "采购项目数量",
];
/// Column heads only the 2021 format has (国办公开办函〔2021〕30号).
pub const IMPORT_MARKS_2021: &[&str] = &[
    "制发件数",
    "废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额",
    "逾期不补正",
    "缴纳费用",
];
/// Wording of the statistics tables used before the 2019 format (reports on 2018 and before).
pub const IMPORT_MARKS_PRE_2019: &[&str] = &[
    "政府信息公开情况统计表",
    "主动公开政府信息数",
    "收到政府信息公开申请数",
    "网上公开政府信息数",
    "政府公报公开政府信息数",
    "对政府信息公开事务的行政复议",
];

/// Page chrome: navigation, print and share widgets, footers. A short line holding one of
/// these is not part of the report.
pub const IMPORT_CHROME: &[&str] = &[
    "当前位置",
    "您的位置",
    "您现在的位置",
    "打印本页",
    "关闭窗口",
    "字号",
    "【大】",
    "【打印】",
    "【关闭】",
    "分享到",
    "扫一扫",
    "返回顶部",
    "网站标识码",
    "ICP备",
    "公网安备",
    "版权所有",
    "点击数",
    "浏览次数",
    "访问量",
];

/// Widget words that are chrome only on a line of their own (a heading may say 关闭 too).
pub const IMPORT_CHROME_WEAK: &[&str] = &[
    "收藏",
    "打印",
    "关闭",
    "上一篇",
    "下一篇",
    "相关链接",
    "网站地图",
    "主办单位",
    "文件下载",
];

/// Page metadata lines of government CMSs (信息公开目录 headers), dropped from the narrative.
pub const IMPORT_META_WORDS: &[&str] = &[
    "索引号",
    "生成日期",
    "公开日期",
    "发布日期",
    "发布时间",
    "发布机构",
    "公开形式",
    "公开方式",
    "公开范围",
    "公开时限",
    "有效期",
    "主题(一级)",
    "主题分类",
    "效力状况",
    "文件编号",
    "发文字号",
    "体裁",
    "作者",
    "来源",
    "时间:",
    "内容概述",
    "文件下载",
];

/// Traditional characters seen in reports (converter sites turn whole pages traditional) and
/// not in the official labels above, with their simplified forms: enough to recognise titles,
/// dates and metadata. Labels' own characters are mapped from [`Label::trad`].
pub const IMPORT_TRAD_EXTRA: &[(char, char)] = &[
    ('報', '报'),
    ('時', '时'),
    ('間', '间'),
    ('發', '发'),
    ('佈', '布'),
    ('區', '区'),
    ('號', '号'),
    ('來', '来'),
    ('點', '点'),
    ('擊', '击'),
    ('頁', '页'),
    ('閉', '闭'),
    ('當', '当'),
    ('韓', '韩'),
    ('經', '经'),
    ('濟', '济'),
    ('術', '术'),
    ('開', '开'),
    ('員', '员'),
    ('會', '会'),
    ('辦', '办'),
    ('廳', '厅'),
    ('級', '级'),
    ('縣', '县'),
    ('鎮', '镇'),
    ('鄉', '乡'),
    ('門', '门'),
    ('長', '长'),
    ('興', '兴'),
    ('島', '岛'),
    ('連', '连'),
    ('年', '年'),
    ('統', '统'),
    ('計', '计'),
    ('總', '总'),
    ('體', '体'),
    ('況', '况'),
    ('動', '动'),
    ('處', '处'),
    ('覆', '复'),
    ('複', '复'),
    ('內', '内'),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_in_official_order_and_labelled_in_both_scripts() {
        assert_eq!(RESULT_ROWS.len(), 22);
        assert_eq!(RESULT_ROWS[row::OTHER_2019].only, In::Only2019);
        assert_eq!(RESULT_ROWS[row::DISCLOSED].key, "disclosed");
        for i in row::OTHER_2021 {
            assert_eq!(RESULT_ROWS[i].group, "other");
        }
        assert_eq!(RESULT_ROWS[row::OTHER_2021_OTHER].key, "other");
        let sizes: Vec<usize> = Outcome::ALL.iter().map(|o| o.rows().count()).collect();
        assert_eq!(sizes, [1, 1, 8, 3, 5, 4]);
        for row in RESULT_ROWS {
            assert!(!row.label.simp.is_empty() && !row.label.trad.is_empty());
        }
        assert_eq!(
            PARTS[4].1.get(Script::Traditional),
            "存在的主要問題及改進情況"
        );
    }
}
