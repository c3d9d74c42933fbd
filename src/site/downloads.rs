//! The downloads: a report's figures for its `data.json`/`data.csv`, and `/data/` with the
//! whole portal (tidy CSV plain and for Excel, XLSX, JSON, codes, data package).

use super::BuildError;
use super::error::OutputError;
use super::output::Output;
use super::pages::file;
use crate::content::Site;
use crate::model::Report;
use crate::model::labels::Script;
use crate::render::data;

/// A report's figures with what identifies them.
pub fn report_data(site: &Site, r: &Report) -> data::ReportData {
    data::ReportData::new(
        r.agency.clone(),
        site.agency(&r.agency)
            .and_then(|a| a.name.as_ref())
            .map_or(r.agency.clone(), |n| n.value.clone()),
        r.the_year().unwrap_or_default(),
        r.format.number(),
        r.published.as_ref().map(|d| d.value.to_string()),
        &data::figures(r, site.config.script),
    )
}

/// `/data/`: the whole portal as tidy CSV (plain and for Excel), JSON, XLSX and a data package.
pub fn downloads(
    out: &dyn Output,
    title: &str,
    script: Script,
    all: &[&data::ReportData],
) -> Result<(), BuildError> {
    // The big files are independent: write them side by side, streaming.
    let (csv, (xlsx, json)) = rayon::join(
        || -> Result<(), BuildError> {
            out.stream("data/nianbao.csv", &mut |w| data::write_portal_csv(all, w))?;
            // The Excel variant: a UTF-8 BOM, then the same bytes.
            out.copy_with_prefix(
                "data/nianbao.csv",
                "data/nianbao-excel.csv",
                b"\xEF\xBB\xBF",
            )
            .map_err(BuildError::from)
        },
        || {
            rayon::join(
                || -> Result<(), BuildError> {
                    let bytes = data::xlsx(all, script).map_err(|e| OutputError::Download {
                        file: "XLSX",
                        source: Box::new(e),
                    })?;
                    file(out, "data/nianbao.xlsx", &bytes)
                },
                || -> Result<(), BuildError> {
                    out.stream("data/nianbao.json", &mut |w| {
                        data::write_portal_json(all, w)
                    })
                    .map_err(BuildError::from)
                },
            )
        },
    );
    csv?;
    json?;
    xlsx?;
    file(out, "data/codes.csv", &data::codes_csv(all))?;
    let package = serde_json::to_vec_pretty(&data::datapackage(title, script)).unwrap_or_default();
    file(out, "data/datapackage.json", &package)?;
    Ok(())
}
