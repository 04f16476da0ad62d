//! The commentary model across the site: each post's update history, the `/quotes/` and
//! `/updates/` pages and the `/updates.xml` feed (DESIGN §4).
//!
//! Takes rendered pages (what the Markdown passes learned) and returns view data and
//! diagnostics; it does not parse the post bodies itself (front matter update notes, a
//! line of inline Markdown each, are rendered here).
//!
//! One module per concept: [`history`] (a post's updates and when it was last updated),
//! [`quotes`] (the quoted passages, grouped by source, for `/quotes/`) and `updates` (the
//! site's updates, newest first, for `/updates/` and `/updates.xml`). This module puts
//! them together as `site` ([`site_view`], [`site_value`]) and makes the pages' jobs.

use std::sync::Arc;

use jiff::ZonedDateTime as Zoned;
use serde::Serialize;

use super::RenderedPage;
use crate::config::Config;
use crate::render::Value;

mod history;
mod quotes;
mod updates;

pub use history::*;
pub use quotes::*;
use updates::*;

/// What `/quotes/` and `/updates/` receive as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Every quoted passage, newest post first.
    pub quotes: Vec<QuoteView>,
    /// The same, grouped by source; the group with the newest quote first.
    pub quote_groups: Vec<QuoteGroup>,
    /// Every update of every post, newest first (undated ones last).
    pub updates: Vec<UpdateView>,
    /// Whether `/quotes/` shows every passage (at most `[quotes] one_page_max`), rather
    /// than an index of the groups.
    pub quotes_on_one_page: bool,
}

/// What `/quotes/` and `/updates/` show, for `posts` (newest first).
pub fn site_view(config: &Config, posts: &[&RenderedPage]) -> SiteView {
    let quotes = quotes(config, posts);
    let quotes_on_one_page = quotes.len() <= config.quotes.one_page_max;
    SiteView {
        quote_groups: group_quotes(config, &quotes, quotes_on_one_page),
        quotes_on_one_page,
        quotes,
        updates: update_views(config, posts),
    }
}

/// A post's quotes as `site.quotes` holds them, with what grouping reads of each. Made
/// once per post (kept in its memo).
#[derive(Debug, PartialEq)]
pub struct PostQuotes {
    values: Vec<Value>,
    sources: Vec<QuoteSource>,
    /// Each quote's group head as a map, for the group it may lead.
    heads: Vec<Value>,
}

fn post_quotes<'p>(config: &Config, rp: &'p RenderedPage) -> &'p PostQuotes {
    rp.memo.quotes.get_or_init(|| {
        let views = quotes(config, std::slice::from_ref(&rp));
        let sources: Vec<QuoteSource> = views.iter().map(QuoteSource::of).collect();
        PostQuotes {
            heads: sources.iter().map(|s| Value::of(&s.head)).collect(),
            sources,
            values: views.iter().map(Value::of).collect(),
        }
    })
}

/// A post's updates as `site.updates` holds them, each with its date for sorting. Made
/// once per post (kept in its memo).
fn post_updates<'p>(
    config: &Config,
    rp: &'p RenderedPage,
) -> &'p [(Option<jiff::Timestamp>, Value)] {
    rp.memo.updates.get_or_init(|| {
        history(config, rp)
            .iter()
            .map(|entry| {
                let view = site_update_view(config, entry, rp);
                (entry.date.as_ref().map(Zoned::timestamp), Value::of(&view))
            })
            .collect()
    })
}

/// Whether `rp` gives [`site_value`] what the post whose memo is `kept` gave: the same
/// quotes and updates, each as `site` holds it.
pub(super) fn same_site_parts(
    config: &Config,
    kept: &super::memo::Memo,
    rp: &RenderedPage,
) -> bool {
    kept.quotes.get() == Some(post_quotes(config, rp))
        && kept.updates.get().map(Vec::as_slice) == Some(post_updates(config, rp))
}

/// What the site's commentary gives the templates: `site` for every template, and the
/// sources that get pages of their own (`/quotes/SLUG/`) when `/quotes/` is an index.
/// Cloning shares the contents.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteCommentary {
    /// `site`: `quotes`, `quote_groups`, `updates` and `quotes_on_one_page`.
    pub value: Value,
    /// The sources with pages, oldest first (none while `/quotes/` shows every passage).
    pub sources: Arc<Vec<SourcePages>>,
    /// `site.quote_groups`, each shared: `/quotes/` pages through them as an index.
    pub groups: Arc<Vec<Value>>,
    /// Whether `/quotes/` shows every passage (`site.quotes_on_one_page`).
    pub on_one_page: bool,
}

/// A source with pages of its own: at `path` (`/quotes/techcrunch-com-2024-a-deal/`), its
/// group as `site.quote_groups` holds it (without `quotes`) and its passages, newest
/// post first.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcePages {
    /// Site path of its first page.
    pub path: String,
    /// The group's head: `name`, `url`, `host`, `count`, `newest`, `newest_display`,
    /// `first_url`, `page_url`.
    pub head: Value,
    /// Its passages.
    pub quotes: Vec<Value>,
}

/// Most characters of a source page's slug: a long address is cut and given a hash of
/// itself, so that two long addresses alike in their first words stay apart.
const SLUG_MAX: usize = 60;

/// [`site_view`] as a template [`Value`], made without copying: each quote is converted once
/// and shared by `quotes` and its group in `quote_groups` (a site's quotes are most of
/// its text, so two copies cost as much as the posts). Each post's quotes and updates
/// are converted once per post (kept in its memo).
///
/// Each group also gets `count` (its passages), `newest` and `newest_display` (its newest
/// post's date), `first_url` (its newest passage in its post) and `page_url` (its page of
/// its own, or empty). With more than `[quotes] one_page_max` passages, `/quotes/` is an
/// index (`site.quotes_on_one_page` false) and every source quoted more than once that
/// is not confined to one post (a linked address or an attribution) gets pages.
pub fn site_value(config: &Config, posts: &[&RenderedPage]) -> SiteCommentary {
    use rayon::prelude::*;
    posts.par_iter().for_each(|rp| {
        post_quotes(config, rp);
        post_updates(config, rp);
    });
    let values: Vec<Value> = posts
        .iter()
        .flat_map(|rp| post_quotes(config, rp).values.iter().cloned())
        .collect();
    let sources: Vec<&QuoteSource> = posts
        .iter()
        .flat_map(|rp| post_quotes(config, rp).sources.iter())
        .collect();
    let heads: Vec<&Value> = posts
        .iter()
        .flat_map(|rp| post_quotes(config, rp).heads.iter())
        .collect();
    let indices = group_indices(&sources);
    let on_one_page = values.len() <= config.quotes.one_page_max;
    let paths = if on_one_page {
        vec![None; indices.len()]
    } else {
        source_paths(&sources, &indices)
    };
    let mut pages = Vec::new();
    let groups: Vec<Value> = indices
        .into_iter()
        .zip(paths)
        .map(|((first, members), path)| {
            let newest = sources[first];
            let head = heads[first]
                .clone()
                .with("count", Value::of(&members.len()))
                .with("newest", Value::of(&newest.date))
                .with("newest_display", Value::of(&newest.date_display))
                .with("first_url", Value::of(&newest.url))
                .with(
                    "page_url",
                    Value::of(
                        &path
                            .as_ref()
                            .map(|p| config.url_path(p))
                            .unwrap_or_default(),
                    ),
                );
            let quotes: Vec<Value> = members.into_iter().map(|i| values[i].clone()).collect();
            let group = head
                .clone()
                .with("quotes", Value::list(quotes.iter().cloned()));
            if let Some(path) = path {
                pages.push(SourcePages { path, head, quotes });
            }
            group
        })
        .collect();
    // Oldest first, as their slugs were given.
    pages.reverse();
    let mut updates: Vec<&(Option<jiff::Timestamp>, Value)> = posts
        .iter()
        .flat_map(|rp| post_updates(config, rp).iter())
        .collect();
    // As `site_updates` orders them: the same stable sort on the same dates.
    updates.sort_by(|a, b| newest_first(a.0, b.0));
    let updates = Value::list(updates.into_iter().map(|(_, v)| v.clone()));
    SiteCommentary {
        value: Value::map([
            ("quotes", Value::list(values)),
            ("quote_groups", Value::list(groups.iter().cloned())),
            ("updates", updates),
            ("quotes_on_one_page", Value::of(&on_one_page)),
        ]),
        sources: Arc::new(pages),
        groups: Arc::new(groups),
        on_one_page,
    }
}

/// The site path of each group's page (`/quotes/SLUG/`), or None: groups of one passage,
/// and groups confined to one post, have none. Slugs are given oldest group first, a
/// slug already taken getting `-2`, `-3`…, so a new post's source never takes the slug
/// of an older one: source pages keep their addresses as the site grows.
fn source_paths(sources: &[&QuoteSource], groups: &[(usize, Vec<usize>)]) -> Vec<Option<String>> {
    // `/quotes/page/2/` is the index's second page.
    let mut taken = std::collections::HashSet::from(["page".to_string()]);
    let mut paths = vec![None; groups.len()];
    for (g, (first, members)) in groups.iter().enumerate().rev() {
        let words = &sources[*first].slug_words;
        if members.len() < 2 || words.is_empty() {
            continue;
        }
        let base = source_slug(words);
        let mut slug = base.clone();
        let mut n = 1;
        while !taken.insert(slug.clone()) {
            n += 1;
            slug = format!("{base}-{n}");
        }
        paths[g] = Some(format!("/quotes/{slug}/"));
    }
    paths
}

/// The slug of a source's page from its words (an address without scheme, or an
/// attribution); at most [`SLUG_MAX`] characters, a cut one ending in a hash of the words.
fn source_slug(words: &str) -> String {
    let slug = crate::content::slug::slugify(words);
    if slug.chars().count() <= SLUG_MAX {
        return slug;
    }
    let cut: String = slug.chars().take(SLUG_MAX - 9).collect();
    // FNV-1a: the same words give the same slug on every build and every machine.
    let hash = words.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    format!("{}-{hash:08x}", cut.trim_end_matches('-'))
}

/// The jobs for `/quotes/` (`quotes.html`), `/updates/` (`updates.html`) and the
/// updates feeds, one per format of `feeds`: `/updates.xml` (Atom), `/updates.rss`
/// (RSS 2.0), `/updates.json` (JSON Feed), each from the template named as the file and
/// shaped like the site's feeds. The pages read
/// `site` ([`site_value`]), which `site::build` puts in every template's context.
///
/// `quotes.html` gets `sources` (the groups on this page: all of them on one page, else
/// `[quotes] index_paginate_by` to a page at `/quotes/`, `/quotes/page/2/`…) and
/// `paginator`. With `/quotes/` an index, each source with pages gets `quotes_source.html` at
/// `/quotes/SLUG/`, `/quotes/SLUG/page/2/`…, given `source` (its group's head), `quotes`
/// (that page's passages) and `paginator`.
pub fn jobs(site: &super::Site, commentary: &SiteCommentary) -> Vec<super::RenderJob> {
    let mut jobs = vec![site.job("updates/index.html", "updates.html", None)];
    // `/quotes/` as an index pages through the sources; on one page, it is one page.
    let per_page = match commentary.on_one_page {
        true => 0,
        false => site.config.quotes.index_paginate_by,
    };
    let (list, pagers) =
        super::paginate::paginators(site, "/quotes/", &commentary.groups, per_page);
    let pagers = Value::of(&pagers);
    for (paginator, groups) in list {
        let out = super::output_path(&super::paginate::pager_path(
            "/quotes/",
            paginator.current_index,
        ));
        jobs.push(
            site.job(out, "quotes.html", None)
                .with_value("sources", Value::list(groups.iter().cloned()))
                .with_value(
                    "paginator",
                    Value::of(&paginator).with("pagers", pagers.clone()),
                ),
        );
    }
    for source in commentary.sources.iter() {
        let per_page = site.config.quotes.paginate_by;
        let (list, pagers) =
            super::paginate::paginators(site, &source.path, &source.quotes, per_page);
        let pagers = Value::of(&pagers);
        for (paginator, quotes) in list {
            let out = super::output_path(&super::paginate::pager_path(
                &source.path,
                paginator.current_index,
            ));
            jobs.push(
                site.job(out, "quotes_source.html", None)
                    .with_value("source", source.head.clone())
                    .with_value("quotes", Value::list(quotes.iter().cloned()))
                    .with_value(
                        "paginator",
                        Value::of(&paginator).with("pagers", pagers.clone()),
                    ),
            );
        }
    }
    // One feed, rendered in each format of `feeds`, each with its own `url`.
    if !site.config.feeds.is_empty() {
        let feed = Value::of(&updates_feed(site, &site_updates(site.config, &site.posts)));
        for format in &site.config.feeds {
            let file = format.updates_file_name();
            let url = Value::of(&site.config.permalink(&format!("/{file}")));
            jobs.push(site.job(file, file, None).with_value(
                "feed",
                feed.clone().with("url", url.clone()).with("id", url),
            ));
        }
    }
    jobs
}
