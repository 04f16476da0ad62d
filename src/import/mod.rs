//! Import: reads a site made with another engine (Jekyll, Hugo, Zola, Eleventy, Pelican)
//! and writes a gloss site that builds the same posts at the same URLs.
//!
//! Two steps, as the rest of gloss: [`read`] takes the old site's folder and returns an
//! [`Import`] (plain values: settings, the files to copy, what cannot be carried and the
//! files that use it), and never writes; [`write()`] takes that value and writes the new
//! site into an empty folder. Nothing of the old site is ever run: configuration written
//! as code (Eleventy's JavaScript, Pelican's Python) is read for its literal values only.
//! The posts are copied byte for byte; gloss reads the other engines' front matter as it
//! is (see docs/content.md), so no post needs rewriting.

mod eleventy;
mod feeds;
mod hugo;
mod jekyll;
mod literal;
mod pelican;
mod scan;
mod zola;

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;
pub use feeds::{FeedAt, OldFeed, hugo_urlize};

/// The engines gloss imports from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Jekyll: `_config.yml`, posts in `_posts/`.
    Jekyll,
    /// Hugo: `hugo.toml|yaml|json` or `config.*`, posts in `content/`.
    Hugo,
    /// Zola: `config.toml` with `base_url`, posts in `content/`.
    Zola,
    /// Eleventy: `eleventy.config.*` or `.eleventy.js`, site data in `_data/metadata.*`.
    Eleventy,
    /// Pelican: `pelicanconf.py`, posts in `content/`.
    Pelican,
}

impl Engine {
    /// The engine's name as its users write it.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Jekyll => "Jekyll",
            Engine::Hugo => "Hugo",
            Engine::Zola => "Zola",
            Engine::Eleventy => "Eleventy",
            Engine::Pelican => "Pelican",
        }
    }

    /// The name with its article, for sentences: "a Jekyll", "an Eleventy".
    pub fn a_name(self) -> String {
        match self {
            Engine::Eleventy => "an Eleventy".to_string(),
            _ => format!("a {}", self.name()),
        }
    }

    /// The `heading_ids` rule whose ids match the engine's own, so in-page links keep
    /// working: kramdown, Hugo's Goldmark, markdown-it-anchor and Python-Markdown's `toc`
    /// agree with GitHub's on the common cases; Zola has its own.
    pub fn heading_ids(self) -> &'static str {
        match self {
            Engine::Zola => "zola",
            _ => "github",
        }
    }
}

/// The site settings read from the old site's configuration, as gloss.toml will hold them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Site title.
    pub title: Option<String>,
    /// Base URL as the old site gave it (checked by gloss.toml's own rules when written).
    pub base_url: Option<String>,
    /// Site description.
    pub description: Option<String>,
    /// Default author.
    pub author: Option<String>,
    /// IANA time zone name.
    pub timezone: Option<String>,
    /// Language tag.
    pub language: Option<String>,
    /// Posts per page of a section's list.
    pub paginate_by: Option<usize>,
    /// `[permalinks]`: (section, pattern), in the order they are written.
    pub permalinks: Vec<(String, String)>,
    /// `taxonomies`, in the order the old site gave them; `None` leaves gloss's default
    /// (`["tags"]`).
    pub taxonomies: Option<Vec<String>>,
}

/// One file to copy: from the old site (absolute) to a path relative to the new site's
/// `content/` or `static/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCopy {
    /// The file in the old site.
    pub from: PathBuf,
    /// Where it goes, relative to the folder it is copied into.
    pub to: PathBuf,
}

/// Something of the old site gloss does not carry over, with the files that use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Left {
    /// What it is, e.g. "plugin `jekyll-feed`" or "layout `post`".
    pub what: String,
    /// Why it is left, or what to do instead.
    pub note: String,
    /// The files (relative to the old site, `/`-separated) that use or are it.
    pub files: Vec<String>,
}

/// The URL the old site gave one post, for a redirect when gloss gives it another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldUrl {
    /// The post's file, relative to the new site's content folder (a [`FileCopy::to`]).
    pub file: PathBuf,
    /// What the old URL was.
    pub was: Was,
}

/// An old URL, as the importer knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Was {
    /// The old site path (`/about.html`, `/posts/My Post/`), without the base URL's path.
    Path(String),
    /// The URL the post's `[permalinks]` pattern gives with this slug in place of
    /// gloss's (Pelican's `Tide-Gauge` with `SLUGIFY_PRESERVE_CASE`).
    Slug(String),
}

/// What [`read`] found in the old site: everything [`write()`] needs.
#[derive(Debug, Clone)]
pub struct Import {
    /// The engine the site was made with.
    pub engine: Engine,
    /// The configuration file read, relative to the old site.
    pub config_file: PathBuf,
    /// The settings for gloss.toml.
    pub settings: Settings,
    /// The posts and pages (and their bundles' files), to `content/`.
    pub content: Vec<FileCopy>,
    /// The old site's content folder when it can be used as it is (`--in-place`): its
    /// layout is gloss's (a folder per section). `None` for Jekyll (posts in `_posts/`
    /// folders), Eleventy (index and template files among the posts) and Pelican
    /// (articles in any folder, pages in `pages/`).
    pub content_in_place: Option<PathBuf>,
    /// Static files, to `static/`.
    pub statics: Vec<FileCopy>,
    /// What is not carried over.
    pub left: Vec<Left>,
    /// The old URLs of posts whose URL gloss may not keep; [`write()`] checks each against
    /// the URL the new site gives the post and writes `[redirects]` for those that differ.
    pub old_urls: Vec<OldUrl>,
    /// Templates written into the new site's `templates/`.
    pub templates: Vec<NewTemplate>,
    /// The old site's feeds; [`write()`] redirects each to gloss's feed of the same list.
    pub old_feeds: Vec<OldFeed>,
    /// What was carried over in a form to check (a template written in place of the old
    /// one, the site's shortcodes copied), with the files that use it.
    pub to_check: Vec<Left>,
}

/// A template written into the new site's `templates/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTemplate {
    /// Its path under `templates/` (`blog.html`, `shortcodes/note.html`).
    pub to: PathBuf,
    /// Its text.
    pub text: String,
}

/// How the posts reach the new site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Posts {
    /// Copied into the new site's `content/` (the default).
    Copy,
    /// Read where they are: gloss.toml's `content_dir` points at the old content folder.
    InPlace,
}

/// The name of the report written into the new site.
pub const REPORT_FILE: &str = "IMPORT.md";

/// Finds which engine made the site in `source`, by its configuration file.
///
/// Errors: `source` is not a folder, or holds none of the engines' configuration files.
pub fn detect(source: &Path) -> Result<(Engine, PathBuf), Diagnostic> {
    if !source.is_dir() {
        return Err(
            Diagnostic::error(source, "the site to import is not a folder")
                .with_help("give the folder of the old site: gloss import OLD-SITE NEW-SITE"),
        );
    }
    let has = |name: &str| source.join(name).is_file();
    let first = |names: &[&str]| names.iter().find(|n| has(n)).map(PathBuf::from);
    if let Some(f) = first(&["_config.yml", "_config.yaml"]) {
        return Ok((Engine::Jekyll, f));
    }
    if let Some(f) = first(&[
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "hugo.json",
        "config/_default/hugo.toml",
        "config/_default/hugo.yaml",
        "config/_default/config.toml",
        "config/_default/config.yaml",
        "config.yaml",
        "config.yml",
        "config.json",
    ]) {
        return Ok((Engine::Hugo, f));
    }
    if has("config.toml") {
        // Both Zola and Hugo name it so: Zola requires `base_url`, Hugo spells it
        // `baseURL` (any case) and Zola would refuse that.
        let text = std::fs::read_to_string(source.join("config.toml")).unwrap_or_default();
        let zola = text
            .lines()
            .any(|l| l.trim_start().starts_with("base_url") && l.contains('='));
        let engine = if zola { Engine::Zola } else { Engine::Hugo };
        return Ok((engine, PathBuf::from("config.toml")));
    }
    // Eleventy: its configuration file (JavaScript, read for literals only).
    if let Some(f) = first(&[
        "eleventy.config.js",
        "eleventy.config.mjs",
        "eleventy.config.cjs",
        "eleventy.config.ts",
        ".eleventy.js",
        ".eleventy.cjs",
        ".eleventy.mjs",
    ]) {
        return Ok((Engine::Eleventy, f));
    }
    if has("pelicanconf.py") {
        return Ok((Engine::Pelican, PathBuf::from("pelicanconf.py")));
    }
    Err(Diagnostic::error(
        source,
        "this folder holds no site gloss can import",
    )
    .with_help("gloss imports Jekyll (_config.yml), Hugo (hugo.toml, config.toml), Zola (config.toml), Eleventy (eleventy.config.js, .eleventy.js) and Pelican (pelicanconf.py) sites; give the folder that holds one of these files"))
}

/// Reads the site in `source`: detects its engine and gathers settings, files and what
/// is left behind. Reads only; nothing is written or run.
///
/// Errors: not a site (see [`detect`]); its configuration file cannot be read or parsed
/// (located at file:line:column where the parser says).
pub fn read(source: &Path) -> Result<Import, Diagnostic> {
    let (engine, config_file) = detect(source)?;
    let mut import = match engine {
        Engine::Jekyll => jekyll::read(source, &config_file)?,
        Engine::Hugo => hugo::read(source, &config_file)?,
        Engine::Zola => zola::read(source, &config_file)?,
        Engine::Eleventy => eleventy::read(source, &config_file)?,
        Engine::Pelican => pelican::read(source, &config_file)?,
    };
    scan::posts(source, &mut import);
    Ok(import)
}

/// What [`write()`] did, for the summary printed after it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Markdown files copied (or read in place).
    pub posts: usize,
    /// Other files copied: bundle files and static files.
    pub files: usize,
    /// `[redirects]` lines written for old URLs gloss does not keep.
    pub redirects: usize,
    /// The report written (see [`report`]), when something was not carried over.
    pub report: Option<String>,
}

/// Writes the gloss site for `import` (read from `source`) into `dest`, which must be
/// missing or empty and outside `source`.
///
/// Errors: `dest` holds anything, is a file, or lies inside `source`; `--in-place` for a
/// site whose content folder is not gloss's layout; a file cannot be copied or written
/// (the error names it).
pub fn write(
    import: &Import,
    source: &Path,
    dest: &Path,
    posts: Posts,
) -> Result<Written, Diagnostic> {
    check_dest(source, dest)?;
    let in_place = match posts {
        Posts::Copy => None,
        Posts::InPlace => Some(import.content_in_place.as_ref().ok_or_else(|| {
            Diagnostic::error(
                source.join(&import.config_file),
                format!(
                    "this {} site's posts are not laid out in the folders gloss reads, so they cannot be read in place",
                    import.engine.name()
                ),
            )
            .with_help(
                "import without --in-place: the posts are copied into content/ byte for byte, in the folders gloss reads",
            )
        })?),
    };
    let io = |path: &Path, e: std::io::Error| {
        Diagnostic::error(path, format!("cannot write the imported site: {e}"))
    };
    std::fs::create_dir_all(dest).map_err(|e| io(dest, e))?;
    let content_dir = match in_place {
        Some(dir) => {
            let from = std::fs::canonicalize(dest).map_err(|e| io(dest, e))?;
            let to = std::fs::canonicalize(source.join(dir)).map_err(|e| {
                Diagnostic::error(
                    source.join(dir),
                    format!("cannot read the content folder: {e}"),
                )
            })?;
            Some(relative_path(&from, &to))
        }
        None => None,
    };
    let mut written = Written::default();
    if content_dir.is_none() {
        for copy in &import.content {
            copy_file(&copy.from, &dest.join("content").join(&copy.to))?;
            if is_markdown(&copy.to) {
                written.posts += 1;
            } else {
                written.files += 1;
            }
        }
    } else {
        written.posts = import.content.iter().filter(|c| is_markdown(&c.to)).count();
    }
    for copy in &import.statics {
        copy_file(&copy.from, &dest.join("static").join(&copy.to))?;
        written.files += 1;
    }
    for template in &import.templates {
        let path = dest.join("templates").join(&template.to);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::write(&path, &template.text).map_err(|e| io(&path, e))?;
        written.files += 1;
    }
    let mut to_check = import.to_check.clone();
    let mut left_now: Vec<Left> = Vec::new();
    let config_path = dest.join(crate::config::CONFIG_FILE);
    let mut config = gloss_toml(import, content_dir.as_deref());
    std::fs::write(&config_path, &config).map_err(|e| io(&config_path, e))?;
    // The new site's URLs are gloss's to say: read the site just written, as a build
    // would, and redirect each old URL it does not give.
    let (redirects, mut left) = redirects(import, dest);
    // The old feeds redirected are carried over, in a form to check on the host.
    if let Some(i) = left
        .iter()
        .position(|l| l.what == OLD_FEEDS && !l.files.is_empty())
    {
        to_check.push(left.remove(i));
    }
    if !redirects.is_empty() {
        if to_check.iter().any(|l| l.what == OLD_FEEDS) {
            config = with_top_level(
                &config,
                "# A `_redirects` file (Netlify, Cloudflare Pages) gives the old URLs a real 301,\n# which feed readers follow (they do not follow a redirect page).\nredirects_file = true\n",
            );
        }
        config.push_str(&redirects_table(&redirects));
        std::fs::write(&config_path, &config).map_err(|e| io(&config_path, e))?;
    }
    written.redirects = redirects.len();
    // The copied shortcodes gloss cannot load are taken out again, so the site builds.
    for (name, why) in unloadable_shortcodes(import, dest) {
        let what = scan::site_shortcode(&name);
        let files = match to_check.iter().position(|l| l.what == what) {
            Some(i) => to_check.remove(i).files,
            None => Vec::new(),
        };
        written.files -= 1;
        left_now.push(Left {
            what,
            note: format!(
                "the site's own (templates/shortcodes/), not copied: gloss cannot load it ({why}); write it for gloss as templates/shortcodes/{name}.html (docs/shortcodes.md). Until then each call is left as text (the build warns where)"
            ),
            files,
        });
    }
    left.splice(0..0, import.left.iter().cloned().chain(left_now));
    let report_import = Import {
        left,
        to_check,
        ..import.clone()
    };
    let text = report(&report_import);
    std::fs::write(dest.join(REPORT_FILE), &text).map_err(|e| io(&dest.join(REPORT_FILE), e))?;
    written.report =
        (!report_import.left.is_empty() || !report_import.to_check.is_empty()).then_some(text);
    Ok(written)
}

/// The `[redirects]` lines for the new site in `dest` (its gloss.toml and posts written):
/// (old path, post file under content/) for each old URL that is not the URL gloss gives
/// the post. An old URL that another page of the new site has is not redirected, and is
/// reported instead, as is every old URL when the new site cannot be read.
fn redirects(import: &Import, dest: &Path) -> (Vec<(String, String)>, Vec<Left>) {
    let mut left = Vec::new();
    if import.old_urls.is_empty() && import.old_feeds.is_empty() {
        return (Vec::new(), left);
    }
    let config = match crate::config::Config::load(dest) {
        Ok(c) => c,
        Err(d) => {
            left.push(Left {
                what: "old URLs".into(),
                note: format!(
                    "the new gloss.toml cannot be read ({}), so no [redirects] were written; fix it, then list old URLs under [redirects] (docs/configuration.md)",
                    d.message
                ),
                files: Vec::new(),
            });
            return (Vec::new(), left);
        }
    };
    let (content, _) = crate::content::load(&config, crate::content::Drafts::Include);
    let dir = config.content_dir();
    let by_file: std::collections::HashMap<PathBuf, &crate::content::Page> = content
        .pages
        .iter()
        .map(|p| (config.root.join(&p.source), p))
        .collect();
    let taken: std::collections::HashSet<&str> = content
        .pages
        .iter()
        .map(|p| p.path.as_str())
        .chain(content.sections.values().map(|s| s.path.as_str()))
        .collect();
    let mut out: Vec<(String, String)> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for old in &import.old_urls {
        let Some(page) = by_file.get(&dir.join(&old.file)) else {
            continue;
        };
        let new = page.path.as_str();
        let was = match &old.was {
            Was::Path(url) => url.clone(),
            Was::Slug(slug) => crate::content::url_with_slug(&config, page, slug),
        };
        let from = crate::site::alias_path(&was);
        if from == new || seen.contains(&from) {
            continue;
        }
        let file = old
            .file
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if taken.contains(from.as_str()) || crate::content::url_path_problem(&from).is_some() {
            leave(
                &mut left,
                "old URLs that cannot redirect".into(),
                "another page of the new site has the old URL of each of these posts (or it is not a plain path), so no redirect was written for it",
                Some(format!("{file} (was {was})")),
            );
            continue;
        }
        seen.insert(from.clone());
        out.push((from, file));
    }
    // The old feeds: each to gloss's feed of the same list, unless a page of the new site
    // has its URL.
    match feeds::redirects(&import.old_feeds, &config) {
        Ok(feeds) => {
            let mut kept = Vec::new();
            for (from, to) in feeds {
                let from = crate::site::alias_path(&from);
                if from == to
                    || seen.contains(&from)
                    || taken.contains(from.as_str())
                    || crate::content::url_path_problem(&from).is_some()
                {
                    continue;
                }
                seen.insert(from.clone());
                kept.push(format!("{from} → {to}"));
                out.push((from, to));
            }
            if !kept.is_empty() {
                left.push(Left {
                    what: OLD_FEEDS.into(),
                    note: "each redirects to gloss's feed of the same list ([redirects] in gloss.toml). gloss writes a redirect page at each old URL, which feed readers do not follow: `redirects_file = true` (written) gives them a real 301 on Netlify and Cloudflare Pages through `_redirects`; on another host, add a 301 for each there (docs/deploy.md)".into(),
                    files: kept,
                });
            }
        }
        Err(why) => left.push(Left {
            what: OLD_FEEDS.into(),
            note: why,
            files: Vec::new(),
        }),
    }
    out.sort();
    (out, left)
}

/// The shortcodes of `import` copied into the new site in `dest` that gloss cannot load
/// (a syntax gloss's Tera does not read), each removed from the new site again: (name,
/// the error located in its file). Loads the new site's templates as a build does, once
/// per such shortcode (tera stops at the first error).
fn unloadable_shortcodes(import: &Import, dest: &Path) -> Vec<(String, String)> {
    let copied: Vec<&NewTemplate> = import
        .templates
        .iter()
        .filter(|t| t.to.starts_with("shortcodes"))
        .collect();
    let mut out = Vec::new();
    for _ in 0..copied.len() {
        let Ok(config) = crate::config::Config::load(dest) else {
            break;
        };
        let Err(d) = crate::render::Templates::load(&config) else {
            break;
        };
        let Some(bad) = copied
            .iter()
            .find(|t| d.path == Path::new("templates").join(&t.to))
        else {
            break;
        };
        if std::fs::remove_file(dest.join("templates").join(&bad.to)).is_err() {
            break;
        }
        let name = bad
            .to
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let at = match (d.line, d.column) {
            (Some(l), Some(c)) => format!(":{l}:{c}"),
            (Some(l), None) => format!(":{l}"),
            _ => String::new(),
        };
        out.push((name, format!("{}{at}: {}", d.path.display(), d.message)));
    }
    out
}

/// The report item of the old feeds' redirects.
const OLD_FEEDS: &str = "old feed URLs";

/// `config` (gloss.toml's text) with `lines` added after its top-level keys: before its
/// first table and the comment lines just above it.
fn with_top_level(config: &str, lines: &str) -> String {
    let all: Vec<&str> = config.split_inclusive('\n').collect();
    let mut at = all
        .iter()
        .position(|l| l.starts_with('['))
        .unwrap_or(all.len());
    while at > 0 && all[at - 1].starts_with('#') {
        at -= 1;
    }
    let mut out: String = all[..at].concat();
    out.push_str(lines);
    if at < all.len() {
        out.push('\n');
    }
    out.push_str(&all[at..].concat());
    out
}

/// The `[redirects]` table of gloss.toml for `redirects` (old path, file).
fn redirects_table(redirects: &[(String, String)]) -> String {
    let mut t = String::from(
        "\n# Old URLs gloss gives another URL: each redirects to the new one.\n[redirects]\n",
    );
    for (from, file) in redirects {
        let _ = writeln!(t, "{} = {}", toml_string(from), toml_string(file));
    }
    t
}

/// Refuses a destination that holds anything or lies inside the old site.
fn check_dest(source: &Path, dest: &Path) -> Result<(), Diagnostic> {
    if dest.exists() && !dest.is_dir() {
        return Err(Diagnostic::error(dest, "this is a file, not a folder")
            .with_help("give a new folder for the imported site"));
    }
    if let Ok(mut entries) = std::fs::read_dir(dest)
        && entries.next().is_some()
    {
        return Err(Diagnostic::error(
            dest,
            "this folder is not empty, so nothing was imported into it",
        )
        .with_help("give a new or empty folder: gloss import never writes over files"));
    }
    // The nearest existing folder decides where a new folder would be.
    let src = std::fs::canonicalize(source)
        .map_err(|e| Diagnostic::error(source, format!("cannot read the site to import: {e}")))?;
    let mut probe = dest.to_path_buf();
    let mut tail = Vec::new();
    while !probe.exists() {
        match (probe.file_name(), probe.parent()) {
            (Some(name), Some(parent)) => {
                tail.push(name.to_os_string());
                probe = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => break,
        }
    }
    if let Ok(base) = std::fs::canonicalize(&probe) {
        let full = tail.iter().rev().fold(base, |p, n| p.join(n));
        if full.starts_with(&src) {
            return Err(Diagnostic::error(
                dest,
                "this folder is inside the site being imported, and gloss import never writes into it",
            )
            .with_help("give a folder outside the old site, e.g. beside it: gloss import blog blog-gloss"));
        }
    }
    Ok(())
}

/// Copies one file, making its folder.
fn copy_file(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            Diagnostic::error(parent, format!("cannot write the imported site: {e}"))
        })?;
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| Diagnostic::error(from, format!("cannot copy this file: {e}")))
}

/// Whether gloss reads `path` as a page.
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "md" || e == "markdown")
}

/// `to` written relative to `from` (both absolute, canonical), `/`-separated.
fn relative_path(from: &Path, to: &Path) -> String {
    let a: Vec<Component<'_>> = from.components().collect();
    let b: Vec<Component<'_>> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return to.display().to_string();
    }
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// A TOML string literal.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML key: bare when it can be, else quoted.
fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        k.to_string()
    } else {
        toml_string(k)
    }
}

/// The new site's `gloss.toml`: the settings read, each key gloss knows, commented.
/// `content_dir` is the old content folder, relative to the new site, for `--in-place`.
pub fn gloss_toml(import: &Import, content_dir: Option<&str>) -> String {
    let s = &import.settings;
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Imported by `gloss import` from {} site ({}).\n# What could not be carried over is listed in {REPORT_FILE}.\n",
        import.engine.a_name(),
        import.config_file.display()
    );
    let mut key = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            let _ = writeln!(t, "{k} = {}", toml_string(v));
        }
    };
    key("title", &s.title);
    key("base_url", &s.base_url);
    key("description", &s.description);
    key("author", &s.author);
    key("language", &s.language);
    key("timezone", &s.timezone);
    if let Some(n) = s.paginate_by {
        let _ = writeln!(t, "paginate_by = {n}");
    }
    let _ = writeln!(
        t,
        "# Heading ids made as {} made them, so in-page links keep working.\nheading_ids = {}",
        import.engine.name(),
        toml_string(import.engine.heading_ids())
    );
    if let Some(dir) = content_dir {
        let _ = writeln!(
            t,
            "# The posts are read where they are, in the old site.\ncontent_dir = {}",
            toml_string(dir)
        );
    }
    if let Some(names) = &s.taxonomies {
        let list: Vec<String> = names.iter().map(|n| toml_string(n)).collect();
        let _ = writeln!(
            t,
            "# The old site's taxonomies: each gets /NAME/ and a page per term, /NAME/TERM/.\ntaxonomies = [{}]",
            list.join(", ")
        );
    }
    if !s.permalinks.is_empty() {
        let _ = writeln!(t, "\n# The old site's URLs, per section.\n[permalinks]");
        for (section, pattern) in &s.permalinks {
            let _ = writeln!(t, "{} = {}", toml_key(section), toml_string(pattern));
        }
    }
    t
}

/// The report of the import, in Markdown: what was read, and what was not carried over
/// with the files that use it.
pub fn report(import: &Import) -> String {
    let mut r = String::new();
    let posts = import.content.iter().filter(|c| is_markdown(&c.to)).count();
    let _ = writeln!(
        r,
        "# Imported from {}\n\nRead {}: {posts} Markdown files, {} other content files, {} static files.\n",
        import.engine.name(),
        import.config_file.display(),
        import.content.len() - posts,
        import.statics.len()
    );
    if import.left.is_empty() && import.to_check.is_empty() {
        let _ = writeln!(r, "Everything was carried over.");
        return r;
    }
    for (heading, items) in [
        ("Carried over: check these", &import.to_check),
        ("Not carried over", &import.left),
    ] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(r, "## {heading}\n");
        for item in items {
            let _ = writeln!(r, "- {}: {}", item.what, item.note);
            for f in &item.files {
                let _ = writeln!(r, "  - `{f}`");
            }
        }
        let _ = writeln!(r);
    }
    r.truncate(r.trim_end().len() + 1);
    r
}

/// A path relative to the old site, `/`-separated, for the report.
fn shown(source: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(source).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Adds `file` to the [`Left`] item `what`, creating it with `note` when new.
fn leave(left: &mut Vec<Left>, what: String, note: &str, file: Option<String>) {
    let item = match left.iter().position(|l| l.what == what) {
        Some(i) => &mut left[i],
        None => {
            left.push(Left {
                what,
                note: note.to_string(),
                files: Vec::new(),
            });
            let last = left.len() - 1;
            &mut left[last]
        }
    };
    if let Some(f) = file
        && !item.files.contains(&f)
    {
        item.files.push(f);
    }
}

/// Every file under `dir` (following no symlinks out of it), skipping hidden entries and
/// folders for which `skip_dir` says so; sorted, absolute.
fn files_under(dir: &Path, skip_dir: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.file_name().to_string_lossy().starts_with('.');
            let skipped = e.file_type().is_dir() && skip_dir(e.path());
            !hidden && !skipped
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    out.sort();
    out
}

/// A config file parsed into a JSON value (YAML, TOML or JSON by its extension).
///
/// Errors: unreadable, or not valid in its format (located where the parser says).
fn parse_config(source: &Path, file: &Path) -> Result<serde_json::Value, Diagnostic> {
    use crate::content::front_matter::{Format, parse_map};
    let path = source.join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::error(
            file,
            format!("cannot read the old site's configuration: {e}"),
        )
    })?;
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let parsed = match ext {
        "toml" => parse_map(Format::Toml, &text).map(serde_json::Value::Object),
        "json" => serde_json::from_str(&text).map_err(|e| {
            Diagnostic::error(
                file,
                format!("invalid JSON in the old site's configuration: {e}"),
            )
            .at(e.line(), e.column())
        }),
        _ => parse_map(Format::Yaml, &text).map(serde_json::Value::Object),
    };
    parsed.map_err(|mut d| {
        d.path = file.to_path_buf();
        d
    })
}

/// The value at `key` of a config map, whatever its case (Hugo's keys are
/// case-insensitive: `baseURL`, `baseurl`).
fn get<'a>(map: &'a serde_json::Value, key: &str) -> Option<&'a serde_json::Value> {
    let obj = map.as_object()?;
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// A config value as text: a string, or a number or boolean written out; a person as a
/// map gives its `name`.
fn text(value: Option<&serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Object(_) => text(get(value?, "name")),
        _ => None,
    }
}

/// A config value as a count.
fn count(value: Option<&serde_json::Value>) -> Option<usize> {
    match value? {
        serde_json::Value::Number(n) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The `language` for gloss.toml from the old site's language tag, read from `file`
/// (relative to the old site): the tag as gloss writes it (`en_GB` → `en-GB`) when gloss
/// ships strings for its language (a region of a shipped language takes that language's
/// strings, see `i18n`); otherwise none, so the new site builds (in English), and the tag
/// is reported with the languages gloss ships.
fn language(tag: Option<String>, file: &str, left: &mut Vec<Left>) -> Option<String> {
    let tag = tag?;
    match crate::i18n::Language::shipped(&tag) {
        Ok(language) => Some(language.tag().to_string()),
        Err(why) => {
            let mut shipped: Vec<&str> = crate::i18n::shipped().collect();
            shipped.sort_unstable();
            let why = match why {
                crate::i18n::LanguageError::NotATag => "it is not a language tag",
                crate::i18n::LanguageError::NotShipped => "gloss has no strings for it",
            };
            leave(
                left,
                format!("language `{tag}`"),
                &format!(
                    "{why}, so gloss.toml leaves `language` out and the site's dates, theme words and `<html lang>` are English; gloss ships {} (docs/configuration.md)",
                    shipped.join(", ")
                ),
                Some(file.to_string()),
            );
            None
        }
    }
}

/// The old site's taxonomies (plural names, as its configuration gives them, from
/// `file`) that gloss's `taxonomies` can hold: each name once, in order. A name gloss
/// cannot use (not a lowercase URL segment, or a folder gloss makes itself) is reported
/// as `taxonomy `NAME`` (the posts using it are added by `scan`).
fn taxonomies(
    names: impl IntoIterator<Item = String>,
    file: &str,
    left: &mut Vec<Left>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        if out.contains(&name) {
            continue;
        }
        match crate::config::taxonomy_name(&name) {
            Ok(()) => out.push(name),
            Err((why, _)) => leave(
                left,
                format!("taxonomy `{name}`"),
                &format!(
                    "{why}, so it has no pages of its own and its values stay in each post's `extra`; add it to `taxonomies` under a name gloss can use, and write that name in the posts (docs/content.md)"
                ),
                Some(file.to_string()),
            ),
        }
    }
    out
}

/// What gloss's `[permalinks]` cannot read in `pattern` (an unknown token such as
/// `:i_day`, a slice on a token that takes none), as a phrase; none when gloss reads it.
fn unknown_tokens(pattern: &str) -> Vec<String> {
    match crate::content::permalink::Pattern::parse(pattern) {
        Ok(_) => Vec::new(),
        Err(e) => vec![e.message],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(
            relative_path(Path::new("/a/b/new"), Path::new("/a/b/old/content")),
            "../old/content"
        );
        assert_eq!(relative_path(Path::new("/a"), Path::new("/a")), ".");
    }

    #[test]
    fn unknown_tokens_are_named() {
        assert!(unknown_tokens("/:year/:month/:day/:title.html").is_empty());
        assert!(unknown_tokens("/:year/:i_month/:slugorfilename/:sections[1:]/").is_empty());
        assert_eq!(
            unknown_tokens("/:year/:monthly/"),
            vec!["unknown token `:monthly`"]
        );
    }

    #[test]
    fn keys_that_are_not_bare_are_quoted() {
        assert_eq!(toml_key("posts"), "posts");
        assert_eq!(toml_key("notes/2024"), "\"notes/2024\"");
    }
}
