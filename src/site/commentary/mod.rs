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
}

/// What `/quotes/` and `/updates/` show, for `posts` (newest first).
pub fn site_view(config: &Config, posts: &[&RenderedPage]) -> SiteView {
    let quotes = quotes(config, posts);
    SiteView {
        quote_groups: group_quotes(&quotes),
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
        history(rp)
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

/// [`site_view`] as a template [`Value`], made without copying: each quote is converted once
/// and shared by `quotes` and its group in `quote_groups` (a site's quotes are most of
/// its text, so two copies cost as much as the posts). Each post's quotes and updates
/// are converted once per post (kept in its memo).
pub fn site_value(config: &Config, posts: &[&RenderedPage]) -> Value {
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
    let groups: Vec<Value> = group_indices(&sources)
        .into_iter()
        .map(|(first, members)| {
            let list = Value::list(members.into_iter().map(|i| values[i].clone()));
            heads[first].clone().with("quotes", list)
        })
        .collect();
    let mut updates: Vec<&(Option<jiff::Timestamp>, Value)> = posts
        .iter()
        .flat_map(|rp| post_updates(config, rp).iter())
        .collect();
    // As `site_updates` orders them: the same stable sort on the same dates.
    updates.sort_by(|a, b| newest_first(a.0, b.0));
    let updates = Value::list(updates.into_iter().map(|(_, v)| v.clone()));
    Value::map([
        ("quotes", Value::list(values)),
        ("quote_groups", Value::list(groups)),
        ("updates", updates),
    ])
}

/// The jobs for `/quotes/` (`quotes.html`), `/updates/` (`updates.html`) and
/// `/updates.xml` (`updates.xml`, an Atom feed shaped like `atom.xml`). The pages read
/// `site` ([`site_value`]), which `site::build` puts in every template's context.
pub fn jobs(site: &super::Site) -> Vec<super::RenderJob> {
    let mut jobs: Vec<super::RenderJob> = ["quotes", "updates"]
        .into_iter()
        .map(|name| site.job(format!("{name}/index.html"), &format!("{name}.html"), None))
        .collect();
    let feed = updates_feed(site, &site_updates(&site.posts));
    jobs.push(
        site.job("updates.xml", "updates.xml", None)
            .with("feed", &feed),
    );
    jobs
}
