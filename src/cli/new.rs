//! `gloss new "Title"`: writes a new post with front matter (title, date now in the site's
//! time zone, draft flag) at `content/SECTION/SLUG.md`, atomically and never over an
//! existing file, and prints its path on stdout (for `$EDITOR "$(gloss new …)"`).

use std::path::{Component, Path, PathBuf};

use clap::Args;

use super::{Failed, Printer};
use crate::config::Config;
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
        let slug = slugify(&self.title);
        if slug.is_empty() {
            return Err(printer.fail(
                &Diagnostic::error(
                    "",
                    format!("the title {:?} gives an empty slug", self.title),
                )
                .with_help("use a title with letters or digits"),
            ));
        }
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
        let now = jiff::Timestamp::now().to_zoned_datetime(config.timezone.clone());
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

/// `./content/x.md` → `content/x.md`, for the path people see.
fn tidy(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
