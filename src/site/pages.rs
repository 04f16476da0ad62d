//! Pages: the view of each page for templates, and one render job per page.
//!
//! Takes rendered pages and returns [`PageView`]s and [`PostSummary`]s (plain values);
//! also derives each page's description (front matter, else the first words of its
//! summary or text). Renders nothing itself.

use std::borrow::Cow;

use super::{RenderJob, RenderedPage, Site, commentary, id_prefix, output_path};
use crate::config::Config;
use crate::content::slug::term_slug;
use crate::render::Value;
use crate::render::views::{PageView, PostSummary, TermView, display_date, machine_date};

/// The longest derived description, in characters (search engines show about 155–160).
pub(crate) const DESCRIPTION_CHARS: usize = 160;

/// One job per page: `page.html`, or the template its front matter names. Its `page`
/// variable ([`value`]) is added when the job is rendered.
pub(crate) fn jobs(site: &Site) -> Vec<RenderJob> {
    site.rendered
        .iter()
        .enumerate()
        .map(|(i, rp)| {
            let template = rp.page.front.template.as_deref().unwrap_or("page.html");
            let mut job = site.job(
                output_path(&rp.page.path),
                template,
                Some(rp.page.source.clone()),
            );
            job.page = Some(i);
            job
        })
        .collect()
}

/// `page` in `page.html`: the post's list summary (made once, shared with the lists)
/// with the [`PageView`] fields added after it.
pub(crate) fn value(config: &Config, rp: &RenderedPage) -> Value {
    summary_value(config, rp).merged(Value::of(&page_view(config, rp)))
}

/// The page's [`summary_view`] as a template [`Value`], made once per page (kept in its memo)
/// and shared by every list and by its own page.
pub(crate) fn summary_value(config: &Config, rp: &RenderedPage) -> Value {
    rp.memo
        .summary
        .get_or_init(|| Value::of(&summary_view(config, rp)))
        .clone()
}

/// A tag as templates see it; `count` is the number of posts with it (0 where unknown).
pub(crate) fn term_view(config: &Config, name: &str, count: usize) -> TermView {
    let slug = term_slug(name);
    let path = format!("/tags/{slug}/");
    TermView {
        name: name.to_string(),
        url: config.url_path(&path),
        permalink: config.permalink(&path),
        slug,
        count,
    }
}

/// A page's authors: its front matter's, else the site author (none when neither is set).
pub(crate) fn authors(config: &Config, rp: &RenderedPage) -> Vec<String> {
    if rp.page.front.authors.is_empty() && !config.author.is_empty() {
        vec![config.author.clone()]
    } else {
        rp.page.front.authors.clone()
    }
}

/// A page as lists show it.
pub(crate) fn summary_view(config: &Config, rp: &RenderedPage) -> PostSummary {
    let p = &rp.page;
    let r = &rp.rendered;
    let updated = commentary::effective_updated(rp);
    let updated = updated.as_ref();
    let summary = r.embedded_summary(&id_prefix(p)).unwrap_or_default();
    PostSummary {
        title: p.title.clone(),
        title_html: crate::markdown::title::html(p.front.title.as_deref().unwrap_or(&p.title)),
        slug: p.slug.clone(),
        url: config.url_path(&p.path),
        permalink: config.permalink(&p.path),
        date: p.date.as_ref().map(machine_date).unwrap_or_default(),
        date_display: p.date.as_ref().map(display_date).unwrap_or_default(),
        updated: updated.map(machine_date).unwrap_or_default(),
        updated_display: updated.map(display_date).unwrap_or_default(),
        description: description(rp, &summary),
        summary,
        tags: p
            .front
            .tags
            .iter()
            .map(|t| term_view(config, t, 0))
            .collect(),
        authors: authors(config, rp),
        link: p.front.link.clone().unwrap_or_default(),
        quote_count: r.quotes.len(),
        quoted_words: r.quoted_words,
        own_words: r.own_words,
    }
}

/// What a page's own page shows beyond its summary, for `page.html`.
pub(crate) fn page_view<'a>(config: &Config, rp: &'a RenderedPage) -> PageView<'a> {
    let p = &rp.page;
    let r = &rp.rendered;
    let words = r.quoted_words + r.own_words;
    let history = commentary::history(rp);
    PageView {
        content: r.page_html(),
        section: &p.section,
        toc: &r.headings,
        quotes: &r.quotes,
        footnotes: &r.footnotes,
        extra: &p.front.extra,
        word_count: words,
        reading_time: words.div_ceil(200).max(1),
        updates: history
            .iter()
            .map(|e| commentary::update_view(e, &config.url_path(&p.path)))
            .collect(),
        latest_update: commentary::latest(history)
            .map(|e| commentary::update_view(e, &config.url_path(&p.path))),
    }
}

/// The page's description: front matter `description`, else the first words of its
/// summary, else of its text, cut at a word before [`DESCRIPTION_CHARS`].
fn description(rp: &RenderedPage, summary_html: &str) -> String {
    if let Some(d) = &rp.page.front.description {
        return d.trim().to_string();
    }
    let whole;
    let html = if summary_html.is_empty() {
        whole = rp.rendered.embedded_html(&id_prefix(&rp.page));
        &whole
    } else {
        summary_html
    };
    first_words(
        &plain_text_prefix(html, DESCRIPTION_CHARS + 1),
        DESCRIPTION_CHARS,
    )
}

/// The text of an HTML fragment, whitespace collapsed, without footnote references,
/// footnote lists, code blocks, scripts or styles, and with the common entities decoded.
#[cfg(test)]
pub(crate) fn plain_text(html: &str) -> String {
    plain_text_prefix(html, usize::MAX)
}

/// [`plain_text`] cut short once it holds at least `chars` characters: a prefix of the
/// whole text (its last word perhaps cut), so that [`first_words`] with a `max` below
/// `chars` gives what it gives on the whole text, without reading a long page to its end.
pub(crate) fn plain_text_prefix(html: &str, chars: usize) -> String {
    // Elements whose text says nothing about the page.
    const SKIP: &[&str] = &["sup", "pre", "script", "style", "svg", "template"];
    let mut out = String::with_capacity(html.len() / 2);
    // The element being skipped, and how deep inside elements of its name we are.
    let mut skipping: Option<(String, usize)> = None;
    let mut rest = html;
    // Counting the collapsed text is a pass over it: done when the raw text has doubled.
    let mut next_count = chars.min(usize::MAX / 2);
    while let Some(lt) = rest.find('<') {
        if skipping.is_none() {
            push_text(&mut out, &rest[..lt]);
            if out.len() >= next_count {
                let collapsed = out
                    .split_whitespace()
                    .map(|w| w.chars().count() + 1)
                    .sum::<usize>();
                if collapsed > chars {
                    return collapse(&out);
                }
                next_count = out.len() * 2;
            }
        }
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let self_closing = tag.ends_with('/');
        let raw = tag.trim_start_matches('/');
        let raw = &raw[..raw.bytes().take_while(u8::is_ascii_alphanumeric).count()];
        let name: Cow<str> = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(raw.to_ascii_lowercase())
        } else {
            Cow::Borrowed(raw)
        };
        if let Some((skip_name, depth)) = &mut skipping {
            if *name == **skip_name {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        skipping = None;
                    }
                } else if !self_closing {
                    *depth += 1;
                }
            }
            continue;
        }
        let skip = SKIP.contains(&&*name) || tag.contains("class=\"footnotes\"");
        if skip && !closing && !self_closing && !is_void(&name) {
            skipping = Some((name.into_owned(), 1));
        } else if is_block(&name) {
            out.push(' ');
        }
    }
    if skipping.is_none() {
        push_text(&mut out, rest);
    }
    collapse(&out)
}

/// Whitespace runs as one space, none at the ends.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "img" | "hr" | "input" | "meta" | "link" | "source" | "wbr" | "col" | "area"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "br"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "tr"
            | "td"
            | "th"
            | "aside"
            | "section"
            | "footer"
    )
}

fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let end = after.find(';').filter(|&i| i <= 10);
        let decoded = end.and_then(|i| decode_entity(&after[1..i]));
        match (end, decoded) {
            (Some(i), Some(c)) => {
                out.push(c);
                rest = &after[i + 1..];
            }
            _ => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
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

/// The first words of `text` that fit in `max` characters, with `…` when cut.
pub(crate) fn first_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let len = out.chars().count() + word.chars().count() + 1;
        if len > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        // One very long word: cut it.
        out = text.chars().take(max.saturating_sub(1)).collect();
    }
    let trimmed = out.trim_end_matches([',', ';', ':', '.', '—', '–', '-']);
    format!("{trimmed}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_skips_notes_and_code_and_decodes_entities() {
        let html = "<p>Tom &amp; Jerry<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup> said:</p>\n<pre><code>let x = 1;</code></pre><blockquote><p>Hi&#8217;s</p></blockquote><section class=\"footnotes\"><ol><li>Note</li></ol></section>";
        assert_eq!(plain_text(html), "Tom & Jerry said: Hi’s");
    }

    #[test]
    fn a_plain_text_prefix_gives_the_same_first_words() {
        let mut html = String::new();
        for i in 0..80 {
            html.push_str(&format!(
                "<p>Word{i} <em>spl</em>it &amp; <B>bold</B>ly<sup>{i}</sup></p>\n<pre><code>skip {i}</code></pre>\n"
            ));
        }
        for max in [1, 2, 5, 17, 40, 159, 160, 161, 300, 2000] {
            for cut in 0..html.len() {
                let Some(part) = html.get(..cut) else {
                    continue;
                };
                if cut % 53 != 0 {
                    continue;
                }
                assert_eq!(
                    first_words(&plain_text_prefix(part, max + 1), max),
                    first_words(&plain_text(part), max),
                    "max {max}, first {cut} bytes"
                );
            }
        }
    }

    #[test]
    fn first_words_cut_at_a_word() {
        assert_eq!(first_words("one two three", 40), "one two three");
        assert_eq!(first_words("one two, three four", 12), "one two…");
        assert_eq!(first_words("abcdefghij", 5), "abcd…");
    }
}
