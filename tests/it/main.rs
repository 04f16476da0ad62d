//! gloss's integration tests, one module per area, in one test binary: each binary links
//! the whole crate, so one binary instead of fifteen saves most of the tests' link time.
//!
//! Shared helpers: [`common`] (fixture sites built with the real binary),
//! [`serve_support`] (a running `gloss serve`) and [`browser`] (headless Chromium).

// The helpers' `pub` is for the sibling modules of this binary, not an API.
#![allow(unreachable_pub)]

mod browser;
mod common;
mod serve_support;

mod build;
mod cli;
mod commentary;
mod commentary_forms;
mod commonmark;
mod compat;
mod corpus;
mod demo;
mod errors;
mod errors_doc;
mod everyday;
mod feed_formats;
mod feed_urls;
mod file_pages;
mod identical;
mod images;
mod import;
mod invalid;
mod languages;
mod limits;
mod markdown;
mod other_outputs;
mod permalinks;
mod properties;
mod quotes_index;
mod related;
mod robustness;
mod search;
mod serve;
mod serve_browser;
mod sharing;
mod shortcodes;
mod taxonomies;
mod template_functions;
mod theme;
mod urls_elsewhere;
mod urls_subpath;
