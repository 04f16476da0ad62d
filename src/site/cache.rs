//! Cache: what `gloss serve` keeps from one build for the next, file by file.
//!
//! For each Markdown source file it keeps the file's bytes and what they gave: the page or
//! section (front matter parsed, date and URL resolved, diagnostics), and for a page its
//! rendered Markdown and its [`Memo`](super::memo::Memo) (summary, quotes, updates, feed
//! entry). Every build reads every Markdown file again, which is cheap, and reuses an
//! entry only when the bytes are the same as the entry's and the config is the same as
//! when the entry was made; anything else is read and rendered again. So what the cache
//! gives is what reading and rendering the file again would give, and a page is never
//! stale.
//!
//! It keeps nothing that depends on more than one file: lists, tags, feeds, the
//! navigation and the templates are made again by every build. Takes the config and the
//! pages of one build at a time; never writes anything.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::RenderedPage;
use crate::config::Config;
use crate::content::{self, Content, Drafts, Page, Source};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown;

/// Sources kept between builds (see the module docs). Share one between the builds of a
/// `gloss serve` run through [`BuildOptions::cache`](super::BuildOptions::cache).
#[derive(Debug, Default)]
pub struct BuildCache {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// The config the entries were made with, as its debug text: any change to it (a
    /// time zone, a base URL, a Markdown option, a title) empties the cache.
    config: String,
    /// Entries by the source file's absolute path, as the content walk gives it.
    entries: HashMap<PathBuf, Arc<Entry>>,
}

/// One source file as last read.
#[derive(Debug)]
struct Entry {
    bytes: Vec<u8>,
    /// What the bytes gave; a page's Markdown body is let go once rendered.
    source: Result<Source, Diagnostic>,
    /// A page as rendered, once it is (with an empty body).
    rendered: OnceLock<RenderedPage>,
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
}

impl BuildCache {
    /// [`content::load`], reusing what each unchanged file gave at the last load.
    /// Entries of files that are gone are let go.
    pub fn load(&self, config: &Config, drafts: Drafts) -> (Content, Diagnostics) {
        let config_key = format!("{config:?}");
        let old = match self.state.lock() {
            Ok(mut state) => {
                if state.config != config_key {
                    state.entries.clear();
                    state.config = config_key;
                }
                std::mem::take(&mut state.entries)
            }
            Err(_) => HashMap::new(),
        };
        let fresh = Mutex::new(HashMap::with_capacity(old.len()));
        let keep = |path: &Path, entry: Arc<Entry>| {
            if let Ok(mut fresh) = fresh.lock() {
                fresh.insert(path.to_path_buf(), entry);
            }
        };
        let dir = config.content_dir();
        let read = |path: &Path| {
            let bytes = content::read_bytes(config, path)?;
            if let Some(entry) = old.get(path)
                && entry.complete()
                && entry.bytes == bytes
            {
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
            keep(
                path,
                Arc::new(Entry {
                    bytes,
                    source: kept,
                    rendered: OnceLock::new(),
                }),
            );
            source
        };
        let loaded = content::load_with(config, drafts, &read);
        if let (Ok(mut state), Ok(fresh)) = (self.state.lock(), fresh.into_inner()) {
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
            .lock()
            .ok()
            .and_then(|state| state.entries.get(&path).cloned());
        let body = std::mem::take(&mut page.body);
        let Some(entry) = entry else {
            return RenderedPage::new(page, markdown::render(&body, options));
        };
        let kept = entry
            .rendered
            .get_or_init(|| RenderedPage::new(page.clone(), markdown::render(&body, options)));
        // The page as loaded now (its bundle's files are listed afresh by every load),
        // with the rendering and the memo kept, which depend on the file alone.
        RenderedPage {
            page,
            rendered: Arc::clone(&kept.rendered),
            memo: Arc::clone(&kept.memo),
        }
    }

    /// Number of source files kept.
    pub fn len(&self) -> usize {
        self.state.lock().map(|s| s.entries.len()).unwrap_or(0)
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
