//! Render: tera templates over view structs.
//!
//! [`Templates::load`] gathers the embedded default theme, then `themes/NAME/templates/`
//! and the site's `templates/`, each replacing files of the same name. Templates see only
//! the view structs of [`views`], made for them, so internal renames don't break themes.
//! Autoescaping stays on for `.html` and `.xml`; Markdown output is inserted with `| safe`.
//!
//! The seam: `site` makes view structs (`serde::Serialize`) and hands them over as a
//! [`Value`] (a view converted once, shared by every page that shows it) in a
//! [`Context`]; it never sees a tera type. Changing the template engine changes this
//! module alone.

mod filters;
mod functions;
mod value;
pub mod views;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use tera::{ErrorKind, Tera};

pub use functions::Lookup;
pub use value::{Context, Value};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::i18n::DateStyle;
use crate::theme;

/// The compiled templates of a site, and where each came from (for messages).
pub struct Templates {
    tera: Tera,
    /// The site's images, for `resize_image` (set once the content is read).
    images: Arc<OnceLock<Arc<crate::images::Catalog>>>,
    origins: BTreeMap<String, PathBuf>,
    /// Each template's text, for locating errors tera gives without a position.
    sources: BTreeMap<String, String>,
    /// The same templates, for shortcodes.
    shortcodes: Arc<ShortcodeTemplates>,
    /// What the functions of [`functions`] read, shared with the shortcodes' tera.
    functions: Arc<functions::Functions>,
}

/// The templates answering shortcodes (`templates/shortcodes/NAME.html` or `.md`, the
/// site's over its theme's over the default theme's), run by the Markdown stage through
/// [`crate::markdown::shortcodes::Shortcodes`] while pages are rendered, before the
/// site's pages and lists exist for templates. They get a tera of their own, compiled
/// from the same templates (so they can import macros) the first time a shortcode is
/// called: a site without shortcodes does not pay for it.
pub struct ShortcodeTemplates {
    /// Each shortcode's name and the kind of its output.
    names: BTreeMap<String, crate::markdown::shortcodes::Output>,
    origins: BTreeMap<String, PathBuf>,
    sources: BTreeMap<String, String>,
    images: Arc<OnceLock<Arc<crate::images::Catalog>>>,
    language: crate::i18n::Speaking,
    /// What the filters need of the config.
    filters: Arc<filters::Settings>,
    functions: Arc<functions::Functions>,
    tera: OnceLock<Result<Tera, String>>,
}

impl std::fmt::Debug for ShortcodeTemplates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShortcodeTemplates")
            .field("names", &self.names)
            .finish_non_exhaustive()
    }
}

impl ShortcodeTemplates {
    /// The kind of output of the shortcode `name`, if a template answers it (`.html`
    /// when both `.html` and `.md` exist).
    pub fn output(&self, name: &str) -> Option<crate::markdown::shortcodes::Output> {
        self.names.get(name).copied()
    }

    /// Runs the template answering `call`, with the variables of `scope` (`page`,
    /// `section`, `config`) beside the call's own; an argument of the same name wins.
    ///
    /// Errors: the template's error, as `FILE:LINE:COLUMN: message`.
    pub fn render(
        &self,
        call: &crate::markdown::shortcodes::Call,
        scope: &Context,
    ) -> Result<String, String> {
        use crate::markdown::shortcodes::Output;
        let tera = self
            .tera
            .get_or_init(|| {
                let mut tera = Tera::new();
                tera.autoescape_on(AUTOESCAPED.to_vec());
                filters::register(&mut tera, &self.filters);
                register_functions(&mut tera, &self.images, &self.language);
                tera.global_context()
                    .insert("lang", self.language.site.tag());
                tera.global_context()
                    .insert("dir", self.language.site.dir());
                functions::register(&mut tera, &self.functions);
                tera.add_raw_templates(self.sources.iter().map(|(n, t)| (n.clone(), t.clone())))
                    .map_err(|e| diagnostic(&self.origins, &self.sources, &e, None).to_string())?;
                Ok(tera)
            })
            .as_ref()
            .map_err(Clone::clone)?;
        let file = match self.output(call.name) {
            Some(Output::Markdown) => format!("shortcodes/{}.md", call.name),
            _ => format!("shortcodes/{}.html", call.name),
        };
        let located = |e: &tera::Error| {
            let d = diagnostic(&self.origins, &self.sources, e, None);
            let mut text = d.to_string();
            // The help speaks of page templates; the caller gives its own.
            if let Some(cut) = text.find("\n  help:") {
                text.truncate(cut);
            }
            text.replace(": error: ", ": ")
        };
        let mut context = scope.0.clone();
        context.extend(tera::Context::from_serialize(call).map_err(|e| located(&e))?);
        tera.render(&file, &context).map_err(|e| located(&e))
    }
}

impl Templates {
    /// Loads and compiles the templates for `config`.
    ///
    /// Errors: a theme that does not exist, an unreadable template, a syntax error or a
    /// missing parent/include — located at the template file and line.
    pub fn load(config: &Config) -> Result<Templates, Diagnostic> {
        let mut sources: BTreeMap<String, (PathBuf, String)> = theme::TEMPLATES
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    (
                        PathBuf::from(format!("(default theme)/templates/{name}")),
                        text.to_string(),
                    ),
                )
            })
            .collect();
        let mut dirs = Vec::new();
        if let Some(name) = &config.theme {
            let dir = config.root.join("themes").join(name);
            if !dir.is_dir() {
                return Err(Diagnostic::error(crate::config::CONFIG_FILE, format!("theme {name:?} does not exist (no folder themes/{name}/)"))
                    .with_help("put the theme in themes/NAME/, or remove `theme` from gloss.toml to use the default theme"));
            }
            dirs.push(dir.join("templates"));
        }
        dirs.push(config.root.join("templates"));
        for dir in dirs {
            read_templates(&config.root, &dir, &dir, &mut sources)?;
        }
        let mut tera = Tera::new();
        tera.autoescape_on(AUTOESCAPED.to_vec());
        let settings = filters::Settings::new(config);
        filters::register(&mut tera, &settings);
        let images = Arc::new(OnceLock::new());
        let speaking = crate::i18n::Speaking::new(config);
        register_functions(&mut tera, &images, &speaking);
        // The language every template speaks; a page in another language sets its own.
        tera.global_context().insert("lang", config.i18n.tag());
        tera.global_context().insert("dir", config.i18n.dir());
        let site_functions = functions::Functions::new(config, &settings);
        functions::register(&mut tera, &site_functions);
        let origins: BTreeMap<String, PathBuf> = sources
            .iter()
            .map(|(n, (p, _))| (n.clone(), p.clone()))
            .collect();
        let texts: BTreeMap<String, String> =
            sources.into_iter().map(|(n, (_, t))| (n, t)).collect();
        let templates: Vec<(String, String)> =
            texts.iter().map(|(n, t)| (n.clone(), t.clone())).collect();
        let shortcodes = Arc::new(ShortcodeTemplates {
            names: shortcode_names(&texts),
            origins: origins.clone(),
            sources: texts.clone(),
            images: Arc::clone(&images),
            language: speaking,
            filters: settings,
            functions: Arc::clone(&site_functions),
            tera: OnceLock::new(),
        });
        let mut me = Templates {
            tera,
            images,
            origins,
            sources: texts,
            shortcodes,
            functions: site_functions,
        };
        if let Err(e) = me.tera.add_raw_templates(templates) {
            return Err(me.diagnostic(&e, None));
        }
        Ok(me)
    }

    /// Makes `value` available as `name` in every template. Tera keeps it in its global
    /// context, read at render time rather than copied into each page's context, so
    /// site-wide data (`site`) costs nothing per page.
    pub fn set_global(&mut self, name: &'static str, value: &impl Serialize) {
        self.tera.global_context().insert(name, value);
    }

    /// [`Templates::set_global`] with a value already converted (shared, not copied).
    pub fn set_global_value(&mut self, name: &'static str, value: Value) {
        self.tera.global_context().insert_value(name, value.0);
    }

    /// Gives the `resize_image` function the site's images (see `register_functions`):
    /// until then it fails, saying so.
    pub fn set_images(&self, catalog: &Arc<crate::images::Catalog>) {
        let _ = self.images.set(Arc::clone(catalog));
    }

    /// Gives `get_page`, `get_section`, `get_taxonomy`, `get_url`, `get_quotes` and
    /// `get_updates` the site they look in (made once per build); until then they fail,
    /// saying so.
    pub fn set_lookup(&self, lookup: Lookup) {
        self.functions.set_lookup(lookup);
    }

    /// Whether any template calls the function `name` (`get_page`): the lookup it reads
    /// is made only then.
    pub fn calls(&self, name: &str) -> bool {
        let call = format!("{name}(");
        self.sources.values().any(|t| t.contains(&call))
    }

    /// The shortcode templates, for the Markdown stage.
    pub fn shortcodes(&self) -> Arc<ShortcodeTemplates> {
        Arc::clone(&self.shortcodes)
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `name` with `context` (any serialisable map of view structs).
    ///
    /// Errors: a missing template, an undefined variable, a failing filter — located at the
    /// template's file and line, naming the page being rendered (`for_page`).
    pub fn render(
        &self,
        name: &str,
        context: &impl Serialize,
        for_page: Option<&Path>,
    ) -> Result<String, Diagnostic> {
        let ctx =
            tera::Context::from_serialize(context).map_err(|e| self.diagnostic(&e, for_page))?;
        self.render_tera(name, &ctx, for_page)
    }

    /// Renders `name` with a ready context. Its values are shared, not copied, so a
    /// large value (a section's every post) can go into many renders (its pager pages)
    /// at the cost of one.
    ///
    /// Errors: as [`Templates::render`].
    pub fn render_context(
        &self,
        name: &str,
        context: &Context,
        for_page: Option<&Path>,
    ) -> Result<String, Diagnostic> {
        self.render_tera(name, &context.0, for_page)
    }

    fn render_tera(
        &self,
        name: &str,
        context: &tera::Context,
        for_page: Option<&Path>,
    ) -> Result<String, Diagnostic> {
        let text = self
            .tera
            .render(name, context)
            .map_err(|e| self.diagnostic(&e, for_page))?;
        // XML cannot hold some characters even escaped, and Markdown can make them
        // (`&#7;` is U+0007): replace them so feeds and the sitemap stay well-formed.
        Ok(crate::content::front_matter::without_controls(text))
    }

    fn diagnostic(&self, e: &tera::Error, for_page: Option<&Path>) -> Diagnostic {
        diagnostic(&self.origins, &self.sources, e, for_page)
    }
}

/// A tera error as a diagnostic, located at the template's file (`origins`) and line;
/// `sources` are the templates' texts, for errors tera gives without a position.
fn diagnostic(
    origins: &BTreeMap<String, PathBuf>,
    sources: &BTreeMap<String, String>,
    e: &tera::Error,
    for_page: Option<&Path>,
) -> Diagnostic {
    Located { origins, sources }.diagnostic(e, for_page)
}

/// Where templates come from, for messages.
struct Located<'a> {
    origins: &'a BTreeMap<String, PathBuf>,
    sources: &'a BTreeMap<String, String>,
}

impl Located<'_> {
    fn diagnostic(&self, e: &tera::Error, for_page: Option<&Path>) -> Diagnostic {
        let suffix = for_page
            .map(crate::diagnostic::while_rendering)
            .unwrap_or_default();
        let located = |r: &tera::ReportError, what: &str| {
            let path = self
                .origins
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(r.filename()));
            // Some messages ("Unknown tag") do not say what was met: show it.
            let mut message = r.message().to_string();
            let met = self
                .sources
                .get(r.filename())
                .and_then(|t| t.get(r.span().range.clone()))
                .map(str::trim)
                .filter(|t| !t.is_empty() && !message.contains(*t));
            if let Some(met) = met {
                message = format!("{message} `{met}`");
            }
            let help = "see docs/templates.md for the variables each template receives";
            let help = match nearest_defined(r.message()) {
                Some(near) => format!("did you mean `{near}`? {help}"),
                None => help.to_string(),
            };
            Diagnostic::error(path, format!("{what}: {message}{suffix}"))
                .at(r.span().start_line, r.span().start_col + 1)
                .with_help(help)
        };
        match e.kind() {
            ErrorKind::SyntaxError(r) => located(r, "template syntax error"),
            ErrorKind::RenderingError(r) => located(r, "template error"),
            ErrorKind::TemplateNotFound(name) => Diagnostic::error(
                PathBuf::from("templates").join(name),
                format!("template {name:?} does not exist{suffix}"),
            )
            .with_help("add it under templates/, or fix the `template` front matter key"),
            ErrorKind::MissingParent { current, parent } => {
                let d = Diagnostic::error(
                    self.origins
                        .get(current)
                        .cloned()
                        .unwrap_or_else(|| PathBuf::from(current)),
                    format!("template {current:?} extends {parent:?}, which does not exist"),
                )
                .with_help(format!(
                    "add templates/{parent}, or extend an existing template such as \"base.html\""
                ));
                // Tera gives no position here: point at the name in the template's text.
                self.at_extended_name(d, current, parent)
            }
            ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => {
                // Tera names the templates met, not what `tpl` extends: read it there.
                let parent = self.sources.get(tpl).and_then(|t| extended(t));
                let mut chain = inheritance_chain.clone();
                chain.extend(parent.map(str::to_string));
                let d = Diagnostic::error(
                    self.origins
                        .get(tpl)
                        .cloned()
                        .unwrap_or_else(|| PathBuf::from(tpl)),
                    format!(
                        "templates extend each other in a loop: {}",
                        chain.join(" → ")
                    ),
                );
                // The usual loop: templates/page.html written to extend the theme's
                // page.html, which it replaces (a name means one template).
                let d = match parent {
                    Some(name) if name == tpl => d.with_help(format!(
                        "templates/{tpl} replaces the theme's {tpl}, so it cannot extend it: extend \"base.html\" and fill its blocks (docs/templates.md lists them), or copy the theme's {tpl} and change the copy"
                    )),
                    _ => d.with_help("make one of the templates in the loop extend another template, such as \"base.html\""),
                };
                match parent {
                    Some(parent) => self.at_extended_name(d, tpl, parent),
                    None => d,
                }
            }
            ErrorKind::CircularInclude { tpl, include_chain } => Diagnostic::error(
                self.origins
                    .get(tpl)
                    .cloned()
                    .unwrap_or_else(|| PathBuf::from(tpl)),
                format!(
                    "templates include each other in a loop: {}",
                    include_chain.join(" → ")
                ),
            ),
            ErrorKind::Msg(text) => match self.parse_report(text) {
                Some(d) => d,
                None => Diagnostic::error("templates", format!("template error: {text}{suffix}")),
            },
            _ => Diagnostic::error("templates", format!("template error: {e}{suffix}")),
        }
    }

    /// Reads the first report of a message tera gives when several templates failed its
    /// checks (`error: Unknown template `x`` then ` --> page.html:1:12`), located at the
    /// template's file. `None` when the message is not in that shape.
    fn parse_report(&self, text: &str) -> Option<Diagnostic> {
        let mut lines = text.lines().map(str::trim);
        let message = lines.find_map(|l| l.strip_prefix("error:"))?.trim();
        let place = lines.find_map(|l| l.strip_prefix("-->"))?.trim();
        let mut parts = place.rsplitn(3, ':');
        let column: usize = parts.next()?.parse().ok()?;
        let line: usize = parts.next()?.parse().ok()?;
        let name = parts.next()?;
        let path = self
            .origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name));
        let more = text
            .lines()
            .filter(|l| l.trim_start().starts_with("-->"))
            .count()
            - 1;
        let message = match more {
            0 => message.to_string(),
            n => format!("{message} (and {n} more template problem(s))"),
        };
        let help = if message.starts_with("Unknown template") {
            "add the missing template under templates/, or fix the name".to_string()
        } else if let Some(help) = message
            .strip_prefix("Block `")
            .and_then(|rest| rest.split_once("` is not defined in any parent template"))
            .and_then(|(block, _)| self.parent_blocks_help(name, block))
        {
            help
        } else {
            "see docs/templates.md for the filters, tests and variables templates can use"
                .to_string()
        };
        Some(
            Diagnostic::error(path, format!("template error: {message}"))
                .at(line, column)
                .with_help(help),
        )
    }

    /// `d` located at `parent`'s quoted name in the text of template `name` (its
    /// `{% extends %}`: tera gives no position for errors of extending), if it is there.
    fn at_extended_name(&self, d: Diagnostic, name: &str, parent: &str) -> Diagnostic {
        let Some(text) = self.sources.get(name) else {
            return d;
        };
        let offset = ['"', '\'', '`']
            .iter()
            .find_map(|q| text.find(&format!("{q}{parent}{q}")));
        match offset {
            Some(offset) => {
                let (line, column) = crate::diagnostic::line_column(text, offset);
                d.at(line, column)
            }
            None => d,
        }
    }

    /// For a block that no parent of template `name` defines: the blocks they do define,
    /// nearest parent first (tera names none), and the nearest name to `block`.
    fn parent_blocks_help(&self, name: &str, block: &str) -> Option<String> {
        let mut parents: Vec<(&str, Vec<&str>)> = Vec::new();
        let mut current = name;
        while let Some(parent) = self.sources.get(current).and_then(|t| extended(t)) {
            // A loop is reported on its own.
            if parent == name || parents.iter().any(|(p, _)| *p == parent) {
                break;
            }
            let (parent, text) = self.sources.get_key_value(parent)?;
            parents.push((parent, block_names(text)));
            current = parent;
        }
        if parents.is_empty() {
            return None;
        }
        let near = crate::diagnostic::did_you_mean(
            block,
            parents
                .iter()
                .flat_map(|(_, blocks)| blocks.iter().copied()),
        )
        .map(|b| format!("did you mean `{b}`? "))
        .unwrap_or_default();
        let defined: Vec<String> = parents
            .iter()
            .map(|(parent, blocks)| match blocks.as_slice() {
                [] => format!("{parent} defines no block"),
                _ => format!(
                    "{parent} defines {}",
                    blocks
                        .iter()
                        .map(|b| format!("`{b}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })
            .collect();
        Some(format!(
            "{near}{}: a template that extends another can only fill the blocks it defines; rename the block, or add it to {}",
            defined.join("; "),
            parents[0].0
        ))
    }
}

/// For tera's message on an undefined field or variable (``Field `titel` is not
/// defined. Available fields: content, title``): the available name nearest to the one
/// written, by [`crate::diagnostic::did_you_mean`]. Tera lists the names but offers none.
fn nearest_defined(message: &str) -> Option<&str> {
    let (undefined, names) = message.split_once(" is not defined. Available ")?;
    let name = undefined
        .strip_prefix("Field `")
        .or_else(|| undefined.strip_prefix("Variable `"))?
        .strip_suffix('`')?;
    let (_, names) = names.split_once(": ")?;
    crate::diagnostic::did_you_mean(name, names.split(", "))
}

/// The template a template's text extends: the name in its `{% extends "…" %}`.
fn extended(text: &str) -> Option<&str> {
    tags(text).find_map(|tag| {
        let rest = tag.strip_prefix("extends")?.trim_start();
        let quote = rest
            .chars()
            .next()
            .filter(|q| matches!(q, '"' | '\'' | '`'))?;
        rest[1..].split(quote).next()
    })
}

/// The names of the blocks a template's text defines (`{% block NAME %}`), in order.
fn block_names(text: &str) -> Vec<&str> {
    tags(text)
        .filter_map(|tag| {
            let rest = tag.strip_prefix("block")?;
            let name = rest.trim_start();
            (name.len() < rest.len()).then_some(name)
        })
        .filter_map(|name| name.split_whitespace().next())
        .collect()
}

/// The insides of a template's `{% … %}` tags, trimmed (whitespace control `-` too).
/// Comments (`{# … #}`) and raw blocks are not told apart: good enough for hints.
fn tags(text: &str) -> impl Iterator<Item = &str> {
    text.split("{%").skip(1).filter_map(|rest| {
        let inside = rest.split("%}").next()?;
        Some(inside.trim_start_matches('-').trim_end_matches('-').trim())
    })
}

/// The shortcodes among the templates: `shortcodes/NAME.html` and `shortcodes/NAME.md`.
fn shortcode_names(
    texts: &BTreeMap<String, String>,
) -> BTreeMap<String, crate::markdown::shortcodes::Output> {
    use crate::markdown::shortcodes::Output;
    let mut names = BTreeMap::new();
    for name in texts.keys() {
        let Some(file) = name.strip_prefix("shortcodes/") else {
            continue;
        };
        if let Some(n) = file.strip_suffix(".html") {
            names.insert(n.to_string(), Output::Html);
        } else if let Some(n) = file.strip_suffix(".md") {
            names.entry(n.to_string()).or_insert(Output::Markdown);
        }
    }
    names
}

/// The template names whose output tera escapes (HTML, and the XML of feeds and the
/// sitemap: `updates.rss` is RSS). JSON templates escape with `json_encode`.
const AUTOESCAPED: [&str; 4] = [".html", ".htm", ".xml", ".rss"];

fn read_templates(
    root: &Path,
    base: &Path,
    dir: &Path,
    into: &mut BTreeMap<String, (PathBuf, String)>,
) -> Result<(), Diagnostic> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let shown = crate::diagnostic::display_path(root, &path);
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if path.is_dir() {
            read_templates(root, base, &path, into)?;
            continue;
        }
        let name = path
            .strip_prefix(base)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(&path)
            .map_err(|e| Diagnostic::error(&shown, format!("cannot read this template: {e}")))?;
        let text = crate::content::decode(&bytes).map_err(|d| d.relocate(&shown, 1))?;
        into.insert(name, (shown, text));
    }
    Ok(())
}

/// Functions beyond tera's built-ins: `resize_image(path, width, height, op="fit"|"fill",
/// format)`, which makes a version of one of the site's images through `images` and gives
/// `{url, width, height}` (docs/templates.md); a missing or unreadable image is an error.
/// Registered before the templates are compiled (tera checks the names then); the images
/// come once the content is read ([`Templates::set_images`]). `t` and `format_date` speak
/// the site's `language` (see [`register_language`]).
fn register_functions(
    tera: &mut Tera,
    images: &Arc<OnceLock<Arc<crate::images::Catalog>>>,
    language: &crate::i18n::Speaking,
) {
    register_language(tera, language);
    let images = Arc::clone(images);
    tera.register_function(
        "resize_image",
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<tera::Value> {
            let Some(catalog) = images.get() else {
                return Err(tera::Error::message(
                    "resize_image: the site's images are not known here",
                ));
            };
            let path: &str = kwargs.must_get("path")?;
            let width: Option<u32> = kwargs.get("width")?;
            let height: Option<u32> = kwargs.get("height")?;
            let op = match kwargs.get::<&str>("op")?.unwrap_or("fit") {
                "fit" => crate::images::Op::Fit,
                "fill" => crate::images::Op::Fill,
                other => {
                    return Err(tera::Error::message(format!(
                        "resize_image: unknown op {other:?} (use \"fit\" or \"fill\")"
                    )));
                }
            };
            let format: Option<&str> = kwargs.get("format")?;
            let made = catalog
                .resize(path, width, height, op, format)
                .map_err(|why| tera::Error::message(format!("resize_image: {why}")))?;
            Ok(Value::of(&made).0)
        },
    );
}
/// `t(key, n, NAME=VALUE…)`: the site language's text of `key` (the form for the count
/// `n` when the key has plural forms), each `{NAME}` replaced by its value; the text and
/// the values are escaped like any output, but for values already marked safe (`| safe`),
/// so a template can put markup in a sentence. An unknown key is an error.
///
/// `format_date(date, style="medium")`: a date as gloss gives it to templates (RFC 3339,
/// `2026-11-28T17:40:00-06:00`, or `2026-11-28`) written in the site's language, in one
/// of the [`DateStyle`]s; the clock time written, whatever its offset.
fn register_language(tera: &mut Tera, language: &crate::i18n::Speaking) {
    let speaking = language.clone();
    tera.register_function(
        "t",
        move |kwargs: tera::Kwargs, state: &tera::State| -> tera::TeraResult<tera::Value> {
            let key: &str = kwargs.must_get("key")?;
            let lang = speaking.speaking(|| spoken(state))?;
            if !lang.has(key) {
                return Err(tera::Error::message(format!(
                    "t: unknown string key {key:?} (the keys are those of the default theme's i18n/en.toml)"
                )));
            }
            let n: Option<i64> = kwargs.get("n")?;
            let n = n.map(i64::unsigned_abs);
            let mut args: Vec<(String, String)> = Vec::new();
            for (name, value) in kwargs.iter() {
                let name = name.to_string();
                if name == "key" || name == "n" {
                    continue;
                }
                args.push((name, state.escape_if_needed(value)?));
            }
            let escape = state.autoescaping_enabled();
            let text = match n {
                Some(n) => lang.plural(key, n),
                None => lang.text(key),
            };
            let text = if escape { state.escape(text)? } else { text.to_string() };
            let filled = crate::i18n::fill(&text, |name| {
                if name == "n" {
                    return n.map(|n| n.to_string());
                }
                args.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
            });
            Ok(if escape {
                tera::Value::safe_string(&filled)
            } else {
                tera::Value::from(filled)
            })
        },
    );
    let speaking = language.clone();
    tera.register_function(
        "format_date",
        move |kwargs: tera::Kwargs, state: &tera::State| -> tera::TeraResult<tera::Value> {
            let date: &str = kwargs.must_get("date")?;
            let style: Option<&str> = kwargs.get("style")?;
            let style = match style {
                None => DateStyle::Medium,
                Some(name) => DateStyle::named(name).ok_or_else(|| {
                    tera::Error::message(format!(
                        "format_date: unknown style {name:?} (the styles are {})",
                        DateStyle::NAMES
                    ))
                })?,
            };
            let at = parse_template_date(date).ok_or_else(|| {
                tera::Error::message(format!(
                    "format_date: {date:?} is not a date (give page.date, or a date written 2026-11-28)"
                ))
            })?;
            let lang = speaking.speaking(|| spoken(state))?;
            Ok(tera::Value::from(lang.format_date(at, style)))
        },
    );
}

/// The tag of the language being rendered: the context's `lang` (a global, set again
/// for a page in another language than the site's).
pub(crate) fn spoken(state: &tera::State) -> tera::TeraResult<Option<String>> {
    let lang: Option<tera::Value> = state.get("lang")?;
    Ok(lang.and_then(|v| v.as_str().map(str::to_string)))
}

/// A date as views give it (`2026-11-28T17:40:00-06:00`, `2026-11-28`) as the civil date
/// and time it writes.
fn parse_template_date(text: &str) -> Option<jiff::civil::DateTime> {
    let text = text.trim();
    if let Ok(d) = text.parse::<jiff::civil::DateTime>() {
        return Some(d);
    }
    text.parse::<jiff::civil::Date>()
        .ok()
        .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
}
