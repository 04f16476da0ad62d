//! View structs: exactly what templates receive (documented in `docs/templates.md`).
//!
//! Dates are given twice: machine form (RFC 3339, for `datetime=` and feeds) and a display
//! form ("Nov 28, 2026"), so templates need no date filter. URLs are given root-relative
//! with the base URL's sub-path (`url`, for links) and absolute (`permalink`, for feeds).

use serde::Serialize;

use crate::config::Config;

/// `config` in every template.
#[derive(Debug, Clone, Serialize)]
pub struct ConfigView {
    /// Site title.
    pub title: String,
    /// Absolute base URL, ending in `/`.
    pub base_url: String,
    /// The base URL's path, starting and ending in `/` (prefix for root-relative links).
    pub base_path: String,
    /// Site description.
    pub description: String,
    /// Default author.
    pub author: String,
    /// The site's language: a BCP 47 tag (`en`, `de`, `pt-BR`), for `<html lang>`.
    pub language: String,
    /// The language's writing direction, `ltr` or `rtl`, for `<html dir>`.
    pub dir: &'static str,
    /// `[extra]` from gloss.toml.
    pub extra: serde_json::Value,
    /// The site's main navigation, derived from its content (sections with pages, then
    /// tags, quotes and updates when the site has any). Empty until the site sets it.
    pub nav: Vec<NavLink>,
    /// Absolute URL of the site's first feed (the first of `feeds` in gloss.toml), or
    /// empty when it has none.
    pub feed_url: String,
    /// The site's feeds, one per format of `feeds` in gloss.toml, in that order.
    pub feeds: Vec<FeedLink>,
    /// The updates feeds (`/updates.xml`, `/updates.rss`, `/updates.json`), likewise.
    pub updates_feeds: Vec<FeedLink>,
    /// `[sharing]` options (Open Graph, Twitter/X cards, the fediverse).
    pub sharing: SharingView,
    /// Whether the site has search (`search` in gloss.toml): a Pagefind index in
    /// `/pagefind/` and the search page at `/search/`.
    pub search: bool,
    /// URL of the site's icon: `icon` from gloss.toml (root-relative with the base URL's
    /// sub-path, or absolute as written), or the theme's `favicon.svg`.
    pub icon_url: String,
}

/// Where the site's icon is, for `<link rel="icon">`.
fn icon_url(config: &Config) -> String {
    let base = config.base_path();
    match config.icon.as_deref() {
        Some(icon)
            if icon.contains("://") || icon.starts_with("//") || icon.starts_with("data:") =>
        {
            icon.to_string()
        }
        Some(icon) => format!("{base}{}", icon.trim_start_matches('/')),
        None => format!("{base}favicon.svg"),
    }
}

/// One feed of a page that has feeds (the site, a section, a tag), for `<link
/// rel="alternate">`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FeedLink {
    /// `atom`, `rss` or `json`, as written in `feeds`.
    pub format: &'static str,
    /// Media type: `application/atom+xml`, `application/rss+xml` or
    /// `application/feed+json`.
    pub media_type: &'static str,
    /// Root-relative URL (with the base URL's sub-path), for links.
    pub url: String,
    /// Absolute URL, for `<link rel="alternate">`.
    pub permalink: String,
}

/// The feeds of the list at site path `path` (`/`, `/posts/`, `/tags/x/`), one per
/// configured format.
pub fn feed_links(config: &Config, path: &str) -> Vec<FeedLink> {
    config
        .feeds
        .iter()
        .map(|f| FeedLink {
            format: f.key(),
            media_type: f.media_type(),
            url: config.url_path(&format!("{path}{}", f.file_name())),
            permalink: config.permalink(&format!("{path}{}", f.file_name())),
        })
        .collect()
}

/// `config.sharing`: what sharing tags need beyond a page's own data.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SharingView {
    /// The author's fediverse handle (`@name@server`) for `<meta name="fediverse:creator">`,
    /// or empty.
    pub fediverse_creator: String,
    /// The site's X (Twitter) handle (`@name`) for `twitter:site`, or empty.
    pub twitter_site: String,
}

impl SharingView {
    fn new(config: &Config) -> Self {
        SharingView {
            fediverse_creator: config.sharing.fediverse_creator.clone(),
            twitter_site: config.sharing.twitter_site.clone(),
        }
    }
}

/// One link of the site's navigation.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NavLink {
    /// The link text.
    pub title: String,
    /// Root-relative URL (with the base URL's sub-path).
    pub url: String,
    /// The strings key of a title gloss gives (`tags`, `quotes`, `updates`), so that a
    /// page in another language than the site's can say it in its own; empty for a
    /// section's title and a taxonomy gloss has no word for.
    pub key: String,
}

impl ConfigView {
    /// The view of a config.
    pub fn new(config: &Config) -> Self {
        ConfigView {
            title: config.title.clone(),
            base_url: config.base_url.to_string(),
            base_path: config.base_path().to_string(),
            description: config.description.clone(),
            author: config.author.clone(),
            language: config.language.clone(),
            dir: config.i18n.dir(),
            extra: config.extra.clone(),
            nav: Vec::new(),
            feed_url: feed_links(config, "/")
                .first()
                .map(|f| f.permalink.clone())
                .unwrap_or_default(),
            feeds: feed_links(config, "/"),
            updates_feeds: config
                .feeds
                .iter()
                .map(|f| FeedLink {
                    format: f.key(),
                    media_type: f.media_type(),
                    url: config.url_path(f.updates_file_name()),
                    permalink: config.permalink(f.updates_file_name()),
                })
                .collect(),
            sharing: SharingView::new(config),
            search: config.search,
            icon_url: icon_url(config),
        }
    }
}

/// A tag (a taxonomy term) as templates see it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TermView {
    /// The term as written in front matter.
    pub name: String,
    /// Its slug.
    pub slug: String,
    /// Root-relative URL of its page.
    pub url: String,
    /// Absolute URL of its page.
    pub permalink: String,
    /// Number of pages with this term.
    pub count: usize,
}

/// A taxonomy as its templates see it (`taxonomy`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TaxonomyView {
    /// Its name, as in gloss.toml's `taxonomies` (`tags`, `categories`, `series`).
    pub name: String,
    /// Its name for people (`Tags`, `Categories`, `Series`).
    pub title: String,
    /// Root-relative URL of its index (`/categories/`).
    pub url: String,
    /// Absolute URL of its index.
    pub permalink: String,
}

/// One part of a series, in `page.series.parts`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SeriesPart {
    /// Its place in the series, from 1.
    pub position: usize,
    /// Title as plain text.
    pub title: String,
    /// Title as inline HTML (as a post's `title_html`).
    pub title_html: String,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
}

/// A post as shown in lists (home, sections, tags).
#[derive(Debug, Clone, Serialize)]
pub struct PostSummary {
    /// Title as plain text (for `<title>`, feeds, attributes).
    pub title: String,
    /// Title as inline HTML (the author's Markdown and phrasing HTML, balanced, no links),
    /// for headings and list items: insert with `| safe`.
    pub title_html: String,
    /// Slug.
    pub slug: String,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Publication date, RFC 3339, or empty.
    pub date: String,
    /// Publication date for people ("Nov 28, 2026"), or empty.
    pub date_display: String,
    /// Last substantive update, RFC 3339, or empty when never updated.
    pub updated: String,
    /// Last update for people, or empty.
    pub updated_display: String,
    /// The summary HTML (before `<!-- more -->`, ids prefixed), or empty.
    pub summary: String,
    /// Description (front matter, else the summary's or the text's first words; plain
    /// text, at most about 160 characters).
    pub description: String,
    /// Tags (empty when `tags` is not a configured taxonomy).
    pub tags: Vec<TermView>,
    /// The post's terms in every configured taxonomy, by taxonomy name (`tags`,
    /// `categories`, `series`…), each list in the order written.
    pub taxonomies: std::collections::BTreeMap<String, Vec<TermView>>,
    /// Authors (front matter, else the site author; empty when neither is set).
    pub authors: Vec<String>,
    /// Link post target, or empty.
    pub link: String,
    /// Number of quoted passages.
    pub quote_count: usize,
    /// Words in quoted passages.
    pub quoted_words: usize,
    /// The author's own words.
    pub own_words: usize,
    /// Dated after the build (shown only with `--future`): the theme marks it
    /// "Scheduled".
    pub scheduled: bool,
    /// The BCP 47 tag of the language the post is written in (front matter `language`,
    /// else the site's): a list shows an item in another language with `lang` on it.
    pub language: String,
}

/// What `page.html` gets beyond the [`PostSummary`] fields: `page` is the post's summary
/// with these fields added after it (the summary is made once per post and shared with
/// every list that shows it).
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    /// The page's language tag (front matter `language`, else the site's), for
    /// `<html lang>`; the top-level `lang` gives it to every template too.
    pub language: String,
    /// The page's writing direction, `ltr` or `rtl`.
    pub dir: &'static str,
    /// The date in the page's own language, when it is not the site's (the summary's
    /// `date_display` is in the site's language, for lists); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_display: Option<String>,
    /// `updated_display` likewise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_display: Option<String>,
    /// Absolute URL of the image shown when the page is shared (`og:image`): front
    /// matter `image`, else the body's first local image, else the post's generated
    /// sharing card; empty for a page without any.
    pub image: String,
    /// The image's width in pixels (`og:image:width`), 0 when unknown.
    pub image_width: u32,
    /// The image's height in pixels, 0 when unknown.
    pub image_height: u32,
    /// The image's alt text (`og:image:alt`): front matter `image.alt`, the body image's
    /// alt text, or the title for a sharing card; empty when unknown.
    pub image_alt: String,
    /// The page's JSON-LD (schema.org `BlogPosting` for a post, `WebPage` otherwise) as
    /// JSON text safe inside `<script type="application/ld+json">`: insert with `| safe`.
    pub json_ld: String,
    /// The body HTML.
    pub content: String,
    /// Section folder (`posts`), empty for top-level pages.
    pub section: &'a str,
    /// The page's file under the content folder (`posts/a.md`,
    /// `posts/trip/index.md`): `load_data` reads files beside it.
    pub relative_path: String,
    /// Headings, for a table of contents, in order.
    pub toc: &'a [crate::markdown::Heading],
    /// The same headings nested by level: each heading holds those under it.
    pub toc_tree: Vec<TocEntry>,
    /// Whether the theme shows the table of contents: front matter `toc: true`, or at
    /// least `toc_min_headings` headings and no `toc: false`.
    pub show_toc: bool,
    /// Quoted passages.
    pub quotes: &'a [crate::markdown::Quote],
    /// Footnotes.
    pub footnotes: &'a [crate::markdown::Footnote],
    /// Front matter `extra` and unknown keys.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// Total words.
    pub word_count: usize,
    /// Minutes to read at 200 words a minute, at least 1.
    pub reading_time: usize,
    /// The update history, oldest first (see `site::commentary`).
    pub updates: Vec<crate::site::commentary::UpdateView>,
    /// The newest substantive update (for the "Updated …" line), if any.
    pub latest_update: Option<crate::site::commentary::UpdateView>,
}

/// A heading in a table of contents, with the headings under it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// Its id on the page (the link is `#id`).
    pub id: String,
    /// Plain text.
    pub text: String,
    /// The headings under it (of a deeper level, up to the next heading of its level or
    /// higher).
    pub children: Vec<TocEntry>,
}

/// Nests `headings` (in page order) by level: a heading goes under the nearest heading
/// before it of a higher level (a smaller number); a page that starts at `###` and then
/// has a `##` gets both at the top.
pub fn toc_tree(headings: &[crate::markdown::Heading]) -> Vec<TocEntry> {
    // The open path from the top: each entry's children are still being filled.
    let mut stack: Vec<TocEntry> = Vec::new();
    let mut top: Vec<TocEntry> = Vec::new();
    let close = |stack: &mut Vec<TocEntry>, top: &mut Vec<TocEntry>| {
        if let Some(done) = stack.pop() {
            match stack.last_mut() {
                Some(parent) => parent.children.push(done),
                None => top.push(done),
            }
        }
    };
    for h in headings {
        while stack.last().is_some_and(|open| open.level >= h.level) {
            close(&mut stack, &mut top);
        }
        stack.push(TocEntry {
            level: h.level,
            id: h.id.clone(),
            text: h.text.clone(),
            children: Vec::new(),
        });
    }
    while !stack.is_empty() {
        close(&mut stack, &mut top);
    }
    top
}

/// A section (or the home page) for `section.html` and `index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// Title.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// The `_index.md` body as HTML.
    pub content: String,
    /// Description.
    pub description: String,
    /// All its posts (for the home page: the latest of all sections), newest first.
    pub pages: Vec<PostSummary>,
    /// Its feeds, one per format of `feeds` (the home page's are the site's).
    pub feeds: Vec<FeedLink>,
}

/// One page of a paginated list.
#[derive(Debug, Clone, Serialize)]
pub struct PaginatorView {
    /// The posts on this page.
    pub pages: Vec<PostSummary>,
    /// 1-based index of this page.
    pub current_index: usize,
    /// Number of pages.
    pub number_pagers: usize,
    /// URL of the previous page, or empty.
    pub previous: String,
    /// URL of the next page, or empty.
    pub next: String,
    /// URL of the first page.
    pub first: String,
    /// URL of the last page.
    pub last: String,
    /// Posts per page.
    pub paginate_by: usize,
    /// Posts in the whole list.
    pub total_pages: usize,
    /// Every page of the list, for numbered links.
    pub pagers: Vec<Pager>,
}

/// One page of a paginated list, for numbered links.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// 1-based index.
    pub index: usize,
    /// Root-relative URL.
    pub url: String,
}

/// A feed, for `atom.xml`, `rss.xml` and `feed.json` (and the updates feeds).
#[derive(Debug, Clone, Serialize)]
pub struct FeedView {
    /// Feed title.
    pub title: String,
    /// Plain-text description: the site description, else the title (RSS requires one).
    pub description: String,
    /// Absolute URL of the feed itself (of the format being rendered).
    pub url: String,
    /// The feed's stable id (its absolute URL).
    pub id: String,
    /// Feed-level author: the site author, else the site title (Atom requires one
    /// when an entry names none).
    pub author: String,
    /// Absolute URL of the HTML page it mirrors.
    pub alternate: String,
    /// Newest entry's `updated`, RFC 3339.
    pub updated: String,
    /// The same in RFC 2822 form (`Sat, 28 Nov 2026 14:05:00 -0600`), for RSS.
    pub updated_rfc2822: String,
    /// Entries, newest first.
    pub entries: Vec<FeedEntry>,
}

/// One feed entry.
#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry {
    /// Title.
    pub title: String,
    /// Absolute URL.
    pub permalink: String,
    /// Stable id: a `tag:` URI from the base URL's host, the publication date and the
    /// site path (RFC 4151), so it survives a move from http to https or to a sub-path.
    pub id: String,
    /// The linked source of a link post, absolute, or empty (Atom `<link
    /// rel="related">`, RSS `<link>`, JSON Feed `external_url`).
    pub link: String,
    /// RFC 3339.
    pub published: String,
    /// The same in RFC 2822 form, for RSS's `<pubDate>`.
    pub published_rfc2822: String,
    /// RFC 3339.
    pub updated: String,
    /// Author names.
    pub authors: Vec<String>,
    /// Plain-text summary, or empty.
    pub summary: String,
    /// Tag names, for `<category>`.
    pub tags: Vec<String>,
    /// Entry HTML with absolute URLs (escaped by the template): the whole post, or with
    /// `feed_content = "summary"` the part before `<!-- more -->`, empty when the post
    /// has no such line (the templates then give `summary` alone).
    pub content: String,
    /// The post's language tag when it is not the site's (front matter `language`), else
    /// empty: Atom's `xml:lang` on the entry, JSON Feed's item `language`.
    pub language: String,
}

/// One `<url>` of `sitemap.xml`.
#[derive(Debug, Clone, Serialize)]
pub struct SitemapEntry {
    /// Absolute URL.
    pub loc: String,
    /// Last modification date (YYYY-MM-DD), or empty.
    pub lastmod: String,
}

/// `page` in a shortcode template: what is known of the page before its body is
/// rendered (its front matter and URL; not its content, quotes or update history). Empty
/// in a section's body.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ShortcodePageView {
    /// Title as plain text.
    pub title: String,
    /// Title as inline HTML (insert with `| safe`).
    pub title_html: String,
    /// Slug.
    pub slug: String,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Its section's folder (`posts`), empty for top-level pages.
    pub section: String,
    /// Publication date, RFC 3339, or empty.
    pub date: String,
    /// Publication date for people, or empty.
    pub date_display: String,
    /// Front matter `updated`, RFC 3339, or empty (the update history is not read yet).
    pub updated: String,
    /// Front matter `updated` for people, or empty.
    pub updated_display: String,
    /// Front matter `description`, or empty.
    pub description: String,
    /// Its tags (each term's `count` is 0).
    pub tags: Vec<TermView>,
    /// Front matter `authors`, else the site author, else empty.
    pub authors: Vec<String>,
    /// The linked source of a link post, or empty.
    pub link: String,
    /// Whether it is a draft (only built with `--drafts`).
    pub draft: bool,
    /// Front matter `extra`, plus every key gloss does not know.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `section` in a shortcode template: the section whose body it is in, or the section
/// of the page it is in (the home page's for a top-level page).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ShortcodeSectionView {
    /// Front matter `title`, else the folder name, capitalised; the site title for the
    /// home page.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Front matter `description`, or empty.
    pub description: String,
    /// Front matter `extra`.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Formats a date for people in the site's language: `Nov 28, 2026`, `28.11.2026`.
pub fn display_date(language: &crate::i18n::Language, z: &jiff::ZonedDateTime) -> String {
    language.date(z, crate::i18n::DateStyle::Medium)
}

/// Formats a date for machines: RFC 3339 with the date's own offset, whole seconds.
pub fn machine_date(z: &jiff::ZonedDateTime) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Formats a date for RSS (RFC 2822 as RSS 2.0 asks, with the date's own offset):
/// `Sat, 28 Nov 2026 14:05:00 -0600`.
pub fn rfc2822_date(z: &jiff::ZonedDateTime) -> String {
    z.strftime("%a, %d %b %Y %H:%M:%S %z").to_string()
}

#[cfg(test)]
mod toc_tests {
    use super::*;
    use crate::markdown::Heading;

    fn h(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.to_string(),
            text: id.to_uppercase(),
        }
    }

    /// (level, id, children) of each entry, for comparing shapes.
    fn shape(entries: &[TocEntry]) -> Vec<(u8, String, usize)> {
        entries
            .iter()
            .map(|e| (e.level, e.id.clone(), e.children.len()))
            .collect()
    }

    #[test]
    fn headings_nest_under_the_nearest_higher_level() {
        let tree = toc_tree(&[h(2, "a"), h(3, "a1"), h(4, "a1x"), h(3, "a2"), h(2, "b")]);
        assert_eq!(shape(&tree), [(2, "a".into(), 2), (2, "b".into(), 0)]);
        assert_eq!(
            shape(&tree[0].children),
            [(3, "a1".into(), 1), (3, "a2".into(), 0)]
        );
        assert_eq!(shape(&tree[0].children[0].children), [(4, "a1x".into(), 0)]);
    }

    #[test]
    fn a_page_starting_deeper_keeps_every_heading() {
        let tree = toc_tree(&[h(3, "x"), h(2, "a"), h(4, "a1")]);
        assert_eq!(shape(&tree), [(3, "x".into(), 0), (2, "a".into(), 1)]);
        assert_eq!(toc_tree(&[]), []);
    }
}
