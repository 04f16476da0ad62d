//! Lists: the home page and each section, split into pages of `paginate_by` posts.
//!
//! The home page lists the latest posts of every section, as Hugo's and Zola's themes do,
//! and pages on like a section: `/`, `/page/2/`, … ; a section `/posts/` pages on at
//! `/posts/page/2/`. A section's `_index.md` can set `paginate_by` (0 = one page) and
//! `sort_by` (`date`, the default, newest first; `title`; `weight`). Returns render jobs
//! for `index.html` and `section.html`, and each section's feeds ([`super::feeds`]);
//! renders nothing itself.

use super::outputs::Maker;
use super::{RenderJob, RenderedPage, Site, nav::section_title, output_path};
use crate::content::Section;
use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::render::Value;
use crate::render::views::{Pager, PaginatorView, SectionView};

/// The jobs for the home page and every section, each page of each (with `sharing`,
/// [`super::sharing::list_value`], for the posts of that page), and the other
/// outputs its `outputs` names (of its first page, with the same variables:
/// `section.pages` holds every post of the list); and the images each section's
/// `_index.md` body shows, and what the Markdown stage found wrong in those bodies
/// (an unknown shortcode, say), located in `_index.md`.
pub(crate) fn jobs(site: &Site) -> SectionJobs {
    let mut md_options = super::markdown_options(site.config);
    let mut jobs = Vec::new();
    let mut images = Vec::new();
    let mut diagnostics = Vec::new();
    let taken = super::archive::taken(site);
    for (name, section) in &site.content.sections {
        let (section_value, in_section, body) =
            section_value(site, name, section, &taken, &mut md_options);
        if let Some(source) = &section.source {
            diagnostics.extend(
                body.diagnostics
                    .into_iter()
                    .map(|d| d.relocate(source, section.body_line)),
            );
            if !body.links.is_empty() {
                images.push(super::SectionImages {
                    source: source.clone(),
                    body_line: section.body_line,
                    path: section.path.clone(),
                    links: body.links,
                });
            }
        }
        // A section's feeds list its posts by date, newest first, whatever its `sort_by`;
        // the home page's are the site's (`feeds::site_jobs`).
        if !name.is_empty() {
            let mut newest = in_section.clone();
            super::sort_newest_first(&mut newest);
            jobs.extend(super::feeds::jobs(
                site,
                &format!("{} — {}", site.config.title, section_title(section)),
                &section.path,
                &newest,
            ));
        }
        let template = section
            .front
            .template
            .as_deref()
            .unwrap_or(if name.is_empty() {
                "index.html"
            } else {
                "section.html"
            });
        let per_page = section.front.paginate_by.unwrap_or(site.config.paginate_by);
        let (list, pagers) = paginators(site, &section.path, &in_section, per_page);
        // Every page of the list links to every other: one list of pagers, shared.
        let pagers = Value::of(&pagers);
        let title = if name.is_empty() {
            section
                .front
                .title
                .clone()
                .unwrap_or_else(|| site.config.title.clone())
        } else {
            section_title(section)
        };
        let description = section.front.description.clone().unwrap_or_else(|| {
            if name.is_empty() {
                site.config.description.clone()
            } else {
                String::new()
            }
        });
        for (n, (paginator, posts)) in list.into_iter().enumerate() {
            let path = pager_path(&section.path, paginator.current_index);
            let url = site.config.permalink(&path);
            let sharing = super::sharing::list_value(
                site.config,
                &super::sharing::ListFacts {
                    kind: match name.is_empty() {
                        true => super::sharing::ListKind::Home,
                        false => super::sharing::ListKind::Collection,
                    },
                    name: &title,
                    url: &url,
                    description: &description,
                },
                posts,
            );
            let out = output_path(&path);
            let paginator = Value::of(&paginator)
                .with("pages", site.summary_list(posts))
                .with("pagers", pagers.clone());
            let mut job = site
                .job(out, template, section.source.clone())
                .with_value("section", section_value.clone())
                .with_value("paginator", paginator)
                .with_value("sharing", sharing);
            // A section without `_index.md` is named by its folder.
            match &section.source {
                Some(source) => job.maker = Maker::Section(source.clone()),
                None if !name.is_empty() => {
                    job.maker = Maker::Section(std::path::Path::new("content").join(name).join(""));
                }
                None => {}
            }
            // The section's other outputs (`outputs = ["json"]`), of its first page:
            // `section.json` into `posts/index.json`.
            if n == 0 {
                let others: Vec<RenderJob> = section
                    .front
                    .outputs
                    .iter()
                    .map(|f| job.output(f))
                    .collect();
                jobs.push(job);
                jobs.extend(others);
            } else {
                jobs.push(job);
            }
        }
    }
    (jobs, images, diagnostics)
}

/// What [`jobs`] gives: the lists' jobs, the images of the sections' bodies, and the
/// Markdown stage's diagnostics of those bodies.
pub(crate) type SectionJobs = (
    Vec<RenderJob>,
    Vec<super::SectionImages>,
    Vec<crate::diagnostic::Diagnostic>,
);

/// What the Markdown stage gives of a section's `_index.md` body besides its HTML: its
/// image links (each at its line and column in the body) and its diagnostics (lines in
/// the body).
pub(crate) struct SectionBody {
    pub(crate) links: Vec<markdown::Link>,
    pub(crate) diagnostics: Vec<crate::diagnostic::Diagnostic>,
}

/// `section` in `section.html` for the section `name` (`""` for the home page), made
/// once and shared by every page of its list, with the section's posts in its order,
/// and what else the Markdown stage gave of its `_index.md` body.
pub(crate) fn section_value<'a>(
    site: &Site<'a>,
    name: &str,
    section: &Section,
    taken: &std::collections::HashSet<&str>,
    md_options: &mut markdown::Options,
) -> (Value, Vec<&'a RenderedPage>, SectionBody) {
    let mut in_section: Vec<&RenderedPage> = if name.is_empty() {
        site.posts.clone()
    } else {
        let prefix = format!("{name}/");
        site.posts
            .iter()
            .copied()
            .filter(|rp| rp.page.section == *name || rp.page.section.starts_with(&prefix))
            .collect()
    };
    sort(section, &mut in_section);
    md_options.shortcodes = site
        .shortcodes
        .as_ref()
        .map(|s| s.for_section(site.config, section));
    // Images in the section's own text get sizes and versions as a page's do.
    md_options.images = site.images.as_ref().map(|catalog| {
        std::sync::Arc::new(catalog.for_page(&section.path))
            as std::sync::Arc<dyn crate::markdown::images::ImageLookup>
    });
    // A quoted passage's source written relative is resolved from the section's page.
    md_options.permalink = site.config.permalink(&section.path);
    let body = markdown::render(&section.body, md_options);
    let view = SectionView {
        title: if name.is_empty() {
            section
                .front
                .title
                .clone()
                .unwrap_or_else(|| site.config.title.clone())
        } else {
            section_title(section)
        },
        url: site.config.url_path(&section.path),
        permalink: site.config.permalink(&section.path),
        content: body.page_html(),
        description: section.front.description.clone().unwrap_or_else(|| {
            if name.is_empty() {
                site.config.description.clone()
            } else {
                String::new()
            }
        }),
        pages: Vec::new(),
        feeds: crate::render::views::feed_links(site.config, &section.path),
    };
    let archive = match in_section.is_empty() {
        true => None,
        false => super::archive::path(section, taken),
    };
    let value = Value::of(&view)
        .with("pages", site.summary_list(&in_section))
        .with(
            "archive_url",
            Value::of(
                &archive
                    .map(|p| site.config.url_path(&p))
                    .unwrap_or_default(),
            ),
        );
    let body = SectionBody {
        links: body.links.into_iter().filter(|l| l.image).collect(),
        diagnostics: body.diagnostics,
    };
    (value, in_section, body)
}

/// Orders a section's posts by its `sort_by` (the posts come newest first).
pub(crate) fn sort(section: &Section, posts: &mut [&RenderedPage]) {
    match section.front.sort_by.as_deref() {
        Some("title") => posts.sort_by(|a, b| {
            a.page
                .title
                .to_lowercase()
                .cmp(&b.page.title.to_lowercase())
                .then_with(|| a.page.path.cmp(&b.page.path))
        }),
        Some("weight") => posts.sort_by(|a, b| {
            a.page
                .front
                .weight
                .unwrap_or(i64::MAX)
                .cmp(&b.page.front.weight.unwrap_or(i64::MAX))
                .then_with(|| a.page.path.cmp(&b.page.path))
        }),
        _ => {}
    }
}

/// Checks a section's `sort_by`; an unknown value is a warning (the list stays by date).
pub(crate) fn check_sort_by(section: &Section) -> Option<Diagnostic> {
    let value = section.front.sort_by.as_deref()?;
    if matches!(value, "date" | "title" | "weight") {
        return None;
    }
    Some(
        Diagnostic::warning(
            section.source.clone().unwrap_or_default(),
            format!("unknown `sort_by` value {value:?}; the section is sorted by date"),
        )
        .with_help("write sort_by: date, title or weight"),
    )
}

/// The site path of page `index` (1-based) of the list at `base`: `base` itself, then
/// `base` + `page/N/`.
pub(crate) fn pager_path(base: &str, index: usize) -> String {
    if index <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{index}/")
    }
}

/// Splits `posts` (posts, or any list: a source's passages) into pages of `per_page`
/// (0 means one page with everything), each with its paginator (whose `pages` and
/// `pagers` the caller fills in) and its items, and gives the list's pagers (the same
/// for each page). A list without items still has one (empty) page.
#[allow(clippy::type_complexity)]
pub(crate) fn paginators<'p, T>(
    site: &Site,
    base: &str,
    posts: &'p [T],
    per_page: usize,
) -> (Vec<(PaginatorView, &'p [T])>, Vec<Pager>) {
    let chunks: Vec<&[T]> = if per_page == 0 || posts.is_empty() {
        vec![posts]
    } else {
        posts.chunks(per_page).collect()
    };
    let n = chunks.len();
    let url = |i: usize| site.config.url_path(&pager_path(base, i));
    let pagers: Vec<Pager> = (1..=n)
        .map(|index| Pager {
            index,
            url: url(index),
        })
        .collect();
    let list = chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let index = i + 1;
            let paginator = PaginatorView {
                pages: Vec::new(),
                current_index: index,
                number_pagers: n,
                previous: if index > 1 {
                    url(index - 1)
                } else {
                    String::new()
                },
                next: if index < n {
                    url(index + 1)
                } else {
                    String::new()
                },
                first: url(1),
                last: url(n),
                paginate_by: per_page,
                total_pages: posts.len(),
                pagers: Vec::new(),
            };
            (paginator, chunk)
        })
        .collect();
    (list, pagers)
}
