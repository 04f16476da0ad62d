//! `_redirects`: the redirect rules file of Netlify and Cloudflare Pages, made from pages'
//! `aliases` and gloss.toml's `[redirects]` when `redirects_file = true`. The alias pages (HTML with a refresh) are
//! written either way, for hosts without such a file.
//!
//! Takes the config and the rendered pages, returns the file's text; writes nothing.

use super::RenderedPage;
use super::aliases::Resolved;
use crate::config::Config;

/// One `FROM TO 301` line per alias and per resolved `[redirects]` line, sorted; site
/// paths carry the base URL's sub-path, an absolute URL target is written as it is.
pub(crate) fn file(config: &Config, pages: &[RenderedPage], redirects: &[Resolved]) -> String {
    let mut lines: Vec<String> = pages
        .iter()
        .flat_map(|rp| {
            rp.page.front.aliases.iter().map(move |alias| {
                let from = super::aliases::site_path(alias);
                format!(
                    "{} {} 301",
                    config.url_path(&from),
                    config.url_path(&rp.page.path)
                )
            })
        })
        .chain(redirects.iter().map(|r| {
            let to = if r.on_site {
                config.url_path(&r.to)
            } else {
                r.to.clone()
            };
            format!("{} {to} 301", config.url_path(&r.from))
        }))
        .collect();
    lines.sort();
    lines.dedup();
    let mut text = lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text
}
