//! Eleventy: `eleventy.config.*` or `.eleventy.js`, site data in `_data/metadata.*`,
//! posts anywhere under the input folder.
//!
//! The configuration is JavaScript; nothing is run. Read from it: the `dir` folders
//! (`input`, `output`, `includes`, `data`, `layouts`) written as string literals,
//! `addPassthroughCopy` calls with literal arguments (copied into `static/`), and the names
//! given to `addPlugin`, `addShortcode`, `addFilter` and `addCollection` (reported).
//! `_data/metadata.json` or a `metadata.js` exporting an object of literals gives the
//! site's title, URL, description, language and author. Eleventy's rules followed here
//! (11ty.dev/docs/permalinks/, /docs/dates/): a Markdown file's URL is its path without
//! the extension (`posts/2020-01-02-name.md` → `/posts/2020-01-02-name/`: the date
//! stays), so each section gets `[permalinks] SECTION = "/SECTION/:filename/"`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::literal::{self, Lang};
use super::{
    Engine, FileCopy, Import, Left, OldUrl, Settings, Was, files_under, get, leave, shown, text,
};
use crate::diagnostic::Diagnostic;

/// Template formats Eleventy renders that gloss does not read.
const TEMPLATES: &[&str] = &[
    "njk", "liquid", "html", "hbs", "mustache", "ejs", "haml", "pug", "webc", "11ty.js",
    "11ty.cjs", "11ty.mjs",
];

/// Reads an Eleventy site (see the module header).
pub(super) fn read(source: &Path, config_file: &Path) -> Result<Import, Diagnostic> {
    let config_shown = shown(source, &source.join(config_file));
    let code = std::fs::read_to_string(source.join(config_file)).map_err(|e| {
        Diagnostic::error(
            config_file,
            format!("cannot read the old site's configuration: {e}"),
        )
    })?;
    let mut left: Vec<Left> = Vec::new();
    let dir = |key: &str, default: &str| {
        string_after(&code, &format!("{key}:")).unwrap_or_else(|| default.to_string())
    };
    let input = dir("input", ".");
    let input_dir = source.join(&input);
    // `output` is relative to the project folder; the others to the input folder.
    let output = source.join(dir("output", "_site"));
    let includes = input_dir.join(dir("includes", "_includes"));
    let data = input_dir.join(dir("data", "_data"));
    let layouts = string_after(&code, "layouts:").map(|l| input_dir.join(l));
    let mut settings = Settings::default();
    let mut metadata_file = None;
    for name in [
        "metadata.json",
        "metadata.js",
        "metadata.cjs",
        "metadata.mjs",
    ] {
        let path = data.join(name);
        let Ok(text_) = std::fs::read_to_string(&path) else {
            continue;
        };
        metadata_file = Some(path.clone());
        let value = if name.ends_with(".json") {
            serde_json::from_str(&text_).ok()
        } else {
            exported_object(&text_)
        };
        match value {
            Some(meta) => {
                settings.title = text(get(&meta, "title"));
                settings.base_url = text(get(&meta, "url"));
                settings.description = text(get(&meta, "description"));
                settings.language = super::language(
                    text(get(&meta, "language")).or_else(|| text(get(&meta, "lang"))),
                    &shown(source, &path),
                    &mut left,
                );
                settings.author = text(get(&meta, "author"));
            }
            None => leave(
                &mut left,
                format!("`{}`", shown(source, &path)),
                "not an object of plain values (gloss runs no JavaScript); set the title, base_url and author in gloss.toml",
                Some(shown(source, &path)),
            ),
        }
        break;
    }
    for (call, what, note) in [
        (
            "addPlugin(",
            "plugin",
            "gloss runs no Eleventy plugins; check what it did",
        ),
        (
            "addShortcode(",
            "shortcode",
            "a shortcode of the site's own; write it as templates/shortcodes/NAME.html in Tera (docs/templates.md)",
        ),
        (
            "addPairedShortcode(",
            "shortcode",
            "a shortcode of the site's own; write it as templates/shortcodes/NAME.html in Tera (docs/templates.md)",
        ),
        (
            "addNunjucksShortcode(",
            "shortcode",
            "a shortcode of the site's own; write it as templates/shortcodes/NAME.html in Tera (docs/templates.md)",
        ),
        (
            "addLiquidShortcode(",
            "shortcode",
            "a shortcode of the site's own; write it as templates/shortcodes/NAME.html in Tera (docs/templates.md)",
        ),
        (
            "addAsyncShortcode(",
            "shortcode",
            "a shortcode of the site's own; write it as templates/shortcodes/NAME.html in Tera (docs/templates.md)",
        ),
        (
            "addFilter(",
            "filter",
            "gloss does not run the site's template filters",
        ),
        (
            "addCollection(",
            "collection",
            "gloss has sections (folders under content/) and tags instead of collections",
        ),
    ] {
        for at in code.match_indices(call).map(|(i, _)| i + call.len()) {
            let arg = &code[at..];
            let name = match literal::parse(arg, Lang::JavaScript) {
                Some((Value::String(s), _)) => s,
                _ => arg
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
                    .collect(),
            };
            if name.is_empty() {
                continue;
            }
            let what = match what {
                "shortcode" => format!("template tag `{{% {name} %}}`"),
                _ => format!("{what} `{name}`"),
            };
            leave(&mut left, what, note, Some(config_shown.clone()));
        }
    }
    let mut statics = Vec::new();
    let mut passthrough: Vec<PathBuf> = Vec::new();
    for at in code
        .match_indices("addPassthroughCopy(")
        .map(|(i, _)| i + "addPassthroughCopy(".len())
    {
        let pairs: Vec<(String, Option<String>)> =
            match literal::parse(&code[at..], Lang::JavaScript) {
                Some((Value::String(s), _)) => vec![(s, None)],
                Some((Value::Object(m), _)) => m
                    .into_iter()
                    .filter_map(|(k, v)| Some((k, Some(v.as_str()?.to_string()))))
                    .collect(),
                _ => Vec::new(),
            };
        if pairs.is_empty() {
            leave(
                &mut left,
                "passthrough copies not written as plain paths".into(),
                "copy these files into static/ yourself",
                Some(config_shown.clone()),
            );
        }
        for (from, to) in pairs {
            if from.contains(['*', '{', '!']) {
                leave(
                    &mut left,
                    format!("passthrough copy `{from}`"),
                    "a glob: copy the files it names into static/ yourself",
                    Some(config_shown.clone()),
                );
                continue;
            }
            // Eleventy resolves a passthrough path from the project folder; its output
            // path is the same path made relative to the input folder.
            let path = source.join(from.trim_start_matches("./"));
            let rel_out = |p: &Path| -> PathBuf {
                match &to {
                    Some(t) => {
                        Path::new(t.trim_start_matches("./").trim_start_matches('/')).join(p)
                    }
                    None => path
                        .strip_prefix(&input_dir)
                        .unwrap_or(path.strip_prefix(source).unwrap_or(&path))
                        .join(p),
                }
            };
            if path.is_file() {
                let to = match &to {
                    Some(t) => PathBuf::from(t.trim_start_matches("./").trim_start_matches('/')),
                    None => path
                        .strip_prefix(&input_dir)
                        .or_else(|_| path.strip_prefix(source))
                        .unwrap_or(&path)
                        .to_path_buf(),
                };
                statics.push(FileCopy {
                    from: path.clone(),
                    to,
                });
            } else {
                for f in files_under(&path, &|_| false) {
                    let inner = f.strip_prefix(&path).unwrap_or(&f).to_path_buf();
                    statics.push(FileCopy {
                        to: rel_out(&inner),
                        from: f,
                    });
                }
            }
            passthrough.push(path);
        }
    }
    let skip_dir = |p: &Path| {
        p == output
            || p == includes
            || p == data
            || layouts.as_deref() == Some(p)
            || p.file_name()
                .is_some_and(|n| n == "node_modules" || n == "_site")
    };
    let mut content = Vec::new();
    let mut old_urls = Vec::new();
    let mut sections = BTreeSet::new();
    let markdown: Vec<PathBuf> = files_under(&input_dir, &skip_dir)
        .into_iter()
        .filter(|f| !passthrough.iter().any(|p| f.starts_with(p)))
        .collect();
    for file in &markdown {
        let rel = file.strip_prefix(&input_dir).unwrap_or(file).to_path_buf();
        let name = rel.to_string_lossy().to_string();
        let folder = rel.parent().unwrap_or(Path::new(""));
        if super::is_markdown(file) {
            let is_index = file.file_stem().is_some_and(|s| s == "index");
            let lists = is_index
                && markdown.iter().any(|o| {
                    o != file
                        && super::is_markdown(o)
                        && o.starts_with(file.parent().unwrap_or(file))
                });
            if lists || (is_index && folder.as_os_str().is_empty()) || name == "README.md" {
                leave(
                    &mut left,
                    "index pages beside other posts (lists, the home page)".into(),
                    "gloss makes its home page and section lists itself; these were not copied",
                    Some(shown(source, file)),
                );
                continue;
            }
            match permalink(file) {
                Permalink::Off => {
                    leave(
                        &mut left,
                        "pages with `permalink: false`".into(),
                        "Eleventy wrote no page for these (they fed lists or other templates); they were not copied",
                        Some(shown(source, file)),
                    );
                    continue;
                }
                Permalink::Template => leave(
                    &mut left,
                    "permalinks written as templates".into(),
                    "gloss runs no templates, so these posts get their folder's URL (/FOLDER/FILE-NAME/); to keep the old one, write it as a literal `permalink: /the/old/url/`",
                    Some(shown(source, file)),
                ),
                Permalink::Literal => {}
                Permalink::None => {
                    // Eleventy's URL: the path without its extension, case and spaces
                    // kept; `index` and a file named like its folder are the folder.
                    let stem = rel.with_extension("");
                    let own = if is_index || folder_named(file, &markdown) {
                        folder
                    } else {
                        stem.as_path()
                    };
                    let own = own.to_string_lossy().replace('\\', "/");
                    let url = if own.is_empty() {
                        "/".to_string()
                    } else {
                        format!("/{own}/")
                    };
                    let to = match folder_named(file, &markdown) {
                        true => folder.join("index.md"),
                        false => rel.clone(),
                    };
                    old_urls.push(OldUrl {
                        file: to,
                        was: Was::Path(url),
                    });
                }
            }
            // `blog/x/x.md` is Eleventy's `/blog/x/`: gloss's page bundle
            // `blog/x/index.md` has that URL, so the file is copied under that name.
            let bundle = folder_named(file, &markdown);
            let (section_of, to) = if bundle {
                (
                    folder.parent().unwrap_or(Path::new("")),
                    folder.join("index.md"),
                )
            } else {
                (folder, rel.clone())
            };
            let section = section_of.to_string_lossy().replace('\\', "/");
            if !section.is_empty() && (!is_index || bundle) {
                sections.insert(section);
            }
            content.push(FileCopy {
                from: file.clone(),
                to,
            });
        } else if TEMPLATES.iter().any(|t| name.ends_with(&format!(".{t}"))) {
            leave(
                &mut left,
                "templates Eleventy renders".into(),
                "gloss renders Markdown with its theme's templates (docs/templates.md); these were not copied",
                Some(shown(source, file)),
            );
        } else if name.ends_with(".11tydata.json")
            || name.ends_with(".11tydata.js")
            || is_folder_data(file)
        {
            leave(
                &mut left,
                format!("data file `{}`", shown(source, file)),
                "folder data (layout, tags, permalink for every file beside it) is not read: put what matters into each post's front matter or gloss.toml",
                Some(shown(source, file)),
            );
        }
    }
    for section in sections {
        settings
            .permalinks
            .push((section.clone(), format!("/{section}/:filename/")));
    }
    for f in files_under(&data, &|_| false) {
        if Some(&f) == metadata_file.as_ref() {
            continue;
        }
        let file = shown(source, &f);
        leave(
            &mut left,
            format!("data file `{file}`"),
            "gloss does not read data files; templates that read it need another way",
            Some(file),
        );
    }
    let layout_files: Vec<String> = files_under(&includes, &|_| false)
        .into_iter()
        .chain(
            layouts
                .as_deref()
                .map(|l| files_under(l, &|_| false))
                .unwrap_or_default(),
        )
        .map(|f| shown(source, &f))
        .collect();
    if !layout_files.is_empty() {
        left.push(Left {
            what: format!("layouts and includes in {}", shown(source, &includes)),
            note: "gloss renders with its theme's templates (docs/templates.md)".into(),
            files: layout_files,
        });
    }
    Ok(Import {
        engine: Engine::Eleventy,
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

/// Whether `file` is named like its folder (`blog/x/x.md`) and no other Markdown file is
/// in that folder or below it, so that it can be the folder's page bundle.
fn folder_named(file: &Path, markdown: &[PathBuf]) -> bool {
    let (Some(folder), Some(stem)) = (file.parent(), file.file_stem()) else {
        return false;
    };
    folder.file_name() == Some(stem)
        && !markdown
            .iter()
            .any(|o| o != file && super::is_markdown(o) && o.starts_with(folder))
}

/// What a post's front matter `permalink` is, for the URL gloss will give it.
enum Permalink {
    /// None: Eleventy's URL is the file's path.
    None,
    /// A literal path: gloss gives the URL Eleventy gave.
    Literal,
    /// `permalink: false`: Eleventy wrote no page.
    Off,
    /// A Nunjucks or Liquid template (`/{{ page.fileSlug }}/`), which gloss does not run.
    Template,
}

/// Reads `file`'s front matter `permalink`.
fn permalink(file: &Path) -> Permalink {
    let Ok(text) = std::fs::read_to_string(file) else {
        return Permalink::None;
    };
    match super::scan::front_matter(&text)
        .0
        .and_then(|f| f.get("permalink").cloned())
    {
        Some(Value::Bool(false)) => Permalink::Off,
        Some(Value::String(p)) if p.contains("{{") || p.contains("{%") => Permalink::Template,
        Some(_) => Permalink::Literal,
        None => Permalink::None,
    }
}

/// The string literal right after the first `key` in `code` (`input: "src"`).
fn string_after(code: &str, key: &str) -> Option<String> {
    let at = code.find(key)? + key.len();
    match literal::parse(&code[at..], Lang::JavaScript)? {
        (Value::String(s), _) => Some(s.trim_start_matches("./").trim_end_matches('/').to_string())
            .filter(|s| !s.is_empty())
            .or(Some(".".into())),
        _ => None,
    }
}

/// The object a JavaScript data file exports (`module.exports = {…}`,
/// `export default {…}`), when it is written as literals.
fn exported_object(code: &str) -> Option<Value> {
    let at = ["module.exports =", "module.exports=", "export default"]
        .iter()
        .find_map(|k| code.find(k).map(|i| i + k.len()))?;
    match literal::parse(&code[at..], Lang::JavaScript)? {
        (v @ Value::Object(_), _) => Some(v),
        _ => None,
    }
}

/// Whether `file` is a folder data file: `posts/posts.json` beside the posts.
fn is_folder_data(file: &Path) -> bool {
    let folder = file.parent().and_then(Path::file_name);
    let stem = file.file_stem();
    file.extension().is_some_and(|e| e == "json" || e == "js") && folder.is_some() && folder == stem
}
