//! Lookup: what the templates' functions find (`get_page`, `get_section`,
//! `get_taxonomy`, `get_url`, `get_quotes`, `get_updates`), made once per build from the
//! values the other steps share (each post's list summary, the site's quotes and
//! updates), so that a call is a map lookup, never a pass over every post.
//!
//! Takes the site, returns a [`Lookup`]; renders nothing. Each part is made only when
//! a template calls a function that reads it.

use std::collections::{BTreeMap, HashMap};

use super::{RenderedPage, Site, pages, paginate, taxonomy};
use crate::output::Output;
use crate::render::{Lookup, Templates, Value};

/// The lookup for `site`, whose `site` variable is `site_value` and whose files made
/// without templates are `files`.
pub(crate) fn make(
    site: &Site,
    templates: &Templates,
    site_value: &Value,
    files: &Output,
) -> Lookup {
    let calls = |names: &[&str]| names.iter().any(|n| templates.calls(n));
    let pages = match calls(&["get_page", "get_url"]) {
        true => site
            .rendered
            .iter()
            .map(|rp| (content_path(site.config, rp), page_value(site, rp)))
            .collect(),
        false => HashMap::new(),
    };
    let sections = match calls(&["get_section", "get_url"]) {
        true => {
            let taken = super::archive::taken(site);
            let mut md_options = super::markdown_options(site.config);
            site.content
                .sections
                .iter()
                .map(|(name, section)| {
                    let key = match name.is_empty() {
                        true => "_index.md".to_string(),
                        false => format!("{name}/_index.md"),
                    };
                    let (value, _, _) =
                        paginate::section_value(site, name, section, &taken, &mut md_options);
                    (key, value)
                })
                .collect()
        }
        false => HashMap::new(),
    };
    let mut taxonomies = BTreeMap::new();
    if calls(&["get_taxonomy"]) {
        for taxonomy in &site.taxonomies {
            let items = Value::list(
                taxonomy
                    .terms
                    .iter()
                    .map(|(slug, term)| taxonomy::term_value(site, taxonomy.name, slug, term)),
            );
            taxonomies.insert(
                taxonomy.name.to_string(),
                Value::of(&taxonomy::taxonomy_view(site.config, taxonomy.name))
                    .with("items", items),
            );
        }
    }
    Lookup {
        pages,
        sections,
        taxonomies,
        site: site_value.clone(),
        files: match calls(&["get_url"]) {
            true => files.clone(),
            false => Output::default(),
        },
    }
}

/// A page's file under the content folder, with `/` (`posts/a.md`,
/// `posts/trip/index.md`).
pub(crate) fn content_path(config: &crate::config::Config, rp: &RenderedPage) -> String {
    let source = config.root.join(&rp.page.source);
    source
        .strip_prefix(config.content_dir())
        .unwrap_or(&rp.page.source)
        .to_string_lossy()
        .replace('\\', "/")
}

/// What `get_page` gives: the page's list summary (shared) with the fields of its own
/// page that take no HTML.
fn page_value(site: &Site, rp: &RenderedPage) -> Value {
    let r = &rp.rendered;
    let words = r.quoted_words + r.own_words;
    pages::summary_value(site.config, rp).merged(Value::map([
        ("relative_path", Value::of(&content_path(site.config, rp))),
        ("section", Value::of(&rp.page.section)),
        ("extra", Value::of(&rp.page.front.extra)),
        ("word_count", Value::of(&words)),
        ("reading_time", Value::of(&words.div_ceil(200).max(1))),
    ]))
}
