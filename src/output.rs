//! Output: the built site in memory, and the one function that writes it to disk.
//!
//! [`Output`] maps output paths (relative, `/`-separated, e.g. `posts/a/index.html`) to
//! bytes or to a file to copy. `build`, `serve` and `check` all work on it. [`write`]
//! builds a staging folder beside the output folder, then swaps it in, so a failed or
//! killed build never leaves a half-written site (DESIGN §8).

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

    /// A file's bytes (reading a copied file from disk).
    pub fn read(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        match self.files.get(path)? {
            OutputFile::Bytes(b) => Some(Cow::Borrowed(b)),
            OutputFile::Copy(src) => std::fs::read(src).ok().map(Cow::Owned),
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

/// How [`write`] treats an existing output folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Overwrite {
    /// Replace only a folder gloss made (it holds [`MARKER`]) or an empty one.
    #[default]
    OnlyOwn,
    /// Replace whatever is there (`--force`).
    Force,
}

/// Writes `output` to `dir`: into a staging folder beside it, then swapped in.
///
/// Dotfiles at the top of an existing output folder (`.git` of a `gh-pages` worktree,
/// `.nojekyll`, `.well-known`) are carried over. Errors: an existing non-empty folder
/// gloss did not make (without [`Overwrite::Force`]), or an I/O failure — in every case
/// the previous output is left as it was.
pub fn write(output: &Output, dir: &Path, overwrite: Overwrite) -> Result<(), Diagnostic> {
    let shown = dir.to_path_buf();
    let io = |what: &str, path: &Path, e: std::io::Error| {
        Diagnostic::error(path, format!("{what}: {e}"))
            .with_help("check the folder's permissions and free space")
    };
    if dir.exists() && overwrite == Overwrite::OnlyOwn && !is_own(dir) {
        return Err(Diagnostic::error(
            &shown,
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
        .map_err(|e| io("cannot create the output's parent folder", &parent, e))?;
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.gloss-staging-{pid}"));
    let old = parent.join(format!(".{name}.gloss-old-{pid}"));
    let _ = std::fs::remove_dir_all(&staging);
    let result = write_tree(output, &staging);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if dir.exists() {
        carry_dotfiles(dir, &staging)
            .map_err(|e| io("cannot carry over the output folder's dotfiles", dir, e))?;
        std::fs::rename(dir, &old)
            .map_err(|e| io("cannot move the previous output aside", dir, e))?;
        if let Err(e) = std::fs::rename(&staging, dir) {
            let _ = std::fs::rename(&old, dir);
            let _ = std::fs::remove_dir_all(&staging);
            return Err(io("cannot move the new output into place", dir, e));
        }
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(&staging, dir)
            .map_err(|e| io("cannot move the new output into place", dir, e))?;
    }
    Ok(())
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

fn write_tree(output: &Output, staging: &Path) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(staging).map_err(|e| {
        Diagnostic::error(staging, format!("cannot create the staging folder: {e}"))
    })?;
    // Folders first (sequentially, cheap), then files in parallel.
    let mut dirs: Vec<PathBuf> = output
        .files
        .keys()
        .filter_map(|p| Path::new(p).parent().map(Path::to_path_buf))
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
        }
    })?;
    std::fs::write(
        staging.join(MARKER),
        "This folder is written by gloss; it is replaced on every build.\n",
    )
    .map_err(|e| Diagnostic::error(staging, format!("cannot write the marker file: {e}")))
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
