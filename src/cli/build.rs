//! `gloss build`: builds the site and writes it to the output folder.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::{Failed, Printer, SiteArgs};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::output::{self, Overwrite};
use crate::site::{self, BuildOptions, Progress, Stage};

/// `gloss build [--root DIR] [--output-dir DIR] [--base-url URL] [--drafts] [--force]`
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Which site, and whether with its drafts.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: ROOT/public).
    #[arg(long, short)]
    pub output_dir: Option<PathBuf>,
    /// Replace the configured base URL for this build.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Replace the output folder even if gloss did not create it.
    #[arg(long)]
    pub force: bool,
}

/// The last line of a failed build: it wrote nothing, and the output folder `out_dir`
/// holds what the last build wrote, if there was one.
fn failed(errors: usize, out_dir: &std::path::Path) -> String {
    let previous = std::fs::read_dir(out_dir).is_ok_and(|mut entries| entries.next().is_some());
    match previous {
        true => {
            format!("build failed with {errors} error(s); the previous output was left as it was")
        }
        false => format!(
            "build failed with {errors} error(s); nothing was written to {}",
            out_dir.display()
        ),
    }
}

impl BuildArgs {
    /// Runs the build; diagnostics are printed, and `Err(Failed)` means the build failed.
    /// Ends with `built N pages in T s` on stderr (hidden by `--quiet`).
    pub fn run(&self, printer: &Printer) -> Result<(), Failed> {
        let start = Instant::now();
        let out_dir = self
            .output_dir
            .clone()
            .unwrap_or_else(|| self.site.root.join("public"));
        let config = self.site.config(self.base_url.as_deref()).map_err(|d| {
            printer.diagnostic(&d);
            printer.error(&failed(1, &out_dir));
            Failed
        })?;
        output::check_dir(&self.site.root, &out_dir).map_err(|d| printer.fail(&d))?;
        let options = BuildOptions {
            drafts: self.site.drafts(),
            base_url: None,
            cache: None,
        };
        let overwrite = if self.force {
            Overwrite::Force
        } else {
            Overwrite::OnlyOwn
        };
        // Pages are written into the staging folder as they are rendered (a large site
        // is never all in memory); a failed build drops it, leaving the output as it was.
        let progress = printer.progress();
        let (built, staging) =
            match site::build_into(&config, &options, &progress, &out_dir, overwrite) {
                Ok(done) => done,
                Err(diags) => {
                    progress.finish();
                    let errors = diags.iter().filter(|d| d.is_error()).count();
                    for d in &diags {
                        printer.diagnostic(d);
                    }
                    printer.error(&failed(errors, &out_dir));
                    return Err(Failed);
                }
            };
        // The writer does not count its files: a spinner, not a bar.
        progress.start(Stage::Write, 0);
        let written = staging.finish(&built.output);
        progress.finish();
        // Warnings after the bar is gone, so they are not drawn over. An image the output
        // lacks is `gloss check`'s error; the build says it too, among the warnings of
        // its file (a stable sort by place keeps the others in their order).
        let mut warnings: Vec<&Diagnostic> = built.warnings.iter().collect();
        let missing = crate::check::missing_images(
            &config,
            &built.rendered,
            &built.section_images,
            &|path| built.output.contains(path),
        );
        warnings.extend(&missing);
        warnings.sort_by_key(|d| (&d.path, d.line, d.column));
        for d in warnings {
            printer.diagnostic(d);
        }
        if !config.base_url_set {
            printer.diagnostic(&unset_base_url(&config));
        }
        let written = written.map_err(|d| printer.fail(&d))?;
        if let Some(target) = &written.followed {
            printer.status(&format!(
                "{} is a symbolic link: wrote the site into {}",
                out_dir.display(),
                target.display()
            ));
        }
        if let Some(line) = held_line(&built.held) {
            printer.status(&line);
        }
        // Pages are the Markdown pages; files are everything written (lists, tag
        // pages, feeds, static files), as `gloss serve` reports them.
        printer.status(&format!(
            "built {} page{} ({} files) in {:.2} s",
            built.pages,
            if built.pages == 1 { "" } else { "s" },
            built.output.len(),
            start.elapsed().as_secs_f64()
        ));
        // The site is in place; the previous output is still being removed beside it.
        // Waiting here, not before the message, keeps that off the time the build takes
        // to have the site ready, and leaves nothing behind when gloss exits.
        written.removal.wait();
        Ok(())
    }
}

/// The warning for a build without `base_url`: its absolute links point at the preview.
fn unset_base_url(config: &Config) -> crate::diagnostic::Diagnostic {
    crate::diagnostic::Diagnostic::warning(
        crate::config::CONFIG_FILE,
        format!(
            "base_url is not set; links in feeds, sitemap and canonical tags point at {} \u{2014} set base_url to the address the site is published at",
            config.base_url
        ),
    )
    .with_help("add a line such as base_url = \"https://example.org/\" to gloss.toml, or pass --base-url")
}

/// What the build left out by date, for the terminal: `2 scheduled posts held back; the
/// next is due 2027-01-04 09:00 UTC (build again then, or pass --future to see them)`,
/// how many expired, and how many update notices written in bodies are held back. None
/// when nothing was held back.
pub(crate) fn held_line(held: &crate::content::Held) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(next) = held.scheduled.first() {
        let n = held.scheduled.len();
        parts.push(format!(
            "{n} scheduled post{} held back; the next is due {} (build again then, or pass --future to include them)",
            if n == 1 { "" } else { "s" },
            next.strftime("%Y-%m-%d %H:%M %Z")
        ));
    }
    if held.expired > 0 {
        let n = held.expired;
        parts.push(format!(
            "{n} expired post{} left out (past its expiryDate)",
            if n == 1 { "" } else { "s" }
        ));
    }
    if let Some(next) = held.notices.first() {
        let n = held.notices.len();
        parts.push(format!(
            "{n} update notice{} dated in the future held back; the next is due {}",
            if n == 1 { "" } else { "s" },
            next.strftime("%Y-%m-%d %H:%M %Z")
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}
