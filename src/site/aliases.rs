//! Aliases: old paths that redirect to a page (`aliases`, Jekyll's `redirect_from`), and
//! the `[redirects]` of gloss.toml, which say the same outside front matter.
//!
//! Each alias becomes a small HTML page (`alias.html`) with a meta refresh and a
//! `rel=canonical` link to the page's absolute URL, as static hosts cannot send redirects.
//! `/old/path/` is written to `old/path/index.html`; an alias ending in `.html` (or
//! another page's or a feed's extension: `/feed.xml`) is written as that file. Returns render jobs; renders nothing itself.
//!
//! A `[redirects]` target is resolved once every other output is planned: a site path
//! must be one of them, a content file must be a page or section of the site (a Markdown
//! file left out as a draft or by its date has no redirect, as its own aliases would
//! not), else
//! the line points nowhere and the build fails at gloss.toml:line:column.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::outputs::Maker;
use super::{RenderJob, Site, output_path};
use crate::config::{CONFIG_FILE, RedirectTarget};
use crate::diagnostic::Diagnostic;
use crate::output::Output;

/// Extensions that make an old path a file rather than a folder: pages (`.html`, and
/// the server pages of other engines) and feeds (`/feed.xml`, `/index.rss`). Others
/// (`/notes/node.js`, `/v1.2`) name a folder, as most engines wrote them.
const FILE_EXTENSIONS: &[&str] = &[
    "html", "htm", "shtml", "xhtml", "php", "asp", "aspx", "jsp", "cgi", "xml", "rss", "atom",
    "rdf", "json", "txt",
];

/// The site path an alias takes: `old/path` → `/old/path/`; a last segment with a page's
/// or a feed's extension ([`FILE_EXTENSIONS`]) is that file: `old.html` → `/old.html`,
/// `/feed.xml` → `/feed.xml`.
pub(crate) fn site_path(alias: &str) -> String {
    let trimmed = alias.trim().trim_matches('/');
    let file = trimmed
        .rsplit('/')
        .next()
        .and_then(|last| last.rsplit_once('.'))
        .is_some_and(|(stem, ext)| {
            !stem.is_empty() && FILE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        });
    if file {
        format!("/{trimmed}")
    } else if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// One job per alias of every page.
pub(crate) fn jobs(site: &Site) -> Vec<RenderJob> {
    let mut jobs = Vec::new();
    for rp in site.rendered {
        for alias in &rp.page.front.aliases {
            let target = site.config.permalink(&rp.page.path);
            let mut job = site
                .job(
                    output_path(&site_path(alias)),
                    "alias.html",
                    Some(rp.page.source.clone()),
                )
                .with("target", &target)
                .with("title", &rp.page.title);
            job.maker = Maker::Alias(rp.page.source.clone(), alias.clone());
            jobs.push(job);
        }
    }
    jobs
}

/// A `[redirects]` line with its target resolved: the old site path and where it goes
/// (a site path, or an absolute URL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The old site path (`/old/` or `/old.html`).
    pub from: String,
    /// The target: a site path (`/posts/a/`) or an absolute URL.
    pub to: String,
    /// Whether `to` is a site path (the base URL's sub-path goes before it).
    pub on_site: bool,
    /// Line and column of the line's key in gloss.toml.
    pub at: (usize, usize),
    /// The title the redirect page shows: the target page's, else the target.
    pub title: String,
}

/// Resolves every `[redirects]` line against the site and the outputs planned so far
/// (`jobs`, `files`): the lines that point somewhere, and an error (at the value in
/// gloss.toml) for each that points nowhere.
pub(crate) fn resolve(
    site: &Site,
    jobs: &[RenderJob],
    files: &Output,
) -> (Vec<Resolved>, Vec<Diagnostic>) {
    let config = site.config;
    if config.redirects.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let outputs: HashSet<&str> = jobs
        .iter()
        .map(|j| j.out.as_str())
        .chain(files.iter().map(|(p, _)| p))
        .collect();
    // Pages and sections by source file and pages' titles by URL, once: each line is
    // then one lookup, so the redirects cost time linear in the lines and the pages.
    let by_source: HashMap<PathBuf, &str> = site
        .rendered
        .iter()
        .map(|rp| (&rp.page.source, rp.page.path.as_str()))
        .chain(
            site.content
                .sections
                .values()
                .filter_map(|s| s.source.as_ref().map(|src| (src, s.path.as_str()))),
        )
        .map(|(source, path)| (config.root.join(source), path))
        .collect();
    let titles: HashMap<&str, &str> = site
        .rendered
        .iter()
        .map(|rp| (rp.page.path.as_str(), rp.page.title.as_str()))
        .collect();
    let mut resolved = Vec::new();
    let mut errors = Vec::new();
    for r in &config.redirects {
        let nowhere = |what: String, help: &str| {
            Diagnostic::error(
                CONFIG_FILE,
                format!(
                    "the redirect from {} in [redirects] points nowhere: {what}",
                    r.from
                ),
            )
            .at(r.to_at.0, r.to_at.1)
            .with_help(help.to_string())
        };
        let (to, on_site) = match &r.to {
            RedirectTarget::Url(url) => (url.clone(), false),
            RedirectTarget::Path(path) => {
                if !outputs.contains(output_path(path).as_str()) {
                    errors.push(nowhere(
                        format!("the site has no page at {path}"),
                        "write the URL of a page of the site, or the page's file under the content folder (\"posts/NAME.md\")",
                    ));
                    continue;
                }
                (path.clone(), true)
            }
            RedirectTarget::File(file) => {
                let wanted = config.content_dir().join(file);
                match by_source.get(&wanted) {
                    Some(path) => ((*path).to_string(), true),
                    // A draft, or a post held back by its date: no redirect this build.
                    None if wanted.is_file()
                        && wanted
                            .extension()
                            .is_some_and(|e| e == "md" || e == "markdown") =>
                    {
                        continue;
                    }
                    None => {
                        errors.push(nowhere(
                            format!("{} is no page of the site", file.display()),
                            "write the path of a Markdown file under the content folder (\"posts/2017-05-09-name.md\"), or a site path starting with `/`",
                        ));
                        continue;
                    }
                }
            }
        };
        let title = match titles.get(to.as_str()) {
            Some(t) if on_site => (*t).to_string(),
            _ => to.clone(),
        };
        resolved.push(Resolved {
            from: r.from.clone(),
            to,
            on_site,
            at: r.at,
            title,
        });
    }
    (resolved, errors)
}

/// One job per resolved `[redirects]` line; its maker locates it in gloss.toml.
pub(crate) fn redirect_jobs(site: &Site, redirects: &[Resolved]) -> Vec<RenderJob> {
    redirects
        .iter()
        .map(|resolved| {
            let target = if resolved.on_site {
                site.config.permalink(&resolved.to)
            } else {
                resolved.to.clone()
            };
            let mut job = site
                .job(
                    output_path(&resolved.from),
                    "alias.html",
                    Some(PathBuf::from(CONFIG_FILE)),
                )
                .with("target", &target)
                .with("title", &resolved.title);
            job.maker = Maker::Redirect(resolved.from.clone(), resolved.at);
            job
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths() {
        assert_eq!(site_path("old/path"), "/old/path/");
        assert_eq!(site_path("/2019/01/old.html"), "/2019/01/old.html");
        assert_eq!(output_path(&site_path("/old/")), "old/index.html");
        assert_eq!(output_path(&site_path("/a/b.html")), "a/b.html");
        assert_eq!(site_path("/feed.xml"), "/feed.xml");
        assert_eq!(site_path("/posts/index.XML"), "/posts/index.XML");
        assert_eq!(site_path("/notes/node.js"), "/notes/node.js/");
        assert_eq!(site_path("/v1.2"), "/v1.2/");
        assert_eq!(site_path("/.xml"), "/.xml/");
    }
}
