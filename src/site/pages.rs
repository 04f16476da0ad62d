//! Pages: the view of each page for templates, and one render job per page.
//!
//! Takes rendered pages and returns [`PageView`]s and [`PostSummary`]s (plain values):
//! the HTML and the description come from the Markdown stage as it made them (see
//! [`crate::markdown::Rendered`]); nothing here reads HTML. Renders nothing itself.

use std::path::PathBuf;

use rayon::prelude::*;

use super::taxonomy::term_view;
use super::{RenderJob, RenderedPage, Site, commentary, id_prefix, output_path, taxonomy};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::images::card::Card;
use crate::images::{Catalog, OUTPUT_DIR};
use crate::render::Value;
use crate::render::views::{PageView, PostSummary, TermView, display_date, machine_date};

/// One job per page: `page.html`, or the template its front matter names (see
/// [`template`]); and one per format its `outputs` names besides HTML
/// ([`RenderJob::output`]: `page.json` into `posts/a/index.json`). Its `page`
/// variable ([`value`]) is added when the job is rendered, with `lower` and `higher`
/// ([`neighbours`]), `related` ([`related`]) and `series` ([`taxonomy::series_values`])
/// set on it.
pub(crate) fn jobs(site: &Site) -> Vec<RenderJob> {
    jobs_of(site, &|_| true)
}

/// A page that [`jobs_of`] plans.
pub(crate) type Wanted<'w> = &'w (dyn Fn(&RenderedPage) -> bool + Sync);

/// [`jobs`] of the pages `wanted` picks, each job as [`jobs`] makes it (its neighbours
/// and related posts taken among all the site's posts): `gloss serve` plans the pages of
/// the posts just edited alone, before the rest of the site.
pub(crate) fn jobs_of(site: &Site, wanted: Wanted) -> Vec<RenderJob> {
    let mut neighbours = neighbours(site, wanted);
    let mut related = related(site, wanted);
    let mut series = taxonomy::series_values(site);
    let none = || Value::of(&None::<()>);
    site.rendered
        .iter()
        .enumerate()
        .filter(|(_, rp)| wanted(rp))
        .flat_map(|(i, rp)| {
            let mut job = site.job(
                output_path(&rp.page.path),
                &template(&rp.page),
                Some(rp.page.source.clone()),
            );
            job.page = Some(i);
            let path = rp.page.path.as_str();
            let near = neighbours
                .remove(path)
                .unwrap_or_else(|| Value::map([("lower", none()), ("higher", none())]));
            let near = match related.remove(path) {
                Some(r) => near.with("related", r),
                None => near,
            };
            job.page_extra = Some(near.with("series", series.remove(path).unwrap_or_else(none)));
            // Its other outputs (`outputs = ["json"]`); a page written as a file other
            // than HTML has none (`check_collisions` says so).
            let formats: &[String] = match rp.page.is_html() {
                true => &rp.page.front.outputs,
                false => &[],
            };
            let others: Vec<RenderJob> = formats.iter().map(|f| job.output(f)).collect();
            std::iter::once(job).chain(others)
        })
        .collect()
}

/// The template a page is rendered with: its front matter's `template`, else
/// `page.html`, or for a page written as another kind of file `page.EXT` after its
/// file's extension (`page.json` for `/feed.json`), so that an HTML template never
/// fills a JSON or text file.
pub(crate) fn template(page: &crate::content::Page) -> String {
    match (&page.front.template, page.file_extension()) {
        (Some(t), _) => t.clone(),
        (None, Some(ext)) => format!("page.{ext}"),
        (None, None) => "page.html".to_string(),
    }
}

/// Each post's neighbours in its section's order (by date unless the section's
/// `sort_by` says otherwise), keyed by the post's path: `lower` is the next one down
/// the list (the older post, by date), `higher` the one above it (the newer), as
/// Zola names them; each a post summary, or none at either end. Pages outside
/// sections have none. One sort per section: linear in the posts but for the sort.
/// Only the `wanted` posts get an entry.
fn neighbours<'a>(site: &Site<'a>, wanted: Wanted) -> std::collections::HashMap<&'a str, Value> {
    let mut by_section: std::collections::HashMap<&str, Vec<&'a RenderedPage>> =
        std::collections::HashMap::new();
    for rp in &site.posts {
        by_section
            .entry(rp.page.section.as_str())
            .or_default()
            .push(rp);
    }
    let none = || Value::of(&None::<()>);
    let mut out = std::collections::HashMap::with_capacity(site.posts.len());
    for (name, mut posts) in by_section {
        if let Some(section) = site.content.sections.get(name) {
            super::paginate::sort(section, &mut posts);
        }
        for (i, rp) in posts.iter().enumerate().filter(|(_, rp)| wanted(rp)) {
            let lower = posts.get(i + 1).map_or_else(none, |p| site.summary(p));
            let higher = i
                .checked_sub(1)
                .and_then(|h| posts.get(h))
                .map_or_else(none, |p| site.summary(p));
            out.insert(
                rp.page.path.as_str(),
                Value::map([("lower", lower), ("higher", higher)]),
            );
        }
    }
    out
}

/// Each post's related posts ([`super::related`]) as `page.related` lists them, keyed
/// by the post's path: each item `{page, reason, name, url}`, `page` the related post's
/// list summary (shared), `reason` `source` or `tag`, `name` the source's or tag's
/// name, `url` the source's address or the tag's page. Only the `wanted` posts get an
/// entry.
fn related<'a>(site: &Site<'a>, wanted: Wanted) -> std::collections::HashMap<&'a str, Value> {
    let index = super::related::Index::new(&site.posts, site.config.related_posts);
    // A shared tag links to its page only when tags have pages.
    let tag_pages = site.config.taxonomies.iter().any(|t| t == "tags");
    site.posts
        .iter()
        .enumerate()
        .filter(|(_, rp)| wanted(rp))
        .map(|(i, rp)| {
            let items = index.of(i).into_iter().map(|(other, reason)| {
                let url = match reason.kind {
                    "tag" if tag_pages => term_view(site.config, "tags", &reason.name, 0).url,
                    "tag" => String::new(),
                    _ => reason.url,
                };
                Value::map([
                    ("page", site.summary(site.posts[other])),
                    ("reason", Value::of(&reason.kind)),
                    ("name", Value::of(&reason.name)),
                    ("url", Value::of(&url)),
                ])
            });
            (rp.page.path.as_str(), Value::list(items))
        })
        .collect()
}

/// `page` in `page.html`: the post's list summary (made once, shared with the lists)
/// with the [`PageView`] fields added after it.
pub(crate) fn value(config: &Config, rp: &RenderedPage) -> Value {
    summary_value(config, rp).merged(Value::of(&page_view(config, rp)))
}

/// The page's [`summary_view`] as a template [`Value`], made once per page (kept in its memo)
/// and shared by every list and by its own page.
pub(crate) fn summary_value(config: &Config, rp: &RenderedPage) -> Value {
    rp.memo
        .summary
        .get_or_init(|| Value::of(&summary_view(config, rp)))
        .clone()
}

/// A page's authors: its front matter's, else the site author (none when neither is set).
pub(crate) fn authors(config: &Config, rp: &RenderedPage) -> Vec<String> {
    if rp.page.front.authors.is_empty() && !config.author.is_empty() {
        vec![config.author.clone()]
    } else {
        rp.page.front.authors.clone()
    }
}

/// A link post's linked source (front matter `link`), absolute: one written relative to
/// the post (`../b/`, `/posts/b/`) leads where it leads from the post's page, wherever
/// the post is shown. Empty for other posts.
pub(crate) fn link(config: &Config, rp: &RenderedPage) -> String {
    let Some(link) = rp.page.front.link.as_deref() else {
        return String::new();
    };
    crate::markdown::absolute_url(link, config.base_path(), &config.permalink(&rp.page.path))
        .unwrap_or_else(|| link.to_string())
}

/// A page as lists show it.
pub(crate) fn summary_view(config: &Config, rp: &RenderedPage) -> PostSummary {
    let p = &rp.page;
    let r = &rp.rendered;
    let updated = commentary::effective_updated(config, rp);
    let updated = updated.as_ref();
    // The summary's relative URLs lead from the post's own page (parsed only for a
    // post that has a summary).
    let summary = r
        .summary
        .as_ref()
        .and_then(|_| url::Url::parse(&config.permalink(&p.path)).ok())
        .and_then(|page| r.embedded_summary(&id_prefix(p), &page))
        .unwrap_or_default();
    let taxonomies: std::collections::BTreeMap<String, Vec<TermView>> = config
        .taxonomies
        .iter()
        .zip(&p.front.terms)
        .map(|(name, terms)| {
            let views = terms
                .iter()
                .map(|t| term_view(config, name, t, 0))
                .collect();
            (name.clone(), views)
        })
        .collect();
    PostSummary {
        title: p.title.clone(),
        title_html: crate::markdown::title::html(p.front.title.as_deref().unwrap_or(&p.title)),
        slug: p.slug.clone(),
        url: config.url_path(&p.path),
        permalink: config.permalink(&p.path),
        date: p.date.as_ref().map(machine_date).unwrap_or_default(),
        date_display: p
            .date
            .as_ref()
            .map(|d| display_date(&config.i18n, d))
            .unwrap_or_default(),
        updated: updated.map(machine_date).unwrap_or_default(),
        updated_display: updated
            .map(|d| display_date(&config.i18n, d))
            .unwrap_or_default(),
        description: description(rp),
        summary,
        tags: taxonomies.get("tags").cloned().unwrap_or_default(),
        taxonomies,
        authors: authors(config, rp),
        link: link(config, rp),
        // Distinct passages: a repeat for emphasis is not another passage.
        quote_count: r.quotes.iter().filter(|q| q.repeat_of.is_none()).count(),
        quoted_words: r.quoted_words,
        own_words: r.own_words,
        scheduled: [p.date.as_ref(), p.front.publish_date.as_ref()]
            .into_iter()
            .flatten()
            .any(|d| d.timestamp() > jiff::Timestamp::now()),
        language: p.language(config).tag().to_string(),
    }
}

/// The sharing card of a post that has no image of its own (no `image` front matter, no
/// local image in its body), when cards are on; pages outside sections get none.
pub(crate) fn card(config: &Config, rp: &RenderedPage) -> Option<Card> {
    let p = &rp.page;
    if !config.images.cards
        || p.section.is_empty()
        || p.front.image.is_some()
        || rp.rendered.images.iter().any(|i| i.facts.is_some())
    {
        return None;
    }
    Some(Card {
        title: p.title.clone(),
        site: config.title.clone(),
        date: p
            .date
            .as_ref()
            .map(|d| display_date(&config.i18n, d))
            .unwrap_or_default(),
        colours: config.images.card_colours,
    })
}

/// Draws the sharing card of every post that gets one (in parallel, each only when the
/// cache does not hold it already): (output path, cached file) pairs, and a warning for
/// each card that could not be written.
pub(crate) fn cards(site: &Site, catalog: &Catalog) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let made: Vec<Result<(String, PathBuf), Diagnostic>> = site
        .rendered
        .par_iter()
        .filter_map(|rp| {
            let card = card(site.config, rp)?;
            let name = card.file_name(&rp.page.slug);
            Some(match card.make(&rp.page.slug, catalog.dir()) {
                Ok(path) => Ok((format!("{OUTPUT_DIR}/{name}"), path)),
                Err(e) => Err(Diagnostic::warning(
                    &rp.page.source,
                    format!(
                        "this post's sharing card cannot be written to {}: {e}",
                        catalog.dir().display()
                    ),
                )
                .with_help("check that the cache folder (images.cache_dir) can be written")),
            })
        })
        .collect();
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for m in made {
        match m {
            Ok(f) => files.push(f),
            Err(d) => warnings.push(d),
        }
    }
    (files, warnings)
}

/// What a page's own page shows beyond its summary, for `page.html`.
pub(crate) fn page_view<'a>(config: &Config, rp: &'a RenderedPage) -> PageView<'a> {
    let p = &rp.page;
    let r = &rp.rendered;
    let words = r.quoted_words + r.own_words;
    let history = commentary::history(config, rp);
    let image = super::sharing::image(config, rp);
    let json_ld = super::sharing::json_ld(config, rp, image.as_ref());
    let image = image.unwrap_or_default();
    let (image_width, image_height) = image.size.unwrap_or_default();
    let language = p.language(config);
    // The summary's dates are in the site's language; a page in another gets its own
    // (the last update looked up only then).
    let shown =
        |d: Option<&jiff::ZonedDateTime>, l| d.map(|d| display_date(l, d)).unwrap_or_default();
    let (date_display, updated_display) = match &p.language {
        Some(l) => (
            Some(shown(p.date.as_ref(), l)),
            Some(shown(commentary::effective_updated(config, rp).as_ref(), l)),
        ),
        None => (None, None),
    };
    PageView {
        language: language.tag().to_string(),
        dir: language.dir(),
        date_display,
        updated_display,
        image: image.url,
        image_width,
        image_height,
        image_alt: image.alt,
        json_ld,
        content: r.page_html(),
        section: &p.section,
        relative_path: super::lookup::content_path(config, rp),
        toc: &r.headings,
        toc_tree: crate::render::views::toc_tree(&r.headings),
        show_toc: match p
            .front
            .extra
            .get("toc")
            .and_then(serde_json::Value::as_bool)
        {
            Some(shown) => shown && !r.headings.is_empty(),
            None => config.toc_min_headings > 0 && r.headings.len() >= config.toc_min_headings,
        },
        quotes: &r.quotes,
        footnotes: &r.footnotes,
        extra: &p.front.extra,
        word_count: words,
        reading_time: words.div_ceil(200).max(1),
        updates: history
            .iter()
            .map(|e| commentary::update_view(language, e, &config.url_path(&p.path)))
            .collect(),
        latest_update: commentary::latest(history)
            .map(|e| commentary::update_view(language, e, &config.url_path(&p.path))),
    }
}

/// The page's description: front matter `description`, else the Markdown stage's, in
/// the author's own words ([`crate::markdown::voice`]).
pub(crate) fn description(rp: &RenderedPage) -> String {
    match &rp.page.front.description {
        Some(d) => d.trim().to_string(),
        None => rp.rendered.description.clone(),
    }
}
