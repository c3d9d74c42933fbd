//! P001 and P003: plausibility of the 2019 format's 主动公开 table.

use super::Out;
use crate::diagnostics::Rule;
use crate::model::labels as lb;
use crate::model::{Proactive, Report};

pub fn check(r: &Report, out: &mut Out) {
    let Proactive::F2019(p) = &r.proactive else {
        return;
    };
    for (label, d) in [
        (lb::REGULATIONS, &p.regulations),
        (lb::NORMATIVE_2019, &p.normative_documents),
    ] {
        if let (Some(made), Some(published)) = (&d.made, &d.published)
            && published.value > made.value
        {
            out.push(
                out.at(
                    Rule::P001,
                    published.span,
                    format!(
                        "“{}”的{} {} 大于{} {}",
                        label.simp,
                        lb::PUBLISHED.simp,
                        published.value,
                        lb::MADE.simp,
                        made.value
                    ),
                )
                .label("新公开多于新制作"),
            );
        }
        if let (Some(published), Some(total)) = (&d.published, &d.total)
            && total.value < published.value
        {
            out.push(
                out.at(
                    Rule::P001,
                    total.span,
                    format!(
                        "“{}”的{} {} 小于{} {}",
                        label.simp,
                        lb::TOTAL_PUBLISHED.simp,
                        total.value,
                        lb::PUBLISHED.simp,
                        published.value
                    ),
                )
                .label("总数少于本年新公开"),
            );
        }
    }
    if let Some(amount) = &p.procurement.amount
        && p.procurement.unit.is_none()
        && !amount.value.is_zero()
    {
        out.push(
            out.at(
                Rule::P003,
                amount.span,
                format!(
                    "“{}”的{} {} 没有注明单位，将按万元处理",
                    lb::PROCUREMENT.simp,
                    lb::PROCUREMENT_AMOUNT.simp,
                    amount.value
                ),
            )
            .help("加上 unit: 万元 或 unit: 元，与原表一致"),
        );
    }
}
