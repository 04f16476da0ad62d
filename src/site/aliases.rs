//! Aliases: old paths that redirect to a page (`aliases`, Jekyll's `redirect_from`).
//!
//! Each alias becomes a small HTML page (`alias.html`) with a meta refresh and a
//! `rel=canonical` link to the page's absolute URL, as static hosts cannot send redirects.
//! `/old/path/` is written to `old/path/index.html`; an alias ending in `.html` is written
//! as that file. Returns render jobs; renders nothing itself.

use super::outputs::Maker;
use super::{RenderJob, Site, output_path};

/// The site path an alias takes: `old/path` → `/old/path/`, `old.html` → `/old.html`.
pub(crate) fn site_path(alias: &str) -> String {
    let trimmed = alias.trim().trim_matches('/');
    if trimmed.ends_with(".html") || trimmed.ends_with(".htm") {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths() {
        assert_eq!(site_path("old/path"), "/old/path/");
        assert_eq!(site_path("/2019/01/old.html"), "/2019/01/old.html");
        assert_eq!(output_path(&site_path("/old/")), "old/index.html");
        assert_eq!(output_path(&site_path("/a/b.html")), "a/b.html");
    }
}
