//! Site: assembles the whole site into an [`Output`].
//!
//! `build` runs the pipeline: `content::load` → `markdown::render` per page (rayon) →
//! lists (sections, home, tags) → templates → feeds, sitemap, robots, 404, aliases, static
//! files. It returns the output in memory and the diagnostics; it never writes to disk
//! (that is `output::write`), so `build`, `serve` and `check` share it.

pub mod commentary;
pub mod feeds;
pub mod redirects;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::json;

use crate::config::Config;
use crate::content::{self, Content, Drafts, Page, slug::slugify};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, Rendered};
use crate::output::{Output, OutputFile};
use crate::render::Templates;
use crate::render::views::{
    ConfigView, PageView, PaginatorView, PostSummary, SectionView, SitemapEntry, TermView,
    display_date, machine_date,
};

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

/// Builds the site at `config.root` in memory.
///
/// Errors: every error diagnostic found (content, templates, URL collisions), sorted;
/// warnings come along in the same list.
pub fn build(config: &Config, options: &BuildOptions) -> Result<Built, Vec<Diagnostic>> {
    let mut config = config.clone();
    if let Some(url) = &options.base_url {
        config.base_url = crate::config::normalize_base_url(url).map_err(|why| {
            vec![Diagnostic::error(
                "--base-url",
                format!("{url:?} is not usable: {why}"),
            )]
        })?;
    }
    let config = &config;
    let mut templates = Templates::load(config).map_err(|d| vec![d])?;
    let (content, mut diags) = content::load(config, options.drafts);
    let md_options = markdown::Options {
        dialect: markdown::Dialect::Gloss,
        smart_punctuation: config.markdown.smart_punctuation,
        highlight_code: config.markdown.highlight_code,
        timezone: config.timezone.clone(),
    };
    let rendered: Vec<RenderedPage> = content
        .pages
        .par_iter()
        .map(|page| {
            let rendered = match &options.cache {
                Some(cache) => cache.render(&page.body, &md_options),
                None => markdown::render(&page.body, &md_options),
            };
            RenderedPage {
                page: page.clone(),
                rendered,
            }
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
    check_collisions(&rendered, &mut diags);
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    // `site` (quotes and updates across the site) in every template.
    let mut posts: Vec<&RenderedPage> = rendered
        .iter()
        .filter(|rp| !rp.page.section.is_empty())
        .collect();
    sort_newest_first(&mut posts);
    templates.set_global("site", &commentary::site_view(config, &posts));
    let mut output = Output::default();
    match assemble(
        config,
        &templates,
        &content,
        &rendered,
        &md_options,
        &mut output,
    ) {
        Ok(()) => {}
        Err(errors) => {
            diags.extend(errors);
            return Err(diags.sorted());
        }
    }
    let warnings = diags.sorted();
    Ok(Built {
        output,
        warnings,
        pages: rendered.len(),
        rendered,
    })
}

/// Two sources at one URL, or a page at a generated URL: an error naming both.
fn check_collisions(pages: &[RenderedPage], diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &PathBuf> = BTreeMap::new();
    for rp in pages {
        let p = &rp.page;
        if RESERVED_PATHS
            .iter()
            .any(|r| p.path == *r || (p.path.starts_with(r) && *r == "/page/"))
            || p.path == "/"
        {
            diags.push(
                Diagnostic::error(
                    &p.source,
                    format!("this page's URL {} is one gloss generates itself", p.path),
                )
                .with_help("give the page another `slug` or `path` in its front matter"),
            );
        }
        if let Some(first) = seen.insert(&p.path, &p.source) {
            diags.push(
                Diagnostic::error(
                    &p.source,
                    format!(
                        "this page has the same URL {} as {}",
                        p.path,
                        first.display()
                    ),
                )
                .with_help("give one of them another `slug` or `path` in its front matter"),
            );
        }
    }
}

/// A page's date for sorting: newest first, undated last, then by path for stability.
fn sort_newest_first(pages: &mut [&RenderedPage]) {
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

fn term_view(config: &Config, name: &str, count: usize) -> TermView {
    let slug = slugify(name);
    let path = format!("/tags/{slug}/");
    TermView {
        name: name.to_string(),
        url: config.url_path(&path),
        permalink: config.permalink(&path),
        slug,
        count,
    }
}

fn summary_view(config: &Config, rp: &RenderedPage) -> PostSummary {
    let p = &rp.page;
    let r = &rp.rendered;
    let updated = commentary::effective_updated(rp);
    let updated = updated.as_ref();
    PostSummary {
        title: p.title.clone(),
        title_html: markdown::title::html(p.front.title.as_deref().unwrap_or(&p.title)),
        slug: p.slug.clone(),
        url: config.url_path(&p.path),
        permalink: config.permalink(&p.path),
        date: p.date.as_ref().map(machine_date).unwrap_or_default(),
        date_display: p.date.as_ref().map(display_date).unwrap_or_default(),
        updated: updated.map(machine_date).unwrap_or_default(),
        updated_display: updated.map(display_date).unwrap_or_default(),
        summary: r.embedded_summary(&id_prefix(p)).unwrap_or_default(),
        description: p.front.description.clone().unwrap_or_default(),
        tags: p
            .front
            .tags
            .iter()
            .map(|t| term_view(config, t, 0))
            .collect(),
        link: p.front.link.clone().unwrap_or_default(),
        quote_count: r.quotes.len(),
        quoted_words: r.quoted_words,
        own_words: r.own_words,
    }
}

fn page_view(config: &Config, rp: &RenderedPage) -> PageView {
    let p = &rp.page;
    let r = &rp.rendered;
    let words = r.quoted_words + r.own_words;
    let history = commentary::history(rp);
    PageView {
        summary: summary_view(config, rp),
        content: r.page_html(),
        authors: if p.front.authors.is_empty() && !config.author.is_empty() {
            vec![config.author.clone()]
        } else {
            p.front.authors.clone()
        },
        section: p.section.clone(),
        toc: r.headings.clone(),
        quotes: r.quotes.clone(),
        footnotes: r.footnotes.clone(),
        extra: serde_json::Value::Object(p.front.extra.clone()),
        word_count: words,
        reading_time: words.div_ceil(200).max(1),
        updates: history
            .iter()
            .map(|e| commentary::update_view(e, &config.url_path(&p.path)))
            .collect(),
        latest_update: commentary::latest(&history)
            .map(|e| commentary::update_view(e, &config.url_path(&p.path))),
    }
}

fn assemble(
    config: &Config,
    templates: &Templates,
    content: &Content,
    rendered: &[RenderedPage],
    md_options: &markdown::Options,
    output: &mut Output,
) -> Result<(), Vec<Diagnostic>> {
    let config_view = ConfigView::new(config);
    let mut errors = Vec::new();

    // Pages, in parallel.
    let pages: Vec<Result<(String, String), Diagnostic>> = rendered
        .par_iter()
        .map(|rp| {
            let template = rp.page.front.template.as_deref().unwrap_or("page.html");
            let ctx = json!({ "config": &config_view, "page": page_view(config, rp) });
            templates
                .render(template, &ctx, Some(&rp.page.source))
                .map(|html| (output_path(&rp.page.path), html))
        })
        .collect();
    for r in pages {
        match r {
            Ok((path, html)) => {
                output.insert_bytes(path, html);
            }
            Err(d) => errors.push(d),
        }
    }

    // Posts: dated pages in sections, newest first. Top-level pages (about) are not posts.
    let mut posts: Vec<&RenderedPage> = rendered
        .iter()
        .filter(|rp| !rp.page.section.is_empty())
        .collect();
    sort_newest_first(&mut posts);
    let summaries: BTreeMap<&str, PostSummary> = posts
        .iter()
        .map(|rp| (rp.page.path.as_str(), summary_view(config, rp)))
        .collect();
    let summary_of = |rp: &&RenderedPage| summaries[rp.page.path.as_str()].clone();

    // Sections (and the home page), paginated.
    for (name, section) in &content.sections {
        let in_section: Vec<&RenderedPage> = if name.is_empty() {
            posts.clone()
        } else {
            posts
                .iter()
                .copied()
                .filter(|rp| {
                    rp.page.section == *name || rp.page.section.starts_with(&format!("{name}/"))
                })
                .collect()
        };
        let body = markdown::render(&section.body, md_options);
        let view = SectionView {
            title: if name.is_empty() {
                config.title.clone()
            } else {
                section.title.clone()
            },
            url: config.url_path(&section.path),
            permalink: config.permalink(&section.path),
            content: body.page_html(),
            description: section.front.description.clone().unwrap_or_default(),
            pages: in_section.iter().map(summary_of).collect(),
        };
        let per_page = section.front.paginate_by.unwrap_or(config.paginate_by);
        let template = section
            .front
            .template
            .as_deref()
            .unwrap_or(if name.is_empty() {
                "index.html"
            } else {
                "section.html"
            });
        let chunks: Vec<Vec<PostSummary>> = if per_page == 0 || view.pages.is_empty() {
            vec![view.pages.clone()]
        } else {
            view.pages
                .chunks(per_page)
                .map(<[PostSummary]>::to_vec)
                .collect()
        };
        let n = chunks.len();
        let pager_path = |i: usize| {
            if i == 1 {
                section.path.clone()
            } else {
                format!("{}page/{i}/", section.path)
            }
        };
        for (i, chunk) in chunks.into_iter().enumerate() {
            let index = i + 1;
            let paginator = PaginatorView {
                pages: chunk,
                current_index: index,
                number_pagers: n,
                previous: if index > 1 {
                    config.url_path(&pager_path(index - 1))
                } else {
                    String::new()
                },
                next: if index < n {
                    config.url_path(&pager_path(index + 1))
                } else {
                    String::new()
                },
                first: config.url_path(&pager_path(1)),
                last: config.url_path(&pager_path(n)),
            };
            let ctx = json!({ "config": &config_view, "section": &view, "paginator": paginator });
            match templates.render(template, &ctx, section.source.as_deref()) {
                Ok(html) => {
                    output.insert_bytes(output_path(&pager_path(index)), html);
                }
                Err(d) => errors.push(d),
            }
        }
    }

    // Tags.
    let mut tags: BTreeMap<String, (String, Vec<&RenderedPage>)> = BTreeMap::new();
    for rp in &posts {
        for t in &rp.page.front.tags {
            tags.entry(slugify(t))
                .or_insert_with(|| (t.clone(), Vec::new()))
                .1
                .push(rp);
        }
    }
    let terms: Vec<TermView> = tags
        .values()
        .map(|(name, ps)| term_view(config, name, ps.len()))
        .collect();
    let ctx = json!({ "config": &config_view, "terms": &terms });
    match templates.render("taxonomy_list.html", &ctx, None) {
        Ok(html) => {
            output.insert_bytes("tags/index.html", html);
        }
        Err(d) => errors.push(d),
    }
    for (slug, (name, ps)) in &tags {
        let term = term_view(config, name, ps.len());
        let pages: Vec<PostSummary> = ps.iter().map(summary_of).collect();
        let ctx = json!({ "config": &config_view, "term": { "name": term.name, "slug": term.slug, "url": term.url, "permalink": term.permalink, "count": term.count, "pages": pages } });
        match templates.render("taxonomy_term.html", &ctx, None) {
            Ok(html) => {
                output.insert_bytes(format!("tags/{slug}/index.html"), html);
            }
            Err(d) => errors.push(d),
        }
        let feed = feeds::feed(
            config,
            &format!("{} — {name}", config.title),
            &format!("/tags/{slug}/"),
            ps,
        );
        match templates.render(
            "atom.xml",
            &json!({ "config": &config_view, "feed": feed }),
            None,
        ) {
            Ok(xml) => {
                output.insert_bytes(format!("tags/{slug}/atom.xml"), xml);
            }
            Err(d) => errors.push(d),
        }
    }

    // Site feed.
    let feed = feeds::feed(config, &config.title, "/", &posts);
    match templates.render(
        "atom.xml",
        &json!({ "config": &config_view, "feed": feed }),
        None,
    ) {
        Ok(xml) => {
            output.insert_bytes("atom.xml", xml);
        }
        Err(d) => errors.push(d),
    }

    // Quotes and updates pages, updates feed.
    commentary::render_pages(config, &config_view, templates, &posts, output, &mut errors);

    // 404, aliases.
    match templates.render("404.html", &json!({ "config": &config_view }), None) {
        Ok(html) => {
            output.insert_bytes("404.html", html);
        }
        Err(d) => errors.push(d),
    }
    for rp in rendered {
        for alias in &rp.page.front.aliases {
            let target = config.permalink(&rp.page.path);
            let path = format!("/{}/", alias.trim_matches('/'));
            match templates.render(
                "alias.html",
                &json!({ "config": &config_view, "target": target }),
                Some(&rp.page.source),
            ) {
                Ok(html) => {
                    let out = if alias.ends_with(".html") {
                        alias.trim_start_matches('/').to_string()
                    } else {
                        output_path(&path)
                    };
                    output.insert_bytes(out, html);
                }
                Err(d) => errors.push(d),
            }
        }
    }

    if config.redirects_file {
        output.insert_bytes("_redirects", redirects::file(config, rendered));
    }

    // Sitemap and robots.txt.
    let mut entries: Vec<SitemapEntry> = Vec::new();
    for section in content.sections.values() {
        entries.push(SitemapEntry {
            loc: config.permalink(&section.path),
            lastmod: String::new(),
        });
    }
    for rp in rendered {
        let last = rp.page.front.updated.as_ref().or(rp.page.date.as_ref());
        entries.push(SitemapEntry {
            loc: config.permalink(&rp.page.path),
            lastmod: last
                .map(|d| d.strftime("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        });
    }
    entries.sort_by(|a, b| a.loc.cmp(&b.loc));
    match templates.render(
        "sitemap.xml",
        &json!({ "config": &config_view, "entries": entries }),
        None,
    ) {
        Ok(xml) => {
            output.insert_bytes("sitemap.xml", xml);
        }
        Err(d) => errors.push(d),
    }
    output.insert_bytes(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            config.permalink("/sitemap.xml")
        ),
    );

    // Static files: theme, then the site's own (replacing), content files, page assets.
    for (path, bytes) in crate::theme::STATIC_FILES {
        output.insert_bytes(*path, bytes.to_vec());
    }
    let mut static_dirs = Vec::new();
    if let Some(theme) = &config.theme {
        static_dirs.push(config.root.join("themes").join(theme).join("static"));
    }
    static_dirs.push(config.root.join("static"));
    for dir in static_dirs {
        for entry in walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if entry.file_type().is_file()
                && let Ok(rel) = entry.path().strip_prefix(&dir)
            {
                {
                    output.insert(
                        rel.to_string_lossy().replace('\\', "/"),
                        OutputFile::Copy(entry.path().to_path_buf()),
                    );
                }
            }
        }
    }
    for f in &content.files {
        output.insert(
            f.output.to_string_lossy().replace('\\', "/"),
            OutputFile::Copy(f.source.clone()),
        );
    }
    for rp in rendered {
        for (src, rel) in &rp.page.assets {
            let path = format!(
                "{}{}",
                rp.page.path.trim_start_matches('/'),
                rel.to_string_lossy().replace('\\', "/")
            );
            output.insert(path, OutputFile::Copy(src.clone()));
        }
    }

    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
