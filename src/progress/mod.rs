//! Learner progress: the completion export the browser writes (`progress.js` and
//! `progress-tools.js` in the default theme) and `zhiyin report`, which turns many learners'
//! exports into a cohort report. The format is documented in docs/progress.md.

pub mod canonical;
pub mod csv;
pub mod export;
mod html;
pub mod report;
pub mod time;

pub use export::{parse_export, Export, ExportError, FORMAT, VERSION};
pub use report::{report, run_cli, ReportOptions, ReportSummary};
