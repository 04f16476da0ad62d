//! The commentary model across the site: each post's update history, the `/quotes/` and
//! `/updates/` pages and the `/updates.xml` feed (DESIGN §4).
//!
//! Takes rendered pages (what the Markdown passes learned) and returns view data and
//! diagnostics; it does not parse the post bodies itself (front matter update notes, a
//! line of inline Markdown each, are rendered here).

use jiff::ZonedDateTime as Zoned;
use serde::Serialize;

use super::RenderedPage;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::render::Value;
use crate::render::views::{FeedEntry, FeedView, display_date, machine_date};

/// Words of a note shown where there is room for a line only (the "Updated …" line).
const EXCERPT_WORDS: usize = 12;

/// One entry of a post's update history: an inline notice or a front matter `updates` item.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// When, if known.
    pub date: Option<Zoned>,
    /// Whether `date` has a time of day (front matter dates always count as having one).
    pub has_time: bool,
    /// The notice's label word (`Update`, `Edit`, `Correction`); `Update` for front matter.
    pub label: String,
    /// The note as HTML (block level: paragraphs).
    pub html: String,
    /// The same with the Markdown stage's URL marks, for feeds
    /// ([`crate::markdown::resolve_for_feed`]).
    pub marked_html: String,
    /// The note as plain text.
    pub text: String,
    /// A minor update: listed, but moves neither `updated` nor the feeds.
    pub minor: bool,
    /// The notice's id on the page (`update-N`), for inline notices.
    pub anchor: Option<String>,
    /// 1-based line in the body, for inline notices (for messages).
    pub line: Option<usize>,
}

/// An update as templates see it (`page.updates`, `page.latest_update`, `updates` on
/// `/updates/`).
#[derive(Debug, Clone, Serialize)]
pub struct UpdateView {
    /// RFC 3339, or empty for an undated notice.
    pub date: String,
    /// For people (`Nov 28, 2026`), or empty.
    pub date_display: String,
    /// `Update`, `Edit`, `Correction`…
    pub label: String,
    /// The note's HTML (paragraphs).
    pub html: String,
    /// The note's plain text.
    pub text: String,
    /// The note's first words, with `…` when cut.
    pub excerpt: String,
    /// Whether it is minor (a typo fixed).
    pub minor: bool,
    /// The notice's id on the post's page (`update-1`), or empty for front matter updates.
    pub anchor: String,
    /// Root-relative URL of the notice (`/posts/a/#update-1`), or of the post's update
    /// history for front matter updates (`/posts/a/#update_history`).
    pub url: String,
    /// The post's title (filled on `/updates/`; empty in `page.updates`).
    pub post_title: String,
    /// The post's root-relative URL (filled on `/updates/`; empty in `page.updates`).
    pub post_url: String,
}

/// The post's update history: inline notices and front matter `updates`, deduplicated
/// (same day and same text) and sorted oldest first; undated notices come last, in the
/// order written. Made once per page (kept in its memo).
pub fn history(rp: &RenderedPage) -> &[HistoryEntry] {
    rp.memo.history.get_or_init(|| make_history(rp))
}

fn make_history(rp: &RenderedPage) -> Vec<HistoryEntry> {
    let mut entries: Vec<HistoryEntry> = rp
        .rendered
        .notices
        .iter()
        .map(|n| HistoryEntry {
            date: n.date.clone(),
            has_time: n.has_time,
            label: n.label.clone(),
            html: n.html.clone(),
            marked_html: n.marked_html.clone(),
            text: n.text.clone(),
            minor: false,
            anchor: Some(n.id.clone()),
            line: Some(n.line),
        })
        .collect();
    for u in &rp.page.front.updates {
        let dup = entries.iter().any(|e| {
            e.date.as_ref().map(Zoned::date) == Some(u.date.date())
                && normalize(&e.text) == normalize(&u.note)
        });
        if !dup {
            let note = note_html(&u.note);
            entries.push(HistoryEntry {
                date: Some(u.date.clone()),
                has_time: true,
                label: "Update".to_string(),
                html: note.page_html(),
                marked_html: note.html,
                text: u.note.clone(),
                minor: u.minor,
                anchor: None,
                line: None,
            });
        }
    }
    // A stable sort: notices of the same moment keep the order they are written in.
    entries.sort_by(|a, b| match (&a.date, &b.date) {
        (Some(x), Some(y)) => x.timestamp().cmp(&y.timestamp()),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    entries
}

/// A front matter note (one line of inline Markdown) rendered as a paragraph.
fn note_html(note: &str) -> crate::markdown::Rendered {
    let options = crate::markdown::Options {
        dialect: crate::markdown::Dialect::Gfm,
        ..Default::default()
    };
    crate::markdown::render(note, &options)
}

/// `page.updated`: the newest of front matter `updated` and the non-minor history dates,
/// when that is later than the publication date. Made once per page (kept in its memo).
pub fn effective_updated(rp: &RenderedPage) -> Option<Zoned> {
    rp.memo
        .updated
        .get_or_init(|| make_effective_updated(rp))
        .clone()
}

fn make_effective_updated(rp: &RenderedPage) -> Option<Zoned> {
    let from_history = history(rp)
        .iter()
        .filter(|e| !e.minor)
        .filter_map(|e| e.date.clone());
    let newest = rp
        .page
        .front
        .updated
        .clone()
        .into_iter()
        .chain(from_history)
        .max_by_key(Zoned::timestamp)?;
    match &rp.page.date {
        Some(d) if newest.timestamp() <= d.timestamp() => None,
        _ => Some(newest),
    }
}

/// The newest substantive update: the last dated, non-minor history entry, or the last
/// undated notice when none is dated.
pub fn latest(history: &[HistoryEntry]) -> Option<&HistoryEntry> {
    history
        .iter()
        .rev()
        .filter(|e| !e.minor)
        .find(|e| e.date.is_some())
        .or_else(|| history.iter().rev().find(|e| !e.minor))
}

/// Problems with a post's updates: a notice dated before the post itself (it cannot move
/// `page.updated`), and front matter `updated` older than a dated notice (the page shows
/// the notice's date). Lines are relative to the body, like the Markdown stage's
/// diagnostics.
pub fn check(rp: &RenderedPage) -> Vec<Diagnostic> {
    let mut diags = before_the_post(rp);
    let Some(updated) = &rp.page.front.updated else {
        return diags;
    };
    diags.extend(rp.rendered
        .notices
        .iter()
        .filter_map(|n| {
            let date = n.date.as_ref()?;
            // A front matter date written without a time is midnight: compare days then.
            let day_only = updated.time() == jiff::civil::Time::midnight();
            let older = if n.has_time && !day_only {
                updated.timestamp() < date.timestamp()
            } else {
                updated.with_time_zone(date.time_zone().clone()).date() < date.date()
            };
            older.then(|| {
                Diagnostic::warning(
                    "",
                    format!(
                        "front matter `updated` ({}) is older than this update notice ({}); the page shows the notice's date",
                        machine_date(updated),
                        if n.has_time { machine_date(date) } else { date.strftime("%Y-%m-%d").to_string() }
                    ),
                )
                .at_line(n.line)
                .with_help("set `updated` to the notice's date, or remove `updated` and let the notices give it")
            })
        }));
    diags
}

/// Notices dated before the post's `date`, compared as precisely as the notice is
/// written: to the minute for a time (`gloss update` writes `2026-11-29 19:59` for a
/// post dated 19:59:17), by day for a date alone.
fn before_the_post(rp: &RenderedPage) -> Vec<Diagnostic> {
    let Some(published) = &rp.page.date else {
        return Vec::new();
    };
    rp.rendered
        .notices
        .iter()
        .filter_map(|n| {
            let date = n.date.as_ref()?;
            let earlier = if n.has_time {
                let minute = published.timestamp().as_second() - i64::from(published.second());
                date.timestamp().as_second() < minute
            } else {
                date.date() < published.with_time_zone(date.time_zone().clone()).date()
            };
            earlier.then(|| {
                Diagnostic::warning(
                    "",
                    format!(
                        "this update notice is dated before the post itself ({} is before the post's date {}), so it does not change the post's updated date",
                        if n.has_time { machine_date(date) } else { date.strftime("%Y-%m-%d").to_string() },
                        machine_date(published),
                    ),
                )
                .at_line(n.line)
                .with_help("correct the notice's date, or the post's `date` in the front matter")
            })
        })
        .collect()
}

/// The id of the post's update history section (`partials/update_history.html`). The
/// underscore keeps it apart from every heading slug, which never holds one.
pub const HISTORY_ID: &str = "update_history";

/// The view of one history entry of the post at site path `page_url`.
pub fn update_view(entry: &HistoryEntry, page_url: &str) -> UpdateView {
    UpdateView {
        date: entry.date.as_ref().map(machine_date).unwrap_or_default(),
        date_display: entry.date.as_ref().map(display_date).unwrap_or_default(),
        label: entry.label.clone(),
        html: entry.html.clone(),
        text: entry.text.clone(),
        excerpt: excerpt(&entry.text),
        minor: entry.minor,
        anchor: entry.anchor.clone().unwrap_or_default(),
        url: match &entry.anchor {
            Some(a) => format!("{page_url}#{a}"),
            None => format!("{page_url}#{HISTORY_ID}"),
        },
        post_title: String::new(),
        post_url: String::new(),
    }
}

/// The first [`EXCERPT_WORDS`] words of `text`, with `…` when cut.
fn excerpt(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= EXCERPT_WORDS {
        return words.join(" ");
    }
    let cut = words[..EXCERPT_WORDS]
        .join(" ")
        .trim_end_matches([',', ';', ':', '.', '—', '–'])
        .to_string();
    format!("{cut}…")
}

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A post as a quote or an update refers to it.
#[derive(Debug, Clone, Serialize)]
pub struct PostRef {
    /// Title.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Publication date, RFC 3339, or empty.
    pub date: String,
    /// Publication date for people, or empty.
    pub date_display: String,
}

/// A quoted passage as `/quotes/` shows it (`site.quotes`, `groups[].quotes`).
#[derive(Debug, Clone, Serialize)]
pub struct QuoteView {
    /// 1-based number in its post.
    pub number: usize,
    /// Its id on the post's page (`quote-3`).
    pub id: String,
    /// Root-relative URL of the passage in its post (`/posts/a/#quote-3`).
    pub url: String,
    /// Absolute URL of the same.
    pub permalink: String,
    /// The passage as HTML (no footnote references).
    pub html: String,
    /// The passage as plain text.
    pub text: String,
    /// Words in it.
    pub words: usize,
    /// The lead-in's inline HTML, or empty.
    pub lead_in: String,
    /// The source's name (its link text in the lead-in), or empty.
    pub source_name: String,
    /// The source's URL as written, or empty.
    pub source_url: String,
    /// The source URL with a text fragment pointing at the passage, or empty.
    pub fragment_url: String,
    /// The trailing attribution's inline HTML, or empty.
    pub attribution: String,
    /// The same as plain text, or empty.
    pub attribution_text: String,
    /// The number of the earlier quote of the same post it repeats, or 0.
    pub repeat_of: usize,
    /// The post it is quoted in.
    pub post: PostRef,
}

/// The quotes of one source on `/quotes/`.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteGroup {
    /// The source's name (newest link text), the attribution, or `Other sources` for
    /// passages without either.
    pub name: String,
    /// The source's URL (without fragment), or empty.
    pub url: String,
    /// The URL's host (`techcrunch.com`), or empty.
    pub host: String,
    /// Its quotes, newest post first, in reading order within a post.
    pub quotes: Vec<QuoteView>,
}

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

fn post_ref(config: &Config, rp: &RenderedPage) -> PostRef {
    let p = &rp.page;
    PostRef {
        title: p.title.clone(),
        url: config.url_path(&p.path),
        permalink: config.permalink(&p.path),
        date: p.date.as_ref().map(machine_date).unwrap_or_default(),
        date_display: p.date.as_ref().map(display_date).unwrap_or_default(),
    }
}

/// Every quoted passage of `posts` (newest first), in that order.
pub fn quotes(config: &Config, posts: &[&RenderedPage]) -> Vec<QuoteView> {
    posts
        .iter()
        .flat_map(|rp| {
            let post = post_ref(config, rp);
            rp.rendered.quotes.iter().map(move |q| QuoteView {
                number: q.number,
                id: q.id.clone(),
                url: format!("{}#{}", post.url, q.id),
                permalink: format!("{}#{}", post.permalink, q.id),
                html: q.html.clone(),
                text: q.text.clone(),
                words: q.words,
                lead_in: q.lead_in.clone().unwrap_or_default(),
                source_name: q
                    .source
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                source_url: q.source.as_ref().map(|s| s.url.clone()).unwrap_or_default(),
                fragment_url: q.fragment_url.clone().unwrap_or_default(),
                attribution: q.attribution.clone().unwrap_or_default(),
                attribution_text: q.attribution_text.clone().unwrap_or_default(),
                repeat_of: q.repeat_of.unwrap_or(0),
                post: post.clone(),
            })
        })
        .collect()
}

/// Groups quotes by source: the source URL (fragment aside) when the lead-in links one,
/// else the attribution's text, else one group of other sources.
pub fn group_quotes(quotes: &[QuoteView]) -> Vec<QuoteGroup> {
    let sources: Vec<QuoteSource> = quotes.iter().map(QuoteSource::of).collect();
    group_indices(&sources.iter().collect::<Vec<_>>())
        .into_iter()
        .map(|(first, members)| {
            let head = sources[first].head.clone();
            QuoteGroup {
                name: head.name,
                url: head.url,
                host: head.host,
                quotes: members.into_iter().map(|i| quotes[i].clone()).collect(),
            }
        })
        .collect()
}

/// A [`QuoteGroup`] without its quotes.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct GroupHead {
    name: String,
    url: String,
    host: String,
}

/// What [`group_quotes`] reads of a quote: the key of its group, and the group's head
/// should the quote be the group's first.
#[derive(Debug, PartialEq)]
struct QuoteSource {
    key: String,
    head: GroupHead,
}

impl QuoteSource {
    /// The source URL (fragment aside) when the lead-in links one, else the
    /// attribution's text, else the group of other sources.
    fn of(q: &QuoteView) -> Self {
        let url = q
            .source_url
            .split('#')
            .next()
            .unwrap_or_default()
            .to_string();
        let attribution = q.attribution_text.trim().to_string();
        let (key, name) = if !url.is_empty() {
            (format!("url:{url}"), q.source_name.clone())
        } else if !attribution.is_empty() {
            (format!("by:{}", attribution.to_lowercase()), attribution)
        } else {
            ("other".to_string(), "Other sources".to_string())
        };
        let host = host(&url);
        let head = GroupHead {
            name: if name.trim().is_empty() {
                host.clone()
            } else {
                name
            },
            host,
            url,
        };
        QuoteSource { key, head }
    }
}

/// The groups of [`group_quotes`] in order, each as the index in `quotes` of its first
/// quote (whose head it takes) and the indices of all its quotes.
fn group_indices(quotes: &[&QuoteSource]) -> Vec<(usize, Vec<usize>)> {
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    // Each group's place in `groups` by key: a site quotes thousands of sources.
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, q) in quotes.iter().enumerate() {
        match index.get(q.key.as_str()) {
            Some(&g) => groups[g].1.push(i),
            None => {
                index.insert(&q.key, groups.len());
                groups.push((i, vec![i]));
            }
        }
    }
    groups
}

fn host(url: &str) -> String {
    url.split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or_default())
        .unwrap_or_default()
        .trim_start_matches("www.")
        .to_string()
}

/// One update of the site, with its post, for `/updates/` and `/updates.xml`.
struct SiteUpdate<'p> {
    entry: &'p HistoryEntry,
    rp: &'p RenderedPage,
}

fn site_updates<'p>(posts: &[&'p RenderedPage]) -> Vec<SiteUpdate<'p>> {
    let mut all: Vec<SiteUpdate> = posts
        .iter()
        .flat_map(|rp| {
            history(rp)
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
fn newest_first(a: Option<jiff::Timestamp>, b: Option<jiff::Timestamp>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// The `/updates.xml` feed: one entry per substantive update (minor ones left out, so
/// feed readers do not resurface a post for a typo), newest first.
fn updates_feed(site: &super::Site, updates: &[SiteUpdate]) -> FeedView {
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
            .or_else(|| effective_updated(u.rp))
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
        let post_id = super::feeds::entry_id(config, u.rp);
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
        let content = format!(
            "{note}<p>From <a href=\"{}\">{}</a>.</p>",
            crate::html::escape(&link),
            crate::html::escape(&p.title)
        );
        entries.push(FeedEntry {
            title: format!("{}: {}", u.entry.label, p.title),
            id,
            published: machine_date(&when),
            updated: machine_date(&when),
            authors: super::pages::authors(config, u.rp),
            summary: excerpt(&u.entry.text),
            tags: p.front.tags.clone(),
            content,
            permalink: link,
        });
    }
    if config.feed_limit > 0 {
        entries.truncate(config.feed_limit);
    }
    FeedView {
        title: format!("{} — updates", config.title),
        url: config.permalink("/updates.xml"),
        id: config.permalink("/updates.xml"),
        author: if config.author.is_empty() {
            config.title.clone()
        } else {
            config.author.clone()
        },
        alternate: config.permalink("/updates/"),
        // Without any update, the build's newest date (not the epoch).
        updated: super::feeds::updated_or_newest(newest, site),
        entries,
    }
}

/// What `/quotes/` and `/updates/` show, for `posts` (newest first).
pub fn site_view(config: &Config, posts: &[&RenderedPage]) -> SiteView {
    let quotes = quotes(config, posts);
    SiteView {
        quote_groups: group_quotes(&quotes),
        quotes,
        updates: updates(config, posts),
    }
}

fn updates(config: &Config, posts: &[&RenderedPage]) -> Vec<UpdateView> {
    site_updates(posts)
        .iter()
        .map(|u| site_update_view(config, u.entry, u.rp))
        .collect()
}

/// An update as `/updates/` lists it, with its post's title and URL.
fn site_update_view(config: &Config, entry: &HistoryEntry, rp: &RenderedPage) -> UpdateView {
    let post = post_ref(config, rp);
    let mut v = update_view(entry, &post.url);
    v.post_title = post.title;
    v.post_url = post.url;
    v
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
