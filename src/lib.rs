//! gloss: a static site generator for annotated commentary.
//!
//! The pipeline, one module per stage, each a function over plain values:
//!
//! ```text
//! Config ─► content::load ─► markdown::render (per page, in parallel) ─► site::assemble
//!        (lists, tags, quotes, updates, feeds) ─► render (tera) ─► Output ─► output::write
//! ```
//!
//! `build`, `serve` and `check` share [`site::build`], which returns an in-memory
//! [`output::Output`]; only [`output::write`] touches the output folder.
//!
//! The stages' modules are the library's API (the integration tests, benchmarks and
//! examples build sites through them); helpers only gloss itself uses (`check`, `edit`,
//! `html`, `theme`, each pass of `markdown`, the assembly steps of `site`, the parts of
//! `serve` and `cli`) are `pub(crate)`, so they can change without breaking anyone.
#![warn(missing_docs)]

pub(crate) mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod data;
pub mod diagnostic;
pub(crate) mod edit;
pub(crate) mod html;
pub mod i18n;
pub mod images;
pub mod import;
pub mod markdown;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub(crate) mod theme;
