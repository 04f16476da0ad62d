//! `gloss import SOURCE DEST [--in-place]`: reads a Jekyll, Hugo, Zola, Eleventy or
//! Pelican site and writes a gloss site that builds the same posts at the same URLs
//! (see `gloss::import`). Prints what was carried and what was not; the same report is
//! written as `DEST/IMPORT.md`.

use std::path::PathBuf;

use clap::Args;

use super::{Failed, Printer};
use crate::import::{self, Posts};

/// `gloss import SOURCE DEST [--in-place]`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The old site's folder (never written to).
    pub source: PathBuf,
    /// The folder for the new gloss site (created; must be missing or empty).
    pub dest: PathBuf,
    /// Read the posts where they are, in the old site's content folder, instead of
    /// copying them (gloss.toml's `content_dir` points at it).
    #[arg(long)]
    pub in_place: bool,
}

impl ImportArgs {
    /// Reads the old site and writes the new one; `Err(Failed)` when SOURCE is not a
    /// site, DEST is not empty, or a file cannot be read or written.
    pub fn run(&self, printer: &Printer) -> Result<(), Failed> {
        let found = import::read(&self.source).map_err(|d| printer.fail(&d))?;
        let posts = if self.in_place {
            Posts::InPlace
        } else {
            Posts::Copy
        };
        let written =
            import::write(&found, &self.source, &self.dest, posts).map_err(|d| printer.fail(&d))?;
        let how = if self.in_place {
            "read in place"
        } else {
            "copied"
        };
        let redirects = match written.redirects {
            0 => String::new(),
            n => format!(", {n} old URLs redirected ([redirects] in gloss.toml)"),
        };
        printer.status(&format!(
            "imported {} site into {}: {} Markdown files {how}, {} other files copied{redirects}",
            found.engine.a_name(),
            self.dest.display(),
            written.posts,
            written.files
        ));
        if let Some(report) = &written.report {
            printer.status(report.trim_end());
        }
        printer.status(&format!(
            "the report is in {}; next: gloss build --root {}",
            self.dest.join(import::REPORT_FILE).display(),
            self.dest.display()
        ));
        Ok(())
    }
}
