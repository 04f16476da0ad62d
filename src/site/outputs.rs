//! The one collision check every output of a site goes through.
//!
//! Pages, aliases, the home page and sections, taxonomies, `/quotes/`, `/updates/`, the
//! feeds, the sitemap, `404.html` (render jobs) and robots.txt, `_redirects` and the
//! static files (files made without templates) all reach [`check`] once they are
//! planned, and before anything is rendered or written:
//!
//! - two jobs at one output path are an error naming both sources; the later job is
//!   dropped, so that nothing is written twice and which one would have been written
//!   never depends on the order threads finish in;
//! - a file copied from the site (`static/`, `content/`, a page's bundle) at a job's path
//!   replaces the job, with a warning naming both;
//! - a file gloss makes itself (robots.txt, `_redirects`, the theme's files) at a job's
//!   path is an error; a copied file replaces it silently, as documented;
//! - an output that is a file where another needs a folder (`atom.xml` and
//!   `atom.xml/index.html`) is an error naming both: writing would fail with an OS error
//!   about the staging folder, which names no source.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::{RenderJob, locate_key};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, display_path};
use crate::output::{Output, OutputFile};

/// What makes an output, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Maker {
    /// A page; its source file relative to the site root.
    Page(PathBuf),
    /// One of a page's aliases: the page's source and the alias as written.
    Alias(PathBuf, String),
    /// A section's list: its `_index.md`, or its folder when it has none.
    Section(PathBuf),
    /// A `[redirects]` line of gloss.toml: its old path, and the key's line and column.
    Redirect(String, (usize, usize)),
    /// A page gloss generates itself, at this output path.
    Generated(String),
}

impl Maker {
    /// The source file a message about this output is reported in, if any.
    fn source(&self) -> Option<&Path> {
        match self {
            Maker::Page(p) | Maker::Alias(p, _) | Maker::Section(p) => Some(p),
            Maker::Redirect(..) => Some(Path::new(crate::config::CONFIG_FILE)),
            Maker::Generated(_) => None,
        }
    }

    /// Where in its source file a message about this output points: the front matter
    /// key that gave the path, or the `[redirects]` line.
    fn locate(&self, config: &Config) -> Option<(usize, usize)> {
        match self {
            Maker::Redirect(_, at) => Some(*at),
            _ => locate_key(config, self.source()?, self.keys()),
        }
    }

    /// The front matter keys that gave this output its path.
    fn keys(&self) -> &'static [&'static str] {
        match self {
            Maker::Page(_) | Maker::Section(_) => &["path", "slug"],
            Maker::Alias(..) => &["aliases", "redirect_from"],
            Maker::Redirect(..) | Maker::Generated(_) => &[],
        }
    }
}

impl fmt::Display for Maker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Maker::Page(p) => write!(f, "{}", p.display()),
            Maker::Alias(p, alias) => write!(f, "the alias {alias:?} of {}", p.display()),
            Maker::Section(p) => write!(f, "the section {}", p.display()),
            Maker::Redirect(from, _) => write!(f, "the redirect from {from} in [redirects]"),
            Maker::Generated(out) => write!(f, "gloss's own {}", site_path(out)),
        }
    }
}

/// The site path of an output path, for messages: `tags/index.html` → `/tags/`.
pub(crate) fn site_path(out: &str) -> String {
    match out.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{out}"),
    }
}

/// A file made without a template, for messages: what it is copied from (relative to
/// the site root), or gloss's own file.
fn file_maker(config: &Config, path: &str, file: &OutputFile) -> String {
    match file {
        OutputFile::Copy(src) => display_path(&config.root, src).display().to_string(),
        OutputFile::Bytes(_) | OutputFile::Link(_) | OutputFile::Staged => {
            format!("gloss's own {path}")
        }
    }
}

/// What [`check`] found.
#[derive(Debug, Default)]
pub(crate) struct Verdict {
    /// Two outputs at one path: the build fails.
    pub errors: Vec<Diagnostic>,
    /// Copied files replacing pages.
    pub warnings: Vec<Diagnostic>,
    /// The output paths of every clash reported in `errors`: a job at one of them has
    /// its error already, and no other (such as its missing template) is worth adding.
    pub clashed: std::collections::BTreeSet<String>,
}

/// Checks every output of a site for collisions (see the module header), dropping the
/// jobs that lose: afterwards no two jobs share a path, and no job shares a path with a
/// file. `jobs` stay in their order; `files` are kept as they are.
pub(crate) fn check(config: &Config, jobs: &mut Vec<RenderJob>, files: &Output) -> Verdict {
    let mut verdict = Verdict::default();
    let mut taken: BTreeMap<String, Maker> = BTreeMap::new();
    jobs.retain(|job| {
        if let Some(file) = files.get(&job.out) {
            let what = file_maker(config, &job.out, file);
            match file {
                OutputFile::Copy(_) => verdict.warnings.push(replaced(job, &what)),
                _ => {
                    verdict
                        .errors
                        .push(two_outputs(config, &job.out, &job.maker, None, &what));
                    verdict.clashed.insert(job.out.clone());
                }
            }
            return false;
        }
        match taken.get(&job.out) {
            Some(first) => {
                verdict
                    .errors
                    .push(collision(config, &job.out, first, &job.maker));
                verdict.clashed.insert(job.out.clone());
                false
            }
            None => {
                taken.insert(job.out.clone(), job.maker.clone());
                true
            }
        }
    });
    // A file where another output needs a folder.
    let describe = |path: &str| -> Option<(String, Option<&Maker>)> {
        if let Some(maker) = taken.get(path) {
            return Some((maker.to_string(), Some(maker)));
        }
        files
            .get(path)
            .map(|file| (file_maker(config, path, file), None))
    };
    let paths = taken
        .keys()
        .map(String::as_str)
        .chain(files.iter().map(|(p, _)| p));
    let mut reported: BTreeMap<&str, ()> = BTreeMap::new();
    // The jobs on either side of such a clash are not rendered: writing them would fail.
    let mut losers: Vec<String> = Vec::new();
    for path in paths {
        let mut at = path.len();
        while let Some(slash) = path[..at].rfind('/') {
            at = slash;
            let folder = &path[..slash];
            if reported.contains_key(folder) {
                break;
            }
            let Some((file_by, file_maker)) = describe(folder) else {
                continue;
            };
            let Some((child_by, child_maker)) = describe(path) else {
                break;
            };
            reported.insert(folder, ());
            losers.extend([folder.to_string(), path.to_string()]);
            // Report it at whichever side has a source file, the child's first.
            let culprit = match (child_maker, file_maker) {
                (Some(m), _) if m.source().is_some() => Some(m),
                (_, m) => m,
            };
            let source = culprit.and_then(Maker::source);
            let mut d = Diagnostic::error(
                source.map_or_else(|| PathBuf::from(folder), Path::to_path_buf),
                format!(
                    "an output would be both a file and a folder: {folder} from {file_by}, and {path} from {child_by}"
                ),
            )
            .with_help("give the page another `slug` or `path` (or the alias another path), or rename the file");
            if let Some((line, column)) = culprit.and_then(|m| m.locate(config)) {
                d = d.at(line, column);
            }
            verdict.errors.push(d);
            break;
        }
    }
    if !losers.is_empty() {
        jobs.retain(|job| !losers.contains(&job.out));
    }
    verdict.clashed.extend(losers);
    verdict
}

/// Two jobs at one output path.
fn collision(config: &Config, out: &str, first: &Maker, second: &Maker) -> Diagnostic {
    match (first, second) {
        (Maker::Page(a), Maker::Page(b)) => {
            // Report it on the page whose `slug` or `path` made the clash, if one did.
            let key = |p: &Path| locate_key(config, p, &["path", "slug"]);
            let (culprit, other, at) = match (key(b), key(a)) {
                (None, Some(at)) => (a, b, Some(at)),
                (at, _) => (b, a, at),
            };
            let mut d = Diagnostic::error(
                culprit,
                format!(
                    "this page has the same URL {} as {}",
                    site_path(out),
                    other.display()
                ),
            )
            .with_help("give one of them another `slug` or `path` in its front matter");
            if let Some((line, column)) = at {
                d = d.at(line, column);
            }
            d
        }
        (Maker::Page(owner), Maker::Redirect(from, (line, column)))
        | (Maker::Redirect(from, (line, column)), Maker::Page(owner)) => Diagnostic::error(
            crate::config::CONFIG_FILE,
            format!(
                "the redirect from {from} in [redirects] is the URL of {}, so its redirect page would replace that page",
                owner.display()
            ),
        )
        .at(*line, *column)
        .with_help("remove the line from [redirects]: the page already answers at that URL"),
        (Maker::Page(owner), Maker::Alias(source, alias))
        | (Maker::Alias(source, alias), Maker::Page(owner)) => {
            let mut d = Diagnostic::error(
                source,
                format!(
                    "the alias {alias:?} is the URL of {}, so its redirect would replace that page",
                    owner.display()
                ),
            )
            .with_help("remove the alias, or move the other page");
            if let Some((line, column)) = locate_key(config, source, &["aliases", "redirect_from"])
            {
                d = d.at(line, column);
            }
            d
        }
        _ => two_outputs(config, out, second, Some(first), &first.to_string()),
    }
}

/// Two outputs at one path: reported at the one with a source file (`maker` first).
fn two_outputs(
    config: &Config,
    out: &str,
    maker: &Maker,
    other: Option<&Maker>,
    other_name: &str,
) -> Diagnostic {
    let culprit = [Some(maker), other]
        .into_iter()
        .flatten()
        .find(|m| m.source().is_some());
    let path = culprit
        .and_then(Maker::source)
        .map_or_else(|| PathBuf::from(out), Path::to_path_buf);
    let help = match culprit {
        Some(Maker::Section(_)) => {
            "rename the section's folder (or give it another `path`), or remove the other page"
        }
        _ => "give one of them another `slug`, `path` or alias",
    };
    let mut d = Diagnostic::error(
        path,
        format!("two outputs would be written to {out}: from {other_name} and from {maker}"),
    )
    .with_help(help);
    if let Some((line, column)) = culprit.and_then(|m| m.locate(config)) {
        d = d.at(line, column);
    }
    d
}

/// A copied file that replaces a job's page.
fn replaced(job: &RenderJob, file: &str) -> Diagnostic {
    Diagnostic::warning(
        file,
        format!(
            "a copied file replaces a generated page: {file} is written to {} instead of the page from {}",
            job.out, job.maker
        ),
    )
    .with_help("rename or remove the file if the page should be there")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Output paths that meet in every way: equal, and file against folder.
    const PATHS: &[&str] = &[
        "index.html",
        "atom.xml",
        "atom.xml/index.html",
        "tags/index.html",
        "tags/x/index.html",
        "updates/index.html",
        "robots.txt",
        "robots.txt/index.html",
        "posts",
        "posts/index.html",
        "posts/a/index.html",
        "posts/a/clip.mp4",
    ];

    fn job(out: &str, maker: usize) -> RenderJob {
        RenderJob {
            out: out.to_string(),
            template: "page.html".to_string(),
            context: crate::render::Context::new(),
            source: None,
            page: None,
            page_extra: None,
            format: None,
            maker: match maker % 4 {
                0 => Maker::Page(PathBuf::from(format!("content/p{maker}.md"))),
                1 => Maker::Alias(PathBuf::from(format!("content/p{maker}.md")), out.into()),
                2 => Maker::Section(PathBuf::from(format!("content/s{maker}/"))),
                _ => Maker::Generated(out.to_string()),
            },
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Whatever the outputs, after the check no path is written twice, nothing is a
        /// file where something else needs a folder, and every clash was reported.
        #[test]
        fn every_clash_is_reported_and_none_is_written(
            jobs in prop::collection::vec((prop::sample::select(PATHS), 0..8usize), 0..12),
            files in prop::collection::vec((prop::sample::select(PATHS), any::<bool>()), 0..4),
        ) {
            let root = tempfile::tempdir().unwrap();
            let config = Config::load(root.path()).unwrap();
            let mut output = Output::default();
            for (path, copied) in &files {
                let file = if *copied {
                    OutputFile::Copy(root.path().join("static").join(path))
                } else {
                    OutputFile::Bytes(Vec::new())
                };
                output.insert(*path, file);
            }
            let mut jobs: Vec<RenderJob> = jobs.iter().map(|(p, m)| job(p, *m)).collect();
            let before: Vec<String> = jobs.iter().map(|j| j.out.clone()).collect();
            let verdict = check(&config, &mut jobs, &output);

            let mut all: Vec<&str> = jobs.iter().map(|j| j.out.as_str()).collect();
            all.extend(output.iter().map(|(p, _)| p));
            let mut sorted = all.clone();
            sorted.sort_unstable();
            sorted.dedup();
            let mut clash = sorted.len() != all.len();
            for a in &sorted {
                for b in &sorted {
                    clash |= b.starts_with(&format!("{a}/"));
                }
            }
            // What is left to write never clashes, unless the build fails on it (a
            // clash between two files gloss did not render stays for the write to
            // refuse, and is reported too).
            prop_assert!(!clash || !verdict.errors.is_empty(), "{all:?}");
            let jobs_alone: std::collections::BTreeSet<&str> =
                jobs.iter().map(|j| j.out.as_str()).collect();
            prop_assert_eq!(jobs_alone.len(), jobs.len(), "a path written twice: {:?}", all);
            for j in &jobs {
                prop_assert!(output.get(&j.out).is_none(), "{} is a file and a job", j.out);
            }
            // A clash among what came in is reported (an error, or a copied file's warning).
            let mut came: Vec<&str> = before.iter().map(String::as_str).collect();
            came.extend(output.iter().map(|(p, _)| p));
            let mut came_sorted = came.clone();
            came_sorted.sort_unstable();
            came_sorted.dedup();
            let mut came_clash = came_sorted.len() != came.len();
            for a in &came_sorted {
                for b in &came_sorted {
                    came_clash |= b.starts_with(&format!("{a}/"));
                }
            }
            prop_assert_eq!(
                came_clash,
                !verdict.errors.is_empty() || !verdict.warnings.is_empty(),
                "{:?} gave {:?} {:?}", came, verdict.errors, verdict.warnings
            );
        }
    }

    #[test]
    fn site_paths_for_messages() {
        assert_eq!(site_path("index.html"), "/");
        assert_eq!(site_path("tags/index.html"), "/tags/");
        assert_eq!(site_path("atom.xml"), "/atom.xml");
        assert_eq!(site_path("a/notindex.html"), "/a/notindex.html");
    }
}
