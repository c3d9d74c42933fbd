//! The portal-wide 汇总: the official tables summed over every agency that reported in a year.
//! A cell is summed only where every report knows it; otherwise it is left blank, never guessed.

use super::*;

/// The tables of one year, summed.
pub struct Totals {
    pub format: Format,
    pub proactive: Proactive,
    pub applications: Applications,
    pub review: CaseRow,
    pub litigation_direct: CaseRow,
    pub litigation_after_review: CaseRow,
    /// Reports summed.
    pub reports: usize,
    /// Reports of that year in the other format: their 主动公开 table is not summed.
    pub other_format: usize,
}

fn add_count(acc: &mut Count, v: &Count) {
    if let Some(v) = v {
        let sum = acc.as_ref().map_or(0, |a| a.value) + v.value;
        *acc = Some(Spanned::new(sum, Span::default()));
    }
}

fn add_change(acc: &mut Change, v: &Change) {
    if let Some(v) = v {
        let sum = acc.as_ref().map_or(0, |a| a.value) + v.value;
        *acc = Some(Spanned::new(sum, Span::default()));
    }
}

fn add_money(acc: &mut Option<Spanned<Money>>, v: &Option<Spanned<Money>>) {
    if let Some(v) = v {
        let sum = acc.as_ref().map_or(Decimal::ZERO, |a| a.value.0) + v.value.0;
        *acc = Some(Spanned::new(Money(sum), Span::default()));
    }
}

/// Add `r` to the running sum `acc` (which starts as all zeros, in Cells form).
pub fn add_row<const N: usize>(acc: &mut Row<N>, r: &Row<N>) {
    for i in 0..N {
        acc.cells[i] = match (acc.cells[i], r.cell(i)) {
            (Some(a), Some(b)) => Some(a + b),
            _ => None,
        };
    }
    let total = acc.stated_total.as_ref().map(|t| t.value);
    acc.stated_total = match (total, r.total()) {
        (Some(a), Some(b)) => Some(Spanned::new(a + b, Span::default())),
        _ => None,
    };
}

/// A row that sums to zero so far.
pub fn zero_row<const N: usize>() -> Row<N> {
    Row {
        form: RowForm::Cells,
        cells: [Some(0); N],
        stated_total: Some(Spanned::new(0, Span::default())),
        ..Default::default()
    }
}

pub fn sum(reports: &[&Report], format: Format) -> Totals {
    let mut apps = Applications::new(Span::default());
    apps.received = zero_row();
    apps.carried_over = zero_row();
    apps.carried_forward = zero_row();
    for row in &mut apps.results {
        *row = zero_row();
    }
    let mut t = Totals {
        format,
        proactive: match format {
            Format::F2021 => Proactive::F2021(Proactive2021::default()),
            Format::F2019 => Proactive::F2019(Proactive2019::default()),
        },
        applications: apps,
        review: zero_row(),
        litigation_direct: zero_row(),
        litigation_after_review: zero_row(),
        reports: 0,
        other_format: 0,
    };
    for r in reports {
        t.reports += 1;
        let a = &r.applications;
        add_row(&mut t.applications.received, &a.received);
        add_row(&mut t.applications.carried_over, &a.carried_over);
        add_row(&mut t.applications.carried_forward, &a.carried_forward);
        for (i, row) in a.results.iter().enumerate() {
            // （六）其他处理 is one row in 2019 and three in 2021: a report in the other
            // format adds its figures to the row the year's table shows.
            let target = match (i, r.format, format) {
                (labels::row::OTHER_2019, Format::F2019, Format::F2021) => {
                    labels::row::OTHER_2021_OTHER
                }
                (i, Format::F2021, Format::F2019) if labels::row::OTHER_2021.contains(&i) => {
                    labels::row::OTHER_2019
                }
                _ => i,
            };
            add_row(&mut t.applications.results[target], row);
        }
        add_row(&mut t.review, &r.review);
        add_row(&mut t.litigation_direct, &r.litigation_direct);
        add_row(&mut t.litigation_after_review, &r.litigation_after_review);
        match (&mut t.proactive, &r.proactive) {
            (Proactive::F2021(acc), Proactive::F2021(p)) => {
                for (acc, d) in [
                    (&mut acc.regulations, &p.regulations),
                    (&mut acc.normative_documents, &p.normative_documents),
                ] {
                    add_count(&mut acc.issued, &d.issued);
                    add_count(&mut acc.repealed, &d.repealed);
                    add_count(&mut acc.in_force, &d.in_force);
                }
                add_count(&mut acc.licensing, &p.licensing);
                add_count(&mut acc.punishment, &p.punishment);
                add_count(&mut acc.coercion, &p.coercion);
                add_money(&mut acc.fees, &p.fees);
            }
            (Proactive::F2019(acc), Proactive::F2019(p)) => {
                for (acc, d) in [
                    (&mut acc.regulations, &p.regulations),
                    (&mut acc.normative_documents, &p.normative_documents),
                ] {
                    add_count(&mut acc.made, &d.made);
                    add_count(&mut acc.published, &d.published);
                    add_count(&mut acc.total, &d.total);
                }
                for (acc, i) in [
                    (&mut acc.licensing, &p.licensing),
                    (&mut acc.other_services, &p.other_services),
                    (&mut acc.punishment, &p.punishment),
                    (&mut acc.coercion, &p.coercion),
                    (&mut acc.fees, &p.fees),
                ] {
                    add_count(&mut acc.previous, &i.previous);
                    add_change(&mut acc.change, &i.change);
                    add_count(&mut acc.decisions, &i.decisions);
                }
                add_count(&mut acc.procurement.projects, &p.procurement.projects);
                // Amounts in 元 are converted to 万元 before they are added.
                let amount = p.procurement.amount.as_ref().map(|a| {
                    let wan = match p.procurement.unit.as_ref().map(|u| u.value) {
                        Some(MoneyUnit::Yuan) => Money(a.value.0 / Decimal::from(10_000)),
                        _ => a.value,
                    };
                    Spanned::new(wan, Span::default())
                });
                add_money(&mut acc.procurement.amount, &amount);
            }
            _ => t.other_format += 1,
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_total_keeps_the_sum_of_its_column_unknown() {
        let mut acc: AppRow = zero_row();
        let full = AppRow {
            form: RowForm::Cells,
            cells: [Some(2), Some(1), None, Some(0), Some(0), Some(0)],
            ..Default::default()
        };
        let bare = AppRow {
            form: RowForm::TotalOnly,
            stated_total: Some(Spanned::new(5, Span::default())),
            ..Default::default()
        };
        add_row(&mut acc, &full);
        assert_eq!(acc.cells[0], Some(2));
        assert_eq!(acc.cells[2], Some(0));
        add_row(&mut acc, &bare);
        assert_eq!(acc.cells[0], None);
        assert_eq!(acc.stated_total.map(|t| t.value), Some(8));
    }
}
