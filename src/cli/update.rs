//! `gloss update PATH "note"`: adds a dated update notice (`> [!UPDATE] DATE`) to a post,
//! before its footnote definitions, and sets `updated` in its front matter (see
//! `crate::edit::add_update`). The date is now in the site's time zone, or `--date`.
//! The file is replaced atomically; the rest of it stays byte for byte.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{Failed, Printer};
use crate::config::{CONFIG_FILE, Config};
use crate::content::date;
use crate::diagnostic::Diagnostic;
use crate::edit::{self, UpdateDate};

/// `gloss update PATH "note" [--date DATE] [--root DIR]`
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The post's Markdown file.
    pub path: PathBuf,
    /// What changed (Markdown; several lines become several lines of the notice).
    pub note: String,
    /// The update's date instead of now: YYYY-MM-DD or YYYY-MM-DD HH:MM (site time zone),
    /// or RFC 3339.
    #[arg(long)]
    pub date: Option<String>,
    /// The site folder, for its time zone (default: the nearest folder above PATH holding
    /// gloss.toml or content/).
    #[arg(long)]
    pub root: Option<PathBuf>,
}

impl UpdateArgs {
    /// Updates the post; `Err(Failed)` when it cannot be read, changed or written.
    pub fn run(&self, printer: &Printer) -> Result<(), Failed> {
        let path = &self.path;
        let is_md = path
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
        if !path.is_file() || !is_md {
            return Err(printer.fail(
                &Diagnostic::error(path, "there is no Markdown post here")
                    .with_help("give the path of a .md file, e.g. content/posts/my-post.md"),
            ));
        }
        let root = self.root.clone().unwrap_or_else(|| find_root(path));
        let config = Config::load(&root).map_err(|d| printer.fail(&d))?;
        let when = match &self.date {
            None => {
                UpdateDate::at(&jiff::Timestamp::now().to_zoned_datetime(config.timezone.clone()))
            }
            Some(text) => {
                let z = date::parse(text, &config.timezone).map_err(|why| {
                    printer.fail(
                        &Diagnostic::error("--date", format!("invalid date: {why}"))
                            .with_help("write YYYY-MM-DD, YYYY-MM-DD HH:MM, or RFC 3339"),
                    )
                })?;
                if text.trim().len() == 10 {
                    UpdateDate::day(&z)
                } else {
                    UpdateDate::at(&z.with_time_zone(config.timezone.clone()))
                }
            }
        };
        let bytes = std::fs::read(path).map_err(|e| {
            printer.fail(&Diagnostic::error(
                path,
                format!("cannot read this file: {e}"),
            ))
        })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            printer.fail(
                &Diagnostic::error(path, "this file is not UTF-8 text")
                    .with_help("save it as UTF-8 first"),
            )
        })?;
        let new = edit::add_update(&text, &when, &self.note)
            .map_err(|d| printer.fail(&d.relocate(path, 1)))?;
        edit::replace(path, new.as_bytes()).map_err(|e| {
            printer.fail(&Diagnostic::error(
                path,
                format!("cannot write the updated post (it was left as it was): {e}"),
            ))
        })?;
        printer.status(&format!(
            "added an update dated {} to {}",
            when.notice,
            path.display()
        ));
        Ok(())
    }
}

/// The site folder of a post: the nearest folder above it holding `gloss.toml`, or the
/// folder holding the `content/` it is in; else the current folder.
fn find_root(path: &Path) -> PathBuf {
    let Ok(abs) = std::fs::canonicalize(path) else {
        return PathBuf::from(".");
    };
    for dir in abs.ancestors().skip(1) {
        if dir.join(CONFIG_FILE).is_file() {
            return dir.to_path_buf();
        }
        if dir.file_name().is_some_and(|n| n == "content")
            && let Some(parent) = dir.parent()
        {
            return parent.to_path_buf();
        }
    }
    PathBuf::from(".")
}
