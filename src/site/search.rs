//! Search: the site's Pagefind index, made from the pages as they are rendered.
//!
//! Takes each page's rendered HTML (its own page, as readers get it) and returns the
//! files of `/pagefind/`: the chunked index a reader's browser downloads piece by piece,
//! and Pagefind's scripts, styles and WebAssembly, which the `pagefind` crate carries (so
//! a site's search makes no third-party request). What is indexed is the theme's choice,
//! made with Pagefind's attributes in its templates (`data-pagefind-body`,
//! `-filter`, `-meta`, `-ignore`; docs/search.md); quoted passages and update notices
//! carry `data-pagefind-title` from the Markdown stage ([`crate::markdown::search_title`]),
//! which makes each a result of its own that links to its anchor.
//!
//! Pagefind's index sits behind one lock: a page given with `add_html_file` is read on
//! one thread while the lock is held, so pages given one at a time are read one after
//! another. Its `add_directory` reads a folder's pages on every core (rayon) instead. So
//! an [`Indexer`] gathers pages into batches of [`BATCH`], and a thread of its own writes
//! each batch into a temporary folder of its own (at the paths that give back the pages'
//! URLs), has Pagefind read the folder while the next pages render, and removes it. Batches are
//! cut by count, in the order pages are given, so the same site gives the same index;
//! within a batch Pagefind takes the files in the order the file system lists them, which
//! is the same from build to build on one machine (see [`batch_homes`]).
//! Nothing here writes outside that folder or renders a template.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::RenderedPage;
use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// The output folder of the index and Pagefind's files (`/pagefind/`).
pub(crate) const DIR: &str = "pagefind";

/// The output path of the search page (`/search/`), made with `search.html`.
pub(crate) const PAGE: &str = "search/index.html";

/// Pages Pagefind reads at once: enough to keep every core busy for a while, few enough
/// that a batch's HTML takes little memory (about 1 MB for posts of 900 words).
const BATCH: usize = 64;

/// Batches waiting for the indexer at most, besides the one it reads: handing one over
/// rarely waits, and a slow index holds little in memory.
const QUEUE: usize = 3;

/// Whether a page goes into the index: the site has search on, and the page's front
/// matter does not say `search: false`.
pub(crate) fn indexes(config: &Config, rp: &RenderedPage) -> bool {
    config.search && rp.page.front.search != Some(false)
}

/// One page for the index: its site path (`/posts/a/`; Pagefind's script puts the base
/// URL's sub-path in front) and its HTML.
pub(crate) type Page = (String, String);

/// The files of `/pagefind/` (paths relative to the output folder) and the warnings of
/// pages Pagefind could not read.
pub(crate) type Files = (Vec<(String, Vec<u8>)>, Vec<Diagnostic>);

/// Pagefind at work on a thread of its own: [`Indexer::add`] the pages, then
/// [`Indexer::finish`]. Dropped without finishing, it stops without making the files.
pub(crate) struct Indexer {
    batch: Vec<Page>,
    batches: Option<SyncSender<Vec<Page>>>,
    abandoned: Arc<AtomicBool>,
    thread: Option<JoinHandle<Result<Files, String>>>,
}

impl Indexer {
    /// Starts an empty index for a site in `config.language`, its batch folders made in
    /// the first of [`batch_homes`] that takes one.
    pub(crate) fn start(config: &Config) -> Indexer {
        let homes = batch_homes(
            std::env::var_os("TMPDIR"),
            std::env::var_os("XDG_RUNTIME_DIR"),
            Path::new(SHARED_MEMORY).is_dir(),
        );
        Indexer::start_in(&config.language, homes)
    }

    /// Starts an empty index for a site in `language`, its batch folders made in the
    /// first folder of `homes` that takes one.
    fn start_in(language: &str, homes: Vec<PathBuf>) -> Indexer {
        let (tx, rx) = sync_channel(QUEUE);
        let language = language.to_ascii_lowercase();
        let abandoned = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&abandoned);
        let thread = std::thread::Builder::new()
            .name("gloss-search".into())
            .spawn(move || index(&language, &homes, rx, &stop))
            .ok();
        Indexer {
            batch: Vec::with_capacity(BATCH),
            batches: Some(tx),
            abandoned,
            thread,
        }
    }

    /// Adds a page: `url` its site path (`/posts/a/`), `html` the whole page. Every
    /// [`BATCH`] pages go to the indexer; waits while it is [`QUEUE`] batches behind.
    pub(crate) fn add(&mut self, url: String, html: String) {
        self.batch.push((url, html));
        if self.batch.len() == BATCH {
            self.send();
        }
    }

    /// Hands the pages gathered to the indexer.
    fn send(&mut self) {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        if let Some(tx) = &self.batches
            && !batch.is_empty()
        {
            // A closed channel means the indexer stopped; `finish` reports why.
            let _ = tx.send(batch);
        }
    }

    /// Waits for the pages given so far to be indexed and returns the files.
    ///
    /// Errors: the indexing thread could not start, panicked, or Pagefind could not
    /// make its files (a bug, in gloss or in Pagefind).
    pub(crate) fn finish(mut self) -> Result<Files, Diagnostic> {
        self.send();
        drop(self.batches.take());
        let failed = |why: String| {
            Diagnostic::error(DIR, format!("the search index could not be made: {why}"))
                .with_help("set search = false in gloss.toml to build without it, and report this as a bug in gloss")
        };
        let thread = self
            .thread
            .take()
            .ok_or_else(|| failed("cannot start its thread".into()))?;
        match thread.join() {
            Ok(result) => result.map_err(failed),
            Err(_) => Err(failed("the indexer crashed".into())),
        }
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        // Closing the channel ends the thread once it has read what it was given; left
        // unfinished, it makes no files. Waited for (at most the batch being read), so
        // that it removes its batch folder before the process can exit.
        if let Some(thread) = self.thread.take() {
            self.abandoned.store(true, Ordering::Relaxed);
            drop(self.batches.take());
            let _ = thread.join();
        }
    }
}

/// Where a page at site path `url` goes in a batch folder so that Pagefind gives it back
/// that URL (Pagefind takes the path from the folder, drops `index.html`, puts `/` in
/// front and percent-encodes what a path cannot hold): `/posts/a/` → `posts/a/index.html`,
/// `/2017/a.html` → `2017/a.html`. `None` for a path Pagefind would give back changed (it
/// holds `%`, `#`, `?`, a space, …) or that is no plain relative file path: such a page is
/// given to Pagefind by itself, with its URL.
fn batch_file(url: &str) -> Option<String> {
    let rel = url.strip_prefix('/')?;
    let file = match rel.is_empty() || rel.ends_with('/') {
        true => format!("{rel}index.html"),
        false => rel.to_string(),
    };
    let plain = |c: char| {
        !c.is_control()
            && !matches!(
                c,
                ' ' | '"' | '#' | '%' | '<' | '>' | '?' | '`' | '{' | '}' | '\\' | ':'
            )
    };
    let parts_ok = file
        .split('/')
        .all(|part| !part.is_empty() && part != "." && part != "..");
    (file.ends_with(".html") && parts_ok && file.chars().all(plain)).then_some(file)
}

/// Linux's shared-memory file system, a tmpfs on every distribution.
const SHARED_MEMORY: &str = "/dev/shm";

/// Where batch folders may be made, best first: the folder `TMPDIR` names when it is set
/// (the user's choice), else a memory-backed folder — `XDG_RUNTIME_DIR`, else
/// [`SHARED_MEMORY`] when `shared_memory` says it exists — then the system's temporary
/// folder.
///
/// Why memory first: each page of a batch needs a folder of its own (`posts/a/index.html`
/// gives Pagefind `/posts/a/`), and removing a folder frees a block on the disk; on a
/// file system mounted with `discard` that waits on the device, about 3.5 ms a folder on
/// an ext4 virtual disk, which doubled the wall time of a 1,000-post build
/// (docs/benchmarks.md, "Search"). A batch is about 1 MB, and one exists at a time.
fn batch_homes(
    tmpdir: Option<OsString>,
    runtime: Option<OsString>,
    shared_memory: bool,
) -> Vec<PathBuf> {
    let set = |v: Option<OsString>| v.filter(|v| !v.is_empty()).map(PathBuf::from);
    let mut homes = Vec::new();
    if let Some(tmpdir) = set(tmpdir) {
        homes.push(tmpdir);
    } else {
        homes.extend(set(runtime));
        if shared_memory {
            homes.push(PathBuf::from(SHARED_MEMORY));
        }
    }
    homes.push(std::env::temp_dir());
    homes
}

/// Makes a batch folder in the first of `homes` that takes one, and moves that home to
/// the front so that the next batch tries it first.
///
/// Errors: no folder of `homes` takes one (the last one's reason is given).
fn batch_folder(homes: &mut [PathBuf]) -> Result<tempfile::TempDir, String> {
    let mut last = String::from("no folder to make it in");
    let mut made = None;
    for (i, home) in homes.iter().enumerate() {
        match tempfile::Builder::new()
            .prefix(BATCH_PREFIX)
            .tempdir_in(home)
        {
            Ok(folder) => {
                made = Some((i, folder));
                break;
            }
            Err(e) => last = format!("cannot make a temporary folder in {}: {e}", home.display()),
        }
    }
    let (i, folder) = made.ok_or(last)?;
    homes[..=i].rotate_right(1);
    Ok(folder)
}

/// The name every batch folder starts with.
const BATCH_PREFIX: &str = "gloss-search-";

/// How old a batch folder must be to be taken for one a stopped process left behind. A
/// batch is read within seconds; a process killed meanwhile (SIGKILL, a crash, a power
/// cut) cannot remove its folder, which in a memory-backed home holds memory until the
/// machine restarts.
const STALE: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Removes the batch folders in `home` last modified more than [`STALE`] before `now`.
/// Best effort: a folder that cannot be read or removed is left as it is (another user's,
/// say), and nothing is reported, since the build does not depend on it.
fn sweep_stale(home: &Path, now: std::time::SystemTime) {
    let Ok(entries) = std::fs::read_dir(home) else {
        return;
    };
    for entry in entries.flatten() {
        let ours = entry
            .file_name()
            .to_str()
            .is_some_and(|name| name.starts_with(BATCH_PREFIX));
        // `file_type` does not follow a link: a link named like a batch folder is not
        // ours to follow.
        let folder = entry.file_type().is_ok_and(|t| t.is_dir());
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| now.duration_since(modified).is_ok_and(|age| age > STALE));
        if ours && folder && stale {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The indexing thread: reads batches until the channel closes, then makes the files.
fn index(
    language: &str,
    homes: &[PathBuf],
    batches: Receiver<Vec<Page>>,
    abandoned: &AtomicBool,
) -> Result<Files, String> {
    // Pagefind's API is async; one thread (and the blocking pool it asks for) does.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start its runtime: {e}"))?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        let mut homes = homes.to_vec();
        let mut warnings = Vec::new();
        let mut swept = false;
        for batch in batches {
            if abandoned.load(Ordering::Relaxed) {
                return Ok((Vec::new(), Vec::new()));
            }
            // A folder of its own for each batch, removed as soon as it is read: a
            // process stopped meanwhile leaves at most one batch behind, which a later
            // build sweeps away.
            let folder = batch_folder(&mut homes)?;
            if !swept {
                swept = true;
                if let Some(home) = folder.path().parent() {
                    sweep_stale(home, std::time::SystemTime::now());
                }
            }
            let alone = write_batch(folder.path(), batch);
            let written = alone.written;
            if written > 0 {
                let dir = folder.path().to_string_lossy().into_owned();
                match index.add_directory(dir, Some("**/*.html".into())).await {
                    Ok(read) if read < written => warnings.push(Diagnostic::warning(
                        DIR,
                        format!(
                            "pages were left out of the search index: Pagefind read {read} of a batch of {written}"
                        ),
                    )),
                    Ok(_) => {}
                    Err(e) => warnings.push(Diagnostic::warning(
                        DIR,
                        format!("pages were left out of the search index: a batch of {written}: {e}"),
                    )),
                }
            }
            folder
                .close()
                .map_err(|e| format!("cannot remove its temporary folder: {e}"))?;
            for (url, html) in alone.pages {
                if let Err(e) = index.add_html_file(None, Some(url.clone()), html).await {
                    warnings.push(Diagnostic::warning(
                        DIR,
                        format!("a page was left out of the search index ({url}): {e}"),
                    ));
                }
            }
        }
        if abandoned.load(Ordering::Relaxed) {
            return Ok((Vec::new(), Vec::new()));
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        let files = files
            .into_iter()
            .map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                (format!("{DIR}/{name}"), f.contents)
            })
            .collect();
        Ok((files, warnings))
    })
}

/// What [`write_batch`] did: how many pages it wrote, and the pages to give one by one.
struct Written {
    written: usize,
    pages: Vec<Page>,
}

/// Writes the pages of `batch` into `folder` at their [`batch_file`] paths; the pages
/// that have none, or whose file would land on another's (a file system that ignores
/// case), or that cannot be written, are given back to be indexed one by one.
fn write_batch(folder: &Path, batch: Vec<Page>) -> Written {
    let mut written = 0;
    let mut pages = Vec::new();
    for (url, html) in batch {
        let path = batch_file(&url).map(|file| folder.join(file));
        let wrote = path.is_some_and(|path| {
            !path.exists()
                && path
                    .parent()
                    .is_some_and(|dir| std::fs::create_dir_all(dir).is_ok())
                && std::fs::write(&path, html.as_bytes()).is_ok()
        });
        match wrote {
            true => written += 1,
            false => pages.push((url, html)),
        }
    }
    Written { written, pages }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_goes_where_pagefind_gives_back_its_url() {
        assert_eq!(
            batch_file("/posts/a/").as_deref(),
            Some("posts/a/index.html")
        );
        assert_eq!(batch_file("/").as_deref(), Some("index.html"));
        assert_eq!(batch_file("/2017/a.html").as_deref(), Some("2017/a.html"));
        assert_eq!(
            batch_file("/posts/café/").as_deref(),
            Some("posts/café/index.html")
        );
    }

    #[test]
    fn a_path_pagefind_would_change_is_given_alone() {
        for url in [
            "posts/a/",
            "/posts/a b/",
            "/posts/50%/",
            "/posts/a#b/",
            "/posts/../a/",
            "/posts//a/",
            "/feed.json",
            "/posts/a\\b/",
        ] {
            assert_eq!(batch_file(url), None, "{url}");
        }
    }

    /// A build that fails drops its indexer unfinished, and the process then exits:
    /// the batch folder is gone by then.
    #[test]
    fn an_indexer_dropped_unfinished_leaves_no_folder_behind() {
        let temp = tempfile::tempdir().unwrap();
        let mut indexer = Indexer::start_in("en", vec![temp.path().to_path_buf()]);
        for i in 0..(BATCH * 3) {
            let html = format!("<html lang=\"en\"><body><p>Page {i} words.</p></body></html>");
            indexer.add(format!("/posts/p{i}/"), html);
        }
        drop(indexer);
        assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 0);
    }

    #[test]
    fn an_indexer_finished_leaves_no_folder_behind() {
        let temp = tempfile::tempdir().unwrap();
        let mut indexer = Indexer::start_in("en", vec![temp.path().to_path_buf()]);
        for i in 0..=BATCH {
            let html = format!("<html lang=\"en\"><body><p>Page {i} words.</p></body></html>");
            indexer.add(format!("/posts/p{i}/"), html);
        }
        let (files, warnings) = indexer.finish().unwrap();
        assert!(warnings.is_empty());
        assert!(files.iter().any(|(path, _)| path.ends_with(".pf_meta")));
        assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 0);
    }

    /// Makes `home/name` (a folder holding a page, as a killed process leaves a batch).
    fn left_behind(home: &Path, name: &str) -> PathBuf {
        let folder = home.join(name);
        std::fs::create_dir_all(folder.join("posts/a")).unwrap();
        std::fs::write(folder.join("posts/a/index.html"), "<p>a</p>").unwrap();
        folder
    }

    #[test]
    fn only_batch_folders_older_than_an_hour_are_swept() {
        let temp = tempfile::tempdir().unwrap();
        let old = left_behind(temp.path(), "gloss-search-old");
        let fresh = left_behind(temp.path(), "gloss-search-fresh");
        let other = left_behind(temp.path(), "someone-elses");
        let file = temp.path().join("gloss-search-file");
        std::fs::write(&file, "not a folder").unwrap();
        let now = std::time::SystemTime::now();
        // Seen from two hours on, every one of them is old.
        let later = now + std::time::Duration::from_secs(2 * 60 * 60);
        std::fs::File::open(&fresh)
            .unwrap()
            .set_modified(later)
            .unwrap();
        sweep_stale(temp.path(), later);
        assert!(!old.exists());
        assert!(fresh.exists(), "a folder as new as `now` is in use");
        assert!(other.exists() && file.exists(), "not a batch folder");
        // Within the hour, nothing goes.
        let kept = left_behind(temp.path(), "gloss-search-kept");
        sweep_stale(temp.path(), now + STALE / 2);
        assert!(kept.exists());
    }

    #[test]
    fn an_index_sweeps_the_folders_a_killed_build_left() {
        let temp = tempfile::tempdir().unwrap();
        let old = left_behind(temp.path(), "gloss-search-killed");
        let hours_ago = std::time::SystemTime::now() - 2 * STALE;
        std::fs::File::open(&old)
            .unwrap()
            .set_modified(hours_ago)
            .unwrap();
        let mut indexer = Indexer::start_in("en", vec![temp.path().to_path_buf()]);
        indexer.add(
            "/posts/p/".into(),
            "<html lang=\"en\"><body><p>Words.</p></body></html>".into(),
        );
        let (files, _) = indexer.finish().unwrap();
        assert!(!files.is_empty());
        assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 0);
    }

    #[test]
    fn batches_go_to_tmpdir_when_it_is_set_else_to_memory_first() {
        let os = |s: &str| Some(OsString::from(s));
        let system = std::env::temp_dir();
        assert_eq!(
            batch_homes(os("/scratch"), os("/run/user/1000"), true),
            [PathBuf::from("/scratch"), system.clone()]
        );
        assert_eq!(
            batch_homes(None, os("/run/user/1000"), true),
            [
                PathBuf::from("/run/user/1000"),
                PathBuf::from(SHARED_MEMORY),
                system.clone()
            ]
        );
        assert_eq!(
            batch_homes(os(""), None, true),
            [PathBuf::from(SHARED_MEMORY), system.clone()]
        );
        assert_eq!(batch_homes(None, None, false), [system]);
    }

    #[test]
    fn a_batch_folder_is_made_in_the_next_home_when_one_fails() {
        let good = tempfile::tempdir().unwrap();
        let missing = good.path().join("missing");
        let mut homes = vec![missing.clone(), good.path().to_path_buf()];
        let folder = batch_folder(&mut homes).unwrap();
        assert_eq!(folder.path().parent(), Some(good.path()));
        // The home that worked is tried first from then on.
        assert_eq!(homes, [good.path().to_path_buf(), missing.clone()]);
        drop(folder);
        let err = batch_folder(&mut [missing.clone()]).unwrap_err();
        assert!(err.contains(&missing.display().to_string()), "{err}");
    }

    #[test]
    fn an_indexer_whose_first_home_fails_indexes_in_the_next() {
        let temp = tempfile::tempdir().unwrap();
        let homes = vec![temp.path().join("missing"), temp.path().to_path_buf()];
        let mut indexer = Indexer::start_in("en", homes);
        for i in 0..=BATCH {
            let html = format!("<html lang=\"en\"><body><p>Page {i} words.</p></body></html>");
            indexer.add(format!("/posts/p{i}/"), html);
        }
        let (files, warnings) = indexer.finish().unwrap();
        assert!(warnings.is_empty());
        let fragments = files
            .iter()
            .filter(|(path, _)| path.contains("/fragment/"))
            .count();
        assert_eq!(fragments, BATCH + 1);
        assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 0);
    }

    #[test]
    fn pages_whose_files_collide_are_given_alone() {
        let folder = tempfile::tempdir().unwrap();
        let page = |url: &str| (url.to_string(), format!("<html><body>{url}</body></html>"));
        let done = write_batch(
            folder.path(),
            vec![
                page("/posts/a/"),
                page("/posts/a/"),
                page("/x y/"),
                page("/posts/b/"),
            ],
        );
        assert_eq!(done.written, 2);
        let alone: Vec<&str> = done.pages.iter().map(|(url, _)| url.as_str()).collect();
        assert_eq!(alone, ["/posts/a/", "/x y/"]);
        assert!(folder.path().join("posts/b/index.html").is_file());
    }
}
