//! Pelican: `pelicanconf.py` (and `publishconf.py` for the published `SITEURL`), posts
//! in `content/` (`PATH`), pages in `content/pages/`, static files in `STATIC_PATHS`.
//!
//! The configuration is Python; only top-level `NAME = literal` assignments are read
//! (see [`super::literal`]), nothing is run. Pelican's rules followed here
//! (docs.getpelican.com/en/latest/settings.html): articles are every Markdown file under
//! `PATH` outside `PAGE_PATHS` (`pages`) and `STATIC_PATHS` (`images`); an article's URL
//! is where `ARTICLE_SAVE_AS` writes it (else `ARTICLE_URL`, default `{slug}.html`), a
//! page's `PAGE_SAVE_AS` / `PAGE_URL` (`pages/{slug}.html`), each written as a
//! `[permalinks]` pattern; the slug is made from the title (`SLUGIFY_SOURCE`), as
//! `slugify` in pelican/utils.py makes it with the site's `SLUGIFY_USE_UNICODE`,
//! `SLUGIFY_PRESERVE_CASE` and `SLUG_REGEX_SUBSTITUTIONS`, so a post without `Slug:` is
//! copied under its title's slug as file name (its text unchanged), or, when no file
//! name gives gloss that slug, keeps its name and gets a `[redirects]` line from its old
//! URL. Articles go to `content/posts/` (flat: Pelican's URLs do not depend on the
//! folder), pages to `content/pages/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::literal::{self, Lang};
use super::{
    Engine, FileCopy, Import, Left, OldUrl, Settings, Was, count, files_under, leave, shown, text,
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
        language: super::language(text(get("DEFAULT_LANG")), &config_shown, &mut left),
        paginate_by,
        permalinks: Vec::new(),
        // Set by `scan` when the posts have categories.
        taxonomies: None,
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
    let slugs = Slugs::read(&conf, &config_shown, &mut left);
    let mut old_urls = Vec::new();
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
            let own_name = || {
                file.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            };
            let pelican_slug = slugs.of(&file);
            let plan = pelican_slug
                .as_deref()
                .map_or(Named::Kept, |slug| named(&file, slug));
            if !slugs.use_unicode
                && pelican_slug.is_some()
                && std::fs::read_to_string(&file).is_ok_and(|t| {
                    super::scan::front_matter(&t)
                        .0
                        .and_then(|f| f.get("title").and_then(Value::as_str).map(spelled_out))
                        .unwrap_or(false)
                })
            {
                leave(
                    &mut left,
                    "titles with letters Pelican spelled out in ASCII".into(),
                    "Pelican's slug spells out letters such as `ß` or `ø` (`ss`, `o`) and other scripts; gloss's guess may differ: check these posts' URLs, and give any that changed a `Slug:` or a [redirects] line",
                    Some(shown(source, &file)),
                );
            }
            let name = match &plan {
                Named::Renamed(prefix) => format!(
                    "{prefix}{}.{ext}",
                    pelican_slug.as_deref().unwrap_or_default()
                ),
                _ => own_name(),
            };
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
            if let Named::Redirected(slug) = plan {
                old_urls.push(OldUrl {
                    file: to.clone(),
                    was: Was::Slug(slug),
                });
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
        old_urls,
        templates: Vec::new(),
        old_feeds: Vec::new(),
        to_check: Vec::new(),
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

/// How Pelican made slugs on this site: `SLUGIFY_SOURCE`, `SLUGIFY_USE_UNICODE`,
/// `SLUGIFY_PRESERVE_CASE` and `SLUG_REGEX_SUBSTITUTIONS` (pelican/utils.py `slugify`,
/// pelican/contents.py): the text NFKC-normalised, made ASCII unless `use_unicode`, each
/// substitution applied in order (case-insensitive), lowercased unless `preserve_case`,
/// trimmed.
#[derive(Debug)]
struct Slugs {
    /// Slug from the file's name (`'basename'`) rather than the title.
    from_basename: bool,
    use_unicode: bool,
    preserve_case: bool,
    /// The substitutions, as Rust regexes with their replacements.
    subs: Vec<(regex::Regex, String)>,
}

/// Pelican's default `SLUG_REGEX_SUBSTITUTIONS`, as written in pelican/settings.py.
const DEFAULT_SUBS: &[(&str, &str)] = &[
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
];

impl Slugs {
    /// Reads the settings; substitutions gloss cannot run (a Python regex that Rust's
    /// `regex` does not read: look-around, back-references) are noted in `left` and the
    /// defaults used instead.
    fn read(conf: &BTreeMap<String, Value>, config_shown: &str, left: &mut Vec<Left>) -> Slugs {
        let flag = |k: &str| matches!(conf.get(k), Some(Value::Bool(true)));
        let defaults = || {
            DEFAULT_SUBS
                .iter()
                .filter_map(|(p, r)| python_sub(p, r))
                .collect::<Vec<_>>()
        };
        let subs = match conf.get("SLUG_REGEX_SUBSTITUTIONS") {
            Some(Value::Array(pairs)) => {
                let read: Option<Vec<_>> = pairs
                    .iter()
                    .map(|pair| match pair.as_array().map(Vec::as_slice) {
                        Some([Value::String(p), Value::String(r)]) => python_sub(p, r),
                        _ => None,
                    })
                    .collect();
                read.unwrap_or_else(|| {
                    leave(
                        left,
                        "`SLUG_REGEX_SUBSTITUTIONS`".into(),
                        "a pattern gloss cannot run (Python-only regex syntax such as look-around), so slugs were made with Pelican's default substitutions; posts whose slug came out otherwise need a `Slug:` or a [redirects] line",
                        Some(config_shown.to_string()),
                    );
                    defaults()
                })
            }
            _ => defaults(),
        };
        Slugs {
            from_basename: text(conf.get("SLUGIFY_SOURCE")).is_some_and(|s| s == "basename"),
            use_unicode: flag("SLUGIFY_USE_UNICODE"),
            preserve_case: flag("SLUGIFY_PRESERVE_CASE"),
            subs,
        }
    }

    /// Pelican's `slugify(value)` with these settings. `Who's Who?` → `whos-who`.
    fn slugify(&self, value: &str) -> String {
        let nfkc = icu_normalizer::ComposingNormalizerBorrowed::new_nfkc();
        let mut text = nfkc.normalize(value).into_owned();
        if !self.use_unicode {
            // unidecode spells letters out in ASCII; decomposing and keeping the ASCII
            // part agrees with it on accented Latin letters (see `spelled_out`).
            text = icu_normalizer::DecomposingNormalizerBorrowed::new_nfkd()
                .normalize(&text)
                .chars()
                .filter(char::is_ascii)
                .collect();
        }
        for (re, replacement) in &self.subs {
            text = re.replace_all(&text, replacement.as_str()).into_owned();
        }
        if !self.preserve_case {
            text = text.to_lowercase();
        }
        text.trim().to_string()
    }

    /// The slug Pelican gave `file` (relative to nothing; read here), or `None` when it
    /// has its own `Slug:` (gloss reads that as Pelican did) or nothing to make one from.
    fn of(&self, file: &Path) -> Option<String> {
        let text = std::fs::read_to_string(file).ok()?;
        let front = super::scan::front_matter(&text).0?;
        if front.contains_key("slug") {
            return None;
        }
        let slug = if self.from_basename {
            self.slugify(&file.file_stem()?.to_string_lossy())
        } else {
            self.slugify(front.get("title").and_then(Value::as_str)?)
        };
        Some(slug).filter(|s| !s.is_empty())
    }
}

/// Whether unidecode would spell out a letter of `text` that decomposing drops (`ß`,
/// `ø`, `Ł`, letters of other scripts), so that gloss cannot be sure of Pelican's slug.
fn spelled_out(text: &str) -> bool {
    icu_normalizer::DecomposingNormalizerBorrowed::new_nfkd()
        .normalize(text)
        .chars()
        .any(|c| !c.is_ascii() && c.is_alphanumeric())
}

/// A Python `re.sub(pattern, replacement, flags=re.IGNORECASE)` as a Rust regex and a
/// replacement for `Regex::replace_all`, or `None` when Rust's regex cannot read the
/// pattern. `\Z` (Python's end of text) is `\z`; `\1` and `\g<name>` are `${1}` and
/// `${name}`; a `$` is literal.
fn python_sub(pattern: &str, replacement: &str) -> Option<(regex::Regex, String)> {
    let nfkc = icu_normalizer::ComposingNormalizerBorrowed::new_nfkc();
    let pattern = nfkc.normalize(pattern).replace("\\Z", "\\z");
    let re = regex::RegexBuilder::new(&pattern)
        .case_insensitive(true)
        .build()
        .ok()?;
    let replacement = nfkc.normalize(replacement);
    let mut out = String::new();
    let mut chars = replacement.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '$' => out.push_str("$$"),
            '\\' => match chars.peek().copied() {
                Some(d) if d.is_ascii_digit() => {
                    let mut n = String::new();
                    while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                        n.push(d);
                        chars.next();
                    }
                    out.push_str(&format!("${{{n}}}"));
                }
                Some('g') => {
                    chars.next();
                    let name: String = chars
                        .by_ref()
                        .skip_while(|c| *c == '<')
                        .take_while(|c| *c != '>')
                        .collect();
                    out.push_str(&format!("${{{name}}}"));
                }
                Some('n') => {
                    chars.next();
                    out.push('\n');
                }
                Some('t') => {
                    chars.next();
                    out.push('\t');
                }
                Some(other) => {
                    chars.next();
                    out.push(other);
                }
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    Some((re, out))
}

/// What becomes of a post whose slug Pelican made (see [`Slugs::of`]).
#[derive(Debug, PartialEq, Eq)]
enum Named {
    /// Gloss gives it the same slug from its file name: copied under its name.
    Kept,
    /// Copied under `PREFIX + slug + .ext` (its date prefix kept), so that gloss's slug is
    /// Pelican's.
    Renamed(String),
    /// No file name gives gloss that slug (capitals kept, a date at its start, characters
    /// gloss's slugs do not hold): the old URL redirects.
    Redirected(String),
}

/// How `file` keeps Pelican's slug `slug` in gloss (see [`Named`]).
fn named(file: &Path, slug: &str) -> Named {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
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
    if slugify(&rest) == slug {
        Named::Kept
    } else if slugify(slug) == slug && crate::content::date::date_prefix(slug).is_none() {
        Named::Renamed(prefix)
    } else {
        Named::Redirected(slug.to_string())
    }
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

    fn slugs(settings: &str) -> Slugs {
        let mut conf = BTreeMap::new();
        let mut left = Vec::new();
        let mut rest = settings;
        while let Some((name, after)) = rest.split_once(" = ") {
            let (value, next) = literal::parse(after, Lang::Python).unwrap();
            conf.insert(name.trim().to_string(), value);
            rest = next;
        }
        let s = Slugs::read(&conf, "pelicanconf.py", &mut left);
        assert!(left.is_empty(), "{left:?}");
        s
    }

    #[test]
    fn titles_slug_as_pelican_slugs_them() {
        let d = slugs("");
        assert_eq!(
            d.slugify("Who Won the Dredger Contract?"),
            "who-won-the-dredger-contract"
        );
        assert_eq!(d.slugify("What's new -- Café  2"), "whats-new-cafe-2");
        let u = slugs("SLUGIFY_USE_UNICODE = True\nSLUGIFY_PRESERVE_CASE = True");
        assert_eq!(u.slugify("Café Über Straße"), "Café-Über-Straße");
        let subs = slugs(
            "SLUG_REGEX_SUBSTITUTIONS = [(r'C\\+\\+', 'cpp'), (r'(\\d+)%', r'\\1-percent'), (r'[^\\w\\s-]', ''), (r'(?u)\\A\\s*', ''), (r'(?u)\\s*\\Z', ''), (r'[-\\s]+', '-')]",
        );
        assert_eq!(
            subs.slugify("Why c++ Won 90% of Votes"),
            "why-cpp-won-90-percent-of-votes"
        );
    }

    #[test]
    fn a_python_only_substitution_is_reported_and_the_defaults_used() {
        let mut conf = BTreeMap::new();
        conf.insert(
            "SLUG_REGEX_SUBSTITUTIONS".to_string(),
            serde_json::json!([["(?<=a)b", "c"]]),
        );
        let mut left = Vec::new();
        let s = Slugs::read(&conf, "pelicanconf.py", &mut left);
        assert_eq!(left.len(), 1);
        assert_eq!(s.slugify("A b!"), "a-b");
    }

    #[test]
    fn a_slug_is_kept_renamed_or_redirected() {
        let p = Path::new("content/2024-01-16-tide.md");
        assert_eq!(named(p, "tide"), Named::Kept);
        assert_eq!(named(p, "tide-gauge"), Named::Renamed("2024-01-16-".into()));
        assert_eq!(
            named(p, "Tide-Gauge"),
            Named::Redirected("Tide-Gauge".into())
        );
        assert_eq!(
            named(p, "2024-01-16-tide"),
            Named::Redirected("2024-01-16-tide".into())
        );
    }

    #[test]
    fn statements_end_at_a_comment_or_the_line() {
        assert!(ends_statement("  # note\nNEXT = 1"));
        assert!(!ends_statement(" + 'x'\n"));
    }
}
