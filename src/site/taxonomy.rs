//! Taxonomies: the configured ways of grouping posts (`taxonomies` in gloss.toml, default
//! `["tags"]`). Each taxonomy `NAME` gets `/NAME/` (`taxonomy_list.html`), a page per term
//! `/NAME/TERM/`, paginated like a section (`taxonomy_term.html`), and the term's feeds
//! (`/NAME/TERM/atom.xml`…, one per format of `feeds`).
//!
//! Terms are grouped by slug, so `Rust` and `rust` are one term, named as first written
//! (in post order: newest first). A term's posts are newest first, except in the
//! taxonomy `series`, whose terms are series: their posts are parts, oldest first, or in
//! the order of their `series_order` ([`series_sort`]). Everything here is one pass over
//! the posts and their terms, then a sort per term: linear in the posts but for the sorts.
//! Returns render jobs and warnings; renders nothing itself.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{RenderJob, RenderedPage, Site, feeds, output_path, paginate, sort_newest_first};
use crate::config::Config;
use crate::content::slug::term_slug;
use crate::diagnostic::Diagnostic;
use crate::i18n::Language;
use crate::render::Value;
use crate::render::views::{FeedLink, SeriesPart, TaxonomyView, TermView, feed_links};

/// The taxonomy whose terms are series (ordered parts).
pub(crate) const SERIES: &str = "series";

/// `term` in `taxonomy_term.html`, before its posts are added as `pages`.
#[derive(Debug, Clone, Serialize)]
struct TermPage {
    #[serde(flatten)]
    term: TermView,
    /// Absolute URL of the term's first feed, or empty.
    feed_url: String,
    /// The term's feeds, one per format of `feeds`.
    feeds: Vec<FeedLink>,
}

/// A term and its posts: newest first, or a series' parts in order.
#[derive(Debug, Clone)]
pub(crate) struct Term<'a> {
    /// The name as first written.
    pub name: String,
    /// Its posts.
    pub posts: Vec<&'a RenderedPage>,
}

/// One configured taxonomy and its terms by slug.
#[derive(Debug, Clone)]
pub(crate) struct Taxonomy<'a> {
    /// Its name, which is its URL segment (`categories`).
    pub name: &'a str,
    /// Its terms by slug.
    pub terms: BTreeMap<String, Term<'a>>,
}

impl Taxonomy<'_> {
    /// Whether its terms are series.
    pub(crate) fn is_series(&self) -> bool {
        self.name == SERIES
    }
}

/// Every configured taxonomy with its terms, in the config's order. `posts` come newest
/// first.
pub(crate) fn gather<'a>(config: &'a Config, posts: &[&'a RenderedPage]) -> Vec<Taxonomy<'a>> {
    config
        .taxonomies
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let mut taxonomy = Taxonomy {
                name,
                terms: terms(posts, index),
            };
            if taxonomy.is_series() {
                for term in taxonomy.terms.values_mut() {
                    series_sort(&mut term.posts);
                }
            }
            taxonomy
        })
        .collect()
}

/// The terms of the taxonomy at `index` by slug, each with its posts in `posts`' order.
fn terms<'a>(posts: &[&'a RenderedPage], index: usize) -> BTreeMap<String, Term<'a>> {
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    for rp in posts {
        let names = rp
            .page
            .front
            .terms
            .get(index)
            .map_or(&[][..], Vec::as_slice);
        for (t, slug) in names.iter().zip(term_slugs(rp, index)) {
            let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                name: t.clone(),
                posts: Vec::new(),
            });
            // A post listing one term twice (`Rust`, `rust`) is listed once; the posts
            // come one at a time, so a repeat can only be the last one listed.
            if !term.posts.last().is_some_and(|p| std::ptr::eq(*p, *rp)) {
                term.posts.push(rp);
            }
        }
    }
    terms
}

/// The slugs of a post's terms in the taxonomy at `index`, in order; made once per post
/// (kept in its memo).
pub(crate) fn term_slugs(rp: &RenderedPage, index: usize) -> &[String] {
    let all = rp.memo.term_slugs.get_or_init(|| {
        rp.page
            .front
            .terms
            .iter()
            .map(|names| names.iter().map(|t| term_slug(t)).collect())
            .collect()
    });
    all.get(index).map_or(&[][..], Vec::as_slice)
}

/// Orders a series' parts: by `series_order` (parts without one after those with one),
/// then by date, oldest first (undated last), then by path.
pub(crate) fn series_sort(posts: &mut [&RenderedPage]) {
    posts.sort_by(|a, b| {
        let key = |rp: &RenderedPage| {
            (
                rp.page.front.series_order.unwrap_or(i64::MAX),
                rp.page.date.is_none(),
                rp.page.date.as_ref().map(jiff::ZonedDateTime::timestamp),
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.page.path.cmp(&b.page.path))
    });
}

/// The site path of a taxonomy's index (`/categories/`).
pub(crate) fn index_path(taxonomy: &str) -> String {
    format!("/{taxonomy}/")
}

/// The site path of a term's page (`/categories/notes/`).
pub(crate) fn term_path(taxonomy: &str, slug: &str) -> String {
    format!("/{taxonomy}/{slug}/")
}

/// A taxonomy's name for people: `tags`, `categories` and `series` in the site's language
/// (the strings `tags`, `categories` and `series`: `Tags`, `Categories`, `Series` in
/// English); any other name as written, with the first letter capitalised and `-`/`_`
/// read as spaces. The navigation and `taxonomy.title` show it.
pub(crate) fn title(i18n: &Language, name: &str) -> String {
    match name {
        "tags" | "categories" | SERIES => i18n.text(name).to_string(),
        _ => {
            let spaced = name.replace(['-', '_'], " ");
            let mut chars = spaced.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => spaced,
            }
        }
    }
}

/// `taxonomy` in the taxonomy templates.
pub(crate) fn taxonomy_view(config: &Config, name: &str) -> TaxonomyView {
    let path = index_path(name);
    TaxonomyView {
        name: name.to_string(),
        title: title(&config.i18n, name),
        url: config.url_path(&path),
        permalink: config.permalink(&path),
    }
}

/// A term as templates see it; `count` is the number of posts with it (0 where unknown).
pub(crate) fn term_view(config: &Config, taxonomy: &str, name: &str, count: usize) -> TermView {
    let slug = term_slug(name);
    let path = term_path(taxonomy, &slug);
    TermView {
        name: name.to_string(),
        url: config.url_path(&path),
        permalink: config.permalink(&path),
        slug,
        count,
    }
}

/// `term` in `taxonomy_term.html` for the term `slug` of the taxonomy `name`: the term's
/// fields and its posts in one map (`term.name`, `term.pages`).
pub(crate) fn term_value(site: &Site, name: &str, slug: &str, term: &Term) -> Value {
    let config = site.config;
    let feeds = feed_links(config, &term_path(name, slug));
    let page = TermPage {
        term: term_view(config, name, &term.name, term.posts.len()),
        feed_url: feeds
            .first()
            .map(|f| f.permalink.clone())
            .unwrap_or_default(),
        feeds,
    };
    Value::of(&page).with("pages", site.summary_list(&term.posts))
}

/// The jobs for each taxonomy's index, each term's pages and each term's feed.
pub(crate) fn jobs(site: &Site) -> Vec<RenderJob> {
    let config = site.config;
    let mut jobs = Vec::new();
    for taxonomy in &site.taxonomies {
        let name = taxonomy.name;
        let view = Value::of(&taxonomy_view(config, name));
        let list: Vec<_> = taxonomy
            .terms
            .values()
            .map(|t| term_view(config, name, &t.name, t.posts.len()))
            .collect();
        let index_url = config.permalink(&index_path(name));
        let title = taxonomy_view(config, name).title;
        // The index lists terms, not posts: its JSON-LD has no parts.
        let sharing = super::sharing::list_value(
            config,
            &super::sharing::ListFacts {
                kind: super::sharing::ListKind::Collection,
                name: &title,
                url: &index_url,
                description: "",
            },
            &[],
        );
        jobs.push(
            site.job(format!("{name}/index.html"), "taxonomy_list.html", None)
                .with_value("taxonomy", view.clone())
                .with("terms", &list)
                .with_value("sharing", sharing),
        );
        for (slug, term) in &taxonomy.terms {
            let base = term_path(name, slug);
            let term_value = term_value(site, name, slug, term);
            let (pages, pagers) =
                paginate::paginators(site, &base, &term.posts, config.paginate_by);
            let pagers = Value::of(&pagers);
            for (paginator, posts) in pages {
                let path = paginate::pager_path(&base, paginator.current_index);
                let url = config.permalink(&path);
                let sharing = super::sharing::list_value(
                    config,
                    &super::sharing::ListFacts {
                        kind: super::sharing::ListKind::Collection,
                        name: &term.name,
                        url: &url,
                        description: "",
                    },
                    posts,
                );
                let out = output_path(&path);
                let paginator = Value::of(&paginator)
                    .with("pages", site.summary_list(posts))
                    .with("pagers", pagers.clone());
                jobs.push(
                    site.job(out, "taxonomy_term.html", None)
                        .with_value("taxonomy", view.clone())
                        .with_value("term", term_value.clone())
                        .with_value("paginator", paginator)
                        .with_value("sharing", sharing),
                );
            }
            // A feed is newest first, a series' parts too.
            let mut newest = term.posts.clone();
            if taxonomy.is_series() {
                sort_newest_first(&mut newest);
            }
            jobs.extend(feeds::jobs(
                site,
                &format!("{} — {}", config.title, term.name),
                &base,
                &newest,
            ));
        }
    }
    jobs
}

/// `page.series` of each post in a series, keyed by the post's path: the series' name
/// and page, the post's place in it and every part (one list per series, shared by its
/// posts). Posts in no series get none. A post in several series is shown in the first.
pub(crate) fn series_values<'a>(site: &Site<'a>) -> HashMap<&'a str, Value> {
    let mut out = HashMap::new();
    let Some(series) = site.taxonomies.iter().find(|t| t.is_series()) else {
        return out;
    };
    let config = site.config;
    for (slug, term) in &series.terms {
        let path = term_path(SERIES, slug);
        let parts: Vec<SeriesPart> = term
            .posts
            .iter()
            .enumerate()
            .map(|(i, rp)| SeriesPart {
                position: i + 1,
                title: rp.page.title.clone(),
                title_html: crate::markdown::title::html(
                    rp.page.front.title.as_deref().unwrap_or(&rp.page.title),
                ),
                url: config.url_path(&rp.page.path),
                permalink: config.permalink(&rp.page.path),
            })
            .collect();
        let parts = Value::of(&parts);
        let shared = Value::map([
            ("name", Value::of(&term.name)),
            ("slug", Value::of(slug)),
            ("url", Value::of(&config.url_path(&path))),
            ("permalink", Value::of(&config.permalink(&path))),
            ("total", Value::of(&term.posts.len())),
            ("parts", parts),
        ]);
        for (i, rp) in term.posts.iter().enumerate() {
            out.entry(rp.page.path.as_str())
                .or_insert_with(|| shared.clone().with("position", Value::of(&(i + 1))));
        }
    }
    out
}

/// A warning for each two posts of one series that claim one `series_order`, naming
/// both files (at the later one's key); the two stay in date order.
pub(crate) fn series_warnings(site: &Site) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let Some(series) = site.taxonomies.iter().find(|t| t.is_series()) else {
        return warnings;
    };
    for term in series.terms.values() {
        let mut first: HashMap<i64, &RenderedPage> = HashMap::new();
        // The parts come sorted, so posts claiming one place come one after the other.
        for rp in &term.posts {
            let Some(order) = rp.page.front.series_order else {
                continue;
            };
            match first.get(&order) {
                None => {
                    first.insert(order, rp);
                }
                Some(earlier) => {
                    let mut d = Diagnostic::warning(
                        &rp.page.source,
                        format!(
                            "this post and {} both claim part {order} of the series “{}” (`series_order: {order}`)",
                            earlier.page.source.display(),
                            term.name
                        ),
                    )
                    .with_help(
                        "give each part its own series_order; until then the two are shown in date order",
                    );
                    if let Some((line, column)) =
                        super::locate_key(site.config, &rp.page.source, &["series_order"])
                    {
                        d = d.at(line, column);
                    }
                    warnings.push(d);
                }
            }
        }
    }
    warnings
}
