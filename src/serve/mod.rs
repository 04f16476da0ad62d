//! Serve: the live preview (`gloss serve`).
//!
//! [`run`] builds the site in memory with the base URL set to the local address, serves
//! it over HTTP (`http`), watches the sources (`watcher`), rebuilds on every change
//! and tells open pages to reload (`reload`). Each rebuild plans the whole site again
//! (after an edit of posts' text alone, the edited posts' pages first, served at once,
//! and the rest on another thread right after the reload: [`LazySite::first`]),
//! reusing each unchanged file's work (a [`BuildCache`]; after edits alone it trusts the
//! watcher for the files it did not report, and every file is looked at once the site is
//! quiet), so a page is never stale. A failed rebuild keeps the last good site on show and sends its
//! diagnostics to the pages, which show them over the content; the server never stops on
//! a content error.
//!
//! All state is made here and owned by the server: the current [`Snapshot`] lives in a
//! `tokio::sync::watch` channel that the rebuild thread writes and the handlers read.
//! Nothing is written to disk: not into `public/`, not into a temporary folder.

pub(crate) mod http;
pub mod lazy;
mod planner;
pub(crate) mod reload;
pub(crate) mod search;
pub(crate) mod watcher;

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::watch;

use crate::cli::Printer;
use crate::config::Config;
use crate::content::Drafts;
use crate::diagnostic::Diagnostic;
use crate::site::{self, BuildCache, BuildOptions, Prepared};
use lazy::{LazySite, Rest};
use planner::{Planner, Whole};
use watcher::{Batch, Watcher};

/// The port `gloss serve` tries first.
pub const DEFAULT_PORT: u16 = 1111;

/// How many ports after the default one are tried when it is taken.
const PORT_TRIES: u16 = 50;

/// How long the site must be quiet after a rebuild that trusted the file watcher before
/// every file is looked at again ([`BuildCache::check`]).
const CHECK_WHEN_QUIET: Duration = Duration::from_secs(1);

/// How long a change a check found waits for the watcher's report of it (a save made
/// while the check looked), so that one rebuild takes both.
const LATE_EVENTS: Duration = Duration::from_millis(100);

/// How long files may go without being looked at while saves keep coming.
const CHECK_AT_LEAST_EVERY: Duration = Duration::from_secs(10);

/// How long open connections get to close once the server is asked to stop.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// Which port to listen on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Port {
    /// Start here and take the next free port if it is taken (no `--port` given).
    Preferred(u16),
    /// This port or fail (`--port N`); 0 lets the system pick a free one.
    Exact(u16),
}

/// What `gloss serve` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site root.
    pub root: PathBuf,
    /// The address to listen on (127.0.0.1 unless asked otherwise).
    pub bind: IpAddr,
    /// The port.
    pub port: Port,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Build drafts too.
    pub drafts: Drafts,
}

/// What the server shows at one moment.
#[derive(Debug)]
pub struct Snapshot {
    /// Names the build in `output`; unique across server runs, so a page that reconnects
    /// to a restarted server reloads.
    pub build: String,
    /// The last good build's files, each page rendered when first asked for.
    pub site: Arc<LazySite>,
    /// The canonical folders that copied files may come from (the content, static and
    /// theme static folders); a copied file that resolves elsewhere is not served.
    pub roots: Arc<Vec<PathBuf>>,
    /// When the latest rebuild failed: its diagnostics (errors first, then warnings).
    pub error: Option<Arc<Vec<Diagnostic>>>,
    /// When this build changed only stylesheets since the build named here: that build.
    pub css_from: Option<String>,
}

/// Runs the preview server until Ctrl-C (or SIGTERM).
///
/// Errors: the root does not exist, the port is taken (with [`Port::Exact`]) or no port
/// is free, the watcher or the async runtime cannot start. Content and template errors
/// are not errors here: they are shown in the browser and the server goes on.
pub fn run(options: &Options, printer: &Printer) -> Result<(), Diagnostic> {
    let root = std::fs::canonicalize(&options.root).map_err(|e| {
        Diagnostic::error(&options.root, format!("cannot open the site folder: {e}"))
            .with_help("pass the folder holding content/ with --root")
    })?;
    let listener = bind(options.bind, options.port, printer)?;
    let local = listener
        .local_addr()
        .map_err(|e| Diagnostic::error("--bind", format!("cannot read the bound address: {e}")))?;
    let url = local_url(local);
    if !options.bind.is_loopback() {
        printer.warning(&format!(
            "serving on {}: other machines on the network can read the preview",
            options.bind
        ));
    }

    let (events_tx, events_rx) = mpsc::channel::<Msg>();
    // Watching starts before the first build, so a save during it is not missed.
    let watcher = Watcher::start(&root, events_tx.clone(), Msg::Watch)
        .map_err(|e| Diagnostic::error(&root, e))?;
    let mut builder = Builder::new(root.clone(), options.drafts, url.clone(), *printer);
    printer.status(&format!("building {} …", root.display()));
    let first = builder.initial();
    let (site_tx, site_rx) = watch::channel(Arc::new(first));
    // The search index is made apart, so that no rebuild waits for it.
    let (search_tx, search_rx) = watch::channel(Arc::new(search::SearchFiles::Making));
    let follow_site = site_rx.clone();
    let search_printer = *printer;
    let searcher = std::thread::Builder::new()
        .name("gloss-search-preview".into())
        .spawn(move || search::follow(follow_site, search_tx, search_printer))
        .map_err(|e| Diagnostic::error(&root, format!("cannot start the search thread: {e}")))?;
    let rebuilder = std::thread::Builder::new()
        .name("gloss-rebuild".into())
        .spawn(move || builder.follow(watcher, events_rx, site_tx))
        .map_err(|e| Diagnostic::error(&root, format!("cannot start the rebuild thread: {e}")))?;

    printer.notice(&format!("serving at {url} (Ctrl-C to stop)"));
    if options.open {
        open_browser(&url, printer);
    }
    let result = serve(listener, site_rx, search_rx, *printer);
    let _ = events_tx.send(Msg::Stop);
    let _ = rebuilder.join();
    // The rebuilder's end dropped the snapshots' sender: the search thread abandons its
    // index and removes its batch folder (waiting at most for the batch being read).
    let _ = searcher.join();
    printer.status("stopped");
    result.map_err(|e| Diagnostic::error(&root, e))
}

/// Binds the listener: the preferred port or the next free one, or exactly the given one.
fn bind(ip: IpAddr, port: Port, printer: &Printer) -> Result<TcpListener, Diagnostic> {
    let in_use = |p: u16| {
        Diagnostic::error("--port", format!("port {p} on {ip} is already in use"))
            .with_help("choose another --port, or leave --port out to let gloss pick a free one")
    };
    match port {
        Port::Exact(p) => TcpListener::bind((ip, p)).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                in_use(p)
            } else {
                Diagnostic::error("--bind", format!("cannot listen on {ip}:{p}: {e}"))
            }
        }),
        Port::Preferred(first) => {
            let last = first.saturating_add(PORT_TRIES);
            for p in first..=last {
                match TcpListener::bind((ip, p)) {
                    Ok(l) => {
                        if p != first {
                            printer.status(&format!("port {first} is in use; using port {p}"));
                        }
                        return Ok(l);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {}
                    Err(e) => {
                        return Err(Diagnostic::error(
                            "--bind",
                            format!("cannot listen on {ip}:{p}: {e}"),
                        ));
                    }
                }
            }
            Err(Diagnostic::error(
                "--port",
                format!("ports {first} to {last} on {ip} are all in use"),
            )
            .with_help("pass a free --port, or --port 0 to let the system pick one"))
        }
    }
}

/// The URL pages are served from: the bound address, or loopback when bound to all
/// interfaces (a browser cannot open `http://0.0.0.0/`).
fn local_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// Serves until a stop signal, then gives open connections a moment to close.
fn serve(
    listener: TcpListener,
    site: watch::Receiver<Arc<Snapshot>>,
    search: watch::Receiver<Arc<search::SearchFiles>>,
    printer: Printer,
) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| format!("cannot configure the listener: {e}"))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| format!("cannot use the listener: {e}"))?;
        let (stop_tx, stop_rx) = watch::channel(false);
        let app = http::router(http::AppState {
            site,
            search,
            shutdown: stop_rx,
            printer,
        });
        let (signalled_tx, signalled_rx) = tokio::sync::oneshot::channel::<()>();
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            stop_signal().await;
            let _ = stop_tx.send(true);
            let _ = signalled_tx.send(());
        });
        let grace = async {
            if signalled_rx.await.is_ok() {
                tokio::time::sleep(SHUTDOWN_GRACE).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            result = server => result.map_err(|e| format!("the server failed: {e}")),
            () = grace => Ok(()),
        }
    })
}

/// Resolves on Ctrl-C, or on SIGTERM where there is one.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn open_browser(url: &str, printer: &Printer) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        printer.warning(&format!("cannot open a browser ({e}); open {url} yourself"));
    }
}

/// What the rebuild thread receives.
enum Msg {
    Watch(watcher::Event),
    Stop,
}

/// Builds the site, again and again, into snapshots.
struct Builder {
    root: PathBuf,
    drafts: Drafts,
    base_url: String,
    printer: Printer,
    cache: Arc<BuildCache>,
    /// Differs between server runs (see [`Snapshot::build`]).
    run_id: String,
    generation: u64,
    /// The warnings already printed, so a rebuild prints only new ones.
    warned: BTreeSet<Diagnostic>,
    /// Whether a build has succeeded yet (there is a last good build to keep serving).
    had_good: bool,
    /// Plans the whole site after rebuilds that planned the edited posts' pages first
    /// (started by [`Builder::follow`]).
    planner: Option<Planner>,
    /// The files the last whole plan made without templates (static files,
    /// `_redirects` …): what a rebuild that plans edited pages first leans on
    /// ([`site::Prepared::plan_pages`]). Only a whole plan before the reload changes
    /// them, and after a failed rebuild none is taken.
    files: Option<crate::output::Output>,
}

/// One successful build.
struct Good {
    site: LazySite,
    roots: Vec<PathBuf>,
    warnings: Vec<Diagnostic>,
    pages: usize,
    /// When `site` planned the edited posts' pages alone ([`LazySite::first`]): what
    /// plans the whole site once the snapshot is out.
    rest: Option<(Prepared, Rest)>,
}

impl Builder {
    fn new(root: PathBuf, drafts: Drafts, base_url: String, printer: Printer) -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        Builder {
            root,
            drafts,
            base_url,
            printer,
            cache: Arc::new(BuildCache::watched()),
            run_id: format!("{:x}{:x}", nanos, std::process::id()),
            generation: 0,
            warned: BTreeSet::new(),
            had_good: false,
            planner: None,
            files: None,
        }
    }

    fn next_build_id(&mut self) -> String {
        self.generation += 1;
        format!("{}-{}", self.run_id, self.generation)
    }

    /// One build (see [`Builder::try_build`]). A panic inside it (a bug in gloss)
    /// becomes an error shown like any other, so the server goes on and the next save
    /// is built again.
    fn build(
        &mut self,
        batch: &Batch,
        previous: Option<&Snapshot>,
    ) -> Result<Good, Vec<Diagnostic>> {
        let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.try_build(batch, previous)
        }));
        attempt.unwrap_or_else(|panic| {
            // The cache's lock may be poisoned: start a fresh one.
            self.cache = Arc::new(BuildCache::watched());
            let what = panic
                .downcast_ref::<&str>()
                .map(std::string::ToString::to_string)
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(vec![
                Diagnostic::error(&self.root, format!("gloss crashed while building: {what}"))
                    .with_help(
                        "this is a bug in gloss; please report it with the file you changed",
                    ),
            ])
        })
    }

    /// Reads the site and renders its Markdown, then plans either the whole site or,
    /// after an edit of posts' text alone ([`Builder::body_edits`]), only the edited
    /// posts' pages: the rest is planned after the reload (by the [`Planner`]),
    /// and requests for it wait until then.
    fn try_build(
        &self,
        batch: &Batch,
        previous: Option<&Snapshot>,
    ) -> Result<Good, Vec<Diagnostic>> {
        let mut config = Config::load(&self.root).map_err(|d| vec![d])?;
        // Sharing cards are for the published site: the preview draws none, so that a
        // burst of new posts (a checkout) is not a burst of drawing.
        config.images.cards = false;
        let options = BuildOptions {
            cache: Some(Arc::clone(&self.cache)),
            drafts: self.drafts,
            base_url: Some(self.base_url.clone()),
        };
        let prepared = site::prepare_site(&config, &options)?;
        let roots = source_roots(&config);
        let (warnings, pages) = (prepared.warnings(), prepared.pages());
        if let Some(previous) = previous
            && let Some(edited) = self.body_edits(batch, previous, &config.root)
            && let Some(last) = &self.files
            && self.planner.as_ref().is_some_and(Planner::running)
        {
            let rest = Rest::default();
            let first = LazySite::first(prepared.plan_pages(&edited, last)?, rest.clone());
            // The edited posts' images, against the files the site had: its set of
            // outputs is as it was.
            let missing =
                first.missing_images(&|path| last.contains(path) || previous.site.has_now(path));
            return Ok(Good {
                site: first,
                roots,
                warnings: with_missing_images(warnings, missing),
                pages,
                rest: Some((prepared, rest)),
            });
        }
        let plan = prepared.plan()?;
        let warnings = plan.warnings();
        let whole = LazySite::new(plan);
        let missing = whole.missing_images(&|_| false);
        Ok(Good {
            roots,
            warnings: with_missing_images(warnings, missing),
            pages,
            site: whole,
            rest: None,
        })
    }

    /// The posts (source paths relative to `root`) whose text alone the batch edited,
    /// when the rebuild may plan their pages before the rest of the site: the last
    /// rebuild succeeded (its plan is the last good one), and the load that just ran
    /// read again only those pages, each with its front matter as it was
    /// ([`BuildCache::body_edits`]: nothing made, removed or moved, no section, config,
    /// template, theme, data or static file changed), and the watcher named nothing
    /// else that is still there. Then the site's set of outputs is what it was, so
    /// planning the rest later cannot find a new error in it.
    fn body_edits(&self, batch: &Batch, previous: &Snapshot, root: &Path) -> Option<Vec<PathBuf>> {
        if previous.error.is_some() || batch.rescan || previous.site.is_unbuilt() {
            return None;
        }
        let edits = self.cache.body_edits()?;
        let named_only_those = batch
            .paths
            .iter()
            .all(|p| edits.binary_search(p).is_ok() || std::fs::symlink_metadata(p).is_err());
        if edits.is_empty() || !named_only_those {
            return None;
        }
        edits
            .iter()
            .map(|p| p.strip_prefix(root).ok().map(Path::to_path_buf))
            .collect()
    }

    /// Renders the pages a change touched most directly (the changed posts' own pages;
    /// every page after a template, theme or config change) so that an error their
    /// templates raise fails the rebuild, as a syntax error does: the writer keeps the
    /// last good page under the overlay. Other pages are rendered when asked for.
    fn check_pages(&self, good: Good, batch: &Batch) -> Result<Good, Vec<Diagnostic>> {
        use rayon::prelude::*;
        let rel: Vec<PathBuf> = batch
            .paths
            .iter()
            .filter_map(|p| p.strip_prefix(&self.root).ok().map(Path::to_path_buf))
            .collect();
        let all = batch.rescan
            || rel.iter().any(|p| {
                p.starts_with("templates")
                    || p.starts_with("themes")
                    || p.starts_with("i18n")
                    || p == Path::new("gloss.toml")
            });
        let jobs = good.site.jobs_to_check(all, &rel);
        let mut errors: Vec<Diagnostic> = jobs
            .par_iter()
            .filter_map(|&i| match good.site.render(i) {
                Some(Err(error)) => Some((*error).clone()),
                _ => None,
            })
            .collect();
        if errors.is_empty() {
            return Ok(good);
        }
        // One template line failing on every page is one error, not thousands.
        errors.sort_by_cached_key(Diagnostic::to_string);
        errors.dedup_by(|a, b| a.message == b.message && a.path == b.path && a.line == b.line);
        const SHOWN: usize = 5;
        if errors.len() > SHOWN {
            let more = errors.len() - SHOWN;
            errors.truncate(SHOWN);
            errors.push(Diagnostic::error(
                "",
                format!("and {more} more pages whose templates failed"),
            ));
        }
        Err(errors)
    }

    /// Keeps the files a whole plan made without templates (see [`Builder::files`]); a
    /// build that planned edited pages first leaves them as they were.
    fn keep_files(&mut self, good: &Good) {
        if good.rest.is_none() {
            self.files = good.site.whole_plan().map(|plan| plan.files().clone());
        }
    }

    fn print_new_warnings(&mut self, warnings: &[Diagnostic]) {
        for w in warnings {
            if self.warned.insert(w.clone()) {
                self.printer.diagnostic(w);
            }
        }
    }

    /// The first build; a failure gives an empty site that shows the error.
    fn initial(&mut self) -> Snapshot {
        let start = Instant::now();
        let build = self.next_build_id();
        match self.build(&Batch::default(), None) {
            Ok(good) => {
                self.print_new_warnings(&good.warnings);
                self.keep_files(&good);
                self.had_good = true;
                self.printer.status(&format!(
                    "built {} ({} files) in {} ms",
                    pages(good.pages),
                    good.site.len(),
                    start.elapsed().as_millis()
                ));
                Snapshot {
                    build,
                    site: Arc::new(good.site),
                    roots: Arc::new(good.roots),
                    error: None,
                    css_from: None,
                }
            }
            Err(diags) => {
                self.report_failure(&diags);
                Snapshot {
                    build,
                    site: Arc::new(LazySite::empty()),
                    roots: Arc::new(Vec::new()),
                    error: Some(Arc::new(errors_first(diags))),
                    css_from: None,
                }
            }
        }
    }

    fn report_failure(&self, diags: &[Diagnostic]) {
        report_failure(&self.printer, self.had_good, diags);
    }

    /// Rebuilds after every batch of changes until told to stop.
    fn follow(
        mut self,
        mut watcher: Watcher,
        events: mpsc::Receiver<Msg>,
        site: watch::Sender<Arc<Snapshot>>,
    ) {
        let site = Arc::new(site);
        self.planner = Some(Planner::start(Arc::clone(&site), self.printer));
        // When the files were last all looked at (a rebuild that listed them, or a check).
        let mut checked = Instant::now();
        // What a check found, to rebuild with the watcher's next batch.
        let mut carried: Option<Batch> = None;
        loop {
            // After a rebuild that trusted the watcher, every file is looked at once the
            // site is quiet for a moment, or right away when that has not happened for a
            // while (saves keep coming): a change the watcher missed is then built.
            let msg = if self.cache.unchecked() {
                let wait = if checked.elapsed() >= CHECK_AT_LEAST_EVERY {
                    Duration::ZERO
                } else {
                    CHECK_WHEN_QUIET
                };
                match events.recv_timeout(wait) {
                    Ok(msg) => msg,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        checked = Instant::now();
                        let missed = self.cache.check();
                        if missed.is_empty() {
                            continue;
                        }
                        let missed = Batch {
                            paths: missed.into_iter().collect(),
                            rescan: false,
                        };
                        // A save made while the check looked is reported by the watcher
                        // a few milliseconds later: one rebuild takes both.
                        match events.recv_timeout(LATE_EVENTS) {
                            Ok(msg) => {
                                carried = Some(missed);
                                msg
                            }
                            Err(mpsc::RecvTimeoutError::Timeout) => {
                                self.rebuild(&missed, &site, true);
                                continue;
                            }
                            Err(mpsc::RecvTimeoutError::Disconnected) => break,
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            } else {
                match events.recv() {
                    Ok(msg) => msg,
                    Err(_) => break,
                }
            };
            let mut batch = carried.take().unwrap_or_default();
            let mut stop = false;
            // Everything that queued up during the last build goes into this one.
            for msg in std::iter::once(msg).chain(events.try_iter()) {
                match msg {
                    Msg::Watch(watcher::Event::Changed(b)) => batch.merge(b),
                    Msg::Watch(watcher::Event::Errors(errors)) => {
                        for e in errors {
                            self.printer.warning(&format!("file watcher: {e}"));
                        }
                    }
                    Msg::Stop => stop = true,
                }
            }
            if stop {
                break;
            }
            if batch.is_empty() {
                continue;
            }
            if let Err(e) = watcher.refresh(&batch) {
                self.printer.warning(&e);
            }
            // What the watcher saw changed is read again, whatever its `stat` says.
            if batch.rescan {
                self.cache.all_changed();
            } else {
                self.cache.changed(batch.paths.iter().map(PathBuf::as_path));
            }
            self.rebuild(&batch, &site, false);
            if !self.cache.unchecked() {
                checked = Instant::now();
            }
        }
        // The plan being made ends before the server does.
        self.planner = None;
    }

    /// Rebuilds after `batch` and publishes the result in `site`; `missed` when the
    /// watcher did not report it (a check found it). After a rebuild that planned the
    /// edited posts' pages alone, the whole site is planned on another thread.
    fn rebuild(&mut self, batch: &Batch, site: &Arc<watch::Sender<Arc<Snapshot>>>, missed: bool) {
        let previous = Arc::clone(&site.borrow());
        let (snapshot, rest) = self.snapshot(batch, &previous, missed);
        let build = snapshot.build.clone();
        site.send_replace(Arc::new(snapshot));
        if let (Some((prepared, rest)), Some(planner)) = (rest, &self.planner) {
            planner.submit(Whole::new(prepared, rest, build, previous));
        }
    }

    /// The snapshot a rebuild after `batch` gives (see [`Builder::rebuild`]), and what
    /// plans the rest of the site when it planned the edited posts' pages alone.
    fn snapshot(
        &mut self,
        batch: &Batch,
        previous: &Snapshot,
        missed: bool,
    ) -> (Snapshot, Option<(Prepared, Rest)>) {
        let start = Instant::now();
        let mut changed = describe(&self.root, batch);
        if missed {
            changed = format!("{changed}, changed without the file watcher noticing");
        }
        match self
            .build(batch, Some(previous))
            .and_then(|good| self.check_pages(good, batch))
        {
            Ok(mut good) => {
                self.print_new_warnings(&good.warnings);
                self.keep_files(&good);
                let build = self.next_build_id();
                let css_from = (previous.error.is_none()
                    && watcher::only_stylesheets(&self.root, batch))
                .then(|| previous.build.clone());
                self.had_good = true;
                let first = match good.rest {
                    Some(_) => "; its page first, the rest of the site next",
                    None => "",
                };
                self.printer.status(&format!(
                    "rebuilt {} in {} ms ({changed}{first})",
                    pages(good.pages),
                    start.elapsed().as_millis()
                ));
                let rest = good.rest.take();
                let snapshot = Snapshot {
                    build,
                    site: Arc::new(good.site),
                    roots: Arc::new(good.roots),
                    error: None,
                    css_from,
                };
                (snapshot, rest)
            }
            Err(diags) => {
                self.report_failure(&diags);
                let snapshot = Snapshot {
                    build: previous.build.clone(),
                    site: Arc::clone(&previous.site),
                    roots: Arc::clone(&previous.roots),
                    error: Some(Arc::new(errors_first(diags))),
                    css_from: None,
                };
                (snapshot, None)
            }
        }
    }
}

/// A rebuild's warnings with the images its Markdown shows that the site lacks, as
/// `gloss build` prints them: each among the warnings of its file, at its place (a
/// stable sort by place keeps the others in their order).
fn with_missing_images(mut warnings: Vec<Diagnostic>, missing: Vec<Diagnostic>) -> Vec<Diagnostic> {
    warnings.extend(missing);
    warnings.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    warnings
}

/// Prints a failed build's errors and says what the preview shows meanwhile.
fn report_failure(printer: &Printer, had_good: bool, diags: &[Diagnostic]) {
    for d in diags.iter().filter(|d| d.is_error()) {
        printer.diagnostic(d);
    }
    printer.error(if had_good {
        "the site did not build; still serving the last good build (the browser shows the error)"
    } else {
        "the site did not build; fix the error and save, and it builds again (the browser shows the error)"
    });
}

/// "1 page", "42 pages".
fn pages(n: usize) -> String {
    format!("{n} page{}", if n == 1 { "" } else { "s" })
}

/// Errors before warnings, each group in the build's (path, line) order.
fn errors_first(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.sort_by_key(|d| !d.is_error());
    diags
}

/// "content/posts/a.md", or "content/posts/a.md and 3 more", for the rebuild line.
fn describe(root: &Path, batch: &Batch) -> String {
    if batch.rescan {
        return "the system dropped file events; rebuilt everything".into();
    }
    let mut names = batch
        .paths
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string());
    let first = names.next().unwrap_or_default();
    match batch.paths.len() {
        0 | 1 => first,
        n => format!("{first} and {} more", n - 1),
    }
}

/// The canonical folders a site's copied files may come from.
fn source_roots(config: &Config) -> Vec<PathBuf> {
    let mut dirs = vec![config.content_dir(), config.root.join("static")];
    if let Some(theme) = &config.theme {
        dirs.push(config.root.join("themes").join(theme).join("static"));
    }
    dirs.iter()
        .filter_map(|d| std::fs::canonicalize(d).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of the first `h1` of the page at the output path `key`, rendered if need be.
    fn heading(snapshot: &Snapshot, key: &str) -> Option<String> {
        let bytes = match snapshot.site.find(key)? {
            lazy::Found::Bytes(b) => b,
            lazy::Found::Job(i) => snapshot.site.render(i)?.ok()?,
            _ => return None,
        };
        let html = scraper::Html::parse_document(std::str::from_utf8(&bytes).ok()?);
        let h1 = scraper::Selector::parse("h1").ok()?;
        let text = html.select(&h1).next()?.text().collect::<String>();
        Some(text.trim().to_string())
    }

    /// Waits (at most 20 s) for a snapshot other than the build `after` and gives it.
    fn next(site: &watch::Receiver<Arc<Snapshot>>, after: &str) -> Arc<Snapshot> {
        let start = Instant::now();
        loop {
            let now = Arc::clone(&site.borrow());
            if now.build != after {
                return now;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "no rebuild");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn a_change_the_watcher_missed_is_built_once_the_site_is_quiet() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let post = |name: &str, title: &str| {
            write(
                &format!("content/posts/{name}.md"),
                &format!("---\ntitle: {title}\ndate: 2024-01-02\n---\nText.\n"),
            );
        };
        write("gloss.toml", "title = \"Quiet\"\n");
        post("a", "A");
        post("b", "B");
        // The server's watcher sends into a channel no one reads: the events of this
        // test are made by hand, so that one change goes unreported.
        let (unread_tx, _unread_rx) = mpsc::channel::<Msg>();
        let watcher = Watcher::start(&root, unread_tx, Msg::Watch).unwrap();
        let (tx, rx) = mpsc::channel::<Msg>();
        let mut builder = Builder::new(
            root.clone(),
            Drafts::Exclude,
            "http://127.0.0.1:1/".into(),
            Printer::new(true),
        );
        let first = builder.initial();
        assert_eq!(heading(&first, "posts/b/index.html").as_deref(), Some("B"));
        let first_build = first.build.clone();
        let (site_tx, site_rx) = watch::channel(Arc::new(first));
        let follower = std::thread::spawn(move || builder.follow(watcher, rx, site_tx));

        post("a", "A2");
        post("b", "B2");
        let batch = Batch {
            paths: [root.join("content/posts/a.md")].into_iter().collect(),
            rescan: false,
        };
        tx.send(Msg::Watch(watcher::Event::Changed(batch))).unwrap();
        // The rebuild trusts the watcher: the reported edit shows, the other not yet.
        let second = next(&site_rx, &first_build);
        assert_eq!(
            heading(&second, "posts/a/index.html").as_deref(),
            Some("A2")
        );
        assert_eq!(heading(&second, "posts/b/index.html").as_deref(), Some("B"));
        // Once the site is quiet, every file is looked at and the missed edit is built.
        let third = next(&site_rx, &second.build);
        assert_eq!(heading(&third, "posts/b/index.html").as_deref(), Some("B2"));
        assert_eq!(heading(&third, "posts/a/index.html").as_deref(), Some("A2"));

        tx.send(Msg::Stop).unwrap();
        follower.join().unwrap();
    }
}
