//! Sharing metadata: what a page tells the sites and apps it is shared to.
//!
//! Takes a rendered page and returns plain values for `page.html`: the image shown with
//! it ([`ShareImage`]: its absolute URL, size and alt text) and its JSON-LD — schema.org
//! `BlogPosting` for a post, `WebPage` for a page outside sections — built here as data
//! with serde_json from the page and what its Markdown stage found: each quoted
//! passage's source becomes a `citation`, so the quotes are machine-readable too. The
//! JSON-LD reaches templates as one string already safe inside `<script
//! type="application/ld+json">` ([`script_json`]). The Open Graph and Twitter/X tags are
//! written by the theme from `page`'s fields.
//!
//! A list (the home page, a section, a taxonomy's index, a term) gets the same as one
//! value, `sharing` ([`list_value`]): the image of the first post it lists that has one
//! of its own, and its JSON-LD, a `Blog` (the home page) with a `blogPost` per listed
//! post, or a `CollectionPage` with a `hasPart` per listed post. Nothing here reads HTML.

use serde_json::{Map, Value as Json, json};

use super::{RenderedPage, commentary, pages};
use crate::config::Config;
use crate::images::OUTPUT_DIR;
use crate::render::Value;
use crate::render::views::machine_date;

/// The image a page shows when shared (`og:image`), with what is known of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ShareImage {
    /// Absolute URL.
    pub(crate) url: String,
    /// Size in pixels, when known.
    pub(crate) size: Option<(u32, u32)>,
    /// Alt text, or empty.
    pub(crate) alt: String,
}

/// The image a page shows when shared: its front matter's `image` (a URL, or a path
/// resolved as the browser would from the page; its size and alt from the front
/// matter's table form, else from the same image in the body), else the first local
/// image of its body (its size as read, its alt text), else its sharing card (1200 ×
/// 630, the title as alt text).
pub(crate) fn image(config: &Config, rp: &RenderedPage) -> Option<ShareImage> {
    let p = &rp.page;
    if let Some(image) = &p.front.image {
        let url = if image.contains("://") || image.starts_with("//") {
            image.clone()
        } else if let Some(rest) = image.strip_prefix('/') {
            let rest = rest
                .strip_prefix(config.base_path().trim_start_matches('/'))
                .filter(|_| config.base_path() != "/")
                .unwrap_or(rest);
            config.permalink(rest)
        } else {
            // `../img/c.png` names the file itself, as the browser resolves it: a link
            // preview fetches the URL as written, and the same image in the body is
            // recognised by its path.
            let from_page = format!("{}{image}", p.folder());
            config.permalink(&crate::images::normalize(&from_page).unwrap_or(from_page))
        };
        // The same file shown in the body: what the image pass read of it.
        let in_body = rp.rendered.images.iter().find(|i| {
            i.facts
                .as_ref()
                .is_some_and(|f| config.permalink(&f.site_path) == url)
        });
        return Some(ShareImage {
            size: p.front.image_size.or_else(|| {
                in_body
                    .and_then(|i| i.facts.as_ref())
                    .map(|f| (f.width, f.height))
            }),
            alt: p
                .front
                .image_alt
                .clone()
                .or_else(|| in_body.map(|i| i.alt.clone()))
                .unwrap_or_default(),
            url,
        });
    }
    if let Some((img, facts)) = rp
        .rendered
        .images
        .iter()
        .find_map(|i| i.facts.as_ref().map(|f| (i, f)))
    {
        return Some(ShareImage {
            url: config.permalink(&facts.site_path),
            size: Some((facts.width, facts.height)),
            alt: img.alt.clone(),
        });
    }
    let card = pages::card(config, rp)?;
    Some(ShareImage {
        url: config.permalink(&format!("{OUTPUT_DIR}/{}", card.file_name(&p.slug))),
        size: Some((crate::images::card::WIDTH, crate::images::card::HEIGHT)),
        alt: p.title.clone(),
    })
}

/// The page's JSON-LD (schema.org), ready for a `<script type="application/ld+json">`:
/// a post is a `BlogPosting` with `headline`, `url`, `datePublished`, `dateModified`
/// (its last substantive update), `author`, `image`, `keywords` (its tags), `citation`
/// (each distinct source it quotes: `name` and `url`, or the attribution's name) and
/// `isPartOf` (the site, a `Blog`); a page outside sections is a `WebPage` with the same
/// fields where it has them.
pub(crate) fn json_ld(config: &Config, rp: &RenderedPage, image: Option<&ShareImage>) -> String {
    let p = &rp.page;
    let permalink = config.permalink(&p.path);
    let post = !p.section.is_empty();
    let mut ld = Map::new();
    ld.insert("@context".into(), json!("https://schema.org"));
    ld.insert(
        "@type".into(),
        json!(if post { "BlogPosting" } else { "WebPage" }),
    );
    ld.insert(
        (if post { "headline" } else { "name" }).into(),
        json!(p.title),
    );
    ld.insert("url".into(), json!(permalink));
    ld.insert("mainEntityOfPage".into(), json!(permalink));
    ld.insert("inLanguage".into(), json!(p.language(config).tag()));
    let description = pages::description(rp);
    if !description.is_empty() {
        ld.insert("description".into(), json!(description));
    }
    dates_and_authors(config, rp, &mut ld);
    if let Some(image) = image {
        let mut object = Map::new();
        object.insert("@type".into(), json!("ImageObject"));
        object.insert("url".into(), json!(image.url));
        if let Some((width, height)) = image.size {
            object.insert("width".into(), json!(width));
            object.insert("height".into(), json!(height));
        }
        if !image.alt.is_empty() {
            object.insert("caption".into(), json!(image.alt));
        }
        ld.insert("image".into(), Json::Object(object));
    }
    if !p.front.tags.is_empty() {
        ld.insert("keywords".into(), json!(p.front.tags));
    }
    let citations = citations(&permalink, rp);
    if !citations.is_empty() {
        ld.insert("citation".into(), Json::Array(citations));
    }
    ld.insert(
        "isPartOf".into(),
        json!({"@type": "Blog", "name": config.title, "url": config.base_url.as_str()}),
    );
    script_json(&Json::Object(ld))
}

/// A post's `datePublished`, `dateModified` (its last update, else its date) and
/// `author`s, as a `BlogPosting` gives them wherever it stands.
fn dates_and_authors(config: &Config, rp: &RenderedPage, ld: &mut Map<String, Json>) {
    if let Some(date) = &rp.page.date {
        ld.insert("datePublished".into(), json!(machine_date(date)));
        let modified = commentary::effective_updated(config, rp).unwrap_or_else(|| date.clone());
        ld.insert("dateModified".into(), json!(machine_date(&modified)));
    }
    let authors: Vec<Json> = pages::authors(config, rp)
        .iter()
        .map(|name| json!({"@type": "Person", "name": name}))
        .collect();
    if !authors.is_empty() {
        ld.insert("author".into(), Json::Array(authors));
    }
}

/// Each distinct source the page quotes, in order of first quote: a `CreativeWork`
/// with the lead-in link's text as `name` and its target, absolute, as `url`; a quote
/// with only an attribution gives the attribution as `name`.
fn citations(permalink: &str, rp: &RenderedPage) -> Vec<Json> {
    let page = url::Url::parse(permalink).ok();
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut out = Vec::new();
    for q in rp.rendered.quotes.iter().filter(|q| q.repeat_of.is_none()) {
        let (name, url) = match (&q.source, &q.attribution_text) {
            (Some(source), _) => {
                let url = page
                    .as_ref()
                    .and_then(|page| page.join(source.url.trim()).ok())
                    .map_or_else(|| source.url.clone(), String::from);
                (source.name.clone(), url)
            }
            (None, Some(attribution)) => (attribution.clone(), String::new()),
            (None, None) => continue,
        };
        if name.is_empty() && url.is_empty() || seen.contains(&(name.clone(), url.clone())) {
            continue;
        }
        seen.push((name.clone(), url.clone()));
        let mut work = Map::new();
        work.insert("@type".into(), json!("CreativeWork"));
        if !name.is_empty() {
            work.insert("name".into(), json!(name));
        }
        if !url.is_empty() {
            work.insert("url".into(), json!(url));
        }
        out.push(Json::Object(work));
    }
    out
}

/// What a list's JSON-LD says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListKind {
    /// The home page and its pages: the site, a `Blog`, its posts `blogPost`.
    Home,
    /// A section, a taxonomy's index or a term: a `CollectionPage`, its posts `hasPart`.
    Collection,
}

/// What a list says of itself when shared: its name, absolute URL and description
/// (empty: none).
pub(crate) struct ListFacts<'a> {
    /// What it is.
    pub kind: ListKind,
    /// Its name: the site's or section's title, the taxonomy's, the term's.
    pub name: &'a str,
    /// Its absolute URL (of this page of the list).
    pub url: &'a str,
    /// Its description, or empty.
    pub description: &'a str,
}

/// `sharing` in a list's template: `image`, `image_width`, `image_height` and
/// `image_alt` (the first of `posts` with an image of its own, from its front matter or
/// its body, not a generated card, which shows another title; empty strings and 0 when
/// none has one) and `json_ld` (see the module header), for the posts the page lists.
pub(crate) fn list_value(config: &Config, facts: &ListFacts<'_>, posts: &[&RenderedPage]) -> Value {
    let items: Vec<&(Json, Option<ShareImage>)> =
        posts.iter().map(|rp| list_item(config, rp)).collect();
    let image = items
        .iter()
        .find_map(|(_, image)| image.clone())
        .unwrap_or_default();
    let mut ld = Map::new();
    ld.insert("@context".into(), json!("https://schema.org"));
    let (kind, part) = match facts.kind {
        ListKind::Home => ("Blog", "blogPost"),
        ListKind::Collection => ("CollectionPage", "hasPart"),
    };
    ld.insert("@type".into(), json!(kind));
    ld.insert("name".into(), json!(facts.name));
    ld.insert("url".into(), json!(facts.url));
    ld.insert("inLanguage".into(), json!(config.language));
    if !facts.description.is_empty() {
        ld.insert("description".into(), json!(facts.description));
    }
    if !image.url.is_empty() {
        ld.insert("image".into(), json!(image.url));
    }
    if facts.kind == ListKind::Collection {
        ld.insert(
            "isPartOf".into(),
            json!({"@type": "Blog", "name": config.title, "url": config.base_url.as_str()}),
        );
    }
    // The items go last, into an empty array (`"hasPart":[]}` ends the text), each as
    // the text made once per post: the same text as the whole value's, without copying
    // and writing every item again for every list it is in (tag pages list a post each).
    ld.insert(part.into(), Json::Array(Vec::new()));
    let mut json_ld = script_json(&Json::Object(ld));
    if json_ld.ends_with("[]}") {
        json_ld.truncate(json_ld.len() - "]}".len());
        for (i, rp) in posts.iter().enumerate() {
            if i > 0 {
                json_ld.push(',');
            }
            json_ld.push_str(list_item_text(config, rp));
        }
        json_ld.push_str("]}");
    }
    let (width, height) = image.size.unwrap_or_default();
    Value::map([
        ("image", Value::of(&image.url)),
        ("image_width", Value::of(&width)),
        ("image_height", Value::of(&height)),
        ("image_alt", Value::of(&image.alt)),
        ("json_ld", Value::of(&json_ld)),
    ])
}

/// A post as an item of a list's JSON-LD, a `BlogPosting` with `headline`, `url`,
/// `datePublished` and `dateModified` (when dated), `author` and `image` (its own, not a
/// card: see [`list_value`]); and that image. Made once per post (kept in its memo).
pub(crate) fn list_item<'r>(
    config: &Config,
    rp: &'r RenderedPage,
) -> &'r (Json, Option<ShareImage>) {
    rp.memo.list_item.get_or_init(|| {
        let p = &rp.page;
        let own = p.front.image.is_some() || rp.rendered.images.iter().any(|i| i.facts.is_some());
        let image = own.then(|| image(config, rp)).flatten();
        let mut ld = Map::new();
        ld.insert("@type".into(), json!("BlogPosting"));
        ld.insert("headline".into(), json!(p.title));
        ld.insert("url".into(), json!(config.permalink(&p.path)));
        dates_and_authors(config, rp, &mut ld);
        if let Some(image) = &image {
            ld.insert("image".into(), json!(image.url));
        }
        (Json::Object(ld), image)
    })
}

/// [`list_item`]'s JSON as [`script_json`] writes it, made once per post (kept in its
/// memo).
fn list_item_text<'r>(config: &Config, rp: &'r RenderedPage) -> &'r str {
    rp.memo
        .list_item_text
        .get_or_init(|| script_json(&list_item(config, rp).0))
}

/// `value` as JSON text that can stand inside a `<script>` element: `<`, `>` and `&`
/// (only ever inside strings) are written as `\u003c`, `\u003e` and `\u0026`, so no
/// text of a post can close the element (`</script>`) or open a comment (`<!--`).
pub(crate) fn script_json(value: &Json) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_its_element_and_stays_the_same_json() {
        let value = json!({"headline": "</script><script>alert(1)</script> & <!-- x"});
        let text = script_json(&value);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        assert_eq!(serde_json::from_str::<Json>(&text).unwrap(), value);
    }
}
