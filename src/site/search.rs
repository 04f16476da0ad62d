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
//! Pagefind reads pages one at a time (its index is behind one lock), so an [`Indexer`]
//! runs it on a thread of its own while the pages go on being rendered, and takes them
//! in the order they are given: the same site gives the same index, byte for byte.
//! Nothing here writes to disk or renders a template.

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

/// Pages waiting for the indexer at most: more than a chunk of rendered pages (so handing
/// one over rarely waits), few enough that a slow index holds little in memory.
const QUEUE: usize = 256;

/// Whether a page goes into the index: the site has search on, the page is written as
/// HTML (not `/feed.json`), and its front matter does not say `search: false`.
pub(crate) fn indexes(config: &Config, rp: &RenderedPage) -> bool {
    config.search && rp.page.front.search != Some(false) && rp.page.is_html()
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
    pages: Option<SyncSender<Page>>,
    abandoned: Arc<AtomicBool>,
    thread: Option<JoinHandle<Result<Files, String>>>,
}

impl Indexer {
    /// Starts an empty index for a site in `config.language`.
    pub(crate) fn start(config: &Config) -> Indexer {
        let (tx, rx) = sync_channel(QUEUE);
        let language = config.language.to_ascii_lowercase();
        let abandoned = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&abandoned);
        let thread = std::thread::Builder::new()
            .name("gloss-search".into())
            .spawn(move || index(&language, rx, &stop))
            .ok();
        Indexer {
            pages: Some(tx),
            abandoned,
            thread,
        }
    }

    /// Adds a page: `url` its site path (`/posts/a/`), `html` the whole page. Waits while the indexer is [`QUEUE`] pages behind.
    pub(crate) fn add(&self, url: String, html: String) {
        if let Some(tx) = &self.pages {
            // A closed channel means the indexer stopped; `finish` reports why.
            let _ = tx.send((url, html));
        }
    }

    /// Waits for the pages given so far to be indexed and returns the files.
    ///
    /// Errors: the indexing thread could not start, panicked, or Pagefind could not
    /// make its files (a bug, in gloss or in Pagefind).
    pub(crate) fn finish(mut self) -> Result<Files, Diagnostic> {
        drop(self.pages.take());
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
        // unfinished, it makes no files.
        if self.thread.is_some() {
            self.abandoned.store(true, Ordering::Relaxed);
        }
        drop(self.pages.take());
    }
}

/// The indexing thread: reads pages until the channel closes, then makes the files.
fn index(language: &str, pages: Receiver<Page>, abandoned: &AtomicBool) -> Result<Files, String> {
    // Pagefind's API is async; one thread (and the blocking pool it asks for) does.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start its runtime: {e}"))?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        let mut warnings = Vec::new();
        for (url, html) in pages {
            if abandoned.load(Ordering::Relaxed) {
                return Ok((Vec::new(), Vec::new()));
            }
            if let Err(e) = index.add_html_file(None, Some(url.clone()), html).await {
                warnings.push(Diagnostic::warning(
                    DIR,
                    format!("a page was left out of the search index ({url}): {e}"),
                ));
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
