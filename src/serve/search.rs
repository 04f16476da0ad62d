//! Search in the preview: the site's Pagefind index, made again in the background after
//! every rebuild.
//!
//! The preview renders pages when they are asked for, so its index cannot come out of
//! the rendering as `gloss build`'s does. A thread of its own follows the snapshots: for
//! each new one it renders the pages that go into the index (which also readies them for
//! their first request) and gives them to an [`Indexer`]. The reload never waits for
//! it: until the new index is made, `/pagefind/` serves the last one made. After the
//! first, an index is made once the site has gone a second without a rebuild, so that
//! it takes no CPU from the rebuilds of a burst of saves; a newer snapshot arriving
//! meanwhile abandons the work and starts on it instead.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::watch;

use super::Snapshot;
use super::lazy::LazySite;
use crate::cli::Printer;
use crate::site::search::{DIR, Indexer};

/// How long the site must go without a rebuild before the index of its latest build is
/// made (the first index is made at once).
const QUIET: std::time::Duration = std::time::Duration::from_secs(1);

/// The preview's search files at one moment.
#[derive(Debug, Default)]
pub(crate) enum SearchFiles {
    /// No index made yet: the first is on its way.
    #[default]
    Making,
    /// The site has search off (or the last good build failed before any index).
    Off,
    /// The last index made: output paths (`pagefind/…`) and their bytes.
    Made(HashMap<String, Arc<[u8]>>),
}

impl SearchFiles {
    /// Whether `key` (an output path) is one of the search index's.
    pub(crate) fn owns(key: &str) -> bool {
        key.strip_prefix(DIR)
            .is_some_and(|rest| rest.starts_with('/'))
    }
}

/// Follows the snapshots in `site` until the server stops (the sender of `site` is
/// dropped), making each one's index into `out`. Returns soon after the stop, having
/// abandoned the index it was making, so that its batch folder is removed before the
/// process exits.
pub(crate) fn follow(
    mut site: watch::Receiver<Arc<Snapshot>>,
    out: watch::Sender<Arc<SearchFiles>>,
    printer: Printer,
) {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
    else {
        out.send_replace(Arc::new(SearchFiles::Off));
        return;
    };
    let mut indexed: Option<Arc<LazySite>> = None;
    loop {
        // The server stopped.
        if site.has_changed().is_err() {
            return;
        }
        let snapshot = Arc::clone(&site.borrow_and_update());
        // A failed rebuild keeps the last good site, and so its index.
        let done = indexed
            .as_ref()
            .is_some_and(|site| Arc::ptr_eq(site, &snapshot.site));
        // A save usually comes with others (an editor saving as one types, a checkout):
        // the index waits until the site has been quiet for a moment, so that making it
        // (every page rendered, then Pagefind) takes no CPU from the rebuilds and the
        // first requests after them.
        if !done && indexed.is_some() {
            match runtime.block_on(async { tokio::time::timeout(QUIET, site.changed()).await }) {
                // Quiet for long enough.
                Err(_) => {}
                // A newer snapshot: wait for quiet after it instead.
                Ok(Ok(())) => continue,
                // The server stopped.
                Ok(Err(_)) => return,
            }
        }
        if !done {
            match index(&snapshot.site, &site, &printer) {
                Some(files) => {
                    out.send_replace(Arc::new(files));
                    indexed = Some(Arc::clone(&snapshot.site));
                }
                // Abandoned for a newer snapshot: on to that one.
                None => continue,
            }
        }
        if runtime.block_on(site.changed()).is_err() {
            return;
        }
    }
}

/// Renders the pages of `site` that go into the index and indexes them; `None` when a
/// newer snapshot arrives in `latest` meanwhile.
fn index(
    site: &LazySite,
    latest: &watch::Receiver<Arc<Snapshot>>,
    printer: &Printer,
) -> Option<SearchFiles> {
    let Some(config) = site.config() else {
        return Some(SearchFiles::Off);
    };
    if !config.search {
        return Some(SearchFiles::Off);
    }
    let mut indexer = Indexer::start(config);
    for (i, url) in site.search_pages() {
        if latest.has_changed().unwrap_or(true) {
            return None;
        }
        // A page whose template fails stays out of the index; its error is told here
        // when raised here, as a request for the page would have (and shows on it).
        match site.render_telling(i) {
            Some((Ok(bytes), _)) => indexer.add(url, String::from_utf8_lossy(&bytes).into_owned()),
            Some((Err(error), true)) => printer.diagnostic(&error),
            _ => {}
        }
    }
    match indexer.finish() {
        Ok((files, _)) => Some(SearchFiles::Made(
            files
                .into_iter()
                .map(|(path, bytes)| (path, Arc::from(bytes)))
                .collect(),
        )),
        Err(_) => Some(SearchFiles::Off),
    }
}
