//! Atom feeds (RFC 4287): the site feed and one per tag.
//!
//! Entry content is the post's embedded HTML (ids prefixed, no sidenotes) with
//! root-relative URLs made absolute, since feed readers resolve them unreliably.

use crate::config::Config;
use crate::render::views::{FeedEntry, FeedView, machine_date};

use super::{RenderedPage, id_prefix};

/// Builds the feed of `posts` (already newest first), mirroring the HTML page at `path`.
pub fn feed(config: &Config, title: &str, path: &str, posts: &[&RenderedPage]) -> FeedView {
    let limit = if config.feed_limit == 0 {
        posts.len()
    } else {
        config.feed_limit
    };
    let feed_path = format!("{}atom.xml", path);
    let entries: Vec<FeedEntry> = posts
        .iter()
        .take(limit)
        .map(|rp| entry(config, rp))
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".to_string());
    FeedView {
        title: title.to_string(),
        url: config.permalink(&feed_path),
        alternate: config.permalink(path),
        updated,
        entries,
    }
}

fn entry(config: &Config, rp: &RenderedPage) -> FeedEntry {
    let p = &rp.page;
    let published = p
        .date
        .as_ref()
        .map(machine_date)
        .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".to_string());
    let updated = super::commentary::effective_updated(rp)
        .as_ref()
        .map(machine_date)
        .unwrap_or_else(|| published.clone());
    let authors = if p.front.authors.is_empty() && !config.author.is_empty() {
        vec![config.author.clone()]
    } else {
        p.front.authors.clone()
    };
    FeedEntry {
        title: p.title.clone(),
        permalink: config.permalink(&p.path),
        id: config.permalink(&p.path),
        published,
        updated,
        authors,
        summary: p.front.description.clone().unwrap_or_default(),
        content: absolutize(config, &rp.rendered.embedded_html(&id_prefix(p))),
    }
}

/// Makes root-relative `href="/…"` and `src="/…"` absolute against the base URL's host.
pub fn absolutize(config: &Config, html: &str) -> String {
    let origin_end = config.base_url.find("://").map_or(0, |i| i + 3);
    let origin_end = config.base_url[origin_end..]
        .find('/')
        .map_or(config.base_url.len(), |i| origin_end + i);
    let origin = &config.base_url[..origin_end];
    html.replace("href=\"/", &format!("href=\"{origin}/"))
        .replace("src=\"/", &format!("src=\"{origin}/"))
}
