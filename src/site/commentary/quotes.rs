//! The quoted passages of the site, for `/quotes/`: each with its post, grouped by
//! source.

use serde::Serialize;

use super::super::RenderedPage;
use super::history::{last_sentence, normalize};
use crate::config::Config;
use crate::render::views::{display_date, machine_date};

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
    /// The BCP 47 tag of the language the post is written in (front matter `language`,
    /// else the site's): a page showing its passages marks them with `lang` when it is
    /// not the page's.
    pub language: String,
    /// That language's writing direction, `ltr` or `rtl`.
    pub dir: &'static str,
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
    /// The lead-in as plain text, or empty.
    pub lead_in_text: String,
    /// The number of the earlier quote of the same post it repeats, or 0.
    pub repeat_of: usize,
    /// The post it is quoted in.
    pub post: PostRef,
}

/// The quotes of one source on `/quotes/`.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteGroup {
    /// The source's name (newest link text), else the attribution, else the lead-in's
    /// words (without its final colon), else `Quoted in “Post title”`.
    pub name: String,
    /// The source's URL (without fragment), or empty.
    pub url: String,
    /// The URL's host (`techcrunch.com`), or empty.
    pub host: String,
    /// How many quotes it has.
    pub count: usize,
    /// Its newest quote's post's date, RFC 3339, or empty.
    pub newest: String,
    /// The same for people, or empty.
    pub newest_display: String,
    /// Root-relative URL of its newest quote in its post.
    pub first_url: String,
    /// Root-relative URL of its own page (`/quotes/SLUG/`), or empty.
    pub page_url: String,
    /// Its quotes, newest post first, in reading order within a post.
    pub quotes: Vec<QuoteView>,
}

pub(super) fn post_ref(config: &Config, rp: &RenderedPage) -> PostRef {
    let p = &rp.page;
    PostRef {
        title: p.title.clone(),
        url: config.url_path(&p.path),
        permalink: config.permalink(&p.path),
        date: p.date.as_ref().map(machine_date).unwrap_or_default(),
        date_display: p
            .date
            .as_ref()
            .map(|d| display_date(&config.i18n, d))
            .unwrap_or_default(),
        language: p.language(config).tag().to_string(),
        dir: p.language(config).dir(),
    }
}

/// Every distinct quoted passage of `posts` (newest first), in that order: a passage
/// repeated for emphasis is marked on its post, not listed (or counted) again. Each
/// passage's links and images lead where they lead on its post's page
/// ([`crate::markdown::resolve_apart`]), for `/quotes/` and any other page showing it.
pub fn quotes(config: &Config, posts: &[&RenderedPage]) -> Vec<QuoteView> {
    posts
        .iter()
        .flat_map(|rp| {
            let post = post_ref(config, rp);
            let distinct = rp.rendered.quotes.iter().filter(|q| q.repeat_of.is_none());
            // Parsed only for a post that has passages. A base URL gloss accepted always
            // parses; should one not, the passages keep their URLs as on the post's page.
            let page = rp
                .rendered
                .quotes
                .first()
                .and_then(|_| url::Url::parse(&post.permalink).ok());
            let apart = move |marked: &str, on_page: &str| match &page {
                Some(page) => crate::markdown::resolve_apart(marked, page),
                None => on_page.to_string(),
            };
            distinct.map(move |q| QuoteView {
                number: q.number,
                id: q.id.clone(),
                url: format!("{}#{}", post.url, q.id),
                permalink: format!("{}#{}", post.permalink, q.id),
                html: apart(&q.marked_html, &q.html),
                text: q.text.clone(),
                words: q.words,
                lead_in: q
                    .marked_lead_in
                    .as_deref()
                    .zip(q.lead_in.as_deref())
                    .map(|(marked, on_page)| apart(marked, on_page))
                    .unwrap_or_default(),
                source_name: q
                    .source
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                source_url: q.source.as_ref().map(|s| s.url.clone()).unwrap_or_default(),
                fragment_url: q.fragment_url.clone().unwrap_or_default(),
                attribution: q
                    .marked_attribution
                    .as_deref()
                    .zip(q.attribution.as_deref())
                    .map(|(marked, on_page)| apart(marked, on_page))
                    .unwrap_or_default(),
                attribution_text: q.attribution_text.clone().unwrap_or_default(),
                lead_in_text: q.lead_in_text.clone().unwrap_or_default(),
                repeat_of: q.repeat_of.unwrap_or(0),
                post: post.clone(),
            })
        })
        .collect()
}

/// Groups quotes by source: the source URL (fragment aside) when the lead-in links one,
/// else the attribution's text, else the lead-in's words within its post (a lead-in that
/// names a source without linking it: "an unsigned press release said:"), else the post.
///
/// When `/quotes/` is an index (not `on_one_page`), groups get pages
/// (`super::source_paths`).
pub fn group_quotes(config: &Config, quotes: &[QuoteView], on_one_page: bool) -> Vec<QuoteGroup> {
    let sources: Vec<QuoteSource> = quotes.iter().map(QuoteSource::of).collect();
    let sources: Vec<&QuoteSource> = sources.iter().collect();
    let indices = group_indices(&sources);
    let paths = if on_one_page {
        vec![None; indices.len()]
    } else {
        super::source_paths(&sources, &indices)
    };
    indices
        .into_iter()
        .zip(paths)
        .map(|((first, members), path)| {
            let newest = sources[first];
            let head = newest.head.clone();
            QuoteGroup {
                name: head.name,
                url: head.url,
                host: head.host,
                count: members.len(),
                newest: newest.date.clone(),
                newest_display: newest.date_display.clone(),
                first_url: newest.url.clone(),
                page_url: path.map(|p| config.url_path(&p)).unwrap_or_default(),
                quotes: members.into_iter().map(|i| quotes[i].clone()).collect(),
            }
        })
        .collect()
}

/// A [`QuoteGroup`] without its quotes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct GroupHead {
    name: String,
    url: String,
    host: String,
}

/// What [`group_quotes`] reads of a quote: the key of its group, and the group's head
/// should the quote be the group's first.
#[derive(Debug, PartialEq)]
pub(super) struct QuoteSource {
    key: String,
    pub(super) head: GroupHead,
    /// For a source that may be quoted across posts (a URL or an attribution), the words
    /// its page's slug is made of; empty for a group confined to one post (its lead-in's
    /// words, or the post), whose page is the post itself.
    pub(super) slug_words: String,
    /// The quote's post's date (RFC 3339) and the same for people, or empty.
    pub(super) date: String,
    pub(super) date_display: String,
    /// Root-relative URL of the passage in its post.
    pub(super) url: String,
}

impl QuoteSource {
    /// The source URL (fragment aside) when the lead-in links one, else the
    /// attribution's text, else the lead-in's words in its post, else its post.
    pub(super) fn of(q: &QuoteView) -> Self {
        let url = q
            .source_url
            .split('#')
            .next()
            .unwrap_or_default()
            .to_string();
        let attribution = q.attribution_text.trim().to_string();
        let (key, name, slug_words) = if !url.is_empty() {
            // The address without its scheme and query: stable whatever else the site
            // quotes, and unique to the source (`techcrunch.com/2024/05/a-deal`).
            let words = url
                .split_once("://")
                .map_or(url.as_str(), |(_, rest)| rest)
                .split(['?', '#'])
                .next()
                .unwrap_or_default()
                .trim_start_matches("www.")
                .to_string();
            (format!("url:{url}"), q.source_name.clone(), words)
        } else if !attribution.is_empty() {
            (
                format!("by:{}", attribution.to_lowercase()),
                attribution.clone(),
                attribution,
            )
        } else {
            // The lead-in's last sentence names the source ("The firm's report is more
            // candid:"), however much commentary comes before it.
            let words = last_sentence(q.lead_in_text.trim().trim_end_matches([':', ' ']).trim());
            if words.is_empty() {
                (
                    format!("post:{}", q.post.url),
                    format!("Quoted in “{}”", q.post.title),
                    String::new(),
                )
            } else {
                (
                    format!("lead:{}\n{}", q.post.url, normalize(words)),
                    words.to_string(),
                    String::new(),
                )
            }
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
        QuoteSource {
            key,
            head,
            slug_words,
            date: q.post.date.clone(),
            date_display: q.post.date_display.clone(),
            url: q.url.clone(),
        }
    }
}

/// The groups of [`group_quotes`] in order, each as the index in `quotes` of its first
/// quote (whose head it takes) and the indices of all its quotes.
pub(super) fn group_indices(quotes: &[&QuoteSource]) -> Vec<(usize, Vec<usize>)> {
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

/// The host of an address with a scheme (`https://www.a.com/x` → `a.com`), without
/// `www.`; empty for a relative link or one without `//` (`mailto:`).
pub(crate) fn host(url: &str) -> String {
    url.split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or_default())
        .unwrap_or_default()
        .trim_start_matches("www.")
        .to_string()
}
