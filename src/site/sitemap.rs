//! Sitemap (sitemaps.org 0.9) and robots.txt.
//!
//! Lists every page (but those left out of lists, `unlisted`, and those written as
//! files other than HTML, such as `/feed.json`), section (first page only),
//! taxonomy index and term page (first page only) by absolute URL, sorted,
//! with `lastmod` where a date is known: a page's last update or publication, a list's
//! newest post. Returns a render job for `sitemap.xml` and the text of robots.txt.

use super::{RenderJob, RenderedPage, Site, commentary, taxonomy};
use crate::config::Config;
use crate::render::Value;
use crate::render::views::SitemapEntry;

/// The job for `sitemap.xml`.
pub(crate) fn job(site: &Site) -> RenderJob {
    let config = site.config;
    let lastmod = |posts: &mut dyn Iterator<Item = &&RenderedPage>| {
        posts
            .filter_map(|rp| last_change(config, rp))
            .max_by_key(jiff::ZonedDateTime::timestamp)
            .map(|d| d.strftime("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    // Each entry with its URL, for sorting; a page's is made once (kept in its memo).
    let mut entries: Vec<(String, Value)> = Vec::new();
    let mut push = |entry: SitemapEntry| entries.push((entry.loc.clone(), Value::of(&entry)));
    for section in site.content.sections.values() {
        let prefix = format!("{}/", section.name);
        let mut posts = site.posts.iter().filter(|rp| {
            section.name.is_empty()
                || rp.page.section == section.name
                || rp.page.section.starts_with(&prefix)
        });
        push(SitemapEntry {
            loc: config.permalink(&section.path),
            lastmod: lastmod(&mut posts),
        });
    }
    for taxonomy in site.taxonomies.iter().filter(|t| !t.terms.is_empty()) {
        push(SitemapEntry {
            loc: config.permalink(&taxonomy::index_path(taxonomy.name)),
            lastmod: lastmod(&mut taxonomy.terms.values().flat_map(|t| t.posts.iter())),
        });
        for (slug, term) in &taxonomy.terms {
            push(SitemapEntry {
                loc: config.permalink(&taxonomy::term_path(taxonomy.name, slug)),
                lastmod: lastmod(&mut term.posts.iter()),
            });
        }
    }
    for rp in site
        .rendered
        .iter()
        .filter(|rp| !rp.page.front.unlisted && rp.page.is_html())
    {
        let (loc, entry) = rp.memo.sitemap_entry.get_or_init(|| {
            let entry = SitemapEntry {
                loc: config.permalink(&rp.page.path),
                lastmod: last_change(config, rp)
                    .map(|d| d.strftime("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            };
            (entry.loc.clone(), Value::of(&entry))
        });
        entries.push((loc.clone(), entry.clone()));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.dedup_by(|a, b| a.0 == b.0);
    site.job("sitemap.xml", "sitemap.xml", None)
        .with_value("entries", Value::list(entries.into_iter().map(|(_, e)| e)))
}

fn last_change(config: &Config, rp: &RenderedPage) -> Option<jiff::ZonedDateTime> {
    commentary::effective_updated(config, rp).or_else(|| rp.page.date.clone())
}

/// robots.txt: allows everything and names the sitemap by absolute URL.
pub(crate) fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        config.permalink("/sitemap.xml")
    )
}
