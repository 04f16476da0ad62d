//! Zola: `config.toml` with `base_url`, posts in `content/`, static files in `static/`.
//!
//! Zola's rules followed here (getzola.org/documentation/getting-started/configuration/,
//! /content/section/): a page's URL is its section's path and its slug (the file name
//! without a date prefix) unless front matter `path` or `slug` says otherwise: gloss's
//! default, so no `[permalinks]` is written; heading ids are Zola's own (`heading_ids =
//! "zola"`); `paginate_by` is set per section in its `_index.md` (gloss reads that front
//! matter key the same way); taxonomies are declared in `config.toml`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{
    Engine, FileCopy, Import, Left, NewTemplate, Settings, files_under, get, language, leave,
    parse_config, shown, taxonomies, text,
};
use crate::diagnostic::Diagnostic;

/// Reads a Zola site (see the module header).
pub(super) fn read(source: &Path, config_file: &Path) -> Result<Import, Diagnostic> {
    let config = parse_config(source, config_file)?;
    let config_shown = shown(source, &source.join(config_file));
    let mut left: Vec<Left> = Vec::new();
    let cfg = |k: &str| get(&config, k);
    let extra = cfg("extra").cloned().unwrap_or(Value::Null);
    let mut settings = Settings {
        title: text(cfg("title")),
        base_url: text(cfg("base_url")),
        description: text(cfg("description")),
        author: text(cfg("author")).or_else(|| text(get(&extra, "author"))),
        timezone: None,
        language: language(text(cfg("default_language")), &config_shown, &mut left),
        paginate_by: None,
        permalinks: Vec::new(),
        taxonomies: None,
    };
    // `[[taxonomies]]` tables, each with its `name`; one with a `lang` other than the
    // default language's belongs to a translation, which gloss does not build.
    if let Some(Value::Array(tables)) = cfg("taxonomies") {
        let default_language = text(cfg("default_language")).unwrap_or_else(|| "en".into());
        let names = tables
            .iter()
            .filter(|t| text(get(t, "lang")).is_none_or(|l| l == default_language))
            .filter_map(|t| text(get(t, "name")));
        settings.taxonomies = Some(taxonomies(names, &config_shown, &mut left));
    }
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
            "compile_sass",
            "gloss does not compile Sass; put built CSS in static/",
        ),
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
    let content_dir = PathBuf::from("content");
    let base = source.join(&content_dir);
    let content = files_under(&base, &|_| false)
        .into_iter()
        .map(|from| FileCopy {
            to: from.strip_prefix(&base).unwrap_or(&from).to_path_buf(),
            from,
        })
        .collect();
    let statics = files_under(&source.join("static"), &|_| false)
        .into_iter()
        .map(|from| FileCopy {
            to: from
                .strip_prefix(source.join("static"))
                .unwrap_or(&from)
                .to_path_buf(),
            from,
        })
        .collect();
    // The site's shortcodes are Tera templates, as gloss's are, called the same ways:
    // copied as they are (`gloss import` then checks that gloss can load each).
    let mut templates = Vec::new();
    let mut to_check = Vec::new();
    for f in files_under(&source.join("templates/shortcodes"), &|_| false) {
        let (Some(stem), Some(file_name)) = (f.file_stem(), f.file_name()) else {
            continue;
        };
        if !f.extension().is_some_and(|e| e == "html" || e == "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let name = stem.to_string_lossy();
        templates.push(NewTemplate {
            to: Path::new("shortcodes").join(file_name),
            text,
        });
        to_check.push(Left {
            what: super::scan::site_shortcode(&name),
            note: format!(
                "the site's own ({}), copied into the new site's templates/shortcodes/: gloss's shortcodes are Tera, as Zola's are, and take the same calls; check that the posts below show it as they did (a template error fails the build, naming the post and line)",
                shown(source, &f)
            ),
            files: Vec::new(),
        });
    }
    for (folder, what, note) in [
        (
            "templates",
            "templates",
            "gloss renders with its theme's templates (docs/templates.md)",
        ),
        (
            "sass",
            "Sass files",
            "gloss does not compile Sass; put built CSS in static/",
        ),
        ("themes", "themes", "Zola themes are not read"),
    ] {
        let files: Vec<String> = files_under(&source.join(folder), &|p| p.ends_with("shortcodes"))
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
    Ok(Import {
        engine: Engine::Zola,
        config_file: config_file.to_path_buf(),
        settings,
        content,
        content_in_place: Some(content_dir),
        statics,
        left,
        old_urls: Vec::new(),
        templates,
        old_feeds: Vec::new(),
        to_check,
    })
}
