//! `gloss check`: builds the site in memory and checks every link, image, asset and
//! `#fragment` (see `crate::check`); `--external` also requests outside links.
//! Content diagnostics are reported in the same run. Nothing is written to disk.

use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Args;

use super::{Failed, Printer, SiteArgs};
use crate::check;
use crate::site::{self, BuildOptions};

/// `gloss check [--external] [--root DIR] [--drafts] [--base-url URL]`
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Which site, and whether with its drafts.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Also request every outside link (concurrently, with timeouts and retries).
    #[arg(long)]
    pub external: bool,
    /// Check the site as built for this base URL instead of the configured one.
    #[arg(long)]
    pub base_url: Option<String>,
}

impl CheckArgs {
    /// Runs the check; `Err(Failed)` when the build fails or any link is broken.
    pub fn run(&self, printer: &Printer) -> Result<(), Failed> {
        let config = self
            .site
            .config(self.base_url.as_deref())
            .map_err(|d| printer.fail(&d))?;
        let options = BuildOptions {
            drafts: self.site.drafts(),
            base_url: None,
            cache: None,
        };
        let built = match site::build(&config, &options) {
            Ok(built) => built,
            Err(diags) => {
                for d in &diags {
                    printer.diagnostic(d);
                }
                printer.error("the site does not build, so its links were not checked");
                return Err(Failed);
            }
        };
        let report = check::internal(&config, &built);
        let mut diags = report.diagnostics;
        let mut checked_external = 0;
        if self.external && !report.external.is_empty() {
            let n = report.external.len();
            printer.status(&format!("checking {n} external links…"));
            // Threads finish out of order: show a count only when it grows.
            let shown = AtomicUsize::new(0);
            let progress = |done: usize, total: usize| {
                if shown.fetch_max(done, Ordering::Relaxed) < done {
                    printer.count("checked", done, total);
                }
            };
            diags.extend(check::external::check(
                &config.link_checker,
                &report.external,
                &progress,
            ));
            checked_external = n;
        }
        for d in &built.warnings {
            printer.diagnostic(d);
        }
        diags.sort();
        for d in &diags {
            printer.diagnostic(d);
        }
        let errors = diags.iter().filter(|d| d.is_error()).count();
        let warnings = built.warnings.len() + diags.len() - errors;
        let external = if self.external {
            format!(", {checked_external} external links")
        } else {
            String::new()
        };
        let summary = format!(
            "checked {} references in {} pages and feeds{external}: {errors} broken, {}",
            report.references,
            report.documents,
            match warnings {
                1 => "1 warning".to_string(),
                n => format!("{n} warnings"),
            }
        );
        if errors > 0 {
            printer.error(&summary);
            Err(Failed)
        } else {
            printer.status(&summary);
            Ok(())
        }
    }
}
