//! zhiyin (指引): Markdown in, an offline Chinese study site out.
//!
//! The pipeline, one module per stage, plain data between them:
//! `config` + `content::load` → `content::structure` → `markdown` (per page, in parallel)
//! → `render` (Tera templates) → `search` (index) → `output` (written beside, swapped in).

pub mod build;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod escape;
mod incremental;
pub mod markdown;
pub mod output;
pub mod package;
pub mod progress;
pub mod quiz;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod timing;

pub use build::{build, check, BuildOptions, BuildSummary};
pub use diagnostics::Diagnostic;
