//! `gloss init [DIR]`: creates a new site — `gloss.toml` with every key explained,
//! one example post, and a `.gitignore` naming the output folder.
//!
//! A folder that holds anything but dotfiles (`.git`) is refused unless `--force`; even
//! then no existing file is replaced (a `.gitignore` only gets the lines it lacks).

use std::path::{Path, PathBuf};

use clap::Args;

use super::{Failed, Printer};
use crate::diagnostic::Diagnostic;
use crate::edit;

/// The commented `gloss.toml` a new site starts with.
pub(crate) const CONFIG: &str = include_str!("init/gloss.toml");
/// The example post; `{DATE}` is replaced by the day the site is made.
pub(crate) const FIRST_POST: &str = include_str!("init/first-post.md");
/// Lines the new site's `.gitignore` holds.
pub(crate) const GITIGNORE: &[&str] = &["/public/", "/.gloss-cache/"];

/// `gloss init [DIR] [--force]`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the site in (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Create the site in a folder that already holds files (none is replaced).
    #[arg(long)]
    pub force: bool,
}

impl InitArgs {
    /// Creates the site; `Err(Failed)` for a non-empty folder without `--force`, or an
    /// I/O error.
    pub fn run(&self, printer: &Printer) -> Result<(), Failed> {
        let dir = &self.dir;
        if dir.exists() && !dir.is_dir() {
            return Err(printer.fail(&Diagnostic::error(dir, "this is a file, not a folder")));
        }
        if !self.force && !quasi_empty(dir) {
            return Err(printer.fail(
                &Diagnostic::error(dir, "this folder is not empty, so no site was created in it")
                    .with_help("choose a new folder (`gloss init my-site`), or pass --force to add the site's files to this one (no file is replaced)"),
            ));
        }
        let io = |path: &Path, e: std::io::Error| {
            printer.fail(&Diagnostic::error(path, format!("cannot write: {e}")))
        };
        std::fs::create_dir_all(dir.join("content/posts"))
            .map_err(|e| io(&dir.join("content/posts"), e))?;
        let today = jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .strftime("%Y-%m-%d")
            .to_string();
        let files = [
            (dir.join("gloss.toml"), CONFIG.to_string()),
            (
                dir.join("content/posts/hello-gloss.md"),
                FIRST_POST.replace("{DATE}", &today),
            ),
        ];
        for (path, text) in &files {
            match edit::write_new(path, text.as_bytes()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    printer.status(&format!("kept the existing {}", path.display()));
                }
                Err(e) => return Err(io(path, e)),
            }
        }
        let ignore = dir.join(".gitignore");
        let existing = std::fs::read_to_string(&ignore).unwrap_or_default();
        let missing: Vec<&str> = GITIGNORE
            .iter()
            .copied()
            .filter(|l| !existing.lines().any(|e| e.trim() == *l))
            .collect();
        if !missing.is_empty() {
            let mut text = existing.clone();
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            for l in missing {
                text.push_str(l);
                text.push('\n');
            }
            let written = if existing.is_empty() && !ignore.exists() {
                edit::write_new(&ignore, text.as_bytes())
            } else {
                edit::replace(&ignore, text.as_bytes())
            };
            written.map_err(|e| io(&ignore, e))?;
        }
        let cd = if dir == Path::new(".") {
            String::new()
        } else {
            format!("cd {} && ", dir.display())
        };
        printer.status(&format!(
            "created a site in {}\nnext: {cd}gloss serve   (then edit gloss.toml, and write with `gloss new \"A title\"`)",
            dir.display()
        ));
        Ok(())
    }
}

/// Whether `dir` is missing, empty, or holds only dotfiles (a fresh `.git`).
fn quasi_empty(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Err(_) => true,
        Ok(entries) => entries
            .filter_map(Result::ok)
            .all(|e| e.file_name().to_string_lossy().starts_with('.')),
    }
}
