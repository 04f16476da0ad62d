//! Taxonomy: the tags of posts, as `/tags/` (`taxonomy_list.html`), `/tags/TERM/`
//! (`taxonomy_term.html`) and `/tags/TERM/atom.xml`.
//!
//! Terms are grouped by slug, so `Rust` and `rust` are one term, named as first written
//! (in post order: newest first). Returns render jobs; renders nothing itself.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{RenderJob, RenderedPage, Site, feeds, pages::term_view};
use crate::content::slug::term_slug;
use crate::render::Value;
use crate::render::views::TermView;

/// `term` in `taxonomy_term.html`, before its posts are added as `pages`.
#[derive(Debug, Clone, Serialize)]
struct TermPage {
    #[serde(flatten)]
    term: TermView,
    /// Absolute URL of the term's feed.
    feed_url: String,
}

/// A term and its posts, newest first.
#[derive(Debug, Clone)]
pub(crate) struct Term<'a> {
    /// The name as first written.
    pub name: String,
    /// Its posts.
    pub posts: Vec<&'a RenderedPage>,
}

/// The site's terms by slug.
pub(crate) fn terms<'a>(posts: &[&'a RenderedPage]) -> BTreeMap<String, Term<'a>> {
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    for rp in posts {
        for (t, slug) in rp.page.front.tags.iter().zip(tag_slugs(rp)) {
            if !terms.contains_key(slug) {
                let term = Term {
                    name: t.clone(),
                    posts: Vec::new(),
                };
                terms.insert(slug.clone(), term);
            }
            let Some(term) = terms.get_mut(slug) else {
                continue;
            };
            // A post listing one term twice (`Rust`, `rust`) is listed once; the posts
            // come one at a time, so a repeat can only be the last one listed.
            if !term.posts.last().is_some_and(|p| std::ptr::eq(*p, *rp)) {
                term.posts.push(rp);
            }
        }
    }
    terms
}

/// The slugs of a post's tags, in order; made once per post (kept in its memo).
pub(crate) fn tag_slugs(rp: &RenderedPage) -> &[String] {
    rp.memo
        .tag_slugs
        .get_or_init(|| rp.page.front.tags.iter().map(|t| term_slug(t)).collect())
}

/// The jobs for `/tags/`, each term's page and each term's feed.
pub(crate) fn jobs(site: &Site) -> Vec<RenderJob> {
    let terms = terms(&site.posts);
    let mut jobs = Vec::new();
    let list: Vec<_> = terms
        .values()
        .map(|t| term_view(site.config, &t.name, t.posts.len()))
        .collect();
    jobs.push(
        site.job("tags/index.html", "taxonomy_list.html", None)
            .with("terms", &list),
    );
    for (slug, term) in &terms {
        let page = TermPage {
            term: term_view(site.config, &term.name, term.posts.len()),
            feed_url: site.config.permalink(&format!("/tags/{slug}/atom.xml")),
        };
        // The term's fields and its posts in one map: `term.name`, `term.pages`.
        let term_value = Value::of(&page).with("pages", site.summary_list(&term.posts));
        jobs.push(
            site.job(
                format!("tags/{slug}/index.html"),
                "taxonomy_term.html",
                None,
            )
            .with_value("term", term_value),
        );
        let feed = feeds::feed(
            site,
            &format!("{} — {}", site.config.title, term.name),
            &format!("/tags/{slug}/"),
            &term.posts,
        );
        jobs.push(
            site.job(format!("tags/{slug}/atom.xml"), "atom.xml", None)
                .with_value("feed", feed),
        );
    }
    jobs
}
