//! What the Markdown stage needs to answer shortcodes: the site's shortcode templates
//! (run by `render`), where each page's source file went (for `ref`, `post_url`…), and
//! the variables a shortcode template sees besides its call's: `page`, `section` and
//! `config`, as far as they are known before the page's body is rendered (Zola gives
//! its shortcodes `page` or `section`, and `config`, the same way).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::taxonomy::term_view;
use crate::config::Config;
use crate::content::{Content, Page, Section};
use crate::markdown::shortcodes::{Call, Output, Shortcodes};
use crate::render::views::{
    ConfigView, ShortcodePageView, ShortcodeSectionView, display_date, machine_date,
};
use crate::render::{Context, ShortcodeTemplates, Templates, Value};

/// The site's shortcodes; [`SiteShortcodes::for_page`] and
/// [`SiteShortcodes::for_section`] give what [`crate::markdown::Options::shortcodes`]
/// takes for one body.
pub(crate) fn for_site(
    config: &Config,
    templates: &Templates,
    content: &Content,
) -> Arc<SiteShortcodes> {
    let (pages, files) = page_keys(config, content);
    Arc::new(SiteShortcodes {
        templates: templates.shortcodes(),
        pages,
        files,
        config: Value::of(&ConfigView::new(config)),
        empty_page: Value::of(&ShortcodePageView::default()),
    })
}

/// Each page's URL path by its source path under `content/` without the extension
/// (`posts/2010-07-21-b`; a bundle `posts/trip/index.md` is `posts/trip`, a section's
/// `_index.md` its folder), and by its file name alone (`2010-07-21-b`, `trip`) when no
/// other page has that name first (pages are in source order); and, second, by its
/// file under `content/` as written (`posts/trip/index.md`, for `@/` links).
fn page_keys(
    config: &Config,
    content: &Content,
) -> (HashMap<String, String>, HashMap<String, String>) {
    let mut keys = HashMap::with_capacity(content.pages.len() * 2);
    let mut files = HashMap::with_capacity(content.pages.len());
    let content_dir = config.content_dir();
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
        // The file under the content folder (which `content_dir` may put anywhere).
        let full = config.root.join(source);
        let Ok(under) = full.strip_prefix(&content_dir) else {
            continue;
        };
        let under = under.to_string_lossy().replace('\\', "/");
        files.insert(under.clone(), path.clone());
        let under = under.as_str();
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
    (keys, files)
}

/// The shortcodes of a site: its templates and its pages' URLs.
#[derive(Debug)]
pub(crate) struct SiteShortcodes {
    templates: Arc<ShortcodeTemplates>,
    pages: HashMap<String, String>,
    /// Each page's and section's URL path by its file under `content/`.
    files: HashMap<String, String>,
    /// `config`, as every template sees it (without `nav`, derived from the rendered
    /// posts).
    config: Value,
    /// `page` in a section's body.
    empty_page: Value,
}

impl SiteShortcodes {
    /// The shortcodes for the body of `page`: its templates see `page` and its section.
    /// A body without `{` holds no call, and gets the site's as they are.
    pub(crate) fn for_page(
        self: &Arc<Self>,
        config: &Config,
        content: &Content,
        page: &Page,
    ) -> Arc<dyn Shortcodes> {
        if !page.body.contains('{') {
            return Arc::clone(self) as Arc<dyn Shortcodes>;
        }
        Arc::new(InBody {
            site: Arc::clone(self),
            page: Some(page_view(config, page)),
            language: page.language.clone(),
            section: content
                .sections
                .get(&page.section)
                .map(|s| section_view(config, s))
                .unwrap_or_default(),
            scope: OnceLock::new(),
        })
    }

    /// The shortcodes for the body of `section` (its `_index.md`): its templates see
    /// `section`, and an empty `page`.
    pub(crate) fn for_section(
        self: &Arc<Self>,
        config: &Config,
        section: &Section,
    ) -> Arc<dyn Shortcodes> {
        Arc::new(InBody {
            site: Arc::clone(self),
            page: None,
            language: None,
            section: section_view(config, section),
            scope: OnceLock::new(),
        })
    }

    /// The variables of a body's shortcode templates.
    fn scope(&self, page: Option<Value>, section: Value) -> Context {
        let mut scope = Context::new();
        scope.insert("config", self.config.clone());
        scope.insert("page", page.unwrap_or_else(|| self.empty_page.clone()));
        scope.insert("section", section);
        scope
    }
}

impl Shortcodes for SiteShortcodes {
    fn template(&self, name: &str) -> Option<Output> {
        self.templates.output(name)
    }

    fn render(&self, call: &Call) -> Result<String, String> {
        let section = Value::of(&ShortcodeSectionView::default());
        self.templates.render(call, &self.scope(None, section))
    }

    fn page_url(&self, key: &str) -> Option<String> {
        self.pages.get(key).cloned()
    }

    fn content_url(&self, path: &str) -> Option<String> {
        self.files.get(path.trim_start_matches('/')).cloned()
    }
}

/// The shortcodes of one body: the site's, with that body's `page` and `section`,
/// converted for the templates the first time one runs.
#[derive(Debug)]
struct InBody {
    site: Arc<SiteShortcodes>,
    page: Option<ShortcodePageView>,
    section: ShortcodeSectionView,
    /// The page's own language, when not the site's: its shortcodes speak it too.
    language: Option<Arc<crate::i18n::Language>>,
    scope: OnceLock<Context>,
}

impl Shortcodes for InBody {
    fn template(&self, name: &str) -> Option<Output> {
        self.site.template(name)
    }

    fn render(&self, call: &Call) -> Result<String, String> {
        let scope = self.scope.get_or_init(|| {
            let mut scope = self
                .site
                .scope(self.page.as_ref().map(Value::of), Value::of(&self.section));
            if let Some(language) = &self.language {
                scope.insert("lang", Value::of(&language.tag()));
                scope.insert("dir", Value::of(&language.dir()));
            }
            scope
        });
        self.site.templates.render(call, scope)
    }

    fn page_url(&self, key: &str) -> Option<String> {
        self.site.page_url(key)
    }

    fn content_url(&self, path: &str) -> Option<String> {
        self.site.content_url(path)
    }
}

/// `page` for a shortcode template in `page`'s body.
fn page_view(config: &Config, page: &Page) -> ShortcodePageView {
    let front = &page.front;
    let authors = if front.authors.is_empty() && !config.author.is_empty() {
        vec![config.author.clone()]
    } else {
        front.authors.clone()
    };
    ShortcodePageView {
        title: page.title.clone(),
        title_html: crate::markdown::title::html(front.title.as_deref().unwrap_or(&page.title)),
        slug: page.slug.clone(),
        url: config.url_path(&page.path),
        permalink: config.permalink(&page.path),
        section: page.section.clone(),
        date: page.date.as_ref().map(machine_date).unwrap_or_default(),
        date_display: page
            .date
            .as_ref()
            .map(|d| display_date(page.language(config), d))
            .unwrap_or_default(),
        updated: front.updated.as_ref().map(machine_date).unwrap_or_default(),
        updated_display: front
            .updated
            .as_ref()
            .map(|d| display_date(page.language(config), d))
            .unwrap_or_default(),
        description: front
            .description
            .as_deref()
            .unwrap_or("")
            .trim()
            .to_string(),
        // The tags as the page's `tags` has them: none when `tags` is not a taxonomy.
        tags: config
            .taxonomies
            .iter()
            .zip(&front.terms)
            .filter(|(name, _)| *name == "tags")
            .flat_map(|(name, terms)| terms.iter().map(|t| term_view(config, name, t, 0)))
            .collect(),
        authors,
        link: front.link.clone().unwrap_or_default(),
        draft: front.draft,
        extra: front.extra.clone(),
    }
}

/// `section` for a shortcode template in a body of (or in a page of) `section`.
fn section_view(config: &Config, section: &Section) -> ShortcodeSectionView {
    ShortcodeSectionView {
        title: match section.name.is_empty() {
            true => section
                .front
                .title
                .clone()
                .unwrap_or_else(|| config.title.clone()),
            false => super::nav::section_title(section),
        },
        url: config.url_path(&section.path),
        permalink: config.permalink(&section.path),
        description: section
            .front
            .description
            .as_deref()
            .unwrap_or("")
            .trim()
            .to_string(),
        extra: section.front.extra.clone(),
    }
}
