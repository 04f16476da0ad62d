//! Atom feeds (RFC 4287): the site feed and one per tag.
//!
//! Takes posts (newest first) and returns [`FeedView`]s for `atom.xml`. Entry content is
//! the post's embedded HTML (ids prefixed, no sidenotes) with every URL made absolute,
//! since feed readers resolve relative ones unreliably. Entry ids are `tag:` URIs
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
        summary: p.front.description.clone().unwrap_or_default(),
        tags: p.front.tags.clone(),
        content: absolutize(
            config,
            &permalink,
            &rp.rendered.embedded_html(&id_prefix(p)),
        ),
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

/// Makes every `href` and `src` in `html` absolute: root-relative ones (`/a`) against
/// the base URL's origin, protocol-relative ones (`//host/a`) with the base URL's scheme,
/// and relative ones (`a.png`) against `page_url`, the post's absolute URL. Absolute
/// URLs, other schemes (`mailto:`) and fragments (`#fn-1`, which point into the entry)
/// are left as they are.
pub(crate) fn absolutize(config: &Config, page_url: &str, html: &str) -> String {
    let base = config.base_url.as_str();
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let origin_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let origin = &base[..origin_end];
    let scheme = base[..scheme_end].trim_end_matches("//");
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some((start, quote)) = next_url_attribute(rest) {
        out.push_str(&rest[..start]);
        let value_start = start;
        let after = &rest[value_start..];
        let end = after.find(quote).unwrap_or(after.len());
        let value = &after[..end];
        if value.starts_with("//") {
            out.push_str(scheme);
            out.push_str(value);
        } else if value.starts_with('/') {
            out.push_str(origin);
            out.push_str(value);
        } else if value.is_empty() || value.starts_with('#') || has_scheme(value) {
            out.push_str(value);
        } else {
            out.push_str(page_url);
            out.push_str(value.trim_start_matches("./"));
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Finds the next ` href="` / ` src="` (either quote) in `html`: the byte offset where
/// its value starts, and the quote.
fn next_url_attribute(html: &str) -> Option<(usize, char)> {
    let bytes = html.as_bytes();
    let mut from = 0;
    loop {
        let i = from + html[from..].find(['h', 's', 'H', 'S'])?;
        from = i + 1;
        if i == 0 || !bytes[i - 1].is_ascii_whitespace() {
            continue;
        }
        for name in ["href=", "src="] {
            let len = name.len();
            if bytes.len() > i + len && bytes[i..i + len].eq_ignore_ascii_case(name.as_bytes()) {
                let q = bytes[i + len];
                if q == b'"' || q == b'\'' {
                    return Some((i + len + 1, q as char));
                }
            }
        }
    }
}

/// Whether a URL starts with a scheme (`https:`, `mailto:`, `data:`).
fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config(base: &str) -> Config {
        Config::parse(Path::new("."), &format!("base_url = \"{base}\"")).unwrap()
    }

    #[test]
    fn absolutize_resolves_each_kind_of_url() {
        let c = config("https://example.org/blog/");
        let page = "https://example.org/blog/posts/a/";
        let html = concat!(
            r#"<a href="/blog/x/">r</a> <a href="//cdn.example.net/f.js">p</a> "#,
            r#"<img src="pic.png"> <img src='./b.png'> <a href="https://o.example/">a</a> "#,
            r##"<a href="#fn-1">n</a> <a href="mailto:me@example.org">m</a> <a data-href="/no">d</a>"##
        );
        assert_eq!(
            absolutize(&c, page, html),
            concat!(
                r#"<a href="https://example.org/blog/x/">r</a> <a href="https://cdn.example.net/f.js">p</a> "#,
                r#"<img src="https://example.org/blog/posts/a/pic.png"> <img src='https://example.org/blog/posts/a/b.png'> "#,
                r#"<a href="https://o.example/">a</a> "#,
                r##"<a href="#fn-1">n</a> <a href="mailto:me@example.org">m</a> <a data-href="/no">d</a>"##
            )
        );
    }

    #[test]
    fn protocol_relative_urls_keep_their_host() {
        let c = config("http://example.org/");
        assert_eq!(
            absolutize(
                &c,
                "http://example.org/a/",
                r#"<img src="//img.example/x.png">"#
            ),
            r#"<img src="http://img.example/x.png">"#
        );
    }
}
