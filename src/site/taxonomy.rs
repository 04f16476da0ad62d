//! Taxonomy: the tags of posts, as `/tags/` (`taxonomy_list.html`), `/tags/TERM/`
//! (`taxonomy_term.html`) and `/tags/TERM/atom.xml`.
//!
//! Terms are grouped by slug, so `Rust` and `rust` are one term, named as first written
//! (in post order: newest first). Returns render jobs; renders nothing itself.

use std::collections::BTreeMap;

use serde_json::json;

use super::{RenderJob, RenderedPage, Site, feeds, pages::term_view};
use crate::content::slug::slugify;
use crate::render::views::PostSummary;

/// A term and its posts, newest first.
#[derive(Debug, Clone)]
pub struct Term<'a> {
    /// The name as first written.
    pub name: String,
    /// Its posts.
    pub posts: Vec<&'a RenderedPage>,
}

/// The site's terms by slug.
pub fn terms<'a>(posts: &[&'a RenderedPage]) -> BTreeMap<String, Term<'a>> {
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    for rp in posts {
        for t in &rp.page.front.tags {
            let term = terms.entry(slugify(t)).or_insert_with(|| Term {
                name: t.clone(),
                posts: Vec::new(),
            });
            // A post listing one term twice (`Rust`, `rust`) is listed once.
            if !term.posts.iter().any(|p| p.page.path == rp.page.path) {
                term.posts.push(rp);
            }
        }
    }
    terms
}

/// The jobs for `/tags/`, each term's page and each term's feed.
pub fn jobs(site: &Site) -> Vec<RenderJob> {
    let terms = terms(&site.posts);
    let mut jobs = Vec::new();
    let list: Vec<_> = terms
        .values()
        .map(|t| term_view(site.config, &t.name, t.posts.len()))
        .collect();
    jobs.push(site.job(
        "tags/index.html",
        "taxonomy_list.html",
        json!({ "terms": list }),
        None,
    ));
    for (slug, term) in &terms {
        let view = term_view(site.config, &term.name, term.posts.len());
        let pages: Vec<PostSummary> = term.posts.iter().map(|rp| site.summary(rp)).collect();
        jobs.push(site.job(
            format!("tags/{slug}/index.html"),
            "taxonomy_term.html",
            json!({ "term": {
                "name": view.name,
                "slug": view.slug,
                "url": view.url,
                "permalink": view.permalink,
                "count": view.count,
                "feed_url": site.config.permalink(&format!("/tags/{slug}/atom.xml")),
                "pages": pages,
            } }),
            None,
        ));
        let feed = feeds::feed(
            site.config,
            &format!("{} — {}", site.config.title, term.name),
            &format!("/tags/{slug}/"),
            &term.posts,
        );
        jobs.push(site.job(
            format!("tags/{slug}/atom.xml"),
            "atom.xml",
            json!({ "feed": feed }),
            None,
        ));
    }
    jobs
}
