//! Feeds: the site's, each section's and each tag's, in every format of `feeds` in
//! gloss.toml — Atom (RFC 4287, `atom.xml`), RSS 2.0 (`rss.xml`) and JSON Feed 1.1
//! (`feed.json`) — beside the page each mirrors (`/atom.xml`, `/posts/rss.xml`,
//! `/tags/x/feed.json`).
//!
//! Takes posts (newest first) and returns one [`FeedView`] per list, shared by the
//! jobs of its formats (each template, named as the file, gets it with its own `url`).
//! Entry content is
//! the post's feed HTML from the Markdown stage ([`crate::markdown::Rendered::feed_html`]:
//! ids prefixed, no sidenotes, every link, image and fragment absolute, since feed
//! readers resolve relative ones unreliably); the entry summary is the page's
//! description, the same text lists and `<meta name="description">` show; with
//! `feed_content = "summary"` the content is the part before `<!-- more -->`, made the
//! same way. A link post's entry carries the linked URL, absolute. Entry ids are `tag:` URIs
//! (RFC 4151) that do not change when the site moves from http to https or to another
//! sub-path. Renders nothing itself.

use super::{RenderJob, RenderedPage, Site, id_prefix, pages};
use crate::render::Value;
use jiff::ZonedDateTime as Zoned;

use crate::config::{Config, FeedContent};
use crate::diagnostic::Diagnostic;
use crate::render::views::{FeedEntry, FeedView, machine_date, rfc2822_date};

/// The date standing in for a missing one when the site has no date at all; Atom
/// requires `<updated>`.
const EPOCH: &str = "1970-01-01T00:00:00+00:00";

/// [`EPOCH`] in RFC 2822 form, for RSS.
const EPOCH_RFC2822: &str = "Thu, 01 Jan 1970 00:00:00 +0000";

/// The jobs for the site's feeds (`/atom.xml`, `/rss.xml`, `/feed.json`).
pub(crate) fn site_jobs(site: &Site) -> Vec<RenderJob> {
    jobs(site, &site.config.title, "/", &site.posts)
}

/// The jobs for the feeds of the list at site path `path` (`/`, `/posts/`, `/tags/x/`)
/// showing `posts` (newest first): one per format of `feeds`, at `PATH/FILE`, rendered
/// with the template named as the file. The feed is made once, whatever the formats.
pub(crate) fn jobs(
    site: &Site,
    title: &str,
    path: &str,
    posts: &[&RenderedPage],
) -> Vec<RenderJob> {
    if site.config.feeds.is_empty() {
        return Vec::new();
    }
    let feed = feed(site, title, path, posts);
    site.config
        .feeds
        .iter()
        .map(|format| {
            let file = format!("{path}{}", format.file_name());
            let url = Value::of(&site.config.permalink(&file));
            let out = super::output_path(&file);
            site.job(out, format.file_name(), None).with_value(
                "feed",
                feed.clone().with("url", url.clone()).with("id", url),
            )
        })
        .collect()
}

/// The feed of `posts` (already newest first), mirroring the HTML page at `path`, as
/// `feed` in the feed templates sees it (a [`FeedView`]); at most `feed_limit` entries (0 = all).
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
/// newest date, else the epoch (a site without any date); in RFC 3339 and RFC 2822 form.
pub(crate) fn updated_or_newest(newest_entry: Option<Zoned>, site: &Site) -> (String, String) {
    newest_entry.or_else(|| site.newest.clone()).map_or_else(
        || (EPOCH.to_string(), EPOCH_RFC2822.to_string()),
        |z| (machine_date(&z), rfc2822_date(&z)),
    )
}

/// The feed's description: the site's, else its title (RSS requires a description).
pub(crate) fn description(config: &Config) -> String {
    if config.description.is_empty() {
        config.title.clone()
    } else {
        config.description.clone()
    }
}

/// The feed of `posts` (those shown, newest first) without its entries.
fn feed_view(site: &Site, title: &str, path: &str, posts: &[&RenderedPage]) -> FeedView {
    let config = site.config;
    let file = config.feeds.first().map_or("atom.xml", |f| f.file_name());
    let feed_path = format!("{path}{file}");
    // Entries have different offsets, so compare instants, not strings.
    let newest = posts
        .iter()
        .filter_map(|rp| super::commentary::effective_updated(config, rp).or(rp.page.date.clone()))
        .max_by_key(jiff::ZonedDateTime::timestamp);
    let (updated, updated_rfc2822) = updated_or_newest(newest, site);
    FeedView {
        title: title.to_string(),
        description: description(config),
        url: config.permalink(&feed_path),
        id: config.permalink(&feed_path),
        author: if config.author.is_empty() {
            config.title.clone()
        } else {
            config.author.clone()
        },
        alternate: config.permalink(path),
        updated,
        updated_rfc2822,
        entries: Vec::new(),
    }
}

fn entry(config: &Config, rp: &RenderedPage) -> FeedEntry {
    let p = &rp.page;
    let published = p
        .date
        .as_ref()
        .map_or_else(|| EPOCH.to_string(), machine_date);
    let published_rfc2822 = p
        .date
        .as_ref()
        .map_or_else(|| EPOCH_RFC2822.to_string(), rfc2822_date);
    let updated = super::commentary::effective_updated(config, rp)
        .as_ref()
        .map_or_else(|| published.clone(), machine_date);
    let permalink = config.permalink(&p.path);
    let page = url::Url::parse(&permalink);
    let prefix = id_prefix(p);
    let content = match (config.feed_content, &page) {
        (FeedContent::Full, Ok(page)) => rp.rendered.feed_html(&prefix, page),
        (FeedContent::Summary, Ok(page)) => rp
            .rendered
            .summary
            .as_deref()
            .map(|s| crate::markdown::resolve_for_feed(s, &prefix, page))
            .unwrap_or_default(),
        // A base URL gloss accepted always parses; should one not, the entry keeps
        // its relative URLs rather than losing its content.
        (FeedContent::Full, Err(_)) => rp.rendered.embedded_html(&prefix),
        (FeedContent::Summary, Err(_)) => rp
            .rendered
            .summary
            .as_deref()
            .map(|s| crate::markdown::resolve_marks(s, &prefix, false))
            .unwrap_or_default(),
    };
    // The linked source as the browser would resolve it from the post's page (the
    // sub-path given to a root-relative one), written as feed readers expect it.
    let link = Some(super::pages::link(config, rp))
        .filter(|link| !link.is_empty())
        .map_or_else(String::new, |link| {
            page.as_ref()
                .ok()
                .and_then(|page| page.join(link.trim()).ok())
                .map_or(link, String::from)
        });
    FeedEntry {
        title: p.title.clone(),
        id: entry_id(config, rp),
        link,
        published,
        published_rfc2822,
        updated,
        authors: pages::authors(config, rp),
        summary: pages::description(rp),
        tags: p.front.tags.clone(),
        content,
        permalink,
        language: p
            .language
            .as_ref()
            .map(|l| l.tag().to_string())
            .unwrap_or_default(),
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
