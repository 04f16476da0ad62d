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
#![warn(missing_docs)]

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod edit;
pub mod html;
pub mod markdown;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod theme;
