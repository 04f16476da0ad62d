//! Pelican: `pelicanconf.py` (and `publishconf.py` for the published `SITEURL`), posts
//! in `content/` (`PATH`), pages in `content/pages/`, static files in `STATIC_PATHS`.
//!
//! The configuration is Python; only top-level `NAME = literal` assignments are read
//! (see [`super::literal`]), nothing is run. Pelican's rules followed here
//! (docs.getpelican.com/en/latest/settings.html): articles are every Markdown file under
//! `PATH` outside `PAGE_PATHS` (`pages`) and `STATIC_PATHS` (`images`); an article's URL
//! is where `ARTICLE_SAVE_AS` writes it (else `ARTICLE_URL`, default `{slug}.html`), a
//! page's `PAGE_SAVE_AS` / `PAGE_URL` (`pages/{slug}.html`), each written as a
//! `[permalinks]` pattern; the slug is made from the title (`SLUGIFY_SOURCE = 'title'`),
//! so a post without `Slug:` is copied under its title's slug as file name (its text
//! unchanged). Articles go to `content/posts/` (flat: Pelican's URLs do not depend on
//! the folder), pages to `content/pages/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::literal::{self, Lang};
use super::{
    Engine, FileCopy, Import, Left, Settings, count, files_under, leave, shown, text,
    unknown_tokens,
};
use crate::content::slug::slugify;
use crate::diagnostic::Diagnostic;

/// Reads a Pelican site (see the module header).
pub(super) fn read(source: &Path, config_file: &Path) -> Result<Import, Diagnostic> {
    let config_shown = shown(source, &source.join(config_file));
    let mut left: Vec<Left> = Vec::new();
    let conf = settings_file(source, config_file, &mut left)?;
    let publish = if source.join("publishconf.py").is_file() {
        settings_file(source, Path::new("publishconf.py"), &mut Vec::new()).unwrap_or_default()
    } else {
        BTreeMap::new()
    };
    let get = |k: &str| conf.get(k);
    let site_url = text(publish.get("SITEURL")).or_else(|| text(get("SITEURL")));
    let paginate_by = match get("DEFAULT_PAGINATION") {
        Some(Value::Bool(false)) => Some(0),
        v => count(v),
    };
    let mut settings = Settings {
        title: text(get("SITENAME")),
        base_url: site_url.filter(|u| u.starts_with("http")),
        description: text(get("SITESUBTITLE")),
        author: text(get("AUTHOR")),
        timezone: text(get("TIMEZONE")),
        language: text(get("DEFAULT_LANG")),
        paginate_by,
        permalinks: Vec::new(),
    };
    // `*_SAVE_AS` is the file Pelican writes, so the URL a server answers; `*_URL` the
    // links it makes (set alone, the file is still at the default `{slug}.html`).
    for (section, save_as, url, default) in [
        ("posts", "ARTICLE_SAVE_AS", "ARTICLE_URL", "{slug}.html"),
        ("pages", "PAGE_SAVE_AS", "PAGE_URL", "pages/{slug}.html"),
    ] {
        let (key, written) = match (text(get(save_as)), text(get(url))) {
            (Some(w), _) => (save_as, w),
            (None, Some(w)) => (url, w),
            (None, None) => (save_as, default.to_string()),
        };
        // `{slug}/index.html` is the folder URL `{slug}/`, as gloss writes it.
        let folder = written
            .strip_suffix("index.html")
            .filter(|w| w.is_empty() || w.ends_with('/'));
        match pattern(folder.unwrap_or(&written)) {
            Ok(p) if unknown_tokens(&p).is_empty() => {
                settings.permalinks.push((section.to_string(), p));
            }
            _ => leave(
                &mut left,
                format!("`{key} = '{written}'`"),
                &format!(
                    "gloss's [permalinks] cannot say this; the {section} are at /{section}/SLUG/ until you write a pattern gloss knows (docs/configuration.md)"
                ),
                Some(config_shown.clone()),
            ),
        }
    }
    let categories_in_urls = settings
        .permalinks
        .iter()
        .any(|(section, p)| section == "posts" && p.contains(":categories"))
        && get("USE_FOLDER_AS_CATEGORY") != Some(&Value::Bool(false));
    for plugin in strings(get("PLUGINS")) {
        leave(
            &mut left,
            format!("plugin `{plugin}`"),
            "gloss runs no Pelican plugins; check what it did",
            Some(config_shown.clone()),
        );
    }
    for (key, note) in [
        (
            "THEME",
            "gloss renders with its own theme (or one under themes/ written for gloss)",
        ),
        ("ARTICLE_TRANSLATION_ID", "gloss builds one language"),
    ] {
        if get(key).is_some() {
            leave(
                &mut left,
                format!("`{key}` in {config_shown}"),
                note,
                Some(config_shown.clone()),
            );
        }
    }
    let path = text(get("PATH")).unwrap_or_else(|| {
        if source.join("content").is_dir() {
            "content".into()
        } else {
            ".".into()
        }
    });
    let base = source.join(&path);
    let page_paths = strings(get("PAGE_PATHS"))
        .into_iter()
        .chain(get("PAGE_PATHS").is_none().then(|| "pages".to_string()));
    let page_paths: Vec<PathBuf> = page_paths.map(|p| base.join(p)).collect();
    let static_paths: Vec<String> = match get("STATIC_PATHS") {
        Some(v) => strings(Some(v)),
        None => vec!["images".to_string()],
    };
    let static_dirs: Vec<PathBuf> = static_paths.iter().map(|p| base.join(p)).collect();
    let mut content: Vec<FileCopy> = Vec::new();
    let mut statics: Vec<FileCopy> = Vec::new();
    let skip_dir = |p: &Path| {
        p.file_name().is_some_and(|n| {
            n == "output" || n == "__pycache__" || n == "theme" || n == "themes" || n == "plugins"
        }) && !p.starts_with(base.join("pages"))
    };
    for file in files_under(&base, &skip_dir) {
        if static_dirs.iter().any(|d| file.starts_with(d)) {
            let to = file.strip_prefix(&base).unwrap_or(&file).to_path_buf();
            statics.push(FileCopy { from: file, to });
            continue;
        }
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        let is_page = page_paths.iter().any(|d| file.starts_with(d));
        if super::is_markdown(&file) || ext == "mdown" || ext == "mkd" {
            if !super::is_markdown(&file) {
                leave(
                    &mut left,
                    "posts with another Markdown extension".into(),
                    "gloss reads .md and .markdown; rename these (their text is Markdown)",
                    Some(shown(source, &file)),
                );
                continue;
            }
            let section = if is_page { "pages" } else { "posts" };
            let name = title_slug(&file).map_or_else(
                || {
                    file.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                },
                |(slug, prefix)| format!("{prefix}{slug}.{ext}"),
            );
            // Pelican takes a post's category from its folder when it has no
            // `Category:`; gloss reads the category from the post alone.
            let folder_category = !is_page
                && file.parent() != Some(base.as_path())
                && std::fs::read_to_string(&file).is_ok_and(|t| {
                    super::scan::front_matter(&t).0.is_some_and(|f| {
                        !f.contains_key("category") && !f.contains_key("categories")
                    })
                });
            if folder_category && categories_in_urls {
                leave(
                    &mut left,
                    "categories taken from folders".into(),
                    "Pelican gave these posts their folder's name as category, which is in their URL; add `Category: FOLDER` to each to keep it",
                    Some(shown(source, &file)),
                );
            }
            let mut to = Path::new(section).join(&name);
            if content.iter().any(|c| c.to == to) {
                let parent = file
                    .parent()
                    .and_then(Path::file_name)
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                to = Path::new(section).join(format!("{parent}-{name}"));
            }
            content.push(FileCopy { from: file, to });
        } else if matches!(ext, "rst" | "html" | "htm" | "ipynb")
            && file.starts_with(&base)
            && base != source
        {
            leave(
                &mut left,
                "posts that are not Markdown".into(),
                "gloss reads Markdown (.md, .markdown); these were not copied",
                Some(shown(source, &file)),
            );
        }
    }
    // `EXTRA_PATH_METADATA = {'extra/CNAME': {'path': 'CNAME'}}` moves a static file.
    if let Some(Value::Object(moves)) = get("EXTRA_PATH_METADATA") {
        for (from, meta) in moves {
            let Some(to) = meta.get("path").and_then(Value::as_str) else {
                continue;
            };
            for copy in statics.iter_mut().filter(|c| c.to == Path::new(from)) {
                copy.to = PathBuf::from(to.trim_start_matches('/'));
            }
        }
    }
    Ok(Import {
        engine: Engine::Pelican,
        config_file: config_file.to_path_buf(),
        settings,
        content,
        content_in_place: None,
        statics,
        left,
        old_urls: Vec::new(),
    })
}

/// The `NAME = literal` assignments of a Pelican settings file. An assignment whose value
/// is not a literal (`PATH = os.path.join(…)`) is noted in `left` and skipped.
fn settings_file(
    source: &Path,
    file: &Path,
    left: &mut Vec<Left>,
) -> Result<BTreeMap<String, Value>, Diagnostic> {
    let text = std::fs::read_to_string(source.join(file)).map_err(|e| {
        Diagnostic::error(
            file,
            format!("cannot read the old site's configuration: {e}"),
        )
    })?;
    let mut out = BTreeMap::new();
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = &rest[..line_end];
        let name: String = line
            .chars()
            .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        let after = line[name.len()..].trim_start();
        let assigns = !name.is_empty() && after.starts_with('=') && !after.starts_with("==");
        if !assigns {
            rest = &rest[line_end..];
            continue;
        }
        let value_start = &rest[name.len()..].trim_start()[1..];
        match literal::parse(value_start, Lang::Python) {
            Some((v, after)) if ends_statement(after) => {
                out.insert(name, v);
                rest = after;
            }
            _ => {
                leave(
                    left,
                    format!("setting `{name}`"),
                    "not a plain value (gloss reads settings written as literals and runs nothing); set what it meant in gloss.toml",
                    Some(shown(source, &source.join(file))),
                );
                rest = &rest[line_end..];
            }
        }
    }
    Ok(out)
}

/// Whether nothing but a comment follows a value on its line.
fn ends_statement(after: &str) -> bool {
    let line = after.split('\n').next().unwrap_or("").trim();
    line.is_empty() || line.starts_with('#')
}

/// Pelican's URL setting (`{date:%Y}/{slug}.html`) as a gloss pattern
/// (`/:year/:slug.html`); `Err` names a part gloss has no token for.
fn pattern(url: &str) -> Result<String, String> {
    let mut out = String::from("/");
    let mut rest = url.trim_start_matches('/');
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('}').ok_or_else(|| rest.to_string())? + i;
        let field = &rest[i + 1..end];
        out.push_str(match field {
            "slug" => ":slug",
            "date:%Y" => ":year",
            "date:%m" => ":month",
            "date:%d" => ":day",
            "category" => ":categories",
            other => return Err(other.to_string()),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The slug Pelican made from a post's title (`SLUGIFY_SOURCE = 'title'`, its default)
/// and the file name's date prefix (`2024-01-16-`, or empty), when the post has no
/// `Slug:` and the title's slug differs from the one gloss makes from the file name.
/// The post is then copied under that name, so gloss's slug (the file name without its
/// date) is Pelican's and the URL stays; the text is not touched.
fn title_slug(file: &Path) -> Option<(String, String)> {
    let text = std::fs::read_to_string(file).ok()?;
    let front = super::scan::front_matter(&text).0?;
    if front.contains_key("slug") {
        return None;
    }
    let title = front.get("title").and_then(Value::as_str)?;
    let slug = pelican_slugify(title);
    // A slug gloss would read differently from the file name (none left, or one its own
    // rules change) keeps the file's name.
    if slug.is_empty() || slugify(&slug) != slug {
        return None;
    }
    let stem = file.file_stem()?.to_string_lossy().into_owned();
    let (prefix, rest) = match crate::content::date::date_prefix(&stem) {
        Some((_, rest)) => {
            let rest = rest.trim_start_matches(['-', '_']);
            (
                stem[..stem.len() - rest.len()].to_string(),
                rest.to_string(),
            )
        }
        None => (String::new(), stem.clone()),
    };
    (slugify(&rest) != slug).then_some((slug, prefix))
}

/// Pelican's `slugify` with its default `SLUG_REGEX_SUBSTITUTIONS`
/// (pelican/utils.py): compatibility-decomposed and kept to ASCII, characters other than
/// word characters, spaces and `-` dropped, ends trimmed, runs of spaces and `-` made one
/// `-`, lowercased. `Who's Who?` → `whos-who`.
fn pelican_slugify(title: &str) -> String {
    let ascii: String = icu_normalizer::DecomposingNormalizerBorrowed::new_nfkd()
        .normalize(title)
        .chars()
        .filter(char::is_ascii)
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || c.is_ascii_whitespace())
        .collect();
    let mut out = String::new();
    for (i, part) in ascii
        .trim()
        .split(|c: char| c == '-' || c.is_ascii_whitespace())
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        if i > 0 {
            out.push('-');
        }
        out.push_str(&part.to_ascii_lowercase());
    }
    out
}

/// A list of strings (or one string).
fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(|v| text(Some(v))).collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_settings_become_patterns() {
        assert_eq!(pattern("{slug}.html").unwrap(), "/:slug.html");
        assert_eq!(
            pattern("{date:%Y}/{date:%m}/{slug}/").unwrap(),
            "/:year/:month/:slug/"
        );
        assert_eq!(pattern("{lang}/{slug}.html").unwrap_err(), "lang");
        assert_eq!(
            pattern("{category}/{slug}/").unwrap(),
            "/:categories/:slug/"
        );
    }

    #[test]
    fn titles_slug_as_pelican_slugs_them() {
        assert_eq!(
            pelican_slugify("Who Won the Dredger Contract?"),
            "who-won-the-dredger-contract"
        );
        assert_eq!(pelican_slugify("What's new -- Café  2"), "whats-new-cafe-2");
    }

    #[test]
    fn statements_end_at_a_comment_or_the_line() {
        assert!(ends_statement("  # note\nNEXT = 1"));
        assert!(!ends_statement(" + 'x'\n"));
    }
}
