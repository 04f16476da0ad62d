//! Pass 3: images — sizes, responsive versions, lazy loading, figures and alt text.
//!
//! Takes the event stream and, for each image (`Tag::Image` … its end), asks the
//! [`ImageLookup`] in [`Options::images`](super::Options::images) what it knows of the
//! target: for a local image it gives the file's width and height and the resized
//! versions (`srcset`) that the site makes. The pass writes the image itself as HTML
//! (pulldown-cmark's writer has no way to add attributes to `<img>`):
//!
//! - `width`/`height` from the file, so the page does not shift as images load;
//! - `loading="lazy" decoding="async"` on every image but the body's first (the one most
//!   likely in view when the page opens);
//! - `srcset`/`sizes`, and a `<picture>` with a WebP `<source>` when there is one;
//! - an image alone in its paragraph with a title becomes
//!   `<figure class="image">…<figcaption>title</figcaption></figure>` in place of the
//!   paragraph (when [`Options::figures`](super::Options::figures) is on).
//!
//! What it finds comes back as data: every image in [`Rendered::images`], each figure's
//! image and caption in `Rendered::figures` (a sidenote, which cannot hold a `figure`,
//! shows them as phrasing content; see `super::footnotes::sidenote`), and warnings in
//! [`Rendered::diagnostics`] for an image without alt text (a screen reader then has
//! nothing to say of a screenshot) and for a local image the lookup could not read.
//! Root-relative targets get the base path here, as pass 10 gives links theirs.

use std::sync::Arc;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Options, Rendered, Spanned, plain};
use crate::diagnostic::{Diagnostic, LineIndex};

/// What the site knows of one local image (see [`ImageLookup`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFacts {
    /// The image's path in the site, without the base path (`posts/trip/photo.png`).
    pub site_path: String,
    /// Width of the file in pixels.
    pub width: u32,
    /// Height of the file in pixels.
    pub height: u32,
    /// Versions for `srcset`, one set per format; the last is the image's own format
    /// (written on the `<img>`), any before it become `<source>`s of a `<picture>`.
    /// Empty when the image is used as it is.
    pub sets: Vec<SrcSet>,
}

/// The versions of an image in one format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrcSet {
    /// The MIME type (`image/webp`).
    pub mime: String,
    /// (URL, width in pixels), narrowest first.
    pub candidates: Vec<(String, u32)>,
}

/// Answers for the images of one body: `None` when `url` (as the author wrote it) is not
/// a local image gloss sizes (a remote URL, an SVG, a file that is not there); `Some(Err)`
/// with a phrase when it is a local image that cannot be used (corrupt, too large).
pub trait ImageLookup: std::fmt::Debug + Send + Sync {
    /// What is known of the image at `url`.
    fn image(&self, url: &str) -> Option<Result<ImageFacts, String>>;
}

/// An image of the body, as the pass found it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Image {
    /// The target as written.
    pub url: String,
    /// The alt text (plain).
    pub alt: String,
    /// 1-based line in the body.
    pub line: usize,
    /// What the site knew of it, for a local image gloss read.
    #[serde(skip)]
    pub facts: Option<ImageFacts>,
}

/// A figure the pass wrote, by the source range its raw HTML event carries (the
/// image's).
#[derive(Debug, Clone)]
pub(crate) struct Figure {
    /// The range of the figure's event in the stream.
    pub(crate) at: std::ops::Range<usize>,
    /// The image as written inside the figure (`<img …>` or `<picture>…</picture>`).
    pub(crate) image: String,
    /// The caption's HTML (the title, escaped).
    pub(crate) caption: String,
}

/// Rewrites the images of `events` (see the module docs).
pub fn run<'a>(
    events: Vec<Spanned<'a>>,
    src: &str,
    options: &Options,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })))
    {
        return events;
    }
    let lines = LineIndex::new(src);
    let mut result: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut i = 0;
    let mut first = true;
    while i < events.len() {
        // A paragraph holding one titled image and nothing else becomes a figure.
        let figure = options.figures && sole_image_in_paragraph(&events, i);
        let at = if figure { i + 1 } else { i };
        let (
            Event::Start(Tag::Image {
                dest_url, title, ..
            }),
            range,
        ) = &events[at]
        else {
            result.push(events[i].clone());
            i += 1;
            continue;
        };
        if figure && title.is_empty() {
            result.push(events[i].clone());
            i += 1;
            continue;
        }
        let end = plain::block_end(&events, at);
        let alt = plain::text(&events[at + 1..end.saturating_sub(1)]);
        let (line, column) = lines.line_column(range.start);
        let facts = match options.images.as_ref().and_then(|l| l.image(dest_url)) {
            Some(Ok(facts)) => Some(facts),
            Some(Err(why)) => {
                out.diagnostics.push(
                    Diagnostic::warning("", format!("the image {dest_url} {why}; it is used as it is"))
                        .at(line, column)
                        .with_help("replace the file with a PNG or JPEG image that opens, or check images.max_pixels"),
                );
                None
            }
            None => None,
        };
        if alt.trim().is_empty() {
            out.diagnostics.push(
                Diagnostic::warning("", format!("the image {dest_url} has no alt text"))
                    .at(line, column)
                    .with_help("describe what it shows between the brackets: ![what it shows](…)"),
            );
        }
        let src_url = super::with_base_path(dest_url, &options.base_path)
            .unwrap_or_else(|| dest_url.to_string());
        let mut image = String::new();
        write_image(
            &mut image,
            &src_url,
            &alt,
            (!figure).then_some(&**title),
            facts.as_ref(),
            first,
            &options.image_sizes,
        );
        let html = if figure {
            let caption = crate::html::escape(title);
            let html = format!(
                "<figure class=\"image\">{image}<figcaption>{caption}</figcaption></figure>\n"
            );
            out.figures.push(Figure {
                at: range.clone(),
                image,
                caption,
            });
            html
        } else {
            image
        };
        out.images.push(Image {
            url: dest_url.to_string(),
            alt,
            line,
            facts,
        });
        first = false;
        let range = range.clone();
        if figure {
            result.push((plain::raw(html), range));
            i = end + 1; // past the paragraph's end
        } else {
            result.push((plain::raw_inline(html), range));
            i = end;
        }
    }
    result
}

/// Whether `lookup` gives each image of `rendered` what it gave when `rendered` was made
/// (the files are unchanged), asking about each again (which the site's catalog counts
/// as a use: `gloss serve` reuses renderings and still publishes their images).
pub fn unchanged(rendered: &Rendered, options: &Options) -> bool {
    rendered.images.iter().all(|image| {
        let now = options
            .images
            .as_ref()
            .and_then(|l| l.image(&image.url))
            .and_then(Result::ok);
        now == image.facts
    })
}

/// Whether `events[i]` opens a paragraph whose only content is one image.
fn sole_image_in_paragraph(events: &[Spanned], i: usize) -> bool {
    if !matches!(events[i].0, Event::Start(Tag::Paragraph)) {
        return false;
    }
    if !matches!(
        events.get(i + 1),
        Some((Event::Start(Tag::Image { .. }), _))
    ) {
        return false;
    }
    let end = plain::block_end(events, i + 1);
    matches!(events.get(end), Some((Event::End(TagEnd::Paragraph), _)))
}

/// Writes one `<img>` (in a `<picture>` when there are other formats).
fn write_image(
    html: &mut String,
    src: &str,
    alt: &str,
    title: Option<&str>,
    facts: Option<&ImageFacts>,
    first: bool,
    sizes: &str,
) {
    let sets = facts.map_or(&[][..], |f| &f.sets[..]);
    let srcset = |set: &SrcSet| {
        set.candidates
            .iter()
            .map(|(url, w)| {
                let url = crate::html::escape(&url.replace(' ', "%20").replace(',', "%2C"));
                format!("{} {w}w", super::urls::marked(&url))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let picture = sets.len() > 1;
    if picture {
        html.push_str("<picture>");
        for set in &sets[..sets.len() - 1] {
            html.push_str("<source type=\"");
            html.push_str(&crate::html::escape(&set.mime));
            html.push_str("\" srcset=\"");
            html.push_str(&srcset(set));
            html.push_str("\" sizes=\"");
            html.push_str(&crate::html::escape(sizes));
            html.push_str("\">");
        }
    }
    html.push_str("<img src=\"");
    let mut href = String::new();
    let _ = pulldown_cmark_escape::escape_href(&mut href, src);
    html.push_str(&super::urls::marked(&href));
    html.push_str("\" alt=\"");
    html.push_str(&crate::html::escape(alt));
    html.push('"');
    if let Some(title) = title.filter(|t| !t.is_empty()) {
        html.push_str(" title=\"");
        html.push_str(&crate::html::escape(title));
        html.push('"');
    }
    if let Some(f) = facts {
        html.push_str(&format!(" width=\"{}\" height=\"{}\"", f.width, f.height));
        if let Some(own) = sets.last().filter(|s| s.candidates.len() > 1 || picture) {
            html.push_str(" srcset=\"");
            html.push_str(&srcset(own));
            html.push_str("\" sizes=\"");
            html.push_str(&crate::html::escape(sizes));
            html.push('"');
        }
    }
    if !first {
        html.push_str(" loading=\"lazy\" decoding=\"async\"");
    }
    html.push('>');
    if picture {
        html.push_str("</picture>");
    }
}

/// A lookup that knows no image: every image is used as written.
#[derive(Debug)]
pub struct NoImages;

impl ImageLookup for NoImages {
    fn image(&self, _url: &str) -> Option<Result<ImageFacts, String>> {
        None
    }
}

/// A lookup from a fixed list, for tests.
#[derive(Debug, Default)]
pub struct FixedImages(pub Vec<(String, Result<ImageFacts, String>)>);

impl ImageLookup for FixedImages {
    fn image(&self, url: &str) -> Option<Result<ImageFacts, String>> {
        self.0
            .iter()
            .find(|(u, _)| u == url)
            .map(|(_, f)| f.clone())
    }
}

/// `lookup` as the value [`Options::images`](super::Options::images) holds.
pub fn shared(lookup: impl ImageLookup + 'static) -> Option<Arc<dyn ImageLookup>> {
    Some(Arc::new(lookup))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::render;

    fn facts() -> ImageFacts {
        ImageFacts {
            site_path: "posts/a/shot.png".into(),
            width: 1200,
            height: 800,
            sets: vec![
                SrcSet {
                    mime: "image/webp".into(),
                    candidates: vec![
                        ("/processed_images/shot-480.k.webp".into(), 480),
                        ("/processed_images/shot-1200.k.webp".into(), 1200),
                    ],
                },
                SrcSet {
                    mime: "image/png".into(),
                    candidates: vec![
                        ("/processed_images/shot-480.k.png".into(), 480),
                        ("shot.png".into(), 1200),
                    ],
                },
            ],
        }
    }

    fn options() -> Options {
        Options {
            images: shared(FixedImages(vec![
                ("shot.png".into(), Ok(facts())),
                ("bad.png".into(), Err("cannot be read (truncated)".into())),
            ])),
            ..Options::default()
        }
    }

    fn img_attrs(html: &str, n: usize) -> Vec<(String, String)> {
        let doc = scraper::Html::parse_fragment(html);
        let sel = scraper::Selector::parse("img").unwrap();
        let img = doc.select(&sel).nth(n).unwrap();
        img.value()
            .attrs()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn local_images_get_sizes_srcset_and_lazy_loading_after_the_first() {
        let r = render(
            "![One](shot.png)\n\nText ![Two](shot.png) more.\n",
            &options(),
        );
        let html = r.page_html();
        let first = img_attrs(&html, 0);
        let get = |a: &[(String, String)], k: &str| {
            a.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        };
        assert_eq!(get(&first, "width").as_deref(), Some("1200"));
        assert_eq!(get(&first, "height").as_deref(), Some("800"));
        assert_eq!(get(&first, "loading"), None);
        assert_eq!(
            get(&first, "srcset").as_deref(),
            Some("/processed_images/shot-480.k.png 480w, shot.png 1200w")
        );
        let second = img_attrs(&html, 1);
        assert_eq!(get(&second, "loading").as_deref(), Some("lazy"));
        assert_eq!(get(&second, "decoding").as_deref(), Some("async"));
        let doc = scraper::Html::parse_fragment(&html);
        let source = scraper::Selector::parse("picture > source[type=\"image/webp\"]").unwrap();
        assert_eq!(doc.select(&source).count(), 2);
        assert_eq!(r.images.len(), 2);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn a_titled_image_alone_in_its_paragraph_is_a_figure() {
        let r = render(
            "![Chart](shot.png \"Sales by year\")\n\nInline ![x](shot.png \"t\").\n",
            &options(),
        );
        let html = r.page_html();
        let doc = scraper::Html::parse_fragment(&html);
        let cap = scraper::Selector::parse("figure.image > figcaption").unwrap();
        let caps: Vec<String> = doc.select(&cap).map(|c| c.text().collect()).collect();
        assert_eq!(caps, ["Sales by year"]);
        let p_fig = scraper::Selector::parse("p figure").unwrap();
        assert_eq!(doc.select(&p_fig).count(), 0, "{html}");
        // The inline one keeps its title as an attribute.
        assert!(img_attrs(&html, 1).contains(&("title".into(), "t".into())));
        // Off: the paragraph stays.
        let off = Options {
            figures: false,
            ..options()
        };
        let html = render("![Chart](shot.png \"Sales\")\n", &off).page_html();
        assert!(html.starts_with("<p>"), "{html}");
    }

    #[test]
    fn missing_alt_text_and_unreadable_images_are_warnings_at_their_line() {
        let r = render(
            "Intro.\n\n![](remote.png)\n\n![Broken](bad.png)\n",
            &options(),
        );
        let messages: Vec<(Option<usize>, &str)> = r
            .diagnostics
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (Some(3), "the image remote.png has no alt text"),
                (
                    Some(5),
                    "the image bad.png cannot be read (truncated); it is used as it is"
                ),
            ]
        );
        // Used as written: no sizes.
        assert_eq!(
            img_attrs(&r.page_html(), 1)
                .iter()
                .filter(|(k, _)| k == "width")
                .count(),
            0
        );
    }

    #[test]
    fn images_without_a_lookup_keep_their_markup_plus_lazy_loading() {
        let r = render(
            "![a](x.png) ![b & \"c\"](/y.png)\n",
            &Options {
                base_path: "/blog/".into(),
                ..Options::default()
            },
        );
        insta::assert_snapshot!(r.page_html(), @r#"<p><img src="x.png" alt="a"> <img src="/blog/y.png" alt="b &amp; “c”" loading="lazy" decoding="async"></p>"#);
    }
}
