//! URL marks: every `href` and `src` gloss writes carries [`URL_START`] … [`URL_END`]
//! around its value, so that one rendering serves the post's page, the lists and the feeds.
//!
//! The post's page writes the URL as it is (the marks are dropped); another page showing
//! part of the post (a summary in a list, a quoted passage on `/quotes/`, an update notice
//! on `/updates/`) writes a relative one root-relative from the post's permalink
//! ([`from_page`]: `pic.png` → `/posts/a/pic.png`); a feed entry writes it absolute, joined
//! with the post's permalink (`pic.png` → `https://example.org/posts/a/pic.png`, `#fn-1` →
//! `https://example.org/posts/a/#fn-1`), since feed readers resolve relative URLs against
//! the feed's own URL, or not at all. The parts of a post kept apart from its HTML (quotes,
//! notices, notes) are written with marks too ([`LinkContext::apart`]).
//! The marks are put in while the Markdown stage still knows what is a URL:
//!
//! - [`mark_raw_html`] — in the raw HTML the author wrote (`Event::Html`,
//!   `Event::InlineHtml`), before any pass adds HTML of its own: lol_html finds each
//!   `href` and `src` attribute value, and the marks go around it, the author's bytes
//!   otherwise untouched;
//! - [`write_links`] — links and images (`Tag::Link`, `Tag::Image`), written as HTML here
//!   rather than by pulldown-cmark's writer (which would percent-encode a mark), the same
//!   markup byte for byte; the passes write the links they make (footnote references and
//!   back-references, quote permalinks, sources and repeats) with [`marked`].
//!
//! [`absolute`] turns a marked value into the feed's form; [`super::resolve_marks`] calls
//! it. Code spans and code blocks are text: nothing in them is ever marked, so a code
//! sample showing `<img src="cat.png">` is written as it is everywhere.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::{ID_MARK, Spanned, URL_END, URL_START};

/// What [`write_links`] needs to know of the page beyond the links themselves.
pub(crate) struct LinkContext<'a> {
    /// The base URL's path (`/` or `/blog/`): root-relative targets get it in front.
    pub base_path: &'a str,
    /// Whether an id (percent-decoded) is one gloss generates (headings, quotes,
    /// footnotes, updates): the author's `#fragment` links to those get [`ID_MARK`], so
    /// that they follow the prefixed ids on pages showing several posts.
    pub generated: &'a dyn Fn(&str) -> bool,
}

impl<'a> LinkContext<'a> {
    /// For a copy of part of a post written apart from its page (a quoted passage for
    /// `/quotes/`, an update notice for `/updates/`, a note for a summary), a sidenote,
    /// and HTML that has no generated ids (a front matter note, CommonMark or GFM
    /// without gloss's passes): root-relative targets get `base_path` in front as on the
    /// page, ids get no marks.
    pub(crate) fn apart(base_path: &'a str) -> LinkContext<'a> {
        LinkContext {
            base_path,
            generated: &|_| false,
        }
    }
}

/// `value` (already escaped for an attribute) between URL marks.
pub(crate) fn marked(value: &str) -> String {
    format!("{URL_START}{value}{URL_END}")
}

/// Writes every link and image start as marked raw HTML, as pulldown-cmark would write
/// it otherwise: `<a href="…" title="…">` (`mailto:` for email autolinks) and `<img
/// src="…" alt="…" title="…" />`, the image's content folded into its `alt`.
pub(crate) fn write_links<'a>(events: Vec<Spanned<'a>>, context: &LinkContext) -> Vec<Spanned<'a>> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::Link { .. } | Tag::Image { .. })))
    {
        return events;
    }
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut events = events.into_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let mut tag = String::with_capacity(dest_url.len() + 24);
                tag.push_str("<a href=\"");
                push_target(&mut tag, &dest_url, link_type, context);
                push_title(&mut tag, &title);
                tag.push_str("\">");
                out.push((Event::InlineHtml(CowStr::from(tag)), range));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let mut tag = String::with_capacity(dest_url.len() + 32);
                tag.push_str("<img src=\"");
                push_target(&mut tag, &dest_url, link_type, context);
                tag.push_str("\" alt=\"");
                push_alt(&mut tag, &mut events);
                push_title(&mut tag, &title);
                tag.push_str("\" />");
                out.push((Event::InlineHtml(CowStr::from(tag)), range));
            }
            Event::End(TagEnd::Link) => out.push((Event::InlineHtml(CowStr::from("</a>")), range)),
            e => out.push((e, range)),
        }
    }
    out
}

/// The marked, escaped target of a link or image.
fn push_target(out: &mut String, url: &str, link_type: LinkType, context: &LinkContext) {
    out.push(URL_START);
    if link_type == LinkType::Email {
        out.push_str("mailto:");
        let _ = escape_href(&mut *out, url);
    } else if let Some(fragment) = url.strip_prefix('#')
        && (context.generated)(&percent_encoding::percent_decode_str(fragment).decode_utf8_lossy())
    {
        out.push('#');
        out.push(ID_MARK);
        let _ = escape_href(&mut *out, fragment);
    } else if let Some(prefixed) = with_base_path(url, context.base_path) {
        let _ = escape_href(&mut *out, &prefixed);
    } else {
        let _ = escape_href(&mut *out, url);
    }
    out.push(URL_END);
}

fn push_title(out: &mut String, title: &str) {
    if !title.is_empty() {
        out.push_str("\" title=\"");
        let _ = escape_html(&mut *out, title);
    }
}

/// An image's content as its `alt` text, up to and with its end (pulldown-cmark's rule:
/// text and code as text, breaks as spaces, tags dropped).
fn push_alt<'a>(out: &mut String, events: &mut impl Iterator<Item = Spanned<'a>>) {
    let mut nest = 0usize;
    for (event, _) in events.by_ref() {
        match event {
            Event::Start(_) => nest += 1,
            Event::End(_) => {
                if nest == 0 {
                    break;
                }
                nest -= 1;
            }
            Event::Html(_) => {}
            Event::InlineHtml(text) | Event::Code(text) | Event::Text(text) => {
                let _ = escape_html(&mut *out, &text);
            }
            Event::InlineMath(text) => {
                out.push('$');
                let _ = escape_html(&mut *out, &text);
                out.push('$');
            }
            Event::DisplayMath(text) => {
                out.push_str("$$");
                let _ = escape_html(&mut *out, &text);
                out.push_str("$$");
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => out.push(' '),
            Event::FootnoteReference(name) => {
                out.push('[');
                let _ = escape_html(&mut *out, &name);
                out.push(']');
            }
            Event::TaskListMarker(true) => out.push_str("[x]"),
            Event::TaskListMarker(false) => out.push_str("[ ]"),
        }
    }
}

/// `url` with `base_path` in front when `url` is root-relative (one leading `/`) and
/// does not hold the sub-path already (as links written for a sub-path site do).
pub(crate) fn with_base_path(url: &str, base_path: &str) -> Option<String> {
    let rest = url.strip_prefix('/')?;
    if rest.starts_with('/') || base_path == "/" || url.starts_with(base_path) {
        return None;
    }
    Some(format!("{}/{rest}", base_path.trim_end_matches('/')))
}

/// `url`, a link target the author wrote, as an absolute URL: as written when it has a
/// scheme (`https:`, `mailto:`), else with `base_path` in front when root-relative
/// ([`with_base_path`]) and joined with `page`, the permalink of the page it is written
/// on. `None` when `page` is empty or is no URL, or when they do not join.
pub(crate) fn absolute_target(url: &str, base_path: &str, page: &str) -> Option<String> {
    if has_scheme(url.trim()) {
        return Some(url.to_string());
    }
    let page = url::Url::parse(page).ok()?;
    let target = with_base_path(url, base_path);
    let joined = page.join(target.as_deref().unwrap_or(url).trim()).ok()?;
    Some(joined.into())
}

/// Puts URL marks around every `href` and `src` value in the author's raw HTML.
///
/// Runs on the events as parsed (after the shortcodes pass), when every raw HTML event is
/// the author's. The lines of one HTML block are read together, so that a tag written
/// over several lines is found whole; each inline HTML event is one tag or comment.
pub(crate) fn mark_raw_html<'a>(events: Vec<Spanned<'a>>) -> Vec<Spanned<'a>> {
    let raw_with_urls = |e: &Event| match e {
        Event::Html(h) | Event::InlineHtml(h) => may_hold_url(h),
        _ => false,
    };
    if !events.iter().any(|(e, _)| raw_with_urls(e)) {
        return events;
    }
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut block: Option<(String, Range<usize>)> = None;
    for (event, range) in events {
        match event {
            Event::Html(h) => match &mut block {
                Some((text, r)) => {
                    text.push_str(&h);
                    r.end = r.end.max(range.end);
                }
                None => block = Some((h.to_string(), range)),
            },
            Event::InlineHtml(h) if may_hold_url(&h) => {
                out.push((Event::InlineHtml(CowStr::from(mark_urls(&h))), range));
            }
            other => {
                if let Some((text, r)) = block.take() {
                    out.push((Event::Html(CowStr::from(marked_or_same(text))), r));
                }
                out.push((other, range));
            }
        }
    }
    if let Some((text, r)) = block.take() {
        out.push((Event::Html(CowStr::from(marked_or_same(text))), r));
    }
    out
}

fn marked_or_same(text: String) -> String {
    if may_hold_url(&text) {
        mark_urls(&text)
    } else {
        text
    }
}

/// Whether raw HTML may hold an `href` or `src` attribute (any case): most raw HTML
/// (comments, `<br>`, `<kbd>`) does not, and is left without running the rewriter.
fn may_hold_url(html: &str) -> bool {
    let bytes = html.as_bytes();
    memchr::memchr_iter(b'=', bytes).any(|eq| {
        let before = bytes[..eq].trim_ascii_end();
        let name_end = before.len();
        let ends_with = |name: &[u8]| {
            name_end >= name.len() && before[name_end - name.len()..].eq_ignore_ascii_case(name)
        };
        ends_with(b"href") || ends_with(b"src")
    })
}

/// `html` with URL marks around the value of every `href` and `src` attribute that
/// lol_html finds in it (values without quotes too). The rest is left byte for byte.
pub(crate) fn mark_urls(html: &str) -> String {
    let mut values: Vec<Range<usize>> = Vec::new();
    {
        let handler = lol_html::element!("[href], [src]", |el| {
            for attr in el.attributes() {
                let name = attr.name();
                if (name == "href" || name == "src")
                    && let Some(at) = attr.value_source_location()
                {
                    values.push(at.bytes());
                }
            }
            Ok(())
        });
        let settings = lol_html::Settings::new().append_element_content_handler(handler);
        let mut rewriter = lol_html::HtmlRewriter::new(settings, |_: &[u8]| {});
        // The rewriter fails only on limits a post's HTML cannot reach (memory), and
        // then leaves the values it found so far marked, the rest as written.
        if rewriter.write(html.as_bytes()).is_ok() {
            let _ = rewriter.end();
        }
    }
    values.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(html.len() + 6 * values.len());
    let mut from = 0;
    for value in values {
        if value.start < from || value.end > html.len() || !html.is_char_boundary(value.start) {
            continue;
        }
        out.push_str(&html[from..value.start]);
        out.push(URL_START);
        out.push_str(&html[value.clone()]);
        out.push(URL_END);
        from = value.end;
    }
    out.push_str(&html[from..]);
    out
}

/// The `href` of a raw `<a href="…">` start tag (one inline HTML event, its URL already
/// marked by [`mark_raw_html`] or not), marks dropped and character references decoded:
/// what the author wrote as the link's target. `None` for any other HTML.
pub(crate) fn anchor_href(tag: &str) -> Option<String> {
    let opens_anchor = tag.len() > 2
        && tag.as_bytes()[..2].eq_ignore_ascii_case(b"<a")
        && tag.as_bytes()[2].is_ascii_whitespace();
    if !opens_anchor {
        return None;
    }
    let mut href = None;
    {
        let handler = lol_html::element!("a[href]", |el| {
            href = el.get_attribute("href");
            Ok(())
        });
        let settings = lol_html::Settings::new().append_element_content_handler(handler);
        let mut rewriter = lol_html::HtmlRewriter::new(settings, |_: &[u8]| {});
        if rewriter.write(tag.as_bytes()).is_ok() {
            let _ = rewriter.end();
        }
    }
    href.map(|h| unescape(&h.replace([URL_START, URL_END], "")).into_owned())
}

/// The feed form of a marked URL (the text between the marks, as written in the
/// attribute): joined with `page`, the post's permalink, and escaped again; an id mark in
/// it is dropped, since the link now leads to the post's own page, whose ids have no
/// prefix. A URL with a scheme (`https:`, `mailto:`) is left as written.
pub(crate) fn absolute(value: &str, page: &url::Url, out: &mut String) {
    let value: std::borrow::Cow<str> = if value.contains(ID_MARK) {
        value.replace(ID_MARK, "").into()
    } else {
        value.into()
    };
    let decoded = unescape(&value);
    if has_scheme(decoded.trim()) {
        out.push_str(&value);
        return;
    }
    match page.join(decoded.trim()) {
        Ok(url) => {
            let _ = escape_html(&mut *out, url.as_str());
        }
        Err(_) => out.push_str(&value),
    }
}

/// The list form of a marked URL: a relative one joined with `page` (the post's
/// permalink) and written from its path on (`/posts/a/pic.png`) when it stays on
/// `page`'s site, so that it works on any page of the site and under any host the site
/// is previewed at; anything else as [`absolute`] writes it.
pub(crate) fn from_page(value: &str, page: &url::Url, out: &mut String) {
    let decoded = unescape(value);
    if has_scheme(decoded.trim()) {
        out.push_str(value);
        return;
    }
    let mut joined = String::new();
    absolute(value, page, &mut joined);
    let origin = &page[..url::Position::BeforePath];
    match joined.strip_prefix(origin) {
        Some(path) if path.starts_with('/') => out.push_str(path),
        _ => out.push_str(&joined),
    }
}

/// Whether a URL starts with a scheme (`https:`, `mailto:`, `data:`).
pub(crate) fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// An attribute value with its character references decoded (the named ones an
/// attribute holding a URL has in practice, and every numeric one).
pub(crate) fn unescape(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.contains('&') {
        return value.into();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&i| i <= 10);
        let decoded = end.and_then(|i| decode_reference(&after[..i]));
        match (end, decoded) {
            (Some(i), Some(c)) => {
                out.push(c);
                rest = &after[i + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.into()
}

fn decode_reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> url::Url {
        url::Url::parse("https://example.org/blog/posts/a/").unwrap()
    }

    fn feed_form(value: &str) -> String {
        let mut out = String::new();
        absolute(value, &page(), &mut out);
        out
    }

    #[test]
    fn absolute_resolves_each_kind_of_url() {
        assert_eq!(feed_form("/blog/x/"), "https://example.org/blog/x/");
        assert_eq!(
            feed_form("//cdn.example.net/f.js"),
            "https://cdn.example.net/f.js"
        );
        assert_eq!(
            feed_form("pic.png"),
            "https://example.org/blog/posts/a/pic.png"
        );
        assert_eq!(
            feed_form("./b.png"),
            "https://example.org/blog/posts/a/b.png"
        );
        assert_eq!(feed_form("https://o.example/"), "https://o.example/");
        assert_eq!(feed_form("mailto:me@example.org"), "mailto:me@example.org");
        assert_eq!(
            feed_form(&format!("#{ID_MARK}fn-1")),
            "https://example.org/blog/posts/a/#fn-1"
        );
        assert_eq!(
            feed_form("#%C3%BCberschrift"),
            "https://example.org/blog/posts/a/#%C3%BCberschrift"
        );
        assert_eq!(
            feed_form("?a=1&amp;b=2"),
            "https://example.org/blog/posts/a/?a=1&amp;b=2"
        );
        assert_eq!(feed_form(""), "https://example.org/blog/posts/a/");
    }

    #[test]
    fn a_target_is_made_absolute_against_the_page() {
        let page = "https://example.org/blog/posts/a/";
        let target = |url: &str| absolute_target(url, "/blog/", page);
        assert_eq!(
            target("../../press/").as_deref(),
            Some("https://example.org/blog/press/")
        );
        assert_eq!(
            target("/press/").as_deref(),
            Some("https://example.org/blog/press/")
        );
        assert_eq!(
            target("/blog/press/").as_deref(),
            Some("https://example.org/blog/press/")
        );
        assert_eq!(
            target("notes.html").as_deref(),
            Some("https://example.org/blog/posts/a/notes.html")
        );
        assert_eq!(
            target("HTTPS://Other.example/a b").as_deref(),
            Some("HTTPS://Other.example/a b")
        );
        assert_eq!(absolute_target("../press/", "/", ""), None);
    }

    #[test]
    fn raw_html_values_are_marked_in_place() {
        let html = "<p><A HREF='x.html' title=\"src=no\">x</A> <img\n  src=pic.png alt=\"a\"> <span data-src=\"/no\">n</span></p>";
        let marked = mark_urls(html);
        assert_eq!(
            marked,
            format!(
                "<p><A HREF='{URL_START}x.html{URL_END}' title=\"src=no\">x</A> <img\n  src={URL_START}pic.png{URL_END} alt=\"a\"> <span data-src=\"/no\">n</span></p>"
            )
        );
        assert_eq!(marked.replace([URL_START, URL_END], ""), html);
    }

    #[test]
    fn raw_html_without_urls_is_not_rewritten() {
        assert!(!may_hold_url("<br> <kbd>Ctrl</kbd> <!-- more -->"));
        assert!(may_hold_url("<a Href = \"x\">"));
        assert!(may_hold_url("<img src=x>"));
    }

    #[test]
    fn html_blocks_are_marked_whole() {
        let src = "<div>\n<a\nhref=\"x/\">x</a>\n</div>\n\n`<img src=\"cat.png\">`\n";
        let events: Vec<Spanned> = pulldown_cmark::Parser::new(src)
            .into_offset_iter()
            .collect();
        let marked = mark_raw_html(events);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, marked.into_iter().map(|(e, _)| e));
        assert!(
            html.contains(&format!("href=\"{URL_START}x/{URL_END}\"")),
            "{html}"
        );
        assert!(
            html.contains("<code>&lt;img src=\"cat.png\"&gt;</code>"),
            "{html}"
        );
    }

    #[test]
    fn links_are_written_as_pulldown_cmark_writes_them() {
        for src in [
            "[a](x.html \"T&\") ![i *b* `c`\nd](p.png \"t\") <me@example.org> <https://e.org/?a&b>\n",
            "[![img](i.png)](/x/) [e]() [s](<a b>)\n",
        ] {
            let events: Vec<Spanned> = pulldown_cmark::Parser::new(src)
                .into_offset_iter()
                .collect();
            let mut expected = String::new();
            pulldown_cmark::html::push_html(&mut expected, events.iter().map(|(e, _)| e.clone()));
            let written = write_links(events, &LinkContext::apart("/"));
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, written.into_iter().map(|(e, _)| e));
            assert_eq!(html.replace([URL_START, URL_END], ""), expected);
        }
    }
}
