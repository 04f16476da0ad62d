//! Lazy site: the preview's files, each page rendered the first time it is asked for.
//!
//! Takes a [`Plan`] (the site read, its Markdown rendered, every list, tag page and feed
//! planned with its context) and answers requests for output paths. A file made without
//! templates is there already; a template's output is rendered on the first request and
//! kept until the next rebuild replaces the whole [`LazySite`]. So a rebuild costs what
//! planning costs, not what rendering ten thousand pages costs, and a page is never
//! stale: every plan is made from the current sources, and its pages are rendered from
//! it alone. Template syntax errors and missing templates fail the plan (the rebuild); an
//! error a template raises while rendering (an undefined variable) is kept as that
//! page's result, and the other pages are served as usual.
//!
//! After an edit of posts' text, a site is planned in two steps ([`LazySite::first`]):
//! the edited posts' pages first, served at once, and the whole site after, on another
//! thread ([`Rest`]); a request for any other path waits for the whole plan, so no list,
//! tag page or feed is ever served from before the edit.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::diagnostic::Diagnostic;
use crate::output::OutputFile;
use crate::site::Plan;

/// A planned site whose pages are rendered on request (see the module docs).
pub struct LazySite {
    plan: Option<Plan>,
    /// Each output path and what makes it.
    index: HashMap<String, Target>,
    /// Each job's rendering, once made.
    made: Vec<OnceLock<Made>>,
    /// For a site planned in two steps, the whole site: every path the first plan does
    /// not make is served from it once it is set. Its jobs are numbered after this
    /// site's own.
    rest: Option<Rest>,
}

/// The whole site behind a site planned in two steps ([`LazySite::first`]): set once,
/// when the whole plan is made (or, if it fails, to the last good site), while requests
/// for the paths it serves wait.
#[derive(Debug, Clone, Default)]
pub struct Rest(Arc<OnceLock<Arc<LazySite>>>);

impl Rest {
    /// Gives the waiting requests their site. Only the first call counts.
    pub fn set(&self, site: Arc<LazySite>) {
        let _ = self.0.set(site);
    }

    /// The whole site, waiting for it if need be.
    fn wait(&self) -> &Arc<LazySite> {
        self.0.wait()
    }

    /// Whether the whole site is there.
    fn ready(&self) -> bool {
        self.0.get().is_some()
    }
}

/// What makes one output path.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// The job at this index of [`Plan::jobs`].
    Job(usize),
    /// A file of [`Plan::files`].
    File,
}

/// A job's rendering: the page's bytes, or the error its template raised.
pub type Made = Result<Arc<[u8]>, Arc<Diagnostic>>;

/// What a request finds at an output path.
#[derive(Debug, Clone)]
pub enum Found<'a> {
    /// Made in memory (rendered, or made without templates).
    Bytes(Arc<[u8]>),
    /// A copy of this source file, read when served.
    Copy(&'a Path),
    /// This file of gloss's image cache (a resized version of an image), read when
    /// served. Unlike a [`Found::Copy`] it lies outside the site's source folders: gloss
    /// wrote it and named it itself, so it is served wherever the cache folder is.
    Cached(&'a Path),
    /// A page whose rendering is not made yet: render it with [`LazySite::render`] (it
    /// may take a while, so not on an async task).
    Job(usize),
    /// The page's template raised this error while rendering.
    Failed(Arc<Diagnostic>),
}

impl LazySite {
    /// The site of a plan: nothing rendered yet.
    pub fn new(plan: Plan) -> Self {
        let mut index: HashMap<String, Target> =
            HashMap::with_capacity(plan.jobs().len() + plan.files().len());
        // In the order `gloss build` puts them together: a later job replaces an earlier
        // one at the same path, and a file replaces a job.
        for (i, job) in plan.jobs().iter().enumerate() {
            index.insert(job.out.clone(), Target::Job(i));
        }
        for (path, _) in plan.files().iter() {
            index.insert(path.to_string(), Target::File);
        }
        let made = (0..plan.jobs().len()).map(|_| OnceLock::new()).collect();
        LazySite {
            plan: Some(plan),
            index,
            made,
            rest: None,
        }
    }

    /// A site planned in two steps: `first` plans a few pages (the edited posts', see
    /// [`crate::site::Prepared::plan_pages`]), served at once; every other path waits
    /// until `rest` is set and is served from that site. `first` may hold no file.
    pub fn first(first: Plan, rest: Rest) -> Self {
        LazySite {
            rest: Some(rest),
            ..LazySite::new(first)
        }
    }

    /// Whether a request for `key` would wait for the whole site (see
    /// [`LazySite::first`]): then call [`LazySite::wait`] off the async workers first.
    pub fn waits_for(&self, key: &str) -> bool {
        self.rest
            .as_ref()
            .is_some_and(|rest| !rest.ready() && !self.index.contains_key(key))
    }

    /// Waits until the whole site is planned (at once for a site planned in one step).
    pub fn wait(&self) {
        if let Some(rest) = &self.rest {
            rest.wait();
        }
    }

    /// The whole site's plan, waiting for it if need be (`None` for
    /// [`LazySite::empty`]).
    pub fn whole_plan(&self) -> Option<&Plan> {
        match &self.rest {
            Some(rest) => rest.wait().whole_plan(),
            None => self.plan.as_ref(),
        }
    }

    /// A site without files (the first build failed).
    pub fn empty() -> Self {
        LazySite {
            plan: None,
            index: HashMap::new(),
            made: Vec::new(),
            rest: None,
        }
    }

    /// The jobs to render at once after a rebuild, so that a template error they raise
    /// fails the rebuild (the last good site stays, under the overlay) instead of
    /// showing on the page: every job when `all` (templates or the config changed),
    /// else the jobs made from the sources `changed` (paths relative to the site root,
    /// as [`crate::site::RenderJob::source`] has them).
    pub fn jobs_to_check(&self, all: bool, changed: &[PathBuf]) -> Vec<usize> {
        let Some(plan) = &self.plan else {
            return Vec::new();
        };
        plan.jobs()
            .iter()
            .enumerate()
            .filter(|(_, job)| {
                all || job
                    .source
                    .as_ref()
                    .is_some_and(|s| changed.iter().any(|c| c == s))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The config the site was planned with (`None` for [`LazySite::empty`]).
    pub fn config(&self) -> Option<&crate::config::Config> {
        self.plan.as_ref().map(Plan::config)
    }

    /// The images this site's own plan's Markdown shows (its posts' and its sections'
    /// bodies; for a site planned in two steps, the edited posts') that neither it nor
    /// `elsewhere` has a file for, as `gloss build` warns of them
    /// ([`crate::check::missing_images`]); none for an unbuilt site. Never waits for the
    /// whole site: a site planned in two steps passes, as `elsewhere`, the files the
    /// site had, which its set of outputs still is.
    pub fn missing_images(&self, elsewhere: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
        let Some(plan) = &self.plan else {
            return Vec::new();
        };
        crate::check::missing_images(
            plan.config(),
            plan.rendered(),
            plan.section_images(),
            &|path| self.index.contains_key(path) || elsewhere(path),
        )
    }

    /// Whether there is a file at `key` that this site knows of now, without waiting
    /// for the whole site: its own, and the whole site's once that is there.
    pub fn has_now(&self, key: &str) -> bool {
        self.index.contains_key(key)
            || self
                .rest
                .as_ref()
                .and_then(|rest| rest.0.get())
                .is_some_and(|whole| whole.has_now(key))
    }

    /// The jobs that render pages going into the search index, with the URL each is
    /// indexed under (see [`Plan::search_url`]), in job order: the whole site's (waiting
    /// for it if need be), so the index holds every page.
    pub fn search_pages(&self) -> Vec<(usize, String)> {
        if let Some(rest) = &self.rest {
            let own = self.made.len();
            return rest
                .wait()
                .search_pages()
                .into_iter()
                .map(|(i, url)| (i + own, url))
                .collect();
        }
        let Some(plan) = &self.plan else {
            return Vec::new();
        };
        (0..plan.jobs().len())
            .filter_map(|i| plan.search_url(i).map(|url| (i, url)))
            .collect()
    }

    /// Whether there is a file at the output path `key` (`posts/a/index.html`); may
    /// wait for the whole site ([`LazySite::waits_for`]).
    pub fn contains(&self, key: &str) -> bool {
        self.index.contains_key(key)
            || self
                .rest
                .as_ref()
                .is_some_and(|rest| rest.wait().contains(key))
    }

    /// Number of output files (of the first plan alone while the whole site waits).
    pub fn len(&self) -> usize {
        match self.rest.as_ref().and_then(|rest| rest.0.get()) {
            Some(whole) => whole.len(),
            None => self.index.len(),
        }
    }

    /// Whether no build has succeeded yet (the site is [`LazySite::empty`]).
    pub fn is_unbuilt(&self) -> bool {
        self.plan.is_none()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// What is at the output path `key`, without rendering anything; may wait for the
    /// whole site ([`LazySite::waits_for`]).
    pub fn find(&self, key: &str) -> Option<Found<'_>> {
        let plan = self.plan.as_ref()?;
        if let Some(rest) = &self.rest
            && !self.index.contains_key(key)
        {
            let own = self.made.len();
            return rest.wait().find(key).map(|found| match found {
                Found::Job(i) => Found::Job(i + own),
                other => other,
            });
        }
        let Some(target) = self.index.get(key) else {
            // An image a template's `resize_image` made while rendering a page.
            let bytes = std::fs::read(plan.resized_image(key)?).ok()?;
            return Some(Found::Bytes(Arc::from(bytes)));
        };
        match *target {
            Target::Job(i) => Some(match self.made[i].get() {
                Some(made) => found(made),
                None => Found::Job(i),
            }),
            Target::File => match plan.files().get(key)? {
                OutputFile::Bytes(bytes) => Some(Found::Bytes(Arc::from(bytes.as_slice()))),
                OutputFile::Copy(src) => Some(Found::Copy(src)),
                // The resized versions of the images the Markdown shows.
                OutputFile::Link(cached) => Some(Found::Cached(cached)),
                // The preview plans in memory; nothing is staged.
                OutputFile::Staged => None,
            },
        }
    }

    /// Renders job `i` of [`Found::Job`], or gives its rendering made earlier (`None`
    /// for a job this site does not have). Several requests for one page at once render
    /// it once. Blocks while rendering.
    pub fn render(&self, i: usize) -> Option<Made> {
        self.render_telling(i).map(|(made, _)| made)
    }

    /// [`LazySite::render`], also saying whether this call made the rendering (so that
    /// the caller tells a template's error once, where it is raised).
    pub fn render_telling(&self, i: usize) -> Option<(Made, bool)> {
        if let Some(rest) = &self.rest
            && i >= self.made.len()
        {
            return rest.wait().render_telling(i - self.made.len());
        }
        let plan = self.plan.as_ref()?;
        let (slot, job) = (self.made.get(i)?, plan.jobs().get(i)?);
        let mut now = false;
        let made = slot
            .get_or_init(|| {
                now = true;
                plan.render(job)
                    .map(|text| Arc::from(text.into_bytes()))
                    .map_err(Arc::new)
            })
            .clone();
        Some((made, now))
    }
}

impl std::fmt::Debug for LazySite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazySite")
            .field("files", &self.index.len())
            .field(
                "rendered",
                &self.made.iter().filter(|m| m.get().is_some()).count(),
            )
            .finish()
    }
}

fn found(made: &Made) -> Found<'static> {
    match made {
        Ok(bytes) => Found::Bytes(Arc::clone(bytes)),
        Err(d) => Found::Failed(Arc::clone(d)),
    }
}
