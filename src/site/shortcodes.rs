//! What the Markdown stage needs to answer shortcodes: the site's shortcode templates
//! (run by `render`) and where each page's source file went (for `ref`, `post_url`…).

use std::collections::HashMap;
use std::sync::Arc;

use crate::content::Content;
use crate::markdown::shortcodes::{Call, Output, Shortcodes};
use crate::render::{ShortcodeTemplates, Templates};

/// The site's shortcodes, as [`crate::markdown::Options::shortcodes`] takes them.
pub(crate) fn for_site(templates: &Templates, content: &Content) -> Arc<dyn Shortcodes> {
    Arc::new(SiteShortcodes {
        templates: templates.shortcodes(),
        pages: page_keys(content),
    })
}

/// Each page's URL path by its source path under `content/` without the extension
/// (`posts/2010-07-21-b`; a bundle `posts/trip/index.md` is `posts/trip`, a section's
/// `_index.md` its folder), and by its file name alone (`2010-07-21-b`, `trip`) when no
/// other page has that name first (pages are in source order).
fn page_keys(content: &Content) -> HashMap<String, String> {
    let mut keys = HashMap::with_capacity(content.pages.len() * 2);
    let sources = content
        .pages
        .iter()
        .map(|p| (p.source.as_path(), &p.path))
        .chain(
            content
                .sections
                .values()
                .filter_map(|s| s.source.as_deref().map(|src| (src, &s.path))),
        );
    for (source, path) in sources {
        let source = source.to_string_lossy().replace('\\', "/");
        let Some(under) = source.split_once('/').map(|(_, rest)| rest) else {
            continue;
        };
        let mut key = under;
        for ext in [".md", ".markdown"] {
            key = key.strip_suffix(ext).unwrap_or(key);
        }
        for index in ["/index", "/_index"] {
            key = key.strip_suffix(index).unwrap_or(key);
        }
        let file = key.rsplit('/').next().unwrap_or(key);
        keys.entry(file.to_string()).or_insert_with(|| path.clone());
        keys.insert(key.to_string(), path.clone());
    }
    keys
}

#[derive(Debug)]
struct SiteShortcodes {
    templates: Arc<ShortcodeTemplates>,
    pages: HashMap<String, String>,
}

impl Shortcodes for SiteShortcodes {
    fn template(&self, name: &str) -> Option<Output> {
        self.templates.output(name)
    }

    fn render(&self, call: &Call) -> Result<String, String> {
        self.templates.render(call)
    }

    fn page_url(&self, key: &str) -> Option<String> {
        self.pages.get(key).cloned()
    }
}
