//! Planner: plans the whole site after rebuilds that planned the edited posts' pages
//! first ([`LazySite::first`]), on a thread of its own, one plan at a time.
//!
//! Takes a rebuild's [`Prepared`] site and the [`Rest`] its snapshot's other requests
//! wait on; gives each waiting [`Rest`] its whole site. A rebuild never waits for a plan
//! still running: a writer saving again soon after gets the edited page as soon as
//! before. When several rebuilds queue up behind a running plan, only the latest is
//! planned, and its site answers the earlier ones' waiting requests too (their pages
//! reload to it anyway): planning never falls further behind than one plan.
//!
//! If a plan fails (it should not: the site's set of outputs is what the last good build
//! had), the waiting requests get the last good site, and it is served again with the
//! error, as after any failed rebuild, unless a later rebuild was published meanwhile.
//! The sites these rebuilds replaced are let go here too, off the next save's way.

use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

use tokio::sync::watch;

use super::lazy::{LazySite, Rest};
use super::{Snapshot, errors_first, report_failure};
use crate::cli::Printer;
use crate::diagnostic::Diagnostic;
use crate::site::Prepared;

/// One whole plan to make.
pub(super) struct Whole {
    /// The site read and its Markdown rendered by the rebuild.
    pub(super) prepared: Prepared,
    /// The requests waiting for it.
    pub(super) rests: Vec<Rest>,
    /// The rebuild's build name: a failure is shown only while it is the one served.
    pub(super) build: String,
    /// The snapshot the rebuild replaced: served again, with the error, if the plan
    /// fails; let go once the plan is made.
    pub(super) previous: Arc<Snapshot>,
    /// Earlier rebuilds' prepared sites that this one superseded before they were
    /// planned: let go on the planning thread.
    stale: Vec<Prepared>,
}

impl Whole {
    /// The whole plan of a rebuild (see the fields).
    pub(super) fn new(
        prepared: Prepared,
        rest: Rest,
        build: String,
        previous: Arc<Snapshot>,
    ) -> Self {
        Whole {
            prepared,
            rests: vec![rest],
            build,
            previous,
            stale: Vec::new(),
        }
    }
}

/// What the planning thread waits on.
#[derive(Default)]
struct Queue {
    next: Option<Whole>,
    stop: bool,
}

/// The planning thread (see the module docs).
pub(super) struct Planner {
    queue: Arc<(Mutex<Queue>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Planner {
    /// Starts the planning thread, which publishes failures in `site`.
    pub(super) fn start(site: Arc<watch::Sender<Arc<Snapshot>>>, printer: Printer) -> Self {
        let queue: Arc<(Mutex<Queue>, Condvar)> = Arc::default();
        let shared = Arc::clone(&queue);
        let thread = std::thread::Builder::new()
            .name("gloss-plan".into())
            .spawn(move || run(&shared, &site, printer))
            .map_err(|e| printer.error(&format!("cannot start the planning thread: {e}")))
            .ok();
        Planner { queue, thread }
    }

    /// Queues `whole` to be planned next, in place of a rebuild queued before it and
    /// not planned yet (whose waiting requests it answers too).
    pub(super) fn submit(&self, mut whole: Whole) {
        let (lock, ready) = &*self.queue;
        let Ok(mut queue) = lock.lock() else {
            return;
        };
        if let Some(older) = queue.next.take() {
            whole.rests.extend(older.rests);
            whole.stale.extend(older.stale);
            whole.stale.push(older.prepared);
            // Served again if this plan fails: the last site before the queued ones.
            whole.previous = older.previous;
        }
        queue.next = Some(whole);
        ready.notify_one();
    }

    /// Whether the thread is there to plan (it could not be started otherwise).
    pub(super) fn running(&self) -> bool {
        self.thread.is_some()
    }
}

impl Drop for Planner {
    /// Lets the plan being made finish and drops the queued one.
    fn drop(&mut self) {
        if let Ok(mut queue) = self.queue.0.lock() {
            queue.stop = true;
            queue.next = None;
        }
        self.queue.1.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(queue: &(Mutex<Queue>, Condvar), site: &watch::Sender<Arc<Snapshot>>, printer: Printer) {
    loop {
        let whole = {
            let Ok(mut guard) = queue.0.lock() else {
                return;
            };
            loop {
                if guard.stop {
                    return;
                }
                if let Some(whole) = guard.next.take() {
                    break whole;
                }
                guard = match queue.1.wait(guard) {
                    Ok(guard) => guard,
                    Err(_) => return,
                };
            }
        };
        plan(whole, site, printer);
    }
}

/// Plans `whole` and gives its waiting requests their site.
fn plan(whole: Whole, site: &watch::Sender<Arc<Snapshot>>, printer: Printer) {
    let Whole {
        prepared,
        rests,
        build,
        previous,
        stale,
    } = whole;
    drop(stale);
    let start = Instant::now();
    let planned = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        prepared.plan().map(LazySite::new)
    }));
    let diags = match planned {
        Ok(Ok(made)) => {
            let made = Arc::new(made);
            for rest in &rests {
                rest.set(Arc::clone(&made));
            }
            printer.status(&format!(
                "planned the rest of the site in {} ms",
                start.elapsed().as_millis()
            ));
            return;
        }
        Ok(Err(diags)) => diags,
        Err(_) => vec![
            Diagnostic::error("", "gloss crashed while planning the site")
                .with_help("this is a bug in gloss; please report it with the file you changed"),
        ],
    };
    for rest in &rests {
        rest.set(Arc::clone(&previous.site));
    }
    report_failure(&printer, true, &diags);
    let failed = Snapshot {
        build: previous.build.clone(),
        site: Arc::clone(&previous.site),
        roots: Arc::clone(&previous.roots),
        error: Some(Arc::new(errors_first(diags))),
        css_from: None,
    };
    site.send_if_modified(|current| {
        let shown = current.build == build;
        if shown {
            *current = Arc::new(failed);
        }
        shown
    });
}
