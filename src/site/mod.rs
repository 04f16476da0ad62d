//! Site: assembles the whole site into an [`Output`].
//!
//! [`build`] runs the pipeline: `content::load` → `markdown::render` per page (rayon) →
//! URL checks → assembly. Assembly is a list of steps, each in its own module, that turn
//! the rendered pages into *render jobs* (an output path, a template and its context of
//! view structs, as [`crate::render::Value`]s: no template engine type is seen here):
//!
//! 1. `pages`      — one job per page (`page.html` or its `template`)
//! 2. `paginate`   — the home page and each section, split into pages of `paginate_by`
//! 3. `taxonomy`   — each taxonomy's index (`/tags/`), its terms' pages (`/tags/TERM/`)
//!    and each term's feeds
//! 4. `feeds`      — the site's feeds (sections' come with their lists)
//! 5. `404.html` and `aliases` (redirect pages)
//! 6. `sitemap`    — `sitemap.xml` (robots.txt is written directly)
//!
//! The steps run side by side; two jobs for one output path are an error. [`commentary`]
//! adds `/quotes/`, `/updates/` and the updates feeds, and `assets` the static files. The
//! result is a [`Plan`]: `build` renders its jobs in parallel and returns the output in
//! memory with the diagnostics; `gloss serve` plans with [`plan_site`] and renders each
//! job when it is first asked for. Nothing here writes to disk (that is
//! `output::write`), so `build`, `serve` and `check` share it. What is derived from one
//! page alone is made once per page (`memo`); `gloss serve` keeps it, with each
//! file's page, between builds ([`cache`]).

pub(crate) mod aliases;
pub(crate) use aliases::site_path as alias_path;
pub(crate) mod archive;
pub(crate) mod assets;
pub mod cache;
pub mod commentary;
pub(crate) mod feeds;
pub(crate) mod lookup;
pub(crate) mod memo;
pub(crate) mod nav;
pub(crate) mod outputs;
pub(crate) mod pages;
pub(crate) mod paginate;
pub mod progress;
pub(crate) mod redirects;
pub(crate) mod related;
pub(crate) mod search;
pub(crate) mod sharing;
pub(crate) mod shortcodes;
pub(crate) mod sitemap;
pub(crate) mod taxonomy;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Content, Drafts, Page};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::images::Catalog;
use crate::markdown::{self, Rendered};
use crate::output::{Output, OutputFile, Overwrite, Staging};
use crate::render::views::ConfigView;
use crate::render::{Context, Templates, Value};
pub use cache::BuildCache;
pub use progress::{NoProgress, Progress, Stage};

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// What earlier builds read and rendered, to reuse (the preview server keeps one).
    pub cache: Option<Arc<BuildCache>>,
    /// Include drafts.
    pub drafts: Drafts,
    /// Replace the configured base URL (e.g. the preview server's address).
    pub base_url: Option<String>,
}

/// A successful build.
#[derive(Debug)]
pub struct Built {
    /// The site's files.
    pub output: Output,
    /// Warnings found on the way, sorted.
    pub warnings: Vec<Diagnostic>,
    /// Number of Markdown pages built.
    pub pages: usize,
    /// Every page and what its Markdown held (for `gloss check`).
    pub rendered: Vec<RenderedPage>,
    /// Posts left out by date (scheduled or expired).
    pub held: content::Held,
    /// The images each section's `_index.md` body shows.
    pub section_images: Vec<SectionImages>,
}

/// The images a section's `_index.md` body shows, as the Markdown stage found them
/// (read by `gloss build` and `gloss serve` for images the output lacks).
#[derive(Debug, Clone)]
pub struct SectionImages {
    /// `_index.md`, relative to the site root.
    pub source: PathBuf,
    /// 1-based line of the body in `_index.md`.
    pub body_line: usize,
    /// The section's site path (`/posts/`): its images are relative to it.
    pub path: String,
    /// The body's image links, each at its line and column in the body.
    pub links: Vec<markdown::Link>,
}

/// A page with its rendered Markdown. Cloning one is cheap: the rendering and the
/// `memo::Memo` are shared.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    /// The page.
    pub page: Page,
    /// Its body, rendered.
    pub rendered: Arc<Rendered>,
    /// What assembly derives from this page alone, made once.
    memo: Arc<memo::Memo>,
}

impl RenderedPage {
    /// A page and its rendered body, nothing derived from them yet.
    pub fn new(page: Page, rendered: Rendered) -> Self {
        RenderedPage {
            page,
            rendered: Arc::new(rendered),
            memo: Arc::default(),
        }
    }
}

/// Site paths gloss generates itself; a page may not take them (nor the index of a
/// configured taxonomy, `/tags/` by default).
pub const RESERVED_PATHS: &[&str] = &["/quotes/", "/updates/", "/page/"];

/// Builds the site at `config.root` in memory (see [`build_with_progress`]).
pub fn build(config: &Config, options: &BuildOptions) -> Result<Built, Vec<Diagnostic>> {
    build_with_progress(config, options, &NoProgress)
}

/// Builds the site at `config.root` in memory, telling `progress` how far it got.
///
/// Errors: every error diagnostic found (content, templates, URL collisions), sorted;
/// warnings come along in the same list.
pub fn build_with_progress(
    config: &Config,
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<Built, Vec<Diagnostic>> {
    let prepared = prepare(config, options, progress, false)?;
    finish(prepared, progress, None)
}

/// Builds the site like [`build_with_progress`], writing each rendered page into a
/// [`Staging`] folder for the output folder `dir` as soon as it is rendered: the built
/// [`Output`] holds those as [`OutputFile::Staged`],
/// so a large site is never all in memory at once. For the same reason the pages'
/// Markdown bodies are let go once rendered, and their rendered HTML once their own page
/// is written: the returned pages have empty `body`s and empty `rendered.html`.
///
/// The staging folder is made only once the content has been read and rendered without
/// errors, so content errors are reported as they are, whatever the output folder.
/// Finish with [`Staging::finish`]; on an error nothing is left behind.
///
/// Errors: as [`build_with_progress`]'s, and [`Staging::create`]'s for the folder.
pub fn build_into(
    config: &Config,
    options: &BuildOptions,
    progress: &dyn Progress,
    dir: &Path,
    overwrite: Overwrite,
) -> Result<(Built, Staging), Vec<Diagnostic>> {
    let prepared = prepare(config, options, progress, true)?;
    let staging = Staging::create(dir, overwrite).map_err(|d| vec![d])?;
    let built = finish(prepared, progress, Some(&staging))?;
    Ok((built, staging))
}

/// A site read and its Markdown rendered without errors, ready for its templates:
/// [`Prepared::plan`] plans every output, [`Prepared::plan_pages`] a few posts' pages
/// alone (`gloss serve`, after a post's text was edited).
pub struct Prepared {
    config: Config,
    templates: Templates,
    content: Content,
    rendered: Vec<RenderedPage>,
    /// Warnings so far.
    diags: Diagnostics,
    /// What earlier builds made, to reuse.
    cache: Option<Arc<BuildCache>>,
    /// The site's images, as the pages' Markdown found them.
    catalog: Arc<Catalog>,
    /// The site's shortcodes, for section bodies.
    shortcodes: Arc<shortcodes::SiteShortcodes>,
    /// `site.data`: the files under `data/`, read once.
    data: Value,
}

/// Reads the site and renders its Markdown; `let_go_bodies` empties each page's
/// Markdown body once rendered.
fn prepare(
    config: &Config,
    options: &BuildOptions,
    progress: &dyn Progress,
    let_go_bodies: bool,
) -> Result<Prepared, Vec<Diagnostic>> {
    let mut config = config.clone();
    if let Some(url) = &options.base_url {
        config.replace_base_url(url).map_err(|d| vec![d])?;
    }
    progress.start(Stage::Load, 0);
    let templates = Templates::load(&config).map_err(|d| vec![d])?;
    let (mut content, mut diags) = match &options.cache {
        Some(cache) => cache.load(&config, options.drafts),
        None => content::load(&config, options.drafts),
    };
    diags.extend(config.i18n.warnings().iter().cloned());
    // A page kept from an earlier build (`gloss serve`) holds the language that build's
    // config loaded: take this config's, which its templates look up.
    for page in &mut content.pages {
        if let Some(language) = &page.language
            && let Ok(Ok(fresh)) = config.languages.get(language.tag())
        {
            page.language = Some(fresh);
        }
    }
    diags.extend(
        content
            .sections
            .values()
            .filter_map(paginate::check_sort_by),
    );
    let md_options = markdown_options(&config);
    let site_shortcodes = shortcodes::for_site(&config, &templates, &content);
    let catalog = Arc::new(Catalog::new(&config, &content));
    templates.set_images(&catalog);
    progress.start(Stage::Markdown, content.pages.len());
    // The pages move into the rendered pages (nothing later reads `content.pages`).
    let rendered: Vec<RenderedPage> = std::mem::take(&mut content.pages)
        .into_par_iter()
        .map(|mut page| {
            let mut md_options = page_options(&config, &md_options, &catalog, &page);
            // Its shortcode templates see this page.
            md_options.shortcodes = Some(site_shortcodes.for_page(&config, &content, &page));
            let rp = match &options.cache {
                Some(cache) => cache.render(&config, page, &md_options),
                None => {
                    let rendered = markdown::render(&page.body, &md_options);
                    if let_go_bodies {
                        page.body = String::new();
                    }
                    RenderedPage::new(page, rendered)
                }
            };
            progress.advance(1);
            rp
        })
        .collect();
    for rp in &rendered {
        diags.extend(
            rp.rendered
                .diagnostics
                .iter()
                .map(|d| d.clone().relocate(&rp.page.source, rp.page.body_line)),
        );
        diags.extend(
            commentary::check(rp)
                .into_iter()
                .map(|d| d.relocate(&rp.page.source, rp.page.body_line)),
        );
    }
    check_collisions(&config, &rendered, &mut diags);
    let data = match crate::data::load_dir(&config.root) {
        Ok(map) => Value::of(&map),
        Err(errors) => {
            diags.extend(errors);
            Value::map([])
        }
    };
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    Ok(Prepared {
        config,
        templates,
        content,
        rendered,
        diags,
        cache: options.cache.clone(),
        catalog,
        shortcodes: site_shortcodes,
        data,
    })
}

/// Renders the templates of a prepared site, writing pages into `staging` if given.
fn finish(
    prepared: Prepared,
    progress: &dyn Progress,
    staging: Option<&Staging>,
) -> Result<Built, Vec<Diagnostic>> {
    let (plan, errors) = plan(prepared);
    plan.render_all(progress, staging, errors)
}

/// Reads the site at `config.root`, renders its Markdown and plans its outputs, without
/// rendering any template: [`Plan::render`] renders each job when asked (`gloss serve`).
///
/// Errors: as [`build_with_progress`]'s, but for those raised while rendering templates.
pub fn plan_site(config: &Config, options: &BuildOptions) -> Result<Plan, Vec<Diagnostic>> {
    prepare_site(config, options)?.plan()
}

/// Reads the site at `config.root` and renders its Markdown, planning nothing yet: the
/// first half of [`plan_site`], so that `gloss serve` can plan an edited post's page
/// before the rest of the site ([`Prepared::plan_pages`]).
///
/// Errors: the content's and the Markdown's (front matter, URL collisions, data files,
/// a template's syntax), sorted, warnings among them.
pub fn prepare_site(config: &Config, options: &BuildOptions) -> Result<Prepared, Vec<Diagnostic>> {
    prepare(config, options, &NoProgress, true)
}

impl Prepared {
    /// Number of Markdown pages.
    pub fn pages(&self) -> usize {
        self.rendered.len()
    }

    /// Warnings found so far (the content's and the Markdown's), sorted.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.diags.clone().sorted()
    }

    /// Plans every output (the second half of [`plan_site`]).
    ///
    /// Errors: a missing template, two outputs at one path, a `[redirects]` entry that
    /// leads nowhere; sorted, with the warnings.
    pub fn plan(self) -> Result<Plan, Vec<Diagnostic>> {
        let (plan, errors) = plan(self);
        if errors.is_empty() {
            Ok(plan)
        } else {
            let mut diags = plan.diags;
            diags.extend(errors);
            Err(diags.sorted())
        }
    }

    /// Plans only the pages of the posts whose source files (relative to the site root,
    /// as [`Page::source`]) are in `sources`: each job is the one [`Prepared::plan`]
    /// would make for that page, with its neighbours, related posts and series taken
    /// among all the site's posts, and its templates see the same `site` value and the
    /// same lookups (`get_page`, `get_url` …). So a page rendered from this plan is the
    /// page the whole plan renders, byte for byte, and costs a fraction of it.
    ///
    /// `last` is what the last good whole plan made without templates ([`Plan::files`]):
    /// sound to lean on only when the site's set of outputs is as it was (no front
    /// matter, template, config or static file changed since): its `_redirects` file is
    /// taken as it is, and a page that a file of it replaced (a static file at the
    /// page's path) gets no job, as in the whole plan.
    ///
    /// Errors: the templates cannot be loaded again (one changed on disk since).
    pub fn plan_pages(&self, sources: &[PathBuf], last: &Output) -> Result<Plan, Vec<Diagnostic>> {
        let mut templates = Templates::load(&self.config).map_err(|d| vec![d])?;
        templates.set_images(&self.catalog);
        let wanted = |rp: &RenderedPage| sources.contains(&rp.page.source);
        let mut site = Site::new(&self.config, &self.content, &self.rendered);
        site.shortcodes = Some(Arc::clone(&self.shortcodes));
        site.images = Some(Arc::clone(&self.catalog));
        let (site_value, jobs) = rayon::join(
            || match &self.cache {
                Some(cache) => cache.site_value(&self.config, &site.posts),
                None => commentary::site_value(&self.config, &site.posts),
            },
            || pages::jobs_of(&site, &wanted),
        );
        templates.set_global_value(
            "site",
            site_value.value.clone().with("data", self.data.clone()),
        );
        // `get_url` sees the files the whole plan makes without templates.
        let files = match templates.calls("get_url") {
            true => {
                let (mut files, _) = plain_files(&site, &self.catalog);
                if let Some(file) = last.get("_redirects") {
                    files.insert("_redirects", file.clone());
                }
                files
            }
            false => Output::default(),
        };
        templates.set_lookup(lookup::make(&site, &templates, &site_value.value, &files));
        // The plan holds the wanted pages alone; each job points at its page's place there.
        let mut rendered: Vec<RenderedPage> = Vec::new();
        let mut places: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        let jobs = jobs
            .into_iter()
            .filter(|job| last.get(&job.out).is_none() && templates.has(&job.template))
            .map(|mut job| {
                job.page = job.page.map(|i| {
                    *places.entry(i).or_insert_with(|| {
                        rendered.push(self.rendered[i].clone());
                        rendered.len() - 1
                    })
                });
                job
            })
            .collect();
        Ok(Plan {
            config: self.config.clone(),
            templates,
            rendered,
            jobs,
            files: Output::default(),
            diags: self.diags.clone(),
            catalog: Arc::clone(&self.catalog),
            held: self.content.held.clone(),
            // No section changed (see above): its text is as the whole plan read it.
            section_images: Vec::new(),
        })
    }
}

/// The files a site makes without templates, but `_redirects` (which needs every job):
/// robots.txt, the static files, the versions of the images the pages show and the
/// sharing cards; with a warning for each card that could not be drawn.
fn plain_files(site: &Site, catalog: &Catalog) -> (Output, Vec<Diagnostic>) {
    let mut files = Output::default();
    files.insert_bytes("robots.txt", sitemap::robots(site.config));
    assets::copy(site, &mut files);
    for (path, cached) in catalog.outputs() {
        files.insert(path, OutputFile::Link(cached));
    }
    let (cards, card_warnings) = pages::cards(site, catalog);
    for (path, cached) in cards {
        files.insert(path, OutputFile::Link(cached));
    }
    (files, card_warnings)
}

/// The Markdown options a site's config gives.
pub fn markdown_options(config: &Config) -> markdown::Options {
    markdown::Options {
        dialect: markdown::Dialect::Gloss,
        smart_punctuation: config.markdown.smart_punctuation,
        highlight_code: config.markdown.highlight_code,
        timezone: config.timezone.clone(),
        base_path: config.base_path().to_string(),
        // Each page's own (`page_options`).
        permalink: String::new(),
        heading_ids: config.markdown.heading_ids,
        search: config.search,
        images: None,
        figures: config.images.figures,
        image_sizes: config.images.sizes.clone(),
        shortcodes: None,
        // As posts dated in the future are (`content::hold_back`).
        scheduled_notices: match config.future {
            true => markdown::ScheduledNotices::Marked(jiff::Timestamp::now()),
            false => markdown::ScheduledNotices::Held(jiff::Timestamp::now()),
        },
        language: Arc::clone(&config.i18n),
        // Each page's own, in `page_options`.
        page_title: String::new(),
    }
}

/// `options` for `page`: its images looked up in `catalog`, its words and dates in its
/// own language when it names one, its permalink (from `config`'s base URL), its title.
pub fn page_options(
    config: &Config,
    options: &markdown::Options,
    catalog: &Arc<Catalog>,
    page: &Page,
) -> markdown::Options {
    let mut options = options.clone();
    options.images = Some(Arc::new(catalog.for_page(&page.path)));
    options.page_title.clone_from(&page.title);
    options.permalink = config.permalink(&page.path);
    if let Some(language) = &page.language {
        options.language = Arc::clone(language);
    }
    options
}

/// A page at a URL gloss generates itself, or a URL outside the output folder: errors at
/// the key that made the URL. Two outputs at one path are [`outputs::check`]'s.
fn check_collisions(config: &Config, pages: &[RenderedPage], diags: &mut Diagnostics) {
    // Point at the key that made the URL, when the front matter has one.
    let at_url_key =
        |d: Diagnostic, p: &Page| match locate_key(config, &p.source, &["path", "slug"]) {
            Some((line, column)) => d.at(line, column),
            None => d,
        };
    for rp in pages {
        let p = &rp.page;
        // `..` in a `path` or an alias would write outside the output folder: say so at
        // the key, not at the output path, which names no source.
        let escapes = std::iter::once((p.path.clone(), &["path", "slug"][..]))
            .chain(
                p.front
                    .aliases
                    .iter()
                    .map(|a| (aliases::site_path(a), &["aliases", "redirect_from"][..])),
            )
            .filter(|(path, _)| !crate::output::is_inside(&output_path(path)));
        for (path, keys) in escapes {
            let mut d = Diagnostic::error(
                &p.source,
                format!("the URL {path} would be written outside the output folder"),
            )
            .with_help(format!(
                "remove the `..` segments from `{}`: a URL is a path inside the site",
                keys[0]
            ));
            if let Some((line, column)) = locate_key(config, &p.source, keys) {
                d = d.at(line, column);
            }
            diags.push(d);
        }
        if !p.front.outputs.is_empty() && !p.is_html() {
            let mut d = Diagnostic::error(
                &p.source,
                format!(
                    "this page is written as the file {} and cannot have other `outputs`",
                    p.path
                ),
            )
            .with_help("remove `outputs`, or give the page a `path` that is a folder");
            if let Some((line, column)) = locate_key(config, &p.source, &["outputs"]) {
                d = d.at(line, column);
            }
            diags.push(d);
        }
        if RESERVED_PATHS
            .iter()
            .any(|r| p.path == *r || (p.path.starts_with(r) && *r == "/page/"))
            || p.path == "/"
            || config
                .taxonomies
                .iter()
                .any(|t| p.path == taxonomy::index_path(t))
        {
            diags.push(at_url_key(
                Diagnostic::error(
                    &p.source,
                    format!("this page's URL {} is one gloss generates itself", p.path),
                )
                .with_help("give the page another `slug` or `path` in its front matter"),
                p,
            ));
        }
    }
}

/// The 1-based (line, column) of the first of `keys` in the front matter of `source`
/// (relative to the site root). Reads the file again: only for messages about a failure.
pub fn locate_key(
    config: &Config,
    source: &std::path::Path,
    keys: &[&str],
) -> Option<(usize, usize)> {
    let bytes = std::fs::read(config.root.join(source)).ok()?;
    let text = content::decode(&bytes).ok()?;
    let split = content::front_matter::split(&text).ok()?;
    split.format?;
    keys.iter().find_map(|key| {
        content::front_matter::locate_key(split.front, key)
            .map(|(line, column)| (line + split.front_line - 1, column))
    })
}

/// A page's date for sorting: newest first, undated last, then by path for stability.
pub fn sort_newest_first(pages: &mut [&RenderedPage]) {
    pages.sort_by(|a, b| {
        let ka = a.page.date.as_ref().map(jiff::ZonedDateTime::timestamp);
        let kb = b.page.date.as_ref().map(jiff::ZonedDateTime::timestamp);
        kb.cmp(&ka).then_with(|| a.page.path.cmp(&b.page.path))
    });
}

/// Output path of a site path: `/posts/a/` → `posts/a/index.html`.
pub fn output_path(site_path: &str) -> String {
    let trimmed = site_path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// The id prefix for a post's ids on pages that show several posts: its path without
/// the outer slashes, then `/` (`posts/review/` gives `posts/review/quote-1`).
///
/// Unambiguous: no two pages share a path, and a path's segments are slugs, which never
/// hold `/`, so where the prefix ends is plain (`posts/review/2024-quote-1` and
/// `posts/review-2024/quote-1` differ, where `SLUG-` gave both `review-2024-quote-1`).
/// Characters that would need escaping in an attribute or a fragment (an explicit slug
/// may hold `"` or `<`) are percent-encoded; `%` itself is never in a slug.
pub fn id_prefix(page: &Page) -> String {
    path_id_prefix(&page.path)
}

/// [`id_prefix`] of a page at the site path `path` (`/posts/review/`).
pub fn path_id_prefix(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    for c in path.trim_matches('/').chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/') {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out.push('/');
    out
}

/// One file to render: a template, its context, and where the result goes.
#[derive(Debug, Clone)]
pub struct RenderJob {
    /// Output path (`posts/a/index.html`).
    pub out: String,
    /// Template name.
    pub template: String,
    /// The context (`config`, and `page` or `section`…): lists and maps inside are
    /// shared between jobs, not copied.
    pub context: Context,
    /// The source file this output comes from, for messages.
    pub source: Option<PathBuf>,
    /// The page (an index into [`Site::rendered`]) whose `page` variable is added just
    /// before rendering, so that the pages' views are not all in memory at once.
    pub page: Option<usize>,
    /// Fields set on that `page` variable (`lower`, `higher`, `related`: what the
    /// page's neighbours in its section and its related posts are, which the page alone
    /// cannot know).
    pub page_extra: Option<Value>,
    /// What makes this output, for `outputs::check`'s messages.
    pub maker: outputs::Maker,
    /// For an extra output of a section or page (`outputs` in its front matter), its
    /// format (`json`); `None` for the HTML page and everything else.
    pub format: Option<String>,
}

impl RenderJob {
    /// The same job's extra output in `format` ([`FrontMatter::outputs`](crate::content::FrontMatter::outputs)):
    /// its template and output path with their extension replaced by the format's
    /// (`section.html` → `section.json`, `posts/index.html` → `posts/index.json`), the
    /// same variables.
    pub(crate) fn output(&self, format: &str) -> RenderJob {
        let swap = |name: &str| {
            let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
            format!("{stem}.{format}")
        };
        RenderJob {
            out: swap(&self.out),
            template: swap(&self.template),
            format: Some(format.to_string()),
            ..self.clone()
        }
    }
}

impl RenderJob {
    /// Adds a variable, converting the view.
    #[must_use]
    pub fn with(self, name: &'static str, view: &impl serde::Serialize) -> Self {
        self.with_value(name, Value::of(view))
    }

    /// Adds a variable already converted (cloning a [`Value`] shares its contents).
    #[must_use]
    pub fn with_value(mut self, name: &'static str, value: Value) -> Self {
        self.context.insert(name, value);
        self
    }
}

/// Jobs rendered at once between two hand-overs to the search indexer (see
/// [`Plan::render_all`]): large enough to keep every core busy, small enough that the
/// pages waiting for the index take little memory.
const RENDER_CHUNK: usize = 128;

/// What every assembly step reads: the config, its view (with the navigation), the
/// posts newest first, and each post's list summary (converted once, shared by lists).
pub struct Site<'a> {
    /// The resolved config.
    pub config: &'a Config,
    /// `config` as templates see it.
    pub config_view: ConfigView,
    /// Everything under `content/`.
    pub content: &'a Content,
    /// Every page, rendered, in source order.
    pub rendered: &'a [RenderedPage],
    /// Pages in sections (not top-level pages), newest first; not those `unlisted`, nor
    /// those written as files other than HTML.
    pub posts: Vec<&'a RenderedPage>,
    /// The newest date of the build: of any page's publication or last update. What an
    /// empty feed says it was `updated`.
    pub newest: Option<jiff::ZonedDateTime>,
    /// The site's shortcodes, for section bodies (`None`: none are run).
    pub(crate) shortcodes: Option<Arc<shortcodes::SiteShortcodes>>,
    /// Each configured taxonomy with its terms and their posts.
    pub(crate) taxonomies: Vec<taxonomy::Taxonomy<'a>>,
    /// The site's images, for section bodies (`None`: images in them are left as
    /// written).
    pub(crate) images: Option<Arc<Catalog>>,
    config_value: Value,
}

impl<'a> Site<'a> {
    /// Gathers what the assembly steps share.
    pub fn new(config: &'a Config, content: &'a Content, rendered: &'a [RenderedPage]) -> Self {
        // A page left out of collections (`eleventyExcludeFromCollections`) is in no
        // list, nor a page written as a file other than HTML (`feed.json`).
        let mut posts: Vec<&RenderedPage> = rendered
            .iter()
            .filter(|rp| {
                !rp.page.section.is_empty() && !rp.page.front.unlisted && rp.page.is_html()
            })
            .collect();
        sort_newest_first(&mut posts);
        // Each summary is made once, here in parallel, and shared by every list.
        rendered.par_iter().for_each(|rp| {
            pages::summary_value(config, rp);
        });
        let taxonomies = taxonomy::gather(config, &posts);
        let mut config_view = ConfigView::new(config);
        config_view.nav = nav::derive(config, content, &posts, &taxonomies);
        let newest = rendered
            .iter()
            .filter_map(|rp| commentary::effective_updated(config, rp).or(rp.page.date.clone()))
            .max_by_key(jiff::ZonedDateTime::timestamp);
        Site {
            config,
            newest,
            config_value: Value::of(&config_view),
            config_view,
            content,
            rendered,
            posts,
            shortcodes: None,
            taxonomies,
            images: None,
        }
    }

    /// The list summary of a page (shared, not copied).
    pub fn summary(&self, rp: &RenderedPage) -> Value {
        pages::summary_value(self.config, rp)
    }

    /// The list summaries of `posts` as one list, sharing each summary's value.
    pub fn summary_list(&self, posts: &[&RenderedPage]) -> Value {
        Value::list(posts.iter().map(|rp| self.summary(rp)))
    }

    /// A job rendering `template` into `out`, with `config` in its context; add the
    /// template's other variables with [`RenderJob::with`].
    pub fn job(
        &self,
        out: impl Into<String>,
        template: &str,
        source: Option<PathBuf>,
    ) -> RenderJob {
        let mut context = Context::new();
        context.insert("config", self.config_value.clone());
        let out = out.into();
        RenderJob {
            maker: match &source {
                Some(source) => outputs::Maker::Page(source.clone()),
                None => outputs::Maker::Generated(out.clone()),
            },
            out,
            template: template.to_string(),
            context,
            source,
            page: None,
            page_extra: None,
            format: None,
        }
    }
}

/// A site read, its Markdown rendered and its outputs planned: the jobs that render its
/// templates and the files made without them. [`Plan::render`] renders one job; `gloss
/// build` renders them all ([`build`]), `gloss serve` each when it is first asked for.
pub struct Plan {
    config: Config,
    templates: Templates,
    rendered: Vec<RenderedPage>,
    jobs: Vec<RenderJob>,
    files: Output,
    /// Warnings so far.
    diags: Diagnostics,
    /// The site's images (templates' `resize_image` makes files through it).
    catalog: Arc<Catalog>,
    /// Posts left out by date.
    held: content::Held,
    /// The images each section's `_index.md` body shows.
    section_images: Vec<SectionImages>,
}

impl Plan {
    /// The site's config (with the base URL it is built for).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Every page, rendered, in source order.
    pub fn rendered(&self) -> &[RenderedPage] {
        &self.rendered
    }

    /// The images each section's `_index.md` body shows.
    pub fn section_images(&self) -> &[SectionImages] {
        &self.section_images
    }

    /// The template jobs, in order: a later job at the same path replaces an earlier one.
    pub fn jobs(&self) -> &[RenderJob] {
        &self.jobs
    }

    /// The files made without templates (robots.txt, `_redirects`, static files); each
    /// replaces a job at the same path, as a site's `static/` file replaces a page.
    pub fn files(&self) -> &Output {
        &self.files
    }

    /// The cached file behind an output path that a template's `resize_image` made
    /// while rendering (`gloss serve` renders on request, after planning).
    pub fn resized_image(&self, out: &str) -> Option<PathBuf> {
        self.catalog.resized_file(out)
    }

    /// Warnings found so far, sorted.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.diags.clone().sorted()
    }

    /// Renders one of [`Plan::jobs`].
    ///
    /// Errors: what the template raises while rendering (an undefined variable, a
    /// failing filter), at the template's file and line.
    pub fn render(&self, job: &RenderJob) -> Result<String, Diagnostic> {
        self.render_with(job, job.page.map(|i| &self.rendered[i]))
    }

    /// Renders `job`, whose page (the `page` variable) is `page`.
    fn render_with(
        &self,
        job: &RenderJob,
        page: Option<&RenderedPage>,
    ) -> Result<String, Diagnostic> {
        let with_page;
        let context = match page {
            Some(rp) => {
                let mut context = job.context.clone();
                let value = pages::value(&self.config, rp);
                let value = match &job.page_extra {
                    Some(extra) => value.merged(extra.clone()),
                    None => value,
                };
                context.insert("page", value);
                // A page in another language than the site's speaks it throughout.
                if let Some(language) = &rp.page.language {
                    context.insert("lang", Value::of(&language.tag()));
                    context.insert("dir", Value::of(&language.dir()));
                }
                with_page = context;
                &with_page
            }
            None => &job.context,
        };
        self.templates
            .render_context(&job.template, context, job.source.as_deref())
    }

    /// The URL under which job `i` goes into the search index, when it renders a page
    /// that is indexed (`search::indexes`): the site path (`/posts/a/`), without the
    /// base URL's sub-path, which Pagefind's script puts in front (it serves the index
    /// from `SUB-PATH/pagefind/`).
    pub fn search_url(&self, i: usize) -> Option<String> {
        let job = self.jobs.get(i)?;
        if job.format.is_some() {
            return None;
        }
        let rp = &self.rendered[job.page?];
        search::indexes(&self.config, rp).then(|| rp.page.path.clone())
    }

    /// Renders every job in parallel (writing each into `staging` if given), indexes the
    /// pages for search meanwhile, and puts the result together with the other files.
    ///
    /// Jobs are rendered [`RENDER_CHUNK`] at a time, in parallel within a chunk, and each
    /// chunk's pages are handed to the indexer in job order while the next chunk renders:
    /// the index is made beside the rendering, and the same at every build.
    ///
    /// Written into `staging`, a page's Markdown HTML is let go as soon as its own page
    /// is written: lists and feeds took what they show of it (summaries, feed entries)
    /// when they were planned, so the site's HTML is never all in memory at once.
    fn render_all(
        mut self,
        progress: &dyn Progress,
        staging: Option<&Staging>,
        mut errors: Vec<Diagnostic>,
    ) -> Result<Built, Vec<Diagnostic>> {
        progress.start(Stage::Templates, self.jobs.len());
        let mut indexer = self
            .config
            .search
            .then(|| search::Indexer::start(&self.config));
        // Taken before the pages move behind their locks.
        let urls: Vec<Option<String>> = match indexer {
            Some(_) => (0..self.jobs.len()).map(|i| self.search_url(i)).collect(),
            None => vec![None; self.jobs.len()],
        };
        // Each page behind a lock of its own (one job renders a page: never contended),
        // with the number of its jobs still to render.
        let mut left = vec![0usize; self.rendered.len()];
        for i in self.jobs.iter().filter_map(|job| job.page) {
            left[i] += 1;
        }
        let pages: Vec<std::sync::Mutex<(RenderedPage, usize)>> =
            std::mem::take(&mut self.rendered)
                .into_iter()
                .zip(left)
                .map(std::sync::Mutex::new)
                .collect();
        let mut results: Vec<Result<OutputFile, Diagnostic>> = Vec::with_capacity(self.jobs.len());
        let indices: Vec<usize> = (0..self.jobs.len()).collect();
        for chunk in indices.chunks(RENDER_CHUNK) {
            let done: Vec<(Result<OutputFile, Diagnostic>, Option<search::Page>)> = chunk
                .par_iter()
                .map(|&i| {
                    let job = &self.jobs[i];
                    let text = match job.page {
                        Some(p) => {
                            let mut slot = pages[p]
                                .lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner);
                            let (rp, left) = &mut *slot;
                            let text = self.render_with(job, Some(rp));
                            *left -= 1;
                            if *left == 0
                                && staging.is_some()
                                && let Some(r) = Arc::get_mut(&mut rp.rendered)
                            {
                                r.html = String::new();
                            }
                            text
                        }
                        None => self.render_with(job, None),
                    };
                    let url = urls[i].clone();
                    let mut indexed = None;
                    let result = text.and_then(|text| match staging {
                        Some(staging) => {
                            let written = staging.put(&job.out, text.as_bytes());
                            indexed = url.map(|url| (url, text));
                            written.map(|()| OutputFile::Staged)
                        }
                        None => {
                            indexed = url.map(|url| (url, text.clone()));
                            Ok(OutputFile::Bytes(text.into_bytes()))
                        }
                    });
                    progress.advance(1);
                    (result, indexed)
                })
                .collect();
            for (result, indexed) in done {
                if let (Some(indexer), Some((url, html))) = (&mut indexer, indexed) {
                    indexer.add(url, html);
                }
                results.push(result);
            }
        }
        self.rendered = pages
            .into_iter()
            .map(|m| {
                m.into_inner()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .0
            })
            .collect();
        let mut output = Output::default();
        for (job, result) in self.jobs.iter().zip(results) {
            match result {
                Ok(file) => {
                    output.insert(job.out.clone(), file);
                }
                // Errors that differ only in the page merge in Diagnostics::sorted.
                Err(d) => errors.push(d),
            }
        }
        let mut diags = self.diags;
        if let Some(indexer) = indexer {
            match indexer.finish() {
                Ok((files, warnings)) => {
                    diags.extend(warnings);
                    for (path, bytes) in files {
                        let file = match staging {
                            Some(staging) => {
                                staging.put(&path, &bytes).map(|()| OutputFile::Staged)
                            }
                            None => Ok(OutputFile::Bytes(bytes)),
                        };
                        match file {
                            Ok(file) => {
                                output.insert(path, file);
                            }
                            Err(d) => errors.push(d),
                        }
                    }
                }
                Err(d) => errors.push(d),
            }
        }
        for (path, file) in self.files.iter() {
            output.insert(path, file.clone());
        }
        for (path, cached) in self.catalog.resized_outputs() {
            output.insert(path, OutputFile::Link(cached));
        }
        if !errors.is_empty() {
            diags.extend(errors);
            return Err(diags.sorted());
        }
        Ok(Built {
            output,
            warnings: diags.sorted(),
            pages: self.rendered.len(),
            rendered: self.rendered,
            held: self.held,
            section_images: self.section_images,
        })
    }
}

/// Plans a prepared site. Errors (a missing template, two outputs at one path) come back
/// beside the plan, so that a build can report them with its rendering errors.
fn plan(prepared: Prepared) -> (Plan, Vec<Diagnostic>) {
    let Prepared {
        config,
        mut templates,
        content,
        rendered,
        diags,
        cache,
        catalog,
        shortcodes,
        data,
    } = prepared;
    let mut held = content.held.clone();
    if !config.future {
        held.notices = rendered
            .iter()
            .flat_map(|rp| rp.rendered.scheduled_notices.iter().cloned())
            .collect();
        held.notices.sort_by_key(jiff::ZonedDateTime::timestamp);
    }
    let mut errors = Vec::new();
    let warnings;
    let section_images;
    let mut files;
    let card_diags;
    let jobs = {
        let mut site = Site::new(&config, &content, &rendered);
        site.shortcodes = Some(shortcodes);
        site.images = Some(Arc::clone(&catalog));
        let undated = feeds::undated_warnings(&site);
        let series = taxonomy::series_warnings(&site);
        // The steps read the site alone: they run side by side, and their jobs are put
        // together in this order.
        let steps: [fn(&Site) -> Vec<RenderJob>; 8] = [
            pages::jobs,
            archive::jobs,
            taxonomy::jobs,
            feeds::site_jobs,
            |site| vec![site.job("404.html", "404.html", None)],
            aliases::jobs,
            |site| vec![sitemap::job(site)],
            |site| match site.config.search {
                true => vec![site.job(search::PAGE, "search.html", None)],
                false => Vec::new(),
            },
        ];
        let (site_value, (mut parts, (lists, images, section_diags))) = rayon::join(
            || match &cache {
                Some(cache) => cache.site_value(&config, &site.posts),
                None => commentary::site_value(&config, &site.posts),
            },
            || {
                rayon::join(
                    || steps.par_iter().map(|step| step(&site)).collect::<Vec<_>>(),
                    || paginate::jobs(&site),
                )
            },
        );
        // The lists' jobs after the pages', before the others.
        parts.insert(1, lists);
        section_images = images;
        // An error in a section's text (a shortcode that fails) fails the build, as in
        // a post's; its warnings are told with the others.
        let (section_errors, section_warnings): (Vec<_>, Vec<_>) =
            section_diags.into_iter().partition(Diagnostic::is_error);
        errors.extend(section_errors);
        // `site` (quotes and updates across the site) in every template, from the
        // templates' global context: shared by all pages rather than copied into each one's.
        templates.set_global_value("site", site_value.value.clone().with("data", data));
        let mut jobs: Vec<RenderJob> = parts.into_iter().flatten().collect();
        jobs.extend(commentary::jobs(&site, &site_value));

        let (plain, card_warnings) = plain_files(&site, &catalog);
        files = plain;
        // `[redirects]` point at what the build writes, so they are resolved last.
        let (config_redirects, redirect_errors) = aliases::resolve(&site, &jobs, &files);
        errors.extend(redirect_errors);
        jobs.extend(aliases::redirect_jobs(&site, &config_redirects));
        if config.redirects_file {
            files.insert_bytes(
                "_redirects",
                redirects::file(&config, &rendered, &config_redirects),
            );
        }
        card_diags = card_warnings;
        catalog.save();
        templates.set_lookup(lookup::make(&site, &templates, &site_value.value, &files));
        // Every output, with or without a template, goes through the one check.
        let verdict = outputs::check(&config, &mut jobs, &files);
        errors.extend(verdict.errors);
        // A `template` that does not exist is the front matter's fault: say so there
        // (after the check: a page whose `path` takes another output's has that error,
        // whatever its template).
        jobs.retain(|job| {
            if templates.has(&job.template) {
                return true;
            }
            if !verdict.clashed.contains(&job.out) {
                errors.push(missing_template(&config, job));
            }
            false
        });
        warnings = verdict
            .warnings
            .into_iter()
            .chain(undated)
            .chain(series)
            .chain(section_warnings)
            .collect::<Vec<_>>();
        jobs
    };
    let mut diags = diags;
    diags.extend(warnings);
    diags.extend(card_diags);
    let plan = Plan {
        config,
        templates,
        rendered,
        jobs,
        files,
        diags,
        catalog,
        held,
        section_images,
    };
    (plan, errors)
}

fn missing_template(config: &Config, job: &RenderJob) -> Diagnostic {
    let name = &job.template;
    if let (Some(format), Some(source)) = (&job.format, &job.source) {
        let d = Diagnostic::error(
            source,
            format!("no template for the {format} output: {name:?} does not exist"),
        )
        .with_help(format!(
            "add templates/{name} (the {format} output of a page or section is rendered with its HTML template's name ending in .{format}), or remove {format:?} from `outputs`"
        ));
        return match locate_key(config, source, &["outputs"]) {
            Some((line, column)) => d.at(line, column),
            None => d,
        };
    }
    match &job.source {
        Some(source) => {
            let d = Diagnostic::error(source, format!("the template {name:?} does not exist"));
            match locate_key(config, source, &["template"]) {
                Some((line, column)) => d.at(line, column).with_help(format!(
                    "add templates/{name}, or fix the `template` key of this file's front matter"
                )),
                // No `template`: the name comes from the page's `path` (`page.json` for a
                // page written as `feed.json`).
                None => {
                    let d = d.with_help(format!(
                        "add templates/{name}, or name another with `template` in this file's front matter: a page written as {} is rendered with {name} unless its `template` says otherwise",
                        outputs::site_path(&job.out)
                    ));
                    match locate_key(config, source, &["path", "url", "permalink"]) {
                        Some((line, column)) => d.at(line, column),
                        None => d,
                    }
                }
            }
        }
        None => Diagnostic::error(
            PathBuf::from("templates").join(name),
            format!("the template {name:?} does not exist"),
        )
        .with_help(format!("add templates/{name}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page a job at `out` of `plan` renders.
    fn rendered(plan: &Plan, out: &str) -> String {
        let job = plan.jobs().iter().find(|j| j.out == out).unwrap();
        plan.render(job).unwrap()
    }

    #[test]
    fn a_page_planned_alone_is_the_page_the_whole_plan_renders() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "gloss.toml",
            "title = \"Alone\"\ntaxonomies = [\"tags\", \"series\"]\n",
        );
        // Neighbours on both sides, a series, and posts quoting the same source.
        let post = |day: u32, body: &str| {
            write(
                &format!("content/posts/p{day}.md"),
                &format!(
                    "---\ntitle: Post {day}\ndate: 2024-01-{day:02}\ntags: [boats]\nseries: Building\n---\n{body}\n\nAs [the Gazette](https://gazette.example/s{day}) wrote:\n\n> Words {day}.\n"
                ),
            );
        };
        for day in 1..=5 {
            post(day, &format!("Text of post {day}."));
        }
        let config = Config::load(&root).unwrap();
        let cache = Arc::new(BuildCache::watched());
        let options = BuildOptions {
            cache: Some(Arc::clone(&cache)),
            ..Default::default()
        };
        let last = plan_site(&config, &options).unwrap();
        let out = "posts/p3/index.html";
        let before = rendered(&last, out);

        post(
            3,
            "New text of post 3, with [a link](https://ledger.example/x).",
        );
        cache.changed([root.join("content/posts/p3.md").as_path()]);
        let prepared = prepare_site(&config, &options).unwrap();
        assert_eq!(
            cache.body_edits(),
            Some(vec![root.join("content/posts/p3.md")])
        );
        let alone = prepared
            .plan_pages(&[PathBuf::from("content/posts/p3.md")], last.files())
            .unwrap();
        assert_eq!(alone.jobs().len(), 1, "only the edited post's page");
        let fast = rendered(&alone, out);
        let whole = rendered(&prepared.plan().unwrap(), out);
        assert_eq!(fast, whole);
        assert_ne!(fast, before);
        assert!(fast.contains("New text of post 3"), "{fast}");
        for part in [
            "post-nav-lower",
            "post-nav-higher",
            "series-parts",
            "related-reason",
        ] {
            assert!(fast.contains(part), "{part} missing: {fast}");
        }

        // A front matter edit is not an edit of the text alone.
        write(
            "content/posts/p3.md",
            "---\ntitle: Post 3\ndate: 2024-01-03\ntags: [boats, sails]\nseries: Building\n---\nText.\n",
        );
        cache.changed([root.join("content/posts/p3.md").as_path()]);
        prepare_site(&config, &options).unwrap();
        assert_eq!(cache.body_edits(), None);
    }
}
