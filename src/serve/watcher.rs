//! Watcher: turns file-system events under a site into batches of changed source paths.
//!
//! Takes the site root and a channel; sends [`Batch`]es of the paths that can change the
//! built site (`content/`, `static/`, `templates/`, `themes/`, `i18n/`, `data/`,
//! `gloss.toml`). Events come
//! through notify and a debouncer, so an editor's atomic save (write a temporary file,
//! rename it over the original) or a `git checkout` of many files arrives as one batch.
//! Editors' swap and backup files and hidden files are dropped here, since the build
//! ignores them too. This module never builds and never decides what to reload.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// The folders under the site root whose files are sources of the site.
pub(crate) const SOURCE_DIRS: &[&str] =
    &["content", "static", "templates", "themes", "i18n", "data"];

/// How long an event waits for others of its burst before it is sent on. Short, because it
/// adds to every save-to-reload delay; a burst that outlasts it only costs one more
/// rebuild, since the rebuild loop takes every batch that queued up meanwhile.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// How often the debouncer looks for events whose time is up.
const TICK: Duration = Duration::from_millis(5);

/// What changed since the last batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Batch {
    /// Changed source paths (absolute, below the site root): files, folders, or both
    /// ends of a rename.
    pub paths: BTreeSet<PathBuf>,
    /// The system dropped events (its queue overflowed): anything may have changed.
    pub rescan: bool,
}

impl Batch {
    /// Whether nothing relevant happened.
    pub(crate) fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan
    }

    /// Adds another batch's changes to this one.
    pub(crate) fn merge(&mut self, other: Batch) {
        self.paths.extend(other.paths);
        self.rescan |= other.rescan;
    }
}

/// What the watcher sends.
#[derive(Debug)]
pub(crate) enum Event {
    /// Sources changed.
    Changed(Batch),
    /// The watcher reported problems (e.g. too many watched folders for the system).
    Errors(Vec<String>),
}

/// Watches one site's sources until dropped.
pub(crate) struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Starts watching `root` (an absolute, canonical folder), sending what changes to `tx`
    /// wrapped by `wrap`.
    ///
    /// Errors: the system refused a watch (no inotify instances left, `root` unreadable).
    pub(crate) fn start<M: Send + 'static>(
        root: &Path,
        tx: Sender<M>,
        wrap: fn(Event) -> M,
    ) -> Result<Watcher, String> {
        let filter_root = root.to_path_buf();
        let handler = move |result: DebounceEventResult| {
            let event = match result {
                Ok(events) => {
                    let mut batch = Batch::default();
                    for e in &events {
                        if e.need_rescan() {
                            batch.rescan = true;
                        }
                        if !counts(&e.kind) {
                            continue;
                        }
                        for p in &e.paths {
                            if is_source(&filter_root, p) {
                                batch.paths.insert(p.clone());
                            }
                        }
                    }
                    if batch.is_empty() {
                        return;
                    }
                    Event::Changed(batch)
                }
                Err(errors) => Event::Errors(errors.iter().map(ToString::to_string).collect()),
            };
            let _ = tx.send(wrap(event));
        };
        let debouncer = new_debouncer(DEBOUNCE, Some(TICK), handler)
            .map_err(|e| format!("cannot watch the site for changes: {e}"))?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            debouncer,
            watched: BTreeSet::new(),
        };
        // The root itself, not recursively: gloss.toml, and source folders made later.
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        watcher.refresh(&Batch::default())?;
        Ok(watcher)
    }

    /// Brings the watches of the source folders up to date after `batch`: a folder made
    /// since is watched, a deleted one forgotten, and one deleted and made again (its
    /// old watch died with it) watched afresh.
    ///
    /// Errors: the system refused a watch.
    pub(crate) fn refresh(&mut self, batch: &Batch) -> Result<(), String> {
        let mut problems = Vec::new();
        for name in SOURCE_DIRS {
            let dir = self.root.join(name);
            let exists = dir.is_dir();
            let touched = batch.rescan || batch.paths.contains(&dir);
            if self.watched.contains(&dir) && (!exists || touched) {
                // The kernel may have dropped the watch already; either way it is gone.
                let _ = self.debouncer.unwatch(&dir);
                self.watched.remove(&dir);
            }
            if exists && !self.watched.contains(&dir) {
                match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(dir);
                    }
                    Err(e) => problems.push(format!("cannot watch {}: {e}", dir.display())),
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }
}

/// Whether an event kind can change a file's contents or presence (reads and opens,
/// which the build itself causes, cannot).
fn counts(kind: &EventKind) -> bool {
    !matches!(kind, EventKind::Access(_))
}

/// Whether `path` is one of the site's sources: `gloss.toml`, or a file or folder under
/// a source folder that the build does not skip (hidden files, editors' swap, backup and
/// temporary files).
pub(crate) fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    match parts.as_slice() {
        [] => false,
        [only] => *only == crate::config::CONFIG_FILE || SOURCE_DIRS.contains(only),
        [top, rest @ ..] => {
            SOURCE_DIRS.contains(top)
                && !rest.iter().any(|p| p.starts_with('.'))
                && rest.last().is_none_or(|name| !is_editor_file(name))
        }
    }
}

/// Whether a file name is one editors make beside the file being edited: backups (`a.md~`,
/// `a.md.bak`), swap and lock files (hidden anyway: `.a.md.swp`, `.#a.md`), autosaves
/// (`#a.md#`), JetBrains' atomic-save files (`a.md___jb_tmp___`, `a.md___jb_old___`),
/// Vim's write test (`4913`, `5036`, …), Kate's swap and Chrome's `.crswap`.
pub(crate) fn is_editor_file(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".bak")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".kate-swp")
        || name.ends_with(".crswap")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || (name.starts_with('#') && name.ends_with('#') && name.len() > 1)
        || name.starts_with(".#")
        || name.starts_with("~$")
        || name
            .parse::<u32>()
            .is_ok_and(|n| n >= 4913 && (n - 4913) % 123 == 0 && !name.starts_with('0'))
}

/// Whether a change to these paths can only have changed stylesheets, so open pages may
/// swap them in place of a full reload: every path is a `.css` file, and none is a
/// template (templates may include any file under `templates/`).
pub(crate) fn only_stylesheets(root: &Path, batch: &Batch) -> bool {
    !batch.rescan
        && !batch.paths.is_empty()
        && batch.paths.iter().all(|p| {
            let rel = p.strip_prefix(root).unwrap_or(p);
            let mut parts = rel.components().filter_map(|c| match c {
                Component::Normal(s) => s.to_str(),
                _ => None,
            });
            let top = parts.next().unwrap_or("");
            let in_templates = top == "templates"
                || (top == "themes" && parts.nth(1).is_some_and(|d| d == "templates"));
            !in_templates && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("css"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        PathBuf::from("/site")
    }

    #[test]
    fn sources_are_the_source_folders_and_the_config() {
        let r = root();
        assert!(is_source(&r, &r.join("gloss.toml")));
        assert!(is_source(&r, &r.join("content/posts/a.md")));
        assert!(is_source(&r, &r.join("content")));
        assert!(is_source(&r, &r.join("static/img/x.png")));
        assert!(is_source(&r, &r.join("templates/page.html")));
        assert!(is_source(&r, &r.join("data/team.toml")));
        assert!(is_source(&r, &r.join("themes/t/templates/page.html")));
        assert!(!is_source(&r, &r.join("public/index.html")));
        assert!(!is_source(&r, &r.join("target/debug/gloss")));
        assert!(!is_source(&r, &r.join("README.md")));
        assert!(!is_source(&r, Path::new("/elsewhere/content/a.md")));
    }

    #[test]
    fn editor_and_hidden_files_are_not_sources() {
        let r = root();
        for name in [
            "content/posts/.a.md.swp",
            "content/posts/a.md~",
            "content/posts/4913",
            "content/posts/5036",
            "content/posts/#a.md#",
            "content/posts/.#a.md",
            "content/posts/a.md___jb_tmp___",
            "content/posts/a.md___jb_old___",
            "content/.git/HEAD",
            "static/.DS_Store",
        ] {
            assert!(!is_source(&r, &r.join(name)), "{name}");
        }
        assert!(is_source(&r, &r.join("content/posts/4914")));
        assert!(is_source(&r, &r.join("content/posts/2024.md")));
    }

    #[test]
    fn stylesheet_only_changes() {
        let r = root();
        let batch = |ps: &[&str]| Batch {
            paths: ps.iter().map(|p| r.join(p)).collect(),
            rescan: false,
        };
        assert!(only_stylesheets(&r, &batch(&["static/style.css"])));
        assert!(only_stylesheets(&r, &batch(&["themes/t/static/a.CSS"])));
        assert!(!only_stylesheets(
            &r,
            &batch(&["static/style.css", "content/a.md"])
        ));
        assert!(!only_stylesheets(&r, &batch(&["templates/inline.css"])));
        assert!(!only_stylesheets(&r, &batch(&["themes/t/templates/x.css"])));
        assert!(!only_stylesheets(&r, &batch(&[])));
        let mut rescan = batch(&["static/style.css"]);
        rescan.rescan = true;
        assert!(!only_stylesheets(&r, &rescan));
    }
}
