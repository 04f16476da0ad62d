//! Navigation: the site's main links, derived from its content.
//!
//! Takes the content and the posts and returns [`NavLink`]s: each top-level section that
//! has pages (by `weight`, then title), then each taxonomy that has terms (Tags,
//! Categories, Series…), Quotes and Updates when the site has any. A site without a `posts/` folder gets no link to one.

use super::taxonomy::{self, Taxonomy};
use super::{RenderedPage, commentary};
use crate::config::Config;
use crate::content::{Content, Section};
use crate::render::views::NavLink;

/// The navigation links of a site.
pub(crate) fn derive(
    config: &Config,
    content: &Content,
    posts: &[&RenderedPage],
    taxonomies: &[Taxonomy],
) -> Vec<NavLink> {
    let mut sections: Vec<&Section> = content
        .sections
        .values()
        .filter(|s| !s.name.is_empty() && !s.name.contains('/'))
        .filter(|s| {
            posts.iter().any(|rp| {
                rp.page.section == s.name || rp.page.section.starts_with(&format!("{}/", s.name))
            })
        })
        .collect();
    sections.sort_by(|a, b| {
        a.front
            .weight
            .unwrap_or(0)
            .cmp(&b.front.weight.unwrap_or(0))
            .then_with(|| section_title(a).cmp(&section_title(b)))
    });
    let mut nav: Vec<NavLink> = sections
        .into_iter()
        .map(|s| NavLink {
            title: section_title(s),
            url: config.url_path(&s.path),
            key: String::new(),
        })
        .collect();
    for taxonomy in taxonomies.iter().filter(|t| !t.terms.is_empty()) {
        let mut l = link(
            config,
            &taxonomy::title(&config.i18n, taxonomy.name),
            &taxonomy::index_path(taxonomy.name),
        );
        if matches!(taxonomy.name, "tags" | "categories" | taxonomy::SERIES) {
            l.key = taxonomy.name.to_string();
        }
        nav.push(l);
    }
    if posts.iter().any(|rp| !rp.rendered.quotes.is_empty()) {
        let mut l = link(config, config.i18n.text("quotes"), "/quotes/");
        l.key = "quotes".to_string();
        nav.push(l);
    }
    if posts
        .iter()
        .any(|rp| !commentary::history(config, rp).is_empty())
    {
        let mut l = link(config, config.i18n.text("updates"), "/updates/");
        l.key = "updates".to_string();
        nav.push(l);
    }
    nav
}

fn link(config: &Config, title: &str, path: &str) -> NavLink {
    NavLink {
        title: title.to_string(),
        url: config.url_path(path),
        key: String::new(),
    }
}

/// A section's title for people: its front matter `title`, else its folder name with
/// the first letter capitalised and `-`/`_` read as spaces (`field-notes` → `Field notes`).
pub(crate) fn section_title(section: &Section) -> String {
    if let Some(t) = &section.front.title {
        return t.clone();
    }
    let name = section.name.rsplit('/').next().unwrap_or(&section.name);
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}
