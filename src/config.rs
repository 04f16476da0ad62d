//! Site configuration: `gloss.toml`, read in two steps.
//!
//! [`RawConfig`] is what serde reads (every key optional, unknown keys rejected); [`Config`]
//! is the resolved, validated model every later stage uses. A site without `gloss.toml`
//! gets the defaults. This module reads one file and never writes.

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde::Deserialize;
use url::Url;

use crate::content::front_matter::without_controls;
use crate::content::permalink::Pattern;
use crate::diagnostic::{Diagnostic, LineIndex, line_column};

/// The config file's name, at the site root.
pub const CONFIG_FILE: &str = "gloss.toml";

/// `gloss.toml` as written. Every key is optional; an unknown key is an error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// Site title.
    pub title: Option<String>,
    /// Absolute URL the site is served from, e.g. `https://example.org/blog/`.
    pub base_url: Option<String>,
    /// One-sentence site description (home page meta description, feed subtitle).
    pub description: Option<String>,
    /// Default author of posts that name none.
    pub author: Option<String>,
    /// BCP 47 language tag for `<html lang>`.
    pub language: Option<String>,
    /// IANA time zone for dates written without an offset, e.g. `America/Chicago`.
    pub timezone: Option<String>,
    /// Name of a theme under `themes/`; the embedded default theme when absent.
    pub theme: Option<String>,
    /// The site's icon: a path under the site (`/icon.png`, a file in `static/`) or an
    /// absolute URL. The default theme's `favicon.svg` when absent.
    pub icon: Option<String>,
    /// Folder of the Markdown sources, relative to the site root or absolute (default
    /// `content`): `gloss import --in-place` points it at the old site's content folder.
    pub content_dir: Option<String>,
    /// Posts per section page; 0 means no pagination.
    pub paginate_by: Option<usize>,
    /// Headings a post needs for the default theme to show its table of contents
    /// (default 3; 0 = never, unless a post says `toc: true`).
    pub toc_min_headings: Option<usize>,
    /// Related posts shown under a post (default 5; 0 = none).
    pub related_posts: Option<usize>,
    /// The taxonomies posts are grouped by (default `["tags"]`), each with its index,
    /// term pages and a feed per term.
    pub taxonomies: Option<Vec<String>>,
    /// Entries per feed; 0 means all.
    pub feed_limit: Option<usize>,
    /// Feed formats written: `"atom"`, `"rss"`, `"json"` (default `["atom", "rss"]`).
    pub feeds: Option<toml::Spanned<Vec<String>>>,
    /// What a feed entry holds: `"full"` (the whole post, the default) or `"summary"`.
    pub feed_content: Option<String>,
    /// Markdown options.
    pub markdown: Option<RawMarkdown>,
    /// How heading ids are made from heading text: `"github"` (default) or `"zola"`.
    pub heading_ids: Option<String>,
    /// Write a `_redirects` file (Netlify, Cloudflare Pages) for `aliases` (default false).
    pub redirects_file: Option<bool>,
    /// Redirects declared outside front matter: old path → new path, content file or
    /// absolute URL. Kept with their places in the file, for messages.
    pub redirects: Option<std::collections::BTreeMap<toml::Spanned<String>, toml::Spanned<String>>>,
    /// Write a Pagefind search index and the `/search/` page (default true with the
    /// embedded default theme, false with a theme of the site's own).
    pub search: Option<bool>,
    /// `gloss check` options.
    pub link_checker: Option<RawLinkChecker>,
    /// Image options (resized versions, figures, sharing cards).
    pub images: Option<RawImages>,
    /// URL patterns by section (`posts = "/:year/:month/:day/:slug/"`), or Hugo's
    /// `[permalinks.page]` table of them. Kept with their places in the file, for messages.
    pub permalinks: Option<std::collections::BTreeMap<String, toml::Spanned<toml::Value>>>,
    /// `/quotes/` options.
    pub quotes: Option<RawQuotes>,
    /// Sharing options (Open Graph, Twitter/X cards, the fediverse).
    pub sharing: Option<RawSharing>,
    /// Free map passed to templates as `config.extra`.
    pub extra: Option<toml::Table>,
}

/// The `[link_checker]` table as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLinkChecker {
    /// Hosts whose links `gloss check --external` does not request (e.g. sites that
    /// refuse robots); a name also covers its subdomains.
    pub skip_hosts: Option<Vec<String>>,
    /// Seconds to wait for one request (default 10).
    pub timeout: Option<u64>,
    /// Extra tries after a timeout, a refused connection, 429 or a 5xx (default 2).
    pub retries: Option<u32>,
    /// Requests in flight to one host at a time (default 2).
    pub per_host: Option<usize>,
}

/// The `[sharing]` table as written (see docs/configuration.md).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSharing {
    /// The author's fediverse handle, `@name@server`, for `fediverse:creator`.
    pub fediverse_creator: Option<String>,
    /// The site's X (Twitter) handle, `@name`, for `twitter:site`.
    pub twitter_site: Option<String>,
}

/// The `[quotes]` table as written (see docs/configuration.md).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuotes {
    /// Up to this many passages, `/quotes/` shows them all (default 500).
    pub one_page_max: Option<usize>,
    /// Passages per page of a source's own page (default 50; 0 = one page).
    pub paginate_by: Option<usize>,
    /// Sources per page of `/quotes/` as an index (default 200; 0 = one page).
    pub index_paginate_by: Option<usize>,
}

/// The `[images]` table as written (see docs/images.md).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawImages {
    /// Widths in pixels of the resized versions (default `[480, 960, 1600]`).
    pub widths: Option<Vec<u32>>,
    /// Formats of the resized versions: `"source"` (the image's own format) and/or
    /// `"webp"` (default both).
    pub formats: Option<Vec<String>>,
    /// JPEG quality of resized versions, 1 to 100 (default 80).
    pub quality: Option<u8>,
    /// The `sizes` attribute written beside `srcset`.
    pub sizes: Option<String>,
    /// A titled image alone in its paragraph becomes a `<figure>` (default true).
    pub figures: Option<bool>,
    /// Images with more pixels than this are not decoded (default 40,000,000).
    pub max_pixels: Option<u64>,
    /// Folder of the image cache, relative to the site root (default `.gloss-cache`).
    pub cache_dir: Option<String>,
    /// Generate a sharing card for each post without an image (default true).
    pub cards: Option<bool>,
    /// Sharing card colours, `#rrggbb`: background, text and accent.
    pub card_background: Option<String>,
    /// The card's text colour.
    pub card_text: Option<String>,
    /// The card's accent colour (the rule and the site name).
    pub card_accent: Option<String>,
}

/// The `[markdown]` table as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMarkdown {
    /// Curly quotes, dashes and ellipses (default true).
    pub smart_punctuation: Option<bool>,
    /// Syntax highlighting of fenced code (default true).
    pub highlight_code: Option<bool>,
}

/// The resolved configuration. Two configs are equal when every resolved value is (the
/// preview server's cache is kept while the config stays equal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The site root: the folder holding `content/` and, optionally, `gloss.toml`.
    pub root: PathBuf,
    /// Site title (default "My gloss site").
    pub title: String,
    /// Base URL, always ending in `/` (default `http://127.0.0.1:1111/`).
    pub base_url: Url,
    /// Whether the base URL was given (by gloss.toml or [`Config::replace_base_url`]);
    /// else `base_url` is the preview's address.
    pub base_url_set: bool,
    /// Site description (default empty).
    pub description: String,
    /// Default author (default empty: no author shown).
    pub author: String,
    /// Language tag as written, tidied (`pt-BR`; default `en`).
    pub language: String,
    /// The language's strings and date formats: the shipped language of `language`,
    /// with the site's `i18n/LANG.toml` laid over it.
    pub i18n: std::sync::Arc<crate::i18n::Language>,
    /// The other languages pages are written in (front matter `language`), loaded as
    /// pages name them.
    pub languages: std::sync::Arc<crate::i18n::Languages>,
    /// Time zone for dates written without an offset (default UTC).
    pub timezone: TimeZone,
    /// The time zone's IANA name as configured (default `UTC`).
    pub timezone_name: String,
    /// Theme name, `None` for the embedded default theme.
    pub theme: Option<String>,
    /// Posts per section page (default 10; 0 = no pagination).
    pub paginate_by: usize,
    /// Headings a post needs for its table of contents to show (default 3; 0 = only
    /// posts with `toc: true`).
    pub toc_min_headings: usize,
    /// Most related posts a post gets (`page.related`); 0 = none.
    pub related_posts: usize,
    /// The taxonomies, in the order written (default `["tags"]`): each a name that is its
    /// URL segment (`/categories/`). `categories` configured keeps Jekyll's categories
    /// apart from the tags; `series` orders its terms' posts as parts.
    pub taxonomies: Vec<String>,
    /// Entries per feed (default 20; 0 = all).
    pub feed_limit: usize,
    /// Feed formats written, in the order given, without repeats (default Atom, RSS).
    pub feeds: Vec<FeedFormat>,
    /// What a feed entry holds (default the whole post).
    pub feed_content: FeedContent,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// Write a `_redirects` file for `aliases` (default false).
    pub redirects_file: bool,
    /// `[redirects]`: old paths that redirect elsewhere, sorted by old path.
    pub redirects: Vec<Redirect>,
    /// Write the search index (`/pagefind/`) and the search page (`/search/`); default
    /// true with the embedded default theme, which has the search page and box.
    pub search: bool,
    /// `gloss check` options.
    pub link_checker: LinkCheckerConfig,
    /// Image options.
    pub images: ImagesConfig,
    /// URL patterns by section (`[permalinks]`).
    pub permalinks: Permalinks,
    /// `/quotes/` options.
    pub quotes: QuotesConfig,
    /// `[sharing]` options.
    pub sharing: SharingConfig,
    /// `[extra]` as JSON, for templates.
    pub extra: serde_json::Value,
    /// The site's icon as written in `icon` (a path under the site or an absolute URL),
    /// or None for the theme's `favicon.svg`.
    pub icon: Option<String>,
    /// The folder of the Markdown sources as written in `content_dir`, relative to the
    /// root or absolute (default `content`); see [`Config::content_dir`].
    pub content: PathBuf,
    /// Build posts dated in the future, and expired ones (`--future`; not a gloss.toml
    /// key: a published site holds them back).
    pub future: bool,
}

/// A feed format (`feeds` in gloss.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedFormat {
    /// Atom (RFC 4287): `atom.xml`.
    Atom,
    /// RSS 2.0 (<https://www.rssboard.org/rss-specification>): `rss.xml`.
    Rss,
    /// JSON Feed 1.1 (<https://www.jsonfeed.org/version/1.1/>): `feed.json`.
    Json,
}

impl FeedFormat {
    /// Every format, in the order the docs list them.
    pub const ALL: [FeedFormat; 3] = [FeedFormat::Atom, FeedFormat::Rss, FeedFormat::Json];

    /// The name written in gloss.toml (`atom`, `rss`, `json`).
    pub fn key(self) -> &'static str {
        match self {
            FeedFormat::Atom => "atom",
            FeedFormat::Rss => "rss",
            FeedFormat::Json => "json",
        }
    }

    /// The feed's file name beside the page it mirrors, and its template's name.
    pub fn file_name(self) -> &'static str {
        match self {
            FeedFormat::Atom => "atom.xml",
            FeedFormat::Rss => "rss.xml",
            FeedFormat::Json => "feed.json",
        }
    }

    /// The updates feed's file name at the site root, and its template's name.
    pub fn updates_file_name(self) -> &'static str {
        match self {
            FeedFormat::Atom => "updates.xml",
            FeedFormat::Rss => "updates.rss",
            FeedFormat::Json => "updates.json",
        }
    }

    /// The media type for `<link rel="alternate" type=…>`.
    pub fn media_type(self) -> &'static str {
        match self {
            FeedFormat::Atom => "application/atom+xml",
            FeedFormat::Rss => "application/rss+xml",
            FeedFormat::Json => "application/feed+json",
        }
    }
}

/// What a feed entry holds (`feed_content` in gloss.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedContent {
    /// The whole post.
    Full,
    /// The part before `<!-- more -->` (nothing but the description when the post has
    /// no such line).
    Summary,
}

/// Whether `text` is `@name@server` (a fediverse handle, as Mastodon reads
/// `fediverse:creator`).
fn is_fediverse_handle(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('@') else {
        return false;
    };
    match rest.split_once('@') {
        Some((name, server)) => {
            !name.is_empty()
                && server.contains('.')
                && !server.contains(['@', '/', ' '])
                && !name.contains([' ', '/'])
        }
        None => false,
    }
}

/// `feeds = [...]` resolved: known names, in order, without repeats; an unknown name is
/// an error at the key.
fn resolve_feeds(
    formats: &toml::Spanned<Vec<String>>,
    text: &str,
) -> Result<Vec<FeedFormat>, Diagnostic> {
    let mut out = Vec::new();
    for name in formats.get_ref() {
        let Some(format) = FeedFormat::ALL.into_iter().find(|f| f.key() == name) else {
            let (line, column) = line_column(text, formats.span().start);
            return Err(Diagnostic::error(
                CONFIG_FILE,
                format!("unknown feed format {name:?} in `feeds`"),
            )
            .at(line, column)
            .with_help(
                "the formats are \"atom\", \"rss\" and \"json\"; write `feeds = []` for no feeds",
            ));
        };
        if !out.contains(&format) {
            out.push(format);
        }
    }
    Ok(out)
}

/// Resolved `[markdown]` options.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MarkdownConfig {
    /// Curly quotes, dashes and ellipses.
    pub smart_punctuation: bool,
    /// Syntax highlighting of fenced code.
    pub highlight_code: bool,
    /// The rule for heading ids (top-level `heading_ids`; default GitHub's).
    pub heading_ids: crate::markdown::HeadingIds,
}

/// Resolved `[link_checker]` options, for `gloss check --external`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCheckerConfig {
    /// Hosts not requested, lowercase; each also covers its subdomains.
    pub skip_hosts: Vec<String>,
    /// Time allowed for one request, redirects included.
    pub timeout: std::time::Duration,
    /// Extra tries after a timeout, a failed connection, 429 or a 5xx.
    pub retries: u32,
    /// Requests in flight to one host at a time (at least 1).
    pub per_host: usize,
}

/// Resolved `[sharing]` options: handles for the sharing tags of every page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SharingConfig {
    /// `@name@server`, or empty.
    pub fediverse_creator: String,
    /// `@name`, or empty.
    pub twitter_site: String,
}

/// Resolved `[quotes]` options: when `/quotes/` becomes an index of sources.
///
/// A site with up to `one_page_max` distinct passages gets every passage on `/quotes/`,
/// grouped by source. Above it, `/quotes/` lists the sources (name, passage count,
/// newest date) and each source quoted across posts gets pages of its own,
/// `/quotes/SLUG/`, `paginate_by` passages each: a ten-year blog's every passage on one
/// page would be tens of megabytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QuotesConfig {
    /// Most passages shown on `/quotes/` itself (default 500).
    pub one_page_max: usize,
    /// Passages per page of a source's page (default 50; 0 = one page).
    pub paginate_by: usize,
    /// Sources per page of `/quotes/` as an index (default 200; 0 = one page).
    pub index_paginate_by: usize,
}

impl Default for QuotesConfig {
    fn default() -> Self {
        QuotesConfig {
            one_page_max: 500,
            paginate_by: 50,
            index_paginate_by: 200,
        }
    }
}

/// Resolved `[images]` options (see docs/images.md).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImagesConfig {
    /// Widths in pixels of the resized versions, ascending, without duplicates.
    pub widths: Vec<u32>,
    /// Keep resized versions in the image's own format.
    pub source_format: bool,
    /// Also make WebP versions.
    pub webp: bool,
    /// JPEG quality, 1 to 100.
    pub quality: u8,
    /// The `sizes` attribute written beside `srcset`.
    pub sizes: String,
    /// A titled image alone in its paragraph becomes a `<figure>` with a `<figcaption>`.
    pub figures: bool,
    /// Images with more pixels (width × height, read from the file's header) are not
    /// decoded: a guard against decompression bombs.
    pub max_pixels: u64,
    /// The cache folder, relative to the site root.
    pub cache_dir: PathBuf,
    /// Generate sharing cards for posts without an image.
    pub cards: bool,
    /// Card colours as RGB: background, text, accent.
    pub card_colours: [[u8; 3]; 3],
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            widths: vec![480, 960, 1600],
            source_format: true,
            webp: true,
            quality: 80,
            sizes: "(min-width: 45rem) 40rem, 100vw".to_string(),
            figures: true,
            max_pixels: 40_000_000,
            cache_dir: PathBuf::from(".gloss-cache"),
            cards: true,
            // The default theme's light colours: --bg, --text, --link.
            card_colours: [[0xfb, 0xfa, 0xf7], [0x1d, 0x1f, 0x22], [0x0b, 0x57, 0xa4]],
        }
    }
}

/// `#rrggbb` (or `rrggbb`) as RGB.
fn parse_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.trim().trim_start_matches('#');
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

impl Default for LinkCheckerConfig {
    fn default() -> Self {
        LinkCheckerConfig {
            skip_hosts: Vec::new(),
            timeout: std::time::Duration::from_secs(10),
            retries: 2,
            per_host: 2,
        }
    }
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            highlight_code: true,
            heading_ids: crate::markdown::HeadingIds::default(),
        }
    }
}

impl Config {
    /// The defaults for a site rooted at `root` (what a site without `gloss.toml` gets).
    pub fn default_for(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Config {
            languages: std::sync::Arc::new(crate::i18n::Languages::new(&root)),
            root,
            title: "My gloss site".to_string(),
            base_url: Url::parse(PREVIEW_BASE_URL).expect("the preview's address is a URL"),
            base_url_set: false,
            description: String::new(),
            author: String::new(),
            language: crate::i18n::DEFAULT.to_string(),
            i18n: std::sync::Arc::new(crate::i18n::Language::default()),
            timezone: TimeZone::UTC,
            timezone_name: "UTC".to_string(),
            theme: None,
            paginate_by: 10,
            toc_min_headings: 3,
            related_posts: 5,
            taxonomies: vec!["tags".to_string()],
            feed_limit: 20,
            feeds: vec![FeedFormat::Atom, FeedFormat::Rss],
            feed_content: FeedContent::Full,
            markdown: MarkdownConfig::default(),
            redirects_file: false,
            redirects: Vec::new(),
            search: true,
            link_checker: LinkCheckerConfig::default(),
            images: ImagesConfig::default(),
            permalinks: Permalinks::default(),
            quotes: QuotesConfig::default(),
            sharing: SharingConfig::default(),
            extra: serde_json::Value::Object(serde_json::Map::default()),
            icon: None,
            content: PathBuf::from("content"),
            future: false,
        }
    }

    /// Reads `root/gloss.toml` if it exists and resolves it.
    ///
    /// Errors: unreadable file, invalid TOML, an unknown key, a wrong type, a base URL
    /// that is not absolute http(s), an unknown time zone — each located at
    /// `gloss.toml:line:column` where TOML gives a span.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Config::default_for(root));
            }
            Err(e) => {
                return Err(Diagnostic::error(
                    CONFIG_FILE,
                    format!("cannot read the config file: {e}"),
                ));
            }
        };
        Config::parse(root, &text)
    }

    /// Parses and resolves config text (see [`Config::load`]).
    pub fn parse(root: &Path, text: &str) -> Result<Config, Diagnostic> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let message = e.message().trim_end();
            // serde says "unknown field `x`, expected one of `a`, `b`": say it in gloss's words.
            let mut d = match message.strip_prefix("unknown field ") {
                Some(rest) => {
                    let (key, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
                    let expected = expected.strip_prefix("one of ").unwrap_or(expected);
                    // serde names each key in backticks: `title`, `base_url` or `extra`.
                    let keys = expected.split('`').skip(1).step_by(2);
                    let help = match crate::diagnostic::did_you_mean(key.trim_matches('`'), keys) {
                        Some(near) => format!(
                            "did you mean `{near}`? The keys here are {expected}; put your own values under [extra]"
                        ),
                        None => format!(
                            "the keys here are {expected}; put your own values under [extra]"
                        ),
                    };
                    Diagnostic::error(CONFIG_FILE, format!("unknown key {key} in gloss.toml"))
                        .with_help(help)
                }
                None => Diagnostic::error(
                    CONFIG_FILE,
                    format!("invalid gloss.toml: {}", plain_serde_words(message)),
                )
                .with_help("see docs/configuration.md for the keys gloss.toml accepts"),
            };
            if let Some(span) = e.span() {
                let (line, column) = line_column(text, span.start);
                d = d.at(line, column);
            }
            d
        })?;
        Config::resolve(root, raw, text)
    }

    fn resolve(root: &Path, raw: RawConfig, text: &str) -> Result<Config, Diagnostic> {
        let mut config = Config::default_for(root);
        let at_key = |key: &str, message: String| {
            let mut d = Diagnostic::error(CONFIG_FILE, message);
            if let Some(offset) = find_key(text, key) {
                let (line, column) = line_column(text, offset);
                d = d.at(line, column);
            }
            d
        };
        // Located at the value, after `key =`.
        let at_value = |key: &str, message: String| {
            let mut d = Diagnostic::error(CONFIG_FILE, message);
            if let Some(offset) = find_key(text, key) {
                let line_end = text[offset..].find('\n').map_or(text.len(), |e| offset + e);
                let value = text[offset..line_end]
                    .find('=')
                    .map(|eq| {
                        let after = offset + eq + 1;
                        after
                            + (text[after..line_end].len()
                                - text[after..line_end].trim_start().len())
                    })
                    .unwrap_or(offset);
                let (line, column) = line_column(text, value);
                d = d.at(line, column);
            }
            d
        };
        // TOML escapes (`"\u0007"`) can put characters in text that feeds cannot hold.
        if let Some(title) = raw.title {
            config.title = without_controls(title);
        }
        if let Some(url) = raw.base_url {
            config.base_url = normalize_base_url(&url).map_err(|why| {
                at_key("base_url", format!("base_url {url:?} is not usable: {why}"))
                    .with_help("write an absolute URL such as \"https://example.org/\" or \"https://user.github.io/blog/\"")
            })?;
            config.base_url_set = true;
        }
        if let Some(description) = raw.description {
            config.description = without_controls(description);
        }
        if let Some(author) = raw.author {
            config.author = without_controls(author);
        }
        let language = raw.language.as_deref().unwrap_or(crate::i18n::DEFAULT);
        let loaded = crate::i18n::Language::load(root, language)?;
        let i18n = loaded.map_err(|why| {
            let (message, help) = crate::i18n::unusable(language, &why);
            at_value("language", message).with_help(help)
        })?;
        config.language = i18n.tag().to_string();
        config.i18n = std::sync::Arc::new(i18n);
        if let Some(tz) = raw.timezone {
            config.timezone = TimeZone::get(&tz).map_err(|e| {
                at_key("timezone", format!("unknown time zone {tz:?}: {e}")).with_help(
                    "use an IANA name such as \"UTC\", \"Europe/Paris\" or \"America/Chicago\"",
                )
            })?;
            config.timezone_name = tz;
        }
        if let Some(dir) = raw.content_dir {
            if dir.trim().is_empty() {
                return Err(
                    at_key("content_dir", "content_dir is empty".to_string()).with_help(
                        "name the folder of the posts, such as \"content\", or remove the line",
                    ),
                );
            }
            config.content = PathBuf::from(dir);
        }
        // A theme of the site's own may have no search page or box: it asks for search.
        config.search = raw.search.unwrap_or(raw.theme.is_none());
        config.theme = raw.theme;
        if let Some(n) = raw.paginate_by {
            config.paginate_by = n;
        }
        if let Some(n) = raw.toc_min_headings {
            config.toc_min_headings = n;
        }
        if let Some(n) = raw.related_posts {
            config.related_posts = n;
        }
        if let Some(names) = raw.taxonomies {
            config.taxonomies = taxonomies(names)
                .map_err(|(message, help)| at_key("taxonomies", message).with_help(help))?;
        }
        if let Some(n) = raw.feed_limit {
            config.feed_limit = n;
        }
        if let Some(formats) = raw.feeds {
            config.feeds = resolve_feeds(&formats, text)?;
        }
        if let Some(content) = raw.feed_content {
            config.feed_content = match content.as_str() {
                "full" => FeedContent::Full,
                "summary" => FeedContent::Summary,
                _ => {
                    return Err(at_key(
                        "feed_content",
                        format!("unknown feed_content {content:?}"),
                    )
                    .with_help("write \"full\" (the whole post) or \"summary\" (the part before `<!-- more -->`)"));
                }
            };
        }
        if let Some(md) = raw.markdown {
            if let Some(v) = md.smart_punctuation {
                config.markdown.smart_punctuation = v;
            }
            if let Some(v) = md.highlight_code {
                config.markdown.highlight_code = v;
            }
        }
        if let Some(style) = raw.heading_ids {
            config.markdown.heading_ids = match style.as_str() {
                "github" => crate::markdown::HeadingIds::Github,
                "zola" => crate::markdown::HeadingIds::Zola,
                _ => {
                    return Err(at_key(
                        "heading_ids",
                        format!("unknown heading_ids {style:?}"),
                    )
                    .with_help("write \"github\" (`What's new` → `whats-new`, the default) or \"zola\" (`what-s-new`)"));
                }
            };
        }
        if let Some(v) = raw.redirects_file {
            config.redirects_file = v;
        }
        if let Some(table) = raw.redirects {
            config.redirects = resolve_redirects(table, text)?;
        }
        if let Some(q) = raw.quotes {
            if let Some(n) = q.one_page_max {
                config.quotes.one_page_max = n;
            }
            if let Some(n) = q.paginate_by {
                config.quotes.paginate_by = n;
            }
            if let Some(n) = q.index_paginate_by {
                config.quotes.index_paginate_by = n;
            }
        }
        if let Some(sharing) = raw.sharing {
            let handle =
                |h: Option<String>| without_controls(h.unwrap_or_default().trim().to_string());
            config.sharing.fediverse_creator = handle(sharing.fediverse_creator);
            config.sharing.twitter_site = handle(sharing.twitter_site);
            let creator = &config.sharing.fediverse_creator;
            if !creator.is_empty() && !is_fediverse_handle(creator) {
                return Err(at_key(
                    "fediverse_creator",
                    format!("sharing.fediverse_creator {creator:?} is not a fediverse handle"),
                )
                .with_help("write it as @name@server, such as \"@ann@mastodon.social\""));
            }
        }
        // An empty `icon` is the default icon, as if the line were not there.
        config.icon = raw
            .icon
            .map(|i| i.trim().to_string())
            .filter(|i| !i.is_empty());
        if let Some(lc) = raw.link_checker {
            if let Some(hosts) = lc.skip_hosts {
                config.link_checker.skip_hosts = hosts
                    .iter()
                    .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
                    .filter(|h| !h.is_empty())
                    .collect();
            }
            if let Some(secs) = lc.timeout {
                if secs == 0 {
                    return Err(at_key(
                        "timeout",
                        "link_checker.timeout must be at least 1 second".to_string(),
                    ));
                }
                config.link_checker.timeout = std::time::Duration::from_secs(secs);
            }
            if let Some(n) = lc.retries {
                config.link_checker.retries = n;
            }
            if let Some(n) = lc.per_host {
                config.link_checker.per_host = n.max(1);
            }
        }
        if let Some(images) = raw.images {
            resolve_images(&mut config.images, images, &at_key)?;
        }
        if let Some(table) = raw.permalinks {
            config.permalinks = resolve_permalinks(table, text)?;
        }
        if let Some(extra) = raw.extra {
            config.extra = serde_json::to_value(extra).unwrap_or_default();
        }
        Ok(config)
    }

    /// Replaces the base URL for one run (`--base-url`, the preview server's address).
    ///
    /// Errors: `url` is not usable as a base URL (see [`normalize_base_url`]); the
    /// diagnostic names `--base-url`.
    pub fn replace_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        self.base_url = normalize_base_url(url).map_err(|why| {
            Diagnostic::error("--base-url", format!("{url:?} is not usable: {why}"))
        })?;
        self.base_url_set = true;
        Ok(())
    }

    /// Folder of the Markdown sources: `root/content`, or `content_dir` from gloss.toml
    /// (joined to the root when relative).
    pub fn content_dir(&self) -> PathBuf {
        self.root.join(&self.content)
    }

    /// The base URL's path, always starting and ending with `/` (e.g. `/blog/`).
    pub fn base_path(&self) -> &str {
        self.base_url.path()
    }

    /// The absolute URL of a site path such as `/posts/a/`: the path put after the base
    /// URL's own path. Site paths are kept as the pages link them (a Unicode slug as
    /// written, which browsers show as written); `Url::join` would percent-encode them
    /// and read a `:` in a slug as a scheme.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url.as_str(), path.trim_start_matches('/'))
    }

    /// Whether `taxonomies` lists `name`.
    pub fn has_taxonomy(&self, name: &str) -> bool {
        self.taxonomies.iter().any(|t| t == name)
    }

    /// The root-relative URL of a site path, with the base URL's sub-path (e.g. `/blog/posts/a/`).
    pub fn url_path(&self, path: &str) -> String {
        format!("{}{}", self.base_path(), path.trim_start_matches('/'))
    }
}

/// Resolves `[images]` onto the defaults; `at_key` locates an error at its key.
fn resolve_images(
    images: &mut ImagesConfig,
    raw: RawImages,
    at_key: &dyn Fn(&str, String) -> Diagnostic,
) -> Result<(), Diagnostic> {
    if let Some(mut widths) = raw.widths {
        if widths.contains(&0) {
            return Err(at_key(
                "widths",
                "images.widths must be whole numbers above 0".into(),
            ));
        }
        widths.sort_unstable();
        widths.dedup();
        images.widths = widths;
    }
    if let Some(formats) = raw.formats {
        images.source_format = false;
        images.webp = false;
        for format in &formats {
            match format.as_str() {
                "source" => images.source_format = true,
                "webp" => images.webp = true,
                other => {
                    return Err(at_key(
                        "formats",
                        format!("unknown image format {other:?} in images.formats"),
                    )
                    .with_help("the formats are \"source\" and \"webp\""));
                }
            }
        }
    }
    if let Some(q) = raw.quality {
        if !(1..=100).contains(&q) {
            return Err(at_key(
                "quality",
                "images.quality must be from 1 to 100".into(),
            ));
        }
        images.quality = q;
    }
    if let Some(sizes) = raw.sizes {
        images.sizes = sizes;
    }
    if let Some(v) = raw.figures {
        images.figures = v;
    }
    if let Some(v) = raw.max_pixels {
        images.max_pixels = v;
    }
    if let Some(dir) = raw.cache_dir {
        images.cache_dir = PathBuf::from(dir);
    }
    if let Some(v) = raw.cards {
        images.cards = v;
    }
    let colours = [
        ("card_background", raw.card_background),
        ("card_text", raw.card_text),
        ("card_accent", raw.card_accent),
    ];
    for (i, (key, value)) in colours.into_iter().enumerate() {
        if let Some(text) = value {
            images.card_colours[i] = parse_colour(&text).ok_or_else(|| {
                at_key(key, format!("images.{key} {text:?} is not a colour"))
                    .with_help("write it as \"#rrggbb\", e.g. \"#1d1f22\"")
            })?;
        }
    }
    Ok(())
}

/// Resolved `[permalinks]`: a URL pattern per section, and the lines gloss read but
/// does not use (reported as warnings when the content is loaded).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Permalinks {
    /// The patterns, sorted by section.
    pub rules: Vec<PermalinkRule>,
    /// Hugo's `[permalinks.section]`, `.taxonomy`, `.term` and `.home` entries: gloss
    /// gives those pages its own URLs. As (`permalinks.KIND.KEY`, 1-based line).
    pub ignored: Vec<(String, usize)>,
}

/// One `[permalinks]` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermalinkRule {
    /// The section it is for, as a folder path under `content/` (`posts`, `posts/rust`;
    /// `""` for top-level pages, written `"/"`).
    pub section: String,
    /// The pattern.
    pub pattern: Pattern,
    /// 1-based line in gloss.toml, for messages.
    pub line: usize,
}

impl Permalinks {
    /// The rule for pages of `section`: its own, else its nearest parent section's (a
    /// rule for `posts` also covers `posts/rust`, as in Hugo). Top-level pages (`""`)
    /// only follow a rule written for them.
    pub fn for_section(&self, section: &str) -> Option<&PermalinkRule> {
        let find = |s: &str| self.rules.iter().find(|r| r.section == s);
        let mut name = section;
        loop {
            if let Some(rule) = find(name) {
                return Some(rule);
            }
            name = &name[..name.rfind('/')?];
        }
    }
}

/// Reads `[permalinks]`: `SECTION = "PATTERN"` lines, and Hugo's `[permalinks.page]`
/// table of them; `text` is the file, for locating errors.
///
/// Errors: a value that is not text, or a pattern with an unknown token (located at the
/// token).
fn resolve_permalinks(
    table: std::collections::BTreeMap<String, toml::Spanned<toml::Value>>,
    text: &str,
) -> Result<Permalinks, Diagnostic> {
    let mut permalinks = Permalinks::default();
    let line_at = |offset: usize| line_column(text, offset);
    let mut add = |key: &str, value: &str, start: Option<usize>| -> Result<(), Diagnostic> {
        let section = key.trim().trim_matches('/').to_string();
        let value_start = start.or_else(|| find_key(text, key).map(|o| o + key.len()));
        let (line, _) = value_start.map_or((1, 1), line_at);
        let pattern = Pattern::parse(value).map_err(|e| {
            // The token's place: after the opening quote of the value.
            let (line, column) = match start {
                Some(s) => line_at(s + 1 + e.offset),
                None => (line, 1),
            };
            Diagnostic::error(
                CONFIG_FILE,
                format!(
                    "{} in the [permalinks] pattern {value:?} for {}",
                    e.message,
                    if section.is_empty() { "top-level pages".to_string() } else { format!("the section {section}") }
                ),
            )
            .at(line, column)
            .with_help(
                "the tokens are :year :month :day :slug :title :section :filename :categories and the others listed in docs/configuration.md",
            )
        })?;
        permalinks.rules.push(PermalinkRule {
            section,
            pattern,
            line,
        });
        Ok(())
    };
    for (key, spanned) in &table {
        let start = spanned.span().start;
        match spanned.get_ref() {
            toml::Value::String(s) => add(key, s, Some(start))?,
            toml::Value::Table(inner) => {
                for (k, v) in inner {
                    let Some(s) = v.as_str() else {
                        return Err(not_a_pattern(text, &format!("{key}.{k}"), k));
                    };
                    if key == "page" {
                        add(k, s, None)?;
                    } else if ["section", "taxonomy", "term", "home"].contains(&key.as_str()) {
                        let line = find_key(text, k).map_or(line_at(start).0, |o| line_at(o).0);
                        permalinks
                            .ignored
                            .push((format!("permalinks.{key}.{k}"), line));
                    } else {
                        return Err(not_a_pattern(text, key, key));
                    }
                }
            }
            _ => return Err(not_a_pattern(text, key, key)),
        }
    }
    permalinks.rules.sort_by(|a, b| a.section.cmp(&b.section));
    Ok(permalinks)
}

/// The error for a `[permalinks]` value that is not a pattern.
fn not_a_pattern(text: &str, what: &str, key: &str) -> Diagnostic {
    let mut d = Diagnostic::error(
        CONFIG_FILE,
        format!("permalinks.{what} must be a pattern in quotes"),
    )
    .with_help("write one line per section: posts = \"/:year/:month/:day/:slug/\"");
    if let Some(offset) = find_key(text, key) {
        let (line, column) = line_column(text, offset);
        d = d.at(line, column);
    }
    d
}

/// One `[redirects]` line: an old URL of the site that redirects elsewhere, as an
/// `aliases` entry in a page's front matter does, for pages whose files cannot be edited
/// (`gloss import` copies posts byte for byte and writes these instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The old site path, made as an alias's is: `/old/path/`, or `/old.html` for a key
    /// ending in `.html` or `.htm`.
    pub from: String,
    /// Where it goes.
    pub to: RedirectTarget,
    /// 1-based line and column of the key in gloss.toml, for messages about `from`.
    pub at: (usize, usize),
    /// 1-based line and column of the value in gloss.toml, for messages about `to`.
    pub to_at: (usize, usize),
}

/// Where a `[redirects]` line points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectTarget {
    /// A site path (`/posts/a/`, `/atom.xml`): something the build writes.
    Path(String),
    /// A Markdown file under the content folder (`posts/2017-05-09-a.md`): the URL that
    /// page gets, whatever pattern gives it.
    File(PathBuf),
    /// An absolute `http(s)` URL, outside the site.
    Url(String),
}

/// Reads `[redirects]`: `"/old/path/" = "TARGET"` lines, a target being a site path
/// (starting with `/`), an absolute URL, or a file under the content folder. `text` is
/// the file, for locating errors. Whether a target exists is known only once the site is
/// planned (see `site::aliases`).
///
/// Errors: an old path that is empty or the home page, or that [`url_path_problem`]
/// refuses (located at the key); an empty target, or a target path or file with `..`
/// (located at the value).
///
/// [`url_path_problem`]: crate::content::url_path_problem
fn resolve_redirects(
    table: std::collections::BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
    text: &str,
) -> Result<Vec<Redirect>, Diagnostic> {
    let mut redirects = Vec::with_capacity(table.len());
    // Every line is located (for errors found later, when the site is planned): one
    // index of the file's lines, as a scan from the start per line would take time
    // quadratic in the number of lines.
    let lines = LineIndex::new(text);
    for (key, value) in table {
        let at = lines.line_column(key.span().start);
        // The value's span starts at its opening quote.
        let to_at = lines.line_column(value.span().start);
        let from_written = key.get_ref().trim();
        let error = |(line, column): (usize, usize), message: String, help: &str| {
            Diagnostic::error(CONFIG_FILE, message)
                .at(line, column)
                .with_help(help.to_string())
        };
        if from_written.trim_matches('/').is_empty() {
            return Err(error(
                at,
                format!("the redirect {from_written:?} in [redirects] would replace the home page"),
                "write the old path of a page, such as \"/2017/05/09/old-name.html\"",
            ));
        }
        if let Some(problem) = crate::content::url_path_problem(from_written) {
            return Err(error(
                at,
                format!("the old path {from_written:?} in [redirects] {problem}"),
                "write the old URL's path from the site root, such as \"/2017/05/09/old-name.html\"",
            ));
        }
        let from = crate::site::alias_path(from_written);
        let target = value.get_ref().trim();
        let help = "write a site path (\"/posts/new-name/\"), a file under the content folder (\"posts/2017-05-09-old-name.md\") or an absolute URL";
        let to = if target.is_empty() {
            return Err(error(
                to_at,
                format!(
                    "the redirect from {from} in [redirects] points nowhere: its target is empty"
                ),
                help,
            ));
        } else if target.starts_with("http://") || target.starts_with("https://") {
            RedirectTarget::Url(target.to_string())
        } else if target.starts_with('/') {
            if let Some(problem) = crate::content::url_path_problem(target) {
                return Err(error(
                    to_at,
                    format!("the target {target:?} of the redirect from {from} {problem}"),
                    help,
                ));
            }
            let last = target.rsplit('/').next().unwrap_or("");
            // `/posts/a` is the folder URL `/posts/a/`; `/atom.xml` a file.
            let path = if last.is_empty() || last.contains('.') {
                target.to_string()
            } else {
                format!("{target}/")
            };
            RedirectTarget::Path(path)
        } else {
            let file = target.trim_start_matches("./");
            if let Some(problem) = crate::content::url_path_problem(file) {
                return Err(error(
                    to_at,
                    format!("the target {target:?} of the redirect from {from} {problem}"),
                    help,
                ));
            }
            RedirectTarget::File(PathBuf::from(file))
        };
        redirects.push(Redirect {
            from,
            to,
            at,
            to_at,
        });
    }
    redirects.sort_by(|a, b| a.from.cmp(&b.from));
    Ok(redirects)
}

/// serde's type names in a message (`expected usize`) said in words people use.
fn plain_serde_words(message: &str) -> String {
    let mut m = message.to_string();
    for ty in ["usize", "u64", "u32", "u16", "u8", "isize", "i64", "i32"] {
        m = m.replace(&format!("expected {ty}"), "expected a whole number");
    }
    m.replace("expected f64", "expected a number")
        .replace("expected f32", "expected a number")
}

/// The base URL of a site whose gloss.toml sets none: the preview server's address.
const PREVIEW_BASE_URL: &str = "http://127.0.0.1:1111/";

/// Checks that `url` is absolute http(s) and makes it end with `/`; the result is as the
/// URL standard writes it (a host in another script in its ASCII form, as browsers send
/// it: `bücher.example` → `xn--bcher-kva.example`).
///
/// Errors (one phrase each): another scheme, no host, a host with characters no host
/// name has, a port that is not a number up to 65535, a query, a fragment, whitespace or
/// control characters, a `.` or `..` path segment.
pub fn normalize_base_url(url: &str) -> Result<Url, &'static str> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with http:// or https://")?;
    if url.contains(['?', '#']) {
        return Err("it must not hold a query (`?`) or a fragment (`#`)");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it must not hold spaces or control characters");
    }
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    // `user:password@` has no place in a site's address.
    if authority.contains('@') {
        return Err("it must not hold a user name or password");
    }
    let (host, port) = match authority.rsplit_once(':') {
        // An IPv6 host (`[::1]`) holds colons of its own.
        Some((h, p)) if !p.contains(']') => (h, Some(p)),
        _ => (authority, None),
    };
    if host.is_empty() {
        return Err("it has no host");
    }
    let host_ok = if let Some(inner) = host.strip_prefix('[') {
        inner.strip_suffix(']').is_some_and(|a| {
            !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        })
    } else {
        host.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))
            && !host.starts_with(['.', '-'])
            && !host.contains("..")
    };
    if !host_ok {
        return Err("its host is not a host name");
    }
    if let Some(port) = port
        && (port.is_empty() || port.parse::<u16>().is_err() || port.starts_with('+'))
    {
        return Err("its port is not a number from 0 to 65535");
    }
    if path.split('/').any(|s| s == "." || s == "..") {
        return Err("its path must not hold `.` or `..` segments");
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Url::parse(&url).map_err(|_| "it is not a URL")
}

/// Site folders gloss fills itself, which a taxonomy may not take.
const TAXONOMY_RESERVED: &[&str] = &["quotes", "updates", "page", "search", "pagefind"];

/// Checks one name for `taxonomies`: a URL segment of lowercase letters, digits, `-` and
/// `_`, not one of gloss's own folders.
///
/// Errors: (message, help) saying why the name is not usable.
pub(crate) fn taxonomy_name(name: &str) -> Result<(), (String, &'static str)> {
    let segment = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !segment {
        return Err((
            format!("the taxonomy name {name:?} is not usable as a URL segment"),
            "write names of lowercase letters, digits, `-` and `_`, such as \"categories\"",
        ));
    }
    if TAXONOMY_RESERVED.contains(&name) {
        return Err((
            format!("the taxonomy name {name:?} is a folder gloss makes itself"),
            "pick another name, such as \"topics\"",
        ));
    }
    Ok(())
}

/// Checks the `taxonomies` list: each name usable ([`taxonomy_name`]) and listed once.
///
/// Errors: (message, help) for the first name that is not usable.
fn taxonomies(names: Vec<String>) -> Result<Vec<String>, (String, &'static str)> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        taxonomy_name(&name)?;
        if out.contains(&name) {
            return Err((
                format!("the taxonomy {name:?} is listed twice"),
                "list each taxonomy once",
            ));
        }
        out.push(name);
    }
    Ok(out)
}

/// Byte offset of `key =` at the start of a line, for locating resolve errors.
fn find_key(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paginate_by_ten_as_a_word_says_expected_a_whole_number() {
        let e = Config::parse(Path::new("."), "paginate_by = \"ten\"\n").unwrap_err();
        assert_eq!(
            e.message,
            "invalid gloss.toml: invalid type: string \"ten\", expected a whole number"
        );
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn defaults_without_a_file() {
        let c = Config::parse(Path::new("."), "").unwrap();
        assert_eq!(c.base_url.as_str(), "http://127.0.0.1:1111/");
        assert_eq!(c.paginate_by, 10);
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let e = Config::parse(Path::new("."), "title = \"x\"\ncolour = 3\n").unwrap_err();
        assert!(e.message.contains("colour"), "{}", e.message);
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn base_url_with_sub_path() {
        let c = Config::parse(Path::new("."), "base_url = \"https://u.github.io/blog\"").unwrap();
        assert_eq!(c.base_url.as_str(), "https://u.github.io/blog/");
        assert_eq!(c.base_path(), "/blog/");
        assert_eq!(
            c.permalink("/posts/a/"),
            "https://u.github.io/blog/posts/a/"
        );
        assert_eq!(c.url_path("/posts/a/"), "/blog/posts/a/");
    }

    #[test]
    fn malformed_base_url_is_located() {
        let e = Config::parse(
            Path::new("."),
            "title = \"x\"\nbase_url = \"example.org\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("base_url"));
    }

    #[test]
    fn base_urls_gloss_refuses() {
        for bad in [
            "example.org",
            "ftp://example.org/",
            "https://",
            "https:///blog/",
            "https://exa mple.org/",
            "https://example.org/?a=1",
            "https://example.org/#top",
            "https://example.org:99999/",
            "https://example.org:/",
            "https://example.org:http/",
            "https://user:secret@example.org/",
            "https://example..org/",
            "https://example.org/a/../b/",
            "https://[::1/",
        ] {
            assert!(normalize_base_url(bad).is_err(), "{bad}");
        }
        for (good, resolved) in [
            ("https://example.org", "https://example.org/"),
            ("http://127.0.0.1:1111", "http://127.0.0.1:1111/"),
            ("https://[::1]:8080/blog", "https://[::1]:8080/blog/"),
            (
                "https://user.github.io/blog/",
                "https://user.github.io/blog/",
            ),
            ("https://bücher.example/", "https://xn--bcher-kva.example/"),
            ("https://Example.org:443/Blog", "https://example.org/Blog/"),
        ] {
            assert_eq!(
                normalize_base_url(good).as_ref().map(Url::as_str),
                Ok(resolved),
                "{good}"
            );
        }
    }

    #[test]
    fn unknown_key_message_lists_the_keys() {
        let e = Config::parse(Path::new("."), "[markdown]\nsmart = true\n").unwrap_err();
        assert_eq!(e.message, "unknown key `smart` in gloss.toml");
        assert_eq!((e.line, e.column), (Some(2), Some(1)));
        assert!(
            e.help
                .unwrap()
                .contains("`smart_punctuation` or `highlight_code`"),
        );
    }

    #[test]
    fn control_characters_in_the_title_are_replaced() {
        let c = Config::parse(Path::new("."), "title = \"A\\u0007B\"\n").unwrap();
        assert_eq!(c.title, "A\u{FFFD}B");
    }

    #[test]
    fn link_checker_and_redirects_keys() {
        let c = Config::parse(
            Path::new("."),
            "redirects_file = true\n[link_checker]\nskip_hosts = [\"Example.COM.\"]\ntimeout = 3\n",
        )
        .unwrap();
        assert!(c.redirects_file);
        assert_eq!(c.link_checker.skip_hosts, vec!["example.com"]);
        assert_eq!(c.link_checker.timeout, std::time::Duration::from_secs(3));
        assert_eq!(c.link_checker.retries, 2);
        let e = Config::parse(Path::new("."), "[link_checker]\ntimeout = 0\n").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn search_is_on_with_the_default_theme_and_off_with_the_sites_own() {
        assert!(Config::parse(Path::new("."), "").unwrap().search);
        assert!(
            !Config::parse(Path::new("."), "search = false")
                .unwrap()
                .search
        );
        assert!(
            !Config::parse(Path::new("."), "theme = \"mine\"")
                .unwrap()
                .search
        );
        let c = Config::parse(Path::new("."), "theme = \"mine\"\nsearch = true").unwrap();
        assert!(c.search);
    }

    #[test]
    fn permalinks_by_section_and_hugos_page_table() {
        let c = Config::parse(
            Path::new("."),
            "[permalinks]\nposts = \"date\"\n\"/\" = \"/:slug/\"\n[permalinks.page]\nnotes = \"/:section/:slug/\"\n[permalinks.term]\ntags = \"/t/:slug/\"\n",
        )
        .unwrap();
        let p = &c.permalinks;
        assert_eq!(p.for_section("posts").unwrap().pattern.text, "date");
        assert_eq!(p.for_section("posts").unwrap().line, 2);
        assert_eq!(p.for_section("posts/rust").unwrap().section, "posts");
        assert_eq!(p.for_section("notes").unwrap().line, 5);
        assert_eq!(p.for_section("").unwrap().pattern.text, "/:slug/");
        assert!(p.for_section("links").is_none());
        assert_eq!(p.ignored, vec![("permalinks.term.tags".to_string(), 7)]);
    }

    #[test]
    fn an_unknown_permalink_token_is_located_at_the_token() {
        let e = Config::parse(
            Path::new("."),
            "title = \"x\"\n[permalinks]\nposts = \"/:year/:titel/\"\n",
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "unknown token `:titel` in the [permalinks] pattern \"/:year/:titel/\" for the section posts"
        );
        assert_eq!((e.line, e.column), (Some(3), Some(17)));
        let e = Config::parse(Path::new("."), "[permalinks]\nposts = 3\n").unwrap_err();
        assert_eq!(e.message, "permalinks.posts must be a pattern in quotes");
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn content_dir_is_joined_to_the_root_unless_absolute() {
        let c = Config::parse(Path::new("site"), "").unwrap();
        assert_eq!(c.content_dir(), Path::new("site/content"));
        let c = Config::parse(Path::new("site"), "content_dir = \"../old/content\"").unwrap();
        assert_eq!(c.content_dir(), Path::new("site/../old/content"));
        let c = Config::parse(Path::new("site"), "content_dir = \"/srv/old/content\"").unwrap();
        assert_eq!(c.content_dir(), Path::new("/srv/old/content"));
        let e = Config::parse(Path::new("site"), "title = \"x\"\ncontent_dir = \" \"").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn unknown_timezone_is_an_error() {
        assert!(Config::parse(Path::new("."), "timezone = \"Mars/Olympus\"").is_err());
    }
}
