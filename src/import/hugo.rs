//! Hugo: `hugo.toml|yaml|json` (or `config.*`, or `config/_default/`), posts in
//! `content/`, static files in `static/`.
//!
//! Hugo's rules followed here (gohugo.io/configuration/all/, /content-management/urls/):
//! keys are case-insensitive; a page's URL is its section and slug (file name, date
//! prefix included) unless `[permalinks]` says otherwise, which gloss's `[permalinks]`
//! reads with Hugo's `:slug` and `:title` renamed to the gloss tokens that mean them;
//! `contentDir` and `staticDir` move the folders; `paginate` (older) or
//! `pagination.pagerSize` give the page size. Hugo's content layout is gloss's
//! (sections, `_index.md`, page bundles), so the content folder is copied as it is.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{
    Engine, FileCopy, Import, Left, Settings, count, files_under, get, language, leave,
    parse_config, shown, taxonomies, text, unknown_tokens,
};
use crate::content::date::date_prefix;
use crate::diagnostic::Diagnostic;

/// Content formats Hugo renders that gloss does not read.
const OTHER_FORMATS: &[&str] = &[
    "html", "htm", "org", "adoc", "asciidoc", "ad", "rst", "pandoc", "pdc", "ipynb",
];

/// A Hugo `[permalinks]` pattern in gloss's tokens: Hugo's `:slug` (the front matter
/// `slug`, else the title made a URL segment) is gloss's `:slugortitle`, Hugo's `:title`
/// gloss's `:slugified_title`; the others mean the same (see
/// `content::permalink`). A `:` that starts no token stays as it is.
fn gloss_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..=i]);
        let after = &rest[i + 1..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        out.push_str(match &after[..end] {
            "slug" => "slugortitle",
            "title" => "slugified_title",
            other => other,
        });
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Hugo's RSS feeds (gohugo.io/templates/rss/): the home page's, each section's and each
/// term's, at `index.xml` beside each list (`[outputFormats.RSS] baseName` renames it),
/// unless `disableKinds` lists `rss` (or the kind), or `[outputs]` gives the kind a list
/// without `rss`.
fn feeds(config: &Value) -> Vec<super::OldFeed> {
    let lower = |v: Option<&Value>| -> Vec<String> {
        match v {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|i| text(Some(i)))
                .map(|i| i.to_ascii_lowercase())
                .collect(),
            _ => Vec::new(),
        }
    };
    let disabled = lower(get(config, "disableKinds"));
    if disabled.iter().any(|k| k == "rss") {
        return Vec::new();
    }
    let outputs = get(config, "outputs").cloned().unwrap_or(Value::Null);
    // `taxonomy` named the term pages before Hugo 0.73.
    let has_rss = |kinds: &[&str]| {
        kinds.iter().all(|kind| !disabled.iter().any(|k| k == kind))
            && kinds
                .iter()
                .find_map(|kind| get(&outputs, kind))
                .is_none_or(|list| lower(Some(list)).iter().any(|f| f == "rss"))
    };
    let base = get(config, "outputFormats")
        .and_then(|f| get(f, "rss"))
        .and_then(|rss| text(get(rss, "baseName")))
        .unwrap_or_else(|| "index".to_string());
    let file = format!("{base}.xml");
    let rss = crate::config::FeedFormat::Rss;
    let mut out = Vec::new();
    if has_rss(&["home"]) {
        out.push(super::OldFeed {
            at: super::FeedAt::Site(format!("/{file}")),
            format: rss,
        });
    }
    if has_rss(&["section"]) {
        out.push(super::OldFeed {
            at: super::FeedAt::Sections(file.clone()),
            format: rss,
        });
    }
    if has_rss(&["term"]) && has_rss(&["taxonomy"]) {
        out.push(super::OldFeed {
            at: super::FeedAt::HugoTerms(file),
            format: rss,
        });
    }
    out
}

/// Reads a Hugo site (see the module header).
pub(super) fn read(source: &Path, config_file: &Path) -> Result<Import, Diagnostic> {
    let config = parse_config(source, config_file)?;
    let config_shown = shown(source, &source.join(config_file));
    let mut left: Vec<Left> = Vec::new();
    let cfg = |k: &str| get(&config, k);
    let params = cfg("params").cloned().unwrap_or(Value::Null);
    let pagination = cfg("pagination").cloned().unwrap_or(Value::Null);
    let mut settings = Settings {
        title: text(cfg("title")),
        base_url: text(cfg("baseURL")),
        description: text(get(&params, "description")).or_else(|| text(get(&params, "subtitle"))),
        author: text(get(&params, "author")).or_else(|| text(cfg("author"))),
        timezone: text(cfg("timeZone")),
        language: language(
            text(cfg("languageCode")).or_else(|| text(cfg("defaultContentLanguage"))),
            &config_shown,
            &mut left,
        ),
        paginate_by: count(get(&pagination, "pagerSize")).or_else(|| count(cfg("paginate"))),
        permalinks: Vec::new(),
        taxonomies: None,
    };
    if let Some(Value::Object(table)) = cfg("permalinks") {
        // Hugo 0.120's form nests the page patterns under `page`; the older one is flat.
        let pages = table
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("page"))
            .and_then(|(_, v)| v.as_object())
            .unwrap_or(table);
        for (section, pattern) in pages {
            let Some(pattern) = pattern.as_str() else {
                continue;
            };
            // Hugo's `:slug` and `:title` are not gloss's (Jekyll's): say them in the
            // tokens that give Hugo's URLs.
            let pattern = &gloss_pattern(pattern);
            let unknown = unknown_tokens(pattern);
            if unknown.is_empty() {
                settings
                    .permalinks
                    .push((section.clone(), pattern.to_string()));
            } else {
                leave(
                    &mut left,
                    format!("permalink `{section} = \"{pattern}\"`"),
                    &format!(
                        "gloss's [permalinks] cannot read it ({}); the section's posts are at /{section}/SLUG/ until you write a pattern gloss knows (docs/configuration.md)",
                        unknown.join(", ")
                    ),
                    Some(config_shown.clone()),
                );
            }
        }
    }
    // `[taxonomies]` maps each singular to its plural, the name in front matter and URLs;
    // without it Hugo has tags and categories (an empty table has none).
    let names: Vec<String> = match cfg("taxonomies") {
        Some(Value::Object(table)) => table.values().filter_map(|v| text(Some(v))).collect(),
        _ => vec!["tags".to_string(), "categories".to_string()],
    };
    settings.taxonomies = Some(taxonomies(names, &config_shown, &mut left));
    for (key, note) in [
        (
            "theme",
            "gloss renders with its own theme (or one under themes/ written for gloss)",
        ),
        (
            "languages",
            "gloss builds one language; only the default language's content is read",
        ),
        (
            "uglyURLs",
            "gloss writes /SECTION/SLUG/ folders; an `.html` pattern in [permalinks] gives NAME.html files",
        ),
        ("module", "Hugo modules are not read"),
    ] {
        if let Some(v) = cfg(key)
            && !matches!(v, Value::Bool(false) | Value::Null)
        {
            leave(
                &mut left,
                format!("`{key}` in {config_shown}"),
                note,
                Some(config_shown.clone()),
            );
        }
    }
    let old_feeds = feeds(&config);
    let content_dir = PathBuf::from(text(cfg("contentDir")).unwrap_or_else(|| "content".into()));
    let static_dir = PathBuf::from(text(cfg("staticDir")).unwrap_or_else(|| "static".into()));
    let mut content = Vec::new();
    let mut dated_names = Vec::new();
    let base = source.join(&content_dir);
    for path in files_under(&base, &|_| false) {
        let rel = path.strip_prefix(&base).unwrap_or(&path).to_path_buf();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if OTHER_FORMATS.contains(&ext.as_str())
            && super::scan::has_front_matter(&std::fs::read(&path).unwrap_or_default())
        {
            leave(
                &mut left,
                "pages that are not Markdown".into(),
                "gloss reads Markdown (.md, .markdown); these were not copied",
                Some(shown(source, &path)),
            );
            continue;
        }
        if super::is_markdown(&path) {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            // The top-level section of a dated file (`posts` for `posts/2020/…`).
            let top = rel
                .components()
                .next()
                .filter(|_| rel.components().count() > 1)
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .unwrap_or_default();
            if date_prefix(&stem).is_some_and(|(_, rest)| !rest.is_empty())
                && !dated_names.contains(&top)
            {
                dated_names.push(top);
            }
        }
        content.push(FileCopy {
            from: path,
            to: rel,
        });
    }
    // Hugo kept the date of `2020-01-02-name.md` in the URL (unless its `[frontmatter]`
    // dates read it from the file name, which then leaves it out, as gloss does): the
    // file name is the URL's last segment, so the section gets a pattern saying so.
    let dates_from_names = cfg("frontmatter").is_some_and(|f| f.to_string().contains(":filename"));
    if !dates_from_names {
        for section in dated_names {
            let covered = settings.permalinks.iter().any(|(s, _)| {
                let s = s.trim_matches('/');
                section == s || section.starts_with(&format!("{s}/"))
            });
            if !covered {
                // Pages directly in content/ are `"/"` in gloss's [permalinks].
                let key = if section.is_empty() {
                    "/".to_string()
                } else {
                    section
                };
                settings
                    .permalinks
                    .push((key, "/:sections/:slugorfilename/".to_string()));
            }
        }
    }
    let statics = files_under(&source.join(&static_dir), &|_| false)
        .into_iter()
        .map(|from| FileCopy {
            to: from
                .strip_prefix(source.join(&static_dir))
                .unwrap_or(&from)
                .to_path_buf(),
            from,
        })
        .collect();
    for f in files_under(&source.join("layouts/shortcodes"), &|_| false)
        .into_iter()
        .chain(files_under(&source.join("layouts/_shortcodes"), &|_| false))
    {
        let name = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = name.split('.').next().unwrap_or(&name).to_string();
        leave(
            &mut left,
            format!("shortcode `{{{{< {name} >}}}}`"),
            &format!(
                "a shortcode of the site's own ({}); write it as templates/shortcodes/{name}.html in Tera (docs/templates.md)",
                shown(source, &f)
            ),
            None,
        );
    }
    for (folder, what, note) in [
        (
            "layouts",
            "templates",
            "gloss renders with its theme's templates (docs/templates.md)",
        ),
        (
            "assets",
            "asset pipeline files",
            "gloss does not run Hugo Pipes; put built CSS and JS in static/",
        ),
        ("i18n", "translations", "gloss builds one language"),
    ] {
        let files: Vec<String> = files_under(&source.join(folder), &|p| {
            p.ends_with("shortcodes") || p.ends_with("_shortcodes")
        })
        .iter()
        .map(|f| shown(source, f))
        .collect();
        if !files.is_empty() {
            left.push(Left {
                what: format!("{what} in {folder}/"),
                note: note.to_string(),
                files,
            });
        }
    }
    for f in files_under(&source.join("data"), &|_| false) {
        let file = shown(source, &f);
        leave(
            &mut left,
            format!("data file `{file}`"),
            "gloss does not read data files; templates that read it need another way",
            Some(file),
        );
    }
    Ok(Import {
        engine: Engine::Hugo,
        config_file: config_file.to_path_buf(),
        settings,
        content,
        content_in_place: Some(content_dir),
        statics,
        left,
        old_urls: Vec::new(),
        templates: Vec::new(),
        old_feeds,
        to_check: Vec::new(),
    })
}
