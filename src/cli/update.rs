//! `gloss update PATH "note"`: adds a dated update notice (`> [!UPDATE] DATE`) to a post,
//! before its footnote definitions, and sets `updated` in its front matter (see
//! `crate::edit::add_update`) unless that would move it backwards. The date is now in
//! the site's time zone, or `--date`.
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
        // A date the writer gave, with whether it is a day alone (for the comparison with
        // the post's own date below).
        let mut given: Option<(jiff::ZonedDateTime, bool)> = None;
        let now = jiff::Timestamp::now().to_zoned_datetime(config.timezone.clone());
        let when = match &self.date {
            None => UpdateDate::at(&now),
            Some(text) => {
                let z = date::parse(text, &config.timezone).map_err(|why| {
                    printer.fail(
                        &Diagnostic::error("--date", format!("invalid date: {why}"))
                            .with_help("write YYYY-MM-DD, YYYY-MM-DD HH:MM, or RFC 3339"),
                    )
                })?;
                given = Some((z.clone(), text.trim().len() == 10));
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
        // `updated` only moves forward: not to a date before the post's own (such a
        // notice does not change the post's updated date, below), nor back from a later
        // `updated` (set by an earlier update, or by hand).
        let (at, day_only) = given.clone().unwrap_or((now, false));
        let dates = post_dates(&config, path, &text);
        let before_post = dates
            .as_ref()
            .and_then(|d| d.date.as_ref())
            .is_some_and(|published| given.is_some() && is_before(&at, day_only, published));
        let later_updated = dates
            .as_ref()
            .and_then(|d| d.updated.as_ref())
            .filter(|updated| !is_after(&at, day_only, updated));
        let updated = match before_post || later_updated.is_some() {
            true => edit::Updated::Stays,
            false => edit::Updated::Moves,
        };
        let new = edit::add_update(&text, &when, &self.note, updated)
            .map_err(|d| printer.fail(&d.relocate(path, 1)))?;
        edit::replace(path, new.as_bytes()).map_err(|e| {
            printer.fail(&Diagnostic::error(
                path,
                format!("cannot write the updated post (it was left as it was): {e}"),
            ))
        })?;
        if before_post && let Some(published) = dates.as_ref().and_then(|d| d.date.as_ref()) {
            // As the build says of such a notice; the writer asked for this date, so it
            // stays, but they hear it now rather than at the next build.
            printer.diagnostic(
                &Diagnostic::warning(
                    path,
                    format!(
                        "the update's date {} is before the post's date {}, so it does not change the post's updated date",
                        when.notice,
                        published.strftime("%Y-%m-%d %H:%M")
                    ),
                )
                .with_help("check --date; an update notice comes after the post it updates"),
            );
        }
        match later_updated {
            Some(updated) if !before_post => printer.status(&format!(
                "added an update dated {} to {}; its `updated` stays {}, which is later",
                when.notice,
                path.display(),
                updated.strftime("%Y-%m-%d %H:%M")
            )),
            _ => printer.status(&format!(
                "added an update dated {} to {}",
                when.notice,
                path.display()
            )),
        }
        Ok(())
    }
}

/// A post's dates as its file gives them before the update.
struct PostDates {
    /// Its own date (front matter or file name).
    date: Option<jiff::ZonedDateTime>,
    /// Front matter `updated` (or `lastmod`).
    updated: Option<jiff::ZonedDateTime>,
}

/// The dates of the post at `path`, whose text is `text`; `None` when it cannot be read
/// as a page (then `updated` is set as asked).
fn post_dates(config: &Config, path: &Path, text: &str) -> Option<PostDates> {
    let abs = std::fs::canonicalize(path).ok()?;
    let dir = std::fs::canonicalize(config.content_dir()).ok()?;
    match crate::content::parse_source(config, &dir, &abs, text.as_bytes()).ok()? {
        crate::content::Source::Page(page, _) => Some(PostDates {
            date: page.date.clone(),
            updated: page.front.updated.clone(),
        }),
        crate::content::Source::Section(..) => None,
    }
}

/// Whether an update dated `date` comes before the post's `published` date, compared by
/// day for a date alone and by minute otherwise (as the build compares notices).
fn is_before(date: &jiff::ZonedDateTime, day_only: bool, published: &jiff::ZonedDateTime) -> bool {
    if day_only {
        date.date() < published.date()
    } else {
        date.timestamp().as_second().div_euclid(60)
            < published.timestamp().as_second().div_euclid(60)
    }
}

/// Whether an update dated `date` comes after the post's `updated`, compared by day for
/// a date alone and by minute otherwise (as the build compares notices with `updated`).
fn is_after(date: &jiff::ZonedDateTime, day_only: bool, updated: &jiff::ZonedDateTime) -> bool {
    if day_only {
        date.date() > updated.date()
    } else {
        date.timestamp().as_second().div_euclid(60) > updated.timestamp().as_second().div_euclid(60)
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
