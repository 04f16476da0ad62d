//! Atom feeds (RFC 4287): the site feed and one per tag.
//!
//! Takes posts (newest first) and returns [`FeedView`]s for `atom.xml`. Entry content is
//! the post's feed HTML from the Markdown stage ([`crate::markdown::Rendered::feed_html`]:
//! ids prefixed, no sidenotes, every link, image and fragment absolute, since feed
//! readers resolve relative ones unreliably); the entry summary is the page's
//! description, the same text lists and `<meta name="description">` show. Entry ids are `tag:` URIs
//! (RFC 4151) that do not change when the site moves from http to https or to another
//! sub-path. Renders nothing itself.

use super::{RenderJob, RenderedPage, Site, id_prefix, pages};
use crate::render::Value;
use jiff::ZonedDateTime as Zoned;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::render::views::{FeedEntry, FeedView, machine_date};

/// The date standing in for a missing one when the site has no date at all; Atom
/// requires `<updated>`.
const EPOCH: &str = "1970-01-01T00:00:00+00:00";

/// The job for `/atom.xml`, the site's feed.
pub(crate) fn site_feed_job(site: &Site) -> RenderJob {
    let feed = feed(site, &site.config.title, "/", &site.posts);
    site.job("atom.xml", "atom.xml", None)
        .with_value("feed", feed)
}

/// The feed of `posts` (already newest first), mirroring the HTML page at `path`, as
/// `feed` in `atom.xml` sees it (a [`FeedView`]); at most `feed_limit` entries (0 = all).
/// Each post's entry is made once (kept in its memo) and shared by every feed.
///
/// Undated posts are left out: a feed is ordered by date, and a made-up date (the
/// epoch, or the file's time, which changes with every checkout) would misplace them;
/// [`undated_warnings`] tells the author. A feed without entries is `updated` at the
/// build's newest date ([`Site::newest`]).
pub(crate) fn feed(site: &Site, title: &str, path: &str, posts: &[&RenderedPage]) -> Value {
    let config = site.config;
    let limit = if config.feed_limit == 0 {
        usize::MAX
    } else {
        config.feed_limit
    };
    let shown: Vec<&RenderedPage> = posts
        .iter()
        .copied()
        .filter(|rp| rp.page.date.is_some())
        .take(limit)
        .collect();
    let view = feed_view(site, title, path, &shown);
    let entries: Vec<Value> = shown
        .iter()
        .map(|rp| {
            rp.memo
                .feed_entry
                .get_or_init(|| Value::of(&entry(config, rp)))
                .clone()
        })
        .collect();
    Value::of(&view).with("entries", Value::list(entries))
}

/// One warning per post in a section without a date: it is left out of the feeds.
pub(crate) fn undated_warnings(site: &Site) -> Vec<Diagnostic> {
    site.posts
        .iter()
        .filter(|rp| rp.page.date.is_none())
        .map(|rp| {
            Diagnostic::warning(
                &rp.page.source,
                "this post has no date, so it is left out of the feeds",
            )
            .with_help(
                "add a `date` to its front matter or start its file name with one (2024-03-01-title.md)",
            )
        })
        .collect()
}

/// The `updated` of a feed with these entry dates: the newest of them, else the build's
/// newest date, else the epoch (a site without any date).
pub(crate) fn updated_or_newest(newest_entry: Option<Zoned>, site: &Site) -> String {
    newest_entry
        .or_else(|| site.newest.clone())
        .map_or_else(|| EPOCH.to_string(), |z| machine_date(&z))
}

/// The feed of `posts` (those shown, newest first) without its entries.
fn feed_view(site: &Site, title: &str, path: &str, posts: &[&RenderedPage]) -> FeedView {
    let config = site.config;
    let feed_path = format!("{path}atom.xml");
    // Entries have different offsets, so compare instants, not strings.
    let newest = posts
        .iter()
        .filter_map(|rp| super::commentary::effective_updated(rp).or(rp.page.date.clone()))
        .max_by_key(jiff::ZonedDateTime::timestamp);
    FeedView {
        title: title.to_string(),
        url: config.permalink(&feed_path),
        id: config.permalink(&feed_path),
        author: if config.author.is_empty() {
            config.title.clone()
        } else {
            config.author.clone()
        },
        alternate: config.permalink(path),
        updated: updated_or_newest(newest, site),
        entries: Vec::new(),
    }
}

fn entry(config: &Config, rp: &RenderedPage) -> FeedEntry {
    let p = &rp.page;
    let published = p
        .date
        .as_ref()
        .map_or_else(|| EPOCH.to_string(), machine_date);
    let updated = super::commentary::effective_updated(rp)
        .as_ref()
        .map_or_else(|| published.clone(), machine_date);
    let permalink = config.permalink(&p.path);
    FeedEntry {
        title: p.title.clone(),
        id: entry_id(config, rp),
        published,
        updated,
        authors: pages::authors(config, rp),
        summary: pages::description(rp),
        tags: p.front.tags.clone(),
        content: match url::Url::parse(&permalink) {
            Ok(page) => rp.rendered.feed_html(&id_prefix(p), &page),
            // A base URL gloss accepted always parses; should one not, the entry keeps
            // its relative URLs rather than losing its content.
            Err(_) => rp.rendered.embedded_html(&id_prefix(p)),
        },
        permalink,
    }
}

/// A post's entry id: `tag:HOST,YYYY-MM-DD:/SITE/PATH/` from the publication date, or
/// the permalink for an undated post. Does not depend on the scheme or the sub-path of
/// the base URL.
pub(crate) fn entry_id(config: &Config, rp: &RenderedPage) -> String {
    // The host alone: a port is not allowed in a tag URI's authority.
    let host = config.base_url.host_str().unwrap_or_default();
    match &rp.page.date {
        Some(d) if !host.is_empty() => {
            format!("tag:{host},{}:{}", d.strftime("%Y-%m-%d"), rp.page.path)
        }
        _ => config.permalink(&rp.page.path),
    }
}
