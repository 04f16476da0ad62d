//! Output: the built site in memory, and the one function that writes it to disk.
//!
//! [`Output`] maps output paths (relative, `/`-separated, e.g. `posts/a/index.html`) to
//! bytes or to a file to copy. `build`, `serve` and `check` all work on it. [`write()`]
//! builds a staging folder beside the output folder, then swaps it in, so a failed or
//! killed build never leaves a half-written site (DESIGN §8).
//!
//! Safety rules, checked before anything is touched:
//! - [`check_dir`] refuses an output folder that is the site root, holds the sources, or
//!   lies inside `content/`, `static/`, `templates/` or `themes/` (even with `--force`).
//! - A non-empty folder without the [`MARKER`] file is replaced only with
//!   [`Overwrite::Force`]: gloss never deletes a folder it did not create.
//! - An output path that is a symbolic link is followed, and [`Written::followed`] says
//!   where to, so the caller can tell the user; the link itself is kept.
//! - Leftovers of a killed build (staging and old folders beside the output, each holding
//!   the marker) are cleaned up by the next write; a previous output caught between the
//!   two renames of the swap is put back.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;

/// The file gloss puts in every output folder it creates; gloss replaces only folders
/// that hold it (or are empty), unless forced.
pub const MARKER: &str = ".gloss-output";

/// One output file's contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFile {
    /// Made in memory.
    Bytes(Vec<u8>),
    /// Copied from this source file when written.
    Copy(PathBuf),
    /// Hard-linked from this file of gloss's cache when written (copied where a link
    /// cannot be made, e.g. the cache on another file system): resized images and
    /// sharing cards, so that a rebuild writes no image data. Only for files gloss
    /// itself writes once and never changes in place (the cache replaces a file by
    /// renaming a new one over it), so a link cannot see a later change.
    Link(PathBuf),
    /// Already written into the staging folder of a [`Staging`] (`gloss build` writes
    /// pages as they are rendered rather than keeping them); it has no bytes in memory.
    Staged,
}

/// The whole built site.
#[derive(Debug, Clone, Default)]
pub struct Output {
    files: BTreeMap<String, OutputFile>,
}

impl Output {
    /// Adds a file, replacing any earlier one at the same path; returns the replaced one.
    pub fn insert(&mut self, path: impl Into<String>, file: OutputFile) -> Option<OutputFile> {
        self.files.insert(path.into(), file)
    }

    /// Adds a file made in memory.
    pub fn insert_bytes(
        &mut self,
        path: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Option<OutputFile> {
        self.insert(path, OutputFile::Bytes(bytes.into()))
    }

    /// Whether a file exists at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// A file's bytes (reading a copied file from disk); `None` for a staged file.
    pub fn read(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        match self.files.get(path)? {
            OutputFile::Bytes(b) => Some(Cow::Borrowed(b)),
            OutputFile::Copy(src) | OutputFile::Link(src) => {
                std::fs::read(src).ok().map(Cow::Owned)
            }
            OutputFile::Staged => None,
        }
    }

    /// The file at `path`.
    pub fn get(&self, path: &str) -> Option<&OutputFile> {
        self.files.get(path)
    }

    /// All files, sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &OutputFile)> {
        self.files.iter().map(|(p, f)| (p.as_str(), f))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// How [`write()`] treats an existing output folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Overwrite {
    /// Replace only a folder gloss made (it holds [`MARKER`]) or an empty one.
    #[default]
    OnlyOwn,
    /// Replace whatever is there (`--force`).
    Force,
}

/// What [`write()`] did.
#[derive(Debug)]
pub struct Written {
    /// The folder that now holds the site.
    pub dir: PathBuf,
    /// When the output path was a symbolic link: the folder it points to (also `dir`).
    pub followed: Option<PathBuf>,
    /// The previous output, being removed; dropping `Written` waits for it.
    pub removal: Removal,
}

/// The removal of the previous output, after the new one was swapped in. It runs on a
/// thread of its own, so that the new site is in place (and the build can say so) without
/// waiting for thousands of files to be unlinked; dropping the handle (or [`Removal::wait`])
/// waits for it, so a process that holds it until it exits leaves nothing behind.
#[derive(Debug, Default)]
pub struct Removal(Option<std::thread::JoinHandle<()>>);

impl Removal {
    /// Starts removing `old`, a folder gloss moved aside (it holds the [`MARKER`]).
    fn start(old: PathBuf) -> Removal {
        let spawned = std::thread::Builder::new()
            .name("gloss-remove-old".into())
            .spawn({
                let old = old.clone();
                move || remove_tree(&old)
            });
        match spawned {
            Ok(handle) => Removal(Some(handle)),
            // No thread to be had: remove it here and now.
            Err(_) => {
                remove_tree(&old);
                Removal(None)
            }
        }
    }

    /// Waits until the previous output is removed (failures are ignored: a leftover
    /// folder is removed by the next build).
    pub fn wait(mut self) {
        self.join();
    }

    fn join(&mut self) {
        if let Some(handle) = self.0.take() {
            let _ = handle.join();
        }
    }
}

impl Drop for Removal {
    fn drop(&mut self) {
        self.join();
    }
}

/// Removes a folder gloss wrote, its subfolders side by side (rayon): unlinking is
/// kernel work, and on a disk two threads unlink a large tree in less time than one.
/// Symbolic links are removed, never followed. Failures are ignored.
fn remove_tree(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        let entries: Vec<std::fs::DirEntry> = entries.filter_map(Result::ok).collect();
        entries.par_iter().for_each(|entry| {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                remove_tree(&path);
            } else {
                let _ = std::fs::remove_file(&path);
            }
        });
    }
    // Whatever the loop could not remove (a race with another process) goes here.
    let _ = std::fs::remove_dir_all(dir);
}

/// Refuses output folders that would destroy or feed back into the site's sources:
/// the site root itself (`.`), a folder holding it (`..`, `/`, the home folder), and
/// folders inside `content/`, `static/`, `templates/` or `themes/`. Symbolic links are
/// resolved first, so a link to the site root is refused too. Nothing is touched.
///
/// Errors: one of the cases above, naming the folder and what to choose instead; the
/// site root not existing.
pub fn check_dir(root: &Path, dir: &Path) -> Result<(), Diagnostic> {
    let root_abs = std::fs::canonicalize(root).map_err(|e| {
        Diagnostic::error(root, format!("cannot open the site folder: {e}"))
            .with_help("pass the folder holding content/ with --root")
    })?;
    let out = resolve(dir);
    let refuse = |why: &str| {
        Err(
            Diagnostic::error(dir, format!("gloss will not write the site here: {why}"))
                .with_help("choose an output folder of its own, such as public/ (the default)"),
        )
    };
    if out == root_abs {
        return refuse("this is the site's own folder, and writing would replace its sources");
    }
    if root_abs.starts_with(&out) {
        return refuse("this folder holds the site's sources, and writing would replace them");
    }
    for (sub, why) in [
        (
            "content",
            "it is inside content/, so its files would be read as posts on the next build",
        ),
        (
            "static",
            "it is inside static/, so its files would be copied into the next build",
        ),
        (
            "templates",
            "it is inside templates/, so its files would be read as templates",
        ),
        (
            "themes",
            "it is inside themes/, so its files would be read as a theme",
        ),
    ] {
        if out.starts_with(root_abs.join(sub)) {
            return refuse(why);
        }
    }
    Ok(())
}

/// `path` made absolute with symbolic links resolved, for the part that exists;
/// the rest is appended with `.` and `..` applied.
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut out = real;
            for part in rest.iter().rev() {
                match part {
                    std::path::Component::ParentDir => {
                        out.pop();
                    }
                    std::path::Component::CurDir => {}
                    other => out.push(other.as_os_str()),
                }
            }
            return out;
        }
        let mut comps = existing.components();
        match comps.next_back() {
            Some(last) => {
                rest.push(last);
                existing = comps.as_path();
            }
            None => return absolute,
        }
    }
}

/// Writes `output` to `dir`: into a staging folder beside it, then swapped in.
///
/// Dotfiles at the top of an existing output folder (`.git` of a `gh-pages` worktree,
/// `.nojekyll`, `.well-known`) are carried over. When `dir` is a symbolic link, the
/// folder it points to is replaced and the link kept ([`Written::followed`]).
///
/// Errors: an existing non-empty folder gloss did not make (without
/// [`Overwrite::Force`]), a file or a dangling link at `dir`, an output path that
/// would leave the folder, or an I/O failure — in every case the previous output is left
/// as it was. Call [`check_dir`] first to refuse folders holding the sources.
pub fn write(output: &Output, dir: &Path, overwrite: Overwrite) -> Result<Written, Diagnostic> {
    check_paths(output)?;
    Staging::create(dir, overwrite)?.finish(output)
}

/// Every path must stay inside the folder (an alias of `../x` must not escape it).
fn check_paths(output: &Output) -> Result<(), Diagnostic> {
    match output.files.keys().find(|p| !is_inside(p)) {
        Some(path) => Err(outside(path)),
        None => Ok(()),
    }
}

fn outside(path: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        "this output path would leave the output folder; nothing was written",
    )
    .with_help(
        "output paths come from `path`, `slug` and `aliases`: remove `..` and leading `/` from them",
    )
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("{what}: {e}"))
        .with_help("check the folder's permissions and free space")
}

/// A staging folder beside the output folder, being filled: [`write()`] in two steps, so
/// that a build can write its pages as it renders them ([`Staging::put`]) instead of
/// holding the whole site in memory, then [`Staging::finish`] writes the rest and swaps
/// the folder in. Dropped without `finish` (a failed build), the staging folder is
/// removed and the previous output is left as it was.
#[derive(Debug)]
pub struct Staging {
    /// The output folder (the target, when the given path is a symbolic link).
    dir: PathBuf,
    followed: Option<PathBuf>,
    parent: PathBuf,
    name: String,
    /// The staging folder.
    path: PathBuf,
    /// The marker file, locked while the folder is being filled (see [`recover`]);
    /// `None` once finished.
    lock: Option<std::fs::File>,
}

impl Staging {
    /// Checks the output folder `dir` and makes an empty staging folder beside it.
    ///
    /// Errors: as [`write()`]'s, for the folder (not yet for the files).
    pub fn create(dir: &Path, overwrite: Overwrite) -> Result<Staging, Diagnostic> {
        let mut followed = None;
        let mut dir = dir.to_path_buf();
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
            let target = std::fs::canonicalize(&dir).map_err(|e| {
                Diagnostic::error(
                    &dir,
                    format!(
                        "the output folder is a symbolic link whose target cannot be opened: {e}"
                    ),
                )
                .with_help(
                    "create the folder it points to, remove the link, or choose another --output-dir",
                )
            })?;
            followed = Some(target.clone());
            dir = target;
        }
        if dir.exists() && !dir.is_dir() {
            return Err(
                Diagnostic::error(&dir, "the output path is a file, not a folder")
                    .with_help("remove the file or choose another --output-dir"),
            );
        }
        if dir.exists() && overwrite == Overwrite::OnlyOwn && !is_own(&dir) {
            return Err(Diagnostic::error(
                &dir,
                "this output folder holds files gloss did not write, so gloss will not replace it",
            )
            .with_help(
                "choose another --output-dir, empty the folder, or pass --force to replace it",
            ));
        }
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .map_err(|e| io_error("cannot create the output's parent folder", &parent, e))?;
        recover(&parent, &name, &dir);
        let pid = std::process::id();
        let path = parent.join(format!(".{name}{STAGING}{pid}"));
        let _ = std::fs::remove_dir_all(&path);
        let lock = match start_tree(&path) {
            Ok(lock) => lock,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&path);
                return Err(e);
            }
        };
        Ok(Staging {
            dir,
            followed,
            parent,
            name,
            path,
            lock: Some(lock),
        })
    }

    /// Writes one file into the staging folder now; record it in the [`Output`] as
    /// [`OutputFile::Staged`]. Safe to call from several threads at once.
    ///
    /// Errors: a path that would leave the folder, or an I/O failure.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if !is_inside(path) {
            return Err(outside(path));
        }
        let full = self.path.join(path);
        if let Some(folder) = full.parent() {
            std::fs::create_dir_all(folder)
                .map_err(|e| Diagnostic::error(folder, format!("cannot create folder: {e}")))?;
        }
        std::fs::write(&full, bytes)
            .map_err(|e| Diagnostic::error(&full, format!("cannot write: {e}")))
    }

    /// Writes the files of `output` not yet staged and swaps the staging folder in.
    pub fn finish(mut self, output: &Output) -> Result<Written, Diagnostic> {
        check_paths(output)?;
        write_tree(output, &self.path)?;
        let (dir, parent, name) = (&self.dir, &self.parent, &self.name);
        // Unique within the process too: an earlier build's removal may still run.
        static SWAPS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SWAPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let old = parent.join(format!(".{name}{OLD}{}-{n}", std::process::id()));
        let mut removal = Removal::default();
        let lock = self.lock.take();
        if dir.exists() {
            if let Err(e) = carry_dotfiles(dir, &self.path) {
                // Give back what was carried, and remove the staging folder.
                drop(lock);
                recover(parent, name, dir);
                return Err(io_error(
                    "cannot carry over the output folder's dotfiles",
                    dir,
                    e,
                ));
            }
            // The lock is let go before the renames: some systems refuse to rename a
            // folder holding an open file.
            drop(lock);
            std::fs::rename(dir, &old)
                .map_err(|e| io_error("cannot move the previous output aside", dir, e))?;
            if let Err(e) = std::fs::rename(&self.path, dir) {
                let _ = std::fs::rename(&old, dir);
                return Err(io_error("cannot move the new output into place", dir, e));
            }
            removal = Removal::start(old);
        } else {
            drop(lock);
            std::fs::rename(&self.path, dir)
                .map_err(|e| io_error("cannot move the new output into place", dir, e))?;
        }
        Ok(Written {
            dir: self.dir.clone(),
            followed: self.followed.clone(),
            removal,
        })
    }
}

impl Drop for Staging {
    /// Removes the staging folder unless it was swapped in (`finish` moved it away, so
    /// there is nothing left at its path then).
    fn drop(&mut self) {
        self.lock = None;
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Infix of a staging folder's name: `.public.gloss-staging-PID`.
const STAGING: &str = ".gloss-staging-";
/// Infix of a previous output moved aside during the swap: `.public.gloss-old-PID-N`.
const OLD: &str = ".gloss-old-";

/// Whether an output path is relative and stays inside the output folder.
/// Whether an output path stays inside the output folder (no `..`, not absolute).
pub fn is_inside(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Cleans up after a build that was killed while writing `dir` (in `parent`, named
/// `name`). Only folders holding the marker are touched, and only when no running build
/// holds their lock:
/// - a previous output moved aside but never replaced (killed between the two renames)
///   is put back when `dir` is missing, and removed otherwise;
/// - a staging folder gives back the dotfiles it had taken from `dir`, then is removed.
///
/// Failures are ignored: a leftover folder is untidy, not harmful.
fn recover(parent: &Path, name: &str, dir: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let staging_prefix = format!(".{name}{STAGING}");
    let old_prefix = format!(".{name}{OLD}");
    let mut stale_staging = Vec::new();
    let mut stale_old = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if !path.join(MARKER).is_file() {
            continue;
        }
        if file_name.starts_with(&staging_prefix) {
            stale_staging.push(path);
        } else if file_name.starts_with(&old_prefix) {
            stale_old.push(path);
        }
    }
    stale_old.sort();
    for old in stale_old {
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&old);
        } else {
            let _ = std::fs::rename(&old, dir);
        }
    }
    for staging in stale_staging {
        // A build still writing holds the lock on its marker.
        let Ok(marker) = std::fs::File::open(staging.join(MARKER)) else {
            continue;
        };
        if marker.try_lock().is_err() {
            continue;
        }
        if dir.is_dir()
            && let Ok(inner) = std::fs::read_dir(&staging)
        {
            for entry in inner.filter_map(Result::ok) {
                let n = entry.file_name();
                let shown = n.to_string_lossy();
                if shown.starts_with('.') && shown != MARKER && !dir.join(&n).exists() {
                    let _ = std::fs::rename(entry.path(), dir.join(&n));
                }
            }
        }
        drop(marker);
        let _ = std::fs::remove_dir_all(&staging);
    }
}

/// Whether `dir` is a folder gloss made (holds the marker) or is empty.
pub fn is_own(dir: &Path) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    std::fs::read_dir(dir)
        .map(|mut it| it.next().is_none())
        .unwrap_or(false)
}

/// Creates the staging folder with the marker in it, locked while the files are
/// written (the returned handle), so that another build can tell this folder from a
/// killed build's leftovers.
fn start_tree(staging: &Path) -> Result<std::fs::File, Diagnostic> {
    std::fs::create_dir_all(staging).map_err(|e| {
        Diagnostic::error(staging, format!("cannot create the staging folder: {e}"))
    })?;
    let marker_path = staging.join(MARKER);
    std::fs::write(
        &marker_path,
        "This folder is written by gloss; it is replaced on every build.\n",
    )
    .map_err(|e| Diagnostic::error(staging, format!("cannot write the marker file: {e}")))?;
    let lock = std::fs::File::open(&marker_path).map_err(|e| {
        Diagnostic::error(&marker_path, format!("cannot open the marker file: {e}"))
    })?;
    // Locking is advisory and best effort: where it is unsupported, only concurrent
    // builds of one folder lose the protection.
    let _ = lock.try_lock();
    Ok(lock)
}

/// Writes the files of `output` that are not staged yet into `staging`.
fn write_tree(output: &Output, staging: &Path) -> Result<(), Diagnostic> {
    // Folders first (sequentially, cheap), then files in parallel.
    let mut dirs: Vec<PathBuf> = output
        .files
        .iter()
        .filter(|(_, f)| !matches!(f, OutputFile::Staged))
        .filter_map(|(p, _)| Path::new(p).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        let full = staging.join(&d);
        std::fs::create_dir_all(&full)
            .map_err(|e| Diagnostic::error(&full, format!("cannot create folder: {e}")))?;
    }
    output.files.par_iter().try_for_each(|(path, file)| {
        let full = staging.join(path);
        match file {
            OutputFile::Bytes(b) => std::fs::write(&full, b)
                .map_err(|e| Diagnostic::error(&full, format!("cannot write: {e}"))),
            OutputFile::Copy(src) => std::fs::copy(src, &full)
                .map(|_| ())
                .map_err(|e| Diagnostic::error(src, format!("cannot copy to the output: {e}"))),
            OutputFile::Link(src) => std::fs::hard_link(src, &full)
                .or_else(|_| std::fs::copy(src, &full).map(|_| ()))
                .map_err(|e| Diagnostic::error(src, format!("cannot copy to the output: {e}"))),
            OutputFile::Staged => Ok(()),
        }
    })
}

fn carry_dotfiles(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let s = name.to_string_lossy();
        if s.starts_with('.') && s != MARKER && !to.join(&name).exists() {
            std::fs::rename(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join("content/posts")).unwrap();
        t
    }

    fn one_file() -> Output {
        let mut o = Output::default();
        o.insert_bytes("index.html", "<p>new</p>");
        o.insert_bytes("posts/a/index.html", "<p>a</p>");
        o
    }

    #[test]
    fn refuses_folders_holding_the_sources() {
        let t = site();
        let root = t.path();
        for bad in [
            root.to_path_buf(),
            root.join("."),
            root.join(".."),
            root.join("content"),
            root.join("content/posts/out"),
            root.join("static/x"),
            root.join("public/.."),
        ] {
            assert!(
                check_dir(root, &bad).is_err(),
                "{} was accepted",
                bad.display()
            );
        }
        assert!(check_dir(root, &root.join("public")).is_ok());
        assert!(check_dir(root, &root.join("out/site")).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_link_to_the_site_root() {
        let t = site();
        std::os::unix::fs::symlink(t.path(), t.path().join("public")).unwrap();
        assert!(check_dir(t.path(), &t.path().join("public")).is_err());
    }

    #[test]
    fn refuses_a_foreign_folder_unless_forced() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("mine.txt"), "keep").unwrap();
        let e = write(&one_file(), &out, Overwrite::OnlyOwn).unwrap_err();
        assert!(e.message.contains("did not write"), "{e}");
        assert_eq!(
            std::fs::read_to_string(out.join("mine.txt")).unwrap(),
            "keep"
        );
        write(&one_file(), &out, Overwrite::Force).unwrap();
        assert!(!out.join("mine.txt").exists());
        assert!(out.join(MARKER).is_file());
    }

    #[test]
    fn paths_leaving_the_folder_are_refused() {
        let t = tempfile::tempdir().unwrap();
        let mut o = one_file();
        o.insert_bytes("../escape/index.html", "x");
        assert!(write(&o, &t.path().join("public"), Overwrite::OnlyOwn).is_err());
        assert!(!t.path().join("escape").exists());
        assert!(!t.path().join("public").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_output_is_followed_and_kept() {
        let t = tempfile::tempdir().unwrap();
        let target = t.path().join("www");
        std::fs::create_dir_all(&target).unwrap();
        let link = t.path().join("public");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let written = write(&one_file(), &link, Overwrite::OnlyOwn).unwrap();
        let real = std::fs::canonicalize(&target).unwrap();
        assert_eq!(written.followed.as_deref(), Some(real.as_path()));
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(target.join("posts/a/index.html").is_file());
        // A second build replaces the target again and keeps the link.
        write(&one_file(), &link, Overwrite::OnlyOwn).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    /// The names beside `out` in its parent folder, other than `out` itself.
    fn siblings(out: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| Path::new(n) != out.file_name().map(Path::new).unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_previous_output_is_gone_once_the_removal_is_waited_for() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        write(&one_file(), &out, Overwrite::OnlyOwn).unwrap();
        let mut second = Output::default();
        second.insert_bytes("index.html", "<p>second</p>");
        let written = write(&second, &out, Overwrite::OnlyOwn).unwrap();
        // The new output is in place before the old one is removed.
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "<p>second</p>"
        );
        assert!(!out.join("posts/a/index.html").exists());
        written.removal.wait();
        assert_eq!(siblings(&out), Vec::<String>::new());
    }

    #[cfg(unix)]
    #[test]
    fn removing_the_previous_output_does_not_follow_links() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let elsewhere = t.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("keep.txt"), "keep").unwrap();
        write(&one_file(), &out, Overwrite::OnlyOwn).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("posts/link")).unwrap();
        write(&one_file(), &out, Overwrite::OnlyOwn)
            .unwrap()
            .removal
            .wait();
        assert_eq!(siblings(&out), vec!["elsewhere".to_string()]);
        assert_eq!(
            std::fs::read_to_string(elsewhere.join("keep.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn leftovers_of_a_killed_build_are_recovered() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        write(&one_file(), &out, Overwrite::OnlyOwn).unwrap();
        std::fs::create_dir(out.join(".git")).unwrap();
        // Killed after carrying `.git` into staging, before the swap.
        let staging = t.path().join(".public.gloss-staging-999999");
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join(MARKER), "").unwrap();
        std::fs::rename(out.join(".git"), staging.join(".git")).unwrap();
        write(&one_file(), &out, Overwrite::OnlyOwn).unwrap();
        assert!(out.join(".git").is_dir(), ".git was lost");
        assert!(!staging.exists());
        // Killed between the two renames: the old output is put back.
        std::fs::rename(&out, t.path().join(".public.gloss-old-999999")).unwrap();
        recover(t.path(), "public", &out);
        assert!(out.join("posts/a/index.html").is_file());
        assert!(out.join(".git").is_dir());
    }
}
