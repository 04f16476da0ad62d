//! Times each stage of a full build: where a build's time goes, for profiling.
//!
//! ```sh
//! cargo run --release --example stages -- SITE_DIR [OUTPUT_DIR]
//! STAGES_MARKDOWN_ONLY=1 cargo run --release --example stages -- SITE_DIR
//! ```
//!
//! With `STAGES_MARKDOWN_ONLY`, only the Markdown of every page is rendered (twice: the
//! second run has the grammars loaded), without lists, templates or writing.
//!
//! Prints, per stage, the wall time and the process's CPU time (user + system, all
//! threads), which depends less on other work on the machine. The stages are those the
//! build reports as progress: loading (templates, content), Markdown, the lists and
//! views made before templates run, templates (each page written into the staging
//! folder as it is rendered, as `gloss build` does), then writing the other files and
//! swapping the folder in (default output: a temporary folder). Each line also gives
//! the resident memory at the stage's end and the peak so far.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use gloss::config::Config;
use gloss::output::Overwrite;
use gloss::site::{self, BuildOptions, Progress, Stage};

/// Process CPU time, user + system, from /proc/self/stat (Linux; zero elsewhere).
fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the command name (which may hold spaces) end with ')'.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return Duration::ZERO;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 here.
    let ticks: u64 = fields
        .get(11..13)
        .map(|f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum())
        .unwrap_or(0);
    // Linux reports in clock ticks of 1/100 s on every platform gloss runs on.
    Duration::from_millis(ticks * 10)
}

/// Resident memory now and at its peak so far, in MiB, from /proc/self/status.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kib| kib.parse::<f64>().ok())
            .map_or(0.0, |kib| kib / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

type Mark = (String, Instant, Duration, (f64, f64));

struct Timer {
    marks: Mutex<Vec<Mark>>,
}

impl Timer {
    fn mark(&self, name: &str) {
        if let Ok(mut m) = self.marks.lock() {
            m.push((name.to_string(), Instant::now(), cpu_time(), memory()));
        }
    }
}

impl Progress for Timer {
    fn start(&self, stage: Stage, _total: usize) {
        let name = match stage {
            Stage::Load => "load (templates, content)",
            Stage::Markdown => "markdown, checks, lists and views",
            Stage::Templates => "templates (pages written as rendered), static files",
            Stage::Write => "write",
        };
        self.mark(name);
    }

    fn advance(&self, _n: usize) {}
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first() else {
        eprintln!("usage: stages SITE_DIR [OUTPUT_DIR]");
        std::process::exit(2);
    };
    let temp = tempfile::tempdir().expect("a temporary folder");
    let out = args
        .get(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| temp.path().join("public"));
    if std::env::var_os("STAGES_MARKDOWN_ONLY").is_some() {
        use rayon::prelude::*;
        let config = Config::load(std::path::Path::new(root)).unwrap();
        let (content, _) = gloss::content::load(&config, gloss::content::Drafts::Exclude);
        let options = site::markdown_options(&config);
        for _ in 0..2 {
            let (t, c) = (Instant::now(), cpu_time());
            let n: usize = content
                .pages
                .par_iter()
                .map(|p| gloss::markdown::render(&p.body, &options).html.len())
                .sum();
            println!(
                "markdown only: {n} bytes of HTML, {:.0} ms wall, {:.0} ms CPU",
                t.elapsed().as_secs_f64() * 1000.0,
                (cpu_time() - c).as_secs_f64() * 1000.0
            );
        }
        return;
    }
    let timer = Timer {
        marks: Mutex::new(Vec::new()),
    };
    let start = Instant::now();
    let config = Config::load(std::path::Path::new(root)).unwrap_or_else(|d| {
        eprintln!("{d}");
        std::process::exit(1)
    });
    // As `gloss build` does: pages go into the staging folder as they are rendered.
    let (built, staging) = site::build_into(
        &config,
        &BuildOptions::default(),
        &timer,
        &out,
        Overwrite::Force,
    )
    .unwrap_or_else(|diags| {
        for d in diags {
            eprintln!("{d}");
        }
        std::process::exit(1)
    });
    timer.mark("write the rest, swap");
    if let Err(d) = staging.finish(&built.output) {
        eprintln!("{d}");
        std::process::exit(1);
    }
    timer.mark("drop the build");
    let pages = built.pages;
    let files = built.output.len();
    drop(built);
    timer.mark("end");

    let marks = timer.marks.into_inner().unwrap_or_default();
    // Between Markdown and templates come the checks, the lists and the views.
    println!("{pages} pages, {files} files\n");
    println!(
        "{:<48} {:>9} {:>9} {:>12} {:>12}",
        "stage", "wall ms", "CPU ms", "RSS at end", "peak so far"
    );
    for pair in marks.windows(2) {
        let (name, t0, c0, _) = &pair[0];
        let (_, t1, c1, (rss, peak)) = &pair[1];
        println!(
            "{:<48} {:>9.0} {:>9.0} {:>8.0} MiB {:>8.0} MiB",
            name,
            (*t1 - *t0).as_secs_f64() * 1000.0,
            c1.saturating_sub(*c0).as_secs_f64() * 1000.0,
            rss,
            peak
        );
    }
    println!(
        "{:<48} {:>9.0} {:>9.0} {:>21.0} MiB",
        "total",
        start.elapsed().as_secs_f64() * 1000.0,
        cpu_time().as_secs_f64() * 1000.0,
        memory().1
    );
}
