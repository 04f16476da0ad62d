//! Functions gloss adds to tera (documented with their types in `docs/templates.md`):
//! `get_page`, `get_section`, `get_taxonomy`, `get_url`, `get_quotes`, `get_updates`,
//! `now` and `load_data`, beside `resize_image` (in the module above).
//!
//! What the lookups read is a [`Lookup`] that `site` makes once per build, from values
//! it already made for the pages (each post's list summary, each section's view, the
//! site's quotes and updates): a call finds its answer in a map, it never gathers a
//! list over every post. Until the lookup is given (while the Markdown stage runs
//! shortcodes) those functions fail, saying so; `now` and `load_data` work everywhere.
//! Data files are read once per build, whichever template asks first.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use tera::{Kwargs, State, TeraResult};

use super::Value;
use super::filters::{Settings, absolute_url, check_args};
use crate::output::Output;

/// What the site-wide functions look up: made by `site` once per build, after the
/// pages are rendered, and handed over with [`super::Templates::set_lookup`].
#[derive(Debug)]
pub struct Lookup {
    /// Each page by its path under `content/` (`posts/a.md`, `posts/trip/index.md`):
    /// its list summary with `relative_path`, `section`, `extra`, `word_count` and
    /// `reading_time`.
    pub pages: HashMap<String, Value>,
    /// Each section by the path of its `_index.md` under `content/` (`posts/_index.md`;
    /// `_index.md` for the home page), as `section.html` gets it.
    pub sections: HashMap<String, Value>,
    /// Each taxonomy by its name (`tags`): `name`, `url`, `permalink` and `items`
    /// (its terms, each with its `pages`).
    pub taxonomies: BTreeMap<String, Value>,
    /// `site` as every template gets it: `get_quotes` reads its `quotes`, `get_updates`
    /// its `updates`.
    pub site: Value,
    /// The files the build writes without templates (static files, page bundles'
    /// files), for `get_url(cachebust=true)`.
    pub files: Output,
}

/// The functions' shared state: the lookup once given, and data files read so far.
pub(crate) struct Functions {
    lookup: OnceLock<Arc<Lookup>>,
    settings: Arc<Settings>,
    /// The site root, for `load_data` and its messages.
    root: PathBuf,
    /// The content folder: `load_data` looks beside the page being rendered first.
    content_dir: PathBuf,
    /// Data files read so far by `load_data`, by path: each is read once per build.
    data: Mutex<HashMap<PathBuf, tera::Value>>,
    /// Hashes of files `get_url` busted, by output path.
    hashes: Mutex<HashMap<String, String>>,
    /// The site's quotes by each name of their source (lower-cased source name, URL
    /// without fragment, host, attribution): made on the first `get_quotes(source=…)`.
    quotes_by_source: OnceLock<HashMap<String, Vec<tera::Value>>>,
}

impl Functions {
    pub(crate) fn new(config: &crate::config::Config, settings: &Arc<Settings>) -> Arc<Functions> {
        Arc::new(Functions {
            lookup: OnceLock::new(),
            settings: Arc::clone(settings),
            root: config.root.clone(),
            content_dir: config.content_dir(),
            data: Mutex::new(HashMap::new()),
            hashes: Mutex::new(HashMap::new()),
            quotes_by_source: OnceLock::new(),
        })
    }

    /// Gives the site-wide functions their lookup (the first one given stays).
    pub(crate) fn set_lookup(&self, lookup: Lookup) {
        let _ = self.lookup.set(Arc::new(lookup));
    }

    fn lookup(&self, what: &str) -> TeraResult<&Lookup> {
        self.lookup.get().map(|l| &**l).ok_or_else(|| {
            tera::Error::message(format!(
                "{what}: the site's pages are not known yet here (shortcodes run while pages are rendered)"
            ))
        })
    }
}

/// Registers the functions on `tera`.
pub(crate) fn register(tera: &mut tera::Tera, functions: &Arc<Functions>) {
    let f = Arc::clone(functions);
    tera.register_function("get_page", move |kw: Kwargs, _: &State| {
        check_args("get_page", &kw, &["path"])?;
        let path: &str = kw.must_get("path")?;
        let lookup = f.lookup("get_page")?;
        find(&lookup.pages, path, "get_page", "a page")
    });
    let f = Arc::clone(functions);
    tera.register_function("get_section", move |kw: Kwargs, _: &State| {
        check_args("get_section", &kw, &["path"])?;
        let path: &str = kw.must_get("path")?;
        let lookup = f.lookup("get_section")?;
        find(&lookup.sections, path, "get_section", "a section")
    });
    let f = Arc::clone(functions);
    tera.register_function("get_taxonomy", move |kw: Kwargs, _: &State| {
        check_args("get_taxonomy", &kw, &["kind"])?;
        let kind: &str = kw.must_get("kind")?;
        let lookup = f.lookup("get_taxonomy")?;
        lookup
            .taxonomies
            .get(kind)
            .map(|v| v.0.clone())
            .ok_or_else(|| {
                tera::Error::message(format!(
                    "get_taxonomy: the site has no taxonomy {kind:?} (it has {})",
                    lookup
                        .taxonomies
                        .keys()
                        .map(|k| format!("{k:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
    });
    let f = Arc::clone(functions);
    tera.register_function("get_url", move |kw: Kwargs, _: &State| {
        check_args("get_url", &kw, &["path", "cachebust"])?;
        let path: &str = kw.must_get("path")?;
        let cachebust = kw.get::<bool>("cachebust")?.unwrap_or(false);
        get_url(&f, path, cachebust)
    });
    let f = Arc::clone(functions);
    tera.register_function("now", move |kw: Kwargs, _: &State| {
        check_args("now", &kw, &["timestamp", "utc"])?;
        let now = jiff::Timestamp::now();
        if kw.get::<bool>("timestamp")?.unwrap_or(false) {
            return Ok(tera::Value::from(now.as_second()));
        }
        let tz = match kw.get::<bool>("utc")?.unwrap_or(false) {
            true => jiff::tz::TimeZone::UTC,
            false => f.settings.timezone().clone(),
        };
        let zoned = now.to_zoned_datetime(tz);
        Ok(tera::Value::from(
            zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        ))
    });
    let f = Arc::clone(functions);
    tera.register_function("get_quotes", move |kw: Kwargs, _: &State| {
        check_args("get_quotes", &kw, &["source", "limit"])?;
        let lookup = f.lookup("get_quotes")?;
        let limit: Option<usize> = kw.get("limit")?;
        let quotes: Vec<tera::Value> = match kw.get::<&str>("source")? {
            Some(source) => f
                .quotes_by_source
                .get_or_init(|| quotes_by_source(lookup.site.0.get_from_path("quotes")))
                .get(&source_key(source))
                .cloned()
                .unwrap_or_default(),
            None => list(lookup.site.0.get_from_path("quotes")),
        };
        Ok(limited(quotes, limit))
    });
    let f = Arc::clone(functions);
    tera.register_function("get_updates", move |kw: Kwargs, _: &State| {
        check_args("get_updates", &kw, &["limit"])?;
        let lookup = f.lookup("get_updates")?;
        let limit: Option<usize> = kw.get("limit")?;
        Ok(limited(list(lookup.site.0.get_from_path("updates")), limit))
    });
    let f = Arc::clone(functions);
    tera.register_function("load_data", move |kw: Kwargs, state: &State| {
        check_args("load_data", &kw, &["path", "format"])?;
        let path: &str = kw.must_get("path")?;
        let format: Option<&str> = kw.get("format")?;
        load_data(&f, path, format, state)
    });
}

/// The items of a list value (none for anything else).
fn list(value: Option<&tera::Value>) -> Vec<tera::Value> {
    value
        .and_then(tera::Value::as_array)
        .map(<[_]>::to_vec)
        .unwrap_or_default()
}

/// The first `limit` items (all without one), as a list.
fn limited(mut items: Vec<tera::Value>, limit: Option<usize>) -> tera::Value {
    if let Some(limit) = limit {
        items.truncate(limit);
    }
    tera::Value::from(items)
}

/// A content path as the lookups key it: `@/posts/a.md`, `/posts/a.md` and
/// `posts/a.md` are one.
fn content_key(path: &str) -> &str {
    let path = path.strip_prefix("@/").unwrap_or(path);
    let path = path.trim_start_matches('/');
    path.strip_prefix("content/").unwrap_or(path)
}

fn find(
    map: &HashMap<String, Value>,
    path: &str,
    what: &str,
    kind: &str,
) -> TeraResult<tera::Value> {
    let key = content_key(path);
    map.get(key).map(|v| v.0.clone()).ok_or_else(|| {
        let hint = match kind {
            "a section" => "the path of a section's _index.md under content/, such as \"posts/_index.md\"",
            _ => "the path of a page's file under content/, such as \"posts/a.md\" or \"posts/trip/index.md\"",
        };
        tera::Error::message(format!(
            "{what}: there is no {} at content/{key} (give {hint})",
            kind.trim_start_matches("a ")
        ))
    })
}

/// `get_url`: a content file's permalink (`@/posts/a.md`), or the URL of a file of the
/// site, absolute, with `?h=HASH` of its bytes when `cachebust`.
fn get_url(f: &Functions, path: &str, cachebust: bool) -> TeraResult<tera::Value> {
    if path.starts_with("@/") {
        let lookup = f.lookup("get_url")?;
        let key = content_key(path);
        let found = lookup.pages.get(key).or_else(|| lookup.sections.get(key));
        let Some(permalink) = found.and_then(|v| v.0.get_from_path("permalink")) else {
            return Err(tera::Error::message(format!(
                "get_url: there is no page or section at content/{key}"
            )));
        };
        return Ok(permalink.clone());
    }
    let url = absolute_url(&f.settings, path);
    if !cachebust {
        return Ok(tera::Value::from(url));
    }
    let out = f.settings.output_path(path);
    let mut hashes = f
        .hashes
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let hash = match hashes.get(&out) {
        Some(hash) => hash.clone(),
        None => {
            let lookup = f.lookup("get_url")?;
            let bytes = lookup.files.read(&out).ok_or_else(|| {
                tera::Error::message(format!(
                    "get_url: there is no file at {out} to hash for cachebust (a file of static/, the theme's static/, or a page bundle)"
                ))
            })?;
            let hash = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes));
            hashes.insert(out, hash.clone());
            hash
        }
    };
    let sep = if url.contains('?') { '&' } else { '?' };
    Ok(tera::Value::from(format!("{url}{sep}h={hash}")))
}

/// What a source is known by, for `get_quotes(source=…)`: lower-cased, a URL without
/// its fragment and trailing `/`.
fn source_key(source: &str) -> String {
    let s = source.trim();
    let s = s.split('#').next().unwrap_or(s);
    s.trim_end_matches('/').to_lowercase()
}

/// The site's quotes by each name of their source: its name, its URL, its host and its
/// attribution.
fn quotes_by_source(quotes: Option<&tera::Value>) -> HashMap<String, Vec<tera::Value>> {
    let mut map: HashMap<String, Vec<tera::Value>> = HashMap::new();
    for quote in list(quotes) {
        let field = |name: &str| {
            quote
                .get_from_path(name)
                .and_then(tera::Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let url = field("source_url");
        let mut keys = vec![
            field("source_name"),
            url.clone(),
            crate::site::commentary::host(&url),
            field("attribution_text"),
        ];
        keys.retain(|k| !k.is_empty());
        let mut keys: Vec<String> = keys.iter().map(|k| source_key(k)).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            map.entry(key).or_default().push(quote.clone());
        }
    }
    map
}

/// `load_data`: a data file, looked for beside the page being rendered (its folder
/// under `content/`), then from the site root; read once per build.
fn load_data(
    f: &Functions,
    path: &str,
    format: Option<&str>,
    state: &State,
) -> TeraResult<tera::Value> {
    let format = match format {
        Some(name) => Some(crate::data::Format::named(name).ok_or_else(|| {
            tera::Error::message(format!(
                "load_data: unknown format {name:?} (use \"json\", \"toml\", \"yaml\" or \"csv\")"
            ))
        })?),
        None => None,
    };
    let rel = Path::new(path.trim_start_matches('/'));
    if rel.components().any(|c| {
        !matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    }) {
        return Err(tera::Error::message(format!(
            "load_data: {path:?} leaves the site folder; give a path inside the site"
        )));
    }
    // Beside the page being rendered (a path not starting with `/`), then from the root.
    let page_dir = state
        .get::<tera::Value>("page")
        .ok()
        .flatten()
        .and_then(|page| {
            let file = page.get_from_path("relative_path")?.as_str()?;
            Some(f.content_dir.join(file).parent()?.to_path_buf())
        });
    let mut tried = Vec::new();
    if let Some(dir) = page_dir
        && !path.starts_with('/')
    {
        tried.push(dir.join(rel));
    }
    tried.push(f.root.join(rel));
    let shown = |p: &Path| crate::diagnostic::display_path(&f.root, p);
    let Some(found) = tried.iter().find(|p| p.is_file()) else {
        let places = tried
            .iter()
            .map(|p| shown(p).display().to_string())
            .collect::<Vec<_>>()
            .join(" or ");
        return Err(tera::Error::message(format!(
            "load_data: there is no file {path:?} (looked for {places})"
        )));
    };
    let found_shown = shown(found);
    let Some(format) = format.or_else(|| crate::data::Format::of(found)) else {
        return Err(tera::Error::message(format!(
            "load_data: cannot tell the format of {} (give format=\"json\", \"toml\", \"yaml\" or \"csv\")",
            found_shown.display()
        )));
    };
    let mut data = f
        .data
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(value) = data.get(found) {
        return Ok(value.clone());
    }
    let bytes = std::fs::read(found).map_err(|e| {
        tera::Error::message(format!(
            "load_data: cannot read {}: {e}",
            found_shown.display()
        ))
    })?;
    let text = crate::content::decode(&bytes)
        .map_err(|d| tera::Error::message(format!("load_data: {}", d.relocate(&found_shown, 1))))?;
    let value = crate::data::parse(&found_shown, &text, format)
        .map_err(|d| tera::Error::message(format!("load_data: {d}")))?;
    let value = Value::of(&value).0;
    data.insert(found.clone(), value.clone());
    Ok(value)
}
