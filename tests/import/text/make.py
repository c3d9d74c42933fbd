#!/usr/bin/env python3
"""Writes the synthetic text fixtures of tests/import.rs: one report in each layout import
reads, and adversarial variants. Run from this folder; the outputs are committed."""

PRO = [
    ["第二十条第（一）项"],
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "1", "0", "5"],
    ["行政规范性文件", "2", "1", "7"],
    ["第二十条第（五）项"],
    ["信息内容", "本年处理决定数量"],
    ["行政许可", "80"],
    ["第二十条第（六）项"],
    ["信息内容", "本年处理决定数量"],
    ["行政处罚", "9"],
    ["行政强制", "0"],
    ["第二十条第（八）项"],
    ["信息内容", "本年收费金额（单位：万元）"],
    ["行政事业性收费", "1.5"],
]
Z = ["0"] * 7
APP = [
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
    ["自然人", "法人或其他组织", "总计"],
    ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
    ["一、本年新收政府信息公开申请数量", "3", "1", "0", "0", "0", "0", "4"],
    ["二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"],
    ["三、本年度办理结果", "（一）予以公开", "2", "1", "0", "0", "0", "0", "3"],
    ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] + Z,
    ["（三）不予公开", "1.属于国家秘密"] + Z,
    ["2.其他法律行政法规禁止公开"] + Z,
    ["3.危及“三安全一稳定”"] + Z,
    ["4.保护第三方合法权益"] + Z,
    ["5.属于三类内部事务信息"] + Z,
    ["6.属于四类过程性信息"] + Z,
    ["7.属于行政执法案卷"] + Z,
    ["8.属于行政查询事项"] + Z,
    ["（四）无法提供", "1.本机关不掌握相关政府信息", "1", "0", "0", "0", "0", "0", "1"],
    ["2.没有现成信息需要另行制作"] + Z,
    ["3.补正后申请内容仍不明确"] + Z,
    ["（五）不予处理", "1.信访举报投诉类申请"] + Z,
    ["2.重复申请"] + Z,
    ["3.要求提供公开出版物"] + Z,
    ["4.无正当理由大量反复申请"] + Z,
    ["5.要求行政机关确认或重新出具已获取信息"] + Z,
    ["（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"] + Z,
    ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"] + Z,
    ["3.其他"] + Z,
    ["（七）总计", "3", "1", "0", "0", "0", "0", "4"],
    ["四、结转下年度继续办理", "1", "0", "0", "0", "0", "0", "1"],
]
CASES = [
    ["行政复议", "行政诉讼"],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
    ["0", "0", "0", "0", "0", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"],
]

HEAD = """某某市某某局2023年政府信息公开工作年度报告

一、总体情况
2023年，某某市某某局认真贯彻《中华人民共和国政府信息公开条例》，本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。
（一）主动公开情况。全年主动公开政府信息120条。
二、主动公开政府信息情况
"""
MID3 = "三、收到和处理政府信息公开申请情况\n"
MID4 = "四、政府信息公开行政复议、行政诉讼情况\n"
TAIL = """五、存在的主要问题及改进情况
一是公开的及时性有待提高。下一步将加强培训。
六、其他需要报告的事项
本年度未收取信息处理费。

某某市某某局
2024年1月20日
"""


def report(render, pro=PRO, app=APP, cases=CASES, head=HEAD, tail=TAIL):
    return head + render(pro) + MID3 + render(app) + MID4 + render(cases) + tail


def tabs(rows):
    return "".join("\t".join(r) + "\n" for r in rows)


def cell_per_line(rows):
    return "".join(c + "\n\n" for r in rows for c in r)


def markdown(rows):
    width = max(len(r) for r in rows)
    out = []
    for i, r in enumerate(rows):
        out.append("| " + " | ".join(r + [""] * (width - len(r))) + " |")
        if i == 0:
            out.append("|" + "---|" * width)
    return "\n".join(out) + "\n"


def layout(rows):
    """pdftotext -layout: columns aligned with spaces, long labels wrapped, a page break."""
    out = []
    for i, r in enumerate(rows):
        label, rest = r[0], r[1:]
        if rest and label.startswith("（二）部分公开"):
            out.append("    （二）部分公开（区分处理      " + "    ".join(rest))
            out.append("    的，只计这一情形，不计其他情形）")
            continue
        if label.startswith("三、本年度办理结果"):
            # A vertical row header: one character per line at the left margin.
            out.append("三")
            out.append("、")
            out.append("    " + "      ".join(rest))
            continue
        if label.startswith("1.申请人无正当理由"):
            out.append("  1.申请人无正当理由逾期不补正、行政机关" )
            out.append("  不再处理其政府信息公开申请        " + "    ".join(rest[0:] if False else r[2:] if r[0].startswith("（六）") else rest))
            continue
        out.append("    " + "      ".join(r))
        if label.startswith("8.属于行政查询事项"):
            out.append("")
            out.append("                              - 2 -")
            out.append("\f")
    return "\n".join(out) + "\n"


def ocr(rows):
    """OCR output: every row its own little table; one label misread."""
    out = []
    for r in rows:
        r = [c.replace("行政许可", "行政许巧") for c in r]
        out.append("| " + " | ".join(r) + " |")
        out.append("")
    return "\n".join(out) + "\n"


def write(name, text):
    with open(name, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    write("tabs.txt", report(tabs))
    write("cell_per_line.txt", report(cell_per_line))
    write("markdown.txt", report(markdown))
    write("ocr.txt", report(ocr))

    # pdftotext -layout: the 六 group label is on its own line above its first row.
    app_layout = []
    for r in APP:
        if r[0] == "（六）其他处理":
            app_layout.append(["（六）其他处理"])
            app_layout.append(r[1:])
        else:
            app_layout.append(r)
    write("layout.txt", report(layout, app=app_layout))

    # One cell per line marked by a leading tab, rows separated by blank lines; the 不予公开
    # rows have only their 总计 filled in (six blank cells).
    def tab_per_line(rows):
        return "".join("".join("\t" + c + "\n" for c in r) + "\n" for r in rows)
    app_blank = [r if not r[0].startswith(("（三）", "2.其他法律")) else r[:-7] + [""] * 6 + ["0"] for r in APP]
    write("tab_per_line_blanks.txt", report(tab_per_line, app=app_blank))

    # Traditional characters with pinyin glosses, as converter sites serve them.
    TRAD = {"规": "規(guī)", "报": "報(bào)", "处": "處(chǔ)", "计": "計(jì)", "请": "請(qǐng)", "结": "結(jié)", "转": "轉(zhuǎn)",
            "开": "開", "发": "發", "务": "務", "总": "總", "况": "況", "动": "動", "数": "數", "项": "項",
            "许": "許", "罚": "罰", "强": "強", "费": "費", "单": "單", "万": "萬", "问": "問", "题": "題",
            "进": "進", "还": "還", "机": "機", "关": "關", "资": "資", "审": "審", "议": "議", "诉": "訴",
            "讼": "訟", "纠": "糾", "维": "維", "经": "經", "复": "復", "确": "確", "认": "認", "获": "獲",
            "护": "護", "权": "權", "类": "類", "内": "內", "过": "過", "执": "執", "询": "詢", "补": "補",
            "访": "訪", "举": "舉", "投": "投", "仅": "僅", "缴": "繳", "纳": "納", "业": "業", "构": "構",
            "织": "織", "组": "組", "会": "會", "门": "門", "条": "條", "这": "這", "区": "區(qū)",
            "长": "長(zhǎng)", "兴": "興", "岛": "島", "连": "連", "时": "時(shí)", "间": "間"}
    def trad(text):
        return "".join(TRAD.get(c, c) for c in text)
    write("traditional_pinyin.txt", trad(report(cell_per_line)).replace("某某市某某局", "大连长兴岛某某局"))

    # Digit runs: figures run into their labels. 行政规范性文件217 splits one way (three one-digit
    # cells), 一、本年新收…270000027 one way under its row's total, 予以公开000011011 two ways
    # (null), 规章898989 ten ways (null).
    def runs_rows(rows):
        out = []
        for r in rows:
            if r[0] == "行政规范性文件":
                r = ["行政规范性文件217"]
            elif r[0] == "规章":
                r = ["规章898989"]
            elif r[0].startswith("一、本年新收"):
                r = [r[0] + "270000027"]
            elif r[0].startswith("三、本年度办理结果"):
                r = [r[0], r[1] + "000011011"]
            elif r[0] == "（七）总计":
                r = ["（七）总计", "27", "0", "0", "0", "1", "0", "28"]
            out.append(r)
        return out
    write("digit_runs.txt", report(lambda rows: tabs(runs_rows(rows))))

    # The tables in another order (复议诉讼 first, then 申请, then 主动公开), under headings
    # that do not match them: rows are found by their labels.
    write("swapped.txt", HEAD + tabs(CASES) + MID3 + tabs(APP) + MID4 + tabs(PRO) + TAIL)

    # Two reports on one page (a CMS list page saved whole): refused.
    write("two_reports.txt", report(tabs) + "\n" + report(tabs).replace("2023", "2022").replace("2024年", "2023年"))

    # A table with a missing row, and a row whose cells shifted (one dropped).
    write("missing_row.txt", report(tabs, app=[r for r in APP if r[0] != "2.重复申请"]))
    write("shifted.txt", report(tabs, app=[r if not r[0].startswith("二、上年结转") else r[:4] + r[5:] for r in APP]))

    # The 2019 format's tables in a report on 2023.
    PRO19 = [
        ["第二十条第（一）项"],
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "0", "0", "3"],
        ["规范性文件", "2", "2", "9"],
        ["第二十条第（五）项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", "12", "-1", "80"],
        ["其他对外管理服务事项", "3", "0", "5"],
        ["第二十条第（六）项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政处罚", "4", "1", "9"],
        ["行政强制", "0", "0", "0"],
        ["第二十条第（八）项"],
        ["信息内容", "上一年项目数量", "本年增/减"],
        ["行政事业性收费", "1", "0"],
        ["第二十条第（九）项"],
        ["信息内容", "采购项目数量", "采购总金额"],
        ["政府集中采购", "2", "35.6万元"],
    ]
    APP19 = [r for r in APP if not r[0].startswith(("2.申请人逾期", "3.其他"))]
    APP19 = [["（六）其他处理"] + Z if r[0] == "（六）其他处理" else r for r in APP19]
    write("format2019_in_2023.txt", report(tabs, pro=PRO19, app=APP19))

    # A report on 2018 with the old 统计表: refused.
    write("pre2019.txt", """某某市某某局2018年政府信息公开工作年度报告
一、概述
二、主动公开政府信息情况
某某市某某局2018年政府信息公开情况统计表
统计指标\t单位\t统计数
一、主动公开情况\t\t
（一）主动公开政府信息数\t条\t120
二、回应解读情况\t\t
三、依申请公开情况\t\t
（一）收到申请数\t件\t4
""")
    write("empty.txt", "")


if __name__ == "__main__":
    main()
