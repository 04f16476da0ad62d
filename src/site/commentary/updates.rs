//! The updates of the site, newest first, for `/updates/` and the `/updates.xml` feed.

use jiff::ZonedDateTime as Zoned;

use super::super::RenderedPage;
use super::{
    HISTORY_ID, HistoryEntry, UpdateView, effective_updated, excerpt, history, post_ref,
    update_view,
};
use crate::config::Config;
use crate::render::views::{FeedEntry, FeedView, machine_date};

/// One update of the site, with its post, for `/updates/` and `/updates.xml`.
pub(super) struct SiteUpdate<'p> {
    pub(super) entry: &'p HistoryEntry,
    pub(super) rp: &'p RenderedPage,
}

pub(super) fn site_updates<'p>(config: &Config, posts: &[&'p RenderedPage]) -> Vec<SiteUpdate<'p>> {
    let mut all: Vec<SiteUpdate> = posts
        .iter()
        .flat_map(|rp| {
            history(config, rp)
                .iter()
                .map(move |entry| SiteUpdate { entry, rp })
        })
        .collect();
    let when = |u: &SiteUpdate| u.entry.date.as_ref().map(Zoned::timestamp);
    all.sort_by(|a, b| newest_first(when(a), when(b)));
    all
}

/// The order of `/updates/`: newest first; undated ones last, in the order they come
/// (by their post's date, as posts come newest first). Sort stably with it.
pub(super) fn newest_first(
    a: Option<jiff::Timestamp>,
    b: Option<jiff::Timestamp>,
) -> std::cmp::Ordering {
    match (a, b) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// The `/updates.xml` feed: one entry per substantive update (minor ones left out, so
/// feed readers do not resurface a post for a typo), newest first.
pub(super) fn updates_feed(site: &super::super::Site, updates: &[SiteUpdate]) -> FeedView {
    let config = site.config;
    let mut entries: Vec<FeedEntry> = Vec::new();
    let mut ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut newest: Option<Zoned> = None;
    for u in updates.iter().filter(|u| !u.entry.minor) {
        let p = &u.rp.page;
        // An undated notice takes the post's last update (or publication) as its moment.
        let Some(when) = u
            .entry
            .date
            .clone()
            .or_else(|| effective_updated(config, u.rp))
            .or_else(|| p.date.clone())
        else {
            continue;
        };
        // Entries have different offsets: compare instants, not strings.
        if newest
            .as_ref()
            .is_none_or(|n| n.timestamp() < when.timestamp())
        {
            newest = Some(when.clone());
        }
        // Past the limit an update only counts for the feed's `updated`.
        if config.feed_limit > 0 && entries.len() >= config.feed_limit {
            continue;
        }
        let permalink = config.permalink(&p.path);
        let stamp = when.timestamp().strftime("%Y%m%dT%H%M%SZ").to_string();
        // The post's own entry id (a tag: URI, stable across scheme and sub-path moves)
        // with the update's moment; an undated notice keeps its anchor.
        let post_id = super::super::feeds::entry_id(config, u.rp);
        let base = match (&u.entry.date, &u.entry.anchor) {
            (None, Some(a)) => format!("{post_id}#{a}"),
            _ => format!("{post_id}#update-{stamp}"),
        };
        let mut id = base.clone();
        let mut n = 2;
        while ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        ids.insert(id.clone());
        let link = match &u.entry.anchor {
            Some(a) => format!("{permalink}#{a}"),
            None => format!("{permalink}#{HISTORY_ID}"),
        };
        // The note's URLs made absolute, as in the post's own feed entry.
        let note = match url::Url::parse(&permalink) {
            Ok(page) => crate::markdown::resolve_for_feed(&u.entry.marked_html, "", &page),
            Err(_) => u.entry.html.clone(),
        };
        let from = format!(
            "<a href=\"{}\">{}</a>",
            crate::html::escape(&link),
            crate::html::escape(&p.title)
        );
        let from = crate::i18n::fill(
            &crate::html::escape_text(config.i18n.text("updates_feed_from")),
            |name| (name == "post").then(|| from.clone()),
        );
        // The note is the post's words: in another language than the site's (which the
        // rest of the entry speaks), it says which.
        let note = match &p.language {
            Some(l) => {
                let dir = if l.dir() == config.i18n.dir() {
                    String::new()
                } else {
                    format!(" dir=\"{}\"", l.dir())
                };
                format!(
                    "<div lang=\"{}\"{dir}>{note}</div>",
                    crate::html::escape(l.tag())
                )
            }
            None => note,
        };
        let content = format!("{note}<p>{from}</p>");
        entries.push(FeedEntry {
            title: format!("{}: {}", u.entry.label, p.title),
            id,
            link: String::new(),
            published: machine_date(&when),
            published_rfc2822: crate::render::views::rfc2822_date(&when),
            updated: machine_date(&when),
            authors: super::super::pages::authors(config, u.rp),
            summary: excerpt(&u.entry.text),
            tags: p.front.tags.clone(),
            content,
            permalink: link,
            // The entry mixes the note (the post's words) with the site's.
            language: String::new(),
        });
    }
    if config.feed_limit > 0 {
        entries.truncate(config.feed_limit);
    }
    let updates_path = format!(
        "/{}",
        config
            .feeds
            .first()
            .map_or("updates.xml", |f| f.updates_file_name())
    );
    // Without any update, the build's newest date (not the epoch).
    let (updated, updated_rfc2822) = super::super::feeds::updated_or_newest(newest, site);
    FeedView {
        title: config
            .i18n
            .format("updates_feed_title", None, &[("site", &config.title)]),
        description: super::super::feeds::description(config),
        url: config.permalink(&updates_path),
        id: config.permalink(&updates_path),
        author: if config.author.is_empty() {
            config.title.clone()
        } else {
            config.author.clone()
        },
        alternate: config.permalink("/updates/"),
        updated,
        updated_rfc2822,
        entries,
    }
}

pub(super) fn update_views(config: &Config, posts: &[&RenderedPage]) -> Vec<UpdateView> {
    site_updates(config, posts)
        .iter()
        .map(|u| site_update_view(config, u.entry, u.rp))
        .collect()
}

/// An update as `/updates/` lists it, with its post's title and URL, its note's links and
/// images leading where they lead on the post's page ([`crate::markdown::resolve_apart`]).
pub(super) fn site_update_view(
    config: &Config,
    entry: &HistoryEntry,
    rp: &RenderedPage,
) -> UpdateView {
    let post = post_ref(config, rp);
    let mut v = update_view(&config.i18n, entry, &post.url);
    // A base URL gloss accepted always parses; should one not, the note keeps its URLs
    // as on the post's page.
    if let Ok(page) = url::Url::parse(&post.permalink) {
        v.html = crate::markdown::resolve_apart(&entry.marked_html, &page);
    }
    v.post_title = post.title;
    v.post_url = post.url;
    v.post_language = post.language;
    v.post_dir = post.dir;
    v
}
