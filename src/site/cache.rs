//! Cache: what `gloss serve` keeps from one build for the next, file by file.
//!
//! For each Markdown source file it keeps the file's bytes and what they gave: the page or
//! section (front matter parsed, date and URL resolved, diagnostics), and for a page its
//! rendered Markdown and its [`Memo`](super::memo) (summary, quotes, updates, feed
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

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::Path;
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
    /// [`content::load`], reusing what each unchanged file gave at the last load.
    /// Entries of files that are gone are let go.
    pub fn load(&self, config: &Config, drafts: Drafts) -> (Content, Diagnostics) {
        let old = match self.state.write() {
            Ok(mut state) => {
                if state.config.as_ref() != Some(config) {
                    state.entries.clear();
                    state.config = Some(config.clone());
                }
                std::mem::take(&mut state.entries)
            }
            Err(_) => HashMap::new(),
        };
        let fresh = Mutex::new(HashMap::with_capacity(old.len()));
        let keep = |path: &Path, entry: Arc<Entry>| {
            if let Ok(mut fresh) = fresh.lock() {
                fresh.insert(path.as_os_str().to_owned(), entry);
            }
        };
        let dir = config.content_dir();
        let read = |path: &Path| {
            let read_at = SystemTime::now();
            let stamp = Stamp::of(path);
            let entry = old.get(path.as_os_str()).filter(|e| e.complete());
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
            let mut source = content::parse_source(config, &dir, path, &bytes);
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
        let loaded = content::load_with(config, drafts, &read);
        if let (Ok(mut state), Ok(fresh)) = (self.state.write(), fresh.into_inner()) {
            state.entries = fresh;
        }
        loaded
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
        // So does a page that ran a shortcode: its rendering depends on templates and on
        // other pages' URLs as well as on its file; and one with an update notice held
        // back (or marked scheduled) whose date has come.
        let now = jiff::Timestamp::now();
        let notice_due = kept
            .rendered
            .scheduled_notices
            .iter()
            .any(|d| d.timestamp() <= now);
        if (kept.rendered.shortcodes
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
        for path in paths {
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

    /// Marks every file as changed (the watcher lost events).
    pub fn all_changed(&self) {
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
}
