//! Markdown: one post's body in; its HTML, and everything later stages need of it, out.
//!
//! `render(&str, &Options) -> Rendered` is pure: no file system, no templates, no site.
//! This is the only stage that understands HTML: the later ones (site assembly, `gloss
//! check`, templates) receive data — HTML to insert whole, plain text, numbers, URLs —
//! and never take HTML apart again.
//!
//! pulldown-cmark parses the body into events (CommonMark + GFM, DESIGN §4); small named
//! passes then read and rewrite that event stream, in this order (as [`render`] runs
//! them):
//!
//! 0. [`shortcodes`] — shortcode calls expanded in the source, which is parsed again
//!    when one was (event ranges stay those of the source as written); unknown ones
//!    warned about; then `internal` — `@/` links to a content file resolved to its
//!    page's URL
//! 1. `links`        — links and images found (for `gloss check`); reads the events as
//!    parsed, so that no later rewrite can hide a link (its findings are added to
//!    [`Rendered`] after pass 8)
//! 2. `shortcodes::run` — a shortcode gloss does not run is shown as written (its raw
//!    HTML as text, no smart punctuation)
//! 3. `urls::mark_raw_html` — the `href` and `src` values in the author's raw HTML get
//!    URL marks (lol_html), while every raw HTML event is still the author's
//! 4. [`images`]     — images sized from the site's [`images::ImageLookup`], with
//!    `srcset`, lazy loading and figures (their URLs marked); missing alt text warned
//!    about
//! 5. `notices`      — `> [!UPDATE]` and `**Update:**` paragraphs → update notices; alerts
//! 6. `quotes`       — top-level block quotes → quoted passages (lead-in, source, repeats);
//!    hands the author's own prose to `voice`, for the description
//! 7. `headings`     — heading ids (slugs, `{#custom}`, unique per page)
//! 8. `footnotes`    — numbered notes, back-references, sidenotes and the end list
//! 9. [`highlight`]  — fenced code → syntect HTML with CSS classes
//! 10. `access`      — code blocks and tables the keyboard can scroll, named task-list
//!     checkboxes
//!
//! then the stream is written as HTML and split at `<!-- more -->` for the summary:
//! `urls::write_links` writes links and images with URL marks, the author's
//! `#fragment` links to ids gloss made with [`ID_MARK`] (to follow those ids where they
//! are prefixed) and root-relative targets (`/about/`) with the base URL's path. The
//! summary's footnotes and the description are finished from where the split fell.
//!
//! One HTML string serves every place a post is shown, through marks resolved when it is
//! shown. Ids that must be unique on pages showing several posts (home, sections, feeds)
//! are written with [`ID_MARK`] in front; sidenotes are wrapped in [`SIDENOTE_START`] …
//! [`SIDENOTE_END`]; every `href` and `src` value is wrapped in [`URL_START`] …
//! [`URL_END`] (`urls`). [`Rendered::page_html`] (the post's page),
//! [`Rendered::embedded_html`] (lists) and [`Rendered::feed_html`] (feeds: URLs absolute
//! against the post's permalink) resolve them. So a rendering depends on the body and
//! [`Options`] alone, never on the page's URL: `gloss serve` keeps it while the file and
//! the config stay the same, and the feed HTML is made only for the posts a feed shows.
//! The marks are Unicode private-use characters; the same characters in the source are
//! replaced by U+FFFD before parsing, so an author cannot forge them.

pub(crate) mod access;
pub(crate) mod footnotes;
pub(crate) mod headings;
pub mod highlight;
pub mod images;
pub(crate) mod internal;
pub(crate) mod links;
pub(crate) mod notices;
pub(crate) mod plain;
pub(crate) mod quotes;
pub mod shortcodes;
pub(crate) mod title;
pub(crate) mod urls;
pub(crate) mod voice;

use std::ops::Range;
use std::sync::Arc;

use jiff::tz::TimeZone;
use pulldown_cmark::{CowStr, Event, Options as CmarkOptions, Parser, TagEnd};

use crate::diagnostic::Diagnostic;

/// Stands where a per-post id prefix goes, in `id="…"` and `href="#…"` that gloss writes.
pub const ID_MARK: char = '\u{E000}';
/// Opens a sidenote (left out of embedded HTML: lists and feeds get the end list only).
pub const SIDENOTE_START: char = '\u{E001}';
/// Closes a sidenote.
pub const SIDENOTE_END: char = '\u{E002}';
/// Opens content shown only on the post's own page (sidenotes, heading self-links);
/// the same mark as [`SIDENOTE_START`].
pub const PAGE_ONLY_START: char = SIDENOTE_START;
/// Closes page-only content.
pub const PAGE_ONLY_END: char = SIDENOTE_END;
/// Opens a URL in an `href` or `src` gloss writes (see `urls`).
pub const URL_START: char = '\u{E003}';
/// Closes a URL opened by [`URL_START`].
pub const URL_END: char = '\u{E004}';
/// Every mark; the same characters in the source are replaced before parsing.
const MARKS: [char; 5] = [ID_MARK, SIDENOTE_START, SIDENOTE_END, URL_START, URL_END];
/// The marks and the shortcode placeholders' characters, replaced in the source.
const RESERVED: [char; 7] = [
    ID_MARK,
    SIDENOTE_START,
    SIDENOTE_END,
    URL_START,
    URL_END,
    shortcodes::START,
    shortcodes::END,
];

/// An event with the byte range of the source it came from (for line numbers).
pub type Spanned<'a> = (Event<'a>, Range<usize>);

/// Which Markdown dialect to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// CommonMark + GFM + gloss's commentary passes (what sites get).
    #[default]
    Gloss,
    /// Plain CommonMark, no passes: for checking against the CommonMark spec.
    CommonMark,
    /// CommonMark + GFM extensions, no commentary passes: for the GFM spec, and for a
    /// front matter update note. Root-relative targets get [`Options::base_path`].
    Gfm,
}

/// What changes how Markdown renders.
#[derive(Debug, Clone)]
pub struct Options {
    /// The dialect (default: gloss's).
    pub dialect: Dialect,
    /// Curly quotes, dashes and ellipses.
    pub smart_punctuation: bool,
    /// Highlight fenced code with syntect (CSS classes); plain `<pre><code>` otherwise.
    pub highlight_code: bool,
    /// Time zone for update-notice dates written without an offset.
    pub timezone: TimeZone,
    /// The base URL's path (`/`, or `/blog/` for a site published under a sub-path):
    /// root-relative link and image targets the author writes (`/about/`) are prefixed
    /// with it, so they stay inside the site (DESIGN §6).
    pub base_path: String,
    /// The permalink of the page or section whose body this is
    /// (`https://example.org/blog/posts/a/`), or empty when unknown (a template's
    /// `markdown`, which keeps a source as written): a quoted passage's source
    /// written relative (`../press/`, `/press/`) is made absolute against it, for the
    /// `cite` attribute and wherever the source is shown apart from the post.
    pub permalink: String,
    /// Give each quoted passage and update notice a search title (Pagefind's
    /// `data-pagefind-title`) on the post's own page, so that search results link to
    /// them (see [`search_title`]).
    pub search: bool,
    /// How ids are made from heading text (default: GitHub's rule).
    pub heading_ids: HeadingIds,
    /// What the site knows of its local images (sizes, resized versions); `None` leaves
    /// images as written, with lazy loading.
    pub images: Option<Arc<dyn images::ImageLookup>>,
    /// A titled image alone in its paragraph becomes a `<figure>`.
    pub figures: bool,
    /// The `sizes` attribute written beside an image's `srcset`.
    pub image_sizes: String,
    /// The site's shortcode templates and pages; `None` runs no shortcode (every one is
    /// warned about and left as text).
    pub shortcodes: Option<Arc<dyn shortcodes::Shortcodes>>,
    /// What becomes of an update notice dated in the future (default: shown as any other).
    pub scheduled_notices: ScheduledNotices,
    /// The site's language: the words gloss writes into a post (alert titles, quote
    /// links, footnote labels) and how it writes dates (update notices).
    pub language: Arc<crate::i18n::Language>,
    /// The page's title: what a search result shows for the author's words after a
    /// quoted passage or an update notice when no heading comes before them (see
    /// [`search_end`]). Empty: such words stay with the passage or notice.
    pub page_title: String,
}

/// What becomes of an update notice dated after a moment (the build's): as a post dated
/// in the future is, it is held back, or with `--future` shown and marked scheduled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ScheduledNotices {
    /// Shown as any other notice, whatever its date.
    #[default]
    Shown,
    /// Left out of the page, its history and everything made of them (the update pages,
    /// feeds, search) when dated after this moment; [`Rendered::scheduled_notices`] keeps
    /// its date.
    Held(jiff::Timestamp),
    /// Shown, marked scheduled (`<aside class="update scheduled">`), when dated after
    /// this moment (`--future`).
    Marked(jiff::Timestamp),
}

/// The rule that turns a heading's text into its id, as another engine writes it, so
/// that in-page links written for a blog's old engine keep working.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum HeadingIds {
    /// GitHub's rule, which Hugo, Jekyll's kramdown and markdown-it-anchor share on the
    /// common cases: lowercase; letters, digits, `_` and `-` kept; each space becomes
    /// `-`; everything else dropped. `What's new` → `whats-new`, `cypress.json` →
    /// `cypressjson`, `A -- B` → `a----b`.
    #[default]
    Github,
    /// Zola's rule, gloss's slugs ([`crate::content::slug::slugify`]): every run of other
    /// characters becomes one `-`. `What's new` → `what-s-new`, `cypress.json` →
    /// `cypress-json`.
    Zola,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            dialect: Dialect::Gloss,
            smart_punctuation: true,
            highlight_code: true,
            timezone: TimeZone::UTC,
            base_path: "/".to_string(),
            permalink: String::new(),
            search: false,
            heading_ids: HeadingIds::default(),
            images: None,
            figures: true,
            image_sizes: "100vw".to_string(),
            shortcodes: None,
            scheduled_notices: ScheduledNotices::Shown,
            language: Arc::default(),
            page_title: String::new(),
        }
    }
}

/// ` data-pagefind-title="TITLE"` between page-only marks, for the start tag of an
/// element with an id, when `options.search` is on (else nothing). Pagefind makes an
/// element with an id and this attribute a result of its own, linking to `#id`; the
/// attribute is left out of lists and feeds, where nothing is indexed.
pub fn search_title(options: &Options, title: &str) -> String {
    if !options.search {
        return String::new();
    }
    format!(
        "{PAGE_ONLY_START} data-pagefind-title=\"{}\"{PAGE_ONLY_END}",
        crate::html::escape(title)
    )
}

/// An empty `<div id="ID-end" data-pagefind-title="TITLE"></div>`, page-only, to follow
/// a block that has a [`search_title`] (the quoted passage or update notice `id`), when
/// `options.search` is on (else nothing).
///
/// Why: Pagefind files each word under the last element before it that has an id and a
/// title (or is a heading with an id), so without an end the author's words after a
/// passage would be a result titled "Quoted passage 3". This element gives them back to
/// `section`, the text of the last heading before the block, or to the page's title
/// when no heading comes before it (and links the result to where they start). With
/// neither, nothing is written.
pub fn search_end(options: &Options, id: &str, section: Option<&str>) -> String {
    let title = section.unwrap_or(&options.page_title);
    if !options.search || title.trim().is_empty() {
        return String::new();
    }
    format!(
        "{PAGE_ONLY_START}<div id=\"{ID_MARK}{id}-end\" data-pagefind-title=\"{}\"></div>\n{PAGE_ONLY_END}",
        crate::html::escape(title)
    )
}

/// The text of a heading as a search result shows it (see [`search_end`]): `block` is
/// a top-level block's events; `None` when it is not a heading.
pub(crate) fn heading_text(block: &[Spanned]) -> Option<String> {
    match block.first() {
        Some((Event::Start(pulldown_cmark::Tag::Heading { .. }), _)) => {
            Some(headings::plain_text(block))
        }
        _ => None,
    }
}

/// A heading of the page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The id, unique on the page (without any per-post prefix).
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// Where a quoted passage comes from: the last link of its lead-in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    /// The link text, as plain text (e.g. `Techcrunch`).
    pub name: String,
    /// The link target: as written when it has a scheme (`https:`); else made absolute
    /// against the post's permalink (see [`Options::permalink`]), root-relative ones with
    /// the base URL's path (`/press/` → `https://example.org/blog/press/`).
    pub url: String,
}

/// A quoted passage: a top-level block quote that is not an alert (DESIGN §4).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Quote {
    /// 1-based number in the post.
    pub number: usize,
    /// `quote-N`.
    pub id: String,
    /// The quote's plain text (for lists, search and repeat detection).
    pub text: String,
    /// The quote's content as HTML, without footnote references, as on the post's page.
    pub html: String,
    /// The same with URL marks, for other pages (`/quotes/`: [`resolve_apart`]).
    #[serde(skip)]
    pub marked_html: String,
    /// The lead-in paragraph's inner HTML, when the quote has one.
    pub lead_in: Option<String>,
    /// The same with URL marks.
    #[serde(skip)]
    pub marked_lead_in: Option<String>,
    /// The same as plain text (for grouping quotes by a source the lead-in names).
    pub lead_in_text: Option<String>,
    /// The source, when the lead-in has a link.
    pub source: Option<Source>,
    /// The trailing attribution's inner HTML (`— Name`, without the dash).
    pub attribution: Option<String>,
    /// The same with URL marks.
    #[serde(skip)]
    pub marked_attribution: Option<String>,
    /// The same as plain text (for grouping quotes by who said them).
    pub attribution_text: Option<String>,
    /// The number of the earlier quote this one repeats, if any.
    pub repeat_of: Option<usize>,
    /// The source URL with a text fragment (`#:~:text=START,END`), for http(s) sources.
    pub fragment_url: Option<String>,
    /// Words in the quote.
    pub words: usize,
}

/// A footnote, numbered by first reference.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Footnote {
    /// 1-based number.
    pub number: usize,
    /// The label as written (`[^label]`).
    pub label: String,
    /// The note's id, `fn-N` (without any per-post prefix).
    pub id: String,
    /// How many times it is referenced.
    pub references: usize,
    /// The note's content as HTML, as on the post's own page (no back-references).
    pub html: String,
    /// The same with id and URL marks (see [`ID_MARK`]), for summaries shown on other
    /// pages.
    #[serde(skip)]
    pub marked_html: String,
    /// 1-based line of its definition in the body.
    pub line: usize,
    /// Byte offsets in the body of its references in the text, in order (the K-th is
    /// `fnref-N-K`); references inside other notes are not counted.
    #[serde(skip)]
    pub cited_at: Vec<usize>,
    /// The numbers of the notes this note references.
    #[serde(skip)]
    pub cites: Vec<usize>,
}

/// An update notice written in the body.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Notice {
    /// 1-based number in the post.
    pub number: usize,
    /// `update-N`.
    pub id: String,
    /// The date the notice gives, if any.
    #[serde(skip)]
    pub date: Option<jiff::ZonedDateTime>,
    /// Dated after the build, shown because of `--future` ([`ScheduledNotices::Marked`]).
    pub scheduled: bool,
    /// Whether the date came with a time of day (else `date` is midnight, site time).
    pub has_time: bool,
    /// The label as shown: its word and the counter written after it (`Update`,
    /// `Update #2`, `Update Again`, `Edit`, `Correction`…), without its date.
    pub label: String,
    /// The note's inner HTML (without its label or marker).
    pub html: String,
    /// The same with URL marks, for other pages ([`resolve_apart`]) and feeds
    /// ([`resolve_for_feed`]).
    #[serde(skip)]
    pub marked_html: String,
    /// The note's plain text.
    pub text: String,
    /// 1-based line in the body.
    pub line: usize,
}

/// A link or image target found in the body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Link {
    /// The URL as written.
    pub url: String,
    /// Whether it is an image source.
    pub image: bool,
    /// 1-based line in the body.
    pub line: usize,
    /// 1-based column in the body.
    pub column: usize,
}

/// One rendered body and what the passes learned from it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// HTML with id, sidenote and URL marks (see the module docs); use
    /// [`Rendered::page_html`], [`Rendered::embedded_html`] or [`Rendered::feed_html`].
    pub html: String,
    /// The HTML before `<!-- more -->`, marked the same way, when the body has that line.
    pub summary: Option<String>,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Quoted passages in order.
    pub quotes: Vec<Quote>,
    /// Footnotes in number order.
    pub footnotes: Vec<Footnote>,
    /// Update notices in order of appearance (without those held back).
    pub notices: Vec<Notice>,
    /// The dates of the notices dated after the build ([`ScheduledNotices`]): held back
    /// (left out of `notices`) or marked scheduled. The page must be rendered again once
    /// the first of them has passed.
    pub scheduled_notices: Vec<jiff::ZonedDateTime>,
    /// Links and images.
    pub links: Vec<Link>,
    /// Images in order, with what the site knew of each.
    pub images: Vec<images::Image>,
    /// Words inside quoted passages.
    pub quoted_words: usize,
    /// Words outside them (the author's own).
    pub own_words: usize,
    /// The page's description in the author's own words, as plain text of at most
    /// 160 characters (the rule is in `markdown::voice`): for lists, feeds,
    /// `<meta name="description">` and Open Graph when the front matter gives none.
    pub description: String,
    /// Problems found (path empty, lines relative to the body; see [`Diagnostic::relocate`]).
    pub diagnostics: Vec<Diagnostic>,
    /// Whether a shortcode was expanded: the rendering then depends on templates and
    /// other pages too, not on the body alone (`gloss serve` renders it again).
    pub shortcodes: bool,
    /// Whether the body has an internal link (`@/posts/a.md`): the rendering then
    /// depends on which pages the site has and their URLs too (`gloss serve` renders it
    /// again).
    pub internal_links: bool,
    /// Byte ranges of the body's update notices and alerts (asides, not the post's text).
    pub(crate) asides: Vec<Range<usize>>,
    /// The source range each update notice's wrapper events carry, in notice order: how
    /// the quotes pass knows a notice's closing wrapper in the stream.
    pub(crate) notice_wrappers: Vec<Range<usize>>,
    /// The author's own text, block by block, with each block's byte offset.
    pub(crate) author_text: Vec<(usize, String)>,
    /// The figures the images pass wrote: how the footnotes pass shows one in a sidenote.
    pub(crate) figures: Vec<images::Figure>,
}

impl Rendered {
    /// The HTML for the post's own page: ids as given, sidenotes kept.
    pub fn page_html(&self) -> String {
        resolve_marks(&self.html, "", true)
    }

    /// The HTML for a feed entry: [`Rendered::embedded_html`] with every link, image and
    /// fragment made absolute against `page`, the post's permalink (fragments lead to the
    /// post's own page: `https://example.org/posts/a/#fn-1`).
    pub fn feed_html(&self, prefix: &str, page: &url::Url) -> String {
        resolve_for_feed(&self.html, prefix, page)
    }

    /// Every URL gloss wrote in the post's HTML, in each form it takes: on the post's
    /// page, on lists (`prefix` before generated ids), on other pages showing part of
    /// the post (root-relative from `page`: [`resolve_elsewhere`], [`resolve_apart`]) and
    /// in feeds (absolute against `page`); attribute text decoded. For `gloss check`, to
    /// trace a URL found in the output back to the post that holds it.
    pub fn urls(&self, prefix: &str, page: &url::Url) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = self.html.as_str();
        while let Some(start) = rest.find(URL_START) {
            let after = &rest[start + URL_START.len_utf8()..];
            let end = after.find(URL_END).unwrap_or(after.len());
            let value = &after[..end];
            let on_page = value.replace(ID_MARK, "");
            let mut in_feed = String::new();
            urls::absolute(value, page, &mut in_feed);
            let mut elsewhere = String::new();
            urls::from_page(value, page, &mut elsewhere);
            out.push(urls::unescape(&value.replace(ID_MARK, prefix)).into_owned());
            out.push(urls::unescape(&in_feed).into_owned());
            out.push(urls::unescape(&elsewhere).into_owned());
            out.push(urls::unescape(&on_page).into_owned());
            rest = &after[end..];
        }
        out.sort();
        out.dedup();
        out
    }

    /// The HTML for a page or feed that shows several posts: every generated id and
    /// `#fragment` prefixed with `prefix` (e.g. `posts/colossus/`), sidenotes left out.
    pub fn embedded_html(&self, prefix: &str) -> String {
        resolve_marks(&self.html, prefix, false)
    }

    /// The summary for a list, prefixed like [`Rendered::embedded_html`], its relative
    /// URLs (a bundle's `pic.png`) resolved against `page`, the post's permalink, and
    /// written root-relative, since the list is at another URL (see [`resolve_elsewhere`]).
    pub fn embedded_summary(&self, prefix: &str, page: &url::Url) -> Option<String> {
        self.summary
            .as_deref()
            .map(|s| resolve_elsewhere(s, prefix, page))
    }
}

/// Replaces id marks with `prefix`, keeps or drops sidenotes, and drops URL marks.
pub fn resolve_marks(html: &str, prefix: &str, keep_sidenotes: bool) -> String {
    resolve(html, prefix, keep_sidenotes, Urls::AsWritten)
}

/// Resolves marks for a feed entry: as [`resolve_marks`] for lists, with each marked URL
/// made absolute against `page` (see `urls::absolute`).
pub fn resolve_for_feed(html: &str, prefix: &str, page: &url::Url) -> String {
    resolve(html, prefix, false, Urls::Absolute(page))
}

/// Resolves marks for HTML of a post shown on another page of the site (a list): as
/// [`resolve_marks`], with each relative URL joined with `page`, the post's permalink,
/// and written root-relative (`pic.png` → `/posts/a/pic.png`) when it stays on the
/// site; root-relative URLs, URLs with a scheme and in-page fragments (`#fn-1`, which
/// follow the prefixed ids) are kept as written.
pub fn resolve_elsewhere(html: &str, prefix: &str, page: &url::Url) -> String {
    resolve(html, prefix, false, Urls::FromPage(page))
}

/// Resolves marks for part of a post copied apart from it onto another page of the site
/// (a quoted passage on `/quotes/`, an update notice on `/updates/`): each URL that is
/// neither root-relative nor has a scheme, in-page fragments included (the copy shows
/// none of the post's ids: `#details` → `/posts/a/#details`), joined with `page`, the
/// post's permalink, and written root-relative when it stays on the site; id marks
/// dropped, sidenotes left out.
pub fn resolve_apart(html: &str, page: &url::Url) -> String {
    resolve(html, "", false, Urls::Apart(page))
}

/// What [`resolve`] makes of the URLs between marks.
#[derive(Clone, Copy)]
enum Urls<'a> {
    /// Kept as written (the post's own page).
    AsWritten,
    /// Absolute, joined with the post's permalink (feeds).
    Absolute(&'a url::Url),
    /// Relative ones but in-page fragments joined with the post's permalink, written
    /// root-relative (lists, whose fragments follow the post's prefixed ids).
    FromPage(&'a url::Url),
    /// Relative ones and in-page fragments joined with the post's permalink, written
    /// root-relative (a part of the post on another page).
    Apart(&'a url::Url),
}

impl<'a> Urls<'a> {
    /// The page to join `value` (a URL between marks, as written in the attribute) with,
    /// and whether to write the result root-relative; `None` keeps it as written.
    fn join_with(self, value: &str) -> Option<(&'a url::Url, bool)> {
        let root_relative = value.starts_with('/');
        match self {
            Urls::AsWritten => None,
            Urls::Absolute(page) => Some((page, false)),
            Urls::FromPage(page) => {
                (!root_relative && !value.starts_with('#')).then_some((page, true))
            }
            Urls::Apart(page) => (!root_relative).then_some((page, true)),
        }
    }
}

/// Replaces id marks with `prefix`, keeps or drops sidenotes, and drops URL marks,
/// writing the URLs between them as `urls` says.
///
/// Runs on every page at every build (and every rebuild of `gloss serve`), so it copies
/// the text between marks in runs instead of char by char: every mark is a three-byte
/// character starting with the byte 0xEE, which is never inside another character.
fn resolve(html: &str, prefix: &str, keep_sidenotes: bool, urls: Urls) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut depth = 0usize;
    let mut run_start = 0;
    let mut from = 0;
    // Every mark's UTF-8 starts with 0xEE; memchr finds it without decoding characters.
    while let Some(offset) = memchr::memchr(0xEE, &bytes[from..]) {
        let at = from + offset;
        from = at + 3;
        let mark = html[at..].chars().next();
        if !matches!(mark, Some(c) if MARKS.contains(&c)) {
            continue;
        }
        // The run before a mark is all at one depth: shown, or inside a dropped sidenote.
        let shown = depth == 0 || keep_sidenotes;
        if shown {
            out.push_str(&html[run_start..at]);
        }
        match mark {
            Some(ID_MARK) if shown => out.push_str(prefix),
            Some(SIDENOTE_START) => depth += 1,
            Some(SIDENOTE_END) => depth = depth.saturating_sub(1),
            Some(URL_START) => {
                // The URL runs to its end mark; a sidenote cannot begin inside it.
                let end = html[from..].find(URL_END).map_or(html.len(), |i| from + i);
                let value = &html[from..end];
                if let Some((page, root_relative)) = urls.join_with(value) {
                    if shown {
                        if root_relative {
                            self::urls::from_page(value, page, &mut out);
                        } else {
                            self::urls::absolute(value, page, &mut out);
                        }
                    }
                    from = (end + URL_END.len_utf8()).min(html.len());
                }
            }
            _ => {}
        }
        run_start = from;
    }
    if depth == 0 || keep_sidenotes {
        out.push_str(&html[run_start..]);
    }
    out
}

/// The pulldown-cmark options gloss uses: CommonMark + GFM, heading attributes.
pub fn cmark_options(options: &Options) -> CmarkOptions {
    match options.dialect {
        Dialect::CommonMark => return CmarkOptions::empty(),
        Dialect::Gfm => {
            return CmarkOptions::ENABLE_TABLES
                | CmarkOptions::ENABLE_FOOTNOTES
                | CmarkOptions::ENABLE_STRIKETHROUGH
                | CmarkOptions::ENABLE_TASKLISTS
                | CmarkOptions::ENABLE_GFM;
        }
        Dialect::Gloss => {}
    }
    let mut o = CmarkOptions::ENABLE_TABLES
        | CmarkOptions::ENABLE_FOOTNOTES
        | CmarkOptions::ENABLE_STRIKETHROUGH
        | CmarkOptions::ENABLE_TASKLISTS
        | CmarkOptions::ENABLE_HEADING_ATTRIBUTES
        | CmarkOptions::ENABLE_GFM;
    if options.smart_punctuation {
        o |= CmarkOptions::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// Renders one Markdown body. Never fails: problems come back in `diagnostics`.
pub fn render(src: &str, options: &Options) -> Rendered {
    let clean;
    let src = if src.contains(RESERVED) {
        clean = src.replace(RESERVED, "\u{FFFD}");
        clean.as_str()
    } else {
        src
    };
    let mut rendered = Rendered::default();
    let events: Vec<Spanned> = Parser::new_ext(src, cmark_options(options))
        .into_offset_iter()
        .collect();
    if options.dialect != Dialect::Gloss {
        let events = urls::mark_raw_html(events);
        let (html, summary, _) = write_html(events, &urls::LinkContext::apart(&options.base_path));
        rendered.html = html;
        rendered.summary = summary;
        return rendered;
    }

    // The passes, numbered as in the module docs. 0 expands shortcodes in the source and
    // parses it again when it expanded one; 1 reads the events before any other pass
    // rewrites them, and what it finds is added after pass 8.
    let found = shortcodes::expand(src, &events, options); // 0
    rendered.diagnostics.extend(found.diagnostics);
    let expanded;
    let events = match found.expanded {
        Some(x) => {
            expanded = x;
            rendered.shortcodes = true;
            shortcodes::events(&expanded, options)
        }
        None => events,
    };
    let (events, internal) = internal::run(events, src, options.shortcodes.as_deref()); // 0
    rendered.internal_links = internal.met;
    rendered.diagnostics.extend(internal.diagnostics);
    let links = links::scan(&events, src); // 1
    let events = shortcodes::run(events, src, &found.as_text); // 2
    let events = urls::mark_raw_html(events); // 3
    let events = images::run(events, src, options, &mut rendered); // 4
    let events = notices::run(events, src, options, &mut rendered); // 5
    let events = quotes::run(events, src, options, &mut rendered); // 6
    let events = headings::run(events, src, options, &mut rendered); // 7
    let events = footnotes::run(events, src, options, &mut rendered); // 8
    links.add_to(&mut rendered);
    let events = highlight::run(events, src, options, &mut rendered); // 9
    let events = access::run(events, &options.language); // 10

    // The author's `#fragment` links to ids gloss generates follow them when prefixed.
    // Ids in the author's raw HTML are not prefixed, so links to them must not be either.
    let generated = |id: &str| {
        rendered.headings.iter().any(|h| h.id == id)
            || rendered.quotes.iter().any(|q| q.id == id)
            || rendered.notices.iter().any(|n| n.id == id)
            || rendered.footnotes.iter().any(|f| f.id == id)
    };
    let context = urls::LinkContext {
        base_path: &options.base_path,
        generated: &generated,
    };
    let (mut html, summary, more_at) = write_html(events, &context);
    // The writer grows the string by doubling: a third of it is spare on average, and a
    // site keeps every page's HTML until its pages are written.
    html.shrink_to_fit();
    rendered.html = html;
    rendered.summary = summary.map(|s| {
        footnotes::complete_summary(
            &s,
            &rendered.footnotes,
            more_at.unwrap_or(usize::MAX),
            &options.language,
        )
    });
    rendered.description = voice::description(&rendered, more_at);
    rendered.asides = Vec::new();
    rendered.notice_wrappers = Vec::new();
    rendered.author_text = Vec::new();
    rendered.figures = Vec::new();
    rendered
}

/// Renders a short text (a template's `markdown(inline=true)`) as inline HTML: the
/// Markdown of a single paragraph without the `<p>` around it, for a heading or a link.
/// A text of several blocks (or one that is not a paragraph) keeps its blocks. Only
/// CommonMark and GFM apply: the commentary passes are for post bodies. Root-relative
/// links get the base URL's path as in posts.
pub fn render_inline(src: &str, options: &Options) -> String {
    let clean;
    let src = if src.contains(RESERVED) {
        clean = src.replace(RESERVED, "\u{FFFD}");
        clean.as_str()
    } else {
        src
    };
    let mut events: Vec<Spanned> = Parser::new_ext(src, cmark_options(options))
        .into_offset_iter()
        .collect();
    // One paragraph: its first event opens it, its last closes it, and no other
    // paragraph or block is at the top level.
    let one_paragraph = matches!(
        (events.first(), events.last()),
        (
            Some((Event::Start(pulldown_cmark::Tag::Paragraph), _)),
            Some((Event::End(TagEnd::Paragraph), _))
        )
    ) && events
        .iter()
        .filter(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))
        .count()
        == 1;
    if one_paragraph {
        events.pop();
        events.remove(0);
    }
    let events = urls::mark_raw_html(events);
    let context = urls::LinkContext {
        base_path: &options.base_path,
        generated: &|_| false,
    };
    let (html, _, _) = write_html(events, &context);
    resolve_marks(&html, "", false).trim_end().to_string()
}

/// An element open at some point of the event stream, to close in a summary cut there.
#[derive(Debug, Clone)]
enum Open {
    /// A Markdown element (paragraph, emphasis, link…).
    Tag(TagEnd),
    /// An element opened by raw inline HTML (`<span class="x">`), by its name.
    Raw(String),
}

/// Whether the comment can end the summary with these elements open: at the top level
/// (in an HTML block of its own), or inside a top-level paragraph, however deep in emphasis, links or inline HTML.
fn at_top_level(open: &[Open]) -> bool {
    let mut tags = open.iter().filter_map(|o| match o {
        Open::Tag(t) => Some(t),
        Open::Raw(_) => None,
    });
    match tags.next() {
        None => true,
        // An HTML block at the top level: `<!-- more -->` alone on its line.
        Some(TagEnd::HtmlBlock) => tags.next().is_none(),
        Some(TagEnd::Paragraph) => tags.all(|t| {
            matches!(
                t,
                TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Superscript
                    | TagEnd::Subscript
                    | TagEnd::Link
            )
        }),
        Some(_) => false,
    }
}

/// Follows raw inline HTML inside a paragraph: each start tag (not a void or
/// self-closed one) opens an element, each end tag closes the innermost open one of that
/// name inside the current Markdown element. Comments are skipped. The wrappers the
/// passes write between blocks are not inside a paragraph, so they are not followed.
fn track_inline_html(open: &mut Vec<Open>, html: &str) {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    if !open.iter().any(|o| matches!(o, Open::Tag(_))) {
        return;
    }
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = rest.get(end + 1..).unwrap_or("");
        let (closing, body) = match tag.strip_prefix('/') {
            Some(b) => (true, b),
            None => (false, tag),
        };
        let name: String = body
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        if closing {
            let inner = open
                .iter()
                .rposition(|o| matches!(o, Open::Tag(_)))
                .map_or(0, |i| i + 1);
            if let Some(i) = open[inner..]
                .iter()
                .rposition(|o| matches!(o, Open::Raw(n) if *n == name))
            {
                open.remove(inner + i);
            }
        } else if !VOID.contains(&name.as_str()) && !tag.trim_end().ends_with('/') {
            open.push(Open::Raw(name));
        }
    }
}

/// `url` with `base_path` in front when `url` is root-relative (one leading `/`) and
/// does not hold the sub-path already (as links written for a sub-path site do).
pub fn with_base_path(url: &str, base_path: &str) -> Option<String> {
    urls::with_base_path(url, base_path)
}

/// `url`, a link target written on the page at `page` (its permalink), as an absolute
/// URL: as written when it has a scheme, else root-relative ones with `base_path` in
/// front ([`with_base_path`]) and the rest joined with `page`. `None` when `page` is no
/// URL or they do not join. For a target written outside the body (front matter `link`),
/// and a quoted passage's source ([`Source::url`]).
pub fn absolute_url(url: &str, base_path: &str, page: &str) -> Option<String> {
    urls::absolute_target(url, base_path, page)
}

/// Writes events as HTML, splitting at the first `<!-- more -->` comment; links and
/// images are written with URL marks ([`urls::write_links`]).
///
/// The comment counts at the top level: alone or first on its line as an HTML block
/// (indented up to three spaces, perhaps followed by more text), or inside a top-level
/// paragraph, also inside emphasis, a link or inline HTML there. The summary is
/// everything before it, with the elements still open there closed, inline HTML ones
/// included (a paragraph split in two ends in `</p>`); the page keeps the whole text.
/// The third value is the comment's byte offset in the body.
fn write_html(
    events: Vec<Spanned>,
    context: &urls::LinkContext,
) -> (String, Option<String>, Option<usize>) {
    let mut out: Vec<Spanned> = Vec::with_capacity(events.len());
    let mut open: Vec<Open> = Vec::new();
    let mut split: Option<(usize, Vec<Open>, usize)> = None;
    for (event, range) in events {
        match &event {
            Event::Start(tag) => open.push(Open::Tag(tag.to_end())),
            Event::End(_) => {
                // Inline HTML left open inside the element ends with it.
                while let Some(Open::Raw(_)) = open.last() {
                    open.pop();
                }
                open.pop();
            }
            Event::InlineHtml(h) if split.is_none() && after_more(h).is_none() => {
                track_inline_html(&mut open, h);
            }
            Event::Html(h) | Event::InlineHtml(h) if split.is_none() && at_top_level(&open) => {
                if let Some(rest) = after_more(h) {
                    // The indentation before an indented comment comes as its own event.
                    while matches!(out.last(), Some((Event::Html(w) | Event::Text(w), _)) if w.trim().is_empty())
                    {
                        out.pop();
                    }
                    split = Some((out.len(), open.clone(), range.start));
                    if !rest.trim().is_empty() {
                        let rest = CowStr::from(rest.to_string());
                        out.push((
                            match event {
                                Event::InlineHtml(_) => Event::InlineHtml(rest),
                                _ => Event::Html(rest),
                            },
                            range,
                        ));
                    }
                    continue;
                }
            }
            _ => {}
        }
        out.push((event, range));
    }
    let more_at = split.as_ref().map(|(_, _, at)| *at);
    let summary = split.map(|(at, open, _)| {
        let mut head: Vec<Spanned> = out[..at].to_vec();
        head.extend(open.into_iter().rev().map(|o| match o {
            Open::Tag(end) => (Event::End(end), 0..0),
            Open::Raw(name) => (Event::InlineHtml(CowStr::from(format!("</{name}>"))), 0..0),
        }));
        let mut summary = String::new();
        pulldown_cmark::html::push_html(
            &mut summary,
            urls::write_links(head, context).into_iter().map(|(e, _)| e),
        );
        summary
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        urls::write_links(out, context).into_iter().map(|(e, _)| e),
    );
    (html, summary, more_at)
}

/// If `html` starts with a `<!-- more -->` comment (any case and spacing), what follows it.
fn after_more(html: &str) -> Option<&str> {
    let rest = html.trim_start().strip_prefix("<!--")?;
    let end = rest.find("-->")?;
    rest[..end]
        .trim()
        .eq_ignore_ascii_case("more")
        .then(|| &rest[end + 3..])
}

/// Counts words (runs of letters, digits and apostrophes) in plain text.
pub fn count_words(text: &str) -> usize {
    // Runs over every post's text: ASCII bytes are classified by a table, and only
    // non-ASCII characters are decoded.
    // 256 entries, so that indexing by a byte needs no bounds check.
    const WORD: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 128 {
            t[b] = (b as u8).is_ascii_alphanumeric() || b == b'\'' as usize;
            b += 1;
        }
        t
    };
    let (mut words, mut in_word) = (0, false);
    let mut rest = text;
    loop {
        let bytes = rest.as_bytes();
        let ascii = bytes
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(bytes.len());
        for &b in &bytes[..ascii] {
            let is_word = WORD[usize::from(b)];
            words += usize::from(is_word && !in_word);
            in_word = is_word;
        }
        let Some(c) = rest[ascii..].chars().next() else {
            break;
        };
        let is_word = c.is_alphanumeric() || c == '’';
        words += usize::from(is_word && !in_word);
        in_word = is_word;
        rest = &rest[ascii + c.len_utf8()..];
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_as_runs_of_letters_digits_and_apostrophes() {
        // The definition, written the slow way.
        let reference = |text: &str| {
            text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .filter(|w| !w.is_empty())
                .count()
        };
        for text in [
            "",
            "one",
            "  two words  ",
            "it's the author’s — 3 × 4 = 12, ok?",
            "naïve café, Ærø; 東京 and Москва!",
            "a-b_c/d'e’f\tg\nh",
            "’’ '' -- ",
        ] {
            assert_eq!(count_words(text), reference(text), "{text:?}");
        }
        assert_eq!(count_words("it's the author’s 3rd"), 4);
    }

    #[test]
    fn own_fragment_links_follow_prefixed_ids() {
        let r = render("# Details\n\nSee [below](#details).\n", &Options::default());
        assert!(
            r.page_html().contains("href=\"#details\""),
            "{}",
            r.page_html()
        );
        assert!(
            r.embedded_html("p-").contains("href=\"#p-details\""),
            "{}",
            r.embedded_html("p-")
        );
        assert!(r.embedded_html("p-").contains("id=\"p-details\""));
        // Ids from the author's raw HTML are not prefixed, nor are links to them.
        let r = render("<span id=\"x\"></span> [to x](#x)\n", &Options::default());
        assert!(
            r.embedded_html("p-").contains("href=\"#x\""),
            "{}",
            r.embedded_html("p-")
        );
    }

    #[test]
    fn root_relative_targets_get_the_base_path() {
        let options = Options {
            base_path: "/blog/".to_string(),
            ..Options::default()
        };
        let r = render(
            "[a](/about/) [b](//cdn.example/x) [c](rel/) ![i](/img/a.png)\n",
            &options,
        );
        let html = r.page_html();
        assert!(html.contains("href=\"/blog/about/\""), "{html}");
        assert!(html.contains("href=\"//cdn.example/x\""), "{html}");
        assert!(html.contains("href=\"rel/\""), "{html}");
        assert!(html.contains("src=\"/blog/img/a.png\""), "{html}");
        // At the root nothing changes, and the links pass keeps what the author wrote.
        assert!(
            render("[a](/about/)\n", &Options::default())
                .page_html()
                .contains("href=\"/about/\"")
        );
        assert_eq!(r.links[0].url, "/about/");
        // A link written with the sub-path already is not prefixed twice.
        let r = render("[p](/blog/posts/a/)\n", &options);
        assert!(
            r.page_html().contains("href=\"/blog/posts/a/\""),
            "{}",
            r.page_html()
        );
    }

    #[test]
    fn resolves_marks() {
        let html = format!(
            "<a id=\"{ID_MARK}x\" href=\"#{ID_MARK}y\">t</a>{SIDENOTE_START}<span id=\"{ID_MARK}s\">n</span>{SIDENOTE_END}!"
        );
        assert_eq!(
            resolve_marks(&html, "p-", true),
            "<a id=\"p-x\" href=\"#p-y\">t</a><span id=\"p-s\">n</span>!"
        );
        assert_eq!(
            resolve_marks(&html, "p-", false),
            "<a id=\"p-x\" href=\"#p-y\">t</a>!"
        );
    }

    /// The char-by-char definition of [`resolve_marks`].
    fn resolve_marks_reference(html: &str, prefix: &str, keep_sidenotes: bool) -> String {
        let mut out = String::new();
        let mut in_sidenote = 0usize;
        for c in html.chars() {
            match c {
                ID_MARK if in_sidenote == 0 || keep_sidenotes => out.push_str(prefix),
                SIDENOTE_START => in_sidenote += 1,
                SIDENOTE_END => in_sidenote = in_sidenote.saturating_sub(1),
                _ if in_sidenote > 0 && !keep_sidenotes => {}
                ID_MARK => {}
                _ => out.push(c),
            }
        }
        out
    }

    #[test]
    fn resolve_marks_matches_its_definition() {
        let pieces = [
            "a", "é", "\u{E005}", "\u{EFFF}", "<p>", "’", "😀", "\u{E000}", "\u{E001}", "\u{E002}",
        ];
        // Every string of up to five pieces: nested, unbalanced and stray marks included.
        let mut inputs = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = inputs
                .iter()
                .flat_map(|s| pieces.iter().map(move |p| format!("{s}{p}")))
                .collect();
            inputs.extend(longer.into_iter().filter(|s| s.chars().count() <= 5));
            inputs.sort();
            inputs.dedup();
        }
        for input in &inputs {
            for keep in [true, false] {
                assert_eq!(
                    resolve_marks(input, "p-", keep),
                    resolve_marks_reference(input, "p-", keep),
                    "{input:?} keep={keep}"
                );
            }
        }
    }

    /// A quoted passage's footer holds its links in one chunk of inline HTML with several
    /// tags; the summary after it used to end in a stray `</span>` for each passage.
    #[test]
    fn summary_after_a_quoted_passage_closes_nothing_extra() {
        let r = render(
            "As [the Ledger](https://ledger.example/a) put it:\n\n> The bridge opens in May.\n\nMore.\n\n<!-- more -->\n\nRest.\n",
            &Options::default(),
        );
        let summary = r.summary.unwrap();
        assert_eq!(
            summary.matches("<span").count(),
            summary.matches("</span>").count(),
            "{summary}"
        );
        assert!(summary.ends_with("<p>More.</p>\n"), "{summary}");
    }

    #[test]
    fn summary_splits_at_more() {
        let r = render("One.\n\n<!-- more -->\n\nTwo.\n", &Options::default());
        assert_eq!(r.summary.as_deref(), Some("<p>One.</p>\n"));
        assert!(r.page_html().contains("<p>Two.</p>"));
    }

    #[test]
    fn summary_splits_at_an_indented_more() {
        let r = render("One.\n\n   <!--more-->\n\nTwo.\n", &Options::default());
        assert_eq!(r.summary.as_deref(), Some("<p>One.</p>\n"));
        assert_eq!(r.page_html(), "<p>One.</p>\n<p>Two.</p>\n");
    }

    #[test]
    fn summary_splits_at_more_with_text_on_its_line() {
        // An HTML block: the rest of the line is raw HTML, as CommonMark reads it.
        let r = render("One.\n\n<!-- more --> <b>Two.</b>\n", &Options::default());
        assert_eq!(r.summary.as_deref(), Some("<p>One.</p>\n"));
        assert_eq!(r.page_html(), "<p>One.</p>\n <b>Two.</b>\n");
    }

    #[test]
    fn summary_splits_at_more_right_after_a_paragraph() {
        let r = render("One.\n<!-- more -->\nTwo.\n", &Options::default());
        assert_eq!(r.summary.as_deref(), Some("<p>One.</p>\n"));
        assert_eq!(r.page_html(), "<p>One.</p>\n<p>Two.</p>\n");
    }

    #[test]
    fn summary_splits_inside_a_paragraph_and_closes_it() {
        let r = render("One <!-- more --> two.\n\nThree.\n", &Options::default());
        assert_eq!(r.summary.as_deref(), Some("<p>One </p>\n"));
        assert_eq!(r.page_html(), "<p>One  two.</p>\n<p>Three.</p>\n");
    }

    /// A summary shown in a list, at another URL than the post's: its relative links
    /// and images lead from the post's page; the rest is as written.
    #[test]
    fn a_summary_elsewhere_resolves_relative_urls_from_the_posts_page() {
        let r = render(
            "![Map](map.png) [up](../b/) [root](/about/) [far](https://x.example/p) [note](#sec) <img src=\"raw.png\">\n\n<!-- more -->\n\nRest.\n",
            &Options::default(),
        );
        let page: url::Url = "https://example.org/blog/posts/a/".parse().unwrap();
        let s = r.embedded_summary("p-", &page).unwrap_or_default();
        let doc = scraper::Html::parse_fragment(&s);
        let attrs = |sel: &str, attr: &str| -> Vec<String> {
            let selector = scraper::Selector::parse(sel).unwrap();
            doc.select(&selector)
                .filter_map(|e| e.attr(attr).map(str::to_string))
                .collect()
        };
        assert_eq!(
            attrs("img", "src"),
            ["/blog/posts/a/map.png", "/blog/posts/a/raw.png"]
        );
        assert_eq!(
            attrs("a", "href"),
            ["/blog/posts/b/", "/about/", "https://x.example/p", "#sec"]
        );
    }

    /// A quoted passage and an update notice copied onto another page (`/quotes/`,
    /// `/updates/`): every relative URL, in-page fragments included, leads from the post's
    /// page; root-relative ones have the base URL's path as on the page.
    #[test]
    fn a_passage_or_notice_apart_resolves_its_urls_from_the_posts_page() {
        let options = Options {
            base_path: "/blog/".to_string(),
            ..Options::default()
        };
        let r = render(
            "> ![Map](map.png) [up](../b/) [root](/about/) [far](https://x.example/p) [note](#sec) <img src=\"raw.png\">\n\n\
             > [!UPDATE] 2026-01-02\n> ![Map](map.png) [up](../b/) [root](/about/) [far](https://x.example/p) [note](#sec) <img src=\"raw.png\">\n\n\
             ## Sec\n",
            &options,
        );
        let page: url::Url = "https://example.org/blog/posts/a/".parse().unwrap();
        let urls = |html: &str| -> (Vec<String>, Vec<String>) {
            let doc = scraper::Html::parse_fragment(html);
            let values = |sel: &str, attr: &str| -> Vec<String> {
                let selector = scraper::Selector::parse(sel).unwrap();
                doc.select(&selector)
                    .filter_map(|e| e.attr(attr).map(str::to_string))
                    .collect()
            };
            (values("a", "href"), values("img", "src"))
        };
        let hrefs_apart = [
            "/blog/posts/b/",
            "/blog/about/",
            "https://x.example/p",
            "/blog/posts/a/#sec",
        ];
        let srcs_apart = ["/blog/posts/a/map.png", "/blog/posts/a/raw.png"];
        let quote = &r.quotes[0];
        let notice = &r.notices[0];
        for (what, marked, on_page) in [
            ("quote", &quote.marked_html, &quote.html),
            ("notice", &notice.marked_html, &notice.html),
        ] {
            let (hrefs, srcs) = urls(&resolve_apart(marked, &page));
            assert_eq!(hrefs, hrefs_apart, "{what}");
            assert_eq!(srcs, srcs_apart, "{what}");
            // On the post's page: as written, root-relative ones with the base path.
            let (hrefs, srcs) = urls(on_page);
            assert_eq!(
                hrefs,
                ["../b/", "/blog/about/", "https://x.example/p", "#sec"],
                "{what}"
            );
            assert_eq!(srcs, ["map.png", "raw.png"], "{what}");
        }
    }

    /// A quote's lead-in and attribution are copied onto `/quotes/` with it.
    #[test]
    fn a_lead_in_and_attribution_keep_url_marks() {
        let options = Options {
            base_path: "/blog/".to_string(),
            ..Options::default()
        };
        let r = render(
            "As [the other post](../b/) put it:\n\n> Words.\n>\n> — [The editor](/people/ed/)\n",
            &options,
        );
        let q = &r.quotes[0];
        let page: url::Url = "https://example.org/blog/posts/a/".parse().unwrap();
        let lead_in = q.marked_lead_in.as_deref().unwrap_or_default();
        let attribution = q.marked_attribution.as_deref().unwrap_or_default();
        assert!(
            resolve_apart(lead_in, &page).contains("href=\"/blog/posts/b/\""),
            "{lead_in}"
        );
        assert!(
            resolve_apart(attribution, &page).contains("href=\"/blog/people/ed/\""),
            "{attribution}"
        );
        assert_eq!(
            q.lead_in.as_deref(),
            Some(resolve_marks(lead_in, "", true).as_str())
        );
        assert_eq!(
            q.attribution.as_deref(),
            Some(resolve_marks(attribution, "", true).as_str())
        );
    }

    #[test]
    fn more_inside_emphasis_or_a_link_splits_and_closes_them() {
        let r = render(
            "One *two <!-- more --> three*.\n\nFour.\n",
            &Options::default(),
        );
        assert_eq!(
            r.embedded_summary("", &"https://example.org/posts/a/".parse().unwrap())
                .as_deref(),
            Some("<p>One <em>two </em></p>\n")
        );
        let r = render("[a <!-- more --> b](/x) c\n", &Options::default());
        assert_eq!(
            r.embedded_summary("", &"https://example.org/posts/a/".parse().unwrap())
                .as_deref(),
            Some("<p><a href=\"/x\">a </a></p>\n")
        );
        let r = render("**a _b <!-- more --> c_ d**\n", &Options::default());
        assert_eq!(
            r.embedded_summary("", &"https://example.org/posts/a/".parse().unwrap())
                .as_deref(),
            Some("<p><strong>a <em>b </em></strong></p>\n")
        );
    }

    #[test]
    fn more_inside_inline_html_closes_it_in_the_summary() {
        let r = render(
            "One <span class=\"x\">two <b>three <!-- more --> four</b></span>.\n",
            &Options::default(),
        );
        assert_eq!(
            r.embedded_summary("", &"https://example.org/posts/a/".parse().unwrap())
                .as_deref(),
            Some("<p>One <span class=\"x\">two <b>three </b></span></p>\n")
        );
        // Void and closed elements before it stay as they are (the image's URL now
        // leads from the post's page).
        let r = render(
            "a<br>b <i>c</i> <img src=\"x.png\"/> <!-- more --> d\n",
            &Options::default(),
        );
        assert_eq!(
            r.embedded_summary("", &"https://example.org/posts/a/".parse().unwrap())
                .as_deref(),
            Some("<p>a<br>b <i>c</i> <img src=\"/posts/a/x.png\"/></p>\n")
        );
    }

    #[test]
    fn more_with_text_after_it_inside_a_quote_is_not_a_split() {
        // Found by the summary property: the HTML block `<!-- more --> word` inside a
        // quote ended the summary inside the quote's `<blockquote>`.
        for src in [
            "> <!-- more --> word\n",
            "> <!-- more --> <!-- more --> word\n",
        ] {
            let r = render(src, &Options::default());
            assert_eq!(r.summary, None, "{src:?}");
            assert!(r.page_html().contains("word"), "{src:?}");
        }
    }

    #[test]
    fn more_inside_a_quote_or_code_is_not_a_split() {
        let r = render(
            "> <!-- more -->\n\n```\n<!-- more -->\n```\n\n    <!-- more -->\n",
            &Options::default(),
        );
        assert_eq!(r.summary, None);
    }

    #[test]
    fn forged_marks_are_neutralised() {
        let r = render(&format!("a{ID_MARK}b"), &Options::default());
        assert_eq!(r.page_html(), "<p>a\u{FFFD}b</p>\n");
    }
}
