//! The downloads: a report's figures for its `data.json`/`data.csv`, and `/data/` with the
//! whole portal (tidy CSV and JSON, each also gzip-compressed, XLSX, codes, data package).

use std::io::Write;

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
    let script = site.config.script;
    data::ReportData::new(
        r.agency.clone(),
        site.agency(&r.agency)
            .and_then(|a| a.name.as_ref())
            .map_or(r.agency.clone(), |n| n.value.clone()),
        r.the_year().unwrap_or_default(),
        r.format.number(),
        r.published.as_ref().map(|d| d.value.to_string()),
        (&data::figures(r, script), script),
    )
}

/// What `/data/` holds for these reports (the download page lists it).
pub fn plan(all: &[&data::ReportData], script: Script) -> data::Downloads {
    data::Downloads::plan(all, script)
}

/// gzip level of the `.gz` downloads. At 10,000 reports the tidy CSV (131 MB) becomes
/// 10.2 MB in 0.5 s at level 2, against 7.7 MB in 3 s at the usual 6 (zlib-rs, measured):
/// the build's time matters more than 2.5 MB.
const GZ_LEVEL: u32 = 2;

/// Write `rel` gzip-compressed through `fill`. The header carries no time or name, so the
/// same bytes go in and come out on every build.
fn gzip(
    out: &dyn Output,
    rel: &str,
    fill: &(dyn Fn(&mut dyn Write) -> std::io::Result<()> + Sync),
) -> Result<(), BuildError> {
    out.stream(rel, &mut |w| {
        let mut gz = flate2::write::GzEncoder::new(w, flate2::Compression::new(GZ_LEVEL));
        fill(&mut gz)?;
        gz.finish().map(|_| ())
    })
    .map_err(BuildError::from)
}

/// `/data/`: the whole portal as tidy CSV and JSON (gzip-compressed, and plain while under
/// about 50 MB), XLSX, codes and a data package.
pub fn downloads(
    out: &dyn Output,
    title: &str,
    script: Script,
    all: &[&data::ReportData],
) -> Result<(), BuildError> {
    let plan = plan(all, script);
    let csv = |w: &mut dyn Write| data::write_portal_csv(all, w);
    let json = |w: &mut dyn Write| data::write_portal_json(all, w);
    // The big files are independent: write them side by side, streaming.
    let (csv, (xlsx, json)) = rayon::join(
        || -> Result<(), BuildError> {
            if plan.plain_csv {
                out.stream("data/nianbao.csv", &mut |w| csv(w))?;
            }
            gzip(out, "data/nianbao.csv.gz", &csv)
        },
        || {
            rayon::join(
                || -> Result<(), BuildError> {
                    let mut failed = None;
                    let written = out.stream("data/nianbao.xlsx", &mut |w| {
                        data::write_xlsx(all, script, &plan.sheets, w).map_err(|e| {
                            let io = std::io::Error::other(e.to_string());
                            failed = Some(e);
                            io
                        })
                    });
                    match (written, failed) {
                        (_, Some(e)) => Err(OutputError::Download {
                            file: "XLSX",
                            source: Box::new(e),
                        }
                        .into()),
                        (r, None) => r.map_err(BuildError::from),
                    }
                },
                || -> Result<(), BuildError> {
                    if plan.plain_json {
                        out.stream("data/nianbao.json", &mut |w| json(w))?;
                    }
                    gzip(out, "data/nianbao.json.gz", &json)
                },
            )
        },
    );
    csv?;
    json?;
    xlsx?;
    file(out, "data/codes.csv", &data::codes_csv(all))?;
    let package = serde_json::to_vec_pretty(&plan.datapackage(title, script)).unwrap_or_default();
    file(out, "data/datapackage.json", &package)?;
    Ok(())
}
