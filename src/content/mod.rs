//! Content: walks `content/`, reads front matter, and resolves pages and sections.
//!
//! Takes a [`Config`] and returns [`Content`] (plain values) plus the diagnostics found.
//! No HTML is made here: Markdown bodies are kept as text for `markdown::render`.
//!
//! Layout (DESIGN §1): folders are sections; `_index.md` gives a section (or, at the top,
//! the home page) its front matter; `name.md` is a page at `/SECTION/SLUG/`; `name/index.md`
//! is a page bundle whose other files are copied beside it; every other file is copied to
//! the same place in the output. Hidden files and folders are skipped; symlinks are
//! followed, loops reported.

pub mod date;
pub mod front_matter;
pub mod permalink;
pub mod slug;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use jiff::ZonedDateTime as Zoned;
use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, display_path, line_column};
pub use front_matter::{FrontMatter, UpdateEntry};

/// Options that change what is loaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Drafts {
    /// Pages with `draft: true` are left out (the default, for publishing).
    #[default]
    Exclude,
    /// Drafts are built too (`--drafts`).
    Include,
}

/// One Markdown page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The source file relative to the site root, e.g. `content/posts/a.md` (for messages).
    pub source: PathBuf,
    /// The resolved front matter.
    pub front: FrontMatter,
    /// The Markdown body, after the front matter.
    pub body: String,
    /// 1-based line of the body's first line in the source file.
    pub body_line: usize,
    /// The section this page belongs to, as a folder path relative to `content/`
    /// (`""` for top-level pages, `posts`, `posts/inside-rust`).
    pub section: String,
    /// URL slug (last path segment).
    pub slug: String,
    /// Site path, starting with `/`, e.g. `/posts/colossus/` (no base URL); it ends with
    /// `/` unless the page is written as a file (`/2017/a.html`, `/feed.json`).
    pub path: String,
    /// Title as plain text: front matter `title` with its Markdown and HTML removed
    /// (`front.title` keeps it as written), else the file's name.
    pub title: String,
    /// Publication date: front matter, else the file name's or `path`'s date prefix.
    pub date: Option<Zoned>,
    /// Files copied beside the page (a page bundle's other files), as
    /// (absolute source, path relative to the page's folder).
    pub assets: Vec<(PathBuf, PathBuf)>,
    /// The language the page is written in, when its front matter names one other than
    /// the site's: its words, dates and `<html lang>` (`None`: the site's).
    pub language: Option<std::sync::Arc<crate::i18n::Language>>,
}

impl Page {
    /// The language the page is written in: its own, else the site's.
    pub fn language<'a>(&'a self, config: &'a Config) -> &'a std::sync::Arc<crate::i18n::Language> {
        self.language.as_ref().unwrap_or(&config.i18n)
    }
}

/// Whether the last segment of a `path` names a file: it has an extension of ASCII
/// letters and digits holding at least one letter (`feed.json`, `humans.txt`,
/// `map.xml`; not `v1.2`). Such a page is written as that file, not as
/// `feed.json/index.html`.
pub fn is_file_name(segment: &str) -> bool {
    segment.rsplit_once('.').is_some_and(|(_, ext)| {
        !ext.is_empty()
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
            && ext.chars().any(|c| c.is_ascii_alphabetic())
    })
}

impl Page {
    /// Whether the page is written as an HTML page (`/posts/a/`, `/2017/a.html`), not
    /// as another kind of file (`/feed.json`, `/humans.txt`): only HTML pages are
    /// listed, go into the sitemap and the search index, and have extra `outputs`.
    pub fn is_html(&self) -> bool {
        self.path.ends_with('/') || self.path.ends_with(".html") || self.path.ends_with(".htm")
    }

    /// A page written as another kind of file than HTML: its file's extension
    /// (`json` for `/feed.json`).
    pub fn file_extension(&self) -> Option<&str> {
        if self.is_html() {
            return None;
        }
        self.path.rsplit_once('.').map(|(_, ext)| ext)
    }

    /// The site path of the folder the page's own files go in (a bundle's images): its
    /// path (`/posts/trip/`), or for a page written as an `.html` file the folder holding
    /// it (`/2017/02/26/trip.html` → `/2017/02/26/`), where its relative links point.
    pub fn folder(&self) -> &str {
        &self.path[..self.path.rfind('/').map_or(0, |i| i + 1)]
    }
}

/// One section (a folder of pages) or the home page (section `""`).
#[derive(Debug, Clone)]
pub struct Section {
    /// `_index.md` relative to the site root, when there is one.
    pub source: Option<PathBuf>,
    /// Folder path relative to `content/` (`""` for the home page).
    pub name: String,
    /// Its `_index.md` front matter (defaults without one).
    pub front: FrontMatter,
    /// Its `_index.md` body.
    pub body: String,
    /// 1-based line of the body in `_index.md`.
    pub body_line: usize,
    /// Site path, e.g. `/posts/` (`/` for the home page).
    pub path: String,
    /// Title: front matter, else the folder name.
    pub title: String,
}

/// A non-Markdown file under `content/` copied as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Absolute source path.
    pub source: PathBuf,
    /// Output path relative to the output root.
    pub output: PathBuf,
}

/// Everything under `content/`.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Pages, sorted by source path (stable order for byte-identical output).
    pub pages: Vec<Page>,
    /// Sections by folder name (`""` = home), including folders without `_index.md`.
    pub sections: BTreeMap<String, Section>,
    /// Other files to copy.
    pub files: Vec<StaticFile>,
    /// Posts left out because they are not due yet or have expired.
    pub held: Held,
}

/// Posts a build leaves out by date (unless `--future`): those dated after now
/// (scheduled: front matter `date`, or Hugo's `publishDate`) and those whose
/// `expiryDate` (Hugo; also `expiry_date`) has passed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Held {
    /// The publication dates of the scheduled posts, soonest first.
    pub scheduled: Vec<Zoned>,
    /// How many posts have expired.
    pub expired: usize,
    /// The dates of the update notices written in posts' bodies and held back, soonest
    /// first (filled in once the Markdown is rendered: `markdown::ScheduledNotices`).
    pub notices: Vec<Zoned>,
}

/// The keys of a post's end of publication, as Hugo writes it and in snake case.
const EXPIRY_KEYS: &[&str] = &["expiryDate", "expirydate", "expiry_date"];

/// A page's `expiryDate`, if it has one; an unreadable one is a warning (the post stays).
fn expiry(config: &Config, page: &Page, diags: &mut Diagnostics) -> Option<Zoned> {
    let (key, value) = EXPIRY_KEYS
        .iter()
        .find_map(|k| page.front.extra.get(*k).map(|v| (*k, v)))?;
    let text = match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match date::parse(&text, &config.timezone) {
        Ok(d) => Some(d),
        Err(why) => {
            diags.push(
                Diagnostic::warning(
                    &page.source,
                    format!("`{key}` is not a date: {why}; the post is not taken down"),
                )
                .with_help("write YYYY-MM-DD, YYYY-MM-DD HH:MM, or an RFC 3339 date-time"),
            );
            None
        }
    }
}

/// Leaves out the posts not due yet and the expired ones (unless `config.future`),
/// noting them in `content.held`.
fn hold_back(config: &Config, content: &mut Content, diags: &mut Diagnostics) {
    let now = jiff::Timestamp::now();
    let mut held = Held::default();
    let mut pages = std::mem::take(&mut content.pages);
    pages.retain(|page| {
        let expired = expiry(config, page, diags).is_some_and(|e| e.timestamp() <= now);
        if config.future {
            return true;
        }
        // Due at the later of `date` and `publishDate`.
        let due = [page.date.as_ref(), page.front.publish_date.as_ref()]
            .into_iter()
            .flatten()
            .max_by_key(|d| d.timestamp());
        if let Some(due) = due.filter(|d| d.timestamp() > now) {
            held.scheduled.push(due.clone());
            return false;
        }
        if expired {
            held.expired += 1;
            return false;
        }
        true
    });
    held.scheduled.sort_by_key(Zoned::timestamp);
    // An `updates:` entry dated after now is scheduled too: not in the history yet.
    if !config.future {
        for page in &mut pages {
            page.front.updates.retain(|u| u.date.timestamp() <= now);
        }
    }
    content.pages = pages;
    content.held = held;
}

/// Reads the content folder of `config.root`.
///
/// Problems with one file (bad front matter, invalid date, non-UTF-8 text, a symlink
/// loop) become diagnostics and the rest is still loaded, so one run reports them all.
pub fn load(config: &Config, drafts: Drafts) -> (Content, Diagnostics) {
    let dir = config.content_dir();
    load_with(config, drafts, &|path: &Path| {
        read_source(config, &dir, path)
    })
}

/// [`load`], with each Markdown file (an absolute path under `content/`) read by `read`
/// instead of [`read_source`]: `gloss serve` reuses what an unchanged file gave before.
/// `read` must give what [`read_source`] would.
pub fn load_with(
    config: &Config,
    drafts: Drafts,
    read: &(dyn Fn(&Path) -> Result<Source, Diagnostic> + Sync),
) -> (Content, Diagnostics) {
    let mut diags = Diagnostics::default();
    let dir = config.content_dir();
    if !dir.is_dir() {
        diags.push(
            Diagnostic::error(
                display_path(&config.root, &dir),
                "there is no content folder",
            )
            .with_help("create content/ and put Markdown posts in it, or run `gloss init`"),
        );
        return (Content::default(), diags);
    }
    let listing = list(config);
    diags.extend(listing.diags.iter().cloned());
    load_listed(config, drafts, &listing, read, diags)
}

/// The files under a content folder, as a load finds them, and the problems found while
/// listing them (a symbolic link loop, an unreadable folder).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// Every file (absolute paths under the content folder), hidden ones left out, in
    /// the order of the walk.
    pub files: Vec<PathBuf>,
    /// What the walk could not follow.
    pub diags: Vec<Diagnostic>,
}

/// Lists the content folder of `config` (which must exist: see [`load_with`]).
pub fn list(config: &Config) -> Listing {
    let mut diags = Diagnostics::default();
    let files = walk(&config.root, &config.content_dir(), &mut diags);
    Listing {
        files,
        diags: diags.iter().cloned().collect(),
    }
}

/// [`load_with`], with the content folder listed already (`listing`, whose problems are
/// not added again: `diags` holds what to start from). `gloss serve` passes the listing
/// of its last load when its watcher reported no file made or removed since.
pub fn load_listed(
    config: &Config,
    drafts: Drafts,
    listing: &Listing,
    read: &(dyn Fn(&Path) -> Result<Source, Diagnostic> + Sync),
    mut diags: Diagnostics,
) -> (Content, Diagnostics) {
    let dir = config.content_dir();
    let mut content = Content::default();
    let entries = &listing.files;
    let (markdown, files) = classify(&dir, entries);
    content.files = files;
    let results: Vec<_> = markdown.par_iter().map(|path| read(path)).collect();
    gather(results, drafts, &mut content, &mut diags);
    hold_back(config, &mut content, &mut diags);
    attach_bundle_assets(config, entries, &mut content.pages);
    add_implicit_sections(config, &mut content);
    content.pages.sort_by(|a, b| a.source.cmp(&b.source));
    content.files.sort_by(|a, b| a.output.cmp(&b.output));
    let slugs = section_slugs(config, &content);
    section_slug_urls(config, &slugs, &mut content.pages);
    date_shared_slugs(config, &slugs, &mut content.pages, &mut diags);
    unused_permalinks(config, &content, &mut diags);
    (content, diags)
}

/// A warning for each `[permalinks]` line that places no page: a section without pages
/// (a Hugo taxonomy's key, a misspelt folder), and Hugo's tables for other kinds of page.
fn unused_permalinks(config: &Config, content: &Content, diags: &mut Diagnostics) {
    // Once per section, not per page: the rules that place some page.
    let used: std::collections::BTreeSet<&str> = content
        .pages
        .iter()
        .map(|p| p.section.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter_map(|s| config.permalinks.for_section(s))
        .map(|r| r.section.as_str())
        .collect();
    for rule in &config.permalinks.rules {
        if !used.contains(rule.section.as_str()) {
            diags.push(
                Diagnostic::warning(
                    crate::config::CONFIG_FILE,
                    format!(
                        "[permalinks] has a pattern for {}, which has no pages",
                        if rule.section.is_empty() {
                            "top-level pages".to_string()
                        } else {
                            format!("the section {:?}", rule.section)
                        }
                    ),
                )
                .at(rule.line, 1)
                .with_help("a key of [permalinks] is a folder under content/, such as posts"),
            );
        }
    }
    for (key, line) in &config.permalinks.ignored {
        diags.push(
            Diagnostic::warning(
                crate::config::CONFIG_FILE,
                format!(
                    "{key} is not used: gloss gives section, tag and home pages their own URLs"
                ),
            )
            .at(*line, 1)
            .with_help(
                "patterns for posts go in [permalinks] or [permalinks.page], one line per section",
            ),
        );
    }
}

/// Posts of one section whose URLs come out alike and whose dates differ
/// (`2017-05-09-reading-notes-may.md`, `2021-05-28-reading-notes-may.md`): blogs that keep
/// the date in their URLs (Jekyll's default) have many. The earliest keeps the URL; each
/// later one's slug carries its date (`2021-05-28-reading-notes-may`), with a warning
/// naming both files and the `[permalinks]` line that would keep the old blog's URLs.
/// Pages that chose their URL (`slug`, `path`, `permalink`) are never renamed: two of
/// them at one URL stay the error [`crate::site`]'s collision check reports, as do
/// undated posts and posts of one date. A page that chose the URL keeps it from later
/// posts only: an earlier post at that URL is not moved (its URL may be published and
/// linked to), so the two stay that same error, on the page that chose.
fn date_shared_slugs(
    config: &Config,
    section_slugs: &HashMap<String, Vec<String>>,
    pages: &mut [Page],
    diags: &mut Diagnostics,
) {
    let mut by_path: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        by_path.entry(page.path.as_str()).or_default().push(i);
    }
    let groups: Vec<Vec<usize>> = by_path
        .into_values()
        .filter(|group| group.len() > 1)
        .collect();
    for group in groups {
        let chose_url = |p: &Page| {
            p.front.slug.is_some() || p.front.path.is_some() || p.front.permalink.is_some()
        };
        let explicit: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&i| chose_url(&pages[i]))
            .collect();
        // The page that keeps the URL: the one that chose it, else the earliest dated.
        let keeper = match explicit.as_slice() {
            [one] => *one,
            [] => match group
                .iter()
                .copied()
                .filter(|&i| pages[i].date.is_some())
                .min_by_key(|&i| pages[i].date.as_ref().map(Zoned::timestamp))
            {
                Some(earliest) => earliest,
                None => continue,
            },
            _ => continue,
        };
        let Some(kept_date) = pages[keeper].date.as_ref().map(Zoned::timestamp) else {
            continue;
        };
        for &i in &group {
            let page = &pages[i];
            let Some(date) = &page.date else { continue };
            // Only posts later than the keeper move; see above.
            if i == keeper || chose_url(page) || date.timestamp() <= kept_date {
                continue;
            }
            let shared = page.path.clone();
            let day = date.strftime("%Y-%m-%d").to_string();
            let slug = format!("{day}-{}", page.slug);
            let path = renamed_url(config, section_slugs, page, &day, &slug);
            let kept = pages[keeper].source.clone();
            let help = keep_urls_help(config, &page.section);
            let page = &mut pages[i];
            diags.push(
                Diagnostic::warning(
                    &page.source,
                    format!(
                        "this post and {} would share the URL {shared}; this one is at {path}, with its date",
                        kept.display()
                    ),
                )
                .with_help(help),
            );
            page.slug = slug;
            page.path = path;
        }
    }
}

/// The URL of `page` once its slug is `slug`, the date `day` put before its name (so
/// that `:title` carries the date too).
fn renamed_url(
    config: &Config,
    section_slugs: &HashMap<String, Vec<String>>,
    page: &Page,
    day: &str,
    slug: &str,
) -> String {
    let (_, name) = page_name(page);
    let base_name = without_date(&name);
    let dated_base = format!("{day}-{base_name}");
    let facts = permalink::Facts {
        date: page.date.as_ref(),
        slug,
        explicit_slug: None,
        base_name: &dated_base,
        name: &name,
        title: &page.title,
        section: &page.section,
        section_slugs: section_slugs.get(page.section.as_str()).map(Vec::as_slice),
        categories: &page.front.categories,
    };
    page_url(config, &page.front, &facts).unwrap_or_else(|_| default_url(&page.section, slug))
}

/// The URL `page` would have if its slug were `slug` (as its own front matter `slug`),
/// by its front matter `permalink` or its section's pattern, else `/SECTION/SLUG/`: the
/// URL another engine gave it, when that engine made slugs otherwise (`gloss import`).
pub fn url_with_slug(config: &Config, page: &Page, slug: &str) -> String {
    let (_, name) = page_name(page);
    let base_name = without_date(&name);
    let facts = permalink::Facts {
        date: page.date.as_ref(),
        slug,
        explicit_slug: Some(slug),
        base_name,
        name: &name,
        title: &page.title,
        section: &page.section,
        section_slugs: None,
        categories: &page.front.categories,
    };
    let front = FrontMatter {
        path: None,
        ..page.front.clone()
    };
    page_url(config, &front, &facts).unwrap_or_else(|_| default_url(&page.section, slug))
}

/// Each section's slug at every level, top first (see [`permalink::Facts::section_slugs`]):
/// a level's `slug` in its `_index.md`, else its title, as Hugo's `urlize` makes them.
/// Only for sites whose patterns need them (`:sectionslug`, `:sectionslugs`).
fn section_slugs(config: &Config, content: &Content) -> HashMap<String, Vec<String>> {
    let mut out = HashMap::new();
    let needed = config
        .permalinks
        .rules
        .iter()
        .any(|r| r.pattern.has_section_slugs())
        || content.pages.iter().any(|p| {
            p.front
                .permalink
                .as_deref()
                .and_then(|t| permalink::Pattern::parse(t).ok())
                .is_some_and(|pattern| pattern.has_section_slugs())
        });
    if !needed {
        return out;
    }
    for name in content.sections.keys() {
        let mut levels = Vec::new();
        let mut prefix = String::new();
        for part in name.split('/').filter(|p| !p.is_empty()) {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            let slug = match content.sections.get(&prefix) {
                Some(section) => {
                    permalink::hugo_urlize(section.front.slug.as_deref().unwrap_or(&section.title))
                }
                None => slug::slugify(part),
            };
            levels.push(slug);
        }
        out.insert(name.clone(), levels);
    }
    out
}

/// Gives the pages whose pattern holds `:sectionslug` or `:sectionslugs` their URL with
/// their sections' slugs, known once every section is read (the first URL used the
/// folder names).
fn section_slug_urls(config: &Config, slugs: &HashMap<String, Vec<String>>, pages: &mut [Page]) {
    if slugs.is_empty() {
        return;
    }
    for page in pages {
        let (_, name) = page_name(page);
        let base_name = without_date(&name);
        let facts = permalink::Facts {
            date: page.date.as_ref(),
            slug: &page.slug,
            explicit_slug: page.front.slug.as_deref(),
            base_name,
            name: &name,
            title: &page.title,
            section: &page.section,
            section_slugs: slugs.get(page.section.as_str()).map(Vec::as_slice),
            categories: &page.front.categories,
        };
        if let Ok(url) = page_url(config, &page.front, &facts) {
            page.path = url;
        }
    }
}

/// A page's name ([`page_name`]) without the date a Jekyll-style file name starts with
/// (`2017-02-26-slug` → `slug`): what `:filename`-like tokens give.
fn without_date(name: &str) -> &str {
    date::date_prefix(name).map_or(name, |(_, rest)| rest)
}

/// A page's section and the name its URL is made from: its file name without the
/// extension, or a bundle's folder name.
fn page_name(page: &Page) -> (String, String) {
    let (folder, stem) = folder_and_stem(Path::new("content"), &page.source);
    if stem == "index" && !folder.is_empty() {
        match folder.rsplit_once('/') {
            Some((parent, last)) => (parent.to_string(), last.to_string()),
            None => (String::new(), folder),
        }
    } else {
        (folder, stem)
    }
}

/// What to do about two posts of `section` at one URL: the `[permalinks]` line for
/// gloss.toml that keeps the date in their URLs, when the section has no date pattern.
fn keep_urls_help(config: &Config, section: &str) -> String {
    match config.permalinks.for_section(section) {
        Some(rule) if rule.pattern.has_date() => format!(
            "the [permalinks] pattern {:?} (gloss.toml line {}) gives both one URL; add :day or give one of them its own `slug`",
            rule.pattern.text, rule.line
        ),
        _ => {
            let key = if !section.is_empty()
                && section
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                section.to_string()
            } else if section.is_empty() {
                "\"/\"".to_string()
            } else {
                format!("{section:?}")
            };
            format!(
                "to keep the URLs the old blog had, add to gloss.toml:\n[permalinks]\n{key} = \"/:year/:month/:day/:slug/\"\nor give one of them its own `slug`"
            )
        }
    }
}

/// Splits the files under `dir` into the Markdown sources to read and the static files
/// to copy. Markdown inside a bundle (a folder with `index.md`) is the bundle's own index
/// or one of its assets (left out here: see [`attach_bundle_assets`]).
fn classify(dir: &Path, entries: &[PathBuf]) -> (Vec<PathBuf>, Vec<StaticFile>) {
    let bundles: Vec<PathBuf> = entries
        .iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n == "index.md" || n == "index.markdown")
        })
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    let in_bundle = |p: &Path| bundles.iter().any(|b| p.starts_with(b));
    let mut markdown = Vec::new();
    let mut files = Vec::new();
    for path in entries {
        let is_md = path
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
        let is_bundle_index = path.file_stem().is_some_and(|n| n == "index") && is_md;
        if in_bundle(path) {
            if is_bundle_index {
                markdown.push(path.clone());
            }
        } else if is_md {
            markdown.push(path.clone());
        } else {
            let rel = path.strip_prefix(dir).unwrap_or(path).to_path_buf();
            files.push(StaticFile {
                source: path.clone(),
                output: rel,
            });
        }
    }
    (markdown, files)
}

/// Puts what the Markdown files gave into `content`: sections, and pages unless they are
/// drafts left out; their diagnostics, and one warning per unknown front matter key for
/// the whole site.
fn gather(
    results: Vec<Result<Source, Diagnostic>>,
    drafts: Drafts,
    content: &mut Content,
    diags: &mut Diagnostics,
) {
    let mut unknown: BTreeMap<String, (PathBuf, Option<usize>)> = BTreeMap::new();
    let mut unconfigured: BTreeMap<String, (PathBuf, Option<usize>)> = BTreeMap::new();
    for result in results {
        match result {
            Err(d) => diags.push(d),
            Ok(Source::Section(s, ds)) => {
                diags.extend(ds);
                note_unknown(
                    &mut unknown,
                    &s.front,
                    s.source.as_deref().unwrap_or(Path::new("")),
                );
                content.sections.insert(s.name.clone(), *s);
            }
            Ok(Source::Page(page, ds)) => {
                diags.extend(ds);
                note_unknown(&mut unknown, &page.front, &page.source);
                for (name, line) in &page.front.unconfigured {
                    unconfigured
                        .entry(name.clone())
                        .or_insert_with(|| (page.source.clone(), *line));
                }
                if page.front.draft && drafts == Drafts::Exclude {
                    continue;
                }
                content.pages.push(*page);
            }
        }
    }
    for (key, (path, line)) in unknown {
        let once = "this warning is given once per key for the whole site";
        let help = match crate::diagnostic::did_you_mean(&key, front_matter::KEYS.iter().copied()) {
            Some(near) => format!("did you mean `{near}`? If not, {once}"),
            None => once.to_string(),
        };
        let mut d = Diagnostic::warning(
            path,
            format!("unknown front matter key `{key}` (kept in `extra` for templates)"),
        )
        .with_help(help);
        if let Some(line) = line {
            d = d.at(line, 1);
        }
        diags.push(d);
    }
    for (name, (path, line)) in unconfigured {
        let mut d = Diagnostic::warning(
            path,
            format!(
                "this post uses the taxonomy `{name}`, which gloss.toml's `taxonomies` does not list, so its terms get no pages"
            ),
        )
        .with_help(format!(
            "add \"{name}\" to `taxonomies` in gloss.toml (e.g. taxonomies = [\"tags\", \"{name}\"]); this warning is given once per taxonomy for the whole site"
        ));
        if let Some(line) = line {
            d = d.at(line, 1);
        }
        diags.push(d);
    }
}

/// Gives each bundle page (an `index.md`) every other file under its folder as an asset.
fn attach_bundle_assets(config: &Config, entries: &[PathBuf], pages: &mut [Page]) {
    for page in pages {
        let src = config.root.join(&page.source);
        let is_bundle = src.file_stem().is_some_and(|n| n == "index");
        if !is_bundle {
            continue;
        }
        let Some(folder) = src.parent() else { continue };
        for path in entries
            .iter()
            .filter(|p| p.starts_with(folder) && **p != src)
        {
            if let Ok(rel) = path.strip_prefix(folder) {
                page.assets.push((path.clone(), rel.to_path_buf()));
            }
        }
    }
}

/// Makes every folder holding pages a section, with or without `_index.md`, and the
/// folders above it, up to the home section.
fn add_implicit_sections(config: &Config, content: &mut Content) {
    content
        .sections
        .entry(String::new())
        .or_insert_with(|| default_section(config, ""));
    let names: Vec<String> = content.pages.iter().map(|p| p.section.clone()).collect();
    for name in names {
        let mut n = name.as_str();
        loop {
            content
                .sections
                .entry(n.to_string())
                .or_insert_with(|| default_section(config, n));
            match n.rfind('/') {
                Some(i) => n = &n[..i],
                None => break,
            }
        }
    }
}

fn note_unknown(
    unknown: &mut BTreeMap<String, (PathBuf, Option<usize>)>,
    front: &FrontMatter,
    path: &Path,
) {
    for (key, line) in &front.unknown_keys {
        unknown
            .entry(key.clone())
            .or_insert_with(|| (path.to_path_buf(), *line));
    }
}

/// Lists the files under `dir`, sorted, skipping hidden ones; loops and unreadable
/// entries become diagnostics.
fn walk(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => out.push(e.into_path()),
            Ok(_) => {}
            Err(e) => diags.push(walk_error(root, &e)),
        }
    }
    out
}

/// A file that was there when its folder was listed and is gone now (deleted or moved
/// during the build): left out, as if it had never been there, with a warning.
fn deleted(shown: &Path) -> Diagnostic {
    Diagnostic::warning(
        shown,
        "this file was deleted or moved while the site was being read, so it was left out",
    )
    .with_help("build again once the files stop changing")
}

/// The diagnostic for an entry the walk could not follow.
fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e.path().unwrap_or(root);
    let shown = display_path(root, path);
    // As documented: a loop is reported and skipped (the folder is read once, by its
    // real path), not a failed build.
    if e.loop_ancestor().is_some() {
        return Diagnostic::warning(
            shown,
            "this symbolic link points back to a folder that contains it (a loop), so it was skipped",
        )
        .with_help("remove the link, or point it at a folder outside content/");
    }
    let io = e.io_error();
    if io.is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) {
        let Ok(link) = std::fs::symlink_metadata(path) else {
            return deleted(&shown);
        };
        if link.file_type().is_symlink() {
            let target = std::fs::read_link(path).unwrap_or_default();
            return Diagnostic::error(
                shown,
                format!(
                    "this symbolic link points to {}, which does not exist",
                    target.display()
                ),
            )
            .with_help("remove the link or make it point at an existing file");
        }
    }
    let why = io.map_or_else(|| e.to_string(), ToString::to_string);
    let what = if path.is_dir() { "folder" } else { "file" };
    Diagnostic::error(shown, format!("cannot read this {what}: {why}")).with_help(format!(
        "check that the {what}'s permissions let you read it"
    ))
}

/// What one Markdown file gives: a page or a section, with the problems found in it.
#[derive(Debug, Clone)]
pub enum Source {
    /// A page (`name.md`, `name/index.md`).
    Page(Box<Page>, Vec<Diagnostic>),
    /// A section's `_index.md`.
    Section(Box<Section>, Vec<Diagnostic>),
}

/// Reads one Markdown file (an absolute path under `dir`, the content folder) into a page
/// or a section.
///
/// Errors: the file cannot be read (a warning when it is gone: see [`read_bytes`]), or
/// [`parse_source`]'s.
pub fn read_source(config: &Config, dir: &Path, path: &Path) -> Result<Source, Diagnostic> {
    let bytes = read_bytes(config, path)?;
    parse_source(config, dir, path, &bytes)
}

/// A Markdown file's bytes.
///
/// Errors: the file cannot be read; a file gone since its folder was listed gives a
/// warning, so the build goes on without it.
pub fn read_bytes(config: &Config, path: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| unreadable(&display_path(&config.root, path), &e))
}

/// Makes a page or a section of the bytes of the Markdown file at `path` (absolute,
/// under `dir`, the content folder). The result depends on the config, the path and the
/// bytes alone.
///
/// Errors: the text is not UTF-8, or its front matter cannot be split or parsed.
pub fn parse_source(
    config: &Config,
    dir: &Path,
    path: &Path,
    bytes: &[u8],
) -> Result<Source, Diagnostic> {
    let shown = display_path(&config.root, path);
    let text = decode(bytes).map_err(|d| d.relocate(&shown, 1))?;
    let (text, controls) = replace_controls(text);
    let mut split = front_matter::split(&text).map_err(|d| d.relocate(&shown, 1))?;
    let pelican = match split.format {
        None => front_matter::pelican_header(&text),
        Some(_) => None,
    };
    let has_header = split.format.is_some() || pelican.is_some();
    let (mut front, mut problems) = match pelican {
        Some((map, body, body_line)) => {
            split.body = body;
            split.body_line = body_line;
            let (front, problems) = FrontMatter::from_map(map, &config.timezone, &|k| {
                front_matter::locate_pelican_key(&text, k)
            });
            let problems = problems
                .into_iter()
                .map(|d| d.relocate(&shown, 1))
                .collect();
            (front, problems)
        }
        None => read_front(config, &shown, &split)?,
    };
    // Without front matter, a leading `# Heading` is the title (and leaves the body, so
    // the page has one `<h1>`).
    let mut body = split.body;
    let mut body_line = split.body_line;
    if !has_header && let Some((title, rest, lines)) = leading_heading(body) {
        front.title = Some(title);
        body = rest;
        body_line += lines;
    }
    problems.extend(controls.map(|d| d.relocate(&shown, 1)));
    front.resolve_taxonomies(&config.taxonomies, &|key| {
        front_matter::locate_key(split.front, key).map(|(line, _)| line + split.front_line - 1)
    });
    let (folder, stem) = folder_and_stem(dir, path);
    if stem != "_index" && text.trim().is_empty() {
        problems.push(
            Diagnostic::warning(
                &shown,
                "this file is empty, so its page has no title and no text",
            )
            .with_help("write front matter and text in it, or delete it"),
        );
    }
    let keys = KeyFinder { split: &split };
    check_aliases(&mut front, &shown, &keys, &mut problems);
    if stem == "_index" {
        let mut section = default_section(config, &folder);
        section.source = Some(shown);
        if let Some(t) = &front.title {
            section.title.clone_from(t);
        }
        section.front = front;
        section.body = body.to_string();
        section.body_line = body_line;
        return Ok(Source::Section(Box::new(section), problems));
    }

    // A bundle (`trip/index.md`) is named by its folder and belongs to the folder's parent.
    let (section, name) = if stem == "index" && !folder.is_empty() {
        match folder.rsplit_once('/') {
            Some((parent, last)) => (parent.to_string(), last.to_string()),
            None => (String::new(), folder.clone()),
        }
    } else {
        (folder.clone(), stem.clone())
    };
    let name_date = date::date_prefix(&name);
    let base_name = name_date.map_or(name.as_str(), |(_, rest)| rest);
    let slug = match &front.slug {
        Some(s) => slug::clean_explicit(s),
        None => slug::slugify(base_name),
    };
    let mut date = front.date.clone();
    if date.is_none()
        && let Some(p) = &front.path
    {
        date = date::date_in_path(p.trim().trim_matches('/'))
            .and_then(|d| d.to_zoned_datetime(config.timezone.clone()).ok());
    }
    if date.is_none() {
        date = name_date.and_then(|(d, _)| d.to_zoned_datetime(config.timezone.clone()).ok());
    }
    // Plain text: titles from other blogs hold Markdown and HTML; `front.title` keeps
    // the title as written, for the heading's inline HTML.
    let title = match &front.title {
        Some(t) => crate::markdown::title::text(t),
        None if !has_header => readable(base_name),
        None => base_name.to_string(),
    };
    let facts = permalink::Facts {
        date: date.as_ref(),
        slug: &slug,
        explicit_slug: front.slug.as_deref(),
        base_name,
        name: &name,
        title: &title,
        section: &section,
        section_slugs: None,
        categories: &front.categories,
    };
    let path_url = match page_url(config, &front, &facts) {
        Ok(url) => url,
        Err(trouble) => {
            let url = default_url(&section, &slug);
            problems.push(trouble.diagnostic(&shown, &url, &keys));
            url
        }
    };
    let path_url = checked_url(path_url, &front, &shown, &keys, &mut problems);
    let language = page_language(config, &front, &shown, &keys, &mut problems);
    let page = Page {
        source: shown,
        front,
        body: body.to_string(),
        body_line,
        section,
        slug,
        path: path_url,
        title,
        date,
        assets: Vec::new(),
        language,
    };
    Ok(Source::Page(Box::new(page), problems))
}

/// The language front matter `language` names, when it is not the site's; a tag gloss
/// cannot use is an error at the key, listing the shipped languages (as gloss.toml's).
fn page_language(
    config: &Config,
    front: &FrontMatter,
    shown: &Path,
    keys: &KeyFinder<'_, '_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<std::sync::Arc<crate::i18n::Language>> {
    let written = front.language.as_deref()?;
    let at = |d: Diagnostic| match keys.at(&["language", "lang"]) {
        Some((l, c)) => d.at(l, c),
        None => d,
    };
    match config.languages.get(written) {
        Ok(Ok(language)) if language.tag() == config.i18n.tag() => None,
        Ok(Ok(language)) => Some(language),
        Ok(Err(why)) => {
            let (message, help) = crate::i18n::unusable(written, &why);
            problems.push(at(Diagnostic::error(shown, message)).with_help(help));
            None
        }
        Err(d) => {
            problems.push(d);
            None
        }
    }
}

/// The title a file without front matter gives itself: its first line, when that is an
/// ATX `# Heading` (level 1) or a Setext heading underlined with `=`. Returns the
/// heading's text, the body after it and how many lines it took.
fn leading_heading(body: &str) -> Option<(String, &str, usize)> {
    let blank = body.len() - body.trim_start_matches(['\n', '\r']).len();
    let skipped = body[..blank].matches('\n').count();
    let rest = &body[blank..];
    let mut lines = rest.split_inclusive('\n');
    let first = lines.next()?;
    let line = first.trim_end();
    let atx = line
        .strip_prefix("# ")
        .or_else(|| line.strip_prefix("#\t"))
        .filter(|_| !line.starts_with("    "));
    if let Some(text) = atx {
        // A closing run of `#` after a space is not part of the heading.
        let text = text.trim();
        let text = match text.trim_end_matches('#') {
            t if t.len() < text.len() && (t.is_empty() || t.ends_with(' ')) => t.trim_end(),
            _ => text,
        };
        if text.is_empty() {
            return None;
        }
        return Some((text.to_string(), &rest[first.len()..], skipped + 1));
    }
    let second = lines.next()?;
    let underline = second.trim();
    if !line.is_empty()
        && !line.starts_with([' ', '\t'])
        && !underline.is_empty()
        && underline.chars().all(|c| c == '=')
    {
        let used = first.len() + second.len();
        return Some((line.trim().to_string(), &rest[used..], skipped + 2));
    }
    None
}

/// A file name as a title: `-` and `_` as spaces, the first letter uppercased
/// (`reading-notes-may` → "Reading notes may").
fn readable(name: &str) -> String {
    let words = name
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}

/// Parses and resolves the front matter of `split`, with every line number made a line
/// of the file.
///
/// Errors: the front matter cannot be parsed; problems with its values are returned
/// alongside it.
fn read_front(
    config: &Config,
    shown: &Path,
    split: &front_matter::Split<'_>,
) -> Result<(FrontMatter, Vec<Diagnostic>), Diagnostic> {
    let (mut front, mut problems) = match split.format {
        None => (FrontMatter::default(), Vec::new()),
        Some(format) => {
            let map = front_matter::parse_map(format, split.front)
                .map_err(|d| d.relocate(shown, split.front_line))?;
            FrontMatter::from_map(map, &config.timezone, &|k| {
                front_matter::locate_key(split.front, k)
            })
        }
    };
    for d in &mut problems {
        *d = d.clone().relocate(shown, split.front_line);
    }
    for (_, line) in &mut front.unknown_keys {
        *line = line.map(|l| l + split.front_line - 1);
    }
    Ok((front, problems))
}

/// The folder of `path` under `dir` (`posts/2024`, `/`-separated) and its file name
/// without the extension.
fn folder_and_stem(dir: &Path, path: &Path) -> (String, String) {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let file_name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name.as_str(), |(s, _)| s)
        .to_string();
    let folder = rel
        .parent()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    (folder, stem)
}

/// Where a front matter key is in the file, for messages about its value.
struct KeyFinder<'a, 'b> {
    split: &'b front_matter::Split<'a>,
}

impl KeyFinder<'_, '_> {
    /// The 1-based (line, column) in the file of the first of `keys` found.
    fn at(&self, keys: &[&str]) -> Option<(usize, usize)> {
        keys.iter().find_map(|k| {
            front_matter::locate_key(self.split.front, k)
                .map(|(l, c)| (l + self.split.front_line - 1, c))
        })
    }
}

/// Drops the aliases that are not usable URL paths, each with an error.
fn check_aliases(
    front: &mut FrontMatter,
    shown: &Path,
    keys: &KeyFinder<'_, '_>,
    problems: &mut Vec<Diagnostic>,
) {
    front.aliases.retain(|alias| {
        let Some(why) = url_path_problem(alias) else {
            return true;
        };
        let mut d = Diagnostic::error(shown, format!("the alias {alias:?} {why}"))
            .with_help("write each alias as the old URL path, such as /2019/05/old-name/");
        if let Some((l, c)) = keys.at(&["aliases", "redirect_from"]) {
            d = d.at(l, c);
        }
        problems.push(d);
        false
    });
}

/// A page's URL path (`/posts/a/`, `/2017/02/26/a.html`): its front matter `path`
/// (or `url`, or a literal `permalink`), else its front matter `permalink` pattern, else
/// its section's `[permalinks]` pattern, else its section's URL and its slug.
///
/// Errors: the page's own pattern cannot be read, or a pattern needs a date the page
/// does not have; the caller then gives the page [`default_url`].
fn page_url<'c>(
    config: &'c Config,
    front: &FrontMatter,
    facts: &permalink::Facts<'_>,
) -> Result<String, UrlTrouble<'c>> {
    if let Some(p) = &front.path {
        let written = p.trim();
        let trimmed = written.trim_matches('/');
        let last = trimmed.rsplit('/').next().unwrap_or_default();
        return Ok(if trimmed.is_empty() {
            "/".to_string()
        } else if trimmed.ends_with(".html")
            || trimmed.ends_with(".htm")
            || (!written.ends_with('/') && is_file_name(last))
        {
            format!("/{trimmed}")
        } else {
            format!("/{trimmed}/")
        });
    }
    if let Some(text) = &front.permalink {
        let pattern = permalink::Pattern::parse(text).map_err(UrlTrouble::BadPattern)?;
        return pattern
            .expand(facts)
            .map_err(|_| UrlTrouble::NeedsDate(None));
    }
    match config.permalinks.for_section(facts.section) {
        Some(rule) => rule
            .pattern
            .expand(facts)
            .map_err(|_| UrlTrouble::NeedsDate(Some(rule))),
        None => Ok(default_url(facts.section, facts.slug)),
    }
}

/// The URL a page gets without `path` or a pattern: `/SECTION/SLUG/`.
fn default_url(section: &str, slug: &str) -> String {
    if section.is_empty() {
        format!("/{slug}/")
    } else {
        format!("/{}/{slug}/", section_url_part(section))
    }
}

/// Why a page's URL could not come from its pattern.
enum UrlTrouble<'c> {
    /// Its front matter `permalink` holds an unknown token.
    BadPattern(permalink::PatternError),
    /// The pattern (the section's rule, or the page's own when `None`) needs a date.
    NeedsDate(Option<&'c crate::config::PermalinkRule>),
}

impl UrlTrouble<'_> {
    /// The diagnostic for the page `shown`, which is at `url` instead.
    fn diagnostic(&self, shown: &Path, url: &str, keys: &KeyFinder<'_, '_>) -> Diagnostic {
        let at_permalink = |d: Diagnostic| match keys.at(&["permalink"]) {
            Some((l, c)) => d.at(l, c),
            None => d,
        };
        match self {
            UrlTrouble::BadPattern(e) => at_permalink(
                Diagnostic::error(
                    shown,
                    format!("{} in this page's `permalink` pattern", e.message),
                )
                .with_help(
                    "the tokens are :year :month :day :slug :title :categories and the others listed in docs/configuration.md",
                ),
            ),
            UrlTrouble::NeedsDate(None) => at_permalink(
                Diagnostic::warning(
                    shown,
                    format!(
                        "this page's `permalink` pattern needs a date and the page has none, so it is at {url}"
                    ),
                )
                .with_help("give the page a `date` in its front matter"),
            ),
            UrlTrouble::NeedsDate(Some(rule)) => Diagnostic::warning(
                shown,
                format!(
                    "this page has no date, so the [permalinks] pattern {:?} (gloss.toml line {}) cannot place it; it is at {url}",
                    rule.pattern.text, rule.line
                ),
            )
            .with_help("give the page a `date` in its front matter, or a `path`"),
        }
    }
}

/// `url` if it is a usable URL path; else an error at the `path` or `slug` key that made
/// it, and a safe form of it.
fn checked_url(
    url: String,
    front: &FrontMatter,
    shown: &Path,
    keys: &KeyFinder<'_, '_>,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let Some(why) = url_path_problem(&url) else {
        return url;
    };
    let key = if front.path.is_some() { "path" } else { "slug" };
    let mut d = Diagnostic::error(shown, format!("this page's URL {url} {why}")).with_help(
        if key == "path" {
            "write `path` as plain URL segments, such as 2026/11/my-post"
        } else {
            "write `slug` as one plain URL segment, such as my-post"
        },
    );
    if let Some((l, c)) = keys.at(&[key]) {
        d = d.at(l, c);
    }
    problems.push(d);
    safe_url_path(&url)
}

/// What is wrong with a URL path given in front matter (`path`, `slug`, `aliases`), if
/// anything. A `.` or `..` segment would put the page elsewhere, possibly outside the
/// output folder; `?` and `#` end a URL's path; a backslash or a control character cannot
/// be served.
pub fn url_path_problem(path: &str) -> Option<&'static str> {
    if path.contains('\\') {
        return Some("holds a backslash; URL paths use `/`");
    }
    if path.contains(['?', '#']) {
        return Some("holds `?` or `#`, which end a URL path");
    }
    if path.chars().any(char::is_control) {
        return Some("holds a control character");
    }
    if path.split('/').any(|s| s == "." || s == "..") {
        return Some("has a `.` or `..` segment, which could point outside the site");
    }
    None
}

/// `path` with every problem [`url_path_problem`] finds removed, so that a page whose
/// URL was refused can never be written outside the output folder.
fn safe_url_path(path: &str) -> String {
    let segments = safe_segments(path);
    if segments.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", segments.join("/"))
    }
}

/// The segments of `path` that are safe to write: no empty, `.` or `..` segment, and
/// each control character, `\`, `?` and `#` replaced by `-`.
pub(crate) fn safe_segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .map(|s| {
            s.chars()
                .map(|c| {
                    if c.is_control() || matches!(c, '\\' | '?' | '#') {
                        '-'
                    } else {
                        c
                    }
                })
                .collect()
        })
        .collect()
}

/// The diagnostic for a Markdown file that could not be read.
fn unreadable(shown: &Path, e: &std::io::Error) -> Diagnostic {
    if e.kind() == std::io::ErrorKind::NotFound {
        // Listed a moment ago, gone now: an editor's save or a `git checkout` during the build.
        deleted(shown)
    } else {
        Diagnostic::error(shown, format!("cannot read this file: {e}"))
            .with_help("check that the file exists and that its permissions let you read it")
    }
}

/// Replaces the characters XML forbids (see [`front_matter::is_forbidden_char`]) with
/// U+FFFD, as CommonMark does with NUL, so that feeds and the sitemap stay well-formed.
/// Returns the text and, when it held any, a warning at the first (path left empty).
pub fn replace_controls(text: String) -> (String, Option<Diagnostic>) {
    if !front_matter::may_hold_forbidden(&text) {
        return (text, None);
    }
    let Some(first) = text.find(front_matter::is_forbidden_char) else {
        return (text, None);
    };
    let (line, column) = line_column(&text, first);
    let c = text[first..].chars().next().unwrap_or('\0');
    let count = text
        .chars()
        .filter(|c| front_matter::is_forbidden_char(*c))
        .count();
    let cleaned = text
        .chars()
        .map(|c| {
            if front_matter::is_forbidden_char(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    let d = Diagnostic::warning(
        "",
        format!(
            "this file holds {count} control character(s), the first U+{:04X} here; each was replaced with U+FFFD",
            u32::from(c)
        ),
    )
    .at(line, column)
    .with_help("delete the invisible characters (a text editor's \"show invisibles\" finds them)");
    (cleaned, Some(d))
}

/// A section folder's URL part: each segment slugified (`Inside Rust` → `inside-rust`).
fn section_url_part(folder: &str) -> String {
    folder
        .split('/')
        .map(slug::slugify)
        .collect::<Vec<_>>()
        .join("/")
}

fn default_section(_config: &Config, name: &str) -> Section {
    let title = name.rsplit('/').next().unwrap_or(name).to_string();
    Section {
        source: None,
        name: name.to_string(),
        front: FrontMatter::default(),
        body: String::new(),
        body_line: 1,
        path: if name.is_empty() {
            "/".to_string()
        } else {
            format!("/{}/", section_url_part(name))
        },
        title,
    }
}

/// Decodes a file as UTF-8, dropping a byte order mark.
///
/// Errors: not UTF-8, located at the first bad byte's line and column.
pub fn decode(bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(
            Diagnostic::error("", "this file is UTF-16 text; gloss reads UTF-8")
                .at(1, 1)
                .with_help(
                    "save the file as UTF-8 (most editors offer it under \"Save with encoding\")",
                ),
        );
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            let (line, column) = line_column(good, good.len());
            let what = if bytes.contains(&0) {
                "binary, not text"
            } else {
                "not UTF-8 text"
            };
            Err(
                Diagnostic::error("", format!("this file is {what} (first invalid byte here)"))
                    .at(line, column)
                    .with_help(
                        "save the file as UTF-8, or move it out of content/ if it is not a post",
                    ),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_locates_bad_bytes() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi").unwrap(), "hi");
        let e = decode(b"ok\nab\xFFc").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(3)));
    }

    #[test]
    fn utf16_and_control_characters() {
        let e = decode(b"\xFF\xFEh\x00i\x00").unwrap_err();
        assert!(e.message.contains("UTF-16"), "{}", e.message);
        let (text, d) = replace_controls("ok\nA\u{7}B\0".to_string());
        assert_eq!(text, "ok\nA\u{FFFD}B\u{FFFD}");
        let d = d.unwrap();
        assert_eq!((d.line, d.column), (Some(2), Some(2)));
        assert!(
            d.message.contains("2 control character(s)"),
            "{}",
            d.message
        );
        assert!(d.message.contains("U+0007"), "{}", d.message);
        let (text, d) = replace_controls("tab\tcr\r\n".to_string());
        assert_eq!((text.as_str(), d), ("tab\tcr\r\n", None));
    }

    #[test]
    fn a_path_ending_in_a_file_name_is_that_file() {
        let url = |path: &str| {
            let front = FrontMatter {
                path: Some(path.to_string()),
                ..FrontMatter::default()
            };
            let config = Config::parse(Path::new("."), "").unwrap();
            let facts = permalink::Facts {
                date: None,
                slug: "x",
                explicit_slug: None,
                base_name: "x",
                name: "x",
                title: "x",
                section: "",
                section_slugs: None,
                categories: &[],
            };
            match page_url(&config, &front, &facts) {
                Ok(u) => u,
                Err(_) => panic!("{path}"),
            }
        };
        assert_eq!(url("feed.json"), "/feed.json");
        assert_eq!(url("/humans.txt"), "/humans.txt");
        assert_eq!(url("/maps/map.xml"), "/maps/map.xml");
        assert_eq!(url("/old.html"), "/old.html");
        // No extension, a number for one, or a trailing slash: a folder.
        assert_eq!(url("notes"), "/notes/");
        assert_eq!(url("release/v1.2"), "/release/v1.2/");
        assert_eq!(url("/feed.json/"), "/feed.json/");
        assert!(is_file_name(".htaccess"));
        assert!(!is_file_name("v1.2"));
        assert!(!is_file_name("notes."));
    }

    #[test]
    fn url_paths_that_leave_their_place_are_refused() {
        for bad in ["../x", "a/../../b", "/./", "a\\b", "a?b", "a#b", "a\u{7}b"] {
            assert!(url_path_problem(bad).is_some(), "{bad}");
            let safe = safe_url_path(bad);
            assert!(url_path_problem(&safe).is_none(), "{bad} -> {safe}");
        }
        for good in [
            "/posts/a/",
            "2023/08/24/slug",
            "/old.html",
            "/日本/",
            "a..b/c.d",
        ] {
            assert_eq!(url_path_problem(good), None, "{good}");
        }
        assert_eq!(safe_url_path("/../../x/"), "/x/");
        assert_eq!(safe_url_path(".."), "/");
    }

    #[test]
    fn a_file_gone_between_listing_and_reading_is_left_out_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::default_for(dir.path());
        let gone = dir.path().join("content/posts/gone.md");
        let Err(d) = read_source(&config, &config.content_dir(), &gone) else {
            panic!("a missing file was read")
        };
        assert_eq!(d.severity, crate::diagnostic::Severity::Warning);
        assert_eq!(d.path, Path::new("content/posts/gone.md"));
        assert!(d.message.contains("deleted or moved"), "{}", d.message);
    }

    #[test]
    fn a_leading_heading_is_the_title_of_a_file_without_front_matter() {
        assert_eq!(
            leading_heading("\n# The *title* #\n\nText.\n"),
            Some(("The *title*".to_string(), "\nText.\n", 2))
        );
        assert_eq!(
            leading_heading("Title\n=====\nText.\n"),
            Some(("Title".to_string(), "Text.\n", 2))
        );
        assert_eq!(leading_heading("# C#\n"), Some(("C#".to_string(), "", 1)));
        for none in [
            "## Second level\n",
            "Text.\n# Later\n",
            "#hashtag\n",
            "    # code\n",
            "",
        ] {
            assert_eq!(leading_heading(none), None, "{none:?}");
        }
        assert_eq!(readable("reading-notes-may"), "Reading notes may");
        assert_eq!(readable("über_alles"), "Über alles");
    }

    #[test]
    fn section_urls_are_slugified() {
        assert_eq!(section_url_part("posts/Inside Rust"), "posts/inside-rust");
    }
}
