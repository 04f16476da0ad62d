//! Cache: what `gloss serve` keeps from one build for the next, file by file.
//!
//! For each Markdown source file it keeps the file's bytes and what they gave: the page or
//! section (front matter parsed, date and URL resolved, diagnostics), and for a page its
//! rendered Markdown and its `Memo` (summary, quotes, updates, feed
//! entry). An entry is reused only while the config is the same as when it was made and
//! the file is the same:
//!
//! - A file whose `stat` (size, modification and change times, inode) is what it was
//!   when its bytes were read is not read again, if it had settled then: its times
//!   were [`SETTLED`] older than the read. A write after the read then changes a time
//!   even on file systems whose clocks tick coarsely (as git trusts its index).
//! - Any other file is read again, and its entry is reused if the bytes are the same
//!   (a save without changes, a `touch`).
//! - [`BuildCache::changed`] marks files as changed whatever their `stat` says: `gloss
//!   serve` passes every path its watcher reports.
//! - A cache made with [`BuildCache::watched`] (`gloss serve`'s) trusts the watcher: when
//!   every path reported since the last load is an edit of a file that load listed, the
//!   next load reads those files and takes every other one as it was, without listing
//!   the content folder or a `stat` of each file. [`BuildCache::check`] looks at every
//!   file as a load that trusts nothing would, for what the watcher missed.
//!
//! So what the cache gives is what reading and rendering the file again would give, and a
//! page is never stale; and a rebuild of a large site opens only the files that changed
//! (reading them all was a third of a rebuild at 10,000 posts, and each read made the
//! watcher an event to sift).
//!
//! Of what depends on more than one file it keeps only `site` (every quote and update of
//! the site, `BuildCache::site_value`), reused when every post gives it the same
//! quotes and updates in the same order as at the last build; lists, tags, feeds, the
//! navigation and the templates are made again by every build. Takes the config and the
//! pages of one build at a time; never writes anything.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, SystemTime};

use super::memo::Memo;
use super::{RenderedPage, commentary};
use crate::config::Config;
use crate::content::{self, Content, Drafts, Page, Source};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown;

/// Sources kept between builds (see the module docs). Share one between the builds of a
/// `gloss serve` run through [`BuildOptions::cache`](super::BuildOptions::cache).
#[derive(Debug, Default)]
pub struct BuildCache {
    /// Read by every page of a build at once (`render`), written between them.
    state: RwLock<State>,
    /// The last build's `site` value.
    site: Mutex<Option<KeptSite>>,
    /// Whether a file watcher reports every change through [`BuildCache::changed`] and
    /// [`BuildCache::all_changed`] ([`BuildCache::watched`]), so that a load may trust
    /// it for the files it did not report.
    watched: bool,
    /// What the watcher reported since the last load.
    reported: Mutex<Reported>,
    /// Whether a load trusted the watcher since the last full look at the files
    /// ([`BuildCache::check`]).
    unchecked: AtomicBool,
}

/// The changes a watcher reported since the last load.
#[derive(Debug, Default)]
struct Reported {
    /// The paths it named.
    paths: BTreeSet<PathBuf>,
    /// Whether those are all the changes: false until a load has listed the content
    /// folder, and after the watcher lost events or a [`BuildCache::check`] found a
    /// change it had not reported.
    complete: bool,
}

/// `site` (every quote and update of the site) as the last build made it.
#[derive(Debug)]
struct KeptSite {
    /// The config it was made with.
    config: Config,
    /// The memos of the posts it was made of, in order.
    posts: Vec<Arc<Memo>>,
    value: commentary::SiteCommentary,
}

#[derive(Debug, Default)]
struct State {
    /// The config the entries were made with: any change to it (a time zone, a base URL,
    /// a Markdown option, a title) empties the cache. Compared whole, by value: its
    /// `Debug` text is no contract and could leave a field out.
    config: Option<Config>,
    /// Entries by the source file's absolute path, as the content walk gives it (as
    /// text: hashing a `Path` walks its components, ten thousand times a build).
    entries: HashMap<OsString, Arc<Entry>>,
    /// The content folder as last listed, and its files' paths as a set.
    listing: Option<(Arc<content::Listing>, Arc<HashSet<OsString>>)>,
    /// What the last load read again, when that was only pages' bodies (see
    /// [`BuildCache::body_edits`]).
    body_edits: Option<Vec<PathBuf>>,
}

/// Whether the watcher's report `paths` (absolute) names only edits of files of
/// `listing` (of the content folder `dir`; `listed` holds the same paths): each path is
/// a file of the listing that is still a file, or is not there and held none of its
/// files (an editor's temporary file, made and renamed over a post). Anything else (a
/// file made or removed, a folder, a path outside the content folder) needs a listing.
fn reported_only_edits(
    dir: &Path,
    listing: &content::Listing,
    listed: &HashSet<OsString>,
    paths: &BTreeSet<PathBuf>,
) -> bool {
    paths.iter().all(|p| {
        if !p.starts_with(dir) {
            return false;
        }
        if listed.contains(p.as_os_str()) {
            return std::fs::metadata(p).is_ok_and(|m| m.is_file());
        }
        std::fs::symlink_metadata(p).is_err() && !listing.files.iter().any(|f| f.starts_with(p))
    })
}

/// Whether two versions of a Markdown file have the same front matter: the same text
/// up to where the body starts (fences and line breaks included, so the body starts on
/// the same line).
fn same_front_matter(a: &[u8], b: &[u8]) -> bool {
    let head = |bytes: &[u8]| {
        let text = content::decode(bytes).ok()?;
        let body = content::front_matter::split(&text).ok()?.body.len();
        Some(text[..text.len() - body].to_string())
    };
    matches!((head(a), head(b)), (Some(a), Some(b)) if a == b)
}

/// How much older than the moment its bytes are read a file's times must be for its
/// `stat` to stand for its bytes later: more than the coarsest tick of common file
/// systems' clocks (2 s on FAT, 1 s on HFS+, a scheduler tick on ext4 and others).
pub const SETTLED: Duration = Duration::from_secs(3);

/// One source file as last read.
#[derive(Debug)]
struct Entry {
    bytes: Vec<u8>,
    /// What the bytes gave; a page's Markdown body is let go once rendered.
    source: Result<Source, Diagnostic>,
    /// A page as rendered, once it is (with an empty body).
    rendered: OnceLock<RenderedPage>,
    /// The file's `stat` when `bytes` were read, if it had settled then (see [`SETTLED`]);
    /// `None` makes the next load read the file.
    stamp: Mutex<Option<Stamp>>,
}

impl Entry {
    /// Whether the entry can stand in for reading its file again: a page must have been
    /// rendered, since its body is not kept.
    fn complete(&self) -> bool {
        match &self.source {
            Ok(Source::Page(..)) => self.rendered.get().is_some(),
            Ok(Source::Section(..)) | Err(_) => true,
        }
    }

    /// Whether the file is, by its `stat`, as it was when the entry's bytes were read.
    fn unchanged(&self, now: Option<&Stamp>) -> bool {
        now.is_some()
            && self
                .stamp
                .lock()
                .is_ok_and(|kept| kept.as_ref() == now && kept.is_some())
    }

    /// Records the file's `stat` taken just before its bytes were read at `read_at`,
    /// if the file had settled then.
    fn seen(&self, stamp: Option<Stamp>, read_at: SystemTime) {
        if let Ok(mut kept) = self.stamp.lock() {
            *kept = stamp.filter(|s| s.settled(read_at));
        }
    }
}

/// What `stat` says of a file that changes when it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: SystemTime,
    /// The inode change time (seconds, nanoseconds), which no program sets at will, and
    /// the inode and device, which a save by rename changes.
    #[cfg(unix)]
    changed: (i64, i64),
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Stamp {
    /// The `stat` of the file at `path` (following links, as reading does), if any.
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok()?,
            #[cfg(unix)]
            changed: (meta.ctime(), meta.ctime_nsec()),
            #[cfg(unix)]
            inode: (meta.dev(), meta.ino()),
        })
    }

    /// Whether the file's times were [`SETTLED`] older than `read_at`.
    fn settled(&self, read_at: SystemTime) -> bool {
        let old = |t: SystemTime| read_at.duration_since(t).is_ok_and(|age| age >= SETTLED);
        #[cfg(unix)]
        let changed_old = {
            let (secs, nanos) = self.changed;
            let changed = u64::try_from(secs).ok().and_then(|s| {
                SystemTime::UNIX_EPOCH.checked_add(Duration::new(s, u32::try_from(nanos).ok()?))
            });
            changed.is_some_and(old)
        };
        #[cfg(not(unix))]
        let changed_old = true;
        old(self.modified) && changed_old
    }
}

impl BuildCache {
    /// A cache whose every change is reported by a file watcher ([`BuildCache::changed`],
    /// [`BuildCache::all_changed`]): a load after changes to files it listed, and only
    /// those, neither lists the content folder again nor looks at the other files. Call
    /// [`BuildCache::check`] now and then, for changes the watcher missed.
    pub fn watched() -> Self {
        BuildCache {
            watched: true,
            ..BuildCache::default()
        }
    }

    /// [`content::load`], reusing what each unchanged file gave at the last load.
    /// Entries of files that are gone are let go.
    pub fn load(&self, config: &Config, drafts: Drafts) -> (Content, Diagnostics) {
        let reported = match self.reported.lock() {
            Ok(mut r) if self.watched => std::mem::replace(
                &mut *r,
                Reported {
                    paths: BTreeSet::new(),
                    complete: true,
                },
            ),
            _ => Reported::default(),
        };
        let (old, listing) = match self.state.write() {
            Ok(mut state) => {
                if state.config.as_ref() != Some(config) {
                    state.entries.clear();
                    state.listing = None;
                    state.config = Some(config.clone());
                }
                (std::mem::take(&mut state.entries), state.listing.take())
            }
            Err(_) => (HashMap::new(), None),
        };
        let dir = config.content_dir();
        // The watcher stands for every file it did not name when it named only files of
        // the last listing that are still files, or paths that are not there and held
        // none of its files (an editor's temporary file, made and renamed away).
        let trusted = listing.filter(|(listing, listed)| {
            reported.complete && reported_only_edits(&dir, listing, listed, &reported.paths)
        });
        // A load that lists the folder looks at every file: it is a full check.
        self.unchecked
            .store(trusted.is_some(), std::sync::atomic::Ordering::Relaxed);
        let trusted_files = trusted.is_some();
        // The pages read again whose front matter is as it was, until a file read again
        // is anything else (`None`).
        let body_edits = Mutex::new(trusted_files.then(Vec::new));
        let not_body_only = || {
            if let Ok(mut edits) = body_edits.lock() {
                *edits = None;
            }
        };
        let fresh = Mutex::new(HashMap::with_capacity(old.len()));
        let keep = |path: &Path, entry: Arc<Entry>| {
            if let Ok(mut fresh) = fresh.lock() {
                fresh.insert(path.as_os_str().to_owned(), entry);
            }
        };
        let dir = config.content_dir();
        let read = |path: &Path| {
            let kept = old.get(path.as_os_str());
            let entry = kept.filter(|e| e.complete());
            if trusted_files
                && !reported.paths.contains(path)
                && let Some(entry) = entry
            {
                keep(path, Arc::clone(entry));
                return entry.source.clone();
            }
            let read_at = SystemTime::now();
            let stamp = Stamp::of(path);
            if let Some(entry) = entry
                && entry.unchanged(stamp.as_ref())
            {
                keep(path, Arc::clone(entry));
                return entry.source.clone();
            }
            let bytes = content::read_bytes(config, path)?;
            if let Some(entry) = entry
                && entry.bytes == bytes
            {
                entry.seen(stamp, read_at);
                keep(path, Arc::clone(entry));
                return entry.source.clone();
            }
            // A page the site leaves out (a draft) is never rendered, so its entry cannot
            // stand in for it and it is read at every load: the same bytes are no edit.
            let same_bytes = kept.is_some_and(|e| e.bytes == bytes);
            let mut source = content::parse_source(config, &dir, path, &bytes);
            let body_only = entry.is_some_and(|e| {
                matches!(e.source, Ok(Source::Page(..)))
                    && matches!(source, Ok(Source::Page(..)))
                    && same_front_matter(&e.bytes, &bytes)
            });
            match (body_only, same_bytes) {
                (true, _) => {
                    if let Ok(mut edits) = body_edits.lock()
                        && let Some(edits) = edits.as_mut()
                    {
                        edits.push(path.to_path_buf());
                    }
                }
                (false, true) => {}
                (false, false) => not_body_only(),
            }
            // The entry keeps the page without its body (rendered below, in `render`):
            // the body is most of a page, and a page is cloned from here at every build.
            let kept = match &mut source {
                Ok(Source::Page(page, diags)) => {
                    let body = std::mem::take(&mut page.body);
                    let without = page.clone();
                    page.body = body;
                    Ok(Source::Page(without, diags.clone()))
                }
                other => other.clone(),
            };
            let entry = Entry {
                bytes,
                source: kept,
                rendered: OnceLock::new(),
                stamp: Mutex::new(None),
            };
            entry.seen(stamp, read_at);
            keep(path, Arc::new(entry));
            source
        };
        let (loaded, listing) = match trusted {
            Some((listing, listed)) => {
                let mut diags = Diagnostics::default();
                diags.extend(listing.diags.iter().cloned());
                let loaded = content::load_listed(config, drafts, &listing, &read, diags);
                (loaded, Some((listing, listed)))
            }
            None if dir.is_dir() => {
                let listing = content::list(config);
                let mut diags = Diagnostics::default();
                diags.extend(listing.diags.iter().cloned());
                let loaded = content::load_listed(config, drafts, &listing, &read, diags);
                let listed = listing
                    .files
                    .iter()
                    .map(|p| p.as_os_str().to_owned())
                    .collect();
                (loaded, Some((Arc::new(listing), Arc::new(listed))))
            }
            // No content folder: the load says so.
            None => (content::load_with(config, drafts, &read), None),
        };
        if let (Ok(mut state), Ok(fresh)) = (self.state.write(), fresh.into_inner()) {
            state.entries = fresh;
            state.listing = listing;
            state.body_edits = body_edits.into_inner().ok().flatten();
        }
        loaded
    }

    /// The pages the last load read again (absolute paths, sorted) when it trusted the
    /// watcher ([`BuildCache::watched`]) and every file it read again was a page whose
    /// front matter, byte for byte, is what the load before read: an edit of posts'
    /// text, after which the site has the same pages at the same URLs with the same
    /// dates, terms and templates, and only what is made of those pages' bodies
    /// changed. `None` after any other load (a file made, removed or moved, a section
    /// or a front matter edited, the config changed, nothing trusted).
    pub fn body_edits(&self) -> Option<Vec<PathBuf>> {
        let mut edits = self.state.read().ok()?.body_edits.clone()?;
        edits.sort();
        Some(edits)
    }

    /// Whether a load trusted the watcher for the files it did not report since the last
    /// [`BuildCache::check`].
    pub fn unchecked(&self) -> bool {
        self.unchecked.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Looks at every file as a load that trusts nothing would: lists the content
    /// folder again and compares each Markdown file's `stat` (its bytes, when the `stat`
    /// differs) with what was kept. Gives the paths that changed without the watcher
    /// reporting them (files made, removed or written); those are marked changed, and
    /// the next load lists the folder again. Empty when everything is as kept.
    pub fn check(&self) -> Vec<PathBuf> {
        use rayon::prelude::*;
        self.unchecked
            .store(false, std::sync::atomic::Ordering::Relaxed);
        let found: Vec<PathBuf> = {
            let Ok(state) = self.state.read() else {
                return Vec::new();
            };
            let (Some(config), Some((listing, listed))) = (&state.config, &state.listing) else {
                return Vec::new();
            };
            let dir = config.content_dir();
            if dir.is_dir() {
                let now = content::list(config);
                let now_set: HashSet<&std::ffi::OsStr> =
                    now.files.iter().map(|p| p.as_os_str()).collect();
                let mut found: Vec<PathBuf> = now
                    .files
                    .iter()
                    .filter(|p| !listed.contains(p.as_os_str()))
                    .cloned()
                    .collect();
                found.extend(
                    listing
                        .files
                        .iter()
                        .filter(|p| !now_set.contains(p.as_os_str()))
                        .cloned(),
                );
                if now.diags != listing.diags {
                    found.push(dir);
                }
                let written: Vec<PathBuf> = state
                    .entries
                    .par_iter()
                    .filter_map(|(path, entry)| {
                        let path = Path::new(path);
                        let read_at = SystemTime::now();
                        let stamp = Stamp::of(path);
                        if entry.unchanged(stamp.as_ref()) {
                            return None;
                        }
                        match std::fs::read(path) {
                            Ok(bytes) if bytes == entry.bytes => {
                                entry.seen(stamp, read_at);
                                None
                            }
                            Ok(_) => Some(path.to_path_buf()),
                            // Gone: the listing says so already.
                            Err(_) => None,
                        }
                    })
                    .collect();
                found.extend(written);
                found.sort();
                found.dedup();
                found
            } else {
                vec![dir]
            }
        };
        if !found.is_empty() {
            if let Ok(mut reported) = self.reported.lock() {
                reported.complete = false;
            }
            self.changed(found.iter().map(PathBuf::as_path));
        }
        found
    }

    /// Renders a page of the last [`BuildCache::load`] with `options` (the config's
    /// Markdown options), or gives the rendering kept for it; the page's body is let go.
    pub fn render(
        &self,
        config: &Config,
        mut page: Page,
        options: &markdown::Options,
    ) -> RenderedPage {
        let path = config.root.join(&page.source);
        let entry = self
            .state
            .read()
            .ok()
            .and_then(|state| state.entries.get(path.as_os_str()).cloned());
        let body = std::mem::take(&mut page.body);
        let Some(entry) = entry else {
            return RenderedPage::new(page, markdown::render(&body, options));
        };
        let kept = entry
            .rendered
            .get_or_init(|| RenderedPage::new(page.clone(), markdown::render(&body, options)));
        // An image the page shows changed since it was rendered (its size, its versions):
        // render it again from its file (the entry keeps no body), without keeping that.
        // So does a page that ran a shortcode or has an `@/` link: its rendering depends
        // on templates and on other pages' URLs as well as on its file; and one with an
        // update notice held back (or marked scheduled) whose date has come.
        let now = jiff::Timestamp::now();
        let notice_due = kept
            .rendered
            .scheduled_notices
            .iter()
            .any(|d| d.timestamp() <= now);
        if (kept.rendered.shortcodes
            || kept.rendered.internal_links
            || notice_due
            || !markdown::images::unchanged(&kept.rendered, options))
            && let Ok(Source::Page(fresh, _)) =
                content::read_source(config, &config.content_dir(), &path)
        {
            return RenderedPage::new(page, markdown::render(&fresh.body, options));
        }
        // The page as loaded now (its bundle's files are listed afresh by every load),
        // with the rendering and the memo kept, which depend on the file alone.
        RenderedPage {
            page,
            rendered: Arc::clone(&kept.rendered),
            memo: Arc::clone(&kept.memo),
        }
    }

    /// [`commentary::site_value`] of `posts` (newest first), or the value of the last
    /// build when it was made of the same posts in the same order, each giving the same
    /// quotes and updates: an edit of a post's text leaves `site` as it was.
    pub(super) fn site_value(
        &self,
        config: &Config,
        posts: &[&RenderedPage],
    ) -> commentary::SiteCommentary {
        let Ok(mut kept) = self.site.lock() else {
            return commentary::site_value(config, posts);
        };
        if let Some(k) = kept.as_ref()
            && k.config == *config
            && k.posts.len() == posts.len()
            && k.posts.iter().zip(posts).all(|(memo, rp)| {
                Arc::ptr_eq(memo, &rp.memo) || commentary::same_site_parts(config, memo, rp)
            })
        {
            return k.value.clone();
        }
        let value = commentary::site_value(config, posts);
        *kept = Some(KeptSite {
            config: config.clone(),
            posts: posts.iter().map(|rp| Arc::clone(&rp.memo)).collect(),
            value: value.clone(),
        });
        value
    }

    /// Marks the files at `paths`, and the files under the folders among them, as
    /// changed: the next load reads them whatever their `stat` says.
    pub fn changed<'p>(&self, paths: impl IntoIterator<Item = &'p Path>) {
        let Ok(state) = self.state.read() else {
            return;
        };
        let mut reported = self.reported.lock().ok();
        for path in paths {
            if let Some(reported) = reported.as_mut() {
                reported.paths.insert(path.to_path_buf());
            }
            if let Some(entry) = state.entries.get(path.as_os_str()) {
                entry.seen(None, SystemTime::now());
            } else if path.is_dir() {
                // A folder moved into place: what is under it. (A new file has no entry,
                // and the files of a folder gone are not listed again.)
                for (file, entry) in &state.entries {
                    if Path::new(file).starts_with(path) {
                        entry.seen(None, SystemTime::now());
                    }
                }
            }
        }
    }

    /// Marks every file as changed (the watcher lost events); the next load lists the
    /// content folder again.
    pub fn all_changed(&self) {
        if let Ok(mut reported) = self.reported.lock() {
            reported.complete = false;
        }
        if let Ok(state) = self.state.read() {
            for entry in state.entries.values() {
                entry.seen(None, SystemTime::now());
            }
        }
    }

    /// Number of source files kept.
    pub fn len(&self) -> usize {
        self.state.read().map(|s| s.entries.len()).unwrap_or(0)
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry {
            bytes: Vec::new(),
            source: Err(Diagnostic::error("", "unused")),
            rendered: OnceLock::new(),
            stamp: Mutex::new(None),
        }
    }

    #[test]
    fn a_file_written_just_before_it_was_read_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "one").unwrap();
        let stamp = Stamp::of(&path).unwrap();
        let now = SystemTime::now();
        // A write in the same tick of a coarse clock would leave this stamp as it is.
        assert!(!stamp.settled(now));
        let e = entry();
        e.seen(Some(stamp), now);
        assert!(!e.unchanged(Some(&stamp)));
        // Read once the file had settled, the stamp stands for the bytes.
        let later = now + SETTLED + Duration::from_secs(1);
        assert!(stamp.settled(later));
        e.seen(Some(stamp), later);
        assert!(e.unchanged(Some(&stamp)));
        // Any write changes it, even one of the same length.
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&path, "two").unwrap();
        let after = Stamp::of(&path).unwrap();
        assert_ne!(after, stamp);
        assert!(!e.unchanged(Some(&after)));
        // A file that cannot be looked at is never taken as unchanged.
        assert!(!e.unchanged(None));
    }

    /// The HTML of the page at `path` in a build of `config` sharing `cache`.
    fn page(config: &Config, cache: &Arc<BuildCache>, path: &str) -> String {
        let options = super::super::BuildOptions {
            cache: Some(Arc::clone(cache)),
            ..Default::default()
        };
        let built = super::super::build(config, &options).unwrap();
        match built.output.get(path) {
            Some(crate::output::OutputFile::Bytes(b)) => String::from_utf8(b.clone()).unwrap(),
            other => panic!("{path}: {other:?}"),
        }
    }

    #[test]
    fn a_changed_config_renders_every_page_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/posts")).unwrap();
        std::fs::write(
            dir.path().join("content/posts/a.md"),
            "---\ntitle: A\ndate: 2024-01-02\n---\n\"Quoted\" -- said.\n",
        )
        .unwrap();
        let cache = Arc::new(BuildCache::default());
        let mut config = Config::default_for(dir.path());
        let curly = page(&config, &cache, "posts/a/index.html");
        assert!(curly.contains('\u{201C}'), "{curly}");
        // Only a Markdown option changes: the kept rendering must not be reused.
        config.markdown.smart_punctuation = false;
        let straight = page(&config, &cache, "posts/a/index.html");
        assert!(!straight.contains('\u{201C}'), "{straight}");
        // And back: equal configs share the cache again, giving what a fresh build gives.
        config.markdown.smart_punctuation = true;
        assert_eq!(page(&config, &cache, "posts/a/index.html"), curly);
    }

    /// The titles of the pages a load of `config` through `cache` gives, sorted.
    fn titles(config: &Config, cache: &BuildCache) -> Vec<String> {
        let (content, _) = cache.load(config, Drafts::Exclude);
        let options = super::super::markdown_options(config);
        let mut titles: Vec<String> = content
            .pages
            .into_iter()
            .map(|page| {
                let rp = cache.render(config, page, &options);
                rp.page.title.clone()
            })
            .collect();
        titles.sort();
        titles
    }

    #[test]
    fn a_watched_cache_trusts_the_watcher_for_edits_and_a_check_finds_what_it_missed() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let posts = root.join("content/posts");
        std::fs::create_dir_all(&posts).unwrap();
        let post = |name: &str, title: &str| {
            std::fs::write(
                posts.join(name),
                format!("---\ntitle: {title}\ndate: 2024-01-02\n---\nText.\n"),
            )
            .unwrap();
        };
        post("a.md", "A");
        post("b.md", "B");
        let config = Config::default_for(&root);
        let cache = BuildCache::watched();
        assert_eq!(titles(&config, &cache), ["A", "B"]);
        assert!(!cache.unchecked(), "a first load lists the folder");

        // A reported edit is read; a post made and an edit the watcher did not report
        // are not seen by a load that trusts it.
        post("a.md", "A2");
        post("b.md", "B2");
        post("c.md", "C");
        cache.changed([posts.join("a.md").as_path()]);
        assert_eq!(titles(&config, &cache), ["A2", "B"]);
        assert!(cache.unchecked());

        // The check finds both, and the next load lists the folder and reads them.
        let missed = cache.check();
        assert_eq!(missed, [posts.join("b.md"), posts.join("c.md")]);
        assert!(!cache.unchecked());
        assert_eq!(titles(&config, &cache), ["A2", "B2", "C"]);
        assert!(cache.check().is_empty(), "nothing more to find");

        // A reported new file, or a removed one, makes the load list the folder.
        post("d.md", "D");
        cache.changed([posts.join("d.md").as_path()]);
        assert_eq!(titles(&config, &cache), ["A2", "B2", "C", "D"]);
        assert!(!cache.unchecked());
        std::fs::remove_file(posts.join("c.md")).unwrap();
        cache.changed([posts.join("c.md").as_path()]);
        assert_eq!(titles(&config, &cache), ["A2", "B2", "D"]);

        // Lost events: the load lists the folder and looks at every file.
        post("e.md", "E");
        post("a.md", "A3");
        cache.all_changed();
        assert_eq!(titles(&config, &cache), ["A3", "B2", "D", "E"]);
        assert!(!cache.unchecked());

        // A cache without a watcher never trusts one.
        let plain = BuildCache::default();
        assert_eq!(titles(&config, &plain), ["A3", "B2", "D", "E"]);
        post("f.md", "F");
        plain.changed([posts.join("a.md").as_path()]);
        assert_eq!(titles(&config, &plain), ["A3", "B2", "D", "E", "F"]);
    }

    #[test]
    fn only_edits_of_listed_files_spare_a_listing() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let content = root.join("content");
        std::fs::create_dir_all(content.join("posts")).unwrap();
        std::fs::write(content.join("posts/a.md"), "a").unwrap();
        std::fs::write(content.join("posts/new.md"), "new").unwrap();
        let listing = content::Listing {
            files: vec![content.join("posts/a.md"), content.join("posts/gone.md")],
            diags: Vec::new(),
        };
        let listed = listing
            .files
            .iter()
            .map(|p| p.as_os_str().to_owned())
            .collect();
        let only_edits = |paths: &[PathBuf]| {
            reported_only_edits(
                &content,
                &listing,
                &listed,
                &paths.iter().cloned().collect(),
            )
        };
        // An edit, and an editor's temporary file that is gone again.
        assert!(only_edits(&[
            content.join("posts/a.md"),
            content.join("posts/.a.md.tmp"),
        ]));
        assert!(only_edits(&[]));
        // A file made, a listed file gone, the folder itself, a path outside the
        // content folder.
        assert!(!only_edits(&[content.join("posts/new.md")]));
        assert!(!only_edits(&[content.join("posts/gone.md")]));
        assert!(!only_edits(std::slice::from_ref(&content)));
        assert!(!only_edits(&[root.join("templates/page.html")]));
        std::fs::remove_dir_all(content.join("posts")).unwrap();
        assert!(!only_edits(&[content.join("posts")]));
        assert!(!only_edits(&[content.join("posts/a.md")]));
    }
}
