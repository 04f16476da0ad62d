//! Jekyll: `_config.yml`, posts in `_posts/` folders, pages and static files at the top.
//!
//! Jekyll's rules followed here (jekyllrb.com/docs/configuration/, /docs/permalinks/):
//! the default permalink style is `date` (`/:categories/:year/:month/:day/:title:output_ext`);
//! folders and files whose names start with `_` or `.` are not part of the site; a file
//! with front matter is processed, any other file is copied as it is; `exclude` lists
//! more. Posts from every `_posts/` folder go to `content/posts/` (flat: gloss makes a
//! section of each folder, and Jekyll's post URLs do not depend on the folder).

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{
    Engine, FileCopy, Import, Left, OldUrl, Settings, Was, files_under, get, leave, parse_config,
    scan, shown, text, unknown_tokens,
};
use crate::diagnostic::Diagnostic;

/// What Jekyll leaves out of every site besides `_` and `.` names (its default `exclude`).
const EXCLUDED: &[&str] = &[
    "Gemfile",
    "Gemfile.lock",
    "gemfiles",
    "node_modules",
    "vendor",
    "package.json",
    "package-lock.json",
];

/// Jekyll's permalink presets, which gloss's `[permalinks]` accepts as written.
const PRESETS: &[&str] = &["date", "pretty", "ordinal", "none", "weekdate"];

/// Reads a Jekyll site (see the module header).
pub(super) fn read(source: &Path, config_file: &Path) -> Result<Import, Diagnostic> {
    let config = parse_config(source, config_file)?;
    let mut left: Vec<Left> = Vec::new();
    let cfg = |k: &str| get(&config, k);
    let base_url = text(cfg("url")).map(|url| {
        let base = text(cfg("baseurl")).unwrap_or_default();
        format!("{}/{}", url.trim_end_matches('/'), base.trim_matches('/'))
    });
    let mut settings = Settings {
        title: text(cfg("title")),
        base_url,
        description: text(cfg("description")).or_else(|| text(cfg("tagline"))),
        author: text(cfg("author")),
        timezone: text(cfg("timezone")),
        language: super::language(
            text(cfg("lang")).or_else(|| text(cfg("locale"))),
            &shown(source, &source.join(config_file)),
            &mut left,
        ),
        paginate_by: super::count(cfg("paginate")),
        permalinks: Vec::new(),
        // Set by `scan` when the posts have categories.
        taxonomies: None,
    };
    match text(cfg("permalink")) {
        None => settings.permalinks.push((
            "posts".to_string(),
            "/:categories/:year/:month/:day/:title.html".to_string(),
        )),
        Some(p) if PRESETS.contains(&p.as_str()) => {
            settings.permalinks.push(("posts".to_string(), p));
        }
        Some(p) => {
            let pattern = p.replace(":output_ext", ".html");
            let unknown = unknown_tokens(&pattern);
            if unknown.is_empty() {
                settings.permalinks.push(("posts".to_string(), pattern));
            } else {
                leave(
                    &mut left,
                    format!("permalink `{p}`"),
                    &format!(
                        "gloss's [permalinks] cannot read it ({}); posts are at /posts/SLUG/ until you write a pattern gloss knows (docs/configuration.md)",
                        unknown.join(", ")
                    ),
                    Some(shown(source, &source.join(config_file))),
                );
            }
        }
    }
    let config_shown = shown(source, &source.join(config_file));
    // jekyll-feed's Atom feed, at `feed.path` when the site gives one.
    let mut old_feeds = Vec::new();
    if ["plugins", "gems"]
        .iter()
        .any(|key| list(cfg(key)).iter().any(|p| p == "jekyll-feed"))
    {
        let path = cfg("feed")
            .and_then(|f| text(get(f, "path")))
            .unwrap_or_else(|| "feed.xml".to_string());
        old_feeds.push(super::OldFeed {
            at: super::FeedAt::Site(format!("/{}", path.trim_start_matches('/'))),
            format: crate::config::FeedFormat::Atom,
        });
    }
    for key in ["plugins", "gems"] {
        for plugin in list(cfg(key)) {
            leave(
                &mut left,
                format!("plugin `{plugin}`"),
                plugin_note(&plugin),
                Some(config_shown.clone()),
            );
        }
    }
    for (key, note) in [
        (
            "defaults",
            "front matter defaults are not applied by gloss: a `layout` or `permalink` given there is not carried; write what matters into gloss.toml or the posts",
        ),
        (
            "collections",
            "gloss has sections (folders under content/) instead of collections; copy a collection's files into a folder of content/",
        ),
    ] {
        if cfg(key).is_some() {
            leave(
                &mut left,
                format!("`{key}` in {config_shown}"),
                note,
                Some(config_shown.clone()),
            );
        }
    }
    let excluded: Vec<String> = list(cfg("exclude"));
    let skip = |p: &Path| -> bool {
        let rel = shown(source, p);
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (name.starts_with('_') && name != "_posts")
            || EXCLUDED.contains(&rel.as_str())
            || excluded.iter().any(|e| e.trim_matches('/') == rel)
    };
    let mut content = Vec::new();
    let mut statics = Vec::new();
    let mut old_urls = Vec::new();
    for path in files_under(source, &|p| skip(p) && !is_posts_dir(source, p)) {
        let rel = path.strip_prefix(source).unwrap_or(&path).to_path_buf();
        let relshown = shown(source, &path);
        if path == source.join(config_file) || skip(&path) {
            continue;
        }
        let in_posts = rel.components().any(|c| c.as_os_str() == "_posts");
        let bytes = std::fs::read(&path).unwrap_or_default();
        let markdown = super::is_markdown(&path);
        if in_posts {
            if markdown {
                content.push(FileCopy {
                    to: flat_post_name(&content, &path),
                    from: path.clone(),
                });
            } else {
                leave(
                    &mut left,
                    "posts that are not Markdown".into(),
                    "gloss reads Markdown posts (.md, .markdown); these were not copied",
                    Some(relshown),
                );
            }
            continue;
        }
        if scan::has_front_matter(&bytes) {
            if markdown && rel.file_stem().is_some_and(|s| s != "index") {
                content.push(FileCopy {
                    from: path.clone(),
                    to: rel.clone(),
                });
                let text = String::from_utf8_lossy(&bytes);
                let own = scan::front_matter(&text)
                    .0
                    .is_some_and(|f| f.contains_key("permalink"));
                let pretty = settings
                    .permalinks
                    .iter()
                    .any(|(_, p)| p == "pretty" || p.ends_with('/'));
                if own || pretty {
                    continue;
                }
                // Jekyll wrote `docs/guide.md` as `docs/guide.html`; gloss gives it
                // `/docs/guide/`, and a redirect from the old file's URL.
                let url = format!(
                    "/{}.html",
                    relshown
                        .rsplit_once('.')
                        .map_or(relshown.as_str(), |(stem, _)| stem)
                );
                old_urls.push(OldUrl {
                    file: rel.clone(),
                    was: Was::Path(url),
                });
            } else {
                leave(
                    &mut left,
                    "files Jekyll processes (front matter in a template, stylesheet or home page)"
                        .into(),
                    "gloss makes its home page, lists, feeds and styles with its theme; these were not copied",
                    Some(relshown),
                );
            }
            continue;
        }
        statics.push(FileCopy {
            from: path.clone(),
            to: rel,
        });
    }
    for (folder, what, note) in [
        (
            "_layouts",
            "layout",
            "gloss renders with its theme's templates (docs/templates.md)",
        ),
        ("_includes", "include", "gloss does not run Liquid includes"),
        (
            "_plugins",
            "plugin",
            "gloss runs no Ruby; see what the plugin did and use gloss's settings or shortcodes instead",
        ),
        (
            "_sass",
            "stylesheet",
            "gloss's theme has its own styles; put your own CSS in static/",
        ),
        (
            "_drafts",
            "draft",
            "not copied, so that nothing unpublished is published: copy them into content/posts/ with `draft: true`",
        ),
    ] {
        let dir = source.join(folder);
        for f in files_under(&dir, &|_| false) {
            let file = shown(source, &f);
            let name = f
                .strip_prefix(&dir)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let stem = Path::new(&name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            match folder {
                // Layouts are listed with the posts that use them (see scan), by name.
                "_layouts" => leave(&mut left, format!("{what} `{stem}`"), note, None),
                _ => leave(&mut left, format!("{what} `{name}`"), note, Some(file)),
            }
        }
    }
    for f in files_under(&source.join("_data"), &|_| false) {
        let file = shown(source, &f);
        leave(
            &mut left,
            format!("data file `{file}`"),
            "gloss does not read data files; posts and templates that read it need another way",
            Some(file),
        );
    }
    Ok(Import {
        engine: Engine::Jekyll,
        config_file: config_file.to_path_buf(),
        settings,
        content,
        content_in_place: None,
        statics,
        left,
        old_urls,
        templates: Vec::new(),
        old_feeds,
        to_check: Vec::new(),
    })
}

/// Whether `p` is a `_posts` folder, or a folder holding one (`blog/_posts`: posts of the
/// category `blog`).
fn is_posts_dir(source: &Path, p: &Path) -> bool {
    p.file_name().is_some_and(|n| n == "_posts")
        || p.join("_posts").is_dir()
        || p.ancestors()
            .take_while(|a| a.starts_with(source))
            .any(|a| a.file_name().is_some_and(|n| n == "_posts"))
}

/// Where a post goes: `posts/FILE`, or `posts/FOLDER-FILE` when another post already
/// took the name (two `_posts/` folders holding one file name).
fn flat_post_name(taken: &[FileCopy], path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let plain = Path::new("posts").join(&name);
    if !taken.iter().any(|c| c.to == plain) {
        return plain;
    }
    let parent = path
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Path::new("posts").join(format!("{parent}-{name}"))
}

/// A list in the config (or one string), as strings.
fn list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(|v| text(Some(v))).collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// What gloss does instead of a common Jekyll plugin.
fn plugin_note(plugin: &str) -> &'static str {
    match plugin {
        "jekyll-feed" => {
            "gloss writes Atom feeds itself (/atom.xml and one per section and tag); the plugin's /feed.xml redirects to /atom.xml (see the old feed URLs)"
        }
        "jekyll-sitemap" => "gloss writes /sitemap.xml itself",
        "jekyll-seo-tag" => "gloss's theme writes the description, canonical URL and sharing tags",
        "jekyll-paginate" | "jekyll-paginate-v2" => {
            "gloss paginates sections itself (`paginate_by`)"
        }
        "jekyll-archives" => {
            "gloss makes a page per tag and per category itself, at /tags/TERM/ and /categories/TERM/ (not the plugin's /tag/TERM/); date archives are not made"
        }
        "jekyll-redirect-from" => {
            "gloss reads `redirect_from` as `aliases` and writes the redirect pages itself"
        }
        _ => "gloss runs no Jekyll plugins; check what it did",
    }
}
