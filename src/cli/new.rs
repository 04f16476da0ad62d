//! `gloss new "Title"`: writes a new post with front matter (title, date now in the site's
//! time zone, draft flag) at `content/SECTION/SLUG.md`, atomically and never over an
//! existing file, and prints its path on stdout (for `$EDITOR "$(gloss new …)"`).

use std::path::{Component, Path, PathBuf};

use clap::Args;

use super::{Failed, Printer};
use crate::config::Config;
use crate::content::date::date_prefix;
use crate::content::slug::slugify;
use crate::diagnostic::Diagnostic;
use crate::edit;

/// `gloss new "Title" [--section posts] [--draft] [--root DIR]`
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The post's title.
    pub title: String,
    /// The section (a folder under content/) to put it in.
    #[arg(long, default_value = "posts")]
    pub section: String,
    /// Mark the post as a draft (built only with --drafts).
    #[arg(long)]
    pub draft: bool,
    /// The site folder (holding content/ and, optionally, gloss.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

impl NewArgs {
    /// Writes the post; `Err(Failed)` when the file exists or cannot be written.
    pub fn run(&self, printer: &Printer) -> Result<(), Failed> {
        if self.title.trim().is_empty() {
            return Err(printer.fail(
                &Diagnostic::error("gloss new", "the title is empty")
                    .with_help("give the post a title: gloss new \"My first post\""),
            ));
        }
        let config = Config::load(&self.root).map_err(|d| printer.fail(&d))?;
        // Outside a site a new post would start a stray `content/` wherever the command
        // ran; sites always have a content folder (`gloss init` makes one).
        if !config.content_dir().is_dir() {
            return Err(printer.fail(
                &Diagnostic::error(config.content_dir(), "there is no content folder")
                    .with_help(
                        "run gloss new inside a site (a folder holding content/), pass --root DIR, or run `gloss init` first",
                    ),
            ));
        }
        let now = jiff::Timestamp::now().to_zoned_datetime(config.timezone.clone());
        let slug = file_slug(&self.title, &now);
        let section = Path::new(self.section.trim_matches('/'));
        if !section
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            return Err(printer.fail(
                &Diagnostic::error(
                    &self.section,
                    "the section must be a folder inside content/",
                )
                .with_help("write a name such as posts or notes/2026, without `..`"),
            ));
        }
        let dir = config.content_dir().join(section);
        let path = tidy(&dir.join(format!("{slug}.md")));
        std::fs::create_dir_all(&dir).map_err(|e| {
            printer.fail(&Diagnostic::error(
                &dir,
                format!("cannot create the section folder: {e}"),
            ))
        })?;
        let text = edit::new_post(&self.title, &now, self.draft);
        edit::write_new(&path, text.as_bytes()).map_err(|e| {
            let d = if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error(
                    &path,
                    "a post with this slug already exists; it was left as it was",
                )
                .with_help("choose another title, or edit the existing file")
            } else {
                Diagnostic::error(&path, format!("cannot write the new post: {e}"))
            };
            printer.fail(&d)
        })?;
        println!("{}", path.display());
        Ok(())
    }
}

/// The file name (without `.md`) of a new post titled `title`, written at `now`: the
/// title's slug, or `post-YYYY-MM-DD-HHMMSS` when the title slugs to nothing (`!!!`) or
/// to a date (`2024-01-01`). A file named after a date alone would have its date read as
/// the publication date and nothing left for a slug: every such post would land at
/// `/posts/untitled/`, and the second would collide with the first.
pub(crate) fn file_slug(title: &str, now: &jiff::ZonedDateTime) -> String {
    let slug = slugify(title);
    let nothing = !title.chars().any(char::is_alphanumeric);
    let a_date = date_prefix(&slug).is_some_and(|(_, rest)| rest.is_empty());
    if nothing || a_date {
        format!("post-{}", now.strftime("%Y-%m-%d-%H%M%S"))
    } else {
        slug
    }
}

/// `./content/x.md` → `content/x.md`, for the path people see.
fn tidy(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_that_slug_to_nothing_or_to_a_date_get_the_time() {
        let now: jiff::ZonedDateTime = "2026-12-05T18:34:12+00:00[UTC]".parse().unwrap();
        assert_eq!(file_slug("2024-01-01", &now), "post-2026-12-05-183412");
        assert_eq!(file_slug("2024/01/01", &now), "post-2026-12-05-183412");
        assert_eq!(file_slug("!!!", &now), "post-2026-12-05-183412");
        assert_eq!(file_slug("Untitled", &now), "untitled");
        assert_eq!(file_slug("2024-01-01 notes", &now), "2024-01-01-notes");
        assert_eq!(file_slug("Hello, world", &now), "hello-world");
    }
}
