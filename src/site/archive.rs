//! Archives: `/SECTION/archive/`, every post of a section (and its sub-sections) by year
//! and month, titles only, as Hugo's and Jekyll's themes offer.
//!
//! Takes the site and returns render jobs for `archive.html`; renders nothing itself. A
//! page (or an alias) that already claims a section's `archive/` path keeps it: that
//! section gets no generated archive.

use std::collections::HashSet;

use serde::Serialize;

use super::{RenderJob, RenderedPage, Site, output_path};
use crate::content::Section;
use crate::render::Value;

/// One year of an archive, newest first.
#[derive(Debug, Serialize)]
struct Year {
    year: i16,
    months: Vec<Month>,
}

/// One month of a year, newest first, with its posts (newest first).
#[derive(Debug, Serialize)]
struct Month {
    /// 1 to 12.
    month: i8,
    /// The month's name (`March`).
    name: String,
    /// `2026-03`, for an id or a `<time datetime>`.
    key: String,
    #[serde(skip)]
    posts: Vec<usize>,
}

/// The site path of `section`'s archive (`/posts/archive/`), unless it is the home page
/// or something the author wrote already claims that path.
pub(crate) fn path(section: &Section, taken: &HashSet<&str>) -> Option<String> {
    if section.name.is_empty() {
        return None;
    }
    let path = format!("{}archive/", section.path);
    (!taken.contains(path.as_str())).then_some(path)
}

/// The paths pages, their aliases and `[redirects]` claim, for [`path`].
pub(crate) fn taken<'a>(site: &Site<'a>) -> HashSet<&'a str> {
    site.rendered
        .iter()
        .flat_map(|rp| {
            std::iter::once(rp.page.path.as_str())
                .chain(rp.page.front.aliases.iter().map(String::as_str))
        })
        .chain(site.config.redirects.iter().map(|r| r.from.as_str()))
        .collect()
}

/// One `archive.html` job per section with posts, given `section` (`title`, `url`,
/// `permalink`), `archive` (years, each with `year` and `months`, each with `month`,
/// `name`, `key` and `pages`: post summaries) and `undated` (post summaries).
pub(crate) fn jobs(site: &Site) -> Vec<RenderJob> {
    let taken = taken(site);
    let mut jobs = Vec::new();
    for section in site.content.sections.values() {
        let Some(path) = path(section, &taken) else {
            continue;
        };
        let prefix = format!("{}/", section.name);
        let posts: Vec<&RenderedPage> = site
            .posts
            .iter()
            .copied()
            .filter(|rp| rp.page.section == section.name || rp.page.section.starts_with(&prefix))
            .collect();
        if posts.is_empty() {
            continue;
        }
        let (years, undated) = by_month(&site.config.i18n, &posts);
        let years = Value::list(years.iter().map(|y| {
            Value::of(y).with(
                "months",
                Value::list(y.months.iter().map(|m| {
                    Value::of(m).with(
                        "pages",
                        Value::list(m.posts.iter().map(|&i| site.summary(posts[i]))),
                    )
                })),
            )
        }));
        let section_value = Value::map([
            ("title", Value::of(&super::nav::section_title(section))),
            ("url", Value::of(&site.config.url_path(&section.path))),
            (
                "permalink",
                Value::of(&site.config.permalink(&section.path)),
            ),
        ]);
        jobs.push(
            site.job(output_path(&path), "archive.html", None)
                .with_value("section", section_value)
                .with_value("archive", years)
                .with_value(
                    "undated",
                    Value::list(undated.into_iter().map(|i| site.summary(posts[i]))),
                ),
        );
    }
    jobs
}

/// Groups `posts` (newest first) by year and month, keeping their order; the indices
/// of the undated ones apart.
fn by_month(language: &crate::i18n::Language, posts: &[&RenderedPage]) -> (Vec<Year>, Vec<usize>) {
    let mut years: Vec<Year> = Vec::new();
    let mut undated = Vec::new();
    for (i, rp) in posts.iter().enumerate() {
        let Some(date) = &rp.page.date else {
            undated.push(i);
            continue;
        };
        let (y, m) = (date.year(), date.month());
        if years.last().is_none_or(|last| last.year != y) {
            years.push(Year {
                year: y,
                months: Vec::new(),
            });
        }
        let Some(year) = years.last_mut() else {
            continue;
        };
        if year.months.last().is_none_or(|last| last.month != m) {
            year.months.push(Month {
                month: m,
                name: language.format_date(date.datetime(), crate::i18n::DateStyle::Month),
                key: format!("{y:04}-{m:02}"),
                posts: Vec::new(),
            });
        }
        if let Some(month) = year.months.last_mut() {
            month.posts.push(i);
        }
    }
    (years, undated)
}
