//! Scans the imported posts for what gloss will not carry: layouts named in front matter,
//! taxonomies gloss has no pages for, template tags and shortcodes it does not answer to,
//! and the data files those tags read. Reads the posts only; adds to [`Import::left`].
//! Also finds whether a Jekyll or Pelican site's posts have categories, which those
//! engines keep apart from the tags: the new site then lists `categories` as a taxonomy
//! of its own.

use std::path::Path;

use super::{Engine, Import, leave, shown};
use crate::content::front_matter::{parse_map, pelican_header, split};

/// Shortcodes gloss's theme answers to in the Hugo, Jekyll and Zola forms (docs/shortcodes).
const BUILT_IN: &[&str] = &[
    "figure",
    "youtube",
    "vimeo",
    "gist",
    "tweet",
    "x",
    "mastodon",
    "highlight",
    "ref",
    "relref",
    "post_url",
    "link",
    "raw",
];

/// Closing tags of the built-ins, and Zola's `{% end %}`.
const CLOSERS: &[&str] = &["end", "endraw", "endhighlight"];

/// One template tag found in a post's text (outside code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tag {
    /// `{% name … %}` (Liquid, Nunjucks, Tera).
    Statement(String),
    /// `{% include FILE %}` / `{% render FILE %}`: the file named.
    Include(String),
    /// `{{< name >}}` / `{{% name %}}` (Hugo).
    Shortcode(String),
    /// `{{ name(…) }}` or `{% name(…) %}` (a Zola shortcode, inline or with a body).
    Call(String),
    /// `{{ expression }}`: template output; the first word of the expression.
    Output(String),
}

/// Adds to `import.left` what each imported Markdown file uses that gloss does not carry.
pub(super) fn posts(source: &Path, import: &mut Import) {
    let data_names: Vec<String> = import
        .left
        .iter()
        .filter_map(|l| l.what.strip_prefix("data file `"))
        .filter_map(|rest| rest.split('`').next())
        .map(|file| {
            let name = file.rsplit('/').next().unwrap_or(file);
            name.split('.').next().unwrap_or(name).to_string()
        })
        .collect();
    let markdown: Vec<_> = import
        .content
        .iter()
        .filter(|c| super::is_markdown(&c.to))
        .map(|c| (c.from.clone(), c.to.clone()))
        .collect();
    let mut categories = false;
    for (path, to) in markdown {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let file = shown(source, &path);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let (front, body) = front_matter(text);
        if let Some(front) = &front {
            front_keys(front, &file, import);
            template_keys(front, &to, &file, import);
            categories = categories || has_categories(front);
        }
        for tag in tags(body) {
            // A shortcode of the site's own, carried over: its item lists the posts.
            if let Tag::Call(name) = &tag
                && let Some(item) = import
                    .to_check
                    .iter_mut()
                    .find(|l| l.what == site_shortcode(name))
            {
                if !item.files.contains(&file) {
                    item.files.push(file.clone());
                }
                continue;
            }
            let (what, note) = match &tag {
                Tag::Statement(name) | Tag::Shortcode(name) | Tag::Call(name)
                    if BUILT_IN.contains(&name.as_str()) || CLOSERS.contains(&name.as_str()) =>
                {
                    continue;
                }
                Tag::Include(file) => (
                    format!("include `{file}`"),
                    "gloss does not run the old site's templates inside posts; the tag is left as text (the build warns where)",
                ),
                Tag::Statement(name) => (
                    format!("template tag `{{% {name} %}}`"),
                    "not a shortcode gloss knows; it is left as text (the build warns where). Write it as a shortcode of your own in templates/shortcodes/ (docs/templates.md)",
                ),
                Tag::Shortcode(name) => (
                    format!("shortcode `{{{{< {name} >}}}}`"),
                    "not a shortcode gloss knows; it is left as text (the build warns where). Write it as a shortcode of your own in templates/shortcodes/ (docs/templates.md)",
                ),
                Tag::Call(name) => (
                    format!("shortcode `{name}`"),
                    "neither the site nor gloss has a shortcode of this name; each call is left as text (the build warns where). Write it as templates/shortcodes/NAME.html (docs/shortcodes.md)",
                ),
                Tag::Output(head) => {
                    if let Some(name) = data_names.iter().find(|n| head_uses(head, n)) {
                        add_data_use(import, name, &file);
                    }
                    (
                        format!("template output `{{{{ {head} }}}}`"),
                        "gloss does not evaluate template expressions in posts; it is left as text (the build warns where)",
                    )
                }
            };
            leave(&mut import.left, what, note, Some(file.clone()));
        }
        for name in &data_names {
            if template_text(body).iter().any(|t| head_uses(t, name)) {
                add_data_use(import, name, &file);
            }
        }
    }
    // Jekyll and Pelican say nothing of taxonomies in their configuration: categories
    // are there when the posts give them.
    if categories
        && import.settings.taxonomies.is_none()
        && matches!(import.engine, Engine::Jekyll | Engine::Pelican)
    {
        import.settings.taxonomies = Some(vec!["tags".to_string(), "categories".to_string()]);
    }
}

/// The report item of the site's own shortcode `name` (Zola's, in both forms:
/// `{{ name() }}` and `{% name() %}…{% end %}`).
pub(super) fn site_shortcode(name: &str) -> String {
    format!("shortcode `{name}`")
}

/// Whether front matter gives the post a category: Jekyll's `categories` or `category`
/// (a list, or a space-separated string), Pelican's `Category:` (read as `categories`).
fn has_categories(front: &serde_json::Map<String, serde_json::Value>) -> bool {
    ["categories", "category"]
        .iter()
        .filter_map(|k| front.get(*k))
        .any(|v| match v {
            serde_json::Value::String(s) => !s.trim().is_empty(),
            serde_json::Value::Array(items) => !items.is_empty(),
            _ => false,
        })
}

/// Whether template text `t` reads the data named `name` (`site.data.NAME`,
/// `.Site.Data.NAME`, or Eleventy's global `NAME`).
fn head_uses(t: &str, name: &str) -> bool {
    t.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .any(|w| w == name)
}

/// Adds `file` to the report item of the data file named `name`.
fn add_data_use(import: &mut Import, name: &str, file: &str) {
    for item in &mut import.left {
        let Some(rest) = item.what.strip_prefix("data file `") else {
            continue;
        };
        let stem = rest.split('`').next().unwrap_or("");
        let stem = stem.rsplit('/').next().unwrap_or(stem);
        if stem.split('.').next() == Some(name) && !item.files.iter().any(|f| f == file) {
            item.files.push(file.to_string());
        }
    }
}

/// The front matter of a post as a map (YAML, TOML or a Pelican header), and its body.
pub(super) fn front_matter(
    text: &str,
) -> (Option<serde_json::Map<String, serde_json::Value>>, &str) {
    match split(text) {
        Ok(s) => match s.format {
            Some(format) => (parse_map(format, s.front).ok(), s.body),
            None => match pelican_header(text) {
                Some((map, body, _)) => (Some(map), body),
                None => (None, text),
            },
        },
        Err(_) => (None, text),
    }
}

/// Notes the front matter keys gloss does not carry: `layout` and taxonomies listed in
/// the report by the engine's reader (`taxonomy `NAME``).
fn front_keys(front: &serde_json::Map<String, serde_json::Value>, file: &str, import: &mut Import) {
    if let Some(layout) = front.get("layout").and_then(serde_json::Value::as_str) {
        leave(
            &mut import.left,
            format!("layout `{layout}`"),
            "gloss renders posts with its theme's templates (docs/templates.md); the old layout is not carried",
            Some(file.to_string()),
        );
    }
    let mut keys: Vec<&str> = front.keys().map(String::as_str).collect();
    if let Some(t) = front
        .get("taxonomies")
        .and_then(serde_json::Value::as_object)
    {
        keys.extend(t.keys().map(String::as_str));
    }
    for key in keys {
        let what = format!("taxonomy `{key}`");
        if let Some(item) = import.left.iter_mut().find(|l| l.what == what)
            && !item.files.iter().any(|f| f == file)
        {
            item.files.push(file.to_string());
        }
    }
}

/// What becomes of the front matter keys naming the old site's templates, which gloss
/// does not carry (nor could it run them): a `template` gloss's theme has not (Zola's
/// `blog.html`) gets a template of that name in the new site that extends the theme's
/// own for that kind of page (`section.html` for a section's `_index.md`, `index.html`
/// for the home page's, `page.html` for a page), so the file builds as it is, with the
/// theme's look, and keeps its hook for a look of its own; `page_template` (which gloss
/// does not read) is reported. `to` is the file's path under `content/`.
fn template_keys(
    front: &serde_json::Map<String, serde_json::Value>,
    to: &Path,
    file: &str,
    import: &mut Import,
) {
    if let Some(name) = front.get("template").and_then(serde_json::Value::as_str) {
        let name = name.trim();
        let theme_has = crate::theme::TEMPLATES.iter().any(|(n, _)| *n == name);
        let base = match (to.file_name(), to.parent()) {
            (Some(f), Some(p)) if f == "_index.md" && p.as_os_str().is_empty() => "index.html",
            (Some(f), _) if f == "_index.md" => "section.html",
            _ => "page.html",
        };
        // A name that is a plain relative path ending in `.html` (so the template's
        // values are HTML-escaped as in any page template).
        let plain = name.ends_with(".html")
            && !name.starts_with('/')
            && Path::new(name)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !theme_has && plain {
            let made = import
                .templates
                .iter()
                .find(|t| t.to == Path::new(name))
                .map(|t| t.text.contains(&format!("\"{base}\"")));
            match made {
                None => import.templates.push(super::NewTemplate {
                    to: name.into(),
                    text: format!(
                        "{{% extends \"{base}\" %}}\n{{# Written by `gloss import`: the old site's template {name} was not carried over. This one shows these files as the theme's {base} does; change it to give them a look of their own (docs/templates.md). #}}\n"
                    ),
                }),
                // One name for a section and a page: it extends the first one's template.
                Some(false) => leave(
                    &mut import.left,
                    format!("template `{name}` for pages and sections"),
                    &format!(
                        "templates/{name} extends the theme's template for the first file naming it; the files below are of another kind: give them a template of their own, or remove their `template` key"
                    ),
                    Some(file.to_string()),
                ),
                Some(true) => {}
            }
            leave(
                &mut import.to_check,
                format!("template `{name}`"),
                &format!(
                    "the old site's template is not carried over (gloss renders with its theme's templates); templates/{name} was written so the files naming it build as they are: it extends the theme's {base}. Change it to give them a look of their own (docs/templates.md)"
                ),
                Some(file.to_string()),
            );
        } else if !theme_has {
            leave(
                &mut import.left,
                format!("template `{name}`"),
                "gloss has no template of this name, and the build fails until there is one: add it under templates/ (docs/templates.md), or remove the `template` key from these files",
                Some(file.to_string()),
            );
        }
    }
    if let Some(name) = front
        .get("page_template")
        .and_then(serde_json::Value::as_str)
    {
        leave(
            &mut import.left,
            format!("page template `{}`", name.trim()),
            "gloss does not read `page_template` (the build warns that it is kept in `extra`): the section's pages are rendered with the theme's page.html; give a page its own with `template` in its front matter (docs/content.md)",
            Some(file.to_string()),
        );
    }
}

/// The lines of `body` outside fenced code, with inline code spans blanked.
fn prose(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for line in body.lines() {
        let t = line.trim_start();
        let run = |c: char| t.chars().take_while(|&x| x == c).count();
        match fence {
            Some((c, n)) => {
                if run(c) >= n && t.trim_start_matches(c).trim().is_empty() {
                    fence = None;
                }
                continue;
            }
            None => {
                for c in ['`', '~'] {
                    if run(c) >= 3 {
                        fence = Some((c, run(c)));
                    }
                }
                if fence.is_some() {
                    continue;
                }
            }
        }
        out.push(without_code_spans(line));
    }
    out
}

/// `line` with each inline code span (`` `…` ``, any run length) replaced by spaces.
fn without_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let n = after.chars().take_while(|&c| c == '`').count();
        let ticks = &after[..n];
        match after[n..].find(ticks) {
            Some(end) => {
                out.push(' ');
                rest = &after[n + end + n..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text inside every `{{ … }}` and `{% … %}` of `body`'s prose.
fn template_text(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in prose(body) {
        for (open, close) in [("{{", "}}"), ("{%", "%}")] {
            let mut rest = line.as_str();
            while let Some(i) = rest.find(open) {
                let after = &rest[i + 2..];
                let end = after.find(close).unwrap_or(after.len());
                out.push(after[..end].to_string());
                rest = &after[end..];
            }
        }
    }
    out
}

/// The template tags in `body`, outside code, in order.
pub(super) fn tags(body: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    // Inside `{% raw %}…{% endraw %}` (Liquid, Tera) tags are text the engine showed as
    // written, as gloss does: nothing to report.
    let mut raw = false;
    for line in prose(body) {
        let mut rest = line.as_str();
        while let Some(i) = rest.find('{') {
            let after = &rest[i..];
            rest = &after[1..];
            let (inner, statement) = if let Some(r) = after.strip_prefix("{%") {
                (r, true)
            } else if let Some(r) = after.strip_prefix("{{") {
                (r, false)
            } else {
                continue;
            };
            // Past the opening, so `{{%` is not read again as `{%`.
            rest = &after[2..];
            let inner = inner.trim_start_matches('-');
            if !statement && let Some(r) = inner.strip_prefix(['<', '%']) {
                rest = &after[3..];
                // Hugo: `{{< name >}}`, `{{% name %}}`; `{{</* … */>}}` is an escaped one,
                // `{{< /name >}}` a closing one.
                let r = r.trim_start();
                if r.starts_with("/*") || r.starts_with('/') {
                    continue;
                }
                let name = word(r);
                if !name.is_empty() {
                    out.push(Tag::Shortcode(name));
                }
                continue;
            }
            let r = inner.trim_start();
            let name = word(r);
            if raw {
                raw = !(statement && name == "endraw");
                continue;
            }
            if name.is_empty() {
                continue;
            }
            raw = statement && name == "raw";
            let after_name = r[name.len()..].trim_start();
            if statement && (name == "include" || name == "render") {
                let file = word(after_name.trim_start_matches(['"', '\'']));
                out.push(Tag::Include(file));
                continue;
            }
            let call = after_name.starts_with('(');
            out.push(match (statement, call) {
                (_, true) => Tag::Call(name),
                (true, false) => Tag::Statement(name),
                (false, false) => Tag::Output(name),
            });
        }
    }
    out
}

/// The leading name of `s`: letters, digits, `_`, `-`, `.`, `/`.
fn word(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        .collect()
}

/// Whether `text` starts with YAML or TOML front matter (`---` / `+++` on its first line).
pub(super) fn has_front_matter(text: &[u8]) -> bool {
    let first = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = first.strip_prefix(b"\xef\xbb\xbf").unwrap_or(first);
    matches!(first.trim_ascii_end(), b"---" | b"+++")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_of_each_engine_are_found_outside_code() {
        let body = "A {% youtube abc %} and {% include note.html %}.\n\
                    {{< tweet 1 >}} {{< /details >}} {{</* gist x */>}} {{% notice %}}\n\
                    `{% not_this %}` {{ site.title }} {{ figure(src=\"a\") }}\n\
                    {% note(kind=\"info\") %}body{% end %}\n\
                    ```\n{% nor_this %}\n```\n{%- comment -%}\n";
        assert_eq!(
            tags(body),
            vec![
                Tag::Statement("youtube".into()),
                Tag::Include("note.html".into()),
                Tag::Shortcode("tweet".into()),
                Tag::Shortcode("notice".into()),
                Tag::Output("site.title".into()),
                Tag::Call("figure".into()),
                Tag::Call("note".into()),
                Tag::Statement("end".into()),
                Tag::Statement("comment".into()),
            ]
        );
    }

    #[test]
    fn tags_shown_as_text_by_raw_are_not_reported() {
        let body = "{% raw %}{{ not processed }} {% note %}{% endraw %} {{ site.title }}\n\
                    {%- raw -%}\n{{ over lines }}\n{% endraw %}{% youtube a %}\n";
        assert_eq!(
            tags(body),
            vec![
                Tag::Statement("raw".into()),
                Tag::Output("site.title".into()),
                Tag::Statement("raw".into()),
                Tag::Statement("youtube".into()),
            ]
        );
    }

    #[test]
    fn front_matter_is_a_first_line_fence() {
        assert!(has_front_matter(b"---\ntitle: a\n---\n"));
        assert!(has_front_matter(b"+++\r\n"));
        assert!(!has_front_matter(b"body: yes\n---\n"));
    }
}
