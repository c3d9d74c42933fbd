//! A generator of valid portals for tests and benchmarks: N agencies × Y years of reports of
//! realistic size (about 8 KB), deterministic for given arguments. Every figure adds up, carry
//! over links each year to the one before, and the narrative agrees with the tables, so
//! `nianbao check` must find nothing in it.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use crate::model::Format;
use crate::model::labels::RESULT_ROWS;

/// SplitMix64: tiny, fast, and fixed forever, so a corpus never changes between versions.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const DEPARTMENTS: [&str; 25] = [
    "人民政府办公室",
    "发展和改革局",
    "教育局",
    "科学技术局",
    "工业和信息化局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水务局",
    "农业农村局",
    "商务局",
    "文化广电旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
];

const CATEGORIES: [&str; 4] = ["区政府部门", "街道办事处", "开发区", "乡镇人民政府"];

/// Filler sentences for the narrative: none states a count of applications, a period, or a
/// claim about review outcomes, so the N-rules stay quiet.
const SENTENCES: [&str; 24] = [
    "坚持以公开为常态、不公开为例外，围绕中心工作和群众关切，持续深化决策、执行、管理、服务、结果公开。",
    "健全政府信息公开工作机制，明确分管负责同志和具体承办人员，做到有人管事、有人干事。",
    "严格落实公文类信息公开属性源头认定制度，拟制公文时同步明确公开属性，确保应公开尽公开。",
    "加强政策解读，坚持政策文件与解读材料同步组织、同步审签、同步部署，采用图解、问答等形式提升解读效果。",
    "做好重点领域信息公开，及时发布财政预决算、重大建设项目、公共资源配置和社会公益事业建设等信息。",
    "规范依申请公开办理流程，严格执行登记、审核、办理、答复、归档各环节要求，确保答复依法合规、及时准确。",
    "加强政府网站和政务新媒体建设管理，落实内容保障和安全防护责任，提升平台服务能力。",
    "完善政府信息公开保密审查机制，坚持先审查、后公开，一事一审、全面审查，杜绝失泄密事件。",
    "开展政府信息公开业务培训，组织工作人员学习条例及配套制度，提高依法公开的意识和能力。",
    "主动回应社会关切，对涉及群众切身利益的热点问题及时发布权威信息，加强舆情研判和处置。",
    "推进基层政务公开标准化规范化建设，动态调整公开事项目录，方便群众查阅和监督。",
    "完善政务公开专区功能，提供政策咨询、信息查阅、意见征集等服务，打通服务群众的最后一公里。",
    "把政务公开工作纳入年度绩效考核，定期通报工作进展，对发现的问题限期整改。",
    "加强规范性文件管理，做好文件清理和有效性标识工作，及时公开文件的立改废情况。",
    "通过门户网站集中发布主动公开信息，按照公开目录分类展示，提高信息的可获取性。",
    "组织开展政府开放日活动，邀请人大代表、政协委员和群众代表走进机关，了解工作情况。",
    "建立政府信息公开工作台账，逐月梳理主动公开信息发布情况，确保信息发布及时。",
    "推动政务公开与政务服务深度融合，在办事指南中公开办理依据、条件、流程和时限。",
    "加强对下级单位政务公开工作的指导和监督，定期开展检查评估，推动工作整体提升。",
    "认真办理人大代表建议和政协委员提案，按规定公开办理复文，接受社会监督。",
    "优化政府信息公开指南，及时更新受理机构、联系方式和办理流程，便利群众申请。",
    "坚持问题导向，对照第三方评估指出的问题逐项整改，举一反三完善长效机制。",
    "加强档案管理，规范政府信息公开申请材料的归档和保存，做到资料完整、查阅方便。",
    "拓宽公众参与渠道，重大决策事项通过网站公开征求意见，并反馈意见采纳情况。",
];

#[derive(Clone, Copy, Default)]
struct Carry {
    forward: [u64; 6],
    regs_in_force: Option<u64>,
    norms_in_force: Option<u64>,
    /// 2019 items: (previous, change) for licensing, other_services, punishment, coercion, fees.
    items: Option<[(u64, i64); 5]>,
}

/// Write a portal of `agencies` × `years` reports starting at `start` into `out`, which must
/// not exist or be empty. Returns the number of reports written.
pub fn write(out: &Path, agencies: usize, years: usize, start: i32) -> io::Result<usize> {
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} 已存在且不是空目录", out.display()),
        ));
    }
    fs::create_dir_all(out.join("content"))?;
    fs::write(
        out.join("site.toml"),
        "title = \"生成的测试门户\"\nbase_url = \"https://example.gov.cn/\"\nowner = \"nianbao 测试\"\n",
    )?;
    fs::write(
        out.join("content/_index.md"),
        "本门户由 nianbao corpus 生成，用于测试和性能基准。\n",
    )?;
    let mut count = 0;
    for i in 0..agencies {
        let slug = format!("jg{i:05}");
        let dir = out.join("content").join(&slug);
        fs::create_dir_all(&dir)?;
        let name = format!(
            "示例省第{}市{}",
            i / DEPARTMENTS.len() + 1,
            DEPARTMENTS[i % DEPARTMENTS.len()]
        );
        fs::write(dir.join("_index.md"), agency(i, &name, start))?;
        let mut carry = Carry::default();
        for y in 0..years {
            let year = start + y as i32;
            let mut rng = Rng::new(((i as u64) << 16) ^ year as u64);
            let text = report(&mut rng, &name, year, &mut carry);
            fs::write(dir.join(format!("{year}.md")), text)?;
            count += 1;
        }
    }
    Ok(count)
}

fn credit_code(rng: &mut Rng) -> String {
    const CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u64; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let mut code = String::from("11");
    for _ in 0..15 {
        code.push(*rng.pick(&CHARS[..10]) as char);
    }
    let sum: u64 = code
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| CHARS.iter().position(|&c| c == b).unwrap_or(0) as u64 * w)
        .sum();
    code.push(CHARS[((31 - sum % 31) % 31) as usize] as char);
    code
}

fn agency(i: usize, name: &str, start: i32) -> String {
    let mut rng = Rng::new(i as u64);
    format!(
        "---\nname: {name}\nshort_name: {}\ncategory: {}\nregion: 示例省\ncredit_code: {}\nsince: {start}\n---\n{name}负责本系统政府信息公开工作，本栏目发布其历年政府信息公开工作年度报告。\n",
        DEPARTMENTS[i % DEPARTMENTS.len()],
        rng.pick(&CATEGORIES),
        credit_code(&mut rng)
    )
}

fn row(cells: &[u64; 6]) -> String {
    let total: u64 = cells.iter().sum();
    format!(
        "[{}, {}, {}, {}, {}, {}, {total}]",
        cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]
    )
}

fn report(rng: &mut Rng, name: &str, year: i32, carry: &mut Carry) -> String {
    let format = Format::for_year(year);
    let mut s = String::with_capacity(9 * 1024);
    let day = 5 + rng.below(20);
    let _ = writeln!(
        s,
        "---\nyear: {year}\nformat: {}\npublished: {}-01-{day:02}\nindex_no: 000000000/{}-{:05}",
        format.number(),
        year + 1,
        year + 1,
        rng.below(99_999)
    );

    // 二、主动公开
    s.push_str("proactive:\n");
    match format {
        Format::F2021 => {
            for (key, slot) in [
                ("regulations", &mut carry.regs_in_force),
                ("normative_documents", &mut carry.norms_in_force),
            ] {
                let before = slot.unwrap_or(rng.below(20));
                let issued = rng.below(6);
                let repealed = rng.below(before + issued + 1).min(3);
                let in_force = before + issued - repealed;
                *slot = Some(in_force);
                let _ = writeln!(
                    s,
                    "  {key}: {{issued: {issued}, repealed: {repealed}, in_force: {in_force}}}"
                );
            }
            let _ = writeln!(
                s,
                "  licensing: {}\n  punishment: {}\n  coercion: {}\n  fees: {}.{:02}",
                rng.below(5000),
                rng.below(300),
                rng.below(20),
                rng.below(2000),
                rng.below(100)
            );
            carry.items = None;
        }
        Format::F2019 => {
            for key in ["regulations", "normative_documents"] {
                let made = rng.below(8);
                let published = rng.below(made + 1);
                let total = published + rng.below(30);
                let _ = writeln!(
                    s,
                    "  {key}: {{made: {made}, published: {published}, total: {total}}}"
                );
            }
            let mut items = [(0u64, 0i64); 5];
            for (k, key) in [
                "licensing",
                "other_services",
                "punishment",
                "coercion",
                "fees",
            ]
            .iter()
            .enumerate()
            {
                let previous = match carry.items {
                    Some(prev) => (prev[k].0 as i64 + prev[k].1) as u64,
                    None => rng.below(40),
                };
                let change = rng.below(5) as i64 - 2;
                let change = change.max(-(previous as i64));
                items[k] = (previous, change);
                if *key == "fees" {
                    let _ = writeln!(s, "  {key}: {{previous: {previous}, change: {change}}}");
                } else {
                    let _ = writeln!(
                        s,
                        "  {key}: {{previous: {previous}, change: {change}, decisions: {}}}",
                        rng.below(500)
                    );
                }
            }
            carry.items = Some(items);
            let _ = writeln!(
                s,
                "  procurement: {{projects: {}, amount: {}.{:04}, unit: 万元}}",
                rng.below(30),
                rng.below(5000),
                rng.below(10_000)
            );
            carry.regs_in_force = None;
            carry.norms_in_force = None;
        }
    }

    // 三、申请: per column, what came in is handled or carried forward.
    let received: [u64; 6] = [
        rng.below(40),
        rng.below(8),
        rng.below(2),
        rng.below(2),
        rng.below(3),
        rng.below(2),
    ];
    let over = carry.forward;
    let rows: Vec<usize> = (0..RESULT_ROWS.len())
        .filter(|&i| match format {
            Format::F2019 => i != 19 && i != 20 && i != 21,
            Format::F2021 => i != 18,
        })
        .collect();
    let mut results = vec![[0u64; 6]; RESULT_ROWS.len()];
    let mut forward = [0u64; 6];
    for c in 0..6 {
        let available = received[c] + over[c];
        forward[c] = rng.below(available.min(2) + 1);
        for _ in 0..available - forward[c] {
            // Most applications are disclosed or not held; the rest spread thinly.
            let pick = match rng.below(10) {
                0..=4 => 0,
                5 => 1,
                6 => 10,
                _ => *rng.pick(&rows),
            };
            results[pick][c] += 1;
        }
    }
    let _ = writeln!(
        s,
        "applications:\n  received: {}\n  carried_over: {}\n  results:",
        row(&received),
        row(&over)
    );
    let mut group = "";
    for &i in &rows {
        let def = &RESULT_ROWS[i];
        if def.group != group {
            group = def.group;
            if !group.is_empty() {
                let _ = writeln!(s, "    {group}:");
            }
        }
        let indent = if def.group.is_empty() {
            "    "
        } else {
            "      "
        };
        let _ = writeln!(s, "{indent}{}: {}", def.key, row(&results[i]));
    }
    let mut total = [0u64; 6];
    for r in &results {
        for c in 0..6 {
            total[c] += r[c];
        }
    }
    let _ = writeln!(
        s,
        "    total: {}\n  carried_forward: {}",
        row(&total),
        row(&forward)
    );
    carry.forward = forward;

    // 四、复议诉讼
    let review = [
        rng.below(3),
        rng.below(2) * rng.below(2),
        0,
        rng.below(2) * rng.below(2),
    ];
    let direct = [rng.below(2), 0, 0, 0];
    let _ = writeln!(
        s,
        "review: [{}, {}, {}, {}]\nlitigation:\n  direct: [{}, 0, 0, 0]\n  after_review: [0, 0, 0, 0]\n---\n",
        review[0], review[1], review[2], review[3], direct[0]
    );

    // The narrative.
    let received_total: u64 = received.iter().sum();
    let over_total: u64 = over.iter().sum();
    let _ = writeln!(
        s,
        "本报告根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n"
    );
    let para = |rng: &mut Rng, s: &mut String, n: usize| {
        for _ in 0..n {
            let mut p = String::new();
            for _ in 0..3 {
                p.push_str(rng.pick::<&str>(&SENTENCES));
            }
            let _ = writeln!(s, "{p}\n");
        }
    };
    let _ = writeln!(
        s,
        "## 一、总体情况\n\n{year}年，{name}认真贯彻落实政务公开工作要求，扎实做好政府信息公开各项工作。\n"
    );
    for sub in [
        "（一）主动公开",
        "（二）依申请公开",
        "（三）政府信息管理",
        "（四）平台建设",
        "（五）监督保障",
    ] {
        let _ = writeln!(s, "**{sub}。**{}\n", rng.pick(&SENTENCES));
        para(rng, &mut s, 1);
    }
    let _ = writeln!(
        s,
        "## 二、主动公开政府信息情况\n\n{year}年，本机关通过门户网站主动公开政府信息{}条。\n",
        50 + rng.below(900)
    );
    para(rng, &mut s, 1);
    let _ = writeln!(
        s,
        "## 三、收到和处理政府信息公开申请情况\n\n{year}年，本机关共收到政府信息公开申请{received_total}件，上年结转{over_total}件，结转下年度继续办理{}件。\n",
        forward.iter().sum::<u64>()
    );
    para(rng, &mut s, 1);
    let cases: u64 = review.iter().sum::<u64>() + direct[0];
    let _ = writeln!(
        s,
        "## 四、政府信息公开行政复议、行政诉讼情况\n\n{year}年，本机关发生政府信息公开行政复议、行政诉讼案件共{cases}件。\n"
    );
    para(rng, &mut s, 1);
    para(rng, &mut s, 1);
    let _ = writeln!(
        s,
        "## 五、存在的主要问题及改进情况\n\n一是{}二是{}\n",
        rng.pick(&SENTENCES),
        rng.pick(&SENTENCES)
    );
    para(rng, &mut s, 3);
    let fee = if format == Format::F2021 {
        "本年度未收取信息处理费。"
    } else {
        ""
    };
    let _ = writeln!(
        s,
        "## 六、其他需要报告的事项\n\n{fee}本年度无其他需要报告的事项。"
    );
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_deterministic() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        super::write(&a.path().join("p"), 2, 2, 2020).unwrap();
        super::write(&b.path().join("p"), 2, 2, 2020).unwrap();
        let f = "p/content/jg00001/2021.md";
        assert_eq!(
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap()
        );
    }
}
