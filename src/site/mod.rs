//! Site: assembles the whole site into an [`Output`].
//!
//! [`build`] runs the pipeline: `content::load` → `markdown::render` per page (rayon) →
//! URL checks → assembly. Assembly is a list of steps, each in its own module, that turn
//! the rendered pages into *render jobs* (an output path, a template and its context):
//!
//! 1. [`pages`]    — one job per page (`page.html` or its `template`)
//! 2. [`paginate`] — the home page and each section, split into pages of `paginate_by`
//! 3. [`taxonomy`] — `/tags/`, `/tags/TERM/` and each term's feed
//! 4. [`feeds`]    — the site's Atom feed
//! 5. `404.html` and [`aliases`] (redirect pages)
//! 6. [`sitemap`]  — `sitemap.xml` (robots.txt is written directly)
//!
//! The jobs are then rendered in parallel; two jobs for one output path are an error.
//! [`commentary`] adds `/quotes/`, `/updates/` and `/updates.xml`, and [`assets`] the
//! static files. `build` returns the output in memory with the diagnostics; it never
//! writes to disk (that is `output::write`), so `build`, `serve` and `check` share it.

pub mod aliases;
pub mod assets;
pub mod commentary;
pub mod feeds;
pub mod nav;
pub mod pages;
pub mod paginate;
pub mod progress;
pub mod redirects;
pub mod sitemap;
pub mod taxonomy;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Content, Drafts, Page};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, Rendered};
use crate::output::{Output, OutputFile, Overwrite, Staging};
use crate::render::Templates;
use crate::render::views::ConfigView;
pub use progress::{NoProgress, Progress, Stage};

/// Rendered Markdown kept between builds (`gloss serve`), keyed by a hash of the body and
/// the Markdown options, so that an unchanged page is not rendered again. Never stale:
/// a changed body or option gives another key.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: std::sync::Mutex<std::collections::HashMap<u64, Rendered>>,
}

impl RenderCache {
    fn key(body: &str, options: &markdown::Options) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        body.hash(&mut h);
        options.dialect.hash(&mut h);
        options.smart_punctuation.hash(&mut h);
        options.highlight_code.hash(&mut h);
        options.timezone.iana_name().hash(&mut h);
        options.base_path.hash(&mut h);
        h.finish()
    }

    /// Renders `body`, or returns the rendering kept from an earlier build.
    pub fn render(&self, body: &str, options: &markdown::Options) -> Rendered {
        let key = Self::key(body, options);
        if let Some(r) = self.entries.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return r;
        }
        let r = markdown::render(body, options);
        if let Ok(mut m) = self.entries.lock() {
            m.insert(key, r.clone());
        }
        r
    }

    /// Number of kept renderings.
    pub fn len(&self) -> usize {
        self.entries.lock().map(|m| m.len()).unwrap_or(0)
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Rendered Markdown to reuse across builds (the preview server keeps one).
    pub cache: Option<std::sync::Arc<RenderCache>>,
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
}

/// A page with its rendered Markdown.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    /// The page.
    pub page: Page,
    /// Its body, rendered.
    pub rendered: Rendered,
}

/// Site paths gloss generates itself; a page may not take them.
pub const RESERVED_PATHS: &[&str] = &["/tags/", "/quotes/", "/updates/", "/page/"];

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
/// [`Output`] holds those as [`OutputFile::Staged`](crate::output::OutputFile::Staged),
/// so a large site is never all in memory at once. For the same reason the pages'
/// Markdown bodies are let go once rendered: the returned pages have empty `body`s.
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

/// A site read and rendered without errors, ready for its templates.
struct Prepared {
    config: Config,
    templates: Templates,
    content: Content,
    rendered: Vec<RenderedPage>,
    /// Warnings so far.
    diags: Diagnostics,
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
        config.base_url = crate::config::normalize_base_url(url).map_err(|why| {
            vec![Diagnostic::error(
                "--base-url",
                format!("{url:?} is not usable: {why}"),
            )]
        })?;
    }
    progress.start(Stage::Load, 0);
    let templates = Templates::load(&config).map_err(|d| vec![d])?;
    let (mut content, mut diags) = content::load(&config, options.drafts);
    diags.extend(
        content
            .sections
            .values()
            .filter_map(paginate::check_sort_by),
    );
    let md_options = markdown_options(&config);
    progress.start(Stage::Markdown, content.pages.len());
    // The pages move into the rendered pages (nothing later reads `content.pages`).
    let rendered: Vec<RenderedPage> = std::mem::take(&mut content.pages)
        .into_par_iter()
        .map(|mut page| {
            let rendered = match &options.cache {
                Some(cache) => cache.render(&page.body, &md_options),
                None => markdown::render(&page.body, &md_options),
            };
            if let_go_bodies {
                page.body = String::new();
            }
            progress.advance(1);
            RenderedPage { page, rendered }
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
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    Ok(Prepared {
        config,
        templates,
        content,
        rendered,
        diags,
    })
}

/// Renders the templates of a prepared site, writing pages into `staging` if given.
fn finish(
    prepared: Prepared,
    progress: &dyn Progress,
    staging: Option<&Staging>,
) -> Result<Built, Vec<Diagnostic>> {
    let Prepared {
        config,
        mut templates,
        content,
        rendered,
        mut diags,
    } = prepared;
    let config = &config;
    // `site` (quotes and updates across the site) in every template, from tera's global
    // context: shared by all pages rather than copied into each one's.
    let mut posts: Vec<&RenderedPage> = rendered
        .iter()
        .filter(|rp| !rp.page.section.is_empty())
        .collect();
    sort_newest_first(&mut posts);
    templates.set_global_value("site", commentary::site_value(config, &posts));
    let output = assemble(config, &templates, &content, &rendered, progress, staging);
    match output {
        Ok(output) => Ok(Built {
            output,
            warnings: diags.sorted(),
            pages: rendered.len(),
            rendered,
        }),
        Err(errors) => {
            diags.extend(errors);
            Err(diags.sorted())
        }
    }
}

/// The Markdown options a site's config gives.
pub fn markdown_options(config: &Config) -> markdown::Options {
    markdown::Options {
        dialect: markdown::Dialect::Gloss,
        smart_punctuation: config.markdown.smart_punctuation,
        highlight_code: config.markdown.highlight_code,
        timezone: config.timezone.clone(),
        base_path: config.base_path().to_string(),
    }
}

/// Two sources at one URL, a page at a generated URL, or an alias onto a page: an error
/// naming both files.
fn check_collisions(config: &Config, pages: &[RenderedPage], diags: &mut Diagnostics) {
    // Point at the key that made the URL, when the front matter has one.
    let at_url_key =
        |d: Diagnostic, p: &Page| match locate_key(config, &p.source, &["path", "slug"]) {
            Some((line, column)) => d.at(line, column),
            None => d,
        };
    let mut seen: BTreeMap<&str, &Page> = BTreeMap::new();
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
        if RESERVED_PATHS
            .iter()
            .any(|r| p.path == *r || (p.path.starts_with(r) && *r == "/page/"))
            || p.path == "/"
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
        if let Some(first) = seen.insert(&p.path, p) {
            // Report it on the page whose `slug` or `path` made the clash, if one did.
            let key = |page: &Page| locate_key(config, &page.source, &["path", "slug"]);
            let (culprit, other, at) = match (key(p), key(first)) {
                (None, Some(at)) => (first, p, Some(at)),
                (at, _) => (p, first, at),
            };
            let mut d = Diagnostic::error(
                &culprit.source,
                format!(
                    "this page has the same URL {} as {}",
                    p.path,
                    other.source.display()
                ),
            )
            .with_help("give one of them another `slug` or `path` in its front matter");
            if let Some((line, column)) = at {
                d = d.at(line, column);
            }
            diags.push(d);
        }
    }
    for rp in pages {
        for alias in &rp.page.front.aliases {
            let path = aliases::site_path(alias);
            if let Some(owner) = seen.get(path.as_str()) {
                let mut d = Diagnostic::error(
                        &rp.page.source,
                        format!(
                            "the alias {alias:?} is the URL of {}, so its redirect would replace that page",
                            owner.source.display()
                        ),
                    )
                    .with_help("remove the alias, or move the other page");
                if let Some((line, column)) =
                    locate_key(config, &rp.page.source, &["aliases", "redirect_from"])
                {
                    d = d.at(line, column);
                }
                diags.push(d);
            }
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
        let ka = a.page.date.as_ref().map(|d| d.timestamp());
        let kb = b.page.date.as_ref().map(|d| d.timestamp());
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

/// The id prefix for a post's ids on pages that show several posts: `SLUG-`.
pub fn id_prefix(page: &Page) -> String {
    format!("{}-", page.slug)
}

/// One file to render: a template, its context, and where the result goes.
#[derive(Debug, Clone)]
pub struct RenderJob {
    /// Output path (`posts/a/index.html`).
    pub out: String,
    /// Template name.
    pub template: String,
    /// The context (`config`, and `page` or `section`…), as tera values: lists and maps
    /// inside are shared between jobs, not copied.
    pub context: tera::Context,
    /// The source file this output comes from, for messages.
    pub source: Option<PathBuf>,
    /// The page (an index into [`Site::rendered`]) whose `page` variable is added just
    /// before rendering, so that the pages' views are not all in memory at once.
    pub page: Option<usize>,
}

impl RenderJob {
    /// Adds a variable, converting it to a tera value.
    pub fn with(self, name: &'static str, value: &impl serde::Serialize) -> Self {
        self.with_value(name, to_value(value))
    }

    /// Adds a variable already converted (cloning a tera value shares its contents).
    pub fn with_value(mut self, name: &'static str, value: tera::Value) -> Self {
        self.context.insert_value(name, value);
        self
    }
}

/// Converts a view to a tera value once, so that it can be shared between jobs.
/// View structs always convert; a failure would give `none`, which templates report.
pub fn to_value(value: &impl serde::Serialize) -> tera::Value {
    tera::Value::try_from_serializable(value).unwrap_or_else(|_| tera::Value::none())
}

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
    /// Pages in sections (not top-level pages), newest first.
    pub posts: Vec<&'a RenderedPage>,
    config_value: tera::Value,
    summaries: BTreeMap<&'a str, tera::Value>,
}

impl<'a> Site<'a> {
    /// Gathers what the assembly steps share.
    pub fn new(config: &'a Config, content: &'a Content, rendered: &'a [RenderedPage]) -> Self {
        let mut posts: Vec<&RenderedPage> = rendered
            .iter()
            .filter(|rp| !rp.page.section.is_empty())
            .collect();
        sort_newest_first(&mut posts);
        let summaries = rendered
            .par_iter()
            .map(|rp| {
                (
                    rp.page.path.as_str(),
                    to_value(&pages::summary_view(config, rp)),
                )
            })
            .collect();
        let mut config_view = ConfigView::new(config);
        config_view.nav = nav::derive(config, content, &posts);
        Site {
            config,
            config_value: to_value(&config_view),
            config_view,
            content,
            rendered,
            posts,
            summaries,
        }
    }

    /// The list summary of a page (shared, not copied).
    pub fn summary(&self, rp: &RenderedPage) -> tera::Value {
        match self.summaries.get(rp.page.path.as_str()) {
            Some(value) => value.clone(),
            None => to_value(&pages::summary_view(self.config, rp)),
        }
    }

    /// The list summaries of `posts` as one tera list, sharing each summary's value.
    pub fn summary_list(&self, posts: &[&RenderedPage]) -> tera::Value {
        let items: Vec<tera::Value> = posts.iter().map(|rp| self.summary(rp)).collect();
        tera::Value::from(items)
    }

    /// A job rendering `template` into `out`, with `config` in its context; add the
    /// template's other variables with [`RenderJob::with`].
    pub fn job(
        &self,
        out: impl Into<String>,
        template: &str,
        source: Option<PathBuf>,
    ) -> RenderJob {
        let mut context = tera::Context::new();
        context.insert_value("config", self.config_value.clone());
        RenderJob {
            out: out.into(),
            template: template.to_string(),
            context,
            source,
            page: None,
        }
    }
}

fn assemble(
    config: &Config,
    templates: &Templates,
    content: &Content,
    rendered: &[RenderedPage],
    progress: &dyn Progress,
    staging: Option<&Staging>,
) -> Result<Output, Vec<Diagnostic>> {
    let site = Site::new(config, content, rendered);
    let mut jobs = pages::jobs(&site);
    jobs.extend(paginate::jobs(&site));
    jobs.extend(taxonomy::jobs(&site));
    jobs.push(feeds::site_feed_job(&site));
    jobs.push(site.job("404.html", "404.html", None));
    jobs.extend(aliases::jobs(&site));
    jobs.push(sitemap::job(&site));

    let mut errors = Vec::new();
    // A `template` that does not exist is the front matter's fault: say so there.
    jobs.retain(|job| {
        if templates.has(&job.template) {
            return true;
        }
        errors.push(missing_template(config, job));
        false
    });
    let mut output = Output::default();
    let mut made_by: BTreeMap<String, Option<PathBuf>> = BTreeMap::new();
    for job in &jobs {
        if let Some(first) = made_by.insert(job.out.clone(), job.source.clone()) {
            errors.push(output_collision(&job.out, first, job.source.clone()));
        }
    }
    progress.start(Stage::Templates, jobs.len());
    let results: Vec<(String, Result<OutputFile, Diagnostic>)> = jobs
        .into_par_iter()
        .map(|mut job| {
            if let Some(i) = job.page {
                job.context
                    .insert_value("page", pages::value(&site, &rendered[i]));
            }
            let result = templates
                .render_context(&job.template, &job.context, job.source.as_deref())
                .and_then(|text| match staging {
                    Some(staging) => staging
                        .put(&job.out, text.as_bytes())
                        .map(|()| OutputFile::Staged),
                    None => Ok(OutputFile::Bytes(text.into_bytes())),
                });
            progress.advance(1);
            (job.out, result)
        })
        .collect();
    let mut failed = Vec::new();
    for (out, result) in results {
        match result {
            Ok(file) => {
                output.insert(out, file);
            }
            Err(d) => failed.push(d),
        }
    }
    // Errors that differ only in the page merge in Diagnostics::sorted.
    errors.extend(failed);
    output.insert_bytes("robots.txt", sitemap::robots(config));

    commentary::render_pages(
        config,
        &site.config_view,
        templates,
        &site.posts,
        &mut output,
        &mut errors,
    );
    if config.redirects_file {
        output.insert_bytes("_redirects", redirects::file(config, rendered));
    }
    assets::copy(&site, &mut output);

    if errors.is_empty() {
        Ok(output)
    } else {
        Err(errors)
    }
}

fn missing_template(config: &Config, job: &RenderJob) -> Diagnostic {
    let name = &job.template;
    match &job.source {
        Some(source) => {
            let d = Diagnostic::error(source, format!("the template {name:?} does not exist"))
                .with_help(format!(
                    "add templates/{name}, or fix the `template` key of this file's front matter"
                ));
            match locate_key(config, source, &["template"]) {
                Some((line, column)) => d.at(line, column),
                None => d,
            }
        }
        None => Diagnostic::error(
            PathBuf::from("templates").join(name),
            format!("the template {name:?} does not exist"),
        )
        .with_help(format!("add templates/{name}")),
    }
}

/// Two outputs at one path (e.g. a `path` front matter onto a tag page): an error
/// naming whichever sources are known.
fn output_collision(out: &str, first: Option<PathBuf>, second: Option<PathBuf>) -> Diagnostic {
    let name = |p: &Option<PathBuf>| {
        p.as_ref().map_or_else(
            || "a page gloss generates".to_string(),
            |p| p.display().to_string(),
        )
    };
    let path = second
        .clone()
        .or(first.clone())
        .unwrap_or_else(|| PathBuf::from(out));
    Diagnostic::error(
        path,
        format!(
            "two outputs would be written to {out}: from {} and from {}",
            name(&first),
            name(&second)
        ),
    )
    .with_help("give one of them another `slug`, `path` or alias")
}
